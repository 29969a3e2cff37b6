"""Request and response shapes shared by the API, the CLI and the library services."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)
from pydantic import BaseModel as PydanticModel

from facepass.config import WeekDay

AbsenceKind = Literal["vacation", "sick", "holiday", "other"]  # the paid absences' kinds (migration 0041's CHECK)
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


# Free text from query strings and headers: printable only (NUL would even break the SQL driver).
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f]*$"


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\u200d" for ch in value)


def _no_control_characters(value: str | None) -> str | None:
    if value is not None and has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def _note_text(value: str | None) -> str | None:
    """A note typed in a text box (the console's are multi-line): its line breaks (and tabs) kept, a line break as
    "\n" whatever the browser sent; any other control character refused, as in other free text."""
    if value is None:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if has_control_characters(value.replace("\n", "").replace("\t", "")):
        raise ValueError("must not contain control characters (line breaks and tabs are kept)")
    return value


class BaseModel(PydanticModel):
    """Each schema builds its validator and serializer on first use instead of at import: a cold start's first
    request (a kiosk's identify) uses a handful of the ~45 (README, "Cold start")."""

    model_config = ConfigDict(defer_build=True)


def _calendar_date_text(value: Any) -> Any:
    """Query dates as YYYY-MM-DD only: pydantic would also read "0" as a Unix time (1970-01-01)."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == value[7] == "-"
                                       and (value[:4] + value[5:7] + value[8:]).isdigit()):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


CalendarDate = Annotated[date, BeforeValidator(_calendar_date_text)]


def _query_boolean_text(value: Any) -> Any:
    """A query boolean as `true` or `false` only: pydantic would also read yes, on, 1 or TRUE, and `?erase=yes`
    erases for good."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


# Every boolean query parameter of the API: `true` or `false`, anything else 422 validation_error.
QueryBool = Annotated[bool, BeforeValidator(_query_boolean_text)]

# A CSV's form (facepass.reports writes them): "excel", the default, or "excel-semicolon" for a spreadsheet in a
# locale whose decimal separator is a comma.
CsvDialect = Literal["excel", "excel-semicolon"]


class StrictModel(BaseModel):
    """A request body. Its booleans are StrictBool and its integers StrictInt: JSON true/false and numbers only
    (pydantic's lax mode would read "yes", 1 or "99"; tests/hostile lists them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _iana_time_zone(value: str | None) -> str | None:
    from facepass.config import is_iana_time_zone

    if value is not None and not is_iana_time_zone(value):
        raise ValueError("must be an IANA time zone such as Europe/Berlin")
    return value


_PERSON_ZONE = ("IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the "
                "report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the "
                "zone held then (GET /employees/{id} time_zones).")


# A department's name, as POST, PUT and PATCH take it (stripped: "" or spaces are 422, never a nameless department in
# the filter's choices). No department is null.
DepartmentName = Annotated[str, Field(min_length=1, max_length=100, examples=["Warehouse"])]


class BiometricConsentRequest(StrictModel):
    """HR records that the employee received the biometric notice and agreed in writing (BIPA's written release,
    GDPR Art. 9 explicit consent)."""

    reference: str | None = Field(default=None, min_length=1, max_length=200, pattern=PRINTABLE_PATTERN,
                                  examples=["signed form 2026-11 #123"],
                                  description="Where the signed release is (a form number, a file): required "
                                  "when FACEPASS_BIOMETRIC_CONSENT=required (GET /me: biometric_consent), else 422 "
                                  "consent_reference_required, nothing recorded; optional when it is off.")

    _clean = field_validator("reference")(_no_control_characters)


class BiometricConsent(BaseModel):
    recorded_at: datetime = Field(description="When HR recorded the employee's consent (the first recording).")
    recorded_by: str = Field(description="Who recorded it (the token's user name, else its subject).")
    reference: str | None = Field(description="The reference given (the signed form), or null.")


_EMPLOYEE_NUMBER = ("The employee's number in the payroll system (the key a payroll file is imported by): optional, "
                    "1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 "
                    "employee_number_taken). The timesheet and daily CSVs carry it (column employee_number).")


# A payroll number as POST, PUT and PATCH take it (stripped: "" or spaces are 422).
EmployeeNumber = Annotated[str, Field(min_length=1, max_length=50, pattern=PRINTABLE_PATTERN, examples=["A-1042"],
                                      description=_EMPLOYEE_NUMBER)]


class _EmployeeFields(StrictModel):
    full_name: str = Field(min_length=1, max_length=200, examples=["Анна Петрова"])
    email: str = Field(min_length=3, max_length=254, pattern=EMAIL_PATTERN, examples=["anna@example.com"])
    department: DepartmentName | None = None
    timezone: str | None = Field(default=None, min_length=1, max_length=64, examples=["America/New_York"],
                                 description=_PERSON_ZONE)
    employee_number: EmployeeNumber | None = Field(default=None, description=_EMPLOYEE_NUMBER)

    _clean = field_validator("full_name", "email", "department", "employee_number")(_no_control_characters)
    _zone = field_validator("timezone")(_iana_time_zone)


class EmployeeCreate(_EmployeeFields):
    biometric_consent: BiometricConsentRequest | None = Field(
        default=None, description="The employee's biometric consent, recorded at creation by the caller (as POST "
                                  "/employees/{id}/biometric-consent): send it once the employee received the "
                                  "biometric notice and agreed in writing. Without it (FACEPASS_BIOMETRIC_CONSENT="
                                  "required) no photo of theirs can be enrolled until it is recorded; with it and "
                                  "no `reference` then, 422 consent_reference_required, nobody created.")


_RFC3339_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _timestamp_text(value: Any) -> Any:
    """A time as RFC 3339 text: pydantic would also read a number, or a string of digits, as a Unix time."""
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339_DATE.match(value)):
        return value
    raise ValueError("must be an RFC 3339 time with an offset (e.g. 2026-11-23T08:59:00Z), not a number")


# A time a client sends: RFC 3339 text only (one rule for every body field). Timestamp lets a time without an offset
# through to the route, which refuses it with its own code (captured_at_out_of_range, occurred_at_invalid).
Timestamp = Annotated[datetime, BeforeValidator(_timestamp_text)]
# A time a client read from the API, as the API wrote it: with an offset.
ReadTimestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp_text)]

_EXPECTED_UPDATED_AT = (
    "The employee's `updated_at` the client read (the console sends it): when the record has been changed since, "
    "the answer is 409 employee_stale with the record's current `updated_at` and who changed it (`changed_by`, "
    "`changed_at`), and nothing is written. Without it, "
    "the last save wins.")


class EmployeeReplace(_EmployeeFields):
    is_active: StrictBool = True  # JSON true/false only: 0 or "yes" must not deactivate anyone
    expected_updated_at: ReadTimestamp | None = Field(default=None, description=_EXPECTED_UPDATED_AT)


_SCHEDULE = ("The person's weekly work schedule (GET /schedules): the daily report measures their days against it "
             "(late_minutes, left_early_minutes, no_show).")


class EmployeePatch(StrictModel):
    # full_name, email, is_active: left out keeps them (the None default is never validated nor stored), null is 422.
    full_name: str = Field(default=None, min_length=1, max_length=200)
    email: str = Field(default=None, min_length=3, max_length=254, pattern=EMAIL_PATTERN)
    department: DepartmentName | None = Field(default=None, description="null clears it (no department).")
    is_active: StrictBool = None
    timezone: str | None = Field(default=None, min_length=1, max_length=64,
                                 description=_PERSON_ZONE + " Sending null sets it back to the report zone.")
    employee_number: EmployeeNumber | None = Field(default=None, description=_EMPLOYEE_NUMBER + " null clears it.")
    schedule_id: StrictInt | None = Field(default=None, description=(
        _SCHEDULE + " null: no schedule. An unknown id is 422 schedule_not_found. Audited (field `schedule`, before "
        "and after the schedule's name)."))
    expected_updated_at: ReadTimestamp | None = Field(default=None, description=_EXPECTED_UPDATED_AT)

    _clean = field_validator("full_name", "email", "department", "employee_number")(_no_control_characters)
    _zone = field_validator("timezone")(_iana_time_zone)

    @field_validator("full_name", "email", "is_active", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        """A field every employee has, sent as null: 422, not a 200 that changes nothing (leave it out to keep it;
        only department and timezone are cleared by null). Runs only for fields sent."""
        if value is None:
            raise ValueError("must not be null: leave the field out to keep its value")
        return value


class EnrollmentCompleteness(BaseModel):
    photos: int = Field(description="Enrolled photos (accepted faces).")
    recommended_min: int = Field(description="Photos HR is asked for: more photos, a better template.")
    complete: bool
    consent_needed: bool = Field(default=False, description="A photo of this person is refused (409 "
                                 "consent_required) until their biometric consent is recorded: "
                                 "FACEPASS_BIOMETRIC_CONSENT is `required` and none is. Given with the person's "
                                 "faces (GET /employees/{id}/faces); false in lists.")


class Employee(BaseModel):
    id: UUID
    full_name: str
    email: str
    department: str | None
    is_active: bool
    deactivated_at: datetime | None = Field(
        default=None, description="When the person was deactivated (null while active): a punch taken before it may "
                                  "still be reassigned to them (POST /attendance/{id}/review).")
    timezone: str | None = Field(default=None, description=_PERSON_ZONE)
    employee_number: str | None = Field(default=None, description=_EMPLOYEE_NUMBER + " null: none given.")
    schedule_id: int | None = Field(default=None, description=_SCHEDULE + " null: none.")
    schedule_name: str | None = Field(default=None, description="The name of the person's work schedule (null: "
                                                                "none).")
    created_at: datetime
    updated_at: datetime
    erased_at: datetime | None = Field(
        default=None, description="When the person's biometric data was erased (DELETE /employees/{id}?erase=true), "
                                  "while they stay deactivated since; null otherwise. An erased person has no face and "
                                  "can enroll none until reactivated.")
    biometric_consent: BiometricConsent | None = Field(
        default=None, description="The employee's biometric consent as HR recorded it (POST "
                                  "/employees/{id}/biometric-consent); null: none recorded (or withdrawn by an "
                                  "erasure), and with FACEPASS_BIOMETRIC_CONSENT=required no photo can be enrolled.")
    consent_withdrawn_at: datetime | None = Field(
        default=None, description="When the employee withdrew their biometric consent while staying employed (DELETE "
                                  "/employees/{id}/biometric-consent: their biometric data erased, the person kept "
                                  "active, their time entered by HR as manual punches), as long as no consent has been "
                                  "recorded since; null otherwise. Until consent is recorded again no photo of theirs "
                                  "is enrolled (409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says).")
    withdrawal_unfinished: bool = Field(
        default=False, description="The employee's withdrawal of consent (consent_withdrawn_at) stopped half-way (503 "
                                   "erasure_incomplete: some photos not yet deleted): run it again (DELETE "
                                   "/employees/{id}/biometric-consent), or the daily cleanup finishes it. Meanwhile "
                                   "no consent is recorded (409 withdrawal_unfinished). A leaver's erasure "
                                   "(DELETE /employees/{id}?erase=true) that finishes finishes it too.")

    @model_validator(mode="before")
    @classmethod
    def _consent_of_row(cls, value: Any) -> Any:
        """A database row carries the consent as consent_recorded_at, consent_recorded_by, consent_reference."""
        if isinstance(value, dict) and "consent_recorded_at" in value and "biometric_consent" not in value:
            recorded = value["consent_recorded_at"]
            value = dict(value, biometric_consent=None if recorded is None else {
                "recorded_at": recorded, "recorded_by": value["consent_recorded_by"],
                "reference": value["consent_reference"]})
        return value


class EmployeeTimeZone(BaseModel):
    valid_from: datetime | None = Field(description="From this instant on (null: from the start, every day before the "
                                                    "record too) until the next entry's.")
    zone: str | None = Field(description="IANA zone of the person's days from then (null: the report zone).")


class EmployeeDetail(Employee):
    time_zones: list[EmployeeTimeZone] = Field(
        description="The zones the person has had, oldest first: an instant's day is its date in the zone in force "
                    "at it (the console types a missing punch's time in the zone held at that time).")


class EmployeeAuditEntry(BaseModel):
    field: Literal["full_name", "email", "department", "is_active", "timezone", "face", "reactivation_forced",
                   "biometrics", "biometric_consent", "employee_number", "absence", "schedule"] = Field(
        description="What changed (nothing biometric is kept here); `face`: a face enrolled from an upload ticket "
                    "(before null, after the new face's id, actor the ticket's requester: who asked for the upload "
                    "ticket or sent the enroll form; `FacePass (automatic): unknown requester` for a ticket made "
                    "before tickets named one), an enrolled face removed "
                    "(DELETE /employees/{id}/faces/{face_id}: before the face id, after null), or a held photo decided "
                    "on (confirm: before `held <reason_code> <ticket_id>`, after the new face's id; reject: the same "
                    "before, after `refused`); `reactivation_forced`: a reactivation made with force=true although the "
                    "person's face matched other active people (`after`: how many; never who, which an erasure of them "
                    "could not take back); `biometrics`: the person's "
                    "biometric data erased (before null, after `erased`); `biometric_consent`: the person's "
                    "biometric consent recorded (before null, after its reference or `recorded`) or withdrawn by "
                    "the erasure (before that value, after null); `absence`: a paid absence recorded (before null, "
                    "after `<day> <kind> <minutes>`, e.g. `2026-11-03 vacation 480`) or deleted (before that "
                    "value, after null), or corrected (PATCH /attendance/absences/{id}: before and after both set, "
                    "each with the note after the minutes when there is one: `2026-11-03 sick 240 flu`); "
                    "`schedule`: the person's work schedule set, changed or cleared (before and after the "
                    "schedule's name at the time; null: none).")
    actor: str = Field(description="Who changed it (the token's user name, else its subject; `FacePass (automatic)`: "
                                   "FacePass itself, e.g. the cleanup replaying the ledger after a database restore).")
    before: str | None = Field(description="The value before (null: none; at creation, every field given; a "
                                            "time zone's null: the report zone; is_active: `true`/`false`; for `face`, "
                                            "the removed face's id or the held photo decided on, never a vector or a "
                                            "score).")
    after: str | None = Field(description="The value after (null: none; a time zone's null: the report zone; for "
                                           "`face`, null for a removal, the new face's id for a face enrolled or a "
                                           "held photo confirmed, `refused` for a held photo refused; for "
                                           "`biometrics`, `erased`).")
    created_at: datetime
    self_review: bool = Field(
        default=False, description="The actor changed their own employee record (its email is theirs: a held photo "
                                   "of it confirmed, a face enrolled from their own upload ticket, the record "
                                   "created with a photo under their email, a change of it), allowed by "
                                   "FACEPASS_ALLOW_SELF_REVIEW (else 403 own_record), as an attendance audit entry's "
                                   "self_review. Acts the own-record rule does not refuse (a deactivation, an erasure, "
                                   "a consent, a face removed) are not marked.")


class EmployeeAudit(BaseModel):
    employee_id: UUID
    items: list[EmployeeAuditEntry] = Field(description="Oldest first.")


class EmployeeListItem(Employee):
    enrollment: EnrollmentCompleteness


class EmployeePage(BaseModel):
    items: list[EmployeeListItem]
    next_cursor: str | None = Field(description="Pass as `cursor`, with the same filters, to get the next page; null "
                                               "on the last page.")


class EmployeeSummary(BaseModel):
    """An employee as a caller without the admin scope (reviewer, payroll) reads them: enough to name a punch's
    person, place their days and decide a reassignment; no email, consent, enrollment or erasure time."""

    id: UUID
    full_name: str
    department: str | None
    employee_number: str | None = Field(default=None, description="The payroll number (the key payroll files are "
                                        "matched by; null: none).")
    is_active: bool
    deactivated_at: datetime | None = Field(
        default=None, description="When the person was deactivated (null while active): a punch taken before it may "
                                  "still be reassigned to them.")
    timezone: str | None = Field(default=None, description=_PERSON_ZONE)
    face_id_withdrawn: bool = Field(default=False, description="The employee withdrew their biometric consent and "
                                    "stays employed (the admin view's consent_withdrawn_at is set): no kiosk punch "
                                    "is reassigned to them; their time is typed in by HR.")
    erased: bool = Field(default=False, description="The person's biometric data was erased as they left (the admin "
                         "view's erased_at is set): no kiosk punch is reassigned to them.")

    @model_validator(mode="before")
    @classmethod
    def _flags_of_row(cls, value: Any) -> Any:
        """From an employee row (or the admin view's fields): the two flags, not their dates."""
        if isinstance(value, dict) and "face_id_withdrawn" not in value:
            value = dict(value, face_id_withdrawn=value.get("consent_withdrawn_at") is not None,
                         erased=value.get("erased_at") is not None)
        return value


class EmployeeSummaryDetail(EmployeeSummary):
    time_zones: list[EmployeeTimeZone] = Field(description="As EmployeeDetail's: the zones the person has had, "
                                               "oldest first (a manual punch is typed in the zone held then).")


class EmployeeSummaryPage(BaseModel):
    items: list[EmployeeSummary]
    next_cursor: str | None = Field(description="Pass as `cursor`, with the same filters, to get the next page; null "
                                               "on the last page.")


class DepartmentList(BaseModel):
    items: list[str] = Field(description="Every department an employee has (active or not), each spelling once, in "
                                         "alphabetical order: the choices of the console's department filter.")


class FaceRecord(BaseModel):
    """What an admin may see of an enrolled face: never the vector."""

    id: int
    model_id: str
    quality: dict[str, Any]
    created_at: datetime
    liveness_score: float | None = Field(
        default=None, description="Fused MiniFASNet p_live (0-1) of the enrollment photo's face; null: not scored "
                                  "(FACEPASS_ENROLLMENT_LIVENESS_POLICY off, or enrolled before it existed).")
    liveness_model: str | None = Field(default=None, description="The liveness models that gave liveness_score.")
    liveness_flagged: bool = Field(
        default=False, description="liveness_score was under FACEPASS_LIVENESS_THRESHOLD: possibly a photo of a "
                                   "photo (a print, a scan of an ID photo, a screen). Stored anyway under the flag "
                                   "policy; worth re-taking live.")


class FaceList(BaseModel):
    employee_id: UUID
    items: list[FaceRecord]
    enrollment: EnrollmentCompleteness
    identifiable: bool = Field(description="Active with at least one enrolled face: identify and check-in can match "
                                           "them. False once the last face is removed (enroll a photo again).")


class FaceRemoval(FaceList):
    removed_face_id: int
    removed_face_enrolled_at: datetime
    punches_to_check: int = Field(description="The person's punches recognized by face (matched to them, still "
                                  "theirs, not rejected) that arrived since the removed face was enrolled: any may "
                                  "have matched through it, somebody else's check-in credited to this person (which "
                                  "face matched is not kept). HR checks them: GET /attendance?employee_id=… from "
                                  "punches_to_check_since.")
    punches_to_check_since: datetime = Field(description="From when to look: the removed face's enrollment, or the "
                                             "earliest of those punches when earlier (an offline capture sent late).")


class Health(BaseModel):
    status: Literal["ok", "schema_behind", "models_missing"] = Field(
        description="ok, or what is wrong (answered with 503): schema_behind - the database lacks migrations this "
                    "code needs (the deploy's SchemaMigration did not run, or `facepass db migrate` was forgotten); "
                    "models_missing - the configured model pack's files are not in the model folder.")
    model_pack: str = Field(description="The configured pack (FACEPASS_MODEL_PACK, template parameter ModelPack).")
    models: Literal["ok", "missing"] = Field(description="Whether the pack's files are in FACEPASS_MODEL_DIR.")
    database: Literal["ok"]
    schema_version: str | None = Field(description="The newest migration the database has run.")
    code_schema_version: str = Field(description="The newest migration this code ships.")
    pending_migrations: list[str] = Field(description="Migrations this code ships that the database has not run.")


class Me(BaseModel):
    """GET /me: the caller, as the console shows it and decides what to show."""
    actor: str | None = Field(description="Who the audit trail names for this caller's changes (the user name).")
    scopes: list[Literal["facepass/admin", "facepass/reviewer", "facepass/payroll", "facepass/employee"]] = Field(
        description="The console roles this token carries: admin (everything), reviewer (review, manual punches, "
                    "reports), payroll (reports, pay-period close and reopen), employee (their own hours and "
                    "correction requests only: the /me routes). What each route takes: README "
                    "Roles.")
    employee_id: UUID | None = Field(
        description="The caller's own employee record (the one whose email is the caller's, case-insensitively), "
                    "null when none: its punches are for another reviewer to decide (403 own_record; README Roles, "
                    "Separation of duties).")
    allow_self_review: bool = Field(
        description="FACEPASS_ALLOW_SELF_REVIEW: the caller may decide their own punches (audited as a "
                    "self-review).")
    biometric_consent: Literal["required", "off"] = Field(
        default="required", description="FACEPASS_BIOMETRIC_CONSENT: required (no face enrolled without a recorded "
        "consent, and a consent is recorded only with a reference to the signed release: 422 "
        "consent_reference_required) or off. The console marks the reference required by it. The company's setting, "
        "not the caller's own consent: that is GET /me/biometrics.")
    departments: list[str] | None = Field(
        default=None, description="The departments the caller reviews (README Roles, Reviewers scoped to "
        "departments): set by an admin, they see and decide only the punches, people and correction requests of "
        "employees of these departments (the console says \"You review: ...\"). Null: unscoped (everyone), always "
        "for the admin and payroll roles.")


class ReviewerDepartmentsRequest(BaseModel):
    """PUT /reviewer-departments/{username}: the departments the user reviews from now on."""
    model_config = ConfigDict(extra="forbid")
    departments: list[str] = Field(description="Department names as employees have them (GET /employees/departments; "
                                   "the spelling exactly, trimmed): at most 50, each 1-100 characters; [] removes "
                                   "the scope (the user then reviews everyone).")


ConsoleRole = Literal["admin", "reviewer", "payroll", "employee"]


class ScopeWarning(BaseModel):
    code: Literal["never_signed_in"] = Field(
        description="never_signed_in: nobody has signed in to the console under this user name (in the last 400 "
                    "days): check the spelling. Saved all the same (a user may be set up before their first "
                    "sign-in).")
    message: str


class ReviewerDepartments(BaseModel):
    username: str = Field(description="The console user name (lower case), as tokens carry it (`username`).")
    departments: list[str] = Field(description="The departments they review, alphabetical; [] when unscoped.")
    changed_by: str | None = Field(default=None, description="Who made the latest change (null: none yet).")
    changed_at: datetime | None = Field(default=None, description="When.")
    last_seen_at: datetime | None = Field(
        default=None, description="Their last sign-in to the console (GET /me, recorded at most once an hour); null: "
        "nobody signed in under this name (in the last 400 days): a typo, or a user yet to sign in.")
    roles: list[ConsoleRole] | None = Field(
        default=None, description="The console roles their token held at that sign-in (null: never seen). One "
        "holding admin or payroll sees everyone, whatever departments they have.")
    warning: ScopeWarning | None = Field(
        default=None, description="PUT only: departments given to a name nobody signed in with (never_signed_in).")


class UnscopedReviewer(BaseModel):
    username: str = Field(description="The console user name (lower case).")
    roles: list[ConsoleRole] = Field(description="The console roles their token held at their last sign-in.")
    last_seen_at: datetime = Field(description="Their last sign-in to the console.")


class ReviewerDepartmentsList(BaseModel):
    items: list[ReviewerDepartments] = Field(description="Every user with departments, by user name.")
    unscoped_reviewers: list[UnscopedReviewer] = Field(
        default_factory=list, description="Users seen signing in with the reviewer role, neither admin nor payroll, "
        "and no departments: they see and decide everyone's punches and snapshots. By user name.")


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
    max_pixels: int | None = Field(
        default=None, description="The most pixels (width x height) a photo may have (FACEPASS_MAX_IMAGE_PIXELS): more "
                                  "is refused (image_too_large) after the upload, so a client checks before sending.")
    expires_in: int
    upload: PresignedPost


EnrollmentState = Literal["pending", "processing", "completed", "rejected", "needs_confirmation"]
# What no longer changes without a human: the pipeline is done with it (pending, processing: not yet). Held
# (needs_confirmation) waits for HR's confirm or reject, however long a client polls.
ENROLLMENT_DECIDED_STATES = ("completed", "rejected", "needs_confirmation")


SamePersonVerdict = Literal["unlike", "passes", "no_faces"]


class HoldVerdict(StrictModel):
    """What a held photo's checks say, as HR is shown it (README, Enrollment: held photos)."""

    duplicate_of_employee_id: UUID | None = Field(
        default=None, description="The other person it looks like (the duplicate check), or null: nobody.")
    same_person: SamePersonVerdict | None = Field(
        default=None, description="Against the person's own enrolled faces: unlike them, passes (like them), no_faces "
                                  "(none to compare with); null: not checked (a duplicate held before both checks "
                                  "were kept).")


class ConfirmRequest(StrictModel):
    seen: HoldVerdict | None = Field(
        default=None, description="The verdict the admin was shown (the ticket's `verdict`): the fresh check at "
                                  "confirmation is compared with it; without it, with the one stored on the ticket.")


class EnrollmentStatus(BaseModel):
    ticket_id: UUID
    employee_id: UUID
    status: EnrollmentState
    reason_code: str | None = Field(
        default=None, description="Why rejected or held (README, Enrollment). Held (needs_confirmation): "
                                  "suspected_duplicate (another person's face; reason_detail.duplicate_of_inactive "
                                  "true when that person is deactivated: a rehire should reactivate their record) "
                                  "or not_same_person (unlike this person's own enrolled photos; "
                                  "reason_detail.similarity, threshold, faces). Rejected same_photo_again: a copy of "
                                  "one of the person's enrolled photos (reason_detail.similarity >= threshold), not "
                                  "counted.")
    reason_detail: dict[str, Any] | None = Field(
        default=None, description="What the decision saw. A held photo has same_person (unlike, passes, no_faces: "
        "against the person's own faces; a suspected duplicate's score against them in same_person_similarity). A "
        "held photo checked again (recheck_cause: face_removed, a face it was held against was removed, with "
        "compared_face_removed true; face_added, a face was enrolled for the person; confirm, a confirmation found "
        "the verdict changed, with hold_changed true) has rechecked: still_held (the similarity is against the faces "
        "now), names_another (a suspected duplicate that now matches someone else: held as theirs, employee_id, "
        "full_name and similarity name them), passes (like them now, no longer a duplicate: no similarity) or "
        "no_faces (the person has no face left). A suspected duplicate that passes, or is of a person left with no "
        "face and matches nobody else, no longer names them (no employee_id, full_name).")
    duplicate_of_employee_id: UUID | None = Field(
        default=None, description="Suspected duplicate (status needs_confirmation, reason_code suspected_duplicate): "
                                  "the other person; their name is in reason_detail.full_name. Null once a "
                                  "re-check after a face removal found it looks like nobody enrolled now.")
    duplicate_similarity: float | None = None
    verdict: HoldVerdict | None = Field(
        default=None, description="Held (needs_confirmation): what its checks say now, both of them; send it back "
                                  "as `seen` when confirming. Null otherwise.")
    created_at: datetime
    processed_at: datetime | None = None
    liveness_score: float | None = Field(
        default=None, description="Passive liveness of the photo's face (fused MiniFASNet p_live, 0-1); null when "
                                  "not scored (policy off, no face, not processed yet).")
    liveness_flagged: bool | None = Field(
        default=None, description="liveness_score is under FACEPASS_LIVENESS_THRESHOLD: stored and marked (policy "
                                  "flag) or refused with reason_code presentation_attack (policy block).")
    photo_url: str | None = Field(
        default=None, description="Held (needs_confirmation): a short-lived (5 minutes) presigned GET of the held "
                                  "photo's face crop (a small JPEG, no metadata), for HR to look at before deciding; "
                                  "kept only while the photo is held. Null when the ticket is not held, or no crop "
                                  "was kept (held before crops were kept, or held without an upload).")
    self_review: bool = Field(
        default=False, description="The ticket was made by the person whose record it is (a face put on one's own "
                                   "record, POST /employees/{id}/photos or the form with a photo under one's own "
                                   "email), allowed by FACEPASS_ALLOW_SELF_REVIEW (else 403 own_record).")
    requested_by: str | None = Field(
        default=None, description="Who asked for the ticket (POST /employees/{id}/photos, or the enroll form with a "
                                  "photo): the token's user name, else its subject, as the audit names actors; the "
                                  "face stored from it is audited as theirs (GET /employees/{id}/audit, field "
                                  "`face`). Null for a ticket made before FacePass recorded it (migration 0037).")


HeldEnrollmentState = Literal["needs_confirmation"]


class EnrollmentList(BaseModel):
    employee_id: UUID
    items: list[EnrollmentStatus] = Field(
        description="The person's tickets in the state asked for, newest first; each as GET "
                    "/employees/{employee_id}/enrollments/{ticket_id} answers it (never a vector).")
    truncated: bool = Field(description="More than the items shown wait (the list is bounded; a person has few).")


class EnrollWithPhotoResult(BaseModel):
    employee: Employee
    enrollment: EnrollmentStatus


# --- identify / verify -------------------------------------------------------------------------

class ImageRequest(StrictModel):
    image: str = Field(min_length=1, max_length=15_000_000, description="The photo, base64-encoded.")
    device_id: str | None = Field(default=None, max_length=100, pattern=PRINTABLE_PATTERN,
                                  description="Refused on check-in/out: the device comes from the device credential.")


class VerifyRequest(ImageRequest):
    employee_id: UUID


class PersonRef(BaseModel):
    id: UUID
    full_name: str


class EventPerson(PersonRef):
    """The person an event is counted to, as HR's listings name them (a kiosk is told PersonRef only)."""

    employee_number: str | None = Field(default=None, description=_EMPLOYEE_NUMBER)
    email: str | None = None


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
    liveness_score: float | None = Field(
        default=None,
        description="With liveness=true: fused MiniFASNet p_live (0-1) of the largest face; a risk signal.")
    liveness_flagged: bool | None = Field(
        default=None, description="With liveness=true: p_live is under FACEPASS_LIVENESS_THRESHOLD (a check-in would "
                                  "go to review, or be refused under the block policy).")
    timings_ms: dict[str, float]


class KioskDecision(BaseModel):
    """What a kiosk (a device token) is told of a face decision: no candidates, scores, threshold or gallery size,
    which would make a stolen token a face-search oracle."""

    decision: Literal["matched", "ambiguous", "unknown", "retry", "present"] = Field(
        description="retry: the photo is too poor to match (see retry_reason); nothing was searched. present: "
                    "/identify's answer to a kiosk for a face good enough to check in (who it is is never said "
                    "there; nothing was searched).")
    retry_reason: RetryReason | None = Field(default=None, description="Set only when decision is retry.")
    employee: PersonRef | None = Field(default=None, description="Set only when matched, in a check's answer: whom "
                                                                 "to greet (never in /identify's).")
    box: Box | None = Field(default=None, description="Where the face is in the photo.")


class KioskIdentifyResult(KioskDecision):
    """/identify as a device token gets it (admin tokens get IdentifyResult, with the evidence)."""

    faces_detected: int
    faces: list[KioskDecision] | None = Field(default=None, description="Every face, with all_faces=true.")
    timings_ms: dict[str, float] = Field(default_factory=dict, description="Server stage durations (operations).")


class VerifyResult(BaseModel):
    """/verify as an admin token gets it, with the evidence."""

    employee_id: UUID
    verified: bool = Field(description="Never true for a deactivated person, nor for a probe that failed a quality "
                                       "gate (retry_reason).")
    retry_reason: RetryReason | None = Field(default=None, description="The probe failed identify's quality gates: "
                                             "nothing was compared, ask for another photo.")
    similarity: float | None = Field(description="Best similarity to the person's enrolled faces (null: retry).")
    threshold: float
    is_active: bool
    box: Box
    timings_ms: dict[str, float]


class KioskVerifyResult(BaseModel):
    """/verify as a device token gets it: yes or no (or retry), no score."""

    employee_id: UUID
    verified: bool
    retry_reason: RetryReason | None = Field(default=None, description="The probe failed identify's quality gates: "
                                             "nothing was compared, ask for another photo.")


# --- attendance --------------------------------------------------------------------------------

EventType = Literal["entry", "exit"]
DirectionSource = Literal["kiosk", "auto", "hr"]
AttendanceStatus = Literal["recognized", "unknown", "ambiguous", "rejected"]
ReviewState = Literal["none", "pending", "confirmed", "reassigned", "rejected"]


class AttendanceEvent(BaseModel):
    id: int
    trace_id: UUID
    employee: EventPerson | None
    event_type: EventType
    status: AttendanceStatus
    similarity: float | None = Field(description="The face's similarity to `matched_employee` (null: no face "
                                     "matched, or HR entered the punch).")
    matched_employee: PersonRef | None = Field(
        default=None, description="Whom the face matched when the event was taken: the subject of `status` and "
        "`similarity`. A reassignment moves the punch (`employee`), never this; null when no face matched (unknown, "
        "ambiguous) or HR entered the punch.")
    occurred_at: datetime
    device_id: str | None
    device_name: str | None = Field(default=None, description="The name HR gave the kiosk that recorded it (at "
                                    "pairing, *Devices*); null when no kiosk did or its device is gone.")
    snapshot_key: str | None
    offline: bool = Field(default=False, description="Captured while the kiosk was offline (occurred_at = capture).")
    received_at: datetime | None = Field(default=None, description="When the server received it.")
    liveness_score: float | None = Field(default=None, description="Fused MiniFASNet p_live (0-1); a risk signal.")
    review_state: ReviewState = Field(default="none", description="none: never flagged; pending: awaiting review.")
    review_reasons: list[str] = Field(default_factory=list, description="Why it was flagged: liveness, replay, "
                                      "ambiguous, low_margin, unknown, challenge_failed, challenge_missing, "
                                      "challenge_late, captured_before_pairing, captured_before_enrollment, "
                                      "multiple_faces, direction_uncertain, period_closed (recorded into a closed "
                                      "pay period: decided after a reopen), disputed_at_kiosk (the person at the "
                                      "kiosk said it was not them: \"Not you?\"), face_free (typed at the kiosk "
                                      "without Face ID: no photo).")
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    entered_by: str | None = Field(default=None, description="Set when HR added this event by hand (who did).")
    repeat_of: int | None = Field(default=None, description="A repeat (a double press, two kiosks at once) of this "
                                  "event, within the repeat window: stored, and counted only when that event is not "
                                  "(the reports take a second entry within the window as a double press).")
    revision: int = Field(default=0, ge=0, description="How many decisions have changed this event (reviews, a "
                          "rejection by a replacing manual punch). Send it back as a review's `expected_revision`.")
    direction_source: DirectionSource = Field(
        default="kiosk", description="Who chose `event_type`: kiosk (its check-in or check-out), auto (the server, "
        "for POST /attendance/punch: exit when the person had a shift open at the capture time, else entry; a double "
        "press keeps the direction of the press it repeats; an unmatched punch gets its best candidate's) or hr (a "
        "punch HR added).")


class KioskEvent(BaseModel):
    """The recorded event as the kiosk is told it: no similarity, liveness score, matched person or snapshot (the
    attendance row keeps them for HR's review)."""

    id: int
    trace_id: UUID
    employee: PersonRef | None
    event_type: EventType | None = Field(description="null for a face POST /attendance/punch did not match: its "
                                         "stored direction is a candidate's, not the kiosk's to know.")
    status: AttendanceStatus
    occurred_at: datetime
    device_id: str | None
    offline: bool = False
    received_at: datetime | None = None
    review_state: ReviewState = "none"
    review_reasons: list[str] = Field(default_factory=list, description="Only what the kiosk tells the person: "
                                      "multiple_faces (one person at a time), disputed_at_kiosk (its \"Not you?\"). "
                                      "Whether the punch awaits a human is "
                                      "review_state; HR's view of the event has every reason.")
    repeat_of: int | None = None


class RecordedCheck(BaseModel):
    """A check-in/out as the library made it, with the evidence (in-process callers; the API answers the kiosk
    view, CheckResult)."""

    event: AttendanceEvent | None
    identification: FaceIdentification
    repeated: bool
    replayed: bool = False
    dispute_event_id: int | None = None
    dispute_until: datetime | None = None


class CheckResult(BaseModel):
    """The check-in/out answer (a device token's): the kiosk view of the decision and of the event. This is also
    what an Idempotency-Key stores and replays."""

    event: KioskEvent | None = Field(description="null when the identification is `retry`: nothing was "
                                                 "recorded; the kiosk asks for another photo.")
    identification: KioskDecision
    repeated: bool = Field(description="True when the same person's same event within the repeat window was "
                                       "returned instead of a new one.")
    replayed: bool = Field(default=False, description="True when an Idempotency-Key replayed the first answer.")
    dispute_event_id: int | None = Field(
        default=None, description="The punch the kiosk's \"Not you?\" sends to review "
        "(`POST /attendance/{event_id}/dispute`), decided by the server when it answered: the press's own id, a "
        "new live punch's or a repeat's (never the punch a repeat repeats, `event.id`: that one keeps counting, and "
        "the repeat goes to review alone), while at least 25 s of the route's 120 s window are left (the kiosk's "
        "15 s button and its 10 s dispute deadline). Null otherwise (nothing to dispute here: an offline capture, a "
        "flagged punch, an answer replayed too late).")
    dispute_until: datetime | None = Field(
        default=None, description="With dispute_event_id: the server time until which the dispute route accepts it "
        "(the punch's received_at + 120 s); the kiosk hides \"Not you?\" in time for its dispute to arrive before "
        "it. Null without dispute_event_id.")


class AttendancePage(BaseModel):
    items: list[AttendanceEvent]
    next_cursor: str | None
    timezone: str = Field(description="IANA zone the dates asked for are days in (and the CSV's times are said in): "
                                      "the report zone; with employee_id, that person's (their own, else the report "
                                      "zone), as held when the last day began (date_to's; today's without it); "
                                      "each event is on its date in the zone held at its instant.")


# What the face decided and what it was decided on: an event's fields no role without the review permission reads
# (payroll's GET /attendance, JSON and CSV, leaves them out; README, Roles).
FACE_EVIDENCE_FIELDS = ("status", "similarity", "matched_employee", "snapshot_key", "liveness_score", "review_reasons")


class PayrollAttendanceEvent(BaseModel):
    """An attendance event without anything the face decided or was decided on (no `status`, `similarity`,
    `matched_employee`, `snapshot_key`, `liveness_score`, `review_reasons`): what GET /attendance gives a caller
    without the admin or reviewer scope (payroll). Whose punch it is, when, which way and what HR decided."""

    id: int
    trace_id: UUID
    employee: EventPerson | None = Field(description="Whose punch it is (as counted: a reassignment moves it), with "
                                                     "their payroll number; null: nobody's yet (awaiting review).")
    event_type: EventType
    occurred_at: datetime
    device_id: str | None
    device_name: str | None = Field(default=None, description="The name HR gave the kiosk that recorded it.")
    offline: bool = Field(default=False, description="Captured while the kiosk was offline (occurred_at = capture).")
    received_at: datetime | None = Field(default=None, description="When the server received it.")
    review_state: ReviewState = Field(default="none", description="none: never flagged; pending: awaiting review; "
                                      "confirmed, reassigned, rejected: what a reviewer decided.")
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    entered_by: str | None = Field(default=None, description="Set when HR added this event by hand (who did).")
    repeat_of: int | None = Field(default=None, description="A repeat (a double press) of this event: counted only "
                                  "when that event is not.")
    revision: int = Field(default=0, ge=0)
    direction_source: DirectionSource = Field(default="kiosk", description="Who chose `event_type`: kiosk, auto "
                                              "(the server) or hr.")
    note: str | None = Field(default=None, description="Why, as HR wrote it: the note of this punch's latest human "
                             "decision in its audit trail (added by hand, confirmed, direction corrected, reassigned, "
                             "rejected; not a flag, which decides nothing); null: never decided by a person, or "
                             "decided without a note. Read from the audit note only: no score, no before/after.")


class PayrollAttendancePage(BaseModel):
    items: list[PayrollAttendanceEvent]
    next_cursor: str | None
    timezone: str = Field(description="As AttendancePage's.")


_DAY_ZONE = ("IANA zone this person's day is a day in, and its times are said in: the zone they held at its events "
             "(their own, else the report zone; a zone applies from the moment it was set): the shifts listed began "
             "on the date in it.")
_ZONE_UNAVAILABLE = ("A zone of this person's does not load here (tzdata dropped its name): their days are the report "
                     "zone's (named in `timezone`). Correct the person's zone.")
_ROW_ZONE = ("IANA zone of this person's last day of the period (see each day's `timezone`: a day before a change of "
             "zone is in the zone held then).")


_FACE_ID_WITHDRAWN = ("The person's Face ID was withdrawn (DELETE /employees/{id}/biometric-consent: biometric "
                      "consent withdrawn while employed, consent_withdrawn_at) at some instant of these days while "
                      "they were active: the kiosk no longer knows them and their time is entered by HR (manual "
                      "punches), so a day without time may be time nobody typed in, not an absence. Also for a "
                      "withdrawal ended since by a consent recorded again, for the days it covered.")


_MANUAL_MINUTES = ("Of worked_minutes, the time of the shifts whose entry or exit HR typed in (entered_by: a manual "
                   "punch, a missing shift, a replacement), the whole shift's, rounded as worked_minutes is: the "
                   "minutes no face confirmed. A kiosk punch a review confirmed is a kiosk punch (not counted here).")


class DailyAttendance(BaseModel):
    employee_id: UUID
    full_name: str
    department: str | None
    employee_number: str | None = Field(default=None, description="The person's payroll number (null: none "
                                        "given): the key a payroll import matches rows by, not the name.")
    email: str | None = Field(default=None, description="The person's email (a second key for a payroll import).")
    timezone: str = Field(description=_DAY_ZONE)
    timezone_unavailable: bool = Field(default=False, description=_ZONE_UNAVAILABLE)
    face_id_withdrawn: bool = Field(default=False, description=_FACE_ID_WITHDRAWN)
    first_in: datetime | None
    last_out: datetime | None
    worked_seconds: int
    worked_minutes: int = Field(description="worked_seconds to the nearest minute: the unit the timesheet adds up.")
    manual_minutes: int = Field(default=0, description=_MANUAL_MINUTES)
    events: int
    pending_reviews: int = Field(default=0, description="This person's events awaiting review: not counted above "
                                                        "(an exit awaiting review counts on the day of the shift "
                                                        "it would close).")
    pending_entry: bool = Field(default=False, description="An entry is among this person's events of the day "
                                                         "awaiting review (else those are exits only).")
    open_shift: bool = Field(default=False, description="An entry of the day no exit closed (within "
                                                        "FACEPASS_MAX_SHIFT_HOURS): a forgotten check-out, or "
                                                        "still at work. Counts nothing.")
    exit_without_entry: bool = Field(default=False, description="An exit of the day that closes no shift (not a "
                                     "double press): its entry is missing, never taken, rejected or awaiting "
                                     "review. Counts nothing: add the entry.")
    ends_night_shift: bool = Field(default=False, description="An exit of the day closed a shift begun the day "
                                   "before: its time counts on that day (why a morning can show an event and no "
                                   "time).")
    night_shift_from: str | None = Field(default=None, description="With ends_night_shift: the day the shift's "
                                         "time counts on, YYYY-MM-DD (its entry's day: the day before, or "
                                         "earlier for a shift longer than a day).")
    absence_minutes: int = Field(default=0, description="Paid absence minutes recorded for the person's day (POST "
                                 "/attendance/absences; the sum of its kinds', as the timesheet's day): not worked "
                                 "time, in neither worked_minutes nor worked_seconds. A person away that day with no "
                                 "event is listed for it (0 worked, no events). CSV: the absence_minutes column.")
    absence_kinds: list[AbsenceKind] = Field(
        default_factory=list, description="The kinds of the day's absences, in that order (vacation, sick, holiday, "
                                          "other); empty: none. CSV: the absence_kinds column, the kinds joined with "
                                          "a space.")
    scheduled_start: str | None = Field(default=None, description=(
        "The person's scheduled start that day, HH:MM in `timezone` (their work schedule, as it is now); null: no "
        "schedule, or that weekday off."))
    scheduled_end: str | None = Field(default=None, description=(
        "The scheduled end, HH:MM; before scheduled_start: the next day (a night shift). Null as scheduled_start."))
    scheduled_minutes: int = Field(default=0, description=(
        "The real minutes from the scheduled start to the scheduled end (a clock change that night counts); 0: not "
        "scheduled that day."))
    late_minutes: int | None = Field(default=None, description=(
        "Minutes (floored) from the scheduled start to the first counted entry of the shift's window before the "
        "scheduled end (the window: from 4 h before the start to 8 h after the end, parting halfway from the "
        "neighbouring scheduled days' shifts, never closing before the end; a night shift's entry after midnight is "
        "its night's), less the day's absence_minutes, when more than the "
        "schedule's grace; 0: on time or within the grace; null: not scheduled that day, or no such entry. Evidence "
        "for HR: worked time is never changed by a schedule."))
    left_early_minutes: int | None = Field(default=None, description=(
        "When the last counted event of the shift's window is an exit: minutes (floored) from it to the scheduled "
        "end, less what lateness left of the day's absence_minutes (one allowance, lateness first), when more than "
        "the grace; 0: not early (overtime too); null: not "
        "scheduled that day, no such exit, or the last counted event an entry (the shift still open)."))
    no_show: bool = Field(default=False, description=(
        "Scheduled that day, no event of any state (counted, awaiting review or rejected) in the shift's window, an "
        "active employee at the scheduled start, absence_minutes less than scheduled_minutes or 480 (a day's "
        "absence), whichever is less (half a day away and nothing "
        "else is still a no-show), and the scheduled start plus the grace has passed (today: by the clock; "
        "a past day: always). A person scheduled that day is listed even without events."))


class ReportCalendar(BaseModel):
    """The calendar the attendance routes work in: their dates are days in `timezone`."""

    timezone: str = Field(description="IANA zone of report days (FACEPASS_REPORT_TIMEZONE).")
    today: str = Field(description="Today there, YYYY-MM-DD.")


class DailyReport(BaseModel):
    date: str
    timezone: str = Field(description="The report zone (FACEPASS_REPORT_TIMEZONE); each item's days are in its own "
                                      "`timezone`.")
    items: list[DailyAttendance]
    pending_reviews: int = Field(default=0, description="Events of the day awaiting review (any person or none); "
                                                        "the counts above include only confirmed and unflagged events.")
    settings_differ: bool = Field(default=False, description="The day is closed and the running report "
                                  "settings (zone, longest shift, repeat window) are not those it was closed with "
                                  "(GET /payroll/lock: closed_with, differing_settings): its figures may differ from "
                                  "those signed. False for a day after the closed ones. CSV: the settings_differ "
                                  "column, the same on every row.")
    late: int = Field(default=0, description="How many items are late (late_minutes above 0).")
    no_shows: int = Field(default=0, description="How many items are no_show.")


class TimesheetDay(BaseModel):
    date: str = Field(description="YYYY-MM-DD in the day's `timezone`.")
    timezone: str = Field(description=_DAY_ZONE)
    first_in: datetime | None
    last_out: datetime | None
    worked_seconds: int = Field(description="Shifts that began this day (a night shift counts for its first day).")
    worked_minutes: int = Field(description="worked_seconds to the nearest minute: what the totals add up.")
    manual_minutes: int = Field(default=0, description=_MANUAL_MINUTES)
    events: int
    pending_reviews: int = Field(description="This person's events of the day awaiting review: not counted (an exit "
                                             "counts on the day of the shift it would close).")
    open_shift: bool = Field(description="An entry no exit closed: a forgotten check-out (add it), or still at "
                                         "work. Counts nothing.")
    exit_without_entry: bool = Field(default=False, description="An exit that closes no shift: its entry is "
                                     "missing (add it). Counts nothing.")
    ends_night_shift: bool = Field(default=False, description="An exit of the day closed a shift begun the day "
                                   "before: its time counts on that day.")
    night_shift_from: str | None = Field(default=None, description="With ends_night_shift: the day the shift's "
                                         "time counts on, YYYY-MM-DD (its entry's day).")
    absence_minutes: int = Field(default=0, description="Paid absence minutes recorded for the day (POST "
                                 "/attendance/absences; the sum of its kinds'): not worked time, in neither "
                                 "worked_minutes nor the overtime.")
    absence_kinds: list[AbsenceKind] = Field(
        default_factory=list, description="The kinds of the day's absences, in that order (vacation, sick, holiday, "
                                          "other); empty: none.")


class TimesheetWeek(BaseModel):
    week_start: str = Field(description="The week's first day (FACEPASS_WEEK_START), YYYY-MM-DD: possibly before "
                                        "the period.")
    days_in_period: int = Field(description="Of its 7 days, those in the period (7: a complete week).")
    worked_minutes: int = Field(description="The worked_minutes of its days in the period.")
    overtime_minutes: int | None = Field(description="worked_minutes beyond FACEPASS_WEEKLY_OVERTIME_MINUTES; null "
                                         "for a week the period cuts (its other days are not in this timesheet: "
                                         "read the period that holds the whole week) or when no overtime is counted "
                                         "(the setting 0).")


class TimesheetRow(BaseModel):
    employee_id: UUID
    full_name: str
    department: str | None
    employee_number: str | None = Field(default=None, description="The person's payroll number (null: none "
                                        "given): the key a payroll import matches rows by, not the name.")
    email: str | None = Field(default=None, description="The person's email (a second key for a payroll import).")
    timezone: str = Field(description=_ROW_ZONE)
    timezone_unavailable: bool = Field(default=False, description=_ZONE_UNAVAILABLE)
    face_id_withdrawn: bool = Field(default=False, description=_FACE_ID_WITHDRAWN + " CSV: the face_id_withdrawn "
                                    "column.")
    days: list[TimesheetDay] = Field(description="Every day of the period, in order.")
    worked_seconds: int = Field(description="The sum of the days' worked_seconds (each to the nearest second).")
    worked_minutes: int = Field(description="The sum of the days' worked_minutes: the payroll figure the console, "
                                            "the CLI and the CSV show.")
    days_worked: int = Field(description="Days with counted time.")
    manual_minutes: int = Field(default=0, description="The sum of the days' manual_minutes: of worked_minutes, the "
                                "time of shifts whose entry or exit HR typed in (CSV: the manual_minutes column).")
    days_with_manual_punches: int = Field(default=0, description="Days whose manual_minutes are not zero: their time "
                                          "rests on a punch HR typed in.")
    days_without_exit: int = Field(description="Days with an open shift (open_shift).")
    days_without_entry: int = Field(default=0, description="Days with an exit that closes no shift "
                                                           "(exit_without_entry).")
    absence_minutes: int = Field(default=0, description="The sum of the days' absence_minutes: paid absences, "
                                 "not worked time (CSV: the absence_minutes column, the last).")
    pending_reviews: int = Field(description="Events of the period awaiting review: settle them before payroll.")
    pending_event_ids: list[int] = Field(default_factory=list, description="Their ids (at most 500, oldest first): "
                                         "GET /attendance/review?ids= lists exactly them (a night shift's exit of "
                                         "the morning after the period included).")
    signed_minutes: int | None = Field(default=None, description="The worked minutes signed for the row's closed "
                                       "days in the period, each day's as the latest close covering it signed it "
                                       "or, when that close signed it again after a reopen, as the close before "
                                       "did (what was paid before the fix); null when none of its days is closed "
                                       "by a close that kept its minutes (migration 0031; CSV: the "
                                       "signed_minutes column, empty then).")
    signed_days_minutes_now: int | None = Field(default=None, description="Today's worked minutes of those same "
                                                "days (null with signed_minutes).")
    changed_since_signed: bool = Field(default=False, description="Some of those days' worked minutes today are "
                                       "not what was signed (signed_minutes): a reopen, a fix and a close again "
                                       "moved them, and payroll pays or claws back the difference (CSV: the "
                                       "changed_since_signed column).")
    weeks: list[TimesheetWeek] = Field(default_factory=list, description="The period's days by overtime week "
                                       "(FACEPASS_WEEK_START), in order, the first and last possibly cut by the "
                                       "period.")
    overtime_minutes: int | None = Field(default=None, description="The sum of the complete weeks' overtime_minutes "
                                         "(CSV: the overtime_minutes column, empty when null); null when no overtime "
                                         "is counted (FACEPASS_WEEKLY_OVERTIME_MINUTES 0) or no week of the period is "
                                         "complete. Computed from today's "
                                         "worked minutes with today's setting: a close signs worked minutes, not "
                                         "this.")
    incomplete_weeks_minutes: int | None = Field(default=None, description="Worked minutes on days of weeks the "
                                                 "period cuts (their overtime is not counted here; CSV: the "
                                                 "incomplete_weeks_minutes column); null when no overtime is counted.")


class Timesheet(BaseModel):
    date_from: str
    date_to: str
    timezone: str = Field(description="The report zone (FACEPASS_REPORT_TIMEZONE); each row's days are in its own "
                                      "`timezone`.")
    weekly_overtime_minutes: int = Field(default=0, description="The overtime threshold used "
                                         "(FACEPASS_WEEKLY_OVERTIME_MINUTES; 0: no overtime counted).")
    week_start: str = Field(default="monday", description="The first day of an overtime week (FACEPASS_WEEK_START).")
    items: list[TimesheetRow] = Field(description="The period's employees, by name; a page of `limit`: everyone "
                                                  "who was active at some instant of the period (report zone; "
                                                  "deactivated since included), with 0 where they have no time, and "
                                                  "anyone, active or deactivated, with an event (or one awaiting "
                                                  "review) in it.")
    pending_reviews: int = Field(description="The period's events awaiting review (any person or none; the "
                                             "person's, with employee_id), whatever the page.")
    next_cursor: str | None = Field(default=None, description="The next page of employees (CSV: X-Next-Cursor).")
    closed_through: date | None = Field(default=None, description="The pay-period lock (GET /payroll/lock) as the "
                                        "timesheet was read: days on or before it are closed, their figures no "
                                        "longer change (CSV: the closed_through column). None: nothing closed.")
    pending_event_ids: list[int] = Field(default_factory=list, description="The ids of the events counted in "
                                         "pending_reviews (at most 500, oldest first): GET /attendance/review?ids= "
                                         "lists exactly them, a night shift's exit of the morning after the period "
                                         "and another zone's days included.")
    settings_differ: bool = Field(default=False, description="As read with the figures: days shown are closed "
                                  "(date_from on or before closed_through) and the running report settings (zone, "
                                  "longest shift, repeat window) are not those they were closed with (GET "
                                  "/payroll/lock: closed_with, differing_settings): their figures may differ from "
                                  "those signed. False when every day shown is after the closed ones. CSV: the "
                                  "settings_differ column (the last), the same on every row.")


# --- presence: check with a challenge, review queue, audit --------------------------------------

class CheckRequest(StrictModel):
    """A check-in/out: one photo, or a challenge burst (frames + the nonce of GET /attendance/challenge)."""

    image: str | None = Field(default=None, min_length=1, max_length=15_000_000, description="The photo, base64.")
    frames: list[str] | None = Field(default=None, min_length=2, max_length=8,
                                     description="Challenge burst, base64 photos in capture order: first looking "
                                                 "at the camera, then turning the asked way.")
    challenge_nonce: str | None = Field(default=None, min_length=16, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")
    device_id: str | None = Field(default=None, max_length=100, pattern=PRINTABLE_PATTERN,
                                  description="Refused on check-in/out: the device comes from the device credential.")
    captured_at: Timestamp | None = Field(
        default=None, description="Paired devices only: when a queued (offline) photo was taken, RFC 3339 with a "
                                  "time zone. Up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.")

    @field_validator("frames")
    @classmethod
    def _frame_sizes(cls, frames: list[str] | None) -> list[str] | None:
        if frames is not None and any(not 1 <= len(frame) <= 15_000_000 for frame in frames):
            raise ValueError("each frame must be 1-15,000,000 base64 characters")
        return frames

    @model_validator(mode="after")
    def _one_kind(self) -> CheckRequest:
        if (self.image is None) == (self.frames is None):
            raise ValueError("send either `image` or `frames`")
        if (self.frames is None) != (self.challenge_nonce is None):
            raise ValueError("`frames` and `challenge_nonce` go together")
        return self


ChallengeInstruction = Literal["turn_left", "turn_right"]


class Challenge(BaseModel):
    nonce: str = Field(description="Send back as `challenge_nonce` with the frames; single use, this device only.")
    instruction: ChallengeInstruction = Field(
        description="turn_left: the person turns their head to their own left (in an unmirrored camera image "
                    "the nose moves toward the image's right); turn_right the other way.")
    expires_at: datetime
    frames_expected: int = Field(description="Frames to capture over the turn (2-8 accepted).")


class ReviewCandidate(BaseModel):
    employee_id: UUID
    similarity: float | None = Field(description="The photo's similarity to this person; null once the person "
                                                 "the punch is about was erased (the scores of their face go, the "
                                                 "ids stay).")


class ReviewThresholds(BaseModel):
    """The cuts the check-in decided by when it sent the punch to review (settings of the time, not a face's data):
    what each score on the review card was measured against."""

    match_threshold: float = Field(description="The open-set identify threshold the search used: a person scoring "
                                               "at least this matches (FACEPASS_TARGET_FPIR at `gallery_size`, or "
                                               "FACEPASS_IDENTIFY_THRESHOLD when pinned).")
    gallery_size: int = Field(description="People enrolled when the search ran.")
    expected_fpir: float = Field(description="The expected chance, at that threshold and gallery size, that a "
                                             "person never enrolled matches somebody.")
    match_margin: float = Field(description="The lead over the next person a match needs (FACEPASS_MATCH_MARGIN): "
                                            "less is ambiguous.")
    review_margin: float = Field(description="A match leading by less than this goes to review as low_margin "
                                             "(FACEPASS_REVIEW_MARGIN).")
    liveness_threshold: float | None = Field(default=None, description="p_live under this is a presentation-attack "
                                             "risk (FACEPASS_LIVENESS_THRESHOLD); null when liveness was not run.")
    replay_threshold: float | None = Field(default=None, description="A similarity to one enrolled photo at least "
                                           "this is a copy of enrollment material; only when replay was the "
                                           "reason.")


class ReviewItem(AttendanceEvent):
    candidates: list[ReviewCandidate] = Field(default_factory=list,
                                              description="Top people the face search found, best first.")
    margin: float | None = Field(default=None, description="The best person's lead over the next one.")
    replay_similarity: float | None = Field(default=None, description="Best similarity to one enrolled face.")
    thresholds: ReviewThresholds | None = Field(
        default=None, description="The cuts the scores were measured against when the punch went to review; null "
        "for a punch stored before FacePass kept them (its scores then stand alone).")
    direction_doubt: Literal["pending_punch", "turns_later", "pending_punch_and_turns_later"] | None = Field(
        default=None, description="Why the check-in found its direction doubtful (direction_uncertain): "
        "`pending_punch` a punch of the person awaiting review decided it, `turns_later` it was captured before "
        "punches of theirs already decided (sent late) and changes their direction, "
        "`pending_punch_and_turns_later` both; null when not said (not so "
        "flagged at check-in, or stored before FacePass kept it).")
    decided_without: DecidedWithout | None = Field(
        default=None, description="When FacePass itself sent the event back to review (its latest `flag` in the "
        "audit trail): the punch its direction was decided without, or with, and why.")
    snapshot_url: str | None = Field(default=None, description="Short-lived link to the snapshot (queue listing "
                                                               "only), while it is kept.")
    counted_original: int | None = Field(
        default=None, description="A repeat (repeat_of) whose first press still counts for the same person and "
        "direction (queue listing only): that event's id. On a repeat disputed at the kiosk (disputed_at_kiosk), the "
        "person at the kiosk said this press was not them, and that event kept counting: check whether it was "
        "theirs. Confirming the repeat counts nothing new (it stays a repeat, in that event's direction: turned "
        "with it when HR turns that event; another event_type is 409 repeat_follows_original); rejecting it changes "
        "no count.")
    in_closed_period: bool = Field(
        default=False, description="The event is on a day of the closed pay period, or would close, reopen or break "
        "a shift counted on one (queue listing only; the lock's own test, each person's day in the zone they held "
        "then): a confirm, reassign or reject is 409 `period_closed` until payroll reopens that day (POST "
        "/payroll/lock with an earlier closed_through and a note). E.g. a late offline capture (reason "
        "`period_closed`) or a punch a forced close went over. The queue's order is unchanged (oldest first); the "
        "console shows these cards after the ones a reviewer can decide, without the decision buttons.")
    closed_day: date | None = Field(
        default=None, description="With in_closed_period: the closed day the decision would change (the punch's own "
        "day, or the day of the shift it closes: a night's exit the next morning), the day payroll must reopen; "
        "else null.")


class ReviewPage(BaseModel):
    items: list[ReviewItem]
    next_cursor: str | None
    pending_total: int = Field(description="Events awaiting review now, every day (whatever `state` lists).")


class ReviewRequest(StrictModel):
    action: Literal["confirm", "reassign", "reject"]
    employee_id: UUID | None = Field(default=None, description="The right person (reassign only).")
    note: str | None = Field(default=None, max_length=1000,
                             description="Why: kept in the audit trail. Required for reassign and reject, for a "
                                         "forced decision, and for an event_type turning a punch that had a "
                                         "direction (422 note_required): these change what payroll counts.")
    event_type: Literal["entry", "exit"] | None = Field(
        default=None, description="The direction the reviewer decided (confirm and reassign only): stored, with "
        "direction_source `hr`, and weighed by the punch_conflict check; the direction the punch has and would keep "
        "without it changes nothing (its direction_source stays). On a double press's first press, its repeats "
        "(the same press) get the same decision and direction, each audited; a repeat corrected alone becomes a "
        "punch of its own. Without it a confirm keeps the stored "
        "direction, and a reassign of a server-decided punch (direction_source `auto`) is decided again for the new "
        "person as of its time (the /attendance/punch rule).")
    force: StrictBool = Field(default=False, description="Confirm, reassign or reject even when it undoes a counted "
                                                         "shift of the person (else 409 punch_conflict, which says "
                                                         "which).")
    expected_state: ReviewState | None = Field(
        default=None, description="The review state the reviewer decided from (the console sends it): when the "
        "event's is another now, someone decided meanwhile, and the answer is 409 review_stale with the event's "
        "current state instead of a decision over theirs. Compares the state's name only: prefer "
        "`expected_revision`.")
    expected_revision: StrictInt | None = Field(
        default=None, ge=0, le=2**31 - 1,
        description="The event's `revision` the reviewer decided from (the console sends it): when the event has "
        "been decided on since (whatever its state now, e.g. reassigned again to someone else), the answer is 409 "
        "review_stale with who decided what and when, and nothing is written.")

    _clean = field_validator("note")(_note_text)

    @model_validator(mode="after")
    def _employee_for_reassign(self) -> ReviewRequest:
        if (self.action == "reassign") != (self.employee_id is not None):
            raise ValueError("employee_id is required for reassign and only for reassign")
        if self.action == "reject" and self.event_type is not None:
            raise ValueError("event_type is for confirm and reassign only")
        return self


class ManualEventRequest(StrictModel):
    """A punch the kiosk did not take (a forgotten check-out, a kiosk out of order), entered by HR."""

    employee_id: UUID
    event_type: Literal["entry", "exit"]
    occurred_at: Timestamp = Field(description="RFC 3339 with an offset; not in the future, at most 366 days ago.")
    note: str = Field(min_length=1, max_length=1000, description="Why: kept in the audit trail.")
    replaces: StrictInt | None = Field(
        default=None, ge=1, le=2**63 - 1,
        description="A counted event of the same person and type this punch replaces: it is rejected (audited, with "
                    "this note) in the same transaction, and the shift check runs without it.")

    _clean = field_validator("note")(_note_text)


class ManualShiftRequest(StrictModel):
    """A whole shift the kiosk did not take (a forgotten morning before the afternoon's punches), entered by HR in
    one step: its entry and its exit, checked together and stored together."""

    employee_id: UUID
    started_at: Timestamp = Field(description="The entry: RFC 3339 with an offset; not in the future, at most 366 days "
                                             "ago.")
    ended_at: Timestamp = Field(description="The exit: RFC 3339 with an offset; after `started_at`, at most "
                                           "FACEPASS_MAX_SHIFT_HOURS later, not in the future.")
    note: str = Field(min_length=1, max_length=1000, description="Why: kept in the audit trail of both punches.")

    _clean = field_validator("note")(_note_text)


class ManualShift(BaseModel):
    """The two punches a missing shift added: each counted like a confirmed punch, entered_by HR, audited."""

    entry: AttendanceEvent
    exit: AttendanceEvent




# An absence's minutes and note as every request takes them (AbsenceDays, AbsenceChange): one definition of bounds.
AbsenceMinutes = Annotated[StrictInt, Field(ge=1, le=1440)]
AbsenceNote = Annotated[str, Field(min_length=1, max_length=1000)]


class AbsenceDays(StrictModel):
    """What a paid absence is and on which days: one person's (AbsenceRequest) or many people's (AbsenceBulkRequest),
    each person's days as the same rules record them (absences._add_for_people)."""

    day: CalendarDate = Field(description="YYYY-MM-DD, one of the person's days (as the timesheet's: each person's "
                                          "own); at most 366 days before or after today.")
    kind: AbsenceKind = Field(description="vacation, sick, holiday (a public holiday) or other (another paid "
                                          "absence). One of each kind per person and day.")
    minutes: AbsenceMinutes = Field(description="The paid minutes of each absence (480: 8 hours).")
    note: AbsenceNote | None = Field(default=None, description="Why (optional).")
    day_to: CalendarDate | None = Field(default=None, description=(
        "Optional: the last day of a range `day`..`day_to` (inclusive, on or after `day`: else 422 "
        "invalid_date_range; at most 92 days in all: else 422 date_range_too_long; at most 366 days from today). "
        "One absence per chosen day (see `weekdays`) that has no absence of any kind yet, each with this kind, "
        "minutes and note; the days already covered are skipped (never paid twice) and listed. For one person, a "
        "day refused (period_closed, employee_inactive) writes none, every chosen day covered already is 409 "
        "absence_exists naming them in `details.days`, and the answer is then `{items: [...], skipped: [{day, "
        "kinds}]}`, the absences created and the days skipped, by day (without `day_to` it is the one absence, as "
        "ever); for many people, each person's days as one person's range, their answer the bulk add's."))
    weekdays: list[WeekDay] | None = Field(default=None, min_length=1, max_length=7, description=(
        "Only with `day_to`: the days of the week of the range to record (`monday`..`sunday`); default monday to "
        "friday (a week's vacation skips the weekend). A range with none of these days is 422 no_days_in_range."))

    _clean = field_validator("note")(_note_text)

    @model_validator(mode="after")
    def _weekdays_need_a_range(self) -> AbsenceDays:
        if self.weekdays is not None and self.day_to is None:
            raise ValueError("weekdays is for a range: give day_to too")
        return self


class AbsenceRequest(AbsenceDays):
    """A paid absence HR records (POST /attendance/absences): not worked time, shown beside it in the timesheet."""

    employee_id: UUID


class AbsenceChange(StrictModel):
    """A correction of a recorded absence (PATCH /attendance/absences/{absence_id}): its kind, minutes or note, each
    as an add takes it (the same types: AbsenceKind, AbsenceMinutes, AbsenceNote); at least one. Its day and person
    are not changed here (an unknown field is 422): delete it and add it again."""

    kind: AbsenceKind = Field(default=None, description="The new kind (one of each kind per person and day: another "
                                                        "the person has that day already is 409 absence_exists).")
    minutes: AbsenceMinutes = Field(default=None, description="The new paid minutes (the day's absences together at "
                                                              "most 1440: else 409 absence_day_full).")
    note: AbsenceNote | None = Field(default=None, description="The new note; null clears it; left out: kept.")
    _clean = field_validator("note")(_note_text)

    @model_validator(mode="after")
    def _something_to_change(self) -> AbsenceChange:
        if not self.model_fields_set:
            raise ValueError("give at least one of kind, minutes and note")
        return self


class Absence(BaseModel):
    id: int
    employee_id: UUID
    full_name: str
    department: str | None
    day: date
    kind: AbsenceKind
    minutes: int
    note: str | None
    created_by: str = Field(description="Who recorded it (as audit rows name actors).")
    created_at: datetime
    in_closed_period: bool = Field(default=False, description="Its day is on or before the pay period's "
                                   "closed_through: deleting it is 409 period_closed until payroll reopens the day.")
    batch_id: UUID | None = Field(default=None, description=(
        "The bulk add (POST /attendance/absences/bulk) that recorded it: DELETE /attendance/absences/batches/"
        "{batch_id} undoes that add whole. Null for an absence added singly or as one person's range."))


class AbsenceSkipped(BaseModel):
    """A chosen day of a range that already had an absence: nothing recorded on it (a day is never paid twice)."""

    day: date
    kinds: list[AbsenceKind] = Field(description="The kinds already recorded that day (alphabetical).")


class AbsenceRange(BaseModel):
    """The absences a range (POST /attendance/absences with day_to) created: one per chosen day that had none."""

    items: list[Absence] = Field(description="By day: one per chosen day of the range that had no absence yet.")
    skipped: list[AbsenceSkipped] = Field(default_factory=list, description=(
        "By day: the chosen days that already had an absence of any kind, left as they were."))


class AbsenceBulkRequest(AbsenceDays):
    """A paid absence for many people at once (POST /attendance/absences/bulk): a public holiday or a company's
    closing day for a department or everyone, each person's days as a range records them for one person."""

    department: DepartmentName | None = Field(default=None, description=(
        "The department whose employees have it (the name exactly as stored: GET /employees/departments; their "
        "department now), those employed at some instant of the chosen days (a leaver since too). "
        "Exactly one of `department` and `everyone`: else 422 validation_error. A scoped reviewer's: one of "
        "theirs, else 403 outside_departments."))
    everyone: StrictBool | None = Field(default=None, description=(
        "true: every employee employed at some instant of the chosen days, a leaver since too (a scoped reviewer: "
        "those of their departments)."))

    @model_validator(mode="after")
    def _one_group(self) -> AbsenceBulkRequest:
        if (self.department is not None) == bool(self.everyone):
            raise ValueError("give exactly one of department and everyone: true")
        return self


class AbsenceBulkSkipped(BaseModel):
    """A person a bulk add recorded nothing for on some of its days, and why."""

    employee_id: UUID
    full_name: str
    reason: Literal["covered", "not_employed", "own_record"] = Field(description=(
        "`covered`: these days had an absence of any kind already (never paid twice); `not_employed`: the person "
        "was not employed on these days (deactivated then, or their record created after the day: a new hire); "
        "`own_record`: the caller's own employee record (separation of duties; FACEPASS_ALLOW_SELF_REVIEW records "
        "it instead, audited as a self-review), all the days."))
    days: list[date] = Field(description="The days skipped for this reason, ascending.")


class AbsenceBulkResult(BaseModel):
    """What a bulk add recorded: counts, not the rows (up to 20,000: GET /attendance/absences lists them)."""

    batch_id: UUID = Field(description=(
        "This bulk add's id, on every absence it created (GET /attendance/absences items' `batch_id`): DELETE "
        "/attendance/absences/batches/{batch_id} undoes it."))
    created: int = Field(description="How many absences were created (one per person and day).")
    people: int = Field(description="How many people got at least one of them.")
    skipped: list[AbsenceBulkSkipped] = Field(default_factory=list, description=(
        "By name: per person and reason, the chosen days recorded nothing for them (a person may be listed twice: "
        "days covered and days not employed)."))


class AbsenceBatchDeleted(BaseModel):
    """What undoing a bulk add deleted (DELETE /attendance/absences/batches/{batch_id})."""

    deleted: int = Field(description="How many absences of the batch were deleted (those deleted singly before are "
                                     "not counted).")
    people: int = Field(description="How many people they were of.")


class AbsencePage(BaseModel):
    date_from: date
    date_to: date
    items: list[Absence] = Field(description="By day, then name, then person, then absence id (the order "
                                             "recorded): `limit` a page.")
    next_cursor: str | None = Field(description="Pass as `cursor`, with the same filters, to get the next page; null "
                                               "on the last page.")


class DecidedWithout(BaseModel):
    """Why the server sent an event back to review (a `flag`): the punch its direction was decided without (or,
    cause `rejected` or `taken_away`, with: it no longer counts for the person)."""

    event_id: int = Field(description="The earlier punch of the same person that came to count after this event's "
                                      "direction was decided.")
    occurred_at: datetime = Field(description="That punch's time.")
    cause: Literal["sent_late", "added_by_hand", "reviewed", "rejected", "taken_away", "disputed"] = Field(
        description="Why it came later: `sent_late` an offline capture sent after this punch, `added_by_hand` a "
                    "manual punch, `reviewed` a confirm or reassign counted it (or corrected its direction). Or why "
                    "the punch this event was decided with no longer counts for the person: `rejected` by a review, "
                    "`taken_away` reassigned to someone else, `disputed` the person at the kiosk said it was not "
                    "them (POST /attendance/{event_id}/dispute).")


class AuditEntry(BaseModel):
    id: int
    attendance_id: int
    action: str
    actor: str = Field(description="Who: the user name (JWT `username`), else the token's subject (`sub`); for a "
                                   "change the server made itself (`automatic`), `FacePass (automatic)`, which no "
                                   "token can be; at the word of the person at a kiosk (\"Not you?\"), "
                                   "`FacePass (automatic): kiosk <device_id>`.")
    automatic: bool = Field(default=False, description="The server made this change itself (a `flag`), no person "
                                                       "(a kiosk's \"Not you?\" too: the actor names the kiosk).")
    note: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    decided_without: DecidedWithout | None = Field(
        default=None, description="A `flag`'s reason (null for other actions, and for flags written before it was "
                                  "kept): the console words it; `note` says it in English.")
    self_review: bool = Field(default=False, description="The actor changed a punch of their own employee record, "
                                                         "allowed by FACEPASS_ALLOW_SELF_REVIEW (separation of "
                                                         "duties off; README Roles).")
    device_name: str | None = Field(default=None, description="For a kiosk's \"Not you?\" (the actor names its "
                                    "device id), the name HR gave that kiosk; null for any other actor.")
    outside_departments: bool = Field(default=False, description="For a reviewer scoped to departments: this row "
                                      "named someone outside their departments, withheld here (in before/after "
                                      "their employee_id and similarity null, their candidate entries left out, the "
                                      "similarity null when the face matched them; a "
                                      "flag's decided_without left out when that punch is now another "
                                      "department's person's, its note said without it). README Roles.")
    created_at: datetime


class AuditTrail(BaseModel):
    attendance_id: int
    items: list[AuditEntry]


class ChangeSide(BaseModel):
    """An attendance event as a change found it (`before`) or left it (`after`): whose punch, when, which way and its
    review state. Empty fields (all null) for the `before` of a punch HR added (it did not exist)."""

    employee: EventPerson | None = Field(default=None, description="Whose punch it was (null: nobody's, e.g. an "
                                         "unknown face; or, for payroll, a punch that did not count for anyone then, "
                                         "whose person would be the face's match; for a scoped reviewer, someone "
                                         "outside their departments).")
    occurred_at: datetime | None = None
    event_type: EventType | None = Field(default=None, description="The direction: entry or exit.")
    review_state: ReviewState | None = None
    direction_source: DirectionSource | None = None


class EvidenceChangeSide(ChangeSide):
    """A change's side with what the face decided (admin and reviewers only)."""

    status: AttendanceStatus | None = None
    similarity: float | None = None
    liveness_score: float | None = None
    review_reasons: list[str] = Field(default_factory=list)


class PayrollAttendanceChange(BaseModel):
    """One change to an attendance event (a row of its audit trail) without anything the face decided or was
    decided on: what GET /attendance/audit gives payroll."""

    id: int = Field(description="The audit row's id (the listing's order and cursor).")
    created_at: datetime = Field(description="When the change was made.")
    actor: str = Field(description="Who made it, as the event's audit trail names them (AuditEntry.actor).")
    automatic: bool = Field(default=False, description="The server made it itself (a `flag`), no person.")
    action: Literal["add", "confirm", "reassign", "reject", "flag"] = Field(
        description="add: a punch HR entered by hand; confirm, reassign, reject: a review decision; flag: sent back "
                    "to review (by the server, or by the person at the kiosk: \"Not you?\").")
    self_review: bool = Field(default=False, description="The actor changed a punch of their own employee record "
                                                         "(FACEPASS_ALLOW_SELF_REVIEW).")
    note: str | None = Field(description="Why, as the actor wrote it (for payroll HR's words only, without the "
                                         "server's account of what a forced decision undid).")
    event_id: int = Field(description="The attendance event changed (GET /attendance/{event_id}/audit: its trail).")
    employee: EventPerson | None = Field(description="Whose punch the change concerns: `after`'s person, else "
                                                     "`before`'s (null when neither names anyone this caller may "
                                                     "read).")
    occurred_at: datetime | None = Field(description="The punch's time as it is now (null: the event is gone).")
    before: ChangeSide
    after: ChangeSide
    in_closed_period: bool = Field(description="The punch's day (its day, as the timesheet and the lock count it: "
                                               "in its person's zone, a night shift's exit on its entry's day) is "
                                               "in a closed pay period now (on or before closed_through: a change "
                                               "to it would be refused, 409 period_closed).")


class AttendanceChange(PayrollAttendanceChange):
    """One change with the face's evidence of each side: what GET /attendance/audit gives admin and reviewers."""

    before: EvidenceChangeSide
    after: EvidenceChangeSide
    outside_departments: bool = Field(default=False, description="For a reviewer scoped to departments: this row "
                                      "named someone outside their departments, withheld here (as AuditEntry's).")


class AttendanceChangePage(BaseModel):
    items: list[AttendanceChange]
    next_cursor: str | None
    timezone: str = Field(description="IANA zone changed_from and changed_to are days in (the report zone); the "
                                      "CSV's times are said in it.")


class PayrollAttendanceChangePage(BaseModel):
    items: list[PayrollAttendanceChange]
    next_cursor: str | None
    timezone: str = Field(description="As AttendanceChangePage's.")


# --- erasure -----------------------------------------------------------------------------------

class ErasureResult(BaseModel):
    """What was removed. Attendance rows stay for payroll, linked to the employee (deactivated by an erasure, still
    active after a withdrawal of consent), with their snapshots deleted."""

    employee_id: UUID
    embeddings_deleted: int
    enrollment_tickets_deleted: int
    enrollment_objects_deleted: int
    snapshots_deleted: int
    attendance_rows_kept: int
    duplicate_tickets_rejected: int = Field(
        default=0, description="Other employees' photos that waited for confirmation as suspected duplicates of "
                               "this person: rejected (reason duplicate_erased), their embeddings deleted.")
    held_photos_deleted: int = Field(
        default=0, description="Face crops of held photos deleted (held/ objects): the person's own held photos' and "
                               "those of the suspected duplicates of them rejected here.")
    employee_deactivated: bool = Field(
        default=True, description="True for an erasure (the person deactivated); false for a withdrawal of biometric "
                                  "consent (DELETE /employees/{id}/biometric-consent): the person stays active.")


# --- access request: what FacePass holds about one person's face ---------------------------------

class HeldPhotoOfPerson(BaseModel):
    ticket_id: UUID
    created_at: datetime
    reason_code: str | None = Field(description="Why it waits for HR (suspected_duplicate, not_same_person, ...).")
    photo_kept: bool = Field(description="A face crop of the photo is kept while it waits (held/ in the bucket).")


class PhotoOfPerson(BaseModel):
    event_id: int
    occurred_at: datetime
    relation: Literal["own", "matched", "candidate", "bystander"] = Field(description=(
        "How the photo may show them: `own` their punch; `matched` a punch their face matched that HR moved to "
        "someone else; `candidate` a punch nobody was matched to where they scored at least the 1:1 threshold; "
        "`bystander` someone else's punch with them beside."))
    review_state: str
    deleted_by: date = Field(description="The UTC day the daily cleanup deletes it by, as things stand (retention; "
                                         "awaiting review: FACEPASS_REVIEW_MAX_DAYS longer; a photo already past it, "
                                         "such as an offline capture sent late: the next day's cleanup).")


class BiometricDataReport(BaseModel):
    """Everything biometric FacePass holds about one person, as an erasure would find it (an access request: GDPR
    Art. 15, BIPA disclosure). Vectors and photos themselves are never in it."""
    employee: Employee = Field(description="The record, with its biometric consent and erasure time.")
    generated_at: datetime
    faces: list[FaceRecord] = Field(description="Enrolled faces: one embedding each (never shown), no photo.")
    held_photos: list[HeldPhotoOfPerson] = Field(description="Their uploads waiting for HR: an embedding each until "
                                                             "decided, and a face crop while held.")
    uploads_waiting: int = Field(description="Enrollment photos in the bucket not processed yet (deleted once "
                                             "embedded, or by the cleanup).")
    photos: list[PhotoOfPerson] = Field(description="Attendance photos (snapshots) that may show them, oldest first.")
    scored_punches: int = Field(description="Attendance records holding a score of their face (their punches' or a "
                                            "match's similarity, or a candidate entry naming them).")
    scored_tickets: int = Field(description="Enrollment tickets holding a score against their faces.")
    held_as_possibly_theirs: int = Field(description="Other people's uploads waiting for HR as a suspected "
                                                     "duplicate of them (most likely their face).")
    enrollment_records: int = Field(description="Their enrollment tickets, whatever their state (a refused photo's "
                                                "reason and scores; the erasure deletes them all).")
    scored_audit_entries: int = Field(description="Attendance audit entries about them holding a face's scores "
                                                  "(similarity, liveness): the erasure strips the scores, the entries "
                                                  "stay.")
    stored_answers_naming: int = Field(description="Stored Idempotency-Key answers (a kiosk's replayable answer) "
                                                   "naming them: the erasure stores them again without them.")



class DeviceCreate(StrictModel):
    name: str = Field(min_length=1, max_length=100, examples=["Main entrance"])
    site: str | None = Field(default=None, min_length=1, max_length=100, examples=["Head office"])
    timezone: str = Field(min_length=1, max_length=64, examples=["Europe/Berlin"],
                          description="IANA time zone of the place the kiosk stands in.")

    _clean = field_validator("name", "site")(_no_control_characters)
    _zone = field_validator("timezone")(_iana_time_zone)


KioskDoor = Literal["entry", "exit", "both"]
_DEVICE_DOOR = ("The kiosk's door, set by HR: `entry` (entry only), `exit` (exit only) or `both` (the server decides "
                "entry or exit per person). It decides the buttons and what automatic mode records. null: not set "
                "here; the tablet's own setting (its setup mode) applies.")
_DEVICE_AUTOMATIC = ("Whether the kiosk runs automatic mode (a check whenever somebody comes, no press), set by HR. "
                     "null: not set here; the tablet's own setting (its setup mode) applies.")


class Device(BaseModel):
    id: UUID
    name: str
    site: str | None
    timezone: str
    status: Literal["awaiting_pairing", "paired", "revoked"]
    created_at: datetime
    paired_at: datetime | None
    revoked_at: datetime | None
    pairing_expires_at: datetime | None = Field(description="When the open pairing code expires; null when none.")
    last_seen_at: datetime | None
    door: KioskDoor | None = Field(default=None, description=_DEVICE_DOOR)
    automatic: bool | None = Field(default=None, description=_DEVICE_AUTOMATIC)


class DevicePatch(StrictModel):
    """HR sets a kiosk's Door and Automatic mode (PATCH /devices/{id}): a field left out keeps its value, null clears
    it (the tablet's own setting, from its setup mode, applies again)."""
    door: KioskDoor | None = Field(default=None, description=_DEVICE_DOOR)
    automatic: StrictBool | None = Field(default=None, description=_DEVICE_AUTOMATIC)


# The most event ids GET /attendance/review takes (`ids`): the pending_event_ids a timesheet or a refused close gives
# are as many at most, so their links open exactly them.
REVIEW_IDS_MAX = 500


class KioskNotice(BaseModel):
    """What the kiosk tells the people in front of it about their photos (the retention the server keeps now)."""
    snapshot_max_days: int = Field(description="The most days a check's photo is kept, from its capture: "
                                               "FACEPASS_SNAPSHOT_RETENTION_DAYS + 2 (retention deletes whole UTC "
                                               "days at a cleanup at 02:30 UTC the day after), or the offline window "
                                               "(FACEPASS_OFFLINE_MAX_AGE_HOURS, in days rounded up) + 1 when "
                                               "longer: a queued check's photo waits on the tablet that long.")
    review_max_days: int = Field(description="Days beyond that a photo is kept while HR reviews its check, at most "
                                             "(FACEPASS_REVIEW_MAX_DAYS).")
    face_template_days_after_leaving: int = Field(
        default=31, description="Days an enrolled face (its template) is kept after the person leaves (is "
        "deactivated), at most: FACEPASS_DEACTIVATED_GRACE_DAYS + 1 (the first daily cleanup past the grace deletes "
        "it: up to a day later); at once on a withdrawal of consent or an erasure.")
    privacy_contact: str | None = Field(default=None, description="Whom to ask about one's data "
                                        "(FACEPASS_PRIVACY_CONTACT); null: HR.")


class DeviceSelf(Device):
    """The calling kiosk, and what it shows people about their data. Kiosks ask for it when they start and about
    once a minute: each request marks the device seen (`last_seen_at`, at most once a minute), so the console can
    tell a kiosk that stopped asking."""
    notice: KioskNotice
    offline_max_age_hours: int = Field(description="The oldest check this server records (FACEPASS_OFFLINE_MAX_AGE_"
                                       "HOURS): a kiosk keeps a queued check's photo no longer.")


class MyConsent(BaseModel):
    """The caller's own biometric consent, as HR recorded it (never who recorded it)."""
    recorded_at: datetime | None = Field(description="When HR recorded the consent (the signed release); null: none "
                                         "recorded (never given, withdrawn, or erased).")
    reference: str | None = Field(description="The reference to the signed release HR gave (a file number); null: "
                                  "none given.")
    withdrawn_at: datetime | None = Field(description="When the consent was withdrawn while staying employed (their "
                                          "biometric data erased then), as long as none has been recorded since. "
                                          "With enrolled_faces above 0: a face enrolled after it, no consent "
                                          "recorded for it (no enrollment route takes one: a face put there "
                                          "outside them).")
    withdrawal_unfinished: bool = Field(description="The withdrawal stopped half-way (some photos not yet deleted): HR "
                                        "runs it again, or the daily cleanup finishes it.")


class MyFace(BaseModel):
    enrolled_at: datetime = Field(description="When the face was enrolled (its template; never the vector or photo).")


class MyPhotosDeletedBy(BaseModel):
    deleted_by: date = Field(description="The UTC day the daily cleanup deletes them by, as things stand.")
    photos: int = Field(description="How many of the caller's own punches' photos go then.")


class MyBiometrics(BaseModel):
    """GET /me/biometrics: what FacePass holds about the caller's own face (GDPR Art. 15, BIPA's notice), the
    access request's answer (GET /employees/{id}/biometric-data, the same builder) without what is HR's or other
    people's: no vectors, no photos or storage keys, no event ids, nobody else's punches or names, no HR user names."""
    employee_id: UUID
    full_name: str
    generated_at: datetime
    consent: MyConsent
    erased_at: datetime | None = Field(description="When their biometric data was erased as they left; null "
                                       "otherwise.")
    enrolled_faces: int = Field(description="Faces enrolled for them (each one template; Face ID matches them by it).")
    faces: list[MyFace] = Field(description="Their enrolled faces, oldest first: when each was enrolled.")
    held_photos: int = Field(description="Photos uploaded for them waiting for HR's decision (a face crop kept while "
                                         "they wait).")
    uploads_waiting: int = Field(description="Enrollment photos for them not processed yet.")
    own_photos: list[MyPhotosDeletedBy] = Field(
        description="The kiosk photos (snapshots) of their own punches still kept, counted by the day they are "
                    "deleted by, soonest first (retention; a punch awaiting review keeps its photo longer).")
    other_photos: int = Field(
        description="Photos of other punches that may show them (beside someone, a punch their face matched that HR "
                    "gave to someone else, or an unrecognized one their face came close to): only how many, nothing "
                    "of the others. HR's access request lists them.")
    notice: KioskNotice = Field(description="How long FacePass keeps photos and faces (as the kiosk's privacy notice "
                                            "says), and whom to ask (privacy_contact; null: HR). Withdrawing consent: "
                                            "ask them; their data is erased at once.")


class DeviceList(BaseModel):
    items: list[Device]
    listed_at: datetime = Field(description="The server's time of this answer: how long ago each `last_seen_at` was, "
                                            "whatever the reader's own clock says.")
    quiet_after_minutes: int = Field(description="A paired kiosk not heard from (`last_seen_at`) for longer than "
                                     "this is quiet (FACEPASS_DEVICE_QUIET_MINUTES): the threshold of the "
                                     "quiet-devices alarm (QuietDevicesAlarm), so the page and the alarm agree.")


class PairingCode(BaseModel):
    device: Device
    pairing_code: str = Field(description="Shown once: 8 characters the kiosk enters to pair (single use).")
    pairing_expires_at: datetime


class PairRequest(StrictModel):
    pairing_code: str = Field(min_length=1, max_length=32, pattern=PRINTABLE_PATTERN, examples=["K7QM-4XRT"],
                              description="Case, spaces and dashes are ignored.")


class SetupCode(BaseModel):
    device_id: UUID
    setup_code: str = Field(description="Shown once: 8 characters staff type on the kiosk in setup mode (`?setup=1`); "
                                        "single use, spent by 5 wrong tries too. A new code replaces this one.")
    expires_at: datetime = Field(description="10 minutes after it was made.")


class SetupRequest(StrictModel):
    code: str = Field(min_length=1, max_length=32, pattern=PRINTABLE_PATTERN, examples=["K7QM-4XRT"],
                      description="The setup code from the console. Case, spaces and dashes are ignored.")


class SetupOpened(BaseModel):
    setup_until: datetime = Field(description="Setup mode is open on this kiosk until then (15 minutes); the kiosk "
                                              "keeps it in memory only, so a reload asks for a code again.")
    setup_seconds: int = Field(description="The same as a length from this answer (900): the kiosk counts it on "
                                           "its own clock, which may be off the server's.")


class PairedDevice(BaseModel):
    device: Device
    device_token: str = Field(description="Shown once: send it as `Authorization: Bearer <token>` on kiosk routes.")


class SnapshotLink(BaseModel):
    url: str = Field(description="A presigned GET of the snapshot JPEG.")
    expires_in: int


# --- pay-period lock ----------------------------------------------------------------------------

class PayPeriodLockRequest(StrictModel):
    """Close the pay period through a day, or (an earlier day, or null: nothing closed) reopen part of it."""

    closed_through: CalendarDate | None = Field(description="YYYY-MM-DD: every day on or before it is closed (each "
                                                "event's day in its person's zone, as the timesheet counts it); not "
                                                "after latest_closable (GET /payroll/lock). Earlier than now, or null: "
                                                "a reopen.")
    note: str | None = Field(default=None, max_length=1000, description="Why: kept in the history. Required to "
                             "reopen, and to close anyway (force) over undecided days: 422 `force_note_required`.")
    expected_closed_through: CalendarDate | None = Field(
        default=None, description="The closed-through date the client showed (null: nothing closed). Sent and no "
        "longer the current one (another tab or person moved it): 409 `lock_changed`, nothing written. Not sent: "
        "no check.")
    force: bool = Field(default=False, description="Close even though the newly closed days still hold punches "
                        "awaiting review, shifts missing a punch, people whose Face ID was withdrawn with no time "
                        "typed in or correction requests nobody answered (without it: 409 `period_undecided`). The "
                        "history "
                        "keeps that the close was forced and what was undecided then; a forced close needs a note "
                        "(422 `force_note_required`). Ignored by a reopen.")
    undecided_fingerprint: str | None = Field(
        default=None, max_length=64, pattern=r"^[0-9a-f]+$",
        description="With force: the `fingerprint` of the 409 `period_undecided` the client showed. When what is "
        "undecided changed since (a punch arrived, one was decided, a correction request was filed or answered), "
        "409 `period_undecided` again with what it is "
        "now, nothing written: a close is only forced over what its user saw. Not sent: no check.")

    _clean = field_validator("note")(_note_text)


class CloseSettings(BaseModel):
    """The settings the reports compute days and shifts with (close_settings.py)."""

    report_timezone: str = Field(description="FACEPASS_REPORT_TIMEZONE (template parameter ReportTimezone): the zone "
                                 "of the days of people without a zone of their own.")
    max_shift_hours: int = Field(description="FACEPASS_MAX_SHIFT_HOURS (template parameter MaxShiftHours).")
    repeat_window_seconds: int = Field(description="FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS (template parameter "
                                       "CheckinRepeatWindowSeconds).")


CloseSettingName = Literal["report_timezone", "max_shift_hours", "repeat_window_seconds"]


class PayPeriodLockChange(BaseModel):
    id: int
    action: Literal["close", "reopen"]
    closed_through: date | None = Field(description="The date the lock was moved to (null: nothing closed).")
    previous: date | None = Field(description="The date it was moved from.")
    actor: str
    note: str | None
    created_at: datetime
    forced: bool = Field(default=False, description="A close sent with force over undecided days (the counts below).")
    pending_reviews: int | None = Field(default=None, description="A close: the punches awaiting review its newly "
                                        "closed days held then (null: a reopen, or a close before this was kept).")
    days_without_exit: int | None = Field(default=None, description="A close: the shifts with no exit its newly "
                                          "closed days held then.")
    days_without_entry: int | None = Field(default=None, description="A close: the exits with no entry its newly "
                                           "closed days held then.")
    closed_with: CloseSettings | None = Field(default=None, description="A close: the settings its figures were "
                                              "computed with (null: a reopen, or a close before this was kept).")
    people_signed: int | None = Field(default=None, description="A close: how many people had worked minutes on "
                                      "its newly closed days (null: a reopen, or a close before this was kept).")
    minutes_signed: int | None = Field(default=None, description="A close: the worked minutes of its newly closed "
                                       "days it signed, everyone's (each kept per person and day: the timesheet's "
                                       "signed_minutes).")
    people_adjusted: int | None = Field(default=None, description="A close: how many people's minutes it signed "
                                        "again differently on days an earlier close had signed (a day reopened, "
                                        "fixed and closed again; 0: none, a first close; null: a reopen, or a close "
                                        "before this was kept). GET /payroll/closes/{history_id}/adjustments lists "
                                        "them.")
    minutes_adjusted: int | None = Field(default=None, description="A close: the net minutes its adjustments pay on "
                                         "top of the earlier closes (negative: clawed back).")
    minutes_added: int | None = Field(default=None, description="A close: the minutes its adjustments add (the "
                                      "positive deltas).")
    minutes_clawed_back: int | None = Field(default=None, description="A close: the minutes its adjustments claw "
                                            "back (the negative deltas, as a positive number).")


class CloseAdjustment(BaseModel):
    employee_id: UUID
    full_name: str
    employee_number: str | None = Field(default=None, description=_EMPLOYEE_NUMBER)
    email: str | None = Field(default=None, description="The employee's email (a payroll import's other key).")
    timezone: str = Field(description="The employee's zone now (the report zone when they have none of their own).")
    day: date = Field(description="The day signed again (in the person's zone, as the timesheet counts it).")
    signed_before: int = Field(description="The minutes the latest earlier close covering the day signed (0: it "
                               "kept minutes and had none for the person).")
    signed_now: int = Field(description="The minutes this close signed.")
    delta: int = Field(description="signed_now - signed_before: what this close pays (negative: claws back) on top "
                       "of the earlier closes.")


class CloseAdjustments(BaseModel):
    history_id: int
    closed_through: date | None
    previous: date | None
    created_at: datetime
    people_adjusted: int | None
    minutes_adjusted: int | None
    items: list[CloseAdjustment] = Field(description="Per person and day, by name then day; a day signed for the "
                                         "first time, or signed again unchanged, is none.")


class PayPeriodLock(BaseModel):
    closed_through: date | None = Field(description="Days on or before it are closed; null: nothing closed.")
    changed_at: datetime | None = Field(description="When it was last moved.")
    changed_by: str | None = Field(description="Who last moved it.")
    note: str | None = None
    latest_closable: date = Field(description="The latest day that can be closed now: over in every time zone "
                                  "(UTC-12) and its longest shift (FACEPASS_MAX_SHIFT_HOURS) ended.")
    history: list[PayPeriodLockChange] = Field(description="Every close and reopen, newest first (the last 100).")
    closed_with: CloseSettings | None = Field(default=None, description="The settings the closed days were computed "
                                              "with (the last close's; a partial reopen keeps them). Null: nothing "
                                              "closed, or closed before they were kept (no check until the next "
                                              "close records them).")
    running: CloseSettings | None = Field(default=None, description="The settings the reports compute with now.")
    settings_differ: bool = Field(default=False, description="The running settings are not those the closed days "
                                  "were computed with: the timesheet's figures of closed, paid days may have moved, "
                                  "and a close is refused (409 `close_settings_changed`) until they are restored or "
                                  "every day is reopened.")
    differing_settings: list[CloseSettingName] = Field(default_factory=list, description="Which differ.")


class FaceFreeRequest(StrictModel):
    """"No Face ID?" at the kiosk: the payroll number typed and the way; no photo (none is accepted)."""

    employee_number: str = Field(min_length=1, max_length=50, pattern=PRINTABLE_PATTERN,
                                 description="The payroll number the person typed (employee_number, any case).")
    event_type: EventType = Field(description="The way the person chose (or the door's way).")
    captured_at: Timestamp | None = Field(
        default=None, description="When a queued (offline) press was made, as for check-in: RFC 3339 with a time "
                                  "zone, up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.")


class FaceFreeAnswer(BaseModel):
    """The answer to a typed punch, the same whatever the number: never a name, nor whether the number exists."""

    status: Literal["sent_for_review"]
    message: str = Field(description="\"Sent to HR to check.\"")


# --- self-service: an employee's own hours, punches and correction requests (self_service.py) ------------------

class MyTimesheet(BaseModel):
    """GET /me/timesheet: the caller's own row of GET /attendance/timesheet for the period, as HR's reads it."""

    date_from: str
    date_to: str
    timezone: str = Field(description="The report zone; the row's days are each in its own `timezone`.")
    row: TimesheetRow | None = Field(description="The caller's row, exactly as the timesheet computes it; null when "
                                     "they are not in the period (not employed then, and no punch in it).")
    closed_through: date | None = Field(default=None, description="The pay-period lock as the row was read: days on "
                                        "or before it are closed (paid as they are; a correction of them waits for "
                                        "a reopen).")


MyPunchState = Literal["counted", "awaiting_review", "rejected", "not_counted", "refused"]


class MyPunch(BaseModel):
    """One of the caller's own punches, without anything the face decided or was decided on (no scores, candidates,
    snapshot, review reasons, device id)."""

    id: int = Field(description="The punch's id: send it as a correction request's event_id.")
    occurred_at: datetime = Field(description="When, with the offset of the caller's zone at that instant.")
    date: str = Field(description="The caller's day it is on (YYYY-MM-DD in `timezone`), as the timesheet counts it.")
    timezone: str = Field(description="The caller's zone at that instant (their own, else the report zone).")
    event_type: EventType
    state: MyPunchState = Field(description="counted: payroll counts it; awaiting_review: HR has yet to check it "
                                "(not counted until then); rejected: HR refused it (not counted); not_counted: a "
                                "second press of a punch already counted; refused: not counted, the kiosk itself "
                                "refused the photo (liveness or spoof check).")
    source: Literal["kiosk", "hr"] = Field(description="kiosk: taken at a kiosk (by face, or typed there); hr: "
                                           "typed in by HR.")
    device_name: str | None = Field(description="The kiosk's name (null: typed in by HR, or the kiosk is gone).")
    offline: bool = Field(default=False, description="Captured while the kiosk was offline, sent later.")


class MyPunchPage(BaseModel):
    items: list[MyPunch]
    next_cursor: str | None
    timezone: str = Field(description="The caller's zone as held when the last day began (date_to's).")


class CorrectionRequestBody(StrictModel):
    """POST /me/corrections: "Something wrong?" on a day of the caller's own hours."""

    date: CalendarDate = Field(description="The day (YYYY-MM-DD, the caller's day as the timesheet shows it): not "
                               "in the future, at most 366 days ago.")
    note: str = Field(min_length=1, max_length=1000, description="What is wrong, for HR.")
    event_id: StrictInt | None = Field(default=None, ge=1, le=2**63 - 1,
                                       description="One of the caller's punches it is about (GET /me/attendance); "
                                                   "another person's, or none such: 404 attendance_not_found.")

    _clean = field_validator("note")(_note_text)


CorrectionState = Literal["open", "resolved"]


class CorrectionRequest(BaseModel):
    """A correction request as its employee reads it: what they asked and HR's answer."""

    id: int
    date: date
    event_id: int | None = Field(description="The punch it is about (null: the day as a whole, or the punch is "
                                 "gone).")
    event_occurred_at: datetime | None = Field(default=None, description="That punch's time (null without one, and "
                                               "in the employee's view null when the punch is no longer theirs: HR "
                                               "assigned it to someone else, or it is gone).")
    event_type: EventType | None = Field(default=None, description="That punch's direction (null as "
                                         "event_occurred_at).")
    timezone: str = Field(description="IANA zone the request's day is a day in and event_occurred_at is read in, "
                          "as the requester's timesheet and GET /me/attendance place them: the zone they held at the "
                          "punch named (their own, else the report zone); without one, the zone held when the day "
                          "began.", examples=["America/New_York"])
    note: str
    created_at: datetime
    state: CorrectionState
    resolved_at: datetime | None = None
    resolution_note: str | None = Field(default=None, description="HR's answer (null while open).")


class CorrectionRequestList(BaseModel):
    items: list[CorrectionRequest] = Field(description="Newest first (at most 200).")


class CorrectionRequestItem(CorrectionRequest):
    """A correction request as HR reads it: whose, and who answered."""

    employee: PersonRef
    requested_by: str = Field(description="The user who asked (their console user name).")
    resolved_by: str | None = None
    self_review: bool = Field(default=False, description="Resolved by the requester themselves, allowed by "
                              "FACEPASS_ALLOW_SELF_REVIEW.")
    event_moved: bool = Field(default=False, description="The punch named is no longer the requester's (HR "
                              "assigned it to someone else after the request): event_occurred_at and event_type "
                              "are its time and direction now, not theirs.")


class CorrectionRequestPage(BaseModel):
    items: list[CorrectionRequestItem] = Field(description="Oldest first.")
    next_cursor: str | None


class ResolveCorrectionRequest(StrictModel):
    """POST /attendance/corrections/{id}/resolve: HR's answer, which closes the request."""

    note: str = Field(min_length=1, max_length=1000, description="The answer the employee reads (what was done).")

    _clean = field_validator("note")(_note_text)


# --- work schedules (facepass.schedules; README "Work schedules") ---------------------------------------------

# A time of day as the schedules take and give it: HH:MM, 24 h, 00:00-23:59 (anything else 422 validation_error).
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", min_length=5, max_length=5,
                                 examples=["09:00"], description="HH:MM, 24 h (00:00-23:59).")]
LateGraceMinutes = Annotated[StrictInt, Field(ge=0, le=120, description=(
    "Minutes after the scheduled start an entry is still on time (and before the scheduled end an exit is not "
    "early): 0-120."))]


class ScheduleDay(StrictModel):
    """One working day of a weekly schedule, in the person's own zone (their day, as the reports place it)."""

    weekday: WeekDay = Field(description="monday..sunday (as absences' `weekdays`).")
    starts_at: ClockTime = Field(description="Scheduled start, HH:MM.")
    ends_at: ClockTime = Field(description="Scheduled end, HH:MM; before starts_at: the shift ends the next day (a "
                                           "night shift 22:00-06:00). Equal to starts_at: 422.")

    @model_validator(mode="after")
    def _not_empty(self) -> ScheduleDay:
        if self.starts_at == self.ends_at:
            raise ValueError("ends_at must differ from starts_at (a shift ending the next day ends before it)")
        return self


class ScheduleRequest(StrictModel):
    """A weekly work schedule as POST /schedules creates it and PUT /schedules/{id} replaces it (name, grace and
    days all)."""

    name: str = Field(min_length=1, max_length=100, examples=["Office 9-18"],
                      description="1-100 characters, trimmed; unique in any case (409 schedule_exists).")
    late_grace_minutes: LateGraceMinutes = 5
    days: list[ScheduleDay] = Field(max_length=7, description=(
        "The working days (0-7), each weekday once (else 422 duplicate_weekday); a weekday left out is a day off."))

    _clean = field_validator("name")(_no_control_characters)


class Schedule(BaseModel):
    id: int
    name: str
    late_grace_minutes: int
    days: list[ScheduleDay] = Field(description="Monday first.")
    scheduled_minutes_per_week: int = Field(description="The days' scheduled minutes added up (a night shift's "
                                                        "until its end the next day), as the wall clock reads them.")
    employees: int = Field(description="How many employees (active or not) have this schedule.")
    created_at: datetime
    updated_at: datetime
    updated_by: str | None = Field(description="Who last created or replaced it (the token's user name).")


class ScheduleList(BaseModel):
    items: list[Schedule] = Field(description="By name (no paging: a company has tens).")
