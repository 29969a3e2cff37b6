"""Weekly overtime in the HR console's Timesheet (Debian's chromium against the local stack with
FACEPASS_WEEKLY_OVERTIME_MINUTES=2400): an Overtime column counts each complete week's time beyond 40 hours, and a
period that cuts a week says how much time lies in the cut weeks instead of guessing their overtime."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import PRIVACY_CONTACT, assert_accessible, new_page, stack_with
from tests.browser.test_console import go, sign_in

local_stack = stack_with("overtime", {
    "FACEPASS_PRIVACY_CONTACT": PRIVACY_CONTACT,
    "FACEPASS_WEEKLY_OVERTIME_MINUTES": "2400",
})


def test_the_timesheet_shows_overtime_of_complete_weeks_and_the_time_in_cut_ones(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Olga Overtime {tag}", f"olga-{tag}@example.com", "Floor")
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday() + 21)  # a whole week three weeks back
    for offset in range(5):  # nine hours a day, Monday to Friday: 45 h, 5 h over 40
        start = datetime.combine(monday + timedelta(days=offset), datetime.min.time(), tzinfo=UTC) + timedelta(hours=8)
        answer = admin.request("POST", "/attendance/manual/shift", json={
            "employee_id": person["id"], "started_at": start.isoformat(),
            "ended_at": (start + timedelta(hours=9)).isoformat(), "note": "kiosk down"})
        assert answer.status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    show_period(page, monday, monday + timedelta(days=6))
    row = page.locator(f"tr[data-employee='Olga Overtime {tag}']")
    expect(page.get_by_test_id("timesheet-overtime-header")).to_have_text("Overtime")
    expect(row.get_by_test_id("timesheet-overtime")).to_have_text("5:00")
    expect(row.get_by_test_id("timesheet-cut-weeks")).to_have_count(0)
    assert_accessible(page, "console timesheet with overtime")

    # Wednesday to the next Tuesday cuts both weeks: no overtime guessed, the cut weeks' time said
    show_period(page, monday + timedelta(days=2), monday + timedelta(days=8))
    expect(row.get_by_test_id("timesheet-no-complete-week")).to_have_text("no complete week")  # not "none"
    expect(row.get_by_test_id("timesheet-cut-weeks")).to_have_text("27:00 in weeks the period cuts")


def show_period(page, first: date, last: date) -> None:
    page.get_by_label("From").fill(first.isoformat())
    page.get_by_label("To").fill(last.isoformat())
