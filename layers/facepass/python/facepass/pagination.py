"""Opaque keyset cursors: (timestamp, id) or (name, id) of the last row of a page, URL-safe base64."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import TypeVar

from facepass.errors import FacePassError
from facepass.schemas import has_control_characters

KeyT = TypeVar("KeyT")


def encode_cursor(timestamp: datetime, key: object) -> str:
    return base64.urlsafe_b64encode(f"{timestamp.isoformat()}|{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key_type: type[KeyT]) -> tuple[datetime, KeyT]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, key = raw.split("|", 1)
        instant = datetime.fromisoformat(stamp)
        if instant.tzinfo is None or instant.isoformat() != stamp:
            raise ValueError(stamp)
        value = _canonical(key_type, key)
        if isinstance(value, int) and not 0 <= value < 2**63:  # no row's id (bigint): PostgreSQL would refuse it
            raise ValueError(key)
        # In UTC: an offset PostgreSQL refuses (a forged -23:59) or a year the conversion overflows is no cursor.
        return instant.astimezone(UTC), value
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise FacePassError("The cursor is not one this API returned.", code="invalid_cursor") from None


def _canonical(key_type: type[KeyT], key: str) -> KeyT:
    """The key as encode_cursor wrote it, only: int() and UUID() also read " 1", "1_0", "+1", "\u0661" (an
    Arabic-Indic 1), "{…}" or upper case, which no cursor this API returned holds."""
    value = key_type(key)
    if str(value) != key:
        raise ValueError(key)
    return value


# The longest name cursor: a 200-character name of 4-byte characters (800 bytes), an id and a watermark, in base64.
NAME_CURSOR_MAX_LENGTH = 1200


def encode_name_cursor(name: str, key: object, watermark: str | None = None) -> str:
    """A cursor over rows ordered by a name, then an id (names may hold any character: JSON keeps them apart).
    `watermark`: what the order and the pages depend on as of this page (the timesheet's report_watermark), for the
    next page to tell whether it moved meanwhile."""
    fields = [name, str(key)] if watermark is None else [name, str(key), watermark]
    # UTF-8, not \u escapes: a 200-letter Cyrillic name is 400 bytes, not 1,200 (NAME_CURSOR_MAX_LENGTH holds any).
    return base64.urlsafe_b64encode(json.dumps(fields, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_name_cursor(cursor: str, key_type: type[KeyT]) -> tuple[str, KeyT, str | None]:
    """(name, id, watermark): the watermark None for a cursor that carries none (one an earlier version issued)."""
    try:
        fields = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(fields, list) or len(fields) not in (2, 3):
            raise ValueError(fields)
        name, key, *rest = fields
        watermark = rest[0] if rest else None
        if not isinstance(name, str) or not isinstance(key, str) or has_control_characters(name):
            raise ValueError(name)  # no name we store holds these: PostgreSQL refuses NUL and lone surrogates
        if watermark is not None and (not isinstance(watermark, str) or not watermark.isascii()
                                      or has_control_characters(watermark)):
            raise ValueError(watermark)
        return name, _canonical(key_type, key), watermark
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FacePassError("The cursor is not one this API returned.", code="invalid_cursor") from None
