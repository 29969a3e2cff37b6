-- HR removes one enrolled face (DELETE /employees/{id}/faces/{face_id}: a misfiled photo, somebody else's face on
-- the record): audited in employee_audit as field 'face', `before` the face's id, `after` null (who and when as for
-- the time zone; never a vector or a score). Only the field check changes; NOT VALID: every row holds the old values,
-- so nothing needs scanning under the ALTER's lock.
ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face')) NOT VALID;
