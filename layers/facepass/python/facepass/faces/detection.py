"""Face detectors: all faces with box, five landmarks and score, in original image pixels."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import onnxruntime as ort


@dataclass(frozen=True)
class DetectedFace:
    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    landmarks: np.ndarray  # 5 x 2: eyes, nose tip, mouth corners (image left first)
    score: float

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def area(self) -> float:
        return max(self.width, 0.0) * max(self.height, 0.0)

    def box_dict(self) -> dict[str, int]:
        x1, y1, x2, y2 = self.box
        return {"x": round(x1), "y": round(y1), "width": round(x2 - x1), "height": round(y2 - y1)}


def shrink_to_fit(bgr: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    """bgr shrunk (never enlarged, area averaging) to fit side x side, and the scale used."""
    height, width = bgr.shape[:2]
    scale = min(1.0, side / max(height, width))
    if scale < 1.0:
        bgr = cv2.resize(bgr, (max(1, round(width * scale)), max(1, round(height * scale))),
                         interpolation=cv2.INTER_AREA)
    return bgr, scale


def _pad_to_stride(bgr: np.ndarray, side: int, stride: int = 32) -> tuple[np.ndarray, float]:
    """Shrink (never enlarge) to fit side x side, then pad right/bottom with black to a multiple of the
    stride: the detector runs at the photo's own shape, not on a square canvas. Returns the scale used."""
    bgr, scale = shrink_to_fit(bgr, side)
    height, width = bgr.shape[:2]
    padded_h, padded_w = -(-height // stride) * stride, -(-width // stride) * stride
    if (padded_h, padded_w) != (height, width):
        bgr = cv2.copyMakeBorder(bgr, 0, padded_h - height, 0, padded_w - width, cv2.BORDER_CONSTANT, value=0)
    return bgr, scale


class YuNetDetector:
    """OpenCV zoo YuNet (2023mar) run on onnxruntime; decoding follows OpenCV's FaceDetectorYN.

    The session is built with free input shapes (runtime.create_session(free_shapes=True)): the network
    is fully convolutional and runs on whatever it is given (a multiple of 32 px). The engine gives it squares:
    256 px to locate faces, 160 px crops to refine one, input_size for the full pass (FaceEngine.detect)."""

    STRIDES = (8, 16, 32)
    # Up to this side (the 256 px locate square, the 160 px refine crops) the single-thread session runs, when there
    # is one: ONNX Runtime wakes its idle workers for each of YuNet's small operators, which costs more than the
    # second core gives there (bench/identify.py; 1.2 / 1.4 ms at 256 px, 0.45 / 0.62 ms at 160 px with 1 / 2
    # threads on a 2-vCPU Xeon, identical outputs); from ~320 px the threads pay (640 px: 7.8 / 5.4 ms).
    SINGLE_THREAD_MAX_SIDE = 256

    def __init__(self, session: ort.InferenceSession, *, input_size: int = 640, score_threshold: float = 0.6,
                 nms_threshold: float = 0.3, single_thread_session: ort.InferenceSession | None = None) -> None:
        self.session = session
        self.single_thread_session = single_thread_session
        self.input_size = input_size
        self.score_threshold = score_threshold
        self.nms_threshold = nms_threshold
        self.input_name = session.get_inputs()[0].name
        self.output_names = [output.name for output in session.get_outputs()]
        self._grids: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _grid(self, height: int, width: int, stride: int) -> tuple[np.ndarray, np.ndarray]:
        key = (height, width, stride)
        if key not in self._grids:
            rows, cols = np.divmod(np.arange((height // stride) * (width // stride)), width // stride)
            self._grids[key] = (cols.astype(np.float32), rows.astype(np.float32))
        return self._grids[key]

    def run(self, blob: np.ndarray) -> list[np.ndarray]:
        """The network's outputs for an N x 3 x H x W blob, on the session that is faster at its size."""
        small = max(blob.shape[2:]) <= self.SINGLE_THREAD_MAX_SIDE and self.single_thread_session is not None
        return (self.single_thread_session if small else self.session).run(self.output_names,
                                                                           {self.input_name: blob})

    def detect(self, bgr: np.ndarray) -> list[DetectedFace]:
        """Faces in bgr's pixels; the photo is shrunk to fit input_size first (the engine's squares already do)."""
        canvas, scale = _pad_to_stride(bgr, self.input_size)
        height, width = canvas.shape[:2]
        blob = canvas.transpose(2, 0, 1)[None].astype(np.float32)  # BGR, 0-255, no normalisation
        outputs = dict(zip(self.output_names, self.run(blob), strict=True))
        boxes, scores, landmarks = [], [], []
        for stride in self.STRIDES:
            cols, rows = self._grid(height, width, stride)
            cls = np.clip(outputs[f"cls_{stride}"][0, :, 0], 0, 1)
            obj = np.clip(outputs[f"obj_{stride}"][0, :, 0], 0, 1)
            score = np.sqrt(cls * obj)
            keep = score >= self.score_threshold
            if not keep.any():
                continue
            bbox = outputs[f"bbox_{stride}"][0][keep]
            kps = outputs[f"kps_{stride}"][0][keep].reshape(-1, 5, 2)
            c, r = cols[keep], rows[keep]
            cx, cy = (c + bbox[:, 0]) * stride, (r + bbox[:, 1]) * stride
            w, h = np.exp(bbox[:, 2]) * stride, np.exp(bbox[:, 3]) * stride
            boxes.append(np.stack([cx - w / 2, cy - h / 2, w, h], axis=1))
            scores.append(score[keep])
            points = np.empty_like(kps)
            points[:, :, 0] = (kps[:, :, 0] + c[:, None]) * stride
            points[:, :, 1] = (kps[:, :, 1] + r[:, None]) * stride
            landmarks.append(points)
        if not boxes:
            return []
        all_boxes, all_scores, all_points = np.concatenate(boxes), np.concatenate(scores), np.concatenate(landmarks)
        kept = np.asarray(
            cv2.dnn.NMSBoxes(all_boxes.tolist(), all_scores.tolist(), self.score_threshold, self.nms_threshold),
            dtype=int,
        ).reshape(-1)
        faces = []
        for index in kept:
            x, y, w, h = all_boxes[index] / scale
            faces.append(DetectedFace(box=(float(x), float(y), float(x + w), float(y + h)),
                                      landmarks=(all_points[index] / scale).astype(np.float64),
                                      score=float(all_scores[index])))
        return faces


class ScrfdDetector:
    """InsightFace SCRFD through the insightface package's own model class."""

    def __init__(self, session: ort.InferenceSession, *, model_path: str, input_size: int = 640,
                 score_threshold: float = 0.5) -> None:
        from insightface.model_zoo.scrfd import SCRFD  # imported only for the InsightFace packs

        self.input_size = input_size
        self.model = SCRFD(model_file=model_path, session=session)
        self.model.prepare(-1, input_size=(input_size, input_size), det_thresh=score_threshold)

    def detect(self, bgr: np.ndarray) -> list[DetectedFace]:
        """Faces in bgr's pixels, through insightface's own pass at input_size."""
        boxes, points = self.model.detect(bgr, input_size=(self.input_size, self.input_size))
        return [
            DetectedFace(box=tuple(float(v) for v in box[:4]), landmarks=kps.astype(np.float64), score=float(box[4]))
            for box, kps in zip(boxes, points, strict=True)
        ]


def box_iou(first: tuple[float, float, float, float], second: tuple[float, float, float, float]) -> float:
    """Intersection over union of two x1, y1, x2, y2 boxes."""
    width = max(0.0, min(first[2], second[2]) - max(first[0], second[0]))
    height = max(0.0, min(first[3], second[3]) - max(first[1], second[1]))
    inter = width * height
    union = ((first[2] - first[0]) * (first[3] - first[1]) + (second[2] - second[0]) * (second[3] - second[1])
             - inter)
    return inter / union if union > 0 else 0.0
