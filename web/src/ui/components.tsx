import type { ReactNode } from "react";
import { LOCALES, useI18n, type Locale } from "../i18n";
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

export function Notice({ kind = "info", children }: { kind?: "info" | "ok" | "error"; children: ReactNode }) {
  return <div className={`notice ${kind === "info" ? "" : kind}`} role={kind === "error" ? "alert" : "status"}>{children}</div>;
}

/** An error as a sentence in the current language. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Notice kind="error">{errorText(t, error)}</Notice>;
}

export function errorText(t: ReturnType<typeof useI18n>["t"], error: unknown): string {
  if (error instanceof NetworkError) return t("common.offline");
  if (error instanceof ApiError) return t("common.error", { message: `${error.message} (${error.code})` });
  return t("common.error", { message: error instanceof Error ? error.message : String(error) });
}

export function formatTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return "—";
  return new Date(value).toLocaleString(locale, { dateStyle: "short", timeStyle: "medium", ...(timeZone ? { timeZone } : {}) });
}

export function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours}:${String(minutes).padStart(2, "0")}`;
}

export function todayIso(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
