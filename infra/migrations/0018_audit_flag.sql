-- The server sends a counted event back to review (POST /attendance/punch: a punch captured offline before it, sent
-- later, may change its entry or exit): the audit trail gets a 'flag' entry, its actor
-- 'FacePass (automatic)' (a space: no user name or token subject can be it).
ALTER TABLE attendance_audit DROP CONSTRAINT attendance_audit_action_check;
ALTER TABLE attendance_audit ADD CONSTRAINT attendance_audit_action_check
    CHECK (action IN ('confirm', 'reassign', 'reject', 'add', 'flag')) NOT VALID;  -- every row holds the old values: no scan
