-- A person's own time zone (an IANA name; NULL: the report zone, FACEPASS_REPORT_TIMEZONE). The reports compute their
-- days, shifts and totals in it, always in the zone the row holds now (a change re-reads past days too).
ALTER TABLE employees ADD COLUMN timezone text CHECK (char_length(timezone) BETWEEN 1 AND 64);

-- Changes of an employee's details that change what payroll reads (today: the time zone): who, when, the value
-- before and after. Append-only, like attendance_audit; no biometric data, and no foreign key: the trail outlives
-- anything.
CREATE TABLE employee_audit (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id  uuid NOT NULL,
    field        text NOT NULL CHECK (field IN ('timezone')),
    actor        text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    before       text,
    after        text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employee_audit_employee_idx ON employee_audit (employee_id, id);

CREATE FUNCTION employee_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'employee_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER employee_audit_no_update BEFORE UPDATE OR DELETE ON employee_audit
    FOR EACH ROW EXECUTE FUNCTION employee_audit_append_only();
CREATE TRIGGER employee_audit_no_truncate BEFORE TRUNCATE ON employee_audit
    FOR EACH STATEMENT EXECUTE FUNCTION employee_audit_append_only();
