"""reports.shift_conflict: a missing shift (entry and exit) weighed as a pair against one person's counted events, by
the reports' pairing rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facepass.reports import shift_conflict

LONGEST, DOUBLE_PRESS = timedelta(hours=16), timedelta(seconds=60)
DAY = datetime(2026, 12, 4, tzinfo=UTC)


def _events(*punches: tuple[str, str]) -> list[dict]:
    return [{"id": number, "event_type": kind, "occurred_at": _at(clock)}
            for number, (kind, clock) in enumerate(punches, start=1)]


def _at(clock: str) -> datetime:
    hours, minutes, *seconds = (int(part) for part in clock.split(":"))
    return DAY + timedelta(hours=hours, minutes=minutes, seconds=seconds[0] if seconds else 0)


def _conflict(events: list[dict], start: str, end: str):
    found = shift_conflict(events, {"id": None, "event_type": "entry", "occurred_at": _at(start)},
                           {"id": None, "event_type": "exit", "occurred_at": _at(end)}, LONGEST, DOUBLE_PRESS)
    return None if found is None else (found.kind, [event["id"] for event in found.events], found.replaceable)


AFTERNOON = (("entry", "13:00"), ("exit", "17:00"))


@pytest.mark.parametrize(("punches", "start", "end", "expected"), [
    # The QA report's forgotten morning, and shifts back to back on either side of a counted one.
    (AFTERNOON, "08:00", "12:00", None),
    (AFTERNOON, "08:00", "13:00", None),
    (AFTERNOON, "17:00", "19:00", None),
    # Cutting into it, or around it.
    (AFTERNOON, "12:00", "14:00", ("shift_broken", [1, 2], [])),
    (AFTERNOON, "07:00", "18:00", ("shift_overlaps", [1, 2], [])),
    (AFTERNOON, "14:00", "15:00", ("shift_broken", [1, 2], [])),
    # A lone exit, or an entry nothing closes, inside the pair takes its exit or entry.
    ((("exit", "10:00"),), "08:00", "12:00", ("shift_overlaps", [1], [])),
    ((("entry", "10:00"),), "08:00", "12:00", ("shift_overlaps", [1], [])),
    # An open entry within the repeat window of the pair's: the pair's entry would be its double press.
    ((("entry", "07:59:30"),), "08:00", "12:00", ("shift_overlaps", [1], [])),
    # An open entry long before stays what it was (a forgotten exit); the pair is a shift of its own.
    ((("entry", "06:00"),), "08:00", "12:00", None),
    # A night shift the day before, closed at 06:00, and a morning after it.
    ((("entry", "-2:00"), ("exit", "06:00")), "08:00", "12:00", None),
])
def test_a_pair_is_a_counted_shift_of_its_own_or_names_what_it_breaks_or_swallows(punches, start, end, expected):
    assert _conflict(_events(*punches), start, end) == expected
