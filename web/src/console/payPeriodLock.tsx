import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, call, downloadCsv, type Schemas } from "../api/client";
import { useI18n } from "../i18n";
import { ErrorNotice, Notice, formatMinutes, formatTime } from "../ui/components";
import { useConsole } from "./context";
import { addDays, personDaysHref, reviewDaysHref, reviewIdsHref } from "./attendanceLinks";
import { useSendOnce } from "./sendOnce";
import { useCsvDialect } from "./csvDialect";

type Lock = Schemas["PayPeriodLock"];
type Change = Schemas["PayPeriodLockChange"];

/** A close refused (409 period_undecided): what the newly closed days still hold, as the API's details say it. */
type Undecided = {
  pending_reviews: number; days_without_exit: number; days_without_entry: number;
  /** People whose Face ID was withdrawn (time typed by HR) with no counted punch on those days (kind without_time). */
  people_without_time?: number;
  /** Correction requests nobody answered about those days (kind open_correction), and the first of them: whose and
   * which day (never the employee's note: the reviewers', on the Review page). */
  open_corrections?: number;
  corrections?: { id: number; employee_id: string; full_name: string; date: string }[];
  date_from: string; date_to: string; first_day: string; last_day: string;
  /** The punches awaiting review counted (the review link lists exactly them); what Close anyway sends back, so
   * that a close is forced only over what was shown; `changed`: refused again because it changed meanwhile. The
   * API lists the ids whenever pending_reviews > 0. */
  pending_event_ids: number[]; fingerprint?: string; changed?: boolean;
  items: { employee_id: string | null; full_name: string | null; date: string; kind: string; count: number }[];
};

/** The longest period the timesheet shows (the API's TIMESHEET_MAX_DAYS). */
const TIMESHEET_MAX_DAYS = 92;

/** A calendar day (YYYY-MM-DD) as a reader says it ("30 Nov 2026"). */
export function dayWords(date: string, locale: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The pay-period lock on the Timesheet: "Closed through … by … on …", a Close period button (asks first, with a
 * note) and Reopen (asks, a note required). A close over days still holding punches awaiting review or shifts
 * missing a punch is refused by the API (period_undecided): the form says what and where, links to them, and offers
 * "Close anyway" (force). `from`, `to`: the period the page shows (the dates offered first); `onChange`: after a
 * close or reopen (the timesheet reads its closed_through again); `onShow`: show these days on the timesheet. */
export function PayPeriodLockPanel({ from, to, onChange, onShow }: { from: string; to: string; onChange: () => void;
  onShow?: (first: string, last: string) => void }) {
  const { api, calendar, can } = useConsole();
  const { t, locale } = useI18n();
  const [lock, setLock] = useState<Lock | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<"close" | "reopen" | null>(null);
  const [date, setDate] = useState("");
  const [note, setNote] = useState("");
  // One close or reopen at a time: a double click would send the same expected date twice, and the second would be
  // refused as if someone else had moved the lock.
  const { once, busy } = useSendOnce();
  // Another tab or person moved the lock while this page showed it (409 lock_changed): what it is now.
  const [changed, setChanged] = useState<string | null>(null);
  // The days a close would close still hold something undecided (409 period_undecided): shown, with Close anyway.
  const [undecided, setUndecided] = useState<Undecided | null>(null);
  // A close made anyway signs what is undecided: it needs a reason (the API: 422 force_note_required).
  const noteField = useRef<HTMLTextAreaElement>(null);
  const noteRequired = asking === "reopen" || (asking === "close" && undecided !== null);
  const force = () => {
    const field = noteField.current;
    if (!note.trim()) {  // the browser says why, on the field; nothing sent
      field?.setCustomValidity(t("error.force_note_required"));
      field?.focus();
      field?.reportValidity();
      return;
    }
    void once(() => send(true));
  };

  const load = useCallback(() => {
    call(api.GET("/payroll/lock")).then(setLock, setError);
  }, [api]);
  useEffect(load, [load]);

  const closed = lock?.closed_through ?? null;
  const ask = (what: "close" | "reopen") => {
    setError(null);
    setChanged(null);
    setUndecided(null);
    setNote("");
    // Close through the page's last day, or the latest day that can be closed now (over in every zone, its longest
    // shift ended), whichever is earlier.
    if (what === "close") setDate(lock && lock.latest_closable < to ? lock.latest_closable : to);
    // Reopen what the page shows (the day before its first day), else the last closed day.
    else setDate(closed && from <= closed ? addDays(from, -1) : addDays(closed ?? from, -1));
    setAsking(what);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void once(send);
  };
  const send = async (force = false) => {
    setError(null);
    setChanged(null);
    try {
      // The date this page showed: moved meanwhile, the API refuses (409 lock_changed) rather than take a stale
      // close of an earlier day as a reopen. force: only once the reader saw what is undecided and chose it.
      setLock(await call(api.POST("/payroll/lock", {
        body: { closed_through: date || null, note: note.trim() || null, expected_closed_through: closed,
          force, ...(force && undecided?.fingerprint ? { undecided_fingerprint: undecided.fingerprint } : {}) },
      })));
      setAsking(null);
      setUndecided(null);
      onChange();
    } catch (failed) {
      if (failed instanceof ApiError && failed.code === "period_undecided" && asking === "close") {
        setUndecided(failed.details as Undecided);
        return;
      }
      if (failed instanceof ApiError && failed.code === "lock_changed") {
        const now = (failed.details ?? {}) as { closed_through?: string | null; changed_by?: string | null; changed_at?: string | null };
        setChanged(t(now.closed_through ? "payroll.changed" : "payroll.changed.open", {
          date: now.closed_through ? dayWords(now.closed_through, locale) : "",
          who: now.changed_by ?? "—", when: formatTime(now.changed_at ?? null, locale, calendar.timeZone),
        }));
        setAsking(null);
        load();
        onChange();
      } else {
        setError(failed);
      }
    }
  };

  return (
    <div className="stack" data-testid="pay-period-lock">
      {lock && <LockBanner lock={lock} />}
      {changed && <Notice kind="error"><span data-testid="pay-period-changed">{changed}</span></Notice>}
      {/* Close and reopen: admins and payroll only (a reviewer sees the state). */}
      {!asking && lock && can.closePeriods && (
        <div className="row">
          <button type="button" onClick={() => ask("close")} data-testid="pay-period-close">{t("payroll.close")}</button>
          {closed && <button type="button" className="secondary" onClick={() => ask("reopen")}
            data-testid="pay-period-reopen">{t("payroll.reopen")}</button>}
        </div>
      )}
      {asking && (
        <form className="stack" onSubmit={submit} data-testid="pay-period-form">
          <p>{t(asking === "close" ? "payroll.close.ask" : "payroll.reopen.ask")}</p>
          <div className="row">
            <label>{t("payroll.through")}<input type="date" value={date}
              max={asking === "close" ? lock?.latest_closable : closed ?? undefined}
              onChange={(e) => { setDate(e.target.value); setUndecided(null); }} required={asking === "close"}
              data-testid="pay-period-date" /></label>
          </div>
          <label>{t(noteRequired ? "payroll.note.required" : "payroll.note")}
            {/* Closing anyway: marked required, checked when Close anyway is pressed (a plain close, retried once
                what was undecided is settled, needs none). */}
            <textarea ref={noteField} value={note} maxLength={1000} required={asking === "reopen"}
              aria-required={noteRequired} data-testid="pay-period-note"
              onChange={(e) => { e.target.setCustomValidity(""); setNote(e.target.value); }} /></label>
          {undecided && asking === "close" && <UndecidedDays undecided={undecided} through={date} busy={busy}
            onForce={force} onShow={onShow} />}
          <div className="row">
            <button type="submit" disabled={busy} data-testid="pay-period-confirm">
              {t(asking === "close" ? "payroll.close.confirm" : "payroll.reopen.confirm")}</button>
            <button type="button" className="secondary" onClick={() => setAsking(null)}>{t("common.cancel")}</button>
          </div>
        </form>
      )}
      <ErrorNotice error={error} fields={{ closed_through: t("payroll.through"), note: t("payroll.note") }} />
      {lock && lock.history.length > 0 && <LockHistory history={lock.history} />}
    </div>
  );
}

/** What the lock is now, said from its latest history row (who moved it last, and which way): "Closed through D
 * (closed by X on T)"; after a partial reopen "Reopened back to D by X on T"; after a full reopen "Nothing closed
 * now — last reopened by X on T"; never closed: "No pay period is closed". */
function LockBanner({ lock }: { lock: Lock }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  const closed = lock.closed_through;
  // The latest row is the move that left the lock as it is (written with it, under the lock row's lock); without
  // one (none kept) the lock row's own changed_by/changed_at say it.
  const latest: Change | null = lock.history[0] && lock.history[0].closed_through === closed ? lock.history[0] : null;
  const who = latest?.actor ?? lock.changed_by ?? "—";
  const when = formatTime(latest?.created_at ?? lock.changed_at, locale, calendar.timeZone);
  if (!closed) {
    return <p data-testid="pay-period-open">{latest?.action === "reopen"
      ? t("payroll.open.reopened", { who, when }) : t("payroll.open")}</p>;
  }
  const date = dayWords(closed, locale);
  return (
    <Notice kind="info">
      <span data-testid="pay-period-closed">{t(latest?.action === "reopen" ? "payroll.reopenedTo"
        : "payroll.closedThrough", { date, who, when })}</span>
    </Notice>
  );
}

/** The closes and reopens (the API's last 100), newest first, folded away under "History": each says which way, to
 * which day, who and when (the report zone's clock, as the banner), the note, and for a close made anyway what was
 * undecided then. */
function LockHistory({ history }: { history: Change[] }) {
  const { t } = useI18n();
  return (
    <details className="pay-period-history" data-testid="pay-period-history">
      <summary>{t("payroll.history", { count: history.length })}</summary>
      <ol className="stack">
        {history.map((change) => <LockHistoryRow key={change.id} change={change} />)}
      </ol>
    </details>
  );
}

/** How a history row's move is named: a close, a close made anyway (force), or a reopen. */
type ChangeKind = "close" | "forced" | "reopen";

function changeKind(change: Change): ChangeKind {
  return change.action === "reopen" ? "reopen" : change.forced ? "forced" : "close";
}

function LockHistoryRow({ change }: { change: Change }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  const kind = changeKind(change);
  const date = change.closed_through ? dayWords(change.closed_through, locale) : "";
  const what = kind === "reopen"
    ? t(change.closed_through ? "payroll.history.reopen" : "payroll.history.reopenAll", { date })
    : t(kind === "forced" ? "payroll.history.forced" : "payroll.history.close", { date });
  const counts = kind === "forced" ? forcedOver(change) : [];
  return (
    <li data-testid="pay-period-history-row" data-action={kind}>
      <strong>{what}</strong>{" "}
      {t("payroll.history.by", { who: change.actor, when: formatTime(change.created_at, locale, calendar.timeZone) })}
      {change.note && <p className="pay-period-history-note" data-testid="pay-period-history-note">
        {t("payroll.history.note", { note: change.note })}</p>}
      {counts.length > 0 && (
        <p className="pay-period-history-note" data-testid="pay-period-history-forced">
          {t("payroll.history.forcedOver")} {counts.map((count) => t(count.key, { count: count.value })).join(" ")}</p>
      )}
      {change.action === "close" && (change.people_adjusted ?? 0) > 0 && <CloseAdjustmentsNote change={change} />}
    </li>
  );
}

/** A close that signed again days an earlier close had signed, with other minutes: what it pays or claws back on top
 * of the earlier closes ("adjusted N people, +X h / −Y h"), and its per person and day list as a CSV (payroll and
 * admin: GET /payroll/closes/{history_id}/adjustments). */
function CloseAdjustmentsNote({ change }: { change: Change }) {
  const { t } = useI18n();
  const { config, token, expired, can } = useConsole();
  const [dialect] = useCsvDialect();
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="pay-period-history-note" data-testid="pay-period-history-adjusted">
      {t("payroll.history.adjusted", { count: change.people_adjusted ?? 0,
        added: formatMinutes(change.minutes_added ?? 0), clawed: formatMinutes(change.minutes_clawed_back ?? 0) })}
      {can.closePeriods && (
        <>
          {" "}
          <button type="button" className="secondary" data-testid="pay-period-adjustments-csv" onClick={() => {
            setError(null);
            downloadCsv(config.apiUrl, `/payroll/closes/${change.id}/adjustments`, { dialect }, token,
              `facepass-close-${change.id}-adjustments.csv`, expired).catch(setError);
          }}>{t("payroll.history.adjustmentsCsv")}</button>
        </>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}

/** A close made anyway: the undecided counts it was forced over (none kept for a close older than them). */
function forcedOver(change: Change): { key: "payroll.undecided.pending" | "payroll.undecided.noExit"
  | "payroll.undecided.noEntry"; value: number }[] {
  const counts = [
    { key: "payroll.undecided.pending" as const, value: change.pending_reviews ?? 0 },
    { key: "payroll.undecided.noExit" as const, value: change.days_without_exit ?? 0 },
    { key: "payroll.undecided.noEntry" as const, value: change.days_without_entry ?? 0 },
  ];
  return counts.filter((count) => count.value > 0);
}

/** What a refused close's days still hold (409 period_undecided): the counts, links to the review queue of those days
 * and to each listed person's day, and Close anyway, said plainly. */
function UndecidedDays({ undecided, through, busy, onForce, onShow }: { undecided: Undecided; through: string;
  busy: boolean; onForce: () => void; onShow?: (first: string, last: string) => void }) {
  const { t, locale } = useI18n();
  const { can } = useConsole(); // the review queue's links: for who may review (payroll reads the counts)
  const kinds: Record<string, string> = { pending_review: t("payroll.undecided.kind.pending"),
    without_exit: t("timesheet.noExit"), without_entry: t("timesheet.noEntry") };
  const shown = (first: string, last: string) =>  // the timesheet shows at most TIMESHEET_MAX_DAYS: the last ones
    onShow?.(first > addDays(last, 1 - TIMESHEET_MAX_DAYS) ? first : addDays(last, 1 - TIMESHEET_MAX_DAYS), last);
  // Open correction requests are listed under their own line (each person and day), not again among the items.
  const items = undecided.items.filter((item) => item.kind !== "open_correction");
  const listed = items.length;
  const withoutTime = undecided.people_without_time ?? 0;
  const openCorrections = undecided.open_corrections ?? 0;
  const corrections = undecided.corrections ?? [];
  const total = undecided.pending_reviews + undecided.days_without_exit + undecided.days_without_entry + withoutTime;
  return (
    <Notice kind="error">
      <div className="stack" data-testid="pay-period-undecided">
        {undecided.changed && <p data-testid="pay-period-undecided-changed">{t("payroll.undecided.changed")}</p>}
        <p>{t("payroll.undecided", { through: dayWords(through, locale), first: dayWords(undecided.first_day, locale),
          last: dayWords(undecided.last_day, locale) })}</p>
        <ul>
          {undecided.pending_reviews > 0 && <li data-testid="pay-period-undecided-pending">
            {t("payroll.undecided.pending", { count: undecided.pending_reviews })}{" "}
            {can.review && <a href={reviewIdsHref(undecided.pending_event_ids)} data-testid="pay-period-undecided-review">
              {t("payroll.undecided.review")}</a>}</li>}
          {undecided.days_without_exit > 0 && <li data-testid="pay-period-undecided-no-exit">
            {t("payroll.undecided.noExit", { count: undecided.days_without_exit })}</li>}
          {undecided.days_without_entry > 0 && <li data-testid="pay-period-undecided-no-entry">
            {t("payroll.undecided.noEntry", { count: undecided.days_without_entry })}</li>}
          {withoutTime > 0 && <li data-testid="pay-period-undecided-without-time">
            {t("payroll.undecided.withoutTime", { count: withoutTime })}</li>}
          {openCorrections > 0 && <li data-testid="pay-period-undecided-corrections">
            {t("payroll.undecided.corrections", { count: openCorrections })}{" "}
            {/* The requests themselves (the employee's note): the reviewers' list, at the foot of the Review page. */}
            {can.review && <a href="#/review" data-testid="pay-period-undecided-corrections-answer">
              {t("payroll.undecided.corrections.answer")}</a>}
            <ul>
              {corrections.map((request) => (
                <li key={request.id} data-testid="pay-period-undecided-correction">
                  <a href={personDaysHref(request.employee_id, request.date, request.date)}>
                    {request.full_name} · {dayWords(request.date, locale)}</a>
                </li>
              ))}
              {corrections.length < openCorrections && <li data-testid="pay-period-undecided-corrections-more">
                {t("payroll.undecided.corrections.more", { count: openCorrections - corrections.length })}</li>}
            </ul>
          </li>}
        </ul>
        {listed > 0 && <p>{t(listed < total ? "payroll.undecided.first" : "payroll.undecided.all", { count: listed })}</p>}
        <ul data-testid="pay-period-undecided-items">
          {items.map((item) => (
            item.kind === "without_time" && item.employee_id ? (
              // Face ID withdrawn, no time typed in: their days from the first one, where HR enters it.
              <li key={`${item.employee_id}/${item.date}/${item.kind}`} data-testid="pay-period-undecided-item-without-time">
                <a href={personDaysHref(item.employee_id, item.date, undecided.date_to)}>
                  {item.full_name} · {dayWords(item.date, locale)}</a>
                {" "}· {t("payroll.undecided.kind.withoutTime", { count: item.count })}
              </li>
            ) : (
            <li key={`${item.employee_id ?? "-"}/${item.date}/${item.kind}`}>
              {/* Nobody's punch: only the review queue lists it (the reviewers'); payroll reads the line. */}
              {item.employee_id || can.review ? <a href={item.employee_id ? personDaysHref(item.employee_id, item.date, item.date)
                : reviewDaysHref(item.date, item.date)}>
                {item.full_name ?? t("payroll.undecided.nobody")} · {dayWords(item.date, locale)}</a>
                : <span data-testid="pay-period-undecided-nobody">{t("payroll.undecided.nobody")} · {dayWords(item.date, locale)}</span>}
              {" "}· {kinds[item.kind] ?? item.kind}{item.count > 1 ? ` (${item.count})` : ""}
            </li>)
          ))}
        </ul>
        {onShow && (
          <div className="row">
            <button type="button" className="secondary" onClick={() => shown(undecided.first_day, undecided.last_day)}
              data-testid="pay-period-undecided-show">{t("payroll.undecided.show")}</button>
          </div>
        )}
        <p>{t("payroll.undecided.force")}</p>
        <div className="row">
          <button type="button" className="danger" disabled={busy} onClick={onForce} data-testid="pay-period-force">
            {t("payroll.closeAnyway")}</button>
        </div>
      </div>
    </Notice>
  );
}
