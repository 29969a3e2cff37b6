-- Paid absences (README, "Absences"): a day a person was on vacation, sick, on a public holiday or away for another
-- paid reason, with its minutes, so a 0 h day of the timesheet says why. Not worked time: the timesheet shows them
-- beside worked_minutes (absence_minutes) and counts them in neither the worked minutes nor the weekly overtime.
-- One row per person, day and kind; `day` is a calendar date of the person's own days (as the timesheet's). Deleting
-- the person's row deletes them (an erasure keeps them: payroll figures, not biometric).
CREATE TABLE absences (
    id          bigserial PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day         date NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('vacation', 'sick', 'holiday', 'other')),
    minutes     integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    note        text CHECK (char_length(note) BETWEEN 1 AND 1000),
    created_by  text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employee_id, day, kind)
);
-- A period's absences (GET /attendance/absences, the timesheet) by day; one person's by the UNIQUE index.
CREATE INDEX absences_day_idx ON absences (day, employee_id);

-- Every absence added or deleted is an entry of the person's History (employee_audit, field 'absence': before null and
-- after `2026-11-03 vacation 480` for one added, the other way round for one deleted), written in the transaction
-- that makes the change. The table is append-only and has no foreign key: the entry outlives the absence and the
-- person. The CHECK is written again with every field kept, NOT VALID, as 0021, 0026 and 0030 do (no scan; the
-- previous release never writes this field).
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced',
                    'biometrics', 'biometric_consent', 'employee_number', 'absence')) NOT VALID;
