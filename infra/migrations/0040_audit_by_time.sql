-- GET /attendance/audit (README, "Changes to attendance"): every event's changes made within a period, for an
-- auditor ("who changed what in November, and why?"). It reads attendance_audit by created_at, oldest first by id:
-- this index finds a period's rows without reading the trail from its first row. The table is append-only and small
-- next to attendance_log (a row per human decision or flag): the build's lock on it is short.
CREATE INDEX attendance_audit_created_idx ON attendance_audit (created_at, id);
