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


def test_an_email_handed_on_to_a_new_hire_never_turns_the_old_record_into_theirs(stack, admin):
    # Bo left (R-11's record keeps his face and punches); his address goes to Bea, a new hire with her own number.
    bo = admin.create_employee("Bo Gone", "bo.gone@roster.example", "Sales", employee_number="R-60")
    admin.update_employee(bo["id"], {"is_active": False})
    old = admin.create_employee("Old Nonumber", "old@roster.example")
    admin.update_employee(old["id"], {"is_active": False})
    desk = admin.create_employee("Dan Desk", "frontdesk@roster.example", employee_number="R-62")  # still employed
    outcome = import_roster(HEADER + "R-61,Bea New,bo.gone@roster.example,Lab,,true\n"
                            + ",Nina Newhire,old@roster.example,,,\n"
                            + ",Fay Frontdesk,frontdesk@roster.example,,,\n", admin, write=True)  # no number given
    assert [row.action for row in outcome.rows] == ["error", "error", "error"]
    assert "R-62 Dan Desk's; the row names Fay Frontdesk" in outcome.rows[2].problem
    assert admin.request("GET", f"/employees/{desk['id']}").body["full_name"] == "Dan Desk"
    assert outcome.rows[0].problem.startswith(
        "roster_conflict: email bo.gone@roster.example is R-60 Bo Gone (inactive)'s; the row names R-61")
    assert "Old Nonumber (inactive)'s; the row names Nina Newhire" in outcome.rows[1].problem
    people = people_by_email(admin)
    assert (people["bo.gone@roster.example"]["full_name"], people["bo.gone@roster.example"]["is_active"]) == (
        "Bo Gone", False)
    assert people["old@roster.example"]["full_name"] == "Old Nonumber"


def test_two_rows_landing_on_one_record_are_both_refused_before_anything_is_written(stack, admin):
    anna = admin.create_employee("Ann Both", "ann.both@roster.example", employee_number="R-70")
    outcome = import_roster(HEADER + ",Ann Both,ann.both@roster.example,Lab,,\n"  # by her email
                            + "R-70,Someone Else,someone@roster.example,,,\n", admin, write=True)  # by her number
    assert [row.action for row in outcome.rows] == ["error", "error"]
    assert outcome.rows[0].problem == "roster_duplicate_row: lines 2, 3 all name R-70 Ann Both"
    person = admin.request("GET", f"/employees/{anna['id']}").body
    assert (person["full_name"], person["email"], person["department"]) == ("Ann Both", "ann.both@roster.example",
                                                                            None)


def test_an_api_out_of_reach_mid_run_stops_and_says_which_rows_were_not_sent(stack, admin):
    planned = plan(read_roster(HEADER + "R-80,Una Reach,una@roster.example,,,\n"
                               + "R-81,Vic Reach,vic@roster.example,,,\n"), admin.list_employees())
    from facepass.roster import apply

    reported = []
    done = apply(planned, FacePassClient("http://127.0.0.1:9", token="local-admin-token", timeout=5),
                 reported.append)
    assert [row.problem.split(" (")[0] for row in done] == ["not_sent: the run stopped at line 2"] * 2
    assert reported == done and "una@roster.example" not in people_by_email(admin)


def test_a_reviewers_list_without_emails_is_refused_in_words():
    with pytest.raises(Exception) as refused:
        plan(read_roster(HEADER + "R-90,Wes,wes@roster.example,,,\n"),
             [{"id": "1", "full_name": "Someone", "employee_number": None, "is_active": True}])
    assert getattr(refused.value, "code", None) == "roster_needs_admin"


def test_excel_files_semicolons_empty_last_columns_and_quoted_line_breaks_are_read():
    rows = read_roster("employee_number;full_name;email;\n"  # Excel in a comma-decimal locale; an empty last column
                       "R-1;Ann;ann@x.example;\n"
                       'R-2;"Bob\nSecond line";bob@x.example;;\n'  # a quoted line break; two empty extra cells
                       "R-3;Cy;cy@x.example;;surplus\n")
    assert [(row.line, getattr(row, "values", None)) for row in rows[:2]] == [
        (2, {"employee_number": "R-1", "full_name": "Ann", "email": "ann@x.example"}),
        (3, {"employee_number": "R-2", "full_name": "Bob\nSecond line", "email": "bob@x.example"})]
    assert (rows[2].line, rows[2].problem) == (5, "roster_row_invalid: more cells than columns")


def test_a_department_new_to_the_company_is_named_in_the_summary(stack, admin, monkeypatch, capsys, tmp_path):
    admin.create_employee("Sal Known", "sal@roster.example", "Sales", employee_number="R-95")
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "R-95,Sal Known,sal@roster.example,SALES,,\n", encoding="utf-8")
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster))
    assert code == 0
    assert "new departments (a scoped reviewer's departments are matched by exact spelling): SALES (as 'Sales' " \
           "but for letter case)" in out


def test_a_cell_too_long_to_read_refuses_the_file_in_words_not_a_traceback(stack, monkeypatch, capsys, tmp_path):
    # A runaway quote or a pasted blob: a cell over the CSV reader's limit (131,072 characters). Before: the CLI's
    # traceback (_csv.Error), no error line.
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "R-60,Kim Fine,kim@roster.example,,,\n" + "R-61," + "x" * 200_000
                      + ",long@roster.example,,,\n", encoding="utf-8")
    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "import", str(roster), "--apply")
    assert code == 1 and err.startswith("error: roster_invalid: line 3 of the roster cannot be read as CSV"), err
    assert "Traceback" not in err and out == ""
    assert "kim@roster.example" not in {person["email"] for person in FacePassClient(
        stack.api_url, token="local-admin-token").list_employees()}  # refused whole: nothing written


def test_control_characters_in_a_refused_row_are_printed_escaped_not_sent_to_the_terminal():
    # A row whose name carries a terminal escape (ESC ] 0; sets the window title; ESC [ 2J clears the screen), a
    # bidi override or a NUL is refused (as the API would), and the error line shows those characters escaped
    # rather than writing them to HR's terminal as they are.
    rows = read_roster(HEADER + "R-70,\x1b]0;pwned\x07Eve\x1b[2J,eve@roster.example,,,\n"
                       + "R-71,Ann\u202eeno,ann@roster.example,,,\n" + "R-72,Nu\x00l,nul@roster.example,,,maybe\n")
    lines = [row.describe() for row in plan(rows, [])]
    assert [line.split(":")[0] for line in lines] == ["line 2", "line 3", "line 4"]
    assert all(line.isprintable() for line in lines), lines
    assert "R-70 \\x1b]0;pwned\\x07Eve\\x1b[2J <eve@roster.example>: roster_row_invalid" in lines[0], lines[0]
    assert "R-71 Ann\\u202eeno <ann@roster.example>" in lines[1] and "R-72 Nu\\x00l" in lines[2]


def test_a_file_with_old_mac_line_ends_is_read_as_any_other():
    # Excel for Mac's "CSV (Macintosh)" ends its lines with a lone CR. Before: the csv module's "new-line character
    # seen in unquoted field" (a traceback, then the file refused) and the delimiter told from the whole file.
    rows = read_roster("employee_number;full_name;email\rR-1;Ann;ann@x.example\rR-2;\"Bob\rSecond\";bob@x.example\r")
    assert [(row.line, row.values) for row in rows] == [
        (2, {"employee_number": "R-1", "full_name": "Ann", "email": "ann@x.example"}),
        (3, {"employee_number": "R-2", "full_name": "Bob\nSecond", "email": "bob@x.example"})]


def test_a_file_with_doubled_carriage_returns_numbers_its_lines_as_a_spreadsheet_shows_them():
    # A CRLF file saved again by a tool that wrote each LF as CR LF ends its lines "\r\r\n". Before: each line end was
    # read as two (a blank line between the rows), so the second row was called line 5, not 3, in the import's report.
    rows = read_roster("employee_number,full_name,email\r\r\nR-1,Ann,ann@x.example\r\r\nR-2,Bob,bob@x.example\r\r\n")
    assert [(row.line, row.values) for row in rows] == [
        (2, {"employee_number": "R-1", "full_name": "Ann", "email": "ann@x.example"}),
        (3, {"employee_number": "R-2", "full_name": "Bob", "email": "bob@x.example"})]
