// The paired device's own credential (from POST /devices/pair), kept on the kiosk. It is this
// device's identity, not a shared secret: an admin revokes it in the console.
import type { Schemas } from "../api/client";

export type Device = Schemas["Device"];

export interface Pairing {
  token: string;
  device: Device;
}

const KEY = "facepass.kiosk.pairing";

export function loadPairing(): Pairing | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null") as Pairing | null;
    return value && typeof value.token === "string" ? value : null;
  } catch {
    return null;
  }
}

export function savePairing(pairing: Pairing | null): void {
  if (pairing) localStorage.setItem(KEY, JSON.stringify(pairing));
  else localStorage.removeItem(KEY);
}

/** This tablet's door: entry only, exit only, or both ways (the server decides entry or exit per person). Kept on the
 * tablet, per device: it says what automatic mode records and which buttons are shown. */
export type Door = "entry" | "exit" | "both";

const DOOR_KEY = "facepass.kiosk.door";

export function loadDoor(): Door {
  const value = localStorage.getItem(DOOR_KEY);
  return value === "exit" || value === "both" ? value : "entry";
}

export function saveDoor(door: Door): void {
  localStorage.setItem(DOOR_KEY, door);
}

/** What the kiosk tells people about their photos, as the server last said it (GET /devices/me): shown offline too. */
export type KioskNotice = Schemas["KioskNotice"];

const NOTICE_KEY = "facepass.kiosk.notice";

export function loadNotice(): KioskNotice | null {
  try {
    const value = JSON.parse(localStorage.getItem(NOTICE_KEY) ?? "null") as KioskNotice | null;
    return value && typeof value.snapshot_max_days === "number" ? value : null;
  } catch {
    return null;
  }
}

export function saveNotice(notice: KioskNotice | null): void {
  if (notice) localStorage.setItem(NOTICE_KEY, JSON.stringify(notice));
  else localStorage.removeItem(NOTICE_KEY);
}
