"""What must outlive a database restore: the erasures and device revocations made, one small object each in the
photo bucket (ids and times only, no personal data). Restoring the database from a backup brings back what it held
then: an erased person's faces, a revoked kiosk's token. The daily cleanup replays the ledger over it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from facepass import storage

ERASURE_PREFIX = "erasures/"
REVOCATION_PREFIX = "revocations/"


@dataclass(frozen=True)
class Entry:
    subject: UUID  # the employee erased, or the device revoked
    at: datetime  # by when the ledger learned it (an erasure: before its database change; a revocation: after)


def record_erasure(s3, *, bucket: str, employee_id: UUID) -> None:
    _record(s3, bucket, f"{ERASURE_PREFIX}{employee_id}.json", {"employee_id": str(employee_id)})


def record_revocation(s3, *, bucket: str, device_id: UUID) -> None:
    _record(s3, bucket, f"{REVOCATION_PREFIX}{device_id}.json", {"device_id": str(device_id)})


def erasures(s3, *, bucket: str) -> list[Entry]:
    return _entries(s3, bucket, ERASURE_PREFIX)


def revocations(s3, *, bucket: str) -> list[Entry]:
    return _entries(s3, bucket, REVOCATION_PREFIX)


def _record(s3, bucket: str, key: str, body: dict) -> None:
    body = {**body, "recorded_at": datetime.now(UTC).isoformat()}
    storage.put_object(s3, bucket=bucket, key=key, data=json.dumps(body).encode(), content_type="application/json")


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
