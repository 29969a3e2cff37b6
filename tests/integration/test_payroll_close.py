"""Nothing missing or undecided is signed unseen: a close over days still holding punches awaiting review or shifts
missing a punch is refused (409 period_undecided, what and where) unless forced, and the history keeps that it was
forced and the counts; the timesheet lists every employee of the period (0 h rows); the review queue filters by
days. Real PostgreSQL + pgvector, the real API handler."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database, kiosk_punch


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "payclose_" + uuid.uuid4().hex[:10])


def _midnight(days_ago: int) -> datetime:
    return (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=0, minute=0, second=0, microsecond=0)


def _person(services, name: str, *, zone: str | None = None, created_days_ago: int = 30) -> uuid.UUID:
    """An employee created `created_days_ago` days ago (an employee of the periods tested)."""
    person = employees.create_employee(services.db, EmployeeCreate(
        full_name=name, email=f"{uuid.uuid4().hex[:10]}@example.com", **({"timezone": zone} if zone else {}))).id
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = now() - make_interval(days => %s) WHERE id = %s",
                    (created_days_ago, person))
    return person


def test_a_close_over_undecided_days_is_refused_then_forced_and_the_history_keeps_the_counts(api, services):
    d4, d3 = _midnight(4), _midnight(3)
    forgot_exit = _person(services, "Ann Open")
    no_entry = _person(services, "Ben Lone")
    doubtful = _person(services, "Cid Doubt")
    paid = _person(services, "Dee Paid")
    kiosk_punch(services, forgot_exit, d4 + timedelta(hours=8), "entry")  # no exit ever: a missing check-out
    kiosk_punch(services, no_entry, d3 + timedelta(hours=17), "exit")  # an exit with no entry
    pending = kiosk_punch(services, doubtful, d3 + timedelta(hours=9), "entry", state="pending")
    stranger = kiosk_punch(services, None, d3 + timedelta(hours=10), "entry", state="pending", status="unknown")
    kiosk_punch(services, paid, d3 + timedelta(hours=8), "entry")
    kiosk_punch(services, paid, d3 + timedelta(hours=16), "exit")

    # Nothing closed yet: a close through d3 closes every day before it too, d4 included.
    refused = api.post("/payroll/lock", json_body={"closed_through": d3.date().isoformat(), "note": "November"})
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (2, 1, 1)
    assert (details["first_day"], details["last_day"], details["date_to"]) == (
        d4.date().isoformat(), d3.date().isoformat(), d3.date().isoformat())
    assert details["date_from"] <= d4.date().isoformat() and details["closed_through"] is None
    assert [(item["full_name"], item["date"], item["kind"]) for item in details["items"]] == [
        ("Ann Open", d4.date().isoformat(), "without_exit"),
        ("Ben Lone", d3.date().isoformat(), "without_entry"),
        ("Cid Doubt", d3.date().isoformat(), "pending_review"),
        (None, d3.date().isoformat(), "pending_review")]
    lock = api.get("/payroll/lock").json()
    assert (lock["closed_through"], lock["history"]) == (None, [])  # nothing written

    # The days before: nothing undecided, closed as before; the history says so (not forced, zero counts).
    earlier = (d4 - timedelta(days=1)).date().isoformat()
    closed = api.post("/payroll/lock", json_body={"closed_through": earlier})
    assert closed.status == 200, closed.text
    first = closed.json()["history"][0]
    assert (first["forced"], first["pending_reviews"], first["days_without_exit"], first["days_without_entry"]) == (
        False, 0, 0, 0)

    # HR types the forgotten check-out and decides the stranger: what is left is still refused, from the day after
    # the closed one.
    typed = api.post("/attendance/manual", json_body={"employee_id": str(forgot_exit), "event_type": "exit",
                                                      "occurred_at": (d4 + timedelta(hours=16)).isoformat(),
                                                      "note": "forgot to check out"})
    assert typed.status == 201, typed.text
    decided = api.post(f"/attendance/{stranger['id']}/review", json_body={"action": "reject", "note": "a visitor"})
    assert decided.status == 200, decided.text
    again = api.post("/payroll/lock", json_body={"closed_through": d3.date().isoformat()})
    assert (again.status, again.error_code) == (409, "period_undecided"), again.text
    details = again.json()["error"]["details"]
    assert (details["date_from"], details["closed_through"]) == (d4.date().isoformat(), earlier)
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (1, 0, 1)
    assert [(item["employee_id"], item["kind"]) for item in details["items"]] == [
        (str(no_entry), "without_entry"), (str(doubtful), "pending_review")]
    # The review queue the console links to, filtered to the range, holds exactly the punch awaiting review.
    queue = api.get("/attendance/review", query=f"date_from={details['date_from']}&date_to={details['date_to']}")
    assert [item["id"] for item in queue.json()["items"]] == [pending["id"]]

    # Closed anyway: the history keeps that it was forced and what was undecided then.
    forced = api.post("/payroll/lock", json_body={"closed_through": d3.date().isoformat(), "force": True,
                                                  "note": "signed with Ben's entry to follow"})
    assert forced.status == 200, forced.text
    change = forced.json()["history"][0]
    assert (change["action"], change["forced"], change["pending_reviews"], change["days_without_exit"],
            change["days_without_entry"], change["note"]) == ("close", True, 1, 0, 1, "signed with Ben's entry to "
                                                                                     "follow")
    assert api.get("/payroll/lock").json()["history"][0] == change
    # The pending punch is now in the closed period: its decision is refused, as before.
    late = api.post(f"/attendance/{pending['id']}/review", json_body={"action": "confirm", "note": "it was Cid"})
    assert (late.status, late.error_code) == (409, "period_closed"), late.text
    # A reopen is unchanged (a note, no check), and keeps no counts.
    reopened = api.post("/payroll/lock", json_body={"closed_through": earlier, "note": "Cid's morning"})
    assert reopened.status == 200, reopened.text
    assert (reopened.json()["history"][0]["forced"], reopened.json()["history"][0]["pending_reviews"]) == (False, None)


def test_the_close_weighs_each_persons_days_in_their_own_zone(api, services):
    # 03:00 UTC on d2 is the evening of d3 in Los Angeles; 12:00 UTC on d3 is 01:00 on d2 in Auckland: closing
    # through d3 closes the Angeleno's open shift but not the Aucklander's.
    d2 = _midnight(2)
    west = _person(services, "West Coast", zone="America/Los_Angeles")
    east = _person(services, "East Coast", zone="Pacific/Auckland")
    kiosk_punch(services, west, d2 + timedelta(hours=3), "entry")
    kiosk_punch(services, east, d2 - timedelta(hours=12), "entry")
    through = (d2 - timedelta(days=1)).date()
    refused = api.post("/payroll/lock", json_body={"closed_through": through.isoformat()})
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    items = refused.json()["error"]["details"]["items"]
    assert [(item["full_name"], item["date"], item["kind"]) for item in items] == [
        ("West Coast", through.isoformat(), "without_exit")]
    # A timesheet of the same day in the report zone (UTC) shows the same mark on the same person's day.
    sheet = api.get("/attendance/timesheet", query=f"date_from={through}&date_to={through}").json()
    marks = {row["full_name"]: row["days"][0]["open_shift"] for row in sheet["items"]}
    assert marks == {"West Coast": True, "East Coast": False}


def test_the_timesheet_lists_every_employee_of_the_period_with_zero_rows(api, services):
    first, last = _midnight(6).date(), _midnight(3).date()
    worked = _person(services, "Amy Worked")
    kiosk_punch(services, worked, _midnight(5) + timedelta(hours=8), "entry")
    kiosk_punch(services, worked, _midnight(5) + timedelta(hours=16), "exit")
    rejected = _person(services, "Bob Rejected")
    kiosk_punch(services, rejected, _midnight(5) + timedelta(hours=8), "entry", state="rejected")
    _person(services, "Cat Nothing")  # active, never punched
    _person(services, "Dan Later", created_days_ago=1)  # created after the period: nobody's employee then
    gone_worked = _person(services, "Eve Gone")
    kiosk_punch(services, gone_worked, _midnight(4) + timedelta(hours=9), "entry")
    kiosk_punch(services, gone_worked, _midnight(4) + timedelta(hours=10), "exit")
    gone_idle = _person(services, "Fay Gone")
    for leaver in (gone_worked, gone_idle):
        assert api.delete(f"/employees/{leaver}").status in (200, 204)

    answer = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}")
    assert answer.status == 200, answer.text
    rows = {row["full_name"]: row for row in answer.json()["items"]}
    assert list(rows) == ["Amy Worked", "Bob Rejected", "Cat Nothing", "Eve Gone"]
    assert [rows[name]["worked_minutes"] for name in rows] == [480, 0, 0, 60]
    zero = rows["Cat Nothing"]
    assert [day["worked_minutes"] for day in zero["days"]] == [0, 0, 0, 0]
    assert [day["date"] for day in zero["days"]] == [(first + timedelta(days=n)).isoformat() for n in range(4)]
    assert (zero["timezone"], zero["days_worked"], zero["pending_reviews"], zero["days_without_exit"]) == (
        "UTC", 0, 0, 0)
    assert all(day["timezone"] == "UTC" and day["events"] == 0 for day in zero["days"])

    # A page at a time, the same people in the same order.
    names, cursor = [], None
    while True:
        page = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}&limit=1"
                                                      + (f"&cursor={cursor}" if cursor else "")).json()
        names += [row["full_name"] for row in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert names == list(rows)
    # One person's: a zero row too.
    one = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}&employee_id={rejected}")
    assert [row["worked_minutes"] for row in one.json()["items"]] == [0]

    # The CSV: the same rows, the columns as before (new columns always last: none added).
    exported = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={first}&date_to={last}").text
    table = list(csv.reader(io.StringIO(exported)))
    assert table[0][:3] == ["employee_id", "full_name", "department"]
    assert table[0][-2:] == ["closed_through", "manual_minutes"]
    by_name = {line[1]: dict(zip(table[0], line, strict=True)) for line in table[1:]}
    assert list(by_name) == list(rows)
    assert (by_name["Cat Nothing"]["total_minutes"], by_name["Cat Nothing"][first.isoformat()]) == ("0", "0")
    assert by_name["Cat Nothing"]["total_hours"] == "0.00"


def test_the_review_queue_filters_by_days_as_the_attendance_listing_does(api, services):
    d4, d3 = _midnight(4), _midnight(3)
    west = _person(services, "West", zone="America/Los_Angeles")
    early = kiosk_punch(services, None, d4 + timedelta(hours=10), "entry", state="pending", status="unknown")
    later = kiosk_punch(services, None, d3 + timedelta(hours=10), "entry", state="pending", status="unknown")
    # 03:00 UTC on d3: the evening of d4 in Los Angeles.
    evening = kiosk_punch(services, west, d3 + timedelta(hours=3), "exit", state="pending")

    def listed(query: str) -> list[int]:
        answer = api.get("/attendance/review", query=query)
        assert answer.status == 200, answer.text
        return [item["id"] for item in answer.json()["items"]]

    assert listed(f"date_from={d4.date()}&date_to={d4.date()}") == [early["id"]]
    assert listed(f"date_from={d3.date()}&date_to={d3.date()}") == [evening["id"], later["id"]]
    assert listed(f"date_from={d3.date()}") == [evening["id"], later["id"]]
    assert listed(f"date_to={d4.date()}") == [early["id"]]
    assert listed("") == [early["id"], evening["id"], later["id"]]
    # With employee_id, the person's days in their zone: the 03:00 UTC exit is on d4 there.
    assert listed(f"employee_id={west}&date_from={d4.date()}&date_to={d4.date()}") == [evening["id"]]
    assert listed(f"employee_id={west}&date_from={d3.date()}&date_to={d3.date()}") == []
    # Page by page, the filter holds.
    page = api.get("/attendance/review", query=f"date_from={d4.date()}&date_to={d3.date()}&limit=1").json()
    rest = api.get("/attendance/review", query=f"date_from={d4.date()}&date_to={d3.date()}&limit=5"
                                               f"&cursor={page['next_cursor']}").json()
    assert [item["id"] for item in page["items"] + rest["items"]] == [early["id"], evening["id"], later["id"]]

    # The calendar's ends are answered (every day Python knows), as GET /attendance answers them.
    assert listed("date_from=0001-01-01&date_to=9999-12-31") == [early["id"], evening["id"], later["id"]]
    assert listed(f"employee_id={west}&date_from=0001-01-01&date_to=9999-12-31") == [evening["id"]]
    for query, code in [(f"date_from={d3.date()}&date_to={d4.date()}", "invalid_date_range"),
                        (f"employee_id={west}&date_from={d3.date()}&date_to={d4.date()}", "invalid_date_range"),
                        ("date_from=2026-13-01", "validation_error"), ("date_to=yesterday", "validation_error")]:
        answer = api.get("/attendance/review", query=query)
        assert (answer.status, answer.error_code) == (422, code), (query, answer.text)
    with services.db.transaction() as cur:
        assert repository.count_pending_reviews(cur) == 3
