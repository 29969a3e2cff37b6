-- What each close pays or claws back (payroll.py): for every day a close signs again that an earlier close had
-- signed with its minutes kept (a day reopened, fixed and closed again), per person whose figure moved, the
-- previous signature (the latest earlier close covering the day: its row, or 0 without one) and the new one. The
-- delta (signed_now - signed_before) is what this close pays on top of the earlier closes (negative: claws back).
-- A day signed for the first time is no adjustment. Derived from pay_period_close_minutes as the close writes its
-- own rows (one INSERT ... SELECT in the same transaction, under the lock row), kept so the history answers without
-- recomputing them; a person deleted takes theirs with them. The history is append-only, so its row of a close only
-- says they were kept (adjustments_kept; false: a reopen, or a close made before this, or by the previous release,
-- which never writes it); the history's totals are summed from these rows as it is read.
CREATE TABLE pay_period_close_adjustments (
    close_id bigint NOT NULL REFERENCES pay_period_lock_history (id),
    employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day date NOT NULL,
    signed_before integer NOT NULL CHECK (signed_before >= 0),
    signed_now integer NOT NULL CHECK (signed_now >= 0),
    PRIMARY KEY (close_id, employee_id, day),
    CHECK (signed_before <> signed_now)
);

ALTER TABLE pay_period_lock_history ADD COLUMN adjustments_kept boolean NOT NULL DEFAULT false;
