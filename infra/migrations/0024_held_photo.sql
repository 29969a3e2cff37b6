-- A held photo (needs_confirmation) keeps a small face crop in the photo bucket for HR to look at while it waits:
-- held/<employee_id>/<ticket_id>.jpg, named here. Only while held: every step that settles the ticket clears the key
-- (and deletes the object after its commit; the daily cleanup deletes any held/ object no held ticket names).
-- Null for a hold made before this migration or without an upload (no photo kept). NOT VALID: the column is new
-- (every row passes), and enforced for every write from now on without a scan of every ticket ever made.
ALTER TABLE enrollments
    ADD COLUMN held_photo_key text,
    ADD CONSTRAINT enrollments_held_photo_only_when_waiting
        CHECK (held_photo_key IS NULL OR status = 'needs_confirmation') NOT VALID;
