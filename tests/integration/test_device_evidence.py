"""What a device token is told when a check is refused or flagged, and what an erasure leaves on other people's
punches (from a read of the kiosk-view change): no liveness or face scores in refusals, no liveness or replay
reasons, no erased person's name or score on another's punch, and resends across the upgrade still replay."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import (
    ADMIN_CLAIMS,
    fixture_bytes,
    fresh_database,
    kiosk_paired_days_ago,
    pair_device,
    with_settings,
)
from tests.integration.test_presence import ATTACKS, ENROLLED, LIVENESS, P13_TURN
from tests.integration.test_retention import person

EVIDENCE_KEYS = {"liveness_score", "similarity", "min_liveness", "min_similarity", "p_live", "yaw",
                 "planar_residual", "reasons"}


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "evidence_" + uuid.uuid4().hex[:10])


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


@pytest.fixture
def blocking(api, services):
    import dependencies

    dependencies.use_services(with_settings(services, liveness_policy="block"))
    return services


def test_a_refused_check_in_tells_the_device_no_score_nor_its_replay(api, blocking):
    _, token = pair_device(api, "Gate")
    body = {"image": b64((LIVENESS / ATTACKS[0]).read_bytes())}
    refused = api.post("/attendance/check-in", json_body=body, headers={"Idempotency-Key": "k-1"},
                       device_token=token)
    assert refused.status == 422 and refused.error_code == "presentation_attack", refused.text
    assert set(refused.json()["error"]["details"]) == {"event_id", "trace_id"}
    replayed = api.post("/attendance/check-in", json_body=body, headers={"Idempotency-Key": "k-1"},
                        device_token=token)
    assert replayed.json() == refused.json()
    event_id = refused.json()["error"]["details"]["event_id"]
    listed = api.get("/attendance", query="status=rejected", claims=ADMIN_CLAIMS).json()["items"]
    assert next(item for item in listed if item["id"] == event_id)["liveness_score"] is not None  # HR's evidence


def test_a_refused_verify_tells_the_device_no_score(api, blocking):
    p29 = person(blocking, "p29", ENROLLED["p29"])
    _, token = pair_device(api, "Door")
    refused = api.post("/verify", device_token=token,
                       json_body={"employee_id": str(p29), "image": b64((LIVENESS / ATTACKS[0]).read_bytes())})
    assert refused.status == 422 and refused.error_code == "presentation_attack", refused.text
    assert not EVIDENCE_KEYS & keys_in(refused.json()), refused.json()


def test_a_failed_challenge_tells_the_device_what_it_missed_and_no_measure(api, services):
    person(services, "p13", "identities/deepface_p13/img14.jpg")
    _, token = pair_device(api, "Burst")
    challenge = api.get("/attendance/challenge", device_token=token).json()
    frames = [b64(fixture_bytes(path)) for path in P13_TURN]
    if challenge["instruction"] == "turn_left":  # the turn the other way
        frames = frames[::-1]
    answer = api.post("/attendance/check-in", device_token=token,
                      json_body={"frames": frames, "challenge_nonce": challenge["nonce"]})
    assert (answer.status, answer.error_code) == (422, "challenge_failed"), answer.text
    details = answer.json()["error"]["details"]
    assert set(details) == {"event_id", "trace_id", "challenge"} and "turn" in details["challenge"]["failures"]
    assert set(details["challenge"]) == {"failures"}


def test_a_flagged_check_in_tells_the_device_it_awaits_review_not_why(api, services):
    person(services, "p29", ENROLLED["p29"])
    _, token = pair_device(api, "Flag")
    answer = api.post("/attendance/check-in", json_body={"image": b64((LIVENESS / ATTACKS[0]).read_bytes())},
                      device_token=token)
    assert answer.status == 201 and answer.json()["event"]["review_state"] == "pending", answer.text
    assert answer.json()["event"]["review_reasons"] == []
    listed = api.get("/attendance", claims=ADMIN_CLAIMS).json()["items"]
    assert "liveness" in next(item for item in listed if item["id"] == answer.json()["event"]["id"])["review_reasons"]


def test_an_erasure_leaves_no_name_or_score_of_the_person_on_anothers_punch(api, services):
    from facepass import attendance, review
    from facepass.schemas import ReviewRequest

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    kit = person(services, "Kit Harington", "identities/fr_kit_harington/train_john1.jpeg")
    moved, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                       event_type="exit", device_id="door")
    assert moved.event.matched_employee.id == rose
    review.review_event(services.db, moved.event.id, ReviewRequest(action="reassign", employee_id=kit, note="Kit"),
                        actor="hr", settings=services.settings)
    assert api.delete(f"/employees/{rose}", query="erase=true").status == 200
    listed = api.get("/attendance", query=f"employee_id={kit}", claims=ADMIN_CLAIMS).json()["items"]
    [event] = [item for item in listed if item["id"] == moved.event.id]
    assert event["matched_employee"] is None and event["similarity"] is None and event["employee"]["id"] == str(kit)
    exported = api.get("/attendance", query=f"employee_id={kit}", claims=ADMIN_CLAIMS,
                       headers={"Accept": "text/csv"}).text
    assert "Rose Leslie" not in exported and str(rose) not in exported


def test_an_offline_resend_across_the_upgrade_replays(services):
    # Versions before 0009 hashed captured_at into the key's request: a resend after the upgrade must replay.
    from facepass import attendance, repository

    person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    photo = fixture_bytes("identities/fr_rose_leslie/train_img1.jpg")
    device = kiosk_paired_days_ago(services)
    captured = datetime.now(UTC) - timedelta(hours=1)
    earlier = hashlib.sha256(photo)
    earlier.update(f"|entry|{device}".encode())
    earlier.update(f"|{captured.isoformat()}".encode())
    with services.db.transaction() as cur:  # what the check before the upgrade stored
        assert repository.claim_idempotency_key(cur, scope=f"attendance:{device}", key="q-1",
                                                request_hash=earlier.hexdigest())
        repository.store_idempotent_response(cur, scope=f"attendance:{device}", key="q-1", status_code=201,
                                             response={"event": None, "identification": {"decision": "unknown"},
                                                       "repeated": False})
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings, data=photo,
                                        event_type="entry", device_id=device, idempotency_key="q-1",
                                        captured_at=captured)
    assert result.replayed
