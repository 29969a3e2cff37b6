"""A small client of the FacePass HTTP API: the CLI and the demo use it against the local stack or
a deployed stack (FACEPASS_API_URL, FACEPASS_API_TOKEN)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from facepass.forms import sniff_image_type
from facepass.schemas import ENROLLMENT_DECIDED_STATES


class ApiError(Exception):
    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(f"{status} {code}: {message}" if code else f"{status}: {message}")
        self.status, self.code, self.message = status, code, message

    @classmethod
    def from_body(cls, status: int, body: Any) -> ApiError:
        """The function's {"error": {"code", "message"}}, API Gateway's {"message"}, or any text."""
        if isinstance(body, dict):
            error = body.get("error")
            if isinstance(error, dict):
                message = str(error.get("message") or "")
                details = error.get("details")
                problems = details.get("errors") if isinstance(details, dict) else None
                if isinstance(problems, list) and problems:  # name the field: `date: month value is outside ...`
                    message += " " + "; ".join(
                        f"{'.'.join(str(part) for part in (p.get('location') or [])[1:]) or 'body'}: {p.get('message')}"
                        for p in problems if isinstance(p, dict))
                return cls(status, error.get("code"), message)
            if isinstance(body.get("message"), str):
                return cls(status, None, body["message"])
        text = " ".join(str(body).split())[:200]
        return cls(status, None, text or "(empty answer)")


@dataclass
class TimedResponse:
    status: int
    body: Any
    ms: float
    headers: Mapping[str, str] = field(default_factory=dict)  # requests': any letter case


class FacePassClient:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 60.0) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def request(self, method: str, path: str, *, expect: tuple[int, ...] = (200, 201, 202), **kwargs) -> TimedResponse:
        start = time.perf_counter()
        response = self.session.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        ms = (time.perf_counter() - start) * 1000
        is_json = response.headers.get("content-type", "").lower().startswith("application/json")
        try:
            body = response.json() if is_json and response.content else response.text
        except ValueError:  # says JSON, is not (a proxy's page): keep the text for the message
            body = response.text
        if response.status_code not in expect:
            raise ApiError.from_body(response.status_code, body)
        return TimedResponse(response.status_code, body, ms, response.headers)

    # --- employees and enrollment --------------------------------------------------------------

    def create_employee(self, full_name: str, email: str, department: str | None = None,
                        timezone: str | None = None, *, consent: bool = False,
                        consent_reference: str | None = None, employee_number: str | None = None) -> dict:
        """consent (or a consent_reference): the employee's biometric consent recorded at creation (they received
        the biometric notice and agreed in writing): without it no photo of theirs is enrolled. employee_number:
        their payroll number (none sent: none)."""
        body: dict[str, Any] = {"full_name": full_name, "email": email, "department": department}
        if timezone:  # none sent: the report zone
            body["timezone"] = timezone
        if employee_number:
            body["employee_number"] = employee_number
        if consent or consent_reference:
            body["biometric_consent"] = {"reference": consent_reference}
        return self.request("POST", "/employees", json=body).body

    def update_employee(self, employee_id: str, fields: dict[str, Any], *,
                        expected_updated_at: str | None = None) -> dict:
        """PATCH the fields given (left out: kept); with expected_updated_at, 409 employee_stale when the record
        changed since it was read, nothing written."""
        body = {**fields, **({"expected_updated_at": expected_updated_at} if expected_updated_at else {})}
        return self.request("PATCH", f"/employees/{employee_id}", json=body).body

    def record_consent(self, employee_id: str, reference: str | None = None) -> dict:
        """The employee's biometric consent (idempotent: a consent recorded before stands); the employee."""
        return self.request("POST", f"/employees/{employee_id}/biometric-consent", json={"reference": reference}).body

    def biometric_data(self, employee_id: str) -> dict:
        """What FacePass holds about the person's face (an access request)."""
        return self.request("GET", f"/employees/{employee_id}/biometric-data").body

    def withdraw_consent(self, employee_id: str) -> dict:
        """The employee withdraws their biometric consent and stays employed: their biometric data erased, the
        consent cleared, the person kept active; the counts of what was removed (idempotent)."""
        return self.request("DELETE", f"/employees/{employee_id}/biometric-consent").body

    def list_employees(self, **filters) -> list[dict]:
        items, cursor = [], None
        while True:
            params = {key: value for key, value in {**filters, "limit": 200, "cursor": cursor}.items() if value}
            page = self.request("GET", "/employees", params=params).body
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items

    def upload_photo(self, employee_id: str, photo: bytes) -> dict:
        """Ticket + presigned POST straight to S3, as the mobile app does. Returns the ticket."""
        import requests

        content_type = sniff_image_type(photo)
        if content_type == "application/octet-stream":
            content_type = "image/jpeg"  # let the pipeline say what it is
        ticket = self.request("POST", f"/employees/{employee_id}/photos", json={"content_type": content_type}).body
        upload = ticket["upload"]
        response = requests.post(upload["url"], data=upload["fields"],
                                 files={"file": ("photo", photo, content_type)}, timeout=self.timeout)
        if response.status_code not in (200, 201, 204):
            code = _s3_error_code(response.text)
            raise ApiError(response.status_code, "upload_refused", f"S3 refused the upload: {code}")
        return ticket

    def wait_for_enrollment(self, employee_id: str, ticket_id: str, *, timeout: float = 60.0) -> dict:
        """The ticket once decided (ENROLLMENT_DECIDED_STATES: a photo held for HR's confirmation too, which no
        polling changes), or as it is at the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.request("GET", f"/employees/{employee_id}/enrollments/{ticket_id}").body
            if status["status"] in ENROLLMENT_DECIDED_STATES or time.monotonic() > deadline:
                return status
            time.sleep(0.1)

    def enroll(self, employee_id: str, photo: bytes, *, timeout: float = 60.0) -> dict:
        ticket = self.upload_photo(employee_id, photo)
        return self.wait_for_enrollment(employee_id, ticket["ticket_id"], timeout=timeout)

    # --- recognition and attendance --------------------------------------------------------------

    def identify(self, photo: bytes, *, all_faces: bool = False) -> TimedResponse:
        return self.request("POST", "/identify", data=photo, params={"all_faces": "true"} if all_faces else None,
                            headers={"content-type": _photo_type(photo)}, expect=(200, 400, 413, 415, 422))

    def check(self, photo: bytes, *, event_type: str = "entry", idempotency_key: str | None = None) -> TimedResponse:
        """As a paired kiosk (the client's token is a device token): the row gets that device's id."""
        path = "/attendance/check-in" if event_type == "entry" else "/attendance/check-out"
        headers = {"content-type": _photo_type(photo)}
        if idempotency_key:
            headers["idempotency-key"] = idempotency_key
        return self.request("POST", path, data=photo, headers=headers, expect=(200, 201, 400, 413, 415, 422))

    # --- paired devices -------------------------------------------------------------------------

    def create_device(self, name: str, timezone: str = "UTC", site: str | None = None) -> dict:
        """As an admin: the device and its one-time pairing code."""
        return self.request("POST", "/devices", json={"name": name, "site": site, "timezone": timezone}).body

    def pair(self, pairing_code: str) -> dict:
        """As the kiosk: exchange the code for the device token, used from now on by this client."""
        paired = self.request("POST", "/devices/pair", json={"pairing_code": pairing_code}).body
        self.session.headers["Authorization"] = f"Bearer {paired['device_token']}"
        return paired

    def timesheet(self, date_from: str, date_to: str, *, as_csv: bool = False, page_size: int = 200,
                  dialect: str = "excel") -> dict | str:
        """A pay period (YYYY-MM-DD, at most 92 days), every page of employees: JSON (the items of all pages), or the
        CSV payroll sheet in `dialect` (one header; without the byte order mark a page may start with: the writer
        of the file adds one). A later page answered 409 `timesheet_changed` starts the sheet again from the first
        page, once; a second time it is the ApiError."""
        params = {"date_from": date_from, "date_to": date_to, "limit": page_size}
        if as_csv and dialect != "excel":  # the default form is asked as it always was
            params["dialect"] = dialect
        headers = {"accept": "text/csv"} if as_csv else {}
        sheet, parts, restarted = None, [], False
        while True:
            try:
                answer = self.request("GET", "/attendance/timesheet", params=params, headers=headers)
            except ApiError as error:
                # People renamed, added or (de)activated, or payroll closed or reopened, since the first page: the
                # pages read so far no longer go with the next. Start again from the first page, once.
                if error.code != "timesheet_changed" or restarted:
                    raise
                sheet, parts, restarted = None, [], True
                params.pop("cursor", None)
                continue
            if as_csv:
                body = answer.body.removeprefix("\ufeff")
                parts.append(body if not parts else body.split("\n", 1)[1])
                cursor = answer.headers.get("X-Next-Cursor")
            else:
                sheet = answer.body if sheet is None else {**sheet, "items": sheet["items"] + answer.body["items"]}
                cursor = answer.body.get("next_cursor")
            if not cursor:
                break
            params["cursor"] = cursor
        return "".join(parts) if as_csv else {**sheet, "next_cursor": None}

    def daily_report(self, day: str | None = None) -> dict:
        """day: YYYY-MM-DD; None: today in the server's report time zone."""
        return self.request("GET", "/attendance/daily", params={"date": day} if day else {}).body

    def erase(self, employee_id: str) -> dict:
        return self.request("DELETE", f"/employees/{employee_id}", params={"erase": "true"}).body


def _photo_type(photo: bytes) -> str:
    kind = sniff_image_type(photo)
    return kind if kind != "application/octet-stream" else "image/jpeg"


def _s3_error_code(text: str) -> str:
    """S3 answers <Error><Code>...</Code><Message>...</Message></Error>."""
    import re

    code = re.search(r"<Code>([^<]*)</Code>", text)
    message = re.search(r"<Message>([^<]*)</Message>", text)
    return " ".join(part.group(1) for part in (code, message) if part) or " ".join(text.split())[:200]
