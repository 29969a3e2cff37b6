-- An erasure finds the punches the face matched to the person (their snapshots go, the match is forgotten on
-- other people's): by this index, not a scan of the whole log.
CREATE INDEX attendance_log_matched_idx ON attendance_log (matched_employee_id) WHERE matched_employee_id IS NOT NULL;
