import { ApiError } from "../api/client";
import type { Schemas } from "../api/client";
import type { Translate } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { formatTime } from "../ui/components";

/** What a 409 punch_conflict says: the kind, the events involved (with their times) and which could be replaced. */
export interface PunchConflict {
  conflict: string;
  events: { id: number; event_type: "entry" | "exit"; occurred_at: string }[];
  replaceable: number[];
  /** The person's zone, the one the API said the times in (absent from an older API: the report zone). */
  timezone?: string;
  /** Whose shifts these are. */
  employee_id?: string;
  /** A review's, what it does to each person: "new", the one the event is counted for after it; "previous", the one
   * a reassignment or a rejection takes a counted punch from (their closed shift would lose its entry or exit). The
   * first is also the conflict's own fields. */
  effects?: (Omit<PunchConflict, "effects"> & { owner: "new" | "previous" })[];
}

export function punchConflict(error: unknown): PunchConflict | null {
  if (!(error instanceof ApiError) || error.code !== "punch_conflict") return null;
  const details = error.details as Partial<PunchConflict> | undefined;
  return details && Array.isArray(details.events) && Array.isArray(details.replaceable) && details.conflict
    ? details as PunchConflict : null;
}

/** The zone a punch_conflict's times are said in: the person's at the punch, as the API worded it (`timezone`),
 * else (an older API) the report zone. The one rule every conflict in the console is worded by. */
export function conflictZone(conflict: Pick<PunchConflict, "timezone">, reportZone: string): string {
  return conflict.timezone ?? reportZone;
}

/** One of a conflict's times, on the wall clock of its zone (conflictZone). */
export function conflictTime(value: string, conflict: Pick<PunchConflict, "timezone">, locale: string,
  reportZone: string): string {
  return formatTime(value, locale, conflictZone(conflict, reportZone));
}

/** `text`, naming the conflict's zone when it is not the report zone: the rows beside it are in the report zone, and
 * another zone's wall clock unnamed reads as theirs. */
function namingZone(t: Translate, text: string, conflict: Pick<PunchConflict, "timezone">, reportZone: string): string {
  const zone = conflictZone(conflict, reportZone);
  return zone === reportZone ? text : `${text} ${t("attendance.conflict.zone", { zone })}`;
}

/** A punch_conflict in words: what the punch (or, `subject` "shift", the missing shift added whole) would do to the
 * shifts the reports count. `timeZone`: the report zone. */
export function conflictText(t: Translate, conflict: PunchConflict, locale: string, timeZone: string,
  subject: "punch" | "shift" = "punch"): string {
  return namingZone(t, conflictWords(t, conflict, locale, timeZone, subject), conflict, timeZone);
}

function conflictWords(t: Translate, conflict: PunchConflict, locale: string, timeZone: string,
  subject: "punch" | "shift"): string {
  const time = (value: string) => conflictTime(value, conflict, locale, timeZone);
  const [first, second] = conflict.events;
  switch (conflict.conflict) {
    case "shift_broken":
      return t(subject === "shift" ? "attendance.conflict.shift_broken_by_shift" : "attendance.conflict.shift_broken",
        { start: first ? time(first.occurred_at) : "—", end: second ? time(second.occurred_at) : "—" });
    case "shift_overlaps":
      return t("attendance.conflict.shift_overlaps", { punches: conflict.events.map((event) =>
        `${t(event.event_type === "entry" ? "event.check_in" : "event.check_out")} ${time(event.occurred_at)}`)
        .join(", ") });
    case "exit_unpaired":
      return first && second
        ? t("attendance.conflict.exit_after_shift", { start: time(first.occurred_at), end: time(second.occurred_at) })
        : t("attendance.conflict.exit_unpaired");
    case "entry_double_press":
      return t("attendance.conflict.entry_double_press", { time: first ? time(first.occurred_at) : "—" });
    case "entry_left_open":
      return t("attendance.conflict.entry_left_open", { time: first ? time(first.occurred_at) : "—" });
    default:
      return t("error.punch_conflict");
  }
}

/** Where one punch was refused because it is half of a missing shift, the shift to offer instead: "from" the refused
 * entry (its exit to type) when the next counted punch opens a shift an exit closes (entry_left_open naming that
 * exit: replacing that entry with this one would pay the gap between them, a lunch hour), "until" the refused exit
 * when no entry opens a shift before it (exit_unpaired naming nothing). Else null: the conflict's Replace offers
 * stand. */
export function missingShiftOffer(conflict: PunchConflict, eventType: "entry" | "exit"): "from" | "until" | null {
  if (eventType === "entry" && conflict.conflict === "entry_left_open"
      && conflict.events.some((event) => event.event_type === "exit")) return "from";
  if (eventType === "exit" && conflict.conflict === "exit_unpaired" && conflict.events.length === 0) return "until";
  return null;
}

/** A review's punch_conflict in words, each person's effect (a reassignment may change both people's shifts): the
 * one a punch is taken from (by a reassignment, or by a rejection: `action`) is named, and so is the other when both
 * are; each effect's zone when it is not the report zone (`timeZone`). `nameOf`: a person's name by id. */
export function reviewConflictText(t: Translate, conflict: PunchConflict, locale: string, timeZone: string,
  nameOf: (id: string) => string, action: "confirm" | "reassign" | "reject" = "reassign"): string {
  const effects = conflict.effects?.length ? conflict.effects : [{ ...conflict, owner: "new" as const }];
  return effects.map((effect) => {
    if (effect.owner === "previous") {
      const time = (value: string) => conflictTime(value, effect, locale, timeZone);
      const [start, end] = effect.events;
      return namingZone(t, t(action === "reject" ? "attendance.conflict.rejected" : "attendance.conflict.taken_away", {
        person: effect.employee_id ? nameOf(effect.employee_id) : "—",
        start: start ? time(start.occurred_at) : "—", end: end ? time(end.occurred_at) : "—" }), effect, timeZone);
    }
    const text = conflictText(t, effect, locale, timeZone);
    return effects.length > 1 && effect.employee_id ? `${nameOf(effect.employee_id)}: ${text}` : text;
  }).join(" ");
}

/** Why FacePass sent an event back to review (a flag's `decided_without`): the punch its direction was decided
 * without, its time in `timeZone` like every other time shown. */
export function decidedWithoutText(t: Translate, reason: Schemas["DecidedWithout"], locale: string,
  timeZone: string): string {
  return t(`attendance.audit.decided_without.${reason.cause}` as MessageKey,
    { id: reason.event_id, time: formatTime(reason.occurred_at, locale, timeZone) });
}
