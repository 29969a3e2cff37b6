-- Who chose an attendance event's direction (entry or exit), so HR can see why a punch is an entry: kiosk (the
-- kiosk's check-in or check-out), auto (the server decided it for the person it recognized: POST /attendance/punch,
-- from the shifts the reports count) or hr (a punch HR added by hand).
-- The constant default adds the column without touching the rows; the check is NOT VALID so that adding it does not
-- scan the whole table under the ALTER's exclusive lock (as 0012's revision check): every row has 'kiosk' or 'hr'.
ALTER TABLE attendance_log ADD COLUMN direction_source text NOT NULL DEFAULT 'kiosk';
ALTER TABLE attendance_log ADD CONSTRAINT attendance_log_direction_source_check
    CHECK (direction_source IN ('kiosk', 'auto', 'hr')) NOT VALID;
UPDATE attendance_log SET direction_source = 'hr' WHERE entered_by IS NOT NULL;
