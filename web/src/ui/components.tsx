import type { ReactNode } from "react";
import { LOCALES, useI18n, type Locale, type Translate } from "../i18n";
import { en, type MessageKey } from "../i18n/en";
import { ApiError, NetworkError } from "../api/client";

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="lang">
      <span>{t("lang.label")}</span>
      <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)} data-testid="language">
        {(Object.keys(LOCALES) as Locale[]).map((code) => (
          <option key={code} value={code} lang={code}>{LOCALES[code].label}</option>
        ))}
      </select>
    </label>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "ok" | "warn" | "error"; children: ReactNode }) {
  return <div className={`notice ${kind === "info" ? "" : kind}`} role={kind === "error" ? "alert" : "status"}>{children}</div>;
}

/** A form's visible labels by the API's names of its fields ({timezone: "Time zone"}), in the current language: a
 * validation error names the fields as the reader sees them, not as the API spells them. */
export type FieldLabels = Record<string, string>;

/** An error as a sentence in the current language; `fields`: the labels of the form it came from. */
export function ErrorNotice({ error, fields }: { error: unknown; fields?: FieldLabels }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Notice kind="error">{errorText(t, error, fields)}</Notice>;
}

/** An error in the current language: a known API error code in words (with the fields a validation error names, by
 * their labels when given), else the API's own message and code. */
export function errorText(t: Translate, error: unknown, fields?: FieldLabels): string {
  if (error instanceof NetworkError) return t("common.offline");
  if (error instanceof ApiError && !knownCode(error)) return t("common.error", { message: `${error.message} (${error.code})` });
  if (error instanceof ApiError) return apiErrorWords(t, error, fields);
  return t("common.error", { message: error instanceof Error ? error.message : String(error) });
}

function knownCode(error: ApiError): boolean {
  return `error.${error.code}` in en;
}

/** An API error's code in words when the apps know it (with the fields a validation error names, by their labels
 * when given), else the API's own message. */
export function apiErrorWords(t: Translate, error: ApiError, labels?: FieldLabels): string {
  if (!knownCode(error)) return error.message;
  const fields = invalidFields(error.details, labels);
  const words = t(`error.${error.code}` as MessageKey);
  return fields ? `${words} ${t("error.fields", { fields })}` : words;
}

/** The request fields a validation_error names, from its details.errors[].location, by their labels ("Time zone,
 * Date"); a field the form did not label (none of its own), by the API's name. */
function invalidFields(details: unknown, labels: FieldLabels = {}): string {
  const errors = (details as { errors?: { location?: unknown[] }[] } | undefined)?.errors ?? [];
  const names = errors.map((problem) => (problem.location ?? []).filter((part): part is string => typeof part === "string")
    .filter((part) => !["body", "query", "path"].includes(part)).pop()).filter((name): name is string => Boolean(name));
  return [...new Set(names.map((name) => (Object.hasOwn(labels, name) ? labels[name] : name)))].join(", ");
}

/** A moment in the report time zone (the calendar every attendance date is in), or the browser's when none. Within
 * an hour of a change of the zone's UTC offset the wall time can be read twice (the night the clocks go back, 02:40
 * happens twice): there it carries its UTC offset ("2:40:00 AM GMT+2" and "2:40:00 AM GMT+1"). */
export function formatTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return "—";
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const zone = timeZone ?? browserZone();
  const text = formatter(locale, zone, "time").format(instant);
  const offsets = new Set([-1, 0, 1].map((hours) => zoneOffsetMinutes(new Date(instant.getTime() + hours * 3_600_000), zone)));
  if (offsets.size === 1) return text;
  const offset = formatter(locale, zone, "offset").formatToParts(instant).find((part) => part.type === "timeZoneName")?.value;
  return offset ? `${text} ${offset}` : text;
}

// Building an Intl.DateTimeFormat is slow and every listed time needs a few: one per locale, zone and use, kept.
const FORMATS = {
  time: { dateStyle: "short", timeStyle: "medium" },
  offset: { timeZoneName: "shortOffset" },
  clock: { hour: "2-digit", minute: "2-digit" },
  date: { year: "numeric", month: "2-digit", day: "2-digit" },
  hourMinute: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  clockWithOffset: { hour: "2-digit", minute: "2-digit", timeZoneName: "shortOffset" },
  parts: { hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    second: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant's date (YYYY-MM-DD) on the wall clock of `timeZone`. */
export function formatDateIn(iso: string, timeZone: string): string {
  return formatter("en-CA", timeZone, "date").format(new Date(iso));
}

function formatter(locale: string, timeZone: string, use: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${use}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, { ...FORMATS[use], timeZone });
    formatters.set(key, made);
  }
  return made;
}

let browserTimeZone: string | undefined;
function browserZone(): string {
  return (browserTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Whole minutes (the reports' payroll unit, `worked_minutes`) as hours:minutes. */
export function formatMinutes(total: number): string {
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** The instants at which the wall clock of `timeZone` shows `date` `time` (ISO, earliest first): none in the hour a
 * clock change skips, two in the hour it repeats, else one. The console asks which, rather than guess. */
export function zonedTimeInstants(date: string, time: string, timeZone: string): string[] {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offsets a day either side: a clock change in between makes them differ.
  const offsets = new Set([-1, 1].map((side) => zoneOffsetMinutes(new Date(wall + side * 86_400_000), timeZone)));
  const instants = [...offsets].map((offset) => wall - offset * 60_000)
    .filter((instant) => instant + zoneOffsetMinutes(new Date(instant), timeZone) * 60_000 === wall);
  return [...new Set(instants)].sort((a, b) => a - b).map((instant) => new Date(instant).toISOString());
}

/** An instant's hours and minutes in a time zone (the browser's when none); `hours24`: on a 24-hour clock whatever
 * the locale's (when a change was made "meanwhile"). */
export function formatClock(iso: string, locale: string, timeZone?: string | null,
  { hours24 = false }: { hours24?: boolean } = {}): string {
  return formatter(locale, timeZone || browserZone(), hours24 ? "hourMinute" : "clock").format(new Date(iso));
}

/** An instant as the zone's wall clock with its UTC offset (the two 02:30 of a night the clocks go back). */
export function formatWithOffset(iso: string, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, "clockWithOffset").format(new Date(iso));
}

function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatter("en-US", timeZone, "parts").formatToParts(instant);
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return (asUtc - instant.getTime()) / 60_000;
}

/** A wide table scrolls sideways inside its own box on a narrow screen, instead of the whole page; the box takes
 * the keyboard focus (so it can be scrolled without a mouse) and is named after `label` as a table ("Attendance
 * table"): a region of its own, never with the same name as the page's section around it. */
export function TableScroll({ children, label }: { children: ReactNode; label: string }) {
  const { t } = useI18n();
  return <div className="table-scroll" tabIndex={0} role="region" aria-label={t("common.table", { name: label })}>{children}</div>;
}

