"""Biometric consent: recorded (idempotent, audited, by whom), given at creation, required before any photo is
enrolled (409 consent_required, nothing written; the embedding function rejecting a ticket without it), withdrawn by
the erasure, and FACEPASS_BIOMETRIC_CONSENT=off. Real PostgreSQL + pgvector, real models, moto S3."""

from __future__ import annotations

import uuid

import pytest
import requests

from facepass import employees, enrollment, repository, storage
from facepass.schemas import BiometricConsentRequest, EmployeeCreate
from tests.conftest import ADMIN_CLAIMS, CONSENTED, fixture_bytes, with_settings
from tests.function_roles import process_upload

PHOTO = "identities/fr_obama/train_obama.jpg"


def new_employee(api, **fields) -> dict:
    body = {"full_name": "Ada Lovelace", "email": f"ada.{uuid.uuid4().hex[:8]}@example.com", **fields}
    response = api.post("/employees", json_body=body)
    assert response.status == 201, response.text
    return response.json()


def written(services, employee_id: str) -> dict:
    """What an enrollment attempt could have left: tickets, faces, objects under the person's enroll/ prefix."""
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s", (employee_id,))
        tickets = cur.fetchone()["n"]
        cur.execute("SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (employee_id,))
        faces = cur.fetchone()["n"]
    objects = list(storage.list_keys(services.s3, bucket=services.settings.bucket,
                                     prefix=storage.employee_enroll_prefix(uuid.UUID(employee_id))))
    return {"tickets": tickets, "faces": faces, "objects": len(objects)}


def consent_trail(api, employee_id: str) -> list[tuple]:
    items = api.get(f"/employees/{employee_id}/audit").json()["items"]
    return [(entry["actor"], entry["before"], entry["after"]) for entry in items
            if entry["field"] == "biometric_consent"]


def test_an_upload_without_consent_is_409_and_writes_nothing(api, services):
    person = new_employee(api)
    assert person["biometric_consent"] is None
    response = api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"})
    assert (response.status, response.error_code) == (409, "consent_required"), response.text
    assert "record" in response.json()["error"]["message"].lower()  # says what to do
    assert written(services, person["id"]) == {"tickets": 0, "faces": 0, "objects": 0}
    # What the console reads to hold its upload controls back (and to offer them under `off`: below).
    assert api.get(f"/employees/{person['id']}/faces").json()["enrollment"]["consent_needed"] is True
    listed = api.get("/employees", query="q=ada.").json()["items"]
    assert [item["biometric_consent"] for item in listed if item["id"] == person["id"]] == [None]


def test_recording_consent_is_idempotent_audited_and_names_who(api, services):
    person = new_employee(api)
    first = api.post(f"/employees/{person['id']}/biometric-consent",
                     json_body={"reference": "signed form 2026-11 #123"}, claims=ADMIN_CLAIMS)
    assert first.status == 200, first.text
    consent = first.json()["biometric_consent"]
    assert (consent["recorded_by"], consent["reference"]) == ("hr", "signed form 2026-11 #123")
    assert first.json()["updated_at"] == person["updated_at"]  # an edit open meanwhile is not stale

    again = api.post(f"/employees/{person['id']}/biometric-consent", json_body={"reference": "another"})
    assert again.status == 200 and again.json()["biometric_consent"] == consent  # the first record stands
    assert api.post(f"/employees/{person['id']}/biometric-consent",
                    json_body={"reference": "again"}).json()["biometric_consent"] == consent
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] == consent
    assert consent_trail(api, person["id"]) == [("hr", None, "signed form 2026-11 #123")]  # once

    # Then the upload goes through.
    assert api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"}).status == 201


def test_recording_consent_refuses_bad_input_and_unknown_people_and_anonymous_tokens(api):
    person = new_employee(api)
    path = f"/employees/{person['id']}/biometric-consent"
    for reference in ("x" * 201, "line\nbreak", "", 7):
        response = api.post(path, json_body={"reference": reference})
        assert (response.status, response.error_code) == (422, "validation_error"), reference
    assert api.post(path, json_body={"reference": "r", "extra": 1}).status == 422
    missing = api.post(f"/employees/{uuid.uuid4()}/biometric-consent", json_body={"reference": "form 1"})
    assert (missing.status, missing.error_code) == (404, "employee_not_found")
    anonymous = api.post(path, json_body={}, claims={"scope": "facepass/admin"})
    assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown")
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] is None
    assert consent_trail(api, person["id"]) == []
    refused = api.post(path, json_body={"reference": None})  # required (the default): a reference with it
    assert (refused.status, refused.error_code) == (422, "consent_reference_required"), refused.text
    assert consent_trail(api, person["id"]) == []


def test_consent_given_at_creation_is_recorded_and_audited(api):
    person = new_employee(api, biometric_consent={"reference": "HR file 42"})
    assert (person["biometric_consent"]["recorded_by"], person["biometric_consent"]["reference"]) == (
        "test-admin", "HR file 42")
    assert consent_trail(api, person["id"]) == [("test-admin", None, "HR file 42")]
    bare = new_employee(api, biometric_consent={"reference": "HR file 43"})
    assert consent_trail(api, bare["id"]) == [("test-admin", None, "HR file 43")]
    # Not a field a PUT or PATCH changes: 422, nothing changed.
    for verb in (api.put, api.patch):
        response = verb(f"/employees/{bare['id']}", json_body={"full_name": "Ada", "email": bare["email"],
                                                                "biometric_consent": None})
        assert (response.status, response.error_code) == (422, "validation_error")
    assert api.get(f"/employees/{bare['id']}").json()["biometric_consent"] == bare["biometric_consent"]


def test_the_embedding_function_rejects_a_ticket_whose_person_has_no_consent(api, services):
    """A ticket made while FACEPASS_BIOMETRIC_CONSENT was off (or a race): processed under `required`, rejected
    consent_required, no face stored, the photo deleted."""
    import dependencies

    person = new_employee(api)
    dependencies.use_services(with_settings(services, biometric_consent="off"))
    try:
        ticket = api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"}).json()
    finally:
        dependencies.use_services(services)
    upload = requests.post(ticket["upload"]["url"], data=ticket["upload"]["fields"],
                           files={"file": ("photo", fixture_bytes(PHOTO), "image/jpeg")}, timeout=30)
    assert upload.status_code == 204
    outcome = process_upload(services.db, services.s3, services.engine, services.settings,
                             bucket=services.settings.bucket, key=ticket["key"])
    assert (outcome.outcome, outcome.reason_code) == ("rejected", "consent_required")
    status = api.get(f"/employees/{person['id']}/enrollments/{ticket['ticket_id']}").json()
    assert (status["status"], status["reason_code"]) == ("rejected", "consent_required")
    assert written(services, person["id"]) == {"tickets": 1, "faces": 0, "objects": 0}


def test_library_enrollment_refuses_a_person_without_consent(services):
    """enroll_photo and enroll_embedding (bulk imports, the evaluation) store no face without it either."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Lib", email="lib@example.com"))
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, person.id, fixture_bytes(PHOTO),
                                   source_key="test/lib") == ("rejected", "consent_required")
    assert written(services, str(person.id))["faces"] == 0
    recorded = employees.record_consent(services.db, person.id, BiometricConsentRequest(reference="form 9"))
    assert recorded.biometric_consent.recorded_by == "FacePass (automatic)"  # FacePass's own tools
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, person.id, fixture_bytes(PHOTO),
                                   source_key="test/lib")[0] == "completed"


def test_confirming_a_held_photo_of_a_person_without_consent_is_409(services):
    """A photo held before the gate (or whose person's consent went since): confirming it would store a face."""
    from facepass.errors import Conflict

    first = employees.create_employee(services.db, EmployeeCreate(full_name="One", email="one@example.com",
                                                                  biometric_consent=CONSENTED))
    second = employees.create_employee(services.db, EmployeeCreate(full_name="Two", email="two@example.com"))
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, first.id,
                                   fixture_bytes("identities/fr_biden/train_biden.jpg"),
                                   source_key="test/one")[0] == "completed"
    off = services.settings.model_copy(update={"biometric_consent": "off"})
    ticket = enrollment.create_upload_ticket(services.db, services.s3, off, second.id)
    storage.put_object(services.s3, bucket=off.bucket, key=ticket.key,
                       data=fixture_bytes("identities/fr_biden/train_biden2.jpg"), content_type="image/jpeg")
    held = process_upload(services.db, services.s3, services.engine, off, bucket=off.bucket, key=ticket.key)
    assert held.outcome == "needs_confirmation"
    with pytest.raises(Conflict) as refused:
        enrollment.confirm_enrollment(services.db, services.settings, second.id, ticket.ticket_id)
    assert refused.value.code == "consent_required"
    with services.db.transaction() as cur:
        assert repository.get_enrollment(cur, ticket.ticket_id)["status"] == "needs_confirmation"
    assert written(services, str(second.id))["faces"] == 0


def test_the_erasure_withdraws_consent_and_keeps_its_audit(api, services):
    person = new_employee(api, biometric_consent={"reference": "form 5"})
    erased = api.delete(f"/employees/{person['id']}", query="erase=true")
    assert erased.status == 200, erased.text
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] is None
    assert consent_trail(api, person["id"]) == [("test-admin", None, "form 5"), ("test-admin", "form 5", None)]
    # A rehire: reactivated, still no photo until consent is recorded again.
    assert api.patch(f"/employees/{person['id']}", json_body={"is_active": True}).status == 200
    response = api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"})
    assert (response.status, response.error_code) == (409, "consent_required")
    assert api.post(f"/employees/{person['id']}/biometric-consent", json_body={"reference": "form 6"}).status == 200
    assert api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"}).status == 201
    assert api.delete(f"/employees/{person['id']}", query="erase=true").status == 200  # a second erasure
    assert consent_trail(api, person["id"])[-1] == ("test-admin", "form 6", None)


def test_off_mode_enrolls_without_consent(api, services):
    import dependencies

    person = new_employee(api)
    dependencies.use_services(with_settings(services, biometric_consent="off"))
    try:
        assert api.get(f"/employees/{person['id']}/faces").json()["enrollment"]["consent_needed"] is False
        response = api.post(f"/employees/{person['id']}/photos", json_body={"content_type": "image/jpeg"})
        assert response.status == 201, response.text
    finally:
        dependencies.use_services(services)
    off = services.settings.model_copy(update={"biometric_consent": "off"})
    storage.put_object(services.s3, bucket=off.bucket, key=response.json()["key"],
                       data=fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"), content_type="image/jpeg")
    outcome = process_upload(services.db, services.s3, services.engine, off, bucket=off.bucket,
                             key=response.json()["key"])
    assert outcome.outcome == "completed"
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] is None  # still shown as missing


def test_the_enroll_with_photo_form_takes_consent_as_true_or_false_and_a_reference_only_with_it(api, services):
    from tests.integration.test_enrollment import multipart

    base = {"full_name": "Form Person", "email": "form.person@example.com"}
    for fields, part in (({"biometric_consent": "yes"}, "biometric_consent"),
                         ({"consent_reference": "form 3"}, "consent_reference"),
                         ({"biometric_consent": "false", "consent_reference": "form 3"}, "consent_reference")):
        body, content_type = multipart({**base, **fields}, fixture_bytes(PHOTO))
        response = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
        assert (response.status, response.error_code) == (422, "validation_error"), response.text
        assert [problem["location"] for problem in response.json()["error"]["details"]["errors"]] == [["form", part]]
    body, content_type = multipart({**base, "biometric_consent": "false"}, fixture_bytes(PHOTO))
    response = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert (response.status, response.error_code) == (409, "consent_required")
    assert api.get("/employees", query="q=form.person").json()["items"] == []
    body, content_type = multipart({**base, "biometric_consent": "true", "consent_reference": "form 3"},
                                   fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"))
    response = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert response.status == 202, response.text
    assert response.json()["employee"]["biometric_consent"]["reference"] == "form 3"


def test_under_required_every_route_that_records_consent_wants_its_reference(api, services):
    """FACEPASS_BIOMETRIC_CONSENT=required (the default): a ticked box alone is no consent record. POST /employees with
    biometric_consent, the enroll-with-photo form with biometric_consent=true and POST /employees/{id}/biometric-
    consent without a reference are 422 consent_reference_required, nothing written (nobody created, no consent, no
    ticket); GET /me says the mode. With `off` the same requests go through."""
    from tests.integration.test_enrollment import multipart

    import dependencies

    assert api.get("/me").json()["biometric_consent"] == "required"
    email = f"ref.{uuid.uuid4().hex[:8]}@example.com"
    for consent in ({}, {"reference": None}):
        created = api.post("/employees", json_body={"full_name": "Ref Less", "email": email,
                                                    "biometric_consent": consent})
        assert (created.status, created.error_code) == (422, "consent_reference_required"), created.text
    body, content_type = multipart({"full_name": "Ref Less", "email": email, "biometric_consent": "true"},
                                   fixture_bytes(PHOTO))
    form = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert (form.status, form.error_code) == (422, "consent_reference_required"), form.text
    assert api.get("/employees", query="q=ref.").json()["items"] == []  # nobody created
    person = new_employee(api)
    path = f"/employees/{person['id']}/biometric-consent"
    for consent in (None, {}, {"reference": None}):
        recorded = api.post(path, json_body=consent)
        assert (recorded.status, recorded.error_code) == (422, "consent_reference_required"), recorded.text
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] is None
    assert consent_trail(api, person["id"]) == []
    assert written(services, person["id"]) == {"tickets": 0, "faces": 0, "objects": 0}
    # Blank is no reference either (trimmed, then too short: refused as input).
    assert api.post(path, json_body={"reference": "   "}).status == 422
    assert api.get(f"/employees/{person['id']}").json()["biometric_consent"] is None

    dependencies.use_services(with_settings(services, biometric_consent="off"))
    try:
        assert api.get("/me").json()["biometric_consent"] == "off"
        created = api.post("/employees", json_body={"full_name": "Ref Less", "email": email, "biometric_consent": {}})
        assert created.status == 201, created.text
        assert created.json()["biometric_consent"]["reference"] is None
        body, content_type = multipart({"full_name": "Ref Form", "email": f"form.{email}",
                                        "biometric_consent": "true"}, fixture_bytes(PHOTO))
        form = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
        assert form.status == 202, form.text
        recorded = api.post(path, json_body={})
        assert recorded.status == 200, recorded.text
        assert consent_trail(api, person["id"]) == [("test-admin", None, "recorded")]
    finally:
        dependencies.use_services(services)


def test_under_required_a_repeat_without_a_reference_answers_the_recorded_consent(api, services):
    """A consent already recorded, sent again without its reference (a retry, the console re-sending): the repeat,
    200 with the consent as recorded, nothing written (no second audit row, the first record standing). A person
    without a recorded consent is still 422 consent_reference_required, as is an unknown one 404."""
    person = new_employee(api)
    path = f"/employees/{person['id']}/biometric-consent"
    first = api.post(path, json_body={"reference": "signed form 7"})
    assert first.status == 200, first.text
    consent = first.json()["biometric_consent"]
    for body in (None, {}, {"reference": None}):
        again = api.post(path, json_body=body, claims=ADMIN_CLAIMS)
        assert again.status == 200, again.text
        assert again.json()["biometric_consent"] == consent  # the first record: its time, actor and reference
        assert again.json()["updated_at"] == first.json()["updated_at"]
    assert consent_trail(api, person["id"]) == [("test-admin", None, "signed form 7")]  # nothing written

    other = new_employee(api)
    refused = api.post(f"/employees/{other['id']}/biometric-consent", json_body={})
    assert (refused.status, refused.error_code) == (422, "consent_reference_required"), refused.text
    assert api.get(f"/employees/{other['id']}").json()["biometric_consent"] is None
    missing = api.post(f"/employees/{uuid.uuid4()}/biometric-consent", json_body={})
    assert (missing.status, missing.error_code) == (404, "employee_not_found"), missing.text
