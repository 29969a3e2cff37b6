"""`facepass timesheet`'s overtime words: the complete weeks' overtime, the time in weeks the period cuts, and nothing
at all when no overtime is counted; never "overtime 0:00" for a period without a complete week."""

from __future__ import annotations

from facepass.cli import _overtime_words


def test_overtime_words_say_what_was_measured_and_nothing_else():
    assert _overtime_words({"overtime_minutes": None, "incomplete_weeks_minutes": None}) == ""  # not counted
    assert _overtime_words({"overtime_minutes": 300, "incomplete_weeks_minutes": 0}) == ", overtime 5:00"
    assert _overtime_words({"overtime_minutes": 0, "incomplete_weeks_minutes": 1080}) == (
        ", overtime 0:00 (18:00 in weeks the period cuts)")
    assert _overtime_words({"overtime_minutes": None, "incomplete_weeks_minutes": 2700}) == (
        ", no complete week (45:00 in weeks the period cuts)")
