"""A person's punches in their own zone where the console names one punch alone (Debian's chromium against a local
stack whose report zone is Europe/Berlin): a New York employee's 08:02 check-in reads 08:02, with its zone named, on
their own request list, on HR's correction-request card and on the review card, never Berlin's 14:02 unnamed; and the
morning a night shift ends says so on My hours and on the Timesheet."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, go, sign_in
from tests.browser.test_console_records import _insert_events

REPORT_ZONE = "Europe/Berlin"
NEW_YORK = ZoneInfo("America/New_York")
WORKER = ("york.worker@example.com", "york-local")
LEAD = ("zone.lead@example.com", "lead-local")
USERS = {HR_USER: HR_PASSWORD, WORKER[0]: {"password": WORKER[1], "roles": ["employee"]},
         LEAD[0]: {"password": LEAD[1], "roles": ["reviewer"]}}
NAMED = "8:02:00 AM (America/New_York)"  # the check-in on New York's wall clock, its zone named
BERLINS = "2:02:00 PM"  # the same instant on the report zone's


local_stack = stack_with("personzones", {
    "FACEPASS_LOCAL_USERS": json.dumps(USERS),
    "FACEPASS_REPORT_TIMEZONE": REPORT_ZONE,
})


def at(day: date, hours: float) -> datetime:
    """New York's wall clock `hours` after the day's midnight."""
    return datetime.combine(day, datetime.min.time(), tzinfo=NEW_YORK) + timedelta(hours=hours)


def day_words(day: date) -> str:
    """The console's dayWords in English ("Dec 3, 2026")."""
    return f"{day.strftime('%b')} {day.day}, {day.year}"


@pytest.fixture(scope="module")
def york(admin) -> uuid.UUID:
    """The New York employee (the worker's record: their email)."""
    return uuid.UUID(admin.create_employee("Yori York", WORKER[0], "Floor", timezone="America/New_York")["id"])


def york_today() -> date:
    return datetime.now(UTC).astimezone(NEW_YORK).date()


def test_a_new_york_punch_reads_on_new_yorks_clock_under_a_berlin_report_zone(stack, york, launch, tmp_path):
    punched = york_today() - timedelta(days=4)
    entry, _ = _insert_events(
        stack, dict(employee_id=york, occurred_at=at(punched, 8 + 2 / 60), event_type="entry",
                    review_state="pending", review_reasons=["liveness"]),
        dict(employee_id=york, occurred_at=at(punched, 16), event_type="exit"))

    page = new_page(launch())
    sign_in(page, stack, None, user=WORKER[0], password=WORKER[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    page.get_by_label("From").fill(punched.isoformat())
    row = page.locator(f"[data-day='{punched.isoformat()}']")
    row.get_by_test_id("something-wrong").click()
    form = row.get_by_test_id("correction-form")
    form.get_by_label("What is wrong (for HR)").fill("I came in at 08:02, it was me.")
    form.get_by_label("About the punch").select_option(str(entry["id"]))
    form.get_by_role("button", name="Send to HR").click()
    request = page.get_by_test_id("my-request")
    expect(request).to_have_count(1)
    expect(request).to_contain_text("About the entry at")
    expect(request).to_contain_text(NAMED)
    assert BERLINS not in request.inner_text()
    assert_accessible(page, "console my hours: a request in the person's zone")
    screenshot(page, "console-my-hours-person-zone", tmp_path)

    lead = new_page(launch())
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    go(lead, "Review", "Review queue", tmp_path)
    card = lead.locator("[data-testid=review-item][aria-label$='Yori York']")
    short = f"{punched.month}/{punched.day}/{punched.strftime('%y')}"  # en-US's short date
    expect(card.get_by_test_id("review-time")).to_have_text(f"{short}, {NAMED}")
    expect(card).to_have_attribute("aria-label", f"{short}, {NAMED} Yori York")
    assert BERLINS not in card.inner_text()
    correction = lead.get_by_test_id("correction-item").filter(has_text="Yori York")
    expect(correction.get_by_test_id("correction-event")).to_have_text(f"About the entry at {short}, {NAMED}")
    screenshot(lead, "console-review-person-zone", tmp_path)


def test_the_morning_a_night_shift_ends_says_where_it_counted(stack, york, launch, tmp_path):
    """22:00 -> 06:00: counted on its first day; the morning after reads worked "—" and says why, on My hours and
    on HR's timesheet."""
    night = york_today() - timedelta(days=2)
    _insert_events(stack, dict(employee_id=york, occurred_at=at(night, 22), event_type="entry"),
                   dict(employee_id=york, occurred_at=at(night, 30), event_type="exit"))
    morning = (night + timedelta(days=1)).isoformat()
    said = f"ends the night shift counted on {day_words(night)}"

    page = new_page(launch())
    sign_in(page, stack, None, user=WORKER[0], password=WORKER[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    page.get_by_label("From").fill(night.isoformat())
    row = page.locator(f"[data-day='{morning}']")
    expect(row.get_by_test_id("my-punch")).to_contain_text("6:00")
    expect(row.get_by_test_id("my-day-status")).to_have_text(said)
    expect(page.locator(f"[data-day='{night.isoformat()}']").get_by_test_id("my-day-status")).to_have_text("counted")
    assert_accessible(page, "console my hours: a night shift's morning")

    hr = new_page(launch())
    sign_in(hr, stack, None)
    go(hr, "Timesheet", "Timesheet", tmp_path)
    hr.get_by_label("From").fill(night.isoformat())
    cell = hr.locator(f"tr[data-employee='Yori York'] td[data-date='{morning}']")
    expect(cell.get_by_role("img", name=said)).to_have_text("☾")  # in words for screen readers
    expect(cell.get_by_test_id("timesheet-ends-night-shift")).to_have_attribute("title", said)
    expect(hr.get_by_test_id("timesheet-legend")).to_contain_text("the check-out ended a night shift")


def test_a_review_card_still_gives_a_time_when_the_people_cannot_be_read(stack, york, launch, tmp_path):
    """The card waits for the people list to read a punch on its person's clock; when that list cannot be read (a
    5xx on GET /employees), it gives the report zone's time, as before, never "…" for good."""
    punched = york_today() - timedelta(days=3)
    _insert_events(stack, dict(employee_id=york, occurred_at=at(punched, 8 + 2 / 60), event_type="entry",
                               review_state="pending", review_reasons=["liveness"]))
    lead = new_page(launch())
    lead.route("**/employees?**", lambda route: route.fulfill(
        status=503, content_type="application/json",
        headers={"access-control-allow-origin": "*"},
        body=json.dumps({"error": {"code": "service_unavailable", "message": "down"}})))
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    go(lead, "Review", "Review queue", tmp_path)
    short = f"{punched.month}/{punched.day}/{punched.strftime('%y')}"  # en-US's short date: this punch's card
    card = lead.locator(f"[data-testid=review-item][aria-label='{short}, {BERLINS} Yori York']")
    expect(card.get_by_test_id("review-time")).to_have_text(f"{short}, {BERLINS}")
