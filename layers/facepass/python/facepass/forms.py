"""multipart/form-data bodies (admin enroll-with-photo), parsed with python-multipart."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pydantic import ValidationError
from python_multipart import parse_form
from python_multipart.exceptions import FormParserError

from facepass.errors import FacePassError, validation_failed
from facepass.schemas import EmployeeCreate

MAX_FIELD_BYTES = 1024


@dataclass(frozen=True)
class EmployeePhotoForm:
    employee: EmployeeCreate
    photo: bytes


FIELDS = ("full_name", "email", "department", "timezone", "employee_number")  # EmployeeCreate's, as text parts
# The employee's biometric consent: `biometric_consent` = `true` records it at creation, with `consent_reference`
# (optional: EmployeeCreate's biometric_consent.reference).
CONSENT_FIELDS = ("biometric_consent", "consent_reference")
PHOTO = "photo"  # the one file part


def parse_employee_photo_form(body: bytes, content_type: str) -> EmployeePhotoForm:
    """Each field at most once, exactly one photo, no other part: a repeated, unknown or second part is
    refused (422 validation_error naming it) rather than one of them silently winning."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise FacePassError("Send multipart/form-data with full_name, email, department, timezone and photo.",
                            code="unsupported_media_type", status=415)
    fields: dict[str, str] = {}
    photos: list[bytes] = []
    problems: list[dict] = []

    def on_field(field) -> None:
        name = field.field_name.decode(errors="replace")
        value = field.value or b""
        if len(value) > MAX_FIELD_BYTES:
            raise FacePassError(f"Form field {name} is too long.", code="validation_error", status=422)
        if name == PHOTO:
            problems.append({"loc": (name,), "msg": "must be a file part", "type": "file_expected"})
        elif name not in FIELDS + CONSENT_FIELDS:
            problems.append({"loc": (name,), "msg": "unknown form field", "type": "extra_forbidden"})
        elif name in fields:
            problems.append({"loc": (name,), "msg": "sent more than once", "type": "repeated"})
        else:
            fields[name] = value.decode("utf-8", errors="strict")

    def on_file(file) -> None:
        name = file.field_name.decode(errors="replace")
        if name != PHOTO:
            problems.append({"loc": (name,), "msg": "unknown file part (the photo is `photo`)",
                             "type": "extra_forbidden"})
        elif photos:
            problems.append({"loc": (name,), "msg": "more than one photo; send one", "type": "repeated"})
        else:
            file.file_object.seek(0)
            photos.append(file.file_object.read())

    try:
        parse_form({"Content-Type": content_type, "Content-Length": str(len(body))}, io.BytesIO(body),
                   on_field, on_file)
    except (FormParserError, ValueError, UnicodeDecodeError) as error:
        raise FacePassError(f"The form cannot be read: {error}", code="malformed_form") from None
    if problems:
        raise validation_failed(problems, prefix=("form",), message="The form has parts it cannot take.")
    if not photos:
        raise FacePassError("The form has no `photo` file part.", code="photo_missing", status=422)
    consent = fields.get("biometric_consent")
    if consent not in (None, "true", "false"):
        problems.append({"loc": ("biometric_consent",), "msg": "must be true or false", "type": "bool_parsing"})
    elif fields.get("consent_reference") and consent != "true":
        problems.append({"loc": ("consent_reference",), "msg": "only with biometric_consent=true",
                         "type": "consent_reference_without_consent"})
    if problems:
        raise validation_failed(problems, prefix=("form",), message="The form fields are invalid.")
    try:
        employee = EmployeeCreate(full_name=fields.get("full_name", ""), email=fields.get("email", ""),
                                  department=fields.get("department") or None,
                                  timezone=fields.get("timezone") or None,
                                  employee_number=fields.get("employee_number") or None,
                                  biometric_consent={"reference": fields.get("consent_reference") or None}
                                  if consent == "true" else None)
    except ValidationError as error:
        raise validation_failed(error.errors(), prefix=("form",), message="The form fields are invalid.") from None
    return EmployeePhotoForm(employee=employee, photo=photos[0])


def sniff_image_type(data: bytes) -> str:
    """The content type by magic number (the CLI client's uploads); the server reads the header itself
    (faces.decoding.image_content_type)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
