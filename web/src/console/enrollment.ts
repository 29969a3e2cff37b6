// Enrollment through the presigned flow: ask the API for a ticket, post the photo straight to S3
// (every field, then the file last), then poll the ticket until it is final.
import { ApiError, NetworkError, call, type Api, type EnrollmentStatus, type UploadTicket } from "../api/client";

const FINAL = new Set(["completed", "rejected", "needs_confirmation"]);

/** A photo outside the sizes the presigned POST accepts: said before uploading, with the limit. */
export class PhotoSizeError extends Error {
  constructor(readonly kind: "large" | "small", readonly limit: number) {
    super(`photo too ${kind}: limit ${limit} bytes`);
    this.name = "PhotoSizeError";
  }
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
