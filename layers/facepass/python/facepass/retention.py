"""Retention (the daily cleanup) and erasure (right to be forgotten).

Both delete S3 objects before they forget the keys in PostgreSQL: a crash half-way leaves keys
that point at nothing yet, and the rerun deletes again (deletes are idempotent) and finishes.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from time import monotonic, sleep
from typing import Any
from uuid import UUID

from botocore.exceptions import BotoCoreError, ClientError

from facepass import console_users, employees, ledger, repository, self_service, snapshot_moves, storage
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.database_logs import database_log_exposures
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.lifecycle import bucket_lifecycle_problems
from facepass.schemas import ErasureResult

logger = logging.getLogger(__name__)

UNOWNED_UPLOAD_GRACE = timedelta(minutes=15)
# A held photo's crop is written just before the transaction that holds its ticket commits: one no held ticket names
# is a leftover only once older than this (as an unowned upload).
HELD_PHOTO_GRACE = UNOWNED_UPLOAD_GRACE
# VACUUM's bounds: the erasure answers an API call (29 s), the cleanup has 300 s. A VACUUM cut short is done by the
# next cleanup (and autovacuum).
ERASURE_VACUUM_TIMEOUT = timedelta(seconds=10)
CLEANUP_VACUUM_TIMEOUT = timedelta(minutes=2)
VACUUM_ATTEMPTS, VACUUM_RETRY_PAUSE = 3, 0.5  # seconds between attempts while dead rows remain


@dataclass
class CleanupReport:
    dry_run: bool
    snapshot_cutoff: str
    snapshots_deleted: int = 0
    snapshot_rows_cleared: int = 0
    orphan_snapshots_deleted: int = 0  # photos of checks that wrote no row, in partitions retention still keeps
    # Photos of punches sent back to review whose move to review-snapshots/ S3 had interrupted: finished now (ids).
    # Normally none; a move that fails again is tried at the next run.
    snapshot_moves_finished: list[int] = field(default_factory=list)
    snapshot_moves_unfinished: list[int] = field(default_factory=list)
    # People and devices whose erasure, revocation, deactivation, reactivation or re-pairing the database had lost (a
    # restore): ids, normally none. A re-pairing replayed stops the token the restore brought back.
    erasures_replayed: list[str] = field(default_factory=list)
    # People whose withdrawal of biometric consent (an erasure keeping them active) the database had lost: made again,
    # without deactivating them. One failing again is in erasures_failed.
    withdrawals_replayed: list[str] = field(default_factory=list)
    revocations_replayed: list[str] = field(default_factory=list)
    deactivations_replayed: list[str] = field(default_factory=list)
    reactivations_replayed: list[str] = field(default_factory=list)
    repairings_replayed: list[str] = field(default_factory=list)
    zones_replayed: list[str] = field(default_factory=list)  # people whose time zone changes were set again
    # Faces HR removed that a restore brought back onto the person's record: removed again ("<employee_id>/<face
    # id>"); those S3 stopped (their upload's delete) are tried at the next run.
    faces_removed_again: list[str] = field(default_factory=list)
    face_removals_failed: list[str] = field(default_factory=list)
    # Ledger entries the cleanup wrote from the database (activity/ and repairings/ keys): changes committed whose
    # own write to the ledger failed. Normally none.
    ledger_entries_written: list[str] = field(default_factory=list)
    # Of those, the ones S3 refused again (employee or device ids): a restore would undo these changes. Alarmed.
    ledger_writes_failed: list[str] = field(default_factory=list)
    # Replayed and failed again (S3): tried next run. Erasures and withdrawals of consent alike.
    erasures_failed: list[str] = field(default_factory=list)
    enrollment_objects_deleted: int = 0
    untrusted_uploads_deleted: int = 0  # of those: objects under enroll/ that no open ticket owns
    stale_tickets_deleted: int = 0
    embeddings_deleted: int = 0
    idempotency_keys_deleted: int = 0
    # Console users unseen for console_users.SIGN_IN_RETENTION_DAYS (400): their last sign-in forgotten.
    console_users_forgotten: int = 0
    confirmations_expired: int = 0  # suspected duplicates nobody confirmed: embedding deleted
    # Face crops of held photos (held/) deleted: the expired holds' and the leftovers (a dry run: leftovers only).
    held_photos_deleted: int = 0
    # Of those, the leftovers: held/ objects no held ticket names, older than HELD_PHOTO_GRACE (a decision whose
    # delete S3 failed, a hold whose transaction never committed, an erasure's). Normally none.
    orphan_held_photos_deleted: int = 0
    # Kept gallery sizes that differed from a count of the faces ({model: [kept, counted]}); empty unless a bug.
    gallery_sizes_corrected: dict[str, list[int]] = field(default_factory=dict)
    failed_keys: list[str] = field(default_factory=list)
    # The bucket's lifecycle rules that would delete snapshots before retention ends (facepass.lifecycle).
    lifecycle_problems: list[str] = field(default_factory=list)
    # The database's log settings under which PostgreSQL would log statements with face vectors
    # (facepass.database_logs): what to set instead. The operator's RDS parameter group; normally none.
    database_log_exposures: list[str] = field(default_factory=list)
    # The embedding tables were vacuumed after the deletions (None: a dry run); False is logged as an error.
    vacuumed: bool | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _snapshot_day(prefix: str) -> date | None:
    """snapshots/YYYY/MM/DD/ -> the date, else None."""
    parts = prefix.strip("/").split("/")
    try:
        return date(int(parts[1]), int(parts[2]), int(parts[3])) if len(parts) == 4 else None
    except ValueError:
        return None


def _common_prefixes(s3, bucket: str, prefix: str) -> list[str]:
    prefixes = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix, Delimiter="/"):
        prefixes += [item["Prefix"] for item in page.get("CommonPrefixes", [])]
    return prefixes


def snapshot_partitions(s3, bucket: str, *, prefix: str = storage.SNAPSHOT_PREFIX) -> list[tuple[date, str]]:
    """The day partitions (day, prefix), found by walking years, months, days (no full listing)."""
    partitions = []
    for year in _common_prefixes(s3, bucket, prefix):
        for month in _common_prefixes(s3, bucket, year):
            for day in _common_prefixes(s3, bucket, month):
                parsed = _snapshot_day(day)
                if parsed is not None:
                    partitions.append((parsed, day))
    return partitions


def expired_snapshot_prefixes(s3, bucket: str, cutoff_day: date, *, prefix: str = storage.SNAPSHOT_PREFIX) -> list[str]:
    """Day partitions strictly before cutoff_day."""
    return [day for parsed, day in snapshot_partitions(s3, bucket, prefix=prefix) if parsed < cutoff_day]


# A check writes its snapshot just before its row's transaction; one no row names after this long is an orphan (the
# function stopped between the two, or a commit's answer was lost and the row never came).
ORPHAN_SNAPSHOT_AGE = timedelta(hours=1)


def orphan_snapshot_keys(db: Database, s3, bucket: str, *, now: datetime, kept_from: dict[str, date]) -> list[str]:
    """Snapshots in the partitions retention keeps (from `kept_from[prefix]` on; the older ones go whole) that no
    attendance row names: no erasure could find them (no row links them to a person), so they go now instead of at
    retention."""
    older_than = now - ORPHAN_SNAPSHOT_AGE
    days, listed = [], []
    for prefix, first_day in kept_from.items():
        for day, partition in snapshot_partitions(s3, bucket, prefix=prefix):
            if day >= first_day:
                days.append(day)
                listed += [item["Key"] for item in storage.list_keys(s3, bucket=bucket, prefix=partition)
                           if item["LastModified"] < older_than]
    if not listed:
        return []
    with db.reading() as cur:  # a snapshot's partition is its event's UTC day: the rows from the first one
        named = repository.named_snapshot_keys(cur, listed,
                                               since=datetime.combine(min(days), time.min, tzinfo=UTC))
    return sorted(set(listed) - named)


def leftover_held_photos(db: Database, s3, bucket: str, *, now: datetime) -> list[str]:
    """held/ objects older than HELD_PHOTO_GRACE that no ticket held for an admin names (anything else under held/
    too): a held photo's crop is kept only while its ticket is held."""
    older = [item["Key"] for item in storage.list_keys(s3, bucket=bucket, prefix=storage.HELD_PREFIX)
             if item["LastModified"] < now - HELD_PHOTO_GRACE]
    if not older:
        return []
    with db.reading() as cur:
        named = repository.held_photo_keys_named(cur, older)
    return sorted(set(older) - named)


def run_cleanup(db: Database, s3, settings: Settings, *, now: datetime | None = None,
                dry_run: bool = False) -> CleanupReport:
    now = now or datetime.now(UTC)
    # Whole UTC days: snapshots live between `retention` and `retention + 1` days (the bucket's
    # lifecycle rule at retention days is the backstop).
    cutoff_day = (now - timedelta(days=settings.snapshot_retention_days)).date()
    cutoff = datetime.combine(cutoff_day, time.min, tzinfo=UTC)
    # Events awaiting review keep their snapshot up to review_max_days longer; then retention wins.
    review_cutoff_day = cutoff_day - timedelta(days=settings.review_max_days)
    review_cutoff = datetime.combine(review_cutoff_day, time.min, tzinfo=UTC)
    report = CleanupReport(dry_run=dry_run, snapshot_cutoff=cutoff.isoformat())
    bucket = settings.bucket
    report.lifecycle_problems = bucket_lifecycle_problems(s3, bucket, settings)
    with db.reading() as cur:
        report.database_log_exposures = database_log_exposures(cur)

    # 0. The erasures, face removals, revocations, (de)activations and re-pairings a database restore undid
    # (facepass.ledger): made again first.
    if not dry_run:
        replay_ledger(db, s3, settings, report)

    # 1a. The moves to review-snapshots/ of flagged punches' photos that S3 interrupted (snapshot_moves): finished
    # before snapshots/ partitions go whole. Only rows whose photo retention still keeps.
    with db.reading() as cur:
        moves = [row["id"] for row in repository.snapshot_moves(cur, since=review_cutoff)]
    if moves and not dry_run:
        report.snapshot_moves_unfinished = snapshot_moves.move(db, s3, bucket, ids=moves)
        report.snapshot_moves_finished = sorted(set(moves) - set(report.snapshot_moves_unfinished))
    # 1. Snapshots: the keys the log knows, plus any orphan in an expired day partition.
    with db.transaction() as cur:
        keys = set(repository.expired_snapshot_keys(cur, before=cutoff, pending_before=review_cutoff))
        # A photo whose move failed again stays where it is (in an expired partition) until its row expires.
        keep = ({row["snapshot_key"] for row in repository.snapshot_moves(cur, ids=report.snapshot_moves_unfinished)}
                - keys if report.snapshot_moves_unfinished else set())
    for prefix in expired_snapshot_prefixes(s3, bucket, cutoff_day) + expired_snapshot_prefixes(
            s3, bucket, review_cutoff_day, prefix=storage.REVIEW_SNAPSHOT_PREFIX):
        keys |= {item["Key"] for item in storage.list_keys(s3, bucket=bucket, prefix=prefix)} - keep
    report.snapshots_deleted = len(keys)
    if not dry_run:
        report.failed_keys += storage.delete_keys(s3, bucket=bucket, keys=sorted(keys))
        deleted = sorted(keys - set(report.failed_keys))
        with db.transaction() as cur:  # only the keys deleted: a row that became eligible meanwhile waits
            report.snapshot_rows_cleared = repository.clear_deleted_snapshot_keys(cur, deleted)
    else:
        with db.transaction() as cur:
            report.snapshot_rows_cleared = len(repository.expired_snapshot_keys(cur, before=cutoff,
                                                                                pending_before=review_cutoff))

    # 1b. Orphans in the partitions kept (a check that wrote its photo and no row).
    kept_from = {storage.SNAPSHOT_PREFIX: cutoff_day, storage.REVIEW_SNAPSHOT_PREFIX: review_cutoff_day}
    orphans = orphan_snapshot_keys(db, s3, bucket, now=now, kept_from=kept_from)
    report.orphan_snapshots_deleted = len(orphans)
    if not dry_run:
        report.failed_keys += storage.delete_keys(s3, bucket=bucket, keys=orphans)

    # 2. Enrollment leftovers: abandoned tickets, any upload older than a day, and any upload that no
    # open ticket owns whatever its age (outside the layout, or its ticket already final or gone).
    # Tickets are committed before their presigned POST is handed out, so a genuine upload is owned;
    # the admin upload path writes the object just before its ticket commits, hence a short grace.
    stale = now - timedelta(hours=settings.stale_upload_hours)
    with db.transaction() as cur:
        tickets = repository.stale_open_tickets(cur, before=stale)
        owned = repository.open_ticket_keys(cur)
    uploads = list(storage.list_keys(s3, bucket=bucket, prefix=storage.ENROLL_PREFIX))
    untrusted = {item["Key"] for item in uploads
                 if item["Key"] not in owned and item["LastModified"] < now - UNOWNED_UPLOAD_GRACE}
    leftover = {item["Key"] for item in uploads if item["LastModified"] < stale} | untrusted
    leftover |= {ticket["s3_key"] for ticket in tickets}
    report.enrollment_objects_deleted = len(leftover)
    report.untrusted_uploads_deleted = len(untrusted)
    report.stale_tickets_deleted = len(tickets)
    if not dry_run:
        failed = storage.delete_keys(s3, bucket=bucket, keys=sorted(leftover))
        report.failed_keys += failed
        with db.transaction() as cur:
            done = [ticket["id"] for ticket in tickets if ticket["s3_key"] not in failed]
            report.stale_tickets_deleted = repository.delete_tickets(cur, done) if done else 0

    # 3. Embeddings of people deactivated longer than the grace period; 4. old idempotency keys and console users'
    # sign-ins unseen for console_users.SIGN_IN_RETENTION_DAYS.
    grace = now - timedelta(days=settings.deactivated_grace_days)
    replay_window = now - timedelta(hours=settings.idempotency_ttl_hours)
    with db.transaction() as cur:
        if dry_run:
            report.embeddings_deleted = repository.count_embeddings_of_long_deactivated(cur, before=grace)
            report.idempotency_keys_deleted = repository.count_idempotency_keys(cur, before=replay_window)
        else:
            report.embeddings_deleted = repository.delete_embeddings_of_long_deactivated(cur, before=grace,
                                                                                        actor=SYSTEM_ACTOR)
            report.idempotency_keys_deleted = repository.delete_idempotency_keys(cur, before=replay_window)
            repository.delete_challenges(cur, before=now - timedelta(days=1))  # spent or expired long ago
            repository.delete_expired_setup_codes(cur, before=now)  # never typed: the admin's name goes with them
        report.console_users_forgotten = console_users.forget_stale(cur, now=now, dry_run=dry_run)
    # 5. Suspected duplicates left unconfirmed: rejected, their waiting embeddings deleted.
    unconfirmed = now - timedelta(hours=settings.confirmation_expiry_hours)
    expired_crops: list[str] = []
    with db.transaction() as cur:
        if dry_run:
            report.confirmations_expired = repository.count_expired_confirmations(cur, before=unconfirmed)
        else:
            expired = repository.expire_confirmations(cur, before=unconfirmed)
            report.confirmations_expired = len(expired)
            expired_crops = [key for key in expired if key]
    # 5b. Held photos' face crops: the expired holds' (after that commit), then any held/ object no held ticket names
    # (a decision whose delete S3 failed, a hold that never committed, an erasure's that failed).
    expired_failed: list[str] = []
    if expired_crops:
        expired_failed = storage.discard_held_photos(s3, bucket=bucket, keys=expired_crops)  # never raises
        report.held_photos_deleted = len(expired_crops) - len(expired_failed)
    leftovers = leftover_held_photos(db, s3, bucket, now=now)
    report.orphan_held_photos_deleted = len(leftovers)
    report.held_photos_deleted += len(leftovers)
    leftovers_failed: list[str] = []
    if leftovers and not dry_run:
        leftovers_failed = storage.discard_held_photos(s3, bucket=bucket, keys=leftovers)
        report.orphan_held_photos_deleted -= len(leftovers_failed)
        report.held_photos_deleted -= len(leftovers_failed)
    # An expired hold's crop S3 refused just now is a leftover already (no held ticket names it), deleted by the
    # sweep: a failed deletion only if the sweep failed it too, or did not take it.
    report.failed_keys += leftovers_failed + [key for key in expired_failed if key not in leftovers]
    # 6. The gallery sizes the identify threshold uses (kept by triggers) against a count of the faces.
    with db.transaction() as cur:
        report.gallery_sizes_corrected = repository.correct_gallery_sizes(cur, dry_run=dry_run)
    # 7. The deleted and cleared embeddings' row versions out of the table files and the HNSW indexes.
    if not dry_run:
        report.vacuumed = vacuum_embedding_tables(db, timeout=CLEANUP_VACUUM_TIMEOUT)
    if report.gallery_sizes_corrected:
        logger.error("kept gallery sizes differed from the faces", extra={"drift": report.gallery_sizes_corrected})
    if report.failed_keys:
        logger.warning("some objects could not be deleted; the next run retries them",
                       extra={"failed": report.failed_keys[:20]})
    return report


def vacuum_embedding_tables(db: Database, *, timeout: timedelta) -> bool:
    """VACUUM face_embeddings and enrollments, so that deleted embeddings leave the table files and the HNSW indexes
    now rather than whenever autovacuum comes (a few deletions in a big table may not trigger it for long). Best
    effort: a failure is logged, never raised (the deletions are committed; the next cleanup vacuums again)."""
    deadline = monotonic() + timeout.total_seconds()
    try:
        with db.autocommit() as cur:
            for attempt in range(1, VACUUM_ATTEMPTS + 1):
                skipped = repository.vacuum_embedding_tables(
                    cur, timeout=timedelta(seconds=max(deadline - monotonic(), 0.001)))
                if skipped:
                    logger.error("VACUUM skipped embedding tables: the database user must own them",
                                 extra={"notices": skipped})
                    return False
                # Rows a transaction older than their deletion could still see stay; such a transaction is short (a
                # check-in, an upload): a moment later they go.
                if repository.dead_embedding_rows(cur) == 0 or attempt == VACUUM_ATTEMPTS:
                    break
                if deadline - monotonic() <= VACUUM_RETRY_PAUSE:
                    break
                sleep(VACUUM_RETRY_PAUSE)
            left = repository.dead_embedding_rows(cur)
    except Exception:
        logger.exception("VACUUM of the embedding tables failed; the next cleanup runs it again")
        return False
    if left:
        logger.warning("VACUUM left row versions a running transaction still sees; the next cleanup takes them",
                       extra={"dead_rows": left})
    return True


def candidate_photo_threshold(settings: Settings) -> float:
    """The similarity at which an unmatched punch's candidate is taken as possibly in its photo (the pack's 1:1
    threshold): the erasure deletes such photos, the access report lists them."""
    from facepass.faces.packs import get_pack, verify_threshold  # the pack's constants: the zip function has no models

    return verify_threshold(get_pack(settings.model_pack), settings.verify_threshold)


_SCORES_ABOUT_THE_PERSON = ("similarity", "margin")


def without_person(value: Any, employee_id: str) -> Any:
    """A stored JSON answer with every mention of one person taken out: a person reference ({id, full_name}) of
    theirs becomes null, and the scores beside it (similarity, margin: about their face) too; list entries naming
    them (candidates: {employee_id, similarity}) are dropped, and the margin beside such a list too (the
    similarity as well when they were its first, the best)."""
    if isinstance(value, list):
        return [without_person(item, employee_id) for item in value if not _names(item, employee_id)]
    if not isinstance(value, dict):
        return value
    if str(value.get("id")) == employee_id and "full_name" in value:
        return None
    scrubbed = {name: without_person(item, employee_id) for name, item in value.items()}
    if any(isinstance(item, dict) and item.get("full_name") is not None and scrubbed[name] is None
           for name, item in value.items()):
        scrubbed.update({name: None for name in _SCORES_ABOUT_THE_PERSON if name in scrubbed})
    # Candidates naming them (an unmatched face): the margin beside the list (best minus runner-up) gives their
    # similarity away from the others', and the similarity is theirs when they were the best.
    lists = [item for item in value.values() if isinstance(item, list)]
    if any(_names(entry, employee_id) for item in lists for entry in item) and "margin" in scrubbed:
        scrubbed["margin"] = None
    if any(item and _names(item[0], employee_id) for item in lists) and "similarity" in scrubbed:
        scrubbed["similarity"] = None
    return scrubbed


def _names(entry: Any, employee_id: str) -> bool:
    return isinstance(entry, dict) and str(entry.get("employee_id")) == employee_id


def _scrub_stored_answers(cur, employee_id: UUID) -> int:
    """Idempotency-Key answers (a check-in's kiosk view, an older answer with the evidence, a manual punch) that name
    the person: stored again without them. A replay then answers without the person, still without doing the work
    twice (deleting the key would let a retry record the face again)."""
    rows = repository.idempotent_answers_naming(cur, employee_id)
    for row in rows:
        repository.store_idempotent_response(cur, scope=row["scope"], key=row["key"], status_code=row["status_code"],
                                             response=without_person(row["response"], str(employee_id)))
    return len(rows)


class ReplayNotNeeded(Exception):
    """A replay of the ledger (erase_employee's ledger_at) found, under the person's lock, the database reflecting
    the entry already (the erasure or withdrawal run again meanwhile, and perhaps a consent recorded and a face
    enrolled since): nothing was changed."""


def erase_employee(db: Database, s3, settings: Settings, employee_id: UUID, *,
                   record: bool = True, actor: str | None = SYSTEM_ACTOR, keep_active: bool = False,
                   ledger_at: datetime | None = None) -> ErasureResult:
    """Remove every piece of biometric data of one person: embeddings, enrollment photos and tickets,
    attendance snapshots (also of punches their face matched that HR moved to someone else, and of other people's
    punches whose photo showed them beside the person identified: `bystanders`), and other employees'
    waiting photos that matched this person (suspected duplicates: most likely this person's face). Then the
    evidence naming them goes: other people's tickets' duplicate details, other events' candidate and bystander
    entries, stored Idempotency-Key answers, the match (and its similarity) on punches HR moved to someone else, and
    the face's scores in the audit trail's rows about them. The employee row (deactivated) and their attendance rows
    stay for payroll. record=False: the ledger already holds this erasure (the cleanup replaying it) and keeps its
    time (a rewrite would date it now, after a reactivation made since, which a later restore would then undo).

    keep_active: the withdrawal of the person's biometric consent while they stay employed (withdraw_consent): all of
    the above but the deactivation. Recorded in the ledger as a withdrawal (withdrawals/, replayed without
    deactivating), marked in its own columns (consent_withdrawn_at, withdrawal_finished_at: erased_at is a leaver's
    erasure), audited as field `biometrics`, after `withdrawn`, beside the consent's end.

    ledger_at: the cleanup replaying the ledger's entry of that time (record=False). It picked the person once; under
    their lock, in the first transaction, the database is asked again whether it reflects the entry (HR may have run
    it again meanwhile, then recorded a consent and enrolled a face under it): if so, ReplayNotNeeded and nothing
    changed (that transaction rolled back). A replayed withdrawal is dated to the entry, not to the cleanup's run."""
    employees.require_actor(actor)  # its deactivation is audited: before anything is recorded
    bucket = settings.bucket
    # The intent first, out of the database: a restore from an older backup, or a stop half-way, is erased again by
    # the daily cleanup (replay_ledger). Nothing changed yet if S3 refuses it.
    try:
        if record:
            (ledger.record_withdrawal if keep_active else ledger.record_erasure)(s3, bucket=bucket,
                                                                                 employee_id=employee_id)
    except (ClientError, BotoCoreError) as error:
        raise FacePassError("The erasure could not be recorded; nothing was changed: run it again.",
                            code="erasure_incomplete", status=503) from error
    with db.transaction() as cur:  # first: the person can no longer be matched
        # Their own photos waiting for an admin (suspected duplicates) lose their embeddings here, not with the
        # tickets after S3: an S3 failure would leave them behind a person nobody can settle them for (inactive).
        # Tickets before the person, as a confirmation locks them (two orders would deadlock); all the tickets this
        # erasure settles at once, in id order: two erasures of people whose photos wait as each other's
        # duplicates lock the same tickets in the same order.
        repository.lock_waiting_tickets_of(cur, employee_id)
        repository.reject_own_waiting_tickets(cur, employee_id)
        person = repository.get_employee(cur, employee_id, lock="update")
        if person is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        if ledger_at is not None:  # a replay: still undone, now that the person is ours?
            undone = repository.withdrawals_undone if keep_active else repository.erasures_undone
            if employee_id not in undone(cur, {employee_id: ledger_at}, skew=LEDGER_CLOCK_SKEW):
                raise ReplayNotNeeded(str(employee_id))  # rolls back the tickets rejected above
        # One an upload of theirs held for confirmation while this waited for the person's lock. Skipped if a
        # confirmation holds it (it then finds the person inactive and fails): the tickets' deletion below takes it.
        repository.reject_own_waiting_tickets(cur, employee_id, skip_locked=True)
        # The waiting duplicates first: a confirmation locks its ticket, then gallery_sizes (face insert); so does
        # this (ticket update, then face delete), so the two cannot deadlock.
        duplicates = len(repository.reject_duplicates_of(cur, employee_id))
        # Their crops by the key each such ticket's crop has: the ones just rejected and, on a rerun after S3 failed,
        # those an earlier run rejected (their tickets no longer name a crop; the detail names this person until
        # the last step below).
        duplicate_crops = [storage.held_photo_key(row["employee_id"], row["id"])
                           for row in repository.duplicates_rejected_for(cur, employee_id)]
        embeddings = repository.delete_employee_embeddings(cur, employee_id)
        if keep_active:  # a withdrawal: they stay employed (their time entered by HR), is_active untouched
            # A replay: dated to the second S3 stamped the ledger's entry in (its `at` is the end of that second),
            # and so is its audit row (the reports read from it when the Face ID was withdrawn).
            withdrawn_at = None if ledger_at is None else ledger_at - timedelta(seconds=1)
            repository.mark_withdrawn(cur, employee_id, at=withdrawn_at)
            # Not a rerun (of one S3 stopped, or of a finished one: no consent recorded since): audited once.
            if person["consent_withdrawn_at"] is None:
                repository.insert_employee_audit(cur, employee_id=employee_id, field="biometrics", actor=actor,
                                                 before=None, after="withdrawn", at=withdrawn_at)
        else:
            # Audited: who erased (deactivated) them; a replayed erasure dated to its ledger entry.
            repository.deactivate(cur, employee_id, actor=actor, at=ledger_at)
            repository.delete_absences_after_leaving(cur, employee_id, actor=actor, at=ledger_at,
                                                     report_zone=settings.report_timezone)
            repository.mark_erased(cur, employee_id)
            # Their correction requests (self-service) and the stored answers that hold their notes: a leaver's go
            # with the erasure (a deactivation alone keeps them for HR).
            repository.delete_employee_corrections(cur, employee_id,
                                                   idempotency_scope=self_service.idempotency_scope(employee_id))
        if not keep_active and person["erased_at"] is None:  # not a rerun of the erasure that made them inactive
            # Its own History entry (the deactivation above says only Active → Inactive): who erased them, when.
            repository.insert_employee_audit(cur, employee_id=employee_id, field="biometrics", actor=actor,
                                             before=None, after="erased")
        # The erasure is the withdrawal of their biometric consent: cleared (its recording's audit row stays, and a
        # row says it ended), so a reactivation enrolls nothing until consent is recorded again.
        repository.clear_consent(cur, employee_id, actor=actor)
        # Also unmatched punches (unknown, ambiguous) with this person among the candidates at a 1:1 match's
        # similarity: quite possibly their face; and punches whose photo showed them beside the person identified.
        snapshots = list(dict.fromkeys(  # one key once: a photo may name them more than one way
            repository.employee_snapshot_keys(cur, employee_id)
            + repository.unmatched_snapshot_keys_of(cur, employee_id,
                                                    min_similarity=candidate_photo_threshold(settings))
            + repository.bystander_snapshot_keys(cur, employee_id)))
    try:
        uploads = [item["Key"] for item in storage.list_keys(s3, bucket=bucket,
                                                             prefix=storage.employee_enroll_prefix(employee_id))]
        # Their held photos' face crops (whatever the tickets say: a crop whose hold never committed too), and those
        # of the other people's photos held as duplicates of them that this erasure rejected (deleting one that
        # was never written, or is gone already, is no error).
        held = [item["Key"] for item in storage.list_keys(s3, bucket=bucket,
                                                          prefix=storage.employee_held_prefix(employee_id))]
        for other in sorted({key.rsplit("/", 1)[0] + "/" for key in duplicate_crops}):  # those that exist
            listed = {item["Key"] for item in storage.list_keys(s3, bucket=bucket, prefix=other)}
            held += [key for key in duplicate_crops if key.startswith(other) and key in listed]
        failed = storage.delete_keys(s3, bucket=bucket, keys=uploads + held + snapshots)
        if failed:
            raise FacePassError(f"{len(failed)} objects could not be deleted; run the erasure again.",
                                code="erasure_incomplete", status=503)
        with db.transaction() as cur:
            # The person's lock before any of their events', the order reviews and manual punches take them in: a
            # reassignment of one of their punches holds the person and waits for the event (the other order
            # deadlocked with it).
            repository.get_employee(cur, employee_id, lock="no key update")
            repository.clear_deleted_snapshot_keys(cur, snapshots)  # only what was deleted (a rerun takes the rest)
            repository.clear_replayed_snapshot_keys(cur, snapshots)
            repository.lock_tickets_about(cur, employee_id)  # in id order, as another erasure's last step
            tickets = repository.delete_employee_tickets(cur, employee_id)
            # After the snapshots: unmatched_snapshot_keys_of finds them through these candidates, and a rerun
            # after an S3 failure must find them again.
            repository.scrub_duplicate_details_of(cur, employee_id)
            # The scores out of the events first: their rows stay locked to the commit, so a review of one either
            # committed before (its audit row is then scrubbed below) or waits and audits no score.
            repository.forget_face_scores_of(cur, employee_id)
            repository.forget_scores_beside_candidate(cur, employee_id)
            # Before the candidates and matches that make an audit row about the person are forgotten.
            repository.forget_audit_biometrics(cur, employee_id)
            repository.drop_review_candidate(cur, employee_id)
            repository.drop_bystander(cur, employee_id)  # after the snapshots, as the candidates: a rerun finds them
            repository.forget_matches_of(cur, employee_id)
            _scrub_stored_answers(cur, employee_id)
            kept = repository.count_employee_attendance(cur, employee_id)
            if keep_active:
                repository.mark_withdrawal_finished(cur, employee_id)
            else:
                repository.mark_erasure_finished(cur, employee_id)
    except (ClientError, BotoCoreError) as error:  # S3 refused a listing or a whole deletion: as a partial one
        raise FacePassError("The erasure's photos could not all be deleted; run the erasure again.",
                            code="erasure_incomplete", status=503) from error
    finally:  # the embeddings went in the first transaction: out of the table files now, whatever S3 did
        vacuum_embedding_tables(db, timeout=ERASURE_VACUUM_TIMEOUT)
    return ErasureResult(employee_id=employee_id, embeddings_deleted=embeddings, enrollment_tickets_deleted=tickets,
                         enrollment_objects_deleted=len(uploads), snapshots_deleted=len(snapshots),
                         attendance_rows_kept=kept, duplicate_tickets_rejected=duplicates,
                         held_photos_deleted=len(held), employee_deactivated=not keep_active)


# S3's clock (an erasure's or revocation's ledger time) against the database's (erased_at): they may differ a little.
LEDGER_CLOCK_SKEW = timedelta(minutes=1)
# A change of is_active or a re-pairing is recorded with the time stamped in its row: one clock, compared exactly. A
# tolerance there would lose any change made within it of the point a database is restored to (a leaver reactivated
# by mistake and deactivated again seconds later; a rogue tablet's token replaced at once by a re-pairing).
ROW_TIME = timedelta(0)


def _replay_erasures(db: Database, s3, settings: Settings, report: CleanupReport, people: list[UUID],
                     ledger_at: dict[UUID, datetime], *, keep_active: bool) -> None:
    """Erasures (keep_active=False) or withdrawals of consent (True) the ledger holds and the database does not
    reflect, run again, each asked again under the person's lock (HR may have run it again meanwhile, then recorded a
    consent and enrolled a face, which this would erase) and dated to its ledger entry (a restore's row may lack it).
    One failing again is counted in erasures_failed (the alarmed failed deletions) and tried at the next cleanup."""
    what = "withdrawal of consent" if keep_active else "erasure"
    replayed = report.withdrawals_replayed if keep_active else report.erasures_replayed
    for employee_id in people:
        logger.error(f"a {what} the database does not reflect (a restore, or stopped half-way): erasing their "
                     f"biometric data again{', keeping them active' if keep_active else ''}",
                     extra={"employee_id": str(employee_id)})
        try:
            erase_employee(db, s3, settings, employee_id, record=False, keep_active=keep_active,
                           ledger_at=ledger_at[employee_id])
        except ReplayNotNeeded:
            logger.info(f"the {what} was run again meanwhile: not replayed", extra={"employee_id": str(employee_id)})
            continue
        except (FacePassError, ClientError, BotoCoreError):
            logger.exception(f"the {what} failed again; the next cleanup tries again",
                             extra={"employee_id": str(employee_id)})
            report.erasures_failed.append(str(employee_id))
            continue
        replayed.append(str(employee_id))


def replay_ledger(db: Database, s3, settings: Settings, report: CleanupReport) -> None:
    """Erasures, withdrawals of consent, face removals, revocations, changes of is_active and re-pairings the database
    does not reflect (restored from a backup older than them, or an erasure stopped half-way): made again, and said
    in the cleanup's report. An erasure, withdrawal or face removal that fails again is logged and left for the next
    run; the rest of the cleanup goes on. First, the changes the database holds and the ledger lacks are written to
    it (write_unrecorded_changes). The (de)activations and re-pairings are listed once, before those writes: what
    they write is the row's own state, which the replay would find reflected anyway."""
    activity = {change.employee_id: change for change in ledger.latest_activity(s3, bucket=settings.bucket)}
    repaired = {entry.subject: entry.at for entry in ledger.repairings(s3, bucket=settings.bucket)}
    zones = ledger.zone_changes(s3, bucket=settings.bucket)
    write_unrecorded_changes(db, s3, settings, report, activity=activity, repaired=repaired, zones=zones)
    erased = ledger.erasures(s3, bucket=settings.bucket)
    withdrawn = ledger.withdrawals(s3, bucket=settings.bucket)
    revoked = ledger.revocations(s3, bucket=settings.bucket)
    with db.reading() as cur:
        undone = (repository.erasures_undone(cur, {entry.subject: entry.at for entry in erased},
                                             skew=LEDGER_CLOCK_SKEW) if erased else [])
        unrevoked = repository.devices_not_revoked(cur, [entry.subject for entry in revoked]) if revoked else []
    erased_at = {entry.subject: entry.at for entry in erased}
    _replay_erasures(db, s3, settings, report, undone, erased_at, keep_active=False)
    # Then the withdrawals, each judged by its own columns (consent_withdrawn_at, withdrawal_finished_at), never by
    # erased_at: a leaver who withdrew and was erased later is deactivated by the erasure above whatever the
    # withdrawal does, and the withdrawal then runs again over it (nothing left to delete; they stay inactive).
    withdrawn_at = {entry.subject: entry.at for entry in withdrawn}
    with db.reading() as cur:
        unwithdrawn = (repository.withdrawals_undone(cur, withdrawn_at, skew=LEDGER_CLOCK_SKEW) if withdrawn else [])
    _replay_erasures(db, s3, settings, report, unwithdrawn, withdrawn_at, keep_active=True)
    _replay_face_removals(db, s3, settings, report, erased=set(undone) | set(unwithdrawn))
    for device_id in unrevoked:
        logger.error("a database restore brought back a revoked device: revoked again",
                     extra={"device_id": str(device_id)})
        with db.transaction() as cur:
            repository.revoke_device(cur, device_id)
        report.revocations_replayed.append(str(device_id))
    _replay_activity(db, report, latest=activity, erased_at=erased_at)
    _replay_repairings(db, report, repaired=repaired)
    _replay_zones(db, report, zones=zones)


def _replay_face_removals(db: Database, s3, settings: Settings, report: CleanupReport, *, erased: set[UUID]) -> None:
    """Faces HR removed that the database holds again (a restore): removed again the way the API removes them. The
    faces of a person whose erasure this run replays (or failed to) are the erasure's."""
    from facepass import face_removal  # it imports this module

    removals = [(removal.employee_id, removal.face_id, removal.enrolled_at)
                for removal in ledger.face_removals(s3, bucket=settings.bucket) if removal.employee_id not in erased]
    if not removals:
        return
    with db.reading() as cur:
        held = repository.removed_faces_held(cur, removals)
    for row in held:
        subject = f"{row['employee_id']}/{row['id']}"
        try:
            removed = face_removal.remove_again(db, s3, settings, ledger.RemovedFace(row["employee_id"], row["id"],
                                                                                     row["created_at"]))
        except (FacePassError, ClientError, BotoCoreError):
            logger.exception("a face removal a restore undid could not be made again; the next cleanup tries again",
                             extra={"face": subject})
            report.face_removals_failed.append(subject)
            continue
        if removed:
            logger.error("a database restore brought back a face HR had removed: removed again",
                         extra={"face": subject})
            report.faces_removed_again.append(subject)


def write_unrecorded_changes(db: Database, s3, settings: Settings, report: CleanupReport, *,
                             activity: dict[UUID, ledger.ActivityChange], repaired: dict[UUID, datetime],
                             zones: dict[UUID, list[ledger.ZoneChange]]) -> None:
    """(De)activations and re-pairings committed whose ledger write (after the commit) failed: written now from the
    row, with the time and state it holds, so a restore from then on gets them again. Before the replay: only a row
    newer than the ledger is written (a restored row is older), so the replay that follows finds it reflected. A
    write failing again is logged and tried at the next run. `activity`, `repaired`: the ledger's latest entries
    (ledger.latest_activity, ledger.repairings); `zones`: every change of zone recorded (ledger.zone_changes)."""
    bucket = settings.bucket
    latest = {person: (change.at, change.active) for person, change in activity.items()}
    with db.reading() as cur:
        people = repository.activity_unrecorded(cur, latest, skew=ROW_TIME)
        kiosks = repository.repairings_unrecorded(cur, repaired, skew=ROW_TIME)
        moved = repository.zones_unrecorded(cur, {person: changes[-1].at for person, changes in zones.items()})
    writes = [(row["id"], partial(ledger.record_activity, s3, bucket=bucket, employee_id=row["id"],
                                  active=row["is_active"], at=row["activity_changed_at"])) for row in people]
    writes += [(row["id"], partial(ledger.record_repairing, s3, bucket=bucket, device_id=row["id"],
                                   at=row["repaired_at"])) for row in kiosks]
    writes += [(row["id"], partial(ledger.record_zone, s3, bucket=bucket, employee_id=row["id"], zone=row["zone"],
                                   at=row["valid_from"])) for row in moved]
    for subject, write in writes:
        key = ledger.record_after_commit(
            write, log=logger, failure="a change the ledger lacks could not be written to it; the next cleanup tries "
                                       "again", subject={"subject": str(subject)})
        if key is None:
            report.ledger_writes_failed.append(str(subject))
            continue
        logger.error("a change committed without its ledger entry (S3 failed after the commit): written now",
                     extra={"key": key})
        report.ledger_entries_written.append(key)


def _replay_activity(db: Database, report: CleanupReport, *,
                     latest: dict[UUID, ledger.ActivityChange], erased_at: dict[UUID, datetime]) -> None:
    """Each person's last recorded change of is_active, set again where the row is older than it (a restore):
    otherwise a deactivated person comes back active and can check in. The latest recorded change wins, a
    reactivation included; an erasure recorded after it (which deactivates) wins over it, and was replayed above."""
    if not latest:
        return
    with db.reading() as cur:
        behind = repository.activity_not_reflected(cur, {person: change.at for person, change in latest.items()},
                                                   skew=ROW_TIME)
    for employee_id in behind:
        change = latest[employee_id]
        # Erased after this change: the erasure's state (inactive) is the person's; the row is marked up to date. An
        # erasure's time is its object's LastModified (whole seconds) + 1 s: a reactivation can only follow a
        # finished erasure, so one in the same second as the erasure's object came after it.
        erased = erased_at.get(employee_id)
        active = change.active and (erased is None or erased - timedelta(seconds=1) <= change.at)
        with db.transaction() as cur:
            was_active = repository.replay_activity(cur, employee_id, active=active, recorded_at=change.at,
                                                    skew=ROW_TIME)
        if was_active is None or was_active == active:
            continue
        logger.error("a database restore undid a " + ("reactivation" if active else "deactivation") + ": made again",
                     extra={"employee_id": str(employee_id)})
        (report.reactivations_replayed if active else report.deactivations_replayed).append(str(employee_id))


def _replay_zones(db: Database, report: CleanupReport, *, zones: dict[UUID, list[ledger.ZoneChange]]) -> None:
    """The changes of time zone a restore lost (the person's history changed last before the ledger's latest): each
    set again in order, from the time it was set (the reports place the days since in the zone held then)."""
    if not zones:
        return
    with db.reading() as cur:
        behind = repository.zones_not_reflected(cur, {person: changes[-1].at for person, changes in zones.items()})
    for employee_id in behind:
        with db.transaction() as cur:
            replayed = repository.replay_zones(cur, employee_id,
                                               [(change.zone, change.at) for change in zones[employee_id]])
        if replayed:
            logger.error("a database restore undid a change of time zone: made again",
                         extra={"employee_id": str(employee_id)})
            report.zones_replayed.append(str(employee_id))


def _replay_repairings(db: Database, report: CleanupReport, *, repaired: dict[UUID, datetime]) -> None:
    """A device re-paired after the backup the database came from holds its old token again: that token stops
    working (an admin gives the tablet a new pairing code; the one paired since the re-pairing lost its token to the
    restore too)."""
    if not repaired:
        return
    with db.reading() as cur:
        old_tokens = repository.tokens_paired_before(cur, repaired, skew=ROW_TIME)
    for device_id in old_tokens:
        with db.transaction() as cur:
            cleared = repository.clear_token_paired_before(cur, device_id,
                                                           before=repaired[device_id])
        if cleared:
            logger.error("a database restore brought back the token a re-pairing had replaced: it stops working",
                         extra={"device_id": str(device_id)})
            report.repairings_replayed.append(str(device_id))
