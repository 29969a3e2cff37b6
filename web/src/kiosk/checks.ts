// Sending a check-in/out, and what the kiosk says about the answer.
import { ApiError, NetworkError, blobToBase64, call, type Api, type CheckResult } from "../api/client";
import type { MessageKey } from "../i18n/en";
import type { EventType } from "./offlineQueue";
import { serverNow } from "./serverClock";

export interface CheckOptions {
  key: string;
  capturedAt?: string;
  frames?: Blob[];
  challengeNonce?: string;
}

/** One photo, or (for a presence challenge) the burst of frames with the challenge's nonce. */
export async function sendCheck(api: Api, eventType: EventType, photo: Blob | null, options: CheckOptions): Promise<CheckResult> {
  const body = {
    ...(photo ? { image: await blobToBase64(photo) } : {}),
    ...(options.capturedAt ? { captured_at: options.capturedAt } : {}),
    ...(options.frames?.length ? { frames: await Promise.all(options.frames.map(blobToBase64)) } : {}),
    ...(options.challengeNonce ? { challenge_nonce: options.challengeNonce } : {}),
  };
  const init = { body, headers: { "Idempotency-Key": options.key } };
  if (eventType === "punch") return call(api.POST("/attendance/punch", init));
  return call(eventType === "check-in" ? api.POST("/attendance/check-in", init) : api.POST("/attendance/check-out", init));
}

/** Whether nobody stands at the kiosk: /identify records nothing, and answers 422 no_face for an empty frame, or
 * retry face_too_small for somebody far away (a passer-by, a poster). Automatic mode waits for one before it checks
 * again, so a person who stays (a stranger, a flagged punch) is not recorded again every cycle. Null: no answer at all
 * (the connection failed, or the request timed out); Busy: throttled or failed by the server (429, 5xx), so automatic
 * mode backs off before its next look; false for any other 4xx, the API's refusal of the picture (somebody is there)
 * and a 4xx that is not the API's alike (a proxy's 404 or 408): the frame is not taken as empty, so automatic mode
 * stays waiting rather than check again. */
export async function frameIsEmpty(api: Api, photo: Blob): Promise<boolean | null | Busy> {
  try {
    const found = await call(api.POST("/identify", { body: { image: await blobToBase64(photo) } }));
    return found.decision === "retry" && found.retry_reason === "face_too_small";
  } catch (error) {
    if (error instanceof ApiError && error.code === "no_face") return true;
    const busy = busyOf(error);
    if (busy) return busy;
    return error instanceof ApiError ? false : null; // a refusal of the picture's: somebody
  }
}

/** The server (or its gateway) throttled or failed a request: 429, or any 5xx. retryAfterMs: the wait its
 * Retry-After asked, if it said one. */
export interface Busy {
  busy: true;
  retryAfterMs: number | undefined;
}

export function busyOf(error: unknown): Busy | null {
  return error instanceof ApiError && (error.status === 429 || error.status >= 500)
    ? { busy: true, retryAfterMs: error.retryAfterMs } : null;
}

/** Which way an answered check was recorded: the event's own type, which the server decided for a punch. */
export type Direction = "entry" | "exit";

/** What the big screen shows after an answer. `at` (RFC 3339): a recorded check, the time the event was recorded at
 * (its occurred_at; a repeat's, the earlier punch it repeats); a queued one, its capture time, which the server
 * records it at when it is sent (captured_at). The screen says it on the kiosk's clock: the person has a time to
 * quote. */
export type Outcome =
  // eventId, disputable: the "Not you?" button and the press it sends to review, as the server named it
  // (dispute_event_id: this press's own row, a repeat's too, while enough of the server's window is left; never one
  // sent from the queue)
  // disputeForMs: how long the button may be offered from now (monotonic), so that its dispute, given
  // DISPUTE_DEADLINE_MS, reaches the server before dispute_until (on the server's clock)
  | { kind: "recorded"; name: string; direction: Direction; repeated: boolean; at: string; eventId: number;
      disputable: boolean; disputeForMs: number }
  // "Not you?" pressed: being sent (tried again over a lost connection or a server fault)
  | { kind: "disputing" }
  // "Not you?" answered: sent to HR (the punch no longer counts for `name`, the name the result showed), or not
  | { kind: "disputed"; name: string }
  // late: the server's window was over; unanswered: no answer by DISPUTE_DEADLINE_MS; reason: for the unsent log
  | { kind: "dispute_failed"; late: boolean; unanswered?: boolean; reason?: string }
  | { kind: "manager"; detail: MessageKey }
  | { kind: "retry"; reason: string }
  // soon: the API answered (throttled, busy), so not "when the connection is back"
  | { kind: "queued"; soon: boolean; eventType: EventType; at: string }
  // to be queued, but the tablet's storage refused it (IndexedDB full or unavailable): neither saved nor known sent
  | { kind: "not_saved"; eventType: EventType; at: string };

const RETRY_ERROR_CODES = new Set(["no_face", "presentation_attack", "challenge_failed", "multiple_faces"]);

export function outcomeOf(result: CheckResult, now = serverNow().getTime()): Outcome {
  const identification = result.identification;
  // decision "retry" (the photo is too poor to search) comes with no event: nothing was recorded.
  if (identification.decision === "retry" || !result.event) {
    return { kind: "retry", reason: identification.retry_reason ?? "generic" };
  }
  const event = result.event;
  if (event.status === "recognized" && event.employee && event.event_type && event.review_state !== "pending") {
    // dispute_until is on the server's clock: read against the kiosk's estimate of it once, then timed on the
    // monotonic clock (the tablet's own clock may jump meanwhile).
    const until = result.dispute_until ? Date.parse(result.dispute_until) : NaN;
    const disputeForMs = Number.isFinite(until) ? until - now - DISPUTE_DEADLINE_MS : 0;
    return { kind: "recorded", name: event.employee.full_name, direction: event.event_type, repeated: result.repeated,
      at: event.occurred_at, eventId: result.dispute_event_id ?? event.id, disputeForMs,
      disputable: result.dispute_event_id != null && !event.offline && disputeForMs > 0 };
  }
  if (event.status === "ambiguous" || identification.decision === "ambiguous") return { kind: "manager", detail: "kiosk.manager.ambiguous" };
  if (event.status === "unknown") return { kind: "manager", detail: "kiosk.manager.unknown" };
  if (event.review_reasons?.includes("multiple_faces")) return { kind: "manager", detail: "kiosk.manager.multiple_faces" };
  return { kind: "manager", detail: "kiosk.manager.flagged" };
}

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** The API answered but could not record the check now (throttled, the gateway, a database fault or a conflict
 * PostgreSQL broke: nothing written): the check is kept and sent again with the same key, as when the network
 * is down, so the punch is not lost and cannot be recorded twice. */
export function isTransient(error: unknown): boolean {
  // A 500 without the API's error body is API Gateway's own: the device authorizer failed (the database is down)
  // or the function crashed or timed out. Nothing is known to be written, and the key makes a resend safe.
  return error instanceof ApiError && (TRANSIENT_STATUSES.has(error.status)
    || (error.status === 500 && error.code === "http_500"));
}

/** A queued check's resend answered 422 idempotency_key_reused: its key (random, this check's alone) was taken by
 * its own first send, whose answer was lost, with a body that differed only by `captured_at`. The server recorded
 * that first send: the check is done, never "refused". */
export function alreadyRecorded(error: unknown): boolean {
  return error instanceof ApiError && error.code === "idempotency_key_reused";
}

/** 409 request_in_progress: the first send with this key (given up by the kiosk after its timeout) is still being
 * processed. Its answer will be replayed: ask again later. */
export function stillRunning(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === "request_in_progress";
}

/** A saved check's resend refused for good, for what that check is (taken too long ago, a damaged photo, a challenge
 * that expired): a 4xx with the API's own error code, or a 413 (its body is too large, even the gateway's own 413).
 * Sending it again can never succeed, so it is given up at once and the checks behind it go on. Not one: a 4xx with
 * no API error body (`http_404` from a proxy, a captive portal, a stage being deployed) or a 408, which say nothing
 * about this check: the queue treats them as an outage and keeps everything. (429, 401/403, request_in_progress and
 * idempotency_key_reused are told apart before this is asked.) */
export function refusedForGood(error: unknown): error is ApiError {
  if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) return false;
  if (error.status === 413) return true;
  return error.status !== 408 && error.status !== 429 && error.code !== `http_${error.status}`;
}

/** A 4xx that is not the API's answer (no API error body: a proxy's or a captive portal's 404, a stage being
 * deployed; any 408): it says nothing of the request, which may never have reached the API. Like a lost connection:
 * the queue keeps every check and waits (an outage), and a typed punch is saved on the tablet. 401/403 (the kiosk
 * unpaired) are told apart before this is asked. */
export function notTheApisAnswer(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429
    && !refusedForGood(error);
}

/** A refusal the person in front of the kiosk can fix by trying again (no face, not live, ...), or the system's own
 * failure (5xx that is not transient): "try again" without blaming the picture. */
export function retryOutcome(error: unknown): Outcome | null {
  if (error instanceof ApiError && error.status === 422 && RETRY_ERROR_CODES.has(error.code)) {
    return { kind: "retry", reason: error.code };
  }
  if (error instanceof ApiError && error.status >= 500) return { kind: "retry", reason: "server" };
  return null;
}

/** A "Not you?" is given this long in all, its tries and the waits between them included: past it the kiosk says it
 * could not be sent (tell HR). The server offers the button only while its dispute window has at least the kiosk's
 * button time plus this left (dispute.OFFER_MARGIN), so a dispute sent in time is never refused as too late. */
export const DISPUTE_DEADLINE_MS = 10_000;
/** One try of a "Not you?" is given up after this long (or what is left of the deadline) as a lost connection. */
export const DISPUTE_TRY_TIMEOUT_MS = 4_000;
/** How long "Not you?" waits before each new try after a lost connection or a server fault (5xx, 429): the route is
 * idempotent (a punch disputed already is answered the same, nothing written), so a try whose answer was lost is
 * safe to repeat. Never past DISPUTE_DEADLINE_MS. */
export const DISPUTE_RETRY_DELAYS_MS = [500, 1_000, 2_000];

/** Whether the server did not decide a request: it was lost (NetworkError), or the server or the gateway failed or
 * throttled it (5xx, 429). Such a "Not you?" is worth another try, and such a typed punch is kept on the tablet and
 * sent again; a 4xx with the API's answer (too late, decided by HR, a field refused, ...) is final. */
export function undecided(error: unknown): boolean {
  return error instanceof NetworkError || busyOf(error) !== null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => { window.setTimeout(resolve, ms); });

/** A "Not you?" try given up with no answer by its time (a NetworkError: tried again as a lost connection is). */
class NoAnswer extends NetworkError {}

/** The request, or a NoAnswer once `ms` passed without its answer (the request is left to finish unread: the
 * route is idempotent). */
function within<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: number | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = window.setTimeout(() => reject(new NoAnswer("dispute_timeout")), Math.max(ms, 0));
  });
  return Promise.race([request, timeout]).finally(() => window.clearTimeout(timer));
}

/** "Not you?": the person the kiosk named wrongly sends that press to HR's review (POST /attendance/{id}/dispute),
 * within the server's window after it was recorded; a try lost or failed by the server is made again
 * (DISPUTE_RETRY_DELAYS_MS), all within DISPUTE_DEADLINE_MS on the monotonic clock, so a network blip does not lose
 * it and an outage does not hold it long. The outcome: sent, or not (too late: the server's 409
 * dispute_window_over; `unanswered`: no answer by the deadline; `reason`: the error code, for the kiosk's log of what
 * HR must be told). An authorization failure (the kiosk unpaired) is thrown, for the caller to handle as every kiosk
 * request's. */
export async function sendDispute(api: Api, eventId: number, name: string,
  deadlineMs = DISPUTE_DEADLINE_MS): Promise<Outcome> {
  const ends = performance.now() + deadlineMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const left = ends - performance.now();
      if (left <= 0) throw new NoAnswer("dispute_deadline");
      await within(call(api.POST("/attendance/{event_id}/dispute", { params: { path: { event_id: eventId } } })),
        Math.min(DISPUTE_TRY_TIMEOUT_MS, left));
      return { kind: "disputed", name };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
      const delay = DISPUTE_RETRY_DELAYS_MS[attempt];
      const left = ends - performance.now();
      if (delay !== undefined && undecided(error) && left > delay) {
        await sleep(delay);
        continue;
      }
      const late = error instanceof ApiError && error.code === "dispute_window_over";
      // Its last try unanswered by the deadline, or failed (the connection lost, a server fault, a refusal).
      const unanswered = error instanceof NoAnswer;
      return { kind: "dispute_failed", late, unanswered,
        reason: error instanceof ApiError ? error.code : unanswered ? "dispute_unanswered" : "dispute_not_sent" };
    }
  }
}

/** "No Face ID?": the payroll number typed and the way, no photo or frame. The server answers the same "sent to HR to
 * check" whatever the number (never a name); the punch awaits HR's review. capturedAt: a press kept on the tablet
 * and sent later (the server records it for then, `offline`); the key is the press's own, so a resend after a lost
 * answer is replayed (the server's fingerprint leaves captured_at out). */
export async function sendFaceFree(api: Api, employeeNumber: string, direction: Direction, key: string,
  capturedAt?: string): Promise<void> {
  await call(api.POST("/attendance/face-free", {
    body: { employee_number: employeeNumber.trim(), event_type: direction,
      ...(capturedAt ? { captured_at: capturedAt } : {}) },
    headers: { "Idempotency-Key": key },
  }));
}
