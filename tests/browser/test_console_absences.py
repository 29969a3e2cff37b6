"""Paid absences in the HR console (Debian's chromium against the local stack): HR adds a sick day on the Attendance
page, beside the missing-punch form; the Timesheet marks the day ("S 4:00", said in words to screen readers) without
counting it as worked time, lists it among the period's absences, and deletes it from there."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import HR_USER, go, sign_in


def _absence_form(launch, stack, tmp_path):
    """HR signed in, on the Attendance page with "Add an absence" open: the page and the form."""
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    page.get_by_text("Add an absence").click()
    return page, page.get_by_role("form", name="Add an absence")


def test_hr_adds_an_absence_and_the_timesheet_shows_it_then_deletes_it(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    name = f"Vera {tag}"
    vera = admin.create_employee(name, f"vera-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()

    page, form = _absence_form(launch, stack, tmp_path)
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(day)
    form.locator("select[name=kind]").select_option(label="Sick leave")
    form.get_by_label("Hours", exact=True).fill("4")
    form.get_by_label("Note (optional)").fill(f"Flu {tag}")
    assert_accessible(page, "console add absence")
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-added").filter(has_text=f"{name}, {day}, Sick leave").wait_for()

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    cell = page.locator(f"tr[data-employee='{name}'] td[data-date='{day}']")
    mark = cell.get_by_test_id("absence-mark")
    mark.wait_for()
    assert mark.inner_text().strip() == "S 4:00"
    assert mark.get_attribute("aria-label") == "Absence: Sick leave, 4:00 (not worked time)"
    assert cell.inner_text().strip().startswith("·")  # no time worked that day: the absence is not worked time
    row = page.locator(f"tr[data-employee='{name}']")
    assert row.get_by_test_id("timesheet-total").inner_text().startswith("0:00")
    assert "absent 4:00" in row.get_by_test_id("timesheet-absence-total").inner_text()
    assert_accessible(page, "console timesheet absence")

    listed = page.get_by_test_id("absences").locator("tr", has_text=name)
    assert f"Flu {tag}" in listed.inner_text()
    listed.get_by_role("button", name=f"Delete the absence of {name} on {day} (Sick leave)").click()
    page.get_by_test_id("absence-deleted").wait_for()
    mark.wait_for(state="detached")
    history = admin.request("GET", f"/employees/{vera['id']}/audit").body["items"]
    assert [(row["before"], row["after"]) for row in history if row["field"] == "absence"] == [
        (None, f"{day} sick 240"), (f"{day} sick 240", None)]


def test_today_lists_people_on_a_paid_absence_apart_from_those_not_yet_in(stack, admin, launch, tmp_path):
    # Someone on vacation today is away, not late: the Today page counts them apart, with the kind, not as "Not yet in".
    tag = uuid.uuid4().hex[:4]
    name = f"Ulla Away {tag}"
    ulla = admin.create_employee(name, f"ulla-{tag}@example.com", "Floor")
    today = datetime.now(UTC).date().isoformat()  # the local stack's report zone is UTC
    answer = admin.request("POST", "/attendance/absences", json={
        "employee_id": ulla["id"], "day": today, "kind": "vacation", "minutes": 480})
    assert answer.status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/?all=not-yet")
    away = page.get_by_test_id("away")
    away.get_by_text(f"{name} · Vacation").wait_for()
    assert page.get_by_test_id("not-yet-names").get_by_text(name).count() == 0  # the whole list (?all=not-yet)
    assert_accessible(page, "console today with people away")


def test_the_daily_report_shows_the_days_absences_also_of_someone_away_without_an_event(stack, admin, launch,
                                                                                       tmp_path):
    # Who was here on that day, and who was away and paid: a person on vacation is in the daily report with the
    # kind in words, not missing; one who worked half the day and was sick the other half shows both.
    from tests.browser.test_console import go

    tag = uuid.uuid4().hex[:4]
    away_name, half_name = f"Vic Away {tag}", f"Hal Half {tag}"
    away = admin.create_employee(away_name, f"vic-{tag}@example.com", "Floor")
    half = admin.create_employee(half_name, f"hal-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=3)).date()  # the local stack's report zone is UTC
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    assert admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": half["id"], "note": "kiosk down", "started_at": morning.isoformat(),
        "ended_at": (morning + timedelta(hours=4)).isoformat()}).status == 201
    for person, kind, minutes in ((away, "vacation", 480), (half, "sick", 240)):
        assert admin.request("POST", "/attendance/absences", json={
            "employee_id": person["id"], "day": day.isoformat(), "kind": kind, "minutes": minutes}).status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill(day.isoformat())
    away_row = page.locator(f"[data-testid=daily] tr[data-employee='{away_name}']")
    away_row.get_by_test_id("daily-absence").get_by_text("Vacation: 8:00").wait_for()
    assert away_row.get_by_test_id("daily-worked").inner_text().strip() == "0:00"  # not worked time
    assert away_row.get_by_test_id("daily-events").inner_text().strip() == "0"
    half_row = page.locator(f"[data-testid=daily] tr[data-employee='{half_name}']")
    assert half_row.get_by_test_id("daily-absence").inner_text().strip() == "Sick leave: 4:00"
    assert half_row.get_by_test_id("daily-worked").inner_text().startswith("4:00")
    # Nobody here has a work schedule: no Scheduled column, no late or no-show badge (README, Work schedules).
    assert page.get_by_role("columnheader", name="Scheduled").count() == 0
    assert page.get_by_test_id("daily-no-show").count() == 0
    assert half_row.get_by_test_id("daily-absence").locator("span").get_attribute("title") == (
        "Absence: Sick leave, 4:00 (not worked time)")
    assert_accessible(page, "console daily report absences")
    page.get_by_test_id("language").select_option("ru")
    away_row.get_by_test_id("daily-absence").get_by_text("Отпуск: 8:00").wait_for()
    page.get_by_role("columnheader", name="Оплачиваемое отсутствие").wait_for()


def test_the_history_says_who_recorded_an_absence(stack, admin, launch, tmp_path):
    # An absence added through the API reads, in the person's History in the console, as a sentence in words.
    tag = uuid.uuid4().hex[:4]
    name = f"Hedda History {tag}"
    person = admin.create_employee(name, f"hedda-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=5)).date().isoformat()
    assert admin.request("POST", "/attendance/absences", json={
        "employee_id": person["id"], "day": day, "kind": "holiday", "minutes": 450}).status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=name, level=2).wait_for()
    line = page.get_by_test_id("employee-history").get_by_test_id("history-absence")
    line.filter(has_text=f"local:local-admin-token: recorded an absence: {day}, Public holiday, 7:30").wait_for()
    assert line.count() == 1
    assert_accessible(page, "console history with an absence")
    page.get_by_test_id("language").select_option("ru")
    line.filter(has_text=f"внесено отсутствие: {day}, Праздничный день, 7:30").wait_for()


def test_hr_adds_a_weeks_vacation_as_a_range_and_the_timesheet_marks_its_weekdays(stack, admin, launch, tmp_path):
    # Next week's Monday to Sunday, "Weekdays only" as it comes when a "to" day is set: four absences, no weekend,
    # and Wednesday, sick already, skipped (not paid twice) and said so.
    tag = uuid.uuid4().hex[:4]
    name = f"Rhea Range {tag}"
    rhea = admin.create_employee(name, f"rhea-{tag}@example.com", "Floor")
    today = datetime.now(UTC).date()  # the local stack's report zone is UTC
    monday = today + timedelta(days=7 - today.weekday())
    days = [(monday + timedelta(days=offset)).isoformat() for offset in range(7)]
    later = (monday + timedelta(days=14)).isoformat()  # a day of its own, out of the timesheet's week below
    for day, minutes in ((days[2], 240), (later, 1000)):
        sick = admin.request("POST", "/attendance/absences", json={"employee_id": rhea["id"], "day": day,
                                                                  "kind": "sick", "minutes": minutes})
        assert sick.status == 201, sick.body

    page, form = _absence_form(launch, stack, tmp_path)
    weekdays_only = form.get_by_label("Weekdays only (Monday to Friday)")
    assert weekdays_only.is_disabled()  # a single day: nothing to choose
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(days[0])
    form.get_by_label("To (optional)").fill(days[6])
    assert weekdays_only.is_enabled() and weekdays_only.is_checked()
    form.get_by_label("Hours", exact=True).fill("8")
    assert_accessible(page, "console add absence range")
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-added").filter(
        has_text=f"Absences added: {name}, 4 days from {days[0]} to {days[4]}, Vacation").wait_for()
    assert page.get_by_test_id("absence-skipped").inner_text() == (
        f"Skipped, an absence already recorded: {days[2]} (Sick leave)")

    # The same week again: every day is taken, nothing written, the days named.
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(days[0])
    form.get_by_label("To (optional)").fill(days[4])
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-taken-days").filter(has_text=", ".join(days[:5])).wait_for()
    # A single day whose absences would go over 24 hours: the refused day named.
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(later)
    form.get_by_label("To (optional)").fill("")
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-refused-day").filter(has_text=f"Refused day: {later}").wait_for()
    # A range over 92 days: said in the form's words, not a timesheet's.
    form.get_by_label("Employee").select_option(label=name)
    form.get_by_label("Day", exact=True).fill(days[0])
    form.get_by_label("To (optional)").fill((monday + timedelta(days=100)).isoformat())
    form.get_by_role("button", name="Add absence").click()
    page.get_by_text("An absence range covers at most 92 days: choose a shorter one.").wait_for()
    page.get_by_test_id("language").select_option("ru")
    page.get_by_text("Диапазон отсутствия охватывает не больше 92 дней: выберите диапазон короче.").wait_for()
    page.get_by_test_id("language").select_option("en")

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("To", exact=True).fill(days[6])
    page.get_by_label("From").fill(days[0])
    row = page.locator(f"tr[data-employee='{name}']")
    row.get_by_test_id("absence-mark").nth(4).wait_for()
    for day in days[:5]:
        assert row.locator(f"td[data-date='{day}']").get_by_test_id("absence-mark").inner_text().strip() == (
            "S 4:00" if day == days[2] else "V 8:00")
    for day in days[5:]:
        assert row.locator(f"td[data-date='{day}']").get_by_test_id("absence-mark").count() == 0
    assert "absent 36:00" in row.get_by_test_id("timesheet-absence-total").inner_text()
    assert page.get_by_test_id("absences").locator("tr", has_text=name).count() == 5
    assert_accessible(page, "console timesheet absence range")
    history = admin.request("GET", f"/employees/{rhea['id']}/audit").body["items"]
    assert [row["after"] for row in history if row["field"] == "absence"] == [
        f"{days[2]} sick 240", f"{later} sick 1000"] + [f"{day} vacation 480" for day in days[:5] if day != days[2]]


def test_hr_records_a_public_holiday_for_everyone_and_reads_the_answer_in_words(stack, admin, launch, tmp_path):
    # One request for the whole company (POST /attendance/absences/bulk): the answer in words, the people counted,
    # someone already away that day skipped and named; the same again is refused in the form's words.
    import re

    tag = uuid.uuid4().hex[:4]
    name = f"Willa Away {tag}"
    willa = admin.create_employee(name, f"willa-{tag}@example.com", "Floor")
    admin.create_employee(f"Xena {tag}", f"xena-{tag}@example.com", "Office")  # one at least to record
    # A day of its own far ahead (no other test's), within the 366 days an absence may be from today.
    day = (datetime.now(UTC) + timedelta(days=300 + int(tag, 16) % 60)).date().isoformat()
    assert admin.request("POST", "/attendance/absences", json={
        "employee_id": willa["id"], "day": day, "kind": "vacation", "minutes": 480}).status == 201

    page, form = _absence_form(launch, stack, tmp_path)
    form.get_by_label("Who").select_option(label="A department")
    form.get_by_test_id("absence-department").locator("option", has_text="Floor").wait_for(state="attached")
    form.get_by_label("Who").select_option(label="Everyone")
    assert form.locator("select[name=employee_id]").count() == 0  # nobody to choose: everyone
    form.get_by_label("Day", exact=True).fill(day)
    form.locator("select[name=kind]").select_option(label="Public holiday")
    form.get_by_label("Note (optional)").fill(f"Founders' Day {tag}")
    assert_accessible(page, "console add absence for everyone")
    form.get_by_role("button", name="Add absence").click()
    answer = page.get_by_test_id("absence-bulk-added")
    answer.wait_for()
    text = answer.inner_text()
    found = re.fullmatch(r"Recorded for (\d+) (?:person|people) \((\d+) absences?\); (\d+) skipped: (.*)", text)
    assert found, text
    assert f"{name} (already has an absence: {day})" in found.group(4)
    listed = admin.request("GET", "/attendance/absences", params={"date_from": day, "date_to": day}).body["items"]
    holidays = [item for item in listed if item["kind"] == "holiday"]
    assert int(found.group(1)) == int(found.group(2)) == len(holidays) > 0
    assert f"Xena {tag}" in {item["full_name"] for item in holidays}
    assert {item["note"] for item in holidays} == {f"Founders' Day {tag}"}
    assert name not in {item["full_name"] for item in holidays}

    # In Russian too.
    page.get_by_test_id("language").select_option("ru")
    answer.get_by_text(re.compile(r"^Внесено для \d+ сотрудник")).wait_for()
    assert f"{name} (уже есть отсутствие: {day})" in answer.inner_text()
    page.get_by_test_id("language").select_option("en")
    answer.get_by_text(re.compile(r"^Recorded for")).wait_for()

    # The same again: everyone has one, nothing recorded, said so.
    form.get_by_label("Who").select_option(label="Everyone")
    form.get_by_label("Day", exact=True).fill(day)
    form.locator("select[name=kind]").select_option(label="Public holiday")
    form.get_by_role("button", name="Add absence").click()
    page.get_by_test_id("absence-bulk-taken").get_by_text(
        "Everyone already has an absence on the days chosen: nothing was recorded.").wait_for()
    assert page.get_by_test_id("absence-taken-days").count() == 0  # one person's words: not for everyone


def test_hr_undoes_a_holiday_recorded_for_everyone_with_the_answers_undo(stack, admin, launch, tmp_path):
    # A company's holiday recorded on the wrong day: the answer's Undo deletes that whole bulk add (DELETE
    # /attendance/absences/batches/{batch_id}) and says how many absences it removed.
    import re

    tag = uuid.uuid4().hex[:4]
    admin.create_employee(f"Yuri {tag}", f"yuri-{tag}@example.com", "Floor")  # one at least to record
    day = (datetime.now(UTC) + timedelta(days=300 + int(tag, 16) % 60)).date().isoformat()

    page, form = _absence_form(launch, stack, tmp_path)
    form.get_by_label("Who").select_option(label="Everyone")
    form.get_by_label("Day", exact=True).fill(day)
    form.locator("select[name=kind]").select_option(label="Public holiday")
    form.get_by_role("button", name="Add absence").click()
    answer = page.get_by_test_id("absence-bulk-added")
    answer.wait_for()
    created = int(re.match(r"Recorded for \d+ (?:person|people) \((\d+) absences?\)", answer.inner_text()).group(1))
    assert created > 0
    assert_accessible(page, "console bulk absence answer with undo")
    page.get_by_role("button", name=re.compile(r"^Undo this bulk add")).click()
    undone = page.get_by_test_id("absence-bulk-undone")
    undone.wait_for()
    assert undone.inner_text() == (f"Removed {created} absence{'s' if created != 1 else ''} ({created} "
                                   f"{'person' if created == 1 else 'people'}); each stays in its person's History.")
    answer.wait_for(state="detached")
    listed = admin.request("GET", "/attendance/absences", params={"date_from": day, "date_to": day}).body["items"]
    assert [item for item in listed if item["kind"] == "holiday"] == []


def test_hr_deletes_a_bulk_adds_absences_from_the_timesheets_list_after_confirming(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    department = f"Batch {tag}"
    names = [f"Zara {tag}", f"Zeno {tag}"]
    for name in names:
        admin.create_employee(name, f"{name.lower().replace(' ', '-')}@example.com", department)
    day = datetime.now(UTC).date().isoformat()  # the local stack's report zone is UTC
    added = admin.request("POST", "/attendance/absences/bulk", json={
        "department": department, "day": day, "kind": "other", "minutes": 240, "note": f"Move {tag}"})
    assert added.status == 201 and added.body["created"] == 2

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    page.get_by_label("To", exact=True).fill(day)
    batch = page.locator(f"[data-batch='{added.body['batch_id']}']")
    batch.wait_for()
    assert f"Other paid absence, {day} to {day}, by" in batch.inner_text()
    delete = batch.get_by_role("button", name="Delete all of this batch (2 listed)")
    assert_accessible(page, "console absences list with a batch")
    # Cancelled: nothing deleted.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    delete.click()
    page.wait_for_timeout(300)
    assert asked == ["Delete every absence this bulk add recorded (2 listed so far in this period, any others of it "
                     "too)? Each stays in its person's History."]
    assert len([item for item in admin.request("GET", "/attendance/absences", params={
        "date_from": day, "date_to": day}).body["items"] if item["batch_id"] == added.body["batch_id"]]) == 2
    page.once("dialog", lambda dialog: dialog.accept())
    delete.click()
    page.get_by_test_id("absence-batch-deleted").get_by_text(
        "Removed 2 absences (2 people); each stays in its person's History.").wait_for()
    batch.wait_for(state="detached")
    listed = admin.request("GET", "/attendance/absences", params={"date_from": day, "date_to": day}).body["items"]
    assert [item for item in listed if item["full_name"] in names] == []


def test_a_bulk_answer_counts_the_people_it_does_not_name_not_their_entries(stack, admin, launch, tmp_path):
    # A person may be skipped for two reasons (away already one day, not yet employed the other): "and N more" counts
    # the people not named, not the entries left over.
    tag = uuid.uuid4().hex[:4]
    department = f"Twice {tag}"
    today = datetime.now(UTC).date()
    yesterday = today - timedelta(days=1)
    for index in range(12):  # created now: not employed yesterday; away today already
        person = admin.create_employee(f"Twice {tag} {index:02d}", f"twice-{tag}-{index}@example.com", department)
        assert admin.request("POST", "/attendance/absences", json={
            "employee_id": person["id"], "day": today.isoformat(), "kind": "vacation", "minutes": 480}).status == 201
    admin.create_employee(f"Rhea {tag}", f"rhea-{tag}@example.com", department)  # recorded today

    page, form = _absence_form(launch, stack, tmp_path)
    form.get_by_label("Who").select_option(label="A department")
    form.get_by_test_id("absence-department").locator("option", has_text=department).wait_for(state="attached")
    form.get_by_test_id("absence-department").select_option(label=department)
    form.get_by_label("Day", exact=True).fill(yesterday.isoformat())
    form.get_by_label("To (optional)").fill(today.isoformat())
    form.get_by_label("Weekdays only (Monday to Friday)").uncheck()
    form.locator("select[name=kind]").select_option(label="Public holiday")
    form.get_by_role("button", name="Add absence").click()
    answer = page.get_by_test_id("absence-bulk-added")
    answer.wait_for()
    text = answer.inner_text()
    # 13 people skipped in 25 entries; the first ten entries name Rhea and five of the twelve: 7 more people.
    assert text.startswith("Recorded for 1 person (1 absence); 13 skipped: "), text
    assert text.endswith("; and 7 more people"), text


def test_hr_edits_an_absence_in_the_list_and_the_timesheet_and_the_history_show_the_change(stack, admin, launch,
                                                                                          tmp_path):
    # "Vacation 8 h" that should have been "sick 4 h": corrected in place (Edit), not deleted and added again.
    tag = uuid.uuid4().hex[:4]
    name = f"Edda Edit {tag}"
    edda = admin.create_employee(name, f"edda-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    for kind, minutes in (("vacation", 480), ("holiday", 60)):
        assert admin.request("POST", "/attendance/absences", json={
            "employee_id": edda["id"], "day": day, "kind": kind, "minutes": minutes}).status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    mark = page.locator(f"tr[data-employee='{name}'] td[data-date='{day}']").get_by_test_id("absence-mark")
    mark.wait_for()
    assert mark.inner_text().strip() == "VH 9:00"
    panel = page.get_by_test_id("absences")
    panel.get_by_role("button", name=f"Edit the absence of {name} on {day} (Vacation)").click()
    form = panel.get_by_role("form", name=f"Edit the absence of {name} on {day}")
    assert form.get_by_label("Hours", exact=True).input_value() == "8"
    assert_accessible(page, "console edit absence")
    # A kind the person has that day already: refused in words, as the add form says it; nothing changed.
    form.locator("select[name=kind]").select_option(label="Public holiday")
    form.get_by_role("button", name="Save").click()
    panel.get_by_test_id("absence-edit").get_by_text("already has an absence of that kind on that day").wait_for()
    form.locator("select[name=kind]").select_option(label="Sick leave")
    form.get_by_label("Hours", exact=True).fill("4")
    form.get_by_label("Note (optional)").fill(f"Flu {tag}")
    form.get_by_role("button", name="Save").click()
    panel.get_by_test_id("absence-changed").filter(has_text=f"{name}, {day}, Sick leave, 4:00").wait_for()
    panel.get_by_test_id("absence-edit").wait_for(state="detached")
    row = panel.locator("tr", has_text=f"Flu {tag}")
    assert "Sick leave" in row.inner_text() and "4:00" in row.inner_text()
    page.locator(f"tr[data-employee='{name}'] td[data-date='{day}']").get_by_test_id(
        "absence-mark").filter(has_text="SH 5:00").wait_for()  # the Timesheet follows

    page.goto(f"{stack.console_url}#/employees/{edda['id']}")
    page.get_by_role("heading", name=name, level=2).wait_for()
    line = page.get_by_test_id("employee-history").get_by_test_id("history-absence")
    line.filter(has_text=f"{HR_USER}: changed the absence {day}, Vacation, 8:00 → {day}, Sick leave, "
                         f"4:00 (Flu {tag})").wait_for()
    assert line.count() == 3  # two added, one changed: no delete and add
    page.get_by_test_id("language").select_option("ru")
    line.filter(has_text=f"изменено отсутствие {day}, Отпуск").wait_for()
    history = admin.request("GET", f"/employees/{edda['id']}/audit").body["items"]
    assert [(row["actor"], row["before"], row["after"]) for row in history if row["field"] == "absence"][-1] == (
        HR_USER, f"{day} vacation 480", f"{day} sick 240 Flu {tag}")


def test_an_edit_sends_only_what_it_changed_and_keeps_a_notes_line_breaks(stack, admin, launch, tmp_path):
    # HR-B opens Edit; HR-A (the API here) corrects the minutes meanwhile; B changes the note only: A's minutes stay
    # (the form sent the whole row, B's stale 8 h would have gone back over them), and the note keeps its line break.
    tag = uuid.uuid4().hex[:4]
    name = f"Nell Note {tag}"
    nell = admin.create_employee(name, f"nell-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    added = admin.request("POST", "/attendance/absences", json={
        "employee_id": nell["id"], "day": day, "kind": "vacation", "minutes": 480})
    assert added.status == 201

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day)
    panel = page.get_by_test_id("absences")
    panel.get_by_role("button", name=f"Edit the absence of {name} on {day} (Vacation)").click()
    form = panel.get_by_role("form", name=f"Edit the absence of {name} on {day}")
    assert form.get_by_label("Hours", exact=True).input_value() == "8"
    assert admin.request("PATCH", f"/attendance/absences/{added.body['id']}", json={"minutes": 240}).status == 200
    form.get_by_label("Note (optional)").fill(f"Booked {tag}\nby phone")
    form.get_by_role("button", name="Save").click()
    panel.get_by_test_id("absence-changed").filter(has_text=f"{name}, {day}, Vacation, 4:00").wait_for()
    listed = admin.request("GET", "/attendance/absences", params={"date_from": day, "date_to": day,
                                                                  "employee_id": nell["id"]}).body["items"]
    assert [(item["minutes"], item["note"]) for item in listed] == [(240, f"Booked {tag}\nby phone")]
    assert "4:00" in panel.locator("tr", has_text=f"Booked {tag}").inner_text()  # the row changed where it is
