"""Paid absences in the HR console (Debian's chromium against the local stack): HR adds a sick day on the Attendance
page, beside the missing-punch form; the Timesheet marks the day ("S 4:00", said in words to screen readers) without
counting it as worked time, lists it among the period's absences, and deletes it from there."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import go, sign_in


def test_hr_adds_an_absence_and_the_timesheet_shows_it_then_deletes_it(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name = f"Vera {tag}"
    vera = admin.create_employee(name, f"vera-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    page.get_by_text("Add an absence").click()
    form = page.get_by_role("form", name="Add an absence")
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(day)
    form.locator("select[name=kind]").select_option(label="Sick leave")
    form.get_by_label("Hours", exact=True).fill("4")
    form.get_by_label("Note (optional)").fill(f"Flu {tag}")
    assert_accessible(page, "console add absence")
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-added").filter(has_text=f"{name}, {day}, Sick leave").wait_for()

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    cell = page.locator(f"tr[data-employee='{name}'] td[data-date='{day}']")
    mark = cell.get_by_test_id("absence-mark")
    mark.wait_for()
    assert mark.inner_text().strip() == "S 4:00"
    assert mark.get_attribute("aria-label") == "Absence: Sick leave, 4:00 (not worked time)"
    assert cell.inner_text().strip().startswith("·")  # no time worked that day: the absence is not worked time
    row = page.locator(f"tr[data-employee='{name}']")
    assert row.get_by_test_id("timesheet-total").inner_text().startswith("0:00")
    assert "absent 4:00" in row.get_by_test_id("timesheet-absence-total").inner_text()
    assert_accessible(page, "console timesheet absence")

    listed = page.get_by_test_id("absences").locator("tr", has_text=name)
    assert f"Flu {tag}" in listed.inner_text()
    listed.get_by_role("button", name=f"Delete the absence of {name} on {day} (Sick leave)").click()
    page.get_by_test_id("absence-deleted").wait_for()
    mark.wait_for(state="detached")
    history = admin.request("GET", f"/employees/{vera['id']}/audit").body["items"]
    assert [(row["before"], row["after"]) for row in history if row["field"] == "absence"] == [
        (None, f"{day} sick 240"), (f"{day} sick 240", None)]


def test_today_lists_people_on_a_paid_absence_apart_from_those_not_yet_in(stack, admin, launch, tmp_path):
    # Someone on vacation today is away, not late: the Today page counts them apart, with the kind, not as "Not yet in".
    tag = uuid.uuid4().hex[:4]
    name = f"Ulla Away {tag}"
    ulla = admin.create_employee(name, f"ulla-{tag}@example.com", "Floor")
    today = datetime.now(UTC).date().isoformat()  # the local stack's report zone is UTC
    answer = admin.request("POST", "/attendance/absences", json={
        "employee_id": ulla["id"], "day": today, "kind": "vacation", "minutes": 480})
    assert answer.status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/?all=not-yet")
    away = page.get_by_test_id("away")
    away.get_by_text(f"{name} · Vacation").wait_for()
    assert page.get_by_test_id("not-yet-names").get_by_text(name).count() == 0  # the whole list (?all=not-yet)
    assert_accessible(page, "console today with people away")
