"""A rehire in the console (Debian's chromium against the local stack): a leaver's face uploaded under a new record is
held naming them "(inactive)" with the advice to reactivate the old record; reactivating the old record once the face
is on an active one asks first, says who, and a forced reactivation is in the History."""

from __future__ import annotations

from tests.browser.conftest import new_page
from tests.browser.test_console import sign_in
from tests.browser.test_console_records import answer_dialogs
from tests.conftest import fixture_bytes

LEONARD = [f"identities/bbt_leonard/leonard{number}.png" for number in range(1, 4)]


def test_a_rehire_is_pointed_to_the_old_record_and_a_clashing_reactivation_asks_first(stack, admin, launch, tmp_path):
    leonard = admin.create_employee("Leonard Hofstadter", "leonard.old@example.com", "Physics")
    assert admin.enroll(leonard["id"], fixture_bytes(LEONARD[0]))["status"] == "completed"
    admin.request("DELETE", f"/employees/{leonard['id']}")
    newcomer = admin.create_employee("Leo New", "leo.new@example.com", "Physics")
    held = admin.enroll(newcomer["id"], fixture_bytes(LEONARD[1]))
    assert (held["status"], held["reason_code"]) == ("needs_confirmation", "suspected_duplicate"), held

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{newcomer['id']}")
    listed = page.get_by_test_id("held-photo")
    listed.filter(has_text="looks like Leonard Hofstadter (inactive)").wait_for()
    assert "reactivate Leonard Hofstadter's record instead" in listed.first.inner_text()

    # HR enrolls it anyway: the face is now on an active record, and reactivating the old one would clash.
    listed.get_by_role("button", name="Enroll anyway").click()
    listed.first.wait_for(state="detached")
    page.goto(f"{stack.console_url}#/employees/{leonard['id']}")
    page.get_by_text("Inactive", exact=True).wait_for()
    asked = answer_dialogs(page, [False, True])  # HR thinks again, then goes ahead
    page.get_by_test_id("reactivate").click()
    page.get_by_role("alert").filter(has_text="matches another active employee").wait_for()
    assert admin.request("GET", f"/employees/{leonard['id']}").body["is_active"] is False
    page.get_by_test_id("reactivate").click()
    page.get_by_text("Employee reactivated").wait_for()

    assert len(asked) == 2 and all("Leo New" in message and "Reactivate anyway?" in message for message in asked)
    assert admin.request("GET", f"/employees/{leonard['id']}").body["is_active"] is True
    page.get_by_test_id("employee-history").get_by_text(
        "reactivated although the face matched active employees (1)").wait_for()
    assert newcomer["id"] not in page.get_by_test_id("employee-history").inner_text()  # how many, never who
