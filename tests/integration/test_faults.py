"""Faults at the boundaries (S3 via botocore hooks, PostgreSQL via pg_terminate_backend): nothing
is lost or duplicated, and a retry or the cleanup recovers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
import requests
from botocore.exceptions import ClientError

from facepass import attendance, employees, enrollment, identification, storage
from facepass.errors import DatabaseConflict, DatabaseUnavailable
from facepass.local.lambda_events import LocalLambdaContext, s3_put_event
from facepass.retention import erase_employee
from facepass.schemas import EmployeeCreate
from tests.conftest import CONSENTED, fixture_bytes, fresh_database, s3_hook
from tests.function_roles import run_cleanup

PHOTO = "identities/fr_obama/train_obama.jpg"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name[:30])


@pytest.fixture
def embed(services):
    import embedding_handler

    embedding_handler.use_services(services)

    def deliver(key: str) -> dict:
        event = s3_put_event(services.settings.bucket, key, size=1)
        return embedding_handler.lambda_handler(event, LocalLambdaContext())["outcomes"][0]

    yield deliver
    embedding_handler.use_services(None)


def new_employee(services, name="Person") -> uuid.UUID:
    return employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
                                                                 full_name=name, email=f"{uuid.uuid4().hex}@x.io")).id


def enrolled_obama(services) -> uuid.UUID:
    employee = new_employee(services, "Obama")
    outcome, _ = enrollment.enroll_photo(services.db, services.engine, services.settings, employee,
                                         fixture_bytes(PHOTO), source_key="test/obama")
    assert outcome == "completed"
    return employee


def keys(services, prefix="") -> set[str]:
    return {item["Key"] for item in storage.list_keys(services.s3, bucket=services.settings.bucket, prefix=prefix)}


def faces(services, employee_id) -> int:
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM face_embeddings WHERE employee_id = %s", (employee_id,))
        return cur.fetchone()["n"]


def backend_pid(services) -> int:
    with services.db.transaction() as cur:
        cur.execute("SELECT pg_backend_pid() AS pid")
        return cur.fetchone()["pid"]


def kill_connection(pid: int, database_url: str) -> None:
    admin = psycopg.connect(database_url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    admin.close()


def test_failing_delete_object_is_retried_and_the_photo_goes(services, embed):
    employee = new_employee(services)
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    services.s3.put_object(Bucket=services.settings.bucket, Key=ticket.key, Body=fixture_bytes(PHOTO))
    failures = {"left": 1}

    def throttled(**_):
        if failures["left"]:
            failures["left"] -= 1
            raise ClientError({"Error": {"Code": "SlowDown", "Message": "Reduce your request rate"}}, "DeleteObject")

    with s3_hook(services, "before-call.s3.DeleteObject", throttled):
        with pytest.raises(ClientError):
            embed(ticket.key)  # Lambda would retry this event
        assert faces(services, employee) == 1 and ticket.key in keys(services)
        retried = embed(ticket.key)
    assert retried["outcome"] == "already_final"
    assert faces(services, employee) == 1
    assert keys(services, "enroll/") == set()


def test_database_dropped_between_statements_of_a_check_in(services, database_url):
    enrolled_obama(services)

    pid = backend_pid(services)

    def drop_database_connection(**_):  # after the search and the replay read, before the check's transaction
        kill_connection(pid, database_url)

    with s3_hook(services, "after-call.s3.PutObject", drop_database_connection), pytest.raises(DatabaseUnavailable):
        attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                data=fixture_bytes("identities/fr_obama/obama3.jpg"), event_type="entry",
                                idempotency_key="k-1")
    assert keys(services, "snapshots/") == set()  # the orphan snapshot was removed with the failed row
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes("identities/fr_obama/obama3.jpg"),
                                             event_type="entry", idempotency_key="k-1")
    assert status == 201 and not result.replayed
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log")
        assert cur.fetchone()["n"] == 1
    assert keys(services, "snapshots/") == {result.event.snapshot_key}


def test_identify_reads_outside_a_transaction_and_survives_a_dropped_connection(services, database_url):
    employee = enrolled_obama(services)
    data = fixture_bytes("identities/fr_obama/obama3.jpg")

    def identify():
        return identification.identify_faces(services.db, services.engine, services.settings, data)

    assert identify().employee.id == employee
    with services.db.reading() as cur:  # no BEGIN: nothing stays open after the statement
        cur.execute("SELECT 1")
        assert cur.connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with services.db.transaction() as cur:  # and the connection is transactional again for everyone else
        cur.execute("SELECT 1")
        assert cur.connection.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    kill_connection(backend_pid(services), database_url)
    with pytest.raises(DatabaseUnavailable):
        identify()
    assert identify().employee.id == employee  # a new connection


def test_upload_event_after_the_employee_was_erased(services, embed):
    employee = new_employee(services)
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)
    services.s3.put_object(Bucket=services.settings.bucket, Key=ticket.key, Body=fixture_bytes(PHOTO))
    erase_employee(services.db, services.s3, services.settings, employee)
    outcome = embed(ticket.key)  # the notification was already in flight
    assert outcome["outcome"] == "ignored"
    assert faces(services, employee) == 0
    assert keys(services) == {f"erasures/{employee}.json"}  # nothing of them but the erasure's ledger entry


def test_the_same_presigned_post_used_twice(services, embed):
    employee = new_employee(services)
    ticket = enrollment.create_upload_ticket(services.db, services.s3, services.settings, employee)

    def post(photo: str) -> int:
        return requests.post(ticket.upload.url, data=ticket.upload.fields,
                             files={"file": ("p.jpg", fixture_bytes(photo), "image/jpeg")}, timeout=10).status_code

    assert post(PHOTO) == 204
    assert embed(ticket.key)["outcome"] == "completed"
    assert post("identities/fr_obama/obama3.jpg") == 204  # S3 accepts it again while the policy is valid
    second = embed(ticket.key)
    assert second["outcome"] == "already_final"  # the ticket is spent: no second embedding
    assert faces(services, employee) == 1
    assert keys(services, "enroll/") == set()


def test_clock_skew_in_snapshot_keys(services):
    enrolled_obama(services)
    now = datetime.now(UTC)
    skewed = now + timedelta(days=3)  # a container with a clock three days fast
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes("identities/fr_obama/obama3.jpg"), event_type="entry",
                                        now=skewed)
    assert result.event.snapshot_key.startswith(f"snapshots/{skewed:%Y/%m/%d}/")
    assert run_cleanup(services.db, services.s3, services.settings, now=now).snapshots_deleted == 0
    assert keys(services, "snapshots/") == {result.event.snapshot_key}
    # Its row and its key agree on the date, so it expires with its own day, never early or never.
    later = run_cleanup(services.db, services.s3, services.settings, now=skewed + timedelta(days=8))
    assert later.snapshots_deleted == 1 and later.snapshot_rows_cleared == 1
    assert keys(services, "snapshots/") == set()


def test_s3_down_during_check_in_leaves_no_row(services):
    enrolled_obama(services)

    def unavailable(**_):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "PutObject")

    with s3_hook(services, "before-call.s3.PutObject", unavailable), pytest.raises(ClientError):
        attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                data=fixture_bytes("identities/fr_obama/obama3.jpg"), event_type="entry",
                                idempotency_key="k-2")
    with services.db.transaction() as cur:
        cur.execute("SELECT (SELECT count(*) FROM attendance_log) AS rows, (SELECT count(*) FROM idempotency_keys) "
                    "AS keys")
        assert cur.fetchone() == {"rows": 0, "keys": 0}  # the key is free for the kiosk's retry



def test_a_deadlock_is_a_retryable_conflict_and_keeps_the_connection(services, database_url):
    """Two transactions locking two people in opposite orders: PostgreSQL rolls one back. That one is a 503
    database_conflict (nothing written, retry), not "unreachable", and its connection is used again after."""
    import threading

    from facepass.db import Database

    ann, bob = (employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
        full_name=name, email=f"{name}-{uuid.uuid4().hex[:6]}@t.invalid")).id for name in ("ann", "bob"))
    other = Database(database_url)
    bob_locked = threading.Event()
    outcomes: dict[str, object] = {}

    def lock_both(db: Database, name: str, first, second, between) -> None:
        try:
            with db.transaction() as cur:
                cur.execute("SELECT 1 FROM employees WHERE id = %s FOR UPDATE", (first,))
                between()
                cur.execute("SELECT 1 FROM employees WHERE id = %s FOR UPDATE", (second,))
            outcomes[name] = "committed"
        except DatabaseConflict as conflict:
            outcomes[name] = conflict

    def after_bob() -> None:  # give the main transaction time to hold ann and wait for bob
        bob_locked.set()
        threading.Event().wait(0.3)

    thread = threading.Thread(target=lock_both, args=(other, "other", bob, ann, after_bob))
    thread.start()
    lock_both(services.db, "main", ann, bob, lambda: bob_locked.wait(10))
    thread.join(10)
    other.close()
    conflicts = [outcome for outcome in outcomes.values() if isinstance(outcome, DatabaseConflict)]
    assert len(conflicts) == 1 and list(outcomes.values()).count("committed") == 1
    assert conflicts[0].status == 503 and conflicts[0].code == "database_conflict"
    connection = services.db.connection()
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM employees WHERE id = ANY(%s::uuid[])", ([str(ann), str(bob)],))
        assert cur.fetchone()["n"] == 2
    assert services.db.connection() is connection and not connection.closed
