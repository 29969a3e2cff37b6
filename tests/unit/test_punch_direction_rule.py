"""The rule POST /attendance/punch decides with (reports.punch_direction): the shifts the reports pair."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facepass.reports import punch_direction

START = datetime(2026, 11, 23, 8, tzinfo=UTC)
LONGEST, DOUBLE_PRESS = timedelta(hours=16), timedelta(seconds=120)


def events(*punches: tuple[str, float]) -> list[dict]:
    """(event_type, hours after START), in time order."""
    return [{"id": n, "event_type": kind, "occurred_at": START + timedelta(hours=hours)}
            for n, (kind, hours) in enumerate(punches, 1)]


@pytest.mark.parametrize(("history", "hours", "direction"), [
    ((), 0, "entry"),  # nobody in
    ((("entry", 0),), 9, "exit"),  # a shift open
    ((("entry", 0), ("exit", 9)), 10, "entry"),  # closed
    ((("entry", 0),), 17, "entry"),  # the entry is longer ago than a shift: a forgotten exit, a new entry
    ((("entry", 0), ("exit", 17)), 17.5, "entry"),  # an exit too late closes nothing, and nothing is open
    ((("entry", 0), ("entry", 0.01)), 9, "exit"),  # a double press of the entry: the shift is still open
    ((("entry", 0), ("entry", 3)), 9, "exit"),  # a forgotten exit, then a new shift, open
    ((("entry", 0),), 0.02, "entry"),  # pressed again within the window: the same way, a repeat
    ((("entry", 0), ("exit", 9)), 9.02, "exit"),  # the same for an exit
    ((("exit", 9),), 10, "entry"),  # an exit without its entry opens nothing
])
def test_the_direction_is_what_the_reports_pairing_makes_of_the_punch(history, hours, direction):
    assert punch_direction(events(*history), START + timedelta(hours=hours), LONGEST, DOUBLE_PRESS) == direction


def test_without_a_repeat_window_a_press_right_after_an_entry_is_the_exit():
    assert punch_direction(events(("entry", 0)), START, LONGEST, timedelta(0)) == "exit"
