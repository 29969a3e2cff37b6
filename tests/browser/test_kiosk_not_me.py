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
    # The kiosk by the name HR gave it at pairing (its id as the tooltip), on the card and in its History.
    assert "FacePass (automatic), kiosk Side door" in trail.inner_text() and device["id"] not in trail.inner_text()
    assert trail.locator("li").first.get_attribute("title") == device["id"]
    kiosk = card.get_by_test_id("review-kiosk")
    assert (kiosk.inner_text(), kiosk.get_attribute("title")) == ("Kiosk: Side door", device["id"])
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


def test_a_repeat_press_offers_not_you_for_the_punch_it_repeats(stack, admin, kit, launch, tmp_path):
    """The person misnamed who presses again gets "Already recorded a moment ago" for the punch it repeats, with
    "Not you?": pressed, that punch and the repeat go to review, and neither counts for the person named."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Lobby", tmp_path)
    result = page.get_by_test_id("result")
    page.get_by_test_id("entry").click()
    result.locator("[data-outcome=recorded]").wait_for()
    first = result.get_by_test_id("recorded-at").get_attribute("data-time")
    page.get_by_test_id("entry").click()  # pressed again, the wrong name still shown
    result.get_by_text("Already recorded a moment ago", exact=False).wait_for()
    assert result.get_by_test_id("person").inner_text() == "Kit Harington"
    assert result.get_by_test_id("recorded-at").get_attribute("data-time") == first  # the punch it repeats
    assert_accessible(page, "kiosk repeat not you")
    result.get_by_role("button", name="Not you?").click()
    said = result.get_by_test_id("disputed")
    said.wait_for()
    assert said.inner_text() == "Sent to HR to check — your punch was not counted for Kit Harington."
    events = [item for item in events_today(admin, employee_id=kit["id"]) if item["device_id"] == device["id"]]
    assert len(events) == 2 and sum(item["repeat_of"] is not None for item in events) == 1
    assert {(item["review_state"], tuple(item["review_reasons"])) for item in events} == {
        ("pending", ("disputed_at_kiosk",))}


def test_a_dispute_whose_request_fails_is_sent_again_and_lands(stack, admin, kit, launch, tmp_path):
    """A "Not you?" whose request is lost (the connection), or failed by the server (a 503), says "Sending…" and is
    sent again: it lands, and the kiosk says HR got it."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Garage", tmp_path)
    busy = {"error": {"code": "database_unavailable", "message": "try again"}}
    for way, fail in (("entry", lambda route: route.abort()),
                      ("exit", lambda route: route.fulfill(status=503, content_type="application/json", json=busy))):
        tries: list[str] = []
        page.route("**/attendance/*/dispute", failing_once(fail, tries))
        page.get_by_test_id(way).click()
        result = page.get_by_test_id("result")
        result.locator("[data-outcome=recorded]").wait_for()
        result.get_by_role("button", name="Not you?").click()
        result.get_by_test_id("dispute-sending").wait_for()
        assert result.get_by_test_id("dispute-sending").inner_text() == "Sending…"
        said = result.get_by_test_id("disputed")
        said.wait_for()
        assert said.inner_text() == "Sent to HR to check — your punch was not counted for Kit Harington."
        assert len(tries) == 2 and tries[0] == tries[1]
        page.unroute("**/attendance/*/dispute")
    events = [item for item in events_today(admin, employee_id=kit["id"]) if item["device_id"] == device["id"]]
    assert sorted((item["event_type"], item["review_state"], tuple(item["review_reasons"])) for item in events) == [
        ("entry", "pending", ("disputed_at_kiosk",)), ("exit", "pending", ("disputed_at_kiosk",))]


def failing_once(fail, tries: list[str]):
    """A route handler: the first request `fail`s (test plumbing: a lost connection, a server fault); the next go to
    the server. Each request's address is kept in `tries`."""
    def handle(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            fail(route)
        else:
            route.continue_()
    return handle
