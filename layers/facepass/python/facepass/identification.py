"""Who is this? 1:N identify and 1:1 verify of a probe photo against enrolled employees."""

from __future__ import annotations

from uuid import UUID

from facepass import matching, repository
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.faces import FaceEngine, StageTimer
from facepass.faces.decoding import DecodedImage
from facepass.faces.engine import FaceEmbedding
from facepass.schemas import CandidateOut, FaceIdentification, IdentifyResult, PersonRef, VerifyResult


def _face_result(face: FaceEmbedding, match: matching.MatchResult) -> FaceIdentification:
    person = match.employee
    return FaceIdentification(
        decision=match.decision,
        employee=PersonRef(id=person.employee_id, full_name=person.full_name) if person else None,
        similarity=round(match.best.similarity, 4) if match.best else None,
        margin=round(match.margin, 4) if match.margin is not None else None,
        candidates=[CandidateOut(employee_id=c.employee_id, similarity=round(c.similarity, 4))
                    for c in match.candidates],
        box=face.face.box_dict(),
        detection_score=round(face.face.score, 4),
    )


def identify_faces(db: Database, engine: FaceEngine, settings: Settings, data: bytes, *, all_faces: bool = False,
                   timer: StageTimer | None = None) -> IdentifyResult:
    """Identify the largest face (or every face). Raises ImageRejected (no_face, not_an_image, ...)."""
    timer = timer or StageTimer()
    with timer.stage("decode"):
        image = engine.decode(data)
    return identify_image(db, engine, settings, image, all_faces=all_faces, timer=timer)


def identify_image(db: Database, engine: FaceEngine, settings: Settings, image: DecodedImage, *,
                   all_faces: bool = False, timer: StageTimer | None = None) -> IdentifyResult:
    timer = timer or StageTimer()
    analysis = engine.analyze_image(image, all_faces=all_faces, timer=timer)
    results = []
    with timer.stage("search"), db.transaction() as cur:
        for face in analysis.faces:
            match = matching.identify(cur, model_id=engine.model_id, dimension=engine.pack.dimension,
                                      embedding=face.vector, threshold=engine.identify_threshold,
                                      margin=settings.match_margin, top_k=settings.search_top_k)
            results.append(_face_result(face, match))
    first = results[0]
    return IdentifyResult(
        **first.model_dump(),
        model_id=engine.model_id,
        threshold=engine.identify_threshold,
        faces_detected=analysis.detected,
        faces=results if all_faces else None,
        timings_ms=dict(timer.ms),
    )


def verify_face(db: Database, engine: FaceEngine, employee_id: UUID, data: bytes,
                timer: StageTimer | None = None) -> VerifyResult:
    timer = timer or StageTimer()
    with db.transaction() as cur:
        employee = repository.get_employee(cur, employee_id)
    if employee is None:
        raise NotFound(f"No employee {employee_id}.", code="employee_not_found")
    analysis = engine.analyze(data, timer=timer)
    with timer.stage("search"), db.transaction() as cur:
        row = repository.employee_similarity(cur, employee_id=employee_id, model_id=engine.model_id,
                                             dimension=engine.pack.dimension, embedding=analysis.faces[0].vector)
    if not row["faces"]:
        raise FacePassError(f"Employee {employee_id} has no enrolled face for model {engine.model_id}.",
                            code="not_enrolled", status=409)
    similarity = float(row["similarity"])
    verified = employee["is_active"] and similarity >= engine.verify_threshold
    return VerifyResult(employee_id=employee_id, verified=bool(verified), similarity=round(similarity, 4),
                        threshold=engine.verify_threshold, is_active=employee["is_active"],
                        box=analysis.faces[0].face.box_dict(), timings_ms=dict(timer.ms))
