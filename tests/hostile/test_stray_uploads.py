"""Uploads under enroll/ that look like the layout but are not (or have no ticket) go through the real
bucket notification into the embedding handler: never processed, deleted at once with a metric; what
is left (no notification, a failed delete) is swept by the daily cleanup. Both idempotent."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import enrollment, repository, storage
from facepass.local.lambda_events import LocalLambdaContext
from facepass.local.notifications import connect_bucket_to_queue, drain_queue
from tests.conftest import CONSENTED, fixture_bytes
from tests.function_roles import run_cleanup
from tests.hostile.corpus import odd_enrollment_keys

PHOTO = fixture_bytes("identities/fr_obama/obama3.jpg")


@pytest.fixture
def sqs(settings):
    import boto3

    return boto3.client("sqs", region_name=settings.aws_region, endpoint_url=settings.s3_endpoint_url)


def keys(services) -> set[str]:
    return {item["Key"] for item in storage.list_keys(services.s3, bucket=services.settings.bucket, prefix="")}


def counts(services) -> tuple[int, int]:
    with services.db.transaction() as cur:
        cur.execute("SELECT (SELECT count(*) FROM face_embeddings) AS f, (SELECT count(*) FROM enrollments) AS e")
        row = cur.fetchone()
    return row["f"], row["e"]


def new_employee(api) -> str:
    response = api.post("/employees", json_body={"full_name": "Stray", "email": f"{uuid.uuid4().hex}@x.io",
                                                 "biometric_consent": CONSENTED})
    assert response.status == 201
    return response.json()["id"]


def test_odd_keys_through_the_bucket_notification_are_deleted_with_a_metric(api, services, sqs, capsys):
    import embedding_handler

    employee = new_employee(api)
    ticket = api.post(f"/employees/{employee}/photos", json_body={}).json()  # a real, pending ticket
    # Keys outside the layout; one in the layout that no ticket owns (swapped ids) waits for its grace (test below).
    odd = {name: key for name, key in odd_enrollment_keys(employee, ticket["ticket_id"]).items()
           if storage.parse_enrollment_key(key) is None}
    bucket = services.settings.bucket
    queue_url = connect_bucket_to_queue(services.s3, sqs, bucket=bucket, prefix=storage.ENROLL_PREFIX,
                                        queue_name=f"q-{uuid.uuid4().hex[:10]}")
    for key in odd.values():
        services.s3.put_object(Bucket=bucket, Key=key, Body=PHOTO)
    assert keys(services) == set(odd.values())
    before = counts(services)
    embedding_handler.use_services(services)
    try:
        capsys.readouterr()
        results = drain_queue(sqs, queue_url, embedding_handler.lambda_handler, LocalLambdaContext)
        emitted = capsys.readouterr().out
        outcomes = {o["key"]: o for result in results for o in result["outcomes"]}
        assert set(outcomes) == set(odd.values())  # every key arrived, decoded as it was written
        assert all(o["outcome"] == "ignored" and o["untrusted_deleted"] for o in outcomes.values()), outcomes
        assert keys(services) == set()
        assert counts(services) == before  # nothing embedded, the real ticket untouched
        assert api.get(f"/employees/{employee}/enrollments/{ticket['ticket_id']}").json()["status"] == "pending"
        values = [record.get("UntrustedUploadDeleted", 0) for record in _metric_records(emitted)]
        deleted = sum(sum(value) if isinstance(value, list) else value for value in values)
        assert deleted == len(odd)
        # A second delivery of the same events changes nothing and does not fail.
        again = embedding_handler.lambda_handler(_events_for(bucket, odd.values()), LocalLambdaContext())
        assert again["processed"] == len(odd) and keys(services) == set()
    finally:
        embedding_handler.use_services(None)


def test_an_upload_no_ticket_owns_is_deleted_once_too_old_to_be_committing(services):
    # In the layout, but no ticket: its ticket may be committing (enroll-with-photo writes the photo first), so a
    # young one raises for the event's next delivery and stays; an older one is a stray and goes.
    from facepass.enrollment import UNOWNED_UPLOAD_GRACE, process_upload
    from facepass.errors import UploadNotYetOwned

    bucket = services.settings.bucket
    key = f"enroll/{uuid.uuid4()}/{uuid.uuid4()}"
    services.s3.put_object(Bucket=bucket, Key=key, Body=PHOTO)
    with pytest.raises(UploadNotYetOwned):
        process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=key)
    assert key in keys(services)
    later = datetime.now(UTC) + UNOWNED_UPLOAD_GRACE + timedelta(seconds=5)
    outcome = process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=key,
                             now=later)
    assert outcome.outcome == "ignored" and outcome.untrusted_deleted and key not in keys(services)


def test_an_upload_for_an_erased_person_is_deleted_at_once(services):
    # An upload form stays valid for minutes: a photo it brings after the person's erasure (which deleted the
    # ticket) waits for no ticket, and goes at its first delivery, not after the event's retries.
    from facepass import employees, retention
    from facepass.enrollment import process_upload
    from facepass.schemas import EmployeeCreate

    person = employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
                                                                   full_name="Leaver", email="leaver@example.com"))
    retention.erase_employee(services.db, services.s3, services.settings, person.id)
    bucket, key = services.settings.bucket, f"enroll/{person.id}/{uuid.uuid4()}"
    services.s3.put_object(Bucket=bucket, Key=key, Body=PHOTO)
    outcome = process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=key)
    assert outcome.untrusted_deleted and key not in keys(services)


def test_events_outside_enroll_never_delete_anything(services):
    import embedding_handler

    bucket = services.settings.bucket
    for key in ("snapshots/2026/01/01/x.jpg", "enrollx/a", "Enroll/a", " enroll/a"):
        services.s3.put_object(Bucket=bucket, Key=key, Body=PHOTO)
    embedding_handler.use_services(services)
    try:
        result = embedding_handler.lambda_handler(_events_for(bucket, keys(services)), LocalLambdaContext())
    finally:
        embedding_handler.use_services(None)
    assert all(o["outcome"] == "ignored" and not o["untrusted_deleted"] for o in result["outcomes"])
    assert len(keys(services)) == 4


def test_cleanup_sweeps_unowned_uploads_keeps_pending_ones_and_is_idempotent(api, services):
    employee = new_employee(api)
    pending = enrollment.create_upload_ticket(services.db, services.s3, services.settings, uuid.UUID(employee))
    odd = odd_enrollment_keys(employee, str(pending.ticket_id))
    bucket = services.settings.bucket
    for key in [*odd.values(), pending.key]:  # no notification: as if the function never ran
        services.s3.put_object(Bucket=bucket, Key=key, Body=PHOTO)
    services.s3.put_object(Bucket=bucket, Key="snapshots/2999/01/01/keep.jpg", Body=PHOTO)
    with services.db.transaction() as cur:  # a check's snapshot (one no row named would be an orphan)
        repository.insert_attendance(cur, employee_id=None, occurred_at=datetime(2999, 1, 1, tzinfo=UTC),
                                     event_type="entry", similarity=None, trace_id=uuid.uuid4(),
                                     snapshot_key="snapshots/2999/01/01/keep.jpg", status="unknown", device_id="door")
    soon = datetime.now(UTC) + timedelta(hours=1)  # past the short grace, long before a day

    dry = run_cleanup(services.db, services.s3, services.settings, now=soon, dry_run=True)
    assert dry.untrusted_uploads_deleted == len(odd) and len(keys(services)) == len(odd) + 2
    report = run_cleanup(services.db, services.s3, services.settings, now=soon)
    assert report.untrusted_uploads_deleted == report.enrollment_objects_deleted == len(odd)
    assert report.failed_keys == []
    assert keys(services) == {pending.key, "snapshots/2999/01/01/keep.jpg"}
    rerun = run_cleanup(services.db, services.s3, services.settings, now=soon)
    assert rerun.untrusted_uploads_deleted == rerun.enrollment_objects_deleted == 0
    assert keys(services) == {pending.key, "snapshots/2999/01/01/keep.jpg"}
    fresh = "enroll/x-just-written"
    services.s3.put_object(Bucket=bucket, Key=fresh, Body=PHOTO)
    assert run_cleanup(services.db, services.s3, services.settings).untrusted_uploads_deleted == 0  # grace
    assert fresh in keys(services)


def _events_for(bucket: str, object_keys) -> dict:
    from facepass.local.lambda_events import s3_put_event

    return {"Records": [s3_put_event(bucket, key, size=len(PHOTO))["Records"][0] for key in object_keys]}


def _metric_records(output: str) -> list[dict]:
    records = []
    for line in output.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "_aws" in record:
            records.append(record)
    return records
