-- A check within the repeat window of the same person's same clean event (a double press, two kiosks at once)
-- is stored as its own row pointing at that event, no longer folded away: if HR later rejects or reassigns the
-- first (it was someone else's face), the real person's punch is still there. The reports already treat a
-- second entry within the window as a double press and an exit with no open entry as nothing, so a repeat
-- changes no figure while the first event counts.
ALTER TABLE attendance_log ADD COLUMN repeat_of bigint REFERENCES attendance_log (id) ON DELETE SET NULL;
