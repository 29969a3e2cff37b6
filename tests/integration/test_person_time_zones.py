"""Per-person time zones on real PostgreSQL: a person's report days, shifts, timesheet and CSV times are in their own
zone (null: the report zone); a bad zone is 422 and writes nothing; a change of zone is audited; a manual punch's
conflict is said in the person's zone."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest

from facepass import reports, repository
from tests.conftest import fresh_database

REPORT_ZONE = "Europe/Berlin"
NEW_YORK = "America/New_York"


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name)


@pytest.fixture
def settings(settings):
    """The company's report zone is Berlin's."""
    return settings.model_copy(update={"report_timezone": REPORT_ZONE})


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def person(api, name: str, zone: str | None = None) -> str:
    body = {"full_name": name, "email": f"{uuid.uuid4().hex[:10]}@example.com",
            **({"timezone": zone} if zone else {})}
    created = api.post("/employees", json_body=body)
    assert created.status == 201, created.text
    assert created.json()["timezone"] == zone
    return created.json()["id"]


def punches(services, employee_id: str, *events: tuple[str, str], review_state: str = "none") -> None:
    with services.db.transaction() as cur:
        for kind, moment in events:
            repository.insert_attendance(cur, employee_id=uuid.UUID(employee_id), occurred_at=utc(moment),
                                         event_type=kind, similarity=0.8, trace_id=uuid.uuid4(), snapshot_key=None,
                                         status="recognized", device_id="door", review_state=review_state)


def daily(api, day: str) -> dict:
    answer = api.get("/attendance/daily", query=f"date={day}")
    assert answer.status == 200, answer.text
    return answer.json()


def daily_csv(api, day: str) -> dict[str, dict]:
    answer = api.get("/attendance/daily", query=f"date={day}", headers={"accept": "text/csv"})
    assert answer.status == 200, answer.text
    return {row["employee_id"]: row for row in csv.DictReader(io.StringIO(answer.text))}


def by_person(items: list[dict]) -> dict[str, dict]:
    return {item["employee_id"]: item for item in items}


def test_the_same_instants_are_a_night_shift_in_new_york_and_a_day_shift_in_berlin(api, services):
    berlin = person(api, "Berlin Day")  # no zone of their own: the report zone's days
    new_york = person(api, "New York Night", NEW_YORK)
    kiritimati = person(api, "Kiritimati Early", "Pacific/Kiritimati")  # UTC+14
    # 02:00-10:00 UTC: in New York 21:00 on the 10th to 05:00 on the 11th (a night), in Berlin 03:00-11:00 on the 11th.
    for someone in (berlin, new_york):
        punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T10:00"))
    # 11:00 UTC on the 9th is 01:00 on the 10th in Kiritimati: a day of theirs that starts before Berlin's.
    punches(services, kiritimati, ("entry", "2026-11-09T11:00"), ("exit", "2026-11-09T19:00"))
    # Awaiting review at 03:00 UTC on the 11th: 22:00 on the 10th in New York, so the 10th's.
    punches(services, new_york, ("entry", "2026-11-11T03:00"), review_state="pending")

    tenth = daily(api, "2026-11-10")
    assert tenth["timezone"] == REPORT_ZONE
    rows = by_person(tenth["items"])
    assert set(rows) == {new_york, kiritimati}  # Berlin's shift began on the 11th
    night = rows[new_york]
    assert (night["timezone"], night["worked_minutes"], night["events"], night["pending_reviews"]) == (
        NEW_YORK, 480, 1, 1)
    assert (datetime.fromisoformat(night["first_in"]), datetime.fromisoformat(night["last_out"])) == (
        utc("2026-11-11T02:00"), utc("2026-11-11T10:00"))
    assert (rows[kiritimati]["timezone"], rows[kiritimati]["worked_minutes"]) == ("Pacific/Kiritimati", 480)
    assert tenth["pending_reviews"] == 1  # the New York person's pending entry, on their 10th

    eleventh = by_person(daily(api, "2026-11-11")["items"])
    assert (eleventh[berlin]["timezone"], eleventh[berlin]["worked_minutes"]) == (REPORT_ZONE, 480)
    ended = eleventh[new_york]  # the night's exit: an event of the 11th, no time, said why
    assert (ended["worked_minutes"], ended["events"], ended["ends_night_shift"]) == (0, 1, True)

    # The CSV writes each person's times as their own wall clock, with its offset, and names the zone.
    exported = daily_csv(api, "2026-11-10")
    assert (exported[new_york]["first_in"], exported[new_york]["last_out"], exported[new_york]["timezone"]) == (
        "2026-11-10T21:00:00-05:00", "2026-11-11T05:00:00-05:00", NEW_YORK)
    assert exported[kiritimati]["first_in"] == "2026-11-10T01:00:00+14:00"
    exported = daily_csv(api, "2026-11-11")
    assert (exported[berlin]["first_in"], exported[berlin]["last_out"], exported[berlin]["timezone"]) == (
        "2026-11-11T03:00:00+01:00", "2026-11-11T11:00:00+01:00", REPORT_ZONE)

    # The timesheet: the same days per person, and only the people with an event in their own period.
    sheet = api.get("/attendance/timesheet", query="date_from=2026-11-10&date_to=2026-11-11").json()
    rows = by_person(sheet["items"])
    assert [day["worked_minutes"] for day in rows[new_york]["days"]] == [480, 0]
    assert [day["worked_minutes"] for day in rows[berlin]["days"]] == [0, 480]
    assert [rows[someone]["timezone"] for someone in (berlin, new_york)] == [REPORT_ZONE, NEW_YORK]
    assert (rows[new_york]["pending_reviews"], sheet["pending_reviews"]) == (1, 1)
    only_tenth = api.get("/attendance/timesheet", query="date_from=2026-11-10&date_to=2026-11-10").json()
    assert {item["employee_id"] for item in only_tenth["items"]} == {new_york, kiritimati}
    assert only_tenth["pending_reviews"] == 1
    sheet_csv = api.get("/attendance/timesheet", query="date_from=2026-11-10&date_to=2026-11-11",
                        headers={"accept": "text/csv"}).text
    exported = {row["employee_id"]: row for row in csv.DictReader(io.StringIO(sheet_csv))}
    assert [exported[new_york][column] for column in ("2026-11-10", "2026-11-11", "timezone")] == [
        "480", "0", NEW_YORK]
    assert [exported[berlin][column] for column in ("2026-11-10", "2026-11-11", "timezone")] == [
        "0", "480", REPORT_ZONE]

    # The event listing keeps the report zone's days: 02:00 UTC on the 11th is Berlin's 11th, whoever punched.
    listed = api.get("/attendance", query="date_from=2026-11-11&date_to=2026-11-11&counted=true").json()["items"]
    assert sorted(event["employee"]["id"] for event in listed) == sorted([berlin, berlin, new_york, new_york])


def test_a_night_the_clocks_go_back_in_new_york_counts_its_real_hours_there(api, services):
    new_york = person(api, "New York Autumn", NEW_YORK)
    berlin = person(api, "Berlin Autumn")
    # New York's clocks go back at 02:00 on 2026-11-01: 22:00 EDT on Oct 31 to 06:00 EST is 9 hours, not 8.
    for someone in (new_york, berlin):
        punches(services, someone, ("entry", "2026-11-01T02:00"), ("exit", "2026-11-01T11:00"))
    halloween = by_person(daily(api, "2026-10-31")["items"])
    assert set(halloween) == {new_york}
    assert halloween[new_york]["worked_minutes"] == 9 * 60
    exported = daily_csv(api, "2026-10-31")[new_york]
    assert (exported["first_in"], exported["last_out"]) == ("2026-10-31T22:00:00-04:00", "2026-11-01T06:00:00-05:00")
    first = by_person(daily(api, "2026-11-01")["items"])
    assert first[berlin]["worked_minutes"] == 9 * 60 and first[new_york]["ends_night_shift"]
    sheet = api.get("/attendance/timesheet", query="date_from=2026-10-31&date_to=2026-11-01").json()
    rows = by_person(sheet["items"])
    assert [day["worked_minutes"] for day in rows[new_york]["days"]] == [540, 0]
    assert [day["worked_minutes"] for day in rows[berlin]["days"]] == [0, 540]


def listed(api, query: str) -> tuple[list[str], str]:
    answer = api.get("/attendance", query=query)
    assert answer.status == 200, answer.text
    return [event["occurred_at"] for event in answer.json()["items"]], answer.json()["timezone"]


def test_one_persons_listing_is_their_days_in_their_zone_everyones_the_report_zones(api, services):
    new_york = person(api, "New York Listed", NEW_YORK)
    berlin = person(api, "Berlin Listed")
    # 02:00 UTC on the 11th is 21:00 on the 10th in New York (their timesheet's 10th), 03:00 on the 11th in Berlin.
    for someone in (new_york, berlin):
        punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T10:00"))
    assert listed(api, f"employee_id={new_york}&date_from=2026-11-10&date_to=2026-11-10") == (
        ["2026-11-11T02:00:00Z"], NEW_YORK)
    assert listed(api, f"employee_id={new_york}&date_from=2026-11-11&date_to=2026-11-11") == (
        ["2026-11-11T10:00:00Z"], NEW_YORK)  # 05:00 on the 11th there: the night shift's exit
    assert listed(api, f"employee_id={berlin}&date_from=2026-11-10&date_to=2026-11-10") == ([], REPORT_ZONE)
    assert listed(api, f"employee_id={berlin}&date_from=2026-11-11&date_to=2026-11-11")[0] == [
        "2026-11-11T02:00:00Z", "2026-11-11T10:00:00Z"]
    # Everyone's listing stays in the report zone: nothing on Berlin's 10th.
    assert listed(api, "date_from=2026-11-10&date_to=2026-11-10") == ([], REPORT_ZONE)
    assert len(listed(api, "date_from=2026-11-11&date_to=2026-11-11")[0]) == 4
    exported = api.get("/attendance", query=f"employee_id={new_york}&date_from=2026-11-10&date_to=2026-11-11",
                       headers={"accept": "text/csv"})
    assert [row["occurred_at"] for row in csv.DictReader(io.StringIO(exported.text))] == [
        "2026-11-10T21:00:00-05:00", "2026-11-11T05:00:00-05:00"]


def test_a_person_without_a_zone_reads_as_the_report_zone(api, services):
    someone = person(api, "No Zone")
    punches(services, someone, ("entry", "2026-11-10T22:30"), ("exit", "2026-11-11T06:30"))  # 23:30 in Berlin
    row = by_person(daily(api, "2026-11-10")["items"])[someone]
    assert (row["timezone"], row["worked_minutes"]) == (REPORT_ZONE, 480)
    assert daily_csv(api, "2026-11-10")[someone]["first_in"] == "2026-11-10T23:30:00+01:00"
    assert api.get(f"/employees/{someone}").json()["timezone"] is None


def test_a_bad_zone_is_422_and_writes_nothing(api, services):
    someone = person(api, "Zoned", NEW_YORK)
    before = api.get(f"/employees/{someone}").json()
    for zone in ("Mars/Olympus", "localtime", "Factory", "posix/Europe/Berlin", "Europe", "America", "", "x" * 65, 5):
        created = api.post("/employees", json_body={"full_name": "Bad", "email": "bad@example.com", "timezone": zone})
        assert (created.status, created.error_code) == (422, "validation_error"), (zone, created.text)
        patched = api.patch(f"/employees/{someone}", json_body={"timezone": zone, "full_name": "Renamed"})
        assert (patched.status, patched.error_code) == (422, "validation_error"), (zone, patched.text)
        replaced = api.put(f"/employees/{someone}", json_body={"full_name": "Renamed", "email": before["email"],
                                                               "timezone": zone})
        assert (replaced.status, replaced.error_code) == (422, "validation_error"), (zone, replaced.text)
        if isinstance(zone, str) and zone:  # a device's zone is checked alike (a folder of zones was a 500)
            device = api.post("/devices", json_body={"name": "Door", "timezone": zone})
            assert (device.status, device.error_code) == (422, "validation_error"), (zone, device.text)
    assert api.get(f"/employees/{someone}").json() == before
    assert api.get("/employees", query="q=bad@example.com").json()["items"] == []
    assert [(entry["before"], entry["after"]) for entry in api.get(f"/employees/{someone}/audit").json()["items"]
            if entry["field"] == "timezone"] == [(None, NEW_YORK)]  # the creation's only


def test_a_change_of_zone_is_audited_and_keeps_past_days(api, services):
    someone = person(api, "Mover")
    punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T10:00"))
    assert set(by_person(daily(api, "2026-11-10")["items"])) == set()  # Berlin: the 11th
    moved = api.patch(f"/employees/{someone}", json_body={"timezone": NEW_YORK})
    assert (moved.status, moved.json()["timezone"]) == (200, NEW_YORK)
    # A zone applies from the moment it was set: the shift stays Berlin's 11th.
    assert set(by_person(daily(api, "2026-11-10")["items"])) == set()
    assert by_person(daily(api, "2026-11-11")["items"])[someone]["timezone"] == REPORT_ZONE
    assert api.patch(f"/employees/{someone}", json_body={"timezone": NEW_YORK}).status == 200  # no change: no entry
    assert api.patch(f"/employees/{someone}", json_body={"full_name": "Mover Again"}).json()["timezone"] == NEW_YORK
    back = api.patch(f"/employees/{someone}", json_body={"timezone": None})  # null: the report zone again
    assert (back.status, back.json()["timezone"]) == (200, None)
    trail = [entry for entry in api.get(f"/employees/{someone}/audit").json()["items"] if entry["field"] == "timezone"]
    assert [(entry["field"], entry["actor"], entry["before"], entry["after"]) for entry in trail] == [
        ("timezone", "test-admin", None, NEW_YORK), ("timezone", "test-admin", NEW_YORK, None)]
    replaced = api.put(f"/employees/{someone}", json_body={"full_name": "Mover", "email": "mover@example.com",
                                                           "timezone": "Asia/Tokyo"})
    assert (replaced.status, replaced.json()["timezone"]) == (200, "Asia/Tokyo")
    assert api.get(f"/employees/{someone}/audit").json()["items"][-1]["after"] == "Asia/Tokyo"
    # A change of zone must say who made it: a token without a subject changes nothing.
    anonymous = api.patch(f"/employees/{someone}", json_body={"timezone": NEW_YORK},
                          claims={"scope": "facepass/admin"})
    assert (anonymous.status, anonymous.error_code) == (403, "actor_unknown")
    assert api.get(f"/employees/{someone}").json()["timezone"] == "Asia/Tokyo"
    assert len([entry for entry in api.get(f"/employees/{someone}/audit").json()["items"]
                if entry["field"] == "timezone"]) == 3
    assert api.get(f"/employees/{uuid.uuid4()}/audit").error_code == "employee_not_found"


def sheet_rows(api, date_from: str, date_to: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """The timesheet's rows, JSON and CSV, by person."""
    query = f"date_from={date_from}&date_to={date_to}"
    answer = api.get("/attendance/timesheet", query=query)
    assert answer.status == 200, answer.text
    exported = api.get("/attendance/timesheet", query=query, headers={"accept": "text/csv"})
    assert exported.status == 200, exported.text
    return by_person(answer.json()["items"]), {row["employee_id"]: row
                                               for row in csv.DictReader(io.StringIO(exported.text))}


def test_a_zone_set_between_pay_periods_pays_each_shift_once(api, services):
    """A zone applies from the moment it was set: a shift keeps the day its entry had in the zone held then, so a
    move between pay periods neither drops nor double-pays a shift near the boundary."""
    to_new_york = person(api, "Berlin To New York")
    to_berlin = person(api, "New York To Berlin", NEW_YORK)
    # 05:00-12:00 on the 16th in Berlin; 22:00 on the 15th to 04:00 on the 16th in New York.
    punches(services, to_new_york, ("entry", "2026-11-16T04:00"), ("exit", "2026-11-16T11:00"))
    punches(services, to_berlin, ("entry", "2026-11-16T03:00"), ("exit", "2026-11-16T09:00"))
    first_half, _ = sheet_rows(api, "2026-11-01", "2026-11-15")
    assert set(first_half) == {to_berlin}  # signed: New York's 15th
    for someone, zone in ((to_new_york, NEW_YORK), (to_berlin, None)):
        assert api.patch(f"/employees/{someone}", json_body={"timezone": zone}).status == 200
    first_half, _ = sheet_rows(api, "2026-11-01", "2026-11-15")
    assert set(first_half) == {to_berlin}
    assert first_half[to_berlin]["worked_minutes"] == 360
    assert first_half[to_berlin]["days"][-1]["timezone"] == NEW_YORK
    second_half, exported = sheet_rows(api, "2026-11-16", "2026-11-30")
    assert set(second_half) == {to_new_york, to_berlin}  # paid in one period each, not twice nor in neither
    assert (second_half[to_berlin]["worked_minutes"], second_half[to_berlin]["days"][0]["ends_night_shift"]) == (
        0, True)
    row = second_half[to_new_york]
    assert (row["worked_minutes"], row["days"][0]["worked_minutes"], row["days"][0]["timezone"]) == (
        420, 420, REPORT_ZONE)
    # The change came after the period (today): every day of it is Berlin's, the row's zone too.
    assert row["timezone"] == REPORT_ZONE and {day["timezone"] for day in row["days"]} == {REPORT_ZONE}
    assert (exported[to_new_york]["2026-11-16"], exported[to_new_york]["timezone"],
            exported[to_new_york]["day_timezones"]) == ("420", REPORT_ZONE, "")
    day = by_person(daily(api, "2026-11-16")["items"])[to_new_york]
    assert (day["timezone"], day["worked_minutes"]) == (REPORT_ZONE, 420)
    assert daily_csv(api, "2026-11-16")[to_new_york]["first_in"] == "2026-11-16T05:00:00+01:00"
    # The zone set at creation is audited too, before null.
    trail = [entry for entry in api.get(f"/employees/{to_berlin}/audit").json()["items"]
             if entry["field"] == "timezone"]
    assert [(entry["actor"], entry["before"], entry["after"]) for entry in trail] == [
        ("test-admin", None, NEW_YORK), ("test-admin", NEW_YORK, None)]


def test_a_period_spanning_a_change_finds_and_places_each_day_in_the_zone_held_then(api, services):
    """Zones changed within the period (as a change in the past left them: the history's rows written directly),
    none of them the report zone: the windows that find the person cover every zone they had."""
    someone = person(api, "Traveller", "Asia/Tokyo")
    with services.db.transaction() as cur:  # Tokyo until 10 Nov 12:00 UTC, New York from then (and now)
        cur.execute("UPDATE employees SET timezone = %s WHERE id = %s", (NEW_YORK, someone))
        cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (%s, %s, %s)",
                    (someone, utc("2026-11-10T12:00"), NEW_YORK))
    # 9 Nov 15:30 UTC is 10 Nov 00:30 in Tokyo: the 10th (Berlin's and New York's 9th).
    punches(services, someone, ("entry", "2026-11-09T15:30"), ("exit", "2026-11-09T23:30"))
    # After the change: 11 Nov 02:00 UTC is New York's 10th, 21:00.
    punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T06:00"))
    rows, exported = sheet_rows(api, "2026-11-10", "2026-11-10")
    assert [day["worked_minutes"] for day in rows[someone]["days"]] == [480 + 240]
    only_ninth, _ = sheet_rows(api, "2026-11-09", "2026-11-09")
    assert only_ninth == {}  # Tokyo's 10th and New York's 10th: nothing on the 9th
    rows, exported = sheet_rows(api, "2026-11-09", "2026-11-11")
    assert [(day["worked_minutes"], day["timezone"]) for day in rows[someone]["days"]] == [
        (0, "Asia/Tokyo"), (720, "Asia/Tokyo"), (0, NEW_YORK)]
    assert exported[someone]["day_timezones"] == "2026-11-09..2026-11-10 Asia/Tokyo; 2026-11-11..2026-11-11 " + NEW_YORK


def test_a_zone_tzdata_no_longer_knows_falls_back_to_the_report_zone_flagged(api, services, caplog):
    """A stored zone that does not load here (tzdata dropped US/Pacific-New) never fails a report: that person's
    days are the report zone's, flagged; nobody else's change; an erased person's such zone is never read."""
    dropped = None
    with services.db.transaction() as cur:
        for name, active in (("Dropped Zone", True), ("Erased Dropped", False)):
            cur.execute("INSERT INTO employees (full_name, email, timezone, is_active) VALUES (%s, %s, %s, %s) "
                        "RETURNING id", (name, f"{uuid.uuid4().hex[:10]}@example.com", "US/Pacific-New", active))
            created = str(cur.fetchone()["id"])
            dropped = created if active else dropped
    fine = person(api, "Fine", NEW_YORK)
    now = datetime.now(UTC).replace(microsecond=0)
    entry_at, exit_at = now - timedelta(days=2, hours=10), now - timedelta(days=2, hours=2)
    for someone in (dropped, fine):
        punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T10:00"),
                ("entry", entry_at.isoformat()[:19]), ("exit", exit_at.isoformat()[:19]))
    caplog.set_level("ERROR", logger="facepass.reports")
    rows, exported = sheet_rows(api, "2026-11-10", "2026-11-11")
    assert (rows[dropped]["timezone"], rows[dropped]["timezone_unavailable"]) == (REPORT_ZONE, True)
    assert [(day["worked_minutes"], day["timezone"]) for day in rows[dropped]["days"]] == [
        (0, REPORT_ZONE), (480, REPORT_ZONE)]  # Berlin's 11th
    assert (rows[fine]["timezone_unavailable"], [day["worked_minutes"] for day in rows[fine]["days"]]) == (
        False, [480, 0])
    assert (exported[dropped]["timezone"], exported[dropped]["timezone_unavailable"]) == (REPORT_ZONE, "true")
    assert exported[fine]["timezone_unavailable"] == "false"
    item = by_person(daily(api, "2026-11-11")["items"])[dropped]
    assert (item["timezone"], item["timezone_unavailable"], item["worked_minutes"]) == (REPORT_ZONE, True, 480)
    exported = daily_csv(api, "2026-11-11")[dropped]
    assert (exported["first_in"], exported["timezone_unavailable"]) == ("2026-11-11T03:00:00+01:00", "true")
    assert any(getattr(record, "timezone", None) == "US/Pacific-New" for record in caplog.records)
    refused = api.post("/attendance/manual", json_body={  # the conflict is said in the report zone
        "employee_id": dropped, "event_type": "exit", "occurred_at": (exit_at + timedelta(hours=1)).isoformat(),
        "note": "left later"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict")
    assert refused.json()["error"]["details"]["timezone"] == REPORT_ZONE


def test_a_timesheet_reads_its_people_and_their_figures_in_one_snapshot(api, services, database_url, monkeypatch):
    """A change committed between the listing of the period's people and the reading of their events (here another
    admin rejecting a person's punches) does not drop the person from the page the listing made: one snapshot."""
    import psycopg

    someone = person(api, "Snapshot", NEW_YORK)
    punches(services, someone, ("entry", "2026-11-11T02:00"), ("exit", "2026-11-11T10:00"))
    listing = repository.people_in_period

    def listed_then_changed(cur, **arguments):
        people = listing(cur, **arguments)
        with psycopg.connect(database_url) as other, other.cursor() as change:  # committed on leaving
            change.execute("UPDATE attendance_log SET review_state = 'rejected' WHERE employee_id = %s", (someone,))
        return people

    monkeypatch.setattr(repository, "people_in_period", listed_then_changed)
    rows, _ = sheet_rows(api, "2026-11-10", "2026-11-10")
    assert rows[someone]["worked_minutes"] == 480  # the state the listing saw
    monkeypatch.undo()
    assert sheet_rows(api, "2026-11-10", "2026-11-10")[0] == {}  # the next read sees the rejection


def test_a_manual_punch_conflict_is_said_in_the_persons_zone(api, services):
    someone = person(api, "Punch NY", NEW_YORK)
    now = datetime.now(UTC).replace(microsecond=0)
    entry_at, exit_at = now - timedelta(days=2, hours=10), now - timedelta(days=2, hours=2)
    punches(services, someone, ("entry", entry_at.isoformat()[:19]), ("exit", exit_at.isoformat()[:19]))
    refused = api.post("/attendance/manual", json_body={  # an exit after the shift closed: not counted
        "employee_id": someone, "event_type": "exit", "occurred_at": (exit_at + timedelta(hours=1)).isoformat(),
        "note": "left later"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict")
    error = refused.json()["error"]
    assert error["details"]["timezone"] == NEW_YORK
    zone = ZoneInfo(NEW_YORK)
    assert [event["local_time"] for event in error["details"]["events"]] == [
        entry_at.astimezone(zone).isoformat(), exit_at.astimezone(zone).isoformat()]
    assert entry_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") in error["message"]
    assert f"({NEW_YORK})" in error["message"]
    # The same punch for a person without a zone is said in the report zone.
    other = person(api, "Punch Berlin")
    punches(services, other, ("entry", entry_at.isoformat()[:19]), ("exit", exit_at.isoformat()[:19]))
    refused = api.post("/attendance/manual", json_body={
        "employee_id": other, "event_type": "exit", "occurred_at": (exit_at + timedelta(hours=1)).isoformat(),
        "note": "left later"}).json()["error"]
    assert refused["details"]["timezone"] == REPORT_ZONE and f"({REPORT_ZONE})" in refused["message"]


def test_the_report_window_reaches_every_zones_day():
    """Every zone's day of any date lies within the UTC day widened by ZONE_REACH (the query window)."""
    for day in (date(1, 1, 2), date(1850, 6, 1), date(2026, 11, 10), date(9999, 12, 30)):
        period = reports._Period(day, day, "UTC")
        for zone in available_timezones():
            days = period.days(zone)
            assert period.start <= days.start and days.end <= period.end, (zone, day)


def test_a_manual_punch_conflict_is_said_in_the_zone_held_at_the_punch(api, services):
    """Moved Berlin → New York after a shift: a punch before the move (the day the reports put it on is Berlin's) is
    said in Berlin's wall clock, not in the zone the person holds now."""
    someone = person(api, "Moved West", "Europe/Berlin")
    now = datetime.now(UTC).replace(microsecond=0)
    entry_at, exit_at = now - timedelta(days=3, hours=10), now - timedelta(days=3, hours=2)
    punches(services, someone, ("entry", entry_at.isoformat()[:19]), ("exit", exit_at.isoformat()[:19]))
    with services.db.transaction() as cur:  # New York from a day after the shift (a change in the past: written)
        cur.execute("UPDATE employees SET timezone = %s WHERE id = %s", (NEW_YORK, someone))
        cur.execute("DELETE FROM employee_time_zones WHERE employee_id = %s AND valid_from > '-infinity'", (someone,))
        cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (%s, %s, %s)",
                    (someone, now - timedelta(days=2), NEW_YORK))
    refused = api.post("/attendance/manual", json_body={
        "employee_id": someone, "event_type": "exit", "occurred_at": (exit_at + timedelta(hours=1)).isoformat(),
        "note": "left later"})
    assert (refused.status, refused.error_code) == (409, "punch_conflict")
    error = refused.json()["error"]
    berlin = ZoneInfo("Europe/Berlin")
    assert error["details"]["timezone"] == "Europe/Berlin"
    assert [event["local_time"] for event in error["details"]["events"]] == [
        entry_at.astimezone(berlin).isoformat(), exit_at.astimezone(berlin).isoformat()]
    assert "(Europe/Berlin)" in error["message"] and NEW_YORK not in error["message"]
    assert (exit_at + timedelta(hours=1)).astimezone(berlin).strftime("%Y-%m-%d %H:%M") in error["message"]
    # A punch after the move is said in New York's.
    later = now - timedelta(days=1, hours=10)
    punches(services, someone, ("entry", later.isoformat()[:19]),
            ("exit", (later + timedelta(hours=8)).isoformat()[:19]))
    refused = api.post("/attendance/manual", json_body={
        "employee_id": someone, "event_type": "exit", "occurred_at": (later + timedelta(hours=9)).isoformat(),
        "note": "left later"}).json()["error"]
    assert refused["details"]["timezone"] == NEW_YORK and f"({NEW_YORK})" in refused["message"]


def test_zone_at_is_the_zone_the_reports_place_the_instant_in(services, settings):
    """One answer to "the zone of person P at instant T" (the reports' and the conflicts'): before the first change
    the first zone, from the change on the new one, a zone that no longer loads the report zone."""
    with services.db.transaction() as cur:
        cur.execute("INSERT INTO employees (full_name, email, timezone) VALUES ('Z', %s, 'Asia/Tokyo') RETURNING id",
                    (f"{uuid.uuid4().hex[:10]}@example.com",))
        someone = cur.fetchone()["id"]
        cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (%s, %s, %s), (%s, %s, %s)",
                    (someone, utc("2026-11-10T12:00"), NEW_YORK, someone, utc("2026-11-12T12:00"), "US/Pacific-New"))
        answers = [reports.zone_at(cur, settings, someone, utc(moment)) for moment in
                   ("2026-11-10T11:59", "2026-11-10T12:00", "2026-11-12T12:00")]
    assert answers == ["Asia/Tokyo", NEW_YORK, REPORT_ZONE]


def test_an_employee_read_gives_their_zones_over_time(api, services):
    someone = person(api, "History", "Asia/Tokyo")
    with services.db.transaction() as cur:
        cur.execute("UPDATE employees SET timezone = %s WHERE id = %s", (NEW_YORK, someone))
    read = api.get(f"/employees/{someone}")
    assert read.status == 200, read.text
    spans = read.json()["time_zones"]
    assert [(span["valid_from"] is None, span["zone"]) for span in spans] == [(True, "Asia/Tokyo"), (False, NEW_YORK)]
    assert "time_zones" not in api.patch(f"/employees/{someone}", json_body={}).json()  # a write answers the record


def test_one_persons_listing_places_each_event_on_the_day_the_reports_do_across_a_change_of_zone(api, services):
    """The listing of one person's days shows each event on its date in the zone held at its instant, as the daily
    report counts it: a change of zone mid-day neither drops an event from every day nor shows it on two."""
    west = person(api, "Tokyo To Los Angeles", "Asia/Tokyo")
    east = person(api, "Los Angeles To Tokyo", "America/Los_Angeles")
    with services.db.transaction() as cur:  # each changed on 10 Jan 12:00 UTC (a change in the past: rows direct)
        for someone, zone in ((west, "America/Los_Angeles"), (east, "Asia/Tokyo")):
            cur.execute("UPDATE employees SET timezone = %s WHERE id = %s", (zone, someone))
            cur.execute("INSERT INTO employee_time_zones (employee_id, valid_from, zone) VALUES (%s, %s, %s)",
                        (someone, utc("2026-01-10T12:00"), zone))
    punches(services, west, ("entry", "2026-01-10T20:00"))  # 12:00 on the 10th in Los Angeles
    punches(services, east, ("entry", "2026-01-10T16:00"))  # 01:00 on the 11th in Tokyo
    assert by_person(daily(api, "2026-01-10")["items"])[west]["first_in"] == "2026-01-10T20:00:00Z"
    assert by_person(daily(api, "2026-01-11")["items"])[east]["first_in"] == "2026-01-10T16:00:00Z"
    assert east not in by_person(daily(api, "2026-01-10")["items"])

    def days_listed(someone: str, day: str) -> list[str]:
        return listed(api, f"employee_id={someone}&date_from={day}&date_to={day}")[0]

    assert days_listed(west, "2026-01-10") == ["2026-01-10T20:00:00Z"]
    assert days_listed(west, "2026-01-11") == [] and days_listed(west, "2026-01-09") == []
    assert days_listed(east, "2026-01-10") == []
    assert days_listed(east, "2026-01-11") == ["2026-01-10T16:00:00Z"]
    # Open ends, and a page at a time: each event once, on its side of the day edge.
    assert listed(api, f"employee_id={west}&date_to=2026-01-09")[0] == []
    assert listed(api, f"employee_id={east}&date_from=2026-01-11")[0] == ["2026-01-10T16:00:00Z"]
    punches(services, east, ("exit", "2026-01-10T11:00"), ("exit", "2026-01-10T13:00"))  # LA 03:00, Tokyo 22:00
    first = api.get("/attendance", query=f"employee_id={east}&date_from=2026-01-10&date_to=2026-01-10&limit=1").json()
    assert [event["occurred_at"] for event in first["items"]] == ["2026-01-10T11:00:00Z"]
    rest = api.get("/attendance", query=f"employee_id={east}&date_from=2026-01-10&date_to=2026-01-10&limit=1"
                                        f"&cursor={first['next_cursor']}").json()
    assert [event["occurred_at"] for event in rest["items"]] == ["2026-01-10T13:00:00Z"]
    assert rest["next_cursor"] is None


def test_one_persons_listing_refuses_a_bad_id_and_lists_nothing_for_an_unknown_person(api):
    bad = api.get("/attendance", query="employee_id=not-a-uuid&date_from=2026-01-10&date_to=2026-01-10")
    assert (bad.status, bad.error_code) == (422, "validation_error"), bad.text
    unknown = api.get("/attendance", query=f"employee_id={uuid.uuid4()}&date_from=2026-01-10&date_to=2026-01-10")
    assert unknown.status == 200, unknown.text
    assert unknown.json()["items"] == []

