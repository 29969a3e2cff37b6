"""The pay-period lock: HR closes the company's pay period through a day once payroll is signed, and the figures of
the closed days stop changing. An attendance event is in the closed period when its day (its date in the zone its
person held at its instant, as the timesheet counts it: reports.zone_at, reports.event_date; the report zone for
nobody) is on or before closed_through, or when it would close, reopen or break a shift the timesheet counts on such
a day (a night shift's exit the next morning: shift_day). Every change to an attendance record checks it in the
transaction that changes the row, reading the lock row FOR SHARE (refuse_closed): a close (FOR UPDATE) racing a
change waits for it, or the change waits for the close and sees it. Late arrivals into a closed period (a kiosk's
offline capture) are recorded, awaiting review with the reason `period_closed` (closed_day), so no minute moves."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from facepass import close_settings, reports, repository
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.reports import CsvSheet, spreadsheet_cell
from facepass.schemas import (
    REVIEW_IDS_MAX,
    CloseAdjustment,
    CloseAdjustments,
    CsvDialect,
    PayPeriodLock,
    PayPeriodLockChange,
    PayPeriodLockRequest,
)

REASON = "period_closed"  # the review reason of a punch recorded into a closed period
HISTORY_SHOWN = 100


# A day is over everywhere once it is over in the zone furthest behind UTC (UTC-12): D+1 00:00 there is D+1 12:00 UTC.
LAST_ZONE_BEHIND = timedelta(hours=12)


def closable_from(settings: Settings, day: date) -> datetime:
    """The instant `day` can be closed: once it is over in every time zone (D+1 12:00 UTC) and the longest shift
    begun on it (FACEPASS_MAX_SHIFT_HOURS) has ended. No punch can change it from then on: a punch changes the days
    of its own instant and of an entry at most a shift's length before it (shift_day), in a zone at most 12 hours
    behind UTC, so the earliest day a punch at T changes is T - shift - 12 h's UTC date, and closable_from of that
    day is after T."""
    start = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    return start + LAST_ZONE_BEHIND + timedelta(hours=settings.max_shift_hours)


def latest_closable(settings: Settings, now: datetime | None = None) -> date:
    """The latest day that can be closed at `now` (closable_from(day) <= now)."""
    now = now or datetime.now(UTC)
    return (now - LAST_ZONE_BEHIND - timedelta(hours=settings.max_shift_hours)).astimezone(UTC).date() - timedelta(
        days=1)


def lock_state(db: Database, settings: Settings, now: datetime | None = None) -> PayPeriodLock:
    """The lock, the latest day closable now, and the history, newest first."""
    with db.transaction() as cur:
        return _state(cur, settings, now)


def _state(cur, settings: Settings, now: datetime | None) -> PayPeriodLock:
    row = repository.pay_period_lock(cur)
    history = repository.pay_period_lock_history(cur, limit=HISTORY_SHOWN)
    closed, running = close_settings.closed_with(row), close_settings.running(settings)
    differ = close_settings.differing(closed, running)
    return PayPeriodLock(closed_through=row["closed_through"], changed_at=row["changed_at"],
                         changed_by=row["changed_by"], note=row["note"],
                         latest_closable=latest_closable(settings, now),
                         history=[_change(change) for change in history], closed_with=closed, running=running,
                         settings_differ=bool(differ), differing_settings=differ)


def _change(row: dict) -> PayPeriodLockChange:
    values = {name: row[name] for name in close_settings.NAMES}
    return PayPeriodLockChange(**{key: value for key, value in row.items() if key not in values},
                               closed_with=values if row["action"] == "close" and values["report_timezone"] else None)


def set_lock(db: Database, settings: Settings, request: PayPeriodLockRequest, *, actor: str | None,
             now: datetime | None = None, checked: UndecidedCheck | None = None) -> PayPeriodLock:
    """Close through request.closed_through (a later day than now) or reopen (an earlier day, or None: nothing
    closed; a note required), one history row, under the lock row's lock (FOR UPDATE: a change to an attendance
    record in progress commits first, and one that follows sees the new date). The date it already has: nothing
    written, the same answer (a retry). 422 closed_through_not_over for a day not closable yet (closable_from); 409
    lock_changed when request.expected_closed_through is sent (model_fields_set: null is "nothing closed", not "not
    sent") and is not the current date; 409 close_settings_changed for a close while the running report settings
    are not those the closed days were computed with (_refuse_settings_changed); 409 period_undecided over undecided
    days (_refuse_undecided); 422 force_note_required for a close forced over them (force, undecided days there)
    without a note (a clean close needs none). A close records the running settings (close_settings.running) on the
    lock row and its history row; a partial reopen keeps the lock row's, a reopen of everything clears them.

    What the newly closed days hold undecided is read before the lock row is taken FOR UPDATE (check_undecided;
    `checked`, one made already), so attendance writes, which read that row FOR SHARE, never wait for it. Under the
    lock, the check is trusted only when nothing it read changed since (its watermark: no event before its reach
    added or decided, no zone set, the same closed_through), else read again there: a punch committed between the
    check and the lock is never closed unseen."""
    if not actor:
        raise FacePassError("The token has no subject (`sub`): changes must say who made them.",
                            code="reviewer_unknown", status=403)
    wanted = request.closed_through
    now = now or datetime.now(UTC)
    note = (request.note or "").strip() or None
    if checked is None and wanted is not None and wanted <= latest_closable(settings, now):
        checked = check_undecided(db, settings, wanted)
    with db.transaction() as cur:
        row = repository.pay_period_lock(cur, lock="update")
        current = row["closed_through"]
        if wanted != current:  # the date it already has: a retry, answered as one
            _refuse_stale(request, row)
            reopen = current is not None and (wanted is None or wanted < current)
            counts, forced = None, False
            if not reopen:
                _refuse_settings_changed(settings, row)
                _refuse_unless_closable(settings, wanted, now)
                if not _still_valid(cur, settings, checked, current, wanted):
                    checked = _undecided(cur, settings, current, wanted, repository.attendance_watermark(cur))
                counts, forced = _refuse_undecided(request, checked)
                if forced and note is None:
                    raise FacePassError(
                        "Closing anyway over undecided days signs punches awaiting review, open shifts, people "
                        "nobody typed time for or unanswered correction requests: it needs a note saying why (kept "
                        "in the history).",
                        code="force_note_required", status=422,
                        details={**counts, "date_to": wanted.isoformat()})
            elif note is None:
                raise FacePassError("Reopening a closed pay period needs a note saying why (kept in the history).",
                                    code="reopen_note_required", status=422,
                                    details={"closed_through": current.isoformat()})
            repository.set_pay_period_lock(cur, closed_through=wanted, actor=actor, note=note,
                                           action="reopen" if reopen else "close", previous=current,
                                           forced=forced, undecided=counts,
                                           closed_with=None if reopen else close_settings.running(settings),
                                           signed=None if reopen else checked.signed,
                                           adjust_from=None if reopen else _adjust_from(cur, checked))
        return _state(cur, settings, now)


def _adjust_from(cur, checked: UndecidedCheck) -> date | None:
    """The first day a close compares with what earlier closes signed (repository.insert_close_adjustments: what it
    pays or claws back on top of them, for the days it signs again; a day signed for the first time, or whose
    latest earlier close kept no minutes, is none): its first newly closed day, and after a reopen of everything the
    earliest day a close signed, when earlier (a day whose every punch was rejected since, before the earliest event
    now: clawed back). None: nothing to compare."""
    first = checked.first
    if checked.closed_through is None:
        signed_from = repository.earliest_signed_day(cur)
        first = signed_from if first is None or (signed_from is not None and signed_from < first) else first
    return first


def close_adjustments(db: Database, settings: Settings, history_id: int) -> CloseAdjustments:
    """A close's adjustments per person and day (404 close_not_found: no such close, or a reopen)."""
    with db.transaction() as cur:
        found = repository.close_adjustments(cur, history_id)
    if found is None:
        raise NotFound(f"No close with history id {history_id} (a reopen has no adjustments).",
                       code="close_not_found", details={"history_id": history_id})
    change, rows = found
    return CloseAdjustments(history_id=change["id"], closed_through=change["closed_through"],
                            previous=change["previous"], created_at=change["created_at"],
                            people_adjusted=change["people_adjusted"], minutes_adjusted=change["minutes_adjusted"],
                            items=[CloseAdjustment(**{**row, "timezone": row["timezone"] or settings.report_timezone})
                                   for row in rows])


def adjustments_csv(adjustments: CloseAdjustments, dialect: CsvDialect = "excel") -> str:
    """One row per person and day: employee_id, full_name, timezone, day, signed_before, signed_now, delta, and the
    payroll keys an import matches people by (employee_number, email), last as in the other payroll files."""
    out = CsvSheet(dialect)
    out.row(["employee_id", "full_name", "timezone", "day", "signed_before", "signed_now", "delta", "employee_number",
             "email"])
    for item in adjustments.items:
        out.row([item.employee_id, spreadsheet_cell(item.full_name), item.timezone, item.day.isoformat(),
                 item.signed_before, item.signed_now, item.delta, spreadsheet_cell(item.employee_number or ""),
                 spreadsheet_cell(item.email or "")])
    return out.text()


def _refuse_settings_changed(settings: Settings, row: dict) -> None:
    """409 close_settings_changed for a close while the running report settings are not those the closed days were
    computed with (the lock row's, read FOR UPDATE): the new close would sign figures computed differently from the
    closed days before it, whose own figures have moved since they were signed. Restoring the values, or reopening
    every day (then the next close records the running ones), lets it through. Nothing closed, or closed before the
    values were kept: no check (the close records them)."""
    closed, running = close_settings.closed_with(row), close_settings.running(settings)
    differ = close_settings.differing(closed, running)
    if not differ:
        return
    said = "; ".join(f"{setting.variable} was {closed[setting.name]}, is {running[setting.name]} now"
                     for setting in close_settings.SETTINGS if setting.name in differ)
    raise Conflict(f"The pay period is closed through {row['closed_through'].isoformat()} with other report settings "
                   f"than those running now ({said}): a close now would sign figures computed differently from the "
                   "closed days before it, whose own figures have moved since. Restore the values it was closed "
                   "with (template parameters ReportTimezone, MaxShiftHours, CheckinRepeatWindowSeconds), or reopen "
                   "every closed day (closed_through null, with a note) and close again.",
                   code="close_settings_changed",
                   details={"which": differ, "closed_through": row["closed_through"].isoformat(),
                            "closed_with": closed, "running": running})


UNDECIDED_SHOWN = 10  # the first few undecided (person, day, kind) a refused close names
UNDECIDED_KINDS = {"pending_review": "pending_reviews", "without_exit": "days_without_exit",
                   "without_entry": "days_without_entry", "without_time": "people_without_time",
                   "open_correction": "open_corrections"}


@dataclass(frozen=True)
class UndecidedCheck:
    """What a close through `wanted` would newly close (after `closed_through`, from `first`) still held undecided
    (`found`: reports.undecided_days), as read after `watermark` (repository.attendance_watermark)."""
    closed_through: date | None
    wanted: date
    first: date | None
    found: list[dict]
    watermark: dict
    signed: list[dict] | None = None  # what the newly closed days pay, per person and day (read with `found`)


def check_undecided(db: Database, settings: Settings, wanted: date) -> UndecidedCheck:
    """The check of a close through `wanted`, without holding the lock row: the row is taken FOR UPDATE only for the
    instant it takes to read the watermark (every attendance write in progress, each holding the row FOR SHARE,
    commits first; one that begins after gets later ids), then released, and the days read in a transaction of
    their own (one snapshot) that sees everything up to the watermark."""
    with db.transaction() as cur:
        current = repository.pay_period_lock(cur, lock="update")["closed_through"]
        mark = repository.attendance_watermark(cur)
    if current is not None and wanted <= current:
        return UndecidedCheck(current, wanted, None, [], mark)
    with db.transaction() as cur:
        repository.read_one_snapshot(cur)
        return _undecided(cur, settings, current, wanted, mark)


def _undecided(cur, settings: Settings, current: date | None, wanted: date, mark: dict) -> UndecidedCheck:
    first = newly_closed_from(cur, current)
    signed: list[dict] = []
    if first is not None and first <= wanted:
        # A first close (nothing closed) closes every day before `first` too: a request about one of them holds it.
        found = reports.undecided_days(cur, settings, first, wanted, signed=signed, requests_before=current is None)
    else:  # nothing closed and no event up to `wanted`: no punch to weigh, but a request about such a day still is
        found = reports.open_correction_items(cur, None, wanted) if current is None else []
    return UndecidedCheck(current, wanted, first, found, mark, signed)


def _still_valid(cur, settings: Settings, checked: UndecidedCheck | None, current: date | None, wanted: date) -> bool:
    """Whether `checked` still says what a close through `wanted` over `current` would close undecided, read under
    the lock row's FOR UPDATE: the same days, and nothing they can hold added or changed after its watermark.

    Only events before closable_from(wanted) are watched: a punch at or after it changes no day up to `wanted` (its
    own day in any zone, and the day of the shift it would close, are later: closable_from's rule), nor does a
    decision on it. A close needs closable_from(wanted) <= now, so live check-ins and reviews of today's punches,
    which are after it (as lock_free_from's), never force the read again; a punch or decision of a closable day
    does."""
    return (checked is not None and checked.closed_through == current and checked.wanted == wanted
            and not repository.attendance_changed_since(cur, checked.watermark,
                                                        before=closable_from(settings, wanted))
            and _open_corrections(checked.found) == _corrections_now(cur, checked, wanted))


def _open_corrections(found: list[dict]) -> list[int]:
    """The open correction requests (ids) a check counted."""
    return sorted(item["correction_id"] for item in found if item["kind"] == "open_correction")


def _corrections_now(cur, checked: UndecidedCheck, wanted: date) -> list[int]:
    """The open correction requests (ids) about the days a close newly closes (a first close: every day up to
    `wanted`, as _undecided reads them), read now (under the lock row's lock): one filed or answered since the check
    is no attendance write, which the watermark does not see."""
    first = None if checked.closed_through is None else checked.first
    return sorted(row["id"] for row in repository.open_corrections_on_days(cur, first, wanted))


def newly_closed_from(cur, current: date | None) -> date | None:
    """The first day a close would newly close: the day after the current closed_through; with nothing closed, the
    day before the earliest counted or pending event's UTC date (its day in any zone is on or after it). None:
    nothing closed and no event at all."""
    if current is not None:
        return current + timedelta(days=1)
    earliest = repository.earliest_reported_event(cur)
    return earliest.astimezone(UTC).date() - timedelta(days=1) if earliest is not None else None


def undecided_fingerprint(found: list[dict]) -> str:
    """A short digest of what is undecided (each item, its punches' ids): a forced close sends the one it showed.
    By person (id) and day, not by name: a rename meanwhile changes nothing undecided."""
    items = sorted(found, key=lambda item: (str(item["employee_id"] or ""), item["date"], item["kind"],
                                            item.get("correction_id", 0)))
    # An open correction request by its id too: one answered and another filed about the same day is a change.
    text = json.dumps([[item["date"].isoformat(), str(item["employee_id"]), item["kind"], item["count"],
                        item.get("event_ids", []), *(() if "correction_id" not in item else (item["correction_id"],))]
                       for item in items], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _refuse_undecided(request: PayPeriodLockRequest, checked: UndecidedCheck) -> tuple[dict, bool]:
    """409 period_undecided when the days a close newly closes (after the current closed_through, through the day
    asked, each person's days in their zone as the timesheet places them: reports.undecided_days) still hold events
    awaiting review or shifts missing a punch, or people whose Face ID was withdrawn with no time typed in
    (`without_time`), or correction requests nobody answered about them (`open_correction`: details.corrections
    names the first UNDECIDED_SHOWN, person and day, never the employee's note), unless request.force with, when
    sent, the fingerprint of what is undecided now (else refused again with what it is now). (the counts, whether
    the close goes through over them)."""
    found, current, wanted, first = checked.found, checked.closed_through, checked.wanted, checked.first
    counts = {name: sum(item["count"] if kind == "pending_review" else 1 for item in found if item["kind"] == kind)
              for kind, name in UNDECIDED_KINDS.items()}
    if not found:
        return counts, False
    fingerprint = undecided_fingerprint(found)
    changed = request.undecided_fingerprint is not None and request.undecided_fingerprint != fingerprint
    if request.force and not changed:
        return counts, True
    days = sorted({item["date"] for item in found})
    pending_ids = [event_id for item in found for event_id in item.get("event_ids", [])]
    said = ("What is undecided changed since the refusal you saw: " if request.force and changed else "")
    raise Conflict(
        f"{said}Closing through {wanted.isoformat()} would close days still undecided: {counts['pending_reviews']} "
        f"punch(es) awaiting review, {counts['days_without_exit']} day(s) with a shift with no exit, "
        f"{counts['days_without_entry']} day(s) with an exit with no entry, {counts['people_without_time']} "
        "person(s) whose Face ID was withdrawn with no time entered by HR and "
        f"{counts['open_corrections']} correction request(s) unanswered, from "
        f"{days[0].isoformat()} to {days[-1].isoformat()}. Decide them first (GET /attendance/review?ids=…, POST "
        "/attendance/manual, POST /attendance/corrections/{id}/resolve), or send "
        "force: true with this fingerprint to close anyway (the history keeps that it was forced, and these "
        "counts).", code="period_undecided",
        details={**counts, "date_from": min(filter(None, (first, days[0]))).isoformat(),
                 "date_to": wanted.isoformat(),
                 "first_day": days[0].isoformat(), "last_day": days[-1].isoformat(),
                 "closed_through": current.isoformat() if current else None,
                 "fingerprint": fingerprint, "changed": bool(request.force and changed),
                 "pending_event_ids": pending_ids[:REVIEW_IDS_MAX],
                 "items": [{"employee_id": str(item["employee_id"]) if item["employee_id"] else None,
                            "full_name": item["full_name"], "date": item["date"].isoformat(), "kind": item["kind"],
                            "count": item["count"]}
                           for item in [item for item in found if item["kind"] != "open_correction"][:UNDECIDED_SHOWN]],
                 "corrections": [{"id": item["correction_id"], "employee_id": str(item["employee_id"]),
                                  "full_name": item["full_name"], "date": item["date"].isoformat()}
                                 for item in found if item["kind"] == "open_correction"][:UNDECIDED_SHOWN]})


def _refuse_stale(request: PayPeriodLockRequest, row: dict) -> None:
    """409 lock_changed when the request says which date it saw (expected_closed_through; model_fields_set: null is
    "nothing closed", not "not sent") and the lock (`row`, read FOR UPDATE) has another: a stale view (another tab
    closed or reopened meanwhile) would silently reopen with an earlier date, or close more than its reader saw."""
    current = row["closed_through"]
    if "expected_closed_through" not in request.model_fields_set or request.expected_closed_through == current:
        return
    shown = request.expected_closed_through
    raise Conflict(f"The pay period lock was moved meanwhile (by {row['changed_by']}): it is closed through "
                   f"{current.isoformat() if current else 'nothing'}, not "
                   f"{shown.isoformat() if shown else 'nothing'} as this request expected. Read it again "
                   "(GET /payroll/lock) and decide.", code="lock_changed",
                   details={"closed_through": current.isoformat() if current else None,
                            "changed_by": row["changed_by"],
                            "changed_at": row["changed_at"].isoformat() if row["changed_at"] else None})


def _refuse_unless_closable(settings: Settings, wanted: date, now: datetime) -> None:
    """422 closed_through_not_over for a close reaching a day not closable yet (closable_from). A close only: the date
    the lock has (a retry) and a reopen are never refused for it, whatever FACEPASS_MAX_SHIFT_HOURS is now."""
    latest = latest_closable(settings, now)
    if wanted <= latest:  # the same as closable_from(wanted) <= now, without its instant (past the calendar's end)
        return
    try:
        when = closable_from(settings, wanted).isoformat()
    except OverflowError:  # a day at the calendar's end (9999-12-31) is never closable
        when = None
    raise FacePassError(f"{wanted.isoformat()} is not over yet: a day can be closed once it is over in every time "
                        f"zone and its longest shift ({settings.max_shift_hours} hours) has ended, from "
                        f"{when or 'never'}; the latest day closable now is {latest.isoformat()}.",
                        code="closed_through_not_over", status=422,
                        details={"closable_from": when, "latest_closable": latest.isoformat()})


def closed_through(cur, *, share: bool = True) -> date | None:
    """The closed-through date, the lock row read FOR SHARE (`share`): in a transaction that changes an attendance
    record, a close waits for it to commit."""
    return repository.pay_period_lock(cur, lock="share" if share else None)["closed_through"]


def event_day(cur, settings: Settings, employee_id: UUID | None, moment: datetime) -> date:
    """The day an event of this person at `moment` is on, as the timesheet counts it (nobody: the report zone)."""
    zone = reports.zone_at(cur, settings, employee_id, moment) if employee_id is not None else settings.report_timezone
    return reports.event_date(zone, moment)


def shift_day(cur, settings: Settings, employee_id: UUID | None, moment: datetime,
              changing: Collection[int] = ()) -> date | None:
    """The day of the shift an event of this person at `moment` would close, reopen or break: the shift open at
    `moment` among the person's counted punches before it but the events being changed (`changing`), paired as the
    reports pair them (reports.open_shift_entry: double presses, the longest shift, same-instant exits first), is
    counted on its entry's day (a night shift's exit the next morning changes the night's day). None: no shift is
    open then, or nobody."""
    if employee_id is None:
        return None
    longest = timedelta(hours=settings.max_shift_hours)
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)
    # Two shifts back, as a punch's direction is decided: how the punches just inside one shift pair can depend on
    # an entry before them.
    left_out = set(changing)
    events = [event for event in repository.punches_deciding(cur, employee_id=employee_id,
                                                             start=moment - 2 * longest, end=moment)
              if not event["pending"] and event["id"] not in left_out]
    opened = reports.open_shift_entry(events, moment, longest, double_press)
    return event_day(cur, settings, employee_id, opened["occurred_at"]) if opened is not None else None


def _closed_on(cur, settings: Settings, through: date, employee_id: UUID | None, moment: datetime,
               changing: Collection[int]) -> date | None:
    """The closed day an event of this person at `moment` changes (its own day, or the day of the shift it would
    close, reopen or break: shift_day), else None. No query for a moment past the closed days' reach
    (earliest_day_reached: a zone at most 12 hours behind UTC, a shift at most FACEPASS_MAX_SHIFT_HOURS)."""
    if earliest_day_reached(settings, moment) > through:
        return None
    day = event_day(cur, settings, employee_id, moment)
    if day <= through:
        return day
    shift = shift_day(cur, settings, employee_id, moment, changing)
    return shift if shift is not None and shift <= through else None


def in_closed_period(cur, settings: Settings, events: list[dict]) -> dict[int, date]:
    """The events (rows: id, employee_id, occurred_at) a decision would be refused for by refuse_closed as they are,
    each with the closed day it changes (its own day, or the day of the shift it would close, reopen or break, on or
    before closed_through, weighed without itself: _closed_on): a review card nobody but payroll's reopen can
    unblock. The lock row read plainly (a listing changes nothing). Empty when nothing is closed."""
    through = closed_through(cur, share=False)
    if through is None:
        return {}
    days = {event["id"]: _closed_on(cur, settings, through, event["employee_id"], event["occurred_at"], {event["id"]})
            for event in events}
    return {event_id: day for event_id, day in days.items() if day is not None}


# How long a capture's transaction may take at most for closed_day to leave the lock row alone (see lock_free_from).
LOCK_FREE_MARGIN = timedelta(minutes=10)


def earliest_day_reached(settings: Settings, moment: datetime) -> date:
    """The earliest day an event at `moment` can be in: its own day in a zone 12 hours behind UTC, or the day of an
    entry a whole shift (FACEPASS_MAX_SHIFT_HOURS) before it there (shift_day)."""
    return (moment - LAST_ZONE_BEHIND - timedelta(hours=settings.max_shift_hours)).astimezone(UTC).date()


def lock_free_from(settings: Settings, now: datetime) -> datetime:
    """The instant from which a capture made at `now` reads no lock row: closable_from(L) for L the latest day
    closable at now + LOCK_FREE_MARGIN.

    Why it is safe: a capture at T >= closable_from(L) = (L+1) 00:00 UTC + 12 h + shift reaches no day before
    earliest_day_reached(T) = date(T - 12 h - shift) >= L+1, and every day from L+1 on is closable only from
    closable_from(L+1), which is after now + LOCK_FREE_MARGIN (L is the latest closable then). So no such day is
    closed (a close needs its day closable) and no close can reach one before the capture's transaction commits,
    unless that transaction outlasts the margin. A live capture (T = now) is at or after this instant except in the
    margin's minutes before a day becomes closable (closable_from), when it reads the lock FOR SHARE as any other."""
    return closable_from(settings, latest_closable(settings, now + LOCK_FREE_MARGIN))


def closed_day(cur, settings: Settings, employee_id: UUID | None, moment: datetime,
               now: datetime | None = None) -> date | None:
    """The closed-through date when an event of this person at `moment` is in the closed period (its day, or the day
    of the shift it would close or break: shift_day), else None (the lock row read FOR SHARE). None without reading
    the lock row for a moment no close can reach (lock_free_from): a busy kiosk's live check-ins never take the
    share lock a close would wait behind."""
    now = now or datetime.now(UTC)
    if moment >= lock_free_from(settings, now):
        # A plain read (no lock, no wait): a lock closed beyond what today's settings can close (a close made under a
        # shorter FACEPASS_MAX_SHIFT_HOURS) may still reach this moment, and the locked read below decides.
        through = closed_through(cur, share=False)
        if through is None or through <= latest_closable(settings, now + LOCK_FREE_MARGIN):
            return None
    through = closed_through(cur)
    if through is None or _closed_on(cur, settings, through, employee_id, moment, ()) is None:
        return None
    return through


def refuse_closed(cur, settings: Settings, events: list[tuple[UUID | None, datetime]], *, what: str,
                  changing: Collection[int] = ()) -> None:
    """409 period_closed when any of `events` ((person, instant): the record as it is and as the change would make
    it) is on a day in the closed period, or would close, reopen or break a shift the timesheet counts on one
    (shift_day; `changing`: the ids of the events the change changes, a review's event and its repeats, a
    replacement's replaced punches, left out of what the shift is read from). Read under the lock row's FOR SHARE,
    in the changing transaction: call it before writing, and the refusal leaves nothing written."""
    through = closed_through(cur)
    if through is None:
        return
    for employee_id, moment in dict.fromkeys(events):  # a confirmation names the same (person, instant) twice
        day = _closed_on(cur, settings, through, employee_id, moment, changing)
        if day is not None:
            raise _closed(through, day, what)


def refuse_closed_day(cur, day: date, *, what: str) -> None:
    """refuse_closed for a change made to a day rather than at an instant (an absence: absences.py): 409
    period_closed when `day` is on or before closed_through, the lock row read FOR SHARE in the changing transaction
    (a close waits for it to commit)."""
    through = closed_through(cur)
    if through is not None and day <= through:
        raise _closed(through, day, what)


def _closed(through: date, day: date, what: str) -> Conflict:
    return Conflict(f"The pay period is closed through {through.isoformat()}: {what} on {day.isoformat()} would "
                    "change a closed timesheet. Reopen the period first (POST /payroll/lock with an earlier "
                    "closed_through and a note).", code="period_closed",
                    details={"closed_through": through.isoformat(), "day": day.isoformat()})
