-- A timesheet's watermark (repository.report_watermark, read for every page of GET /attendance/timesheet) counts the
-- employee_audit rows that can move a person in the sheet's order or in or out of its list: renames and creations
-- (full_name), (de)activations (is_active), and for a scoped reviewer department changes. The table's one index is
-- by person (employee_id, id), so the count read every row of the trail, the fields it never counts (face, absence,
-- email, timezone, consent, ...) too. This partial index holds those three fields' rows only, by field and time:
-- each branch of the count's OR is a range of it (a BitmapOr, generic plans too), the other fields never read.
CREATE INDEX employee_audit_watermark_idx ON employee_audit (field, created_at)
    WHERE field IN ('full_name', 'is_active', 'department');
