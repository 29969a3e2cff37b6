"""Opaque keyset cursors: (timestamp, id) of the last row of a page, URL-safe base64."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import TypeVar

from facepass.errors import FacePassError

KeyT = TypeVar("KeyT")


def encode_cursor(timestamp: datetime, key: object) -> str:
    return base64.urlsafe_b64encode(f"{timestamp.isoformat()}|{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key_type: type[KeyT]) -> tuple[datetime, KeyT]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, key = raw.split("|", 1)
        return datetime.fromisoformat(stamp), key_type(key)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise FacePassError("The cursor is not one this API returned.", code="invalid_cursor") from None
