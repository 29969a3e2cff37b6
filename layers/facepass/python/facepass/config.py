"""One settings class for every entry point, validated once at cold start."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from pydantic import AliasChoices, BaseModel, Field, TypeAdapter, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from facepass.errors import ConfigurationError

_AN_INT = TypeAdapter(int)
LAMBDA_MB_PER_VCPU = 1769  # AWS: "at 1,769 MB, a function has the equivalent of one vCPU"


def _find_repo_root() -> Path:
    """The checkout the library runs from (tests, CLI, local stack); in Lambda (/var/task, /opt/python)
    there is none, and nothing there needs it."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "template.yaml").is_file():
            return parent
    return Path.cwd()


REPO_ROOT = _find_repo_root()

PackName = Literal["sface", "buffalo_s", "buffalo_l", "sface-int8"]
# A week's first day (FACEPASS_WEEK_START), in the order date.weekday() counts them.
WeekDay = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEK_DAYS: tuple[WeekDay, ...] = get_args(WeekDay)  # WEEK_DAYS.index(name) == date.weekday()


def _default_migrations_dir() -> Path:
    bundled = Path(__file__).resolve().parent / "migrations"  # copied here in container images
    return bundled if bundled.is_dir() else REPO_ROOT / "infra" / "migrations"


# Files in a zoneinfo folder that load as zones but name the host's setting or no place: refused, so a zone
# means the same on every machine.
_NOT_IANA_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def is_iana_time_zone(name: str) -> bool:
    """An IANA time zone name (Europe/Berlin, UTC) that loads here. Not available_timezones(): it scans the
    zoneinfo folders (~30 ms), and settings are checked at cold start."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name in _NOT_IANA_ZONES or name.startswith(("posix/", "right/")):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones ("Europe") is no zone
        return False
    return True


def database_ca_bundle_problem(path: Path) -> str | None:
    """Why `path` cannot be the database's CA bundle (no file, unreadable, no PEM certificate in it), or None."""
    try:
        text = Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return f"database CA bundle {path} does not exist"
    except IsADirectoryError:
        return f"database CA bundle {path} is a directory, not a PEM file"
    except OSError as error:
        return f"database CA bundle {path} cannot be read ({error.strerror})"
    if "-----BEGIN CERTIFICATE-----" not in text:
        return f"database CA bundle {path} holds no PEM certificate"
    return None


class LocalUser(BaseModel):
    """A local console user with roles (FACEPASS_LOCAL_USERS' object form): the scopes the local sign-in grants, as
    the Cognito groups do in AWS. A bare password string is an admin."""
    model_config = {"extra": "forbid"}
    password: str
    roles: list[Literal["admin", "reviewer", "payroll", "employee"]] = Field(default=["admin"], min_length=1)


class Settings(BaseSettings):
    """Every knob FacePass has. Environment variables use the ``FACEPASS_`` prefix
    (``DATABASE_URL`` and ``AWS_REGION`` are read under their usual names)."""

    model_config = SettingsConfigDict(env_prefix="FACEPASS_", extra="ignore", frozen=True)

    # --- database -------------------------------------------------------------------------
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "FACEPASS_DATABASE_URL"),
        description="PostgreSQL URL. Unset: an embedded PostgreSQL + pgvector under data_dir.",
    )
    database_secret_arn: str | None = Field(
        default=None, description="Secrets Manager secret (RDS format) used in AWS instead of a URL."
    )
    database_ca_bundle: Path | None = Field(
        default=None, description="PEM file of the CAs the database's certificate must chain to (Amazon's RDS CA "
        "bundle): the URL built from the secret then verifies the server (sslmode=verify-full) instead of only "
        "encrypting (require).")
    data_dir: Path = Field(default=Path(".facepass"), description="Local state: embedded pgdata, local S3.")
    migrations_dir: Path = Field(default_factory=_default_migrations_dir)
    hnsw_ef_search: int = Field(default=200, ge=1, le=1000,
                                description="pgvector HNSW search breadth (200: recall@1 1.0 at 100k faces).")

    # --- AWS ------------------------------------------------------------------------------
    bucket: str = Field(default="facepass-local", min_length=3, max_length=63)
    aws_region: str = Field(
        default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION", "FACEPASS_AWS_REGION")
    )
    s3_endpoint_url: str | None = Field(default=None, description="Local S3 endpoint (moto server).")
    upload_url_expiry_seconds: int = Field(default=300, ge=30, le=3600)
    upload_min_bytes: int = Field(default=1024, ge=1)

    # --- face models ----------------------------------------------------------------------
    model_dir: Path = Field(default=Path("models"), description="Folder holding the model pack files.")
    model_pack: PackName = "sface"
    onnx_threads: int = Field(default=0, ge=0, le=64,
                              description="Inference threads; 0: one per vCPU the function really gets.")
    recognizer_precision: Literal["f32", "bf16"] = Field(
        default="bf16", description="SFace's arithmetic on OpenVINO: bf16 where the CPU has it (AVX512_BF16, AMX; "
        "f32 elsewhere), ~40 % less time per face at 1 thread, embeddings within cosine 0.9989 of f32's and the "
        "same open-set decisions (README, \"Where issue 12 stands\"); f32 = the same arithmetic on every CPU. The "
        "sface-int8 pack always runs its non-int8 parts in f32.")
    detection_size: int = Field(default=640, ge=160, le=1920, multiple_of=32,
                                description="Detector input side (images are letterboxed; the detectors' strides "
                                            "need a multiple of 32).")
    detection_score: float | None = Field(default=None, ge=0.05, le=0.99,
                                          description="Detector confidence floor; None = the pack's default.")
    model_cache_dir: Path | None = Field(
        default=None, description="OpenVINO compiled-model cache (cold start: ~0.15 s instead of ~0.6 s to build "
        "SFace). The container image fills it at build time and reads it at run time; None = compile every time.")

    # --- decisions ------------------------------------------------------------------------
    identify_threshold: float | None = Field(
        default=None, ge=-1.0, le=1.0,
        description="Pin a fixed 1:N cosine threshold; None = from target_fpir and the gallery size.")
    verify_threshold: float | None = Field(default=None, ge=-1.0, le=1.0,
                                           description="1:1 cosine threshold; None = pack default.")
    match_margin: float = Field(default=0.05, ge=0.0, le=1.0, description="Lead over the next person needed.")
    search_top_k: int = Field(default=5, ge=1, le=50)
    duplicate_check: bool = Field(default=True, description="Refuse enrolling a face of another employee.")
    target_fpir: float = Field(
        default=0.01, gt=0.0, lt=0.5,
        description="Open-set false-accept target: the share of strangers (never enrolled) that may be matched to "
                    "somebody. The identify threshold follows it and the number of people enrolled.")
    impostor_tail: tuple[float, float, float] | None = Field(
        default=None,
        description="Re-calibration: [anchor, anchor_rate, scale] of the impostor score tail measured on your own "
                    "photos (`facepass eval identify` prints it); None = the pack's shipped calibration.")
    duplicate_target_rate: float = Field(
        default=0.005, gt=0.0, lt=0.5,
        description="Share of genuine new people the duplicate-person check may flag at enrollment.")
    duplicate_margin: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="A duplicate must beat the employee's own enrolled photos by this much.")
    enroll_recommended_photos: int = Field(default=3, ge=1, le=20,
                                           description="Photos per person HR is asked for (enrollment completeness).")
    confirmation_expiry_hours: int = Field(default=72, ge=1,
                                           description="A suspected duplicate not confirmed by then is rejected.")

    # --- images and enrollment quality gates ---------------------------------------------
    max_image_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_image_pixels: int = Field(default=40_000_000, ge=10_000)
    enroll_min_face_px: int = Field(default=64, ge=16)
    enroll_min_detection_score: float | None = Field(default=None, ge=0.0, le=1.0,
                                                     description="None: the pack's detector default.")
    enroll_min_sharpness: float = Field(default=60.0, ge=0.0)
    enroll_max_yaw_degrees: float = Field(default=35.0, ge=0.0, le=90.0)
    enroll_max_pitch_degrees: float = Field(default=30.0, ge=0.0, le=90.0)
    enroll_min_brightness: float = Field(default=40.0, ge=0.0, le=255.0)
    enroll_max_brightness: float = Field(default=225.0, ge=0.0, le=255.0)
    enroll_second_face_area_ratio: float = Field(default=0.25, ge=0.0, le=1.0)
    # A check-in photo with a second face at least this share of the largest one's area goes to review
    # (multiple_faces): two people at the kiosk, and the one recorded, the larger, may not be the one who pressed.
    # 0: never.
    checkin_second_face_area_ratio: float = Field(default=0.25, ge=0.0, le=1.0)
    # Probe gates at identify time: below these the kiosk asks for another photo (decision "retry").
    probe_min_face_px: int = Field(default=40, ge=8)
    probe_min_detection_score: float | None = Field(default=None, ge=0.0, le=1.0,
                                                    description="None: the pack's detector floor.")
    probe_min_sharpness: float = Field(default=15.0, ge=0.0)
    probe_max_yaw_degrees: float = Field(default=55.0, ge=0.0, le=90.0)
    probe_max_pitch_degrees: float = Field(default=40.0, ge=0.0, le=90.0)
    probe_min_brightness: float = Field(default=30.0, ge=0.0, le=255.0)
    probe_max_brightness: float = Field(default=235.0, ge=0.0, le=255.0)

    # --- attendance and retention ---------------------------------------------------------
    checkin_repeat_window_seconds: int = Field(default=120, ge=0, le=3600,
                                               description="A second identical check within this is the first one "
                                                           "(at most an hour: the shortest longest shift).")
    report_timezone: str = Field(default="UTC", description="IANA zone that report dates are days in.")
    max_shift_hours: int = Field(default=16, ge=1, le=48,
                                 description="An exit closes an entry at most this long before it (a night shift "
                                             "ending the next morning counts for the day it began).")
    weekly_overtime_minutes: int = Field(default=0, ge=0, le=10080, description=(
        "Worked minutes in a week beyond which the timesheet counts overtime (2400: 40 hours, as the US FLSA's "
        "workweek); 0: no overtime counted."))
    week_start: WeekDay = Field(
        default="monday", description="The first day of an overtime week (each person's days, in their zone).")
    snapshot_max_side: int = Field(default=640, ge=64, le=4096, description="Snapshots are downscaled to this.")
    snapshot_retention_days: int = Field(default=7, ge=0, le=3650)
    stale_upload_hours: int = Field(default=24, ge=1)
    deactivated_grace_days: int = Field(default=30, ge=0)
    idempotency_ttl_hours: int = Field(default=96, ge=1, description="Idempotency-Key answers are kept this long: "
                                       "longer than offline_max_age_hours, so a resent offline capture is replayed "
                                       "or refused as too old, never recorded twice. Unset: offline_max_age_hours "
                                       "+ 24.")
    token_url: str = Field(default="/oauth2/token", description=(
        "OAuth2 client-credentials token endpoint that /openapi.json declares (in AWS: the stack's TokenUrl "
        "output; the default is a placeholder: locally use the bearer scheme with the static tokens)."))
    offline_max_age_hours: int = Field(default=72, ge=1, le=24 * 30,
                                       description="Oldest capture time a paired kiosk may send for a queued photo "
                                                   "(kiosks keep queued photos this long: GET /devices/me).")
    device_quiet_minutes: int = Field(default=30, ge=5, le=24 * 60 * 30, description=(
        "A paired kiosk not heard from this long is quiet: the quiet-devices check counts it (alarmed) and the "
        "console's Devices page marks it. A running kiosk asks every minute. Must be below the offline window."))
    kiosk_hours: str = Field(default="", max_length=100, description=(
        "When kiosks are expected to be on, in each kiosk's own zone: '' always, 'Mon-Fri 07:00-19:00', "
        "'07:00-19:00' (every day), '22:00-06:00' (past midnight). Outside them a silent kiosk is not quiet (no "
        "page for kiosks switched off at night or over the weekend); within them its silence counts from their "
        "start (facepass.kiosk_hours)."))
    privacy_contact: str | None = Field(default=None, max_length=200, description=(
        "Whom people ask about their data (a name, e-mail or phone of the data protection contact), shown in the "
        "kiosk's privacy notice; unset or empty: the notice says to ask HR."))

    # --- presence assurance: liveness, replay, challenge, review ---------------------------
    liveness_policy: Literal["off", "flag", "block"] = Field(
        default="flag", description="off: no liveness; flag: record and send to review; block: 422 + rejected row.")
    liveness_threshold: float = Field(
        default=0.25, ge=0.0, le=1.0,
        description="Fused MiniFASNet p_live under this is a presentation-attack risk. Calibrated on genuine "
                    "camera photos (fixtures deepface_*, LFW DevTrain): ~5% of them fall under it (README).")
    replay_similarity: float | None = Field(
        default=None, ge=0.5, le=1.0,
        description="A probe this similar to one enrolled face is a copy of enrollment material; None = model default.")
    review_margin: float = Field(default=0.08, ge=0.0, le=1.0,
                                 description="A match with a lead over the next person under this goes to review.")
    review_unknown: bool = Field(default=True, description="Unknown faces at a kiosk go to the review queue.")
    allow_self_review: bool = Field(
        default=False,
        description="Separation of duties off: a console user may decide, type or correct punches of their own "
                    "employee record (a company with one HR person); each such change is audited as a self-review. "
                    "false: 403 own_record.")
    review_max_days: int = Field(
        default=30, ge=0, le=3650,
        description="Days a pending review keeps its snapshot beyond snapshot retention (retention still wins).")
    challenge_policy: Literal["optional", "required"] = Field(
        default="optional", description="required: a check-in/out without a challenge burst is refused "
                                        "(422 challenge_required); an offline capture goes to review.")
    challenge_ttl_seconds: int = Field(default=60, ge=5, le=600, description="A challenge nonce lives this long.")
    challenge_frames: int = Field(default=3, ge=2, le=8, description="Frames a kiosk sends with a challenge.")
    challenge_min_yaw_degrees: float = Field(default=20.0, ge=3.0, le=60.0,
                                             description="How far the head must turn the asked way.")
    enrollment_liveness_policy: Literal["off", "flag", "block"] = Field(
        default="flag",
        description="Passive liveness on enrollment photos (cut: liveness_threshold). off: not run; flag: the face "
                    "is stored and marked liveness_flagged; block: the photo is refused (presentation_attack). "
                    "flag by default: scanned or printed ID photos that HR uploads score as prints.")
    biometric_consent: Literal["required", "off"] = Field(
        default="required",
        description="required: no enrollment photo is taken for a person without a recorded biometric consent (409 "
                    "consent_required; a ticket processed without it is rejected consent_required); off: not "
                    "checked (consent is still recorded and shown).")

    # --- local stack, CLI and demo ------------------------------------------------------------
    api_url: str = Field(default="http://127.0.0.1:8300",
                         description="API the CLI talks to (local or deployed); unset: the local stack's, on "
                                     "FACEPASS_LOCAL_API_PORT.")
    api_token: str | None = Field(default=None, description="Bearer token the CLI sends.")
    device_token: str | None = Field(default=None,
                                     description="A paired device's token (fpd_...) the CLI sends on kiosk routes.")
    local_api_tokens: dict[str, str] = Field(
        default={"local-admin-token": "facepass/admin"},
        description="Local stack only: bearer token -> OAuth scopes, put in the same claims as Cognito's (admin "
                    "routes; kiosk routes take a paired device's token).")
    local_api_port: int = Field(default=8300, ge=0, le=65535)
    local_s3_port: int = Field(default=8301, ge=0, le=65535)
    local_web_port: int = Field(default=8302, ge=0, le=65535,
                                description="Local stack only: the console, kiosk, config.json and OAuth2 sign-in.")
    local_users: dict[str, str | LocalUser] = Field(
        default={"hr@example.com": "facepass-local"},
        description="Local stack only: HR console users for the local OAuth2 sign-in: email -> password (an admin), "
                    'or email -> {"password": ..., "roles": ["reviewer"]} (admin, reviewer, payroll).')
    demo_photos: Path = Field(default=REPO_ROOT.parent / "shared" / "faces" / "fixtures",
                              description="Labeled photos (LABELS.csv: path,identity) the demo uses.")

    @model_validator(mode="after")
    def _check_brightness_range(self) -> Settings:
        if self.enroll_min_brightness >= self.enroll_max_brightness:
            raise ValueError("enroll_min_brightness must be below enroll_max_brightness")
        return self

    @model_validator(mode="after")
    def _check_probe_brightness_range(self) -> Settings:
        if self.probe_min_brightness >= self.probe_max_brightness:
            raise ValueError("probe_min_brightness must be below probe_max_brightness")
        return self

    @model_validator(mode="after")
    def _check_upload_sizes(self) -> Settings:
        if self.upload_min_bytes > self.max_image_bytes:
            raise ValueError("upload_min_bytes must not exceed max_image_bytes")
        return self

    @model_validator(mode="after")
    def _check_impostor_tail(self) -> Settings:
        if self.impostor_tail is not None:
            anchor, anchor_rate, scale = self.impostor_tail
            if not (-1.0 <= anchor <= 1.0 and 0.0 < anchor_rate < 1.0 and scale > 0.0):
                raise ValueError("impostor_tail must be [anchor in -1..1, anchor_rate in (0, 1), scale > 0], as "
                                 "`facepass eval identify` prints it")
        return self

    @model_validator(mode="before")
    @classmethod
    def _default_replay_window(cls, data):
        # Follows the offline window unless set: an operator who lets kiosks queue longer need not also know this.
        if not isinstance(data, dict) or data.get("idempotency_ttl_hours") is not None \
                or "offline_max_age_hours" not in data:
            return data  # set, or both defaults (96 over 72)
        try:  # read as the field itself reads it ("100", "100.0", "+100")
            offline = _AN_INT.validate_python(data["offline_max_age_hours"])
        except ValidationError:
            return data  # the field's own error says it
        return {**data, "idempotency_ttl_hours": offline + 24}

    @model_validator(mode="after")
    def _check_replay_window(self) -> Settings:
        if self.idempotency_ttl_hours <= self.offline_max_age_hours:
            raise ValueError("idempotency_ttl_hours must be above offline_max_age_hours: a kiosk may resend an "
                             "offline capture until it is that old")
        return self

    @model_validator(mode="after")
    def _check_quiet_devices_window(self) -> Settings:
        if self.device_quiet_minutes >= self.offline_max_age_hours * 60:
            raise ValueError("device_quiet_minutes must be below offline_max_age_hours: a kiosk quiet that long has "
                             "lost its queued checks, and the quiet-devices check no longer counts it")
        return self

    @field_validator("kiosk_hours")
    @classmethod
    def _check_kiosk_hours(cls, hours: str) -> str:
        from facepass.kiosk_hours import KioskHours

        KioskHours.parse(hours)  # its ValueError says what is wrong, at cold start
        return hours.strip()

    @field_validator("privacy_contact")
    @classmethod
    def _blank_privacy_contact_is_none(cls, contact: str | None) -> str | None:
        # The template's default is "" (CloudFormation has no null).
        return (contact or "").strip() or None

    @field_validator("database_ca_bundle")
    @classmethod
    def _check_database_ca_bundle(cls, path: Path | None) -> Path | None:
        # At cold start, not at the first connection: a missing bundle would otherwise look like a database outage.
        problem = database_ca_bundle_problem(path) if path is not None else None
        if problem:
            raise ValueError(f"{problem}: put Amazon's RDS CA bundle there (README, Deploy: database TLS) or unset "
                             "it to only encrypt (sslmode=require)")
        return path

    @model_validator(mode="after")
    def _default_api_url_to_the_local_port(self) -> Settings:
        # The local stack listens on FACEPASS_LOCAL_API_PORT: a CLI beside it finds it there (0: any free port,
        # which only the stack knows: the usual 8300 then).
        if "api_url" not in self.model_fields_set and self.local_api_port:
            object.__setattr__(self, "api_url", f"http://127.0.0.1:{self.local_api_port}")  # frozen model
        return self

    @model_validator(mode="after")
    def _check_timezone(self) -> Settings:
        if not is_iana_time_zone(self.report_timezone):
            raise ValueError(f"unknown report_timezone {self.report_timezone!r}")
        return self

    @property
    def inference_threads(self) -> int:
        """FACEPASS_ONNX_THREADS, else the CPUs this process may use; in Lambda, capped by the memory size:
        Lambda gives one vCPU's worth of time per 1,769 MB even when the function sees two cores, and
        two threads on one vCPU's time only contend."""
        if self.onnx_threads:
            return self.onnx_threads
        try:
            cpus = max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            cpus = max(1, os.cpu_count() or 1)
        memory_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
        if memory_mb.isdigit():
            cpus = min(cpus, max(1, round(int(memory_mb) / LAMBDA_MB_PER_VCPU)))
        return cpus


# FACEPASS_ variables that are not settings: read by the tests, benchmarks and the CLI's debugging, never by a function.
NOT_SETTINGS = frozenset({"FACEPASS_DEBUG", "FACEPASS_SHARED_DIR", "FACEPASS_PYTHON", "FACEPASS_PYTHON312",
                          "FACEPASS_UPDATE_SCREENSHOTS", "FACEPASS_CHROMIUM", "FACEPASS_FUZZ_LOG",
                          "FACEPASS_BENCH_ROUNDS"})


def env_names(field_name: str) -> tuple[str, ...]:
    """The environment variables a setting is read from."""
    alias = Settings.model_fields[field_name].validation_alias
    return tuple(alias.choices) if isinstance(alias, AliasChoices) else (f"FACEPASS_{field_name.upper()}",)


def setting_env_names() -> set[str]:
    return {name for field_name in Settings.model_fields for name in env_names(field_name)}


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """FACEPASS_ variables no setting reads, each with the closest setting's name: a misspelt one would otherwise be
    ignored silently (FACEPASS_LIVENES_POLICY=block leaves the policy at flag)."""
    known = sorted(setting_env_names())
    found = []
    for name in sorted(environ):
        upper = name.upper()  # pydantic-settings reads variables in any case
        if upper.startswith("FACEPASS_") and upper not in known and upper not in NOT_SETTINGS:
            close = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
            found.append(f"{name} (did you mean {close[0]}?)" if close else name)
    return found


def settings_error_message(error: ValidationError) -> str:
    """What is wrong, named by the environment variable, without the values (a DATABASE_URL holds a password)."""
    problems = []
    for problem in error.errors(include_input=False, include_url=False):
        field_name = str(problem["loc"][0]) if problem["loc"] else None
        if field_name in Settings.model_fields:
            where = env_names(field_name)[-1] if field_name != "database_url" else "DATABASE_URL"
        else:
            where = field_name or "settings"
        problems.append(f"{where}: {problem['msg']}")
    return "invalid settings: " + "; ".join(problems)


def load_settings() -> Settings:
    """Settings from the environment, validated; raises ConfigurationError naming the environment variable on an
    unknown FACEPASS_ variable or a bad value."""
    unknown = unknown_variables(os.environ)
    if unknown:
        raise ConfigurationError(f"unknown FACEPASS_ environment variable: {'; '.join(unknown)}. Every setting is "
                                 "in README, Configuration; a variable no setting reads would be ignored.",
                                 code="unknown_setting")
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError(settings_error_message(error), code="invalid_setting") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (load_settings once): Lambda entry points call it at cold start."""
    return load_settings()
