-- Presence assurance: liveness score per event, a review queue, an append-only audit trail of
-- every change to an attendance event, and single-use challenge nonces for kiosks.

ALTER TABLE attendance_log
    ADD COLUMN liveness_score  real CHECK (liveness_score BETWEEN 0 AND 1),
    ADD COLUMN liveness_model  text CHECK (char_length(liveness_model) <= 100),
    ADD COLUMN review_state    text NOT NULL DEFAULT 'none'
               CHECK (review_state IN ('none', 'pending', 'confirmed', 'reassigned', 'rejected')),
    ADD COLUMN review_reasons  text[] NOT NULL DEFAULT '{}',
    -- What the reviewer saw: the top candidates of the face search (employee ids and similarities, no vectors).
    ADD COLUMN review_detail   jsonb,
    ADD COLUMN reviewed_at     timestamptz,
    ADD COLUMN reviewed_by     text CHECK (char_length(reviewed_by) <= 200);
-- The review queue walks pending events oldest first.
CREATE INDEX attendance_log_pending_idx ON attendance_log (occurred_at, id) WHERE review_state = 'pending';

-- Every change to an attendance event: who (the JWT `sub`), when, the event before and after
-- (plain fields: ids, states, scores; never a vector or a photo), the action and the note.
CREATE TABLE attendance_audit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attendance_id  bigint NOT NULL,  -- no foreign key: the trail outlives anything
    action         text NOT NULL CHECK (action IN ('confirm', 'reassign', 'reject')),
    actor          text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    note           text CHECK (char_length(note) <= 1000),
    before         jsonb NOT NULL,
    after          jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attendance_audit_event_idx ON attendance_audit (attendance_id, id);

CREATE FUNCTION attendance_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'attendance_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER attendance_audit_no_update BEFORE UPDATE OR DELETE ON attendance_audit
    FOR EACH ROW EXECUTE FUNCTION attendance_audit_append_only();
CREATE TRIGGER attendance_audit_no_truncate BEFORE TRUNCATE ON attendance_audit
    FOR EACH STATEMENT EXECUTE FUNCTION attendance_audit_append_only();

-- Active challenge: one nonce per GET /attendance/challenge, bound to the device, used at most once.
CREATE TABLE presence_challenges (
    nonce        text PRIMARY KEY CHECK (char_length(nonce) BETWEEN 16 AND 100),
    device_id    text NOT NULL CHECK (char_length(device_id) <= 100),
    instruction  text NOT NULL CHECK (instruction IN ('turn_left', 'turn_right')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
CREATE INDEX presence_challenges_created_idx ON presence_challenges (created_at);
