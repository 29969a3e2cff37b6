"""A period's changes to attendance, every event's (GET /attendance/audit; README, "Changes to attendance"): the rows of
attendance_audit made within days of the report zone (changed_from/changed_to: "who changed what in November, and
why?"), or made whenever to punches of days (occurred_from/occurred_to: "what happened to November's punches", the
December edits after payroll closed included; the Timesheet's panel: each punch on its day as the timesheet and the
pay-period lock count it, _PunchDays), or both, oldest first. Each with the event as it is now (its time, whether its
day is in a closed pay period) and the punch as the change found and left it (whose, which way, its review state).

Who reads what, as GET /attendance: admin and reviewers get each side's face evidence (status, similarity, liveness
score, review reasons); payroll none of it (PayrollAttendanceChange: typed sides without those fields; the note HR's
words only, review.human_note), and a side's person only when the punch counted for them then (else that person is
whom the face matched, which payroll is not told). A reviewer scoped to departments (department_scope.py) gets the
changes of events now their departments' people's, with the people outside them withheld as in an event's own trail
(department_scope.without_outside_audit)."""

from __future__ import annotations

from datetime import date, datetime

from facepass import department_scope, payroll, reports, repository
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import FacePassError
from facepass.pagination import cursor_scope, decode_cursor, encode_cursor
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


def _refuse_backwards(first: date | None, last: date | None, names: tuple[str, str]) -> None:
    """422 invalid_date_range when first is after last (`names`: the query's, for the message and details)."""
    if first and last and first > last:
        raise FacePassError(f"{names[0]} is after {names[1]}.", code="invalid_date_range", status=422,
                            details={names[0]: first.isoformat(), names[1]: last.isoformat()})


def _bounds(first: date | None, last: date | None, zone: str, names: tuple[str, str]
            ) -> tuple[datetime | None, datetime | None]:
    """The instants [start, end) of the days [first, last] of the zone (either open); 422 invalid_date_range when
    first is after last (_refuse_backwards)."""
    _refuse_backwards(first, last, names)
    return (day_bounds(first, zone)[0] if first else None, day_bounds(last, zone)[1] if last else None)


# The rows one page reads after its first batch (of `limit` + 1) when the punch-day filter left it short, and how many
# batches at most: then the page is returned short (even empty) with the cursor of the last row read.
SCAN_BATCH = 500
SCAN_ROUNDS = 4


def list_changes(db: Database, settings: Settings, *, changed_from: date | None = None,
                 changed_to: date | None = None, occurred_from: date | None = None, occurred_to: date | None = None,
                 actor: str | None = None, action: str | None = None, cursor: str | None = None, limit: int = 100,
                 evidence: bool = True, reach: Reach = EVERYONE) -> AttendanceChangePage | PayrollAttendanceChangePage:
    """The changes made on the days [changed_from, changed_to] of the report zone to punches whose day (as they are
    now) is one of the days [occurred_from, occurred_to] (each bound open when None), oldest first; 422
    invalid_date_range when a from is after its to. A punch's day is the one the timesheet and the pay-period lock
    count it on (_PunchDays: the person's zone, a night shift's exit on its entry's day). `evidence`: the caller may
    read what the face decided (admin, reviewer); without it the payroll page. `reach`: a scoped reviewer's (module
    docstring).

    The punch days are read from the events' instants widened to every zone and a whole shift (_occurred_window), the
    rows outside them dropped after the query: a page may be short, even empty, with a next_cursor (the last row
    read), and the listing ends only when no row is left to read."""
    zone = settings.report_timezone
    start, end = _bounds(changed_from, changed_to, zone, ("changed_from", "changed_to"))
    _refuse_backwards(occurred_from, occurred_to, ("occurred_from", "occurred_to"))
    occurred_start, occurred_end = _occurred_window(settings, occurred_from, occurred_to)
    filtered = occurred_from is not None or occurred_to is not None
    scope = cursor_scope("GET /attendance/audit", changed_from=changed_from, changed_to=changed_to,
                         occurred_from=occurred_from, occurred_to=occurred_to, actor=actor, action=action)
    after_id = decode_cursor(cursor, int, scope=scope)[1] if cursor else None
    kept: list[dict] = []
    last: dict | None = None
    more = False
    with db.transaction() as cur:
        days = _PunchDays(cur, settings)
        batch = limit
        for _ in range(SCAN_ROUNDS):
            rows = repository.list_audit_changes(cur, start=start, end=end, actor=actor, action=action,
                                                 after_id=after_id, limit=batch + 1, departments=reach.sql,
                                                 occurred_start=occurred_start, occurred_end=occurred_end)
            exhausted = len(rows) <= batch
            days.read_zones(rows)
            for index, row in enumerate(rows):
                last = row
                if not filtered or days.within(row, occurred_from, occurred_to):
                    kept.append(row)
                if len(kept) == limit:
                    more = not exhausted or index + 1 < len(rows)
                    break
            else:
                if exhausted:
                    more = False
                    break
                after_id, batch, more = rows[-1]["id"], max(limit, SCAN_BATCH), True
                continue
            break
        if reach.scoped:
            kept = _within_reach(cur, reach, kept)
        closed = _in_closed_period(days, kept)
    items = [_change(row, closed=row["attendance_id"] in closed, evidence=evidence) for row in kept]
    next_cursor = encode_cursor(last["created_at"], last["id"], scope=scope) if more and last is not None else None
    if evidence:
        return AttendanceChangePage(items=items, next_cursor=next_cursor, timezone=zone)
    return PayrollAttendanceChangePage(items=items, next_cursor=next_cursor, timezone=zone)


def _occurred_window(settings: Settings, first: date | None, last: date | None
                     ) -> tuple[datetime | None, datetime | None]:
    """The instants [start, end) every event whose punch day is one of [first, last] lies in (either open): a day in
    any zone is within its UTC day widened by reports.ZONE_REACH, and an exit counted on its entry's day up to a
    whole shift (FACEPASS_MAX_SHIFT_HOURS) after it."""
    start = reports.moved(day_bounds(first, "UTC")[0], -reports.ZONE_REACH) if first else None
    end = reports.undecided_reach(settings, last) if last else None
    return start, end


class _PunchDays:
    """The day each row's event is on as the timesheet and the pay-period lock count it (payroll._closed_on's rule):
    the earliest day it changes, its own (its date in the zone its person held at its instant: payroll.event_day;
    nobody's, the report zone's) or the day of the shift it closes, reopens or breaks (payroll.shift_day, weighed
    without itself: a night shift's exit the next morning is on the night's day). The people's zones read once per
    batch; the shift (a query) only when it could move the answer (payroll.earliest_day_reached bounds it)."""

    def __init__(self, cur, settings: Settings) -> None:
        self.cur, self.settings = cur, settings
        self.histories: dict = {}
        self._days: dict[int, date] = {}

    def read_zones(self, rows: list[dict]) -> None:
        people = sorted({row["employee_id"] for row in rows if row["employee_id"] is not None
                         and row["employee_id"] not in self.histories}, key=str)
        if people:
            found = repository.time_zone_history(self.cur, people)
            self.histories |= {person: found.get(person) for person in people}

    def own(self, row: dict) -> date:
        person, moment = row["employee_id"], row["occurred_at"]
        held = reports.zone_held(self.histories.get(person), moment) if person is not None else None
        zone = reports.usable_zone(held, self.settings.report_timezone,
                                   subject={"employee_id": str(person)} if person else None)[0]
        return reports.event_date(zone, moment)

    def day(self, row: dict) -> date:
        event_id = row["attendance_id"]
        if event_id not in self._days:
            own = self.own(row)
            shift = payroll.shift_day(self.cur, self.settings, row["employee_id"], row["occurred_at"], {event_id})
            self._days[event_id] = min(own, shift) if shift is not None else own
        return self._days[event_id]

    def within(self, row: dict, first: date | None, last: date | None) -> bool:
        """Whether the row's event is on one of the days [first, last] (either open; no event: never)."""
        if row["occurred_at"] is None:
            return False
        own = self.own(row)
        earliest = min(own, payroll.earliest_day_reached(self.settings, row["occurred_at"]))
        if (first is not None and own < first) or (last is not None and earliest > last):
            return False  # every day it may be on is outside
        if (first is None or earliest >= first) and (last is None or own <= last):
            return True  # every day it may be on is inside
        day = self.day(row)
        return (first is None or day >= first) and (last is None or day <= last)


def _within_reach(cur, reach: Reach, rows: list[dict]) -> list[dict]:
    """The rows as a scoped reviewer reads them (department_scope.without_outside_audit, each event's matched person
    weighed for its own rows, all of them looked up at once), in their order."""
    return department_scope.without_outside_audit(cur, reach, rows, matched_key="matched_employee_id")


def _in_closed_period(days: _PunchDays, rows: list[dict]) -> set[int]:
    """The events (of these rows) whose day is on or before the closed-through date, each on its day as the lock
    reckons it (_PunchDays: its own day or its shift's, as refuse_closed refuses a change to it)."""
    through = payroll.closed_through(days.cur, share=False)
    if through is None:
        return set()
    days.read_zones(rows)
    return {row["attendance_id"] for row in rows if days.within(row, None, through)}


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
