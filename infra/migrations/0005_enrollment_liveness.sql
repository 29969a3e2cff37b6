-- Enrollment runs passive liveness too: each stored face keeps the score of its enrollment photo, the
-- models that gave it, and whether it was under the cut (FACEPASS_ENROLLMENT_LIVENESS_POLICY = flag).
-- Faces enrolled before this migration (or with the policy off) have no score.

ALTER TABLE face_embeddings
    ADD COLUMN liveness_score    real CHECK (liveness_score BETWEEN 0 AND 1),
    ADD COLUMN liveness_model    text CHECK (char_length(liveness_model) <= 100),
    ADD COLUMN liveness_flagged  boolean NOT NULL DEFAULT false;
-- HR lists the flagged faces to re-take them.
CREATE INDEX face_embeddings_liveness_flagged_idx ON face_embeddings (employee_id) WHERE liveness_flagged;
