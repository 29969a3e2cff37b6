-- A kiosk's setup mode (?setup=1: the Door choice, Automatic mode, "Seen: HR was told") opens only with a code an
-- admin makes in the console (POST /devices/{id}/setup-code): the flag alone is no credential. One code per device
-- (a new one replaces the old), valid 10 minutes, spent on its first right use or its fifth wrong try. Only a hash is
-- kept (sha256 of the device id and the code, so the same code on two devices hashes apart); the kiosk sends it with
-- its own device token (POST /devices/me/setup), so another kiosk's token finds no code to try.
CREATE TABLE device_setup_codes (
    device_id uuid PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    code_hash text NOT NULL CHECK (char_length(code_hash) = 64),
    expires_at timestamptz NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    created_by text CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
