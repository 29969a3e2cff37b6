"""An absence for many people at once (POST /attendance/absences/bulk; README "Absences") on real PostgreSQL through
the API handler: a public holiday for everyone or a department's closing days, each active person's days recorded
as a range records them for one person (absences._add_for_people: the one implementation), in one transaction; the days
covered already, the days a person was not employed on (a new hire, a leaver back since) and the caller's own record
left out and listed; a closed day refuses all; at most 20,000 rows; a repeat is 409 absence_exists; a scoped
reviewer's reach; each row audited; the timesheet and the daily report then show it."""

from __future__ import annotations

import gzip
import json
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from facepass import absences, repository
from facepass.schemas import AbsenceBulkRequest, AbsenceBulkResult
from tests.conftest import fresh_database, with_settings
from tests.integration.absence_support import CLERK, EVERY_DAY, HR, LEAD
from tests.integration.absence_support import next_monday as _next_monday
from tests.integration.absence_support import today as _today

LAMBDA_RESPONSE_MAX = 6 * 1024 * 1024  # a synchronous invocation's response payload, bytes (AWS Lambda quotas)


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "absences_bulk_" + uuid.uuid4().hex[:10])


def _person(api, name: str, department: str | None = None, *, hired_days_ago: int | None = 60,
            services=None) -> str:
    email = f"{name.lower().replace(' ', '.')}@example.com"
    created = api.post("/employees", json_body={"full_name": name, "email": email, "department": department},
                       claims=HR)
    assert created.status == 201, created.text
    person = created.json()["id"]
    if hired_days_ago is not None:  # the record made long ago: they were employed on the past days the tests use
        with services.db.transaction() as cur:
            cur.execute("UPDATE employees SET created_at = created_at - %s WHERE id = %s",
                        (timedelta(days=hired_days_ago), person))
    return person


def _bulk(day: date, *, department: str | None = None, everyone: bool | None = None, day_to: date | None = None,
          kind: str = "holiday", minutes: int = 480, **extra) -> dict:
    body = {"day": day.isoformat(), "kind": kind, "minutes": minutes, **extra}
    if department is not None:
        body["department"] = department
    if everyone is not None:
        body["everyone"] = everyone
    if day_to is not None:
        body["day_to"] = day_to.isoformat()
    return body


def _rows(services) -> list[tuple]:
    with services.db.transaction() as cur:
        cur.execute("""SELECT e.full_name, a.day, a.kind, a.minutes, a.created_by FROM absences a
                        JOIN employees e ON e.id = a.employee_id ORDER BY e.full_name, a.day, a.kind""")
        return [(row["full_name"], row["day"], row["kind"], row["minutes"], row["created_by"])
                for row in cur.fetchall()]


def _audited(services) -> list[tuple]:
    with services.db.transaction() as cur:
        cur.execute("""SELECT e.full_name, h.actor, h.before, h.after, h.self_review FROM employee_audit h
                        JOIN employees e ON e.id = h.employee_id WHERE h.field = 'absence'
                        ORDER BY e.full_name, h.after""")
        return [(row["full_name"], row["actor"], row["before"], row["after"], row["self_review"])
                for row in cur.fetchall()]


def _result(answer) -> dict:
    """A bulk add's answer without its batch_id (a new uuid each time: test_absences_bulk_undo.py checks it)."""
    result = answer.json()
    assert uuid.UUID(result.pop("batch_id"))
    return result


def _skipped(answer) -> list[tuple]:
    return [(item["full_name"], item["reason"], item["days"]) for item in answer.json()["skipped"]]


def test_a_holiday_for_everyone_records_each_person_employed_then_skips_the_covered_and_is_audited(api, services):
    day = _today() - timedelta(days=3)
    amy, bob, cid = (_person(api, name, dept, services=services)
                     for name, dept in (("Amy", "Office"), ("Bob", "Warehouse"), ("Cid", None)))
    gone = _person(api, "Gone", "Office", services=services)
    # Left today: employed on the holiday, so it is theirs too (a past holiday in their last pay, as the others').
    assert api.delete(f"/employees/{gone}", claims=HR).status == 200
    # Left before the day, and erased: neither is one of "everyone", nor listed.
    before = uuid.UUID(_person(api, "Before", "Office", services=services))
    with services.db.transaction() as cur:  # left ten days ago (the history dated so)
        repository.deactivate(cur, before, actor="hr", at=datetime.now(UTC) - timedelta(days=10))
    erased = _person(api, "Erased", "Office", services=services)
    assert api.delete(f"/employees/{erased}", query="erase=true", claims=HR).status == 200
    # Bob is on vacation that day already: skipped and listed, never paid twice.
    vacation = api.post("/attendance/absences", json_body={"employee_id": bob, "day": day.isoformat(),
                                                           "kind": "vacation", "minutes": 480}, claims=HR)
    assert vacation.status == 201, vacation.text

    answer = api.post("/attendance/absences/bulk", json_body=_bulk(day, everyone=True, note="Founders' Day"))
    assert answer.status == 201, answer.text
    assert {key: answer.json()[key] for key in ("created", "people")} == {"created": 3, "people": 3}
    assert _skipped(answer) == [("Bob", "covered", [day.isoformat()])]
    assert answer.json()["skipped"][0]["employee_id"] == bob
    assert _rows(services) == [("Amy", day, "holiday", 480, "test-admin"),
                               ("Bob", day, "vacation", 480, "hr@example.com"),
                               ("Cid", day, "holiday", 480, "test-admin"),
                               ("Gone", day, "holiday", 480, "test-admin")]
    # One History row per absence created, by the caller.
    assert [row for row in _audited(services) if row[1] == "test-admin"] == [
        ("Amy", "test-admin", None, f"{day} holiday 480", False),
        ("Cid", "test-admin", None, f"{day} holiday 480", False),
        ("Gone", "test-admin", None, f"{day} holiday 480", False)]
    listed = api.get("/attendance/absences", query=f"date_from={day}&date_to={day}").json()["items"]
    assert {(item["full_name"], item["note"]) for item in listed if item["kind"] == "holiday"} == {
        ("Amy", "Founders' Day"), ("Cid", "Founders' Day"), ("Gone", "Founders' Day")}

    # The timesheet and the daily report show it for those people.
    sheet = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}").json()["items"]
    assert {row["full_name"]: row["days"][0]["absence_kinds"] for row in sheet} == {
        "Amy": ["holiday"], "Bob": ["vacation"], "Cid": ["holiday"], "Gone": ["holiday"],  # employed then
        "Erased": []}  # employed then too, but erased: never one of a bulk add's people (a single add is HR's)
    daily = api.get("/attendance/daily", query=f"date={day}").json()["items"]
    assert {item["full_name"]: (item["absence_minutes"], item["absence_kinds"]) for item in daily} == {
        "Amy": (480, ["holiday"]), "Bob": (480, ["vacation"]), "Cid": (480, ["holiday"]),
        "Gone": (480, ["holiday"])}
    assert amy and cid

    # The same request again creates nothing: everyone who could have it has one (idempotent).
    again = api.post("/attendance/absences/bulk", json_body=_bulk(day, everyone=True, note="Founders' Day"))
    assert (again.status, again.error_code) == (409, "absence_exists"), again.text
    assert again.json()["error"]["details"] == {"days": [day.isoformat()], "people": 4}
    assert len(_rows(services)) == 4 and len(_audited(services)) == 4


def test_a_departments_closing_days_monday_to_friday(api, services):
    monday = _next_monday()
    walt, wendy = (_person(api, name, "Warehouse", services=services) for name in ("Walt", "Wendy"))
    _person(api, "Olga", "Office", services=services)
    _person(api, "Warehouse Two", "Warehouse 2", services=services)  # another department, however like
    answer = api.post("/attendance/absences/bulk",
                      json_body=_bulk(monday, department="Warehouse", day_to=monday + timedelta(days=6),
                                      kind="other", minutes=450))
    assert answer.status == 201, answer.text
    assert _result(answer) == {"created": 10, "people": 2, "skipped": []}
    weekdays = [monday + timedelta(days=offset) for offset in range(5)]
    assert _rows(services) == [(name, day, "other", 450, "test-admin") for name in ("Walt", "Wendy")
                               for day in weekdays]
    assert len(_audited(services)) == 10
    sheet = api.get("/attendance/timesheet",
                    query=f"date_from={monday}&date_to={monday + timedelta(days=6)}&employee_id={walt}")
    assert [day["absence_minutes"] for day in sheet.json()["items"][0]["days"]] == [450] * 5 + [0, 0]
    assert wendy
    # A department nobody active has, or no such department: 422 no_people, nothing written.
    for department in ("warehouse", "Nowhere"):
        refused = api.post("/attendance/absences/bulk", json_body=_bulk(monday, department=department))
        assert (refused.status, refused.error_code) == (422, "no_people"), refused.text
    assert len(_rows(services)) == 10


def test_new_hires_and_a_leaver_back_since_are_skipped_for_the_days_they_were_not_employed(api, services):
    first, last = _today() - timedelta(days=8), _today() - timedelta(days=1)
    old = _person(api, "Old", services=services)
    _person(api, "New", hired_days_ago=None, services=services)  # record created today: after every day
    back = uuid.UUID(_person(api, "Back", services=services))
    now = datetime.now(UTC).replace(microsecond=0)
    with services.db.transaction() as cur:  # left six days ago (the history dated so), back today
        repository.deactivate(cur, back, actor="hr", at=now - timedelta(days=6))
    assert api.patch(f"/employees/{back}", json_body={"is_active": True}, claims=HR).status == 200
    answer = api.post("/attendance/absences/bulk",
                      json_body=_bulk(first, everyone=True, day_to=last, weekdays=EVERY_DAY, kind="other"))
    assert answer.status == 201, answer.text
    days = [first + timedelta(days=offset) for offset in range(8)]
    gone = [day for day in days if _today() - timedelta(days=6) < day < _today()]  # from the day after leaving
    assert {key: answer.json()[key] for key in ("created", "people")} == {"created": 8 + 8 - len(gone), "people": 2}
    assert _skipped(answer) == [("Back", "not_employed", [day.isoformat() for day in gone]),
                                ("New", "not_employed", [day.isoformat() for day in days])]
    assert [row[1] for row in _rows(services) if row[0] == "Back"] == [day for day in days if day not in gone]
    assert [row[1] for row in _rows(services) if row[0] == "Old"] == days and old

    # A single add still takes HR's word for a new hire's earlier day (unchanged).
    new = api.get("/employees", query="search=New").json()["items"][0]["id"]
    single = api.post("/attendance/absences", json_body={"employee_id": new, "day": first.isoformat(),
                                                         "kind": "holiday", "minutes": 480})
    assert single.status == 201, single.text

    # Only people not employed on the day: nobody to record, 422 no_people (not 409: none of them has it).
    only_new = _today() - timedelta(days=20)
    with services.db.transaction() as cur:
        # the others neither active nor employed then (a leaver since is one of "everyone": their records made now)
        cur.execute("UPDATE employees SET is_active = false, created_at = now() WHERE full_name <> 'New'")
    refused = api.post("/attendance/absences/bulk", json_body=_bulk(only_new, everyone=True))
    assert (refused.status, refused.error_code) == (422, "no_people"), refused.text
    assert refused.json()["error"]["details"]["skipped"][0]["reason"] == "not_employed"


def test_a_closed_day_refuses_everyone_and_writes_nothing(api, services):
    closed_day = _today() - timedelta(days=5)
    for name in ("Amy", "Bob"):
        _person(api, name, services=services)
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_day.isoformat(), "note": "signed",
                                                  "force": True})
    assert closed.status == 200, closed.text
    refused = api.post("/attendance/absences/bulk",
                       json_body=_bulk(closed_day, everyone=True, day_to=closed_day + timedelta(days=2),
                                       weekdays=EVERY_DAY))
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"] == {"closed_through": closed_day.isoformat(),
                                                  "day": closed_day.isoformat()}
    assert _rows(services) == [] and _audited(services) == []


def test_more_than_20000_rows_is_refused_before_anything_is_written(api, services):
    with services.db.transaction() as cur:  # 218 active people x 92 days = 20,056 rows
        cur.execute("INSERT INTO employees (full_name, email) SELECT 'P' || n, 'p' || n || '@example.com' "
                    "FROM generate_series(1, 218) n")
    first = _today() + timedelta(days=10)
    body = _bulk(first, everyone=True, day_to=first + timedelta(days=91), weekdays=EVERY_DAY)
    refused = api.post("/attendance/absences/bulk", json_body=body)
    assert (refused.status, refused.error_code) == (422, "bulk_too_large"), refused.text
    assert refused.json()["error"]["details"] == {"people": 218, "days": 92, "rows": 20056, "limit": 20000}
    assert _rows(services) == []
    # One person fewer is 19,964 rows: recorded, in one request.
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET is_active = false WHERE full_name = 'P1'")
    answer = api.post("/attendance/absences/bulk", json_body=body)
    assert answer.status == 201, answer.text
    assert _result(answer) == {"created": 217 * 92, "people": 217, "skipped": []}
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM employee_audit WHERE field = 'absence'")
        assert cur.fetchone()["n"] == 217 * 92

    # Listing them all at once would be more than Lambda's 6 MB response even compressed over a quarter of a larger
    # company: the list is paged (`limit`, at most 1000 a page), each page far under it even uncompressed, and the
    # pages walk every row once.
    query = f"date_from={first}&date_to={first + timedelta(days=91)}&limit=1000"
    plain = api.get("/attendance/absences", query=query)
    assert plain.status == 200 and len(plain.json()["items"]) == 1000 and plain.json()["next_cursor"]
    assert "content-encoding" not in plain.headers and len(json.dumps(plain.raw)) < LAMBDA_RESPONSE_MAX // 10
    packed = api.get("/attendance/absences", query=query, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed.status == 200 and packed.headers["content-encoding"] == "gzip" and packed.raw["isBase64Encoded"]
    assert len(json.dumps(packed.raw)) < LAMBDA_RESPONSE_MAX // 60
    seen, cursor = set(), plain.json()["next_cursor"]
    seen.update(item["id"] for item in plain.json()["items"])
    while cursor:
        page = api.get("/attendance/absences", query=f"{query}&cursor={cursor}")
        assert page.status == 200, page.text
        assert not seen & {item["id"] for item in page.json()["items"]}
        seen.update(item["id"] for item in page.json()["items"])
        cursor = page.json()["next_cursor"]
    assert len(seen) == 217 * 92
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert packed.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"  # a cache keeps the two apart
    # gzip refused (q=0) is refused, though the word is there.
    refused = api.get("/attendance/absences", query=query, headers={"accept-encoding": "identity, gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.content == plain.content
    # The timesheet's CSV pages and the daily report's are compressed the same way, their headers kept.
    sheet = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={first + timedelta(days=6)}&limit=5",
                    headers={"accept": "text/csv", "accept-encoding": "gzip"})
    assert sheet.status == 200 and sheet.headers["content-encoding"] == "gzip", sheet.headers
    assert sheet.headers["content-type"].startswith("text/csv") and sheet.headers["x-next-cursor"]
    assert gzip.decompress(sheet.content).decode().count("\n") == 6  # the header and 5 people


def test_a_scoped_reviewer_records_for_their_departments_only(api, services):
    day = _next_monday()
    for name, department in (("Walt", "Warehouse"), ("Olga", "Office"), ("Nobody", None)):
        _person(api, name, department, services=services)
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    outside = api.post("/attendance/absences/bulk", json_body=_bulk(day, department="Office"), claims=LEAD)
    assert (outside.status, outside.error_code) == (403, "outside_departments"), outside.text
    assert outside.json()["error"]["details"] == {"department": "Office", "departments": ["Warehouse"]}
    assert _rows(services) == []
    # "everyone" from a scoped reviewer: everyone they reach.
    theirs = api.post("/attendance/absences/bulk", json_body=_bulk(day, everyone=True), claims=LEAD)
    assert theirs.status == 201, theirs.text
    assert _result(theirs) == {"created": 1, "people": 1, "skipped": []}
    named = api.post("/attendance/absences/bulk", json_body=_bulk(day + timedelta(days=1), department="Warehouse"),
                     claims=LEAD)
    assert named.status == 201, named.text
    assert _rows(services) == [("Walt", day, "holiday", 480, "lead@example.com"),
                               ("Walt", day + timedelta(days=1), "holiday", 480, "lead@example.com")]
    clerk = api.post("/attendance/absences/bulk", json_body=_bulk(day, everyone=True), claims=CLERK)
    assert (clerk.status, clerk.error_code) == (403, "forbidden"), clerk.text


def test_the_callers_own_record_is_skipped_unless_self_review_is_allowed(api, services):
    import dependencies

    rita_claims = {"sub": "sup-rita", "username": "rita@example.com", "email": "Rita@Example.com",
                   "scope": "openid email facepass/reviewer"}
    day = _next_monday()
    rita = _person(api, "Rita", "Office", services=services)
    sam = _person(api, "Sam", "Office", services=services)
    answer = api.post("/attendance/absences/bulk", json_body=_bulk(day, department="Office"), claims=rita_claims)
    assert answer.status == 201, answer.text
    assert {key: answer.json()[key] for key in ("created", "people")} == {"created": 1, "people": 1}
    assert _skipped(answer) == [("Rita", "own_record", [day.isoformat()])]
    assert answer.json()["skipped"][0]["employee_id"] == rita
    assert [row[0] for row in _rows(services)] == ["Sam"]

    dependencies.use_services(with_settings(services, allow_self_review=True))
    allowed = api.post("/attendance/absences/bulk", json_body=_bulk(day, department="Office"), claims=rita_claims)
    assert allowed.status == 201, allowed.text
    assert _result(allowed) == {"created": 1, "people": 1, "skipped": [
        {"employee_id": sam, "full_name": "Sam", "reason": "covered",
         "days": [day.isoformat()]}]}
    assert sorted((row[0], row[4]) for row in _audited(services)) == [("Rita", True), ("Sam", False)]


def test_bad_bulk_requests_are_refused(api, services):
    day = _next_monday()
    _person(api, "Amy", "Office", services=services)
    for body, code in [
            (_bulk(day), "validation_error"),  # neither
            (_bulk(day, department="Office", everyone=True), "validation_error"),  # both
            (_bulk(day, everyone=False), "validation_error"),
            (_bulk(day, everyone="yes"), "validation_error"),
            (_bulk(day, department=""), "validation_error"),
            (_bulk(day, everyone=True, weekdays=["monday"]), "validation_error"),  # weekdays without day_to
            (_bulk(day, everyone=True, kind="holidays"), "validation_error"),
            (_bulk(day, everyone=True, minutes=0), "validation_error"),
            (_bulk(day, everyone=True, employee_id=str(uuid.uuid4())), "validation_error"),
            (_bulk(day, everyone=True, day_to=day - timedelta(days=1)), "invalid_date_range"),
            (_bulk(day, everyone=True, day_to=day + timedelta(days=5), weekdays=["sunday"]), "no_days_in_range"),
            (_bulk(_today() + timedelta(days=400), everyone=True), "day_out_of_range")]:
        refused = api.post("/attendance/absences/bulk", json_body=body)
        assert (refused.status, refused.error_code) == (422, code), (body, refused.text)
    assert _rows(services) == []


class _CountingCursor(psycopg.Cursor):
    """A real cursor that counts the statements it sends (the round trips a bulk add costs on RDS)."""

    executed = 0

    def execute(self, *args, **kwargs):
        type(self).executed += 1
        return super().execute(*args, **kwargs)


def _statements(services, body: dict, *, reach=None) -> tuple[int, AbsenceBulkResult]:
    from facepass.department_scope import EVERYONE

    connection = services.db.connection()
    connection.cursor_factory = _CountingCursor
    _CountingCursor.executed = 0
    try:
        result = absences.add_bulk(services.db, services.settings, AbsenceBulkRequest.model_validate(body),
                                   actor="hr@example.com", reach=reach or EVERYONE)
        return _CountingCursor.executed, result
    finally:
        connection.cursor_factory = psycopg.Cursor


def test_a_bulk_add_runs_as_many_statements_for_300_people_as_for_30(services):
    # Each person's absences are read, checked and written for all of them at once (absences._add_for_people):
    # on RDS a round trip is ~0.5 ms, and a company's thousands of people must fit the API's 29 s.
    day = _next_monday()
    with services.db.transaction() as cur:
        for department, size in (("Small", 30), ("Large", 300)):
            cur.execute("""INSERT INTO employees (full_name, email, department, created_at)
                           SELECT %(d)s || n, %(d)s || n || '@example.com', %(d)s, now() - interval '60 days'
                             FROM generate_series(1, %(n)s) n""", {"d": department, "n": size})
        # In each department: one with a vacation on the first day already (covered), one hired after the days
        # (not employed), so every path runs.
        for department in ("Small", "Large"):
            cur.execute("""INSERT INTO absences (employee_id, day, kind, minutes, created_by)
                           SELECT id, %s, 'vacation', 480, 'hr' FROM employees WHERE full_name = %s""",
                        (day, department + "1"))
            cur.execute("UPDATE employees SET created_at = %s WHERE full_name = %s",
                        (datetime.combine(day + timedelta(days=9), datetime.min.time(), UTC), department + "2"))
    counts = {}
    for department, size in (("Small", 30), ("Large", 300)):
        counts[department], result = _statements(services, _bulk(day, department=department, day_to=day +
                                                                  timedelta(days=1)))
        assert (result.created, result.people) == ((size - 2) * 2 + 1, size - 1)
        assert sorted((item.full_name, item.reason) for item in result.skipped) == [
            (department + "1", "covered"), (department + "2", "not_employed")]
    assert counts["Small"] == counts["Large"] <= 10, counts
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM employee_audit WHERE field = 'absence'")
        assert cur.fetchone()["n"] == (28 * 2 + 1) + (298 * 2 + 1)


def test_a_person_moved_out_of_a_scoped_reviewers_departments_meanwhile_is_left_out(api, services):
    # The people are listed, then locked (by id, in one statement) with the reach checked on the row as locked: one
    # moved to another department while the bulk add waited for their lock is not recorded (nor a 403 for all).
    day = _next_monday()
    _person(api, "Walt", "Warehouse", services=services)
    wes = _person(api, "Wes", "Warehouse", services=services)
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    with psycopg.connect(services.db.url) as mover:
        mover.execute("UPDATE employees SET department = 'Office' WHERE id = %s", (wes,))  # not committed yet
        answer = _bulk_while_held(api, services, mover, _bulk(day, everyone=True), claims=LEAD)
    assert answer.status == 201, answer.text
    assert _result(answer) == {"created": 1, "people": 1, "skipped": []}
    assert _rows(services) == [("Walt", day, "holiday", 480, "lead@example.com")]


def test_a_person_erased_while_the_bulk_add_waited_for_their_lock_is_left_out(api, services):
    # Erasure keeps the employee row (erased_at set): the bulk listed them before it committed, and the row as locked
    # says erased, so nothing is recorded for them (lock_people not_erased), nor a 404 for all. A past day: they were
    # employed on it, so only the erasure keeps the holiday from them.
    day = _today() - timedelta(days=3)
    _person(api, "Walt", "Warehouse", services=services)
    eve = _person(api, "Eve", "Warehouse", services=services)
    with psycopg.connect(services.db.url) as eraser:
        with eraser.cursor(row_factory=dict_row) as cur:  # the erasure's deactivation and mark, not committed yet
            repository.deactivate(cur, uuid.UUID(eve), actor="hr")
            repository.mark_erased(cur, uuid.UUID(eve))
        answer = _bulk_while_held(api, services, eraser, _bulk(day, everyone=True))
    assert answer.status == 201, answer.text
    assert _result(answer) == {"created": 1, "people": 1, "skipped": []}
    assert _rows(services) == [("Walt", day, "holiday", 480, "test-admin")]


def _bulk_while_held(api, services, holder, body: dict, **kwargs):
    """POST the bulk add while `holder` (a connection) holds an uncommitted change of a person's row: commit it once
    the bulk add waits for that row's lock (seen in pg_stat_activity), then the bulk add's answer."""
    answers = []
    adding = threading.Thread(target=lambda: answers.append(
        api.post("/attendance/absences/bulk", json_body=body, **kwargs)))
    adding.start()
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    waiting = """SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                   AND application_name = %s AND wait_event_type = 'Lock'"""
    with psycopg.connect(services.db.url, autocommit=True) as watcher:
        while not watcher.execute(waiting, (services.db.application_name,)).fetchone():
            assert datetime.now(UTC) < deadline and adding.is_alive(), answers and answers[0].text
            time.sleep(0.05)
    holder.commit()
    adding.join(timeout=30)
    return answers[0]
