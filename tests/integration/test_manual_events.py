"""Punches HR adds by hand (a forgotten check-out) through the API on real PostgreSQL: counted in the daily report,
marked as entered by whom, audited with the reason; bad requests are 4xx and write nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from facepass import employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def test_a_forgotten_check_out_added_by_hr_counts_and_is_audited(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Forgetful", email="f@example.com"))
    morning = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    with services.db.transaction() as cur:  # the kiosk's entry; the exit was never taken
        repository.insert_attendance(cur, employee_id=person.id, occurred_at=morning, event_type="entry",
                                     similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                     device_id="door")
    day = morning.date().isoformat()
    assert api.get("/attendance/daily", query=f"date={day}").json()["items"][0]["worked_seconds"] == 0

    evening = morning.astimezone(timezone(timedelta(hours=2))) + timedelta(hours=9)  # 17:00 UTC, written at +02:00
    added = api.post("/attendance/manual", json_body={"employee_id": str(person.id), "event_type": "exit",
                                                      "occurred_at": evening.isoformat(),
                                                      "note": "Left at five, kiosk was busy"})
    assert added.status == 201, added.text
    event = added.json()
    assert event["entered_by"] == "test-admin" and event["review_state"] == "confirmed"
    assert event["status"] == "recognized" and event["snapshot_key"] is None and event["device_id"] is None
    assert datetime.fromisoformat(event["occurred_at"]) == evening
    no_photo = api.get(f"/attendance/{event['id']}/snapshot")  # never had one: not "expired"
    assert no_photo.status == 404 and no_photo.error_code == "snapshot_none"
    row = api.get("/attendance/daily", query=f"date={day}").json()["items"][0]
    assert row["worked_seconds"] == 9 * 3600 and row["events"] == 2
    trail = api.get(f"/attendance/{event['id']}/audit").json()["items"]
    assert [(t["action"], t["actor"], t["note"]) for t in trail] == [
        ("add", "test-admin", "Left at five, kiosk was busy")]
    assert trail[0]["before"] == {} and trail[0]["after"]["event_type"] == "exit"
    assert trail[0]["after"]["entered_by"] == "test-admin"
    # The added punch can be corrected like any other, and that is audited too.
    rejected = api.post(f"/attendance/{event['id']}/review", json_body={"action": "reject", "note": "typo"})
    assert rejected.status == 200
    assert [t["action"] for t in api.get(f"/attendance/{event['id']}/audit").json()["items"]] == ["add", "reject"]
    assert api.get("/attendance/daily", query=f"date={day}").json()["items"][0]["worked_seconds"] == 0


def test_bad_manual_punches_are_4xx_and_write_nothing(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Someone", email="s@example.com"))
    good = {"employee_id": str(person.id), "event_type": "entry", "occurred_at": datetime.now(UTC).isoformat(),
            "note": "kiosk down"}
    for change, status, code in [
        ({"occurred_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}, 422, "occurred_at_invalid"),
        ({"occurred_at": datetime.now(UTC).replace(tzinfo=None).isoformat()}, 422, "occurred_at_invalid"),
        ({"employee_id": str(uuid.uuid4())}, 404, "employee_not_found"),
        ({"note": ""}, 422, "validation_error"),
        ({"event_type": "lunch"}, 422, "validation_error"),
    ]:
        response = api.post("/attendance/manual", json_body={**good, **change})
        assert (response.status, response.error_code) == (status, code), (change, response.text)
    missing_note = {key: value for key, value in good.items() if key != "note"}
    assert api.post("/attendance/manual", json_body=missing_note).status == 422
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log")
        assert cur.fetchone()["n"] == 0
        cur.execute("SELECT count(*) AS n FROM attendance_audit")
        assert cur.fetchone()["n"] == 0
    kiosk = api.post("/attendance/manual", json_body=good, claims={"sub": "device:x", "scope": "facepass/kiosk"})
    assert kiosk.status == 403
