"""Erasures and revocations outlive a database restore: the photo bucket's ledger, replayed by the daily cleanup
over a database restored from a backup taken before them. Real PostgreSQL (the backup a copy of the database),
models and local S3."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from facepass import devices, ledger, retention
from facepass.db import Database
from facepass.schemas import DeviceCreate
from facepass.services import Services
from tests.conftest import create_database, fresh_database
from tests.integration.test_retention import check, person, sql


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "ledger_" + uuid.uuid4().hex[:10])


def backup(pg_server, services) -> str:
    """A copy of the database as it is now (what a snapshot of RDS would restore)."""
    services.db.close()  # a template may have no other session
    name = re.search(r"/([^/?]+)(\?|$)", services.settings.database_url).group(1)
    return create_database(pg_server, f"{name}_backup", template=name)


def test_a_restored_database_gets_its_erasures_and_revocations_again(pg_server, services):
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    event = check(services, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC))
    assert event.employee.id == rose and event.snapshot_key
    kiosk = devices.create_device(services.db, DeviceCreate(name="Lobby", timezone="UTC")).device
    restored_url = backup(pg_server, services)  # last night's backup: Rose enrolled, the kiosk paired

    retention.erase_employee(services.db, services.s3, services.settings, rose)
    devices.revoke_device(services.db, kiosk.id, s3=services.s3, bucket=services.settings.bucket)
    assert [entry.subject for entry in ledger.erasures(services.s3, bucket=services.settings.bucket)] == [rose]
    assert [entry.subject for entry in ledger.revocations(services.s3, bucket=services.settings.bucket)] == [kiosk.id]
    assert retention.run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []

    # The database is restored from the backup: Rose's face and her punch's snapshot key are back, the kiosk paired.
    restored = Services.from_settings(services.settings.model_copy(update={"database_url": restored_url}),
                                      s3=services.s3, db=Database(restored_url))
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1
    report = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.erasures_replayed, report.revocations_replayed) == ([str(rose)], [str(kiosk.id)])
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 0
    assert sql(restored, "SELECT is_active FROM employees WHERE id = %s", (rose,)) == [{"is_active": False}]
    assert sql(restored, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (event.id,)) == [
        {"snapshot_key": None}]
    assert sql(restored, "SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = %s", (kiosk.id,)) == [
        {"revoked": True}]
    again = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.erasures_replayed, again.revocations_replayed) == ([], [])


def test_a_returning_employee_given_an_old_punch_is_not_erased_again(services):
    # Erased, reactivated and enrolled again; HR then reassigns an old unknown punch (with its snapshot) to them.
    # Their erasure finished: nothing of it is undone, and the cleanup leaves them alone.
    from facepass import employees, enrollment, review
    from facepass.schemas import EmployeePatch, ReviewRequest
    from tests.conftest import fixture_bytes

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    unknown = check(services, "identities/fr_obama/train_obama.jpg", datetime.now(UTC))
    assert unknown.employee is None and unknown.snapshot_key
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    employees.update_employee(services.db, rose, EmployeePatch(is_active=True))
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, rose,
                                              fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                              source_key="test/back")
    assert outcome == "completed", reason
    review.review_event(services.db, unknown.id, ReviewRequest(action="reassign", employee_id=rose, force=True,
                                                               note="it was Rose"), actor="hr",
                        settings=services.settings)
    assert retention.run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1


def test_an_erasure_stopped_half_way_by_s3_is_finished_by_the_cleanup_and_one_failing_again_stops_nothing(services):
    from botocore.exceptions import ClientError

    from facepass.errors import FacePassError

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    event = check(services, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC))
    refusing = []

    def refuse(params, **_):  # S3 refuses every batch delete while set
        if refusing:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "DeleteObjects")

    services.s3.meta.events.register("before-parameter-build.s3.DeleteObjects", refuse)
    try:
        refusing.append(True)
        with pytest.raises((FacePassError, ClientError)):
            retention.erase_employee(services.db, services.s3, services.settings, rose)
        report = retention.run_cleanup(services.db, services.s3, services.settings)  # S3 still refusing
        assert report.erasures_failed == [str(rose)] and report.erasures_replayed == []
        refusing.clear()
        report = retention.run_cleanup(services.db, services.s3, services.settings)
    finally:
        services.s3.meta.events.unregister("before-parameter-build.s3.DeleteObjects", refuse)
    assert report.erasures_replayed == [str(rose)] and report.erasures_failed == []
    assert sql(services, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (event.id,)) == [
        {"snapshot_key": None}]
    assert retention.run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []


def test_an_erasure_s3_cannot_record_changes_nothing_and_says_run_it_again(services):
    from botocore.exceptions import ClientError

    from facepass.errors import FacePassError

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")

    def refuse(params, **_):
        if params.get("Key", "").startswith(ledger.ERASURE_PREFIX):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    services.s3.meta.events.register("before-parameter-build.s3.PutObject", refuse)
    try:
        with pytest.raises(FacePassError) as refused:
            retention.erase_employee(services.db, services.s3, services.settings, rose)
    finally:
        services.s3.meta.events.unregister("before-parameter-build.s3.PutObject", refuse)
    assert (refused.value.code, refused.value.status) == ("erasure_incomplete", 503)
    assert sql(services, "SELECT is_active, erased_at FROM employees WHERE id = %s", (rose,)) == [
        {"is_active": True, "erased_at": None}]
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1
