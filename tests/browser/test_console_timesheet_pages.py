"""The console's timesheet download, page after page, while HR renames someone (Debian's chromium against the local
stack): the API answers the later page 409 `timesheet_changed` (its pages are keyed on names: the renamed person
would be skipped or in the file twice), and the console downloads the sheet again from the first page, once; when it
changes again meanwhile, it says so in words and saves no file. The pages are asked 2 people at a time here (the
test adds `limit=2` to the console's own requests, as a company of more than one page would be read)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import go, sign_in


def _people(admin, day: str) -> dict[str, str]:
    """Bauer, Clark and Dietz, each with a shift on `day`: {name: id}."""
    people = {}
    for name in ("Bauer", "Clark", "Dietz"):
        person = admin.create_employee(name, f"{name.lower()}-{day}@example.com", "Floor")
        admin.request("POST", "/attendance/manual/shift", json={
            "employee_id": person["id"], "started_at": f"{day}T09:00:00+00:00",
            "ended_at": f"{day}T17:00:00+00:00", "note": "paging test"})
        people[name] = person["id"]
    return people


def _paged_by_two(page, admin, renames: list[tuple[str, str]], people: dict[str, str]) -> list[tuple[bool, int]]:
    """The console's CSV requests of the timesheet, 2 people a page; after each first page, the next of `renames`
    (old name, new name) made by HR. What was asked: (with a cursor, the status answered), in order."""
    asked: list[tuple[bool, int]] = []

    def handler(route):
        if route.request.headers.get("accept") != "text/csv":
            route.continue_()
            return
        parts = urlparse(route.request.url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        response = route.fetch(url=urlunparse(parts._replace(query=urlencode({**query, "limit": "2"}))))
        asked.append(("cursor" in query, response.status))
        if "cursor" not in query and renames:
            old, new = renames.pop(0)
            people[new] = people.pop(old)
            admin.request("PATCH", f"/employees/{people[new]}", json={"full_name": new})
        route.fulfill(response=response)

    page.route("**/attendance/timesheet?*", handler)
    return asked


def test_a_rename_during_the_download_starts_it_again_and_twice_is_said(stack, admin, launch, tmp_path):
    day = (datetime.now(UTC) - timedelta(days=40)).date().isoformat()
    people = _people(admin, day)
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    page.get_by_label("To").fill(day)
    page.locator("tr[data-employee='Dietz']").wait_for()
    page.get_by_test_id("csv-dialect").select_option("excel")

    # Dietz becomes Adams after the first page (Bauer, Clark): before, Adams was on neither page, missing from payroll.
    asked = _paged_by_two(page, admin, [("Dietz", "Adams")], people)
    with page.expect_download() as download_info:
        page.get_by_test_id("timesheet-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row["full_name"] for row in rows] == ["Adams", "Bauer", "Clark"]  # everyone once, one header
    assert asked == [(False, 200), (True, 409), (False, 200), (True, 200)]  # started again once
    assert page.get_by_role("alert").count() == 0

    # It changes again while read afresh: said in words, no file.
    page.unroute("**/attendance/timesheet?*")
    asked = _paged_by_two(page, admin, [("Adams", "Zimmer"), ("Bauer", "Young")], people)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_test_id("timesheet-csv").click()
    alert = page.get_by_role("alert").filter(has_text="The timesheet changed while its pages were being read")
    alert.wait_for()
    assert asked == [(False, 200), (True, 409), (False, 200), (True, 409)]  # once again only
    assert downloads == [] and "timesheet_changed" not in alert.inner_text()
    assert_accessible(page, "console timesheet download changed twice")


def test_more_after_a_rename_shows_the_sheet_again_from_the_first_page(stack, admin, launch, tmp_path):
    # On screen, 2 people a page: "More" after HR renamed someone answers 409; the same cursor could never succeed,
    # so the console reads the sheet again from its first page instead of showing an error the button cannot clear.
    day = (datetime.now(UTC) - timedelta(days=46)).date().isoformat()  # days away from the test above's
    people = _people(admin, day)
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    asked: list[bool] = []

    def two_a_page(route):
        parts = urlparse(route.request.url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if route.request.headers.get("accept") == "text/csv" or query.get("date_from") != day:
            route.continue_()
            return
        asked.append("cursor" in query)
        route.fulfill(response=route.fetch(url=urlunparse(parts._replace(query=urlencode({**query, "limit": "2"})))))

    page.route("**/attendance/timesheet?*", two_a_page)
    page.get_by_label("From").fill(day)
    with page.expect_response(lambda response: f"date_to={day}" in response.url):
        page.get_by_label("To").fill(day)
    expect(page.locator("tr[data-employee='Clark']")).to_have_count(1)
    expect(page.locator("tr[data-employee='Dietz']")).to_have_count(0)  # on the next page
    admin.request("PATCH", f"/employees/{people['Dietz']}", json={"full_name": "Adams"})
    page.get_by_test_id("more").click()
    page.locator("tr[data-employee='Adams']").wait_for()  # the first page again: Adams, Bauer
    page.get_by_test_id("more").click()
    page.locator("tr[data-employee='Clark']").wait_for()
    shown = page.locator("table[data-testid='timesheet'] tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.employee)")
    assert shown == ["Adams", "Bauer", "Clark"] and page.get_by_role("alert").count() == 0
    assert asked[-4:] == [False, True, False, True]  # page 1, More (409), page 1 again, More
