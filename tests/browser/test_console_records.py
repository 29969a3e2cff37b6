"""The HR console with a company's worth of records, in Debian's chromium against the local stack: long lists
page with Load more, the CSV holds every row, times are shown in the report time zone whatever the browser's,
API errors are in the reader's language, and a deactivated person can be brought back."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from psycopg.rows import dict_row

from tests.browser.conftest import assert_accessible, load_axe, new_page, screenshot
from tests.browser.test_console import go, sign_in
from tests.conftest import FIXTURES, employee_record

EVENTS = 230  # over two pages of 100
PENDING = 60  # over one page of 50


@pytest.fixture(scope="module")
def busy_day(stack, admin):
    """One person with EVENTS recognized check-ins today and PENDING more awaiting review, written as check-ins
    write them (repository.insert_attendance) into the stack's database."""
    import psycopg

    from facepass import repository

    person = admin.create_employee("Busy Person", f"busy-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    start = datetime.now(UTC).replace(hour=0, minute=1, second=0, microsecond=0)
    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            for index in range(EVENTS + PENDING):
                pending = index >= EVENTS
                repository.insert_attendance(
                    cur, employee_id=uuid.UUID(person["id"]), occurred_at=start + timedelta(seconds=index * 10),
                    event_type="entry" if index % 2 == 0 else "exit", similarity=0.8, trace_id=uuid.uuid4(),
                    snapshot_key=None, status="recognized", device_id="door",
                    review_state="pending" if pending else "none", review_reasons=["low_margin"] if pending else [])
    finally:
        connection.close()
    return person, start



def answer_dialogs(page, answers: list[bool]) -> list[str]:
    """Answers the page's confirm dialogs in turn (True: OK, False: Cancel); returns the messages asked, as asked."""
    asked: list[str] = []
    pending = iter(answers)

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if next(pending) else dialog.dismiss()

    page.on("dialog", answer)
    return asked

def test_long_lists_page_and_the_csv_holds_every_row(stack, admin, busy_day, launch, tmp_path):
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)

    go(page, "Attendance", "Attendance", tmp_path)
    rows = page.get_by_test_id("events").locator("tbody tr")
    assert rows.count() == 100
    page.get_by_test_id("more").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=events] tbody tr').length === 200")
    page.get_by_test_id("more").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=events] tbody tr').length >= {EVENTS}")
    page.get_by_test_id("more").wait_for(state="detached")  # the last page: no more button
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    exported = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(exported) == rows.count() and exported[0]["id"] != "id"  # one header, every row
    assert {"offline", "received_at", "reviewed_at", "reviewed_by", "entered_by"} <= set(exported[0])
    # Past 1,000 rows the download needs the next page's cursor: a page of the console's origin can read it.
    cursor = page.evaluate("""async (api) => (await fetch(api + "/attendance?limit=1", {headers: {accept: "text/csv",
        authorization: "Bearer local-admin-token"}})).headers.get("x-next-cursor")""", stack.api_url)
    assert cursor, "X-Next-Cursor is not exposed to the console (CORS)"

    # What payroll counts: the pending ones are not.
    page.get_by_test_id("counted").select_option("true")
    page.get_by_role("button", name="Filter").click()
    page.get_by_test_id("more").click()
    page.get_by_test_id("more").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=events] tbody tr').length === {EVENTS}")
    with page.expect_download() as download_info:  # the download sends the filter's boolean too (counted=true)
        page.get_by_role("button", name="Download CSV").click()
    counted = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(counted) == EVENTS

    go(page, "Review", "Review queue", tmp_path)
    # The first page, once drawn (count() does not wait: network idle can come before React renders the cards).
    page.wait_for_function("() => document.querySelectorAll('[data-testid=review-item]').length > 0")
    cards = page.get_by_test_id("review-item")
    assert cards.count() == 50
    page.get_by_test_id("more").click()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=review-item]').length === {PENDING}")
    assert_accessible(page, "console review, two pages")


def test_times_are_in_the_report_time_zone_whatever_the_browser_says(stack, admin, busy_day, launch, tmp_path):
    _, start = busy_day
    browser = launch()
    page = new_page(browser, timezone_id="Pacific/Kiritimati")  # UTC+14: already tomorrow there
    sign_in(page, stack, tmp_path)
    assert page.get_by_test_id("time-zone").inner_text() == "Dates and times in UTC"
    today = datetime.now(UTC).date().isoformat()
    go(page, "Today", f"Today, {today}", tmp_path)
    assert "Busy Person" in page.get_by_test_id("present").inner_text()
    go(page, "Attendance", "Attendance", tmp_path)
    assert page.get_by_label("From").input_value() == today
    first = page.get_by_test_id("events").locator("tbody tr").first.locator("td").first.inner_text()
    assert start.strftime("%-I:%M") in first, first  # 12:01 AM UTC, not 2:01 PM in Kiritimati


def test_errors_are_in_the_readers_language_and_a_deactivated_person_comes_back(stack, admin, launch, tmp_path):
    taken = admin.create_employee("Taken Email", f"taken-{uuid.uuid4().hex[:6]}@example.com", None)
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    page.get_by_test_id("language").select_option("ru")
    page.get_by_role("navigation").get_by_role("link", name="Сотрудники").click()
    form = page.get_by_role("form", name="Добавить сотрудника")
    form.get_by_label("Полное имя").fill("Второй")
    form.get_by_label("Почта").fill(taken["email"])
    form.get_by_role("button", name="Добавить сотрудника").click()
    page.get_by_role("alert").filter(has_text="Сотрудник с такой почтой уже есть.").wait_for()
    page.get_by_test_id("language").select_option("en")

    admin.request("DELETE", f"/employees/{taken['id']}")
    page.goto(f"{stack.console_url}#/employees/{taken['id']}")
    page.get_by_text("Inactive", exact=True).wait_for()  # the badge (the History also says "Active → Inactive")
    page.get_by_test_id("reactivate").click()
    page.get_by_text("Employee reactivated").wait_for()
    assert admin.request("GET", f"/employees/{taken['id']}").body["is_active"] is True
    page.locator("input[name=department]").fill("Back office")  # the form saves from the reactivated version
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved", exact=True).wait_for()
    assert admin.request("GET", f"/employees/{taken['id']}").body["department"] == "Back office"


def open_add_punch(page, stack, tmp_path, person: str, event_type: str):
    """Signed in, on Attendance, the "Add a missing punch" form open for `person` and `event_type`: the form."""
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.get_by_label("Employee").select_option(label=person)
    form.get_by_label("Event").select_option(event_type)
    return form



def test_the_missing_punch_form_marks_people_who_left(stack, admin, launch, tmp_path):
    # A deactivated and an erased person are listed as Review names them, "(inactive)", never as current staff.
    tag = uuid.uuid4().hex[:4]
    admin.create_employee(f"Stays {tag}", f"stays-{tag}@example.com", "Floor")
    left = admin.create_employee(f"Left {tag}", f"left-{tag}@example.com", "Floor")
    erased = admin.create_employee(f"Erased {tag}", f"erased-{tag}@example.com", "Floor")
    admin.request("DELETE", f"/employees/{left['id']}")
    admin.request("DELETE", f"/employees/{erased['id']}", params={"erase": "true"})
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.get_by_label("Employee").locator("option", has_text=f"Stays {tag}").wait_for(state="attached")
    options = [o for o in form.get_by_label("Employee").locator("option").all_inner_texts() if tag in o]
    assert sorted(options) == sorted([f"Stays {tag}", f"Left {tag} (inactive)", f"Erased {tag} (inactive)"]), options
    # The kinds of punch read as words, not as the API's values.
    kinds = form.get_by_label("Event").locator("option").all_inner_texts()
    assert kinds == ["Entry (check-in)", "Exit (check-out)", "Missing shift (in and out)"], kinds

def open_correct_panel(page, day: str, event_id: int):
    """On Attendance: the day's events listed, and the Correct panel of one open: the panel."""
    search = page.get_by_role("search")
    search.get_by_label("From", exact=True).fill(day)
    search.get_by_label("To", exact=True).fill(day)
    search.get_by_role("button", name="Filter").click()
    page.locator(f"tr[data-event='{event_id}']").get_by_role("button", name="Correct").click()
    return page.locator(f"tr[data-event='{event_id}'] + tr")


def test_hr_adds_a_forgotten_check_out_and_corrects_a_wrong_match(stack, admin, launch, tmp_path):
    import psycopg

    from facepass import repository

    walker = admin.create_employee("Night Walker", f"walker-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    other = admin.create_employee("Right Person", f"right-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    yesterday = (datetime.now(UTC) - timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            entry = repository.insert_attendance(  # the kiosk's entry; the check-out was forgotten
                cur, employee_id=uuid.UUID(walker["id"]), occurred_at=yesterday, event_type="entry", similarity=0.8,
                trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door")
    finally:
        connection.close()
    day = yesterday.date().isoformat()

    page = new_page(launch(), timezone_id="America/New_York")  # the form is typed in the report zone (UTC), not this
    form = open_add_punch(page, stack, tmp_path, "Night Walker", "exit")
    form.get_by_label("Date").fill(day)
    form.get_by_label("Time").fill("17:00")
    reason = form.get_by_label("Reason (kept in the history)")
    reason.fill("   ")  # blank: the browser refuses it before the API would (its message names no API field)
    assert reason.evaluate("(input) => input.validity.patternMismatch") is True
    reason.fill("Forgot to check out; confirmed by the shift lead")
    assert_accessible(page, "console add punch")
    form.get_by_role("button", name="Add punch").click()
    page.get_by_text("Punch added").wait_for()
    report = admin.request("GET", "/attendance/daily", params={"date": day}).body
    row = next(item for item in report["items"] if item["employee_id"] == walker["id"])
    assert row["worked_seconds"] == 9 * 3600, row  # 08:00 to 17:00 UTC
    added = admin.request("GET", "/attendance", params={"date_from": day, "date_to": day,
                                                        "employee_id": walker["id"]}).body["items"]
    assert [(e["event_type"], e["entered_by"]) for e in added] == [("entry", None), ("exit", "hr@example.com")]

    # "Stayed until six": a second exit the report would drop is explained, not added; HR replaces the 17:00 exit.
    # Each submission carries an Idempotency-Key: the same one when the same punch is sent again, a new one for the
    # replacement.
    keys: list[str] = []
    page.on("request", lambda request: keys.append(request.headers.get("idempotency-key", ""))
            if request.method == "POST" and request.url.endswith("/attendance/manual") else None)
    form.get_by_label("Employee").select_option(label="Night Walker")
    form.get_by_label("Event").select_option("exit")
    form.get_by_label("Date").fill(day)
    form.get_by_label("Time").fill("18:00")
    form.get_by_label("Reason (kept in the history)").fill("Stayed until six")
    form.get_by_role("button", name="Add punch").click()
    conflict = page.get_by_test_id("punch-conflict")
    conflict.filter(has_text="This exit would not be counted").wait_for()
    assert_accessible(page, "console punch conflict")
    with page.expect_response(lambda response: response.url.endswith("/attendance/manual")) as answer:
        form.get_by_role("button", name="Add punch").click()  # the same submission again: the same key
    assert answer.value.status == 409
    form.get_by_label("Time").fill("18:30")  # a change in the form: its Replace would have sent the old 18:00
    conflict.wait_for(state="detached")
    form.get_by_label("Time").fill("18:00")
    form.get_by_role("button", name="Add punch").click()  # the same punch again: the same key
    conflict.filter(has_text="This exit would not be counted").wait_for()
    conflict.get_by_role("button", name="Replace the exit at").click()
    conflict.wait_for(state="detached")
    assert len(keys) == 4 and keys[0] == keys[1] == keys[2] != keys[3] and all(keys), keys
    report = admin.request("GET", "/attendance/daily", params={"date": day}).body
    row = next(item for item in report["items"] if item["employee_id"] == walker["id"])
    assert row["worked_seconds"] == 10 * 3600, row  # 08:00 to 18:00 UTC
    exits = admin.request("GET", "/attendance", params={"date_from": day, "date_to": day, "employee_id": walker["id"],
                                                        "counted": "true"}).body["items"]
    assert [(e["event_type"], e["occurred_at"][11:16]) for e in exits] == [("entry", "08:00"), ("exit", "18:00")]

    # The entry was a wrong match nobody flagged: HR reassigns it from the list, and the history shows it.
    panel = open_correct_panel(page, day, entry["id"])
    panel.get_by_label("Reassign to").select_option(label="Right Person")
    panel.get_by_label("Note").fill("It was Right Person at the door")
    panel.get_by_role("button", name="Reassign").click()
    # It opened Night Walker's counted 08:00-18:00 shift: taking it away is said first, then done anyway.
    conflict = panel.get_by_test_id("review-conflict")
    conflict.filter(has_text="Taking this punch away from Night Walker would change their counted shift").wait_for()
    conflict.get_by_role("button", name="Do it anyway").click()
    page.locator(f"tr[data-event='{entry['id']}']").filter(has_text="Right Person").wait_for()
    # The similarity was the face's to Night Walker, and the row says so under the new name.
    page.locator(f"tr[data-event='{entry['id']}']").get_by_test_id("matched-other").filter(
        has_text="the face matched Night Walker").wait_for()
    page.locator(f"tr[data-event='{entry['id']}']").get_by_role("button", name="History").click()
    page.get_by_test_id("audit").filter(has_text="It was Right Person at the door").wait_for()
    trail = admin.request("GET", f"/attendance/{entry['id']}/audit").body["items"]
    assert [(t["action"], t["after"]["employee_id"]) for t in trail] == [("reassign", other["id"])]


def test_the_timesheet_totals_a_pay_period_and_exports_it(stack, admin, launch, tmp_path):
    import psycopg

    from facepass import repository

    person = admin.create_employee("Period Worker", f"period-{uuid.uuid4().hex[:6]}@example.com", "Warehouse")
    first = (datetime.now(UTC) - timedelta(days=40)).replace(hour=0, minute=0, second=0, microsecond=0)
    shifts = [(first + timedelta(hours=9), "entry"), (first + timedelta(hours=17), "exit"),        # 8 h, day 1
              (first + timedelta(days=1, hours=22), "entry"), (first + timedelta(days=2, hours=6), "exit"),  # night
              (first + timedelta(days=2, hours=18), "exit"),  # its entry is the one awaiting review: said, not zero
              (first + timedelta(days=2, hours=9), "entry")]  # flagged: awaiting review, not counted
    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            for index, (at, kind) in enumerate(shifts):
                pending = index == len(shifts) - 1
                repository.insert_attendance(
                    cur, employee_id=uuid.UUID(person["id"]), occurred_at=at, event_type=kind, similarity=0.8,
                    trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door",
                    review_state="pending" if pending else "none", review_reasons=["low_margin"] if pending else [])
    finally:
        connection.close()
    date_from, date_to = first.date().isoformat(), (first + timedelta(days=2)).date().isoformat()

    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    assert page.get_by_label("From").input_value().endswith("-01")  # the month so far
    page.get_by_label("From").fill(date_from)
    page.get_by_label("To").fill(date_to)
    row = page.locator("tr[data-employee='Period Worker']")
    row.get_by_test_id("timesheet-total").filter(has_text="16:00").wait_for()
    worked = [row.locator(f"td[data-date='{(first + timedelta(days=n)).date()}']") for n in range(3)]
    assert [cell.inner_text().split()[0] for cell in worked] == ["8:00", "8:00", "·?→!"]  # a night: its first day
    assert "1 awaiting review" in worked[2].inner_text()  # said in words, not only by colour and a sign
    assert "exit without entry" in worked[2].inner_text() and "1 without entry" in row.inner_text()
    assert "awaiting review, not counted yet: 1." in page.get_by_test_id("timesheet-pending").inner_text()
    assert_accessible(page, "console timesheet")
    screenshot(page, "console-timesheet", tmp_path)
    with page.expect_download() as download_info:
        page.get_by_test_id("timesheet-csv").click()
    exported = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    mine = next(line for line in exported if line["employee_id"] == person["id"])
    assert Path(download_info.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8
    assert (mine[date_from], mine["total_minutes"], mine["total_hours"], mine["days_worked"], mine["pending_reviews"]
            ) == ("480", "960", "16.00", "2", "1")


def test_a_comma_decimal_browser_downloads_the_timesheet_for_its_excel_and_can_choose(stack, admin, launch, tmp_path):
    # A German browser: its Excel splits cells at `;` and reads 7,50. The choice is offered, and kept.
    person = admin.create_employee("Мария Комма", f"komma-{uuid.uuid4().hex[:6]}@example.com", "Lager; Nacht")
    day = (datetime.now(UTC) - timedelta(days=50)).date()
    for event_type, clock in (("entry", "08:00"), ("exit", "15:30")):
        admin.request("POST", "/attendance/manual", json={"employee_id": person["id"], "event_type": event_type,
                                                          "occurred_at": f"{day}T{clock}:00+00:00", "note": "csv"})
    page = new_page(launch(), locale="de-DE")
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(day.isoformat())
    page.get_by_label("To").fill(day.isoformat())
    page.locator("tr[data-employee='Мария Комма']").wait_for()

    def download() -> bytes:
        with page.expect_download() as download_info:
            page.get_by_test_id("timesheet-csv").click()
        return Path(download_info.value.path()).read_bytes()

    assert page.get_by_test_id("csv-dialect").input_value() == "excel-semicolon"  # from the browser's 1,5
    semicolons = download()
    assert semicolons.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" not in semicolons[3:]  # one mark
    (row,) = [line for line in csv.DictReader(io.StringIO(semicolons.decode("utf-8-sig")), dialect="excel-semicolon")
              if line["employee_id"] == person["id"]]
    assert (row["full_name"], row["department"], row["total_hours"]) == ("Мария Комма", "Lager; Nacht", "7,50")
    page.get_by_test_id("csv-dialect").select_option("excel")
    (row,) = [line for line in csv.DictReader(io.StringIO(download().decode("utf-8-sig")))
              if line["employee_id"] == person["id"]]
    assert (row["full_name"], row["total_hours"]) == ("Мария Комма", "7.50")
    go(page, "Daily report", "Daily report", tmp_path)  # the choice is kept for the other downloads
    assert page.get_by_test_id("csv-dialect").input_value() == "excel"
    assert_accessible(page, "console daily report with the CSV choice")


def test_the_timesheet_and_daily_report_mark_minutes_resting_on_a_punch_hr_typed_in(stack, admin, launch, tmp_path):
    # A kiosk morning and an afternoon HR adds as a missing shift on day D; a kiosk day after it. The payroll auditor
    # sees which day's minutes no face confirmed, and how much of the total.
    person = admin.create_employee("Hand Typed", f"typed-{uuid.uuid4().hex[:6]}@example.com", "Office")
    day = (datetime.now(UTC) - timedelta(days=60)).replace(hour=0, minute=0, second=0, microsecond=0)
    _insert_events(stack, *({"employee_id": uuid.UUID(person["id"]), "occurred_at": day + timedelta(hours=hours),
                             "event_type": kind} for hours, kind in ((8, "entry"), (12, "exit"),
                                                                      (24 + 9, "entry"), (24 + 17, "exit"))))
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": (day + timedelta(hours=13)).isoformat(),
        "ended_at": (day + timedelta(hours=15, minutes=30)).isoformat(), "note": "kiosk was down after lunch"})
    date_from, date_to = day.date().isoformat(), (day + timedelta(days=1)).date().isoformat()
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(date_from)
    page.get_by_label("To").fill(date_to)
    row = page.locator("tr[data-employee='Hand Typed']")
    total = row.get_by_test_id("timesheet-total")
    total.filter(has_text="14:30").wait_for()
    typed, kiosk = row.locator(f"td[data-date='{date_from}']"), row.locator(f"td[data-date='{date_to}']")
    assert typed.get_by_role("img", name="includes a punch entered by HR").inner_text() == "✎"
    assert kiosk.get_by_test_id("manual-mark").count() == 0 and kiosk.inner_text().strip() == "8:00"
    assert "waiting" not in (typed.get_attribute("class") or "")  # said, not a warning: nothing to fix
    assert total.get_by_test_id("manual-share").inner_text() == "of which 2 h 30 min entered by HR"
    assert "✎ includes a punch entered by HR" in page.get_by_test_id("timesheet-legend").inner_text()
    assert_accessible(page, "console timesheet with a typed-in shift")
    screenshot(page, "console-timesheet-typed-in", tmp_path)
    page.get_by_test_id("language").select_option("ru")
    expect(total.get_by_test_id("manual-share")).to_have_text("из них 2 ч 30 мин внесено отделом кадров")
    assert typed.get_by_role("img", name="включает отметку, внесённую отделом кадров").count() == 1
    page.get_by_test_id("language").select_option("en")

    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill(date_from)
    worked = page.get_by_test_id("daily").locator("tr", has_text="Hand Typed").get_by_test_id("daily-worked")
    expect(worked.get_by_test_id("manual-share")).to_have_text("of which 2 h 30 min entered by HR")
    assert worked.inner_text().startswith("6:30") and worked.get_by_role("img", name="includes a punch entered by HR"
                                                                          ).count() == 1
    assert "includes a punch entered by HR" in page.get_by_test_id("daily-legend").inner_text()
    assert_accessible(page, "console daily report with a typed-in shift")


def _insert_events(stack, *events: dict) -> list[dict]:
    """Attendance rows written as check-ins write them (repository.insert_attendance): a recognized kiosk punch at
    the door unless an event says otherwise."""
    import psycopg

    from facepass import repository

    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            defaults = {"snapshot_key": None, "similarity": 0.8, "status": "recognized", "device_id": "door"}
            return [repository.insert_attendance(cur, trace_id=uuid.uuid4(), **{**defaults, **event})
                    for event in events]
    finally:
        connection.close()


def test_devices_ask_before_a_new_code_and_same_named_kiosks_are_told_apart(stack, admin, launch, tmp_path):
    from facepass.client import FacePassClient

    name = f"Front desk {uuid.uuid4().hex[:4]}"
    working = admin.create_device(name, timezone="UTC", site="HQ")
    FacePassClient(stack.api_url).pair(working["pairing_code"])
    old = admin.create_device(name, timezone="UTC", site="HQ")["device"]
    admin.request("DELETE", f"/devices/{old['id']}")
    def device_status(device_id: str) -> str:
        return next(d["status"] for d in admin.request("GET", "/devices").body["items"] if d["id"] == device_id)

    browser = launch()
    page = new_page(browser)
    asked = answer_dialogs(page, [False, True])  # the first time HR thinks again, then goes ahead
    sign_in(page, stack, tmp_path)
    go(page, "Devices", "Devices", tmp_path)
    rows = page.locator(f"tr[data-device='{name}']")
    paired = rows.filter(has=page.get_by_test_id("device-state").get_by_text("paired", exact=True))
    revoked = rows.filter(has=page.get_by_test_id("device-state").get_by_text("revoked", exact=True))
    # A revoked kiosk cannot be paired again (the API refuses): the row says what to do instead.
    assert revoked.get_by_role("button", name="New pairing code").count() == 0
    assert "add it as a new kiosk" in revoked.get_by_test_id("revoked-hint").inner_text()

    paired.get_by_role("button", name="New pairing code").click()
    assert asked and f"new pairing code for {name}? That kiosk stops working" in asked[0], asked
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("pairing-code").count() == 0
    assert device_status(working["device"]["id"]) == "paired"  # still working
    paired.get_by_role("button", name="New pairing code").click()
    page.get_by_test_id("pairing-code").wait_for()
    assert len(asked) == 2
    assert device_status(working["device"]["id"]) == "awaiting_pairing"

    # The attendance filter tells the two apart.
    go(page, "Attendance", "Attendance", tmp_path)
    options = page.get_by_role("search").get_by_label("Device").locator("option").all_inner_texts()
    mine = sorted(option for option in options if option.startswith(name))
    assert mine == [f"{name} · HQ", f"{name} · HQ (revoked)"], options



def test_a_kiosk_not_heard_from_is_said_on_the_devices_page(stack, admin, launch, tmp_path):
    # A kiosk asks the server about once a minute: silence longer than the server's threshold (the quiet-devices
    # alarm's, FACEPASS_DEVICE_QUIET_MINUTES: this stack's 20, GET /devices says it) means it is off or off the
    # network, and its checks may be waiting on the tablet.
    import psycopg

    from facepass.client import FacePassClient
    from tests.browser.conftest import DEVICE_QUIET_MINUTES

    assert admin.request("GET", "/devices").body["quiet_after_minutes"] == DEVICE_QUIET_MINUTES == 20

    name = f"Side door {uuid.uuid4().hex[:4]}"
    created = admin.create_device(name, timezone="UTC", site="HQ")
    kiosk = FacePassClient(stack.api_url)
    kiosk.pair(created["pairing_code"])
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Devices", "Devices", tmp_path)
    row = page.locator(f"tr[data-device='{name}']")
    assert "never heard from" in row.get_by_test_id("device-quiet").inner_text()  # paired, the page never opened

    kiosk.request("GET", "/devices/me")  # the kiosk's heartbeat
    page.reload()
    row.wait_for()
    assert row.get_by_test_id("device-quiet").count() == 0

    def silent_for(interval: str) -> None:
        with psycopg.connect(stack.database_url) as connection, connection.cursor() as cur:
            cur.execute("UPDATE devices SET last_seen_at = now() - %s::interval WHERE id = %s",
                        (interval, created["device"]["id"]))
        page.reload()
        row.wait_for()

    silent_for("15 minutes 10 seconds")  # under the server's threshold: not quiet yet
    assert row.get_by_test_id("device-quiet").count() == 0
    silent_for("25 minutes 10 seconds")  # over it, under the default 30
    quiet = row.get_by_test_id("device-quiet")
    quiet.wait_for()
    assert quiet.inner_text().startswith("Not heard from for 25 minutes")


def test_device_actions_sent_once_on_a_double_click(stack, admin, launch, tmp_path):
    # "Add kiosk", "New pairing code" and "Revoke" each write: a double click sends one request, adds one kiosk.
    name = f"Loading dock {uuid.uuid4().hex[:4]}"
    page = new_page(launch())
    asked = answer_dialogs(page, [True] * 10)
    sent: list[str] = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url}")
            if request.method in ("POST", "DELETE") and "/devices" in request.url else None)
    sign_in(page, stack, tmp_path)
    go(page, "Devices", "Devices", tmp_path)
    form = page.get_by_role("form", name="Add kiosk")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Time zone").fill("Europe/Berlin")
    form.get_by_role("button", name="Add kiosk").dblclick()
    page.get_by_test_id("pairing-code").wait_for()
    page.wait_for_load_state("networkidle")
    mine = [d for d in admin.request("GET", "/devices").body["items"] if d["name"] == name]
    assert len(mine) == 1 and len(sent) == 1, (mine, sent)
    row = page.locator(f"tr[data-device='{name}']")
    code = page.get_by_test_id("pairing-code").inner_text()

    row.get_by_role("button", name="New pairing code").dblclick()
    page.wait_for_function("(old) => document.querySelector('[data-testid=pairing-code]')?.textContent !== old",
                           arg=code)
    page.wait_for_load_state("networkidle")
    assert sum("/pairing-code" in request for request in sent) == 1, sent

    row.get_by_role("button", name="Revoke").dblclick()
    row.get_by_test_id("revoked-hint").wait_for()
    page.wait_for_load_state("networkidle")
    assert sum(request.startswith("DELETE") for request in sent) == 1 and len(asked) == 1, (sent, asked)

def test_review_names_everyone_waits_for_a_note_and_double_clicks_send_once(stack, admin, launch, tmp_path):
    suffix = uuid.uuid4().hex[:6]
    right = admin.create_employee("Right Reviewer", f"right-{suffix}@example.com", "Floor")
    gone = admin.create_employee("Gone Reviewer", f"gone-{suffix}@example.com", "Floor")
    admin.request("DELETE", f"/employees/{gone['id']}")  # deactivated
    withdrawn = admin.create_employee("Wendy Withdrawn", f"wendy-{suffix}@example.com", "Floor")
    admin.request("POST", f"/employees/{withdrawn['id']}/biometric-consent", json={"reference": "form 7"})
    admin.request("DELETE", f"/employees/{withdrawn['id']}/biometric-consent")  # Face ID withdrawn, still employed
    erased_id = str(uuid.uuid4())  # no employee has this id any more
    at = datetime.now(UTC) - timedelta(days=3)  # older than anything else queued: on the first page
    _insert_events(stack, dict(
        employee_id=uuid.UUID(right["id"]), occurred_at=at, event_type="entry", review_state="pending",
        review_reasons=["ambiguous"], review_detail={"candidates": [
            {"employee_id": right["id"], "similarity": 0.61}, {"employee_id": gone["id"], "similarity": 0.6},
            {"employee_id": erased_id, "similarity": 0.59}]}))
    posts: list[str] = []
    browser = launch()
    page = new_page(browser)
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator("[data-testid=review-item][aria-label$='Right Reviewer']")  # every card lists everyone
    card.get_by_text("Gone Reviewer (inactive)").wait_for()
    text = card.inner_text()
    assert "erased person" in text and erased_id not in text and gone["id"] not in text, text
    targets = card.get_by_label("Reassign to").locator("option").all_inner_texts()
    # Gone left after this punch was taken (three days ago): their last punches may still become theirs.
    assert "Right Reviewer" in targets and [t for t in targets if "Gone Reviewer" in t] == [
        f"Gone Reviewer (left on {datetime.now(UTC).date()}: a punch from before they left)"], targets
    # A kiosk punch never becomes the punch of someone whose Face ID is withdrawn: offered disabled, said why.
    wendy = card.get_by_label("Reassign to").locator("option", has_text="Wendy Withdrawn")
    assert wendy.is_disabled() and "Face ID withdrawn: reject, then enter a manual punch" in wendy.inner_text()

    # Reject changes what payroll counts: it waits for the reason.
    reject = card.get_by_role("button", name="Reject")
    assert reject.is_disabled() and card.get_by_role("button", name="Reassign").is_disabled()
    assert "write a note first" in card.get_by_test_id("note-hint").inner_text()
    card.get_by_label("Note").fill("Not her: a visitor")
    assert reject.is_enabled()
    reject.dblclick()
    page.get_by_text("Review saved").wait_for()
    page.wait_for_load_state("networkidle")
    assert len([url for url in posts if url.endswith("/review")]) == 1, posts

    # A double click on Add punch adds it once.
    go(page, "Attendance", "Attendance", tmp_path)
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.get_by_label("Employee").select_option(label="Right Reviewer")
    form.get_by_label("Event").select_option("entry")
    form.get_by_label("Date").fill(at.date().isoformat())
    form.get_by_label("Time").fill("09:00")
    form.get_by_label("Reason (kept in the history)").fill("The kiosk was down")
    form.get_by_role("button", name="Add punch").dblclick()
    page.get_by_text("Punch added").wait_for()
    page.wait_for_load_state("networkidle")
    assert len([url for url in posts if url.endswith("/attendance/manual")]) == 1, posts


def test_overview_phone_width_and_skip_link(stack, admin, launch, tmp_path):
    suffix = uuid.uuid4().hex[:6]
    waiting = admin.create_employee("Waiting Entrant", f"waiting-{suffix}@example.com", "Floor")
    worker = admin.create_employee("Phone Worker", f"phone-{suffix}@example.com", "Floor")  # a timesheet row
    now = datetime.now(UTC)
    _insert_events(stack, dict(employee_id=uuid.UUID(waiting["id"]), occurred_at=now - timedelta(seconds=5),
                               event_type="entry", review_state="pending", review_reasons=["low_margin"]),
                   dict(employee_id=uuid.UUID(worker["id"]), occurred_at=now - timedelta(seconds=60),
                        event_type="entry"))
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    # The first Tab stop skips the header and the menu.
    address = page.url
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent, document.activeElement.dataset.testid]")
    assert focused == ["Skip to content", "skip-link"], focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "console-main"
    assert page.url == address  # the hash routes are left alone

    # Whose entry of the day waits for review is said so, with the way to the queue, not "not yet in".
    page.get_by_test_id("not-yet").wait_for()
    assert "Waiting Entrant" not in page.get_by_test_id("not-yet").locator("ul.people").first.inner_text()
    entry = page.get_by_test_id("entry-waiting").locator("li", has_text="Waiting Entrant")
    assert entry.get_by_role("link", name="entry awaiting review").get_attribute("href") == "#/review"
    assert_accessible(page, "console overview with a waiting entry")

    # A phone: the review cards and the timesheet stay within the screen (their tables scroll in their own box).
    page.set_viewport_size({"width": 360, "height": 740})
    for section, heading in (("Review", "Review queue"), ("Timesheet", "Timesheet")):
        go(page, section, heading, tmp_path)
        if section == "Review":
            page.get_by_test_id("review-item").first.wait_for()
        else:
            page.locator("tr[data-employee='Phone Worker']").wait_for()
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (section, widths)
        screenshot(page, f"console-{section.lower()}-phone", tmp_path)


def test_today_lists_a_person_whose_only_pending_punch_is_an_exit_as_not_yet_in(stack, admin, launch, tmp_path):
    """A check-out flagged for review, and no entry: not "entry awaiting review" (nothing says they came in), but
    not yet in; someone whose entry waits stays in that group. English and Russian."""
    from playwright.sync_api import expect

    suffix = uuid.uuid4().hex[:6]
    leaving = admin.create_employee(f"Flagged Leaver {suffix}", f"leaver-{suffix}@example.com", "Floor")
    entering = admin.create_employee(f"Flagged Entrant {suffix}", f"entrant-{suffix}@example.com", "Floor")
    now = datetime.now(UTC)
    _insert_events(stack, dict(employee_id=uuid.UUID(leaving["id"]), occurred_at=now - timedelta(seconds=5),
                               event_type="exit", review_state="pending", review_reasons=["replay"]),
                   dict(employee_id=uuid.UUID(entering["id"]), occurred_at=now - timedelta(seconds=5),
                        event_type="entry", review_state="pending", review_reasons=["low_margin"]))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/?all=not-yet")  # every name of the list, however many people other tests made
    waiting, not_yet = page.get_by_test_id("entry-waiting"), page.get_by_test_id("not-yet-names")
    for label, heading in (("en", "Entry of the day awaiting review"), ("ru", "Вход за сегодня ждёт проверки")):
        page.get_by_test_id("language").select_option(label)
        expect(waiting.get_by_role("heading")).to_contain_text(heading)
        expect(waiting.locator("li", has_text=f"Flagged Entrant {suffix}")).to_have_count(1)
        expect(waiting.locator("li", has_text=f"Flagged Leaver {suffix}")).to_have_count(0)
        expect(not_yet.locator("li", has_text=f"Flagged Leaver {suffix}")).to_have_count(1)
        expect(not_yet.locator("li", has_text=f"Flagged Entrant {suffix}")).to_have_count(0)
    page.get_by_test_id("language").select_option("en")


def test_erase_dialog_and_deactivation_ask_before_acting(stack, admin, launch, tmp_path):
    person = admin.create_employee("Quiet Leaver", f"leaver-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    browser = launch()
    page = new_page(browser)
    asked = answer_dialogs(page, [False, True])
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Quiet Leaver", level=2).wait_for()
    deactivate = page.get_by_role("button", name="Deactivate")
    deactivate.click()
    assert asked and "Deactivate Quiet Leaver?" in asked[0], asked
    page.wait_for_load_state("networkidle")
    assert admin.request("GET", f"/employees/{person['id']}").body["is_active"] is True
    deactivate.click()
    page.get_by_text("Employee deactivated").wait_for()
    assert admin.request("GET", f"/employees/{person['id']}").body["is_active"] is False

    # Enter in the erase dialog never saves the edit form; it erases only once the name is typed in full.
    page.get_by_test_id("erase").click()
    dialog = page.get_by_test_id("erase-dialog")
    dialog.get_by_test_id("erase-confirm").fill("Quiet")
    dialog.get_by_test_id("erase-confirm").press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Saved", exact=True).count() == 0
    assert dialog.is_visible()
    assert page.locator("form[aria-label='Edit employee'] [data-testid=erase-dialog]").count() == 0
    dialog.get_by_test_id("erase-confirm").fill("Quiet Leaver")
    dialog.get_by_test_id("erase-confirm").press("Enter")
    page.get_by_text("Erased: 0 faces").wait_for()
    assert page.get_by_text("Saved", exact=True).count() == 0


def test_errors_and_refusals_are_in_words_in_russian(stack, admin, launch, tmp_path):
    """Gateway refusals (throttling, timeouts), CSV refusals and enrollment photo sizes, in the reader's language."""
    import json
    from urllib.parse import urlparse

    person = admin.create_employee("Size Tester", f"size-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    page.get_by_test_id("language").select_option("ru")

    def refuse(status: int, body: dict, *, csv_only: bool = False):
        def handler(route):
            if csv_only and route.request.headers.get("accept") != "text/csv":
                route.continue_()
                return
            route.fulfill(status=status, content_type="application/json", body=json.dumps(body),
                          headers={"access-control-allow-origin": "*"})
        page.unroute("**/attendance/timesheet?*")
        page.route("**/attendance/timesheet?*", handler)

    refuse(429, {"message": "Too Many Requests"})  # API Gateway's throttling answer
    page.get_by_role("navigation").get_by_role("link", name="Табель").click()
    alert = page.get_by_role("alert").filter(has_text="Слишком много запросов")
    alert.wait_for()
    assert "http_429" not in alert.inner_text() and "Too Many" not in alert.inner_text()

    refuse(503, {"error": {"code": "database_unavailable", "message": "The database is unavailable"}}, csv_only=True)
    page.get_by_role("navigation").get_by_role("link", name="Сотрудники").click()
    page.get_by_role("navigation").get_by_role("link", name="Табель").click()
    page.get_by_test_id("timesheet-csv").wait_for()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("timesheet-csv").click()
    page.get_by_role("alert").filter(has_text="База данных недоступна").wait_for()

    # Enrollment: a photo over the ticket's max_bytes (10 MB) or under the policy's minimum is refused before
    # uploading, in words; a storage that cannot be reached is said as such.
    page.unroute("**/attendance/timesheet?*")
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name="Size Tester", level=2).wait_for()
    photos = page.get_by_test_id("photo-input")
    photos.set_input_files({"name": "huge.jpg", "mimeType": "image/jpeg",
                            "buffer": b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 1)})
    page.get_by_role("alert").filter(has_text="Фото больше 10 МБ").wait_for()
    photos.set_input_files({"name": "tiny.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff"})
    page.get_by_role("alert").filter(has_text="Файл меньше 1 КБ").wait_for()
    page.get_by_test_id("language").select_option("en")
    page.get_by_role("alert").filter(has_text="This photo is larger than 10 MB").wait_for()
    s3_port = urlparse(stack.s3_url).port

    def to_storage(url: str) -> bool:
        return urlparse(url).port == s3_port

    page.route(to_storage, lambda route: route.abort())
    photos.set_input_files(str(FIXTURES / "identities/fr_rose_leslie/train_img1.jpg"))
    page.get_by_role("alert").filter(has_text="The server cannot be reached.").wait_for()
    page.unroute(to_storage)

    # A CSV download refused for an expired sign-in sends HR back to sign in, as any other call does.
    page.goto(f"{stack.console_url}#/timesheet")
    page.get_by_role("heading", name="Timesheet", level=2).wait_for()
    refuse(401, {"message": "Unauthorized"}, csv_only=True)
    page.get_by_test_id("timesheet-csv").click()
    page.get_by_test_id("signin").wait_for()
    page.get_by_text("Your session has expired. Sign in again.").wait_for()


def test_a_confirmation_that_would_undo_a_counted_shift_is_said_and_can_be_forced(stack, admin, launch, tmp_path):
    # A counted shift 09:00 -> 19:44:30 and, inside it, an entry awaiting review: confirming it would make the 09:00
    # entry a forgotten one. The console says which shift it changes, and HR may do it anyway.
    person = admin.create_employee("Shift Keeper", f"keeper-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=4)).replace(hour=0, minute=0, second=0, microsecond=0)
    employee = uuid.UUID(person["id"])
    _insert_events(stack, dict(employee_id=employee, occurred_at=day + timedelta(hours=9), event_type="entry"),
                   dict(employee_id=employee, occurred_at=day + timedelta(hours=19, minutes=44, seconds=14),
                        event_type="entry", review_state="pending", review_reasons=["liveness"]),
                   dict(employee_id=employee, occurred_at=day + timedelta(hours=19, minutes=44, seconds=30),
                        event_type="exit"))
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator("[data-testid=review-item][aria-label$='Shift Keeper']")
    card.get_by_label("Note").fill("it was him")
    card.get_by_role("button", name="Confirm").click()
    conflict = card.get_by_test_id("review-conflict")
    conflict.wait_for()
    assert "would change the counted shift" in conflict.inner_text()
    daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
    assert [row["worked_minutes"] for row in daily if row["employee_id"] == person["id"]] == [10 * 60 + 45]
    conflict.get_by_role("button", name="Do it anyway").click()
    page.get_by_text("Review saved").wait_for()
    daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
    assert [row["worked_minutes"] for row in daily if row["employee_id"] == person["id"]] == [0]


def test_a_reviewer_corrects_a_punch_recorded_the_wrong_way_and_the_shift_check_weighs_the_choice(
        stack, admin, launch, tmp_path):
    # A counted shift 09:00 -> 17:00 and a retry at 09:00:30 the server recorded as an exit, awaiting review: as an
    # exit it would close the shift after 30 s. The reviewer picks Entry (the Direction shows the stored exit).
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Wren {tag}", f"wren-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
    employee = uuid.UUID(person["id"])
    _, retry, _ = _insert_events(
        stack, dict(employee_id=employee, occurred_at=day + timedelta(hours=9), event_type="entry"),
        dict(employee_id=employee, occurred_at=day + timedelta(hours=9, seconds=30), event_type="exit",
             review_state="pending", review_reasons=["direction_uncertain"], direction_source="auto"),
        dict(employee_id=employee, occurred_at=day + timedelta(hours=17), event_type="exit"))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator(f"[data-testid=review-item][aria-label$='Wren {tag}']")
    assert card.get_by_label("Direction").input_value() == "exit"
    page.get_by_test_id("language").select_option("ru")
    assert card.get_by_label("Направление").locator("option").all_inner_texts() == ["Вход", "Выход"]
    page.get_by_test_id("language").select_option("en")
    # Turning the punch changes the shifts paid: no confirmation without a note (the API's 422 note_required).
    card.get_by_label("Direction").select_option(label="Entry")
    assert card.get_by_role("button", name="Confirm").is_disabled()
    assert "turn a punch's direction" in card.get_by_test_id("note-hint").inner_text()
    card.get_by_label("Direction").select_option(label="Exit")
    assert card.get_by_role("button", name="Confirm").is_enabled()
    card.get_by_role("button", name="Confirm").click()
    card.get_by_test_id("review-conflict").wait_for()
    # Doing it anyway over the conflict needs a note too.
    assert card.get_by_role("button", name="Do it anyway").is_disabled()
    card.get_by_label("Note").fill("the retry of his entry")
    assert card.get_by_role("button", name="Do it anyway").is_enabled()
    # Another direction is another decision: the warning about the exit goes, and nothing is forced.
    card.get_by_label("Direction").select_option(label="Entry")
    assert card.get_by_test_id("review-conflict").count() == 0
    card.get_by_role("button", name="Confirm").click()
    page.get_by_text("Review saved").wait_for()
    trail = admin.request("GET", f"/attendance/{retry['id']}/audit").body["items"]
    assert [(entry["action"], entry["before"]["event_type"], entry["after"]["event_type"],
             entry["after"]["direction_source"], entry["note"]) for entry in trail] == [
        ("confirm", "exit", "entry", "hr", "the retry of his entry")], trail
    daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
    assert [row["worked_minutes"] for row in daily if row["employee_id"] == person["id"]] == [8 * 60]


def test_reassigning_a_counted_punch_says_what_its_person_loses_and_can_be_forced(stack, admin, launch, tmp_path):
    # Pat's day: 09:00 entry, 12:00 exit, 13:00 entry, 17:30 exit (450 min). Correcting the 12:00 exit to Quinn would
    # leave Pat's 09:00 entry open: the console says so, names Pat, and HR may do it anyway.
    tag = uuid.uuid4().hex[:4]
    pat, _ = (admin.create_employee(f"{n} {tag}", f"{n.lower()}-{tag}@example.com", "Floor")
              for n in ("Pat", "Quinn"))
    day = (datetime.now(UTC) - timedelta(days=5)).replace(hour=0, minute=0, second=0, microsecond=0)
    pat_id = uuid.UUID(pat["id"])
    events = _insert_events(stack, *(dict(employee_id=pat_id, occurred_at=day + timedelta(hours=hour), event_type=kind)
                                     for hour, kind in ((9, "entry"), (12, "exit"), (13, "entry"), (17.5, "exit"))))

    def pat_minutes() -> list[int]:
        daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
        return [row["worked_minutes"] for row in daily if row["employee_id"] == pat["id"]]

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, day.date().isoformat(), events[1]["id"])
    panel.get_by_label("Reassign to").select_option(label=f"Quinn {tag}")
    panel.get_by_label("Note").fill("it was Quinn at noon")
    panel.get_by_role("button", name="Reassign", exact=True).click()
    conflict = panel.get_by_test_id("review-conflict")
    conflict.filter(has_text=f"Taking this punch away from Pat {tag} would change their counted shift").wait_for()
    assert "9:00:00 AM – " in conflict.inner_text() and "12:00:00 PM" in conflict.inner_text(), conflict.inner_text()
    assert pat_minutes() == [450]
    conflict.get_by_role("button", name="Do it anyway").click()
    page.locator(f"tr[data-event='{events[1]['id']}']").filter(has_text=f"Quinn {tag}").wait_for()
    assert pat_minutes() == [270]


def test_rejecting_a_counted_punch_of_a_paid_shift_is_said_and_can_be_forced(stack, admin, launch, tmp_path):
    # Nia's night shift 20:00 -> 04:00 (480 min). Rejecting its 04:00 exit would leave the night unpaid: the console
    # says which shift, names Nia, and HR may do it anyway (the same step a reassignment takes).
    tag = uuid.uuid4().hex[:4]
    nia = admin.create_employee(f"Nia {tag}", f"nia-{tag}@example.com", "Night")
    day = (datetime.now(UTC) - timedelta(days=6)).replace(hour=0, minute=0, second=0, microsecond=0)
    nia_id = uuid.UUID(nia["id"])
    _, night_exit = _insert_events(stack, dict(employee_id=nia_id, occurred_at=day + timedelta(hours=20),
                                               event_type="entry"),
                                   dict(employee_id=nia_id, occurred_at=day + timedelta(hours=28), event_type="exit"))

    def nia_minutes() -> list[int]:
        daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
        return [row["worked_minutes"] for row in daily if row["employee_id"] == nia["id"]]

    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, (day + timedelta(days=1)).date().isoformat(), night_exit["id"])
    panel.get_by_label("Note").fill("a photo on a phone")
    panel.get_by_role("button", name="Reject").click()
    conflict = panel.get_by_test_id("review-conflict")
    conflict.filter(has_text=f"Rejecting this punch would change the counted shift of Nia {tag}").wait_for()
    assert "8:00:00 PM – " in conflict.inner_text() and "4:00:00 AM" in conflict.inner_text(), conflict.inner_text()
    assert nia_minutes() == [480]
    trail = admin.request("GET", f"/attendance/{night_exit['id']}/audit").body["items"]
    assert trail == []  # nothing written
    conflict.get_by_role("button", name="Do it anyway").click()
    page.locator(f"tr[data-event='{night_exit['id']}']").filter(has_text="rejected").wait_for()
    assert nia_minutes() == [0]
    trail = admin.request("GET", f"/attendance/{night_exit['id']}/audit").body["items"]
    assert [(entry["action"], entry["note"].split(" [forced: ")[0]) for entry in trail] == [
        ("reject", "a photo on a phone")], trail


def test_a_repeat_names_its_first_punch_and_says_when_it_counts(stack, admin, launch, tmp_path):
    person = admin.create_employee("Double Presser", f"double-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    employee = uuid.UUID(person["id"])
    at = (datetime.now(UTC) - timedelta(days=5)).replace(hour=8, minute=0, second=0, microsecond=0)
    [first] = _insert_events(stack, dict(employee_id=employee, occurred_at=at, event_type="entry"))
    _insert_events(stack, dict(employee_id=employee, occurred_at=at + timedelta(seconds=20), event_type="entry",
                               repeat_of=first["id"]))
    day = at.date().isoformat()
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)

    def repeat_badge_text() -> str:
        page.reload()  # the list as it is now
        go(page, "Attendance", "Attendance", tmp_path)
        search = page.get_by_role("search")
        search.get_by_label("From", exact=True).fill(day)
        search.get_by_label("To", exact=True).fill(day)
        search.get_by_role("button", name="Filter").click()
        row = page.locator("tr[data-event]").filter(has_text="Double Presser").filter(has_text="8:00:20")
        row.wait_for()
        return row.inner_text()

    assert "repeat of the punch at" in repeat_badge_text()  # a time, not an id the console never shows
    admin.request("POST", f"/attendance/{first['id']}/review", json={"action": "reject", "note": "not him"})
    assert "counts: the punch at" in repeat_badge_text()



def test_a_rejected_repeat_never_counts_and_a_reassigned_one_says_whose_it_is(stack, admin, launch, tmp_path):
    # Two double presses: in the first both punches were rejected (nothing counts); in the second the repeat was
    # someone else's (reassigned to Penny) while the first stays Leonard's: it counts, for Penny, not "corrected".
    tag = uuid.uuid4().hex[:4]
    leonard = admin.create_employee(f"Leonard {tag}", f"leonard-{tag}@example.com", "Floor")
    penny = admin.create_employee(f"Penny {tag}", f"penny-{tag}@example.com", "Floor")
    employee = uuid.UUID(leonard["id"])
    at = (datetime.now(UTC) - timedelta(days=7)).replace(hour=8, minute=0, second=0, microsecond=0)
    later = at + timedelta(hours=2)
    [first, second] = _insert_events(stack, dict(employee_id=employee, occurred_at=at, event_type="entry"),
                                     dict(employee_id=employee, occurred_at=later, event_type="entry"))
    [rejected_repeat, reassigned_repeat] = _insert_events(
        stack, dict(employee_id=employee, occurred_at=at + timedelta(seconds=20), event_type="entry",
                    repeat_of=first["id"]),
        dict(employee_id=employee, occurred_at=later + timedelta(seconds=20), event_type="entry",
             repeat_of=second["id"]))
    for event in (first, rejected_repeat):
        admin.request("POST", f"/attendance/{event['id']}/review", json={"action": "reject", "note": "a photo"})
    admin.request("POST", f"/attendance/{reassigned_repeat['id']}/review",
                  json={"action": "reassign", "employee_id": penny["id"], "note": "Penny right behind him"})
    day = at.date().isoformat()
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    search = page.get_by_role("search")
    search.get_by_label("From", exact=True).fill(day)
    search.get_by_label("To", exact=True).fill(day)
    search.get_by_role("button", name="Filter").click()
    rejected = page.locator(f"tr[data-event='{rejected_repeat['id']}']")
    reassigned = page.locator(f"tr[data-event='{reassigned_repeat['id']}']")
    rejected.wait_for()
    rejected_text, reassigned_text = rejected.inner_text(), reassigned.inner_text()
    assert ("counts" not in rejected_text and "repeat of the punch at" in rejected_text
            and f"counts for Penny {tag}" in reassigned_text and "corrected" not in reassigned_text), \
        (rejected_text, reassigned_text)
    counted = admin.request("GET", "/attendance", params={"date_from": day, "date_to": day,
                                                          "counted": "true"}).body["items"]
    counted_ids = {event["id"] for event in counted}
    assert rejected_repeat["id"] not in counted_ids and reassigned_repeat["id"] in counted_ids


def test_a_decision_someone_else_made_meanwhile_is_said_and_the_event_reloaded_with_the_note(
        stack, admin, launch, tmp_path):
    # HR has the queue (and a Correct panel) open; another admin decides the same event first. The card says what
    # they decided, its buttons stop sending a decision bound to fail, and Reload brings the event as it is now,
    # keeping the note HR typed.
    tag = uuid.uuid4().hex[:4]
    howard = admin.create_employee(f"Howard {tag}", f"howard-{tag}@example.com", "Floor")
    employee = uuid.UUID(howard["id"])
    at = (datetime.now(UTC) - timedelta(days=8)).replace(hour=9, minute=0, second=0, microsecond=0)
    [flagged, plain] = _insert_events(
        stack, dict(employee_id=employee, occurred_at=at, event_type="entry", review_state="pending",
                    review_reasons=["liveness"]),
        dict(employee_id=employee, occurred_at=at + timedelta(hours=9), event_type="exit"))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator(f"[data-testid=review-item][aria-label$='Howard {tag}']")
    card.get_by_label("Note").fill("B: a photo on a phone, long careful explanation")
    admin.request("POST", f"/attendance/{flagged['id']}/review", json={"action": "reject", "note": "A: not him"})
    decided_by = admin.request("GET", "/attendance", params={"date_from": at.date().isoformat(),
                                                             "date_to": at.date().isoformat(),
                                                             "employee_id": howard["id"]}).body["items"][0]
    card.get_by_role("button", name="Reject").click()
    stale = card.get_by_test_id("review-stale")
    stale.wait_for()
    assert "rejected" in stale.inner_text() and decided_by["reviewed_by"] in stale.inner_text(), stale.inner_text()
    for name in ("Confirm", "Reject"):
        assert card.get_by_role("button", name=name, exact=True).is_disabled(), name
    # Picking someone to reassign to does not bring the buttons back before a reload.
    card.get_by_label("Reassign to").select_option(index=1)
    assert stale.is_visible() and card.get_by_role("button", name="Reject").is_disabled()
    assert_accessible(page, "console review decided meanwhile")
    stale.get_by_role("button", name="Reload this event").click()
    card.wait_for(state="detached")  # decided: it has left the queue

    # The attendance list's Correct panel: the event stays listed, so the note does too.
    day = at.date().isoformat()
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, day, plain["id"])
    row = page.locator(f"tr[data-event='{plain['id']}']")
    note = "left at six, the badge log agrees"
    panel.get_by_label("Note").fill(note)
    admin.request("POST", f"/attendance/{plain['id']}/review", json={"action": "reject", "note": "A: not him"})
    panel.get_by_role("button", name="Reject").click()
    panel.get_by_test_id("review-stale").wait_for()
    assert panel.get_by_role("button", name="Reject").is_disabled()
    panel.get_by_role("button", name="Reload this event").click()
    row.filter(has_text="rejected").wait_for()
    panel.get_by_test_id("review-stale").wait_for(state="detached")
    assert panel.get_by_label("Note").input_value() == note
    panel.get_by_role("button", name="Confirm").click()  # now against the rejection HR can see
    page.get_by_text("Review saved").or_(row.filter(has_text="confirmed")).first.wait_for()
    # The panel closed: the focus is back on its row's Correct button, not dropped to the page's body.
    page.wait_for_function("(id) => document.activeElement?.closest('tr')?.dataset.event === id"
                           " && document.activeElement.dataset.testid === 'correct'", arg=str(plain["id"]))
    states = admin.request("GET", "/attendance", params={"date_from": day, "date_to": day,
                                                         "employee_id": howard["id"]}).body["items"]
    assert [event["review_state"] for event in states] == ["rejected", "confirmed"], states

    # A decision meanwhile that leaves the state's name as it was (reassigned, then reassigned to someone else) is
    # caught too: the console sends the revision it showed, not only the state.
    ida = admin.create_employee(f"Ida {tag}", f"ida-{tag}@example.com", "Floor")
    moved = admin.request("POST", f"/attendance/{plain['id']}/review",
                          json={"action": "reassign", "employee_id": ida["id"], "note": "A: it was Ida"})
    assert moved.status == 200, moved.body
    page.reload()
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, day, plain["id"])
    row.filter(has_text=f"Ida {tag}").wait_for()
    panel.get_by_label("Note").fill("B: yes, Ida")
    again = admin.request("POST", f"/attendance/{plain['id']}/review",
                          json={"action": "reassign", "employee_id": howard["id"], "note": "A: Howard after all"})
    assert again.status == 200 and again.body["review_state"] == "reassigned", again.body
    panel.get_by_role("button", name="Confirm").click()
    stale = panel.get_by_test_id("review-stale")
    stale.filter(has_text=f"reassigned, Howard {tag}").wait_for()
    trail = admin.request("GET", f"/attendance/{plain['id']}/audit").body["items"]
    assert [entry["action"] for entry in trail] == ["reject", "confirm", "reassign", "reassign"], trail

def _decided_and_unmatched(stack, admin, name: str) -> tuple[dict, dict, dict, datetime]:
    """A person's server-decided 09:00 entry, and an unmatched 08:55 punch awaiting review: (person, the 09:00 entry,
    the 08:55 punch, 09:00)."""
    person = admin.create_employee(name, f"{uuid.uuid4().hex[:8]}@example.com", "Floor")
    at = (datetime.now(UTC) - timedelta(days=8)).replace(hour=9, minute=0, second=0, microsecond=0)
    [decided, unmatched] = _insert_events(
        stack, dict(employee_id=uuid.UUID(person["id"]), occurred_at=at, event_type="entry", direction_source="auto"),
        dict(employee_id=None, occurred_at=at - timedelta(minutes=5), event_type="entry", review_state="pending",
             review_reasons=["unknown_face"], direction_source="auto"))
    return person, decided, unmatched, at


def _send_back(admin, person: dict, decided: dict, unmatched: dict) -> None:
    """The 08:55 punch reassigned to the person turns their 09:00 entry: FacePass sends it back to review (the real
    flag)."""
    moved = admin.request("POST", f"/attendance/{unmatched['id']}/review",
                          json={"action": "reassign", "employee_id": person["id"], "note": "it was them"})
    assert moved.status == 200, moved.body
    trail = admin.request("GET", f"/attendance/{decided['id']}/audit").body["items"]
    assert [(entry["action"], entry["automatic"]) for entry in trail] == [("flag", True)], trail


def test_why_facepass_sent_a_punch_back_to_review_is_worded_in_the_readers_language_and_zone(
        stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    person, decided, unmatched, at = _decided_and_unmatched(stack, admin, f"Hana {tag}")
    _send_back(admin, person, decided, unmatched)
    confirmed = admin.request("POST", f"/attendance/{decided['id']}/review",
                              json={"action": "confirm", "note": "she did come in twice"})
    assert confirmed.status == 200, confirmed.body
    page = new_page(launch(), timezone_id="Pacific/Kiritimati")  # the report zone (UTC) is said, not the browser's
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    open_correct_panel(page, at.date().isoformat(), decided["id"])
    page.locator(f"tr[data-event='{decided['id']}']").get_by_role("button", name="History").click()
    trail = page.get_by_test_id("audit")
    trail.filter(has_text=re.compile(rf"its direction was decided without the punch of \S+ 8:55:00 AM "
                                     rf"\(#{unmatched['id']}\), counted by a review later")).wait_for()
    page.get_by_test_id("language").select_option("ru")
    trail.filter(has_text=re.compile(rf"направление определено без отметки \S+ 08:55:00 "
                                     rf"\(№{unmatched['id']}\): её засчитали при проверке позже")).wait_for()
    text = trail.inner_text()
    assert "+00:00" not in text and "decided without" not in text, text  # not the English note with a raw UTC time


def test_an_event_facepass_sent_back_to_review_meanwhile_is_said_as_such_not_as_another_admins_decision(
        stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    person, decided, unmatched, at = _decided_and_unmatched(stack, admin, f"Kit {tag}")
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, at.date().isoformat(), decided["id"])
    panel.get_by_label("Note").fill("she came in at nine")
    _send_back(admin, person, decided, unmatched)  # meanwhile: the 08:55 punch turns out to be hers
    panel.get_by_role("button", name="Confirm").click()
    stale = panel.get_by_test_id("review-stale")
    stale.filter(has_text=re.compile(
        r"FacePass sent this event back to review meanwhile \(.+\) because a punch arrived late: its direction was "
        rf"decided without the punch of \S+ 8:55:00 AM \(#{unmatched['id']}\), counted by a review later")).wait_for()
    assert "Another admin" not in stale.inner_text() and "awaiting review" not in stale.inner_text()
    assert panel.get_by_role("button", name="Confirm").is_disabled()
    page.get_by_test_id("language").select_option("ru")
    stale.filter(has_text=re.compile(
        r"FacePass тем временем вернул это событие на проверку \(.+\), потому что отметка пришла с опозданием: "
        rf"направление определено без отметки \S+ 08:55:00 \(№{unmatched['id']}\)")).wait_for()
    assert_accessible(page, "console review sent back by FacePass meanwhile")


def test_an_event_sent_back_because_the_punch_it_was_decided_with_was_rejected_says_so(stack, admin, launch, tmp_path):
    # The server decided Lia's 17:00 punch an exit from her 09:00 entry. While HR looks at the 17:00 one, another
    # admin rejects the 09:00 entry: FacePass sends 17:00 back to review, and the console says why in its words.
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Lia {tag}", f"lia-{tag}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=9)).replace(hour=0, minute=0, second=0, microsecond=0)
    employee = uuid.UUID(person["id"])
    entered, left = _insert_events(
        stack, dict(employee_id=employee, occurred_at=day + timedelta(hours=9), event_type="entry",
                    direction_source="auto"),
        dict(employee_id=employee, occurred_at=day + timedelta(hours=17), event_type="exit", direction_source="auto"))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    panel = open_correct_panel(page, day.date().isoformat(), left["id"])
    panel.get_by_label("Note").fill("she left at five")
    rejected = admin.request("POST", f"/attendance/{entered['id']}/review",  # the 09:00-17:00 shift goes: forced
                             json={"action": "reject", "note": "not her", "force": True})
    assert rejected.status == 200, rejected.body
    panel.get_by_role("button", name="Confirm").click()
    stale = panel.get_by_test_id("review-stale")
    stale.filter(has_text=re.compile(
        r"FacePass sent this event back to review meanwhile \(.+\) because a punch it was decided with no longer "
        rf"counts: its direction was decided with the punch of \S+ 9:00:00 AM \(#{entered['id']}\), rejected by a "
        r"review later")).wait_for()
    assert "arrived late" not in stale.inner_text()
    page.get_by_test_id("language").select_option("ru")
    stale.filter(has_text=re.compile(
        r"отметка, по которой оно определено, больше не засчитывается: направление определено по отметке \S+ "
        rf"09:00:00 \(№{entered['id']}\): её отклонили при проверке позже")).wait_for()


def test_a_repeat_turned_with_its_first_press_meanwhile_is_said_as_turned_not_as_decided(
        stack, admin, launch, tmp_path):
    # Mia's 09:00 entry counts; her second press a few seconds later (a repeat) was disputed at the kiosk on its own
    # and awaits review. While HR looks at the repeat's card, another admin turns the 09:00 press to an exit: the
    # repeat turns with it, still pending. HR's confirm from the older view: the card says who turned it, to which
    # direction, with which press, and that it still awaits review; never "decided" by nobody.
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Mia {tag}", f"mia-{tag}@example.com", "Floor")
    employee = uuid.UUID(person["id"])
    at = (datetime.now(UTC) - timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    [first] = _insert_events(stack, dict(employee_id=employee, occurred_at=at, event_type="entry"))
    [repeat] = _insert_events(stack, dict(employee_id=employee, occurred_at=at + timedelta(seconds=20),
                                          event_type="entry", review_state="pending",
                                          review_reasons=["disputed_at_kiosk"], repeat_of=first["id"],
                                          review_detail={"disputed_repeat_of": first["id"]}))
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator(f"[data-testid=review-item][aria-label$='Mia {tag}']")
    card.get_by_label("Note").fill("a double press, it was her")
    turned = admin.request("POST", f"/attendance/{first['id']}/review",
                           json={"action": "confirm", "event_type": "exit", "force": True, "note": "she was leaving"})
    assert turned.status == 200, turned.body
    flag = admin.request("GET", f"/attendance/{repeat['id']}/audit").body["items"][-1]
    assert flag["action"] == "flag", flag
    card.get_by_role("button", name="Confirm").click()
    stale = card.get_by_test_id("review-stale")
    stale.filter(has_text=re.compile(
        rf"{re.escape(flag['actor'])} turned this punch to Exit meanwhile \(.+\), with the press it repeats \(event "
        rf"{first['id']}\): nobody decided it, it still awaits review")).wait_for()
    assert "decided this event" not in stale.inner_text() and "Another admin" not in stale.inner_text()
    assert card.get_by_role("button", name="Confirm", exact=True).is_disabled()
    page.get_by_test_id("language").select_option("ru")
    stale.filter(has_text=re.compile(
        rf"{re.escape(flag['actor'])} тем временем развернул\(а\) эту отметку в направление «Выход» \(.+\) вместе с "
        rf"нажатием, которое она повторяет \(событие {first['id']}\)")).wait_for()
    assert_accessible(page, "console review turned with its first press meanwhile")


def test_do_it_anyway_never_forces_a_decision_hr_was_not_warned_about(stack, admin, launch, tmp_path):
    # Reassigning to Bob is refused (Bob's counted shift). HR then picks Carol instead; the panel about Bob's shift
    # must go (as the manual form's does), not force Carol's reassignment over a conflict of Carol's nobody showed.
    tag = uuid.uuid4().hex[:4]
    bob, carol, dan = (admin.create_employee(f"{n} {tag}", f"{n.lower()}-{tag}@example.com", "Floor")
                       for n in ("Bob", "Carol", "Dan"))
    day = (datetime.now(UTC) - timedelta(days=6)).replace(hour=0, minute=0, second=0, microsecond=0)
    shifts = []
    for who in (bob, carol):
        who_id = uuid.UUID(who["id"])
        shifts += [dict(employee_id=who_id, occurred_at=day + timedelta(hours=9), event_type="entry"),
                   dict(employee_id=who_id, occurred_at=day + timedelta(hours=19, minutes=44, seconds=30),
                        event_type="exit")]
    _insert_events(stack, *shifts, dict(employee_id=uuid.UUID(dan["id"]), event_type="entry",
                                        occurred_at=day + timedelta(hours=19, minutes=44, seconds=14),
                                        review_state="pending", review_reasons=["liveness"]))
    browser = launch()
    page = new_page(browser)
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator(f"[data-testid=review-item][aria-label$='Dan {tag}']")
    card.get_by_label("Note").fill("not Dan")
    card.get_by_label("Reassign to").select_option(label=f"Bob {tag}")
    card.get_by_role("button", name="Reassign", exact=True).click()
    conflict = card.get_by_test_id("review-conflict")
    conflict.wait_for()
    card.get_by_label("Reassign to").select_option(label=f"Carol {tag}")
    page.wait_for_timeout(300)
    still_offered = conflict.is_visible()
    if still_offered:
        conflict.get_by_role("button", name="Do it anyway").click()
        page.get_by_text("Review saved").wait_for()
    daily = admin.request("GET", "/attendance/daily", params={"date": day.date().isoformat()}).body["items"]
    carol_minutes = [row["worked_minutes"] for row in daily if row["employee_id"] == carol["id"]]
    assert not still_offered and carol_minutes == [10 * 60 + 45], (still_offered, carol_minutes)


def test_the_daily_report_says_why_a_morning_shows_an_exit_and_no_time(stack, admin, launch, tmp_path):
    # A night shift 22:00 -> 06:00: the morning's row holds its exit and no time, and says the time is the night's.
    # The next night too: that day's row shows its own shift (last out the next morning) and says, beside the
    # events and not on the last out, that one of its exits ended the night before.
    import psycopg

    from facepass import repository

    owl = admin.create_employee("Night Owl", f"owl-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    night = (datetime.now(UTC) - timedelta(days=3)).replace(hour=22, minute=0, second=0, microsecond=0)
    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            for at, kind in ((night, "entry"), (night + timedelta(hours=8), "exit"),
                             (night + timedelta(days=1), "entry"), (night + timedelta(days=1, hours=8), "exit")):
                repository.insert_attendance(cur, employee_id=uuid.UUID(owl["id"]), occurred_at=at, event_type=kind,
                                             similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                             status="recognized", device_id="door")
    finally:
        connection.close()
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill((night + timedelta(days=1)).date().isoformat())
    morning = page.get_by_test_id("daily").locator("tr", has_text="Night Owl").filter(has_text="8:00")
    morning.get_by_test_id("daily-events").get_by_test_id("ends-night-shift").filter(
        has_text="ended the night shift of the day before").wait_for()
    assert morning.get_by_test_id("daily-last-out").get_by_test_id("ends-night-shift").count() == 0
    assert morning.get_by_test_id("daily-events").inner_text().startswith("2 incl.")  # its 06:00 exit and 22:00 entry
    page.get_by_label("Date").fill(night.date().isoformat())
    # The first night's day: its one event (the 22:00 entry), its 8 hours, and no note (wait for that row: the
    # day after's, with 8 hours too, shows until the new report comes).
    first_night = page.get_by_test_id("daily").locator("tr", has_text="Night Owl").filter(has_text="8:00")
    first_night.get_by_test_id("daily-events").filter(has_text=re.compile(r"^\s*1\s*$")).wait_for()
    assert first_night.get_by_test_id("ends-night-shift").count() == 0


def _landmark_unique(page) -> list:
    """axe's landmark-unique (moderate, so assert_accessible lets it pass): landmarks of one role share no name."""
    load_axe(page)
    return page.evaluate("""async () => (await axe.run(document, {runOnly: ["landmark-unique"]})).violations
        .map((v) => v.nodes.map((n) => n.target.join(" ")))""")


def test_landmarks_have_their_own_names_and_the_focus_is_never_dropped(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Focus {tag}", f"focus-{tag}@example.com", "Floor")
    employee = uuid.UUID(person["id"])
    admin.create_device(f"Axe desk {tag}", timezone="UTC")
    now = datetime.now(UTC)
    old = (now - timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0)  # first in the queue
    _insert_events(stack, dict(employee_id=employee, occurred_at=now, event_type="entry"),
                   dict(employee_id=employee, occurred_at=old, event_type="entry", review_state="pending",
                        review_reasons=["liveness"]),
                   dict(employee_id=employee, occurred_at=old + timedelta(hours=8), event_type="exit",
                        review_state="pending", review_reasons=["liveness"]))
    page = new_page(launch())
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, stack, tmp_path)
    # A page's section and its table's scrolling box are two regions: two names.
    repeated = {}
    for section, heading in (("Employees", "Employees"), ("Attendance", "Attendance"),
                             ("Daily report", "Daily report"), ("Timesheet", "Timesheet"), ("Devices", "Devices")):
        go(page, section, heading, tmp_path)
        page.locator(".table-scroll").first.wait_for()
        repeated[section] = _landmark_unique(page)
    problems = {section: nodes for section, nodes in repeated.items() if nodes}

    # A review decision: the card leaves the queue and the focus goes to the next card. A card without candidates
    # has no empty "Candidates" heading.
    go(page, "Review", "Review queue", tmp_path)
    cards = page.locator(f"[data-testid=review-item][aria-label$='Focus {tag}']")
    cards.nth(1).wait_for()
    if "Candidates" in cards.first.inner_text():
        problems["candidates"] = cards.first.inner_text()
    second = cards.nth(1).get_attribute("aria-label")
    cards.first.get_by_role("button", name="Confirm").click()
    page.get_by_text("Review saved").wait_for()
    cards.nth(1).wait_for(state="detached")
    page.wait_for_load_state("networkidle")

    def focused() -> str:
        return page.evaluate("() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id"
                             " ?? document.activeElement?.tagName")

    if focused() != second:
        problems["review focus"] = focused()

    # An erasure: the dialog closes and the focus goes to the page's heading.
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_test_id("erase").click()
    page.get_by_test_id("erase-confirm").fill(f"Focus {tag}")
    page.get_by_test_id("erase-dialog").get_by_role("button", name="Erase for good").click()
    page.get_by_text("Erased:").wait_for()
    page.wait_for_load_state("networkidle")
    if page.evaluate("() => document.activeElement?.id") != "employee-title":
        problems["erasure focus"] = page.evaluate("() => document.activeElement?.tagName")
    assert not problems, str(sorted(problems))


def test_the_employee_page_sends_each_change_once_on_a_double_click(stack, admin, launch, tmp_path):
    # Save, Deactivate, Reactivate and a suspected duplicate's "Enroll anyway": a double click sends one request.
    tag = uuid.uuid4().hex[:4]
    enrolled = admin.create_employee(f"Obama {tag}", f"obama-{tag}@example.com", "Guests")
    admin.enroll(enrolled["id"], (FIXTURES / "identities/fr_obama/train_obama.jpg").read_bytes())
    person = admin.create_employee(f"Clicker {tag}", f"clicker-{tag}@example.com", "Floor")
    page = new_page(launch())
    asked = answer_dialogs(page, [True] * 10)
    sent: list[str] = []
    page.on("request", lambda request: sent.append(f"{request.method} {request.url[len(stack.api_url):]}")
            if request.method != "GET" and request.url.startswith(stack.api_url) else None)
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=f"Clicker {tag}", level=2).wait_for()
    form = page.get_by_role("form", name="Edit")
    form.locator("input[name=department]").fill("Dock")
    form.get_by_role("button", name="Save").dblclick()
    form.get_by_text("Saved", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    form.get_by_role("button", name="Deactivate").dblclick()
    form.get_by_text("Employee deactivated", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("reactivate").dblclick()
    form.get_by_text("Employee reactivated", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "identities/fr_obama/train_obama2.jpg"))
    page.locator("[data-testid=enroll-status] [data-status=needs_confirmation]").wait_for(timeout=90_000)
    page.get_by_test_id("duplicate").get_by_role("button", name="Enroll anyway").dblclick()
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for()
    page.wait_for_load_state("networkidle")
    mine = f"/employees/{person['id']}"
    writes = [request.split("?")[0] for request in sent if mine in request]
    ticket = next(request.split("/")[-2] for request in writes if request.endswith("/confirm"))
    assert writes == [f"PATCH {mine}", f"DELETE {mine}", f"PATCH {mine}", f"POST {mine}/photos",
                      f"POST {mine}/enrollments/{ticket}/confirm"], sent
    assert len(asked) == 1, asked  # the deactivation asked once
    assert admin.request("GET", f"/employees/{person['id']}").body["department"] == "Dock"
    assert len(admin.request("GET", f"/employees/{person['id']}/faces").body["items"]) == 1


def test_two_admins_editing_one_person_the_later_save_does_not_undo_the_earlier(stack, admin, launch, tmp_path):
    # B opens the person; A (the API here) changes the department; B changes the full name and saves. B's save sends
    # only the name with the version B read: refused, said, nothing written; B loads A's version and saves again.
    import json

    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Shared {tag}", f"shared-{tag}@example.com", "Sales")
    page = new_page(launch())
    bodies: list[dict] = []
    page.on("request", lambda request: bodies.append(json.loads(request.post_data))
            if request.method == "PATCH" and request.url.endswith(f"/employees/{person['id']}") else None)
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=f"Shared {tag}", level=2).wait_for()
    form = page.get_by_role("form", name="Edit")
    by_a = admin.request("PATCH", f"/employees/{person['id']}", json={"department": "Ops"}).body
    form.locator("input[name=full_name]").fill(f"Shared B {tag}")
    form.get_by_role("button", name="Save").click()
    stale = form.get_by_test_id("employee-stale")
    # It names who changed the person and when, on the report zone's clock (as the console says every time).
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(admin.request("GET", "/attendance/calendar").body["timezone"])
    at = datetime.fromisoformat(by_a["updated_at"]).astimezone(zone).strftime("%H:%M")
    stale.filter(has_text=f"Changed by local:local-admin-token at {at} meanwhile: your changes to Shared {tag} "
                          "were not saved").wait_for()
    assert bodies == [{"full_name": f"Shared B {tag}", "expected_updated_at": person["updated_at"]}], bodies
    assert employee_record(admin.request("GET", f"/employees/{person['id']}").body) == by_a  # A's stands, not B's
    assert form.get_by_role("button", name="Save").is_disabled()
    assert_accessible(page, "console employee changed meanwhile")
    stale.get_by_role("button", name="Load the current details").click()
    stale.wait_for(state="detached")
    assert form.locator("input[name=department]").input_value() == "Ops"  # A's version, not B's stale form
    assert form.locator("input[name=full_name]").input_value() == f"Shared {tag}"
    form.locator("input[name=full_name]").fill(f"Shared B {tag}")
    form.get_by_role("button", name="Save").click()
    form.get_by_text("Saved", exact=True).wait_for()
    now = admin.request("GET", f"/employees/{person['id']}").body
    assert (now["full_name"], now["department"]) == (f"Shared B {tag}", "Ops"), now
    assert bodies[-1] == {"full_name": f"Shared B {tag}", "expected_updated_at": by_a["updated_at"]}, bodies
    form.get_by_role("button", name="Save").click()  # nothing changed since: nothing sent
    form.get_by_text("Nothing to save: no field was changed.").wait_for()
    assert len(bodies) == 2, bodies
    # The History lists every change: what the person was created with (the admin client records their biometric
    # consent with them), A's, then B's (the refused save: none).
    history = page.get_by_role("region", name="History").get_by_test_id("employee-history")
    history.get_by_text(f"hr@example.com: Full name Shared {tag} → Shared B {tag}").wait_for()
    assert [re.sub(r"^.* · ", "", line) for line in history.locator("li").all_inner_texts()] == [
        f"local:local-admin-token: Full name Shared {tag}", f"local:local-admin-token: Email shared-{tag}@example.com",
        "local:local-admin-token: Department Sales",
        "local:local-admin-token: recorded the biometric consent (ref signed test form)",
        "local:local-admin-token: Department Sales → Ops",
        f"hr@example.com: Full name Shared {tag} → Shared B {tag}"]
    assert_accessible(page, "console employee history")



def test_a_second_save_before_the_reload_lands_carries_the_first_saves_version(stack, admin, launch, tmp_path):
    # After a save the page reloads the person; a second save sent before that answer is back must not carry the
    # version read before the first save (refused as "someone else changed", the second change lost): it carries the
    # version the first save made.
    tag = uuid.uuid4().hex[:4]
    person = admin.create_employee(f"Twice {tag}", f"twice-{tag}@example.com", "Sales")
    page = new_page(launch())
    answers: list[dict] = []
    page.on("response", lambda response: answers.append({"status": response.status, "body": response.json()})
            if response.request.method == "PATCH" and response.url.endswith(f"/employees/{person['id']}") else None)
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=f"Twice {tag}", level=2).wait_for()
    form = page.get_by_role("form", name="Edit")
    held: list = []
    patches: list = []

    def hold_the_reload(route):  # the GET that reloads the person after the first save: answered late
        if route.request.method == "PATCH":
            patches.append(route.request)
        if route.request.method == "GET" and patches:
            held.append(route)
        else:
            route.continue_()

    page.route(f"**/employees/{person['id']}", hold_the_reload)
    form.locator("input[name=department]").fill("Ops")
    form.get_by_role("button", name="Save").click()
    form.get_by_text("Saved", exact=True).wait_for()
    for _ in range(400):  # the reload went out and waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page did not reload the person after saving"
    form.locator("input[name=full_name]").fill(f"Twice B {tag}")
    form.get_by_role("button", name="Save").click()
    for _ in range(400):
        if len(answers) == 2:
            break
        page.wait_for_timeout(50)
    assert [answer["status"] for answer in answers] == [200, 200], answers
    assert form.get_by_test_id("employee-stale").count() == 0
    page.unroute(f"**/employees/{person['id']}")  # lets the held reload go on
    now = admin.request("GET", f"/employees/{person['id']}").body
    assert (now["full_name"], now["department"]) == (f"Twice B {tag}", "Ops"), now


def test_a_name_with_no_break_in_it_wraps_instead_of_pushing_columns_off_the_screen(stack, admin, launch, tmp_path):
    """A 140-letter word for a name: the employee list keeps every column in view, and the review card keeps the name
    in its person line, its candidates and its reassign menu inside the card."""
    suffix = uuid.uuid4().hex[:6]
    name = "Maximiliana " + "W" * 140 + suffix
    long = admin.create_employee(name, f"long-{suffix}@example.com", "Floor")
    day = (datetime.now(UTC) - timedelta(days=5)).replace(hour=8, minute=0, second=0, microsecond=0)
    _insert_events(stack, dict(
        employee_id=uuid.UUID(long["id"]), occurred_at=datetime.now(UTC) - timedelta(days=4), event_type="entry",
        review_state="pending", review_reasons=["ambiguous"],
        review_detail={"candidates": [{"employee_id": long["id"], "similarity": 0.61}]}),
        dict(employee_id=uuid.UUID(long["id"]), occurred_at=day, event_type="entry"),
        dict(employee_id=uuid.UUID(long["id"]), occurred_at=day + timedelta(hours=8), event_type="exit"))
    page = new_page(launch())
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, stack, tmp_path)
    go(page, "Employees", "Employees", tmp_path)
    page.get_by_label("Search").fill(suffix)
    page.locator("tr", has_text=suffix).wait_for()
    overflow = page.evaluate("""() => { const box = document.querySelector('.table-scroll');
        return box.scrollWidth - box.clientWidth; }""")
    assert overflow <= 0, overflow
    go(page, "Review", "Review queue", tmp_path)
    card = page.locator("[data-testid=review-item]", has_text=suffix).first
    card.wait_for()
    widest = card.evaluate("""card => Math.max(...[...card.querySelectorAll('p, li, label, select')]
        .map(e => e.getBoundingClientRect().right)) - card.getBoundingClientRect().right""")
    assert widest <= 0, widest
    screenshot(page, "console-review-long-name", tmp_path)
    # On a phone the name wraps, but a time is never broken in two (only the cells of free text may break anywhere).
    page.set_viewport_size({"width": 360, "height": 740})
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill(day.date().isoformat())
    first_in = page.get_by_test_id("daily").locator("tr", has_text=suffix).get_by_test_id("daily-first-in")
    first_in.wait_for()
    # The cell's content box holds its widest word ("8:00:00"): lines break at spaces only.
    room = first_in.evaluate("""cell => { const style = getComputedStyle(cell);
        const context = document.createElement('canvas').getContext('2d'); context.font = style.font;
        const widest = Math.max(...cell.innerText.split(/\\s+/).map(word => context.measureText(word).width));
        return cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - widest; }""")
    assert room >= -0.5, (first_in.inner_text(), room)
