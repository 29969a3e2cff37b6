"""What a kiosk's device token learns (the kiosk view: no candidates, scores, threshold or gallery size; /verify
yes or no, one 404 for every id it may not match), what an admin (HR) still gets, and snapshots kept out of the
HR browser's cache."""

from __future__ import annotations

import base64
import json
import uuid

import cv2
import numpy as np
import pytest
import requests

from facepass import attendance, employees
from facepass.schemas import EmployeePatch
from tests.conftest import ADMIN_CLAIMS, fixture_bytes, fresh_database, pair_device
from tests.integration.test_retention import person, sql

# The API's (and device authorizer's) S3 calls are made with their roles from template.yaml (tests/function_roles).
pytestmark = pytest.mark.usefixtures("api_in_its_role")

EVIDENCE = {"candidates", "similarity", "margin", "threshold", "gallery_size", "expected_fpir", "detection_score",
            "liveness_score", "liveness_flagged"}


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def blurred(path: str) -> bytes:
    image = cv2.imdecode(np.frombuffer(fixture_bytes(path), np.uint8), cv2.IMREAD_COLOR)
    return cv2.imencode(".jpg", cv2.GaussianBlur(image, (0, 0), 14))[1].tobytes()


def test_identify_tells_a_device_whether_a_face_is_there_and_an_admin_the_evidence(api, services):
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    _, token = pair_device(api)
    stranger = {"image": b64(fixture_bytes("other/skimage_astronaut.png"))}
    as_kiosk = api.post("/identify", json_body=stranger, device_token=token, query="all_faces=true&liveness=true")
    assert as_kiosk.status == 200, as_kiosk.text
    body = as_kiosk.json()
    assert body["decision"] == "present" and body["employee"] is None
    assert not EVIDENCE & set(body) and all(not EVIDENCE & set(face) for face in body["faces"]), body
    assert str(rose) not in as_kiosk.text
    as_admin = api.post("/identify", json_body=stranger, claims=ADMIN_CLAIMS).json()
    assert as_admin["candidates"] and {"similarity", "threshold", "gallery_size", "margin"} <= set(as_admin)
    # Her own face: the kiosk is told a face is there, never whose (a stolen token names nobody silently; a
    # check-in, which names her on the screen, is recorded and reviewed).
    rose_photo = {"image": b64(fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"))}
    seen = api.post("/identify", json_body=rose_photo, device_token=token, query="all_faces=true")
    assert seen.status == 200, seen.text
    assert seen.json()["decision"] == "present" and seen.json()["employee"] is None
    assert all(face["employee"] is None and face["decision"] == "present" for face in seen.json()["faces"])
    assert str(rose) not in seen.text and "Rose" not in seen.text and not EVIDENCE & set(seen.json())
    as_hr = api.post("/identify", json_body=rose_photo, claims=ADMIN_CLAIMS).json()
    assert as_hr["decision"] == "matched" and as_hr["employee"]["id"] == str(rose)


def test_verify_as_a_device_is_yes_or_no_and_one_404(api, services):
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    leaver = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    employees.update_employee(services.db, leaver, EmployeePatch(is_active=False))  # faces kept for 30 days
    faceless = person(services, "No Face")
    erased = person(services, "Erased", "identities/fr_obama/train_obama.jpg")
    assert api.delete(f"/employees/{erased}", query="erase=true").status == 200
    _, token = pair_device(api)

    def verify(employee_id, photo: bytes, **kwargs):
        return api.post("/verify", json_body={"employee_id": str(employee_id), "image": b64(photo)}, **kwargs)

    same = verify(rose, fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"), device_token=token)
    assert same.status == 200 and same.json() == {"employee_id": str(rose), "verified": True, "retry_reason": None}
    biden = fixture_bytes("identities/fr_biden/train_biden.jpg")
    asked = (uuid.uuid4(), leaver, faceless, erased)
    refusals = [verify(who, biden, device_token=token) for who in asked]
    assert {(r.status, r.error_code) for r in refusals} == {(404, "employee_not_found")}, [r.text for r in refusals]
    assert len({r.json()["error"]["message"].replace(str(who), "ID") for r, who in
                zip(refusals, asked, strict=True)}) == 1  # only the id differs: unknown, gone and faceless alike
    # The same quality gates as identify: a blurred photo is retry, nothing compared, for a device and an admin.
    blur = blurred("identities/fr_rose_leslie/train_img1.jpg")
    identify = api.post("/identify", json_body={"image": b64(blur)}, device_token=token).json()
    assert identify["decision"] == "retry"
    kiosk_retry = verify(rose, blur, device_token=token).json()
    assert kiosk_retry == {"employee_id": str(rose), "verified": False, "retry_reason": identify["retry_reason"]}
    admin_retry = verify(rose, blur, claims=ADMIN_CLAIMS).json()
    assert admin_retry["verified"] is False and admin_retry["similarity"] is None and admin_retry["retry_reason"]
    # An admin gets the evidence, and a deactivated person is never verified, however close.
    to_leaver = verify(leaver, biden, claims=ADMIN_CLAIMS).json()
    assert to_leaver["similarity"] > 0.5 and to_leaver["is_active"] is False and to_leaver["verified"] is False
    assert verify(faceless, biden, claims=ADMIN_CLAIMS).error_code == "not_enrolled"


def test_check_in_answers_and_stored_answers_are_the_kiosk_view(api, services):
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    # HR's listings name her payroll number and email; a kiosk is told her name only.
    employees.update_employee(services.db, rose, EmployeePatch(employee_number="R-1"))
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    _, token = pair_device(api)
    for photo, key in (("identities/fr_rose_leslie/train_img1.jpg", "k-1"), ("other/skimage_astronaut.png", "k-2")):
        answer = api.post("/attendance/check-in", json_body={"image": b64(fixture_bytes(photo))},
                          headers={"Idempotency-Key": key}, device_token=token)
        assert answer.status == 201, answer.text
        body = answer.json()
        assert set(body["identification"]) == {"decision", "retry_reason", "employee", "box"}
        assert not {"similarity", "matched_employee", "liveness_score", "snapshot_key"} & set(body["event"])
        assert body["event"]["employee"] in (None, {"id": str(rose), "full_name": "Rose Leslie"})
        stored = sql(services, "SELECT response FROM idempotency_keys WHERE key = %s", (key,))[0]["response"]
        assert stored == body
        replay = api.post("/attendance/check-in", json_body={"image": b64(fixture_bytes(photo))},
                          headers={"Idempotency-Key": key}, device_token=token).json()
        assert replay == {**body, "replayed": True}
    # The event keeps the evidence for HR.
    event = api.get("/attendance", claims=ADMIN_CLAIMS).json()["items"]
    assert event[0]["matched_employee"]["id"] == str(rose) and event[0]["similarity"] > 0.5
    assert event[0]["employee"]["employee_number"] == "R-1"
    assert sql(services, "SELECT review_detail FROM attendance_log WHERE employee_id IS NULL")[0][
        "review_detail"]["candidates"]


def test_snapshots_are_not_kept_in_the_browser_cache(services):
    person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        event_type="entry", device_id="door")
    link = attendance.snapshot_link(services.db, services.s3, services.settings, result.event.id)
    response = requests.get(link.url, timeout=10)
    assert response.status_code == 200 and response.content[:2] == b"\xff\xd8"
    assert response.headers["Cache-Control"] == "no-store, private"
    head = services.s3.head_object(Bucket=services.settings.bucket, Key=result.event.snapshot_key)
    assert head["CacheControl"] == "no-store"


def test_an_erasure_takes_a_head_turn_challenges_measures_of_the_face_out_of_the_punch(services):
    # review_detail.challenge keeps the burst's frames compared with each other, its weakest p_live and how flat the
    # motion was: scores of the face, as the similarity and liveness score the erasure already takes.
    from facepass import retention

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        event_type="entry", device_id="door")
    challenge = {"passed": True, "failures": [], "yaw": [-2.0, 24.5, 3.1], "planar_residual": 0.0123,
                 "min_similarity": 0.8312, "min_liveness": 0.9071}
    sql(services, "UPDATE attendance_log SET review_detail = coalesce(review_detail, '{}'::jsonb) || %s::jsonb "
                  "WHERE id = %s", (json.dumps({"challenge": challenge}), result.event.id))
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    detail = sql(services, "SELECT review_detail FROM attendance_log WHERE id = %s", (result.event.id,))[0][
        "review_detail"]
    assert detail["challenge"] == {"passed": True, "failures": [], "yaw": [-2.0, 24.5, 3.1]}
