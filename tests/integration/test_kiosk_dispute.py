"""POST /attendance/{event_id}/dispute: "Not you?" at the kiosk. The person shown someone else's name sends that punch
to review at once; it stops counting for the person named, and their later server-decided punches it turned go to
review. Real PostgreSQL + pgvector, real models, real photos, local S3."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facepass import attendance, dispute
from facepass.errors import FacePassError
from tests.conftest import fixture_bytes, fresh_database, kiosk_paired_days_ago, pair_device
from tests.integration import test_punch_direction
from tests.integration.test_punch_direction import OTHER_PROBE, PROBE, STRANGER, b64


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "dispute_" + uuid.uuid4().hex[:10])


obama = test_punch_direction.obama  # the same person, enrolled a week ago (a fixture)


def stored(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        cur.execute("SELECT event_type, review_state, review_reasons, revision, snapshot_key, employee_id"
                    " FROM attendance_log WHERE id = %s", (event_id,))
        return cur.fetchone()


def check(services, photo: str, event_type: str, *, device_id: str, at: datetime | None = None):
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes(photo), event_type=event_type, device_id=device_id, now=at)
    return result.event


def test_a_check_in_disputed_at_its_kiosk_goes_to_review_audited_and_a_second_dispute_writes_nothing(
        api, services, obama):
    device, token = pair_device(api, "Front door")
    _, other_token = pair_device(api, "Back door")
    checked = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token)
    assert checked.status == 201, checked.text
    event = checked.json()["event"]
    assert event["review_state"] == "none" and event["employee"]["full_name"] == "Barack Obama"
    seen = stored(services, event["id"])
    assert seen["snapshot_key"].startswith("snapshots/")

    # Another kiosk, an unknown event: not found, nothing said about whose it is.
    for path, as_token in ((f"/attendance/{event['id']}/dispute", other_token),
                           (f"/attendance/{event['id'] + 1000}/dispute", token)):
        refused = api.post(path, device_token=as_token)
        assert refused.status == 404 and refused.error_code == "attendance_not_found", refused.text
        assert "Obama" not in refused.text
    assert stored(services, event["id"]) == seen

    disputed = api.post(f"/attendance/{event['id']}/dispute", device_token=token)
    assert disputed.status == 200, disputed.text
    answer = disputed.json()
    assert answer["id"] == event["id"] and answer["review_state"] == "pending"
    assert answer["review_reasons"] == ["disputed_at_kiosk"]
    assert answer["employee"] == event["employee"]  # the name the kiosk showed, nobody else's
    assert not {"similarity", "liveness_score", "matched_employee", "snapshot_key"} & set(answer)
    now = stored(services, event["id"])
    assert (now["review_state"], now["review_reasons"], now["revision"]) == (
        "pending", ["disputed_at_kiosk"], seen["revision"] + 1)
    assert now["snapshot_key"] == "review-snapshots/" + seen["snapshot_key"].removeprefix("snapshots/")
    services.s3.head_object(Bucket=services.settings.bucket, Key=now["snapshot_key"])

    trail = api.get(f"/attendance/{event['id']}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"], entry["actor"]) for entry in trail] == [
        ("flag", True, f"FacePass (automatic): kiosk {device['id']}")]
    assert trail[0]["before"]["review_state"] == "none" and trail[0]["after"]["review_state"] == "pending"
    assert trail[0]["after"]["review_reasons"] == ["disputed_at_kiosk"]

    # It no longer counts; HR's queue has it with its reason.
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert counted == []
    queue = api.get("/attendance/review").json()["items"]
    assert [(item["id"], item["review_reasons"]) for item in queue] == [(event["id"], ["disputed_at_kiosk"])]

    again = api.post(f"/attendance/{event['id']}/dispute", device_token=token)
    assert again.status == 200 and again.json() == answer
    assert stored(services, event["id"]) == now
    assert len(api.get(f"/attendance/{event['id']}/audit").json()["items"]) == 1

    # A reviewer who opened it before is told the kiosk sent it to review, not someone's decision.
    stale = api.post(f"/attendance/{event['id']}/review",
                     json_body={"action": "confirm", "expected_revision": seen["revision"]})
    assert stale.status == 409 and stale.error_code == "review_stale"
    details = stale.json()["error"]["details"]
    assert (details["automatic"], details["disputed"], details["decided_without"]) == (True, True, None)
    # HR decides it (it was him after all): a kiosk cannot take that back.
    confirmed = api.post(f"/attendance/{event['id']}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    late = api.post(f"/attendance/{event['id']}/dispute", device_token=token)
    assert late.status == 409 and late.error_code == "dispute_reviewed"


def test_a_dispute_after_the_window_is_refused_and_changes_nothing(services, obama):
    door = kiosk_paired_days_ago(services)
    event = check(services, PROBE, "entry", device_id=door)
    seen = stored(services, event.id)
    with pytest.raises(FacePassError) as refused:
        dispute.dispute(services.db, services.settings, event.id, device_id=door, s3=services.s3,
                        now=event.received_at + dispute.WINDOW + timedelta(seconds=1))
    assert (refused.value.status, refused.value.code) == (409, "dispute_window_over")
    assert stored(services, event.id) == seen
    # Within it, the same punch is sent to review.
    answer = dispute.dispute(services.db, services.settings, event.id, device_id=door, s3=services.s3,
                             now=event.received_at + dispute.WINDOW)
    assert answer.review_state == "pending"


def test_only_a_counted_punch_no_human_decided_can_be_disputed(api, services, obama):
    door = kiosk_paired_days_ago(services)
    stranger = check(services, STRANGER, "entry", device_id=door)
    assert stranger.status != "recognized"
    flagged = check(services, PROBE, "entry", device_id=door)
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET review_state = 'pending', review_reasons = '{multiple_faces}'"
                    " WHERE id = %s", (flagged.id,))
    for event_id in (stranger.id, flagged.id):
        with pytest.raises(FacePassError) as refused:
            dispute.dispute(services.db, services.settings, event_id, device_id=door)
        assert (refused.value.status, refused.value.code) == (409, "dispute_not_counted")
    rejected = api.post(f"/attendance/{flagged.id}/review", json_body={"action": "reject", "note": "someone else"})
    assert rejected.status == 200, rejected.text
    with pytest.raises(FacePassError) as refused:
        dispute.dispute(services.db, services.settings, flagged.id, device_id=door)
    assert (refused.value.status, refused.value.code) == (409, "dispute_reviewed")


def test_a_disputed_punch_sends_the_later_punches_it_turned_to_review(api, services, obama):
    door = kiosk_paired_days_ago(services)
    now = datetime.now(UTC)
    morning = check(services, PROBE, "auto", device_id=door, at=now - timedelta(hours=3))
    later = check(services, OTHER_PROBE, "auto", device_id=door, at=now - timedelta(hours=1))
    assert (morning.event_type, later.event_type) == ("entry", "exit")
    seen = stored(services, later.id)

    answer = dispute.dispute(services.db, services.settings, morning.id, device_id=door, s3=services.s3)
    assert answer.review_state == "pending" and answer.review_reasons == ["disputed_at_kiosk"]
    # Without the morning entry nothing was open at the later punch: it was decided with a punch not his.
    after = stored(services, later.id)
    assert (after["event_type"], after["review_state"], after["review_reasons"], after["revision"]) == (
        "exit", "pending", ["direction_uncertain"], seen["revision"] + 1)
    assert after["snapshot_key"].startswith("review-snapshots/")
    trail = api.get(f"/attendance/{later.id}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"], entry["actor"]) for entry in trail] == [
        ("flag", True, "FacePass (automatic)")]
    assert trail[0]["decided_without"] == {"event_id": morning.id, "cause": "disputed",
                                           "occurred_at": morning.occurred_at.isoformat().replace("+00:00", "Z")}


def test_a_disputed_punch_decides_no_new_punch_of_the_person_it_named_until_hr_confirms_it(api, services, obama):
    door = kiosk_paired_days_ago(services)
    morning = check(services, PROBE, "auto", device_id=door, at=datetime.now(UTC) - timedelta(hours=2))
    assert morning.event_type == "entry"
    dispute.dispute(services.db, services.settings, morning.id, device_id=door, s3=services.s3)
    # Not his entry: nothing is open, so his press now is an entry, clean (a punch awaiting review for another
    # reason would have made it an exit awaiting review with it).
    now = check(services, OTHER_PROBE, "auto", device_id=door)
    assert (now.event_type, now.review_state, now.review_reasons) == ("entry", "none", [])
    # HR finds it was his after all: confirmed, it counts anew, and the press decided without it goes to review.
    confirmed = api.post(f"/attendance/{morning.id}/review", json_body={"action": "confirm", "force": True,
                                                                          "note": "it was him after all"})
    assert confirmed.status == 200, confirmed.text
    after = stored(services, now.id)
    assert (after["review_state"], after["review_reasons"]) == ("pending", ["direction_uncertain"])
    trail = api.get(f"/attendance/{now.id}/audit").json()["items"]
    assert [(entry["action"], entry["decided_without"]["cause"]) for entry in trail] == [("flag", "reviewed")]


def test_a_dispute_takes_the_repeats_its_kiosk_recorded_along(api, services, obama):
    door = kiosk_paired_days_ago(services)
    first = check(services, PROBE, "entry", device_id=door)
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(OTHER_PROBE), event_type="entry", device_id=door)
    assert status == 200 and result.repeated and result.event.id == first.id
    with services.db.transaction() as cur:
        cur.execute("SELECT id FROM attendance_log WHERE repeat_of = %s", (first.id,))
        repeat = cur.fetchone()["id"]
    dispute.dispute(services.db, services.settings, first.id, device_id=door, s3=services.s3)
    # Without it, the repeat would count on its own for the person the kiosk wrongly named.
    assert stored(services, repeat)["review_reasons"] == ["disputed_at_kiosk"]
    assert api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"] == []
    trail = api.get(f"/attendance/{repeat}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)]
    # HR decides the punch: its repeats the dispute took along get the same decision (none left in the queue, none
    # counting on its own for the person wrongly named), each audited.
    decided = api.post(f"/attendance/{first.id}/review", json_body={"action": "reject", "note": "not Obama"})
    assert decided.status == 200, decided.text
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["review_reasons"]) == (
        "rejected", ["disputed_at_kiosk"])
    assert [entry["action"] for entry in api.get(f"/attendance/{repeat}/audit").json()["items"]] == ["flag", "reject"]
    assert [item["id"] for item in api.get("/attendance/review").json()["items"]] == []
    assert api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"] == []


def test_past_the_window_a_kiosk_learns_nothing_of_hrs_decision_and_an_offline_capture_is_never_disputed(
        api, services, obama):
    door = kiosk_paired_days_ago(services)
    event = check(services, PROBE, "entry", device_id=door)
    assert api.post(f"/attendance/{event.id}/review", json_body={"action": "reject", "note": "no"}).status == 200
    with pytest.raises(FacePassError) as refused:
        dispute.dispute(services.db, services.settings, event.id, device_id=door,
                        now=event.received_at + dispute.WINDOW + timedelta(seconds=1))
    assert (refused.value.code, refused.value.details) == (
        "dispute_window_over", {"window_seconds": int(dispute.WINDOW.total_seconds())})
    queued = check(services, PROBE, "exit", device_id=door)
    with services.db.transaction() as cur:  # as a capture queued offline and sent later is stored
        cur.execute("UPDATE attendance_log SET offline = true WHERE id = %s", (queued.id,))
    with pytest.raises(FacePassError) as refused:
        dispute.dispute(services.db, services.settings, queued.id, device_id=door)
    assert refused.value.code == "dispute_window_over"
    assert stored(services, queued.id)["review_state"] == "none"


def test_confirming_a_disputed_punch_turns_a_later_punch_awaiting_review_that_was_decided_without_it(api, services,
                                                                                                    obama):
    """A disputed punch took no part while it waited: confirmed, it counts anew, and a later punch awaiting review for
    another reason that was decided without it gets the reason and the flag too."""
    door = kiosk_paired_days_ago(services)
    morning = check(services, PROBE, "auto", device_id=door, at=datetime.now(UTC) - timedelta(hours=2))
    dispute.dispute(services.db, services.settings, morning.id, device_id=door, s3=services.s3)
    later = check(services, OTHER_PROBE, "auto", device_id=door)
    assert later.event_type == "entry"
    with services.db.transaction() as cur:  # awaiting review for a reason of its own (two faces at the kiosk)
        cur.execute("UPDATE attendance_log SET review_state = 'pending', review_reasons = '{multiple_faces}'"
                    " WHERE id = %s", (later.id,))
    confirmed = api.post(f"/attendance/{morning.id}/review", json_body={"action": "confirm", "force": True,
                                                                          "note": "it was him after all"})
    assert confirmed.status == 200, confirmed.text
    assert stored(services, later.id)["review_reasons"] == ["multiple_faces", "direction_uncertain"]
    trail = api.get(f"/attendance/{later.id}/audit").json()["items"]
    assert [(entry["action"], entry["decided_without"]["cause"]) for entry in trail] == [("flag", "reviewed")]


def repeat_of(services, original: int) -> int:
    with services.db.transaction() as cur:
        cur.execute("SELECT id FROM attendance_log WHERE repeat_of = %s ORDER BY id DESC LIMIT 1", (original,))
        return cur.fetchone()["id"]


def test_a_repeat_answer_offers_not_you_for_the_press_itself_which_goes_to_review_alone_while_the_original_counts(
        api, services, obama):
    """A press within the repeat window of someone's punch gets the repeat answer (their name, the punch's time).
    Its "Not you?" names the repeat row, never the punch it repeats: that may be the named person's genuine punch.
    The repeat alone goes to review, audited; the original keeps counting, and HR's card says which event it repeats.
    Confirmed (the same person pressing twice), it stays a repeat and counts nothing new. Reviewers read the kiosk's
    name, not only its id."""
    device, token = pair_device(api, "Front door")
    first = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token)
    assert first.status == 201, first.text
    original = first.json()["event"]
    assert first.json()["dispute_event_id"] == original["id"]  # a new live punch: its own
    again = api.post("/attendance/check-in", json_body={"image": b64(OTHER_PROBE)}, device_token=token)
    assert again.status == 200, again.text
    answer = again.json()
    assert answer["repeated"] and answer["event"]["id"] == original["id"]
    assert answer["event"]["employee"] == original["employee"]  # no name beyond what the answer shows
    repeat = repeat_of(services, original["id"])
    assert answer["dispute_event_id"] == repeat != original["id"]
    stored_repeat = stored(services, repeat)
    with services.db.transaction() as cur:
        cur.execute("SELECT received_at FROM attendance_log WHERE id = %s", (repeat,))
        received = cur.fetchone()["received_at"]
    assert datetime.fromisoformat(answer["dispute_until"]) == received + dispute.WINDOW

    disputed = api.post(f"/attendance/{answer['dispute_event_id']}/dispute", device_token=token)
    assert disputed.status == 200, disputed.text
    assert disputed.json()["id"] == repeat and disputed.json()["review_reasons"] == ["disputed_at_kiosk"]
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["review_reasons"],
            stored(services, repeat)["revision"]) == ("pending", ["disputed_at_kiosk"], stored_repeat["revision"] + 1)
    assert stored(services, original["id"])["review_state"] == "none"  # untouched: it still counts for him
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [item["id"] for item in counted] == [original["id"]]
    assert api.get(f"/attendance/{original['id']}/audit").json()["items"] == []
    trail = api.get(f"/attendance/{repeat}/audit").json()["items"]
    assert [(entry["action"], entry["actor"], entry["device_name"]) for entry in trail] == [
        ("flag", f"FacePass (automatic): kiosk {device['id']}", "Front door")]
    assert f"event {original['id']}" in trail[0]["note"] and "still counts" in trail[0]["note"]

    queue = api.get("/attendance/review").json()["items"]
    assert [(item["id"], item["repeat_of"], item["counted_original"], item["device_name"]) for item in queue] == [
        (repeat, original["id"], original["id"], "Front door")]
    # Sent again over a lost answer: the same answer, nothing written.
    assert api.post(f"/attendance/{repeat}/dispute", device_token=token).json() == disputed.json()
    assert len(api.get(f"/attendance/{repeat}/audit").json()["items"]) == 1

    # HR: it was him pressing twice. It stays a repeat: nothing new counts, no punch_conflict.
    confirmed = api.post(f"/attendance/{repeat}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    assert stored(services, repeat)["review_state"] == "confirmed"
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [item["id"] for item in counted] == [original["id"]]
    assert stored(services, original["id"])["review_state"] == "none"


def test_a_third_persons_not_you_on_a_repeat_cannot_un_count_the_original_nor_turn_the_persons_later_punches(
        api, services, obama):
    """Y checks in; within the repeat window someone else is recognized as Y at the same kiosk and says "Not you?".
    Y's punch still counts, and Y's later server-decided punch, decided with it, is not sent back to review. Should
    Y's punch itself be disputed and decided later, its decision never takes along the repeat disputed on its own:
    that press awaits HR's own decision."""
    door = kiosk_paired_days_ago(services)
    now = datetime.now(UTC)
    morning = check(services, PROBE, "entry", device_id=door, at=now - timedelta(hours=2))
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(OTHER_PROBE), event_type="entry", device_id=door,
                                             now=now - timedelta(hours=2) + timedelta(seconds=30))
    assert status == 200 and result.repeated and result.event.id == morning.id
    repeat = repeat_of(services, morning.id)
    assert result.dispute_event_id == repeat
    later = check(services, PROBE, "auto", device_id=door, at=now - timedelta(hours=1))
    assert later.event_type == "exit"  # decided with the morning entry
    seen_later = stored(services, later.id)

    answer = dispute.dispute(services.db, services.settings, result.dispute_event_id, device_id=door,
                             s3=services.s3)
    assert answer.id == repeat and answer.review_state == "pending"
    assert stored(services, morning.id)["review_state"] == "none"
    assert stored(services, later.id) == seen_later  # still an exit, counted, unflagged
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [item["id"] for item in counted] == [morning.id, later.id]

    # The morning punch disputed too, then decided by HR: the repeat disputed alone keeps its own review.
    dispute.dispute(services.db, services.settings, morning.id, device_id=door, s3=services.s3)
    assert [entry["action"] for entry in api.get(f"/attendance/{repeat}/audit").json()["items"]] == ["flag"]
    confirmed = api.post(f"/attendance/{morning.id}/review", json_body={"action": "confirm", "force": True,
                                                                          "note": "it was him after all"})
    assert confirmed.status == 200, confirmed.text
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["review_reasons"]) == (
        "pending", ["disputed_at_kiosk"])
    assert [entry["action"] for entry in api.get(f"/attendance/{repeat}/audit").json()["items"]] == ["flag"]
    # HR rejects the repeat (another face): his confirmed punch counts, the repeat never does.
    rejected = api.post(f"/attendance/{repeat}/review", json_body={"action": "reject", "note": "a colleague"})
    assert rejected.status == 200, rejected.text
    counted = [item["id"] for item in api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]]
    assert morning.id in counted and repeat not in counted


def _repeat_disputed_alone(services):
    """An entry O counted at a kiosk, a second press R its repeat, and R's own "Not you?" (R alone to review)."""
    door = kiosk_paired_days_ago(services)
    first = check(services, PROBE, "entry", device_id=door)
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(OTHER_PROBE), event_type="entry", device_id=door)
    assert status == 200 and result.dispute_event_id == repeat_of(services, first.id)
    repeat = result.dispute_event_id
    dispute.dispute(services.db, services.settings, repeat, device_id=door, s3=services.s3)
    return first, repeat


def test_a_repeat_disputed_alone_never_counts_on_its_own_when_the_punch_it_repeats_stops_counting(api, services,
                                                                                                     obama):
    """A repeat counts when the punch it repeats no longer does (HR rejected it): not one the person at the kiosk
    said was not them. It waits for HR's own decision, untouched by the rejection."""
    first, repeat = _repeat_disputed_alone(services)
    rejected = api.post(f"/attendance/{first.id}/review", json_body={"action": "reject", "note": "not Obama"})
    assert rejected.status == 200, rejected.text
    assert api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"] == []
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["review_reasons"]) == (
        "pending", ["disputed_at_kiosk"])
    assert [entry["action"] for entry in api.get(f"/attendance/{repeat}/audit").json()["items"]] == ["flag"]
    # Its card no longer says the punch it repeats counts.
    [item] = api.get("/attendance/review").json()["items"]
    assert (item["id"], item["repeat_of"], item["counted_original"]) == (repeat, first.id, None)


def test_not_you_is_withheld_when_too_little_of_the_window_is_left_for_the_kiosk_to_send_it(services, obama):
    """The button shows 15 s and its dispute may take 10 s: no target is offered with less than that left of the
    route's window. A check-in's answer replayed late (a resend whose first answer was lost) offers it no more."""
    door = kiosk_paired_days_ago(services)
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(PROBE), event_type="entry", device_id=door,
                                             idempotency_key="withheld-1")
    assert status == 201 and result.dispute_event_id == result.event.id
    with services.db.transaction() as cur:
        cur.execute("SELECT * FROM attendance_log WHERE id = %s", (result.event.id,))
        row = cur.fetchone()
    assert result.dispute_until == row["received_at"] + dispute.WINDOW
    last_offer = row["received_at"] + dispute.WINDOW - dispute.OFFER_MARGIN
    assert timedelta(seconds=25) <= dispute.OFFER_MARGIN
    assert dispute.target(row, device_id=door, now=last_offer) == row["id"]
    assert dispute.target(row, device_id=door, now=last_offer + timedelta(seconds=1)) is None

    replayed, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                          data=fixture_bytes(PROBE), event_type="entry", device_id=door,
                                          idempotency_key="withheld-1", now=row["received_at"] + timedelta(seconds=5))
    assert replayed.replayed and replayed.dispute_event_id == row["id"]
    assert replayed.dispute_until == row["received_at"] + dispute.WINDOW
    late, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                      data=fixture_bytes(PROBE), event_type="entry", device_id=door,
                                      idempotency_key="withheld-1", now=last_offer + timedelta(seconds=1))
    assert late.replayed and late.event.id == row["id"]
    assert (late.dispute_event_id, late.dispute_until) == (None, None)


def test_a_repeat_offers_its_own_press_whatever_the_age_or_kiosk_of_the_punch_it_repeats_never_an_offline_one(
        api, services, obama):
    """The window is the press's own: a repeat of a punch that reached the server long ago (a repeat window set
    longer), or of another kiosk's punch, offers this press; one the offline queue sent offers nothing."""
    door = kiosk_paired_days_ago(services)
    front, token = pair_device(api, "Front door")
    first = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token).json()["event"]
    with services.db.transaction() as cur:  # it reached the server just past the window (still within the repeat's)
        cur.execute("UPDATE attendance_log SET received_at = received_at - interval '121 seconds' WHERE id = %s",
                    (first["id"],))
    late = api.post("/attendance/check-in", json_body={"image": b64(OTHER_PROBE)}, device_token=token).json()
    assert late["repeated"] and late["event"]["id"] == first["id"]
    assert late["dispute_event_id"] == repeat_of(services, first["id"])
    refused = api.post(f"/attendance/{first['id']}/dispute", device_token=token)
    assert refused.status == 409 and refused.error_code == "dispute_window_over"

    exit_ = check(services, PROBE, "exit", device_id=door)  # another kiosk's punch, live
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(OTHER_PROBE), event_type="exit",
                                             device_id=front["id"])
    assert status == 200 and result.repeated and result.event.id == exit_.id
    assert result.dispute_event_id == repeat_of(services, exit_.id)
    # A press the offline queue sent: nobody stands in front of its answer.
    result, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                             data=fixture_bytes(OTHER_PROBE), event_type="exit", device_id=door,
                                             captured_at=datetime.now(UTC))
    assert status == 200 and result.repeated and result.event.id == exit_.id and result.dispute_event_id is None


def detail(services, event_id: int) -> dict | None:
    with services.db.transaction() as cur:
        cur.execute("SELECT review_detail FROM attendance_log WHERE id = %s", (event_id,))
        return cur.fetchone()["review_detail"]


def test_a_repeat_disputed_alone_follows_its_original_when_hr_turns_it_and_confirmed_never_counts_on_its_own(
        api, services, obama):
    """O counts as an entry; R repeats it and its "Not you?" sends R alone to review. HR confirms O as an exit: R
    turns with it (its direction only: it still awaits its own decision), audited. HR confirms R (a double press):
    it stays a repeat of the exit, never a second punch (a new shift opened a second after an exit)."""
    first, repeat = _repeat_disputed_alone(services)
    seen = stored(services, repeat)

    turned = api.post(f"/attendance/{first.id}/review", json_body={
        "action": "confirm", "event_type": "exit", "force": True, "note": "he was leaving"})
    assert turned.status == 200, turned.text
    now = stored(services, repeat)
    assert (now["event_type"], now["review_state"], now["review_reasons"], now["revision"]) == (
        "exit", "pending", ["disputed_at_kiosk"], seen["revision"] + 1)
    trail = api.get(f"/attendance/{repeat}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True), ("flag", False)]
    assert (trail[1]["before"]["event_type"], trail[1]["after"]["event_type"]) == ("entry", "exit")
    assert f"event {first.id}" in trail[1]["note"] and "he was leaving" in trail[1]["note"]
    [item] = api.get("/attendance/review").json()["items"]
    assert (item["id"], item["event_type"], item["counted_original"]) == (repeat, "exit", first.id)

    # Confirmed in another direction than the punch it repeats: refused, nothing written.
    refused = api.post(f"/attendance/{repeat}/review", json_body={"action": "confirm", "event_type": "entry",
                                                                  "note": "a second entry"})
    assert refused.status == 409 and refused.error_code == "repeat_follows_original", refused.text
    assert stored(services, repeat) == now
    confirmed = api.post(f"/attendance/{repeat}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["event_type"]) == ("confirmed", "exit")
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [(item["id"], item["event_type"]) for item in counted] == [(first.id, "exit")]


def test_a_confirm_of_a_repeat_disputed_alone_takes_the_direction_of_its_counted_original(api, services, obama):
    """Whatever direction the repeat was left in (turned before it followed its original), a confirm while the
    punch it repeats counts keeps it a repeat of that punch: in its direction, nothing new counted."""
    door = kiosk_paired_days_ago(services)
    first = check(services, PROBE, "entry", device_id=door)
    result, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        data=fixture_bytes(OTHER_PROBE), event_type="entry", device_id=door)
    repeat = result.dispute_event_id
    dispute.dispute(services.db, services.settings, repeat, device_id=door, s3=services.s3)
    with services.db.transaction() as cur:  # the original turned as the old code left it: the repeat an entry
        cur.execute("UPDATE attendance_log SET event_type = 'exit', review_state = 'confirmed', "
                    "direction_source = 'hr', reviewed_by = 'hr', reviewed_at = now() WHERE id = %s", (first.id,))
    confirmed = api.post(f"/attendance/{repeat}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    assert (stored(services, repeat)["review_state"], stored(services, repeat)["event_type"]) == ("confirmed", "exit")
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [(item["id"], item["event_type"]) for item in counted] == [(first.id, "exit")]
    # Once the punch it repeats no longer counts, HR's confirm of the repeat decides it as it is (HR's decision).


def test_a_third_persons_not_you_on_a_repeat_its_originals_dispute_took_along_is_recorded_and_decided_alone(
        api, services, obama):
    """X disputes O; before that arrives, Y is recognized as the same person at that kiosk and gets repeat R. O's
    dispute takes R along. Y's "Not you?" on R then records Y's word (its own flag, by the kiosk) and marks R disputed
    on its own: HR's decision on O no longer takes R along. The answer is the same as before; again, nothing."""
    device, token = pair_device(api, "Front door")
    first = api.post("/attendance/check-in", json_body={"image": b64(PROBE)}, device_token=token)
    assert first.status == 201, first.text
    original = first.json()["event"]["id"]
    again = api.post("/attendance/check-in", json_body={"image": b64(OTHER_PROBE)}, device_token=token)
    assert again.status == 200 and again.json()["repeated"], again.text
    repeat = again.json()["dispute_event_id"]
    assert repeat == repeat_of(services, original)

    assert api.post(f"/attendance/{original}/dispute", device_token=token).status == 200
    assert stored(services, repeat)["review_reasons"] == ["disputed_at_kiosk"]  # taken along
    seen = stored(services, repeat)
    disputed = api.post(f"/attendance/{repeat}/dispute", device_token=token)
    assert disputed.status == 200, disputed.text
    assert disputed.json()["id"] == repeat and disputed.json()["review_reasons"] == ["disputed_at_kiosk"]
    assert detail(services, repeat) == {"disputed_repeat_of": original}
    assert stored(services, repeat)["revision"] == seen["revision"] + 1
    trail = api.get(f"/attendance/{repeat}/audit").json()["items"]
    kiosk = f"FacePass (automatic): kiosk {device['id']}"
    assert [(entry["action"], entry["actor"]) for entry in trail] == [("flag", kiosk), ("flag", kiosk)]
    assert f"event {original}" in trail[1]["note"]
    # Sent again (a lost answer): the same answer, nothing written.
    assert api.post(f"/attendance/{repeat}/dispute", device_token=token).json() == disputed.json()
    assert len(api.get(f"/attendance/{repeat}/audit").json()["items"]) == 2

    # HR confirms O (it was him): R is not confirmed with it, it awaits its own decision.
    confirmed = api.post(f"/attendance/{original}/review", json_body={"action": "confirm"})
    assert confirmed.status == 200, confirmed.text
    assert (stored(services, repeat)["review_state"], len(api.get(f"/attendance/{repeat}/audit").json()["items"])) \
        == ("pending", 2)
    [item] = api.get("/attendance/review").json()["items"]
    assert (item["id"], item["counted_original"]) == (repeat, original)
    rejected = api.post(f"/attendance/{repeat}/review", json_body={"action": "reject", "note": "a colleague"})
    assert rejected.status == 200, rejected.text
    counted = api.get("/attendance", query=f"employee_id={obama}&counted=true").json()["items"]
    assert [item["id"] for item in counted] == [original]


def test_a_repeat_turned_with_its_original_reads_as_turned_not_decided_to_a_reviewer_with_the_older_view(
        api, services, obama):
    """HR turns O to an exit and R (pending, disputed alone) turns with it; a second reviewer decides R from the view
    before: 409 review_stale saying what happened (the turn: by whom, when, with which press, to which direction, from
    R's flag row), not a decision by nobody. Nothing written."""
    first, repeat = _repeat_disputed_alone(services)
    seen = stored(services, repeat)
    turned = api.post(f"/attendance/{first.id}/review", json_body={
        "action": "confirm", "event_type": "exit", "force": True, "note": "he was leaving"},
        claims={"sub": "hr-1", "username": "hr@example.com", "scope": "facepass/admin"})
    assert turned.status == 200, turned.text
    flag = api.get(f"/attendance/{repeat}/audit").json()["items"][-1]
    assert (flag["action"], flag["actor"]) == ("flag", "hr@example.com")
    now = stored(services, repeat)

    stale = api.post(f"/attendance/{repeat}/review", json_body={"action": "confirm",
                                                                "expected_revision": seen["revision"]})
    assert (stale.status, stale.error_code) == (409, "review_stale"), stale.text
    details = stale.json()["error"]["details"]
    assert (details["review_state"], details["reviewed_by"], details["reviewed_at"], details["automatic"]) == (
        "pending", None, None, False)
    assert details["revision"] == now["revision"]
    assert details["turned"] == {"by": "hr@example.com", "at": details["turned"]["at"], "with_event_id": first.id,
                                 "event_type": "exit"}
    assert datetime.fromisoformat(details["turned"]["at"]) == datetime.fromisoformat(
        flag["created_at"].replace("Z", "+00:00"))
    message = stale.json()["error"]["message"]
    assert "turned" in message and "hr@example.com" in message and "decided" not in message
    assert stored(services, repeat) == now  # nothing written
