"""Enrollment pipeline: presigned POST to the local S3 (moto server + policy checks), real bucket
notifications delivered to SQS, the embedding handler, real models and PostgreSQL + pgvector."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
import requests
from PIL import Image
from psycopg.rows import dict_row

from facepass import storage
from facepass.errors import DatabaseUnavailable
from facepass.local.lambda_events import LocalLambdaContext, s3_put_event
from facepass.local.notifications import connect_bucket_to_queue, drain_queue
from tests.conftest import (
    CONSENTED,
    fixture_bytes,
    fresh_database,
    kiosk_paired_days_ago,
    paused,
    run_into,
    s3_hook,
    wait_for_lock_waiters_at,
)
from tests.function_roles import acting_as, process_upload, run_cleanup

PHOTO = "identities/fr_obama/train_obama.jpg"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    """A fresh database per test: enrolled faces must not leak into the next test's duplicate check."""
    return fresh_database(pg_server, migrated_template, request.node.name)


@pytest.fixture
def sqs(settings):
    import boto3

    return boto3.client("sqs", region_name=settings.aws_region, endpoint_url=settings.s3_endpoint_url)


@pytest.fixture
def pipeline(api, services, s3, sqs):
    """The API, the embedding handler (each with its role) and a queue receiving the bucket's real notifications."""
    import embedding_handler

    queue_url = connect_bucket_to_queue(s3, sqs, bucket=services.settings.bucket, prefix=storage.ENROLL_PREFIX,
                                        queue_name=f"q-{uuid.uuid4().hex[:10]}")
    def handler(event, context):  # as in AWS: with the EmbeddingFunction's role (tests/function_roles)
        with acting_as(services.s3, "EmbeddingFunction"):
            return embedding_handler.lambda_handler(event, context)

    api.in_roles = True  # and the API with the ApiFunction's
    embedding_handler.use_services(services)
    yield Pipeline(api, services, s3, sqs, queue_url, handler)
    embedding_handler.use_services(None)


class Pipeline:
    def __init__(self, api, services, s3, sqs, queue_url, handler) -> None:
        self.api, self.services, self.s3, self.sqs, self.queue_url, self.handler = (
            api, services, s3, sqs, queue_url, handler)

    def employee(self, name: str = "Test Person") -> str:
        response = self.api.post("/employees", json_body={
            "full_name": name, "email": f"{uuid.uuid4().hex[:10]}@example.com", "department": "QA",
            "biometric_consent": CONSENTED})
        assert response.status == 201
        return response.json()["id"]

    def ticket(self, employee_id: str, content_type: str = "image/jpeg") -> dict:
        response = self.api.post(f"/employees/{employee_id}/photos", json_body={"content_type": content_type})
        assert response.status == 201, response.text
        return response.json()

    @staticmethod
    def upload(ticket: dict, data: bytes, *, fields: dict | None = None,
               content_type: str | None = None) -> requests.Response:
        form = dict(ticket["upload"]["fields"], **(fields or {}))
        kind = content_type or ticket["content_type"]
        return requests.post(ticket["upload"]["url"], data=form, files={"file": ("photo", data, kind)}, timeout=30)

    def deliver(self) -> list[dict]:
        """Hand every notification S3 sent to the embedding handler; returns the handler results."""
        return drain_queue(self.sqs, self.queue_url, self.handler,
                           lambda: LocalLambdaContext(function_name="EmbeddingFunction"))

    def enroll(self, employee_id: str, photo: str) -> dict:
        ticket = self.ticket(employee_id)
        assert self.upload(ticket, fixture_bytes(photo)).status_code == 204
        self.deliver()
        return self.status(employee_id, ticket["ticket_id"])

    def status(self, employee_id: str, ticket_id: str) -> dict:
        response = self.api.get(f"/employees/{employee_id}/enrollments/{ticket_id}")
        assert response.status == 200
        return response.json()

    def faces(self, employee_id: str) -> list[dict]:
        return self.api.get(f"/employees/{employee_id}/faces").json()["items"]

    def keys(self, prefix: str = "") -> list[str]:
        return [item["Key"] for item in storage.list_keys(self.s3, bucket=self.services.settings.bucket,
                                                          prefix=prefix)]


def test_enrolled_photo_becomes_one_embedding_and_is_deleted(pipeline):
    employee = pipeline.employee("Barack")
    ticket = pipeline.ticket(employee)
    assert ticket["key"] == f"enroll/{employee}/{ticket['ticket_id']}"
    assert pipeline.status(employee, ticket["ticket_id"])["status"] == "pending"
    assert pipeline.upload(ticket, fixture_bytes(PHOTO)).status_code == 204
    assert pipeline.keys() == [ticket["key"]]

    results = pipeline.deliver()

    assert [outcome["outcome"] for result in results for outcome in result["outcomes"]] == ["completed"]
    status = pipeline.status(employee, ticket["ticket_id"])
    assert status["status"] == "completed" and status["reason_code"] is None
    faces = pipeline.faces(employee)
    assert len(faces) == 1
    assert faces[0]["model_id"] == "sface-2021dec"
    assert "embedding" not in faces[0] and faces[0]["quality"]["face_px"] > 100
    assert pipeline.keys() == []


def test_the_same_event_twice_leaves_one_embedding(pipeline):

    employee = pipeline.employee()
    ticket = pipeline.ticket(employee)
    pipeline.upload(ticket, fixture_bytes(PHOTO))
    event = s3_put_event(pipeline.services.settings.bucket, ticket["key"], size=1)
    first = pipeline.handler(event, LocalLambdaContext())
    second = pipeline.handler(event, LocalLambdaContext())
    pipeline.deliver()  # and the real notification on top
    assert first["outcomes"][0]["outcome"] == "completed"
    assert second["outcomes"][0]["outcome"] == "already_final"
    assert len(pipeline.faces(employee)) == 1
    assert pipeline.status(employee, ticket["ticket_id"])["status"] == "completed"
    assert pipeline.keys() == []


ANNA_HR = {"sub": "hr-anna", "username": "anna.hr@example.com", "scope": "facepass/admin"}


def _face_audit(pipeline, employee: str) -> list[tuple]:
    """The person's `face` rows of GET /employees/{id}/audit: (actor, before, after, self_review)."""
    return [(entry["actor"], entry["before"], entry["after"], entry["self_review"])
            for entry in pipeline.api.get(f"/employees/{employee}/audit").json()["items"] if entry["field"] == "face"]


def test_a_face_stored_from_an_upload_says_who_asked_for_it_once(pipeline, services):
    """A face is a credential (whoever's face is on a record punches as its person): the face an upload stores is
    audited as put there by whoever asked for the ticket (the presigned POST itself names nobody), in the History,
    once: the same S3 event delivered twice, and the real notification on top, store one face and write one row."""
    employee = pipeline.employee("Barack")
    asked = pipeline.api.post(f"/employees/{employee}/photos", json_body={"content_type": "image/jpeg"},
                              claims=ANNA_HR)
    assert asked.status == 201, asked.text
    ticket = asked.json()
    assert pipeline.status(employee, ticket["ticket_id"])["requested_by"] == "anna.hr@example.com"
    assert _face_audit(pipeline, employee) == []  # a ticket is no face yet
    assert pipeline.upload(ticket, fixture_bytes(PHOTO)).status_code == 204
    event = s3_put_event(services.settings.bucket, ticket["key"], size=1)

    first = pipeline.handler(event, LocalLambdaContext())
    second = pipeline.handler(event, LocalLambdaContext())
    pipeline.deliver()

    assert [first["outcomes"][0]["outcome"], second["outcomes"][0]["outcome"]] == ["completed", "already_final"]
    (face,) = pipeline.faces(employee)
    assert _face_audit(pipeline, employee) == [("anna.hr@example.com", None, str(face["id"]), False)]
    status = pipeline.status(employee, ticket["ticket_id"])  # read by another admin: still Anna's ticket
    assert (status["status"], status["requested_by"]) == ("completed", "anna.hr@example.com")
    with services.db.transaction() as cur:  # the row holds the face's id, nothing biometric
        cur.execute("SELECT * FROM employee_audit WHERE employee_id = %s AND field = 'face'", (employee,))
        (row,) = cur.fetchall()
    assert (row["before"], row["after"], row["actor"]) == (None, str(face["id"]), "anna.hr@example.com")

    # A photo refused (two faces) or held for HR stores no face: no row (a held one's decision writes its own).
    refused = pipeline.enroll(employee, "groups/fr_kit_with_rose.jpg")
    assert refused["status"] == "rejected" and refused["requested_by"] == "test-admin"
    held = pipeline.enroll(employee, "identities/fr_biden/train_biden.jpg")
    assert held["status"] == "needs_confirmation"
    assert len(_face_audit(pipeline, employee)) == 1
    # A token without a subject gets no ticket: the face stored from it could not say who put it there.
    anonymous = pipeline.api.post(f"/employees/{employee}/photos", json_body={"content_type": "image/jpeg"},
                                  claims={"scope": "facepass/admin"})
    assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown")
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s", (employee,))
        assert cur.fetchone()["n"] == 3


def test_a_face_from_a_ticket_made_before_requesters_were_recorded_names_an_unknown_requester(pipeline, services):
    """A ticket of migration 0037's time (requested_by null) still pending: its face is audited by a fixed actor that
    says the requester is unknown (never the system as if it had decided, nor nobody)."""
    from facepass import repository
    from facepass.authz import UNKNOWN_REQUESTER

    employee = pipeline.employee("Old Ticket")
    ticket_id, bucket = uuid.uuid4(), services.settings.bucket
    key = storage.enrollment_key(uuid.UUID(employee), ticket_id)
    with services.db.transaction() as cur:
        repository.insert_enrollment(cur, ticket_id=ticket_id, employee_id=uuid.UUID(employee), s3_key=key)
    assert pipeline.status(employee, str(ticket_id))["requested_by"] is None
    storage.put_object(services.s3, bucket=bucket, key=key, data=fixture_bytes(PHOTO), content_type="image/jpeg")

    assert process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket,
                          key=key).outcome == "completed"

    (face,) = pipeline.faces(employee)
    assert UNKNOWN_REQUESTER == "FacePass (automatic): unknown requester"
    assert _face_audit(pipeline, employee) == [(UNKNOWN_REQUESTER, None, str(face["id"]), False)]


def test_a_face_enrolled_from_the_library_names_the_operator(pipeline, services, monkeypatch):
    """enroll_photo (bulk imports from a shell, no API, no token): the face is audited by the OS user who ran it,
    `cli (<user>)`, or by the actor the caller names; a photo of the same upload again stores and audits nothing."""
    from facepass import enrollment

    monkeypatch.setenv("LOGNAME", "ops-olga")  # getpass.getuser's first source
    employee = pipeline.employee("Bulk Import")
    source = f"import/{uuid.uuid4()}"
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, uuid.UUID(employee),
                                   fixture_bytes(PHOTO), source_key=source) == ("completed", None)
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, uuid.UUID(employee),
                                   fixture_bytes("identities/fr_obama/obama3.jpg"), source_key=f"import/{uuid.uuid4()}",
                                   actor="payroll-sync") == ("completed", None)
    first, second = pipeline.faces(employee)
    assert _face_audit(pipeline, employee) == [("cli (ops-olga)", None, str(first["id"]), False),
                                               ("payroll-sync", None, str(second["id"]), False)]


@pytest.mark.parametrize(("photo", "reason"), [
    ("nonface/skimage_coffee.png", "no_face"),
    ("groups/fr_kit_with_rose.jpg", "multiple_faces"),
    ("identities/bbt_stuart/stuart5.png", "bad_pose"),
])
def test_unusable_photos_end_as_rejected_tickets_and_are_deleted(pipeline, photo, reason):
    employee = pipeline.employee()
    content_type = "image/png" if photo.endswith(".png") else "image/jpeg"
    ticket = pipeline.ticket(employee, content_type)
    assert pipeline.upload(ticket, fixture_bytes(photo)).status_code == 204
    pipeline.deliver()
    status = pipeline.status(employee, ticket["ticket_id"])
    assert (status["status"], status["reason_code"]) == ("rejected", reason)
    assert pipeline.faces(employee) == []
    assert pipeline.keys() == []


def test_text_uploaded_as_jpeg_is_rejected_not_an_image(pipeline):
    employee = pipeline.employee()
    ticket = pipeline.ticket(employee)
    assert pipeline.upload(ticket, b"this is not a photo " * 100).status_code == 204
    pipeline.deliver()
    assert pipeline.status(employee, ticket["ticket_id"])["reason_code"] == "not_an_image"
    assert pipeline.keys() == []


def _suspected_duplicate(pipeline, photos=("identities/fr_obama/train_obama.jpg", "identities/fr_obama/obama3.jpg"),
                         ) -> tuple[str, str, dict]:
    first = pipeline.employee("Original Person")
    assert pipeline.enroll(first, photos[0])["status"] == "completed"
    second = pipeline.employee("Look Alike")
    return first, second, pipeline.enroll(second, photos[1])


def test_same_person_under_a_second_employee_waits_for_an_admin(pipeline):
    first, second, status = _suspected_duplicate(pipeline)
    assert (status["status"], status["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    assert status["duplicate_of_employee_id"] == first
    assert status["reason_detail"]["full_name"] == "Original Person"
    assert status["duplicate_similarity"] >= status["reason_detail"]["threshold"]
    assert status["reason_detail"]["gallery_size"] == 1
    assert pipeline.faces(second) == []  # not searchable until confirmed
    # The photo is gone; the waiting embedding is kept, and a face crop for HR to look at while it is held.
    assert pipeline.keys() == [held_key(second, status)]


def held_key(employee: str, status: dict) -> str:
    return storage.held_photo_key(uuid.UUID(employee), uuid.UUID(status["ticket_id"]))


def held_photo(status: dict) -> bytes:
    """A held ticket's face crop as HR's browser gets it: through its presigned link (not to be kept in a cache)."""
    assert status["photo_url"], status
    response = requests.get(status["photo_url"], timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == storage.SNAPSHOT_GET_CACHE_CONTROL
    return response.content


def unlinked(value):
    """A ticket (or list answer) with its presigned link (signed at each answer) replaced by whether it has one."""
    if isinstance(value, list):
        return [unlinked(item) for item in value]
    if isinstance(value, dict):
        return {name: (item is not None if name == "photo_url" else unlinked(item)) for name, item in value.items()}
    return value


def _with_exif(data: bytes) -> bytes:
    """The photo as a camera writes it: EXIF with the device's make and model and where it was taken."""
    image = Image.open(io.BytesIO(data))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "FacePassTestCam", "HR-Phone-9"  # Make, Model
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def test_a_held_photo_keeps_one_small_face_crop_without_metadata_while_held(pipeline, services):
    """HR decides on a held photo looking at it: a crop of the face (context around it, at most 256 px a side, no
    EXIF), written with the hold, named by the ticket, linked from the API; a second delivery writes nothing."""
    first = pipeline.employee("Original Person")
    enrolled = pipeline.enroll(first, "identities/fr_obama/train_obama.jpg")
    second = pipeline.employee("Look Alike")
    ticket = pipeline.ticket(second)
    upload = _with_exif(fixture_bytes("identities/fr_obama/obama3.jpg"))
    assert b"FacePassTestCam" in upload and Image.open(io.BytesIO(upload)).getexif()
    assert pipeline.upload(ticket, upload).status_code == 204
    pipeline.deliver()

    status = pipeline.status(second, ticket["ticket_id"])
    assert status["status"] == "needs_confirmation"
    key = held_key(second, status)
    assert pipeline.keys() == [key]  # the upload deleted, exactly one crop kept
    with services.db.transaction() as cur:
        cur.execute("SELECT held_photo_key FROM enrollments WHERE id = %s", (ticket["ticket_id"],))
        assert cur.fetchone()["held_photo_key"] == key
    crop = held_photo(status)
    image = Image.open(io.BytesIO(crop))
    image.load()
    assert image.format == "JPEG" and max(image.size) <= 256 and min(image.size) >= 64
    assert not image.getexif() and "exif" not in image.info
    assert b"FacePassTestCam" not in crop and b"Exif" not in crop
    # The held list links to it as well; a ticket that is not held has no link.
    (listed,) = pipeline.api.get(f"/employees/{second}/enrollments").json()["items"]
    assert Image.open(io.BytesIO(held_photo(listed))).size == image.size
    assert pipeline.status(first, enrolled["ticket_id"])["photo_url"] is None

    # The event again: the ticket is final, nothing is written (the crop is the one of the hold).
    written = storage.last_modified(services.s3, bucket=services.settings.bucket, key=key)
    again = pipeline.handler(s3_put_event(services.settings.bucket, ticket["key"], size=1), LocalLambdaContext())
    assert [outcome["outcome"] for outcome in again["outcomes"]] == ["already_final"]
    assert pipeline.keys() == [key]
    assert storage.last_modified(services.s3, bucket=services.settings.bucket, key=key) == written
    assert held_photo(pipeline.status(second, ticket["ticket_id"])) == crop


def test_a_failed_delete_leaves_the_decision_made_and_the_cleanup_deletes_the_leftover(pipeline, services):
    """S3 failing when the crop of a refused photo is deleted: the refusal stands; the daily cleanup deletes any held/
    object no held ticket names, once older than its grace (a hold's crop is written just before its commit)."""
    from botocore.exceptions import ClientError

    from facepass import retention

    _, second, status = _suspected_duplicate(pipeline)
    key = held_key(second, status)

    def refused(params, **_):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "slow down"}}, "DeleteObjects")

    with s3_hook(services, "before-call.s3.DeleteObjects", refused):
        answer = pipeline.api.post(f"/employees/{second}/enrollments/{status['ticket_id']}/reject")
    assert answer.status == 200 and answer.json()["status"] == "rejected", answer.text
    assert answer.json()["photo_url"] is None
    assert pipeline.keys() == [key]  # left behind; no ticket names it
    # And a crop whose hold never committed (the function stopped between the two): no ticket at all.
    stray = storage.held_photo_key(uuid.UUID(second), uuid.uuid4())
    storage.put_held_photo(services.s3, bucket=services.settings.bucket, key=stray, data=b"\xff\xd8 a crop")
    # A crop still held is never a leftover.
    _, third, kept = _suspected_duplicate(pipeline, ("identities/fr_biden/train_biden2.jpg",
                                                     "identities/fr_biden/train_biden.jpg"))
    assert kept["status"] == "needs_confirmation"

    now = datetime.now(UTC)
    early = run_cleanup(services.db, services.s3, services.settings, now=now)
    assert (early.orphan_held_photos_deleted, early.held_photos_deleted) == (0, 0)
    assert sorted(pipeline.keys()) == sorted([key, stray, held_key(third, kept)])

    later = run_cleanup(services.db, services.s3, services.settings,
                        now=now + retention.HELD_PHOTO_GRACE + timedelta(minutes=1))
    assert (later.orphan_held_photos_deleted, later.held_photos_deleted) == (2, 2)
    assert pipeline.keys() == [held_key(third, kept)]
    assert pipeline.status(second, status["ticket_id"])["status"] == "rejected"


def test_an_admin_confirms_a_suspected_duplicate_on_purpose(pipeline, services):
    _, second, status = _suspected_duplicate(pipeline)
    assert pipeline.keys() == [held_key(second, status)]
    path = f"/employees/{second}/enrollments/{status['ticket_id']}/confirm"
    confirmed = pipeline.api.post(path)
    assert confirmed.status == 200, confirmed.text
    assert confirmed.json()["status"] == "completed" and confirmed.json()["reason_detail"]["confirmed"] is True
    assert confirmed.json()["photo_url"] is None and pipeline.keys() == []  # the hold ended: its crop went
    assert len(pipeline.faces(second)) == 1
    assert pipeline.api.post(path).json()["status"] == "completed"  # twice: same answer, one face
    assert len(pipeline.faces(second)) == 1
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0


def test_an_admin_refuses_a_suspected_duplicate_and_its_face_data_goes(pipeline, services):
    _, second, status = _suspected_duplicate(pipeline)
    assert pipeline.keys() == [held_key(second, status)]
    refused = pipeline.api.post(f"/employees/{second}/enrollments/{status['ticket_id']}/reject")
    assert refused.status == 200 and refused.json()["status"] == "rejected"
    assert refused.json()["photo_url"] is None and pipeline.keys() == []  # its crop went with the hold
    assert pipeline.faces(second) == []
    confirm = pipeline.api.post(f"/employees/{second}/enrollments/{status['ticket_id']}/confirm")
    assert (confirm.status, confirm.error_code) == (409, "nothing_to_confirm")
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0


def test_confirming_what_is_not_waiting_is_4xx(pipeline):
    employee = pipeline.employee()
    status = pipeline.enroll(employee, "identities/fr_obama/train_obama.jpg")
    response = pipeline.api.post(f"/employees/{employee}/enrollments/{status['ticket_id']}/confirm")
    assert (response.status, response.error_code) == (409, "nothing_to_confirm")
    missing = pipeline.api.post(f"/employees/{employee}/enrollments/{uuid.uuid4()}/confirm")
    assert (missing.status, missing.error_code) == (404, "enrollment_not_found")


def test_erasure_and_expiry_delete_a_waiting_embedding(pipeline, services):
    _, second, held = _suspected_duplicate(pipeline)
    _, third, status = _suspected_duplicate(pipeline, ("identities/fr_biden/train_biden2.jpg",
                                                       "identities/fr_biden/train_biden.jpg"))
    assert status["status"] == "needs_confirmation"

    def waiting() -> int:
        with services.db.transaction() as cur:
            cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
            return cur.fetchone()["n"]

    assert waiting() == 2
    assert sorted(pipeline.keys()) == sorted([held_key(second, held), held_key(third, status)])
    erased = pipeline.api.delete(f"/employees/{second}", query="erase=true")
    assert erased.status == 200 and erased.json()["held_photos_deleted"] == 1
    assert waiting() == 1
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(third, status)]  # the erased person's went with them
    later = datetime.now(UTC) + timedelta(hours=services.settings.confirmation_expiry_hours + 1)
    report = run_cleanup(services.db, services.s3, services.settings, now=later)
    assert (report.confirmations_expired, report.held_photos_deleted, report.orphan_held_photos_deleted) == (1, 1, 0)
    assert waiting() == 0
    assert pipeline.keys(storage.HELD_PREFIX) == []  # expired: its crop went with the hold
    assert pipeline.status(third, status["ticket_id"])["photo_url"] is None
    tickets = pipeline.api.get(f"/employees/{third}/faces").json()
    assert tickets["items"] == [] and tickets["enrollment"]["photos"] == 0


def test_who_got_a_link_to_a_held_photos_face_crop_is_logged_by_ticket_never_by_key(pipeline, caplog):
    import logging

    _, second, status = _suspected_duplicate(pipeline)
    caplog.set_level(logging.INFO, logger="facepass.access")
    caplog.clear()  # the holding upload's own status reads
    listed = pipeline.api.get(f"/employees/{second}/enrollments").json()["items"]
    one = pipeline.api.get(f"/employees/{second}/enrollments/{status['ticket_id']}").json()
    assert listed[0]["photo_url"] and one["photo_url"]
    lines = [record for record in caplog.records if record.msg.startswith("held_photos_linked")]
    assert [(record.actor, record.ticket_ids) for record in lines] == [("test-admin", [status["ticket_id"]])] * 2
    assert lines[0].getMessage() == f"held_photos_linked actor=test-admin ticket_ids={status['ticket_id']}"
    for record in lines:  # never the key nor the link: the log outlives the photo
        assert "held/" not in str(record.__dict__) and "http" not in str(record.__dict__)


def test_an_access_report_lists_a_held_photo_and_the_hold_it_makes_on_the_person_it_looks_like(pipeline):
    # GET /employees/{id}/biometric-data: the uploader's photo waits for HR with its embedding and a face crop; the
    # person it looks like holds a score of their face on that ticket, and a photo held as possibly theirs.
    first, second, status = _suspected_duplicate(pipeline)
    uploader = pipeline.api.get(f"/employees/{second}/biometric-data").json()
    assert [(held["ticket_id"], held["reason_code"], held["photo_kept"]) for held in uploader["held_photos"]] == [
        (status["ticket_id"], "suspected_duplicate", True)]
    assert uploader["faces"] == [] and uploader["uploads_waiting"] == 0
    assert uploader["enrollment_records"] == 1  # the held upload's ticket
    original = pipeline.api.get(f"/employees/{first}/biometric-data").json()
    assert (len(original["faces"]), original["held_photos"]) == (1, [])
    assert (original["scored_tickets"], original["held_as_possibly_theirs"]) == (1, 1)


def test_erasing_the_matched_person_rejects_the_waiting_duplicate_of_them(pipeline, services):
    # The face waiting under "Look Alike" matched "Original Person", so it is most likely theirs: erasing them
    # must delete it, and an admin must no longer be able to enroll it under the look-alike.
    first, second, status = _suspected_duplicate(pipeline)
    assert pipeline.keys() == [held_key(second, status)]
    erased = pipeline.api.delete(f"/employees/{first}", query="erase=true")
    assert erased.status == 200 and erased.json()["duplicate_tickets_rejected"] == 1
    assert erased.json()["held_photos_deleted"] == 1  # a photo of (most likely) their face
    assert pipeline.keys(storage.HELD_PREFIX) == []
    ticket = pipeline.status(second, status["ticket_id"])
    assert (ticket["status"], ticket["reason_code"]) == ("rejected", "duplicate_erased")
    assert ticket["duplicate_of_employee_id"] is None
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0
    confirm = pipeline.api.post(f"/employees/{second}/enrollments/{status['ticket_id']}/confirm")
    assert (confirm.status, confirm.error_code) == (409, "nothing_to_confirm")
    assert pipeline.faces(second) == []


def test_an_upload_whose_ticket_is_still_committing_waits_for_the_next_delivery(pipeline, services):
    # enroll-with-photo writes the photo inside the transaction that creates the employee and the ticket: its S3
    # event may be handled before that commit. The photo was then deleted as a stray and the ticket stayed pending.

    from facepass import repository
    from facepass.errors import UploadNotYetOwned

    bucket, ticket_id = services.settings.bucket, uuid.uuid4()
    writer = psycopg.connect(services.settings.database_url)
    try:
        with writer.cursor(row_factory=dict_row) as cur:  # not committed yet
            row = repository.insert_employee(cur, full_name="Committing", email="committing@example.com",
                                             department=None, actor="test", consent=True)
            key = storage.enrollment_key(row["id"], ticket_id)
            repository.insert_enrollment(cur, ticket_id=ticket_id, employee_id=row["id"], s3_key=key)
            storage.put_object(services.s3, bucket=bucket, key=key, data=fixture_bytes(PHOTO),
                               content_type="image/jpeg")
            with pytest.raises(UploadNotYetOwned):  # the event's first delivery
                process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=key)
            assert pipeline.keys() == [key]  # kept
        writer.commit()
    finally:
        writer.close()
    done = process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=key)
    assert done.outcome == "completed" and pipeline.keys() == []
    assert len(pipeline.faces(str(row["id"]))) == 1


def _look_alike_upload_paused_after_its_search(pipeline, monkeypatch):
    """An original person enrolled, and a look-alike's upload (another photo of the same face) started and paused
    right after its duplicate search (the real search; the test says when it returns: go.set()).
    Returns (first, second, go, upload thread, outcome dict filled when the upload ends)."""
    import threading

    from facepass import face_removal

    first = pipeline.employee("Original Person")
    assert pipeline.enroll(first, "identities/fr_obama/train_obama.jpg")["status"] == "completed"
    second = pipeline.employee("Look Alike")
    searched, go = paused(monkeypatch, face_removal, "suspected_duplicate", after=True)  # check_face's search
    outcome = {}
    upload = threading.Thread(target=lambda: outcome.update(pipeline.enroll(second, "identities/fr_obama/obama3.jpg")))
    upload.start()
    assert searched.wait(60)
    return first, second, go, upload, outcome


def test_an_erasure_during_the_duplicate_search_leaves_no_waiting_duplicate_of_the_erased(pipeline, services,
                                                                                          monkeypatch):
    # The search found the original person; their erasure commits before the upload's ticket is written. The
    # upload then takes that person's lock and finds them gone: rejected (duplicate_erased), nothing waiting.
    from facepass import retention
    from facepass.db import Database

    first, second, go, upload, outcome = _look_alike_upload_paused_after_its_search(pipeline, monkeypatch)
    retention.erase_employee(Database(services.settings.database_url), services.s3, services.settings,
                             uuid.UUID(first))
    go.set()
    upload.join(60)
    assert (outcome["status"], outcome["reason_code"]) == ("rejected", "duplicate_erased"), outcome
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0
        # Written after the erasure scrubbed such details: it names nobody (no id, no score of the erased face).
        cur.execute("SELECT reason_detail FROM enrollments WHERE id = %s", (outcome["ticket_id"],))
        detail = cur.fetchone()["reason_detail"]
        assert detail["duplicate_of_erased"] is True and not {"employee_id", "full_name", "similarity"} & set(detail)
    confirm = pipeline.api.post(f"/employees/{second}/enrollments/{outcome['ticket_id']}/confirm")
    assert (confirm.status, confirm.error_code) == (409, "nothing_to_confirm") and pipeline.faces(second) == []


def _let_go_once_waiting(database_url: str, go, held, waiter) -> None:
    """`waiter` started while `held` is paused (conftest.paused); once it waits for a lock, `held` goes on (go); both
    joined."""
    waiter.start()
    wait_for_lock_waiters_at(database_url, 1, [waiter])
    go.set()
    held.join(30)
    waiter.join(30)


def _confirm_racing_erasure(services, monkeypatch, module, name: str, employee: str, ticket: str,
                            erased: str) -> dict:
    """confirm_enrollment(employee, ticket) paused inside module.name (the real function, run when the test says),
    then erase_employee(erased) started and waiting for a lock, then the confirmation let go: both results."""
    import threading

    from facepass import enrollment, retention
    from facepass.db import Database

    inside, go = paused(monkeypatch, module, name)
    results = {}
    confirm = threading.Thread(target=run_into, args=(results, "confirm", lambda: enrollment.confirm_enrollment(
        services.db, services.settings, uuid.UUID(employee), uuid.UUID(ticket))))
    confirm.start()
    assert inside.wait(30)
    erase = threading.Thread(target=run_into, args=(results, "erase", lambda: retention.erase_employee(
        Database(services.settings.database_url), services.s3, services.settings, uuid.UUID(erased))))
    _let_go_once_waiting(services.settings.database_url, go, confirm, erase)
    assert not any(isinstance(result, Exception) for result in results.values()), results
    return results


def test_an_erasure_and_a_confirmation_of_a_duplicate_of_that_person_do_not_deadlock(pipeline, services,
                                                                                  monkeypatch):
    # Confirming holds the ticket and the look-alike's lock when the erasure of the original person starts: the
    # erasure waits for the ticket before it touches the gallery size (as the confirmation does), then rejects
    # nothing (the ticket is completed). Before, each waited on a lock the other held and PostgreSQL killed one.
    from facepass import repository

    first, second, status = _suspected_duplicate(pipeline)
    results = _confirm_racing_erasure(services, monkeypatch, repository, "get_pending_embedding", second,
                                      status["ticket_id"], first)
    assert results["confirm"].status == "completed"


def test_erasing_a_person_while_their_waiting_photo_is_confirmed_does_not_deadlock(pipeline, services, monkeypatch):
    # The confirmation holds the look-alike's ticket and is about to lock the look-alike; their erasure starts
    # then. The erasure takes their waiting tickets before the person, as the confirmation does: it waits for the
    # ticket, the confirmation enrolls the face, and the erasure deletes it. (Locking the person first, then the
    # tickets, each would wait on a lock the other held.)
    from facepass import enrollment

    _, second, status = _suspected_duplicate(pipeline)
    results = _confirm_racing_erasure(services, monkeypatch, enrollment, "_require_active_employee", second,
                                      status["ticket_id"], second)
    assert results["confirm"].status == "completed" and results["erase"].embeddings_deleted == 1
    assert pipeline.faces(second) == []
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s", (second,))
        assert cur.fetchone()["n"] == 0


def test_a_rerun_of_an_erasure_s3_stopped_deletes_the_crop_of_the_duplicate_it_rejected(pipeline, services):
    # The first run rejects the look-alike's photo held as the person's duplicate (its ticket no longer names the
    # crop), then S3 refuses the deletions: the rerun must still delete that crop (most likely the erased person's
    # face) before it says the erasure finished.
    from botocore.exceptions import ClientError

    first, second, status = _suspected_duplicate(pipeline)
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(second, status)]

    def failing(**_):
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow"}}, "DeleteObjects")

    with s3_hook(services, "before-call.s3.DeleteObjects", failing):
        stopped = pipeline.api.delete(f"/employees/{first}", query="erase=true")
    assert (stopped.status, stopped.error_code) == (503, "erasure_incomplete")
    assert pipeline.status(second, status["ticket_id"])["reason_code"] == "duplicate_erased"
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(second, status)]  # S3 kept it

    rerun = pipeline.api.delete(f"/employees/{first}", query="erase=true")
    assert rerun.status == 200 and rerun.json()["held_photos_deleted"] == 1
    assert pipeline.keys(storage.HELD_PREFIX) == []
    with services.db.transaction() as cur:
        cur.execute("SELECT erasure_finished_at FROM employees WHERE id = %s", (first,))
        assert cur.fetchone()["erasure_finished_at"] is not None
    again = pipeline.api.delete(f"/employees/{first}", query="erase=true")  # nothing left: none counted
    assert again.status == 200 and again.json()["held_photos_deleted"] == 0


def test_an_expired_holds_crop_s3_refused_is_deleted_by_the_same_cleanups_sweep_and_not_reported_failed(
        pipeline, services):
    from botocore.exceptions import ClientError

    _, second, status = _suspected_duplicate(pipeline)
    calls = []

    def first_fails(**_):
        calls.append(1)
        if len(calls) == 1:  # the expired holds' deletion; the leftover sweep's goes through
            raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow"}}, "DeleteObjects")

    later = datetime.now(UTC) + timedelta(hours=services.settings.confirmation_expiry_hours + 1)
    with s3_hook(services, "before-call.s3.DeleteObjects", first_fails):
        report = run_cleanup(services.db, services.s3, services.settings, now=later)
    assert len(calls) >= 2 and report.confirmations_expired == 1
    assert pipeline.keys(storage.HELD_PREFIX) == []
    assert held_key(second, status) not in report.failed_keys
    assert (report.held_photos_deleted, report.orphan_held_photos_deleted) == (1, 1)


def test_an_expired_holds_crop_s3_keeps_refusing_is_reported_failed_once(pipeline, services):
    from botocore.exceptions import ClientError

    _, second, status = _suspected_duplicate(pipeline)

    def failing(**_):
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow"}}, "DeleteObjects")

    later = datetime.now(UTC) + timedelta(hours=services.settings.confirmation_expiry_hours + 1)
    with s3_hook(services, "before-call.s3.DeleteObjects", failing):
        report = run_cleanup(services.db, services.s3, services.settings, now=later)
    assert report.failed_keys.count(held_key(second, status)) == 1  # the metric counts objects, not attempts
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(second, status)]  # the next run tries again


def test_a_photo_held_for_confirmation_during_a_failed_erasure_keeps_no_embedding(pipeline, services, monkeypatch):
    # The look-alike's upload has searched (it holds their lock) when their erasure starts; the erasure waits for
    # that lock, the upload holds its face for confirmation and commits, then the erasure's S3 calls fail. The
    # waiting embedding is gone all the same: the erasure rejects the person's waiting photos once it holds them.
    import threading

    from botocore.exceptions import ClientError

    from facepass import retention
    from facepass.db import Database
    from facepass.errors import FacePassError

    first, second, go, upload, outcome = _look_alike_upload_paused_after_its_search(pipeline, monkeypatch)
    erased = []

    def failing(**_):
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow"}}, "ListObjectsV2")

    def erase():
        try:
            retention.erase_employee(Database(services.settings.database_url), services.s3, services.settings,
                                     uuid.UUID(second))
        except Exception as error:  # asserted below
            erased.append(error)

    with s3_hook(services, "before-call.s3.ListObjectsV2", failing):  # the erasure's listing of uploads
        eraser = threading.Thread(target=erase)
        eraser.start()
        wait_for_lock_waiters_at(services.settings.database_url, 1, [eraser])  # the erasure waits for the look-alike
        go.set()
        upload.join(60)
        eraser.join(60)
    assert len(erased) == 1 and isinstance(erased[0], (FacePassError, ClientError)), erased
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0
        # Held for confirmation as a duplicate of the original (the detail says so), then rejected by the erasure.
        cur.execute("SELECT status, reason_code, reason_detail FROM enrollments WHERE id = %s", (outcome["ticket_id"],))
        ticket = cur.fetchone()
    assert (ticket["status"], ticket["reason_code"]) == ("rejected", "employee_inactive"), ticket
    assert ticket["reason_detail"]["employee_id"] == first and "quality" not in ticket["reason_detail"]
    confirm = pipeline.api.post(f"/employees/{second}/enrollments/{outcome['ticket_id']}/confirm")
    assert (confirm.status, confirm.error_code) == (409, "nothing_to_confirm") and pipeline.faces(second) == []


def test_a_second_photo_of_the_same_employee_is_added(pipeline):
    employee = pipeline.employee()
    assert pipeline.enroll(employee, "identities/fr_obama/train_obama.jpg")["status"] == "completed"
    assert pipeline.enroll(employee, "identities/fr_obama/obama3.jpg")["status"] == "completed"
    assert len(pipeline.faces(employee)) == 2
    completeness = pipeline.api.get(f"/employees/{employee}/faces").json()["enrollment"]
    assert completeness == {"photos": 2, "recommended_min": 3, "complete": False, "consent_needed": False}
    listed = [item for item in pipeline.api.get("/employees").json()["items"] if item["id"] == employee]
    assert listed[0]["enrollment"] == completeness


def test_database_outage_mid_way_raises_and_the_retry_completes(pipeline, database_url):

    employee = pipeline.employee()
    ticket = pipeline.ticket(employee)
    pipeline.upload(ticket, fixture_bytes(PHOTO))
    db = pipeline.services.db
    with db.transaction() as cur:  # the container's connection is open and idle
        cur.execute("SELECT pg_backend_pid() AS pid")
        pid = cur.fetchone()["pid"]
    admin = psycopg.connect(database_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (pid,))  # the database drops it
    admin.close()

    event = s3_put_event(pipeline.services.settings.bucket, ticket["key"], size=1)
    with pytest.raises(DatabaseUnavailable):
        pipeline.handler(event, LocalLambdaContext())
    assert pipeline.keys() == [ticket["key"]]  # the photo waits for the retry

    retried = pipeline.handler(event, LocalLambdaContext())
    pipeline.deliver()
    assert retried["outcomes"][0]["outcome"] == "completed"
    assert len(pipeline.faces(employee)) == 1
    assert pipeline.keys() == []


def test_upload_without_ticket_is_ignored_and_removed(pipeline):
    # Once older than a ticket still committing could be (younger: test_stray_uploads.py).
    from datetime import UTC, datetime

    from facepass.enrollment import UNOWNED_UPLOAD_GRACE, process_upload

    employee = pipeline.employee()
    stray = f"enroll/{employee}/{uuid.uuid4()}"
    services = pipeline.services
    pipeline.s3.put_object(Bucket=services.settings.bucket, Key=stray, Body=fixture_bytes(PHOTO))
    outcome = process_upload(services.db, services.s3, services.engine, services.settings,
                             bucket=services.settings.bucket, key=stray, now=datetime.now(UTC) + UNOWNED_UPLOAD_GRACE)
    assert outcome.outcome == "ignored" and outcome.untrusted_deleted
    assert pipeline.faces(employee) == []
    assert pipeline.keys() == []


def test_event_for_another_prefix_is_ignored(pipeline):
    import embedding_handler

    result = embedding_handler.lambda_handler(s3_put_event(pipeline.services.settings.bucket, "snapshots/x.jpg",
                                                           size=1), LocalLambdaContext())
    assert result["outcomes"][0]["outcome"] == "ignored"


def test_presigned_post_refuses_wrong_key_large_body_and_other_type(pipeline):
    employee = pipeline.employee()
    ticket = pipeline.ticket(employee)
    data = fixture_bytes(PHOTO)
    wrong_key = pipeline.upload(ticket, data, fields={"key": f"enroll/{employee}/{uuid.uuid4()}"})
    assert wrong_key.status_code == 403 and b"AccessDenied" in wrong_key.content
    too_large = pipeline.upload(ticket, b"\xff\xd8\xff" + b"0" * (pipeline.services.settings.max_image_bytes + 1))
    assert too_large.status_code == 400 and b"EntityTooLarge" in too_large.content
    too_small = pipeline.upload(ticket, b"\xff\xd8\xff")
    assert too_small.status_code == 400
    other_type = pipeline.upload(ticket, data, fields={"Content-Type": "text/html"}, content_type="text/html")
    assert other_type.status_code == 403
    forged = pipeline.upload(ticket, data, fields={"x-amz-signature": "0" * 64})
    assert forged.status_code == 403
    assert pipeline.keys() == []


def test_a_refused_upload_carries_the_buckets_cors_headers(pipeline):
    """A browser page can read why S3 refused its upload (EntityTooLarge) only when the refusal carries the
    bucket's CORS headers, as real S3's does: else it sees a network error."""
    from facepass.local.stack import web_bucket_cors

    origin = "http://127.0.0.1:5999"
    pipeline.s3.put_bucket_cors(Bucket=pipeline.services.settings.bucket,
                                CORSConfiguration=web_bucket_cors((origin,)))
    ticket = pipeline.ticket(pipeline.employee())
    form = dict(ticket["upload"]["fields"])
    big = b"\xff\xd8\xff" + b"0" * (pipeline.services.settings.max_image_bytes + 1)

    def post(data: bytes, origin_header: str) -> requests.Response:
        return requests.post(ticket["upload"]["url"], data=form, files={"file": ("photo", data, "image/jpeg")},
                             headers={"Origin": origin_header}, timeout=30)

    too_large = post(big, origin)
    assert too_large.status_code == 400 and b"EntityTooLarge" in too_large.content
    assert too_large.headers.get("Access-Control-Allow-Origin") == origin
    assert "ETag" in too_large.headers.get("Access-Control-Expose-Headers", "")
    too_small = post(b"\xff\xd8\xff", origin)
    assert too_small.status_code == 400 and too_small.headers.get("Access-Control-Allow-Origin") == origin
    other_site = post(big, "http://evil.example")  # an origin the rules do not allow: no CORS header
    assert other_site.status_code == 400 and "Access-Control-Allow-Origin" not in other_site.headers
    assert pipeline.keys() == []


def test_presigned_policy_names_the_exact_key_and_limits(pipeline):
    import base64

    employee = pipeline.employee()
    ticket = pipeline.ticket(employee, "image/webp")
    policy = json.loads(base64.b64decode(ticket["upload"]["fields"]["policy"]))
    conditions = policy["conditions"]
    assert {"key": ticket["key"]} in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert ["content-length-range", 1024, 10 * 1024 * 1024] in conditions


def test_ticket_for_unknown_or_inactive_employee(pipeline):
    assert pipeline.api.post(f"/employees/{uuid.uuid4()}/photos", json_body={}).status == 404
    employee = pipeline.employee()
    pipeline.api.delete(f"/employees/{employee}")
    response = pipeline.api.post(f"/employees/{employee}/photos", json_body={})
    assert response.status == 409 and response.error_code == "employee_inactive"


def test_ticket_request_without_body_defaults_to_jpeg(pipeline):
    employee = pipeline.employee()
    response = pipeline.api.post(f"/employees/{employee}/photos")
    assert response.status == 201
    assert response.json()["content_type"] == "image/jpeg"


def test_unsupported_upload_type_is_422(pipeline):
    employee = pipeline.employee()
    response = pipeline.api.post(f"/employees/{employee}/photos", json_body={"content_type": "image/gif"})
    assert response.status == 422


def test_ticket_status_of_someone_else_is_404(pipeline):
    first, second = pipeline.employee(), pipeline.employee()
    ticket = pipeline.ticket(first)
    assert pipeline.api.get(f"/employees/{second}/enrollments/{ticket['ticket_id']}").status == 404


def test_employee_deactivated_before_processing_is_rejected(pipeline):
    employee = pipeline.employee()
    ticket = pipeline.ticket(employee)
    pipeline.upload(ticket, fixture_bytes(PHOTO))
    pipeline.api.delete(f"/employees/{employee}")
    pipeline.deliver()
    assert pipeline.status(employee, ticket["ticket_id"])["reason_code"] == "employee_inactive"
    assert pipeline.keys("enroll/") == []  # the photo went; the bucket keeps the deactivation's ledger entry
    assert [key.split("/")[0] for key in pipeline.keys(prefix="")] == ["activity"]


def multipart(fields: dict[str, str] | list[tuple[str, str]], photo: bytes | None,
              *more_photos: bytes) -> tuple[bytes, str]:
    """fields as a list of (name, value) to send one name twice; more_photos: further `photo` file parts."""
    boundary = uuid.uuid4().hex
    pairs = fields.items() if isinstance(fields, dict) else fields
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in pairs]
    for data in ([photo] if photo is not None else []) + list(more_photos):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_admin_enroll_with_photo_goes_through_the_same_pipeline(pipeline):
    body, content_type = multipart({"full_name": "Rose Leslie", "email": f"{uuid.uuid4().hex[:8]}@example.com",
                                    "department": "Cast", "biometric_consent": "true", "consent_reference": "form 1"},
                                   fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"))
    response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert response.status == 202, response.text
    created = response.json()
    assert created["enrollment"]["status"] == "pending"
    pipeline.deliver()
    employee = created["employee"]["id"]
    assert pipeline.status(employee, created["enrollment"]["ticket_id"])["status"] == "completed"
    assert len(pipeline.faces(employee)) == 1
    assert pipeline.keys() == []
    # The person's creation is audited by the token's subject, as POST /employees; a token without one creates nobody.
    trail = pipeline.api.get(f"/employees/{employee}/audit").json()["items"]
    # The face the form's photo became: put there by the same admin (the form's ticket names them, migration 0037).
    (face,) = pipeline.faces(employee)
    assert created["enrollment"]["requested_by"] == "test-admin"
    assert [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in trail] == [
        ("full_name", "test-admin", None, "Rose Leslie"), ("email", "test-admin", None, created["employee"]["email"]),
        ("department", "test-admin", None, "Cast"), ("biometric_consent", "test-admin", None, "form 1"),
        ("face", "test-admin", None, str(face["id"]))]
    key = storage.enrollment_key(uuid.UUID(employee), uuid.UUID(created["enrollment"]["ticket_id"]))
    again = pipeline.handler(s3_put_event(pipeline.services.settings.bucket, key, size=1), LocalLambdaContext())
    assert again["outcomes"][0]["outcome"] == "already_final"  # delivered again: still one face row
    assert len(_face_audit(pipeline, employee)) == 1
    body, content_type = multipart({"full_name": "Nobody", "email": "nobody.enroll@example.com",
                                    "biometric_consent": "true", "consent_reference": "form 1"}, fixture_bytes(
        "identities/fr_rose_leslie/train_img1.jpg"))
    anonymous = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type},
                                  claims={"scope": "facepass/admin"})
    assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown")
    assert pipeline.api.get("/employees", query="q=nobody.enroll").json()["items"] == []
    assert pipeline.keys() == []


def test_admin_enroll_without_photo_or_with_bad_fields(pipeline):
    body, content_type = multipart({"full_name": "No Photo", "email": "nophoto@example.com"}, None)
    response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert response.status == 422 and response.error_code == "photo_missing"
    body, content_type = multipart({"full_name": "", "email": "bad"}, fixture_bytes(PHOTO))
    response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert response.status == 422 and response.error_code == "validation_error"
    response = pipeline.api.post("/employees/enroll", json_body={"full_name": "x"})
    assert response.status == 415
    listed = pipeline.api.get("/employees", query="limit=200").json()["items"]
    assert not any(employee["email"] in ("nophoto@example.com", "bad") for employee in listed)


def test_admin_enroll_refuses_repeated_and_unknown_parts_and_takes_a_time_zone(pipeline, services):
    """QA: full_name twice (the last won), timezone and bogus ignored, a second photo dropped, all 202."""
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    photo = fixture_bytes(PHOTO)

    def send(fields, *photos):
        body, content_type = multipart(fields, *photos)
        return pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})

    base = [("full_name", "First"), ("email", email), ("biometric_consent", "true"),
            ("consent_reference", "form 7")]
    for fields, photos, part in (
            ([*base, ("full_name", "Second")], (photo,), "full_name"),
            ([*base, ("bogus", "1")], (photo,), "bogus"),
            ([*base, ("photo", "not a file")], (photo,), "photo"),
            (base, (photo, photo), "photo")):
        response = send(fields, *photos)
        assert (response.status, response.error_code) == (422, "validation_error"), response.text
        assert [problem["location"] for problem in response.json()["error"]["details"]["errors"]] == [["form", part]]
    response = send([*base, ("timezone", "Mars/Olympus")], photo)
    assert (response.status, response.error_code) == (422, "validation_error")
    assert response.json()["error"]["details"]["errors"][0]["location"] == ["form", "timezone"]
    assert pipeline.api.get("/employees", query=f"q={email}").json()["items"] == []
    assert pipeline.keys() == []

    response = send([*base, ("timezone", "Asia/Tokyo")], photo)
    assert response.status == 202, response.text
    created = response.json()["employee"]
    assert (created["full_name"], created["timezone"]) == ("First", "Asia/Tokyo")
    trail = pipeline.api.get(f"/employees/{created['id']}/audit").json()["items"]
    assert [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in trail] == [
        ("full_name", "test-admin", None, "First"), ("email", "test-admin", None, created["email"]),
        ("timezone", "test-admin", None, "Asia/Tokyo"),  # audited as POST /employees audits it (no department given)
        ("biometric_consent", "test-admin", None, "form 7")]


def _large_jpeg(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, "JPEG", quality=50)
    return out.getvalue()


def test_admin_enroll_refuses_a_photo_that_is_no_image_or_too_large_before_creating_anyone(pipeline, services):
    """QA: HTML named junk.jpg, or a 40 MP JPEG, answered 202 with an active employee the pipeline then failed;
    the retry with a good photo was 409 email_taken. The photo route's own checks and codes, nothing created."""
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    page = b"<!doctype html><html><body>" + b"<p>not a photo</p>" * 170 + b"</body></html>"  # ~3 KB
    forty_megapixels = _large_jpeg(5000, 8001)
    assert len(forty_megapixels) < services.settings.max_image_bytes  # refused for its pixels, not its bytes
    for photo, status, code in ((page, 400, "not_an_image"), (forty_megapixels, 413, "image_too_large")):
        body, content_type = multipart({"full_name": "Bad Photo", "email": email}, photo)
        response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
        assert (response.status, response.error_code) == (status, code), response.text
    listed = pipeline.api.get("/employees", query="limit=200").json()["items"]
    assert not any(employee["email"] == email for employee in listed)
    assert pipeline.keys() == []
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments")
        assert cur.fetchone()["n"] == 0
    body, content_type = multipart({"full_name": "Bad Photo", "email": email}, fixture_bytes(PHOTO))
    response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert (response.status, response.error_code) == (409, "consent_required"), response.text  # nobody created
    assert pipeline.keys() == [] and pipeline.api.get("/employees", query=f"q={email}").json()["items"] == []
    body, content_type = multipart({"full_name": "Bad Photo", "email": email, "biometric_consent": "true",
                                    "consent_reference": "form 1"}, fixture_bytes(PHOTO))
    response = pipeline.api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert response.status == 202, response.text
    assert response.json()["employee"]["biometric_consent"]["recorded_by"] == "test-admin"
    assert pipeline.keys()[0].startswith("enroll/")  # stored as what it is
    key = pipeline.keys()[0]
    stored = pipeline.s3.head_object(Bucket=services.settings.bucket, Key=key)
    assert stored["ContentType"] == "image/jpeg"


def _mixup(pipeline) -> tuple[str, dict]:
    """QA's misfiled photo: Biden enrolled, then the astronaut under the same employee."""
    employee = pipeline.employee("Mixup Test")
    assert pipeline.enroll(employee, "identities/fr_biden/train_biden.jpg")["status"] == "completed"
    ticket = pipeline.ticket(employee, "image/png")
    assert pipeline.upload(ticket, fixture_bytes("other/skimage_astronaut.png")).status_code == 204
    pipeline.deliver()
    return employee, pipeline.status(employee, ticket["ticket_id"])


def test_a_photo_of_somebody_else_under_an_enrolled_employee_waits_for_an_admin(pipeline, services):
    import embedding_handler

    employee, status = _mixup(pipeline)
    assert (status["status"], status["reason_code"]) == ("needs_confirmation", "not_same_person")
    detail = status["reason_detail"]
    assert detail["similarity"] < detail["threshold"] == services.engine.verify_threshold
    assert detail["faces"] == 1
    assert status["duplicate_of_employee_id"] is None  # nobody else is named: the doubt is about this person
    assert len(pipeline.faces(employee)) == 1  # only Biden is searchable: the astronaut cannot check in as him
    assert pipeline.keys() == [held_key(employee, status)]  # the upload gone, the face crop HR decides on kept
    # The event again: the held ticket is final, nothing changes.
    key = storage.enrollment_key(uuid.UUID(employee), uuid.UUID(status["ticket_id"]))
    again = embedding_handler.lambda_handler(s3_put_event(services.settings.bucket, key, size=1), LocalLambdaContext())
    assert again["outcomes"][0]["outcome"] == "already_final"
    assert pipeline.status(employee, status["ticket_id"])["reason_code"] == "not_same_person"
    assert len(pipeline.faces(employee)) == 1


def test_an_admin_confirms_a_change_of_appearance(pipeline, services):
    employee, status = _mixup(pipeline)
    path = f"/employees/{employee}/enrollments/{status['ticket_id']}/confirm"
    confirmed = pipeline.api.post(path)
    assert confirmed.status == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["reason_code"]) == ("completed", "not_same_person")
    assert confirmed.json()["reason_detail"]["confirmed"] is True
    assert len(pipeline.faces(employee)) == 2
    assert pipeline.api.post(path).json()["status"] == "completed"  # twice: same answer, no third face
    assert len(pipeline.faces(employee)) == 2
    assert pipeline.keys() == []  # enrolled: the hold's crop went
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0


def test_an_admin_refuses_a_photo_of_somebody_else_and_its_face_data_goes(pipeline, services):
    employee, status = _mixup(pipeline)
    path = f"/employees/{employee}/enrollments/{status['ticket_id']}/reject"
    refused = pipeline.api.post(path)
    assert refused.status == 200 and refused.json()["status"] == "rejected"
    assert pipeline.api.post(path).json()["status"] == "rejected"  # twice: same answer
    assert len(pipeline.faces(employee)) == 1
    assert pipeline.keys() == []  # refused: the hold's crop went
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0


def test_a_genuine_second_photo_is_enrolled_straight(pipeline):
    employee = pipeline.employee("Joe")
    assert pipeline.enroll(employee, "identities/fr_biden/train_biden.jpg")["status"] == "completed"
    second = pipeline.enroll(employee, "identities/fr_biden/train_biden2.jpg")
    assert (second["status"], second["reason_code"]) == ("completed", None)
    assert len(pipeline.faces(employee)) == 2


def test_the_demo_enrollment_holds_no_genuine_photo(pipeline):
    """Every person `facepass demo` enrolls with two photos of them gets both, none held as not_same_person."""
    from facepass.demo import plan_from_labels
    from tests.conftest import FIXTURES

    plan = plan_from_labels(FIXTURES)
    for identity, photos in plan.enroll.items():
        employee = pipeline.employee(identity)
        outcomes = []
        for photo in photos:
            ticket = pipeline.ticket(employee, "image/png" if photo.suffix == ".png" else "image/jpeg")
            assert pipeline.upload(ticket, photo.read_bytes()).status_code == 204
            pipeline.deliver()
            outcomes.append(pipeline.status(employee, ticket["ticket_id"]))
        assert [(o["status"], o["reason_code"]) for o in outcomes] == [("completed", None)] * len(photos), identity


# --- removing one enrolled face (DELETE /employees/{id}/faces/{face_id}) ----------------------------------------------

STRANGER, STRANGER_PROBE = "identities/fr_obama/train_obama.jpg", "identities/fr_obama/obama3.jpg"
GENUINE, GENUINE_PROBE = "identities/fr_biden/train_biden.jpg", "identities/fr_biden/train_biden2.jpg"


def _identified(pipeline, photo: str) -> str | None:
    import base64

    body = pipeline.api.post("/identify", json_body={"image": base64.b64encode(fixture_bytes(photo)).decode()}).json()
    return body["employee"]["id"] if body["decision"] == "matched" else None


def _gallery_size(services) -> int:
    from facepass import repository

    with services.db.transaction() as cur:
        return repository.count_enrolled_people(cur, model_id=services.engine.model_id)


def _face_rows(services, employee: str) -> list[dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT id, source_key FROM face_embeddings WHERE employee_id = %s ORDER BY id", (employee,))
        return cur.fetchall()


def _left_but_the_ledger(pipeline) -> list[str]:
    """The bucket's objects but the removals' ledger entries (ids and times: nothing biometric)."""
    from facepass import ledger

    listed = pipeline.keys()  # the bucket's keys (not a dict)
    return [key for key in listed if not key.startswith(ledger.FACE_REMOVAL_PREFIX)]


def _state(services, employee: str) -> dict:
    """Everything a removal may change, to compare before and after a refused one."""
    with services.db.transaction() as cur:
        cur.execute("SELECT id FROM face_embeddings ORDER BY id")
        faces = [row["id"] for row in cur.fetchall()]
        cur.execute("SELECT id, status, reason_detail FROM enrollments ORDER BY id")
        tickets = cur.fetchall()
        cur.execute("SELECT count(*) AS n FROM employee_audit")
        audit = cur.fetchone()["n"]
    return {"faces": faces, "tickets": tickets, "audit": audit, "gallery": _gallery_size(services)}


def _with_a_stranger_confirmed(pipeline) -> tuple[str, dict]:
    """Joe (Biden) enrolled, then a stranger's photo (Obama) held as not like him and confirmed by mistake."""
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, GENUINE)["status"] == "completed"
    held = pipeline.enroll(joe, STRANGER)
    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "not_same_person")
    assert pipeline.api.post(f"/employees/{joe}/enrollments/{held['ticket_id']}/confirm").status == 200
    return joe, held


def test_removing_a_face_stops_matching_through_it_and_the_last_one_empties_the_gallery(pipeline, services):
    joe, held = _with_a_stranger_confirmed(pipeline)
    genuine_face, stranger_face = _face_rows(services, joe)
    assert _identified(pipeline, STRANGER_PROBE) == joe  # the stranger checks in as Joe
    assert _gallery_size(services) == 1

    removed = pipeline.api.delete(f"/employees/{joe}/faces/{stranger_face['id']}")

    assert removed.status == 200, removed.text
    body = removed.json()
    assert [face["id"] for face in body["items"]] == [genuine_face["id"]]
    assert body["enrollment"]["photos"] == 1 and body["identifiable"] is True
    assert _identified(pipeline, STRANGER_PROBE) is None
    assert _identified(pipeline, GENUINE_PROBE) == joe
    assert _gallery_size(services) == 1  # still one person with a face
    # The ticket the face came from (its quality, liveness, similarity) is gone with it.
    assert pipeline.api.get(f"/employees/{joe}/enrollments/{held['ticket_id']}").error_code == "enrollment_not_found"

    last = pipeline.api.delete(f"/employees/{joe}/faces/{genuine_face['id']}")

    assert last.status == 200, last.text
    assert last.json()["items"] == [] and last.json()["enrollment"]["photos"] == 0
    assert last.json()["identifiable"] is False  # the list says so: nobody can check in as Joe now
    assert _gallery_size(services) == 0
    assert _identified(pipeline, GENUINE_PROBE) is None
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s", (joe,))
        assert cur.fetchone()["n"] == 0
    assert _left_but_the_ledger(pipeline) == []


def test_a_removal_is_audited_without_biometric_data(pipeline, services):
    joe, _ = _with_a_stranger_confirmed(pipeline)
    stranger_face = _face_rows(services, joe)[1]["id"]
    assert pipeline.api.delete(f"/employees/{joe}/faces/{stranger_face}").status == 200

    trail = pipeline.api.get(f"/employees/{joe}/audit").json()["items"]

    # After the values Joe was created with, the held photo's confirmation, then the removal: its face id only.
    held = pipeline.api.get(f"/employees/{joe}/enrollments", query="status=needs_confirmation").json()
    assert held["items"] == []
    genuine_face = _face_rows(services, joe)[0]["id"]
    assert [(entry["field"], entry["actor"], entry["after"]) for entry in trail
            if entry["field"] == "face"] == [("face", "test-admin", str(genuine_face)),  # enrolled (migration 0037)
                                             ("face", "test-admin", str(stranger_face)),
                                             ("face", "test-admin", None)]
    assert trail[-1]["before"] == str(stranger_face)
    with services.db.transaction() as cur:
        cur.execute("SELECT * FROM employee_audit WHERE employee_id = %s AND field = 'face'", (joe,))
        rows = cur.fetchall()
    for row in rows:  # no vector, no score
        assert set(row) == {"id", "employee_id", "field", "actor", "before", "after", "created_at", "self_review"}
        assert row["self_review"] is False  # an admin's act on another's record (migration 0036)


def test_a_replayed_removal_or_another_persons_face_is_404_and_changes_nothing(pipeline, services):
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, GENUINE)["status"] == "completed"
    barack = pipeline.employee("Barack")
    assert pipeline.enroll(barack, STRANGER)["status"] == "completed"
    (joes_face,), (baracks_face,) = _face_rows(services, joe), _face_rows(services, barack)
    assert pipeline.api.delete(f"/employees/{joe}/faces/{joes_face['id']}").status == 200
    before = _state(services, joe)

    again = pipeline.api.delete(f"/employees/{joe}/faces/{joes_face['id']}")
    someone_elses = pipeline.api.delete(f"/employees/{joe}/faces/{baracks_face['id']}")
    nobody = pipeline.api.delete(f"/employees/{uuid.uuid4()}/faces/{baracks_face['id']}")
    no_actor = pipeline.api.delete(f"/employees/{barack}/faces/{baracks_face['id']}",
                                   claims={"scope": "facepass/admin"})
    not_an_id = pipeline.api.delete(f"/employees/{barack}/faces/0")

    assert (again.status, again.error_code) == (404, "face_not_found")
    assert (someone_elses.status, someone_elses.error_code) == (404, "face_not_found")
    assert (nobody.status, nobody.error_code) == (404, "employee_not_found")
    assert (no_actor.status, no_actor.error_code) == (403, "actor_unknown")
    assert (not_an_id.status, not_an_id.error_code) == (422, "validation_error")
    assert _state(services, joe) == before
    assert _identified(pipeline, STRANGER_PROBE) == barack


def test_a_leftover_upload_of_the_face_goes_with_it_and_an_s3_failure_changes_nothing(pipeline, services,
                                                                                    monkeypatch):
    from botocore.exceptions import ClientError

    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, GENUINE)["status"] == "completed"
    (face,) = _face_rows(services, joe)
    # The photo's deletion after processing failed (S3 answered an error): it is still in the bucket.
    storage.put_object(services.s3, bucket=services.settings.bucket, key=face["source_key"],
                       data=fixture_bytes(GENUINE), content_type="image/jpeg")
    before = _state(services, joe)

    def refused(*args, **kwargs):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "slow down"}}, "DeleteObject")

    with monkeypatch.context() as patched:
        patched.setattr(storage, "delete_object", refused)
        failed = pipeline.api.delete(f"/employees/{joe}/faces/{face['id']}")
    assert (failed.status, failed.error_code) == (503, "storage_unavailable")
    assert _state(services, joe) == before and pipeline.keys(storage.ENROLL_PREFIX) == [face["source_key"]]

    assert pipeline.api.delete(f"/employees/{joe}/faces/{face['id']}").status == 200
    assert _left_but_the_ledger(pipeline) == []


def test_a_misfiled_first_photo_is_removed_and_the_held_genuine_one_confirmed(pipeline, services):
    """The stranger's photo came first, so Joe's own photo is held as not like "his" photos: HR removes the
    stranger's face, confirms the held photo, and Joe is identified (the stranger no longer is). Erasing Joe then
    still leaves nothing biometric."""
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"  # a first photo has nothing to compare with
    held = pipeline.enroll(joe, GENUINE)
    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "not_same_person")
    assert "similarity" in held["reason_detail"]
    (stranger_face,) = _face_rows(services, joe)
    assert _identified(pipeline, STRANGER_PROBE) == joe

    removed = pipeline.api.delete(f"/employees/{joe}/faces/{stranger_face['id']}")
    assert removed.status == 200 and removed.json()["identifiable"] is False
    # Its score against the stranger's face goes with that face; the photo still waits for HR.
    still_held = pipeline.status(joe, held["ticket_id"])
    assert still_held["status"] == "needs_confirmation"
    assert "similarity" not in still_held["reason_detail"] and still_held["reason_detail"]["compared_face_removed"]
    assert still_held["reason_detail"]["rechecked"] == "no_faces"  # nothing left to compare it with

    confirmed = pipeline.api.post(f"/employees/{joe}/enrollments/{held['ticket_id']}/confirm")
    assert confirmed.status == 200 and confirmed.json()["status"] == "completed", confirmed.text
    assert _identified(pipeline, GENUINE_PROBE) == joe
    assert _identified(pipeline, STRANGER_PROBE) is None
    assert pipeline.api.get(f"/employees/{joe}/faces").json()["identifiable"] is True

    assert pipeline.api.delete(f"/employees/{joe}", query="erase=true").status == 200
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (joe,))
        assert cur.fetchone()["n"] == 0
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s OR reason_detail::text LIKE %s",
                    (joe, f"%{joe}%"))
        assert cur.fetchone()["n"] == 0
        # The enrollment's row names who put the stranger's face there and the face by id only (kept by the erasure
        # as the other face rows are), the removal's the face by id, the confirmation's the ticket, why it was held
        # and the new face's id (the rest: the record's own fields, created and deactivated, and the erasure).
        cur.execute("SELECT field, actor, before, after FROM employee_audit WHERE employee_id = %s AND field = 'face' "
                    "ORDER BY id", (joe,))
        enrolled, removal, confirmation = cur.fetchall()
        assert enrolled == {"field": "face", "actor": "test-admin", "before": None, "after": str(stranger_face["id"])}
        assert removal == {"field": "face", "actor": "test-admin", "before": str(stranger_face["id"]), "after": None}
        assert confirmation["before"] == f"held not_same_person {held['ticket_id']}"
        assert confirmation["after"].isdigit() and confirmation["after"] != str(stranger_face["id"])
    assert pipeline.keys("enroll/") == []


def test_a_duplicate_held_against_a_removed_face_no_longer_names_its_former_suspect(pipeline, services):
    """The stranger misfiled under Joe enrolls as himself: held as a suspected duplicate of Joe, with a score against
    the stranger's face on Joe's record. Removing that face (Joe's only one) takes the score, and Joe: checked again,
    the photo looks like nobody enrolled, so it is no longer a duplicate of Joe (HR still decides). Joe's erasure
    then leaves it alone."""
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"
    barack = pipeline.employee("Barack")
    held = pipeline.enroll(barack, "identities/fr_obama/train_obama2.jpg")
    assert (held["reason_code"], held["duplicate_of_employee_id"]) == ("suspected_duplicate", joe)
    assert held["reason_detail"]["full_name"] == "Joe"
    (face,) = _face_rows(services, joe)

    assert pipeline.api.delete(f"/employees/{joe}/faces/{face['id']}").status == 200

    after = pipeline.status(barack, held["ticket_id"])
    assert (after["status"], after["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    assert after["duplicate_similarity"] is None and after["duplicate_of_employee_id"] is None
    assert {"similarity", "employee_id", "full_name"}.isdisjoint(after["reason_detail"])
    assert after["reason_detail"]["rechecked"] == "no_faces" and after["reason_detail"]["compared_face_removed"]
    assert pipeline.api.delete(f"/employees/{joe}", query="erase=true").status == 200
    assert pipeline.status(barack, held["ticket_id"])["status"] == "needs_confirmation"  # not Joe's duplicate now
    assert pipeline.api.post(f"/employees/{barack}/enrollments/{held['ticket_id']}/confirm").status == 200
    assert _identified(pipeline, STRANGER_PROBE) == barack


def test_a_duplicate_of_a_record_left_without_faces_is_checked_against_everyone_again(pipeline, services):
    """Joe's only face was Obama's (misfiled); Barack's photo of Obama held as Joe's duplicate; Obama enrolled as
    himself since. Removing Joe's face leaves him none, yet the photo still has a suspect: Obama, as a fresh upload
    would find (a hold naming nobody would let a confirmation enroll Obama's face for Barack)."""
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"
    barack = pipeline.employee("Barack")
    held = pipeline.enroll(barack, "identities/fr_obama/train_obama2.jpg")
    assert held["duplicate_of_employee_id"] == joe
    obama = pipeline.employee("Obama")
    own = pipeline.enroll(obama, STRANGER_PROBE)
    assert pipeline.api.post(f"/employees/{obama}/enrollments/{own['ticket_id']}/confirm").status == 200
    (face,) = _face_rows(services, joe)

    assert pipeline.api.delete(f"/employees/{joe}/faces/{face['id']}").status == 200

    after = pipeline.status(barack, held["ticket_id"])
    assert (after["duplicate_of_employee_id"], after["reason_detail"]["full_name"]) == (obama, "Obama")
    assert after["reason_detail"]["rechecked"] == "names_another" and after["duplicate_similarity"] is not None


KIT = "identities/fr_kit_harington/train_john1.jpeg"


def _pending_check(services, ticket_id: str, person: str) -> dict | None:
    """What the same-person check says now of a held photo, against the person's faces."""
    from facepass import enrollment, repository

    with services.db.transaction() as cur:
        pending = repository.get_pending_embedding(cur, uuid.UUID(ticket_id))
        own = enrollment.own_faces(cur, services.engine, uuid.UUID(person), pending["pending_embedding"])
        return enrollment.not_same_person(services.engine, own)


def test_a_held_photo_still_unlike_the_faces_left_keeps_its_hold_with_the_new_score(pipeline, services):
    joe, _ = _with_a_stranger_confirmed(pipeline)  # Joe's own face and a stranger's confirmed by mistake
    _, stranger = _face_rows(services, joe)
    kit = pipeline.enroll(joe, KIT)  # a third person's photo misfiled under Joe too: held
    assert (kit["status"], kit["reason_code"]) == ("needs_confirmation", "not_same_person")

    assert pipeline.api.delete(f"/employees/{joe}/faces/{stranger['id']}").status == 200

    # Checked again against Joe's own face: still unlike it, so HR keeps the evidence, the score against what is left.
    after = pipeline.status(joe, kit["ticket_id"])
    expected = _pending_check(services, kit["ticket_id"], joe)
    assert expected is not None and expected["faces"] == 1
    assert after["status"] == "needs_confirmation" and after["reason_code"] == "not_same_person"
    detail = after["reason_detail"]
    assert (detail["similarity"], detail["faces"], detail["rechecked"]) == (expected["similarity"], 1, "still_held")
    assert detail["compared_face_removed"] is True and "quality" in detail


def test_a_held_photo_like_the_faces_left_loses_its_score_and_awaits_hr(pipeline, services):
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"  # misfiled first
    first = pipeline.enroll(joe, GENUINE)
    second = pipeline.enroll(joe, GENUINE_PROBE)
    assert [ticket["reason_code"] for ticket in (first, second)] == ["not_same_person", "not_same_person"]
    assert pipeline.api.post(f"/employees/{joe}/enrollments/{first['ticket_id']}/confirm").status == 200
    stranger, _ = _face_rows(services, joe)

    assert pipeline.api.delete(f"/employees/{joe}/faces/{stranger['id']}").status == 200

    after = pipeline.status(joe, second["ticket_id"])
    assert _pending_check(services, second["ticket_id"], joe) is None  # like Joe's face left
    assert after["status"] == "needs_confirmation"
    assert "similarity" not in after["reason_detail"] and after["reason_detail"]["rechecked"] == "passes"


def test_a_duplicate_that_passes_once_checked_again_no_longer_names_its_former_suspect(pipeline, services):
    """Joe (Biden) with Obama's face confirmed by mistake; Barack's photo of Obama held as Joe's duplicate. The
    misfiled face goes: checked again, the photo is unlike Joe's face left and like nobody else's, so it is not
    Joe's duplicate any more: no id, name or score of Joe's (the console no longer says it looks like Joe), and
    Joe's erasure does not settle it as a duplicate of him."""
    joe, _ = _with_a_stranger_confirmed(pipeline)
    _, misfiled = _face_rows(services, joe)
    barack = pipeline.employee("Barack")
    held = pipeline.enroll(barack, "identities/fr_obama/train_obama2.jpg")
    assert (held["duplicate_of_employee_id"], held["reason_detail"]["full_name"]) == (joe, "Joe")

    assert pipeline.api.delete(f"/employees/{joe}/faces/{misfiled['id']}").status == 200

    after = pipeline.status(barack, held["ticket_id"])
    assert (after["status"], after["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    assert (after["duplicate_of_employee_id"], after["duplicate_similarity"]) == (None, None)
    assert {"similarity", "threshold", "employee_id", "full_name"}.isdisjoint(after["reason_detail"])
    assert after["reason_detail"]["rechecked"] == "passes" and after["reason_detail"]["compared_face_removed"]
    assert joe not in json.dumps(after)
    assert pipeline.api.delete(f"/employees/{joe}", query="erase=true").status == 200
    assert unlinked(pipeline.status(barack, held["ticket_id"])) == unlinked(after)  # his erasure leaves it
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(barack, after)]


def test_a_duplicate_still_like_the_faces_left_keeps_the_new_score(pipeline, services):
    joe, _ = _with_a_stranger_confirmed(pipeline)  # Joe (Biden) with Obama's face confirmed by mistake
    genuine, _ = _face_rows(services, joe)
    barack = pipeline.employee("Barack")
    held = pipeline.enroll(barack, "identities/fr_obama/train_obama2.jpg")
    assert (held["reason_code"], held["duplicate_of_employee_id"]) == ("suspected_duplicate", joe)

    # Joe's own face goes (wrongly: still Obama's face on Joe's record): the duplicate still stands, re-scored.
    assert pipeline.api.delete(f"/employees/{joe}/faces/{genuine['id']}").status == 200

    after = pipeline.status(barack, held["ticket_id"])
    assert after["duplicate_of_employee_id"] == joe and after["reason_detail"]["rechecked"] == "still_held"
    assert after["duplicate_similarity"] is not None and after["duplicate_similarity"] >= held["duplicate_similarity"]


def _barack_held_as_joes_duplicate_and_obama_enrolled(pipeline, services):
    """Joe (Biden) with Obama's face confirmed by mistake; Barack's photo (Obama's face) held as Joe's duplicate; Obama
    enrolled as himself (held as Joe's duplicate too; HR enrolls it on purpose): (joe, the misfiled face row, barack,
    Barack's held ticket, obama)."""
    joe, _ = _with_a_stranger_confirmed(pipeline)
    _, misfiled = _face_rows(services, joe)
    barack = pipeline.employee("Barack")
    held = pipeline.enroll(barack, "identities/fr_obama/train_obama2.jpg")
    assert (held["reason_code"], held["duplicate_of_employee_id"]) == ("suspected_duplicate", joe)
    obama = pipeline.employee("Obama")
    own = pipeline.enroll(obama, STRANGER_PROBE)
    assert own["reason_code"] == "suspected_duplicate"
    assert pipeline.api.post(f"/employees/{obama}/enrollments/{own['ticket_id']}/confirm").status == 200
    return joe, misfiled, barack, held, obama


def test_a_duplicate_that_names_another_person_once_checked_again_stays_held_as_theirs(pipeline, services):
    """Obama's photo misfiled on Joe's record; Barack's photo (Obama's face) held as a suspected duplicate of Joe;
    Obama then enrolled as himself. HR removes the misfiled face: checked again, the photo now matches Obama's
    record, so it stays held as a duplicate of him (whom, the new score), not passed on for Barack; Obama's erasure
    then settles it as it settles any duplicate of him."""
    joe, misfiled, barack, held, obama = _barack_held_as_joes_duplicate_and_obama_enrolled(pipeline, services)

    assert pipeline.api.delete(f"/employees/{joe}/faces/{misfiled['id']}").status == 200

    after = pipeline.status(barack, held["ticket_id"])
    assert (after["status"], after["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    assert after["duplicate_of_employee_id"] == obama and after["reason_detail"]["full_name"] == "Obama"
    assert after["reason_detail"]["rechecked"] == "names_another"
    assert after["reason_detail"]["compared_face_removed"] is True
    assert after["duplicate_similarity"] is not None and after["reason_detail"]["threshold"] is not None
    assert after["duplicate_similarity"] >= after["reason_detail"]["threshold"]

    assert pipeline.api.delete(f"/employees/{obama}", query="erase=true").status == 200
    settled = pipeline.status(barack, held["ticket_id"])
    assert (settled["status"], settled["reason_code"]) == ("rejected", "duplicate_erased")
    assert obama not in json.dumps(settled) and "Obama" not in json.dumps(settled)


def test_a_hold_whose_new_suspect_is_erased_during_its_recheck_is_settled_as_their_erasure_settles_it(
        pipeline, services, monkeypatch):
    """As above, but Obama is erased while the removal checks the held photo again: the re-check found his face,
    his erasure deactivates him and deletes his faces before it writes the hold (its last step then waits for the
    removal). The hold must not name him (nor keep a photo that is most likely
    his face for Barack): rejected as duplicate_erased, naming nobody, its waiting embedding gone."""
    import threading

    from facepass import face_removal, retention
    from facepass.db import Database

    joe, misfiled, barack, held, obama = _barack_held_as_joes_duplicate_and_obama_enrolled(pipeline, services)
    assert pipeline.keys(storage.HELD_PREFIX) == [held_key(barack, held)]

    found, go = threading.Event(), threading.Event()
    real = face_removal.suspected_duplicate

    def paused(*args, **kwargs):  # the re-check's search has found the suspect: hold it there
        suspect = real(*args, **kwargs)
        if suspect is not None and str(suspect[0].employee_id) == obama:
            found.set()
            assert go.wait(60)
        return suspect

    monkeypatch.setattr(face_removal, "suspected_duplicate", paused)
    results = {}

    def run(label, call):
        try:
            results[label] = call()
        except Exception as error:  # asserted below
            results[label] = error

    remove = threading.Thread(target=run, args=("remove", lambda: face_removal.remove_face(
        Database(services.settings.database_url), services.s3, services.settings, uuid.UUID(joe), misfiled["id"],
        actor="hr", engine=services.engine)))
    remove.start()
    assert found.wait(60)
    erase = threading.Thread(target=run, args=("erase", lambda: retention.erase_employee(
        Database(services.settings.database_url), services.s3, services.settings, uuid.UUID(obama), actor="hr")))
    erase.start()
    # The erasure's first transaction (Obama deactivated, his faces deleted) commits; its last step then waits for
    # his own ticket, which the removal holds (scored against Joe's faces).
    wait_for_lock_waiters_at(services.settings.database_url, 1, [erase])
    with services.db.transaction() as cur:
        cur.execute("SELECT is_active FROM employees WHERE id = %s", (obama,))
        assert cur.fetchone()["is_active"] is False
    go.set()
    remove.join(60)
    erase.join(60)
    assert not remove.is_alive() and not erase.is_alive()
    assert not any(isinstance(result, Exception) for result in results.values()), results

    settled = pipeline.status(barack, held["ticket_id"])
    assert (settled["status"], settled["reason_code"]) == ("rejected", "duplicate_erased")
    assert settled["reason_detail"] == {"duplicate_of_erased": True, "compared_face_removed": True}
    assert pipeline.keys(storage.HELD_PREFIX) == []  # the removal's re-check ended the hold: its crop went
    assert settled["duplicate_of_employee_id"] is None
    assert obama not in json.dumps(settled) and "Obama" not in json.dumps(settled)
    with services.db.transaction() as cur:
        cur.execute("SELECT pending_embedding IS NULL AS gone FROM enrollments WHERE id = %s", (held["ticket_id"],))
        assert cur.fetchone()["gone"] is True
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE employee_id = %s OR reason_detail::text LIKE %s",
                    (obama, f"%{obama}%"))
        assert cur.fetchone()["n"] == 0
    confirm = pipeline.api.post(f"/employees/{barack}/enrollments/{held['ticket_id']}/confirm")
    assert (confirm.status, confirm.error_code) == (409, "nothing_to_confirm")
    assert [face["id"] for face in _face_rows(services, joe)] != [misfiled["id"]]


def test_a_duplicate_search_that_found_the_face_before_its_removal_is_checked_again_after(pipeline, services,
                                                                                          monkeypatch):
    """An upload's duplicate search finds the stranger's face on Joe's record, then HR removes that face before the
    upload writes its hold: the removal waits for the search (the gallery lock), then checks the hold again."""
    import threading

    from facepass import enrollment, face_removal
    from facepass.db import Database

    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"
    (stranger,) = _face_rows(services, joe)
    barack = pipeline.employee("Barack")
    ticket = pipeline.ticket(barack)
    assert pipeline.upload(ticket, fixture_bytes("identities/fr_obama/train_obama2.jpg")).status_code == 204
    real = face_removal.suspected_duplicate
    searched, go = paused(monkeypatch, face_removal, "suspected_duplicate", after=True)  # check_face's search
    results = {}
    upload = threading.Thread(target=run_into, args=(results, "upload", lambda: enrollment.process_upload(
        Database(services.settings.database_url), services.s3, services.engine, services.settings,
        bucket=services.settings.bucket, key=ticket["key"])))
    upload.start()
    assert searched.wait(30)
    monkeypatch.setattr(face_removal, "suspected_duplicate", real)  # the removal's own check is not held up
    remove = threading.Thread(target=run_into, args=(results, "remove", lambda: enrollment.remove_face(
        Database(services.settings.database_url), services.s3, services.settings, uuid.UUID(joe), stranger["id"],
        actor="hr", engine=services.engine)))
    _let_go_once_waiting(services.settings.database_url, go, upload, remove)

    assert not any(isinstance(result, Exception) for result in results.values()), results
    held = pipeline.status(barack, ticket["ticket_id"])
    assert (held["status"], held["duplicate_of_employee_id"]) == ("needs_confirmation", None)
    # No score against the face that is gone (nor Joe, who has none left): the hold was checked again once the
    # search had committed.
    assert held["duplicate_similarity"] is None and held["reason_detail"]["rechecked"] == "no_faces"


def test_the_removal_says_how_many_punches_recognized_since_the_face_was_enrolled_to_check(pipeline, services):
    """Punches do not keep which face matched: every punch recognized as Joe since the stranger's face was enrolled
    may be the stranger's, credited to Joe. The answer counts them, and from when to look."""
    from datetime import UTC, datetime, timedelta

    from facepass import attendance

    door = kiosk_paired_days_ago(services)

    def check(photo: str, event_type: str, **more):
        return attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(photo), event_type=event_type, device_id=door,
                                       **more)[0].event

    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, GENUINE)["status"] == "completed"
    before = check(GENUINE_PROBE, "entry")  # Joe himself, before the stranger's face was on his record
    held = pipeline.enroll(joe, STRANGER)
    assert pipeline.api.post(f"/employees/{joe}/enrollments/{held['ticket_id']}/confirm").status == 200
    _, stranger = _face_rows(services, joe)
    entry = check(STRANGER_PROBE, "exit")  # the stranger, credited to Joe
    rejected = check(STRANGER_PROBE, "entry")
    assert str(entry.employee.id) == str(rejected.employee.id) == joe and entry.status == "recognized"
    assert pipeline.api.post(f"/attendance/{rejected.id}/review", json_body={
        "action": "reject", "note": "not Joe"}).status == 200  # HR saw it already: not counted, not to check
    with services.db.transaction() as cur:
        cur.execute("SELECT created_at FROM face_embeddings WHERE id = %s", (stranger["id"],))
        enrolled = cur.fetchone()["created_at"]
    first = pipeline.api.delete(f"/employees/{joe}/faces/{stranger['id'] + 10**6}")  # no such face: nothing said
    assert (first.status, first.error_code) == (404, "face_not_found")
    # An offline capture from an hour ago, sent now: matched on arrival, through the stranger's face too.
    late = check(STRANGER_PROBE, "entry", captured_at=datetime.now(UTC) - timedelta(hours=1))
    assert late.occurred_at < enrolled and str(late.employee.id) == joe

    removed = pipeline.api.delete(f"/employees/{joe}/faces/{stranger['id']}")

    assert removed.status == 200, removed.text
    body = removed.json()
    assert (body["removed_face_id"], body["punches_to_check"]) == (stranger["id"], 2)
    assert datetime.fromisoformat(body["removed_face_enrolled_at"]) == enrolled
    assert datetime.fromisoformat(body["punches_to_check_since"]) == late.occurred_at  # the earliest to look at
    assert before.occurred_at < enrolled
    # Nothing was changed on the punches: HR decides.
    assert pipeline.api.get(f"/attendance/{entry.id}/audit").json()["items"] == []


def test_removing_a_face_while_the_held_photo_is_confirmed_does_not_deadlock(pipeline, services, monkeypatch):
    # The confirmation holds the held ticket and is about to lock the person when HR removes the stranger's face.
    # The removal takes the tickets it changes before the person, as the confirmation does: it waits for the
    # ticket, the confirmation enrolls the genuine face, then the stranger's face goes. (Person first, then the
    # tickets: each would wait on a lock the other held, and PostgreSQL would kill one.)
    import threading

    from facepass import enrollment
    from facepass.db import Database

    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"
    held = pipeline.enroll(joe, GENUINE)
    (stranger_face,) = _face_rows(services, joe)
    inside, go = paused(monkeypatch, enrollment, "_require_active_employee")
    results = {}
    confirm = threading.Thread(target=run_into, args=(results, "confirm", lambda: enrollment.confirm_enrollment(
        services.db, services.settings, uuid.UUID(joe), uuid.UUID(held["ticket_id"]))))
    confirm.start()
    assert inside.wait(30)
    remove = threading.Thread(target=run_into, args=(results, "remove", lambda: enrollment.remove_face(
        Database(services.settings.database_url), services.s3, services.settings, uuid.UUID(joe),
        stranger_face["id"], actor="hr", engine=services.engine)))
    _let_go_once_waiting(services.settings.database_url, go, confirm, remove)

    assert not any(isinstance(result, Exception) for result in results.values()), results
    assert results["confirm"].status == "completed"
    assert [face.id for face in results["remove"].items] == [row["id"] for row in _face_rows(services, joe)]
    assert stranger_face["id"] not in [row["id"] for row in _face_rows(services, joe)]
    assert _identified(pipeline, GENUINE_PROBE) == joe and _identified(pipeline, STRANGER_PROBE) is None
    assert _gallery_size(services) == 1


def _held(pipeline, employee: str, query: str | None = None):
    return pipeline.api.get(f"/employees/{employee}/enrollments", query=query)


def test_the_held_photos_of_a_person_are_listed_for_any_browser(pipeline, services):
    """QA: after a removal, photos held for the person could be decided on only in the browser that uploaded them.
    The list names this person's held tickets only: not other people's, not settled ones."""
    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, STRANGER)["status"] == "completed"
    first = pipeline.enroll(joe, GENUINE)
    second = pipeline.enroll(joe, "identities/fr_biden/train_biden2.jpg")
    assert {first["reason_code"], second["reason_code"]} == {"not_same_person"}
    refused = pipeline.enroll(joe, "identities/fr_biden/train_biden.jpg")
    assert pipeline.api.post(f"/employees/{joe}/enrollments/{refused['ticket_id']}/reject").status == 200
    other, other_status = _mixup(pipeline)  # somebody else's held photo
    assert other_status["status"] == "needs_confirmation"
    pipeline.ticket(joe)  # a pending ticket (no upload yet): not waiting for HR

    listed = _held(pipeline, joe)
    assert listed.status == 200, listed.text
    body = listed.json()
    assert body["employee_id"] == joe and body["truncated"] is False
    # Newest first, each as the ticket's own route answers it (no vector, no score beyond it).
    assert unlinked(body["items"]) == unlinked([pipeline.status(joe, second["ticket_id"]),
                                                pipeline.status(joe, first["ticket_id"])])
    assert all(held_photo(item) for item in body["items"])  # each with its face crop for HR
    assert unlinked(_held(pipeline, joe, "status=needs_confirmation").json()) == unlinked(body)
    assert [item["ticket_id"] for item in _held(pipeline, other).json()["items"]] == [other_status["ticket_id"]]
    assert "pending_embedding" not in listed.text and "embedding" not in json.dumps(body)

    # After the stranger's face is removed, the list says what the re-check found.
    (stranger_face,) = _face_rows(services, joe)
    assert pipeline.api.delete(f"/employees/{joe}/faces/{stranger_face['id']}").status == 200
    rechecked = _held(pipeline, joe).json()["items"]
    # Both checks: nothing of Joe's left to compare with, but the other record's face is the same man's (Biden).
    assert [(item["reason_detail"]["rechecked"], item["duplicate_of_employee_id"], item["reason_code"],
             item["reason_detail"]["same_person"]) for item in rechecked] == [
        ("names_another", other, "suspected_duplicate", "no_faces")] * 2
    # Enrolled from the list: it leaves it.
    assert pipeline.api.post(f"/employees/{joe}/enrollments/{first['ticket_id']}/confirm").status == 200
    assert [item["ticket_id"] for item in _held(pipeline, joe).json()["items"]] == [second["ticket_id"]]


def test_the_held_list_of_an_unknown_person_or_of_another_status_is_4xx(pipeline):
    missing = _held(pipeline, str(uuid.uuid4()))
    assert (missing.status, missing.error_code) == (404, "employee_not_found")
    employee = pipeline.employee()
    for status in ("completed", "rejected", "pending", "bogus", ""):
        refused = _held(pipeline, employee, f"status={status}")
        assert (refused.status, refused.error_code) == (422, "validation_error"), status
    assert _held(pipeline, "not-a-uuid").status == 422
    assert _held(pipeline, employee).json() == {"employee_id": employee, "items": [], "truncated": False}


# --- a confirmation checks the held photo again (QA: a stale verdict enrolled the wrong face) -------------------------

def _confirm(pipeline, employee: str, held: dict, *, seen: dict | None = None):
    path = f"/employees/{employee}/enrollments/{held['ticket_id']}/confirm"
    return pipeline.api.post(path, json_body={"seen": seen} if seen is not None else None)


def _count_faces(services, employee: str) -> int:
    return len(_face_rows(services, employee))


def test_confirming_a_hold_whose_no_faces_verdict_went_stale_is_409_with_the_fresh_verdict(pipeline, services):
    """QA: Zed has face A; photos B (a stranger) and C (a third person) held as not like him. A is removed: both say
    no face is left to compare them with. HR confirms B; confirming C as shown (no face left) must not put a third
    person's face on Zed: 409 hold_changed, the fresh verdict (unlike B) on the ticket, nothing enrolled. Confirmed
    again as now shown, it goes through (HR's informed choice)."""
    zed = pipeline.employee("Zed")
    assert pipeline.enroll(zed, GENUINE)["status"] == "completed"
    stranger = pipeline.enroll(zed, STRANGER)
    third = pipeline.enroll(zed, KIT)
    assert [held["reason_code"] for held in (stranger, third)] == ["not_same_person"] * 2
    (face_a,) = _face_rows(services, zed)
    assert pipeline.api.delete(f"/employees/{zed}/faces/{face_a['id']}").status == 200
    shown = _held(pipeline, zed).json()["items"]
    assert {item["reason_detail"]["rechecked"] for item in shown} == {"no_faces"}
    # What the console shows of each and sends back with "Enroll anyway" (the ticket's `verdict`).
    seen = {"duplicate_of_employee_id": None, "same_person": "no_faces"}
    assert [item.get("verdict") for item in shown] in ([seen] * 2, [None] * 2)  # None: before `verdict` existed

    assert _confirm(pipeline, zed, stranger, seen=seen).status == 200
    refused = _confirm(pipeline, zed, third, seen=seen)

    assert (refused.status, refused.error_code) == (409, "hold_changed"), refused.text
    fresh = refused.json()["error"]["details"]["enrollment"]
    assert fresh["status"] == "needs_confirmation" and fresh["reason_code"] == "not_same_person"
    assert fresh["verdict"] == {"duplicate_of_employee_id": None, "same_person": "unlike"}
    assert fresh["reason_detail"]["similarity"] < fresh["reason_detail"]["threshold"]
    assert fresh["reason_detail"]["faces"] == 1 and fresh["reason_detail"]["hold_changed"] is True
    assert unlinked(pipeline.status(zed, third["ticket_id"])) == unlinked(fresh)  # stored: the console shows it
    assert held_photo(fresh)  # still held: the answer links to its crop
    assert _count_faces(services, zed) == 1  # B only: C was not enrolled
    assert _identified(pipeline, KIT) is None

    confirmed = _confirm(pipeline, zed, third, seen=fresh["verdict"])  # knowingly, the verdict now shown
    assert confirmed.status == 200 and confirmed.json()["status"] == "completed", confirmed.text
    assert _count_faces(services, zed) == 2


def test_a_hold_is_checked_at_confirmation_against_faces_enrolled_after_it_was_held(pipeline, services):
    """QA: Quinn's held photo (not like Quinn) is of the man Walt then enrolls, with no warning (a held embedding is
    not searched by later uploads). Confirming Quinn's photo checks it against everyone again: it looks like Walt
    now, so 409 hold_changed with the duplicate named, nothing enrolled (Walt's photos still identify Walt)."""
    quinn = pipeline.employee("Quinn")
    assert pipeline.enroll(quinn, KIT)["status"] == "completed"
    held = pipeline.enroll(quinn, STRANGER)
    assert (held["reason_code"], held["duplicate_of_employee_id"]) == ("not_same_person", None)
    walt = pipeline.employee("Walt")
    assert pipeline.enroll(walt, STRANGER_PROBE)["status"] == "completed"
    assert pipeline.enroll(walt, "identities/fr_obama/train_obama2.jpg")["status"] == "completed"

    refused = _confirm(pipeline, quinn, held)  # no `seen`: compared with what the ticket says

    assert (refused.status, refused.error_code) == (409, "hold_changed"), refused.text
    fresh = refused.json()["error"]["details"]["enrollment"]
    assert (fresh["reason_code"], fresh["duplicate_of_employee_id"]) == ("suspected_duplicate", walt)
    assert fresh["reason_detail"]["full_name"] == "Walt" and fresh["reason_detail"]["same_person"] == "unlike"
    assert fresh["verdict"] == {"duplicate_of_employee_id": walt, "same_person": "unlike"}
    assert _count_faces(services, quinn) == 1
    assert _identified(pipeline, "identities/fr_obama/test_obama1.jpg") == walt
    # The same verdict confirmed again goes through (twins, on purpose).
    assert _confirm(pipeline, quinn, held, seen=fresh["verdict"]).status == 200
    assert _count_faces(services, quinn) == 2


def test_a_confirmation_whose_verdict_did_not_change_enrolls_at_once(pipeline, services):
    _, second, held = _suspected_duplicate(pipeline)
    assert held["verdict"]["duplicate_of_employee_id"] == held["duplicate_of_employee_id"]
    assert held["verdict"]["same_person"] == "no_faces" == held["reason_detail"]["same_person"]
    confirmed = _confirm(pipeline, second, held, seen=held["verdict"])
    assert confirmed.status == 200 and confirmed.json()["verdict"] is None
    assert _count_faces(services, second) == 1


def test_a_removal_checks_an_own_hold_for_duplicates_and_a_duplicate_against_its_persons_faces(pipeline, services):
    """Both checks after a removal: Zed's photo held as not like him is of Walt, enrolled since: once Zed's face goes
    it is Walt's suspected duplicate (not `no_faces`, which invites enrolling it for Zed). And a duplicate of Zed held
    for Kit's record whose suspect goes is compared with Kit's own face: unlike it, held as not_same_person."""
    zed = pipeline.employee("Zed")
    assert pipeline.enroll(zed, GENUINE)["status"] == "completed"
    own = pipeline.enroll(zed, STRANGER)
    assert own["reason_code"] == "not_same_person"
    kit = pipeline.employee("Kit")
    assert pipeline.enroll(kit, KIT)["status"] == "completed"
    biden_for_kit = pipeline.enroll(kit, GENUINE_PROBE)
    assert (biden_for_kit["reason_code"], biden_for_kit["duplicate_of_employee_id"]) == ("suspected_duplicate", zed)
    walt = pipeline.employee("Walt")
    assert pipeline.enroll(walt, STRANGER_PROBE)["status"] == "completed"
    (face,) = _face_rows(services, zed)

    assert pipeline.api.delete(f"/employees/{zed}/faces/{face['id']}").status == 200

    after = pipeline.status(zed, own["ticket_id"])
    assert (after["reason_code"], after["duplicate_of_employee_id"]) == ("suspected_duplicate", walt)
    assert after["reason_detail"]["rechecked"] == "names_another"
    kits = pipeline.status(kit, biden_for_kit["ticket_id"])
    assert (kits["reason_code"], kits["duplicate_of_employee_id"]) == ("not_same_person", None)
    assert kits["reason_detail"]["rechecked"] == "still_held" and kits["reason_detail"].get("faces") == 1
    assert kits["reason_detail"]["similarity"] < kits["reason_detail"]["threshold"]
    assert zed not in json.dumps(kits)
    assert after["verdict"] == {"duplicate_of_employee_id": walt, "same_person": "no_faces"}
    assert biden_for_kit["reason_detail"]["same_person"] == "unlike"  # both checks at upload too


def test_enrolling_a_face_checks_the_persons_other_held_photos_again(pipeline, services):
    """Zed's own photo waits with no face left to compare it with; a face of someone else is then enrolled for Zed
    (an upload that passes: his first face): the waiting photo is compared with it at once, so the held list says
    it is unlike Zed's face now, not `no_faces`."""
    zed = pipeline.employee("Zed")
    assert pipeline.enroll(zed, STRANGER)["status"] == "completed"
    held = pipeline.enroll(zed, GENUINE)
    (stranger,) = _face_rows(services, zed)
    assert pipeline.api.delete(f"/employees/{zed}/faces/{stranger['id']}").status == 200
    assert pipeline.status(zed, held["ticket_id"])["reason_detail"]["rechecked"] == "no_faces"

    assert pipeline.enroll(zed, KIT)["status"] == "completed"

    (listed,) = _held(pipeline, zed).json()["items"]
    assert listed["ticket_id"] == held["ticket_id"] and listed["reason_detail"]["rechecked"] == "still_held"
    assert listed["reason_detail"].get("faces") == 1 and listed["reason_detail"]["recheck_cause"] == "face_added"
    assert listed["verdict"]["same_person"] == "unlike"


def test_decisions_on_held_photos_and_an_erasure_are_audited(pipeline, services):
    """Who enrolled a face the system flagged, who refused one, and who erased the person: each in the History."""
    first, second, held = _suspected_duplicate(pipeline)
    refused = pipeline.enroll(second, "identities/fr_obama/train_obama2.jpg")
    assert refused["reason_code"] == "suspected_duplicate"
    assert pipeline.api.post(f"/employees/{second}/enrollments/{refused['ticket_id']}/reject").status == 200
    assert _confirm(pipeline, second, held).status == 200
    assert pipeline.api.post(f"/employees/{second}/enrollments/{held['ticket_id']}/reject").status == 409
    assert _confirm(pipeline, second, held).status == 200  # twice: one audit row
    (face,) = _face_rows(services, second)

    trail = [(entry["field"], entry["actor"], entry["before"], entry["after"])
             for entry in pipeline.api.get(f"/employees/{second}/audit").json()["items"] if entry["field"] == "face"]
    assert trail == [("face", "test-admin", f"held suspected_duplicate {refused['ticket_id']}", "refused"),
                     ("face", "test-admin", f"held suspected_duplicate {held['ticket_id']}", str(face["id"]))]

    # A token without a subject cannot decide: who did must be known. Nothing changes.
    third = pipeline.enroll(second, KIT)  # not like the Obama face enrolled: held
    assert third["status"] == "needs_confirmation"
    for verb in ("confirm", "reject"):
        anonymous = pipeline.api.post(f"/employees/{second}/enrollments/{third['ticket_id']}/{verb}",
                                      claims={"scope": "facepass/admin"})
        assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown"), verb
    assert pipeline.status(second, third["ticket_id"])["status"] == "needs_confirmation"
    assert len(_face_rows(services, second)) == 1

    assert pipeline.api.get(f"/employees/{second}").json()["erased_at"] is None
    assert pipeline.api.delete(f"/employees/{second}", query="erase=true").status == 200
    items = pipeline.api.get(f"/employees/{second}/audit").json()["items"]
    assert [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in items[-3:]] == [
        ("is_active", "test-admin", "true", "false"), ("biometrics", "test-admin", None, "erased"),
        ("biometric_consent", "test-admin", "signed test form", None)]  # the erasure withdrew it
    assert pipeline.api.get(f"/employees/{second}").json()["erased_at"] is not None
    assert pipeline.api.delete(f"/employees/{first}").status == 200  # deactivated, not erased
    assert pipeline.api.get(f"/employees/{first}").json()["erased_at"] is None
