"""Retention cleanup and erasure with a controllable clock: moto S3 (local endpoint) + real PostgreSQL."""

from __future__ import annotations

import base64
import json
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from psycopg.rows import dict_row

from facepass import attendance, employees, enrollment, repository, storage
from facepass.schemas import EmployeeCreate
from tests.conftest import CONSENTED, fixture_bytes, fresh_database, s3_hook, with_settings
from tests.function_roles import acting_as, process_upload, run_cleanup

NOW = datetime.now(UTC)


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def person(services, name: str, photo: str | None = None) -> uuid.UUID:
    employee = employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
                                                                     full_name=name, email=f"{uuid.uuid4().hex}@x.io"))
    if photo:
        outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, employee.id,
                                                  fixture_bytes(photo), source_key=f"test/{uuid.uuid4()}")
        assert outcome == "completed", reason
    return employee.id


def check(services, photo: str, when: datetime, kind: str = "entry", idempotency_key: str | None = None):
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes(photo), event_type=kind, device_id="door", now=when,
                                        idempotency_key=idempotency_key)
    return result.event


def keys(services, prefix: str = "") -> set[str]:
    return {item["Key"] for item in storage.list_keys(services.s3, bucket=services.settings.bucket, prefix=prefix)}


def sql(services, query: str, params=()):
    with services.db.transaction() as cur:
        cur.execute(query, params)
        return cur.fetchall() if cur.description else None


def test_snapshots_older_than_retention_go_and_newer_stay(services):
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    old = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=10))
    recent = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=3), kind="exit")
    orphan = storage.snapshot_key(NOW - timedelta(days=12), uuid.uuid4())
    services.s3.put_object(Bucket=services.settings.bucket, Key=orphan, Body=b"x")

    report = run_cleanup(services.db, services.s3, services.settings, now=NOW)

    assert report.snapshots_deleted == 2 and report.snapshot_rows_cleared == 1
    assert keys(services, "snapshots/") == {recent.snapshot_key}
    rows = {row["trace_id"]: row["snapshot_key"] for row in sql(services, "SELECT trace_id, snapshot_key FROM "
                                                                          "attendance_log")}
    assert rows[old.trace_id] is None
    assert rows[recent.trace_id] == recent.snapshot_key
    assert len(rows) == 2  # attendance rows themselves stay

    again = run_cleanup(services.db, services.s3, services.settings, now=NOW)  # EventBridge may deliver twice
    assert again.snapshots_deleted == 0 and again.snapshot_rows_cleared == 0
    assert keys(services, "snapshots/") == {recent.snapshot_key}


def test_dry_run_reports_and_changes_nothing(services):
    employee = person(services, "Biden", "identities/fr_biden/train_biden2.jpg")
    check(services, "identities/fr_biden/train_biden.jpg", NOW - timedelta(days=9))
    sql(services, "UPDATE employees SET is_active = false, deactivated_at = %s WHERE id = %s",
        (NOW - timedelta(days=60), employee))
    before_keys = keys(services)
    before_rows = sql(services, "SELECT * FROM attendance_log ORDER BY id")
    before_faces = sql(services, "SELECT count(*) AS n FROM face_embeddings")[0]["n"]

    dry = run_cleanup(services.db, services.s3, services.settings, now=NOW, dry_run=True)

    assert dry.dry_run and dry.snapshots_deleted == 1 and dry.snapshot_rows_cleared == 1
    assert dry.embeddings_deleted == 1
    assert keys(services) == before_keys
    assert sql(services, "SELECT * FROM attendance_log ORDER BY id") == before_rows
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings")[0]["n"] == before_faces

    real = run_cleanup(services.db, services.s3, services.settings, now=NOW)
    assert (real.snapshots_deleted, real.snapshot_rows_cleared, real.embeddings_deleted) == (1, 1, 1)


def test_faces_of_long_deactivated_employees_are_deleted_after_the_grace_period(services):
    gone = person(services, "Left long ago", "identities/fr_obama/train_obama.jpg")
    recent = person(services, "Left last week", "identities/fr_biden/train_biden2.jpg")
    active = person(services, "Still here", "identities/deepface_p01/img1.jpg")
    sql(services, "UPDATE employees SET is_active = false, deactivated_at = %s WHERE id = %s",
        (NOW - timedelta(days=31), gone))
    sql(services, "UPDATE employees SET is_active = false, deactivated_at = %s WHERE id = %s",
        (NOW - timedelta(days=5), recent))
    report = run_cleanup(services.db, services.s3, services.settings, now=NOW)
    assert report.embeddings_deleted == 1
    remaining = {row["employee_id"] for row in sql(services, "SELECT employee_id FROM face_embeddings")}
    assert remaining == {recent, active}
    # When their biometric data was destroyed is on record (their History), as an erasure's is; once.
    expired = "SELECT employee_id, actor, before, after FROM employee_audit WHERE field = 'biometrics'"
    assert sql(services, expired) == [{"employee_id": gone, "actor": "FacePass (automatic)", "before": None,
                                       "after": "expired"}]
    assert run_cleanup(services.db, services.s3, services.settings, now=NOW).embeddings_deleted == 0
    assert len(sql(services, expired)) == 1


def test_abandoned_uploads_and_tickets_older_than_a_day_go(services):
    employee = person(services, "Uploader")
    stale = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    fresh = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    for ticket in (stale, fresh):
        services.s3.put_object(Bucket=services.settings.bucket, Key=ticket.key, Body=b"photo")
    sql(services, "UPDATE enrollments SET created_at = %s WHERE id = %s", (NOW - timedelta(hours=30), stale.ticket_id))

    report = run_cleanup(services.db, services.s3, services.settings, now=NOW)

    assert report.stale_tickets_deleted == 1 and report.enrollment_objects_deleted == 1
    assert keys(services, "enroll/") == {fresh.key}
    assert [row["id"] for row in sql(services, "SELECT id FROM enrollments")] == [fresh.ticket_id]
    # A day later by the clock, the other upload (never processed) is a leftover too.
    later = run_cleanup(services.db, services.s3, services.settings, now=NOW + timedelta(days=2))
    assert later.enrollment_objects_deleted == 1 and keys(services, "enroll/") == set()


def test_a_crash_half_way_is_finished_by_the_rerun(services):
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    old = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=10))

    def crash_after_s3_deleted(**_):
        raise RuntimeError("Lambda timed out after the objects were deleted")

    with s3_hook(services, "after-call.s3.DeleteObjects", crash_after_s3_deleted), pytest.raises(RuntimeError):
        run_cleanup(services.db, services.s3, services.settings, now=NOW)
    assert keys(services, "snapshots/") == set()  # objects went, the rows still name them
    assert sql(services, "SELECT snapshot_key FROM attendance_log")[0]["snapshot_key"] == old.snapshot_key

    rerun = run_cleanup(services.db, services.s3, services.settings, now=NOW)
    assert rerun.snapshot_rows_cleared == 1 and not rerun.failed_keys
    assert sql(services, "SELECT snapshot_key FROM attendance_log")[0]["snapshot_key"] is None


def test_old_idempotency_keys_are_forgotten(services):
    ttl = timedelta(hours=services.settings.idempotency_ttl_hours)  # kept past the offline window, then forgotten
    sql(services, "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES "
                  "('a', 'old', 'h', %s), ('a', 'new', 'h', %s), ('a', 'offline', 'h', %s)",
        (NOW - ttl - timedelta(hours=1), NOW,
         NOW - timedelta(hours=services.settings.offline_max_age_hours, minutes=5)))
    assert run_cleanup(services.db, services.s3, services.settings, now=NOW).idempotency_keys_deleted == 1
    assert sorted(row["key"] for row in sql(services, "SELECT key FROM idempotency_keys")) == ["new", "offline"]


def test_cleanup_handler_runs_from_a_schedule_event(services):
    from facepass.local.lambda_events import LocalLambdaContext

    import cleanup_handler

    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=10))
    cleanup_handler.use_services(services)
    try:
        with acting_as(services.s3, "CleanupFunction"):
            dry = cleanup_handler.lambda_handler({"dry_run": True}, LocalLambdaContext(function_name="CleanupFunction"))
        assert dry["dry_run"] is True and dry["snapshots_deleted"] == 1
        assert len(keys(services, "snapshots/")) == 1
        envelope = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
                    "source": "aws.events", "time": NOW.isoformat(), "region": "us-east-1", "resources": [],
                    "detail": {}}
        with acting_as(services.s3, "CleanupFunction"):
            real = cleanup_handler.lambda_handler(envelope, LocalLambdaContext(function_name="CleanupFunction"))
        assert real["dry_run"] is False and real["snapshots_deleted"] == 1
        assert keys(services, "snapshots/") == set()
    finally:
        cleanup_handler.use_services(None)


def emitted_metrics(output: str) -> dict[tuple[str, str, tuple], float]:
    """(namespace, name, dimensions) -> value of the CloudWatch embedded-metric-format lines a handler printed."""
    import json

    found = {}
    for line in output.splitlines():
        if not line.startswith("{") or '"_aws"' not in line:
            continue
        record = json.loads(line)
        for directive in record["_aws"]["CloudWatchMetrics"]:
            for dimension_set in directive["Dimensions"]:
                dimensions = tuple(sorted((name, record[name]) for name in dimension_set))
                for metric in directive["Metrics"]:
                    value = record[metric["Name"]]
                    found[(directive["Namespace"], metric["Name"], dimensions)] = \
                        sum(value) if isinstance(value, list) else value
    return found


def erase_while_s3_cannot_delete(services, employee_id: uuid.UUID) -> None:
    """An erasure whose S3 deletions all fail (throttled): it answers an error, and a rerun must finish it."""
    from botocore.exceptions import ClientError

    from facepass import retention
    from facepass.errors import FacePassError

    def failing(**_):
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow"}}, "DeleteObjects")

    with s3_hook(services, "before-call.s3.DeleteObjects", failing), pytest.raises((FacePassError, ClientError)):
        retention.erase_employee(services.db, services.s3, services.settings, employee_id)


def refuse_snapshot_deletions(s3) -> list[str]:
    """S3 refusing to delete snapshots (an IAM or SCP change, a KMS key): each DeleteObjects leaves them in place and
    answers them as AccessDenied errors, as S3 does."""
    refused: list[str] = []

    def keep_snapshots(params, **_):
        for item in params["Delete"]["Objects"]:
            if item["Key"].startswith(storage.SNAPSHOT_PREFIX):
                refused.append(item["Key"])
                item["Key"] = f"not-there/{uuid.uuid4()}"  # deleting a missing key succeeds: nothing is touched

    def report_refused(parsed, **_):
        parsed.setdefault("Errors", []).extend(
            {"Key": key, "Code": "AccessDenied", "Message": "Access Denied"} for key in refused)

    s3.meta.events.register("before-parameter-build.s3.DeleteObjects", keep_snapshots)
    s3.meta.events.register("after-call.s3.DeleteObjects", report_refused)
    return refused


def test_the_cleanup_alarms_watch_metrics_the_handler_publishes(services, capsys):
    """Every alarm on a FacePass metric (template.yaml) names a metric, namespace and dimensions the cleanup handler
    really emits; a refused deletion is counted in failed_deletions, and a finished run in cleanup_completed."""
    import os

    from samtranslator.yaml_helper import yaml_parse

    from facepass.local.lambda_events import LocalLambdaContext
    from tests.conftest import ROOT

    import cleanup_handler

    template = yaml_parse((ROOT / "template.yaml").read_text())
    namespace = template["Globals"]["Function"]["Environment"]["Variables"]["POWERTOOLS_METRICS_NAMESPACE"]
    # QuietDevicesAlarm watches the function's other run, the quiet-devices check (test_quiet_devices.py).
    alarms = {name: resource["Properties"] for name, resource in template["Resources"].items()
              if resource["Type"] == "AWS::CloudWatch::Alarm" and resource["Properties"]["Namespace"] == namespace
              and name != "QuietDevicesAlarm"}
    assert {"CleanupMissedAlarm", "CleanupFailedDeletionsAlarm", "CleanupVacuumFailedAlarm",
            "LifecycleBackstopAlarm", "CleanupLedgerWritesFailedAlarm"} <= set(alarms)

    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(days=10))
    refused = refuse_snapshot_deletions(services.s3)
    cleanup_handler.use_services(services)
    try:
        capsys.readouterr()
        with acting_as(services.s3, "CleanupFunction"):
            summary = cleanup_handler.lambda_handler({"dry_run": False},
                                                     LocalLambdaContext(function_name="CleanupFunction"))
        metrics = emitted_metrics(capsys.readouterr().out)
    finally:
        cleanup_handler.use_services(None)
    assert len(refused) == 1 and summary["failed_keys"] == refused
    assert len(keys(services, "snapshots/")) == 1  # still there: the next run retries it
    emitted_namespace = os.environ["POWERTOOLS_METRICS_NAMESPACE"]  # what Globals sets in AWS (tests: their own)
    for name, alarm in alarms.items():
        dimensions = tuple(sorted((d["Name"], d["Value"]) for d in alarm["Dimensions"]))
        assert (emitted_namespace, alarm["MetricName"], dimensions) in metrics, (name, sorted(metrics))
    service = (("service", "facepass-cleanup"),)
    assert metrics[(emitted_namespace, "failed_deletions", service)] == 1
    assert metrics[(emitted_namespace, "cleanup_completed", service)] == 1
    assert metrics[(emitted_namespace, "vacuum_failed", service)] == 0
    assert metrics[(emitted_namespace, "lifecycle_backstop_problems", service)] == 0
    assert metrics[(emitted_namespace, "ledger_writes_failed", service)] == 0


def put_backstops(services, snapshots: int, review: int, *, filtered: bool = False) -> None:
    def rule(rule_id: str, prefix: str, days: int) -> dict:
        where = {"Filter": {"Prefix": prefix}} if filtered else {"Prefix": prefix}
        return {"ID": rule_id, "Status": "Enabled", "Expiration": {"Days": days}, **where}

    services.s3.put_bucket_lifecycle_configuration(Bucket=services.settings.bucket, LifecycleConfiguration={"Rules": [
        rule("expire-snapshots", storage.SNAPSHOT_PREFIX, snapshots),
        rule("expire-review-snapshots", storage.REVIEW_SNAPSHOT_PREFIX, review),
        rule("expire-enrollment-uploads", storage.ENROLL_PREFIX, 1)]})


def test_the_cleanup_reports_lifecycle_backstops_shorter_than_retention(services, caplog):
    """Retention raised to 30 days with the backstops left at 8 and 38: S3 would delete the snapshots (and photos
    awaiting review) early. The cleanup reads the bucket's rules every run, logs an error and reports it."""
    settings = services.settings.model_copy(update={"snapshot_retention_days": 30, "review_max_days": 30})
    put_backstops(services, 8, 38)
    report = run_cleanup(services.db, services.s3, settings, now=NOW, dry_run=True)
    assert report.lifecycle_problems == [
        "the S3 lifecycle deletes snapshots/ objects after 8 days, before retention ends: SnapshotBackstopDays must "
        "be at least 31 (snapshot retention 30 days + 1)",
        "the S3 lifecycle deletes review-snapshots/ objects after 38 days, before retention ends: "
        "ReviewSnapshotBackstopDays must be at least 61 (snapshot retention 30 + review maximum 30 days + 1)"]
    assert "S3 lifecycle backstops expire snapshots before retention ends" in caplog.text
    put_backstops(services, 31, 61, filtered=True)
    assert run_cleanup(services.db, services.s3, settings, now=NOW, dry_run=True).lifecycle_problems == []
    # The template's defaults against the default settings; no lifecycle at all deletes nothing early.
    put_backstops(services, 8, 38)
    assert run_cleanup(services.db, services.s3, services.settings, now=NOW, dry_run=True).lifecycle_problems == []
    services.s3.delete_bucket_lifecycle(Bucket=services.settings.bucket)
    assert run_cleanup(services.db, services.s3, settings, now=NOW, dry_run=True).lifecycle_problems == []


def erase_through_api(api, employee, how: str):
    """The erasure (`erase`: the person leaves, deactivated) or the withdrawal of their biometric consent
    (`withdraw`: the same erasure of their biometric data, the person kept active), through the API."""
    if how == "withdraw":
        return api.delete(f"/employees/{employee}/biometric-consent")
    return api.delete(f"/employees/{employee}", query="erase=true")


# Both remove every trace of the face the same way (one code path, retention.erase_employee): the checks are shared.
ERASURES = pytest.mark.parametrize("how", ["erase", "withdraw"])


@pytest.mark.usefixtures("api_in_its_role")  # the erasure through the API, with its role
@ERASURES
def test_erasure_leaves_no_biometric_data_anywhere(api, services, how):
    employee = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    enrollment.enroll_photo(services.db, services.engine, services.settings, employee,
                            fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"), source_key="test/rose2")
    bystander = person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    # A photo of hers held for HR (unlike her own: a misfiled upload): its face crop waits in held/.
    held = _upload(services, employee, "identities/bbt_sheldon/sheldon1.png")
    assert held.outcome == "needs_confirmation" and keys(services, storage.HELD_PREFIX) == {
        storage.held_photo_key(employee, held.ticket_id)}
    mine = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=2),
                 idempotency_key="kiosk-retry-1")
    theirs = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(hours=1))
    pending = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    services.s3.put_object(Bucket=services.settings.bucket, Key=pending.key, Body=b"a photo in flight")
    photo = base64.b64encode(fixture_bytes("identities/fr_rose_leslie/train_img1.jpg")).decode()
    assert api.post("/identify", json_body={"image": photo}).json()["employee"]["id"] == str(employee)

    response = erase_through_api(api, employee, how)

    assert response.status == 200, response.text
    assert response.json() == {"employee_id": str(employee), "embeddings_deleted": 2, "enrollment_tickets_deleted": 2,
                               "enrollment_objects_deleted": 1, "snapshots_deleted": 1, "attendance_rows_kept": 1,
                               "duplicate_tickets_rejected": 0, "held_photos_deleted": 1,
                               "employee_deactivated": how == "erase"}
    # The leaver is deactivated; the employee who withdrew consent stays active, their consent cleared.
    shown = api.get(f"/employees/{employee}").json()
    assert (shown["is_active"], shown["biometric_consent"]) == (how == "withdraw", None)
    # Every table: nothing biometric of this person is left.
    assert sql(services, "SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (employee,))[0]["n"] == 0
    assert sql(services, "SELECT count(*) AS n FROM enrollments WHERE employee_id = %s", (employee,))[0]["n"] == 0
    assert sql(services, "SELECT snapshot_key FROM attendance_log WHERE employee_id = %s", (employee,)) == [
        {"snapshot_key": None}]
    # The kiosk's retry of that check replays its stored answer: the kiosk view (no snapshot key, no score), which
    # no longer names the erased person.
    replay, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        event_type="entry", device_id="door", now=NOW - timedelta(hours=2),
                                        idempotency_key="kiosk-retry-1")
    assert replay.replayed and replay.event.id == mine.id and replay.event.employee is None
    assert "snapshot_key" not in replay.event.model_dump() and replay.identification.employee is None
    # The bucket: no photo, no snapshot of theirs; the bystander's snapshot is untouched.
    remaining = keys(services)
    assert not any(key.startswith((f"enroll/{employee}/", storage.HELD_PREFIX)) for key in remaining)
    assert mine.snapshot_key not in remaining and theirs.snapshot_key in remaining
    # Identify no longer finds them, and the bystander is unaffected.
    body = api.post("/identify", json_body={"image": photo}).json()
    assert body["decision"] == "unknown" and all(c["employee_id"] != str(employee) for c in body["candidates"])
    with services.db.transaction() as cur:
        assert repository.count_faces(cur, bystander) == 1
    # Erasing again is harmless.
    again = erase_through_api(api, employee, how).json()
    assert again["embeddings_deleted"] == 0 and again["snapshots_deleted"] == 0


def test_erasing_an_unknown_employee_is_404(api):
    response = api.delete(f"/employees/{uuid.uuid4()}", query="erase=true")
    assert response.status == 404 and response.error_code == "employee_not_found"


@pytest.mark.parametrize("decision", [{"identify_threshold": 0.99}, {"match_margin": 0.95},
                                      {"identify_threshold": 0.99, "review_unknown": False}],
                         ids=["unknown", "ambiguous", "unknown-not-reviewed"])
def test_erasure_removes_snapshots_of_unmatched_punches_that_may_show_the_person(services, decision):
    # An unknown or ambiguous punch with the person among its candidates at a 1:1 match's similarity waits for review
    # with quite possibly their face: the erasure deletes that snapshot too (the row, ids and scores stay, as the
    # audit's). A stranger whose nearest person they were, far under that similarity, keeps theirs.
    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    doubtful = with_settings(services, **decision)
    result, _ = attendance.record_check(doubtful.db, doubtful.s3, doubtful.engine, doubtful.settings,
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        event_type="entry", device_id="door")
    reviewed = doubtful.settings.review_unknown or "match_margin" in decision
    assert result.event.employee is None and result.event.review_state == ("pending" if reviewed else "none")
    assert result.identification.candidates[0].employee_id == rose
    stranger = check(services, "other/skimage_astronaut.png", NOW)
    assert stranger.employee is None
    assert {result.event.snapshot_key, stranger.snapshot_key} <= keys(services)

    from facepass import retention

    erased = retention.erase_employee(services.db, services.s3, services.settings, rose)

    assert erased.snapshots_deleted == 1
    assert result.event.snapshot_key not in keys(services) and stranger.snapshot_key in keys(services)
    assert sql(services, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (result.event.id,)) == [
        {"snapshot_key": None}]


def test_erasure_of_a_deactivated_person_removes_their_unmatched_punches_photos(services):
    # HR deactivates a leaver; they walk past a kiosk (nobody is matched: they are inactive); later they ask for
    # erasure. Their faces are kept while deactivated, so the unmatched punch records them as an inactive candidate
    # and the erasure finds its photo (before, deactivated people were never candidates: the photo stayed).
    from facepass import retention
    from facepass.schemas import EmployeePatch

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    employees.update_employee(services.db, rose, EmployeePatch(is_active=False))
    result = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW)
    stranger = check(services, "other/skimage_astronaut.png", NOW)
    assert result.employee is None and {result.snapshot_key, stranger.snapshot_key} <= keys(services)

    erased = retention.erase_employee(services.db, services.s3, services.settings, rose)

    assert erased.snapshots_deleted == 1
    assert result.snapshot_key not in keys(services) and stranger.snapshot_key in keys(services)


def test_cleanup_forgets_only_the_snapshot_keys_it_deleted(services):
    # A pending event past retention keeps its snapshot (the review window). HR rejects it while the cleanup
    # deletes the expired ones: the cleanup must not then clear that row's key, whose object it never deleted
    # (an orphan photo no row names, which erasure could no longer find).
    from facepass import review
    from facepass.schemas import ReviewRequest

    old = NOW - timedelta(days=services.settings.snapshot_retention_days + 3)
    expired = check(services, "other/skimage_astronaut.png", old - timedelta(hours=1))
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET review_state = 'none' WHERE id = %s", (expired.id,))
    pending = check(services, "other/skimage_astronaut.png", old)
    assert pending.review_state == "pending"

    def hr_reviews_meanwhile(**_):
        review.review_event(services.db, pending.id, ReviewRequest(action="reject", note="a visitor"), actor="hr",
                            settings=services.settings)

    with s3_hook(services, "before-call.s3.DeleteObjects", hr_reviews_meanwhile, first=True):
        report = run_cleanup(services.db, services.s3, services.settings)
    assert report.snapshots_deleted == 1 and report.snapshot_rows_cleared == 1
    assert expired.snapshot_key not in keys(services)
    rows = {row["id"]: row["snapshot_key"] for row in sql(services, "SELECT id, snapshot_key FROM attendance_log")}
    assert rows[expired.id] is None
    assert rows[pending.id] == pending.snapshot_key and pending.snapshot_key in keys(services)
    # The next run takes it, object and key together.
    run_cleanup(services.db, services.s3, services.settings)
    assert pending.snapshot_key not in keys(services)
    assert sql(services, "SELECT snapshot_key FROM attendance_log WHERE id = %s", (pending.id,)) == [
        {"snapshot_key": None}]


@pytest.mark.parametrize("first_step", ["SELECT id FROM employees WHERE id = %s FOR UPDATE",  # an erasure's
                                        "UPDATE employees SET department = department WHERE id = %s"],  # HR's edit
                         ids=["erasure", "deactivation"])
def test_a_reassignment_meeting_an_erasure_waits_and_is_refused(services, first_step):
    # The erasure (or a plain deactivation) locks the person and deactivates them; a reviewer reassigning an unknown
    # punch to them at that moment waits for the lock and is then refused, so no snapshot joins the person after
    # the erasure listed theirs, and nobody deactivated is written down for a punch.
    import threading

    import psycopg

    from facepass import review
    from facepass.schemas import ReviewRequest
    from tests.conftest import wait_for_lock_waiters

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    unknown = with_settings(services, identify_threshold=0.99)
    result, _ = attendance.record_check(unknown.db, unknown.s3, unknown.engine, unknown.settings,
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        event_type="entry", device_id="door")
    outcome: list = []

    def reviewer():
        from facepass.db import Database

        db = Database(services.settings.database_url)
        try:
            outcome.append(review.review_event(db, result.event.id, ReviewRequest(
                action="reassign", employee_id=rose, note="that is Rose"), actor="hr", settings=services.settings))
        except Exception as error:  # the outcome
            outcome.append(error)
        finally:
            db.close()

    holder = psycopg.connect(services.settings.database_url)
    try:
        with holder.cursor() as cur:
            cur.execute(first_step, (str(rose),))
            thread = threading.Thread(target=reviewer)
            thread.start()
            wait_for_lock_waiters(cur, 1, [thread])
            cur.execute("UPDATE employees SET is_active = false WHERE id = %s", (str(rose),))
        holder.commit()
    finally:
        holder.close()
    thread.join(30)
    assert len(outcome) == 1 and getattr(outcome[0], "code", None) == "employee_inactive", outcome
    assert sql(services, "SELECT employee_id FROM attendance_log WHERE id = %s", (result.event.id,)) == [
        {"employee_id": None}]


def test_a_leavers_punches_from_before_they_left_may_become_theirs_but_no_kiosk_punch_after_their_erasure(
        api, services):
    """Their final pay: an unknown punch taken while they still worked may be reassigned to a person deactivated
    since; one taken after they left may not (employee_inactive); once their biometric data is erased, no kiosk punch
    (its photo, its scores) becomes theirs again (employee_erased)."""
    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    unknown = with_settings(services, identify_threshold=0.99)

    def unknown_punch(kind: str) -> int:
        result, _ = attendance.record_check(unknown.db, unknown.s3, unknown.engine, unknown.settings,
                                            data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                            event_type=kind, device_id="door")
        assert result.event.employee is None and result.event.review_state == "pending"
        return result.event.id

    def reassign(event_id: int):
        return api.post(f"/attendance/{event_id}/review", json_body={
            "action": "reassign", "employee_id": str(rose), "note": "that was Rose", "force": True})

    before_left, also_before = unknown_punch("entry"), unknown_punch("exit")
    assert api.patch(f"/employees/{rose}", json_body={"is_active": False}).status == 200
    after_left = unknown_punch("entry")

    moved = reassign(before_left)
    assert moved.status == 200 and moved.json()["employee"]["id"] == str(rose), moved.text
    refused = reassign(after_left)
    assert (refused.status, refused.error_code) == (409, "employee_inactive"), refused.text
    # Back for a while and gone again: a punch from her first time away is still not hers (the history says when).
    back = api.patch(f"/employees/{rose}", json_body={"is_active": True})
    assert back.status == 200, back.text
    assert api.patch(f"/employees/{rose}", json_body={"is_active": False}).status == 200
    again = reassign(after_left)
    assert (again.status, again.error_code) == (409, "employee_inactive"), again.text
    assert api.delete(f"/employees/{rose}", query="erase=true").status == 200
    erased = reassign(also_before)
    assert (erased.status, erased.error_code) == (409, "employee_erased"), erased.text
    assert sql(services, "SELECT id, employee_id FROM attendance_log WHERE id IN (%s, %s) ORDER BY id",
               (after_left, also_before)) == [{"id": also_before, "employee_id": None},
                                              {"id": after_left, "employee_id": None}]


@contextmanager
def erasing_at_the_snapshot_put(services, employee_id, how: str = "erasure"):
    """Inside: the first snapshot PUT erases `employee_id` first (a check's photo is stored before its transaction,
    so the erasure runs between the search and the row). Yields the list the erasure's result is put in. `how`
    "withdrawal": the employee's withdrawal of consent instead (the same erasure, the person kept active)."""
    from facepass import retention

    erased, started = [], []

    def erase_meanwhile(**_):
        if not started:  # once: the erasure's own PUT (its ledger entry) comes through here too
            started.append(True)
            erased.append(retention.erase_employee(services.db, services.s3, services.settings, employee_id,
                                                   keep_active=how == "withdrawal"))

    with s3_hook(services, "before-call.s3.PutObject", erase_meanwhile):
        yield erased


RACING = pytest.mark.parametrize("how", ["erasure", "withdrawal"])  # a withdrawal of consent keeps them active


@RACING
def test_an_erasure_during_an_unmatched_check_leaves_no_photo_of_the_person(services, how):
    # The check's snapshot is stored before its transaction. An erasure running meanwhile lists the unmatched
    # punches that may show the person before this one's row exists: the check then finds its candidate erased
    # and is refused (the kiosk sends it again, and the erased person is no candidate any more), its photo removed.
    # A withdrawal of consent alike, though the person stays active: their face is gone.
    from facepass.errors import DatabaseConflict

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    unknown = with_settings(services, identify_threshold=0.99)
    with erasing_at_the_snapshot_put(services, rose, how) as erased, pytest.raises(DatabaseConflict):
        attendance.record_check(unknown.db, unknown.s3, unknown.engine, unknown.settings,
                                data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                event_type="entry", device_id="door")
    assert erased and keys(services, "review-snapshots/") == set() and keys(services, "snapshots/") == set()
    assert sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"] == 0
    again, _ = attendance.record_check(unknown.db, unknown.s3, unknown.engine, unknown.settings,
                                       data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                       event_type="entry", device_id="door")
    assert again.event.employee is None and all(c.employee_id != rose for c in again.identification.candidates)



@RACING
def test_an_erasure_during_a_matched_check_leaves_no_punch_or_photo_of_the_person(services, how):
    # The person matched, then erased (or withdrew their consent: still active) before the check's row: the check
    # is refused under their lock (the kiosk sends it again, and they are nobody now), its photo removed; no punch
    # of theirs with a photo and scores the erasure never saw.
    from facepass.errors import DatabaseConflict

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    with erasing_at_the_snapshot_put(services, rose, how) as erased, pytest.raises(DatabaseConflict):
        attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                event_type="entry", device_id="door")
    assert erased and erased[0].employee_deactivated is (how == "erasure")
    assert keys(services, "review-snapshots/") == set() and keys(services, "snapshots/") == set()
    assert sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"] == 0
    again, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                       event_type="entry", device_id="door")
    assert again.event.employee is None and all(c.employee_id != rose for c in again.identification.candidates)

def test_a_failed_erasure_leaves_no_waiting_embedding_of_the_person(services):
    # A reviewer's case: the person's own photo waits for an admin as a suspected duplicate, and the erasure's S3
    # deletes fail. The erasure answers erasure_incomplete, the person is inactive (nobody can settle the photo any
    # more): its waiting embedding must be gone already, not left for the ticket deletion after S3.

    from facepass import retention

    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    twin = person(services, "Twin")
    bucket = services.settings.bucket
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, twin)
    services.s3.put_object(Bucket=bucket, Key=ticket.key, Body=fixture_bytes("identities/fr_obama/obama3.jpg"))
    assert enrollment.process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket,
                                     key=ticket.key).outcome == "needs_confirmation"
    second = enrollment.create_upload_ticket(services.db, services.s3, services.settings, twin)
    services.s3.put_object(Bucket=bucket, Key=second.key, Body=b"a photo in flight" * 100)

    erase_while_s3_cannot_delete(services, twin)
    assert sql(services, "SELECT count(*) AS n FROM enrollments WHERE employee_id = %s"
                         " AND pending_embedding IS NOT NULL", (twin,))[0]["n"] == 0
    assert sql(services, "SELECT status, reason_code FROM enrollments WHERE id = %s", (ticket.ticket_id,)) == [
        {"status": "rejected", "reason_code": "employee_inactive"}]
    # The rerun finishes: the objects and the tickets go.
    erased = retention.erase_employee(services.db, services.s3, services.settings, twin)
    assert erased.enrollment_tickets_deleted == 2 and keys(services, f"enroll/{twin}/") == set()


def _vector(services, query: str, params):
    import numpy as np

    with services.db.transaction() as cur:
        cur.execute(query, params)
        return np.array([float(x) for x in cur.fetchone()["v"].strip("[]").split(",")], dtype=np.float32)


def _holds(page: bytes, vector) -> bool:
    """The first 16 floats of `vector`, at any 4-byte offset, to 1e-5: the HNSW indexes keep a normalized copy, not
    the column's bytes."""
    import numpy as np

    for offset in range(4):
        floats = np.frombuffer(page[offset:offset + (len(page) - offset) // 4 * 4], dtype=np.float32)
        for start in np.flatnonzero(np.abs(floats[:-16] - vector[0]) < 1e-5):
            if np.allclose(floats[start:start + 16], vector[:16], atol=1e-5):
                return True
    return False


def _relations(cur) -> list[dict]:
    """face_embeddings and enrollments, their indexes and TOAST tables: name, kind and pages."""
    cur.execute("""SELECT c.oid::regclass::text AS rel, c.relkind,
                          pg_relation_size(c.oid) / current_setting('block_size')::int AS pages
                   FROM pg_class c, (VALUES ('face_embeddings'::regclass), ('enrollments'::regclass)) t (tab)
                   WHERE c.oid = t.tab OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = t.tab)
                      OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = t.tab)""")
    return cur.fetchall()


def pages_holding(services, vector) -> list[tuple[str, int]]:
    """The pages of those relations whose bytes hold the vector anywhere, free space included (pageinspect)."""
    found = []
    with services.db.transaction() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for relation in _relations(cur):
            for page in range(relation["pages"]):
                cur.execute("SELECT get_raw_page(%s, %s) AS page", (relation["rel"], page))
                if _holds(bytes(cur.fetchone()["page"]), vector):
                    found.append((relation["rel"], page))
    return found


def rows_holding(services, vector) -> list[tuple[str, int]]:
    """What a reader of the files finds as data: the row versions (live or dead, any line pointer with storage) of the
    tables and their TOAST that hold the vector, and the index pages that do."""
    found = []
    with services.db.transaction() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for relation in _relations(cur):
            for page in range(relation["pages"]):
                if relation["relkind"] in ("r", "t"):
                    cur.execute("SELECT t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL",
                                (relation["rel"], page))
                    held = any(_holds(bytes(row["t_data"]), vector) for row in cur.fetchall())
                else:
                    cur.execute("SELECT get_raw_page(%s, %s) AS page", (relation["rel"], page))
                    held = _holds(bytes(cur.fetchone()["page"]), vector)
                if held:
                    found.append((relation["rel"], page))
    return found


def waiting_duplicate(services, name: str, photo: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A person whose photo waits for an admin as a suspected duplicate: (person, ticket)."""
    employee = person(services, name)
    bucket = services.settings.bucket
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    services.s3.put_object(Bucket=bucket, Key=ticket.key, Body=fixture_bytes(photo))
    assert enrollment.process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket,
                                     key=ticket.key).outcome == "needs_confirmation"
    return employee, ticket.ticket_id


def a_face_and_a_waiting_duplicate(services, name: str, photo: str):
    """`name` enrolled with `photo`, Obama enrolled, and a Twin whose photo of Obama waits as a suspected duplicate:
    (the person, their face's vector, the twin, the waiting vector)."""
    employee = person(services, name, photo)
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    twin, ticket = waiting_duplicate(services, "Twin", "identities/fr_obama/obama3.jpg")
    face = _vector(services, "SELECT embedding::text AS v FROM face_embeddings WHERE employee_id = %s", (employee,))
    waiting = _vector(services, "SELECT pending_embedding::text AS v FROM enrollments WHERE id = %s", (ticket,))
    return employee, face, twin, waiting


def test_an_erasure_vacuums_the_embeddings_out_of_the_table_files_and_the_indexes(services):
    # A reviewer found an erased embedding's bytes in face_embeddings' page until autovacuum came (which a few
    # deletions in a big table may not bring for long); likewise the HNSW index and the old row versions of a waiting
    # embedding in enrollments. The erasure vacuums both tables once it has committed.
    from facepass import retention

    rose, face, twin, waiting = a_face_and_a_waiting_duplicate(services, "Rose",
                                                               "identities/fr_rose_leslie/train_img2.jpg")
    assert {rel for rel, _ in pages_holding(services, face)} == {"face_embeddings", "face_embeddings_sface_hnsw"}
    assert {rel for rel, _ in pages_holding(services, waiting)} == {"enrollments"}

    retention.erase_employee(services.db, services.s3, services.settings, rose)
    retention.erase_employee(services.db, services.s3, services.settings, twin)

    # No row version and no index entry holds them (the rows' space is free space now: README, Privacy).
    assert rows_holding(services, face) == [] and rows_holding(services, waiting) == []
    assert sql(services, "SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relname IN"
                         " ('face_embeddings', 'enrollments') ORDER BY relname") == [
        {"relname": "enrollments", "n_dead_tup": 0}, {"relname": "face_embeddings", "n_dead_tup": 0}]


def test_an_erasure_in_a_big_gallery_takes_the_vector_out_of_the_hnsw_index(services):
    # With dead rows on few of a table's pages (under 2 %), a plain VACUUM skips index vacuuming: the erased vector
    # stayed in the HNSW graph. INDEX_CLEANUP ON makes it go. 3,000 other faces: about 230 pages.
    from facepass import retention

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    crowd = person(services, "Crowd")
    sql(services, """INSERT INTO face_embeddings (employee_id, model_id, embedding, source_key)
                     SELECT %s, 'sface-2021dec', l2_normalize((SELECT array_agg(random()::real) FROM
                            generate_series(1, 128) WHERE g > 0)::vector), 'test/crowd-' || g
                     FROM generate_series(1, 3000) g""", (crowd,))
    face = _vector(services, "SELECT embedding::text AS v FROM face_embeddings WHERE employee_id = %s", (rose,))
    assert ("face_embeddings_sface_hnsw" in {rel for rel, _ in pages_holding(services, face)}
            and sql(services, "SELECT pg_relation_size('face_embeddings') / 8192 AS n")[0]["n"] > 150)

    retention.erase_employee(services.db, services.s3, services.settings, rose)

    assert rows_holding(services, face) == []


def test_the_cleanup_vacuums_what_it_deleted(services):
    # The faces of a person deactivated long ago and a duplicate nobody confirmed: deleted, then vacuumed away.
    gone, face, _, waiting = a_face_and_a_waiting_duplicate(services, "Biden", "identities/fr_biden/train_biden2.jpg")
    sql(services, "UPDATE employees SET is_active = false, deactivated_at = %s WHERE id = %s",
        (NOW - timedelta(days=60), gone))
    later = NOW + timedelta(hours=services.settings.confirmation_expiry_hours + 1)
    assert run_cleanup(services.db, services.s3, services.settings, now=later, dry_run=True).vacuumed is None
    assert pages_holding(services, face) and pages_holding(services, waiting)

    report = run_cleanup(services.db, services.s3, services.settings, now=later)

    assert report.embeddings_deleted == 1 and report.confirmations_expired == 1 and report.vacuumed is True
    assert rows_holding(services, face) == [] and rows_holding(services, waiting) == []
    # The limit (README, Privacy): VACUUM frees a row version's space without zeroing it. The ticket stays (rejected);
    # the old version that held the waiting embedding is gone as a row, its bytes wait in the page's free space
    # until PostgreSQL writes a row there or the table is rewritten (VACUUM FULL).
    assert pages_holding(services, waiting) == [("enrollments", 0)]


def test_a_vacuum_that_cannot_run_never_fails_the_erasure(services, monkeypatch, caplog):
    # Another session holds a lock VACUUM needs: the erasure's VACUUM gives up at its timeout, the erasure succeeds
    # (its deletions are committed) and says so in the log; the connection keeps no statement timeout.
    import psycopg

    from facepass import retention

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    monkeypatch.setattr(retention, "ERASURE_VACUUM_TIMEOUT", timedelta(seconds=0.5))
    holder = psycopg.connect(services.settings.database_url)
    try:
        with holder.cursor() as cur:
            cur.execute("LOCK TABLE face_embeddings IN SHARE UPDATE EXCLUSIVE MODE")  # what VACUUM takes
            erased = retention.erase_employee(services.db, services.s3, services.settings, rose)
    finally:
        holder.close()
    assert erased.embeddings_deleted == 1
    assert any("VACUUM of the embedding tables failed" in record.message for record in caplog.records)
    with services.db.transaction() as cur:
        cur.execute("SHOW statement_timeout")
        assert cur.fetchone()["statement_timeout"] == "0"


def test_a_user_that_does_not_own_the_tables_cannot_vacuum_them_and_it_is_logged(services, caplog):
    # VACUUM skips, with a warning and no error, a table its user neither owns nor may MAINTAIN: FacePass reads that
    # warning, so a deployment whose functions run as such a user sees it in the log (and vacuum_failed).
    import re

    import psycopg

    from facepass import retention
    from facepass.db import Database

    role = f"app_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(services.settings.database_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"CREATE ROLE {role} LOGIN")
        cur.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    admin.close()
    url = re.sub(r"//[^@/]*@", f"//{role}@", services.settings.database_url, count=1)
    assert url != services.settings.database_url
    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    as_app = Database(url)
    try:
        assert retention.erase_employee(as_app, services.s3, services.settings, rose).embeddings_deleted == 1
        assert not retention.vacuum_embedding_tables(as_app, timeout=timedelta(seconds=30))
    finally:
        as_app.close()
    assert any("VACUUM skipped embedding tables" in record.message for record in caplog.records)


def test_an_erasure_of_a_leaver_during_an_unmatched_check_leaves_no_photo(services):
    from facepass.errors import DatabaseConflict
    from facepass.schemas import EmployeePatch

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    employees.update_employee(services.db, rose, EmployeePatch(is_active=False))
    with erasing_at_the_snapshot_put(services, rose) as erased:
        try:
            result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                                data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                                event_type="entry", device_id="door")
        except DatabaseConflict:
            result = None  # what the active-candidate case does: the kiosk sends again
    assert erased
    assert result is None or result.event.snapshot_key not in keys(services), (
        "the erased leaver's photo is still stored", result and result.event.snapshot_key)


def _upload(services, employee: uuid.UUID, photo: str):
    """One photo through the S3 pipeline (a ticket, the upload, process_upload as the EmbeddingFunction runs it)."""
    bucket = services.settings.bucket
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    services.s3.put_object(Bucket=bucket, Key=ticket.key, Body=fixture_bytes(photo))
    return process_upload(services.db, services.s3, services.engine, services.settings, bucket=bucket, key=ticket.key)


def _waiting_duplicate(services, name: str, photo: str):
    """A new employee whose first photo is a suspected duplicate of someone: (employee, ticket id, outcome)."""
    who = person(services, name)
    out = _upload(services, who, photo)
    return who, out.ticket_id, out.outcome


@pytest.mark.usefixtures("api_in_its_role")  # the erasure through the API, with its role
@ERASURES
def test_erasure_leaves_no_evidence_naming_the_person(api, services, how):
    # Erasure takes the snapshot of a punch their face matched that HR moved to someone else (matched_employee_id),
    # and the evidence naming them beside other people's data: suspected-duplicate details of other employees'
    # tickets (waiting, refused or confirmed), other events' candidate entries, stored Idempotency-Key answers.
    from facepass import retention, review
    from facepass.schemas import ReviewRequest
    from tests.conftest import pair_device

    rose_photo = "identities/fr_rose_leslie/train_img1.jpg"
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")
    kit = person(services, "Kit Harington", "identities/fr_kit_harington/train_john1.jpeg")
    _, token = pair_device(api)

    def kiosk(photo: str, key: str) -> dict:
        answer = api.post("/attendance/check-in", json_body={"image": base64.b64encode(fixture_bytes(photo)).decode()},
                          headers={"Idempotency-Key": key}, device_token=token)
        assert answer.status in (200, 201), answer.text
        return answer.json()

    assert kiosk(rose_photo, "k-rose")["event"]["employee"]["id"] == str(rose)
    obama_in = kiosk("identities/fr_obama/obama3.jpg", "k-obama")
    obama_detail = sql(services, "SELECT review_detail FROM attendance_log WHERE id = %s",
                       (obama_in["event"]["id"],))[0]["review_detail"]
    # An unflagged match keeps no candidates; an unmatched punch of a stranger does, Rose among them.
    stranger = kiosk("other/skimage_astronaut.png", "k-stranger")
    stranger_candidates = sql(services, "SELECT review_detail FROM attendance_log WHERE id = %s",
                              (stranger["event"]["id"],))[0]["review_detail"]["candidates"]
    assert str(rose) in {c["employee_id"] for c in stranger_candidates}, (obama_detail, stranger_candidates)
    # Rose's face, matched to her, then reassigned to Kit by HR: the snapshot is still her face.
    moved, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(rose_photo), event_type="exit", device_id="door")
    assert moved.event.matched_employee.id == rose
    # Forced: the exit closed Rose's shift of the morning, which the reassignment takes from her (punch_conflict).
    review.review_event(services.db, moved.event.id, ReviewRequest(action="reassign", employee_id=kit, note="Kit",
                                                                   force=True),
                        actor="hr", settings=services.settings)
    assert moved.event.snapshot_key in keys(services)
    # Manual punch with an Idempotency-Key (its stored answer names her).
    manual = api.post("/attendance/manual", json_body={
        "employee_id": str(rose), "event_type": "entry", "note": "forgot",
        "occurred_at": (datetime.now(UTC) - timedelta(days=2)).isoformat()}, headers={"Idempotency-Key": "man-1"})
    assert manual.status == 201, manual.text
    # Other people's photos judged to be Rose's face: one waiting, one refused, one confirmed by HR.
    _, waiting, outcome = _waiting_duplicate(services, "Twin Waiting", rose_photo)
    refused_by, refused, _ = _waiting_duplicate(services, "Twin Refused", rose_photo)
    enrollment.reject_enrollment(services.db, refused_by, refused, s3=services.s3, settings=services.settings)
    confirmed_by, confirmed, _ = _waiting_duplicate(services, "Twin Confirmed", rose_photo)
    enrollment.confirm_enrollment(services.db, services.settings, confirmed_by, confirmed, s3=services.s3)
    assert outcome == "needs_confirmation"
    assert len(keys(services, storage.HELD_PREFIX)) == 1  # the waiting one's face crop: most likely Rose's face
    tickets = {waiting, refused, confirmed}
    assert all(row["reason_detail"]["employee_id"] == str(rose) for row in sql(
        services, "SELECT reason_detail FROM enrollments WHERE id = ANY(%s::uuid[])", ([str(t) for t in tickets],)))

    assert erase_through_api(api, rose, how).status == 200

    assert moved.event.snapshot_key not in keys(services) and keys(services, storage.HELD_PREFIX) == set()
    assert sql(services, "SELECT snapshot_key, matched_employee_id, similarity FROM attendance_log WHERE id = %s",
               (moved.event.id,)) == [{"snapshot_key": None, "matched_employee_id": None, "similarity": None}]
    rid = str(rose)
    details = sql(services, "SELECT id, status, reason_detail FROM enrollments WHERE id = ANY(%s::uuid[])",
                  ([str(t) for t in tickets],))
    assert len(details) == 3 and all(row["reason_detail"].get("duplicate_of_erased") for row in details)
    for table, column in (("enrollments", "reason_detail"), ("idempotency_keys", "response"),
                          ("attendance_log", "review_detail")):
        naming = sql(services, f"SELECT {column} AS value FROM {table} WHERE {column}::text LIKE %s "
                               f"OR {column}::text LIKE %s", (f"%{rid}%", "%Rose%"))
        assert naming == [], (table, naming)
    # A replay of her check-in still answers (without her), and records nothing new.
    count = sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"]
    again = kiosk(rose_photo, "k-rose")
    assert again["replayed"] and again["identification"]["employee"] is None
    assert sql(services, "SELECT count(*) AS n FROM attendance_log")[0]["n"] == count
    assert retention.without_person({"x": [{"employee_id": rid, "similarity": 0.9}]}, rid) == {"x": []}


def test_erasure_leaves_no_margin_or_best_similarity_that_gives_the_persons_score_away(services):
    # Two ambiguous punches: Rose's face (she is the best candidate: the punch's similarity is hers) and Obama's
    # (she is a candidate behind him). After her erasure her candidate entries go, and so must the margin (best
    # minus runner-up: with the other one still listed, hers follows) and, where she was the best, the similarity.
    from facepass import retention

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    obama = person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    doubtful = with_settings(services, match_margin=0.95)

    def ambiguous(photo: str):
        result, _ = attendance.record_check(doubtful.db, doubtful.s3, doubtful.engine, doubtful.settings,
                                            data=fixture_bytes(photo), event_type="entry", device_id="door")
        assert result.event.employee is None and result.identification.decision == "ambiguous"
        return result

    hers = ambiguous("identities/fr_rose_leslie/train_img1.jpg")
    theirs = ambiguous("identities/fr_obama/obama3.jpg")
    assert hers.identification.candidates[0].employee_id == rose
    assert [c.employee_id for c in theirs.identification.candidates][:2] == [obama, rose]
    with services.db.transaction() as cur:  # Rose nowhere among its candidates: its margin is no one's business
        unrelated = repository.insert_attendance(
            cur, employee_id=None, occurred_at=NOW, event_type="entry", similarity=0.5, trace_id=uuid.uuid4(),
            snapshot_key=None, status="unknown", device_id="door", review_detail={
                "candidates": [{"employee_id": str(obama), "similarity": 0.5}], "margin": 0.2, "decision": "unknown"})
    scores = "SELECT id, similarity, liveness_score, review_detail FROM attendance_log"
    before = {row["id"]: row for row in sql(services, scores)}
    assert all(before[r.event.id]["review_detail"]["margin"] is not None for r in (hers, theirs))
    assert before[hers.event.id]["similarity"] == pytest.approx(hers.identification.candidates[0].similarity, abs=1e-3)

    retention.erase_employee(services.db, services.s3, services.settings, rose)

    after = {row["id"]: row for row in sql(services, scores)}
    for result in (hers, theirs):
        detail = after[result.event.id]["review_detail"]
        assert "margin" not in detail and str(rose) not in str(detail), detail
    assert after[hers.event.id]["similarity"] is None
    assert after[theirs.event.id]["similarity"] == before[theirs.event.id]["similarity"]  # Obama's
    # Where she was the best candidate, the photo's face is most like hers: its other scores go too.
    assert before[hers.event.id]["liveness_score"] is not None and after[hers.event.id]["liveness_score"] is None
    assert "liveness" in before[hers.event.id]["review_detail"]
    assert not {"liveness", "replay_similarity"} & after[hers.event.id]["review_detail"].keys()
    assert after[theirs.event.id]["liveness_score"] == before[theirs.event.id]["liveness_score"] is not None
    assert after[theirs.event.id]["review_detail"]["liveness"] == before[theirs.event.id]["review_detail"]["liveness"]
    assert after[unrelated["id"]]["review_detail"] == before[unrelated["id"]]["review_detail"]
    # A stored answer with the evidence of such a punch loses the same (older answers kept it).
    rid, oid = str(rose), str(obama)
    answer = {"similarity": 0.71, "margin": 0.05, "decision": "ambiguous", "employee": None,
              "candidates": [{"employee_id": rid, "similarity": 0.71}, {"employee_id": oid, "similarity": 0.66}]}
    assert retention.without_person(answer, rid) == {"similarity": None, "margin": None, "decision": "ambiguous",
                                                     "employee": None,
                                                     "candidates": [{"employee_id": oid, "similarity": 0.66}]}
    behind = {**answer, "candidates": answer["candidates"][::-1], "similarity": 0.66}
    assert retention.without_person(behind, rid)["similarity"] == 0.66


BIOMETRIC_AUDIT_KEYS = {"similarity", "liveness_score", "margin", "replay_similarity", "candidates",
                        "inactive_candidates", "review_detail", "liveness"}


def _audit(services) -> dict[int, dict]:
    return {row["id"]: row for row in sql(services, "SELECT * FROM attendance_audit ORDER BY id")}


def test_erasure_strips_the_face_scores_from_the_audit_rows_about_the_person(services):
    # The audit trail's snapshots keep the event's similarity and liveness score: scores of a face. After Rose's
    # erasure, the rows about her (her own punch, her face HR moved to Kit, an ambiguous punch with her the best
    # candidate) keep who, what, when and the ids, without those scores; a row about Obama alone keeps his.
    from facepass import retention, review
    from facepass.schemas import ReviewRequest

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    kit = person(services, "Kit", "identities/fr_kit_harington/train_john1.jpeg")
    obama = person(services, "Obama", "identities/fr_obama/train_obama.jpg")

    def decide(event: int, action: str, employee_id=None):
        # Forced: moving Rose's exit to Kit takes it from her counted shift (punch_conflict), as HR means to here.
        review.review_event(services.db, event, ReviewRequest(action=action, employee_id=employee_id, note=action,
                                                              force=True),
                            actor="hr", settings=services.settings)

    own = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=3))
    moved = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=2), kind="exit")
    obamas = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(hours=1))
    assert own.employee.id == rose and moved.employee.id == rose and obamas.employee.id == obama
    doubtful = with_settings(services, match_margin=0.95)
    ambiguous, _ = attendance.record_check(doubtful.db, doubtful.s3, doubtful.engine, doubtful.settings,
                                           data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                           event_type="entry", device_id="door", now=NOW)
    assert ambiguous.event.employee is None and ambiguous.identification.candidates[0].employee_id == rose
    decide(own.id, "confirm")
    decide(moved.id, "reassign", kit)
    decide(ambiguous.event.id, "reassign", kit)
    decide(obamas.id, "confirm")
    before = _audit(services)
    about_rose = {row["id"] for row in before.values() if row["attendance_id"] in (own.id, moved.id,
                                                                                  ambiguous.event.id)}
    assert len(about_rose) == 3 and all(before[i]["before"]["similarity"] is not None
                                        and before[i]["after"]["liveness_score"] is not None for i in about_rose)

    retention.erase_employee(services.db, services.s3, services.settings, rose)

    after = _audit(services)
    assert after.keys() == before.keys()
    for entry_id, row in after.items():
        if entry_id in about_rose:  # the same row, but the scores
            for side in ("before", "after"):
                assert not BIOMETRIC_AUDIT_KEYS & row[side].keys(), row
                assert row[side] == {k: v for k, v in before[entry_id][side].items()
                                     if k not in BIOMETRIC_AUDIT_KEYS}
            assert {k: v for k, v in row.items() if k not in ("before", "after")} == {
                k: v for k, v in before[entry_id].items() if k not in ("before", "after")}
        else:
            assert row == before[entry_id] and row["before"]["similarity"] is not None
    assert after[min(about_rose)]["before"]["employee_id"] == str(rose)
    # Erasing again changes nothing more.
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    assert _audit(services) == after
    # Her punches (her own, her face moved to Kit) keep no score of her face either: a review of her own punch
    # after the erasure audits none.
    scores = sql(services, "SELECT id, similarity, liveness_score, review_detail FROM attendance_log "
                           "WHERE id = ANY(%s)", ([own.id, moved.id, obamas.id],))
    assert all(row["similarity"] is None and row["liveness_score"] is None for row in scores if row["id"] != obamas.id)
    assert [row["similarity"] is not None for row in scores if row["id"] == obamas.id] == [True]
    decide(own.id, "reject")
    last = list(_audit(services).values())[-1]
    assert last["attendance_id"] == own.id and last["before"]["similarity"] is None
    assert last["before"]["liveness_score"] is None and last["after"]["liveness_score"] is None


def test_erasing_a_runner_up_keeps_the_matched_persons_score_in_the_audit(services):
    # An ambiguous punch, Obama first and Rose second, reassigned to Obama: its similarity (event and audit) is
    # Obama's face score, not Rose's. Her erasure leaves it in both; his strips it from the audit.
    from facepass import retention, review
    from facepass.schemas import ReviewRequest

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    obama = person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    doubtful = with_settings(services, match_margin=0.95)
    punch, _ = attendance.record_check(doubtful.db, doubtful.s3, doubtful.engine, doubtful.settings,
                                       data=fixture_bytes("identities/fr_obama/obama3.jpg"), event_type="entry",
                                       device_id="door", now=NOW)
    assert [c.employee_id for c in punch.identification.candidates][:2] == [obama, rose]
    review.review_event(services.db, punch.event.id, ReviewRequest(action="reassign", employee_id=obama, note="him"),
                        actor="hr", settings=services.settings)

    def scores() -> tuple:
        (event,) = sql(services, "SELECT similarity FROM attendance_log WHERE id = %s", (punch.event.id,))
        (audit,) = sql(services, "SELECT after FROM attendance_audit WHERE attendance_id = %s", (punch.event.id,))
        return event["similarity"], audit["after"].get("similarity")

    kept = scores()
    assert kept[0] is not None and kept[1] == pytest.approx(kept[0])
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    assert scores() == kept
    retention.erase_employee(services.db, services.s3, services.settings, obama)
    assert scores() == (None, None)


def test_people_erased_before_the_audit_scrub_are_scrubbed_by_the_next_cleanup(services):
    # What an erasure made before migration 0012 left: the scores on the person's punch and in its audit rows (set
    # back here by hand over today's erasure). Migration 0014 marks such erasures unfinished; the ledger replay then
    # erases again, with today's scrubs. A person erased and reactivated since is left alone.
    from pathlib import Path

    from facepass import retention, review
    from facepass.schemas import ReviewRequest

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    kit = person(services, "Kit", "identities/fr_kit_harington/train_john1.jpeg")
    own = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=3))
    review.review_event(services.db, own.id, ReviewRequest(action="confirm", note="ok"), actor="hr",
                        settings=services.settings)
    for erased in (rose, kit):
        retention.erase_employee(services.db, services.s3, services.settings, erased)
    sql(services, "UPDATE employees SET is_active = true WHERE id = %s", (kit,))  # back, after a finished erasure
    sql(services, "UPDATE attendance_log SET similarity = 0.7, liveness_score = 0.99 WHERE id = %s", (own.id,))
    sql(services, """INSERT INTO attendance_audit (attendance_id, action, actor, before, after)
                     VALUES (%s, 'confirm', 'hr', %s, %s)""",
        (own.id, *[json.dumps({"employee_id": str(rose), "similarity": 0.7})] * 2))
    migration = Path(__file__).parents[2] / "infra" / "migrations" / "0014_rerun_old_erasures.sql"
    sql(services, migration.read_text())

    report = run_cleanup(services.db, services.s3, services.settings)
    assert report.erasures_replayed == [str(rose)]
    (event,) = sql(services, "SELECT similarity, liveness_score FROM attendance_log WHERE id = %s", (own.id,))
    assert (event["similarity"], event["liveness_score"]) == (None, None)
    assert not [row for row in _audit(services).values()
                if row["attendance_id"] == own.id and ("similarity" in row["before"] or "similarity" in row["after"])]
    assert run_cleanup(services.db, services.s3, services.settings).erasures_replayed == []


def test_the_audit_trail_stays_append_only_but_for_the_erasure(services, database_url):
    # Only the erasure's change passes the trigger: every column as it was, before/after without the scores, for a
    # person marked erased, on a row about them. Any other UPDATE (a note, a partial strip, a row about someone else,
    # a person not erased), any DELETE and TRUNCATE are refused, also with the erasure's setting.
    import psycopg

    from facepass import retention, review
    from facepass.schemas import ReviewRequest

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    obama = person(services, "Obama", "identities/fr_obama/train_obama.jpg")
    hers = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=2))
    his = check(services, "identities/fr_obama/obama3.jpg", NOW - timedelta(hours=1))
    for event in (hers, his):
        review.review_event(services.db, event.id, ReviewRequest(action="confirm", note="ok"), actor="hr",
                            settings=services.settings)
    audit = {row["attendance_id"]: row["id"] for row in _audit(services).values()}
    hers_row, his_row = audit[hers.id], audit[his.id]
    with services.db.transaction() as cur:  # marked erased, the scores not yet stripped (as between the two steps)
        repository.mark_erased(cur, rose)
    keys = "ARRAY['similarity', 'liveness_score', 'margin', 'replay_similarity', 'candidates', " \
           "'inactive_candidates', 'review_detail', 'liveness']"
    refused_statements = [
        (None, f"UPDATE attendance_audit SET note = 'changed' WHERE id = {hers_row}"),
        (None, f"UPDATE attendance_audit SET before = before - {keys}, after = after - {keys} WHERE id = {hers_row}"),
        (rose, f"UPDATE attendance_audit SET note = 'changed', before = before - {keys}, after = after - {keys} "
               f"WHERE id = {hers_row}"),
        (rose, f"UPDATE attendance_audit SET before = before - 'similarity', after = after - 'similarity' "
               f"WHERE id = {hers_row}"),
        (rose, f"UPDATE attendance_audit SET before = before - {keys}, after = after - {keys} WHERE id = {his_row}"),
        (rose, f"UPDATE attendance_audit SET actor = 'someone' WHERE id = {hers_row}"),
        (obama, f"UPDATE attendance_audit SET before = before - {keys}, after = after - {keys} WHERE id = {his_row}"),
        (obama, f"SELECT erase_attendance_audit_biometrics('{obama}')"),
        (rose, f"DELETE FROM attendance_audit WHERE id = {hers_row}"),
        (rose, "TRUNCATE attendance_audit"),
    ]
    connection = psycopg.connect(database_url)
    try:
        for setting, statement in refused_statements:
            with connection.cursor() as cur:
                if setting is not None:
                    cur.execute("SELECT set_config('facepass.audit_erasure_of', %s, true)", (str(setting),))
                with pytest.raises(psycopg.Error) as refused:
                    cur.execute(statement)
            assert "append-only" in str(refused.value), statement
            connection.rollback()
        # A temporary table named employees, holding Obama as erased, does not stand in for the real one (any role
        # may create one; unlisted, pg_temp is searched first for tables): the guard reads the real table.
        for statement in (f"UPDATE attendance_audit SET before = before - {keys}, after = after - {keys} "
                          f"WHERE id = {his_row}", f"SELECT erase_attendance_audit_biometrics('{obama}')"):
            with connection.cursor() as cur:
                cur.execute("CREATE TEMP TABLE employees (id uuid, erased_at timestamptz, "
                            "consent_withdrawn_at timestamptz) ON COMMIT DROP")
                cur.execute("INSERT INTO employees VALUES (%s, now(), now())", (obama,))
                cur.execute("SELECT set_config('facepass.audit_erasure_of', %s, true)", (str(obama),))
                with pytest.raises(psycopg.Error) as refused:
                    cur.execute(statement)
            assert "append-only" in str(refused.value), statement
            connection.rollback()
    finally:
        connection.close()
    untouched = _audit(services)
    assert untouched[hers_row]["before"]["similarity"] is not None and untouched[hers_row]["note"] == "ok"
    # The erasure's own change passes, and only on her row.
    retention.erase_employee(services.db, services.s3, services.settings, rose)
    erased = _audit(services)
    assert "similarity" not in erased[hers_row]["after"] and erased[hers_row]["note"] == "ok"
    assert erased[his_row] == untouched[his_row]


def test_a_review_committing_during_the_erasure_leaves_no_score_in_the_audit(services):
    # HR rejects Rose's punch while her erasure runs: the review holds the event's row and has written its audit row
    # (with the scores it read) when the erasure reaches the events. The erasure waits for it, then scrubs that row
    # too (had it scrubbed the audit before waiting, that row would keep her scores).
    import threading

    import psycopg

    from facepass import retention, review
    from tests.conftest import wait_for_lock_waiters

    rose = person(services, "Rose", "identities/fr_rose_leslie/train_img2.jpg")
    own = check(services, "identities/fr_rose_leslie/train_img1.jpg", NOW - timedelta(hours=1))
    with services.db.transaction() as cur:  # its snapshot gone with retention: the erasure's first touch of the row
        repository.clear_deleted_snapshot_keys(cur, [own.snapshot_key])  # is the scores'
    outcome: list = []

    def erase():
        try:
            outcome.append(retention.erase_employee(services.db, services.s3, services.settings, rose))
        except Exception as error:  # the outcome
            outcome.append(error)

    reviewer = psycopg.connect(services.settings.database_url)
    try:
        with reviewer.cursor(row_factory=dict_row) as cur:  # as review_event does a reject
            row = repository.get_attendance(cur, own.id, for_update=True)
            updated = repository.apply_review(cur, own.id, review_state="rejected", employee_id=rose,
                                              reviewed_by="hr")
            repository.insert_audit(cur, attendance_id=own.id, action="reject", actor="hr", note="not her",
                                    before=review._audited(row), after=review._audited(updated))
            assert row["similarity"] is not None
            thread = threading.Thread(target=erase)
            thread.start()
        with reviewer.cursor() as plain:
            wait_for_lock_waiters(plain, 1, [thread])
        reviewer.commit()
    finally:
        reviewer.close()
    thread.join(30)
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    [entry] = _audit(services).values()
    assert entry["action"] == "reject" and entry["before"]["employee_id"] == str(rose)
    assert not BIOMETRIC_AUDIT_KEYS & (entry["before"].keys() | entry["after"].keys()), entry
