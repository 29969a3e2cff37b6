// The paired device's own credential (from POST /devices/pair), kept on the kiosk. It is this
// device's identity, not a shared secret: an admin revokes it in the console.
import type { Schemas } from "../api/client";
import type { MessageKey } from "../i18n/en";

export type Device = Schemas["Device"];

export interface Pairing {
  token: string;
  device: Device;
}

const KEY = "facepass.kiosk.pairing";

/** A JSON value kept on the tablet under `key`, if it reads back and passes `valid` (else null: never trusted). */
function loadStored<T>(key: string, valid: (value: T) => boolean): T | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? "null") as T | null;
    return value && valid(value) ? value : null;
  } catch {
    return null;
  }
}

/** `value` kept under `key`; null forgets it. */
function saveStored<T>(key: string, value: T | null): void {
  if (value) localStorage.setItem(key, JSON.stringify(value));
  else localStorage.removeItem(key);
}

export function loadPairing(): Pairing | null {
  return loadStored<Pairing>(KEY, (value) => typeof value.token === "string");
}

export function savePairing(pairing: Pairing | null): void {
  saveStored(KEY, pairing);
}

/** This tablet's door: entry only, exit only, or both ways (the server decides entry or exit per person). Kept on the
 * tablet, per device: it says what automatic mode records and which buttons are shown. */
export type Door = "entry" | "exit" | "both";

/** Each door setting in words (the kiosk's setup mode and read-only line, the console's Devices page). */
export const DOOR_LABEL: Record<Door, MessageKey> = {
  entry: "kiosk.door.entry", exit: "kiosk.door.exit", both: "kiosk.door.both" };

/** A value as a door setting, or null when it is none. */
export function doorOf(value: unknown): Door | null {
  return value === "entry" || value === "exit" || value === "both" ? value : null;
}

const DOOR_KEY = "facepass.kiosk.door";

export function loadDoor(): Door {
  const value = localStorage.getItem(DOOR_KEY);
  return value === "exit" || value === "both" ? value : "entry";
}

export function saveDoor(door: Door): void {
  localStorage.setItem(DOOR_KEY, door);
}

/** Whether this tablet runs automatic mode (a try whenever somebody comes, no press): kept like the door, set in
 * setup mode (`?setup=1`) by staff, shown read-only on the public screen. */
const AUTO_KEY = "facepass.kiosk.auto";

export function loadAuto(): boolean {
  return localStorage.getItem(AUTO_KEY) === "on";
}

export function saveAuto(on: boolean): void {
  if (on) localStorage.setItem(AUTO_KEY, "on");
  else localStorage.removeItem(AUTO_KEY);
}

/** The Door and Automatic mode HR set for this kiosk in the console (GET /devices/me; null: not set there, the
 * tablet's own setting applies). They win over the tablet's; kept as last heard, so a kiosk started offline keeps
 * them. */
export interface ManagedSettings {
  door: Door | null;
  automatic: boolean | null;
}

const MANAGED_KEY = "facepass.kiosk.managed";
const NOT_MANAGED: ManagedSettings = { door: null, automatic: null };

/** The server's answer read as ManagedSettings: anything but a known door or a boolean is "not set". */
export function managedSettings(device: { door?: string | null; automatic?: boolean | null }): ManagedSettings {
  return { door: doorOf(device.door),
    automatic: typeof device.automatic === "boolean" ? device.automatic : null };
}

export function loadManaged(): ManagedSettings {
  const stored = loadStored<ManagedSettings>(MANAGED_KEY, (value) => typeof value === "object");
  return stored ? managedSettings(stored) : NOT_MANAGED;
}

export function saveManaged(settings: ManagedSettings): void {
  saveStored(MANAGED_KEY, settings.door === null && settings.automatic === null ? null : settings);
}

/** What the kiosk tells people about their photos, as the server last said it (GET /devices/me): shown offline too. */
export type KioskNotice = Schemas["KioskNotice"];

const NOTICE_KEY = "facepass.kiosk.notice";

export function loadNotice(): KioskNotice | null {
  return loadStored<KioskNotice>(NOTICE_KEY, (value) => typeof value.snapshot_max_days === "number");
}

export function saveNotice(notice: KioskNotice | null): void {
  saveStored(NOTICE_KEY, notice);
}

/** The server's default FACEPASS_OFFLINE_MAX_AGE_HOURS: the window until this tablet has heard the server's own. */
const DEFAULT_OFFLINE_MAX_AGE_HOURS = 72;
const OFFLINE_WINDOW_KEY = "facepass.kiosk.offlineMaxAgeHours";

/** The oldest check the server records, in hours, as it last said it (GET /devices/me): older queued checks can never
 * be sent, so their photos are not kept. */
export function loadOfflineMaxAgeHours(): number {
  return storedOfflineMaxAgeHours() ?? DEFAULT_OFFLINE_MAX_AGE_HOURS;
}

/** The server's window if this tablet has heard it (null: not yet; a paired kiosk then waits for its first answer
 * rather than drop what a server with a longer window would still record). */
export function storedOfflineMaxAgeHours(): number | null {
  return loadStored<number>(OFFLINE_WINDOW_KEY, (value) => Number.isFinite(value) && value > 0);
}

export function saveOfflineMaxAgeHours(hours: number): void {
  saveStored(OFFLINE_WINDOW_KEY, hours);
}
