"""What must outlive a database restore: the erasures, withdrawals of biometric consent, device revocations,
(de)activations of employees, changes of their time zones, device re-pairings and removals of one enrolled face made,
small objects in the photo bucket (ids, times and a state only, no personal data). Restoring the database from a
backup brings back what it held then: an erased person's faces, a revoked kiosk's token, a deactivated person active
again, a zone changed back, a re-paired tablet's old token, a stranger's face HR took off a person's record (they could
check in as that person again). The daily cleanup replays the ledger over it. Each kind is read by listing its prefix
only (the cleanup may list the bucket, not read its objects).

An erasure, a withdrawal, a revocation and a face's removal are written before their database change (if the answer
is lost, the cleanup makes the change again: the safe side). A (de)activation, a change of zone and a re-pairing are
written after their commit, with the time the row was stamped with: one the admin was told failed is never replayed,
and one whose write failed is written by the cleanup from the row (it keeps that time)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote
from uuid import UUID

from botocore.exceptions import BotoCoreError, ClientError

from facepass import storage
from facepass.errors import FacePassError

ERASURE_PREFIX = "erasures/"
REVOCATION_PREFIX = "revocations/"
# A withdrawal of biometric consent by a person who stays employed: the erasure's biometric part, replayed without its
# deactivation. withdrawals/<employee_id>.json, written before the database change as an erasure's (the latest
# withdrawal overwrites an earlier one: a restore to between them is behind the latest).
WITHDRAWAL_PREFIX = "withdrawals/"
# One object per re-pairing, never overwritten: repairings/<device_id>/<UTC time>.json (the time in the key, as for
# activity/: the cleanup may write one long after the re-pairing). repairings/<device_id>.json: written before that
# (its time the object's LastModified), still read.
REPAIRING_PREFIX = "repairings/"
# One object per change of a person's is_active, never overwritten: activity/<employee_id>/<UTC time>-<state>, the
# time to the microsecond in the key (S3's LastModified is whole seconds: a deactivation and the reactivation that
# undid it could share one), so the latest is known from the listing alone.
ACTIVITY_PREFIX = "activity/"
_ACTIVITY_TIME = "%Y%m%dT%H%M%S.%fZ"
# One object per change of a person's time zone, never overwritten: timezones/<employee_id>/<UTC time>-<zone>.json,
# the time the zone holds from (its employee_time_zones row's valid_from) and the zone percent-encoded in the key
# (an IANA name has slashes; empty: none, the report zone): the listing alone says every change.
TIMEZONE_PREFIX = "timezones/"
# One object per face removed: face-removals/<employee_id>/<face id>-<UTC time it was enrolled>.json. The enrolment
# time tells the face from another one given the same id after a restore (the id sequence is restored too).
FACE_REMOVAL_PREFIX = "face-removals/"


@dataclass(frozen=True)
class Entry:
    subject: UUID  # the employee erased (or who withdrew), or the device revoked or re-paired
    # An erasure or a revocation: by when the ledger learned it (before its database change); a re-pairing: the time
    # stamped in its row (an entry from before migration 0015: by when the ledger learned it, before the commit).
    at: datetime


def record_erasure(s3, *, bucket: str, employee_id: UUID) -> None:
    _record(s3, bucket, f"{ERASURE_PREFIX}{employee_id}.json",
            {"employee_id": str(employee_id), "recorded_at": datetime.now(UTC).isoformat()})


def record_withdrawal(s3, *, bucket: str, employee_id: UUID) -> None:
    _record(s3, bucket, f"{WITHDRAWAL_PREFIX}{employee_id}.json",
            {"employee_id": str(employee_id), "recorded_at": datetime.now(UTC).isoformat()})


def record_revocation(s3, *, bucket: str, device_id: UUID) -> None:
    _record(s3, bucket, f"{REVOCATION_PREFIX}{device_id}.json",
            {"device_id": str(device_id), "recorded_at": datetime.now(UTC).isoformat()})


@dataclass(frozen=True)
class RemovedFace:
    employee_id: UUID
    face_id: int
    enrolled_at: datetime  # face_embeddings.created_at: with the id, which face


def record_face_removal(s3, *, bucket: str, employee_id: UUID, face_id: int, enrolled_at: datetime) -> str:
    """HR removes the person's face `face_id` (enrolled at `enrolled_at`), before the database change. Returns the
    key written."""
    enrolled_at = enrolled_at.astimezone(UTC)
    return _record(s3, bucket, f"{FACE_REMOVAL_PREFIX}{employee_id}/{face_id}-{enrolled_at.strftime(_ACTIVITY_TIME)}"
                               ".json",
                   {"employee_id": str(employee_id), "face_id": face_id, "enrolled_at": enrolled_at.isoformat(),
                    "recorded_at": datetime.now(UTC).isoformat()})


def face_removals(s3, *, bucket: str) -> list[RemovedFace]:
    """Every face removal recorded."""
    removals = []
    for item in storage.list_keys(s3, bucket=bucket, prefix=FACE_REMOVAL_PREFIX):
        person, _, name = item["Key"][len(FACE_REMOVAL_PREFIX):].removesuffix(".json").partition("/")
        face_id, _, stamp = name.partition("-")
        try:
            removals.append(RemovedFace(UUID(person), int(face_id),
                                        datetime.strptime(stamp, _ACTIVITY_TIME).replace(tzinfo=UTC)))
        except ValueError:  # not a name this module writes
            continue
    return removals


def record_repairing(s3, *, bucket: str, device_id: UUID, at: datetime) -> str:
    """A device re-paired at `at` (its row's repaired_at): its token from before then must not work again. Returns
    the key written."""
    at = at.astimezone(UTC)
    return _record(s3, bucket, f"{REPAIRING_PREFIX}{device_id}/{at.strftime(_ACTIVITY_TIME)}.json",
                   {"device_id": str(device_id), "repaired_at": at.isoformat()})


@dataclass(frozen=True)
class ActivityChange:
    employee_id: UUID
    active: bool  # the state set
    at: datetime  # when: the time stamped in the row (employees.activity_changed_at)


def record_activity(s3, *, bucket: str, employee_id: UUID, active: bool, at: datetime) -> str:
    """A change of the person's is_active to `active` at `at` (its row's activity_changed_at). Returns the key."""
    at = at.astimezone(UTC)
    return _record(s3, bucket,
                   f"{ACTIVITY_PREFIX}{employee_id}/{at.strftime(_ACTIVITY_TIME)}-{'active' if active else 'inactive'}"
                   ".json", {"employee_id": str(employee_id), "active": active, "recorded_at": at.isoformat()})


@dataclass(frozen=True)
class ZoneChange:
    employee_id: UUID
    zone: str | None  # the zone set (None: the report zone)
    at: datetime  # when: the time it holds from (employee_time_zones.valid_from)


def record_zone(s3, *, bucket: str, employee_id: UUID, zone: str | None, at: datetime) -> str:
    """A change of the person's time zone to `zone` at `at` (its history row's valid_from). Returns the key."""
    at = at.astimezone(UTC)
    return _record(s3, bucket,
                   f"{TIMEZONE_PREFIX}{employee_id}/{at.strftime(_ACTIVITY_TIME)}-{quote(zone or '', safe='')}.json",
                   {"employee_id": str(employee_id), "timezone": zone, "recorded_at": at.isoformat()})


def zone_changes(s3, *, bucket: str) -> dict[UUID, list[ZoneChange]]:
    """Per person in the ledger, every change of time zone recorded, oldest first."""
    changes: dict[UUID, list[ZoneChange]] = {}
    for item in storage.list_keys(s3, bucket=bucket, prefix=TIMEZONE_PREFIX):
        change = _zone_change(item["Key"][len(TIMEZONE_PREFIX):])
        if change is not None:
            changes.setdefault(change.employee_id, []).append(change)
    return {person: sorted(found, key=lambda change: change.at) for person, found in changes.items()}


def _zone_change(name: str) -> ZoneChange | None:
    """<employee_id>/<time>-<zone>.json -> the change; None for a name this module does not write. The time has no
    "-": the first one ends it (a zone may hold one, Etc/GMT-5)."""
    person, _, rest = name.partition("/")
    stamp, dash, zone = rest.removesuffix(".json").partition("-")
    try:
        at = datetime.strptime(stamp, _ACTIVITY_TIME).replace(tzinfo=UTC)
        return ZoneChange(UUID(person), unquote(zone) or None, at) if dash else None
    except ValueError:
        return None


def record_after_commit(write: Callable[[], str], *, log: logging.Logger, failure: str,
                        subject: dict[str, str]) -> str | None:
    """A ledger write for a change already committed (a (de)activation, a re-pairing): the change stands whatever S3
    answers. Returns the key written; on an S3 failure logs `failure` as an error with the subject and returns None
    (the daily cleanup writes the entry from the row)."""
    try:
        return write()
    except (ClientError, BotoCoreError):
        log.exception(failure, extra=subject)
        return None


def latest_activity(s3, *, bucket: str) -> list[ActivityChange]:
    """Per person in the ledger, the last change of is_active recorded."""
    latest: dict[UUID, ActivityChange] = {}
    for item in storage.list_keys(s3, bucket=bucket, prefix=ACTIVITY_PREFIX):
        change = _activity_change(item["Key"][len(ACTIVITY_PREFIX):])
        if change is not None and (change.employee_id not in latest or change.at > latest[change.employee_id].at):
            latest[change.employee_id] = change
    return list(latest.values())


def _activity_change(name: str) -> ActivityChange | None:
    """<employee_id>/<time>-<state>.json -> the change; None for a name this module does not write."""
    person, _, stamp = name.partition("/")
    stamp, _, state = stamp.removesuffix(".json").rpartition("-")
    try:
        at = datetime.strptime(stamp, _ACTIVITY_TIME).replace(tzinfo=UTC)
        return ActivityChange(UUID(person), {"active": True, "inactive": False}[state], at)
    except (ValueError, KeyError):
        return None


def unrecorded() -> FacePassError:
    """A change recorded before its database change (a revocation, a face's removal): S3 refused it, nothing was
    changed."""
    return FacePassError("The change could not be recorded; nothing was changed: try again.",
                         code="ledger_unavailable", status=503)


def erasures(s3, *, bucket: str) -> list[Entry]:
    return _entries(s3, bucket, ERASURE_PREFIX)


def withdrawals(s3, *, bucket: str) -> list[Entry]:
    return _entries(s3, bucket, WITHDRAWAL_PREFIX)


def revocations(s3, *, bucket: str) -> list[Entry]:
    return _entries(s3, bucket, REVOCATION_PREFIX)


def repairings(s3, *, bucket: str) -> list[Entry]:
    """Per device in the ledger, its last re-pairing recorded."""
    latest: dict[UUID, datetime] = {}
    for item in storage.list_keys(s3, bucket=bucket, prefix=REPAIRING_PREFIX):
        entry = _repairing(item)
        if entry is not None and (entry.subject not in latest or entry.at > latest[entry.subject]):
            latest[entry.subject] = entry.at
    return [Entry(device_id, at) for device_id, at in latest.items()]


def _repairing(item: dict) -> Entry | None:
    """<device_id>/<time>.json, or the older <device_id>.json (LastModified + 1 s) -> the entry; None for a name this
    module does not write."""
    device, _, stamp = item["Key"][len(REPAIRING_PREFIX):].removesuffix(".json").partition("/")
    try:
        if not stamp:
            return Entry(UUID(device), item["LastModified"] + timedelta(seconds=1))
        return Entry(UUID(device), datetime.strptime(stamp, _ACTIVITY_TIME).replace(tzinfo=UTC))
    except ValueError:
        return None


def _record(s3, bucket: str, key: str, body: dict) -> str:
    """Every ledger object: ids, times and a state as JSON. Returns its key."""
    storage.put_object(s3, bucket=bucket, key=key, data=json.dumps(body).encode(), content_type="application/json")
    return key


def _entries(s3, bucket: str, prefix: str) -> list[Entry]:
    entries = []
    for item in storage.list_keys(s3, bucket=bucket, prefix=prefix):
        name = item["Key"][len(prefix):].removesuffix(".json")
        try:
            # LastModified is whole seconds, cut down: the write came before this.
            entries.append(Entry(UUID(name), item["LastModified"] + timedelta(seconds=1)))
        except ValueError:  # not one of ours: the ledger's prefix is written by this module only
            continue
    return entries
