import { useMemo, useState } from "react";
import { ApiError, call, type AttendanceEvent, type Person, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, formatDateIn, formatTime } from "../../ui/components";
import { decidedWithoutText, punchConflict, reviewConflictText } from "../conflicts";
import { useConsole } from "../context";
import { faceIdWithdrawn, isErased, personLabel } from "../data";
import { OwnPunchNote, useLeftOut, useOwnPunch } from "../ownPunch";
import { useSendOnce } from "../sendOnce";

type Action = "confirm" | "reassign" | "reject";

/** Confirm, reassign or reject one event, with a note (POST /attendance/{id}/review, audited): the review queue
 * uses it for flagged events, the attendance list to correct any event. `people` is everyone, active or not (names
 * of candidates); active people are offered as the right person, and a leaver for a punch taken before they left. A rejection or reassignment changes what
 * payroll counts, so it waits for a note, the reason the audit trail keeps (the API refuses one without it: 422
 * note_required), and so do a confirmation turning the punch's direction and a decision forced over a conflict. A kiosk punch is never given to a person whose Face ID is withdrawn (409 consent_withdrawn): they
 * are offered disabled, said why. A leaver is offered for a punch taken before they left, "(left on …)". One decision at a time: a double click sends it once. When another admin decided the
 * event meanwhile (409 review_stale), the decision says theirs and waits for the event to be reloaded (`onReload`):
 * the buttons are off until then, and the note typed stays. The direction (entry or exit) shows the stored one; one
 * the reviewer picks goes with a confirmation or reassignment (stored as HR's), else the server keeps it or, for a
 * server-decided punch reassigned, decides it for the new person. */
export function ReviewDecision({ event, candidates, people, onDone, onReload }: { event: AttendanceEvent;
  candidates: string[]; people: Person[]; onDone: () => void; onReload: () => void }) {
  const { api, calendar } = useConsole();
  // Separation of duties: the reviewer's own punch is another reviewer's to decide (no action offered), and the
  // punch is never given to the reviewer (they are left out of the list), unless self-review is allowed.
  const own = useOwnPunch(event);
  const leftOut = useLeftOut();
  const { t, locale } = useI18n();
  const [note, setNote] = useState("");
  const [other, setOther] = useState("");
  // null: the stored direction (not sent); else the one the reviewer picked.
  const [direction, setDirection] = useState<"entry" | "exit" | null>(null);
  const chosen = direction !== null && direction !== event.event_type ? direction : null;
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();
  const byId = useMemo(() => new Map(people.map((person) => [person.id, person])), [people]);
  // Who may get the punch (the API's rule): an active person, or a leaver for a punch taken before they left; never
  // a kiosk punch (not one HR typed) for someone whose Face ID is withdrawn or whose biometric data was erased.
  // A punch typed at the kiosk without Face ID carries no photo nor score: it may become a withdrawn person's.
  // An erased person gets no punch HR did not type, a typed one at the kiosk neither (409 employee_erased).
  const kioskPunch = !event.entered_by && !(event.review_reasons ?? []).includes("face_free");
  const takenAt = Date.parse(event.occurred_at);
  const leaver = (person: Person) => !person.is_active && !!person.deactivated_at
    && takenAt < Date.parse(person.deactivated_at) && !(!event.entered_by && isErased(person));
  const assignable = (person: Person) => person.id !== leftOut && (person.is_active || leaver(person));
  const withdrawn = (person: Person) => kioskPunch && faceIdWithdrawn(person);
  const activeCandidates = candidates.filter((id) => { const person = byId.get(id); return !!person && assignable(person); });
  function choice(person: Person, key: string, label: string) {
    if (withdrawn(person)) {
      return <option key={key} value={person.id} disabled>{t("review.reassign.withdrawn", { name: person.full_name })}</option>;
    }
    return <option key={key} value={person.id}>{leaver(person)
      ? t("review.reassign.left", { name: person.full_name, date: formatDateIn(person.deactivated_at as string, calendar.timeZone) })
      : label}</option>;
  }
  const noteNeeded = !note.trim();
  // A direction picked over the stored one turns the punch: the API wants a note (422 note_required).
  const turning = chosen !== null;
  const hintId = `note-hint-${event.id}`;

  // A confirmation, reassignment or rejection that would undo a counted shift is refused (409 punch_conflict) and
  // said; HR may then do it anyway (force), knowing which shift it changes.
  const [refused, setRefused] = useState<Action | null>(null);
  // The event's revision when the API said someone else had decided it: stale until it is reloaded (a reload
  // brings a newer revision, also when the other decision left the state's name as it was: reassigned twice).
  const [staleFrom, setStaleFrom] = useState<number | null>(null);
  const expected = event.review_state ?? "none";
  const revision = event.revision ?? 0;
  const stale = reviewStale(error);
  const outdated = stale !== null && staleFrom === revision;

  function decide(action: Action, force = false) {
    if (!outdated) void once(() => send(action, force));
  }

  async function send(action: Action, force: boolean) {
    setError(null);
    setRefused(null);
    const asKnown = expected;
    const seen = revision;
    try {
      await call(api.POST("/attendance/{event_id}/review", {
        params: { path: { event_id: event.id } },
        body: { action, ...(action === "reassign" ? { employee_id: other } : {}), ...(note.trim() ? { note: note.trim() } : {}),
          ...(action !== "reject" && chosen ? { event_type: chosen } : {}),
          force, expected_state: asKnown, expected_revision: seen },
      }));
      onDone();
    } catch (cause) {
      setError(cause);
      setStaleFrom(reviewStale(cause) ? seen : null);
      if (punchConflict(cause)) setRefused(action);
    }
  }

  const conflict = punchConflict(error);
  if (own === "refused") return <OwnPunchNote own={own} />;
  return (
    <div className="stack">
      {own === "allowed" && <OwnPunchNote own={own} />}
      <label>{t("review.note")}<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} /></label>
      {noteNeeded && <p className="hint" id={hintId} data-testid="note-hint">{t("review.note.needed")}</p>}
      <div className="row">
        <label>{t("review.direction")}
          <select value={direction ?? event.event_type ?? ""} data-testid="review-direction"
            onChange={(e) => { setDirection(e.target.value as "entry" | "exit"); setRefused(null); if (!outdated) setError(null); }}>
            {!event.event_type && direction === null && <option value="">—</option>}
            <option value="entry">{t("review.direction.entry")}</option>
            <option value="exit">{t("review.direction.exit")}</option>
          </select>
        </label>
        {event.employee && <button type="button" disabled={busy || outdated || (turning && noteNeeded)}
          aria-describedby={turning && noteNeeded ? hintId : undefined} onClick={() => void decide("confirm")}>{t("review.confirm")}</button>}
        <label>{t("review.reassign")}
          <select value={other} onChange={(e) => { setOther(e.target.value); setRefused(null); if (!outdated) setError(null); }}>
            <option value="">—</option>
            {activeCandidates.map((id) => choice(byId.get(id) as Person, `c-${id}`, personLabel(t, byId, id)))}
            {people.filter((p) => assignable(p) && !activeCandidates.includes(p.id))
              .map((p) => choice(p, p.id, p.full_name))}
          </select>
        </label>
        <button type="button" className="secondary" disabled={busy || outdated || !other || noteNeeded}
          aria-describedby={noteNeeded ? hintId : undefined} onClick={() => void decide("reassign")}>{t("review.reassign.go")}</button>
        <button type="button" className="danger" disabled={busy || outdated || noteNeeded} aria-describedby={noteNeeded ? hintId : undefined}
          onClick={() => void decide("reject")}>{t("review.reject")}</button>
      </div>
      {conflict && refused ? (
        <div data-testid="review-conflict">
          <Notice kind="error">{reviewConflictText(t, conflict, locale, calendar.timeZone,
            (id) => personLabel(t, byId, id), refused)}</Notice>
          <button type="button" className="danger" disabled={busy || noteNeeded} aria-describedby={noteNeeded ? hintId : undefined}
            onClick={() => void decide(refused, true)}>
            {t("review.force")}</button>
        </div>
      ) : outdated ? (
        <div className="stack" data-testid="review-stale">
          <Notice kind="error">{stale.turned ? t("review.stale.turned", {
            who: stale.turned.by ?? t("review.stale.someone"),
            direction: stale.turned.eventType ? t(`review.direction.${stale.turned.eventType}` as MessageKey) : "—",
            event: String(stale.turned.withEventId ?? "—"),
            time: formatTime(stale.turned.at, locale, calendar.timeZone) })
            : stale.flag ? (stale.flag.reason
            ? t(LOST_CAUSES.includes(stale.flag.reason.cause) ? "review.stale.flagged.lost" : "review.stale.flagged",
              { time: formatTime(stale.flag.at, locale, calendar.timeZone),
              reason: decidedWithoutText(t, stale.flag.reason, locale, calendar.timeZone) })
            : t(stale.flag.disputed ? "review.stale.flagged.disputed" : "review.stale.flagged.plain",
              { time: formatTime(stale.flag.at, locale, calendar.timeZone) }))
            : t("review.stale", {
            who: stale.reviewedBy ?? t("review.stale.someone"),
            state: stale.employeeId && stale.state !== "rejected"
              ? t("review.stale.to", { state: t(`review.state.${stale.state}` as MessageKey),
                person: personLabel(t, byId, stale.employeeId) })
              : t(`review.state.${stale.state}` as MessageKey),
            time: formatTime(stale.reviewedAt, locale, calendar.timeZone) })}</Notice>
          <div><button type="button" onClick={onReload}>{t("review.stale.reload")}</button></div>
        </div>
      ) : stale ? null : <ErrorNotice error={error} />}
    </div>
  );
}

// A flag's causes where the punch the event was decided with stopped counting (not one that arrived late).
const LOST_CAUSES: Schemas["DecidedWithout"]["cause"][] = ["rejected", "taken_away", "disputed"];

/** A 409 review_stale: what the other admin decided (details: review_state, employee_id, reviewed_by, reviewed_at),
 * or, `flag`, that FacePass itself sent the event back to review (details: automatic, changed_at, decided_without),
 * or, `turned`, that a reviewer turned this pending repeat with the press it repeats, deciding nothing (details:
 * turned {by, at, with_event_id, event_type}, from its flag audit row). */
function reviewStale(error: unknown): { state: string; employeeId: string | null; reviewedBy: string | null;
  reviewedAt: string | null; flag: { at: string | null; reason: Schemas["DecidedWithout"] | null; disputed: boolean }
    | null; turned: { by: string | null; at: string | null; withEventId: number | null;
      eventType: "entry" | "exit" | null } | null } | null {
  if (!(error instanceof ApiError) || error.code !== "review_stale") return null;
  const details = (error.details ?? {}) as { review_state?: string; employee_id?: string | null;
    reviewed_by?: string | null; reviewed_at?: string | null; automatic?: boolean; changed_at?: string | null;
    decided_without?: Schemas["DecidedWithout"] | null; disputed?: boolean;
    turned?: { by?: string | null; at?: string | null; with_event_id?: number | null; event_type?: string | null }
      | null };
  const turned = details.turned;
  const state = ["none", "pending", "confirmed", "reassigned", "rejected"].includes(details.review_state ?? "")
    ? details.review_state! : "none";
  return { state, employeeId: details.employee_id ?? null, reviewedBy: details.reviewed_by ?? null,
    reviewedAt: details.reviewed_at ?? null,
    flag: details.automatic ? { at: details.changed_at ?? null, reason: details.decided_without ?? null,
      disputed: details.disputed === true } : null,
    turned: turned ? { by: turned.by ?? null, at: turned.at ?? null, withEventId: turned.with_event_id ?? null,
      eventType: turned.event_type === "entry" || turned.event_type === "exit" ? turned.event_type : null } : null };
}
