"""Erasures and revocations outlive a database restore: the photo bucket's ledger, replayed by the daily cleanup
over a database restored from a backup taken before them. Real PostgreSQL (the backup a copy of the database),
models and local S3."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import devices, ledger, retention, storage
from facepass.db import Database
from facepass.schemas import DeviceCreate
from facepass.services import Services
from tests.conftest import create_database, fresh_database, s3_hook
from tests.function_roles import run_cleanup
from tests.integration.test_enrollment import pipeline, sqs  # noqa: F401 (fixtures)
from tests.integration.test_retention import _upload, check, keys, person, sql


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
    assert run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []

    # The database is restored from the backup: Rose's face and her punch's snapshot key are back, the kiosk paired.
    restored = restored_from(services, restored_url)
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1
    erased_at = ledger.erasures(services.s3, bucket=services.settings.bucket)[0].at  # the end of S3's second
    time.sleep(max(0.0, (erased_at - datetime.now(UTC)).total_seconds()) + 0.1)  # the replay comes after it
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.erasures_replayed, report.revocations_replayed) == ([str(rose)], [str(kiosk.id)])
    # Her deactivation is dated to the erasure's ledger entry (by when it was made), not to the replay.
    deactivation = sql(restored, "SELECT created_at FROM employee_audit WHERE employee_id = %s AND field = 'is_active'",
                       (rose,))
    assert [row["created_at"] for row in deactivation] == [erased_at]
    assert sql(restored, "SELECT deactivated_at FROM employees WHERE id = %s", (rose,)) == [
        {"deactivated_at": erased_at}]
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 0
    assert sql(restored, "SELECT is_active FROM employees WHERE id = %s", (rose,)) == [{"is_active": False}]
    assert sql(restored, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (event.id,)) == [
        {"snapshot_key": None}]
    assert sql(restored, "SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = %s", (kiosk.id,)) == [
        {"revoked": True}]
    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.erasures_replayed, again.revocations_replayed) == ([], [])


def test_a_returning_employee_given_an_old_punch_is_not_erased_again(services):
    # Erased, reactivated and enrolled again; HR then reassigns an old unknown punch (with its snapshot) to them.
    # Their erasure finished: nothing of it is undone, and the cleanup leaves them alone.
    from facepass import employees, enrollment, review
    from facepass.schemas import BiometricConsentRequest, EmployeePatch, ReviewRequest
    from tests.conftest import fixture_bytes

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    unknown = check(services, "identities/fr_obama/train_obama.jpg", datetime.now(UTC))
    assert unknown.employee is None and unknown.snapshot_key
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    employees.update_employee(services.db, rose, EmployeePatch(is_active=True))
    # The erasure withdrew her consent: recorded again before her new photo.
    employees.record_consent(services.db, rose, BiometricConsentRequest(reference="rehire form"))
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, rose,
                                              fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                              source_key="test/back")
    assert outcome == "completed", reason
    review.review_event(services.db, unknown.id, ReviewRequest(action="reassign", employee_id=rose, force=True,
                                                               note="it was Rose"), actor="hr",
                        settings=services.settings)
    assert run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1


def test_an_erasure_stopped_half_way_by_s3_is_finished_by_the_cleanup_and_one_failing_again_stops_nothing(services):
    from botocore.exceptions import ClientError

    from facepass.errors import FacePassError

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    event = check(services, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC))
    # A photo of hers held for HR: its face crop is in held/ until the hold ends (her erasure ends it).
    assert _upload(services, rose, "identities/bbt_sheldon/sheldon1.png").outcome == "needs_confirmation"
    assert len(keys(services, storage.employee_held_prefix(rose))) == 1
    refusing = []

    def refuse(params, **_):  # S3 refuses every batch delete while set
        if refusing:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "DeleteObjects")

    with s3_hook(services, "before-parameter-build.s3.DeleteObjects", refuse):
        refusing.append(True)
        with pytest.raises((FacePassError, ClientError)):
            retention.erase_employee(services.db, services.s3, services.settings, rose)
        report = run_cleanup(services.db, services.s3, services.settings)  # S3 still refusing
        assert report.erasures_failed == [str(rose)] and report.erasures_replayed == []
        refusing.clear()
        report = run_cleanup(services.db, services.s3, services.settings)
    assert report.erasures_replayed == [str(rose)] and report.erasures_failed == []
    assert sql(services, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (event.id,)) == [
        {"snapshot_key": None}]
    # The replayed erasure deleted her held photo's crop (not the leftover sweep: it is younger than its grace).
    assert keys(services, storage.HELD_PREFIX) == set() and report.orphan_held_photos_deleted == 0
    assert run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []


def test_an_erasure_s3_cannot_record_changes_nothing_and_says_run_it_again(services):
    from botocore.exceptions import ClientError

    from facepass.errors import FacePassError

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")

    def refuse(params, **_):
        if params.get("Key", "").startswith(ledger.ERASURE_PREFIX):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    with s3_hook(services, "before-parameter-build.s3.PutObject", refuse), pytest.raises(FacePassError) as refused:
        retention.erase_employee(services.db, services.s3, services.settings, rose)
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
    changes = ledger.latest_activity(services.s3, bucket=services.settings.bucket)
    latest = {change.employee_id: change.active for change in changes}
    assert latest == {ann: False, bob: True}
    made_at = {change.employee_id: change.at for change in changes}
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.deactivations_replayed, report.reactivations_replayed) == ([], [])  # the database reflects it

    # The database is restored from the backup: Ann active (she could check in), Bob inactive.
    restored = restored_from(services, restored_url)
    assert check(restored, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC)).employee.id == ann
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.deactivations_replayed, report.reactivations_replayed) == ([str(ann)], [str(bob)])
    rows = {row["id"]: row for row in sql(restored, "SELECT id, is_active, deactivated_at FROM employees")}
    assert (rows[ann]["is_active"], rows[bob]["is_active"], rows[bob]["deactivated_at"]) == (False, True, None)
    assert rows[ann]["deactivated_at"] is not None  # the grace before her faces go counts from the deactivation
    # The replay is audited, by FacePass itself (the restore lost HR's own audit rows with the changes).
    trail = sql(restored, "SELECT employee_id, field, actor, before, after FROM employee_audit "
                          "WHERE actor = 'FacePass (automatic)' AND field = 'is_active' ORDER BY id")
    assert sorted((row["employee_id"], row["field"], row["before"], row["after"]) for row in trail) == sorted([
        (ann, "is_active", "true", "false"), (bob, "is_active", "false", "true")])
    # Dated to when HR made the changes, not to the replay: who was active when (a period's timesheet) reads them.
    stamped = sql(restored, "SELECT employee_id, created_at FROM employee_audit "
                            "WHERE actor = 'FacePass (automatic)' AND field = 'is_active'")
    assert {row["employee_id"]: row["created_at"] for row in stamped} == made_at
    assert check(restored, "identities/fr_rose_leslie/train_img1.jpg", datetime.now(UTC)).employee is None
    assert check(restored, "identities/fr_obama/obama3.jpg", datetime.now(UTC)).employee.id == bob
    again = run_cleanup(restored.db, restored.s3, restored.settings)
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
                           at=datetime.now(UTC) - timedelta(days=1))
    restored_url = backup(pg_server, services)
    employees.update_employee(services.db, obama, EmployeePatch(is_active=True))
    ledger.record_activity(services.s3, bucket=services.settings.bucket, employee_id=obama, active=True,
                           at=datetime.now(UTC) - timedelta(hours=1))
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    employees.update_employee(services.db, rose, EmployeePatch(is_active=True), **bucket)
    retention.erase_employee(services.db, services.s3, services.settings, obama)

    restored = restored_from(services, restored_url)
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert sorted(report.erasures_replayed) == sorted([str(rose), str(obama)])
    assert (report.reactivations_replayed, report.deactivations_replayed) == ([str(rose)], [])
    active = {row["id"]: row["is_active"] for row in sql(restored, "SELECT id, is_active FROM employees")}
    assert active == {rose: True, obama: False}
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings")[0]["n"] == 0  # Rose enrolls again
    again = run_cleanup(restored.db, restored.s3, restored.settings)
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
    assert run_cleanup(services.db, services.s3, services.settings).repairings_replayed == []
    assert devices.authenticate(services.db, f"Bearer {new_token}") is not None  # the new tablet keeps working

    restored = restored_from(services, restored_url)
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is not None  # the lost tablet works again
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.repairings_replayed == [kiosk["id"]]
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is None
    assert devices.get_device(restored.db, uuid.UUID(kiosk["id"])).status == "awaiting_pairing"  # a new code, then
    assert devices.authenticate(restored.db, f"Bearer {other_token}") is not None
    assert run_cleanup(restored.db, restored.s3, restored.settings).repairings_replayed == []


def ledger_keys(services, prefix: str) -> list[str]:
    return sorted(keys(services, prefix))


def test_a_deactivation_or_re_pairing_whose_s3_answer_is_lost_stands_and_is_recorded_with_its_rows_time(
        services, api):
    # S3 stores the object, its answer is lost (a read timeout): the change was committed before the write, so it
    # stands and is answered; the object holds the row's time and the cleanup finds nothing to replay.
    from botocore.exceptions import ReadTimeoutError

    from tests.conftest import pair_device

    ann = person(services, "Rose Leslie")
    kiosk, old_token = pair_device(api, "Lobby")
    sql(services, "UPDATE devices SET paired_at = paired_at - interval '1 day' WHERE id = %s", (kiosk["id"],))

    def lose_answer(**_):
        raise ReadTimeoutError(endpoint_url="https://s3.example/injected")

    with s3_hook(services, "after-call.s3.PutObject", lose_answer):
        deactivated = api.patch(f"/employees/{ann}", json_body={"is_active": False})
        repaired = api.post(f"/devices/{kiosk['id']}/pairing-code")
    assert (deactivated.status, repaired.status) == (200, 201), (deactivated.text, repaired.text)
    assert deactivated.json()["is_active"] is False
    row = sql(services, "SELECT is_active, activity_changed_at FROM employees WHERE id = %s", (ann,))[0]
    assert row["is_active"] is False
    assert [(change.active, change.at) for change in ledger.latest_activity(
        services.s3, bucket=services.settings.bucket)] == [(False, row["activity_changed_at"])]
    repaired_at = sql(services, "SELECT repaired_at FROM devices WHERE id = %s", (kiosk["id"],))[0]["repaired_at"]
    assert [(str(entry.subject), entry.at) for entry in ledger.repairings(
        services.s3, bucket=services.settings.bucket)] == [(kiosk["id"], repaired_at)]
    new_token = api.post("/devices/pair", json_body={"pairing_code": repaired.json()["pairing_code"]},
                         claims=None).json()["device_token"]
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.deactivations_replayed, report.repairings_replayed, report.ledger_entries_written) == ([], [], [])
    assert devices.authenticate(services.db, f"Bearer {old_token}") is None
    assert devices.authenticate(services.db, f"Bearer {new_token}") is not None


def test_a_deactivation_or_re_pairing_whose_commit_fails_is_answered_an_error_and_never_replayed(services, api):
    # The commit fails (PostgreSQL refuses it at COMMIT): the admin is told it failed, so nothing may be in the
    # ledger for the cleanup to replay (a person silently deactivated, a working kiosk's token cleared).
    from tests.conftest import pair_device

    ann = person(services, "Rose Leslie")
    kiosk, token = pair_device(api, "Lobby")
    sql(services, "UPDATE devices SET paired_at = paired_at - interval '1 day' WHERE id = %s", (kiosk["id"],))
    sql(services, """CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = 'serialization_failure'; END $$""")
    for table in ("employees", "devices"):
        sql(services, f"""CREATE CONSTRAINT TRIGGER refuse_commit AFTER UPDATE ON {table} DEFERRABLE INITIALLY
                          DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()""")
    for refused in (api.patch(f"/employees/{ann}", json_body={"is_active": False}), api.delete(f"/employees/{ann}"),
                    api.post(f"/devices/{kiosk['id']}/pairing-code")):
        assert (refused.status, refused.error_code) == (503, "database_conflict"), refused.text
    for table in ("employees", "devices"):
        sql(services, f"DROP TRIGGER refuse_commit ON {table}")

    assert sql(services, "SELECT is_active, activity_changed_at FROM employees WHERE id = %s", (ann,)) == [
        {"is_active": True, "activity_changed_at": None}]
    assert ledger_keys(services, ledger.ACTIVITY_PREFIX) + ledger_keys(services, ledger.REPAIRING_PREFIX) == []
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.deactivations_replayed, report.repairings_replayed, report.ledger_entries_written) == ([], [], [])
    assert sql(services, "SELECT is_active FROM employees WHERE id = %s", (ann,)) == [{"is_active": True}]
    assert devices.authenticate(services.db, f"Bearer {token}") is not None


def test_a_change_s3_cannot_record_after_its_commit_stands_and_the_cleanup_records_it_for_a_restore(
        pg_server, services, api):
    from botocore.exceptions import ClientError, EndpointConnectionError

    from tests.conftest import pair_device

    ann = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    bob = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    kiosk, old_token = pair_device(api, "Lobby")
    sql(services, "UPDATE devices SET paired_at = paired_at - interval '1 day' WHERE id = %s", (kiosk["id"],))
    restored_url = backup(pg_server, services)  # last night's: Ann and Bob active, the kiosk paired
    # Bob is deactivated by mistake (recorded) and taken back within seconds, which S3 fails to record.
    assert api.delete(f"/employees/{bob}").status == 200
    failures = iter([ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject"),
                     EndpointConnectionError(endpoint_url="https://s3.example/injected")] * 2)

    def fail(params, **_):
        if params["Key"].startswith((ledger.ACTIVITY_PREFIX, ledger.REPAIRING_PREFIX)):
            raise next(failures)

    with s3_hook(services, "before-parameter-build.s3.PutObject", fail):
        answers = [api.patch(f"/employees/{ann}", json_body={"is_active": False}),
                   api.patch(f"/employees/{bob}", json_body={"is_active": True}),
                   api.post(f"/devices/{kiosk['id']}/pairing-code")]
    assert [answer.status for answer in answers] == [200, 200, 201], [answer.text for answer in answers]
    assert {row["id"]: row["is_active"] for row in sql(services, "SELECT id, is_active FROM employees")} == {
        ann: False, bob: True}
    assert devices.authenticate(services.db, f"Bearer {old_token}") is None

    report = run_cleanup(services.db, services.s3, services.settings)
    times = {row["id"]: row["activity_changed_at"]
             for row in sql(services, "SELECT id, activity_changed_at FROM employees")}
    repaired_at = sql(services, "SELECT repaired_at FROM devices WHERE id = %s", (kiosk["id"],))[0]["repaired_at"]
    stamp = "%Y%m%dT%H%M%S.%fZ"
    assert sorted(report.ledger_entries_written) == sorted([
        f"activity/{ann}/{times[ann].astimezone(UTC).strftime(stamp)}-inactive.json",
        f"activity/{bob}/{times[bob].astimezone(UTC).strftime(stamp)}-active.json",
        f"repairings/{kiosk['id']}/{repaired_at.astimezone(UTC).strftime(stamp)}.json"])
    assert (report.deactivations_replayed, report.reactivations_replayed, report.repairings_replayed) == ([], [], [])
    assert run_cleanup(services.db, services.s3, services.settings).ledger_entries_written == []

    # The database is restored from last night's backup: Ann active again, the lost tablet's token working.
    restored = restored_from(services, restored_url)
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is not None
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.deactivations_replayed, report.reactivations_replayed, report.repairings_replayed,
            report.ledger_entries_written) == ([str(ann)], [], [kiosk["id"]], [])
    assert {row["id"]: row["is_active"] for row in sql(restored, "SELECT id, is_active FROM employees")} == {
        ann: False, bob: True}
    assert devices.authenticate(restored.db, f"Bearer {old_token}") is None
    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.deactivations_replayed, again.repairings_replayed, again.ledger_entries_written) == ([], [], [])


def test_an_erasure_or_revocation_s3_cannot_reach_changes_nothing_and_answers_503(services, api):
    from botocore.exceptions import EndpointConnectionError

    from tests.conftest import pair_device

    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    kiosk, token = pair_device(api, "Lobby")

    def unreachable(params, **_):
        raise EndpointConnectionError(endpoint_url="https://s3.example/injected")

    with s3_hook(services, "before-parameter-build.s3.PutObject", unreachable):
        erased = api.delete(f"/employees/{rose}?erase=true")
        revoked = api.delete(f"/devices/{kiosk['id']}")
    assert (erased.status, erased.error_code) == (503, "erasure_incomplete"), erased.text
    assert (revoked.status, revoked.error_code) == (503, "ledger_unavailable"), revoked.text
    assert sql(services, "SELECT is_active, erased_at FROM employees WHERE id = %s", (rose,)) == [
        {"is_active": True, "erased_at": None}]
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 1
    assert devices.authenticate(services.db, f"Bearer {token}") is not None
    assert api.delete(f"/devices/{uuid.uuid4()}").status == 404  # an unknown device: nothing into the ledger
    assert ledger_keys(services, ledger.REVOCATION_PREFIX) == []


def test_replaying_an_erasure_keeps_its_ledger_entry_as_it_was(pg_server, services):
    # A rewrite would date the erasure at the replay: a reactivation made after the real erasure would then rank
    # before it at a second restore, and be undone.
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    restored_url = backup(pg_server, services)
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    key = f"{ledger.ERASURE_PREFIX}{rose}.json"
    original = services.s3.get_object(Bucket=services.settings.bucket, Key=key)["Body"].read()
    written = []

    def note(params, **_):
        written.append(params["Key"])

    restored = restored_from(services, restored_url)
    with s3_hook(services, "before-parameter-build.s3.PutObject", note):
        report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.erasures_replayed == [str(rose)]
    assert sql(restored, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (rose,))[0]["n"] == 0
    assert written == []
    assert services.s3.get_object(Bucket=services.settings.bucket, Key=key)["Body"].read() == original


def test_a_re_pairing_recorded_before_its_time_was_in_the_key_still_counts(services):
    # repairings/<device_id>.json (written before the commit, before migration 0015): its time is LastModified.
    older, newer = uuid.uuid4(), uuid.uuid4()
    for device_id in (older, newer):
        storage.put_object(services.s3, bucket=services.settings.bucket,
                           key=f"{ledger.REPAIRING_PREFIX}{device_id}.json", data=b"{}",
                           content_type="application/json")
    later = datetime.now(UTC) + timedelta(days=1)
    ledger.record_repairing(services.s3, bucket=services.settings.bucket, device_id=newer, at=later)
    storage.put_object(services.s3, bucket=services.settings.bucket, key=f"{ledger.REPAIRING_PREFIX}not-ours.json",
                       data=b"{}", content_type="application/json")
    entries = {entry.subject: entry.at for entry in ledger.repairings(services.s3, bucket=services.settings.bucket)}
    assert set(entries) == {older, newer} and entries[newer] == later
    assert datetime.now(UTC) - timedelta(minutes=5) < entries[older] < later


def test_the_cleanup_writes_back_no_change_a_replay_made_nor_one_an_erasure_overrode(services, api):
    from botocore.exceptions import ClientError

    from facepass import employees

    # Ann's deactivation two hours ago is in the ledger, not in her row (a restore): replayed, the row then holds the
    # recorded change (not the replay's time), so there is nothing to write back.
    ann = person(services, "Rose Leslie")
    ledger.record_activity(services.s3, bucket=services.settings.bucket, employee_id=ann, active=False,
                           at=datetime.now(UTC) - timedelta(hours=2))
    # Bob left yesterday and is taken back today, which S3 fails to record; then he is erased: his row's state is the
    # erasure's, not the one set by that change, and the erasure wins over it at a restore anyway.
    bob = person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    employees.deactivate_employee(services.db, bob)
    left = sql(services, """UPDATE employees SET activity_changed_at = now() - interval '1 day' WHERE id = %s
                            RETURNING activity_changed_at""", (bob,))[0]["activity_changed_at"]
    ledger.record_activity(services.s3, bucket=services.settings.bucket, employee_id=bob, active=False, at=left)

    def refuse(params, **_):
        if params["Key"].startswith(ledger.ACTIVITY_PREFIX):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    with s3_hook(services, "before-parameter-build.s3.PutObject", refuse):
        assert api.patch(f"/employees/{bob}", json_body={"is_active": True}).status == 200
    assert api.delete(f"/employees/{bob}?erase=true").status == 200

    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.deactivations_replayed, report.ledger_entries_written) == ([str(ann)], [])
    assert run_cleanup(services.db, services.s3, services.settings).ledger_entries_written == []
    assert {change.employee_id: change.active
            for change in ledger.latest_activity(services.s3, bucket=services.settings.bucket)} == {
        ann: False, bob: False}


def test_a_change_seconds_after_the_point_restored_to_is_replayed(pg_server, services, api):
    # The ledger's entries of (de)activations and re-pairings carry their row's own time: compared exactly, not
    # within the minute an erasure's S3 time is allowed. A leaver reactivated by mistake and deactivated again
    # seconds later, and a rogue tablet (a leaked code) whose token a re-pairing replaced at once: a restore to a
    # point between the two must not bring the mistake back.
    from tests.conftest import pair_device

    ann = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    assert api.delete(f"/employees/{ann}").status == 200
    assert api.patch(f"/employees/{ann}", json_body={"is_active": True}).status == 200  # back by mistake
    kiosk, rogue_token = pair_device(api, "Lobby")
    restored_url = backup(pg_server, services)  # Ann active, the rogue token working
    assert api.delete(f"/employees/{ann}").status == 200
    assert api.post(f"/devices/{kiosk['id']}/pairing-code").status == 201
    restored = restored_from(services, restored_url)
    assert devices.authenticate(restored.db, f"Bearer {rogue_token}") is not None

    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.deactivations_replayed, report.repairings_replayed) == ([str(ann)], [kiosk["id"]])
    assert sql(restored, "SELECT is_active FROM employees WHERE id = %s", (ann,)) == [{"is_active": False}]
    assert devices.authenticate(restored.db, f"Bearer {rogue_token}") is None
    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.deactivations_replayed, again.repairings_replayed, again.ledger_entries_written) == ([], [], [])


def test_a_ledger_entry_the_cleanup_cannot_write_either_is_reported_for_the_alarm(services, api):
    # Ann's deactivation commits but S3 refuses its ledger entry, and again when the cleanup writes it from her row:
    # reported (ledger_writes_failed, alarmed) until a run succeeds.
    from botocore.exceptions import ClientError

    ann = person(services, "Rose Leslie")

    def refuse(params, **_):
        if params["Key"].startswith(ledger.ACTIVITY_PREFIX):
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "injected"}}, "PutObject")

    with s3_hook(services, "before-parameter-build.s3.PutObject", refuse):
        assert api.patch(f"/employees/{ann}", json_body={"is_active": False}).status == 200
        report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.ledger_writes_failed, report.ledger_entries_written) == ([str(ann)], [])
    report = run_cleanup(services.db, services.s3, services.settings)
    assert report.ledger_writes_failed == [] and [key.split("/")[1] for key in report.ledger_entries_written] == [
        str(ann)]


def test_a_change_of_is_active_reads_nothing_first_and_one_waiting_on_another_records_nothing(services, statements):
    # The state before comes from the update itself (read under the lock it takes): no read first (after it, only the
    # leaver's absences booked ahead are deleted: README Absences).
    # A deactivation that waited for another one's lock sees that one's state (inactive), so only the first is in
    # the ledger; a reactivation after them is recorded again.
    import threading

    import psycopg

    from facepass import employees
    from facepass.schemas import EmployeePatch
    from tests.conftest import wait_for_lock_waiters

    bucket = {"s3": services.s3, "bucket": services.settings.bucket}
    ann = person(services, "Ann")
    statements.clear()
    assert employees.deactivate_employee(services.db, ann, **bucket).is_active is False
    assert statements[0].startswith("WITH locked AS")
    assert len(statements) == 2 and "DELETE FROM absences" in statements[1]
    first = ledger.latest_activity(services.s3, bucket=services.settings.bucket)
    assert [change.active for change in first] == [False]

    sql(services, "UPDATE employees SET is_active = true, deactivated_at = NULL WHERE id = %s", (ann,))  # unrecorded
    holder = psycopg.connect(services.settings.database_url)
    waiter_db = Database(services.settings.database_url)
    answers = []
    waiter = threading.Thread(target=lambda: answers.append(employees.deactivate_employee(waiter_db, ann, **bucket)))
    with holder.cursor() as cur:  # another deactivation, holding the row: the waiter's update waits for it
        cur.execute("UPDATE employees SET is_active = false, activity_changed_at = now() WHERE id = %s", (str(ann),))
        waiter.start()
        wait_for_lock_waiters(cur, 1, [waiter], timeout=60)
    holder.commit()
    holder.close()
    waiter.join(60)
    waiter_db.close()
    assert [answer.is_active for answer in answers] == [False]
    assert len(keys(services, ledger.ACTIVITY_PREFIX)) == 1  # the waiter saw it inactive: nothing recorded

    employees.update_employee(services.db, ann, EmployeePatch(is_active=True), **bucket)
    assert [change.active for change in ledger.latest_activity(services.s3, bucket=services.settings.bucket)] == [True]


def test_the_cleanup_lists_each_ledger_prefix_once_a_run(services, api):
    # write_unrecorded_changes and the replays after it read the same listing: a person's and a device's change in
    # the ledger, another person's written by the cleanup from the row, and nothing to replay.
    from tests.conftest import pair_device

    ann, bob = person(services, "Ann"), person(services, "Bob")
    kiosk, _ = pair_device(api, "Lobby")
    assert api.patch(f"/employees/{ann}", json_body={"is_active": False}).status == 200
    assert api.post(f"/devices/{kiosk['id']}/pairing-code").status == 201
    sql(services, "UPDATE employees SET is_active = false, activity_changed_at = now() WHERE id = %s", (bob,))
    listed: list[str] = []

    def count(params, **_):
        listed.append(params["Prefix"])

    with s3_hook(services, "provide-client-params.s3.ListObjectsV2", count):
        report = run_cleanup(services.db, services.s3, services.settings)
    assert report.ledger_entries_written == [ledger_keys(services, f"{ledger.ACTIVITY_PREFIX}{bob}/")[0]]
    assert (report.deactivations_replayed, report.repairings_replayed) == ([], [])
    assert [prefix for prefix in listed if prefix in (ledger.ACTIVITY_PREFIX, ledger.REPAIRING_PREFIX)] == [
        ledger.ACTIVITY_PREFIX, ledger.REPAIRING_PREFIX]


def test_every_ledger_object_holds_ids_and_times_only_and_a_write_failing_after_its_commit_is_logged(
        services, api, caplog):
    # One writer for the four kinds, one for the "after the commit" writes: the objects as they always were (a
    # restore's replay reads older ones), and each failure logged by its own module, naming its subject.
    import json

    from botocore.exceptions import EndpointConnectionError

    from tests.conftest import pair_device

    ann, bob = person(services, "Ann"), person(services, "Bob")
    kiosk, _ = pair_device(api, "Lobby")
    doomed, _ = pair_device(api, "Old tablet")
    assert api.patch(f"/employees/{ann}", json_body={"is_active": False}).status == 200
    assert api.post(f"/devices/{kiosk['id']}/pairing-code").status == 201
    assert api.delete(f"/devices/{doomed['id']}").status == 200
    retention.erase_employee(services.db, services.s3, services.settings, bob)

    def body(key: str) -> dict:
        return json.loads(services.s3.get_object(Bucket=services.settings.bucket, Key=key)["Body"].read())

    bodies = {key.split("/")[0]: body(key) for key in keys(services, "") if not key.startswith(
        storage.ENROLL_PREFIX)}
    changed = sql(services, "SELECT activity_changed_at FROM employees WHERE id = %s", (ann,))[0]
    repaired = sql(services, "SELECT repaired_at FROM devices WHERE id = %s", (kiosk["id"],))[0]
    assert bodies["activity"] == {"employee_id": str(ann), "active": False,
                                  "recorded_at": changed["activity_changed_at"].astimezone(UTC).isoformat()}
    assert bodies["repairings"] == {"device_id": kiosk["id"],
                                    "repaired_at": repaired["repaired_at"].astimezone(UTC).isoformat()}
    assert set(bodies["erasures"]) == {"employee_id", "recorded_at"} and bodies["erasures"]["employee_id"] == str(bob)
    assert set(bodies["revocations"]) == {"device_id", "recorded_at"}
    assert bodies["revocations"]["device_id"] == doomed["id"]

    def unreachable(params, **_):
        raise EndpointConnectionError(endpoint_url="https://s3.example/injected")

    with s3_hook(services, "before-parameter-build.s3.PutObject", unreachable):
        assert api.patch(f"/employees/{ann}", json_body={"is_active": True}).status == 200
        assert api.post(f"/devices/{kiosk['id']}/pairing-code").status == 201
    failed = [(record.name, record.levelname, getattr(record, "employee_id", None) or record.device_id)
              for record in caplog.records if "not recorded in the ledger" in record.message]
    assert failed == [("facepass.employees", "ERROR", str(ann)), ("facepass.devices", "ERROR", kiosk["id"])]


def zone_history(services, employee_id) -> list[tuple]:
    return [(row["valid_from"], row["zone"]) for row in sql(
        services, "SELECT valid_from, zone FROM employee_time_zones WHERE employee_id = %s ORDER BY valid_from, id",
        (employee_id,))]


def test_a_restore_does_not_undo_a_change_of_time_zone_and_the_days_keep_the_zone_held_then(
        pg_server, services, api):
    # Ann moved to New York before last night's backup; this morning HR moves her to Tokyo, then back to the report
    # zone, and moves Bob to London. The database is then restored from the backup.
    ann, bob = person(services, "Ann"), person(services, "Bob")
    assert api.patch(f"/employees/{ann}", json_body={"timezone": "America/New_York"}).status == 200
    restored_url = backup(pg_server, services)
    for who, zone in ((ann, "Asia/Tokyo"), (ann, None), (bob, "Europe/London")):
        assert api.patch(f"/employees/{who}", json_body={"timezone": zone}).status == 200
    assert api.patch(f"/employees/{bob}", json_body={"full_name": "Bob B."}).status == 200  # not a change of zone
    recorded = ledger.zone_changes(services.s3, bucket=services.settings.bucket)
    # One entry per change, at the time its history row holds from (the creation's zone: none, it is in the row).
    assert {who: [(change.at, change.zone) for change in changes] for who, changes in recorded.items()} == {
        ann: zone_history(services, ann)[1:], bob: zone_history(services, bob)[1:]}
    live = {who: zone_history(services, who) for who in (ann, bob)}
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.zones_replayed, report.ledger_entries_written) == ([], [])  # the database reflects them

    restored = restored_from(services, restored_url)
    assert [row["timezone"] for row in sql(restored, "SELECT timezone FROM employees WHERE id = %s", (ann,))] == [
        "America/New_York"]
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert sorted(report.zones_replayed) == sorted([str(ann), str(bob)])
    rows = {row["id"]: row["timezone"] for row in sql(restored, "SELECT id, timezone FROM employees")}
    assert (rows[ann], rows[bob]) == (None, "Europe/London")
    # Each zone holds from when it was set, not from the replay: the history is the one the restore lost.
    assert {who: zone_history(restored, who) for who in (ann, bob)} == live
    trail = [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in sql(
        restored, "SELECT field, actor, before, after FROM employee_audit WHERE employee_id = %s ORDER BY id", (ann,))]
    assert trail[-2:] == [("timezone", "FacePass (automatic)", "America/New_York", "Asia/Tokyo"),
                          ("timezone", "FacePass (automatic)", "Asia/Tokyo", None)]
    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.zones_replayed, again.ledger_entries_written) == ([], [])


def test_replaying_a_persons_lost_changes_of_zone_locks_them_and_reads_their_history_once(
        pg_server, services, api, statements):
    # Three changes of Ann's zone lost to a restore: the replay locks her and reads her zone history once, then
    # sets each change (its history row and its audit in the same statement), not a lock and a read for each.
    ann = person(services, "Ann")
    restored_url = backup(pg_server, services)
    for zone in ("Asia/Tokyo", "America/New_York", None):
        assert api.patch(f"/employees/{ann}", json_body={"timezone": zone}).status == 200
    live = zone_history(services, ann)
    restored = restored_from(services, restored_url)
    statements.clear()
    report = retention.run_cleanup(restored.db, restored.s3, restored.settings)
    locks = [query for query in statements if "FROM employees WHERE id = %s FOR NO KEY UPDATE" in query]
    reads = [query for query in statements if "FROM employee_time_zones WHERE employee_id = %s" in query]
    changes = [query for query in statements if "UPDATE employees SET timezone" in query]
    assert (len(locks), len(reads), len(changes)) == (1, 1, 3)
    assert report.zones_replayed == [str(ann)] and zone_history(restored, ann) == live


def test_a_change_of_zone_s3_cannot_record_after_its_commit_stands_and_the_cleanup_records_it(services, api):
    from botocore.exceptions import EndpointConnectionError

    ann = person(services, "Ann")

    def unreachable(params, **_):
        raise EndpointConnectionError(endpoint_url="https://s3.example/injected")

    with s3_hook(services, "before-parameter-build.s3.PutObject", unreachable):
        moved = api.patch(f"/employees/{ann}", json_body={"timezone": "Etc/GMT-5"})
    assert (moved.status, moved.json()["timezone"]) == (200, "Etc/GMT-5")
    assert ledger_keys(services, ledger.TIMEZONE_PREFIX) == []
    report = run_cleanup(services.db, services.s3, services.settings)
    [(valid_from, _)] = zone_history(services, ann)[1:]
    assert report.ledger_entries_written == ledger_keys(services, ledger.TIMEZONE_PREFIX)
    assert [(change.at, change.zone) for change in ledger.zone_changes(
        services.s3, bucket=services.settings.bucket)[ann]] == [(valid_from, "Etc/GMT-5")]
    assert report.zones_replayed == []
    again = run_cleanup(services.db, services.s3, services.settings)
    assert again.ledger_entries_written == []


def face_ids(services, employee_id) -> list[int]:
    return [row["id"] for row in sql(services, "SELECT id FROM face_embeddings WHERE employee_id = %s ORDER BY id",
                                     (employee_id,))]


def face_audit(services, employee_id) -> list[dict]:
    """The person's `face` rows but those of a face enrolled (before null, migration 0037: test_enrollment.py):
    removals and decisions."""
    return sql(services, "SELECT actor, before, after FROM employee_audit WHERE employee_id = %s AND field = 'face' "
                         "AND before IS NOT NULL ORDER BY id", (employee_id,))


def second_face(services, employee_id, photo: str = "identities/fr_biden/train_biden2.jpg") -> int:
    from facepass import enrollment
    from tests.conftest import fixture_bytes

    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, employee_id,
                                              fixture_bytes(photo), source_key=f"test/{uuid.uuid4()}")
    assert outcome == "completed", reason
    return face_ids(services, employee_id)[-1]


def test_a_restore_does_not_bring_back_a_face_hr_removed(pg_server, services, api):
    # Last night's backup holds Joe's two faces; this morning HR removes one (a misfiled photo). The database is
    # restored from the backup: the face is back on Joe's record until the cleanup removes it again, once.
    from facepass.authz import SYSTEM_ACTOR

    joe = person(services, "Joe Biden", "identities/fr_biden/train_biden.jpg")
    kept, misfiled = face_ids(services, joe)[0], second_face(services, joe)
    restored_url = backup(pg_server, services)

    assert api.delete(f"/employees/{joe}/faces/{misfiled}").status == 200
    (entry,) = ledger.face_removals(services.s3, bucket=services.settings.bucket)
    assert (entry.employee_id, entry.face_id) == (joe, misfiled)
    assert run_cleanup(services.db, services.s3, services.settings).faces_removed_again == []

    restored = restored_from(services, restored_url)
    assert face_ids(restored, joe) == [kept, misfiled]
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.faces_removed_again == [f"{joe}/{misfiled}"] and report.face_removals_failed == []
    assert face_ids(restored, joe) == [kept]
    assert face_audit(restored, joe) == [{"actor": SYSTEM_ACTOR, "before": str(misfiled), "after": None}]
    assert report.gallery_sizes_corrected == {}  # the person's lock taken: the kept gallery sizes counted exactly

    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert again.faces_removed_again == [] and face_ids(restored, joe) == [kept] and len(face_audit(restored, joe)) == 1


def test_a_face_id_handed_out_again_after_a_restore_is_not_removed(pg_server, services, api):
    # The backup predates the face HR removed: after the restore the id sequence hands the same id to a new face.
    joe = person(services, "Joe Biden", "identities/fr_biden/train_biden.jpg")
    restored_url = backup(pg_server, services)
    removed = second_face(services, joe)
    assert api.delete(f"/employees/{joe}/faces/{removed}").status == 200

    restored = restored_from(services, restored_url)
    new = second_face(restored, joe)
    assert new == removed  # the same id, another face (enrolled later)
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.faces_removed_again == [] and new in face_ids(restored, joe)


def test_a_face_removal_s3_cannot_record_changes_nothing_and_answers_503(services, api):
    from botocore.exceptions import EndpointConnectionError

    joe = person(services, "Joe Biden", "identities/fr_biden/train_biden.jpg")
    face = second_face(services, joe)

    def unreachable(params, **_):
        raise EndpointConnectionError(endpoint_url="https://s3.example/injected")

    with s3_hook(services, "before-parameter-build.s3.PutObject", unreachable):
        refused = api.delete(f"/employees/{joe}/faces/{face}")
    assert (refused.status, refused.error_code) == (503, "ledger_unavailable"), refused.text
    assert face in face_ids(services, joe) and face_audit(services, joe) == []
    assert ledger_keys(services, ledger.FACE_REMOVAL_PREFIX) == []
    # Not the person's face, or none: 404 before anything goes into the ledger.
    assert api.delete(f"/employees/{joe}/faces/{face + 1000}").error_code == "face_not_found"
    assert ledger_keys(services, ledger.FACE_REMOVAL_PREFIX) == []


def test_a_face_removal_is_left_to_the_erasure_of_the_person(pg_server, services, api):
    joe = person(services, "Joe Biden", "identities/fr_biden/train_biden.jpg")
    face = second_face(services, joe)
    restored_url = backup(pg_server, services)
    assert api.delete(f"/employees/{joe}/faces/{face}").status == 200
    retention.erase_employee(services.db, services.s3, services.settings, joe)

    restored = restored_from(services, restored_url)
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (report.erasures_replayed, report.faces_removed_again) == ([str(joe)], [])
    assert face_ids(restored, joe) == [] and face_audit(restored, joe) == []


def test_the_misfiled_face_a_restore_brings_back_is_removed_again_and_the_held_photo_checked_again(
        pg_server, services, pipeline):  # noqa: F811 (the fixture imported above)
    # The stranger's photo came first; Joe's own is held as unlike it. Last night's backup; this morning HR removes
    # the stranger's face. Restored, the database has the face again and the hold its score against it: the cleanup
    # removes the face as HR did, and the held photo is checked against what is left (nothing: no_faces).
    from facepass.authz import SYSTEM_ACTOR

    joe = pipeline.employee("Joe")
    assert pipeline.enroll(joe, "identities/fr_obama/train_obama.jpg")["status"] == "completed"
    held = pipeline.enroll(joe, "identities/fr_biden/train_biden.jpg")
    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "not_same_person")
    (stranger,) = face_ids(services, joe)
    restored_url = backup(pg_server, services)
    assert pipeline.api.delete(f"/employees/{joe}/faces/{stranger}").status == 200

    restored = restored_from(services, restored_url)
    detail = "SELECT reason_detail FROM enrollments WHERE id = %s"
    assert "similarity" in sql(restored, detail, (held["ticket_id"],))[0]["reason_detail"]
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.faces_removed_again == [f"{joe}/{stranger}"]
    assert face_ids(restored, joe) == []
    assert face_audit(restored, joe) == [{"actor": SYSTEM_ACTOR, "before": str(stranger), "after": None}]
    rechecked = sql(restored, detail, (held["ticket_id"],))[0]["reason_detail"]
    assert "similarity" not in rechecked and (rechecked["rechecked"], rechecked["compared_face_removed"]) == (
        "no_faces", True)
