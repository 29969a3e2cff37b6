// Work schedules (README, Work schedules): a schedule's week in words, and a refused schedule write in words.
import { ApiError, type Schemas } from "../api/client";
import type { Translate } from "../i18n";
import { ErrorNotice, Notice, type FieldLabels } from "../ui/components";
import { useI18n } from "../i18n";

export type Schedule = Schemas["Schedule"];
export type ScheduleDay = Schemas["ScheduleDay"];
export type WeekDay = ScheduleDay["weekday"];
export const WEEKDAYS: readonly WeekDay[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
  "sunday"];

/** A weekday's name as the reader's language writes it, short ("Mon", "пн") or long ("Monday", "понедельник"):
 * from Intl, a Monday of 2024 (1 January) and the days after it. */
export function weekdayName(weekday: WeekDay, locale: string, width: "short" | "long" = "short"): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(weekday), 12));
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: "UTC" }).format(date);
}

/** Whether a shift ends on the next day: its end is before its start (22:00–06:00). */
export function endsNextDay(startsAt: string, endsAt: string): boolean {
  return endsAt < startsAt;
}

/** One day's hours: "09:00–17:00", a night shift "22:00–06:00 (+1 day)". */
export function shiftText(t: Translate, startsAt: string, endsAt: string): string {
  const hours = `${startsAt}–${endsAt}`;
  return endsNextDay(startsAt, endsAt) ? t("schedules.nextDay", { hours }) : hours;
}

/** A week in words, consecutive days with the same hours together: "Mon–Fri 09:00–17:00, Sat 10:00–14:00"; no
 * working day: "No working days". */
export function weekText(t: Translate, locale: string, days: readonly ScheduleDay[]): string {
  const byDay = new Map(days.map((day) => [day.weekday, day]));
  const runs: { from: WeekDay; to: WeekDay; hours: string }[] = [];
  let previous: WeekDay | null = null;
  for (const weekday of WEEKDAYS) {
    const day = byDay.get(weekday);
    if (!day) {
      previous = null;
      continue;
    }
    const hours = shiftText(t, day.starts_at, day.ends_at);
    const last = runs[runs.length - 1];
    if (last && previous && last.to === previous && last.hours === hours) last.to = weekday;
    else runs.push({ from: weekday, to: weekday, hours });
    previous = weekday;
  }
  if (runs.length === 0) return t("schedules.noDays");
  return runs.map((run) => {
    const from = weekdayName(run.from, locale);
    const span = run.from === run.to ? from : `${from}–${weekdayName(run.to, locale)}`;
    return `${span} ${run.hours}`;
  }).join(", ");
}

/** Minutes as hours and minutes, "40 h", "37 h 30 min". */
export function hoursText(t: Translate, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t("schedules.hours", { hours }) : t("schedules.hoursMinutes", { hours, minutes: rest });
}

/** The schedule form's labels by the API's names of its fields. */
export function scheduleFields(t: Translate): FieldLabels {
  return { name: t("schedules.name"), late_grace_minutes: t("schedules.grace"), days: t("schedules.days"),
    weekday: t("schedules.days"), starts_at: t("schedules.start"), ends_at: t("schedules.end") };
}

/** The Employees page's status filter: active people only, inactive only, or both. */
export type ActiveFilter = "all" | "active" | "inactive";
const ACTIVE_FILTERS: readonly ActiveFilter[] = ["active", "inactive", "all"];
/** A schedule's id as the API takes it (1 to a bigint's largest; 18 digits stay below it). */
const SCHEDULE_ID = /^[1-9]\d{0,17}$/;

/** `#/employees` listing the people who have a schedule (null: anyone), in `status` (the default: active only). A
 * schedule's People count, and the 409 schedule_in_use, count inactive people too: their links say `all`. */
export function scheduleHoldersHref(scheduleId: number | null, status: ActiveFilter = "all"): string {
  const query = new URLSearchParams({
    ...(scheduleId !== null ? { schedule_id: String(scheduleId) } : {}),
    ...(status !== "active" ? { status } : {}),
  }).toString();
  return query ? `#/employees?${query}` : "#/employees";
}

/** The filters an Employees address carries (anything malformed is left out). */
export function employeesLinkFilters(search: string): { schedule_id?: number; status?: ActiveFilter } {
  const query = new URLSearchParams(search);
  const schedule = query.get("schedule_id") ?? "";
  const status = query.get("status") ?? "";
  return { ...(SCHEDULE_ID.test(schedule) ? { schedule_id: Number(schedule) } : {}),
    ...((ACTIVE_FILTERS as readonly string[]).includes(status) ? { status: status as ActiveFilter } : {}) };
}

/** How many people a schedule refused for deletion still has (409 schedule_in_use, `details.employees`). */
export function inUseCount(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== "schedule_in_use") return null;
  const count = (error.details as { employees?: unknown } | undefined)?.employees;
  return typeof count === "number" ? count : null;
}

/** A schedule write's error in words: "in use" with how many people have it (a link to them, given the schedule's
 * id), else as any error. */
export function ScheduleError({ error, name, scheduleId }: { error: unknown; name?: string; scheduleId?: number }) {
  const { t } = useI18n();
  const count = inUseCount(error);
  if (count !== null) {
    return <Notice kind="error"><span data-testid="schedule-in-use">
      {t("schedules.inUse", { name: name ?? "", count })}</span>
      {scheduleId !== undefined && <>{" "}<a href={scheduleHoldersHref(scheduleId)} data-testid="schedule-in-use-link">
        {t("schedules.inUse.link", { count })}</a></>}</Notice>;
  }
  return <ErrorNotice error={error} fields={scheduleFields(t)} />;
}
