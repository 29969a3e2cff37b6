import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, call, type Schemas } from "../api/client";
import { useI18n } from "../i18n";
import { ErrorNotice, Notice, formatTime } from "../ui/components";
import { useConsole } from "./context";
import { addDays } from "./attendanceLinks";
import { useSendOnce } from "./sendOnce";

type Lock = Schemas["PayPeriodLock"];

/** A calendar day (YYYY-MM-DD) as a reader says it ("30 Nov 2026"). */
export function dayWords(date: string, locale: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The pay-period lock on the Timesheet: "Closed through … by … on …", a Close period button (asks first, with a
 * note) and Reopen (asks, a note required). `from`, `to`: the period the page shows (the dates offered first);
 * `onChange`: after a close or reopen (the timesheet reads its closed_through again). */
export function PayPeriodLockPanel({ from, to, onChange }: { from: string; to: string; onChange: () => void }) {
  const { api, calendar } = useConsole();
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

  const load = useCallback(() => {
    call(api.GET("/payroll/lock")).then(setLock, setError);
  }, [api]);
  useEffect(load, [load]);

  const closed = lock?.closed_through ?? null;
  const ask = (what: "close" | "reopen") => {
    setError(null);
    setChanged(null);
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
  const send = async () => {
    setError(null);
    setChanged(null);
    try {
      // The date this page showed: moved meanwhile, the API refuses (409 lock_changed) rather than take a stale
      // close of an earlier day as a reopen.
      setLock(await call(api.POST("/payroll/lock", {
        body: { closed_through: date || null, note: note.trim() || null, expected_closed_through: closed },
      })));
      setAsking(null);
      onChange();
    } catch (failed) {
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
      {closed && lock ? (
        <Notice kind="info">
          <span data-testid="pay-period-closed">{t("payroll.closedThrough", {
            date: dayWords(closed, locale), who: lock.changed_by ?? "—",
            when: formatTime(lock.changed_at, locale, calendar.timeZone),
          })}</span>
        </Notice>
      ) : lock ? <p data-testid="pay-period-open">{t("payroll.open")}</p> : null}
      {changed && <Notice kind="error"><span data-testid="pay-period-changed">{changed}</span></Notice>}
      {!asking && lock && (
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
              onChange={(e) => setDate(e.target.value)} required={asking === "close"} data-testid="pay-period-date" /></label>
          </div>
          <label>{t(asking === "close" ? "payroll.note" : "payroll.note.required")}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000}
              required={asking === "reopen"} data-testid="pay-period-note" /></label>
          <div className="row">
            <button type="submit" disabled={busy} data-testid="pay-period-confirm">
              {t(asking === "close" ? "payroll.close.confirm" : "payroll.reopen.confirm")}</button>
            <button type="button" className="secondary" onClick={() => setAsking(null)}>{t("common.cancel")}</button>
          </div>
        </form>
      )}
      <ErrorNotice error={error} fields={{ closed_through: t("payroll.through"), note: t("payroll.note") }} />
    </div>
  );
}
