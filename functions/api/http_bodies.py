"""Request bodies as bytes: Powertools' decoded_body assumes UTF-8, images are binary."""

from __future__ import annotations

import base64
import binascii

from facepass.errors import FacePassError


def body_bytes(event) -> bytes:
    body = event.body or ""
    if event.is_base64_encoded:
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise FacePassError("The request body is not valid base64.", code="malformed_body") from None
    return body.encode("utf-8")
