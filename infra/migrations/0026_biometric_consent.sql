-- A person's biometric consent (Illinois BIPA's written release, GDPR Art. 9's explicit consent): when HR recorded
-- that the employee received the biometric notice and agreed, who recorded it (the actor, as employee_audit names
-- it) and an optional reference to the signed form. Null: none recorded, and with FACEPASS_BIOMETRIC_CONSENT=required
-- (the default) no photo of theirs is enrolled. Recording it again keeps the first; the erasure (a withdrawal) clears
-- it (repository.mark_erased). Each recording and each clearing is an employee_audit row, field 'biometric_consent'.
ALTER TABLE employees
    ADD COLUMN consent_recorded_at timestamptz,
    ADD COLUMN consent_recorded_by text,
    ADD COLUMN consent_reference text,
    ADD CONSTRAINT employees_consent_whole
        CHECK ((consent_recorded_at IS NULL) = (consent_recorded_by IS NULL)
               AND (consent_reference IS NULL OR consent_recorded_at IS NOT NULL)) NOT VALID;

-- The CHECK is written again with every field kept, NOT VALID, as 0021 and 0023 do.
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced',
                    'biometrics', 'biometric_consent')) NOT VALID;
