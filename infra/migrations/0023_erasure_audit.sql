-- An erasure is its own entry in the person's History: employee_audit field 'biometrics' (before null, after 'erased'),
-- beside the deactivation it also makes (is_active). Decisions on held photos are 'face' rows (0020's field). The
-- CHECK is written again with every field kept, NOT VALID, as 0021 does.
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced',
                    'biometrics')) NOT VALID;
