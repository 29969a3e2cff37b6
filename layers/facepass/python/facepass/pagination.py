"""Opaque keyset cursors: (timestamp, id) or (name, id) of the last row of a page, URL-safe base64, each with the scope
it was issued for (cursor_scope: the route and its filters), so a cursor is taken only by the list it continues."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import UTC, date, datetime
from typing import TypeVar
from uuid import UUID

from facepass.errors import FacePassError
from facepass.schemas import has_control_characters

KeyT = TypeVar("KeyT")

# The OpenAPI description of every paged route's `cursor` parameter (README, Pagination).
CURSOR_DESCRIPTION = ("The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may "
                      "change): a cursor carries the route and filters it was issued for, and one of another route or "
                      "of other filters is 400 invalid_cursor. Opaque: no client reads or writes one.")

SCOPE_LENGTH = 12
_SCOPE = re.compile(f"[0-9a-f]{{{SCOPE_LENGTH}}}")
_MALFORMED = "The cursor is not one this API returned."
_OTHER_SCOPE = "The cursor is not one this API returned for these filters."


def cursor_scope(route: str, **filters: object) -> str:
    """What a cursor was issued for: the route (e.g. "GET /attendance") and the filters that decide the list's order
    and its rows (the query's parameters but `cursor` and `limit`, as the route read them: a filter left out is None
    and counts as left out, so `?state=pending` and the default are one list). A digest, not a secret: the first
    SCOPE_LENGTH hex digits of the SHA-256 of their canonical JSON. Every paged route passes its own to
    encode_cursor/encode_name_cursor and to the decoding, which refuses (400 invalid_cursor) a cursor of another
    route or of other filters instead of answering a page that is the next page of nothing."""
    given = {name: _plain(value) for name, value in sorted(filters.items()) if value is not None}
    canonical = json.dumps({"route": route, "filters": given}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:SCOPE_LENGTH]


def _plain(value: object) -> object:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, date | UUID):  # datetime is a date
        return str(value) if isinstance(value, UUID) else value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise TypeError(f"A cursor scope's filter is a str, int, bool, date, UUID or a list of them, not {value!r}.")


def _check_scope(scope: str) -> None:
    if not _SCOPE.fullmatch(scope):
        raise ValueError(f"{scope!r} is not a cursor_scope().")


def _refuse_other_scope(carried: str | None, scope: str) -> None:
    """A cursor without a scope (issued before cursors carried one) is taken, for a download running across the
    deploy that brought them (README, *Pagination*); one of another scope is not."""
    if carried is not None and carried != scope:
        raise FacePassError(_OTHER_SCOPE, code="invalid_cursor")


def encode_cursor(timestamp: datetime, key: object, *, scope: str) -> str:
    _check_scope(scope)
    return base64.urlsafe_b64encode(f"{timestamp.isoformat()}|{key}|{scope}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key_type: type[KeyT], *, scope: str) -> tuple[datetime, KeyT]:
    """(timestamp, id) of a cursor encode_cursor wrote for `scope` (or, without a scope, an earlier version)."""
    _check_scope(scope)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, key, *rest = raw.split("|")
        if len(rest) > 1 or (rest and not _SCOPE.fullmatch(rest[0])):
            raise ValueError(rest)
        carried = rest[0] if rest else None
        instant = datetime.fromisoformat(stamp)
        if instant.tzinfo is None or instant.isoformat() != stamp:
            raise ValueError(stamp)
        value = _canonical(key_type, key)
        if isinstance(value, int) and not 0 <= value < 2**63:  # no row's id (bigint): PostgreSQL would refuse it
            raise ValueError(key)
        # In UTC: an offset PostgreSQL refuses (a forged -23:59) or a year the conversion overflows is no cursor.
        instant = instant.astimezone(UTC)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise FacePassError(_MALFORMED, code="invalid_cursor") from None
    _refuse_other_scope(carried, scope)
    return instant, value


def _canonical(key_type: type[KeyT], key: str) -> KeyT:
    """The key as encode_cursor wrote it, only: int() and UUID() also read " 1", "1_0", "+1", "\u0661" (an
    Arabic-Indic 1), "{…}" or upper case, which no cursor this API returned holds."""
    value = key_type(key)
    if str(value) != key:
        raise ValueError(key)
    return value


def _pack(fields: list) -> str:
    """A JSON list in URL-safe base64 without padding: UTF-8, not \\u escapes (a 200-letter Cyrillic name is 400
    bytes, not 1,200: the cursors' MAX_LENGTHs hold any)."""
    return base64.urlsafe_b64encode(json.dumps(fields, ensure_ascii=False).encode()).decode().rstrip("=")


def _unpack(cursor: str) -> object:
    """What _pack wrote (ValueError, binascii.Error or UnicodeDecodeError for anything else)."""
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())


# The longest name cursor: a 200-character name of 4-byte characters (800 bytes), an id, a watermark and a scope, in
# base64 (1,174 characters).
NAME_CURSOR_MAX_LENGTH = 1200


def encode_name_cursor(name: str, key: object, watermark: str | None = None, *, scope: str) -> str:
    """A cursor over rows ordered by a name, then an id (names may hold any character: JSON keeps them apart).
    `watermark`: what the order and the pages depend on as of this page (the timesheet's report_watermark), for the
    next page to tell whether it moved meanwhile; `scope`: cursor_scope's."""
    _check_scope(scope)
    return _pack([name, str(key), watermark, scope])


def decode_name_cursor(cursor: str, key_type: type[KeyT], *, scope: str) -> tuple[str, KeyT, str | None]:
    """(name, id, watermark) of a cursor encode_name_cursor wrote for `scope`: the watermark None for a cursor that
    carries none (one an earlier version issued, as one without a scope: [name, id] or [name, id, watermark])."""
    _check_scope(scope)
    try:
        fields = _unpack(cursor)
        if not isinstance(fields, list) or len(fields) not in (2, 3, 4):
            raise ValueError(fields)
        name, key, *rest = fields
        watermark = rest[0] if rest else None
        carried = rest[1] if len(rest) == 2 else None
        if not isinstance(name, str) or not isinstance(key, str) or has_control_characters(name):
            raise ValueError(name)  # no name we store holds these: PostgreSQL refuses NUL and lone surrogates
        if (len(rest) == 1 or watermark is not None) and (not isinstance(watermark, str) or not watermark.isascii()
                                                          or has_control_characters(watermark)):
            raise ValueError(watermark)
        if len(rest) == 2 and not (isinstance(carried, str) and _SCOPE.fullmatch(carried)):
            raise ValueError(carried)
        value = _canonical(key_type, key)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FacePassError(_MALFORMED, code="invalid_cursor") from None
    _refuse_other_scope(carried, scope)
    return name, value, watermark


# The longest absence cursor: an absence_cursor with a 200-character name of 4-byte characters (800 bytes), a day, a
# person id, an absence id, a watermark and a scope, in base64 (under 1,230 characters with a 10-digit rename count).
ABSENCE_CURSOR_MAX_LENGTH = 1300


def encode_absence_cursor(day: date, name: str, key: UUID, absence_id: int, watermark: str, *, scope: str) -> str:
    """A cursor over absences ordered by day, then the person's name, then their id, then the absence's id (GET
    /attendance/absences): the last row's, with `watermark` (what that order depends on beyond the rows: the names,
    absences._rename_watermark) for the next page to tell whether it moved meanwhile, and `scope` (cursor_scope's)."""
    _check_scope(scope)
    return _pack([day.isoformat(), name, str(key), str(absence_id), watermark, scope])


def decode_absence_cursor(cursor: str, *, scope: str) -> tuple[date, str, UUID, int, str]:
    """(day, name, person id, absence id, watermark) of a cursor encode_absence_cursor wrote for `scope`: 400
    invalid_cursor for anything else, or one of another scope."""
    _check_scope(scope)
    try:
        fields = _unpack(cursor)
        if not isinstance(fields, list) or len(fields) != 6 or not all(isinstance(item, str) for item in fields):
            raise ValueError(fields)
        day, name, key, absence_id, watermark, carried = fields
        if date.fromisoformat(day).isoformat() != day or has_control_characters(name):
            raise ValueError(fields)
        if not watermark.isascii() or has_control_characters(watermark) or not _SCOPE.fullmatch(carried):
            raise ValueError(fields)
        value = _canonical(UUID, key)
        number = _canonical(int, absence_id)
        if not 1 <= number < 2**63:  # a bigserial's: another would fail the statement's cast
            raise ValueError(absence_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FacePassError(_MALFORMED, code="invalid_cursor") from None
    _refuse_other_scope(carried, scope)
    return date.fromisoformat(day), name, value, number, watermark
