-- A reactivation HR forced past the duplicate check (PATCH/PUT with force=true while one of the person's faces
-- matched another active person) is audited as such: field 'reactivation_forced', `after` how many people it
-- matched (never who, never a score), beside the is_active row of the same change. The whole list again, NOT VALID (as 0021).
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced'))
    NOT VALID;
