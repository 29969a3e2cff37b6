"""A period's changes to attendance, every event's (GET /attendance/audit; README, "Changes to attendance"): the rows of
attendance_audit made within days of the report zone (changed_from/changed_to: "who changed what in November, and
why?"), or made to punches of days of the report zone whenever made (occurred_from/occurred_to: "what happened to
November's punches", the December edits after payroll closed included; the Timesheet's panel), or both, oldest first.
Each with the event as it is now (its time, whether its day is in a closed pay period) and the punch as the
change found and left it (whose, which way, its review state).

Who reads what, as GET /attendance: admin and reviewers get each side's face evidence (status, similarity, liveness
score, review reasons); payroll none of it (PayrollAttendanceChange: typed sides without those fields; the note HR's
words only, review.human_note), and a side's person only when the punch counted for them then (else that person is
whom the face matched, which payroll is not told). A reviewer scoped to departments (department_scope.py) gets the
changes of events now their departments' people's, with the people outside them withheld as in an event's own trail
(department_scope.without_outside_audit)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from facepass import department_scope, payroll, reports, repository
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import FacePassError
from facepass.pagination import decode_cursor, encode_cursor
from facepass.reports import CsvSheet, day_bounds, spreadsheet_cell, wall_clock
from facepass.review import human_note, is_automatic
from facepass.schemas import (
    AttendanceChange,
    AttendanceChangePage,
    CsvDialect,
    PayrollAttendanceChange,
    PayrollAttendanceChangePage,
)
from facepass.separation import AUDIT_KEY as SELF_REVIEW_KEY

ACTIONS = ("add", "confirm", "reassign", "reject", "flag")


def _counted(side: dict) -> bool:
    """Whether the punch counted for its person in this state (repository.REPORTED_EVENT's rule: recognized and not
    flagged, or confirmed or reassigned by a reviewer)."""
    state = side.get("review_state")
    return state in ("confirmed", "reassigned") or (state == "none" and side.get("status") == "recognized")


def _bounds(first: date | None, last: date | None, zone: str, names: tuple[str, str]
            ) -> tuple[datetime | None, datetime | None]:
    """The instants [start, end) of the days [first, last] of the zone (either open); 422 invalid_date_range when
    first is after last (`names`: the query's, for the message and details)."""
    if first and last and first > last:
        raise FacePassError(f"{names[0]} is after {names[1]}.", code="invalid_date_range", status=422,
                            details={names[0]: first.isoformat(), names[1]: last.isoformat()})
    return (day_bounds(first, zone)[0] if first else None, day_bounds(last, zone)[1] if last else None)


def list_changes(db: Database, settings: Settings, *, changed_from: date | None = None,
                 changed_to: date | None = None, occurred_from: date | None = None, occurred_to: date | None = None,
                 actor: str | None = None, action: str | None = None, cursor: str | None = None, limit: int = 100,
                 evidence: bool = True, reach: Reach = EVERYONE) -> AttendanceChangePage | PayrollAttendanceChangePage:
    """The changes made on the days [changed_from, changed_to] of the report zone to punches whose time (as it is
    now) is on the days [occurred_from, occurred_to] of the report zone (each bound open when None), oldest first;
    422 invalid_date_range when a from is after its to. `evidence`: the caller may read what the face decided (admin,
    reviewer); without it the payroll page. `reach`: a scoped reviewer's (module docstring)."""
    zone = settings.report_timezone
    start, end = _bounds(changed_from, changed_to, zone, ("changed_from", "changed_to"))
    occurred_start, occurred_end = _bounds(occurred_from, occurred_to, zone, ("occurred_from", "occurred_to"))
    after_id = decode_cursor(cursor, int)[1] if cursor else None
    with db.transaction() as cur:
        rows = repository.list_audit_changes(cur, start=start, end=end, actor=actor, action=action,
                                             after_id=after_id, limit=limit + 1, departments=reach.sql,
                                             occurred_start=occurred_start, occurred_end=occurred_end)
        more, rows = len(rows) > limit, rows[:limit]
        if reach.scoped:
            rows = _within_reach(cur, reach, rows)
        closed = _in_closed_period(cur, settings, rows)
    items = [_change(row, closed=row["attendance_id"] in closed, evidence=evidence) for row in rows]
    next_cursor = encode_cursor(rows[-1]["created_at"], rows[-1]["id"]) if more else None
    if evidence:
        return AttendanceChangePage(items=items, next_cursor=next_cursor, timezone=zone)
    return PayrollAttendanceChangePage(items=items, next_cursor=next_cursor, timezone=zone)


def _within_reach(cur, reach: Reach, rows: list[dict]) -> list[dict]:
    """The rows as a scoped reviewer reads them (department_scope.without_outside_audit, which weighs each event's
    matched person: applied per matched person), in their order."""
    by_matched: dict[object, list[dict]] = defaultdict(list)
    for row in rows:
        by_matched[row["matched_employee_id"]].append(row)
    kept: dict[int, dict] = {}
    for matched, group in by_matched.items():
        for row in department_scope.without_outside_audit(cur, reach, group, matched=matched):
            kept[row["id"]] = row
    return [kept[row["id"]] for row in rows]


def _in_closed_period(cur, settings: Settings, rows: list[dict]) -> set[int]:
    """The events (of these rows) whose day is on or before the closed-through date, each placed on its day as the
    timesheet counts it (payroll.event_day: the zone its person held at its instant; nobody's, the report zone's),
    the people's zones read in one query."""
    through = payroll.closed_through(cur, share=False)
    if through is None:
        return set()
    events = {row["attendance_id"]: (row["employee_id"], row["occurred_at"]) for row in rows
              if row["occurred_at"] is not None
              and payroll.earliest_day_reached(settings, row["occurred_at"]) <= through}
    people = sorted({person for person, _ in events.values() if person is not None}, key=str)
    histories = repository.time_zone_history(cur, people) if people else {}
    closed: set[int] = set()
    for event_id, (person, moment) in events.items():
        held = reports.zone_held(histories.get(person), moment) if person is not None else None
        zone = reports.usable_zone(held, settings.report_timezone,
                                   subject={"employee_id": str(person)} if person else None)[0]
        if reports.event_date(zone, moment) <= through:
            closed.add(event_id)
    return closed


def _side(row: dict, which: str, *, evidence: bool) -> dict:
    values = dict(row[which] or {})
    person = values.get("employee_id")
    shown = person is not None and (evidence or _counted(values))
    side = {"occurred_at": values.get("occurred_at"), "event_type": values.get("event_type"),
            "review_state": values.get("review_state"), "direction_source": values.get("direction_source"),
            "employee": {"id": person, "full_name": row[f"{which}_full_name"] or "",
                         "employee_number": row[f"{which}_employee_number"]} if shown else None}
    if evidence:
        side |= {"status": values.get("status"), "similarity": values.get("similarity"),
                 "liveness_score": values.get("liveness_score"),
                 "review_reasons": values.get("review_reasons") or []}
    return side


def _change(row: dict, *, closed: bool, evidence: bool) -> AttendanceChange | PayrollAttendanceChange:
    before, after = _side(row, "before", evidence=evidence), _side(row, "after", evidence=evidence)
    fields = {"id": row["id"], "created_at": row["created_at"], "actor": row["actor"],
              "automatic": is_automatic(row["actor"]), "action": row["action"],
              "self_review": bool((row["after"] or {}).get(SELF_REVIEW_KEY, False)),
              "event_id": row["attendance_id"], "employee": after["employee"] or before["employee"],
              "occurred_at": row["occurred_at"], "before": before, "after": after, "in_closed_period": closed}
    if evidence:
        return AttendanceChange.model_validate({**fields, "note": row["note"],
                                                "outside_departments": row.get("outside_departments", False)})
    return PayrollAttendanceChange.model_validate({**fields, "note": human_note(row["note"])})


CSV_COLUMNS = ("id", "created_at", "actor", "action", "note", "event_id", "employee_id", "employee_number",
               "full_name", "occurred_at", "in_closed_period", "employee_id_before", "full_name_before",
               "employee_id_after", "full_name_after", "event_type_before", "event_type_after", "review_state_before",
               "review_state_after", "automatic", "self_review")
# The face's evidence, only in an AttendanceChangePage's CSV (after the others; review reasons space-separated, as
# GET /attendance's CSV writes them).
CSV_EVIDENCE_COLUMNS = ("status_before", "status_after", "similarity_before", "similarity_after",
                        "liveness_score_before", "liveness_score_after", "review_reasons_before",
                        "review_reasons_after")


def changes_csv(page: AttendanceChangePage | PayrollAttendanceChangePage, dialect: CsvDialect = "excel") -> str:
    """The page as CSV, times as the report zone's wall clock (page.timezone) with their offset."""
    zone = page.timezone
    sheet = CsvSheet(dialect)
    evidence = isinstance(page, AttendanceChangePage)
    columns = list(CSV_COLUMNS) + (list(CSV_EVIDENCE_COLUMNS) if evidence else [])
    sheet.row(columns)
    cell = spreadsheet_cell
    for change in page.items:
        person, before, after = change.employee, change.before, change.after
        values = {"id": change.id, "created_at": wall_clock(change.created_at, zone), "actor": cell(change.actor),
                  "action": change.action, "note": cell(change.note or ""), "event_id": change.event_id,
                  "employee_id": person.id if person else "",
                  "employee_number": cell(person.employee_number or "") if person else "",
                  "full_name": cell(person.full_name) if person else "",
                  "occurred_at": wall_clock(change.occurred_at, zone),
                  "in_closed_period": str(change.in_closed_period).lower(),
                  "employee_id_before": before.employee.id if before.employee else "",
                  "full_name_before": cell(before.employee.full_name) if before.employee else "",
                  "employee_id_after": after.employee.id if after.employee else "",
                  "full_name_after": cell(after.employee.full_name) if after.employee else "",
                  "event_type_before": before.event_type or "", "event_type_after": after.event_type or "",
                  "review_state_before": before.review_state or "", "review_state_after": after.review_state or "",
                  "automatic": str(change.automatic).lower(), "self_review": str(change.self_review).lower()}
        if evidence:
            def score(value: float | None) -> str:
                return "" if value is None else sheet.decimal(value, 4)

            values |= {"status_before": before.status or "", "status_after": after.status or "",
                       "similarity_before": score(before.similarity), "similarity_after": score(after.similarity),
                       "liveness_score_before": score(before.liveness_score),
                       "liveness_score_after": score(after.liveness_score),
                       "review_reasons_before": " ".join(before.review_reasons),
                       "review_reasons_after": " ".join(after.review_reasons)}
        sheet.row([values[name] for name in columns])
    return sheet.text()
