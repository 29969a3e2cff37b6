"""The pay-period lock: HR closes the pay period once payroll is signed (GET and POST /payroll/lock)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from facepass.authz import actor_of
from facepass.schemas import CloseAdjustments, CsvDialect, PayPeriodLock, PayPeriodLockRequest

from auth import AUTHORIZED, jwt_claims
from deferred_modules import DeferredModule
from dependencies import services

payroll = DeferredModule("facepass.payroll")

router = Router()


@router.get("/payroll/lock", tags=["payroll"],
            summary="The pay-period lock: the day the pay period is closed through (null: none), and every close and "
                    "reopen, newest first; the latest day closable now",
            description="closed_with: the report settings (report_timezone, max_shift_hours, repeat_window_seconds) "
                        "the closed days were computed with, recorded by each close (a partial reopen keeps them, "
                        "a reopen of everything clears them; null: nothing closed, or closed before they were "
                        "kept); running: those the reports compute with now; settings_differ (and "
                        "differing_settings, which): they are not the same, the closed days' figures may have "
                        "moved since they were signed, and a close is refused (409 `close_settings_changed`).",
            middlewares=AUTHORIZED)
def get_lock() -> PayPeriodLock:
    deps = services()
    return payroll.lock_state(deps.db, deps.settings)


@router.post("/payroll/lock", tags=["payroll"],
             summary="Close the pay period through a day, or reopen (an earlier day or null, with a note); audited "
                     "in the history, the same body again changes nothing",
             description="Every change to an attendance record whose day (in its person's zone, as the timesheet "
                         "counts it) is on or before closed_through is then refused: 409 `period_closed` (details: "
                         "closed_through). A kiosk capture into the closed period is recorded awaiting review "
                         "(reason period_closed), decided only after a reopen. Erasure is never refused. 422 "
                         "`closed_through_not_over` for a day not over in every zone or whose longest shift has not "
                         "ended (details: closable_from, latest_closable; GET answers latest_closable), "
                         "`reopen_note_required` for a reopen without a note. 409 `lock_changed` (details: "
                         "closed_through, changed_by, changed_at) when expected_closed_through is sent and is not "
                         "the current date. 409 `period_undecided` when the days a close newly closes (after the "
                         "current closed_through; with nothing closed, every day before too), each person's days in "
                         "their zone as the timesheet places them, still hold punches awaiting review or shifts "
                         "missing a punch (an entry with no exit, an exit with no entry), each undecided punch "
                         "once (a punch awaiting review that is the missing side of that same shift, paired as the "
                         "reports pair, is the pending review; another shift of the day left open still counts): "
                         "and people whose Face ID was withdrawn (biometric consent withdrawn while employed: "
                         "their time typed by HR) at some instant of those days without one counted punch on the "
                         "days they were (kind without_time, once per person, dated the first such day; count: "
                         "those days): "
                         "and correction requests employees filed (POST /me/corrections) about one of those days "
                         "that nobody answered yet (kind open_correction, one per request, on the request's day, "
                         "the person's own): "
                         "details pending_reviews (punches), days_without_exit and days_without_entry (person-days), "
                         "people_without_time, open_corrections (requests), corrections (the first ten open "
                         "requests: id, employee_id, full_name, date; never the employee's note), "
                         "date_from..date_to (the newly closed days), first_day..last_day (those holding one), "
                         "closed_through, pending_event_ids "
                         "(the punches counted, at most 500: GET /attendance/review?ids= lists exactly them), "
                         "fingerprint, changed and the first few other items (employee_id and full_name, null for a "
                         "face nobody was matched to, counted on the first newly closed day it is on in any zone "
                         "people hold; date; kind pending_review, without_exit, without_entry or without_time; count), "
                         "nothing written. "
                         "A shift with no exit is weighed by the close of its entry's day, an exit with no entry by "
                         "the close of its own day (in the person's zone), by no other. Send force: true (with "
                         "undecided_fingerprint: the fingerprint shown) to close anyway: the history row says forced "
                         "and keeps the counts; a fingerprint no longer current is 409 `period_undecided` again "
                         "(changed: true). A close forced over undecided days needs a non-blank note saying why: "
                         "without one 422 `force_note_required` (details: the counts, date_to), nothing written (a "
                         "close with nothing undecided needs none). "
                         "The check runs before the lock row is taken: attendance writes do not "
                         "wait for it. 409 `close_settings_changed` (details: which, closed_through, closed_with, "
                         "running) for a close while the running report settings (FACEPASS_REPORT_TIMEZONE, "
                         "FACEPASS_MAX_SHIFT_HOURS, FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS) are not those the closed "
                         "days were computed with (GET: closed_with), nothing written: restore them, or reopen every "
                         "day (closed_through null) and close again. A reopen is never refused for it. Each close "
                         "records the running ones (closed_with, also in its history row).",
             middlewares=AUTHORIZED)
def set_lock(body: PayPeriodLockRequest) -> PayPeriodLock:
    deps = services()
    return payroll.set_lock(deps.db, deps.settings, body, actor=actor_of(jwt_claims(router.current_event)))


@router.get("/payroll/closes/<history_id>/adjustments", tags=["payroll"],
            summary="What a close pays or claws back on top of the earlier closes, per person and day (CSV with "
                    "Accept: text/csv)",
            description="For every day the close signed again that an earlier close (with its minutes kept) had "
                        "signed (a day reopened, fixed and closed again), per person whose minutes moved: "
                        "signed_before (the latest earlier close covering the day; 0: it had no time for them), "
                        "signed_now and delta (negative: clawed back). A day signed for the first time is none. "
                        "CSV columns: employee_id, full_name, timezone, day, signed_before, signed_now, delta. "
                        "404 `close_not_found` for an unknown history id or a reopen's.",
            middlewares=AUTHORIZED)
def close_adjustments(history_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                      dialect: Annotated[CsvDialect, Query(description="The CSV's form (as the timesheet's).")]
                      = "excel") -> Response[CloseAdjustments | str]:
    deps = services()
    found = payroll.close_adjustments(deps.db, deps.settings, history_id)
    if "text/csv" in (router.current_event.headers.get("accept") or ""):
        return Response(status_code=200, content_type="text/csv; charset=utf-8",
                        body=payroll.adjustments_csv(found, dialect))
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=found)
