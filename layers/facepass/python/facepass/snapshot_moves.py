"""A recorded punch sent back to review keeps its photo under review-snapshots/ (kept FACEPASS_REVIEW_MAX_DAYS beyond
retention; snapshots/ goes at retention, and the bucket's backstop deletes it at SnapshotBackstopDays): the object is
moved there after the commit that sent it to review.

Each step leaves the row naming every object of its photo (snapshot_key, snapshot_moving_key), so an erasure or the
retention finds and deletes both, and the row never points at nothing: the copy's key is named before the copy (the
commit that plans the move), the row points at the copy only once it exists, and the old key is forgotten only once
it is deleted. Every step is idempotent: the daily cleanup finishes a move S3 interrupted, and may run twice."""

from __future__ import annotations

import logging
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError

from facepass import repository, storage
from facepass.db import Database
from facepass.errors import FacePassError

logger = logging.getLogger(__name__)


def review_key_of(key: str) -> str | None:
    """The review-snapshots/ key of a snapshots/ key (the same day partition and name); None for any other key."""
    if not key.startswith(storage.SNAPSHOT_PREFIX):
        return None
    return storage.REVIEW_SNAPSHOT_PREFIX + key.removeprefix(storage.SNAPSHOT_PREFIX)


def plan(cur, row: dict) -> int | None:
    """In the transaction that sends `row` (an attendance row, pending) to review: its photo's move planned when it
    is under snapshots/. Returns the row's id to move after the commit (move), None when there is nothing to move."""
    target = review_key_of(row.get("snapshot_key") or "")
    if target is None or not repository.plan_snapshot_move(cur, row["id"], source=row["snapshot_key"],
                                                           target=target):
        return None
    return row["id"]


def move(db: Database, s3, bucket: str, *, ids: list[int] | None = None, since: datetime | None = None) -> list[int]:
    """The moves under way of these rows (or of the rows of `since` on), carried to their end. Returns the ids whose
    move S3 or the database interrupted (left for the next try: the daily cleanup); logged, never raised."""
    if ids == []:
        return []
    with db.reading() as cur:
        rows = repository.snapshot_moves(cur, ids=ids, since=since)
    unfinished = []
    for row in rows:
        try:
            _finish(db, s3, bucket, row)
        except (ClientError, BotoCoreError, FacePassError):  # the database too: the caller's change is committed
            logger.warning("a snapshot's move to review-snapshots/ was interrupted; the daily cleanup finishes it",
                           extra={"attendance_id": row["id"]}, exc_info=True)
            unfinished.append(row["id"])
    return unfinished


def _finish(db: Database, s3, bucket: str, row: dict) -> None:
    attendance_id, other = row["id"], row["snapshot_moving_key"]
    if not row["snapshot_key"].startswith(storage.REVIEW_SNAPSHOT_PREFIX):  # not copied yet (or not known to be)
        source, target = row["snapshot_key"], other
        try:
            s3.copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": source},
                           ServerSideEncryption="AES256", MetadataDirective="COPY")
        except ClientError as error:
            if not storage.is_missing(error):
                raise
            if storage.last_modified(s3, bucket=bucket, key=target) is None:
                # The photo is gone (retention, the backstop, an erasure): nothing to move.
                with db.transaction() as cur:
                    repository.end_snapshot_move(cur, attendance_id, other=target)
                return
            # Copied by an earlier try, the source deleted since: the copy is the photo.
        with db.transaction() as cur:
            pointed = repository.point_at_moved_snapshot(cur, attendance_id, source=source, target=target)
            named = pointed or repository.names_snapshot(cur, attendance_id, target)
        if not named:  # an erasure or the retention forgot the photo meanwhile: the copy must not outlive it
            storage.delete_object(s3, bucket=bucket, key=target)
            return
        if not pointed:  # another run pointed the row at the copy meanwhile, and deletes the source
            return
        other = source
    storage.delete_object(s3, bucket=bucket, key=other)
    with db.transaction() as cur:
        repository.end_snapshot_move(cur, attendance_id, other=other)
