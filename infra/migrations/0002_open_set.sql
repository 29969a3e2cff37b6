-- Open-set identification (issue 13): a suspected duplicate person at enrollment waits for an
-- admin's confirmation instead of being refused. Its embedding waits in the ticket (biometric data:
-- erasure deletes the ticket, cleanup clears it when the confirmation expires).
ALTER TABLE enrollments DROP CONSTRAINT enrollments_status_check;
ALTER TABLE enrollments ADD CONSTRAINT enrollments_status_check
    CHECK (status IN ('pending', 'processing', 'completed', 'rejected', 'needs_confirmation'));
ALTER TABLE enrollments
    ADD COLUMN pending_model_id  text,
    ADD COLUMN pending_embedding vector,
    ADD COLUMN pending_quality   jsonb,
    ADD CONSTRAINT enrollments_pending_only_when_waiting
        CHECK (pending_embedding IS NULL OR status = 'needs_confirmation');
CREATE INDEX enrollments_waiting_idx ON enrollments (processed_at) WHERE status = 'needs_confirmation';
