"""The face engine: image bytes in, faces with embeddings and quality out."""

from __future__ import annotations

import logging
import math
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
from facepass.faces.decoding import DecodedImage, decode_image, halvings, shrink
from facepass.faces.detection import DetectedFace, ScrfdDetector, YuNetDetector, box_iou, shrink_to_fit
from facepass.faces.packs import ModelPack, get_pack, verify_threshold
from facepass.faces.quality import EnrollmentGates, FaceQuality, enrollment_rejection, measure_quality
from facepass.faces.recognition import ArcFaceRecognizer, SFaceRecognizer
from facepass.faces.runtime import compiled_model_cache, create_openvino_model, create_session

logger = logging.getLogger(__name__)


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
    detected: int  # faces found, including ones not embedded
    image: DecodedImage | None = None  # the decoded photo (full resolution for identify), e.g. for liveness
    located: list[DetectedFace] = field(default_factory=list)  # every face found, largest first (as located)


# Enrollment photos (phone photos up to 12 MP and more) are decoded at reduced scale (libjpeg's 1/2, 1/4,
# 1/8) down to this long side (a 4032 x 3024 photo at 1/4): still 1.5x the detector's 640 px input, so the
# detector sees what a full decode would give it (at 1.0x, 1/2-scale decodes moved landmarks by pixels).
ENROLL_DECODE_SIDE = 960
# ... as long as the face stays at least this many decoded pixels (its box's shorter side): twice the
# recognizer's 112 px, so alignment still shrinks it with area averaging as from the full resolution.
# A smaller face is decoded again at the scale it needs. Chosen on the fixtures: same gate decisions and
# cosine >= 0.99 to the full-resolution path (tests/integration/test_engine_fast_paths.py).
ENROLL_MIN_DECODED_FACE_PX = 224


# Locate, then refine (packs with locate_then_refine, the YuNet ones): chosen on LFW DevTrain and the dev part
# of the open-set photos, reported on DevTest and the report part (README, "Detection: locate, then refine").
LOCATE_SIZE = 256  # the first look: the photo fitted into this square
LOCATE_MIN_FACE_PX = 24  # ... trusted when it finds a face at least this large there (box's shorter side)
REFINE_SIZE = 160  # each embedded face is detected again on a square crop of this side ...
REFINE_CONTEXT = 2.0  # ... this many face sizes wide (the face ~80 px in it)
REFINE_MIN_IOU = 0.3  # the refined face must overlap the located one this much (else the located one is used)


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
        return verify_threshold(self.pack, self.settings.verify_threshold)

    def decode(self, data: bytes, *, min_side: int | None = None) -> DecodedImage:
        """Full resolution, or (min_side) a large JPEG at reduced scale: see decode_image."""
        return decode_image(data, max_bytes=self.settings.max_image_bytes, max_pixels=self.settings.max_image_pixels,
                            min_side=min_side)

    def detect(self, image: DecodedImage, *, every_face: bool = False) -> list[DetectedFace]:
        """Every face, largest first, in original-image pixels: where the faces are. The landmarks
        alignment uses come from refine (analyze_image or embed calls it), not from here.

        Packs with locate_then_refine look first on a LOCATE_SIZE square (a kiosk face is 70-90 px there):
        the detection_size pass only when that finds no face of LOCATE_MIN_FACE_PX or more (small faces,
        crowds far away, tight crops), or when every face is wanted (every_face: a group check-in names the
        people at the back too). The other packs always take the detection_size pass."""
        if self.pack.locate_then_refine and not every_face:
            small, scale = image.fitted(LOCATE_SIZE, quick=True)
            faces = self._detect_on_canvas(small, LOCATE_SIZE)  # in the fitted photo's pixels
            if max((min(face.width, face.height) for face in faces), default=0.0) >= LOCATE_MIN_FACE_PX:
                return self._in_original_pixels(faces, scale * image.scale)
        small, scale = image.fitted(self.settings.detection_size)
        faces = self._detect_on_canvas(small) or self._detect_padded(small)
        return self._in_original_pixels(faces, scale * image.scale)

    def refine(self, image: DecodedImage, face: DetectedFace) -> DetectedFace:
        """The face detected again on a REFINE_SIZE square around it (REFINE_CONTEXT face sizes wide, from the
        decoded pixels, black beyond the photo): the detector then sees every face at the same scale, whatever
        the photo's size and the face's place in it, and enrollment photos and kiosk frames get landmarks made
        the same way. Chosen on LFW DevTrain and the open-set dev part (README, "Face models"). The face as
        located when the crop shows no face overlapping it. Packs without locate_then_refine: the face as is."""
        if not self.pack.locate_then_refine:
            return face
        x1, y1, x2, y2 = (value * image.scale for value in face.box)  # decoded pixels
        side = REFINE_CONTEXT * max(x2 - x1, y2 - y1, 1.0)
        left, top = (x1 + x2 - side) / 2, (y1 + y2 - side) / 2
        zoom = REFINE_SIZE / side  # crop pixels per decoded pixel
        height, width = image.bgr.shape[:2]
        # The part of the square inside the photo, on whole pixels (inside the square), resized as one piece.
        col0, row0 = max(0, math.ceil(left)), max(0, math.ceil(top))
        col1, row1 = min(width, math.floor(left + side)), min(height, math.floor(top + side))
        if col1 <= col0 or row1 <= row0:
            return face
        at_x, at_y = round((col0 - left) * zoom), round((row0 - top) * zoom)
        out_w = min(max(1, round((col1 - col0) * zoom)), REFINE_SIZE - at_x)
        out_h = min(max(1, round((row1 - row0) * zoom)), REFINE_SIZE - at_y)
        # Sides the shrink's halvings divide exactly (OpenCV's fast path; ~0.4 ms less for a kiosk face): fewer than
        # 2 ** halvings pixels off the far edges, and the factors below are those of the pixels actually resized.
        unit = 1 << halvings(col1 - col0, row1 - row0, (out_w, out_h))
        col1, row1 = col1 - (col1 - col0) % unit, row1 - (row1 - row0) % unit
        crop = np.zeros((REFINE_SIZE, REFINE_SIZE, 3), dtype=np.uint8)
        crop[at_y:at_y + out_h, at_x:at_x + out_w] = shrink(image.bgr[row0:row1, col0:col1], (out_w, out_h))
        sx, sy = out_w / (col1 - col0), out_h / (row1 - row0)  # exact per-axis factors of that resize

        expected = ((x1 - col0) * sx + at_x, (y1 - row0) * sy + at_y, (x2 - col0) * sx + at_x, (y2 - row0) * sy + at_y)
        found = [(box_iou(candidate.box, expected), candidate) for candidate in self.detector.detect(crop)]
        overlap, best = max(found, key=lambda pair: pair[0], default=(0.0, None))
        if best is None or overlap < REFINE_MIN_IOU:
            return face
        to_original = np.array([1 / sx, 1 / sy]) / image.scale
        origin = np.array([col0 - at_x / sx, row0 - at_y / sy]) / image.scale
        corners = np.array(best.box).reshape(2, 2) * to_original + origin
        return DetectedFace(box=tuple(float(v) for v in corners.reshape(-1)),
                            landmarks=best.landmarks * to_original + origin, score=best.score)

    def _canvas(self, bgr: np.ndarray, side: int | None = None) -> tuple[np.ndarray, float]:
        """bgr shrunk (never enlarged) to fit a side x side square (default detection_size) and padded to it
        with black (right and bottom), and the scale used: a square, as the detector was exported."""
        side = side or self.settings.detection_size
        bgr, scale = shrink_to_fit(bgr, side)
        canvas = cv2.copyMakeBorder(bgr, 0, side - bgr.shape[0], 0, side - bgr.shape[1], cv2.BORDER_CONSTANT,
                                    value=(0, 0, 0))
        return canvas, scale

    def _detect_on_canvas(self, bgr: np.ndarray, side: int | None = None) -> list[DetectedFace]:
        canvas, scale = self._canvas(bgr, side)
        faces = self.detector.detect(canvas)
        return faces if scale == 1.0 else [
            DetectedFace(box=tuple(v / scale for v in face.box), landmarks=face.landmarks / scale, score=face.score)
            for face in faces]

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

    def embed(self, image: DecodedImage, faces: list[DetectedFace], *, refined: bool = False) -> list[FaceEmbedding]:
        """Each face refined (unless the caller did: refined), aligned, embedded and measured."""
        if not refined:
            faces = [self.refine(image, face) for face in faces]
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
        faces, chosen = self._locate(image, all_faces=all_faces, limit=None, timer=timer)
        with timer.stage("embed"):
            embedded = self.embed(image, chosen, refined=True)
        embedded.sort(key=lambda face: face.face.area, reverse=True)  # refining moves the boxes a little
        return FaceAnalysis(width=image.width, height=image.height, faces=embedded, detected=len(faces), image=image,
                            located=faces)

    def _locate(self, image: DecodedImage, *, all_faces: bool, limit: int | None,
                timer: StageTimer) -> tuple[list[DetectedFace], list[DetectedFace]]:
        """Every face located, and the largest (or the largest `limit` of every face) refined: where each face is and
        its landmarks. Raises ImageRejected(no_face) when none."""
        with timer.stage("detect"):
            faces = self.detect(image, every_face=all_faces)
            chosen = [self.refine(image, face) for face in (faces if all_faces else faces[:1])[:limit]]
        if not faces:
            raise image_rejected("no_face", "No face was found in the photo.")
        return faces, chosen

    def assess(self, image: DecodedImage, *, all_faces: bool = False, limit: int | None = None,
               timer: StageTimer | None = None) -> tuple[int, list[tuple[DetectedFace, FaceQuality]]]:
        """Where the largest face (or the largest `limit` of every face) is and how good it is for recognition, as
        analyze_image measures it, without recognizing anyone (no recognizer run): what a kiosk asks before a
        check. With the number of faces detected. Raises ImageRejected(no_face) when none."""
        timer = timer or StageTimer()
        faces, chosen = self._locate(image, all_faces=all_faces, limit=limit, timer=timer)
        with timer.stage("quality"):
            measured = [(face, measure_quality(face, align_face(image.bgr, face.landmarks * image.scale)))
                        for face in chosen]
        measured.sort(key=lambda item: item[0].area, reverse=True)
        return len(faces), measured

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
            face_px = min(faces[0].width, faces[0].height)
            if image.scale < 1.0 and face_px * image.scale < ENROLL_MIN_DECODED_FACE_PX:
                with timer.stage("decode"):  # the face is small in the photo: its pixels at the scale it needs
                    needed = ENROLL_MIN_DECODED_FACE_PX / max(face_px, 1.0)
                    image = self.decode(data, min_side=int(needed * max(image.width, image.height)) + 1)
            with timer.stage("embed"):
                embedded = self.embed(image, faces[:1])[0]
        rejection = enrollment_rejection(faces, embedded.quality if embedded else None, self.gates)
        if rejection:
            code, message = rejection
            details = {"quality": embedded.quality.as_dict()} if embedded else {}
            raise image_rejected(code, message, **details)
        return image, embedded


_models: dict[tuple, tuple] = {}
_models_lock = threading.Lock()


def load_engine(settings: Settings, pack_name: str | None = None) -> FaceEngine:
    """An engine for a pack. The ONNX sessions (the expensive part) are built once per process and
    shared; gates and thresholds come from the settings given."""
    pack = get_pack(pack_name or settings.model_pack)
    key = (pack.name, str(Path(settings.model_dir).resolve()), settings.inference_threads,
           settings.detection_size, settings.detection_score, settings.recognizer_precision, compiled_model_cache())
    with _models_lock:
        if key not in _models:
            _models[key] = _build_models(pack, settings)
        detector, recognizer = _models[key]
    return FaceEngine(pack, detector, recognizer, settings)


def _build_models(pack: ModelPack, settings: Settings) -> tuple:
    """Each model on the runtime measured fastest for it (bench/identify.py): YuNet on ONNX Runtime with
    free input shapes (its small inputs on a session of one thread: YuNetDetector.SINGLE_THREAD_MAX_SIDE), SFace on
    OpenVINO, the InsightFace models on ONNX Runtime."""
    model_dir = Path(settings.model_dir)
    threads = settings.inference_threads
    detector_path = model_dir / pack.detector_file
    recognizer_path = model_dir / pack.recognizer_file
    threshold = pack.detection_threshold if settings.detection_score is None else settings.detection_score
    if pack.detector == "yunet":
        single_thread = create_session(detector_path, threads=1, free_shapes=True) if threads > 1 else None
        detector = YuNetDetector(create_session(detector_path, threads=threads, free_shapes=True),
                                 input_size=settings.detection_size, score_threshold=threshold,
                                 single_thread_session=single_thread)
    else:
        detector = ScrfdDetector(create_session(detector_path, threads=threads), model_path=str(detector_path),
                                 input_size=settings.detection_size, score_threshold=threshold)
    if pack.recognizer == "sface":
        # bf16 was measured for the fp32 file only; the int8 file keeps the f32 arithmetic it was measured with.
        precision = settings.recognizer_precision if pack.derived_from is None else "f32"
        recognizer = SFaceRecognizer(create_openvino_model(recognizer_path, threads=threads, precision=precision))
    else:
        recognizer = ArcFaceRecognizer(create_session(recognizer_path, threads=threads),
                                       model_path=str(recognizer_path))
    # One inference per model on blank input: the first run of each allocates and plans (tens of ms), which
    # belongs to loading (or to the cold-start warm-up thread), not to the first request.
    # every input shape detect and refine give it (onnxruntime plans each shape on its first run)
    for side in {settings.detection_size, *((LOCATE_SIZE, REFINE_SIZE) if pack.locate_then_refine else ())}:
        detector.detect(np.zeros((side, side, 3), dtype=np.uint8))
    recognizer.embed([np.zeros((112, 112, 3), dtype=np.uint8)])
    model = getattr(recognizer, "model", None)
    logger.info("face models loaded", extra={"pack": pack.name, "threads": threads,
                                              "recognizer_precision": getattr(model, "precision", "f32")})
    return detector, recognizer
