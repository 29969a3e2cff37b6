/** The IANA zone names the browser knows: suggestions for a time zone field (the API checks the name). */
export const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** The suggestions a time zone input names with list="time-zones" (one per page). */
export function TimeZoneList() {
  return <datalist id="time-zones">{TIME_ZONES.map((zone) => <option key={zone} value={zone} />)}</datalist>;
}
