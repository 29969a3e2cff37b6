"""The console's manual punch on the days the report zone's clocks change (Europe/Berlin), in Debian's chromium
against a local stack in that zone: a time the clocks skipped is refused before anything is sent, a time that
happened twice is asked about, and the punch stored is the one HR chose."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page
from tests.browser.test_console_records import open_add_punch
from tests.conftest import running_stack

ZONE = "Europe/Berlin"


def last_sunday(year: int, month: int) -> date:
    end = date(year, month, 31)
    return end - timedelta(days=(end.weekday() + 1) % 7)


def latest_change(month: int) -> date:
    """The zone's most recent clock change of that month (the last Sunday: EU rule), within the last year."""
    today = datetime.now(UTC).date()
    change = last_sunday(today.year, month)
    return change if change < today else last_sunday(today.year - 1, month)


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, web_dist, tmp_path_factory):
    before = os.environ.get("FACEPASS_REPORT_TIMEZONE")
    os.environ["FACEPASS_REPORT_TIMEZONE"] = ZONE
    try:
        with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("stack"), "zones",
                           web_dist=web_dist) as local:
            yield local.addresses
    finally:  # the other modules' stacks report in the default zone
        if before is None:
            os.environ.pop("FACEPASS_REPORT_TIMEZONE", None)
        else:
            os.environ["FACEPASS_REPORT_TIMEZONE"] = before


def test_a_punch_on_a_clock_change_day_is_never_guessed(stack, admin, launch, tmp_path):
    person = admin.create_employee("Night Porter", f"porter-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    spring, autumn = latest_change(3).isoformat(), latest_change(10).isoformat()
    page = new_page(launch(), timezone_id="America/New_York")  # the form is typed in the report zone, not this
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.url.endswith("/attendance/manual")
            else None)
    form = open_add_punch(page, stack, tmp_path, "Night Porter", "entry")
    form.get_by_label("Reason (kept in the history)").fill("Came in for the night shift; the kiosk was down")

    # 02:30 did not exist the night the clocks went forward: said, nothing sent.
    form.get_by_label("Date").fill(spring)
    form.get_by_label("Time").fill("02:30")
    form.get_by_role("button", name="Add punch").click()
    page.get_by_text("There is no 02:30 on that day in Europe/Berlin").wait_for()
    assert sent == []

    # 02:30 happened twice the night they went back: HR chooses the second (UTC+1), and that is what is stored.
    form.get_by_label("Date").fill(autumn)
    form.get_by_label("Time").fill("02:30")
    form.get_by_role("button", name="Add punch").click()
    page.get_by_text("02:30 happened twice on that day in Europe/Berlin").wait_for()
    assert sent == []
    which = form.get_by_label("Which 02:30")
    labels = which.locator("option").all_inner_texts()[1:]
    assert len(labels) == 2 and "GMT+2" in labels[0] and "GMT+1" in labels[1], labels
    which.select_option(index=2)
    form.get_by_role("button", name="Add punch").click()
    page.get_by_text("Punch added").wait_for()
    assert len(sent) == 1
    stored = admin.request("GET", "/attendance", params={"date_from": autumn, "date_to": autumn,
                                                         "employee_id": person["id"]}).body["items"]
    assert [event["occurred_at"] for event in stored] == [f"{autumn}T01:30:00Z"], stored


def test_the_hour_the_clocks_go_back_shows_each_time_with_its_offset(stack, admin, launch, tmp_path):
    # Two punches 02:40 CEST (00:40 UTC) and 02:40 CET (01:40 UTC): an hour apart, the same wall time. The list and
    # the daily report tell them apart by their UTC offset; a time away from the change keeps its plain form.
    from tests.browser.test_console import go, sign_in
    from tests.browser.test_console_records import _insert_events

    person = admin.create_employee("Raj Twice", f"raj-{uuid.uuid4().hex[:6]}@example.com", "Floor")
    autumn = latest_change(10)
    midnight = datetime(autumn.year, autumn.month, autumn.day, tzinfo=UTC)
    employee = uuid.UUID(person["id"])
    _insert_events(stack, dict(employee_id=employee, occurred_at=midnight + timedelta(minutes=40), event_type="entry"),
                   dict(employee_id=employee, occurred_at=midnight + timedelta(hours=1, minutes=40),
                        event_type="exit"),
                   dict(employee_id=employee, occurred_at=midnight + timedelta(hours=10), event_type="entry"),
                   dict(employee_id=employee, occurred_at=midnight + timedelta(hours=11), event_type="exit"))
    page = new_page(launch(), timezone_id="America/New_York")
    sign_in(page, stack, tmp_path)
    go(page, "Attendance", "Attendance", tmp_path)
    search = page.get_by_role("search")
    search.get_by_label("From", exact=True).fill(autumn.isoformat())
    search.get_by_label("To", exact=True).fill(autumn.isoformat())
    search.get_by_role("button", name="Filter").click()
    rows = page.locator("tr[data-event]").filter(has_text="Raj Twice")
    rows.filter(has_text="11:00:00 AM").wait_for()
    times = [row.locator("td").first.inner_text() for row in rows.all()]
    assert len(times) == 4, times
    # Oldest first: 02:40 CEST, 02:40 CET, 11:00 and 12:00 CET (the morning, away from the change: no offset).
    assert times[0] != times[1], times
    assert "2:40:00 AM GMT+2" in times[0] and "2:40:00 AM GMT+1" in times[1], times
    assert times[2].endswith("11:00:00 AM") and times[3].endswith("12:00:00 PM"), times

    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill(autumn.isoformat())
    row = page.get_by_test_id("daily").locator("tr", has_text="Raj Twice")
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert "2:40:00 AM GMT+2" in cells[2] and "12:00:00 PM" in cells[3] and "GMT" not in cells[3], cells


def test_each_report_row_shows_its_own_zones_times(stack, admin, launch, tmp_path):
    """A person given New York's zone when created (a zone holds from when it was set: set at creation, for every day;
    their page shows it): their night shift is on the day it began there, with New York's wall clock, beside a person
    in the report zone (Berlin), in a browser in neither (Tokyo)."""
    from tests.browser.test_console import go, sign_in
    from tests.browser.test_console_records import _insert_events

    tag = uuid.uuid4().hex[:6]
    gotham = admin.create_employee(f"Gotham Nights {tag}", f"ny-{tag}@example.com", "Floor",
                                   timezone="America/New_York")
    spree = admin.create_employee(f"Spree Days {tag}", f"be-{tag}@example.com", "Floor")
    page = new_page(launch(), timezone_id="Asia/Tokyo")
    sign_in(page, stack, tmp_path)
    page.evaluate(f"location.hash = '#/employees/{gotham['id']}'")
    page.get_by_role("heading", name=gotham["full_name"], level=2).wait_for()
    expect(page.get_by_test_id("employee-timezone")).to_have_value("America/New_York")
    # 02:00-10:00 UTC on 2026-11-11: 21:00-05:00 from the 10th in New York, 03:00-11:00 on the 11th in Berlin.
    _insert_events(stack, *({"employee_id": uuid.UUID(person["id"]), "occurred_at": datetime(2026, 11, 11, hour,
                                                                                           tzinfo=UTC),
                             "event_type": kind} for person in (gotham, spree) for hour, kind in ((2, "entry"),
                                                                                                (10, "exit"))))
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill("2026-11-10")
    night = page.get_by_test_id("daily").locator("tr", has_text=gotham["full_name"])
    night.filter(has_text="8:00").wait_for()
    assert night.get_by_test_id("daily-first-in").inner_text() == "11/10/26, 9:00:00 PM"
    assert night.get_by_test_id("daily-last-out").inner_text().startswith("11/11/26, 5:00:00 AM")
    assert night.get_by_test_id("daily-zone").inner_text() == "America/New_York"
    assert page.get_by_test_id("daily").locator("tr", has_text=spree["full_name"]).count() == 0
    page.get_by_label("Date").fill("2026-11-11")
    day = page.get_by_test_id("daily").locator("tr", has_text=spree["full_name"])
    day.filter(has_text="8:00").wait_for()
    assert day.get_by_test_id("daily-first-in").inner_text() == "11/11/26, 3:00:00 AM"
    assert day.get_by_test_id("daily-last-out").inner_text() == "11/11/26, 11:00:00 AM"
    assert day.get_by_test_id("daily-zone").inner_text() == ZONE

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill("2026-11-10")
    page.get_by_label("To").fill("2026-11-11")
    row = page.get_by_test_id("timesheet").locator(f"tr[data-employee='{gotham['full_name']}']")
    row.get_by_test_id("timesheet-zone").filter(has_text="America/New_York").wait_for()
    # Once the period is the two days: the night shift counts on the 10th, the morning after says so (☾).
    expect(row.locator("td[data-date]")).to_have_text(["8:00", "· ☾"])
    expect(row.get_by_role("img", name="ends the night shift counted on Nov 10, 2026")).to_have_count(1)
    assert page.get_by_test_id("timesheet").locator(
        f"tr[data-employee='{spree['full_name']}']").get_by_test_id("timesheet-zone").count() == 0
    # Spree moved to Tokyo at noon UTC on the 11th (as a change then left it): the row is in Tokyo, its last day; the
    # days before the change are Berlin's, and each says so.
    import psycopg

    with psycopg.connect(stack.database_url) as connection, connection.cursor() as cur:
        cur.execute("UPDATE employees SET timezone = 'Asia/Tokyo' WHERE id = %s", (spree["id"],))
        cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (%s, %s, 'Asia/Tokyo')",
                    (spree["id"], datetime(2026, 11, 11, 12, tzinfo=UTC)))
    connection.close()
    page.get_by_label("To").fill("2026-11-12")
    moved = page.get_by_test_id("timesheet").locator(f"tr[data-employee='{spree['full_name']}']")
    moved.get_by_test_id("timesheet-zone").filter(has_text="Asia/Tokyo").wait_for()
    expect(moved.locator("td[data-date]")).to_have_text(["· Europe/Berlin", "8:00 Europe/Berlin", "·"])
    assert moved.get_by_test_id("timesheet-day-zone").count() == 2

    go(page, "Attendance", "Attendance", tmp_path)  # a missing punch of theirs is typed in their zone
    page.get_by_text("Add a missing punch").click()
    form = page.get_by_role("form", name="Add a missing punch")
    form.get_by_label("Employee").select_option(label=gotham["full_name"])
    assert page.get_by_test_id("punch-zone").inner_text() == "Times in America/New_York, the person's zone"


def test_a_missing_punch_before_a_move_is_typed_in_the_zone_held_then(stack, admin, launch, tmp_path):
    """Moved Tokyo → New York two days ago (as a change then left it): a forgotten check-in of four days ago is typed
    in Tokyo's wall clock (the day the reports put it on), one of today in New York's."""
    import psycopg

    tag = uuid.uuid4().hex[:6]
    person = admin.create_employee(f"Moved East {tag}", f"moved-{tag}@example.com", "Floor", timezone="Asia/Tokyo")
    now = datetime.now(UTC)
    with psycopg.connect(stack.database_url) as connection, connection.cursor() as cur:
        cur.execute("UPDATE employees SET timezone = 'America/New_York' WHERE id = %s", (person["id"],))
        cur.execute("DELETE FROM employee_time_zones WHERE employee_id = %s AND valid_from > '-infinity'",
                    (person["id"],))
        cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) "
                    "VALUES (%s, %s, 'America/New_York')", (person["id"], now - timedelta(days=2)))
    connection.close()
    page = new_page(launch(), timezone_id="Europe/London")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.url.endswith("/attendance/manual")
            else None)
    form = open_add_punch(page, stack, tmp_path, person["full_name"], "entry")
    zone_hint = page.get_by_test_id("punch-zone")
    expect(zone_hint).to_have_text("Times in America/New_York, the person's zone")  # today: New York's
    before = (now - timedelta(days=4)).astimezone(ZoneInfo("Asia/Tokyo")).date()
    form.get_by_label("Date").fill(before.isoformat())
    form.get_by_label("Time").fill("09:15")
    expect(zone_hint).to_have_text("Times in Asia/Tokyo, the person's zone")
    form.get_by_label("Reason (kept in the history)").fill("The kiosk was down that morning")
    form.get_by_role("button", name="Add punch").click()
    page.get_by_text("Punch added").wait_for()
    assert len(sent) == 1
    tokyo = datetime.combine(before, datetime.min.time().replace(hour=9, minute=15), tzinfo=ZoneInfo("Asia/Tokyo"))
    stored = admin.request("GET", "/attendance", params={"date_from": (before - timedelta(days=1)).isoformat(),
                                                         "date_to": (before + timedelta(days=1)).isoformat(),
                                                         "employee_id": person["id"]}).body["items"]
    assert [event["occurred_at"] for event in stored] == [
        tokyo.astimezone(UTC).isoformat().replace("+00:00", "Z")], stored


def test_a_zone_that_did_not_load_is_said_on_the_daily_report_and_the_timesheet(stack, launch, tmp_path):
    """A stored zone tzdata no longer knows (US/Pacific-New, written by SQL as an old record holds it): the person's
    row says in words, English and Russian, that their zone could not be loaded and the report zone was used."""
    import psycopg

    from tests.browser.test_console import go, sign_in
    from tests.browser.test_console_records import _insert_events

    tag = uuid.uuid4().hex[:6]
    name = f"Lost Zone {tag}"
    with psycopg.connect(stack.database_url) as connection, connection.cursor() as cur:
        cur.execute("INSERT INTO employees (full_name, email, timezone) VALUES (%s, %s, 'US/Pacific-New') RETURNING id",
                    (name, f"lost-{tag}@example.com"))
        lost = cur.fetchone()[0]
    connection.close()
    _insert_events(stack, *({"employee_id": lost, "occurred_at": datetime(2026, 11, 11, hour, tzinfo=UTC),
                             "event_type": kind} for hour, kind in ((8, "entry"), (16, "exit"))))
    page = new_page(launch(), timezone_id="Asia/Tokyo")
    sign_in(page, stack, tmp_path)
    go(page, "Daily report", "Daily report", tmp_path)
    page.get_by_label("Date").fill("2026-11-11")
    row = page.get_by_test_id("daily").locator("tr", has_text=name)
    expect(row.get_by_test_id("zone-unavailable")).to_have_text(
        f"This person's time zone could not be loaded: their times are in the report zone, {ZONE}. Correct their zone.")
    assert row.get_by_test_id("daily-first-in").inner_text() == "11/11/26, 9:00:00 AM"  # Berlin's wall clock
    page.get_by_test_id("language").select_option("ru")
    expect(row.get_by_test_id("zone-unavailable")).to_have_text(
        f"Часовой пояс сотрудника не удалось загрузить: его время показано в поясе отчётов, {ZONE}. "
        "Исправьте пояс сотрудника.")
    page.get_by_test_id("language").select_option("en")

    go(page, "Timesheet", "Timesheet", tmp_path)
    page.get_by_label("From").fill("2026-11-10")
    page.get_by_label("To").fill("2026-11-11")
    sheet_row = page.get_by_test_id("timesheet").locator(f"tr[data-employee='{name}']")
    expect(sheet_row.get_by_test_id("zone-unavailable")).to_have_text(
        f"This person's time zone could not be loaded: their times are in the report zone, {ZONE}. Correct their zone.")
    expect(sheet_row.locator("td[data-date]")).to_have_text(["·", "8:00"])


def test_the_employees_list_names_a_zone_other_than_the_report_zone(stack, admin, launch, tmp_path):
    """Someone in New York is listed with their zone, in English and Russian; someone in the report zone (set or
    not) is not marked."""
    from tests.browser.test_console import go, sign_in

    tag = uuid.uuid4().hex[:6]
    admin.create_employee(f"Listed NY {tag}", f"lny-{tag}@example.com", "Floor", timezone="America/New_York")
    admin.create_employee(f"Listed Berlin {tag}", f"lbe-{tag}@example.com", "Floor", timezone=ZONE)
    admin.create_employee(f"Listed None {tag}", f"lno-{tag}@example.com", "Floor")
    page = new_page(launch(), timezone_id="Asia/Tokyo")
    sign_in(page, stack, tmp_path)
    go(page, "Employees", "Employees", tmp_path)
    page.get_by_placeholder("Search by name, email or payroll number").fill(tag)
    rows = page.locator("tr", has_text="Listed")
    expect(rows).to_have_count(3)
    expect(page.locator("tr", has_text=f"Listed NY {tag}").get_by_test_id("employee-zone")).to_have_text(
        " · time zone America/New_York")
    for other in ("Berlin", "None"):
        assert page.locator("tr", has_text=f"Listed {other} {tag}").get_by_test_id("employee-zone").count() == 0
    page.get_by_test_id("language").select_option("ru")
    expect(page.locator("tr", has_text=f"Listed NY {tag}").get_by_test_id("employee-zone")).to_have_text(
        " · часовой пояс America/New_York")


def test_today_names_the_zone_of_a_first_in_not_in_the_report_zone(stack, admin, launch, tmp_path):
    """Under a header that says Europe/Berlin, someone in Tokyo who came in at 09:00 there (01:00 in Berlin) is listed
    with 9:00 and Tokyo named beside it, in English and Russian; someone in the report zone is not marked."""
    from tests.browser.test_console import sign_in
    from tests.browser.test_console_records import _insert_events

    tag = uuid.uuid4().hex[:6]
    yuki = admin.create_employee(f"Yuki {tag}", f"yuki-{tag}@example.com", "Floor", timezone="Asia/Tokyo")
    local = admin.create_employee(f"Berliner {tag}", f"berliner-{tag}@example.com", "Floor")
    today = date.fromisoformat(admin.request("GET", "/attendance/calendar").body["today"])
    nine_in_tokyo = datetime.combine(today, datetime.min.time().replace(hour=9), tzinfo=ZoneInfo("Asia/Tokyo"))
    _insert_events(stack, {"employee_id": uuid.UUID(yuki["id"]), "occurred_at": nine_in_tokyo, "event_type": "entry"},
                   {"employee_id": uuid.UUID(local["id"]), "occurred_at": nine_in_tokyo, "event_type": "entry"})
    page = new_page(launch(), timezone_id="America/New_York")
    sign_in(page, stack, tmp_path)
    expect(page.get_by_test_id("time-zone")).to_have_text(f"Dates and times in {ZONE}")
    present = page.get_by_test_id("present")
    shown = f"{today.month}/{today.day}/{today.strftime('%y')}"
    expect(present.locator("li", has_text=f"Yuki {tag}")).to_have_text(
        f"Yuki {tag} · {shown}, 9:00:00 AM · time zone Asia/Tokyo")
    expect(present.locator("li", has_text=f"Berliner {tag}")).to_have_text(f"Berliner {tag} · {shown}, 1:00:00 AM")
    page.get_by_test_id("language").select_option("ru")
    expect(present.locator("li", has_text=f"Yuki {tag}")).to_have_text(
        f"Yuki {tag} · {today.strftime('%d.%m.%Y')}, 09:00:00 · часовой пояс Asia/Tokyo")
    page.get_by_test_id("language").select_option("en")


def test_a_review_conflict_in_another_zone_than_the_reports_names_it(stack, admin, launch, tmp_path):
    """The console's rows are in the report zone (Berlin); a conflict of a New York person is said on New York's wall
    clock (the API's details.timezone), so it names that zone: a confirmation's (the person it counts for) and a
    rejection's (the person who loses it). A Berlin person's conflict names none."""
    from tests.browser.test_console import go, sign_in
    from tests.browser.test_console_records import _insert_events, open_correct_panel

    tag = uuid.uuid4().hex[:6]
    york = admin.create_employee(f"Night York {tag}", f"york-{tag}@example.com", "Floor", timezone="America/New_York")
    berlin = admin.create_employee(f"Night Berlin {tag}", f"berlin-{tag}@example.com", "Floor")
    new_york = ZoneInfo("America/New_York")
    day = (datetime.now(UTC) - timedelta(days=5)).astimezone(new_york).date()

    def at(hours: float, zone: ZoneInfo) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=zone) + timedelta(hours=hours)

    # Each a counted night shift 20:00 -> 04:00 in their zone, and an entry awaiting review inside it.
    rows = {}
    for person, zone in ((york, new_york), (berlin, ZoneInfo(ZONE))):
        employee = uuid.UUID(person["id"])
        rows[person["id"]] = _insert_events(
            stack, dict(employee_id=employee, occurred_at=at(20, zone), event_type="entry"),
            dict(employee_id=employee, occurred_at=at(23, zone), event_type="entry", review_state="pending",
                 review_reasons=["liveness"]),
            dict(employee_id=employee, occurred_at=at(28, zone), event_type="exit"))
    page = new_page(launch(), timezone_id="Asia/Tokyo")
    sign_in(page, stack, tmp_path)
    go(page, "Review", "Review queue", tmp_path)
    named = "(times in America/New_York, the person's zone)"
    for person, zone_named in ((york, True), (berlin, False)):
        card = page.locator(f"[data-testid=review-item][aria-label$='{person['full_name']}']")
        card.get_by_label("Note").fill("it was them")
        card.get_by_role("button", name="Confirm").click()
        conflict = card.get_by_test_id("review-conflict")
        conflict.filter(has_text="would change the counted shift").wait_for()
        text = conflict.inner_text()
        assert "8:00:00 PM – " in text and "4:00:00 AM" in text, text  # each on their own wall clock
        assert (named in text) is zone_named and ("Berlin" in text) is False, text
    # Rejecting New York's counted exit on the Attendance page (rows in Berlin time): the shift is named in its zone.
    go(page, "Attendance", "Attendance", tmp_path)
    exit_ = rows[york["id"]][2]
    panel = open_correct_panel(page, exit_["occurred_at"].astimezone(ZoneInfo(ZONE)).date().isoformat(), exit_["id"])
    panel.get_by_label("Note").fill("not them")
    panel.get_by_role("button", name="Reject").click()
    conflict = panel.get_by_test_id("review-conflict")
    conflict.filter(has_text=f"Rejecting this punch would change the counted shift of Night York {tag}").wait_for()
    assert "8:00:00 PM – " in conflict.inner_text() and named in conflict.inner_text(), conflict.inner_text()
