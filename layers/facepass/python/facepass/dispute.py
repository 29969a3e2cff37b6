""""Not you?" at the kiosk: the person shown someone else's name sends that punch to review at once.

A clean match counts without review; when the kiosk names the wrong person, the person standing there says so within
a short window, from the kiosk that recorded it. The punch then awaits a human (review reason disputed_at_kiosk),
audited as a `flag` whose actor names the kiosk, and it no longer counts for the person it named: their later
server-decided punches it turned go to review as when a reviewer rejects a punch (reconcile, cause `disputed`), and
it no longer decides the direction of their punches (repository.punches_deciding leaves it out).

A repeat answer's "Not you?" names the repeat itself, never the punch it repeats: a third person misrecognized as
someone who punched a minute ago must not un-count that genuine punch. The repeat alone goes to review; the punch it
repeats keeps counting, and HR's card says so (ReviewItem.counted_original)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from facepass import payroll, reconcile, repository, snapshot_moves
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import Conflict, DatabaseConflict, NotFound
from facepass.schemas import KioskEvent

REASON = "disputed_at_kiosk"
# How long after the server received a punch its kiosk may send it to review: the person still stands there.
WINDOW = timedelta(seconds=120)
# How much of the window must be left for a check-in's answer to offer "Not you?": the kiosk shows the button for 15 s
# (NOT_YOU_SECONDS in web/src/kiosk/KioskApp.tsx) and gives the dispute 10 s in all, tries included
# (DISPUTE_DEADLINE_MS in web/src/kiosk/checks.ts). Offered later, the button could only answer dispute_window_over.
OFFER_MARGIN = timedelta(seconds=25)
# review_detail's key on a repeat disputed on its own (its answer's "Not you?"): the id of the punch it repeats, which
# the dispute left counting. A decision on that punch never takes this press along (review.py): another face pressed.
DISPUTED_ALONE = "disputed_repeat_of"
# The audit's actor: the server, at the word of the person at this kiosk. It holds spaces, which no token's actor can
# (authz.actor_of), and starts as SYSTEM_ACTOR does: an automatic change (review.is_automatic).
KIOSK_ACTOR_PREFIX = f"{SYSTEM_ACTOR}: kiosk "


def kiosk_actor(device_id: str) -> str:
    return KIOSK_ACTOR_PREFIX + device_id


def until(row: dict) -> datetime:
    """The server time until which the dispute route accepts this punch (its received_at + WINDOW)."""
    return row["received_at"] + WINDOW


def target(row: dict, *, device_id: str | None, now: datetime) -> int | None:
    """The event a check-in's answer offers "Not you?" for, or None: the press's own row (`row`), a new punch or a
    repeat alike (a repeat's "Not you?" sends that press to review, never the punch it repeats: that one may be
    another person's genuine punch), when dispute() would take it, judged on the server's clock (`now`) — this kiosk's
    live, recognized punch that counts, no human decided, with at least OFFER_MARGIN of its WINDOW left."""
    if device_id is None or row["device_id"] != device_id or row["offline"] or row["employee_id"] is None \
            or row["status"] != "recognized" or row["review_state"] != "none" \
            or "face_free" in (row["review_reasons"] or []) or row["received_at"] is None:
        return None
    return row["id"] if now <= until(row) - OFFER_MARGIN else None


def still_offered(until_at: datetime | None, now: datetime) -> bool:
    """Whether an answer stored with this dispute_until (a replay) may still offer "Not you?" (target's margin)."""
    return until_at is not None and now <= until_at - OFFER_MARGIN


def _carried_along(cur, row: dict, *, now: datetime) -> dict | None:
    """The punch this repeat's row repeats, when that punch's dispute took this repeat along (both awaiting review
    as disputed at the same kiosk, this one not disputed on its own) and this row's own window is still open, live:
    else None. (A repeat is stored only of a punch that counts, so a repeat disputed as its own punch repeats none
    disputed at its kiosk before it.)"""
    if row["repeat_of"] is None or (row["review_detail"] or {}).get(DISPUTED_ALONE) is not None \
            or row["offline"] or now - row["received_at"] > WINDOW:
        return None
    original = repository.get_attendance(cur, row["repeat_of"])
    if original is None or original["device_id"] != row["device_id"] \
            or original["employee_id"] != row["employee_id"] or original["review_state"] != "pending" \
            or REASON not in (original["review_reasons"] or []):
        return None
    return original


def dispute(db: Database, settings: Settings, event_id: int, *, device_id: str | None, s3=None,
            now: datetime | None = None) -> KioskEvent:
    """The calling kiosk's recognized, counted punch, not yet decided by a human and received at most WINDOW ago, goes
    to review (disputed_at_kiosk), in one transaction under the person's lock (the one check-ins take): a flag in
    its audit trail, and its repeats recorded by this kiosk with it (one misrecognition pressed twice; those of
    another kiosk are their own recognitions). The person's later server-decided punches it turned go to review
    (reconcile). A repeat of a counted punch of its person and direction (a repeat answer's "Not you?") goes to
    review alone, review_detail naming the punch it repeats (DISPUTED_ALONE), which keeps counting: the press was
    another face, or the same person's double press; HR tells which. A repeat its original's dispute took along
    (that dispute arrived first), disputed within its own window, is another face's word: its own flag, and it is
    marked DISPUTED_ALONE (HR decides it alone), with the same answer. Idempotent: a punch this kiosk disputed already
    is answered as it is, nothing written. The photo moves to review-snapshots/ after the commit (with `s3`; else
    the daily cleanup). Another device's punch, or none: 404 attendance_not_found (never said whose); too late, or
    an offline capture: 409 dispute_window_over (checked first: nothing about HR's decision is told past the
    window); decided by a human: 409 dispute_reviewed; not a counted recognized punch (awaiting review already,
    nobody matched, refused): 409 dispute_not_counted. Answers the kiosk view of the event."""
    from facepass.attendance import event_from_row, kiosk_event
    from facepass.review import _audited

    now = now or datetime.now(UTC)
    moving: list[int] = []
    with db.transaction() as cur:
        looked = repository.get_attendance(cur, event_id)
        # A typed punch ("No Face ID?") is answered as no punch of this kiosk's: its refusal would tell that a typed
        # number named someone (and that they have no Face ID).
        if looked is None or device_id is None or looked["device_id"] != device_id or \
                "face_free" in (looked["review_reasons"] or []):
            raise NotFound(f"No attendance event {event_id} recorded by this kiosk.", code="attendance_not_found")
        if looked["employee_id"] is not None:  # the person's lock before the event's, as a review takes them
            repository.get_employee(cur, looked["employee_id"], lock="no key update")
        row = repository.get_attendance(cur, event_id, for_update=True)
        if row is None or row["employee_id"] != looked["employee_id"]:
            raise DatabaseConflict("The event changed while it was disputed; send it again.")
        if row["review_state"] == "pending" and REASON in (row["review_reasons"] or []):
            carried = _carried_along(cur, row, now=now)
            if carried is None:
                return kiosk_event(event_from_row(row))  # disputed already: the same answer, nothing written
            # A repeat its original's dispute took along, disputed now by the person its own answer named (another
            # face than the one that disputed the original): their word is recorded, and HR decides this press on
            # its own (a decision on the original no longer takes it along). The same answer as the first.
            changed = repository.flag_for_review(cur, event_id, reason=REASON,
                                                 detail={DISPUTED_ALONE: carried["id"]})
            repository.insert_audit(
                cur, attendance_id=event_id, action="flag", actor=kiosk_actor(device_id), before=_audited(row),
                after=_audited(changed),
                note=f"the person at the kiosk said this press was not theirs; the punch it repeats, event "
                     f"{carried['id']}, awaits review of its own (disputed at this kiosk too)")
            return kiosk_event(event_from_row(row))
        # The window first: past it, a kiosk (or a stolen token) learns nothing of what HR made of its punches. An
        # offline capture is never disputed: nobody stood at the kiosk when it reached the server.
        if now - row["received_at"] > WINDOW or row["offline"]:
            raise Conflict(f"A punch can be disputed at the kiosk within {int(WINDOW.total_seconds())} seconds of "
                           "being recorded, live: ask HR to look at it.", code="dispute_window_over",
                           details={"window_seconds": int(WINDOW.total_seconds())})
        if row["review_state"] in ("confirmed", "reassigned", "rejected"):
            raise Conflict("A person at HR decided this punch already: ask HR to look at it.", code="dispute_reviewed")
        if row["employee_id"] is None or row["review_state"] != "none" or row["status"] != "recognized":
            raise Conflict("This punch is not counted for anyone (it awaits review, or nobody was recognized): "
                           "there is nothing to dispute.", code="dispute_not_counted")
        # A repeat of a counted punch of the same person and direction (its answer's "Not you?"): this press alone
        # goes to review. The punch it repeats keeps counting (it may be another face's genuine punch), and this
        # press counted nothing of its own: no later punch was decided with it.
        original = (row["repeat_of"] if row["repeat_of"] is not None
                    and not repository.attendance_reported(cur, event_id) else None)
        repeats = [] if original is not None else [
            repeat for repeat in repository.repeats_of(cur, event_id, employee_id=row["employee_id"],
                                                       event_type=row["event_type"])
            if repeat["device_id"] == device_id and repeat["review_state"] == "none"
            and repeat["status"] == "recognized"]
        payroll.refuse_closed(cur, settings, [(row["employee_id"], row["occurred_at"])],
                              what=f"disputing event {event_id}",
                              changing={event_id, *(repeat["id"] for repeat in repeats)})
        actor = kiosk_actor(device_id)
        flagged = None
        for event in [row, *repeats]:
            alone = event is row and original is not None
            changed = repository.flag_for_review(cur, event["id"], reason=REASON,
                                                 detail={DISPUTED_ALONE: original} if alone else None)
            note = (f"the person at the kiosk said this press was not theirs; the punch it repeats, event {original}, "
                    "still counts" if alone
                    else "the person at the kiosk said this punch was not theirs" if event is row
                    else f"the person at the kiosk said the punch it repeats, event {event_id}, was not theirs")
            repository.insert_audit(cur, attendance_id=event["id"], action="flag", actor=actor, note=note,
                                    before=_audited(event), after=_audited(changed))
            if (planned := snapshot_moves.plan(cur, changed)) is not None:
                moving.append(planned)
            flagged = flagged or changed
        # It no longer counts for the person: their punches decided with it may turn (under their lock).
        if original is None:
            moving += reconcile.reconcile_later_punches(cur, settings, flagged, employee_id=row["employee_id"],
                                                        cause="disputed", previously=row)
    if s3 is not None:
        snapshot_moves.move(db, s3, settings.bucket, ids=moving)
    return kiosk_event(event_from_row(flagged))
