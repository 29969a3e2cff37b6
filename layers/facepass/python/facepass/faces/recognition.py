"""Face recognizers: aligned 112x112 BGR faces in, L2-normalised float32 embeddings out."""

from __future__ import annotations

import cv2
import numpy as np
import onnxruntime as ort

from facepass.faces.runtime import OpenVinoModel


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class SFaceRecognizer:
    """OpenCV zoo SFace: RGB, 0-255 floats, no mean/std, batch of one. Runs on OpenVINO
    (runtime.create_openvino_model), measured fastest for this file; the embeddings are those of OpenCV's
    own FaceRecognizerSF (cosine 0.99999+)."""

    dimension = 128

    def __init__(self, model: OpenVinoModel) -> None:
        self.model = model

    def embed(self, aligned_bgr: list[np.ndarray]) -> np.ndarray:
        rows = [self.model.run(cv2.dnn.blobFromImage(face, swapRB=True)).reshape(-1) for face in aligned_bgr]
        return l2_normalize(np.asarray(rows, dtype=np.float32).reshape(len(rows), self.dimension))


class ArcFaceRecognizer:
    """InsightFace ArcFace (w600k) through the insightface package's ArcFaceONNX; batches."""

    dimension = 512

    def __init__(self, session: ort.InferenceSession, *, model_path: str) -> None:
        from insightface.model_zoo.arcface_onnx import ArcFaceONNX  # imported only for InsightFace packs

        self.model = ArcFaceONNX(model_file=model_path, session=session)

    def embed(self, aligned_bgr: list[np.ndarray]) -> np.ndarray:
        if not aligned_bgr:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return l2_normalize(np.asarray(self.model.get_feat(aligned_bgr), dtype=np.float32))
