import { useRef, useState } from "react";
import { call } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, TableScroll, formatMinutes } from "../../ui/components";
import { PendingLink } from "../PendingLink";
import { useConsole, usePaged } from "../context";
import { CsvDownload } from "../csvDialect";
import { json } from "../data";
import { addDays, personDaysHref, reviewIdsHref } from "../attendanceLinks";
import { PayPeriodLockPanel, dayWords } from "../payPeriodLock";
import { ZoneUnavailable } from "../timeZones";
import { MANUAL_SIGN, ManualMark, ManualShare } from "../manualMark";
import { ChangesPanel } from "../changes";
import { AbsenceLegend, AbsenceMark, AbsencesPanel } from "../absences";

/** A report date's short label in the table's header: weekday and day of the month ("Mo 9"). */
function dayLabel(date: string, locale: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, { weekday: "short", day: "numeric", timeZone: "UTC" });
}

/** The pay period: hours per employee and day, the totals payroll signs, and what still waits for review. */
export function TimesheetPage() {
  const { api, calendar, can } = useConsole();
  const { t, locale } = useI18n();
  const noExit = t("timesheet.noExit"), noEntry = t("timesheet.noEntry");  // once, not per cell
  const [from, setFrom] = useState(`${calendar.today.slice(0, 8)}01`); // the month so far
  const [to, setTo] = useState(calendar.today);
  const [csvError, setCsvError] = useState<unknown>(null);
  const [pending, setPending] = useState(0); // the period's, whatever page is shown
  const [pendingIds, setPendingIds] = useState<number[]>([]); // the ids counted in it (the link lists exactly them)
  const [settingsDiffer, setSettingsDiffer] = useState(false); // closed under other report settings (as read)
  const [overtimeAfter, setOvertimeAfter] = useState(0); // minutes a week before overtime (0: none counted)
  const asked = useRef(0); // the newest period asked for: a slower answer for an older one must not set the count
  const sheet = usePaged((cursor) => {
    const mine = cursor ? asked.current : ++asked.current;
    return call(api.GET("/attendance/timesheet", {
      params: { query: { date_from: from, date_to: to, ...(cursor ? { cursor } : {}) } },
    })).then(json).then((page) => { if (!cursor && mine === asked.current) { setPending(page.pending_reviews); setPendingIds(page.pending_event_ids ?? []); setSettingsDiffer(page.settings_differ ?? false); setOvertimeAfter(page.weekly_overtime_minutes ?? 0); } return page; });
  }, [api, from, to]);
  const days = sheet.items[0]?.days.map((day) => day.date) ?? [];

  return (
    <section className="stack" aria-labelledby="timesheet-title">
      <h2 id="timesheet-title">{t("timesheet.title")}</h2>
      {settingsDiffer && <Notice kind="error"><span data-testid="timesheet-settings-differ">{t("timesheet.settingsDiffer")}</span></Notice>}
      <div className="row">
        <label>{t("timesheet.from")}<input type="date" value={from} onChange={(e) => { if (e.target.value) setFrom(e.target.value); }} required /></label>
        <label>{t("timesheet.to")}<input type="date" value={to} onChange={(e) => { if (e.target.value) setTo(e.target.value); }} required /></label>
        <CsvDownload path="/attendance/timesheet" query={{ date_from: from, date_to: to }}
          filename={`facepass-timesheet-${from}-${to}.csv`} onError={setCsvError} testId="timesheet-csv" />
      </div>
      <PayPeriodLockPanel from={from} to={to} onChange={sheet.reload}
        onShow={(first, last) => { setFrom(first); setTo(last); }} />
      <ErrorNotice error={sheet.error ?? csvError} />
      {!sheet.error && pending > 0 && (
        <Notice kind="info">
          <span data-testid="timesheet-pending">{t("timesheet.pending", { count: pending })}</span>{" "}
          {can.review && <a href={reviewIdsHref(pendingIds)} data-testid="timesheet-pending-review">{t("nav.review")}</a>}
        </Notice>
      )}
      {!sheet.loading && !sheet.error && sheet.items.length === 0 && <p>{t("timesheet.empty")}</p>}
      {sheet.items.length > 0 && (
        <TableScroll label={t("timesheet.title")}>
          <table data-testid="timesheet" className="timesheet">
            <thead>
              <tr>
                <th scope="col">{t("attendance.employee")}</th>
                {days.map((day) => <th scope="col" key={day} title={day}>{dayLabel(day, locale)}</th>)}
                <th scope="col">{t("timesheet.total")}</th>
                {overtimeAfter > 0 && <th scope="col" title={t("timesheet.overtime.title", { duration: formatMinutes(overtimeAfter) })}
                  data-testid="timesheet-overtime-header">{t("timesheet.overtime")}</th>}
                <th scope="col">{t("timesheet.days")}</th>
                <th scope="col">{t("overview.pending")}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.items.map((row) => (
                <tr key={row.employee_id} data-employee={row.full_name}>
                  <th scope="row"><a href={personDaysHref(row.employee_id, from, to)} title={t("attendance.personDays")}
                    data-testid="timesheet-person-days">{row.full_name}</a>
                    {row.employee_number ? <small data-testid="timesheet-number" title={t("timesheet.number", { number: row.employee_number })}> · {row.employee_number}</small> : null}
                    {row.department ? <small> · {row.department}</small> : null}
                    {/* Its days are days in this zone: said when it is not the report zone. */}
                    {row.timezone !== calendar.timeZone ? <small data-testid="timesheet-zone"> · {row.timezone}</small> : null}
                    {/* The person's zone did not load: their days are the report zone's (the server fell back). */}
                    <ZoneUnavailable row={row} />
                    {/* Their time is typed by HR: a row of zeros here may be time nobody entered, not an absence. */}
                    {row.face_id_withdrawn ? <>{" "}<span className="badge warn" data-testid="timesheet-face-id-withdrawn"
                      title={t("timesheet.faceIdWithdrawn.title")}>{t("timesheet.faceIdWithdrawn")}</span></> : null}</th>
                  {row.days.map((day) => {
                    // The day's marks, each shown as a sign and said in words to screen readers.
                    const marks = ([[day.open_shift, "?", noExit], [day.exit_without_entry, "?→", noEntry],
                      [day.pending_reviews, "!", day.pending_reviews ? t("common.awaitingReview", { count: day.pending_reviews }) : ""]] as const)
                      .filter(([on]) => on);
                    return (
                      <td key={day.date} className={marks.length ? "waiting" : undefined} data-date={day.date}>
                        {/* A day with punches links to them (to the morning of a night shift's exit). */}
                        {day.events || day.pending_reviews
                          ? <a href={personDaysHref(row.employee_id, day.date, day.date, { at: day.last_out, timeZone: day.timezone })}
                            title={t("attendance.personDays")} data-testid="timesheet-day-punches">
                            {day.worked_minutes ? formatMinutes(day.worked_minutes) : "·"}</a>
                          : day.worked_minutes ? formatMinutes(day.worked_minutes) : "·"}
                        {/* A day before (or after) a change of zone is a day in the zone held then: named there. */}
                        {day.timezone !== row.timezone ? <small data-testid="timesheet-day-zone" title={day.timezone}> {day.timezone}</small> : null}
                        {marks.map(([, sign, text]) => <span key={sign} className="badge warn" title={text} aria-hidden="true">{sign}</span>)}
                        {marks.map(([, sign, text]) => <span key={sign} className="visually-hidden">{text}</span>)}
                        {/* Its minutes rest on a punch HR typed in: not a problem to fix, said for the payroll audit. */}
                        <ManualMark minutes={day.manual_minutes} />
                        {/* A paid absence (vacation, sick, ...): why a day reads 0 h; not worked time. */}
                        <AbsenceMark minutes={day.absence_minutes ?? 0} kinds={day.absence_kinds ?? []} />
                        {day.ends_night_shift ? <NightShiftEnd from={day.night_shift_from ?? addDays(day.date, -1)} /> : null}
                      </td>
                    );
                  })}
                  <td data-testid="timesheet-total"><strong>{formatMinutes(row.worked_minutes)}</strong>
                    {row.absence_minutes ? <><br /><small data-testid="timesheet-absence-total">{t("absence.total", {
                      duration: formatMinutes(row.absence_minutes) })}</small></> : null}
                    {row.manual_minutes ? <><br /><ManualShare minutes={row.manual_minutes} /></> : null}
                    {/* Its closed days' minutes moved since a close signed them: payroll pays or claws back the difference. */}
                    {row.changed_since_signed && row.signed_minutes != null && row.signed_days_minutes_now != null
                      ? <><br /><span className="badge warn" data-testid="timesheet-changed-since-signed"
                        title={t("timesheet.changedSinceSigned.title")}>{t("timesheet.changedSinceSigned", {
                          was: formatMinutes(row.signed_minutes), now: formatMinutes(row.signed_days_minutes_now) })}</span></>
                      : null}</td>
                  {overtimeAfter > 0 && <OvertimeCell overtime={row.overtime_minutes ?? null} cut={row.incomplete_weeks_minutes ?? 0} />}
                  <td>{row.days_worked}{row.days_without_exit
                    ? <> <span className="badge warn" title={t("timesheet.noExit")}>{t("timesheet.withoutExit", { count: row.days_without_exit })}</span></>
                    : null}{row.days_without_entry
                    ? <> <span className="badge warn" title={t("timesheet.noEntry")}>{t("timesheet.withoutEntry", { count: row.days_without_entry })}</span></>
                    : null}</td>
                  <td><PendingLink count={row.pending_reviews} employeeId={row.employee_id}
                    ids={row.pending_event_ids} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {sheet.items.length > 0 && (
        <p className="legend" data-testid="timesheet-legend">
          <span>{t("timesheet.legend")}:</span>
          {([["?", noExit], ["?→", noEntry], ["!", t("timesheet.legendPending")]] as const).map(([sign, text]) => (
            <span key={sign}><span className="badge warn" aria-hidden="true">{sign}</span> {text}</span>))}
          <span><span className="badge manual" aria-hidden="true">{MANUAL_SIGN}</span> {t("timesheet.manual")}</span>
          <span><span className="badge" aria-hidden="true">{NIGHT_SIGN}</span> {t("timesheet.legendNightShift")}</span>
          <AbsenceLegend />
        </p>
      )}
      {sheet.hasMore && (
        <button type="button" className="secondary" disabled={sheet.loading} onClick={sheet.more} data-testid="more">
          {t("common.more")}
        </button>
      )}
      {/* The period's paid absences (added on the Attendance page, beside the missing punches), with Delete. */}
      <AbsencesPanel from={from} to={to} onChange={sheet.reload} />
      {/* Who changed the period's punches, and why (the auditor's question): payroll and admin alike. */}
      <ChangesPanel from={from} to={to} />
    </section>
  );
}

/** A row's overtime over the period's complete weeks, and the time on days of the weeks the period cuts (their
 * overtime belongs to a period holding them whole): said, never guessed. */
function OvertimeCell({ overtime, cut }: { overtime: number | null; cut: number }) {
  const { t } = useI18n();
  return (
    <td data-testid="timesheet-overtime">{overtime === null
      // No week of the period is whole: nothing was measured, which is not "no overtime".
      ? <span title={t("timesheet.noCompleteWeek.title")} data-testid="timesheet-no-complete-week">{t("timesheet.noCompleteWeek")}</span>
      : overtime ? <strong>{formatMinutes(overtime)}</strong> : "·"}
      {cut ? <><br /><small title={t("timesheet.cutWeeks.title")} data-testid="timesheet-cut-weeks">
        {t("timesheet.cutWeeks", { duration: formatMinutes(cut) })}</small></> : null}</td>
  );
}

/** The sign of a morning whose check-out ended the night shift begun the day before (TimesheetDay.ends_night_shift):
 * its time counts on that day, so this one may read "·" though the person worked. */
const NIGHT_SIGN = "☾";

/** A day cell's night-shift mark: the sign, said in words (tooltip, screen readers) with the day it counts on
 * (TimesheetDay.night_shift_from: the day before, or earlier for a shift longer than a day). */
function NightShiftEnd({ from }: { from: string }) {
  const { t, locale } = useI18n();
  const text = t("day.endsNightShift", { day: dayWords(from, locale) });
  return <>{" "}<span className="badge" role="img" aria-label={text} title={text}
    data-testid="timesheet-ends-night-shift">{NIGHT_SIGN}</span></>;
}
