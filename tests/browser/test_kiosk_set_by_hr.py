"""A kiosk's Door and Automatic mode set by HR in the console (PATCH /devices/{id}), in Debian's chromium against the
local stack: they win over the tablet's own setup mode (?setup=1, which is no credential), the public screen says
them, and setup mode shows them locked, "Set by HR in the console". Not set (null): the tablet's setting again."""

from __future__ import annotations

from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import new_page
from tests.browser.test_console import go, sign_in
from tests.browser.test_kiosk import PROBE, open_paired_kiosk, open_setup
from tests.browser.test_kiosk_setup import staff_controls
from tests.conftest import FIXTURES


def test_the_console_sets_a_kiosk_to_exit_only_and_the_tablet_cannot_change_it(stack, admin, launch, tmp_path):
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    kiosk, device = open_paired_kiosk(browser, stack, admin, "Warehouse gate", tmp_path, setup=True)
    # The tablet's own choice, in setup mode as before: both ways.
    assert not kiosk.get_by_label("Door").is_disabled()
    kiosk.get_by_label("Door").select_option("both")
    kiosk.get_by_test_id("punch").wait_for()
    assert kiosk.get_by_test_id("door-set-by-hr").count() == 0

    # HR sets it to Exit only on the console's Devices page.
    console = new_page(browser)
    sign_in(console, stack, tmp_path)
    go(console, "Devices", "Devices", tmp_path)
    row = console.locator("tr[data-device='Warehouse gate']")
    assert row.get_by_test_id("device-door").input_value() == ""  # "Set on the tablet"
    with console.expect_response(lambda response: response.request.method == "PATCH") as answer:
        row.get_by_test_id("device-door").select_option("exit")
    assert answer.value.status == 200
    console.reload()
    row = console.locator("tr[data-device='Warehouse gate']")
    row.get_by_test_id("device-door").wait_for()
    assert row.get_by_test_id("device-door").input_value() == "exit"
    assert row.get_by_test_id("device-automatic").input_value() == ""  # automatic mode left to the tablet
    listed = next(item for item in admin.request("GET", "/devices").body["items"] if item["id"] == device["id"])
    assert (listed["door"], listed["automatic"]) == ("exit", None)

    # The kiosk's public screen, started again: Exit only, whatever the tablet had chosen.
    kiosk.goto(stack.kiosk_url)
    kiosk.get_by_test_id("kiosk-settings").filter(has_text="Door: Exit only").wait_for()
    assert kiosk.get_by_test_id("exit").is_visible()
    assert kiosk.get_by_test_id("punch").count() == 0  # no longer both ways
    assert staff_controls(kiosk) == {"door": 0, "automatic": 0, "seen": 0}

    # Setup mode shows the door locked, set by HR; automatic mode (not set by HR) still the tablet's to change.
    kiosk.goto(stack.kiosk_url + "?setup=1")
    open_setup(kiosk, admin, device["id"])  # a reload: setup mode asks for a new code
    kiosk.get_by_test_id("door-set-by-hr").wait_for()
    assert kiosk.get_by_label("Door").input_value() == "exit" and kiosk.get_by_label("Door").is_disabled()
    assert kiosk.get_by_test_id("door-set-by-hr").inner_text() == "Set by HR in the console"
    assert not kiosk.get_by_label("Automatic mode").is_disabled()
    assert kiosk.get_by_test_id("auto-set-by-hr").count() == 0
    kiosk.get_by_test_id("language").select_option("ru")
    assert kiosk.get_by_test_id("door-set-by-hr").inner_text() == "Задано отделом кадров в консоли"
    kiosk.get_by_test_id("language").select_option("en")

    # Automatic mode set by HR (off) is locked too, at the kiosk's next GET /devices/me (here, a reload).
    admin.request("PATCH", f"/devices/{device['id']}", json={"automatic": False})
    kiosk.reload()
    open_setup(kiosk, admin, device["id"])
    kiosk.get_by_test_id("auto-set-by-hr").wait_for()
    assert kiosk.get_by_label("Automatic mode").is_disabled() and not kiosk.get_by_label("Automatic mode").is_checked()

    # HR hands the door back to the tablet: at its next GET /devices/me (here, the start) its own choice is back.
    admin.request("PATCH", f"/devices/{device['id']}", json={"door": None})
    kiosk.goto(stack.kiosk_url)
    kiosk.get_by_test_id("kiosk-settings").filter(has_text="Door: Both ways").wait_for()
    assert kiosk.get_by_test_id("punch").is_visible()
