"""Errors with stable codes. The API turns them into ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class FacePassError(Exception):
    """A failure the caller can act on: a stable ``code``, a message and an HTTP status."""

    status: int = 400
    code: str = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class NotFound(FacePassError):
    status = 404
    code = "not_found"


class Conflict(FacePassError):
    status = 409
    code = "conflict"


class ImageRejected(FacePassError):
    """The photo cannot be used; ``code`` says why (no_face, blurry, not_an_image, ...)."""

    status = 422
    code = "image_rejected"


class ConfigurationError(FacePassError):
    """The deployment is wrong (missing model file, bad secret): an operator must fix it."""

    status = 500
    code = "configuration_error"


class UploadNotYetOwned(FacePassError):
    """An enrollment upload whose ticket is not visible yet: the transaction that wrote both may still be
    committing. Transient: the S3 event is delivered again (Lambda's retry) instead of the photo being deleted."""

    status = 503
    code = "upload_not_yet_owned"


class DatabaseUnavailable(FacePassError):
    """The database could not be reached or dropped the connection: transient, worth a retry."""

    status = 503
    code = "database_unavailable"


class DatabaseConflict(FacePassError):
    """PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict with another
    one: nothing was written, the connection is fine, a retry succeeds."""

    status = 503
    code = "database_conflict"


# HTTP status per image reason code; the rest are 422 (valid request, unusable face).
IMAGE_REASON_STATUS = {
    "image_too_large": 413,
    "not_an_image": 400,
    "corrupt_image": 400,
    "unsupported_format": 415,
}


def image_rejected(code: str, message: str, **details: Any) -> ImageRejected:
    return ImageRejected(message, code=code, status=IMAGE_REASON_STATUS.get(code, 422), details=details or None)


def validation_failed(problems: Iterable[Mapping[str, Any]], *, prefix: tuple[str, ...] = (),
                      message: str = "The request does not match the API schema.") -> FacePassError:
    """422 `validation_error` from pydantic-style problems (loc, msg, type), whoever found them."""
    errors = [{"location": [*prefix, *map(str, problem.get("loc", ()))], "message": str(problem.get("msg", "")),
               "type": str(problem.get("type", ""))} for problem in problems]
    return FacePassError(message, code="validation_error", status=422, details={"errors": errors})
