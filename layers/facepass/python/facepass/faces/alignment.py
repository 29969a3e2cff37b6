"""Five-point similarity alignment to the standard 112x112 ArcFace template."""

from __future__ import annotations

import cv2
import numpy as np

# Left eye, right eye (as seen in the image), nose tip, left and right mouth corners.
ARCFACE_TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
    dtype=np.float64,
)
ALIGNED_SIZE = 112


def similarity_transform(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity (rotation, uniform scale, translation) mapping src onto dst.

    Umeyama (1991), the estimator behind skimage's SimilarityTransform that insightface uses;
    written out here so the default pack does not import scikit-image at cold start.
    """
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    src_mean, dst_mean = src.mean(axis=0), dst.mean(axis=0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    covariance = dst_c.T @ src_c / len(src)
    u, singular, vt = np.linalg.svd(covariance)
    sign = np.ones(2)
    if np.linalg.det(covariance) < 0:
        sign[-1] = -1
    rotation = u @ np.diag(sign) @ vt
    scale = (singular * sign).sum() / src_c.var(axis=0).sum()
    matrix = np.zeros((2, 3))
    matrix[:, :2] = scale * rotation
    matrix[:, 2] = dst_mean - scale * rotation @ src_mean
    return matrix


def align_face(bgr: np.ndarray, landmarks: np.ndarray, size: int = ALIGNED_SIZE) -> np.ndarray:
    """Warp the face so its landmarks sit on the template; returns size x size BGR uint8.

    The crop comes from the full-resolution photo. A face much larger than the output is first
    shrunk with area averaging (warpAffine alone would alias), only around the face.
    """
    landmarks = np.asarray(landmarks, dtype=np.float64)
    template = ARCFACE_TEMPLATE * (size / ALIGNED_SIZE)
    matrix = similarity_transform(landmarks, template)
    scale = float(np.hypot(matrix[0, 0], matrix[0, 1]))
    if scale < 0.5:
        centre = landmarks.mean(axis=0)
        half = 0.9 * size / scale  # the output window at any roll, centred a little above the landmarks
        x0, y0 = np.maximum(np.floor(centre - half), 0).astype(int)
        x1 = int(min(np.ceil(centre[0] + half), bgr.shape[1]))
        y1 = int(min(np.ceil(centre[1] + half), bgr.shape[0]))
        crop = bgr[y0:y1, x0:x1]
        new_w, new_h = max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale))
        bgr = cv2.resize(crop, (new_w, new_h), interpolation=cv2.INTER_AREA)
        landmarks = (landmarks - (x0, y0)) * (new_w / crop.shape[1], new_h / crop.shape[0])
        matrix = similarity_transform(landmarks, template)
    return cv2.warpAffine(bgr, matrix, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=0)
