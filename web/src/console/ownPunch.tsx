import type { AttendanceEvent, Person } from "../api/client";
import { useI18n } from "../i18n";
import { Notice } from "../ui/components";
import { useConsole } from "./context";

/** Separation of duties (README Roles): whether a punch is the signed-in user's own (the person it names is their
 * employee record): "refused" when another reviewer must decide it, "allowed" when the deployment allows self-review
 * (audited as such), null when it is not theirs. */
export function useOwnPunch(event: { employee?: Pick<NonNullable<AttendanceEvent["employee"]>, "id"> | null }):
  "refused" | "allowed" | null {
  const { self } = useConsole();
  if (!self.employeeId || event.employee?.id !== self.employeeId) return null;
  return self.allowSelfReview ? "allowed" : "refused";
}

/** The signed-in user's own employee id when they are left out of the people they may give a punch to or type one
 * for (separation of duties), else null (no record of theirs, or self-review allowed). */
export function useLeftOut(): string | null {
  const { self } = useConsole();
  return self.allowSelfReview ? null : self.employeeId;
}

/** The people a reviewer may give a punch to or type one for: everyone but themselves, unless self-review is
 * allowed. */
export function useOthers(people: Person[]): Person[] {
  const leftOut = useLeftOut();
  return leftOut ? people.filter((person) => person.id !== leftOut) : people;
}

/** Said on the signed-in user's own punch: another reviewer decides it, or (self-review allowed) the audit says so. */
export function OwnPunchNote({ own }: { own: "refused" | "allowed" }) {
  const { t } = useI18n();
  return (
    <Notice>
      <span data-testid={own === "refused" ? "own-punch" : "own-punch-allowed"}>
        {t(own === "refused" ? "review.own" : "review.own.allowed")}</span>
    </Notice>
  );
}
