-- HR adds a punch the kiosk did not take (a forgotten check-out, a broken kiosk): the row says who entered it
-- (entered_by, NULL for every kiosk event), counts as reviewed and confirmed by them, and the audit trail gets an
-- 'add' entry with the reason they gave.
ALTER TABLE attendance_log ADD COLUMN entered_by text CHECK (char_length(entered_by) BETWEEN 1 AND 200);
ALTER TABLE attendance_audit DROP CONSTRAINT attendance_audit_action_check;
ALTER TABLE attendance_audit ADD CONSTRAINT attendance_audit_action_check
    CHECK (action IN ('confirm', 'reassign', 'reject', 'add'));
