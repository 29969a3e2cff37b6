"""Erasures and revocations outlive a database restore: the photo bucket's ledger, replayed by the daily cleanup
over a database restored from a backup taken before them. Real PostgreSQL (the backup a copy of the database),
models and local S3."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

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


def restored_from(services, url: str) -> Services:
    return Services.from_settings(services.settings.model_copy(update={"database_url": url}), s3=services.s3,
                                  db=Database(url))


def test_a_restore_brings_back_no_deactivated_person_and_undoes_no_reactivation(pg_server, services, api):
    # Ann works; Bob left a while ago. Last night's backup; this morning HR deactivates Ann and takes Bob back (the
    # API: the routes write the ledger).
    ann = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    bob = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    assert api.delete(f"/employees/{bob}").status == 200
    sql(services, "UPDATE employees SET activity_changed_at = now() - interval '1 day' WHERE id = %s", (bob,))
    restored_url = backup(pg_server, services)
    assert api.patch(f"/employees/{ann}", json_body={"is_active": False}).status == 200
    assert api.put(f"/employees/{bob}", json_body={"full_name": "Barack Obama", "email": "bob@x.io"}).status == 200
    assert api.patch(f"/employees/{ann}", json_body={"full_name": "Rose L."}).status == 200  # not a change of state
    latest = {change.employee_id: change.active
              for change in ledger.latest_activity(services.s3, bucket=services.settings.bucket)}
    assert latest == {ann: False, bob: True}
    report = retention.run_cleanup(services.db, services.s3, services.settings)
    assert (report.deactivations_replayed, report.reactivations_replayed) == ([], [])  # the database reflects it

    # The database is restored from the backup: Ann active (she could check in), Bob inactive.
    restored = restored_from(services, restored_url)
    assert check(restored, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC)).employee.id == ann
    report = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.deactivations_replayed, report.reactivations_replayed) == ([str(ann)], [str(bob)])
    rows = {row["id"]: row for row in sql(restored, "SELECT id, is_active, deactivated_at FROM employees")}
    assert (rows[ann]["is_active"], rows[bob]["is_active"], rows[bob]["deactivated_at"]) == (False, True, None)
    assert rows[ann]["deactivated_at"] is not None  # the grace before her faces go counts from the deactivation
    assert check(restored, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC)).employee is None
    assert check(restored, "identities/fr_obama/obama3.jpg", datetime.now(UTC)).employee.id == bob
    again = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.deactivations_replayed, again.reactivations_replayed) == ([], [])


def test_the_later_of_an_erasure_and_a_reactivation_wins_after_a_restore(pg_server, services):
    from facepass import employees
    from facepass.schemas import EmployeePatch

    bucket = {"s3": services.s3, "bucket": services.settings.bucket}
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")  # erased, then back
    obama = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")  # taken back, then erased
    # Obama left yesterday and was taken back an hour before his erasure: the database and the ledger as those
    # changes left them.
    employees.deactivate_employee(services.db, obama)
    sql(services, "UPDATE employees SET activity_changed_at = now() - interval '1 day' WHERE id = %s", (obama,))
    ledger.record_activity(services.s3, bucket=services.settings.bucket, employee_id=obama, active=False,
                           now=datetime.now(UTC) - timedelta(days=1))
    restored_url = backup(pg_server, services)
    employees.update_employee(services.db, obama, EmployeePatch(is_active=True))
    ledger.record_activity(services.s3, bucket=services.settings.bucket, employee_id=obama, active=True,
                           now=datetime.now(UTC) - timedelta(hours=1))
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    employees.update_employee(services.db, rose, EmployeePatch(is_active=True), **bucket)
    retention.erase_employee(services.db, services.s3, services.settings, obama)

    restored = restored_from(services, restored_url)
    report = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert sorted(report.erasures_replayed) == sorted([str(rose), str(obama)])
    assert (report.reactivations_replayed, report.deactivations_replayed) == ([str(rose)], [])
    active = {row["id"]: row["is_active"] for row in sql(restored, "SELECT id, is_active FROM employees")}
    assert active == {rose: True, obama: False}
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings")[0]["n"] == 0  # Rose enrolls again
    again = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.erasures_replayed, again.reactivations_replayed, again.deactivations_replayed) == ([], [], [])


def test_a_restore_does_not_let_a_re_paired_tablets_old_token_work_again(pg_server, services, api):
    from tests.conftest import pair_device

    kiosk, old_token = pair_device(api, "Lobby")
    other, _ = pair_device(api, "Back door")  # re-paired and paired again before the backup: left alone
    other_token = api.post("/devices/pair", json_body={"pairing_code": api.post(
        f"/devices/{other['id']}/pairing-code").json()["pairing_code"]}, claims=None).json()["device_token"]
    sql(services, "UPDATE devices SET paired_at = paired_at - interval '1 day' WHERE id = %s", (kiosk["id"],))
    restored_url = backup(pg_server, services)
    code = api.post(f"/devices/{kiosk['id']}/pairing-code")  # the tablet was lost: a new one takes its place
    assert code.status == 201
    new_token = api.post("/devices/pair", json_body={"pairing_code": code.json()["pairing_code"]},
                         claims=None).json()["device_token"]
    assert devices.authenticate(services.db, f"Bearer {old_token}") is None
    assert {entry.subject for entry in ledger.repairings(services.s3, bucket=services.settings.bucket)} == {
        uuid.UUID(kiosk["id"]), uuid.UUID(other["id"])}
    assert retention.run_cleanup(services.db, services.s3, services.settings).repairings_replayed == []
    assert devices.authenticate(services.db, f"Bearer {new_token}") is not None  # the new tablet keeps working

    restored = restored_from(services, restored_url)
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is not None  # the lost tablet works again
    report = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.repairings_replayed == [kiosk["id"]]
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is None
    assert devices.get_device(restored.db, uuid.UUID(kiosk["id"])).status == "awaiting_pairing"  # a new code, then
    assert devices.authenticate(restored.db, f"Bearer {other_token}") is not None
    assert retention.run_cleanup(restored.db, restored.s3, restored.settings).repairings_replayed == []


def test_a_deactivation_or_re_pairing_s3_cannot_record_changes_nothing(services, api):
    from botocore.exceptions import ClientError

    from tests.conftest import pair_device

    rose = person(services, "Rose Leslie")
    kiosk, token = pair_device(api, "Lobby")

    def refuse(params, **_):
        if params.get("Key", "").startswith((ledger.ACTIVITY_PREFIX, ledger.REPAIRING_PREFIX)):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    services.s3.meta.events.register("before-parameter-build.s3.PutObject", refuse)
    try:
        for refused in (api.patch(f"/employees/{rose}", json_body={"is_active": False}),
                        api.delete(f"/employees/{rose}"), api.post(f"/devices/{kiosk['id']}/pairing-code")):
            assert (refused.status, refused.error_code) == (503, "ledger_unavailable"), refused.text
    finally:
        services.s3.meta.events.unregister("before-parameter-build.s3.PutObject", refuse)
    assert sql(services, "SELECT is_active, activity_changed_at FROM employees WHERE id = %s", (rose,)) == [
        {"is_active": True, "activity_changed_at": None}]
    assert devices.authenticate(services.db, f"Bearer {token}") is not None
