"""The HTTP API resolver: scopes checked before body validation, and request bodies in the OpenAPI
document for routes that parse their own (photos)."""

from __future__ import annotations

import threading

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from facepass.authz import OAUTH_SCOPE_PREFIX
from facepass.config import get_settings
from facepass.schemas import ErrorResponse

from auth import authorize_before
from auth import route_scopes as auth_route_scopes
from http_bodies import parse_json_object_body
from image_requests import RAW_IMAGE_TYPES, REQUEST_BODIES


class FacePassResolver(APIGatewayHttpResolver):
    """Powertools' OpenAPI document models (aws_lambda_powertools.event_handler.openapi.models, ~0.2 s to import)
    are imported by the first /openapi.json or /docs request, never at cold start: kiosks never ask for them."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("json_body_deserializer", parse_json_object_body)
        super().__init__(**kwargs)
        if hasattr(self, "_request_validation_middleware"):
            self._request_validation_middleware = authorize_before(self._request_validation_middleware)
        self._swagger_lock = threading.Lock()

    def enable_swagger(self, *, path: str = "/swagger", middlewares=None, compress: bool = False, **kwargs) -> None:
        """Swagger UI at `path`, Powertools' own handler, declared on its first request (declaring it imports
        the OpenAPI models)."""
        swagger = []

        def swagger_ui():
            with self._swagger_lock:
                if not swagger:
                    swagger.append(self._powertools_swagger_handler(path=path, middlewares=middlewares,
                                                                    compress=compress, **kwargs))
            return swagger[0]()

        self.get(path, middlewares=middlewares, include_in_schema=False, compress=compress)(swagger_ui)

    def _powertools_swagger_handler(self, **kwargs):
        """The handler APIGatewayHttpResolver.enable_swagger declares, taken instead of registered again."""
        handlers = []

        def take(*_, **__):
            return lambda handler: handlers.append(handler) or handler

        self.get = take  # enable_swagger registers its handler through self.get
        try:
            super().enable_swagger(**kwargs)
        finally:
            del self.get
        return handlers[0]

    def get_openapi_schema(self, **kwargs):
        from aws_lambda_powertools.event_handler.openapi.models import RequestBody

        if not kwargs.get("security_schemes"):
            kwargs["security_schemes"] = security_schemes(get_settings().token_url)
        schema = super().get_openapi_schema(**kwargs)
        self._document_errors(schema)
        self._document_security(schema)
        for (method, path), (model, raw_photo) in REQUEST_BODIES.items():
            operation = _operation(schema, method, path)
            if operation is None:
                continue
            content = {"application/json": {"schema": model.model_json_schema()}}
            if raw_photo:
                content.update({kind: {"schema": {"type": "string", "format": "binary"}} for kind in RAW_IMAGE_TYPES})
            operation.requestBody = RequestBody.model_validate({"required": True, "content": content})
        enroll = _operation(schema, "post", "/employees/enroll")
        if enroll is not None:  # parsed by the route itself (forms.parse_employee_photo_form)
            enroll.requestBody = RequestBody.model_validate({"required": True, "content": {
                "multipart/form-data": {"schema": EMPLOYEE_PHOTO_FORM}}})
        self._document_other_successes(schema)
        return schema

    @staticmethod
    def _document_other_successes(schema) -> None:
        """What the routes' status_code cannot say: check-ins answer 200 for a repeat or a replay beside 201 for a
        new event, the listings and reports answer CSV on Accept: text/csv, the Idempotency-Key header, and a manual
        punch's 409."""
        from aws_lambda_powertools.event_handler.openapi.models import MediaType, Parameter

        for path in ("/attendance/check-in", "/attendance/check-out", "/attendance/punch"):
            operation = _operation(schema, "post", path)
            if operation is not None and 201 in operation.responses:
                again = operation.responses[201].model_copy(deep=True)
                again.description = "A repeat of the same event within the repeat window, or an Idempotency-Key replay"
                operation.responses[200] = again
        for path in ("/attendance", "/attendance/daily", "/attendance/timesheet", "/attendance/audit"):
            operation = _operation(schema, "get", path)
            if operation is not None and 200 in operation.responses:
                operation.responses[200].content["text/csv"] = MediaType.model_validate(
                    {"schema": {"type": "string", "description": "With Accept: text/csv"}})
        for path in ("/attendance/check-in", "/attendance/check-out", "/attendance/punch", "/attendance/manual",
                     "/attendance/manual/shift"):
            operation = _operation(schema, "post", path)
            if operation is not None:
                operation.parameters = [*(operation.parameters or []), Parameter.model_validate({
                    "name": "Idempotency-Key", "in": "header", "required": False,
                    "description": "The same key replays the first answer; with another request, 422 "
                                   "`idempotency_key_reused`",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 200}})]
        stale_employee = ("`email_taken`; `employee_number_taken`: another employee has the payroll number (in any "
                          "case); `employee_stale`: the employee was changed since the `updated_at` sent as "
                          "`expected_updated_at` (nothing written; load it again). details: updated_at, changed_by, "
                          "changed_at (who made the latest change, when; null for one from before it was audited)")
        conflicts = {
            "/employees": "`email_taken`: another employee has the email (in any case); `employee_number_taken`: "
                          "another employee has the payroll number (in any case)",
            ("put", "/employees/{employee_id}"): stale_employee,
            ("patch", "/employees/{employee_id}"): stale_employee,
            "/employees/{employee_id}/biometric-consent": "`withdrawal_unfinished`: the employee's withdrawal of "
                                                          "consent stopped half-way (withdrawal_unfinished on the "
                                                          "employee): run it again (DELETE) first; nothing recorded. "
                                                          "details: employee_id",
            "/attendance/manual": "`punch_conflict`: the reports would not count this punch, or it would undo a "
                                  "counted shift. details: conflict (shift_broken, exit_unpaired, entry_double_press, "
                                  "entry_left_open), event_ids, events, replaceable; `employee_inactive`: time "
                                  "the person was not employed (their is_active history; README Manual punches)",
            "/attendance/manual/shift": "`punch_conflict`: the entry and exit would not be a counted shift of their "
                                        "own. details: conflict (shift_broken: a counted shift the pair cuts into; "
                                        "shift_overlaps: counted punches inside the pair), employee_id, timezone, "
                                        "event_ids, events, replaceable (always empty); `employee_inactive`: its entry "
                                        "or exit is time the person was not employed",
            "/attendance/{event_id}/review": "`punch_conflict`: confirming or reassigning would undo a counted shift "
                                             "of the person, or a reassignment or a rejection would take a counted "
                                             "punch from a closed shift of the person it was counted for (a punch "
                                             "awaiting review is in none; send force: true to "
                                             "apply it anyway); details: as a manual punch's, with employee_id and "
                                             "effects (each person's: owner new or previous, conflict, events, "
                                             "message); "
                                             "`review_needs_employee`: confirm on an event without a person; "
                                             "`repeat_follows_original`: a confirm with another event_type of a "
                                             "repeat disputed at the kiosk whose first press counts (it stays a "
                                             "repeat in that press's direction; details: event_id, event_type); "
                                             "`employee_inactive`: reassigned to a person deactivated before the "
                                             "punch was taken; `employee_erased`: a kiosk punch reassigned to a "
                                             "person whose biometric data was erased; `consent_withdrawn`: a kiosk "
                                             "punch reassigned to "
                                             "a person whose Face ID consent is withdrawn (reject it, enter a manual "
                                             "punch); `review_stale`: the event was decided on since "
                                             "`expected_revision` (or, without it, its review state is no longer "
                                             "`expected_state`); details: review_state, employee_id, reviewed_by, "
                                             "reviewed_at, revision, automatic (true: FacePass itself sent it back "
                                             "to review, a punch having arrived late; then changed_at and "
                                             "decided_without, as the flag's audit entry); turned (a pending "
                                             "repeat a reviewer turned with the press it repeats, deciding nothing: "
                                             "by, at, with_event_id, event_type, from its flag audit entry)"}
        for where, description in conflicts.items():
            method, path = where if isinstance(where, tuple) else ("post", where)
            operation = _operation(schema, method, path)
            if operation is not None and 409 in operation.responses:
                conflict = operation.responses[409].model_copy(deep=True)
                conflict.description = description
                operation.responses[409] = conflict

    @staticmethod
    def _document_errors(schema) -> None:
        """Every operation answers errors as {"error": {"code", "message"}}: say so (Powertools would
        document its own 422 shape, which this API never sends)."""
        from aws_lambda_powertools.event_handler.openapi.models import Components, Response

        error_schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
        definitions = error_schema.pop("$defs", {})
        components = schema.components.model_dump(by_alias=True, exclude_none=True) if schema.components else {}
        schemas = components.setdefault("schemas", {})
        schemas.update(definitions)
        schemas["ErrorResponse"] = error_schema
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas.pop("ResponseValidationError", None)  # Powertools' 500 shape: refers to the one above
        # API Gateway answers a missing or refused credential itself, as {"message": "Unauthorized"}
        # or {"message": "Forbidden"}, before the function runs.
        schemas["GatewayError"] = {"title": "GatewayError", "type": "object", "required": ["message"],
                                   "properties": {"message": {"type": "string"}}}
        schema.components = Components.model_validate(components)
        error = {"description": "Error", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
        auth_error = {"description": "Not authenticated or not allowed", "content": {"application/json": {
            "schema": {"anyOf": [{"$ref": "#/components/schemas/ErrorResponse"},
                                 {"$ref": "#/components/schemas/GatewayError"}]}}}}
        for item in (schema.paths or {}).values():
            for method in ("get", "put", "post", "delete", "patch"):
                operation = getattr(item, method, None)
                if operation is None:
                    continue
                responses = operation.responses or {}
                for status in (400, 401, 403, 404, 409, 410, 413, 415, 422, 500, 503):
                    responses[status] = Response.model_validate(auth_error if status in (401, 403) else error)
                operation.responses = responses

    def route_scopes(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(method, OpenAPI path) -> the OAuth scopes its auth middleware takes (any one; authz.ROUTE_ROLES)."""
        scopes = {}
        for route in self._dynamic_routes + self._static_routes:
            for middleware in route.middlewares or []:
                if getattr(middleware, "by_route_roles", False):
                    scopes[(str(route.method).lower(), route.openapi_path)] = tuple(
                        f"{OAUTH_SCOPE_PREFIX}{scope}" for scope in auth_route_scopes(route))
        return scopes

    def _document_security(self, schema) -> None:
        """Each operation's `security` comes from the scopes its middleware checks, so a route added
        later is documented by the same line that protects it. Open routes declare none."""
        for (method, path), scopes in self.route_scopes().items():
            item = schema.paths.get(path) if schema.paths else None
            operation = getattr(item, method, None) if item else None
            if operation is not None:  # kiosk routes sit behind the device authorizer: a paired device's token only
                operation.security = ([{"deviceToken": []}] if scopes[0] == f"{OAUTH_SCOPE_PREFIX}kiosk"
                                      else [*({"oauth2": [scope]} for scope in scopes), {"bearerJWT": []}])



EMPLOYEE_PHOTO_FORM = {
    "type": "object", "required": ["full_name", "email", "photo"],
    "properties": {"full_name": {"type": "string", "maxLength": 200}, "email": {"type": "string", "maxLength": 254},
                   "department": {"type": "string", "maxLength": 100},
                   "timezone": {"type": "string", "maxLength": 64,
                                "description": "IANA zone, as POST /employees takes it (audited)"},
                   "employee_number": {"type": "string", "maxLength": 50,
                                       "description": "The payroll number, as POST /employees takes it (audited; "
                                                      "409 employee_number_taken when another person has it)"},
                   "biometric_consent": {"type": "string", "enum": ["true", "false"],
                                         "description": "true: the employee received the biometric notice and "
                                                        "agreed in writing, recorded with them (audited); without it "
                                                        "(FACEPASS_BIOMETRIC_CONSENT=required) 409 consent_required, "
                                                        "nobody created"},
                   "consent_reference": {"type": "string", "maxLength": 200,
                                         "description": "The signed release's reference (with biometric_consent="
                                                        "true only; required with it when "
                                                        "FACEPASS_BIOMETRIC_CONSENT=required: else 422 "
                                                        "consent_reference_required, nobody created)"},
                   "photo": {"type": "string", "format": "binary",
                             "description": "JPEG, PNG or WebP: anything else, or over the byte or pixel limit, is "
                                            "refused at once (400 not_an_image, 413 image_too_large), nobody "
                                            "created"}},
    "description": "Each field at most once and one photo; a repeated or unknown part is 422 validation_error "
                   "naming it",
}


def _operation(schema, method: str, path: str):
    item = schema.paths.get(path) if schema.paths else None
    return getattr(item, method, None) if item else None


def security_schemes(token_url: str) -> dict:
    """Admin routes: OAuth2 client credentials (admin tools get tokens from Cognito), and the same JWT as a
    plain bearer token (what API Gateway's JWT authorizer reads; the console's sign-in; locally the static
    token). Kiosk routes: a paired device's token."""
    from aws_lambda_powertools.event_handler.openapi.models import (
        HTTPBearer,
        OAuth2,
        OAuthFlowClientCredentials,
        OAuthFlows,
    )

    return {
        "oauth2": OAuth2(
            description="Cognito client credentials; the token's `scope` carries facepass/admin (or a console "
                        "user's facepass/reviewer, facepass/payroll, facepass/employee). An operation takes any one "
                        "scope it lists.",
            flows=OAuthFlows(clientCredentials=OAuthFlowClientCredentials(tokenUrl=token_url, scopes={
                f"{OAUTH_SCOPE_PREFIX}admin": "Employees, enrollment, attendance reports, review, erasure.",
                f"{OAUTH_SCOPE_PREFIX}reviewer": "The review queue and decisions, manual punches, attendance and "
                                                 "reports; employees read-only; no faces or consent.",
                f"{OAUTH_SCOPE_PREFIX}payroll": "Attendance and reports, closing and reopening pay periods; "
                                                "employees read-only; no photos.",
                f"{OAUTH_SCOPE_PREFIX}employee": "Self-service: the caller's own hours, punches and correction "
                                                 "requests (the /me routes); nobody else's."}))),
        "bearerJWT": HTTPBearer(
            bearerFormat="JWT",
            description="Admin routes: an access token from the token endpoint or the console's sign-in. On the "
                        "local stack: local-admin-token."),
        "deviceToken": HTTPBearer(
            bearerFormat="fpd_ device token",
            description="Kiosk routes: a paired device's token (fpd_..., from POST /devices/pair with a one-time "
                        "code an admin creates under POST /devices). Revoked at once with the device."),
    }
