"""An access request (GET /employees/{id}/biometric-data): what FacePass holds about one person's face, found as the
erasure finds what it deletes. Real models, real photos (a group photo for a bystander), real PostgreSQL, the local
S3."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest

from facepass import retention
from tests.conftest import fixture_bytes, fresh_database, pair_device
from tests.integration.test_retention import NOW, check, person, sql

GROUP = "groups/fr_obama_and_biden.jpg"  # Obama the largest face, Biden beside him


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def test_the_report_lists_every_photo_that_may_show_them_and_the_erasure_deletes_exactly_those(api, services,
                                                                                              caplog):
    caplog.set_level("INFO", logger="facepass.access")
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    biden = person(services, "Joe Biden", "identities/fr_biden/train_biden2.jpg")
    own = check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=2), idempotency_key="own-1")
    _, token = pair_device(api)
    group = api.post("/attendance/check-in", json_body={"image": base64.b64encode(fixture_bytes(GROUP)).decode()},
                     headers={"Idempotency-Key": "group-1"}, device_token=token).json()["event"]["id"]
    # While he was deactivated his face matched nobody: an unknown punch with him among the inactive candidates.
    assert api.patch(f"/employees/{biden}", json_body={"is_active": False}).status == 200
    unknown = check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=1), kind="exit")
    assert unknown.employee is None
    assert api.patch(f"/employees/{biden}", json_body={"is_active": True}).status == 200

    # HR confirms his punch: the audit entry keeps the face's scores (the erasure strips them).
    assert api.post(f"/attendance/{own.id}/review", json_body={"action": "confirm", "note": "him"}).status == 200
    caplog.clear()
    report = api.get(f"/employees/{biden}/biometric-data")
    assert report.status == 200, report.text
    body = report.json()
    # The report lists the photos that may show him: who was shown it goes on the access log, as a photo link does.
    assert [record.getMessage() for record in caplog.records if record.name == "facepass.access"] == [
        f"biometric_data_reported actor=test-admin employee_id={biden}"]
    assert body["employee"]["id"] == str(biden) and body["employee"]["biometric_consent"]["recorded_by"]
    assert len(body["faces"]) == 1 and "embedding" not in str(body["faces"])  # never the vector
    assert body["held_photos"] == [] and body["uploads_waiting"] == 0
    photos = {item["event_id"]: item for item in body["photos"]}
    assert {event: item["relation"] for event, item in photos.items()} == {
        own.id: "own", group: "bystander", unknown.id: "candidate"}
    # Until when, as the daily cleanup keeps them: whole UTC days of retention, and longer while awaiting review.
    retained = services.settings.snapshot_retention_days
    assert photos[own.id]["deleted_by"] == str(own.occurred_at.date() + timedelta(days=retained + 1))
    assert photos[unknown.id]["review_state"] == "pending"
    assert date.fromisoformat(photos[unknown.id]["deleted_by"]) == (
        unknown.occurred_at.date() + timedelta(days=retained + services.settings.review_max_days + 1))
    assert body["scored_punches"] >= 2  # his punch's similarity, his candidate entry on the unknown punch
    # What else names him or scores his face: his enrollment record, the audit entry, the kiosk's stored answer.
    assert (body["enrollment_records"], body["stored_answers_naming"]) == (0, 1)  # enrolled in bulk: no ticket
    assert body["scored_audit_entries"] >= 1
    # Obama's report does not list Biden's own punch, and lists the group photo as his own.
    theirs = {item["event_id"]: item["relation"] for item in api.get(f"/employees/{obama}/biometric-data").json()[
        "photos"]}
    assert theirs.get(group) == "own" and own.id not in theirs

    erased = retention.erase_employee(services.db, services.s3, services.settings, biden)
    assert erased.snapshots_deleted == len(photos)  # the same photos: found by the same queries
    after = api.get(f"/employees/{biden}/biometric-data").json()
    assert (after["faces"], after["photos"], after["scored_punches"], after["scored_tickets"]) == ([], [], 0, 0)
    assert (after["scored_audit_entries"], after["stored_answers_naming"], after["enrollment_records"]) == (0, 0, 0)
    assert after["employee"]["biometric_consent"] is None and after["employee"]["erased_at"]
    assert sql(services, "SELECT count(*) AS n FROM attendance_log WHERE employee_id = %s",
               (biden,))[0]["n"] == 1  # his punch stays for payroll: no photo, no score


def test_an_unknown_person_is_404_and_the_report_needs_an_admin(api):
    import uuid

    assert api.get(f"/employees/{uuid.uuid4()}/biometric-data").error_code == "employee_not_found"
    assert api.get(f"/employees/{uuid.uuid4()}/biometric-data",
                   claims={"sub": "kiosk", "scope": "facepass/kiosk"}).status == 403
