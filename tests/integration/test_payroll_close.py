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
from tests.integration.test_pay_period_lock import _midnight


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "payclose_" + uuid.uuid4().hex[:10])


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


def test_a_forced_close_needs_a_note_and_a_clean_one_does_not(api, services):
    """Closing anyway signs what is undecided: without a non-blank note it is 422 force_note_required, nothing
    written; with one it goes through. A close with nothing undecided needs no note, force or not."""
    d4, d3 = _midnight(4), _midnight(3)
    worker = _person(services, "Fay Force")
    kiosk_punch(services, worker, d4 + timedelta(hours=8), "entry")
    kiosk_punch(services, worker, d4 + timedelta(hours=16), "exit")
    kiosk_punch(services, worker, d3 + timedelta(hours=8), "entry")  # no exit: a missing check-out
    # d4 holds nothing undecided: closed with no note, force sent or not.
    clean = _close(api, d4 - timedelta(days=1))
    assert clean.status == 200, clean.text
    clean = _close(api, d4, force=True)
    assert clean.status == 200, clean.text
    assert (clean.json()["history"][0]["forced"], clean.json()["history"][0]["note"]) == (False, None)
    refused = _close(api, d3)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    fingerprint = refused.json()["error"]["details"]["fingerprint"]
    before = api.get("/payroll/lock").json()
    for note in ({}, {"note": None}, {"note": "   "}):
        forced = _close(api, d3, force=True, undecided_fingerprint=fingerprint, **note)
        assert (forced.status, forced.error_code) == (422, "force_note_required"), forced.text
        details = forced.json()["error"]["details"]
        assert (details["days_without_exit"], details["date_to"]) == (1, d3.date().isoformat())
    assert api.get("/payroll/lock").json() == before  # nothing written
    forced = _close(api, d3, force=True, undecided_fingerprint=fingerprint, note="  Fay's exit follows ")
    assert forced.status == 200, forced.text
    change = forced.json()["history"][0]
    assert (change["closed_through"], change["forced"], change["days_without_exit"], change["note"]) == (
        d3.date().isoformat(), True, 1, "Fay's exit follows")


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
    # Fay left after the period: she was an employee in it, so she keeps her row of zeros.
    assert list(rows) == ["Amy Worked", "Bob Rejected", "Cat Nothing", "Eve Gone", "Fay Gone"]
    assert [rows[name]["worked_minutes"] for name in rows] == [480, 0, 0, 60, 0]
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

    # The CSV: the same rows, the columns as before (new columns always last: signed_minutes, changed_since_signed).
    exported = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={first}&date_to={last}").text
    table = list(csv.reader(io.StringIO(exported)))
    assert table[0][:3] == ["employee_id", "full_name", "department"]
    assert table[0][-11:] == ["closed_through", "manual_minutes", "face_id_withdrawn", "signed_minutes",
                              "changed_since_signed", "settings_differ", "employee_number", "email",
                              "overtime_minutes", "incomplete_weeks_minutes", "absence_minutes"]
    by_name = {line[1]: dict(zip(table[0], line, strict=True)) for line in table[1:]}
    assert list(by_name) == list(rows)
    assert (by_name["Cat Nothing"]["total_minutes"], by_name["Cat Nothing"][first.isoformat()]) == ("0", "0")
    assert by_name["Cat Nothing"]["total_hours"] == "0.00"


def test_a_period_lists_the_people_employed_in_it_whatever_happened_since(api, services):
    """Who is on a period's timesheet follows the audited history of deactivations and reactivations, not today's
    state: a closed period exported again after someone left lists the same people, and a period when someone was
    inactive throughout does not list them."""
    past_first, past_last = _midnight(6).date(), _midnight(3).date()
    _person(services, "Ada Staying")
    leaving = _person(services, "Bea Leaving")
    back = _person(services, "Col Back")

    def listed(first, last) -> list[str]:
        answer = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}")
        assert answer.status == 200, answer.text
        return [row["full_name"] for row in answer.json()["items"]]

    today = datetime.now(UTC).date()  # before the changes: the day they are made on, or one before it
    before = listed(past_first, past_last)
    assert before == ["Ada Staying", "Bea Leaving", "Col Back"]
    assert api.delete(f"/employees/{leaving}").status in (200, 204)
    assert api.delete(f"/employees/{back}").status in (200, 204)
    reactivated = api.patch(f"/employees/{back}", json_body={"is_active": True})
    assert reactivated.status == 200, reactivated.text
    # The past period: the same people as before these changes, the leaver under a row of zeros.
    assert listed(past_first, past_last) == before
    # A period after the leaver left: not theirs. Col left and came back before it: theirs.
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert listed(tomorrow, tomorrow + timedelta(days=2)) == ["Ada Staying", "Col Back"]
    # The day of the changes (UTC, the report zone): everyone was active at some instant of it.
    assert listed(today, today) == ["Ada Staying", "Bea Leaving", "Col Back"]
    with services.db.transaction() as cur:
        cur.execute("SELECT field, before, after FROM employee_audit WHERE employee_id = %s AND field = 'is_active' "
                    "ORDER BY id", (back,))
        assert [(row["before"], row["after"]) for row in cur.fetchall()] == [("true", "false"), ("false", "true")]


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


def _close(api, through, **body):
    return api.post("/payroll/lock", json_body={"closed_through": through.date().isoformat(), **body})


def _queue_of(api, ids) -> list[int]:
    answer = api.get("/attendance/review", query="ids=" + ",".join(str(event_id) for event_id in ids))
    assert answer.status == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_a_punch_nobody_was_matched_to_is_weighed_on_its_day_in_every_zone_people_hold(api, services):
    # 02:00 UTC the day after d3 is 18:00 on d3 in Los Angeles: reassigned to the Angeleno, it would be on d3.
    d3 = _midnight(3)
    west = _person(services, "West Coast", zone="America/Los_Angeles")
    stranger = kiosk_punch(services, None, d3 + timedelta(days=1, hours=2), "exit", state="pending",
                           status="unknown")
    refused = _close(api, d3)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (1, 0, 0)
    assert [(item["employee_id"], item["date"], item["kind"]) for item in details["items"]] == [
        (None, d3.date().isoformat(), "pending_review")]
    assert details["pending_event_ids"] == [stranger["id"]]
    assert _queue_of(api, details["pending_event_ids"]) == [stranger["id"]]
    # Forced over it, and it stays decidable for its UTC day's people; for the Angeleno it is in the closed day.
    forced = _close(api, d3, force=True, undecided_fingerprint=details["fingerprint"], note="the stranger later")
    assert forced.status == 200, forced.text
    late = api.post(f"/attendance/{stranger['id']}/review",
                    json_body={"action": "reassign", "employee_id": str(west), "note": "it was West"})
    assert (late.status, late.error_code) == (409, "period_closed"), late.text


def test_an_exit_with_no_entry_is_weighed_by_the_close_of_its_own_day_once(api, services):
    # Day C's night entries at 22:00, each with a counted exit at 06:00 the next morning: one awaiting review, one
    # rejected, one never taken. The exits are on C+1: the close of C weighs only the entry awaiting review (on C);
    # the close of C+1 weighs the exits with no entry once — the one whose entry awaits review on C too: that review
    # sits on a closed day, counted by no close now, so its exit is missing its entry as the timesheet says — and can
    # be forced over them (their fix on C is closed).
    c = _midnight(4)
    pending_night = _person(services, "Ann Pending")
    rejected_night = _person(services, "Bea Rejected")
    missing_night = _person(services, "Cal Missing")
    entry = kiosk_punch(services, pending_night, c + timedelta(hours=22), "entry", state="pending")
    kiosk_punch(services, rejected_night, c + timedelta(hours=22), "entry", state="rejected")
    for person in (pending_night, rejected_night, missing_night):
        kiosk_punch(services, person, c + timedelta(days=1, hours=6), "exit")

    refused = _close(api, c)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (1, 0, 0)
    assert [(item["full_name"], item["date"], item["kind"]) for item in details["items"]] == [
        ("Ann Pending", c.date().isoformat(), "pending_review")]
    assert details["pending_event_ids"] == [entry["id"]]
    forced = _close(api, c, force=True, undecided_fingerprint=details["fingerprint"], note="nights to follow")
    assert forced.status == 200, forced.text
    # Their fixes on C are refused now (only a reopen can make them) ...
    typed = api.post("/attendance/manual", json_body={"employee_id": str(missing_night), "event_type": "entry",
                                                      "occurred_at": (c + timedelta(hours=22, minutes=1)).isoformat(),
                                                      "note": "forgot to check in"})
    assert (typed.status, typed.error_code) == (409, "period_closed"), typed.text
    # ... and the close of the exits' own day weighs them, once: forced over, they block nothing later.
    next_day = (c + timedelta(days=1)).date().isoformat()
    again = _close(api, c + timedelta(days=1))
    assert (again.status, again.error_code) == (409, "period_undecided"), again.text
    details = again.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (0, 0, 3)
    assert [(item["full_name"], item["date"], item["kind"]) for item in details["items"]] == [
        ("Ann Pending", next_day, "without_entry"), ("Bea Rejected", next_day, "without_entry"),
        ("Cal Missing", next_day, "without_entry")]
    sheet = api.get("/attendance/timesheet", query=f"date_from={next_day}&date_to={next_day}").json()
    assert {row["full_name"]: row["days_without_entry"] for row in sheet["items"]
            if row["full_name"] in ("Ann Pending", "Bea Rejected", "Cal Missing")} == {
        "Ann Pending": 1, "Bea Rejected": 1, "Cal Missing": 1}  # what the close weighed: as the timesheet says
    closed = _close(api, c + timedelta(days=1), force=True, undecided_fingerprint=details["fingerprint"],
                    note="the exits weighed")
    assert closed.status == 200, closed.text
    assert closed.json()["history"][0]["days_without_entry"] == 3


def test_an_exit_with_no_entry_is_weighed_by_the_close_of_its_own_day_not_another(api, services):
    d5, d4, d3 = _midnight(5), _midnight(4), _midnight(3)
    lone = _person(services, "Lou Lone")  # an exit at 15:00 on d3, no entry ever
    rejected = _person(services, "Rae Rejected")  # a whole shift on d3 whose entry is rejected after a close
    kiosk_punch(services, lone, d3 + timedelta(hours=15), "exit")
    morning = kiosk_punch(services, rejected, d3 + timedelta(hours=6), "entry")
    kiosk_punch(services, rejected, d3 + timedelta(hours=15), "exit")
    assert _close(api, d5).status == 200
    # Closing through d4 does not close d3: the lone exit does not refuse it (its fix, an entry on d3, stays open).
    closed = _close(api, d4)
    assert closed.status == 200, closed.text
    assert closed.json()["history"][0]["days_without_entry"] == 0
    fix_open = api.post(f"/attendance/{morning['id']}/review",
                        json_body={"action": "reject", "note": "not Rae", "force": True})
    assert fix_open.status == 200, fix_open.text
    # Closing d3 weighs both exits: the lone one, and the one whose entry was rejected after the earlier close.
    refused = _close(api, d3)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (0, 0, 2)
    assert [(item["full_name"], item["date"], item["kind"]) for item in details["items"]] == [
        ("Lou Lone", d3.date().isoformat(), "without_entry"), ("Rae Rejected", d3.date().isoformat(), "without_entry")]


def test_a_punch_awaiting_review_is_counted_once_not_also_as_a_missing_punch(api, services):
    d3 = _midnight(3)
    day_exit = _person(services, "Ann Exit")  # counted entry, exit awaiting review
    day_entry = _person(services, "Ben Entry")  # entry awaiting review, counted exit
    night = _person(services, "Cid Night")  # a night shift: its exit awaiting review the next morning
    kiosk_punch(services, day_exit, d3 + timedelta(hours=8), "entry")
    exit_ = kiosk_punch(services, day_exit, d3 + timedelta(hours=16), "exit", state="pending")
    entry = kiosk_punch(services, day_entry, d3 + timedelta(hours=8), "entry", state="pending")
    kiosk_punch(services, day_entry, d3 + timedelta(hours=16), "exit")
    kiosk_punch(services, night, d3 + timedelta(hours=22), "entry")
    morning = kiosk_punch(services, night, d3 + timedelta(days=1, hours=6), "exit", state="pending")

    refused = _close(api, d3)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (3, 0, 0)
    assert {item["kind"] for item in details["items"]} == {"pending_review"}
    # The review link the console shows lists exactly what was counted (the night's exit of the next morning too).
    assert sorted(details["pending_event_ids"]) == sorted([exit_["id"], entry["id"], morning["id"]])
    assert sorted(_queue_of(api, details["pending_event_ids"])) == sorted(details["pending_event_ids"])
    forced = _close(api, d3, force=True, undecided_fingerprint=details["fingerprint"], note="signed as is")
    assert forced.status == 200, forced.text
    change = forced.json()["history"][0]
    assert (change["forced"], change["pending_reviews"], change["days_without_exit"],
            change["days_without_entry"]) == (True, 3, 0, 0)


def test_close_anyway_is_refused_when_what_is_undecided_changed_since_it_was_shown(api, services):
    d3 = _midnight(3)
    person = _person(services, "Ann Doubt")
    kiosk_punch(services, person, d3 + timedelta(hours=9), "entry", state="pending")
    shown = _close(api, d3).json()["error"]["details"]
    assert shown["pending_reviews"] == 1
    kiosk_punch(services, None, d3 + timedelta(hours=11), "entry", state="pending", status="unknown")  # meanwhile
    stale = _close(api, d3, force=True, undecided_fingerprint=shown["fingerprint"], note="signed as is")
    assert (stale.status, stale.error_code) == (409, "period_undecided"), stale.text
    now = stale.json()["error"]["details"]
    assert (now["pending_reviews"], now["changed"]) == (2, True) and now["fingerprint"] != shown["fingerprint"]
    assert api.get("/payroll/lock").json()["closed_through"] is None  # nothing written
    forced = _close(api, d3, force=True, undecided_fingerprint=now["fingerprint"], note="signed as is")
    assert forced.status == 200, forced.text
    assert forced.json()["history"][0]["pending_reviews"] == 2


def test_the_check_made_before_the_lock_is_read_again_when_a_punch_came_meanwhile(services):
    from facepass import payroll
    from facepass.errors import Conflict
    from facepass.schemas import PayPeriodLockRequest

    d3 = _midnight(3)
    person = _person(services, "Ann Late")
    kiosk_punch(services, person, d3 - timedelta(days=2, hours=-8), "entry")
    kiosk_punch(services, person, d3 - timedelta(days=2, hours=-16), "exit")
    request = PayPeriodLockRequest(closed_through=d3.date())
    checked = payroll.check_undecided(services.db, services.settings, d3.date())
    assert checked.found == []
    # A punch awaiting review committed between the check and the lock: the close reads again and refuses.
    late = kiosk_punch(services, person, d3 + timedelta(hours=9), "entry", state="pending")
    with pytest.raises(Conflict) as refused:
        payroll.set_lock(services.db, services.settings, request, actor="hr", checked=checked)
    assert (refused.value.code, refused.value.details["pending_event_ids"]) == ("period_undecided", [late["id"]])
    # Decided (audited), a check made before the decision is read again too, and the close goes through.
    checked = payroll.check_undecided(services.db, services.settings, d3.date())
    assert [item["event_ids"] for item in checked.found] == [[late["id"]]]
    from facepass import review
    from facepass.schemas import ReviewRequest
    review.review_event(services.db, late["id"], ReviewRequest(action="reject", note="not Ann"), actor="hr",
                        settings=services.settings)
    lock = payroll.set_lock(services.db, services.settings, request, actor="hr", checked=checked)
    assert (lock.closed_through, lock.history[0].forced, lock.history[0].pending_reviews) == (d3.date(), False, 0)


def test_the_timesheets_awaiting_review_link_lists_exactly_what_it_counted(api, services):
    # A night shift begun on the period's last day, its exit awaiting review the morning after: counted on the
    # last day, outside the days' own punches.
    d4, d3 = _midnight(4), _midnight(3)
    night = _person(services, "Nat Night")
    kiosk_punch(services, night, d3 + timedelta(hours=22), "entry")
    morning = kiosk_punch(services, night, d3 + timedelta(days=1, hours=6), "exit", state="pending")
    doubt = kiosk_punch(services, night, d4 + timedelta(hours=9), "entry", state="pending")
    sheet = api.get("/attendance/timesheet", query=f"date_from={d4.date()}&date_to={d3.date()}").json()
    assert (sheet["pending_reviews"], sheet["pending_event_ids"]) == (2, [doubt["id"], morning["id"]])
    # The row's count links to the same: the person's own day filter would miss the morning's exit too.
    (row,) = sheet["items"]
    assert (row["pending_reviews"], row["pending_event_ids"]) == (2, [doubt["id"], morning["id"]])
    mine = api.get("/attendance/review", query=f"employee_id={night}&date_from={d4.date()}&date_to={d3.date()}")
    assert [item["id"] for item in mine.json()["items"]] == [doubt["id"]]
    assert _queue_of(api, sheet["pending_event_ids"]) == [doubt["id"], morning["id"]]
    # The days' own filter misses the night's exit: why the link passes the ids.
    days = api.get("/attendance/review", query=f"date_from={d4.date()}&date_to={d3.date()}").json()
    assert [item["id"] for item in days["items"]] == [doubt["id"]]
    for bad in ("1,,2", "x", ",".join(["1"] * 501)):
        answer = api.get("/attendance/review", query=f"ids={bad}")
        assert (answer.status, answer.error_code) == (422, "validation_error"), (bad, answer.text)


def test_a_missing_exit_is_the_pending_review_only_when_that_review_closes_the_same_shift(api, services):
    # 06:00 entry never closed, a new shift at 12:00, its 18:00 exit awaiting review: the review closes the 12:00
    # shift (as the reports pair), so the 06:00 one is still a shift with no exit, as the timesheet says.
    d3 = _midnight(3)
    person = _person(services, "Ola Open")
    kiosk_punch(services, person, d3 + timedelta(hours=6), "entry")
    kiosk_punch(services, person, d3 + timedelta(hours=12), "entry")
    exit_ = kiosk_punch(services, person, d3 + timedelta(hours=18), "exit", state="pending")
    refused = _close(api, d3)
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"]) == (1, 1, 0)
    assert details["pending_event_ids"] == [exit_["id"]]
    sheet = api.get("/attendance/timesheet", query=f"date_from={d3.date()}&date_to={d3.date()}").json()
    (row,) = sheet["items"]
    assert (row["pending_reviews"], row["days_without_exit"]) == (1, 1)


def test_a_rename_does_not_change_what_is_undecided(api, services):
    d3 = _midnight(3)
    ann = _person(services, "Ann Doubt")
    bob = _person(services, "Bob Doubt")
    for person in (ann, bob):
        kiosk_punch(services, person, d3 + timedelta(hours=9), "entry", state="pending")
    shown = _close(api, d3).json()["error"]["details"]
    renamed = api.patch(f"/employees/{ann}", json_body={"full_name": "Zoe Doubt"})  # now listed after Bob
    assert renamed.status == 200, renamed.text
    forced = _close(api, d3, force=True, undecided_fingerprint=shown["fingerprint"], note="signed as is")
    assert forced.status == 200, forced.text
    assert forced.json()["history"][0]["pending_reviews"] == 2


def test_the_check_before_the_lock_is_kept_over_todays_punches_not_over_a_closable_days(services):
    from facepass import payroll, review
    from facepass.schemas import ReviewRequest

    d3 = _midnight(3)
    person = _person(services, "Ann Busy")
    doubt = kiosk_punch(services, person, d3 + timedelta(hours=9), "entry", state="pending")
    checked = payroll.check_undecided(services.db, services.settings, d3.date())
    assert [item["event_ids"] for item in checked.found] == [[doubt["id"]]]

    def still_valid() -> bool:
        with services.db.transaction() as cur:
            return payroll._still_valid(cur, services.settings, checked, None, d3.date())

    # Live check-ins, and a review of one of today's punches, change no closable day: the check stands.
    now = datetime.now(UTC)
    kiosk_punch(services, person, now - timedelta(minutes=5), "entry")
    today = kiosk_punch(services, person, now, "exit", state="pending")
    decided = review.review_event(services.db, today["id"], ReviewRequest(action="reject", note="a double"),
                                  actor="hr", settings=services.settings)
    assert decided.review_state == "rejected"
    assert still_valid()
    # A decision on the closable day's punch does change it: read again under the lock.
    review.review_event(services.db, doubt["id"], ReviewRequest(action="reject", note="not Ann"), actor="hr",
                        settings=services.settings)
    assert not still_valid()


def test_a_zone_committed_out_of_id_order_still_has_the_check_read_again(api, services, database_url):
    # A zone change takes no lock row: one begun first (a lower id) can commit after a later one and after the
    # watermark was read. The check made meanwhile must not be trusted.
    import psycopg

    from facepass import payroll

    slow_one = _person(services, "Sam Slow")
    quick_one = _person(services, "Quin Quick")
    slow = psycopg.connect(database_url)
    try:
        with slow.cursor() as cur:  # a change of zone in progress: its history row has the lower id
            cur.execute("UPDATE employees SET timezone = 'America/New_York' WHERE id = %s", (slow_one,))
        quick = api.patch(f"/employees/{quick_one}", json_body={"timezone": "Europe/Paris"})
        assert quick.status == 200, quick.text
        checked = payroll.check_undecided(services.db, services.settings, _midnight(3).date())
        slow.commit()
    finally:
        slow.close()
    with services.db.transaction() as cur:
        assert not payroll._still_valid(cur, services.settings, checked, None, _midnight(3).date())
