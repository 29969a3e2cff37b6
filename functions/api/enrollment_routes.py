"""Enrollment routes: upload tickets, ticket status, admin enroll-with-photo (multipart)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from facepass.authz import actor_of
from facepass.schemas import (
    ConfirmRequest,
    EnrollmentList,
    EnrollmentStatus,
    EnrollWithPhotoResult,
    HeldEnrollmentState,
    UploadRequest,
    UploadTicket,
)

from auth import AUTHORIZED, caller_emails, jwt_claims, own_employee
from deferred_modules import DeferredModule
from dependencies import services
from http_bodies import body_bytes

enrollment = DeferredModule("facepass.enrollment")
forms = DeferredModule("facepass.forms")  # python-multipart

router = Router()


@router.post("/employees/<employee_id>/photos", tags=["enrollment"],
             summary="Get a presigned S3 POST for one enrollment photo", status_code=201,
             description="For the caller's own employee record (the one whose email is theirs): 403 `own_record`, "
                         "unless FACEPASS_ALLOW_SELF_REVIEW (whose face is on a record decides whose punches the "
                         "kiosk writes). The ticket names the caller (`requested_by`), and the face stored from it is "
                         "audited as theirs: a token without a subject gets none (403 `actor_unknown`).",
             middlewares=AUTHORIZED)
def create_upload_ticket(employee_id: UUID, request: UploadRequest | None = None) -> Response[UploadTicket]:
    deps = services()
    content_type = request.content_type if request else "image/jpeg"
    ticket = enrollment.create_upload_ticket(deps.db, deps.s3, deps.settings, employee_id, content_type,
                                             own_employee=own_employee(router.current_event),
                                             actor=actor_of(jwt_claims(router.current_event)))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=ticket)


@router.get("/employees/<employee_id>/enrollments", tags=["enrollment"],
            summary="The person's photos held for HR (needs_confirmation), newest first: to confirm or refuse from any "
                    "browser",
            middlewares=AUTHORIZED)
def list_enrollments(
    employee_id: UUID,
    status: Annotated[HeldEnrollmentState, Query(description="Which tickets: needs_confirmation (held for HR; the "
                                                             "only one listed).")] = "needs_confirmation",
) -> EnrollmentList:
    deps = services()
    return enrollment.list_tickets(deps.db, employee_id, status=status, s3=deps.s3, settings=deps.settings,
                                   actor=actor_of(jwt_claims(router.current_event)))


@router.get("/employees/<employee_id>/enrollments/<ticket_id>", tags=["enrollment"],
            summary="Status of an enrollment upload (pending, completed, rejected with a reason)",
             middlewares=AUTHORIZED)
def get_enrollment(employee_id: UUID, ticket_id: UUID) -> EnrollmentStatus:
    deps = services()
    return enrollment.get_ticket(deps.db, employee_id, ticket_id, s3=deps.s3, settings=deps.settings,
                                 actor=actor_of(jwt_claims(router.current_event)))


@router.post("/employees/<employee_id>/enrollments/<ticket_id>/confirm", tags=["enrollment"],
             summary="Confirm a held photo on purpose (a suspected duplicate: twins, a returning employee; "
                     "not_same_person: a change of appearance): checked again first, both checks; a verdict that "
                     "differs from the one seen is 409 hold_changed (stored on the ticket, in details.enrollment, "
                     "nothing enrolled), else the face is enrolled",
             description="For the caller's own employee record: 403 `own_record`, unless FACEPASS_ALLOW_SELF_REVIEW.",
             middlewares=AUTHORIZED)
def confirm_enrollment(employee_id: UUID, ticket_id: UUID,
                       request: ConfirmRequest | None = None) -> EnrollmentStatus:
    deps = services()
    return enrollment.confirm_enrollment(deps.db, deps.settings, employee_id, ticket_id,
                                         seen=request.seen if request else None,
                                         actor=actor_of(jwt_claims(router.current_event)), s3=deps.s3,
                                         own_employee=own_employee(router.current_event))


@router.post("/employees/<employee_id>/enrollments/<ticket_id>/reject", tags=["enrollment"],
             summary="Refuse a held photo (suspected duplicate or not_same_person): its waiting face data and face "
                     "crop are deleted",
             middlewares=AUTHORIZED)
def reject_enrollment(employee_id: UUID, ticket_id: UUID) -> EnrollmentStatus:
    deps = services()
    return enrollment.reject_enrollment(deps.db, employee_id, ticket_id,
                                        actor=actor_of(jwt_claims(router.current_event)), s3=deps.s3,
                                        settings=deps.settings)


@router.post("/employees/enroll", tags=["enrollment"],
             summary="Create an employee and enroll a photo (multipart: full_name, email, department, timezone, photo)",
             description="A record with the caller's own email: 403 `own_record` (another admin enrolls them), "
                         "unless FACEPASS_ALLOW_SELF_REVIEW.",
             status_code=202, middlewares=AUTHORIZED)
def enroll_with_photo() -> Response[EnrollWithPhotoResult]:
    event = router.current_event
    form = forms.parse_employee_photo_form(body_bytes(event), event.headers.get("content-type", ""))
    deps = services()
    result = enrollment.enroll_with_photo(deps.db, deps.s3, deps.settings, form.employee, form.photo,
                                          actor=actor_of(jwt_claims(event)), caller_emails=caller_emails(event))
    return Response(status_code=202, content_type=content_types.APPLICATION_JSON, body=result)
