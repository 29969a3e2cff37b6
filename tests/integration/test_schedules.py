"""Work schedules v1 on real PostgreSQL through the real API handler: CRUD and its errors, who may call what, the
employee's schedule (audited by name), and the daily report measuring each person's day against theirs (late,
left early, no-show; night shifts, other zones, a clock change), its CSV columns and its counts."""

from __future__ import annotations

import uuid

import pytest

from facepass import employees
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database

ADMIN = {"sub": "hr-1", "username": "hr", "scope": "openid email facepass/admin"}
REVIEWER = {"sub": "sup-1", "username": "supervisor", "scope": "openid email facepass/reviewer"}
PAYROLL = {"sub": "pay-1", "username": "clerk", "scope": "openid email facepass/payroll"}

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
NINE_TO_SIX = [{"weekday": day, "starts_at": "09:00", "ends_at": "18:00"} for day in WEEKDAYS]


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def create(api, name: str = "Office", days=None, **fields):
    return api.post("/schedules", json_body={"name": name, "days": NINE_TO_SIX if days is None else days, **fields},
                    claims=ADMIN)


def person(services, name: str | None = None, *, timezone: str | None = None) -> uuid.UUID:
    return employees.create_employee(services.db, EmployeeCreate(
        full_name=name or f"W {uuid.uuid4().hex[:6]}", email=f"{uuid.uuid4().hex}@x.io", timezone=timezone)).id


def assign(api, employee_id, schedule_id):
    return api.patch(f"/employees/{employee_id}", json_body={"schedule_id": schedule_id}, claims=ADMIN)


# --- CRUD ------------------------------------------------------------------------------------------------------


def test_a_schedule_is_created_listed_replaced_and_deleted(api):
    made = create(api, "Office 9-18", late_grace_minutes=10,
                  days=[{"weekday": "friday", "starts_at": "09:00", "ends_at": "17:00"},
                        {"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"}])
    assert made.status == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/schedules/{body['id']}"
    assert body["name"] == "Office 9-18" and body["late_grace_minutes"] == 10 and body["employees"] == 0
    assert [day["weekday"] for day in body["days"]] == ["monday", "friday"]  # Monday first
    assert body["days"][0] == {"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"}
    assert body["scheduled_minutes_per_week"] == 8 * 60 + 8 * 60  # the night shift until 06:00 the next day
    assert body["updated_by"] == "hr" and body["created_at"] and body["updated_at"]
    assert create(api, "Another", days=[]).json()["late_grace_minutes"] == 5  # the default grace; no days is fine
    listed = api.get("/schedules", claims=ADMIN).json()["items"]
    assert [item["name"] for item in listed] == ["Another", "Office 9-18"]  # by name
    replaced = api.put(f"/schedules/{body['id']}", json_body={"name": "Office", "days": NINE_TO_SIX}, claims=ADMIN)
    assert replaced.status == 200, replaced.text
    assert replaced.json()["name"] == "Office" and replaced.json()["late_grace_minutes"] == 5
    assert [day["weekday"] for day in replaced.json()["days"]] == WEEKDAYS
    assert replaced.json()["scheduled_minutes_per_week"] == 5 * 9 * 60
    deleted = api.delete(f"/schedules/{body['id']}", claims=ADMIN)
    assert (deleted.status, deleted.text) == (204, ""), deleted.text
    assert [item["name"] for item in api.get("/schedules", claims=ADMIN).json()["items"]] == ["Another"]


def test_a_name_is_taken_in_any_case(api):
    first = create(api, "Night").json()
    assert create(api, "NIGHT").error_code == "schedule_exists"
    assert create(api, "  night ").error_code == "schedule_exists"  # trimmed
    other = create(api, "Day").json()
    renamed = api.put(f"/schedules/{other['id']}", json_body={"name": "nIGHT", "days": []}, claims=ADMIN)
    assert (renamed.status, renamed.error_code) == (409, "schedule_exists")
    same = api.put(f"/schedules/{first['id']}", json_body={"name": "night", "days": []}, claims=ADMIN)
    assert same.status == 200 and same.json()["name"] == "night"  # its own name in another case


def test_an_unknown_schedule_is_404(api):
    missing = api.put("/schedules/987654", json_body={"name": "X", "days": []}, claims=ADMIN)
    assert (missing.status, missing.error_code) == (404, "schedule_not_found")
    gone = api.delete("/schedules/987654", claims=ADMIN)
    assert (gone.status, gone.error_code) == (404, "schedule_not_found")


def test_a_schedule_in_use_is_not_deleted_and_says_by_how_many(api, services):
    schedule = create(api).json()
    for name in ("A", "B"):
        assert assign(api, person(services, name), schedule["id"]).status == 200
    leaver = person(services, "C")
    assert assign(api, leaver, schedule["id"]).status == 200
    employees.deactivate_employee(services.db, leaver)  # inactive people count too
    refused = api.delete(f"/schedules/{schedule['id']}", claims=ADMIN)
    assert (refused.status, refused.error_code) == (409, "schedule_in_use")
    assert refused.json()["error"]["details"]["employees"] == 3
    assert api.get("/schedules", claims=ADMIN).json()["items"][0]["employees"] == 3


@pytest.mark.parametrize(("body", "code"), [
    ({"name": "X", "days": [NINE_TO_SIX[0], {**NINE_TO_SIX[0], "starts_at": "08:00"}]}, "duplicate_weekday"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:00", "ends_at": "09:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "24:00", "ends_at": "09:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "9:00", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:60", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:00:00", "ends_at": "17:00"}]},
     "validation_error"),
    ({"name": "X", "days": [{"weekday": "mon", "starts_at": "09:00", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [], "colour": "red"}, "validation_error"),  # unknown field
    ({"name": "X", "days": [{**NINE_TO_SIX[0], "lunch": 30}]}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": -1}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": 121}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": "5"}, "validation_error"),
    ({"name": "", "days": []}, "validation_error"),
    ({"name": "   ", "days": []}, "validation_error"),
    ({"name": "x" * 101, "days": []}, "validation_error"),
    ({"name": "a\u0000b", "days": []}, "validation_error"),
    ({"name": "X"}, "validation_error"),
    ({"name": "X", "days": NINE_TO_SIX + [{"weekday": d, "starts_at": "09:00", "ends_at": "10:00"}
                                          for d in ("saturday", "sunday", "monday")]}, "validation_error"),
])
def test_a_bad_schedule_is_422_with_its_code_and_nothing_written(api, body, code):
    for answer in (api.post("/schedules", json_body=body, claims=ADMIN),
                   api.put(f"/schedules/{create(api, uuid.uuid4().hex[:8], days=[]).json()['id']}",
                           json_body=body, claims=ADMIN)):
        assert (answer.status, answer.error_code) == (422, code), answer.text
    assert all(item["days"] == [] for item in api.get("/schedules", claims=ADMIN).json()["items"])


def test_the_grace_bounds_are_allowed(api):
    assert create(api, "none", days=[], late_grace_minutes=0).json()["late_grace_minutes"] == 0
    assert create(api, "most", days=[], late_grace_minutes=120).json()["late_grace_minutes"] == 120


def test_payroll_and_reviewers_read_schedules_and_only_admins_write_them(api):
    schedule = create(api).json()
    for claims in (REVIEWER, PAYROLL):
        assert api.get("/schedules", claims=claims).status == 200
        for answer in (api.post("/schedules", json_body={"name": "Y", "days": []}, claims=claims),
                       api.put(f"/schedules/{schedule['id']}", json_body={"name": "Y", "days": []}, claims=claims),
                       api.delete(f"/schedules/{schedule['id']}", claims=claims)):
            assert (answer.status, answer.error_code) == (403, "forbidden")
    assert [item["name"] for item in api.get("/schedules", claims=ADMIN).json()["items"]] == ["Office"]


# --- the employee's schedule -------------------------------------------------------------------------------------


def test_an_employee_is_given_a_schedule_audited_by_name_and_null_clears_it(api, services):
    office = create(api, "Office").json()
    night = create(api, "Night", days=[]).json()
    someone = person(services)
    given = assign(api, someone, office["id"])
    assert given.status == 200, given.text
    assert (given.json()["schedule_id"], given.json()["schedule_name"]) == (office["id"], "Office")
    read = api.get(f"/employees/{someone}", claims=ADMIN).json()
    assert (read["schedule_id"], read["schedule_name"]) == (office["id"], "Office")
    listed = next(item for item in api.get("/employees", claims=ADMIN).json()["items"] if item["id"] == str(someone))
    assert (listed["schedule_id"], listed["schedule_name"]) == (office["id"], "Office")
    assert assign(api, someone, night["id"]).json()["schedule_name"] == "Night"
    assert assign(api, someone, night["id"]).status == 200  # the same again: no change, no audit row
    cleared = assign(api, someone, None)
    assert (cleared.json()["schedule_id"], cleared.json()["schedule_name"]) == (None, None)
    audit = [(item["field"], item["before"], item["after"], item["actor"])
             for item in api.get(f"/employees/{someone}/audit", claims=ADMIN).json()["items"]
             if item["field"] == "schedule"]
    assert audit == [("schedule", None, "Office", "hr"), ("schedule", "Office", "Night", "hr"),
                     ("schedule", "Night", None, "hr")]
    # The names at the time: renaming the schedule later does not rewrite the trail.
    api.put(f"/schedules/{night['id']}", json_body={"name": "Nights", "days": []}, claims=ADMIN)
    assert [item["after"] for item in api.get(f"/employees/{someone}/audit", claims=ADMIN).json()["items"]
            if item["field"] == "schedule"] == ["Office", "Night", None]


def test_an_unknown_schedule_id_is_422_and_changes_nothing(api, services):
    someone = person(services)
    for unknown in (987654, 0, -1, 2**63):
        answer = api.patch(f"/employees/{someone}", json_body={"schedule_id": unknown, "department": "X"},
                           claims=ADMIN)
        assert (answer.status, answer.error_code) == (422, "schedule_not_found"), (unknown, answer.text)
    after = api.get(f"/employees/{someone}", claims=ADMIN).json()
    assert (after["schedule_id"], after["department"]) == (None, None)
    assert api.patch(f"/employees/{someone}", json_body={"schedule_id": "1"}, claims=ADMIN).error_code == \
        "validation_error"


def test_a_deleted_schedule_frees_its_name(api, services):
    schedule = create(api, "Temp").json()
    someone = person(services)
    assign(api, someone, schedule["id"])
    assign(api, someone, None)
    assert api.delete(f"/schedules/{schedule['id']}", claims=ADMIN).status == 204
    assert create(api, "temp").status == 201
    assert assign(api, someone, schedule["id"]).error_code == "schedule_not_found"
