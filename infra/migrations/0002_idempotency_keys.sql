-- Kiosk retries: an Idempotency-Key replays the first answer instead of writing a second row.
-- Kept in PostgreSQL (not DynamoDB) so the key and the attendance row commit in one transaction.
CREATE TABLE idempotency_keys (
    scope         text NOT NULL,
    key           text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
    request_hash  text NOT NULL,
    status_code   integer,
    response      jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
