import { useState } from "react";
import { call } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, TableScroll, formatMinutes, formatTime } from "../../ui/components";
import { PendingLink } from "../PendingLink";
import { useAsync, useConsole } from "../context";
import { CsvDownload } from "../csvDialect";
import { json } from "../data";
import { personDaysHref } from "../attendanceLinks";
import { ZoneUnavailable } from "../timeZones";
import { MANUAL_SIGN, ManualMark, ManualShare } from "../manualMark";
import { kindWords, type AbsenceKind } from "../absences";
import { shiftText } from "../schedules";

export function DailyPage() {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [date, setDate] = useState(calendar.today);
  const [csvError, setCsvError] = useState<unknown>(null);
  const report = useAsync(() => call(api.GET("/attendance/daily", { params: { query: { date } } })).then(json), [api, date]);
  // The Scheduled column only when someone that day has a work schedule for it (README, Work schedules).
  const scheduled = report.data?.items.some((row) => row.scheduled_start) ?? false;

  return (
    <section className="stack" aria-labelledby="daily-title">
      <h2 id="daily-title">{t("daily.title")}</h2>
      <div className="row">
        <label>{t("daily.date")}<input type="date" value={date} onChange={(e) => { if (e.target.value) setDate(e.target.value); }} required /></label>
        <CsvDownload path="/attendance/daily" query={{ date }} filename={`facepass-daily-${date}.csv`}
          onError={setCsvError} testId="daily-csv" />
      </div>
      <ErrorNotice error={report.error ?? csvError} />
      {report.data && (report.data.late > 0 || report.data.no_shows > 0) && (
        // Measured against the people's work schedules (README, Work schedules): evidence for HR, not a deduction.
        <p data-testid="daily-schedule-counts">{t("daily.scheduleCounts", { late: report.data.late,
          noShows: report.data.no_shows })}</p>
      )}
      {report.data && report.data.items.length === 0 && <p>{t("daily.empty")}</p>}
      {report.data && report.data.items.length > 0 && (
        <TableScroll label={t("daily.title")}>
          <table data-testid="daily">
            <thead><tr><th>{t("attendance.employee")}</th><th>{t("employees.department")}</th>{scheduled && <th>{t("daily.scheduled")}</th>}<th>{t("daily.first")}</th>
              <th>{t("daily.last")}</th><th>{t("employees.timezone")}</th><th>{t("daily.worked")}</th><th>{t("daily.absence")}</th><th>{t("daily.events")}</th><th>{t("overview.pending")}</th></tr></thead>
            <tbody>
              {report.data.items.map((row) => (
                <tr key={row.employee_id} data-employee={row.full_name}>
                  <td className="text"><a href={personDaysHref(row.employee_id, date, date, { at: row.last_out, timeZone: row.timezone })}
                    title={t("attendance.personDays")} data-testid="daily-person-days">{row.full_name}</a></td><td className="text">{row.department ?? "—"}</td>
                  {/* The day's hours by the person's work schedule (none: nothing), and a scheduled day with no event
                      and no paid absence once its start and grace have passed. */}
                  {scheduled && <td data-testid="daily-scheduled">{row.scheduled_start && row.scheduled_end
                    ? shiftText(t, row.scheduled_start, row.scheduled_end) : null}
                    {row.no_show ? <> <span className="badge bad" data-testid="daily-no-show">{t("daily.noShow")}</span></> : null}</td>}
                  {/* Each person's times in their own zone, the one their day is in. */}
                  <td data-testid="daily-first-in">{formatTime(row.first_in, locale, row.timezone)}
                    {row.late_minutes ? <> <span className="badge warn" data-testid="daily-late">
                      {t("daily.late", { minutes: row.late_minutes })}</span></> : null}</td>
                  <td data-testid="daily-last-out">{formatTime(row.last_out, locale, row.timezone)}
                    {row.left_early_minutes ? <> <span className="badge warn" data-testid="daily-left-early">
                      {t("daily.leftEarly", { minutes: row.left_early_minutes })}</span></> : null}
                    {row.open_shift ? <> <span className="badge warn">{t("timesheet.noExit")}</span></> : null}
                    {row.exit_without_entry ? <> <span className="badge warn">{t("timesheet.noEntry")}</span></> : null}</td>
                  <td data-testid="daily-zone">{row.timezone}
                    <ZoneUnavailable row={row} /></td>
                  <td data-testid="daily-worked">{formatMinutes(row.worked_minutes)}
                    {/* The day's minutes resting on a punch HR typed in (the whole shift's), for the payroll audit. */}
                    {row.manual_minutes ? <> <ManualMark minutes={row.manual_minutes} /><br /><ManualShare minutes={row.manual_minutes} /></> : null}</td>
                  {/* A paid absence of the day (vacation, sick, ...): beside the worked time, never in it; a person
                      away with no event is listed for it alone. */}
                  <td data-testid="daily-absence"><DailyAbsence minutes={row.absence_minutes ?? 0} kinds={row.absence_kinds ?? []} /></td>
                  <td data-testid="daily-events">{row.events}
                    {/* About one of the day's events, not the last out: a regular night worker's last out is the
                        exit of the day's own shift, the next morning. */}
                    {row.ends_night_shift ? <> <span className="badge" data-testid="ends-night-shift">{t("daily.endsNightShift")}</span></> : null}</td>
                  <td><PendingLink count={row.pending_reviews} employeeId={row.employee_id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {report.data?.items.some((row) => row.manual_minutes) && (
        <p className="legend" data-testid="daily-legend">
          <span><span className="badge manual" aria-hidden="true">{MANUAL_SIGN}</span> {t("timesheet.manual")}</span>
        </p>
      )}
    </section>
  );
}

/** The day's paid absence in words, "Vacation: 8:00" (kinds, minutes); its title says it is not worked time. */
function DailyAbsence({ minutes, kinds }: { minutes: number; kinds: readonly AbsenceKind[] }) {
  const { t } = useI18n();
  if (!minutes || kinds.length === 0) return null;
  const words = kinds.map((kind) => kindWords(t, kind)).join(", ");
  return <span title={t("absence.mark", { kinds: words, duration: formatMinutes(minutes) })}>
    {t("daily.absence.value", { kinds: words, duration: formatMinutes(minutes) })}</span>;
}
