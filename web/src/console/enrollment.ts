// Enrollment through the presigned flow: ask the API for a ticket, post the photo straight to S3
// (every field, then the file last), then poll the ticket until it is final.
import { ApiError, NetworkError, call, type Api, type EnrollmentStatus, type UploadTicket } from "../api/client";

const FINAL = new Set(["completed", "rejected", "needs_confirmation"]);

/** A photo outside the sizes the API accepts (bytes, or pixels: `limit` is then width x height): said before
 * uploading, with the limit. */
export class PhotoSizeError extends Error {
  constructor(readonly kind: "large" | "small" | "pixels", readonly limit: number,
    readonly dimensions?: { width: number; height: number }) {
    super(`photo too ${kind}: limit ${limit} ${kind === "pixels" ? "pixels" : "bytes"}`);
    this.name = "PhotoSizeError";
  }
}

/** Width and height from the image's header (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X) without decoding it: a 48 MP
 * photo decoded would take 190 MB of a phone's memory. null: a header this does not read (the API still checks). */
export async function imageDimensions(photo: Blob): Promise<{ width: number; height: number } | null> {
  const bytes = new Uint8Array(await photo.slice(0, 512 * 1024).arrayBuffer());
  const view = new DataView(bytes.buffer);
  const byte = (at: number) => bytes[at] ?? 0;
  const ascii = (at: number, text: string) => [...text].every((letter, i) => byte(at + i) === letter.charCodeAt(0));
  if (bytes.length >= 24 && byte(0) === 0x89 && ascii(1, "PNG") && ascii(12, "IHDR")) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 30 && ascii(0, "RIFF") && ascii(8, "WEBP")) {
    if (ascii(12, "VP8X")) {
      const u24 = (at: number) => byte(at) | (byte(at + 1) << 8) | (byte(at + 2) << 16);
      return { width: u24(24) + 1, height: u24(27) + 1 };
    }
    if (ascii(12, "VP8 ")) return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    if (ascii(12, "VP8L")) {
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    return null;
  }
  if (byte(0) !== 0xff || byte(1) !== 0xd8) return null;
  // JPEG: walk the segments to the frame header (SOF0..SOF15, but not DHT C4, JPG C8, DAC CC).
  for (let at = 2; at + 9 < bytes.length;) {
    if (byte(at) !== 0xff) return null;
    const marker = byte(at + 1);
    if (marker === 0xff) { at += 1; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    }
    if (marker === 0xda || marker === 0xd9) return null; // the scan began without a frame header
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

/** The byte range S3 accepts for this ticket: at most its max_bytes, at least the minimum of the signed policy's
 * content-length-range (the API's upload_min_bytes; 1 when the policy cannot be read). */
export function sizeRange(ticket: UploadTicket): { min: number; max: number } {
  let min = 1;
  try {
    const policy = JSON.parse(atob(ticket.upload.fields.policy ?? ticket.upload.fields.Policy ?? "")) as
      { conditions?: unknown[] };
    for (const condition of policy.conditions ?? []) {
      if (Array.isArray(condition) && String(condition[0]).toLowerCase() === "content-length-range") {
        min = Math.max(min, Number(condition[1]) || 1);
      }
    }
  } catch {
    // not a policy this code can read: S3 still checks it, and its refusal is reported
  }
  return { min, max: ticket.max_bytes };
}

export async function uploadPhoto(api: Api, employeeId: string, photo: Blob): Promise<string> {
  const contentType = ["image/jpeg", "image/png", "image/webp"].includes(photo.type) ? photo.type : "image/jpeg";
  const ticket = await call(api.POST("/employees/{employee_id}/photos", {
    params: { path: { employee_id: employeeId } }, body: { content_type: contentType as "image/jpeg" | "image/png" | "image/webp" },
  }));
  const { min, max } = sizeRange(ticket);
  if (photo.size > max) throw new PhotoSizeError("large", max);
  if (photo.size < min) throw new PhotoSizeError("small", min);
  if (ticket.max_pixels) {
    const dimensions = await imageDimensions(photo).catch(() => null);
    if (dimensions && dimensions.width * dimensions.height > ticket.max_pixels) {
      throw new PhotoSizeError("pixels", ticket.max_pixels, dimensions);
    }
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
  form.append("file", photo);
  let response: Response;
  try {
    response = await fetch(ticket.upload.url, { method: "POST", body: form });
  } catch (cause) {
    throw new NetworkError(cause); // the storage cannot be reached: said as the API being unreachable is
  }
  if (!response.ok) {
    const code = /<Code>([^<]+)<\/Code>/.exec(await response.text().catch(() => ""))?.[1];
    if (code === "EntityTooLarge") throw new PhotoSizeError("large", max);
    if (code === "EntityTooSmall") throw new PhotoSizeError("small", min);
    throw new ApiError(response.status, "upload_refused", `S3 refused the upload (HTTP ${response.status}${code ? `, ${code}` : ""})`);
  }
  return ticket.ticket_id;
}

/** A byte count as people read a file size ("10 MB", "1 KB"), in the reader's language. */
export function sizeWords(bytes: number, locale: string, units: { mb: string; kb: string }): string {
  const number = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  return bytes >= 1024 * 1024 ? `${number(bytes / (1024 * 1024))} ${units.mb}` : `${number(bytes / 1024)} ${units.kb}`;
}

export async function waitForTicket(api: Api, employeeId: string, ticketId: string,
  onUpdate: (status: EnrollmentStatus) => void, signal?: AbortSignal): Promise<EnrollmentStatus> {
  for (let delay = 500; ; delay = Math.min(delay * 1.5, 3000)) {
    const status = await call(api.GET("/employees/{employee_id}/enrollments/{ticket_id}", {
      params: { path: { employee_id: employeeId, ticket_id: ticketId } },
    }));
    onUpdate(status);
    if (FINAL.has(status.status) || signal?.aborted) return status;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
