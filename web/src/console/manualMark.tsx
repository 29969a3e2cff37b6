import { useI18n, type Translate } from "../i18n";

/** The mark of time resting on a punch HR typed in (entered_by): a day's whole shift counts when its entry or exit was. */
export const MANUAL_SIGN = "✎";

/** Minutes as "N h M min" (the hours left out below one). */
export function hoursAndMinutes(total: number, t: Translate): string {
  const hours = Math.floor(total / 60), minutes = total % 60;
  return hours ? t("timesheet.hoursMinutes", { hours, minutes }) : t("timesheet.minutesOnly", { minutes });
}

/** A day whose minutes rest on a punch HR typed in: the sign, said in words to screen readers. */
export function ManualMark({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  if (!minutes) return null;
  const text = t("timesheet.manual");
  return <span className="badge manual" role="img" aria-label={text} title={text} data-testid="manual-mark">{MANUAL_SIGN}</span>;
}

/** "of which N h M min entered by HR" under a total, when any of it is. */
export function ManualShare({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  if (!minutes) return null;
  return <small className="manual-share" data-testid="manual-share">{t("timesheet.manualShare", { duration: hoursAndMinutes(minutes, t) })}</small>;
}
