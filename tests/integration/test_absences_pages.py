"""GET /attendance/absences pages with cursors (README, Absences and Pagination) on real PostgreSQL through the API
handler: `limit` absences a page, by day, then name, then person, then absence id, `next_cursor` null on the last;
the pages of a period walk every absence once, in the order one page of everything has. The contract between pages:
a rename since the previous page is 409 `absences_changed` (the pages are keyed on names as they are now: start
again, and the walk is whole, with the new name); an absence added or deleted meanwhile is on a later page when its
place is after the previous page's last row, on none when before, and every other absence is on exactly one page. A
cursor of other filters or another route is 400 invalid_cursor; a scoped reviewer's pages hold their people only.
One statement a page, which reads absences_day_idx from the cursor's day and sorts each day as it reads it (not the
whole period)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import repository
from tests.conftest import fresh_database
from tests.integration.absence_support import EVERY_DAY, HR, LEAD, employed_person


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "absences_pages_" + uuid.uuid4().hex[:10])


def _first_day() -> date:
    return datetime.now(UTC).date() - timedelta(days=20)  # the tests' report zone is UTC


def _person(api, services, name: str, department: str | None = None) -> str:
    return employed_person(api, services, name, department, days_ago=90)  # employed on the days the tests use


def _bulk(api, first: date, last: date, kind: str = "holiday", **who) -> None:
    answer = api.post("/attendance/absences/bulk", json_body={
        "day": first.isoformat(), "day_to": last.isoformat(), "weekdays": EVERY_DAY, "kind": kind, "minutes": 240,
        **(who or {"everyone": True})})
    assert answer.status == 201, answer.text


def _key(item: dict) -> tuple:
    return item["day"], item["full_name"], item["employee_id"], item["id"]


def _page(api, query: str, cursor: str | None = None, claims: dict = HR):
    return api.get("/attendance/absences", query=query + (f"&cursor={cursor}" if cursor else ""), claims=claims)


def _walk(api, query: str, claims: dict = HR) -> list[dict]:
    items, cursor = [], None
    while True:
        answer = _page(api, query, cursor, claims)
        assert answer.status == 200, answer.text
        items += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            return items


@pytest.fixture
def period(api, services) -> tuple[date, date, dict[str, str]]:
    """Five people (Cyd and Cyd: one name twice), a holiday each on four days, and Ann also sick on the second day:
    21 absences."""
    people = {label: _person(api, services, name) for label, name in
              [("ann", "Ann"), ("bob", "Bob"), ("cyd1", "Cyd"), ("cyd2", "Cyd"), ("dee", "Dee")]}
    first = _first_day()
    _bulk(api, first, first + timedelta(days=3))
    sick = api.post("/attendance/absences", json_body={"employee_id": people["ann"], "kind": "sick", "minutes": 120,
                                                        "day": (first + timedelta(days=1)).isoformat()})
    assert sick.status == 201, sick.text
    return first, first + timedelta(days=3), people


def test_the_pages_walk_every_absence_once_in_order(api, period):
    first, last, _ = period
    query = f"date_from={first}&date_to={last}"
    whole = _page(api, query + "&limit=1000")
    assert whole.status == 200 and whole.json()["next_cursor"] is None, whole.text
    everything = whole.json()["items"]
    assert len(everything) == 21 and [_key(item) for item in everything] == sorted(_key(item) for item in everything)
    default = _page(api, query)  # at most 100 a page
    assert default.json()["items"] == everything and default.json()["next_cursor"] is None
    for limit in (1, 2, 3, 5, 20):
        walked = _walk(api, f"{query}&limit={limit}")
        assert [item["id"] for item in walked] == [item["id"] for item in everything], limit
    answer = _page(api, f"{query}&limit=4")
    assert len(answer.json()["items"]) == 4 and answer.json()["next_cursor"]
    # The last page: exactly `limit` rows left is still the last (no empty page after it).
    tail = _page(api, f"{query}&limit=21")
    assert len(tail.json()["items"]) == 21 and tail.json()["next_cursor"] is None
    # One person's, paged too.
    ann = [item for item in everything if item["full_name"] == "Ann"]
    assert [item["id"] for item in _walk(api, f"{query}&employee_id={ann[0]['employee_id']}&limit=2")] == \
        [item["id"] for item in ann] and len(ann) == 5


def test_a_rename_between_pages_is_absences_changed_and_the_walk_again_is_whole(api, period):
    first, last, people = period
    query = f"date_from={first}&date_to={last}&limit=3"
    page = _page(api, query)
    assert [item["full_name"] for item in page.json()["items"]] == ["Ann", "Bob", "Cyd"]
    # Ann (listed) becomes Zoe: read by her name now, her rows of the first day would come again after Dee's.
    renamed = api.patch(f"/employees/{people['ann']}", json_body={"full_name": "Zoe"}, claims=HR)
    assert renamed.status == 200, renamed.text
    refused = _page(api, query, page.json()["next_cursor"])
    assert (refused.status, refused.error_code) == (409, "absences_changed"), refused.text
    walked = _walk(api, query)
    assert len(walked) == 21 and len({item["id"] for item in walked}) == 21
    assert [_key(item) for item in walked] == sorted(_key(item) for item in walked)
    assert [item["full_name"] for item in walked[:5]] == ["Bob", "Cyd", "Cyd", "Dee", "Zoe"]
    # A page whose cursor was read after the rename continues: nothing moved since.
    page = _page(api, query)
    assert _page(api, query, page.json()["next_cursor"]).status == 200


def test_an_absence_added_or_deleted_between_pages_is_listed_by_its_place_and_no_other_row_moves(api, services,
                                                                                                  period):
    first, last, people = period
    query = f"date_from={first}&date_to={last}&limit=7"
    before = _page(api, f"date_from={first}&date_to={last}&limit=1000").json()["items"]
    page = _page(api, query)
    shown = page.json()["items"]
    assert (shown[-1]["day"], shown[-1]["full_name"]) == ((first + timedelta(days=1)).isoformat(), "Ann")
    # Meanwhile: one listed absence (the first) and one not yet listed (the last) deleted; one added before the
    # cursor's place (Bob sick on the first day) and one after it (Dee sick on the last day).
    for gone in (before[0], before[-1]):
        assert api.delete(f"/attendance/absences/{gone['id']}", claims=HR).status == 200
    added = {}
    for who, day in (("bob", first), ("dee", last)):
        answer = api.post("/attendance/absences", json_body={"employee_id": people[who], "kind": "sick",
                                                             "minutes": 60, "day": day.isoformat()})
        assert answer.status == 201, answer.text
        added[who] = answer.json()["id"]
    rest = []
    cursor = page.json()["next_cursor"]
    while cursor:
        answer = _page(api, query, cursor)
        assert answer.status == 200, answer.text
        rest += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
    walked = [item["id"] for item in shown + rest]
    expected = [item["id"] for item in before[:-1]] + [added["dee"]]  # Dee's sick day: after her holiday that day
    assert walked == expected and len(set(walked)) == len(walked)
    assert added["bob"] not in walked


def test_a_correction_of_kind_between_pages_moves_no_absence(api, period):
    """A PATCH changes an absence's kind (sick -> other, or holiday -> vacation); the pages are keyed on what it never
    changes (the absence id after the person), so the listed one is not listed again and the unlisted one is not
    skipped (keyed on the kind, the first came back on a later page and the second never came)."""
    first, last, people = period
    query = f"date_from={first}&date_to={last}"
    everything = _page(api, query + "&limit=1000").json()["items"]
    ann = [item for item in everything if item["day"] == (first + timedelta(days=1)).isoformat()
           and item["employee_id"] == people["ann"]]
    assert [item["kind"] for item in ann] == ["holiday", "sick"]  # the order recorded
    limit = everything.index(ann[0]) + 1
    page = _page(api, query + f"&limit={limit}")
    assert page.json()["items"][-1]["id"] == ann[0]["id"]
    for item, kind in ((ann[0], "vacation"), (ann[1], "other")):  # listed: a kind before; unlisted: one after
        assert api.patch(f"/attendance/absences/{item['id']}", json_body={"kind": kind}, claims=HR).status == 200
    rest, cursor = [], page.json()["next_cursor"]
    while cursor:
        answer = _page(api, query + f"&limit={limit}", cursor)
        assert answer.status == 200, answer.text
        rest += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
    walked = [item["id"] for item in page.json()["items"] + rest]
    assert walked == [item["id"] for item in everything]


def test_a_cursor_of_other_filters_or_another_route_is_invalid_cursor(api, period):
    first, last, people = period
    query = f"date_from={first}&date_to={last}"
    cursor = _page(api, query + "&limit=2").json()["next_cursor"]
    assert _page(api, query + "&limit=5", cursor).status == 200  # `limit` may change
    for other in (f"date_from={first}&date_to={last + timedelta(days=1)}",
                  f"date_from={first + timedelta(days=1)}&date_to={last}",
                  f"{query}&employee_id={people['bob']}"):
        refused = _page(api, other, cursor)
        assert (refused.status, refused.error_code) == (400, "invalid_cursor"), (other, refused.text)
    timesheet = api.get("/attendance/timesheet", query=f"{query}&cursor={cursor}", claims=HR)
    assert (timesheet.status, timesheet.error_code) == (400, "invalid_cursor"), timesheet.text
    sheet_cursor = api.get("/attendance/timesheet", query=f"{query}&limit=1", claims=HR).json()["next_cursor"]
    for foreign in (sheet_cursor, "bm90IGEgY3Vyc29y", "W10"):
        refused = _page(api, query, foreign)
        assert (refused.status, refused.error_code) == (400, "invalid_cursor"), (foreign, refused.text)
    too_long = _page(api, query, "A" * 1301)
    assert too_long.status == 422, too_long.text
    for bad in ("limit=0", "limit=1001"):
        assert _page(api, f"{query}&{bad}").status == 422


def test_a_scoped_reviewers_pages_hold_their_people_only(api, services):
    inside = {_person(api, services, name, "Warehouse") for name in ("Ada", "Cal", "Eve")}
    outside = {_person(api, services, name, "Office") for name in ("Bea", "Dan")}
    first = _first_day()
    _bulk(api, first, first + timedelta(days=2))
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status in (200, 204)
    query = f"date_from={first}&date_to={first + timedelta(days=2)}&limit=2"
    walked = _walk(api, query, LEAD)
    assert len(walked) == 9 and {item["employee_id"] for item in walked} == inside
    assert [_key(item) for item in walked] == sorted(_key(item) for item in walked)
    assert len(_walk(api, query)) == 15 and not outside & {item["employee_id"] for item in walked}


class _Explain:
    """A cursor whose statements are EXPLAINed: repository.list_absences's very statement, its plan as JSON."""

    def __init__(self, cur):
        self.cur = cur

    def execute(self, sql, params=None):
        self.cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)

    def fetchall(self):
        return self.cur.fetchall()


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_a_page_reads_the_day_index_from_its_cursor_and_sorts_each_day_not_the_whole_period(api, services):
    with services.db.transaction() as cur:  # 60 people x 92 days = 5,520 absences
        cur.execute("INSERT INTO employees (full_name, email, created_at) SELECT 'P' || n, 'p' || n || '@example.com',"
                    " now() - interval '200 days' FROM generate_series(1, 60) n")
    first = _first_day() - timedelta(days=91)
    _bulk(api, first, first + timedelta(days=91))
    with services.db.transaction() as cur:
        cur.execute("ANALYZE absences")
        cur.execute("ANALYZE employees")
    middle = api.get("/attendance/absences", query=f"date_from={first}&date_to={first + timedelta(days=91)}"
                                                    "&limit=1000").json()["items"][-1]
    for after in (None, (date.fromisoformat(middle["day"]), middle["full_name"], uuid.UUID(middle["employee_id"]),
                         middle["id"])):
        with services.db.transaction() as cur:
            explained = repository.list_absences(_Explain(cur), first=first, last=first + timedelta(days=91),
                                                 after=after, limit=101)
        plan = explained[0]["QUERY PLAN"][0]["Plan"]
        nodes = list(_nodes(plan))
        kinds = [node["Node Type"] for node in nodes]
        assert kinds[0] == "Limit", json.dumps(plan)
        # Sorted a day at a time (the index gives the days in order): never a Sort of every row of the period.
        assert "Incremental Sort" in kinds and "Sort" not in kinds, json.dumps(plan)
        assert any(node.get("Index Name") == "absences_day_idx" for node in nodes), json.dumps(plan)
        if after is not None:
            scan = next(node for node in nodes if node.get("Index Name") == "absences_day_idx")
            assert "day >=" in scan.get("Index Cond", ""), json.dumps(scan)


def test_the_openapi_document_says_the_pages(api):
    document = api.get("/openapi.json", claims=None).json()
    route = document["paths"]["/attendance/absences"]["get"]
    params = {param["name"]: param for param in route["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 1000 and params["limit"]["schema"]["default"] == 100
    assert params["limit"]["schema"]["minimum"] == 1
    assert "invalid_cursor" in params["cursor"]["description"]
    assert "absences_changed" in route["description"] and "next_cursor" in route["description"]
    page = document["components"]["schemas"]["AbsencePage"]
    assert "next_cursor" in page["required"] and "null on the last page" in page["properties"]["next_cursor"][
        "description"]


@pytest.mark.parametrize("cursor", ["%00", "W1wiXHUwMDAwXCJd", "A" * 1300, "%E2%80%AE", "=" * 8])
def test_a_hostile_cursor_is_a_client_error_never_a_500(api, period, cursor):
    first, last, _ = period
    answer = _page(api, f"date_from={first}&date_to={last}", cursor)
    assert answer.status in (400, 422) and answer.error_code in ("invalid_cursor", "validation_error"), answer.text
