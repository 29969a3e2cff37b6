"""Repeat check-ins stored as rows (repeat_of): they change no figure while their original counts, and a punch
and its double presses are corrected as one. Real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from facepass import employees, reports, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def _insert(cur, person, event_type, at, **more):
    return repository.insert_attendance(cur, employee_id=person, occurred_at=at, event_type=event_type,
                                        similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                        status="recognized", device_id="door", **more)


def _day() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)


# 1. A double-pressed punch (original + repeat_of row) cannot be corrected with `replaces`: each 409 names the
#    other row as the one to replace, forever.
def test_replacing_a_double_pressed_exit_is_possible(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Double", email="d@example.com"))
    day = _day()
    with services.db.transaction() as cur:
        _insert(cur, person.id, "entry", day + timedelta(hours=8))
        first = _insert(cur, person.id, "exit", day + timedelta(hours=17))
        _insert(cur, person.id, "exit", day + timedelta(hours=17, seconds=30), repeat_of=first["id"])
    body = {"employee_id": str(person.id), "event_type": "exit",
            "occurred_at": (day + timedelta(hours=19)).isoformat(), "note": "stayed until seven"}
    replaces, tried = first["id"], []
    for _ in range(3):  # what the console does: send again replacing the event the 409 offers
        answer = api.post("/attendance/manual", json_body={**body, "replaces": replaces})
        tried.append((replaces, answer.status, answer.json().get("error", {}).get("details", {}).get("replaceable")))
        if answer.status == 201:
            break
        replaces = answer.json()["error"]["details"]["replaceable"][0]
    assert answer.status == 201, tried


# 5. The daily report's `events` counts the stored repeat: a double press that changed nothing is now 2 events.
def test_a_double_press_is_one_event_of_the_day(services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Press", email="p@example.com"))
    day = _day()
    with services.db.transaction() as cur:
        first = _insert(cur, person.id, "entry", day + timedelta(hours=8))
        _insert(cur, person.id, "entry", day + timedelta(hours=8, seconds=5), repeat_of=first["id"])
        _insert(cur, person.id, "exit", day + timedelta(hours=17))
    assert reports.daily_report(services.db, services.settings, day.date()).items[0].events == 2


# QA: check-in A, a double press B (repeat_of A), HR rejects A (B counts now), then two more presses: C was a new
#     counted event beside B (the window's lookup skipped B, a repeat), so the day counted the same second twice.
@pytest.mark.parametrize("path", ["check-in", "punch"])
def test_a_press_after_the_original_was_rejected_repeats_the_punch_that_counts(api, services, database_url, path):
    import base64

    from tests.conftest import enrolled_once, fixture_bytes, pair_device

    person = str(enrolled_once(database_url, {"double_press": "identities/deepface_p08/img8.jpg"},
                               source="test")["double_press"])
    token = pair_device(api, "Door")[1]
    image = base64.b64encode(fixture_bytes("identities/deepface_p08/img9.jpg")).decode()

    def press():
        answer = api.post(f"/attendance/{path}", json_body={"image": image}, device_token=token)
        assert answer.status in (200, 201), answer.text
        return answer

    first, second = press(), press()
    assert (first.status, second.status) == (201, 200)
    rejected = api.post(f"/attendance/{first.json()['event']['id']}/review",
                        json_body={"action": "reject", "note": "someone else pressed"})
    assert rejected.status == 200, rejected.text
    third, fourth = press(), press()
    assert (third.status, fourth.status) == (200, 200)  # repeats of the press that counts now
    rows = api.get("/attendance", query=f"employee_id={person}").json()["items"]
    assert [row["repeat_of"] for row in rows][2:] == [rows[1]["id"], rows[1]["id"]]
    counted = api.get("/attendance", query=f"employee_id={person}&counted=true").json()["items"]
    assert [row["id"] for row in counted] == [rows[1]["id"]]
    day = reports.daily_report(services.db, services.settings,
                               datetime.fromisoformat(rows[1]["occurred_at"]).astimezone(
                                   ZoneInfo(services.settings.report_timezone)).date())
    assert [item.events for item in day.items if str(item.employee_id) == person] == [1]
