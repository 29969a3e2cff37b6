"""What each close signed and what it paid on top, in the HR console's Timesheet (Debian's chromium against the local
stack, report zone UTC): a close that signed days again with other minutes says so in the pay period's History
("Adjusted N people, +X h / −Y h") with a "Download adjustments (CSV)" button; a row whose closed days' minutes moved
after the last close covering them is marked "changed since it was signed: was X h, now Y h"."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in


def _shift(admin, person: dict, start: datetime, hours: int) -> None:
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": start.isoformat(),
        "ended_at": (start + timedelta(hours=hours)).isoformat(), "note": "kiosk down"})


def _lock(admin, day: datetime, note: str | None = None) -> dict:
    answer = admin.request("POST", "/payroll/lock", json={"closed_through": day.date().isoformat(),
                                                          **({"note": note} if note else {})})
    return answer.body["history"][0]


def test_a_close_that_pays_a_fix_says_so_and_downloads_its_adjustments(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    moved = admin.create_employee(f"Moved {tag}", f"moved-{tag}@example.com", "Floor")
    same = admin.create_employee(f"Same {tag}", f"same-{tag}@example.com", "Floor")
    d5 = (datetime.now(UTC) - timedelta(days=5)).replace(hour=0, minute=0, second=0, microsecond=0)
    d4 = d5 + timedelta(days=1)
    _shift(admin, moved, d5 + timedelta(hours=8), 8)
    _shift(admin, same, d5 + timedelta(hours=9), 7)
    first = _lock(admin, d4)
    # Reopened for Moved's forgotten afternoon of d5, typed in, closed again: that close pays +3 h for one person.
    _lock(admin, d5 - timedelta(days=1), "Moved's afternoon")
    _shift(admin, moved, d5 + timedelta(hours=17), 3)
    again = _lock(admin, d4)
    assert (first["people_adjusted"], again["people_adjusted"], again["minutes_adjusted"]) == (0, 1, 180)

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(d5.date().isoformat())
    page.get_by_label("To").fill(d4.date().isoformat())
    history = page.get_by_test_id("pay-period-history")
    history.locator("summary").click()
    adjusted = history.get_by_test_id("pay-period-history-adjusted")
    expect(adjusted).to_have_count(1)  # the first close signed every day for the first time: nothing adjusted
    expect(adjusted).to_contain_text("Adjusted 1 person, +3:00 h / −0:00 h")
    with page.expect_download() as download_info:
        adjusted.get_by_test_id("pay-period-adjustments-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig")),
                               delimiter=";" if page.evaluate("localStorage.getItem('facepass.csvDialect')")
                               == "excel-semicolon" else ","))
    assert [(row["full_name"], row["day"], row["signed_before"], row["signed_now"], row["delta"]) for row in rows] == [
        (f"Moved {tag}", d5.date().isoformat(), "480", "660", "180")]
    # The timesheet signs each closed day's latest signature: what payroll was last sent, nothing moved since.
    row = page.locator(f"tr[data-employee='Moved {tag}']")
    expect(row.get_by_test_id("timesheet-total")).to_contain_text("11:00")
    expect(row.get_by_test_id("timesheet-changed-since-signed")).to_have_count(0)
    assert_accessible(page, "console timesheet history with a close's adjustments")
    screenshot(page, "console-pay-period-adjustments", tmp_path)


def test_a_row_whose_signed_minutes_moved_is_marked_with_was_and_now(local_stack, stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    moved = admin.create_employee(f"Restored {tag}", f"restored-{tag}@example.com", "Floor")
    same = admin.create_employee(f"Kept {tag}", f"kept-{tag}@example.com", "Floor")
    # A day after those the test above closes (this module's stack is shared): closed here for the first time.
    d3 = (datetime.now(UTC) - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
    _shift(admin, moved, d3 + timedelta(hours=8), 11)
    _shift(admin, same, d3 + timedelta(hours=9), 7)
    _lock(admin, d3)
    # Something moved after the close (an older database restored, say): Moved's exit is three hours earlier now.
    with psycopg.connect(local_stack.settings.database_url, autocommit=True) as connection:
        changed = connection.execute(
            "UPDATE attendance_log SET occurred_at = occurred_at - interval '3 hours'"
            " WHERE employee_id = %s AND event_type = 'exit'", (moved["id"],)).rowcount
    assert changed == 1

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(d3.date().isoformat())
    page.get_by_label("To").fill(d3.date().isoformat())
    row = page.locator(f"tr[data-employee='Restored {tag}']")
    expect(row.locator("td[data-date]")).to_have_count(1)
    badge = row.get_by_test_id("timesheet-changed-since-signed")
    expect(badge).to_have_text("changed since it was signed: was 11:00 h, now 8:00 h")
    assert "claws back the difference" in badge.get_attribute("title")
    expect(row.get_by_test_id("timesheet-total")).to_contain_text("8:00")
    other = page.locator(f"tr[data-employee='Kept {tag}']")
    expect(other.get_by_test_id("timesheet-total")).to_contain_text("7:00")
    expect(other.get_by_test_id("timesheet-changed-since-signed")).to_have_count(0)
    assert_accessible(page, "console timesheet with a row changed since it was signed")
    screenshot(page, "console-timesheet-changed-since-signed", tmp_path)
