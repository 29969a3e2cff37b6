-- A kiosk's Door and Automatic mode, set by HR in the console (PATCH /devices/{id}) rather than on the tablet's
-- setup mode, which is no credential. NULL: not set here, the tablet's own setting applies (as before this column).
ALTER TABLE devices
    ADD COLUMN door text CHECK (door IN ('entry', 'exit', 'both')),
    ADD COLUMN automatic boolean;
