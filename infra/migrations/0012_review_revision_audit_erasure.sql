-- An event's revision: how many decisions have changed it (reviews, a rejection by a replacing manual punch). The
-- API returns it with every event and takes it back as a review's `expected_revision`: a decision made from an
-- older revision is refused (409 review_stale), also when the review state's name did not change (two admins
-- reassigning the same event to different people).
-- The constant default adds the column without touching the rows; the check is NOT VALID so that adding it does not
-- scan the whole table under the ALTER's exclusive lock (check-ins would wait out the scan during the deploy). Every
-- row has 0, and the check holds for every write from now on.
ALTER TABLE attendance_log ADD COLUMN revision integer NOT NULL DEFAULT 0;
ALTER TABLE attendance_log ADD CONSTRAINT attendance_log_revision_check CHECK (revision >= 0) NOT VALID;

-- Erasure and the append-only audit trail. Its before/after snapshots keep scores of the face in the photo
-- (similarity, liveness_score): biometric-derived data of the person. Erasure strips them from the rows about the
-- person and keeps the rest (who, what, when, the ids, states, reasons, notes). The trigger allows exactly that
-- UPDATE and nothing else: every column as it was, but before and after without these keys; only for a person
-- already erased, named by the transaction's setting facepass.audit_erasure_of (a pointer, not a credential: the
-- rest is checked), and only on a row about them. DELETE and TRUNCATE stay refused.

-- The keys of a before/after snapshot that hold scores of a face (some are not audited today: stripped all the same).
CREATE FUNCTION attendance_audit_biometric_keys() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['similarity', 'liveness_score', 'margin', 'replay_similarity', 'candidates', 'inactive_candidates',
                 'review_detail', 'liveness']
$$;

-- An audit row is about the person when its snapshots name them, or its event is theirs, was matched to them, or
-- had them as its BEST candidate: an audit snapshot's similarity is the event's, which is the best candidate's (the
-- score of the face against theirs). A lower candidate's score is not in the audit: erasing them must not strip the
-- matched person's score, which the event keeps. The same rule as the events' own scrub
-- (forget_scores_beside_candidate).
CREATE FUNCTION attendance_audit_is_about(entry attendance_audit, person uuid) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT entry.before->>'employee_id' = person::text OR entry.after->>'employee_id' = person::text
        OR EXISTS (SELECT 1 FROM attendance_log a
                    WHERE a.id = entry.attendance_id
                      AND (a.employee_id = person OR a.matched_employee_id = person
                           OR a.review_detail->'candidates'->0->>'employee_id' = person::text))
$$;

CREATE OR REPLACE FUNCTION attendance_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    person uuid;
    stripped attendance_audit%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        person := nullif(current_setting('facepass.audit_erasure_of', true), '')::uuid;
        stripped := OLD;
        stripped.before := OLD.before - attendance_audit_biometric_keys();
        stripped.after := OLD.after - attendance_audit_biometric_keys();
        IF person IS NOT NULL AND NEW IS NOT DISTINCT FROM stripped
           AND EXISTS (SELECT 1 FROM employees WHERE id = person AND erased_at IS NOT NULL)
           AND attendance_audit_is_about(OLD, person) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'attendance_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The erasure's one way in: the scores out of every audit row about the person, once they are marked erased (else
-- the trigger refuses). SECURITY DEFINER: a deployment may revoke UPDATE on attendance_audit from the functions'
-- role and grant EXECUTE on this; search_path pinned to the migration's.
CREATE FUNCTION erase_attendance_audit_biometrics(person uuid) RETURNS integer
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
