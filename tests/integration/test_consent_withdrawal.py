"""An employee withdraws their biometric consent and keeps working (DELETE /employees/{id}/biometric-consent): their
biometric data erased as the erasure erases it (tests/integration/test_retention.py checks both alike: "nothing left
anywhere"), the consent cleared, the person kept active with their punches; audited, in the ledger (a restore
re-erases but does not deactivate), rerunnable after an S3 failure, idempotent; no photo of theirs until consent is
recorded again, whatever FACEPASS_BIOMETRIC_CONSENT says; at the kiosk they are nobody, and HR enters their time.
Real PostgreSQL + pgvector, real models and photos, moto S3."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from facepass import enrollment, ledger, repository, review, storage
from facepass.db import Database
from facepass.schemas import ReviewRequest
from tests.conftest import ADMIN_CLAIMS, fixture_bytes, fresh_database, paused, run_into, s3_hook, with_settings
from tests.function_roles import run_cleanup
from tests.integration.test_biometric_consent import consent_trail
from tests.integration.test_faults import faces
from tests.integration.test_ledger import backup, restored_from
from tests.integration.test_retention import check, keys, person, sql

ROSE, ROSE_AGAIN = "identities/fr_rose_leslie/train_img2.jpg", "identities/fr_rose_leslie/train_img1.jpg"
OBAMA, OBAMA_AGAIN = "identities/fr_obama/train_obama.jpg", "identities/fr_obama/obama3.jpg"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "withdraw_" + uuid.uuid4().hex[:10])


def withdraw(api, employee, **kwargs):
    return api.delete(f"/employees/{employee}/biometric-consent", **kwargs)


def trail(api, employee) -> list[tuple]:
    return [(entry["field"], entry["actor"], entry["before"], entry["after"])
            for entry in api.get(f"/employees/{employee}/audit").json()["items"]]


@pytest.mark.usefixtures("api_in_its_role")  # the ledger written with the API's role
def test_a_withdrawal_keeps_the_person_active_with_their_punches_audited_once(api, services):
    rose = person(services, "Rose Leslie", ROSE)
    punch = check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=1))
    assert punch.employee.id == rose and punch.snapshot_key in keys(services)
    before = trail(api, rose)

    answer = withdraw(api, rose, claims=ADMIN_CLAIMS)

    assert answer.status == 200, answer.text
    assert answer.json() == {
        "employee_id": str(rose), "embeddings_deleted": 1, "enrollment_tickets_deleted": 0,
        "enrollment_objects_deleted": 0, "snapshots_deleted": 1, "attendance_rows_kept": 1,
        "duplicate_tickets_rejected": 0, "held_photos_deleted": 0, "employee_deactivated": False}
    shown = api.get(f"/employees/{rose}").json()
    assert (shown["is_active"], shown["erased_at"], shown["biometric_consent"]) == (True, None, None)
    withdrawn_at = shown["consent_withdrawn_at"]
    assert withdrawn_at is not None
    listed = {item["id"]: item for item in api.get("/employees").json()["items"]}
    assert (listed[str(rose)]["consent_withdrawn_at"], listed[str(rose)]["is_active"]) == (withdrawn_at, True)
    # The punch stays theirs, for payroll; its photo is gone.
    assert sql(services, "SELECT employee_id, snapshot_key FROM attendance_log WHERE id = %s", (punch.id,)) == [
        {"employee_id": rose, "snapshot_key": None}]
    assert punch.snapshot_key not in keys(services) and faces(services, rose) == 0
    # Audited: the erasure of the biometric data and the consent's end, by who; no change of state.
    assert trail(api, rose) == [*before, ("biometrics", "hr", None, "withdrawn"),
                                ("biometric_consent", "hr", "signed test form", None)]
    # The ledger holds a withdrawal, not an erasure (which a restore would replay as a deactivation), and no change
    # of is_active.
    assert keys(services, ledger.WITHDRAWAL_PREFIX) == {f"withdrawals/{rose}.json"}
    assert keys(services, ledger.ERASURE_PREFIX) == set() and keys(services, ledger.ACTIVITY_PREFIX) == set()

    # Idempotent: again, nothing more to erase, nothing audited again, the same state.
    again = withdraw(api, rose)
    assert again.status == 200 and again.json()["embeddings_deleted"] == again.json()["snapshots_deleted"] == 0
    assert trail(api, rose) == [*before, ("biometrics", "hr", None, "withdrawn"),
                                ("biometric_consent", "hr", "signed test form", None)]
    assert api.get(f"/employees/{rose}").json()["is_active"] is True


def test_a_withdrawal_refuses_unknown_people_and_anonymous_tokens(api, services):
    rose = person(services, "Rose Leslie", ROSE)
    missing = withdraw(api, uuid.uuid4())
    assert (missing.status, missing.error_code) == (404, "employee_not_found")
    anonymous = withdraw(api, rose, claims={"scope": "facepass/admin"})
    assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown")
    kiosk = withdraw(api, rose, claims={"sub": "k", "scope": "facepass/kiosk"})
    assert (kiosk.status, kiosk.error_code) == (403, "forbidden")
    assert faces(services, rose) == 1 and api.get(f"/employees/{rose}").json()["biometric_consent"] is not None


def test_after_a_withdrawal_no_photo_is_enrolled_until_consent_is_recorded_again_whatever_the_setting(api, services):
    import dependencies

    rose = person(services, "Rose Leslie", ROSE)
    assert withdraw(api, rose).status == 200
    off = with_settings(services, biometric_consent="off")
    for setting in (services, off):  # `off` tracks no consent, but the employee refused: no photo either
        dependencies.use_services(setting)
        try:
            assert api.get(f"/employees/{rose}/faces").json()["enrollment"]["consent_needed"] is True
            refused = api.post(f"/employees/{rose}/photos", json_body={"content_type": "image/jpeg"})
            assert (refused.status, refused.error_code) == (409, "consent_required"), refused.text
        finally:
            dependencies.use_services(services)
        assert enrollment.enroll_photo(services.db, services.engine, setting.settings, rose,
                                       fixture_bytes(ROSE_AGAIN), source_key=f"test/{uuid.uuid4()}") == (
            "rejected", "consent_required")
    assert faces(services, rose) == 0

    # Consent recorded again (a new signed form): the statement goes, and a photo is enrolled.
    recorded = api.post(f"/employees/{rose}/biometric-consent", json_body={"reference": "form 2"})
    assert recorded.status == 200 and recorded.json()["consent_withdrawn_at"] is None
    assert api.post(f"/employees/{rose}/photos", json_body={"content_type": "image/jpeg"}).status == 201
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, rose, fixture_bytes(ROSE_AGAIN),
                                   source_key="test/back")[0] == "completed"
    # A second withdrawal is a new one: audited again, the new face erased.
    assert withdraw(api, rose).json()["embeddings_deleted"] == 1
    assert [row[3] for row in trail(api, rose) if row[0] == "biometrics"] == ["withdrawn", "withdrawn"]
    assert consent_trail(api, rose)[-1] == ("test-admin", "form 2", None)


def refusing_deletions(services):
    """S3 refusing every batch delete while the returned list holds True."""
    refusing: list[bool] = []

    def refuse(params, **_):
        if refusing:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "DeleteObjects")

    return refusing, s3_hook(services, "before-parameter-build.s3.DeleteObjects", refuse)


def test_a_withdrawal_s3_stops_is_finished_by_its_rerun_or_the_cleanup_and_keeps_the_person_active(api, services):
    rose = person(services, "Rose Leslie", ROSE)
    obama = person(services, "Barack Obama", OBAMA)
    mine = check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=2))
    his = check(services, OBAMA_AGAIN, datetime.now(UTC) - timedelta(hours=1))
    refusing, hook = refusing_deletions(services)
    with hook:
        refusing.append(True)
        for who in (rose, obama):
            failed = withdraw(api, who)
            assert (failed.status, failed.error_code) == (503, "erasure_incomplete"), failed.text
            # The first step stands: no face, no consent; the person active, their photo not yet deleted.
            assert faces(services, who) == 0
            assert sql(services, "SELECT is_active, consent_recorded_at FROM employees WHERE id = %s", (who,)) == [
                {"is_active": True, "consent_recorded_at": None}]
        assert mine.snapshot_key in keys(services) and his.snapshot_key in keys(services)
        report = run_cleanup(services.db, services.s3, services.settings)  # S3 still refusing
        assert sorted(report.erasures_failed) == sorted([str(rose), str(obama)])
        assert report.withdrawals_replayed == []
        refusing.clear()
        # Rose's is run again by HR; Obama's by the cleanup.
        rerun = withdraw(api, rose)
        assert rerun.status == 200 and rerun.json()["snapshots_deleted"] == 1
        report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.withdrawals_replayed, report.erasures_failed, report.erasures_replayed) == ([str(obama)], [], [])
    assert (report.deactivations_replayed, report.reactivations_replayed) == ([], [])
    assert mine.snapshot_key not in keys(services) and his.snapshot_key not in keys(services)
    assert sql(services, "SELECT id, is_active FROM employees ORDER BY full_name") == [
        {"id": obama, "is_active": True}, {"id": rose, "is_active": True}]
    for who in (rose, obama):  # audited once each, the rerun adding nothing
        assert [row for row in trail(api, who) if row[0] in ("biometrics", "is_active")] == [
            ("biometrics", "test-admin", None, "withdrawn")]
    assert run_cleanup(services.db, services.s3, services.settings).withdrawals_replayed == []


def test_a_withdrawal_s3_cannot_record_changes_nothing(api, services):
    rose = person(services, "Rose Leslie", ROSE)

    def refuse(params, **_):
        if params.get("Key", "").startswith(ledger.WITHDRAWAL_PREFIX):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    with s3_hook(services, "before-parameter-build.s3.PutObject", refuse):
        refused = withdraw(api, rose)
    assert (refused.status, refused.error_code) == (503, "erasure_incomplete")
    assert faces(services, rose) == 1
    shown = api.get(f"/employees/{rose}").json()
    assert shown["biometric_consent"] is not None and shown["consent_withdrawn_at"] is None


def test_a_restore_gets_the_withdrawal_again_without_deactivating_and_a_later_erasure_still_wins(pg_server, services,
                                                                                                  api):
    from facepass import employees
    from facepass.schemas import BiometricConsentRequest

    rose = person(services, "Rose Leslie", ROSE)  # withdraws after the backup: keeps working
    obama = person(services, "Barack Obama", OBAMA)  # withdraws, then leaves and is erased, after the backup
    kit = person(services, "Kit Harington")  # withdrew, consented again and enrolled again before the backup
    assert withdraw(api, kit).status == 200
    employees.record_consent(services.db, kit, BiometricConsentRequest(reference="form 2"))
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, kit,
                                   fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"),
                                   source_key="test/kit")[0] == "completed"
    punch = check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=1))
    restored_url = backup(pg_server, services)  # last night's: Rose and Obama enrolled and consenting
    assert withdraw(api, rose).status == 200
    assert withdraw(api, obama).status == 200
    assert api.delete(f"/employees/{obama}", query="erase=true").status == 200

    restored = restored_from(services, restored_url)
    assert faces(restored, rose) == faces(restored, obama) == faces(restored, kit) == 1
    report = run_cleanup(restored.db, restored.s3, restored.settings)
    assert report.erasures_replayed == [str(obama)]
    # Obama's withdrawal runs again over his erasure (nothing left; he stays erased, inactive); Kit is left alone.
    assert sorted(report.withdrawals_replayed) == sorted([str(rose), str(obama)])
    assert (report.deactivations_replayed, report.reactivations_replayed, report.erasures_failed) == ([], [], [])
    state = {row["id"]: row for row in sql(restored, "SELECT id, is_active, consent_recorded_at IS NOT NULL AS "
                                                     "consenting FROM employees")}
    assert {who: (row["is_active"], row["consenting"]) for who, row in state.items()} == {
        rose: (True, False), obama: (False, False), kit: (True, True)}
    assert (faces(restored, rose), faces(restored, obama), faces(restored, kit)) == (0, 0, 1)
    # Rose's withdrawal is dated to the ledger's entry (the second S3 stamped it in: when she withdrew), not to the
    # cleanup's run.
    recorded_at = {entry.subject: entry.at
                   for entry in ledger.withdrawals(restored.s3, bucket=restored.settings.bucket)}
    assert sql(restored, "SELECT consent_withdrawn_at FROM employees WHERE id = %s", (rose,)) == [
        {"consent_withdrawn_at": recorded_at[rose] - timedelta(seconds=1)}]
    # Its History entry too: the reports read from it when her Face ID was withdrawn, after a new consent as well.
    assert sql(restored, "SELECT created_at FROM employee_audit WHERE employee_id = %s AND field = 'biometrics' "
                         "AND after = 'withdrawn'", (rose,)) == [
        {"created_at": recorded_at[rose] - timedelta(seconds=1)}]
    assert sql(restored, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (punch.id,)) == [
        {"snapshot_key": None}]
    again = run_cleanup(restored.db, restored.s3, restored.settings)
    assert (again.withdrawals_replayed, again.erasures_replayed, again.deactivations_replayed) == ([], [], [])


def test_at_the_kiosk_they_are_nobody_and_hr_records_their_time(api, services):
    rose = person(services, "Rose Leslie", ROSE)
    obama = person(services, "Barack Obama", OBAMA)
    assert withdraw(api, rose).status == 200
    unknown = check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(minutes=30))
    assert unknown.employee is None
    assert all(candidate["employee_id"] != str(rose) for candidate in
               sql(services, "SELECT review_detail FROM attendance_log WHERE id = %s",
                   (unknown.id,))[0]["review_detail"].get("candidates", []))
    # It was Rose at the door, but no kiosk punch (its photo, its scores) becomes hers: refused, nothing written.
    before = api.get(f"/attendance/{unknown.id}/audit").json()["items"]
    refused = api.post(f"/attendance/{unknown.id}/review", json_body={
        "action": "reassign", "employee_id": str(rose), "note": "Rose, no Face ID"})
    assert (refused.status, refused.error_code) == (409, "consent_withdrawn"), refused.text
    assert "manual punch" in refused.json()["error"]["message"]
    assert sql(services, "SELECT employee_id, review_state FROM attendance_log WHERE id = %s", (unknown.id,)) == [
        {"employee_id": None, "review_state": "pending"}]
    assert api.get(f"/attendance/{unknown.id}/audit").json()["items"] == before
    # HR rejects it and enters her entry and the exit she could not punch.
    rejected = review.review_event(services.db, unknown.id, ReviewRequest(action="reject", note="Rose, no Face ID"),
                                   actor="hr", settings=services.settings)
    assert (rejected.review_state, rejected.employee) == ("rejected", None)
    for kind, minutes in (("entry", 30), ("exit", 5)):
        manual = api.post("/attendance/manual", json_body={
            "employee_id": str(rose), "event_type": kind, "note": "no Face ID",
            "occurred_at": (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()})
        assert manual.status == 201, manual.text
    # A punch HR typed for the wrong person may become hers: no photo, no score.
    typed = api.post("/attendance/manual", json_body={
        "employee_id": str(obama), "event_type": "entry", "note": "meant Rose",
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()})
    assert typed.status == 201, typed.text
    typed = typed.json()
    moved = api.post(f"/attendance/{typed['id']}/review", json_body={
        "action": "reassign", "employee_id": str(rose), "note": "it was Rose's", "force": True})
    assert moved.status == 200 and moved.json()["employee"]["id"] == str(rose), moved.text
    assert faces(services, rose) == 0 and storage.employee_enroll_prefix(rose) not in str(keys(services))


def test_no_consent_is_recorded_while_a_withdrawal_is_unfinished_and_its_date_stays_the_first(api, services):
    # A withdrawal S3 stopped: the person says it is unfinished, and HR cannot record a new consent (its rerun, or the
    # cleanup's, would delete the faces enrolled under it, clear it and audit a withdrawal by FacePass). Reruns keep
    # the date the employee withdrew on. Once it is finished, consent and a new face are left alone by the cleanup.
    rose = person(services, "Rose Leslie", ROSE)
    refusing, hook = refusing_deletions(services)
    check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=1))
    with hook:
        refusing.append(True)
        assert withdraw(api, rose).status == 503
        shown = api.get(f"/employees/{rose}").json()
        assert (shown["withdrawal_unfinished"], shown["biometric_consent"]) == (True, None)
        first = shown["consent_withdrawn_at"]
        assert first is not None
        before = trail(api, rose)
        refused = api.post(f"/employees/{rose}/biometric-consent", json_body={"reference": "form 2"})
        assert (refused.status, refused.error_code) == (409, "withdrawal_unfinished"), refused.text
        assert "run the withdrawal again" in refused.json()["error"]["message"]
        assert refused.json()["error"]["details"] == {"employee_id": str(rose)}
        assert trail(api, rose) == before and api.get(f"/employees/{rose}").json()["biometric_consent"] is None
        assert withdraw(api, rose).status == 503  # a rerun S3 stops again: the same date
        assert api.get(f"/employees/{rose}").json()["consent_withdrawn_at"] == first
        refusing.clear()
        assert withdraw(api, rose).status == 200
    shown = api.get(f"/employees/{rose}").json()
    assert (shown["withdrawal_unfinished"], shown["consent_withdrawn_at"]) == (False, first)
    assert trail(api, rose) == before  # the reruns audit nothing

    recorded = api.post(f"/employees/{rose}/biometric-consent", json_body={"reference": "form 2"})
    assert recorded.status == 200, recorded.text
    assert (recorded.json()["consent_withdrawn_at"], recorded.json()["withdrawal_unfinished"]) == (None, False)
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, rose, fixture_bytes(ROSE_AGAIN),
                                   source_key="test/back")[0] == "completed"
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.withdrawals_replayed, report.erasures_failed) == ([], [])
    assert faces(services, rose) == 1
    assert api.get(f"/employees/{rose}").json()["biometric_consent"]["reference"] == "form 2"


def test_the_cleanup_leaves_a_consent_recorded_after_an_unfinished_withdrawal_and_its_faces(api, services):
    # A row from before record_consent refused it: consent recorded (and a face enrolled under it) while the
    # withdrawal was unfinished. The replay would delete the new face, clear the new consent and audit a withdrawal
    # by FacePass: it leaves the person alone.
    rose = person(services, "Rose Leslie", ROSE)
    check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=1))  # a photo for S3 to fail deleting
    refusing, hook = refusing_deletions(services)
    with hook:
        refusing.append(True)
        assert withdraw(api, rose).status == 503
    sql(services, "UPDATE employees SET consent_recorded_at = clock_timestamp(), consent_recorded_by = 'hr', "
                  "consent_reference = 'form 2' WHERE id = %s", (rose,))
    assert enrollment.enroll_photo(services.db, services.engine, services.settings, rose, fixture_bytes(ROSE_AGAIN),
                                   source_key="test/back")[0] == "completed"
    before = trail(api, rose)
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.withdrawals_replayed, report.erasures_failed) == ([], [])
    assert faces(services, rose) == 1 and trail(api, rose) == before
    shown = api.get(f"/employees/{rose}").json()
    assert shown["biometric_consent"]["reference"] == "form 2" and shown["withdrawal_unfinished"] is False


def test_a_withdrawal_ended_by_a_new_consent_is_not_shown_again_after_a_leavers_erasure_and_rehire(api, services):
    import dependencies

    rose = person(services, "Rose Leslie", ROSE)
    assert withdraw(api, rose).status == 200
    assert api.post(f"/employees/{rose}/biometric-consent", json_body={"reference": "form 2"}).status == 200
    assert sql(services, "SELECT consent_withdrawn_at FROM employees WHERE id = %s", (rose,)) == [
        {"consent_withdrawn_at": None}]
    assert api.delete(f"/employees/{rose}", query="erase=true").status == 200  # she leaves
    back = api.patch(f"/employees/{rose}", json_body={"is_active": True})  # rehired
    assert back.status == 200, back.text
    assert (back.json()["consent_withdrawn_at"], back.json()["biometric_consent"]) == (None, None)
    # Under consent=off (no consent tracked) her photo is taken: the withdrawal was ended by her consent.
    off = with_settings(services, biometric_consent="off")
    dependencies.use_services(off)
    try:
        taken = api.post(f"/employees/{rose}/photos", json_body={"content_type": "image/jpeg"})
        assert taken.status == 201, taken.text
    finally:
        dependencies.use_services(services)
    assert run_cleanup(services.db, services.s3, services.settings).withdrawals_replayed == []
    assert api.get(f"/employees/{rose}").json()["consent_withdrawn_at"] is None


def test_the_cleanup_asks_again_under_the_lock_and_leaves_a_withdrawal_hr_ran_again_meanwhile(api, services,
                                                                                             monkeypatch):
    # The replay picks the unfinished withdrawals once, then erases each in turn. Once it has picked them, HR runs the
    # second's again (200), records their new consent and enrolls a face under it: the replay reaches them and, asked
    # again under their lock, finds the withdrawal done: the new face, the new consent and the History stay as HR
    # left them (no withdrawal by FacePass). The first is replayed.
    photos = {person(services, "Rose Leslie", ROSE): (ROSE_AGAIN, "test/rose-back"),
              person(services, "Barack Obama", OBAMA): (OBAMA_AGAIN, "test/obama-back")}
    first, second = sorted(photos)  # the replay's order
    for index, who in enumerate(photos):
        check(services, photos[who][0], datetime.now(UTC) - timedelta(hours=index + 1))  # a photo to fail deleting
    refusing, hook = refusing_deletions(services)
    with hook:
        refusing.append(True)
        for who in (first, second):
            assert withdraw(api, who).status == 503
    # The replay stopped right after it picked them (the real selection, paused on its return), in a thread with a
    # connection of its own; HR acts meanwhile; then it goes on.
    picked, go = paused(monkeypatch, repository, "withdrawals_undone", after=True)
    results: dict = {}
    cleanup = threading.Thread(target=run_into, args=(results, "report", lambda: run_cleanup(
        Database(services.settings.database_url), services.s3, services.settings)))
    cleanup.start()
    try:
        assert picked.wait(60)
        during: list[tuple] = [("rerun", withdraw(api, second).status)]
        during.append(("consent", api.post(f"/employees/{second}/biometric-consent",
                                           json_body={"reference": "form 2"}).status))
        photo, key = photos[second]
        during.append(("enroll", enrollment.enroll_photo(services.db, services.engine, services.settings, second,
                                                         fixture_bytes(photo), source_key=key)[0]))
        during.append(("trail", trail(api, second)))
    finally:
        go.set()
        cleanup.join(120)
    report = results["report"]
    assert during[:3] == [("rerun", 200), ("consent", 200), ("enroll", "completed")]
    assert (report.withdrawals_replayed, report.erasures_failed) == ([str(first)], [])
    assert faces(services, second) == 1 and trail(api, second) == during[3][1]
    shown = api.get(f"/employees/{second}").json()
    assert (shown["biometric_consent"]["reference"], shown["consent_withdrawn_at"], shown["withdrawal_unfinished"]) == (
        "form 2", None, False)
    assert run_cleanup(services.db, services.s3, services.settings).withdrawals_replayed == []
    assert faces(services, second) == 1


def test_a_leavers_erasure_finishes_their_unfinished_withdrawal_and_consent_can_be_recorded_before_a_rehire(
        api, services):
    rose = person(services, "Rose Leslie", ROSE)
    punch = check(services, ROSE_AGAIN, datetime.now(UTC) - timedelta(hours=1))
    refusing, hook = refusing_deletions(services)
    with hook:
        refusing.append(True)
        assert withdraw(api, rose).status == 503
    assert api.get(f"/employees/{rose}").json()["withdrawal_unfinished"] is True
    erased = api.delete(f"/employees/{rose}", query="erase=true")  # she leaves: erased, all the withdrawal would
    assert erased.status == 200, erased.text
    assert erased.json()["snapshots_deleted"] == 1 and punch.snapshot_key not in keys(services)
    shown = api.get(f"/employees/{rose}").json()
    assert (shown["is_active"], shown["withdrawal_unfinished"]) == (False, False)
    before = trail(api, rose)
    report = run_cleanup(services.db, services.s3, services.settings)
    assert (report.withdrawals_replayed, report.erasures_replayed, report.erasures_failed) == ([], [], [])
    assert trail(api, rose) == before
    # Her consent is recorded before a rehire (the API allows it for an inactive person).
    recorded = api.post(f"/employees/{rose}/biometric-consent", json_body={"reference": "rehire form"})
    assert recorded.status == 200, recorded.text
    assert (recorded.json()["biometric_consent"]["reference"], recorded.json()["consent_withdrawn_at"]) == (
        "rehire form", None)
