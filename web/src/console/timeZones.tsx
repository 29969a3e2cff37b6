import { useI18n } from "../i18n";
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
