"""Work schedules in the HR console (Debian's chromium against the local stack; README, Work schedules): an admin
adds a schedule on the Schedules page (a night shift said "(+1 day)"), assigns it on the Employee page (the History
says so), the Daily report badges a late check-in, an early exit and a no-show of a past day, Today counts today's
late people and no-shows and links to the Daily report, deleting a schedule still assigned is refused in words with
how many people have it, and a reviewer reads the schedules without a button to change them."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import (
    DEVICE_QUIET_MINUTES,
    PRIVACY_CONTACT,
    assert_accessible,
    new_page,
    screenshot,
    stack_with,
)
from tests.browser.test_console import HR_PASSWORD, HR_USER, go, sign_in
from tests.browser.test_console_face_id_withdrawn import _hired_a_month_ago
from tests.browser.test_console_records import _insert_events, answer_dialogs

REVIEWER = ("schedule.reader@example.com", "review-local")
USERS = {HR_USER: HR_PASSWORD, REVIEWER[0]: {"password": REVIEWER[1], "roles": ["reviewer"]}}
EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

local_stack = stack_with("schedules", {
    "FACEPASS_PRIVACY_CONTACT": PRIVACY_CONTACT,
    "FACEPASS_DEVICE_QUIET_MINUTES": str(DEVICE_QUIET_MINUTES),
    "FACEPASS_LOCAL_USERS": json.dumps(USERS),
})  # the report zone: UTC


def _schedule(admin, name: str, starts: str, ends: str, grace: int = 5, days: list[str] = EVERY_DAY) -> dict:
    answer = admin.request("POST", "/schedules", json={"name": name, "late_grace_minutes": grace, "days": [
        {"weekday": day, "starts_at": starts, "ends_at": ends} for day in days]})
    assert answer.status == 201, answer.body
    return answer.body


def _assign(admin, person: dict, schedule: dict | None) -> None:
    answer = admin.request("PATCH", f"/employees/{person['id']}",
                           json={"schedule_id": schedule["id"] if schedule else None})
    assert answer.status == 200, answer.body


def test_hr_adds_a_schedule_and_assigns_it_and_the_history_says_so(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name, night = f"Office {tag}", f"Nights {tag}"
    person = admin.create_employee(f"Sam Sched {tag}", f"sam-{tag}@example.com", "Floor")

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Schedules", "Work schedules", tmp_path)
    page.get_by_role("button", name="Add a schedule").click()
    form = page.get_by_role("form", name="Add a schedule")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Grace (minutes)").fill("10")
    # A new schedule starts as Monday to Friday 09:00-17:00, the weekend off: Friday ends earlier.
    form.get_by_label("Friday: end").fill("15:30")
    assert_accessible(page, "console schedule form")
    screenshot(page, "console-schedule-form", tmp_path)
    form.get_by_role("button", name="Add schedule").click()
    page.get_by_test_id("schedule-message").filter(has_text=f'Schedule "{name}" added.').wait_for()
    row = page.locator(f"[data-testid=schedules] tr[data-schedule='{name}']")
    expect(row.get_by_test_id("schedule-days")).to_have_text("Mon–Thu 09:00–17:00, Fri 09:00–15:30")
    expect(row.get_by_test_id("schedule-week")).to_have_text("38 h 30 min")
    expect(row.get_by_test_id("schedule-grace")).to_have_text("10 min")
    expect(row.get_by_test_id("schedule-people")).to_have_text("0")

    # A night shift: its end before its start is the next day, said so in the form and in the list.
    page.get_by_role("button", name="Add a schedule").click()
    form.get_by_label("Name").fill(night)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        form.get_by_label(f"{day}: start").fill("22:00")
        form.get_by_label(f"{day}: end").fill("06:00")
    expect(form.get_by_test_id("schedule-next-day")).to_have_count(5)
    form.locator("[data-weekday=saturday]").get_by_role("checkbox").check()
    form.get_by_label("Saturday: start").fill("10:00")
    form.get_by_label("Saturday: end").fill("14:00")
    form.get_by_role("button", name="Add schedule").click()
    night_row = page.locator(f"[data-testid=schedules] tr[data-schedule='{night}']")
    expect(night_row.get_by_test_id("schedule-days")).to_have_text(
        "Mon–Fri 22:00–06:00 (+1 day), Sat 10:00–14:00")
    screenshot(page, "console-schedules", tmp_path)

    # The same name in another case: refused in words, nothing added.
    page.get_by_role("button", name="Add a schedule").click()
    form.get_by_label("Name").fill(name.upper())
    form.get_by_role("button", name="Add schedule").click()
    form.get_by_text("A schedule with this name already exists").wait_for()
    form.get_by_role("button", name="Cancel").click()

    # Edit: the grace changed, the row says so.
    row.get_by_role("button", name=f"Edit the schedule {name}").click()
    edit = page.get_by_role("form", name=f'Edit the schedule "{name}"')
    expect(edit.get_by_label("Name")).to_have_value(name)
    edit.get_by_label("Grace (minutes)").fill("15")
    edit.get_by_role("button", name="Save").click()
    page.get_by_test_id("schedule-message").filter(has_text=f'Schedule "{name}" saved.').wait_for()
    expect(row.get_by_test_id("schedule-grace")).to_have_text("15 min")

    # Assigned on the person's page, saved with the other fields; the History says from what to what.
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=person["full_name"], level=2).wait_for()
    select = page.get_by_test_id("employee-schedule")
    expect(select).to_be_enabled()
    assert select.evaluate("(element) => element.selectedOptions[0].text") == "No schedule"
    select.select_option(label=name)
    page.get_by_role("button", name="Save").first.click()
    line = page.get_by_test_id("employee-history").get_by_test_id("history-schedule")
    line.filter(has_text=f"work schedule changed (none) → {name}").wait_for()
    expect(page.get_by_test_id("employee-schedule")).to_have_value(str(
        next(item["id"] for item in admin.request("GET", "/schedules").body["items"] if item["name"] == name)))
    assert admin.request("GET", f"/employees/{person['id']}").body["schedule_name"] == name
    assert_accessible(page, "console employee with a schedule")
    screenshot(page, "console-employee-schedule", tmp_path)
    page.get_by_test_id("language").select_option("ru")
    line.filter(has_text=f"график работы изменён (нет) → {name}").wait_for()
    page.get_by_test_id("language").select_option("en")

    # Back to none: the History's second line.
    page.get_by_test_id("employee-schedule").select_option(label="No schedule")
    page.get_by_role("button", name="Save").first.click()
    line.filter(has_text=f"work schedule changed {name} → (none)").wait_for()
    assert admin.request("GET", f"/employees/{person['id']}").body["schedule_id"] is None


def test_the_daily_report_badges_late_early_and_no_show_and_today_counts_them(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    schedule = _schedule(admin, f"Day shift {tag}", "09:00", "17:00", grace=5)
    late_name, gone_name, free_name = f"Lara Late {tag}", f"Nils Noshow {tag}", f"Frida Free {tag}"
    late = admin.create_employee(late_name, f"lara-{tag}@example.com", "Floor")
    gone = admin.create_employee(gone_name, f"nils-{tag}@example.com", "Floor")
    free = admin.create_employee(free_name, f"frida-{tag}@example.com", "Floor")  # no schedule
    _assign(admin, late, schedule)
    _assign(admin, gone, schedule)
    _hired_a_month_ago(stack, gone)  # employed on the day: a scheduled day they did not come
    day = (datetime.now(UTC) - timedelta(days=3)).date()
    at = datetime(day.year, day.month, day.day, tzinfo=UTC)
    _insert_events(stack,
                   dict(employee_id=uuid.UUID(late["id"]), occurred_at=at + timedelta(hours=9, minutes=17),
                        event_type="entry"),
                   dict(employee_id=uuid.UUID(late["id"]), occurred_at=at + timedelta(hours=16, minutes=40),
                        event_type="exit"),
                   dict(employee_id=uuid.UUID(free["id"]), occurred_at=at + timedelta(hours=11),
                        event_type="entry"),
                   dict(employee_id=uuid.UUID(free["id"]), occurred_at=at + timedelta(hours=12),
                        event_type="exit"))

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill(day.isoformat())
    late_row = page.locator(f"[data-testid=daily] tr[data-employee='{late_name}']")
    expect(late_row.get_by_test_id("daily-late")).to_have_text("17 min late")
    expect(late_row.get_by_test_id("daily-left-early")).to_have_text("left 20 min early")
    expect(late_row.get_by_test_id("daily-scheduled")).to_have_text("09:00–17:00")
    expect(late_row.get_by_test_id("daily-no-show")).to_have_count(0)
    gone_row = page.locator(f"[data-testid=daily] tr[data-employee='{gone_name}']")
    expect(gone_row.get_by_test_id("daily-no-show")).to_have_text("No-show")
    expect(gone_row.get_by_test_id("daily-late")).to_have_count(0)
    # A person without a schedule: nothing new on their row.
    free_row = page.locator(f"[data-testid=daily] tr[data-employee='{free_name}']")
    expect(free_row.get_by_test_id("daily-scheduled")).to_have_text("")
    for badge in ("daily-late", "daily-left-early", "daily-no-show"):
        expect(free_row.get_by_test_id(badge)).to_have_count(0)
    report = admin.request("GET", f"/attendance/daily?date={day.isoformat()}").body
    expect(page.get_by_test_id("daily-schedule-counts")).to_have_text(
        f"Against the work schedules: late {report['late']}, no-shows {report['no_shows']}.")
    assert report["late"] >= 1 and report["no_shows"] >= 1
    assert_accessible(page, "console daily report with schedules")
    screenshot(page, "console-daily-schedules", tmp_path)
    page.get_by_test_id("language").select_option("ru")
    expect(late_row.get_by_test_id("daily-late")).to_have_text("опоздание 17 мин")
    expect(gone_row.get_by_test_id("daily-no-show")).to_have_text("Неявка")
    page.get_by_test_id("language").select_option("en")

    # Today: scheduled from midnight without grace, one came in late, one not at all (past the start by the clock).
    now = datetime.now(UTC)
    if now.hour == 0 and now.minute < 5:  # the late entry must be at least a minute after the start
        time.sleep((5 - now.minute) * 60)
        now = datetime.now(UTC)
    today_schedule = _schedule(admin, f"From midnight {tag}", "00:00", "23:59", grace=0)
    in_late = admin.create_employee(f"Tom Today {tag}", f"tom-{tag}@example.com", "Floor")
    absent = admin.create_employee(f"Ada Absent {tag}", f"ada-{tag}@example.com", "Floor")
    _assign(admin, in_late, today_schedule)
    _assign(admin, absent, today_schedule)
    _hired_a_month_ago(stack, absent)  # employed at today's 00:00 start (a record made later is nobody's no-show)
    _insert_events(stack, dict(employee_id=uuid.UUID(in_late["id"]), occurred_at=now - timedelta(minutes=1),
                               event_type="entry"))
    today = admin.request("GET", f"/attendance/daily?date={now.date().isoformat()}").body
    assert today["late"] >= 1 and today["no_shows"] >= 1
    page.goto(stack.console_url)
    counts = page.get_by_test_id("schedule-counts")
    expect(counts.get_by_test_id("late-count")).to_have_text(str(today["late"]))
    expect(counts.get_by_test_id("no-show-count")).to_have_text(str(today["no_shows"]))
    assert_accessible(page, "console today with schedules")
    counts.get_by_role("link", name="Daily report").click()
    page.get_by_role("heading", name="Daily report", level=2).wait_for()
    absent_row = page.locator(f"[data-testid=daily] tr[data-employee='{absent['full_name']}']")
    expect(absent_row.get_by_test_id("daily-no-show")).to_have_text("No-show")
    expect(page.locator(f"[data-testid=daily] tr[data-employee='{in_late['full_name']}']")
           .get_by_test_id("daily-late")).to_contain_text("min late")


def test_deleting_a_schedule_in_use_is_refused_in_words(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name, spare = f"Busy {tag}", f"Spare {tag}"
    schedule = _schedule(admin, name, "08:00", "16:00", days=EVERY_DAY[:5])
    _schedule(admin, spare, "08:00", "12:00", days=["saturday"])
    for who in ("Pia", "Per"):
        _assign(admin, admin.create_employee(f"{who} Busy {tag}", f"{who.lower()}-{tag}@example.com", "Floor"),
                schedule)

    page = new_page(launch())
    asked = answer_dialogs(page, [False, True, True])
    sign_in(page, stack, tmp_path)
    go(page, "Schedules", "Work schedules", tmp_path)
    row = page.locator(f"[data-testid=schedules] tr[data-schedule='{name}']")
    expect(row.get_by_test_id("schedule-people")).to_have_text("2")
    row.get_by_role("button", name=f"Delete the schedule {name}").click()  # thought better of it
    row.get_by_role("button", name=f"Delete the schedule {name}").click()
    expect(page.get_by_test_id("schedule-in-use")).to_have_text(
        f'The schedule "{name}" is still assigned to 2 people: choose another schedule (or none) on their employee '
        "pages first.")
    assert asked[0] == f'Delete the schedule "{name}"? Past days are not changed.'
    expect(row).to_have_count(1)
    assert_accessible(page, "console schedule in use")

    # One not in use goes.
    spare_row = page.locator(f"[data-testid=schedules] tr[data-schedule='{spare}']")
    spare_row.get_by_role("button", name=f"Delete the schedule {spare}").click()
    page.get_by_test_id("schedule-message").filter(has_text=f'Schedule "{spare}" deleted.').wait_for()
    expect(spare_row).to_have_count(0)
    assert [item["name"] for item in admin.request("GET", "/schedules").body["items"]].count(spare) == 0


def test_a_reviewer_reads_the_schedules_without_changing_them(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name = f"Read only {tag}"
    _schedule(admin, name, "07:00", "15:00", days=EVERY_DAY[:5])

    page = new_page(launch())
    sign_in(page, stack, None, user=REVIEWER[0], password=REVIEWER[1])
    expect(page.get_by_test_id("roles")).to_have_text("Reviewer")
    go(page, "Schedules", "Work schedules", tmp_path)
    row = page.locator(f"[data-testid=schedules] tr[data-schedule='{name}']")
    expect(row.get_by_test_id("schedule-days")).to_have_text("Mon–Fri 07:00–15:00")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name="Add a schedule")).to_have_count(0)
    expect(page.get_by_test_id("schedule-edit")).to_have_count(0)
    expect(page.get_by_test_id("schedule-delete")).to_have_count(0)
    expect(page.get_by_test_id("schedule-form")).to_have_count(0)
    expect(page.get_by_test_id("schedule-people-link")).to_have_count(0)  # the Employees page is admins'



def test_who_has_a_schedule_is_one_click_from_its_count_and_from_the_refused_delete(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name, other = f"Held {tag}", f"Other {tag}"
    schedule = _schedule(admin, name, "08:00", "16:00", days=EVERY_DAY[:5])
    elsewhere = _schedule(admin, other, "10:00", "18:00", days=EVERY_DAY[:5])
    holders = [admin.create_employee(f"{who} Held {tag}", f"{who.lower()}-held-{tag}@example.com", "Floor")
               for who in ("Una", "Ivo", "Lea")]
    for holder in holders:
        _assign(admin, holder, schedule)
    assert admin.request("DELETE", f"/employees/{holders[2]['id']}").status == 200  # a leaver still holds it
    _assign(admin, admin.create_employee(f"Oda Other {tag}", f"oda-{tag}@example.com", "Floor"), elsewhere)
    admin.create_employee(f"Nat None {tag}", f"nat-{tag}@example.com", "Floor")
    names = sorted(holder["full_name"] for holder in holders)

    page = new_page(launch())
    answer_dialogs(page, [True])
    sign_in(page, stack, tmp_path)
    go(page, "Schedules", "Work schedules", tmp_path)
    row = page.locator(f"[data-testid=schedules] tr[data-schedule='{name}']")
    link = row.get_by_role("link", name=f"{name}: the 3 people who have it")
    expect(link).to_have_text("3")

    def shows_the_holders() -> None:
        page.get_by_role("heading", name="Employees", level=2).wait_for()
        expect(page.get_by_test_id("schedule-filter")).to_contain_text(f"Work schedule: {name}")
        expect(page.get_by_label("Status")).to_have_value("all")  # the leaver too, as the count has them
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(3)
        assert sorted(rows.locator("td:first-child a").all_inner_texts()) == names
        expect(rows.get_by_test_id("employee-schedule-name")).to_have_text([name] * 3)

    link.click()
    shows_the_holders()
    assert "schedule_id=" in page.url and "status=all" in page.url
    assert_accessible(page, "console employees of a schedule")
    screenshot(page, "console-employees-of-a-schedule", tmp_path)
    page.get_by_test_id("language").select_option("ru")
    expect(page.get_by_test_id("schedule-filter")).to_contain_text(f"График работы: {name}")
    page.get_by_test_id("language").select_option("en")

    # Cleared: everyone again (the status kept), the other schedule's person and the one without among them.
    page.get_by_test_id("schedule-filter-clear").click()
    expect(page.get_by_test_id("schedule-filter")).to_have_count(0)
    page.get_by_label("Search").fill(tag)
    expect(page.locator("table tbody tr")).to_have_count(5)
    expect(page.get_by_label("Status")).to_have_value("all")

    # The refused delete names who, by the same link.
    go(page, "Schedules", "Work schedules", tmp_path)
    row.get_by_role("button", name=f"Delete the schedule {name}").click()
    expect(page.get_by_test_id("schedule-in-use")).to_contain_text("is still assigned to 3 people")
    page.get_by_test_id("schedule-in-use-link").filter(has_text="See who has it").click()
    shows_the_holders()
