-- Who put a face on a record. An enrolled face is a credential (whoever's face is on a record punches as its person),
-- and the upload ticket recorded no actor: HR could not answer "who enrolled this face here, and when". Every path
-- that makes a ticket now names its requester (the API's upload ticket and the enroll-with-photo form: the token's
-- actor, as every audit row names it), and a face stored from a ticket writes one employee_audit row (field 'face',
-- before null, after the new face's id, actor the requester: enrollment.py). Null for the tickets made before this
-- migration (the audit row then names a fixed "unknown requester" actor). A name, never biometric data: an erasure
-- deletes the ticket with the rest, and keeps the audit row as it keeps every other face row.
ALTER TABLE enrollments ADD COLUMN requested_by text CHECK (char_length(requested_by) BETWEEN 1 AND 200);
