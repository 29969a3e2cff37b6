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
