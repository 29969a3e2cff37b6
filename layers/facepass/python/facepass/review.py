"""The review queue and the audit trail: HR confirms, reassigns or rejects doubtful events, and every
change to an attendance event is appended to attendance_audit (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from facepass import repository, storage
from facepass.db import Database
from facepass.errors import Conflict, FacePassError, NotFound
from facepass.pagination import decode_cursor, encode_cursor
from facepass.schemas import (
    AttendanceEvent,
    AuditEntry,
    AuditTrail,
    CandidateOut,
    ManualEventRequest,
    ReviewItem,
    ReviewPage,
    ReviewRequest,
)

STATE_BY_ACTION = {"confirm": "confirmed", "reassign": "reassigned", "reject": "rejected"}
# What the audit keeps of an event: ids, decisions and scores. Never a vector or a photo key.
AUDITED_FIELDS = ("employee_id", "event_type", "occurred_at", "status", "similarity", "liveness_score", "review_state",
                  "review_reasons", "reviewed_by", "reviewed_at", "entered_by")


def review_item(row: dict) -> ReviewItem:
    from facepass.attendance import event_from_row

    detail = row.get("review_detail") or {}
    return ReviewItem(
        **event_from_row(row).model_dump(),
        candidates=[CandidateOut(employee_id=c["employee_id"], similarity=c["similarity"])
                    for c in detail.get("candidates", [])],
        margin=detail.get("margin"), replay_similarity=detail.get("replay_similarity"))


SNAPSHOT_LINK_SECONDS = 300


def list_reviews(db: Database, *, state: str = "pending", cursor: str | None = None, limit: int = 50, s3=None,
                 bucket: str | None = None) -> ReviewPage:
    """The queue, oldest first. With an S3 client, each item links to its snapshot for a few minutes."""
    with db.transaction() as cur:
        rows = repository.list_reviews(cur, state=state, after=decode_cursor(cursor, int) if cursor else None,
                                       limit=limit + 1)
        pending_total = repository.count_pending_reviews(cur)
    items = [review_item(row) for row in rows[:limit]]
    if s3 is not None and bucket:
        for item in items:
            if item.snapshot_key:
                item.snapshot_url = storage.presigned_snapshot_url(s3, bucket=bucket, key=item.snapshot_key,
                                                                   expires_in=SNAPSHOT_LINK_SECONDS)
    next_cursor = encode_cursor(items[-1].occurred_at, items[-1].id) if len(rows) > limit else None
    return ReviewPage(items=items, next_cursor=next_cursor, pending_total=pending_total)


def _audited(row: dict) -> dict:
    values = {}
    for name in AUDITED_FIELDS:
        value = row.get(name)
        if isinstance(value, UUID):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        values[name] = value
    return values


def _require_actor(actor: str | None) -> None:
    """Every change to an attendance record names who made it (the audit trail)."""
    if not actor:
        raise FacePassError("The token has no subject (`sub`): changes must say who made them.",
                            code="reviewer_unknown", status=403)


def review_event(db: Database, event_id: int, request: ReviewRequest, *, actor: str | None) -> ReviewItem:
    """Apply a reviewer's decision to one event and append the audit row, in one transaction."""
    _require_actor(actor)
    with db.transaction() as cur:
        row = repository.get_attendance(cur, event_id, for_update=True)
        if row is None:
            raise NotFound(f"No attendance event {event_id}.", code="attendance_not_found")
        employee_id = row["employee_id"]
        if request.action == "reassign":
            # The lock a deactivation or an erasure takes too: one committing meanwhile is seen here (and one that
            # comes later waits for this review, then finds its row).
            employee = repository.get_employee(cur, request.employee_id, lock="no key update")
            if employee is None:
                raise NotFound(f"No employee {request.employee_id}.", code="employee_not_found")
            if not employee["is_active"]:
                raise Conflict("That employee is deactivated.", code="employee_inactive")
            employee_id = request.employee_id
        elif request.action == "confirm" and employee_id is None:
            raise Conflict("Nobody was identified in this event: reassign it to the right employee instead.",
                           code="review_needs_employee")
        updated = repository.apply_review(cur, event_id, review_state=STATE_BY_ACTION[request.action],
                                          employee_id=employee_id, reviewed_by=actor)
        repository.insert_audit(cur, attendance_id=event_id, action=request.action, actor=actor, note=request.note,
                                before=_audited(row), after=_audited(updated))
    return review_item(updated)


def add_event(db: Database, request: ManualEventRequest, *, actor: str | None,
              now: datetime | None = None) -> AttendanceEvent:
    """A punch HR enters by hand, with its reason: counted like a confirmed one, marked entered_by, and an 'add'
    row in the audit trail, in one transaction. Any employee, deactivated ones included (a leaver's last day)."""
    from facepass.attendance import OFFLINE_MAX_AHEAD, event_from_row  # the same allowance for a clock ahead

    _require_actor(actor)
    if request.occurred_at.tzinfo is None:
        raise FacePassError("occurred_at needs a time zone offset (RFC 3339, e.g. 2026-11-23T17:30:00+01:00).",
                            code="occurred_at_invalid", status=422)
    if request.occurred_at > (now or datetime.now(UTC)) + OFFLINE_MAX_AHEAD:
        raise FacePassError("occurred_at is in the future.", code="occurred_at_invalid", status=422)
    with db.transaction() as cur:
        if repository.get_employee(cur, request.employee_id, lock="no key update") is None:
            raise NotFound(f"No employee {request.employee_id}.", code="employee_not_found")
        row = repository.insert_manual_attendance(cur, employee_id=request.employee_id,
                                                  occurred_at=request.occurred_at.astimezone(UTC),
                                                  event_type=request.event_type, actor=actor)
        repository.insert_audit(cur, attendance_id=row["id"], action="add", actor=actor, note=request.note,
                                before={}, after=_audited(row))
    return event_from_row(row)


def audit_trail(db: Database, event_id: int) -> AuditTrail:
    with db.transaction() as cur:
        if repository.get_attendance(cur, event_id) is None:
            raise NotFound(f"No attendance event {event_id}.", code="attendance_not_found")
        rows = repository.list_audit(cur, event_id)
    return AuditTrail(attendance_id=event_id, items=[AuditEntry(**row) for row in rows])
