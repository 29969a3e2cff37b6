"""Paid absences (README, "Absences"): vacation, sick leave, a public holiday or another paid absence, recorded by HR
per person, day and kind with its minutes (migration 0041). They are not worked time: the timesheet shows them beside
the worked minutes (absence_minutes, absence_kinds) and counts them in neither those nor the weekly overtime, so a 0 h
day says why it is 0 h. Every addition and deletion is an entry of the person's History (employee_audit, field
`absence`), written by the statement that makes it. The checks are a manual punch's: 409 period_closed on a day of a
closed pay period (payroll.refuse_closed_day, the lock row read FOR SHARE in the changing transaction: a close waits
for it), 409 employee_inactive for a day the person was not employed (repository.employed_during, under the person's
lock), a scoped reviewer's people only (department_scope.py), and 403 own_record for the caller's own record unless
FACEPASS_ALLOW_SELF_REVIEW (separation.py). A range (`day_to`, `weekdays`: chosen_days) is one absence per chosen day
that has none of any kind yet (the others are skipped and listed: a range never pays a day twice), in one transaction,
each day through the same checks (add's per-day loop)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from facepass import department_scope, payroll, reports, repository, separation
from facepass.config import WEEK_DAYS, Settings, WeekDay
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.employees import require_actor
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.schemas import Absence, AbsencePage, AbsenceRange, AbsenceRequest, AbsenceSkipped

# How far from today an absence's day may be: a year's leave either way, not a typo's (2016 for 2026).
MAX_DISTANCE = timedelta(days=366)
# What a person's absences of one day add up to at most (each is 1-1440 minutes, one per kind): a day is 24 hours.
# (A range skips the days already covered, so only a single day of another kind can meet it: HR's choice.)
MINUTES_PER_DAY = 1440


def _absence(row: dict, closed_through: date | None) -> Absence:
    return Absence(**row, in_closed_period=closed_through is not None and row["day"] <= closed_through)


def _refuse_not_employed(cur, settings: Settings, employee_id: UUID, day: date, zones: list | None) -> None:
    """409 employee_inactive when the person was not an employee at any instant of the day (the audited is_active
    history, as a manual punch is checked; a day before their record was created is HR's word, a new hire's), the day
    in the zone they held when it began (as the timesheet places a day without events: reports.day_zone; `zones`:
    their repository.time_zone_history)."""
    start, end = reports.day_bounds(day, reports.day_zone(zones, day, settings.report_timezone, employee_id))
    if not repository.employed_during(cur, employee_id, start, start, end):
        raise Conflict("That employee was not employed on that day (deactivated): if they are back, reactivate "
                       "them first.", code="employee_inactive", details={"day": day.isoformat()})


# The days of the week a range records by default (a week's vacation skips the weekend).
DEFAULT_WEEKDAYS: tuple[WeekDay, ...] = WEEK_DAYS[:5]


def chosen_days(request: AbsenceRequest) -> list[date]:
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
    meanwhile (no person lock) only frees a day, and the read sees it."""
    require_actor(actor)
    today = today or reports.today(settings)
    for day in (request.day, request.day_to or request.day):
        if abs(day - today) > MAX_DISTANCE:
            raise FacePassError(f"The day is more than {MAX_DISTANCE.days} days from today ({today.isoformat()}).",
                                code="day_out_of_range", status=422)
    days = chosen_days(request)
    with db.transaction() as cur:
        # First, as for a manual punch: a scoped reviewer learns nothing of ids outside (unknown ones too: 403).
        department_scope.require_person(cur, reach, request.employee_id, what="an absence")
        if repository.get_employee(cur, request.employee_id, lock="no key update") is None:
            raise NotFound(f"No employee {request.employee_id}.", code="employee_not_found")
        self_review = separation.check(settings, own_employee, (request.employee_id,),
                                       what="an absence of your own")
        present = repository.list_absences(cur, first=days[0], last=days[-1], employee_id=request.employee_id)
        kinds = {day: sorted(item["kind"] for item in present if item["day"] == day) for day in days}
        if request.day_to is not None:  # a range: only the days without any absence yet
            days = [day for day in days if not kinds[day]]
            if not days:
                raise _all_taken(request, kinds)
        zones = repository.time_zone_history(cur, [request.employee_id]).get(request.employee_id)
        for index, day in enumerate(days):  # a single day's rules, for each day: the first refused refuses all
            _refuse_not_employed(cur, settings, request.employee_id, day, zones)
            if index == 0:  # closed days come first among ascending days: the first day tells for them all
                payroll.refuse_closed_day(cur, day, what="an absence")
        if request.day_to is None:
            _refuse_taken_or_full(request, present)
        rows = [repository.insert_absence(cur, employee_id=request.employee_id, day=day, kind=request.kind,
                                          minutes=request.minutes, note=request.note, actor=actor,
                                          self_review=self_review) for day in days]
        if request.day_to is None:
            return _absence(rows[0], None)
        return AbsenceRange(items=[_absence(row, None) for row in rows],
                            skipped=[AbsenceSkipped(day=day, kinds=covered)
                                     for day, covered in kinds.items() if covered])


def _refuse_taken_or_full(request: AbsenceRequest, present: list[dict]) -> None:
    """A single day's: 409 absence_exists when it has one of the request's kind already (`details.absence_id`), else
    409 absence_day_full when its absences would take over MINUTES_PER_DAY (a day is 24 hours; two kinds of one day,
    480 + 480, are HR's choice); `present`: the day's absences."""
    same = [item for item in present if item["kind"] == request.kind]
    if same:
        raise Conflict(f"That employee already has a {request.kind} absence on {request.day.isoformat()}: delete it "
                       "first to change it.", code="absence_exists", details={"absence_id": same[0]["id"]})
    recorded = sum(item["minutes"] for item in present)
    if recorded + request.minutes > MINUTES_PER_DAY:
        raise Conflict(f"That employee's absences on {request.day.isoformat()} already come to {recorded} minutes: "
                       f"{request.minutes} more would be over the day's {MINUTES_PER_DAY}.",
                       code="absence_day_full", details={"day": request.day.isoformat(), "recorded_minutes": recorded})


def _all_taken(request: AbsenceRequest, kinds: dict[date, list[str]]) -> Conflict:
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
        row = repository.get_absence(cur, absence_id, lock=True)
        if row is None or not department_scope.covers(cur, reach, row["employee_id"]):
            raise NotFound(f"No absence {absence_id}.", code="absence_not_found")
        self_review = separation.check(settings, own_employee, (row["employee_id"],),
                                       what="deleting an absence of your own")
        payroll.refuse_closed_day(cur, row["day"], what="deleting an absence")
        deleted = repository.delete_absence(cur, absence_id, actor=actor, self_review=self_review)
        return _absence(deleted, None)


def list_absences(db: Database, settings: Settings, date_from: date, date_to: date, *,
                  employee_id: UUID | None = None, reach: Reach = EVERYONE) -> AbsencePage:
    """The absences on the days [date_from, date_to] (at most reports.TIMESHEET_MAX_DAYS), of one person with
    employee_id; a scoped reviewer's people's only (another person's employee_id: as an unknown one's, none)."""
    reports.check_period(date_from, date_to)
    with db.transaction() as cur:
        employee_id = department_scope.person_filter(cur, reach, employee_id)
        rows = repository.list_absences(cur, first=date_from, last=date_to, employee_id=employee_id,
                                        departments=reach.sql)
        through = payroll.closed_through(cur, share=False)
    return AbsencePage(date_from=date_from, date_to=date_to, items=[_absence(row, through) for row in rows])
