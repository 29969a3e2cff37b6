"""Paid absences (POST/GET /attendance/absences, DELETE /attendance/absences/{id}; README "Absences") on real
PostgreSQL through the API handler: a vacation, sick day, public holiday or other paid absence recorded per person,
day and kind; shown in the timesheet beside the worked minutes (absence_minutes, absence_kinds; the CSV's last column)
and never in them nor in the overtime; audited in the person's History (employee_audit field `absence`); refused on a
closed pay period's day, for a day the person was not employed, twice for the same person, day and kind, and for a
person outside a scoped reviewer's departments; payroll reads them, and adds none."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from facepass import repository
from tests.conftest import fresh_database, with_settings

HR = {"sub": "hr-1", "username": "hr@example.com", "scope": "openid email facepass/admin"}
LEAD = {"sub": "sup-1", "username": "lead@example.com", "scope": "openid email facepass/reviewer"}
CLERK = {"sub": "pay-1", "username": "clerk@example.com", "scope": "openid email facepass/payroll"}


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "absences_" + uuid.uuid4().hex[:10])


def _today() -> date:
    return datetime.now(UTC).date()  # the tests' report zone is UTC


def _person(api, name: str, department: str | None = None) -> str:
    created = api.post("/employees", json_body={"full_name": name, "email": f"{name.lower()}@example.com",
                                                "department": department}, claims=HR)
    assert created.status == 201, created.text
    return created.json()["id"]


def _absence(person: str, day: date, kind: str = "vacation", minutes: int = 480, note: str | None = None) -> dict:
    return {"employee_id": person, "day": day.isoformat(), "kind": kind, "minutes": minutes, "note": note}


def _absence_rows(services) -> list[tuple]:
    with services.db.transaction() as cur:
        cur.execute("SELECT employee_id::text AS person, day, kind, minutes FROM absences ORDER BY id")
        return [(row["person"], row["day"], row["kind"], row["minutes"]) for row in cur.fetchall()]


def _absence_history(api, person: str) -> list[tuple]:
    items = api.get(f"/employees/{person}/audit", claims=HR).json()["items"]
    return [(row["actor"], row["before"], row["after"]) for row in items if row["field"] == "absence"]


def _row(api, person: str, first: date, last: date) -> dict:
    sheet = api.get("/attendance/timesheet", query=f"date_from={first}&date_to={last}&employee_id={person}")
    assert sheet.status == 200, sheet.text
    return sheet.json()["items"][0]


def test_an_absence_is_shown_beside_the_worked_time_never_in_it_and_audited(api, services):
    import dependencies

    # Overtime over two hours a week: a week of four hours worked has two hours of it, whatever the absences.
    dependencies.use_services(with_settings(services, weekly_overtime_minutes=120))
    amy = _person(api, "Amy")
    # A Monday-to-Sunday week wholly in the past: its overtime is counted (a complete week).
    monday = _today() - timedelta(days=_today().weekday() + 7)
    sunday = monday + timedelta(days=6)
    worked_day, away_day = monday + timedelta(days=1), monday + timedelta(days=2)
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": amy, "note": "kiosk down",
        "started_at": datetime(worked_day.year, worked_day.month, worked_day.day, 8, tzinfo=UTC).isoformat(),
        "ended_at": datetime(worked_day.year, worked_day.month, worked_day.day, 12, tzinfo=UTC).isoformat()})
    assert shift.status == 201, shift.text
    before = _row(api, amy, monday, sunday)
    assert before["absence_minutes"] == 0 and before["days"][2]["absence_kinds"] == []

    vacation = api.post("/attendance/absences", json_body=_absence(amy, away_day, note="booked in March"))
    assert vacation.status == 201, vacation.text
    body = vacation.json()
    assert {key: body[key] for key in ("employee_id", "full_name", "day", "kind", "minutes", "note", "created_by",
                                       "in_closed_period")} == {
        "employee_id": amy, "full_name": "Amy", "day": away_day.isoformat(), "kind": "vacation", "minutes": 480,
        "note": "booked in March", "created_by": "test-admin", "in_closed_period": False}
    # Half a sick day on the day worked too: two kinds of one day add up.
    sick = api.post("/attendance/absences", json_body=_absence(amy, worked_day, "sick", 240))
    holiday = api.post("/attendance/absences", json_body=_absence(amy, worked_day, "holiday", 60))
    assert sick.status == holiday.status == 201, (sick.text, holiday.text)

    listed = api.get("/attendance/absences", query=f"date_from={monday}&date_to={sunday}")
    assert listed.status == 200, listed.text
    assert [(item["day"], item["kind"], item["minutes"]) for item in listed.json()["items"]] == [
        (worked_day.isoformat(), "sick", 240), (worked_day.isoformat(), "holiday", 60),
        (away_day.isoformat(), "vacation", 480)]

    after = _row(api, amy, monday, sunday)
    assert after["days"][1]["absence_minutes"] == 300 and after["days"][1]["absence_kinds"] == ["sick", "holiday"]
    assert after["days"][2]["absence_minutes"] == 480 and after["days"][2]["absence_kinds"] == ["vacation"]
    assert after["absence_minutes"] == 780
    # Not worked time: the worked minutes, the days worked and the overtime are what they were.
    for field in ("worked_minutes", "worked_seconds", "days_worked", "overtime_minutes", "weeks",
                  "incomplete_weeks_minutes"):
        assert after[field] == before[field], field
    assert [day["worked_minutes"] for day in after["days"]] == [day["worked_minutes"] for day in before["days"]]
    assert after["worked_minutes"] == 240 and after["days"][2]["worked_minutes"] == 0
    assert after["overtime_minutes"] == 120 and after["weeks"][0]["worked_minutes"] == 240

    exported = api.get("/attendance/timesheet", query=f"date_from={monday}&date_to={sunday}",
                       headers={"accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0][-2:] == ["incomplete_weeks_minutes", "absence_minutes"]
    amy_row = next(row for row in rows[1:] if row[0] == amy)
    assert amy_row[-1] == "780" and amy_row[rows[0].index("total_minutes")] == "240"

    assert _absence_history(api, amy) == [
        ("test-admin", None, f"{away_day} vacation 480"), ("test-admin", None, f"{worked_day} sick 240"),
        ("test-admin", None, f"{worked_day} holiday 60")]


def test_the_same_kind_twice_and_bad_values_are_refused_and_write_nothing(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    first = api.post("/attendance/absences", json_body=_absence(amy, day))
    assert first.status == 201, first.text
    again = api.post("/attendance/absences", json_body=_absence(amy, day, minutes=240))
    assert (again.status, again.error_code) == (409, "absence_exists"), again.text
    assert again.json()["error"]["details"] == {"absence_id": first.json()["id"]}
    for body, code in [
            ({**_absence(amy, day), "kind": "holidays"}, "validation_error"),
            ({**_absence(amy, day), "minutes": 0}, "validation_error"),
            ({**_absence(amy, day), "minutes": 1441}, "validation_error"),
            ({**_absence(amy, day), "minutes": "480"}, "validation_error"),
            ({**_absence(amy, day), "day": "03.11.2026"}, "validation_error"),
            ({**_absence(amy, day), "note": ""}, "validation_error"),
            ({**_absence(amy, day), "extra": 1}, "validation_error"),
            (_absence(amy, _today() - timedelta(days=400)), "day_out_of_range"),
            (_absence(amy, _today() + timedelta(days=400)), "day_out_of_range")]:
        refused = api.post("/attendance/absences", json_body=body)
        assert (refused.status, refused.error_code) == (422, code), (body, refused.text)
    unknown = api.post("/attendance/absences", json_body=_absence(str(uuid.uuid4()), day))
    assert (unknown.status, unknown.error_code) == (404, "employee_not_found")
    assert _absence_rows(services) == [(amy, day, "vacation", 480)]
    assert len(_absence_history(api, amy)) == 1
    # A planned vacation next month is fine.
    assert api.post("/attendance/absences", json_body=_absence(amy, _today() + timedelta(days=30))).status == 201


def test_deleting_an_absence_is_audited_and_it_leaves_the_timesheet(api, services):
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    added = api.post("/attendance/absences", json_body=_absence(amy, day, "other", 120)).json()
    # Recorded for a day before her record was created (HR's word, as a manual punch's): the absence brings her
    # into that day's timesheet.
    assert _row(api, amy, day, day)["absence_minutes"] == 120
    deleted = api.delete(f"/attendance/absences/{added['id']}", claims=HR)
    assert deleted.status == 200, deleted.text
    assert (deleted.json()["id"], deleted.json()["kind"], deleted.json()["minutes"]) == (added["id"], "other", 120)
    assert _absence_rows(services) == []
    assert api.get("/attendance/timesheet", query=f"date_from={day}&date_to={day}").json()["items"] == []
    assert _absence_history(api, amy) == [("test-admin", None, f"{day} other 120"),
                                          ("hr@example.com", f"{day} other 120", None)]
    gone = api.delete(f"/attendance/absences/{added['id']}")
    assert (gone.status, gone.error_code) == (404, "absence_not_found")


def test_a_closed_days_absences_are_neither_added_nor_deleted(api, services):
    amy = _person(api, "Amy")
    closed_day, open_day = _today() - timedelta(days=6), _today() - timedelta(days=1)
    kept = api.post("/attendance/absences", json_body=_absence(amy, closed_day, "sick", 480)).json()
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_day.isoformat(), "note": "signed",
                                                  "force": True})
    assert closed.status == 200, closed.text
    refused = api.post("/attendance/absences", json_body=_absence(amy, closed_day))
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"] == {"closed_through": closed_day.isoformat(),
                                                  "day": closed_day.isoformat()}
    not_deleted = api.delete(f"/attendance/absences/{kept['id']}")
    assert (not_deleted.status, not_deleted.error_code) == (409, "period_closed"), not_deleted.text
    listed = api.get("/attendance/absences", query=f"date_from={closed_day}&date_to={open_day}").json()["items"]
    assert [(item["id"], item["in_closed_period"]) for item in listed] == [(kept["id"], True)]
    assert _absence_rows(services) == [(amy, closed_day, "sick", 480)]
    assert len(_absence_history(api, amy)) == 1
    assert api.post("/attendance/absences", json_body=_absence(amy, open_day)).status == 201  # after it: open


def test_no_absence_on_a_day_the_person_was_not_employed(api, services):
    leaver = uuid.UUID(_person(api, "Leaver"))
    now = datetime.now(UTC).replace(microsecond=0)
    with services.db.transaction() as cur:  # hired ten days ago, deactivated two days ago (the history dated so)
        cur.execute("UPDATE employees SET created_at = %s WHERE id = %s", (now - timedelta(days=10), leaver))
        repository.deactivate(cur, leaver, actor="hr", at=now - timedelta(days=2))
    refused = api.post("/attendance/absences", json_body=_absence(str(leaver), _today() - timedelta(days=1)))
    assert (refused.status, refused.error_code) == (409, "employee_inactive"), refused.text
    assert _absence_rows(services) == []
    # Their last day (deactivated during it) and the week before: employed.
    for days_ago in (2, 5):
        assert api.post("/attendance/absences",
                        json_body=_absence(str(leaver), _today() - timedelta(days=days_ago))).status == 201


def test_a_scoped_reviewer_touches_only_their_departments_people_and_payroll_only_reads(api, services):
    walt, olga = _person(api, "Walt", "Warehouse"), _person(api, "Olga", "Office")
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    day = _today() - timedelta(days=2)
    olgas = api.post("/attendance/absences", json_body=_absence(olga, day), claims=HR).json()

    outside = api.post("/attendance/absences", json_body=_absence(olga, day, "sick"), claims=LEAD)
    assert (outside.status, outside.error_code) == (403, "outside_departments"), outside.text
    not_theirs = api.delete(f"/attendance/absences/{olgas['id']}", claims=LEAD)
    assert (not_theirs.status, not_theirs.error_code) == (404, "absence_not_found")
    inside = api.post("/attendance/absences", json_body=_absence(walt, day, "sick"), claims=LEAD)
    assert inside.status == 201, inside.text
    assert inside.json()["created_by"] == "lead@example.com"
    period = f"date_from={day}&date_to={day}"
    assert [item["full_name"] for item in api.get("/attendance/absences", query=period,
                                                   claims=LEAD).json()["items"]] == ["Walt"]
    assert api.get("/attendance/absences", query=f"{period}&employee_id={olga}", claims=LEAD).json()["items"] == []

    assert [item["full_name"] for item in api.get("/attendance/absences", query=period,
                                                   claims=CLERK).json()["items"]] == ["Olga", "Walt"]
    for refused in (api.post("/attendance/absences", json_body=_absence(walt, day, "other"), claims=CLERK),
                    api.delete(f"/attendance/absences/{olgas['id']}", claims=CLERK)):
        assert (refused.status, refused.error_code) == (403, "forbidden"), refused.text
    assert sorted(row[2] for row in _absence_rows(services)) == ["sick", "vacation"]
    bad_range = api.get("/attendance/absences", query=f"date_from={day}&date_to={day - timedelta(days=1)}")
    assert (bad_range.status, bad_range.error_code) == (422, "invalid_date_range")


def test_nobody_records_or_deletes_their_own_absence_unless_self_review_is_allowed(api, services):
    import dependencies

    # The reviewer's verified email is Rita's: her own record (separation of duties, README Roles).
    rita_claims = {"sub": "sup-rita", "username": "rita@example.com", "email": "Rita@Example.com",
                   "scope": "openid email facepass/reviewer"}
    rita, day = _person(api, "Rita"), _today() - timedelta(days=2)
    own = api.post("/attendance/absences", json_body=_absence(rita, day), claims=rita_claims)
    assert (own.status, own.error_code) == (403, "own_record"), own.text
    by_hr = api.post("/attendance/absences", json_body=_absence(rita, day), claims=HR).json()
    not_own = api.delete(f"/attendance/absences/{by_hr['id']}", claims=rita_claims)
    assert (not_own.status, not_own.error_code) == (403, "own_record"), not_own.text
    assert _absence_rows(services) == [(rita, day, "vacation", 480)]

    dependencies.use_services(with_settings(services, allow_self_review=True))
    allowed = api.post("/attendance/absences", json_body=_absence(rita, day, "sick", 240), claims=rita_claims)
    assert allowed.status == 201, allowed.text
    history = api.get(f"/employees/{rita}/audit", claims=HR).json()["items"]
    assert [(row["after"], row["self_review"]) for row in history if row["field"] == "absence"] == [
        (f"{day} vacation 480", False), (f"{day} sick 240", True)]


def test_a_leaver_keeps_no_absence_booked_after_the_day_they_left(api, services):
    # A week's vacation booked ahead, then the person leaves (DELETE, PATCH is_active false, or an erasure): the days
    # after today are no pay owed, so they go, each audited by who deactivated; today's (they worked part of it) stays.
    today = _today()
    ahead = [today + timedelta(days=offset) for offset in (1, 2, 9)]
    people = {how: _person(api, name) for how, name in (("delete", "Dee"), ("patch", "Pat"), ("erase", "Eri"))}
    for person in people.values():
        for day in (today, *ahead):
            assert api.post("/attendance/absences", json_body=_absence(person, day), claims=HR).status == 201
    assert api.delete(f"/employees/{people['delete']}", claims=HR).status == 200
    patched = api.patch(f"/employees/{people['patch']}", json_body={"is_active": False}, claims=HR)
    assert patched.status == 200, patched.text
    assert api.delete(f"/employees/{people['erase']}", query="erase=true", claims=HR).status == 200
    assert sorted(_absence_rows(services)) == sorted((person, today, "vacation", 480) for person in people.values())
    for person in people.values():
        assert _absence_history(api, person)[-3:] == [("hr@example.com", f"{day} vacation 480", None) for day in ahead]
        row = _row(api, person, today, today + timedelta(days=9))
        assert row["absence_minutes"] == 480 and [day["absence_minutes"] for day in row["days"]][1:] == [0] * 9
    # Leave booked for someone who stays is untouched by another's leaving; a reactivation brings nothing back.
    stays = _person(api, "Stay")
    assert api.post("/attendance/absences", json_body=_absence(stays, ahead[0]), claims=HR).status == 201
    assert api.delete(f"/employees/{people['delete']}", claims=HR).status == 200  # again: already inactive
    assert api.patch(f"/employees/{people['patch']}", json_body={"is_active": True}, claims=HR).status == 200
    assert (stays, ahead[0], "vacation", 480) in _absence_rows(services)
    assert [row for row in _absence_rows(services) if row[0] == people["patch"]] == [
        (people["patch"], today, "vacation", 480)]


def _daily(api, day: date, claims: dict | None = None) -> dict[str, dict]:
    answer = api.get("/attendance/daily", query=f"date={day}", claims=claims or HR)
    assert answer.status == 200, answer.text
    return {item["full_name"]: item for item in answer.json()["items"]}


def _shift(api, person: str, start: datetime, hours: int) -> None:
    shift = api.post("/attendance/manual/shift", json_body={
        "employee_id": person, "note": "kiosk down", "started_at": start.isoformat(),
        "ended_at": (start + timedelta(hours=hours)).isoformat()})
    assert shift.status == 201, shift.text


def test_the_daily_report_shows_the_days_absences_and_lists_those_away_without_an_event(api, services):
    # "Who was here on the 3rd": someone on vacation that day is in the daily report, away and paid, not missing.
    day = _today() - timedelta(days=3)
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    amy, bob, cid, dora, eve = (_person(api, name) for name in ("Amy", "Bob", "Cid", "Dora", "Eve"))
    _shift(api, amy, morning, 4)  # half a day worked, half a day sick
    _shift(api, dora, morning, 8)  # worked, no absence
    for person, when, kind, minutes in ((amy, day, "sick", 240), (bob, day, "vacation", 480),
                                        (bob, day, "other", 60), (eve, day - timedelta(days=1), "vacation", 480)):
        added = api.post("/attendance/absences", json_body=_absence(person, when, kind, minutes))
        assert added.status == 201, added.text

    answer = api.get("/attendance/daily", query=f"date={day}")
    assert answer.status == 200, answer.text
    # Those with an event first (as before), then those away without one, by name; Cid (neither) and Eve (away the
    # day before) are not listed.
    assert [item["full_name"] for item in answer.json()["items"]] == ["Amy", "Dora", "Bob"]
    items = _daily(api, day)
    figures = {name: (item["worked_minutes"], item["events"], item["absence_minutes"], item["absence_kinds"])
               for name, item in items.items()}
    # Not worked time: Amy's worked minutes are her shift's only.
    assert figures == {"Amy": (240, 2, 240, ["sick"]), "Dora": (480, 2, 0, []),
                       "Bob": (0, 0, 540, ["vacation", "other"])}
    assert (items["Bob"]["first_in"], items["Bob"]["last_out"], items["Bob"]["timezone"]) == (None, None, "UTC")
    assert items["Bob"]["employee_id"] == bob and items["Bob"]["email"] == "bob@example.com"
    assert cid not in {item["employee_id"] for item in items.values()}

    exported = api.get("/attendance/daily", query=f"date={day}", headers={"accept": "text/csv"})
    assert exported.status == 200, exported.text
    header, *lines = list(csv.reader(io.StringIO(exported.text)))
    assert header[-10:-6] == ["employee_number", "email", "absence_minutes", "absence_kinds"]  # then the schedule's
    absence = header.index("absence_minutes")
    assert {line[2]: (line[header.index("worked_minutes")], line[absence], line[absence + 1]) for line in lines} == {
        "Amy": ("240", "240", "sick"), "Dora": ("480", "0", ""), "Bob": ("0", "540", "vacation other")}
    # The timesheet counts the same day the same way.
    assert _row(api, bob, day, day)["days"][0]["absence_minutes"] == 540


def test_the_daily_report_places_an_absence_on_the_persons_own_day_and_scopes_a_reviewer(api, services):
    # Kiritimati is UTC+14: a shift at 12:00 UTC on `day` is on their next day, where their absence is too.
    day = _today() - timedelta(days=4)
    created = api.post("/employees", json_body={"full_name": "Kiri", "email": "kiri@example.com",
                                                "department": "Warehouse", "timezone": "Pacific/Kiritimati"},
                       claims=HR)
    assert created.status == 201, created.text
    kiri = created.json()["id"]
    walt, olga = _person(api, "Walt", "Warehouse"), _person(api, "Olga", "Office")
    _shift(api, kiri, datetime(day.year, day.month, day.day, 12, tzinfo=UTC), 2)
    for person, when in ((kiri, day + timedelta(days=1)), (walt, day), (olga, day)):
        assert api.post("/attendance/absences", json_body=_absence(person, when, "holiday", 420)).status == 201
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200

    assert set(_daily(api, day)) == {"Walt", "Olga"}  # Kiri's shift and absence are on their next day
    kiri_day = _daily(api, day + timedelta(days=1))["Kiri"]
    assert (kiri_day["timezone"], kiri_day["worked_minutes"], kiri_day["absence_minutes"],
            kiri_day["absence_kinds"]) == ("Pacific/Kiritimati", 120, 420, ["holiday"])
    # A scoped reviewer sees their departments' people away, not another department's; payroll sees everyone.
    assert set(_daily(api, day, LEAD)) == {"Walt"}
    assert set(_daily(api, day, CLERK)) == {"Walt", "Olga"}
    # Away alone, in their own zone: listed on their day, named in it.
    assert api.post("/attendance/absences",
                    json_body=_absence(kiri, day + timedelta(days=2), "sick", 480)).status == 201
    away = _daily(api, day + timedelta(days=2), LEAD)
    assert set(away) == {"Kiri"}
    assert (away["Kiri"]["timezone"], away["Kiri"]["events"], away["Kiri"]["absence_kinds"]) == (
        "Pacific/Kiritimati", 0, ["sick"])


def test_an_absence_deleted_while_the_same_one_is_added_again_is_no_server_error(api, services, monkeypatch):
    # Two HR users at once: one adds Amy's vacation a second time, the other deletes the first one while the add,
    # holding Amy's lock (a delete takes none), is about to read the day's absences. The read, under the lock, sees
    # the deletion: the add records the vacation (the day is free again), no absence_exists, no server error.
    import threading

    from facepass import absences
    from facepass.schemas import AbsenceRequest
    from tests.conftest import paused, run_into

    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    first = api.post("/attendance/absences", json_body=_absence(amy, day), claims=HR)
    assert first.status == 201, first.text
    looking, go = paused(monkeypatch, repository, "list_absences")
    results: dict = {}
    request = AbsenceRequest.model_validate(_absence(amy, day, minutes=240))
    adding = threading.Thread(target=run_into, args=(results, "add", lambda: absences.add(
        services.db, services.settings, request, actor="hr2@example.com")))
    adding.start()
    assert looking.wait(30)  # the add holds Amy's lock: about to read the day's absences
    deleted = api.delete(f"/attendance/absences/{first.json()['id']}", claims=HR)
    assert deleted.status == 200, deleted.text
    go.set()
    adding.join(30)
    assert not isinstance(results["add"], Exception), repr(results["add"])
    assert (results["add"].kind, results["add"].minutes) == ("vacation", 240)
    assert _absence_rows(services) == [(amy, day, "vacation", 240)]
    assert _absence_history(api, amy) == [("hr@example.com", None, f"{day} vacation 480"),
                                          ("hr@example.com", f"{day} vacation 480", None),
                                          ("hr2@example.com", None, f"{day} vacation 240")]


def test_a_days_absences_never_add_up_to_more_than_the_day(api, services):
    # One row per kind, each 1-1440 minutes: before, a careless double entry (a whole day's vacation and a whole day
    # sick) paid 48 hours for one day. Kinds may share a day (half sick, half vacation), up to its 24 hours.
    amy, day = _person(api, "Amy"), _today() - timedelta(days=2)
    for kind, minutes in (("sick", 960), ("vacation", 480)):
        added = api.post("/attendance/absences", json_body=_absence(amy, day, kind, minutes))
        assert added.status == 201, added.text
    over = api.post("/attendance/absences", json_body=_absence(amy, day, "other", 1))
    assert (over.status, over.error_code) == (409, "absence_day_full"), over.text
    assert over.json()["error"]["details"] == {"day": day.isoformat(), "recorded_minutes": 1440}
    same = api.post("/attendance/absences", json_body=_absence(amy, day, "sick", 60))  # one of that kind: as before
    assert (same.status, same.error_code) == (409, "absence_exists"), same.text
    assert sorted(row[2:] for row in _absence_rows(services)) == [("sick", 960), ("vacation", 480)]
    assert api.post("/attendance/absences", json_body=_absence(amy, day + timedelta(days=1), "other", 1440)
                    ).status == 201  # the next day is a day of its own


# --- a range of days (POST /attendance/absences with day_to, weekdays) -------------------------------------------

def _next_monday() -> date:
    return _today() + timedelta(days=7 - _today().weekday())


def _range(person: str, first: date, last: date, kind: str = "vacation", minutes: int = 480, **extra) -> dict:
    return {**_absence(person, first, kind, minutes), "day_to": last.isoformat(), **extra}


def test_a_range_records_one_absence_per_weekday_audited_each_and_skips_the_weekend(api, services):
    amy = _person(api, "Amy")
    monday = _next_monday()
    sunday = monday + timedelta(days=6)
    added = api.post("/attendance/absences", json_body=_range(amy, monday, sunday, note="two weeks in May"))
    assert added.status == 201, added.text
    items = added.json()["items"]
    weekdays = [monday + timedelta(days=offset) for offset in range(5)]
    assert [(item["day"], item["kind"], item["minutes"], item["note"], item["created_by"]) for item in items] == [
        (day.isoformat(), "vacation", 480, "two weeks in May", "test-admin") for day in weekdays]
    assert _absence_rows(services) == [(amy, day, "vacation", 480) for day in weekdays]
    # One History row per day, as five single additions would write.
    assert _absence_history(api, amy) == [("test-admin", None, f"{day} vacation 480") for day in weekdays]
    # The timesheet marks the five days, not the weekend.
    row = _row(api, amy, monday, sunday)
    assert [day["absence_kinds"] for day in row["days"]] == [["vacation"]] * 5 + [[], []]
    assert row["absence_minutes"] == 5 * 480 and row["worked_minutes"] == 0
    # A single day keeps its answer: the absence itself, no `items`.
    single = api.post("/attendance/absences", json_body=_absence(amy, monday, "sick", 60))
    assert single.status == 201 and single.json()["day"] == monday.isoformat() and "items" not in single.json()


def test_a_range_takes_the_weekdays_asked_for_and_refuses_bad_ranges(api, services):
    amy = _person(api, "Amy")
    monday = _next_monday()
    weekend = api.post("/attendance/absences", json_body=_range(amy, monday, monday + timedelta(days=13), "other",
                                                                  240, weekdays=["sunday", "saturday"]))
    assert weekend.status == 201, weekend.text
    saturdays_and_sundays = [monday + timedelta(days=offset) for offset in (5, 6, 12, 13)]
    assert [item["day"] for item in weekend.json()["items"]] == [day.isoformat() for day in saturdays_and_sundays]
    every = api.post("/attendance/absences", json_body=_range(amy, monday, monday + timedelta(days=2), "sick",
                                                                weekdays=list(
                                                                    ("monday", "tuesday", "wednesday", "thursday",
                                                                     "friday", "saturday", "sunday"))))
    assert every.status == 201 and len(every.json()["items"]) == 3, every.text
    # A one-day range is a range: its answer is a list too.
    thursday = monday + timedelta(days=3)
    one = api.post("/attendance/absences", json_body=_range(amy, thursday, thursday, "holiday"))
    assert one.status == 201 and [item["day"] for item in one.json()["items"]] == [thursday.isoformat()], one.text
    before = _absence_rows(services)
    assert len(before) == 4 + 3 + 1
    saturday = monday + timedelta(days=5)
    for body, code in [
            (_range(amy, saturday, saturday + timedelta(days=1), "holiday"), "no_days_in_range"),  # default Mon-Fri
            (_range(amy, monday, monday + timedelta(days=3), "holiday", weekdays=["saturday"]), "no_days_in_range"),
            (_range(amy, monday, monday - timedelta(days=1), "holiday"), "invalid_date_range"),
            (_range(amy, monday, monday + timedelta(days=92), "holiday"), "date_range_too_long"),  # 93 days
            (_range(amy, monday, monday + timedelta(days=400), "holiday"), "day_out_of_range"),
            ({**_absence(amy, monday, "holiday"), "weekdays": ["monday"]}, "validation_error"),  # no day_to
            (_range(amy, monday, monday + timedelta(days=4), "holiday", weekdays=["funday"]), "validation_error"),
            (_range(amy, monday, monday + timedelta(days=4), "holiday", weekdays=[]), "validation_error")]:
        refused = api.post("/attendance/absences", json_body=body)
        assert (refused.status, refused.error_code) == (422, code), (body, refused.text)
    assert _absence_rows(services) == before
    # 92 days in all is a period's length: allowed (its weekdays only; Monday to Thursday of the first week, taken
    # above, skipped).
    longest = api.post("/attendance/absences", json_body=_range(amy, monday, monday + timedelta(days=91)))
    assert longest.status == 201 and len(longest.json()["items"]) == 13 * 5 + 1 - 4, longest.text
    assert [item["day"] for item in longest.json()["skipped"]] == [
        (monday + timedelta(days=offset)).isoformat() for offset in range(4)]


def test_a_range_skips_the_days_that_have_an_absence_of_any_kind_and_lists_them(api, services):
    # Before: a vacation Monday to Friday over a Wednesday already sick (480) recorded vacation there too, 960 paid
    # minutes that day; the same kind on a day refused the whole range.
    amy = _person(api, "Amy")
    monday = _next_monday()
    wednesday, friday = monday + timedelta(days=2), monday + timedelta(days=4)
    for day, kind in ((wednesday, "sick"), (friday, "vacation"), (friday, "holiday")):
        assert api.post("/attendance/absences", json_body=_absence(amy, day, kind, 240)).status == 201
    before = _absence_rows(services)
    added = api.post("/attendance/absences", json_body=_range(amy, monday, friday))
    assert added.status == 201, added.text
    free = [monday, monday + timedelta(days=1), monday + timedelta(days=3)]
    assert [item["day"] for item in added.json()["items"]] == [day.isoformat() for day in free]
    assert added.json()["skipped"] == [{"day": wednesday.isoformat(), "kinds": ["sick"]},
                                       {"day": friday.isoformat(), "kinds": ["holiday", "vacation"]}]
    assert _absence_rows(services) == before + [(amy, day, "vacation", 480) for day in free]
    assert len(_absence_history(api, amy)) == 3 + 3
    row = _row(api, amy, monday, friday)
    assert [day["absence_minutes"] for day in row["days"]] == [480, 480, 240, 480, 480]
    # Every chosen day covered: 409 absence_exists naming them all, nothing written.
    again = api.post("/attendance/absences", json_body=_range(amy, monday, friday, "other", 60))
    assert (again.status, again.error_code) == (409, "absence_exists"), again.text
    assert again.json()["error"]["details"]["days"] == [
        (monday + timedelta(days=offset)).isoformat() for offset in range(5)]
    assert len(_absence_rows(services)) == 6 and len(_absence_history(api, amy)) == 6
    # A range with nothing to skip lists none.
    fresh = api.post("/attendance/absences", json_body=_range(amy, monday + timedelta(days=7),
                                                               monday + timedelta(days=8)))
    assert fresh.status == 201 and fresh.json()["skipped"] == [] and len(fresh.json()["items"]) == 2, fresh.text


def test_a_range_over_a_day_with_a_long_absence_skips_that_day_rather_than_going_over_24_hours(api, services):
    amy = _person(api, "Amy")
    monday = _next_monday()
    thursday = monday + timedelta(days=3)
    assert api.post("/attendance/absences", json_body=_absence(amy, thursday, "sick", 1000)).status == 201
    added = api.post("/attendance/absences", json_body=_range(amy, monday, monday + timedelta(days=4), minutes=1440))
    assert added.status == 201, added.text
    assert thursday.isoformat() not in [item["day"] for item in added.json()["items"]]
    assert added.json()["skipped"] == [{"day": thursday.isoformat(), "kinds": ["sick"]}]
    row = _row(api, amy, monday, monday + timedelta(days=4))
    assert [day["absence_minutes"] for day in row["days"]] == [1440, 1440, 1440, 1000, 1440]


def test_a_closed_or_not_employed_day_in_a_range_refuses_the_whole_range(api, services):
    amy = _person(api, "Amy")
    # Two weeks ago Monday to last week's Sunday; closed through the first week's Wednesday.
    monday = _today() - timedelta(days=_today().weekday() + 14)
    closed_through = monday + timedelta(days=2)
    closed = api.post("/payroll/lock", json_body={"closed_through": closed_through.isoformat(), "note": "signed",
                                                  "force": True})
    assert closed.status == 200, closed.text
    refused = api.post("/attendance/absences", json_body=_range(amy, monday, monday + timedelta(days=11)))
    assert (refused.status, refused.error_code) == (409, "period_closed"), refused.text
    assert refused.json()["error"]["details"] == {"closed_through": closed_through.isoformat(),
                                                  "day": monday.isoformat()}
    assert _absence_rows(services) == [] and _absence_history(api, amy) == []
    after = api.post("/attendance/absences",
                     json_body=_range(amy, closed_through + timedelta(days=1), monday + timedelta(days=11)))
    assert after.status == 201 and len(after.json()["items"]) == 7, after.text  # Thu, Fri, then Mon..Fri

    leaver = uuid.UUID(_person(api, "Leaver"))
    now = datetime.now(UTC).replace(microsecond=0)
    with services.db.transaction() as cur:  # hired ten days ago, deactivated four days ago
        cur.execute("UPDATE employees SET created_at = %s WHERE id = %s", (now - timedelta(days=10), leaver))
        repository.deactivate(cur, leaver, actor="hr", at=now - timedelta(days=4))
    start = _today() - timedelta(days=6)
    refused = api.post("/attendance/absences", json_body=_range(str(leaver), start, _today(), weekdays=[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
    assert (refused.status, refused.error_code) == (409, "employee_inactive"), refused.text
    assert refused.json()["error"]["details"] == {"day": (_today() - timedelta(days=3)).isoformat()}
    assert [row for row in _absence_rows(services) if row[0] == str(leaver)] == []
    assert _absence_history(api, str(leaver)) == []


def test_a_scoped_reviewer_records_a_range_for_their_departments_people_only(api, services):
    walt, olga = _person(api, "Walt", "Warehouse"), _person(api, "Olga", "Office")
    assert api.put("/reviewer-departments/lead@example.com", json_body={"departments": ["Warehouse"]},
                   claims=HR).status == 200
    monday = _next_monday()
    outside = api.post("/attendance/absences", json_body=_range(olga, monday, monday + timedelta(days=4)),
                       claims=LEAD)
    assert (outside.status, outside.error_code) == (403, "outside_departments"), outside.text
    assert _absence_rows(services) == []
    inside = api.post("/attendance/absences", json_body=_range(walt, monday, monday + timedelta(days=4)),
                      claims=LEAD)
    assert inside.status == 201, inside.text
    assert {item["created_by"] for item in inside.json()["items"]} == {"lead@example.com"}
    clerk = api.post("/attendance/absences", json_body=_range(walt, monday, monday + timedelta(days=4), "sick"),
                     claims=CLERK)
    assert (clerk.status, clerk.error_code) == (403, "forbidden"), clerk.text
    assert len(_absence_rows(services)) == 5
