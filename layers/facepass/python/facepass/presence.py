"""Presence assurance for a check: is a live person in front of the kiosk, or a photo, a screen, a copy
of enrollment material? Passive liveness on every check, replay of enrollment material, the reasons
that send an event to review, and the optional active challenge (a head turn with a single-use nonce).

Every signal here is evidence for a human reviewer, not a verdict on its own.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import cv2
import numpy as np

from facepass import repository
from facepass.config import Settings
from facepass.errors import FacePassError
from facepass.faces import FaceEngine, StageTimer
from facepass.faces.decoding import DecodedImage
from facepass.faces.engine import FaceAnalysis, FaceEmbedding
from facepass.faces.liveness import LivenessModel, LivenessScore, load_liveness, runs_concurrently
from facepass.faces.quality import estimate_pose
from facepass.schemas import Challenge, IdentifyResult, has_control_characters

# A probe at least this similar to one enrolled face is a copy of enrollment material (the same
# photo re-sent, re-encoded or shown on a screen), not a new capture. Set above the most similar pair
# of *different* real captures of one person: LFW DevTrain's 1,100 genuine pairs reach at most 0.918
# (SFace) / 0.906 (ArcFace-MBF), the fixture photos 0.894 / 0.860; re-encoded copies of a fixture
# photo give a median of 0.979 / 0.987 (README "Replay of enrollment material").
REPLAY_SIMILARITY = {"sface-2021dec": 0.95, "buffalo_s-w600k_mbf": 0.95, "buffalo_l-w600k_r50": 0.95}

# Reasons that are a presentation attack (refused under the block policy) versus doubts about who it is.
ATTACK_REASONS = ("liveness", "replay", "challenge_failed")

# Planar-motion test: the nose tip is out of the plane of the eyes and mouth corners. The homography
# through those four points predicts where the nose of a *flat* picture goes; a real head turn moves it
# elsewhere by about nose depth x sin(turn). Residuals in eye distances. On the fixture photos: one
# photo under random perspective warps and shears 0.02-0.083 (landmark noise); different photos of one
# person 15-52 degrees of yaw apart 0.14-0.46.
PLANAR_RESIDUAL_MIN = 0.11
# A turn must move steadily the asked way: a step back by more than this (degrees) is a reordered burst.
YAW_STEP_TOLERANCE = 4.0


def liveness_model(engine: FaceEngine) -> LivenessModel:
    return load_liveness(engine.settings.model_dir, concurrent=runs_concurrently(engine.settings.inference_threads))


def score_face(engine: FaceEngine, image: DecodedImage, box: tuple[float, float, float, float]) -> LivenessScore:
    """Passive liveness of one face; `box` in original pixels (an enrollment photo may be decoded at
    reduced scale: the crop is then taken from the pixels decoded)."""
    if image.scale != 1.0:
        box = tuple(value * image.scale for value in box)
    return liveness_model(engine).score(image.bgr, box)


def replay_threshold(settings: Settings, model_id: str) -> float:
    if settings.replay_similarity is not None:
        return settings.replay_similarity
    return REPLAY_SIMILARITY.get(model_id, 0.95)


def attack_reasons(settings: Settings, model_id: str, *, liveness: LivenessScore | None,
                   replay_similarity: float | None) -> list[str]:
    """What makes a face a presentation attack: `liveness` (a photo, a screen), `replay` (a copy of enrollment
    material)."""
    reasons = []
    if liveness is not None and liveness.p_live < settings.liveness_threshold:
        reasons.append("liveness")
    if replay_similarity is not None and replay_similarity >= replay_threshold(settings, model_id):
        reasons.append("replay")
    return reasons


def refuse_attack_when_blocking(db, engine: FaceEngine, settings: Settings, *, image: DecodedImage,
                                face: FaceEmbedding, timer: StageTimer | None = None) -> None:
    """Under the block policy, what a check-in refuses is refused where nothing is recorded too (/verify): a
    photo, a screen (liveness) or a copy of enrollment material (replay). 422 presentation_attack."""
    if settings.liveness_policy != "block":
        return
    timer = timer or StageTimer()
    with timer.stage("liveness"):
        score = score_face(engine, image, face.face.box)
    with timer.stage("replay"), db.reading() as cur:
        replay = repository.best_single_face_similarity(cur, model_id=engine.model_id,
                                                        dimension=engine.pack.dimension, embedding=face.vector)
    reasons = attack_reasons(settings, engine.model_id, liveness=score, replay_similarity=replay)
    if reasons:  # no score, and not which check: the caller may be a stolen kiosk token tuning a picture
        raise FacePassError("This looks like a photo, a screen or a copy of enrollment material.",
                            code="presentation_attack", status=422)


def box_of(found: IdentifyResult) -> tuple[float, float, float, float]:
    box = found.box
    return (box.x, box.y, box.x + box.width, box.y + box.height)


@dataclass
class Assessment:
    """What the presence checks found for one check."""

    liveness: LivenessScore | None = None
    replay_similarity: float | None = None
    reasons: list[str] = field(default_factory=list)
    challenge: dict | None = None  # what the challenge measured (yaw, residuals), for the reviewer

    @property
    def attack(self) -> bool:
        return any(reason in ATTACK_REASONS for reason in self.reasons)

    @property
    def liveness_score(self) -> float | None:
        return round(self.liveness.p_live, 4) if self.liveness else None

    @property
    def liveness_model(self) -> str | None:
        return self.liveness.model_id if self.liveness else None


def check_liveness(engine: FaceEngine, settings: Settings, *, image: DecodedImage, found: IdentifyResult,
                   face: FaceEmbedding | None, timer: StageTimer | None = None) -> LivenessScore | None:
    """Passive liveness of the identified face (None when the policy is off). No database: a check runs it
    before opening its transaction, so the inference never holds the idempotency key's row lock."""
    if settings.liveness_policy == "off":
        return None
    with (timer or StageTimer()).stage("liveness"):
        return score_face(engine, image, face.face.box if face else box_of(found))


def assess(cur, engine: FaceEngine, settings: Settings, *, image: DecodedImage, found: IdentifyResult,
           face: FaceEmbedding | None, liveness: LivenessScore | None = None,
           timer: StageTimer | None = None) -> Assessment:
    """Liveness (unless given, e.g. by a challenge), replay and the review reasons of one identified face.
    `face` carries the probe's vector (None: replay not checked)."""
    timer = timer or StageTimer()
    result = Assessment()
    if settings.liveness_policy != "off":
        if liveness is None:
            liveness = check_liveness(engine, settings, image=image, found=found, face=face, timer=timer)
        result.liveness = liveness
    if face is not None:
        with timer.stage("replay"):
            result.replay_similarity = repository.best_single_face_similarity(
                cur, model_id=engine.model_id, dimension=engine.pack.dimension, embedding=face.vector)
    result.reasons += attack_reasons(settings, engine.model_id, liveness=result.liveness,
                                     replay_similarity=result.replay_similarity)
    if found.decision == "ambiguous":
        result.reasons.append("ambiguous")
    elif found.decision == "matched" and found.margin is not None and found.margin < settings.review_margin:
        result.reasons.append("low_margin")
    elif found.decision == "unknown" and settings.review_unknown:
        result.reasons.append("unknown")
    return result


def another_face_close(settings: Settings, analysis: FaceAnalysis | None) -> bool:
    """A second face in the photo at least FACEPASS_CHECKIN_SECOND_FACE_AREA_RATIO of the largest one's area (as
    enrollment refuses such photos): two people at the kiosk, and the one recorded may not be the one who pressed."""
    ratio = settings.checkin_second_face_area_ratio
    located = analysis.located if analysis else []
    return bool(ratio) and len(located) > 1 and located[1].area >= ratio * located[0].area


# --- active challenge ------------------------------------------------------------------------------


def issue_challenge(cur, settings: Settings, *, device_id: str | None, now: datetime | None = None) -> Challenge:
    if not device_id:
        raise FacePassError("A challenge is bound to a device: send X-Device-Id.", code="device_id_required",
                            status=422)
    if len(device_id) > 100 or has_control_characters(device_id):
        raise FacePassError("device_id must be printable text of at most 100 characters.", code="invalid_device_id",
                            status=422)
    now = now or datetime.now(UTC)
    nonce = secrets.token_urlsafe(24)
    instruction = secrets.choice(("turn_left", "turn_right"))
    expires_at = now + timedelta(seconds=settings.challenge_ttl_seconds)
    repository.insert_challenge(cur, nonce=nonce, device_id=device_id, instruction=instruction,
                                expires_at=expires_at)
    return Challenge(nonce=nonce, instruction=instruction, expires_at=expires_at,
                     frames_expected=settings.challenge_frames)


def challenge_instruction(cur, *, nonce: str, device_id: str | None, now: datetime | None = None,
                          captured_at: datetime | None = None) -> tuple[str, bool]:
    """The nonce's instruction and whether it came late, or a refusal (unknown, another device's, used, expired).
    Late: a burst the kiosk says it captured while the nonce was valid, queued while offline and sent after it
    expired; accepted, and a human looks at it (the capture time is the kiosk's word). Not spent here: the check's
    own transaction spends it (spend_challenge) with its row and Idempotency-Key, so a resend after a failure, or
    a duplicate of a burst being recorded, is answered as a resend, not refused as a used nonce."""
    now = now or datetime.now(UTC)
    row = repository.get_challenge(cur, nonce)
    if row is None:
        raise FacePassError("Unknown challenge nonce: ask GET /attendance/challenge.", code="challenge_unknown",
                            status=422)
    if row["device_id"] != device_id:
        raise FacePassError("This challenge was issued to another device.", code="challenge_wrong_device",
                            status=422)
    if row["used_at"] is not None:
        raise challenge_used()
    if row["expires_at"] <= now:
        if captured_at is not None and captured_at <= row["expires_at"]:
            return row["instruction"], True
        raise FacePassError("This challenge has expired: ask for a new one.", code="challenge_expired", status=422)
    return row["instruction"], False


def challenge_used() -> FacePassError:
    return FacePassError("This challenge was already used: each nonce answers one burst.", code="challenge_used",
                         status=422)


def spend_challenge(cur, nonce: str) -> None:
    """Spend the nonce in the caller's transaction, or refuse the burst: another burst spent it meanwhile."""
    if not repository.mark_challenge_used(cur, nonce):
        raise challenge_used()


def planar_residual(first: np.ndarray, other: np.ndarray) -> float:
    """How far the nose lands from where a flat picture's nose would, in eye distances. The
    homography through the four near-coplanar points (eyes, mouth corners) maps a flat picture's
    landmarks exactly, whatever the picture's tilt, perspective or shear."""
    plane = [0, 1, 3, 4]
    homography = cv2.getPerspectiveTransform(first[plane].astype(np.float32), other[plane].astype(np.float32))
    nose = cv2.perspectiveTransform(first[2].reshape(1, 1, 2).astype(np.float32), homography).reshape(2)
    eye_distance = max(float(np.linalg.norm(other[1] - other[0])), 1e-6)
    return float(np.linalg.norm(nose - other[2]) / eye_distance)


@dataclass(frozen=True)
class ChallengeOutcome:
    passed: bool
    failures: list[str]  # same_person, turn, planar_motion, liveness
    yaw: list[float]
    planar_residual: float
    min_similarity: float
    liveness: LivenessScore  # the weakest frame's

    def as_dict(self) -> dict:
        return {"passed": self.passed, "failures": self.failures, "yaw": [round(v, 1) for v in self.yaw],
                "planar_residual": round(self.planar_residual, 4), "min_similarity": round(self.min_similarity, 4),
                "min_liveness": round(self.liveness.p_live, 4)}


def check_burst(engine: FaceEngine, settings: Settings, instruction: str, images: list[DecodedImage],
                faces: list[FaceEmbedding], timer: StageTimer | None = None) -> ChallengeOutcome:
    """The frames of one burst (largest face of each, in capture order) against the instruction:
    one person throughout, a real turn the asked way, not a flat picture, live on every frame."""
    timer = timer or StageTimer()
    failures = []
    first = faces[0].vector
    min_similarity = min(float(np.dot(first, face.vector)) for face in faces[1:])
    if min_similarity < engine.verify_threshold:
        failures.append("same_person")
    sign = 1.0 if instruction == "turn_left" else -1.0
    yaw = [estimate_pose(face.face.landmarks)[0] for face in faces]
    progress = [sign * (value - yaw[0]) for value in yaw]
    steady = all(b >= a - YAW_STEP_TOLERANCE for a, b in itertools.pairwise(progress))
    if progress[-1] < settings.challenge_min_yaw_degrees or not steady:
        failures.append("turn")
    residual = max(planar_residual(faces[0].face.landmarks, face.face.landmarks) for face in faces[1:])
    if residual < PLANAR_RESIDUAL_MIN:
        failures.append("planar_motion")
    with timer.stage("liveness"):
        scores = liveness_model(engine).score_many([(image.bgr, face.face.box)
                                                    for image, face in zip(images, faces, strict=True)])
    weakest = min(scores, key=lambda score: score.p_live)
    if settings.liveness_policy != "off" and weakest.p_live < settings.liveness_threshold:
        failures.append("liveness")
    return ChallengeOutcome(passed=not failures, failures=failures, yaw=yaw, planar_residual=residual,
                            min_similarity=min_similarity, liveness=weakest)
