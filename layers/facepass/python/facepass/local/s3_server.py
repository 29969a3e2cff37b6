"""A local S3 (and SQS) endpoint: moto's server behind the checks real S3 makes on browser-style
POST uploads (signature, expiry, exact key, content type, content-length-range), which moto skips.
So an app developer sees locally the same refusals the real bucket gives."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.serving import make_server

IGNORED_FIELDS = {"policy", "x-amz-signature", "file"}


class PolicyViolation(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def check_post_policy(fields: dict[str, str], file_size: int, *, bucket: str, secrets: dict[str, str],
                      now: datetime | None = None) -> None:
    """Raise PolicyViolation unless the form is what its signed policy allows."""
    now = now or datetime.now(UTC)
    policy_b64 = fields.get("policy")
    if not policy_b64:
        raise PolicyViolation(403, "AccessDenied", "Bucket POST must contain a policy")
    credential = fields.get("x-amz-credential", "")
    parts = credential.split("/")
    if len(parts) != 5 or parts[0] not in secrets:
        raise PolicyViolation(403, "InvalidAccessKeyId", "The access key in the form is not known")
    expected = hmac.new(_signing_key(secrets[parts[0]], parts[1], parts[2], parts[3]), policy_b64.encode(),
                        hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), fields.get("x-amz-signature", "").encode()):
        raise PolicyViolation(403, "SignatureDoesNotMatch", "The policy signature does not match")
    try:
        policy = json.loads(base64.b64decode(policy_b64))
        expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PolicyViolation(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.") from None
    if expiration < now:
        raise PolicyViolation(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    values = {name.lower(): value for name, value in fields.items()}
    values["bucket"] = bucket
    covered = {"bucket"}
    for condition in policy.get("conditions", []):
        if isinstance(condition, dict):
            (name, wanted), = condition.items()
            condition = ["eq", f"${name}", wanted]
        operator = condition[0].lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if file_size > high:
                raise PolicyViolation(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            if file_size < low:
                raise PolicyViolation(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed")
            continue
        name = condition[1].lstrip("$").lower()
        covered.add(name)
        actual = values.get(name, "")
        if (operator == "eq" and actual != condition[2]) or (
                operator == "starts-with" and not actual.startswith(condition[2])):
            raise PolicyViolation(403, "AccessDenied",
                                  f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}")
    extra = {name for name in values if name not in covered and name not in IGNORED_FIELDS
             and not name.startswith("x-ignore-")}
    if extra:
        raise PolicyViolation(403, "AccessDenied",
                              f"Invalid according to Policy: Extra input fields: {', '.join(sorted(extra))}")


@dataclass
class PostForm:
    """A browser-style POST upload read as S3 reads it: each field once, one file, fields after the
    file ignored."""

    fields: dict[str, str]  # the field name as sent -> its value
    file_name: str
    file_data: bytes

    @property
    def lower_fields(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.fields.items()}


def _refused_argument(message: str, argument: str) -> PolicyViolation:
    violation = PolicyViolation(400, "InvalidArgument", message)
    violation.argument = argument
    return violation


def parse_form(body: bytes, content_type: str) -> PostForm:
    """The form, refused as S3 refuses it: a field repeated (in any letter case) would let the policy
    check read one value and the store another, so it is an error, as is anything but one file."""
    from python_multipart import parse_form as parse
    from python_multipart.exceptions import FormParserError

    fields: dict[str, str] = {}
    seen: set[str] = set()
    files: list[tuple[str, bytes]] = []

    def on_field(field) -> None:
        if files:  # S3 ignores every field after the file
            return
        name = field.field_name.decode("utf-8", errors="replace")
        if name.lower() in seen:
            raise _refused_argument(f"Bucket POST must not repeat the form field {name!r}", name)
        seen.add(name.lower())
        fields[name] = (field.value or b"").decode("utf-8", errors="replace")

    def on_file(file) -> None:
        file.file_object.seek(0)
        files.append(((file.file_name or b"").decode("utf-8", errors="replace"), file.file_object.read()))

    try:
        parse({"Content-Type": content_type, "Content-Length": str(len(body))}, io.BytesIO(body), on_field, on_file)
    except (FormParserError, ValueError, UnicodeDecodeError):
        raise PolicyViolation(400, "MalformedPOSTRequest",
                              "The body of your POST request is not well-formed multipart/form-data.") from None
    if len(files) != 1:
        raise _refused_argument("POST requires exactly one file upload per request.", "file")
    return PostForm(fields=fields, file_name=files[0][0], file_data=files[0][1])


def encode_form(form: PostForm) -> tuple[bytes, str]:
    """The checked form re-encoded (body, content type): what the store sees is what was checked."""
    boundary = f"facepass-{uuid.uuid4().hex}"
    parts = []
    for name, value in form.fields.items():
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    file_type = form.lower_fields.get("content-type") or "application/octet-stream"
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload"\r\n'
                 f"Content-Type: {file_type}\r\n\r\n".encode() + form.file_data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def s3_error_xml(violation: PolicyViolation) -> bytes:
    """S3's error document: Code, Message, (ArgumentName), RequestId, HostId."""
    argument = getattr(violation, "argument", None)
    extra = f"<ArgumentName>{escape(argument)}</ArgumentName>" if argument else ""
    request_id = uuid.uuid4().hex[:16].upper()
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{violation.code}</Code>'
            f"<Message>{escape(violation.message)}</Message>{extra}<RequestId>{request_id}</RequestId>"
            f"<HostId>{base64.b64encode(request_id.encode()).decode()}</HostId></Error>").encode()


def bucket_cors_headers(bucket: str, origin: str | None) -> list[tuple[str, str]]:
    """The CORS headers the bucket's own CORS rules give this origin, as moto adds them to its answers. Real S3 sends
    them with a refused POST too; without them a browser page cannot read why its upload was refused (too large, too
    small, expired) and only sees a network error."""
    if not origin:
        return []
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.s3.utils import cors_matches_origin

    try:
        rules = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].get_bucket(bucket).cors
    except Exception:  # no such bucket (moto's own refusal says so), or no CORS rules
        return []
    for rule in rules:
        if rule.allowed_origins and cors_matches_origin(origin, rule.allowed_origins):
            headers = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
            if rule.exposed_headers:
                exposed = rule.exposed_headers
                headers.append(("Access-Control-Expose-Headers",
                                exposed if isinstance(exposed, str) else ", ".join(exposed)))
            return headers
    return []


class PostPolicyMiddleware:
    def __init__(self, app, secrets: dict[str, str]) -> None:
        self.app = app
        self.secrets = secrets

    def __call__(self, environ: dict[str, Any], start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        if environ.get("REQUEST_METHOD") == "POST" and content_type.lower().startswith("multipart/form-data"):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            bucket = environ.get("PATH_INFO", "/").strip("/").split("/")[0]
            try:
                if length < 0:
                    raise PolicyViolation(400, "MalformedPOSTRequest",
                                          "The body of your POST request is not well-formed multipart/form-data.")
                form = parse_form(body, content_type)
                check_post_policy(form.lower_fields, len(form.file_data), bucket=bucket, secrets=self.secrets)
            except PolicyViolation as violation:
                xml = s3_error_xml(violation)
                cors = bucket_cors_headers(bucket, environ.get("HTTP_ORIGIN"))
                start_response(f"{violation.status} Refused", [("Content-Type", "application/xml"),
                                                               ("Content-Length", str(len(xml))), *cors])
                return [xml]
            body, environ["CONTENT_TYPE"] = encode_form(form)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)


class LocalS3Server:
    """moto (S3, SQS) on 127.0.0.1 in a background thread."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, secrets: dict[str, str] | None = None) -> None:
        from moto.server import DomainDispatcherApplication, create_backend_app

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        app = PostPolicyMiddleware(DomainDispatcherApplication(create_backend_app), secrets or {"local": "local"})
        self._server = make_server(host, port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-s3", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LocalS3Server:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
