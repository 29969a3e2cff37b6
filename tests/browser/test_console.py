"""The HR console in Debian's chromium against the local stack: OAuth2 code + PKCE sign-in through
the local authorize page, today's overview, an employee created and enrolled from a photo on disk
(status `completed`), the check-in in attendance with its snapshot, a flagged check-in resolved in
the review queue, the daily CSV, devices paired and revoked, erasure behind a typed confirmation,
Russian."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.browser.conftest import assert_accessible, new_page, screenshot
from tests.conftest import FIXTURES, SHARED, fixture_bytes

HR_USER, HR_PASSWORD = "hr@example.com", "facepass-local"  # the documented default local user


def sign_in(page, stack, tmp_path, *, shots: bool = False, user: str = HR_USER, password: str = HR_PASSWORD):
    page.goto(stack.console_url)
    page.get_by_test_id("signin").wait_for()
    if shots:
        assert_accessible(page, "console sign-in")
        screenshot(page, "console-signin", tmp_path)
    page.get_by_test_id("signin").click()
    page.get_by_label("Email").fill(user)  # the local authorize page (the Cognito hosted UI in AWS)
    assert_accessible(page, "local authorize page")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("user").wait_for()
    assert user in page.get_by_test_id("user").inner_text()
    assert "code=" not in page.url  # the code is exchanged once and dropped from the address bar


def person_page(stack, launch, tmp_path, person: dict):
    """HR signed in, on the person's page as drawn."""
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=person["full_name"], level=2).wait_for()
    return page


def go(page, section: str, heading: str, tmp_path, shot: str | None = None):
    page.get_by_role("navigation").get_by_role("link", name=section).click()
    page.get_by_role("heading", name=heading, level=2).wait_for()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, f"console {section}")
    if shot:
        screenshot(page, shot, tmp_path)


def test_console_signs_in_enrolls_reports_and_manages_devices(stack, admin, launch, tmp_path):
    browser = launch()
    page = new_page(browser)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, stack, tmp_path, shots=True)

    # Employees: create, then enroll a photo from disk and watch the ticket reach `completed`.
    go(page, "Employees", "Employees", tmp_path)
    form = page.get_by_role("form", name="Add employee")
    form.get_by_label("Full name").fill("Rose Leslie")
    form.get_by_label("Email").fill("rose@example.com")
    form.get_by_label("Department").fill("Cast")
    # Her biometric consent, recorded with her: without it no photo of hers could be uploaded.
    form.get_by_label("The employee received the biometric notice and agreed in writing").check()
    form.get_by_label("Consent reference (required)").fill("form 2026-12 #1")
    form.get_by_role("button", name="Add employee").click()
    page.get_by_role("heading", name="Rose Leslie", level=2).wait_for()
    employee_id = page.url.rsplit("/", 1)[-1]
    page.get_by_test_id("consent-recorded").filter(has_text="(ref form 2026-12 #1)").wait_for()
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "identities/fr_rose_leslie/train_img1.jpg"))
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for(timeout=90_000)
    page.get_by_test_id("completeness").filter(has_text="1").wait_for()
    assert_accessible(page, "console employee")
    screenshot(page, "console-employee", tmp_path)
    # A photo the gates refuse: the reason is shown in words.
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "nonface/skimage_rocket.jpg"))
    page.locator("[data-testid=enroll-status] [data-status=rejected]").wait_for(timeout=90_000)
    assert "no face found" in page.locator("[data-status=rejected]").inner_text()
    # A photo of a phone screen (../shared/faces/liveness): not Rose's face, so held as unlike her own photos; HR
    # enrolls it anyway, and it is enrolled under the default flag policy, badged.
    page.get_by_test_id("photo-input").set_input_files(str(SHARED / "faces/liveness/images/minivision/image_F2.jpg"))
    page.locator("[data-testid=enroll-status] [data-status=needs_confirmation]").wait_for(timeout=90_000)
    page.get_by_test_id("duplicate").get_by_role("button", name="Enroll anyway").click()
    page.get_by_test_id("liveness-flagged").wait_for(timeout=90_000)
    page.get_by_test_id("liveness-flagged-faces").filter(has_text="1").wait_for()

    # A check-in at a paired kiosk (through the API), then seen in the console.
    from facepass.client import FacePassClient

    kiosk = FacePassClient(stack.api_url)
    kiosk.pair(admin.create_device("Console test kiosk", timezone="UTC")["pairing_code"])
    checked = kiosk.check(fixture_bytes("identities/fr_rose_leslie/train_img2.jpg"))
    assert checked.status == 201 and checked.body["event"]["employee"]["id"] == employee_id, checked.body

    go(page, "Today", f"Today, {datetime.now(UTC).date().isoformat()}", tmp_path, "console-overview")
    assert "Rose Leslie" in page.get_by_test_id("present").inner_text()

    go(page, "Attendance", "Attendance", tmp_path)
    row = page.get_by_test_id("events").locator("tr", has_text="Rose Leslie")
    row.get_by_role("button", name="Show").click()
    snapshot = row.get_by_role("img", name="Snapshot")
    snapshot.wait_for()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=snapshot.element_handle())
    screenshot(page, "console-attendance", tmp_path)

    # Review: an enrollment photo shown to the kiosk is flagged (replay) and waits for HR.
    replayed = kiosk.check(fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"), event_type="exit")
    assert replayed.status == 201 and replayed.body["event"]["review_state"] == "pending", replayed.body
    queued = admin.request("GET", "/attendance/review", params={"limit": 1}).body["pending_total"]
    assert queued >= 1
    go(page, "Today", f"Today, {datetime.now(UTC).date().isoformat()}", tmp_path)
    pending_card = page.get_by_test_id("pending")
    assert pending_card.locator(".big-number").inner_text() == str(queued)
    assert f"{queued} of them from today" in pending_card.inner_text()
    go(page, "Review", "Review queue", tmp_path)
    item = page.get_by_test_id("review-item").filter(has_text="Rose Leslie")
    assert "looks like a replayed enrollment photo" in item.inner_text()
    # Each score beside the cut the check decided by: the identify threshold, the liveness cut, the replay's.
    cuts = admin.request("GET", "/attendance/review", params={"limit": 500}).body["items"]
    cuts = next(i for i in cuts if i["id"] == replayed.body["event"]["id"])["thresholds"]
    assert item.get_by_test_id("match-cut").first.inner_text().strip() == f"(match at ≥ {cuts['match_threshold']:.3f})"
    assert item.get_by_test_id("liveness-cut").inner_text().strip() == f"(live at ≥ {cuts['liveness_threshold']:.2f})"
    assert f"alike an enrolled photo (a copy from {cuts['replay_threshold']:.2f}): a copy?" in item.get_by_test_id(
        "review-replay").inner_text()
    # Why it is here: its History, on a punch still awaiting review (nobody changed it yet).
    item.get_by_test_id("review-history").get_by_role("button", name="History").click()
    assert item.get_by_test_id("audit").inner_text() == "No changes."
    # Whose punch is it: the candidate's name opens their last 7 days, with the snapshots still kept, here.
    today = admin.request("GET", "/attendance/calendar").body["today"]
    week_ago = (datetime.fromisoformat(today) - timedelta(days=6)).date().isoformat()
    link = item.get_by_test_id("candidate-days").first
    assert link.inner_text() == "Rose Leslie"
    assert link.get_attribute("href") == f"#/attendance?employee_id={employee_id}&date_from={week_ago}&date_to={today}"
    link.click()
    page.get_by_role("heading", name="Attendance", level=2).wait_for()
    rows = page.get_by_test_id("events").locator("tbody tr")
    rows.filter(has_text="awaiting review").wait_for()
    assert rows.count() == 2 and all("Rose Leslie" in row for row in rows.all_inner_texts())
    assert page.locator("input[name=date_from]").input_value() == week_ago
    # The Attendance page offers the pending punch's History too.
    rows.filter(has_text="awaiting review").get_by_role("button", name="History").click()
    rows.filter(has_text="awaiting review").get_by_test_id("audit").wait_for()
    go(page, "Review", "Review queue", tmp_path)
    item = page.get_by_test_id("review-item").filter(has_text="Rose Leslie")
    item.get_by_role("button", name="Show").click()
    item.get_by_role("img", name="Snapshot").wait_for()
    item.get_by_label("Note").fill("Checked on the door camera: it was her.")
    assert_accessible(page, "console review")
    screenshot(page, "console-review", tmp_path)
    item.get_by_role("button", name="Confirm").click()
    page.get_by_text("Review saved").wait_for()
    page.get_by_text("Nothing to review.").wait_for()
    audit = admin.request("GET", f"/attendance/{replayed.body['event']['id']}/audit").body
    assert "Checked on the door camera: it was her." in str(audit)
    # Another admin decides the next one while this page shows it: the console's decision is refused, not laid
    # over theirs.
    again = kiosk.check(fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"), event_type="exit")
    assert again.body["event"]["review_state"] == "pending", again.body
    page.reload()
    go(page, "Review", "Review queue", tmp_path)
    item = page.get_by_test_id("review-item").filter(has_text="Rose Leslie")
    item.get_by_label("Note").fill("It was her.")
    other = admin.request("POST", f"/attendance/{again.body['event']['id']}/review",
                          json={"action": "reject", "note": "a photo of a photo"})
    assert other.status == 200, other.body
    item.get_by_role("button", name="Confirm").click()
    item.get_by_test_id("review-stale").filter(has_text="decided this event meanwhile: rejected").wait_for()
    trail = admin.request("GET", f"/attendance/{again.body['event']['id']}/audit").body["items"]
    assert [entry["action"] for entry in trail] == ["reject"]

    go(page, "Daily report", "Daily report", tmp_path, "console-daily")
    with page.expect_download() as download_info:
        page.get_by_test_id("daily-csv").click()
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert any(row.get("full_name") == "Rose Leslie" for row in rows), rows

    # Devices: create one (its pairing code is shown once), then revoke it.
    go(page, "Devices", "Devices", tmp_path)
    add = page.get_by_role("form", name="Add kiosk")
    add.get_by_label("Name").fill("Lobby tablet")
    add.get_by_label("Site").fill("Head office")
    add.get_by_role("button", name="Add kiosk").click()
    code = page.get_by_test_id("pairing-code").inner_text()
    assert len(code.replace("-", "")) >= 6
    device_row = page.locator("tr[data-device='Lobby tablet']")
    device_row.get_by_test_id("device-state").filter(has_text="waiting for pairing").wait_for()
    screenshot(page, "console-devices", tmp_path)
    assert_accessible(page, "console devices with code")
    device_row.get_by_role("button", name="Revoke").click()
    device_row.get_by_test_id("device-state").filter(has_text="revoked").wait_for()
    refused = FacePassClient(stack.api_url).request("POST", "/devices/pair", json={"pairing_code": code},
                                                    expect=(200, 400, 401, 403, 404, 409, 410, 422))
    assert refused.status != 200

    # Russian.
    page.get_by_test_id("language").select_option("ru")
    page.get_by_role("navigation").get_by_role("link", name="Сотрудники").click()
    page.get_by_role("heading", name="Сотрудники", level=2).wait_for()
    assert_accessible(page, "console employees (ru)")
    screenshot(page, "console-employees-ru", tmp_path)
    page.get_by_test_id("language").select_option("en")

    # Erasure waits for the person's name, typed.
    page.goto(f"{stack.console_url}#/employees/{employee_id}")
    page.get_by_test_id("erase").click()
    dialog = page.get_by_test_id("erase-dialog")
    erase = dialog.get_by_role("button", name="Erase for good")
    assert erase.is_disabled()
    dialog.get_by_test_id("erase-confirm").fill("Rose")
    assert erase.is_disabled()
    dialog.get_by_test_id("erase-confirm").fill("Rose Leslie")
    assert_accessible(page, "console erase dialog")
    erase.click()
    page.get_by_text("Erased: 2 faces").wait_for()  # the photo and the flagged screen photo
    faces = admin.request("GET", f"/employees/{employee_id}/faces").body
    assert faces["items"] == []


def upload_held_photo(page, stack, person: dict, photo: str):
    """Upload a fixture photo on the person's page and wait for the hold (needs_confirmation): HR's choice."""
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=person["full_name"], level=2).wait_for()
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / photo))
    page.locator("[data-testid=enroll-status] [data-status=needs_confirmation]").wait_for(timeout=90_000)
    return page.get_by_test_id("duplicate")


def shown_photo(page, held, name: str):
    """The held photo's face crop beside its verdict, loaded (decoded by the browser: naturalWidth > 0)."""
    image = held.get_by_role("img", name=f"The held photo uploaded for {name} (the face, cropped)")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image


def test_console_enrolls_from_the_webcam_and_searches(stack, admin, launch, tmp_path):
    from tests.browser.camera_feed import write_y4m

    person = admin.create_employee("Barack Obama", "barack@example.com", "Guests")
    admin.create_employee("Joe Biden", "joe@example.com", "Guests")
    browser = launch(write_y4m(FIXTURES / "identities/fr_obama/train_obama.jpg", tmp_path / "obama.y4m",
                               width=1280, height=720))
    page = new_page(browser)
    sign_in(page, stack, tmp_path)

    go(page, "Employees", "Employees", tmp_path)
    page.get_by_role("search").get_by_label("Department").fill("Guests")
    page.get_by_role("link", name="Joe Biden").wait_for()
    page.get_by_role("searchbox").fill("obam")  # searched by the API (name or email, any case)
    page.get_by_role("link", name="Joe Biden").wait_for(state="detached")
    assert page.get_by_role("link", name="Barack Obama").is_visible()

    page.get_by_role("link", name="Barack Obama").click()
    page.get_by_role("heading", name="Barack Obama", level=2).wait_for()
    page.get_by_role("button", name="Take a photo with the webcam").click()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.videoWidth > 0; }")
    assert_accessible(page, "console webcam enrollment")
    page.get_by_role("button", name="Take photo").click()
    final = page.locator("[data-testid=enroll-status]").locator("[data-status=completed], [data-status=rejected], "
                                                                "[role=alert]")
    final.wait_for(timeout=90_000)
    assert final.get_attribute("data-status") == "completed", final.inner_text()
    faces = admin.request("GET", f"/employees/{person['id']}/faces").body
    assert len(faces["items"]) == 1

    # Another photo of him on somebody else's record: a suspected duplicate, HR decides.
    joe = next(p for p in admin.list_employees() if p["full_name"] == "Joe Biden")
    duplicate = upload_held_photo(page, stack, joe, "identities/fr_obama/train_obama2.jpg")
    assert "Barack Obama" in duplicate.inner_text()
    # HR sees the photo it decides on: its face crop, from the bucket through the ticket's short-lived link.
    shown_photo(page, duplicate, "Joe Biden")
    assert_accessible(page, "console duplicate confirmation")
    screenshot(page, "console-duplicate", tmp_path)
    duplicate.get_by_role("button", name="Do not enroll").click()
    page.locator("[data-testid=enroll-status] [data-status=rejected]").wait_for()
    assert admin.request("GET", f"/employees/{joe['id']}/faces").body["items"] == []

    # Somebody else's photo on his own record (misfiled in an upload): held, HR told it does not look like him.
    held = upload_held_photo(page, stack, person, "other/skimage_astronaut.png")
    assert "This photo does not look like Barack Obama's other photos" in held.inner_text()
    assert "does not look like this person's other photos" in page.get_by_test_id("enroll-status").inner_text()
    held.get_by_role("button", name="Do not enroll").click()
    page.locator("[data-testid=enroll-status] [data-status=rejected]").wait_for()
    assert len(admin.request("GET", f"/employees/{person['id']}/faces").body["items"]) == 1

    # Signing out ends the session: back to the sign-in button, the API no longer called, and the refresh token
    # revoked (a copy of it signs in no more).
    import requests

    refresh = page.evaluate("""() => JSON.parse(sessionStorage.getItem(
        Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user')))).refresh_token""")
    config = requests.get(stack.console_url.split("/console")[0] + "/config.json", timeout=10).json()["auth"]
    assert refresh
    page.get_by_role("button", name="Sign out").click()
    page.get_by_test_id("signin").wait_for()
    renewed = requests.post(config["tokenUrl"], data={"grant_type": "refresh_token", "refresh_token": refresh,
                                                      "client_id": config["clientId"]}, timeout=10)
    assert renewed.status_code == 400 and renewed.json()["error"] == "invalid_grant", renewed.text
    assert page.evaluate("() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')).length") == 0
