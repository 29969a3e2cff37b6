import { call, type Employee, type Schemas } from "../../api/client";
import { reasonText, useI18n, type Translate } from "../../i18n";
import { ErrorNotice, formatMinutes, formatTime } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { ABSENCE_KINDS, kindWords, type AbsenceKind } from "../absences";
import { employeeFields } from "../fieldLabels";

type Change = Schemas["EmployeeAuditEntry"];

/** The actor of a face stored from a ticket made before tickets named their requester (authz.UNKNOWN_REQUESTER). */
const UNKNOWN_REQUESTER = "FacePass (automatic): unknown requester";

/** Every change of the person's record (GET /employees/{id}/audit, oldest first): who changed which field, when,
 * from what to what; the values given at creation read as such. Read again whenever the person is (a save, a
 * reload after someone else's save, an erasure, a consent recorded) and after a face enrolled or removed or a
 * decision on a held photo (`facesChanged` counts them). */
export function EmployeeHistory({ person, facesChanged }: { person: Employee; facesChanged: number }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const changes = useAsync(() => call(api.GET("/employees/{employee_id}/audit",
    { params: { path: { employee_id: person.id } } })), [api, person.id, person.updated_at, person.erased_at,
    person.biometric_consent?.recorded_at, person.consent_withdrawn_at, facesChanged]); // a consent recorded moves no updated_at
  const labels: Record<Change["field"], string> = { full_name: "", email: "", department: "", timezone: "", face: "",
    reactivation_forced: "", biometrics: "", biometric_consent: "", employee_number: "", absence: "", schedule: "", ...employeeFields(t), is_active: t("employees.history.status") };
  const items = changes.data?.items ?? [];
  const created = creationRows(items);
  return (
    <section className="card stack" aria-labelledby="history-title">
      <h3 id="history-title">{t("employees.history")}</h3>
      <ErrorNotice error={changes.error} />
      {changes.data && (
        <ul className="people" data-testid="employee-history">
          {items.length === 0 && <li>{t("employees.history.empty")}</li>}
          {items.map((change, index) => {
            const words = { time: formatTime(change.created_at, locale, calendar.timeZone),
              actor: change.actor === "FacePass (automatic)" ? t("attendance.audit.automatic") : change.actor,
              field: labels[change.field] || change.field,
              before: valueText(t, change, change.before, calendar.timeZone),
              after: valueText(t, change, change.after, calendar.timeZone) };
            // Done by the person whose record it is (FACEPASS_ALLOW_SELF_REVIEW), as the attendance audit says it.
            const own = change.self_review ? <>{" · "}<span className="badge warn" data-testid="history-self-review">
              {t("employees.history.selfReview")}</span></> : null;
            const held = heldDecision(change);
            if (held) {
              const reason = reasonText(t, held.reason);
              return <li key={index} data-testid="history-held">{held.refused
                ? t("employees.history.heldRefused", { ...words, reason })
                : t("employees.history.heldConfirmed", { ...words, reason, face: change.after ?? "" })}{own}</li>;
            }
            if (change.field === "biometric_consent") { // recorded (after: the reference or "recorded"), or withdrawn
              const recorded = change.after !== null && change.after !== undefined;
              const value = recorded ? change.after : change.before;
              const reference = value && value !== "recorded" ? t("employees.history.consentReference", { reference: value }) : "";
              // Ended by the employee's withdrawal (its `biometrics` row, same transaction) or by an erasure.
              const ended = withdrawnAt(items, change) ? "employees.history.consentEndedByWithdrawal"
                : "employees.history.consentWithdrawn";
              return <li key={index} data-testid="history-consent">{t(recorded ? "employees.history.consentRecorded"
                : ended, { ...words, reference })}{own}</li>;
            }
            if (change.field === "biometrics") { // after: "erased" (an erasure), "withdrawn" (the person stays) or
              // "expired" (the daily cleanup, the grace after leaving over)
              return <li key={index} data-testid="history-erasure">{t(change.after === "withdrawn"
                ? "employees.history.withdrawal" : change.after === "expired" ? "employees.history.expired"
                  : "employees.history.erasure", words)}{own}</li>;
            }
            if (change.field === "absence") { // "<day> <kind> <minutes>": added (after), deleted (before), or
              // changed (both, each "<day> <kind> <minutes>[ <note>]")
              const added = change.after !== null && change.after !== undefined;
              const was = change.before !== null && change.before !== undefined;
              if (added && was) {
                return <li key={index} data-testid="history-absence">{t("employees.history.absenceChanged",
                  { ...words, before: absenceText(t, change.before ?? ""), after: absenceText(t, change.after ?? "") })}{own}</li>;
              }
              return <li key={index} data-testid="history-absence">{t(added ? "employees.history.absenceAdded"
                : "employees.history.absenceDeleted", { ...words, absence: absenceText(t, (added ? change.after : change.before) ?? "") })}{own}</li>;
            }
            if (change.field === "schedule") { // the schedule's name then, before and after (none: no schedule)
              return <li key={index} data-testid="history-schedule">{t("employees.history.schedule", words)}{own}</li>;
            }
            if (change.field === "face" && (change.before === null || change.before === undefined)) {
              // A face stored from an upload ticket (migration 0037): its requester, who put the face on the record.
              const by = change.actor === UNKNOWN_REQUESTER ? t("employees.history.unknownRequester") : words.actor;
              return <li key={index} data-testid="history-face-enrolled">{t("employees.history.faceEnrolled",
                { ...words, actor: by, face: change.after ?? "" })}{own}</li>;
            }
            const line = change.field === "face" ? "employees.history.faceRemoved"
              : change.field === "reactivation_forced" ? "employees.history.reactivationForced"
              : index < created ? "employees.history.created" : "employees.history.entry";
            return <li key={index}>{t(line, words)}{own}</li>;
          })}
        </ul>
      )}
    </section>
  );
}

/** A decision on a held photo (`face`, before `held <reason_code> <ticket_id>`): why it was held, and whether it was
 * refused (after `refused`) or enrolled (after the new face's id). Null for a face removal or any other change. */
function heldDecision(change: Change): { reason: string; refused: boolean } | null {
  if (change.field !== "face" || !change.before?.startsWith("held ")) return null;
  return { reason: change.before.split(" ")[1] ?? "", refused: change.after === "refused" };
}

/** Whether a change was written with a withdrawal of consent: a `biometrics` row "withdrawn" of the same time. */
function withdrawnAt(items: Change[], change: Change): boolean {
  return items.some((item) => item.field === "biometrics" && item.after === "withdrawn"
    && item.created_at === change.created_at);
}

/** How many rows the creation wrote: the first ones, from null, all stamped with the same time. */
function creationRows(items: Change[]): number {
  const first = items[0];
  if (!first || first.before !== null) return 0;
  const count = items.findIndex((item) => item.created_at !== first.created_at || item.before !== null);
  return count === -1 ? items.length : count;
}

/** An absence as its History row writes it (`2026-11-03 vacation 480`; a change's with its note after the minutes,
 * `2026-11-03 sick 240 flu`), in words: "2026-11-03, Vacation, 8:00" ("2026-11-03, Sick leave, 4:00 (flu)"). */
function absenceText(t: Translate, value: string): string {
  const [day, kind, minutes, ...note] = value.split(" ");
  if (!day || !kind || !minutes || !(ABSENCE_KINDS as readonly string[]).includes(kind)) return value;
  const text = `${day}, ${kindWords(t, kind as AbsenceKind)}, ${formatMinutes(Number(minutes))}`;
  return note.length > 0 ? `${text} (${note.join(" ")})` : text;
}

function valueText(t: Translate, change: Change, value: string | null | undefined, reportZone: string): string {
  if (change.field === "is_active") return value === "true" ? t("employees.active") : t("employees.inactive");
  if (value === null || value === undefined) return change.field === "timezone" ? reportZone : t("employees.history.none");
  return value;
}
