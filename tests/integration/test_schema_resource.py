"""The deploy's schema step (template.yaml SchemaMigration -> functions/migrate): the handler migrates the configured
database and answers CloudFormation with a PUT to the ResponseURL - here a real HTTP server on loopback."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import pytest

from facepass.config import Settings, get_settings
from facepass.db import list_migrations, migrate, migrations_sha256
from facepass.local.lambda_events import LocalLambdaContext
from facepass.schema_resource import CustomResourceRequest, handle
from tests.conftest import create_database

VERSIONS = [migration.version for migration in list_migrations(Settings().migrations_dir)]


class CloudFormationEndpoint:
    """Receives the custom resource answers as CloudFormation's pre-signed S3 URL would."""

    def __init__(self) -> None:
        answers = self.answers = []

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answers.append({"path": self.path, "content_type": self.headers.get("Content-Type"),
                                "body": json.loads(body)})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cloudformation(monkeypatch):
    """The answers' endpoint, and the stack the requests come from, in moto's CloudFormation (the function reads its
    status to tell a rollback): `set_status` moves it as a deploy would."""
    from moto import mock_aws
    from moto.cloudformation.models import cloudformation_backends

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    endpoint = CloudFormationEndpoint()
    with mock_aws():
        import boto3

        stack_id = boto3.client("cloudformation", region_name="us-east-1").create_stack(
            StackName="facepass", TemplateBody=json.dumps(
                {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}))["StackId"]
        stack = cloudformation_backends["123456789012"]["us-east-1"].get_stack(stack_id)
        endpoint.stack_id = stack_id

        def set_status(status: str) -> None:
            stack.status = status

        endpoint.set_status = set_status
        set_status("UPDATE_IN_PROGRESS")
        yield endpoint
    endpoint.stop()


def event(cloudformation, request_type: str, **extra) -> dict:
    body = {"RequestType": request_type, "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:migrate",
            "ResponseURL": f"{cloudformation.url}/cloudformation-response?X-Amz-Signature=abc",
            "StackId": cloudformation.stack_id,
            "RequestId": str(uuid.uuid4()), "LogicalResourceId": "SchemaMigration",
            "ResourceType": "AWS::CloudFormation::CustomResource",
            "ResourceProperties": {"ServiceToken": "arn", "LatestMigration": VERSIONS[-1],
                                   "MigrationsSha256": migrations_sha256(Settings().migrations_dir)}}
    return {**body, **extra}


@pytest.fixture
def handler(monkeypatch):
    """The real handler module, its settings from the environment each test sets."""
    import migrate_handler

    def invoke(env: dict, payload: dict) -> dict:
        for name in ("DATABASE_URL", "FACEPASS_DATABASE_URL", "FACEPASS_DATABASE_SECRET_ARN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        try:
            return migrate_handler.lambda_handler(payload, LocalLambdaContext(function_name="MigrateFunction"))
        finally:
            get_settings.cache_clear()

    return invoke


def applied(url: str) -> list[str]:
    connection = psycopg.connect(url)
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
            if not cur.fetchone()[0]:
                return []
            cur.execute("SELECT version FROM schema_migrations ORDER BY version")
            return [row[0] for row in cur.fetchall()]
    finally:
        connection.close()


def test_create_migrates_the_database_and_answers_success(pg_server, cloudformation, handler):
    url = create_database(pg_server, "t_cfn_create")
    request = event(cloudformation, "Create")
    result = handler({"DATABASE_URL": url}, request)
    assert result["Status"] == "SUCCESS"
    assert applied(url) == VERSIONS
    [answer] = cloudformation.answers
    assert answer["path"] == "/cloudformation-response?X-Amz-Signature=abc"
    assert answer["content_type"] == ""  # the URL is signed without one
    body = answer["body"]
    assert body["Status"] == "SUCCESS"
    assert (body["RequestId"], body["StackId"], body["LogicalResourceId"]) == (
        request["RequestId"], request["StackId"], "SchemaMigration")
    assert body["PhysicalResourceId"] == "facepass-schema"
    assert body["Data"] == {"SchemaVersion": VERSIONS[-1], "Applied": ",".join(VERSIONS)}
    assert "t_cfn_create" in body["Reason"] and ":" not in body["Reason"].split("@")[0]  # the target, no password

    again = handler({"DATABASE_URL": url}, event(cloudformation, "Update", PhysicalResourceId="facepass-schema"))
    assert again["Status"] == "SUCCESS" and "already up to date" in again["Reason"]
    assert cloudformation.answers[1]["body"]["PhysicalResourceId"] == "facepass-schema"


def test_an_unreachable_database_answers_failed_with_the_reason(cloudformation, handler):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = handler({"DATABASE_URL": f"postgresql://facepass:secret@127.0.0.1:{port}/facepass"},
                     event(cloudformation, "Update", PhysicalResourceId="facepass-schema"))
    assert result["Status"] == "FAILED"
    [answer] = cloudformation.answers
    assert answer["body"]["Status"] == "FAILED"
    assert f"migrating facepass@127.0.0.1:{port}/facepass failed" in answer["body"]["Reason"]
    assert "secret" not in answer["body"]["Reason"]


def test_without_a_configured_database_it_fails_instead_of_migrating_an_embedded_one(cloudformation, handler,
                                                                                      tmp_path):
    result = handler({"FACEPASS_DATA_DIR": str(tmp_path)}, event(cloudformation, "Create"))
    assert result["Status"] == "FAILED"
    assert "no database configured" in cloudformation.answers[0]["body"]["Reason"]
    assert not (tmp_path / "pgdata").exists()


def test_delete_answers_success_without_touching_the_database(pg_server, cloudformation, handler):
    url = create_database(pg_server, "t_cfn_delete")
    result = handler({"DATABASE_URL": url}, event(cloudformation, "Delete", PhysicalResourceId="facepass-schema"))
    assert result["Status"] == "SUCCESS"
    assert cloudformation.answers[0]["body"]["Status"] == "SUCCESS"
    assert applied(url) == []


def test_a_migration_outliving_the_function_is_answered_failed_before_the_timeout(pg_server, cloudformation,
                                                                                  tmp_path):
    url = create_database(pg_server, "t_cfn_slow")
    (tmp_path / "0001_slow.sql").write_text("SELECT pg_sleep(3);")
    settings = Settings(database_url=url, migrations_dir=tmp_path)
    payload = event(cloudformation, "Create")
    request = CustomResourceRequest(request_type="Create", response_url=payload["ResponseURL"],
                                    stack_id=payload["StackId"], request_id=payload["RequestId"],
                                    logical_resource_id="SchemaMigration")
    from facepass import schema_resource

    outcome = handle(request, settings, remaining_ms=lambda: (schema_resource.SAFETY_SECONDS + 1) * 1000)
    assert outcome.status == "FAILED" and "timeout" in outcome.reason
    assert [answer["body"]["Status"] for answer in cloudformation.answers] == ["FAILED"]  # one answer only
    assert applied(url) == []  # cancelled before the answer: nothing commits behind a FAILED


def test_a_rollback_update_with_the_old_migration_set_succeeds_without_migrating(pg_server, cloudformation,
                                                                                 handler):
    # A later resource failed, or this migration did: CloudFormation sends the old properties back. There are no
    # down-migrations; failing again would leave the stack UPDATE_ROLLBACK_FAILED.
    url = create_database(pg_server, "t_cfn_rollback")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(MigrationsSha256="1" * 64, LatestMigration="0008_repeat_of")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "SUCCESS" and "rollback" in cloudformation.answers[0]["body"]["Reason"]
    assert applied(url) == []


def test_backstops_shorter_than_retention_fail_the_deploy_before_migrating(pg_server, cloudformation, handler):
    """SnapshotRetentionDays raised to 30 with SnapshotBackstopDays left at 8: the deploy fails with the fix in its
    reason, and nothing is migrated; consistent values (also an old set sent back in a rollback) pass."""
    url = create_database(pg_server, "t_cfn_backstop")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(SnapshotRetentionDays="30", ReviewMaxDays="30", SnapshotBackstopDays="8",
                                         ReviewSnapshotBackstopDays="38")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED"
    reason = cloudformation.answers[0]["body"]["Reason"]
    assert "SnapshotBackstopDays must be at least 31 (snapshot retention 30 days + 1)" in reason
    assert "ReviewSnapshotBackstopDays must be at least 61" in reason
    assert applied(url) == []
    payload["ResourceProperties"].update(SnapshotRetentionDays="7", ReviewMaxDays="30")
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"
    assert applied(url) == VERSIONS


STACK_SETTINGS = {"ReportTimezone": "UTC", "MaxShiftHours": "16", "CheckinRepeatWindowSeconds": "120"}


def _close(url: str, through: date, **settings) -> None:
    """HR closes through `through` with these report settings (the running API's)."""
    from facepass import payroll
    from facepass.db import Database
    from facepass.schemas import PayPeriodLockRequest

    db = Database(url)
    try:
        payroll.set_lock(db, Settings(database_url=url, **settings), PayPeriodLockRequest(closed_through=through),
                         actor="hr")
    finally:
        db.close()


def test_report_settings_other_than_the_current_closes_fail_the_deploy_naming_each(pg_server, cloudformation,
                                                                                   handler):
    """Days closed under UTC, 16 h shifts and a 120 s window: a deploy setting ReportTimezone Europe/Berlin and
    MaxShiftHours 12 fails before anything changes, its reason naming each value, the closed-with one and what to do;
    the values kept (also an old set sent back in a rollback), it passes; with nothing closed, any values pass."""
    url = create_database(pg_server, "t_cfn_close_settings")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(STACK_SETTINGS, ReportTimezone="Europe/Berlin")
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"  # nothing closed: no check
    assert applied(url) == VERSIONS
    _close(url, date(2025, 11, 30))

    payload["ResourceProperties"].update(ReportTimezone="Europe/Berlin", MaxShiftHours="12")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED"
    reason = cloudformation.answers[-1]["body"]["Reason"]
    assert reason == result["Reason"]
    assert ("the pay period is closed through 2025-11-30 with ReportTimezone UTC (FACEPASS_REPORT_TIMEZONE); this "
            "deploy sets Europe/Berlin") in reason
    assert "keep ReportTimezone UTC (or give the people who need another zone their own `timezone`" in reason
    assert "with MaxShiftHours 16 (FACEPASS_MAX_SHIFT_HOURS); this deploy sets 12" in reason
    assert "keep MaxShiftHours 16" in reason and "CheckinRepeatWindowSeconds" not in reason
    assert "or reopen the closed days first" in reason and "audited" in reason
    with psycopg.connect(url) as connection, connection.cursor() as cur:
        cur.execute("SELECT closed_through, report_timezone, max_shift_hours FROM pay_period_lock")
        assert cur.fetchone() == (date(2025, 11, 30), "UTC", 16)  # nothing changed

    payload["ResourceProperties"].update(STACK_SETTINGS, CheckinRepeatWindowSeconds="30")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED" and "CheckinRepeatWindowSeconds 120" in result["Reason"]

    payload["ResourceProperties"].update(STACK_SETTINGS)  # kept: the deploy (or the rollback) goes through
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"


def test_the_close_settings_check_fails_before_migrating_and_passes_closes_from_before_they_were_kept(
        pg_server, cloudformation, handler, tmp_path):
    """A database at 0028 with days closed (no values kept): the deploy adding 0029 cannot compare, so it passes and
    migrates; once a close under the new schema has recorded them, a deploy changing them fails with nothing
    migrated (a later migration stays pending)."""
    url = create_database(pg_server, "t_cfn_close_before")
    before = tmp_path / "before"
    before.mkdir()
    for migration in list_migrations(Settings().migrations_dir):
        if migration.version < "0029":
            (before / migration.path.name).write_text(migration.path.read_text())
    migrate(url, before)
    with psycopg.connect(url) as connection, connection.cursor() as cur:
        cur.execute("UPDATE pay_period_lock SET closed_through = '2025-10-31', changed_by = 'hr' WHERE id")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(STACK_SETTINGS, ReportTimezone="Asia/Tokyo")
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"
    assert applied(url) == VERSIONS
    _close(url, date(2025, 11, 30), report_timezone="Asia/Tokyo")

    later = tmp_path / "later"
    later.mkdir()
    for migration in list_migrations(Settings().migrations_dir):
        (later / migration.path.name).write_text(migration.path.read_text())
    (later / "9999_later.sql").write_text("CREATE TABLE later_migration (id int);")
    payload["ResourceProperties"].update(STACK_SETTINGS, MigrationsSha256=migrations_sha256(later))
    result = handler({"DATABASE_URL": url, "FACEPASS_MIGRATIONS_DIR": str(later)}, payload)
    assert result["Status"] == "FAILED" and "ReportTimezone Asia/Tokyo" in result["Reason"]
    assert applied(url) == VERSIONS  # 9999_later not applied: refused before anything changed


def test_a_long_reason_in_any_script_keeps_the_answer_under_cloudformations_4_kb(cloudformation):
    from facepass.schema_resource import Outcome, send_response

    request = CustomResourceRequest(request_type="Update", response_url=f"{cloudformation.url}/r",
                                    stack_id="arn:aws:cloudformation:us-east-1:123456789012:stack/facepass/1",
                                    request_id=str(uuid.uuid4()), logical_resource_id="SchemaMigration",
                                    physical_resource_id="facepass-schema")
    send_response(request, Outcome("FAILED", "ошибка миграции: 🙈 " * 400))
    answer = cloudformation.answers[0]
    assert answer["body"]["Status"] == "FAILED" and answer["body"]["Reason"].startswith("ошибка миграции")
    assert len(json.dumps(answer["body"], ensure_ascii=False).encode()) < 4096


def test_a_rollback_sending_other_report_settings_than_the_current_close_never_fails(pg_server, cloudformation,
                                                                                     handler):
    """Nothing closed; a deploy sets ReportTimezone UTC -> Asia/Tokyo (passes); the functions switch and HR closes
    (Tokyo recorded); a later resource fails and CloudFormation rolls back, sending UTC with the same migration set:
    the stack is UPDATE_ROLLBACK_IN_PROGRESS, so it succeeds (failing would leave it UPDATE_ROLLBACK_FAILED). The
    same values sent by a deploy (UPDATE_IN_PROGRESS) still fail; a status that cannot be read keeps the check and
    says why."""
    url = create_database(pg_server, "t_cfn_close_rollback")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(STACK_SETTINGS, ReportTimezone="Asia/Tokyo")
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"  # nothing closed yet
    _close(url, date(2025, 11, 30), report_timezone="Asia/Tokyo")

    cloudformation.set_status("UPDATE_ROLLBACK_IN_PROGRESS")
    rollback = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    rollback["ResourceProperties"].update(STACK_SETTINGS)  # the previous values: UTC
    result = handler({"DATABASE_URL": url}, rollback)
    assert result["Status"] == "SUCCESS", result["Reason"]
    assert cloudformation.answers[-1]["body"]["Status"] == "SUCCESS"
    assert applied(url) == VERSIONS
    with psycopg.connect(url) as connection, connection.cursor() as cur:
        cur.execute("SELECT closed_through, report_timezone FROM pay_period_lock")
        assert cur.fetchone() == (date(2025, 11, 30), "Asia/Tokyo")  # the close is left as it is

    cloudformation.set_status("UPDATE_IN_PROGRESS")  # a deploy sending UTC: refused as before
    again = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    again["ResourceProperties"].update(STACK_SETTINGS)
    result = handler({"DATABASE_URL": url}, again)
    assert result["Status"] == "FAILED" and "ReportTimezone Asia/Tokyo" in result["Reason"]

    unknown = event(cloudformation, "Update", PhysicalResourceId="facepass-schema",
                    StackId="arn:aws:cloudformation:us-east-1:123456789012:stack/gone/1")
    unknown["ResourceProperties"].update(STACK_SETTINGS)
    result = handler({"DATABASE_URL": url}, unknown)
    assert result["Status"] == "FAILED" and "ReportTimezone Asia/Tokyo" in result["Reason"]
    assert "the stack's status, which tells a rollback, could not be read" in result["Reason"]


def test_numbers_are_compared_as_numbers_and_one_not_whole_fails_with_its_reason(pg_server, cloudformation, handler):
    """Closed with 16 h and 120 s: MaxShiftHours `16.0` and CheckinRepeatWindowSeconds `0120` (as typed, sent as
    strings) are the same values and pass; 16.5 is no whole number of hours (Settings refuses it at cold start): it
    fails, saying so, closed or not."""
    url = create_database(pg_server, "t_cfn_close_numbers")
    payload = event(cloudformation, "Update", PhysicalResourceId="facepass-schema")
    payload["ResourceProperties"].update(STACK_SETTINGS, MaxShiftHours="16.5")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED"
    assert result["Reason"].startswith("MaxShiftHours 16.5 is not a whole number of hours")
    assert applied(url) == []
    payload["ResourceProperties"].update(STACK_SETTINGS)
    assert handler({"DATABASE_URL": url}, payload)["Status"] == "SUCCESS"
    _close(url, date(2025, 11, 30))

    payload["ResourceProperties"].update(MaxShiftHours="16.0", CheckinRepeatWindowSeconds="0120")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "SUCCESS", result["Reason"]
    payload["ResourceProperties"].update(CheckinRepeatWindowSeconds="120.5")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED"
    assert "CheckinRepeatWindowSeconds 120.5 is not a whole number of seconds" in result["Reason"]
    payload["ResourceProperties"].update(CheckinRepeatWindowSeconds="30.0")
    result = handler({"DATABASE_URL": url}, payload)
    assert result["Status"] == "FAILED" and "CheckinRepeatWindowSeconds 120" in result["Reason"]
