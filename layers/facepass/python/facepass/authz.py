"""Who may call what: `admin` (HR: everything a console user can do: employees, enrollment, faces, erasure, devices,
reports, review, pay periods), `reviewer` (a shift supervisor: the review queue, manual punches, reports; no faces
or people's data beyond names), `payroll` (a payroll clerk: reports and closing or reopening pay periods; no photos),
`employee` (an employee: their own hours, punches and correction requests, the /me routes; nobody else's) and `kiosk`
(identify, verify, check-in/out). ROUTE_ROLES says which scopes each route takes; a route it does not
name is admin-only. Scopes come from JWT claims: the OAuth `scope` claim, and only this API's resource server
scopes (`facepass/admin`, `facepass/reviewer`, `facepass/payroll`, `facepass/employee`, `facepass/kiosk`): a bare
`admin`, another resource server's `x/admin` or a Cognito group named admin grants nothing (with an issuer shared
with other apps, theirs would otherwise be ours); or, on kiosk routes, from the device Lambda authorizer's context
({device_id, scope: "kiosk"}) of a paired device."""

from __future__ import annotations

from typing import Any, Literal

from facepass.errors import FacePassError

Scope = Literal["admin", "reviewer", "payroll", "employee", "kiosk"]
SCOPES: tuple[Scope, ...] = ("admin", "reviewer", "payroll", "employee", "kiosk")
# People's roles (Cognito groups), not devices: each may read its own record (the /me routes).
CONSOLE_ROLES: tuple[Scope, ...] = ("admin", "reviewer", "payroll", "employee")
HR_ROLES: tuple[Scope, ...] = ("admin", "reviewer", "payroll")  # the console roles that read other people's time
OAUTH_SCOPE_PREFIX = "facepass/"  # the Cognito resource server's identifier (template.yaml, ApiResourceServer)

_ADMIN: tuple[Scope, ...] = ("admin",)
_CONSOLE = HR_ROLES
_SELF = CONSOLE_ROLES  # every console user, for their own record only (self_service.py)
_REVIEWER: tuple[Scope, ...] = ("admin", "reviewer")
_PAYROLL: tuple[Scope, ...] = ("admin", "payroll")

# Within a route all console roles may call, what each reads (the route passes the library a flag):
# the face's evidence on attendance events (status, similarity, matched person, liveness, review reasons, snapshot
# key): those who review faces; people's records in full (email, consent, enrollment, erasure): admins. The others
# get the reduced views (schemas.PayrollAttendanceEvent, schemas.EmployeeSummary).
EVIDENCE_ROLES: tuple[Scope, ...] = _REVIEWER
PEOPLE_DATA_ROLES: tuple[Scope, ...] = _ADMIN

# "METHOD /openapi/path" -> the scopes that may call it (any one of them). Least privilege: a route not named here
# is admin-only (enrollment, faces, held photos, consent, erasure, access requests, devices, employee writes).
ROUTE_ROLES: dict[str, tuple[Scope, ...]] = {
    # Every console user: who they are and what they may do; the report calendar, attendance and the reports;
    # the pay period's state; people's names (a reassignment picks one).
    "GET /me": _SELF,
    "GET /attendance": _CONSOLE,
    "GET /attendance/calendar": _SELF,  # the report zone and today there: the console's calendar, an employee's too
    "GET /attendance/daily": _CONSOLE,
    "GET /attendance/timesheet": _CONSOLE,
    "GET /payroll/lock": _CONSOLE,
    "GET /employees": _CONSOLE,
    "GET /employees/departments": _CONSOLE,
    "GET /employees/{employee_id}": _CONSOLE,
    # Reviewers: the review queue and its decisions, an event's snapshot and audit trail, manual punches.
    "GET /attendance/review": _REVIEWER,
    "POST /attendance/{event_id}/review": _REVIEWER,
    "GET /attendance/{event_id}/snapshot": _REVIEWER,
    "GET /attendance/{event_id}/audit": _REVIEWER,
    # Every event's changes within a period (an auditor's question): payroll too, without the face's evidence.
    "GET /attendance/audit": _CONSOLE,
    "POST /attendance/manual": _REVIEWER,
    "POST /attendance/manual/shift": _REVIEWER,
    # Paid absences (absences.py): recorded and deleted by those who add manual punches; payroll reads them.
    "GET /attendance/absences": _CONSOLE,
    "POST /attendance/absences": _REVIEWER,
    "POST /attendance/absences/bulk": _REVIEWER,  # the same for many people at once (a public holiday)
    "DELETE /attendance/absences/{absence_id}": _REVIEWER,
    "PATCH /attendance/absences/{absence_id}": _REVIEWER,  # correct one: as deleting and adding it
    "DELETE /attendance/absences/batches/{batch_id}": _REVIEWER,  # undo a bulk add: as deleting each of it
    # Self-service (self_service.py): the caller's own hours, punches and correction requests, whoever they are;
    # HR answers the requests.
    "GET /me/timesheet": _SELF,
    "GET /me/attendance": _SELF,
    "GET /me/corrections": _SELF,
    "POST /me/corrections": _SELF,
    "GET /me/biometrics": _SELF,  # their own access request (subject_access.my_biometrics): never anyone else's
    "GET /attendance/corrections": _REVIEWER,
    "POST /attendance/corrections/{correction_id}/resolve": _REVIEWER,
    # Payroll: closing and reopening pay periods.
    "POST /payroll/lock": _PAYROLL,
    "GET /payroll/closes/{history_id}/adjustments": _PAYROLL,
    # Paired kiosks (the device authorizer's context); /identify and /verify also HR's, with the evidence.
    "POST /attendance/check-in": ("kiosk",),
    "POST /attendance/check-out": ("kiosk",),
    "POST /attendance/punch": ("kiosk",),
    "POST /attendance/face-free": ("kiosk",),  # "No Face ID?": a typed payroll number, no photo
    "POST /attendance/{event_id}/dispute": ("kiosk",),  # "Not you?": the kiosk that recorded the punch only
    "GET /attendance/challenge": ("kiosk",),
    "GET /devices/me": ("kiosk",),
    "POST /devices/me/setup": ("kiosk",),  # setup mode, with a code an admin made (POST /devices/{id}/setup-code)
    "POST /identify": ("kiosk", "admin"),
    "POST /verify": ("kiosk", "admin"),
    # Work schedules (schedules.py): the console roles read them (the daily report measures days against them);
    # admins create, replace and delete them (a route not named here).
    "GET /schedules": _CONSOLE,
    # Admins: who reviews whom (department_scope.py: reviewers scoped to departments).
    "GET /reviewer-departments": _ADMIN,
    "PUT /reviewer-departments/{username}": _ADMIN,
}


def route_roles(method: str, path: str) -> tuple[Scope, ...]:
    """The scopes that may call METHOD path (path as OpenAPI writes it: /attendance/{event_id}/review)."""
    return ROUTE_ROLES.get(f"{method.upper()} {path}", _ADMIN)


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
# The actor of a face stored from an upload ticket made before tickets named their requester (migration 0037).
UNKNOWN_REQUESTER = f"{SYSTEM_ACTOR}: unknown requester"


def operator_actor() -> str:
    """Who stores a face from a shell on the library itself, not through the API (bulk imports and benchmarks:
    enrollment.enroll_photo): `cli (<OS user>)`, or `cli (unknown user)` when the OS names nobody. The space keeps a
    token from passing for it (actor_of). The CLI's own commands (`facepass enroll`, `enroll-dir`) go through the API:
    their actor is the token's, as for every other CLI command."""
    import getpass

    try:
        user = getpass.getuser().strip()
    except (KeyError, OSError):  # no USER/LOGNAME and no passwd entry (a container's anonymous uid)
        user = ""
    user = "".join(character for character in user if character.isprintable())[:100]
    return f"cli ({user or 'unknown user'})"


def actor_of(claims: dict[str, Any] | None) -> str | None:
    """Who made a change, as the audit trail and the console show it: the user name (Cognito access tokens carry
    `username`, immutable in a user pool), else the subject (client-credentials tools have only `sub`). None for a
    value with whitespace or control characters (no Cognito token has one): a token can never pass for SYSTEM_ACTOR,
    and a NUL (which PostgreSQL's text refuses) never reaches a query."""
    claims = claims or {}
    value = claims.get("username") or claims.get("sub")
    return str(value) if value and _plain(str(value)) else None


def _plain(text: str) -> bool:
    """No whitespace and no control character: what a Cognito user name, subject or email holds."""
    return text.isprintable() and not any(character.isspace() for character in text)


# The access token's claim with the caller's email: the Cognito pre-token-generation trigger (token_scopes) adds it
# from a verified `email` attribute; the local sign-in adds it from the user's email (FACEPASS_LOCAL_USERS' key).
EMAIL_CLAIM = "email"


def emails_of(claims: dict[str, Any] | None) -> tuple[str, ...]:
    """The caller's emails, lower-cased, for separation of duties (separation.py: their own employee record): the
    user name when it is an email (console users sign in with their work email as user name, set by an admin and
    immutable), then the verified `email` claim when it is another (a user able to change their email must not
    shed their own record by it: both are theirs). None for a paired kiosk (the device authorizer's context) and for
    a token with neither (client-credentials tools): they are nobody's employee."""
    claims = claims or {}
    if claims.get("device_id"):
        return ()
    found: list[str] = []
    for value in (claims.get("username"), claims.get(EMAIL_CLAIM)):
        text = str(value).strip().lower() if isinstance(value, str) else ""
        if "@" in text and _plain(text) and text not in found:
            found.append(text)
    return tuple(found)


def require(scopes: Scope | tuple[Scope, ...], claims: dict[str, Any] | None) -> set[str]:
    """The caller's scopes among `scopes` (any one will do); 401 without claims, 403 `forbidden` naming the OAuth
    scopes that would do (details.scopes) without any."""
    if claims is None:
        raise Unauthenticated("Send a bearer token (Authorization: Bearer ...).")
    wanted = (scopes,) if isinstance(scopes, str) else tuple(scopes)
    granted = scopes_from_claims(claims) & set(wanted)
    if not granted:
        names = [OAUTH_SCOPE_PREFIX + scope for scope in wanted]
        listed = " or ".join(f"`{name}`" for name in names)
        raise Forbidden(f"This needs the {listed} scope.", details={"scopes": names})
    return granted


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
