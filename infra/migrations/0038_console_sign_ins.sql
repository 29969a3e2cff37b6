-- Console users' last sign-ins (README Roles, Reviewers scoped to departments; Privacy): GET /me, which the console
-- calls at start, records the caller's user name (lower-cased, as reviewer_departments keys it: the token's
-- `username`, else `sub`), the console roles the token held and when, at most once an hour per user (or when the
-- roles change). The Access page then tells a scoped name nobody signed in with (a typo) and lists the reviewers
-- without departments (they see everyone). Nothing else about the user; the daily cleanup removes a user unseen for
-- 400 days (facepass.console_users.SIGN_IN_RETENTION_DAYS).
CREATE TABLE console_sign_ins (
    username     text PRIMARY KEY CHECK (char_length(username) BETWEEN 1 AND 128 AND username = lower(username)),
    roles        text[] NOT NULL CHECK (roles <@ ARRAY['admin', 'reviewer', 'payroll', 'employee']::text[]),
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX console_sign_ins_last_seen_idx ON console_sign_ins (last_seen_at);
