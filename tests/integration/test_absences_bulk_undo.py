"""Undoing a bulk add (DELETE /attendance/absences/batches/{batch_id}; README "Absences", *Undoing a bulk add*) on
real PostgreSQL through the API handler: every absence of the batch still there deleted in one transaction, each with
its History row as a single delete writes it, and nothing else (a single add of the same day and kind stays); a
repeat or an unknown batch is 404 absence_batch_not_found; a closed day 409 and a scoped reviewer's person outside
their reach 403, nothing deleted; the caller's own absence in the batch refuses it (403 own_record) as a single delete
does, unless FACEPASS_ALLOW_SELF_REVIEW; rows deleted singly before are not counted; set-based (the same number of
statements for 300 people as for 30)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import psycopg
import pytest

from facepass import absences
from facepass.department_scope import EVERYONE
from tests.conftest import fresh_database, with_settings
from tests.integration.absence_support import CLERK, EVERY_DAY, HR, LEAD, employed_person
from tests.integration.absence_support import today as _today


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "absences_undo_" + uuid.uuid4().hex[:10])


def _person(api, services, name: str, department: str | None = None) -> str:
    return employed_person(api, services, name, department, days_ago=60,  # employed on the days the tests use
                           email=f"{name.lower()}@example.com")


def _bulk(api, day: date, *, claims=None, day_to: date | None = None, **who) -> dict:
    body = {"day": day.isoformat(), "kind": "holiday", "minutes": 480, **who}
    if day_to is not None:
        body |= {"day_to": day_to.isoformat(), "weekdays": EVERY_DAY}
    answer = api.post("/attendance/absences/bulk", json_body=body, **({"claims": claims} if claims else {}))
    assert answer.status == 201, answer.text
    return answer.json()


def _undo(api, batch_id: str, **kwargs):
    return api.delete(f"/attendance/absences/batches/{batch_id}", **kwargs)


def _rows(services) -> list[tuple]:
    with services.db.transaction() as cur:
        cur.execute("""SELECT e.full_name, a.day, a.kind, a.batch_id FROM absences a
                        JOIN employees e ON e.id = a.employee_id ORDER BY e.full_name, a.day, a.kind""")
        return [(row["full_name"], row["day"], row["kind"], row["batch_id"] and str(row["batch_id"]))
                for row in cur.fetchall()]


def _deletions(services) -> list[tuple]:
    """The History's absence deletions: (name, actor, before, self_review)."""
    with services.db.transaction() as cur:
        cur.execute("""SELECT e.full_name, h.actor, h.before, h.self_review FROM employee_audit h
                        JOIN employees e ON e.id = h.employee_id
                       WHERE h.field = 'absence' AND h.after IS NULL ORDER BY e.full_name, h.before""")
        return [(row["full_name"], row["actor"], row["before"], row["self_review"]) for row in cur.fetchall()]


def test_undo_deletes_the_batch_and_only_it_audited_and_a_repeat_is_404(api, services):
    day = _today() - timedelta(days=3)
    for name, department in (("Amy", "Office"), ("Bob", "Office"), ("Cid", "Warehouse")):
        _person(api, services, name, department)
    office = _bulk(api, day, department="Office")
    assert uuid.UUID(office["batch_id"]) and office["created"] == 2
    # The same day and kind for Cid, added singly, and another bulk add: neither is the batch's.
    cid = next(item["id"] for item in api.get("/employees").json()["items"] if item["full_name"] == "Cid")
    single = api.post("/attendance/absences", json_body={"employee_id": cid, "day": day.isoformat(),
                                                         "kind": "holiday", "minutes": 480}, claims=HR)
    assert single.status == 201, single.text
    assert single.json()["batch_id"] is None
    other = _bulk(api, day + timedelta(days=1), everyone=True)
    assert other["batch_id"] != office["batch_id"]
    listed = api.get("/attendance/absences", query=f"date_from={day}&date_to={day}").json()["items"]
    assert sorted((item["full_name"], item["batch_id"]) for item in listed) == [
        ("Amy", office["batch_id"]), ("Bob", office["batch_id"]), ("Cid", None)]

    answer = _undo(api, office["batch_id"], claims=HR)
    assert answer.status == 200, answer.text
    assert answer.json() == {"deleted": 2, "people": 2}
    assert _rows(services) == [("Amy", day + timedelta(days=1), "holiday", other["batch_id"]),
                               ("Bob", day + timedelta(days=1), "holiday", other["batch_id"]),
                               ("Cid", day, "holiday", None),
                               ("Cid", day + timedelta(days=1), "holiday", other["batch_id"])]
    # One History row per absence deleted, by the caller, as a single delete writes it.
    assert _deletions(services) == [("Amy", "hr@example.com", f"{day} holiday 480", False),
                                    ("Bob", "hr@example.com", f"{day} holiday 480", False)]
    # The timesheet no longer shows it.
    sheet = api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}").json()["items"]
    assert {row["full_name"]: row["days"][0]["absence_kinds"] for row in sheet} == {
        "Amy": [], "Bob": [], "Cid": ["holiday"]}

    again = _undo(api, office["batch_id"], claims=HR)
    assert (again.status, again.error_code) == (404, "absence_batch_not_found"), again.text
    unknown = _undo(api, str(uuid.uuid4()), claims=HR)
    assert (unknown.status, unknown.error_code) == (404, "absence_batch_not_found"), unknown.text
    assert len(_rows(services)) == 4 and len(_deletions(services)) == 2
    bad = _undo(api, "not-a-uuid", claims=HR)
    assert bad.status == 422, bad.text


def test_the_absences_deleted_singly_before_are_not_counted(api, services):
    day = _today() - timedelta(days=4)
    for name in ("Amy", "Bob"):
        _person(api, services, name)
    batch = _bulk(api, day, everyone=True, day_to=day + timedelta(days=1))
    assert batch["created"] == 4
    listed = api.get("/attendance/absences", query=f"date_from={day}&date_to={day + timedelta(days=1)}").json()
    bobs = [item["id"] for item in listed["items"] if item["full_name"] == "Bob"]
    for absence_id in bobs:
        assert api.delete(f"/attendance/absences/{absence_id}", claims=HR).status == 200
    answer = _undo(api, batch["batch_id"], claims=HR)
    assert answer.status == 200, answer.text
    assert answer.json() == {"deleted": 2, "people": 1}
    assert _rows(services) == []
    assert len(_deletions(services)) == 4  # 2 single deletes, 2 by the undo


def test_a_closed_day_in_the_batch_refuses_the_undo_and_deletes_nothing(api, services):
    closed_day = _today() - timedelta(days=6)
    for name in ("Amy", "Bob"):
        _person(api, services, name)
    batch = _bulk(api, closed_day, everyone=True, day_to=closed_day + timedelta(days=2))
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_day.isoformat(), "note": "signed",
                                                  "force": True})
    assert closed.status == 200, closed.text
    refused = _undo(api, batch["batch_id"], claims=HR)
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"] == {"closed_through": closed_day.isoformat(),
                                                  "day": closed_day.isoformat()}
    assert len(_rows(services)) == 6 and _deletions(services) == []


def test_a_scoped_reviewer_undoes_only_a_batch_all_of_whose_people_they_reach(api, services):
    day = _today() - timedelta(days=2)
    _person(api, services, "Walt", "Warehouse")
    olga_id = _person(api, services, "Olga", "Office")
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    everyone = _bulk(api, day, everyone=True)
    refused = _undo(api, everyone["batch_id"], claims=LEAD)
    assert (refused.status, refused.error_code) == (403, "outside_departments"), refused.text
    # Nobody outside their departments named: not Olga's id, nor anyone's.
    assert refused.json()["error"]["details"] == {"departments": ["Warehouse"]}
    assert olga_id not in refused.text
    assert len(_rows(services)) == 2 and _deletions(services) == []
    clerk = _undo(api, everyone["batch_id"], claims=CLERK)
    assert (clerk.status, clerk.error_code) == (403, "forbidden"), clerk.text
    # Their own bulk add (their reach: Walt), undone by them.
    theirs = _bulk(api, day + timedelta(days=1), everyone=True, claims=LEAD)
    answer = _undo(api, theirs["batch_id"], claims=LEAD)
    assert answer.status == 200, answer.text
    assert answer.json() == {"deleted": 1, "people": 1}
    assert _deletions(services) == [("Walt", "lead@example.com", f"{day + timedelta(days=1)} holiday 480", False)]
    # Olga's absence gone singly: the rest is all theirs now.
    olga = next(item["id"] for item in api.get("/attendance/absences", query=f"date_from={day}&date_to={day}")
                .json()["items"] if item["full_name"] == "Olga")
    assert api.delete(f"/attendance/absences/{olga}", claims=HR).status == 200
    assert _undo(api, everyone["batch_id"], claims=LEAD).json() == {"deleted": 1, "people": 1}


def test_the_callers_own_absence_in_a_batch_refuses_the_undo_unless_self_review_is_allowed(api, services):
    import dependencies

    rita_claims = {"sub": "sup-rita", "username": "rita@example.com", "email": "Rita@Example.com",
                   "scope": "openid email facepass/reviewer"}
    day = _today() - timedelta(days=2)
    _person(api, services, "Rita", "Office")
    _person(api, services, "Sam", "Office")
    batch = _bulk(api, day, department="Office", claims=HR)  # by HR: Rita's absence is in it
    own = _undo(api, batch["batch_id"], claims=rita_claims)
    assert (own.status, own.error_code) == (403, "own_record"), own.text
    assert len(_rows(services)) == 2 and _deletions(services) == []

    dependencies.use_services(with_settings(services, allow_self_review=True))
    allowed = _undo(api, batch["batch_id"], claims=rita_claims)
    assert allowed.status == 200, allowed.text
    assert allowed.json() == {"deleted": 2, "people": 2}
    assert _deletions(services) == [("Rita", "rita@example.com", f"{day} holiday 480", True),
                                    ("Sam", "rita@example.com", f"{day} holiday 480", False)]


class _CountingCursor(psycopg.Cursor):
    """A real cursor that counts the statements it sends (the round trips an undo costs on RDS)."""

    executed = 0

    def execute(self, *args, **kwargs):
        type(self).executed += 1
        return super().execute(*args, **kwargs)


def _undo_statements(services, batch_id: str) -> tuple[int, object]:
    connection = services.db.connection()
    connection.cursor_factory = _CountingCursor
    _CountingCursor.executed = 0
    try:
        result = absences.delete_batch(services.db, services.settings, uuid.UUID(batch_id), actor="hr@example.com",
                                       reach=EVERYONE)
        return _CountingCursor.executed, result
    finally:
        connection.cursor_factory = psycopg.Cursor


def test_an_undo_runs_as_many_statements_for_300_people_as_for_30(api, services):
    day = _today() - timedelta(days=2)
    with services.db.transaction() as cur:
        for department, size in (("Small", 30), ("Large", 300)):
            cur.execute("""INSERT INTO employees (full_name, email, department, created_at)
                           SELECT %(d)s || n, %(d)s || n || '@example.com', %(d)s, now() - interval '60 days'
                             FROM generate_series(1, %(n)s) n""", {"d": department, "n": size})
    counts = {}
    for department, size in (("Small", 30), ("Large", 300)):
        batch = _bulk(api, day, department=department, day_to=day + timedelta(days=1))
        counts[department], result = _undo_statements(services, batch["batch_id"])
        assert (result.deleted, result.people) == (size * 2, size)
    assert counts["Small"] == counts["Large"] <= 6, counts
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM employee_audit WHERE field = 'absence' AND after IS NULL")
        assert cur.fetchone()["n"] == 660
