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

/** A message with its values: `{name}` is the value; `{count, plural, one {# face} other {# faces}}` is the branch
 * of the language's plural category of `count` (Intl.PluralRules: English one/other, Russian one/few/many/other;
 * `=0 {…}` an exact number first), `#` in it the number as the language writes it. */
export function format(template: string, values?: Record<string, string | number>, locale: string = "en"): string {
  return expandPlurals(template, values, locale)
    .replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(count: number, locale: string): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, rules = new Intl.PluralRules(locale));
  return rules.select(count);
}

/** The template with each `{name, plural, …}` replaced by its chosen branch (a malformed one is left as written). */
function expandPlurals(template: string, values: Record<string, string | number> | undefined, locale: string): string {
  const opening = /\{(\w+), plural,/g;
  let result = "";
  let done = 0;
  for (let match = opening.exec(template); match; match = opening.exec(template)) {
    const branches = new Map<string, string>();
    let at = match.index + match[0].length;
    for (;;) {
      while (template[at] === " ") at += 1;
      if (template[at] === "}" || at >= template.length) break;
      const selector = /^(=\d+|\w+)\s*\{/.exec(template.slice(at));
      if (!selector) break;
      at += selector[0].length;
      let depth = 1;
      const start = at;
      while (at < template.length && depth > 0) {
        if (template[at] === "{") depth += 1;
        if (template[at] === "}") depth -= 1;
        at += 1;
      }
      branches.set(selector[1]!, template.slice(start, at - 1));
    }
    if (template[at] !== "}") continue;
    const count = Number(values?.[match[1]!]);
    const branch = Number.isFinite(count)
      ? branches.get(`=${count}`) ?? branches.get(pluralCategory(count, locale)) ?? branches.get("other") ?? ""
      : branches.get("other") ?? "";
    result += template.slice(done, match.index)
      + branch.replace(/#/g, Number.isFinite(count) ? formatNumber(count, locale) : String(values?.[match[1]!] ?? "#"));
    done = at + 1;
    opening.lastIndex = done;
  }
  return result + template.slice(done);
}

export function translator(locale: Locale): Translate {
  const dictionary = LOCALES[locale].dictionary;
  // A key this dictionary lacks (a reason code newer than the app): English, else the key itself, never a crash.
  return (key, values) => format(dictionary[key] ?? en[key] ?? key, values, dictionary[key] ? locale : "en");
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

/** A score and the cut it was decided by, each with `decimals` digits, or more (up to 7: a stored score is a float4)
 * while the two would read the same though they differ: a lead of 0.0762 against 0.08 is "0.076" and "0.080", never
 * "0.08" twice. */
export function formatAgainst(value: number, cut: number, locale: string, decimals: number): [string, string] {
  let digits = decimals;
  while (digits < 7 && value !== cut && formatNumber(value, locale, digits) === formatNumber(cut, locale, digits)) {
    digits += 1;
  }
  return [formatNumber(value, locale, digits), formatNumber(cut, locale, digits)];
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
