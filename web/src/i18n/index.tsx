import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en, type Dictionary, type MessageKey } from "./en";
import { ru } from "./ru";

export type Locale = "en" | "ru";
export const LOCALES: Record<Locale, { label: string; dictionary: Dictionary }> = {
  en: { label: "English", dictionary: en },
  ru: { label: "Русский", dictionary: ru },
};
const STORAGE_KEY = "facepass.locale";

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function format(template: string, values?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

export function translator(locale: Locale): Translate {
  const dictionary = LOCALES[locale].dictionary;
  // A key this dictionary lacks (a reason code newer than the app): English, else the key itself, never a crash.
  return (key, values) => format(dictionary[key] ?? en[key] ?? key, values);
}

// Building an Intl.NumberFormat is slow and a list shows many numbers: one per language and number of decimals, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as the UI language writes it ("0,70" in Russian, "0.70" in English), with exactly `decimals` decimals. */
export function formatNumber(value: number, locale: string, decimals = 0): string {
  const key = `${locale}|${decimals}`;
  let made = numberFormats.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, made);
  }
  return made.format(value);
}

function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "ru";
}

/** The language to start in: the user's own last switch (kept in this browser), else the operator's (config.json's
 * `locale`, present only when set), else the first of the browser's languages the apps speak, else English. */
export function initialLocale(configured?: string): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  if (isLocale(configured)) return configured;
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  return browser.map((tag) => tag.toLowerCase().split("-")[0]).find(isLocale) ?? "en";
}

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ initial, children }: { initial: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initial);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale, t: translator(locale) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  return context;
}

/** A reason code (enrollment or retry) in words; unknown codes are shown as they are. */
export function reasonText(t: Translate, code: string | null | undefined, prefix: "reason" | "retry" = "reason"): string {
  if (!code) return "";
  const key = `${prefix}.${code}` as MessageKey;
  if (key in en) return t(key);
  return prefix === "retry" ? t("retry.generic") : t("reason.unknown", { code });
}
