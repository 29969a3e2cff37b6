"""Paired kiosk devices: an admin creates a device and gets a one-time pairing code; the kiosk
exchanges the code once for its own bearer token; an admin can re-pair or revoke it. Only hashes of
codes and tokens are stored. The device id on attendance rows comes from this credential."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID

from botocore.exceptions import BotoCoreError, ClientError

from facepass import ledger, repository
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.kiosk_hours import KioskHours
from facepass.schemas import (
    Device,
    DeviceCreate,
    DeviceList,
    DevicePatch,
    DeviceSelf,
    KioskNotice,
    PairedDevice,
    PairingCode,
    SetupCode,
    SetupOpened,
)

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read off a screen and typed on a tablet survives.
PAIRING_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
PAIRING_CODE_LENGTH = 8
PAIRING_CODE_TTL = timedelta(minutes=15)
SETUP_CODE_TTL = timedelta(minutes=10)
SETUP_MODE_LENGTH = timedelta(minutes=15)
SETUP_CODE_MAX_TRIES = 5
TOKEN_PREFIX = "fpd_"  # noqa: S105 - a prefix that makes leaked device tokens recognizable, not a secret


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalize_pairing_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in " -")


def new_pairing_code() -> str:
    return "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))


def new_device_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return _sha256(token)


def _device(row: dict | None, device_id: UUID | None = None) -> Device:
    if row is None:
        raise NotFound(f"No device {device_id}.", code="device_not_found")
    status = "revoked" if row["revoked_at"] else "paired" if row["paired_at"] else "awaiting_pairing"
    return Device(id=row["id"], name=row["name"], site=row["site"], timezone=row["timezone"], status=status,
                  created_at=row["created_at"], paired_at=row["paired_at"], revoked_at=row["revoked_at"],
                  pairing_expires_at=row["pairing_expires_at"], last_seen_at=row["last_seen_at"],
                  door=row["door"], automatic=row["automatic"])


def _fresh_code(now: datetime | None) -> tuple[str, datetime]:
    return new_pairing_code(), (now or datetime.now(UTC)) + PAIRING_CODE_TTL


def create_device(db: Database, data: DeviceCreate, *, now: datetime | None = None) -> PairingCode:
    code, expires = _fresh_code(now)
    with db.transaction() as cur:
        row = repository.insert_device(cur, name=data.name, site=data.site, timezone=data.timezone,
                                       pairing_code_hash=_sha256(code), pairing_expires_at=expires)
    return PairingCode(device=_device(row), pairing_code=code, pairing_expires_at=expires)


def list_devices(db: Database, settings: Settings) -> DeviceList:
    with db.transaction() as cur:
        return DeviceList(items=[_device(row) for row in repository.list_devices(cur)], listed_at=datetime.now(UTC),
                          quiet_after_minutes=settings.device_quiet_minutes)


@dataclass(frozen=True)
class QuietDevices:
    """The quiet-devices check's answer: the paired kiosks not heard from for `quiet_after_minutes`, among those heard
    from within the offline window (`heard_within_hours`), within `kiosk_hours` when set."""
    checked_at: datetime
    quiet_after_minutes: int
    heard_within_hours: int
    kiosk_hours: str | None
    devices: list[dict]

    def as_dict(self) -> dict:
        return {"checked_at": self.checked_at.isoformat(), "quiet_after_minutes": self.quiet_after_minutes,
                "heard_within_hours": self.heard_within_hours, "kiosk_hours": self.kiosk_hours,
                "quiet_devices": len(self.devices),
                "devices": [{"id": str(row["id"]), "name": row["name"], "site": row["site"],
                             "last_seen_at": row["last_seen_at"].isoformat(), "quiet_minutes": row["quiet_minutes"]}
                            for row in self.devices]}


def quiet_devices(db: Database, settings: Settings, *, now: datetime | None = None) -> QuietDevices:
    """Paired, not revoked kiosks not heard from (`last_seen_at`: a running kiosk asks every minute) for
    FACEPASS_DEVICE_QUIET_MINUTES: switched off, off the network, its browser closed; checks made there may wait on
    the tablet. Only kiosks heard from within FACEPASS_OFFLINE_MAX_AGE_HOURS count: by then a quiet kiosk's queued
    checks are refused anyway, so a tablet put away (and not revoked) stops paging after that window; one paired
    but never heard from is not counted (the Devices page says "never heard from"). With FACEPASS_KIOSK_HOURS, only
    within those hours (the kiosk's own zone), and silent that long since their start. Reads only: running it twice
    changes nothing."""
    now = now or datetime.now(UTC)
    quiet_after, window = timedelta(minutes=settings.device_quiet_minutes), settings.offline_max_age_hours
    with db.reading() as cur:
        rows = repository.quiet_devices(cur, now=now, quiet_since=now - quiet_after,
                                        heard_since=now - timedelta(hours=window))
    hours = KioskHours.parse(settings.kiosk_hours)
    if hours is not None:
        rows = [row for row in rows
                if (since := hours.expected_since(now, row["timezone"])) is not None
                and now - max(row["last_seen_at"], since) >= quiet_after]
    return QuietDevices(checked_at=now, quiet_after_minutes=settings.device_quiet_minutes,
                        heard_within_hours=window, kiosk_hours=settings.kiosk_hours or None, devices=rows)


def get_device(db: Database, device_id: UUID) -> Device:
    with db.transaction() as cur:
        return _device(repository.get_device(cur, device_id), device_id)


def update_settings(db: Database, device_id: UUID, changes: DevicePatch, *, actor: str | None) -> Device:
    """HR sets a kiosk's Door and Automatic mode: they win over the tablet's own (its setup mode); null gives the
    choice back to the tablet. A field left out keeps its value. Devices have no audit table: the change is logged
    with who made it and the values before and after. A revoked device is not changed (409 device_revoked)."""
    with db.transaction() as cur:
        before = _device(repository.get_device(cur, device_id, for_update=True), device_id)
        if before.revoked_at:
            raise FacePassError("A revoked device cannot be set; create a new one.", code="device_revoked",
                                status=409)
        given = changes.model_fields_set
        door = changes.door if "door" in given else before.door
        automatic = changes.automatic if "automatic" in given else before.automatic
        if (door, automatic) == (before.door, before.automatic):  # the same again: nothing changes, nothing logged
            return before
        after = _device(repository.set_device_settings(cur, device_id, door=door, automatic=automatic), device_id)
    logger.info("device settings changed", extra={
        "device_id": str(device_id), "actor": actor, "door_before": before.door, "door": after.door,
        "automatic_before": before.automatic, "automatic": after.automatic})
    return after


def device_self(db: Database, settings: Settings, device_id: UUID) -> DeviceSelf:
    """The calling kiosk with the notice it shows people: how long their photos are kept, and their enrolled face
    after they leave (retention's grace), as configured now."""
    return DeviceSelf(**get_device(db, device_id).model_dump(), notice=kiosk_notice(settings),
                      offline_max_age_hours=settings.offline_max_age_hours)


def kiosk_notice(settings: Settings) -> KioskNotice:
    """What the kiosk's privacy notice tells people (and GET /me/biometrics an employee): how long photos and faces
    are kept, as configured now, and whom to ask."""
    return KioskNotice(snapshot_max_days=snapshot_max_days(settings), review_max_days=settings.review_max_days,
                       # deleted by the first daily cleanup past the grace: up to a day later
                       face_template_days_after_leaving=settings.deactivated_grace_days + 1,
                       privacy_contact=settings.privacy_contact)


def snapshot_max_days(settings: Settings) -> int:
    """The most days a check's photo exists, from its capture, as the kiosk's notice promises it: retention deletes
    whole UTC days by capture time (up to one day more) at the daily cleanup, which runs hours into the next UTC day
    (02:30), so one more; and a check queued offline lives on the tablet up to the offline window before it is sent
    (then stored until the next daily cleanup, when older than retention)."""
    return max(settings.snapshot_retention_days + 2, math.ceil(settings.offline_max_age_hours / 24) + 1)


def new_pairing(db: Database, device_id: UUID, *, now: datetime | None = None, s3=None,
                bucket: str | None = None) -> PairingCode:
    """Re-pair: a fresh code; the device's current token stops working at once. With an S3 client (the API always
    passes one), the re-pairing also goes into the ledger (facepass.ledger) once committed, with the time stamped in
    the row (repaired_at), so a database restored from an older backup does not let the old token work again. Not
    before the commit: a re-pairing that then failed would be replayed by the cleanup, clearing the token of a kiosk
    the admin was told still works. If S3 fails now, the re-pairing stands and the daily cleanup writes the entry
    from the row (logged as an error)."""
    code, expires = _fresh_code(now)
    with db.transaction() as cur:
        if _device(repository.get_device(cur, device_id, for_update=True), device_id).revoked_at:
            raise FacePassError("A revoked device cannot be paired again; create a new one.", code="device_revoked",
                                status=409)
        row = repository.set_pairing_code(cur, device_id, pairing_code_hash=_sha256(code), pairing_expires_at=expires)
        # A setup code made for the tablet being replaced must not open setup on the one paired next (a lost tablet).
        repository.spend_setup_code(cur, device_id)
    if s3 is not None:
        ledger.record_after_commit(
            partial(ledger.record_repairing, s3, bucket=bucket, device_id=device_id, at=row["repaired_at"]),
            log=logger, failure="a re-pairing committed but not recorded in the ledger: the daily cleanup records it; "
                                "a database restore before then would let the old token work again",
            subject={"device_id": str(device_id)})
    return PairingCode(device=_device(row), pairing_code=code, pairing_expires_at=expires)


def revoke_device(db: Database, device_id: UUID, *, s3=None, bucket: str | None = None) -> Device:
    """Idempotent: revoking a revoked device returns it unchanged. With an S3 client, the revocation first goes into
    the ledger (facepass.ledger), so a database restored from an older backup gets it again, and one stopped before
    its commit is made by the cleanup (the safe side: the admin wanted it). If S3 fails, nothing changes (503
    ledger_unavailable)."""
    if s3 is not None and bucket:
        get_device(db, device_id)  # 404 before anything goes into the ledger
        try:
            ledger.record_revocation(s3, bucket=bucket, device_id=device_id)
        except (ClientError, BotoCoreError) as error:
            raise ledger.unrecorded() from error
    with db.transaction() as cur:
        return _device(repository.revoke_device(cur, device_id), device_id)


def pair(db: Database, pairing_code: str, *, now: datetime | None = None) -> PairedDevice:
    """Exchange a pairing code (single use, 15 minutes) for the device's token, shown only here."""
    now = now or datetime.now(UTC)
    code = normalize_pairing_code(pairing_code)
    if len(code) != PAIRING_CODE_LENGTH or any(ch not in PAIRING_ALPHABET for ch in code):
        raise FacePassError("That is not a pairing code (8 letters and digits).", code="pairing_code_invalid",
                            status=400)
    token = new_device_token()
    with db.transaction() as cur:
        row = repository.device_by_pairing_code(cur, _sha256(code))
        # Used codes are cleared on pairing, so a reused code is indistinguishable from an unknown one.
        if row is None or row["revoked_at"]:
            raise FacePassError("This pairing code is unknown or was already used.", code="pairing_code_unknown",
                                status=404)
        if row["pairing_expires_at"] is None or row["pairing_expires_at"] <= now:
            raise FacePassError("This pairing code has expired; ask an admin for a new one.",
                                code="pairing_code_expired", status=410)
        row = repository.complete_pairing(cur, row["id"], token_hash=token_hash(token))
    return PairedDevice(device=_device(row), device_token=token)


def _setup_code_hash(device_id: UUID, code: str) -> str:
    # The device's id in it: the same code made for two kiosks hashes apart, and a hash copied from one row to another
    # opens nothing.
    return _sha256(f"{device_id}:{normalize_pairing_code(code)}")


def new_setup_code(db: Database, device_id: UUID, *, actor: str | None, now: datetime | None = None) -> SetupCode:
    """A code that opens the kiosk's setup mode (?setup=1) once: 8 characters of the pairing alphabet, valid 10
    minutes, shown only here (its hash is kept); a new one replaces the one the device had. Logged with the actor, as
    every device change is (devices have no audit table). A revoked device gets none (409 device_revoked), nor one
    awaiting its pairing (409 device_not_paired: whichever tablet pairs next is not known yet; a re-pairing spends
    the code the device had)."""
    now = now or datetime.now(UTC)
    code, expires = new_pairing_code(), now + SETUP_CODE_TTL
    with db.transaction() as cur:
        device = _device(repository.get_device(cur, device_id, for_update=True), device_id)
        if device.revoked_at:
            raise FacePassError("A revoked device cannot be set up; create a new one.", code="device_revoked",
                                status=409)
        if device.status != "paired":
            raise FacePassError("This device is waiting to be paired: pair the tablet first, then make its setup "
                                "code.", code="device_not_paired", status=409)
        repository.put_setup_code(cur, device_id, code_hash=_setup_code_hash(device_id, code), expires_at=expires,
                                  created_by=actor)
    logger.info("device setup code issued", extra={"device_id": str(device_id), "actor": actor,
                                                   "expires_at": expires.isoformat()})
    return SetupCode(device_id=device_id, setup_code=code, expires_at=expires)


def open_setup(db: Database, device_id: UUID, code: str, *, now: datetime | None = None) -> SetupOpened:
    """The kiosk (its own device token: device_id) opens setup mode with the code an admin made for it: 15 minutes of
    setup (the kiosk keeps them in memory only), and the code is spent. A wrong code, an expired or spent one, none
    made, or another kiosk's: the same 403 setup_code_invalid, so nothing tells a near miss from no code at all; the
    fifth wrong try spends the code (an admin makes a new one)."""
    now = now or datetime.now(UTC)
    refused = FacePassError("This setup code is wrong, expired or spent; make a new one in the console (Devices).",
                            code="setup_code_invalid", status=403)
    with db.transaction() as cur:
        row = repository.setup_code_for_update(cur, device_id)
        if row is None:
            outcome, tries = "none", 0
        elif row["expires_at"] <= now:
            repository.spend_setup_code(cur, device_id)
            outcome, tries = "expired", row["failed_attempts"]
        elif hmac.compare_digest(row["code_hash"], _setup_code_hash(device_id, code)):
            repository.spend_setup_code(cur, device_id)
            outcome, tries = "opened", row["failed_attempts"]
        else:
            tries = repository.count_setup_code_failure(cur, device_id)
            outcome = "wrong"
            if tries >= SETUP_CODE_MAX_TRIES:
                repository.spend_setup_code(cur, device_id)
                outcome = "spent"
    if outcome != "opened":
        logger.warning("device setup refused", extra={"device_id": str(device_id), "reason": outcome,
                                                      "failed_attempts": tries})
        raise refused
    until = now + SETUP_MODE_LENGTH
    logger.info("device setup opened", extra={"device_id": str(device_id), "setup_until": until.isoformat()})
    return SetupOpened(setup_until=until, setup_seconds=int(SETUP_MODE_LENGTH.total_seconds()))


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    name: str
    timezone: str


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token.startswith(TOKEN_PREFIX) else None


def authenticate(db: Database, authorization: str | None) -> DeviceIdentity | None:
    """The paired, not revoked device holding this bearer token, or None."""
    token = bearer_token(authorization)
    if token is None or len(token) > 200:
        return None
    with db.reading() as cur:
        row = repository.device_by_token(cur, token_hash(token))
    if row is None:
        return None
    return DeviceIdentity(device_id=str(row["id"]), name=row["name"], timezone=row["timezone"])
