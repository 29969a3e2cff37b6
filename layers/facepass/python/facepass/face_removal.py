"""Removing one enrolled face (a misfiled photo: somebody else's face on a person's record), and the comparisons of a
waiting embedding with the faces enrolled that an upload's checks share with it. They need the model pack's
constants, never its models (GalleryRules): the daily cleanup, whose function has none, makes again the removals a
database restore undid (facepass.ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from botocore.exceptions import BotoCoreError, ClientError

from facepass import calibration, employees, ledger, matching, repository, retention, storage
from facepass.authz import SYSTEM_ACTOR
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.faces.packs import ModelPack, get_pack, verify_threshold
from facepass.schemas import FaceList, FaceRemoval

if TYPE_CHECKING:
    from facepass.faces import FaceEngine

NOT_SAME_PERSON = "not_same_person"  # unlike the person's own enrolled photos: held, a misfiled photo would enroll
SUSPECTED_DUPLICATE = "suspected_duplicate"  # like another person's enrolled photos: held


@dataclass(frozen=True)
class GalleryRules:
    """What comparing stored embeddings reads of a FaceEngine (the same attributes), without its models."""

    pack: ModelPack
    settings: Settings

    @classmethod
    def of(cls, settings: Settings) -> GalleryRules:
        return cls(get_pack(settings.model_pack), settings)

    @property
    def model_id(self) -> str:
        return self.pack.model_id

    @property
    def verify_threshold(self) -> float:
        return verify_threshold(self.pack, self.settings.verify_threshold)


def duplicate_rule(cur, engine: FaceEngine | GalleryRules, settings: Settings) -> matching.OpenSetRule:
    """Its own target (few genuine new people flagged) and margin, through the same calibrated rule
    as identify: the threshold rises with the number of people enrolled."""
    gallery_size = repository.count_enrolled_people(cur, model_id=engine.model_id)
    return matching.open_set_rule(calibration.impostor_tail(engine, settings),
                                  target_rate=settings.duplicate_target_rate, gallery_size=gallery_size,
                                  margin=settings.duplicate_margin, floor=engine.pack.identify_threshold)


def own_faces(cur, engine: FaceEngine | GalleryRules, employee_id: UUID, vector) -> dict:
    """The person's own enrolled faces of the engine's model against `vector` (repository.employee_similarity: how
    many, `faces`; the best `similarity` to one of them and the `template_similarity`): read once for every check of
    one upload, confirmation or re-check of a held photo (same_photo_again, not_same_person, the duplicate rule's
    comparison with their own photos). The caller holds the person's lock: their faces stay as read."""
    return repository.employee_similarity(cur, employee_id=employee_id, model_id=engine.model_id,
                                          dimension=engine.pack.dimension, embedding=vector)


def suspected_duplicate(cur, engine: FaceEngine | GalleryRules, settings: Settings, employee_id: UUID, vector,
                        own: dict) -> tuple[matching.Candidate, matching.OpenSetRule] | None:
    """Another person this face matches, beating the employee's own enrolled photos (`own`: own_faces) by the
    margin."""
    others = matching.search(cur, model_id=engine.model_id, dimension=engine.pack.dimension, embedding=vector,
                             top_k=1, exclude_employee=employee_id)
    if not others:
        return None
    return _beating_own_photos(own, employee_id, others[0], duplicate_rule(cur, engine, settings))


def _beating_own_photos(own: dict, employee_id: UUID, other: matching.Candidate,
                        rule: matching.OpenSetRule) -> tuple[matching.Candidate, matching.OpenSetRule] | None:
    """`other` (the best other person) when they match by the duplicate `rule`, beating the employee's own photos
    (`own`: own_faces) by its margin, as documented; else None."""
    candidates = [other]
    if own["faces"]:
        candidates.append(matching.Candidate(employee_id, "", float(own["similarity"])))
        candidates.sort(key=lambda person: person.similarity, reverse=True)
    match = matching.decide(candidates, threshold=rule.threshold, margin=rule.margin)
    if match.employee is None or match.employee.employee_id == employee_id:
        return None
    return match.employee, rule


def suspected_inactive_duplicate(cur, engine: FaceEngine | GalleryRules, settings: Settings, employee_id: UUID,
                                 vector, own: dict) -> tuple[matching.Candidate, matching.OpenSetRule] | None:
    """A deactivated person (faces kept until erasure or the long-deactivated cleanup) this face matches, by
    suspected_duplicate's rule: never matched at a check-in, but a rehire enrolled under a new record would leave one
    face on two records, and reactivating the old one would make both ambiguous. HR should reactivate the old record
    instead (the reactivation is checked too: active_look_alikes)."""
    rule = duplicate_rule(cur, engine, settings)
    near = [row for row in repository.inactive_people_near(cur, model_id=engine.model_id,
                                                           dimension=engine.pack.dimension, embedding=vector,
                                                           min_similarity=rule.threshold)
            if row["employee_id"] != employee_id]
    if not near:
        return None
    return _beating_own_photos(own, employee_id, matching.Candidate(
        near[0]["employee_id"], near[0]["full_name"], float(near[0]["similarity"])), rule)


def active_look_alikes(cur, settings: Settings, employee_id: UUID) -> list[matching.Candidate]:
    """Active people (best first) whom one of this person's enrolled faces (of the configured pack's model) matches at
    the duplicate rule's threshold: reactivating the person would put one face on two active records (a rehire
    enrolled anew, or a face misfiled on one of them), and identify would answer ambiguous or the wrong one."""
    rules = GalleryRules.of(settings)
    vectors = repository.face_vectors(cur, employee_id=employee_id, model_id=rules.model_id)
    if not vectors:
        return []
    threshold = duplicate_rule(cur, rules, settings).threshold
    found: dict[UUID, matching.Candidate] = {}
    for vector in vectors:
        for person in matching.search(cur, model_id=rules.model_id, dimension=rules.pack.dimension, embedding=vector,
                                      top_k=1, exclude_employee=employee_id):
            if person.similarity >= threshold and person.similarity > getattr(found.get(person.employee_id),
                                                                               "similarity", -1.0):
                found[person.employee_id] = person
    return sorted(found.values(), key=lambda person: person.similarity, reverse=True)


def not_same_person(engine: FaceEngine | GalleryRules, own: dict) -> dict | None:
    """When the employee already has faces of this model and this one scores under the pack's verify threshold
    against them (`own`: own_faces; identify's person score: the better of template and best photo), what HR is
    shown; else None. A first photo has nothing to compare with. The caller holds the person's lock, so two photos of
    one person are compared one after the other, never both against the faces before either."""
    if not own["faces"]:
        return None
    similarity = matching.person_similarity(own["similarity"], own["template_similarity"])
    if similarity >= engine.verify_threshold:
        return None
    return {"similarity": round(similarity, 4), "threshold": engine.verify_threshold, "faces": int(own["faces"])}


def remove_face(db: Database, s3, settings: Settings, employee_id: UUID, face_id: int, *,
                actor: str | None, engine: FaceEngine | GalleryRules) -> FaceRemoval:
    """HR removes one enrolled face (a misfiled photo: somebody else's face on this record) and everything biometric
    tied to it: the embedding, the ticket it came from (its quality, liveness score, similarity), its upload if still
    in the bucket. Photos still held against the person's faces (their own not_same_person, others' suspected
    duplicates of them) are checked again against the faces left (recheck_holds); a settled ticket's score (which face
    gave it is not kept) goes. Audited (who, when, the face id) in employee_audit. A face that is not (or no longer)
    the person's: 404 face_not_found, nothing changed. The removal goes into the ledger first, as an erasure does (a
    restore must not bring the face back: the cleanup removes it again); S3 refusing it: 503 ledger_unavailable,
    nothing changed. Answers the faces left, and how many of the person's punches recognized by face arrived since
    the face was enrolled (which face matched a punch is not kept: any of them may be the removed face's owner's,
    credited to this person; HR checks them)."""
    if not actor:
        raise FacePassError("The token has no subject (`sub`): a face's removal must say who made it.",
                            code="actor_unknown", status=403)
    with db.reading() as cur:  # 404 before anything goes into the ledger
        enrolled_at = _face_of(cur, employee_id, face_id)["created_at"]
    # Before the database change, as an erasure: one whose commit then fails (or whose answer is lost) is made by the
    # cleanup anyway, the safe side (HR wanted that face off the record).
    try:
        ledger.record_face_removal(s3, bucket=settings.bucket, employee_id=employee_id, face_id=face_id,
                                   enrolled_at=enrolled_at)
    except (ClientError, BotoCoreError) as error:
        raise ledger.unrecorded() from error
    face, to_check, faces = _remove(db, s3, settings, employee_id, face_id, actor=actor, engine=engine)
    # The vector out of the table files now, as after an erasure (best effort; the daily cleanup vacuums again).
    retention.vacuum_embedding_tables(db, timeout=retention.ERASURE_VACUUM_TIMEOUT)
    return FaceRemoval(**faces.model_dump(), removed_face_id=face_id, removed_face_enrolled_at=face["created_at"],
                       punches_to_check=to_check["punches"],
                       punches_to_check_since=min(filter(None, (face["created_at"], to_check["first"]))))


def remove_again(db: Database, s3, settings: Settings, removal: ledger.RemovedFace) -> bool:
    """A removal the ledger holds whose face the database has again (a restore): made again as HR's was, audited as
    FacePass (automatic); the cleanup vacuums after. False: the face went meanwhile. S3 failing (the upload's
    delete): FacePassError, nothing changed."""
    try:
        _remove(db, s3, settings, removal.employee_id, removal.face_id, actor=SYSTEM_ACTOR,
                engine=GalleryRules.of(settings), enrolled_at=removal.enrolled_at)
    except NotFound:
        return False
    return True


def _face_of(cur, employee_id: UUID, face_id: int, enrolled_at: datetime | None = None) -> dict:
    """The person's face (enrolled at `enrolled_at` when given: an id a restore handed out again is another face);
    else 404."""
    face = repository.get_face(cur, face_id)
    if face is None or face["employee_id"] != employee_id or enrolled_at not in (None, face["created_at"]):
        if repository.get_employee(cur, employee_id) is None:
            raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
        raise NotFound(f"Employee {employee_id} has no face {face_id}.", code="face_not_found")
    return face


def _remove(db: Database, s3, settings: Settings, employee_id: UUID, face_id: int, *, actor: str,
            engine: FaceEngine | GalleryRules, enrolled_at: datetime | None = None) -> tuple[dict, dict, FaceList]:
    """The removal itself, one transaction (the API's and the cleanup's): returns the face's row, the punches to
    check (recognized_punches_since) and the faces left (read under the person's lock, which every change to their
    faces or their active state takes: what commits)."""
    released: list[str] = []  # held photos the re-check settled (suspect erased meanwhile): deleted once committed
    with db.transaction() as cur:
        face = _face_of(cur, employee_id, face_id, enrolled_at)
        # The tickets first, then the person: the order a confirmation and an erasure take them in (migration 0006:
        # the person's lock before the face's row, so the gallery size trigger counts exactly).
        repository.lock_tickets_of_face(cur, employee_id=employee_id, source_key=face["source_key"])
        person = repository.get_employee(cur, employee_id, lock="no key update")
        # An upload's duplicate search holds the gallery lock to its commit: one that found this face before it went
        # commits its hold first, and is checked again below with the others (a later one no longer sees the face).
        # The upload's order: the person's lock, the gallery's, then the faces (a last face's deletion locks the
        # gallery size row an upload's first face needs: taken before the gallery lock, the two deadlock).
        repository.lock_gallery(cur, model_id=face["model_id"])
        if not repository.delete_face(cur, employee_id=employee_id, face_id=face_id):  # a removal or erasure meanwhile
            raise NotFound(f"Employee {employee_id} has no face {face_id}.", code="face_not_found")
        repository.delete_ticket_of_face(cur, employee_id=employee_id, source_key=face["source_key"])
        rechecked = (recheck_holds(cur, engine, settings, employee_id, released=released)
                     if face["model_id"] == engine.model_id else [])
        repository.forget_similarities_to_faces_of(cur, employee_id, except_ids=rechecked)
        repository.insert_employee_audit(cur, employee_id=employee_id, field="face", actor=actor,
                                         before=str(face_id), after=None)
        to_check = repository.recognized_punches_since(cur, employee_id, face["created_at"])
        faces = employees.faces_of(cur, person, recommended_photos=settings.enroll_recommended_photos,
                                   settings=settings)
        upload = storage.parse_enrollment_key(face["source_key"])
        if upload is not None and upload.employee_id == employee_id:
            try:  # normally deleted after processing already; inside the transaction: if S3 fails, nothing changes
                storage.delete_object(s3, bucket=settings.bucket, key=face["source_key"])
            except (ClientError, BotoCoreError) as error:
                raise FacePassError("The face's enrollment upload could not be deleted; nothing was changed: try "
                                    "again.", code="storage_unavailable", status=503) from error
    storage.discard_held_photos(s3, bucket=settings.bucket, keys=released)
    return face, to_check, faces


def recheck_holds(cur, engine: FaceEngine | GalleryRules, settings: Settings, employee_id: UUID, *,
                  released: list[str] | None = None) -> list[UUID]:
    """After one of the person's faces went (the caller holds the person's and the gallery's locks): each photo held
    against their faces (of the engine's model) is checked again with its waiting embedding, as an upload now would
    be: both checks (check_hold), whatever it was held for. Still unlike its person's faces: `rechecked: still_held`,
    the new score; like them now (`passes`) or with no face left (`no_faces`), no score (HR still decides). A
    suspected duplicate: the new score when it still names the same person (`still_held`); when it names someone else
    now, held as a duplicate of them with their score (`names_another`); when it names nobody (`passes`, or
    `no_faces`: the person whose face went has none left), it no longer names them either (employee_id, full_name go:
    not their duplicate now, so their erasure or a removal of their faces no longer settles or checks it; HR still
    decides). `compared_face_removed: true` on each. Returns the tickets checked; the face crops of those settled
    (their suspect erased meanwhile) go into `released`, for the caller to delete after its commit."""
    checked = []
    # The loop writes tickets only: the person's faces stay as they are, counted once.
    no_faces = repository.count_model_faces(cur, employee_id=employee_id, model_id=engine.model_id) == 0
    for ticket in repository.held_tickets_against(cur, employee_id, model_id=engine.model_id):
        fresh = check_hold(cur, engine, settings, ticket)
        if fresh is None:  # it names someone erased meanwhile: as their erasure settles holds
            repository.reject_as_duplicate_erased(cur, ticket["id"])
            _release(released, ticket)
        else:
            code, detail = fresh
            if code == SUSPECTED_DUPLICATE and "employee_id" not in detail:  # it names nobody now
                detail["rechecked"] = "no_faces" if no_faces else "passes"  # of the record whose face went
            detail.update(compared_face_removed=True, recheck_cause="face_removed")
            repository.set_hold(cur, ticket["id"], reason_code=code, reason_detail=detail)
        checked.append(ticket["id"])
    return checked


def recheck_own_holds(cur, engine: FaceEngine | GalleryRules, settings: Settings, employee_id: UUID, *,
                      cause: str, released: list[str] | None = None) -> list[UUID]:
    """After a face was enrolled for the person (an upload, a confirmation; the caller holds the person's lock and the
    gallery's, taken before the face was stored: evaluate_embedding, confirm_enrollment): their other held photos are
    checked again (check_hold), since a `no_faces` or `passes` verdict may be stale now and the console lists what is
    current. A ticket another transaction holds (a confirmation, a removal, an erasure deciding it) is skipped: that
    one checks or settles it itself. Returns the tickets checked; `released` as recheck_holds."""
    checked = []
    for ticket in repository.held_tickets_of(cur, employee_id, model_id=engine.model_id):
        fresh = check_hold(cur, engine, settings, ticket)
        if fresh is None:
            repository.reject_as_duplicate_erased(cur, ticket["id"])
            _release(released, ticket)
        else:
            code, detail = fresh
            repository.set_hold(cur, ticket["id"], reason_code=code, reason_detail=dict(detail, recheck_cause=cause))
        checked.append(ticket["id"])
    return checked


def _release(released: list[str] | None, ticket: dict) -> None:
    """A held ticket just settled: its face crop is the caller's to delete once committed (None: the daily cleanup's,
    which deletes every held/ object no held ticket names)."""
    if released is not None and ticket.get("held_photo_key"):
        released.append(ticket["held_photo_key"])


# What a check of a held photo writes into its detail (the rest, its quality and liveness, stays).
VERDICT_KEYS = ("similarity", "threshold", "faces", "gallery_size", "rechecked", "employee_id", "full_name",
                "same_person", "same_person_similarity", "compared_face_removed", "recheck_cause", "hold_changed",
                "duplicate_of_inactive")


def check_face(cur, engine: FaceEngine | GalleryRules, settings: Settings, employee_id: UUID, vector,
               own: dict) -> tuple[str | None, dict] | None:
    """Both checks an upload makes of a face of the person (`own`: own_faces of it), after the same-photo one: the
    duplicate search (when FACEPASS_DUPLICATE_CHECK; the active first, then the deactivated who keep faces: a rehire
    enrolled as a new person would otherwise pass unnoticed, and clash once the old record is reactivated) and the
    same-person check against their own faces. The caller holds the person's and the gallery's locks (one duplicate
    check per model at a time, to the commit: two enrollments of one face under two people at once would each search
    before the other's face is stored, and both be accepted). Returns the reason to hold it for and what HR is shown:
    suspected_duplicate naming the person (employee_id, full_name, similarity, threshold, gallery_size,
    duplicate_of_inactive when deactivated) with `same_person` (unlike, with same_person_similarity; passes;
    no_faces), so HR sees both and a confirmation can tell whether either changed since; else not_same_person
    (not_same_person's detail, same_person unlike); else None with `same_person` (passes or no_faces). None: the person
    it looks like was erased since the search (no face left), who leaves no waiting duplicate (an erasure rejects
    those)."""
    unlike = not_same_person(engine, own)
    same_person = "unlike" if unlike else "passes" if own["faces"] else "no_faces"
    suspect = ((suspected_duplicate(cur, engine, settings, employee_id, vector, own)
                or suspected_inactive_duplicate(cur, engine, settings, employee_id, vector, own))
               if settings.duplicate_check else None)
    if suspect is None:
        return (NOT_SAME_PERSON, dict(unlike, same_person="unlike")) if unlike else (None, {"same_person": same_person})
    match, rule = suspect
    # The other person's lock (waits for an erasure of them to commit): erased since the search, no face left.
    still = repository.get_employee(cur, match.employee_id, lock="key share")
    if still is None or not (still["is_active"] or repository.count_model_faces(
            cur, employee_id=match.employee_id, model_id=engine.model_id)):
        return None
    detail = {"employee_id": str(match.employee_id), "full_name": match.full_name,
              "similarity": round(match.similarity, 4), "threshold": rule.threshold, "gallery_size": rule.gallery_size,
              "same_person": same_person}
    if not still["is_active"]:  # deactivated (now or since the search), faces kept: a rehire, most likely
        detail["duplicate_of_inactive"] = True
    if unlike:
        detail["same_person_similarity"] = unlike["similarity"]
    return SUSPECTED_DUPLICATE, detail


def check_hold(cur, engine: FaceEngine | GalleryRules, settings: Settings, ticket: dict,
               own: dict | None = None) -> tuple[str, dict] | None:
    """Both checks an upload gets (check_face), again, for a held ticket's waiting embedding (`pending_embedding`;
    `own`: own_faces of it, when the caller read them already). The caller holds the person's and the gallery's
    locks. Returns the reason code and detail to hold it with now: check_face's, its code as it was when that names
    no reason (`same_person`: passes or no_faces); `rechecked` says how it compares with what the ticket said
    (still_held, names_another, passes, no_faces). None: the person it now looks like was erased meanwhile (the caller
    settles it as their erasure would)."""
    person, vector = ticket["employee_id"], ticket["pending_embedding"]
    checked = check_face(cur, engine, settings, person, vector,
                         own_faces(cur, engine, person, vector) if own is None else own)
    if checked is None:
        return None
    code, fresh = checked
    before = ticket["reason_detail"] or {}
    if code == SUSPECTED_DUPLICATE:
        named_before = before.get("employee_id") if ticket["reason_code"] == SUSPECTED_DUPLICATE else None
        rechecked = "still_held" if named_before == fresh["employee_id"] else "names_another"
    else:
        rechecked = "still_held" if code == NOT_SAME_PERSON else fresh["same_person"]
    detail = {key: value for key, value in before.items() if key not in VERDICT_KEYS}
    detail.update(fresh, rechecked=rechecked)
    return code or ticket["reason_code"], detail


def hold_verdict(reason_code: str | None, detail: dict | None) -> tuple[str | None, str | None]:
    """What a held ticket tells HR, to compare a fresh check with: whom it looks like (an employee id, or None) and
    how it compares with its person's own faces (unlike, passes, no_faces; None: not checked, a duplicate held before
    both checks were kept)."""
    detail = detail or {}
    duplicate_of = detail.get("employee_id") if reason_code == SUSPECTED_DUPLICATE else None
    same_person = detail.get("same_person")
    if same_person is None and reason_code == NOT_SAME_PERSON:
        same_person = detail["rechecked"] if detail.get("rechecked") in ("passes", "no_faces") else "unlike"
    return duplicate_of, same_person


def same_verdict(stored: tuple[str | None, str | None], fresh: tuple[str | None, str | None]) -> bool:
    """Whether a fresh check says what HR saw: the same person looked like, the same comparison with the person's own
    faces (one never made counts as the same unless the fresh one is unlike them: that is news)."""
    if stored[0] != fresh[0]:
        return False
    return stored[1] == fresh[1] or (stored[1] is None and fresh[1] != "unlike")
