// Check-ins taken while the API is unreachable wait here (IndexedDB, so they survive a reload or a
// power cut) and are sent in capture order when it is back, with their capture time and the same
// Idempotency-Key: a resend after a lost answer never makes a second event. A punch typed at "No Face ID?" waits
// here too, in the same order: its payroll number instead of a photo.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { loadOfflineMaxAgeHours } from "./deviceStore";
import { serverNow } from "./serverClock"; // captured_at is on the server's clock

/** The route a check is sent to: check-in, check-out, or punch (the server decides entry or exit: a door used both
 * ways). A queued check keeps it and is replayed through the same route. */
export type EventType = "check-in" | "check-out" | "punch";

export interface QueuedCheck {
  key: string; // Idempotency-Key
  event_type: EventType;
  captured_at: string; // RFC 3339
  photo?: Blob; // JPEG (a single photo)
  /** A challenge burst (JPEGs, in capture order) with its nonce, sent as it was: it may have been recorded. */
  frames?: Blob[];
  challenge_nonce?: string;
  device_id?: string; // the device paired when it was taken (absent in checks queued by older versions)
  /** A typed punch ("No Face ID?", POST /attendance/face-free): the payroll number typed, kept on the tablet only while
   * it is queued (deleted with the item once sent or given up; the unsent log keeps it masked). Its way is
   * event_type's: check-in an entry, check-out an exit. No photo nor frames. */
  employee_number?: string;
  /** Sent at least once without an answer (the connection failed under it): the server may have recorded it. */
  maybe_recorded?: boolean;
  attempts?: number; // sends the server failed with a non-transient error (5xx) while it recorded other checks
  first_failed_at?: string; // RFC 3339 (the tablet's clock), the first of those failures: for a reader, never measured
  failing_ms?: number; // time measured on the monotonic clock from the first of those failures to the last
  last_failure?: { session: string; at: number }; // the last one: which page session, its performance.now()
}

interface KioskDb extends DBSchema {
  queue: { key: string; value: QueuedCheck; indexes: { by_capture: string } };
}

let database: Promise<IDBPDatabase<KioskDb>> | null = null;

function db(): Promise<IDBPDatabase<KioskDb>> {
  database ??= openDB<KioskDb>("facepass-kiosk", 1, {
    upgrade(store) {
      const queue = store.createObjectStore("queue", { keyPath: "key" });
      queue.createIndex("by_capture", "captured_at");
    },
  });
  return database;
}

export async function enqueue(item: QueuedCheck): Promise<void> {
  await (await db()).put("queue", item);
}

/** The queued check after `after` in capture order (the first when none), read alone: the queue's photos are never
 * all in memory at once. Each call is its own short transaction (none may stay open over a network request). */
export async function nextQueued(after?: Pick<QueuedCheck, "key" | "captured_at">): Promise<QueuedCheck | undefined> {
  const index = (await db()).transaction("queue").store.index("by_capture");
  let cursor = await index.openCursor(after ? IDBKeyRange.lowerBound(after.captured_at) : null);
  // The index orders by capture time, then by key: skip what was already read at the same time.
  while (cursor && after && cursor.key === after.captured_at && cursor.primaryKey <= after.key) {
    cursor = await cursor.continue();
  }
  return cursor?.value;
}

/** This page's life: performance.now() counts from its start, so a reading is only comparable within it. */
const SESSION = `${Date.now()}-${Math.random()}`; // unique enough: only told apart from this tablet's other loads

/** Counts a failure of the server's against a queued check: its attempts and how long it has been failing, or null
 * when it is no longer queued. Read and written in one transaction (one photo in memory).
 *
 * How long is measured with performance.now(), not the tablet's clock: that clock jumps (no NTP, then a sync hours
 * off; somebody setting the date), and a jump forward would give up a saved check within minutes. The server's Date
 * header cannot stand in (the API does not expose it to the kiosk's origin; serverNow() is the tablet's clock plus
 * an offset, so it jumps with it). The monotonic clock restarts with each page load: the time between the last
 * failure before a reload and the first after it is not counted (nor, on some tablets, time asleep), so a check is
 * given up later than GIVE_UP_AFTER_MS at worst, never sooner. */
export async function countFailure(key: string, now = new Date(), monotonicNow = performance.now()):
    Promise<QueuedCheck | null> {
  const tx = (await db()).transaction("queue", "readwrite");
  const item = await tx.store.get(key);
  if (!item) {
    await tx.done;
    return null;
  }
  const since = item.last_failure?.session === SESSION ? Math.max(0, monotonicNow - item.last_failure.at) : 0;
  const counted = { ...item, attempts: (item.attempts ?? 0) + 1, first_failed_at: item.first_failed_at ?? now.toISOString(),
    failing_ms: (item.failing_ms ?? 0) + since, last_failure: { session: SESSION, at: monotonicNow } };
  await tx.store.put(counted);
  await tx.done;
  return counted;
}

/** A send of this check failed on the network: it may have reached the server (kept, and said so if it expires). */
export async function markMaybeRecorded(key: string): Promise<void> {
  const tx = (await db()).transaction("queue", "readwrite");
  const item = await tx.store.get(key);
  if (item && !item.maybe_recorded) await tx.store.put({ ...item, maybe_recorded: true });
  await tx.done;
}

export async function queueSize(): Promise<number> {
  return (await db()).count("queue");
}

export async function remove(key: string): Promise<void> {
  await (await db()).delete("queue", key);
}

/** Deletes every saved check (photos included): the operator's choice on an unpaired tablet (a revoked kiosk's
 * checks can never be sent). */
export async function clearQueue(): Promise<void> {
  await (await db()).clear("queue");
}

/** The captures older than the server's window (FACEPASS_OFFLINE_MAX_AGE_HOURS, as it last said it), on the
 * by_capture index. */
function expiredRange(now: number, maxAgeHours: number): IDBKeyRange {
  return IDBKeyRange.upperBound(new Date(now - maxAgeHours * 3600_000).toISOString(), true);
}

/** The checks too old to be sent, taken off the tablet (photos included) and returned without their photos: the
 * server refuses captures older than FACEPASS_OFFLINE_MAX_AGE_HOURS (its window as it last said it), and keeping
 * their photos any longer only keeps people's faces on the tablet, paired or not, online or not. One transaction:
 * each is read and deleted with the index's cursor (one photo in memory at a time). */
export async function takeExpired(now = serverNow().getTime(), maxAgeHours = loadOfflineMaxAgeHours()):
  Promise<Omit<QueuedCheck, "photo" | "frames">[]> {
  const tx = (await db()).transaction("queue", "readwrite");
  const taken: Omit<QueuedCheck, "photo" | "frames">[] = [];
  const range = expiredRange(now, maxAgeHours);
  // Counted first (keys only): every 15 s, offline too, and mostly nothing has expired; no check is read then.
  let cursor = await tx.store.index("by_capture").count(range) ? await tx.store.index("by_capture").openCursor(range)
    : null;
  while (cursor) {
    const { photo: _photo, frames: _frames, ...said } = cursor.value;
    taken.push(said);
    await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
  return taken;
}

/** Deletes the checks too old to be sent (a tablet left unpaired keeps no photos past the server's window): by key,
 * in one transaction, no photo read. */
export async function dropExpired(now = serverNow().getTime()): Promise<number> {
  const tx = (await db()).transaction("queue", "readwrite");
  const keys = await tx.store.index("by_capture").getAllKeys(expiredRange(now, loadOfflineMaxAgeHours()));
  await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  return keys.length;
}
