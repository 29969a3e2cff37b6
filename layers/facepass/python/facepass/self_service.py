"""Employee self-service (README, Self-service): a console user reads their own hours and punches and asks HR to
correct a day. Their own employee record is the one whose email is theirs (separation.own_employee: authz.emails_of,
a verified email); none is 404 `no_employee_record`. What they read is HR's own computation for them: their row of
the timesheet (reports.timesheet), their punches as the reports place them on their days, without anything the face
decided or was decided on. A correction request (the day, an optional punch of theirs, a note) waits for a reviewer,
who resolves it with an answer the employee reads; nobody resolves their own (separation.check: 403 own_record).
An erasure deletes the person's requests (retention.erase_employee); a deactivated person's stay for HR."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from facepass import department_scope, idempotency, reports, repository, separation
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.pagination import cursor_scope, decode_cursor, encode_cursor
from facepass.schemas import (
    CorrectionRequest,
    CorrectionRequestBody,
    CorrectionRequestItem,
    CorrectionRequestList,
    CorrectionRequestPage,
    MyPunch,
    MyPunchPage,
    MyTimesheet,
    PersonRef,
)

logger = logging.getLogger(__name__)

NO_RECORD = "no_employee_record"
OPEN_PER_DAY = 3  # open requests a person may have about one day: more is 409 too_many_open_corrections
OPEN_IN_ALL = 20  # open requests a person may have about all their days: more is 409 too_many_open_corrections_total
PER_24_HOURS = 10  # requests a person may file in 24 hours (open or answered): more is 429 too_many_recent_corrections
MAX_AGE_DAYS = 366  # a request about a day older than this is refused (as a manual punch is)
OWN_LISTED = 200  # GET /me/corrections: the newest this many


def idempotency_scope(employee_id: UUID) -> str:
    """The Idempotency-Key scope of a person's requests (an erasure deletes the answers stored under it)."""
    return f"correction:{employee_id}"


def require_own(own: UUID | None) -> UUID:
    """The caller's employee record, or 404 no_employee_record."""
    if own is None:
        raise NotFound("No employee record has your email: ask HR to put your work email on your record.",
                       code=NO_RECORD)
    return own


def my_timesheet(db: Database, settings: Settings, own: UUID | None, date_from: date, date_to: date) -> MyTimesheet:
    """The caller's row of the timesheet, computed by reports.timesheet itself, and the lock it was read with."""
    employee_id = require_own(own)
    sheet = reports.timesheet(db, settings, date_from, date_to, employee_id=employee_id, limit=1)
    return MyTimesheet(date_from=sheet.date_from, date_to=sheet.date_to, timezone=sheet.timezone,
                       row=sheet.items[0] if sheet.items else None, closed_through=sheet.closed_through)


def _state(row: dict) -> str:
    if row["review_state"] == "pending":
        return "awaiting_review"
    if row["review_state"] == "rejected":
        return "rejected"
    if row["review_state"] == "none" and row["status"] != "recognized":  # the kiosk's own refusal (liveness, spoof)
        return "refused"
    return "counted" if row["counted"] else "not_counted"


def my_punches(db: Database, settings: Settings, own: UUID | None, date_from: date, date_to: date, *,
               cursor: str | None = None, limit: int = 200) -> MyPunchPage:
    """The caller's punches of their days [date_from, date_to] (as GET /attendance?employee_id places them), oldest
    first, a page at a time: when (in their zone), which way, whether it counts, who typed it, the kiosk's name."""
    employee_id = require_own(own)
    reports.check_period(date_from, date_to)
    scope = cursor_scope("GET /me/attendance", date_from=date_from, date_to=date_to)
    after = decode_cursor(cursor, int, scope=scope) if cursor else None
    rows: list[dict] = []
    with db.transaction() as cur:
        days = reports.person_days(cur, settings, employee_id, date_from, date_to)
        while len(rows) <= limit:  # a batch's rows outside the person's days (another zone's) are read past
            batch = repository.own_punches(cur, employee_id=employee_id, start=days.start, end=days.end, after=after,
                                           limit=limit + 1)
            rows += [row for row in batch if days.holds(row["occurred_at"])]
            if len(batch) <= limit:
                break
            after = (batch[-1]["occurred_at"], batch[-1]["id"])
    items = []
    for row in rows[:limit]:
        zone = days.zone_at(row["occurred_at"])
        local = row["occurred_at"].astimezone(ZoneInfo(zone))
        items.append(MyPunch(id=row["id"], occurred_at=local, date=local.date().isoformat(), timezone=zone,
                             event_type=row["event_type"], state=_state(row),
                             source="hr" if row["entered_by"] else "kiosk",
                             device_name=None if row["entered_by"] else row["device_name"],
                             offline=bool(row["offline"])))
    next_cursor = (encode_cursor(rows[limit - 1]["occurred_at"], rows[limit - 1]["id"], scope=scope)
                   if len(rows) > limit else None)
    return MyPunchPage(items=items, next_cursor=next_cursor, timezone=days.zone)


def _moved(row: dict) -> bool:
    """The punch the request names exists and is no longer the requester's (HR assigned it to someone else)."""
    return row["event_occurred_at"] is not None and row["event_employee_id"] != row["employee_id"]


def _zone(settings: Settings, history: list[tuple[datetime, str | None]] | None, employee_id: UUID,
          day: date, occurred_at: datetime | None) -> str:
    """The zone a request's times are read in (CorrectionRequest.timezone): the requester's at the punch it names
    (the zone held then, as their timesheet places it), else the one their day began in."""
    if occurred_at is None:
        return reports.day_zone(history, day, settings.report_timezone, employee_id)
    return reports.usable_zone(reports.zone_held(history, occurred_at), settings.report_timezone,
                               subject={"employee_id": str(employee_id)})[0]


def _zones(cur, settings: Settings, rows: list[dict]) -> dict[int, str]:
    """Each request's zone (_zone) by its id: the requesters' zone histories read once."""
    histories = repository.time_zone_history(cur, list({row["employee_id"] for row in rows}))
    return {row["id"]: _zone(settings, histories.get(row["employee_id"]), row["employee_id"], row["day"],
                             row["event_occurred_at"]) for row in rows}


def _replayed(db: Database, settings: Settings, employee_id: UUID, response: dict) -> CorrectionRequest:
    """A stored answer replayed; one stored before requests named their zone gets it now."""
    if "timezone" not in response:
        occurred_at = response.get("event_occurred_at")
        with db.transaction() as cur:
            history = repository.time_zone_history(cur, [employee_id]).get(employee_id)
        zone = _zone(settings, history, employee_id, date.fromisoformat(response["date"]),
                     datetime.fromisoformat(occurred_at) if occurred_at else None)
        response = {**response, "timezone": zone}
    return CorrectionRequest.model_validate(response)


def _view(row: dict, zone: str, *, punch_shown: bool) -> dict:
    return {"id": row["id"], "date": row["day"], "event_id": row["attendance_id"],
            "event_occurred_at": row["event_occurred_at"] if punch_shown else None,
            "event_type": row["event_type"] if punch_shown else None, "timezone": zone, "note": row["note"],
            "created_at": row["created_at"], "state": "resolved" if row["resolved_at"] else "open",
            "resolved_at": row["resolved_at"], "resolution_note": row["resolution_note"]}


def _own_view(row: dict, zone: str) -> CorrectionRequest:
    """The employee's: the punch's time and direction only while it is theirs (another person's is not theirs to
    read, as in GET /me/attendance)."""
    return CorrectionRequest(**_view(row, zone, punch_shown=not _moved(row)))


def _hr_view(row: dict, zone: str, *, punch_hidden: bool = False) -> CorrectionRequestItem:
    """HR's: the punch as it is now, and whether it moved to someone else since; `punch_hidden` (a scoped reviewer's
    view of a punch moved to someone outside their departments, _hidden_punches): its time and direction not
    shown, as _own_view hides a moved punch from the employee."""
    return CorrectionRequestItem(**_view(row, zone, punch_shown=not punch_hidden),
                                 employee=PersonRef(id=row["employee_id"], full_name=row["full_name"]),
                                 requested_by=row["requested_by"], resolved_by=row["resolved_by"],
                                 self_review=row["self_review"], event_moved=_moved(row))


def _hidden_punches(cur, reach: Reach, rows: list[dict]) -> set[int]:
    """The requests (ids) whose punch moved to someone a scoped reviewer may not read (another department's person:
    department_scope.events_outside): its time and direction are not theirs to read."""
    moved = {row["id"]: row["attendance_id"] for row in rows if _moved(row)}
    outside = department_scope.events_outside(cur, reach, moved.values())
    return {request_id for request_id, event_id in moved.items() if event_id in outside}


def _request_hash(request: CorrectionRequestBody) -> str:
    body = {"date": request.date.isoformat(), "note": request.note, "event_id": request.event_id}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _check_day(cur, settings: Settings, person: dict, day: date, *, today: date | None = None) -> None:
    """A request is about one of the person's days from the first they have with us to today, both in their own
    zone (the one they hold now; the report zone for none): 422 invalid_correction_date for a day after today or
    over MAX_AGE_DAYS ago (a manual punch's reach), 422 correction_before_record for a day before their record was
    created, unless a punch of theirs is on it or after it (a first morning HR typed in later)."""
    now = datetime.now(UTC)
    latest = today or reports.event_date(reports.zone_at(cur, settings, person["id"], now), now)
    oldest = latest - timedelta(days=MAX_AGE_DAYS)
    if not oldest <= day <= latest:
        raise FacePassError(f"A correction request is about one of your days from {oldest.isoformat()} to today, "
                            f"{latest.isoformat()}.", code="invalid_correction_date", status=422,
                            details={"earliest": oldest.isoformat(), "latest": latest.isoformat()})
    first = min(filter(None, (person["created_at"], repository.first_punch_at(cur, person["id"]))))
    first_day = reports.event_date(reports.zone_at(cur, settings, person["id"], first), first)
    if day < first_day:
        raise FacePassError(f"Your record starts on {first_day.isoformat()}: a day before it has no hours to correct "
                            "(ask HR directly).", code="correction_before_record", status=422,
                            details={"earliest": first_day.isoformat()})


def _check_counts(counts: dict, day: date) -> None:
    """The caps on a person's requests (counted under their lock): OPEN_PER_DAY open about one day and OPEN_IN_ALL
    open in all (409: HR's answers free them), PER_24_HOURS filed in the last 24 hours (429: time frees them)."""
    if counts["open_on_day"] >= OPEN_PER_DAY:
        raise Conflict(f"You already have {OPEN_PER_DAY} open requests about {day.isoformat()}: wait for HR's answer.",
                       code="too_many_open_corrections", details={"open": OPEN_PER_DAY})
    if counts["open"] >= OPEN_IN_ALL:
        raise Conflict(f"You already have {OPEN_IN_ALL} open requests: wait for HR's answers.",
                       code="too_many_open_corrections_total", details={"open": OPEN_IN_ALL})
    if counts["recent"] >= PER_24_HOURS:
        raise FacePassError(f"You sent {PER_24_HOURS} requests in the last 24 hours: send the next one later.",
                            code="too_many_recent_corrections", status=429, details={"limit": PER_24_HOURS,
                                                                                      "hours": 24})


def request_correction(db: Database, settings: Settings, own: UUID | None, request: CorrectionRequestBody, *,
                       actor: str | None, idempotency_key: str | None = None,
                       today: date | None = None) -> CorrectionRequest:
    """A request that HR correct a day of the caller's hours (201). The punch named must be theirs (else 404
    attendance_not_found, as for none such); a day of theirs (_check_day: 422); at most OPEN_PER_DAY open about one
    day and OPEN_IN_ALL in all (409), PER_24_HOURS filed a day (429), counted under the person's lock. An
    Idempotency-Key (scope: the person) replays the first answer; the key with another body is 422
    idempotency_key_reused. `today`: the person's today (default: the date in the zone they hold now)."""
    employee_id = require_own(own)
    if not actor:
        raise FacePassError("This token names no user.", code="actor_required", status=403)
    idempotency.check_key(idempotency_key)
    scope, request_hash = idempotency_scope(employee_id), _request_hash(request)
    if idempotency_key:
        with db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=scope, key=idempotency_key)
        if record is not None:
            return _replayed(db, settings, employee_id, idempotency.replayable(record, request_hash)["response"])
    try:
        with db.transaction() as cur:
            if idempotency_key and not repository.claim_idempotency_key(cur, scope=scope, key=idempotency_key,
                                                                        request_hash=request_hash):
                raise idempotency.KeyTaken()
            person = repository.get_employee(cur, employee_id, lock="no key update")  # the count below holds
            if person is None or person.get("erased_at") is not None:
                require_own(None)
            _check_day(cur, settings, person, request.date, today=today)
            if request.event_id is not None:
                punch = repository.get_attendance(cur, request.event_id)
                if punch is None or punch["employee_id"] != employee_id:  # another person's punch: as none such
                    raise NotFound(f"You have no punch {request.event_id}.", code="attendance_not_found")
            _check_counts(repository.correction_counts(cur, employee_id, request.date,
                                                       since=datetime.now(UTC) - timedelta(hours=24)), request.date)
            row = repository.insert_correction(cur, employee_id=employee_id, day=request.date,
                                               attendance_id=request.event_id, note=request.note,
                                               requested_by=actor)
            answer = _own_view(row, _zones(cur, settings, [row])[row["id"]])
            if idempotency_key:
                repository.store_idempotent_response(cur, scope=scope, key=idempotency_key, status_code=201,
                                                     response=answer.model_dump(mode="json"))
    except idempotency.KeyTaken:
        with db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=scope, key=idempotency_key)
        return _replayed(db, settings, employee_id, idempotency.replayable(record, request_hash)["response"])
    logger.info("correction_requested", extra={"correction_id": answer.id, "employee_id": str(employee_id)})
    return answer


def my_corrections(db: Database, settings: Settings, own: UUID | None) -> CorrectionRequestList:
    """The caller's requests, newest first, with their state, HR's answer and the zone each is read in."""
    employee_id = require_own(own)
    with db.transaction() as cur:
        rows = repository.own_corrections(cur, employee_id, limit=OWN_LISTED)
        zones = _zones(cur, settings, rows)
    return CorrectionRequestList(items=[_own_view(row, zones[row["id"]]) for row in rows])


def list_corrections(db: Database, settings: Settings, *, state: str = "open", cursor: str | None = None,
                     limit: int = 100, reach: Reach = EVERYONE) -> CorrectionRequestPage:
    """Everyone's open (or resolved) requests, oldest first, with the person's name; a scoped reviewer's
    (department_scope.py) people's only, a punch moved to someone outside their departments without its time and
    direction."""
    scope = cursor_scope("GET /attendance/corrections", state=state)
    after = decode_cursor(cursor, int, scope=scope) if cursor else None
    with db.transaction() as cur:
        rows = repository.list_corrections(cur, resolved=state == "resolved", after=after, limit=limit + 1,
                                           departments=reach.sql)
        hidden = _hidden_punches(cur, reach, rows[:limit])
        zones = _zones(cur, settings, rows[:limit])
    items = [_hr_view(row, zones[row["id"]], punch_hidden=row["id"] in hidden) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].created_at, items[-1].id, scope=scope) if len(rows) > limit else None
    return CorrectionRequestPage(items=items, next_cursor=next_cursor)


def resolve(db: Database, settings: Settings, correction_id: int, note: str, *, actor: str | None,
            own_employee: UUID | None, reach: Reach = EVERYONE) -> CorrectionRequestItem:
    """Close a request with HR's answer: who, when and the note, written once on it (the table refuses a change of
    a resolved one). Not the requester's own: 403 own_record (separation.check; FACEPASS_ALLOW_SELF_REVIEW: made,
    marked self_review). 404 correction_not_found (also a request of a person outside a scoped reviewer's
    departments, department_scope.py); 409 correction_resolved when already answered."""
    if not actor:
        raise FacePassError("This token names no user.", code="actor_required", status=403)
    with db.transaction() as cur:
        row = repository.get_correction(cur, correction_id, for_update=True)
        if row is None or not department_scope.covers(cur, reach, row["employee_id"]):
            raise NotFound(f"No correction request {correction_id}.", code="correction_not_found")
        self_review = separation.check(settings, own_employee, (row["employee_id"],),
                                       what="an answer to a correction request")
        if row["resolved_at"] is not None:
            raise Conflict(f"Correction request {correction_id} was answered already by {row['resolved_by']}.",
                           code="correction_resolved")
        resolved = repository.resolve_correction(cur, correction_id, actor=actor, note=note,
                                                 self_review=self_review)
        hidden = _hidden_punches(cur, reach, [resolved])
        zone = _zones(cur, settings, [resolved])[resolved["id"]]
    logger.info("correction_resolved", extra={"correction_id": correction_id, "actor": actor,
                                              "self_review": self_review})
    return _hr_view(resolved, zone, punch_hidden=resolved["id"] in hidden)

