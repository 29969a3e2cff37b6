-- Work schedules v1 (README "Work schedules"): named weekly schedules, one per employee or none. The daily report
-- measures each person's day against theirs (late_minutes, left_early_minutes, no_show); FacePass never changes
-- worked time because of one. A day whose ends_at is before its starts_at ends the next day (a night shift
-- 22:00-06:00), so a shift is at most 23 h 59 min; equal times are refused.
CREATE TABLE work_schedules (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    late_grace_minutes integer NOT NULL DEFAULT 5 CHECK (late_grace_minutes BETWEEN 0 AND 120),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text
);
-- A name once, in any case (409 schedule_exists).
CREATE UNIQUE INDEX work_schedules_name_unique ON work_schedules (lower(name));

CREATE TABLE work_schedule_days (
    schedule_id bigint NOT NULL REFERENCES work_schedules (id) ON DELETE CASCADE,
    weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- ISO: 1 = Monday
    starts_at time NOT NULL,
    ends_at time NOT NULL,
    CHECK (starts_at <> ends_at),
    PRIMARY KEY (schedule_id, weekday)
);

-- A schedule in use is not deleted (409 schedule_in_use): RESTRICT backs the check.
ALTER TABLE employees ADD COLUMN schedule_id bigint REFERENCES work_schedules (id) ON DELETE RESTRICT;
CREATE INDEX employees_schedule_idx ON employees (schedule_id) WHERE schedule_id IS NOT NULL;

-- A change of a person's schedule is audited (field `schedule`, before and after the schedule's name at the time).
-- The CHECK is written again with every field kept, NOT VALID, as 0021, 0026, 0030 and 0041 do (no scan; the
-- previous release never writes this field).
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced',
                    'biometrics', 'biometric_consent', 'employee_number', 'absence', 'schedule')) NOT VALID;
