// The Attendance page's address for one person's days: the timesheet's and the daily report's rows link to their
// punches with it, and the page reads its filters back from it.

import { formatDateIn } from "../ui/components";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IDS = /^\d{1,18}(,\d{1,18}){0,499}$/;
/** The most ids GET /attendance/review's `ids` takes (what the API lists: pending_event_ids). */
const MAX_IDS = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `#/attendance` filtered to a person's days first..last (their days, in their zone: the API lists them so). A row
 * whose last exit is on a later day of theirs (a night shift's) reaches that day too, so the exit is listed. */
export function personDaysHref(employeeId: string, first: string, last: string,
  lastOut?: { at: string | null | undefined; timeZone: string }): string {
  const exitDay = lastOut?.at ? formatDateIn(lastOut.at, lastOut.timeZone) : last;
  const query = new URLSearchParams({ employee_id: employeeId, date_from: first, date_to: exitDay > last ? exitDay : last });
  return `#/attendance?${query.toString()}`;
}

/** The days of snapshots retention keeps (FACEPASS_SNAPSHOT_RETENTION_DAYS' default): a person's recent check-ins. */
export const RECENT_DAYS = 7;

/** A calendar day (YYYY-MM-DD) `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** personDaysHref for a person's last RECENT_DAYS days up to `today` (the report calendar's): a reviewer compares a
 * doubtful snapshot with the person's recent check-ins, whose snapshots are still kept. */
export function recentDaysHref(employeeId: string, today: string): string {
  return personDaysHref(employeeId, addDays(today, 1 - RECENT_DAYS), today);
}

/** The person a Review address names ("employee_id=…", a timesheet row's pending link), if well formed. */
export function linkedPerson(search: string): string | null {
  return linkedFilters(search).employee_id ?? null;
}

/** The filters an Attendance address carries (anything malformed is left out). */
export function linkedFilters(search: string): { employee_id?: string; date_from?: string; date_to?: string;
  ids?: string } {
  const query = new URLSearchParams(search);
  const employee = query.get("employee_id") ?? "";
  const from = query.get("date_from") ?? "";
  const to = query.get("date_to") ?? "";
  const ids = query.get("ids") ?? "";
  return { ...(UUID.test(employee) ? { employee_id: employee } : {}), ...(DATE.test(from) ? { date_from: from } : {}),
    ...(DATE.test(to) ? { date_to: to } : {}), ...(IDS.test(ids) ? { ids } : {}) };
}

/** The review queue of the days first..last (days in the report zone): nobody's punches awaiting review there. */
export function reviewDaysHref(first: string, last: string): string {
  return `#/review?${new URLSearchParams({ date_from: first, date_to: last }).toString()}`;
}

/** The review queue of exactly these events (those still awaiting review): what a refused close or the timesheet
 * counted as awaiting review, wherever their days are (a night shift's exit the morning after, another zone's day). */
export function reviewIdsHref(ids: readonly number[]): string {
  return `#/review?${new URLSearchParams({ ids: ids.slice(0, MAX_IDS).join(",") }).toString()}`;
}
