"""Scope checks as Powertools route middlewares: claims from the HTTP API JWT authorizer, or the
context of the device Lambda authorizer (kiosk routes), re-checked here against the database."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from facepass import authz, department_scope, devices, separation

from dependencies import services
from http_bodies import require_json_body


def _authorizer(event) -> dict:
    return (event.raw_event.get("requestContext") or {}).get("authorizer") or {}


def jwt_claims(event) -> dict | None:
    return authz.claims_from_authorizer(_authorizer(event))


def device_id(event) -> str | None:
    """The calling kiosk's device id, from the device authorizer's context only."""
    return authz.device_id_from_authorizer(_authorizer(event))


def caller_emails(event) -> tuple[str, ...]:
    """The caller's emails (authz.emails_of): a record given one of them becomes theirs (separation of duties)."""
    return authz.emails_of(jwt_claims(event))


def own_employee(event):
    """The caller's own employee record (separation of duties): the employee whose email is the caller's, or None."""
    return separation.own_employee(services().db, caller_emails(event))


def reach(event) -> department_scope.Reach:
    """Whose records the caller reaches (department_scope.of_caller): read once per request, passed to the library."""
    return department_scope.of_caller(services().db, jwt_claims(event))


def is_admin(event) -> bool:
    """The caller holds the admin scope (HR): recognition routes then answer with the decision's evidence."""
    return "admin" in authz.scopes_from_claims(jwt_claims(event))


def holds_any(event, roles: tuple[authz.Scope, ...]) -> bool:
    """The caller holds one of `roles`: which view of an answer it gets (authz.EVIDENCE_ROLES, PEOPLE_DATA_ROLES)."""
    return bool(authz.scopes_from_claims(jwt_claims(event)) & set(roles))


def _authorize(app, scopes: tuple[authz.Scope, ...]) -> None:
    granted = authz.require(scopes, jwt_claims(app.current_event))
    device = device_id(app.current_event)
    if "kiosk" in granted and device and not app.context.get("device_rechecked"):
        # Defence in depth behind the authorizer (and its result cache): a device revoked or re-paired
        # a moment ago is refused here too.
        current = devices.authenticate(services().db, app.current_event.headers.get("authorization"))
        if current is None or current.device_id != device:
            raise authz.Unauthenticated("This device credential was revoked or replaced; pair the device again.",
                                        code="device_revoked")
        app.append_context(device_rechecked=True)


def route_scopes(route) -> tuple[authz.Scope, ...]:
    """The scopes that may call a Powertools route: its line in authz.ROUTE_ROLES (none: admin only)."""
    return authz.route_roles(str(route.method), route.openapi_path)


def _authorized(app, next_middleware: NextMiddleware):
    _authorize(app, route_scopes(app.context["_route"]))
    return next_middleware(app)


_authorized.by_route_roles = True  # read by authorize_before() and the OpenAPI document


def authorize_before(validation):
    """Powertools always runs request validation first; wrapped like this, a caller without the
    route's scope gets 401/403 and learns nothing about the body schema, and a body of the wrong
    media type gets 415 before any parsing."""

    def middleware(app, next_middleware: NextMiddleware):
        route = app.context.get("_route")
        for route_middleware in getattr(route, "middlewares", None) or []:
            if getattr(route_middleware, "by_route_roles", False):
                _authorize(app, route_scopes(route))
        if route is not None:
            require_json_body(app, route)
        return validation(app, next_middleware)

    return middleware


# Every route that needs a credential: the scopes it takes come from authz.ROUTE_ROLES (admin when not listed).
AUTHORIZED = [_authorized]
