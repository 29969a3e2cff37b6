import { useState } from "react";
import { call, type Schemas } from "../api/client";
import { useI18n, type Translate } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { ErrorNotice, TableScroll, formatTime } from "../ui/components";
import { useConsole, usePaged } from "./context";
import { CsvDownload } from "./csvDialect";
import { json } from "./data";

/** A change as the caller's role reads it: admin and reviewers with the face's evidence, payroll without. */
export type Change = Schemas["AttendanceChange"] | Schemas["PayrollAttendanceChange"];
type Side = Change["before"];

/** The words of a change's action, as an event's own history says them. */
export const ACTION_LABEL: Record<Change["action"], MessageKey> = { confirm: "review.state.confirmed",
  reassign: "review.state.reassigned", reject: "review.state.rejected", add: "attendance.audit.add",
  flag: "attendance.audit.flag" };

/** Who made a change: the server itself said as such, else the actor's user name. */
export function actorText(t: Translate, change: Pick<Change, "actor" | "automatic">): string {
  return change.automatic ? t("attendance.audit.automatic") : change.actor;
}

/** A punch as a change found or left it: "Ann Able · entry · awaiting review"; "—" for none (before an add). */
export function sideText(t: Translate, side: Side): string {
  const parts = [side.employee?.full_name,
    side.event_type ? t(side.event_type === "entry" ? "event.check_in" : "event.check_out") : null,
    side.review_state ? t(`review.state.${side.review_state}` as MessageKey) : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : "—";
}

/** The changes to the period's punches, whenever made (GET /attendance/audit?occurred_from&occurred_to: a December
 * correction of a November punch shows on November's timesheet): who changed which punch, when, from what to what and
 * why; listed on request (a button: the Timesheet asks nothing more until then), with the CSV of them all (the same
 * query). `from`, `to`: days of the report zone. */
export function ChangesPanel({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <section className="stack" aria-labelledby="changes-title" data-testid="changes">
      <h3 id="changes-title">{t("changes.title")}</h3>
      <p>{t("changes.help")}</p>
      {shown ? <ChangesList from={from} to={to} />
        : <div className="row"><button type="button" className="secondary" onClick={() => setShown(true)}
          data-testid="changes-show">{t("changes.show")}</button></div>}
    </section>
  );
}

/** The changes' table, page by page, and the CSV of them all. */
function ChangesList({ from, to }: { from: string; to: string }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [csvError, setCsvError] = useState<unknown>(null);
  const changes = usePaged<Change>((cursor) => call(api.GET("/attendance/audit", {
    params: { query: { occurred_from: from, occurred_to: to, ...(cursor ? { cursor } : {}) } },
  })).then(json), [api, from, to]);
  return (
    <>
      <div className="row">
        <CsvDownload path="/attendance/audit" query={{ occurred_from: from, occurred_to: to }}
          filename={`facepass-changes-${from}-${to}.csv`} onError={setCsvError} testId="changes-csv" />
      </div>
      <ErrorNotice error={changes.error ?? csvError} />
      {!changes.loading && !changes.error && changes.items.length === 0 && <p data-testid="changes-empty">{t("changes.empty")}</p>}
      {changes.items.length > 0 && (
        <TableScroll label={t("changes.title")}>
          <table data-testid="changes-table">
            <thead><tr><th scope="col">{t("changes.when")}</th><th scope="col">{t("changes.who")}</th>
              <th scope="col">{t("changes.what")}</th><th scope="col">{t("attendance.employee")}</th>
              <th scope="col">{t("changes.punch")}</th><th scope="col">{t("changes.before")}</th>
              <th scope="col">{t("changes.after")}</th><th scope="col">{t("changes.note")}</th></tr></thead>
            <tbody>{changes.items.map((change) => <ChangeRow key={change.id} change={change} />)}</tbody>
          </table>
        </TableScroll>
      )}
      {changes.hasMore && (
        <button type="button" className="secondary" disabled={changes.loading} onClick={changes.more}
          data-testid="changes-more">{t("common.more")}</button>
      )}
    </>
  );
}

/** One change: when, who, what, whose punch and when it was, before → after, why. */
function ChangeRow({ change }: { change: Change }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  return (
    <tr data-testid="change" data-event={change.event_id}>
      <td>{formatTime(change.created_at, locale, calendar.timeZone)}</td>
      <td className="text" data-testid="change-actor">{actorText(t, change)}</td>
      <td data-testid="change-action">{t(ACTION_LABEL[change.action])}
        {change.self_review && <> <span className="badge warn">{t("attendance.audit.selfReview")}</span></>}</td>
      <td className="text">{change.employee?.full_name ?? "—"}
        {change.employee?.employee_number ? <small> · {change.employee.employee_number}</small> : null}</td>
      <td>{formatTime(change.occurred_at, locale, calendar.timeZone)} <small>#{change.event_id}</small>
        {change.in_closed_period && <> <span className="badge warn" data-testid="change-closed"
          title={t("changes.closed.title")}>{t("changes.closed")}</span></>}</td>
      <td className="text">{sideText(t, change.before)}</td>
      <td className="text">{sideText(t, change.after)}</td>
      <td className="text" data-testid="change-note">{change.note ?? "—"}</td>
    </tr>
  );
}
