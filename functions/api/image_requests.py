"""Photo-carrying requests: JSON {"image": base64, ...} or a raw image/jpeg|png|webp body.

Powertools validation cannot express "JSON or raw bytes", so these routes parse here and the
OpenAPI document gets the bodies from REQUEST_BODIES (see openapi_resolver.py)."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from facepass.errors import FacePassError, validation_failed
from facepass.schemas import CheckRequest, ImageRequest, VerifyRequest

from http_bodies import body_bytes, decode_base64_image, is_json_media_type, media_type, parse_json_body

RAW_IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")


def parse_image_request(event, model: type[BaseModel] = ImageRequest) -> tuple[bytes, BaseModel | None]:
    """(photo bytes, the JSON fields or None for a raw body)."""
    content_type = media_type(event.headers)
    body = body_bytes(event)
    if content_type in RAW_IMAGE_TYPES:
        if not body:
            raise FacePassError("The request body is empty.", code="empty_body", status=400)
        return body, None
    if not is_json_media_type(content_type):
        raise FacePassError("Send JSON with a base64 `image`, or the raw photo as image/jpeg, image/png or "
                            "image/webp.", code="unsupported_media_type", status=415)
    try:
        request = model.model_validate(parse_json_body(body or b"null"))
    except ValidationError as error:
        raise validation_failed(error.errors(), prefix=("body",)) from None
    return (decode_base64_image(request.image) if getattr(request, "image", None) is not None else None), request


# (method, path) -> (the JSON body's model, whether the raw photo may be sent instead of JSON)
REQUEST_BODIES = {
    ("post", "/identify"): (ImageRequest, True),
    ("post", "/verify"): (VerifyRequest, False),  # the employee id has to travel with the photo
    ("post", "/attendance/check-in"): (CheckRequest, True),
    ("post", "/attendance/check-out"): (CheckRequest, True),
    ("post", "/attendance/punch"): (CheckRequest, True),
}
