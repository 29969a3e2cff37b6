""""No Face ID?" at the kiosk (POST /attendance/face-free): a person without Face ID (consent withdrawn) types their
payroll number; the punch is stored awaiting HR's review (face_free), with nothing biometric, and the kiosk is told
only "sent to HR to check", the same for a number naming nobody or a person with Face ID (nothing stored for them).
Confirming it counts it; the close check sees it pending; a face-free punch may become a withdrawn person's. Real
PostgreSQL + pgvector, the real API handler and models, moto S3."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from facepass import face_free
from tests.conftest import fresh_database, pair_device
from tests.integration import test_punch_direction
from tests.integration.test_pay_period_lock import _midnight

NEUTRAL = {"status": "sent_for_review", "message": "Sent to HR to check."}

obama = test_punch_direction.obama  # enrolled a week ago: a person with Face ID


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "facefree_" + uuid.uuid4().hex[:10])


def _hire(api, services, name: str, number: str, *, withdrawn: bool) -> str:
    created = api.post("/employees", json_body={"full_name": name, "email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                "employee_number": number,
                                                "biometric_consent": {"reference": "signed form"}})
    assert created.status == 201, created.text
    person = created.json()["id"]
    with services.db.transaction() as cur:  # hired a month ago: an employee of the periods tested
        cur.execute("UPDATE employees SET created_at = now() - interval '30 days' WHERE id = %s", (person,))
    if withdrawn:
        answer = api.delete(f"/employees/{person}/biometric-consent")
        assert answer.status == 200 and answer.json()["employee_deactivated"] is False, answer.text
    return person


def _rows(services) -> list[dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT id, occurred_at, employee_id, matched_employee_id, event_type, status, similarity, "
                    "liveness_score, liveness_model, snapshot_key, review_state, review_reasons, review_detail, "
                    "entered_by, direction_source, device_id FROM attendance_log ORDER BY id")
        return cur.fetchall()


def test_a_typed_number_of_a_withdrawn_person_awaits_review_with_nothing_biometric(api, services, obama):
    wendy = _hire(api, services, "Wendy Withdrawn", "W-17", withdrawn=True)
    patched = api.patch(f"/employees/{obama}", json_body={"employee_number": "B-44"})
    assert patched.status == 200, patched.text
    device, token = pair_device(api, "Front door")
    key = {"idempotency-key": "facefree-" + uuid.uuid4().hex}

    sent = api.post("/attendance/face-free", json_body={"employee_number": " w-17 ", "event_type": "entry"},
                    headers=dict(key), device_token=token)
    assert (sent.status, sent.json()) == (202, NEUTRAL), sent.text
    assert "Wendy" not in sent.text
    [row] = _rows(services)
    assert (str(row["employee_id"]), row["matched_employee_id"], row["event_type"], row["review_state"],
            row["review_reasons"], row["entered_by"], row["direction_source"], row["device_id"]) == (
        wendy, None, "entry", "pending", ["face_free"], None, "kiosk", device["id"])
    assert (row["snapshot_key"], row["similarity"], row["liveness_score"], row["liveness_model"],
            row["review_detail"]) == (None, None, None, None, None)

    # A retry with its key replays, nothing written; the key for another number is refused.
    again = api.post("/attendance/face-free", json_body={"employee_number": " w-17 ", "event_type": "entry"},
                     headers=dict(key), device_token=token)
    assert (again.status, again.json()) == (202, NEUTRAL), again.text
    assert len(_rows(services)) == 1
    other = api.post("/attendance/face-free", json_body={"employee_number": "X-1", "event_type": "entry"},
                     headers=dict(key), device_token=token)
    assert (other.status, other.error_code) == (422, "idempotency_key_reused"), other.text

    # A number naming nobody, and a person with Face ID: the same answer, nothing stored.
    for number in ("NOPE-404", "b-44"):
        answer = api.post("/attendance/face-free", json_body={"employee_number": number, "event_type": "exit"},
                          device_token=token)
        assert (answer.status, answer.json()) == (202, NEUTRAL), answer.text
    assert len(_rows(services)) == 1

    # No photo is accepted, nor a console token.
    photo = api.post("/attendance/face-free", json_body={"employee_number": "W-17", "event_type": "entry",
                                                        "image": "aGVsbG8="}, device_token=token)
    assert photo.status == 422, photo.text
    console = api.post("/attendance/face-free", json_body={"employee_number": "W-17", "event_type": "entry"})
    assert (console.status, console.error_code) == (403, "device_required"), console.text

    # HR's queue shows it with its reason and no evidence.
    queue = api.get("/attendance/review")
    assert queue.status == 200, queue.text
    [item] = queue.json()["items"]
    assert item["id"] == row["id"] and item["review_reasons"] == ["face_free"], item


def test_confirming_counts_it_the_close_check_sees_it_pending_and_it_may_become_a_withdrawn_persons(api, services):
    wendy = _hire(api, services, "Wendy Withdrawn", "W-17", withdrawn=True)
    nina = _hire(api, services, "Nina Nofaces", "N-5", withdrawn=False)  # never enrolled: no Face ID either
    device, _ = pair_device(api, "Front door")
    morning = _midnight(4) + timedelta(hours=9)
    for number, at, way in (("W-17", morning, "entry"), ("N-5", morning + timedelta(hours=8), "exit")):
        answer, status = face_free.record_face_free(services.db, services.settings, employee_number=number,
                                                    event_type=way, device_id=device["id"], now=at)
        assert (status, answer.model_dump()) == (202, NEUTRAL)
    entry, mistyped = _rows(services)
    assert (str(entry["employee_id"]), str(mistyped["employee_id"])) == (wendy, nina)

    # The close check sees both as pending reviews.
    refused = api.post("/payroll/lock", json_body={"closed_through": _midnight(3).date().isoformat(), "note": "Nov"})
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert details["pending_reviews"] == 2, details
    assert {(item["full_name"], item["kind"]) for item in details["items"]} >= {
        ("Wendy Withdrawn", "pending_review"), ("Nina Nofaces", "pending_review")}

    # Confirmed, it counts for her.
    confirmed = api.post(f"/attendance/{entry['id']}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    # Nina's punch was Wendy's exit (she typed the wrong number): it may become hers, withdrawn as she is.
    moved = api.post(f"/attendance/{mistyped['id']}/review",
                     json_body={"action": "reassign", "employee_id": wendy, "note": "Wendy typed Nina's number"})
    assert moved.status == 200, moved.text
    counted = api.get("/attendance", query=f"employee_id={wendy}&counted=true&date_from="
                                           f"{_midnight(5).date().isoformat()}")
    assert counted.status == 200, counted.text
    assert sorted(item["id"] for item in counted.json()["items"]) == [entry["id"], mistyped["id"]]
    # The day's time is the kiosk's typing, not a face's: the timesheet counts it with the minutes no face confirmed.
    sheet = api.get("/attendance/timesheet", query=f"date_from={_midnight(4).date()}&date_to={_midnight(4).date()}")
    row = next(item for item in sheet.json()["items"] if item["employee_id"] == wendy)
    assert (row["worked_minutes"], row["manual_minutes"]) == (480, 480), row


def test_a_second_press_and_a_flood_store_nothing_more_and_a_typed_punch_is_no_kiosk_punch_to_dispute(
        api, services):
    wendy = _hire(api, services, "Wendy Withdrawn", "W-17", withdrawn=True)
    device, token = pair_device(api, "Front door")
    start = _midnight(2) + timedelta(hours=8)

    def typed(way: str, at):
        answer, status = face_free.record_face_free(services.db, services.settings, employee_number="W-17",
                                                    event_type=way, device_id=device["id"], now=at)
        assert (status, answer.model_dump()) == (202, NEUTRAL)  # the same answer, stored or not

    typed("entry", start)
    typed("entry", start + timedelta(seconds=4))  # a second press of the same way: one press
    assert len(_rows(services)) == 1
    for minutes in range(1, 20):  # anyone who knows her number pressing on: the day's cap holds
        typed("entry" if minutes % 2 else "exit", start + timedelta(minutes=10 * minutes))
    assert len(_rows(services)) == face_free.DAILY_MAX
    # "Not you?" on a typed punch is answered as on no punch of this kiosk's: it tells nothing of the number.
    first = _rows(services)[0]["id"]
    answer = api.post(f"/attendance/{first}/dispute", device_token=token)
    assert (answer.status, answer.error_code) == (404, "attendance_not_found"), answer.text
    assert str(_rows(services)[0]["employee_id"]) == wendy


def test_a_press_queued_offline_is_no_repeat_of_later_presses_and_counts_against_its_own_day(api, services):
    """A typed entry queued offline at 08:00 on kiosk A reaches the server after the same person's 10:50 entry at
    kiosk B: it is stored (it was no second press of 10:50), and its own repeat within the window still is one; the
    cap counts the day before a press and the day after it, so late presses cannot pile past it either."""
    _hire(api, services, "Wendy Withdrawn", "W-18", withdrawn=True)
    device, _ = pair_device(api, "Front door")
    with services.db.transaction() as cur:  # paired long before the presses
        cur.execute("UPDATE devices SET created_at = now() - interval '30 days'")
    start = _midnight(2) + timedelta(hours=8)

    def typed(way: str, at, *, arrives):
        answer, status = face_free.record_face_free(services.db, services.settings, employee_number="W-18",
                                                    event_type=way, device_id=device["id"], captured_at=at,
                                                    now=arrives)
        assert (status, answer.model_dump()) == (202, NEUTRAL)

    typed("entry", start + timedelta(hours=2, minutes=50), arrives=start + timedelta(hours=2, minutes=50))
    typed("entry", start, arrives=start + timedelta(hours=3))  # queued offline, sent after the 10:50 press
    assert sorted(row["occurred_at"] for row in _rows(services)) == [start, start + timedelta(hours=2, minutes=50)]
    typed("entry", start - timedelta(seconds=4), arrives=start + timedelta(hours=3))  # a second press of 08:00
    assert len(_rows(services)) == 2
    for minutes in range(1, 12):  # later presses sent late, before the ones stored: the cap still holds
        typed("entry" if minutes % 2 else "exit", start - timedelta(minutes=10 * minutes),
              arrives=start + timedelta(hours=3))
    assert len(_rows(services)) == face_free.DAILY_MAX
