"""Correcting a paid absence (PATCH /attendance/absences/{id}; README "Absences", *Correcting one*) on real
PostgreSQL through the API handler: its kind, minutes or note changed in place, one History row (field `absence`,
before and after both set) by the actor, checked as an add and a delete are (404, 403 own_record, 409 period_closed,
absence_exists, absence_day_full, a scoped reviewer's people only); the timesheet, its CSV and the daily report follow
the changed minutes; a PATCH that changes nothing writes nothing."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest

from tests.conftest import fresh_database, with_settings
from tests.integration.absence_support import CLERK, HR, LEAD
from tests.integration.absence_support import person as _person
from tests.integration.absence_support import today as _today


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "absences_edit_" + uuid.uuid4().hex[:10])


def _add(api, person: str, day: date, kind: str = "vacation", minutes: int = 480, note: str | None = None,
         claims: dict = HR) -> dict:
    added = api.post("/attendance/absences", json_body={"employee_id": person, "day": day.isoformat(), "kind": kind,
                                                        "minutes": minutes, "note": note}, claims=claims)
    assert added.status == 201, added.text
    return added.json()


def _rows(services) -> list[tuple]:
    with services.db.transaction() as cur:
        cur.execute("SELECT id, day, kind, minutes, note FROM absences ORDER BY id")
        return [(row["id"], row["day"], row["kind"], row["minutes"], row["note"]) for row in cur.fetchall()]


def _history(api, person: str) -> list[tuple]:
    items = api.get(f"/employees/{person}/audit", claims=HR).json()["items"]
    return [(row["actor"], row["before"], row["after"]) for row in items if row["field"] == "absence"]


def _sheet_row(api, person: str, day: date) -> dict:
    sheet = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}&employee_id={person}")
    assert sheet.status == 200, sheet.text
    return sheet.json()["items"][0]


def test_changing_the_minutes_moves_the_timesheet_the_daily_report_and_the_csv_and_is_audited(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = _add(api, amy, day, note="booked in March")
    assert _sheet_row(api, amy, day)["absence_minutes"] == 480

    changed = api.patch(f"/attendance/absences/{added['id']}", json_body={"minutes": 240}, claims=LEAD)
    assert changed.status == 200, changed.text
    body = changed.json()
    assert {key: body[key] for key in ("id", "employee_id", "day", "kind", "minutes", "note", "created_by")} == {
        "id": added["id"], "employee_id": amy, "day": day.isoformat(), "kind": "vacation", "minutes": 240,
        "note": "booked in March", "created_by": "hr@example.com"}
    assert _rows(services) == [(added["id"], day, "vacation", 240, "booked in March")]
    # One History row by the actor, what it was and what it is (a change's rows carry the note after the minutes).
    assert _history(api, amy) == [
        ("hr@example.com", None, f"{day} vacation 480"),
        ("lead@example.com", f"{day} vacation 480 booked in March", f"{day} vacation 240 booked in March")]

    # The figures read the table: the timesheet (its JSON and the payroll CSV) and the daily report follow.
    row = _sheet_row(api, amy, day)
    assert row["absence_minutes"] == 240 and row["days"][0]["absence_minutes"] == 240
    exported = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}",
                       headers={"accept": "text/csv"})
    lines = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert next(line for line in lines[1:] if line[0] == amy)[lines[0].index("absence_minutes")] == "240"
    daily = api.get("/attendance/daily", query=f"date={day}").json()["items"]
    assert [(item["full_name"], item["absence_minutes"], item["absence_kinds"]) for item in daily] == [
        ("Amy", 240, ["vacation"])]


def test_changing_the_kind_and_the_note_and_clearing_the_note(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = _add(api, amy, day)
    kind = api.patch(f"/attendance/absences/{added['id']}", json_body={"kind": "sick", "note": "flu"})
    assert kind.status == 200, kind.text
    assert (kind.json()["kind"], kind.json()["minutes"], kind.json()["note"]) == ("sick", 480, "flu")
    daily = api.get("/attendance/daily", query=f"date={day}").json()["items"]
    assert [item["absence_kinds"] for item in daily] == [["sick"]]
    cleared = api.patch(f"/attendance/absences/{added['id']}", json_body={"note": None})
    assert cleared.status == 200, cleared.text
    assert cleared.json()["note"] is None
    assert _rows(services) == [(added["id"], day, "sick", 480, None)]
    assert _history(api, amy) == [
        ("hr@example.com", None, f"{day} vacation 480"),
        ("test-admin", f"{day} vacation 480", f"{day} sick 480 flu"),
        ("test-admin", f"{day} sick 480 flu", f"{day} sick 480")]


def test_a_kind_the_person_has_that_day_already_is_refused_as_an_add_refuses_it(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    vacation = _add(api, amy, day, "vacation", 240)
    sick = _add(api, amy, day, "sick", 240)
    before = (_rows(services), _history(api, amy))
    taken = api.patch(f"/attendance/absences/{vacation['id']}", json_body={"kind": "sick"})
    assert (taken.status, taken.error_code) == (409, "absence_exists"), taken.text
    assert taken.json()["error"]["details"] == {"absence_id": sick["id"]}
    assert (_rows(services), _history(api, amy)) == before


def test_a_day_over_24_hours_is_refused_and_the_changed_absence_does_not_count_twice(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    vacation = _add(api, amy, day, "vacation", 480)
    sick = _add(api, amy, day, "sick", 960)  # 1440: the day is full
    before = (_rows(services), _history(api, amy))
    full = api.patch(f"/attendance/absences/{vacation['id']}", json_body={"minutes": 481})
    assert (full.status, full.error_code) == (409, "absence_day_full"), full.text
    # As the add says it: what the day's other absences come to.
    assert full.json()["error"]["details"] == {"day": day.isoformat(), "recorded_minutes": 960}
    assert (_rows(services), _history(api, amy)) == before
    # A full day's absence made shorter is not counted beside itself (1440 + 950 is not what the day would hold).
    shorter = api.patch(f"/attendance/absences/{sick['id']}", json_body={"minutes": 950})
    assert shorter.status == 200, shorter.text
    # The kind changed to another free one with its minutes: the day's total is what it checks.
    other = api.patch(f"/attendance/absences/{vacation['id']}", json_body={"kind": "other", "minutes": 490})
    assert other.status == 200, other.text
    assert sorted((kind, minutes) for _, _, kind, minutes, _ in _rows(services)) == [("other", 490), ("sick", 950)]


def test_a_closed_days_absence_is_not_changed(api, services):
    amy = _person(api, "Amy")
    closed_day = _today() - timedelta(days=6)
    kept = _add(api, amy, closed_day, "sick", 480)
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_day.isoformat(), "note": "signed",
                                                  "force": True})
    assert closed.status == 200, closed.text
    before = (_rows(services), _history(api, amy))
    refused = api.patch(f"/attendance/absences/{kept['id']}", json_body={"minutes": 240})
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"] == {"closed_through": closed_day.isoformat(),
                                                  "day": closed_day.isoformat()}
    assert (_rows(services), _history(api, amy)) == before


def test_a_scoped_reviewer_changes_only_their_departments_absences_and_payroll_none(api, services):
    walt, olga = _person(api, "Walt", "Warehouse"), _person(api, "Olga", "Office")
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    day = _today() - timedelta(days=2)
    olgas, walts = _add(api, olga, day), _add(api, walt, day)
    # Another department's absence: as its delete, nothing told (404, as an unknown id).
    not_theirs = api.patch(f"/attendance/absences/{olgas['id']}", json_body={"minutes": 60}, claims=LEAD)
    assert (not_theirs.status, not_theirs.error_code) == (404, "absence_not_found"), not_theirs.text
    refused = api.patch(f"/attendance/absences/{walts['id']}", json_body={"minutes": 60}, claims=CLERK)
    assert (refused.status, refused.error_code) == (403, "forbidden"), refused.text
    assert [minutes for _, _, _, minutes, _ in _rows(services)] == [480, 480]
    theirs = api.patch(f"/attendance/absences/{walts['id']}", json_body={"minutes": 60}, claims=LEAD)
    assert theirs.status == 200, theirs.text
    assert [minutes for _, _, _, minutes, _ in _rows(services)] == [480, 60]


def test_nobody_changes_their_own_absence_unless_self_review_is_allowed(api, services):
    import dependencies

    rita_claims = {"sub": "sup-rita", "username": "rita@example.com", "email": "Rita@Example.com",
                   "scope": "openid email facepass/reviewer"}
    rita, day = _person(api, "Rita"), _today() - timedelta(days=2)
    added = _add(api, rita, day)
    own = api.patch(f"/attendance/absences/{added['id']}", json_body={"minutes": 240}, claims=rita_claims)
    assert (own.status, own.error_code) == (403, "own_record"), own.text
    assert _rows(services) == [(added["id"], day, "vacation", 480, None)]

    dependencies.use_services(with_settings(services, allow_self_review=True))
    allowed = api.patch(f"/attendance/absences/{added['id']}", json_body={"minutes": 240}, claims=rita_claims)
    assert allowed.status == 200, allowed.text
    history = api.get(f"/employees/{rita}/audit", claims=HR).json()["items"]
    assert [(row["actor"], row["after"], row["self_review"]) for row in history if row["field"] == "absence"] == [
        ("hr@example.com", f"{day} vacation 480", False), ("rita@example.com", f"{day} vacation 240", True)]


def test_an_unknown_or_deleted_absence_is_404(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = _add(api, amy, day)
    assert api.delete(f"/attendance/absences/{added['id']}").status == 200
    for absence_id in (added["id"], 987654):
        gone = api.patch(f"/attendance/absences/{absence_id}", json_body={"minutes": 60})
        assert (gone.status, gone.error_code) == (404, "absence_not_found"), gone.text


def test_a_patch_that_changes_nothing_answers_the_absence_and_writes_no_history(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = _add(api, amy, day, note="booked")
    for body in ({"minutes": 480}, {"kind": "vacation", "note": "booked"}, {"note": "  booked  "}):
        same = api.patch(f"/attendance/absences/{added['id']}", json_body=body)
        assert same.status == 200, same.text
        assert {key: same.json()[key] for key in ("id", "kind", "minutes", "note")} == {
            "id": added["id"], "kind": "vacation", "minutes": 480, "note": "booked"}
    assert _history(api, amy) == [("hr@example.com", None, f"{day} vacation 480")]


@pytest.mark.parametrize("body", [
    {}, {"minutes": 0}, {"minutes": 1441}, {"minutes": "240"}, {"minutes": 240.5}, {"kind": "nap"},
    {"kind": None}, {"minutes": None}, {"note": ""}, {"note": "x" * 1001}, {"day": "2026-01-02"},
    {"employee_id": str(uuid.uuid4())}, {"minutes": 240, "day_to": "2026-01-02"}])
def test_an_empty_or_bad_body_is_422_and_changes_nothing(api, services, body):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = _add(api, amy, day)
    refused = api.patch(f"/attendance/absences/{added['id']}", json_body=body)
    assert (refused.status, refused.error_code) == (422, "validation_error"), refused.text
    assert _rows(services) == [(added["id"], day, "vacation", 480, None)]
    assert len(_history(api, amy)) == 1


def test_a_change_and_an_add_of_the_same_day_take_turns_and_never_go_over_the_day(api, services, database_url,
                                                                                   monkeypatch):
    # Two HR users at once: one lengthens Amy's vacation to 900 minutes, the other adds 900 sick minutes the same day
    # (each on a connection of its own). Each fits alone (480 recorded); together they are 1800. The change holds
    # Amy's lock, as an add takes it, from before it reads the day until it commits: the add waits for it, then reads
    # the day as changed and is refused.
    import threading

    from facepass import absences, repository
    from facepass.db import Database
    from facepass.schemas import AbsenceChange, AbsenceRequest
    from tests.conftest import paused, run_into, wait_for_lock_waiters_at

    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    vacation = _add(api, amy, day, "vacation", 480)
    writing, go = paused(monkeypatch, repository, "change_absence")
    results: dict = {}
    changing = threading.Thread(target=run_into, args=(results, "change", lambda: absences.change(
        Database(database_url), services.settings, vacation["id"], AbsenceChange(minutes=900),
        actor="hr2@example.com")))
    changing.start()
    assert writing.wait(30)  # the day read and checked: about to write
    sick = AbsenceRequest.model_validate({"employee_id": amy, "day": day.isoformat(), "kind": "sick",
                                          "minutes": 900})
    adding = threading.Thread(target=run_into, args=(results, "add", lambda: absences.add(
        Database(database_url), services.settings, sick, actor="hr3@example.com")))
    adding.start()
    wait_for_lock_waiters_at(database_url, 1, [adding])
    assert adding.is_alive(), results  # waiting for Amy's lock
    go.set()
    changing.join(30)
    adding.join(30)
    assert results["change"].minutes == 900, repr(results["change"])
    assert getattr(results["add"], "code", None) == "absence_day_full", repr(results["add"])
    assert [(kind, minutes) for _, _, kind, minutes, _ in _rows(services)] == [("vacation", 900)]


def test_a_kind_corrected_leaves_its_bulk_add_and_minutes_corrected_stay_in_it(api, services):
    """A company holiday recorded in bulk, then one person's day corrected to sick leave (another absence now) and
    another's minutes corrected (a part-timer's half day: the same holiday): undoing the bulk deletes the corrected
    holiday and leaves the sick day (deleted with the holiday, it was HR's deliberate correction lost)."""
    eve, ian, day = _person(api, "Eve"), _person(api, "Ian"), _today() - timedelta(days=3)
    with services.db.transaction() as cur:  # employed on the day
        cur.execute("UPDATE employees SET created_at = created_at - interval '30 days'")
    bulk = api.post("/attendance/absences/bulk", json_body={"day": day.isoformat(), "kind": "holiday",
                                                            "minutes": 480, "everyone": True})
    assert bulk.status == 201, bulk.text
    batch = bulk.json()["batch_id"]
    rows = {item["employee_id"]: item for item in
            api.get("/attendance/absences", query=f"date_from={day}&date_to={day}").json()["items"]}
    sick = api.patch(f"/attendance/absences/{rows[eve]['id']}", json_body={"kind": "sick", "note": "actually sick"})
    half = api.patch(f"/attendance/absences/{rows[ian]['id']}", json_body={"minutes": 240})
    assert (sick.status, half.status) == (200, 200), (sick.text, half.text)
    assert (sick.json()["batch_id"], half.json()["batch_id"]) == (None, batch)
    undone = api.delete(f"/attendance/absences/batches/{batch}")
    assert undone.status == 200, undone.text
    assert undone.json()["deleted"] == 1
    assert _rows(services) == [(rows[eve]["id"], day, "sick", 480, "actually sick")]
