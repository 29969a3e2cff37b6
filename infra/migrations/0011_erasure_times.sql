-- When a person was erased, and when that erasure finished (its S3 deletions and scrubs done). The daily cleanup
-- compares them with the ledger of erasures kept outside the database (facepass.ledger): a database restored from a
-- backup older than an erasure, or an erasure stopped half-way, is erased again; a person reactivated and enrolled
-- again after a finished erasure is left alone (their data is not "undone").
ALTER TABLE employees ADD COLUMN erased_at timestamptz, ADD COLUMN erasure_finished_at timestamptz;
