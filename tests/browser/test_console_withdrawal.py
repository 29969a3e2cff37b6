"""An employee withdraws their biometric consent and stays employed, in the console (Debian's chromium against the
local stack): the consent card's "Withdraw consent…" asks first, saying what is deleted and that they stay employed;
afterwards the page says plainly that Face ID is withdrawn and HR enters their time (a link to the manual punches),
the person is still active, the list marks them, and the History has it. The erase dialog points a person who stays
to the withdrawal."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import person_page, sign_in
from tests.conftest import fixture_bytes


def test_hr_withdraws_consent_and_the_person_stays_active_with_their_time_entered_by_hr(stack, admin, launch,
                                                                                      tmp_path):
    person = admin.create_employee("Wanda Withdraw", "wanda.withdraw@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_rose_leslie/train_img2.jpg"))["status"] == (
        "completed")
    page = person_page(stack, launch, tmp_path, person)

    # The erase dialog keeps its meaning (a leaver), and points someone who stays to the withdrawal.
    page.get_by_test_id("erase").click()
    erase = page.get_by_role("dialog", name="Erase Wanda Withdraw?")
    erase.get_by_test_id("erase-staying").filter(has_text="use Withdraw consent…").wait_for()
    assert "deactivates them" in erase.inner_text()
    erase.get_by_role("button", name="Cancel").click()
    erase.wait_for(state="detached")

    # Asked first: what is deleted, and that they stay employed. Escape changes nothing.
    page.get_by_role("button", name="Withdraw consent…").click()
    dialog = page.get_by_role("dialog", name="Wanda Withdraw withdraws their biometric consent?")
    dialog.wait_for()
    assert "deletes Wanda Withdraw's enrolled faces" in dialog.get_by_test_id("withdraw-deletes").inner_text()
    assert "stays employed and active" in dialog.get_by_test_id("withdraw-stays").inner_text()
    assert "manual punches" in dialog.get_by_test_id("withdraw-stays").inner_text()
    # No payroll number: "No Face ID?" at the kiosk would record nothing for her (its answer is the same for any).
    assert "records nothing" in dialog.get_by_test_id("no-payroll-number").inner_text()
    assert_accessible(page, "console withdraw-consent dialog")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert len(admin.request("GET", f"/employees/{person['id']}/faces").body["items"]) == 1

    page.get_by_role("button", name="Withdraw consent…").click()
    dialog.get_by_role("button", name="Withdraw consent and delete").click()
    page.get_by_test_id("consent-withdrawn-result").filter(
        has_text="Consent withdrawn: 1 face and 0 snapshots deleted. Wanda Withdraw stays active.").wait_for()
    statement = page.get_by_test_id("consent-withdrawn")
    statement.filter(has_text="Face ID withdrawn on").wait_for()
    assert "their time is entered by HR (Manual punches)" in statement.inner_text()
    assert "has no payroll number" in statement.get_by_test_id("no-payroll-number").inner_text()
    assert page.get_by_test_id("person-status").inner_text() == "Active"
    page.get_by_test_id("no-faces").wait_for()  # the faces shown are read again: none left
    assert page.get_by_test_id("face-row").count() == 0 and page.get_by_test_id("photo-input").is_disabled()
    assert page.get_by_test_id("erased").count() == 0 and page.get_by_test_id("withdraw-consent").count() == 0
    page.get_by_test_id("history-erasure").filter(
        has_text="the employee withdrew their biometric consent: biometric data erased").wait_for()
    page.get_by_test_id("history-consent").filter(has_text="biometric consent withdrawn").wait_for()
    assert page.get_by_test_id("history-consent").filter(has_text="ended by the erasure").count() == 0
    assert_accessible(page, "console employee who withdrew consent")
    shown = admin.request("GET", f"/employees/{person['id']}").body
    assert (shown["is_active"], shown["biometric_consent"]) == (True, None) and shown["consent_withdrawn_at"]
    assert admin.request("GET", f"/employees/{person['id']}/faces").body["items"] == []

    # The list marks them.
    page.goto(f"{stack.console_url}#/employees")
    row = page.get_by_role("row").filter(has_text="Wanda Withdraw")
    row.get_by_test_id("consent-withdrawn-badge").filter(has_text="Face ID withdrawn").wait_for()
    assert "Active" in row.inner_text()

    # The link opens their days on the Attendance page, where HR adds a missing punch for them.
    page.go_back()
    page.get_by_test_id("manual-punches-link").click()
    page.wait_for_url(f"**#/attendance?employee_id={person['id']}*")
    page.locator("summary", has_text="Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.wait_for()
    expect(form.locator("select[name=employee_id]")).to_have_value(person["id"])  # the form is for them

    page.get_by_test_id("language").select_option("ru")
    page.go_back()
    page.get_by_test_id("consent-withdrawn").filter(has_text="Face ID отозван").wait_for()
    page.get_by_test_id("language").select_option("en")


def test_a_person_enrolled_without_a_recorded_consent_stops_face_id_and_an_unfinished_withdrawal_is_run_again(
        stack, admin, launch, tmp_path):
    # Enrolled before consents were kept (or under consent=off): faces, no consent. HR is offered "Stop using Face
    # ID…" (not only Erase, which deactivates). S3 stops it (503): the card says it is unfinished, offers "Run the
    # withdrawal again" and no Record consent (the API refuses it meanwhile); the rerun finishes it.
    import psycopg
    from botocore.exceptions import ClientError

    from tests.conftest import s3_hook

    import dependencies

    person = admin.create_employee("Uma Unrecorded", "uma.unrecorded@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_obama/train_obama.jpg"))["status"] == "completed"
    with psycopg.connect(stack.database_url) as connection:  # a person from before migration 0026
        connection.execute("UPDATE employees SET consent_recorded_at = NULL, consent_recorded_by = NULL, "
                           "consent_reference = NULL WHERE id = %s", (person["id"],))
    page = person_page(stack, launch, tmp_path, person)
    page.get_by_test_id("consent-missing").wait_for()

    page.get_by_role("button", name="Stop using Face ID…").click()
    dialog = page.get_by_role("dialog", name="Uma Unrecorded stops using Face ID?")
    assert "No consent is recorded for Uma Unrecorded" in dialog.get_by_test_id("withdraw-deletes").inner_text()
    assert "stays employed and active" in dialog.get_by_test_id("withdraw-stays").inner_text()

    def refuse(**_):
        raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "ListObjectsV2")

    with s3_hook(dependencies.services(), "before-parameter-build.s3.ListObjectsV2", refuse):
        dialog.get_by_role("button", name="Stop using Face ID and delete").click()
        dialog.wait_for(state="detached")
        unfinished = page.get_by_test_id("withdrawal-unfinished")
        unfinished.filter(has_text="is unfinished").wait_for()
        assert "no consent can be recorded until it has finished" in unfinished.inner_text()
        assert page.get_by_test_id("consent-agreed").count() == 0  # no Record consent meanwhile
        assert page.get_by_test_id("withdraw-consent").count() == 0
        shown = admin.request("GET", f"/employees/{person['id']}").body
        assert shown["withdrawal_unfinished"] is True and shown["is_active"] is True
        assert_accessible(page, "console unfinished withdrawal")

    page.get_by_role("button", name="Run the withdrawal again").click()
    page.get_by_test_id("consent-withdrawn-result").filter(
        has_text="Withdrawal finished: 0 snapshots deleted. Uma Unrecorded stays active.").wait_for()
    page.get_by_test_id("consent-withdrawn").filter(has_text="Face ID withdrawn on").wait_for()
    assert page.get_by_test_id("withdrawal-unfinished").count() == 0
    assert page.get_by_test_id("withdraw-consent").count() == 0  # nothing left to delete
    page.get_by_test_id("consent-agreed").wait_for()  # a new signed form can be recorded now
    page.get_by_test_id("no-faces").wait_for()
    shown = admin.request("GET", f"/employees/{person['id']}").body
    assert (shown["withdrawal_unfinished"], shown["is_active"]) == (False, True)
    assert admin.request("GET", f"/employees/{person['id']}/faces").body["items"] == []


def test_a_withdrawal_the_ledger_cannot_record_says_so_and_changes_nothing(stack, admin, launch, tmp_path):
    # 503 erasure_incomplete also when the ledger write fails and nothing changed: the dialog stays with the error (the
    # person read again is not withdrawal_unfinished), not closed as if it were under way.
    from botocore.exceptions import ClientError

    from facepass import ledger
    from tests.conftest import s3_hook

    import dependencies

    person = admin.create_employee("Lena Ledger", "lena.ledger@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_rose_leslie/train_img2.jpg"))["status"] == (
        "completed")
    page = person_page(stack, launch, tmp_path, person)

    def refuse(params, **_):
        if params.get("Key", "").startswith(ledger.WITHDRAWAL_PREFIX):
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "PutObject")

    page.get_by_role("button", name="Withdraw consent…").click()
    dialog = page.get_by_role("dialog", name="Lena Ledger withdraws their biometric consent?")
    with s3_hook(dependencies.services(), "before-parameter-build.s3.PutObject", refuse):
        dialog.get_by_role("button", name="Withdraw consent and delete").click()
        said = dialog.get_by_test_id("withdraw-not-recorded")
        said.wait_for()
    assert "could not be recorded: nothing was changed" in said.inner_text() and dialog.is_visible()
    assert page.get_by_test_id("withdrawal-unfinished").count() == 0
    assert page.get_by_test_id("consent-recorded").count() == 1  # the card as before: the consent stands
    shown = admin.request("GET", f"/employees/{person['id']}").body
    assert (shown["withdrawal_unfinished"], shown["consent_withdrawn_at"]) == (False, None)
    assert len(admin.request("GET", f"/employees/{person['id']}/faces").body["items"]) == 1


def test_stop_using_face_id_is_offered_only_with_faces_and_withdrawing_again_is_worded_for_one_who_withdrew(
        stack, admin, launch, tmp_path):
    import psycopg

    # A new hire under `required`: nothing stored, no consent. Record consent only, no "Stop using Face ID…".
    hire = admin.create_employee("Nina Newhire", "nina.newhire@example.com", "Guests", consent=False)
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{hire['id']}")
    page.get_by_role("heading", name="Nina Newhire", level=2).wait_for()
    page.get_by_test_id("consent-missing").wait_for()
    page.get_by_test_id("consent-agreed").wait_for()
    page.get_by_test_id("no-faces").wait_for()
    assert page.get_by_test_id("withdraw-consent").count() == 0

    # One who withdrew, whose face a restore brought back (the cleanup has not replayed it yet): "Withdraw again",
    # its dialog worded for a withdrawal, not for a person who never consented.
    back = admin.create_employee("Bea Back", "bea.back@example.com", "Guests")
    assert admin.enroll(back["id"], fixture_bytes("identities/fr_obama/train_obama.jpg"))["status"] == "completed"
    with psycopg.connect(stack.database_url) as connection:  # the restored row: withdrawn, finished, face back
        connection.execute("UPDATE employees SET consent_recorded_at = NULL, consent_recorded_by = NULL, "
                           "consent_reference = NULL, consent_withdrawn_at = now() - interval '2 days', "
                           "withdrawal_finished_at = now() - interval '2 days' WHERE id = %s", (back["id"],))
    page.goto(f"{stack.console_url}#/employees/{back['id']}")
    page.get_by_role("heading", name="Bea Back", level=2).wait_for()
    page.get_by_test_id("consent-withdrawn").wait_for()
    page.get_by_role("button", name="Withdraw again (faces are back)…").click()
    dialog = page.get_by_role("dialog", name="Withdraw Bea Back's biometric consent again?")
    deletes = dialog.get_by_test_id("withdraw-deletes").inner_text()
    assert "Bea Back withdrew their biometric consent on" in deletes and "No consent is recorded" not in deletes
    assert_accessible(page, "console withdraw-again dialog")
    dialog.get_by_role("button", name="Withdraw again and delete").click()
    page.get_by_test_id("consent-withdrawn-result").filter(
        has_text="Withdrawn again: 1 face and 0 snapshots deleted. Bea Back stays active.").wait_for()
    page.get_by_test_id("no-faces").wait_for()
    assert page.get_by_test_id("withdraw-consent").count() == 0


def test_a_half_done_withdrawal_whose_person_cannot_be_read_again_is_never_said_to_have_changed_nothing(
        stack, admin, launch, tmp_path):
    # S3 stops the withdrawal half-way (503 erasure_incomplete: faces gone, consent cleared), and the dialog's read of
    # the person fails too: not known which 503 it was, so the API's error is shown, never "nothing was changed".
    from botocore.exceptions import ClientError

    from tests.conftest import s3_hook

    import dependencies

    person = admin.create_employee("Hal Halfway", "hal.halfway@example.com", "Guests")
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_biden/train_biden.jpg"))["status"] == "completed"
    page = person_page(stack, launch, tmp_path, person)
    page.get_by_role("button", name="Withdraw consent…").click()
    dialog = page.get_by_role("dialog")

    def refuse(**_):
        raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "ListObjectsV2")

    reads = f"{stack.api_url}/employees/{person['id']}"
    page.route(reads, lambda route: route.abort() if route.request.method == "GET" else route.continue_())
    with s3_hook(dependencies.services(), "before-parameter-build.s3.ListObjectsV2", refuse):
        dialog.get_by_role("button", name="Withdraw consent and delete").click()
        dialog.get_by_role("alert").wait_for()
    page.unroute(reads)
    assert "nothing was changed" not in dialog.inner_text(), dialog.inner_text()
    shown = admin.request("GET", f"/employees/{person['id']}").body
    assert shown["withdrawal_unfinished"] is True and shown["biometric_consent"] is None  # half-way indeed
