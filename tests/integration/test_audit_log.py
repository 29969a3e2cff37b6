"""GET /attendance/audit: every event's changes within a period (an auditor's "who changed what in November, and
why?") through the real API handler on real PostgreSQL: a manual punch, a reassignment and a rejection made today
are listed with their actor and note, a change made on another day is not; a change made today to a punch of 20 days
ago is listed by its punch's day (occurred_from/occurred_to), not by that day as changed_from/changed_to; a punch's
day is the timesheet's and the lock's (a night shift's exit on its entry's day, in the closed period with it; a
person's own zone near midnight), pages after the rows dropped for another day continuing to the end; the admin's
CSV carries each side's liveness score and review reasons, payroll's none; payroll's rows carry no face evidence;
pages follow the cursor; bad dates are 422 with a stable code; a scoped reviewer sees only their departments'."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from psycopg.types.json import Jsonb

from facepass import employees
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database, kiosk_punch

HR = {"sub": "hr-1", "username": "hr-anna", "scope": "facepass/admin"}
SUPERVISOR = {"sub": "sup-1", "username": "sup-bob", "scope": "facepass/reviewer"}
PAYROLL = {"sub": "pay-1", "username": "clerk", "scope": "facepass/payroll"}
# Keys of a before/after that hold what the face decided (schemas.FACE_EVIDENCE_FIELDS, the audit's scores).
EVIDENCE_KEYS = {"status", "similarity", "liveness_score", "review_reasons", "candidates", "margin",
                 "matched_employee", "review_detail", "liveness"}


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def _today(services) -> str:
    return datetime.now(ZoneInfo(services.settings.report_timezone)).date().isoformat()


@pytest.fixture
def three_changes(api, services):
    """Today: HR adds a punch (Ann), reassigns Ann's flagged punch to Ben, rejects Ben's flagged one. And one
    change 40 days ago (an old confirmation)."""
    ann = employees.create_employee(services.db, EmployeeCreate(full_name="Ann Able", email="ann@example.com",
                                                                department="Ops", employee_number="A-1"))
    ben = employees.create_employee(services.db, EmployeeCreate(full_name="Ben Bell", email="ben@example.com",
                                                                department="Sales", employee_number="B-2"))
    yesterday = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    added = api.post("/attendance/manual", claims=HR, json_body={
        "employee_id": str(ann.id), "event_type": "entry", "occurred_at": yesterday.isoformat(),
        "note": "Kiosk was down at eight"})
    assert added.status == 201, added.text
    flagged = kiosk_punch(services, ann.id, yesterday - timedelta(days=1), "entry", state="pending")
    reassigned = api.post(f"/attendance/{flagged['id']}/review", claims=HR, json_body={
        "action": "reassign", "employee_id": str(ben.id), "note": "It was Ben, seen on camera"})
    assert reassigned.status == 200, reassigned.text
    doubtful = kiosk_punch(services, ben.id, yesterday - timedelta(days=2), "entry", state="pending")
    rejected = api.post(f"/attendance/{doubtful['id']}/review", claims=SUPERVISOR, json_body={
        "action": "reject", "note": "A photo of a photo"})
    assert rejected.status == 200, rejected.text
    old = kiosk_punch(services, ann.id, yesterday - timedelta(days=41), "entry")
    with services.db.transaction() as cur:  # made 40 days ago: outside today's range
        cur.execute("""INSERT INTO attendance_audit (attendance_id, action, actor, note, before, after, created_at)
                       VALUES (%s, 'confirm', 'hr-old', 'Old one', %s, %s, now() - interval '40 days')""",
                    (old["id"], Jsonb({"employee_id": str(ann.id), "review_state": "pending", "similarity": 0.8}),
                     Jsonb({"employee_id": str(ann.id), "review_state": "confirmed", "similarity": 0.8})))
    return {"ann": ann, "ben": ben, "added": added.json()["id"], "reassigned": flagged["id"],
            "rejected": doubtful["id"], "old": old["id"]}


def test_a_periods_changes_are_listed_with_actor_and_note(api, services, three_changes):
    today = _today(services)
    page = api.get("/attendance/audit", query=f"changed_from={today}&changed_to={today}", claims=HR)
    assert page.status == 200, page.text
    body = page.json()
    assert body["timezone"] == services.settings.report_timezone and body["next_cursor"] is None
    rows = {(row["event_id"], row["action"]): row for row in body["items"]}
    assert set(rows) == {(three_changes["added"], "add"), (three_changes["reassigned"], "reassign"),
                         (three_changes["rejected"], "reject")}
    added = rows[(three_changes["added"], "add")]
    assert (added["actor"], added["note"]) == ("hr-anna", "Kiosk was down at eight")
    assert added["employee"]["full_name"] == "Ann Able" and added["employee"]["employee_number"] == "A-1"
    assert added["before"]["employee"] is None and added["after"]["event_type"] == "entry"
    assert added["after"]["review_state"] == "confirmed" and added["in_closed_period"] is False
    moved = rows[(three_changes["reassigned"], "reassign")]
    assert (moved["actor"], moved["note"]) == ("hr-anna", "It was Ben, seen on camera")
    assert moved["before"]["employee"]["full_name"] == "Ann Able"
    assert moved["after"]["employee"]["full_name"] == "Ben Bell" and moved["employee"]["id"] == str(
        three_changes["ben"].id)
    assert (moved["before"]["review_state"], moved["after"]["review_state"]) == ("pending", "reassigned")
    assert moved["before"]["similarity"] == 0.8  # admin: the face's evidence
    refused = rows[(three_changes["rejected"], "reject")]
    assert (refused["actor"], refused["note"], refused["after"]["review_state"]) == (
        "sup-bob", "A photo of a photo", "rejected")
    # Ascending ids; and the other filters.
    assert [row["id"] for row in body["items"]] == sorted(row["id"] for row in body["items"])
    by_actor = api.get("/attendance/audit", query=f"changed_from={today}&actor=SUP-BOB", claims=HR).json()["items"]
    assert [(row["event_id"], row["action"]) for row in by_actor] == [(three_changes["rejected"], "reject")]
    by_action = api.get("/attendance/audit", query="action=confirm", claims=HR).json()["items"]
    assert [(row["event_id"], row["actor"]) for row in by_action] == [(three_changes["old"], "hr-old")]


def test_changes_outside_the_period_are_not_listed(api, services, three_changes):
    today = datetime.now(ZoneInfo(services.settings.report_timezone)).date()
    last_month = api.get("/attendance/audit", query=f"changed_from={today - timedelta(days=45)}"
                                                    f"&changed_to={today - timedelta(days=1)}", claims=HR)
    assert [(row["event_id"], row["note"]) for row in last_month.json()["items"]] == [
        (three_changes["old"], "Old one")]
    everything = api.get("/attendance/audit", claims=HR).json()["items"]
    assert len(everything) == 4
    tomorrow = api.get("/attendance/audit", query=f"changed_from={today + timedelta(days=1)}", claims=HR)
    assert tomorrow.status == 200 and tomorrow.json()["items"] == []


def test_payroll_reads_the_changes_without_the_faces_evidence(api, services, three_changes):
    today = _today(services)
    page = api.get("/attendance/audit", query=f"changed_from={today}&changed_to={today}", claims=PAYROLL)
    assert page.status == 200, page.text
    items = page.json()["items"]
    assert len(items) == 3
    for row in items:
        for side in (row["before"], row["after"]):
            assert not EVIDENCE_KEYS & set(side), side
        assert not EVIDENCE_KEYS & set(row) and "outside_departments" not in row
    rows = {row["action"]: row for row in items}
    assert rows["add"]["note"] == "Kiosk was down at eight" and rows["add"]["actor"] == "hr-anna"
    # The reassigned punch awaited review as Ann's: whom the face matched, not told to payroll. Ben's, it counts.
    assert rows["reassign"]["before"]["employee"] is None
    assert rows["reassign"]["after"]["employee"]["full_name"] == "Ben Bell"
    assert rows["reassign"]["note"] == "It was Ben, seen on camera"
    csv_page = api.get("/attendance/audit", query=f"changed_from={today}&changed_to={today}", claims=PAYROLL,
                       headers={"accept": "text/csv"})
    assert csv_page.status == 200 and csv_page.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(csv_page.text)))
    assert len(table) == 3 and not {"status_before", "similarity_before", "similarity_after"} & set(table[0])
    assert {(line["action"], line["actor"], line["note"]) for line in table} == {
        ("add", "hr-anna", "Kiosk was down at eight"), ("reassign", "hr-anna", "It was Ben, seen on camera"),
        ("reject", "sup-bob", "A photo of a photo")}
    admin_csv = api.get("/attendance/audit", query=f"changed_from={today}", claims=HR,
                        headers={"accept": "text/csv"})
    assert "similarity_before" in next(csv.reader(io.StringIO(admin_csv.text)))


def test_pages_follow_the_cursor(api, services, three_changes):
    seen, cursor, pages = [], None, 0
    while True:
        query = "limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = api.get("/attendance/audit", query=query, claims=PAYROLL)
        assert page.status == 200, page.text
        body = page.json()
        seen += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 4 and len(seen) == 4 and seen == sorted(seen)
    everything = [row["id"] for row in api.get("/attendance/audit", claims=PAYROLL).json()["items"]]
    assert seen == everything
    # CSV pages: the cursor in X-Next-Cursor.
    first = api.get("/attendance/audit", query="limit=3", claims=PAYROLL, headers={"accept": "text/csv"})
    rest = api.get("/attendance/audit", query=f"limit=3&cursor={first.headers['x-next-cursor']}", claims=PAYROLL,
                   headers={"accept": "text/csv"})
    assert "x-next-cursor" not in rest.headers
    assert [int(line["id"]) for line in csv.DictReader(io.StringIO(first.text))] + [
        int(line["id"]) for line in csv.DictReader(io.StringIO(rest.text))] == everything
    import base64

    too_far = base64.urlsafe_b64encode(f"2026-11-01T00:00:00+00:00|{2**70}".encode()).decode().rstrip("=")
    for forged in ("bm90IG91cnM", too_far):  # not a cursor; an id no bigint holds (not a 500)
        bad = api.get("/attendance/audit", query=f"cursor={forged}", claims=PAYROLL)
        assert (bad.status, bad.error_code) == (400, "invalid_cursor"), bad.text


def test_bad_dates_are_422_with_a_stable_code(api, services):
    for query, code in [("changed_from=2026-11-30&changed_to=2026-11-01", "invalid_date_range"),
                        ("changed_from=2026-13-01", "validation_error"),
                        ("changed_from=0", "validation_error"),
                        ("changed_to=30.11.2026", "validation_error"),
                        ("occurred_from=2026-11-30&occurred_to=2026-11-01", "invalid_date_range"),
                        ("occurred_from=2026-02-30", "validation_error"),
                        ("occurred_to=30.11.2026", "validation_error"),
                        ("occurred_from=0&changed_from=2026-11-01", "validation_error"),
                        ("changed_from=2026-11-01&occurred_from=2026-12-01&occurred_to=2026-11-30",
                         "invalid_date_range"),
                        ("action=delete", "validation_error")]:
        answer = api.get("/attendance/audit", query=query, claims=PAYROLL)
        assert (answer.status, answer.error_code) == (422, code), (query, answer.text)
    for widest_query in ("changed_from=0001-01-01&changed_to=9999-12-31",
                         "occurred_from=0001-01-01&occurred_to=9999-12-31"):
        widest = api.get("/attendance/audit", query=widest_query, claims=PAYROLL)
        assert widest.status == 200 and widest.json()["items"] == [], widest.text  # the calendar's ends: answered
    backwards = api.get("/attendance/audit", query="occurred_from=2026-11-30&occurred_to=2026-11-01", claims=PAYROLL)
    assert backwards.json()["error"]["details"] == {"occurred_from": "2026-11-30", "occurred_to": "2026-11-01"}


def test_a_change_in_a_closed_period_says_so(api, services, three_changes):
    day_before = (datetime.now(UTC) - timedelta(days=30)).date()
    with services.db.transaction() as cur:
        cur.execute("UPDATE pay_period_lock SET closed_through = %s, changed_by = 'clerk' WHERE id", (day_before,))
    rows = {row["event_id"]: row for row in api.get("/attendance/audit", claims=PAYROLL).json()["items"]}
    assert rows[three_changes["old"]]["in_closed_period"] is True
    assert rows[three_changes["added"]]["in_closed_period"] is False


def test_a_scoped_reviewer_reads_their_departments_changes_only(api, services, three_changes):
    scoped = api.put("/reviewer-departments/sup-bob", json_body={"departments": ["Sales"]}, claims=HR)
    assert scoped.status == 200, scoped.text
    items = api.get("/attendance/audit", claims=SUPERVISOR).json()["items"]
    # Ben's (Sales) punches only: the one reassigned to him (its Ann, of Ops, withheld) and the one rejected.
    assert {(row["event_id"], row["action"]) for row in items} == {
        (three_changes["reassigned"], "reassign"), (three_changes["rejected"], "reject")}
    moved = next(row for row in items if row["action"] == "reassign")
    assert moved["before"]["employee"] is None and moved["outside_departments"] is True
    assert moved["after"]["employee"]["full_name"] == "Ben Bell"
    assert str(three_changes["ann"].id) not in str(items) and "Ann Able" not in str(items)
    assert uuid.UUID(moved["employee"]["id"]) == three_changes["ben"].id


def test_the_openapi_document_says_both_views_and_the_csv(api):
    answer = api.get("/openapi.json", claims=None)
    assert answer.status == 200, answer.text
    content = answer.json()["paths"]["/attendance/audit"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in content
    assert {"AttendanceChangePage", "PayrollAttendanceChangePage"} <= set(answer.json()["components"]["schemas"])


def _late_edit(api, services) -> tuple[dict, object, object]:
    """A punch of day D (20 days ago in the report zone, noon there), awaiting review with a liveness score and its
    reason, confirmed by HR today (D+20): a December edit to a November punch. The event, D and today."""
    zone = ZoneInfo(services.settings.report_timezone)
    today = datetime.now(zone).date()
    day = today - timedelta(days=20)
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Late Edit", email="late@example.com",
                                                                   employee_number="L-1"))
    from facepass import repository

    with services.db.transaction() as cur:
        punch = repository.insert_attendance(
            cur, employee_id=person.id, occurred_at=datetime(day.year, day.month, day.day, 12, tzinfo=zone),
            event_type="entry", similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
            device_id="door", review_state="pending", review_reasons=["liveness"], liveness_score=0.4213)
    confirmed = api.post(f"/attendance/{punch['id']}/review", claims=HR, json_body={
        "action": "confirm", "note": "Checked the camera after payroll closed"})
    assert confirmed.status == 200, confirmed.text
    return punch, day, today


def test_changes_to_a_periods_punches_are_listed_whenever_made(api, services):
    punch, day, today = _late_edit(api, services)
    for claims in (HR, PAYROLL):
        to_the_day = api.get("/attendance/audit", query=f"occurred_from={day}&occurred_to={day}", claims=claims)
        assert to_the_day.status == 200, to_the_day.text
        assert [(row["event_id"], row["action"], row["note"]) for row in to_the_day.json()["items"]] == [
            (punch["id"], "confirm", "Checked the camera after payroll closed")]
        on_the_day = api.get("/attendance/audit", query=f"changed_from={day}&changed_to={day}", claims=claims)
        assert on_the_day.status == 200 and on_the_day.json()["items"] == [], on_the_day.text
        made_today = api.get("/attendance/audit", query=f"changed_from={today}&changed_to={today}", claims=claims)
        assert [row["event_id"] for row in made_today.json()["items"]] == [punch["id"]]
    # Both filters: made today to the day's punches; made today to other days' punches (none); the days around D.
    both = api.get("/attendance/audit", query=f"occurred_from={day}&occurred_to={day}&changed_from={today}",
                   claims=HR).json()["items"]
    assert [row["event_id"] for row in both] == [punch["id"]]
    for query in (f"occurred_from={day + timedelta(days=1)}", f"occurred_to={day - timedelta(days=1)}",
                  f"occurred_from={day}&changed_to={today - timedelta(days=1)}"):
        answer = api.get("/attendance/audit", query=query, claims=HR)
        assert answer.status == 200 and answer.json()["items"] == [], (query, answer.text)
    # The CSV of the same query: the edit, with the face's evidence for HR.
    table = list(csv.DictReader(io.StringIO(api.get(
        "/attendance/audit", query=f"occurred_from={day}&occurred_to={day}", claims=HR,
        headers={"accept": "text/csv"}).text)))
    assert [(int(line["event_id"]), line["action"]) for line in table] == [(punch["id"], "confirm")]


def test_the_csv_carries_the_liveness_score_and_review_reasons_for_evidence_readers_only(api, services):
    punch, day, _ = _late_edit(api, services)
    query = f"occurred_from={day}&occurred_to={day}"
    for claims in (HR, SUPERVISOR):
        answer = api.get("/attendance/audit", query=query, claims=claims, headers={"accept": "text/csv"})
        assert answer.status == 200, answer.text
        header = next(csv.reader(io.StringIO(answer.text)))
        assert header[-8:] == ["status_before", "status_after", "similarity_before", "similarity_after",
                               "liveness_score_before", "liveness_score_after", "review_reasons_before",
                               "review_reasons_after"]
        (line,) = list(csv.DictReader(io.StringIO(answer.text)))
        assert int(line["event_id"]) == punch["id"]
        assert (line["liveness_score_before"], line["liveness_score_after"]) == ("0.4213", "0.4213")
        assert line["review_reasons_before"] == "liveness"
        json_row = api.get("/attendance/audit", query=query, claims=claims).json()["items"][0]
        assert line["review_reasons_after"] == " ".join(json_row["after"]["review_reasons"])
    payroll = api.get("/attendance/audit", query=query, claims=PAYROLL, headers={"accept": "text/csv"})
    assert payroll.status == 200, payroll.text
    header = next(csv.reader(io.StringIO(payroll.text)))
    assert not {"liveness_score_before", "liveness_score_after", "review_reasons_before", "review_reasons_after",
                "status_before", "similarity_before"} & set(header)
    assert "0.4213" not in payroll.text and "liveness" not in payroll.text


def _listed(api, query: str, claims=PAYROLL) -> list[dict]:
    answer = api.get("/attendance/audit", query=query, claims=claims)
    assert answer.status == 200, answer.text
    return answer.json()["items"]


def test_a_night_shifts_exit_is_listed_on_the_day_the_timesheet_and_the_lock_count_it(api, services):
    """Entry 22:00 on D, exit 06:00 on D+1 awaiting review, confirmed by HR: D's timesheet counts the shift (480
    minutes) and the lock, closed through D, refuses rejecting the exit "on D"; so the change is listed on D (in the
    closed period), not on D+1."""
    day = datetime.now(UTC).date() - timedelta(days=20)  # the report zone is UTC here
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Nina Night", email="nina@example.com",
                                                                   employee_number="N-1"))
    kiosk_punch(services, person.id, datetime(day.year, day.month, day.day, 22, tzinfo=UTC), "entry")
    morning = day + timedelta(days=1)
    exit_ = kiosk_punch(services, person.id, datetime(morning.year, morning.month, morning.day, 6, tzinfo=UTC),
                        "exit", state="pending")
    confirmed = api.post(f"/attendance/{exit_['id']}/review", claims=HR, json_body={
        "action": "confirm", "note": "Her night shift"})
    assert confirmed.status == 200, confirmed.text
    sheet = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={morning}&employee_id={person.id}",
                    claims=HR).json()
    assert [entry["worked_minutes"] for entry in sheet["items"][0]["days"]] == [480, 0]
    with services.db.transaction() as cur:
        cur.execute("UPDATE pay_period_lock SET closed_through = %s, changed_by = 'clerk' WHERE id", (day,))
    on_the_night = _listed(api, f"occurred_from={day}&occurred_to={day}")
    assert [(row["event_id"], row["action"], row["in_closed_period"]) for row in on_the_night] == [
        (exit_["id"], "confirm", True)]
    assert _listed(api, f"occurred_from={morning}&occurred_to={morning}") == []
    assert _listed(api, f"occurred_from={morning}") == []
    assert [row["event_id"] for row in _listed(api, f"occurred_to={day}")] == [exit_["id"]]
    unfiltered = {row["event_id"]: row["in_closed_period"] for row in _listed(api, "")}
    assert unfiltered == {exit_["id"]: True}
    rejected = api.post(f"/attendance/{exit_['id']}/review", claims=HR, json_body={
        "action": "reject", "note": "Too late"})
    assert (rejected.status, rejected.error_code) == (409, "period_closed"), rejected.text
    assert rejected.json()["error"]["details"]["day"] == day.isoformat()


def test_a_punch_near_midnight_is_on_its_persons_day_and_pages_skip_none(api, services):
    """The report zone is UTC. Auckland's 00:30 on D+1 is 11:30 UTC on D; Los Angeles's 23:30 on D is 07:30 UTC on
    D+1: each change is listed on its person's day (the timesheet's), not the report zone's. Paged one by one, the
    rows read and dropped before and after them (two in a row: a page reads on past them) neither end the listing
    early nor lose a change."""
    day = datetime.now(UTC).date() - timedelta(days=20)
    after = day + timedelta(days=1)
    auckland = employees.create_employee(services.db, EmployeeCreate(
        full_name="Aroha Auckland", email="aroha@example.com", timezone="Pacific/Auckland"))
    angeles = employees.create_employee(services.db, EmployeeCreate(
        full_name="Luis Angeles", email="luis@example.com", timezone="America/Los_Angeles"))
    nz, la = ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")
    late = {"auckland": datetime(after.year, after.month, after.day, 0, 30, tzinfo=nz),
            "angeles": datetime(day.year, day.month, day.day, 23, 30, tzinfo=la)}
    assert late["auckland"].astimezone(UTC).date() == day and late["angeles"].astimezone(UTC).date() == after
    confirmed: dict[str, list[int]] = {"auckland": [], "angeles": []}
    for name, person in (("auckland", auckland), ("angeles", angeles)):  # Auckland's two first, then Los Angeles's
        for round_ in range(2):
            punch = kiosk_punch(services, person.id, late[name] + timedelta(minutes=round_), "entry",
                                state="pending")
            answer = api.post(f"/attendance/{punch['id']}/review", claims=HR, json_body={
                "action": "confirm", "note": f"{name} {round_}"})
            assert answer.status == 200, answer.text
            confirmed[name].append(punch["id"])
    assert [row["event_id"] for row in _listed(api, f"occurred_from={day}&occurred_to={day}")] == confirmed["angeles"]
    assert [row["event_id"] for row in _listed(api, f"occurred_from={after}&occurred_to={after}")
            ] == confirmed["auckland"]
    for wanted, first in ((confirmed["angeles"], day), (confirmed["auckland"], after)):
        seen, cursor, pages = [], None, 0
        while True:
            answer = api.get("/attendance/audit", query=f"occurred_from={first}&occurred_to={first}&limit=1"
                             + (f"&cursor={cursor}" if cursor else ""), claims=HR)
            assert answer.status == 200, answer.text
            seen += [row["event_id"] for row in answer.json()["items"]]
            cursor, pages = answer.json()["next_cursor"], pages + 1
            if not cursor:
                break
        assert seen == wanted and pages <= 3, (seen, pages)
