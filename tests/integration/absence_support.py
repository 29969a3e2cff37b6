"""What the absence tests (test_absences*.py) share: the callers' claims, the days of a week, today and the next
Monday in the tests' report zone, and an employee made through the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

HR = {"sub": "hr-1", "username": "hr@example.com", "scope": "openid email facepass/admin"}
LEAD = {"sub": "sup-1", "username": "lead@example.com", "scope": "openid email facepass/reviewer"}
CLERK = {"sub": "pay-1", "username": "clerk@example.com", "scope": "openid email facepass/payroll"}
EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def today() -> date:
    return datetime.now(UTC).date()  # the tests' report zone is UTC


def next_monday() -> date:
    return today() + timedelta(days=7 - today().weekday())


def person(api, name: str, department: str | None = None) -> str:
    """A new employee `name` (email from the name) by HR: their id."""
    created = api.post("/employees", json_body={"full_name": name, "email": f"{name.lower()}@example.com",
                                                "department": department}, claims=HR)
    assert created.status == 201, created.text
    return created.json()["id"]
