"""The kiosk's staff-only settings and automatic mode's uploads, in Debian's chromium against the local stack.

Setup mode (?setup=1) alone shows the Door choice, Automatic mode and "Seen: HR was told", and only once a setup code
from the console (Devices, "Set up on the tablet") is typed: anybody in the queue, or anyone who reaches the browser's
address, could otherwise turn an entrance into an exit (every arrival recorded as an exit) or wipe the only record of
saved checks the server refused. The public screen says the door and the mode, read-only.

Automatic mode decides on the tablet whether anything changed in front of it (web/src/kiosk/watch.ts): an empty hall
is sent once, not every 5 s (~17,000 uploads and face detections a day per kiosk, sharing the stage's check-in
throttle with the presses). The requests are counted with Playwright's request events (observation only)."""

from __future__ import annotations

import json
import time

from tests.browser.camera_feed import write_clip, write_y4m
from tests.browser.conftest import new_page
from tests.browser.test_console import go, sign_in
from tests.browser.test_kiosk import PROBE, events_today, open_paired_kiosk, open_setup
from tests.browser.test_kiosk_resilience import empty_hall
from tests.conftest import FIXTURES

UNSENT_KEY = "facepass.kiosk.unsent"
A_REFUSED_CHECK = [{"key": "refused-1", "kind": "refused", "captured_at": "2026-12-01T07:58:00Z",
                    "event_type": "check-in", "reason": "captured_at_out_of_range"}]


def staff_controls(page) -> dict[str, int]:
    return {"door": page.get_by_test_id("door").count(), "automatic": page.get_by_label("Automatic mode").count(),
            "seen": page.get_by_test_id("unsent-acknowledge").count()}


def test_the_public_screen_shows_the_door_and_mode_read_only_and_setup_mode_changes_them(stack, admin, kit, launch,
                                                                                          tmp_path):
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Front door", tmp_path)
    # A saved check the server refused, listed on the kiosk (as the queue leaves it in the tablet's storage).
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [UNSENT_KEY, json.dumps(A_REFUSED_CHECK)])
    page.reload()
    page.get_by_test_id("unsent-item").wait_for()
    # The public screen: the list stays (HR must hear of it), but nobody in the queue can clear it or change the door.
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}
    settings = page.get_by_test_id("kiosk-settings")
    assert settings.inner_text() == "Door: Entry only"
    assert page.get_by_test_id("entry").is_visible() and page.get_by_test_id("exit").is_visible()
    page.get_by_test_id("language").select_option("ru")
    assert settings.inner_text() == "Дверь: Только вход"
    page.get_by_test_id("language").select_option("en")

    # ?setup=1 alone opens nothing: the code is asked for, the screen stays the public one.
    page.goto(stack.kiosk_url + "?setup=1")
    page.get_by_label("Setup code").wait_for()
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}
    assert page.get_by_test_id("kiosk-settings").inner_text() == "Door: Entry only"
    page.get_by_label("Setup code").fill("ACDE-FGHJ")  # a guess
    page.get_by_role("button", name="Open setup").click()
    page.get_by_test_id("setup-code-error").wait_for()
    assert "not accepted" in page.get_by_test_id("setup-code-error").inner_text()
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}

    # An admin makes a code on the console's Devices page ("Set up on the tablet"), shown once.
    console = new_page(browser)
    console.on("dialog", lambda dialog: dialog.accept())
    sign_in(console, stack, tmp_path)
    go(console, "Devices", "Devices", tmp_path)
    row = console.locator("tr[data-device='Front door']")
    with console.expect_response(lambda response: response.request.method == "POST"
                                 and response.url.endswith("/setup-code")) as answer:
        row.get_by_role("button", name="Set up on the tablet").click()
    assert answer.value.status == 201
    code = console.get_by_test_id("setup-code").inner_text().strip()
    assert len(code) == 8 and "Front door" in console.get_by_test_id("setup").inner_text()
    console.close()

    # Typed on the tablet: the settings work, and are kept on the tablet.
    page.get_by_label("Setup code").fill(code.lower())
    page.get_by_role("button", name="Open setup").click()
    page.get_by_test_id("kiosk-setup").wait_for()
    assert staff_controls(page) == {"door": 1, "automatic": 1, "seen": 1}
    assert page.get_by_test_id("kiosk-settings").count() == 0
    page.get_by_label("Door").select_option("both")
    page.get_by_label("Automatic mode").check()
    page.get_by_test_id("punch").wait_for()
    page.get_by_test_id("unsent-acknowledge").click()
    page.get_by_test_id("unsent").wait_for(state="detached")
    # A reload asks for a code again (setup is kept in memory only); the code just used is spent.
    page.reload()
    page.get_by_label("Setup code").wait_for()
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}
    page.get_by_label("Setup code").fill(code)
    page.get_by_role("button", name="Open setup").click()
    page.get_by_test_id("setup-code-error").wait_for()
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}
    page.get_by_test_id("language").select_option("ru")
    assert page.get_by_role("button", name="Открыть настройку").is_visible()
    page.get_by_test_id("language").select_option("en")
    open_setup(page, admin, device["id"])
    assert page.get_by_label("Door").input_value() == "both"
    assert page.get_by_label("Automatic mode").is_checked()

    # "Done" leads back to the public screen, which says what staff chose, read-only.
    page.get_by_test_id("setup-done").click()
    page.get_by_test_id("kiosk-settings").wait_for()
    assert "setup" not in page.url
    assert page.get_by_test_id("kiosk-settings").inner_text() == "Door: Both ways · Automatic mode"
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}
    assert page.get_by_test_id("punch").is_visible() and page.get_by_test_id("entry").count() == 0
    assert page.get_by_test_id("unsent").count() == 0  # acknowledged in setup mode: gone for good
    page.get_by_test_id("language").select_option("ru")
    assert page.get_by_test_id("kiosk-settings").inner_text() == "Дверь: В обе стороны · Автоматический режим"
    page.get_by_test_id("language").select_option("en")
    # Automatic mode kept over the reload runs on the public screen: Kit is in view, checked without a press.
    page.get_by_test_id("result").locator("[data-outcome=recorded]").wait_for(timeout=20_000)


# A probe of the camera picture as the page shows it: the mean grey level of the area where "somebody" stands in the
# changed scene (the test's own reading of the video, to know which part of the clip is on screen).
SCENE_JS = """() => {
    const video = document.querySelector('video');
    const canvas = document.createElement('canvas'); canvas.width = 64; canvas.height = 48;
    const context = canvas.getContext('2d'); context.drawImage(video, 0, 0, 64, 48);
    const data = context.getImageData(38, 10, 16, 30).data;
    let sum = 0; for (let i = 0; i < data.length; i += 4) sum += data[i];
    return sum / (data.length / 4) < 75 ? 'somebody' : 'hall';
}"""


def test_automatic_mode_sends_an_empty_hall_once_and_again_only_when_the_picture_changes(stack, admin, launch,
                                                                                         tmp_path):
    import cv2

    hall = cv2.imread(str(empty_hall(tmp_path)))
    changed = hall.copy()
    cv2.rectangle(changed, (380, 60), (560, 460), (30, 30, 30), -1)  # somebody in a dark coat, no face in view
    clip = write_clip([hall] * 30 + [changed] * 10, tmp_path / "hall-then-somebody.y4m")  # one frame a second, looped
    browser = launch(clip)
    page, device = open_paired_kiosk(browser, stack, admin, "Quiet hall door", tmp_path, setup=True)
    sent: list[float] = []
    page.on("request", lambda request: request.method == "POST" and "/attendance/check-in" in request.url
            and sent.append(time.monotonic()))
    page.wait_for_function(f"() => ({SCENE_JS})() === 'somebody'", timeout=60_000, polling=200)
    page.wait_for_function(f"() => ({SCENE_JS})() === 'hall'", timeout=20_000, polling=200)  # the hall's 30 s begin
    hall_from = time.monotonic()
    page.get_by_label("Automatic mode").check()
    deadline = time.monotonic() + 10
    while not sent and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert len(sent) == 1, "automatic mode's first look asks the server"
    # The rest of the hall's 30 s (four or five more looks): nothing changed, nothing sent. Before, one every 5 s.
    page.wait_for_function(f"() => ({SCENE_JS})() === 'somebody'", timeout=35_000, polling=200)
    assert time.monotonic() - hall_from > 20, "the hall was not watched long enough to tell"
    assert len(sent) == 1, [round(at - hall_from, 1) for at in sent]
    # The picture changed: sent at the next look.
    deadline = time.monotonic() + 9
    while len(sent) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert len(sent) == 2, [round(at - hall_from, 1) for at in sent]
    # Nothing was recorded for either picture (no face: the server answered no_face).
    assert events_today(admin, device_id=device["id"]) == []


def test_setup_stays_open_its_length_on_the_tablets_clock_and_a_refused_kiosk_goes_back_to_pairing(stack, admin,
                                                                                                    launch, tmp_path):
    """Setup is counted on the tablet's own clock from the answer (setup_seconds), not through the server offset the
    tablet learned at pairing, which may be stale: a tablet that once ran 20 minutes slow (its clock corrected since)
    still gets its 15 minutes, and no more once its clock has moved on (a timer does not run while it sleeps). A
    kiosk whose token the authorizer refuses (API Gateway's plain 403) goes back to pairing, as elsewhere."""
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Side door", tmp_path)
    page.evaluate("() => localStorage.setItem('facepass.kiosk.clockOffsetMs', String(20 * 60 * 1000))")
    page.goto(stack.kiosk_url + "?setup=1")
    open_setup(page, admin, device["id"])
    page.wait_for_timeout(6_000)  # past a check of the lock
    assert staff_controls(page)["door"] == 1
    page.evaluate("""() => {  // the tablet slept 16 minutes: its clock moved on, the page's timers did not run
        const real = Date.now; Date.now = () => real() + 16 * 60 * 1000;
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    page.get_by_label("Setup code").wait_for()
    assert staff_controls(page) == {"door": 0, "automatic": 0, "seen": 0}

    page.reload()
    page.route("**/devices/me/setup", lambda route: route.fulfill(
        status=403, content_type="application/json", body=json.dumps({"message": "Forbidden"})))
    page.get_by_label("Setup code").fill("ACDE-FGHJ")
    page.get_by_role("button", name="Open setup").click()
    page.get_by_text("This kiosk must be paired again").first.wait_for()
