"""Request and response shapes shared by the API, the CLI and the library services."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


# Free text from query strings and headers: printable only (NUL would even break the SQL driver).
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f]*$"


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\u200d" for ch in value)


def _no_control_characters(value: str | None) -> str | None:
    if value is not None and has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EmployeeCreate(StrictModel):
    full_name: str = Field(min_length=1, max_length=200, examples=["Анна Петрова"])
    email: str = Field(min_length=3, max_length=254, pattern=EMAIL_PATTERN, examples=["anna@example.com"])
    department: str | None = Field(default=None, min_length=1, max_length=100, examples=["Warehouse"])

    _clean = field_validator("full_name", "email", "department")(_no_control_characters)


class EmployeeReplace(EmployeeCreate):
    is_active: bool = True


class EmployeePatch(StrictModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    department: str | None = Field(default=None, max_length=100)
    is_active: bool | None = None

    _clean = field_validator("full_name", "email", "department")(_no_control_characters)


class EnrollmentCompleteness(BaseModel):
    photos: int = Field(description="Enrolled photos (accepted faces).")
    recommended_min: int = Field(description="Photos HR is asked for: more photos, a better template.")
    complete: bool


class Employee(BaseModel):
    id: UUID
    full_name: str
    email: str
    department: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class EmployeeListItem(Employee):
    enrollment: EnrollmentCompleteness


class EmployeePage(BaseModel):
    items: list[EmployeeListItem]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page; null on the last page.")


class FaceRecord(BaseModel):
    """What an admin may see of an enrolled face: never the vector."""

    id: int
    model_id: str
    quality: dict[str, Any]
    created_at: datetime


class FaceList(BaseModel):
    employee_id: UUID
    items: list[FaceRecord]
    enrollment: EnrollmentCompleteness


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]
    schema_version: str | None


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


UploadContentType = Literal["image/jpeg", "image/png", "image/webp"]


class UploadRequest(StrictModel):
    content_type: UploadContentType = Field(default="image/jpeg",
                                            description="The photo's type; the upload must send this Content-Type.")


class PresignedPost(BaseModel):
    url: str
    fields: dict[str, str] = Field(description="Send every field, then the file as the last part named `file`.")


class UploadTicket(BaseModel):
    ticket_id: UUID
    employee_id: UUID
    key: str
    content_type: str
    max_bytes: int
    expires_in: int
    upload: PresignedPost


EnrollmentState = Literal["pending", "processing", "completed", "rejected", "needs_confirmation"]


class EnrollmentStatus(BaseModel):
    ticket_id: UUID
    employee_id: UUID
    status: EnrollmentState
    reason_code: str | None = None
    reason_detail: dict[str, Any] | None = None
    duplicate_of_employee_id: UUID | None = Field(
        default=None, description="Suspected duplicate (status needs_confirmation, reason_code suspected_duplicate): "
                                  "the other person; their name is in reason_detail.full_name.")
    duplicate_similarity: float | None = None
    created_at: datetime
    processed_at: datetime | None = None


class EnrollWithPhotoResult(BaseModel):
    employee: Employee
    enrollment: EnrollmentStatus


# --- identify / verify -------------------------------------------------------------------------

class ImageRequest(StrictModel):
    image: str = Field(min_length=1, max_length=15_000_000, description="The photo, base64-encoded.")
    device_id: str | None = Field(default=None, max_length=100, pattern=PRINTABLE_PATTERN)


class VerifyRequest(ImageRequest):
    employee_id: UUID


class PersonRef(BaseModel):
    id: UUID
    full_name: str


class CandidateOut(BaseModel):
    employee_id: UUID
    similarity: float = Field(description="What the decision uses: the better of template_similarity and "
                                          "face_similarity.")
    face_similarity: float | None = Field(default=None, description="Best similarity to a single enrolled photo.")
    template_similarity: float | None = Field(default=None, description="Similarity to the person's template "
                                                                        "(mean of their enrolled embeddings).")


class Box(BaseModel):
    x: int
    y: int
    width: int
    height: int


RetryReason = Literal["face_too_small", "low_detection_score", "bad_pose", "too_dark", "overexposed", "blurry"]


class FaceIdentification(BaseModel):
    decision: Literal["matched", "ambiguous", "unknown", "retry"] = Field(
        description="retry: the photo is too poor to match (see retry_reason); nothing was searched.")
    retry_reason: RetryReason | None = Field(default=None, description="Set only when decision is retry.")
    employee: PersonRef | None = Field(description="Set only when matched.")
    similarity: float | None = Field(description="Best cosine similarity among enrolled people.")
    margin: float | None = Field(description="Lead of the best person over the next one.")
    candidates: list[CandidateOut]
    box: Box
    detection_score: float
    threshold: float = Field(description="The similarity threshold applied to this search: it follows the "
                                         "false-accept target and the number of people enrolled.")
    expected_fpir: float = Field(description="Expected share of strangers matched to somebody at this threshold "
                                             "and gallery size (from the pack's impostor calibration).")
    gallery_size: int = Field(description="People enrolled for this model when the search ran.")


class IdentifyResult(FaceIdentification):
    model_id: str
    faces_detected: int
    faces: list[FaceIdentification] | None = Field(default=None, description="Every face, with all_faces=true.")
    timings_ms: dict[str, float]


class VerifyResult(BaseModel):
    employee_id: UUID
    verified: bool
    similarity: float
    threshold: float
    is_active: bool
    box: Box
    timings_ms: dict[str, float]


# --- attendance --------------------------------------------------------------------------------

EventType = Literal["entry", "exit"]
AttendanceStatus = Literal["recognized", "unknown", "ambiguous", "rejected"]


class AttendanceEvent(BaseModel):
    id: int
    trace_id: UUID
    employee: PersonRef | None
    event_type: EventType
    status: AttendanceStatus
    similarity: float | None
    occurred_at: datetime
    device_id: str | None
    snapshot_key: str | None


class CheckResult(BaseModel):
    event: AttendanceEvent | None = Field(description="null when the identification is `retry`: nothing was "
                                                      "recorded; the kiosk asks for another photo.")
    identification: FaceIdentification
    repeated: bool = Field(description="True when the same person's same event within the repeat window was "
                                       "returned instead of a new one.")
    replayed: bool = Field(default=False, description="True when an Idempotency-Key replayed the first answer.")


class AttendancePage(BaseModel):
    items: list[AttendanceEvent]
    next_cursor: str | None


class DailyAttendance(BaseModel):
    employee_id: UUID
    full_name: str
    department: str | None
    first_in: datetime | None
    last_out: datetime | None
    worked_seconds: int
    events: int


class DailyReport(BaseModel):
    date: str
    timezone: str
    items: list[DailyAttendance]


# --- erasure -----------------------------------------------------------------------------------

class ErasureResult(BaseModel):
    """What was removed. Attendance rows stay for payroll, linked to the (deactivated) employee,
    with their snapshots deleted."""

    employee_id: UUID
    embeddings_deleted: int
    enrollment_tickets_deleted: int
    enrollment_objects_deleted: int
    snapshots_deleted: int
    attendance_rows_kept: int
    employee_deactivated: bool = True
