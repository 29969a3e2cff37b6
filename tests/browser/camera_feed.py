"""Fake camera feeds for Chromium (--use-file-for-fake-video-capture): a YUV4MPEG2 file (I420
frames) made at test time from a fixture photo, letterboxed to the camera's size. Never committed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def letterbox(image: np.ndarray, width: int, height: int) -> np.ndarray:
    scale = min(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (int(image.shape[1] * scale) // 2 * 2, int(image.shape[0] * scale) // 2 * 2),
                         interpolation=cv2.INTER_AREA)
    canvas = np.full((height, width, 3), 40, dtype=np.uint8)
    top, left = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    canvas[top:top + resized.shape[0], left:left + resized.shape[1]] = resized
    return canvas


def write_y4m(photo: Path, target: Path, *, width: int = 640, height: int = 480, frames: int = 3) -> Path:
    """A short clip of the photo; Chromium loops it as the camera picture."""
    image = cv2.imread(str(photo), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"cannot read {photo}")
    i420 = cv2.cvtColor(letterbox(image, width, height), cv2.COLOR_BGR2YUV_I420)  # Y plane, then U, then V
    with target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(i420.tobytes())
    return target


def write_clip(frames: list[np.ndarray], target: Path) -> Path:
    """A clip of 640x480 BGR frames, one a second (a scene that changes: someone comes, stays, leaves); Chromium loops
    it."""
    with target.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F1:1 Ip A1:1 C420jpeg\n")
        for frame in frames:
            out.write(b"FRAME\n" + np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420)).tobytes())
    return target


def jpeg_of_frame(photo: Path, *, width: int = 640, height: int = 480) -> bytes:
    """The picture the kiosk will capture, as a JPEG: for checking the photo with the API directly."""
    ok, data = cv2.imencode(".jpg", letterbox(cv2.imread(str(photo), cv2.IMREAD_COLOR), width, height))
    assert ok
    return data.tobytes()
