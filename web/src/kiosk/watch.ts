// Automatic mode's eye on the device: whether anything changed in front of the kiosk since the last frame it sent,
// decided on the tablet from a tiny greyscale copy of the picture, so an empty hall (or a poster, a photo left on the
// stand) is not uploaded and run through face detection every few seconds: once a minute at most (RECHECK_MS). Pure functions: no DOM, no clock of its
// own (the caller passes `now`), so they are tested as they are.

/** The size of the copy compared: a few hundred pixels average the camera's noise away and cost nothing to read. */
export const THUMB_WIDTH = 32;
export const THUMB_HEIGHT = 24;

/** Mean absolute difference (0–255 grey levels over the thumbnail) above which the picture changed: somebody came,
 * left or moved. A camera's noise on a still scene stays far below it once downscaled (≈1); a person stepping into
 * the frame changes a large part of it by tens of levels. */
export const MOTION_THRESHOLD = 6;
/** Or when this share of the thumbnail's cells changed each by more than CELL_LEVELS (or a fifth of their brightness,
 * whichever is more): a head and shoulders filling an eighth of the picture, or a person in a dark hall, move the
 * mean little but many cells much. */
export const CHANGED_CELLS_SHARE = 0.04;
export const CELL_LEVELS = 8;
/** An answer on an unchanged picture stands this long at most: then the picture is sent again, so a person who came
 * in while the try found nobody (turned away, blurred) and then stood still is looked at again within a minute, and
 * a wrong "nobody" never stands for good. At most 1,440 uploads a day for a hall that never changes. */
export const RECHECK_MS = 60_000;

/** Quiet tries in a row, each on a changed picture, that recorded nothing (no face, or none it could check in)
 * before automatic mode waits longer between tries: a scene that keeps moving without anybody at the kiosk (a busy
 * corridor, a screen, trees in a window). */
export const BACKOFF_AFTER = 3;
/** The wait between quiet tries, by how many in a row recorded nothing: 5 s, then 15 s, then 30 s. */
export const BACKOFF_STEPS_MS = [5_000, 15_000, 30_000] as const;

/** A quiet try or a look answered 429 or 5xx (throttled, the server or its gateway failing): nothing is known of the
 * picture, and sending the next one at the usual pace only adds load to a struggling API. The next waits, doubling
 * from BACKOFF_STEPS_MS[0] with each such answer in a row (10 s, 20 s, 40 s), up to BUSY_MAX_MS; longer when the
 * answer's Retry-After asks, up to RETRY_AFTER_MAX_MS (a wrong header never stops automatic mode for hours). Any
 * other answer starts it over. */
export const BUSY_MAX_MS = 60_000;
export const RETRY_AFTER_MAX_MS = 10 * 60_000;

/** A grey thumbnail (THUMB_WIDTH × THUMB_HEIGHT, row by row), 0–255. */
export type Thumb = Uint8Array;

/** The grey thumbnail of an RGBA picture already drawn at THUMB_WIDTH × THUMB_HEIGHT (a canvas's ImageData). */
export function greyOf(rgba: ArrayLike<number>): Thumb {
  const grey = new Uint8Array(Math.floor(rgba.length / 4));
  for (let i = 0; i < grey.length; i += 1) {
    // ITU-R BT.601 luma, integer weights summing to 256
    grey[i] = ((rgba[i * 4] ?? 0) * 77 + (rgba[i * 4 + 1] ?? 0) * 150 + (rgba[i * 4 + 2] ?? 0) * 29) >> 8;
  }
  return grey;
}

/** The mean absolute difference of two thumbnails, in grey levels; Infinity when they cannot be compared (sizes
 * differ: the camera changed). */
export function meanDifference(a: Thumb, b: Thumb): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

/** The share of cells that changed each by more than CELL_LEVELS or a fifth of their brightness. */
export function changedShare(a: Thumb, b: Thumb): number {
  if (a.length !== b.length || a.length === 0) return 1;
  let count = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (Math.abs(x - y) > Math.max(CELL_LEVELS, Math.max(x, y) / 5)) count += 1;
  }
  return count / a.length;
}

export function changed(a: Thumb, b: Thumb, threshold = MOTION_THRESHOLD): boolean {
  return meanDifference(a, b) > threshold || changedShare(a, b) > CHANGED_CELLS_SHARE;
}

/** The wait before the next quiet try after `nothingInARow` tries in a row recorded nothing. */
export function backoffMs(nothingInARow: number): number {
  if (nothingInARow < BACKOFF_AFTER) return BACKOFF_STEPS_MS[0];
  return nothingInARow < 2 * BACKOFF_AFTER ? BACKOFF_STEPS_MS[1] : BACKOFF_STEPS_MS[2];
}

/** The wait after `busyInARow` quiet tries or looks in a row answered 429 or 5xx, the last with `retryAfterMs`
 * (its Retry-After, when it had one). */
export function busyBackoffMs(busyInARow: number, retryAfterMs = 0): number {
  if (busyInARow <= 0) return 0;
  return Math.max(Math.min(BACKOFF_STEPS_MS[0] * 2 ** busyInARow, BUSY_MAX_MS),
    Math.min(retryAfterMs, RETRY_AFTER_MAX_MS));
}

/** What automatic mode remembers between its looks. */
export interface Watch {
  /** The last picture it sent (a quiet try or a look through /identify) and what the server found in it: `empty`,
   * nobody at the kiosk (nothing recorded: no face, a face too small or one it could not check in). The same
   * picture would get the same answer, so it is not sent again. */
  sent: { thumb: Thumb; empty: boolean; at: number } | null;
  /** Quiet tries in a row that recorded nothing (the backoff). */
  nothingInARow: number;
  /** When the last quiet try was sent (ms, the caller's clock). */
  lastTryAt: number;
  /** The picture at the last look, and whether it was as the look before it (the scene had settled): a settled
   * scene that moves is somebody arriving, and the backoff starts over. A scene that never settles (a screen, a
   * flickering light) keeps its backoff. */
  lastLook: Thumb | null;
  settled: boolean;
  /** Quiet tries and looks in a row answered 429 or 5xx, and until when (the caller's clock) nothing is sent. */
  busyInARow: number;
  busyUntil: number;
}

export const freshWatch = (): Watch => ({ sent: null, nothingInARow: 0, lastTryAt: -Infinity, lastLook: null,
  settled: false, busyInARow: 0, busyUntil: -Infinity });

/** What to do with the picture now:
 * - "send": upload it (a check when automatic mode is armed, a look through /identify when it waits for the frame to
 *   empty after an answer);
 * - "same": nothing changed since the last picture sent: its answer stands (`watch.sent.empty`), nothing uploaded;
 * - "wait": it changed, but tries keep finding nobody: the backoff's wait has not passed (armed only); or the server
 *   answered the last tries or looks 429 or 5xx, and their wait (busyBackoffMs) has not passed (armed or not).
 * Returns the watch to keep (this look remembered; a settled scene that moved resets the backoff). */
export function decide(watch: Watch, thumb: Thumb | null, now: number, armed: boolean,
  threshold = MOTION_THRESHOLD): { action: "send" | "same" | "wait"; watch: Watch } {
  // No picture to compare (none yet, or the camera gives none): as before, the server is asked.
  if (!thumb) return { action: "send", watch };
  const settled = watch.lastLook !== null && !changed(thumb, watch.lastLook, threshold);
  const arriving = watch.settled && !settled; // a still scene moved: somebody coming
  const next: Watch = { ...watch, lastLook: thumb, settled, ...(arriving ? { nothingInARow: 0 } : {}) };
  if (watch.sent && now - watch.sent.at < RECHECK_MS && !changed(thumb, watch.sent.thumb, threshold)) {
    return { action: "same", watch: next };
  }
  if (now < next.busyUntil) return { action: "wait", watch: next };
  if (!armed) return { action: "send", watch: next };
  return { action: now - next.lastTryAt >= backoffMs(next.nothingInARow) ? "send" : "wait", watch: next };
}

/** What a quiet try's answer said of the picture: "nobody" at the kiosk (422 no_face, or a face too small to be at
 * it); "unchecked", somebody perhaps, but nothing recorded (too dark, blurred, not live, two faces refused: the person
 * may come closer or turn, which changes the picture; unchanged, it is tried again after RECHECK_MS, as every answer
 * is); "somebody" answered (recorded, or sent to a manager). */
export type Heard = "nobody" | "unchecked" | "somebody";

/** The watch after a quiet try's answer: the picture kept as the one not to send again until it changes (or
 * RECHECK_MS passes); "nobody" and "unchecked" count toward the backoff; "somebody" starts it over (the picture kept
 * as somebody's, for the looks that wait for the frame to empty). `thumb` is the picture sent (null: none to
 * compare, nothing kept). */
export function afterTry(watch: Watch, thumb: Thumb | null, heard: Heard, now: number): Watch {
  const sent = thumb && { thumb, empty: heard === "nobody", at: now };
  if (heard === "somebody") return { ...watch, sent, nothingInARow: 0, lastTryAt: now, busyInARow: 0 };
  return { ...watch, sent, nothingInARow: watch.nothingInARow + 1, lastTryAt: now, busyInARow: 0 };
}

/** The watch after a look through /identify (automatic mode waiting for the frame to empty after an answer). */
export function afterLook(watch: Watch, thumb: Thumb | null, empty: boolean, now: number): Watch {
  return { ...watch, sent: thumb && { thumb, empty, at: now }, busyInARow: 0 };
}

/** The watch after a quiet try or a look the server answered 429 or 5xx (`retryAfterMs`: its Retry-After, if any):
 * nothing known of the picture (none kept), and nothing sent before the backoff's wait. */
export function afterBusy(watch: Watch, now: number, retryAfterMs?: number): Watch {
  const busyInARow = watch.busyInARow + 1;
  return { ...watch, busyInARow, busyUntil: now + busyBackoffMs(busyInARow, retryAfterMs) };
}

/** A press the server answered (recorded, sent to a manager, refused for the picture: not a 429 or 5xx): it works
 * again, so automatic mode's wait after busy answers (afterBusy) ends now and its next busy answer starts at 10 s. */
export function afterAnswer(watch: Watch): Watch {
  return { ...watch, busyInARow: 0, busyUntil: -Infinity };
}
