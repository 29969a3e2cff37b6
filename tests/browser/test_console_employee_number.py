"""A payroll number per employee in the HR console (Debian's chromium against the local stack): the Add employee form
takes "Payroll number", the person's Edit form changes and clears it (the history says so), a number another person
has is refused in words, the Employees list shows it and the Timesheet shows it beside the name."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import go, sign_in


def number_of(admin, employee_id: str) -> str | None:
    return admin.request("GET", f"/employees/{employee_id}").body["employee_number"]


def test_the_employee_form_saves_the_payroll_number(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:6]
    taken = admin.create_employee(f"Anna Other {tag}", f"other-{tag}@example.com", employee_number=f"T-{tag}")
    assert taken["employee_number"] == f"T-{tag}"

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Employees", "Employees", tmp_path)
    form = page.get_by_role("form", name="Add employee")
    form.get_by_label("Full name").fill(f"Anna Ivanova {tag}")
    form.get_by_label("Email").fill(f"anna-{tag}@example.com")
    form.get_by_label("Payroll number").fill(f"  A-{tag}  ")
    form.get_by_role("button", name="Add employee").click()
    page.get_by_role("heading", name=f"Anna Ivanova {tag}", level=2).wait_for()
    employee_id = page.url.rsplit("/", 1)[-1]
    assert number_of(admin, employee_id) == f"A-{tag}"  # trimmed, as typed
    edit = page.get_by_role("form", name="Edit")
    expect(edit.get_by_label("Payroll number")).to_have_value(f"A-{tag}")
    assert_accessible(page, "console employee with a payroll number")

    # Another person's number: refused in words, nothing changed.
    edit.get_by_label("Payroll number").fill(f"t-{tag}")
    edit.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Another employee has this payroll number.")).to_be_visible()
    assert number_of(admin, employee_id) == f"A-{tag}"

    edit.get_by_label("Payroll number").fill(f"B-{tag}")
    edit.get_by_role("button", name="Save").click()
    page.get_by_text("Saved", exact=True).wait_for()
    assert number_of(admin, employee_id) == f"B-{tag}"
    expect(page.get_by_test_id("employee-history")).to_contain_text(f"Payroll number A-{tag} → B-{tag}")

    # The Employees list shows it; the search finds the person by it.
    go(page, "Employees", "Employees", tmp_path)
    page.get_by_role("searchbox").fill(f"b-{tag}")
    row = page.locator("tr", has_text=f"Anna Ivanova {tag}")
    expect(row.get_by_test_id("employee-number")).to_have_text(f"B-{tag}")
    expect(page.locator("tr", has_text=f"Anna Other {tag}")).to_have_count(0)

    # The Timesheet shows it beside the name (small).
    go(page, "Timesheet", "Timesheet", tmp_path)
    number = page.locator(f"tr[data-employee='Anna Ivanova {tag}']").get_by_test_id("timesheet-number")
    expect(number).to_have_text(f"· B-{tag}")
    assert_accessible(page, "console timesheet with payroll numbers")

    # Cleared on the person's page: none (and the list says so).
    page.goto(f"{stack.console_url}#/employees/{employee_id}")
    edit = page.get_by_role("form", name="Edit")
    expect(edit.get_by_label("Payroll number")).to_have_value(f"B-{tag}")
    edit.get_by_label("Payroll number").fill("")
    edit.get_by_role("button", name="Save").click()
    page.get_by_text("Saved", exact=True).wait_for()
    assert number_of(admin, employee_id) is None
    expect(page.get_by_test_id("employee-history")).to_contain_text(f"Payroll number B-{tag} → (none)")


def test_the_history_says_a_change_made_on_ones_own_record(stack, admin, launch, tmp_path):
    """FACEPASS_ALLOW_SELF_REVIEW: a change an admin made to their own record (its audit row's self_review, migration
    0036, as the library writes it) reads "on their own record (self-review)" in the History; another's does not."""
    import psycopg

    tag = uuid.uuid4().hex[:6]
    person = admin.create_employee(f"Sam Self {tag}", f"sam-{tag}@example.com")
    with psycopg.connect(stack.database_url) as connection:
        connection.execute("INSERT INTO employee_audit (employee_id, field, actor, before, after, self_review) "
                           "VALUES (%s, 'department', %s, NULL, 'Board', true)",
                           (person["id"], f"sam-{tag}@example.com"))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    history = page.get_by_test_id("employee-history")
    own = history.locator("li", has=page.get_by_test_id("history-self-review"))
    expect(own).to_have_count(1)
    expect(own).to_contain_text(f"sam-{tag}@example.com")
    expect(own).to_contain_text("on their own record (self-review)")
    page.get_by_test_id("language").select_option("ru")
    expect(own).to_contain_text("в своей собственной карточке (решение по себе)")
    assert_accessible(page, "console employee history with a self-review")
