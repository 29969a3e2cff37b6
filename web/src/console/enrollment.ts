// Enrollment through the presigned flow: ask the API for a ticket, post the photo straight to S3
// (every field, then the file last), then poll the ticket until it is final.
import { ApiError, call, type Api, type EnrollmentStatus } from "../api/client";

const FINAL = new Set(["completed", "rejected", "needs_confirmation"]);

export async function uploadPhoto(api: Api, employeeId: string, photo: Blob): Promise<string> {
  const contentType = ["image/jpeg", "image/png", "image/webp"].includes(photo.type) ? photo.type : "image/jpeg";
  const ticket = await call(api.POST("/employees/{employee_id}/photos", {
    params: { path: { employee_id: employeeId } }, body: { content_type: contentType as "image/jpeg" | "image/png" | "image/webp" },
  }));
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
  form.append("file", photo);
  const response = await fetch(ticket.upload.url, { method: "POST", body: form });
  if (!response.ok) throw new ApiError(response.status, "upload_refused", `S3 refused the upload (HTTP ${response.status})`);
  return ticket.ticket_id;
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
