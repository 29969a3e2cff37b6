"""Who may call what: `admin` (employees, enrollment, reports, erasure) and `kiosk` (identify,
verify, check-in/out). Scopes come from JWT claims: the OAuth `scope` claim (Cognito resource
server scopes such as `facepass/admin`) or Cognito groups."""

from __future__ import annotations

from typing import Any, Literal

from facepass.errors import FacePassError

Scope = Literal["admin", "kiosk"]
SCOPES: tuple[Scope, ...] = ("admin", "kiosk")


class Unauthenticated(FacePassError):
    status = 401
    code = "unauthenticated"


class Forbidden(FacePassError):
    status = 403
    code = "forbidden"


def scopes_from_claims(claims: dict[str, Any] | None) -> set[str]:
    if not claims:
        return set()
    granted: set[str] = set()
    raw_scope = claims.get("scope") or ""
    for item in raw_scope.split() if isinstance(raw_scope, str) else raw_scope:
        granted.add(str(item).rsplit("/", 1)[-1])  # "facepass/admin" -> "admin"
    groups = claims.get("cognito:groups") or []
    if isinstance(groups, str):  # API Gateway flattens lists into "[a b]"
        groups = groups.strip("[]").split()
    granted |= {str(group) for group in groups}
    return granted & set(SCOPES)


def require(scope: Scope, claims: dict[str, Any] | None) -> None:
    if claims is None:
        raise Unauthenticated("Send a bearer token (Authorization: Bearer ...).")
    if scope not in scopes_from_claims(claims):
        raise Forbidden(f"This needs the `{scope}` scope.")
