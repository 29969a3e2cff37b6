"""Safe image decoding: only real JPEG/PNG/WebP, bounded bytes and pixels, EXIF orientation applied.

The type is read from the content, never from a file name or a Content-Type header.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from facepass.errors import FacePassError, image_rejected

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: multi-picture JPEG written by many phones

# Pillow's own bomb guard is checked against our own limit below; keep Pillow's as a last resort.
Image.MAX_IMAGE_PIXELS = 200_000_000


def halvings(width: int, height: int, size: tuple[int, int]) -> int:
    """How many times `shrink` halves a width x height image on its way to size (width, height)."""
    steps = 0
    while width >= 2 * size[0] and height >= 2 * size[1]:
        width, height, steps = width // 2, height // 2, steps + 1
    return steps


def shrink(bgr: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """bgr resized to size (width, height), smaller: halved with area averaging while still twice the size
    or more, then bilinear. OpenCV's area resampling at a factor that is not a whole number costs ~2 ms on a
    640x480 frame, ten times this; the halvings average every pixel in, so the result does not alias. A halving
    of an odd side is such a factor (401 -> 200: ~0.6 ms, against 0.04 for 400 -> 200): a caller choosing its
    crop gives it sides that are multiples of 2 ** halvings(...)."""
    for _ in range(halvings(bgr.shape[1], bgr.shape[0], size)):
        bgr = cv2.resize(bgr, (bgr.shape[1] // 2, bgr.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if (bgr.shape[1], bgr.shape[0]) == tuple(size):
        return bgr
    return cv2.resize(bgr, size, interpolation=cv2.INTER_LINEAR)


@dataclass(frozen=True)
class DecodedImage:
    bgr: np.ndarray  # H x W x 3, uint8, upright
    format: str
    # Decoded pixels per original pixel: below 1.0 when a large JPEG was decoded at reduced scale
    # (decode_image(min_side=...)). Face boxes and landmarks are always in original pixels.
    scale: float = 1.0
    original_size: tuple[int, int] | None = None  # (width, height) upright, when decoded at reduced scale
    _fitted: dict = field(default_factory=dict, compare=False, repr=False)

    def fitted(self, max_side: int, *, quick: bool = False) -> tuple[np.ndarray, float]:
        """The decoded pixels shrunk (never enlarged) to fit max_side, and the scale used (relative to
        bgr); computed once and shared by detection and the attendance snapshot. quick: shrunk by `shrink`
        (halvings, then bilinear) instead of OpenCV's area resampling."""
        key = (max_side, quick)
        if key not in self._fitted:
            height, width = self.bgr.shape[:2]
            scale = min(1.0, max_side / max(height, width))
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            small = self.bgr if scale == 1.0 else (
                shrink(self.bgr, size) if quick else cv2.resize(self.bgr, size, interpolation=cv2.INTER_AREA))
            self._fitted[key] = (small, scale)
        return self._fitted[key]

    @property
    def width(self) -> int:
        """In original pixels."""
        return self.original_size[0] if self.original_size else int(self.bgr.shape[1])

    @property
    def height(self) -> int:
        return self.original_size[1] if self.original_size else int(self.bgr.shape[0])


CONTENT_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def encode_jpeg(bgr: np.ndarray, *, quality: int = 85, code: str) -> bytes:
    """Pixels as a fresh JPEG: nothing of a source file's metadata (EXIF, GPS, the device) survives. 500 `code` when
    OpenCV cannot encode them."""
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise FacePassError("The image could not be encoded.", code=code, status=500)
    return encoded.tobytes()


def open_image(data: bytes, *, max_bytes: int, max_pixels: int) -> Image.Image:
    """The image opened from its header only (no pixels decoded), refused as every photo route refuses it:
    empty or not an image (400 not_an_image), too many bytes or pixels (413 image_too_large), a header that
    cannot be read (corrupt_image), another format or an animation (unsupported_format)."""
    if not data:
        raise image_rejected("not_an_image", "The file is empty.")
    if len(data) > max_bytes:
        raise image_rejected("image_too_large", f"The file has {len(data)} bytes; the limit is {max_bytes}.",
                             limit_bytes=max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise image_rejected("image_too_large", f"The image has more than {max_pixels} pixels.",
                             limit_pixels=max_pixels) from None
    except UnidentifiedImageError:
        raise image_rejected("not_an_image", "The file is not a JPEG, PNG or WebP image.") from None
    except (OSError, ValueError, SyntaxError):
        raise image_rejected("corrupt_image", "The image header cannot be read.") from None
    if image.format not in ACCEPTED_FORMATS:
        raise image_rejected("unsupported_format", f"{image.format} images are not accepted; use JPEG, PNG or WebP.")
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise image_rejected("image_too_large", f"The image has {width}x{height} pixels; the limit is {max_pixels}.",
                             limit_pixels=max_pixels)
    if getattr(image, "n_frames", 1) > 1 and image.format == "WEBP":
        raise image_rejected("unsupported_format", "Animated images are not accepted.")
    return image


def image_content_type(data: bytes, *, max_bytes: int, max_pixels: int) -> str:
    """The photo's content type, from its header; refused (ImageRejected) as decode_image would refuse it."""
    return CONTENT_TYPES[open_image(data, max_bytes=max_bytes, max_pixels=max_pixels).format]


def decode_image(data: bytes, *, max_bytes: int, max_pixels: int, min_side: int | None = None) -> DecodedImage:
    """min_side: a JPEG larger than that may be decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling,
    several times faster than a full decode and a resize) as long as its longer side stays >= min_side."""
    image = open_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    width, height = image.size
    reduced = bool(min_side) and image.format in ("JPEG", "MPO") and max(width, height) > 2 * min_side
    if not reduced and _plain_jpeg(image, data):
        bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
        if bgr is not None and bgr.shape[:2] == (height, width):
            return DecodedImage(bgr=bgr, format=image.format)
    scale, original_size = 1.0, None
    if reduced:
        ratio = min_side / max(width, height)
        image.draft(None, (max(1, int(width * ratio + 1)), max(1, int(height * ratio + 1))))
        scale = image.size[0] / width
    drafted_size = image.size
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise image_rejected("corrupt_image", "The image is truncated or corrupt.") from None
    upright = _upright(image)
    if scale != 1.0:  # EXIF rotation by 90 degrees swaps the sides
        original_size = (width, height) if upright.size == drafted_size else (height, width)
    return DecodedImage(bgr=_to_bgr(upright), format=image.format, scale=scale, original_size=original_size)


def _stored_upright(image: Image.Image) -> bool:
    """No EXIF orientation to apply (absurd EXIF counts as none: the photo is kept as stored)."""
    try:
        return image.getexif().get(0x0112, 1) in (1, None)
    except Exception:
        return True


def _upright(image: Image.Image) -> Image.Image:
    if _stored_upright(image):  # no copy of a large photo
        return image
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # absurd EXIF must not lose the photo: keep it as stored
        return image


def _plain_jpeg(image: Image.Image, data: bytes) -> bool:
    """A complete 8-bit RGB or grayscale baseline/progressive JPEG (not MPO, not CMYK), stored upright: OpenCV
    decodes it straight to BGR with the same libjpeg-turbo and gives the same pixels as Pillow (every such
    fixture and dev photo, tests/unit/test_image_decoding.py), without Pillow's copy out and the channel swap
    (~1 ms of a 640x480 kiosk frame's 2.5). Anything else, a truncated file included (its end marker missing:
    Pillow refuses it), goes through Pillow."""
    complete = data[-1024:].rstrip(b"\0").endswith(b"\xff\xd9")  # the tail only: no copy of a large photo
    return image.format == "JPEG" and image.mode in ("RGB", "L") and complete and _stored_upright(image)


def _to_bgr(image: Image.Image) -> np.ndarray:
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit / 32-bit grayscale: scale to 8 bits instead of clipping at 255.
        gray = np.asarray(image, dtype=np.float64)
        peak = gray.max()
        scale = 255.0 / 65535.0 if peak > 255 else 1.0
        gray8 = np.clip(gray * scale, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray8[:, :, None], 3, axis=2))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels become white, as a photo printed on paper.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
