"""An access request: what FacePass holds about one person's face (GDPR Art. 15, BIPA's disclosure). It lists what an
erasure would delete or strip, found by the same tests, so HR can answer "what do you keep about my face?" before
(or instead of) erasing. Who was given a link to their photos, and who was shown this report, is in the API function's
log (README, Privacy)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from facepass import devices, repository, retention, self_service, storage
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import NotFound
from facepass.schemas import (
    BiometricDataReport,
    Employee,
    FaceRecord,
    HeldPhotoOfPerson,
    MyBiometrics,
    MyConsent,
    MyFace,
    MyPhotosDeletedBy,
    PhotoOfPerson,
)


def deleted_by(occurred_at: datetime, review_state: str, settings: Settings, now: datetime) -> date:
    """The UTC day whose cleanup deletes a photo taken then, at the latest: retention keeps whole UTC days
    (retention.run_cleanup's cutoff), a punch awaiting review FACEPASS_REVIEW_MAX_DAYS more; one past that already
    (an offline capture sent late, a review decided after its extra days) goes with the next day's cleanup."""
    days = settings.snapshot_retention_days + (settings.review_max_days if review_state == "pending" else 0)
    by_retention = occurred_at.astimezone(UTC).date() + timedelta(days=days + 1)
    return max(by_retention, now.astimezone(UTC).date() + timedelta(days=1))


def _holdings(db: Database, s3, settings: Settings, employee_id: UUID, *, scores: bool):
    """The person's record, faces, held uploads, photos that may show them and enrollment photos waiting in the
    bucket; with `scores`, face_score_counts too (HR's erasure bookkeeping: it scans the attendance history, the audit
    trail and the stored Idempotency-Key answers; GET /me/biometrics does not return it, so does not ask for it)."""
    min_similarity = retention.candidate_photo_threshold(settings)  # the candidate photos the erasure deletes
    with db.transaction() as cur:
        person = repository.get_employee(cur, employee_id)
        if person is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        faces = repository.list_faces(cur, employee_id)
        held = repository.held_photos_of(cur, employee_id)
        photos = repository.photos_showing(cur, employee_id, min_similarity=min_similarity)
        counts = repository.face_score_counts(cur, employee_id) if scores else None
    uploads = sum(1 for _ in storage.list_keys(s3, bucket=settings.bucket,
                                               prefix=storage.employee_enroll_prefix(employee_id)))
    return person, faces, held, photos, counts, uploads


def biometric_data(db: Database, s3, settings: Settings, employee_id: UUID, *, actor: str | None,
                   now: datetime | None = None) -> BiometricDataReport:
    """The report, and a line on the access log saying who was shown it (it lists the photos that may show the
    person: itself an access to their data)."""
    person, faces, held, photos, counts, uploads = _holdings(db, s3, settings, employee_id, scores=True)
    now = now or datetime.now(UTC)
    storage.log_access("biometric_data_reported", actor=actor, field="employee_id", ids=str(employee_id))
    return BiometricDataReport(
        employee=Employee.model_validate(person), generated_at=now,
        faces=[FaceRecord.model_validate(row) for row in faces],
        held_photos=[HeldPhotoOfPerson.model_validate(row) for row in held], uploads_waiting=uploads,
        photos=_photos(photos, settings, now), **counts)


def _photos(rows: list[dict], settings: Settings, now: datetime) -> list[PhotoOfPerson]:
    return [PhotoOfPerson(event_id=row["id"], occurred_at=row["occurred_at"], relation=row["relation"],
                          review_state=row["review_state"],
                          deleted_by=deleted_by(row["occurred_at"], row["review_state"], settings, now))
            for row in rows]


def my_biometrics(db: Database, s3, settings: Settings, own: UUID | None, *, actor: str | None,
                  now: datetime | None = None) -> MyBiometrics:
    """GET /me/biometrics: the caller's own access request (their employee record: self_service.require_own, 404
    no_employee_record), the report above without what is HR's or other people's: their consent without who
    recorded it, their faces' enrollment times (no model, quality or liveness scores), their own punches' photos
    counted by the day they go (no event ids), other punches' photos that may show them only counted, and none of
    the records scoring their face (HR's erasure bookkeeping, some about other people's uploads: not even counted, so
    not scanned for). Logged as the report is (the caller was shown it; the console asks only on their request)."""
    employee_id = self_service.require_own(own)
    row, faces, held, rows, _, uploads = _holdings(db, s3, settings, employee_id, scores=False)
    now = now or datetime.now(UTC)
    storage.log_access("biometric_data_reported", actor=actor, field="employee_id", ids=str(employee_id))
    person = Employee.model_validate(row)
    consent = person.biometric_consent
    photos = _photos(rows, settings, now)
    own_photos = Counter(photo.deleted_by for photo in photos if photo.relation == "own")
    return MyBiometrics(
        employee_id=person.id, full_name=person.full_name, generated_at=now,
        consent=MyConsent(recorded_at=consent.recorded_at if consent else None,
                          reference=consent.reference if consent else None,
                          withdrawn_at=person.consent_withdrawn_at,
                          withdrawal_unfinished=person.withdrawal_unfinished),
        erased_at=person.erased_at, enrolled_faces=len(faces),
        faces=[MyFace(enrolled_at=face["created_at"]) for face in faces],
        held_photos=len(held), uploads_waiting=uploads,
        own_photos=[MyPhotosDeletedBy(deleted_by=day, photos=count) for day, count in sorted(own_photos.items())],
        other_photos=sum(1 for photo in photos if photo.relation != "own"),
        notice=devices.kiosk_notice(settings))
