-- Employee self-service (README, Self-service): an employee's request that HR correct a day of their hours
-- (POST /me/corrections), optionally naming one of their punches. HR resolves it with a note
-- (POST /attendance/corrections/{id}/resolve): who, when and the note are written once, on the row, and never
-- change after (the trigger below); the request is the audit of itself. An erasure deletes the person's requests
-- (retention.erase_employee); a deactivated person's stay for HR. A person deleted takes theirs with them.
CREATE TABLE correction_requests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id   uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day           date NOT NULL,
    attendance_id bigint REFERENCES attendance_log (id) ON DELETE SET NULL,
    note          text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
    requested_by  text NOT NULL CHECK (char_length(requested_by) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    resolved_by   text CHECK (char_length(resolved_by) BETWEEN 1 AND 200),
    resolution_note text CHECK (char_length(resolution_note) BETWEEN 1 AND 1000),
    -- Resolved by the requester themselves (FACEPASS_ALLOW_SELF_REVIEW; separation.py): said, as an audit row says it.
    self_review   boolean NOT NULL DEFAULT false,
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL) AND (resolved_at IS NULL) = (resolution_note IS NULL))
);
-- The open requests, oldest first (HR's list), and a person's per day (the cap on open ones).
CREATE INDEX correction_requests_open_idx ON correction_requests (created_at, id) WHERE resolved_at IS NULL;
CREATE INDEX correction_requests_employee_idx ON correction_requests (employee_id, day);

-- A resolved request is final: its answer is what the employee was told.
CREATE FUNCTION correction_requests_resolved_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION 'correction request % is resolved: it does not change', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER correction_requests_resolved_once BEFORE UPDATE ON correction_requests
    FOR EACH ROW EXECUTE FUNCTION correction_requests_resolved_once();
