"""Reviewers scoped to departments in the HR console (Debian's chromium against the local stack, FACEPASS_LOCAL_USERS
with a reviewer): an admin opens Access, types the supervisor's user name and ticks their department; the supervisor
then reads "You review: Warehouse" in the header, and their Review page holds only the Warehouse person's punch, not
the Office person's nor the one nobody was matched to (which the admin still sees). A name typed with a typo says
"never signed in — check the user name", and a reviewer who signed in without departments is listed as seeing
everyone, with a button to set theirs."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, screenshot, stack_with
from tests.browser.test_console import HR_PASSWORD, HR_USER, sign_in
from tests.browser.test_console_records import _insert_events

LEAD = ("lead@example.com", "lead-local")
CREW = ("crew.lead@example.com", "crew-local")  # signs in before any departments are set (the sign-in test)
USERS = {HR_USER: HR_PASSWORD, LEAD[0]: {"password": LEAD[1], "roles": ["reviewer"]},
         CREW[0]: {"password": CREW[1], "roles": ["reviewer"]}}


local_stack = stack_with("scope", {"FACEPASS_LOCAL_USERS": json.dumps(USERS)})


def _pending(stack, employee_id: str | None, hour: int) -> int:
    """A punch awaiting review yesterday: of the person (a low-margin match), or of nobody (an unknown face)."""
    occurred = (datetime.now(UTC) - timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return _insert_events(stack, dict(employee_id=uuid.UUID(employee_id) if employee_id else None,
                                      occurred_at=occurred, event_type="entry", review_state="pending",
                                      status="recognized" if employee_id else "unknown",
                                      review_reasons=["low_margin" if employee_id else "unknown_face"]))[0]["id"]


def test_an_admin_scopes_a_reviewer_who_then_reviews_only_their_people(stack, admin, launch, tmp_path):
    walt = admin.create_employee("Walt Warehouse", "walt@example.com", "Warehouse")
    olga = admin.create_employee("Olga Office", "olga@example.com", "Office")
    _pending(stack, walt["id"], 8)
    _pending(stack, olga["id"], 9)
    _pending(stack, None, 10)

    hr = new_page(launch())
    hr.on("dialog", lambda dialog: dialog.accept())
    sign_in(hr, stack, None, user=HR_USER, password=HR_PASSWORD)
    hr.get_by_role("navigation").get_by_role("link", name="Access").click()
    hr.get_by_role("heading", name="Who reviews whom", level=2).wait_for()
    expect(hr.get_by_text("Nobody is limited to departments")).to_be_visible()
    form = hr.get_by_test_id("scope-form")
    form.get_by_label("User name").fill(LEAD[0])
    expect(form.get_by_role("checkbox")).to_have_count(2)  # the departments employees have
    form.get_by_role("checkbox", name="Warehouse").check()
    form.get_by_role("button", name="Save").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text("lead@example.com now reviews: Warehouse")
    row = hr.locator(f"tr[data-user='{LEAD[0]}']")
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Warehouse")
    assert_accessible(hr, "console access: reviewers' departments")
    screenshot(hr, "console-access-departments", tmp_path)
    # The admin still sees the whole queue.
    hr.get_by_role("navigation").get_by_role("link", name="Review").click()
    expect(hr.get_by_test_id("review-item")).to_have_count(3)

    lead = new_page(launch())
    sign_in(lead, stack, None, user=LEAD[0], password=LEAD[1])
    expect(lead.get_by_test_id("scope")).to_have_text("You review: Warehouse")
    lead.get_by_role("navigation").get_by_role("link", name="Review").click()
    lead.get_by_role("heading", name="Review", level=2, exact=False).wait_for()
    cards = lead.get_by_test_id("review-item")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Walt Warehouse")
    expect(lead.get_by_text("Olga Office")).to_have_count(0)
    assert_accessible(lead, "console review: a reviewer scoped to a department")
    screenshot(lead, "console-review-scoped", tmp_path)

    # The admin removes the limit: the reviewer sees everyone again.
    hr.get_by_role("navigation").get_by_role("link", name="Access").click()
    hr.locator(f"tr[data-user='{LEAD[0]}']").get_by_role("button", name="Remove the limit").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text("lead@example.com now reviews everyone.")
    lead.reload()
    lead.get_by_test_id("user").wait_for()
    expect(lead.get_by_test_id("scope")).to_have_count(0)
    lead.get_by_role("navigation").get_by_role("link", name="Review").click()
    expect(lead.get_by_test_id("review-item")).to_have_count(3)


def test_an_admin_edits_a_scoped_users_departments_without_dropping_any_unasked(stack, admin, launch):
    """Typing the name of a user already scoped loads their departments (the save replaces the whole set): ticking
    one more keeps the others; unticking one asks first, and a refusal saves nothing."""
    user = "night.lead@example.com"
    for name, email, department in (("Wendy Warehouse", "wendy@example.com", "Warehouse"),
                                    ("Oscar Office", "oscar@example.com", "Office"),
                                    ("Nora Night", "nora@example.com", "Night shift")):
        admin.create_employee(name, email, department)
    admin.request("PUT", f"/reviewer-departments/{user}", json={"departments": ["Warehouse", "Office"]})

    hr = new_page(launch())
    asked: list[str] = []
    answers = [False, True]  # the first removal is refused, the second confirmed

    def dialog(prompt) -> None:
        asked.append(prompt.message)
        if answers.pop(0):
            prompt.accept()
        else:
            prompt.dismiss()

    hr.on("dialog", dialog)
    sign_in(hr, stack, None, user=HR_USER, password=HR_PASSWORD)
    hr.get_by_role("navigation").get_by_role("link", name="Access").click()
    row = hr.locator(f"tr[data-user='{user}']")
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Office, Warehouse")
    form = hr.get_by_test_id("scope-form")
    form.get_by_label("User name").fill(user.upper())  # any case names them
    expect(form.get_by_role("checkbox", name="Warehouse")).to_be_checked()
    expect(form.get_by_role("checkbox", name="Office")).to_be_checked()
    expect(form.get_by_role("checkbox", name="Night shift")).not_to_be_checked()
    expect(hr.get_by_test_id("scope-loaded")).to_contain_text(user)
    form.get_by_role("checkbox", name="Night shift").check()
    form.get_by_role("button", name="Save").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text(f"{user} now reviews: Night shift, Office, Warehouse")
    assert asked == []  # nothing removed: nothing asked
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Night shift, Office, Warehouse")

    # Unticking one asks; refused, nothing is saved.
    form.get_by_label("User name").fill(user)
    expect(form.get_by_role("checkbox", name="Office")).to_be_checked()
    form.get_by_role("checkbox", name="Office").uncheck()
    form.get_by_role("button", name="Save").click()
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Night shift, Office, Warehouse")
    assert asked == [f"{user} will no longer review: Office. Save?"]
    form.get_by_role("button", name="Save").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text(f"{user} now reviews: Night shift, Warehouse")
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Night shift, Warehouse")
    assert len(asked) == 2
    # A name typed past a listed one is another user: nothing ticked for them.
    form.get_by_label("User name").fill(user + "x")
    expect(form.get_by_role("checkbox", name="Warehouse")).not_to_be_checked()
    expect(hr.get_by_test_id("scope-loaded")).to_have_count(0)


def test_a_typod_name_says_never_signed_in_and_an_unscoped_reviewer_is_listed(stack, admin, launch, tmp_path):
    """The crew lead signs in with no departments: the admin's Access page lists them among the reviewers who see
    everyone; its button opens the form for them. A name typed with a typo is saved with a warning, and its row says
    it never signed in, which the real user's row does not."""
    admin.create_employee("Dora Dock", "dora@example.com", "Dock")
    crew = new_page(launch())
    sign_in(crew, stack, None, user=CREW[0], password=CREW[1])  # the console's GET /me records the sign-in
    expect(crew.get_by_test_id("scope")).to_have_count(0)  # no departments: everyone

    hr = new_page(launch())
    hr.on("dialog", lambda dialog: dialog.accept())
    sign_in(hr, stack, None, user=HR_USER, password=HR_PASSWORD)
    hr.get_by_role("navigation").get_by_role("link", name="Access").click()
    hr.get_by_role("heading", name="Who reviews whom", level=2).wait_for()
    form = hr.get_by_test_id("scope-form")
    # The typo: saved (a user may be set up before their first sign-in), with the warning; the row says so.
    typo = "crew.laed@example.com"
    form.get_by_label("User name").fill(typo)
    form.get_by_role("checkbox", name="Dock").check()
    form.get_by_role("button", name="Save").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text(f"{typo} now reviews: Dock")
    expect(hr.get_by_test_id("scope-warning")).to_contain_text(
        f"nobody has signed in to the console as {typo} yet — check the user name")
    expect(hr.locator(f"tr[data-user='{typo}']").get_by_test_id("never-signed-in")).to_have_text(
        "never signed in — check the user name")
    # The real user still sees everyone: listed, with the button that opens the form for them.
    unscoped = hr.get_by_test_id("unscoped-reviewers")
    expect(hr.get_by_role("heading", name="Reviewers who see everyone", level=3)).to_be_visible()
    expect(unscoped.locator(f"tr[data-user='{CREW[0]}']")).to_have_count(1)
    assert_accessible(hr, "console access: a typo'd name and a reviewer who sees everyone")
    screenshot(hr, "console-access-never-signed-in", tmp_path)
    unscoped.get_by_role("button", name=f"Set departments for {CREW[0]}").click()
    expect(form.get_by_label("User name")).to_have_value(CREW[0])
    expect(form.get_by_label("User name")).to_be_focused()
    form.get_by_role("checkbox", name="Dock").check()
    form.get_by_role("button", name="Save").click()
    expect(hr.get_by_test_id("scope-saved")).to_have_text(f"{CREW[0]} now reviews: Dock")
    expect(hr.get_by_test_id("scope-warning")).to_have_count(0)
    row = hr.locator(f"tr[data-user='{CREW[0]}']")
    expect(row.get_by_test_id("scoped-departments")).to_have_text("Dock")
    expect(row.get_by_test_id("never-signed-in")).to_have_count(0)
    expect(unscoped.locator(f"tr[data-user='{CREW[0]}']")).to_have_count(0)
    crew.reload()
    expect(crew.get_by_test_id("scope")).to_have_text("You review: Dock")
