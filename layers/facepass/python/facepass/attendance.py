"""Check-in and check-out: identify, write one attendance_log row, keep a snapshot for a while.
Listing and the daily report (first in, last out, worked time)."""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import logging
import uuid
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import cv2

from facepass import identification, repository, storage
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import Conflict, FacePassError
from facepass.faces import FaceEngine, StageTimer
from facepass.faces.decoding import DecodedImage
from facepass.pagination import decode_cursor, encode_cursor
from facepass.schemas import (
    AttendanceEvent,
    AttendancePage,
    CheckResult,
    DailyAttendance,
    DailyReport,
    FaceIdentification,
    PersonRef,
    has_control_characters,
)

logger = logging.getLogger(__name__)

STATUS_BY_DECISION = {"matched": "recognized", "unknown": "unknown", "ambiguous": "ambiguous"}


def _event(row: dict) -> AttendanceEvent:
    person = PersonRef(id=row["employee_id"], full_name=row["full_name"]) if row["employee_id"] else None
    return AttendanceEvent(id=row["id"], trace_id=row["trace_id"], employee=person, event_type=row["event_type"],
                           status=row["status"], similarity=row["similarity"], occurred_at=row["occurred_at"],
                           device_id=row["device_id"], snapshot_key=row["snapshot_key"])


def snapshot_jpeg(image: DecodedImage, max_side: int) -> bytes:
    """Re-encoded, downscaled: no EXIF (GPS, device) survives, and the snapshot stays small."""
    small, _ = image.fitted(max_side)  # usually the detector's copy already
    ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise FacePassError("The snapshot could not be encoded.", code="snapshot_failed", status=500)
    return encoded.tobytes()


def _printable(value: str, max_length: int, *, min_length: int = 0) -> bool:
    return min_length <= len(value) <= max_length and not has_control_characters(value)


def _request_hash(data: bytes, event_type: str, device_id: str | None) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"|{event_type}|{device_id or ''}".encode())
    return digest.hexdigest()


def _replay(record: dict, request_hash: str) -> tuple[CheckResult, int]:
    if record["request_hash"] != request_hash:
        raise FacePassError("This Idempotency-Key was used for a different request.", code="idempotency_key_reused",
                            status=422)
    if record["response"] is None:
        raise Conflict("A request with this Idempotency-Key is still being processed.", code="request_in_progress")
    result = CheckResult.model_validate(record["response"])
    result.replayed = True
    return result, record["status_code"]


def record_check(db: Database, s3, engine: FaceEngine, settings: Settings, *, data: bytes, event_type: str,
                 device_id: str | None = None, idempotency_key: str | None = None, now: datetime | None = None,
                 timer: StageTimer | None = None) -> tuple[CheckResult, int]:
    """Identify the largest face and log the event. Returns (result, HTTP status): 201 for a new row,
    200 for a repeat within the window or a replay."""
    timer = timer or StageTimer()
    if device_id is not None and not _printable(device_id, 100):
        raise FacePassError("device_id must be printable text of at most 100 characters.", code="invalid_device_id",
                            status=422)
    if idempotency_key is not None and not _printable(idempotency_key, 200, min_length=1):
        raise FacePassError("Idempotency-Key must be 1-200 printable characters.", code="invalid_idempotency_key",
                            status=422)
    scope = f"attendance:{device_id or '-'}"
    request_hash = _request_hash(data, event_type, device_id)
    if idempotency_key:
        with db.transaction() as cur:
            record = repository.get_idempotency_record(cur, scope=scope, key=idempotency_key)
        if record:
            return _replay(record, request_hash)

    with timer.stage("decode"):
        image = engine.decode(data)
    found = identification.identify_image(db, engine, settings, image, timer=timer)
    identified = FaceIdentification.model_validate(found.model_dump(include=set(FaceIdentification.model_fields)))
    if found.decision == "retry":  # too poor to match: nothing recorded, the kiosk asks for another photo
        return CheckResult(event=None, identification=identified, repeated=False), 200
    now = now or datetime.now(UTC)
    snapshot_key = None
    try:
        with db.transaction() as cur:
            if idempotency_key and not repository.claim_idempotency_key(cur, scope=scope, key=idempotency_key,
                                                                       request_hash=request_hash):
                raise _KeyTaken()
            result, status_code = None, 201
            if found.employee and settings.checkin_repeat_window_seconds:
                recent = repository.recent_attendance(
                    cur, employee_id=found.employee.id, event_type=event_type,
                    since=now - timedelta(seconds=settings.checkin_repeat_window_seconds))
                if recent:
                    result, status_code = CheckResult(event=_event(recent), identification=identified,
                                                      repeated=True), 200
            if result is None:
                trace_id = uuid.uuid4()
                snapshot_key = storage.snapshot_key(now, trace_id)
                with timer.stage("snapshot"):
                    storage.put_object(s3, bucket=settings.bucket, key=snapshot_key,
                                       data=snapshot_jpeg(image, settings.snapshot_max_side), content_type="image/jpeg")
                row = repository.insert_attendance(
                    cur, employee_id=found.employee.id if found.employee else None, occurred_at=now,
                    event_type=event_type, similarity=found.similarity, trace_id=trace_id, snapshot_key=snapshot_key,
                    status=STATUS_BY_DECISION[found.decision], device_id=device_id)
                result = CheckResult(event=_event(row), identification=identified, repeated=False)
            if idempotency_key:
                repository.store_idempotent_response(cur, scope=scope, key=idempotency_key, status_code=status_code,
                                                     response=result.model_dump(mode="json"))
    except _KeyTaken:
        # A concurrent retry with the same key committed first: answer with what it stored.
        with db.transaction() as cur:
            return _replay(repository.get_idempotency_record(cur, scope=scope, key=idempotency_key), request_hash)
    except Exception:
        if snapshot_key:  # the row was not written: do not keep its photo
            try:
                storage.delete_object(s3, bucket=settings.bucket, key=snapshot_key)
            except Exception:  # the retention sweep removes it later
                logger.warning("could not remove the snapshot of a failed check", extra={"key": snapshot_key})
        raise
    return result, status_code


class _KeyTaken(Exception):
    pass


def decode_base64_image(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise FacePassError("`image` is not valid base64.", code="invalid_base64") from None


# --- listing and reports -----------------------------------------------------------------------


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def list_events(db: Database, settings: Settings, *, date_from: date | None = None, date_to: date | None = None,
                employee_id: UUID | None = None, status: str | None = None, device_id: str | None = None,
                cursor: str | None = None, limit: int = 100) -> AttendancePage:
    if date_from and date_to and date_from > date_to:
        raise FacePassError("date_from is after date_to.", code="invalid_date_range", status=422)
    start = day_bounds(date_from, settings.report_timezone)[0] if date_from else None
    end = day_bounds(date_to, settings.report_timezone)[1] if date_to else None
    with db.transaction() as cur:
        rows = repository.list_attendance(cur, start=start, end=end, employee_id=employee_id, status=status,
                                          device_id=device_id, after=decode_cursor(cursor, int) if cursor else None,
                                          limit=limit + 1)
    items = [_event(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].occurred_at, items[-1].id) if len(rows) > limit else None
    return AttendancePage(items=items, next_cursor=next_cursor)


def daily_report(db: Database, settings: Settings, day: date) -> DailyReport:
    """Per employee: first entry, last exit, time worked (entry->exit pairs), number of events."""
    start, end = day_bounds(day, settings.report_timezone)
    with db.transaction() as cur:
        rows = repository.recognized_events_between(cur, start=start, end=end)
    people: dict[UUID, dict] = {}
    for row in rows:
        person = people.setdefault(row["employee_id"], {
            "employee_id": row["employee_id"], "full_name": row["full_name"], "department": row["department"],
            "first_in": None, "last_out": None, "worked_seconds": 0, "events": 0, "open_entry": None})
        person["events"] += 1
        if row["event_type"] == "entry":
            person["first_in"] = person["first_in"] or row["occurred_at"]
            person["open_entry"] = person["open_entry"] or row["occurred_at"]
        else:
            person["last_out"] = row["occurred_at"]
            if person["open_entry"]:
                person["worked_seconds"] += int((row["occurred_at"] - person["open_entry"]).total_seconds())
                person["open_entry"] = None
    items = [DailyAttendance(**{k: v for k, v in person.items() if k != "open_entry"}) for person in people.values()]
    return DailyReport(date=day.isoformat(), timezone=settings.report_timezone, items=items)


def _cell(text: str) -> str:
    """Names are user input: a leading = + - @ would run as a formula in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def events_csv(page: AttendancePage) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "occurred_at", "event_type", "status", "employee_id", "full_name", "similarity",
                     "device_id", "trace_id"])
    for event in page.items:
        person = event.employee
        writer.writerow([event.id, event.occurred_at.isoformat(), event.event_type, event.status,
                         person.id if person else "", _cell(person.full_name) if person else "",
                         "" if event.similarity is None else f"{event.similarity:.4f}", _cell(event.device_id or ""),
                         event.trace_id])
    return buffer.getvalue()


def daily_csv(report: DailyReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "employee_id", "full_name", "department", "first_in", "last_out", "worked_seconds",
                     "events"])
    for item in report.items:
        writer.writerow([report.date, item.employee_id, _cell(item.full_name), _cell(item.department or ""),
                         item.first_in.isoformat() if item.first_in else "",
                         item.last_out.isoformat() if item.last_out else "", item.worked_seconds, item.events])
    return buffer.getvalue()
