"""Face quality figures and the enrollment gates that turn them into stable reason codes."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import cv2
import numpy as np

from facepass.faces.detection import DetectedFace

# Where the nose tip sits between the eye line and the mouth line on a frontal face, as the
# detectors place the landmarks (median over the frontal fixture photos).
FRONTAL_NOSE_RATIO = 0.57
# Nose tip depth in front of the eye plane, relative to the distance between the eyes.
NOSE_DEPTH_RATIO = 0.45


@dataclass(frozen=True)
class FaceQuality:
    face_px: float  # shorter side of the face box, original pixels
    detection_score: float
    sharpness: float  # variance of the Laplacian on the aligned face
    brightness: float  # mean luminance of the aligned face centre, 0-255
    yaw: float  # degrees, estimated from the landmarks
    pitch: float

    def as_dict(self) -> dict[str, float]:
        return {key: round(float(value), 3) for key, value in asdict(self).items()}


def estimate_pose(landmarks: np.ndarray) -> tuple[float, float]:
    """Rough yaw and pitch from five landmarks, roll removed first. Enough to refuse profile shots."""
    left_eye, right_eye, nose, mouth_left, mouth_right = np.asarray(landmarks, dtype=np.float64)
    eye_vector = right_eye - left_eye
    eye_distance = float(np.hypot(*eye_vector))
    if eye_distance < 1e-6:
        return 90.0, 90.0
    cos_r, sin_r = eye_vector / eye_distance
    unroll = np.array([[cos_r, sin_r], [-sin_r, cos_r]])
    eye_mid = (left_eye + right_eye) / 2
    nose_u = unroll @ (nose - eye_mid)
    mouth_u = unroll @ ((mouth_left + mouth_right) / 2 - eye_mid)
    yaw = math.degrees(math.atan2(nose_u[0] / eye_distance, NOSE_DEPTH_RATIO))
    eye_to_mouth = mouth_u[1] if abs(mouth_u[1]) > 1e-6 else 1e-6
    nose_ratio = nose_u[1] / eye_to_mouth
    pitch = math.degrees(math.atan2(nose_ratio - FRONTAL_NOSE_RATIO, NOSE_DEPTH_RATIO))
    return yaw, pitch


def measure_quality(face: DetectedFace, aligned_bgr: np.ndarray) -> FaceQuality:
    gray = cv2.cvtColor(aligned_bgr, cv2.COLOR_BGR2GRAY)
    centre = gray[24:96, 24:88]  # eyes to chin, inside the cheeks: little background
    yaw, pitch = estimate_pose(face.landmarks)
    return FaceQuality(
        face_px=float(min(face.width, face.height)),
        detection_score=face.score,
        sharpness=float(cv2.Laplacian(centre, cv2.CV_64F).var()),
        brightness=float(centre.mean()),
        yaw=yaw,
        pitch=pitch,
    )


@dataclass(frozen=True)
class ProbeGates:
    """Identify-time gates: looser than enrollment (a kiosk photo only has to be good enough to
    match), but a face this small, blurred, dark or turned away gets decision "retry" instead of a match."""

    min_face_px: float
    min_detection_score: float
    min_sharpness: float
    max_yaw: float
    max_pitch: float
    min_brightness: float
    max_brightness: float


@dataclass(frozen=True)
class EnrollmentGates(ProbeGates):
    """The probe gates, stricter values, and one more: no second face of comparable size."""

    second_face_area_ratio: float


def competing_faces(faces: list[DetectedFace], gates: EnrollmentGates) -> list[DetectedFace]:
    """Other confident faces of comparable size to the largest: the photo is ambiguous."""
    main = faces[0]
    return [face for face in faces[1:]
            if face.score >= gates.min_detection_score and face.area >= gates.second_face_area_ratio * main.area]


def enrollment_rejection(faces: list[DetectedFace], quality: FaceQuality | None,
                         gates: EnrollmentGates) -> tuple[str, str] | None:
    """The first failed gate as (reason code, message), or None when the photo may be enrolled."""
    if not faces or quality is None:
        return "no_face", "No face was found in the photo."
    if competing_faces(faces, gates):
        return "multiple_faces", "More than one face of similar size: use a photo of one person."
    return quality_failure(quality, gates)


# Stable codes a kiosk maps to a prompt ("come closer", "look at the camera", ...).
RETRY_REASONS = ("face_too_small", "low_detection_score", "bad_pose", "too_dark", "overexposed", "blurry")


def quality_failure(quality: FaceQuality, gates: EnrollmentGates | ProbeGates) -> tuple[str, str] | None:
    """The first quality gate the face fails, as (reason code, message), or None."""
    if quality.face_px < gates.min_face_px:
        return "face_too_small", f"The face is {quality.face_px:.0f} px; at least {gates.min_face_px:.0f} px needed."
    if quality.detection_score < gates.min_detection_score:
        return "low_detection_score", f"The face was found with low confidence ({quality.detection_score:.2f})."
    if abs(quality.yaw) > gates.max_yaw or abs(quality.pitch) > gates.max_pitch:
        return "bad_pose", (f"The head is turned (yaw {quality.yaw:.0f}, pitch {quality.pitch:.0f} degrees): "
                            "look straight at the camera.")
    if quality.brightness < gates.min_brightness:
        return "too_dark", f"The face is too dark (brightness {quality.brightness:.0f})."
    if quality.brightness > gates.max_brightness:
        return "overexposed", f"The face is overexposed (brightness {quality.brightness:.0f})."
    if quality.sharpness < gates.min_sharpness:
        return "blurry", f"The face is blurry (sharpness {quality.sharpness:.0f})."
    return None
