"""The local stack's stand-in for the Cognito hosted UI: OAuth2 authorization code + PKCE (S256) for
local users (FACEPASS_LOCAL_USERS), so the HR console runs one sign-in code path locally and in AWS.
Tokens are HS256 JWTs with Cognito-shaped claims, signed with a key that lives as long as the stack."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from facepass.authz import OAUTH_SCOPE_PREFIX
from facepass.config import LocalUser
from facepass.web_headers import origin
from facepass.web_publish import CONSOLE_SCOPES

LOCAL_CLIENT_ID = "facepass-console-local"
CODE_TTL_SECONDS = 300
TOKEN_TTL_SECONDS = 3600
REFRESH_TTL_SECONDS = 12 * 3600  # the console client's RefreshTokenValidity in template.yaml


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def s256(verifier: str) -> str:
    return _b64url(hashlib.sha256(verifier.encode()).digest())


def password_and_roles(entry) -> tuple[str, tuple[str, ...]]:
    """A FACEPASS_LOCAL_USERS value: a password (an admin), or {password, roles} (a LocalUser, or its dict). A dict is
    checked as Settings checks the variable (config.LocalUser): `roles: []`, or a role FacePass does not have, is an
    error at start, never an admin (only a bare password, or a dict without `roles`, is one)."""
    if isinstance(entry, str):
        return entry, ("admin",)
    if isinstance(entry, dict):
        entry = LocalUser.model_validate(entry)
    if not entry.roles:  # a LocalUser built without validation
        raise ValueError("A local user needs at least one role (admin, reviewer, payroll, employee).")
    return entry.password, tuple(entry.roles)


class OAuthError(Exception):
    """An OAuth2 error response (RFC 6749 5.2): {"error": code, "error_description": ...}."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


@dataclass
class _Grant:
    username: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    nonce: str | None
    expires: float


class LocalOAuth:
    def __init__(self, users: dict, *, issuer: str, client_id: str = LOCAL_CLIENT_ID,
                 allowed_origins: tuple[str, ...] = ()) -> None:
        # email -> (password, roles): a bare password is an admin (FACEPASS_LOCAL_USERS' first form)
        self.users = {name.strip().lower(): password_and_roles(entry) for name, entry in users.items()}
        self.issuer = issuer
        self.client_id = client_id
        self.allowed_origins = allowed_origins
        self._key = secrets.token_bytes(32)
        self._codes: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}  # refresh token -> the sign-in it continues (12 hours)
        self._lock = threading.Lock()

    # --- authorize ---------------------------------------------------------------------------

    def redirect_allowed(self, uri: str) -> bool:
        return origin(uri) in self.allowed_origins and not urlsplit(uri).fragment

    def check_authorize_request(self, params: dict[str, str]) -> None:
        """Errors the user must see on the page (never redirected to an unchecked URI)."""
        if params.get("client_id") != self.client_id:
            raise OAuthError("invalid_client", "Unknown client_id.")
        if not self.redirect_allowed(params.get("redirect_uri", "")):
            raise OAuthError("invalid_request", "redirect_uri is not registered for this client.")
        if params.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "Only response_type=code is supported.")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            raise OAuthError("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256.")
        requested = set((params.get("scope") or " ".join(CONSOLE_SCOPES)).split())
        if not requested <= set(CONSOLE_SCOPES):
            raise OAuthError("invalid_scope", f"Allowed scopes: {' '.join(CONSOLE_SCOPES)}.")

    def login(self, params: dict[str, str]) -> str:
        """Checks the user's credentials; returns the redirect URL carrying the code and state."""
        self.check_authorize_request(params)
        username = (params.get("username") or "").strip().lower()
        password = params.get("password") or ""
        expected, roles = self.users.get(username) or (None, ())
        if expected is None or not hmac.compare_digest(expected.encode(), password.encode()):
            raise OAuthError("access_denied", "Incorrect username or password.", status=401)
        # As the Cognito trigger does: of the scopes asked for, the facepass/* ones the user's roles do not grant
        # are left out (a reviewer asking for all three gets facepass/reviewer).
        requested = (params.get("scope") or " ".join(CONSOLE_SCOPES)).split()
        granted = " ".join(scope for scope in requested if not scope.startswith(OAUTH_SCOPE_PREFIX)
                           or scope.removeprefix(OAUTH_SCOPE_PREFIX) in roles)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Grant(username=username, client_id=params["client_id"],
                                       redirect_uri=params["redirect_uri"], code_challenge=params["code_challenge"],
                                       scope=granted,
                                       nonce=params.get("nonce"), expires=time.time() + CODE_TTL_SECONDS)
        query = {"code": code}
        if params.get("state"):
            query["state"] = params["state"]
        separator = "&" if "?" in params["redirect_uri"] else "?"
        return params["redirect_uri"] + separator + urlencode(query)

    # --- token ---------------------------------------------------------------------------------

    def token(self, form: dict[str, str]) -> dict:
        if form.get("grant_type") == "refresh_token":
            return self._refreshed(form)
        if form.get("grant_type") != "authorization_code":
            raise OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.")
        with self._lock:  # single use: the code is gone whatever happens next
            grant = self._codes.pop(form.get("code") or "", None)
        if grant is None or grant.expires < time.time():
            raise OAuthError("invalid_grant", "The code is unknown, expired or already used.")
        if form.get("client_id") != grant.client_id:
            raise OAuthError("invalid_client", "client_id does not match the code.")
        if form.get("redirect_uri") != grant.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request.")
        verifier = form.get("code_verifier") or ""
        if not 43 <= len(verifier) <= 128 or not hmac.compare_digest(s256(verifier), grant.code_challenge):
            raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge.")
        refresh_token = secrets.token_urlsafe(32)
        with self._lock:
            self._refresh[refresh_token] = _Grant(**{**grant.__dict__, "expires": time.time() + REFRESH_TTL_SECONDS})
        return {**self._tokens(grant), "refresh_token": refresh_token}

    def _refreshed(self, form: dict[str, str]) -> dict:
        """As Cognito: new access and id tokens for a refresh token; the refresh token stays the same."""
        with self._lock:
            grant = self._refresh.get(form.get("refresh_token") or "")
        if grant is None or grant.expires < time.time():
            raise OAuthError("invalid_grant", "The refresh token is unknown or expired.")
        if form.get("client_id") != grant.client_id:
            raise OAuthError("invalid_client", "client_id does not match the refresh token.")
        return self._tokens(grant)

    def revoke_refresh(self, refresh_token: str) -> None:
        with self._lock:
            self._refresh.pop(refresh_token, None)

    def _tokens(self, grant: _Grant) -> dict:
        now = int(time.time())
        sub = "local-" + hashlib.sha256(grant.username.encode()).hexdigest()[:24]
        # `email` as the Cognito trigger adds it (token_scopes: a verified email; a local user's key is their email)
        access = {"sub": sub, "username": grant.username, "email": grant.username, "client_id": grant.client_id,
                  "scope": grant.scope, "token_use": "access", "iss": self.issuer, "iat": now,
                  "exp": now + TOKEN_TTL_SECONDS}
        identity = {"sub": sub, "email": grant.username, "cognito:username": grant.username, "aud": grant.client_id,
                    "token_use": "id", "iss": self.issuer, "iat": now, "exp": now + TOKEN_TTL_SECONDS}
        if grant.nonce:
            identity["nonce"] = grant.nonce
        return {"access_token": self._sign(access), "id_token": self._sign(identity), "token_type": "Bearer",
                "expires_in": TOKEN_TTL_SECONDS}

    def _sign(self, claims: dict) -> str:
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "facepass-local"}).encode())
        payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
        signature = hmac.new(self._key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{_b64url(signature)}"

    def access_claims(self, token: str) -> dict | None:
        """The claims of a valid, unexpired access token this stack issued, else None (what the JWT
        authorizer checks: signature, issuer, expiry, client)."""
        try:
            header, payload, signature = token.split(".")
            expected = hmac.new(self._key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, _b64url_decode(signature)):
                return None
            claims = json.loads(_b64url_decode(payload))
        except (ValueError, TypeError):
            return None
        if claims.get("token_use") != "access" or claims.get("iss") != self.issuer:
            return None
        if claims.get("client_id") != self.client_id or claims.get("exp", 0) < time.time():
            return None
        return claims


def login_page(params: dict[str, str], *, error: str | None = None) -> str:
    """A small, accessible sign-in form; the authorization request rides along in hidden fields."""
    hidden = "\n".join(f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
                       for name, value in params.items() if name not in ("username", "password"))
    alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Sign in - FacePass (local)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem;color:#111}}
label{{display:block;margin-top:1rem;font-weight:600}}input[type=email],input[type=password]{{width:100%;
padding:.5rem;font-size:1rem;box-sizing:border-box}}button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}}
.error{{color:#a00000;font-weight:600}}</style></head>
<body><main><h1>Sign in to FacePass</h1><p>Local stack sign-in (stands in for the Cognito hosted UI).</p>
{alert}<form method="post" action="/oauth2/authorize">
{hidden}
<label for="username">Email</label>
<input id="username" name="username" type="email" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></main></body></html>"""


def error_page(message: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Sign-in error - FacePass (local)</title></head>
<body><main><h1>Sign-in error</h1><p role="alert">{html.escape(message)}</p></main></body></html>"""
