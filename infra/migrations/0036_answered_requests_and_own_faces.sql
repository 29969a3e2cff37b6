-- Two records kept whole: answered correction requests (below) and faces put on one's own record (at the end).

-- An answered correction request (self-service, migration 0033) is the audit of an employee's complaint and of HR's
-- answer: as durable as the attendance audit. Migration 0033's trigger refused its UPDATE; a DELETE removed it. Now
-- a DELETE of an answered request is refused too, except the two deletions FacePass makes with its person:
--   - deleting the person (DELETE FROM employees): the foreign key's cascade, which runs once their row is gone;
--   - their erasure (retention.erase_employee), through erase_correction_requests(person) below, only for a person
--     already marked erased and only for their own requests (the transaction's setting facepass.correction_erasure_of
--     names them: a pointer, not a credential, the rest is checked), as the attendance audit's erasure does
--     (migration 0012).
-- An open request still goes as before (nothing has been answered in it). TRUNCATE is refused while any answered
-- request exists.
CREATE OR REPLACE FUNCTION correction_requests_resolved_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    erasure_of uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.resolved_at IS NULL THEN
            RETURN OLD;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM employees WHERE id = OLD.employee_id) THEN
            RETURN OLD;  -- the cascade of deleting the person: their row is already gone
        END IF;
        erasure_of := nullif(current_setting('facepass.correction_erasure_of', true), '')::uuid;
        IF erasure_of = OLD.employee_id
           AND EXISTS (SELECT 1 FROM employees WHERE id = OLD.employee_id AND erased_at IS NOT NULL) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'correction request % is resolved: it is kept (deleted only with its person)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION 'correction request % is resolved: it does not change', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER correction_requests_resolved_once ON correction_requests;
CREATE TRIGGER correction_requests_resolved_once BEFORE UPDATE OR DELETE ON correction_requests
    FOR EACH ROW EXECUTE FUNCTION correction_requests_resolved_once();

CREATE FUNCTION correction_requests_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM correction_requests WHERE resolved_at IS NOT NULL) THEN
        RAISE EXCEPTION 'correction_requests holds resolved requests: TRUNCATE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER correction_requests_no_truncate BEFORE TRUNCATE ON correction_requests
    FOR EACH STATEMENT EXECUTE FUNCTION correction_requests_no_truncate();

-- The erasure's one way in: every correction request of the person, once they are marked erased (else the trigger
-- refuses the answered ones). SECURITY DEFINER: a deployment may revoke DELETE on correction_requests from the
-- functions' role and grant EXECUTE on this; search_path pinned to the migration's.
CREATE FUNCTION erase_correction_requests(person uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    deleted integer;
BEGIN
    PERFORM set_config('facepass.correction_erasure_of', person::text, true);
    DELETE FROM correction_requests WHERE employee_id = person;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('facepass.correction_erasure_of', '', true);
    RETURN deleted;
END;
$$;

-- A face put on the actor's own employee record, allowed by FACEPASS_ALLOW_SELF_REVIEW (separation.py), is said in the
-- record enrollment keeps of it, as a review decision's or a manual punch's audit row says `self_review`: the upload
-- ticket (POST /employees/{id}/photos, the enroll-with-photo form) and the employee_audit rows written with it (a
-- held photo confirmed: field `face`; the record created with the caller's own email and a photo; a change of the
-- caller's own record): the acts the own-record rule refuses without the setting. The constant default adds the columns
-- without touching the rows (employee_audit's append-only trigger fires on no row).
ALTER TABLE employee_audit ADD COLUMN self_review boolean NOT NULL DEFAULT false;
ALTER TABLE enrollments ADD COLUMN self_review boolean NOT NULL DEFAULT false;

-- The guards of kept records read their tables through a pinned search_path, the migration's schema with pg_temp
-- last: unlisted, a session's temporary schema is searched first for tables, so a temporary table named `employees`
-- (any role may create one) stood in for the real one and let a DELETE, a TRUNCATE or an erasure function through
-- for a person not erased. (EXECUTE on the erasure functions stays PUBLIC's, as PostgreSQL gives it: a deployment
-- whose functions' role does not own the tables runs the erasure through them; they act only for a person marked
-- erased, which takes UPDATE on employees.)
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION attendance_audit_append_only() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION erase_attendance_audit_biometrics(uuid) SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION correction_requests_resolved_once() SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION correction_requests_no_truncate() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION erase_correction_requests(uuid) SET search_path = %I, pg_temp', current_schema());
END $$;
