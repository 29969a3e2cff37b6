-- The pay-period lock: the company's one closed-through date (payroll.py). An attendance event whose day (in its
-- person's zone at its instant, as the timesheet counts it) is on or before closed_through is in the closed period:
-- no change reaches it until HR reopens. One row, always there (a change reads it FOR SHARE, a close updates it FOR
-- UPDATE: they serialise); closed_through NULL: nothing closed.
CREATE TABLE pay_period_lock (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    closed_through date,
    changed_at timestamptz,
    changed_by text,
    note text CHECK (length(note) <= 1000)
);
INSERT INTO pay_period_lock (id, closed_through) VALUES (true, NULL);

-- Every close and reopen: who, when, from which date to which, and why. Append-only, as attendance_audit.
CREATE TABLE pay_period_lock_history (
    id bigserial PRIMARY KEY,
    action text NOT NULL CHECK (action IN ('close', 'reopen')),
    closed_through date,
    previous date,
    actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 300),
    note text CHECK (length(note) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pay_period_lock_history_newest_idx ON pay_period_lock_history (id DESC);

CREATE FUNCTION pay_period_lock_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pay_period_lock_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER pay_period_lock_history_no_update BEFORE UPDATE OR DELETE ON pay_period_lock_history
    FOR EACH ROW EXECUTE FUNCTION pay_period_lock_history_append_only();
CREATE TRIGGER pay_period_lock_history_no_truncate BEFORE TRUNCATE ON pay_period_lock_history
    FOR EACH STATEMENT EXECUTE FUNCTION pay_period_lock_history_append_only();
