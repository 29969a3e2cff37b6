"""The deploy's schema step: the CloudFormation custom resource SchemaMigration (template.yaml) runs the migrations
against the stack's database from inside the VPC, before the functions that need the new schema are updated, and
answers CloudFormation on the pre-signed ResponseURL. A FAILED answer stops the deploy and rolls it back before any
new code serves traffic."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from psycopg.rows import dict_row

from facepass import close_settings, repository, storage
from facepass.config import Settings
from facepass.db import (
    describe_database_url,
    list_migrations,
    migrate,
    migration_connection,
    migrations_sha256,
    resolve_database_url,
)
from facepass.lifecycle import backstop_problems

logger = logging.getLogger(__name__)

PHYSICAL_ID = "facepass-schema"  # one per stack; kept across updates, so CloudFormation never sends a Delete for it
REASON_MAX_BYTES = 2000  # the whole response body (UTF-8) must stay under CloudFormation's 4 KB
SAFETY_SECONDS = 20  # answer FAILED this long before the function would time out without answering
PUT_ATTEMPTS = 3


@dataclass(frozen=True)
class CustomResourceRequest:
    """The fields of a CloudFormation custom resource request this step reads."""

    request_type: Literal["Create", "Update", "Delete"]
    response_url: str
    stack_id: str
    request_id: str
    logical_resource_id: str
    physical_resource_id: str | None = None
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    status: Literal["SUCCESS", "FAILED"]
    reason: str
    data: dict[str, str] = field(default_factory=dict)


def run_schema_step(request: CustomResourceRequest, settings: Settings, *, secret_reader=None,
                    time_limit_ms: int | None = None,
                    read_stack_status: Callable[[str], str] | None = None) -> Outcome:
    """Create/Update: migrate the configured database (never the embedded local one), no statement longer than
    `time_limit_ms`. Delete: nothing - the schema outlives the stack with the data it holds. An Update carrying
    another migration set than this code's is a rollback (CloudFormation sends the old properties): there are no
    down-migrations, so it succeeds without touching the database rather than fail the rollback too. A rollback with
    the same migration set (a settings-only deploy) is told by the stack's status (rollback_status): it is never
    refused over the report settings either."""
    if request.request_type == "Delete":
        return Outcome("SUCCESS", "delete: the database and its schema are left as they are")
    sent_hash = request.properties.get("MigrationsSha256")
    if request.request_type == "Update" and sent_hash and sent_hash != migrations_sha256(settings.migrations_dir):
        return Outcome("SUCCESS", "another migration set than this code's (a rollback): the schema is left as it is")
    problems = retention_problems(request.properties)
    if problems:
        return Outcome("FAILED", "; ".join(problems))
    try:
        url = resolve_database_url(settings, secret_reader=secret_reader, embedded=False)
    except Exception as error:  # every failure must reach CloudFormation as a reason
        return Outcome("FAILED", f"database not reachable from its settings: {error}")
    target = describe_database_url(url)
    try:
        problems = close_problems(url, request.properties, time_limit_ms=time_limit_ms)
    except Exception as error:
        logger.exception("reading the pay-period lock failed", extra={"database": target})
        return Outcome("FAILED", f"reading the pay-period lock of {target} failed: {type(error).__name__}: {error}")
    if problems:
        try:
            rolling_back = rollback_status(request.stack_id, read_stack_status)
        except StackStatusUnknown as error:
            return Outcome("FAILED", "; ".join(problems) + f" (the stack's status, which tells a rollback, could not "
                           f"be read: {error}; give the functions' subnets a way to the CloudFormation API, a NAT or "
                           "an interface endpoint for cloudformation; a rollback stopped here continues with `aws "
                           "cloudformation continue-update-rollback`)")
        if rolling_back is None:
            return Outcome("FAILED", "; ".join(problems))
        # A rollback sends the values the stack ran with before this deploy; a close made meanwhile (the new functions
        # ran) recorded the new ones. Failing here would leave the stack UPDATE_ROLLBACK_FAILED: the values are said,
        # and GET /payroll/lock answers settings_differ (a close is refused until they are restored or reopened).
        logger.warning("rollback: the report settings differ from the current close's; not refused",
                       extra={"stack_status": rolling_back, "problems": problems})
    try:
        applied = migrate(url, settings.migrations_dir, time_limit_ms=time_limit_ms)
    except Exception as error:
        logger.exception("migration failed", extra={"database": target})
        return Outcome("FAILED", f"migrating {target} failed: {type(error).__name__}: {error}")
    latest = list_migrations(settings.migrations_dir)[-1].version
    done = f"applied {', '.join(applied)}" if applied else "already up to date"
    logger.info("schema migrated", extra={"database": target, "applied": applied, "schema_version": latest})
    return Outcome("SUCCESS", f"{target}: {done} (schema {latest})",
                   {"SchemaVersion": latest, "Applied": ",".join(applied) or "-"})


def retention_problems(properties: Mapping[str, Any]) -> list[str]:
    """The lifecycle backstop parameters against the retention parameters (template.yaml hands all four to the
    resource, as strings): a deploy that would let S3 delete snapshots before retention ends fails here, before
    the bucket's rules change. Checked on the properties, not the function's environment, so a rollback (the old
    properties, sent to the new function) passes too."""
    names = ("SnapshotRetentionDays", "ReviewMaxDays", "SnapshotBackstopDays", "ReviewSnapshotBackstopDays")
    if not all(name in properties for name in names):
        return []
    retention, review_max, backstop, review_backstop = (int(properties[name]) for name in names)
    return backstop_problems({storage.SNAPSHOT_PREFIX: backstop, storage.REVIEW_SNAPSHOT_PREFIX: review_backstop},
                             retention_days=retention, review_max_days=review_max)


def close_problems(url: str, properties: Mapping[str, Any], *, time_limit_ms: int | None = None) -> list[str]:
    """The report settings this deploy sets (ReportTimezone, MaxShiftHours, CheckinRepeatWindowSeconds: properties,
    so a change re-runs the resource) against those the current pay-period close was computed with
    (close_settings.deploy_problems): a deploy that would move the figures of closed, paid days fails here, before
    anything changes. Read before migrating, from whatever schema the database has (none, or one before the close
    settings were kept: nothing to compare). A rollback sends the old properties: those of the running stack."""
    if close_settings.from_properties(properties) is None:
        return []
    connection = migration_connection(url, time_limit_ms, row_factory=dict_row)
    try:
        with connection.transaction(), connection.cursor() as cur:
            row = repository.pay_period_lock_as_deployed(cur)
    finally:
        connection.close()
    return close_settings.deploy_problems(row, properties)


ROLLBACK_STATUS_SUFFIX = "ROLLBACK_IN_PROGRESS"  # UPDATE_ROLLBACK_IN_PROGRESS, ROLLBACK_IN_PROGRESS, IMPORT_...


def stack_status(stack_id: str) -> str:
    """The stack's own status (describe_stacks on the request's StackId: the function's role may read only its own
    stack), in the region the StackId names. Short timeouts: a VPC without a way to the CloudFormation API (NAT, or
    an interface endpoint for `cloudformation`) fails in seconds, not the function's 15 minutes."""
    import boto3
    from botocore.config import Config

    parts = stack_id.split(":")
    region = parts[3] if len(parts) > 3 and parts[0] == "arn" and parts[3] else None
    client = boto3.client("cloudformation", region_name=region,
                          config=Config(connect_timeout=5, read_timeout=10,
                                        retries={"mode": "standard", "max_attempts": 3}))
    return client.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]


def rollback_status(stack_id: str, read: Callable[[str], str] | None = None) -> str | None:
    """The stack's status when CloudFormation is rolling it back (`*_ROLLBACK_IN_PROGRESS`), else None. CloudFormation
    sends a rollback's Update like any other, the previous properties as ResourceProperties: a deploy setting the
    previous values again looks the same, so only the status tells them apart. Read only when a check found a
    problem (a settings-only deploy's rollback carries the same migration set). When it cannot be read the deploy is
    treated as one (the check stands) and the reason says why."""
    try:
        status = (read or stack_status)(stack_id)
    except Exception as error:  # any failure: the status is unknown
        logger.warning("reading the stack's status failed", exc_info=True, extra={"stack_id": stack_id})
        raise StackStatusUnknown(f"{type(error).__name__}: {error}") from error
    return status if status.endswith(ROLLBACK_STATUS_SUFFIX) else None


class StackStatusUnknown(Exception):
    """describe_stacks failed: whether this is a rollback is not known."""


def response_body(request: CustomResourceRequest, outcome: Outcome) -> dict:
    return {"Status": outcome.status, "Reason": _clipped(outcome.reason),
            "PhysicalResourceId": request.physical_resource_id or PHYSICAL_ID, "StackId": request.stack_id,
            "RequestId": request.request_id, "LogicalResourceId": request.logical_resource_id, "NoEcho": False,
            "Data": outcome.data}


def _clipped(reason: str) -> str:
    """The reason within REASON_MAX_BYTES once encoded (a database's message may be in any script)."""
    encoded = reason.encode()
    return reason if len(encoded) <= REASON_MAX_BYTES else encoded[:REASON_MAX_BYTES].decode(errors="ignore")


def send_response(request: CustomResourceRequest, outcome: Outcome) -> None:
    """PUT the answer to the pre-signed ResponseURL (an S3 URL: a function in private subnets reaches it through a
    NAT gateway or the S3 gateway endpoint). Signed without a content type, so none is sent."""
    if not request.response_url.startswith(("https://", "http://")):
        raise ValueError(f"ResponseURL is not an HTTP(S) URL: {request.response_url[:40]!r}")
    body = json.dumps(response_body(request, outcome), ensure_ascii=False).encode()
    for attempt in range(1, PUT_ATTEMPTS + 1):
        put = urllib.request.Request(request.response_url, data=body, method="PUT",  # noqa: S310 - checked above
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
        try:
            with urllib.request.urlopen(put, timeout=30) as answer:  # noqa: S310 - checked above
                answer.read()
            return
        except OSError:
            if attempt == PUT_ATTEMPTS:
                raise
            logger.warning("answering CloudFormation failed; trying again", exc_info=True)
            time.sleep(attempt)


class _OneAnswer:
    """Sends at most one answer: the step's, or FAILED shortly before the function times out (CloudFormation would
    otherwise wait for an answer that never comes)."""

    def __init__(self, request: CustomResourceRequest, send: Callable[[CustomResourceRequest, Outcome], None]):
        self._request, self._send = request, send
        self._lock = threading.Lock()
        self.sent: Outcome | None = None

    def __call__(self, outcome: Outcome) -> bool:
        with self._lock:
            if self.sent is not None:
                logger.error("an answer was already sent; this one is dropped", extra={"status": outcome.status,
                                                                                       "reason": outcome.reason})
                return False
            self.sent = outcome
        self._send(self._request, outcome)
        return True


def handle(request: CustomResourceRequest, settings: Settings, *, remaining_ms: Callable[[], int] | None = None,
           send: Callable[[CustomResourceRequest, Outcome], None] = send_response, secret_reader=None,
           read_stack_status: Callable[[str], str] | None = None) -> Outcome:
    """Run the step and answer CloudFormation exactly once, whatever happens."""
    answer = _OneAnswer(request, send)
    timer = None
    if remaining_ms is not None:
        timer = threading.Timer(max(remaining_ms() / 1000 - SAFETY_SECONDS, 1.0), answer,
                                args=(Outcome("FAILED", "the migration did not finish before the function's "
                                                        "timeout; see the MigrateFunction log"),))
        timer.daemon = True
        timer.start()
    # Statements are cancelled before the FAILED answer goes: no migration commits behind it.
    limit = max(int(remaining_ms() - (SAFETY_SECONDS + 5) * 1000), 500) if remaining_ms is not None else None
    try:
        outcome = run_schema_step(request, settings, secret_reader=secret_reader, time_limit_ms=limit,
                                  read_stack_status=read_stack_status)
    except Exception as error:  # an unexpected failure must still answer
        logger.exception("schema step failed")
        outcome = Outcome("FAILED", f"{type(error).__name__}: {error}")
    finally:
        if timer is not None:
            timer.cancel()
    answer(outcome)
    return answer.sent or outcome
