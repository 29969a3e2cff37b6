"""A payroll number per employee (employee_number), the key a payroll system imports the timesheet and daily CSVs
by: two people of one name are two rows a payroll import tells apart. Real PostgreSQL + pgvector, the real API
handler."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from tests.conftest import fixture_bytes, kiosk_punch


def _email() -> str:
    return f"anna.{uuid.uuid4().hex[:10]}@example.com"


def _number() -> str:
    return f"P-{uuid.uuid4().hex[:8]}"


def _create(api, **fields) -> dict:
    answer = api.post("/employees", json_body={"full_name": "Anna Ivanova", "email": _email(), **fields})
    assert answer.status == 201, answer.text
    return answer.json()


def _audit(api, employee_id: str) -> list[tuple]:
    items = api.get(f"/employees/{employee_id}/audit").json()["items"]
    return [(item["before"], item["after"]) for item in items if item["field"] == "employee_number"]


def test_a_payroll_number_is_set_at_creation_changed_cleared_and_audited(api):
    number = _number()
    created = _create(api, employee_number=f"  {number}  ")
    assert created["employee_number"] == number  # trimmed, case kept
    person = created["id"]
    assert api.get(f"/employees/{person}").json()["employee_number"] == number

    patched = api.patch(f"/employees/{person}", json_body={"employee_number": number.lower()})
    assert patched.status == 200, patched.text
    assert patched.json()["employee_number"] == number.lower()  # its own number in another case: no conflict

    replaced = api.put(f"/employees/{person}", json_body={"full_name": "Anna Ivanova", "email": created["email"],
                                                          "employee_number": "B-7"})
    assert replaced.status == 200, replaced.text
    assert replaced.json()["employee_number"] == "B-7"

    cleared = api.patch(f"/employees/{person}", json_body={"employee_number": None})
    assert cleared.status == 200, cleared.text
    assert cleared.json()["employee_number"] is None
    assert api.get(f"/employees/{person}").json()["employee_number"] is None

    # A save that leaves it alone keeps it (a PATCH without the field; a PATCH of something else).
    api.patch(f"/employees/{person}", json_body={"employee_number": "B-8"})
    kept = api.patch(f"/employees/{person}", json_body={"department": "Warehouse"})
    assert kept.json()["employee_number"] == "B-8"

    assert _audit(api, person) == [(None, number), (number, number.lower()), (number.lower(), "B-7"),
                                   ("B-7", None), (None, "B-8")]


def test_a_payroll_number_another_person_has_is_409_in_any_case(api):
    number = _number()
    first = _create(api, employee_number=number)
    refused = api.post("/employees", json_body={"full_name": "Anna Ivanova", "email": _email(),
                                                "employee_number": number.lower()})
    assert refused.status == 409 and refused.error_code == "employee_number_taken", refused.text

    second = _create(api)
    patched = api.patch(f"/employees/{second['id']}", json_body={"employee_number": number})
    assert patched.status == 409 and patched.error_code == "employee_number_taken", patched.text
    replaced = api.put(f"/employees/{second['id']}", json_body={"full_name": "Anna Ivanova", "email": second["email"],
                                                                "employee_number": number.upper()})
    assert replaced.status == 409 and replaced.error_code == "employee_number_taken", replaced.text
    assert api.get(f"/employees/{second['id']}").json()["employee_number"] is None
    assert _audit(api, second["id"]) == []

    # A taken email is still email_taken; people without a number are many.
    again = api.post("/employees", json_body={"full_name": "Twin", "email": first["email"]})
    assert again.status == 409 and again.error_code == "email_taken"
    assert _create(api)["employee_number"] is None


def test_a_bad_payroll_number_is_422(api):
    for bad in ("", "   ", "x" * 51, "A\x00B", "A\u200bB", 17):
        answer = api.post("/employees", json_body={"full_name": "Anna", "email": _email(), "employee_number": bad})
        assert answer.status == 422, (bad, answer.text)
        assert answer.json()["error"]["details"]["errors"][0]["location"][-1] == "employee_number"
    assert _create(api, employee_number="x" * 50)["employee_number"] == "x" * 50


def test_the_employee_search_finds_a_payroll_number(api):
    number = _number()
    person = _create(api, employee_number=number)
    found = api.get("/employees", query=f"q={number[2:].upper()}&limit=200").json()["items"]
    assert [item["id"] for item in found] == [person["id"]]
    assert found[0]["employee_number"] == number


def test_the_payroll_files_carry_the_number_and_email_as_their_last_columns(api, services):
    """Two Anna Ivanovas: the timesheet, daily and attendance CSVs tell them apart by the last two columns."""
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
    first = _create(api, employee_number=_number())
    second = _create(api, employee_number="=SUM(A1)")  # a formula is defused, as a name is
    for person, hours in ((first, 8), (second, 4)):
        kiosk_punch(services, uuid.UUID(person["id"]), day + timedelta(hours=8), "entry")
        kiosk_punch(services, uuid.UUID(person["id"]), day + timedelta(hours=8 + hours), "exit")
    expected = {first["id"]: (first["employee_number"], first["email"]),
                second["id"]: ("'=SUM(A1)", second["email"])}

    query = f"date_from={day.date()}&date_to={day.date()}"
    sheet = api.get("/attendance/timesheet", query=query).json()["items"]
    assert {row["employee_id"]: row["employee_number"] for row in sheet
            if row["employee_id"] in expected} == {first["id"]: first["employee_number"], second["id"]: "=SUM(A1)"}
    header, *lines = list(csv.reader(io.StringIO(api.get("/attendance/timesheet", query=query,
                                                         headers={"accept": "text/csv"}).text)))
    assert header[-5:] == ["employee_number", "email", "overtime_minutes", "incomplete_weeks_minutes",
                           "absence_minutes"]
    assert {line[0]: (line[-5], line[-4]) for line in lines if line[0] in expected} == expected
    assert {line[0]: line[header.index("total_minutes")] for line in lines if line[0] in expected} == {
        first["id"]: "480", second["id"]: "240"}

    daily = api.get("/attendance/daily", query=f"date={day.date()}").json()["items"]
    assert {item["employee_id"]: item["employee_number"] for item in daily if item["employee_id"] in expected} == {
        first["id"]: first["employee_number"], second["id"]: "=SUM(A1)"}
    header, *lines = list(csv.reader(io.StringIO(api.get("/attendance/daily", query=f"date={day.date()}",
                                                         headers={"accept": "text/csv"}).text)))
    assert header[-10:] == ["employee_number", "email", "absence_minutes", "absence_kinds", "scheduled_start",
                            "scheduled_end", "scheduled_minutes", "late_minutes", "left_early_minutes", "no_show"]
    assert {line[1]: (line[-10], line[-9]) for line in lines if line[1] in expected} == expected

    listing = api.get("/attendance", query=f"employee_id={first['id']}").json()["items"]
    assert {item["employee"]["employee_number"] for item in listing} == {first["employee_number"]}
    header, *lines = list(csv.reader(io.StringIO(api.get("/attendance", query=f"employee_id={first['id']}",
                                                         headers={"accept": "text/csv"}).text)))
    assert header[-2:] == ["employee_number", "email"] and len(lines) == 2
    assert {(line[-2], line[-1]) for line in lines} == {expected[first["id"]]}


def test_the_enroll_with_photo_form_takes_a_payroll_number(api):
    from tests.integration.test_enrollment import multipart

    number = _number()
    photo = fixture_bytes("identities/fr_rose_leslie/train_img1.jpg")
    body, content_type = multipart({"full_name": "Rose Leslie", "email": _email(), "employee_number": number,
                                    "biometric_consent": "true", "consent_reference": "form 1"}, photo)
    created = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert created.status == 202, created.text
    assert created.json()["employee"]["employee_number"] == number
    assert _audit(api, created.json()["employee"]["id"]) == [(None, number)]

    email = _email()
    body, content_type = multipart({"full_name": "Rose Twin", "email": email, "employee_number": number.lower(),
                                    "biometric_consent": "true", "consent_reference": "form 1"}, photo)
    refused = api.post("/employees/enroll", body=body, headers={"content-type": content_type})
    assert (refused.status, refused.error_code) == (409, "employee_number_taken"), refused.text
    assert api.get("/employees", query=f"q={email}").json()["items"] == []
