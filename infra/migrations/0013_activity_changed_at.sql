-- When an admin last changed a person's is_active (deactivated or reactivated them). The photo bucket's ledger records
-- each such change with its time (facepass.ledger): after a database restore the daily cleanup sets again the state
-- of every person whose recorded change is later than this (a deactivated person restored as active could check in).
-- NULL: never changed since this column came (older changes are not in the ledger either).
ALTER TABLE employees ADD COLUMN activity_changed_at timestamptz;
