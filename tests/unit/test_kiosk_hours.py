"""FACEPASS_KIOSK_HOURS: when kiosks are expected to be on, parsed once at cold start and asked in each kiosk's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from facepass.config import Settings
from facepass.kiosk_hours import KioskHours

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """November 2026 in Berlin (the 30th is a Monday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def test_empty_is_always_and_the_forms_parse():
    assert KioskHours.parse("") is None and KioskHours.parse("  ") is None
    weekdays = KioskHours.parse("Mon-Fri 07:00-19:00")
    assert weekdays.days == frozenset(range(5)) and (weekdays.start.hour, weekdays.end.hour) == (7, 19)
    assert KioskHours.parse("07:00-19:00").days == frozenset(range(7))
    assert KioskHours.parse("Fri-Mon 06:00-24:00").days == frozenset({4, 5, 6, 0})  # a range across the week's end
    assert KioskHours.parse("mon,wed,Fri 08:30-12:00").days == frozenset({0, 2, 4})


@pytest.mark.parametrize("text", ["7-19", "Mon-Fri", "Mon-Fri 07:00", "Xyz 07:00-19:00", "25:00-26:00",
                                  "07:60-19:00", "07:00-07:00", "24:00-06:00", "Mon-Fri  07:00-19:00 extra"])
def test_bad_hours_are_refused_at_cold_start_saying_why(text):
    with pytest.raises(ValueError):
        KioskHours.parse(text)
    with pytest.raises(ValidationError, match="kiosk_hours"):
        Settings(kiosk_hours=text)


def test_expected_since_is_the_start_of_the_span_now_lies_in():
    weekdays = KioskHours.parse("Mon-Fri 07:00-19:00")
    assert weekdays.expected_since(at(30, 7, 10), "Europe/Berlin") == at(30, 7)
    assert weekdays.expected_since(at(30, 6, 59), "Europe/Berlin") is None
    assert weekdays.expected_since(at(30, 19), "Europe/Berlin") is None  # the end is not in it
    assert weekdays.expected_since(at(28, 12), "Europe/Berlin") is None  # Saturday
    # In the kiosk's zone: 07:10 in Berlin is 01:10 in New York.
    assert weekdays.expected_since(at(30, 7, 10), "America/New_York") is None
    assert weekdays.expected_since(at(30, 13, 10).astimezone(UTC), "America/New_York") == datetime(
        2026, 11, 30, 7, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_night_span_runs_past_midnight_and_belongs_to_the_day_it_begins():
    nights = KioskHours.parse("Mon-Fri 22:00-06:00")
    assert nights.expected_since(at(30, 23), "Europe/Berlin") == at(30, 22)  # Monday night
    assert nights.expected_since(at(28, 3), "Europe/Berlin") == at(27, 22)  # Friday's night, on Saturday
    assert nights.expected_since(at(29, 3), "Europe/Berlin") is None  # Saturday's night: not expected
    assert nights.expected_since(at(30, 12), "Europe/Berlin") is None
    whole = KioskHours.parse("Sat 00:00-24:00")
    assert whole.expected_since(at(28, 23, 59), "Europe/Berlin") == at(28, 0)
    assert whole.expected_since(at(29, 0), "Europe/Berlin") is None
