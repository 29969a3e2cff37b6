"""Who is this? 1:N identify and 1:1 verify of a probe photo against enrolled employees."""

from __future__ import annotations

from uuid import UUID

from facepass import matching, presence, repository
from facepass.calibration import impostor_tail
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.faces import FaceEngine, StageTimer
from facepass.faces.decoding import DecodedImage
from facepass.faces.engine import FaceAnalysis, FaceEmbedding
from facepass.faces.quality import ProbeGates, quality_failure
from facepass.schemas import (
    CandidateOut,
    FaceIdentification,
    IdentifyResult,
    KioskDecision,
    KioskIdentifyResult,
    KioskVerifyResult,
    PersonRef,
    VerifyResult,
)


def probe_gates(engine: FaceEngine, settings: Settings) -> ProbeGates:
    return ProbeGates(
        min_face_px=settings.probe_min_face_px,
        min_detection_score=(engine.pack.detection_threshold if settings.probe_min_detection_score is None
                             else settings.probe_min_detection_score),
        min_sharpness=settings.probe_min_sharpness,
        max_yaw=settings.probe_max_yaw_degrees,
        max_pitch=settings.probe_max_pitch_degrees,
        min_brightness=settings.probe_min_brightness,
        max_brightness=settings.probe_max_brightness,
    )


def identify_rule(cur, engine: FaceEngine, settings: Settings) -> matching.OpenSetRule:
    """The threshold for a search now: the false-accept target at the current gallery size (or the
    fixed FACEPASS_IDENTIFY_THRESHOLD if a deployment pinned one)."""
    return gallery_rule(engine, settings, repository.count_enrolled_people(cur, model_id=engine.model_id))


def gallery_rule(engine: FaceEngine, settings: Settings, gallery_size: int) -> matching.OpenSetRule:
    """identify_rule for a gallery size already known."""
    return matching.open_set_rule(impostor_tail(engine, settings), target_rate=settings.target_fpir,
                                  gallery_size=gallery_size, margin=settings.match_margin,
                                  floor=engine.pack.identify_threshold, fixed_threshold=settings.identify_threshold)


def _face_result(face: FaceEmbedding, match: matching.MatchResult, rule: matching.OpenSetRule,
                 retry_reason: str | None = None) -> FaceIdentification:
    person = match.employee
    return FaceIdentification(
        decision=match.decision,
        retry_reason=retry_reason,
        employee=PersonRef(id=person.employee_id, full_name=person.full_name) if person else None,
        similarity=round(match.best.similarity, 4) if match.best else None,
        margin=round(match.margin, 4) if match.margin is not None else None,
        candidates=[CandidateOut(employee_id=c.employee_id, similarity=round(c.similarity, 4),
                                 face_similarity=None if c.face_similarity is None else round(c.face_similarity, 4),
                                 template_similarity=(None if c.template_similarity is None
                                                      else round(c.template_similarity, 4)))
                    for c in match.candidates],
        box=face.face.box_dict(),
        detection_score=round(face.face.score, 4),
        threshold=rule.threshold,
        expected_fpir=round(rule.expected_fpir, 6),
        gallery_size=rule.gallery_size,
    )


def identify_face(cur, engine: FaceEngine, settings: Settings, face: FaceEmbedding,
                  rule: matching.OpenSetRule) -> FaceIdentification:
    """The decision for one embedded face: retry if the probe fails a quality gate (no search),
    else the open-set decision. The evaluation comes through here; identify and check-in through
    _identify_each, which decides the same way."""
    failure = quality_failure(face.quality, probe_gates(engine, settings))
    candidates = None if failure else matching.search(cur, model_id=engine.model_id, dimension=engine.pack.dimension,
                                                      embedding=face.vector, top_k=settings.search_top_k)
    return _decided(face, failure, candidates, rule)


def _decided(face: FaceEmbedding, failure: tuple[str, str] | None, candidates: list[matching.Candidate] | None,
             rule: matching.OpenSetRule) -> FaceIdentification:
    """retry for a probe that failed a gate (it was not searched), else the open-set decision on its candidates."""
    if failure:
        return _face_result(face, matching.MatchResult("retry", None, None, []), rule, retry_reason=failure[0])
    return _face_result(face, matching.decide(candidates, threshold=rule.threshold, margin=rule.margin), rule)


def _identify_each(cur, engine: FaceEngine, settings: Settings, faces: list[FaceEmbedding]) -> list[FaceIdentification]:
    """identify_face for each face with one rule, as identify_rule + identify_face give, in fewer round trips:
    each search also counts the gallery (the first count is used; a separate count only when no face passes
    the gates)."""
    gates = probe_gates(engine, settings)
    failures = [quality_failure(face.quality, gates) for face in faces]
    found: dict[int, list[matching.Candidate]] = {}
    gallery_size = None
    for index, (face, failure) in enumerate(zip(faces, failures, strict=True)):
        if failure:
            continue
        found[index], counted = matching.search_counting_gallery(
            cur, model_id=engine.model_id, dimension=engine.pack.dimension, embedding=face.vector,
            top_k=settings.search_top_k)
        gallery_size = counted if gallery_size is None else gallery_size
    if gallery_size is None:
        gallery_size = repository.count_enrolled_people(cur, model_id=engine.model_id)
    rule = gallery_rule(engine, settings, gallery_size)
    return [_decided(face, failure, found.get(index), rule)
            for index, (face, failure) in enumerate(zip(faces, failures, strict=True))]


def identify_faces(db: Database, engine: FaceEngine, settings: Settings, data: bytes, *, all_faces: bool = False,
                   liveness: bool = False, timer: StageTimer | None = None) -> IdentifyResult:
    """Identify the largest face (or every face). Raises ImageRejected (no_face, not_an_image, ...)."""
    timer = timer or StageTimer()
    with timer.stage("decode"):
        image = engine.decode(data)
    return identify_image(db, engine, settings, image, all_faces=all_faces, liveness=liveness, timer=timer)


def identify_image(db: Database, engine: FaceEngine, settings: Settings, image: DecodedImage, *,
                   all_faces: bool = False, liveness: bool = False, timer: StageTimer | None = None) -> IdentifyResult:
    """liveness: also score the largest face with the passive liveness models (identify is evidence
    only; check-in applies FACEPASS_LIVENESS_POLICY itself)."""
    timer = timer or StageTimer()
    analysis = engine.analyze_image(image, all_faces=all_faces, timer=timer)
    with timer.stage("search"), db.reading() as cur:  # one statement (two when every face fails the gates)
        results = _identify_each(cur, engine, settings, analysis.faces)
    score = None
    if liveness and settings.liveness_policy != "off":
        from facepass.presence import liveness_model

        with timer.stage("liveness"):
            score = liveness_model(engine).score(image.bgr, analysis.faces[0].face.box)
    first = results[0]
    return IdentifyResult(
        **first.model_dump(),
        model_id=engine.model_id,
        faces_detected=analysis.detected,
        faces=results if all_faces else None,
        liveness_score=None if score is None else round(score.p_live, 4),
        liveness_flagged=None if score is None else score.p_live < settings.liveness_threshold,
        timings_ms=dict(timer.ms),
    )


# At most this many other faces are looked up per check-in (the largest): a crowded frame, or a group photo sent
# with a device token, must not cost a recognizer run and an index search per face. A kiosk queue shows one or two more.
BYSTANDER_FACES_MAX = 4


def bystander_faces(engine: FaceEngine, settings: Settings, analysis: FaceAnalysis | None, *,
                    timer: StageTimer) -> list[FaceEmbedding]:
    """The other faces a check-in's photo shows beside the largest one (the one identified), embedded: the largest
    BYSTANDER_FACES_MAX of those located at identify's minimum face size (FACEPASS_PROBE_MIN_FACE_PX) or more, big
    enough to be recognised. No work for the common photo of one face (identify located no other)."""
    if analysis is None or analysis.image is None or len(analysis.located) < 2:
        return []
    others = [face for face in analysis.located[1:]
              if min(face.width, face.height) >= settings.probe_min_face_px][:BYSTANDER_FACES_MAX]
    if not others:
        return []
    with timer.stage("bystanders"):
        return engine.embed(analysis.image, others)


def bystanders_in(cur, engine: FaceEngine, settings: Settings, faces: list[FaceEmbedding], *,
                  identified: UUID | None) -> list[str]:
    """Who the bystanders' faces may be: anyone, active or not, with a face at the verify threshold (as 1:1 verify
    would say yes), but the person identified. Ids only, sorted: what their erasure looks for."""
    found = {str(employee_id) for employee_id in repository.people_near(
        cur, model_id=engine.model_id, dimension=engine.pack.dimension, embeddings=[face.vector for face in faces],
        min_similarity=engine.verify_threshold, candidates=matching.window(settings.search_top_k))}
    found.discard(str(identified) if identified else None)
    return sorted(found)


def kiosk_decision(found: FaceIdentification) -> KioskDecision:
    """The decision as a kiosk (device token) is told it: whom to greet, or why to retry; never the candidates,
    scores, threshold or gallery size (a stolen token would make them a face-search oracle)."""
    return KioskDecision(decision=found.decision, retry_reason=found.retry_reason,
                         employee=found.employee if found.decision == "matched" else None, box=found.box)


def kiosk_presence(engine: FaceEngine, settings: Settings, data: bytes, *, all_faces: bool = False,
                   timer: StageTimer | None = None) -> KioskIdentifyResult:
    """/identify as a kiosk (a device token) gets it: whether a face good enough to check in stands in front of it
    (`present`), or why not (`retry` and its reason; 422 no_face for none), and where — never who, and nothing
    searched. The kiosk asks only whether the hall is empty; a stolen token naming any face from any photo, silently
    (a check-in is recorded and reviewed; this is not), would be the face-search oracle the kiosk view keeps out."""
    timer = timer or StageTimer()
    with timer.stage("decode"):
        image = engine.decode(data)
    # No recognizer run (nobody is recognized), and for a crowd the largest few faces only, as a check-in's
    # bystanders: a photo of many faces costs a device no more than a kiosk queue.
    detected, measured = engine.assess(image, all_faces=all_faces, limit=BYSTANDER_FACES_MAX, timer=timer)
    gates = probe_gates(engine, settings)
    decisions = []
    for face, quality in measured:
        failure = quality_failure(quality, gates)
        decisions.append(KioskDecision(decision="retry" if failure else "present",
                                       retry_reason=failure[0] if failure else None, box=face.box_dict()))
    return KioskIdentifyResult(**decisions[0].model_dump(), faces_detected=detected,
                               faces=decisions if all_faces else None, timings_ms=dict(timer.ms))


def verify_face(db: Database, engine: FaceEngine, settings: Settings, employee_id: UUID, data: bytes,
                timer: StageTimer | None = None, *, kiosk: bool = False) -> VerifyResult | KioskVerifyResult:
    """1:1: is this the given person? A probe that fails identify's quality gates is retry (nothing compared); a
    deactivated person is never verified. kiosk (a device token's call): the same 404 for an id unknown, deactivated,
    erased or without a face of this model (a kiosk cannot tell them apart), and only verified / retry_reason."""
    timer = timer or StageTimer()
    with db.reading() as cur:
        employee = repository.get_employee(cur, employee_id)
        faces = repository.count_model_faces(cur, employee_id=employee_id, model_id=engine.model_id) \
            if employee is not None else 0
    if employee is None or (kiosk and (not employee["is_active"] or not faces)):
        raise NotFound(f"No employee {employee_id}" + (" enrolled." if kiosk else "."), code="employee_not_found")
    if not faces:
        raise FacePassError(f"Employee {employee_id} has no enrolled face for model {engine.model_id}.",
                            code="not_enrolled", status=409)
    analysis = engine.analyze(data, timer=timer)
    face = analysis.faces[0]
    failure = quality_failure(face.quality, probe_gates(engine, settings))
    similarity = None
    if failure is None:
        with timer.stage("search"), db.reading() as cur:
            row = repository.employee_similarity(cur, employee_id=employee_id, model_id=engine.model_id,
                                                 dimension=engine.pack.dimension, embedding=face.vector)
        similarity = float(row["similarity"])
        # The check-in's presence gate, here too: a 1:1 answer may open a door as well.
        presence.refuse_attack_when_blocking(db, engine, settings, image=analysis.image, face=face, timer=timer)
    verified = bool(employee["is_active"] and similarity is not None and similarity >= engine.verify_threshold)
    retry_reason = failure[0] if failure else None
    if kiosk:
        return KioskVerifyResult(employee_id=employee_id, verified=verified, retry_reason=retry_reason)
    return VerifyResult(employee_id=employee_id, verified=verified, retry_reason=retry_reason,
                        similarity=None if similarity is None else round(similarity, 4),
                        threshold=engine.verify_threshold, is_active=employee["is_active"],
                        box=face.face.box_dict(), timings_ms=dict(timer.ms))
