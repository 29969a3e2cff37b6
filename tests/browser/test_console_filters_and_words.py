"""The HR console's filters and words, in Debian's chromium against the local stack (report zone UTC): a timesheet or
daily row links to that person's punches of those days (their days, in their zone), the Attendance page picks a
person by name; the Employees page's department filter ignores case (and ё/е) and offers the departments; numbers and
counts are said in the reader's language."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from tests.browser.conftest import assert_accessible, new_page
from tests.browser.test_console import go, sign_in

NEW_YORK = "America/New_York"


def _manual(admin, person: dict, event_type: str, at: datetime) -> None:
    admin.request("POST", "/attendance/manual", json={"employee_id": person["id"], "event_type": event_type,
                                                      "occurred_at": at.isoformat(), "note": "test"})


def _night_and_day(admin, tag: str) -> tuple[dict, dict, datetime]:
    """A New York night shift (21:00-05:00 there: their day D, the report zone's D+1) and a report-zone day shift of
    a person with the same first name, on the day D+1 02:00 UTC begins."""
    night = admin.create_employee(f"Nora Night {tag}", f"night-{uuid.uuid4().hex[:6]}@example.com", "Lab", NEW_YORK)
    day = admin.create_employee(f"Nora Day {tag}", f"day-{uuid.uuid4().hex[:6]}@example.com", "Lab")
    start = (datetime.now(UTC) - timedelta(days=30)).replace(hour=2, minute=0, second=0, microsecond=0)
    _manual(admin, night, "entry", start)
    _manual(admin, night, "exit", start + timedelta(hours=8))
    _manual(admin, day, "entry", start + timedelta(hours=7))
    _manual(admin, day, "exit", start + timedelta(hours=15))
    return night, day, start


def _listed(page) -> list[str]:
    rows = page.get_by_test_id("events").locator("tbody tr")
    return [rows.nth(index).locator("td").nth(1).inner_text() for index in range(rows.count())]


def test_a_timesheet_day_links_to_that_persons_punches_of_their_days(stack, admin, launch, tmp_path):
    night, day, start = _night_and_day(admin, "Links")
    their_day = (start - timedelta(days=1)).date().isoformat()  # 21:00 the evening before, in New York
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill(their_day)
    page.get_by_label("To").fill(start.date().isoformat())
    row = page.locator(f"tr[data-employee='{night['full_name']}']")
    cell = row.locator(f"td[data-date='{their_day}']")
    cell.get_by_test_id("timesheet-day-punches").click()  # 8:00 on their day D: its entry, and the exit after
    page.get_by_role("heading", name="Attendance", level=2).wait_for()
    page.get_by_test_id("events").wait_for()
    page.wait_for_load_state("networkidle")
    # The picker shows the person once their record is read (network idle can come before React draws it).
    page.wait_for_function("(name) => document.querySelector('[data-testid=employee-picker]')?.value === name",
                           arg=night["full_name"], timeout=10_000)
    assert page.get_by_test_id("employee-picker").input_value() == night["full_name"]
    assert _listed(page) == [night["full_name"], night["full_name"]]
    assert NEW_YORK in page.get_by_test_id("listing-zone").inner_text()
    times = page.get_by_test_id("events").locator("tbody tr td:first-child").all_inner_texts()
    assert "9:00:00 PM" in times[0] and "5:00:00 AM" in times[1]  # their wall clock, not UTC's
    assert_accessible(page, "console attendance filtered to one person")

    # The picker finds the other Nora by part of her name; everyone's listing stays the report zone's.
    page.get_by_test_id("employee-picker").fill("nora day links")
    page.get_by_role("button", name="Filter").click()
    # Until the new listing has come (the zone line goes first, with the filter): no row of the night person's left.
    page.wait_for_function("(name) => !document.querySelector('[data-testid=listing-zone]') && [...document"
                           ".querySelectorAll('[data-testid=events] tbody tr td:nth-child(2)')]"
                           ".every((cell) => cell.textContent !== name)", arg=night["full_name"])
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("listing-zone").count() == 0
    assert set(_listed(page)) <= {day["full_name"]}
    page.get_by_test_id("employee-picker").fill("")
    page.locator("input[name=date_from]").fill(start.date().isoformat())
    page.locator("input[name=date_to]").fill(start.date().isoformat())
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function("(name) => [...document.querySelectorAll('[data-testid=events] tbody tr td:nth-child(2)')]"
                           ".some((cell) => cell.textContent === name)", arg=night["full_name"])
    assert set(_listed(page)) == {night["full_name"], day["full_name"]}  # the report zone's D+1 holds both shifts

    # The daily report's row for their day links there too.
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date", exact=True).fill(their_day)
    page.locator(f"tr[data-employee='{night['full_name']}']").get_by_test_id("daily-person-days").click()
    page.get_by_test_id("events").wait_for()
    page.wait_for_load_state("networkidle")
    assert _listed(page) == [night["full_name"], night["full_name"]]


def test_a_name_nobody_has_is_said_not_applied_in_russian(stack, admin, launch, tmp_path):
    night, _, start = _night_and_day(admin, "Ru")
    page = new_page(launch(), locale="ru-RU")
    sign_in(page, stack, tmp_path)
    page.get_by_test_id("language").select_option("ru")
    go(page, "Отметки", "Отметки", tmp_path)
    page.get_by_test_id("employee-picker").fill("Никто Такой")
    page.get_by_role("button", name="Применить").click()
    assert "Выберите сотрудника из списка" in page.get_by_role("alert").inner_text()
    page.get_by_test_id("employee-picker").fill(night["full_name"])
    page.locator("input[name=date_from]").fill((start - timedelta(days=1)).date().isoformat())
    page.locator("input[name=date_to]").fill(start.date().isoformat())
    page.get_by_role("button", name="Применить").click()
    page.get_by_test_id("listing-zone").wait_for()
    assert "America/New_York" in page.get_by_test_id("listing-zone").inner_text()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=events] tbody tr').length === 2")
    assert_accessible(page, "console attendance filtered to one person, in Russian")


def _names(page) -> set[str]:
    return set(page.locator("table tbody tr td:first-child a").all_inner_texts())


def test_the_department_filter_ignores_case_and_offers_the_departments(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:6]
    admin.create_employee(f"Lab Person {tag}", f"lab-{tag}@example.com", f"Lab {tag}")
    admin.create_employee(f"Other Person {tag}", f"other-{tag}@example.com", f"Sales {tag}")
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Employees", "Employees", tmp_path)
    options = page.get_by_test_id("departments").locator("option")
    options.first.wait_for(state="attached")
    offered = [options.nth(index).get_attribute("value") for index in range(options.count())]
    assert f"Lab {tag}" in offered and f"Sales {tag}" in offered
    page.get_by_role("link", name=f"Other Person {tag}").wait_for()
    page.get_by_test_id("department-filter").fill(f"lab {tag}")
    page.get_by_role("link", name=f"Other Person {tag}").wait_for(state="detached")
    page.wait_for_load_state("networkidle")
    assert _names(page) == {f"Lab Person {tag}"}
    assert_accessible(page, "console employees with a department filter")


def test_russian_department_and_name_searches_ignore_case_and_yo(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:6]
    admin.create_employee(f"Пётр Ёлкин {tag}", f"yolkin-{tag}@example.com", f"НИОКР {tag}")
    admin.create_employee(f"Пётр Другой {tag}", f"other-{tag}@example.com", f"Склад {tag}")  # not found below
    page = new_page(launch(), locale="ru-RU")
    sign_in(page, stack, tmp_path)
    page.get_by_test_id("language").select_option("ru")
    go(page, "Сотрудники", "Сотрудники", tmp_path)
    page.get_by_role("link", name=f"Пётр Другой {tag}").wait_for()
    page.get_by_test_id("department-filter").fill(f"ниокр {tag}")
    page.get_by_role("link", name=f"Пётр Другой {tag}").wait_for(state="detached")
    assert _names(page) == {f"Пётр Ёлкин {tag}"}
    page.get_by_test_id("department-filter").fill("")
    page.get_by_role("searchbox", name="Найти").fill(f"петр елкин {tag}")
    page.wait_for_function("() => document.querySelectorAll('table tbody tr').length === 1")
    assert _names(page) == {f"Пётр Ёлкин {tag}"}


def _pending_with_scores(stack, person: dict, at: datetime, reasons: tuple[str, ...] = ("low_margin",),
                         detail: dict | None = None) -> None:
    """A punch awaiting review with a liveness score and a candidate's similarity, as check-ins store them (`detail`:
    more of review_detail, e.g. the cuts)."""
    import psycopg
    from psycopg.rows import dict_row

    from facepass import repository

    connection = psycopg.connect(stack.database_url)
    try:
        with connection.transaction(), connection.cursor(row_factory=dict_row) as cur:
            repository.insert_attendance(
                cur, employee_id=uuid.UUID(person["id"]), occurred_at=at, event_type="entry", similarity=0.7034,
                trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door", liveness_score=0.7,
                review_state="pending", review_reasons=list(reasons),
                review_detail={"candidates": [{"employee_id": person["id"], "similarity": 0.7034}], **(detail or {})})
    finally:
        connection.close()


def test_scores_are_written_as_the_ui_language_writes_numbers(stack, admin, launch, tmp_path):
    tag = uuid.uuid4().hex[:6]
    person = admin.create_employee(f"Score Person {tag}", f"score-{tag}@example.com", "Floor")
    at = datetime.now(UTC) - timedelta(days=200)  # the oldest queued: on the review queue's first page
    _pending_with_scores(stack, person, at)
    # Another, kept with its cuts, its direction doubtful for a cause nobody recorded (stored before they were).
    cut = admin.create_employee(f"Cut Person {tag}", f"cut-{tag}@example.com", "Floor")
    _pending_with_scores(stack, cut, at + timedelta(minutes=1), ("low_margin", "direction_uncertain"), {
        "margin": 0.03, "thresholds": {"match_threshold": 0.38, "gallery_size": 12, "expected_fpir": 0.001,
                                       "match_margin": 0.05, "review_margin": 0.08, "liveness_threshold": 0.25}})
    # A lead just short of its cut: never written as if it met it ("0.08 ahead, 0.08 needed").
    close = admin.create_employee(f"Close Person {tag}", f"close-{tag}@example.com", "Floor")
    _pending_with_scores(stack, close, at + timedelta(minutes=2), ("low_margin",), {
        "margin": 0.0762, "thresholds": {"match_threshold": 0.38, "gallery_size": 12, "expected_fpir": 0.001,
                                         "match_margin": 0.05, "review_margin": 0.08, "liveness_threshold": 0.25}})
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    near = page.locator(f"[data-testid=review-item][aria-label$='Close Person {tag}']")
    assert near.get_by_test_id("review-margin").inner_text() == "only 0.076 ahead of the next person, 0.080 needed"
    card = page.locator(f"[data-testid=review-item][aria-label$='Score Person {tag}']")
    assert card.get_by_test_id("review-liveness").inner_text() == "0.70"
    assert card.get_by_test_id("candidate-score").inner_text() == "0.703"
    # Stored before the cuts were kept: the scores stand alone, no cut is made up.
    assert card.get_by_test_id("match-cut").count() == 0 and card.get_by_test_id("liveness-cut").count() == 0
    kept = page.locator(f"[data-testid=review-item][aria-label$='Cut Person {tag}']")
    assert kept.get_by_test_id("match-cut").inner_text().strip() == "(match at ≥ 0.380)"
    assert kept.get_by_test_id("liveness-cut").inner_text().strip() == "(live at ≥ 0.25)"
    assert kept.get_by_test_id("review-margin").inner_text() == "only 0.03 ahead of the next person, 0.08 needed"
    assert kept.get_by_test_id("reason-direction_uncertain").inner_text() == (
        "may have turned: an earlier punch arrived late or changed; see History")
    # A day's pending link opens the queue of that person alone, and says so.
    page.get_by_role("navigation").get_by_role("link", name="Daily report").click()
    page.get_by_label("Date").fill(at.date().isoformat())
    row = page.locator(f"tr[data-employee='Cut Person {tag}']")
    row.get_by_role("link", name="1 awaiting review").click()
    page.get_by_test_id("review-only").filter(has_text=f"Only Cut Person {tag}'s punches awaiting review.").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("review-item").count() == 1
    assert page.get_by_test_id("review-item").get_attribute("aria-label").endswith(f"Cut Person {tag}")
    page.get_by_test_id("review-only").get_by_role("link", name="Show everyone's").click()
    card.wait_for()
    page.get_by_test_id("language").select_option("ru")
    page.get_by_role("heading", name="Очередь проверки", level=2).wait_for()
    assert card.get_by_test_id("review-liveness").inner_text() == "0,70"
    assert card.get_by_test_id("candidate-score").inner_text() == "0,703"
    assert kept.get_by_test_id("match-cut").inner_text().strip() == "(совпадение от 0,380)"
    assert kept.get_by_test_id("review-margin").inner_text() == (
        "всего на 0,03 впереди следующего человека, нужно 0,08")
    go(page, "Отметки", "Отметки", tmp_path)
    page.locator("input[name=date_from]").fill(at.date().isoformat())
    page.locator("input[name=date_to]").fill(at.date().isoformat())
    page.get_by_role("button", name="Применить").click()
    page.locator("[data-testid=events] tbody tr td:nth-child(5)", has_text="0,703").first.wait_for()
    # HR's decision as a filter: the day's three punches await review, none is confirmed.
    rows = page.locator("[data-testid=events] tbody tr[data-event]")
    page.get_by_test_id("review-state").select_option("pending")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_load_state("networkidle")
    assert rows.count() == 3
    page.get_by_test_id("review-state").select_option("confirmed")
    page.get_by_role("button", name="Применить").click()
    rows.first.wait_for(state="detached")
    assert rows.count() == 0


def _enrolled(admin, name: str, *photos: str) -> dict:
    from tests.conftest import fixture_bytes

    person = admin.create_employee(name, f"erase-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    for photo in photos:
        status = admin.enroll(person["id"], fixture_bytes(photo))
        assert status["status"] == "completed", status
    admin.request("DELETE", f"/employees/{person['id']}")  # deactivated: erasure is what is left
    return person


def _erase(page, stack, person: dict) -> None:
    page.goto(f"{stack.console_url}#/employees/{person['id']}")
    page.get_by_role("heading", name=person["full_name"], level=2).wait_for()
    page.get_by_test_id("completeness").wait_for()
    page.get_by_test_id("erase").click()
    page.get_by_test_id("erase-dialog").get_by_test_id("erase-confirm").fill(person["full_name"])
    page.get_by_test_id("erase-dialog").get_by_test_id("erase-confirm").press("Enter")


def test_counts_take_the_plural_form_of_the_ui_language(stack, admin, launch, tmp_path):
    one = _enrolled(admin, f"One Face {uuid.uuid4().hex[:4]}", "identities/bbt_amy/amy1.png")
    two = _enrolled(admin, f"Два Лица {uuid.uuid4().hex[:4]}", "identities/bbt_raj/raj1.png",
                    "identities/bbt_raj/raj2.png")
    page = new_page(launch())
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, stack, tmp_path)
    _erase(page, stack, one)
    page.get_by_text("Erased: 1 face, 0 snapshots", exact=True).wait_for()  # not "1 faces"
    page.get_by_test_id("language").select_option("ru")
    page.get_by_test_id("language").wait_for()
    _erase(page, stack, two)
    page.get_by_text("Удалено: 2 лица, 0 снимков", exact=True).wait_for()  # few, then many


def test_the_page_filtered_to_one_person_adds_a_missing_punch_for_them(stack, admin, launch, tmp_path):
    """QA: following a link to one person's punches, "Add a missing punch" offered "—" and everyone, so a punch could
    go to the wrong person: it starts with the person the page is filtered to."""
    person = admin.create_employee(f"Filtered Fay {uuid.uuid4().hex[:4]}", f"fay-{uuid.uuid4().hex[:6]}@example.com",
                                   "Lab")
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    page.goto(f"{stack.console_url}#/attendance?employee_id={person['id']}&date_from=&date_to=")
    page.get_by_role("heading", level=2).first.wait_for()
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    chosen = form.get_by_label("Employee")
    page.wait_for_function("(id) => [...document.querySelectorAll('select[name=employee_id] option')]"
                           ".some((option) => option.value === id)", arg=person["id"])
    assert chosen.input_value() == person["id"]



def test_the_page_filtered_to_one_person_reads_them_once_for_the_picker_and_the_punch_form(stack, admin, launch,
                                                                                           tmp_path):
    # The picker names the person and the missing-punch form types their punches in their zone (their zone history):
    # one read of the person serves both.
    person = admin.create_employee(f"Once Otto {uuid.uuid4().hex[:4]}", f"otto-{uuid.uuid4().hex[:6]}@example.com",
                                   "Lab", NEW_YORK)
    page = new_page(launch())
    sign_in(page, stack, tmp_path)
    reads: list[str] = []
    page.on("request", lambda request: reads.append(request.url) if request.method == "GET"
            and urlsplit(request.url).path.endswith(f"/employees/{person['id']}") else None)
    page.goto(f"{stack.console_url}#/attendance?employee_id={person['id']}&date_from=&date_to=")
    page.wait_for_function("(name) => document.querySelector('[data-testid=employee-picker]')?.value === name",
                           arg=person["full_name"])
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.get_by_test_id("punch-zone").filter(has_text=NEW_YORK).wait_for()
    page.wait_for_load_state("networkidle")
    assert len(reads) == 1, reads
