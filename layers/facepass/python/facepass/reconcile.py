"""Server-decided punches (POST /attendance/punch, direction_source auto) whose direction a punch of the same person
that came to count later would change: an offline capture sent late (check-in, check-out or punch), a manual punch,
a reviewer's confirm or reassign; or that an earlier punch they were decided with, no longer counting, would change:
a reviewer's reject, or a reassign taking it from the person. Such a punch goes back to review (direction_uncertain),
audited as a `flag` by the server, in the transaction that changed the earlier punch and under the person's lock it
holds."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from facepass import repository, snapshot_moves
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.reports import moved, punch_direction
from facepass.review import _audited

# Why the earlier punch came to count after the later ones were decided, or (LOST) stopped counting for the person
# since (AuditEntry.decided_without.cause).
LOST = ("rejected", "taken_away")
CAUSES = ("sent_late", "added_by_hand", "reviewed", *LOST)


def decided_differently(cur, settings: Settings, employee_id: UUID, at, *, punch: dict | None = None) -> list[dict]:
    """The person's server-decided punches within FACEPASS_MAX_SHIFT_HOURS after `at` whose direction, decided again
    from their events as they stand (the earlier punch counted; `punch`, {event_type, occurred_at}, added when it is
    not stored yet), is not the one they were given. In time order, each decided from the ones before it as decided
    again: one turned from entry to exit turns the next too. Only the counted, unreviewed ones are returned (one
    awaiting review or decided by a human is a human's already)."""
    longest = timedelta(hours=settings.max_shift_hours)
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)
    later = repository.auto_punches_after(cur, employee_id=employee_id, after=at, until=moved(at, longest))
    if not later:
        return []
    # Two shifts back: how the events just inside one shift pair can depend on an entry before them.
    events = repository.punches_deciding(cur, employee_id=employee_id, start=moved(at, -2 * longest),
                                         end=later[-1]["occurred_at"] + timedelta(microseconds=1))
    if punch is not None:
        events = sorted([*events, {"id": None, **punch}], key=_order)
    redecided: dict[int, str] = {}  # a later punch's id -> its direction decided again
    changed = []
    for event in later:
        before = [{**other, "event_type": redecided.get(other["id"], other["event_type"])}
                  for other in events if _order(other) < _order(event)]
        direction = punch_direction(before, event["occurred_at"], longest, double_press)
        redecided[event["id"]] = direction
        if direction != event["event_type"] and event["review_state"] == "none" and event["status"] == "recognized":
            changed.append(event)
    return changed


def _order(event: dict) -> tuple:
    # A punch not stored yet (id None) sorts before a stored one of the same instant: it is the earlier one here.
    return event["occurred_at"], -1 if event["id"] is None else event["id"]


def flag_decided_without(cur, changed: list[dict], punch: dict, *, cause: str) -> list[int]:
    """Send `changed` (decided_differently) to review (direction_uncertain), each audited ('flag', by the server):
    `punch` (a stored row of the person), counted earlier than they are, changes their direction. The audit's
    `after.decided_without` says which punch, at what instant and why it came late (`cause`, one of CAUSES), for the
    console to word in its language and zone (AuditEntry.decided_without); the note says it in English for the CLI
    and the API. Under the person's lock (a review of
    theirs waits for it); a reject racing it wins (the row no longer counts). Their photos' moves to
    review-snapshots/ are planned: returns the ids to move after the commit (snapshot_moves.move)."""
    assert cause in CAUSES
    moving = []
    for event in changed:
        before = repository.get_attendance(cur, event["id"], for_update=True)
        flagged = repository.flag_for_review(cur, event["id"], reason="direction_uncertain")
        if flagged is None:
            continue
        reason = {"event_id": punch["id"], "occurred_at": punch["occurred_at"].isoformat(), "cause": cause}
        repository.insert_audit(cur, attendance_id=event["id"], action="flag", actor=SYSTEM_ACTOR,
                                note=f"decided {'with' if cause in LOST else 'without'} punch {punch['id']} at "
                                     f"{reason['occurred_at']}, {_CAUSE_NOTES[cause]}",
                                before=_audited(before), after={**_audited(flagged), "decided_without": reason})
        if (planned := snapshot_moves.plan(cur, flagged)) is not None:
            moving.append(planned)
    return moving


_CAUSE_NOTES = {"sent_late": "captured earlier and sent later", "added_by_hand": "added by hand later",
                "reviewed": "counted by a review later", "rejected": "rejected by a review later",
                "taken_away": "reassigned to someone else by a review later"}


def reconcile_later_punches(cur, settings: Settings, punch: dict, *, cause: str,
                            employee_id: UUID | None = None) -> list[int]:
    """`punch` (a stored row) now counts, or awaits review, for its person; or (`employee_id`, a cause of LOST) no
    longer counts for that person, who held it: their later server-decided punches whose direction differs now go
    to review (flag_decided_without). Under that person's lock. Returns the ids whose photo moves after the commit."""
    person = employee_id if employee_id is not None else punch.get("employee_id")
    if person is None:
        return []
    changed = decided_differently(cur, settings, person, punch["occurred_at"])
    return flag_decided_without(cur, changed, punch, cause=cause)
