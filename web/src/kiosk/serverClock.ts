// The server's clock as this kiosk last saw it. Offline captures are stamped with it: a tablet whose own clock is
// minutes off (no NTP) would otherwise have every queued check refused (422 captured_at_out_of_range when ahead,
// captured_at_before_device on a new device when behind) or recorded at the wrong time.
const KEY = "facepass.kiosk.clockOffsetMs";

/** A server time just read (a pairing's paired_at, a new event's received_at): remember the offset. */
export function learnServerTime(serverTime: string | null | undefined, localMs = Date.now()): void {
  const server = serverTime ? Date.parse(serverTime) : NaN;
  if (Number.isFinite(server)) localStorage.setItem(KEY, String(server - localMs));
}

export function serverNow(): Date {
  const offset = Number(localStorage.getItem(KEY) ?? "0");
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
}
