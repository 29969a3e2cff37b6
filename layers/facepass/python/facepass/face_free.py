"""A punch typed at the kiosk without Face ID ("No Face ID?"): the person types their payroll number
(employee_number) and the way (entry or exit); no photo is taken, sent or kept. It is stored awaiting HR's review
(review reason face_free): nothing biometric vouches for who typed it, so it counts only once a human confirms it.

The answer never says whom the number names, nor whether it names anyone: every accepted request gets the same
"sent to HR to check". A number that names nobody (or a deactivated person) stores nothing: a row with no person and
no photo gives HR nothing to decide (assigning it would be HR typing the time anyway), and a stolen kiosk token could
otherwise fill the queue with guesses. A person with Face ID (a face enrolled, consent not withdrawn) punches by face:
their typed number stores nothing either (no buddy punch without evidence), with the same answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from facepass import idempotency, payroll, repository
from facepass.attendance import _printable, _request_hash, check_captured_at_zone, check_offline_capture
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError
from facepass.schemas import FaceFreeAnswer

REASON = "face_free"
ANSWER = FaceFreeAnswer(status="sent_for_review", message="Sent to HR to check.")


def record_face_free(db: Database, settings: Settings, *, employee_number: str, event_type: str,
                     device_id: str | None,
                     idempotency_key: str | None = None, captured_at: datetime | None = None,
                     now: datetime | None = None) -> tuple[FaceFreeAnswer, int]:
    """Store the typed punch for the active person without Face ID this number names, awaiting review; answer the
    same neutral view whatever the number (202). An Idempotency-Key stores and replays it."""
    if device_id is None:  # a kiosk's press: the device comes from its token (a console token has none)
        raise FacePassError("Only a paired kiosk may send a typed punch.", code="device_required", status=403)
    if not _printable(device_id, 100):
        raise FacePassError("device_id must be printable text of at most 100 characters.", code="invalid_device_id",
                            status=422)
    if captured_at is not None:
        check_captured_at_zone(captured_at)
    idempotency.check_key(idempotency_key)
    number = employee_number.strip()
    scope = f"attendance:{device_id}"
    request_hash = _request_hash(f"face-free|{number.lower()}".encode(), event_type, device_id)
    if idempotency_key:
        with db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=scope, key=idempotency_key)
        if record:
            return _replayed(record, request_hash)
    occurred_at = now or datetime.now(UTC)
    reasons = [REASON]
    if captured_at is not None:
        if check_offline_capture(db, settings, device_id, captured_at, occurred_at):
            reasons.append("captured_before_pairing")
        occurred_at = captured_at.astimezone(UTC)
    try:
        _store(db, settings, (scope, request_hash), number=number, event_type=event_type,
               device_id=device_id, idempotency_key=idempotency_key, occurred_at=occurred_at, reasons=reasons,
               offline=captured_at is not None)
    except idempotency.KeyTaken:  # a concurrent retry with the same key committed first: its answer
        with db.transaction() as cur:
            return _replayed(repository.get_idempotency_record(cur, scope=scope, key=idempotency_key), request_hash)
    return ANSWER.model_copy(), 202


def _replayed(record: dict, request_hash: str) -> tuple[FaceFreeAnswer, int]:
    """The stored answer of an Idempotency-Key sent again (422 idempotency_key_reused for another request)."""
    record = idempotency.replayable(record, request_hash)
    return FaceFreeAnswer.model_validate(record["response"]), record["status_code"]


# Typed punches of one person awaiting review in a day, at most: each one holds a close until HR decides it, and anyone
# who knows the number (or a stolen kiosk token) could otherwise queue them without end.
DAILY_MAX = 6


def _flooded(cur, settings: Settings, employee_id, event_type: str, occurred_at: datetime) -> bool:
    """A second press of the same way within the repeat window of another, before or after it (one press, as a face
    press's repeat), or the cap reached in the day before it or the day after it: nothing more is stored (the answer
    stays the same). Both sides: a press queued offline arrives after later presses of the same person, and is no
    repeat of a press hours after it."""
    pending = repository.face_free_pending(
        cur, employee_id, event_type=event_type, at=occurred_at,
        repeat_window=timedelta(seconds=settings.checkin_repeat_window_seconds), day=timedelta(days=1))
    return pending["repeats"] > 0 or max(pending["day_before"], pending["day_after"]) >= DAILY_MAX


def _store(db: Database, settings: Settings, keyed: tuple[str, str], *, number: str, event_type: str,
           device_id: str, idempotency_key: str | None, occurred_at: datetime, reasons: list[str],
           offline: bool) -> None:
    scope, request_hash = keyed
    with db.transaction() as cur:
        if idempotency_key and not repository.claim_idempotency_key(cur, scope=scope, key=idempotency_key,
                                                                   request_hash=request_hash):
            raise idempotency.KeyTaken()
        # Locked as face changes, withdrawal and erasure lock the person: one committed meanwhile is seen here.
        person = repository.employee_by_number(cur, number) if number else None
        if person is not None and person["is_active"] and (
                person["consent_withdrawn_at"] is not None or repository.count_faces(cur, person["id"]) == 0) and \
                not _flooded(cur, settings, person["id"], event_type, occurred_at):
            closed = payroll.closed_day(cur, settings, person["id"], occurred_at)
            if closed is not None:
                reasons.append(payroll.REASON)
            repository.insert_attendance(
                cur, employee_id=person["id"], occurred_at=occurred_at, event_type=event_type, similarity=None,
                trace_id=uuid.uuid4(), snapshot_key=None, status="unknown", device_id=device_id,
                offline=offline, review_state="pending", review_reasons=reasons,
                direction_source="kiosk", matched=False)
        if idempotency_key:
            repository.store_idempotent_response(cur, scope=scope, key=idempotency_key, status_code=202,
                                                 response=ANSWER.model_dump(mode="json"))
