"""Check-in and check-out: identify, write one attendance_log row, keep a snapshot for a while.
Listing events (the reports are in `reports`)."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from facepass import (
    dispute,
    idempotency,
    identification,
    payroll,
    presence,
    reconcile,
    repository,
    snapshot_moves,
    storage,
)
from facepass.authz import EVIDENCE_ROLES, OAUTH_SCOPE_PREFIX, Forbidden
from facepass.config import Settings
from facepass.db import Database
from facepass.department_scope import EVERYONE, Reach
from facepass.errors import DatabaseConflict, DatabaseUnavailable, FacePassError, NotFound, image_rejected
from facepass.faces import FaceAnalysis, FaceEngine, StageTimer
from facepass.faces.decoding import DecodedImage, encode_jpeg
from facepass.pagination import cursor_scope, decode_cursor, encode_cursor
from facepass.reports import (
    CsvDialect,
    CsvSheet,
    moved,
    punch_direction,
    rows_on_days,
    spreadsheet_cell,
    wall_clock,
)
from facepass.schemas import (
    AttendanceEvent,
    AttendancePage,
    CheckResult,
    EventPerson,
    FaceIdentification,
    KioskEvent,
    PayrollAttendanceEvent,
    PayrollAttendancePage,
    PersonRef,
    RecordedCheck,
    SnapshotLink,
    has_control_characters,
)

logger = logging.getLogger(__name__)

STATUS_BY_DECISION = {"matched": "recognized", "unknown": "unknown", "ambiguous": "ambiguous"}


def _event(row: dict) -> AttendanceEvent:
    person = (EventPerson(id=row["employee_id"], full_name=row["full_name"], employee_number=row.get("employee_number"),
                          email=row.get("employee_email")) if row["employee_id"] else None)
    matched = (PersonRef(id=row["matched_employee_id"], full_name=row["matched_full_name"])
               if row.get("matched_employee_id") else None)
    return AttendanceEvent(id=row["id"], trace_id=row["trace_id"], employee=person, event_type=row["event_type"],
                           status=row["status"], similarity=row["similarity"],
                           matched_employee=matched, occurred_at=row["occurred_at"],
                           device_id=row["device_id"], device_name=row.get("device_name"),
                           snapshot_key=row["snapshot_key"],
                           offline=row.get("offline", False), received_at=row.get("received_at"),
                           liveness_score=row.get("liveness_score"), review_state=row.get("review_state") or "none",
                           review_reasons=list(row.get("review_reasons") or []),
                           reviewed_at=row.get("reviewed_at"), reviewed_by=row.get("reviewed_by"),
                           entered_by=row.get("entered_by"), repeat_of=row.get("repeat_of"),
                           revision=row.get("revision") or 0,
                           direction_source=row.get("direction_source") or "kiosk")


event_from_row = _event  # the review queue builds on the same event shape


def snapshot_jpeg(image: DecodedImage, max_side: int) -> bytes:
    """Re-encoded, downscaled: no EXIF (GPS, device) survives, and the snapshot stays small."""
    small, _ = image.fitted(max_side, quick=True)  # a kiosk frame of 640 px or less is not resized at all
    return encode_jpeg(small, code="snapshot_failed")


def _printable(value: str, max_length: int, *, min_length: int = 0) -> bool:
    return min_length <= len(value) <= max_length and not has_control_characters(value)


def _request_hash(data: bytes, event_type: str, device_id: str | None, captured_at: datetime | None = None) -> str:
    """What makes a resend under one Idempotency-Key the same check: the photo (or burst), the type and the device.
    Not captured_at: a kiosk that lost the answer queues the same press and sends it again with its capture time.
    With `captured_at`, the hash as versions before 0009 stored it (their keys live FACEPASS_IDEMPOTENCY_TTL_HOURS:
    a resend across the upgrade must still replay)."""
    digest = hashlib.sha256(data)
    digest.update(f"|{event_type}|{device_id or ''}".encode())
    if captured_at is not None:
        digest.update(f"|{captured_at.astimezone(UTC).isoformat()}".encode())
    return digest.hexdigest()


OFFLINE_MAX_AHEAD = timedelta(minutes=2)  # kiosk clocks drift a little


def check_offline_capture(db: Database, settings: Settings, device_id: str, captured_at: datetime,
                          now: datetime) -> bool:
    """An offline capture's time: within the offline window (check_captured_at), and not before its device existed
    (a token paired a minute ago, or a stolen one, must not back-date punches: 422 captured_at_before_device). True
    when it is from before the device's current pairing (a kiosk re-paired with checks still queued): recorded, and a
    human looks at it."""
    check_captured_at(captured_at, now, settings.offline_max_age_hours)
    with db.reading() as cur:
        device = repository.device_dates(cur, device_id)
    if device is None or captured_at < device["created_at"] - OFFLINE_MAX_AHEAD:
        raise FacePassError("captured_at is before this device was created.", code="captured_at_before_device",
                            status=422, details={"created_at": device["created_at"].isoformat() if device else None})
    return device["paired_at"] is None or captured_at < device["paired_at"] - OFFLINE_MAX_AHEAD


def check_captured_at_zone(captured_at: datetime) -> None:
    """An offset is required, and the instant must exist in UTC (year 1 at +14:00 does not)."""
    if captured_at.tzinfo is None:
        raise FacePassError("captured_at needs a time zone offset (RFC 3339, e.g. 2026-11-23T08:59:00Z).",
                            code="captured_at_out_of_range", status=422)
    try:
        captured_at.astimezone(UTC)
    except OverflowError:
        raise FacePassError("captured_at is not a time this API can record.", code="captured_at_out_of_range",
                            status=422) from None


def check_captured_at(captured_at: datetime, now: datetime, max_age_hours: int) -> None:
    """An offline capture time is believed only within [now - max age, now + 2 minutes]."""
    check_captured_at_zone(captured_at)
    if not now - timedelta(hours=max_age_hours) <= captured_at <= now + OFFLINE_MAX_AHEAD:
        raise FacePassError(f"captured_at must be within the last {max_age_hours} hours and at most 2 minutes ahead "
                            "of the server clock.", code="captured_at_out_of_range", status=422,
                            details={"received_at": now.isoformat(), "max_age_hours": max_age_hours})


# The review reasons a kiosk tells the person (one person at a time); that the punch awaits review is review_state.
# Not liveness, replay or low_margin: they would tell a stolen token how its picture fared.
# disputed_at_kiosk: the kiosk's own "Not you?" (dispute), which it is answered.
KIOSK_REASONS = ("multiple_faces", "disputed_at_kiosk")


def kiosk_event(event: AttendanceEvent) -> KioskEvent:
    """The event as the kiosk is told it (kiosk_answer; the answer to its "Not you?")."""
    kept = set(KioskEvent.model_fields)
    return KioskEvent.model_validate(
        {**event.model_dump(include=kept), "review_reasons": [r for r in event.review_reasons if r in KIOSK_REASONS],
         # An unmatched punch's direction is its best candidate's shift state: not for the kiosk to learn.
         **({"event_type": None} if event.direction_source == "auto" and event.employee is None else {})})


def kiosk_answer(result: RecordedCheck | CheckResult) -> CheckResult:
    """The check's answer as the kiosk gets it (and an Idempotency-Key stores it): the decision without candidates
    or scores, the event without similarity, liveness score, matched person or snapshot, and an unmatched punch's
    (POST /attendance/punch) without its direction. The attendance row keeps the evidence for HR's review. A replay
    is already this view."""
    if isinstance(result, CheckResult):
        return result
    told = None if result.event is None else kiosk_event(result.event)
    return CheckResult(
        event=told,
        identification=identification.kiosk_decision(result.identification), repeated=result.repeated,
        replayed=result.replayed, dispute_event_id=result.dispute_event_id, dispute_until=result.dispute_until)


def _replay(record: dict, request_hash: str, *, also: tuple[str, ...] = (),
            now: datetime | None = None) -> tuple[CheckResult, int]:
    record = idempotency.replayable(record, request_hash, also=also)
    if record["status_code"] >= 400:  # a refused presentation attack: refused again, same event
        error = record["response"]["error"]
        raise FacePassError(error["message"], code=error["code"], status=record["status_code"],
                            details=error.get("details"))
    result = CheckResult.model_validate(record["response"])
    result.replayed = True
    if not dispute.still_offered(result.dispute_until, now or datetime.now(UTC)):
        # Replayed late (a resend whose first answer was lost): "Not you?" only while the dispute can still work.
        result.dispute_event_id, result.dispute_until = None, None
    return result, record["status_code"]


class _AnalysisRecorder:
    """The engine, keeping the analysis identify made of the photo: the presence checks reuse the
    probe's full-resolution box, landmarks and vector instead of detecting and embedding again."""

    def __init__(self, engine: FaceEngine) -> None:
        self._engine = engine
        self.analysis: FaceAnalysis | None = None

    def __getattr__(self, name: str):
        return getattr(self._engine, name)

    def analyze_image(self, image: DecodedImage, **kwargs) -> FaceAnalysis:
        self.analysis = self._engine.analyze_image(image, **kwargs)
        return self.analysis


def _frame_face(engine: FaceEngine, image: DecodedImage):
    faces = engine.detect(image)
    if not faces:
        raise image_rejected("no_face", "No face was found in one of the challenge frames.")
    return engine.embed(image, faces[:1])[0]


def _frames_hash(frames: list[bytes], nonce: str) -> bytes:
    digest = hashlib.sha256(nonce.encode())
    for frame in frames:
        digest.update(hashlib.sha256(frame).digest())
    return digest.digest()


def record_check(db: Database, s3, engine: FaceEngine, settings: Settings, *, data: bytes | None = None,
                 event_type: str, device_id: str | None = None, idempotency_key: str | None = None,
                 now: datetime | None = None, timer: StageTimer | None = None, frames: list[bytes] | None = None,
                 challenge_nonce: str | None = None,
                 captured_at: datetime | None = None) -> tuple[RecordedCheck | CheckResult, int]:
    """Identify the largest face, run the presence checks and log the event. Returns (result, HTTP
    status): 201 for a new row, 200 for a repeat within the window or a replay. With `frames` and
    `challenge_nonce` (a challenge burst) the first frame is identified and the burst is checked.
    A presentation attack under the block policy, or a failed challenge, writes a `rejected` row and
    raises 422 `presentation_attack` / `challenge_failed`. `device_id` is the paired device's (from its
    credential); `captured_at` (paired devices only) marks an offline capture sent later. A new check returns the
    RecordedCheck (with the evidence); an Idempotency-Key stores its kiosk view (kiosk_answer), and a replay returns
    that stored CheckResult. `event_type` "auto" (POST /attendance/punch): the server decides entry or exit in the
    transaction (_punch_direction), and the row says so (direction_source auto)."""
    timer = timer or StageTimer()
    if captured_at is not None:
        if device_id is None:
            raise FacePassError("Only a paired device may send captured_at.", code="captured_at_needs_device",
                                status=403)
        check_captured_at_zone(captured_at)  # its range after the Idempotency-Key: a resend replays, however old
    if device_id is not None and not _printable(device_id, 100):
        raise FacePassError("device_id must be printable text of at most 100 characters.", code="invalid_device_id",
                            status=422)
    idempotency.check_key(idempotency_key)
    if (frames is None) == (data is None) or (frames is not None and not challenge_nonce):
        raise FacePassError("Send one photo, or challenge frames with their nonce.", code="invalid_check_request",
                            status=422)
    scope = f"attendance:{device_id or '-'}"
    sent = data if frames is None else _frames_hash(frames, challenge_nonce)
    request_hash = _request_hash(sent, event_type, device_id)
    if idempotency_key:
        with db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=scope, key=idempotency_key)
        if record:
            earlier = (_request_hash(sent, event_type, device_id, captured_at),) if captured_at is not None else ()
            return _replay(record, request_hash, also=earlier, now=now)
    before_pairing = False
    if captured_at is not None:
        before_pairing = check_offline_capture(db, settings, device_id, captured_at, now or datetime.now(UTC))

    challenge_missing = frames is None and settings.challenge_policy == "required"
    if challenge_missing and captured_at is None:
        raise FacePassError("This site requires the head-turn challenge: GET /attendance/challenge, then send the "
                            "frames with its nonce.", code="challenge_required", status=422)
    instruction, challenge_late = None, False
    if frames is not None:  # refused now if it cannot be used; spent with the check's row (or its retry answer)
        with db.reading() as cur:
            instruction, challenge_late = presence.challenge_instruction(cur, nonce=challenge_nonce,
                                                                         device_id=device_id, captured_at=captured_at)
    with timer.stage("decode"):
        images = [engine.decode(frame) for frame in frames] if frames is not None else [engine.decode(data)]
    image = images[0]
    recorder = _AnalysisRecorder(engine)
    found = identification.identify_image(db, recorder, settings, image, timer=timer)
    identified = FaceIdentification.model_validate(found.model_dump(include=set(FaceIdentification.model_fields)))
    if found.decision == "retry":  # too poor to match: nothing recorded, the kiosk asks for another photo
        if instruction is not None:  # a burst answers once, even a poor one
            with db.transaction() as cur:
                presence.spend_challenge(cur, challenge_nonce)
        return RecordedCheck(event=None, identification=identified, repeated=False), 200
    face = recorder.analysis.faces[0] if recorder.analysis and recorder.analysis.faces else None
    burst = None
    if instruction is not None:
        if face is None:  # identify no longer hands its analysis over: analyse the first frame here
            face = engine.analyze_image(image, timer=timer).faces[0]
        with timer.stage("challenge"):
            # The first frame's face is identify's (the same detection); the others are analysed here.
            burst_faces = [face] + [_frame_face(engine, frame) for frame in images[1:]]
        burst = presence.check_burst(engine, settings, instruction, images, burst_faces, timer=timer)
    liveness = burst.liveness if burst else presence.check_liveness(engine, settings, image=image, found=found,
                                                                     face=face, timer=timer)
    # Other people in the frame (a colleague behind in the queue): the snapshot shows them too, and their erasure
    # must find it. Only when identify located a second face: a one-face check-in does none of this.
    bystander_faces = identification.bystander_faces(engine, settings, recorder.analysis, timer=timer)
    now = now or datetime.now(UTC)
    occurred_at = captured_at.astimezone(UTC) if captured_at is not None else now
    # An unmatched punch gets the direction its best candidate would (what a confirm or reassign keeps), only when
    # that candidate scored the verify threshold: else any face (a below-threshold photo of someone) would get their
    # shift's state. The kiosk is never told an unmatched punch's direction (kiosk_answer).
    best = found.candidates[0] if found.candidates else None
    subject = (found.employee.id if found.employee
               else best.employee_id if best and best.similarity >= engine.verify_threshold else None)
    doubtful_direction, direction_doubt = False, None
    with db.reading() as cur:  # one read (replay), before any lock is taken
        if event_type == "auto":  # decided again under the lock; now only to store a doubtful punch's snapshot
            doubtful_direction = _punch_direction(cur, settings, subject, occurred_at, live=captured_at is None,
                                                  locked=False).doubtful
        checked = presence.assess(cur, engine, settings, image=image, found=found, face=face,
                                  liveness=liveness, timer=timer)
        # An offline capture from before the matched person's first enrolled face: today's gallery named them,
        # but the photo was taken before the face it matched existed (a new hire, a re-enrollment): a human looks.
        enrolled_at = (repository.first_face_at(cur, employee_id=found.employee.id, model_id=engine.model_id)
                       if captured_at is not None and found.employee else None)
        if enrolled_at is not None and occurred_at < enrolled_at - OFFLINE_MAX_AHEAD:
            checked.reasons.append("captured_before_enrollment")
        # Nobody matched: deactivated people this photo may show (a leaver passing the kiosk), for their erasure.
        inactive = (repository.inactive_people_near(cur, model_id=engine.model_id, dimension=engine.pack.dimension,
                                                    embedding=face.vector, min_similarity=engine.verify_threshold)
                    if not found.employee and face is not None else [])
        bystanders = (identification.bystanders_in(cur, engine, settings, bystander_faces,
                                                   identified=found.employee.id if found.employee else None)
                      if bystander_faces else [])
    if found.employee and presence.another_face_close(settings, recorder.analysis):
        checked.reasons.append("multiple_faces")
    if challenge_missing:  # an offline capture the kiosk could not challenge: a human looks at it
        checked.reasons.append("challenge_missing")
    if challenge_late:  # a queued burst sent after its nonce expired: in time by the kiosk's clock only
        checked.reasons.append("challenge_late")
    if before_pairing:
        checked.reasons.append("captured_before_pairing")
    refusal: FacePassError | None = None
    if burst is not None and not burst.passed:
        checked.reasons.insert(0, "challenge_failed")
        checked.challenge = burst.as_dict()
        refusal = FacePassError("The challenge was not met: " + ", ".join(burst.failures) + ".",
                                code="challenge_failed", status=422)
    elif burst is not None:
        checked.challenge = burst.as_dict()
    if refusal is None and checked.attack and settings.liveness_policy == "block":
        refusal = FacePassError("This looks like a photo, a screen or a copy of enrollment material: "
                                "not recorded as a check.", code="presentation_attack", status=422)
    # The snapshot is stored before the transaction, so no row lock is held through an S3 round trip; it is
    # deleted again when no new row takes it (a concurrent retry, an error).
    trace_id = uuid.uuid4()
    pending = refusal is None and (bool(checked.reasons) or doubtful_direction)
    snapshot_key = (storage.review_snapshot_key(occurred_at, trace_id) if pending
                    else storage.snapshot_key(occurred_at, trace_id))
    with timer.stage("snapshot"):
        storage.put_snapshot(s3, bucket=settings.bucket, key=snapshot_key,
                             data=snapshot_jpeg(image, settings.snapshot_max_side))
    snapshot_used = committing = False
    try:
        with db.transaction() as cur:
            if idempotency_key and not repository.claim_idempotency_key(cur, scope=scope, key=idempotency_key,
                                                                       request_hash=request_hash):
                raise idempotency.KeyTaken()
            if instruction is not None:  # after the key: a duplicate of this burst waits for it and replays
                presence.spend_challenge(cur, challenge_nonce)
            if found.employee:
                # The person's lock, to the commit: two kiosks checking them at once fold into one event, and an
                # erasure (or deactivation) that committed since the search leaves no event or snapshot of theirs.
                # A withdrawal of consent keeps them active: its first step (under this lock) deletes their faces and
                # sets consent_withdrawn_at in one transaction, so the row read under the lock says it, no query more.
                person = repository.get_employee(cur, found.employee.id, lock="no key update")
                if person is None or not person["is_active"] or person["consent_withdrawn_at"] is not None:
                    raise DatabaseConflict("The person changed while the check was made; send it again.")
            else:
                # An unmatched photo may show a candidate (erasure deletes such snapshots): their lock orders this
                # row with an erasure, which then either finds the row or has made the check send again.
                active = {str(c.employee_id) for c in found.candidates if c.similarity >= engine.verify_threshold}
                for candidate_id in sorted(active | {str(row["employee_id"]) for row in inactive}):
                    candidate = repository.get_employee(cur, candidate_id, lock="key share")
                    # An active one deactivated or (its row says) withdrew their consent meanwhile; an inactive one
                    # erased meanwhile: no face of theirs left.
                    if candidate is None or (candidate_id in active and (
                            not candidate["is_active"] or candidate["consent_withdrawn_at"] is not None)) or (
                            candidate_id not in active and repository.first_face_at(
                                cur, employee_id=candidate_id, model_id=engine.model_id) is None):
                        raise DatabaseConflict("A candidate changed while the check was made; send it again.")
            # The bystanders too, as the candidates: an erasure of one either finds this row or made this resend.
            if bystanders and repository.lock_people_with_faces(
                    cur, bystanders, model_id=engine.model_id) != set(bystanders):
                raise DatabaseConflict("Someone in the photo changed while the check was made; send it again.")
            direction, direction_source = event_type, "kiosk"
            if event_type == "auto":
                # Under the person's lock: a racing kiosk's punch is decided after this one commits, and sees it.
                decided = _punch_direction(cur, settings, subject, occurred_at, live=captured_at is None,
                                           locked=found.employee is not None)
                direction, occurred_at, direction_source = decided.direction, decided.at, "auto"
                if decided.doubtful and refusal is None:
                    checked.reasons.append("direction_uncertain")
                    direction_doubt = ("pending_punch_and_turns_later" if decided.later and decided.uncertain
                                       else "turns_later" if decided.later else "pending_punch")
                # What is doubtful under the lock decides, not the guess made before it (which chose the snapshot's
                # folder): a punch whose doubt went meanwhile is not left awaiting review with no reason.
                pending = refusal is None and bool(checked.reasons)
            # A capture whose day is in a closed pay period (sent late) is recorded, awaiting
            # review: the closed timesheet's minutes stay as signed, and the review waits for a reopen.
            # Only for a capture that is recorded (a refused one moves no minute): no lock, no shift query for it.
            closed = None if refusal is not None else payroll.closed_day(
                cur, settings, found.employee.id if found.employee else subject, occurred_at)
            if closed is not None:
                checked.reasons.append(payroll.REASON)
                pending = True
            repeated, status_code = None, 201
            # A repeat (the same clean check within the window of the person's clean event) answers with that
            # event, as before, and is still stored, pointing at it: should HR reject the first (it was another
            # face), this one counts (a reassignment of the first, while it counts, takes it along: one press).
            # Only when neither is doubtful: a flagged punch is always recorded for review on its own. Only an
            # earlier event is an original: an offline capture that arrives after a later press is the first press,
            # stored as its own event (the reports count from it).
            if refusal is None and not checked.reasons and found.employee and settings.checkin_repeat_window_seconds:
                window = timedelta(seconds=settings.checkin_repeat_window_seconds)
                repeated = repository.recent_attendance(
                    cur, employee_id=found.employee.id, event_type=direction, at=occurred_at,
                    since=occurred_at - window, until=occurred_at)
                status_code = 200 if repeated else 201
            row = repository.insert_attendance(
                cur, employee_id=found.employee.id if found.employee else None, occurred_at=occurred_at,
                event_type=direction, similarity=found.similarity, trace_id=trace_id, snapshot_key=snapshot_key,
                status="rejected" if refusal else STATUS_BY_DECISION[found.decision], device_id=device_id,
                offline=captured_at is not None,
                liveness_score=checked.liveness_score, liveness_model=checked.liveness_model,
                review_state="pending" if pending else "none", review_reasons=checked.reasons,
                # An unmatched punch keeps its candidates even unflagged: erasure finds a photo that may show one.
                review_detail=_review_detail(found, checked, inactive, bystanders,
                                             evidence=bool(checked.reasons) or not found.employee,
                                             thresholds=_thresholds(settings, engine.model_id, found, checked),
                                             direction_doubt=direction_doubt),
                repeat_of=repeated["id"] if repeated else None, direction_source=direction_source)
            moving = []  # rows sent to review with their photo under snapshots/: moved after the commit
            if pending:
                # Decided doubtful only under the lock (a concurrent punch committed after the guess that put the
                # photo under snapshots/): moved as a flagged punch's.
                moving.append(snapshot_moves.plan(cur, row))
            if found.employee and refusal is None and closed is None:
                # The person's later server-decided punches this one (captured before them) turns: to review. Not
                # from a closed period: the punch counts for nothing until a review after a reopen (which reconciles).
                moving += (reconcile.flag_decided_without(cur, decided.later, row, cause="sent_late")
                           if event_type == "auto" else
                           reconcile.reconcile_later_punches(cur, settings, row, cause="sent_late"))
            # What "Not you?" may send to review, decided here on the server's clock: this press's own row, a
            # repeat's too (never the punch it repeats: that may be another face's genuine punch), while enough of
            # its window lasts. Not for a press the offline queue sent: nobody stands in front of its answer.
            live = refusal is None and captured_at is None
            target = dispute.target(row, device_id=device_id, now=row["received_at"]) if live else None
            result = RecordedCheck(event=_event(repeated or row), identification=identified,
                                   repeated=repeated is not None, dispute_event_id=target,
                                   dispute_until=dispute.until(row) if target is not None else None)
            if refusal is not None:
                # The kiosk is told which event and, for a challenge, what it missed (turn, same_person, ...); no
                # score or measure: a stolen token must not tune a picture against them. The row keeps them for HR.
                refusal.details = {"event_id": row["id"], "trace_id": str(trace_id)}
                if burst is not None and not burst.passed:
                    refusal.details["challenge"] = {"failures": list(burst.failures)}
            if idempotency_key:
                stored = ((refusal.status, refusal.to_dict()) if refusal
                          else (status_code, kiosk_answer(result).model_dump(mode="json")))
                repository.store_idempotent_response(cur, scope=scope, key=idempotency_key, status_code=stored[0],
                                                     response=stored[1])
            committing = True  # from here a lost connection leaves the outcome unknown
        snapshot_used = True  # a row took it (a repeat's too)
    except idempotency.KeyTaken:
        # A concurrent retry with the same key committed first: answer with what it stored.
        with db.transaction() as cur:
            return _replay(repository.get_idempotency_record(cur, scope=scope, key=idempotency_key), request_hash)
    except DatabaseUnavailable:
        # Dropped at the commit, perhaps after it (its answer lost): a row may hold the photo, and the resend
        # replays it. Kept; the daily cleanup deletes it if no row names it. Dropped before: nothing was written.
        snapshot_used = committing
        raise
    finally:
        if not snapshot_used:  # no row took the photo: do not keep it
            _discard_snapshot(s3, settings, snapshot_key)
    snapshot_moves.move(db, s3, settings.bucket, ids=[row_id for row_id in moving if row_id is not None])
    if refusal is not None:
        raise refusal
    return result, status_code


@dataclass
class PunchDecision:
    """The direction the server gives a punch, its time, and whether a human should see it: `uncertain` when a
    punch of the person awaiting review decided it (without that punch the direction would be the other one)."""

    direction: str
    at: datetime
    uncertain: bool = False
    # The person's server-decided punches within FACEPASS_MAX_SHIFT_HOURS after this one (an offline capture sent
    # late) whose direction it changes (reconcile.decided_differently): this punch and they go to review.
    later: list[dict] = field(default_factory=list)

    @property
    def doubtful(self) -> bool:
        """A human should see the punch (review reason direction_uncertain)."""
        return self.uncertain or bool(self.later)


def _punch_direction(cur, settings: Settings, employee_id: UUID | None, at: datetime, *, live: bool,
                     locked: bool) -> PunchDecision:
    """The direction the server gives a punch of this person at `at` (reports.punch_direction), and the punch's time.
    Decided from the person's counted punches and those awaiting review, as if they counted (a punch awaiting a
    human is most likely real: ignoring a flagged morning entry would make the day's exit an entry, and the next
    morning's entry its exit); when one of those changed the outcome, the punch is uncertain. An offline capture
    is decided from the events up to its capture time. A live one from every event stored (none is stamped more
    than OFFLINE_MAX_AHEAD ahead); under the person's lock (`locked`) it is stamped no earlier than the latest: a
    racing kiosk's punch, stamped a moment later by its clock, committed first (the lock says so), and this one must
    pair after it. Nobody to decide for: entry."""
    if employee_id is None:
        return PunchDecision("entry", at)
    longest = timedelta(hours=settings.max_shift_hours)
    double_press = timedelta(seconds=settings.checkin_repeat_window_seconds)
    end = at + OFFLINE_MAX_AHEAD if live else at + timedelta(microseconds=1)
    # Two shifts back: how the events just inside one shift pair can depend on an entry before them.
    events = repository.punches_deciding(cur, employee_id=employee_id, start=moved(at, -2 * longest), end=end)
    if live and locked and events:
        at = max(at, events[-1]["occurred_at"])
    direction = punch_direction(events, at, longest, double_press)
    counted = [event for event in events if not event["pending"]]
    uncertain = len(counted) < len(events) and punch_direction(counted, at, longest, double_press) != direction
    later = reconcile.decided_differently(cur, settings, employee_id, at,
                                          punch={"event_type": direction, "occurred_at": at, "pending": False})
    return PunchDecision(direction, at, uncertain, later)


def direction_for(cur, settings: Settings, employee_id: UUID, at: datetime) -> str:
    """The direction /punch would give this person's capture at `at` (an offline capture's rule: from their events up
    to it): a server-decided punch reassigned to them (review), decided under their lock."""
    return _punch_direction(cur, settings, employee_id, at, live=False, locked=True).direction


def _discard_snapshot(s3, settings: Settings, key: str) -> None:
    try:
        storage.delete_object(s3, bucket=settings.bucket, key=key)
    except Exception:  # the retention sweep removes it later
        logger.warning("could not remove the snapshot of a check that wrote no row", extra={"key": key})


def _thresholds(settings: Settings, model_id: str, found, checked: presence.Assessment) -> dict:
    """The cuts this check was decided by (ReviewThresholds): the reviewer reads each score against its own. The
    replay cut only when replay was the reason (else the similarity shown is no copy's)."""
    cuts = {"match_threshold": found.threshold, "gallery_size": found.gallery_size,
            "expected_fpir": found.expected_fpir, "match_margin": settings.match_margin,
            "review_margin": settings.review_margin,
            "liveness_threshold": settings.liveness_threshold if checked.liveness else None}
    if "replay" in checked.reasons:
        cuts["replay_threshold"] = presence.replay_threshold(settings, model_id)
    return cuts


def _review_detail(found, checked: presence.Assessment, inactive: list[dict] | None = None,
                   bystanders: list[str] | None = None, *, evidence: bool = True, thresholds: dict | None = None,
                   direction_doubt: str | None = None) -> dict | None:
    """What a reviewer needs beside the snapshot (evidence: a flagged or unmatched punch): ids and scores only, never
    a vector. `inactive`: deactivated people the photo may show (inactive_candidates: what their erasure looks for).
    `bystanders`: the ids of people the other faces in the photo may be, kept on any punch, for their erasure only
    (no score: nothing needs it; never shown: the face search only guessed them). `thresholds`: the cuts the scores
    were decided by (_thresholds; settings, not a face's data: an erasure leaves them); `direction_doubt`: why a
    server-decided direction is doubtful (ReviewItem.direction_doubt)."""
    if not evidence:
        return {"bystanders": bystanders} if bystanders else None
    detail = {"candidates": [{"employee_id": str(c.employee_id), "similarity": c.similarity}
                             for c in found.candidates],
              "margin": found.margin, "decision": found.decision,
              "replay_similarity": round(checked.replay_similarity, 4) if checked.replay_similarity is not None
              else None}
    if thresholds:
        detail["thresholds"] = thresholds
    if direction_doubt:
        detail["direction_doubt"] = direction_doubt
    if bystanders:
        detail["bystanders"] = bystanders
    if inactive:
        detail["inactive_candidates"] = [{"employee_id": str(row["employee_id"]),
                                          "similarity": round(float(row["similarity"]), 4)} for row in inactive]
    if checked.liveness:
        score = checked.liveness
        detail["liveness"] = {"p_live": round(score.p_live, 4), "p_print": round(score.p_print, 4),
                              "p_replay": round(score.p_replay, 4)}
    if checked.challenge:
        detail["challenge"] = checked.challenge
    return detail




def snapshot_link(db: Database, s3, settings: Settings, event_id: int, *, actor: str | None = None,
                  reach: Reach = EVERYONE) -> SnapshotLink:
    """A short-lived presigned GET of an event's snapshot while it is retained, logged (`snapshot_viewed`: who,
    `actor`, the token's user, and which event; never the key or the link). `reach`: a scoped reviewer's
    (department_scope.py) only of their departments' people's events (another's: 404 attendance_not_found)."""
    from facepass import department_scope

    with db.transaction() as cur:
        if reach.scoped:
            department_scope.require_event(cur, reach, repository.get_attendance(cur, event_id), event_id)
        row = repository.get_attendance_snapshot(cur, event_id)
    if row is None:
        raise NotFound(f"No attendance event {event_id}.", code="attendance_not_found")
    if row["entered_by"]:
        raise NotFound("A punch HR added has no snapshot.", code="snapshot_none")
    if not row["snapshot_key"]:
        raise NotFound("This event's snapshot was deleted after the retention period.", code="snapshot_expired")
    url = storage.presigned_snapshot_url(s3, bucket=settings.bucket, key=row["snapshot_key"],
                                         expires_in=storage.PHOTO_LINK_SECONDS)
    storage.log_photo_links("snapshot_viewed", actor=actor, field="event_id", ids=event_id)
    return SnapshotLink(url=url, expires_in=storage.PHOTO_LINK_SECONDS)


# --- listing ---------------------------------------------------------------------------------


def list_events(db: Database, settings: Settings, *, date_from: date | None = None, date_to: date | None = None,
                employee_id: UUID | None = None, status: str | None = None, device_id: str | None = None,
                cursor: str | None = None, limit: int = 100, review_state: str | None = None,
                counted: bool | None = None, evidence: bool = True,
                reach: Reach = EVERYONE) -> AttendancePage | PayrollAttendancePage:
    """The events of the days [date_from, date_to]: days in the report zone, or with `employee_id` that person's days
    (in their own zone, as their timesheet and daily rows are): `timezone` says which.

    `evidence`: the caller may read what the face decided (admin, reviewer: EVIDENCE_ROLES). Without it
    (payroll) the page is PayrollAttendancePage, no face-derived field, and only the punches the reports count
    (`counted` true): a punch awaiting review, rejected or refused is named after whom the face matched, and a
    refused one would read as a punch. Filtering by `status` (the face decision), or asking for the punches that do
    not count, is then 403 `forbidden`: a filter would tell what the answer leaves out.

    `reach`: a scoped reviewer (department_scope.py) lists their departments' people's events only (none nobody was
    matched to), without the people of other departments they name (department_scope.without_outside_people);
    another person's employee_id answers as an unknown person's."""
    if not evidence and (status is not None or counted is False):
        raise Forbidden("Filtering by status (the face decision), or listing punches that do not count, needs the "
                        "`facepass/admin` or `facepass/reviewer` scope.",
                        details={"scopes": [OAUTH_SCOPE_PREFIX + role for role in EVIDENCE_ROLES]})
    if not evidence:
        counted = True
    if date_from and date_to and date_from > date_to:
        raise FacePassError("date_from is after date_to.", code="invalid_date_range", status=422)
    # As the route reads them (payroll's counted=true whether asked or not), before a scoped reviewer's employee_id.
    scope = cursor_scope("GET /attendance", date_from=date_from, date_to=date_to, employee_id=employee_id,
                         status=status, review_state=review_state, counted=counted, device_id=device_id)
    after = decode_cursor(cursor, int, scope=scope) if cursor else None
    with db.transaction() as cur:
        from facepass import department_scope

        employee_id = department_scope.person_filter(cur, reach, employee_id)
        # With employee_id, the person's days: the days the reports count each event on.
        rows, zone = rows_on_days(
            cur, settings, employee_id, date_from, date_to,
            lambda start, end, after: repository.list_attendance(
                cur, start=start, end=end, employee_id=employee_id, status=status, device_id=device_id, after=after,
                limit=limit + 1, review_state=review_state, counted=counted, decision_notes=not evidence,
                departments=reach.sql),
            by_person=employee_id is not None, after=after, limit=limit)
        if reach.scoped:
            rows = department_scope.without_outside_people(cur, reach, rows)
    items = [_event(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].occurred_at, items[-1].id, scope=scope) if len(rows) > limit else None
    if not evidence:
        from facepass.review import human_note

        kept = set(PayrollAttendanceEvent.model_fields)
        # HR's words only: a forced decision's account of what it undid names whom the face had matched.
        return PayrollAttendancePage(items=[PayrollAttendanceEvent.model_validate(
            {**item.model_dump(include=kept), "note": human_note(row["decision_note"])})
            for item, row in zip(items, rows[:limit], strict=True)],
                                     next_cursor=next_cursor, timezone=zone)
    return AttendancePage(items=items, next_cursor=next_cursor, timezone=zone)


EVENT_CSV_COLUMNS = ("id", "occurred_at", "event_type", "status", "employee_id", "full_name", "similarity",
                     "device_id", "trace_id", "liveness_score", "review_state", "review_reasons", "offline",
                     "received_at", "reviewed_at", "reviewed_by", "entered_by", "repeat_of", "matched_employee_id",
                     "matched_full_name", "direction_source", "employee_number", "email")
# A PayrollAttendancePage's CSV adds, last, the note of each punch's latest human decision (its `note`).
PAYROLL_CSV_EXTRA = ("note",)
# The columns of the face's evidence (schemas.FACE_EVIDENCE_FIELDS): not in a PayrollAttendancePage's CSV.
EVENT_CSV_EVIDENCE = frozenset({"status", "similarity", "liveness_score", "review_reasons", "matched_employee_id",
                                "matched_full_name"})


def events_csv(page: AttendancePage | PayrollAttendancePage, dialect: CsvDialect = "excel") -> str:
    """The listing's page; times as the wall clock of the zone its dates are days in (page.timezone), with its
    offset. A PayrollAttendancePage's has the columns of EVENT_CSV_COLUMNS but the evidence's (the others in the
    same order), then PAYROLL_CSV_EXTRA (the decision's note)."""
    zone = page.timezone
    sheet = CsvSheet(dialect)
    columns = [name for name in EVENT_CSV_COLUMNS
               if isinstance(page, AttendancePage) or name not in EVENT_CSV_EVIDENCE]
    if isinstance(page, PayrollAttendancePage):
        columns += PAYROLL_CSV_EXTRA
    sheet.row(columns)
    cell = spreadsheet_cell
    for event in page.items:
        person = event.employee
        values = {"id": event.id, "occurred_at": wall_clock(event.occurred_at, zone), "event_type": event.event_type,
                  "employee_id": person.id if person else "", "full_name": cell(person.full_name) if person else "",
                  "device_id": cell(event.device_id or ""), "trace_id": event.trace_id,
                  "review_state": event.review_state, "offline": str(event.offline).lower(),
                  "received_at": wall_clock(event.received_at, zone),
                  "reviewed_at": wall_clock(event.reviewed_at, zone), "reviewed_by": cell(event.reviewed_by or ""),
                  "entered_by": cell(event.entered_by or ""), "repeat_of": event.repeat_of or "",
                  "direction_source": event.direction_source,
                  "employee_number": cell(person.employee_number or "") if person else "",
                  "email": cell(person.email or "") if person else ""}
        if isinstance(event, PayrollAttendanceEvent):
            values["note"] = cell(event.note or "")
        if isinstance(event, AttendanceEvent):
            matched = event.matched_employee
            values |= {"status": event.status,
                       "similarity": "" if event.similarity is None else sheet.decimal(event.similarity, 4),
                       "liveness_score": "" if event.liveness_score is None else sheet.decimal(event.liveness_score,
                                                                                               4),
                       "review_reasons": " ".join(event.review_reasons),
                       "matched_employee_id": matched.id if matched else "",
                       "matched_full_name": cell(matched.full_name) if matched else ""}
        sheet.row([values[name] for name in columns])
    return sheet.text()
