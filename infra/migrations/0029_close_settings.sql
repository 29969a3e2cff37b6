-- The settings a close was computed with (payroll.py, close_settings.py): the reports place days and pair shifts with
-- the running FACEPASS_REPORT_TIMEZONE (people without a zone of their own), FACEPASS_MAX_SHIFT_HOURS and
-- FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS, so a change of one after a close would move closed, paid days' figures.
-- Each close records them on the lock row (kept by a partial reopen: the days still closed were closed with them;
-- cleared by a reopen of everything) and on its history row (NULL on a reopen's). A close is refused while the running
-- values differ (409 close_settings_changed) and so is a deploy (the SchemaMigration custom resource). NULL: nothing
-- closed, or closed before this was kept (no check until the next close records them). Additive: the previous
-- release reads the lock and its history by column name and never writes these.
ALTER TABLE pay_period_lock
    ADD COLUMN report_timezone text CHECK (length(report_timezone) BETWEEN 1 AND 100),
    ADD COLUMN max_shift_hours integer CHECK (max_shift_hours > 0),
    ADD COLUMN repeat_window_seconds integer CHECK (repeat_window_seconds >= 0);
ALTER TABLE pay_period_lock_history
    ADD COLUMN report_timezone text CHECK (length(report_timezone) BETWEEN 1 AND 100),
    ADD COLUMN max_shift_hours integer CHECK (max_shift_hours > 0),
    ADD COLUMN repeat_window_seconds integer CHECK (repeat_window_seconds >= 0);
