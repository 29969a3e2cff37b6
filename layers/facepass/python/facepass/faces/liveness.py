"""Passive liveness: the two Silent-Face MiniFASNet models (V2 on a 2.7x crop, V1SE on a 4.0x crop),
fused as upstream does. Input: the full-resolution decoded BGR photo and the detector's face box in
full-resolution pixels (the box convention moves the score a lot: keep this detector's box as is).

The score is a risk signal, not a verdict: the models pass some frame-filling recaptures.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from facepass.faces.runtime import OpenVinoModel, compiled_model_cache, create_openvino_model

MODEL_ID = "minifasnet-v2@2.7+v1se@4.0"
INPUT_SIDE = 80
# Each model is compiled for one face at a time, exactly this input (a static shape: bench/liveness.py).
STATIC_INPUT = (1, 3, INPUT_SIDE, INPUT_SIDE)
# (file under <model_dir>/liveness/, crop scale) -- see shared models/liveness/README.md
MODELS = (("MiniFASNetV2.onnx", 2.7), ("MiniFASNetV1SE.onnx", 4.0))
SHA256 = {
    "liveness/MiniFASNetV2.onnx": "ef25c8191446b8cfb680bbb920d879c904ecc6c2ff938bac6bed31e971484bc1",
    "liveness/MiniFASNetV1SE.onnx": "bbc3f2018f1c75c0afe7caf6f6db9fd748b3d8bcad1d06d15c8776717e4591db",
}
FILES = tuple(f"liveness/{name}" for name, _ in MODELS)


@dataclass(frozen=True)
class LivenessScore:
    p_live: float  # fused: (softmax(V2)[1] + softmax(V1SE)[1]) / 2
    p_print: float  # class 0, fused
    p_replay: float  # class 2, fused
    model_id: str = MODEL_ID

    @property
    def argmax_live(self) -> bool:
        """The upstream rule (live iff class 1 has the highest fused probability)."""
        return self.p_live >= max(self.p_print, self.p_replay)


Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in full-resolution pixels


def crop_box(width: int, height: int, box: Box, scale: float) -> tuple[int, int, int, int]:
    """Upstream generate_patches._get_new_box: scale the (x1, y1, x2, y2) box about its centre, shift
    (never shrink) it to stay inside the image, truncate corners to int. Returns left, top, right, bottom
    (inclusive)."""
    x, y = box[0], box[1]
    box_w, box_h = max(box[2] - box[0], 1.0), max(box[3] - box[1], 1.0)
    scale = min((height - 1) / box_h, (width - 1) / box_w, scale)
    new_w, new_h = box_w * scale, box_h * scale
    cx, cy = x + box_w / 2, y + box_h / 2
    left, top, right, bottom = cx - new_w / 2, cy - new_h / 2, cx + new_w / 2, cy + new_h / 2
    if left < 0:
        right -= left
        left = 0
    if top < 0:
        bottom -= top
        top = 0
    if right > width - 1:
        left -= right - width + 1
        right = width - 1
    if bottom > height - 1:
        top -= bottom - height + 1
        bottom = height - 1
    return int(left), int(top), int(right), int(bottom)


def model_input(bgr: np.ndarray, box: Box, scale: float) -> np.ndarray:
    """One 3x80x80 float32 tensor: BGR, 0-255, no normalisation; the crop is not made square."""
    height, width = bgr.shape[:2]
    left, top, right, bottom = crop_box(width, height, box, scale)
    crop = bgr[max(top, 0):bottom + 1, max(left, 0):right + 1]
    if crop.size == 0:
        crop = bgr
    resized = cv2.resize(crop, (INPUT_SIDE, INPUT_SIDE), interpolation=cv2.INTER_LINEAR)
    return resized.astype(np.float32).transpose(2, 0, 1)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class LivenessModel:
    """concurrent: the two models run at once (V1SE started asynchronously while V2 runs synchronously),
    for a process that has two vCPUs; otherwise one after the other."""

    def __init__(self, models: list[OpenVinoModel], *, concurrent: bool = False) -> None:
        self.models = models  # aligned with MODELS
        self.concurrent = concurrent
        self.model_id = MODEL_ID
        self._lock = threading.Lock()  # each model holds one infer request: one face at a time

    def score(self, bgr: np.ndarray, box: Box) -> LivenessScore:
        return self.score_many([(bgr, box)])[0]

    def score_many(self, faces: list[tuple[np.ndarray, Box]]) -> list[LivenessScore]:
        """Every face, both models, fused as upstream."""
        return [self._score(bgr, box) for bgr, box in faces]

    def _logits(self, bgr: np.ndarray, box: Box) -> list[np.ndarray]:
        inputs = [model_input(bgr, box, scale)[np.newaxis] for _, scale in MODELS]
        with self._lock:
            if not self.concurrent:
                return [model.run(tensor)[0] for model, tensor in zip(self.models, inputs, strict=True)]
            first, second = self.models
            second.start(inputs[1])
            try:
                logits = first.run(inputs[0])[0]
            finally:
                other = second.result()[0]
            return [logits, other]

    def _score(self, bgr: np.ndarray, box: Box) -> LivenessScore:
        fused = sum(_softmax(logits.astype(np.float64)[np.newaxis])[0] for logits in self._logits(bgr, box))
        fused /= len(self.models)
        return LivenessScore(p_live=float(fused[1]), p_print=float(fused[0]), p_replay=float(fused[2]))


_loaded: dict[tuple, LivenessModel] = {}
_lock = threading.Lock()


# 80x80 inputs: one inference thread per model (a second intra-op thread costs more in synchronisation than
# it saves); with two vCPUs the two models run side by side instead (bench/liveness.py).
LIVENESS_THREADS = 1


def runs_concurrently(inference_threads: int) -> bool:
    """The two models at once when the process has two vCPUs (lower wall time, same CPU time), else in turn
    on one thread (bench/liveness.py)."""
    return inference_threads >= 2


def load_liveness(model_dir: Path, *, concurrent: bool = False) -> LivenessModel:
    """Models compiled once per process (per folder and mode). concurrent: run the two models at once
    (worth it only with two vCPUs: Settings.inference_threads >= 2)."""
    key = (str(Path(model_dir).resolve()), concurrent, compiled_model_cache())
    with _lock:
        if key not in _loaded:
            _loaded[key] = LivenessModel([create_openvino_model(Path(model_dir) / "liveness" / name,
                                                                threads=LIVENESS_THREADS, input_shape=STATIC_INPUT)
                                          for name, _ in MODELS], concurrent=concurrent)
        return _loaded[key]
