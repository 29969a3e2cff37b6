"""The close weighs the employees' "that's wrong", and review cards on closed days say who can act (Debian's chromium
against the local stack, FACEPASS_LOCAL_USERS with a payroll clerk and a reviewer): payroll's close over a day an
employee asked about is refused, the dialog says "1 correction request unanswered" with the person and the day (not
the employee's note), and Close anyway with a note closes it; the reviewer's queue then shows the punch a forced
close went over after the one they can decide, saying that payroll must reopen its day, without decision buttons."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, go, sign_in
from tests.browser.test_console_records import _insert_events

PAYROLL = ("payroll@example.com", "payroll-local")
LEAD = ("lead@example.com", "lead-local")
USERS = {HR_USER: HR_PASSWORD, PAYROLL[0]: {"password": PAYROLL[1], "roles": ["payroll"]},
         LEAD[0]: {"password": LEAD[1], "roles": ["reviewer"]}}


local_stack = stack_with("closereq", {"FACEPASS_LOCAL_USERS": json.dumps(USERS)})


def _ask_correction(stack, employee_id: str, day, note: str) -> dict:
    """An employee's open correction request about `day`, written as POST /me/corrections writes it."""
    import psycopg
    from psycopg.rows import dict_row

    from facepass import repository

    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            return repository.insert_correction(cur, employee_id=uuid.UUID(employee_id), day=day,
                                                attendance_id=None, note=note, requested_by="ann@example.com")
    finally:
        connection.close()


def test_the_close_dialog_lists_unanswered_requests_and_closed_day_cards_say_payroll_must_reopen(
        stack, admin, launch, tmp_path):
    ann = admin.create_employee("Ann Asker", "ann@example.com", "Floor")
    bob = admin.create_employee("Bob Doubt", "bob@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=4)).replace(hour=0, minute=0, second=0, microsecond=0)
    later = day + timedelta(days=2)
    first = day.date().isoformat()
    _insert_events(stack, dict(employee_id=uuid.UUID(ann["id"]), occurred_at=day + timedelta(hours=8),
                               event_type="entry"),
                   dict(employee_id=uuid.UUID(ann["id"]), occurred_at=day + timedelta(hours=16), event_type="exit"))
    on_closed_day, decidable = _insert_events(
        stack, dict(employee_id=uuid.UUID(bob["id"]), occurred_at=day + timedelta(hours=9), event_type="entry",
                    review_state="pending", review_reasons=["low_margin"]),
        dict(employee_id=uuid.UUID(bob["id"]), occurred_at=later + timedelta(hours=9), event_type="entry",
             review_state="pending", review_reasons=["low_margin"]))
    _ask_correction(stack, ann["id"], day.date(), "Private: I was at the doctor's after 16:00")

    page = new_page(launch())
    sign_in(page, stack, None, user=PAYROLL[0], password=PAYROLL[1])
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(first)
    page.get_by_label("To").fill(first)
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    assert form.get_by_test_id("pay-period-date").input_value() == first
    form.get_by_test_id("pay-period-confirm").click()
    undecided = form.get_by_test_id("pay-period-undecided")
    undecided.wait_for()
    words = f"{day:%b} {day.day}, {day.year}"
    line = undecided.get_by_test_id("pay-period-undecided-corrections")
    assert line.inner_text().startswith("1 correction request unanswered"), line.inner_text()
    requests = line.get_by_test_id("pay-period-undecided-correction")
    expect(requests).to_have_count(1)
    expect(requests).to_have_text(f"Ann Asker · {words}")
    assert f"employee_id={ann['id']}" in requests.get_by_role("link").get_attribute("href")
    expect(line.get_by_test_id("pay-period-undecided-corrections-answer")).to_have_count(0)  # payroll answers none
    assert "doctor" not in undecided.inner_text()  # the employee's note is the reviewers'
    assert undecided.get_by_test_id("pay-period-undecided-pending").inner_text().startswith("1 punch awaiting review")
    # Listed once: under its own line, not again among the other items.
    assert "Ann Asker" not in undecided.get_by_test_id("pay-period-undecided-items").inner_text()
    assert_accessible(page, "console timesheet close refused over an unanswered correction request")
    screenshot(page, "console-timesheet-close-corrections", tmp_path)
    assert admin.request("GET", "/payroll/lock").body["closed_through"] is None

    form.get_by_test_id("pay-period-note").fill("Signed; Ann's request answered next period")
    form.get_by_test_id("pay-period-force").click()
    page.get_by_test_id("pay-period-closed").wait_for()
    change = admin.request("GET", "/payroll/lock").body["history"][0]
    assert (change["closed_through"], change["forced"], change["note"]) == (
        first, True, "Signed; Ann's request answered next period")

    # The reviewer's queue: the punch they can decide first, the closed day's after it, saying who must act.
    lead = new_page(launch())
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    go(lead, "Review", "Review", tmp_path)
    cards = lead.get_by_test_id("review-item")
    expect(cards).to_have_count(2)
    assert cards.nth(0).get_attribute("data-closed-period") is None
    expect(cards.nth(0).get_by_role("button", name="Confirm", exact=True)).to_have_count(1)
    closed = cards.nth(1)
    assert closed.get_attribute("data-closed-period") == "true"
    expect(closed.get_by_test_id("review-closed-period")).to_have_text(
        f"The pay period holding {words} is closed: payroll must reopen it before this punch can be decided.")
    for name in ("Confirm", "Reject"):
        expect(closed.get_by_role("button", name=name, exact=True)).to_have_count(0)
    assert closed.get_attribute("aria-label").endswith("Bob Doubt")
    assert_accessible(lead, "console review: a card on a closed day")
    screenshot(lead, "console-review-closed-period", tmp_path)
    listed = admin.request("GET", "/attendance/review").body["items"]  # the API's order is unchanged
    assert [(item["id"], item["in_closed_period"]) for item in listed] == [(on_closed_day["id"], True),
                                                                          (decidable["id"], False)]
