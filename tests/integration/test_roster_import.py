"""`facepass employees import`: a roster CSV (the HR system's export) compared with the employees and applied
through a real local stack: a dry run writes nothing, a second run changes nothing, payroll numbers win over
emails, an empty cell keeps a value, leavers are deactivated (audited), and a refused row is reported while the
others are applied."""

from __future__ import annotations

import pytest

from facepass.client import FacePassClient
from facepass.roster import import_roster, plan, read_roster
from tests.conftest import running_stack
from tests.hostile.test_cli_errors import cli_main

HEADER = "employee_number,full_name,email,department,timezone,active\n"


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, tmp_path_factory):
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("roster"), "roster") as local:
        yield local.addresses


@pytest.fixture
def admin(stack) -> FacePassClient:
    return FacePassClient(stack.api_url, token="local-admin-token")


def people_by_email(admin: FacePassClient) -> dict[str, dict]:
    return {person["email"]: person for person in admin.list_employees()}


def test_a_dry_run_writes_nothing_then_apply_creates_and_a_second_run_changes_nothing(stack, admin, tmp_path,
                                                                                      monkeypatch, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeff" + HEADER +  # an Excel export's BOM
                      "R-1,Rita Roster,rita@roster.example,Warehouse,Europe/Berlin,true\n"
                      "R-2,Sam Roster,sam@roster.example,,,\n"
                      "\n"
                      "R-3,Gone Before,gone@roster.example,,,false\n", encoding="utf-8")
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster))
    assert code == 0, out
    assert "line 2: create" in out and "R-1 Rita Roster <rita@roster.example>" in out
    assert "line 5: skip" in out and "inactive and not on record" in out
    assert out.strip().splitlines()[-1] == ("roster (dry run, nothing written; --apply writes): to_create=2 "
                                            "to_change=0 unchanged=0 skipped=1 errors=0")
    assert "rita@roster.example" not in people_by_email(admin)

    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster), "--apply")
    assert code == 0, out
    assert out.strip().splitlines()[-1] == "roster: created=2 changed=0 unchanged=0 skipped=1 errors=0"
    people = people_by_email(admin)
    rita = people["rita@roster.example"]
    assert (rita["employee_number"], rita["department"], rita["timezone"], rita["is_active"]) == (
        "R-1", "Warehouse", "Europe/Berlin", True)
    assert people["sam@roster.example"]["department"] is None
    assert "gone@roster.example" not in people

    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster), "--apply")
    assert code == 0 and out.strip().splitlines() == [
        "line 5: skip       R-3 Gone Before <gone@roster.example>: inactive and not on record",
        "roster: created=0 changed=0 unchanged=2 skipped=1 errors=0"]


def test_changes_match_by_payroll_number_keep_empty_cells_and_deactivate_with_an_audit(stack, admin):
    anna = admin.create_employee("Anna Old", "anna@roster.example", "Sales", employee_number="R-10")
    bo = admin.create_employee("Bo Leaver", "bo@roster.example", "Sales", timezone="America/New_York",
                               employee_number="R-11")
    text = (HEADER
            # the number finds Anna although her email changed; her name and department change too
            + "R-10,Anna New,anna.new@roster.example,Warehouse,,\n"
            # Bo leaves: empty cells keep his department and zone, his email in other letters is his
            + "R-11,Bo Leaver,BO@Roster.Example,,,no\n")
    outcome = import_roster(text, admin, write=True)
    assert [row.action for row in outcome.rows] == ["change", "change"]
    assert outcome.rows[0].describe() == (
        "line 2: change     R-10 Anna New <anna.new@roster.example>: full_name Anna Old -> Anna New, email "
        "anna@roster.example -> anna.new@roster.example, department Sales -> Warehouse")
    assert outcome.rows[1].describe().startswith("line 3: deactivate ") and outcome.rows[1].changes == {
        "is_active": False}
    people = people_by_email(admin)
    assert people["anna.new@roster.example"]["id"] == anna["id"]
    assert people["anna.new@roster.example"]["department"] == "Warehouse"
    gone = people["bo@roster.example"]
    assert (gone["is_active"], gone["department"], gone["timezone"], gone["employee_number"]) == (
        False, "Sales", "America/New_York", "R-11")
    trail = admin.request("GET", f"/employees/{bo['id']}/audit").body["items"]
    assert [(entry["actor"], entry["after"]) for entry in trail if entry["field"] == "is_active"] == [
        ("local:local-admin-token", "false")]

    # and back: a rehire in the roster reactivates
    outcome = import_roster(HEADER + "R-11,Bo Leaver,bo@roster.example,,,yes\n", admin, write=True)
    assert outcome.rows[0].describe().startswith("line 2: reactivate ")
    assert people_by_email(admin)["bo@roster.example"]["is_active"] is True


def test_refused_rows_are_reported_and_the_others_applied(stack, admin, monkeypatch, capsys, tmp_path):
    admin.create_employee("Cy Number", "cy@roster.example", employee_number="R-20")
    admin.create_employee("Di Email", "di@roster.example", employee_number="R-21")
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER
                      + "R-20,Di Email,di@roster.example,,,\n"  # Cy's number with Di's email: which one is meant?
                      + "R-22,Ed Zone,ed@roster.example,,Mars/Olympus,\n"  # not a time zone
                      + "R-23,Fay Fine,fay@roster.example,Lab,,\n"
                      + "R-23,Fay Twice,fay2@roster.example,,,\n"  # the same payroll number twice in the file
                      + "R-24,Gus Flag,gus@roster.example,,,maybe\n"
                      + "R-25,No Mail,,,,\n", encoding="utf-8")
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster), "--apply")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("line 2: error ") and "roster_conflict: employee_number R-20 is Cy Number's, " \
        "email di@roster.example is Di Email's" in lines[0]
    assert lines[1].startswith("line 3: error ") and "roster_row_invalid: timezone" in lines[1]
    assert lines[2].startswith("line 4: create ")
    assert lines[3].startswith("line 5: error ")
    assert "roster_duplicate_row: employee_number R-23 is on line 4 too" in lines[3]
    assert lines[4].startswith("line 6: error ") and "active must be true or false, not 'maybe'" in lines[4]
    assert lines[5].startswith("line 7: error ") and "a new person needs full_name and email" in lines[5]
    assert lines[-1] == "roster: created=1 changed=0 unchanged=0 skipped=0 errors=5"
    people = people_by_email(admin)
    assert people["fay@roster.example"]["department"] == "Lab"
    assert people["cy@roster.example"]["full_name"] == "Cy Number" and "ed@roster.example" not in people

    # a number another person holds (in any letter case) is a conflict, never a change of the emailed person's number
    outcome = import_roster(HEADER + "R-21,Cy Number,cy@roster.example,,,\n", admin, write=True)
    assert outcome.rows[0].action == "error" and outcome.rows[0].problem.startswith("roster_conflict")
    outcome = import_roster("full_name,email,employee_number\nCy Number,cy@roster.example,r-21\n", admin, write=True)
    assert outcome.rows[0].action == "error" and outcome.rows[0].problem.startswith("roster_conflict")


def test_a_record_edited_in_the_console_meanwhile_is_not_overwritten(stack, admin):
    person = admin.create_employee("Hal Stale", "hal@roster.example", "Sales", employee_number="R-30")
    planned = plan(read_roster(HEADER + "R-30,Hal Stale,hal@roster.example,Warehouse,,\n"), admin.list_employees())
    assert [row.action for row in planned] == ["change"]
    admin.update_employee(person["id"], {"department": "Finance"})  # HR, in the console, after the roster was read
    from facepass.roster import apply

    done = apply(planned, admin)
    assert done[0].action == "error" and done[0].problem.startswith("employee_stale: ")
    assert people_by_email(admin)["hal@roster.example"]["department"] == "Finance"


def test_a_header_with_an_unknown_or_missing_column_is_refused_whole(stack, monkeypatch, capsys, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("full_name,email,departmnet\nIvy,ivy@roster.example,Lab\n", encoding="utf-8")
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster), "--apply")
    assert code == 1 and err.startswith("error: roster_invalid: The roster's header unknown column(s) 'departmnet'")
    roster.write_text("employee_number,full_name\nR-40,Ivy\n", encoding="utf-8")
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster))
    assert code == 1 and "missing column(s) email" in err
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(tmp_path / "none.csv"))
    assert code == 1 and "No such file" in err
