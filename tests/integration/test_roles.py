"""Least privilege: every route against every role (admin, reviewer, payroll, kiosk, none) through the real API
handler and database: let in (anything but 401 and 403 `forbidden`) or refused with 403 `forbidden` naming the
scopes that would do.
ROUTES below is the product's decision, written out; a route the API has and this table does not place fails
test_every_route_is_placed, so a new route gets decided here, not left to a default."""

from __future__ import annotations

import uuid

import pytest

from facepass.authz import ROUTE_ROLES

ROLES = {
    "admin": {"sub": "hr-1", "username": "hr-1", "scope": "openid email facepass/admin"},
    "reviewer": {"sub": "sup-1", "username": "supervisor", "scope": "openid email facepass/reviewer"},
    "payroll": {"sub": "pay-1", "username": "clerk", "scope": "openid email facepass/payroll"},
    "kiosk": {"sub": "kiosk-1", "scope": "facepass/kiosk"},
    "none": {"sub": "nobody", "username": "nobody", "scope": "openid email"},
}
CONSOLE = {"admin", "reviewer", "payroll"}
REVIEW = {"admin", "reviewer"}
PAYROLL = {"admin", "payroll"}
ADMIN = {"admin"}
KIOSK = {"kiosk"}
E = str(uuid.uuid4())  # no such employee: an allowed caller gets 404 or 422, never 401/403

# (method, OpenAPI path) -> (a concrete path with query, a body, the roles let in)
ROUTES: dict[tuple[str, str], tuple[str, dict | None, set[str]]] = {
    ("get", "/me"): ("/me", None, CONSOLE),
    ("get", "/attendance"): ("/attendance", None, CONSOLE),
    ("get", "/attendance/calendar"): ("/attendance/calendar", None, CONSOLE),
    ("get", "/attendance/daily"): ("/attendance/daily?date=2026-11-23", None, CONSOLE),
    ("get", "/attendance/timesheet"): ("/attendance/timesheet?date_from=2026-11-01&date_to=2026-11-30", None,
                                       CONSOLE),
    ("get", "/payroll/lock"): ("/payroll/lock", None, CONSOLE),
    ("get", "/employees"): ("/employees", None, CONSOLE),
    ("get", "/employees/departments"): ("/employees/departments", None, CONSOLE),
    ("get", "/employees/{employee_id}"): (f"/employees/{E}", None, CONSOLE),
    ("get", "/attendance/review"): ("/attendance/review", None, REVIEW),
    ("post", "/attendance/{event_id}/review"): ("/attendance/1/review", {"action": "confirm"}, REVIEW),
    ("get", "/attendance/{event_id}/snapshot"): ("/attendance/1/snapshot", None, REVIEW),
    ("get", "/attendance/{event_id}/audit"): ("/attendance/1/audit", None, REVIEW),
    ("post", "/attendance/manual"): ("/attendance/manual", {}, REVIEW),
    ("post", "/attendance/manual/shift"): ("/attendance/manual/shift", {}, REVIEW),
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
    ("post", "/devices"): ("/devices", {}, ADMIN),
    ("get", "/devices"): ("/devices", None, ADMIN),
    ("post", "/devices/{device_id}/pairing-code"): ("/devices/no-such-device/pairing-code", {}, ADMIN),
    ("delete", "/devices/{device_id}"): ("/devices/no-such-device", None, ADMIN),
    # paired kiosks (and, for recognition, HR with the evidence)
    ("post", "/attendance/check-in"): ("/attendance/check-in", {}, KIOSK),
    ("post", "/attendance/check-out"): ("/attendance/check-out", {}, KIOSK),
    ("post", "/attendance/punch"): ("/attendance/punch", {}, KIOSK),
    ("get", "/attendance/challenge"): ("/attendance/challenge", None, KIOSK),
    ("get", "/devices/me"): ("/devices/me", None, KIOSK),
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
    assert me.status == 200 and me.json() == {"actor": "supervisor", "scopes": ["facepass/reviewer"]}
    both = {"sub": "x", "username": "lead", "scope": "facepass/payroll facepass/reviewer facepass/kiosk openid"}
    assert api.get("/me", claims=both).json() == {"actor": "lead",
                                                  "scopes": ["facepass/reviewer", "facepass/payroll"]}
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
