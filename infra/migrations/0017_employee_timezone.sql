-- A person's own time zone (an IANA name; NULL: the report zone, FACEPASS_REPORT_TIMEZONE): the one they have now.
ALTER TABLE employees ADD COLUMN timezone text CHECK (char_length(timezone) BETWEEN 1 AND 64);

-- The zones a person has had, each from the moment it was set (the one given at creation: from -infinity, every
-- day before the record too). The reports place an event on the day it falls in in the zone in force at its instant,
-- so a change never moves a day already paid. Written by the trigger below on every insert and every change of
-- employees.timezone, whatever writes it; the rows are never changed. No biometric data (an erasure leaves them).
CREATE TABLE employee_time_zones (
    employee_id  uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    valid_from   timestamptz NOT NULL,
    zone         text,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (employee_id, valid_from, id)
);
INSERT INTO employee_time_zones (employee_id, valid_from, zone) SELECT id, '-infinity', NULL FROM employees;

CREATE FUNCTION employee_time_zone_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (NEW.id, '-infinity', NEW.timezone);
    ELSIF NEW.timezone IS DISTINCT FROM OLD.timezone THEN
        INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (NEW.id, now(), NEW.timezone);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER employee_time_zone_history AFTER INSERT OR UPDATE OF timezone ON employees
    FOR EACH ROW EXECUTE FUNCTION employee_time_zone_history();

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
