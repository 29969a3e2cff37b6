"""The settings a pay-period close was computed with. The reports place days and pair shifts with the running
FACEPASS_REPORT_TIMEZONE (people without a zone of their own), FACEPASS_MAX_SHIFT_HOURS and
FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS, whenever a report is made: changed after a close, they move night shifts to
other days and drop or add long shifts in days already closed and paid. So each close records them (migration 0029;
the lock row keeps those of the days still closed), a close while the running values differ is refused (payroll.py,
409 close_settings_changed) and so is a deploy that would change them (schema_resource.py, the SchemaMigration custom
resource's properties). A person's own `timezone` never moves a paid day (it holds from the moment it is set)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from facepass.config import _AN_INT, Settings


@dataclass(frozen=True)
class CloseSetting:
    name: str  # the column, the API's field
    parameter: str  # the template parameter (the SchemaMigration property) that sets it in AWS
    variable: str  # the environment variable
    moves: str  # what a change does to closed days
    unit: str | None = None  # a whole number of these (None: a text, the zone)


SETTINGS = (
    CloseSetting("report_timezone", "ReportTimezone", "FACEPASS_REPORT_TIMEZONE",
                 "it moves the days of people without a zone of their own, night shifts to other days"),
    CloseSetting("max_shift_hours", "MaxShiftHours", "FACEPASS_MAX_SHIFT_HOURS",
                 "it drops or adds long shifts", "hours"),
    CloseSetting("repeat_window_seconds", "CheckinRepeatWindowSeconds", "FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS",
                 "it turns double presses into shifts or shifts into double presses", "seconds"),
)
NAMES = tuple(setting.name for setting in SETTINGS)


def running(settings: Settings) -> dict[str, Any]:
    """The values the reports compute with now."""
    return {"report_timezone": settings.report_timezone, "max_shift_hours": settings.max_shift_hours,
            "repeat_window_seconds": settings.checkin_repeat_window_seconds}


def closed_with(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The values the current close recorded (the lock row); None: nothing closed, or closed before migration 0029
    kept them (nothing to compare with until the next close)."""
    if row.get("closed_through") is None or all(row.get(name) is None for name in NAMES):
        return None
    return {name: row.get(name) for name in NAMES}


def whole_number(value: Any) -> int | None:
    """A template parameter's value (a string: CloudFormation sends "16.0" or "0120" as typed) as the integer the
    functions' Settings read it as (the same int reader), None when they would refuse it at cold start."""
    if isinstance(value, bool):
        return None
    try:
        return _AN_INT.validate_python(value.strip() if isinstance(value, str) else value)
    except ValidationError:
        return None


def _same(setting: CloseSetting, closed: Any, now: Any) -> bool:
    """Numbers compared as numbers (16 and "16.0" are the same), the zone as its text."""
    if setting.unit is not None:
        return whole_number(closed) is not None and whole_number(closed) == whole_number(now)
    return str(closed) == str(now)


def differing(closed: Mapping[str, Any] | None, now: Mapping[str, Any]) -> list[str]:
    """The names whose value now is not the one the close recorded (a value it did not record is not compared)."""
    if closed is None:
        return []
    return [setting.name for setting in SETTINGS
            if closed.get(setting.name) is not None and not _same(setting, closed[setting.name], now[setting.name])]


def settings_differ(row: Mapping[str, Any], settings: Settings, first_day: date | None = None) -> bool:
    """Whether the lock row says closed with other values than the running ones; with `first_day` (a report's first
    day), only when the report's days reach the closed ones (first_day <= closed_through): days after them were
    never signed, and are computed with the running values as any open day."""
    if first_day is not None and (row.get("closed_through") is None or first_day > row["closed_through"]):
        return False
    return bool(differing(closed_with(row), running(settings)))


def from_properties(properties: Mapping[str, Any]) -> dict[str, Any] | None:
    """The values a deploy sets, from the SchemaMigration custom resource's properties (strings); None when it does
    not send them all (a template from before them, or a rollback to one)."""
    if not all(setting.parameter in properties for setting in SETTINGS):
        return None
    return {setting.name: str(properties[setting.parameter]) for setting in SETTINGS}


def number_problems(properties: Mapping[str, Any]) -> list[str]:
    """The FAILED reasons of numbers that are not whole (MaxShiftHours 16.5): the functions would refuse them at cold
    start, and they cannot be compared with a close's."""
    new = from_properties(properties)
    if new is None:
        return []
    return [f"{setting.parameter} {new[setting.name]} is not a whole number of {setting.unit} "
            f"({setting.variable} takes an integer; the functions would refuse it at cold start): set a whole number"
            for setting in SETTINGS if setting.unit is not None and whole_number(new[setting.name]) is None]


def deploy_problems(row: Mapping[str, Any] | None, properties: Mapping[str, Any]) -> list[str]:
    """The FAILED reasons of a deploy whose values differ from the current close's (`row`: the lock row, None when
    the schema has none yet), each naming the parameter, the closed-with value, the new one and what to do; and of a
    number that is not whole (number_problems), closed or not."""
    new = from_properties(properties)
    invalid = number_problems(properties)
    if invalid:
        return invalid
    closed = closed_with(row) if row is not None else None
    if new is None or closed is None:
        return []
    through = row["closed_through"].isoformat()
    problems = []
    for setting in SETTINGS:
        if setting.name not in differing(closed, new):
            continue
        keep = f"keep {setting.parameter} {closed[setting.name]}"
        if setting.name == "report_timezone":
            keep += (" (or give the people who need another zone their own `timezone`, PATCH /employees/{id}: it "
                     "never moves a paid day)")
        problems.append(f"the pay period is closed through {through} with {setting.parameter} "
                        f"{closed[setting.name]} ({setting.variable}); this deploy sets {new[setting.name]}, and "
                        f"{setting.moves} in days already closed and paid: {keep}")
    if problems:
        problems.append("or reopen the closed days first (console: Timesheet, Reopen…, the date left empty; POST "
                        "/payroll/lock with closed_through null and a note: an audited act), deploy, and close them "
                        "again")
    return problems
