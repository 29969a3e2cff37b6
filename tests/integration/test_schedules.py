"""Work schedules v1 on real PostgreSQL through the real API handler: CRUD and its errors, who may call what, the
employee's schedule (audited by name), and the daily report measuring each person's day against theirs (late,
left early, no-show; night shifts, other zones, a clock change), its CSV columns and its counts."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from facepass import absences, employees, reports, repository
from facepass.schemas import AbsenceRequest, EmployeeCreate
from tests.conftest import fresh_database

ADMIN = {"sub": "hr-1", "username": "hr", "scope": "openid email facepass/admin"}
REVIEWER = {"sub": "sup-1", "username": "supervisor", "scope": "openid email facepass/reviewer"}
PAYROLL = {"sub": "pay-1", "username": "clerk", "scope": "openid email facepass/payroll"}

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
NINE_TO_SIX = [{"weekday": day, "starts_at": "09:00", "ends_at": "18:00"} for day in WEEKDAYS]


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


def create(api, name: str = "Office", days=None, **fields):
    return api.post("/schedules", json_body={"name": name, "days": NINE_TO_SIX if days is None else days, **fields},
                    claims=ADMIN)


def person(services, name: str | None = None, *, timezone: str | None = None) -> uuid.UUID:
    return employees.create_employee(services.db, EmployeeCreate(
        full_name=name or f"W {uuid.uuid4().hex[:6]}", email=f"{uuid.uuid4().hex}@x.io", timezone=timezone)).id


def assign(api, employee_id, schedule_id):
    return api.patch(f"/employees/{employee_id}", json_body={"schedule_id": schedule_id}, claims=ADMIN)


# --- CRUD ------------------------------------------------------------------------------------------------------


def test_a_schedule_is_created_listed_replaced_and_deleted(api):
    made = create(api, "Office 9-18", late_grace_minutes=10,
                  days=[{"weekday": "friday", "starts_at": "09:00", "ends_at": "17:00"},
                        {"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"}])
    assert made.status == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/schedules/{body['id']}"
    assert body["name"] == "Office 9-18" and body["late_grace_minutes"] == 10 and body["employees"] == 0
    assert [day["weekday"] for day in body["days"]] == ["monday", "friday"]  # Monday first
    assert body["days"][0] == {"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"}
    assert body["scheduled_minutes_per_week"] == 8 * 60 + 8 * 60  # the night shift until 06:00 the next day
    assert body["updated_by"] == "hr" and body["created_at"] and body["updated_at"]
    assert create(api, "Another", days=[]).json()["late_grace_minutes"] == 5  # the default grace; no days is fine
    listed = api.get("/schedules", claims=ADMIN).json()["items"]
    assert [item["name"] for item in listed] == ["Another", "Office 9-18"]  # by name
    replaced = api.put(f"/schedules/{body['id']}", json_body={"name": "Office", "days": NINE_TO_SIX}, claims=ADMIN)
    assert replaced.status == 200, replaced.text
    assert replaced.json()["name"] == "Office" and replaced.json()["late_grace_minutes"] == 5
    assert [day["weekday"] for day in replaced.json()["days"]] == WEEKDAYS
    assert replaced.json()["scheduled_minutes_per_week"] == 5 * 9 * 60
    deleted = api.delete(f"/schedules/{body['id']}", claims=ADMIN)
    assert deleted.status == 200, deleted.text
    assert (deleted.json()["id"], deleted.json()["name"]) == (body["id"], "Office")  # as it was
    assert [item["name"] for item in api.get("/schedules", claims=ADMIN).json()["items"]] == ["Another"]


def test_a_name_is_taken_in_any_case(api):
    first = create(api, "Night").json()
    assert create(api, "NIGHT").error_code == "schedule_exists"
    assert create(api, "  night ").error_code == "schedule_exists"  # trimmed
    other = create(api, "Day").json()
    renamed = api.put(f"/schedules/{other['id']}", json_body={"name": "nIGHT", "days": []}, claims=ADMIN)
    assert (renamed.status, renamed.error_code) == (409, "schedule_exists")
    same = api.put(f"/schedules/{first['id']}", json_body={"name": "night", "days": []}, claims=ADMIN)
    assert same.status == 200 and same.json()["name"] == "night"  # its own name in another case


def test_an_unknown_schedule_is_404(api):
    missing = api.put("/schedules/987654", json_body={"name": "X", "days": []}, claims=ADMIN)
    assert (missing.status, missing.error_code) == (404, "schedule_not_found")
    gone = api.delete("/schedules/987654", claims=ADMIN)
    assert (gone.status, gone.error_code) == (404, "schedule_not_found")


def test_a_schedule_in_use_is_not_deleted_and_says_by_how_many(api, services):
    schedule = create(api).json()
    for name in ("A", "B"):
        assert assign(api, person(services, name), schedule["id"]).status == 200
    leaver = person(services, "C")
    assert assign(api, leaver, schedule["id"]).status == 200
    employees.deactivate_employee(services.db, leaver)  # inactive people count too
    refused = api.delete(f"/schedules/{schedule['id']}", claims=ADMIN)
    assert (refused.status, refused.error_code) == (409, "schedule_in_use")
    assert refused.json()["error"]["details"]["employees"] == 3
    assert api.get("/schedules", claims=ADMIN).json()["items"][0]["employees"] == 3


@pytest.mark.parametrize(("body", "code"), [
    ({"name": "X", "days": [NINE_TO_SIX[0], {**NINE_TO_SIX[0], "starts_at": "08:00"}]}, "duplicate_weekday"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:00", "ends_at": "09:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "24:00", "ends_at": "09:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "9:00", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:60", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [{"weekday": "monday", "starts_at": "09:00:00", "ends_at": "17:00"}]},
     "validation_error"),
    ({"name": "X", "days": [{"weekday": "mon", "starts_at": "09:00", "ends_at": "17:00"}]}, "validation_error"),
    ({"name": "X", "days": [], "colour": "red"}, "validation_error"),  # unknown field
    ({"name": "X", "days": [{**NINE_TO_SIX[0], "lunch": 30}]}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": -1}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": 121}, "validation_error"),
    ({"name": "X", "days": [], "late_grace_minutes": "5"}, "validation_error"),
    ({"name": "", "days": []}, "validation_error"),
    ({"name": "   ", "days": []}, "validation_error"),
    ({"name": "x" * 101, "days": []}, "validation_error"),
    ({"name": "a\u0000b", "days": []}, "validation_error"),
    ({"name": "X"}, "validation_error"),
    ({"name": "X", "days": NINE_TO_SIX + [{"weekday": d, "starts_at": "09:00", "ends_at": "10:00"}
                                          for d in ("saturday", "sunday", "monday")]}, "validation_error"),
])
def test_a_bad_schedule_is_422_with_its_code_and_nothing_written(api, body, code):
    for answer in (api.post("/schedules", json_body=body, claims=ADMIN),
                   api.put(f"/schedules/{create(api, uuid.uuid4().hex[:8], days=[]).json()['id']}",
                           json_body=body, claims=ADMIN)):
        assert (answer.status, answer.error_code) == (422, code), answer.text
    assert all(item["days"] == [] for item in api.get("/schedules", claims=ADMIN).json()["items"])


def test_the_grace_bounds_are_allowed(api):
    assert create(api, "none", days=[], late_grace_minutes=0).json()["late_grace_minutes"] == 0
    assert create(api, "most", days=[], late_grace_minutes=120).json()["late_grace_minutes"] == 120


def test_payroll_and_reviewers_read_schedules_and_only_admins_write_them(api):
    schedule = create(api).json()
    for claims in (REVIEWER, PAYROLL):
        assert api.get("/schedules", claims=claims).status == 200
        for answer in (api.post("/schedules", json_body={"name": "Y", "days": []}, claims=claims),
                       api.put(f"/schedules/{schedule['id']}", json_body={"name": "Y", "days": []}, claims=claims),
                       api.delete(f"/schedules/{schedule['id']}", claims=claims)):
            assert (answer.status, answer.error_code) == (403, "forbidden")
    assert [item["name"] for item in api.get("/schedules", claims=ADMIN).json()["items"]] == ["Office"]


# --- the employee's schedule -------------------------------------------------------------------------------------


def test_an_employee_is_given_a_schedule_audited_by_name_and_null_clears_it(api, services):
    office = create(api, "Office").json()
    night = create(api, "Night", days=[]).json()
    someone = person(services)
    given = assign(api, someone, office["id"])
    assert given.status == 200, given.text
    assert (given.json()["schedule_id"], given.json()["schedule_name"]) == (office["id"], "Office")
    read = api.get(f"/employees/{someone}", claims=ADMIN).json()
    assert (read["schedule_id"], read["schedule_name"]) == (office["id"], "Office")
    listed = next(item for item in api.get("/employees", claims=ADMIN).json()["items"] if item["id"] == str(someone))
    assert (listed["schedule_id"], listed["schedule_name"]) == (office["id"], "Office")
    assert assign(api, someone, night["id"]).json()["schedule_name"] == "Night"
    assert assign(api, someone, night["id"]).status == 200  # the same again: no change, no audit row
    cleared = assign(api, someone, None)
    assert (cleared.json()["schedule_id"], cleared.json()["schedule_name"]) == (None, None)
    audit = [(item["field"], item["before"], item["after"], item["actor"])
             for item in api.get(f"/employees/{someone}/audit", claims=ADMIN).json()["items"]
             if item["field"] == "schedule"]
    assert audit == [("schedule", None, "Office", "hr"), ("schedule", "Office", "Night", "hr"),
                     ("schedule", "Night", None, "hr")]
    # The names at the time: renaming the schedule later does not rewrite the trail.
    api.put(f"/schedules/{night['id']}", json_body={"name": "Nights", "days": []}, claims=ADMIN)
    assert [item["after"] for item in api.get(f"/employees/{someone}/audit", claims=ADMIN).json()["items"]
            if item["field"] == "schedule"] == ["Office", "Night", None]


def test_an_unknown_schedule_id_is_422_and_changes_nothing(api, services):
    someone = person(services)
    for unknown in (987654, 0, -1, 2**63):
        answer = api.patch(f"/employees/{someone}", json_body={"schedule_id": unknown, "department": "X"},
                           claims=ADMIN)
        assert (answer.status, answer.error_code) == (422, "schedule_not_found"), (unknown, answer.text)
    after = api.get(f"/employees/{someone}", claims=ADMIN).json()
    assert (after["schedule_id"], after["department"]) == (None, None)
    assert api.patch(f"/employees/{someone}", json_body={"schedule_id": "1"}, claims=ADMIN).error_code == \
        "validation_error"


def test_a_deleted_schedule_frees_its_name(api, services):
    schedule = create(api, "Temp").json()
    someone = person(services)
    assign(api, someone, schedule["id"])
    assign(api, someone, None)
    assert api.delete(f"/schedules/{schedule['id']}", claims=ADMIN).status == 200
    assert create(api, "temp").status == 201
    assert assign(api, someone, schedule["id"]).error_code == "schedule_not_found"


# --- the daily report ------------------------------------------------------------------------------------------

DAY = date(2026, 3, 10)  # a Tuesday; the tests' report zone is UTC
NOON_AFTER = datetime(2026, 3, 12, 12, tzinfo=UTC)  # a clock after DAY (a past day's no-show is one, whatever it says)


def at(day: date, clock: str, zone: str = "UTC") -> datetime:
    hours, minutes = (int(part) for part in clock.split(":")[:2])
    seconds = int(clock.split(":")[2]) if clock.count(":") == 2 else 0
    return datetime(day.year, day.month, day.day, hours, minutes, seconds, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def hired(services, *, timezone: str | None = None, name: str | None = None) -> uuid.UUID:
    """A person employed long before the days tested (a new hire is nobody's no-show before their first day)."""
    someone = person(services, name, timezone=timezone)
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = created_at - interval '2 years' WHERE id = %s",
                    (str(someone),))
    return someone


def punches(services, someone: uuid.UUID, events: list[tuple[datetime, str]], *, review_state: str = "none"):
    with services.db.transaction() as cur:
        for occurred_at, kind in events:
            repository.insert_attendance(cur, employee_id=someone, occurred_at=occurred_at, event_type=kind,
                                         similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door", review_state=review_state)


def scheduled(api, services, days=None, *, grace: int = 5, timezone: str | None = None, name: str | None = None):
    schedule = create(api, uuid.uuid4().hex[:10], days=days, late_grace_minutes=grace)
    assert schedule.status == 201, schedule.text
    someone = hired(services, timezone=timezone, name=name)
    assert assign(api, someone, schedule.json()["id"]).status == 200
    return someone


def item(services, someone, day: date = DAY, now: datetime = NOON_AFTER):
    report = reports.daily_report(services.db, services.settings, day, now=now)
    return next((row for row in report.items if row.employee_id == someone), None)


def measured(row) -> tuple:
    return (row.scheduled_start, row.scheduled_end, row.scheduled_minutes, row.late_minutes, row.left_early_minutes,
            row.no_show)


def test_on_time_within_the_grace_is_0_and_beyond_it_the_exact_minutes(api, services):
    on_time = scheduled(api, services)
    punches(services, on_time, [(at(DAY, "09:05:59"), "entry"), (at(DAY, "18:02"), "exit")])
    assert measured(item(services, on_time)) == ("09:00", "18:00", 540, 0, 0, False)
    late = scheduled(api, services)
    punches(services, late, [(at(DAY, "09:17:40"), "entry"), (at(DAY, "17:55"), "exit")])
    assert measured(item(services, late)) == ("09:00", "18:00", 540, 17, 0, False)  # floored; 5 min early: grace
    just = scheduled(api, services, grace=0)
    punches(services, just, [(at(DAY, "09:01"), "entry"), (at(DAY, "18:00"), "exit")])
    assert item(services, just).late_minutes == 1
    early_bird = scheduled(api, services)
    punches(services, early_bird, [(at(DAY, "08:30"), "entry"), (at(DAY, "18:30"), "exit")])
    assert (item(services, early_bird).late_minutes, item(services, early_bird).left_early_minutes) == (0, 0)
    # The worked time is never touched by a schedule.
    assert item(services, late).worked_minutes == 8 * 60 + 37


def test_leaving_early_beyond_the_grace_says_by_how_much(api, services):
    left = scheduled(api, services)
    punches(services, left, [(at(DAY, "09:00"), "entry"), (at(DAY, "17:29:30"), "exit")])
    assert measured(item(services, left)) == ("09:00", "18:00", 540, 0, 30, False)
    lunch = scheduled(api, services, grace=10)  # two shifts: the last exit is what counts
    punches(services, lunch, [(at(DAY, "09:00"), "entry"), (at(DAY, "12:00"), "exit"), (at(DAY, "13:00"), "entry"),
                              (at(DAY, "17:49"), "exit")])
    assert item(services, lunch).left_early_minutes == 11


def test_no_counted_entry_or_no_exit_or_an_open_shift_is_null(api, services):
    exit_only = scheduled(api, services)  # its entry missing (or awaiting review): no late, the exit is measured
    punches(services, exit_only, [(at(DAY, "09:02"), "entry")], review_state="pending")
    punches(services, exit_only, [(at(DAY, "17:00"), "exit")])
    row = item(services, exit_only)
    assert (row.first_in, row.late_minutes, row.left_early_minutes, row.no_show) == (None, None, 60, False)
    still_in = scheduled(api, services)  # no exit: a forgotten check-out, or still at work
    punches(services, still_in, [(at(DAY, "09:30"), "entry")])
    row = item(services, still_in)
    assert (row.open_shift, row.late_minutes, row.left_early_minutes) == (True, 30, None)
    back_again = scheduled(api, services)  # a closed shift, then one still open: the day is not over
    punches(services, back_again, [(at(DAY, "09:00"), "entry"), (at(DAY, "12:00"), "exit"),
                                   (at(DAY, "13:00"), "entry")])
    row = item(services, back_again)
    assert (row.last_out, row.open_shift, row.left_early_minutes) == (at(DAY, "12:00"), True, None)


def test_a_night_shift_is_measured_on_the_day_it_starts_and_ends_the_next(api, services):
    nights = [{"weekday": "tuesday", "starts_at": "22:00", "ends_at": "06:00"}]
    night = scheduled(api, services, nights, grace=5)
    punches(services, night, [(at(DAY, "22:10"), "entry"), (at(DAY + timedelta(days=1), "05:30"), "exit")])
    assert measured(item(services, night)) == ("22:00", "06:00", 480, 10, 30, False)
    on_time = scheduled(api, services, nights, grace=5)
    punches(services, on_time, [(at(DAY, "21:58"), "entry"), (at(DAY + timedelta(days=1), "06:01"), "exit")])
    assert measured(item(services, on_time)) == ("22:00", "06:00", 480, 0, 0, False)
    # Wednesday is off: its morning shows the exit (ends_night_shift), nothing scheduled.
    wednesday = item(services, night, DAY + timedelta(days=1))
    assert wednesday.ends_night_shift and measured(wednesday) == (None, None, 0, None, None, False)


def test_a_weekday_off_is_not_scheduled(api, services):
    saturday = date(2026, 3, 14)
    worker = scheduled(api, services)  # Monday to Friday
    punches(services, worker, [(at(saturday, "10:00"), "entry"), (at(saturday, "12:00"), "exit")])
    assert measured(item(services, worker, saturday)) == (None, None, 0, None, None, False)
    assert item(services, scheduled(api, services), saturday) is None  # nobody lists a day off without events


def test_a_past_scheduled_day_without_any_event_is_a_no_show(api, services):
    absent = scheduled(api, services, name="Zed Absent")
    row = item(services, absent)
    assert row is not None and measured(row) == ("09:00", "18:00", 540, None, None, True)
    assert (row.events, row.worked_minutes, row.first_in) == (0, 0, None)
    # A leaver is nobody's no-show after leaving; a hire before joining is not either.
    leaver = scheduled(api, services)
    with services.db.transaction() as cur:
        repository.deactivate(cur, leaver, actor="hr", at=at(DAY, "00:00") - timedelta(days=30))
    assert item(services, leaver) is None
    newcomer = create(api, "New", days=NINE_TO_SIX).json()
    later = person(services)  # created now: after DAY
    assign(api, later, newcomer["id"])
    assert item(services, later) is None


def test_an_absence_or_any_event_of_the_day_is_no_no_show(api, services):
    away = scheduled(api, services)
    absences.add(services.db, services.settings, AbsenceRequest(employee_id=away, day=DAY, kind="sick", minutes=480),
                 actor="hr")  # a day's absence (8 h) on a 9-hour schedule: away the whole day (see below)
    row = item(services, away)
    assert (row.absence_minutes, row.no_show, row.late_minutes) == (480, False, None)
    for state in ("pending", "rejected"):
        pressed = scheduled(api, services)
        punches(services, pressed, [(at(DAY, "09:20"), "entry")], review_state=state)
        row = item(services, pressed)
        assert row is not None and (row.no_show, row.late_minutes) == (False, None), state


def test_today_is_a_no_show_only_once_the_start_plus_grace_has_passed(api, services):
    today = scheduled(api, services, grace=5)
    assert item(services, today, now=at(DAY, "08:00")).no_show is False
    assert item(services, today, now=at(DAY, "09:04:59")).no_show is False
    assert item(services, today, now=at(DAY, "09:05")).no_show is True
    assert item(services, today, DAY + timedelta(days=1), now=at(DAY, "12:00")).no_show is False  # tomorrow
    night = scheduled(api, services, [{"weekday": "tuesday", "starts_at": "22:00", "ends_at": "06:00"}], grace=0)
    assert item(services, night, now=at(DAY, "21:59")).no_show is False
    assert item(services, night, now=at(DAY, "22:00")).no_show is True


def test_a_person_in_another_zone_is_measured_on_their_own_day_and_clock(api, services):
    # Auckland (NZDT, UTC+13): their Tuesday 09:12 is Monday 20:12 UTC.
    kiwi = scheduled(api, services, timezone="Pacific/Auckland")
    punches(services, kiwi, [(at(DAY, "09:12", "Pacific/Auckland"), "entry"),
                             (at(DAY, "18:00", "Pacific/Auckland"), "exit")])
    assert at(DAY, "09:12", "Pacific/Auckland").date() == DAY - timedelta(days=1)
    row = item(services, kiwi)
    assert (row.timezone, *measured(row)) == ("Pacific/Auckland", "09:00", "18:00", 540, 12, 0, False)
    # Their Monday (UTC's Monday evening) is theirs too: Monday's schedule, not Tuesday's, on Monday's report.
    mondays = scheduled(api, services, [{"weekday": "monday", "starts_at": "07:00", "ends_at": "15:00"}],
                        timezone="Pacific/Auckland")
    punches(services, mondays, [(at(DAY - timedelta(days=1), "07:30", "Pacific/Auckland"), "entry")])
    assert item(services, mondays) is None  # their Tuesday is off, and has no event
    assert item(services, mondays, DAY - timedelta(days=1)).late_minutes == 30
    # New York (EDT since March 8th): 09:00 there is 13:00 UTC; today's clock is theirs.
    yankee = scheduled(api, services, timezone="America/New_York")
    assert item(services, yankee, now=at(DAY, "13:04")).no_show is False
    assert item(services, yankee, now=at(DAY, "13:05")).no_show is True


def test_a_clock_change_day_is_measured_in_real_minutes(api, services):
    spring = date(2026, 3, 29)  # Berlin: 02:00 CET becomes 03:00 CEST
    sundays = [{"weekday": "sunday", "starts_at": "09:00", "ends_at": "17:00"}]
    berlin = scheduled(api, services, sundays, timezone="Europe/Berlin")
    punches(services, berlin, [(at(spring, "09:07", "Europe/Berlin"), "entry"),
                               (at(spring, "17:00", "Europe/Berlin"), "exit")])
    assert measured(item(services, berlin, spring)) == ("09:00", "17:00", 480, 7, 0, False)
    # Across the change: 01:00 CET to 03:10 CEST is 70 real minutes (130 by the wall clock); the night is 7 hours.
    early = scheduled(api, services, [{"weekday": "sunday", "starts_at": "01:00", "ends_at": "09:00"}],
                      timezone="Europe/Berlin")
    punches(services, early, [(at(spring, "03:10", "Europe/Berlin"), "entry"),
                              (at(spring, "09:00", "Europe/Berlin"), "exit")])
    assert measured(item(services, early, spring)) == ("01:00", "09:00", 420, 70, 0, False)
    saturday = scheduled(api, services, [{"weekday": "saturday", "starts_at": "22:00", "ends_at": "06:00"}],
                         timezone="Europe/Berlin")
    punches(services, saturday, [(at(spring - timedelta(days=1), "22:00", "Europe/Berlin"), "entry"),
                                 (at(spring, "05:50", "Europe/Berlin"), "exit")])
    assert measured(item(services, saturday, spring - timedelta(days=1))) == ("22:00", "06:00", 420, 0, 10, False)


def test_the_csv_ends_with_the_schedule_columns_and_the_report_counts_late_and_no_shows(api, services):
    late = scheduled(api, services, name="A Late")
    punches(services, late, [(at(DAY, "09:30"), "entry"), (at(DAY, "17:00"), "exit")])
    scheduled(api, services, name="B Absent")
    unscheduled = hired(services, name="C Free")
    punches(services, unscheduled, [(at(DAY, "10:00"), "entry")])
    answer = api.get(f"/attendance/daily?date={DAY.isoformat()}", claims=PAYROLL)
    assert answer.status == 200, answer.text
    report = answer.json()
    assert (report["late"], report["no_shows"]) == (1, 1)
    by_name = {row["full_name"]: row for row in report["items"]}
    assert {key: by_name["A Late"][key] for key in ("scheduled_start", "scheduled_end", "scheduled_minutes",
                                                    "late_minutes", "left_early_minutes", "no_show")} == {
        "scheduled_start": "09:00", "scheduled_end": "18:00", "scheduled_minutes": 540, "late_minutes": 30,
        "left_early_minutes": 60, "no_show": False}
    assert by_name["B Absent"]["no_show"] is True and by_name["C Free"]["scheduled_start"] is None
    exported = api.get(f"/attendance/daily?date={DAY.isoformat()}", claims=PAYROLL, headers={"accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][-7:] == ["absence_kinds", "scheduled_start", "scheduled_end", "scheduled_minutes", "late_minutes",
                            "left_early_minutes", "no_show"]
    cells = {row[2]: row[-6:] for row in rows[1:]}
    assert cells == {"A Late": ["09:00", "18:00", "540", "30", "60", "false"],
                     "B Absent": ["09:00", "18:00", "540", "", "", "true"],
                     "C Free": ["", "", "0", "", "", "false"]}


def test_a_scoped_reviewer_sees_the_no_shows_of_their_departments_only(api, services):
    lead = {"sub": "lead-1", "username": "lead@example.com", "scope": "openid email facepass/reviewer"}
    for name, department in (("Walt", "Warehouse"), ("Olga", "Office")):
        someone = scheduled(api, services, name=name)
        assert api.patch(f"/employees/{someone}", json_body={"department": department}, claims=ADMIN).status == 200
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=ADMIN).status == 200
    mine = api.get(f"/attendance/daily?date={DAY.isoformat()}", claims=lead).json()
    assert [(row["full_name"], row["no_show"]) for row in mine["items"]] == [("Walt", True)]
    assert mine["no_shows"] == 1
    everyone = api.get(f"/attendance/daily?date={DAY.isoformat()}", claims=PAYROLL).json()
    assert [row["full_name"] for row in everyone["items"]] == ["Olga", "Walt"]  # by name


# --- the shift's window (not the calendar day) -------------------------------------------------------------------

EVERY_DAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NIGHTS = [{"weekday": day, "starts_at": "22:00", "ends_at": "06:00"} for day in EVERY_DAY]
MONDAY = DAY - timedelta(days=1)
WEDNESDAY = DAY + timedelta(days=1)


def test_a_night_shift_worked_two_nights_running_is_on_time_both_days(api, services):
    night = scheduled(api, services, NIGHTS)
    punches(services, night, [(at(MONDAY, "22:00"), "entry"), (at(DAY, "06:00"), "exit"),
                              (at(DAY, "21:57"), "entry"), (at(WEDNESDAY, "06:03"), "exit")])
    assert measured(item(services, night, MONDAY)) == ("22:00", "06:00", 480, 0, 0, False)
    assert measured(item(services, night, DAY)) == ("22:00", "06:00", 480, 0, 0, False)


def test_a_missed_night_is_a_no_show_though_the_night_before_ended_that_morning(api, services):
    night = scheduled(api, services, NIGHTS)
    punches(services, night, [(at(MONDAY, "22:00"), "entry"), (at(DAY, "06:00"), "exit")])
    row = item(services, night, DAY)  # listed: Monday's 06:00 exit is on Tuesday's calendar day
    assert row.ends_night_shift and measured(row) == ("22:00", "06:00", 480, None, None, True)


def test_an_arrival_past_midnight_is_late_for_the_night_that_began_the_evening_before(api, services):
    night = scheduled(api, services, NIGHTS)
    punches(services, night, [(at(MONDAY, "00:10"), "exit"),  # Sunday night's, before Monday's window
                              (at(DAY, "00:10"), "entry"), (at(DAY, "06:00"), "exit")])
    assert measured(item(services, night, MONDAY)) == ("22:00", "06:00", 480, 130, 0, False)
    assert measured(item(services, night, DAY)) == ("22:00", "06:00", 480, None, None, True)


def test_an_arrival_before_midnight_for_a_shift_starting_at_midnight_is_on_time(api, services):
    midnights = [{"weekday": day, "starts_at": "00:00", "ends_at": "08:00"} for day in EVERY_DAY]
    early = scheduled(api, services, midnights)
    punches(services, early, [(at(MONDAY, "23:55"), "entry"), (at(DAY, "08:00"), "exit")])
    assert measured(item(services, early, DAY)) == ("00:00", "08:00", 480, 0, 0, False)


def test_a_lunch_break_and_overtime_are_neither_late_nor_early(api, services):
    nine_to_five = [{"weekday": "tuesday", "starts_at": "09:00", "ends_at": "17:00"}]
    lunch = scheduled(api, services, nine_to_five)
    punches(services, lunch, [(at(DAY, "09:00"), "entry"), (at(DAY, "12:00"), "exit"), (at(DAY, "12:30"), "entry"),
                              (at(DAY, "17:00"), "exit")])
    assert measured(item(services, lunch)) == ("09:00", "17:00", 480, 0, 0, False)
    overtime = scheduled(api, services, nine_to_five)
    punches(services, overtime, [(at(DAY, "09:00"), "entry"), (at(DAY, "19:00"), "exit")])
    assert measured(item(services, overtime)) == ("09:00", "17:00", 480, 0, 0, False)


def test_the_night_before_ending_that_morning_does_not_stand_for_the_day_shift(api, services):
    week = [{"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"},
            {"weekday": "tuesday", "starts_at": "14:00", "ends_at": "22:00"}]
    worker = scheduled(api, services, week)
    punches(services, worker, [(at(MONDAY, "22:00"), "entry"), (at(DAY, "06:00"), "exit")])
    assert measured(item(services, worker, MONDAY)) == ("22:00", "06:00", 480, 0, 0, False)
    assert measured(item(services, worker, DAY)) == ("14:00", "22:00", 480, None, None, True)


def test_nobody_is_a_no_show_for_a_start_they_were_not_employed_at(api, services):
    hired_later = scheduled(api, services)
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = %s WHERE id = %s", (at(DAY, "15:00"), str(hired_later)))
    left_before = scheduled(api, services)
    with services.db.transaction() as cur:
        repository.deactivate(cur, left_before, actor="hr", at=at(DAY, "07:00"))
    rehired = scheduled(api, services)
    with services.db.transaction() as cur:
        repository.deactivate(cur, rehired, actor="hr", at=at(DAY, "00:00") - timedelta(days=30))
    with services.db.transaction() as cur:  # reactivated at 10:00, after the 09:00 start (the audit is append-only)
        cur.execute("UPDATE employees SET is_active = true, deactivated_at = NULL WHERE id = %s", (str(rehired),))
        cur.execute("""INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at)
                       VALUES (%s, 'is_active', 'hr', 'false', 'true', %s)""", (str(rehired), at(DAY, "10:00")))
    for someone in (hired_later, left_before, rehired):
        row = item(services, someone)  # listed (employed at some instant of the day), not a no-show
        assert row is not None and measured(row) == ("09:00", "18:00", 540, None, None, False)
    # Employment is judged at the start in the person's zone: Auckland's Tuesday 09:00 is Monday 20:00 UTC, before
    # a 07:00 UTC deactivation on Tuesday.
    kiwi = scheduled(api, services, timezone="Pacific/Auckland")
    with services.db.transaction() as cur:
        repository.deactivate(cur, kiwi, actor="hr", at=at(DAY, "07:00"))
    assert item(services, kiwi).no_show is True


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_whose_shift_window_cannot_be_computed_is_not_scheduled_never_a_500(api, services, day):
    # A night shift west of UTC on 9999-12-31 ends in year 10000; a shift at 00:00 east of it on 0001-01-01 starts
    # in year 0. Employed since the first instant Python can hold, so listed on both days.
    people = []
    for zone in ("America/Los_Angeles", "Pacific/Auckland", None):
        people.append(scheduled(api, services, NIGHTS, timezone=zone))
        people.append(scheduled(api, services, [{"weekday": w, "starts_at": "00:00", "ends_at": "23:00"}
                                                for w in EVERY_DAY], timezone=zone))
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET created_at = '0001-01-01 00:00:00+00' WHERE id = ANY(%s::uuid[])",
                    ([str(someone) for someone in people],))
    answer = api.get(f"/attendance/daily?date={day}", claims=PAYROLL)
    assert answer.status == 200, answer.text
    rows = {row["employee_id"]: row for row in answer.json()["items"]}
    assert set(rows) == {str(someone) for someone in people}
    west_night = rows[str(people[0])] if day == "9999-12-31" else rows[str(people[3])]  # LA; Auckland at 00:00
    assert (west_night["scheduled_start"], west_night["late_minutes"], west_night["no_show"]) == (None, None, False)
    assert api.get(f"/attendance/daily?date={day}", claims=PAYROLL, headers={"accept": "text/csv"}).status == 200


def test_a_paid_absence_excuses_as_many_minutes_late_or_early_and_a_no_show_only_in_full(api, services):
    def away(someone, minutes):
        absences.add(services.db, services.settings,
                     AbsenceRequest(employee_id=someone, day=DAY, kind="sick", minutes=minutes), actor="hr")

    morning_sick = scheduled(api, services)  # sick 4 hours, in at 13:00 for 09:00
    away(morning_sick, 240)
    punches(services, morning_sick, [(at(DAY, "13:00"), "entry"), (at(DAY, "18:00"), "exit")])
    assert measured(item(services, morning_sick)) == ("09:00", "18:00", 540, 0, 0, False)
    later_still = scheduled(api, services)  # 4 hours excused, 4 h 20 late: 20 minutes late
    away(later_still, 240)
    punches(services, later_still, [(at(DAY, "13:20"), "entry"), (at(DAY, "18:00"), "exit")])
    assert item(services, later_still).late_minutes == 20
    afternoon = scheduled(api, services)  # an hour excused at the end; gone 70 minutes early: 10
    away(afternoon, 60)
    punches(services, afternoon, [(at(DAY, "09:00"), "entry"), (at(DAY, "16:50"), "exit")])
    assert (item(services, afternoon).late_minutes, item(services, afternoon).left_early_minutes) == (0, 10)
    quarter = scheduled(api, services)  # 15 minutes away does not hide a day not come
    away(quarter, 15)
    assert measured(item(services, quarter)) == ("09:00", "18:00", 540, None, None, True)
    day_off = scheduled(api, services)  # 480 (a day's absence, 8 h) on a 9-hour schedule: away the whole day
    away(day_off, 480)
    assert item(services, day_off).no_show is False
    whole = scheduled(api, services)
    away(whole, 540)
    assert item(services, whole).no_show is False
    eight_hours = [{"weekday": "tuesday", "starts_at": "09:00", "ends_at": "17:00"}]
    half = scheduled(api, services, eight_hours)  # half a day away, never came: a no-show for the other half
    away(half, 240)
    assert measured(item(services, half)) == ("09:00", "17:00", 480, None, None, True)
    short = scheduled(api, services, [{"weekday": "tuesday", "starts_at": "09:00", "ends_at": "13:00"}])
    away(short, 240)  # the whole of a 4-hour day
    assert item(services, short).no_show is False


def test_a_public_holiday_of_480_minutes_is_no_no_show_on_a_9_hour_schedule(api, services):
    worker = scheduled(api, services)  # 09:00-18:00: 540 minutes
    absences.add(services.db, services.settings,
                 AbsenceRequest(employee_id=worker, day=DAY, kind="holiday", minutes=480), actor="hr")
    row = item(services, worker)
    assert (row.absence_minutes, *measured(row)) == (480, "09:00", "18:00", 540, None, None, False)


def test_one_paid_absence_is_one_allowance_late_first_then_early(api, services):
    visit = scheduled(api, services)  # a 60-minute visit: in at 10:00 for 09:00 and out at 17:00 for 18:00
    absences.add(services.db, services.settings,
                 AbsenceRequest(employee_id=visit, day=DAY, kind="other", minutes=60), actor="hr")
    punches(services, visit, [(at(DAY, "10:00"), "entry"), (at(DAY, "17:00"), "exit")])
    assert measured(item(services, visit)) == ("09:00", "18:00", 540, 0, 60, False)
    some_left = scheduled(api, services)  # 90 excused: 30 late uses 30, the 60 left excuse 70 early but 10
    absences.add(services.db, services.settings,
                 AbsenceRequest(employee_id=some_left, day=DAY, kind="other", minutes=90), actor="hr")
    punches(services, some_left, [(at(DAY, "09:30"), "entry"), (at(DAY, "16:50"), "exit")])
    assert measured(item(services, some_left)) == ("09:00", "18:00", 540, 0, 10, False)


NIGHT_THEN_DAY = [{"weekday": "monday", "starts_at": "22:00", "ends_at": "06:00"},
                  {"weekday": "tuesday", "starts_at": "09:00", "ends_at": "17:00"}]


def test_a_night_then_a_day_shift_share_no_event(api, services):
    # Monday's window closes, and Tuesday's opens, halfway between Monday's end (06:00) and Tuesday's start (09:00).
    absent_tuesday = scheduled(api, services, NIGHT_THEN_DAY)  # worked Monday night, never came Tuesday
    punches(services, absent_tuesday, [(at(MONDAY, "22:00"), "entry"), (at(DAY, "06:00"), "exit")])
    assert measured(item(services, absent_tuesday, MONDAY)) == ("22:00", "06:00", 480, 0, 0, False)
    assert measured(item(services, absent_tuesday)) == ("09:00", "17:00", 480, None, None, True)
    left_at_four = scheduled(api, services, NIGHT_THEN_DAY)  # left Monday night at 04:00, worked Tuesday
    punches(services, left_at_four, [(at(MONDAY, "22:00"), "entry"), (at(DAY, "04:00"), "exit"),
                                     (at(DAY, "09:00"), "entry"), (at(DAY, "17:00"), "exit")])
    assert measured(item(services, left_at_four, MONDAY)) == ("22:00", "06:00", 480, 0, 120, False)
    assert measured(item(services, left_at_four)) == ("09:00", "17:00", 480, 0, 0, False)
    missed_monday = scheduled(api, services, NIGHT_THEN_DAY)  # never came Monday night, in Tuesday at 08:55
    punches(services, missed_monday, [(at(DAY, "08:55"), "entry"), (at(DAY, "17:00"), "exit")])
    assert measured(item(services, missed_monday, MONDAY)) == ("22:00", "06:00", 480, None, None, True)
    assert measured(item(services, missed_monday)) == ("09:00", "17:00", 480, 0, 0, False)


def test_a_late_then_an_early_shift_rota_shares_no_event(api, services):
    rota = [{"weekday": "monday", "starts_at": "14:00", "ends_at": "22:00"},
            {"weekday": "tuesday", "starts_at": "06:00", "ends_at": "14:00"}]
    missed_monday = scheduled(api, services, rota)  # missed Monday's late shift, in Tuesday 05:55
    punches(services, missed_monday, [(at(DAY, "05:55"), "entry"), (at(DAY, "14:00"), "exit")])
    assert measured(item(services, missed_monday, MONDAY)) == ("14:00", "22:00", 480, None, None, True)
    assert measured(item(services, missed_monday)) == ("06:00", "14:00", 480, 0, 0, False)
    left_monday = scheduled(api, services, rota)  # Monday 14:00-20:00 (2 h early), Tuesday 05:55-14:00
    punches(services, left_monday, [(at(MONDAY, "14:00"), "entry"), (at(MONDAY, "20:00"), "exit"),
                                    (at(DAY, "05:55"), "entry"), (at(DAY, "14:00"), "exit")])
    assert measured(item(services, left_monday, MONDAY)) == ("14:00", "22:00", 480, 0, 120, False)
    assert measured(item(services, left_monday)) == ("06:00", "14:00", 480, 0, 0, False)


def test_a_shift_of_23_hours_sees_its_own_exit(api, services):
    long = [{"weekday": "tuesday", "starts_at": "08:00", "ends_at": "07:00"}]
    on_time = scheduled(api, services, long)
    punches(services, on_time, [(at(DAY, "08:00"), "entry"), (at(WEDNESDAY, "07:00"), "exit")])
    assert measured(item(services, on_time)) == ("08:00", "07:00", 1380, 0, 0, False)
    gone_early = scheduled(api, services, long)
    punches(services, gone_early, [(at(DAY, "08:00"), "entry"), (at(WEDNESDAY, "03:00"), "exit")])
    assert measured(item(services, gone_early)) == ("08:00", "07:00", 1380, 0, 240, False)
    every_day = scheduled(api, services, [{**day, "weekday": weekday} for day in long for weekday in EVERY_DAY])
    punches(services, every_day, [(at(DAY, "08:00"), "entry"), (at(WEDNESDAY, "07:00"), "exit"),
                                  (at(WEDNESDAY, "08:00"), "entry"), (at(WEDNESDAY + timedelta(days=1), "07:00"),
                                                                      "exit")])
    assert measured(item(services, every_day)) == ("08:00", "07:00", 1380, 0, 0, False)
    assert measured(item(services, every_day, WEDNESDAY)) == ("08:00", "07:00", 1380, 0, 0, False)


def test_a_long_shift_before_a_day_off_shares_no_event_with_the_day_after(api, services):
    # Monday 20:00 - Tuesday 14:00, Tuesday off, Wednesday 00:00-08:00: Wednesday's window opens Tuesday 20:00, so
    # Monday's closes then (not at 22:00, E + 8 h): an early arrival for Wednesday is not Monday's shift still open.
    week = [{"weekday": "monday", "starts_at": "20:00", "ends_at": "14:00"},
            {"weekday": "wednesday", "starts_at": "00:00", "ends_at": "08:00"}]
    worker = scheduled(api, services, week)
    punches(services, worker, [(at(MONDAY, "20:00"), "entry"), (at(DAY, "14:00"), "exit"),
                               (at(DAY, "21:00"), "entry"), (at(WEDNESDAY, "08:00"), "exit")])
    assert measured(item(services, worker, MONDAY)) == ("20:00", "14:00", 1080, 0, 0, False)
    assert measured(item(services, worker, WEDNESDAY)) == ("00:00", "08:00", 480, 0, 0, False)
