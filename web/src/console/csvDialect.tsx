import { useState } from "react";
import { downloadCsv } from "../api/client";
import type { paths } from "../api/schema";
import { useI18n } from "../i18n";
import { useConsole } from "./context";

/** The form of a CSV download (the API's `dialect`): "excel" (`,` between cells, `.` decimals) or "excel-semicolon"
 * (`;` and `,` decimals), which a spreadsheet in a comma-decimal locale (German, Russian) opens as columns. */
export type CsvDialect = NonNullable<NonNullable<paths["/attendance/daily"]["get"]["parameters"]["query"]>["dialect"]>;

const STORAGE_KEY = "facepass.csvDialect";

/** The form Excel reads in `locale` (the browser's: the spreadsheet's numbers follow the system, not the console's
 * language): semicolons where the decimal separator is a comma. */
export function defaultCsvDialect(locale?: string): CsvDialect {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === "decimal")?.value;
  return decimal === "," ? "excel-semicolon" : "excel";
}

/** The form chosen: the last one picked (kept in this browser), else the browser locale's. */
export function useCsvDialect(): [CsvDialect, (dialect: CsvDialect) => void] {
  const [dialect, setDialect] = useState<CsvDialect>(() => {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === "excel" || stored === "excel-semicolon" ? stored : defaultCsvDialect(navigator.language);
  });
  return [dialect, (chosen) => { localStorage.setItem(STORAGE_KEY, chosen); setDialect(chosen); }];
}

/** The choice beside a CSV download button. */
function CsvDialectSelect({ value, onChange }: { value: CsvDialect; onChange: (dialect: CsvDialect) => void }) {
  const { t } = useI18n();
  return (
    <label>{t("csv.dialect")}
      <select data-testid="csv-dialect" value={value} onChange={(e) => onChange(e.target.value as CsvDialect)}>
        <option value="excel">{t("csv.excel")}</option>
        <option value="excel-semicolon">{t("csv.excelSemicolon")}</option>
      </select>
    </label>
  );
}

/** A CSV download: the choice of form and the button that downloads `path`'s CSV (with `query` and that form) as
 * `filename`. A failure goes to `onError`, which each new download clears first (null). */
export function CsvDownload({ path, query, filename, onError, testId, className }: { path: string;
  query: Record<string, string | boolean>; filename: string; onError: (error: unknown) => void; testId?: string;
  className?: string }) {
  const { config, token, expired } = useConsole();
  const { t } = useI18n();
  const [dialect, setDialect] = useCsvDialect();
  return (
    <>
      <CsvDialectSelect value={dialect} onChange={setDialect} />
      <button type="button" className={className} data-testid={testId} onClick={() => {
        onError(null);
        downloadCsv(config.apiUrl, path, { ...query, dialect }, token, filename, expired).catch(onError);
      }}>{t("daily.csv")}</button>
    </>
  );
}
