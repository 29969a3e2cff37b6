-- Paired kiosk devices (issue 15). A device gets a one-time pairing code (stored hashed), exchanges it
-- once for its own bearer token (stored as sha256 hex only); an admin can re-pair or revoke it.
CREATE TABLE devices (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    site                text CHECK (char_length(site) <= 100),
    timezone            text NOT NULL CHECK (char_length(timezone) BETWEEN 1 AND 64),
    created_at          timestamptz NOT NULL DEFAULT now(),
    paired_at           timestamptz,
    revoked_at          timestamptz,
    token_hash          text UNIQUE CHECK (char_length(token_hash) = 64),
    pairing_code_hash   text UNIQUE CHECK (char_length(pairing_code_hash) = 64),
    pairing_expires_at  timestamptz,
    last_seen_at        timestamptz
);
CREATE INDEX devices_created_idx ON devices (created_at, id);

-- Captures a kiosk queued while the API was unreachable: occurred_at is the capture time the device
-- sent, received_at when the server got it.
ALTER TABLE attendance_log ADD COLUMN offline boolean NOT NULL DEFAULT false;
ALTER TABLE attendance_log ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
