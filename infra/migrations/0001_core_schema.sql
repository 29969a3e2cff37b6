-- FacePass core schema: employees, face embeddings (pgvector), enrollment tickets, attendance log.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE employees (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    full_name       text NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 200),
    email           text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    department      text CHECK (char_length(department) <= 100),
    is_active       boolean NOT NULL DEFAULT true,
    deactivated_at  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique whatever their case.
CREATE UNIQUE INDEX employees_email_unique ON employees (lower(email));
-- Keyset pagination walks (created_at, id).
CREATE INDEX employees_created_idx ON employees (created_at, id);
CREATE INDEX employees_department_idx ON employees (department, created_at, id);

CREATE TABLE face_embeddings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id  uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    model_id     text NOT NULL,
    -- No fixed dimension: packs differ (128-d SFace, 512-d ArcFace). Each model has its own
    -- partial HNSW index below, on a cast to its dimension.
    embedding    vector NOT NULL,
    quality      jsonb NOT NULL DEFAULT '{}'::jsonb,
    source_key   text NOT NULL UNIQUE,  -- the upload it came from: reprocessing is a no-op
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT face_embeddings_dimension_matches_model CHECK (
        (model_id = 'sface-2021dec' AND vector_dims(embedding) = 128)
        OR (model_id IN ('buffalo_s-w600k_mbf', 'buffalo_l-w600k_r50') AND vector_dims(embedding) = 512)
    )
);
-- Keep vectors inline (no TOAST, no compression) so exact re-ranking reads them cheaply.
ALTER TABLE face_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;
CREATE INDEX face_embeddings_employee_idx ON face_embeddings (employee_id);
CREATE INDEX face_embeddings_sface_hnsw ON face_embeddings
    USING hnsw ((embedding::vector(128)) vector_cosine_ops) WHERE model_id = 'sface-2021dec';
CREATE INDEX face_embeddings_buffalo_s_hnsw ON face_embeddings
    USING hnsw ((embedding::vector(512)) vector_cosine_ops) WHERE model_id = 'buffalo_s-w600k_mbf';
CREATE INDEX face_embeddings_buffalo_l_hnsw ON face_embeddings
    USING hnsw ((embedding::vector(512)) vector_cosine_ops) WHERE model_id = 'buffalo_l-w600k_r50';

-- Upload tickets: one per enrollment photo, created before the upload.
CREATE TABLE enrollments (
    id             uuid PRIMARY KEY,
    employee_id    uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    s3_key         text NOT NULL UNIQUE,
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'processing', 'completed', 'rejected')),
    reason_code    text,
    reason_detail  jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    processed_at   timestamptz
);
CREATE INDEX enrollments_employee_idx ON enrollments (employee_id, created_at);
CREATE INDEX enrollments_open_idx ON enrollments (created_at) WHERE status IN ('pending', 'processing');

CREATE TABLE attendance_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id   uuid REFERENCES employees (id) ON DELETE SET NULL,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    event_type    text NOT NULL CHECK (event_type IN ('entry', 'exit')),
    similarity    real,
    trace_id      uuid NOT NULL UNIQUE,
    snapshot_key  text,
    status        text NOT NULL CHECK (status IN ('recognized', 'unknown', 'ambiguous', 'rejected')),
    device_id     text CHECK (char_length(device_id) <= 100),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attendance_log_occurred_idx ON attendance_log (occurred_at, id);
CREATE INDEX attendance_log_employee_idx ON attendance_log (employee_id, occurred_at);
CREATE INDEX attendance_log_snapshot_idx ON attendance_log (occurred_at) WHERE snapshot_key IS NOT NULL;
