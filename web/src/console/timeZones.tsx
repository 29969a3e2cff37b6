import { useI18n, type Translate } from "../i18n";
import { formatTime } from "../ui/components";
import { useConsole } from "./context";
/** The IANA zone names the browser knows: suggestions for a time zone field (the API checks the name). */
export const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** The suggestions a time zone input names with list="time-zones" (one per page). */
export function TimeZoneList() {
  return <datalist id="time-zones">{TIME_ZONES.map((zone) => <option key={zone} value={zone} />)}</datalist>;
}

/** Beside a report row whose person's zone did not load: the server counted their days in the report zone. */
export function ZoneUnavailable({ row }: { row: { timezone: string; timezone_unavailable?: boolean } }) {
  const { t } = useI18n();
  if (!row.timezone_unavailable) return null;
  return <> <span className="badge warn" data-testid="zone-unavailable">
    {t("report.zoneUnavailable", { zone: row.timezone })}</span></>;
}

/** A punch's time on the wall clock of its person's zone (`zone`: the one they held then when the API says it, else
 * their zone now), naming the zone when it is not the report zone (`reportZone`): the times beside it are the report
 * zone's, and another zone's wall clock unnamed reads as theirs ("8:02:00 AM (America/New_York)"). */
export function personTime(t: Translate, value: string, locale: string, zone: string, reportZone: string): string {
  const time = formatTime(value, locale, zone);
  return zone === reportZone ? time : t("time.inZone", { time, zone });
}

/** personTime as an element: `testId` names it for the page's tests. */
export function PersonTime({ value, zone, testId }: { value: string; zone: string; testId?: string }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  return <span data-testid={testId} data-zone={zone}>{personTime(t, value, locale, zone, calendar.timeZone)}</span>;
}
