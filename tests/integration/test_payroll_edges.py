"""Payroll figures at their edges (from a review of the reports): what the listing calls counted, minutes of
several shifts, an offline press that arrives late, a flagged exit after a closed night shift. Real PostgreSQL,
real models for the check-ins."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import attendance, employees, reports
from facepass.schemas import EmployeeCreate
from tests.conftest import (
    CONSENTED,
    enrolled_a_week_ago,
    fixture_bytes,
    fresh_database,
    kiosk_paired_days_ago,
    kiosk_punch,
)

DAY = date(2026, 3, 10)


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "payroll_" + uuid.uuid4().hex[:10])


def at(hour: int, minute: int = 0, second: float = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=UTC) + timedelta(seconds=second)


def person(services, name: str | None = None) -> uuid.UUID:
    return employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
        full_name=name or f"W {uuid.uuid4().hex[:6]}", email=f"{uuid.uuid4().hex}@example.com")).id


def punch(services, who, when, kind, *, state="none", repeat_of=None) -> dict:
    return kiosk_punch(services, who, when, kind, state=state, repeat_of=repeat_of)


def daily_row(services, who, day=DAY):
    report = reports.daily_report(services.db, services.settings, day)
    return next((item for item in report.items if item.employee_id == who), None)


def test_the_counted_listing_lists_exactly_what_the_daily_report_counts_repeats_included(api, services):
    # Two double presses, stored as repeats: the report counts two events, so must `counted=true`; the repeats are
    # listed under counted=false.
    who = person(services)
    entry = punch(services, who, at(8), "entry")
    punch(services, who, at(8, 0, 40), "entry", repeat_of=entry["id"])
    exit_ = punch(services, who, at(17), "exit")
    punch(services, who, at(17, 0, 30), "exit", repeat_of=exit_["id"])
    assert daily_row(services, who).events == 2

    def listed(counted: str) -> list[int]:
        query = f"date_from={DAY}&date_to={DAY}&employee_id={who}&counted={counted}"
        return [item["id"] for item in api.get("/attendance", query=query).json()["items"]]

    assert listed("true") == [entry["id"], exit_["id"]]
    assert len(listed("false")) == 2


def test_worked_minutes_is_the_days_time_to_the_nearest_minute(services):
    # 1 h 0 min 10.6 s + 1 h 0 min 19.6 s = 120.503 min: 121, not the 120 of each shift's seconds cut first.
    who = person(services)
    for entry, exit_ in [(at(8), at(9, 0, 10.6)), (at(10), at(11, 0, 19.6))]:
        punch(services, who, entry, "entry")
        punch(services, who, exit_, "exit")
    got = daily_row(services, who)
    assert (got.worked_seconds, got.worked_minutes) == (7230, 121)


def test_a_flagged_exit_after_a_closed_night_shift_warns_its_own_day_and_period(services):
    # The night of Mar 31 closed at 06:00; the 13:00 exit awaiting review cannot change it: it is April 1's (whose
    # entry was never taken), and April's timesheet must say so, not March's.
    who = person(services)
    punch(services, who, datetime(2026, 3, 31, 22, tzinfo=UTC), "entry")
    punch(services, who, datetime(2026, 4, 1, 6, tzinfo=UTC), "exit")
    punch(services, who, datetime(2026, 4, 1, 13, tzinfo=UTC), "exit", state="pending")
    april = reports.timesheet(services.db, services.settings, date(2026, 4, 1), date(2026, 4, 30), employee_id=who)
    march = reports.timesheet(services.db, services.settings, date(2026, 3, 1), date(2026, 3, 31), employee_id=who)
    first = reports.daily_report(services.db, services.settings, date(2026, 4, 1))
    assert (march.pending_reviews, april.pending_reviews, first.pending_reviews) == (0, 1, 1)
    assert daily_row(services, who, date(2026, 4, 1)).pending_reviews == 1
    assert april.items[0].days[0].pending_reviews == 1 and march.items[0].days[30].pending_reviews == 0
    # A flagged exit inside the shift, or a double press of its exit, still warns the night it would change.
    punch(services, who, datetime(2026, 4, 1, 5, tzinfo=UTC), "exit", state="pending")
    punch(services, who, datetime(2026, 4, 1, 6, 0, 30, tzinfo=UTC), "exit", state="pending")
    march = reports.timesheet(services.db, services.settings, date(2026, 3, 1), date(2026, 3, 31), employee_id=who)
    assert march.pending_reviews == 2 and march.items[0].days[30].pending_reviews == 2


def test_a_late_offline_press_before_a_live_one_counts_from_the_first_press(services):
    # A kiosk offline at 07:58:30 and another online at 08:00: whichever arrives first, the entry counts from the
    # first press (before, the late capture was stored as a repeat of the later live press and left out).
    obama = enrolled_a_week_ago(services, "Barack Obama", f"{uuid.uuid4().hex}@example.com",
                                "identities/fr_obama/train_obama.jpg")
    device = kiosk_paired_days_ago(services)
    live_at = (datetime.now(UTC) - timedelta(hours=3)).replace(minute=30, second=0, microsecond=0)
    live, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                           data=fixture_bytes("identities/fr_obama/test_obama1.jpg"),
                                           event_type="entry", device_id=device, now=live_at)
    assert status == 201 and live.event.review_state == "none", live
    late, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                           data=fixture_bytes("identities/fr_obama/obama3.jpg"), event_type="entry",
                                           device_id=device, now=live_at + timedelta(hours=1),
                                           captured_at=live_at - timedelta(seconds=90))
    assert status == 201 and not late.repeated and late.event.repeat_of is None
    got = daily_row(services, obama, live_at.date())
    assert got.first_in == live_at - timedelta(seconds=90) and got.events == 2


def test_a_days_seconds_and_minutes_agree(services):
    # 89.5 s is 90 s to the second, and so 2 min by the half-minute-up rule: never 90 s beside 1 min.
    who = person(services)
    punch(services, who, at(8), "entry")
    punch(services, who, at(8, 1, 29.5), "exit")
    got = daily_row(services, who)
    assert (got.worked_seconds, got.worked_minutes) == (90, 2)
