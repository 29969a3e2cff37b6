-- People erased before the erasure scrubbed the face's scores (before 0012) kept them on their punches, on punches
-- it matched and in the audit trail. Their erasure is marked unfinished, so the daily cleanup's ledger replay runs it
-- again with today's scrubs (it deletes nothing else: their faces, photos and snapshots went the first time). Only
-- people still erased: one reactivated since (active, or enrolled again) is left alone, as the replay leaves them.
UPDATE employees e SET erasure_finished_at = NULL
 WHERE e.erased_at IS NOT NULL AND e.erasure_finished_at IS NOT NULL AND NOT e.is_active
   AND NOT EXISTS (SELECT 1 FROM face_embeddings f WHERE f.employee_id = e.id);
