"""Check-in/out and attendance reports (JSON, or CSV with Accept: text/csv)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from facepass.authz import EVIDENCE_ROLES, actor_of
from facepass.errors import FacePassError
from facepass.pagination import ABSENCE_CURSOR_MAX_LENGTH, CURSOR_DESCRIPTION, NAME_CURSOR_MAX_LENGTH
from facepass.schemas import (
    PRINTABLE_PATTERN,
    REVIEW_IDS_MAX,
    Absence,
    AbsenceBatchDeleted,
    AbsenceBulkRequest,
    AbsenceBulkResult,
    AbsenceChange,
    AbsencePage,
    AbsenceRange,
    AbsenceRequest,
    AttendanceChangePage,
    AttendanceEvent,
    AttendancePage,
    AuditTrail,
    CalendarDate,
    Challenge,
    CheckRequest,
    CheckResult,
    CsvDialect,
    DailyReport,
    FaceFreeAnswer,
    FaceFreeRequest,
    KioskEvent,
    ManualEventRequest,
    ManualShift,
    ManualShiftRequest,
    PayrollAttendanceChangePage,
    PayrollAttendancePage,
    QueryBool,
    ReportCalendar,
    ReviewItem,
    ReviewPage,
    ReviewRequest,
    ReviewState,
    SnapshotLink,
    Timesheet,
)

from auth import AUTHORIZED, holds_any, jwt_claims, own_employee, reach
from auth import device_id as calling_device
from compression import gzip_when_accepted
from deferred_modules import DeferredModule
from dependencies import services
from http_bodies import decode_base64_image
from image_requests import parse_image_request

absences = DeferredModule("facepass.absences")
attendance = DeferredModule("facepass.attendance")
audit_log = DeferredModule("facepass.audit_log")
dispute = DeferredModule("facepass.dispute")
face_free = DeferredModule("facepass.face_free")
presence = DeferredModule("facepass.presence")
reports = DeferredModule("facepass.reports")
review = DeferredModule("facepass.review")

router = Router()

# Reviewers scoped to departments (README Roles; facepass.department_scope), said on each route it changes.
_SCOPED_LIST = (" A reviewer scoped to departments (GET /me: departments) gets their departments' people's only (none "
                "nobody was matched to); another person's employee_id answers as an unknown one's.")
_SCOPED_EVENT = (" A reviewer scoped to departments: another department's punch, or one nobody was matched to, is 404 "
                 "attendance_not_found, as for no event.")
_SCOPED_PERSON = (" A reviewer scoped to departments: a person outside them is 403 `outside_departments`, nothing "
                  "written; a retry (the same Idempotency-Key) too once the person is no longer in them.")


def _check(event_type: str) -> Response[CheckResult]:
    event = router.current_event
    photo, request = parse_image_request(event, CheckRequest)
    if request is not None and request.device_id is not None:
        raise FacePassError("device_id is not accepted: the device comes from its device token.",
                            code="device_id_not_accepted", status=422)
    # The X-Device-Id header is ignored: any caller can set it.
    frames = [decode_base64_image(frame) for frame in request.frames] if request and request.frames \
        else None
    deps = services()
    result, status = attendance.record_check(
        deps.db, deps.s3, deps.engine, deps.settings, data=None if frames else photo, event_type=event_type,
        device_id=calling_device(event), idempotency_key=event.headers.get("idempotency-key"), frames=frames,
        challenge_nonce=request.challenge_nonce if request else None,
        captured_at=request.captured_at if request is not None else None)
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON,
                    body=attendance.kiosk_answer(result))


_CHECK_DESCRIPTION = ("The answer is the kiosk view, for every caller: the decision (retry_reason; the employee's id "
                      "and name only when matched) and the event without similarity, liveness score, matched person "
                      "or snapshot; an Idempotency-Key stores and replays this view. HR reads the evidence in "
                      "GET /attendance and the review queue.")


# Comma-separated event ids, at most REVIEW_IDS_MAX.
REVIEW_IDS_PATTERN = rf"^[0-9]{{1,18}}(,[0-9]{{1,18}}){{0,{REVIEW_IDS_MAX - 1}}}$"

@router.post("/attendance/check-in", tags=["attendance"],
             summary="Identify and log an entry (Idempotency-Key header replays retries)",
             description=_CHECK_DESCRIPTION, status_code=201, middlewares=AUTHORIZED)
def check_in() -> Response[CheckResult]:
    return _check("entry")


@router.post("/attendance/check-out", tags=["attendance"],
             summary="Identify and log an exit (Idempotency-Key header replays retries)",
             description=_CHECK_DESCRIPTION, status_code=201, middlewares=AUTHORIZED)
def check_out() -> Response[CheckResult]:
    return _check("exit")


@router.post("/attendance/punch", tags=["attendance"],
             summary="Identify and log an entry or an exit, as the server decides for the person (a door used both "
                     "ways; Idempotency-Key header replays retries)",
             description=_CHECK_DESCRIPTION + " The direction (event.event_type; direction_source auto in HR's view) "
             "is decided under the person's lock from the shifts the reports count, as of the capture time "
             "(captured_at for an offline capture): exit when the person has a shift open then (a counted entry no "
             "exit closed within FACEPASS_MAX_SHIFT_HOURS), else entry. A press within "
             "FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS of the person's last counted punch keeps its direction (a "
             "repeat, 200, as for check-in/out). A face not matched (unknown, ambiguous, awaiting review) is stored "
             "with the direction its best candidate would get (entry when none); a review keeps it. A punch that "
             "comes to count before the person's later server-decided punches (an offline capture sent late, a "
             "manual punch, a review) sends those whose direction it turns back to review (direction_uncertain, "
             "an automatic flag in their audit trail); one already awaiting review gets the reason and the flag too.",
             status_code=201, middlewares=AUTHORIZED)
def punch() -> Response[CheckResult]:
    return _check("auto")


@router.post("/attendance/face-free", tags=["attendance"],
             summary="\"No Face ID?\": a punch typed at the kiosk by payroll number, no photo, awaiting HR's review "
                     "(Idempotency-Key header replays retries)",
             description="For a person without Face ID (consent withdrawn, or no face enrolled): stored awaiting "
                         "review (review reason face_free; no snapshot, no similarity, direction_source kiosk), "
                         "counted once a reviewer confirms it. The answer is the same 202 \"sent to HR to check\" "
                         "whatever the number: never a name, nor whether it names anyone. A number naming nobody, "
                         "a deactivated person or a person with Face ID stores nothing (they punch by face). "
                         "captured_at as for check-in (an offline press).",
             status_code=202, middlewares=AUTHORIZED)
def face_free_punch(body: FaceFreeRequest) -> Response[FaceFreeAnswer]:
    event = router.current_event
    deps = services()
    answer, status = face_free.record_face_free(
        deps.db, deps.settings, employee_number=body.employee_number, event_type=body.event_type,
        device_id=calling_device(event), idempotency_key=event.headers.get("idempotency-key"),
        captured_at=body.captured_at)
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=answer)


def _wants_csv() -> bool:
    return "text/csv" in (router.current_event.headers.get("accept") or "")


# The default answers what the CSV always was, byte for byte.
CsvDialectQuery = Annotated[CsvDialect, Query(
    description="The CSV's form: excel (`,` between cells, `.` decimals, no byte order mark) or excel-semicolon "
                "(`;` between cells, `,` decimals, a UTF-8 byte order mark: Excel in a locale whose decimal "
                "separator is a comma). JSON answers ignore it.")]


_LISTED_DAYS = ("First day: a day in the report time zone; with employee_id a day of that person's, in their own zone "
                "(each event on its date in the zone held at its instant, as the reports place it; none: the report "
                "zone). The answer's timezone names the last day's.")


@router.get("/attendance", tags=["attendance"], summary="Attendance events, oldest first (CSV with Accept: text/csv)",
            description="A caller with the admin or reviewer scope gets the face's evidence (AttendancePage: status, "
                        "similarity, matched_employee, liveness_score, review_reasons, snapshot_key; the CSV's "
                        "columns of those); one without (payroll) gets none of it (PayrollAttendancePage; the CSV "
                        "without those columns) but each punch's `note` (its latest human decision's, from the "
                        "audit trail; the CSV's last column), and a `status` filter is 403 forbidden for them."
                        + _SCOPED_LIST,
             middlewares=AUTHORIZED)
def list_attendance(
    date_from: Annotated[CalendarDate | None, Query(description=_LISTED_DAYS)] = None,
    date_to: Annotated[CalendarDate | None, Query(description="Last day, as date_from.")] = None,
    employee_id: Annotated[UUID | None, Query(description="Only this person's events; the dates are then their "
                                                          "days, as their timesheet and daily rows are.")] = None,
    status: Annotated[Literal["recognized", "unknown", "ambiguous", "rejected"] | None, Query(
        description="The face decision (admin, reviewer: 403 forbidden for payroll). HR's review is review_state; "
                    "what payroll counts is counted=true.")] = None,
    review_state: Annotated[Literal["none", "pending", "confirmed", "reassigned", "rejected"] | None, Query()] = None,
    counted: Annotated[QueryBool | None, Query(description="true: only the events the daily report counts (recognized "
                                                      "and not flagged, or confirmed or reassigned by a reviewer); "
                                                      "false: only the others.")] = None,
    device_id: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE_PATTERN)] = None,
    cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                        description=CURSOR_DESCRIPTION)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    dialect: CsvDialectQuery = "excel",
) -> Response[AttendancePage | PayrollAttendancePage | str]:
    deps = services()
    page = attendance.list_events(deps.db, deps.settings, date_from=date_from, date_to=date_to,
                                  employee_id=employee_id, status=status, device_id=device_id, cursor=cursor,
                                  limit=limit, review_state=review_state, counted=counted,
                                  evidence=holds_any(router.current_event, EVIDENCE_ROLES),
                                  reach=reach(router.current_event))
    if _wants_csv():
        headers = {"X-Next-Cursor": page.next_cursor} if page.next_cursor else {}
        return Response(status_code=200, content_type="text/csv; charset=utf-8",
                        body=attendance.events_csv(page, dialect),
                        headers=headers)
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=page)


@router.get("/attendance/daily", tags=["attendance"],
            summary="Per employee for one day: first in, last out, worked time, events, paid absences (CSV with "
                    "Accept: text/csv)",
            description="Everyone with an event that day (or one awaiting review), and, after them by name, everyone "
                        "with a paid absence recorded for that day, or scheduled to work it (their work schedule, "
                        "employed that day), and no event (0 worked): each item's "
                        "absence_minutes and absence_kinds are the person's absences of their own calendar day (as "
                        "the timesheet's), never in worked_minutes; scheduled_start, scheduled_end, "
                        "scheduled_minutes, late_minutes, left_early_minutes and no_show measure the day against "
                        "the person's work schedule as it is now (GET /schedules), and the answer's late and "
                        "no_shows count them. A scoped reviewer's departments' people only. "
                        "CSV: then absence_minutes and absence_kinds (the kinds joined with a space), then "
                        "scheduled_start, scheduled_end, scheduled_minutes, late_minutes, left_early_minutes, "
                        "no_show (empty for null) are the last columns.",
             middlewares=[*AUTHORIZED, gzip_when_accepted])
def daily(date: Annotated[CalendarDate | None, Query(description="A day in the report time zone (default: today there)."
                                                        )] = None,
          dialect: CsvDialectQuery = "excel") -> Response[DailyReport | str]:
    deps = services()
    report = reports.daily_report(deps.db, deps.settings, date or reports.today(deps.settings),
                                  reach=reach(router.current_event))
    if _wants_csv():
        return Response(status_code=200, content_type="text/csv; charset=utf-8",
                        body=reports.daily_csv(report, dialect))
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=report)


@router.get("/attendance/timesheet", tags=["attendance"],
            summary="A pay period per employee and day: time worked and the totals (CSV: one row per employee, "
                    "a column of minutes per day)",
            description="By name, `limit` people a page (`next_cursor`; CSV: the X-Next-Cursor header). The pages "
                        "are keyed on names as they are now, so a later page's cursor carries what the order and the "
                        "list depend on as of the first page: when a person was renamed, added (a hire's punch typed "
                        "in for the period's days, or a paid absence recorded or deleted that lists someone not "
                        "employed in it), deactivated or reactivated (or, for a scoped reviewer, moved to another "
                        "department), or payroll was closed or reopened, since then, the page is 409 "
                        "`timesheet_changed` (start again from the first page) rather than one that skips or "
                        "repeats someone or reads another closed_through. A punch recorded meanwhile does not: each "
                        "row is whole on its page.",
            middlewares=[*AUTHORIZED, gzip_when_accepted])
def timesheet(date_from: Annotated[CalendarDate, Query(description="First day, in the report time zone.")],
              date_to: Annotated[CalendarDate, Query(description="Last day (at most 92 days after date_from).")],
              employee_id: Annotated[UUID | None, Query()] = None,
              cursor: Annotated[str | None, Query(max_length=NAME_CURSOR_MAX_LENGTH, pattern=PRINTABLE_PATTERN,
                                                  description=CURSOR_DESCRIPTION)
                                ] = None,
              limit: Annotated[int, Query(ge=1, le=200, description="Employees per page.")] = 100,
              dialect: CsvDialectQuery = "excel",
              ) -> Response[Timesheet | str]:
    deps = services()
    sheet = reports.timesheet(deps.db, deps.settings, date_from, date_to, employee_id=employee_id, cursor=cursor,
                              limit=limit, reach=reach(router.current_event))
    if _wants_csv():
        headers = {"X-Next-Cursor": sheet.next_cursor} if sheet.next_cursor else {}
        return Response(status_code=200, content_type="text/csv; charset=utf-8",
                        body=reports.timesheet_csv(sheet, dialect), headers=headers)
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=sheet)


@router.get("/attendance/calendar", tags=["attendance"],
            summary="The report time zone and today there: the days every attendance date means",
            middlewares=AUTHORIZED)
def calendar() -> ReportCalendar:
    return reports.report_calendar(services().settings)


@router.get("/attendance/<event_id>/snapshot", tags=["attendance"],
            summary="A short-lived link to an event's snapshot while it is retained (404 snapshot_expired after)",
            description=_SCOPED_EVENT.strip(), middlewares=AUTHORIZED)
def snapshot(event_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> SnapshotLink:
    deps = services()
    return attendance.snapshot_link(deps.db, deps.s3, deps.settings, event_id,
                                    actor=actor_of(jwt_claims(router.current_event)),
                                    reach=reach(router.current_event))


# --- presence: challenge, review queue, audit ------------------------------------------------------

EventId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The attendance event id.")]


@router.get("/attendance/challenge", tags=["attendance"],
            summary="A single-use head-turn challenge for this kiosk (device token): send the frames with its nonce",
            middlewares=AUTHORIZED)
def challenge() -> Challenge:
    deps = services()
    with deps.db.transaction() as cur:
        return presence.issue_challenge(cur, deps.settings, device_id=calling_device(router.current_event))


@router.post("/attendance/<event_id>/dispute", tags=["attendance"],
             summary="\"Not you?\": the person shown someone else's name at this kiosk sends that punch to review",
             description="Only the kiosk that recorded the event (else 404 attendance_not_found), within 120 seconds "
                         "of its received_at and live, not an offline capture (else 409 dispute_window_over, "
                         "checked first), for a recognized punch that counts and "
                         "no human decided (else 409 dispute_not_counted, or dispute_reviewed). The punch then awaits "
                         "review (review reason disputed_at_kiosk; a `flag` in its audit trail, the actor naming the "
                         "kiosk) with its repeats recorded by this kiosk, and no longer counts for the person it "
                         "named: their later server-decided punches it turned go to review (direction_uncertain, "
                         "decided_without.cause disputed). A repeat of a counted punch goes to review alone "
                         "(review_detail.disputed_repeat_of); one its original's dispute took along, disputed "
                         "within its own window, gets its own flag and is decided alone too (the same answer). "
                         "Idempotent: again, the same answer, nothing written. "
                         "Answers the event as the kiosk is told it.",
             middlewares=AUTHORIZED)
def dispute_event(event_id: EventId) -> KioskEvent:
    deps = services()
    return dispute.dispute(deps.db, deps.settings, event_id, device_id=calling_device(router.current_event),
                           s3=deps.s3)


_REVIEW_DAYS = ("First day, as GET /attendance: a day in the report time zone; with employee_id a day of that "
                "person's, in the zone they held at each event's instant (a timesheet's pending link passes its "
                "period). 422 invalid_date_range when after date_to.")


@router.get("/attendance/review", tags=["review"],
            summary="Events awaiting review (or in another review state), oldest first, with reasons and candidates",
            description=_SCOPED_LIST.strip() + " pending_total counts theirs; candidates outside their departments "
                        "are left out.", middlewares=AUTHORIZED)
def review_queue(
    state: Annotated[ReviewState, Query()] = "pending",
    cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                        description=CURSOR_DESCRIPTION)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    employee_id: Annotated[UUID | None, Query(description="Only this person's events (a timesheet row's "
                                                          "pending reviews).")] = None,
    date_from: Annotated[CalendarDate | None, Query(description=_REVIEW_DAYS)] = None,
    date_to: Annotated[CalendarDate | None, Query(description="Last day, as date_from.")] = None,
    ids: Annotated[str | None, Query(max_length=10000, pattern=REVIEW_IDS_PATTERN,
                                     description=f"Comma-separated event ids (at most {REVIEW_IDS_MAX}): these events "
                                                 "only, "
                                                 "those still in `state` (a refused pay-period close's "
                                                 "pending_event_ids: exactly what it counted).")] = None,
) -> ReviewPage:
    deps = services()
    return review.list_reviews(deps.db, state=state, cursor=cursor, limit=limit, s3=deps.s3,
                               bucket=deps.settings.bucket, actor=actor_of(jwt_claims(router.current_event)),
                               employee_id=employee_id, settings=deps.settings, date_from=date_from,
                               date_to=date_to,
                               ids=sorted({int(part) for part in ids.split(",")}) if ids else None,
                               reach=reach(router.current_event))


@router.post("/attendance/<event_id>/review", tags=["review"],
             summary="Confirm, reassign or reject an event (audited: who, when, before, after, note)",
             description="Separation of duties: a decision on a punch of the caller's own employee record (the one "
                         "whose email is theirs), or a reassignment to it, is 403 `own_record`, nothing written, "
                         "unless FACEPASS_ALLOW_SELF_REVIEW (then the audit entry says `self_review`)."
                         + _SCOPED_EVENT + " A reassignment to a person outside their departments: 403 "
                         "`outside_departments`, nothing written. Its answer names, as their queue does, nobody "
                         "outside their departments (candidates left out, margin, matched_employee, similarity and "
                         "repeat_of null when they concern someone outside).",
             middlewares=AUTHORIZED)
def review_event(event_id: EventId, body: ReviewRequest) -> ReviewItem:
    deps = services()
    return review.review_event(deps.db, event_id, body, actor=actor_of(jwt_claims(router.current_event)),
                               settings=deps.settings, s3=deps.s3, own_employee=own_employee(router.current_event),
                               reach=reach(router.current_event))


@router.post("/attendance/manual", tags=["review"],
             summary="Add a punch the kiosk did not take (a forgotten check-out), with its reason (audited; "
                     "Idempotency-Key header replays retries)",
             description="409 `punch_conflict` when the reports would not count the punch, or it would undo a "
                         "counted shift: `details` names the events involved and which of them it could replace "
                         "(send `replaces`). A punch for the caller's own employee record: 403 `own_record` "
                         "(separation of duties; FACEPASS_ALLOW_SELF_REVIEW allows it, audited as a self-review)."
                         + _SCOPED_PERSON,
             status_code=201, middlewares=AUTHORIZED)
def add_event(body: ManualEventRequest) -> Response[AttendanceEvent]:
    return _added_by_hr(review.add_event, body)


@router.post("/attendance/manual/shift", tags=["review"],
             summary="Add a whole shift the kiosk did not take (a forgotten morning): its entry and exit in one step, "
                     "with its reason (both audited; Idempotency-Key header replays retries)",
             description="The entry and exit are checked together and stored together: 409 `punch_conflict` when "
                         "the pair would not be a counted shift of its own, or would break or swallow a counted one "
                         "(`details` names it). A shift for the caller's own employee record: 403 `own_record`, as a "
                         "manual punch." + _SCOPED_PERSON,
             status_code=201, middlewares=AUTHORIZED)
def add_shift(body: ManualShiftRequest) -> Response[ManualShift]:
    return _added_by_hr(review.add_shift, body)


def _added_by_hr(add, body) -> Response:
    """review.add_event or add_shift by the caller, the Idempotency-Key header replaying a retry: 201."""
    deps, event = services(), router.current_event
    added = add(deps.db, deps.settings, body, actor=actor_of(jwt_claims(event)),
                idempotency_key=event.headers.get("idempotency-key"), s3=deps.s3, own_employee=own_employee(event),
                reach=reach(event))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=added)


AbsenceId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The absence's id.")]


@router.get("/attendance/absences", tags=["review"],
            summary="The paid absences (vacation, sick, holiday, other) recorded on the days of a period",
            description="By day, then name, then person, then kind, `limit` absences a page (`next_cursor`, null on "
                        "the last page: a company-wide bulk absence over a quarter is hundreds of thousands of rows). "
                        "The pages are keyed on names as they are now: when a person was renamed since the previous "
                        "page was read, the next page is 409 `absences_changed` (start again from the first page) "
                        "rather than one that skips or repeats a row. An absence added or deleted meanwhile is on a "
                        "later page when its place in the order is after the previous page's last row, else on none; "
                        "every absence there throughout is on exactly one page. `in_closed_period`: its day is closed "
                        "(deleting it is 409 period_closed). 422 invalid_date_range (date_from after date_to), "
                        "date_range_too_long (over 92 days)." + _SCOPED_LIST,
            middlewares=[*AUTHORIZED, gzip_when_accepted])
def list_absences(date_from: Annotated[CalendarDate, Query(description="First day (the people's own days).")],
                  date_to: Annotated[CalendarDate, Query(description="Last day (at most 92 days after date_from).")],
                  employee_id: Annotated[UUID | None, Query()] = None,
                  cursor: Annotated[str | None, Query(max_length=ABSENCE_CURSOR_MAX_LENGTH, pattern=PRINTABLE_PATTERN,
                                                      description=CURSOR_DESCRIPTION)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000, description="Absences per page.")] = 100,
                  ) -> AbsencePage:
    deps = services()
    return absences.list_absences(deps.db, deps.settings, date_from, date_to, employee_id=employee_id,
                                  reach=reach(router.current_event), cursor=cursor, limit=limit)


@router.post("/attendance/absences", tags=["review"],
             summary="Record a paid absence of a person on a day (audited in their History: employee_audit field "
                     "`absence`)",
             description="Not worked time: the timesheet shows it beside the worked minutes (absence_minutes, "
                         "absence_kinds; CSV: the absence_minutes column) and counts it in neither those nor the "
                         "overtime. 409 `absence_exists` (the person has one of that kind that day: "
                         "`details.absence_id`; PATCH or delete that one instead), `absence_day_full` (the person's "
                         "absences of that day would come to more than 1440 minutes, a day's 24 hours: details.day, "
                         "details.recorded_minutes), "
                         "`period_closed` (the day is in a closed pay "
                         "period), `employee_inactive` (not employed that day, as a manual punch is checked). 422 "
                         "`day_out_of_range` (more than 366 days from today), `validation_error` (kind, minutes "
                         "1-1440). 404 employee_not_found. The caller's own employee record: 403 `own_record` "
                         "(FACEPASS_ALLOW_SELF_REVIEW allows it, audited as a self-review). A reviewer scoped to "
                         "departments: a person outside them (or no such person) is 403 `outside_departments`, "
                         "nothing written. **A range**: with `day_to` (and optionally `weekdays`, default monday to "
                         "friday) one absence per chosen day of `day`..`day_to` (at most 92 days: 422 "
                         "`date_range_too_long`, `invalid_date_range`; none chosen: 422 `no_days_in_range`) that has "
                         "no absence of any kind yet, in one transaction: the days already covered are skipped, "
                         "never paid twice; each day recorded checked as a single one (the first closed or "
                         "not-employed day refuses all); every chosen day covered already is 409 `absence_exists` "
                         "naming them in `details.days`, nothing written; one History row per day. 201 then "
                         "`{items: [...], skipped: [{day, kinds}]}`, the absences created and the days skipped (the "
                         "kinds recorded there), by day; without `day_to` the one absence, as before.",
             status_code=201, middlewares=AUTHORIZED)
def add_absence(body: AbsenceRequest) -> Response[Absence | AbsenceRange]:
    deps, event = services(), router.current_event
    added = absences.add(deps.db, deps.settings, body, actor=actor_of(jwt_claims(event)),
                         own_employee=own_employee(event), reach=reach(event))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=added)


@router.post("/attendance/absences/bulk", tags=["review"],
             summary="Record a paid absence for many people at once: a department's or everyone's (a public "
                     "holiday, a company's closing day)",
             description="For each employee of `department` (the name exactly as stored; their department now) or of "
                         "everyone who was employed at some instant of the chosen days (a leaver since too; never an "
                         "erased person) "
                         "(`everyone: true`; exactly one of them: else 422 validation_error), what POST "
                         "/attendance/absences with the same day (or range: `day_to`, `weekdays`) does for one "
                         "person, in ONE transaction (all or nothing), each absence audited in its person's History "
                         "by the caller. Left out and listed in `skipped` rather than refusing all: a person's days "
                         "that have an absence of any kind already (`covered`), the days they were not employed on "
                         "(`not_employed`: deactivated then, or their record created after the day, a new hire), "
                         "and the caller's own record (`own_record`, unless FACEPASS_ALLOW_SELF_REVIEW: then recorded, "
                         "audited as a self-review). A day in a closed pay period refuses all: 409 `period_closed`. "
                         "At most 20,000 absences (people x chosen days): else 422 `bulk_too_large` (details.people, "
                         "days, rows, limit), nothing written. Nobody to record: 409 `absence_exists` when everyone "
                         "who could have it has an absence on every chosen day already (a repeat of the same "
                         "request: it is idempotent), else 422 `no_people` (nobody of that department employed on "
                         "those days in reach: an unknown or empty department; or only people skipped as not "
                         "employed or your own record). 422 day_out_of_range, invalid_date_range, date_range_too_long, "
                         "no_days_in_range as for a range. A reviewer scoped to departments: `everyone` means their "
                         "departments' people; another department is 403 `outside_departments`, nothing written; "
                         "a person moved out of their departments while the request ran is left out, unlisted. "
                         "201 `{batch_id, created, people, skipped: [{employee_id, full_name, reason, days}]}`: "
                         "counts, not the absences created (GET /attendance/absences lists them, each with this "
                         "batch_id; DELETE /attendance/absences/batches/{batch_id} undoes the add).",
             status_code=201, middlewares=AUTHORIZED)
def add_absences_bulk(body: AbsenceBulkRequest) -> Response[AbsenceBulkResult]:
    deps, event = services(), router.current_event
    added = absences.add_bulk(deps.db, deps.settings, body, actor=actor_of(jwt_claims(event)),
                              own_employee=own_employee(event), reach=reach(event))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=added)


@router.delete("/attendance/absences/<absence_id>", tags=["review"],
               summary="Delete a paid absence (audited in the person's History): the absence as it was",
               description="404 absence_not_found (also another department's person's, for a reviewer scoped to "
                           "departments); 409 `period_closed` when its day is in a closed pay period. The caller's "
                           "own record: 403 `own_record`, as for adding.",
               middlewares=AUTHORIZED)
def delete_absence(absence_id: AbsenceId) -> Absence:
    deps, event = services(), router.current_event
    return absences.delete(deps.db, deps.settings, absence_id, actor=actor_of(jwt_claims(event)),
                           own_employee=own_employee(event), reach=reach(event))


@router.patch("/attendance/absences/<absence_id>", tags=["review"],
              summary="Correct a paid absence's kind, minutes or note (audited in the person's History): the absence "
                      "as it is now",
              description="At least one of `kind`, `minutes` (1-1440), `note` (null clears it; left out: kept), as an "
                          "add takes them: else 422 `validation_error` (an empty body, a bad value, or an unknown "
                          "field: **the day and the person are not changed here**, delete the absence and add it "
                          "again). Checked as a delete and an add are: 404 absence_not_found (also another "
                          "department's person's, for a reviewer scoped to departments, as for deleting); 403 "
                          "`own_record` for the caller's own record (FACEPASS_ALLOW_SELF_REVIEW allows it, audited as "
                          "a self-review); 409 `period_closed` on a closed pay-period day; 409 `absence_exists` when "
                          "the person has an absence of the new kind that day already (`details.absence_id`); 409 "
                          "`absence_day_full` when the day's absences would then come to more than 1440 minutes "
                          "(`details.recorded_minutes`: the others'); nothing changed then. One History row "
                          "(employee_audit field `absence`, `before` and `after` `<day> <kind> <minutes>[ <note>]`) "
                          "in the same statement, by the caller. A PATCH that changes nothing answers 200 with the "
                          "absence and writes no History row. No If-Match guard: the last correction wins (each is in "
                          "the History).",
              middlewares=AUTHORIZED)
def change_absence(absence_id: AbsenceId, body: AbsenceChange) -> Absence:
    deps, event = services(), router.current_event
    return absences.change(deps.db, deps.settings, absence_id, body, actor=actor_of(jwt_claims(event)),
                           own_employee=own_employee(event), reach=reach(event))


@router.delete("/attendance/absences/batches/<batch_id>", tags=["review"],
               summary="Undo a bulk add: delete every absence it recorded that is still there (each audited in its "
                       "person's History)",
               description="`batch_id`: the bulk add's (POST /attendance/absences/bulk answers it; GET "
                           "/attendance/absences items carry it). Every absence of it still there is deleted in ONE "
                           "transaction (all or nothing), each with its History row as DELETE "
                           "/attendance/absences/{absence_id} writes it; those deleted singly before are not counted. "
                           "404 `absence_batch_not_found` when none of it is left (an unknown id, or a repeat: "
                           "idempotent in effect). 409 `period_closed` when any of them is on a day of a closed pay "
                           "period (details.day: the earliest), nothing deleted. A reviewer scoped to departments: "
                           "403 `outside_departments` when any of them is of a person outside their departments, "
                           "nothing deleted. The caller's own absence among them: 403 `own_record`, nothing deleted "
                           "(as for deleting it singly; FACEPASS_ALLOW_SELF_REVIEW deletes it too, audited as a "
                           "self-review). 200 `{deleted, people}`: how many absences, of how many people.",
               middlewares=AUTHORIZED)
def delete_absence_batch(batch_id: Annotated[UUID, Path(description="The bulk add's id (its answer's batch_id).")]
                         ) -> AbsenceBatchDeleted:
    deps, event = services(), router.current_event
    return absences.delete_batch(deps.db, deps.settings, batch_id, actor=actor_of(jwt_claims(event)),
                                 own_employee=own_employee(event), reach=reach(event))


@router.get("/attendance/audit", tags=["review"],
            summary="Every event's changes made within a period, or made to a period's punches, oldest first: who "
                    "changed what, when and why (CSV with Accept: text/csv)",
            description="The audit trails of all events (manual punches, confirmations, reassignments, rejections, "
                        "flags) made on the days [changed_from, changed_to] of the report zone (\"what was changed in "
                        "November\"), and/or made, whenever, to punches whose day (as they are now) is one of "
                        "the days [occurred_from, occurred_to]: its day, as the timesheet and the pay-period lock "
                        "count it (in its person's zone at its instant, the report zone for nobody; a night shift's "
                        "exit the next morning on the day its entry began) (\"what happened to November's punches\": "
                        "December's edits to them after payroll closed included; the console's Timesheet asks this), "
                        "each bound open when left out, both filters applied when both are given; by the audit row's "
                        "id (a page may come short, even empty, with a next_cursor: follow it until it is null); each "
                        "with the punch's person, time and whether its day (the same) is in a closed pay period (as "
                        "a change to it would be refused, 409 period_closed), and "
                        "the punch as the change found it (`before`) and left it (`after`). A caller with the admin "
                        "or reviewer scope gets each side's face evidence (AttendanceChangePage: status, similarity, "
                        "liveness_score, review_reasons; the CSV's last columns status_before, status_after, "
                        "similarity_before, similarity_after, liveness_score_before, liveness_score_after, "
                        "review_reasons_before, review_reasons_after, the reasons space-separated); payroll none of it "
                        "(PayrollAttendanceChangePage), a side's person only when the punch counted for them then, "
                        "and HR's words of the note only. 422 invalid_date_range when changed_from is after "
                        "changed_to or occurred_from after occurred_to; a date not written YYYY-MM-DD, 422 "
                        "validation_error. The CSV's pages: X-Next-Cursor. A reviewer scoped to departments gets the "
                        "changes of punches now their departments' people's, the rows naming nobody outside them (as "
                        "GET /attendance/{event_id}/audit).",
            middlewares=AUTHORIZED)
def audit_changes(
    changed_from: Annotated[CalendarDate | None, Query(description="First day the change was made on, in the report "
                                                                   "time zone.")] = None,
    changed_to: Annotated[CalendarDate | None, Query(description="Last day, as changed_from.")] = None,
    occurred_from: Annotated[CalendarDate | None, Query(description="First day of the changed punches' day (as "
                                                                     "they are now): its day, as the timesheet and "
                                                                     "the lock count it (the person's zone; a night "
                                                                     "shift's exit on its entry's day); the change "
                                                                     "made whenever.")] = None,
    occurred_to: Annotated[CalendarDate | None, Query(description="Last day, as occurred_from.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=200, pattern=PRINTABLE_PATTERN,
                                       description="Only this actor's changes (as the rows name them; any case).")
                     ] = None,
    action: Annotated[Literal["add", "confirm", "reassign", "reject", "flag"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                        description=CURSOR_DESCRIPTION)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    dialect: CsvDialectQuery = "excel",
) -> Response[AttendanceChangePage | PayrollAttendanceChangePage | str]:
    deps = services()
    page = audit_log.list_changes(deps.db, deps.settings, changed_from=changed_from, changed_to=changed_to,
                                  occurred_from=occurred_from, occurred_to=occurred_to, actor=actor, action=action,
                                  cursor=cursor, limit=limit,
                                  evidence=holds_any(router.current_event, EVIDENCE_ROLES),
                                  reach=reach(router.current_event))
    if _wants_csv():
        headers = {"X-Next-Cursor": page.next_cursor} if page.next_cursor else {}
        return Response(status_code=200, content_type="text/csv; charset=utf-8",
                        body=audit_log.changes_csv(page, dialect), headers=headers)
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=page)


@router.get("/attendance/<event_id>/audit", tags=["review"], summary="Every change made to this event",
            description=_SCOPED_EVENT.strip() + " Its rows name nobody outside their departments: such a person's "
                        "employee_id and similarity in before/after null, a flag's decided_without naming a punch now "
                        "theirs left out, the row marked `outside_departments` (README Roles).",
            middlewares=AUTHORIZED)
def audit(event_id: EventId) -> AuditTrail:
    return review.audit_trail(services().db, event_id, reach=reach(router.current_event))
