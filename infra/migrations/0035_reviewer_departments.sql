-- Reviewers scoped to departments (README, Roles): the departments a console user (by user name, lower-cased: the
-- token's `username`, else `sub`, as the audit trail names them) reviews. A user with rows here who holds neither
-- the admin nor the payroll role sees and decides only the punches, people and requests of employees whose
-- department is one of theirs (as employees.department is stored); a user without rows is unscoped. An admin sets
-- them (PUT /reviewer-departments/{username}); every change is kept in reviewer_departments_audit, append-only.
CREATE TABLE reviewer_departments (
    username   text NOT NULL CHECK (char_length(username) BETWEEN 1 AND 128 AND username = lower(username)),
    department text NOT NULL CHECK (char_length(department) BETWEEN 1 AND 100),
    PRIMARY KEY (username, department)
);

-- Who set a user's departments, when, from what to what (sorted arrays; {} for none). Never changed.
CREATE TABLE reviewer_departments_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text NOT NULL CHECK (char_length(username) BETWEEN 1 AND 128),
    actor      text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 300),
    before     text[] NOT NULL,
    after      text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviewer_departments_audit_user_idx ON reviewer_departments_audit (username, id DESC);

CREATE FUNCTION reviewer_departments_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reviewer_departments_audit is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER reviewer_departments_audit_no_update BEFORE UPDATE OR DELETE ON reviewer_departments_audit
    FOR EACH ROW EXECUTE FUNCTION reviewer_departments_audit_append_only();
CREATE TRIGGER reviewer_departments_audit_no_truncate BEFORE TRUNCATE ON reviewer_departments_audit
    FOR EACH STATEMENT EXECUTE FUNCTION reviewer_departments_audit_append_only();
