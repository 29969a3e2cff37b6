"""Separation of duties: nobody decides, types or corrects their own punches. A reviewer who signs in with the email of
an employee record (Barack Obama's, enrolled with his photo) gets 403 own_record, nothing written, for a decision on
a punch of that record (a kiosk punch of his photo, one awaiting review, one he disputed at the kiosk), for a
reassignment to it, and for a manual punch or shift for it; a colleague's punches are decided as before; with
FACEPASS_ALLOW_SELF_REVIEW the change is made and audited as a self-review. Real PostgreSQL + pgvector, real models,
real photos, local S3."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import (
    enrolled_a_week_ago,
    event_and_audit_counts,
    fixture_bytes,
    fresh_database,
    kiosk_punch,
    pair_device,
)
from tests.conftest import with_settings as changed_settings
from tests.integration import test_punch_direction
from tests.integration.test_enrollment import multipart
from tests.integration.test_punch_direction import PROBE, b64

import dependencies

# The reviewer: their user name and verified email (the access token's `email` claim) are Obama's, in another case.
LEAD = {"sub": "sup-obama", "username": "obama@example.com", "email": "Obama@Example.COM",
        "scope": "openid email facepass/reviewer"}
HR = {"sub": "hr-1", "username": "hr@example.com", "email": "hr@example.com", "scope": "facepass/admin"}

obama = test_punch_direction.obama  # Barack Obama (obama@example.com), enrolled with his photo a week ago


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "sod_" + uuid.uuid4().hex[:10])


@pytest.fixture
def penny(services) -> str:
    """A colleague, enrolled with her photo."""
    return str(enrolled_a_week_ago(services, "Penny", "penny@example.com", "identities/bbt_penny/penny1.png"))


def yesterday(hour: int) -> datetime:
    return (datetime.now(UTC) - timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


def stored(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        cur.execute("SELECT employee_id, event_type, review_state, revision FROM attendance_log WHERE id = %s",
                    (event_id,))
        return cur.fetchone()


def refused_unchanged(services, call, event_id: int | None = None) -> None:
    """`call()` is 403 own_record and writes nothing: no event, no audit row, the event's revision as it was."""
    counts = event_and_audit_counts(services)
    before = stored(services, event_id) if event_id is not None else None
    answer = call()
    assert (answer.status, answer.error_code) == (403, "own_record"), answer.text
    assert "own" in answer.json()["error"]["message"]
    assert event_and_audit_counts(services) == counts
    if event_id is not None:
        assert stored(services, event_id) == before


def review(api, event_id: int, claims=LEAD, **body):
    return api.post(f"/attendance/{event_id}/review", json_body={"note": "checked", **body}, claims=claims)


def test_a_reviewer_decides_none_of_their_own_punches_and_a_colleagues_as_before(api, services, obama, penny):
    own = kiosk_punch(services, uuid.UUID(obama), yesterday(8), "entry", state="pending")
    for body in ({"action": "confirm"}, {"action": "confirm", "event_type": "exit"}, {"action": "reject"},
                 {"action": "reassign", "employee_id": penny}):
        refused_unchanged(services, lambda body=body: review(api, own["id"], expected_revision=0, **body), own["id"])
    # A stranger's punch (nobody matched) reassigned to themselves: refused; to a colleague: made.
    stranger = kiosk_punch(services, None, yesterday(9), "entry", state="pending", status="unknown", reason="unknown")
    refused_unchanged(services, lambda: review(api, stranger["id"], action="reassign", employee_id=obama),
                      stranger["id"])
    theirs = kiosk_punch(services, uuid.UUID(penny), yesterday(8), "entry", state="pending")
    confirmed = review(api, theirs["id"], action="confirm", expected_revision=0)
    assert confirmed.status == 200 and confirmed.json()["review_state"] == "confirmed", confirmed.text
    moved = review(api, stranger["id"], action="reassign", employee_id=penny)
    assert moved.status == 200 and moved.json()["employee"]["id"] == penny, moved.text
    # Another reviewer (HR, no employee record of theirs) decides the lead's punch.
    decided = review(api, own["id"], claims=HR, action="confirm", expected_revision=0)
    assert decided.status == 200 and decided.json()["review_state"] == "confirmed", decided.text
    [entry] = api.get(f"/attendance/{own['id']}/audit", claims=HR).json()["items"]
    assert entry["actor"] == "hr@example.com" and entry["self_review"] is False


def test_the_user_name_names_the_caller_when_the_token_has_no_email_claim(api, services, obama):
    own = kiosk_punch(services, uuid.UUID(obama), yesterday(8), "entry", state="pending")
    no_claim = {key: value for key, value in LEAD.items() if key != "email"}
    refused_unchanged(services, lambda: review(api, own["id"], claims=no_claim, action="confirm"), own["id"])


def test_own_kiosk_punches_by_photo_are_neither_corrected_nor_decided_after_a_dispute(api, services, obama):
    _, token = pair_device(api, "Front door")
    checked = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token)
    assert checked.status == 201, checked.text
    event = checked.json()["event"]
    assert event["employee"]["full_name"] == "Barack Obama" and event["review_state"] == "none"
    # A counted punch of theirs: no direction correction, no rejection.
    refused_unchanged(services, lambda: review(api, event["id"], action="confirm", event_type="exit"), event["id"])
    refused_unchanged(services, lambda: review(api, event["id"], action="reject"), event["id"])
    # "Not you?" at the kiosk: the punch awaits review, still naming him; not his to decide either.
    disputed = api.post(f"/attendance/{event['id']}/dispute", device_token=token)
    assert disputed.status == 200, disputed.text
    assert stored(services, event["id"])["review_state"] == "pending"
    refused_unchanged(services, lambda: review(api, event["id"], action="confirm"), event["id"])
    assert review(api, event["id"], claims=HR, action="confirm").status == 200


def test_no_manual_punch_or_shift_for_oneself(api, services, obama, penny):
    punch = {"event_type": "entry", "occurred_at": yesterday(7).isoformat(), "note": "forgot to punch"}
    shift = {"started_at": yesterday(6).isoformat(), "ended_at": yesterday(14).isoformat(), "note": "kiosk down"}
    refused_unchanged(services, lambda: api.post("/attendance/manual", json_body={**punch, "employee_id": obama},
                                                 claims=LEAD, headers={"idempotency-key": "own-1"}))
    refused_unchanged(services, lambda: api.post("/attendance/manual/shift",
                                                 json_body={**shift, "employee_id": obama}, claims=LEAD))
    # Nothing kept under the key either: the same key for a colleague's punch is a new request.
    added = api.post("/attendance/manual", json_body={**punch, "employee_id": penny}, claims=LEAD,
                     headers={"idempotency-key": "own-1"})
    assert added.status == 201 and added.json()["employee"]["id"] == penny, added.text
    two_days_ago = {"started_at": (yesterday(6) - timedelta(days=1)).isoformat(),
                    "ended_at": (yesterday(14) - timedelta(days=1)).isoformat()}
    both = api.post("/attendance/manual/shift", json_body={**shift, **two_days_ago, "employee_id": penny},
                    claims=LEAD)
    assert both.status == 201, both.text
    # A manual punch of theirs that replaces their counted one: refused as well (HR may).
    theirs = kiosk_punch(services, uuid.UUID(obama), yesterday(8), "entry")
    refused_unchanged(services, lambda: api.post("/attendance/manual", json_body={
        **punch, "employee_id": obama, "replaces": theirs["id"]}, claims=LEAD), theirs["id"])


def test_allowed_by_the_setting_own_decisions_are_made_and_audited_as_self_review(api, services, obama):
    dependencies.use_services(changed_settings(services, allow_self_review=True))
    me = api.get("/me", claims=LEAD).json()
    assert me["employee_id"] == obama and me["allow_self_review"] is True
    own = kiosk_punch(services, uuid.UUID(obama), yesterday(8), "entry", state="pending")
    confirmed = review(api, own["id"], action="confirm", expected_revision=0)
    assert confirmed.status == 200 and confirmed.json()["review_state"] == "confirmed", confirmed.text
    [entry] = api.get(f"/attendance/{own['id']}/audit", claims=LEAD).json()["items"]
    assert entry["actor"] == "obama@example.com" and entry["self_review"] is True
    assert "self_review" not in entry["after"]  # said on its own, not as a field of the event
    added = api.post("/attendance/manual", json_body={"employee_id": obama, "event_type": "exit",
                                                      "occurred_at": yesterday(16).isoformat(), "note": "left"},
                     claims=LEAD)
    assert added.status == 201, added.text
    [entry] = api.get(f"/attendance/{added.json()['id']}/audit", claims=LEAD).json()["items"]
    assert entry["action"] == "add" and entry["self_review"] is True
    # His punch decided by HR is no self-review.
    other = kiosk_punch(services, uuid.UUID(obama), yesterday(20), "entry", state="pending")
    assert review(api, other["id"], claims=HR, action="reject").status == 200
    assert [e["self_review"] for e in api.get(f"/attendance/{other['id']}/audit", claims=HR).json()["items"]] == [
        False]


def test_allowed_by_the_setting_a_face_put_on_ones_own_record_is_marked_self_review(api, services, obama, penny):
    """FACEPASS_ALLOW_SELF_REVIEW: the admin whose record it is gets an upload ticket for it, confirms a held photo of
    it, changes it, and creates a record with their own email and a photo; every record enrollment keeps of these
    says self_review (the ticket; the employee_audit rows: the confirmed `face`, the creation's fields, the change),
    so HR finds each act the own-record rule would refuse. The same acts by another admin are no self-review."""
    from facepass import storage
    from tests.function_roles import process_upload

    dependencies.use_services(changed_settings(services, allow_self_review=True))
    admin_obama = {**LEAD, "scope": "facepass/admin"}
    own = api.post(f"/employees/{obama}/photos", json_body={"content_type": "image/jpeg"}, claims=admin_obama)
    assert own.status == 201, own.text
    ticket = own.json()
    storage.put_object(services.s3, bucket=services.settings.bucket, key=ticket["key"],
                       data=fixture_bytes("identities/bbt_penny/penny2.png"), content_type="image/png")
    outcome = process_upload(services.db, services.s3, services.engine, services.settings,
                             bucket=services.settings.bucket, key=ticket["key"])
    assert outcome.outcome == "needs_confirmation", outcome  # Penny's face on Obama's record: held for an admin
    path = f"/employees/{obama}/enrollments/{ticket['ticket_id']}"
    assert api.get(path, claims=HR).json()["self_review"] is True
    confirmed = api.post(f"{path}/confirm", claims=admin_obama)
    assert confirmed.status == 200, confirmed.text
    assert confirmed.json()["status"] == "completed" and confirmed.json()["self_review"] is True
    edited = api.patch(f"/employees/{obama}", json_body={"department": "Board"}, claims=admin_obama)
    assert edited.status == 200, edited.text
    trail = api.get(f"/employees/{obama}/audit", claims=HR).json()["items"]
    marked = [(entry["field"], entry["actor"], entry["self_review"]) for entry in trail]
    assert ("face", "obama@example.com", True) in marked and ("department", "obama@example.com", True) in marked
    assert all(not entry["self_review"] for entry in trail if entry["actor"] != "obama@example.com")

    newbie = {"sub": "new-hr", "username": "newbie@example.com", "scope": "facepass/admin"}
    body, content_type = multipart({"full_name": "New Hire", "email": "newbie@example.com",
                                    "biometric_consent": "true", "consent_reference": "form 9"},
                                   fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"))
    created = api.post("/employees/enroll", body=body, headers={"content-type": content_type}, claims=newbie)
    assert created.status == 202, created.text
    assert created.json()["enrollment"]["self_review"] is True
    hire = created.json()["employee"]["id"]
    created_rows = api.get(f"/employees/{hire}/audit", claims=HR).json()["items"]
    assert {entry["field"] for entry in created_rows} >= {"full_name", "email", "biometric_consent"}
    assert all(entry["self_review"] and entry["actor"] == "newbie@example.com" for entry in created_rows)

    # Another admin's acts on these records: no self-review.
    theirs = api.post(f"/employees/{obama}/photos", json_body={"content_type": "image/jpeg"}, claims=HR)
    assert theirs.status == 201, theirs.text
    assert api.get(f"/employees/{obama}/enrollments/{theirs.json()['ticket_id']}",
                   claims=HR).json()["self_review"] is False
    assert api.patch(f"/employees/{hire}", json_body={"department": "Floor"}, claims=HR).status == 200
    [moved] = [entry for entry in api.get(f"/employees/{hire}/audit", claims=HR).json()["items"]
               if entry["field"] == "department"]
    assert (moved["actor"], moved["self_review"]) == ("hr@example.com", False)


def test_allowed_by_the_setting_a_face_stored_from_ones_own_ticket_is_audited_as_a_self_review(api, services, obama):
    """FACEPASS_ALLOW_SELF_REVIEW: the face an admin's own upload ticket for their own record stores is audited as
    theirs and as a self-review (migration 0037's row, marked as migration 0036 marks the rest); the face another
    admin's ticket stores is theirs, no self-review."""
    from facepass import storage
    from tests.function_roles import process_upload

    dependencies.use_services(changed_settings(services, allow_self_review=True))
    admin_obama = {**LEAD, "scope": "facepass/admin"}
    faces = []
    for claims, photo in ((admin_obama, "identities/fr_obama/obama3.jpg"),
                          (HR, "identities/fr_obama/train_obama2.jpg")):
        asked = api.post(f"/employees/{obama}/photos", json_body={"content_type": "image/jpeg"}, claims=claims)
        assert asked.status == 201, asked.text
        ticket = asked.json()
        storage.put_object(services.s3, bucket=services.settings.bucket, key=ticket["key"],
                           data=fixture_bytes(photo), content_type="image/jpeg")
        outcome = process_upload(services.db, services.s3, services.engine, services.settings,
                                 bucket=services.settings.bucket, key=ticket["key"])
        assert outcome.outcome == "completed", outcome
        faces.append(api.get(f"/employees/{obama}/faces", claims=HR).json()["items"][-1]["id"])

    enrolled = [(entry["actor"], entry["after"], entry["self_review"])  # after the fixture's own (enroll_photo)
                for entry in api.get(f"/employees/{obama}/audit", claims=HR).json()["items"]
                if entry["field"] == "face" and entry["before"] is None][1:]
    assert enrolled == [("obama@example.com", str(faces[0]), True), ("hr@example.com", str(faces[1]), False)]


def test_me_answers_the_callers_own_employee(api, services, obama):
    me = api.get("/me", claims=LEAD)
    assert me.status == 200, me.text
    assert me.json() == {"actor": "obama@example.com", "scopes": ["facepass/reviewer"], "employee_id": obama,
                         "allow_self_review": False, "biometric_consent": "required",
                         "departments": None}
    assert api.get("/me", claims=HR).json()["employee_id"] is None  # no employee record has HR's email
    tool = api.get("/me", claims={"sub": "tool-client", "scope": "facepass/admin"}).json()
    assert tool["employee_id"] is None and tool["actor"] == "tool-client"


def test_a_changed_email_sheds_no_own_record_and_nobody_edits_their_own(api, services, obama):
    """A reviewer whose verified email is now a private one (they changed the attribute) is still their user name,
    Obama's: refused. An admin whose record it is may not change it (its email is who they are here; its zone and
    activity make their hours): 403 own_record, nothing changed; another admin may."""
    own = kiosk_punch(services, uuid.UUID(obama), yesterday(8), "entry", state="pending")
    private = {**LEAD, "email": "barack.private@gmail.com"}
    refused_unchanged(services, lambda: review(api, own["id"], claims=private, action="confirm"), own["id"])
    admin_obama = {**LEAD, "scope": "facepass/admin"}
    for body in ({"email": "someone.else@example.com"}, {"department": "Board"}):
        edited = api.patch(f"/employees/{obama}", json_body=body, claims=admin_obama)
        assert (edited.status, edited.error_code) == (403, "own_record"), edited.text
    assert api.get(f"/employees/{obama}", claims=HR).json()["email"] == "obama@example.com"
    moved = api.patch(f"/employees/{obama}", json_body={"department": "Board"}, claims=HR)
    assert moved.status == 200 and moved.json()["department"] == "Board", moved.text


def test_nobody_puts_a_face_on_their_own_record(api, services, obama, penny):
    """Whose face is on a record decides whose punches the kiosk writes: an admin whose record it is gets no upload
    ticket for it and confirms no held photo of it (403 own_record, nothing written); another admin may, and they
    may for a colleague."""
    admin_obama = {**LEAD, "scope": "facepass/admin"}

    def tickets() -> int:
        with services.db.transaction() as cur:
            cur.execute("SELECT count(*) AS n FROM enrollments")
            return cur.fetchone()["n"]

    before = tickets()
    own = api.post(f"/employees/{obama}/photos", json_body={"content_type": "image/jpeg"}, claims=admin_obama)
    assert (own.status, own.error_code) == (403, "own_record"), own.text
    held = api.post(f"/employees/{obama}/enrollments/{uuid.uuid4()}/confirm", claims=admin_obama)
    assert (held.status, held.error_code) == (403, "own_record"), held.text
    assert tickets() == before
    assert api.post(f"/employees/{penny}/photos", json_body={"content_type": "image/jpeg"},
                    claims=admin_obama).status == 201
    assert api.post(f"/employees/{obama}/photos", json_body={"content_type": "image/jpeg"}, claims=HR).status == 201


def test_no_record_becomes_ones_own_by_its_email(api, services, obama, penny):
    """Giving a record (with a colleague's face) one's own email would make the colleague's presses one's own; so
    would creating a record with one's own email and a photo in one call: 403 own_record, nothing written."""
    newbie = {"sub": "new-hr", "username": "newbie@example.com", "scope": "facepass/admin"}
    before = api.get(f"/employees/{penny}", claims=HR).json()
    renamed = api.patch(f"/employees/{penny}", json_body={"email": "Newbie@Example.com"}, claims=newbie)
    assert (renamed.status, renamed.error_code) == (403, "own_record"), renamed.text
    assert api.get(f"/employees/{penny}", claims=HR).json()["email"] == before["email"]
    body, content_type = multipart({"full_name": "New Hire", "email": "newbie@example.com",
                                    "biometric_consent": "true"}, fixture_bytes("identities/bbt_penny/penny1.png"))
    created = api.post("/employees/enroll", body=body, headers={"content-type": content_type}, claims=newbie)
    assert (created.status, created.error_code) == (403, "own_record"), created.text
    assert api.get("/employees", query="q=New%20Hire", claims=HR).json()["items"] == []
    assert api.get("/me", claims=newbie).json()["employee_id"] is None
