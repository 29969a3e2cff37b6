"""Reviewers scoped to departments (README Roles): an admin gives a supervisor the departments they review; the
supervisor then sees and decides only their people's punches, records and correction requests: the review queue
without other departments' punches nor those nobody was matched to, 404 attendance_not_found (nothing written) for
a review, snapshot or audit trail of another department's punch, 403 outside_departments for a reassignment or
manual punch to someone outside; attendance, reports and employees filtered. Admin and payroll are unaffected, and
so is a reviewer with no departments. The admin API validates (422 with stable codes) and audits each change once.
Real PostgreSQL + pgvector through the API handler."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg.types.json import Jsonb

from facepass import reports
from tests.conftest import event_and_audit_counts, fresh_database, kiosk_punch

HR = {"sub": "hr-1", "username": "hr@example.com", "scope": "openid email facepass/admin"}
# The supervisor's token carries their user name in another case than the admin typed: matched in any case.
LEAD = {"sub": "sup-1", "username": "Lead@Example.com", "scope": "openid email facepass/reviewer"}
OTHER_REVIEWER = {"sub": "sup-2", "username": "rover@example.com", "scope": "openid email facepass/reviewer"}
CLERK = {"sub": "pay-1", "username": "clerk@example.com", "scope": "openid email facepass/payroll"}
LEAD_AND_CLERK = {"sub": "sup-3", "username": "both@example.com",
                  "scope": "openid email facepass/reviewer facepass/payroll"}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "scope_" + uuid.uuid4().hex[:10])


def yesterday(hour: int) -> datetime:
    return (datetime.now(UTC) - timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


def scope(api, username: str, departments: list[str], claims=HR):
    return api.put(f"/reviewer-departments/{username}", json_body={"departments": departments}, claims=claims)


def audit_rows(services) -> list[dict]:
    with services.db.transaction() as cur:
        cur.execute("SELECT username, actor, before, after FROM reviewer_departments_audit ORDER BY id")
        return cur.fetchall()


@pytest.fixture
def company(api, services) -> dict:
    """Three people in three departments, each with a counted shift yesterday (typed by an admin) and a kiosk punch
    awaiting review; a fourth pending punch nobody was matched to; the lead scoped to Warehouse and Night shift."""
    people = {}
    for name, department in (("Walt", "Warehouse"), ("Nina", "Night shift"), ("Olga", "Office")):
        created = api.post("/employees", json_body={"full_name": name, "email": f"{name.lower()}@example.com",
                                                    "department": department}, claims=HR)
        assert created.status == 201, created.text
        people[name] = created.json()["id"]
        shift = api.post("/attendance/manual/shift", json_body={
            "employee_id": people[name], "started_at": yesterday(6).isoformat(),
            "ended_at": yesterday(9).isoformat(), "note": "typed"}, claims=HR)
        assert shift.status == 201, shift.text
    pending = {name: kiosk_punch(services, uuid.UUID(person), yesterday(13), "entry", state="pending")["id"]
               for name, person in people.items()}
    pending["nobody"] = kiosk_punch(services, None, yesterday(14), "entry", state="pending", status="unknown",
                                    reason="unknown_face")["id"]
    answer = scope(api, "lead@example.com", ["Warehouse", "Night shift"])
    assert answer.status == 200, answer.text
    return {"people": people, "pending": pending}


def stored(services, event_id: int) -> dict:
    with services.db.transaction() as cur:
        cur.execute("SELECT employee_id, event_type, review_state, revision FROM attendance_log WHERE id = %s",
                    (event_id,))
        return cur.fetchone()


def test_the_admin_sets_departments_validated_and_audited_once(api, services, company):
    assert audit_rows(services) == [{"username": "lead@example.com", "actor": "hr@example.com", "before": [],
                                     "after": ["Night shift", "Warehouse"]}]
    listed = api.get("/reviewer-departments", claims=HR)
    assert listed.status == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["username"], item["departments"], item["changed_by"]) == (
        "lead@example.com", ["Night shift", "Warehouse"], "hr@example.com")
    # The same departments again (another order, another case of the name, spaces around): nothing more written.
    again = scope(api, "LEAD@example.com", [" Warehouse ", "Night shift", "Warehouse"])
    assert again.status == 200 and again.json()["departments"] == ["Night shift", "Warehouse"], again.text
    assert len(audit_rows(services)) == 1
    # Refused, nothing written: each with its stable code.
    for username, departments, code in (
            ("a%20b", ["Warehouse"], "invalid_username"),
            ("x" * 129, ["Warehouse"], "invalid_username"),
            ("lead@example.com", ["  "], "invalid_department"),
            ("lead@example.com", ["W" * 101], "invalid_department"),
            ("lead@example.com", ["Ware\u0007house"], "invalid_department"),
            ("lead@example.com", [f"Dept {n}" for n in range(51)], "too_many_departments"),
            ("lead@example.com", ["Warehouse", "Warehose"], "unknown_department"),
            ("lead@example.com", ["warehouse"], "unknown_department")):  # the spelling exactly, as stored
        refused = scope(api, username, departments)
        assert (refused.status, refused.error_code) == (422, code), (username, departments, refused.text)
    assert scope(api, "lead@example.com", ["Warehouse", "Warehose"]).json()["error"]["details"] == {
        "departments": ["Warehose"]}
    for body in ({}, {"departments": "Warehouse"}, {"departments": [1]}, {"departments": [], "extra": 1}):
        refused = api.put("/reviewer-departments/lead@example.com", json_body=body, claims=HR)
        assert (refused.status, refused.error_code) == (422, "validation_error"), (body, refused.text)
    assert len(audit_rows(services)) == 1
    # Only an admin sets them (a reviewer cannot widen their own).
    assert scope(api, "lead@example.com", ["Office"], claims=LEAD).status == 403
    # [] removes the scope, audited once; again, nothing.
    assert scope(api, "lead@example.com", []).json()["departments"] == []
    assert scope(api, "lead@example.com", []).status == 200
    rows = audit_rows(services)
    assert len(rows) == 2 and rows[1]["before"] == ["Night shift", "Warehouse"] and rows[1]["after"] == []
    assert api.get("/reviewer-departments", claims=HR).json()["items"] == []
    assert api.get("/me", claims=LEAD).json()["departments"] is None
    # The audit is append-only.
    with pytest.raises(psycopg.errors.InsufficientPrivilege), services.db.transaction() as cur:
        cur.execute("UPDATE reviewer_departments_audit SET actor = 'someone'")


def close_calls_with_olga(services, company) -> None:
    """Walt's punch was a close call between Walt and Olga (the lead may read Walt's score, not Olga's), and Nina's
    punch matched Olga's face before HR gave it to Nina (the lead is not told whom it matched)."""
    pending, people = company["pending"], company["people"]
    candidates = [{"employee_id": people["Walt"], "similarity": 0.61},
                  {"employee_id": people["Olga"], "similarity": 0.6}]
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET review_detail = %s WHERE id = %s",
                    (Jsonb({"candidates": candidates, "margin": 0.01}), pending["Walt"]))
        cur.execute("UPDATE attendance_log SET matched_employee_id = %s WHERE id = %s",
                    (people["Olga"], pending["Nina"]))


def test_a_scoped_reviewers_queue_holds_their_people_only(api, services, company):
    pending, people = company["pending"], company["people"]
    close_calls_with_olga(services, company)
    me = api.get("/me", claims=LEAD).json()
    assert me["departments"] == ["Night shift", "Warehouse"]
    queue = api.get("/attendance/review", claims=LEAD)
    assert queue.status == 200, queue.text
    assert {item["id"] for item in queue.json()["items"]} == {pending["Walt"], pending["Nina"]}
    assert queue.json()["pending_total"] == 2
    # Another person's events by id or person: nothing, as for nobody.
    by_ids = api.get("/attendance/review", query=f"ids={pending['Olga']},{pending['nobody']},{pending['Walt']}",
                     claims=LEAD)
    assert [item["id"] for item in by_ids.json()["items"]] == [pending["Walt"]]
    assert api.get("/attendance/review", query=f"employee_id={people['Olga']}", claims=LEAD).json()["items"] == []
    # Admins and unscoped reviewers see the whole queue, those nobody was matched to included.
    for claims in (HR, OTHER_REVIEWER):
        whole = api.get("/attendance/review", claims=claims).json()
        assert {item["id"] for item in whole["items"]} == set(pending.values()) and whole["pending_total"] == 4
        walt = next(item for item in whole["items"] if item["id"] == pending["Walt"])
        assert [candidate["employee_id"] for candidate in walt["candidates"]] == [people["Walt"], people["Olga"]]
    walt = next(item for item in queue.json()["items"] if item["id"] == pending["Walt"])
    assert [candidate["employee_id"] for candidate in walt["candidates"]] == [people["Walt"]]
    nina = next(item for item in queue.json()["items"] if item["id"] == pending["Nina"])
    assert nina["matched_employee"] is None
    assert next(item for item in api.get("/attendance/review", claims=HR).json()["items"]
                if item["id"] == pending["Nina"])["matched_employee"]["id"] == people["Olga"]
    day = yesterday(13).date().isoformat()
    listed = api.get("/attendance", query=f"date_from={day}&date_to={day}&limit=1000", claims=LEAD).json()["items"]
    assert next(item for item in listed if item["id"] == pending["Nina"])["matched_employee"] is None


def test_another_departments_punch_is_not_found_and_nothing_is_written(api, services, company):
    pending, people = company["pending"], company["people"]
    counts = event_and_audit_counts(services)
    for event_id in (pending["Olga"], pending["nobody"]):
        before = stored(services, event_id)
        for body in ({"action": "confirm"}, {"action": "reject", "note": "no"},
                     {"action": "reassign", "employee_id": people["Walt"], "note": "it is Walt"}):
            answer = api.post(f"/attendance/{event_id}/review", json_body=body, claims=LEAD)
            assert (answer.status, answer.error_code) == (404, "attendance_not_found"), answer.text
        for route in ("snapshot", "audit"):
            answer = api.get(f"/attendance/{event_id}/{route}", claims=LEAD)
            assert (answer.status, answer.error_code) == (404, "attendance_not_found"), answer.text
        assert stored(services, event_id) == before
    assert event_and_audit_counts(services) == counts
    # Their own people's: as before (no snapshot kept for this stored punch: it says so, past the scope).
    assert api.get(f"/attendance/{pending['Walt']}/snapshot", claims=LEAD).error_code == "snapshot_expired"
    assert api.get(f"/attendance/{pending['Walt']}/audit", claims=LEAD).status == 200
    # A reassignment to someone outside: 403, nothing written; to one of theirs: made.
    before = stored(services, pending["Walt"])
    refused = api.post(f"/attendance/{pending['Walt']}/review", claims=LEAD, json_body={
        "action": "reassign", "employee_id": people["Olga"], "note": "it is Olga"})
    assert (refused.status, refused.error_code) == (403, "outside_departments"), refused.text
    assert stored(services, pending["Walt"]) == before and event_and_audit_counts(services) == counts
    moved = api.post(f"/attendance/{pending['Walt']}/review", claims=LEAD, json_body={
        "action": "reassign", "employee_id": people["Nina"], "note": "it is Nina"})
    assert moved.status == 200 and moved.json()["employee"]["id"] == people["Nina"], moved.text
    # An admin decides the others.
    assert api.post(f"/attendance/{pending['Olga']}/review", json_body={"action": "confirm"}, claims=HR).status == 200


def test_manual_punches_for_their_people_only(api, services, company):
    people = company["people"]
    counts = event_and_audit_counts(services)
    punch = {"event_type": "entry", "occurred_at": yesterday(18).isoformat(), "note": "forgot"}
    shift = {"started_at": yesterday(18).isoformat(), "ended_at": yesterday(20).isoformat(), "note": "forgot"}
    for route, body in (("/attendance/manual", punch), ("/attendance/manual/shift", shift)):
        refused = api.post(route, json_body={**body, "employee_id": people["Olga"]}, claims=LEAD)
        assert (refused.status, refused.error_code) == (403, "outside_departments"), refused.text
    # Replacing another department's punch with one of their people's: as if it did not exist.
    olgas = api.get("/attendance", query=f"employee_id={people['Olga']}&counted=true", claims=HR).json()["items"]
    replacing = api.post("/attendance/manual", claims=LEAD, json_body={
        "event_type": "entry", "occurred_at": yesterday(6).isoformat(), "note": "wrong time",
        "employee_id": people["Walt"], "replaces": olgas[0]["id"]})
    assert (replacing.status, replacing.error_code) == (404, "attendance_not_found"), replacing.text
    assert event_and_audit_counts(services) == counts
    assert api.post("/attendance/manual", json_body={**punch, "employee_id": people["Walt"]},
                    claims=LEAD).status == 201
    assert api.post("/attendance/manual/shift", json_body={**shift, "employee_id": people["Nina"]},
                    claims=LEAD).status == 201


def test_attendance_reports_and_employees_hold_their_people_only(api, services, company):
    people = company["people"]
    theirs = {people["Walt"], people["Nina"]}
    day = yesterday(6).astimezone(ZoneInfo(services.settings.report_timezone)).date().isoformat()
    query = f"date_from={day}&date_to={day}"

    def listed(claims) -> dict:
        events = api.get("/attendance", query=query + "&limit=1000", claims=claims).json()["items"]
        daily = api.get("/attendance/daily", query=f"date={day}", claims=claims).json()
        sheet = api.get("/attendance/timesheet", query=query, claims=claims).json()
        staff = api.get("/employees", claims=claims).json()["items"]
        return {"events": {(item["employee"] or {}).get("id") for item in events},
                "daily": {item["employee_id"] for item in daily["items"]}, "daily_pending": daily["pending_reviews"],
                "timesheet": {item["employee_id"] for item in sheet["items"]},
                "timesheet_pending": sheet["pending_reviews"], "employees": {item["id"] for item in staff},
                "departments": api.get("/employees/departments", claims=claims).json()["items"]}

    assert listed(LEAD) == {"events": theirs, "daily": theirs, "daily_pending": 2, "timesheet": theirs,
                            "timesheet_pending": 2, "employees": theirs,
                            "departments": ["Night shift", "Warehouse"]}
    everyone = {"events": set(people.values()) | {None}, "daily": set(people.values()), "daily_pending": 4,
                "timesheet": set(people.values()), "timesheet_pending": 4, "employees": set(people.values()),
                "departments": ["Night shift", "Office", "Warehouse"]}
    # Admin, payroll (even given departments) and an unscoped reviewer: everyone, as before.
    assert scope(api, "clerk@example.com", ["Office"]).status == 200
    assert scope(api, "both@example.com", ["Office"]).status == 200
    assert listed(HR) == everyone and listed(OTHER_REVIEWER) == everyone
    assert api.get("/me", claims=CLERK).json()["departments"] is None
    payroll = {**everyone, "events": set(people.values())}  # payroll lists the counted punches only
    assert listed(CLERK) == payroll
    assert listed(LEAD_AND_CLERK) == everyone  # roles add up: payroll's reach, a reviewer's view
    # Another department's person, asked by id: as an unknown person.
    olga = people["Olga"]
    nobody = str(uuid.uuid4())
    for person in (olga, nobody):
        assert api.get(f"/employees/{person}", claims=LEAD).error_code == "employee_not_found"
        events = api.get("/attendance", query=f"{query}&employee_id={person}", claims=LEAD).json()
        assert events["items"] == [] and events["timezone"] == services.settings.report_timezone
        sheet = api.get("/attendance/timesheet", query=f"{query}&employee_id={person}", claims=LEAD).json()
        assert sheet["items"] == [] and sheet["pending_reviews"] == 0
    assert api.get(f"/employees/{people['Walt']}", claims=LEAD).status == 200
    assert api.get(f"/employees/{olga}", claims=HR).status == 200


def test_correction_requests_of_their_people_only(api, services, company):
    people = company["people"]
    today = reports.today(services.settings).isoformat()
    asked = {}
    for name in ("Walt", "Olga"):
        employee = {"sub": f"emp-{name}", "username": f"{name.lower()}@example.com",
                    "scope": "openid email facepass/employee"}
        answer = api.post("/me/corrections", json_body={"date": today, "note": "I was there"}, claims=employee)
        assert answer.status == 201, answer.text
        asked[name] = answer.json()["id"]
    listed = api.get("/attendance/corrections", claims=LEAD).json()["items"]
    assert [(item["id"], item["employee"]["id"]) for item in listed] == [(asked["Walt"], people["Walt"])]
    assert {item["id"] for item in api.get("/attendance/corrections", claims=HR).json()["items"]} == set(
        asked.values())
    refused = api.post(f"/attendance/corrections/{asked['Olga']}/resolve", json_body={"note": "ok"}, claims=LEAD)
    assert (refused.status, refused.error_code) == (404, "correction_not_found"), refused.text
    assert api.get("/attendance/corrections", claims=HR).json()["items"][-1]["resolved_at"] is None
    assert api.post(f"/attendance/corrections/{asked['Walt']}/resolve", json_body={"note": "ok"},
                    claims=LEAD).status == 200


def test_a_review_answers_the_scoped_reviewer_as_the_queue_does(api, services, company):
    """The answer of a decision holds no more than the queue showed: another department's candidate (id, score, the
    margin her score makes) and the person the face matched (and the similarity, her score) are left out."""
    pending, people = company["pending"], company["people"]
    close_calls_with_olga(services, company)
    queued = {item["id"]: item for item in api.get("/attendance/review", claims=LEAD).json()["items"]}
    assert queued[pending["Walt"]]["margin"] is None and queued[pending["Nina"]]["similarity"] is None
    walt = api.post(f"/attendance/{pending['Walt']}/review", json_body={"action": "confirm"}, claims=LEAD)
    assert walt.status == 200, walt.text
    assert [candidate["employee_id"] for candidate in walt.json()["candidates"]] == [people["Walt"]]
    assert walt.json()["margin"] is None
    nina = api.post(f"/attendance/{pending['Nina']}/review", json_body={"action": "confirm"}, claims=LEAD)
    assert nina.status == 200, nina.text
    assert nina.json()["matched_employee"] is None and nina.json()["similarity"] is None
    assert nina.json()["employee"]["id"] == people["Nina"]
    # An admin's answer names them all, as their queue does.
    everyone = api.get("/attendance", query=f"employee_id={people['Nina']}&limit=1000", claims=HR).json()["items"]
    assert next(item for item in everyone if item["id"] == pending["Nina"])["matched_employee"]["id"] == people["Olga"]


def test_an_audit_trail_withholds_people_outside_the_reviewers_departments(api, services, company):
    """HR gave Olga's punch to Walt: the lead reads its trail without Olga (her id, her score); a flag naming a punch
    now Olga's says so without naming it, in the trail and in the queue."""
    from facepass import reconcile, repository

    pending, people = company["pending"], company["people"]
    moved = api.post(f"/attendance/{pending['Olga']}/review", claims=HR, json_body={
        "action": "reassign", "employee_id": people["Walt"], "note": "it was Walt"})
    assert moved.status == 200, moved.text
    admins = api.get(f"/attendance/{pending['Olga']}/audit", claims=HR).json()["items"]
    assert admins[-1]["before"]["employee_id"] == people["Olga"] and admins[-1]["before"]["similarity"] == 0.8
    assert not admins[-1]["outside_departments"]
    trail = api.get(f"/attendance/{pending['Olga']}/audit", claims=LEAD)
    assert trail.status == 200, trail.text
    last = trail.json()["items"][-1]
    assert last["before"]["employee_id"] is None and last["before"]["similarity"] is None
    # The face matched Olga: its score is hers, whoever the punch went to (the event's similarity, null for the lead).
    assert last["after"]["employee_id"] == people["Walt"] and last["after"]["similarity"] is None
    assert last["outside_departments"] is True and last["note"] == "it was Walt"
    listed = api.get("/attendance", query=f"employee_id={people['Walt']}&limit=1000", claims=LEAD).json()["items"]
    moved_punch = next(item for item in listed if item["id"] == pending["Olga"])
    assert moved_punch["similarity"] is None and moved_punch["matched_employee"] is None
    assert people["Olga"] not in trail.text
    # Walt's pending punch was decided with a punch of his that HR then gave to Olga (the server's flag, as
    # reconcile writes it): the lead is not told which punch, nor when.
    olgas = kiosk_punch(services, uuid.UUID(people["Olga"]), yesterday(12), "entry")
    with services.db.transaction() as cur:
        walts = repository.get_attendance(cur, pending["Walt"])
        reconcile.flag_decided_without(cur, [walts], olgas, cause="taken_away")
    for claims in (HR, LEAD):
        flag = api.get(f"/attendance/{pending['Walt']}/audit", claims=claims).json()["items"][-1]
        queued = next(item for item in api.get("/attendance/review", claims=claims).json()["items"]
                      if item["id"] == pending["Walt"])
        if claims is HR:
            assert flag["decided_without"]["event_id"] == olgas["id"] and str(olgas["id"]) in flag["note"]
            assert queued["decided_without"]["event_id"] == olgas["id"]
        else:
            assert flag["decided_without"] is None and flag["outside_departments"] is True
            assert str(olgas["id"]) not in flag["note"] and "outside your departments" in flag["note"]
            assert queued["decided_without"] is None


def test_a_replayed_manual_punch_is_refused_once_the_person_is_outside(api, services, company):
    """An admin narrows the lead to Warehouse: a retry of their manual punch or shift for Nina (same
    Idempotency-Key) is refused as a fresh request would be, not answered with Nina's punch."""
    people = company["people"]
    punch = {"event_type": "entry", "occurred_at": yesterday(18).isoformat(), "note": "forgot",
             "employee_id": people["Nina"]}
    shift = {"started_at": yesterday(19).isoformat(), "ended_at": yesterday(21).isoformat(), "note": "forgot",
             "employee_id": people["Nina"]}
    for route, body in (("/attendance/manual", punch), ("/attendance/manual/shift", shift)):
        first = api.post(route, json_body=body, headers={"idempotency-key": f"key-{route}"}, claims=LEAD)
        assert first.status == 201, first.text
    assert scope(api, "lead@example.com", ["Warehouse"]).status == 200
    counts = event_and_audit_counts(services)
    for route, body in (("/attendance/manual", punch), ("/attendance/manual/shift", shift)):
        again = api.post(route, json_body=body, headers={"idempotency-key": f"key-{route}"}, claims=LEAD)
        assert (again.status, again.error_code) == (403, "outside_departments"), again.text
        assert people["Nina"] in again.text and "Night shift" not in again.json()["error"]["details"]["departments"]
    assert event_and_audit_counts(services) == counts
    # Widened again: the replay answers as before.
    assert scope(api, "lead@example.com", ["Warehouse", "Night shift"]).status == 200
    again = api.post("/attendance/manual", json_body=punch, headers={"idempotency-key": "key-/attendance/manual"},
                     claims=LEAD)
    assert again.status == 201 and again.json()["employee"]["id"] == people["Nina"], again.text


def test_the_same_departments_in_any_collation_write_nothing(api, services, company):
    """The database orders departments by its collation and its lower() (RDS's en_US.UTF-8: "Éclair" before
    "Zebra"; C.UTF-8's lower() makes "İade" "iade", before "Istanbul", where Python's makes it "i̇ade", after): the
    same set again, in any order, writes nothing, and every answer lists them in one order."""
    names = ["Istanbul", "İade", "Zebra", "Éclair"]
    for number, department in enumerate(names):
        created = api.post("/employees", json_body={"full_name": f"Person {number}",
                                                    "email": f"p{number}@example.com", "department": department},
                           claims=HR)
        assert created.status == 201, created.text
    first = scope(api, "rover@example.com", names)
    assert first.status == 200, first.text
    ordered = first.json()["departments"]
    assert sorted(ordered) == sorted(names)
    rows = len(audit_rows(services))
    for wanted in (names, list(reversed(names)), ordered):
        again = scope(api, "rover@example.com", wanted)
        assert again.status == 200 and again.json()["departments"] == ordered, again.text
    assert len(audit_rows(services)) == rows
    listed = next(item for item in api.get("/reviewer-departments", claims=HR).json()["items"]
                  if item["username"] == "rover@example.com")
    assert listed["departments"] == ordered
    assert api.get("/me", claims=OTHER_REVIEWER).json()["departments"] == ordered


def test_a_request_naming_a_punch_moved_outside_does_not_show_it(api, services, company):
    """Walt asks about his punch; HR then gives it to Olga: the lead reads Walt's request without that punch's time
    and direction (Olga's punch now), as Walt reads it; HR reads it as it is."""
    pending, people = company["pending"], company["people"]
    walt = {"sub": "emp-walt", "username": "walt@example.com", "scope": "openid email facepass/employee"}
    day = yesterday(13).astimezone(ZoneInfo(services.settings.report_timezone)).date().isoformat()
    asked = api.post("/me/corrections", json_body={"date": day, "note": "that was me",
                                                   "event_id": pending["Walt"]}, claims=walt)
    assert asked.status == 201, asked.text
    shown = api.get("/attendance/corrections", claims=LEAD).json()["items"]
    assert shown[0]["event_occurred_at"] is not None and shown[0]["event_type"] == "entry"
    moved = api.post(f"/attendance/{pending['Walt']}/review", claims=HR, json_body={
        "action": "reassign", "employee_id": people["Olga"], "note": "it was Olga"})
    assert moved.status == 200, moved.text
    [item] = api.get("/attendance/corrections", claims=LEAD).json()["items"]
    assert item["event_moved"] is True and (item["event_occurred_at"], item["event_type"]) == (None, None)
    [admins] = api.get("/attendance/corrections", claims=HR).json()["items"]
    assert admins["event_moved"] is True and admins["event_occurred_at"] is not None
    resolved = api.post(f"/attendance/corrections/{item['id']}/resolve", json_body={"note": "HR checked"},
                        claims=LEAD)
    assert resolved.status == 200, resolved.text
    assert (resolved.json()["event_occurred_at"], resolved.json()["event_type"]) == (None, None)


def test_a_repeat_of_another_departments_punch_is_not_named(api, services, company):
    """A pending punch of Walt's recorded as a repeat of a punch now Olga's: the lead's queue and listing do not
    name that punch; an admin's do."""
    pending = company["pending"]
    with services.db.transaction() as cur:
        cur.execute("UPDATE attendance_log SET repeat_of = %s WHERE id = %s", (pending["Olga"], pending["Walt"]))
    day = yesterday(13).date().isoformat()
    for claims, expected in ((HR, pending["Olga"]), (LEAD, None)):
        queued = next(item for item in api.get("/attendance/review", claims=claims).json()["items"]
                      if item["id"] == pending["Walt"])
        listed = next(item for item in api.get("/attendance", query=f"date_from={day}&date_to={day}&limit=1000",
                                               claims=claims).json()["items"] if item["id"] == pending["Walt"])
        assert queued["repeat_of"] == listed["repeat_of"] == expected, claims
