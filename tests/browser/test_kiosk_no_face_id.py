""""No Face ID?" on the kiosk in Debian's chromium against the local stack: a person whose Face ID consent was
withdrawn types their payroll number and picks Entry; the kiosk sends the number and the way and no image (no
photo, no frame, no other request carrying one), says only "Sent to HR to check", and HR's review queue has the
punch awaiting review (face_free). A typed punch the server could not decide (the network down) is saved on the
kiosk, sent with the queue when the network is back (once), or dropped past the server's window and listed with its
number masked (as maybe recorded when it was sent without an answer); an answer not the API's (a proxy's 404, a 408)
saves it as the queue would; a press refused as the kiosk is unpaired is said and listed masked; a press the tablet's
storage refuses says it was not saved."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import assert_accessible
from tests.browser.test_kiosk import PROBE, events_today, open_paired_kiosk
from tests.browser.test_kiosk_resilience import QUEUED_PHOTOS_JS, age_queued, cors, send_queue_now
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


def test_no_face_id_refused_by_the_server_says_so_and_closes(stack, admin, launch, tmp_path):
    # A 4xx the server decided (a field refused): nothing to send again, so nothing saved; said as before.
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Far door", tmp_path)
    page.route("**/attendance/face-free", lambda route: route.fulfill(
        status=422, content_type="application/json", headers=cors(route),
        body=json.dumps({"error": {"code": "validation_error", "message": "employee_number: too long"}})))
    page.get_by_test_id("no-face-id").click()
    page.get_by_test_id("no-face-number").fill("WN-404")
    page.get_by_test_id("no-face-entry").click()
    failed = page.get_by_test_id("no-face-failed")
    failed.wait_for()
    assert failed.inner_text() == "This could not be sent: try again, or tell HR."
    assert_accessible(page, "kiosk no face id failed")
    assert page.evaluate(QUEUED_PHOTOS_JS) == 0 and page.get_by_test_id("queue-count").inner_text().endswith(": 0")
    page.get_by_test_id("no-face-close").click()
    page.get_by_test_id("no-face-number").wait_for(state="detached")
    page.get_by_test_id("no-face-id").wait_for()


def without_face_id(admin, name: str, number: str) -> dict:
    person = admin.create_employee(name, f"{number.lower()}@example.com", employee_number=number)
    assert admin.request("DELETE", f"/employees/{person['id']}/biometric-consent").body["employee_deactivated"] is False
    return person


def type_a_punch(page, number: str) -> None:
    page.get_by_test_id("no-face-id").click()
    page.get_by_test_id("no-face-number").fill(number)
    page.get_by_test_id("no-face-entry").click()


QUEUED_ITEMS_JS = """async () => {
    const request = indexedDB.open("facepass-kiosk", 1);
    const db = await new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result);
                                                        request.onerror = () => reject(request.error); });
    const items = await new Promise((resolve) => { const r = db.transaction("queue").objectStore("queue").getAll();
                                                   r.onsuccess = () => resolve(r.result); });
    db.close();
    return items.map(({photo, frames, ...said}) => said);
}"""


def test_a_typed_punch_during_an_outage_is_saved_and_sent_once_when_the_network_is_back(stack, admin, launch,
                                                                                       tmp_path):
    # The network drops under the press: the person is told it is saved on the kiosk (not "could not be sent", not
    # "sent to HR"); it waits in the queue with its capture time and its key, and is sent when the network is back:
    # one punch awaiting HR's review, recorded for when it was typed; another round sends nothing twice.
    person = without_face_id(admin, "Olga Outage", "OO-417")
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Outage side door", tmp_path)
    sent: list[tuple[str, dict]] = []
    page.on("request", lambda request: request.method == "POST" and request.url.endswith("/attendance/face-free")
            and sent.append((request.headers.get("idempotency-key", ""), json.loads(request.post_data or "{}"))))
    page.route(f"{stack.api_url}/attendance/face-free", lambda route: route.abort("internetdisconnected"))
    type_a_punch(page, "OO-417")
    saved = page.get_by_test_id("no-face-saved")
    saved.wait_for()
    assert saved.inner_text() == "Saved on this kiosk — it will be sent to HR when the network is back."
    assert page.get_by_test_id("no-face-number").input_value() == ""  # not left on the screen
    assert_accessible(page, "kiosk no face id saved")
    page.get_by_test_id("queue-count").filter(has_text="1").wait_for()
    [queued] = page.evaluate(QUEUED_ITEMS_JS)
    assert (queued["employee_number"], queued["event_type"], queued["key"]) == ("OO-417", "check-in", sent[0][0])
    assert events_today(admin, device_id=device["id"]) == []

    page.unroute(f"{stack.api_url}/attendance/face-free")
    send_queue_now(page)
    page.get_by_test_id("queue-count").filter(has_text="0").wait_for(timeout=30_000)
    assert page.evaluate(QUEUED_ITEMS_JS) == []  # the payroll number left the tablet with it
    send_queue_now(page)  # another round: nothing left to send
    page.wait_for_timeout(2000)  # a Playwright wait, so requests made meanwhile reach `sent` (a sleep would not)
    assert len(sent) == 2 and sent[0][0] == sent[1][0], sent  # the press's key, kept
    assert sent[0][1] == {"employee_number": "OO-417", "event_type": "entry"}
    assert sent[1][1] == {"employee_number": "OO-417", "event_type": "entry", "captured_at": queued["captured_at"]}
    [event] = events_today(admin, device_id=device["id"])
    assert (event["employee"]["id"], event["event_type"], event["review_state"], event["review_reasons"],
            event["offline"]) == (person["id"], "entry", "pending", ["face_free"], True)
    assert datetime.fromisoformat(event["occurred_at"]) == datetime.fromisoformat(queued["captured_at"])
    review = admin.request("GET", "/attendance/review", params={"employee_id": person["id"]}).body["items"]
    assert [item["id"] for item in review] == [event["id"]]  # in HR's review queue, once
    assert page.get_by_test_id("unsent").count() == 0


def test_a_typed_punch_kept_past_the_offline_window_is_dropped_and_listed_with_its_number_masked(stack, admin,
                                                                                                 launch, tmp_path):
    # Offline longer than the server's window: the typed punch can never be sent. It leaves the tablet (its payroll
    # number with it) and the unsent log says so: typed, the way, the time, the number masked but for its last 2.
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Long outage door", tmp_path)
    page.wait_for_function("() => localStorage.getItem('facepass.kiosk.offlineMaxAgeHours') !== null")
    page.context.set_offline(True)
    type_a_punch(page, "WN-7731")
    page.get_by_test_id("no-face-saved").wait_for()
    [queued] = page.evaluate(QUEUED_ITEMS_JS)
    assert queued["employee_number"] == "WN-7731"
    age_queued(page, queued["key"], timedelta(hours=80))  # the days pass: the typed punch is now 80 hours old
    typed = page.get_by_test_id("queue-typed")
    typed.wait_for(timeout=30_000)  # the next round, offline
    assert typed.inner_text() == "Typed punches (“No Face ID?”) not recorded: 1. Tell HR."
    assert page.evaluate(QUEUED_ITEMS_JS) == []
    [item] = page.get_by_test_id("unsent-item").all()
    text = item.inner_text()
    assert "Entry" in text and "typed, number ••••31" in text and "taken too long ago" in text, text
    assert page.get_by_test_id("queue-refused").count() == 0  # said once, as a typed punch
    # The whole number is nowhere on the tablet any more: not on the screen, not in the log kept over reloads.
    assert "WN-77" not in page.locator("body").inner_text()
    assert "WN-77" not in page.evaluate("() => JSON.stringify(Object.entries(localStorage))")
    assert_accessible(page, "kiosk typed punch not sent")
    page.context.set_offline(False)


def test_a_typed_punch_sent_without_an_answer_and_kept_past_the_window_is_said_maybe_recorded(stack, admin, launch,
                                                                                              tmp_path):
    # The line fails under the press: the server may have the punch (a resend would be replayed). Kept past the
    # window, it is said as a saved check sent without an answer is ("They may have been recorded: tell HR to
    # check"), its number masked: not as a typed punch saved here and never sent.
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Lost answer door", tmp_path)
    page.wait_for_function("() => localStorage.getItem('facepass.kiosk.offlineMaxAgeHours') !== null")
    page.route(f"{stack.api_url}/attendance/face-free", lambda route: route.abort("internetdisconnected"))
    type_a_punch(page, "MR-5512")
    page.get_by_test_id("no-face-saved").wait_for()
    [queued] = page.evaluate(QUEUED_ITEMS_JS)
    assert queued["maybe_recorded"] is True
    age_queued(page, queued["key"], timedelta(hours=80))
    send_queue_now(page)
    unknown = page.get_by_test_id("queue-unknown")
    unknown.wait_for(timeout=30_000)
    assert unknown.inner_text() == ("Saved checks sent without an answer and kept too long to send again: 1. They may"
                                    " have been recorded: tell HR to check.")
    assert page.get_by_test_id("queue-typed").count() == 0 and page.get_by_test_id("queue-refused").count() == 0
    assert page.evaluate(QUEUED_ITEMS_JS) == []
    [item] = page.get_by_test_id("unsent-item").all()
    assert "Entry" in item.inner_text() and "typed, number ••••12" in item.inner_text(), item.inner_text()
    assert "MR-55" not in page.evaluate("() => JSON.stringify(Object.entries(localStorage))")


def test_a_typed_punch_on_a_kiosk_given_a_new_code_is_said_not_recorded_and_listed_masked(stack, admin, launch,
                                                                                          tmp_path):
    # The device authorizer refuses the press (re-paired elsewhere): as a face press, it is said not recorded and
    # kept in the log of checks not recorded, its number masked, neither sent nor queued.
    person = without_face_id(admin, "Rita Repaired", "RR-6634")
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, "Typed re-paired door", tmp_path)
    code = admin.request("POST", f"/devices/{device['id']}/pairing-code").body["pairing_code"]
    type_a_punch(page, "RR-6634")
    page.get_by_label("Pairing code").wait_for()
    alert = page.get_by_role("alert").inner_text()
    assert "This kiosk must be paired again" in alert, alert
    assert "Your Entry at" in alert and "was not recorded" in alert, alert
    assert page.get_by_test_id("saved-on-tablet").count() == 0 and page.evaluate(QUEUED_ITEMS_JS) == []
    page.get_by_label("Pairing code").fill(code)
    page.get_by_role("button", name="Pair").click()
    page.get_by_test_id("entry").wait_for()
    assert page.get_by_test_id("queue-typed").inner_text().startswith("Typed punches (“No Face ID?”) not recorded")
    [item] = page.get_by_test_id("unsent-item").all()
    text = item.inner_text()
    assert "Entry" in text and "typed, number ••••34" in text and "this kiosk had to be paired again" in text, text
    assert "RR-66" not in page.locator("body").inner_text()
    assert "RR-66" not in page.evaluate("() => JSON.stringify(Object.entries(localStorage))")
    review = admin.request("GET", "/attendance/review", params={"employee_id": person["id"]}).body["items"]
    assert review == []


@pytest.mark.parametrize("status", [404, 408])
def test_a_typed_punch_answered_by_something_not_the_api_is_saved_as_the_queue_would(stack, admin, launch, tmp_path,
                                                                                     status):
    # A proxy's or captive portal's answer, without the API's error body: nothing known of the punch. The queue
    # takes it as an outage; the press alike is saved on the kiosk (not "could not be sent"), and sent once the API
    # answers again.
    person = without_face_id(admin, f"Paula Proxy {status}", f"PP-{status}")
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, device = open_paired_kiosk(browser, stack, admin, f"Proxy door {status}", tmp_path)
    page.route(f"{stack.api_url}/attendance/face-free", lambda route: route.fulfill(
        status=status, content_type="text/html", headers=cors(route), body="<html><body>Not here</body></html>"))
    type_a_punch(page, f"PP-{status}")
    saved = page.get_by_test_id("no-face-saved")
    saved.wait_for()
    assert saved.inner_text() == "Saved on this kiosk — it will be sent to HR when the network is back."
    assert page.get_by_test_id("no-face-failed").count() == 0
    [queued] = page.evaluate(QUEUED_ITEMS_JS)
    assert queued["employee_number"] == f"PP-{status}"
    with page.expect_request(f"{stack.api_url}/attendance/face-free"):  # the round ran: still the proxy's answer
        send_queue_now(page)
    page.wait_for_timeout(500)
    assert len(page.evaluate(QUEUED_ITEMS_JS)) == 1 and page.get_by_test_id("unsent").count() == 0
    page.unroute(f"{stack.api_url}/attendance/face-free")
    send_queue_now(page)
    page.get_by_test_id("queue-count").filter(has_text="0").wait_for(timeout=30_000)
    [event] = events_today(admin, device_id=device["id"])
    assert (event["employee"]["id"], event["review_reasons"], event["offline"]) == (person["id"], ["face_free"], True)


def fill_the_tablets_storage(page, stack) -> None:
    """The tablet's storage refuses every write from now on (as a full disk does): the kiosk's origin given
    a quota of 1 byte through Chromium's DevTools protocol (Storage.overrideQuotaForOrigin)."""
    session = page.context.new_cdp_session(page)
    origin = stack.kiosk_url.split("/", 3)
    session.send("Storage.overrideQuotaForOrigin", {"origin": f"{origin[0]}//{origin[2]}", "quotaSize": 1})


def test_a_typed_punch_the_tablet_cannot_save_says_it_was_not_saved(stack, admin, launch, tmp_path):
    # Offline, and the tablet's storage full: the typed punch can be neither sent nor saved. Said so (tell HR) instead
    # of nothing; the typed number stays in the form to try again.
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Full tablet door", tmp_path)
    fill_the_tablets_storage(page, stack)
    page.context.set_offline(True)
    type_a_punch(page, "NS-2020")
    not_saved = page.get_by_test_id("no-face-not-saved")
    not_saved.wait_for()
    assert not_saved.inner_text() == "This could not be saved on this kiosk, and HR may not have it: tell HR."
    assert page.get_by_test_id("no-face-saved").count() == 0
    assert page.get_by_test_id("no-face-number").input_value() == "NS-2020"
    assert_accessible(page, "kiosk no face id not saved")
    page.get_by_test_id("no-face-close").click()
    page.context.set_offline(False)


def test_a_face_press_the_tablet_cannot_save_says_it_was_not_saved(stack, admin, launch, tmp_path):
    # Offline, and the tablet's storage full: the photo can be neither sent nor saved. Said so, with the button and
    # the time, instead of nothing.
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "camera.y4m"))
    page, _ = open_paired_kiosk(browser, stack, admin, "Full tablet camera door", tmp_path)
    fill_the_tablets_storage(page, stack)
    page.context.set_offline(True)
    page.get_by_test_id("entry").click()
    said = page.get_by_test_id("not-saved")
    said.wait_for()
    assert said.inner_text().startswith("Not saved on this kiosk: your Entry at ")
    assert said.inner_text().endswith(" may not have been recorded. Tell HR.")
    assert page.get_by_test_id("queue-count").inner_text().endswith(": 0")
    assert_accessible(page, "kiosk press not saved")
    page.context.set_offline(False)
