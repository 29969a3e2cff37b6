"""Least privilege in the HR console (Debian's chromium against the local stack, FACEPASS_LOCAL_USERS with roles): a
reviewer signs in through the local authorize page and sees Today, Attendance, the reports and Review, never
Employees or Devices, and no Close on the Timesheet; a typed address of a page their role has not says "Your role
cannot do this"; a payroll clerk sees the reports and closes pay periods but no photo, review or correction; the
default user (a bare password) stays an admin with every page."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import (
    DEVICE_QUIET_MINUTES,
    PRIVACY_CONTACT,
    assert_accessible,
    new_page,
    screenshot,
    stack_with,
)
from tests.browser.test_console import HR_PASSWORD, HR_USER, sign_in
from tests.browser.test_console_records import _insert_events

REVIEWER = ("shift.lead@example.com", "review-local")
PAYROLL = ("payroll@example.com", "payroll-local")
USERS = {HR_USER: HR_PASSWORD,  # the first form: a bare password, an admin
         REVIEWER[0]: {"password": REVIEWER[1], "roles": ["reviewer"]},
         PAYROLL[0]: {"password": PAYROLL[1], "roles": ["payroll"]}}
EVERY_PAGE = ["Today", "Employees", "Attendance", "Daily report", "Timesheet", "Review", "Schedules", "Devices",
              "Access"]


local_stack = stack_with("roles", {
    "FACEPASS_PRIVACY_CONTACT": PRIVACY_CONTACT,
    "FACEPASS_DEVICE_QUIET_MINUTES": str(DEVICE_QUIET_MINUTES),
    "FACEPASS_LOCAL_USERS": json.dumps(USERS),
})


def sign_in_as(page, stack, user: str, password: str) -> None:
    sign_in(page, stack, None, user=user, password=password)


def nav(page) -> list[str]:
    return [name.strip() for name in page.get_by_role("navigation").get_by_role("link").all_inner_texts()]


def _event_with_a_snapshot(stack, employee_id: str) -> int:
    """A recognized check-in yesterday whose snapshot is kept (a key: the console offers to show it to who may)."""
    occurred = (datetime.now(UTC) - timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    return _insert_events(stack, dict(employee_id=uuid.UUID(employee_id), occurred_at=occurred, event_type="entry",
                                      snapshot_key=f"snapshots/{uuid.uuid4()}.jpg"))[0]["id"]


def _nobodys_punch(stack, occurred: datetime) -> None:
    """A face nobody matched, awaiting review (as a check-in writes it)."""
    _insert_events(stack, dict(employee_id=None, occurred_at=occurred, event_type="entry", similarity=None,
                               status="unknown", review_state="pending", review_reasons=["unknown"]))


def test_a_reviewer_sees_review_attendance_and_reports_only(stack, admin, launch, tmp_path):
    page = new_page(launch())
    sign_in_as(page, stack, *REVIEWER)
    expect(page.get_by_test_id("roles")).to_have_text("Reviewer")
    assert nav(page) == ["Today", "Attendance", "Daily report", "Timesheet", "Review", "Schedules"]
    page.get_by_role("heading", name="Today", level=2, exact=False).wait_for()

    page.get_by_role("navigation").get_by_role("link", name="Timesheet").click()
    page.get_by_role("heading", name="Timesheet", level=2).wait_for()
    page.get_by_test_id("pay-period-lock").wait_for()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("pay-period-open")).to_be_visible()  # the state, read
    expect(page.get_by_test_id("pay-period-close")).to_have_count(0)  # no close for a reviewer
    assert_accessible(page, "console timesheet as a reviewer")
    screenshot(page, "console-reviewer-timesheet", tmp_path)

    page.get_by_role("navigation").get_by_role("link", name="Review").click()
    page.get_by_role("heading", name="Review", level=2, exact=False).wait_for()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("alert")).to_have_count(0)

    page.goto(f"{stack.console_url}#/employees")  # typed: not in the nav, and said so
    expect(page.get_by_test_id("forbidden")).to_have_text("Your role cannot do this.")
    page.goto(f"{stack.console_url}#/devices")
    expect(page.get_by_test_id("forbidden")).to_have_text("Your role cannot do this.")


def test_payroll_closes_periods_and_sees_no_photo_or_correction(stack, admin, launch, tmp_path):
    person = admin.create_employee(f"Pat {uuid.uuid4().hex[:4]}", f"pat-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    event_id = _event_with_a_snapshot(stack, person["id"])

    page = new_page(launch())
    sign_in_as(page, stack, *PAYROLL)
    expect(page.get_by_test_id("roles")).to_have_text("Payroll")
    assert nav(page) == ["Attendance", "Daily report", "Timesheet", "Schedules"]
    # The landing page is the first the role has: Attendance, its events listed without photos or corrections.
    page.get_by_role("heading", name="Attendance", level=2).wait_for()
    day = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    page.goto(f"{stack.console_url}#/attendance?date_from={day}&date_to={day}")
    row = page.locator(f"tr[data-event='{event_id}']")
    expect(row).to_be_visible()
    expect(row.get_by_role("button", name="Show")).to_have_count(0)
    expect(row.get_by_test_id("correct")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)  # no refused call behind the page (the devices' names)

    page.get_by_role("navigation").get_by_role("link", name="Timesheet").click()
    page.get_by_role("heading", name="Timesheet", level=2).wait_for()
    expect(page.get_by_test_id("pay-period-close")).to_be_visible()
    page.goto(f"{stack.console_url}#/review")
    expect(page.get_by_test_id("forbidden")).to_have_text("Your role cannot do this.")


def test_the_default_user_is_still_an_admin_with_every_page(stack, admin, launch, tmp_path):
    person = admin.create_employee(f"Ana {uuid.uuid4().hex[:4]}", f"ana-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    event_id = _event_with_a_snapshot(stack, person["id"])
    page = new_page(launch())
    sign_in_as(page, stack, HR_USER, HR_PASSWORD)
    expect(page.get_by_test_id("roles")).to_have_text("HR admin")
    assert nav(page) == EVERY_PAGE
    day = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    page.goto(f"{stack.console_url}#/attendance?date_from={day}&date_to={day}")
    row = page.locator(f"tr[data-event='{event_id}']")
    expect(row.get_by_role("button", name="Show")).to_be_visible()  # what payroll is not offered
    expect(row.get_by_test_id("correct")).to_be_visible()


def test_payroll_sees_no_face_evidence_and_no_link_it_cannot_follow(stack, admin, launch, tmp_path):
    """A punch awaiting review, with its score, and one of nobody's: payroll's Attendance page lists neither (the
    punches that count only) and has no Status,
    Similarity or Snapshot column (the review state instead) and no status filter, but a Note column (why HR typed
    a punch in); the pending counts of the daily
    report, the timesheet and a refused close are text, never a link to the review queue their role cannot open."""
    tag = uuid.uuid4().hex[:4]
    kim = admin.create_employee(f"Kim {tag}", f"kim-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
    first = day.date().isoformat()
    confirmed, flagged = _insert_events(
        stack, dict(employee_id=uuid.UUID(kim["id"]), occurred_at=day + timedelta(hours=8), event_type="entry",
                    review_state="confirmed"),
        dict(employee_id=uuid.UUID(kim["id"]), occurred_at=day + timedelta(hours=9), event_type="entry",
             review_state="pending", review_reasons=["low_margin"]))
    _nobodys_punch(stack, day + timedelta(hours=10))
    # Her exit, typed by HR: payroll reads why (the audit trail it cannot open), in a Note column.
    typed = admin.request("POST", "/attendance/manual", json={
        "employee_id": kim["id"], "event_type": "exit", "occurred_at": (day + timedelta(hours=16)).isoformat(),
        "note": "Kim forgot to check out; her lead confirmed 16:00"}).body

    page = new_page(launch())
    sign_in_as(page, stack, *PAYROLL)
    page.get_by_role("heading", name="Attendance", level=2).wait_for()
    page.goto(f"{stack.console_url}#/attendance?date_from={first}&date_to={first}")
    # Payroll reads the punches that count: the one awaiting review (named after whom the face matched) is not listed.
    row = page.locator(f"tr[data-event='{confirmed['id']}']")
    expect(row).to_be_visible()
    expect(page.locator(f"tr[data-event='{flagged['id']}']")).to_have_count(0)
    headers = [text.strip() for text in page.get_by_test_id("events").locator("th").all_inner_texts()]
    assert headers == ["Time", "Employee", "Event", "Review", "Device", "Note"], headers
    expect(row.get_by_test_id("review-state-badge")).to_be_visible()
    expect(row.get_by_test_id("event-note")).to_have_text("—")  # nobody wrote why
    expect(page.locator(f"tr[data-event='{typed['id']}']").get_by_test_id("event-note")).to_have_text(
        "Kim forgot to check out; her lead confirmed 16:00")
    assert "0.8" not in page.get_by_test_id("events").inner_text()
    expect(page.locator("select[name=status]")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_accessible(page, "console attendance as payroll")

    page.get_by_role("navigation").get_by_role("link", name="Daily report").click()
    page.get_by_role("heading", name="Daily report", level=2).wait_for()
    page.get_by_label("Date").fill(first)
    kim_row = page.locator("tr", has_text=f"Kim {tag}")
    expect(kim_row.get_by_test_id("pending-count")).to_have_text("1")
    expect(page.locator("a[href^='#/review']")).to_have_count(0)

    page.get_by_role("navigation").get_by_role("link", name="Timesheet").click()
    page.get_by_role("heading", name="Timesheet", level=2).wait_for()
    page.get_by_label("From").fill(first)
    page.get_by_label("To").fill(first)
    page.get_by_test_id("timesheet-pending").wait_for()
    expect(page.locator(f"tr[data-employee='Kim {tag}']").get_by_test_id("pending-count")).to_have_text("1")
    expect(page.get_by_test_id("timesheet-pending-review")).to_have_count(0)
    expect(page.locator("a[href^='#/review']")).to_have_count(0)

    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    form.get_by_test_id("pay-period-date").fill(first)
    form.get_by_test_id("pay-period-note").fill("Payroll signed")
    form.get_by_test_id("pay-period-confirm").click()
    undecided = form.get_by_test_id("pay-period-undecided")
    undecided.wait_for()
    assert undecided.get_by_test_id("pay-period-undecided-pending").inner_text().startswith("2 punches awaiting review")
    expect(undecided.get_by_test_id("pay-period-undecided-review")).to_have_count(0)
    expect(undecided.get_by_test_id("pay-period-undecided-nobody")).to_be_visible()
    expect(page.locator("a[href^='#/review']")).to_have_count(0)
    assert_accessible(page, "console refused close as payroll")
    screenshot(page, "console-payroll-undecided", tmp_path)
