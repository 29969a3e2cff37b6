"""Request bodies as bytes: Powertools' decoded_body assumes UTF-8, images are binary."""

from __future__ import annotations

import base64
import binascii
import json

from facepass.errors import FacePassError


def body_bytes(event) -> bytes:
    body = event.body or ""
    if event.is_base64_encoded:
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise FacePassError("The request body is not valid base64.", code="malformed_body") from None
    return body.encode("utf-8")


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise FacePassError("The JSON body repeats a key.", code="duplicate_json_key")
    return dict(pairs)


def parse_json_body(text: str | bytes):
    """Strict JSON: no repeated keys (parsers disagree on them), no NaN, and a hostile nesting
    depth answered with a 400 instead of a RecursionError."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys,
                          parse_constant=lambda name: _raise_constant(name))
    except RecursionError:
        raise FacePassError("The JSON body is nested too deeply.", code="json_too_deep") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise FacePassError("The request body is not valid JSON.", code="malformed_json") from None


def _raise_constant(name: str):
    raise FacePassError(f"{name} is not a JSON value.", code="malformed_json")


def require_json_body(app, route) -> None:
    """Model bodies are JSON only: Powertools would otherwise try to parse form encodings too (and
    fail with a bare ValueError on a malformed multipart header)."""
    if not getattr(route.dependant, "body_params", None) or not app.current_event.body:
        return
    content_type = (app.current_event.headers.get("content-type") or "application/json")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise FacePassError("Send this route application/json.", code="unsupported_media_type", status=415)
