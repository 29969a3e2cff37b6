"""Opaque keyset cursors: (timestamp, id) or (name, id) of the last row of a page, URL-safe base64."""

from __future__ import annotations

import base64
import binascii
import json
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


def encode_name_cursor(name: str, key: object) -> str:
    """A cursor over rows ordered by a name, then an id (names may hold any character: JSON keeps them apart)."""
    return base64.urlsafe_b64encode(json.dumps([name, str(key)]).encode()).decode().rstrip("=")


def decode_name_cursor(cursor: str, key_type: type[KeyT]) -> tuple[str, KeyT]:
    try:
        name, key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(name, str):
            raise ValueError(name)
        return name, key_type(key)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FacePassError("The cursor is not one this API returned.", code="invalid_cursor") from None
