"""The face engine: image bytes in, faces with embeddings and quality out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from facepass.config import Settings
from facepass.errors import image_rejected
from facepass.faces.alignment import align_face
from facepass.faces.decoding import DecodedImage, decode_image
from facepass.faces.detection import DetectedFace, ScrfdDetector, YuNetDetector
from facepass.faces.packs import ModelPack, get_pack
from facepass.faces.quality import EnrollmentGates, FaceQuality, enrollment_rejection, measure_quality
from facepass.faces.recognition import ArcFaceRecognizer, SFaceRecognizer
from facepass.faces.runtime import create_openvino_model, create_session


@dataclass
class StageTimer:
    """Milliseconds per named stage, reported with identify answers and in metrics."""

    ms: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = round(self.ms.get(name, 0.0) + (time.perf_counter() - start) * 1000, 2)


@dataclass(frozen=True)
class FaceEmbedding:
    face: DetectedFace
    vector: np.ndarray  # L2-normalised float32
    quality: FaceQuality


@dataclass(frozen=True)
class FaceAnalysis:
    width: int
    height: int
    faces: list[FaceEmbedding]  # largest first
    detected: int  # faces found, including ones not embedded (in the pass that found them: see detect)
    image: DecodedImage | None = None  # the decoded photo (full resolution for identify), e.g. for liveness


# A kiosk face is large: the first detector pass looks at the photo shrunk to this side (a quarter of
# the 640 px pass's time). Only a face at least COARSE_MIN_FACE_PX there is taken from it; else,
# or when nothing is found, the full detection_size pass runs, so small and distant faces are still found.
COARSE_DETECTION_SIDE = 320
COARSE_MIN_FACE_PX = 32
# The coarse pass only locates the face: its landmarks (half the resolution, another input shape) are
# not those of the full pass and moved open-set decisions. They are taken again from the full pass's
# own canvas, cropped to the face with REFINE_MARGIN face sizes each side (the detector needs that much
# context to give the full pass's landmarks), unless that crop is over REFINE_MAX_SHARE of the canvas:
# then the full pass runs (a large face, e.g. a kiosk frame's, costs the full pass after the coarse one).
REFINE_MARGIN = 2.5
REFINE_MAX_SHARE = 0.6
# Enrollment photos (phone photos up to 12 MP and more) are decoded at reduced scale down to this long
# side: the face is then still far larger than the 112 px the recognizer sees.
ENROLL_DECODE_SIDE = 1280


class FaceEngine:
    def __init__(self, pack: ModelPack, detector, recognizer, settings: Settings) -> None:
        self.pack = pack
        self.detector = detector
        self.recognizer = recognizer
        self.settings = settings
        self.gates = EnrollmentGates(
            min_face_px=settings.enroll_min_face_px,
            min_detection_score=(pack.min_enroll_detection_score if settings.enroll_min_detection_score is None
                                 else settings.enroll_min_detection_score),
            min_sharpness=settings.enroll_min_sharpness,
            max_yaw=settings.enroll_max_yaw_degrees,
            max_pitch=settings.enroll_max_pitch_degrees,
            min_brightness=settings.enroll_min_brightness,
            max_brightness=settings.enroll_max_brightness,
            second_face_area_ratio=settings.enroll_second_face_area_ratio,
        )

    @property
    def model_id(self) -> str:
        return self.pack.model_id

    @property
    def identify_threshold(self) -> float:
        value = self.settings.identify_threshold
        return self.pack.identify_threshold if value is None else value

    @property
    def verify_threshold(self) -> float:
        value = self.settings.verify_threshold
        return self.pack.verify_threshold if value is None else value

    def decode(self, data: bytes, *, min_side: int | None = None) -> DecodedImage:
        """Full resolution, or (min_side) a large JPEG at reduced scale: see decode_image."""
        return decode_image(data, max_bytes=self.settings.max_image_bytes, max_pixels=self.settings.max_image_pixels,
                            min_side=min_side)

    def detect(self, image: DecodedImage, *, largest_only: bool = False) -> list[DetectedFace]:
        """Every face, largest first, in original-image pixels. The detector sees the photo shrunk to
        its input size; landmarks are scaled back so alignment can use the full resolution.

        largest_only: the caller needs the largest face only (a kiosk identify): a coarse pass at
        COARSE_DETECTION_SIDE is tried first and kept when it finds a face large enough to be sure of;
        smaller faces in the photo may then be missing from the list."""
        small, scale = image.fitted(self.settings.detection_size)
        if largest_only and max(image.bgr.shape[:2]) > COARSE_DETECTION_SIDE:
            coarse, coarse_scale = image.fitted(COARSE_DETECTION_SIDE)
            located = [face for face in self.detector.detect(coarse)
                       if min(face.width, face.height) >= COARSE_MIN_FACE_PX]
            if located:
                face = self._refined(self._canvas(small)[0], max(located, key=lambda found: found.area),
                                     scale / coarse_scale)
                if face is not None:
                    return self._in_original_pixels([face], scale * image.scale)
        faces = self._detect_on_canvas(small) or self._detect_padded(small)
        return self._in_original_pixels(faces, scale * image.scale)

    def _canvas(self, bgr: np.ndarray) -> tuple[np.ndarray, float]:
        """bgr shrunk (never enlarged) to fit the detection_size square and padded to it with black
        (right and bottom), and the scale used. The full pass runs on this canvas, as the detector was
        exported and our thresholds were calibrated: at the photo's own shape its landmarks move by
        pixels and open-set decisions with them."""
        side = self.settings.detection_size
        height, width = bgr.shape[:2]
        scale = min(1.0, side / max(height, width))
        if scale < 1.0:
            bgr = cv2.resize(bgr, (max(1, round(width * scale)), max(1, round(height * scale))),
                             interpolation=cv2.INTER_AREA)
        canvas = cv2.copyMakeBorder(bgr, 0, side - bgr.shape[0], 0, side - bgr.shape[1], cv2.BORDER_CONSTANT,
                                    value=(0, 0, 0))
        return canvas, scale

    def _detect_on_canvas(self, bgr: np.ndarray) -> list[DetectedFace]:
        canvas, scale = self._canvas(bgr)
        faces = self.detector.detect(canvas)
        return faces if scale == 1.0 else [
            DetectedFace(box=tuple(v / scale for v in face.box), landmarks=face.landmarks / scale, score=face.score)
            for face in faces]

    def _refined(self, canvas: np.ndarray, located: DetectedFace, to_canvas: float) -> DetectedFace | None:
        """The located face detected again on a crop of the full pass's canvas (origin on the detector's
        32 px grid, so it sees the same cells); None when the crop would cost nearly the full pass."""
        x1, y1, x2, y2 = (value * to_canvas for value in located.box)
        margin_x, margin_y = REFINE_MARGIN * (x2 - x1), REFINE_MARGIN * (y2 - y1)
        side = canvas.shape[0]
        left, top = max(0, int((x1 - margin_x) // 32) * 32), max(0, int((y1 - margin_y) // 32) * 32)
        right, bottom = min(side, -(-int(x2 + margin_x) // 32) * 32), min(side, -(-int(y2 + margin_y) // 32) * 32)
        if right <= left or bottom <= top or (right - left) * (bottom - top) > REFINE_MAX_SHARE * side * side:
            return None
        crop = canvas[top:bottom, left:right]
        faces = self.detector.detect(crop, max_side=max(crop.shape[:2]))
        if not faces:
            return None
        box = (x1 - left, y1 - top, x2 - left, y2 - top)
        best = max(faces, key=lambda face: _overlap(face.box, box))
        return DetectedFace(box=(best.box[0] + left, best.box[1] + top, best.box[2] + left, best.box[3] + top),
                            landmarks=best.landmarks + np.array([left, top]), score=best.score)

    @staticmethod
    def _in_original_pixels(faces: list[DetectedFace], scale: float) -> list[DetectedFace]:
        if scale != 1.0:
            faces = [DetectedFace(box=tuple(v / scale for v in face.box), landmarks=face.landmarks / scale,
                                  score=face.score) for face in faces]
        return sorted(faces, key=lambda face: face.area, reverse=True)

    def _detect_padded(self, bgr: np.ndarray) -> list[DetectedFace]:
        """Second look with a margin around the photo: tight crops (a face filling the frame, a
        pre-aligned 112x112) give detectors no context; the margin gives it back."""
        pad = max(bgr.shape[:2]) // 3
        padded = cv2.copyMakeBorder(bgr, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(0, 0, 0))
        return [DetectedFace(box=(face.box[0] - pad, face.box[1] - pad, face.box[2] - pad, face.box[3] - pad),
                             landmarks=face.landmarks - pad, score=face.score)
                for face in self._detect_on_canvas(padded)]

    def embed(self, image: DecodedImage, faces: list[DetectedFace]) -> list[FaceEmbedding]:
        aligned = [align_face(image.bgr, face.landmarks * image.scale) for face in faces]
        vectors = self.recognizer.embed(aligned)
        return [FaceEmbedding(face=face, vector=vector, quality=measure_quality(face, crop))
                for face, vector, crop in zip(faces, vectors, aligned, strict=True)]

    def analyze(self, data: bytes, *, all_faces: bool = False, timer: StageTimer | None = None) -> FaceAnalysis:
        """Decode and embed the largest face (or every face). Raises ImageRejected(no_face) when none."""
        timer = timer or StageTimer()
        with timer.stage("decode"):
            image = self.decode(data)
        return self.analyze_image(image, all_faces=all_faces, timer=timer)

    def analyze_image(self, image: DecodedImage, *, all_faces: bool = False,
                      timer: StageTimer | None = None) -> FaceAnalysis:
        timer = timer or StageTimer()
        with timer.stage("detect"):
            faces = self.detect(image, largest_only=not all_faces)
        if not faces:
            raise image_rejected("no_face", "No face was found in the photo.")
        with timer.stage("embed"):
            embedded = self.embed(image, faces if all_faces else faces[:1])
        return FaceAnalysis(width=image.width, height=image.height, faces=embedded, detected=len(faces), image=image)

    def enroll(self, data: bytes, *, timer: StageTimer | None = None) -> FaceEmbedding:
        """The one embedding an enrollment photo gives, or ImageRejected with the failed gate's code."""
        return self.enroll_face(data, timer=timer)[1]

    def enroll_face(self, data: bytes, *, timer: StageTimer | None = None) -> tuple[DecodedImage, FaceEmbedding]:
        """enroll, with the decoded photo (for liveness on the enrolled face)."""
        timer = timer or StageTimer()
        with timer.stage("decode"):
            image = self.decode(data, min_side=ENROLL_DECODE_SIDE)
        with timer.stage("detect"):
            faces = self.detect(image)  # every face: a second person of similar size refuses the photo
        embedded = None
        if faces:
            with timer.stage("embed"):
                embedded = self.embed(image, faces[:1])[0]
        rejection = enrollment_rejection(faces, embedded.quality if embedded else None, self.gates)
        if rejection:
            code, message = rejection
            details = {"quality": embedded.quality.as_dict()} if embedded else {}
            raise image_rejected(code, message, **details)
        return image, embedded


def _overlap(a: tuple, b: tuple) -> float:
    """Intersection over union of two x1, y1, x2, y2 boxes."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


_models: dict[tuple, tuple] = {}
_models_lock = threading.Lock()


def load_engine(settings: Settings, pack_name: str | None = None) -> FaceEngine:
    """An engine for a pack. The ONNX sessions (the expensive part) are built once per process and
    shared; gates and thresholds come from the settings given."""
    pack = get_pack(pack_name or settings.model_pack)
    key = (pack.name, str(Path(settings.model_dir).resolve()), settings.inference_threads,
           settings.detection_size, settings.detection_score)
    with _models_lock:
        if key not in _models:
            _models[key] = _build_models(pack, settings)
        detector, recognizer = _models[key]
    return FaceEngine(pack, detector, recognizer, settings)


def _build_models(pack: ModelPack, settings: Settings) -> tuple:
    """Each model on the runtime measured fastest for it (bench/identify.py): YuNet on ONNX Runtime with
    free input shapes, SFace on OpenVINO, the InsightFace models on ONNX Runtime."""
    model_dir = Path(settings.model_dir)
    threads = settings.inference_threads
    detector_path = model_dir / pack.detector_file
    recognizer_path = model_dir / pack.recognizer_file
    threshold = pack.detection_threshold if settings.detection_score is None else settings.detection_score
    if pack.detector == "yunet":
        detector = YuNetDetector(create_session(detector_path, threads=threads, free_shapes=True),
                                 input_size=settings.detection_size, score_threshold=threshold)
    else:
        detector = ScrfdDetector(create_session(detector_path, threads=threads), model_path=str(detector_path),
                                 input_size=settings.detection_size, score_threshold=threshold)
    if pack.recognizer == "sface":
        recognizer = SFaceRecognizer(create_openvino_model(recognizer_path, threads=threads))
    else:
        recognizer = ArcFaceRecognizer(create_session(recognizer_path, threads=threads),
                                       model_path=str(recognizer_path))
    # One inference per model on blank input: the first run of each allocates and plans (tens of ms), which
    # belongs to loading (or to the cold-start warm-up thread), not to the first request.
    detector.detect(np.zeros((240, 320, 3), dtype=np.uint8))
    recognizer.embed([np.zeros((112, 112, 3), dtype=np.uint8)])
    return detector, recognizer
