"""Employee routes: parse, call facepass.employees, return."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from facepass.authz import PEOPLE_DATA_ROLES, actor_of
from facepass.pagination import CURSOR_DESCRIPTION
from facepass.schemas import (
    PRINTABLE_PATTERN,
    BiometricConsentRequest,
    BiometricDataReport,
    DepartmentList,
    Employee,
    EmployeeAudit,
    EmployeeCreate,
    EmployeeDetail,
    EmployeePage,
    EmployeePatch,
    EmployeeReplace,
    EmployeeSummaryDetail,
    EmployeeSummaryPage,
    ErasureResult,
    FaceList,
    FaceRemoval,
    QueryBool,
)

from auth import AUTHORIZED, caller_emails, holds_any, jwt_claims, own_employee, reach
from deferred_modules import DeferredModule
from dependencies import services

employees = DeferredModule("facepass.employees")
enrollment = DeferredModule("facepass.enrollment")
retention = DeferredModule("facepass.retention")
subject_access = DeferredModule("facepass.subject_access")

router = Router()

FORCE_REACTIVATION = ("Reactivate even though one of the person's faces matches another active person (otherwise "
                      "409 duplicate_person naming them); audited as reactivation_forced.")


# Separation of duties (separation.py): nobody changes the record that names them and makes their hours.
_OWN_RECORD = ("A change to the caller's own employee record (the one whose email is theirs), or giving a record "
               "the caller's own email, is 403 `own_record`, nothing changed, unless FACEPASS_ALLOW_SELF_REVIEW: "
               "another admin makes it.")

@router.post("/employees", tags=["employees"], summary="Create an employee", status_code=201,
             middlewares=AUTHORIZED)
def create_employee(employee: EmployeeCreate) -> Response[Employee]:
    deps = services()
    created = employees.create_employee(deps.db, employee, actor=actor_of(jwt_claims(router.current_event)),
                                        settings=deps.settings)
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=created,
                    headers={"Location": f"/employees/{created.id}"})


_REDUCED = ("A caller with the admin scope gets the record in full; one without (reviewer, payroll) gets the "
            "reduced view (EmployeeSummary: id, full_name, department, is_active, deactivated_at, timezone, "
            "face_id_withdrawn, erased; no email, consent, enrollment or erasure time).")


@router.get("/employees", tags=["employees"], summary="List employees, oldest first", description=_REDUCED +
            " Their q= matches names only. schedule_id= lists one work schedule's people (who keep it from "
            "deletion); the admin view's items name each person's schedule (schedule_id, schedule_name), the reduced "
            "view none. Every filter is part of the cursor's scope: a cursor of other filters (another schedule's) "
            "is 400 invalid_cursor.", middlewares=AUTHORIZED)
def list_employees(
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN,
                                        description=CURSOR_DESCRIPTION)] = None,
    department: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE_PATTERN,
                                            description="Part of the department, any case (ё as е).")] = None,
    active: Annotated[QueryBool | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, pattern=PRINTABLE_PATTERN,
                                   description="Part of the name, payroll number (employee_number) or email "
                                               "(not the email without the admin scope), any case, ё as е (the "
                                               "console's search).")] = None,
    schedule_id: Annotated[int | None, Query(ge=1, le=2**63 - 1, description=(
        "Only the people who have this work schedule (GET /schedules), active or not unless `active` says "
        "(the people a 409 schedule_in_use counts, with no `active`); an id of no schedule: an empty list; "
        "one no schedule can have (below 1, beyond a bigint, not a whole number): 422 validation_error."))] = None,
) -> EmployeePage | EmployeeSummaryPage:
    deps = services()
    return employees.list_employees(deps.db, limit=limit, cursor=cursor, department=department, active=active,
                                    search=q, schedule_id=schedule_id,
                                    recommended_photos=deps.settings.enroll_recommended_photos,
                                    people_data=holds_any(router.current_event, PEOPLE_DATA_ROLES),
                                    reach=reach(router.current_event))


# Before /employees/<employee_id>: "departments" is no employee id.
@router.get("/employees/departments", tags=["employees"], summary="The departments employees have",
            middlewares=AUTHORIZED)
def list_departments() -> DepartmentList:
    return employees.list_departments(services().db, reach=reach(router.current_event))


@router.get("/employees/<employee_id>", tags=["employees"], summary="Get one employee",
            description=_REDUCED, middlewares=AUTHORIZED)
def get_employee(employee_id: UUID) -> EmployeeDetail | EmployeeSummaryDetail:
    return employees.get_employee(services().db, employee_id,
                                  people_data=holds_any(router.current_event, PEOPLE_DATA_ROLES),
                                  reach=reach(router.current_event))


@router.put("/employees/<employee_id>", tags=["employees"], summary="Replace an employee's details",
            description=_OWN_RECORD, middlewares=AUTHORIZED)
def replace_employee(employee_id: UUID, employee: EmployeeReplace,
                     force: Annotated[QueryBool, Query(description=FORCE_REACTIVATION)] = False) -> Employee:
    deps = services()
    return employees.update_employee(deps.db, employee_id, employee, s3=deps.s3, bucket=deps.settings.bucket,
                                     actor=actor_of(jwt_claims(router.current_event)), settings=deps.settings,
                                     force=force, own_employee=own_employee(router.current_event),
                                     caller_emails=caller_emails(router.current_event))


@router.patch("/employees/<employee_id>", tags=["employees"], summary="Change some of an employee's details",
              description=_OWN_RECORD, middlewares=AUTHORIZED)
def patch_employee(employee_id: UUID, changes: EmployeePatch,
                   force: Annotated[QueryBool, Query(description=FORCE_REACTIVATION)] = False) -> Employee:
    deps = services()
    return employees.update_employee(deps.db, employee_id, changes, s3=deps.s3, bucket=deps.settings.bucket,
                                     actor=actor_of(jwt_claims(router.current_event)), settings=deps.settings,
                                     force=force, own_employee=own_employee(router.current_event),
                                     caller_emails=caller_emails(router.current_event))


@router.post("/employees/<employee_id>/biometric-consent", tags=["employees"],
             summary="Record that the employee received the biometric notice and agreed in writing (before any photo "
                     "is enrolled); recording again keeps the first record and answers it",
             description="Recording it ends a withdrawal's consent_withdrawn_at (audited as biometric_consent). "
                         "Refused with 409 withdrawal_unfinished while the employee's withdrawal of consent is "
                         "unfinished (withdrawal_unfinished: S3 stopped it): run the withdrawal again first, else its "
                         "rerun would erase the faces enrolled under the new consent. With "
                         "FACEPASS_BIOMETRIC_CONSENT=required a consent without a reference (the signed release) is "
                         "422 consent_reference_required, nothing recorded, unless the person's consent is recorded "
                         "already (a repeat: answered as recorded, nothing written).",
             middlewares=AUTHORIZED)
def record_biometric_consent(employee_id: UUID, consent: BiometricConsentRequest | None = None) -> Employee:
    deps = services()
    return employees.record_consent(deps.db, employee_id, consent or BiometricConsentRequest(),
                                    actor=actor_of(jwt_claims(router.current_event)), settings=deps.settings)


@router.delete("/employees/<employee_id>/biometric-consent", tags=["employees"],
               summary="The employee withdraws their biometric consent and stays employed",
               description="Their biometric data is erased exactly as DELETE /employees/{id}?erase=true erases it, the "
                           "consent cleared, and the person kept active (their time is entered by HR as manual "
                           "punches): answers the erasure's counts, employee_deactivated false. The person then reads "
                           "consent_withdrawn_at, and no photo of theirs is enrolled until consent is recorded again "
                           "(409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says). Audited (employee_audit "
                           "biometrics `withdrawn`, biometric_consent ended); recorded in the ledger first, so a "
                           "database restore erases again without deactivating; S3 failing: 503 erasure_incomplete, "
                           "run it again (S3 stopping it half-way: the person then reads withdrawal_unfinished; the "
                           "ledger refusing its record: nothing changed). Idempotent.",
               middlewares=AUTHORIZED)
def withdraw_biometric_consent(employee_id: UUID) -> ErasureResult:
    deps = services()
    return retention.erase_employee(deps.db, deps.s3, deps.settings, employee_id, keep_active=True,
                                    actor=actor_of(jwt_claims(router.current_event)))


@router.get("/employees/<employee_id>/audit", tags=["employees"],
            summary="Every change of the employee's record (a face removed too): which field, who, when, before, after",
            middlewares=AUTHORIZED)
def employee_audit(employee_id: UUID) -> EmployeeAudit:
    return employees.employee_changes(services().db, employee_id)


@router.delete("/employees/<employee_id>", tags=["employees"],
               summary="Deactivate an employee; with erase=true also remove all their biometric data",
               description="The record, its punches and its History stay for payroll. Paid absences recorded for "
                           "the days after the one they left on (their zone, else the report zone) are deleted, each "
                           "audited in their History by the caller: leave booked ahead is no pay owed to a leaver "
                           "(so does is_active false by PATCH or PUT); a reactivation brings none back.",
               middlewares=AUTHORIZED)
def delete_employee(employee_id: UUID, erase: Annotated[QueryBool, Query()] = False) -> Employee | ErasureResult:
    deps = services()
    if erase:
        return retention.erase_employee(deps.db, deps.s3, deps.settings, employee_id,
                                        actor=actor_of(jwt_claims(router.current_event)))
    return employees.deactivate_employee(deps.db, employee_id, s3=deps.s3, bucket=deps.settings.bucket,
                                         actor=actor_of(jwt_claims(router.current_event)),
                                         report_zone=deps.settings.report_timezone)


@router.get("/employees/<employee_id>/biometric-data", tags=["employees"],
            summary="What FacePass holds about the person's face (an access request): faces, held photos, photos "
                    "that may show them and until when, records holding a score of their face",
            middlewares=AUTHORIZED)
def biometric_data(employee_id: UUID) -> BiometricDataReport:
    deps = services()
    return subject_access.biometric_data(deps.db, deps.s3, deps.settings, employee_id,
                                         actor=actor_of(jwt_claims(router.current_event)))


@router.get("/employees/<employee_id>/faces", tags=["employees"], summary="Enrolled faces (never the vectors)",
             middlewares=AUTHORIZED)
def list_faces(employee_id: UUID) -> FaceList:
    deps = services()
    return employees.list_faces(deps.db, employee_id, recommended_photos=deps.settings.enroll_recommended_photos,
                                settings=deps.settings)


@router.delete("/employees/<employee_id>/faces/<face_id>", tags=["employees"],
               summary="Remove one enrolled face (a misfiled photo) and its biometric data; answers the faces left "
                       "and the punches to check",
               middlewares=AUTHORIZED)
def remove_face(employee_id: UUID, face_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> FaceRemoval:
    deps = services()
    return enrollment.remove_face(deps.db, deps.s3, deps.settings, employee_id, face_id,
                                  actor=actor_of(jwt_claims(router.current_event)), engine=deps.engine)
