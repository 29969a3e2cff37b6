"""Separation of duties in the HR console (Debian's chromium against the local stack, FACEPASS_LOCAL_USERS with a
reviewer whose email is an employee's): their own punch awaiting review says "Your own punch: another reviewer
decides" and offers no confirm, reassign or reject; a colleague's is decided as before, and the reassign list and the
manual punch form leave the reviewer out."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, sign_in
from tests.browser.test_console_records import _insert_events
from tests.conftest import fixture_bytes

LEAD = ("lead@example.com", "lead-local")
USERS = {HR_USER: HR_PASSWORD, LEAD[0]: {"password": LEAD[1], "roles": ["reviewer"]}}


local_stack = stack_with("sod", {"FACEPASS_LOCAL_USERS": json.dumps(USERS)})


def _pending(stack, employee_id: str, hour: int) -> int:
    """A punch of the person awaiting review yesterday (a low-margin match, as a check-in writes it)."""
    occurred = (datetime.now(UTC) - timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return _insert_events(stack, dict(employee_id=uuid.UUID(employee_id), occurred_at=occurred, event_type="entry",
                                      review_state="pending", review_reasons=["low_margin"]))[0]["id"]


def test_a_reviewers_own_punch_is_left_to_another_reviewer(stack, admin, launch, tmp_path):
    # The reviewer is an employee too (their console email is their record's, in another case), enrolled by photo.
    lead = admin.create_employee("Kit Lead", "Lead@Example.com", "Floor")
    assert admin.enroll(lead["id"], fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"))["status"] == \
        "completed"
    colleague = admin.create_employee("Robin Colleague", f"robin-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    own, theirs = _pending(stack, lead["id"], 8), _pending(stack, colleague["id"], 9)

    page = new_page(launch())
    sign_in(page, stack, None, user=LEAD[0], password=LEAD[1])
    page.get_by_role("navigation").get_by_role("link", name="Review").click()
    page.get_by_role("heading", name="Review", level=2, exact=False).wait_for()
    cards = page.get_by_test_id("review-item")
    expect(cards).to_have_count(2)
    mine = cards.filter(has_text="Kit Lead")
    other = cards.filter(has_text="Robin Colleague")
    expect(mine.get_by_test_id("own-punch")).to_have_text("Your own punch: another reviewer decides")
    for name in ("Confirm", "Reassign", "Reject"):
        expect(mine.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(other.get_by_test_id("own-punch")).to_have_count(0)
    expect(other.get_by_role("button", name="Confirm", exact=True)).to_be_visible()
    # The reassign list offers the colleague, never the reviewer.
    offered = other.get_by_role("combobox", name="Reassign to").locator("option").all_inner_texts()
    assert "Robin Colleague" in offered and not any("Kit Lead" in text for text in offered), offered
    assert_accessible(page, "console review: the reviewer's own punch")
    screenshot(page, "console-review-own-punch", tmp_path)

    other.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_text("Review saved")).to_be_visible()
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_test_id("own-punch")).to_be_visible()

    # The manual punch form: the reviewer is not offered as the person, and it says why.
    page.get_by_role("navigation").get_by_role("link", name="Attendance").click()
    page.get_by_role("heading", name="Attendance", level=2).wait_for()
    page.get_by_text("Add a missing punch", exact=False).first.click()
    expect(page.get_by_test_id("punch-self")).to_be_visible()
    people = page.get_by_role("form").get_by_role("combobox").first.locator("option")
    expect(people.filter(has_text="Robin Colleague")).to_have_count(1)
    expect(people.filter(has_text="Kit Lead")).to_have_count(0)

    # HR (no employee record of theirs) decides the reviewer's punch; the API agrees with the console.
    hr = new_page(launch())
    sign_in(hr, stack, None, user=HR_USER, password=HR_PASSWORD)
    hr.goto(f"{stack.console_url}#/review?ids={own},{theirs}")
    card = hr.get_by_test_id("review-item").filter(has_text="Kit Lead")
    expect(card.get_by_role("button", name="Confirm", exact=True)).to_be_visible()
    expect(card.get_by_test_id("own-punch")).to_have_count(0)
