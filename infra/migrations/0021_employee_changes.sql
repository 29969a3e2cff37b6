-- employee_audit keeps every change HR makes to a person's record, not only the time zone: the name, the email, the
-- department and is_active (deactivation, reactivation, an erasure's deactivation, the cleanup's replay of the
-- ledger), one row per field changed, written by the statement that changes it (repository.update_employee), and
-- the values a person is created with (before: null). Nothing biometric is a field here. The CHECK is dropped and
-- added again with every field kept, NOT VALID: the rows already there hold 'timezone' or 'face' (0020) only, no scan (migrations that
-- add a field write the whole list again the same way).
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active')) NOT VALID;

-- A zone the daily cleanup sets again from the ledger after a database restore holds from when it was set, not from
-- the replay: the replay names that time in the transaction's facepass.zone_valid_from (set_config, local to it),
-- which the history trigger takes instead of now(). Nothing else sets it.
CREATE OR REPLACE FUNCTION employee_time_zone_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (NEW.id, '-infinity', NEW.timezone);
    ELSIF NEW.timezone IS DISTINCT FROM OLD.timezone THEN
        INSERT INTO employee_time_zones (employee_id, valid_from, zone)
        VALUES (NEW.id, coalesce(nullif(current_setting('facepass.zone_valid_from', true), '')::timestamptz, now()),
                NEW.timezone);
    END IF;
    RETURN NULL;
END;
$$;
