-- A punch sent back to review after it was recorded (a late offline capture before it, POST /attendance/punch) keeps
-- its photo under review-snapshots/ (kept FACEPASS_REVIEW_MAX_DAYS beyond retention): the server copies it there
-- after the commit. snapshot_moving_key is the other end of such a move while it is under way: the copy's key until
-- the row points at the copy, then the old key until that object is deleted. Retention and erasure delete it with
-- snapshot_key; the daily cleanup finishes a move S3 interrupted. Nullable, no default: no row is touched.
ALTER TABLE attendance_log ADD COLUMN snapshot_moving_key text;
