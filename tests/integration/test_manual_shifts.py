"""A missing shift HR adds in one step (POST /attendance/manual/shift) on real PostgreSQL: a forgotten morning before
the afternoon's kiosk punches, which one punch at a time cannot be added. Both punches are checked together, stored
together, audited; a pair that would break or swallow a counted shift is 409 and writes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from facepass import repository
from tests.conftest import event_and_audit_counts

# A fresh database per test, and the company's report zone Berlin's, as in the QA report (Amy, report zone
# Europe/Berlin): test_person_time_zones' fixtures.
from tests.integration.test_person_time_zones import NEW_YORK, database_url, person, settings  # noqa: F401
from tests.integration.test_person_time_zones import REPORT_ZONE as BERLIN


def _day(zone: str) -> date:
    """A working day three days ago in `zone`: every punch of it is in the past."""
    return datetime.now(ZoneInfo(zone)).date() - timedelta(days=3)


def _at(day: date, clock: str, zone: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def _kiosk(services, employee_id: str, *punches: tuple[str, datetime]) -> list[int]:
    with services.db.transaction() as cur:
        return [repository.insert_attendance(cur, employee_id=uuid.UUID(employee_id), occurred_at=at.astimezone(UTC),
                                             event_type=kind, similarity=0.8, trace_id=uuid.uuid4(),
                                             snapshot_key=None, status="recognized", device_id="door")["id"]
                for kind, at in punches]


def _shift(employee_id: str, start: datetime, end: datetime, note: str = "kiosk was down this morning") -> dict:
    return {"employee_id": employee_id, "started_at": start.isoformat(), "ended_at": end.isoformat(), "note": note}


def _minutes(api, day: date, employee_id: str) -> int:
    items = api.get("/attendance/daily", query=f"date={day.isoformat()}").json()["items"]
    return next(item["worked_minutes"] for item in items if item["employee_id"] == employee_id)


def test_a_forgotten_morning_before_the_afternoons_punches_is_added_as_a_shift_and_pays_eight_hours(api, services):
    amy, day = person(api, "Amy"), _day(BERLIN)
    afternoon = _kiosk(services, amy, ("entry", _at(day, "13:00", BERLIN)), ("exit", _at(day, "17:00", BERLIN)))
    assert _minutes(api, day, amy) == 240
    # One punch at a time, the morning cannot be added (the QA report's steps).
    one_by_one = [api.post("/attendance/manual", json_body={"employee_id": amy, "event_type": kind,
                                                            "occurred_at": _at(day, clock, BERLIN).isoformat(),
                                                            "note": "forgot"})
                  for kind, clock in (("entry", "08:00"), ("exit", "12:00"))]
    assert [(answer.status, answer.json()["error"]["details"]["conflict"]) for answer in one_by_one] == [
        (409, "entry_left_open"), (409, "exit_unpaired")]
    # The refused entry names the shift replacing its entry would stretch: the console offers the pair instead.
    left_open = one_by_one[0].json()["error"]["details"]
    assert left_open["event_ids"] == afternoon and left_open["replaceable"] == afternoon[:1]

    added = api.post("/attendance/manual/shift", json_body=_shift(amy, _at(day, "08:00", BERLIN),
                                                                  _at(day, "12:00", BERLIN)))
    assert added.status == 201, added.text
    entry, exit_ = added.json()["entry"], added.json()["exit"]
    assert (entry["event_type"], exit_["event_type"]) == ("entry", "exit")
    assert datetime.fromisoformat(entry["occurred_at"]) == _at(day, "08:00", BERLIN)
    assert datetime.fromisoformat(exit_["occurred_at"]) == _at(day, "12:00", BERLIN)
    for event in (entry, exit_):
        assert event["entered_by"] == "test-admin" and event["review_state"] == "confirmed"
        assert event["direction_source"] == "hr" and event["device_id"] is None
        trail = api.get(f"/attendance/{event['id']}/audit").json()["items"]
        assert [(row["action"], row["actor"], row["note"]) for row in trail] == [
            ("add", "test-admin", "kiosk was down this morning")]
        assert trail[0]["before"] == {} and trail[0]["after"]["event_type"] == event["event_type"]
    # 08:00-12:00 and 13:00-17:00: eight hours, the lunch hour unpaid; the kiosk's punches untouched and counted.
    assert _minutes(api, day, amy) == 8 * 60
    counted = api.get("/attendance", query=f"date_from={day}&date_to={day}&counted=true").json()["items"]
    assert sorted(event["id"] for event in counted) == sorted([*afternoon, entry["id"], exit_["id"]])
    assert event_and_audit_counts(services) == (4, 2)


def test_a_shift_ending_when_a_counted_one_begins_is_two_shifts_in_the_reports(api, services):
    """Back to back, typed to the minute (the QA report): 08:00-13:00 added before a counted 13:00-17:00 is accepted,
    and the reports pair it as the check did. At the same instant an exit sorts before an entry, whichever was stored
    first: before, the older 13:00 entry (lower id) came first in the reports, paired with the new 13:00 exit (0
    minutes), and the day paid nothing."""
    dan, day = person(api, "Dan"), _day(BERLIN)
    afternoon = api.post("/attendance/manual/shift", json_body=_shift(dan, _at(day, "13:00", BERLIN),
                                                                      _at(day, "17:00", BERLIN)))
    assert afternoon.status == 201, afternoon.text
    morning = api.post("/attendance/manual/shift", json_body=_shift(dan, _at(day, "08:00", BERLIN),
                                                                    _at(day, "13:00", BERLIN)))
    assert morning.status == 201, morning.text
    assert _minutes(api, day, dan) == 9 * 60
    # The kiosk's afternoon, a morning added by hand, then the lunch hour in between (12:00-13:00): nine hours.
    eve = person(api, "Eve")
    _kiosk(services, eve, ("entry", _at(day, "13:00", BERLIN)), ("exit", _at(day, "17:00", BERLIN)))
    for start, end in (("08:00", "12:00"), ("12:00", "13:00")):
        added = api.post("/attendance/manual/shift", json_body=_shift(eve, _at(day, start, BERLIN),
                                                                      _at(day, end, BERLIN)))
        assert added.status == 201, added.text
    assert _minutes(api, day, eve) == 9 * 60
    items = api.get("/attendance/daily", query=f"date={day.isoformat()}").json()["items"]
    assert all(not item["open_shift"] and not item["exit_without_entry"] for item in items)


def test_a_shift_overlapping_or_swallowing_a_counted_shift_is_409_and_writes_nothing(api, services):
    bob, day = person(api, "Bob"), _day(BERLIN)
    entry, exit_ = _kiosk(services, bob, ("entry", _at(day, "13:00", BERLIN)), ("exit", _at(day, "17:00", BERLIN)))
    cases = [
        # Cuts into the afternoon: 13:00 would open a shift 14:00 closes, 17:00 would close nothing.
        (("12:00", "14:00"), "shift_broken", [entry, exit_]),
        (("16:00", "18:00"), "shift_broken", [entry, exit_]),
        # Around the whole afternoon: 07:00 left open, the afternoon paid on its own, 18:00 dropped.
        (("07:00", "18:00"), "shift_overlaps", [entry, exit_]),
        # Exactly the afternoon again: its entry a double press of the counted one, its exit closing nothing (at the
        # same instant the counted exit, stored first, sorts first).
        (("13:00", "17:00"), "shift_overlaps", [entry]),
    ]
    for (start, end), kind, involved in cases:
        refused = api.post("/attendance/manual/shift", json_body=_shift(bob, _at(day, start, BERLIN),
                                                                        _at(day, end, BERLIN)),
                           headers={"idempotency-key": f"try-{start}"})
        assert (refused.status, refused.error_code) == (409, "punch_conflict"), (start, end, refused.text)
        error = refused.json()["error"]
        assert (error["details"]["conflict"], error["details"]["event_ids"]) == (kind, involved), (start, end)
        assert error["details"]["replaceable"] == [] and error["details"]["timezone"] == BERLIN
        assert "13:00" in error["message"] and f"({BERLIN})" in error["message"]
    assert event_and_audit_counts(services) == (2, 0)
    assert _minutes(api, day, bob) == 240
    # Back to back is no overlap: an evening 17:00-19:00 after the afternoon is its own shift.
    evening = api.post("/attendance/manual/shift", json_body=_shift(bob, _at(day, "17:00", BERLIN),
                                                                    _at(day, "19:00", BERLIN)))
    assert evening.status == 201, evening.text
    assert _minutes(api, day, bob) == 360


def test_bad_shifts_are_4xx_with_a_stable_code_and_write_nothing(api, services):
    carl, day = person(api, "Carl"), _day(BERLIN)
    now = datetime.now(UTC)
    morning, noon = _at(day, "08:00", BERLIN), _at(day, "12:00", BERLIN)
    for body, status, code in [
        (_shift(carl, noon, morning), 422, "shift_end_not_after_start"),
        (_shift(carl, morning, morning), 422, "shift_end_not_after_start"),
        (_shift(carl, morning, morning + timedelta(hours=17)), 422, "shift_too_long"),  # FACEPASS_MAX_SHIFT_HOURS 16
        (_shift(carl, now - timedelta(hours=1), now + timedelta(hours=1)), 422, "occurred_at_invalid"),
        (_shift(carl, now - timedelta(days=400), now - timedelta(days=400) + timedelta(hours=4)), 422,
         "occurred_at_invalid"),
        ({**_shift(carl, morning, noon), "ended_at": noon.replace(tzinfo=None).isoformat()}, 422,
         "occurred_at_invalid"),
        ({**_shift(carl, morning, noon), "started_at": "0001-01-01T00:00:00+14:00"}, 422, "occurred_at_invalid"),
        ({**_shift(carl, morning, noon), "ended_at": "9999-12-31T23:59:59-14:00"}, 422, "occurred_at_invalid"),
        (_shift(str(uuid.uuid4()), morning, noon), 404, "employee_not_found"),
        (_shift(carl, morning, noon, note=""), 422, "validation_error"),
        ({**_shift(carl, morning, noon), "event_type": "entry"}, 422, "validation_error"),
        ({**_shift(carl, morning, noon), "started_at": int(morning.timestamp())}, 422, "validation_error"),  # Unix
        ({**_shift(carl, morning, noon), "ended_at": str(int(noon.timestamp()))}, 422, "validation_error"),
    ]:
        answer = api.post("/attendance/manual/shift", json_body=body)
        assert (answer.status, answer.error_code) == (status, code), (body, answer.text)
    assert event_and_audit_counts(services) == (0, 0)
    kiosk = api.post("/attendance/manual/shift", json_body=_shift(carl, morning, noon),
                     claims={"sub": "device:x", "scope": "facepass/kiosk"})
    assert kiosk.status == 403


def test_a_retried_shift_with_its_idempotency_key_is_added_once(api, services):
    dora, day = person(api, "Dora"), _day(BERLIN)
    body = _shift(dora, _at(day, "08:00", BERLIN), _at(day, "12:00", BERLIN))
    first = api.post("/attendance/manual/shift", json_body=body, headers={"idempotency-key": "shift-1"})
    assert first.status == 201, first.text
    again = api.post("/attendance/manual/shift", json_body=body, headers={"idempotency-key": "shift-1"})
    assert (again.status, again.json()) == (201, first.json())
    in_utc = {**body, "started_at": _at(day, "08:00", BERLIN).astimezone(UTC).isoformat()}  # the same instant
    assert api.post("/attendance/manual/shift", json_body=in_utc,
                    headers={"idempotency-key": "shift-1"}).json() == first.json()
    assert event_and_audit_counts(services) == (2, 2)
    other = api.post("/attendance/manual/shift", json_body={**body, "note": "another reason"},
                     headers={"idempotency-key": "shift-1"})
    assert (other.status, other.error_code) == (422, "idempotency_key_reused")
    # The key of a shift is not a single punch's either way.
    single = api.post("/attendance/manual", json_body={"employee_id": dora, "event_type": "entry",
                                                       "occurred_at": body["started_at"], "note": body["note"]},
                      headers={"idempotency-key": "shift-1"})
    assert (single.status, single.error_code) == (422, "idempotency_key_reused")
    assert event_and_audit_counts(services) == (2, 2)
    assert _minutes(api, day, dora) == 240


def test_a_shift_in_a_persons_own_zone_is_checked_and_said_in_that_zone(api, services):
    # Report zone Berlin; Eve works in New York. Her afternoon 13:00-17:00 New York time exists.
    eve, day = person(api, "Eve NY", NEW_YORK), _day(NEW_YORK)
    entry, exit_ = _kiosk(services, eve, ("entry", _at(day, "13:00", NEW_YORK)), ("exit", _at(day, "17:00", NEW_YORK)))
    overlapping = api.post("/attendance/manual/shift", json_body=_shift(eve, _at(day, "12:00", NEW_YORK),
                                                                        _at(day, "14:00", NEW_YORK)))
    assert (overlapping.status, overlapping.error_code) == (409, "punch_conflict")
    error = overlapping.json()["error"]
    assert error["details"]["timezone"] == NEW_YORK and f"({NEW_YORK})" in error["message"]
    assert [event["local_time"] for event in error["details"]["events"]] == [
        _at(day, "13:00", NEW_YORK).isoformat(), _at(day, "17:00", NEW_YORK).isoformat()]
    assert f"{day.isoformat()} 13:00" in error["message"] and f"{day.isoformat()} 12:00" in error["message"]
    # Her morning, typed in New York's wall clock: her New York day pays 8 hours.
    added = api.post("/attendance/manual/shift", json_body=_shift(eve, _at(day, "08:00", NEW_YORK),
                                                                  _at(day, "12:00", NEW_YORK)))
    assert added.status == 201, added.text
    item = next(item for item in api.get("/attendance/daily", query=f"date={day}").json()["items"]
                if item["employee_id"] == eve)
    assert item["timezone"] == NEW_YORK and item["worked_minutes"] == 8 * 60
    assert datetime.fromisoformat(item["first_in"]) == _at(day, "08:00", NEW_YORK)
    assert {entry, exit_} < {event["id"] for event in api.get(
        "/attendance", query=f"date_from={day}&date_to={day + timedelta(days=1)}&counted=true").json()["items"]}


def test_a_shift_sends_the_later_server_decided_punch_it_turns_back_to_review(api, services):
    # The door decided Finn's 13:00 punch an exit (an entry of his was open then, since lost). A morning 08:00-12:00
    # added by hand leaves nothing open at 13:00: decided again, it is an entry, so it goes back to review.
    finn, day = person(api, "Finn"), _day(BERLIN)
    with services.db.transaction() as cur:
        row = repository.insert_attendance(cur, employee_id=uuid.UUID(finn),
                                           occurred_at=_at(day, "13:00", BERLIN).astimezone(UTC), event_type="exit",
                                           similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                           status="recognized", device_id="door", direction_source="auto")
    added = api.post("/attendance/manual/shift", json_body=_shift(finn, _at(day, "08:00", BERLIN),
                                                                  _at(day, "12:00", BERLIN)))
    assert added.status == 201, added.text
    flagged = api.get(f"/attendance/{row['id']}/audit").json()["items"]
    assert [(entry["action"], entry["automatic"]) for entry in flagged] == [("flag", True)]
    assert flagged[0]["decided_without"]["cause"] == "added_by_hand"
    assert flagged[0]["decided_without"]["event_id"] in (added.json()["entry"]["id"], added.json()["exit"]["id"])


def test_an_erasure_takes_the_person_out_of_a_stored_shift_answer_and_a_replay_still_adds_nothing(api, services):
    gus, day = person(api, "Gus Erased"), _day(BERLIN)
    body = _shift(gus, _at(day, "08:00", BERLIN), _at(day, "12:00", BERLIN))
    first = api.post("/attendance/manual/shift", json_body=body, headers={"idempotency-key": "shift-erase"})
    assert first.status == 201 and first.json()["entry"]["employee"]["full_name"] == "Gus Erased"
    assert api.delete(f"/employees/{gus}", query="erase=true").status == 200
    with services.db.transaction() as cur:
        cur.execute("SELECT response::text AS text FROM idempotency_keys")
        assert all(gus not in row["text"] and "Gus Erased" not in row["text"] for row in cur.fetchall())
    replay = api.post("/attendance/manual/shift", json_body=body, headers={"idempotency-key": "shift-erase"})
    assert replay.status == 201, replay.text
    assert replay.json()["entry"]["employee"] is None and replay.json()["exit"]["employee"] is None
    assert replay.json()["entry"]["id"] == first.json()["entry"]["id"]
    assert event_and_audit_counts(services)[0] == 2


def _daily(api, day: date, employee_id: str) -> dict:
    items = api.get("/attendance/daily", query=f"date={day.isoformat()}").json()["items"]
    return next(item for item in items if item["employee_id"] == employee_id)


def test_replacing_a_shifts_entry_with_one_after_its_exit_is_409_and_a_legitimate_replacement_passes(api, services):
    """The QA report: a shift 08:00-16:00 added by hand, then its entry replaced by one at 17:00, was 201, and the
    day paid nothing (first in 17:00, last out 16:00, an exit without entry). The check ran without the replaced
    entry, so it never saw the shift it belonged to; the change is now weighed as a whole."""
    fay, day = person(api, "Fay"), _day(BERLIN)
    added = api.post("/attendance/manual/shift", json_body=_shift(fay, _at(day, "08:00", BERLIN),
                                                                  _at(day, "16:00", BERLIN), note="x"))
    assert added.status == 201, added.text
    entry, exit_ = added.json()["entry"]["id"], added.json()["exit"]["id"]
    counts = event_and_audit_counts(services)
    for kind, clock, replaces in (("exit", "07:00", exit_), ("entry", "17:00", entry)):  # the mirror, then it
        refused = api.post("/attendance/manual", json_body={
            "employee_id": fay, "event_type": kind, "occurred_at": _at(day, clock, BERLIN).isoformat(),
            "note": "fix", "replaces": replaces})
        assert (refused.status, refused.error_code) == (409, "punch_conflict"), (kind, refused.text)
    details = refused.json()["error"]["details"]  # the mirror is refused as an exit closing nothing; the entry:
    assert (details["conflict"], details["event_ids"]) == ("shift_broken", [entry, exit_]), details
    assert "08:00 → " in refused.json()["error"]["message"]
    assert event_and_audit_counts(services) == counts
    report = _daily(api, day, fay)
    assert (report["worked_minutes"], report["open_shift"], report["exit_without_entry"]) == (480, False, False)
    # A replacement that keeps the shift (the entry at 09:00 instead, the same exit) passes: 09:00-16:00.
    later = api.post("/attendance/manual", json_body={
        "employee_id": fay, "event_type": "entry", "occurred_at": _at(day, "09:00", BERLIN).isoformat(),
        "note": "came at nine", "replaces": entry})
    assert later.status == 201, later.text
    report = _daily(api, day, fay)
    assert (report["worked_minutes"], report["open_shift"], report["exit_without_entry"]) == (420, False, False)
    # So does a later exit for the same entry: 09:00-18:00.
    stayed = api.post("/attendance/manual", json_body={
        "employee_id": fay, "event_type": "exit", "occurred_at": _at(day, "18:00", BERLIN).isoformat(),
        "note": "stayed", "replaces": exit_})
    assert stayed.status == 201, stayed.text
    assert _daily(api, day, fay)["worked_minutes"] == 540


def test_turning_a_counted_shifts_entry_or_exit_the_other_way_in_a_review_is_409_unless_forced(api, services):
    """The QA report: a shift 08:00-16:00 added by hand, then its entry confirmed as an exit in a review was 200 and
    the day paid nothing; a rejection of it was (rightly) 409. Confirm and reassign with a direction now weigh the
    change whole; forced, it goes through, audited, and the reports follow."""
    gus, day = person(api, "Gus"), _day(BERLIN)
    added = api.post("/attendance/manual/shift", json_body=_shift(gus, _at(day, "08:00", BERLIN),
                                                                  _at(day, "16:00", BERLIN), note="x"))
    assert added.status == 201, added.text
    entry, exit_ = added.json()["entry"]["id"], added.json()["exit"]["id"]
    counts = event_and_audit_counts(services)
    for event_id, body in ((entry, {"action": "confirm", "event_type": "exit"}),
                           (exit_, {"action": "confirm", "event_type": "entry"}),
                           (entry, {"action": "reassign", "employee_id": gus, "event_type": "exit"}),
                           (exit_, {"action": "reject"})):
        refused = api.post(f"/attendance/{event_id}/review", json_body={**body, "note": "x"})
        assert (refused.status, refused.error_code) == (409, "punch_conflict"), (body, refused.text)
        details = refused.json()["error"]["details"]
        assert (details["conflict"], details["event_ids"]) == ("shift_broken", [entry, exit_]), (body, details)
        assert "08:00 → " in refused.json()["error"]["message"]
    assert event_and_audit_counts(services) == counts
    assert _daily(api, day, gus)["worked_minutes"] == 480
    # Confirmed without a new direction: nothing changes, no force needed.
    same = api.post(f"/attendance/{entry}/review", json_body={"action": "confirm", "note": "right"})
    assert same.status == 200, same.text
    forced = api.post(f"/attendance/{entry}/review",
                      json_body={"action": "confirm", "event_type": "exit", "note": "it was an exit", "force": True})
    assert forced.status == 200, forced.text
    assert (forced.json()["event_type"], forced.json()["direction_source"]) == ("exit", "hr")
    trail = api.get(f"/attendance/{entry}/audit").json()["items"]
    assert trail[-1]["note"].startswith("it was an exit [forced: ") and "08:00 → " in trail[-1]["note"]
    assert (trail[-1]["before"]["event_type"], trail[-1]["after"]["event_type"]) == ("entry", "exit")
    report = _daily(api, day, gus)
    assert (report["worked_minutes"], report["exit_without_entry"]) == (0, True)
    # A counted punch in no closed shift turned the other way needs no force: a lone entry read as an exit.
    (lone,) = _kiosk(services, gus, ("entry", _at(day - timedelta(days=2), "12:00", BERLIN)))
    turned = api.post(f"/attendance/{lone}/review", json_body={"action": "confirm", "event_type": "exit",
                                                               "note": "left"})
    assert turned.status == 200, turned.text
