-- A bulk add's absences (POST /attendance/absences/bulk, README "Absences") carry the add's id, one per request, so
-- the whole add can be undone (DELETE /attendance/absences/batches/{batch_id}: a company's holiday recorded on the
-- wrong day is thousands of rows). NULL for an absence added singly or as one person's range. Existing rows keep
-- NULL (no rewrite: a nullable column without a default). The index serves the undo (its rows by batch) and stays
-- small: single adds are not in it.
ALTER TABLE absences ADD COLUMN batch_id uuid;
CREATE INDEX absences_batch_idx ON absences (batch_id) WHERE batch_id IS NOT NULL;
