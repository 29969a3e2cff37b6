"""Employee self-service: an employee signs in (their verified email is an employee record's) and reads their own
timesheet row (HR's row for them, the same computation) and their own punches (no face evidence), asks HR to
correct a day (optionally naming one of their punches: another person's is 404), idempotently and a few at a time;
a reviewer answers (not their own request: 403 own_record); an erasure deletes the person's requests, a deactivation
keeps them. Real PostgreSQL + pgvector, the real API handler, local S3."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from facepass import repository
from facepass.schemas import FACE_EVIDENCE_FIELDS
from tests.conftest import fresh_database, kiosk_paired_days_ago, kiosk_punch, with_settings

import dependencies

HR = {"sub": "hr-1", "username": "hr@example.com", "email": "hr@example.com", "scope": "facepass/admin"}
LEAD = {"sub": "sup-1", "username": "lead@example.com", "email": "lead@example.com", "scope": "facepass/reviewer"}
ANN = {"sub": "ann-1", "username": "ann@example.com", "email": "Ann@Example.com", "scope": "openid facepass/employee"}
# A reviewer who is also Ann (her email): she may not answer her own request.
ANN_AS_REVIEWER = {"sub": "ann-2", "username": "ann@example.com", "email": "ann@example.com",
                   "scope": "facepass/reviewer"}
NOBODY = {"sub": "x-1", "username": "stranger@example.com", "email": "stranger@example.com",
          "scope": "facepass/employee"}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "self_" + uuid.uuid4().hex[:10])


def at(days_ago: int, hour: int) -> datetime:
    return (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def people(api, services) -> dict[str, str]:
    made = {}
    for name, email in (("Ann Worker", "ann@example.com"), ("Bob Other", "bob@example.com")):
        answer = api.post("/employees", json_body={"full_name": name, "email": email}, claims=HR)
        assert answer.status == 201, answer.text
        made[name.split()[0].lower()] = answer.json()["id"]
    with services.db.transaction() as cur:  # people employed for a while: their past days are theirs to ask about
        cur.execute("UPDATE employees SET created_at = now() - interval '400 days'")
    return made


def punch_at_kiosk(services, device: str, who: str, when: datetime, kind: str, **fields) -> dict:
    with services.db.transaction() as cur:
        return repository.insert_attendance(cur, employee_id=uuid.UUID(who), occurred_at=when, event_type=kind,
                                            similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=f"snap/{uuid.uuid4()}",
                                            status="recognized", device_id=device, liveness_score=0.9, **fields)


def period() -> str:
    return f"date_from={(date.today() - timedelta(days=10)).isoformat()}&date_to={date.today().isoformat()}"


def test_an_employee_reads_their_own_row_and_punches_without_face_evidence(api, services, people):
    device = kiosk_paired_days_ago(services, 30)
    ann, bob = people["ann"], people["bob"]
    entry = punch_at_kiosk(services, device, ann, at(3, 8), "entry")
    exit_ = punch_at_kiosk(services, device, ann, at(3, 16), "exit")
    pending = punch_at_kiosk(services, device, ann, at(2, 8), "entry", review_state="pending",
                             review_reasons=["low_margin"])
    rejected = kiosk_punch(services, uuid.UUID(ann), at(4, 9), "entry", state="rejected")
    refused = kiosk_punch(services, uuid.UUID(ann), at(4, 10), "entry", status="rejected")  # liveness: no review
    typed = api.post("/attendance/manual/shift", claims=HR, json_body={
        "employee_id": ann, "started_at": at(5, 8).isoformat(), "ended_at": at(5, 12).isoformat(), "note": "forgot"})
    assert typed.status == 201, typed.text
    typed_ids = {typed.json()["entry"]["id"], typed.json()["exit"]["id"]}
    others = punch_at_kiosk(services, device, bob, at(3, 9), "entry")

    mine = api.get(f"/me/timesheet?{period()}", claims=ANN)
    assert mine.status == 200, mine.text
    hr_sheet = api.get(f"/attendance/timesheet?{period()}&employee_id={ann}", claims=HR).json()
    assert mine.json()["row"] == hr_sheet["items"][0]  # HR's computation for her, not a second one
    assert mine.json()["row"]["worked_minutes"] == 12 * 60 and mine.json()["row"]["manual_minutes"] == 4 * 60
    assert mine.json()["closed_through"] == hr_sheet["closed_through"]

    punches = api.get(f"/me/attendance?{period()}", claims=ANN)
    assert punches.status == 200, punches.text
    items = {item["id"]: item for item in punches.json()["items"]}
    assert set(items) == {entry["id"], exit_["id"], pending["id"], rejected["id"], refused["id"], *typed_ids}
    assert others["id"] not in items
    assert items[entry["id"]]["state"] == items[exit_["id"]]["state"] == "counted"
    assert items[entry["id"]]["source"] == "kiosk" and items[entry["id"]]["device_name"] == "door"
    assert items[pending["id"]]["state"] == "awaiting_review"
    assert items[rejected["id"]]["state"] == "rejected"  # HR refused it
    assert items[refused["id"]]["state"] == "refused"  # the kiosk refused the photo; HR never decided it
    assert all(items[typed_id]["source"] == "hr" and items[typed_id]["device_name"] is None
               and items[typed_id]["state"] == "counted" for typed_id in typed_ids)
    for item in items.values():
        assert not set(item) & {*FACE_EVIDENCE_FIELDS, "device_id", "candidates", "employee", "trace_id",
                                "reviewed_by", "entered_by"}, item
    assert "low_margin" not in punches.text and "snap/" not in punches.text and device not in punches.text
    # Paginated like /attendance: two pages of 3 are the same punches, in order.
    first = api.get(f"/me/attendance?{period()}&limit=3", claims=ANN).json()
    second = api.get(f"/me/attendance?{period()}&limit=3&cursor={first['next_cursor']}", claims=ANN).json()
    third = api.get(f"/me/attendance?{period()}&limit=3&cursor={second['next_cursor']}", claims=ANN).json()
    assert [item["id"] for item in first["items"] + second["items"] + third["items"]] == list(items)

    # No employee record has the caller's email: 404 on every /me route of theirs.
    for answer in (api.get(f"/me/timesheet?{period()}", claims=NOBODY),
                   api.get(f"/me/attendance?{period()}", claims=NOBODY), api.get("/me/corrections", claims=NOBODY),
                   api.post("/me/corrections", json_body={"date": date.today().isoformat(), "note": "x"},
                            claims=NOBODY)):
        assert (answer.status, answer.error_code) == (404, "no_employee_record"), answer.text
    too_long = api.get("/me/timesheet?date_from=2026-01-01&date_to=2026-12-31", claims=ANN)
    assert (too_long.status, too_long.error_code) == (422, "date_range_too_long")
    # The employee role reads nothing of HR's.
    for path in ("/attendance", f"/attendance/timesheet?{period()}", f"/employees/{bob}", "/attendance/corrections"):
        assert api.get(path, claims=ANN).error_code == "forbidden"


def count(services, sql: str, *params) -> int:
    with services.db.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchone()["n"]


def test_correction_request_create_replay_resolve_and_erasure(api, services, people):
    ann, bob = people["ann"], people["bob"]
    own = kiosk_punch(services, uuid.UUID(ann), at(3, 8), "entry")
    theirs = kiosk_punch(services, uuid.UUID(bob), at(3, 8), "entry")
    day = at(3, 8).date().isoformat()

    def ask(claims=ANN, key: str | None = None, **body):
        return api.post("/me/corrections", json_body={"date": day, "note": "I left at 17:00", **body}, claims=claims,
                        headers={"idempotency-key": key} if key else None)

    refused = ask(event_id=theirs["id"])
    assert (refused.status, refused.error_code) == (404, "attendance_not_found"), refused.text
    assert ask(event_id=10**12).error_code == "attendance_not_found"
    assert ask(note="").status == 422 and ask(note="x" * 1001).status == 422
    assert ask(date="2099-01-01").error_code == "invalid_correction_date"
    made = ask(key="k-1", event_id=own["id"])
    assert made.status == 201, made.text
    assert made.json()["state"] == "open" and made.json()["event_id"] == own["id"]
    assert (made.json()["event_type"], made.json()["event_occurred_at"]) == ("entry", at(3, 8).isoformat().replace(
        "+00:00", "Z"))
    again = ask(key="k-1", event_id=own["id"])
    assert again.status == 201 and again.json() == made.json()
    assert count(services, "SELECT count(*) AS n FROM correction_requests") == 1
    assert ask(key="k-1", note="another").error_code == "idempotency_key_reused"
    assert ask().status == 201 and ask().status == 201  # three open about the day
    crowded = ask()
    assert (crowded.status, crowded.error_code) == (409, "too_many_open_corrections"), crowded.text
    bobs = api.post("/me/corrections", json_body={"date": day, "note": "mine too"},
                    claims={**ANN, "username": "bob@example.com", "email": "bob@example.com"})
    assert bobs.status == 201

    listed = api.get("/attendance/corrections", claims=LEAD)
    assert listed.status == 200, listed.text
    items = listed.json()["items"]
    assert [item["id"] for item in items] == sorted(item["id"] for item in items)  # oldest first
    assert items[0]["employee"] == {"id": ann, "full_name": "Ann Worker"} and items[0]["note"] == "I left at 17:00"

    request_id = made.json()["id"]
    own_answer = api.post(f"/attendance/corrections/{request_id}/resolve", json_body={"note": "ok"},
                          claims=ANN_AS_REVIEWER)
    assert (own_answer.status, own_answer.error_code) == (403, "own_record"), own_answer.text
    resolved = api.post(f"/attendance/corrections/{request_id}/resolve",
                        json_body={"note": "Exit added at 17:00"}, claims=LEAD)
    assert resolved.status == 200, resolved.text
    assert resolved.json()["resolved_by"] == "lead@example.com" and resolved.json()["state"] == "resolved"
    twice = api.post(f"/attendance/corrections/{request_id}/resolve", json_body={"note": "again"}, claims=LEAD)
    assert (twice.status, twice.error_code) == (409, "correction_resolved")
    assert api.post("/attendance/corrections/999999/resolve", json_body={"note": "x"},
                    claims=LEAD).error_code == "correction_not_found"
    assert request_id not in [item["id"] for item in api.get("/attendance/corrections", claims=LEAD).json()["items"]]
    assert request_id in [item["id"] for item in
                          api.get("/attendance/corrections?state=resolved", claims=LEAD).json()["items"]]
    # The answer is final: the table refuses a change of it.
    with services.db.transaction() as cur, pytest.raises(Exception, match="resolved"):
            cur.execute("UPDATE correction_requests SET resolution_note = 'changed' WHERE id = %s", (request_id,))

    mine = api.get("/me/corrections", claims=ANN).json()["items"]
    answered = next(item for item in mine if item["id"] == request_id)
    assert answered["state"] == "resolved" and answered["resolution_note"] == "Exit added at 17:00"
    assert all(item["state"] == "open" for item in mine if item["id"] != request_id)
    assert "resolved_by" not in answered  # the employee reads HR's answer, not who in HR

    # A deactivation keeps Bob's request for HR; Ann's erasure deletes hers, and her stored answers.
    assert api.delete(f"/employees/{bob}", claims=HR).status == 200
    assert count(services, "SELECT count(*) AS n FROM correction_requests WHERE employee_id = %s", bob) == 1
    erased = api.delete(f"/employees/{ann}?erase=true", claims=HR)
    assert erased.status == 200, erased.text
    assert count(services, "SELECT count(*) AS n FROM correction_requests WHERE employee_id = %s", ann) == 0
    assert count(services, "SELECT count(*) AS n FROM idempotency_keys WHERE scope = %s", f"correction:{ann}") == 0
    assert ask(key="k-1", event_id=own["id"]).error_code == "no_employee_record"


def test_a_company_with_one_hr_person_answers_its_own_request_marked_self_review(api, services, people):
    """FACEPASS_ALLOW_SELF_REVIEW: the reviewer's own request is answered, and the answer says it was their own."""
    asked = api.post("/me/corrections", json_body={"date": at(1, 8).date().isoformat(), "note": "sick day"},
                     claims=ANN_AS_REVIEWER)
    assert asked.status == 201, asked.text
    assert api.get("/me", claims=ANN_AS_REVIEWER).json()["employee_id"] == people["ann"]
    dependencies.use_services(with_settings(services, allow_self_review=True))
    answered = api.post(f"/attendance/corrections/{asked.json()['id']}/resolve", json_body={"note": "noted"},
                        claims=ANN_AS_REVIEWER)
    assert answered.status == 200, answered.text
    assert answered.json()["self_review"] is True and answered.json()["resolved_by"] == "ann@example.com"


def test_an_answered_request_is_deleted_only_with_its_person(api, services, people):
    """An answered request is the audit of an employee's complaint and of HR's answer: a DELETE (or TRUNCATE) by the
    app's role is refused, also with the erasure's setting naming a person not erased; an open one may go. Deleting
    the person (the cascade) and their erasure still take theirs (migration 0036)."""
    ann, bob = people["ann"], people["bob"]
    day = at(2, 8).date().isoformat()
    made = {}
    for name, claims in (("ann", ANN), ("bob", {**ANN, "username": "bob@example.com", "email": "bob@example.com"})):
        for which in ("answered", "open"):
            asked = api.post("/me/corrections", json_body={"date": day, "note": f"{name} {which}"}, claims=claims)
            assert asked.status == 201, asked.text
            made[name, which] = asked.json()["id"]
        resolved = api.post(f"/attendance/corrections/{made[name, 'answered']}/resolve", json_body={"note": "done"},
                            claims=LEAD)
        assert resolved.status == 200, resolved.text

    refused_statements = [
        (None, f"DELETE FROM correction_requests WHERE id = {made['ann', 'answered']}"),
        (None, f"DELETE FROM correction_requests WHERE employee_id = '{bob}'"),
        (ann, f"DELETE FROM correction_requests WHERE id = {made['ann', 'answered']}"),  # Ann is not erased
        (None, f"SELECT erase_correction_requests('{ann}')"),
        (None, "TRUNCATE correction_requests"),
    ]
    for setting, statement in refused_statements:
        with pytest.raises(Exception, match="resolved") as refused, services.db.transaction() as cur:
            if setting is not None:
                cur.execute("SELECT set_config('facepass.correction_erasure_of', %s, true)", (setting,))
            cur.execute(statement)
        assert refused.type.__name__ == "InsufficientPrivilege", statement
    # A temporary table of the same name (any role may create one; unlisted, pg_temp is searched first for tables)
    # does not stand in for the real one: an empty employees (everyone "gone"), one holding Ann as erased, an empty
    # correction_requests (nothing "answered") leave the guards reading the real tables.
    shadows = [
        ("CREATE TEMP TABLE employees (id uuid, erased_at timestamptz) ON COMMIT DROP",
         f"DELETE FROM correction_requests WHERE id = {made['ann', 'answered']}"),
        (f"CREATE TEMP TABLE employees ON COMMIT DROP AS SELECT '{ann}'::uuid AS id, now() AS erased_at",
         f"SELECT erase_correction_requests('{ann}')"),
        ("CREATE TEMP TABLE correction_requests (resolved_at timestamptz) ON COMMIT DROP",
         "TRUNCATE public.correction_requests"),
    ]
    for shadow, statement in shadows:
        with pytest.raises(Exception, match="resolved") as refused, services.db.transaction() as cur:
            cur.execute(shadow)
            cur.execute(statement)
        assert refused.type.__name__ == "InsufficientPrivilege", statement
    assert count(services, "SELECT count(*) AS n FROM correction_requests") == 4  # nothing deleted
    with services.db.transaction() as cur:  # an open request holds no answer: it may go
        cur.execute("DELETE FROM correction_requests WHERE id = %s", (made["ann", "open"],))
        assert cur.rowcount == 1

    with services.db.transaction() as cur:  # deleting the person takes theirs with them (the cascade)
        cur.execute("DELETE FROM employees WHERE id = %s", (bob,))
    assert count(services, "SELECT count(*) AS n FROM correction_requests WHERE employee_id = %s", bob) == 0
    erased = api.delete(f"/employees/{ann}?erase=true", claims=HR)  # and the erasure hers
    assert erased.status == 200, erased.text
    assert count(services, "SELECT count(*) AS n FROM correction_requests") == 0


CAT = {"sub": "cat-1", "username": "cat@example.com", "email": "cat@example.com", "scope": "facepass/employee"}


def file_days(services, who: str, days: int, *, created_ago: str) -> None:
    """`days` open requests of a person about as many different days, filed `created_ago` (an SQL interval)."""
    with services.db.transaction() as cur:
        cur.execute("""INSERT INTO correction_requests (employee_id, day, note, requested_by, created_at)
                       SELECT %s, current_date - 10 - n, 'earlier', 'ann@example.com', now() - %s::interval
                       FROM generate_series(1, %s) AS n""", (who, created_ago, days))


def test_requests_are_capped_per_person_open_in_all_and_per_24_hours(api, services, people):
    """A script cannot flood HR's Review page: besides 3 open about one day, 20 open in all (409
    too_many_open_corrections_total: HR's answers free them) and 10 filed in 24 hours (429
    too_many_recent_corrections: time frees them), counted per person."""
    ann = people["ann"]

    def ask(days_ago: int, claims=ANN):
        return api.post("/me/corrections", json_body={"date": (date.today() - timedelta(days=days_ago)).isoformat(),
                                                      "note": "x" * 1000}, claims=claims)

    file_days(services, ann, 18, created_ago="2 days")
    assert ask(1).status == 201 and ask(2).status == 201
    full = ask(3)
    assert (full.status, full.error_code) == (409, "too_many_open_corrections_total"), full.text
    assert full.json()["error"]["details"] == {"open": 20}
    assert ask(3, claims={**ANN, "username": "bob@example.com", "email": "bob@example.com"}).status == 201  # Bob's own
    with services.db.transaction() as cur:  # HR answers them all: none open
        cur.execute("UPDATE correction_requests SET resolved_at = now(), resolved_by = 'lead', resolution_note = 'ok' "
                    "WHERE employee_id = %s", (ann,))
    made = [ask(days_ago).status for days_ago in range(3, 11)]
    assert made == [201] * 8  # 10 in the last 24 hours (the 18 filed two days ago are not)
    flood = ask(11)
    assert (flood.status, flood.error_code) == (429, "too_many_recent_corrections"), flood.text
    assert flood.json()["error"]["details"] == {"limit": 10, "hours": 24}
    assert count(services, "SELECT count(*) AS n FROM correction_requests WHERE employee_id = %s", ann) == 28


def test_a_request_is_about_a_day_of_the_persons_own_from_their_record_to_their_today(api, services, people):
    """Not before the person's record (422 correction_before_record, unless a punch of theirs is on that day or
    before: a first morning HR typed in later), nor over 366 days ago, nor after their own today (422
    invalid_correction_date): a person in a zone ahead of the report zone may ask about their today, which is the
    report zone's tomorrow; one in the report zone may not."""
    made = api.post("/employees", json_body={"full_name": "Cat New", "email": "cat@example.com"}, claims=HR)
    assert made.status == 201, made.text
    cat = made.json()["id"]
    zone = ZoneInfo(services.settings.report_timezone)
    today = datetime.now(zone).date()
    with services.db.transaction() as cur:
        cur.execute("SELECT created_at FROM employees WHERE id = %s", (cat,))
        record_day = cur.fetchone()["created_at"].astimezone(zone).date()

    def ask(day: date, claims=CAT):
        return api.post("/me/corrections", json_body={"date": day.isoformat(), "note": "check"}, claims=claims)

    assert ask(record_day).status == 201
    before = ask(record_day - timedelta(days=5))
    assert (before.status, before.error_code) == (422, "correction_before_record"), before.text
    assert before.json()["error"]["details"] == {"earliest": record_day.isoformat()}
    typed = api.post("/attendance/manual/shift", claims=HR, json_body={
        "employee_id": cat, "started_at": at(8, 8).isoformat(), "ended_at": at(8, 12).isoformat(), "note": "1st day"})
    assert typed.status == 201, typed.text
    assert ask(record_day - timedelta(days=5)).status == 201  # on or after her first punch (typed in by HR)
    assert ask(at(8, 8).astimezone(zone).date() - timedelta(days=1)).error_code == "correction_before_record"

    assert (ask(today + timedelta(days=1), claims=ANN).status, ask(today + timedelta(days=1), claims=ANN).error_code
            ) == (422, "invalid_correction_date")  # the report zone's tomorrow is no one's today there
    assert ask(today - timedelta(days=367), claims=ANN).error_code == "invalid_correction_date"
    assert ask(today - timedelta(days=366), claims=ANN).status == 201
    ahead = api.patch(f"/employees/{people['ann']}", json_body={"timezone": "Pacific/Kiritimati"}, claims=HR)
    assert ahead.status == 200, ahead.text
    her_today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert ask(her_today, claims=ANN).status == 201
    assert ask(her_today + timedelta(days=1), claims=ANN).error_code == "invalid_correction_date"


def test_a_punch_hr_moved_to_someone_else_is_no_longer_shown_on_the_request(api, services, people):
    """HR reassigns Ann's pending punch to Bob (his exit): her request keeps its id and note, but no longer shows
    the punch (its time, Bob's direction); HR's list shows it as it is now, marked moved."""
    ann, bob = people["ann"], people["bob"]
    pending = kiosk_punch(services, uuid.UUID(ann), at(2, 8), "entry", state="pending")
    asked = api.post("/me/corrections", json_body={"date": at(2, 8).date().isoformat(), "note": "that was me",
                                                   "event_id": pending["id"]}, claims=ANN)
    assert asked.status == 201, asked.text
    assert asked.json()["event_type"] == "entry" and asked.json()["event_occurred_at"] is not None
    listed = api.get("/attendance/corrections", claims=LEAD).json()["items"]
    assert [(item["event_type"], item["event_moved"]) for item in listed] == [("entry", False)]

    moved = api.post(f"/attendance/{pending['id']}/review", claims=LEAD, json_body={
        "action": "reassign", "employee_id": bob, "event_type": "exit", "note": "it was Bob leaving"})
    assert moved.status == 200, moved.text
    mine = api.get("/me/corrections", claims=ANN).json()["items"]
    assert [(item["event_id"], item["event_occurred_at"], item["event_type"], item["note"]) for item in mine] == [
        (pending["id"], None, None, "that was me")]
    listed = api.get("/attendance/corrections", claims=LEAD).json()["items"]
    assert [(item["event_id"], item["event_type"], item["event_moved"]) for item in listed] == [
        (pending["id"], "exit", True)]


def test_a_request_names_the_zone_its_day_and_punch_are_read_in(api, services, people):
    """CorrectionRequest.timezone: the zone the person held at the punch named (a punch before a change of zone
    keeps the one held then), else the zone their day began in; the same on HR's list and on a replay of an answer
    stored before requests named it."""
    ann = people["ann"]
    report = services.settings.report_timezone
    own = kiosk_punch(services, uuid.UUID(ann), at(3, 8), "entry")
    before = api.post("/me/corrections", json_body={"date": at(3, 8).date().isoformat(), "note": "came at 8",
                                                    "event_id": own["id"]}, claims=ANN,
                      headers={"idempotency-key": "zone-1"})
    assert before.status == 201, before.text
    assert before.json()["timezone"] == report
    moved = api.patch(f"/employees/{ann}", json_body={"timezone": "America/New_York"}, claims=HR)
    assert moved.status == 200, moved.text
    with services.db.transaction() as cur:  # held for two days: today began in it (the punch above did not)
        cur.execute("UPDATE employee_time_zones SET valid_from = now() - interval '2 days' "
                    "WHERE employee_id = %s AND zone = 'America/New_York'", (ann,))
        assert cur.rowcount == 1
    her_today = datetime.now(ZoneInfo("America/New_York")).date()
    later = api.post("/me/corrections", json_body={"date": her_today.isoformat(), "note": "the whole day"}, claims=ANN)
    assert later.status == 201, later.text
    assert later.json()["timezone"] == "America/New_York"
    expected = {before.json()["id"]: report, later.json()["id"]: "America/New_York"}
    assert {item["id"]: item["timezone"] for item in api.get("/me/corrections", claims=ANN).json()["items"]} == expected
    assert {item["id"]: item["timezone"]
            for item in api.get("/attendance/corrections", claims=LEAD).json()["items"]} == expected

    with services.db.transaction() as cur:  # an answer stored before requests named their zone
        cur.execute("UPDATE idempotency_keys SET response = response - 'timezone' WHERE key = 'zone-1'")
        assert cur.rowcount == 1
    again = api.post("/me/corrections", json_body={"date": at(3, 8).date().isoformat(), "note": "came at 8",
                                                   "event_id": own["id"]}, claims=ANN,
                     headers={"idempotency-key": "zone-1"})
    assert again.status == 201, again.text
    assert again.json() == before.json()
