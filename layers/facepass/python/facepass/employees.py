"""Employee records: create, read, list with keyset pagination, update, deactivate."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from uuid import UUID

import psycopg.errors

from facepass import ledger, repository, schedules, separation
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.pagination import cursor_scope, decode_cursor, encode_cursor
from facepass.schemas import (
    BiometricConsentRequest,
    DepartmentList,
    Employee,
    EmployeeAudit,
    EmployeeAuditEntry,
    EmployeeCreate,
    EmployeeDetail,
    EmployeeListItem,
    EmployeePage,
    EmployeePatch,
    EmployeeReplace,
    EmployeeSummary,
    EmployeeSummaryDetail,
    EmployeeSummaryPage,
    EnrollmentCompleteness,
    FaceList,
    FaceRecord,
)

logger = logging.getLogger(__name__)


EMPLOYEE_NUMBER_INDEX = "employees_employee_number_unique"  # migration 0030


def taken(error: psycopg.errors.UniqueViolation, *, email: str | None, employee_number: str | None) -> Conflict:
    """409 for the unique index the write broke: employee_number_taken (another person has the payroll number, in
    any case), else email_taken (as before the number existed)."""
    if error.diag.constraint_name == EMPLOYEE_NUMBER_INDEX:
        return Conflict(f"An employee with payroll number {employee_number} already exists.",
                        code="employee_number_taken")
    return Conflict(f"An employee with email {email} already exists.", code="email_taken")


def require_actor(actor: str | None) -> None:
    """Every change to a person's record names who made it (employee_audit): a token without a subject (actor_of
    gives None) changes nothing."""
    if not actor:
        raise FacePassError("The token has no subject (`sub`): a change to an employee must say who made it.",
                            code="actor_unknown", status=403)


def create_employee(db: Database, data: EmployeeCreate, *, actor: str | None = SYSTEM_ACTOR,
                    settings: Settings | None = None) -> Employee:
    """actor: the token's (None: refused); left out by FacePass's own tools. With `settings`: a consent given
    without a reference is refused when FACEPASS_BIOMETRIC_CONSENT=required (require_consent_reference)."""
    require_actor(actor)
    require_consent_reference(settings, data.biometric_consent)
    try:
        with db.transaction() as cur:
            row = insert_employee(cur, data, actor=actor)
    except psycopg.errors.UniqueViolation as error:
        raise taken(error, email=data.email, employee_number=data.employee_number) from None
    return Employee.model_validate(row)


def insert_employee(cur, data: EmployeeCreate, *, actor: str | None, self_review: bool = False) -> dict:
    """The new employee's row (POST /employees and the enroll-with-photo form). The values given are audited as
    changes from null by `actor` (a zone given at creation holds from then on, and for the days before), marked
    `self_review` when the record is the actor's own (separation.check_email, allowed by the setting)."""
    require_actor(actor)
    consent = data.biometric_consent
    return repository.insert_employee(cur, full_name=data.full_name, email=data.email, department=data.department,
                                      timezone=data.timezone, actor=actor, consent=consent is not None,
                                      consent_reference=consent.reference if consent else None,
                                      employee_number=data.employee_number, self_review=self_review)


def record_consent(db: Database, employee_id: UUID, data: BiometricConsentRequest, *,
                   actor: str | None = SYSTEM_ACTOR, settings: Settings | None = None) -> Employee:
    """HR records that the employee received the biometric notice and agreed in writing: when, by `actor`, with the
    optional reference; audited (employee_audit field biometric_consent). Recording again keeps the first record
    (its time, actor and reference) and answers it. An inactive person's is recorded too (before a rehire).
    Refused (409 withdrawal_unfinished) while the employee's withdrawal of consent is unfinished (S3 stopped it):
    its rerun, or the daily cleanup's, would erase the faces enrolled under the new consent and clear it. With
    `settings`: 422 consent_reference_required without a reference when FACEPASS_BIOMETRIC_CONSENT=required, unless
    the person's consent is recorded already: then the request is the repeat (a retry, the console sending it again)
    and answers the consent as recorded, nothing written, as a repeat with a reference does."""
    require_actor(actor)
    if missing_consent_reference(settings, data):
        with db.transaction() as cur:
            row = repository.get_employee(cur, employee_id)
        if row is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        if row["consent_recorded_at"] is not None:
            return Employee.model_validate(row)
        require_consent_reference(settings, data)
    with db.transaction() as cur:
        row = repository.record_consent(cur, employee_id, actor=actor, reference=data.reference)
    if row is None:
        raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
    if row["withdrawal_unfinished"]:
        raise Conflict(WITHDRAWAL_UNFINISHED_MESSAGE, code="withdrawal_unfinished",
                       details={"employee_id": str(employee_id)})
    return Employee.model_validate(row)


WITHDRAWAL_UNFINISHED_MESSAGE = (
    "The employee's withdrawal of biometric consent has not finished (some photos could not be deleted): run the "
    "withdrawal again first (the console's Run the withdrawal again; or DELETE /employees/{id}/biometric-consent), "
    "then record the new consent.")


CONSENT_REQUIRED_MESSAGE = (
    "No biometric consent is recorded for this employee, and FacePass enrolls no face without it: once the employee "
    "has received the biometric notice and agreed in writing, record it (the console's Employee page, Record consent; "
    "or POST /employees/{id}/biometric-consent), then upload the photo.")


def require_consent(settings: Settings | None, person: dict) -> None:
    """409 consent_required when FACEPASS_BIOMETRIC_CONSENT=required and the person's row (as read) has no consent
    recorded, or they withdrew it and none is recorded since (lacks_consent). `settings` None: the caller's own tools
    with no settings, not checked."""
    if lacks_consent(settings, person):
        raise Conflict(CONSENT_REQUIRED_MESSAGE, code="consent_required",
                       details={"employee_id": str(person["id"])})


def require_consent_reference(settings: Settings | None, consent: BiometricConsentRequest | None) -> None:
    """422 consent_reference_required when FACEPASS_BIOMETRIC_CONSENT=required and a consent is recorded without a
    reference to the signed release (a ticked box alone would unlock enrollment with nothing to show for it). Every
    route that records consent calls it before writing: POST /employees (biometric_consent), the form with a photo,
    POST /employees/{id}/biometric-consent (which first answers a repeat of a recorded consent: record_consent).
    `settings` None (FacePass's own tools) or `off`: not checked."""
    if not missing_consent_reference(settings, consent):
        return
    raise FacePassError("FACEPASS_BIOMETRIC_CONSENT is required here: a biometric consent is recorded with a "
                        "reference to the signed release (a form number, a file), so the record points at it. "
                        "Send reference (consent_reference in the form with a photo).",
                        code="consent_reference_required", status=422)


def missing_consent_reference(settings: Settings | None, consent: BiometricConsentRequest | None) -> bool:
    """A consent given without the reference FACEPASS_BIOMETRIC_CONSENT=required wants (require_consent_reference)."""
    return consent is not None and consent_required(settings) and not (consent.reference or "").strip()


def consent_required(settings: Settings | None) -> bool:
    """FACEPASS_BIOMETRIC_CONSENT=required (None: the caller's own tools with no settings, not checked)."""
    return settings is not None and settings.biometric_consent == "required"


def lacks_consent(settings: Settings | None, person: dict) -> bool:
    """The gate: consent required (the setting) and none recorded on the person's row; or, whatever the setting, the
    person withdrew their consent and none has been recorded since (consent_withdrawn_at, null once one is): a
    withdrawal is the employee's own refusal, which `off` (the company not tracking consent) does not override."""
    if settings is None or person.get("consent_recorded_at") is not None:
        return False
    return consent_required(settings) or person.get("consent_withdrawn_at") is not None


def get_employee(db: Database, employee_id: UUID, *, people_data: bool = True,
                 reach: Reach = EVERYONE) -> EmployeeDetail | EmployeeSummaryDetail:
    """`people_data`: the caller may read the record in full (admin: authz.PEOPLE_DATA_ROLES); without it the
    reduced view, EmployeeSummaryDetail (no email, consent, enrollment or erasure time). `reach`: a scoped
    reviewer's (department_scope.py) people only (another: 404 employee_not_found, as for nobody)."""
    with db.transaction() as cur:
        row = repository.get_employee(cur, employee_id)
        if row is not None and not reach.covers_department(row["department"]):
            row = None
        history = repository.time_zone_history(cur, [employee_id]).get(employee_id, []) if row else []
    if row is None:
        raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
    # The first zone holds from -infinity (migration 0017): "from the start", null.
    return (EmployeeDetail if people_data else EmployeeSummaryDetail).model_validate({**row, "time_zones": [
        {"valid_from": None if position == 0 else valid_from, "zone": zone}
        for position, (valid_from, zone) in enumerate(history)]})


def completeness(photos: int, recommended_photos: int, *, consent_needed: bool = False) -> EnrollmentCompleteness:
    return EnrollmentCompleteness(photos=photos, recommended_min=recommended_photos,
                                  complete=photos >= recommended_photos, consent_needed=consent_needed)


def list_employees(db: Database, *, limit: int = 50, cursor: str | None = None, department: str | None = None,
                   active: bool | None = None, search: str | None = None, schedule_id: int | None = None,
                   recommended_photos: int = 3, people_data: bool = True,
                   reach: Reach = EVERYONE) -> EmployeePage | EmployeeSummaryPage:
    """`schedule_id`: only the people who have that work schedule (who keep it from deletion, active or not).
    `people_data`: as get_employee's. Without it the items are EmployeeSummary and `search` matches names only
    (a search by email would tell a reviewer or payroll clerk whose address it is). `reach`: a scoped reviewer's
    (department_scope.py) people only."""
    scope = cursor_scope("GET /employees", department=department, active=active, q=search, schedule_id=schedule_id)
    after = decode_cursor(cursor, UUID, scope=scope) if cursor else None
    with db.transaction() as cur:
        rows = repository.list_employees(cur, limit=limit + 1, after=after, department=department, active=active,
                                         search=search, search_email=people_data, departments=reach.sql,
                                         schedule_id=schedule_id)
    if not people_data:
        summaries = [EmployeeSummary.model_validate(row) for row in rows[:limit]]
        last = rows[limit - 1] if len(rows) > limit else None
        return EmployeeSummaryPage(items=summaries, next_cursor=encode_cursor(
            last["created_at"], last["id"], scope=scope) if last else None)
    items = [EmployeeListItem(**row, enrollment=completeness(row["photos"], recommended_photos))
             for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].created_at, items[-1].id, scope=scope) if len(rows) > limit else None
    return EmployeePage(items=items, next_cursor=next_cursor)


def list_departments(db: Database, *, reach: Reach = EVERYONE) -> DepartmentList:
    """Every department an employee has; a scoped reviewer's (department_scope.py) only."""
    with db.transaction() as cur:
        return DepartmentList(items=repository.list_departments(cur, reach.sql))


def update_employee(db: Database, employee_id: UUID, data: EmployeePatch | EmployeeReplace, *, s3=None,
                    bucket: str | None = None, actor: str | None = SYSTEM_ACTOR, settings: Settings | None = None,
                    force: bool = False, own_employee: UUID | None = None,
                    caller_emails: tuple[str, ...] = (), report_zone: str | None = None) -> Employee:
    """Every field whose value changes goes into employee_audit with `actor` (who), in the same statement
    (repository.update_employee; a save that changes nothing writes none), and needs one (403 `actor_unknown`,
    nothing changed). A change of the time zone (PATCH null, or a PUT without one: back to the report zone) applies
    from now on (employee_time_zones keeps the zones before, for the days they held).

    With an S3 client (the API always passes one), a change of is_active or of the time zone also goes into the
    ledger (facepass.ledger) once committed, with the time stamped in the row, so a database restored from an older
    backup gets it again. Not before the commit: a change that then failed (or whose S3 answer was lost) would be
    replayed by the cleanup although the admin was told it failed. If S3 fails now, the change stands and the daily
    cleanup writes the entry from the row (logged as an error: until then a restore would undo it).

    With settings (the API always passes them), a reactivation is checked first: when one of the person's enrolled
    faces matches another active person (a rehire enrolled as somebody new), it is refused, 409 `duplicate_person`
    naming them, nothing changed; `force` reactivates anyway, and employee_audit keeps that it was forced and past
    whom (field `reactivation_forced`).

    A deactivation deletes the person's absences on the days after today (in their zone, else `report_zone` or the
    settings' report zone), audited: leave booked ahead is not paid to a leaver (a reactivation does not bring it back).

    `own_employee` (the caller's own record, separation.py): a change to it is 403 own_record, nothing changed (its
    email is who they are to the separation check, its zone and activity make their hours), unless the settings
    allow self-review, when its audit rows say so (`self_review`); so is giving a record one of `caller_emails`."""
    changes = data.model_dump(exclude_unset=isinstance(data, EmployeePatch), exclude={"expected_updated_at"})
    expected = data.expected_updated_at
    schedules.check_schedule_id(changes.get("schedule_id"))
    # A PATCH's null clears (department, timezone, employee_number): EmployeePatch refuses it for the others.
    if isinstance(data, EmployeePatch) and not changes and expected is None:
        return Employee.model_validate(get_employee(db, employee_id).model_dump(exclude={"time_zones"}))
    self_review = False
    if changes:
        require_actor(actor)
        if settings is not None:
            self_review = separation.check(settings, own_employee, (employee_id,),
                                           what="a change to your own employee record")
            # Nor does a record become theirs by its email (one with a colleague's face would pay them for it).
            self_review = separation.check_email(settings, caller_emails, changes.get("email"),
                                                 what="giving a record your own email") or self_review
    try:
        with db.transaction() as cur:
            reactivating = changes.get("is_active") is True and settings is not None
            look_alikes = []
            if expected is not None or reactivating:  # read under the lock the update then holds
                before = repository.get_employee(cur, employee_id, lock="no key update")
                if before is not None and expected is not None:
                    _refuse_stale(cur, before, expected)
                    if not changes:
                        return Employee.model_validate(before)
                if before is not None and reactivating and not before["is_active"]:
                    look_alikes = _look_alikes_of_returning(cur, settings, employee_id, force=force)
            row = repository.update_employee(cur, employee_id, changes, actor=actor, self_review=self_review)
            if row is not None and row["was_is_active"] and not row["is_active"]:  # leaving: no leave paid after it
                repository.delete_absences_after_leaving(
                    cur, employee_id, actor=actor, self_review=self_review,
                    report_zone=report_zone or (settings.report_timezone if settings else "UTC"))
            if look_alikes and row is not None:
                # How many, not who: "this face matched X" would outlive X's erasure in an append-only table.
                repository.insert_employee_audit(cur, employee_id=employee_id, field="reactivation_forced",
                                                 actor=actor, before=None, after=str(len(look_alikes)),
                                                 self_review=self_review)
    except psycopg.errors.UniqueViolation as error:
        raise taken(error, email=changes.get("email", ""), employee_number=changes.get("employee_number")) from None
    except psycopg.errors.ForeignKeyViolation as error:  # schedule_id: no such schedule (or deleted meanwhile)
        if error.diag.constraint_name == schedules.EMPLOYEE_SCHEDULE_KEY:
            raise schedules.unknown_schedule(changes["schedule_id"]) from None
        raise
    if row is None:
        raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
    if row["was_is_active"] != row["is_active"] and s3 is not None:
        ledger.record_after_commit(
            partial(ledger.record_activity, s3, bucket=bucket, employee_id=employee_id, active=row["is_active"],
                    at=row["activity_changed_at"]), log=logger,
            failure="a change of is_active committed but not recorded in the ledger: the daily cleanup records it; a "
                    "database restore before then would undo it", subject={"employee_id": str(employee_id)})
    if row["was_timezone"] != row["timezone"] and s3 is not None:
        ledger.record_after_commit(
            partial(ledger.record_zone, s3, bucket=bucket, employee_id=employee_id, zone=row["timezone"],
                    at=row["zone_set_at"]), log=logger,
            failure="a change of time zone committed but not recorded in the ledger: the daily cleanup records it; a "
                    "database restore before then would undo it", subject={"employee_id": str(employee_id)})
    return Employee.model_validate(row)


def _look_alikes_of_returning(cur, settings: Settings, employee_id: UUID, *, force: bool) -> list:
    """The active people one of the person's faces matches (face_removal.active_look_alikes), under the gallery's lock
    (an upload's duplicate check holds it to its commit: one storing their face under somebody else now is seen, or
    sees them active). Any and not `force`: 409 duplicate_person naming them."""
    from facepass import face_removal  # it imports this module

    repository.lock_gallery(cur, model_id=face_removal.GalleryRules.of(settings).model_id)
    look_alikes = face_removal.active_look_alikes(cur, settings, employee_id)
    if look_alikes and not force:
        names = ", ".join(person.full_name for person in look_alikes)
        raise Conflict(f"This person's face matches {names}, who is active: reactivating would put one face on two "
                       "records (a rehire enrolled as somebody new?). Keep one record: erase the other, or remove "
                       "the face misfiled on one of them; or reactivate with force=true.", code="duplicate_person",
                       details={"people": [{"employee_id": str(person.employee_id), "full_name": person.full_name,
                                            "similarity": round(person.similarity, 4)} for person in look_alikes]})
    return look_alikes


def _refuse_stale(cur, row: dict, expected: datetime) -> None:
    """409 employee_stale when the locked row is not the version the client read: someone saved it meanwhile, and
    this save would undo their change (updated_at moves on every write: repository.update_employee). Details name
    the latest change: `changed_by` and `changed_at` (its audit rows carry the row's updated_at; both null for a
    change from before migration 0021, which audited the time zone only)."""
    if row["updated_at"] != expected:
        current = Employee.model_validate(row).model_dump(mode="json")["updated_at"]
        change = repository.employee_change_at(cur, row["id"], row["updated_at"])
        raise Conflict("This employee was changed by someone else since it was read: load it again, then make the "
                       "change.", code="employee_stale",
                       details={"updated_at": current, "changed_by": change["actor"] if change else None,
                                "changed_at": current if change else None})


def employee_changes(db: Database, employee_id: UUID) -> EmployeeAudit:
    """Every change of the person's record: who, when, which field, from what to what, and who removed which enrolled
    face (oldest first; the values a person was created with are changes from null)."""
    with db.transaction() as cur:
        if repository.get_employee(cur, employee_id) is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        rows = repository.list_employee_audit(cur, employee_id)
    return EmployeeAudit(employee_id=employee_id, items=[EmployeeAuditEntry(**row) for row in rows])


def deactivate_employee(db: Database, employee_id: UUID, *, s3=None, bucket: str | None = None,
                        actor: str | None = SYSTEM_ACTOR, report_zone: str | None = None) -> Employee:
    """Soft delete: the person can no longer be matched; records stay for payroll (absences after today go:
    update_employee)."""
    return update_employee(db, employee_id, EmployeePatch(is_active=False), s3=s3, bucket=bucket, actor=actor,
                           report_zone=report_zone)


def list_faces(db: Database, employee_id: UUID, *, recommended_photos: int = 3,
               settings: Settings | None = None) -> FaceList:
    """The person's faces; with the settings, whether a photo of theirs waits for their consent (consent_needed)."""
    with db.transaction() as cur:
        person = repository.get_employee(cur, employee_id)
        if person is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        return faces_of(cur, person, recommended_photos=recommended_photos, settings=settings)


def faces_of(cur, person: dict, *, recommended_photos: int, settings: Settings | None = None) -> FaceList:
    """The person's (their row as read) enrolled faces, in the caller's transaction."""
    rows = repository.list_faces(cur, person["id"])
    return FaceList(employee_id=person["id"], items=[FaceRecord.model_validate(row) for row in rows],
                    enrollment=completeness(len(rows), recommended_photos,
                                            consent_needed=lacks_consent(settings, person)),
                    identifiable=person["is_active"] and bool(rows))
