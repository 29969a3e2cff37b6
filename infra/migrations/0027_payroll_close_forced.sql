-- A close over undecided days (payroll.py): a close whose newly closed days still hold punches awaiting review or
-- shifts missing a punch is refused (409 period_undecided) unless the request says force; the history keeps what was
-- undecided at that moment and whether the close went through over it. NULL counts: a reopen, or a close made before
-- this was kept. Adding columns leaves the rows as they were (the append-only triggers are row triggers on UPDATE).
ALTER TABLE pay_period_lock_history
    ADD COLUMN forced boolean NOT NULL DEFAULT false,
    ADD COLUMN pending_reviews integer CHECK (pending_reviews >= 0),
    ADD COLUMN days_without_exit integer CHECK (days_without_exit >= 0),
    ADD COLUMN days_without_entry integer CHECK (days_without_entry >= 0);
