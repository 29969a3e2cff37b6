"""The HR console as a QA pass found it, in Debian's chromium against the local stack: every page fits a 360 px
phone in either language, the language is the browser's unless the operator or the user chose one, validation errors
name the fields as the forms label them, the Today page's counts agree with its lists, and no page asks for a file
the server does not have."""

from __future__ import annotations

import uuid

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import sign_in
from tests.conftest import fixture_bytes

PAGES = ["", "employees", "attendance", "daily", "timesheet", "review", "devices"]


def test_no_console_page_scrolls_sideways_on_a_phone_in_either_language(stack, admin, launch, tmp_path):
    person = admin.create_employee("Narrow Screen", f"narrow-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    # An enrolled face (its table's Russian headings made the page 486 px wide: QA), flagged as a still photo is.
    assert admin.enroll(person["id"], fixture_bytes("identities/fr_obama/train_obama.jpg"))["status"] == "completed"
    page = new_page(launch(), viewport={"width": 360, "height": 740})
    sign_in(page, stack, tmp_path)
    wide: dict[str, int] = {}
    for language in ("en", "ru"):
        page.get_by_test_id("language").select_option(language)
        for path in [*PAGES, f"employees/{person['id']}"]:
            page.goto(f"{stack.console_url}#/{path}")
            page.get_by_role("heading", level=2).first.wait_for()
            page.wait_for_load_state("networkidle")
            width = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
            if width > 0:
                wide[f"{language} #/{path}"] = width
    assert wide == {}, f"pages wider than the 360 px screen (by px): {wide}"


def test_signing_in_and_every_console_page_load_without_a_missing_file(stack, launch, tmp_path):
    page = new_page(launch())
    missing: list[str] = []  # the browser's own requests (its icon) never reach page.on("response"): its console does
    page.on("console", lambda message: missing.append(f"{message.location.get('url')}: {message.text}")
            if "Failed to load resource" in message.text else None)
    page.on("response", lambda response: missing.append(f"{response.url}: {response.status}")
            if response.status >= 400 else None)
    sign_in(page, stack, tmp_path)
    for path in PAGES:
        page.goto(f"{stack.console_url}#/{path}")
        page.get_by_role("heading", level=2).first.wait_for()
        page.wait_for_load_state("networkidle")
    page.goto(f"{stack.console_url}")  # a fresh load, as after a bookmark
    page.get_by_test_id("user").wait_for()
    page.wait_for_load_state("networkidle")
    assert missing == []


def opened_in(page, url: str) -> str:
    """The language an app opens in at `url` (its <html lang>, set from the one chosen), once it has shown its
    language switch."""
    page.goto(url)
    page.get_by_test_id("language").wait_for()
    return page.evaluate("() => document.documentElement.lang")


def test_a_russian_browser_opens_both_apps_in_russian_unless_the_operator_or_the_user_chose(stack, launch):
    browser = launch()
    page = new_page(browser, locale="ru-RU")
    assert page.evaluate("() => navigator.language") == "ru-RU"
    assert opened_in(page, stack.console_url) == "ru"
    assert page.get_by_test_id("signin").inner_text() == "Войти"
    assert opened_in(page, stack.kiosk_url) == "ru"
    # The user's own switch is remembered, and wins.
    page.get_by_test_id("language").select_option("en")
    assert opened_in(page, stack.kiosk_url) == "en"
    assert opened_in(page, stack.console_url) == "en"

    # An operator who set a language (`facepass web publish --locale en`): it wins over the browser's, not over the
    # user's own switch.
    page = new_page(browser, locale="ru-RU")

    def operator_config(route):
        config = route.fetch().json()
        route.fulfill(json={**config, "locale": "en"})

    page.route("**/config.json", operator_config)
    assert opened_in(page, stack.console_url) == "en"
    page.get_by_test_id("language").select_option("ru")
    assert opened_in(page, stack.console_url) == "ru"

    # A browser in a language the apps do not speak: English.
    page = new_page(browser, locale="de-DE")
    assert opened_in(page, stack.kiosk_url) == "en"


def test_a_refused_value_is_named_by_its_label_in_either_language(stack, admin, launch, tmp_path):
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    for language, add, zone, check in (("en", "Add kiosk", "Time zone", "Check: Time zone."),
                                       ("ru", "Добавить киоск", "Часовой пояс", "Проверьте: Часовой пояс.")):
        page.get_by_test_id("language").select_option(language)
        page.goto(f"{stack.console_url}#/devices")
        form = page.get_by_role("form", name=add)
        form.locator("input[name=name]").fill("Berlin door")
        form.get_by_label(zone).fill("Berlin")  # not an IANA name: the API refuses it
        form.get_by_role("button", name=add).click()
        page.get_by_role("alert").filter(has_text=check).wait_for()
        assert "timezone" not in page.get_by_role("alert").inner_text()

    # Two fields at once, on the employee forms: the address the browser lets through, a department too long.
    tag = uuid.uuid4().hex[:6]
    page.get_by_test_id("language").select_option("en")
    page.goto(f"{stack.console_url}#/employees")
    form = page.get_by_role("form", name="Add employee")
    form.get_by_label("Full name").fill(f"Wrong Values {tag}")
    form.get_by_label("Email").fill(f"wrong-{tag}@example")
    form.get_by_label("Department").fill("D" * 101)
    form.get_by_role("button", name="Add employee").click()
    alert = page.get_by_role("alert").filter(has_text="Check:")
    alert.wait_for()
    assert alert.inner_text().endswith("Check: Email, Department."), alert.inner_text()

    person = admin.create_employee(f"Right Values {tag}", f"right-{tag}@example.com", "Floor")
    page.get_by_test_id("language").select_option("ru")
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=f"Right Values {tag}", level=2).wait_for()
    page.get_by_label("Отдел").fill("D" * 101)
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("alert").filter(has_text="Проверьте: Отдел.").wait_for()


def test_today_counts_what_it_lists_and_says_how_many_more(stack, admin, launch, tmp_path):
    from datetime import UTC, datetime, timedelta

    from tests.browser.test_console_records import _insert_events

    tag = uuid.uuid4().hex[:6]
    absent = [admin.create_employee(f"Absent {n:02} {tag}", f"absent-{n}-{tag}@example.com", "Floor")
              for n in range(53)]
    waiting = [admin.create_employee(f"Waiting {n:02} {tag}", f"waiting-{n}-{tag}@example.com", "Floor")
               for n in range(52)]
    now = datetime.now(UTC)
    _insert_events(stack, *(dict(employee_id=uuid.UUID(person["id"]), occurred_at=now - timedelta(seconds=5),
                                 event_type="entry", review_state="pending", review_reasons=["low_margin"])
                            for person in waiting))
    active = {person["id"] for person in admin.list_employees()}
    came_in = {row["employee_id"] for row in admin.request("GET", "/attendance/daily").body["items"] if row["first_in"]}
    not_yet = len(active - came_in) - len(waiting)
    assert not_yet >= len(absent)

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    card = page.get_by_test_id("not-yet")
    card.wait_for()
    # The number is the list's: the people whose entry awaits review are a group of their own, named and counted.
    assert card.locator(".big-number").inner_text() == str(not_yet)
    names = page.get_by_test_id("not-yet-names").locator("li")
    assert names.count() == 50 and not names.filter(has_text="Waiting").count()
    more = page.get_by_test_id("not-yet-more")
    assert more.inner_text() == f"and {not_yet - 50} more"
    group = page.get_by_role("region", name="Entry of the day awaiting review")
    assert group.get_by_role("heading").inner_text() == "Entry of the day awaiting review: 52"
    assert page.get_by_test_id("waiting-names").locator("li").count() == 50
    assert page.get_by_test_id("waiting-more").inner_text() == "and 2 more"
    assert_accessible(page, "console today with long lists")

    # The links give the whole lists.
    more.click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=not-yet-names] li').length === {not_yet}")
    assert page.get_by_test_id("not-yet-more").count() == 0
    listed = page.get_by_test_id("not-yet-names").all_inner_texts()[0]
    assert all(person["full_name"] in listed for person in absent) and "Waiting" not in listed
    page.get_by_test_id("waiting-more").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=waiting-names] li').length === 52")
    assert page.get_by_test_id("waiting-names").locator("li").filter(has_text="Waiting 51").count() == 1
