"""Who holds a work schedule: GET /employees?schedule_id=N on real PostgreSQL through the real API handler — exactly
the schedule's people (active, inactive or both, as `active` says), pages bound to the filter (another schedule's
cursor is 400 invalid_cursor), and an id no schedule can have is 422 validation_error, never a 500."""

from __future__ import annotations

import uuid

import pytest

from facepass import employees
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database

ADMIN = {"sub": "hr-1", "username": "hr", "scope": "openid email facepass/admin"}
REVIEWER = {"sub": "sup-1", "username": "supervisor", "scope": "openid email facepass/reviewer"}
PAYROLL = {"sub": "pay-1", "username": "clerk", "scope": "openid email facepass/payroll"}
DAYS = [{"weekday": "monday", "starts_at": "09:00", "ends_at": "17:00"}]


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def schedule(api, name: str) -> dict:
    made = api.post("/schedules", json_body={"name": name, "days": DAYS}, claims=ADMIN)
    assert made.status == 201, made.text
    return made.json()


def hire(services, name: str, schedule_id: int | None, api) -> str:
    someone = employees.create_employee(services.db, EmployeeCreate(full_name=name, email=f"{uuid.uuid4().hex}@x.io"))
    if schedule_id is not None:
        assert api.patch(f"/employees/{someone.id}", json_body={"schedule_id": schedule_id}, claims=ADMIN).status == 200
    return str(someone.id)


def names(api, query: str, claims=ADMIN) -> list[str]:
    answer = api.get("/employees", query=query, claims=claims)
    assert answer.status == 200, answer.text
    return [item["full_name"] for item in answer.json()["items"]]


def test_the_filter_lists_exactly_the_schedules_holders_active_inactive_or_both(api, services):
    office, night = schedule(api, "Office"), schedule(api, "Night")
    hire(services, "Ann", office["id"], api)
    leaver = hire(services, "Ben", office["id"], api)
    employees.deactivate_employee(services.db, uuid.UUID(leaver))
    hire(services, "Cat", night["id"], api)
    hire(services, "Dan", None, api)
    both = api.get("/employees", query=f"schedule_id={office['id']}", claims=ADMIN).json()["items"]
    assert [(item["full_name"], item["schedule_id"], item["schedule_name"]) for item in both] == [
        ("Ann", office["id"], "Office"), ("Ben", office["id"], "Office")]  # no active filter: both, as the 409 counts
    assert names(api, f"schedule_id={office['id']}&active=true") == ["Ann"]
    assert names(api, f"schedule_id={office['id']}&active=false") == ["Ben"]
    assert names(api, f"schedule_id={night['id']}") == ["Cat"]
    assert names(api, f"schedule_id={office['id']}&q=an") == ["Ann"]  # with the other filters
    refused = api.delete(f"/schedules/{office['id']}", claims=ADMIN)
    assert refused.json()["error"]["details"]["employees"] == len(both)  # the list is who the 409 counted
    # Reviewers and payroll read the list too (their reduced view, which names no schedule).
    for claims in (REVIEWER, PAYROLL):
        assert names(api, f"schedule_id={office['id']}", claims) == ["Ann", "Ben"]
    assert names(api, "schedule_id=987654") == []  # a well-formed id of no schedule: nobody


def test_pages_of_a_schedule_go_together_and_another_schedules_cursor_is_refused(api, services):
    office, night = schedule(api, "Office"), schedule(api, "Night")
    held = [hire(services, f"O{index}", office["id"], api) for index in range(5)]
    hire(services, "N0", night["id"], api)
    hire(services, "N1", night["id"], api)
    seen, cursor = [], None
    while True:
        page = api.get("/employees", query=f"schedule_id={office['id']}&limit=2"
                       + (f"&cursor={cursor}" if cursor else ""), claims=ADMIN).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == held
    first = api.get("/employees", query=f"schedule_id={office['id']}&limit=2", claims=ADMIN).json()["next_cursor"]
    for query in (f"schedule_id={night['id']}&limit=2&cursor={first}", f"limit=2&cursor={first}"):
        other = api.get("/employees", query=query, claims=ADMIN)
        assert (other.status, other.error_code) == (400, "invalid_cursor"), other.text
    unfiltered = api.get("/employees", query="limit=2", claims=ADMIN).json()["next_cursor"]
    stray = api.get("/employees", query=f"schedule_id={office['id']}&limit=2&cursor={unfiltered}", claims=ADMIN)
    assert (stray.status, stray.error_code) == (400, "invalid_cursor")


@pytest.mark.parametrize("bad", ["0", "-1", str(2**63), "99999999999999999999999", "abc", "1.5", ""])
def test_an_id_no_schedule_can_have_is_422(api, bad):
    answer = api.get("/employees", query=f"schedule_id={bad}", claims=ADMIN)
    assert (answer.status, answer.error_code) == (422, "validation_error"), answer.text


def test_the_largest_id_is_a_list_of_nobody(api):
    assert names(api, f"schedule_id={2**63 - 1}") == []
