import { ApiError } from "../api/client";
import type { Translate } from "../i18n";
import { formatTime } from "../ui/components";

/** What a 409 punch_conflict says: the kind, the events involved (with their times) and which could be replaced. */
export interface PunchConflict {
  conflict: string;
  events: { id: number; event_type: "entry" | "exit"; occurred_at: string }[];
  replaceable: number[];
  /** The person's zone, the one the API said the times in (absent from an older API: the report zone). */
  timezone?: string;
}

export function punchConflict(error: unknown): PunchConflict | null {
  if (!(error instanceof ApiError) || error.code !== "punch_conflict") return null;
  const details = error.details as Partial<PunchConflict> | undefined;
  return details && Array.isArray(details.events) && Array.isArray(details.replaceable) && details.conflict
    ? details as PunchConflict : null;
}

/** A punch_conflict in words: what the punch would do to the shifts the reports count. */
export function conflictText(t: Translate, conflict: PunchConflict, locale: string, timeZone: string): string {
  const time = (value: string) => formatTime(value, locale, conflict.timezone ?? timeZone);
  const [first, second] = conflict.events;
  switch (conflict.conflict) {
    case "shift_broken":
      return t("attendance.conflict.shift_broken", { start: first ? time(first.occurred_at) : "—",
        end: second ? time(second.occurred_at) : "—" });
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

