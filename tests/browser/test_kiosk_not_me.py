""""Not you?" in Debian's chromium against the local stack: the kiosk names the person its camera sees, the person
says it is not them, the kiosk says the punch went to HR (naming no one but the name it showed), and the console's
review queue says why the punch is there."""

from __future__ import annotations

from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import sign_in
from tests.browser.test_kiosk import PROBE, events_today, open_paired_kiosk
from tests.conftest import FIXTURES


def test_not_you_sends_the_punch_to_review_and_the_console_says_why(stack, admin, kit, launch, tmp_path):
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Side door", tmp_path)
    page.get_by_test_id("entry").click()
    result = page.get_by_test_id("result")
    result.locator("[data-outcome=recorded]").wait_for()
    assert result.get_by_test_id("person").inner_text() == "Kit Harington"
    [event] = [item for item in events_today(admin, employee_id=kit["id"]) if item["device_id"] == device["id"]]
    assert event["review_state"] == "none"

    result.get_by_role("button", name="Not you?").click()
    said = result.get_by_test_id("disputed")
    said.wait_for()
    assert said.inner_text() == "Sent to HR to check — your punch was not counted for Kit Harington."
    assert_accessible(page, "kiosk not you")
    screenshot(page, "kiosk-not-you", tmp_path)
    [event] = [item for item in events_today(admin, employee_id=kit["id"]) if item["device_id"] == device["id"]]
    assert (event["review_state"], event["review_reasons"]) == ("pending", ["disputed_at_kiosk"])

    # HR's queue says why it waits, in words; its History names the kiosk.
    console = new_page(browser)
    sign_in(console, stack, tmp_path)
    console.goto(f"{stack.console_url}#/review?ids={event['id']}")
    card = console.get_by_test_id("review-item")
    card.wait_for()
    assert "The person at the kiosk said this was not them" in card.inner_text()
    card.get_by_test_id("review-history").get_by_role("button", name="History").click()
    trail = card.get_by_test_id("audit")
    trail.filter(has_text="kiosk").wait_for()
    assert f"FacePass (automatic), kiosk {device['id']}" in trail.inner_text()
    assert 'the person at the kiosk said this punch was not them ("Not you?")' in trail.inner_text()
    assert_accessible(console, "console review disputed")


def test_a_dispute_too_late_or_not_sent_tells_the_person_to_see_hr(stack, admin, kit, launch, tmp_path):
    """The server's 409 dispute_window_over is said as "too late here", a lost request as "could not be sent": either
    way the person is told to tell HR, and the punch stays as recorded."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Back door", tmp_path)
    late = {"error": {"code": "dispute_window_over", "message": "too late", "details": {"window_seconds": 120}}}
    for way, answer, said in (
            ("entry", lambda route: route.fulfill(status=409, content_type="application/json", json=late),
             "Too late to undo it here: please tell HR."),
            ("exit", lambda route: route.abort(), "This could not be sent: please tell HR.")):
        page.route("**/attendance/*/dispute", answer)
        page.get_by_test_id(way).click()  # a new punch each time (a press the same way would be a repeat)
        result = page.get_by_test_id("result")
        result.locator("[data-outcome=recorded]").wait_for()
        result.get_by_role("button", name="Not you?").click()
        failed = result.locator("[data-outcome=dispute-failed]")
        failed.wait_for()
        assert failed.inner_text() == said
        page.unroute("**/attendance/*/dispute")
    assert_accessible(page, "kiosk not you failed")
    assert {item["review_state"] for item in events_today(admin, employee_id=kit["id"])
            if item["device_id"] == device["id"]} == {"none"}
