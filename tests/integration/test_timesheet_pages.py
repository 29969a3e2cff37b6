"""A timesheet downloaded page after page (the console's CSV download, each page its own request) never silently
skips or repeats a person: pages are keyed on the person's current name, so a rename across the page boundary, a
new person, or a payroll close or reopen (closed_through) between two pages answers the later page 409
`timesheet_changed` (start again from the first page). An unchanged download, and first pages, are as before.
Real PostgreSQL, the real API handler."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from psycopg import sql

from facepass import employees, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database

DAY = date(2026, 3, 10)
PERIOD = f"date_from={DAY}&date_to={DAY}"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def person(services, name: str) -> str:
    """An employee who worked on DAY (09:00 to 17:00 UTC)."""
    created = employees.create_employee(services.db, EmployeeCreate(full_name=name, email=f"{uuid.uuid4().hex}@x.io"))
    with services.db.transaction() as cur:
        for hour, kind in ((9, "entry"), (17, "exit")):
            repository.insert_attendance(cur, employee_id=created.id, occurred_at=datetime(2026, 3, 10, hour,
                                                                                          tzinfo=UTC),
                                         event_type=kind, similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door")
    return str(created.id)


def page(api, cursor: str | None = None, *, limit: int = 2, csv_form: bool = False):
    query = f"{PERIOD}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
    return api.get("/attendance/timesheet", query=query, headers={"accept": "text/csv"} if csv_form else None)


def rename(api, employee_id: str, name: str) -> None:
    answer = api.patch(f"/employees/{employee_id}", json_body={"full_name": name})
    assert answer.status == 200, answer.text


def names(answer) -> list[str]:
    return [item["full_name"] for item in answer.json()["items"]]


def download(api, *, limit: int = 2) -> list[str]:
    """Every page, as the console downloads them: the names in order."""
    seen, cursor = [], None
    while True:
        answer = page(api, cursor, limit=limit)
        assert answer.status == 200, answer.text
        seen += names(answer)
        cursor = answer.json()["next_cursor"]
        if not cursor:
            return seen


def test_a_rename_to_an_earlier_name_across_the_page_boundary_is_not_a_silent_skip(api, services):
    zimmer = person(services, "Zimmer")
    for name in ("Bauer", "Clark"):
        person(services, name)
    first = page(api)
    assert names(first) == ["Bauer", "Clark"]
    rename(api, zimmer, "Adams")  # HR renames between the pages: "Adams" sorts before the cursor
    second = page(api, first.json()["next_cursor"])
    # Before: 200 with no one on it: Zimmer/Adams was in neither page.
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text
    assert download(api) == ["Adams", "Bauer", "Clark"]  # started again: everyone once


def test_a_rename_to_a_later_name_across_the_page_boundary_is_not_a_silent_duplicate(api, services):
    adams = person(services, "Adams")
    for name in ("Bauer", "Clark"):
        person(services, name)
    first = page(api, csv_form=True)
    assert first.status == 200
    assert [row["full_name"] for row in csv.DictReader(io.StringIO(first.text))] == ["Adams", "Bauer"]
    rename(api, adams, "Zimmer")  # already on page 1, and now after the cursor too
    second = page(api, first.headers["x-next-cursor"], csv_form=True)
    # Before: 200 with Clark and Zimmer: the same person twice in the file.
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text
    assert download(api) == ["Bauer", "Clark", "Zimmer"]


def test_someone_new_in_a_running_period_after_the_first_page_is_not_a_silent_skip(api, services):
    # This month's timesheet, read while HR hires: Adams is employed in the period from today, listed by name.
    today = datetime.now(UTC).date()
    running = f"date_from={today.replace(day=1)}&date_to={today}&limit=2"
    for name in ("Bauer", "Clark", "Dietz"):
        person(services, name)
    first = api.get("/attendance/timesheet", query=running)
    assert first.status == 200 and first.json()["next_cursor"], first.text
    employees.create_employee(services.db, EmployeeCreate(full_name="Adams", email=f"{uuid.uuid4().hex}@x.io"))
    second = api.get("/attendance/timesheet", query=f"{running}&cursor={first.json()['next_cursor']}")
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text


def test_hiring_and_letting_go_while_a_past_period_is_exported_does_not_restart_it(api, services):
    # Last month exported while HR onboards and offboards: a hire or a (de)activation made since reaches only later
    # days (a person not employed then can have no punch then), so the pages still go together.
    people = {name: person(services, name) for name in ("Bauer", "Clark", "Dietz")}
    first = page(api)
    employees.create_employee(services.db, EmployeeCreate(full_name="Adams", email=f"{uuid.uuid4().hex}@x.io"))
    assert api.patch(f"/employees/{people['Dietz']}", json_body={"is_active": False}).status == 200
    second = page(api, first.json()["next_cursor"])
    assert second.status == 200 and names(second) == ["Dietz"], second.text
    # ... but a hire whose time HR types in for those days is on the sheet, by name: that is a new person in it
    person(services, "Aaron")
    third = page(api, first.json()["next_cursor"])
    assert (third.status, third.error_code) == (409, "timesheet_changed"), third.text


@pytest.mark.parametrize("reopen", [False, True], ids=["close", "reopen"])
def test_a_payroll_close_or_reopen_between_pages_is_not_a_file_of_two_closed_through(api, services, reopen):
    for name in ("Bauer", "Clark", "Dietz"):
        person(services, name)
    if reopen:
        closed = api.post("/payroll/lock", json_body={"closed_through": DAY.isoformat(), "note": "March"})
        assert closed.status == 200, closed.text
    first = page(api)
    assert first.json()["closed_through"] == (DAY.isoformat() if reopen else None)
    changed = api.post("/payroll/lock", json_body={"closed_through": (DAY - timedelta(days=1)).isoformat()
                                                   if reopen else DAY.isoformat(), "note": "between the pages"})
    assert changed.status == 200, changed.text
    second = page(api, first.json()["next_cursor"])
    # Before: 200, closed_through changed part-way down the file.
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text


def test_an_unchanged_download_and_other_changes_page_as_before(api, services):
    people = {name: person(services, name) for name in ("Eve", "Adam", "Mia", "Bob", "Zoe")}
    first = page(api)
    assert first.status == 200 and names(first) == ["Adam", "Bob"]
    # Neither the order nor who is listed depends on these: the download goes on.
    changed = api.patch(f"/employees/{people['Mia']}", json_body={"email": "mia@example.com"})
    assert changed.status == 200, changed.text
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=uuid.UUID(people["Zoe"]),
                                     occurred_at=datetime(2026, 3, 10, 18, tzinfo=UTC), event_type="entry",
                                     similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                     device_id="door")
    seen, cursor = names(first), first.json()["next_cursor"]
    while cursor:
        answer = page(api, cursor)
        assert answer.status == 200, answer.text
        seen += names(answer)
        cursor = answer.json()["next_cursor"]
    assert seen == ["Adam", "Bob", "Eve", "Mia", "Zoe"]
    assert download(api, limit=5) == seen and page(api, limit=5).json()["next_cursor"] is None  # one page: no cursor


def test_a_cursor_from_before_the_watermark_restarts_rather_than_guessing(api, services):
    # A cursor of the version before (name and id only) cannot tell whether anything moved: start again.
    import base64
    import json

    for name in ("Bauer", "Clark", "Dietz"):
        person(services, name)
    old = base64.urlsafe_b64encode(json.dumps(["Clark", str(uuid.uuid4())]).encode()).decode().rstrip("=")
    answer = page(api, old)
    assert (answer.status, answer.error_code) == (409, "timesheet_changed"), answer.text


def test_a_page_after_the_longest_names_is_read(api, services):
    # A cursor carries the last name: 200 Cyrillic letters were 1,200 bytes of \u escapes (a 1,660-character cursor,
    # refused by the 500 the route took: 422), and the watermark makes it longer still. Any name of 200 characters
    # makes a cursor the next page takes.
    longest = ["Ж" * 200, "Щ" * 200, "😀" * 200]
    for name in longest:
        person(services, name)
    seen, cursor = [], None
    while True:
        answer = page(api, cursor, limit=1)
        assert answer.status == 200, answer.text
        seen += names(answer)
        cursor = answer.json()["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(longest)


def test_a_move_into_a_scoped_reviewers_department_between_pages_restarts_theirs_not_everyones(api, services):
    # A supervisor reviewing "Floor" pages through Floor's people only: someone moved into Floor after their first
    # page, named before the cursor, would be missing from their file. HR's (everyone's) pages are not moved by it.
    lead = {"sub": "sup-1", "username": "lead@example.com", "scope": "openid email facepass/reviewer"}
    people = {name: person(services, name) for name in ("Adams", "Bauer", "Clark", "Dietz")}
    for name in ("Bauer", "Clark", "Dietz"):
        assert api.patch(f"/employees/{people[name]}", json_body={"department": "Floor"}).status == 200
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Floor"]}).status == 200
    query = f"{PERIOD}&limit=2"
    theirs = api.get("/attendance/timesheet", query=query, claims=lead)
    everyones = page(api)
    assert names(theirs) == ["Bauer", "Clark"] and names(everyones) == ["Adams", "Bauer"]
    assert api.patch(f"/employees/{people['Adams']}", json_body={"department": "Floor"}).status == 200
    refused = api.get("/attendance/timesheet", query=f"{query}&cursor={theirs.json()['next_cursor']}", claims=lead)
    assert (refused.status, refused.error_code) == (409, "timesheet_changed"), refused.text
    going_on = page(api, everyones.json()["next_cursor"])
    assert going_on.status == 200 and names(going_on) == ["Clark", "Dietz"]
    # The supervisor's own departments changed by an admin between their pages: whom the pages list changed too.
    employees.create_employee(services.db, EmployeeCreate(full_name="Yardley", email=f"{uuid.uuid4().hex}@x.io",
                                                          department="Yard"))  # a department an admin can name
    again = api.get("/attendance/timesheet", query=query, claims=lead)
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Floor", "Yard"]}).status \
        == 200
    moved = api.get("/attendance/timesheet", query=f"{query}&cursor={again.json()['next_cursor']}", claims=lead)
    assert (moved.status, moved.error_code) == (409, "timesheet_changed"), moved.text


def test_the_watermark_count_reads_its_index_not_the_trail(services):
    """Every timesheet page reads the watermark: on a trail long with other fields (faces, absences, emails), its
    count reads employee_audit_watermark_idx (migration 0042) for the three fields it counts, not every row; as
    planned for these values, and as the generic plan of the statement psycopg prepares once a connection has run it
    five times (the scoped flag and the period then unknown to the planner)."""
    person(services, "Bauer")
    since, until = datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 11, tzinfo=UTC)
    with services.db.transaction() as cur:
        cur.execute("""INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at)
                       SELECT gen_random_uuid(), 'email', 'test', 'a' || n || '@x.io', 'b' || n || '@x.io',
                              now() - n * interval '1 minute'
                         FROM generate_series(1, 20000) AS n""")
        cur.execute("ANALYZE employee_audit")
        days = (date(2026, 3, 10), date(2026, 3, 10))
        watermark = repository.report_watermark(cur, since=since, until=until, days=days, employed=(since, until))
        values = {"since": since, "until": until, "first_day": days[0], "last_day": days[1], "employed_start": since,
                  "employed_end": until}
        plans = []
        for scoped in (False, True):
            cur.execute("EXPLAIN " + repository.WATERMARK, {**values, "scoped": scoped})
            plans.append("\n".join(row["QUERY PLAN"] for row in cur.fetchall()))
        cur.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cur.execute(repository.WATERMARK, {**values, "scoped": True}, prepare=True)
        cur.execute("SELECT name FROM pg_prepared_statements WHERE statement LIKE '%%employee_audit%%'")
        name = cur.fetchone()["name"]
        cur.execute("SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = %s", (name,))
        # until, since, scoped, the period's first and last day, its end and start (who was employed in it)
        assert cur.fetchone()["types"] == (["timestamp with time zone"] * 2 + ["boolean"] + ["date"] * 2
                                           + ["timestamp with time zone"] * 2)
        cur.execute(sql.SQL("EXPLAIN EXECUTE {} ({}, {}, {}, {}, {}, {}, {})").format(
            sql.Identifier(name), sql.Literal(until), sql.Literal(since), sql.Literal(False), sql.Literal(days[0]),
            sql.Literal(days[1]), sql.Literal(until), sql.Literal(since)))
        plans.append("\n".join(row["QUERY PLAN"] for row in cur.fetchall()))
    for plan in plans:
        assert "employee_audit_watermark_idx" in plan and "Seq Scan on employee_audit" not in plan, plan
    assert "$3" in plans[-1], plans[-1]  # the generic plan, the flag a parameter
    assert watermark == "p1.a0.c0"  # the 20,000 rows of another field count nothing


def test_a_new_hires_absence_typed_in_between_pages_is_not_a_silent_skip(api, services):
    # A hire's paid absence on one of the period's days lists them (HR's word for a day before their record existed,
    # as a punch typed in for them is): recorded (or deleted) after the first page, named before its cursor, Aaron
    # would be missing from the file (or, deleted, the pages would shift).
    for name in ("Bauer", "Clark", "Dietz"):
        person(services, name)
    first = page(api)
    assert names(first) == ["Bauer", "Clark"]
    aaron = employees.create_employee(services.db, EmployeeCreate(full_name="Aaron", email=f"{uuid.uuid4().hex}@x.io"))
    assert page(api, first.json()["next_cursor"]).status == 200  # hired since: not in the period
    added = api.post("/attendance/absences", json_body={"employee_id": str(aaron.id), "day": DAY.isoformat(),
                                                        "kind": "vacation", "minutes": 480})
    assert added.status == 201, added.text
    second = page(api, first.json()["next_cursor"])
    # Before: 200 with Dietz alone: Aaron, now first in the file, was in neither page.
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text
    again = page(api)
    assert names(again) == ["Aaron", "Bauer"]
    assert api.delete(f"/attendance/absences/{added.json()['id']}").status == 200
    third = page(api, again.json()["next_cursor"])
    # Before: 200 with Dietz alone: Clark, now second, was in neither page.
    assert (third.status, third.error_code) == (409, "timesheet_changed"), third.text
    assert download(api) == ["Bauer", "Clark", "Dietz"]


def test_an_absence_listing_a_leaver_on_their_own_day_between_pages_is_not_a_silent_skip(api, services):
    # Aaron works from Kiritimati (UTC+14) and left at 12:00 UTC the day before DAY: in the report zone (UTC) he was
    # not employed at any instant of DAY, but his own DAY began at 10:00 UTC, while he was, so HR may record his
    # vacation that day, and it lists him. Recorded after the first page, named before its cursor, he was missing
    # from the file: his record and his leaving were before the period's end, so no count the watermark kept moved.
    for name in ("Bauer", "Clark", "Dietz"):
        person(services, name)
    aaron = employees.create_employee(services.db, EmployeeCreate(full_name="Aaron", email=f"{uuid.uuid4().hex}@x.io",
                                                                  timezone="Pacific/Kiritimati")).id
    hired, left = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 3, 9, 12, tzinfo=UTC)
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = %s, is_active = false, deactivated_at = %s WHERE id = %s",
                    (hired, left, aaron))
        cur.execute("SET LOCAL session_replication_role = replica")  # the trail is append-only: hired back then
        cur.execute("UPDATE employee_audit SET created_at = %s WHERE employee_id = %s", (hired, aaron))
        cur.execute("UPDATE employee_time_zones SET valid_from = %s WHERE employee_id = %s AND zone IS NOT NULL",
                    (hired, aaron))
        cur.execute("INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at) "
                    "VALUES (%s, 'is_active', 'hr', 'true', 'false', %s)", (aaron, left))
    first = page(api)
    assert names(first) == ["Bauer", "Clark"]
    added = api.post("/attendance/absences", json_body={"employee_id": str(aaron), "day": DAY.isoformat(),
                                                        "kind": "vacation", "minutes": 480})
    assert added.status == 201, added.text
    assert download(api, limit=5) == ["Aaron", "Bauer", "Clark", "Dietz"]  # listed by it
    second = page(api, first.json()["next_cursor"])
    assert (second.status, second.error_code) == (409, "timesheet_changed"), second.text
