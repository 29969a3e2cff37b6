-- Whom the face matched when the event was taken: the subject of `status` and `similarity`. A reassignment moves
-- the punch (employee_id) to the person HR names, and the face's evidence stays with whom it was about: before,
-- a reassigned event showed the first person's similarity under the second, as if the face had matched them.
ALTER TABLE attendance_log ADD COLUMN matched_employee_id uuid REFERENCES employees (id) ON DELETE SET NULL;

-- Events already taken: the person before the first reassignment, if any (null for an unknown face), else the
-- event's person. A punch HR entered by hand matched no face.
UPDATE attendance_log a
   SET matched_employee_id = CASE
           WHEN EXISTS (SELECT 1 FROM attendance_audit au WHERE au.attendance_id = a.id AND au.action = 'reassign')
           THEN (SELECT (au.before ->> 'employee_id')::uuid FROM attendance_audit au
                  WHERE au.attendance_id = a.id AND au.action = 'reassign' ORDER BY au.id LIMIT 1)
           ELSE a.employee_id END
 WHERE a.entered_by IS NULL;
