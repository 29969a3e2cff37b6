-- An event's revision: how many decisions have changed it (reviews, a rejection by a replacing manual punch). The
-- API returns it with every event and takes it back as a review's `expected_revision`: a decision made from an
-- older revision is refused (409 review_stale), also when the review state's name did not change (two admins
-- reassigning the same event to different people).
ALTER TABLE attendance_log ADD COLUMN revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0);
