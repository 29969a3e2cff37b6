"""Scopes: admin routes need `admin`, kiosk routes need `kiosk`, /health is open; 401 without a token."""

from __future__ import annotations

import base64
import uuid

import pytest

from facepass.authz import claims_from_authorizer, scopes_from_claims
from tests.conftest import fixture_bytes

KIOSK = {"sub": "kiosk-1", "scope": "facepass/kiosk"}
ADMIN = {"sub": "hr-1", "scope": "facepass/admin"}
PHOTO = base64.b64encode(fixture_bytes("identities/fr_obama/obama3.jpg")).decode()

ADMIN_ROUTES = [
    ("POST", "/employees", {"full_name": "A", "email": "a@example.com"}),
    ("GET", "/employees", None),
    ("GET", f"/employees/{uuid.uuid4()}", None),
    ("PATCH", f"/employees/{uuid.uuid4()}", {"department": "x"}),
    ("DELETE", f"/employees/{uuid.uuid4()}", None),
    ("POST", f"/employees/{uuid.uuid4()}/photos", {}),
    ("GET", "/attendance", None),
    ("GET", "/attendance/daily?date=2026-11-23", None),
    ("GET", "/attendance/review", None),
    ("POST", "/attendance/1/review", {"action": "reject"}),
    ("GET", "/attendance/1/audit", None),
    ("GET", "/payroll/lock", None),
    ("POST", "/payroll/lock", {"closed_through": "2026-11-30"}),
]
KIOSK_ROUTES = [
    ("POST", "/attendance/check-in", {"image": PHOTO}),
    ("POST", "/attendance/check-out", {"image": PHOTO}),
    ("POST", "/attendance/punch", {"image": PHOTO}),
    ("GET", "/attendance/challenge", None),
    ("POST", "/attendance/1/dispute", None),
]
# A kiosk gets the kiosk view of the decision; an admin (HR) the evidence.
RECOGNITION_ROUTES = [
    ("POST", "/identify", {"image": PHOTO}),
    ("POST", "/verify", {"employee_id": str(uuid.uuid4()), "image": PHOTO}),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES, ids=[f"{m} {p}" for m, p, _ in ADMIN_ROUTES])
def test_admin_routes_refuse_kiosks_and_anonymous_callers(api, method, path, body):
    as_kiosk = api.request(method, path, json_body=body, claims=KIOSK)
    assert as_kiosk.status == 403 and as_kiosk.error_code == "forbidden"
    anonymous = api.request(method, path, json_body=body, claims=None)
    assert anonymous.status == 401 and anonymous.error_code == "unauthenticated"
    assert api.request(method, path, json_body=body, claims=ADMIN).status not in (401, 403)


@pytest.mark.parametrize(("method", "path", "body"), KIOSK_ROUTES, ids=[f"{m} {p}" for m, p, _ in KIOSK_ROUTES])
def test_kiosk_routes_refuse_admins_without_kiosk_scope(api, method, path, body):
    as_admin = api.request(method, path, json_body=body, claims=ADMIN)
    assert as_admin.status == 403 and as_admin.error_code == "forbidden"
    assert api.request(method, path, json_body=body, claims=None).status == 401
    assert api.request(method, path, json_body=body, claims=KIOSK).status not in (401, 403)


@pytest.mark.parametrize(("method", "path", "body"), RECOGNITION_ROUTES,
                         ids=[f"{m} {p}" for m, p, _ in RECOGNITION_ROUTES])
def test_recognition_routes_take_kiosks_and_admins(api, method, path, body):
    assert api.request(method, path, json_body=body, claims=None).status == 401
    for claims in (KIOSK, ADMIN):
        assert api.request(method, path, json_body=body, claims=claims).status not in (401, 403)
    as_other = api.request(method, path, json_body=body, claims={"sub": "x", "scope": "openid"})
    assert as_other.status == 403 and as_other.error_code == "forbidden"


def test_erase_needs_admin(api):
    response = api.delete(f"/employees/{uuid.uuid4()}", query="erase=true", claims=KIOSK)
    assert response.status == 403


def test_health_and_docs_are_open(api):
    assert api.get("/health", claims=None).status == 200
    assert api.get("/openapi.json", claims=None).status == 200


def test_authorization_comes_before_body_validation(api):
    response = api.post("/employees", json_body={"nonsense": True}, claims=None)
    assert response.status == 401
    response = api.post("/employees", json_body={"nonsense": True}, claims=KIOSK)
    assert response.status == 403


def test_scopes_from_claims_shapes():
    assert scopes_from_claims({"scope": "facepass/admin facepass/kiosk"}) == {"admin", "kiosk"}
    assert scopes_from_claims({"scope": "openid profile"}) == set()
    # Another resource server's scopes of the same name (a shared user pool) grant nothing here.
    assert scopes_from_claims({"scope": "payroll-export/admin other/kiosk"}) == set()
    # A bare scope or a Cognito group of that name grants nothing: an issuer shared with other apps has theirs.
    assert scopes_from_claims({"scope": "admin kiosk"}) == set()
    assert scopes_from_claims({"cognito:groups": "[admin staff]"}) == set()
    assert scopes_from_claims({"cognito:groups": ["kiosk"], "scope": "openid"}) == set()
    assert scopes_from_claims(None) == set()
    # The device authorizer's context ({device_id, scope: "kiosk"}) is a kiosk, and only that.
    device = claims_from_authorizer({"lambda": {"device_id": "d-1", "scope": "kiosk"}})
    assert scopes_from_claims(device) == {"kiosk"} and device["sub"] == "device:d-1"


def test_a_token_with_a_bare_admin_scope_or_an_admin_group_is_refused(api):
    for claims in ({"sub": "other-app", "scope": "admin"}, {"sub": "other-app", "cognito:groups": ["admin"]},
                   {"sub": "other-app", "scope": "openid", "cognito:groups": "[admin]"}):
        response = api.get("/employees", claims=claims)
        assert response.status == 403 and response.error_code == "forbidden", (claims, response.text)
