-- When an admin last re-paired a device (a new pairing code; the token it held stopped working). The photo bucket's
-- ledger records each re-pairing with this time (facepass.ledger), written after the commit: if that write fails, the
-- daily cleanup writes it from this column, so a database restore cannot let the replaced token work again.
-- NULL: never re-paired since this column came.
ALTER TABLE devices ADD COLUMN repaired_at timestamptz;
