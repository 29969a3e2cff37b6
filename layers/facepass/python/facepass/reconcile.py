"""Server-decided punches (POST /attendance/punch, direction_source auto) whose direction a punch of the same person
that came to count later would change: an offline capture sent late (check-in, check-out or punch), a manual punch,
a reviewer's confirm or reassign; or that an earlier punch they were decided with, no longer counting, would change:
a reviewer's reject, a reassign taking it from the person, or the person at the kiosk saying it was not them
(dispute). Such a punch goes back to review (direction_uncertain),
audited as a `flag` by the server, in the transaction that changed the earlier punch and under the person's lock it
holds."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from facepass import repository, snapshot_moves
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.reports import event_order, moved, punch_direction
from facepass.review import _audited

# Why the earlier punch came to count after the later ones were decided, or (LOST) stopped counting for the person
# since (AuditEntry.decided_without.cause).
LOST = ("rejected", "taken_away", "disputed")
CAUSES = ("sent_late", "added_by_hand", "reviewed", *LOST)


def decided_differently(cur, settings: Settings, employee_id: UUID, at, *, punch: dict | None = None,
                        event_id: int | None = None, previously: dict | None = None) -> list[dict]:
    """The person's server-decided punches within FACEPASS_MAX_SHIFT_HOURS after `at` whose direction, decided again
    from their events as they stand (the earlier punch counted; `punch`, {event_type, occurred_at}, added when it is
    not stored yet), is not the one they were given. In time order, each decided from the ones before it as decided
    again: one turned from entry to exit turns the next too. Returned: the counted, unreviewed ones, and those
    awaiting review that the earlier punch's change turns (decided again as the events stood before it, stored
    `event_id` as `previously`, {id, event_type, occurred_at}, or not taking part, they would not differ: a punch
    a review counts that took part already turns nothing again). Never one a human decided (it counts as chosen)."""
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
    # The events before the earlier punch's change: without it (the one not stored yet, id None), or as it was.
    earlier_punch = None if punch is not None else event_id
    events_before = [event for event in events if event["id"] != earlier_punch]
    if previously is not None:
        events_before = sorted([*events_before, {key: previously[key] for key in ("id", "event_type", "occurred_at")}],
                               key=_order)
    now = _decided_again(later, events, longest, double_press)
    before = _decided_again(later, events_before, longest, double_press)
    return [event for event in later if now[event["id"]] != event["event_type"] and (
        (event["review_state"] == "none" and event["status"] == "recognized")
        or (event["review_state"] == "pending" and now[event["id"]] != before[event["id"]]))]


def _decided_again(later: list[dict], events: list[dict], longest: timedelta,
                   double_press: timedelta) -> dict[int, str]:
    """Each of `later` (server-decided punches, in time order) decided again from `events`, its id -> its direction."""
    redecided: dict[int, str] = {}
    for event in later:
        before = [{**other, "event_type": redecided.get(other["id"], other["event_type"])}
                  for other in events if _order(other) < _order(event)]
        redecided[event["id"]] = punch_direction(before, event["occurred_at"], longest, double_press)
    return redecided


def _order(event: dict) -> tuple:
    # As the reports order events (event_order); a punch not stored yet (id None) sorts before a stored one of the
    # same instant and direction: it is the earlier one here.
    return *event_order(event), -1 if event["id"] is None else event["id"]


def flag_decided_without(cur, changed: list[dict], punch: dict, *, cause: str) -> list[int]:
    """Send `changed` (decided_differently) to review (direction_uncertain), each audited ('flag', by the server);
    one awaiting review already gets the reason added (it stays pending) unless it has it, and the flag all the same:
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
                                     f"{reason['occurred_at']}, {CAUSE_NOTES[cause]}",
                                before=_audited(before), after={**_audited(flagged), "decided_without": reason})
        if (planned := snapshot_moves.plan(cur, flagged)) is not None:
            moving.append(planned)
    return moving


CAUSE_NOTES = {"sent_late": "captured earlier and sent later", "added_by_hand": "added by hand later",
                "reviewed": "counted by a review later", "rejected": "rejected by a review later",
                "taken_away": "reassigned to someone else by a review later",
                "disputed": "said at the kiosk not to be theirs later"}


def reconcile_later_punches(cur, settings: Settings, punch: dict, *, cause: str,
                            employee_id: UUID | None = None, previously: dict | None = None) -> list[int]:
    """`punch` (a stored row) now counts, or awaits review, for its person; or (`employee_id`, a cause of LOST) no
    longer counts for that person, who held it: their later server-decided punches whose direction differs now go
    to review (flag_decided_without). `previously`: the punch as it took part for that person before (a review of
    one awaiting it; one that stops counting), else None. Under that person's lock. Returns the ids whose photo
    moves after the commit."""
    person = employee_id if employee_id is not None else punch.get("employee_id")
    if person is None:
        return []
    changed = decided_differently(cur, settings, person, punch["occurred_at"], event_id=punch["id"],
                                  previously=previously)
    return flag_decided_without(cur, changed, punch, cause=cause)


def reconcile_added_punches(cur, settings: Settings, rows: list[dict], *, cause: str) -> list[int]:
    """Several punches of one person that came to count together (a missing shift added whole), in time order: each
    later server-decided punch they turn is flagged once, naming the earliest of them that turns it (flagged one by
    one, the second would find the first's flag and flag the punch again). Returns the ids whose photo moves."""
    by_punch: dict[int, list[dict]] = {}
    seen: set[int] = set()
    for row in rows:
        for event in decided_differently(cur, settings, row["employee_id"], row["occurred_at"], event_id=row["id"]):
            if event["id"] not in seen:
                seen.add(event["id"])
                by_punch.setdefault(row["id"], []).append(event)
    return [moved for row in rows for moved in flag_decided_without(cur, by_punch.get(row["id"], []), row,
                                                                       cause=cause)]

