"""Writes that race or fail halfway (from a review of concurrency): a punch's repeats belong to one person, a
challenge burst's resend is a resend, a commit whose answer is lost keeps its snapshot, two erasures of mutual
suspected duplicates do not deadlock, and the cleanup deletes snapshots no row names. Real PostgreSQL, models and
local S3; failures injected at the PostgreSQL boundary."""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import numpy as np
import psycopg
import pytest
from psycopg.types.json import Jsonb

from facepass import attendance, employees, enrollment, presence, repository, retention, storage
from facepass.db import Database
from facepass.errors import DatabaseUnavailable, FacePassError
from facepass.schemas import EmployeeCreate
from tests.conftest import CONSENTED, fixture_bytes, fresh_database, wait_for_lock_waiters
from tests.function_roles import run_cleanup

P13_TURN = ["identities/deepface_p13/img13.jpg", "identities/deepface_p13/img57.jpg",
            "identities/deepface_p13/img15.jpg"]


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "races_" + uuid.uuid4().hex[:10])


def _person(services, name: str) -> uuid.UUID:
    return employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
                                                                 full_name=name, email=f"{name}@example.com")).id


@pytest.fixture
def p13(services):
    person = _person(services, "p13")
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, person,
                                              fixture_bytes("identities/deepface_p13/img14.jpg"), source_key="p13")
    assert outcome == "completed", reason
    return person


def _nonce(services) -> str:
    with services.db.transaction() as cur:
        issued = presence.issue_challenge(cur, services.settings, device_id="kiosk-1")
        cur.execute("UPDATE presence_challenges SET instruction = 'turn_left' WHERE nonce = %s", (issued.nonce,))
    return issued.nonce


def _burst(services, db, nonce: str, key: str):
    return attendance.record_check(db, services.s3, services.engine, services.settings,
                                   frames=[fixture_bytes(path) for path in P13_TURN], challenge_nonce=nonce,
                                   event_type="entry", device_id="kiosk-1", idempotency_key=key)


def _rows(services) -> list[dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT id, snapshot_key, review_state FROM attendance_log ORDER BY id")
        return cur.fetchall()


def test_replacing_a_repeat_reassigned_to_another_person_leaves_the_first_persons_punch(api, services):
    # Eve's 08:00 entry and its "double press" at 08:00:40, which HR found was Xavier's. Replacing Xavier's entry
    # must not reject Eve's: before, the repeat link made them one punch across two people.
    eve, xavier = _person(services, "eve"), _person(services, "xavier")
    day = (datetime.now(UTC) - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    with services.db.transaction() as cur:
        def punch(who, at, kind, **more):
            return repository.insert_attendance(cur, employee_id=who, occurred_at=day + at, event_type=kind,
                                                similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                                status="recognized", device_id="door", **more)
        first = punch(eve, timedelta(hours=8), "entry")
        second = punch(eve, timedelta(hours=8, seconds=40), "entry", repeat_of=first["id"])
        punch(eve, timedelta(hours=17), "exit")
    moved = api.post(f"/attendance/{second['id']}/review",
                     json_body={"action": "reassign", "employee_id": str(xavier), "note": "it was Xavier"})
    assert moved.status == 200, moved.text
    added = api.post("/attendance/manual", json_body={
        "employee_id": str(xavier), "event_type": "entry", "occurred_at": (day + timedelta(hours=7, minutes=55))
        .isoformat(), "note": "badge log says 07:55", "replaces": second["id"]})
    assert added.status == 201, added.text
    states = {row["id"]: row["review_state"] for row in _rows(services)}
    assert states[first["id"]] == "none" and states[second["id"]] == "rejected"
    assert api.get(f"/attendance/{first['id']}/audit").json()["items"] == []


def test_a_burst_sent_twice_at_once_under_one_key_is_answered_as_a_resend(services, p13):
    nonce, results = _nonce(services), [None, None]

    def run(slot: int) -> None:
        db = Database(services.settings.database_url)
        try:
            results[slot] = _burst(services, db, nonce, "tap-1")
        except FacePassError as error:
            results[slot] = (error.status, error.code)
        finally:
            db.close()

    holder = psycopg.connect(services.settings.database_url)
    with holder.cursor() as cur:  # the person's row held: the first burst waits inside its transaction
        cur.execute("SELECT 1 FROM employees WHERE id = %s FOR UPDATE", (str(p13),))
        first = threading.Thread(target=run, args=(0,))
        first.start()
        wait_for_lock_waiters(cur, 1, [first], timeout=120)
        second = threading.Thread(target=run, args=(1,))  # the kiosk's resend: same key, same frames
        second.start()
        wait_for_lock_waiters(cur, 2, [first, second], timeout=120)
    holder.commit()
    holder.close()
    first.join(120)
    second.join(120)
    (one, one_status), (other, other_status) = results
    assert (one_status, other_status) == (201, 201) and other.replayed and not one.replayed, results
    assert other.event.id == one.event.id and len(_rows(services)) == 1


def test_a_burst_resent_after_a_503_is_recorded_and_its_nonce_spent_once(services, p13, monkeypatch):
    nonce, real, calls = _nonce(services), repository.insert_attendance, []

    def deadlock_once(cur, **kwargs):  # what PostgreSQL raises when it breaks a deadlock (40P01)
        calls.append(1)
        if len(calls) == 1:
            raise psycopg.errors.DeadlockDetected("deadlock detected (injected)")
        return real(cur, **kwargs)

    monkeypatch.setattr(attendance.repository, "insert_attendance", deadlock_once)
    with pytest.raises(FacePassError) as failed:
        _burst(services, services.db, nonce, "tap-2")
    assert (failed.value.status, failed.value.code) == (503, "database_conflict")  # nothing written: send again
    assert _rows(services) == []
    result, status = _burst(services, services.db, nonce, "tap-2")
    assert status == 201 and result.event is not None and len(_rows(services)) == 1
    with pytest.raises(FacePassError) as again:  # the nonce is spent now: another burst with it is refused
        _burst(services, services.db, nonce, "tap-3")
    assert again.value.code == "challenge_used"


class LostCommitAnswer(Database):
    """The server commits the check's row; the client then sees the connection drop (a failover mid-COMMIT)."""

    armed = wrote = False

    @contextmanager
    def transaction(self):
        self.wrote = False
        with super().transaction() as cur:
            yield cur
        if self.armed and self.wrote:
            self.armed = False
            self.close()
            raise DatabaseUnavailable("The database is unreachable; try again shortly. (injected after COMMIT)")


def test_a_commit_whose_answer_is_lost_keeps_the_snapshot_its_row_names(services, p13, monkeypatch):
    db, real = LostCommitAnswer(services.settings.database_url), repository.insert_attendance

    def insert(cur, **kwargs):
        db.wrote = True
        return real(cur, **kwargs)

    monkeypatch.setattr(attendance.repository, "insert_attendance", insert)
    db.armed = True
    photo = fixture_bytes("identities/deepface_p13/img13.jpg")
    with pytest.raises(FacePassError) as lost:
        attendance.record_check(db, services.s3, services.engine, services.settings, data=photo,
                                event_type="entry", device_id="kiosk-1", idempotency_key="k-1")
    assert lost.value.code == "database_unavailable"
    result, _ = attendance.record_check(db, services.s3, services.engine, services.settings, data=photo,
                                        event_type="entry", device_id="kiosk-1", idempotency_key="k-1")
    assert result.replayed
    [row] = _rows(services)
    assert storage.last_modified(services.s3, bucket=services.settings.bucket, key=row["snapshot_key"]) is not None
    db.close()


def test_erasing_two_people_whose_photos_wait_as_each_others_duplicates_at_once(services):
    eve, xav = _person(services, "eve"), _person(services, "xav")
    with services.db.transaction() as cur:
        for owner, other in ((eve, xav), (xav, eve)):  # each one's new photo looked like the other person
            cur.execute("""INSERT INTO enrollments (id, employee_id, s3_key, status, reason_code, reason_detail,
                                                    pending_model_id, pending_embedding, processed_at)
                           VALUES (%s, %s, %s, 'needs_confirmation', 'suspected_duplicate', %s, 'm', %s, now())""",
                        (str(uuid.uuid4()), str(owner), f"enroll/{owner}/{uuid.uuid4()}",
                         Jsonb({"employee_id": str(other)}), np.ones(4, dtype=np.float32)))
    results = {}

    def erase(who) -> None:
        db = Database(services.settings.database_url)
        try:
            retention.erase_employee(db, services.s3, services.settings, who)
            results[who] = "erased"
        except FacePassError as error:
            results[who] = (error.status, error.code)
        finally:
            db.close()

    holder = psycopg.connect(services.settings.database_url)
    with holder.cursor() as cur:  # both erasures take their tickets, then meet at their people
        cur.execute("SELECT 1 FROM employees WHERE id IN (%s, %s) FOR UPDATE", (str(eve), str(xav)))
        threads = [threading.Thread(target=erase, args=(person,)) for person in (eve, xav)]
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(cur, 2, threads)
    holder.commit()
    holder.close()
    for thread in threads:
        thread.join(60)
    assert results == {eve: "erased", xav: "erased"}
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM enrollments WHERE pending_embedding IS NOT NULL")
        assert cur.fetchone()["n"] == 0


def test_the_cleanup_deletes_snapshots_no_row_names_once_an_hour_old(services):
    bucket, now = services.settings.bucket, datetime.now(UTC)
    orphan = storage.snapshot_key(now, uuid.uuid4())  # a check that stopped between its photo and its row
    review_orphan = storage.review_snapshot_key(now, uuid.uuid4())
    kept = storage.snapshot_key(now, uuid.uuid4())
    for key in (orphan, review_orphan, kept):
        storage.put_object(services.s3, bucket=bucket, key=key, data=b"\xff\xd8\xff", content_type="image/jpeg")
    person = _person(services, "walker")
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=person, occurred_at=now, event_type="entry", similarity=0.8,
                                     trace_id=uuid.uuid4(), snapshot_key=kept, status="recognized", device_id="door")

    def present() -> set[str]:
        return {key for key in (orphan, review_orphan, kept)
                if storage.last_modified(services.s3, bucket=bucket, key=key) is not None}

    fresh = run_cleanup(services.db, services.s3, services.settings, now=now)
    assert fresh.orphan_snapshots_deleted == 0 and present() == {orphan, review_orphan, kept}  # a row may come
    dry = run_cleanup(services.db, services.s3, services.settings, now=now + timedelta(hours=2),
                      dry_run=True)
    assert dry.orphan_snapshots_deleted == 2 and present() == {orphan, review_orphan, kept}
    later = run_cleanup(services.db, services.s3, services.settings, now=now + timedelta(hours=2))
    assert later.orphan_snapshots_deleted == 2 and later.failed_keys == [] and present() == {kept}


def test_a_burst_queued_offline_and_sent_after_its_nonce_expired_is_recorded_for_review(services, p13):
    # The kiosk answered the challenge in time, lost the network, and sends the burst later: recorded, and a human
    # looks (the capture time is the kiosk's word). Captured after the expiry, or sent live, it is refused.
    with services.db.transaction() as cur:
        cur.execute("UPDATE face_embeddings SET created_at = now() - interval '7 days'")  # enrolled long before
        cur.execute("INSERT INTO devices (name, timezone, created_at, paired_at) VALUES ('k', 'UTC', "
                    "now() - interval '4 days', now() - interval '4 days') RETURNING id")
        device = str(cur.fetchone()["id"])
        issued = presence.issue_challenge(cur, services.settings, device_id=device)
        cur.execute("UPDATE presence_challenges SET instruction = 'turn_left', "
                    "expires_at = now() - interval '5 minutes' WHERE nonce = %s RETURNING expires_at", (issued.nonce,))
        expired_at = cur.fetchone()["expires_at"]

    def burst(**more):
        return attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       frames=[fixture_bytes(path) for path in P13_TURN], challenge_nonce=issued.nonce,
                                       event_type="entry", device_id=device, **more)

    for captured_at in (None, expired_at + timedelta(seconds=5)):
        with pytest.raises(FacePassError) as refused:
            burst(captured_at=captured_at)
        assert refused.value.code == "challenge_expired"
    result, status = burst(captured_at=expired_at - timedelta(seconds=10))
    assert status == 201 and result.event.review_state == "pending"
    assert result.event.review_reasons == ["challenge_late"]
