"""A close keeps the minutes it signed: after a reopen, a fix and a close again, the HR console's Timesheet marks the
row whose closed days' minutes moved ("changed since it was signed: was X h, now Y h") and leaves the others be
(Debian's chromium against the local stack, report zone UTC)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in


def _shift(admin, person: dict, start: datetime, hours: int) -> None:
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": start.isoformat(),
        "ended_at": (start + timedelta(hours=hours)).isoformat(), "note": "kiosk down"})


def test_a_row_whose_signed_minutes_moved_is_marked_with_was_and_now(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    moved = admin.create_employee(f"Moved {tag}", f"moved-{tag}@example.com", "Floor")
    same = admin.create_employee(f"Same {tag}", f"same-{tag}@example.com", "Floor")
    d5 = (datetime.now(UTC) - timedelta(days=5)).replace(hour=0, minute=0, second=0, microsecond=0)
    d4 = d5 + timedelta(days=1)
    _shift(admin, moved, d5 + timedelta(hours=8), 8)
    _shift(admin, same, d5 + timedelta(hours=9), 7)
    admin.request("POST", "/payroll/lock", json={"closed_through": d4.date().isoformat()})
    # Reopened for Moved's forgotten afternoon of d4, typed in, closed again.
    admin.request("POST", "/payroll/lock", json={"closed_through": (d5 - timedelta(days=1)).date().isoformat(),
                                                 "note": "Moved's afternoon"})
    _shift(admin, moved, d4 + timedelta(hours=13), 3)
    admin.request("POST", "/payroll/lock", json={"closed_through": d4.date().isoformat()})

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(d5.date().isoformat())
    page.get_by_label("To").fill(d4.date().isoformat())
    row = page.locator(f"tr[data-employee='Moved {tag}']")
    expect(row.locator("td[data-date]")).to_have_count(2)
    badge = row.get_by_test_id("timesheet-changed-since-signed")
    expect(badge).to_have_text("changed since it was signed: was 8:00 h, now 11:00 h")
    assert "claws back the difference" in badge.get_attribute("title")
    expect(row.get_by_test_id("timesheet-total")).to_contain_text("11:00")
    other = page.locator(f"tr[data-employee='Same {tag}']")
    expect(other.get_by_test_id("timesheet-total")).to_contain_text("7:00")
    expect(other.get_by_test_id("timesheet-changed-since-signed")).to_have_count(0)
    assert_accessible(page, "console timesheet with a row changed since it was signed")
    screenshot(page, "console-timesheet-changed-since-signed", tmp_path)
