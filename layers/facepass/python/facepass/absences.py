"""Paid absences (README, "Absences"): vacation, sick leave, a public holiday or another paid absence, recorded by HR
per person, day and kind with its minutes (migration 0041). They are not worked time: the timesheet shows them beside
the worked minutes (absence_minutes, absence_kinds) and counts them in neither those nor the weekly overtime, so a 0 h
day says why it is 0 h. Every addition, correction (change: kind, minutes, note; not the day or the person) and
deletion is an entry of the person's History (employee_audit, field
`absence`), written by the statement that makes it. The checks are a manual punch's: 409 period_closed on a day of a
closed pay period (payroll.refuse_closed_day, the lock row read FOR SHARE in the changing transaction: a close waits
for it), 409 employee_inactive for a day the person was not employed (repository.employed_on_days, under the person's
lock), a scoped reviewer's people only (department_scope.py), and 403 own_record for the caller's own record unless
FACEPASS_ALLOW_SELF_REVIEW (separation.py). A range (`day_to`, `weekdays`: chosen_days) is one absence per chosen day
that has none of any kind yet (the others are skipped and listed: a range never pays a day twice), in one transaction,
each day through the same checks (_add_for_people). A bulk add (add_bulk, POST
/attendance/absences/bulk: a public holiday for a department or everyone) runs the same _add_for_people for all its
active people at once, in one transaction and a number of statements that does not grow with the number of people,
leaving out and listing the days covered, the days a person was not employed on and the caller's own record
rather than refusing all. Every row a bulk add writes carries its one new id (`batch_id`, migration 0043), so it can be
undone whole (delete_batch: DELETE /attendance/absences/batches/{batch_id})."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

from facepass import department_scope, payroll, reports, repository, separation
from facepass.config import WEEK_DAYS, Settings, WeekDay
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.employees import require_actor
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.pagination import cursor_scope, decode_absence_cursor, encode_absence_cursor
from facepass.schemas import (
    Absence,
    AbsenceBatchDeleted,
    AbsenceBulkRequest,
    AbsenceBulkResult,
    AbsenceBulkSkipped,
    AbsenceChange,
    AbsenceDays,
    AbsencePage,
    AbsenceRange,
    AbsenceRequest,
    AbsenceSkipped,
)

# How far from today an absence's day may be: a year's leave either way, not a typo's (2016 for 2026).
MAX_DISTANCE = timedelta(days=366)
# What a person's absences of one day add up to at most (each is 1-1440 minutes, one per kind): a day is 24 hours.
# (A range skips the days already covered, so only a single day of another kind can meet it: HR's choice.)
MINUTES_PER_DAY = 1440


def _absence(row: dict, closed_through: date | None) -> Absence:
    return Absence(**row, in_closed_period=closed_through is not None and row["day"] <= closed_through)


# The days of the week a range records by default (a week's vacation skips the weekend).
DEFAULT_WEEKDAYS: tuple[WeekDay, ...] = WEEK_DAYS[:5]


def chosen_days(request: AbsenceDays) -> list[date]:
    """The days a request records: its `day`, or with `day_to` the days of `day`..`day_to` (reports.check_period:
    422 invalid_date_range, date_range_too_long) on the chosen `weekdays` (default monday to friday); 422
    no_days_in_range when none is."""
    if request.day_to is None:
        return [request.day]
    reports.check_period(request.day, request.day_to)
    weekdays = {WEEK_DAYS.index(name) for name in (request.weekdays or DEFAULT_WEEKDAYS)}
    days = [request.day + timedelta(days=offset) for offset in range((request.day_to - request.day).days + 1)]
    days = [day for day in days if day.weekday() in weekdays]
    if not days:
        raise FacePassError(f"No day from {request.day.isoformat()} to {request.day_to.isoformat()} falls on "
                            f"{', '.join(request.weekdays or DEFAULT_WEEKDAYS)}.", code="no_days_in_range",
                            status=422)
    return days


def _refuse_far_days(request: AbsenceDays, today: date) -> None:
    """422 day_out_of_range when `day` or `day_to` is more than MAX_DISTANCE from today."""
    for day in (request.day, request.day_to or request.day):
        if abs(day - today) > MAX_DISTANCE:
            raise FacePassError(f"The day is more than {MAX_DISTANCE.days} days from today ({today.isoformat()}).",
                                code="day_out_of_range", status=422)


def add(db: Database, settings: Settings, request: AbsenceRequest, *, actor: str | None,
        own_employee: UUID | None = None, reach: Reach = EVERYONE,
        today: date | None = None) -> Absence | AbsenceRange:
    """Record a paid absence under the person's lock (FOR NO KEY UPDATE: ordered with a deactivation), audited in the
    same statement. With `day_to`, one per chosen day of the range (chosen_days) that has no absence of any kind yet,
    in one transaction: the days already covered are skipped and listed (AbsenceRange.skipped, with their kinds), so a
    range never pays a day twice; each day recorded is checked as a single one is (the first refused refuses all). 404
    employee_not_found, 403 outside_departments (a scoped reviewer, another department's person), 403 own_record, 422
    day_out_of_range, invalid_date_range, date_range_too_long, no_days_in_range, 409 employee_inactive,
    period_closed (the first day refused, `details.day`), absence_exists (a single day: one of that kind that day
    already, `details.absence_id`; a range: every chosen day has an absence already, `details.days`, nothing
    written), absence_day_full (a single day whose absences would come to more than MINUTES_PER_DAY). The days'
    absences are read under the person's lock, which every add takes: two adds of one person are in turn; a delete
    meanwhile (no person lock) only frees a day, and the read sees it. The person's part is _add_for_people, which
    a bulk add (add_bulk) runs for all of its people at once."""
    require_actor(actor)
    _refuse_far_days(request, today or reports.today(settings))
    days = chosen_days(request)
    with db.transaction() as cur:
        outcomes = _add_for_people(cur, settings, request, [request.employee_id], days, bulk=False, actor=actor,
                                   own_employee=own_employee, reach=reach)
    outcome = outcomes[request.employee_id]
    if request.day_to is None:
        return _absence(outcome.rows[0], None)
    return AbsenceRange(items=[_absence(row, None) for row in outcome.rows],
                        skipped=[AbsenceSkipped(day=day, kinds=covered) for day, covered in outcome.covered.items()])


@dataclass
class _Outcome:
    """What _add_for_people did for one person: the absences created (`rows`, by day), the chosen days skipped as
    covered already (with their kinds), and, for a bulk add only, the days skipped as not employed, or `own_record`
    (nothing done: the caller's own record, FACEPASS_ALLOW_SELF_REVIEW off)."""

    rows: list[dict] = field(default_factory=list)
    covered: dict[date, list[str]] = field(default_factory=dict)
    not_employed: list[date] = field(default_factory=list)
    own_record: bool = False


def _add_for_people(cur, settings: Settings, request: AbsenceDays, people: list[UUID],
                    days: list[date], *, bulk: bool, actor: str, own_employee: UUID | None,
                    reach: Reach, batch_id: UUID | None = None) -> dict[UUID, _Outcome]:
    """The people's part of an add, in the caller's transaction: the one implementation of the rules, for a single
    add, a range (add: one person) and a bulk add (add_bulk: its people, by id), in a number of statements that does
    not grow with the number of people or days (a company's holiday is thousands of people): their rows locked in one
    statement (by id), their absences of the chosen `days` read in one, their zones in one, their employment on each
    day in one, the closed period once, and every absence (with its audit row) written in one. A range or a bulk add
    records only the days with none of any kind yet (the others skipped: `covered`), every chosen day covered is 409
    absence_exists for a range; each day to record is one they were employed on (409 employee_inactive for the first
    that is not) and not in a closed pay period (409 period_closed: the first day, closed days coming first among
    ascending days, tells for them all); a single day is refused when it has that kind already or would be over
    MINUTES_PER_DAY. `bulk`: what would refuse one person's add is, for a company's holiday, a person to leave out and
    list instead: their own record (403 own_record) and the days they were not employed on, which then include the
    days before their record was created (a new hire's: a single add takes HR's word for those, a company-wide day
    does not); a person who left the caller's reach (moved to another department) or was erased since add_bulk
    listed them is left out, unlisted (checked on the row as locked); a closed day still refuses all (it is the same
    for everyone). `batch_id`: a bulk add's id, on every row written. The outcome of each person locked, by id."""
    if bulk:
        locked = repository.lock_people(cur, people, departments=reach.sql, not_erased=True)
    else:
        # First, as for a manual punch: a scoped reviewer learns nothing of ids outside (unknown ones too: 403).
        department_scope.require_person(cur, reach, people[0], what="an absence")
        locked = repository.lock_people(cur, people)
        if not locked:
            raise NotFound(f"No employee {people[0]}.", code="employee_not_found")
    outcomes = {person: _Outcome() for person in locked}
    self_review: dict[UUID, bool] = {}
    for person in locked:
        try:
            self_review[person] = separation.check(settings, own_employee, (person,), what="an absence of your own")
        except separation.OwnRecord:
            if not bulk:
                raise
            outcomes[person].own_record = True
    to_record = {person: days for person in self_review}  # each person's days still to record
    present: dict[UUID, list[dict]] = {person: [] for person in to_record}
    if to_record:
        for row in repository.list_absences(cur, first=days[0], last=days[-1], employee_ids=list(to_record)):
            present[row["employee_id"]].append(row)
    for person in list(to_record):
        kinds = {day: sorted(item["kind"] for item in present[person] if item["day"] == day) for day in days}
        outcomes[person].covered = {day: covered for day, covered in kinds.items() if covered}
        if request.day_to is not None or bulk:  # a range: only the days without any absence yet
            to_record[person] = [day for day in days if not kinds[day]]
            if not to_record[person]:
                if not bulk:
                    raise _all_taken(request, kinds)
                del to_record[person]
    pairs = [(person, day) for person, their_days in to_record.items() for day in their_days]
    employed = dict(zip(pairs, _employed(cur, settings, pairs), strict=True))
    refused: list[date] = []
    if bulk:
        for person, their_days in list(to_record.items()):
            outcomes[person].not_employed = [day for day in their_days if not all(employed[person, day])]
            to_record[person] = [day for day in their_days if all(employed[person, day])]
            if not to_record[person]:
                del to_record[person]
    else:
        refused = [day for day in to_record[people[0]] if not employed[people[0], day][0]]
    # A single day's rules, in the order they always came: the first day's employment, then the closed period
    # (the first day tells for them all), then the other days' employment: the first refused refuses all.
    if refused and refused[0] == to_record[people[0]][0]:
        raise _not_employed(refused[0])
    if to_record:
        payroll.refuse_closed_day(cur, min(their_days[0] for their_days in to_record.values()), what="an absence")
    if refused:
        raise _not_employed(refused[0])
    if request.day_to is None and not bulk:
        _refuse_taken_or_full(request.day, request.kind, request.minutes, present[people[0]])
    pairs = [(person, day) for person, their_days in to_record.items() for day in their_days]
    if pairs:
        rows = repository.insert_absences(cur, employee_ids=[person for person, _ in pairs],
                                          days=[day for _, day in pairs], kind=request.kind,
                                          minutes=request.minutes, note=request.note, actor=actor,
                                          self_review=[self_review[person] for person, _ in pairs],
                                          batch_id=batch_id)
        for row in rows:
            outcomes[row["employee_id"]].rows.append(row)
    return outcomes


def _employed(cur, settings: Settings, pairs: list[tuple[UUID, date]]) -> list[tuple[bool, bool]]:
    """Per (person, day): repository.employed_on_days's (employed, record existed) for the day in the zone they held
    when it began (reports.day_zone), in one statement for all."""
    if not pairs:
        return []
    zones = repository.time_zone_history(cur, sorted({person for person, _ in pairs}))
    # Most people share a history (one zone since -infinity): each (history, day)'s bounds computed once, unless a
    # zone of it no longer loads (day_zone then logs it, naming each person).
    loads: dict[tuple, bool] = {}
    bounds: dict[tuple, tuple] = {}
    person_days = []
    for person, day in pairs:
        history = tuple(zones.get(person) or ())
        if history not in loads:
            loads[history] = all(zone is None or reports.is_iana_time_zone(zone) for _, zone in history)
        key = (history, day)
        if key not in bounds or not loads[history]:
            bounds[key] = reports.day_bounds(day, reports.day_zone(list(history), day, settings.report_timezone,
                                                                   person))
        person_days.append((person, *bounds[key]))
    return repository.employed_on_days(cur, person_days)


def _not_employed(day: date) -> Conflict:
    """409 employee_inactive: the person was not an employee at any instant of the day (the audited is_active
    history, as a manual punch is checked; a day before their record was created is HR's word, a new hire's), the day
    in the zone they held when it began (as the timesheet places a day without events: reports.day_zone)."""
    return Conflict("That employee was not employed on that day (deactivated): if they are back, reactivate them "
                    "first.", code="employee_inactive", details={"day": day.isoformat()})


# A bulk add's most rows (people x chosen days): 500 people's 40 working days; checked before anything is written.
BULK_MAX_ROWS = 20_000


def add_bulk(db: Database, settings: Settings, request: AbsenceBulkRequest, *, actor: str | None,
             own_employee: UUID | None = None, reach: Reach = EVERYONE,
             today: date | None = None) -> AbsenceBulkResult:
    """An absence for many people at once (a public holiday, a company's closing day): for each employee of
    `department` (exactly as stored, as it is now), or of everyone, who was employed at some instant of the chosen days
    (someone who has left since too: a past holiday pays them as the others; never an erased person), within the
    caller's reach (a scoped reviewer: their
    departments' people; another department is 403 outside_departments), what a range does for one person
    (_add_for_people, bulk: all of them at once, in a number of statements that does not grow with theirs), all in
    one transaction, each row audited by the actor; a person moved out of the caller's reach since listed is left out
    (not a 403 for all). Skipped and listed per person
    (AbsenceBulkSkipped): the days covered already, the days they were not employed on (a new hire's record created
    after the day too), the caller's own record (unless FACEPASS_ALLOW_SELF_REVIEW). 422 day_out_of_range,
    invalid_date_range, date_range_too_long, no_days_in_range as a range's, bulk_too_large (more than BULK_MAX_ROWS
    people x days, before anything is written), no_people (nobody employed on those days in reach of that
    department, or nobody left to record who was not their own or not employed); 409 period_closed (a closed day: the
    same for everyone, nothing written), absence_exists (every day of everyone who could have one has one already: a
    repeat of the same request; `details.days`). Every row written carries one new `batch_id` (answered):
    delete_batch undoes them."""
    require_actor(actor)
    _refuse_far_days(request, today or reports.today(settings))
    days = chosen_days(request)
    if request.department is not None:
        department_scope.require_department(reach, request.department, what="an absence for a department")
    with db.transaction() as cur:
        # Everyone employed at some instant of the chosen days, whatever their zone (a leaver since too: a past
        # holiday is theirs), each day then checked in their own zone (_add_for_people).
        employed = (reports.day_bounds(days[0], "UTC")[0] - reports.ZONE_REACH,
                    reports.day_bounds(days[-1], "UTC")[1] + reports.ZONE_REACH)
        people = repository.people_employed_during(cur, department=request.department, departments=reach.sql,
                                                   employed=employed)
        if not people:
            raise _no_people(request, [])
        if len(people) * len(days) > BULK_MAX_ROWS:
            raise FacePassError(
                f"{len(people)} people x {len(days)} days is {len(people) * len(days)} absences, over the "
                f"{BULK_MAX_ROWS} one request records: split it by department or by dates.", code="bulk_too_large",
                status=422, details={"people": len(people), "days": len(days),
                                     "rows": len(people) * len(days), "limit": BULK_MAX_ROWS})
        batch_id = uuid4()
        outcomes = _add_for_people(cur, settings, request, [person["id"] for person in people], days, bulk=True,
                                   actor=actor, own_employee=own_employee, reach=reach, batch_id=batch_id)
        created, recorded, skipped = 0, 0, []
        for person in people:
            outcome = outcomes.get(person["id"])
            if outcome is None:  # out of the caller's reach (or erased) since listed: not theirs to record
                continue
            created += len(outcome.rows)
            recorded += bool(outcome.rows)
            for reason, skipped_days in (("own_record", days if outcome.own_record else []),
                                         ("covered", sorted(outcome.covered)),
                                         ("not_employed", outcome.not_employed)):
                if skipped_days:
                    skipped.append(AbsenceBulkSkipped(employee_id=person["id"], full_name=person["full_name"],
                                                      reason=reason, days=skipped_days))
        skipped.sort(key=lambda item: (item.full_name.lower(), str(item.employee_id), item.reason))
        if not created:
            if any(item.reason == "covered" for item in skipped):
                raise Conflict("Everyone who could have this absence already has one on every chosen day: nothing "
                               "was recorded.", code="absence_exists",
                               details={"days": [day.isoformat() for day in days], "people": len(people)})
            raise _no_people(request, skipped)
    return AbsenceBulkResult(batch_id=batch_id, created=created, people=recorded, skipped=skipped)


def _no_people(request: AbsenceBulkRequest, skipped: list[AbsenceBulkSkipped]) -> FacePassError:
    """422 no_people: nobody to record (nobody employed on the days in reach of the department, or none that may
    have it)."""
    whom = f"the department {request.department!r}" if request.department is not None else "everyone"
    return FacePassError(f"Nobody of {whom} can have this absence: nobody of it was employed on those days (the "
                         "department's name exactly as stored), or only your own record or people not employed on "
                         "those days.",
                         code="no_people", status=422,
                         details={"department": request.department,
                                  "skipped": [item.model_dump(mode="json") for item in skipped]})


def _refuse_taken_or_full(day: date, kind: str, minutes: int, present: list[dict]) -> None:
    """A single day's, for an absence of `kind` and `minutes` to be there (added, or changed to that: change): 409
    absence_exists when the day has one of that kind already (`details.absence_id`), else 409 absence_day_full when
    its absences would take over MINUTES_PER_DAY (a day is 24 hours; two kinds of one day, 480 + 480, are HR's
    choice); `present`: the day's other absences (a change's own left out)."""
    same = [item for item in present if item["kind"] == kind]
    if same:
        raise Conflict(f"That employee already has a {kind} absence on {day.isoformat()}: change or delete that "
                       "one instead.", code="absence_exists", details={"absence_id": same[0]["id"]})
    recorded = sum(item["minutes"] for item in present)
    if recorded + minutes > MINUTES_PER_DAY:
        raise Conflict(f"That employee's absences on {day.isoformat()} already come to {recorded} minutes: "
                       f"{minutes} more would be over the day's {MINUTES_PER_DAY}.",
                       code="absence_day_full", details={"day": day.isoformat(), "recorded_minutes": recorded})


def _all_taken(request: AbsenceDays, kinds: dict[date, list[str]]) -> Conflict:
    """absence_exists for a range every chosen day of which has an absence already (`kinds`: each day's): every day
    named (`details.days`), nothing written."""
    return Conflict(f"That employee already has an absence on every chosen day from {request.day.isoformat()} to "
                    f"{request.day_to.isoformat()}: nothing was recorded.", code="absence_exists",
                    details={"days": [day.isoformat() for day in kinds]})


def delete(db: Database, settings: Settings, absence_id: int, *, actor: str | None,
           own_employee: UUID | None = None, reach: Reach = EVERYONE) -> Absence:
    """Delete an absence, audited in the same statement (the History keeps what it was). 404 absence_not_found (also
    for a scoped reviewer's absence of another department's person: nothing told), 403 own_record, 409
    period_closed."""
    require_actor(actor)
    with db.transaction() as cur:
        row, self_review = _locked_to_change(cur, settings, absence_id, own_employee=own_employee, reach=reach,
                                             what="deleting an absence")
        deleted = repository.delete_absence(cur, absence_id, actor=actor,
                                            self_review_of=row["employee_id"] if self_review else None)
        return _absence(deleted, None)


def _locked_to_change(cur, settings: Settings, absence_id: int, *, own_employee: UUID | None, reach: Reach,
                      what: str) -> tuple[dict, bool]:
    """A delete's and a change's checks, in the caller's transaction: the absence read and locked (FOR UPDATE of its
    row), 404 absence_not_found (none, or a scoped reviewer's absence of another department's person: nothing told),
    403 own_record (separation.py), 409 period_closed on a closed pay-period day (the lock row FOR SHARE: a close
    waits). The row, and whether it is a self-review (FACEPASS_ALLOW_SELF_REVIEW, the caller's own)."""
    row = repository.get_absence(cur, absence_id, lock=True)
    if row is None or not department_scope.covers(cur, reach, row["employee_id"]):
        raise NotFound(f"No absence {absence_id}.", code="absence_not_found")
    self_review = separation.check(settings, own_employee, (row["employee_id"],), what=f"{what} of your own")
    payroll.refuse_closed_day(cur, row["day"], what=what)
    return row, self_review


def change(db: Database, settings: Settings, absence_id: int, request: AbsenceChange, *, actor: str | None,
           own_employee: UUID | None = None, reach: Reach = EVERYONE) -> Absence:
    """Correct an absence's kind, minutes or note (the fields `request` sets; note null clears it) in place, audited
    in the same statement (repository.change_absence: one History row, before and after). Checked as a delete is
    (_locked_to_change: 404 absence_not_found, 403 own_record, 409 period_closed) and as an add of its new kind and
    minutes that day is (_refuse_taken_or_full against the day's other absences: 409 absence_exists,
    absence_day_full); nothing changed then. Its day and person stay (to move it: delete and add). Under the locks an
    add takes, in its order: the person's row first (FOR NO KEY UPDATE, repository.lock_people: two adds or changes
    of one person's absences are in turn, so the day's total read is the one written against), then the absence's
    (FOR UPDATE, as a delete takes it). A change to what it is already answers the absence, writing nothing (no
    History row), once the checks pass."""
    require_actor(actor)
    with db.transaction() as cur:
        found = repository.get_absence(cur, absence_id)
        if found is None:
            raise NotFound(f"No absence {absence_id}.", code="absence_not_found")
        repository.lock_people(cur, [found["employee_id"]])
        row, self_review = _locked_to_change(cur, settings, absence_id, own_employee=own_employee, reach=reach,
                                             what="changing an absence")
        wanted = {"kind": row["kind"], "minutes": row["minutes"], "note": row["note"],
                  **request.model_dump(include=request.model_fields_set)}
        if all(wanted[name] == row[name] for name in wanted):
            return _absence(row, None)
        others = [item for item in repository.list_absences(cur, first=row["day"], last=row["day"],
                                                            employee_id=row["employee_id"])
                  if item["id"] != absence_id]
        _refuse_taken_or_full(row["day"], wanted["kind"], wanted["minutes"], others)
        changed = repository.change_absence(cur, absence_id, **wanted, actor=actor, self_review=self_review)
        return _absence(changed, None)


def delete_batch(db: Database, settings: Settings, batch_id: UUID, *, actor: str | None,
                 own_employee: UUID | None = None, reach: Reach = EVERYONE) -> AbsenceBatchDeleted:
    """Undo a bulk add (add_bulk's `batch_id`): every absence of it still there deleted, each audited as a single
    delete audits it (repository._DELETED_ABSENCES_AUDITED), in one transaction and a few statements whatever their
    number (the rows locked and summed up in one, the closed period read once, all deleted in one). All or nothing,
    checked as delete checks one absence: 404 absence_batch_not_found (none of it left: an unknown id, or a repeat),
    403 outside_departments (a scoped reviewer: any remaining row's person outside their departments; nobody
    named), 403 own_record (the caller's own absence among them, unless FACEPASS_ALLOW_SELF_REVIEW: then deleted
    too, its audit row a self-review; refused rather than skipped, as a single delete of it is, so the undo never
    leaves part of the batch behind), 409 period_closed (any of them on a closed pay-period day: the earliest day,
    `details.day`). Absences of the batch deleted singly before are simply not there (not counted)."""
    require_actor(actor)
    with db.transaction() as cur:
        batch = repository.lock_absence_batch(cur, batch_id, departments=reach.sql, own=own_employee)
        if not batch["absences"]:
            raise NotFound(f"No absence of the bulk add {batch_id} is left: it was undone, or there is none.",
                           code="absence_batch_not_found")
        if batch["outside"]:  # named by no id: the reviewer learns nothing of the people outside their departments
            raise department_scope.OutsideDepartments(
                f"That bulk add includes people outside the departments you review ({', '.join(reach.departments)}): "
                "undoing it is for an admin (README Roles).", details={"departments": list(reach.departments)})
        self_review = separation.check(settings, own_employee, (own_employee,) if batch["own"] else (),
                                       what="deleting an absence of your own")
        payroll.refuse_closed_day(cur, batch["first_day"], what="deleting an absence")
        deleted = repository.delete_absence_batch(cur, batch_id, actor=actor,
                                                  self_review_of=own_employee if self_review else None)
    return AbsenceBatchDeleted(deleted=deleted["deleted"], people=deleted["people"])


def list_absences(db: Database, settings: Settings, date_from: date, date_to: date, *,
                  employee_id: UUID | None = None, reach: Reach = EVERYONE, cursor: str | None = None,
                  limit: int = 100) -> AbsencePage:
    """The absences on the days [date_from, date_to] (at most reports.TIMESHEET_MAX_DAYS), of one person with
    employee_id; a scoped reviewer's people's only (another person's employee_id: as an unknown one's, none). `limit`
    a page, by day, then name, then person id, then absence id (repository.list_absences: one statement a page), the
    next page after `cursor` (the last row's key; 400 invalid_cursor for one of another route or other filters).
    The pages are keyed on names as they are now, as the timesheet's: a later page's cursor carries how many renames
    there were as of the page before (repository.rename_count), and a page after a rename meanwhile is 409
    `absences_changed` (start again) rather than one that skips or repeats a row of the renamed person's day. An
    absence added or deleted meanwhile does not: it is on a later page if its place is after the cursor, on none if
    before; every absence there all along is on exactly one page."""
    reports.check_period(date_from, date_to)
    scope = cursor_scope("GET /attendance/absences", date_from=date_from, date_to=date_to, employee_id=employee_id)
    after = decode_absence_cursor(cursor, scope=scope) if cursor else None
    with db.transaction() as cur:
        repository.read_one_snapshot(cur)  # the renames counted are those of the names the rows are ordered by
        watermark = _rename_watermark(cur) if after else None
        if after is not None and after[4] != watermark:
            raise Conflict("People were renamed since the previous page was read: the pages, by name, no longer go "
                           "together. Start again from the first page.", code="absences_changed")
        employee_id = department_scope.person_filter(cur, reach, employee_id)
        rows = repository.list_absences(cur, first=date_from, last=date_to, employee_id=employee_id,
                                        departments=reach.sql, after=after[:4] if after else None, limit=limit + 1)
        if len(rows) > limit and watermark is None:
            watermark = _rename_watermark(cur)
        through = payroll.closed_through(cur, share=False)
    page = rows[:limit]
    next_cursor = (encode_absence_cursor(page[-1]["day"], page[-1]["full_name"], page[-1]["employee_id"],
                                         page[-1]["id"], watermark, scope=scope)
                   if len(rows) > limit and watermark is not None else None)
    return AbsencePage(date_from=date_from, date_to=date_to, items=[_absence(row, through) for row in page],
                       next_cursor=next_cursor)



def _rename_watermark(cur) -> str:
    """The cursor's form of repository.rename_count."""
    return f"r{repository.rename_count(cur)}"
