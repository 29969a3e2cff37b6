"""POST /attendance/punch: a kiosk at a door used both ways, the server deciding entry or exit for the person it
recognized, as the reports pair their shifts. Real PostgreSQL + pgvector, real models, local S3."""

from __future__ import annotations

import base64
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from facepass import attendance, authz, employees, retention, storage
from facepass.db import Database
from facepass.faces import load_engine
from facepass.schemas import EmployeeCreate
from tests.conftest import (
    CONSENTED,
    enrolled_a_week_ago,
    fixture_bytes,
    fresh_database,
    kiosk_paired_days_ago,
    pair_device,
    race_behind_lock,
    s3_hook,
)
from tests.function_roles import run_cleanup

PROBE, OTHER_PROBE = "identities/fr_obama/obama3.jpg", "identities/fr_obama/test_obama1.jpg"
STRANGER = "other/skimage_astronaut.png"


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "punch_" + uuid.uuid4().hex[:10])


@pytest.fixture
def obama(services) -> str:
    return str(enrolled_a_week_ago(services, "Barack Obama", "obama@example.com",
                                   "identities/fr_obama/train_obama.jpg"))


@pytest.fixture
def door(services) -> str:
    """A kiosk paired four days ago (its offline captures of the past hours are its own)."""
    return kiosk_paired_days_ago(services)


def punch(services, photo: str, *, device_id: str, settings=None, engine=None, db=None, **more):
    return attendance.record_check(db or services.db, services.s3, engine or services.engine,
                                   settings or services.settings, data=fixture_bytes(photo), event_type="auto",
                                   device_id=device_id, **more)


def b64(relative: str) -> str:
    return base64.b64encode(fixture_bytes(relative)).decode()


def rows_of(services, person: str) -> list[dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT id, event_type, repeat_of, direction_source, occurred_at FROM attendance_log"
                    " WHERE employee_id = %s ORDER BY occurred_at, id", (person,))
        return cur.fetchall()


def test_the_server_decides_entry_then_exit_then_entry_and_a_double_press_stays_a_repeat(api, services, obama, door):
    now = datetime.now(UTC)
    first, status = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    assert status == 201 and first.event.event_type == "entry" and first.event.direction_source == "auto"
    second, status = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert status == 201 and second.event.event_type == "exit"
    # Over HTTP, live: the shift is closed, so the next press is an entry.
    _, token = pair_device(api, "Two-way door")
    third = api.post("/attendance/punch", json_body={"image": b64(PROBE)}, device_token=token)
    assert third.status == 201, third.text
    assert third.json()["event"]["event_type"] == "entry" and third.json()["repeated"] is False
    # Pressed again at once: a repeat of that entry, not an exit closing a shift of a few seconds.
    again = api.post("/attendance/punch", json_body={"image": b64(OTHER_PROBE)}, device_token=token)
    assert again.status == 200, again.text
    assert again.json()["repeated"] is True and again.json()["event"]["id"] == third.json()["event"]["id"]
    assert again.json()["event"]["event_type"] == "entry"
    # HR sees why: direction_source auto (a kiosk's own check-out says kiosk), in JSON and CSV.
    check_out = api.post("/attendance/check-out", json_body={"image": b64(PROBE)}, device_token=token)
    assert check_out.status == 201, check_out.text
    items = api.get("/attendance", query=f"employee_id={obama}").json()["items"]
    assert [(item["event_type"], item["direction_source"], item["repeat_of"]) for item in items] == [
        ("entry", "auto", None), ("exit", "auto", None), ("entry", "auto", None),
        ("entry", "auto", third.json()["event"]["id"]), ("exit", "kiosk", None)]
    csv_text = api.get("/attendance", query=f"employee_id={obama}", headers={"accept": "text/csv"}).text
    assert csv_text.splitlines()[0].endswith(",direction_source,employee_number,email")
    assert [line.split(",")[-3] for line in csv_text.splitlines()[1:]] == ["auto"] * 4 + ["kiosk"]


@pytest.mark.parametrize("window", [120, 0])
def test_two_kiosks_racing_for_one_person_never_record_two_entries(services, obama, door, window):
    # Both checks identified the person before either wrote: the second decides under the person's lock, after
    # the first committed, and sees its entry (a repeat of it; with no repeat window, the exit after it).
    settings = services.settings.model_copy(update={"checkin_repeat_window_seconds": window})
    results = [None, None]

    def kiosk(slot: int, photo: str, threads: int) -> None:
        db = Database(settings.database_url)
        try:
            engine = load_engine(settings.model_copy(update={"onnx_threads": threads}))
            results[slot] = punch(services, photo, device_id=door, settings=settings, engine=engine, db=db)[0]
        except Exception as error:  # the outcome
            results[slot] = error
        finally:
            db.close()

    threads = [threading.Thread(target=kiosk, args=(slot, photo, slot + 1))
               for slot, photo in enumerate((PROBE, OTHER_PROBE))]
    # Reads go on, inserts wait: one waits to insert, holding the person's lock; the other waits for that lock.
    race_behind_lock(settings.database_url, "LOCK TABLE attendance_log IN SHARE MODE", (), threads, waiters=2)
    assert all(not isinstance(result, Exception) for result in results), results
    rows = rows_of(services, obama)
    assert len(rows) == 2
    if window:
        assert [(row["event_type"], row["repeat_of"]) for row in rows] == [("entry", None), ("entry", rows[0]["id"])]
    else:
        assert [row["event_type"] for row in rows] == ["entry", "exit"]
        assert rows[1]["occurred_at"] >= rows[0]["occurred_at"]


def test_an_offline_capture_is_decided_as_of_its_capture_time(services, obama, door):
    now = datetime.now(UTC)
    live, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=5))
    assert live.event.event_type == "entry"
    # Taken an hour before that entry, sent now: nobody was in then, so it is an entry (not the exit "now" is).
    earlier, status = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=6), now=now)
    assert status == 201 and earlier.event.offline and earlier.event.event_type == "entry"
    # Taken an hour after the live entry: that shift was open then, so an exit.
    later, status = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=4), now=now)
    assert status == 201 and later.event.event_type == "exit" and later.event.direction_source == "auto"


def test_an_unmatched_face_tells_the_kiosk_no_direction_and_a_weak_candidate_lends_it_none(api, services, obama):
    # The person is at work (an entry an hour ago). A photo nobody matched must not tell the kiosk so.
    _, token = pair_device(api, "Two-way door")
    assert api.post("/attendance/punch", json_body={"image": b64(PROBE)}, device_token=token).status == 201
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET occurred_at = occurred_at - interval '1 hour' WHERE employee_id = %s",
                    (obama,))
    key = str(uuid.uuid4())
    stranger = api.post("/attendance/punch", json_body={"image": b64(STRANGER)}, device_token=token,
                        headers={"idempotency-key": key})
    assert stranger.status == 201, stranger.text
    event = stranger.json()["event"]
    assert event["status"] == "unknown" and event["employee"] is None and event["event_type"] is None
    replay = api.post("/attendance/punch", json_body={"image": b64(STRANGER)}, device_token=token,
                      headers={"idempotency-key": key})
    assert replay.json()["replayed"] is True and replay.json()["event"]["event_type"] is None
    # Stored for review as an entry: its best candidate scored below the verify threshold, so their open shift
    # lends it nothing.
    queue = api.get("/attendance/review", query="state=pending").json()["items"]
    queued = next(item for item in queue if item["id"] == event["id"])
    assert queued["direction_source"] == "auto" and queued["event_type"] == "entry"
    assert queued["candidates"][0]["employee_id"] == obama
    assert queued["candidates"][0]["similarity"] < services.engine.verify_threshold


def test_an_unmatched_face_whose_candidate_scored_the_verify_threshold_is_stored_with_their_direction(services, obama,
                                                                                                       door):
    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=2))
    # A 1:N threshold nobody reaches: the person's own face is unmatched, its candidate above the 1:1 threshold.
    strict = services.settings.model_copy(update={"identify_threshold": 0.99})
    unmatched, status = punch(services, OTHER_PROBE, device_id=door, settings=strict, now=now)
    assert status == 201 and unmatched.event.employee is None and unmatched.event.status == "unknown"
    assert unmatched.identification.candidates[0].similarity >= services.engine.verify_threshold
    assert unmatched.event.event_type == "exit" and unmatched.event.review_state == "pending"
    assert attendance.kiosk_answer(unmatched).event.event_type is None


def test_an_idempotency_key_replays_the_decided_direction(api, services, obama):
    _, token = pair_device(api, "Two-way door")
    key = str(uuid.uuid4())
    first = api.post("/attendance/punch", json_body={"image": b64(PROBE)}, device_token=token,
                     headers={"idempotency-key": key})
    assert first.status == 201 and first.json()["event"]["event_type"] == "entry", first.text
    with services.db.transaction() as cur:  # an hour on: a new press now would be the exit
        cur.execute("UPDATE attendance_log SET occurred_at = occurred_at - interval '1 hour' WHERE employee_id = %s",
                    (obama,))
    replay = api.post("/attendance/punch", json_body={"image": b64(PROBE)}, device_token=token,
                      headers={"idempotency-key": key})
    assert replay.status == 201 and replay.json()["replayed"] is True
    assert replay.json()["event"]["id"] == first.json()["event"]["id"]
    assert replay.json()["event"]["event_type"] == "entry"
    assert len(rows_of(services, obama)) == 1
    # The key names this punch: the same photo as a check-in is another request.
    other = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token,
                     headers={"idempotency-key": key})
    assert other.status == 422 and other.error_code == "idempotency_key_reused"


def test_bad_punch_requests_are_refused_with_stable_codes(api, obama):
    _, token = pair_device(api, "Two-way door")
    chosen = api.post("/attendance/punch", json_body={"image": b64(PROBE), "event_type": "entry"},
                      device_token=token)
    assert chosen.status == 422 and chosen.error_code == "validation_error", chosen.text
    named = api.post("/attendance/punch", json_body={"image": b64(PROBE), "device_id": "x"}, device_token=token)
    assert named.status == 422 and named.error_code == "device_id_not_accepted"
    nothing = api.post("/attendance/punch", json_body={}, device_token=token)
    assert nothing.status == 422
    assert api.get("/attendance", query=f"employee_id={obama}").json()["items"] == []


def flag(services, event_id: int, reason: str = "multiple_faces") -> None:
    """The punch awaits review, as a flagged one does (two faces, a liveness doubt)."""
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET review_state = 'pending', review_reasons = ARRAY[%s] WHERE id = %s",
                    (reason, event_id))


def test_a_punch_awaiting_review_decides_as_if_it_counted_and_the_new_punch_goes_to_review_with_it(api, services,
                                                                                                   obama, door):
    now = datetime.now(UTC)
    morning, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    flag(services, morning.event.id)
    # The clean afternoon press closes the morning's shift (not a second entry), and a human sees the pair.
    leaving, status = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert status == 201 and leaving.event.event_type == "exit"
    assert leaving.event.review_state == "pending" and leaving.event.review_reasons == ["direction_uncertain"]
    with services.db.transaction() as cur:  # kept as long as a punch awaiting review
        cur.execute("SELECT snapshot_key FROM attendance_log WHERE id = %s", (leaving.event.id,))
        assert cur.fetchone()["snapshot_key"].startswith("review-snapshots/")
    queue = {item["id"]: item for item in api.get("/attendance/review", query="state=pending").json()["items"]}
    assert queue[leaving.event.id]["review_reasons"] == ["direction_uncertain"] and morning.event.id in queue
    # The card words why: a punch awaiting review decided it (not a late punch, nor a flag of the server's).
    assert queue[leaving.event.id]["direction_doubt"] == "pending_punch"
    assert queue[leaving.event.id]["decided_without"] is None
    for event in (morning.event, leaving.event):
        confirmed = api.post(f"/attendance/{event.id}/review", json_body={"action": "confirm", "note": "it was him"})
        assert confirmed.status == 200, confirmed.text
    # Next morning: an entry (the day was one closed shift), not the exit of a phantom 16:00 entry.
    next_day, status = punch(services, PROBE, device_id=door, now=now + timedelta(hours=14))
    assert status == 201 and next_day.event.event_type == "entry" and next_day.event.review_state == "none"


def test_a_late_capture_decided_from_a_punch_awaiting_review_that_also_turns_later_ones_says_both(api, services,
                                                                                                  obama, door):
    now = datetime.now(UTC)
    morning, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=10))
    punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))  # the exit that closes it
    flag(services, morning.event.id)
    # A 09:00 capture sent late: decided with the 08:00 entry still awaiting review, and it turns the 17:00 exit.
    late, status = punch(services, PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    assert status == 201 and late.event.review_reasons == ["direction_uncertain"]
    queue = {item["id"]: item for item in api.get("/attendance/review", query="state=pending").json()["items"]}
    assert queue[late.event.id]["direction_doubt"] == "pending_punch_and_turns_later"


def test_a_punch_awaiting_review_that_changes_nothing_leaves_the_new_punch_clean(services, obama, door):
    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=5))
    # A second exit after the shift closed, awaiting review: with it or without it, nobody is in.
    doubtful, status = punch(services, PROBE, device_id=door, captured_at=now - timedelta(hours=3), now=now)
    assert status == 201 and doubtful.event.event_type == "entry"
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET event_type = 'exit', review_state = 'pending',"
                    " review_reasons = '{liveness}' WHERE id = %s", (doubtful.event.id,))
    clean, status = punch(services, OTHER_PROBE, device_id=door, now=now)
    assert status == 201 and clean.event.event_type == "entry" and clean.event.review_state == "none"


def test_a_late_offline_capture_sends_itself_and_the_punches_decided_without_it_to_review(api, services, obama, door):
    now = datetime.now(UTC)
    # Kiosk B (online) at 16:00: nothing before it, so an entry.
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    assert leaving.event.event_type == "entry" and leaving.event.review_state == "none"
    seen = leaving.event.revision
    # Kiosk A reconnects with its 08:00 capture: an entry as of 08:00, but the 16:00 entry was decided without it.
    morning, status = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    assert status == 201 and morning.event.event_type == "entry"
    assert morning.event.review_state == "pending" and morning.event.review_reasons == ["direction_uncertain"]
    queue = {item["id"]: item for item in api.get("/attendance/review", query="state=pending").json()["items"]}
    assert queue[morning.event.id]["review_reasons"] == ["direction_uncertain"]
    assert queue[leaving.event.id]["review_reasons"] == ["direction_uncertain"]
    # Each says its own cause: the late capture turns punches already decided; the 16:00 one was flagged by the
    # server, its reason the flag's (the same as its History's, below).
    assert (queue[morning.event.id]["direction_doubt"], queue[morning.event.id]["decided_without"]) == (
        "turns_later", None)
    assert queue[leaving.event.id]["direction_doubt"] is None
    assert queue[leaving.event.id]["decided_without"]["cause"] == "sent_late"
    assert queue[leaving.event.id]["decided_without"]["event_id"] == morning.event.id
    # The change to the 16:00 row is audited, by the server, and a reviewer's older view of it is stale.
    trail = api.get(f"/attendance/{leaving.event.id}/audit").json()["items"]
    assert [(entry["action"], entry["actor"], entry["automatic"]) for entry in trail] == [
        ("flag", "FacePass (automatic)", True)]
    # No token can be that actor: a user named so (or "system") is a person, never the server.
    assert authz.actor_of({"username": trail[0]["actor"], "sub": "x"}) is None
    assert authz.actor_of({"username": "system"}) == "system"
    assert (trail[0]["before"]["review_state"], trail[0]["after"]["review_state"]) == ("none", "pending")
    assert trail[0]["after"]["review_reasons"] == ["direction_uncertain"] and str(morning.event.id) in trail[0]["note"]
    # Its reason structured, for the console to word in its language and zone (the note is the English fallback).
    assert trail[0]["decided_without"] == {"event_id": morning.event.id, "cause": "sent_late",
                                           "occurred_at": morning.event.occurred_at.isoformat().replace("+00:00", "Z")}
    assert "decided_without" not in trail[0]["after"]
    stale = api.post(f"/attendance/{leaving.event.id}/review",
                     json_body={"action": "confirm", "note": "fine", "expected_revision": seen})
    assert stale.status == 409 and stale.error_code == "review_stale", stale.text
    # Said as the server's own doing (no admin decided it): the console words why, from the flag's reason.
    details = stale.json()["error"]["details"]
    assert (details["automatic"], details["reviewed_by"], details["review_state"]) == (True, None, "pending")
    assert details["decided_without"] == trail[0]["decided_without"] and details["changed_at"]
    # Sent again (a lost answer): the key-less resend is another punch, and the 16:00 row is not flagged twice.
    punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    assert len(api.get(f"/attendance/{leaving.event.id}/audit").json()["items"]) == 1


def test_an_offline_capture_after_the_later_punches_window_leaves_them_alone(services, obama, door):
    now = datetime.now(UTC)
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(minutes=5))
    # Captured more than FACEPASS_MAX_SHIFT_HOURS (16) before it: it cannot pair with it.
    old, status = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=17), now=now)
    assert status == 201 and old.event.review_state == "none"
    with services.db.transaction() as cur:
        cur.execute("SELECT review_state, revision FROM attendance_log WHERE id = %s", (leaving.event.id,))
        assert cur.fetchone() == {"review_state": "none", "revision": leaving.event.revision}


def review_view(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        cur.execute("SELECT event_type, review_state, review_reasons, revision, snapshot_key FROM attendance_log"
                    " WHERE id = %s", (event_id,))
        return cur.fetchone()


def flag_trail(api, event_id: int) -> list[tuple]:
    return [(entry["action"], entry["automatic"], entry["note"])
            for entry in api.get(f"/attendance/{event_id}/audit").json()["items"]]


def test_a_late_offline_check_in_sends_the_punch_decided_without_it_to_review(api, services, obama, door):
    now = datetime.now(UTC)
    # Kiosk B (both ways) at 03:52:51: nothing open, so an entry.
    entered, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    assert entered.event.event_type == "entry" and entered.event.review_state == "none"
    # Kiosk C (entry only) reconnects with its capture of 03:50:45: with it, 03:52 closes that shift (an exit).
    early, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                            data=fixture_bytes(OTHER_PROBE), event_type="entry", device_id=door,
                                            captured_at=now - timedelta(hours=1, minutes=2, seconds=6), now=now)
    assert status == 201 and early.event.event_type == "entry" and early.event.review_state == "none"
    after = review_view(services, entered.event.id)
    assert (after["review_state"], after["review_reasons"]) == ("pending", ["direction_uncertain"])
    assert after["snapshot_key"].startswith("review-snapshots/")  # kept as a punch awaiting review
    trail = flag_trail(api, entered.event.id)
    assert [(action, automatic) for action, automatic, _ in trail] == [("flag", True)]
    assert f"punch {early.event.id}" in trail[0][2]


def test_an_earlier_punch_that_would_not_turn_the_later_one_leaves_it_alone(api, services, obama, door):
    now = datetime.now(UTC)
    entered, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    # An offline check-out before it: nothing was open, and the 03:52 entry stays an entry.
    gone, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                           data=fixture_bytes(OTHER_PROBE), event_type="exit", device_id=door,
                                           captured_at=now - timedelta(hours=1, minutes=30), now=now)
    assert status == 201 and gone.event.review_state == "none"
    # A punch captured 30 s before it, sent late: an entry as of then, and 03:52 its double press (still an entry).
    pressed, status = punch(services, OTHER_PROBE, device_id=door,
                            captured_at=now - timedelta(hours=1, seconds=30), now=now)
    assert status == 201 and pressed.event.event_type == "entry" and pressed.event.review_state == "none"
    assert review_view(services, entered.event.id)["review_state"] == "none"
    assert flag_trail(api, entered.event.id) == []


def test_reassigning_an_unmatched_earlier_punch_sends_the_persons_later_punch_to_review(api, services, obama, door):
    now = datetime.now(UTC)
    entered, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    assert entered.event.event_type == "entry"
    # An unmatched punch captured three minutes before, sent late; a reviewer says it was him.
    stranger, _ = punch(services, STRANGER, device_id=door, captured_at=now - timedelta(hours=1, minutes=3), now=now)
    assert stranger.event.employee is None and stranger.event.event_type == "entry"
    assert review_view(services, entered.event.id)["review_state"] == "none"
    reassigned = api.post(f"/attendance/{stranger.event.id}/review",
                          json_body={"action": "reassign", "employee_id": obama, "note": "it was him"})
    assert reassigned.status == 200, reassigned.text
    after = review_view(services, entered.event.id)
    assert (after["review_state"], after["review_reasons"]) == ("pending", ["direction_uncertain"])
    assert after["snapshot_key"].startswith("review-snapshots/")  # moved after the review's commit
    trail = flag_trail(api, entered.event.id)
    assert [(action, automatic) for action, automatic, _ in trail] == [("flag", True)]
    assert f"punch {stranger.event.id}" in trail[0][2]


def test_confirming_again_a_rejected_earlier_punch_sends_the_later_punch_decided_without_it_to_review(
        api, services, obama, door):
    now = datetime.now(UTC)
    morning, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=3))
    rejected = api.post(f"/attendance/{morning.event.id}/review", json_body={"action": "reject", "note": "not him"})
    assert rejected.status == 200, rejected.text
    # Decided without the rejected morning entry: nothing open, so an entry.
    later, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert later.event.event_type == "entry" and later.event.review_state == "none"
    # HR finds the morning was him after all: counted again, the 16:00 entry would be the exit of its shift.
    confirmed = api.post(f"/attendance/{morning.event.id}/review", json_body={"action": "confirm", "note": "it was"})
    assert confirmed.status == 200, confirmed.text
    after = review_view(services, later.event.id)
    assert (after["review_state"], after["review_reasons"]) == ("pending", ["direction_uncertain"])
    trail = api.get(f"/attendance/{later.event.id}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)]
    assert trail[0]["decided_without"]["event_id"] == morning.event.id
    assert trail[0]["decided_without"]["cause"] == "reviewed"


def photo_keys(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        cur.execute("SELECT snapshot_key, snapshot_moving_key FROM attendance_log WHERE id = %s", (event_id,))
        return cur.fetchone()


def stored_photos(services) -> set[str]:
    return {item["Key"] for prefix in (storage.SNAPSHOT_PREFIX, storage.REVIEW_SNAPSHOT_PREFIX)
            for item in storage.list_keys(services.s3, bucket=services.settings.bucket, prefix=prefix)}


def s3_fault(operation: str):
    def fail(**_):
        raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, operation)
    return fail


def test_a_punch_sent_back_to_review_keeps_its_photo_past_retention_and_its_erasure_finds_it(services, obama, door):
    now = datetime.now(UTC)
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    first_key = photo_keys(services, leaving.event.id)["snapshot_key"]
    assert first_key.startswith(storage.SNAPSHOT_PREFIX) and first_key in stored_photos(services)
    punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    # Sent back to review: its photo moved under review-snapshots/ (same day and name), the old object gone.
    moved = photo_keys(services, leaving.event.id)
    assert moved == {"snapshot_key": "review-" + first_key, "snapshot_moving_key": None}
    assert moved["snapshot_key"] in stored_photos(services) and first_key not in stored_photos(services)
    # The cleanup on the day after retention keeps it (still awaiting review).
    report = run_cleanup(services.db, services.s3, services.settings,
                         now=now + timedelta(days=services.settings.snapshot_retention_days + 2))
    assert report.snapshot_moves_finished == [] and moved["snapshot_key"] in stored_photos(services)
    assert photo_keys(services, leaving.event.id)["snapshot_key"] == moved["snapshot_key"]
    retention.erase_employee(services.db, services.s3, services.settings, uuid.UUID(obama))
    assert stored_photos(services) == set()


def test_a_move_s3_interrupted_is_finished_by_the_cleanup_twice_over(services, obama, door):
    now = datetime.now(UTC)
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    first_key = photo_keys(services, leaving.event.id)["snapshot_key"]
    with s3_hook(services, "before-call.s3.CopyObject", s3_fault("CopyObject")):
        late, status = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    assert status == 201 and late.event.review_state == "pending"  # the punch is recorded; the move waits
    # The row still points at the photo, and names where the copy goes (an erasure would delete both).
    assert photo_keys(services, leaving.event.id) == {"snapshot_key": first_key,
                                                      "snapshot_moving_key": "review-" + first_key}
    assert first_key in stored_photos(services)
    reports = []
    for _ in range(2):  # the daily cleanup finishes it; run again, it changes nothing
        reports.append(run_cleanup(services.db, services.s3, services.settings, now=now + timedelta(days=1)))
        assert photo_keys(services, leaving.event.id) == {"snapshot_key": "review-" + first_key,
                                                          "snapshot_moving_key": None}
        assert "review-" + first_key in stored_photos(services) and first_key not in stored_photos(services)
    assert [report.snapshot_moves_finished for report in reports] == [[leaving.event.id], []]


@pytest.mark.parametrize("copied", [True, False], ids=["copied-then-source-deleted", "photo-gone"])
def test_a_move_whose_source_is_gone_is_finished_by_the_cleanup(services, obama, door, copied):
    """The copy's source missing: the cleanup looks at the target (HeadObject, as the CleanupFunction's role allows)
    to tell an earlier try's copy (the row points at it) from a photo that is gone (the move ends)."""
    now = datetime.now(UTC)
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    first_key = photo_keys(services, leaving.event.id)["snapshot_key"]
    with s3_hook(services, "before-call.s3.CopyObject", s3_fault("CopyObject")):
        punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    bucket = services.settings.bucket
    if copied:
        services.s3.copy_object(Bucket=bucket, Key="review-" + first_key, CopySource={"Bucket": bucket,
                                                                                     "Key": first_key})
    services.s3.delete_object(Bucket=bucket, Key=first_key)
    others = stored_photos(services) - {"review-" + first_key}  # the late punch's own photo
    report = run_cleanup(services.db, services.s3, services.settings, now=now + timedelta(days=1))
    assert report.snapshot_moves_finished == [leaving.event.id] and report.snapshot_moves_unfinished == []
    assert photo_keys(services, leaving.event.id) == {
        "snapshot_key": "review-" + first_key if copied else first_key, "snapshot_moving_key": None}
    assert stored_photos(services) - others == ({"review-" + first_key} if copied else set())


def test_a_move_whose_old_photo_s3_would_not_delete_leaves_both_to_the_erasure(services, obama, door):
    now = datetime.now(UTC)
    leaving, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))
    first_key = photo_keys(services, leaving.event.id)["snapshot_key"]
    with s3_hook(services, "before-call.s3.DeleteObject", s3_fault("DeleteObject")):
        punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    # Copied and pointed at; the old object is still there, and the row still names it.
    assert photo_keys(services, leaving.event.id) == {"snapshot_key": "review-" + first_key,
                                                      "snapshot_moving_key": first_key}
    assert {first_key, "review-" + first_key} <= stored_photos(services)
    retention.erase_employee(services.db, services.s3, services.settings, uuid.UUID(obama))
    assert stored_photos(services) == set()
    assert photo_keys(services, leaving.event.id) == {"snapshot_key": None, "snapshot_moving_key": None}


def test_a_punch_whose_doubt_went_before_the_lock_is_not_left_awaiting_review_without_a_reason(services, obama, door,
                                                                                              monkeypatch):
    # Before the person's lock the afternoon press looks doubtful (the morning entry awaits review); a reviewer
    # confirms the morning meanwhile. Under the lock nothing is doubtful: the press counts, not pending with no reason.
    from facepass import attendance, review
    from facepass.schemas import ReviewRequest

    now = datetime.now(UTC)
    morning, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    flag(services, morning.event.id)
    real = attendance._punch_direction
    guesses = []

    def confirmed_meanwhile(cur, settings, employee_id, at, *, live, locked):
        decided = real(cur, settings, employee_id, at, live=live, locked=locked)
        if not guesses:  # the guess before the lock; then the reviewer confirms the morning entry
            guesses.append(decided.doubtful)
            review.review_event(services.db, morning.event.id, ReviewRequest(action="confirm", note="him"),
                                actor="hr", settings=services.settings)
        return decided

    monkeypatch.setattr(attendance, "_punch_direction", confirmed_meanwhile)
    leaving, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    view = review_view(services, leaving.event.id)
    assert guesses == [True]
    assert (view["event_type"], view["review_state"], view["review_reasons"]) == ("exit", "none", []), view


def test_a_database_fault_while_moving_a_photo_after_the_commit_does_not_fail_the_committed_punch(
        services, obama, door, monkeypatch):
    # The late capture is stored and the later punch flagged: the photo's move after the commit meets a database
    # fault. The punch was recorded; the kiosk must not be told it failed (a resend would record it twice).
    from facepass import repository
    from facepass.errors import DatabaseUnavailable

    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=1))

    def down(*_, **__):
        raise DatabaseUnavailable("injected")

    monkeypatch.setattr(repository, "point_at_moved_snapshot", down)
    late, _ = punch(services, OTHER_PROBE, device_id=door, captured_at=now - timedelta(hours=9), now=now)
    assert late.event.id is not None
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n, count(*) FILTER (WHERE snapshot_moving_key IS NOT NULL) AS moving "
                    "FROM attendance_log WHERE employee_id = %s", (obama,))
        counts = cur.fetchone()
    assert (counts["n"], counts["moving"]) == (2, 1)  # both stored; the move left for the cleanup to finish


def audit_of(api, event_id: int) -> list[dict]:
    return api.get(f"/attendance/{event_id}/audit").json()["items"]


def test_a_confirm_corrects_the_direction_weighed_by_the_shift_check_and_audited(api, services, obama, door):
    now = datetime.now(UTC)
    entered, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    left, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=5))
    assert (entered.event.event_type, left.event.event_type) == ("entry", "exit")
    # A retry 30 s after the entry, recorded the wrong way (an exit) and awaiting review: as an exit it would close
    # the 8-hour shift after 30 s.
    punch(services, PROBE, device_id=door, captured_at=now - timedelta(hours=9) + timedelta(seconds=30), now=now)
    retry_id = rows_of(services, obama)[1]["id"]  # stored as a repeat of the entry (the answer names the entry)
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET event_type = 'exit', repeat_of = NULL, review_state = 'pending',"
                    " review_reasons = '{direction_uncertain}' WHERE id = %s", (retry_id,))
    for body in ({}, {"event_type": "exit"}):
        kept = api.post(f"/attendance/{retry_id}/review", json_body={"action": "confirm", "note": "ok", **body})
        assert kept.status == 409 and kept.error_code == "punch_conflict", kept.text
        assert kept.json()["error"]["details"]["conflict"] == "shift_broken"
    assert review_view(services, retry_id)["event_type"] == "exit"  # nothing written
    # Confirmed as the entry it was: a double press of the shift's entry, no conflict, no force.
    corrected = api.post(f"/attendance/{retry_id}/review",
                         json_body={"action": "confirm", "note": "it was the entry", "event_type": "entry"})
    assert corrected.status == 200, corrected.text
    assert (corrected.json()["event_type"], corrected.json()["direction_source"],
            corrected.json()["review_state"]) == ("entry", "hr", "confirmed")
    assert rows_of(services, obama)[1]["event_type"] == "entry"
    trail = audit_of(api, retry_id)
    assert [(entry["action"], entry["note"]) for entry in trail] == [("confirm", "it was the entry")]
    assert (trail[0]["before"]["event_type"], trail[0]["after"]["event_type"]) == ("exit", "entry")
    assert (trail[0]["before"]["direction_source"], trail[0]["after"]["direction_source"]) == ("auto", "hr")
    # A rejection has no direction to choose.
    wrong = api.post(f"/attendance/{left.event.id}/review",
                     json_body={"action": "reject", "note": "x", "event_type": "entry"})
    assert wrong.status == 422 and wrong.error_code == "validation_error", wrong.text


def test_a_direction_corrected_by_a_review_sends_the_later_punch_decided_from_it_to_review(api, services, obama,
                                                                                           door):
    now = datetime.now(UTC)
    night, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    later, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert (night.event.event_type, later.event.event_type) == ("entry", "exit")
    # HR finds the 9-hours-ago punch was the end of a night shift (an exit): the later one was decided from it.
    corrected = api.post(f"/attendance/{night.event.id}/review", json_body={
        "action": "confirm", "note": "night shift ended", "event_type": "exit", "force": True})
    assert corrected.status == 200, corrected.text
    assert corrected.json()["event_type"] == "exit" and corrected.json()["direction_source"] == "hr"
    after = review_view(services, later.event.id)
    assert (after["event_type"], after["review_state"], after["review_reasons"]) == (
        "exit", "pending", ["direction_uncertain"])
    trail = audit_of(api, later.event.id)
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)]
    assert trail[0]["decided_without"]["event_id"] == night.event.id
    assert trail[0]["decided_without"]["cause"] == "reviewed"


def test_a_reassign_stores_the_direction_the_reviewer_chose(api, services, obama, door):
    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=3))  # an entry: Obama is at work
    stranger, _ = punch(services, STRANGER, device_id=door, captured_at=now - timedelta(hours=5), now=now)
    assert stranger.event.employee is None and stranger.event.event_type == "entry"
    # It was him, leaving before the entry of three hours ago: an exit whatever his shifts say.
    reassigned = api.post(f"/attendance/{stranger.event.id}/review", json_body={
        "action": "reassign", "employee_id": obama, "note": "him, going out", "event_type": "exit", "force": True})
    assert reassigned.status == 200, reassigned.text
    assert (reassigned.json()["event_type"], reassigned.json()["direction_source"]) == ("exit", "hr")
    trail = audit_of(api, stranger.event.id)
    assert (trail[0]["before"]["event_type"], trail[0]["after"]["event_type"]) == ("entry", "exit")
    assert trail[0]["after"]["employee_id"] == obama and trail[0]["after"]["direction_source"] == "hr"


def test_a_review_choosing_the_direction_a_punch_already_has_leaves_who_chose_it(api, services, obama, door):
    """Only a real change of direction is HR's: confirming the direction the punch has (and keeps) changes nothing
    of it, and the audit row says so."""
    now = datetime.now(UTC)
    morning = pressed(services, door, PROBE, "entry", now - timedelta(hours=9))  # the kiosk's Entry button
    left, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))  # the server's exit
    assert (morning.event.direction_source, left.event.direction_source, left.event.event_type) == (
        "kiosk", "auto", "exit")
    for event, kind, source in ((morning.event, "entry", "kiosk"), (left.event, "exit", "auto")):
        kept = api.post(f"/attendance/{event.id}/review",
                        json_body={"action": "confirm", "note": "right", "event_type": kind})
        assert kept.status == 200, kept.text
        assert (kept.json()["event_type"], kept.json()["direction_source"]) == (kind, source)
        (entry,) = audit_of(api, event.id)
        assert (entry["before"]["event_type"], entry["after"]["event_type"]) == (kind, kind)
        assert (entry["before"]["direction_source"], entry["after"]["direction_source"]) == (source, source)
    # A real change is HR's, and audited as one.
    changed = api.post(f"/attendance/{left.event.id}/review",
                       json_body={"action": "confirm", "note": "came back in", "event_type": "entry", "force": True})
    assert changed.status == 200, changed.text
    assert (changed.json()["event_type"], changed.json()["direction_source"]) == ("entry", "hr")
    last = audit_of(api, left.event.id)[-1]
    assert (last["before"]["event_type"], last["after"]["event_type"]) == ("exit", "entry")
    assert (last["before"]["direction_source"], last["after"]["direction_source"]) == ("auto", "hr")


def someone_else(services, name: str = "Michelle Obama") -> str:
    return str(employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
        full_name=name, email=f"{uuid.uuid4().hex[:8]}@example.com")).id)


@pytest.mark.parametrize("action", ["reject", "reassign"])
def test_a_punch_that_stops_counting_sends_the_later_punch_decided_with_it_to_review(api, services, obama, door,
                                                                                     action):
    now = datetime.now(UTC)
    morning, _ = punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    later, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert (morning.event.event_type, later.event.event_type) == ("entry", "exit")
    seen = later.event.revision
    # The morning entry was not his (rejected), or was his wife's (reassigned): without it, 16:00 opens a shift.
    body = ({"action": "reject", "note": "not him", "force": True} if action == "reject" else
            {"action": "reassign", "employee_id": someone_else(services), "note": "his wife", "force": True})
    decided = api.post(f"/attendance/{morning.event.id}/review", json_body=body)
    assert decided.status == 200, decided.text
    after = review_view(services, later.event.id)
    assert (after["event_type"], after["review_state"], after["review_reasons"]) == (
        "exit", "pending", ["direction_uncertain"])
    assert after["revision"] == seen + 1 and after["snapshot_key"].startswith("review-snapshots/")
    trail = audit_of(api, later.event.id)
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)]
    cause = "rejected" if action == "reject" else "taken_away"
    assert trail[0]["decided_without"] == {"event_id": morning.event.id, "cause": cause,
                                           "occurred_at": morning.event.occurred_at.isoformat().replace("+00:00", "Z")}
    assert trail[0]["note"].startswith(f"decided with punch {morning.event.id} ")
    # A reviewer who saw it before is told FacePass sent it back, and why.
    stale = api.post(f"/attendance/{later.event.id}/review",
                     json_body={"action": "confirm", "note": "fine", "expected_revision": seen})
    assert stale.status == 409 and stale.json()["error"]["details"]["decided_without"]["cause"] == cause


def test_a_punch_that_stops_counting_leaves_later_punches_whose_direction_stays_alone(api, services, obama, door):
    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=5))
    # A stray second exit from an exit-only kiosk after the shift closed: with it or without it, nobody is in.
    stray, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(PROBE), event_type="exit", device_id=door,
                                       now=now - timedelta(hours=4))
    back, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert back.event.event_type == "entry"
    for body in ({"action": "reassign", "employee_id": someone_else(services), "note": "her"},
                 {"action": "reject", "note": "not anybody's"}):
        assert api.post(f"/attendance/{stray.event.id}/review", json_body=body).status == 200
        assert review_view(services, back.event.id)["review_state"] == "none"
    assert audit_of(api, back.event.id) == []


def counted_events(services, person: str, device_id: str, *events: tuple[datetime, str]) -> None:
    """Kiosk check-ins and check-outs of the person, counted (written as a check-in writes them)."""
    from facepass import repository

    with services.db.transaction() as cur:
        for at, kind in events:
            repository.insert_attendance(cur, employee_id=uuid.UUID(person), occurred_at=at, event_type=kind,
                                         similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id=device_id)


def test_an_unmatched_punch_reassigned_is_decided_for_its_new_person_and_the_shift_check_weighs_that(
        api, services, obama, door):
    now = datetime.now(UTC)
    at = now - timedelta(hours=5)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    # Unmatched at `at`, its candidate Obama (above the 1:1 threshold) at work then: stored as his exit would be.
    strict = services.settings.model_copy(update={"identify_threshold": 0.99})
    unmatched, _ = punch(services, OTHER_PROBE, device_id=door, settings=strict, captured_at=at, now=now)
    assert unmatched.event.employee is None and unmatched.event.event_type == "exit"
    # It was Michelle, who came in 30 s earlier (a retry of her entry) and left an hour ago. As an exit it would
    # close her shift after 30 s; decided for her, it is her entry's double press.
    michelle = someone_else(services)
    counted_events(services, michelle, door, (at - timedelta(seconds=30), "entry"), (now - timedelta(hours=1), "exit"))
    as_stored = api.post(f"/attendance/{unmatched.event.id}/review", json_body={
        "action": "reassign", "employee_id": michelle, "note": "Michelle", "event_type": "exit"})
    assert as_stored.status == 409 and as_stored.json()["error"]["details"]["conflict"] == "shift_broken"
    reassigned = api.post(f"/attendance/{unmatched.event.id}/review",
                          json_body={"action": "reassign", "employee_id": michelle, "note": "Michelle"})
    assert reassigned.status == 200, reassigned.text
    assert (reassigned.json()["event_type"], reassigned.json()["direction_source"]) == ("entry", "auto")
    trail = audit_of(api, unmatched.event.id)
    assert [(entry["action"], entry["before"]["event_type"], entry["after"]["event_type"],
             entry["after"]["direction_source"]) for entry in trail] == [("reassign", "exit", "entry", "auto")]


def test_a_matched_punch_reassigned_is_decided_for_its_new_person_unless_the_reviewer_chose(api, services, obama,
                                                                                             door):
    now = datetime.now(UTC)
    punch(services, PROBE, device_id=door, now=now - timedelta(hours=9))
    left, _ = punch(services, OTHER_PROBE, device_id=door, now=now - timedelta(hours=1))
    assert left.event.event_type == "exit"
    # Not his exit: Michelle's, who had nothing open: her entry (decided under her lock, as of its time).
    michelle = someone_else(services)
    moved = api.post(f"/attendance/{left.event.id}/review",
                     json_body={"action": "reassign", "employee_id": michelle, "note": "hers", "force": True})
    assert moved.status == 200, moved.text
    assert (moved.json()["event_type"], moved.json()["direction_source"]) == ("entry", "auto")
    # Back to him, the reviewer saying it was his exit: HR's direction, not one decided again.
    back = api.post(f"/attendance/{left.event.id}/review", json_body={
        "action": "reassign", "employee_id": obama, "note": "his after all", "event_type": "exit"})
    assert back.status == 200, back.text
    assert (back.json()["event_type"], back.json()["direction_source"]) == ("exit", "hr")
    # HR's direction stays through a later reassignment: it is no longer the server's to decide.
    again = api.post(f"/attendance/{left.event.id}/review",
                     json_body={"action": "reassign", "employee_id": michelle, "note": "hers", "force": True})
    assert again.status == 200 and again.json()["event_type"] == "exit", again.text
    assert [(entry["before"]["event_type"], entry["after"]["event_type"])
            for entry in audit_of(api, left.event.id)] == [("exit", "entry"), ("entry", "exit"), ("exit", "exit")]


def reported_ids(services, person: str, since: datetime | None = None) -> list[int]:
    """The person's events the reports count (the daily report's and the shift check's read), of the past day (or
    since `since`)."""
    from facepass import repository

    with services.db.transaction() as cur:
        return [row["id"] for row in repository.recognized_events_between(
            cur, start=since or datetime.now(UTC) - timedelta(days=1), end=datetime.now(UTC) + timedelta(hours=1),
            employee_ids=[uuid.UUID(person)])]


@pytest.mark.parametrize("corrected", ["double press", "first press"])
def test_a_press_whose_direction_a_review_corrected_is_no_double_press_of_the_other_direction_unless_its_first(
        api, services, obama, door, corrected):
    now = datetime.now(UTC)

    def check(photo: str, event_type: str, at: datetime):  # a kiosk's check-in or check-out: no server decides
        return attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                       data=fixture_bytes(photo), event_type=event_type, device_id=door, now=at)[0]

    first = check(PROBE, "entry", now - timedelta(hours=9))
    check(OTHER_PROBE, "entry", now - timedelta(hours=9) + timedelta(seconds=30))
    last = check(PROBE, "exit", now - timedelta(hours=5))
    rows = rows_of(services, obama)
    assert [(row["event_type"], row["repeat_of"]) for row in rows] == [
        ("entry", None), ("entry", first.event.id), ("exit", None)]
    assert reported_ids(services, obama) == [first.event.id, last.event.id]  # the double press counted once
    # HR corrects one of the two presses: it was the way out (a night shift's end), the other the way in.
    target = rows[1]["id"] if corrected == "double press" else first.event.id
    decided = api.post(f"/attendance/{target}/review", json_body={
        "action": "confirm", "note": "the other way", "event_type": "exit", "force": True})
    assert decided.status == 200 and decided.json()["event_type"] == "exit", decided.text
    if corrected == "first press":  # its double press is the same press: corrected with it, still counted once
        assert [row["event_type"] for row in rows_of(services, obama)] == ["exit", "exit", "exit"]
        assert reported_ids(services, obama) == [first.event.id, last.event.id]
        return
    # Two presses of two directions: both count (an entry and an exit are never one punch pressed twice).
    assert reported_ids(services, obama) == [row["id"] for row in rows]
    # And a manual punch replacing one replaces that press alone, not the other direction's as its double press.
    other = first.event.id if target == rows[1]["id"] else rows[1]["id"]
    kind = review_view(services, other)["event_type"]
    added = api.post("/attendance/manual", json_body={
        "employee_id": obama, "event_type": kind, "note": "the real time",
        "occurred_at": (rows[0]["occurred_at"] - timedelta(minutes=10)).isoformat(), "replaces": other})
    assert added.status == 201, added.text
    assert (review_view(services, other)["review_state"], review_view(services, target)["review_state"]) == (
        "rejected", "confirmed")


def test_a_late_capture_sends_a_later_punch_awaiting_review_its_reason_and_a_flag_and_a_review_sees_it(
        api, services, obama, door):
    now = datetime.now(UTC)
    start = now - timedelta(hours=1)
    doubtful = services.settings.model_copy(update={"liveness_threshold": 1.0})  # every photo a liveness doubt
    # B at T (an entry), at T+5 min (an exit): both awaiting review, a liveness doubt each.
    entered, _ = punch(services, PROBE, device_id=door, settings=doubtful, now=start)
    left, _ = punch(services, OTHER_PROBE, device_id=door, settings=doubtful, now=start + timedelta(minutes=5))
    assert (entered.event.event_type, left.event.event_type) == ("entry", "exit")
    assert left.event.review_state == "pending" and "liveness" in left.event.review_reasons
    reasons_before, seen = left.event.review_reasons, left.event.revision
    # A capture of T+2.5 min sent late: the exit of T's shift; T+5 would now open one (an entry).
    late, _ = punch(services, PROBE, device_id=door, settings=doubtful, captured_at=start + timedelta(minutes=2.5),
                    now=now)
    assert late.event.event_type == "exit" and late.event.review_state == "pending"
    after = review_view(services, left.event.id)
    assert (after["event_type"], after["review_state"]) == ("exit", "pending")  # a human decides it
    assert after["review_reasons"] == [*reasons_before, *(
        [] if "direction_uncertain" in reasons_before else ["direction_uncertain"])]
    assert after["review_reasons"].count("direction_uncertain") == 1 and after["revision"] == seen + 1
    trail = audit_of(api, left.event.id)
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)]
    assert trail[0]["decided_without"] == {"event_id": late.event.id, "cause": "sent_late",
                                           "occurred_at": late.event.occurred_at.isoformat().replace("+00:00", "Z")}
    # The reviewer works the queue in time order: counting T and T+2.5 does not send T+5 back again (it was
    # decided with them awaiting review), so their view of it stays current; they correct it to the entry it is.
    for event in (entered.event, late.event):
        confirmed = api.post(f"/attendance/{event.id}/review", json_body={"action": "confirm", "note": "him"})
        assert confirmed.status == 200, confirmed.text
    assert len(audit_of(api, left.event.id)) == 1
    corrected = api.post(f"/attendance/{left.event.id}/review", json_body={
        "action": "confirm", "note": "him, back in", "event_type": "entry", "expected_revision": seen + 1})
    assert corrected.status == 200, corrected.text


def test_a_late_capture_adds_the_reason_to_a_punch_awaiting_review_for_another_and_leaves_decided_ones(
        api, services, obama, door):
    now = datetime.now(UTC)
    start = now - timedelta(hours=3)
    punch(services, PROBE, device_id=door, now=start)
    left, _ = punch(services, OTHER_PROBE, device_id=door, now=start + timedelta(minutes=5))
    back, _ = punch(services, PROBE, device_id=door, now=start + timedelta(hours=1))
    assert (left.event.event_type, back.event.event_type) == ("exit", "entry")
    flag(services, left.event.id, "multiple_faces")  # awaiting review for two faces, not for its direction
    # A reviewer already decided the hour-later entry (it is theirs: left alone, whatever a late capture turns).
    decided = api.post(f"/attendance/{back.event.id}/review", json_body={"action": "confirm", "note": "him"})
    assert decided.status == 200, decided.text
    late, _ = punch(services, OTHER_PROBE, device_id=door, captured_at=start + timedelta(minutes=2.5), now=now)
    assert late.event.event_type == "exit"
    after = review_view(services, left.event.id)
    assert (after["event_type"], after["review_state"], after["review_reasons"]) == (
        "exit", "pending", ["multiple_faces", "direction_uncertain"])
    assert [entry["action"] for entry in audit_of(api, left.event.id)] == ["flag"]
    assert review_view(services, back.event.id)["review_state"] == "confirmed"
    assert [entry["action"] for entry in audit_of(api, back.event.id)] == ["confirm"]


def pressed(services, door: str, photo: str, event_type: str, at: datetime):
    """A kiosk's check-in or check-out button (no server decides)."""
    return attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                   data=fixture_bytes(photo), event_type=event_type, device_id=door, now=at)[0]


def worked_minutes(services, person: str, day) -> list[tuple]:
    from facepass import reports

    return [(item.worked_minutes, item.open_shift, item.exit_without_entry)
            for item in reports.daily_report(services.db, services.settings, day).items
            if str(item.employee_id) == person]


def test_correcting_the_first_press_of_a_double_press_corrects_its_repeat_with_it(api, services, obama, door):
    day = (datetime.now(UTC) - timedelta(days=1)).date()
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    # Check-out pressed by mistake at 08:00, pressed again 30 s later (stored as a repeat), then out at 17:00.
    first = pressed(services, door, PROBE, "exit", morning)
    pressed(services, door, OTHER_PROBE, "exit", morning + timedelta(seconds=30))
    pressed(services, door, PROBE, "exit", morning + timedelta(hours=9))
    rows = rows_of(services, obama)
    repeat = rows[1]["id"]
    assert rows[1]["repeat_of"] == first.event.id
    revision = review_view(services, repeat)["revision"]
    # HR corrects the 08:00 press to the entry it was: no conflict (the group counts as one entry), no force.
    corrected = api.post(f"/attendance/{first.event.id}/review", json_body={
        "action": "confirm", "note": "entry, wrong button", "event_type": "entry"})
    assert corrected.status == 200, corrected.text
    # The repeat is the same press: the same correction, audited, its revision bumped; it still counts once.
    assert review_view(services, repeat)["event_type"] == "entry"
    assert review_view(services, repeat)["review_state"] == "confirmed"
    assert review_view(services, repeat)["revision"] == revision + 1
    trail = audit_of(api, repeat)
    assert [(entry["action"], entry["note"]) for entry in trail] == [
        ("confirm", f"corrected with the press it repeats, event {first.event.id}: entry, wrong button")]
    assert (trail[0]["before"]["event_type"], trail[0]["after"]["event_type"]) == ("exit", "entry")
    assert (trail[0]["before"]["direction_source"], trail[0]["after"]["direction_source"]) == ("kiosk", "hr")
    assert worked_minutes(services, obama, day) == [(9 * 60, False, False)]
    # A manual punch replacing the corrected press replaces its repeat with it (one press).
    added = api.post("/attendance/manual", json_body={
        "employee_id": obama, "event_type": "entry", "note": "came in at 07:55",
        "occurred_at": (morning - timedelta(minutes=5)).isoformat(), "replaces": first.event.id})
    assert added.status == 201, added.text
    assert review_view(services, repeat)["review_state"] == "rejected"
    assert worked_minutes(services, obama, day) == [(9 * 60 + 5, False, False)]


def test_a_repeat_corrected_alone_becomes_a_punch_of_its_own_weighed_by_the_shift_check(api, services, obama, door):
    day = (datetime.now(UTC) - timedelta(days=1)).date()
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    first = pressed(services, door, PROBE, "entry", morning)
    pressed(services, door, OTHER_PROBE, "entry", morning + timedelta(seconds=30))
    pressed(services, door, PROBE, "exit", morning + timedelta(hours=9))
    repeat = rows_of(services, obama)[1]["id"]
    # As an exit of its own, the repeat would close the 9-hour shift after 30 s: refused unless forced.
    refused = api.post(f"/attendance/{repeat}/review", json_body={
        "action": "confirm", "note": "the way out", "event_type": "exit"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    assert refused.json()["error"]["details"]["conflict"] == "shift_broken"
    assert review_view(services, repeat)["event_type"] == "entry"  # nothing written
    forced = api.post(f"/attendance/{repeat}/review", json_body={
        "action": "confirm", "note": "the way out", "event_type": "exit", "force": True})
    assert forced.status == 200, forced.text
    # Its first press keeps its direction (correcting a repeat alone corrects that press only); both now count.
    assert review_view(services, first.event.id)["event_type"] == "entry"
    assert reported_ids(services, obama, since=morning) == [row["id"] for row in rows_of(services, obama)]


def test_correcting_a_first_press_hr_rejected_leaves_the_repeat_that_counts_on_its_own_as_it_is(
        api, services, obama, door):
    """A repeat whose first press HR rejected (another face) counts for its person on its own: correcting that
    rejected press's direction later turns nothing of theirs; reassigning it moves it alone."""
    day = (datetime.now(UTC) - timedelta(days=1)).date()
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    first = pressed(services, door, PROBE, "entry", morning)
    pressed(services, door, OTHER_PROBE, "entry", morning + timedelta(seconds=30))
    pressed(services, door, PROBE, "exit", morning + timedelta(hours=9))
    repeat = rows_of(services, obama)[1]
    assert repeat["repeat_of"] == first.event.id
    rejected = api.post(f"/attendance/{first.event.id}/review", json_body={"action": "reject", "note": "not him"})
    assert rejected.status == 200, rejected.text
    paid = worked_minutes(services, obama, day)  # the repeat (08:00:30) is his entry now
    assert len(paid) == 1 and paid[0][0] >= 9 * 60 - 1 and paid[0][1:] == (False, False), paid
    # HR confirms the rejected 08:00 press after all, as an exit (forced: a lone exit before his shift).
    turned = api.post(f"/attendance/{first.event.id}/review", json_body={
        "action": "confirm", "note": "it was his exit", "event_type": "exit", "force": True})
    assert turned.status == 200, turned.text
    assert review_view(services, repeat["id"])["event_type"] == "entry"  # his entry stays an entry
    assert worked_minutes(services, obama, day)[0][0] == paid[0][0]
    michelle = someone_else(services)
    moved = api.post(f"/attendance/{first.event.id}/review", json_body={
        "action": "reassign", "employee_id": michelle, "note": "it was Michelle"})
    assert moved.status == 200, moved.text
    assert repeat["id"] in [row["id"] for row in rows_of(services, obama)]
    assert worked_minutes(services, obama, day)[0][0] == paid[0][0]
