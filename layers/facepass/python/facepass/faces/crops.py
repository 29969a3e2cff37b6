"""The face crop HR sees of a photo held for a decision (enrollment's needs_confirmation): the detected face with
some context around it, small, re-encoded (nothing of the upload's metadata survives: EXIF, GPS, the device)."""

from __future__ import annotations

from facepass.errors import FacePassError
from facepass.faces.decoding import DecodedImage, encode_jpeg
from facepass.faces.detection import shrink_to_fit

HELD_CROP_CONTEXT = 0.5  # face sizes added on each side of the box (clipped to the photo)
HELD_CROP_MAX_SIDE = 256  # pixels, the longer side at most (never enlarged)
HELD_CROP_QUALITY = 85


def face_crop_jpeg(image: DecodedImage, box: tuple[float, float, float, float], *,
                   context: float = HELD_CROP_CONTEXT, max_side: int = HELD_CROP_MAX_SIDE) -> bytes:
    """A JPEG of the face `box` (x1, y1, x2, y2 in original pixels, as detection gives it) with `context` face sizes
    around it, clipped to the photo, shrunk to fit `max_side`. Encoded from the decoded pixels: no metadata."""
    scale = image.scale  # decoded pixels per original pixel
    height, width = image.bgr.shape[:2]
    x1, y1, x2, y2 = (float(value) * scale for value in box)
    pad_x, pad_y = (x2 - x1) * context, (y2 - y1) * context
    left, top = max(0, int(x1 - pad_x)), max(0, int(y1 - pad_y))
    right, bottom = min(width, round(x2 + pad_x)), min(height, round(y2 + pad_y))
    if right - left < 1 or bottom - top < 1:
        raise FacePassError("The face box lies outside the photo.", code="crop_failed", status=500)
    crop, _ = shrink_to_fit(image.bgr[top:bottom, left:right], max_side)
    return encode_jpeg(crop, quality=HELD_CROP_QUALITY, code="crop_failed")
