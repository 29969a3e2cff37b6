-- Two corrections to 0012's erasure of the audit trail's scores.
--
-- 1. An audit row is about the person when its snapshots name them, or its event is theirs, was matched to them, or
--    had them as its BEST candidate: an audit snapshot's similarity is the event's, which is the best candidate's
--    (the score of the face against theirs). A lower candidate's score is not in the audit; 0012 counted any
--    candidate, so erasing the runner-up stripped the matched person's score from the trail HR justifies decisions
--    about them with, while the event kept it. The same rule as the events' own scrub (forget_scores_beside_candidate).
--    The erasure's function now uses this one definition instead of a copy of it.
CREATE OR REPLACE FUNCTION attendance_audit_is_about(entry attendance_audit, person uuid) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT entry.before->>'employee_id' = person::text OR entry.after->>'employee_id' = person::text
        OR EXISTS (SELECT 1 FROM attendance_log a
                    WHERE a.id = entry.attendance_id
                      AND (a.employee_id = person OR a.matched_employee_id = person
                           OR a.review_detail->'candidates'->0->>'employee_id' = person::text))
$$;

CREATE OR REPLACE FUNCTION erase_attendance_audit_biometrics(person uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    changed integer;
BEGIN
    PERFORM set_config('facepass.audit_erasure_of', person::text, true);
    UPDATE attendance_audit entry
       SET before = entry.before - attendance_audit_biometric_keys(),
           after = entry.after - attendance_audit_biometric_keys()
     WHERE (entry.before ?| attendance_audit_biometric_keys() OR entry.after ?| attendance_audit_biometric_keys())
       AND attendance_audit_is_about(entry, person);
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('facepass.audit_erasure_of', '', true);
    RETURN changed;
END;
$$;

-- 2. People erased before 0012 kept the face's scores on their punches, on punches it matched and in the audit
--    trail. Their erasure is marked unfinished, so the daily cleanup's ledger replay runs it again with today's
--    scrubs (it deletes nothing else: their faces, photos and snapshots went the first time). Only people still
--    erased: one reactivated since (active, or enrolled again) is left alone, as the replay leaves them.
UPDATE employees e SET erasure_finished_at = NULL
 WHERE e.erased_at IS NOT NULL AND e.erasure_finished_at IS NOT NULL AND NOT e.is_active
   AND NOT EXISTS (SELECT 1 FROM face_embeddings f WHERE f.employee_id = e.id);
