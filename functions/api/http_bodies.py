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


def decode_base64_image(value: str) -> bytes:
    """A JSON request's base64 `image` (or a challenge frame)."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise FacePassError("`image` is not valid base64.", code="invalid_base64") from None


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
    except ValueError:
        # Python refuses integers of more than 4,300 digits (sys.int_info.str_digits_check_threshold)
        # with a plain ValueError: the body is valid JSON no reader of this API can take.
        raise FacePassError("A number in the JSON body is too long.", code="json_number_too_long") from None


def parse_json_object_body(text: str | bytes):
    """parse_json_body for routes whose body is one object (every JSON body of this API): an array or a scalar is
    refused here, before validation (Powertools would take an array's first element for an optional body)."""
    value = parse_json_body(text)
    if value is not None and not isinstance(value, dict):
        raise FacePassError("The JSON body must be an object.", code="validation_error", status=422)
    return value


def _raise_constant(name: str):
    raise FacePassError(f"{name} is not a JSON value.", code="malformed_json")


def media_type(headers) -> str:
    """The Content-Type's type/subtype, lower-cased (media types are case-insensitive, RFC 9110
    8.3.1), without its parameters; "" when there is none."""
    return (headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def is_json_media_type(kind: str) -> bool:
    """application/json and any structured-syntax `+json` type (application/vnd.api+json, ...)."""
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def require_json_body(app, route) -> None:
    """Model bodies are JSON only: Powertools would otherwise try to parse form encodings too (and
    fail with a bare ValueError on a malformed multipart header)."""
    if not getattr(route.dependant, "body_params", None):
        return
    headers = app.current_event.headers
    kind = media_type(headers) if (headers.get("content-type") or "").strip() else "application/json"
    if app.current_event.body and not is_json_media_type(kind):
        raise FacePassError("Send this route application/json.", code="unsupported_media_type", status=415)
    # Powertools' validation matches only a literal, lower-case "application/json" prefix (and would
    # parse an empty body as a form of the declared type): hand it the canonical JSON type.
    raw_headers = app.current_event.raw_event.get("headers") or {}
    for name in [name for name in raw_headers if name.lower() == "content-type"]:
        del raw_headers[name]
    raw_headers["content-type"] = "application/json"
