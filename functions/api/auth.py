"""Scope checks as Powertools route middlewares: claims from the HTTP API JWT authorizer."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from facepass import authz

from http_bodies import require_json_body


def jwt_claims(event) -> dict | None:
    authorizer = (event.raw_event.get("requestContext") or {}).get("authorizer") or {}
    jwt = authorizer.get("jwt") or {}
    return jwt.get("claims")


def _requiring(scope: authz.Scope):
    def middleware(app, next_middleware: NextMiddleware):
        authz.require(scope, jwt_claims(app.current_event))
        return next_middleware(app)

    middleware.__name__ = f"require_{scope}"
    middleware.scope = scope  # read by authorize_before() to check ahead of body validation
    return middleware


def authorize_before(validation):
    """Powertools always runs request validation first; wrapped like this, a caller without the
    route's scope gets 401/403 and learns nothing about the body schema, and a body of the wrong
    media type gets 415 before any parsing."""

    def middleware(app, next_middleware: NextMiddleware):
        route = app.context.get("_route")
        for route_middleware in getattr(route, "middlewares", None) or []:
            scope = getattr(route_middleware, "scope", None)
            if scope:
                authz.require(scope, jwt_claims(app.current_event))
        if route is not None:
            require_json_body(app, route)
        return validation(app, next_middleware)

    return middleware


ADMIN = [_requiring("admin")]
KIOSK = [_requiring("kiosk")]
