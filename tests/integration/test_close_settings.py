"""A settings change must not silently rewrite closed, signed pay periods: each close records the report settings
its figures were computed with (FACEPASS_REPORT_TIMEZONE, FACEPASS_MAX_SHIFT_HOURS,
FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS), GET /payroll/lock and the reports say when the running ones differ, and a
close is then refused (409 close_settings_changed) until they are restored or every day reopened. Real PostgreSQL +
pgvector, the real API handler."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from facepass import employees
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database, kiosk_punch, with_settings
from tests.integration.test_pay_period_lock import _midnight

import dependencies

UTC_CLOSE = {"report_timezone": "UTC", "max_shift_hours": 16, "repeat_window_seconds": 120}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "closeset_" + uuid.uuid4().hex[:10])


def _lock_history(api) -> list[tuple]:
    return [(h["action"], h["closed_through"], h["closed_with"]) for h in api.get("/payroll/lock").json()["history"]]


def test_a_close_under_other_report_settings_is_refused_until_they_are_restored_or_every_day_reopened(api, services):
    assert services.settings.report_timezone == "UTC"
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Night", email="n@example.com")).id
    night = _midnight(10)
    # A night shift 22:30 -> 06:00 UTC: on `night` in UTC, the next morning (07:30) in Tokyo.
    kiosk_punch(services, person, night + timedelta(hours=22, minutes=30), "entry", state="none",
                status="recognized", reason="unknown")
    kiosk_punch(services, person, night + timedelta(days=1, hours=6), "exit", state="none", status="recognized",
                reason="unknown")
    day, next_day, later = (night.date() + timedelta(days=n) for n in (0, 1, 3))
    sheet = f"/attendance/timesheet?date_from={day}&date_to={next_day}&employee_id={person}"

    fresh = api.get("/payroll/lock").json()
    assert (fresh["closed_with"], fresh["running"], fresh["settings_differ"], fresh["differing_settings"]) == (
        None, UTC_CLOSE, False, [])
    closed = api.post("/payroll/lock", json_body={"closed_through": day.isoformat(), "note": "signed"})
    assert closed.status == 200, closed.text
    assert (closed.json()["closed_with"], closed.json()["settings_differ"]) == (UTC_CLOSE, False)
    assert _lock_history(api) == [("close", day.isoformat(), UTC_CLOSE)]
    assert [d["worked_minutes"] for d in api.get(sheet).json()["items"][0]["days"]] == [450, 0]

    # The operator sets the report zone to Tokyo: the paid night moved to the next day, and every answer says so.
    tokyo = with_settings(services, report_timezone="Asia/Tokyo")
    dependencies.use_services(tokyo)
    moved = api.get(sheet).json()
    assert [d["worked_minutes"] for d in moved["items"][0]["days"]] == [0, 450]
    assert (moved["closed_through"], moved["settings_differ"]) == (day.isoformat(), True)
    assert api.get("/attendance/daily", query=f"date={day}").json()["settings_differ"] is True
    # Days after the closed ones were never signed: viewed alone, nothing to warn about.
    assert api.get("/attendance/daily", query=f"date={next_day}").json()["settings_differ"] is False
    after = f"/attendance/timesheet?date_from={next_day}&date_to={later}&employee_id={person}"
    assert (api.get(after).json()["closed_through"], api.get(after).json()["settings_differ"]) == (
        day.isoformat(), False)
    # The payroll file says it too: a column, the same on every row (as closed_through); the daily CSV as well.
    header, row = (line.split(",") for line in api.get(sheet, headers={"accept": "text/csv"}).text.splitlines())
    assert (row[header.index("settings_differ")], row[header.index("closed_through")]) == ("true", day.isoformat())
    header, row = (line.split(",") for line in api.get(after, headers={"accept": "text/csv"}).text.splitlines())
    assert row[header.index("settings_differ")] == "false"
    state = api.get("/payroll/lock").json()
    assert (state["closed_with"], state["running"]["report_timezone"], state["settings_differ"],
            state["differing_settings"]) == (UTC_CLOSE, "Asia/Tokyo", True, ["report_timezone"])

    refused = api.post("/payroll/lock", json_body={"closed_through": later.isoformat(), "note": "December"})
    assert (refused.status, refused.error_code) == (409, "close_settings_changed"), refused.text
    error = refused.json()["error"]
    assert error["details"] == {"which": ["report_timezone"], "closed_through": day.isoformat(),
                                "closed_with": UTC_CLOSE, "running": {**UTC_CLOSE, "report_timezone": "Asia/Tokyo"}}
    assert "FACEPASS_REPORT_TIMEZONE was UTC, is Asia/Tokyo now" in error["message"]
    assert "reopen" in error["message"]
    assert _lock_history(api) == [("close", day.isoformat(), UTC_CLOSE)]  # nothing written
    # The same date again is a retry, not a close: answered as one.
    assert api.post("/payroll/lock", json_body={"closed_through": day.isoformat()}).status == 200

    # A partial reopen keeps the values of the days still closed: a close is still refused.
    earlier = day - timedelta(days=2)
    partly = api.post("/payroll/lock", json_body={"closed_through": earlier.isoformat(), "note": "fix a day"})
    assert partly.status == 200, partly.text
    assert (partly.json()["closed_with"], partly.json()["settings_differ"]) == (UTC_CLOSE, True)
    again = api.post("/payroll/lock", json_body={"closed_through": later.isoformat()})
    assert (again.status, again.error_code) == (409, "close_settings_changed")

    # Reopening every day clears them; the next close records the running values.
    reopened = api.post("/payroll/lock", json_body={"closed_through": None, "note": "zone changed: recompute"})
    assert reopened.status == 200, reopened.text
    assert (reopened.json()["closed_with"], reopened.json()["settings_differ"]) == (None, False)
    assert api.get(sheet).json()["settings_differ"] is False
    tokyo_close = {**UTC_CLOSE, "report_timezone": "Asia/Tokyo"}
    recomputed = api.post("/payroll/lock", json_body={"closed_through": later.isoformat(), "note": "re-signed"})
    assert recomputed.status == 200, recomputed.text
    assert (recomputed.json()["closed_with"], recomputed.json()["settings_differ"]) == (tokyo_close, False)
    assert _lock_history(api) == [("close", later.isoformat(), tokyo_close), ("reopen", None, None),
                                  ("reopen", earlier.isoformat(), None), ("close", day.isoformat(), UTC_CLOSE)]

    # Back to UTC (the deploy would refuse it; a local stack's environment is not checked): refused again.
    dependencies.use_services(services)
    assert api.get("/attendance/daily", query=f"date={day}").json()["settings_differ"] is True
    daily_csv = api.get("/attendance/daily", query=f"date={day}", headers={"accept": "text/csv"}).text.splitlines()
    at = daily_csv[0].split(",").index("settings_differ")
    assert [line.split(",")[at] for line in daily_csv[1:]] == ["true"]  # the night, back on `day` in UTC
    back = api.post("/payroll/lock", json_body={"closed_through": (later + timedelta(days=1)).isoformat()})
    assert (back.status, back.error_code) == (409, "close_settings_changed")


@pytest.mark.parametrize(("change", "which"), [({"max_shift_hours": 10}, "max_shift_hours"),
                                               ({"checkin_repeat_window_seconds": 30}, "repeat_window_seconds")])
def test_a_longest_shift_or_repeat_window_changed_after_a_close_refuses_the_next(api, services, change, which):
    first, second = (_midnight(n).date() for n in (10, 8))
    assert api.post("/payroll/lock", json_body={"closed_through": first.isoformat()}).status == 200
    dependencies.use_services(with_settings(services, **change))
    state = api.get("/payroll/lock").json()
    assert (state["settings_differ"], state["differing_settings"]) == (True, [which])
    refused = api.post("/payroll/lock", json_body={"closed_through": second.isoformat()})
    assert (refused.status, refused.error_code) == (409, "close_settings_changed"), refused.text
    assert refused.json()["error"]["details"]["which"] == [which]
    dependencies.use_services(services)  # restored: the close goes through
    assert api.post("/payroll/lock", json_body={"closed_through": second.isoformat()}).status == 200


def test_a_repeat_window_or_longest_shift_out_of_bounds_is_refused_at_cold_start():
    """CheckinRepeatWindowSeconds 3,000,000,000 made every close 500 (the integer column); the template's MaxValue
    refuses it at deploy (tests/contract), Settings at cold start (a local stack), as a shift over 48 h."""
    from pydantic import ValidationError

    from facepass.config import Settings

    for bad in ({"checkin_repeat_window_seconds": 3_000_000_000}, {"checkin_repeat_window_seconds": 3601},
                {"max_shift_hours": 49}):
        with pytest.raises(ValidationError):
            Settings(**bad)
    assert Settings(checkin_repeat_window_seconds=3600, max_shift_hours=48).checkin_repeat_window_seconds == 3600
