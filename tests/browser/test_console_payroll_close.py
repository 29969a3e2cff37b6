"""Nothing missing or undecided is signed unseen, in the HR console (Debian's chromium against the local stack, report
zone UTC): the Timesheet lists an employee without punches as a 0 h row; its pending link opens the review queue of
exactly the punches it counted; closing over a day with a punch awaiting review and a shift with no exit is refused
with what and where (links to the review queue of exactly those punches and to each person's day), and "Close
anyway" closes it, recorded as forced, unless what is undecided changed since it was shown (refused again, shown
anew)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import go, sign_in
from tests.browser.test_console_records import _insert_events


def _timesheet(page, first: str, last: str) -> None:
    page.get_by_label("From").fill(first)
    page.get_by_label("To").fill(last)


def test_a_close_over_undecided_days_is_refused_shown_and_closed_anyway(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    lee = admin.create_employee(f"Lee {tag}", f"lee-{tag}@example.com", "Floor")
    max_ = admin.create_employee(f"Max {tag}", f"max-{tag}@example.com", "Floor")
    admin.create_employee(f"Zoe {tag}", f"zoe-{tag}@example.com", "Floor")  # never punched
    day = (datetime.now(UTC) - timedelta(days=4)).replace(hour=0, minute=0, second=0, microsecond=0)
    first = day.date().isoformat()
    _insert_events(stack, dict(employee_id=uuid.UUID(lee["id"]), occurred_at=day + timedelta(hours=8),
                               event_type="entry"))  # a forgotten check-out
    pending = _insert_events(stack, dict(employee_id=uuid.UUID(max_["id"]), occurred_at=day + timedelta(hours=9),
                                         event_type="entry", review_state="pending",
                                         review_reasons=["low_margin"]))[0]

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    # The month so far: Zoe, created today, has a row of 0 h.
    zoe = page.locator(f"tr[data-employee='Zoe {tag}']")
    zoe.get_by_test_id("timesheet-total").filter(has_text="0:00").wait_for()
    _timesheet(page, first, first)
    zoe.wait_for(state="detached")  # created after the day shown: nobody's employee then
    expect(page.locator(f"tr[data-employee='Lee {tag}'] td[data-date]")).to_have_count(1)  # the one day shown
    # The pending link opens the review queue of exactly the punches the timesheet counted.
    expect(page.get_by_test_id("timesheet-pending-review")).to_have_attribute(
        "href", f"#/review?ids={pending['id']}")

    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    assert form.get_by_test_id("pay-period-date").input_value() == first
    form.get_by_test_id("pay-period-note").fill("Payroll signed")
    form.get_by_test_id("pay-period-confirm").click()
    undecided = form.get_by_test_id("pay-period-undecided")
    undecided.wait_for()
    words = f"{day:%b} {day.day}, {day.year}"
    assert f"Closing through {words} would sign payroll over days not settled yet" in undecided.inner_text()
    assert undecided.get_by_test_id("pay-period-undecided-pending").inner_text().startswith(
        "1 punch awaiting review")
    assert undecided.get_by_test_id("pay-period-undecided-no-exit").inner_text().startswith(
        "1 day with a shift with no exit")
    items = undecided.get_by_test_id("pay-period-undecided-items")
    assert f"Lee {tag} · {words} · no exit" in items.inner_text()
    assert f"Max {tag} · {words} · awaiting review" in items.inner_text()
    person_day = items.get_by_role("link", name=f"Lee {tag}")
    assert f"employee_id={lee['id']}" in person_day.get_attribute("href")
    assert "Close anyway only if payroll is signed without these minutes" in undecided.inner_text()
    assert_accessible(page, "console timesheet close refused over undecided days")
    screenshot(page, "console-timesheet-close-undecided", tmp_path)
    assert admin.request("GET", "/payroll/lock").body["closed_through"] is None  # nothing closed

    # "Show these days on the timesheet": the timesheet, moved to other days meanwhile, shows the refused ones again.
    _timesheet(page, (day - timedelta(days=2)).date().isoformat(), (day + timedelta(days=1)).date().isoformat())
    expect(page.locator(f"tr[data-employee='Lee {tag}'] td[data-date]")).to_have_count(4)
    undecided.get_by_test_id("pay-period-undecided-show").click()
    expect(page.get_by_label("From")).to_have_value(first)
    expect(page.get_by_label("To")).to_have_value(first)
    for person in (f"Lee {tag}", f"Max {tag}"):
        days = page.locator(f"tr[data-employee='{person}'] td[data-date]")
        expect(days).to_have_count(1)
        assert days.first.get_attribute("data-date") == first
    expect(page.get_by_test_id("timesheet-pending-review")).to_have_attribute("href", f"#/review?ids={pending['id']}")

    # The review queue of exactly what was counted: Max's punch.
    review = undecided.get_by_test_id("pay-period-undecided-review")
    assert review.get_attribute("href") == f"#/review?ids={pending['id']}"
    review.click()
    page.get_by_test_id("review-ids").wait_for()
    cards = page.get_by_test_id("review-item")
    cards.first.wait_for()
    assert cards.count() == 1 and f"Max {tag}" in cards.first.inner_text()

    # Back on the Timesheet: Close anyway.
    go(page, "Timesheet", "Timesheet", tmp_path)
    _timesheet(page, first, first)
    page.get_by_test_id("pay-period-close").click()
    form = page.get_by_test_id("pay-period-form")
    note = form.get_by_test_id("pay-period-note")
    expect(form.get_by_label("Note", exact=True)).to_be_visible()  # a plain close: no note needed
    form.get_by_test_id("pay-period-confirm").click()
    form.get_by_test_id("pay-period-undecided").wait_for()
    # Closing anyway needs a reason: the field says so, and Close anyway without one sends nothing.
    expect(form.get_by_label("Why (required)", exact=True)).to_be_visible()
    expect(note).to_have_attribute("aria-required", "true")
    form.get_by_test_id("pay-period-force").click()
    expect(note).to_be_focused()
    assert note.evaluate("field => field.validationMessage") == (
        "Say why the pay period is closed anyway: it signs days still undecided.")
    assert admin.request("GET", "/payroll/lock").body["closed_through"] is None
    note.fill("Signed; Lee's exit follows")
    # A punch arrives between the refusal shown and the click: Close anyway is refused again, with what it is now.
    _insert_events(stack, dict(employee_id=uuid.UUID(max_["id"]), occurred_at=day + timedelta(hours=11),
                               event_type="entry", review_state="pending", review_reasons=["low_margin"]))
    form.get_by_test_id("pay-period-force").click()
    form.get_by_test_id("pay-period-undecided-changed").wait_for()
    assert form.get_by_test_id("pay-period-undecided-pending").inner_text().startswith("2 punches awaiting review")
    assert admin.request("GET", "/payroll/lock").body["closed_through"] is None
    form.get_by_test_id("pay-period-force").click()
    closed = page.get_by_test_id("pay-period-closed")
    closed.wait_for()
    assert f"Closed through {words} (closed by " in closed.inner_text()
    change = admin.request("GET", "/payroll/lock").body["history"][0]
    assert (change["closed_through"], change["forced"], change["pending_reviews"], change["days_without_exit"],
            change["days_without_entry"], change["note"]) == (first, True, 2, 1, 0, "Signed; Lee's exit follows")
    refused = admin.request("POST", f"/attendance/{pending['id']}/review", expect=(409,),
                            json={"action": "confirm", "note": "it was Max"}).body
    assert refused["error"]["code"] == "period_closed"


def test_the_review_queue_of_some_days_says_so_and_lists_only_their_punches(stack, admin, launch, tmp_path):
    """A refused close links a punch nobody was matched to by its day (`#/review?date_from=…&date_to=…`): the queue
    says which days it shows, lists that day's punches awaiting review and not the next day's, and links back to all
    (two people's punches here: the days are the report zone's either way)."""
    tag = uuid.uuid4().hex[:4]
    ray = admin.create_employee(f"Ray {tag}", f"ray-{tag}@example.com", "Floor")
    kim = admin.create_employee(f"Kim {tag}", f"kim-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=40)).replace(hour=0, minute=0, second=0, microsecond=0)
    _insert_events(
        stack, dict(employee_id=uuid.UUID(kim["id"]), occurred_at=day + timedelta(hours=10), event_type="entry",
                    review_state="pending", review_reasons=["low_margin"]),
        dict(employee_id=uuid.UUID(ray["id"]), occurred_at=day + timedelta(days=1, hours=10), event_type="entry",
             review_state="pending", review_reasons=["low_margin"]))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    first = day.date().isoformat()
    page.goto(f"{stack.console_url}#/review?date_from={first}&date_to={first}")
    days = page.get_by_test_id("review-days")
    days.wait_for()
    assert days.inner_text().startswith("Only the punches of ") and days.get_by_role("link").get_attribute(
        "href") == "#/review"
    page.get_by_test_id("review-item").first.wait_for()
    listed = page.get_by_test_id("review-item").all()
    assert len(listed) == 1, [item.inner_text() for item in listed]  # that day's punch, not Ray's of the next day
    assert listed[0].get_attribute("aria-label").endswith(f"Kim {tag}")  # the card's time and person
