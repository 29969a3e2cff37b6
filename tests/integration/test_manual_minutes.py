"""Which worked minutes rest on a punch HR typed in (entered_by), on real PostgreSQL through the real endpoints: the
timesheet's per-day and total manual_minutes, its CSV column, and the daily report's. A shift counts whole when its
entry or its exit was typed in; a kiosk punch a review confirmed stays a kiosk punch."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from facepass import employees
from facepass.schemas import EmployeeCreate
from tests.conftest import kiosk_punch


def _day() -> datetime:
    """Midnight (UTC, the report zone here) six days ago: every punch of the four days is in the past."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=6)


def _kiosk(services, person, *punches: tuple[str, datetime], review_state: str = "none") -> list[int]:
    """Punches as the kiosk's check-in writes them (recognized; awaiting review when review_state is pending)."""
    return [kiosk_punch(services, person, at, kind, state=review_state)["id"] for kind, at in punches]


def _daily(api, day: datetime, person) -> dict:
    items = api.get("/attendance/daily", query=f"date={day.date().isoformat()}").json()["items"]
    return next(item for item in items if item["employee_id"] == str(person))


def test_the_timesheet_says_which_minutes_rest_on_a_punch_hr_typed_in(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Typed In",
                                                                   email=f"{uuid.uuid4().hex}@x.io")).id
    day = _day()
    hours = lambda n, h, m=0, s=0: day + timedelta(days=n, hours=h, minutes=m, seconds=s)  # noqa: E731
    # Day 0: a kiosk morning 08:00-12:00 and an afternoon HR adds as a missing shift, 13:00-17:30.
    _kiosk(services, person, ("entry", hours(0, 8)), ("exit", hours(0, 12)))
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(person), "started_at": hours(0, 13).isoformat(), "ended_at": hours(0, 17, 30).isoformat(),
        "note": "kiosk was down after lunch"})
    assert shift.status == 201, shift.text
    # Day 1: a kiosk entry at 09:00 and a forgotten check-out HR types in at 15:20:40: the whole shift rests on it,
    # 6 h 20 min 40 s, rounded as worked minutes are (381).
    _kiosk(services, person, ("entry", hours(1, 9)))
    typed_exit = api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "exit", "occurred_at": hours(1, 15, 20, 40).isoformat(),
        "note": "forgot to check out"})
    assert typed_exit.status == 201, typed_exit.text
    # Day 2: a kiosk entry flagged for review, then confirmed by a reviewer: still the kiosk's (no entered_by).
    (flagged,) = _kiosk(services, person, ("entry", hours(2, 7)), review_state="pending")
    _kiosk(services, person, ("exit", hours(2, 11)))
    confirmed = api.post(f"/attendance/{flagged}/review", json_body={"action": "confirm", "note": "it is her"})
    assert confirmed.status == 200, confirmed.text
    assert confirmed.json()["entered_by"] is None and confirmed.json()["review_state"] == "confirmed"
    # Day 3: a kiosk shift 08:00-16:00 whose exit HR replaces with 16:45 ("stayed late").
    _, kiosk_exit = _kiosk(services, person, ("entry", hours(3, 8)), ("exit", hours(3, 16)))
    replaced = api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "exit", "occurred_at": hours(3, 16, 45).isoformat(),
        "note": "stayed late", "replaces": kiosk_exit})
    assert replaced.status == 201, replaced.text

    query = (f"date_from={day.date().isoformat()}&date_to={(day + timedelta(days=3)).date().isoformat()}"
             f"&employee_id={person}")
    answer = api.get("/attendance/timesheet", query=query)
    assert answer.status == 200, answer.text
    (row,) = answer.json()["items"]
    assert [(d["worked_minutes"], d["manual_minutes"]) for d in row["days"]] == [
        (510, 270), (381, 381), (240, 0), (525, 525)]
    assert (row["worked_minutes"], row["manual_minutes"], row["days_with_manual_punches"]) == (1656, 1176, 3)

    exported = api.get("/attendance/timesheet", query=query, headers={"accept": "text/csv"})
    assert exported.status == 200 and exported.headers["content-type"].startswith("text/csv")
    header, *lines = list(csv.reader(io.StringIO(exported.text)))
    # New columns go last: readers by position keep working.
    assert header[-10:] == ["manual_minutes", "face_id_withdrawn", "signed_minutes", "changed_since_signed",
                            "settings_differ", "employee_number", "email", "overtime_minutes",
                            "incomplete_weeks_minutes", "absence_minutes"]
    (line,) = [dict(zip(header, cells, strict=True)) for cells in lines]
    assert (line["total_minutes"], line["manual_minutes"], line["total_hours"]) == ("1656", "1176", "27.60")

    # The daily report, day by day: the same figures, and its CSV's column.
    for offset, (worked, manual) in enumerate([(510, 270), (381, 381), (240, 0), (525, 525)]):
        daily = _daily(api, day + timedelta(days=offset), person)
        assert (daily["worked_minutes"], daily["manual_minutes"]) == (worked, manual), offset
    daily_csv = api.get("/attendance/daily", query=f"date={day.date().isoformat()}", headers={"accept": "text/csv"})
    assert daily_csv.status == 200 and daily_csv.headers["content-type"].startswith("text/csv")
    mine = [r for r in csv.DictReader(io.StringIO(daily_csv.text)) if r["employee_id"] == str(person)]
    assert [(r["worked_minutes"], r["manual_minutes"]) for r in mine] == [("510", "270")]


def test_a_typed_in_entry_nothing_closes_counts_no_manual_minutes(api, services):
    # An open shift counts nothing, so nothing of it rests on HR: the day is not one with manual punches.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Still Open",
                                                                   email=f"{uuid.uuid4().hex}@x.io")).id
    day = _day()
    added = api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "entry", "occurred_at": (day + timedelta(hours=8)).isoformat(),
        "note": "kiosk was busy"})
    assert added.status == 201, added.text
    (row,) = api.get("/attendance/timesheet", query=f"date_from={day.date()}&date_to={day.date()}"
                                                    f"&employee_id={person}").json()["items"]
    assert (row["days"][0]["open_shift"], row["days"][0]["manual_minutes"]) == (True, 0)
    assert (row["worked_minutes"], row["manual_minutes"], row["days_with_manual_punches"]) == (0, 0, 0)
