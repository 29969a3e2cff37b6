"""Who may call what: `admin` (employees, enrollment, reports, erasure) and `kiosk` (identify,
verify, check-in/out). Scopes come from JWT claims: the OAuth `scope` claim, and only this API's resource server
scopes (`facepass/admin`, `facepass/kiosk`): a bare `admin`, another resource server's `x/admin` or a Cognito group
named admin grants nothing (with an issuer shared with other apps, theirs would otherwise be ours); or, on kiosk
routes, from the device Lambda authorizer's context ({device_id, scope: "kiosk"}) of a paired device."""

from __future__ import annotations

from typing import Any, Literal

from facepass.errors import FacePassError

Scope = Literal["admin", "kiosk"]
SCOPES: tuple[Scope, ...] = ("admin", "kiosk")
OAUTH_SCOPE_PREFIX = "facepass/"  # the Cognito resource server's identifier (template.yaml, ApiResourceServer)


class Unauthenticated(FacePassError):
    status = 401
    code = "unauthenticated"


class Forbidden(FacePassError):
    status = 403
    code = "forbidden"


def scopes_from_claims(claims: dict[str, Any] | None) -> set[str]:
    if not claims:
        return set()
    raw_scope = claims.get("scope") or ""
    items = raw_scope.split() if isinstance(raw_scope, str) else raw_scope
    # "facepass/admin" -> "admin"; another resource server's scope ("payroll/admin") or a bare one grants nothing
    granted = {str(item).removeprefix(OAUTH_SCOPE_PREFIX) for item in items if str(item).startswith(OAUTH_SCOPE_PREFIX)}
    return granted & set(SCOPES)


# The audit's actor when the server itself changes an event (a punch sent back to review). It holds a space, which
# no Cognito user name or subject (nor a device's "device:<id>") can: actor_of never gives it to a token.
SYSTEM_ACTOR = "FacePass (automatic)"


def actor_of(claims: dict[str, Any] | None) -> str | None:
    """Who made a change, as the audit trail and the console show it: the user name (Cognito access tokens carry
    `username`, immutable in a user pool), else the subject (client-credentials tools have only `sub`). None for a
    value with whitespace (no Cognito token has one): a token can never pass for SYSTEM_ACTOR."""
    claims = claims or {}
    value = claims.get("username") or claims.get("sub")
    if not value or any(character.isspace() for character in str(value)):
        return None
    return str(value)


def require(scope: Scope, claims: dict[str, Any] | None) -> None:
    if claims is None:
        raise Unauthenticated("Send a bearer token (Authorization: Bearer ...).")
    if scope not in scopes_from_claims(claims):
        raise Forbidden(f"This needs the `{scope}` scope.")


def claims_from_authorizer(authorizer: dict[str, Any] | None) -> dict[str, Any] | None:
    """requestContext.authorizer as API Gateway sets it: `jwt.claims` (JWT authorizer) or `lambda`
    (the device authorizer's context), turned into one claims shape."""
    authorizer = authorizer or {}
    jwt = authorizer.get("jwt") or {}
    if jwt.get("claims") is not None:
        return jwt["claims"]
    context = authorizer.get("lambda") or {}
    if context.get("device_id"):
        scopes = str(context.get("scope") or "").split()  # the device authorizer says "kiosk"
        return {"sub": f"device:{context['device_id']}", "scope": " ".join(OAUTH_SCOPE_PREFIX + s for s in scopes),
                "device_id": str(context["device_id"])}
    return None


def device_id_from_authorizer(authorizer: dict[str, Any] | None) -> str | None:
    """The paired device's id: only ever from the device authorizer's context, never from input."""
    context = (authorizer or {}).get("lambda") or {}
    return str(context["device_id"]) if context.get("device_id") else None
