"""A cursor continues only the list it was issued for: every paged route's cursor carries its scope (the route and
the filters that decide the list's order and rows), and the same route with other filters, or another route, answers
it 400 `invalid_cursor` instead of a 200 page that is the next page of nothing (a cursor of GET /attendance on
GET /attendance/audit, a timesheet cursor of one period sent with another). `limit` may change between pages; a
cursor issued before cursors carried a scope is still taken (README, Pagination). The normal paging walks every row.
Real PostgreSQL, the real API handler."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from psycopg.types.json import Jsonb

from facepass import employees, pagination
from facepass.errors import FacePassError
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database, kiosk_punch

HR = {"sub": "hr-1", "username": "hr@example.com", "scope": "facepass/admin"}
ANN = {"sub": "ann-1", "username": "ann@example.com", "email": "ann@example.com", "scope": "openid facepass/employee"}

# Every route that pages with a cursor (the ones whose answers carry next_cursor), with the claims it is read with
# and how each list's rows are named (to compare the walk with one page of everything).
ROUTES = {
    "/employees": (HR, "id"),
    "/attendance": (HR, "id"),
    "/attendance/review": (HR, "id"),
    "/attendance/audit": (HR, "id"),
    "/attendance/corrections": (HR, "id"),
    "/attendance/timesheet": (HR, "employee_id"),
    "/me/attendance": (ANN, "id"),
    "/attendance/absences": (HR, "id"),
}
# The routes whose cursors were always scoped (paged since cursors carried a scope): no older cursor to take.
ALWAYS_SCOPED = {"/attendance/absences"}


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, "scope_" + uuid.uuid4().hex[:10])


@pytest.fixture
def lists(api, services) -> dict[str, tuple[str, str]]:
    """Three people with punches on one day (three of them awaiting review), three audited changes, two open
    correction requests; per route, a query (filters) with more than one row and another query of the same route."""
    zone = ZoneInfo(services.settings.report_timezone)
    day = datetime.now(zone).date() - timedelta(days=3)
    people = {name: employees.create_employee(services.db, EmployeeCreate(
        full_name=name, email=f"{name.lower()}@example.com", department="Ops")).id for name in ("Ann", "Bob", "Cid")}
    with services.db.transaction() as cur:  # employed for a while: their past days are theirs to ask about
        cur.execute("UPDATE employees SET created_at = now() - interval '400 days'")
    punches = []
    for hour, (name, state) in enumerate([("Ann", "none"), ("Ann", "pending"), ("Bob", "pending"),
                                          ("Ann", "pending"), ("Cid", "none"), ("Ann", "none")]):
        when = datetime.combine(day, time(8 + hour), zone).astimezone(UTC)
        punches.append(kiosk_punch(services, people[name], when, "entry" if hour % 2 == 0 else "exit", state=state))
    with services.db.transaction() as cur:
        for punch in punches[:3]:
            cur.execute("INSERT INTO attendance_audit (attendance_id, action, actor, note, before, after)"
                        " VALUES (%s, 'flag', 'hr@example.com', 'check', %s, %s)",
                        (punch["id"], Jsonb({"review_state": "none"}), Jsonb({"review_state": "pending"})))
    for name in ("Ann", "Bob"):
        away = api.post("/attendance/absences", json_body={"employee_id": str(people[name]), "day": day.isoformat(),
                                                           "kind": "vacation", "minutes": 240})
        assert away.status == 201, away.text
    for note in ("I left at 17:00", "I came at 07:00"):
        asked = api.post("/me/corrections", json_body={"date": day.isoformat(), "note": note}, claims=ANN)
        assert asked.status == 201, asked.text
    period = f"date_from={day}&date_to={day}"
    longer = f"date_from={day - timedelta(days=1)}&date_to={day}"
    return {  # (a query, [other queries of the route: another filter's value, one more, one less])
        "/employees": ("department=ops", ["department=sales", "department=ops&active=true", "",
                                         "department=ops&schedule_id=1"]),
        "/attendance": (period, [f"{period}&employee_id={people['Ann']}", longer, f"date_from={day}"]),
        "/attendance/review": ("state=pending", [f"state=pending&employee_id={people['Ann']}", "state=confirmed",
                                                 f"state=pending&{period}"]),
        "/attendance/audit": ("action=flag", ["action=flag&actor=someone", "action=confirm", ""]),
        "/attendance/corrections": ("state=open", ["state=resolved"]),
        "/attendance/timesheet": (period, [longer, f"{period}&employee_id={people['Ann']}"]),
        "/me/attendance": (period, [longer]),
        "/attendance/absences": (period, [longer, f"{period}&employee_id={people['Ann']}"]),
    }


def first_cursor(api, path: str, query: str) -> str:
    answer = api.get(path, query=f"{query}&limit=1", claims=ROUTES[path][0])
    assert answer.status == 200, (path, answer.text)
    assert answer.json()["next_cursor"], (path, answer.text)
    return answer.json()["next_cursor"]


def assert_refused(answer, path: str, query: str) -> None:
    assert (answer.status, answer.error_code) == (400, "invalid_cursor"), (path, query, answer.status, answer.text)
    assert answer.json()["error"]["message"] == "The cursor is not one this API returned for these filters."


@pytest.mark.parametrize("path", list(ROUTES))
def test_a_cursor_with_other_filters_of_the_same_route_is_invalid_cursor(api, lists, path):
    query, others = lists[path]
    cursor = first_cursor(api, path, query)
    for other in others:
        answer = api.get(path, query=f"{other}&limit=1&cursor={cursor}", claims=ROUTES[path][0])
        assert_refused(answer, path, other)


def test_a_filter_left_at_its_default_is_the_same_list(api, lists):
    # The scope is of the filters as the route reads them: state=pending is the review queue's default.
    cursor = first_cursor(api, "/attendance/review", "state=pending")
    assert api.get("/attendance/review", query=f"limit=1&cursor={cursor}").status == 200


@pytest.mark.parametrize("path", list(ROUTES))
def test_a_cursor_of_another_route_is_invalid_cursor(api, lists, path):
    cursor = first_cursor(api, path, lists[path][0])
    for other, (claims, _) in ROUTES.items():
        if other == path:
            continue
        answer = api.get(other, query=f"{lists[other][0]}&cursor={cursor}", claims=claims)
        assert (answer.status, answer.error_code) == (400, "invalid_cursor"), (path, other, answer.text)


@pytest.mark.parametrize("path", list(ROUTES))
def test_the_pages_of_the_same_filters_walk_every_row_whatever_the_limit(api, lists, path):
    claims, key = ROUTES[path]
    query = lists[path][0]
    everything = api.get(path, query=f"{query}&limit=100", claims=claims).json()
    assert everything["next_cursor"] is None and len(everything["items"]) >= 2, (path, everything)
    seen, cursor, limits = [], None, iter([1, 2, 1, 3])
    while True:  # limit changes between pages: allowed
        answer = api.get(path, query=f"{query}&limit={next(limits, 1)}" + (f"&cursor={cursor}" if cursor else ""),
                         claims=claims)
        assert answer.status == 200, (path, answer.text)
        seen += [item[key] for item in answer.json()["items"]]
        cursor = answer.json()["next_cursor"]
        if not cursor:
            break
    assert seen == [item[key] for item in everything["items"]], path


def _unscoped(cursor: str) -> str:
    """The cursor as the version before scopes wrote it: the same key without its scope."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    if raw.startswith("["):
        import json

        name, key, watermark, _ = json.loads(raw)
        raw = json.dumps([name, key, watermark], ensure_ascii=False)
    else:
        raw = raw.rsplit("|", 1)[0]
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", [path for path in ROUTES if path not in ALWAYS_SCOPED])
def test_a_cursor_issued_before_scopes_is_taken_for_backwards_compatibility(api, lists, path):
    claims, key = ROUTES[path]
    query = lists[path][0]
    cursor = first_cursor(api, path, query)
    scoped = api.get(path, query=f"{query}&limit=100&cursor={cursor}", claims=claims)
    old = api.get(path, query=f"{query}&limit=100&cursor={_unscoped(cursor)}", claims=claims)
    assert scoped.status == old.status == 200, (path, old.text)
    assert [item[key] for item in old.json()["items"]] == [item[key] for item in scoped.json()["items"]]


def test_the_scope_is_the_routes_and_its_filters_and_a_forged_one_is_no_cursor():
    scope = pagination.cursor_scope("GET /attendance", date_from=None, status="unknown")
    assert scope == pagination.cursor_scope("GET /attendance", status="unknown")  # a filter left out is None
    assert len(scope) == pagination.SCOPE_LENGTH == 12 and int(scope, 16) >= 0
    assert scope != pagination.cursor_scope("GET /attendance", status="rejected")
    assert scope != pagination.cursor_scope("GET /attendance/review", status="unknown")
    stamp = datetime(2026, 3, 10, 9, tzinfo=UTC)
    cursor = pagination.encode_cursor(stamp, 7, scope=scope)
    assert pagination.decode_cursor(cursor, int, scope=scope) == (stamp, 7)
    other = pagination.cursor_scope("GET /attendance/audit")
    with pytest.raises(FacePassError, match="for these filters") as refused:
        pagination.decode_cursor(cursor, int, scope=other)
    assert refused.value.code == "invalid_cursor"
    for raw in (f"{stamp.isoformat()}|7|{scope.upper()}", f"{stamp.isoformat()}|7|{scope}0",
                f"{stamp.isoformat()}|7|{scope}|{scope}", f"{stamp.isoformat()}|7|"):
        forged = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        with pytest.raises(FacePassError, match=r"returned\.$"):
            pagination.decode_cursor(forged, int, scope=scope)
    named = pagination.encode_name_cursor("😀" * 200, uuid.UUID(int=0), "f" * 16, scope=scope)
    assert len(named) <= pagination.NAME_CURSOR_MAX_LENGTH
    assert pagination.decode_name_cursor(named, uuid.UUID, scope=scope) == ("😀" * 200, uuid.UUID(int=0), "f" * 16)
    with pytest.raises(FacePassError, match="for these filters"):
        pagination.decode_name_cursor(named, uuid.UUID, scope=other)
    away = pagination.encode_absence_cursor(date(2026, 3, 10), "😀" * 200, uuid.UUID(int=0), 2**63 - 1,
                                            "r" + "9" * 12, scope=scope)
    assert len(away) <= pagination.ABSENCE_CURSOR_MAX_LENGTH
    assert pagination.decode_absence_cursor(away, scope=scope) == (
        date(2026, 3, 10), "😀" * 200, uuid.UUID(int=0), 2**63 - 1, "r" + "9" * 12)
    with pytest.raises(FacePassError, match="for these filters"):
        pagination.decode_absence_cursor(away, scope=other)
    for absence_id in ("0", "-1", str(2**63), "07", "holiday"):  # no absence's id (a bigserial's: 1 .. 2**63 - 1)
        forged = base64.urlsafe_b64encode(json.dumps(["2026-03-10", "Ann", str(uuid.UUID(int=0)), absence_id, "r1",
                                                      scope]).encode()).decode().rstrip("=")
        with pytest.raises(FacePassError, match=r"returned\.$"):
            pagination.decode_absence_cursor(forged, scope=scope)
    with pytest.raises(ValueError):  # a caller passes cursor_scope()'s, nothing else
        pagination.encode_cursor(stamp, 7, scope="GET /attendance")
