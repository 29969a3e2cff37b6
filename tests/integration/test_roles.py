"""Least privilege: every route against every role (admin, reviewer, payroll, kiosk, none) through the real API
handler and database: let in (anything but 401 and 403 `forbidden`) or refused with 403 `forbidden` naming the
scopes that would do.
ROUTES below is the product's decision, written out; a route the API has and this table does not place fails
test_every_route_is_placed, so a new route gets decided here, not left to a default."""

from __future__ import annotations

import csv
import io
import re
import uuid
from zoneinfo import ZoneInfo

import pytest

from facepass.authz import ROUTE_ROLES
from tests.conftest import fixture_bytes

ROLES = {
    "admin": {"sub": "hr-1", "username": "hr-1", "scope": "openid email facepass/admin"},
    "reviewer": {"sub": "sup-1", "username": "supervisor", "scope": "openid email facepass/reviewer"},
    "payroll": {"sub": "pay-1", "username": "clerk", "scope": "openid email facepass/payroll"},
    "employee": {"sub": "emp-1", "username": "worker@example.com", "scope": "openid email facepass/employee"},
    "kiosk": {"sub": "kiosk-1", "scope": "facepass/kiosk"},
    "none": {"sub": "nobody", "username": "nobody", "scope": "openid email"},
}
CONSOLE = {"admin", "reviewer", "payroll"}
SELF = CONSOLE | {"employee"}  # every console user, for their own record only (the /me routes)
REVIEW = {"admin", "reviewer"}
PAYROLL = {"admin", "payroll"}
ADMIN = {"admin"}
KIOSK = {"kiosk"}
E = str(uuid.uuid4())  # no such employee: an allowed caller gets 404 or 422, never 401/403

# (method, OpenAPI path) -> (a concrete path with query, a body, the roles let in)
ROUTES: dict[tuple[str, str], tuple[str, dict | None, set[str]]] = {
    ("get", "/me"): ("/me", None, SELF),
    ("get", "/me/timesheet"): ("/me/timesheet?date_from=2026-11-01&date_to=2026-11-30", None, SELF),
    ("get", "/me/attendance"): ("/me/attendance?date_from=2026-11-01&date_to=2026-11-30", None, SELF),
    ("get", "/me/corrections"): ("/me/corrections", None, SELF),
    ("post", "/me/corrections"): ("/me/corrections", {"date": "2026-11-02", "note": "x"}, SELF),
    ("get", "/me/biometrics"): ("/me/biometrics", None, SELF),
    ("get", "/attendance/corrections"): ("/attendance/corrections", None, REVIEW),
    ("post", "/attendance/corrections/{correction_id}/resolve"): ("/attendance/corrections/1/resolve",
                                                                  {"note": "done"}, REVIEW),
    ("get", "/attendance"): ("/attendance", None, CONSOLE),
    ("get", "/attendance/calendar"): ("/attendance/calendar", None, SELF),
    ("get", "/attendance/daily"): ("/attendance/daily?date=2026-11-23", None, CONSOLE),
    ("get", "/attendance/timesheet"): ("/attendance/timesheet?date_from=2026-11-01&date_to=2026-11-30", None,
                                       CONSOLE),
    ("get", "/payroll/lock"): ("/payroll/lock", None, CONSOLE),
    ("get", "/employees"): ("/employees", None, CONSOLE),
    ("get", "/employees/departments"): ("/employees/departments", None, CONSOLE),
    ("get", "/reviewer-departments"): ("/reviewer-departments", None, ADMIN),
    ("put", "/reviewer-departments/{username}"): ("/reviewer-departments/someone", {"departments": []}, ADMIN),
    ("get", "/employees/{employee_id}"): (f"/employees/{E}", None, CONSOLE),
    ("get", "/attendance/review"): ("/attendance/review", None, REVIEW),
    ("post", "/attendance/{event_id}/review"): ("/attendance/1/review", {"action": "confirm"}, REVIEW),
    ("get", "/attendance/{event_id}/snapshot"): ("/attendance/1/snapshot", None, REVIEW),
    ("get", "/attendance/{event_id}/audit"): ("/attendance/1/audit", None, REVIEW),
    ("get", "/attendance/audit"): ("/attendance/audit?changed_from=2026-11-01&changed_to=2026-11-30", None, CONSOLE),
    ("post", "/attendance/manual"): ("/attendance/manual", {}, REVIEW),
    ("post", "/attendance/manual/shift"): ("/attendance/manual/shift", {}, REVIEW),
    ("get", "/attendance/absences"): ("/attendance/absences?date_from=2026-11-01&date_to=2026-11-30", None, CONSOLE),
    ("post", "/attendance/absences"): ("/attendance/absences", {}, REVIEW),
    ("post", "/attendance/absences/bulk"): ("/attendance/absences/bulk", {}, REVIEW),
    ("delete", "/attendance/absences/{absence_id}"): ("/attendance/absences/1", None, REVIEW),
    ("patch", "/attendance/absences/{absence_id}"): ("/attendance/absences/1", {}, REVIEW),
    ("delete", "/attendance/absences/batches/{batch_id}"): (
        "/attendance/absences/batches/00000000-0000-0000-0000-000000000000", None, REVIEW),
    ("post", "/payroll/lock"): ("/payroll/lock", {}, PAYROLL),
    ("get", "/payroll/closes/{history_id}/adjustments"): ("/payroll/closes/1/adjustments", None, PAYROLL),
    # admin only: people's data beyond names, faces and photos, consent, erasure, access requests, devices
    ("post", "/employees"): ("/employees", {}, ADMIN),
    ("put", "/employees/{employee_id}"): (f"/employees/{E}", {}, ADMIN),
    ("patch", "/employees/{employee_id}"): (f"/employees/{E}", {}, ADMIN),
    ("delete", "/employees/{employee_id}"): (f"/employees/{E}?erase=true", None, ADMIN),
    ("get", "/employees/{employee_id}/audit"): (f"/employees/{E}/audit", None, ADMIN),
    ("post", "/employees/{employee_id}/biometric-consent"): (f"/employees/{E}/biometric-consent", {}, ADMIN),
    ("delete", "/employees/{employee_id}/biometric-consent"): (f"/employees/{E}/biometric-consent", None, ADMIN),
    ("get", "/employees/{employee_id}/biometric-data"): (f"/employees/{E}/biometric-data", None, ADMIN),
    ("get", "/employees/{employee_id}/faces"): (f"/employees/{E}/faces", None, ADMIN),
    ("delete", "/employees/{employee_id}/faces/{face_id}"): (f"/employees/{E}/faces/{uuid.uuid4()}", None, ADMIN),
    ("post", "/employees/{employee_id}/photos"): (f"/employees/{E}/photos", {}, ADMIN),
    ("get", "/employees/{employee_id}/enrollments"): (f"/employees/{E}/enrollments", None, ADMIN),
    ("get", "/employees/{employee_id}/enrollments/{ticket_id}"): (f"/employees/{E}/enrollments/{uuid.uuid4()}",
                                                                  None, ADMIN),
    ("post", "/employees/{employee_id}/enrollments/{ticket_id}/confirm"): (
        f"/employees/{E}/enrollments/{uuid.uuid4()}/confirm", {}, ADMIN),
    ("post", "/employees/{employee_id}/enrollments/{ticket_id}/reject"): (
        f"/employees/{E}/enrollments/{uuid.uuid4()}/reject", {}, ADMIN),
    ("post", "/employees/enroll"): ("/employees/enroll", {}, ADMIN),
    ("get", "/schedules"): ("/schedules", None, CONSOLE),
    ("post", "/schedules"): ("/schedules", {}, ADMIN),
    ("put", "/schedules/{schedule_id}"): ("/schedules/1", {}, ADMIN),
    ("delete", "/schedules/{schedule_id}"): ("/schedules/999999", None, ADMIN),
    ("post", "/devices"): ("/devices", {}, ADMIN),
    ("get", "/devices"): ("/devices", None, ADMIN),
    ("post", "/devices/{device_id}/pairing-code"): ("/devices/no-such-device/pairing-code", {}, ADMIN),
    ("delete", "/devices/{device_id}"): ("/devices/no-such-device", None, ADMIN),
    ("patch", "/devices/{device_id}"): (f"/devices/{E}", {"door": "exit"}, ADMIN),
    ("post", "/devices/{device_id}/setup-code"): (f"/devices/{E}/setup-code", None, ADMIN),
    # paired kiosks (and, for recognition, HR with the evidence)
    ("post", "/attendance/check-in"): ("/attendance/check-in", {}, KIOSK),
    ("post", "/attendance/check-out"): ("/attendance/check-out", {}, KIOSK),
    ("post", "/attendance/punch"): ("/attendance/punch", {}, KIOSK),
    ("post", "/attendance/face-free"): ("/attendance/face-free", {}, KIOSK),
    ("post", "/attendance/{event_id}/dispute"): ("/attendance/1/dispute", {}, KIOSK),
    ("get", "/attendance/challenge"): ("/attendance/challenge", None, KIOSK),
    ("get", "/devices/me"): ("/devices/me", None, KIOSK),
    ("post", "/devices/me/setup"): ("/devices/me/setup", {"code": "ACDE-FGHJ"}, KIOSK),
    ("post", "/identify"): ("/identify", {}, KIOSK | ADMIN),
    ("post", "/verify"): ("/verify", {}, KIOSK | ADMIN),
}
OPEN = {("get", "/health"), ("post", "/devices/pair")}
CASES = [(key, role) for key in ROUTES for role in ROLES]


def test_every_route_is_placed():
    import api_handler

    protected = set(api_handler.app.route_scopes())
    assert protected == set(ROUTES), ("place these routes in ROUTES", protected ^ set(ROUTES))
    everything = {(str(route.method).lower(), route.openapi_path) for route in
                  api_handler.app._dynamic_routes + api_handler.app._static_routes if route.include_in_schema}
    assert everything - protected == OPEN
    # The table names only routes that exist (a renamed route would otherwise silently fall back to admin-only).
    assert {tuple(key.lower().split(" ", 1)) for key in ROUTE_ROLES} <= set(ROUTES)


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{m.upper()} {p} as {r}" for (m, p), r in CASES])
def test_role_matrix(api, route, role):
    path, body, allowed = ROUTES[route]
    path, _, query = path.partition("?")
    response = api.request(route[0].upper(), path, json_body=body, query=query, claims=ROLES[role])
    if role in allowed:
        # (a kiosk's JWT on GET /devices/me: 403 device_required - past the scope check, it is no paired device)
        assert response.status != 401 and response.error_code != "forbidden", (role, response.status, response.text)
    else:
        assert response.status == 403 and response.error_code == "forbidden", (role, response.status, response.text)
        needed = response.json()["error"]["details"]["scopes"]
        assert set(needed) == {f"facepass/{name}" for name in allowed}
        assert all(name in response.json()["error"]["message"] for name in needed)
    assert api.request(route[0].upper(), path, json_body=body, query=query, claims=None).status == 401


def test_me_says_who_and_which_console_roles(api):
    me = api.get("/me", claims=ROLES["reviewer"])
    # (no employee record is theirs: separation of duties, tests/integration/test_separation_of_duties.py)
    assert me.status == 200 and me.json() == {"actor": "supervisor", "scopes": ["facepass/reviewer"],
                                              "employee_id": None, "allow_self_review": False,
                                              "biometric_consent": "required", "departments": None}
    both = {"sub": "x", "username": "lead", "scope": "facepass/payroll facepass/reviewer facepass/kiosk openid"}
    assert api.get("/me", claims=both).json() == {"actor": "lead",
                                                  "scopes": ["facepass/reviewer", "facepass/payroll"],
                                                  "employee_id": None, "allow_self_review": False,
                                                  "biometric_consent": "required", "departments": None}
    assert api.get("/me", claims=ROLES["admin"]).json()["scopes"] == ["facepass/admin"]
    refused = api.get("/me", claims=ROLES["none"])
    assert refused.status == 403 and refused.error_code == "forbidden"


def test_payroll_reads_attendance_without_photo_links(api):
    """A payroll clerk's attendance listing carries no link to a photo, and the snapshot route refuses them."""
    employee = api.post("/employees", json_body={"full_name": "Pay Roll", "email": "pay@example.com"},
                        claims=ROLES["admin"]).json()
    added = api.post("/attendance/manual", json_body={
        "employee_id": employee["id"], "event_type": "entry", "occurred_at": "2026-11-23T08:00:00Z",
        "note": "forgot"}, claims=ROLES["reviewer"])
    assert added.status == 201, added.text
    added = added.json()
    listing = api.get("/attendance", query="date_from=2026-11-23&date_to=2026-11-23", claims=ROLES["payroll"])
    assert listing.status == 200 and [item["id"] for item in listing.json()["items"]] == [added["id"]]
    assert all("snapshot_url" not in item for item in listing.json()["items"])
    assert api.get(f"/attendance/{added['id']}/snapshot", claims=ROLES["payroll"]).status == 403


def test_payroll_reads_no_face_evidence_reviewer_and_admin_do(api, services):
    """A recognised punch flagged for review, with its scores (a real check-in, every margin taken as low):
    payroll's listing, JSON and CSV, carries nothing the face decided or was decided on; reviewer and admin keep it."""
    from facepass import attendance
    from facepass.schemas import FACE_EVIDENCE_FIELDS, AttendanceEvent, PayrollAttendanceEvent
    from tests.integration.test_retention import person

    # Every AttendanceEvent field is either payroll's or evidence: a new field gets decided here.
    assert set(AttendanceEvent.model_fields) - set(PayrollAttendanceEvent.model_fields) == set(FACE_EVIDENCE_FIELDS)
    rose = person(services, "Rose Leslie", "identities/fr_rose_leslie/train_img2.jpg")
    person(services, "Barack Obama", "identities/fr_obama/train_obama.jpg")  # a runner-up: the margin is measured
    strict = services.settings.model_copy(update={"review_margin": 1.0})  # any margin is low: to review
    result, _ = attendance.record_check(services.db, services.s3, services.engine, strict, event_type="entry",
                                        data=fixture_bytes("identities/fr_rose_leslie/train_img1.jpg"),
                                        device_id="door")
    event = result.event
    assert event.status == "recognized" and event.review_state == "pending" and "low_margin" in event.review_reasons
    assert event.similarity and event.liveness_score is not None and event.snapshot_key
    day = event.occurred_at.astimezone(ZoneInfo(services.settings.report_timezone)).date().isoformat()
    query = f"date_from={day}&date_to={day}"
    for role in ("admin", "reviewer"):
        item = api.get("/attendance", query=query, claims=ROLES[role]).json()["items"][0]
        assert item["similarity"] == event.similarity and item["matched_employee"]["id"] == str(rose)
        assert item["liveness_score"] is not None and item["review_reasons"] and item["snapshot_key"]
        assert item["status"] == "recognized"
        csv_text = api.get("/attendance", query=query, headers={"Accept": "text/csv"}, claims=ROLES[role]).text
        assert "similarity,device_id" in csv_text.splitlines()[0] and str(rose) in csv_text
    # Payroll reads the punches the reports count: this one awaits review, named after whom the face matched.
    waiting = api.get("/attendance", query=query, claims=ROLES["payroll"])
    assert waiting.status == 200 and waiting.json()["items"] == [], waiting.text
    assert "Rose" not in api.get("/attendance", query=query, headers={"Accept": "text/csv"},
                                 claims=ROLES["payroll"]).text
    assert api.post(f"/attendance/{event.id}/review", json_body={"action": "confirm"},
                    claims=ROLES["reviewer"]).status == 200
    listing = api.get("/attendance", query=query, claims=ROLES["payroll"])
    assert listing.status == 200, listing.text
    item = listing.json()["items"][0]
    # Whose punch, with the keys a payroll file matches people by (payroll number, email): nothing the face decided.
    assert item["id"] == event.id and set(item["employee"]) == {"id", "full_name", "employee_number", "email"}
    assert (item["employee"]["id"], item["employee"]["full_name"]) == (str(rose), "Rose Leslie")
    assert item["review_state"] == "confirmed" and not set(FACE_EVIDENCE_FIELDS) & set(item), item
    assert f"{event.similarity}" not in listing.text and "liveness" not in listing.text
    csv_answer = api.get("/attendance", query=query, headers={"Accept": "text/csv"}, claims=ROLES["payroll"])
    assert csv_answer.status == 200, csv_answer.text
    rows = list(csv.reader(io.StringIO(csv_answer.text)))
    assert rows[0] == ["id", "occurred_at", "event_type", "employee_id", "full_name", "device_id", "trace_id",
                       "review_state", "offline", "received_at", "reviewed_at", "reviewed_by", "entered_by",
                       "repeat_of", "direction_source", "employee_number", "email", "note"]
    assert rows[1][0] == str(event.id) and rows[1][3] == str(rose) and rows[1][7] == "confirmed"
    assert "liveness" not in csv_answer.text and "recognized" not in csv_answer.text
    # Filtering by the face decision would tell it: refused, naming who may.
    for asked in ("&status=recognized", "&counted=false"):  # so would the punches that do not count
        refused = api.get("/attendance", query=query + asked, claims=ROLES["payroll"])
        assert refused.status == 403 and refused.error_code == "forbidden"
        assert set(refused.json()["error"]["details"]["scopes"]) == {"facepass/admin", "facepass/reviewer"}
    both = {**ROLES["payroll"], "scope": "facepass/payroll facepass/reviewer"}  # roles add up
    assert api.get("/attendance", query=query, claims=both).json()["items"][0]["similarity"] == event.similarity
    # The reports carry no face-derived field for anyone (names, counts, times).
    daily = api.get("/attendance/daily", query=f"date={day}", claims=ROLES["payroll"])
    sheet = api.get("/attendance/timesheet", query=query, claims=ROLES["payroll"])
    lock = api.get("/payroll/lock", claims=ROLES["payroll"])
    for answer in (daily, sheet, lock):
        assert answer.status == 200 and not {"similarity", "liveness", "snapshot", "matched", "recognized"} & set(
            re.findall(r"[a-z]+", answer.text)), answer.text


def test_payroll_reads_why_hours_were_typed_moved_or_rejected_without_face_evidence(api, services):
    """Payroll cannot open the audit trail: its listing (JSON and CSV) carries each punch's latest human decision's
    note (a punch typed in, one reassigned, one replaced, one rejected then confirmed again), and still nothing the
    face decided (the audit's before/after, which hold the scores, stay out)."""
    from datetime import UTC, datetime

    from facepass.schemas import FACE_EVIDENCE_FIELDS
    from tests.conftest import kiosk_punch

    def hire(name: str) -> uuid.UUID:
        made = api.post("/employees", json_body={"full_name": name, "email": f"{uuid.uuid4().hex[:8]}@example.com"},
                        claims=ROLES["admin"])
        assert made.status == 201, made.text
        return uuid.UUID(made.json()["id"])

    def decide(event_id: int, **body) -> None:
        answer = api.post(f"/attendance/{event_id}/review", json_body=body, claims=ROLES["reviewer"])
        assert answer.status == 200, answer.text

    ann, bea, cal, dan = hire("Ann Typed"), hire("Bea Moved"), hire("Cal Rejected"), hire("Dan Replaced")
    day = datetime(2026, 11, 24, tzinfo=UTC)
    typed = api.post("/attendance/manual", json_body={"employee_id": str(ann), "event_type": "entry",
                                                      "occurred_at": "2026-11-24T08:00:00Z",
                                                      "note": "badge left at home"}, claims=ROLES["reviewer"])
    assert typed.status == 201, typed.text
    moved = kiosk_punch(services, ann, day.replace(hour=9), "entry", state="pending")  # the face said Ann
    decide(moved["id"], action="reassign", employee_id=str(bea), note="it was Bea at the door")
    turned = kiosk_punch(services, cal, day.replace(hour=10), "entry")
    decide(turned["id"], action="reject", note="a visitor pressed")
    decide(turned["id"], action="confirm", note="Cal indeed: the camera log shows him")
    silent = kiosk_punch(services, cal, day.replace(hour=18), "exit", state="pending")
    decide(silent["id"], action="reject", note="not Cal")
    decide(silent["id"], action="confirm")  # the latest decision says nothing: no note (not the reject's)
    replaced = kiosk_punch(services, dan, day.replace(hour=7), "entry")
    replacement = api.post("/attendance/manual", json_body={
        "employee_id": str(dan), "event_type": "entry", "occurred_at": "2026-11-24T07:30:00Z",
        "replaces": replaced["id"], "note": "kiosk clock was wrong"}, claims=ROLES["reviewer"])
    assert replacement.status == 201, replacement.text
    plain = kiosk_punch(services, dan, day.replace(hour=15), "exit")  # nobody decided it

    query = "date_from=2026-11-24&date_to=2026-11-24"
    listing = api.get("/attendance", query=query, claims=ROLES["payroll"])
    assert listing.status == 200, listing.text
    notes = {item["id"]: item["note"] for item in listing.json()["items"]}
    assert notes == {typed.json()["id"]: "badge left at home", moved["id"]: "it was Bea at the door",
                     turned["id"]: "Cal indeed: the camera log shows him", silent["id"]: None,
                     replacement.json()["id"]: "kiosk clock was wrong", plain["id"]: None}  # the replaced one: gone
    for item in listing.json()["items"]:
        assert not set(FACE_EVIDENCE_FIELDS) & set(item), item
    assert not {"similarity", "liveness", "matched", "recognized", "before", "after"} & set(
        re.findall(r"[a-z]+", listing.text)), listing.text
    csv_answer = api.get("/attendance", query=query, headers={"Accept": "text/csv"}, claims=ROLES["payroll"])
    assert csv_answer.status == 200, csv_answer.text
    rows = list(csv.DictReader(io.StringIO(csv_answer.text)))
    assert {int(row["id"]): row["note"] for row in rows} == {key: value or "" for key, value in notes.items()}
    assert "similarity" not in csv_answer.text and "0.8" not in csv_answer.text
    # The rejected punch a replacement took the place of is not payroll's to read (nor its note).
    assert "replaced by a manual punch" not in listing.text + csv_answer.text


def test_reviewer_and_payroll_read_people_without_their_personal_data(api, services):
    """GET /employees and /employees/{id} as reviewer or payroll: the reduced view (no email, consent, enrollment,
    erasure time), q= by names only; an admin's view is whole."""
    created = api.post("/employees", json_body={
        "full_name": "Ada Quill", "email": "ada.private@example.com", "department": "Ops", "employee_number": "P-17",
        "timezone": "America/New_York", "biometric_consent": {"reference": "form 7"}}, claims=ROLES["admin"])
    assert created.status == 201, created.text
    ada = created.json()["id"]
    withdrawn = api.delete(f"/employees/{ada}/biometric-consent", claims=ROLES["admin"])
    assert withdrawn.status == 200, withdrawn.text
    leaver = api.post("/employees", json_body={"full_name": "Lee Ver", "email": "lee@example.com"},
                      claims=ROLES["admin"]).json()["id"]
    assert api.delete(f"/employees/{leaver}", query="erase=true", claims=ROLES["admin"]).status == 200
    reduced = {"id", "full_name", "department", "employee_number", "is_active", "deactivated_at", "timezone",
               "face_id_withdrawn", "erased"}
    for role in ("reviewer", "payroll"):
        page = api.get("/employees", claims=ROLES[role])
        assert page.status == 200, page.text
        items = {item["id"]: item for item in page.json()["items"]}
        assert all(set(item) == reduced for item in items.values()), items
        assert items[ada] == {"id": ada, "full_name": "Ada Quill", "department": "Ops", "employee_number": "P-17",
                              "is_active": True,
                              "deactivated_at": None, "timezone": "America/New_York", "face_id_withdrawn": True,
                              "erased": False}
        assert items[leaver]["erased"] is True and items[leaver]["is_active"] is False
        assert items[leaver]["deactivated_at"] and not items[leaver]["face_id_withdrawn"]
        assert "example.com" not in page.text and "form 7" not in page.text
        one = api.get(f"/employees/{ada}", claims=ROLES[role])
        assert one.status == 200 and set(one.json()) == reduced | {"time_zones"}, one.text
        assert one.json()["time_zones"] == [{"valid_from": None, "zone": "America/New_York"}]
        assert "example.com" not in one.text and "hr-1" not in one.text
        assert api.get("/employees", query="q=ada.private", claims=ROLES[role]).json()["items"] == []
        assert api.get("/employees", query="q=example", claims=ROLES[role]).json()["items"] == []
        for found in ("quill", "p-17"):  # by name or payroll number, never by email
            assert [item["id"] for item in api.get("/employees", query=f"q={found}",
                                                   claims=ROLES[role]).json()["items"]] == [ada]
    full = api.get(f"/employees/{ada}", claims=ROLES["admin"]).json()
    assert full["email"] == "ada.private@example.com" and full["consent_withdrawn_at"] and "biometric_consent" in full
    assert "face_id_withdrawn" not in full and "erased" not in full  # the admin view is unchanged
    listed = api.get("/employees", query="q=ada.private", claims=ROLES["admin"]).json()["items"]
    assert [item["id"] for item in listed] == [ada] and "enrollment" in listed[0]


def test_payrolls_note_is_hrs_words_on_lines_no_cell_of_which_starts_a_formula(api, services):
    """A note typed on several lines reaches payroll's CSV whole, and no line of it starts a formula in a file opened
    with the other dialect's separator (which ends the record at the line break); a forced decision's note is HR's
    words only, without the server's account of what it undid (which names whom the face had matched)."""
    from datetime import UTC, datetime

    from tests.conftest import kiosk_punch

    made = api.post("/employees", json_body={"full_name": "Noa Lines", "email": "noa.lines@example.com"},
                    claims=ROLES["admin"])
    noa = uuid.UUID(made.json()["id"])
    day = datetime(2026, 11, 25, tzinfo=UTC)
    entry = kiosk_punch(services, noa, day.replace(hour=9), "entry")
    kiosk_punch(services, noa, day.replace(hour=17), "exit")
    note = "Checked with her manager:\r\n- came late\n=HYPERLINK(\"http://x\")\n@SUM(1)\n+1"
    refused = api.post(f"/attendance/{entry['id']}/review", json_body={"action": "reject", "note": note},
                       claims=ROLES["reviewer"])
    assert (refused.status, refused.error_code) == (409, "punch_conflict"), refused.text
    forced = api.post(f"/attendance/{entry['id']}/review", json_body={"action": "confirm", "event_type": "exit",
                                                                      "note": note, "force": True},
                      claims=ROLES["reviewer"])
    assert forced.status == 200, forced.text
    trail = api.get(f"/attendance/{entry['id']}/audit", claims=ROLES["reviewer"]).json()["items"]
    assert "[forced: " in trail[-1]["note"]  # HR's audit keeps the server's account
    query = "date_from=2026-11-25&date_to=2026-11-25"
    [item] = [i for i in api.get("/attendance", query=query, claims=ROLES["payroll"]).json()["items"]
              if i["id"] == entry["id"]]
    assert item["note"] == note.replace("\r\n", "\n")  # HR's words, whole, and nothing after them
    for dialect, other in (("excel", ";"), ("excel-semicolon", ",")):
        text = api.get("/attendance", query=f"{query}&dialect={dialect}", headers={"Accept": "text/csv"},
                       claims=ROLES["payroll"]).content.decode("utf-8-sig")
        [row] = [r for r in csv.DictReader(io.StringIO(text), dialect=dialect) if r["id"] == str(entry["id"])]
        assert row["note"].splitlines()[1:] == ["'- came late", "'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'+1"]
        cells = [cell for line in csv.reader(io.StringIO(text), delimiter=other) for cell in line]
        assert not [cell for cell in cells if cell.lstrip(' "')[:1] in ("=", "+", "-", "@")], (dialect, cells)
