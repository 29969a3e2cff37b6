import { useI18n } from "../i18n";
import { reviewIdsHref } from "./attendanceLinks";
import { useConsole } from "./context";

/** A row's punches awaiting review: a link to the review queue, of that person alone when `employeeId` is given;
 * a dash when none. A role without the review queue (payroll) gets the count as text: no link it cannot follow. */
export function PendingLink({ count, employeeId, ids }: { count: number; employeeId?: string;
  ids?: readonly number[] }) {
  const { t } = useI18n();
  const { can } = useConsole();
  if (count && !can.review) {
    return <span className="badge warn" aria-label={t("common.awaitingReview", { count })} data-testid="pending-count">{count}</span>;
  }
  // Exactly the punches counted (`ids`, a timesheet row's: the API lists them whenever it counts any), else the
  // person's punches awaiting review (a daily report row's).
  const href = ids?.length ? reviewIdsHref(ids)
    : employeeId ? `#/review?${new URLSearchParams({ employee_id: employeeId }).toString()}` : "#/review";
  return count ? <a href={href} className="badge warn" aria-label={t("common.awaitingReview", { count })}>{count}</a>
    : <>—</>;
}
