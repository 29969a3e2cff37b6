"""A roster file (the HR or payroll system's export of its people) compared with FacePass's employees, and on request
applied through the API: onboarding hundreds of people, or keeping departments, zones, payroll numbers and leavers in
step, without typing each one into the console.

A row is matched to an employee by `employee_number` (the payroll key), else by `email`; a person is never matched on
their name. A cell left empty keeps what FacePass has (an export with a blank column must not clear anyone's payroll
number); the console clears a field. `active` false deactivates (audited, as the console's), true reactivates. A row
that names nobody on record is created, unless it is inactive. Every change is a PATCH carrying the `updated_at`
read at the start, so an edit made in the console meanwhile is not overwritten (409 employee_stale for that row).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from facepass.errors import FacePassError
from facepass.schemas import EmployeeCreate

COLUMNS = ("employee_number", "full_name", "email", "department", "timezone", "active")
REQUIRED_COLUMNS = ("full_name", "email")
_TRUE = {"true", "yes", "y", "1", "active"}
_FALSE = {"false", "no", "n", "0", "inactive"}
# Fields compared with the record, in the order a change line names them (the API's names).
_FIELDS = ("employee_number", "full_name", "email", "department", "timezone", "is_active")


@dataclass
class RosterRow:
    line: int
    values: dict[str, str]  # the row's non-empty cells, stripped, by column
    active: bool | None


@dataclass
class PlannedRow:
    line: int
    action: str  # create, change, unchanged, skip, error
    label: str  # who: "A-1042 Anna Petrova <anna@example.com>"
    employee: dict | None = None  # the matched record
    changes: dict[str, Any] = field(default_factory=dict)  # API field -> new value (create: the new person's fields)
    problem: str | None = None  # error: "code: message"

    def describe(self) -> str:
        if self.action == "error":  # a refused row's cells may be anything: shown escaped (_visible)
            return f"line {self.line}: error      {_visible(self.label)}: {_visible(self.problem or '')}"
        if self.action == "change":
            parts = [f"{name} {_shown(self.employee.get(name))} -> {_shown(value)}"
                     for name, value in self.changes.items()]
            verb = ("deactivate" if self.changes.get("is_active") is False
                    else "reactivate" if self.changes.get("is_active") is True else "change")
            return f"line {self.line}: {verb:<10} {self.label}: {', '.join(parts)}"
        if self.action == "skip":
            return f"line {self.line}: skip       {self.label}: inactive and not on record"
        return f"line {self.line}: {self.action:<10} {self.label}"


def _visible(text: str) -> str:
    """The text with its control and format characters (a terminal's escape sequences, a bidi override, a NUL, a
    line break) escaped as Python writes them (`\\x1b`): a refused row's cells are printed to HR's terminal."""
    return "".join(char if char.isprintable() or char == " " else
                   char.encode("unicode_escape").decode("ascii") for char in text)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def read_roster(text: str) -> list[RosterRow | PlannedRow]:
    """The file's rows (a row that cannot be read is a PlannedRow error, the others still read). Commas or, as Excel
    writes them in some locales, semicolons (told from the header). A file whose header lacks a required column or
    names an unknown one (a typo must not be ignored) is refused whole: 422 roster_invalid."""
    text = text.removeprefix("\ufeff")  # Excel's UTF-8 files start with a BOM
    # Lines ended as Windows (CR LF), as a CRLF file saved again by a tool that wrote each LF as CR LF (CR CR LF) or
    # as Excel for Mac's "CSV (Macintosh)" (a lone CR) writes them: one line break (else CR CR LF were two, a blank
    # line between the rows, and every later line's number doubled).
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in _next_record(reader, 1, [])]
    while header and not header[-1]:  # a spreadsheet's empty last column
        header.pop()
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        problems = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"unknown column(s) {', '.join(repr(name) for name in unknown)}"] if unknown else []) + (
            ["a column named twice"] if len(set(header)) != len(header) else [])
        raise FacePassError(f"The roster's header {', '.join(problems)}: its columns are {', '.join(COLUMNS)} "
                            f"({' and '.join(REQUIRED_COLUMNS)} required).", code="roster_invalid", status=422)
    rows: list[RosterRow | PlannedRow] = []
    while True:
        line = reader.line_num + 1  # the record's first line (a quoted line break makes it span more)
        cells = _next_record(reader, line, None)
        if cells is None:
            return rows
        cells = [cell.strip() for cell in cells]
        if any(cells[len(header):]):
            rows.append(PlannedRow(line, "error", "", problem="roster_row_invalid: more cells than columns"))
            continue
        values = {name: value for name, value in zip(header, cells, strict=False) if value}
        if not values:
            continue  # a blank line
        active_text = values.pop("active", "").lower()
        if active_text and active_text not in _TRUE | _FALSE:
            rows.append(PlannedRow(line, "error", _label(values),
                                   problem=f"roster_row_invalid: active must be true or false, not {active_text!r}"))
            continue
        rows.append(RosterRow(line, values, None if not active_text else active_text in _TRUE))


def _next_record(reader, line: int, default):
    """The reader's next record (`default` at the end); one it cannot read (a cell over the csv module's limit, a
    runaway quote's) refuses the file whole, 422 roster_invalid: what follows it cannot be told apart."""
    try:
        return next(reader, default)
    except csv.Error as error:
        raise FacePassError(f"line {line} of the roster cannot be read as CSV ({error}): the file is refused whole.",
                            code="roster_invalid", status=422) from None


def _label(values: dict[str, Any]) -> str:
    return " ".join(part for part in (values.get("employee_number"), values.get("full_name"),
                                      f"<{values['email']}>" if values.get("email") else None) if part)


def _key(value: str | None) -> str | None:
    return value.casefold() if value else None


def plan(rows: list[RosterRow | PlannedRow], employees: list[dict]) -> list[PlannedRow]:
    """What applying the rows would do to these employees (every employee, active or not). Rows that land on the same
    record are all refused: applied in turn, the first would rename the record the second means."""
    if any("email" not in person for person in employees):  # a reviewer's or payroll's list: no emails
        raise FacePassError("The roster import needs HR's (admin) token: the employee list came without emails.",
                            code="roster_needs_admin", status=403)
    by_number = {_key(person["employee_number"]): person for person in employees if person.get("employee_number")}
    by_email = {_key(person["email"]): person for person in employees}
    seen: dict[tuple[str, str], int] = {}
    planned = [row if isinstance(row, PlannedRow) else _planned(row, by_number, by_email, seen) for row in rows]
    lines_of: dict[str, list[int]] = {}
    for row in planned:
        if row.action in ("change", "unchanged"):
            lines_of.setdefault(row.employee["id"], []).append(row.line)
    for index, row in enumerate(planned):
        lines = lines_of.get(row.employee["id"], []) if row.action in ("change", "unchanged") else []
        if len(lines) > 1:
            planned[index] = PlannedRow(row.line, "error", row.label, employee=row.employee, problem=(
                f"roster_duplicate_row: lines {', '.join(map(str, lines))} all name {_record(row.employee)}"))
    return planned


def _record(person: dict, *, number: bool = True) -> str:
    """`R-11 Bo Leaver (inactive)`: how a row's error names a record."""
    return " ".join(part for part in (person.get("employee_number") if number else None, person["full_name"])
                    if part) + ("" if person.get("is_active", True) else " (inactive)")


def _planned(row: RosterRow, by_number: dict, by_email: dict, seen: dict) -> PlannedRow:
    values, label = row.values, _label(row.values)
    try:  # every cell checked as the API would (email form, zone, payroll number), before anything is sent
        EmployeeCreate(full_name=values.get("full_name", "?"), email=values.get("email", "x@example.invalid"),
                       department=values.get("department"), timezone=values.get("timezone"),
                       employee_number=values.get("employee_number"))
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}" for problem in error.errors())
        return PlannedRow(row.line, "error", label, problem=f"roster_row_invalid: {problems}")
    for column in ("employee_number", "email"):
        if values.get(column):
            earlier = seen.setdefault((column, _key(values[column])), row.line)
            if earlier != row.line:
                return PlannedRow(row.line, "error", label,
                                  problem=f"roster_duplicate_row: {column} {values[column]} is on line {earlier} too")
    number_match = by_number.get(_key(values.get("employee_number")))
    email_match = by_email.get(_key(values.get("email")))
    if number_match and email_match and number_match["id"] != email_match["id"]:
        return PlannedRow(row.line, "error", label, problem=(
            f"roster_conflict: employee_number {values['employee_number']} is {_record(number_match, number=False)}'s, "
            f"email {values['email']} is {_record(email_match, number=False)}'s"))
    if email_match and not number_match:
        # Found by the email alone: an address handed on to a new hire (a leaver the export just leaves out, a shared
        # frontdesk@) must not turn the old record (their enrolled face, their punches) into the new person's. A
        # record with another payroll number, or under another name, is someone else's: HR decides in the console (a
        # name change of the same person is matched by their payroll number).
        other_number = values.get("employee_number") and email_match.get("employee_number")
        other_person = _key(values.get("full_name")) not in (None, _key(email_match["full_name"]))
        if other_number or other_person:
            return PlannedRow(row.line, "error", label, employee=email_match, problem=(
                f"roster_conflict: email {values['email']} is {_record(email_match)}'s; the row names "
                f"{values.get('employee_number') or values.get('full_name')} (a reused address: change the old "
                "record's email in the console first)"))
    person = number_match or email_match
    if person is None:
        if row.active is False:
            return PlannedRow(row.line, "skip", label)
        if not values.get("full_name") or not values.get("email"):
            return PlannedRow(row.line, "error", label,
                              problem="roster_row_invalid: a new person needs full_name and email")
        return PlannedRow(row.line, "create", label, changes={name: values.get(name) for name in _FIELDS[:5]})
    wanted = {name: values[name] for name in _FIELDS[:5] if values.get(name)}
    if row.active is not None:
        wanted["is_active"] = row.active
    changes = {name: value for name, value in wanted.items() if not _same(name, person.get(name), value)}
    return PlannedRow(row.line, "change" if changes else "unchanged", label, employee=person, changes=changes)


def _same(name: str, current: Any, wanted: Any) -> bool:
    if name == "email":  # an address in other letter case is the same address
        return _key(current) == _key(wanted)
    return current == wanted


@dataclass
class RosterOutcome:
    rows: list[PlannedRow]
    applied: bool
    new_departments: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)

    def summary(self) -> str:
        counts = {action: self.count(action) for action in ("create", "change", "unchanged", "skip", "error")}
        if self.applied:
            return (f"roster: created={counts['create']} changed={counts['change']} unchanged={counts['unchanged']} "
                    f"skipped={counts['skip']} errors={counts['error']}")
        return (f"roster (dry run, nothing written; --apply writes): to_create={counts['create']} "
                f"to_change={counts['change']} unchanged={counts['unchanged']} skipped={counts['skip']} "
                f"errors={counts['error']}")


def apply(planned: list[PlannedRow], client, report=None) -> list[PlannedRow]:
    """Each create and change sent through the API (a FacePassClient), each row given to `report` once done. A
    refused one becomes an error row with the API's code and message, and the others go on; when the API cannot be
    reached, that row and the rest are errors (not sent) and the run stops: the rows done stay done."""
    import requests

    from facepass.client import ApiError

    done: list[PlannedRow] = []
    for index, row in enumerate(planned):
        try:
            if row.action == "create":
                created = client.create_employee(row.changes["full_name"], row.changes["email"],
                                                 row.changes["department"], timezone=row.changes["timezone"],
                                                 employee_number=row.changes["employee_number"])
                row = PlannedRow(row.line, "create", row.label, employee=created, changes=row.changes)
            elif row.action == "change":
                client.update_employee(row.employee["id"], row.changes,
                                       expected_updated_at=row.employee["updated_at"])
        except ApiError as error:
            row = PlannedRow(row.line, "error", row.label, employee=row.employee, changes=row.changes,
                             problem=f"{error.code or error.status}: {error.message}")
        except requests.RequestException as error:
            unsent = [PlannedRow(later.line, "error", later.label, problem=(
                f"not_sent: the run stopped at line {row.line} ({type(error).__name__}); run it again")) for later in
                planned[index:] if later.action in ("create", "change")]
            for later in unsent:
                done.append(later)
                if report:
                    report(later)
            return done
        done.append(row)
        if report:
            report(row)
    return done


def new_departments(planned: list[PlannedRow], employees: list[dict]) -> list[str]:
    """Department names the rows would bring in that no employee has now (a scoped reviewer's departments are
    matched by their exact spelling: `SALES` from an export is another department than `Sales`), each with the
    existing name it differs from only in letter case, if any."""
    known = {person["department"] for person in employees if person.get("department")}
    folded = {name.casefold(): name for name in known}
    named = {row.changes["department"] for row in planned
             if row.action in ("create", "change") and row.changes.get("department")}
    return [name + (f" (as {folded[name.casefold()]!r} but for letter case)" if name.casefold() in folded else "")
            for name in sorted(named - known)]


def import_roster(text: str, client, *, write: bool, report=None) -> RosterOutcome:
    """The roster compared with every employee the API lists, and (write) applied; `report` is given each row as it
    is done (or, without write, planned)."""
    employees = client.list_employees()
    planned = plan(read_roster(text), employees)
    if write:
        rows = apply(planned, client, report)
    else:
        rows = planned
        for row in rows if report else []:
            report(row)
    return RosterOutcome(rows, applied=write, new_departments=new_departments(planned, employees))
