"""A person whose Face ID was withdrawn (biometric consent withdrawn while employed: their time typed by HR) is not
paid nothing unseen: the timesheet (JSON and CSV) and the daily report mark them `face_id_withdrawn` for the days
they were withdrawn, and closing the pay period is refused (409 period_undecided, kind `without_time`) over one
without a counted punch on those days, unless forced with the fingerprint shown. Real PostgreSQL + pgvector, the
real API handler, moto S3 (the withdrawal's ledger entry)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import fresh_database, kiosk_punch
from tests.integration.test_pay_period_lock import _midnight


@pytest.fixture
def database_url(pg_server, migrated_template):
    return fresh_database(pg_server, migrated_template, "withdrawntime_" + uuid.uuid4().hex[:10])


def _hire(api, services, name: str) -> uuid.UUID:
    """An employee with their biometric consent recorded, hired a month ago (an employee of the periods tested)."""
    created = api.post("/employees", json_body={"full_name": name, "email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                "biometric_consent": {"reference": "signed form"}})
    assert created.status == 201, created.text
    person = uuid.UUID(created.json()["id"])
    _moved_back(services, person, timedelta(days=30))
    return person


def _moved_back(services, person: uuid.UUID, by: timedelta, *, since: timedelta | None = None) -> None:
    """The person's history (creation, audit rows, the withdrawal's time) as if it happened `by` earlier; `since`:
    only what happened in the last `since` (a later step of it)."""
    with services.db.transaction() as cur:
        # The audit trail is append-only (a trigger): this test's time travel alone sets it aside, for itself.
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute("""UPDATE employee_audit SET created_at = created_at - %(by)s
                        WHERE employee_id = %(id)s
                          AND (%(since)s::interval IS NULL OR created_at > now() - %(since)s)""",
                    {"id": person, "by": by, "since": since})
        cur.execute("""UPDATE employees SET created_at = CASE WHEN %(since)s::interval IS NULL
                                                              THEN created_at - %(by)s ELSE created_at END,
                               consent_withdrawn_at = consent_withdrawn_at - %(by)s WHERE id = %(id)s""",
                    {"id": person, "by": by, "since": since})


def _withdrawn(api, services, person: uuid.UUID, days_ago: int) -> None:
    """The person withdraws their biometric consent (the API's DELETE), `days_ago` days ago."""
    answer = api.delete(f"/employees/{person}/biometric-consent")
    assert answer.status == 200 and answer.json()["employee_deactivated"] is False, answer.text
    _moved_back(services, person, timedelta(days=days_ago), since=timedelta(minutes=5))


def _sheet(api, first, last) -> dict[str, dict]:
    answer = api.get("/attendance/timesheet", query=f"date_from={first.date()}&date_to={last.date()}")
    assert answer.status == 200, answer.text
    return {row["full_name"]: row for row in answer.json()["items"]}


def test_the_timesheet_and_the_daily_report_say_whose_face_id_was_withdrawn_on_those_days(api, services):
    wendy = _hire(api, services, "Wendy Withdrawn")  # withdrew 5 days ago, still withdrawn: HR types her time
    _hire(api, services, "Abe Absent")  # never withdrew, no punch: a plain absence
    tom = _hire(api, services, "Tom Returned")  # withdrew 8 days ago, consent recorded again 6 days ago
    _withdrawn(api, services, wendy, 5)
    _withdrawn(api, services, tom, 8)
    recorded = api.post(f"/employees/{tom}/biometric-consent", json_body={"reference": "a new form"})
    assert recorded.status == 200 and recorded.json()["consent_withdrawn_at"] is None, recorded.text
    _moved_back(services, tom, timedelta(days=6), since=timedelta(minutes=5))
    typed = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(wendy), "started_at": (_midnight(3) + timedelta(hours=8)).isoformat(),
        "ended_at": (_midnight(3) + timedelta(hours=16)).isoformat(), "note": "typed from her paper sheet"})
    assert typed.status == 201, typed.text
    kiosk_punch(services, tom, _midnight(3) + timedelta(hours=9), "entry")
    kiosk_punch(services, tom, _midnight(3) + timedelta(hours=17), "exit")

    # Since the withdrawal: Wendy's row says it (her 0 h days are not an absence), Abe's and Tom's do not.
    recent = _sheet(api, _midnight(5), _midnight(1))
    assert {name: row["face_id_withdrawn"] for name, row in recent.items()} == {
        "Abe Absent": False, "Tom Returned": False, "Wendy Withdrawn": True}
    assert (recent["Wendy Withdrawn"]["worked_minutes"], recent["Abe Absent"]["worked_minutes"]) == (480, 0)
    # Days before her withdrawal are Face ID days; Tom's withdrawn days stay withdrawn after his new consent.
    earlier = _sheet(api, _midnight(7), _midnight(6))
    assert {name: row["face_id_withdrawn"] for name, row in earlier.items()} == {
        "Abe Absent": False, "Tom Returned": True, "Wendy Withdrawn": False}

    # The CSV: a new column (before the close minutes' columns, the settings flag and the payroll keys, added since).
    exported = api.get("/attendance/timesheet", headers={"accept": "text/csv"},
                       query=f"date_from={_midnight(5).date()}&date_to={_midnight(1).date()}").text
    header, *lines = list(csv.reader(io.StringIO(exported)))
    assert header[-9:] == ["face_id_withdrawn", "signed_minutes", "changed_since_signed", "settings_differ",
                           "employee_number", "email", "overtime_minutes", "incomplete_weeks_minutes",
                           "absence_minutes"]
    assert {line[1]: line[header.index("face_id_withdrawn")] for line in lines} == {
        "Abe Absent": "false", "Tom Returned": "false", "Wendy Withdrawn": "true"}

    # The daily report of a day she was withdrawn: her HR-typed day is marked, Tom's kiosk day is not.
    daily = api.get("/attendance/daily", query=f"date={_midnight(3).date()}")
    assert daily.status == 200, daily.text
    assert {item["full_name"]: (item["face_id_withdrawn"], item["worked_minutes"])
            for item in daily.json()["items"]} == {"Tom Returned": (False, 480), "Wendy Withdrawn": (True, 480)}
    daily_csv = api.get("/attendance/daily", query=f"date={_midnight(3).date()}", headers={"accept": "text/csv"})
    header, *lines = list(csv.reader(io.StringIO(daily_csv.text)))
    assert header[-12:-6] == ["face_id_withdrawn", "settings_differ", "employee_number", "email",
                              "absence_minutes", "absence_kinds"]  # then the work schedule's columns
    assert {line[2]: line[-12] for line in lines} == {"Tom Returned": "false", "Wendy Withdrawn": "true"}


def test_a_close_over_a_withdrawn_person_without_time_is_refused_then_forced_over_what_was_shown(api, services):
    worker = _hire(api, services, "Abe Worker")
    wendy = _hire(api, services, "Wendy Withdrawn")  # withdrew 5 days ago; nobody typed her time in
    pat = _hire(api, services, "Pat Typed")  # withdrew 5 days ago; HR typed a day of hers
    tom = _hire(api, services, "Tom Returned")  # withdrawn 14 to 12 days ago only: before the days closed
    kiosk_punch(services, worker, _midnight(9) + timedelta(hours=8), "entry")
    kiosk_punch(services, worker, _midnight(9) + timedelta(hours=16), "exit")
    _withdrawn(api, services, wendy, 5)
    _withdrawn(api, services, pat, 5)
    _withdrawn(api, services, tom, 14)
    assert api.post(f"/employees/{tom}/biometric-consent", json_body={"reference": "form 2"}).status == 200
    _moved_back(services, tom, timedelta(days=12), since=timedelta(minutes=5))
    typed = api.post("/attendance/manual/shift", json_body={
        "employee_id": str(pat), "started_at": (_midnight(4) + timedelta(hours=8)).isoformat(),
        "ended_at": (_midnight(4) + timedelta(hours=12)).isoformat(), "note": "her sheet"})
    assert typed.status == 201, typed.text
    through = _midnight(3).date().isoformat()

    # Nothing closed yet: every day through d3 is newly closed (from d10, the day before the first punch). Wendy was
    # withdrawn on d5..d3 without one punch; Pat has a typed shift on one of her days, Tom's days are earlier.
    refused = api.post("/payroll/lock", json_body={"closed_through": through})
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    details = refused.json()["error"]["details"]
    assert (details["pending_reviews"], details["days_without_exit"], details["days_without_entry"],
            details["people_without_time"]) == (0, 0, 0, 1)
    assert details["items"] == [{"employee_id": str(wendy), "full_name": "Wendy Withdrawn",
                                 "date": _midnight(5).date().isoformat(), "kind": "without_time", "count": 3}]
    assert (details["first_day"], details["last_day"]) == (_midnight(5).date().isoformat(),) * 2
    assert api.get("/payroll/lock").json()["closed_through"] is None  # nothing written

    # Another withdrawal meanwhile changes what is undecided: the fingerprint shown no longer forces the close.
    quin = _hire(api, services, "Quin Later")
    _withdrawn(api, services, quin, 4)
    again = api.post("/payroll/lock", json_body={"closed_through": through, "force": True, "note": "x",
                                                 "undecided_fingerprint": details["fingerprint"]})
    assert (again.status, again.error_code) == (409, "period_undecided"), again.text
    now = again.json()["error"]["details"]
    assert (now["changed"], now["people_without_time"]) == (True, 2) and now["fingerprint"] != details["fingerprint"]
    assert [(item["full_name"], item["date"], item["count"]) for item in now["items"]] == [
        ("Wendy Withdrawn", _midnight(5).date().isoformat(), 3), ("Quin Later", _midnight(4).date().isoformat(), 2)]

    # Forced over what was shown: closed, the history says forced.
    forced = api.post("/payroll/lock", json_body={"closed_through": through, "force": True, "note": "Wendy's sheet "
                                                  "follows", "undecided_fingerprint": now["fingerprint"]})
    assert forced.status == 200, forced.text
    assert (forced.json()["closed_through"], forced.json()["history"][0]["forced"]) == (through, True)

    # Reopened, HR types Wendy's and Quin's time: the close goes through, not forced.
    assert api.post("/payroll/lock", json_body={"closed_through": None, "note": "their time"}).status == 200
    for who in (wendy, quin):
        shift = api.post("/attendance/manual/shift", json_body={
            "employee_id": str(who), "started_at": (_midnight(3) + timedelta(hours=8)).isoformat(),
            "ended_at": (_midnight(3) + timedelta(hours=16)).isoformat(), "note": "typed in"})
        assert shift.status == 201, shift.text
    closed = api.post("/payroll/lock", json_body={"closed_through": through})
    assert closed.status == 200, closed.text
    assert closed.json()["history"][0]["forced"] is False


def _worked_by_face_then_withdrew(api, services, name: str, *, days_ago: int, hours: tuple[int, int]) -> uuid.UUID:
    """A person who checked in and out by face `days_ago` days ago (at hours[0], hours[1]) and withdrew their
    consent at 20:00 that day."""
    person = _hire(api, services, name)
    day = _midnight(days_ago)
    kiosk_punch(services, person, day + timedelta(hours=hours[0]), "entry")
    kiosk_punch(services, person, day + timedelta(hours=hours[1]), "exit")
    assert api.delete(f"/employees/{person}/biometric-consent").status == 200
    _moved_back(services, person, datetime.now(UTC) - (day + timedelta(hours=20)), since=timedelta(minutes=5))
    return person


def test_face_punches_of_the_morning_before_the_withdrawal_are_not_time_typed_in_for_the_days_after(api, services):
    """She checked in and out by face on d5, withdrew that evening, and nobody typed her time since: the close
    still says so (her morning's punches were not typed in while she was withdrawn)."""
    _worked_by_face_then_withdrew(api, services, "Mia Morning", days_ago=5, hours=(8, 12))

    refused = api.post("/payroll/lock", json_body={"closed_through": _midnight(3).date().isoformat()})
    assert (refused.status, refused.error_code) == (409, "period_undecided"), refused.text
    assert [(item["full_name"], item["kind"], item["date"], item["count"])
            for item in refused.json()["error"]["details"]["items"]] == [
        ("Mia Morning", "without_time", _midnight(4).date().isoformat(), 2)]  # d5 was worked by face, paid


def test_the_day_of_the_withdrawal_after_a_day_worked_by_face_is_paid_already(api, services):
    """Checked in and out by face on d3, withdrew at 20:00: a close through d3 has nothing for HR to type."""
    _worked_by_face_then_withdrew(api, services, "Ida Evening", days_ago=3, hours=(8, 16))

    closed = api.post("/payroll/lock", json_body={"closed_through": _midnight(3).date().isoformat()})
    assert closed.status == 200, closed.text
    assert closed.json()["history"][0]["forced"] is False
