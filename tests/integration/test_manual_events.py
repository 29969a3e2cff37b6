"""Punches HR adds by hand (a forgotten check-out) through the API on real PostgreSQL: counted in the daily report,
marked as entered by whom, audited with the reason; bad requests are 4xx and write nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from facepass import employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import event_and_audit_counts, fresh_database


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def test_a_forgotten_check_out_added_by_hr_counts_and_is_audited(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Forgetful", email="f@example.com"))
    morning = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    with services.db.transaction() as cur:  # the kiosk's entry; the exit was never taken
        repository.insert_attendance(cur, employee_id=person.id, occurred_at=morning, event_type="entry",
                                     similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                     device_id="door")
    day = morning.date().isoformat()
    assert api.get("/attendance/daily", query=f"date={day}").json()["items"][0]["worked_seconds"] == 0

    evening = morning.astimezone(timezone(timedelta(hours=2))) + timedelta(hours=9)  # 17:00 UTC, written at +02:00
    added = api.post("/attendance/manual", json_body={"employee_id": str(person.id), "event_type": "exit",
                                                      "occurred_at": evening.isoformat(),
                                                      "note": "Left at five, kiosk was busy"})
    assert added.status == 201, added.text
    event = added.json()
    assert event["entered_by"] == "test-admin" and event["review_state"] == "confirmed"
    assert event["status"] == "recognized" and event["snapshot_key"] is None and event["device_id"] is None
    assert datetime.fromisoformat(event["occurred_at"]) == evening
    no_photo = api.get(f"/attendance/{event['id']}/snapshot")  # never had one: not "expired"
    assert no_photo.status == 404 and no_photo.error_code == "snapshot_none"
    row = api.get("/attendance/daily", query=f"date={day}").json()["items"][0]
    assert row["worked_seconds"] == 9 * 3600 and row["events"] == 2
    trail = api.get(f"/attendance/{event['id']}/audit").json()["items"]
    assert [(t["action"], t["actor"], t["note"]) for t in trail] == [
        ("add", "test-admin", "Left at five, kiosk was busy")]
    assert trail[0]["before"] == {} and trail[0]["after"]["event_type"] == "exit"
    assert trail[0]["after"]["entered_by"] == "test-admin"
    # The added punch can be corrected like any other, and that is audited too (it closes a paid shift: forced).
    refused = api.post(f"/attendance/{event['id']}/review", json_body={"action": "reject", "note": "typo"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    rejected = api.post(f"/attendance/{event['id']}/review", json_body={"action": "reject", "note": "typo",
                                                                         "force": True})
    assert rejected.status == 200
    assert [t["action"] for t in api.get(f"/attendance/{event['id']}/audit").json()["items"]] == ["add", "reject"]
    assert api.get("/attendance/daily", query=f"date={day}").json()["items"][0]["worked_seconds"] == 0


def test_bad_manual_punches_are_4xx_and_write_nothing(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Someone", email="s@example.com"))
    good = {"employee_id": str(person.id), "event_type": "entry", "occurred_at": datetime.now(UTC).isoformat(),
            "note": "kiosk down"}
    for change, status, code in [
        ({"occurred_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}, 422, "occurred_at_invalid"),
        ({"occurred_at": datetime.now(UTC).replace(tzinfo=None).isoformat()}, 422, "occurred_at_invalid"),
        # A Unix time (QA: 201): RFC 3339 text only, as expected_updated_at takes it.
        ({"occurred_at": int(datetime.now(UTC).timestamp()) - 60}, 422, "validation_error"),
        ({"occurred_at": str(int(datetime.now(UTC).timestamp()) - 60)}, 422, "validation_error"),
        ({"employee_id": str(uuid.uuid4())}, 404, "employee_not_found"),
        ({"note": ""}, 422, "validation_error"),
        ({"event_type": "lunch"}, 422, "validation_error"),
    ]:
        response = api.post("/attendance/manual", json_body={**good, **change})
        assert (response.status, response.error_code) == (status, code), (change, response.text)
    missing_note = {key: value for key, value in good.items() if key != "note"}
    assert api.post("/attendance/manual", json_body=missing_note).status == 422
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log")
        assert cur.fetchone()["n"] == 0
        cur.execute("SELECT count(*) AS n FROM attendance_audit")
        assert cur.fetchone()["n"] == 0
    kiosk = api.post("/attendance/manual", json_body=good, claims={"sub": "device:x", "scope": "facepass/kiosk"})
    assert kiosk.status == 403


# --- retries, shifts the reports would not count, replacing a punch, impossible times ----------------------------


def _kiosk(services, person, *punches: tuple[str, datetime]) -> list[int]:
    """The kiosk's counted punches of `person`: their ids."""
    ids = []
    with services.db.transaction() as cur:
        for event_type, at in punches:
            ids.append(repository.insert_attendance(
                cur, employee_id=person.id, occurred_at=at, event_type=event_type, similarity=0.8,
                trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door")["id"])
    return ids


def _day() -> datetime:
    """Midnight (UTC, the report zone here) three days ago: every punch of the day is in the past."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)


def _minutes(api, day: datetime, person) -> int:
    items = api.get("/attendance/daily", query=f"date={day.date().isoformat()}").json()["items"]
    return next(item["worked_minutes"] for item in items if item["employee_id"] == str(person.id))


def _punch(person, event_type: str, at: datetime, note: str = "kiosk was busy", **more) -> dict:
    return {"employee_id": str(person.id), "event_type": event_type, "occurred_at": at.isoformat(), "note": note,
            **more}


def test_a_retried_manual_punch_with_its_idempotency_key_is_added_once(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Retried", email="r@example.com"))
    day = _day()
    _kiosk(services, person, ("entry", day + timedelta(hours=8)))
    body = _punch(person, "exit", day + timedelta(hours=17))
    first = api.post("/attendance/manual", json_body=body, headers={"idempotency-key": "form-1"})
    assert first.status == 201, first.text
    again = api.post("/attendance/manual", json_body=body, headers={"idempotency-key": "form-1"})
    assert (again.status, again.json()) == (201, first.json())
    # The same instant written with another offset is the same request.
    moscow = (day + timedelta(hours=17)).astimezone(timezone(timedelta(hours=3)))
    elsewhere = api.post("/attendance/manual", json_body={**body, "occurred_at": moscow.isoformat()},
                         headers={"idempotency-key": "form-1"})
    assert (elsewhere.status, elsewhere.json()) == (201, first.json())
    assert event_and_audit_counts(services) == (2, 1)
    reused = api.post("/attendance/manual", json_body={**body, "note": "another reason"},
                      headers={"idempotency-key": "form-1"})
    assert (reused.status, reused.error_code) == (422, "idempotency_key_reused")
    bad_key = api.post("/attendance/manual", json_body=body, headers={"idempotency-key": "x" * 201})
    assert (bad_key.status, bad_key.error_code) == (422, "invalid_idempotency_key")
    assert event_and_audit_counts(services) == (2, 1)
    assert _minutes(api, day, person) == 9 * 60
    # A refusal stores nothing under its key: the same key sends the corrected punch.
    late = _punch(person, "exit", day + timedelta(hours=18))
    refused = api.post("/attendance/manual", json_body=late, headers={"idempotency-key": "form-2"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict")
    fixed = api.post("/attendance/manual", json_body={**late, "replaces": first.json()["id"]},
                     headers={"idempotency-key": "form-2"})
    assert fixed.status == 201, fixed.text


def test_two_identical_manual_punches_at_once_add_one(services):
    # Both requests carry the same key: the first claims it and waits for the person's lock (held here); the second
    # waits for the first's claim. Once the lock goes, the first commits and the second answers with its event.
    import threading

    from facepass import review
    from facepass.db import Database
    from facepass.schemas import ManualEventRequest
    from tests.conftest import race_behind_lock

    person = employees.create_employee(services.db, EmployeeCreate(full_name="Twice", email="t@example.com"))
    day = _day()
    _kiosk(services, person, ("entry", day + timedelta(hours=8)))
    request = ManualEventRequest.model_validate(_punch(person, "exit", day + timedelta(hours=17)))
    results: list = [None, None]

    def add(slot: int) -> None:
        db = Database(services.settings.database_url)
        try:
            results[slot] = review.add_event(db, services.settings, request, actor="hr", idempotency_key="same")
        except Exception as error:  # the outcome
            results[slot] = error
        finally:
            db.close()

    threads = [threading.Thread(target=add, args=(slot,)) for slot in (0, 1)]
    race_behind_lock(services.settings.database_url, "SELECT id FROM employees WHERE id = %s FOR UPDATE",
                     (str(person.id),), threads, waiters=2)
    assert all(not isinstance(result, Exception) for result in results), results
    assert results[0] == results[1]
    assert event_and_audit_counts(services) == (2, 1)


def test_a_punch_the_reports_would_not_count_is_refused(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Stayed", email="st@example.com"))
    day = _day()
    entry, exit_ = _kiosk(services, person, ("entry", day + timedelta(hours=8)), ("exit", day + timedelta(hours=17.5)))
    assert _minutes(api, day, person) == 570
    cases = [
        # "Stayed until six": the 17:30 exit closed the shift, an exit at 18:00 would be dropped.
        (_punch(person, "exit", day + timedelta(hours=18)), "exit_unpaired", [entry, exit_], [exit_]),
        # An exit at 17:00 would close the shift, and the 17:30 exit would no longer count: pay silently cut.
        (_punch(person, "exit", day + timedelta(hours=17)), "shift_broken", [entry, exit_], [exit_]),
        # The same exit again: a duplicate is dropped.
        (_punch(person, "exit", day + timedelta(hours=17.5)), "exit_unpaired", [entry, exit_], [exit_]),
        # Within the repeat window of the open 08:00 entry: a double press, it changes nothing.
        (_punch(person, "entry", day + timedelta(hours=8, minutes=1)), "entry_double_press", [entry], [entry]),
        # 07:00 would open a shift no exit closes (08:00 opens the counted one, named with the exit that closes it:
        # replacing 08:00 would stretch that shift; a missing shift before it is added whole).
        (_punch(person, "entry", day + timedelta(hours=7)), "entry_left_open", [entry, exit_], [entry]),
        # No entry opens a shift before it.
        (_punch(person, "exit", day + timedelta(hours=7)), "exit_unpaired", [], []),
    ]
    for body, kind, involved, replaceable in cases:
        refused = api.post("/attendance/manual", json_body=body)
        assert (refused.status, refused.error_code) == (409, "punch_conflict"), (body, refused.text)
        details = refused.json()["error"]["details"]
        assert (details["conflict"], details["event_ids"], details["replaceable"]) == (kind, involved, replaceable)
        assert [event["id"] for event in details["events"]] == involved
        assert "would" in refused.json()["error"]["message"]
    assert event_and_audit_counts(services) == (2, 0)
    assert _minutes(api, day, person) == 570

    # A manual entry at 09:00 beside the kiosk's 08:00-17:00 would turn 08:00 into a forgotten check-out.
    other = employees.create_employee(services.db, EmployeeCreate(full_name="Late", email="late@example.com"))
    morning, evening = _kiosk(services, other, ("entry", day + timedelta(hours=8)), ("exit", day + timedelta(hours=17)))
    refused = api.post("/attendance/manual", json_body=_punch(other, "entry", day + timedelta(hours=9)))
    assert (refused.status, refused.error_code) == (409, "punch_conflict")
    assert refused.json()["error"]["details"]["conflict"] == "shift_broken"
    assert refused.json()["error"]["details"]["event_ids"] == [morning, evening]
    assert refused.json()["error"]["details"]["replaceable"] == [morning]
    assert _minutes(api, day, other) == 540


def test_a_forgotten_check_in_or_check_out_is_still_added(api, services):
    day = _day()
    forgot_in = employees.create_employee(services.db, EmployeeCreate(full_name="No entry", email="ne@example.com"))
    _kiosk(services, forgot_in, ("exit", day + timedelta(hours=17)))
    added = api.post("/attendance/manual", json_body=_punch(forgot_in, "entry", day + timedelta(hours=8)))
    assert added.status == 201, added.text
    assert _minutes(api, day, forgot_in) == 540
    forgot_out = employees.create_employee(services.db, EmployeeCreate(full_name="No exit", email="nx@example.com"))
    _kiosk(services, forgot_out, ("entry", day + timedelta(hours=8)), ("entry", day + timedelta(days=1, hours=8)),
           ("exit", day + timedelta(days=1, hours=16)))
    added = api.post("/attendance/manual", json_body=_punch(forgot_out, "exit", day + timedelta(hours=16)))
    assert added.status == 201, added.text
    assert _minutes(api, day, forgot_out) == 480
    # Still at work: an entry nothing follows.
    here = employees.create_employee(services.db, EmployeeCreate(full_name="At work", email="aw@example.com"))
    assert api.post("/attendance/manual", json_body=_punch(here, "entry", day + timedelta(hours=8))).status == 201


def test_a_manual_punch_replaces_a_wrong_one_in_one_audited_step(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Six", email="six@example.com"))
    someone = employees.create_employee(services.db, EmployeeCreate(full_name="Else", email="else@example.com"))
    day = _day()
    entry, exit_ = _kiosk(services, person, ("entry", day + timedelta(hours=8)), ("exit", day + timedelta(hours=17.5)))
    (theirs,) = _kiosk(services, someone, ("exit", day + timedelta(hours=17)))
    with services.db.transaction() as cur:  # a punch awaiting review is not counted: nothing to replace
        pending = repository.insert_attendance(
            cur, employee_id=person.id, occurred_at=day + timedelta(hours=12), event_type="exit", similarity=0.6,
            trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door", review_state="pending",
            review_reasons=["low_margin"])["id"]
    stayed = _punch(person, "exit", day + timedelta(hours=18), note="stayed until six")
    before = event_and_audit_counts(services)
    for replaces, status, code in [(10**12, 404, "attendance_not_found"), (theirs, 422, "replaces_other_employee"),
                                   (entry, 422, "replaces_other_type"), (pending, 422, "replaces_not_counted")]:
        refused = api.post("/attendance/manual", json_body={**stayed, "replaces": replaces})
        assert (refused.status, refused.error_code) == (status, code), (replaces, refused.text)
    assert event_and_audit_counts(services) == before

    added = api.post("/attendance/manual", json_body={**stayed, "replaces": exit_})
    assert added.status == 201, added.text
    assert _minutes(api, day, person) == 600
    replaced = api.get("/attendance", query=f"employee_id={person.id}&review_state=rejected").json()["items"]
    assert [(event["id"], event["reviewed_by"]) for event in replaced] == [(exit_, "test-admin")]
    trail = api.get(f"/attendance/{exit_}/audit").json()["items"]
    assert [(t["action"], t["note"]) for t in trail] == [("reject", "replaced by a manual punch: stayed until six")]
    assert trail[0]["before"]["review_state"] == "none" and trail[0]["after"]["review_state"] == "rejected"
    assert [t["action"] for t in api.get(f"/attendance/{added.json()['id']}/audit").json()["items"]] == ["add"]
    # Already replaced: no longer counted.
    again = api.post("/attendance/manual", json_body={**stayed, "replaces": exit_})
    assert (again.status, again.error_code) == (422, "replaces_not_counted")
    # An entry at 09:00 replacing the 08:00 one: the shift is 09:00-18:00.
    later = api.post("/attendance/manual", json_body={**_punch(person, "entry", day + timedelta(hours=9)),
                                                      "replaces": entry})
    assert later.status == 201, later.text
    assert _minutes(api, day, person) == 540


def test_impossible_or_long_past_times_are_422(api, services):
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Typo", email="typo@example.com"))
    base = {"employee_id": str(person.id), "event_type": "entry", "note": "typo"}
    now = datetime.now(UTC)
    for occurred_at in ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                        (now - timedelta(days=367)).isoformat(), (now.replace(year=now.year - 10)).isoformat()]:
        refused = api.post("/attendance/manual", json_body={**base, "occurred_at": occurred_at})
        assert (refused.status, refused.error_code) == (422, "occurred_at_invalid"), (occurred_at, refused.text)
        assert refused.json()["error"]["message"].startswith("occurred_at ")
    assert event_and_audit_counts(services) == (0, 0)
    year_ago = api.post("/attendance/manual",
                        json_body={**base, "occurred_at": (now - timedelta(days=365)).isoformat()})
    assert year_ago.status == 201, year_ago.text


def test_confirming_an_entry_inside_a_counted_shift_is_a_conflict_unless_forced(api, services):
    # A counted shift 09:00 -> 19:44:30 (a manual entry, a kiosk exit) and an entry at 19:44:14 awaiting review.
    # Confirming it makes it the shift's opener and the 09:00 entry a forgotten one: 10:44 of pay gone without a
    # word. The confirmation now says so (409 punch_conflict) and goes through only when forced.
    from facepass import reports

    person = employees.create_employee(services.db, EmployeeCreate(full_name="Confirm", email="c@example.com")).id
    day = (datetime.now(UTC) - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    with services.db.transaction() as cur:
        def punch(at, kind, state="none"):
            return repository.insert_attendance(cur, employee_id=person, occurred_at=at, event_type=kind,
                                                similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                                status="recognized", device_id="door", review_state=state)
        punch(day + timedelta(hours=9), "entry")
        flagged = punch(day + timedelta(hours=19, minutes=44, seconds=14), "entry", "pending")
        punch(day + timedelta(hours=19, minutes=44, seconds=30), "exit")

    def worked() -> int:
        return reports.daily_report(services.db, services.settings, day.date()).items[0].worked_minutes

    assert worked() == 10 * 60 + 45
    refused = api.post(f"/attendance/{flagged['id']}/review", json_body={"action": "confirm", "note": "it was him"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    assert refused.json()["error"]["details"]["conflict"] == "shift_broken" and worked() == 10 * 60 + 45
    forced = api.post(f"/attendance/{flagged['id']}/review",
                      json_body={"action": "confirm", "note": "it was him, the 09:00 was wrong", "force": True})
    assert forced.status == 200 and forced.json()["review_state"] == "confirmed" and worked() == 0
    trail = api.get(f"/attendance/{flagged['id']}/audit").json()["items"]
    assert trail[-1]["note"].startswith("it was him, the 09:00 was wrong [forced: ") and "shift" in trail[-1]["note"]
    # A confirmation that breaks nothing (a flagged exit closing an open shift) needs no force.
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=person, occurred_at=day + timedelta(days=1, hours=8),
                                     event_type="entry", similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                     status="recognized", device_id="door")
        closing = repository.insert_attendance(cur, employee_id=person, occurred_at=day + timedelta(days=1, hours=16),
                                               event_type="exit", similarity=0.8, trace_id=uuid.uuid4(),
                                               snapshot_key=None, status="recognized", device_id="door",
                                               review_state="pending")
    assert api.post(f"/attendance/{closing['id']}/review", json_body={"action": "confirm", "note": "ok"}).status == 200


def test_hr_types_no_shift_starting_when_the_person_was_deactivated(api, services):
    """A manual entry, or a manual shift, starting at a time the audited is_active history shows the person
    deactivated (after they left; between a leaving and a return) is 409 employee_inactive, nothing written: paid
    time for someone not employed then. A shift begun while employed is theirs to its end (deactivated at two, left
    at five: the exit is typed as any), and a time before the record existed is HR's word (a first morning)."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Leaver", email="l@example.com")).id
    now = datetime.now(UTC).replace(microsecond=0)
    left = now - timedelta(days=2)
    with services.db.transaction() as cur:  # hired ten days ago, deactivated two days ago (the history dated so)
        cur.execute("UPDATE employees SET created_at = %s WHERE id = %s", (now - timedelta(days=10), person))
        repository.deactivate(cur, person, actor="hr", at=left)

    def punch(at: datetime, kind: str = "entry"):
        return api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": kind,
                                                         "occurred_at": at.isoformat(), "note": "typed in"})

    def shift(start: datetime, end: datetime):
        return api.post("/attendance/manual/shift", json_body={"employee_id": str(person), "started_at":
                                                               start.isoformat(), "ended_at": end.isoformat(),
                                                               "note": "typed in"})

    before = event_and_audit_counts(services)
    for refused in (punch(now - timedelta(days=1)), shift(left + timedelta(hours=1), left + timedelta(hours=3))):
        assert (refused.status, refused.error_code) == (409, "employee_inactive"), refused.text
    assert event_and_audit_counts(services) == before
    assert punch(now - timedelta(days=3)).status == 201  # their last week's forgotten punch: employed then
    assert shift(now - timedelta(days=4, hours=9), now - timedelta(days=4, hours=1)).status == 201
    assert punch(now - timedelta(days=11)).status == 201  # before the record was created: HR's word
    # Their last day: in at nine, deactivated at eleven, out at five: the exit closes a shift begun while employed,
    # and so does a whole shift typed across the deactivation.
    assert punch(left - timedelta(hours=2)).status == 201
    assert punch(left + timedelta(hours=6), "exit").status == 201
    assert shift(now - timedelta(days=5, hours=2), now - timedelta(days=5) + timedelta(hours=1)).status == 201
    # Back today: the days they were away stay unpaid.
    assert api.patch(f"/employees/{person}", json_body={"is_active": True}).status == 200
    again = punch(now - timedelta(days=1))
    assert (again.status, again.error_code) == (409, "employee_inactive"), again.text
    # A shift in the gap more than a shift's length before the return is not paid; the shift just before it is (a
    # rehire's first day, worked before HR reactivated them at its end).
    gap = shift(now - timedelta(hours=40), now - timedelta(hours=34))
    assert (gap.status, gap.error_code) == (409, "employee_inactive"), gap.text
    assert shift(now - timedelta(hours=10), now - timedelta(hours=2)).status == 201
    # Their first morning back, in half an hour before HR reactivated them: theirs (as a new hire's before creation).
    assert punch(datetime.now(UTC) - timedelta(minutes=30), "entry").status == 201


def test_a_leaver_deactivated_before_the_is_active_history_is_bounded_by_deactivated_at(api, services):
    """Someone deactivated before migration 0021 has no is_active history: their deactivated_at is the boundary, so
    their last week is typed in (and they are listed on its timesheet), the time after it is not."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Old Leaver", email="o@example.com")).id
    now = datetime.now(UTC).replace(microsecond=0)
    with services.db.transaction() as cur:  # as such a row is: inactive, deactivated_at set, no history rows
        cur.execute("UPDATE employees SET created_at = %s, is_active = false, deactivated_at = %s WHERE id = %s",
                    (now - timedelta(days=20), now - timedelta(days=2), person))
        cur.execute("SELECT count(*) AS n FROM employee_audit WHERE employee_id = %s AND field = 'is_active'",
                    (person,))
        assert cur.fetchone()["n"] == 0
    typed = api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": "entry",
                                                      "occurred_at": (now - timedelta(days=5)).isoformat(),
                                                      "note": "forgot"})
    assert typed.status == 201, typed.text
    late = api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": "entry",
                                                     "occurred_at": (now - timedelta(days=1)).isoformat(),
                                                     "note": "after"})
    assert (late.status, late.error_code) == (409, "employee_inactive"), late.text
    week = (now - timedelta(days=9)).date()
    sheet = api.get("/attendance/timesheet", query=f"date_from={week}&date_to={week + timedelta(days=1)}")
    assert [row["full_name"] for row in sheet.json()["items"]] == ["Old Leaver"], sheet.text


def test_no_review_turns_a_leavers_exit_into_an_entry_after_they_left(api, services):
    """The manual rule's other door: an exit typed after the deactivation (closing the last shift) confirmed as an
    entry would open paid time after they left: 409 employee_inactive, even forced, nothing written."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Late Leaver", email="ll@example.com")).id
    now = datetime.now(UTC).replace(microsecond=0)
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = %s WHERE id = %s", (now - timedelta(days=3), person))
    typed = api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": "entry",
                                                      "occurred_at": (now - timedelta(hours=6)).isoformat(),
                                                      "note": "in"})
    assert typed.status == 201, typed.text
    with services.db.transaction() as cur:
        repository.deactivate(cur, person, actor="hr", at=now - timedelta(hours=4))
    out = api.post("/attendance/manual", json_body={"employee_id": str(person), "event_type": "exit",
                                                    "occurred_at": (now - timedelta(hours=3)).isoformat(),
                                                    "note": "out"})
    assert out.status == 201, out.text
    before = event_and_audit_counts(services)
    turned = api.post(f"/attendance/{out.json()['id']}/review", json_body={
        "action": "confirm", "event_type": "entry", "force": True, "note": "was an entry"})
    assert (turned.status, turned.error_code) == (409, "employee_inactive"), turned.text
    assert event_and_audit_counts(services) == before


def test_a_note_typed_on_several_lines_is_kept_with_its_line_breaks(api, services):
    """The console's note boxes are multi-line: a note with line breaks (as a browser sends them, CRLF) is kept with
    them, on a manual punch and a review; other control characters are still refused, nothing written."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Lines", email="lines@example.com")).id
    at = (datetime.now(UTC) - timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    body = {"employee_id": str(person), "event_type": "entry", "occurred_at": at.isoformat()}
    before = event_and_audit_counts(services)
    bell = api.post("/attendance/manual", json_body={**body, "note": "kiosk down\x07"})
    assert (bell.status, bell.error_code) == (422, "validation_error"), bell.text
    assert event_and_audit_counts(services) == before
    added = api.post("/attendance/manual", json_body={**body, "note": "Kiosk was down.\r\nShe came at nine.\tOK"})
    assert added.status == 201, added.text
    rejected = api.post(f"/attendance/{added.json()['id']}/review",
                        json_body={"action": "reject", "note": "Typed twice:\nsee the other one."})
    assert rejected.status == 200, rejected.text
    trail = api.get(f"/attendance/{added.json()['id']}/audit").json()["items"]
    assert [row["note"] for row in trail] == ["Kiosk was down.\nShe came at nine.\tOK",
                                              "Typed twice:\nsee the other one."]
