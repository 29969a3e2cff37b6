import type { ReactNode } from "react";
import { call, type Person } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, formatTime } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { allAbsences, allEmployees, faceIdWithdrawn, json } from "../data";

/** Today: who is in, who is not yet in, and apart from them (groups with their own counts, so each number is its
 * list's) those whose check-in of the day waits for review (the daily report's pending_entry of a person with no
 * counted entry) and those on a paid absence today (GET /attendance/absences, every page: not late, away), how many check-ins wait
 * for review (the whole queue, and today's). */
export function OverviewPage() {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const date = calendar.today;
  const today = useAsync(async () => {
    const [people, report, queue, leave] = await Promise.all([
      allEmployees(api, true),
      call(api.GET("/attendance/daily", { params: { query: { date } } })).then(json),
      call(api.GET("/attendance/review", { params: { query: { limit: 1 } } })).then(json),
      allAbsences(api, date, date), // every page: a company-wide holiday is more people than one page
    ]);
    const awayAs = new Map<string, string[]>(); // a person's kinds of paid absence today
    for (const absence of leave) awayAs.set(absence.employee_id, [...(awayAs.get(absence.employee_id) ?? []), absence.kind]);
    const byId = new Map(report.items.map((row) => [row.employee_id, row]));
    const present = report.items.filter((row) => row.first_in);
    const absent = people.filter((person) => !byId.get(person.id)?.first_in);
    // Only a pending entry is an entry awaiting review: a pending exit alone (a check-out flagged) is no sign they came.
    const waiting = absent.filter((person) => byId.get(person.id)?.pending_entry ?? false);
    const notIn = absent.filter((person) => !(byId.get(person.id)?.pending_entry ?? false));
    const away = notIn.filter((person) => awayAs.has(person.id));
    const notYet = notIn.filter((person) => !awayAs.has(person.id));
    // Against the work schedules (README, Work schedules): shown once anyone is scheduled today, or counted.
    const scheduled = report.items.some((row) => row.scheduled_start) || report.late > 0 || report.no_shows > 0;
    return { present, notYet, waiting, away, awayAs, pending: queue.pending_total, pendingToday: report.pending_reviews,
      late: report.late, noShows: report.no_shows, scheduled };
  }, [api, date]);

  return (
    <section className="stack" aria-labelledby="overview-title">
      <h2 id="overview-title">{t("overview.title", { date })}</h2>
      <ErrorNotice error={today.error} />
      {today.loading && !today.data && <p>{t("common.loading")}</p>}
      {today.data && (
        <div className="grid3">
          <div className="card" data-testid="present">
            <h3>{t("overview.present")}</h3>
            <p className="big-number">{today.data.present.length}</p>
            <ul className="people">
              {today.data.present.map((row) => (
                <li key={row.employee_id}>{row.full_name} · {formatTime(row.first_in, locale, row.timezone)}
                  {/* Said in the person's own zone (their day's): named when it is not the header's, the report zone. */}
                  {row.timezone !== calendar.timeZone
                    ? <small data-testid="present-zone"> · {t("employees.ownZone", { zone: row.timezone })}</small> : null}</li>
              ))}
            </ul>
          </div>
          <div className="card" data-testid="not-yet">
            <h3>{t("overview.notyet")}</h3>
            <p className="big-number">{today.data.notYet.length}</p>
            <People list="not-yet" people={today.data.notYet} name={(person) => faceIdWithdrawn(person)
              // Face ID withdrawn: the kiosk no longer knows them, so "not yet in" means HR has not typed it yet.
              ? <>{person.full_name} · <span data-testid="not-yet-face-id-withdrawn">{t("overview.faceIdWithdrawn")}</span></>
              : person.full_name} />
            {today.data.waiting.length > 0 && (
              // Not counted above: they came in, but their entry counts only once HR has confirmed it.
              <section data-testid="entry-waiting" aria-labelledby="entry-waiting-title">
                <h4 id="entry-waiting-title">
                  {t("overview.waiting.label")}: <span data-testid="entry-waiting-count">{today.data.waiting.length}</span>
                </h4>
                <People list="waiting" people={today.data.waiting} name={(person) => (
                  <>{person.full_name} · <a href="#/review">{t("overview.waiting")}</a></>
                )} />
              </section>
            )}
          </div>
          {today.data.away.length > 0 && (
            // Not counted as "not yet in": a paid day away (vacation, sick leave, a holiday) HR recorded.
            <div className="card" data-testid="away">
              <h3>{t("overview.away")}</h3>
              <p className="big-number" data-testid="away-count">{today.data.away.length}</p>
              <People list="away" people={today.data.away} name={(person) => (
                <>{person.full_name} · {(today.data?.awayAs.get(person.id) ?? [])
                  .map((kind) => t(`absence.kind.${kind}` as "absence.kind.vacation")).join(", ")}</>
              )} />
            </div>
          )}
          {today.data.scheduled && (
            <div className="card" data-testid="schedule-counts">
              <h3>{t("overview.schedules")}</h3>
              <p>{t("overview.late")}: <strong data-testid="late-count">{today.data.late}</strong></p>
              <p>{t("overview.noShows")}: <strong data-testid="no-show-count">{today.data.noShows}</strong></p>
              <a href="#/daily" data-testid="schedule-counts-daily">{t("overview.toDaily")}</a>
            </div>
          )}
          <div className="card" data-testid="pending">
            <h3>{t("overview.pending")}</h3>
            <p className="big-number">{today.data.pending}</p>
            <p>{t("overview.pendingToday", { count: today.data.pendingToday })}</p>
            <a href="#/review">{t("nav.review")}</a>
          </div>
        </div>
      )}
    </section>
  );
}

/** At most SHOWN names of a list, then "and N more", a link to the whole list (`#/?all=<list>`: this page with that
 * list in full). */
const SHOWN = 50;

function People({ list, people, name }: { list: string; people: Person[]; name: (person: Person) => ReactNode }) {
  const { t } = useI18n();
  const all = new URLSearchParams(window.location.hash.split("?")[1] ?? "").get("all") === list;
  const shown = all ? people : people.slice(0, SHOWN);
  return (
    <>
      <ul className="people" data-testid={`${list}-names`}>
        {shown.map((person) => <li key={person.id}>{name(person)}</li>)}
      </ul>
      {shown.length < people.length && (
        <p><a href={`#/?all=${list}`} data-testid={`${list}-more`}>{t("overview.more", { count: people.length - shown.length })}</a></p>
      )}
    </>
  );
}
