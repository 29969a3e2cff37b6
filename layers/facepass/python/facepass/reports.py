"""What payroll reads: the report calendar (days in FACEPASS_REPORT_TIMEZONE), the daily report and the
timesheet of a pay period (per employee and day: first in, last out, time worked), and their CSV forms. A person's
days are days in their own time zone (none: the report zone), the one they held at the instant (employee_time_zones).

A shift belongs to the day of its entry: a night shift's exit the next morning closes it (within
FACEPASS_MAX_SHIFT_HOURS) and adds nothing to the next day. Counted: confirmed, reassigned and unflagged
recognized events; events awaiting review are only counted in `pending_reviews`."""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import itertools
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from facepass import close_settings, department_scope, repository, schedules
from facepass.config import WEEK_DAYS, Settings, is_iana_time_zone
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import Conflict, FacePassError
from facepass.pagination import cursor_scope, decode_name_cursor, encode_name_cursor
from facepass.schemas import (
    REVIEW_IDS_MAX,
    CsvDialect,
    DailyAttendance,
    DailyReport,
    ReportCalendar,
    Timesheet,
    TimesheetDay,
    TimesheetRow,
    TimesheetWeek,
)

logger = logging.getLogger(__name__)

# A timesheet covers at most this many days (a quarter): longer periods are several requests.
TIMESHEET_MAX_DAYS = 92

# --- the report calendar -----------------------------------------------------------------------

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def _utc_midnight(day: date, tz: ZoneInfo) -> datetime:
    """Midnight of `day` in tz, in UTC; clamped at the ends of the calendar Python knows (0001-01-01
    east of UTC, or past 9999-12-31), where there is nothing to find anyway."""
    try:
        return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    except OverflowError:
        return _EARLIEST if day.year == 1 else _LATEST


def usable_zone(zone: str | None, report_zone: str, *, subject: dict | None = None) -> tuple[str, bool]:
    """(the zone a person's days are computed in, whether theirs is unavailable): `zone` when it loads here, the report
    zone for none; one tzdata no longer knows (names are dropped, e.g. US/Pacific-New) falls back to the report zone,
    logged as an error, so that one stored name never fails a whole report."""
    if zone is None:
        return report_zone, False
    if not is_iana_time_zone(zone):
        logger.error("a person's time zone does not load here: their days are the report zone's",
                     extra={"timezone": zone, "report_timezone": report_zone, **(subject or {})})
        return report_zone, True
    return zone, False


def zone_held(history: list[tuple[datetime, str | None]] | None, moment: datetime) -> str | None:
    """The zone of a person's history (repository.time_zone_history's, oldest first) in force at `moment`: the one
    set last at or before it (None: none, the report zone's days)."""
    if not history:
        return None
    position = bisect.bisect_right([valid_from for valid_from, _ in history], moment)
    return history[max(position - 1, 0)][1]


def zone_at(cur, settings: Settings, employee_id: UUID, moment: datetime) -> str:
    """The zone a person's day holding `moment` is in (as the reports place it): the one they held then, the report
    zone for none or for one that no longer loads."""
    held = zone_held(repository.time_zone_history(cur, [employee_id]).get(employee_id), moment)
    return usable_zone(held, settings.report_timezone, subject={"employee_id": str(employee_id)})[0]


def event_date(zone: str, moment: datetime) -> date:
    """The day an event is on: its date in `zone`, the zone its person held at its instant (the reports' and the
    one-person listing's placement)."""
    return moment.astimezone(ZoneInfo(zone)).date()


@dataclass
class PersonDays:
    """One person's days [first, last] (None: open) as the reports place events on them. `start`, `end`: the UTC span
    to read (the UTC days widened by ZONE_REACH: every zone they held); `holds` keeps the events whose own day, in
    the zone held at their instant, is one of them. `zone`: the last day's (today's, without dates), as named."""

    start: datetime | None
    end: datetime | None
    zone: str
    first: date | None
    last: date | None
    history: list[tuple[datetime, str | None]] | None
    report_zone: str
    employee_id: UUID

    def __post_init__(self) -> None:
        self._usable: dict[str | None, str] = {}

    def zone_at(self, moment: datetime) -> str:
        held = zone_held(self.history, moment)
        if held not in self._usable:  # once per zone: one that no longer loads is logged once
            self._usable[held] = usable_zone(held, self.report_zone,
                                             subject={"employee_id": str(self.employee_id)})[0]
        return self._usable[held]

    def holds(self, moment: datetime) -> bool:
        day = event_date(self.zone_at(moment), moment)
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)


def day_zone(history: list[tuple[datetime, str | None]] | None, day: date, report_zone: str,
             employee_id: UUID) -> str:
    """The zone a person's `day` is a day in when no event places it: the one in force when it begins (in the zone
    held at that UTC midnight); the report zone for none or one that no longer loads. `history`:
    repository.time_zone_history's."""
    held = zone_held(history, day_bounds(day, "UTC")[0])
    zone = usable_zone(held, report_zone)[0]  # where the day begins in the zone held at UTC midnight
    return usable_zone(zone_held(history, day_bounds(day, zone)[0]), report_zone,
                       subject={"employee_id": str(employee_id)})[0]


def person_days(cur, settings: Settings, employee_id: UUID, first: date | None, last: date | None) -> PersonDays:
    """The days [first, last] as the person's days (the reports'): each event on its date in the zone they held at
    its instant (PersonDays.holds). The zone named is the last day's, in the zone held when it begins (as a day
    without events is placed); today's without dates; the report zone for none or one that no longer loads."""
    history = repository.time_zone_history(cur, [employee_id]).get(employee_id)

    def zone_of(day: date) -> str:
        return day_zone(history, day, settings.report_timezone, employee_id)

    start = moved(day_bounds(first, "UTC")[0], -ZONE_REACH) if first else None
    end = moved(day_bounds(last, "UTC")[1], ZONE_REACH) if last is not None else None
    named = zone_of(last) if last is not None else usable_zone(zone_held(history, datetime.now(UTC)),
                                                               settings.report_timezone)[0]
    return PersonDays(start=start, end=end, zone=named, first=first, last=last, history=history,
                      report_zone=settings.report_timezone, employee_id=employee_id)


def rows_on_days(cur, settings: Settings | None, employee_id: UUID | None, date_from: date | None,
                 date_to: date | None, fetch, *, by_person: bool, after, limit: int) -> tuple[list[dict], str | None]:
    """A page of rows of the days [date_from, date_to] as GET /attendance lists them: `fetch(start, end, after)`
    reads limit + 1 rows from `after` (a cursor) between two instants. by_person: the person's days (employee_id),
    each row kept when its own day, in the zone held at its instant, is one of them: the span covering every zone
    they held read in batches until a page is full; else days in the report zone. The rows (limit + 1: one more
    says a next page) and the zone the days are in."""
    if not by_person:
        zone = settings.report_timezone if settings else None
        return fetch(day_bounds(date_from, zone)[0] if date_from else None,
                     day_bounds(date_to, zone)[1] if date_to else None, after), zone
    days, rows = person_days(cur, settings, employee_id, date_from, date_to), []
    while len(rows) <= limit:
        batch = fetch(days.start, days.end, after)
        rows += [row for row in batch if days.holds(row["occurred_at"])]
        if len(batch) <= limit:
            break
        after = (batch[-1]["occurred_at"], batch[-1]["id"])
    return rows, days.zone


def today(settings: Settings) -> date:
    """Today in the report time zone (the day a report without a date is about)."""
    return datetime.now(ZoneInfo(settings.report_timezone)).date()


def report_calendar(settings: Settings) -> ReportCalendar:
    return ReportCalendar(timezone=settings.report_timezone, today=today(settings).isoformat())


def moved(moment: datetime, delta: timedelta) -> datetime:
    """moment + delta, clamped at the ends of the calendar Python knows."""
    try:
        return moment + delta
    except OverflowError:
        return _LATEST if delta > timedelta(0) else _EARLIEST


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in `zone`, in UTC. Any date a client can send is answered:
    date.max has no next day, so its end is the last instant Python represents."""
    tz = ZoneInfo(zone)
    end = _utc_midnight(day + timedelta(days=1), tz) if day < date.max else _LATEST
    return _utc_midnight(day, tz), end


# --- days worked -------------------------------------------------------------------------------


# How far from UTC any zone's clock has been (Asia/Manila's local mean time, -15:56, and America/Metlakatla's, +15:14,
# before the 1800s; today UTC-12 to UTC+14): a day in any zone lies within its UTC day widened by this either side.
ZONE_REACH = timedelta(hours=16)


class _Days:
    """The consecutive report days [first, last] in one zone: where each begins (a day without events)."""

    def __init__(self, first: date, last: date, zone: str) -> None:
        self.dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.starts = [day_bounds(day, zone)[0] for day in self.dates]
        self.start, self.end = self.starts[0], day_bounds(last, zone)[1]


class _Period:
    """The days [first, last] in every person's zones (the zone in force at an instant: employee_time_zones; none:
    the report zone): what to read to find them all (`start`, `end`: the UTC days widened by ZONE_REACH), each
    zone's _Days, and the zones people have had (`read_zones` loads them)."""

    def __init__(self, first: date, last: date, report_zone: str) -> None:
        self.first, self.last, self.report_zone = first, last, report_zone
        self.dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        utc = day_bounds(first, "UTC")[0], day_bounds(last, "UTC")[1]
        self.start, self.end = moved(utc[0], -ZONE_REACH), moved(utc[1], ZONE_REACH)
        self._zones: dict[str, _Days] = {}
        self._history: dict[UUID, list[tuple[datetime, str | None]]] = {}
        self._usable: dict[str, tuple[str, bool]] = {}
        self.unavailable: set[UUID] = set()  # the people one of whose zones did not load (the report zone's days)

    def usable(self, zone: str, employee_id: UUID | None = None) -> str:
        """`zone`, or the report zone when it does not load (noting the person)."""
        if zone not in self._usable:
            self._usable[zone] = usable_zone(zone, self.report_zone)
        used, unavailable = self._usable[zone]
        if unavailable and employee_id is not None:
            self.unavailable.add(employee_id)
        return used

    def read_zones(self, cur, employee_ids) -> None:
        """Load the zone history of these people (those not loaded yet)."""
        missing = sorted({person for person in employee_ids if person is not None} - set(self._history), key=str)
        if missing:
            self._history.update(repository.time_zone_history(cur, missing))

    def zone_at(self, employee_id: UUID | None, moment: datetime) -> str:
        """The zone a person's days are in at `moment`: the one set last at or before it (the report zone for
        nobody, or a person without one then)."""
        zone = zone_held(self._history.get(employee_id) if employee_id is not None else None, moment)
        return self.usable(zone, employee_id) if zone else self.report_zone

    def days(self, zone: str) -> _Days:
        if zone not in self._zones:
            self._zones[zone] = _Days(self.first, self.last, zone)
        return self._zones[zone]

    def index_at(self, employee_id: UUID | None, moment: datetime) -> int | None:
        """The day `moment` falls in, in the zone the person held then (event_date, as the one-person listing)."""
        index = (event_date(self.zone_at(employee_id, moment), moment) - self.first).days
        return index if 0 <= index < len(self.dates) else None

    def index(self, row: dict, moment: datetime | None = None) -> int | None:
        """The day, in its person's zone then, `moment` (default: the row's occurred_at) falls in."""
        return self.index_at(row["employee_id"], row["occurred_at"] if moment is None else moment)

    def day_zone(self, employee_id: UUID, index: int) -> str:
        """The zone of a person's day without an event: the one in force when it begins."""
        zone = self.zone_at(employee_id, self.days("UTC").starts[index])
        return self.zone_at(employee_id, self.days(zone).starts[index])


def _worked(cur, settings: Settings, period: _Period, employee_ids: list[UUID] | None = None,
            listed: list[dict] = (), departments: list[str] | None = None) -> tuple[dict[UUID, dict], list[int]]:
    """Per person (who has an event, or a pending one, in the period of the zone they held at its instant; of
    `employee_ids` only, when given; and every person of `listed`, a timesheet's page, with 0 where they have no
    time): their name, one row per day with the day's zone, and the zone of their last day;
    and the events awaiting review per day (of those people, or of anybody or none), each on its person's day (nobody's:
    the report zone's). An event's day is its date in the zone in force at its instant, a shift's its entry's: a
    change of zone never moves a day already paid. `departments`: of people of these only (a scoped reviewer's,
    department_scope.py: nobody's pending events are then not counted either), when given."""
    longest = timedelta(hours=settings.max_shift_hours)
    # A shift's entry the day before, or its exit the day after, may pair; and a pending exit after the period may
    # close a shift begun in it.
    rows = repository.recognized_events_between(cur, start=moved(period.start, -longest),
                                                end=moved(period.end, longest), employee_ids=employee_ids,
                                                departments=departments)
    pending = repository.pending_reviews_between(cur, start=period.start, end=moved(period.end, longest),
                                                 employee_ids=employee_ids, departments=departments)
    period.read_zones(cur, {row["employee_id"] for row in itertools.chain(rows, pending, listed)})
    people: dict[UUID, dict] = {}
    shifts_of: dict[UUID, Shifts] = {}  # each person's shifts (as _shifts pairs them)
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)

    def person_of(row: dict) -> dict:
        return people.setdefault(row["employee_id"], {
            "employee_id": row["employee_id"], "full_name": row["full_name"], "department": row["department"],
            "employee_number": row.get("employee_number"), "email": row.get("email"),
            "days": [{"first_in": None, "last_out": None, "worked": timedelta(0), "manual": timedelta(0), "events": 0,
                      "pending_reviews": 0,
                      "pending_entry": False, "open_shift": False, "exit_without_entry": False,
                      "ends_night_shift": False, "night_shift_from": None, "timezone": None}
                     for _ in period.dates],
            # What the close's check (undecided_days) reads besides the days: the person's counted events (as
            # paired), the entries of the shifts no exit closes per day, and the instants of the counted exits that
            # close no shift.
            "events": [], "open_entries": {}, "lone_exits": [], "pending_ids": {},
            "pending_at": []})

    def on_day(person: dict, index: int, moment: datetime) -> dict:
        """The person's day `index`, named in the zone of its first event placed there (`moment`'s)."""
        day = person["days"][index]
        day["timezone"] = day["timezone"] or period.zone_at(person["employee_id"], moment)
        return day

    for row in listed:  # listed in the order given (a page's, by name), whether or not they have an event
        person_of(row)
    for events in _by_person(rows):
        employee_id = events[0]["employee_id"]
        pairs = list(_shift_events(events, longest, double_press))
        shifts = [(entry["occurred_at"], exit_["occurred_at"] if exit_ is not None else None) for entry, exit_ in pairs]
        lone_exits = _exits_without_entry(events, longest, double_press)
        shifts_of[events[0]["employee_id"]] = _shift_times(shifts)
        inside = [(period.index_at(employee_id, event["occurred_at"]), event) for event in events]
        if all(index is None for index, _ in inside):
            continue
        person = person_of(events[0])
        person["lone_exits"] = sorted(lone_exits)
        person["events"] = events
        for index, event in inside:
            if index is None:
                continue
            day = on_day(person, index, event["occurred_at"])
            day["events"] += 1
            if event["event_type"] == "entry" and day["first_in"] is None:
                day["first_in"] = event["occurred_at"]
            if event["occurred_at"] in lone_exits:
                day["exit_without_entry"] = True
        for (entry, exit_), (entry_event, exit_event) in zip(shifts, pairs, strict=True):
            index = period.index_at(employee_id, entry)
            closed_on = period.index_at(employee_id, exit_) if exit_ is not None else None
            if closed_on is not None and closed_on != index:  # a night shift's exit: said on its own day too
                person["days"][closed_on]["ends_night_shift"] = True
                # The day its time counts on (the day before, or earlier for a shift over FACEPASS_MAX_SHIFT_HOURS 24).
                person["days"][closed_on]["night_shift_from"] = event_date(period.zone_at(employee_id, entry),
                                                                           entry).isoformat()
            if index is None:
                continue
            if exit_ is None:  # no exit closes it: a forgotten check-out, or still at work
                person["days"][index]["open_shift"] = True
                person["open_entries"].setdefault(index, []).append(entry_event["id"])
            else:
                person["days"][index]["worked"] += exit_ - entry
                person["days"][index]["last_out"] = exit_
                # Typed in by HR, or at the kiosk without Face ID: no face confirmed the whole shift.
                if any(event.get("entered_by") or event.get("face_free") for event in (entry_event, exit_event)):
                    person["days"][index]["manual"] += exit_ - entry
        for at in lone_exits:  # shown as the day's last exit, beside its mark: what the missing entry must pair with
            day = person["days"][index] if (index := period.index_at(employee_id, at)) is not None else None
            if day is not None and (day["last_out"] is None or at > day["last_out"]):
                day["last_out"] = at
    pending_per_day = [0] * len(period.dates)
    for row in pending:
        index = _pending_day(row, period, shifts_of, longest, double_press)
        if index is None:
            continue
        pending_per_day[index] += 1
        if row["employee_id"] is not None:
            day = on_day(person_of(row), index, row["occurred_at"])
            day["pending_reviews"] += 1
            person_of(row)["pending_ids"].setdefault(index, []).append(row["id"])
            person_of(row)["pending_at"].append((row["occurred_at"], row["id"]))
            day["pending_entry"] = day["pending_entry"] or row["event_type"] == "entry"
    for person in people.values():
        for index, day in enumerate(person["days"]):
            day["timezone"] = day["timezone"] or period.day_zone(person["employee_id"], index)
        person["timezone"] = person["days"][-1]["timezone"]
    return people, pending_per_day




def _pending_total(cur, settings: Settings, period: _Period, employee_id: UUID | None = None,
                   departments: list[str] | None = None) -> list[int]:
    """The ids (oldest first) of the period's events awaiting review (the person's, with employee_id; else anybody's
    or nobody's), each placed on the day it would change as _worked places it: the counted events read are only those
    of people with a pending exit, whatever the timesheet's page."""
    longest = timedelta(hours=settings.max_shift_hours)
    pending = repository.pending_reviews_between(cur, start=period.start, end=moved(period.end, longest),
                                                 employee_ids=[employee_id] if employee_id else None,
                                                 departments=departments)
    period.read_zones(cur, {row["employee_id"] for row in pending})
    exits_of = sorted({row["employee_id"] for row in pending
                       if row["event_type"] == "exit" and row["employee_id"] is not None}, key=str)
    shifts_of: dict[UUID, Shifts] = {}
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)
    if exits_of:
        rows = repository.recognized_events_between(cur, start=moved(period.start, -longest),
                                                    end=moved(period.end, longest), employee_ids=exits_of)
        for events in _by_person(rows):
            shifts_of[events[0]["employee_id"]] = _shift_times(_shifts(events, longest, double_press))
    placed = [row for row in pending if _pending_day(row, period, shifts_of, longest, double_press) is not None]
    return [row["id"] for row in sorted(placed, key=lambda row: (row["occurred_at"], row["id"]))]


def _pending_ids_of(person: dict) -> list[int]:
    """The ids of a person's events awaiting review _worked placed on the period's days, oldest first (ids grow with
    arrival, not time: ordered as the review queue lists them), at most REVIEW_IDS_MAX."""
    placed = person["pending_at"]
    return [event_id for _, event_id in sorted(placed)][:REVIEW_IDS_MAX]


def _with_minutes(day: dict) -> dict:
    """The payroll unit: each day's time to the nearest minute (half a minute up); totals add these up, so every
    view (console, CLI, CSV) shows the same sum. manual_minutes, the time of the day's shifts an HR-typed punch
    opens or closes, is rounded by the same rule (so never more than worked_minutes)."""
    figures = {name: value for name, value in day.items() if name not in ("worked", "manual")}
    # The shifts summed before any rounding (kiosk times carry microseconds), to the second; the minutes from those
    # seconds, so the two figures of a row always agree.
    seconds = math.floor(day["worked"].total_seconds() + 0.5)
    manual = math.floor(day["manual"].total_seconds() + 0.5)
    return {**figures, "worked_seconds": seconds, "worked_minutes": (seconds + 30) // 60,
            "manual_minutes": (manual + 30) // 60}


Shifts = tuple[list[datetime], list[datetime | None]]  # one person's shift entries (in time order) and their exits


def _shift_times(shifts) -> Shifts:
    pairs = list(shifts)
    return [entry for entry, _ in pairs], [exit_ for _, exit_ in pairs]


def _pending_day(row: dict, period: _Period, shifts_of: dict[UUID, Shifts], longest: timedelta,
                 double_press: timedelta) -> int | None:
    """The day an event awaiting review would change: a pending exit, the day of the shift it would close or
    shorten (the person's last shift begun within a shift before it, still open then, or closed by a counted exit
    after it or within a double press of it; a double press's second entry opens none); anything else, its own day
    (a pending exit after a closed shift closes nothing there: its own day's entry is missing)."""
    if row["event_type"] == "exit" and row["employee_id"] is not None:
        entries, exits = shifts_of.get(row["employee_id"], ([], []))
        before = bisect.bisect_left(entries, row["occurred_at"])
        if before and row["occurred_at"] - entries[before - 1] <= longest:
            closed = exits[before - 1]
            if closed is None or row["occurred_at"] <= closed + double_press:
                return period.index(row, entries[before - 1])  # None: that shift is another period's
    return period.index(row)


def _by_person(rows: list[dict]) -> Iterator[list[dict]]:
    """The rows (ordered by person, then time) grouped per person."""
    for _, events in itertools.groupby(rows, key=lambda row: row["employee_id"]):
        yield list(events)


def _shifts(events: list[dict], longest: timedelta,
            double_press: timedelta) -> Iterator[tuple[datetime, datetime | None]]:
    """(entry, exit) times of one person's shifts, as _shift_events pairs their events."""
    for entry, exit_ in _shift_events(events, longest, double_press):
        yield entry["occurred_at"], exit_["occurred_at"] if exit_ is not None else None


def _exits_without_entry(events: list[dict], longest: timedelta, double_press: timedelta) -> set[datetime]:
    """The times of one person's counted exits that close no shift, other than a double press of an exit (within
    `double_press` of the one before): the entry is missing (never taken, rejected, awaiting review), and the day
    counts nothing for it. Said, as an open shift is, so that HR adds the entry."""
    closing = {exit_["id"] for _, exit_ in _shift_events(events, longest, double_press) if exit_ is not None}
    lone, previous = set(), None
    for event in events:
        if event["event_type"] != "exit":
            continue
        if event["id"] not in closing and (previous is None or event["occurred_at"] - previous > double_press):
            lone.add(event["occurred_at"])
        previous = event["occurred_at"]
    return lone


def event_order(event: dict) -> tuple:
    """Where an event sorts among one person's events as the reports read them (repository.EVENT_ORDER): by instant,
    and at the same instant an exit before an entry (a shift that ends when the next begins is two shifts); events of
    the same instant and direction keep the order they were stored in, a punch not stored yet after them."""
    return event["occurred_at"], event["event_type"] == "entry"


def _insert_position(events: list[dict], punch: dict) -> int:
    """Where `punch` (not stored yet) goes among `events` (event_order): after every event it does not sort before."""
    return bisect.bisect_right([event_order(event) for event in events], event_order(punch))


def _shift_events(events: list[dict], longest: timedelta,
                  double_press: timedelta) -> Iterator[tuple[dict, dict | None]]:
    """(entry, exit) pairs of one person's events in time order, and (entry, None) for an entry no exit closes.
    An exit closes the open entry when the shift is no longer than `longest`. A second entry while one is open keeps
    the first only within `double_press` (the check-in's repeat window); later, the first is a forgotten exit (that
    shift stays open and counts nothing) and the second opens the shift its exit closes. Events more than `longest`
    before the period change nothing. The one pairing rule: the reports and the manual punch's check use it."""
    opened: dict | None = None
    for event in events:
        at = event["occurred_at"]
        if event["event_type"] == "entry":
            if opened is None or at - opened["occurred_at"] > double_press:
                if opened is not None:
                    yield opened, None
                opened = event
        elif opened is not None:
            yield (opened, event) if at - opened["occurred_at"] <= longest else (opened, None)
            opened = None
    if opened is not None:
        yield opened, None


def open_shift_entry(events: list[dict], at: datetime, longest: timedelta, double_press: timedelta) -> dict | None:
    """The entry of the shift open at `at` among one person's events before it (time order), paired as the reports
    pair them (_shift_events): an entry no exit closed, at most `longest` before; None when no shift is open."""
    opened = None
    for entry, exit_ in _shift_events(events, longest, double_press):  # the last pair is the latest shift
        opened = entry if exit_ is None else None
    return opened if opened is not None and at - opened["occurred_at"] <= longest else None


def punch_direction(events: list[dict], at: datetime, longest: timedelta, double_press: timedelta) -> str:
    """The direction the server gives a punch at `at` (POST /attendance/punch), from one person's counted events
    before it (time order), paired as the reports pair them: exit when a shift is open at `at` (an entry no exit
    closed, at most `longest` before), else entry. A press within `double_press` of the person's last counted event
    takes that event's direction: it stays a repeat of it (a double press never flips to the other direction)."""
    if events and double_press and at - events[-1]["occurred_at"] <= double_press:
        return events[-1]["event_type"]
    return "exit" if open_shift_entry(events, at, longest, double_press) is not None else "entry"


@dataclass
class PunchConflict:
    """What a punch would do to the shifts the reports count, when that is not what adding it means: `kind` is
    shift_broken (a counted entry -> exit pair would no longer exist), exit_unpaired (the exit would close no shift),
    entry_double_press (an entry within the repeat window of an open one: it changes nothing) or entry_left_open
    (an entry no exit would close while later punches exist). `events` are the person's counted events involved,
    in time order; `replaceable` those of the punch's type (a punch could replace one of them)."""

    kind: str
    events: list[dict]
    replaceable: list[dict]


def punch_conflict(events: list[dict], punch: dict, longest: timedelta,
                   double_press: timedelta, *, moves_edge: bool = False) -> PunchConflict | None:
    """Would `punch` ({event_type, occurred_at}), added to one person's counted events around it (time order), be
    part of a counted shift while every closed shift stays as it is? None when so: an exit closing an open shift (a
    forgotten check-out), an entry an exit closes (a forgotten check-in), or an entry nothing follows (still at work).
    Both sides are paired by _shift_events, the rule the reports count with."""
    position = _insert_position(events, punch)
    before = list(_shift_events(events, longest, double_press))
    after = list(_shift_events([*events[:position], punch, *events[position:]], longest, double_press))
    def same(old: dict, new: dict) -> bool:  # new is old, or (moves_edge) the punch a double press of it
        return new is old or (moves_edge and new is punch and new["event_type"] == old["event_type"]
                              and abs(new["occurred_at"] - old["occurred_at"]) <= double_press)
    closed = [(entry, exit_) for entry, exit_ in after if exit_ is not None]
    broken = [event for entry, exit_ in before if exit_ is not None
              and not any(same(entry, new_entry) and same(exit_, new_exit) for new_entry, new_exit in closed)
              for event in (entry, exit_)]
    if broken:
        return _punch_conflict("shift_broken", broken, punch)
    if punch["event_type"] == "exit":
        if any(exit_ is punch for _, exit_ in after):
            return None
        previous = events[position - 1] if position else None  # what closed the shift, or the entry too long ago
        involved = [] if previous is None else next(([entry, previous] for entry, exit_ in before
                                                     if exit_ is previous), [previous])
        return _punch_conflict("exit_unpaired", involved, punch)
    closes = [exit_ for entry, exit_ in after if entry is punch]
    if not closes:  # the open entry before it keeps the shift: a double press
        kept_entry = [entry for entry, _ in after if entry["occurred_at"] <= punch["occurred_at"]][-1:]
        return _punch_conflict("entry_double_press", kept_entry, punch)
    if closes[0] is None and position < len(events):
        # The next punch, and the exit closing the shift it opens when it is an entry: replacing that entry with this
        # one would pay the gap between them (a forgotten morning is a missing shift: shift_conflict).
        following = next((exit_ for entry, exit_ in before if entry is events[position] and exit_ is not None), None)
        return _punch_conflict("entry_left_open", [events[position], *([following] if following else [])], punch)
    return None


def shift_conflict(events: list[dict], entry: dict, exit_: dict, longest: timedelta,
                   double_press: timedelta) -> PunchConflict | None:
    """Would the pair `entry` -> `exit_` (a missing shift, each {event_type, occurred_at}), added together to one
    person's counted events around it (time order), be a shift the reports count while every closed shift stays as
    it is? Both punches are weighed at once: one at a time, a forgotten morning before a counted afternoon is refused
    (its entry left open, its exit unpaired). None when so; else shift_broken (a counted shift would no longer be
    paid as it is: the pair cuts into it) or shift_overlaps (a counted punch inside the pair takes its entry or exit:
    the pair would swallow it), naming the counted events. An event at the very instant of the entry is before it,
    one at the exit's sorts as the reports sort it (event_order: an entry after the exit, shifts back to back; an exit
    after it). Paired by _shift_events, the rule the reports count with."""
    first = _insert_position(events, entry)
    last = max(first, _insert_position(events, exit_))
    before = list(_shift_events(events, longest, double_press))
    after = list(_shift_events([*events[:first], entry, *events[first:last], exit_, *events[last:]], longest,
                               double_press))
    closed = {(id(new_entry), id(new_exit)) for new_entry, new_exit in after if new_exit is not None}
    broken = [event for old_entry, old_exit in before if old_exit is not None
              and (id(old_entry), id(old_exit)) not in closed for event in (old_entry, old_exit)]
    if broken:
        return PunchConflict(kind="shift_broken", events=broken, replaceable=[])
    if (id(entry), id(exit_)) not in closed:
        inside = [event for event in events
                  if entry["occurred_at"] - double_press <= event["occurred_at"] < exit_["occurred_at"]]
        return PunchConflict(kind="shift_overlaps", events=inside, replaceable=[])
    return None


def shifts_undone(before: list[dict], after: list[dict], longest: timedelta,
                  double_press: timedelta) -> PunchConflict | None:
    """What a change of one person's counted events (`before` -> `after`, each in time order, as the reports read
    them) does to the shifts the reports count: shift_broken with the closed shifts that would no longer be paid as
    they are (their entry and exit, time order), else None. A shift whose edge a double press now holds (a retry of
    the punch taken away, counted in its place) is kept, as a review's moves_edge keeps it. Paired by _shift_events,
    the rule the reports count with. (A reassignment takes a punch away from its person: facepass.review.)"""
    def same(old: dict, new: dict) -> bool:
        return new["id"] == old["id"] or (new["event_type"] == old["event_type"]
                                          and abs(new["occurred_at"] - old["occurred_at"]) <= double_press)
    closed = [(entry, exit_) for entry, exit_ in _shift_events(after, longest, double_press) if exit_ is not None]
    broken = [event for entry, exit_ in _shift_events(before, longest, double_press) if exit_ is not None
              and not any(same(entry, new_entry) and same(exit_, new_exit) for new_entry, new_exit in closed)
              for event in (entry, exit_)]
    return _punch_conflict("shift_broken", broken, {"event_type": None}) if broken else None


def _punch_conflict(kind: str, involved: list[dict], punch: dict) -> PunchConflict:
    unique = sorted({id(event): event for event in involved}.values(), key=lambda event: event["occurred_at"])
    return PunchConflict(kind=kind, events=unique,
                         replaceable=[event for event in unique if event["event_type"] == punch["event_type"]])


# --- Face ID withdrawn: time entered by HR ----------------------------------------------------

Span = tuple[datetime, datetime | None]  # [from, to); to None: still so


def withdrawn_spans(history: dict) -> list[Span]:
    """When a person (a row of repository.face_id_withdrawals) was an active employee whose Face ID was withdrawn:
    from each withdrawal of their biometric consent (`biometrics` `withdrawn`, or consent_withdrawn_at, the time
    the API shows: a replayed withdrawal is dated to its ledger entry) to the next recording of a consent, while
    they were active (the is_active history, read as the timesheet's list of people reads it: before the first
    change, that change's `before`, else is_active now; a leaver's days after they left are not HR's to type).
    Their time is then entered by HR, or nobody's."""
    changes = sorted(history["changes"], key=lambda change: change[3])  # (field, before, after, at), in order
    active_changes = [change for change in changes if change[0] == "is_active"]
    if active_changes:
        first_before = active_changes[0][1]
        active = first_before == "true" if first_before is not None else bool(history["is_active"])
    else:
        active = bool(history["is_active"])
    moments = [(at, field, after) for field, _, after, at in changes]
    if history.get("consent_withdrawn_at") is not None:
        moments.append((history["consent_withdrawn_at"], "biometrics", "withdrawn"))
    withdrawn, spans, since = False, [], None
    for at, field, after in sorted(moments, key=lambda moment: moment[0]):
        if field == "is_active":
            active = after == "true"
        else:
            withdrawn = field == "biometrics"  # a withdrawal, or (biometric_consent) a consent recorded again
        if active and withdrawn and since is None:
            since = at
        elif not (active and withdrawn) and since is not None:
            if at > since:
                spans.append((since, at))
            since = None
    if since is not None:
        spans.append((since, None))
    return spans


def withdrawn_at(spans: list[Span], moment: datetime) -> bool:
    """Whether `moment` is in one of `spans`."""
    return any(since <= moment and (until is None or moment < until) for since, until in spans)


def withdrawn_on(spans: list[Span], start: datetime, end: datetime) -> bool:
    """Whether some instant of [start, end) is in one of `spans`."""
    return any(since < end and (until is None or until > start) for since, until in spans)


def _withdrawn_days(period: _Period, people: dict[UUID, dict], histories: list[dict]) -> dict[UUID, list[bool]]:
    """Per person of `people` (as _worked reads them) with a Face ID withdrawn (`histories`:
    repository.face_id_withdrawals), each day of the period: withdrawn at some instant of it (withdrawn_spans),
    the day being the person's in the zone _worked named it in."""
    flags: dict[UUID, list[bool]] = {}
    for history in histories:
        person = people.get(history["employee_id"])
        spans = withdrawn_spans(history) if person is not None else []
        if spans:
            flags[history["employee_id"]] = [withdrawn_on(spans, *day_bounds(day, figures["timezone"]))
                                             for day, figures in zip(period.dates, person["days"], strict=True)]
    return flags


def daily_report(db: Database, settings: Settings, day: date, *, reach: Reach = EVERYONE,
                 now: datetime | None = None) -> DailyReport:
    """Per employee, the shifts that began on `day` in their zone: first entry, last exit, time worked
    (entry->exit pairs), and the number of the day's events; `pending_reviews` per person and for the day; each
    person's paid absences of the day beside them (absence_minutes, absence_kinds: as the timesheet reads them, on
    the person's own calendar day), and, after those with an event, by name, the people away that day or scheduled
    to work it (their work schedule, employed that day) with no event (0 worked). Each person's day measured against
    their schedule (schedules.measure_day; `now`: the clock a no-show of today is judged by, default the real one).
    `reach`: a scoped reviewer's (department_scope.py) people only, and their pending events only."""
    period = _Period(day, day, settings.report_timezone)
    now = now or datetime.now(UTC)
    with db.transaction() as cur:
        repository.read_one_snapshot(cur)
        people, pending = _worked(cur, settings, period, departments=reach.sql)
        # Away that day (a paid absence) or scheduled to work it, and otherwise not listed: listed too, with nothing
        # worked, their day in the zone they held when it began (as a timesheet day without events).
        others = {row["employee_id"]: row for row in [
            *repository.people_absent(cur, first=day, last=day, departments=reach.sql),
            *repository.people_scheduled(cur, weekday=day.isoweekday(),
                                         employed=day_bounds(day, settings.report_timezone), departments=reach.sql)]
            if row["employee_id"] not in people}
        away = sorted(others.values(), key=lambda row: (row["full_name"], str(row["employee_id"])))
        if away:
            people.update(_worked(cur, settings, period, employee_ids=[row["employee_id"] for row in away],
                                  listed=away)[0])
        absent = _absences_by_day(repository.absences_of(cur, employee_ids=list(people), first=day, last=day))
        # Each scheduled person's shift that day in their zone, and its window's events and their employment at its
        # start, in one statement for all of them (schedules.shift_window; a day beyond the dates: not scheduled).
        # The weekdays before and after bound each window (neighbouring shifts share no event).
        weekdays = [(day.isoweekday() + offset - 1) % 7 + 1 for offset in (-1, 0, 1)]
        plans = {key: schedules.ScheduledDay(row["starts_at"], row["ends_at"], row["late_grace_minutes"])
                 for key, row in repository.schedule_days_of(cur, list(people), weekdays).items()}
        scheduled = {person: plan for (person, weekday), plan in plans.items() if weekday == weekdays[1]}
        windows = {person: schedules.shift_window(plan, day, people[person]["days"][0]["timezone"],
                                                  previous=plans.get((person, weekdays[0])),
                                                  following=plans.get((person, weekdays[2])))
                   for person, plan in scheduled.items()}
        shifts = repository.shift_events(cur, [(person, window.start, window.opens, window.closes)
                                               for person, window in windows.items() if window is not None])
        lock = repository.pay_period_lock(cur)
        differ = close_settings.settings_differ(lock, settings, first_day=day)  # only a closed day's figures
        withdrawn = _withdrawn_days(period, people, repository.face_id_withdrawals(cur, employee_ids=list(people))
                                    if people else [])
    items = [DailyAttendance(employee_id=person["employee_id"], full_name=person["full_name"],
                             department=person["department"], employee_number=person["employee_number"],
                             email=person["email"],
                             timezone_unavailable=person["employee_id"] in period.unavailable,
                             face_id_withdrawn=any(withdrawn.get(person["employee_id"], [False])),
                             **_with_minutes(person["days"][0]),
                             **absent.get((person["employee_id"], day), _NO_ABSENCE),
                             **_measured(person, day, scheduled, windows, shifts, absent, now))
             for person in people.values()]
    return DailyReport(date=day.isoformat(), timezone=settings.report_timezone, items=items,
                       pending_reviews=pending[0], settings_differ=differ,
                       late=sum(1 for item in items if item.late_minutes), no_shows=sum(item.no_show for item in items))


def _measured(person: dict, day: date, scheduled: dict, windows: dict, shifts: dict, absent: dict,
              now: datetime) -> dict:
    """The person's day (the report's only) against their work schedule that weekday (schedules.measure_day): the
    events of its shift's window, not of the calendar day."""
    employee_id = person["employee_id"]
    shift = shifts.get(employee_id, {"employed": False, "events": []})
    return schedules.measure_day(scheduled.get(employee_id), windows.get(employee_id), events=shift["events"],
                                 employed=shift["employed"],
                                 absence_minutes=absent.get((employee_id, day), _NO_ABSENCE)["absence_minutes"],
                                 now=now)


def check_period(date_from: date, date_to: date) -> None:
    """A period's days as every period route takes them: 422 invalid_date_range when backwards, date_range_too_long
    over TIMESHEET_MAX_DAYS."""
    if date_from > date_to:
        raise FacePassError("date_from is after date_to.", code="invalid_date_range", status=422)
    if (date_to - date_from).days + 1 > TIMESHEET_MAX_DAYS:
        raise FacePassError(f"A period covers at most {TIMESHEET_MAX_DAYS} days.", code="date_range_too_long",
                            status=422)


def timesheet(db: Database, settings: Settings, date_from: date, date_to: date, *, employee_id: UUID | None = None,
              cursor: str | None = None, limit: int = 100, reach: Reach = EVERYONE) -> Timesheet:
    """A pay period's days (at most TIMESHEET_MAX_DAYS), per employee of the period (repository.people_in_period:
    everyone active at some instant of it, with 0 where they have no time, and anyone with an event in it), by
    name, a page of `limit` people at a time: every day's figures as the daily report gives them, and the totals
    payroll signs.
    `pending_reviews` is the period's (the person's, with employee_id), whatever the page. `reach`: a scoped
    reviewer's (department_scope.py) people only (another person's employee_id answers as an unknown one's), and
    their pending events only.
    The pages are keyed on the person's name as it is now: a later page's cursor carries the watermark of the first
    (repository.report_watermark: the changes that move people in the order or in or out of the list, and the
    payroll closes and reopens), and a page whose watermark moved since is 409 `timesheet_changed` (start again)
    rather than a page that skips or repeats someone, or that reads another closed_through than the pages before it.
    A punch recorded meanwhile does not: every person's row is whole on the page it is on."""
    check_period(date_from, date_to)
    period = _Period(date_from, date_to, settings.report_timezone)
    scope = cursor_scope("GET /attendance/timesheet", date_from=date_from, date_to=date_to, employee_id=employee_id)
    after = decode_name_cursor(cursor, UUID, scope=scope) if cursor else None
    with db.transaction() as cur:
        repository.read_one_snapshot(cur)  # the people listed are those whose figures are read
        # Read when there is a page before or after this one (the same snapshot whenever read): an only page reads none.
        watermark = _watermark(cur, period, reach) if after else None
        if after is not None and after[2] != watermark:
            raise Conflict("People were renamed, added or (de)activated, or payroll was closed or reopened, since the "
                           "first page was read: these pages no longer go together. Start again from the first page.",
                           code="timesheet_changed")
        employee_id = department_scope.person_filter(cur, reach, employee_id)
        zones = {settings.report_timezone, *repository.time_zones_in_period(cur, start=period.start,
                                                                             end=period.end)}
        # Only the zones of people with an event then; one that does not load: the report zone's window.
        windows = {zone: (period.days(period.usable(zone)).start, period.days(period.usable(zone)).end)
                   for zone in sorted(zones)}
        listed = repository.people_in_period(cur, windows=windows, report_zone=settings.report_timezone,
                                             widest=(period.start, period.end), employee_id=employee_id,
                                             after=after[:2] if after else None,
                                             limit=limit + 1,
                                             employed=(day_bounds(date_from, settings.report_timezone)[0],
                                                       day_bounds(date_to, settings.report_timezone)[1]),
                                             days=(date_from, date_to),
                                             departments=reach.sql)
        page = listed[:limit]
        if len(listed) > limit and watermark is None:
            watermark = _watermark(cur, period, reach)
        people, _ = _worked(cur, settings, period, employee_ids=[person["employee_id"] for person in page],
                            listed=page)
        pending_ids = _pending_total(cur, settings, period, employee_id, departments=reach.sql)
        withdrawn = _withdrawn_days(period, people, repository.face_id_withdrawals(
            cur, employee_ids=[person["employee_id"] for person in page]) if page else [])
        lock = repository.pay_period_lock(cur)  # as read with the figures
        closed_through = lock["closed_through"]
        differ = close_settings.settings_differ(lock, settings, first_day=date_from)  # the days shown reach them
        compared, signed = repository.signed_minutes(cur, employee_ids=[person["employee_id"] for person in page],
                                                     first=date_from, last=date_to, closed_through=closed_through)
        absent = _absences_by_day(repository.absences_of(
            cur, employee_ids=[person["employee_id"] for person in page], first=date_from, last=date_to))
    signed_days = [index for index, day in enumerate(period.dates) if day in compared]
    rows = []
    for listed_person in page:
        person = people[listed_person["employee_id"]]  # every person listed has a row (0 without time)
        # Paid absences beside the worked time (not in it, nor in the overtime _overtime counts from it).
        figures = [{**_with_minutes(day), **absent.get((person["employee_id"], period.dates[index]), _NO_ABSENCE)}
                   for index, day in enumerate(person["days"])]
        was = [signed.get((person["employee_id"], period.dates[index]), (0, 0))[0] for index in signed_days]
        now = [figures[index]["worked_minutes"] for index in signed_days]
        rows.append(TimesheetRow(
            employee_id=person["employee_id"], full_name=person["full_name"], department=person["department"],
            employee_number=person["employee_number"], email=person["email"], timezone=person["timezone"],
            timezone_unavailable=person["employee_id"] in period.unavailable,
            face_id_withdrawn=any(withdrawn.get(person["employee_id"], [False])),
            days=[TimesheetDay(date=day.isoformat(), **figure) for day, figure in zip(period.dates, figures,
                                                                                      strict=True)],
            worked_seconds=sum(figure["worked_seconds"] for figure in figures),
            worked_minutes=sum(figure["worked_minutes"] for figure in figures),
            days_worked=sum(figure["worked_minutes"] > 0 for figure in figures),
            manual_minutes=sum(figure["manual_minutes"] for figure in figures),
            days_with_manual_punches=sum(figure["manual_minutes"] > 0 for figure in figures),
            days_without_exit=sum(figure["open_shift"] for figure in figures),
            days_without_entry=sum(figure["exit_without_entry"] for figure in figures),
            absence_minutes=sum(figure["absence_minutes"] for figure in figures),
            pending_reviews=sum(figure["pending_reviews"] for figure in figures),
            pending_event_ids=_pending_ids_of(person),
            signed_minutes=sum(was) if signed_days else None,
            signed_days_minutes_now=sum(now) if signed_days else None,
            changed_since_signed=was != now,
            **_overtime(period.dates, figures, settings)))
    next_cursor = (encode_name_cursor(page[-1]["full_name"], page[-1]["employee_id"], watermark, scope=scope)
                   if len(listed) > limit else None)
    return Timesheet(date_from=date_from.isoformat(), date_to=date_to.isoformat(),
                     timezone=settings.report_timezone, items=rows, pending_reviews=len(pending_ids),
                     pending_event_ids=pending_ids[:REVIEW_IDS_MAX],
                     next_cursor=next_cursor, closed_through=closed_through, settings_differ=differ,
                     weekly_overtime_minutes=settings.weekly_overtime_minutes, week_start=settings.week_start)


_NO_ABSENCE = {"absence_minutes": 0, "absence_kinds": []}


def _absences_by_day(rows: list[dict]) -> dict[tuple[UUID, date], dict]:
    """(person, day) -> the day's absence_minutes (their kinds' sum) and absence_kinds (in the order read)."""
    days: dict[tuple[UUID, date], dict] = {}
    for row in rows:
        day = days.setdefault((row["employee_id"], row["day"]), {"absence_minutes": 0, "absence_kinds": []})
        day["absence_minutes"] += row["minutes"]
        day["absence_kinds"].append(row["kind"])
    return days


def week_of(day: date, week_start: str) -> date:
    """The first day of the week (starting on week_start) holding day."""
    return day - timedelta(days=(day.weekday() - WEEK_DAYS.index(week_start)) % 7)


def _overtime(dates: list[date], figures: list[dict], settings: Settings) -> dict:
    """A row's weeks (TimesheetWeek), its overtime over the complete ones (None when none is counted) and the worked
    minutes of the weeks the period cuts: a week's overtime needs all its days, and a guess from part of them would be
    paid twice or never once the next period is read."""
    threshold = settings.weekly_overtime_minutes
    weeks = []
    for start, days in itertools.groupby(zip(dates, figures, strict=True),
                                         key=lambda pair: week_of(pair[0], settings.week_start)):
        minutes = [figure["worked_minutes"] for _, figure in days]
        worked, complete = sum(minutes), len(minutes) == 7
        weeks.append(TimesheetWeek(week_start=start.isoformat(), days_in_period=len(minutes), worked_minutes=worked,
                                   overtime_minutes=max(0, worked - threshold) if threshold and complete else None))
    if not threshold:
        return {"weeks": weeks, "overtime_minutes": None, "incomplete_weeks_minutes": None}
    measured = [week.overtime_minutes for week in weeks if week.overtime_minutes is not None]
    # null, not 0, when no week is complete: "no overtime" would be a figure nobody measured
    return {"weeks": weeks, "overtime_minutes": sum(measured) if measured else None,
            "incomplete_weeks_minutes": sum(week.worked_minutes for week in weeks if week.overtime_minutes is None)}


def _watermark(cur, period: _Period, reach: Reach) -> str:
    """The cursor's form of repository.report_watermark, with a scoped reviewer's own departments (an admin changing
    them between pages changes whom the pages list): short; a digest, not a secret."""
    employed = day_bounds(period.first, period.report_zone)[0], day_bounds(period.last, period.report_zone)[1]
    raw = repository.report_watermark(cur, since=period.start, until=period.end, days=(period.first, period.last),
                                      employed=employed, scoped=reach.scoped)
    scope = "|".join(sorted(reach.departments)) if reach.departments is not None else "*"
    return hashlib.sha256(f"{raw}/{scope}".encode()).hexdigest()[:16]


def undecided_reach(settings: Settings, last: date) -> datetime:
    """The instant before which every event undecided_days(…, last) reads lies: a day's events in any zone, and an
    exit (or one awaiting review) up to a whole shift after them, which may close a shift begun on it."""
    return moved(day_bounds(last, "UTC")[1], ZONE_REACH + timedelta(hours=settings.max_shift_hours))


def _pairs_with(events: list[dict], punch: dict, longest: timedelta, double_press: timedelta) -> dict | None:
    """The counted event a punch awaiting review (`punch`) would pair with were it counted, among one person's counted
    `events` (time order), paired as the reports pair them (_shift_events): its shift's other side; None when it
    would pair with none (a double press, a shift too long)."""
    position = _insert_position(events, punch)
    with_it = [*events[:position], punch, *events[position:]]
    for entry, exit_ in _shift_events(with_it, longest, double_press):
        if entry is punch:
            return exit_
        if exit_ is punch:
            return entry
    return None


def open_correction_items(cur, first: date | None, last: date) -> list[dict]:
    """undecided_days' `open_correction` items: the open correction requests about the days [first, last] (`first`
    None: every day up to `last`), one per request, on its day (the person's own, as they filed it)."""
    return [{"date": row["day"], "employee_id": row["employee_id"], "full_name": row["full_name"],
             "kind": "open_correction", "count": 1, "event_ids": [], "correction_id": row["id"]}
            for row in repository.open_corrections_on_days(cur, first, last)]


def undecided_days(cur, settings: Settings, first: date, last: date, *, signed: list[dict] | None = None,
                   requests_before: bool = False) -> list[dict]:
    """What the days [first, last] (a close's newly closed days) still hold undecided, as the
    timesheet places it (each person's days in their zone), per person and day, each undecided punch once:
    - `pending_review` (with `count` and `event_ids`): events awaiting review, on the day they would change
      (_pending_day). Nobody's on the earliest of these days it is on in any zone people hold (reassigned, it would
      be on its new person's day there): a punch at 02:00 UTC is the evening before for a Los Angeles employee.
    - `without_exit`: a day with a shift no exit closes, on its entry's day, unless a punch awaiting review is the
      exit of that same shift (paired as the reports pair: _pairs_with; that is the pending review). Another shift
      left open on the day still counts.
    - `without_entry`: a day with an exit closing no shift, on the exit's own day (in the person's zone then): it is
      weighed by the close whose newly closed days include that day, and by no other; unless a punch awaiting review
      is the entry of that same shift (the pending review, when it is on a day being closed: one on a closed day is
      counted by no close, so the exit is weighed). A night's 06:00 exit whose 22:00 entry on a closed day was left
      pending or rejected is weighed once by the close of its morning (forced, or fixed by an entry).
    - `without_time` (`count`: days): a person whose Face ID was withdrawn (withdrawn_spans: their time typed by HR)
      at some instant of these days, without one counted punch on the days they were: once per person, on the first
      of these days they were withdrawn.
    - `open_correction` (with `correction_id`): a correction request (self-service) nobody answered yet about one of
      these days, one per request. Its day is the person's own (in their zone, as they filed it: the timesheet's
      day): the request's day itself, no instant to place. `requests_before` (a first close, which closes every day
      before `first` too): those about any day up to `last`.
    By day, then name. Read a timesheet's span at a time (TIMESHEET_MAX_DAYS).
    `signed` (a list, a close's): filled with what the days pay, read with the same figures, per person and day with
    time (employee_id, day, worked_minutes, manual_minutes: _with_minutes, the timesheet's figures)."""
    longest = timedelta(hours=settings.max_shift_hours)
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)
    report_zone = settings.report_timezone
    wide_start = moved(day_bounds(first, "UTC")[0], -(ZONE_REACH + longest))
    wide_end = undecided_reach(settings, last)
    pending = repository.pending_reviews_between(cur, start=wide_start, end=wide_end)
    pending_of: dict[UUID, list[dict]] = {}
    for row in pending:
        if row["employee_id"] is not None:
            pending_of.setdefault(row["employee_id"], []).append(row)

    found: list[dict] = []
    # People whose Face ID was withdrawn (time typed by HR) at some instant of these days: each read with the days
    # even without an event; the days they were withdrawn and whether one of them holds a counted punch.
    everyone = repository.face_id_withdrawals(cur)
    spans_of = {history["employee_id"]: withdrawn_spans(history) for history in everyone}
    histories = [history for history in everyone
                 if withdrawn_on(spans_of[history["employee_id"]], wide_start, wide_end)]
    listed = [{key: history[key] for key in ("employee_id", "full_name", "department")} for history in histories]
    withdrawn_days: dict[UUID, list[date]] = {}
    with_time: set[UUID] = set()
    # Nobody's: on every day it is on in a zone people hold; counted on the first of these days being closed.
    zones = sorted({report_zone, *(usable_zone(zone, report_zone)[0] for zone in repository.time_zones_held(cur))})
    nobody: dict[date, list[int]] = {}
    for row in pending:
        if row["employee_id"] is not None:
            continue
        days = sorted(day for day in {event_date(zone, row["occurred_at"]) for zone in zones} if first <= day <= last)
        if days:
            nobody.setdefault(days[0], []).append(row["id"])
    for day, ids in nobody.items():
        found.append({"date": day, "employee_id": None, "full_name": None, "kind": "pending_review",
                      "count": len(ids), "event_ids": sorted(ids)})

    start = first
    while start <= last:
        end = min(last, start + timedelta(days=TIMESHEET_MAX_DAYS - 1))
        period = _Period(start, end, report_zone)
        people, _ = _worked(cur, settings, period, listed=listed)
        for employee_id, flags in _withdrawn_days(period, people, histories).items():
            spans, events = spans_of[employee_id], people[employee_id]["events"]
            # A day they punched by face (before withdrawing, or after a new consent) is not HR's to type: the
            # day of the withdrawal after a day's work is paid already.
            by_face = {period.index_at(employee_id, event["occurred_at"]) for event in events
                       if not withdrawn_at(spans, event["occurred_at"])}
            days = [index for index, withdrawn in enumerate(flags) if withdrawn and index not in by_face]
            withdrawn_days.setdefault(employee_id, []).extend(period.dates[index] for index in days)
            # Time typed in for them: a counted punch while withdrawn, on one of these days (not a face punch of
            # the morning before they withdrew, nor one after a new consent, on the same day).
            if any(withdrawn_at(spans, event["occurred_at"])
                   and period.index_at(employee_id, event["occurred_at"]) in days for event in events):
                with_time.add(employee_id)
        if signed is not None:
            signed += [{"employee_id": person["employee_id"], "day": day, "worked_minutes": figures["worked_minutes"],
                        "manual_minutes": figures["manual_minutes"]}
                       for person in people.values()
                       for day, figures in zip(period.dates, map(_with_minutes, person["days"]), strict=True)
                       if figures["worked_minutes"] > 0]
        for person in people.values():
            employee_id = person["employee_id"]

            def item(day: date, kind: str, count: int = 1, ids: list[int] | None = None,
                     person: dict = person) -> dict:
                return {"date": day, "employee_id": person["employee_id"], "full_name": person["full_name"],
                        "kind": kind, "count": count, "event_ids": sorted(ids or [])}

            # The counted punches a punch of the person's awaiting review would pair with: its shift's missing side.
            # An entry awaiting review on a day already closed is counted by no close (it sits on its own day): the
            # exit it would pair with is then still missing here, weighed as one.
            # Only the pending punches a shift's length from this span's read can pair with its events.
            near = [row for row in pending_of.get(employee_id, [])
                    if moved(period.start, -longest) <= row["occurred_at"] <= moved(period.end, longest)]
            completed = [partner for row in near
                         if (partner := _pairs_with(person["events"], row, longest, double_press)) is not None
                         and (row["event_type"] != "entry" or event_date(
                             period.zone_at(employee_id, row["occurred_at"]), row["occurred_at"]) >= first)]
            completed_ids = {partner["id"] for partner in completed}
            completed_at = {partner["occurred_at"] for partner in completed if partner["event_type"] == "exit"}
            for index, day in enumerate(period.dates):
                figures = person["days"][index]
                if figures["pending_reviews"]:
                    found.append(item(day, "pending_review", figures["pending_reviews"],
                                      person["pending_ids"].get(index)))
                if any(entry_id not in completed_ids for entry_id in person["open_entries"].get(index, [])):
                    found.append(item(day, "without_exit"))
            lone_days = {period.dates[index] for at in person["lone_exits"]
                         if at not in completed_at and (index := period.index_at(employee_id, at)) is not None}
            found += [item(day, "without_entry") for day in sorted(lone_days)]
        start = end + timedelta(days=1)
    # "That's wrong" before payroll closes: an open correction request about a day being closed.
    found += open_correction_items(cur, None if requests_before else first, last)
    # Withdrawn, and not one counted punch on the days they were: nobody typed their time in. Once per person, on
    # the first such day; `count`, how many days.
    for history in histories:
        days = withdrawn_days.get(history["employee_id"])
        if days and history["employee_id"] not in with_time:
            found.append({"date": days[0], "employee_id": history["employee_id"], "full_name": history["full_name"],
                          "kind": "without_time", "count": len(days), "event_ids": []})
    return sorted(found, key=lambda item: (item["date"], item["full_name"] is None, item["full_name"] or "",
                                           str(item["employee_id"]), item["kind"], item.get("correction_id", 0)))


# --- CSV ---------------------------------------------------------------------------------------

# How a CSV is written: "excel" (the default: `,` between cells, `.` in decimals, no byte order mark: what every
# consumer has always read, byte for byte) or "excel-semicolon", for a spreadsheet in a locale whose decimal separator
# is a comma (German, Russian, French Excel): `;` between cells, `,` in decimals, and a UTF-8 byte order mark, without
# which Excel reads the file in the ANSI code page (Cyrillic names garbled).
BYTE_ORDER_MARK = "\ufeff"


class ExcelSemicolon(csv.excel):
    """Python's csv dialect of "excel-semicolon" (what a test or a script reads it with)."""

    delimiter = ";"


csv.register_dialect("excel-semicolon", ExcelSemicolon)


class CsvSheet:
    """A CSV being written in one dialect: rows, and decimals in its separator."""

    def __init__(self, dialect: CsvDialect = "excel") -> None:
        self.dialect = dialect
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, dialect=dialect)

    def row(self, cells: list) -> None:
        self.writer.writerow(cells)

    def decimal(self, value: float, places: int) -> str:
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.dialect == "excel-semicolon" else text

    def text(self) -> str:
        return (BYTE_ORDER_MARK if self.dialect == "excel-semicolon" else "") + self.buffer.getvalue()


# Where a spreadsheet may start a cell inside this one: a file opened with the other dialect's separator than the one
# it was written with (English Excel double-clicking a `;` file, German Excel a `,` one) splits a name there, and
# quoting does not stop it (a quote mid-cell is text). The part after such a separator is defended like a cell's start.
_CELL_BREAK = re.compile(r'(^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])')


def spreadsheet_cell(text: str) -> str:
    """Names are user input: a leading = + - @ would run as a formula in a spreadsheet, and so would one after a
    `,` or `;` in a file opened with that separator (`Lee,=1+1`), or at the start of a line of a multi-line note (a
    file opened with the other separator ends the record at the line break): such a part starts with `'`, as the
    cell does."""
    return _CELL_BREAK.sub(lambda m: m.group(1) + m.group(2) + "'", text)


def wall_clock(moment: datetime | None, zone: str) -> str:
    """An instant as the zone's wall clock, with its offset: the zone the row (or the report) names."""
    return moment.astimezone(ZoneInfo(zone)).isoformat() if moment else ""


def daily_csv(report: DailyReport, dialect: CsvDialect = "excel") -> str:
    sheet = CsvSheet(dialect)
    sheet.row(["date", "employee_id", "full_name", "department", "first_in", "last_out", "worked_seconds",
               "worked_minutes", "events", "pending_reviews", "open_shift", "exit_without_entry",
               "ends_night_shift", "timezone", "timezone_unavailable", "manual_minutes", "face_id_withdrawn",
               "settings_differ", "employee_number", "email", "absence_minutes", "absence_kinds",
               "scheduled_start", "scheduled_end", "scheduled_minutes", "late_minutes", "left_early_minutes",
               "no_show"])
    # Each person's times as their own zone's wall clock; new columns go last (readers by position keep working):
    # absence_minutes (paid absences, not in worked_minutes) and absence_kinds, the kinds joined with a space.
    for item in report.items:
        sheet.row([report.date, item.employee_id, spreadsheet_cell(item.full_name),
                   spreadsheet_cell(item.department or ""), wall_clock(item.first_in, item.timezone),
                   wall_clock(item.last_out, item.timezone), item.worked_seconds, item.worked_minutes,
                   item.events, item.pending_reviews, str(item.open_shift).lower(),
                   str(item.exit_without_entry).lower(), str(item.ends_night_shift).lower(), item.timezone,
                   str(item.timezone_unavailable).lower(), item.manual_minutes,
                   str(item.face_id_withdrawn).lower(), str(report.settings_differ).lower(),
                   spreadsheet_cell(item.employee_number or ""), spreadsheet_cell(item.email or ""),
                   item.absence_minutes, " ".join(item.absence_kinds),
                   # the work schedule's measure of the day (empty: null)
                   item.scheduled_start or "", item.scheduled_end or "", item.scheduled_minutes,
                   "" if item.late_minutes is None else item.late_minutes,
                   "" if item.left_early_minutes is None else item.left_early_minutes, str(item.no_show).lower()])
    return sheet.text()


def timesheet_csv(sheet: Timesheet, dialect: CsvDialect = "excel") -> str:
    """One row per employee, one column of minutes worked per day (whole numbers: they add up, and no decimal
    separator to misread), then the totals: the shape a payroll sheet has. total_hours is total_minutes / 60."""
    out = CsvSheet(dialect)
    first, last = date.fromisoformat(sheet.date_from), date.fromisoformat(sheet.date_to)
    dates = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    out.row(["employee_id", "full_name", "department", *dates, "total_minutes", "total_hours",
             "days_worked", "days_without_exit", "days_without_entry", "pending_reviews", "timezone",
             "day_timezones", "timezone_unavailable", "closed_through", "manual_minutes", "face_id_withdrawn",
             "signed_minutes", "changed_since_signed", "settings_differ", "employee_number", "email",
             "overtime_minutes", "incomplete_weeks_minutes", "absence_minutes"])
    closed = sheet.closed_through.isoformat() if sheet.closed_through else ""  # the pay-period lock
    differ = str(sheet.settings_differ).lower()  # closed under other report settings: as closed_through, every row
    # New columns go last (closed_through, manual_minutes, face_id_withdrawn, signed_minutes, changed_since_signed,
    # settings_differ, employee_number, email, overtime_minutes, incomplete_weeks_minutes, absence_minutes: paid
    # absences, not in total_minutes): readers by position keep working; a payroll import matches rows by
    # employee_number (or email), never by name.
    for row in sheet.items:  # the dates are days in the row's zone, named after the totals (new columns)
        out.row([row.employee_id, spreadsheet_cell(row.full_name), spreadsheet_cell(row.department or ""),
                 *(day.worked_minutes for day in row.days), row.worked_minutes,
                 out.decimal(row.worked_minutes / 60, 2), row.days_worked, row.days_without_exit,
                 row.days_without_entry, row.pending_reviews, row.timezone, day_zones(row),
                 str(row.timezone_unavailable).lower(), closed, row.manual_minutes,
                 str(row.face_id_withdrawn).lower(), "" if row.signed_minutes is None else row.signed_minutes,
                 str(row.changed_since_signed).lower(), differ, spreadsheet_cell(row.employee_number or ""),
                 spreadsheet_cell(row.email or ""), "" if row.overtime_minutes is None else row.overtime_minutes,
                 "" if row.incomplete_weeks_minutes is None else row.incomplete_weeks_minutes,
                 row.absence_minutes])
    return out.text()


def day_zones(row: TimesheetRow) -> str:
    """Empty when every day of the row is in its `timezone`; else the runs of days and their zone, in order
    (`2026-11-01..2026-11-15 Europe/Berlin; 2026-11-16..2026-11-30 America/New_York`): a change of zone within the
    period, each day in the zone held then."""
    if all(day.timezone == row.timezone for day in row.days):
        return ""
    runs = [list(run) for _, run in itertools.groupby(row.days, key=lambda day: day.timezone)]
    return "; ".join(f"{run[0].date}..{run[-1].date} {run[0].timezone}" for run in runs)
