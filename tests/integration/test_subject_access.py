"""An access request (GET /employees/{id}/biometric-data): what FacePass holds about one person's face, found as the
erasure finds what it deletes. Real models, real photos (a group photo for a bystander), real PostgreSQL, the local
S3."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from datetime import date, timedelta

import psycopg
import pytest

from facepass import employees, enrollment, retention
from facepass.schemas import EmployeeCreate
from tests.conftest import fixture_bytes, fresh_database, pair_device, with_settings
from tests.integration.test_retention import NOW, check, person, sql

import dependencies

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


# GET /me/biometrics: the same report for the signed-in employee themselves, without what is HR's or other people's.
JOE = {"sub": "joe-1", "username": "joe@example.com", "email": "joe@example.com", "scope": "openid facepass/employee"}
BARACK = {"sub": "bo-1", "username": "barack@example.com", "email": "barack@example.com",
          "scope": "openid facepass/employee"}
MY_FIELDS = {"employee_id", "full_name", "generated_at", "consent", "erased_at", "enrolled_faces", "faces",
             "held_photos", "uploads_waiting", "own_photos", "other_photos", "notice"}


def employee_with_face(services, name: str, email: str, photo: str, reference: str) -> uuid.UUID:
    made = employees.create_employee(services.db, EmployeeCreate(full_name=name, email=email,
                                                                 biometric_consent={"reference": reference}))
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, made.id,
                                              fixture_bytes(photo), source_key=f"test/{uuid.uuid4()}")
    assert outcome == "completed", reason
    return made.id


def test_an_employee_reads_their_own_biometric_record_and_nothing_of_anyone_elses(api, services, caplog):
    caplog.set_level("INFO", logger="facepass.access")
    obama = employee_with_face(services, "Barack Obama", "barack@example.com", "identities/fr_obama/train_obama.jpg",
                               "obama's form 12")
    biden = employee_with_face(services, "Joe Biden", "Joe@Example.com", "identities/fr_biden/train_biden2.jpg",
                               "signed form 7")
    own = check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=2), idempotency_key="own-1")
    pending = check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=1), kind="exit",
                    idempotency_key="own-2")
    assert own.employee.id == pending.employee.id == biden
    with services.db.transaction() as cur:  # HR has not decided this one yet: its photo is kept longer
        cur.execute("UPDATE attendance_log SET review_state = 'pending' WHERE id = %s", (pending.id,))
    obamas = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=1), idempotency_key="obama-1")
    _, token = pair_device(api)
    group = api.post("/attendance/check-in", json_body={"image": base64.b64encode(fixture_bytes(GROUP)).decode()},
                     headers={"Idempotency-Key": "group-1"}, device_token=token).json()["event"]
    assert group["employee"]["id"] == str(obama)  # Obama's punch, Biden beside him
    dependencies.use_services(with_settings(services, privacy_contact="Data protection: dpo@example.com"))

    caplog.clear()
    answer = api.get("/me/biometrics", claims=JOE)
    assert answer.status == 200, answer.text
    body = answer.json()
    assert set(body) == MY_FIELDS
    assert (body["employee_id"], body["full_name"]) == (str(biden), "Joe Biden")
    consent = body["consent"]
    assert consent["reference"] == "signed form 7" and consent["recorded_at"]
    assert (consent["withdrawn_at"], consent["withdrawal_unfinished"]) == (None, False)
    assert set(consent) == {"recorded_at", "reference", "withdrawn_at", "withdrawal_unfinished"}  # not who recorded
    assert body["enrolled_faces"] == 1 and [set(face) for face in body["faces"]] == [{"enrolled_at"}]
    retained, extra = services.settings.snapshot_retention_days, services.settings.review_max_days
    assert body["own_photos"] == [
        {"deleted_by": str(own.occurred_at.date() + timedelta(days=retained + 1)), "photos": 1},
        {"deleted_by": str(pending.occurred_at.date() + timedelta(days=retained + extra + 1)), "photos": 1}]
    assert body["other_photos"] == 1  # the group photo: counted, nothing of Obama's punch
    assert (body["held_photos"], body["uploads_waiting"], body["erased_at"]) == (0, 0, None)
    notice = body["notice"]
    assert notice["privacy_contact"] == "Data protection: dpo@example.com"
    assert notice["snapshot_max_days"] == retained + 2 and notice["review_max_days"] == extra
    # No vector, no storage key, no model or score, nobody else: not in any field, not anywhere in the answer.
    text = answer.text
    for leak in ("embedding", "vector", "snapshot_key", "snapshots/", own.snapshot_key, "model_id", "quality",
                 "liveness", "similarity", "recorded_by", "event_id", str(obama), "Obama", "barack@example.com",
                 "obama's form 12", "relation", "bystander"):
        assert leak not in text, leak
    # Who was shown it goes on the access log, as HR's access request does.
    assert [record.getMessage() for record in caplog.records if record.name == "facepass.access"] == [
        f"biometric_data_reported actor=joe@example.com employee_id={biden}"]

    # Obama reads his own: his two punches' photos (his check, the group), nothing of Biden's.
    his = api.get("/me/biometrics", claims=BARACK).json()
    assert his["employee_id"] == str(obama) and his["consent"]["reference"] == "obama's form 12"
    assert sum(day["photos"] for day in his["own_photos"]) == 2 and his["other_photos"] == 0
    assert "Biden" not in json.dumps(his) and str(biden) not in json.dumps(his)
    assert obamas.employee.id == obama


def test_a_withdrawn_consent_shows_and_a_caller_without_a_record_is_404(api, services):
    biden = employee_with_face(services, "Joe Biden", "joe@example.com", "identities/fr_biden/train_biden2.jpg",
                               "signed form 7")
    before = api.get("/me/biometrics", claims=JOE).json()
    assert before["enrolled_faces"] == 1 and before["notice"]["privacy_contact"] is None  # none set: ask HR
    withdrawn = api.delete(f"/employees/{biden}/biometric-consent")
    assert withdrawn.status == 200, withdrawn.text

    after = api.get("/me/biometrics", claims=JOE)
    assert after.status == 200, after.text
    body = after.json()
    assert body["consent"]["recorded_at"] is None and body["consent"]["reference"] is None
    assert body["consent"]["withdrawn_at"] and not body["consent"]["withdrawal_unfinished"]
    assert (body["enrolled_faces"], body["faces"], body["own_photos"], body["other_photos"]) == (0, [], [], 0)

    stranger = {"sub": "x-1", "username": "stranger@example.com", "email": "stranger@example.com",
                "scope": "facepass/employee"}
    assert api.get("/me/biometrics", claims=stranger).error_code == "no_employee_record"
    assert api.get("/me/biometrics", claims=stranger).status == 404
    # A paired kiosk is nobody's employee, and may not ask.
    assert api.get("/me/biometrics", claims={"sub": "kiosk", "scope": "facepass/kiosk"}).status == 403


def test_a_face_enrolled_without_consent_shows_as_enrolled_with_no_consent(api, services):
    # The company asks no consent (FACEPASS_BIOMETRIC_CONSENT=off): a face enrolled, no consent recorded.
    off = services.settings.model_copy(update={"biometric_consent": "off"})
    made = employees.create_employee(services.db, EmployeeCreate(full_name="Joe Biden", email="joe@example.com"))
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, off, made.id,
                                              fixture_bytes("identities/fr_biden/train_biden2.jpg"),
                                              source_key="test/no-consent")
    assert outcome == "completed", reason
    dependencies.use_services(with_settings(services, biometric_consent="off"))
    assert api.get("/me", claims=JOE).json()["biometric_consent"] == "off"  # what the console words it by
    body = api.get("/me/biometrics", claims=JOE).json()
    assert body["consent"] == {"recorded_at": None, "reference": None, "withdrawn_at": None,
                               "withdrawal_unfinished": False}
    assert body["enrolled_faces"] == 1 and len(body["faces"]) == 1


def test_the_employees_own_request_does_not_scan_for_hrs_erasure_bookkeeping(api, services, database_url):
    """GET /me/biometrics returns no count of the records scoring the person's face, so it does not look for them
    (face_score_counts: the attendance history's candidates, the audit trail, every stored Idempotency-Key answer).
    Shown by locking two of the tables only that count reads: the employee's answer comes, HR's waits for them."""
    biden = employee_with_face(services, "Joe Biden", "joe@example.com", "identities/fr_biden/train_biden2.jpg",
                               "signed form 7")
    check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=1), idempotency_key="own-1")

    def in_thread(path: str, claims: dict | None) -> tuple[threading.Thread, list]:
        answers: list = []
        thread = threading.Thread(target=lambda: answers.append(
            api.get(path, claims=claims) if claims else api.get(path)), daemon=True)
        thread.start()
        return thread, answers

    with psycopg.connect(database_url) as locker:
        locker.execute("LOCK TABLE attendance_audit, idempotency_keys IN ACCESS EXCLUSIVE MODE")
        mine, answers = in_thread("/me/biometrics", JOE)
        mine.join(timeout=60)
        finished = not mine.is_alive()
        if finished:  # HR's report does read them: it waits for the lock (the lock is what it would meet)
            hrs, hr_answers = in_thread(f"/employees/{biden}/biometric-data", None)
            hrs.join(timeout=3)
            assert hrs.is_alive()
        locker.rollback()
    mine.join()
    assert finished, "GET /me/biometrics waited for the audit trail and the stored answers"
    assert answers[0].status == 200 and answers[0].json()["enrolled_faces"] == 1
    hrs.join()
    assert hr_answers[0].status == 200 and hr_answers[0].json()["scored_punches"] == 1
