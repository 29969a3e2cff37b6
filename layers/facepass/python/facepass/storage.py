"""S3 layout and operations: enrollment uploads, held photos' face crops, attendance snapshots."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from botocore.exceptions import BotoCoreError, ClientError

from facepass.errors import image_rejected

logger = logging.getLogger(__name__)

ENROLL_PREFIX = "enroll/"
SNAPSHOT_PREFIX = "snapshots/"
ALLOWED_UPLOAD_TYPES = ("image/jpeg", "image/png", "image/webp")
_ENROLL_KEY = re.compile(r"^enroll/(?P<employee>[0-9a-f-]{36})/(?P<ticket>[0-9a-f-]{36})$")


def enrollment_key(employee_id: UUID, ticket_id: UUID) -> str:
    return f"{ENROLL_PREFIX}{employee_id}/{ticket_id}"


def employee_enroll_prefix(employee_id: UUID) -> str:
    return f"{ENROLL_PREFIX}{employee_id}/"


@dataclass(frozen=True)
class EnrollmentKey:
    employee_id: UUID
    ticket_id: UUID


def parse_enrollment_key(key: str) -> EnrollmentKey | None:
    return _parse_ticket_key(_ENROLL_KEY, key)


def _parse_ticket_key(pattern: re.Pattern, key: str) -> EnrollmentKey | None:
    """The employee and ticket a key of this layout names (its groups `employee`, `ticket`); None for any other."""
    match = pattern.match(key)
    if not match:
        return None
    try:
        return EnrollmentKey(UUID(match["employee"]), UUID(match["ticket"]))
    except ValueError:
        return None


# The face crop of a photo held for HR (needs_confirmation): kept while the ticket is held, never after.
HELD_PREFIX = "held/"
_HELD_KEY = re.compile(r"^held/(?P<employee>[0-9a-f-]{36})/(?P<ticket>[0-9a-f-]{36})\.jpg$")


def held_photo_key(employee_id: UUID, ticket_id: UUID) -> str:
    return f"{HELD_PREFIX}{employee_id}/{ticket_id}.jpg"


def employee_held_prefix(employee_id: UUID) -> str:
    return f"{HELD_PREFIX}{employee_id}/"


def parse_held_photo_key(key: str) -> EnrollmentKey | None:
    """held/<employee>/<ticket>.jpg -> the ticket it belongs to; None for anything else under held/."""
    return _parse_ticket_key(_HELD_KEY, key)


def put_held_photo(s3, *, bucket: str, key: str, data: bytes) -> None:
    """A held photo's face crop (JPEG), stored with Cache-Control: no-store, as snapshots are."""
    put_object(s3, bucket=bucket, key=key, data=data, content_type="image/jpeg",
               cache_control=SNAPSHOT_PUT_CACHE_CONTROL)


def snapshot_key(occurred_at: datetime, trace_id: UUID) -> str:
    return f"{SNAPSHOT_PREFIX}{occurred_at:%Y/%m/%d}/{trace_id}.jpg"


# Snapshots of events awaiting review: their own prefix, so the bucket's lifecycle backstop can keep
# them up to FACEPASS_REVIEW_MAX_DAYS longer than the others.
REVIEW_SNAPSHOT_PREFIX = "review-snapshots/"


def review_snapshot_key(occurred_at: datetime, trace_id: UUID) -> str:
    return f"{REVIEW_SNAPSHOT_PREFIX}{occurred_at:%Y/%m/%d}/{trace_id}.jpg"


# A face snapshot must not stay in the HR browser's disk cache after the page (or the session) is gone.
SNAPSHOT_GET_CACHE_CONTROL = "no-store, private"
SNAPSHOT_PUT_CACHE_CONTROL = "no-store"


def presigned_snapshot_url(s3, *, bucket: str, key: str, expires_in: int) -> str:
    """A short-lived GET link to one snapshot, for the reviewer's browser (the bucket stays private). S3 answers it
    with Cache-Control: no-store, private (signed into the link, whatever the object's own metadata)."""
    return s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key, "ResponseCacheControl": SNAPSHOT_GET_CACHE_CONTROL},
        ExpiresIn=expires_in)


# How long a link to a face photo (a snapshot, a held photo's crop) works: a console page open a few minutes.
PHOTO_LINK_SECONDS = 300


# Who was given a link to whose face: its own logger, kept at INFO whatever the function's LogLevel sets for the other
# facepass.* loggers (an operator quieting the log must not end the record README Privacy promises).
ACCESS_LOG = logging.getLogger("facepass.access")
ACCESS_LOG.setLevel(logging.INFO)


def log_access(message: str, *, actor: str | None, field: str, ids, **extra) -> None:
    """Who was shown what about whose face: one INFO line (`message`, e.g. snapshot_viewed) on ACCESS_LOG with the
    actor and the ids (`field`: one id, or a list), never a key or a link (the log outlives the photo). The values
    are in the text too: Lambda's plain-text log format drops `extra`."""
    shown = ",".join(map(str, ids)) if isinstance(ids, list) else ids
    ACCESS_LOG.info(f"{message} actor=%s {field}=%s", actor, shown, extra={"actor": actor, field: ids, **extra})


def log_photo_links(message: str, *, actor: str | None, field: str, ids) -> None:
    """Who was given links to which face photos (log_access), with how long the links work."""
    log_access(message, actor=actor, field=field, ids=ids, expires_in=PHOTO_LINK_SECONDS)


def presigned_upload(s3, *, bucket: str, key: str, content_type: str, min_bytes: int, max_bytes: int,
                     expires_in: int) -> dict[str, Any]:
    """A presigned POST that S3 accepts only for this exact key, type and size range."""
    return s3.generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[
            {"Content-Type": content_type},
            ["content-length-range", min_bytes, max_bytes],
        ],
        ExpiresIn=expires_in,
    )


def is_missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound")


def last_modified(s3, *, bucket: str, key: str) -> datetime | None:
    """When the object was written, None when it is gone."""
    try:
        return s3.head_object(Bucket=bucket, Key=key)["LastModified"]
    except ClientError as error:
        if is_missing(error):
            return None
        raise


def read_object(s3, *, bucket: str, key: str, max_bytes: int) -> bytes | None:
    """The object's bytes, None when it is gone; refuses objects over max_bytes without reading them."""
    try:
        response = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if is_missing(error):
            return None
        raise
    length = int(response.get("ContentLength") or 0)
    body = response["Body"]
    try:
        if length > max_bytes:
            raise image_rejected("image_too_large", f"The upload has {length} bytes; the limit is {max_bytes}.")
        data = body.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise image_rejected("image_too_large", f"The upload is over {max_bytes} bytes.")
        return data
    finally:
        body.close()


def put_object(s3, *, bucket: str, key: str, data: bytes, content_type: str, cache_control: str | None = None) -> None:
    extra = {"CacheControl": cache_control} if cache_control else {}
    s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type, ServerSideEncryption="AES256", **extra)


def put_snapshot(s3, *, bucket: str, key: str, data: bytes) -> None:
    """A check's snapshot JPEG, stored with Cache-Control: no-store (any GET of it says not to keep it)."""
    put_object(s3, bucket=bucket, key=key, data=data, content_type="image/jpeg",
               cache_control=SNAPSHOT_PUT_CACHE_CONTROL)


def delete_object(s3, *, bucket: str, key: str) -> None:
    s3.delete_object(Bucket=bucket, Key=key)  # no error when already gone: deletes are idempotent


def list_keys(s3, *, bucket: str, prefix: str) -> Iterator[dict[str, Any]]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents", [])


def delete_keys(s3, *, bucket: str, keys: list[str]) -> list[str]:
    """Batched DeleteObjects (1000 a call); returns the keys S3 reports as failed."""
    failed: list[str] = []
    for start in range(0, len(keys), 1000):
        batch = keys[start:start + 1000]
        response = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
        failed += [error["Key"] for error in response.get("Errors", [])]
    return failed


def discard_held_photos(s3, *, bucket: str, keys: list[str | None]) -> list[str]:
    """After the commit that settled their tickets: the held photos' crops deleted. Best effort: the decision stands
    whatever S3 says, and the daily cleanup deletes any held/ object no held ticket names. Returns the keys left."""
    keys = sorted({key for key in keys if key})
    if not keys:
        return []
    try:
        failed = delete_keys(s3, bucket=bucket, keys=keys)
    except (ClientError, BotoCoreError):
        logger.warning("held photos could not be deleted; the daily cleanup deletes them", exc_info=True,
                       extra={"keys": keys[:20]})
        return keys
    if failed:
        logger.warning("held photos could not be deleted; the daily cleanup deletes them", extra={"keys": failed[:20]})
    return failed
