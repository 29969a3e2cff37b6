import { useMemo, useRef, useState } from "react";
import { call, newIdempotencyKey, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, TableScroll, formatClock, formatMinutes, formatTime } from "../../ui/components";
import { useAsync, useConsole, usePaged } from "../context";
import { dayWords } from "../payPeriodLock";
import { useSendOnce } from "../sendOnce";
import { personTime } from "../timeZones";
import { addDays } from "../attendanceLinks";
import { MyFaceIdPanel } from "./MyFaceId";

type Day = Schemas["TimesheetDay"];
type Punch = Schemas["MyPunch"];
type Correction = Schemas["CorrectionRequest"];

/** Self-service (README, Self-service): the signed-in person's own hours for a period, day by day as the timesheet
 * counts them, their punches, a "Something wrong?" form per day that asks HR to correct it, and their requests with
 * HR's answers, and "My Face ID" (what is kept about their face, how to withdraw consent). Nobody else's: the API
 * reads their own record (the employee whose email is theirs). */
export function MyHoursPage() {
  const { self } = useConsole();
  const { t } = useI18n();
  if (!self.employeeId) { // nothing to ask the API for: it would answer 404 no_employee_record three times
    return (
      <section className="stack" aria-labelledby="my-hours-title">
        <h2 id="my-hours-title">{t("myHours.title")}</h2>
        <Notice kind="info"><span data-testid="my-hours-no-record">{t("error.no_employee_record")}</span></Notice>
      </section>
    );
  }
  return <MyHoursBody />;
}

function MyHoursBody() {
  const { api, calendar } = useConsole();
  const { t } = useI18n();
  const [from, setFrom] = useState(`${calendar.today.slice(0, 8)}01`); // the month so far
  const [to, setTo] = useState(calendar.today);
  const [sent, setSent] = useState(0); // a request sent: the list reads them again
  const sheet = useAsync(() => call(api.GET("/me/timesheet", { params: { query: { date_from: from, date_to: to } } })),
    [api, from, to]);
  const punches = usePaged((cursor) => call(api.GET("/me/attendance", {
    params: { query: { date_from: from, date_to: to, limit: 500, ...(cursor ? { cursor } : {}) } } })), [api, from, to]);
  const requests = useAsync(() => call(api.GET("/me/corrections")), [api, sent]);
  const row = sheet.data?.row ?? null;
  return (
    <section className="stack" aria-labelledby="my-hours-title">
      <h2 id="my-hours-title">{t("myHours.title")}</h2>
      <p className="hint">{t("myHours.help")}</p>
      <div className="row">
        <label>{t("timesheet.from")}<input type="date" value={from} onChange={(e) => { if (e.target.value) setFrom(e.target.value); }} required /></label>
        <label>{t("timesheet.to")}<input type="date" value={to} onChange={(e) => { if (e.target.value) setTo(e.target.value); }} required /></label>
      </div>
      <ErrorNotice error={sheet.error ?? punches.error} />
      {row && (
        <p data-testid="my-hours-total">
          {t("myHours.total", { time: formatMinutes(row.worked_minutes), days: row.days_worked })}
          {row.pending_reviews > 0 && <> · <span className="badge warn">{t("common.awaitingReview", { count: row.pending_reviews })}</span></>}
        </p>
      )}
      {!sheet.loading && !sheet.error && !row && <p>{t("timesheet.empty")}</p>}
      {row && (
        <MyDays days={row.days} punches={punches.items} closedThrough={sheet.data?.closed_through ?? null}
          onSent={() => setSent((value) => value + 1)} />
      )}
      {punches.hasMore && (
        <button type="button" className="secondary" disabled={punches.loading} onClick={punches.more}>{t("common.more")}</button>
      )}
      <MyRequests requests={requests.data?.items ?? []} error={requests.error} />
      <MyFaceIdPanel />
    </section>
  );
}

/** The period's days: worked time, what is wrong or waiting, the day's punches, and "Something wrong?". */
function MyDays({ days, punches, closedThrough, onSent }: { days: Day[]; punches: Punch[]; closedThrough: string | null;
  onSent: () => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<string | null>(null); // the day whose form is open
  const byDay = useMemo(() => {
    const grouped = new Map<string, Punch[]>();
    for (const punch of punches) grouped.set(punch.date, [...(grouped.get(punch.date) ?? []), punch]);
    return grouped;
  }, [punches]);
  return (
    <TableScroll label={t("myHours.title")}>
      <table data-testid="my-days">
        <thead>
          <tr>
            <th scope="col">{t("myHours.day")}</th><th scope="col">{t("myHours.worked")}</th>
            <th scope="col">{t("myHours.status")}</th><th scope="col">{t("myHours.punches")}</th><th scope="col" />
          </tr>
        </thead>
        <tbody>
          {days.map((day) => {
            const ofDay = byDay.get(day.date) ?? [];
            return (
              <tr key={day.date} data-day={day.date} data-testid="my-day">
                <th scope="row">{dayWords(day.date, locale)}</th>
                <td>{day.worked_minutes > 0 ? formatMinutes(day.worked_minutes) : "—"}</td>
                <td><DayStatus day={day} closed={closedThrough !== null && day.date <= closedThrough} /></td>
                <td>{ofDay.map((punch) => <PunchWords key={punch.id} punch={punch} />)}</td>
                <td>
                  {open === day.date
                    ? <CorrectionForm day={day.date} punches={ofDay} onDone={() => { setOpen(null); onSent(); }}
                        onCancel={() => setOpen(null)} />
                    : <button type="button" className="secondary" onClick={() => setOpen(day.date)}
                        data-testid="something-wrong">{t("myHours.wrong")}</button>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DayStatus({ day, closed }: { day: Day; closed: boolean }) {
  const { t, locale } = useI18n();
  const words: string[] = [];
  // Its morning's check-out closed a night shift begun on an earlier day: counted there, not "—" unexplained here.
  if (day.ends_night_shift) {
    words.push(t("day.endsNightShift", { day: dayWords(day.night_shift_from ?? addDays(day.date, -1), locale) }));
  }
  if (day.pending_reviews > 0) words.push(t("common.awaitingReview", { count: day.pending_reviews }));
  if (day.open_shift) words.push(t("timesheet.noExit"));
  if (day.exit_without_entry) words.push(t("timesheet.noEntry"));
  if (closed) words.push(t("myHours.closed"));
  return <span data-testid="my-day-status">{words.join(" · ") || (day.worked_minutes > 0 ? t("myHours.ok") : "")}</span>;
}

/** A punch in words: the time (the person's zone then), which way, whether it counts, and where it came from. */
function PunchWords({ punch }: { punch: Punch }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid="my-punch">
      {formatClock(punch.occurred_at, locale, punch.timezone)}{" "}
      {t(punch.event_type === "entry" ? "event.check_in" : "event.check_out")}{" "}
      <span className={`badge ${punch.state === "counted" ? "ok" : "warn"}`}>{t(`myHours.state.${punch.state}` as MessageKey)}</span>
      {" "}<small>{punch.source === "hr" ? t("myHours.source.hr") : punch.device_name ?? t("myHours.source.kiosk")}</small>
    </div>
  );
}

/** "Something wrong?" on a day: a note for HR and, optionally, the punch it is about. One key per form: a resend
 * after a lost answer is the same request (the API replays it). */
function CorrectionForm({ day, punches, onDone, onCancel }: { day: string; punches: Punch[]; onDone: () => void;
  onCancel: () => void }) {
  const { api } = useConsole();
  const { t, locale } = useI18n();
  const [note, setNote] = useState("");
  const [eventId, setEventId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const send = useSendOnce();
  const submit = () => void send.once(async () => {
    setError(null);
    try {
      await call(api.POST("/me/corrections", {
        body: { date: day, note: note.trim(), ...(eventId ? { event_id: Number(eventId) } : {}) },
        headers: { "Idempotency-Key": key.current },
      }));
      onDone();
    } catch (cause) {
      setError(cause);
    }
  });
  return (
    <form className="stack" aria-label={t("myHours.wrong")} data-testid="correction-form"
      onSubmit={(event) => { event.preventDefault(); submit(); }}>
      <label>{t("myHours.note")}
        <textarea value={note} maxLength={1000} required onChange={(e) => { setNote(e.target.value); key.current = newIdempotencyKey(); }} />
      </label>
      {punches.length > 0 && (
        <label>{t("myHours.aboutPunch")}
          <select value={eventId} onChange={(e) => { setEventId(e.target.value); key.current = newIdempotencyKey(); }}>
            <option value="">{t("myHours.wholeDay")}</option>
            {punches.map((punch) => (
              <option key={punch.id} value={String(punch.id)}>
                {formatClock(punch.occurred_at, locale, punch.timezone)} {t(punch.event_type === "entry" ? "event.check_in" : "event.check_out")}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorNotice error={error} />
      <div className="row">
        <button type="submit" disabled={send.busy || !note.trim()}>{t("myHours.send")}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

/** The person's requests, newest first: the day, what they wrote, and HR's answer once given. */
function MyRequests({ requests, error }: { requests: Correction[]; error: unknown }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  return (
    <section className="stack" aria-labelledby="my-requests-title">
      <h3 id="my-requests-title">{t("myHours.requests")}</h3>
      <ErrorNotice error={error} />
      {requests.length === 0 && !error && <p>{t("myHours.requests.none")}</p>}
      <ul className="people" data-testid="my-requests">
        {requests.map((request) => (
          <li key={request.id} data-testid="my-request" data-state={request.state}>
            <strong>{dayWords(request.date, locale)}</strong>
            {request.event_occurred_at && request.event_type && <> ({t("corrections.event", {
              direction: t(request.event_type === "entry" ? "event.check_in" : "event.check_out"),
              time: personTime(t, request.event_occurred_at, locale, request.timezone, calendar.timeZone) })})</>}
            {request.event_id != null && !request.event_occurred_at && <> (<span data-testid="my-request-event-gone">
              {t("corrections.eventGone")}</span>)</>}: {request.note}{" "}
            <span className={`badge ${request.state === "resolved" ? "ok" : "warn"}`}>{t(`myHours.request.${request.state}` as MessageKey)}</span>
            {request.resolution_note && (
              <div data-testid="my-request-answer">
                {t("myHours.answer", { time: formatTime(request.resolved_at, locale, calendar.timeZone), note: request.resolution_note })}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
