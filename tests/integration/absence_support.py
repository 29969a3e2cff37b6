"""What the absence tests (test_absences*.py) share: the callers' claims, the days of a week, today and the next
Monday in the tests' report zone, and employees made through the API."""

from __future__ import annotations

import uuid
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


def employed_person(api, services, name: str, department: str | None = None, *, days_ago: int = 90,
                    email: str | None = None) -> str:
    """A new employee `name` (`email`, else a unique one: names may repeat) by HR, their record dated `days_ago` days
    back, so they were employed on the past days a test uses: their id."""
    email = email or f"{uuid.uuid4().hex[:8]}@example.com"
    created = api.post("/employees", json_body={"full_name": name, "email": email, "department": department},
                       claims=HR)
    assert created.status == 201, created.text
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = created_at - make_interval(days => %s) WHERE id = %s",
                    (days_ago, created.json()["id"]))
    return created.json()["id"]
