-- The withdrawal of a person's biometric consent while they stay employed (DELETE /employees/{id}/biometric-consent):
-- the erasure's biometric part without its deactivation (retention.erase_employee, keep_active). When it was made
-- (consent_withdrawn_at: the API shows it while no consent has been recorded since) and when it finished
-- (withdrawal_finished_at: null or older while one stopped half-way by S3 waits for its rerun or the daily cleanup).
-- Columns of their own, not erased_at / erasure_finished_at: those mean a leaver's erasure, whose ledger replay
-- deactivates and which decides whether a change of is_active was the person's own (repository.activity_unrecorded).
ALTER TABLE employees
    ADD COLUMN consent_withdrawn_at timestamptz,
    ADD COLUMN withdrawal_finished_at timestamptz;

-- The audit trail's one exception (migration 0012): the scores of a face stripped from the rows about a person whose
-- biometric data is erased. A withdrawal erases it as the erasure does (the person kept active): allowed for a person
-- marked withdrawn too; everything else as 0012 wrote it.
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
           AND EXISTS (SELECT 1 FROM employees WHERE id = person
                                                 AND (erased_at IS NOT NULL OR consent_withdrawn_at IS NOT NULL))
           AND attendance_audit_is_about(OLD, person) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'attendance_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
