"""The daily report's shifts on real PostgreSQL: a shift belongs to the day of its entry, night shifts included."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import attendance, employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database

DAY = date(2026, 3, 10)


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=UTC) + timedelta(days=day_offset)


def worker(services, events: list[tuple[datetime, str]], *, review_state: str = "none") -> uuid.UUID:
    """A person and their recognized events, as check-ins write them."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name=f"W {uuid.uuid4().hex[:6]}",
                                                                   email=f"{uuid.uuid4().hex}@x.io"))
    with services.db.transaction() as cur:
        for occurred_at, kind in events:
            repository.insert_attendance(cur, employee_id=person.id, occurred_at=occurred_at, event_type=kind,
                                         similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door", review_state=review_state)
    return person.id


def row(services, person: uuid.UUID, day: date = DAY):
    report = attendance.daily_report(services.db, services.settings, day)
    return next((item for item in report.items if item.employee_id == person), None)


def test_a_night_shift_counts_for_the_day_it_began(services):
    night = worker(services, [(at(0, 22), "entry"), (at(1, 6), "exit")])
    started = row(services, night)
    assert started.worked_seconds == 8 * 3600
    assert (started.first_in, started.last_out, started.events) == (at(0, 22), at(1, 6), 1)
    ended = row(services, night, DAY + timedelta(days=1))  # its exit closes the day before's shift: nothing here
    assert (ended.worked_seconds, ended.first_in, ended.last_out, ended.events) == (0, None, None, 1)


def test_day_shifts_either_side_of_a_night_shift_are_each_counted_once(services):
    person = worker(services, [(at(-1, 22), "entry"), (at(0, 6), "exit"),  # the night before, ending this morning
                               (at(0, 9), "entry"), (at(0, 12), "exit"), (at(0, 13), "entry"), (at(0, 17), "exit"),
                               (at(0, 23), "entry"), (at(1, 5), "exit")])  # tonight's
    today = row(services, person)
    assert today.worked_seconds == (3 + 4 + 6) * 3600
    assert (today.first_in, today.last_out, today.events) == (at(0, 9), at(1, 5), 6)
    assert row(services, person, DAY - timedelta(days=1)).worked_seconds == 8 * 3600


def test_a_forgotten_exit_counts_nothing_and_does_not_swallow_the_next_shift(services):
    person = worker(services, [(at(0, 8), "entry"),  # no exit today
                               (at(1, 8), "entry"), (at(1, 16), "exit")])
    today = row(services, person)
    assert (today.worked_seconds, today.first_in, today.last_out) == (0, at(0, 8), None)
    tomorrow = row(services, person, DAY + timedelta(days=1))
    assert (tomorrow.worked_seconds, tomorrow.first_in, tomorrow.last_out) == (8 * 3600, at(1, 8), at(1, 16))


def test_a_double_entry_counts_from_the_first_within_the_repeat_window_and_from_the_second_after(services):
    # Within the check-in's repeat window (120 s) the second entry is a double press; later, the first one had a
    # forgotten exit (a check-in would not have folded them either).
    pressed_twice = worker(services, [(at(0, 8), "entry"), (at(0, 8, 1), "entry"), (at(0, 16), "exit")])
    assert row(services, pressed_twice).worked_seconds == 8 * 3600
    came_back = worker(services, [(at(0, 8), "entry"), (at(0, 8, 30), "entry"), (at(0, 16), "exit")])
    assert row(services, came_back).worked_seconds == 7.5 * 3600


def test_an_exit_longer_than_a_shift_after_the_entry_closes_nothing(services):
    person = worker(services, [(at(0, 6), "entry"), (at(0, 6) + timedelta(hours=services.settings.max_shift_hours,
                                                                           minutes=1), "exit")])
    assert row(services, person).worked_seconds == 0


def test_events_awaiting_review_are_not_shifts(services):
    person = worker(services, [(at(0, 22), "entry"), (at(1, 6), "exit")], review_state="pending")
    assert row(services, person).pending_reviews == 1
    assert row(services, person).worked_seconds == 0


def test_a_forgotten_evening_exit_does_not_swallow_the_next_mornings_shift(services):
    # Back at 17:00 for a short job, no exit; the next day a normal 07:00-15:00 shift.
    person = worker(services, [(at(0, 17), "entry"), (at(1, 7), "entry"), (at(1, 15), "exit")])
    assert row(services, person, DAY + timedelta(days=1)).worked_seconds == 8 * 3600
    assert row(services, person).worked_seconds == 0


def test_the_report_does_not_depend_on_events_more_than_a_shift_before_the_day(services):
    # 07:00 the day before lies outside what the report reads for today (a shift's length before it).
    person = worker(services, [(at(-1, 7), "entry"), (at(-1, 9), "entry"), (at(0, 0, 30), "entry"), (at(0, 8), "exit")])
    assert row(services, person).worked_seconds == 7.5 * 3600
