""""Not you?" in Debian's chromium against the local stack: the kiosk names the person its camera sees, the person
says it is not them, the kiosk says the punch went to HR (naming no one but the name it showed), and the console's
review queue says why the punch is there."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Error as PlaywrightError

from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.browser.test_console import sign_in
from tests.browser.test_kiosk import PROBE, events_today, open_paired_kiosk
from tests.conftest import FIXTURES


def review_card(browser, stack, tmp_path, event_id: int):
    """HR signed in to the console, on the review card of one event."""
    console = new_page(browser)
    sign_in(console, stack, tmp_path)
    console.goto(f"{stack.console_url}#/review?ids={event_id}")
    card = console.get_by_test_id("review-item")
    card.wait_for()
    return console, card


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
    console, card = review_card(browser, stack, tmp_path, event['id'])
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


def test_a_repeat_press_offers_not_you_for_that_press_alone_and_the_punch_it_repeats_still_counts(
        stack, admin, kit, launch, tmp_path):
    """A press within the repeat window gets "Already recorded a moment ago" for the punch it repeats, with "Not
    you?": pressed, that press alone goes to review (it may be another face than the punch's, which stays counted),
    and HR's card says which event it repeats, still counting."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Lobby", tmp_path)
    # Kit's own zone, one whose date today is not the report zone's: the card's link names Kit's day.
    report_zone = ZoneInfo(admin.request("GET", "/attendance/calendar").body["timezone"])
    now = datetime.now(UTC)
    zone = next(name for name in ("Pacific/Kiritimati", "Etc/GMT+12")
                if now.astimezone(ZoneInfo(name)).date() != now.astimezone(report_zone).date())
    admin.request("PATCH", f"/employees/{kit['id']}", json={"timezone": zone})
    try:
        repeat_in_persons_zone(browser, stack, admin, kit, page, device, tmp_path, ZoneInfo(zone))
    finally:
        admin.request("PATCH", f"/employees/{kit['id']}", json={"timezone": None})


def repeat_in_persons_zone(browser, stack, admin, kit, page, device, tmp_path, zone: ZoneInfo):
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
    today = datetime.now(UTC).astimezone(zone).date().isoformat()  # Kit's day (GET /attendance: the person's days)
    events = [item for item in admin.request("GET", "/attendance", params={
        "date_from": today, "date_to": today, "employee_id": kit["id"]}).body["items"]
        if item["device_id"] == device["id"]]
    [original] = [item for item in events if item["repeat_of"] is None]
    [repeat] = [item for item in events if item["repeat_of"] is not None]
    assert (original["review_state"], original["review_reasons"]) == ("none", [])
    assert (repeat["review_state"], repeat["review_reasons"]) == ("pending", ["disputed_at_kiosk"])

    console, card = review_card(browser, stack, tmp_path, repeat['id'])
    words = card.get_by_test_id("review-repeat-counts").inner_text()
    assert f"This press repeats event {original['id']}, which still counts" in words
    assert f"check whether event {original['id']} was theirs" in words
    href = card.get_by_test_id("review-repeat-original").get_attribute("href")
    day = datetime.fromisoformat(repeat["occurred_at"]).astimezone(zone).date().isoformat()
    assert href == f"#/attendance?employee_id={kit['id']}&date_from={day}&date_to={day}"
    assert_accessible(console, "console review disputed repeat")


def hold(held: list):
    """A route handler that never answers (test plumbing: a server that does not answer); kept to abort later."""
    def handle(route):
        held.append(route)
    return handle


def test_a_dispute_with_no_answer_gives_up_by_its_deadline_and_never_holds_the_buttons(
        stack, admin, kit, launch, tmp_path):
    """A "Not you?" the server never answers says so by its deadline (about 10 s, not a minute) and asks the person
    to tell HR. While it is being sent the next person can check in: their press takes the screen over, and the
    dispute, given up in the background, goes to the kiosk's list of what HR must be told."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Annex", tmp_path)
    result = page.get_by_test_id("result")
    held: list = []
    page.route("**/attendance/*/dispute", hold(held))
    try:
        page.get_by_test_id("entry").click()
        result.locator("[data-outcome=recorded]").wait_for()
        result.get_by_role("button", name="Not you?").click()
        result.get_by_test_id("dispute-sending").wait_for()
        failed = result.locator("[data-outcome=dispute-failed]")
        failed.wait_for(timeout=20_000)
        assert failed.inner_text() == "No answer in time: this could not be sent. Please tell HR."
        assert held  # it was sent; no answer came
        assert_accessible(page, "kiosk not you unanswered")

        # Sent again, the server still silent: the next person presses Exit meanwhile and is answered.
        page.get_by_test_id("exit").click()
        result.locator("[data-outcome=recorded]").wait_for()
        result.get_by_role("button", name="Not you?").click()
        result.get_by_test_id("dispute-sending").wait_for()
        tries = len(held)
        page.get_by_test_id("entry").click(timeout=5_000)  # not held by the dispute being sent
        result.get_by_text("Already recorded", exact=False).or_(result.get_by_test_id("person")).first.wait_for()
        assert result.get_by_test_id("person").inner_text() == "Kit Harington"
        assert len(held) >= tries and not page.get_by_test_id("queue-disputes").is_visible()
        # The dispute gives up behind the new answer: not said on its screen, listed for HR.
        listed = page.get_by_test_id("queue-disputes")
        listed.wait_for(timeout=20_000)
        assert listed.inner_text() == "“Not you?” presses not sent: 1. Tell HR which punches to check."
        # It names the punch HR must check (its event number, the time the screen showed), never the name: the
        # list is on the public screen.
        [given_up] = [item for item in events_today(admin, employee_id=kit["id"])
                      if item["device_id"] == device["id"] and item["event_type"] == "exit"]
        listed_text = page.get_by_test_id("unsent-list").inner_text()
        assert f"Not you? · event {given_up['id']} · no answer in time" in listed_text
        assert "Kit" not in listed_text
        assert page.get_by_test_id("unsent-event").inner_text() == f"event {given_up['id']}"
    finally:
        for route in held:  # never answered, never sent on (unrouted, a held request would go to the server)
            with contextlib.suppress(PlaywrightError):  # one the page gave up on may be gone already
                route.abort()
        page.unroute("**/attendance/*/dispute")
    assert {item["review_state"] for item in events_today(admin, employee_id=kit["id"])
            if item["device_id"] == device["id"]} == {"none"}


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
