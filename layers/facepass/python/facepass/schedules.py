"""Work schedules v1 (README "Work schedules"): named weekly schedules (a start and an end per working weekday, and a
grace), one per employee or none; and how the daily report measures a person's day against theirs (measure_day).

Lateness is evidence for HR, not a pay deduction: nothing here changes worked time, and a schedule change touches no
attendance row. A schedule as it is now applies to every day shown, past ones too (v1)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from contextlib import contextmanager
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


def _in_use(users: int) -> Conflict:
    return Conflict(f"{users} employee(s) have this schedule: give them another one (or none) first.",
                    code="schedule_in_use", details={"employees": users})


def _not_found(schedule_id: int) -> NotFound:
    return NotFound(f"No schedule {schedule_id}.", code="schedule_not_found", details={"schedule_id": schedule_id})


@contextmanager
def _name_not_taken(name: str) -> Iterator[None]:
    """409 schedule_exists for the unique index on the name (in any case) refusing a write in the block."""
    try:
        yield
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name == SCHEDULE_NAME_INDEX:
            raise _exists(name) from None
        raise


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
    with _name_not_taken(request.name), db.transaction() as cur:
        schedule_id = repository.insert_schedule(cur, name=request.name, late_grace_minutes=request.late_grace_minutes,
                                                 days=days, actor=actor)
        return get_schedule(cur, schedule_id)


def replace_schedule(db: Database, schedule_id: int, request: ScheduleRequest, *, actor: str | None) -> Schedule:
    """Its name, grace and days replaced (the people who have it keep it). 404 schedule_not_found, 409
    schedule_exists, 422 duplicate_weekday. No attendance row changes: the reports read it as it is now."""
    days = _days(request)
    with _name_not_taken(request.name), db.transaction() as cur:
        if not repository.replace_schedule(cur, schedule_id, name=request.name,
                                           late_grace_minutes=request.late_grace_minutes, days=days, actor=actor):
            raise _not_found(schedule_id)
        return get_schedule(cur, schedule_id)


def delete_schedule(db: Database, schedule_id: int) -> Schedule:
    """The schedule as it was, deleted. 404 schedule_not_found; 409 schedule_in_use (details.employees: how many,
    active or not, have it): give them another schedule (or none) first. The row is locked first, so a person given
    it meanwhile either counts here or finds it gone (422 schedule_not_found)."""
    try:
        with db.transaction() as cur:
            if not repository.lock_schedule(cur, schedule_id):
                raise _not_found(schedule_id)
            users = repository.schedule_users(cur, schedule_id)
            if users:
                raise _in_use(users)
            deleted = get_schedule(cur, schedule_id)
            repository.delete_schedule(cur, schedule_id)
            return deleted
    except psycopg.errors.ForeignKeyViolation:  # RESTRICT: one given it after all (never, with the lock)
        with db.transaction() as cur:
            users = repository.schedule_users(cur, schedule_id)
        raise _in_use(users) from None


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

# A shift is measured against the events of its WINDOW, not of the calendar day (a night shift's morning exit falls on
# the next day; an arrival at 23:55 for a 00:00 start on the day before):
# - EARLY_ARRIVAL: an entry up to 4 h before the scheduled start is this shift's (on time), and so is any event then;
# - OVERTIME: events up to 8 h after the scheduled end are this shift's (a late exit, overtime: never "early");
# - neighbouring days of the person's schedule share no instant: when the day before is scheduled, the window opens no
#   earlier than halfway between its end and this start; when the day after is, it closes no later than halfway
#   between this end and its start (so Monday 22:00-06:00 then Tuesday 09:00-17:00 part at 07:30); when the day after
#   is off, no later than 4 h before the day after next begins (where its window opens at the earliest: a shift of
#   more than 16 h before a day off). It never closes before the end, so a shift of 20 h or more sees its own exit.
EARLY_ARRIVAL = timedelta(hours=4)
OVERTIME = timedelta(hours=8)
# A day's paid absence is recorded as 8 hours whatever the schedule's length (README "Absences": 480, the bulk
# holiday): that much, or the whole scheduled day when shorter, is away for the whole day (never a no-show).
FULL_DAY_ABSENCE_MINUTES = 480


@dataclass(frozen=True)
class ShiftWindow:
    """One person's scheduled shift on one day as instants: start (S), end (E: the next day's clock when the end is
    before the start), and the window its events are read in, [opens, closes): opens = S - EARLY_ARRIVAL, or later,
    halfway from the previous day's end to S when that day is scheduled; closes = E + OVERTIME, or earlier, halfway
    from E to the next day's start when that day is scheduled (else no later than 4 h before the day after next),
    never before E."""

    start: datetime
    end: datetime
    opens: datetime
    closes: datetime


def _instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The wall clock `clock` of `day` in `zone`, as an instant (a time a clock change skips reads as the offset
    before it, fold 0: 02:30 on a spring-forward night is 03:30 summer time)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _whole_minutes(span: timedelta) -> int:
    return math.floor(span.total_seconds() / 60)


def _shift(scheduled: ScheduledDay, day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """(start, end) instants of `scheduled` on `day`; OverflowError or ValueError beyond what a date holds."""
    end_day = day + timedelta(days=1) if scheduled.ends_at < scheduled.starts_at else day
    return _instant(day, scheduled.starts_at, tz), _instant(end_day, scheduled.ends_at, tz)


def _neighbour(scheduled: ScheduledDay | None, day: date, days: int, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The shift `days` (-1, +1) from `day`, None when that weekday is off or beyond what a date holds."""
    if scheduled is None:
        return None
    try:
        return _shift(scheduled, day + timedelta(days=days), tz)
    except (OverflowError, ValueError):
        return None


def shift_window(scheduled: ScheduledDay | None, day: date, zone: str, *, previous: ScheduledDay | None = None,
                 following: ScheduledDay | None = None) -> ShiftWindow | None:
    """The shift `scheduled` on `day` (a day in `zone`, the person's) as instants; None without one, or when one of
    its instants is beyond what a date holds (year 1 east of UTC, 9999 west of it or with a night shift): such a day
    is not scheduled, never an error. `previous`, `following`: the person's schedule on the weekdays before and after
    (None: off), whose shifts bound the window (ShiftWindow)."""
    if scheduled is None:
        return None
    tz = ZoneInfo(zone)
    try:
        start, end = _shift(scheduled, day, tz)
        opens, closes = start - EARLY_ARRIVAL, end + OVERTIME
    except (OverflowError, ValueError):
        return None
    before = _neighbour(previous, day, -1, tz)
    if before is not None:
        opens = min(max(opens, before[1] + (start - before[1]) / 2), start)
    after = _neighbour(following, day, 1, tz)
    if after is not None:
        closes = min(closes, end + (after[0] - end) / 2)
    else:  # the next day off: no later than the day after next's earliest opening (a start at 00:00, less 4 h)
        with contextlib.suppress(OverflowError, ValueError):
            closes = min(closes, _instant(day + timedelta(days=2), time(0), tz) - EARLY_ARRIVAL)
    return ShiftWindow(start=start, end=end, opens=opens, closes=max(closes, end))


def _beyond(minutes: int, grace: int) -> int:
    """`minutes` when more than the grace; else 0."""
    return minutes if minutes > grace else 0


def measure_day(scheduled: ScheduledDay | None, window: ShiftWindow | None, *, events: list[dict], employed: bool,
                absence_minutes: int, now: datetime) -> dict:
    """The daily report's schedule fields for a person's day: NOT_SCHEDULED without a schedule that weekday or a
    window (shift_window). `events`: the person's events in the window, in the reports' order (repository.
    shift_events: occurred_at, event_type, counted: as the reports count them); `employed`: an active employee at
    the start, their record existing then; `absence_minutes`: their paid absences of the day. Real minutes
    throughout (a clock change between them counts).
    - late_minutes: start -> the first counted entry of [opens, end), floored, less the absence minutes, when more
      than the grace (else 0); null without one.
    - left_early_minutes: when the last counted event of the window is an exit (after that entry): the exit -> end,
      floored, less what the lateness left of the absence minutes (one allowance, lateness first), when more than
      the grace (else 0); null without one, or when the last counted event is an entry (the shift still open).
    - no_show: no event of any state in the window, employed at the start, not away the whole day (absence_minutes
      below min(scheduled minutes, FULL_DAY_ABSENCE_MINUTES): half a day away and no attendance is a no-show for the
      other half), and start + grace passed."""
    if scheduled is None or window is None:
        return dict(NOT_SCHEDULED)
    grace = scheduled.late_grace_minutes
    scheduled_minutes = _whole_minutes(window.end - window.start)
    counted = [event for event in events if event["counted"]]
    first_in = next((event["occurred_at"] for event in counted
                     if event["event_type"] == "entry" and event["occurred_at"] < window.end), None)
    late = early = None
    allowance = absence_minutes  # one allowance: it excuses lateness first, what is left of it leaving early
    if first_in is not None:
        raw = max(_whole_minutes(first_in - window.start), 0)
        late = _beyond(raw - min(raw, allowance), grace)
        allowance -= min(raw, allowance)
    if counted and counted[-1]["event_type"] == "exit" and (first_in is None
                                                             or counted[-1]["occurred_at"] >= first_in):
        raw = max(_whole_minutes(window.end - counted[-1]["occurred_at"]), 0)
        early = _beyond(raw - min(raw, allowance), grace)
    away = absence_minutes >= min(scheduled_minutes, FULL_DAY_ABSENCE_MINUTES)
    no_show = not events and employed and not away and now >= window.start + timedelta(minutes=grace)
    return {"scheduled_start": scheduled.starts_at.strftime("%H:%M"),
            "scheduled_end": scheduled.ends_at.strftime("%H:%M"),
            "scheduled_minutes": scheduled_minutes, "late_minutes": late, "left_early_minutes": early,
            "no_show": no_show}
