"""API function: API Gateway HTTP API (payload v2) -> Powertools resolver -> facepass library."""

# ruff: noqa: E402 - the warm-up starts before the other imports, on purpose
from __future__ import annotations

import logging

from facepass.warmup import start_model_warmup

start_model_warmup(liveness=True)  # cold start: the models load on the other core while the modules below import

import schedules_routes
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType, RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from pydantic import ValidationError

from facepass import __version__, authz, console_users
from facepass.config import get_settings
from facepass.errors import FacePassError, validation_failed
from facepass.faces.model_files import require_pack_files_in_lambda
from facepass.health import check_health
from facepass.schemas import Health, Me

import access_routes
import attendance_routes
import devices_routes
import employees_routes
import enrollment_routes
import payroll_routes
import recognition_routes
import self_service_routes
from auth import AUTHORIZED, jwt_claims, own_employee, reach
from dependencies import services
from openapi_resolver import FacePassResolver

# Validate the environment at cold start (a bad setting fails here, loudly); the configured pack is in the image,
# or no start.
require_pack_files_in_lambda(get_settings())
logger = Logger(service="facepass-api")
# The library's own lines (facepass.*) at the function's level: the runtime's root logger keeps WARNING and up only,
# and an INFO line such as who got a link to a face snapshot (snapshot_viewed, README Privacy) must reach the log.
logging.getLogger("facepass").setLevel(logger.log_level)
app = FacePassResolver(enable_validation=True)
for routes in (employees_routes, enrollment_routes, recognition_routes, attendance_routes, devices_routes,
               payroll_routes, self_service_routes, access_routes, schedules_routes):
    app.include_router(routes.router)


def error_response(status: int, code: str, message: str, details: dict | None = None) -> Response:
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body={"error": body})


@app.exception_handler(FacePassError)
def handle_facepass_error(error: FacePassError) -> Response:
    if error.status >= 500:
        logger.error("server-side failure", extra={"code": error.code, "error_message": error.message})
    return error_response(error.status, error.code, error.message, error.details)


@app.exception_handler(RequestValidationError)
def handle_validation_error(error: RequestValidationError) -> Response:
    if any(problem.get("type") == "json_invalid" for problem in error.errors()):
        return error_response(400, "malformed_json", "The request body is not valid JSON.")
    return handle_facepass_error(validation_failed(error.errors()))


@app.exception_handler(ValidationError)
def handle_model_error(error: ValidationError) -> Response:
    return handle_facepass_error(validation_failed(error.errors()))


@app.exception_handler(RequestUnsupportedContentType)
def handle_unsupported_content_type(_: RequestUnsupportedContentType) -> Response:
    return error_response(415, "unsupported_media_type", "Send this route application/json.")


@app.exception_handler(UnicodeDecodeError)
def handle_undecodable_body(_: UnicodeDecodeError) -> Response:
    return error_response(400, "malformed_body", "The request body is not valid UTF-8 text.")


@app.not_found
def handle_not_found(_: NotFoundError) -> Response:
    return error_response(404, "route_not_found", f"No route {app.current_event.http_method} {app.current_event.path}.")


@app.exception_handler(Exception)
def handle_unexpected(error: Exception) -> Response:
    logger.exception("unhandled error")
    return error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")


@app.get("/health", tags=["service"], summary="Liveness, database and schema check (503 when not ok)")
def health() -> Response[Health]:
    deps = services()
    report = check_health(deps.db, deps.settings)
    return Response(status_code=200 if report.status == "ok" else 503, content_type=content_types.APPLICATION_JSON,
                    body=report)


@app.get("/me", tags=["service"],
         summary="The caller: who the audit names, the console roles the token carries, and their own employee "
                 "record (separation of duties); records their sign-in (user name, roles, time; at most hourly)",
         middlewares=AUTHORIZED)
def me() -> Me:
    claims = jwt_claims(app.current_event)
    granted = authz.scopes_from_claims(claims)
    deps = services()
    console_users.record_sign_in(deps.db, claims)  # the Access page's "last signed in" (at most once an hour)
    return Me(actor=authz.actor_of(claims),
              scopes=[authz.OAUTH_SCOPE_PREFIX + role for role in authz.CONSOLE_ROLES if role in granted],
              employee_id=own_employee(app.current_event),
              allow_self_review=deps.settings.allow_self_review,
              biometric_consent=deps.settings.biometric_consent,
              departments=list(scope.departments) if (scope := reach(app.current_event)).scoped else None)


@app.get("/openapi.json", tags=["service"], summary="This API's OpenAPI document", include_in_schema=False)
def openapi_document() -> Response[dict]:
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON,
                    body=app.get_openapi_schema(title="FacePass API", version=__version__).model_dump(
                        by_alias=True, exclude_none=True, mode="json"))


# persist_authorization off: Swagger UI would keep a pasted admin or device token in localStorage after the tab
# closes (the console keeps its own in sessionStorage for that reason).
app.enable_swagger(path="/docs", title="FacePass API", version=__version__, persist_authorization=False,
                   description="Face-ID time and attendance: employees, enrollment, identify, attendance.")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def lambda_handler(event: dict, context) -> dict:
    return app.resolve(event, context)
