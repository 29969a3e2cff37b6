"""The review queue and the audit trail: HR confirms, reassigns or rejects doubtful events, and every
change to an attendance event is appended to attendance_audit (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from facepass import department_scope, idempotency, payroll, reports, repository, separation, storage
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import Conflict, DatabaseConflict, FacePassError, NotFound
from facepass.pagination import cursor_scope, decode_cursor, encode_cursor
from facepass.schemas import (
    AttendanceEvent,
    AuditEntry,
    AuditTrail,
    ManualEventRequest,
    ManualShift,
    ManualShiftRequest,
    ReviewCandidate,
    ReviewItem,
    ReviewPage,
    ReviewRequest,
    ReviewThresholds,
)

STATE_BY_ACTION = {"confirm": "confirmed", "reassign": "reassigned", "reject": "rejected"}
# What the audit keeps of an event: ids, decisions and scores. Never a vector or a photo key. The scores
# (similarity, liveness_score) are of a face: erasure strips them from the rows about the person (migration 0012's
# attendance_audit_biometric_keys lists them; a new score audited here belongs there too).
AUDITED_FIELDS = ("employee_id", "event_type", "occurred_at", "status", "similarity", "liveness_score", "review_state",
                  "review_reasons", "reviewed_by", "reviewed_at", "entered_by", "direction_source")


def review_item(row: dict, flag: dict | None = None, *, closed: date | None = None) -> ReviewItem:
    """The event with its review evidence. `flag`: the `decided_without` of its latest server flag (latest_flags),
    when the caller read it; `closed`: the closed day its decision would change (payroll.in_closed_period)."""
    from facepass.attendance import event_from_row

    detail = row.get("review_detail") or {}
    return ReviewItem(
        **event_from_row(row).model_dump(),
        candidates=[ReviewCandidate(employee_id=c["employee_id"], similarity=c.get("similarity"))
                    for c in detail.get("candidates", [])],
        margin=detail.get("margin"), replay_similarity=detail.get("replay_similarity"),
        # Rows stored before the cuts were kept have none: their scores stand alone, no cut is made up.
        thresholds=ReviewThresholds.model_validate(detail["thresholds"]) if detail.get("thresholds") else None,
        direction_doubt=detail.get("direction_doubt"), decided_without=flag,
        counted_original=row.get("counted_original"), in_closed_period=closed is not None, closed_day=closed)




def list_reviews(db: Database, *, state: str = "pending", cursor: str | None = None, limit: int = 50, s3=None,
                 bucket: str | None = None, actor: str | None = None, employee_id: UUID | None = None,
                 settings: Settings | None = None, date_from: date | None = None,
                 date_to: date | None = None, ids: list[int] | None = None, reach: Reach = EVERYONE) -> ReviewPage:
    """The queue, oldest first; one person's events only with employee_id (pending_total stays the whole queue's);
    the days [date_from, date_to] only, when given, as GET /attendance lists them (days in the report zone, or with
    employee_id that person's days in the zone they held at each event's instant; `settings` then required).
    With an S3 client, each item links to its snapshot for a few minutes, and one log
    line (`review_snapshots_linked`) says who (`actor`) got links to which events' photos (ids only, never a key or
    a link). An item the server sent back to review carries its latest flag's reason (decided_without).
    `ids`: these events only (those still in `state`), e.g. the punches a refused pay-period close counted
    (period_undecided's pending_event_ids), wherever their days are. `reach`: a scoped reviewer's
    (department_scope.py) queue holds their departments' people's events only (none nobody was matched to), and
    pending_total counts those; another person's employee_id finds nothing; a candidate or matched person outside
    their departments is left out (department_scope.without_outside_people)."""
    if date_from and date_to and date_from > date_to:
        raise FacePassError("date_from is after date_to.", code="invalid_date_range", status=422)
    scope = cursor_scope("GET /attendance/review", state=state, employee_id=employee_id, date_from=date_from,
                         date_to=date_to, ids=sorted(set(ids)) if ids is not None else None)
    after = decode_cursor(cursor, int, scope=scope) if cursor else None
    with db.transaction() as cur:
        employee_id = department_scope.person_filter(cur, reach, employee_id)
        rows, _ = reports.rows_on_days(
            cur, settings, employee_id, date_from, date_to,
            lambda start, end, after: repository.list_reviews(cur, state=state, after=after, limit=limit + 1,
                                                              employee_id=employee_id, start=start, end=end, ids=ids,
                                                              departments=reach.sql),
            by_person=employee_id is not None and bool(date_from or date_to), after=after, limit=limit)
        pending_total = repository.count_pending_reviews(cur, reach.sql)
        if reach.scoped:
            rows = department_scope.without_outside_people(cur, reach, rows)
        flagged = [row["id"] for row in rows[:limit] if "direction_uncertain" in (row.get("review_reasons") or [])]
        flags = repository.latest_flags(cur, flagged) if flagged else {}
        if reach.scoped and flags:  # a flag naming a punch now of someone outside: its reason is not theirs
            flags_out = department_scope.events_outside(cur, reach, [flag.get("event_id") for flag in flags.values()])
            flags = {event_id: department_scope.without_outside_flag(reach, flag, flags_out)
                     for event_id, flag in flags.items()}
        # Cards no reviewer can decide: their day is closed (payroll must reopen it first).
        closed = payroll.in_closed_period(cur, settings, rows[:limit]) if settings is not None else {}
    items = [review_item(row, flags.get(row["id"]), closed=closed.get(row["id"])) for row in rows[:limit]]
    if s3 is not None and bucket:
        linked = []
        for item in items:
            if item.snapshot_key:
                item.snapshot_url = storage.presigned_snapshot_url(s3, bucket=bucket, key=item.snapshot_key,
                                                                   expires_in=storage.PHOTO_LINK_SECONDS)
                linked.append(item.id)
        if linked:
            storage.log_photo_links("review_snapshots_linked", actor=actor, field="event_ids", ids=linked)
    next_cursor = encode_cursor(items[-1].occurred_at, items[-1].id, scope=scope) if len(rows) > limit else None
    return ReviewPage(items=items, next_cursor=next_cursor, pending_total=pending_total)


def _audited(row: dict) -> dict:
    values = {}
    for name in AUDITED_FIELDS:
        value = row.get(name)
        if isinstance(value, UUID):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        values[name] = value
    return values


def _require_actor(actor: str | None) -> None:
    """Every change to an attendance record names who made it (the audit trail)."""
    if not actor:
        raise FacePassError("The token has no subject (`sub`): changes must say who made them.",
                            code="reviewer_unknown", status=403)


def _refuse_stale(cur, row: dict, request: ReviewRequest) -> None:
    """409 review_stale when the reviewer decided from another version of the event than the locked row: its
    revision (any decision since, also one leaving the state's name as it was), else, from an older client, its
    review state. Details say what the event is now and who made it so: `automatic` when the server itself sent it
    back to review (a flag: a punch of the person that arrived late, or stopped counting), with the flag's
    `decided_without` and `changed_at` (a flag sets no reviewed_by or reviewed_at); `turned` when a reviewer turned
    this pending repeat with the press it repeats (its flag row: by whom, when, that press, the direction), which
    decided nothing: still pending, reviewed_by and reviewed_at null."""
    if request.expected_revision is not None:
        stale = row["revision"] != request.expected_revision
    else:
        stale = request.expected_state is not None and row["review_state"] != request.expected_state
    if not stale:
        return
    employee_id = str(row["employee_id"]) if row["employee_id"] else None
    last = repository.last_audit(cur, row["id"])
    if last is not None and is_automatic(last["actor"]):
        entry = _audit_entry(last)
        why = ("the person at the kiosk said it was not them" if last["actor"] != SYSTEM_ACTOR
               else "another punch of the person changes its direction")
        raise Conflict(f"FacePass sent this event back to review meanwhile: {why} ({last['note']}); look at it "
                       "again.", code="review_stale",
                       details={"review_state": row["review_state"], "employee_id": employee_id,
                                "reviewed_by": None, "reviewed_at": None, "revision": row["revision"],
                                "automatic": True, "changed_at": last["created_at"].isoformat(),
                                # the person at the kiosk said it was not them ("Not you?"): no decided_without
                                "disputed": last["actor"] != SYSTEM_ACTOR,
                                "decided_without": (entry.decided_without.model_dump(mode="json")
                                                    if entry.decided_without else None)})
    if row["review_state"] == "pending" and last is not None and last["action"] == "flag" \
            and (last["note"] or "").startswith(FOLLOWING_NOTE):
        # A repeat turned with the press it repeats (a reviewer's direction on that press): nobody decided it, it
        # still awaits review, in another direction than the one the older view showed. Said as such, by its flag.
        direction = (last["after"] or {}).get("event_type")
        raise Conflict(f"{last['actor']} turned this punch meanwhile ({direction}) with the press it repeats (event "
                       f"{row['repeat_of']}); it still awaits review: look at it again.", code="review_stale",
                       details={"review_state": row["review_state"], "employee_id": employee_id,
                                "reviewed_by": None, "reviewed_at": None, "revision": row["revision"],
                                "automatic": False,
                                "turned": {"by": last["actor"], "at": last["created_at"].isoformat(),
                                           "with_event_id": row["repeat_of"], "event_type": direction}})
    by = row["reviewed_by"] or (last["actor"] if last is not None else None)
    raise Conflict(f"Someone decided this event meanwhile ({row['review_state']}"
                   f"{f' to {employee_id}' if employee_id else ''}, by {by}): look at it again.",
                   code="review_stale",
                   details={"review_state": row["review_state"], "employee_id": employee_id,
                            "reviewed_by": row["reviewed_by"],
                            "reviewed_at": row["reviewed_at"].isoformat() if row["reviewed_at"] else None,
                            "revision": row["revision"], "automatic": False})


def review_event(db: Database, event_id: int, request: ReviewRequest, *, actor: str | None,
                 settings: Settings, s3=None, own_employee: UUID | None = None,
                 reach: Reach = EVERYONE) -> ReviewItem:
    """Apply a reviewer's decision to one event and append the audit row, in one transaction. A confirmation or a
    reassignment that would undo a counted shift of the person (an entry confirmed inside it: the shift's own entry
    becomes a forgotten one) is 409 punch_conflict unless `force`: the same check as a manual punch's. A reassignment
    of a counted event also weighs what taking it away does to the person it was counted for (their exit of a
    closed shift: the shift is no longer paid); details.effects says each person's. A confirm or reassign with
    `event_type` stores that direction (direction_source hr), and the check weighs it; without it, a server-decided
    punch reassigned to another person is decided again for them as of its time. A confirmed or reassigned punch
    sends the person's later server-decided punches it turns back to review (reconcile), and so does a punch a
    rejection or reassignment takes from a person (those decided with it), their photos moved with `s3` after the
    commit (without it, by the daily cleanup). `own_employee`: the caller's own employee record (separation.py):
    a decision on a punch of theirs (the person it names now, a typed or disputed one's too) or a reassignment to
    them is 403 own_record, checked under the locks, nothing written (FACEPASS_ALLOW_SELF_REVIEW: made, and its
    audit rows say self_review). `reach`: a scoped reviewer (department_scope.py) decides only their departments'
    people's events (another's, or one nobody was matched to: 404 attendance_not_found, as for no event) and
    reassigns only to their people (403 outside_departments), nothing written."""
    from facepass import reconcile, snapshot_moves
    from facepass.attendance import direction_for

    _require_actor(actor)
    if (request.action != "confirm" or request.force) and not (request.note or "").strip():
        # A rejection or reassignment changes what payroll counts, and a forced decision undoes a counted shift:
        # the audit keeps why, as for a manual punch.
        raise FacePassError(f"A {'forced ' if request.force else ''}{request.action} needs a note: the reason the "
                            "audit trail keeps.", code="note_required", status=422)
    moving = []
    with db.transaction() as cur:
        # The person's lock before the event's, the order a manual punch with `replaces` takes them in (the other
        # order could deadlock with it). The lock a deactivation or an erasure takes too: one committing meanwhile
        # is seen here, and one that comes later waits for this review, then finds its row.
        looked = repository.get_attendance(cur, event_id)
        if reach.scoped:
            department_scope.require_event(cur, reach, looked, event_id)
        if request.action == "reassign":
            # Both people's (the shifts read of each stay as read), in one order: a reassignment the other way
            # round between the same two takes them in the same order.
            previous = looked["employee_id"] if looked is not None else None
            locked = {person: repository.get_employee(cur, person, lock="no key update")
                      for person in sorted({request.employee_id, previous} - {None}, key=str)}
            employee = locked[request.employee_id]
            if employee is None:
                raise NotFound(f"No employee {request.employee_id}.", code="employee_not_found")
            if not reach.covers_department(employee["department"]):
                department_scope.require_person(cur, reach, request.employee_id, what="a reassignment to them")
            if not employee["is_active"] and not (
                    looked is not None and repository.was_active_at(cur, request.employee_id, looked["occurred_at"])):
                # A leaver's last punches before they left may still become theirs (their final pay); none after.
                raise Conflict("That employee is deactivated (and was when this punch was taken).",
                               code="employee_inactive")
            if employee["erased_at"] is not None and looked is not None and looked["entered_by"] is None:
                # Their biometric data was erased: no kiosk punch (its photo, its scores) becomes theirs again.
                raise Conflict("That employee's biometric data was erased: reject this punch and enter their time as "
                               "a manual punch.", code="employee_erased")
            if (employee["consent_withdrawn_at"] is not None and looked is not None and looked["entered_by"] is None
                    and "face_free" not in (looked["review_reasons"] or [])):
                # (A punch typed without Face ID carries no photo nor score: it may become theirs.)
                # Their Face ID is withdrawn: no kiosk punch (its photo, its scores) becomes theirs. Their time is
                # entered by HR; this punch is rejected (its photo expires with retention). A punch HR typed may.
                raise Conflict("That employee withdrew their Face ID consent: reject this punch and enter their "
                               "time as a manual punch.", code="consent_withdrawn")
        elif looked is not None and looked["employee_id"] is not None:
            # A confirmation or a rejection changes the person's counted shifts too: a reassignment taking another
            # of their punches weighs them before and after, and must not see this one land in between.
            repository.get_employee(cur, looked["employee_id"], lock="no key update")
        row = repository.get_attendance(cur, event_id, for_update=True)
        if row is None:
            raise NotFound(f"No attendance event {event_id}.", code="attendance_not_found")
        if reach.scoped:  # as it is under the locks (its person's department too)
            department_scope.require_event(cur, reach, row, event_id)
        _refuse_stale(cur, row, request)
        if looked is None or row["employee_id"] != looked["employee_id"]:
            raise DatabaseConflict("The event changed while it was reviewed; send the review again.")
        employee_id = request.employee_id if request.action == "reassign" else row["employee_id"]
        # Separation of duties: the person it counts for or is taken from is not the reviewer (people locked above).
        self_review = separation.check(settings, own_employee, (row["employee_id"], employee_id),
                                       what=f"a {request.action} of your own punch")
        if request.action == "confirm" and employee_id is None:
            raise Conflict("Nobody was identified in this event: reassign it to the right employee instead.",
                           code="review_needs_employee")
        note = request.note
        # The direction it counts with: a server-decided punch given to another person, theirs as of its time (it
        # was decided for its first owner or candidate, under whose lock); else the stored one; the reviewer's when
        # they chose one that is not both of these (HR decided it). The one it has and would keep changes nothing:
        # its source stays.
        if employee_id != row["employee_id"] and row["direction_source"] == "auto":
            direction, direction_source = direction_for(cur, settings, employee_id, row["occurred_at"]), "auto"
        else:
            direction, direction_source = row["event_type"], row["direction_source"]
        if request.event_type is not None and not request.event_type == direction == row["event_type"]:
            direction, direction_source = request.event_type, "hr"
        # A repeat disputed on its own (its answer's "Not you?") whose first press counts for its person: confirmed,
        # it is that press pressed twice, so it stays a repeat in that press's direction (one HR turned it to since,
        # too), never a punch of its own beside it. Only once that press no longer counts may it count on its own.
        followed = _counted_original(cur, row) if request.action == "confirm" and _disputed_alone(row) else None
        if followed is not None:
            if request.event_type not in (None, followed["event_type"]):
                raise Conflict(f"This press repeats event {followed['id']}, which counts as an "
                               f"{followed['event_type']}: confirmed, it stays a repeat of it. Turn event "
                               f"{followed['id']} instead, or reject this press.", code="repeat_follows_original",
                               details={"event_id": followed["id"], "event_type": followed["event_type"]})
            if followed["event_type"] != direction:
                direction, direction_source = followed["event_type"], "hr"
        if request.event_type not in (None, row["event_type"]) and not (note or "").strip():
            # Turning a punch the other way (the kiosk's, the server's or HR's direction) changes the shifts it
            # makes: the audit keeps why.
            raise FacePassError("A decision that turns the punch's direction needs a note: the reason the audit "
                                "trail keeps.", code="note_required", status=422)
        if request.action != "reject":
            # As for a manual punch: no paid time for someone not employed then (a leaver's exit turned into an
            # entry would start paid time after they left; a gap's unknown punch reassigned to a rehire).
            _refuse_not_employed(cur, settings, employee_id, row["occurred_at"], direction)
        # A double press is one press: a direction corrected on its first press is corrected on its repeats too
        # (left in the old one, a repeat would count as a punch of its own), and the check weighs the group as one
        # punch. A repeat corrected alone has no repeats: it becomes a punch of its own, and is weighed so. Nor has a
        # first press HR rejected: its repeats count on their own, their person's punches. A reassignment takes the
        # first press alone: each repeat is its own recognition of its person (another face may have pressed first).
        turned = (direction != row["event_type"] and employee_id == row["employee_id"]
                  and row["review_state"] != "rejected")
        # Never a repeat disputed on its own (its answer's "Not you?": another face said it was not them): it
        # awaits its own decision, whatever this punch's. But it follows this punch's direction when HR turns it
        # (`following`: turned, still pending): left in the old one, a confirm of it would count a punch of its own.
        found = (repository.repeats_of(cur, event_id, employee_id=row["employee_id"], event_type=row["event_type"])
                 if turned or _disputed(row) else [])
        following = [repeat for repeat in found if _disputed_alone(repeat)] if turned else []
        found = [repeat for repeat in found if not _disputed_alone(repeat)]
        # "Not you?" sent its repeats (the same person, pressing twice at that kiosk) to review with it: they get the
        # same decision, whatever it is (left pending, a rejection would let them count on their own).
        repeats = found if turned else [repeat for repeat in found if _disputed(repeat)]
        # A closed pay period's figures do not move: the event as it is and as it would count (its repeats too).
        payroll.refuse_closed(cur, settings, [(row["employee_id"], row["occurred_at"]),
                                              (employee_id, row["occurred_at"]),
                                              *((employee_id, repeat["occurred_at"])
                                                for repeat in [*repeats, *following])],
                              what=f"this {request.action} of event {event_id}",
                              changing={event_id, *(repeat["id"] for repeat in [*repeats, *following])})
        effects = {}
        if request.action != "reject":
            # The counted events of the person it counts for around it: read once, for both checks below.
            around = _events_around(cur, settings, employee_id, row["occurred_at"])
            effects["new"] = _shift_conflict(cur, settings, employee_id=employee_id, event_type=direction,
                                             occurred_at=row["occurred_at"],
                                             dropped={event_id, *(repeat["id"] for repeat in repeats)},
                                             kinds=("shift_broken",), moves_edge=True, around=around)
            if effects["new"] is None and employee_id == row["employee_id"] and direction != row["event_type"]:
                # The check above weighs the punch without its old direction: a counted one turned the other way is
                # weighed as a whole too (the shift it was part of).
                effects["new"] = _turned_conflict(cur, settings, row=row, direction=direction,
                                                  turned={event_id, *(repeat["id"] for repeat in repeats)},
                                                  before=around)
        taken_from = row["employee_id"] if request.action == "reassign" and row["employee_id"] != employee_id else None
        # Who stops counting it: the person it is taken from, or the one a rejection takes it from (a punch of theirs
        # awaiting review counts in no shift yet: rejecting it changes none).
        lost_by = row["employee_id"] if request.action == "reject" else taken_from
        shifts_before = _events_around(cur, settings, lost_by, row["occurred_at"]) if lost_by else []
        updated = repository.apply_review(cur, event_id, review_state=STATE_BY_ACTION[request.action],
                                          employee_id=employee_id, reviewed_by=actor, event_type=direction,
                                          direction_source=direction_source)
        if lost_by:  # what the reports read of them now, in this transaction (a refusal rolls it back)
            effects["previous"] = _taken_away_conflict(cur, settings, employee_id=lost_by, event=row,
                                                       before=shifts_before, rejected=request.action == "reject")
        conflict = _joined_conflicts(effects)
        if conflict is not None and not request.force:
            raise conflict
        if conflict is not None:  # forced: the audit trail says what it undid
            note = _clipped(f"{note or ''}{FORCED_MARK}{conflict}]".strip())
        for repeat in repeats:  # the same decision, each audited (and its revision bumped: older views are stale)
            same = repository.apply_review(cur, repeat["id"], review_state=STATE_BY_ACTION[request.action],
                                           employee_id=employee_id, reviewed_by=actor, event_type=direction,
                                           direction_source=direction_source)
            repository.insert_audit(cur, attendance_id=repeat["id"], action=request.action, actor=actor,
                                    note=_clipped(f"{REPEAT_NOTE}{event_id}: {note or ''}".rstrip(": ")),
                                    before=_audited(repeat), after=separation.marked(_audited(same), self_review))
        for repeat in following:  # its direction only: it still awaits HR's own decision (a flag: no decision)
            turned_too = repository.turn_pending(cur, repeat["id"], event_type=direction,
                                                 direction_source=direction_source)
            repository.insert_audit(cur, attendance_id=repeat["id"], action="flag", actor=actor,
                                    note=_clipped(f"{FOLLOWING_NOTE}{event_id}, still awaiting its own review: "
                                                  f"{note or ''}".rstrip(": ")),
                                    before=_audited(repeat), after=separation.marked(_audited(turned_too),
                                                                                     self_review))
        repository.insert_audit(cur, attendance_id=event_id, action=request.action, actor=actor, note=note,
                                before=_audited(row), after=separation.marked(_audited(updated), self_review))
        if request.action != "reject":  # it counts for them now: their punches decided without it may turn
            took_part = _took_part(row) and row["employee_id"] == employee_id  # as it was, for them
            moving = reconcile.reconcile_later_punches(cur, settings, updated, cause="reviewed",
                                                       previously=row if took_part else None)
        if lost_by is not None and _took_part(row):  # their punches decided with it may turn (under their lock)
            moving += reconcile.reconcile_later_punches(cur, settings, updated, employee_id=lost_by,
                                                        cause="taken_away" if taken_from else "rejected",
                                                        previously=row)
        # Its answer as the queue shows it to the reviewer: a candidate or matched person outside their departments
        # is not named to a scoped one (department_scope.without_outside_people).
        [answered] = department_scope.without_outside_people(cur, reach, [updated])
    if s3 is not None:
        snapshot_moves.move(db, s3, settings.bucket, ids=moving)
    return review_item(answered)


def _disputed(row: dict) -> bool:
    """Awaiting review because the person at the kiosk said it was not them (dispute.py)."""
    return row["review_state"] == "pending" and "disputed_at_kiosk" in (row.get("review_reasons") or [])


def _disputed_alone(row: dict) -> bool:
    """A repeat the person at the kiosk disputed on its own, leaving the punch it repeats counting (dispute.py)."""
    from facepass.dispute import DISPUTED_ALONE

    return _disputed(row) and (row.get("review_detail") or {}).get(DISPUTED_ALONE) is not None


def _counted_original(cur, row: dict) -> dict | None:
    """The press the event repeats, when it counts for the event's person (COUNTED_EVENT), else None. Read under the
    person's lock, which a decision on that press takes too."""
    original = repository.get_attendance(cur, row["repeat_of"]) if row["repeat_of"] is not None else None
    if original is None or original["employee_id"] != row["employee_id"] or \
            not repository.attendance_counted(cur, original["id"]):
        return None
    return original


def _took_part(row: dict) -> bool:
    """The event took part in deciding its person's server-decided punches (repository.punches_deciding): counted,
    or awaiting review (not one the person at the kiosk said was not them: a confirm counts it anew)."""
    if row["review_state"] == "pending":
        return not _disputed(row)
    return row["review_state"] in ("confirmed", "reassigned") or (
        row["review_state"] == "none" and row["status"] == "recognized")


def is_automatic(actor: str | None) -> bool:
    """A change the server made itself: SYSTEM_ACTOR, or at the word of the person at a kiosk (dispute's actor,
    naming the kiosk: SYSTEM_ACTOR and the device)."""
    return actor is not None and (actor == SYSTEM_ACTOR or actor.startswith(f"{SYSTEM_ACTOR}: "))


# A manual punch is at most this old: a year's corrections, not a typo's (2016 for 2026) into a closed period.
MANUAL_MAX_AGE = timedelta(days=366)
REPLACED_NOTE = "replaced by a manual punch: "
REPEAT_NOTE = "corrected with the press it repeats, event "
FOLLOWING_NOTE = "turned with the press it repeats, event "
FORCED_MARK = " [forced: "  # a forced decision's note: HR's words, then what the server says it undid


def human_note(note: str | None) -> str | None:
    """A decision's note as HR wrote it, without the server's account of what a forced decision undid (which names the
    people whose shifts it changed: the person a punch was taken from, i.e. whom the face matched)."""
    if note is None or FORCED_MARK.strip() not in note:
        return note
    return note.rpartition(FORCED_MARK.strip())[0].rstrip() or None  # the server's account is always appended last
NOTE_MAX = 1000  # attendance_audit.note


def add_event(db: Database, settings: Settings, request: ManualEventRequest, *, actor: str | None,
              idempotency_key: str | None = None, now: datetime | None = None, s3=None,
              own_employee: UUID | None = None, reach: Reach = EVERYONE) -> AttendanceEvent:
    """A punch HR enters by hand, with its reason: counted like a confirmed one, marked entered_by, and an 'add'
    row in the audit trail, in one transaction. Any employee, deactivated ones included for a time they were employed
    (a leaver's last day; an entry while they were deactivated is 409 employee_inactive).
    Under the person's lock, the punch must count as the reports pair events (punch_conflict: else 409
    `punch_conflict`); `replaces` rejects one of their counted events of the same type in the same transaction
    (audited too), and the check runs without it. An Idempotency-Key (scope: the actor) replays the first answer.
    The person's later server-decided punches the punch turns go back to review (reconcile; photos moved as a
    review's). A punch for `own_employee` (the caller's own record) is 403 own_record under the person's lock,
    nothing written (FACEPASS_ALLOW_SELF_REVIEW: added, audited as a self-review)."""
    # The same allowance for a clock ahead as a kiosk's; the same key rule as a check-in's.
    from facepass import reconcile
    from facepass.attendance import event_from_row

    _require_actor(actor)
    idempotency.check_key(idempotency_key)
    occurred_at = _instant(request.occurred_at)
    key = _ManualKey(db, f"manual:{actor}", idempotency_key, _manual_hash(request, occurred_at), AttendanceEvent)
    if (replayed := key.replayed()) is not None:
        _require_replayed_person(db, reach, replayed.employee.id if replayed.employee else request.employee_id,
                                 "a manual punch")
        return replayed
    _check_age(occurred_at, now or datetime.now(UTC))

    def write(cur) -> tuple[AttendanceEvent, list[int]]:
        # A scoped reviewer's people only (department_scope.py): 403 outside_departments, nothing written.
        department_scope.require_person(cur, reach, request.employee_id, what="a manual punch")
        if request.replaces is not None and reach.scoped:  # another department's punch: as none (not "another's")
            department_scope.require_event(cur, reach, repository.get_attendance(cur, request.replaces),
                                           request.replaces)
        self_review = separation.check(settings, own_employee, (request.employee_id,),
                                       what="a manual punch for yourself")
        _refuse_not_employed(cur, settings, request.employee_id, occurred_at, request.event_type)
        replaced = _replaced_event(cur, request) if request.replaces is not None else None
        # The replaced punch and its double presses (repeat_of either way): one punch, replaced as one.
        group = repository.repeat_group(cur, replaced["id"]) if replaced is not None else []
        payroll.refuse_closed(cur, settings, [(request.employee_id, occurred_at),
                                              *([(replaced["employee_id"], replaced["occurred_at"])] if replaced
                                                else [])],
                              what="a manual punch" if replaced is None else "a replacement",
                              changing={row["id"] for row in group} | ({replaced["id"]} if replaced else set()))
        # With `replaces`, the person's counted events around both punches: read once, for both checks.
        around = (_events_around(cur, settings, request.employee_id, *sorted((occurred_at, replaced["occurred_at"])))
                  if replaced is not None else None)
        _check_shifts(cur, settings, employee_id=request.employee_id, event_type=request.event_type,
                      occurred_at=occurred_at, dropped={row["id"] for row in group}, around=around)
        if replaced is not None:  # the check above never sees the shift the replaced punch was part of
            _check_replacement(cur, settings, replaced=replaced, group=group, event_type=request.event_type,
                               occurred_at=occurred_at, before=around)
        row = repository.insert_manual_attendance(cur, employee_id=request.employee_id, occurred_at=occurred_at,
                                                  event_type=request.event_type, actor=actor)
        repository.insert_audit(cur, attendance_id=row["id"], action="add", actor=actor, note=request.note,
                                before={}, after=separation.marked(_audited(row), self_review))
        for old in group:
            updated = repository.apply_review(cur, old["id"], review_state="rejected",
                                              employee_id=old["employee_id"], reviewed_by=actor)
            repository.insert_audit(cur, attendance_id=old["id"], action="reject", actor=actor,
                                    note=_clipped(REPLACED_NOTE + request.note), before=_audited(old),
                                    after=separation.marked(_audited(updated), self_review))
        return event_from_row(row), reconcile.reconcile_later_punches(cur, settings, row, cause="added_by_hand")

    return key.write(settings, s3, request.employee_id, write)


def add_shift(db: Database, settings: Settings, request: ManualShiftRequest, *, actor: str | None,
              idempotency_key: str | None = None, now: datetime | None = None, s3=None,
              own_employee: UUID | None = None, reach: Reach = EVERYONE) -> ManualShift:
    """A whole shift HR enters by hand (a forgotten morning before the afternoon's kiosk punches): its entry and exit
    checked together (reports.shift_conflict: the pair is a shift the reports count, breaking or swallowing no
    counted one; else 409 `punch_conflict`), stored together under the person's lock, each counted like a confirmed
    punch, marked entered_by and audited ('add', the note) as add_event's punch is. The person's later
    server-decided punches the pair turns go back to review (reconcile). An Idempotency-Key (add_event's scope: a
    key sent for a single punch is another request) replays the first answer. A shift for `own_employee`: 403
    own_record, as add_event's punch."""
    from facepass import reconcile
    from facepass.attendance import event_from_row

    _require_actor(actor)
    idempotency.check_key(idempotency_key)
    started_at, ended_at = _instant(request.started_at, "started_at"), _instant(request.ended_at, "ended_at")
    key = _ManualKey(db, f"manual:{actor}", idempotency_key, _shift_hash(request, started_at, ended_at), ManualShift)
    if (replayed := key.replayed()) is not None:
        _require_replayed_person(db, reach, replayed.entry.employee.id if replayed.entry.employee
                                 else request.employee_id, "a manual shift")
        return replayed
    now = now or datetime.now(UTC)
    _check_age(started_at, now, "started_at")
    _check_age(ended_at, now, "ended_at")
    if ended_at <= started_at:
        raise FacePassError("ended_at is not after started_at: a shift ends after it begins.",
                            code="shift_end_not_after_start", status=422)
    if ended_at - started_at > timedelta(hours=settings.max_shift_hours):
        raise FacePassError(f"The shift is longer than {settings.max_shift_hours} hours (FACEPASS_MAX_SHIFT_HOURS): "
                            "the reports would not pair its entry and exit.", code="shift_too_long", status=422)

    def write(cur) -> tuple[ManualShift, list[int]]:
        department_scope.require_person(cur, reach, request.employee_id, what="a manual shift")
        self_review = separation.check(settings, own_employee, (request.employee_id,),
                                       what="a manual shift for yourself")
        _refuse_not_employed(cur, settings, request.employee_id, started_at, "entry")
        _refuse_not_employed(cur, settings, request.employee_id, ended_at, "exit")
        payroll.refuse_closed(cur, settings, [(request.employee_id, started_at), (request.employee_id, ended_at)],
                              what="a manual shift")
        _check_pair(cur, settings, employee_id=request.employee_id, started_at=started_at, ended_at=ended_at)
        rows = [repository.insert_manual_attendance(cur, employee_id=request.employee_id, occurred_at=at,
                                                    event_type=event_type, actor=actor)
                for event_type, at in (("entry", started_at), ("exit", ended_at))]
        for row in rows:
            repository.insert_audit(cur, attendance_id=row["id"], action="add", actor=actor, note=request.note,
                                    before={}, after=separation.marked(_audited(row), self_review))
        # Both count now: later server-decided punches are decided again with both (the entry's window first).
        moving = reconcile.reconcile_added_punches(cur, settings, rows, cause="added_by_hand")
        return ManualShift(entry=event_from_row(rows[0]), exit=event_from_row(rows[1])), moving

    return key.write(settings, s3, request.employee_id, write)


def _require_replayed_person(db: Database, reach: Reach, employee_id: UUID, what: str) -> None:
    """A replay (Idempotency-Key) answers only what a fresh request would be let do: a person outside the caller's
    departments now (an admin narrowed them since the first answer) is 403 outside_departments, as for a new one."""
    if not reach.scoped:
        return
    with db.transaction() as cur:
        department_scope.require_person(cur, reach, employee_id, what=what)


def _refuse_not_employed(cur, settings: Settings, employee_id: UUID, moment: datetime, direction: str) -> None:
    """409 employee_inactive when a punch (HR types it, or a review leaves it so) would be paid time of someone not
    employed then, as the audited is_active history says: an entry only if they were employed at some instant of the
    shift it may start (its time to a shift's length later: a rehire's first morning, reactivated after they came
    in), an exit only if within a shift's length either side of it (a leaver deactivated at two who left at five; a
    rehire's first day, reactivated at its end). So no shift lying wholly after a leaving is paid, nor one between a
    leaving and a return but the shift just before the return. A moment before the record was created is HR's word
    (a new hire's first morning). Under the person's lock (the caller's), so a deactivation committing meanwhile is
    seen."""
    shift = timedelta(hours=settings.max_shift_hours)
    start, end = (moment, moment + shift) if direction == "entry" else (moment - shift, moment + shift)
    if not repository.employed_during(cur, employee_id, moment, start, end):
        raise Conflict("That employee was not employed then (deactivated, and no shift of theirs can reach a time "
                       "they were): if they are back, reactivate them first.", code="employee_inactive")


def _check_pair(cur, settings: Settings, *, employee_id: UUID, started_at: datetime, ended_at: datetime) -> None:
    """409 punch_conflict when the pair would not be a counted shift, or would break or swallow one: the person's
    counted events within a shift's length either side of it, paired with and without it by the reports' rule. Said
    in the zone the person held at the entry (the shift's day is the entry's)."""
    longest = timedelta(hours=settings.max_shift_hours)
    events = _events_around(cur, settings, employee_id, started_at, ended_at)
    entry = {"id": None, "event_type": "entry", "occurred_at": started_at}
    exit_ = {"id": None, "event_type": "exit", "occurred_at": ended_at}
    conflict = reports.shift_conflict(events, entry, exit_, longest,
                                      timedelta(seconds=settings.checkin_repeat_window_seconds))
    if conflict is None:
        return
    zone = reports.zone_at(cur, settings, employee_id, started_at)

    def when(event: dict) -> str:
        return _local(event["occurred_at"], zone)

    this = f"the shift {when(entry)} → {when(exit_)} ({zone})"
    if conflict.kind == "shift_broken":
        pairs = ", ".join(f"{when(first)} → {when(second)}" for first, second in zip(conflict.events[::2],
                                                                                     conflict.events[1::2],
                                                                                     strict=False))
        message = f"With {this}, the counted shift {pairs} would no longer be paid as it is."
    else:
        punches = ", ".join(f"the {event['event_type']} at {when(event)} (event {event['id']})"
                            for event in conflict.events)
        message = (f"{this[0].upper()}{this[1:]} overlaps counted punches ({punches}): it would not be counted as "
                   "a shift of its own. Add the missing punch alone, or correct the one that is wrong.")
    raise Conflict(message, code="punch_conflict", details=_conflict_details(conflict, employee_id, zone))


def _shift_hash(request: ManualShiftRequest, started_at: datetime, ended_at: datetime) -> str:
    """The request, whatever its offsets or key order; never the hash of a single punch (_manual_hash)."""
    body = {"shift": True, "employee_id": str(request.employee_id), "started_at": started_at.isoformat(),
            "ended_at": ended_at.isoformat(), "note": request.note}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _instant(moment: datetime, field: str = "occurred_at") -> datetime:
    """A punch's time in UTC, or 422: no offset, or outside the years 1-9999 once in UTC (0001-01-01T00:00+14:00)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise FacePassError(f"{field} needs a time zone offset (RFC 3339, e.g. 2026-11-23T17:30:00+01:00).",
                            code="occurred_at_invalid", status=422)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise FacePassError(f"{field} is outside the calendar once in UTC: check the date.",
                            code="occurred_at_invalid", status=422) from None


def _check_age(moment: datetime, now: datetime, field: str = "occurred_at") -> None:
    """A manual punch is not in the future (a kiosk clock's allowance) and at most MANUAL_MAX_AGE old, else 422."""
    from facepass.attendance import OFFLINE_MAX_AHEAD

    if moment > now + OFFLINE_MAX_AHEAD:
        raise FacePassError(f"{field} is in the future.", code="occurred_at_invalid", status=422)
    if moment < now - MANUAL_MAX_AGE:
        raise FacePassError(f"{field} is more than {MANUAL_MAX_AGE.days} days ago: check the year.",
                            code="occurred_at_invalid", status=422)


def _manual_hash(request: ManualEventRequest, occurred_at: datetime) -> str:
    """The request, whatever its offset or key order: the same punch hashes the same."""
    body = {"employee_id": str(request.employee_id), "event_type": request.event_type,
            "occurred_at": occurred_at.isoformat(), "note": request.note, "replaces": request.replaces}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass
class _ManualKey:
    """What HR adds by hand (a punch, a shift) and its Idempotency-Key (scope: the actor): a retry replays the first
    answer (only what was added is kept: a refusal stores nothing), a key sent with another body is refused."""

    db: Database
    scope: str
    key: str | None
    request_hash: str
    answer: type[AttendanceEvent] | type[ManualShift]

    def replayed(self):
        """The first answer to this key, if there is one."""
        if not self.key:
            return None
        with self.db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=self.scope, key=self.key)
        return self._replay(record) if record else None

    def _replay(self, record: dict):
        return self.answer.model_validate(idempotency.replayable(record, self.request_hash)["response"])

    def write(self, settings: Settings, s3, employee_id: UUID, write):
        """`write(cur)` -> (answer, ids whose photo moves), in one transaction that claims the key and holds the
        person's lock (a kiosk's check takes it too) to the commit, so the shifts checked stay as read; a concurrent
        retry with the same key that committed first is replayed. The photos move after the commit."""
        from facepass import snapshot_moves

        try:
            with self.db.transaction() as cur:
                if self.key and not repository.claim_idempotency_key(cur, scope=self.scope, key=self.key,
                                                                     request_hash=self.request_hash):
                    raise idempotency.KeyTaken()
                if repository.get_employee(cur, employee_id, lock="no key update") is None:
                    raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
                answer, moving = write(cur)
                if self.key:
                    repository.store_idempotent_response(cur, scope=self.scope, key=self.key, status_code=201,
                                                         response=answer.model_dump(mode="json"))
        except idempotency.KeyTaken:
            with self.db.transaction() as cur:
                return self._replay(repository.get_idempotency_record(cur, scope=self.scope, key=self.key))
        if s3 is not None:
            snapshot_moves.move(self.db, s3, settings.bucket, ids=moving)
        return answer


def _replaced_event(cur, request: ManualEventRequest) -> dict:
    """The event `replaces` names, locked: the same person's, counted, and of the punch's type."""
    row = repository.get_attendance(cur, request.replaces, for_update=True)
    if row is None:
        raise NotFound(f"No attendance event {request.replaces}.", code="attendance_not_found")
    if row["employee_id"] != request.employee_id:
        raise FacePassError(f"Event {request.replaces} is not this employee's.", code="replaces_other_employee",
                            status=422)
    if row["event_type"] != request.event_type:
        raise FacePassError(f"Event {request.replaces} is an {row['event_type']}: a punch replaces one of its type.",
                            code="replaces_other_type", status=422)
    if not repository.attendance_counted(cur, request.replaces):
        raise FacePassError(f"Event {request.replaces} is not counted (awaiting review, rejected or unrecognised): "
                            "there is nothing to replace.", code="replaces_not_counted", status=422)
    return row


def _check_shifts(cur, settings: Settings, *, employee_id: UUID, event_type: str, occurred_at: datetime,
                  dropped: set[int] = frozenset(), kinds: tuple[str, ...] | None = None,
                  around: list[dict] | None = None) -> None:
    """Raise _shift_conflict's 409, if any."""
    conflict = _shift_conflict(cur, settings, employee_id=employee_id, event_type=event_type,
                               occurred_at=occurred_at, dropped=dropped, kinds=kinds, around=around)
    if conflict is not None:
        raise conflict


def _check_replacement(cur, settings: Settings, *, replaced: dict, group: list[dict], event_type: str,
                       occurred_at: datetime, before: list[dict]) -> None:
    """409 punch_conflict when replacing `replaced` (with its double presses, `group`) by a punch at `occurred_at`
    would undo a counted shift, the replaced one's included: the person's counted events around both (`before`,
    _events_around from the earlier to the later), and after with the group gone and the punch standing in for
    `replaced` (its id: the shift it edges is kept)."""
    dropped = {row["id"] for row in group}
    punch = {"id": replaced["id"], "event_type": event_type, "occurred_at": occurred_at}
    after = sorted([*(event for event in before if event["id"] not in dropped), punch], key=reports.event_order)
    conflict = _change_conflict(cur, settings, employee_id=replaced["employee_id"], moment=occurred_at,
                                before=before, after=after, what=lambda when, zone: (
                                    f"Replacing the {replaced['event_type']} at {when(replaced['occurred_at'])} "
                                    f"with one at {when(occurred_at)} ({zone})"))
    if conflict is not None:
        raise conflict


def _turned_conflict(cur, settings: Settings, *, row: dict, direction: str, turned: set[int],
                     before: list[dict]) -> Conflict | None:
    """409 punch_conflict when turning the person's counted event `row` (and its repeats: `turned`) to `direction`
    would undo a counted shift: their counted events around it (`before`, _events_around it), and after with those
    turned."""
    after = sorted(({**event, "event_type": direction} if event["id"] in turned else event for event in before),
                   key=reports.event_order)
    return _change_conflict(cur, settings, employee_id=row["employee_id"], moment=row["occurred_at"], before=before,
                            after=after, what=lambda when, zone: (f"Turning the {row['event_type']} at "
                                                                  f"{when(row['occurred_at'])} into an {direction} "
                                                                  f"({zone})"))


def _change_conflict(cur, settings: Settings, *, employee_id: UUID, moment: datetime, before: list[dict],
                     after: list[dict], what, whose: str = "the") -> Conflict | None:
    """409 punch_conflict when a change of the person's counted events (`before` -> `after`, reports.shifts_undone)
    undoes a closed shift of theirs (in the zone they held at `moment`); `what(when, zone)` says the change (when: an
    instant as the message says it), and `whose` counted shift it undid."""
    conflict = reports.shifts_undone(before, after, timedelta(hours=settings.max_shift_hours),
                                     timedelta(seconds=settings.checkin_repeat_window_seconds))
    if conflict is None:
        return None
    zone = reports.zone_at(cur, settings, employee_id, moment)

    def when(at: datetime) -> str:
        return _local(at, zone)

    pairs = ", ".join(f"{when(entry['occurred_at'])} → {when(exit_['occurred_at'])}"
                      for entry, exit_ in zip(conflict.events[::2], conflict.events[1::2], strict=False))
    return Conflict(f"{what(when, zone)}: {whose} counted shift {pairs} would no longer be paid as it is.",
                    code="punch_conflict", details=_conflict_details(conflict, employee_id, zone))


def _shift_conflict(cur, settings: Settings, *, employee_id: UUID, event_type: str, occurred_at: datetime,
                    dropped: set[int] = frozenset(), kinds: tuple[str, ...] | None = None,
                    moves_edge: bool = False, around: list[dict] | None = None) -> Conflict | None:
    """409 punch_conflict when the punch would not be part of a counted shift, or would undo a closed one (of
    `kinds` only, when given): the person's counted events within a shift's length either side (as the reports
    read them, but `dropped`), paired with and without it by the reports' rule. `around`: those events as the caller
    read them already (_events_around a span that holds the punch), else read here. moves_edge: a shift whose entry
    or exit the punch replaces as a double press of it is kept (a review of a flagged punch its retry followed)."""
    longest = timedelta(hours=settings.max_shift_hours)
    start, end = _window(settings, occurred_at)
    events = [event for event in (repository.recognized_events_between(cur, start=start, end=end,
                                                                       employee_ids=[employee_id])
                                  if around is None else around)
              if start <= event["occurred_at"] < end and event["id"] not in dropped]
    punch = {"id": None, "event_type": event_type, "occurred_at": occurred_at}
    conflict = reports.punch_conflict(events, punch, longest,
                                      timedelta(seconds=settings.checkin_repeat_window_seconds),
                                      moves_edge=moves_edge)
    if conflict is None or (kinds is not None and conflict.kind not in kinds):
        return None
    zone = reports.zone_at(cur, settings, employee_id, occurred_at)  # the punch's day's zone, as the reports read it
    return Conflict(_conflict_message(conflict, punch, settings, zone), code="punch_conflict",
                    details=_conflict_details(conflict, employee_id, zone))


def _conflict_details(conflict: reports.PunchConflict, employee_id: UUID, zone: str) -> dict:
    return {"conflict": conflict.kind, "employee_id": str(employee_id), "timezone": zone,
            "event_ids": [event["id"] for event in conflict.events],
            "events": [{"id": event["id"], "event_type": event["event_type"],
                        "occurred_at": event["occurred_at"].isoformat(),
                        "local_time": reports.wall_clock(event["occurred_at"], zone)} for event in conflict.events],
            "replaceable": [event["id"] for event in conflict.replaceable]}


def _window(settings: Settings, first: datetime, last: datetime | None = None) -> tuple[datetime, datetime]:
    """[start, end) of a shift's length either side of `first` (to `last`, when given): the counted events a check
    of a punch there weighs."""
    longest = timedelta(hours=settings.max_shift_hours)
    return reports.moved(first, -longest), reports.moved(first if last is None else last, longest + _INSTANT)


def _events_around(cur, settings: Settings, employee_id: UUID, first: datetime,
                   last: datetime | None = None) -> list[dict]:
    """The person's counted events within a shift's length either side of `first` (to `last`, when given), as the
    reports read them."""
    start, end = _window(settings, first, last)
    return repository.recognized_events_between(cur, start=start, end=end, employee_ids=[employee_id])


def _taken_away_conflict(cur, settings: Settings, *, employee_id: UUID, event: dict, before: list[dict],
                         rejected: bool = False) -> Conflict | None:
    """409 punch_conflict when taking `event` away from `employee_id` (a reassignment to someone else or, `rejected`,
    a rejection, applied in this transaction) undid a closed shift of theirs: their counted events around it
    `before` and now, paired by the reports' rule (a double press of it they keep, counted now, keeps the shift)."""

    def what(when, zone: str) -> str:
        this, name = f"the {event['event_type']} at {when(event['occurred_at'])} ({zone})", before[0]["full_name"]
        return f"Rejecting {this} of {name}" if rejected else f"Taking {this} away from {name}"

    return _change_conflict(cur, settings, employee_id=employee_id, moment=event["occurred_at"], before=before,
                            after=_events_around(cur, settings, employee_id, event["occurred_at"]), what=what,
                            whose="their")


def _joined_conflicts(effects: dict[str, Conflict | None]) -> Conflict | None:
    """One 409 for what a review does to each person ("new": the person it is counted for after, "previous": the
    one it is taken from): the first's details (what an older console reads), and each in details.effects."""
    found = [(owner, conflict) for owner, conflict in effects.items() if conflict is not None]
    if not found:
        return None
    return Conflict(" ".join(conflict.message for _, conflict in found), code="punch_conflict", details={
        **found[0][1].details,
        "effects": [{**conflict.details, "owner": owner, "message": conflict.message} for owner, conflict in found]})


def _local(moment: datetime, zone: str) -> str:
    """An instant as a conflict message says it: the zone's wall clock to the minute."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


_INSTANT = timedelta(microseconds=1)  # the window's end is exclusive: an exit exactly a shift's length later pairs


def _conflict_message(conflict: reports.PunchConflict, punch: dict, settings: Settings, zone: str) -> str:

    def when(event: dict) -> str:
        return _local(event["occurred_at"], zone)

    this = f"an {punch['event_type']} at {when(punch)} ({zone})"
    events = conflict.events
    if conflict.kind == "shift_broken":
        pairs = ", ".join(f"{when(entry)} → {when(exit_)}" for entry, exit_ in zip(events[::2], events[1::2],
                                                                                  strict=False))
        message = f"With {this}, the counted shift {pairs} would no longer be paid as it is."
    elif conflict.kind == "exit_unpaired":
        if len(events) == 2:
            message = (f"The shift that began at {when(events[0])} already ended at {when(events[1])}: "
                       f"{this} would not be counted.")
        elif events and events[0]["event_type"] == "entry":
            message = (f"The entry at {when(events[0])} is more than {settings.max_shift_hours} hours earlier: "
                       f"{this} would close no shift and would not be counted.")
        elif events:
            message = f"The exit at {when(events[0])} is not paired with an entry: {this} would not be counted either."
        else:
            message = (f"No entry within {settings.max_shift_hours} hours before it opens a shift: "
                       f"{this} would not be counted.")
    elif conflict.kind == "entry_double_press" and events:
        message = (f"The entry at {when(events[0])} is still open and less than "
                   f"{settings.checkin_repeat_window_seconds} seconds earlier: {this} would count as a double press "
                   "and change nothing.")
    elif conflict.kind == "entry_left_open" and events:
        message = (f"{this[0].upper()}{this[1:]} would open a shift no exit closes (the next punch is an "
                   f"{events[0]['event_type']} at {when(events[0])}): it would not be counted.")
        if len(events) > 1:  # that entry's shift is closed: a forgotten earlier shift goes in whole, with its exit
            message += (f" If a shift before {when(events[0])} is missing, add it with its exit "
                        "(POST /attendance/manual/shift).")
    else:
        message = f"{this[0].upper()}{this[1:]} would not be counted as entered."
    if conflict.replaceable:
        message += " To correct " + ", ".join(f"the {event['event_type']} at {when(event)} (event {event['id']})"
                                              for event in conflict.replaceable) + ", send it again with `replaces`."
    return message


def _clipped(note: str) -> str:
    return note if len(note) <= NOTE_MAX else note[:NOTE_MAX - 1] + "…"


def audit_trail(db: Database, event_id: int, *, reach: Reach = EVERYONE) -> AuditTrail:
    """Every change of the event; `reach`: a scoped reviewer's (department_scope.py) only for their departments'
    people's events (another's: 404 attendance_not_found, as for no event), without the people outside their
    departments the rows name (department_scope.without_outside_audit)."""
    from facepass.dispute import KIOSK_ACTOR_PREFIX  # dispute builds on this module (reconcile too)

    with db.transaction() as cur:
        event = department_scope.require_event(cur, reach, repository.get_attendance(cur, event_id), event_id)
        rows = department_scope.without_outside_audit(
            cur, reach, repository.list_audit(cur, event_id, kiosk_actor_prefix=KIOSK_ACTOR_PREFIX),
            matched=event["matched_employee_id"])
    return AuditTrail(attendance_id=event_id, items=[_audit_entry(row) for row in rows])


def _audit_entry(row: dict) -> AuditEntry:
    # A flag keeps its reason beside the row's fields in `after` (reconcile.flag_decided_without): said on its own.
    after = dict(row["after"])
    reason = after.pop("decided_without", None)
    self_review = bool(after.pop(separation.AUDIT_KEY, False))  # kept the same way: said on its own
    return AuditEntry(**{**row, "after": after}, automatic=is_automatic(row["actor"]), decided_without=reason,
                      self_review=self_review)
