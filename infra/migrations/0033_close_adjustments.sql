-- What each close pays or claws back (payroll.py): for every day a close signs again that an earlier close had
-- signed with its minutes kept (a day reopened, fixed and closed again), per person whose figure moved, the
-- previous signature (the latest earlier close covering the day: its row, or 0 without one) and the new one. The
-- delta (signed_now - signed_before) is what this close pays on top of the earlier closes (negative: claws back).
-- A day signed for the first time is no adjustment. Derived from pay_period_close_minutes as the close writes its
-- own rows (the same transaction, under the lock row), kept so the history answers without recomputing it; a
-- person deleted takes theirs with them (the history's totals stay as written). The history row of a close carries
-- the totals (NULL: a reopen, or a close made before this was kept). Additive: the previous release never reads
-- these; a close it makes leaves them NULL.
CREATE TABLE pay_period_close_adjustments (
    close_id bigint NOT NULL REFERENCES pay_period_lock_history (id),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day date NOT NULL,
    signed_before integer NOT NULL CHECK (signed_before >= 0),
    signed_now integer NOT NULL CHECK (signed_now >= 0),
    PRIMARY KEY (close_id, employee_id, day),
    CHECK (signed_before <> signed_now)
);

ALTER TABLE pay_period_lock_history
    ADD COLUMN people_adjusted integer CHECK (people_adjusted >= 0),
    ADD COLUMN minutes_adjusted bigint,
    ADD COLUMN minutes_added bigint CHECK (minutes_added >= 0),
    ADD COLUMN minutes_clawed_back bigint CHECK (minutes_clawed_back >= 0);
