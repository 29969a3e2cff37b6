"""HR removes one enrolled face in the console (Debian's chromium against the local stack): a stranger's photo was
enrolled first under the person, so their own photo is held as unlike "their" photos; HR removes the stranger's face
from the keyboard, through a dialog that says what happens, then enrolls the held photo, and the person is
identified."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import person_page, shown_photo, sign_in, upload_held_photo
from tests.conftest import FIXTURES, fixture_bytes

STRANGER = "identities/deepface_p01/img1.jpg"
GENUINE = "identities/fr_biden/train_biden.jpg"


def focused_text(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.getAttribute('aria-label') "
                         "|| document.activeElement.textContent)")


def test_hr_removes_a_misfiled_face_and_enrolls_the_held_photo(stack, admin, launch, tmp_path):
    person = admin.create_employee("Joe Biden", "joe.faces@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes(STRANGER))["status"] == "completed"
    stranger = admin.request("GET", f"/employees/{person['id']}/faces").body["items"][0]
    stranger_face, enrolled_at = stranger["id"], stranger["created_at"]
    # The stranger checks in at a kiosk: credited to Joe through the misfiled face.
    from facepass.client import FacePassClient

    kiosk = FacePassClient(stack.api_url)
    kiosk.pair(admin.create_device("Faces test kiosk", timezone="UTC")["pairing_code"])
    checked = kiosk.check(fixture_bytes("identities/deepface_p01/img2.jpg"))
    assert checked.status == 201 and checked.body["event"]["employee"]["id"] == person["id"], checked.body
    page = new_page(launch())
    sign_in(page, stack, tmp_path)

    held = upload_held_photo(page, stack, person, GENUINE)
    held.filter(has_text="does not look like Joe Biden's other photos").wait_for()
    rows = page.get_by_test_id("face-row")
    assert rows.count() == 1

    # From the keyboard: Enter on Remove opens the dialog with Cancel focused; Escape closes it, nothing removed.
    remove = rows.first.get_by_test_id("remove-face")
    remove.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Remove this face from Joe Biden?")
    dialog.wait_for()
    assert "only face" in dialog.inner_text() and "cannot be identified" in dialog.inner_text()
    assert focused_text(page) == "Cancel"
    assert_accessible(page, "console remove-face dialog")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert focused_text(page).startswith(f"Remove face {stranger_face}")
    assert rows.count() == 1

    page.keyboard.press("Enter")
    dialog.wait_for()
    page.keyboard.press("Tab")  # Cancel is the last control: the focus wraps to Remove face, inside the dialog
    assert focused_text(page) == "Remove face"
    page.keyboard.press("Enter")

    page.get_by_test_id("no-faces").filter(has_text="cannot be identified").wait_for()
    # The result says how many punches were recognized as Joe since the face was enrolled, and links to them.
    removed = page.get_by_test_id("face-removed")
    removed.filter(has_text=f"Face {stranger_face} removed.").wait_for()
    assert "Punches recognized as Joe Biden since this face was enrolled" in removed.inner_text()
    assert ": 1." in removed.inner_text()
    link = removed.get_by_role("link", name="Check Joe Biden's punches since then")
    enrolled_day = datetime.fromisoformat(enrolled_at).astimezone(UTC).date().isoformat()  # the console's zone: UTC
    assert link.get_attribute("href").startswith(
        f"#/attendance?employee_id={person['id']}&date_from={enrolled_day}&date_to=")
    assert rows.count() == 0
    assert admin.request("GET", f"/employees/{person['id']}/faces").body["identifiable"] is False
    # The held photo was checked again: nothing left to compare it with, and the console says so.
    held.get_by_test_id("rechecked").filter(has_text="no face is left to compare it with").wait_for()

    held.get_by_role("button", name="Enroll anyway").click()
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for()
    rows.first.wait_for()
    assert rows.count() == 1
    faces = admin.request("GET", f"/employees/{person['id']}/faces").body  # identify itself: test_enrollment.py
    assert faces["identifiable"] is True and faces["items"][0]["id"] != stranger_face
    trail = admin.request("GET", f"/employees/{person['id']}/audit").body["items"]
    enrolled, removal, confirmation = [entry for entry in trail if entry["field"] == "face"]
    assert (enrolled["actor"], enrolled["before"], enrolled["after"]) == ("local:local-admin-token", None,
                                                                          str(stranger_face))
    assert removal["before"] == str(stranger_face) and confirmation["before"].startswith("held not_same_person ")
    assert confirmation["after"] == str(faces["items"][0]["id"])
    history = page.get_by_test_id("employee-history")  # read again after the removal and the decision, no reload
    history.get_by_text(f"removed the enrolled face {stranger_face}").wait_for()
    history.get_by_text(f"enrolled a held photo (does not look like this person's other photos) as face "
                        f"{faces['items'][0]['id']}").wait_for()


def test_the_history_says_who_enrolled_each_face(stack, admin, launch, tmp_path):
    """Each face put on the record reads "Face N enrolled by X" in the History (en, ru), X the one who asked for the
    upload (migration 0037): HR's upload in the console, a token's through the API, and a ticket made before
    requesters were recorded, whose face names an unknown requester."""
    import psycopg

    person = admin.create_employee("Kit Harington", "kit.history@example.com", "Cast")
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"))[
        "status"] == "completed"
    (by_token,) = admin.request("GET", f"/employees/{person['id']}/faces").body["items"]
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Kit Harington", level=2).wait_for()
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "identities/fr_kit_harington/train_john2.jpeg"))
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for(timeout=90_000)
    _, by_hr = admin.request("GET", f"/employees/{person['id']}/faces").body["items"]

    enrolled = page.get_by_test_id("employee-history").get_by_test_id("history-face-enrolled")
    enrolled.filter(has_text=f"Face {by_hr['id']} enrolled by hr@example.com").wait_for()
    assert f"Face {by_token['id']} enrolled by local:local-admin-token" in enrolled.first.inner_text()
    assert enrolled.count() == 2
    assert_accessible(page, "console history with faces enrolled")

    # A face from a ticket made before migration 0037 (as process_upload audits it): an unknown requester, in words.
    with psycopg.connect(stack.database_url) as connection:
        connection.execute("INSERT INTO employee_audit (employee_id, field, actor, before, after) "
                           "VALUES (%s, 'face', 'FacePass (automatic): unknown requester', NULL, '999999')",
                           (person["id"],))
    page.reload()
    enrolled.filter(has_text="Face 999999 enrolled by an unknown requester").wait_for()
    page.get_by_test_id("language").select_option("ru")
    enrolled.filter(has_text=f"Лицо {by_hr['id']} зарегистрировал(а) hr@example.com").wait_for()
    enrolled.filter(has_text="Лицо 999999 зарегистрировал(а) неизвестный").wait_for()


def held_through_the_api(admin, employee_id: str, photo: bytes) -> dict:
    """As `facepass enroll` does: the photo through the presigned upload, then its ticket until it is decided."""
    import time

    ticket = admin.upload_photo(employee_id, photo)
    deadline = time.monotonic() + 90
    while True:
        status = admin.request("GET", f"/employees/{employee_id}/enrollments/{ticket['ticket_id']}").body
        if status["status"] not in ("pending", "processing") or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


def test_a_photo_held_elsewhere_is_listed_on_the_persons_page_and_enrolled_from_there(stack, admin, launch,
                                                                                      tmp_path):
    """QA: photos held for a person were listed only in the browser session that uploaded them; one held through the
    API (the CLI, another browser) could never be enrolled after its misfiled face was removed."""
    person = admin.create_employee("Petr Held", "petr.held@example.com", "Guests")
    # QA's steps, with faces no other test here enrolls (a suspected duplicate would be held for another reason).
    assert admin.enroll(person["id"], fixture_bytes("identities/bbt_amy/amy1.png"))["status"] == "completed"
    held = held_through_the_api(admin, person["id"], fixture_bytes("identities/bbt_sheldon/sheldon1.png"))
    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "not_same_person"), held

    page = new_page(launch())  # a fresh browser: nothing uploaded in it
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Petr Held", level=2).wait_for()
    listed = page.get_by_test_id("held-photo")
    listed.filter(has_text="does not look like Petr Held's other photos").wait_for()
    assert listed.count() == 1 and listed.first.get_attribute("data-ticket-id") == held["ticket_id"]
    assert listed.first.locator("[data-status=needs_confirmation]").count() == 1
    shown_photo(page, listed, "Petr Held")  # the face crop HR decides on, beside the verdict
    assert_accessible(page, "console held photos")

    # A hold whose ticket names no crop (held before crops were kept): the console says so, and no image is asked for.
    import psycopg

    with psycopg.connect(stack.database_url) as connection, connection.cursor() as cur:
        cur.execute("UPDATE enrollments SET held_photo_key = NULL WHERE id = %s", (held["ticket_id"],))
    assert admin.request("GET", f"/employees/{person['id']}/enrollments/{held['ticket_id']}").body["photo_url"] is None
    page.reload()
    listed.get_by_test_id("held-photo-none").filter(has_text="No photo kept").wait_for()
    assert listed.get_by_role("img").count() == 0

    # HR removes the misfiled face: the listed photo says what its re-check found.
    page.get_by_test_id("remove-face").click()
    page.get_by_role("dialog", name="Remove this face from Petr Held?").get_by_role(
        "button", name="Remove face").click()
    page.get_by_test_id("no-faces").wait_for()
    listed.get_by_test_id("rechecked").filter(has_text="no face is left to compare it with").wait_for()

    listed.get_by_role("button", name="Enroll anyway").click()
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for()
    page.get_by_test_id("face-row").first.wait_for()
    listed.first.wait_for(state="detached")  # decided: no longer waiting
    assert page.get_by_test_id("face-row").count() == 1
    faces = admin.request("GET", f"/employees/{person['id']}/faces").body
    assert faces["identifiable"] is True and len(faces["items"]) == 1
    assert admin.request("GET", f"/employees/{person['id']}/enrollments").body["items"] == []


def test_a_held_duplicate_whose_suspect_lost_the_face_it_looked_like_names_nobody(stack, admin, launch, tmp_path):
    """A photo held as a suspected duplicate of Joe, whose only face was in fact Obama's (misfiled): once HR removes
    that face, the re-check finds it looks like nobody enrolled, and the person's held list no longer says it looks
    like Joe; it asks whether it is the person's own face."""
    joe = admin.create_employee("Joe Misfiled", "joe.misfiled@example.com", "Guests")
    assert admin.enroll(joe["id"], fixture_bytes("identities/fr_obama/train_obama.jpg"))["status"] == "completed"
    barack = admin.create_employee("Barack Held", "barack.held@example.com", "Guests")
    held = held_through_the_api(admin, barack["id"], fixture_bytes("identities/fr_obama/train_obama2.jpg"))
    assert (held["reason_code"], held["duplicate_of_employee_id"]) == ("suspected_duplicate", joe["id"]), held

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{barack['id']}")
    page.get_by_role("heading", name="Barack Held", level=2).wait_for()
    listed = page.get_by_test_id("held-photo")
    listed.filter(has_text="This face looks like Joe Misfiled, who is already enrolled.").wait_for()

    face = admin.request("GET", f"/employees/{joe['id']}/faces").body["items"][0]["id"]
    admin.request("DELETE", f"/employees/{joe['id']}/faces/{face}")
    page.reload()
    page.get_by_role("heading", name="Barack Held", level=2).wait_for()
    listed.filter(has_text="Is this Barack Held's own face?").wait_for()
    listed.get_by_test_id("rechecked").filter(has_text="it looks like nobody enrolled now").wait_for()
    assert "Joe Misfiled" not in listed.first.inner_text()
    assert_accessible(page, "console held photo naming nobody")

    listed.get_by_role("button", name="Enroll anyway").click()
    listed.first.wait_for(state="detached")
    assert admin.request("GET", f"/employees/{barack['id']}/faces").body["identifiable"] is True


def test_a_stale_held_photo_is_checked_again_when_enrolled_and_the_decisions_and_erasure_are_in_the_history(
        stack, admin, launch, tmp_path):
    """QA: Zed's face A removed, photos B and C (two other people) held with "no face is left to compare it with".
    B is enrolled elsewhere; C, still shown as "no face left", is then enrolled here: the console shows what the
    re-check at confirmation found instead (unlike B now), nothing enrolled; a second "Enroll anyway" is HR's informed
    choice. The decided photos say how they were decided, the History lists each decision and the erasure, and the
    erased person is shown as such, with no upload or erasure offered (en, ru)."""
    zed = admin.create_employee("Zed Stale", "zed.stale@example.com", "Guests")
    assert admin.enroll(zed["id"], fixture_bytes("identities/bbt_bernadette/bernadette1.png"))["status"] == "completed"
    photo_b = held_through_the_api(admin, zed["id"], fixture_bytes("identities/bbt_stuart/stuart1.png"))
    photo_c = held_through_the_api(admin, zed["id"], fixture_bytes("identities/deepface_p22/img22.jpg"))
    assert [held["reason_code"] for held in (photo_b, photo_c)] == ["not_same_person"] * 2, (photo_b, photo_c)
    face_a = admin.request("GET", f"/employees/{zed['id']}/faces").body["items"][0]["id"]
    assert admin.request("DELETE", f"/employees/{zed['id']}/faces/{face_a}").status == 200

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{zed['id']}")
    page.get_by_role("heading", name="Zed Stale", level=2).wait_for()
    row_c = page.locator(f"[data-testid=held-photo][data-ticket-id='{photo_c['ticket_id']}']")
    row_c.get_by_test_id("rechecked").filter(has_text="no face is left to compare it with").wait_for()

    # B enrolled elsewhere (another browser, the CLI) while this page still shows C as it was.
    enrolled_b = admin.request("POST", f"/employees/{zed['id']}/enrollments/{photo_b['ticket_id']}/confirm")
    assert enrolled_b.status == 200, enrolled_b.body
    row_c.get_by_role("button", name="Enroll anyway").click()

    row_c.get_by_test_id("hold-changed").filter(has_text="checked again and the result changed").wait_for()
    row_c.get_by_test_id("rechecked").filter(has_text="Checked again against Zed Stale's faces now: it does not "
                                                      "look like them").wait_for()
    assert "no face is left" not in row_c.inner_text()
    # What changed meanwhile shows too: B's face, and B's confirmation in the History.
    page.get_by_test_id("face-row").first.wait_for()
    assert page.get_by_test_id("no-faces").count() == 0
    page.get_by_test_id("employee-history").get_by_test_id("history-held").first.wait_for()
    assert len(admin.request("GET", f"/employees/{zed['id']}/faces").body["items"]) == 1  # B only
    assert_accessible(page, "console held photo changed at confirmation")
    page.get_by_test_id("language").select_option("ru")
    row_c.get_by_test_id("hold-changed").filter(has_text="результат изменился").wait_for()
    row_c.get_by_test_id("rechecked").filter(has_text="фото на них не похоже").wait_for()
    page.get_by_test_id("language").select_option("en")

    row_c.get_by_role("button", name="Enroll anyway").click()  # knowingly, what is shown now
    row_c.wait_for(state="detached")
    decided = page.get_by_test_id("enroll-status").filter(has_text="enrolled on your confirmation")
    decided.wait_for()
    assert "it was held: does not look like this person's other photos" in decided.inner_text()
    assert len(admin.request("GET", f"/employees/{zed['id']}/faces").body["items"]) == 2
    history = page.get_by_test_id("employee-history")
    history.get_by_test_id("history-held").nth(1).wait_for()
    assert history.get_by_test_id("history-held").count() == 2
    assert "enrolled a held photo (does not look like this person's other photos) as face" in \
        history.get_by_test_id("history-held").nth(1).inner_text()
    page.get_by_test_id("language").select_option("ru")
    page.get_by_test_id("enroll-status").filter(has_text="зарегистрировано по вашему подтверждению").wait_for()
    history.get_by_test_id("history-held").filter(has_text="зарегистрировано задержанное фото").nth(1).wait_for()
    page.get_by_test_id("language").select_option("en")

    # Erased: the page says so and offers neither an upload nor another erasure; the History has the erasure.
    assert admin.request("DELETE", f"/employees/{zed['id']}", params={"erase": "true"}).status == 200
    page.reload()
    page.get_by_role("heading", name="Zed Stale", level=2).wait_for()
    page.get_by_test_id("erased").filter(has_text="Biometric data erased").wait_for()
    page.get_by_test_id("enroll-erased").filter(has_text="Zed Stale's biometric data was erased").wait_for()
    assert page.get_by_test_id("erase").count() == 0 and page.get_by_test_id("photo-input").count() == 0
    assert page.get_by_test_id("no-faces").count() == 0  # not "until a photo is enrolled": none can be
    page.get_by_test_id("history-erasure").filter(has_text="erased the biometric data").wait_for()
    assert_accessible(page, "console erased person")
    page.get_by_test_id("language").select_option("ru")
    page.get_by_test_id("erased").filter(has_text="Биометрия удалена").wait_for()
    page.get_by_test_id("history-erasure").filter(has_text="удалены биометрические данные").wait_for()
    page.get_by_test_id("language").select_option("en")


def test_hr_records_consent_on_the_employee_page_then_uploads(stack, admin, launch, tmp_path):
    """A person without a recorded biometric consent: the list marks them, their page warns that no photo can be
    enrolled and keeps the upload disabled; HR ticks the agreement, gives the form's reference and records it; the
    page says by whom, the upload goes through, and the History has the recording."""
    person = admin.create_employee("Cleo Consent", "cleo.consent@example.com", "Guests", consent=False)
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees")
    row = page.get_by_role("row").filter(has_text="Cleo Consent")
    row.get_by_test_id("no-consent").wait_for()
    row.get_by_role("link", name="Cleo Consent").click()
    page.get_by_role("heading", name="Cleo Consent", level=2).wait_for()
    page.get_by_test_id("consent-missing").filter(has_text="No consent recorded: photos cannot be enrolled").wait_for()
    assert page.get_by_test_id("photo-input").is_disabled()
    assert_accessible(page, "console employee without consent")

    form = page.get_by_role("form", name="Record consent")
    # FACEPASS_BIOMETRIC_CONSENT=required (the stack's default): the reference is required with the consent.
    reference = form.get_by_label("Consent reference (required)")
    assert form.get_by_text("(optional)").count() == 0
    form.get_by_label("The employee received the biometric notice and agreed in writing").check()
    reference.fill("   ")
    form.get_by_role("button", name="Record consent").click()  # ticked, no reference: nothing sent
    assert reference.evaluate("field => !field.validity.valid")
    assert page.get_by_test_id("consent-missing").is_visible()
    assert admin.request("GET", f"/employees/{person['id']}").body["biometric_consent"] is None
    form.get_by_label("The employee received the biometric notice and agreed in writing").uncheck()
    reference.fill("signed form 2026-12 #7")
    form.get_by_role("button", name="Record consent").click()  # the agreement not ticked: nothing sent
    assert page.get_by_test_id("consent-missing").is_visible()
    assert admin.request("GET", f"/employees/{person['id']}").body["biometric_consent"] is None
    form.get_by_label("The employee received the biometric notice and agreed in writing").check()
    form.get_by_role("button", name="Record consent").click()
    recorded = page.get_by_test_id("consent-recorded")
    recorded.filter(has_text="(ref signed form 2026-12 #7)").wait_for()
    consent = admin.request("GET", f"/employees/{person['id']}").body["biometric_consent"]
    assert consent["reference"] == "signed form 2026-12 #7"
    assert f"by {consent['recorded_by']}" in recorded.inner_text()
    assert page.get_by_test_id("consent-missing").count() == 0

    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "identities/bbt_howard/howard1.png"))
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for(timeout=90_000)
    page.get_by_test_id("history-consent").filter(
        has_text=f"{consent['recorded_by']}: recorded the biometric consent (ref signed form 2026-12 #7)").wait_for()
    page.get_by_test_id("language").select_option("ru")
    recorded.filter(has_text="Согласие на биометрию: записано").wait_for()
    page.get_by_test_id("history-consent").filter(has_text="записано согласие на биометрию").wait_for()
    page.get_by_test_id("language").select_option("en")


def test_hr_answers_an_access_request_from_the_employee_page_and_downloads_it(stack, admin, launch, tmp_path):
    """"What do you keep about my face?": the person's page reads GET /employees/{id}/biometric-data on request and
    shows what is held (faces, the check-in photo and the day it goes), in the console's words, and downloads the
    answer as JSON."""
    from facepass.client import FacePassClient

    person = admin.create_employee("Dana Access", "dana.access@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes("identities/deepface_p24/img24.jpg"))["status"] == "completed"
    kiosk = FacePassClient(stack.api_url)
    kiosk.pair(admin.create_device("Access request kiosk", timezone="UTC")["pairing_code"])
    checked = kiosk.check(fixture_bytes("identities/deepface_p24/img25.jpg"))
    assert checked.status == 201 and checked.body["event"]["employee"]["id"] == person["id"], checked.body
    event_id = checked.body["event"]["id"]

    page = person_page(stack, launch, tmp_path, person)
    card = page.get_by_test_id("biometric-data")
    card.get_by_role("button", name="Show").click()
    counts = card.get_by_test_id("biodata-counts")
    counts.or_(card.get_by_role("alert")).wait_for()
    assert counts.is_visible(), card.inner_text()
    assert "Enrolled faces (an embedding each, no photo): 1" in counts.inner_text()
    assert "Check-in photos that may show them: 1" in counts.inner_text()
    photo = card.locator(f"[data-testid=biodata-photo][data-event-id='{event_id}']")
    assert "their check" in photo.inner_text()
    report = admin.request("GET", f"/employees/{person['id']}/biometric-data").body
    assert report["photos"][0]["deleted_by"] in photo.inner_text()
    assert_accessible(page, "console access request")
    with page.expect_download() as download:
        card.get_by_role("button", name="Download (JSON)").click()
    saved = download.value
    assert saved.suggested_filename.startswith(f"biometric-data-{person['id']}-")
    downloaded = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert downloaded["employee"]["id"] == person["id"] and [p["event_id"] for p in downloaded["photos"]] == [event_id]
