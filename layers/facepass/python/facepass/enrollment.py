"""Enrollment: upload tickets, the admin upload path, and processing an uploaded photo into an
embedding (idempotent: the same S3 event twice leaves one embedding and one final ticket state)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg.errors

from facepass import employees, presence, repository, separation, storage
from facepass.authz import SYSTEM_ACTOR, UNKNOWN_REQUESTER, operator_actor
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import Conflict, ImageRejected, NotFound, UploadNotYetOwned, image_rejected
from facepass.face_removal import (  # noqa: F401 (remove_face, recheck_holds, not_same_person: this module's API too)
    NOT_SAME_PERSON,
    SUSPECTED_DUPLICATE,
    GalleryRules,
    check_face,
    check_hold,
    hold_verdict,
    not_same_person,
    own_faces,
    recheck_holds,
    recheck_own_holds,
    remove_face,
    same_verdict,
)
from facepass.faces import FaceEngine, StageTimer
from facepass.faces.crops import face_crop_jpeg
from facepass.faces.decoding import DecodedImage, image_content_type
from facepass.schemas import (
    ENROLLMENT_DECIDED_STATES,
    Employee,
    EmployeeCreate,
    EnrollmentList,
    EnrollmentStatus,
    EnrollWithPhotoResult,
    HoldVerdict,
    PresignedPost,
    UploadTicket,
)

logger = logging.getLogger(__name__)

FINAL_STATES = ENROLLMENT_DECIDED_STATES  # for S3 deliveries: nothing left to process
DUPLICATE_ERASED = "duplicate_erased"  # a suspected duplicate of somebody erased since
# The person's own enrolled photo again (a copy, re-encoded or resized): one sitting must not count as two photos.
SAME_PHOTO_AGAIN = "same_photo_again"
HELD_FOR_AN_ADMIN = (SUSPECTED_DUPLICATE, NOT_SAME_PERSON)
PRESENTATION_ATTACK = "presentation_attack"  # FACEPASS_ENROLLMENT_LIVENESS_POLICY=block refused the photo
# FACEPASS_BIOMETRIC_CONSENT=required and the person has no consent recorded when the photo is processed.
CONSENT_REQUIRED = "consent_required"


def _status(row: dict, photo_url: str | None = None) -> EnrollmentStatus:
    detail = row["reason_detail"] or None
    suspected = bool(detail) and row["reason_code"] == SUSPECTED_DUPLICATE
    liveness = (detail or {}).get("liveness") or {}
    verdict = None
    if row["status"] == "needs_confirmation":
        duplicate_of, same_person = hold_verdict(row["reason_code"], detail)
        verdict = HoldVerdict(duplicate_of_employee_id=duplicate_of, same_person=same_person)
    return EnrollmentStatus(ticket_id=row["id"], employee_id=row["employee_id"], status=row["status"],
                            reason_code=row["reason_code"], reason_detail=detail,
                            duplicate_of_employee_id=detail.get("employee_id") if suspected else None,
                            duplicate_similarity=detail.get("similarity") if suspected else None, verdict=verdict,
                            created_at=row["created_at"], processed_at=row["processed_at"],
                            liveness_score=liveness.get("score"), liveness_flagged=liveness.get("flagged"),
                            photo_url=photo_url if row["status"] == "needs_confirmation" else None,
                            self_review=bool(row.get("self_review")), requested_by=row.get("requested_by"))


def _shown(row: dict, s3, settings: Settings) -> EnrollmentStatus:
    """The ticket as HR sees it: while held, with a short-lived link to its face crop (None: no crop was kept)."""
    url = None
    if s3 is not None and row["status"] == "needs_confirmation" and row.get("held_photo_key"):
        url = storage.presigned_snapshot_url(s3, bucket=settings.bucket, key=row["held_photo_key"],
                                             expires_in=storage.PHOTO_LINK_SECONDS)
    return _status(row, url)


def _log_linked(shown: list[EnrollmentStatus], actor: str | None) -> None:
    """One line per answer that links to held photos' face crops (`held_photos_linked`): who got links to which
    tickets' crops (ids only, never a key or a link), as snapshot links are logged."""
    linked = [str(item.ticket_id) for item in shown if item.photo_url]
    if linked:
        storage.log_photo_links("held_photos_linked", actor=actor, field="ticket_ids", ids=linked)


def _require_active_employee(cur, employee_id: UUID) -> dict:
    employee = repository.get_employee(cur, employee_id, lock="update")
    if employee is None:
        raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
    if not employee["is_active"]:
        raise Conflict(f"Employee {employee_id} is deactivated; reactivate before enrolling.",
                       code="employee_inactive")
    return employee


def create_upload_ticket(db: Database, s3, settings: Settings, employee_id: UUID,
                         content_type: str = "image/jpeg", *, own_employee: UUID | None = None,
                         actor: str | None = SYSTEM_ACTOR) -> UploadTicket:
    """A pending ticket and a presigned POST for exactly enroll/<employee>/<ticket>. For the caller's own record
    (`own_employee`, separation.py): 403 own_record, unless self-review is allowed — whose face is on a record decides
    whose punches the kiosk writes, so a colleague's face on one's own record would pay one for their presses. When
    allowed, the ticket says so (`self_review`). The ticket names its requester (`actor`): the face stored from it is
    audited as theirs (process_upload), so a token without a subject gets none (403 actor_unknown)."""
    self_review = separation.check(settings, own_employee, (employee_id,), what="enrolling a face on your own record")
    employees.require_actor(actor)
    ticket_id = uuid.uuid4()
    key = storage.enrollment_key(employee_id, ticket_id)
    with db.transaction() as cur:
        employees.require_consent(settings, _require_active_employee(cur, employee_id))  # 409 consent_required
        repository.insert_enrollment(cur, ticket_id=ticket_id, employee_id=employee_id, s3_key=key,
                                     self_review=self_review, requested_by=actor)
    post = storage.presigned_upload(s3, bucket=settings.bucket, key=key, content_type=content_type,
                                    min_bytes=settings.upload_min_bytes, max_bytes=settings.max_image_bytes,
                                    expires_in=settings.upload_url_expiry_seconds)
    return UploadTicket(ticket_id=ticket_id, employee_id=employee_id, key=key, content_type=content_type,
                        max_bytes=settings.max_image_bytes, max_pixels=settings.max_image_pixels,
                        expires_in=settings.upload_url_expiry_seconds,
                        upload=PresignedPost(url=post["url"], fields=post["fields"]))


def get_ticket(db: Database, employee_id: UUID, ticket_id: UUID, *, s3=None,
               settings: Settings | None = None, actor: str | None = None) -> EnrollmentStatus:
    """The ticket; with an S3 client and the settings, a held one links to its face crop (`photo_url`), logged with
    the `actor` who asked."""
    with db.transaction() as cur:
        row = repository.get_enrollment(cur, ticket_id)
    if row is None or row["employee_id"] != employee_id:
        raise NotFound(f"No enrollment {ticket_id} for employee {employee_id}.", code="enrollment_not_found")
    shown = _shown(row, s3, settings)
    _log_linked([shown], actor)
    return shown


# Held photos per person: each is an upload an admin made and has not decided on, and the expiry settles them.
MAX_LISTED_ENROLLMENTS = 50


def list_tickets(db: Database, employee_id: UUID, *, status: str = "needs_confirmation",
                 limit: int = MAX_LISTED_ENROLLMENTS, s3=None, settings: Settings | None = None,
                 actor: str | None = None) -> EnrollmentList:
    """The person's tickets in `status` (by default those waiting for HR), so a held photo can be decided on from any
    browser, not only the one that uploaded it; each links to its face crop as get_ticket does."""
    with db.transaction() as cur:
        if repository.get_employee(cur, employee_id) is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        rows = repository.list_enrollments(cur, employee_id, status=status, limit=limit + 1)
    items = [_shown(row, s3, settings) for row in rows[:limit]]
    _log_linked(items, actor)
    return EnrollmentList(employee_id=employee_id, items=items, truncated=len(rows) > limit)


def enroll_with_photo(db: Database, s3, settings: Settings, employee: EmployeeCreate, photo: bytes, *,
                      actor: str | None = SYSTEM_ACTOR, caller_emails: tuple[str, ...] = ()) -> EnrollWithPhotoResult:
    """Admin tools: create the employee (audited as created by `actor`, as employees.create_employee) and hand the
    photo to the same S3-triggered pipeline. A photo the pipeline would refuse for what it is (not an image, too many
    bytes or pixels: the header is read, nothing decoded) is refused here, before anyone is created. The S3 put
    happens inside the transaction: if it fails, no employee or ticket is left behind. Without the employee's
    biometric consent (`employee.biometric_consent`) and FACEPASS_BIOMETRIC_CONSENT=required: 409 consent_required,
    nobody created; with it but no reference then, 422 consent_reference_required, nobody created. A record with
    the caller's own email (`caller_emails`): 403 own_record, as a face put on their own record is
    (create_upload_ticket); allowed, the ticket and the creation's audit rows say so (`self_review`)."""
    self_review = separation.check_email(settings, caller_emails, employee.email,
                                         what="enrolling a face on your own record")
    if len(photo) < settings.upload_min_bytes:
        raise image_rejected("not_an_image", f"The photo has {len(photo)} bytes; at least "
                             f"{settings.upload_min_bytes} expected.")
    content_type = image_content_type(photo, max_bytes=settings.max_image_bytes, max_pixels=settings.max_image_pixels)
    if employees.consent_required(settings) and employee.biometric_consent is None:
        raise Conflict("No biometric consent was given for this employee, and FacePass enrolls no face without it: "
                       "once the employee has received the biometric notice and agreed in writing, send "
                       "biometric_consent=true and consent_reference (the signed release) with the form.",
                       code="consent_required")
    employees.require_consent_reference(settings, employee.biometric_consent)
    ticket_id = uuid.uuid4()
    try:
        with db.transaction() as cur:
            row = employees.insert_employee(cur, employee, actor=actor, self_review=self_review)
            key = storage.enrollment_key(row["id"], ticket_id)
            ticket = repository.insert_enrollment(cur, ticket_id=ticket_id, employee_id=row["id"], s3_key=key,
                                                  self_review=self_review, requested_by=actor)
            storage.put_object(s3, bucket=settings.bucket, key=key, data=photo, content_type=content_type)
    except psycopg.errors.UniqueViolation as error:
        raise employees.taken(error, email=employee.email, employee_number=employee.employee_number) from None
    return EnrollWithPhotoResult(employee=Employee.model_validate(row), enrollment=_status(ticket))


@dataclass
class ProcessOutcome:
    key: str
    outcome: str  # completed | rejected | already_final | ignored
    reason_code: str | None = None
    untrusted_deleted: bool = False  # an upload under enroll/ that no ticket owns, deleted
    ticket_id: UUID | None = None
    employee_id: UUID | None = None
    timer: StageTimer = field(default_factory=StageTimer)
    liveness_flagged: bool = False  # stored (or held for confirmation) but under the liveness cut


def process_upload(db: Database, s3, engine: FaceEngine, settings: Settings, *, bucket: str,
                   key: str, now: datetime | None = None) -> ProcessOutcome:
    """Turn one uploaded enrollment photo into at most one embedding, then delete the photo.

    Poison input (not an image, no face, bad quality, a duplicate person) ends as a `rejected`
    ticket. Transient faults (database, S3) raise so Lambda retries; the ticket row lock and the
    unique source key make a retry or a second delivery change nothing.
    """
    outcome = ProcessOutcome(key=key, outcome="ignored")
    parsed = storage.parse_enrollment_key(key)
    if bucket != settings.bucket or not key.startswith(storage.ENROLL_PREFIX):
        logger.warning("ignored an event for an object that is not an enrollment upload",
                       extra={"bucket": bucket, "key": key})
        return outcome
    if parsed is None:
        # Under enroll/ but not the layout (a space, `..`, a sub-path, upper case, ...): no ticket can
        # own it, so it is never processed, and it is deleted now rather than left for the lifecycle rule.
        logger.warning("deleted an upload outside the enrollment layout", extra={"key": key})
        storage.delete_object(s3, bucket=bucket, key=key)
        outcome.untrusted_deleted = True
        return outcome
    outcome.ticket_id, outcome.employee_id = parsed.ticket_id, parsed.employee_id
    timer = outcome.timer
    released: list[str] = []  # held photos of the person's settled by the re-check (a suspect erased meanwhile)
    with db.transaction() as cur:
        ticket = repository.get_enrollment(cur, parsed.ticket_id, for_update=True)
        if ticket is None and _written_within(s3, bucket, key, UNOWNED_UPLOAD_GRACE, now or datetime.now(UTC)) \
                and not _person_gone(cur, parsed.employee_id):
            # enroll_with_photo writes the photo before its transaction commits the ticket: too young to be a
            # stray, so it waits for the event's next delivery instead of being deleted now.
            raise UploadNotYetOwned(f"No ticket owns {key} yet; the event will be delivered again.")
        if ticket is None or ticket["s3_key"] != key:
            # No ticket: never trusted. Deleting it keeps stray photos out of the bucket.
            logger.warning("upload without a matching ticket", extra={"key": key})
            outcome.untrusted_deleted = True
        elif ticket["status"] in FINAL_STATES:
            outcome.outcome, outcome.reason_code = "already_final", ticket["reason_code"]
        else:
            outcome.outcome, outcome.reason_code, detail, embedding, image = _evaluate(cur, s3, engine, settings,
                                                                                        bucket, key, ticket, timer)
            with timer.stage("store"):
                if outcome.outcome == "needs_confirmation":
                    held_key = _keep_held_photo(s3, settings, ticket, image, embedding, timer)
                    repository.hold_for_confirmation(cur, parsed.ticket_id, model_id=engine.model_id,
                                                     embedding=embedding.vector,
                                                     quality=embedding.quality.as_dict(),
                                                     reason_code=outcome.reason_code, reason_detail=detail,
                                                     held_photo_key=held_key)
                else:
                    if embedding is not None:
                        # Audited as the ticket's requester's (the face is a credential: who put it here).
                        _store(cur, engine, ticket["employee_id"], embedding, key, liveness=_liveness(detail),
                               actor=ticket["requested_by"] or UNKNOWN_REQUESTER,
                               self_review=bool(ticket["self_review"]))
                        # Their other held photos' verdicts may be stale now (no_faces, passes): checked again.
                        recheck_own_holds(cur, engine, settings, ticket["employee_id"], cause="face_added",
                                          released=released)
                    repository.finish_enrollment(cur, parsed.ticket_id, status=outcome.outcome,
                                                 reason_code=outcome.reason_code, reason_detail=detail)
            outcome.liveness_flagged = embedding is not None and bool((_liveness(detail) or {}).get("flagged"))
    # After commit, in every outcome: the raw photo must not outlive its processing. A failure here
    # raises, and the retry finds the ticket final and deletes again.
    with timer.stage("delete_photo"):
        # The crops of holds this upload's re-check settled first: it never raises, and a retry (the delete below
        # failing) finds the ticket final and no longer knows them.
        storage.discard_held_photos(s3, bucket=bucket, keys=released)
        storage.delete_object(s3, bucket=bucket, key=key)
    return outcome


def _keep_held_photo(s3, settings: Settings, ticket: dict, image: DecodedImage, embedding, timer: StageTimer) -> str:
    """The face crop HR decides on, written before the transaction that holds the ticket commits (as a check-in's
    snapshot is): a crash between leaves at worst an object no held ticket names, which the daily cleanup deletes.
    A second delivery finds the ticket held (final) and writes nothing."""
    with timer.stage("held_photo"):
        key = storage.held_photo_key(ticket["employee_id"], ticket["id"])
        storage.put_held_photo(s3, bucket=settings.bucket, key=key, data=face_crop_jpeg(image, embedding.face.box))
    return key


def _person_gone(cur, employee_id) -> bool:
    """Deactivated or erased: no ticket of theirs is coming (an erasure deleted it), so a photo a still-valid upload
    form brought after the erasure is deleted now, not after the event's retries."""
    person = repository.get_employee(cur, employee_id)
    return person is not None and not person["is_active"]


# An upload of the enrollment layout without a ticket is deleted as a stray only once older than this; before,
# its ticket may still be committing. Lambda's retries of an S3 event come a minute and more later.
UNOWNED_UPLOAD_GRACE = timedelta(minutes=2)


def _written_within(s3, bucket: str, key: str, grace: timedelta, now: datetime) -> bool:
    written = storage.last_modified(s3, bucket=bucket, key=key)
    return written is not None and now - written < grace


def _evaluate(cur, s3, engine: FaceEngine, settings: Settings, bucket: str, key: str, ticket: dict,
              timer: StageTimer):
    """(outcome, reason code, reason detail, embedding or None, decoded photo or None) for a pending ticket."""
    # Locked until the face is stored: an erasure or deactivation meanwhile waits, and one before finds no face
    # stored after it (a face of an erased person would outlive the erasure).
    employee = repository.get_employee(cur, ticket["employee_id"], lock="no key update")
    if employee is None or not employee["is_active"]:
        return "rejected", "employee_inactive", None, None, None
    if employees.lacks_consent(settings, employee):  # a ticket made before the setting, or consent cleared since
        return "rejected", CONSENT_REQUIRED, None, None, None
    try:
        with timer.stage("download"):
            data = storage.read_object(s3, bucket=bucket, key=key, max_bytes=settings.max_image_bytes)
    except ImageRejected as rejection:
        return "rejected", rejection.code, rejection.details or None, None, None
    if data is None:
        return "rejected", "upload_missing", None, None, None
    return _evaluate_photo(cur, engine, settings, ticket["employee_id"], data, timer)


def evaluate_photo(cur, engine: FaceEngine, settings: Settings, employee_id: UUID, data: bytes,
                   timer: StageTimer | None = None):
    """The enrollment decision for one photo of one employee: quality gates, then the duplicate-person
    and same-person checks. Returns (outcome, reason code, reason detail, embedding or None); outcome is
    completed, rejected, or needs_confirmation (a suspected duplicate, or not like the person's other photos:
    the embedding waits for an admin)."""
    return _evaluate_photo(cur, engine, settings, employee_id, data, timer)[:4]


def _evaluate_photo(cur, engine: FaceEngine, settings: Settings, employee_id: UUID, data: bytes,
                    timer: StageTimer | None = None):
    """evaluate_photo, with the decoded photo last (None when refused before decoding): a held photo's face crop is
    made from it (the face's box is the embedding's)."""
    timer = timer or StageTimer()
    try:
        image, embedding = engine.enroll_face(data, timer=timer)
    except ImageRejected as rejection:
        return "rejected", rejection.code, rejection.details or None, None, None
    liveness = score_liveness(engine, settings, image, embedding, timer)
    if _blocked(liveness, settings):
        return ("rejected", PRESENTATION_ATTACK, {"liveness": liveness, "quality": embedding.quality.as_dict()},
                None, image)
    outcome, code, detail, embedding = evaluate_embedding(cur, engine, settings, employee_id, embedding, timer)
    if liveness:
        detail = dict(detail or {}, liveness=liveness)
    return outcome, code, detail, embedding, image


def score_liveness(engine: FaceEngine, settings: Settings, image: DecodedImage, embedding,
                   timer: StageTimer | None = None) -> dict | None:
    """The enrollment photo's face through the check-in's passive liveness step (same models, cut
    FACEPASS_LIVENESS_THRESHOLD), or None when FACEPASS_ENROLLMENT_LIVENESS_POLICY is off. HR's scans and
    prints of ID photos score as what they are, prints: hence flag, not block, by default."""
    if settings.enrollment_liveness_policy == "off":
        return None
    with (timer or StageTimer()).stage("liveness"):
        score = presence.score_face(engine, image, embedding.face.box)
    return {"score": round(score.p_live, 4), "model": score.model_id, "threshold": settings.liveness_threshold,
            "flagged": score.p_live < settings.liveness_threshold}


def _blocked(liveness: dict | None, settings: Settings) -> bool:
    """FACEPASS_ENROLLMENT_LIVENESS_POLICY=block refuses a photo under the liveness cut."""
    return bool(liveness and liveness["flagged"]) and settings.enrollment_liveness_policy == "block"


def _liveness(detail: dict | None) -> dict | None:
    return (detail or {}).get("liveness")


def evaluate_embedding(cur, engine: FaceEngine, settings: Settings, employee_id: UUID, embedding,
                       timer: StageTimer | None = None):
    """evaluate_photo after the quality gates (the evaluation enters here with cached embeddings)."""
    timer = timer or StageTimer()
    with timer.stage("same_photo_check"):
        # The person's own faces against it: one read for this check and both below (their lock holds them).
        own = own_faces(cur, engine, employee_id, embedding.vector)
    again = same_photo_again(engine, settings, own)
    if again:
        return "rejected", SAME_PHOTO_AGAIN, dict(again, quality=embedding.quality.as_dict()), None
    with timer.stage("duplicate_check"):
        # The gallery's lock to the commit (check_face's search; and the face stored below re-checks the person's
        # held photos under it, recheck_own_holds): the person's lock, the gallery's, then the faces, as every change
        # to a model's faces takes them.
        repository.lock_gallery(cur, model_id=engine.model_id)
        checked = check_face(cur, engine, settings, employee_id, embedding.vector, own)
    if checked is None:
        return "rejected", DUPLICATE_ERASED, {"duplicate_of_erased": True}, None
    code, detail = checked
    if code is None:
        return "completed", None, {"quality": embedding.quality.as_dict()}, embedding
    return "needs_confirmation", code, dict(detail, quality=embedding.quality.as_dict()), embedding


def same_photo_again(engine: FaceEngine | GalleryRules, settings: Settings, own: dict) -> dict | None:
    """When the face is as close to one of the person's enrolled faces (`own`: own_faces of it) as a copy of it is
    (the check-in's replay threshold, FACEPASS_REPLAY_SIMILARITY: two real captures never get that close), what the
    ticket says; else None. The caller holds the person's lock, so two copies uploaded at once are compared one after
    the other."""
    threshold = presence.replay_threshold(settings, engine.model_id)
    if not own["faces"] or float(own["similarity"]) < threshold:
        return None
    return {"similarity": round(float(own["similarity"]), 4), "threshold": threshold}


def _store(cur, engine: FaceEngine, employee_id: UUID, embedding, source_key: str, *, actor: str,
           liveness: dict | None = None, self_review: bool = False) -> int | None:
    """The face stored, and audited in the same transaction: one employee_audit row, field `face`, before null, after
    the new face's id (never biometric data), by `actor`, who asked for it (the ticket's requester), marked
    `self_review` when that was the person themselves. Once per upload: the source key is unique, so a face already
    stored from it (a second delivery) stores nothing and audits nothing. The new face's id, or None."""
    face_id = repository.insert_face_embedding(cur, employee_id=employee_id, model_id=engine.model_id,
                                               embedding=embedding.vector, quality=embedding.quality.as_dict(),
                                               source_key=source_key, **_liveness_columns(liveness))
    if face_id is not None:
        repository.insert_employee_audit(cur, employee_id=employee_id, field="face", actor=actor, before=None,
                                         after=str(face_id), self_review=self_review)
    return face_id


def _liveness_columns(liveness: dict | None) -> dict:
    if not liveness:
        return {}
    return {"liveness_score": liveness["score"], "liveness_model": liveness["model"],
            "liveness_flagged": liveness["flagged"]}


def enroll_photo(db: Database, engine: FaceEngine, settings: Settings, employee_id: UUID, data: bytes, *,
                 source_key: str, actor: str | None = None) -> tuple[str, str | None]:
    """Enroll a photo held in memory (bulk imports): the same gates and duplicate check as the S3
    pipeline; a suspected duplicate is not stored. Returns (completed|rejected|needs_confirmation, reason code).
    The face stored is audited as the upload's is, by `actor` (default: the OS user running it, operator_actor)."""
    try:
        image, embedding = engine.enroll_face(data)
    except ImageRejected as rejection:
        return "rejected", rejection.code
    liveness = score_liveness(engine, settings, image, embedding)
    if _blocked(liveness, settings):
        return "rejected", PRESENTATION_ATTACK
    return enroll_embedding(db, engine, settings, employee_id, embedding, source_key=source_key, liveness=liveness,
                            actor=actor)


def enroll_embedding(db: Database, engine: FaceEngine, settings: Settings, employee_id: UUID, embedding, *,
                     source_key: str, confirm_duplicate: bool = False,
                     liveness: dict | None = None, actor: str | None = None) -> tuple[str, str | None]:
    """The duplicate and same-person checks and store for an embedding that passed the gates. `confirm_duplicate`:
    store a held face (either check) anyway, as an admin confirming it would (the evaluation does).
    `liveness`: the photo's score_liveness, stored with the face. The face stored is audited by `actor` (default:
    the OS user running it, operator_actor: no API, no token)."""
    actor = actor or operator_actor()
    with db.transaction() as cur:
        # The lock every change to a person's faces takes (as process_upload): it waits for an erasure or a
        # deactivation, and not for a duplicate check's KEY SHARE on this person (which would deadlock).
        employee = repository.get_employee(cur, employee_id, lock="no key update")
        if employee is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        if not employee["is_active"]:  # erased or deactivated: no face of theirs may be stored
            return "rejected", "employee_inactive"
        if employees.lacks_consent(settings, employee):  # FACEPASS_BIOMETRIC_CONSENT=required, none recorded
            return "rejected", CONSENT_REQUIRED
        outcome, code, _, embedding = evaluate_embedding(cur, engine, settings, employee_id, embedding)
        if outcome == "completed" or (outcome == "needs_confirmation" and confirm_duplicate):
            _store(cur, engine, employee_id, embedding, source_key, liveness=liveness, actor=actor)
            recheck_own_holds(cur, engine, settings, employee_id, cause="face_added")
    return outcome, code


def _held_ticket(cur, employee_id: UUID, ticket_id: UUID, *, settled: str, verb: str) -> dict:
    """The locked ticket of a photo held for an admin (a suspected duplicate, or not like the person's other
    photos): waiting, or already settled this way (answering twice is the same answer)."""
    ticket = repository.get_enrollment(cur, ticket_id, for_update=True)
    if ticket is None or ticket["employee_id"] != employee_id:
        raise NotFound(f"No enrollment {ticket_id} for employee {employee_id}.", code="enrollment_not_found")
    if ticket["status"] == settled and ticket["reason_code"] in (*HELD_FOR_AN_ADMIN, DUPLICATE_ERASED):
        return ticket
    if ticket["status"] != "needs_confirmation":
        raise Conflict(f"Enrollment {ticket_id} is {ticket['status']}; only a photo held for an admin "
                       f"(needs_confirmation) can be {verb}.", code="nothing_to_confirm")
    return ticket


def confirm_enrollment(db: Database, settings: Settings, employee_id: UUID, ticket_id: UUID, *,
                       seen: HoldVerdict | None = None, actor: str | None = SYSTEM_ACTOR,
                       s3=None, own_employee: UUID | None = None) -> EnrollmentStatus:
    """An admin confirms a held photo on purpose (a suspected duplicate: twins, a returning employee; not like
    the person's other photos: a real change of appearance). The photo is first checked again, both checks under the
    locks an upload takes (the faces enrolled or removed since it was held may change what it is): when the verdict
    differs from the one HR saw (`seen`, the ticket's `verdict` as the console showed it; else the one stored on the
    ticket), the fresh one is stored on the ticket and the answer is 409
    hold_changed carrying it, nothing enrolled; confirming again (the same verdict) goes through. Else the waiting
    embedding is enrolled, the ticket completes, the person's other held photos are checked again, and the decision
    is audited (field `face`: the ticket, why it was held, the new face's id). Confirming twice answers the same.
    Whenever the hold ends (enrolled, or the re-check rejected it), its face crop is deleted after the commit (with
    `s3`; the daily cleanup deletes what S3 left); a hold_changed answer links to the crop still held."""
    # Separation of duties: a held photo of one's own record (a look-alike, or not like their other photos) is
    # confirmed by another admin (create_upload_ticket says why).
    self_review = separation.check(settings, own_employee, (employee_id,),
                                   what="confirming a held photo of your own record")  # allowed: its audit row says so
    employees.require_actor(actor)  # audited: a token without a subject changes nothing
    rules = GalleryRules.of(settings)
    released: list[str] = []
    # Raised inside, the transaction rolled back: nothing was released, nothing is deleted.
    status, changed = _confirm(db, settings, rules, employee_id, ticket_id, seen=seen, actor=actor, s3=s3,
                               released=released, self_review=self_review)
    if s3 is not None:  # committed
        storage.discard_held_photos(s3, bucket=settings.bucket, keys=released)
    if not changed:
        return status
    raise Conflict("The held photo was checked again before enrolling and the result changed: nothing was enrolled. "
                   "Read the new result (details.enrollment) and confirm again if it is still wanted.",
                   code="hold_changed", details={"enrollment": status.model_dump(mode="json")})


def _confirm(db: Database, settings: Settings, rules: GalleryRules, employee_id: UUID, ticket_id: UUID, *,
             seen: HoldVerdict | None, actor: str | None, s3,
             released: list[str], self_review: bool = False) -> tuple[EnrollmentStatus, bool]:
    """confirm_enrollment's transaction: (the ticket as answered, whether the re-check changed it)."""
    with db.transaction() as cur:
        ticket = _held_ticket(cur, employee_id, ticket_id, settled="completed", verb="confirmed")
        if ticket["status"] == "completed":
            released.append(storage.held_photo_key(employee_id, ticket_id))  # a first answer's delete S3 failed
            return _status(ticket), False
        # No face stored without the person's consent (held before the setting, or withdrawn since): 409.
        employees.require_consent(settings, _require_active_employee(cur, employee_id))
        pending = repository.get_pending_embedding(cur, ticket_id)
        changed = None
        if pending["pending_model_id"] == rules.model_id:  # a hold of a model no longer served: nothing to compare
            repository.lock_gallery(cur, model_id=rules.model_id)  # the duplicate search's lock, as an upload's
            own = own_faces(cur, rules, employee_id, pending["pending_embedding"])  # for both checks
            again = same_photo_again(rules, settings, own)
            held = dict(ticket, pending_embedding=pending["pending_embedding"])
            if again:  # a copy of a face of theirs enrolled since it was held (a second upload of one photo)
                repository.settle_confirmation(cur, ticket_id, status="rejected", reason_code=SAME_PHOTO_AGAIN,
                                               reason_detail=dict(again, recheck_cause="confirm"))
                changed = repository.get_enrollment(cur, ticket_id)
                released.append(ticket["held_photo_key"])
            elif (fresh := check_hold(cur, rules, settings, held, own)) is None:
                # The person it now looks like was erased meanwhile: as their erasure settles it.
                repository.reject_as_duplicate_erased(cur, ticket_id)
                changed = repository.get_enrollment(cur, ticket_id)
                released.append(ticket["held_photo_key"])
            elif not same_verdict(_seen(seen) or hold_verdict(ticket["reason_code"], ticket["reason_detail"]),
                                  hold_verdict(*fresh)):
                code, detail = fresh
                repository.set_hold(cur, ticket_id, reason_code=code,
                                    reason_detail=dict(detail, recheck_cause="confirm", hold_changed=True))
                changed = repository.get_enrollment(cur, ticket_id)
        if changed is None:
            face_id = repository.insert_face_embedding(
                cur, employee_id=employee_id, model_id=pending["pending_model_id"],
                embedding=pending["pending_embedding"], quality=pending["pending_quality"] or {},
                source_key=ticket["s3_key"], **_liveness_columns(_liveness(ticket["reason_detail"])))
            detail = dict(ticket["reason_detail"] or {}, confirmed=True)
            repository.settle_confirmation(cur, ticket_id, status="completed", reason_detail=detail)
            released.append(ticket["held_photo_key"])
            repository.insert_employee_audit(cur, employee_id=employee_id, field="face", actor=actor,
                                             before=held_audit_value(ticket), after=str(face_id) if face_id else None,
                                             self_review=self_review)
            if pending["pending_model_id"] == rules.model_id:
                recheck_own_holds(cur, rules, settings, employee_id, cause="face_added", released=released)
            return _status(repository.get_enrollment(cur, ticket_id)), False
    shown = _shown(changed, s3, settings)
    _log_linked([shown], actor)
    return shown, True


def _seen(seen: HoldVerdict | None) -> tuple[str | None, str | None] | None:
    if seen is None:
        return None
    duplicate_of = seen.duplicate_of_employee_id
    return (str(duplicate_of) if duplicate_of else None), seen.same_person


def held_audit_value(ticket: dict) -> str:
    """The audit row's `before` for a decision on a held photo: `held <reason> <ticket id>` (never a score)."""
    return f"held {ticket['reason_code']} {ticket['id']}"


def reject_enrollment(db: Database, employee_id: UUID, ticket_id: UUID, *,
                      actor: str | None = SYSTEM_ACTOR, s3=None, settings: Settings | None = None) -> EnrollmentStatus:
    """An admin refuses a held photo (a suspected duplicate, or not this person): the waiting embedding is
    deleted, and the decision audited (field `face`: the ticket and why it was held, after `refused`). Its face crop
    is deleted after the commit (with `s3` and `settings`; the daily cleanup deletes what S3 left)."""
    employees.require_actor(actor)  # audited: a token without a subject changes nothing
    with db.transaction() as cur:
        ticket = _held_ticket(cur, employee_id, ticket_id, settled="rejected", verb="refused")
        if ticket["status"] == "rejected":
            released = storage.held_photo_key(employee_id, ticket_id)  # a first answer's delete S3 failed
            status = _status(ticket)
        else:
            released = ticket["held_photo_key"]
            detail = dict(ticket["reason_detail"] or {}, confirmed=False)
            detail.pop("quality", None)
            repository.settle_confirmation(cur, ticket_id, status="rejected", reason_detail=detail)
            repository.insert_employee_audit(cur, employee_id=employee_id, field="face", actor=actor,
                                             before=held_audit_value(ticket), after="refused")
            status = _status(repository.get_enrollment(cur, ticket_id))
    if s3 is not None and settings is not None:
        storage.discard_held_photos(s3, bucket=settings.bucket, keys=[released])
    return status
