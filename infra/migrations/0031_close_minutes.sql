-- The minutes a close signed (payroll.py): per person and newly closed day, the worked minutes (and of them the
-- manual minutes, HR-typed) the timesheet counted as the close read them, so that after a reopen, a fix and a close
-- again the timesheet shows whose paid minutes moved (signed_minutes, changed_since_signed). Only days with time
-- are kept (a day without a row, of a close that kept its minutes, was signed 0). Keyed by the close's history row;
-- a person deleted: their rows go with them (erasure and withdrawal keep them: payroll figures, not biometric).
-- The history row of a close says how many people and minutes it signed (people_signed, minutes_signed; NULL: a
-- reopen, or a close made before this was kept). Additive: the previous release reads the history by column name
-- and never writes these; a close it makes keeps no minutes (NULL totals, read as "not kept").
CREATE TABLE pay_period_close_minutes (
    close_id bigint NOT NULL REFERENCES pay_period_lock_history (id),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day date NOT NULL,
    worked_minutes integer NOT NULL CHECK (worked_minutes >= 0),
    manual_minutes integer NOT NULL DEFAULT 0 CHECK (manual_minutes >= 0 AND manual_minutes <= worked_minutes),
    PRIMARY KEY (close_id, employee_id, day)
);
-- The timesheet reads a page of people over a period: by person and day.
CREATE INDEX pay_period_close_minutes_person_idx ON pay_period_close_minutes (employee_id, day);

ALTER TABLE pay_period_lock_history
    ADD COLUMN people_signed integer CHECK (people_signed >= 0),
    ADD COLUMN minutes_signed bigint CHECK (minutes_signed >= 0);
