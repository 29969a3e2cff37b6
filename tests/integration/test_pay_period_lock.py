"""Closing a pay period: once HR closes it (POST /payroll/lock), no change reaches the closed days' figures (409
period_closed, nothing written), a late kiosk capture into them is recorded awaiting review (period_closed), a
reopen lets it be decided, a close racing a change serialises, and erasure still works. Real PostgreSQL + pgvector,
real models, the real check-in path, local S3."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import attendance, employees, payroll, repository
from facepass.db import Database
from facepass.schemas import EmployeeCreate, ManualEventRequest, PayPeriodLockRequest
from tests.conftest import (
    enrolled_a_week_ago,
    event_and_audit_counts,
    fixture_bytes,
    fresh_database,
    kiosk_paired_days_ago,
    kiosk_punch,
    paused,
    run_into,
    wait_for_lock_waiters_at,
)

PROBE = "identities/fr_obama/obama3.jpg"
HR2 = {"sub": "hr-2", "username": "hr-2", "scope": "facepass/admin"}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "payperiod_" + uuid.uuid4().hex[:10])


@pytest.fixture
def obama(services) -> uuid.UUID:
    return enrolled_a_week_ago(services, "Barack Obama", "obama@example.com", "identities/fr_obama/train_obama.jpg")


@pytest.fixture
def door(services) -> str:
    """A kiosk paired four days ago (its offline captures of the past days are its own)."""
    return kiosk_paired_days_ago(services)


def _midnight(days_ago: int) -> datetime:
    return (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=0, minute=0, second=0, microsecond=0)


def _insert(services, person, at: datetime, kind: str, *, state: str = "none", status: str = "recognized") -> dict:
    return kiosk_punch(services, person, at, kind, state=state, status=status, reason="unknown")


def _row(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        return repository.get_attendance(cur, event_id)


def _minutes(api, first: date, last: date, person) -> tuple[list[int], str | None]:
    sheet = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}&employee_id={person}").json()
    return [day["worked_minutes"] for day in sheet["items"][0]["days"]], sheet["closed_through"]


def test_a_closed_period_refuses_every_change_and_writes_nothing_the_open_days_change(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Paid", email="p@example.com")).id
    closed_day, open_day = _midnight(3), _midnight(2)
    entry = _insert(services, person, closed_day + timedelta(hours=8), "entry")
    exit_ = _insert(services, person, closed_day + timedelta(hours=16), "exit")
    stranger = _insert(services, None, closed_day + timedelta(hours=12), "entry", state="pending", status="unknown")
    stranger_later = _insert(services, None, open_day + timedelta(hours=12), "entry", state="pending",
                             status="unknown")
    turned_later = _insert(services, None, open_day + timedelta(hours=13), "entry", state="pending", status="unknown")
    # The stranger awaits review on the closed day: a close over it is forced (test_close_over_undecided_days).
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_day.date().isoformat(),
                                                  "note": "November payroll signed", "force": True})
    assert closed.status == 200, closed.text
    assert closed.json()["closed_through"] == closed_day.date().isoformat()
    before = event_and_audit_counts(services)
    rows_before = {row["id"]: _row(services, row["id"]) for row in (entry, exit_, stranger)}

    def refused(response) -> None:
        assert (response.status, response.error_code) == (409, "period_closed"), response.text
        assert response.json()["error"]["details"]["closed_through"] == closed_day.date().isoformat()

    at = (closed_day + timedelta(hours=17)).isoformat()
    refused(api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": "exit",
                                                      "occurred_at": at, "note": "late exit"}))
    newcomer = employees.create_employee(services.db, EmployeeCreate(full_name="New", email="n@example.com")).id
    refused(api.post("/attendance/manual", json_body={"employee_id": str(newcomer), "event_type": "entry",
                                                      "occurred_at": at, "note": "first day"}))
    before = event_and_audit_counts(services)
    refused(api.post("/attendance/manual/shift", json_body={
        "employee_id": str(person), "started_at": (closed_day + timedelta(hours=18)).isoformat(),
        "ended_at": (closed_day + timedelta(hours=20)).isoformat(), "note": "evening shift"}))
    # A shift that begins in the closed days and ends in the open ones.
    refused(api.post("/attendance/manual/shift", json_body={
        "employee_id": str(person), "started_at": (open_day - timedelta(hours=2)).isoformat(),
        "ended_at": (open_day + timedelta(hours=4)).isoformat(), "note": "night shift"}))
    # A replacement whose new punch is in the open days, of a punch in the closed one.
    refused(api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "exit", "occurred_at": (open_day + timedelta(hours=1)).isoformat(),
        "note": "wrong exit", "replaces": exit_["id"]}))
    refused(api.post(f"/attendance/{stranger['id']}/review", json_body={"action": "reject", "note": "nobody"}))
    refused(api.post(f"/attendance/{stranger['id']}/review",
                     json_body={"action": "reassign", "employee_id": str(person), "note": "it was them"}))
    refused(api.post(f"/attendance/{exit_['id']}/review",  # a direction correction
                     json_body={"action": "confirm", "event_type": "entry", "note": "wrong button"}))
    refused(api.post(f"/attendance/{entry['id']}/review", json_body={"action": "reject", "note": "not them",
                                                                      "force": True}))
    assert event_and_audit_counts(services) == before
    assert {row_id: _row(services, row_id) for row_id in rows_before} == rows_before
    assert _minutes(api, closed_day.date(), open_day.date(), person) == ([480, 0], closed_day.date().isoformat())

    # The open days change as before.
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(person), "started_at": (open_day + timedelta(hours=8)).isoformat(),
        "ended_at": (open_day + timedelta(hours=15)).isoformat(), "note": "kiosk down"})
    assert shift.status == 201, shift.text
    decided = api.post(f"/attendance/{stranger_later['id']}/review", json_body={"action": "reject", "note": "nobody"})
    assert decided.status == 200, decided.text
    turned = api.post(f"/attendance/{turned_later['id']}/review", json_body={  # a direction correction
        "action": "reassign", "employee_id": str(newcomer), "event_type": "exit", "note": "the newcomer leaving"})
    assert turned.status == 200, turned.text
    assert (turned.json()["event_type"], turned.json()["direction_source"]) == ("exit", "hr")
    assert _minutes(api, closed_day.date(), open_day.date(), person) == ([480, 420], closed_day.date().isoformat())
    csv_text = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={closed_day.date()}&date_to={open_day.date()}").text
    header, row = (line.split(",") for line in csv_text.splitlines()[:2])
    assert header[-11:] == ["closed_through", "manual_minutes", "face_id_withdrawn", "signed_minutes",
                            "changed_since_signed", "settings_differ", "employee_number", "email",
                            "overtime_minutes", "incomplete_weeks_minutes", "absence_minutes"]
    assert (row[header.index("closed_through")], row[header.index("settings_differ")]) == (
        closed_day.date().isoformat(), "false")


def test_the_lock_keeps_its_history_a_repeat_changes_nothing_and_a_reopen_needs_a_note(api, services):
    today = datetime.now(UTC).date()
    first, second = (today - timedelta(days=10)).isoformat(), (today - timedelta(days=3)).isoformat()
    latest = payroll.latest_closable(services.settings).isoformat()
    running = {"report_timezone": "UTC", "max_shift_hours": 16, "repeat_window_seconds": 120}
    assert api.get("/payroll/lock").json() == {"closed_through": None, "changed_at": None, "changed_by": None,
                                               "note": None, "history": [], "latest_closable": latest,
                                               "closed_with": None, "running": running, "settings_differ": False,
                                               "differing_settings": []}
    once = api.post("/payroll/lock", json_body={"closed_through": first, "note": "signed"})
    again = api.post("/payroll/lock", json_body={"closed_through": first, "note": "signed"})
    assert once.status == again.status == 200 and once.json() == again.json()
    assert [(h["action"], h["closed_through"], h["previous"], h["actor"]) for h in once.json()["history"]] == [
        ("close", first, None, "test-admin")]
    for body, code in [({"closed_through": (today + timedelta(days=1)).isoformat()}, "closed_through_not_over"),
                       ({"closed_through": today.isoformat()}, "closed_through_not_over"),
                       ({"closed_through": "9999-12-31"}, "closed_through_not_over"),  # the calendar's end
                       ({"closed_through": "2026-13-01"}, "validation_error"),
                       ({"closed_through": "30.11.2026"}, "validation_error"),
                       ({"closed_through": 20261130}, "validation_error"),
                       ({"note": "no date"}, "validation_error"),
                       ({"closed_through": first, "extra": 1}, "validation_error"),
                       ({"closed_through": (today - timedelta(days=20)).isoformat()}, "reopen_note_required"),
                       ({"closed_through": None, "note": "  "}, "reopen_note_required")]:
        response = api.post("/payroll/lock", json_body=body)
        assert (response.status, response.error_code) == (422, code), (body, response.text)
    moved = api.post("/payroll/lock", json_body={"closed_through": second}, claims=HR2)
    assert moved.status == 200, moved.text
    reopened = api.post("/payroll/lock", json_body={"closed_through": first, "note": "a late correction"})
    assert reopened.status == 200, reopened.text
    state = api.get("/payroll/lock").json()
    assert (state["closed_through"], state["changed_by"], state["note"]) == (first, "test-admin",
                                                                             "a late correction")
    assert [(h["action"], h["closed_through"], h["previous"], h["actor"], h["note"]) for h in state["history"]] == [
        ("reopen", first, second, "test-admin", "a late correction"),
        ("close", second, first, "hr-2", None),
        ("close", first, None, "test-admin", "signed")]
    everything = api.post("/payroll/lock", json_body={"closed_through": None, "note": "wrong company"})
    assert everything.json()["closed_through"] is None and everything.json()["history"][0]["action"] == "reopen"
    with services.db.transaction() as cur, pytest.raises(Exception, match="append-only"):  # the history's
        cur.execute("UPDATE pay_period_lock_history SET actor = 'someone else'")


def test_a_late_capture_into_a_closed_period_is_recorded_for_review_and_decided_after_a_reopen(api, services,
                                                                                               obama, door):
    yesterday = _midnight(3)  # a day closable whatever the hour (closable_from: 28 hours after it ends)
    # Its captures of that evening are up to 78 hours old: a kiosk allowed to keep them four days.
    kiosk = services.settings.model_copy(update={"offline_max_age_hours": 96})
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(obama), "started_at": (yesterday + timedelta(hours=8)).isoformat(),
        "ended_at": (yesterday + timedelta(hours=16)).isoformat(), "note": "kiosk down"})
    assert shift.status == 201, shift.text
    assert api.post("/payroll/lock", json_body={"closed_through": yesterday.date().isoformat()}).status == 200
    before = _minutes(api, yesterday.date(), yesterday.date(), obama)
    assert before == ([480], yesterday.date().isoformat())

    # The kiosk was offline last night: its queued check-in of 18:00 yesterday arrives now.
    result, status = attendance.record_check(services.db, services.s3, services.engine, kiosk,
                                             data=fixture_bytes(PROBE), event_type="entry", device_id=door,
                                             captured_at=yesterday + timedelta(hours=18))
    assert status == 201
    late = _row(services, result.event.id)
    assert late["employee_id"] == obama and late["offline"]
    assert (late["review_state"], payroll.REASON in late["review_reasons"]) == ("pending", True)
    assert late["snapshot_key"].startswith("review-snapshots/")  # kept with the review's photos
    assert _minutes(api, yesterday.date(), yesterday.date(), obama) == before
    # And an exit of it sent late too (check-out at 20:00): recorded, not counted.
    result, status = attendance.record_check(services.db, services.s3, services.engine, kiosk,
                                             data=fixture_bytes(PROBE), event_type="exit", device_id=door,
                                             captured_at=yesterday + timedelta(hours=20))
    assert status == 201 and _row(services, result.event.id)["review_state"] == "pending"
    assert _minutes(api, yesterday.date(), yesterday.date(), obama) == before
    # A door used both ways (the server decides the direction): the same.
    punched, status = attendance.record_check(services.db, services.s3, services.engine, kiosk,
                                              data=fixture_bytes(PROBE), event_type="auto", device_id=door,
                                              captured_at=yesterday + timedelta(hours=21))
    assert status == 201 and payroll.REASON in _row(services, punched.event.id)["review_reasons"]
    assert _minutes(api, yesterday.date(), yesterday.date(), obama) == before

    refused = api.post(f"/attendance/{late['id']}/review", json_body={"action": "confirm", "note": "it was him"})
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert "Reopen" in refused.json()["error"]["message"]
    day_before = (yesterday - timedelta(days=1)).date().isoformat()
    reopened = api.post("/payroll/lock", json_body={"closed_through": day_before, "note": "late kiosk captures"})
    assert reopened.status == 200
    for event_id in (late["id"], result.event.id):
        confirmed = api.post(f"/attendance/{event_id}/review", json_body={"action": "confirm", "note": "it was him"})
        assert confirmed.status == 200, confirmed.text
    assert _minutes(api, yesterday.date(), yesterday.date(), obama)[0] == [600]  # 8 h + 2 h


def test_a_close_racing_a_change_serialises(services, database_url, monkeypatch):
    """A change holds the lock row FOR SHARE to its commit: a close that comes meanwhile waits, and the change
    lands (in the period the close then closes). A close holds it FOR UPDATE to its commit: a change that comes
    meanwhile waits and is then refused."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Racer", email="r@example.com")).id
    day = _midnight(3)
    punch = ManualEventRequest(employee_id=person, event_type="entry", occurred_at=day + timedelta(hours=9),
                               note="forgot")
    close = PayPeriodLockRequest(closed_through=day.date(), note="signed", force=True)  # over the entry's open shift
    results: dict = {}

    from facepass import review

    reached, go = paused(monkeypatch, payroll, "refuse_closed", after=True)  # checked, lock row held FOR SHARE
    def started(label: str, call) -> threading.Thread:  # on a connection of its own
        thread = threading.Thread(target=run_into, args=(results, label, lambda: call(Database(database_url))))
        thread.start()
        return thread

    change = started("change", lambda db: review.add_event(db, services.settings, punch, actor="hr"))
    assert reached.wait(30)
    closing = started("close", lambda db: payroll.set_lock(db, services.settings, close, actor="hr-2"))
    wait_for_lock_waiters_at(database_url, 1, [closing])
    assert closing.is_alive()  # the close waits for the change
    go.set()
    change.join()
    closing.join()
    assert results["change"].occurred_at == day + timedelta(hours=9), results["change"]
    assert results["close"].closed_through == day.date()
    monkeypatch.undo()

    # The other way round: the close holds the lock row; a change coming meanwhile waits and then sees it.
    reopen = PayPeriodLockRequest(closed_through=None, note="again")
    assert payroll.set_lock(services.db, services.settings, reopen, actor="hr").closed_through is None
    reached, go = paused(monkeypatch, repository, "set_pay_period_lock", after=True)
    closing = started("close", lambda db: payroll.set_lock(db, services.settings, close, actor="hr-2"))
    assert reached.wait(30)
    exit_ = ManualEventRequest(employee_id=person, event_type="exit", occurred_at=day + timedelta(hours=17),
                               note="forgot")
    change = started("change", lambda db: review.add_event(db, services.settings, exit_, actor="hr"))
    wait_for_lock_waiters_at(database_url, 1, [change])
    assert change.is_alive()  # the change waits for the close
    go.set()
    closing.join()
    change.join()
    assert getattr(results["change"], "code", None) == "period_closed", results["change"]
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log WHERE employee_id = %s", (person,))
        assert cur.fetchone()["n"] == 1  # the entry only: the refused exit wrote nothing


def test_erasure_works_in_a_closed_period(api, services, obama, door):
    yesterday = _midnight(3)  # a closable day; its morning capture is up to 88 hours old
    kiosk = services.settings.model_copy(update={"offline_max_age_hours": 96})
    result, status = attendance.record_check(services.db, services.s3, services.engine, kiosk,
                                             data=fixture_bytes(PROBE), event_type="entry", device_id=door,
                                             captured_at=yesterday + timedelta(hours=8))
    assert status == 201
    assert api.post("/payroll/lock", json_body={"closed_through": yesterday.date().isoformat(),
                                                "force": True, "note": "signed"}).status == 200  # over an open shift
    erased = api.delete(f"/employees/{obama}", query="erase=true")
    assert erased.status == 200, erased.text
    row = _row(services, result.event.id)
    assert (row["similarity"], row["liveness_score"], row["employee_id"]) == (None, None, obama)  # the punch stays
    assert api.get("/payroll/lock").json()["closed_through"] == yesterday.date().isoformat()


def test_a_night_shift_counted_on_a_closed_day_does_not_change_from_the_next_morning(api, services, obama, door):
    """The timesheet counts a shift on its entry's day: with an entry at 22:00 on closed day D, a punch on D+1 that
    would close, reopen or break that shift is in the closed period too (refused, or a kiosk's sent to review)."""
    night = employees.create_employee(services.db, EmployeeCreate(full_name="Night", email="n@example.com")).id
    day = _midnight(3)  # closed; D+1 stays open
    next_day = (day + timedelta(days=1)).date()
    _insert(services, night, day + timedelta(hours=22), "entry")
    exit_ = _insert(services, night, day + timedelta(hours=30), "exit")  # D+1 06:00
    pending_exit = _insert(services, night, day + timedelta(hours=31), "exit", state="pending")
    open_night = employees.create_employee(services.db, EmployeeCreate(full_name="Open", email="o@example.com")).id
    _insert(services, open_night, day + timedelta(hours=22), "entry")  # no exit counted yet
    awaiting = _insert(services, open_night, day + timedelta(hours=29), "exit", state="pending")
    _insert(services, obama, day + timedelta(hours=22), "entry")
    # Forced: the open night and the pending exits are what this test decides after the close.
    assert api.post("/payroll/lock", json_body={"closed_through": day.date().isoformat(),
                                                "force": True, "note": "signed"}).status == 200
    before = event_and_audit_counts(services)

    def refused(response) -> None:
        assert (response.status, response.error_code) == (409, "period_closed"), response.text
        assert response.json()["error"]["details"]["day"] == day.date().isoformat()

    refused(api.post("/attendance/manual", json_body={  # a replacement of the morning's exit
        "employee_id": str(night), "event_type": "exit", "occurred_at": (day + timedelta(hours=33)).isoformat(),
        "note": "left at 9", "replaces": exit_["id"]}))
    refused(api.post(f"/attendance/{exit_['id']}/review", json_body={"action": "reject", "note": "x", "force": True}))
    refused(api.post(f"/attendance/{exit_['id']}/review", json_body={  # a direction correction
        "action": "confirm", "event_type": "entry", "note": "wrong button", "force": True}))
    refused(api.post("/attendance/manual", json_body={  # an entry that breaks the night
        "employee_id": str(night), "event_type": "entry", "occurred_at": (day + timedelta(hours=27)).isoformat(),
        "note": "came back"}))
    refused(api.post(f"/attendance/{awaiting['id']}/review", json_body={  # the open night's exit awaiting review
        "action": "confirm", "note": "it was them"}))
    refused(api.post("/attendance/manual", json_body={  # the open night's missing exit
        "employee_id": str(open_night), "event_type": "exit", "occurred_at": (day + timedelta(hours=30)).isoformat(),
        "note": "forgot to check out"}))
    assert event_and_audit_counts(services) == before
    assert _minutes(api, day.date(), next_day, night)[0] == [480, 0]
    assert _minutes(api, day.date(), next_day, open_night)[0] == [0, 0]
    # A pending exit after the counted one follows an exit: its review is not refused (the night stays 480).
    confirmed = api.post(f"/attendance/{pending_exit['id']}/review", json_body={"action": "reject", "note": "twice"})
    assert confirmed.status == 200, confirmed.text

    # The kiosk was offline: its check-out of D+1 06:00 arrives now; recorded awaiting review, the night unpaid.
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(PROBE), event_type="exit", device_id=door,
                                             captured_at=day + timedelta(hours=30))
    assert status == 201
    late = _row(services, result.event.id)
    assert (late["review_state"], payroll.REASON in late["review_reasons"]) == ("pending", True)
    assert _minutes(api, day.date(), next_day, obama)[0] == [0, 0]
    # The day shift of D+1 after the night ends is open as before.
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(night), "started_at": (day + timedelta(hours=32)).isoformat(),
        "ended_at": (day + timedelta(hours=36)).isoformat(), "note": "kiosk down"})
    assert shift.status == 201, shift.text
    assert _minutes(api, day.date(), next_day, night)[0] == [480, 240]


def test_a_day_can_be_closed_once_it_is_over_everywhere_and_its_longest_shift_has_ended(api, services):
    """Day D is closable from D+1 12:00 UTC (D+1 begins at UTC-12) plus FACEPASS_MAX_SHIFT_HOURS: closing today, or
    yesterday early in the UTC morning, would cut into days still running behind UTC, or a night begun on it."""
    settings, hours = services.settings, services.settings.max_shift_hours
    day = date(2020, 11, 30)
    opens = datetime(2020, 12, 1, 12, tzinfo=UTC) + timedelta(hours=hours)
    assert payroll.closable_from(settings, day) == opens
    assert payroll.latest_closable(settings, opens) == day
    assert payroll.latest_closable(settings, opens - timedelta(microseconds=1)) == day - timedelta(days=1)
    close = PayPeriodLockRequest(closed_through=day, note=None)
    with pytest.raises(Exception) as refused:
        payroll.set_lock(services.db, settings, close, actor="hr", now=opens - timedelta(seconds=1))
    assert (refused.value.code, refused.value.status) == ("closed_through_not_over", 422)
    assert refused.value.details == {"closable_from": opens.isoformat(),
                                     "latest_closable": (day - timedelta(days=1)).isoformat()}
    assert payroll.lock_state(services.db, settings).closed_through is None  # nothing written
    state = payroll.set_lock(services.db, settings, close, actor="hr", now=opens)
    assert (state.closed_through, state.latest_closable) == (day, day)

    # Over the API, at the real time: today and the latest closable day's next are refused, saying from when.
    latest = payroll.latest_closable(settings)
    for wanted in (datetime.now(UTC).date(), latest + timedelta(days=1)):
        response = api.post("/payroll/lock", json_body={"closed_through": wanted.isoformat()})
        assert (response.status, response.error_code) == (422, "closed_through_not_over"), response.text
        details = response.json()["error"]["details"]
        assert details == {"closable_from": payroll.closable_from(settings, wanted).isoformat(),
                           "latest_closable": latest.isoformat()}
        assert datetime.fromisoformat(details["closable_from"]) > datetime.now(UTC)
    closed = api.post("/payroll/lock", json_body={"closed_through": latest.isoformat()})
    assert closed.status == 200 and closed.json()["latest_closable"] == latest.isoformat()


def test_a_close_from_a_stale_view_is_refused_not_taken_as_a_reopen(api, services):
    """expected_closed_through: the date the client showed. A tab still showing "nothing closed" that closes an
    earlier day than the lock's gets 409 lock_changed, nothing written; not sent, the request is taken as before."""
    later, earlier = _midnight(3).date().isoformat(), _midnight(10).date().isoformat()
    assert api.post("/payroll/lock", json_body={"closed_through": later, "note": "Nov",
                                                "expected_closed_through": None}, claims=HR2).status == 200
    state = api.get("/payroll/lock").json()
    stale = api.post("/payroll/lock", json_body={"closed_through": earlier, "note": "October signed",
                                                 "expected_closed_through": None})
    assert (stale.status, stale.error_code) == (409, "lock_changed"), stale.text
    details = stale.json()["error"]["details"]
    assert (details["closed_through"], details["changed_by"]) == (later, "hr-2")
    assert datetime.fromisoformat(details["changed_at"]) == datetime.fromisoformat(state["changed_at"])
    other = api.post("/payroll/lock", json_body={"closed_through": None, "note": "x",
                                                 "expected_closed_through": earlier})
    assert (other.status, other.error_code) == (409, "lock_changed"), other.text
    assert api.get("/payroll/lock").json() == state  # nothing written
    # The date it already has: a retry of a close that landed, answered as before.
    retry = api.post("/payroll/lock", json_body={"closed_through": later, "note": "Nov",
                                                 "expected_closed_through": None})
    assert retry.status == 200 and retry.json() == state
    # The view is current: the reopen lands.
    reopened = api.post("/payroll/lock", json_body={"closed_through": earlier, "note": "a correction",
                                                    "expected_closed_through": later})
    assert reopened.status == 200 and reopened.json()["history"][0]["action"] == "reopen", reopened.text
    # Not sent: no check (an earlier date is a reopen, as before).
    unchecked = api.post("/payroll/lock", json_body={"closed_through": _midnight(12).date().isoformat(),
                                                     "note": "older"})
    assert unchecked.status == 200 and unchecked.json()["history"][0]["action"] == "reopen"
    bad = api.post("/payroll/lock", json_body={"closed_through": later, "expected_closed_through": "yesterday"})
    assert (bad.status, bad.error_code) == (422, "validation_error"), bad.text


def test_the_lock_free_boundary_leaves_no_closable_day_within_reach():
    """lock_free_from(now): a capture at T at or after it reaches no day a close could reach before now + the
    margin (every day it can be in is closable later than that); one microsecond earlier, it can (the bound is
    tight); a live capture is past it but in the margin's minutes before a day becomes closable."""
    from facepass.config import Settings

    for hours in (1, 8, 16, 48):
        settings = Settings(max_shift_hours=hours)
        start = datetime(2026, 11, 28, tzinfo=UTC)
        for step in range(0, 3 * 24 * 60, 7):  # every 7 minutes over three days
            now = start + timedelta(minutes=step)
            boundary = payroll.lock_free_from(settings, now)
            reached = payroll.earliest_day_reached(settings, boundary)
            assert payroll.closable_from(settings, reached) > now + payroll.LOCK_FREE_MARGIN
            # The next day of the earliest reached is later still; the day before it is closable by then.
            just_before = payroll.earliest_day_reached(settings, boundary - timedelta(microseconds=1))
            assert payroll.closable_from(settings, just_before) <= now + payroll.LOCK_FREE_MARGIN
            # Every zone (UTC-12 .. UTC+14) and every entry up to a shift before: no earlier day than `reached`.
            for offset in range(-12, 15):
                for back in (0, hours):
                    day = (boundary - timedelta(hours=back) + timedelta(hours=offset)).date()
                    assert day >= reached
            live = now >= boundary
            next_closable = payroll.closable_from(settings, payroll.latest_closable(settings, now) + timedelta(days=1))
            assert live == (next_closable - now > payroll.LOCK_FREE_MARGIN), (hours, now)


def test_a_live_check_in_never_waits_for_a_close_a_late_capture_does(services, database_url, obama, door):
    """A close in progress holds the lock row FOR UPDATE: a live check-in (its moment past lock_free_from) is
    recorded without reading it; an offline capture of three days ago reads it FOR SHARE and waits for the close."""
    import psycopg

    from tests.conftest import wait_for_lock_waiters

    now = datetime.now(UTC)
    # A shift length that puts the day's boundary (closable_from: 12:00 UTC + shift) twelve hours from now.
    settings = services.settings.model_copy(update={"max_shift_hours": now.hour or 24, "offline_max_age_hours": 96})
    assert now + timedelta(minutes=5) >= payroll.lock_free_from(settings, now + timedelta(minutes=5))
    results: dict = {}
    db = Database(database_url)

    def check(label: str, captured_at: datetime | None) -> threading.Thread:
        return threading.Thread(target=run_into, args=(results, label, lambda: attendance.record_check(
            db, services.s3, services.engine, settings, data=fixture_bytes(PROBE), event_type="entry",
            device_id=door, captured_at=captured_at)))

    holder = psycopg.connect(database_url)
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT closed_through FROM pay_period_lock WHERE id FOR UPDATE")  # a close in progress
            live = check("live", None)
            live.start()
            wait_for_lock_waiters(cur, 1, [live])
            live.join(timeout=60)
            assert not live.is_alive()  # it ended, never waiting behind the close
            late = check("late", _midnight(3) + timedelta(hours=9))
            late.start()
            wait_for_lock_waiters(cur, 1, [late])
            assert late.is_alive()  # it waits for the close
        holder.commit()
    finally:
        holder.close()
    late.join()
    recorded, status = results["live"]
    assert status == 201 and _row(services, recorded.event.id)["review_state"] == "none"
    arrived, status = results["late"]
    assert status == 201 and _row(services, arrived.event.id)["offline"]


def test_a_lock_closed_under_a_shorter_longest_shift_still_catches_a_live_punch_after_the_setting_grows(
        services, obama, door):
    # Closed with FACEPASS_MAX_SHIFT_HOURS=8, then raised to 72: a live exit now closes a shift begun on the closed
    # day, though under the new setting that day could not have been closed yet; the lock is read, not skipped.
    short, long = (services.settings.model_copy(update={"max_shift_hours": hours}) for hours in (8, 72))
    day = _midnight(2)
    assert payroll.set_lock(services.db, short, PayPeriodLockRequest(closed_through=day.date()),
                            actor="hr").closed_through == day.date()
    _insert(services, obama, day + timedelta(hours=23), "entry")
    result, status = attendance.record_check(services.db, services.s3, services.engine, long,
                                             data=fixture_bytes(PROBE), event_type="exit", device_id=door)
    assert status == 201
    assert payroll.REASON in _row(services, result.event.id)["review_reasons"]
    # The date it has, asked again under the longer setting: a retry, not "not over yet".
    again = payroll.set_lock(services.db, long, PayPeriodLockRequest(closed_through=day.date()), actor="hr")
    assert again.closed_through == day.date() and len(again.history) == 1


def test_an_exit_after_a_double_press_across_midnight_is_weighed_on_the_first_presss_day(api, services):
    # The reports pair the first of two entries a repeat window apart: a shift whose first press was on the closed
    # day counts there, even when the second press (counted on its own, e.g. flagged then confirmed) is after
    # midnight.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Night", email="night@example.com")).id
    closed_day = _midnight(3)
    _insert(services, person, closed_day + timedelta(hours=23, minutes=59, seconds=55), "entry")
    _insert(services, person, closed_day + timedelta(days=1, seconds=5), "entry")
    assert api.post("/payroll/lock", json_body={"closed_through": closed_day.date().isoformat(),
                                                "force": True, "note": "signed"}).status == 200  # over a missing exit
    refused = api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "exit",
        "occurred_at": (closed_day + timedelta(days=1, hours=6)).isoformat(), "note": "forgot"})
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"]["day"] == closed_day.date().isoformat()


@pytest.mark.parametrize("punches, exit_after", [
    # Three entries, each a minute apart: the third is over the repeat window after the first, so it opens the
    # shift the exit closes, on the open day (the reports pair it so).
    ([("entry", timedelta(minutes=-1, seconds=-30)), ("entry", timedelta(seconds=-30)),
      ("entry", timedelta(seconds=40))], timedelta(hours=6)),
    # A double press whose first entry is more than the longest shift before the exit: the exit closes nothing.
    ([("entry", timedelta(seconds=-30)), ("entry", timedelta(seconds=30))], timedelta(hours=16, seconds=20)),
    # An exit and an entry at the same instant after midnight: the exit closes the night's shift (exits sort first),
    # and the new exit closes the open day's.
    ([("entry", timedelta(seconds=-10)), ("exit", timedelta(seconds=20)), ("entry", timedelta(seconds=20))],
     timedelta(hours=6, seconds=20)),
])
def test_a_punch_the_reports_pair_with_an_open_days_entry_is_not_refused(api, services, punches, exit_after):
    # The closed-day check pairs as the reports do: where they count the shift on the open day (or nowhere), the
    # punch changes no closed figure and goes through.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Presser",
                                                                   email=f"{uuid.uuid4().hex}@example.com")).id
    midnight = _midnight(2)  # the first open day's start; the day before it is closed
    for kind, offset in punches:
        _insert(services, person, midnight + offset, kind)
    closed = (midnight - timedelta(days=1)).date().isoformat()
    # Forced: a shift of the closed day may be open (the exit typed next is what is tested).
    assert api.post("/payroll/lock", json_body={"closed_through": closed, "force": True,
                                                "note": "signed"}).status == 200
    sheet_before = _minutes(api, midnight.date() - timedelta(days=1), midnight.date() - timedelta(days=1), person)
    added = api.post("/attendance/manual", json_body={
        "employee_id": str(person), "event_type": "exit", "occurred_at": (midnight + exit_after).isoformat(),
        "note": "forgot"})
    assert added.status in (201, 409) and added.error_code != "period_closed", added.text
    assert _minutes(api, midnight.date() - timedelta(days=1), midnight.date() - timedelta(days=1),
                    person) == sheet_before
