"""The paged absences list in the console (Debian's chromium against the local stack; README, Absences): the
Timesheet's list of the period's absences shows a page and "Load more" for the rest, and a bulk add's delete button
counts the absences listed so far ("N listed"); Today (the Overview) follows every page of today's absences, so it
counts everyone away, also when HR renames someone between its pages (409 absences_changed: it starts again). The
pages are asked 2 absences at a time here (the test sets `limit=2` on the console's own requests, as a company-wide
holiday of more than one page would be read)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import go, sign_in


def _paged_by_two(page, admin, renames: list[tuple[str, str]] | None = None) -> list[tuple[bool, int]]:
    """The console's GET /attendance/absences asked 2 a page; after the first page, each of `renames` (id, new name)
    made by HR. What was asked: (with a cursor, the status answered), in order."""
    asked: list[tuple[bool, int]] = []
    pending = list(renames or [])

    def handler(route):
        parts = urlparse(route.request.url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        response = route.fetch(url=urlunparse(parts._replace(query=urlencode({**query, "limit": "2"}))))
        asked.append(("cursor" in query, response.status))
        if "cursor" not in query and pending:
            person, name = pending.pop(0)
            assert admin.request("PATCH", f"/employees/{person}", json={"full_name": name}).status == 200
        route.fulfill(response=response)

    page.route("**/attendance/absences?*", handler)
    return asked


def _holiday(admin, department: str, day: str) -> dict:
    added = admin.request("POST", "/attendance/absences/bulk", json={
        "department": department, "day": day, "kind": "holiday", "minutes": 480})
    assert added.status == 201, added.body
    return added.body


def test_the_absences_list_shows_a_page_then_the_rest_with_load_more(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    department = f"Dock {tag}"
    names = [f"{first} {tag}" for first in ("Ada", "Ben", "Cy")]
    for name in names:
        admin.create_employee(name, f"{name.lower().replace(' ', '-')}@example.com", department)
    day = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()  # ahead: they are employed then (UTC)
    added = _holiday(admin, department, day)
    assert added["created"] == 3

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    asked = _paged_by_two(page, admin)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    page.get_by_label("To", exact=True).fill(day)
    listed = page.get_by_test_id("absences")
    rows = listed.locator("tbody tr")
    more = listed.get_by_test_id("absences-more")
    more.wait_for()
    assert [row.locator("td").nth(1).inner_text() for row in rows.all()] == names[:2]
    batch = listed.locator(f"[data-batch='{added['batch_id']}']")
    batch.get_by_role("button", name="Delete all of this batch (2 listed)").wait_for()
    assert more.inner_text() == "Load more"
    assert_accessible(page, "console absences list with more")
    more.click()
    batch.get_by_role("button", name="Delete all of this batch (3 listed)").wait_for()
    assert [row.locator("td").nth(1).inner_text() for row in rows.all()] == names
    assert more.count() == 0  # the last page: nothing more
    assert (True, 200) in asked


def test_today_counts_everyone_away_across_pages_also_after_a_rename_between_them(stack, admin, launch,
                                                                                    tmp_path):
    tag = uuid.uuid4().hex[:4]
    department = f"Yard {tag}"
    people = {name: admin.create_employee(name, f"{name.lower().replace(' ', '-')}@example.com", department)["id"]
              for name in (f"{first} {tag}" for first in ("Ava", "Bo", "Cal", "Dag", "Eli"))}
    today = datetime.now(UTC).date().isoformat()
    assert _holiday(admin, department, today)["created"] == 5

    page = new_page(launch())
    # Ava, listed on the first page, becomes Zed: the next page is 409 absences_changed, and Today starts again.
    asked = _paged_by_two(page, admin, [(people[f"Ava {tag}"], f"Zed {tag}")])
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/?all=away")
    away = page.get_by_test_id("away")
    away.get_by_test_id("away-count").wait_for()
    assert away.get_by_test_id("away-count").inner_text() == "5"
    for name in list(people)[1:]:  # Ava's name: as the employees were read, before or after her rename
        assert away.get_by_text(f"{name} · Public holiday").count() == 1, name
    not_yet = page.get_by_test_id("not-yet")
    for name in people:
        assert not_yet.get_by_text(name).count() == 0
    assert asked[:2] == [(False, 200), (True, 409)], asked
    assert asked[-3:] == [(False, 200), (True, 200), (True, 200)], asked
    assert_accessible(page, "console today with people away on more than one page")
