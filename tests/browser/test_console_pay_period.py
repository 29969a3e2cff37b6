"""Closing a pay period in the HR console, in Debian's chromium against the local stack (report zone UTC): the
Timesheet asks first (with a note), then says "Closed through … (closed by … on …)"; a change in the period is
refused; Reopen asks for a note (required) and opens the period again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in


def test_a_pay_period_is_closed_and_reopened_on_the_timesheet(stack, admin, launch, tmp_path):
    person = admin.create_employee("Paula Payroll", f"paula-{uuid.uuid4().hex[:6]}@example.com", "Office")
    day = (datetime.now(UTC) - timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": day.isoformat(),
        "ended_at": (day + timedelta(hours=8)).isoformat(), "note": "kiosk down"})
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day.date().isoformat())
    page.get_by_label("To").fill(day.date().isoformat())
    page.locator("tr[data-employee='Paula Payroll']").get_by_test_id("timesheet-total").filter(
        has_text="8:00").wait_for()
    page.get_by_test_id("pay-period-open").wait_for()

    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    assert form.get_by_test_id("pay-period-date").input_value() == day.date().isoformat()  # the page's last day
    assert "no longer change" in form.inner_text()  # it asks first, saying what a close does
    form.get_by_test_id("pay-period-note").fill("November payroll signed")
    assert_accessible(page, "console timesheet closing a period")
    form.get_by_test_id("pay-period-confirm").click()
    closed = page.get_by_test_id("pay-period-closed")
    closed.wait_for()
    words = f"{day:%b} {day.day}, {day.year}"  # en-US
    assert f"Closed through {words} (closed by " in closed.inner_text(), closed.inner_text()
    screenshot(page, "console-timesheet-closed", tmp_path)
    lock = admin.request("GET", "/payroll/lock").body
    assert lock["closed_through"] == day.date().isoformat() and lock["history"][0]["note"] == "November payroll signed"
    assert lock["changed_by"] in closed.inner_text()
    refused = admin.request("POST", "/attendance/manual", expect=(409,), json={
        "employee_id": person["id"], "event_type": "exit", "occurred_at": (day + timedelta(hours=9)).isoformat(),
        "note": "late"}).body
    assert refused["error"]["code"] == "period_closed"

    # Another HR tab moves the lock while this one asks to close an earlier day: refused (lock_changed), nothing
    # written, and the page reads the lock again and says who moved it to what.
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    assert form.get_by_test_id("pay-period-date").get_attribute("max") == lock["latest_closable"]
    other_day = (day - timedelta(days=1)).date().isoformat()
    admin.request("POST", "/payroll/lock", json={"closed_through": other_day, "note": "elsewhere"})
    form.get_by_test_id("pay-period-date").fill((day - timedelta(days=5)).date().isoformat())
    form.get_by_test_id("pay-period-note").fill("stale")
    form.get_by_test_id("pay-period-confirm").click()
    changed = page.get_by_test_id("pay-period-changed")
    changed.wait_for()
    other = datetime.fromisoformat(other_day)
    assert f"through {other:%b} {other.day}, {other.year}" in changed.inner_text(), changed.inner_text()
    # The other tab moved it back a day (a reopen): the banner says so, from the history's latest row.
    page.get_by_test_id("pay-period-closed").filter(has_text=f"Reopened back to {other:%b} {other.day},").wait_for()
    assert admin.request("GET", "/payroll/lock").body["history"][0]["note"] == "elsewhere"

    page.get_by_test_id("pay-period-reopen").click()
    form = page.get_by_test_id("pay-period-form")
    form.get_by_test_id("pay-period-date").fill("")  # every day open again
    form.get_by_test_id("pay-period-confirm").click()  # no note: the form does not send it
    assert form.get_by_test_id("pay-period-note").evaluate("(note) => !note.validity.valid")
    assert admin.request("GET", "/payroll/lock").body["closed_through"] == other_day
    form.get_by_test_id("pay-period-note").fill("A forgotten exit to add")
    form.get_by_test_id("pay-period-confirm").click()
    page.get_by_test_id("pay-period-open").wait_for()
    lock = admin.request("GET", "/payroll/lock").body
    assert lock["closed_through"] is None
    assert [(change["action"], change["note"]) for change in lock["history"]] == [
        ("reopen", "A forgotten exit to add"), ("reopen", "elsewhere"), ("close", "November payroll signed")]
    added = admin.request("POST", "/attendance/manual", json={  # the period is open: a change is no longer refused
        "employee_id": person["id"], "event_type": "entry", "occurred_at": (day + timedelta(hours=10)).isoformat(),
        "note": "evening"})
    assert added.status == 201
