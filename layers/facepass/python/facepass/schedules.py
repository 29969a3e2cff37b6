"""Work schedules v1 (README "Work schedules"): named weekly schedules (a start and an end per working weekday, and a
grace), one per employee or none; and how the daily report measures a person's day against theirs (measure_day).

Lateness is evidence for HR, not a pay deduction: nothing here changes worked time, and a schedule change touches no
attendance row. A schedule as it is now applies to every day shown, past ones too (v1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg.errors

from facepass import repository
from facepass.config import WEEK_DAYS
from facepass.db import Database
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.schemas import Schedule, ScheduleDay, ScheduleList, ScheduleRequest

SCHEDULE_NAME_INDEX = "work_schedules_name_unique"  # migration 0044
EMPLOYEE_SCHEDULE_KEY = "employees_schedule_id_fkey"  # migration 0044
BIGINT_MAX = 2**63 - 1


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def day_minutes(starts_at: str, ends_at: str) -> int:
    """A day's scheduled minutes by the wall clock: an end before the start is the next day's."""
    return (_minutes(ends_at) - _minutes(starts_at)) % (24 * 60)


def _schedule(row: dict) -> Schedule:
    days = [ScheduleDay(weekday=WEEK_DAYS[day["weekday"] - 1], starts_at=day["starts_at"], ends_at=day["ends_at"])
            for day in row["days"]]
    return Schedule(id=row["id"], name=row["name"], late_grace_minutes=row["late_grace_minutes"], days=days,
                    scheduled_minutes_per_week=sum(day_minutes(day.starts_at, day.ends_at) for day in days),
                    employees=row["employees"], created_at=row["created_at"], updated_at=row["updated_at"],
                    updated_by=row["updated_by"])


def _days(request: ScheduleRequest) -> list[tuple[int, str, str]]:
    """The request's days as stored ((ISO weekday, start, end)); a weekday twice: 422 duplicate_weekday."""
    seen: set[str] = set()
    for day in request.days:
        if day.weekday in seen:
            raise FacePassError(f"{day.weekday.capitalize()} is given twice: one start and end per weekday.",
                                code="duplicate_weekday", status=422, details={"weekday": day.weekday})
        seen.add(day.weekday)
    return sorted((WEEK_DAYS.index(day.weekday) + 1, day.starts_at, day.ends_at) for day in request.days)


def _exists(name: str) -> Conflict:
    return Conflict(f"A schedule named {name} exists already (names are compared in any case).",
                    code="schedule_exists", details={"name": name})


def _not_found(schedule_id: int) -> NotFound:
    return NotFound(f"No schedule {schedule_id}.", code="schedule_not_found", details={"schedule_id": schedule_id})


def list_schedules(db: Database) -> ScheduleList:
    with db.transaction() as cur:
        return ScheduleList(items=[_schedule(row) for row in repository.list_schedules(cur)])


def get_schedule(cur, schedule_id: int) -> Schedule:
    rows = repository.list_schedules(cur, schedule_id)
    if not rows:
        raise _not_found(schedule_id)
    return _schedule(rows[0])


def create_schedule(db: Database, request: ScheduleRequest, *, actor: str | None) -> Schedule:
    """409 schedule_exists: the name is taken, in any case; 422 duplicate_weekday."""
    days = _days(request)
    try:
        with db.transaction() as cur:
            schedule_id = repository.insert_schedule(cur, name=request.name,
                                                     late_grace_minutes=request.late_grace_minutes, days=days,
                                                     actor=actor)
            return get_schedule(cur, schedule_id)
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name == SCHEDULE_NAME_INDEX:
            raise _exists(request.name) from None
        raise


def replace_schedule(db: Database, schedule_id: int, request: ScheduleRequest, *, actor: str | None) -> Schedule:
    """Its name, grace and days replaced (the people who have it keep it). 404 schedule_not_found, 409
    schedule_exists, 422 duplicate_weekday. No attendance row changes: the reports read it as it is now."""
    days = _days(request)
    try:
        with db.transaction() as cur:
            if not repository.replace_schedule(cur, schedule_id, name=request.name,
                                               late_grace_minutes=request.late_grace_minutes, days=days,
                                               actor=actor):
                raise _not_found(schedule_id)
            return get_schedule(cur, schedule_id)
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name == SCHEDULE_NAME_INDEX:
            raise _exists(request.name) from None
        raise


def delete_schedule(db: Database, schedule_id: int) -> None:
    """404 schedule_not_found; 409 schedule_in_use (details.employees: how many, active or not, have it): give them
    another schedule (or none) first. The row is locked first, so a person given it meanwhile either counts here or
    finds it gone (422 schedule_not_found)."""
    try:
        with db.transaction() as cur:
            if not repository.lock_schedule(cur, schedule_id):
                raise _not_found(schedule_id)
            users = repository.schedule_users(cur, schedule_id)
            if users:
                raise Conflict(f"{users} employee(s) have this schedule: give them another one (or none) first.",
                               code="schedule_in_use", details={"employees": users})
            repository.delete_schedule(cur, schedule_id)
    except psycopg.errors.ForeignKeyViolation:  # RESTRICT: one given it after all (never, with the lock)
        with db.transaction() as cur:
            users = repository.schedule_users(cur, schedule_id)
        raise Conflict(f"{users} employee(s) have this schedule: give them another one (or none) first.",
                       code="schedule_in_use", details={"employees": users}) from None


def unknown_schedule(schedule_id: int) -> FacePassError:
    """An employee given a schedule that does not exist: 422 schedule_not_found (the body names it, not the path)."""
    return FacePassError(f"No schedule {schedule_id}.", code="schedule_not_found", status=422,
                         details={"schedule_id": schedule_id})


def check_schedule_id(schedule_id: int | None) -> None:
    """An id no schedule can have (below 1, beyond bigint) is unknown without asking the database."""
    if schedule_id is not None and not 1 <= schedule_id <= BIGINT_MAX:
        raise unknown_schedule(schedule_id)


# --- measuring a day --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledDay:
    """One person's schedule on one weekday (repository.schedule_days_of's row)."""

    starts_at: time
    ends_at: time
    late_grace_minutes: int


NOT_SCHEDULED = {"scheduled_start": None, "scheduled_end": None, "scheduled_minutes": 0, "late_minutes": None,
                 "left_early_minutes": None, "no_show": False}


def _instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The wall clock `clock` of `day` in `zone`, as an instant (a time a clock change skips reads as the offset
    before it, fold 0: 02:30 on a spring-forward night is 03:30 summer time)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _whole_minutes(span: timedelta) -> int:
    return math.floor(span.total_seconds() / 60)


def measure_day(scheduled: ScheduledDay | None, day: date, zone: str, *, first_in: datetime | None,
                last_out: datetime | None, open_shift: bool, has_events: bool, absent: bool,
                now: datetime) -> dict:
    """The daily report's schedule fields for a person's `day` (a day in `zone`, theirs): NOT_SCHEDULED without a
    schedule that weekday. The start is that day's wall clock in the zone; the end the same day's, or the next
    day's when it is before the start (a night shift: measured on the day it starts, as the report counts shifts).
    Real minutes throughout (a clock change between them counts). late_minutes: start -> first_in, floored, when
    more than the grace (else 0; null without a counted entry); left_early_minutes: last_out -> end, floored, when
    more than the grace (else 0; null without an exit, or with a shift still open); no_show: no event of any state,
    no paid absence, and the start plus the grace passed (a day before today in the zone: always)."""
    if scheduled is None:
        return dict(NOT_SCHEDULED)
    tz = ZoneInfo(zone)
    start = _instant(day, scheduled.starts_at, tz)
    end_day = day + timedelta(days=1) if scheduled.ends_at < scheduled.starts_at else day
    end = _instant(end_day, scheduled.ends_at, tz)
    grace = scheduled.late_grace_minutes
    late = None
    if first_in is not None:
        late = max(_whole_minutes(first_in - start), 0)
        late = late if late > grace else 0
    early = None
    if last_out is not None and not open_shift:
        early = max(_whole_minutes(end - last_out), 0)
        early = early if early > grace else 0
    passed = day < now.astimezone(tz).date() or now >= start + timedelta(minutes=grace)
    return {"scheduled_start": scheduled.starts_at.strftime("%H:%M"),
            "scheduled_end": scheduled.ends_at.strftime("%H:%M"),
            "scheduled_minutes": _whole_minutes(end - start), "late_minutes": late, "left_early_minutes": early,
            "no_show": not has_events and not absent and passed}
