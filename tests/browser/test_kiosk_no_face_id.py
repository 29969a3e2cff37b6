""""No Face ID?" on the kiosk in Debian's chromium against the local stack: a person whose Face ID consent was
withdrawn types their payroll number and picks Entry; the kiosk sends the number and the way and no image (no
photo, no frame, no other request carrying one), says only "Sent to HR to check", and HR's review queue has the
punch awaiting review (face_free)."""

from __future__ import annotations

import json

from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import assert_accessible
from tests.browser.test_kiosk import PROBE, events_today, open_paired_kiosk
from tests.conftest import FIXTURES


def test_no_face_id_sends_the_typed_number_without_any_image(stack, admin, launch, tmp_path):
    person = admin.create_employee("Wanda Nofaceid", "wanda.noface@example.com", employee_number="WN-301")
    withdrawn = admin.request("DELETE", f"/employees/{person['id']}/biometric-consent").body
    assert withdrawn["employee_deactivated"] is False, withdrawn
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))  # someone else in front of the camera
    page, device = open_paired_kiosk(browser, stack, admin, "Side door", tmp_path)
    sent: list[tuple[str, str, str | None]] = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.post_data))
            if request.url.startswith(stack.api_url) else None)

    page.get_by_test_id("no-face-id").click()
    page.get_by_test_id("no-face-number").fill("wn-301")
    assert_accessible(page, "kiosk no face id")
    page.get_by_test_id("no-face-entry").click()
    answer = page.get_by_test_id("no-face-sent")
    answer.wait_for()
    assert answer.inner_text().startswith("Sent to HR to check (if you have Face ID, use the camera")
    assert "Wanda" not in page.locator("main").inner_text()

    posts = [(url, body) for method, url, body in sent if method == "POST"]
    assert [url.removeprefix(stack.api_url) for url, _ in posts] == ["/attendance/face-free"], posts
    assert json.loads(posts[0][1]) == {"employee_number": "wn-301", "event_type": "entry"}
    assert not any(body and ("image" in body or "frames" in body) for _, _, body in sent), sent

    [event] = events_today(admin, device_id=device["id"])
    assert (event["employee"]["id"], event["event_type"], event["review_state"], event["review_reasons"],
            event["snapshot_key"], event["similarity"], event["matched_employee"]) == (
        person["id"], "entry", "pending", ["face_free"], None, None, None)


def test_no_face_id_not_sent_says_so_and_closes(stack, admin, launch, tmp_path):
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Far door", tmp_path)
    page.route("**/attendance/face-free", lambda route: route.abort())
    page.get_by_test_id("no-face-id").click()
    page.get_by_test_id("no-face-number").fill("WN-404")
    page.get_by_test_id("no-face-entry").click()
    failed = page.get_by_test_id("no-face-failed")
    failed.wait_for()
    assert failed.inner_text() == "This could not be sent: try again, or tell HR."
    assert_accessible(page, "kiosk no face id failed")
    page.get_by_test_id("no-face-close").click()
    page.get_by_test_id("no-face-number").wait_for(state="detached")
    page.get_by_test_id("no-face-id").wait_for()
