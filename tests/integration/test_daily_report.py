"""The daily report's shifts on real PostgreSQL: a shift belongs to the day of its entry, night shifts included."""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import employees, reports, repository
from facepass.schemas import EmployeeCreate
from tests.conftest import fresh_database

DAY = date(2026, 3, 10)


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=UTC) + timedelta(days=day_offset)


def worker(services, events: list[tuple[datetime, str]], *, review_state: str = "none") -> uuid.UUID:
    """A person and their recognized events, as check-ins write them."""
    person = employees.create_employee(services.db, EmployeeCreate(full_name=f"W {uuid.uuid4().hex[:6]}",
                                                                   email=f"{uuid.uuid4().hex}@x.io"))
    with services.db.transaction() as cur:
        for occurred_at, kind in events:
            repository.insert_attendance(cur, employee_id=person.id, occurred_at=occurred_at, event_type=kind,
                                         similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door", review_state=review_state)
    return person.id


def row(services, person: uuid.UUID, day: date = DAY):
    report = reports.daily_report(services.db, services.settings, day)
    return next((item for item in report.items if item.employee_id == person), None)


def test_a_night_shift_counts_for_the_day_it_began(services):
    night = worker(services, [(at(0, 22), "entry"), (at(1, 6), "exit")])
    started = row(services, night)
    assert started.worked_seconds == 8 * 3600
    assert (started.first_in, started.last_out, started.events) == (at(0, 22), at(1, 6), 1)
    ended = row(services, night, DAY + timedelta(days=1))  # its exit closes the day before's shift: nothing here
    assert (ended.worked_seconds, ended.first_in, ended.last_out, ended.events) == (0, None, None, 1)
    assert ended.ends_night_shift and not started.ends_night_shift  # and it says why the morning shows no time
    sheet = reports.timesheet(services.db, services.settings, DAY, DAY + timedelta(days=1), employee_id=night)
    assert [day.ends_night_shift for day in sheet.items[0].days] == [False, True]
    exported = list(csv.DictReader(io.StringIO(reports.daily_csv(
        reports.daily_report(services.db, services.settings, DAY + timedelta(days=1))))))
    assert [r["ends_night_shift"] for r in exported if r["employee_id"] == str(night)] == ["true"]
    assert ended.night_shift_from == DAY.isoformat() and started.night_shift_from is None  # the day it counts on


def test_a_shift_longer_than_a_day_names_the_day_it_counts_on(services):
    """FACEPASS_MAX_SHIFT_HOURS up to 48 (a site's long shifts): an exit two days after its entry closes a shift
    counted on the entry's day, not on the day before the exit, and says which."""
    long_shifts = services.settings.model_copy(update={"max_shift_hours": 30})
    person = worker(services, [(at(0, 22), "entry"), (at(2, 3), "exit")])
    sheet = reports.timesheet(services.db, long_shifts, DAY, DAY + timedelta(days=2), employee_id=person)
    days = sheet.items[0].days
    assert [day.worked_minutes for day in days] == [29 * 60, 0, 0]
    assert [(day.ends_night_shift, day.night_shift_from) for day in days] == [
        (False, None), (False, None), (True, DAY.isoformat())]


def test_day_shifts_either_side_of_a_night_shift_are_each_counted_once(services):
    person = worker(services, [(at(-1, 22), "entry"), (at(0, 6), "exit"),  # the night before, ending this morning
                               (at(0, 9), "entry"), (at(0, 12), "exit"), (at(0, 13), "entry"), (at(0, 17), "exit"),
                               (at(0, 23), "entry"), (at(1, 5), "exit")])  # tonight's
    today = row(services, person)
    assert today.worked_seconds == (3 + 4 + 6) * 3600
    assert (today.first_in, today.last_out, today.events) == (at(0, 9), at(1, 5), 6)
    assert row(services, person, DAY - timedelta(days=1)).worked_seconds == 8 * 3600


def test_a_forgotten_exit_counts_nothing_and_does_not_swallow_the_next_shift(services):
    person = worker(services, [(at(0, 8), "entry"),  # no exit today
                               (at(1, 8), "entry"), (at(1, 16), "exit")])
    today = row(services, person)
    assert (today.worked_seconds, today.first_in, today.last_out) == (0, at(0, 8), None)
    tomorrow = row(services, person, DAY + timedelta(days=1))
    assert (tomorrow.worked_seconds, tomorrow.first_in, tomorrow.last_out) == (8 * 3600, at(1, 8), at(1, 16))


def test_a_double_entry_counts_from_the_first_within_the_repeat_window_and_from_the_second_after(services):
    # Within the check-in's repeat window (120 s) the second entry is a double press; later, the first one had a
    # forgotten exit (a check-in would not have folded them either).
    pressed_twice = worker(services, [(at(0, 8), "entry"), (at(0, 8, 1), "entry"), (at(0, 16), "exit")])
    assert row(services, pressed_twice).worked_seconds == 8 * 3600
    came_back = worker(services, [(at(0, 8), "entry"), (at(0, 8, 30), "entry"), (at(0, 16), "exit")])
    assert row(services, came_back).worked_seconds == 7.5 * 3600


def test_an_exit_longer_than_a_shift_after_the_entry_closes_nothing(services):
    person = worker(services, [(at(0, 6), "entry"), (at(0, 6) + timedelta(hours=services.settings.max_shift_hours,
                                                                           minutes=1), "exit")])
    assert row(services, person).worked_seconds == 0


def test_events_awaiting_review_are_not_shifts(services):
    person = worker(services, [(at(0, 22), "entry"), (at(1, 6), "exit")], review_state="pending")
    assert row(services, person).pending_reviews == 1
    assert row(services, person).worked_seconds == 0


def test_a_forgotten_evening_exit_does_not_swallow_the_next_mornings_shift(services):
    # Back at 17:00 for a short job, no exit; the next day a normal 07:00-15:00 shift.
    person = worker(services, [(at(0, 17), "entry"), (at(1, 7), "entry"), (at(1, 15), "exit")])
    assert row(services, person, DAY + timedelta(days=1)).worked_seconds == 8 * 3600
    assert row(services, person).worked_seconds == 0


def test_the_report_does_not_depend_on_events_more_than_a_shift_before_the_day(services):
    # 07:00 the day before lies outside what the report reads for today (a shift's length before it).
    person = worker(services, [(at(-1, 7), "entry"), (at(-1, 9), "entry"), (at(0, 0, 30), "entry"), (at(0, 8), "exit")])
    assert row(services, person).worked_seconds == 7.5 * 3600


# --- the timesheet of a pay period ------------------------------------------------------------------


def test_a_timesheet_is_every_days_report_and_the_totals(services):
    first, last = DAY - timedelta(days=1), DAY + timedelta(days=2)
    person = worker(services, [(at(-1, 9), "entry"), (at(-1, 17), "exit"),       # 8 h
                               (at(0, 22), "entry"), (at(1, 6), "exit"),         # a night: 8 h on DAY
                               (at(2, 20), "entry"), (at(3, 4), "exit"),         # the last night: 8 h on its day
                               (at(4, 9), "entry"), (at(4, 17), "exit")])        # after the period: not in it
    flagged = worker(services, [(at(1, 9), "entry")], review_state="pending")
    sheet = reports.timesheet(services.db, services.settings, first, last)
    assert (sheet.date_from, sheet.date_to, sheet.timezone) == (first.isoformat(), last.isoformat(), "UTC")
    mine = next(item for item in sheet.items if item.employee_id == person)
    assert [day.date for day in mine.days] == [(first + timedelta(days=n)).isoformat() for n in range(4)]
    assert [day.worked_seconds // 3600 for day in mine.days] == [8, 8, 0, 8]
    assert (mine.worked_seconds, mine.days_worked, mine.pending_reviews) == (24 * 3600, 3, 0)
    for day in mine.days:  # each day as the daily report gives it
        daily = row(services, person, date.fromisoformat(day.date))
        assert (day.first_in, day.last_out, day.worked_seconds, day.events) == (
            daily.first_in, daily.last_out, daily.worked_seconds, daily.events)
    waiting = next(item for item in sheet.items if item.employee_id == flagged)
    assert (waiting.worked_seconds, waiting.pending_reviews, waiting.days[2].pending_reviews) == (0, 1, 1)
    assert sheet.pending_reviews == 1
    only = reports.timesheet(services.db, services.settings, first, last, employee_id=person)
    assert [item.employee_id for item in only.items] == [person]
    assert only.pending_reviews == 0  # the person's: the flagged punch is somebody else's

    lines = reports.timesheet_csv(only).splitlines()
    assert lines[0].split(",") == ["employee_id", "full_name", "department", "2026-03-09", "2026-03-10",
                                   "2026-03-11", "2026-03-12", "total_minutes", "total_hours", "days_worked",
                                   "days_without_exit", "days_without_entry", "pending_reviews", "timezone",
                                   "day_timezones", "timezone_unavailable", "closed_through", "manual_minutes",
                                   "face_id_withdrawn", "signed_minutes", "changed_since_signed", "settings_differ",
                                   "employee_number", "email", "overtime_minutes", "incomplete_weeks_minutes",
                                   "absence_minutes"]
    assert lines[1].split(",")[3:-4] == ["480", "480", "0", "480", "1440", "24.00", "3", "0", "0", "0", "UTC", "",
                                         "false", "", "0", "false", "", "false", "false", ""]  # no number; the email
    # No overtime counted (FACEPASS_WEEKLY_OVERTIME_MINUTES 0); no absence.
    assert lines[1].split(",")[-3:] == ["", "", "0"]


def test_a_timesheet_counts_real_hours_across_a_clock_change(services):
    # Europe/Berlin springs forward on 2026-03-29 (02:00 -> 03:00): that day has 23 hours, and a night shift
    # 22:00-06:00 local over it is 7 hours worked, counted for the 28th.
    berlin = services.settings.model_copy(update={"report_timezone": "Europe/Berlin"})
    person = worker(services, [(datetime(2026, 3, 28, 21, tzinfo=UTC), "entry"),   # 22:00 CET
                               (datetime(2026, 3, 29, 4, tzinfo=UTC), "exit")])    # 06:00 CEST
    sheet = reports.timesheet(services.db, berlin, date(2026, 3, 28), date(2026, 3, 29), employee_id=person)
    assert [day.worked_seconds for day in sheet.items[0].days] == [7 * 3600, 0]
    assert sheet.items[0].days[1].events == 1  # its exit, on the 29th


@pytest.mark.parametrize(("first", "last", "code"), [
    (date(2026, 3, 10), date(2026, 3, 9), "invalid_date_range"),
    (date(2026, 1, 1), date(2026, 4, 3), "date_range_too_long"),  # 93 days
])
def test_a_timesheet_refuses_a_backwards_or_too_long_period(services, first, last, code):
    from facepass.errors import FacePassError

    with pytest.raises(FacePassError) as refused:
        reports.timesheet(services.db, services.settings, first, last)
    assert refused.value.code == code and refused.value.status == 422
    assert reports.timesheet(services.db, services.settings, date(2026, 1, 1), date(2026, 4, 2)).items == []


def test_the_timesheet_route_answers_json_and_csv(api, services):
    person = worker(services, [(at(0, 9), "entry"), (at(0, 17, 30), "exit")])
    query = f"date_from={DAY - timedelta(days=1)}&date_to={DAY}&employee_id={person}"
    sheet = api.get("/attendance/timesheet", query=query)
    assert sheet.status == 200, sheet.text
    assert sheet.json()["items"][0]["worked_seconds"] == 8.5 * 3600
    exported = api.get("/attendance/timesheet", query=query, headers={"accept": "text/csv"})
    assert exported.status == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.text.splitlines()[1].rsplit(",", 4)[0].endswith(
        ",0,510,510,8.50,1,0,0,0,UTC,,false,,0,false,,false,false,")  # then the email, two empty overtime cells
    assert exported.text.splitlines()[1].endswith(",,,0")  # and no absence
    assert api.get("/attendance/timesheet", query="date_from=2026-03-10").status == 422  # date_to is needed
    assert api.get("/attendance/timesheet", query="date_from=2026-03-10&date_to=2026-03-01").error_code \
        == "invalid_date_range"


def test_every_view_adds_up_the_same_minutes(services):
    # Three shifts of 20 min 40 s: each day is 21 minutes (to the nearest), and the total is their sum, 63, in JSON
    # and in the CSV; the seconds stay exact beside them.
    person = worker(services, [event for n in range(3)
                               for event in ((at(n, 9), "entry"), (at(n, 9, 20) + timedelta(seconds=40), "exit"))])
    sheet = reports.timesheet(services.db, services.settings, DAY, DAY + timedelta(days=2), employee_id=person)
    line = sheet.items[0]
    assert [day.worked_minutes for day in line.days] == [21, 21, 21] and line.worked_minutes == 63
    assert line.worked_seconds == 3 * (20 * 60 + 40)
    assert reports.timesheet_csv(sheet).splitlines()[1].split(",")[3:-4] == ["21", "21", "21", "63", "1.05", "3",
                                                                            "0", "0", "0", "UTC", "", "false", "",
                                                                            "0", "false", "", "false", "false", ""]
    assert row(services, person).worked_minutes == 21  # the daily report's figure for the day


def test_a_forgotten_exit_is_marked_on_its_day(services):
    person = worker(services, [(at(0, 8), "entry"),                                  # never closed
                               (at(1, 8), "entry"), (at(1, 16), "exit")])
    sheet = reports.timesheet(services.db, services.settings, DAY, DAY + timedelta(days=1), employee_id=person)
    assert [(day.open_shift, day.worked_minutes) for day in sheet.items[0].days] == [(True, 0), (False, 480)]
    assert sheet.items[0].days_without_exit == 1 and sheet.items[0].days_worked == 1
    assert row(services, person).open_shift is True
    assert row(services, person, DAY + timedelta(days=1)).open_shift is False


def test_an_exit_awaiting_review_counts_against_the_shift_it_would_close(services):
    # The night of the period's last day, its exit the next morning awaits review: confirming it would change the
    # period's hours, so the period says so (on the entry's day), and the next period does not.
    person = worker(services, [(at(0, 22), "entry")])
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=person, occurred_at=at(1, 6), event_type="exit",
                                     similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                     device_id="door", review_state="pending", review_reasons=["low_margin"])
    period = reports.timesheet(services.db, services.settings, DAY - timedelta(days=1), DAY, employee_id=person)
    assert period.pending_reviews == 1 and period.items[0].days[1].pending_reviews == 1
    assert period.items[0].days[1].open_shift is True  # until the exit is confirmed
    after = reports.timesheet(services.db, services.settings, DAY + timedelta(days=1), DAY + timedelta(days=2),
                              employee_id=person)
    # The event is in it, but changes the period before: the person is listed (an event in the period), at 0.
    assert after.pending_reviews == 0 and [(item.worked_minutes, item.pending_reviews) for item in after.items] == [
        (0, 0)]
    assert row(services, person).pending_reviews == 1
    assert row(services, person, DAY + timedelta(days=1)) is None


def test_the_timesheet_pages_through_employees_by_name(api, services):
    names = ["Zoe", "Adam", "Mia", "Bob", "Eve"]
    people = {}
    for name in names:
        created = employees.create_employee(services.db, EmployeeCreate(full_name=name,
                                                                        email=f"{uuid.uuid4().hex}@x.io"))
        with services.db.transaction() as cur:
            repository.insert_attendance(cur, employee_id=created.id, occurred_at=at(0, 9), event_type="entry",
                                         similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door")
        people[name] = str(created.id)
    seen, cursor = [], None
    while True:
        query = f"date_from={DAY}&date_to={DAY}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get("/attendance/timesheet", query=query).json()
        assert len(page["items"]) <= 2
        seen += [item["full_name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(names)
    csv_pages, cursor = [], None
    while True:  # the CSV pages through X-Next-Cursor, each with its header
        query = f"date_from={DAY}&date_to={DAY}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        answer = api.get("/attendance/timesheet", query=query, headers={"accept": "text/csv"})
        csv_pages.append(answer.text.splitlines())
        cursor = answer.headers.get("x-next-cursor")
        if not cursor:
            break
    assert [len(lines) for lines in csv_pages] == [4, 3]
    assert [line.split(",")[1] for lines in csv_pages for line in lines[1:]] == sorted(names)
    assert api.get("/attendance/timesheet", query=f"date_from={DAY}&date_to={DAY}&cursor=nope").error_code \
        == "invalid_cursor"


def _forged(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("name", ["\u0000", "\ud800"], ids=["nul", "lone-surrogate"])
def test_a_forged_timesheet_cursor_is_invalid_cursor_not_a_500(api, name):
    # Names PostgreSQL cannot take (NUL, a lone surrogate) reached the driver and raised.
    cursor = _forged(json.dumps([name, "00000000-0000-0000-0000-000000000000"]).encode())
    answer = api.get("/attendance/timesheet", query=f"date_from={DAY}&date_to={DAY}&cursor={cursor}")
    assert (answer.status, answer.error_code) == (400, "invalid_cursor"), answer.text


@pytest.mark.parametrize("path", ["/attendance", "/attendance/review", "/attendance/audit"])
@pytest.mark.parametrize("stamp", [b"9999-12-31T23:59:59-23:59|1", b"2026-01-01T00:00:00|1",
                                   b"0001-01-01T00:00:00+14:00|1", b"2026-01-01T00:00:00+00:00|9223372036854775808",
                                   b"2026-01-01T00:00:00+00:00|-1"],
                         ids=["offset", "naive", "overflow", "id-past-bigint", "negative-id"])
def test_a_forged_time_cursor_is_invalid_cursor_not_a_500(api, path, stamp):
    answer = api.get(path, query=f"cursor={_forged(stamp)}")
    assert (answer.status, answer.error_code) == (400, "invalid_cursor"), answer.text


@pytest.mark.parametrize("path", ["/attendance", "/attendance/review", "/attendance/audit"])
@pytest.mark.parametrize("stamp", ["2026-01-01T00:00:00+00:00| 1", "2026-01-01T00:00:00+00:00|1_0",
                                   "2026-01-01T00:00:00+00:00|+1", "2026-01-01T00:00:00+00:00|01",
                                   "2026-01-01T00:00:00+00:00|\u0661", "2026-01-01 00:00:00+00:00|1",
                                   "20260101T000000+0000|1"],
                         ids=["space", "underscore", "plus", "leading-zero", "arabic-indic-digit", "space-for-T",
                              "basic-format"])
def test_a_time_cursor_written_otherwise_than_the_api_writes_one_is_invalid_cursor(api, path, stamp):
    # int() and fromisoformat() read these as the API's `…+00:00|1`: before, a 200 page for a cursor the API never
    # returned (the documented answer is 400 invalid_cursor).
    answer = api.get(path, query=f"cursor={_forged(stamp.encode())}")
    assert (answer.status, answer.error_code) == (400, "invalid_cursor"), answer.text


@pytest.mark.parametrize("key", ["{00000000-0000-0000-0000-000000000000}", "00000000000000000000000000000000",
                                 "urn:uuid:00000000-0000-0000-0000-000000000000",
                                 "AAAAAAAA-0000-0000-0000-000000000000"],
                         ids=["braces", "hex", "urn", "upper-case"])
def test_an_id_cursor_written_otherwise_than_the_api_writes_one_is_invalid_cursor(api, key):
    for path, cursor in (("/employees", _forged(f"2026-01-01T00:00:00+00:00|{key}".encode())),
                         ("/attendance/timesheet", _forged(json.dumps(["Adams", key]).encode()))):
        answer = api.get(path, query=f"date_from={DAY}&date_to={DAY}&cursor={cursor}")
        assert (answer.status, answer.error_code) == (400, "invalid_cursor"), (path, answer.text)


def test_a_pending_exit_after_a_double_press_warns_the_day_of_the_first_entry(services):
    # A flagged entry at 23:59 and a clean retry 20 s later (both counted once HR confirms the first): the shift
    # opens at the first. The exit awaiting review the next morning would add its hours to that day.
    person = worker(services, [(at(0, 23, 59), "entry"), (at(1, 0, 0) + timedelta(seconds=20), "entry")])
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=person, occurred_at=at(1, 7), event_type="exit",
                                     similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                     device_id="door", review_state="pending", review_reasons=["low_margin"])
    first_day = reports.timesheet(services.db, services.settings, DAY, DAY, employee_id=person)
    assert first_day.pending_reviews == 1 and first_day.items[0].days[0].pending_reviews == 1
    next_day = reports.timesheet(services.db, services.settings, DAY + timedelta(days=1), DAY + timedelta(days=1),
                                 employee_id=person)
    assert next_day.pending_reviews == 0 and next_day.items[0].days[0].pending_reviews == 0


def test_the_timesheets_period_pending_count_places_exits_as_its_rows_do(services):
    # Entries at 23:58:00, 23:59:50 (a double press of it) and 00:00:10 (130 s after the shift's opener: a new
    # opener), then an exit awaiting review at 08:00: it would close the shift opened at 00:00:10, on the 10th.
    # The period figure came from a second SQL definition (a double press of *any* counted entry) and said the 9th.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Chain", email="chain@example.com")).id
    midnight = datetime(2026, 3, 10, tzinfo=UTC)
    with services.db.transaction() as cur:
        for at, kind, state in [(midnight - timedelta(seconds=120), "entry", "none"),
                                (midnight - timedelta(seconds=10), "entry", "confirmed"),
                                (midnight + timedelta(seconds=10), "entry", "confirmed"),
                                (midnight + timedelta(hours=8), "exit", "pending")]:
            repository.insert_attendance(cur, employee_id=person, occurred_at=at, event_type=kind, similarity=0.8,
                                         trace_id=uuid.uuid4(), snapshot_key=None, status="recognized",
                                         device_id="door", review_state=state)
    for day in (date(2026, 3, 9), date(2026, 3, 10)):
        sheet = reports.timesheet(services.db, services.settings, day, day, employee_id=person)
        everyone = reports.timesheet(services.db, services.settings, day, day)
        rows = sum(item.pending_reviews for item in sheet.items)
        daily = reports.daily_report(services.db, services.settings, day).pending_reviews
        assert sheet.pending_reviews == everyone.pending_reviews == rows == daily == (day.day == 10), day


def test_an_exit_with_no_entry_is_said_not_silently_zero(services):
    # The entry was rejected or never taken: the day counts nothing, as before, but now says why (as an open shift
    # does) so HR adds the entry. An exit pressed twice (a double press) is not such an exit.
    lone = worker(services, [(at(0, 17, 30), "exit")])
    twice = worker(services, [(at(0, 8), "entry"), (at(0, 17), "exit"), (at(0, 17, 1), "exit")])
    assert (row(services, lone).worked_seconds, row(services, lone).exit_without_entry) == (0, True)
    assert row(services, lone).last_out == at(0, 17, 30)  # what the missing entry must pair with
    assert (row(services, twice).worked_minutes, row(services, twice).exit_without_entry) == (9 * 60, False)
    sheet = reports.timesheet(services.db, services.settings, DAY, DAY + timedelta(days=1))
    by_person = {item.employee_id: item for item in sheet.items}
    assert [day.exit_without_entry for day in by_person[lone].days] == [True, False]
    assert (by_person[lone].days_without_entry, by_person[twice].days_without_entry) == (1, 0)
    daily = list(csv.DictReader(io.StringIO(reports.daily_csv(reports.daily_report(services.db, services.settings,
                                                                                     DAY)))))
    assert {r["employee_id"]: r["exit_without_entry"] for r in daily} == {str(lone): "true", str(twice): "false"}
    sheet_csv = list(csv.DictReader(io.StringIO(reports.timesheet_csv(sheet))))
    assert {r["employee_id"]: r["days_without_entry"] for r in sheet_csv} == {str(lone): "1", str(twice): "0"}


@pytest.mark.parametrize("payload", [["Ann", 5], ["Ann", ["x"]], ["Ann", {"x": 1}]])
def test_a_forged_timesheet_cursor_is_4xx(api, payload):
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    answer = api.get("/attendance/timesheet", query=f"date_from=2026-03-01&date_to=2026-03-31&cursor={cursor}")
    assert (answer.status, answer.error_code) == (400, "invalid_cursor"), answer.text


def test_no_csv_cell_starts_a_formula_when_opened_with_the_other_dialects_separator(api, services):
    # English Excel double-clicking an excel-semicolon file splits at `,`; German Excel a default one at `;`. A name's
    # part after that separator starts a cell of its own there, and quoting does not stop it: it is defended too.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Lee,=1+1", department='Ops; "@SUM(A1)',
                                                                   email=f"{uuid.uuid4().hex}@x.io"))
    with services.db.transaction() as cur:
        repository.insert_attendance(cur, employee_id=person.id, occurred_at=at(0, 9), event_type="entry",
                                     similarity=0.8125, trace_id=uuid.uuid4(), snapshot_key=None,
                                     status="recognized", device_id="door", review_state="none")
    for dialect in ("excel", "excel-semicolon"):
        text = api.get("/attendance/daily", query=f"date={DAY}&dialect={dialect}",
                       headers={"accept": "text/csv"}).content.decode("utf-8-sig")
        (row,) = [row for row in csv.DictReader(io.StringIO(text), dialect=dialect)
                  if row["employee_id"] == str(person.id)]
        assert (row["full_name"], row["department"]) == ("Lee,'=1+1", 'Ops; "\'@SUM(A1)')  # read as written: only a '
        for separator in (",", ";"):
            cells = [cell for line in csv.reader(io.StringIO(text), delimiter=separator) for cell in line]
            assert not [cell for cell in cells if cell.lstrip(' "')[:1] in ("=", "+", "-", "@")], (dialect, separator)


def test_the_csvs_in_a_comma_decimal_locale_keep_their_columns_decimals_and_cyrillic_names(api, services):
    # German or Russian Excel splits cells at `;` and reads `,` as the decimal point, and reads a UTF-8 file without a
    # byte order mark in the ANSI code page: dialect=excel-semicolon writes for it. The default stays as it was.
    person = employees.create_employee(services.db, EmployeeCreate(full_name="Анна Смирнова, мл.",
                                                                   email=f"{uuid.uuid4().hex}@x.io",
                                                                   department="Склад; ночь"))
    with services.db.transaction() as cur:
        for occurred_at, kind in ((at(0, 9), "entry"), (at(0, 17, 30), "exit")):
            repository.insert_attendance(cur, employee_id=person.id, occurred_at=occurred_at, event_type=kind,
                                         similarity=0.8125, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door", review_state="none")
    csv_accept = {"accept": "text/csv"}
    sheet_query = f"date_from={DAY}&date_to={DAY}&employee_id={person.id}"
    for path, query in (("/attendance/timesheet", sheet_query), ("/attendance/daily", f"date={DAY}"),
                        ("/attendance", f"employee_id={person.id}")):
        default = api.get(path, query=query, headers=csv_accept)
        assert default.status == 200 and not default.content.startswith(b"\xef\xbb\xbf")
        assert api.get(path, query=query + "&dialect=excel", headers=csv_accept).content == default.content
        assert default.content.decode().split("\r\n")[0].count(",") > 5  # the form it always had
        semicolon = api.get(path, query=query + "&dialect=excel-semicolon", headers=csv_accept)
        assert semicolon.status == 200 and semicolon.headers["content-type"] == "text/csv; charset=utf-8"
        assert semicolon.content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark: Excel then reads UTF-8
        rows = list(csv.DictReader(io.StringIO(semicolon.content.decode("utf-8-sig")), dialect="excel-semicolon"))
        assert [row["full_name"] for row in rows] == ["Анна Смирнова, мл."] * (2 if path == "/attendance" else 1)
        assert all(row.get("department", "Склад; ночь") == "Склад; ночь" for row in rows)  # the listing has none
        if path == "/attendance/daily":  # nothing but the form differs (no decimals in it)
            assert rows == list(csv.DictReader(io.StringIO(default.text)))
        bad = api.get(path, query=query + "&dialect=semicolon", headers=csv_accept)
        assert (bad.status, bad.error_code) == (422, "validation_error")
        assert ["query", "dialect"] in [error["location"] for error in bad.json()["error"]["details"]["errors"]]
    sheet = api.get("/attendance/timesheet", query=sheet_query + "&dialect=excel-semicolon", headers=csv_accept)
    (row,) = csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig")), dialect="excel-semicolon")
    assert (row[DAY.isoformat()], row["total_minutes"], row["total_hours"]) == ("510", "510", "8,50")
    (row,) = csv.DictReader(io.StringIO(api.get("/attendance/timesheet", query=sheet_query, headers=csv_accept).text))
    assert row["total_hours"] == "8.50"
    events = api.get("/attendance", query=f"employee_id={person.id}&dialect=excel-semicolon", headers=csv_accept)
    assert [row["similarity"] for row in csv.DictReader(io.StringIO(events.content.decode("utf-8-sig")),
                                                        dialect="excel-semicolon")] == ["0,8125", "0,8125"]
    # JSON answers take no notice of it.
    assert api.get("/attendance/timesheet", query=sheet_query + "&dialect=excel-semicolon").json()["items"][0][
        "worked_minutes"] == 510


def test_the_daily_report_says_whether_an_entry_is_among_the_pending_punches(services):
    # The console's Today page lists "entry awaiting review" only for those whose pending punch is an entry.
    entering = worker(services, [(at(0, 8), "entry")], review_state="pending")
    leaving = worker(services, [(at(0, 17), "exit")], review_state="pending")  # e.g. a check-out flagged replay
    both = worker(services, [(at(0, 8), "entry"), (at(0, 17), "exit")], review_state="pending")
    counted = worker(services, [(at(0, 8), "entry")])
    assert [(row(services, person).pending_reviews, row(services, person).pending_entry)
            for person in (entering, leaving, both, counted)] == [(1, True), (1, False), (2, True), (0, False)]


def test_weekly_overtime_counts_complete_weeks_only_and_names_the_cut_ones(services):
    # 2026-03-02 is a Monday. Nine hours a day Monday to Friday of that week (45 h) and of the next week's Monday and
    # Tuesday; a period from Monday 2 to Tuesday 10 holds the first week whole and cuts the second.
    person = worker(services, [event for n in (*range(5), 7, 8) for event in (
        (datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(days=n), "entry"),
        (datetime(2026, 3, 2, 17, tzinfo=UTC) + timedelta(days=n), "exit"))])
    forty_hours = services.settings.model_copy(update={"weekly_overtime_minutes": 2400})
    sheet = reports.timesheet(services.db, forty_hours, date(2026, 3, 2), date(2026, 3, 10), employee_id=person)
    line = sheet.items[0]
    assert [(week.week_start, week.days_in_period, week.worked_minutes, week.overtime_minutes)
            for week in line.weeks] == [("2026-03-02", 7, 2700, 300), ("2026-03-09", 2, 1080, None)]
    assert (line.overtime_minutes, line.incomplete_weeks_minutes, line.worked_minutes) == (300, 1080, 3780)
    assert (sheet.weekly_overtime_minutes, sheet.week_start) == (2400, "monday")
    exported = list(csv.DictReader(io.StringIO(reports.timesheet_csv(sheet))))
    assert (exported[0]["overtime_minutes"], exported[0]["incomplete_weeks_minutes"]) == ("300", "1080")

    # Weeks from Sunday: the period's first day (a Monday) is then a cut week's, the second week too
    sunday = forty_hours.model_copy(update={"week_start": "sunday"})
    line = reports.timesheet(services.db, sunday, date(2026, 3, 2), date(2026, 3, 10), employee_id=person).items[0]
    assert [(week.week_start, week.days_in_period, week.overtime_minutes) for week in line.weeks] == [
        ("2026-03-01", 6, None), ("2026-03-08", 3, None)]
    assert (line.overtime_minutes, line.incomplete_weeks_minutes) == (None, 3780)  # no complete week: no figure

    # Off (the default): the weeks are listed, no overtime figure at all (null, an empty CSV cell), never a 0
    line = reports.timesheet(services.db, services.settings, date(2026, 3, 2), date(2026, 3, 8),
                             employee_id=person).items[0]
    assert [(week.worked_minutes, week.overtime_minutes) for week in line.weeks] == [(2700, None)]
    assert (line.overtime_minutes, line.incomplete_weeks_minutes) == (None, None)
