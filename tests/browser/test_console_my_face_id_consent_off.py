"""My Face ID where the company asks no consent (FACEPASS_BIOMETRIC_CONSENT=off, GET /me's `biometric_consent`):
the panel says consent is not asked for here, with or without a face enrolled; a withdrawal (which `off` does not
override: employees.lacks_consent) is still said as one, a face enrolled after it too."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER
from tests.browser.test_console_self_service import show_my_face_id, withdrawn_then_enrolled
from tests.conftest import fixture_bytes

NO_FACE = ("no.face@example.com", "noface-local")
FACE = ("off.face@example.com", "offface-local")
AGAIN = ("off.again@example.com", "offagain-local")
USERS = {HR_USER: HR_PASSWORD, **{user: {"password": password, "roles": ["employee"]}
                                  for user, password in (NO_FACE, FACE, AGAIN)}}

local_stack = stack_with("consentoff", {"FACEPASS_LOCAL_USERS": json.dumps(USERS),
                                        "FACEPASS_BIOMETRIC_CONSENT": "off"})


def test_my_face_id_says_consent_is_not_asked_for_here(stack, admin, launch):
    admin.create_employee("Nora Noface", NO_FACE[0], "Floor", consent=False)
    enrolled = admin.create_employee("Olive Offface", FACE[0], "Floor", consent=False)
    assert admin.enroll(enrolled["id"], fixture_bytes("identities/bbt_amy/amy1.png"))["status"] == "completed"
    browser = launch()

    panel = show_my_face_id(new_page(browser), stack, NO_FACE)
    consent = panel.get_by_test_id("my-face-id-consent")
    expect(consent).to_have_attribute("data-wording", "myFaceId.consent.notAsked")
    expect(consent).to_have_text("Consent to Face ID is not asked for here, and no face of yours is enrolled.")
    expect(panel.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "0")

    panel = show_my_face_id(new_page(browser), stack, FACE)
    expect(panel.get_by_test_id("my-face-id-faces")).to_have_attribute("data-count", "1")
    consent = panel.get_by_test_id("my-face-id-consent")
    expect(consent).to_have_attribute("data-wording", "myFaceId.consent.notAskedEnrolled")
    expect(consent).to_have_text("A face of yours is enrolled; consent to Face ID is not asked for here, so none is "
                                 "recorded.")
    assert_accessible(panel.page, "console my hours: my face id, consent not asked for")


def test_a_face_enrolled_after_a_withdrawal_is_said_as_such_where_consent_is_not_asked(stack, admin, launch):
    """`off` does not make a withdrawal's face one "consent is not asked for" covers: the withdrawal is said."""
    consent = withdrawn_then_enrolled(stack, admin, launch, "Ada Again", AGAIN)
    expect(consent).not_to_contain_text("not asked for here")
