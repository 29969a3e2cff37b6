"""Safe decoding: real formats decode, hostile or broken files are refused with stable codes."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from facepass.errors import ImageRejected
from facepass.faces.decoding import decode_image
from tests.conftest import fixture_bytes

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_pixels": 40_000_000}


def decode(data: bytes, **limits):
    return decode_image(data, **{**LIMITS, **limits})


def rejection(data: bytes, **limits) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        decode(data, **limits)
    return caught.value


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def test_webp_with_a_jpg_name_decodes_by_content():
    decoded = decode(fixture_bytes("identities/deepface_p08/img47.jpg"))
    assert decoded.format == "WEBP"
    assert decoded.bgr.shape == (1800, 1350, 3)


def test_rgba_png_decodes_to_three_channels():
    decoded = decode(fixture_bytes("other/fr_32bit.png"))
    assert decoded.format == "PNG"
    assert decoded.bgr.shape[2] == 3 and decoded.bgr.dtype == np.uint8


def test_grayscale_png_becomes_three_equal_channels():
    decoded = decode(fixture_bytes("identities/bbt_amy/amy1.png"))
    assert decoded.bgr.shape == (150, 150, 3)
    assert np.array_equal(decoded.bgr[:, :, 0], decoded.bgr[:, :, 2])


def test_16_bit_png_is_scaled_not_clipped():
    ramp = (np.linspace(0, 65535, 64 * 64).reshape(64, 64)).astype(np.uint16)
    decoded = decode(encode(Image.fromarray(ramp), "PNG"))
    gray = decoded.bgr[:, :, 0]
    assert gray.min() == 0 and gray.max() == 255
    assert 100 < float(gray.mean()) < 155  # a clipped image would be almost all white


def test_cmyk_jpeg_decodes():
    decoded = decode(encode(Image.new("CMYK", (64, 48), (0, 128, 128, 0)), "JPEG"))
    assert decoded.bgr.shape == (48, 64, 3)


def test_exif_orientation_is_applied():
    upright = Image.new("RGB", (80, 40), (10, 20, 30))
    rotated = upright.rotate(90, expand=True)  # stored sideways: 40 x 80
    exif = Image.Exif()
    exif[0x0112] = 8  # display rotated 90 degrees clockwise... back to upright
    decoded = decode(encode(rotated, "JPEG", exif=exif.tobytes()))
    assert (decoded.width, decoded.height) == (80, 40)


def test_absurd_exif_does_not_lose_the_photo():
    exif = Image.Exif()
    exif[0x0112] = 99  # no such orientation
    decoded = decode(encode(Image.new("RGB", (30, 20)), "JPEG", exif=exif.tobytes()))
    assert (decoded.width, decoded.height) == (30, 20)


def test_zero_bytes_is_not_an_image():
    assert rejection(b"").code == "not_an_image"


def test_text_file_is_not_an_image():
    assert rejection(b"name,email\nada,ada@example.com\n").code == "not_an_image"


def test_html_is_not_an_image():
    assert rejection(b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>").code == "not_an_image"


def test_truncated_jpeg_is_corrupt():
    data = fixture_bytes("identities/fr_obama/obama3.jpg")
    error = rejection(data[: len(data) // 2])
    assert error.code == "corrupt_image"
    assert error.status == 400


def test_gif_is_an_unsupported_format():
    frames = [Image.new("P", (20, 20), color) for color in (1, 2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    error = rejection(buffer.getvalue())
    assert error.code == "unsupported_format"
    assert error.status == 415


def test_too_many_bytes_is_image_too_large():
    error = rejection(b"\xff\xd8" + b"\x00" * 2048, max_bytes=1024)
    assert error.code == "image_too_large"
    assert error.status == 413


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG that claims width x height 1-bit pixels (compresses to a few KB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_pixel_bomb_is_refused_before_decoding():
    bomb = png_bomb(20000, 20000)
    assert len(bomb) < 1024 * 1024
    assert rejection(bomb).code == "image_too_large"


def pillow_reference(data: bytes) -> np.ndarray:
    """The photo as Pillow alone decodes it (EXIF orientation applied), in BGR."""
    from PIL import ImageOps

    image = Image.open(io.BytesIO(data))
    image = ImageOps.exif_transpose(image) or image
    return np.asarray(image.convert("RGB"))[:, :, ::-1]


def fixture_jpegs() -> list[str]:
    from tests.conftest import FIXTURES

    def is_jpeg(path) -> bool:
        try:
            with Image.open(path) as image:
                return image.format == "JPEG"
        except (OSError, ValueError):  # the CSV files, the non-images
            return False

    return sorted(str(path.relative_to(FIXTURES)) for path in FIXTURES.rglob("*") if path.is_file() and is_jpeg(path))


def test_every_fixture_jpeg_decodes_to_pillows_pixels():
    """Plain JPEGs are decoded by OpenCV (faster); the pixels must be Pillow's, the ones every threshold was
    chosen on."""
    names = fixture_jpegs()
    assert len(names) > 50
    for name in names:
        data = fixture_bytes(name)
        assert np.array_equal(decode(data).bgr, pillow_reference(data)), name


@pytest.mark.parametrize("variant", ["grayscale", "progressive", "rotated", "trailing_zeros", "subsampling_444"])
def test_jpeg_variants_decode_to_pillows_pixels(variant):
    photo = Image.open(io.BytesIO(fixture_bytes("identities/fr_obama/obama3.jpg"))).convert("RGB")
    if variant == "grayscale":
        data = encode(photo.convert("L"), "JPEG")
    elif variant == "progressive":
        data = encode(photo, "JPEG", progressive=True, quality=85)
    elif variant == "rotated":
        exif = Image.Exif()
        exif[0x0112] = 6
        data = encode(photo, "JPEG", exif=exif.tobytes())
    elif variant == "trailing_zeros":
        data = encode(photo, "JPEG") + b"\0" * 64
    else:
        data = encode(photo, "JPEG", subsampling=0, quality=95)
    decoded = decode(data)
    assert np.array_equal(decoded.bgr, pillow_reference(data))
    if variant == "rotated":  # stored sideways, shown upright
        assert decoded.bgr.shape[:2] == (photo.width, photo.height)
