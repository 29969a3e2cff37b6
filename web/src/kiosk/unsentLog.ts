// Saved checks the kiosk had to give up on (refused by the server for good, or taken as another device): the
// person was told "saved", so HR must hear of each one. Kept in localStorage so a reload does not hide them, until
// someone acknowledges them on the kiosk. No photo: only when, which button, why.
import type { EventType } from "./offlineQueue";

// "unknown": a check sent without an answer and kept past the server's window: it may have been recorded (HR checks).
// A typed punch so is "unknown" too, its payroll number masked (`number`).
// "dispute": a "Not you?" not sent (no answer by its deadline, or refused) after the screen had moved on to another
// person: nobody was told there, so HR must be (event_type "not-you", captured_at when it was pressed).
// "typed": a punch typed at "No Face ID?" and saved on the tablet, then given up (past the server's window, refused,
// taken as another device), or typed on a kiosk the server no longer takes as paired (reason "kiosk_unpaired"): its
// payroll number masked (`number`), its way and time, the reason.
export type UnsentKind = "refused" | "dropped" | "unknown" | "dispute" | "typed";

export interface UnsentCheck {
  key: string; // the check's Idempotency-Key (unique)
  kind: UnsentKind;
  captured_at: string; // RFC 3339, when the button was pressed
  event_type: EventType | "not-you";
  event_id?: number; // a "Not you?"'s event (the press it was to send to review), for HR
  recorded_at?: string; // a "Not you?"'s punch: the time the screen showed for it (RFC 3339), for HR
  reason: string; // the API's error code, a retry reason, or the kiosk's own ("other_device", "server_kept_failing")
  number?: string; // a typed punch's payroll number, masked (maskNumber): the list is on a shared tablet's screen
}

/** A payroll number as the public screen may show it: only its last 2 characters (a number of 2 or fewer, none),
 * behind a fixed mask that does not tell its length. Enough for HR to tell whose it was among a few; nothing for a
 * passer-by to punch with. */
export function maskNumber(number: string): string {
  const trimmed = number.trim();
  return `••••${trimmed.length > 2 ? trimmed.slice(-2) : ""}`;
}

const KEY = "facepass.kiosk.unsent";
const MAX_KEPT = 100; // the oldest go first: the list is a warning, not an archive

export function loadUnsent(): UnsentCheck[] {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(value) ? value.filter((item): item is UnsentCheck =>
      typeof item === "object" && item !== null && typeof (item as UnsentCheck).key === "string") : [];
  } catch {
    return [];
  }
}

export function addUnsent(item: UnsentCheck): UnsentCheck[] {
  const next = [...loadUnsent().filter((kept) => kept.key !== item.key), item].slice(-MAX_KEPT);
  localStorage.setItem(KEY, JSON.stringify(next));
  return next;
}

/** Someone at the kiosk has seen them (and told HR): forgotten. */
export function acknowledgeUnsent(): UnsentCheck[] {
  localStorage.removeItem(KEY);
  return [];
}
