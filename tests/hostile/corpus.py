"""Hostile inputs, generated (no binary blobs in the repository). `python -m tests.hostile.corpus DIR`
writes them as files for manual poking; the tests import the dictionaries directly."""

from __future__ import annotations

import base64
import io
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import fixture_bytes


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int, height: int, *, bit_depth: int = 1, color_type: int = 0) -> bytes:
    """A few KB of PNG that claims width x height pixels."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    row_bytes = (width * bit_depth * (3 if color_type == 2 else 1) + 7) // 8
    compressor = zlib.compressobj(9)
    row = b"\x00" * (row_bytes + 1)
    body = b"".join(compressor.compress(row) for _ in range(min(height, 4096))) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header claims another size."""
    data = bytearray(_save(Image.new("RGB", (16, 16), (90, 90, 90)), "JPEG"))
    marker = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, marker + 5, height, width)
    return bytes(data)


def absurd_exif_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 65535  # orientation
    exif[0x0100] = 2**31 - 1  # image width tag lying
    exif[0x010F] = "A" * 5000  # make
    return _save(Image.new("RGB", (64, 64), (120, 80, 60)), "JPEG", exif=exif.tobytes())


def animated_gif() -> bytes:
    frames = [Image.new("P", (32, 32), color) for color in (1, 50, 100)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0)
    return buffer.getvalue()


def hostile_images() -> dict[str, bytes]:
    photo = fixture_bytes("identities/fr_obama/obama3.jpg")
    gray16 = (np.linspace(0, 65535, 128 * 128).reshape(128, 128)).astype(np.uint16)
    return {
        "zero_bytes.jpg": b"",
        "one_byte.jpg": b"\xff",
        "truncated.jpg": photo[: len(photo) // 3],
        "jpeg_header_only.jpg": photo[:600],
        "text_named.jpg": b"Name,Email\nalice,alice@example.com\n" * 40,
        "page.html": b"<!doctype html><html><script>alert(1)</script><img src=x onerror=alert(2)></html>" * 20,
        "svg_named.png": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' * 20,
        "bomb_20000x20000.png": png_bomb(20000, 20000),
        "bomb_rgb_30000x30000.png": png_bomb(30000, 30000, bit_depth=8, color_type=2),
        "bomb_1x200000000.png": png_bomb(1, 200_000_000),
        "jpeg_claims_65000x65000.jpg": jpeg_claiming(65000, 65000),
        "animated.gif": animated_gif(),
        "cmyk.jpg": _save(Image.new("CMYK", (64, 64), (0, 90, 90, 0)), "JPEG"),
        "gray16.png": _save(Image.fromarray(gray16), "PNG"),
        "absurd_exif.jpg": absurd_exif_jpeg(),
        "tiff.tif": _save(Image.new("RGB", (32, 32)), "TIFF"),
        "bmp.bmp": _save(Image.new("RGB", (32, 32)), "BMP"),
        "random_bytes.jpg": bytes(np.random.default_rng(1).integers(0, 256, 50_000, dtype=np.uint8)),
        "jpeg_magic_then_junk.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 4000,
        "png_magic_then_junk.png": b"\x89PNG\r\n\x1a\n" + b"\x11" * 4000,
        "webp_magic_then_junk.webp": b"RIFF\x00\x10\x00\x00WEBPVP8 " + b"\x22" * 4000,
    }


LONG = "x" * 100_000
HOSTILE_STRINGS = {
    "sql_injection": "Robert'); DROP TABLE employees;--",
    "sql_injection_email": "x'OR'1'='1@example.com",
    "control_chars": "Eve\x00\x07\x1b[31mRed",
    "newline_header": "Mallory\r\nSet-Cookie: a=b",
    "very_long": LONG,
    "rtl_override": "\u202egnp.exe",
    "emoji": "👩‍💻 Ada 🚀",
    "cyrillic": "Ёлка Пушкина",
    "arabic": "محمد عبد الله",
    "zalgo": "Z̷̢̛̪a̶̧͓l̵̪̇g̸͚̈o̴̰̿",
    "formula": "=HYPERLINK(\"http://evil\",\"x\")",
    "null_json": None,
    "number": 12345,
    "list": ["a", "b"],
}


def hostile_json_bodies() -> dict[str, bytes]:
    nested = "[" * 100_000 + "]" * 100_000
    nested_object = '{"a":' * 20_000 + "1" + "}" * 20_000
    return {
        "empty": b"",
        "not_json": b"{this is not json",
        "truncated": b'{"full_name": "Ada',
        "array": b"[1,2,3]",
        "string": b'"just a string"',
        "null": b"null",
        "deep_array": nested.encode(),
        "deep_object": nested_object.encode(),
        "huge_number": b'{"limit": 1e999999}',
        "nan": b'{"full_name": NaN, "email": "a@b.co"}',
        "invalid_utf8": b'{"full_name": "\xff\xfe", "email": "a@b.co"}',
        "duplicate_keys": b'{"full_name": "A", "full_name": "B", "email": "a@b.co"}',
        "wrong_types": b'{"full_name": 1, "email": [], "department": {}}',
        "image_wrong_type": b'{"image": 42}',
        "image_invalid_base64": b'{"image": "@@@not-base64@@@"}',
        "image_base64_text": ('{"image": "' + base64.b64encode(b"hello world" * 200).decode() + '"}').encode(),
        "image_oversize": ('{"image": "' + "A" * 15_000_004 + '"}').encode(),
    }


# --- calendar edges and impossible dates (query values) -------------------------------------------
CALENDAR_EDGES = {
    "last_day": "9999-12-31",
    "first_day": "0001-01-01",
    "feb_30": "2026-02-30",
    "feb_29_non_leap": "2025-02-29",
    "feb_29_leap": "2024-02-29",
    "month_13": "2026-13-01",
    "day_zero": "2026-01-00",
    "year_zero": "0000-01-01",
    "year_10000": "10000-01-01",
    "negative_year": "-0001-01-01",
    "unpadded": "2026-1-1",
    "datetime": "9999-12-31T23:59:59Z",
    "dst_gap": "2026-03-08T02:30:00",
    "fullwidth_digits": "\uff12\uff10\uff12\uff16-01-01",
    "arabic_indic_digits": "\u0662\u0660\u0662\u0666-01-01",
    "empty": "",
    "spaces": " 2026-01-01 ",
    "epoch_number": "1780000000",
}

# --- numbers and strings beyond parser limits ------------------------------------------------------
DIGITS_5000 = "1" + "0" * 4999
PARSER_LIMIT_VALUES = {
    "int_5000_digits": DIGITS_5000,
    "negative_int_5000_digits": "-" + DIGITS_5000,
    "float_overflow": "1e999999",
    "float_underflow": "1e-999999",
    "float_5000_digits": "0." + "1" * 5000,
    "int_64bit_plus_one": str(2**63),
    "string_100k": LONG,
    "nul": "\x00",
    "lone_surrogate_escape": "\\ud800",
}


def parser_limit_json_bodies() -> dict[str, bytes]:
    """Valid JSON that a parser refuses or overflows on, in every field a JSON route reads."""
    bodies: dict[str, bytes] = {}
    for field in ("full_name", "email", "department", "content_type", "image", "employee_id", "device_id",
                  "is_active"):
        bodies[f"{field}_int_5000_digits"] = f'{{"{field}": {DIGITS_5000}}}'.encode()
    bodies["negative_int_5000_digits"] = f'{{"full_name": -{DIGITS_5000}, "email": "a@b.co"}}'.encode()
    bodies["int_5000_digits_in_array"] = f'[{DIGITS_5000}]'.encode()
    bodies["int_5000_digits_nested"] = f'{{"a": {{"b": [{DIGITS_5000}]}}}}'.encode()
    bodies["float_5000_digits"] = f'{{"full_name": 0.{"1" * 5000}, "email": "a@b.co"}}'.encode()
    bodies["exponent_overflow"] = b'{"full_name": 1e999999, "email": "a@b.co"}'
    bodies["lone_surrogate"] = b'{"full_name": "\\ud800", "email": "a@b.co"}'
    bodies["string_1mb"] = ('{"full_name": "' + "y" * 1_000_000 + '", "email": "a@b.co"}').encode()
    bodies["bom_prefixed"] = b'\xef\xbb\xbf{"full_name": "Bom", "email": "bom@b.co"}'
    return bodies


# --- case and parameter variants of media types ----------------------------------------------------
JSON_MEDIA_TYPES = [  # all of these are JSON (RFC 9110: case-insensitive; RFC 6839: +json)
    "application/json", "APPLICATION/JSON", "Application/Json", "application/json; charset=utf-8",
    "application/JSON;charset=UTF-8", " application/json ", "application/json ; charset=\"utf-8\"",
    "application/vnd.api+json", "APPLICATION/VND.API+JSON; charset=utf-8", "application/problem+json",
    "application/merge-patch+json",
]
NOT_JSON_MEDIA_TYPES = [
    "text/plain", "text/json", "application/jsonx", "application/xml", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "multipart/form-data", "image/svg+xml", "*/*", "application/",
    ";;;", "json", "application/json+xml",
]


# --- keys that look like the enrollment layout but are not ------------------------------------------
def odd_enrollment_keys(employee_id: str, ticket_id: str) -> dict[str, str]:
    """enroll/<employee>/<ticket> bent every way S3 allows: none of these may be trusted or kept."""
    real = f"enroll/{employee_id}/{ticket_id}"
    return {
        "trailing_space": real + " ",
        "leading_space": f"enroll/ {employee_id}/{ticket_id}",
        "percent_20": real + "%20",
        "plus": real + "+",
        "dot_dot": f"enroll/{employee_id}/../{ticket_id}",
        "dot_segment": f"enroll/{employee_id}/./{ticket_id}",
        "sub_path": real + "/x.jpg",
        "unicode": f"enroll/{employee_id}/{ticket_id}\u00e9",
        "unicode_digits": f"enroll/{employee_id}/{ticket_id[:-1]}\u0661",
        "upper_case_ticket": f"enroll/{employee_id}/{ticket_id.upper()}",
        "double_slash": f"enroll//{ticket_id}",
        "double_slash_inside": f"enroll/{employee_id}//{ticket_id}",
        "prefix_only_file": "enroll/x",
        "no_dashes": f"enroll/{employee_id.replace('-', '')}/{ticket_id.replace('-', '')}",
        "dashes_only": "enroll/" + "-" * 36 + "/" + "-" * 36,
        "extension": real + ".jpg",
        "tab": real + "\t",
        "long_900": f"enroll/{employee_id}/" + "a" * 900,
        "swapped": f"enroll/{ticket_id}/{employee_id}",
    }


# --- malformed and repeated headers (as the function sees them: payload v2 joins repeats with ",") ----
HOSTILE_HEADERS = {
    "accept_csv_and_json": {"accept": "text/csv,application/json"},
    "accept_garbage": {"accept": ";;;/*,,q=abc"},
    "accept_long": {"accept": "text/csv;" + "q=1;" * 2000},
    "content_type_repeated": {"content-type": "application/json,application/json"},
    "content_type_params_only": {"content-type": "; charset=utf-8"},
    "content_type_nul": {"content-type": "application/json\x00"},
    "content_type_boundary_only": {"content-type": "multipart/form-data; boundary="},
    "idempotency_key_repeated": {"idempotency-key": "k1,k2"},
    "idempotency_key_long": {"idempotency-key": "k" * 10_000},
    "idempotency_key_control": {"idempotency-key": "k\x01\x1b[31m"},
    "idempotency_key_empty": {"idempotency-key": ""},
    "device_id_repeated": {"x-device-id": "door-1,door-2"},
    "device_id_control": {"x-device-id": "door\r\nX-Injected: 1"},
    "device_id_long": {"x-device-id": "d" * 5000},
    "device_id_unicode": {"x-device-id": "\u202edoor\ufeff"},
    "content_encoding_gzip": {"content-encoding": "gzip"},
    "host_odd": {"host": "evil.example\x00"},
}


def main(directory: str) -> None:
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in hostile_images().items():
        (out / name).write_bytes(data)
    for name, data in hostile_json_bodies().items():
        (out / f"{name}.json").write_bytes(data)
    print(f"wrote {len(list(out.iterdir()))} files to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
