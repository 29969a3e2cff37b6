"""Employee self-service (README, Self-service): the caller's own hours, punches and correction requests (the /me
routes, any console role, for their own record only), and HR's answers to the requests."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from facepass.authz import actor_of
from facepass.pagination import CURSOR_DESCRIPTION
from facepass.schemas import (
    PRINTABLE_PATTERN,
    CalendarDate,
    CorrectionRequest,
    CorrectionRequestBody,
    CorrectionRequestItem,
    CorrectionRequestList,
    CorrectionRequestPage,
    MyBiometrics,
    MyPunchPage,
    MyTimesheet,
    ResolveCorrectionRequest,
)

from auth import AUTHORIZED, jwt_claims, own_employee, reach
from deferred_modules import DeferredModule
from dependencies import services

self_service = DeferredModule("facepass.self_service")
subject_access = DeferredModule("facepass.subject_access")

router = Router()

_OWN = ("The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 "
        "`no_employee_record`.")
FirstDay = Annotated[CalendarDate, Query(description="First day, a day of the caller's (as their timesheet row's).")]
LastDay = Annotated[CalendarDate, Query(description="Last day (at most 92 days after date_from).")]


@router.get("/me/timesheet", tags=["self-service"],
            summary="The caller's own timesheet row for a period: exactly GET /attendance/timesheet's row for them, "
                    "with the pay-period lock", description=_OWN, middlewares=AUTHORIZED)
def my_timesheet(date_from: FirstDay, date_to: LastDay) -> MyTimesheet:
    deps = services()
    return self_service.my_timesheet(deps.db, deps.settings, own_employee(router.current_event), date_from, date_to)


@router.get("/me/attendance", tags=["self-service"],
            summary="The caller's own punches of their days, oldest first: when, which way, whether it counts, who "
                    "typed it; nothing the face decided", description=_OWN, middlewares=AUTHORIZED)
def my_attendance(date_from: FirstDay, date_to: LastDay,
                  cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                                      description=CURSOR_DESCRIPTION)] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 200) -> MyPunchPage:
    deps = services()
    return self_service.my_punches(deps.db, deps.settings, own_employee(router.current_event), date_from, date_to,
                                   cursor=cursor, limit=limit)


@router.get("/me/corrections", tags=["self-service"],
            summary="The caller's own correction requests, newest first, with HR's answers",
            description=_OWN + " The punch a request names shows its time and direction only while it is the "
                               "caller's (null once HR assigned it to someone else).",
            middlewares=AUTHORIZED)
def my_corrections() -> CorrectionRequestList:
    deps = services()
    return self_service.my_corrections(deps.db, deps.settings, own_employee(router.current_event))


@router.post("/me/corrections", tags=["self-service"],
             summary="\"Something wrong?\": ask HR to correct a day of the caller's hours (Idempotency-Key header "
                     "replays retries)",
             description=_OWN + " event_id: one of the caller's punches (another person's: 404 "
                         "`attendance_not_found`). At most 3 open requests about one day (409 "
                         "`too_many_open_corrections`) and 20 in all (409 `too_many_open_corrections_total`), 10 "
                         "filed in 24 hours (429 `too_many_recent_corrections`); a day after the caller's today (in "
                         "their own zone) or over 366 days ago: 422 `invalid_correction_date`; a day before their "
                         "record was created (and before their first punch): 422 `correction_before_record`.",
             status_code=201, middlewares=AUTHORIZED)
def request_correction(body: CorrectionRequestBody) -> Response[CorrectionRequest]:
    deps, event = services(), router.current_event
    answer = self_service.request_correction(deps.db, deps.settings, own_employee(event), body,
                                             actor=actor_of(jwt_claims(event)),
                                             idempotency_key=event.headers.get("idempotency-key"))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=answer)


@router.get("/me/biometrics", tags=["self-service"],
            summary="What FacePass holds about the caller's own face (their access request): their consent, "
                    "enrolled faces, their photos and until when, how long things are kept and whom to ask",
            description=_OWN + " GET /employees/{id}/biometric-data's report for them without what is HR's or "
                               "other people's: no vectors, photos, storage or event ids, model or scores, no HR "
                               "user name; photos of other punches that may show them only counted. Withdrawing "
                               "consent: the privacy contact (notice.privacy_contact; null: HR), who withdraws it "
                               "(DELETE /employees/{id}/biometric-consent). Logged as the report is (README, "
                               "Privacy).", middlewares=AUTHORIZED)
def my_biometrics() -> MyBiometrics:
    deps, event = services(), router.current_event
    return subject_access.my_biometrics(deps.db, deps.s3, deps.settings, own_employee(event),
                                        actor=actor_of(jwt_claims(event)))


@router.get("/attendance/corrections", tags=["review"],
            summary="Employees' correction requests (open by default), oldest first, with the person's name",
            description="A reviewer scoped to departments: their people's requests only, and a punch a request "
                        "names that HR gave since to someone outside their departments without its time and "
                        "direction (null; event_moved true).",
            middlewares=AUTHORIZED)
def list_corrections(state: Annotated[Literal["open", "resolved"], Query()] = "open",
                     cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                                         description=CURSOR_DESCRIPTION)] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100) -> CorrectionRequestPage:
    deps = services()
    return self_service.list_corrections(deps.db, deps.settings, state=state, cursor=cursor, limit=limit,
                                         reach=reach(router.current_event))


@router.post("/attendance/corrections/<correction_id>/resolve", tags=["review"],
             summary="Answer a correction request, closing it (who, when and the note are kept on it)",
             description="Separation of duties: a request of the caller's own employee record is 403 `own_record`, "
                         "unless FACEPASS_ALLOW_SELF_REVIEW (then marked self_review). 409 `correction_resolved` "
                         "when answered already.", middlewares=AUTHORIZED)
def resolve_correction(correction_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                       body: ResolveCorrectionRequest) -> CorrectionRequestItem:
    deps, event = services(), router.current_event
    return self_service.resolve(deps.db, deps.settings, correction_id, body.note, actor=actor_of(jwt_claims(event)),
                                own_employee=own_employee(event), reach=reach(event))
