"""A close keeps the minutes it signed, per person and day (pay_period_close_minutes): after a reopen, a fix and a
close again, the timesheet (JSON and CSV) shows per row what was signed for its closed days and whether today's
figure differs, and the lock's history says how many people and minutes each close signed. Real PostgreSQL +
pgvector, the real API handler."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest

from facepass import payroll, repository
from facepass.schemas import PayPeriodLockRequest
from tests.conftest import fresh_database, kiosk_punch
from tests.integration.test_face_id_withdrawn_time import _sheet as _rows
from tests.integration.test_pay_period_lock import _midnight
from tests.integration.test_payroll_close import _close as close
from tests.integration.test_payroll_close import _person


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "closemin_" + uuid.uuid4().hex[:10])


def _shift(services, person, day, start_hour: int, hours: int) -> None:
    kiosk_punch(services, person, day + timedelta(hours=start_hour), "entry")
    kiosk_punch(services, person, day + timedelta(hours=start_hour + hours), "exit")


def test_a_reopen_fix_and_close_again_shows_whose_signed_minutes_moved(api, services):
    d6, d5, d4, d3 = _midnight(6), _midnight(5), _midnight(4), _midnight(3)
    ann = _person(services, "Ann Fixed")
    bob = _person(services, "Bob Same")
    _shift(services, ann, d5, 8, 8)  # 8 h on d5
    _shift(services, bob, d5, 9, 7)  # 7 h on d5
    _shift(services, bob, d4, 9, 6)  # 6 h on d4

    # Nothing closed: nothing signed.
    before = _rows(api, d6, d3)
    assert [(row["signed_minutes"], row["changed_since_signed"]) for row in before.values()] == [(None, False)] * 2

    closed = api.post("/payroll/lock", json_body={"closed_through": d4.date().isoformat()})
    assert closed.status == 200, closed.text
    first = closed.json()["history"][0]
    assert (first["people_signed"], first["minutes_signed"]) == (2, (8 + 7 + 6) * 60)
    signed = _rows(api, d6, d3)
    assert {name: (row["signed_minutes"], row["signed_days_minutes_now"], row["changed_since_signed"])
            for name, row in signed.items()} == {"Ann Fixed": (480, 480, False), "Bob Same": (780, 780, False)}

    # Ann's afternoon on d4 was forgotten: reopened, typed in (a whole shift by HR), closed again.
    reopened = api.post("/payroll/lock", json_body={"closed_through": d5.date().isoformat(),
                                                    "note": "Ann's afternoon"})
    assert reopened.status == 200, reopened.text
    assert (reopened.json()["history"][0]["people_signed"], reopened.json()["history"][0]["minutes_signed"]) == (
        None, None)
    typed = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(ann), "started_at": (d4 + timedelta(hours=13)).isoformat(),
        "ended_at": (d4 + timedelta(hours=16)).isoformat(), "note": "forgot her card"})
    assert typed.status == 201, typed.text
    # Reopened, before the close again: d4 is not closed, so only d5 (signed 8 h, unchanged) counts.
    between = _rows(api, d6, d3)
    assert (between["Ann Fixed"]["signed_minutes"], between["Ann Fixed"]["changed_since_signed"]) == (480, False)

    again = api.post("/payroll/lock", json_body={"closed_through": d4.date().isoformat()})
    assert again.status == 200, again.text
    history = again.json()["history"]
    # The new close signs only its newly closed day (d4): Ann's 3 h typed in, Bob's 6 h.
    assert (history[0]["people_signed"], history[0]["minutes_signed"]) == (2, (3 + 6) * 60)
    assert [(change["action"], change["people_signed"]) for change in history] == [
        ("close", 2), ("reopen", None), ("close", 2)]
    # Each day is signed as the latest close covering it signed it (d5: the first, 8 h; d4: the second, Ann's 3 h):
    # what payroll was last sent, and nothing moved since. What moved is the second close's adjustment: Ann's d4.
    now = _rows(api, d6, d3)
    assert {name: (row["signed_minutes"], row["signed_days_minutes_now"], row["worked_minutes"],
                   row["changed_since_signed"]) for name, row in now.items()} == {
        "Ann Fixed": (660, 660, 660, False), "Bob Same": (780, 780, 780, False)}
    assert (history[0]["people_adjusted"], history[0]["minutes_adjusted"]) == (1, 180)
    exported = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={d6.date()}&date_to={d3.date()}").text
    header, *lines = list(csv.reader(io.StringIO(exported)))
    at = header.index("signed_minutes")
    assert header[at:at + 3] == ["signed_minutes", "changed_since_signed", "settings_differ"]
    assert {line[1]: line[at:at + 2] for line in lines} == {"Ann Fixed": ["660", "false"], "Bob Same": ["780", "false"]}

    # Each close's own figures are kept: the first signed Ann 8 h on d5, the second 3 h on d4, all typed by HR.
    with services.db.transaction() as cur:
        cur.execute("SELECT m.close_id, m.day, m.worked_minutes, m.manual_minutes FROM pay_period_close_minutes m"
                    " WHERE m.employee_id = %s ORDER BY m.close_id, m.day", (ann,))
        kept = [(row["day"], row["worked_minutes"], row["manual_minutes"]) for row in cur.fetchall()]
    assert kept == [(d5.date(), 480, 0), (d4.date(), 180, 180)]

    # Reopened and closed again without a change: d4 is signed as the close before signed it, nothing moved.
    assert api.post("/payroll/lock", json_body={"closed_through": d5.date().isoformat(),
                                                "note": "checking"}).status == 200
    assert api.post("/payroll/lock", json_body={"closed_through": d4.date().isoformat()}).status == 200
    last = _rows(api, d6, d3)["Ann Fixed"]
    assert (last["signed_minutes"], last["signed_days_minutes_now"], last["changed_since_signed"]) == (
        660, 660, False)


def test_the_csv_leaves_signed_minutes_empty_when_no_day_is_closed(api, services):
    d5 = _midnight(5)
    dee = _person(services, "Dee Open")
    _shift(services, dee, d5, 8, 8)
    exported = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={d5.date()}&date_to={d5.date()}").text
    header, *lines = list(csv.reader(io.StringIO(exported)))
    at = header.index("signed_minutes")
    assert header[at:at + 2] == ["signed_minutes", "changed_since_signed"]
    assert [line[at:at + 2] for line in lines] == [["", "false"]]


def test_a_close_over_two_people_and_several_days_writes_its_rows_in_one_statement(services, monkeypatch):
    d7, d3 = _midnight(7), _midnight(3)
    eve, fay = _person(services, "Eve Many"), _person(services, "Fay Many")
    for n in range(4):
        _shift(services, eve, d7 + timedelta(days=n), 8, 8)
        _shift(services, fay, d7 + timedelta(days=n), 10, 5)
    statements: list[str] = []
    inserted = repository.insert_close_minutes

    class Counting:  # the close's own cursor, its statements noted
        def __init__(self, cur) -> None:
            self.cur = cur

        def execute(self, query, *args, **kwargs):
            statements.append(str(query))
            return self.cur.execute(query, *args, **kwargs)

    def counted(cur, close_id, signed):
        return inserted(Counting(cur), close_id, signed)

    monkeypatch.setattr(repository, "insert_close_minutes", counted)
    payroll.set_lock(services.db, services.settings, PayPeriodLockRequest(closed_through=d3.date()), actor="hr")
    assert len(statements) == 1 and "INSERT INTO pay_period_close_minutes" in statements[0]
    with services.db.transaction() as cur:
        cur.execute("SELECT e.full_name, m.day, m.worked_minutes FROM pay_period_close_minutes m"
                    " JOIN employees e ON e.id = m.employee_id ORDER BY e.full_name, m.day")
        rows = [(row["full_name"], row["day"], row["worked_minutes"]) for row in cur.fetchall()]
    assert rows == [(name, (d7 + timedelta(days=n)).date(), minutes)
                    for name, minutes in (("Eve Many", 480), ("Fay Many", 300)) for n in range(4)]


def test_a_persons_signed_minutes_go_with_them_and_stay_through_a_withdrawal(api, services):
    d5, d4 = _midnight(5), _midnight(4)
    gus = _person(services, "Gus Kept")
    _shift(services, gus, d5, 8, 8)
    assert api.post("/payroll/lock", json_body={"closed_through": d4.date().isoformat()}).status == 200
    withdrawn = api.delete(f"/employees/{gus}/biometric-consent")
    assert withdrawn.status == 200, withdrawn.text

    def kept() -> int:
        with services.db.transaction() as cur:
            cur.execute("SELECT count(*) AS n FROM pay_period_close_minutes WHERE employee_id = %s", (gus,))
            return cur.fetchone()["n"]

    assert kept() == 1  # payroll figures, not biometric: a withdrawal keeps them
    with services.db.transaction() as cur:
        cur.execute("DELETE FROM employees WHERE id = %s", (gus,))
    assert kept() == 0
    history = payroll.lock_state(services.db, services.settings).history
    assert (history[0].people_signed, history[0].minutes_signed) == (1, 480)  # what was signed then stays said


def _close(api, day, note: str | None = None) -> dict:
    """Close (or reopen) through `day`: the history row the close wrote."""
    answer = close(api, day, **({"note": note} if note else {}))
    assert answer.status == 200, answer.text
    return answer.json()["history"][0]


def _adjusted(api, change: dict) -> list[tuple]:
    answer = api.get(f"/payroll/closes/{change['id']}/adjustments")
    assert answer.status == 200, answer.text
    return [(item["full_name"], item["day"], item["signed_before"], item["signed_now"], item["delta"])
            for item in answer.json()["items"]]


def _typed(api, person, day, start_hour: int, hours: int) -> None:
    typed = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(person), "started_at": (day + timedelta(hours=start_hour)).isoformat(),
        "ended_at": (day + timedelta(hours=start_hour + hours)).isoformat(), "note": "forgotten"})
    assert typed.status == 201, typed.text


def test_each_close_pays_its_own_fix_once_and_the_timesheet_signs_the_latest(api, services):
    """The reader's scenario: Ann 8 h on d6, d5, d4; close A through d4; reopen to d6, +3 h on d5, close B; reopen
    to d5, +2 h on d4, close C; reopen to d5 and close D without a change. Each close's adjustments are its own fix
    only (B +180 on d5, C +120 on d4, D none), and the timesheet signs each day's latest signature."""
    d6, d5, d4 = _midnight(6), _midnight(5), _midnight(4)
    ann = _person(services, "Ann Reader")
    for day in (d6, d5, d4):
        _shift(services, ann, day, 8, 8)

    def row() -> tuple:
        found = _rows(api, d6, d4)["Ann Reader"]
        return found["signed_minutes"], found["signed_days_minutes_now"], found["changed_since_signed"]

    a = _close(api, d4)
    assert (a["people_adjusted"], a["minutes_adjusted"], a["minutes_added"], a["minutes_clawed_back"]) == (0, 0, 0, 0)
    assert _adjusted(api, a) == []  # a first close signs every day for the first time: no adjustment
    assert row() == (1440, 1440, False)

    _close(api, d6, "Ann's d5 afternoon")
    _typed(api, ann, d5, 17, 3)
    b = _close(api, d4)
    assert row() == (1620, 1620, False)  # the old comparison said 1440 / 1620 changed, paid again at the next close
    assert _adjusted(api, b) == [("Ann Reader", d5.date().isoformat(), 480, 660, 180)]  # d4 re-signed unchanged
    assert (b["people_adjusted"], b["minutes_adjusted"], b["minutes_added"], b["minutes_clawed_back"]) == (
        1, 180, 180, 0)

    _close(api, d5, "Ann's d4 evening")
    _typed(api, ann, d4, 17, 2)
    c = _close(api, d4)
    assert row() == (1740, 1740, False)
    assert _adjusted(api, c) == [("Ann Reader", d4.date().isoformat(), 480, 600, 120)]  # not the +180 again
    assert (c["people_adjusted"], c["minutes_adjusted"]) == (1, 120)

    _close(api, d5, "checking")
    d = _close(api, d4)
    assert _adjusted(api, d) == []
    assert (d["people_adjusted"], d["minutes_adjusted"]) == (0, 0)
    assert row() == (1740, 1740, False)

    # Something moving after the last close (a restore of an older database, a settings change) is what the flag
    # says: today's minutes of the closed days differ from what payroll was last sent.
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET occurred_at = occurred_at - interval '1 hour'"
                    " WHERE employee_id = %s AND event_type = 'exit' AND occurred_at = %s",
                    (ann, d6 + timedelta(hours=16)))
        assert cur.rowcount == 1
    assert row() == (1740, 1680, True)

    # The lock's history carries each close's totals; the CSV lists the rows with the person's zone.
    history = api.get("/payroll/lock").json()["history"]
    assert [(change["action"], change["people_adjusted"], change["minutes_adjusted"]) for change in history] == [
        ("close", 0, 0), ("reopen", None, None), ("close", 1, 120), ("reopen", None, None), ("close", 1, 180),
        ("reopen", None, None), ("close", 0, 0)]
    exported = api.get(f"/payroll/closes/{c['id']}/adjustments", headers={"accept": "text/csv"})
    assert exported.status == 200 and exported.headers["content-type"].startswith("text/csv")
    email = api.get(f"/employees/{ann}").json()["email"]
    assert list(csv.reader(io.StringIO(exported.text))) == [
        ["employee_id", "full_name", "timezone", "day", "signed_before", "signed_now", "delta", "employee_number",
         "email"],
        [str(ann), "Ann Reader", services.settings.report_timezone, d4.date().isoformat(), "480", "600", "120", "",
         email]]  # the payroll keys last, as in the other payroll files

    # A person deleted takes their adjustments with them (migration 0032's cascade), as their signed minutes.
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM pay_period_close_adjustments WHERE employee_id = %s", (ann,))
        assert cur.fetchone()["n"] == 2
        cur.execute("DELETE FROM employees WHERE id = %s", (ann,))
        cur.execute("SELECT count(*) AS n FROM pay_period_close_adjustments WHERE employee_id = %s", (ann,))
        assert cur.fetchone()["n"] == 0


def test_a_fix_that_takes_time_away_is_clawed_back_and_unknown_closes_are_404(api, services):
    d5, d4 = _midnight(5), _midnight(4)
    cy = _person(services, "Cy Less")
    _shift(services, cy, d5, 8, 8)
    first = _close(api, d4)
    _close(api, _midnight(6), "Cy left early")
    counted = api.get("/attendance", query=f"employee_id={cy}&date_from={d5.date()}&date_to={d5.date()}").json()
    exit_id = next(item["id"] for item in counted["items"] if item["event_type"] == "exit")
    replaced = api.post("/attendance/manual", json_body={
        "employee_id": str(cy), "event_type": "exit", "occurred_at": (d5 + timedelta(hours=14)).isoformat(),
        "note": "left at 14:00", "replaces": exit_id})
    assert replaced.status == 201, replaced.text
    again = _close(api, d4)
    assert _adjusted(api, again) == [("Cy Less", d5.date().isoformat(), 480, 360, -120)]
    assert (again["people_adjusted"], again["minutes_adjusted"], again["minutes_added"],
            again["minutes_clawed_back"]) == (1, -120, 0, 120)
    for unknown in (first["id"] + 1, 10**9):  # the reopen's row, and no row
        missing = api.get(f"/payroll/closes/{unknown}/adjustments")
        assert (missing.status, missing.json()["error"]["code"]) == (404, "close_not_found")


def test_a_close_after_a_reopen_of_everything_claws_back_a_day_left_without_any_punch(api, services):
    d5, d4 = _midnight(5), _midnight(4)
    di = _person(services, "Di Gone")
    _shift(services, di, d5, 8, 8)  # her only punches: the earliest event
    _close(api, d4)
    _close_everything = api.post("/payroll/lock", json_body={"closed_through": None, "note": "not her shift"})
    assert _close_everything.status == 200, _close_everything.text
    events = api.get("/attendance", query=f"employee_id={di}&date_from={d5.date()}&date_to={d5.date()}").json()
    for item in events["items"]:
        rejected = api.post(f"/attendance/{item['id']}/review",
                            json_body={"action": "reject", "note": "someone else's badge", "force": True})
        assert rejected.status == 200, rejected.text
    again = _close(api, d4)
    assert _adjusted(api, again) == [("Di Gone", d5.date().isoformat(), 480, 0, -480)]
    assert (again["people_adjusted"], again["minutes_adjusted"], again["minutes_clawed_back"]) == (1, -480, 480)
