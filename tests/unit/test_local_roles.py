"""The local sign-in grants a user's roles as the Cognito groups' trigger does in AWS: FACEPASS_LOCAL_USERS keeps
its first form (email -> password: an admin) and takes {password, roles}; of the scopes the console asks for, the
facepass/* ones the user's roles do not grant are left out of the access token."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from facepass.config import Settings
from facepass.local.oauth import LOCAL_CLIENT_ID, LocalOAuth
from facepass.web_publish import CONSOLE_SCOPES

WEB = "http://127.0.0.1:8851"


def _sign_in(oauth: LocalOAuth, username: str, password: str) -> dict:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": LOCAL_CLIENT_ID, "redirect_uri": f"{WEB}/console/",
              "scope": " ".join(CONSOLE_SCOPES), "code_challenge": challenge, "code_challenge_method": "S256",
              "username": username, "password": password}
    code = parse_qs(urlsplit(oauth.login(params)).query)["code"][0]
    tokens = oauth.token({"grant_type": "authorization_code", "client_id": LOCAL_CLIENT_ID, "code": code,
                          "redirect_uri": f"{WEB}/console/", "code_verifier": verifier})
    claims = oauth.access_claims(tokens["access_token"])
    assert claims is not None
    return claims


def test_users_get_their_roles_scopes_only(monkeypatch):
    monkeypatch.setenv("FACEPASS_LOCAL_USERS", json.dumps({
        "hr@example.com": "facepass-local",
        "supervisor@example.com": {"password": "s3cret", "roles": ["reviewer"]},
        "clerk@example.com": {"password": "p4y", "roles": ["payroll"]},
        "lead@example.com": {"password": "l3ad", "roles": ["reviewer", "payroll"]}}))
    users = Settings().local_users
    oauth = LocalOAuth(users, issuer=f"{WEB}/oauth2", allowed_origins=(WEB,))
    assert _sign_in(oauth, "hr@example.com", "facepass-local")["scope"].split() == list(CONSOLE_SCOPES)[:3]
    assert _sign_in(oauth, "supervisor@example.com", "s3cret")["scope"] == "openid email facepass/reviewer"
    assert _sign_in(oauth, "clerk@example.com", "p4y")["scope"] == "openid email facepass/payroll"
    assert _sign_in(oauth, "lead@example.com", "l3ad")["scope"] == "openid email facepass/reviewer facepass/payroll"


@pytest.mark.parametrize("value", ['{"a@example.com": {"password": "x", "roles": ["root"]}}',
                                   '{"a@example.com": {"password": "x", "roles": []}}',
                                   '{"a@example.com": {"roles": ["admin"]}}'])
def test_a_bad_user_entry_is_a_configuration_error(monkeypatch, value):
    from pydantic import ValidationError

    monkeypatch.setenv("FACEPASS_LOCAL_USERS", value)
    with pytest.raises(ValidationError):
        Settings()


@pytest.mark.parametrize("entry", [{"password": "x", "roles": []}, {"password": "x", "roles": None},
                                   {"password": "x", "roles": ["root"]}])
def test_the_local_sign_in_refuses_a_user_without_a_role(entry):
    """Given straight to the local sign-in (not through Settings), `roles: []` is refused at start, never an admin."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        LocalOAuth({"a@example.com": entry}, issuer=f"{WEB}/oauth2", allowed_origins=(WEB,))
    oauth = LocalOAuth({"a@example.com": {"password": "x"}}, issuer=f"{WEB}/oauth2", allowed_origins=(WEB,))
    assert _sign_in(oauth, "a@example.com", "x")["scope"].split() == list(CONSOLE_SCOPES)[:3]  # no roles key: admin


def test_the_access_token_carries_the_users_email_as_the_cognito_trigger_adds_it():
    """Separation of duties: the API finds the caller's own employee record by the access token's `email`."""
    from facepass.authz import emails_of

    oauth = LocalOAuth({"Shift.Lead@Example.com": {"password": "l3ad", "roles": ["reviewer"]}},
                       issuer=f"{WEB}/oauth2", allowed_origins=(WEB,))
    claims = _sign_in(oauth, "shift.lead@example.com", "l3ad")
    assert claims["email"] == "shift.lead@example.com" and emails_of(claims) == ("shift.lead@example.com",)
