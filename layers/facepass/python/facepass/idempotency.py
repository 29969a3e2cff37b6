"""Idempotency-Key rules shared by the writes that take one (check-ins, manual punches): the key's form, and
whether a stored first answer may be replayed for a request."""

from __future__ import annotations

from facepass.errors import Conflict, FacePassError
from facepass.schemas import has_control_characters


class KeyTaken(Exception):
    """A concurrent request with the same Idempotency-Key claimed it first: answer with what it stored."""


def check_key(key: str | None) -> None:
    """An Idempotency-Key header, when sent, is 1-200 printable characters."""
    if key is not None and not (1 <= len(key) <= 200 and not has_control_characters(key)):
        raise FacePassError("Idempotency-Key must be 1-200 printable characters.", code="invalid_idempotency_key",
                            status=422)


def replayable(record: dict, request_hash: str, *, also: tuple[str, ...] = ()) -> dict:
    """The stored first answer (status_code, response) for a request with this hash (or one of `also`: the same
    request as an earlier version hashed it), or the 4xx that says why not: the key was used for another request, or
    the first request is still running."""
    if record["request_hash"] != request_hash and record["request_hash"] not in also:
        raise FacePassError("This Idempotency-Key was used for a different request.", code="idempotency_key_reused",
                            status=422)
    if record["response"] is None:
        raise Conflict("A request with this Idempotency-Key is still being processed.", code="request_in_progress")
    return record
