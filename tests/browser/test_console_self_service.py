"""Employee self-service in the console (Debian's chromium against the local stack, FACEPASS_LOCAL_USERS with an
employee and a reviewer): the employee signs in and lands on My hours (no HR page in the nav), sees their day's
worked time and punches, sends "Something wrong?" about a day; a reviewer sees the request under Review's
"Correction requests" and resolves it with an answer; the employee sees the answer. "My Face ID" on My hours shows
them what is kept about their own face and whom to ask to withdraw consent, once they ask for it (a button)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from playwright.sync_api import expect

from facepass.client import ApiError
from tests.browser.conftest import PRIVACY_CONTACT, assert_accessible, new_page, screenshot, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, sign_in
from tests.browser.test_console_records import _insert_events
from tests.conftest import fixture_bytes

WORKER = ("worker@example.com", "worker-local")
LEAD = ("lead@example.com", "lead-local")
MOVER = ("mover@example.com", "mover-local")
FACE = ("face.owner@example.com", "face-local")
UNRECORDED = ("early.face@example.com", "early-local")
REENROLLED = ("again.face@example.com", "again-local")
USERS = {HR_USER: HR_PASSWORD, WORKER[0]: {"password": WORKER[1], "roles": ["employee"]},
         LEAD[0]: {"password": LEAD[1], "roles": ["reviewer"]},
         MOVER[0]: {"password": MOVER[1], "roles": ["employee"]},
         FACE[0]: {"password": FACE[1], "roles": ["employee"]},
         UNRECORDED[0]: {"password": UNRECORDED[1], "roles": ["employee"]},
         REENROLLED[0]: {"password": REENROLLED[1], "roles": ["employee"]}}


local_stack = stack_with("self", {
    "FACEPASS_LOCAL_USERS": json.dumps(USERS),
    "FACEPASS_PRIVACY_CONTACT": PRIVACY_CONTACT,
})


def test_an_employee_asks_for_a_correction_and_reads_hrs_answer(stack, admin, launch, tmp_path):
    worker = admin.create_employee("Wren Worker", "Worker@Example.com", "Floor")
    day = datetime.now(UTC) - timedelta(days=1)
    _insert_events(stack, dict(employee_id=uuid.UUID(worker["id"]), occurred_at=day.replace(hour=8, minute=0),
                               event_type="entry"),
                   dict(employee_id=uuid.UUID(worker["id"]), occurred_at=day.replace(hour=16, minute=30),
                        event_type="exit"))
    date = day.date().isoformat()

    page = new_page(launch())
    sign_in(page, stack, None, user=WORKER[0], password=WORKER[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()  # where an employee lands
    links = page.get_by_role("navigation").get_by_role("link").all_inner_texts()
    assert links == ["My hours"], links
    expect(page.get_by_test_id("roles")).to_have_text("Employee")
    page.get_by_label("From").fill(date)  # the period picker (the month so far by default)
    row = page.locator(f"[data-day='{date}']")
    expect(row).to_contain_text("8:30")
    expect(row.get_by_test_id("my-punch")).to_have_count(2)
    expect(row.get_by_test_id("my-punch").first).to_contain_text("counted")
    assert "0.8" not in page.get_by_test_id("my-days").inner_text()  # no score of the face
    row.get_by_test_id("something-wrong").click()
    form = row.get_by_test_id("correction-form")
    form.get_by_label("What is wrong (for HR)").fill("I stayed until 17:30 for the inventory.")
    form.get_by_label("About the punch").select_option(index=2)  # the exit
    assert_accessible(page, "console my hours: a correction request")
    screenshot(page, "console-my-hours", tmp_path)
    form.get_by_role("button", name="Send to HR").click()
    request = page.get_by_test_id("my-request")
    expect(request).to_have_count(1)
    expect(request).to_contain_text("I stayed until 17:30 for the inventory.")
    expect(request).to_contain_text("waiting for HR")

    lead = new_page(launch())
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    lead.get_by_role("navigation").get_by_role("link", name="Review").click()
    lead.get_by_role("heading", name="Correction requests", level=2).wait_for()
    card = lead.get_by_test_id("correction-item")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Wren Worker")
    expect(card.get_by_test_id("correction-note")).to_have_text("I stayed until 17:30 for the inventory.")
    expect(card.get_by_test_id("correction-event")).to_contain_text("About the exit at")  # the punch it names
    card.get_by_label("Answer (the employee reads it)").fill("Exit corrected to 17:30.")
    assert_accessible(lead, "console review: correction requests")
    screenshot(lead, "console-review-corrections", tmp_path)
    card.get_by_role("button", name="Resolve").click()
    expect(lead.get_by_text("Request answered")).to_be_visible()
    expect(card).to_have_count(0)
    expect(lead.get_by_text("No open correction requests.")).to_be_visible()
    # A reviewer with no employee record of theirs has no My hours.
    expect(lead.get_by_role("navigation").get_by_role("link", name="My hours")).to_have_count(0)
    # Given one (their email on a record), they see My hours beside the HR pages.
    admin.create_employee("Lee Lead", LEAD[0], "Floor")
    lead.reload()
    lead.get_by_role("navigation").get_by_role("link", name="My hours").click()
    lead.get_by_role("heading", name="My hours", level=2).wait_for()
    expect(lead.get_by_text("You have not asked for a correction.")).to_be_visible()

    page.reload()
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    answered = page.get_by_test_id("my-request")
    expect(answered).to_have_attribute("data-state", "resolved")
    expect(answered.get_by_test_id("my-request-answer")).to_contain_text("Exit corrected to 17:30.")
    expect(answered).to_contain_text("answered")


def test_a_punch_the_kiosk_refused_and_a_requested_punch_hr_moved_to_someone_else(stack, admin, launch, tmp_path):
    """My hours words a punch the kiosk refused (liveness) as the kiosk's refusal, not HR's; a request about a punch
    HR then assigns to someone else no longer shows that punch to its employee ("no longer yours"), and HR's card
    says it is now another person's."""
    mover = admin.create_employee("Mo Mover", MOVER[0], "Floor")
    other = admin.create_employee("Bo Other", "bo.other@example.com", "Floor")
    day = datetime.now(UTC) - timedelta(days=2)
    pending, _ = _insert_events(
        stack, dict(employee_id=uuid.UUID(mover["id"]), occurred_at=day.replace(hour=7, minute=0), event_type="entry",
                    review_state="pending", review_reasons=["low_margin"]),
        dict(employee_id=uuid.UUID(mover["id"]), occurred_at=day.replace(hour=7, minute=30), event_type="entry",
             status="rejected"))
    date = day.date().isoformat()

    page = new_page(launch())
    sign_in(page, stack, None, user=MOVER[0], password=MOVER[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    page.get_by_label("From").fill(date)
    row = page.locator(f"[data-day='{date}']")
    expect(row.get_by_test_id("my-punch")).to_have_count(2)
    expect(row.get_by_test_id("my-punch").nth(0)).to_contain_text("awaiting HR's check")
    expect(row.get_by_test_id("my-punch").nth(1)).to_contain_text("not counted: the kiosk refused the photo")
    row.get_by_test_id("something-wrong").click()
    form = row.get_by_test_id("correction-form")
    form.get_by_label("What is wrong (for HR)").fill("That 7:00 was me.")
    form.get_by_label("About the punch").select_option(str(pending["id"]))
    form.get_by_role("button", name="Send to HR").click()
    request = page.get_by_test_id("my-request")
    expect(request).to_have_count(1)
    expect(request).to_contain_text("About the entry at")

    admin.request("POST", f"/attendance/{pending['id']}/review", json={
        "action": "reassign", "employee_id": other["id"], "event_type": "exit", "note": "it was Bo leaving"})
    lead = new_page(launch())
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    lead.get_by_role("navigation").get_by_role("link", name="Review").click()
    lead.get_by_role("heading", name="Correction requests", level=2).wait_for()
    card = lead.get_by_test_id("correction-item").filter(has_text="Mo Mover")
    expect(card.get_by_test_id("correction-event")).to_contain_text("About the exit at")  # as it is now
    expect(card.get_by_test_id("correction-event-moved")).to_have_text("now another person's: reassigned after the "
                                                                       "request")
    assert_accessible(lead, "console review: a correction request whose punch moved")

    page.reload()
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    request = page.get_by_test_id("my-request")
    expect(request.get_by_test_id("my-request-event-gone")).to_contain_text("no longer yours")
    expect(request).not_to_contain_text("exit")
    expect(request).not_to_contain_text("About the entry")
    assert_accessible(page, "console my hours: a request whose punch moved")
    screenshot(page, "console-my-hours-punch-moved", tmp_path)


def test_my_face_id_shows_their_consent_face_photos_and_whom_to_ask_to_withdraw(stack, admin, launch, tmp_path):
    """GET /me/biometrics on My hours: their consent and its reference, their enrolled face, their check-in photos
    until when, how long things are kept, and the privacy contact to ask for a withdrawal (no self-service
    withdrawal: HR records it). Nothing of another person's punch."""
    owner = admin.create_employee("Fay Owner", FACE[0], "Floor", consent_reference="release 2026-42")
    assert admin.enroll(owner["id"], fixture_bytes("identities/bbt_amy/amy1.png"))["status"] == "completed"
    other = admin.create_employee("Oscar Elsewhere", "oscar.elsewhere@example.com", "Floor")
    day = datetime.now(UTC) - timedelta(days=1)
    _insert_events(stack, dict(employee_id=uuid.UUID(owner["id"]), occurred_at=day.replace(hour=8, minute=0),
                               event_type="entry", snapshot_key=f"snapshots/{uuid.uuid4()}.jpg"),
                   dict(employee_id=uuid.UUID(owner["id"]), occurred_at=day.replace(hour=16, minute=0),
                        event_type="exit", snapshot_key=f"snapshots/{uuid.uuid4()}.jpg"),
                   dict(employee_id=uuid.UUID(other["id"]), occurred_at=day.replace(hour=9, minute=0),
                        event_type="entry", snapshot_key=f"snapshots/{uuid.uuid4()}.jpg"))  # Oscar's: not hers

    page = new_page(launch())
    asked = []  # GET /me/biometrics is an access (a line on the access log): only when she asks for it
    page.on("request", lambda request: asked.append(request.url) if "/me/biometrics" in request.url else None)
    sign_in(page, stack, None, user=FACE[0], password=FACE[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    panel = page.get_by_test_id("my-face-id")
    expect(panel.get_by_role("heading", name="My Face ID", level=3)).to_be_visible()
    expect(page.get_by_test_id("my-hours-total")).to_be_visible()  # My hours has loaded what it shows at once
    expect(panel.get_by_test_id("my-face-id-consent")).to_have_count(0)
    assert asked == []
    panel.get_by_role("button", name="Show my Face ID data").click()
    expect(panel.get_by_test_id("my-face-id-consent")).to_contain_text("You consented on")
    expect(panel.get_by_test_id("my-face-id-consent")).to_contain_text("release 2026-42")
    expect(panel.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "1")
    expect(panel.get_by_test_id("my-face-id-faces")).to_contain_text("enrolled")
    expect(panel.get_by_test_id("my-face-id-photos")).to_have_attribute("data-count", "2")
    expect(panel.get_by_test_id("my-face-id-photos")).to_contain_text("2 photos deleted by")
    expect(panel.get_by_test_id("my-face-id-other-photos")).to_have_attribute("data-count", "0")
    expect(panel.get_by_test_id("my-face-id-retention")).to_contain_text("The photo of each check is kept at most")
    expect(panel.get_by_test_id("my-face-id-withdraw")).to_contain_text(f"To withdraw your consent, or for a copy "
                                                                        f"of this, ask {PRIVACY_CONTACT}")
    text = panel.inner_text()
    assert "Oscar" not in text and "snapshots/" not in text, text
    panel.scroll_into_view_if_needed()
    assert_accessible(page, "console my hours: my face id")
    screenshot(page, "console-my-face-id", tmp_path)

    # HR withdraws it at her request: the panel says so, and that nothing of her face is enrolled any more.
    admin.withdraw_consent(owner["id"])
    page.reload()
    page.get_by_test_id("my-face-id-show").click()
    expect(page.get_by_test_id("my-face-id-consent")).to_contain_text("You withdrew your consent on")
    expect(page.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("my-face-id-photos")).to_have_attribute("data-count", "0")

    assert len(asked) == 2, asked  # once per click


def test_my_face_id_of_a_face_enrolled_before_consent_was_recorded_does_not_say_none_is_enrolled(
        stack, admin, launch):
    """A face enrolled with no consent recorded (before FacePass recorded consent, or while the company asked none):
    the panel says a face is enrolled and no consent is recorded, not that no face is enrolled above "Enrolled
    faces: 1"."""
    person = admin.create_employee("Early Face", UNRECORDED[0], "Floor", consent_reference="paper 1")
    assert admin.enroll(person["id"], fixture_bytes("identities/bbt_amy/amy1.png"))["status"] == "completed"
    with psycopg.connect(stack.database_url) as connection:  # as a face enrolled before migration 0026 stands
        connection.execute("UPDATE employees SET consent_recorded_at = NULL, consent_recorded_by = NULL, "
                           "consent_reference = NULL WHERE id = %s", (person["id"],))

    panel = show_my_face_id(new_page(launch()), stack, UNRECORDED)
    expect(panel.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "1")
    consent = panel.get_by_test_id("my-face-id-consent")
    expect(consent).to_contain_text("A face of yours is enrolled, but no consent of yours is recorded")
    expect(consent).not_to_contain_text("no face of yours is enrolled")



def withdrawn_then_enrolled(stack, admin, launch, name: str, user: tuple[str, str]):
    """A person who withdrew their consent and has a face enrolled since, no consent recorded since, reads My Face ID:
    one face, the withdrawal said (withdrawnEnrolled); the consent sentence, for the caller's own checks. No API path
    enrolls one after a withdrawal (employees.lacks_consent holds it whatever FACEPASS_BIOMETRIC_CONSENT says, as
    asserted here): the face is enrolled under a consent recorded again, which the row then forgets (consent cleared,
    consent_withdrawn_at back), as a face put there outside those gates stands. Penny's photos: nobody else's face
    in either module's gallery (a duplicate would be held, not enrolled)."""
    person = admin.create_employee(name, user[0], "Floor", consent_reference="paper 2")
    assert admin.enroll(person["id"], fixture_bytes("identities/bbt_penny/penny1.png"))["status"] == "completed"
    assert admin.withdraw_consent(person["id"])
    with pytest.raises(ApiError) as refused:
        admin.enroll(person["id"], fixture_bytes("identities/bbt_penny/penny2.png"))
    assert refused.value.code == "consent_required"
    admin.record_consent(person["id"], reference="paper 3")
    assert admin.enroll(person["id"], fixture_bytes("identities/bbt_penny/penny2.png"))["status"] == "completed"
    with psycopg.connect(stack.database_url) as connection:
        connection.execute("UPDATE employees SET consent_recorded_at = NULL, consent_recorded_by = NULL, "
                           "consent_reference = NULL, consent_withdrawn_at = withdrawal_finished_at WHERE id = %s",
                           (person["id"],))
    panel = show_my_face_id(new_page(launch()), stack, user)
    expect(panel.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "1")
    consent = panel.get_by_test_id("my-face-id-consent")
    expect(consent).to_have_attribute("data-wording", "myFaceId.consent.withdrawnEnrolled")
    expect(consent).to_contain_text("You withdrew your consent on")
    return consent


def show_my_face_id(page, stack, user: tuple[str, str]):
    """Signed in as `user`, My hours' My Face ID panel once asked for: the panel."""
    sign_in(page, stack, None, user=user[0], password=user[1])
    page.get_by_role("heading", name="My hours", level=2).wait_for()
    panel = page.get_by_test_id("my-face-id")
    panel.get_by_role("button", name="Show my Face ID data").click()
    return panel


def test_my_face_id_of_a_face_enrolled_after_a_withdrawal_says_consent_was_withdrawn_then(stack, admin, launch):
    """Consent withdrawn (withdrawn_at, none recorded since) and a face of theirs enrolled after it: the panel says
    they withdrew it and a face was enrolled since (ask HR for a new release or its erasure), not that it was
    enrolled before consent was recorded."""
    consent = withdrawn_then_enrolled(stack, admin, launch, "Agnes Again", REENROLLED)
    expect(consent).to_contain_text("but a face of yours has been enrolled since: ask HR to record your new signed "
                                    "release, or to erase your face")
    expect(consent).not_to_contain_text("before consent was recorded")
    expect(consent).not_to_contain_text("your face data was erased")
    assert_accessible(consent.page, "console my hours: my face id, a face enrolled after a withdrawal")
