"""The HTTP API resolver: scopes checked before body validation, and request bodies in the OpenAPI
document for routes that parse their own (photos)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.models import Components, RequestBody, Response

from facepass.schemas import ErrorResponse

from auth import authorize_before
from http_bodies import parse_json_body
from image_requests import RAW_IMAGE_TYPES, REQUEST_BODIES


class FacePassResolver(APIGatewayHttpResolver):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("json_body_deserializer", parse_json_body)
        super().__init__(**kwargs)
        if hasattr(self, "_request_validation_middleware"):
            self._request_validation_middleware = authorize_before(self._request_validation_middleware)

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        self._document_errors(schema)
        for (method, path), model in REQUEST_BODIES.items():
            item = schema.paths.get(path) if schema.paths else None
            operation = getattr(item, method, None) if item else None
            if operation is None:
                continue
            content = {"application/json": {"schema": model.model_json_schema()}}
            content.update({kind: {"schema": {"type": "string", "format": "binary"}} for kind in RAW_IMAGE_TYPES})
            operation.requestBody = RequestBody.model_validate({"required": True, "content": content})
        return schema

    @staticmethod
    def _document_errors(schema) -> None:
        """Every operation answers errors as {"error": {"code", "message"}}: say so (Powertools would
        document its own 422 shape, which this API never sends)."""
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
                for status in (400, 401, 403, 404, 409, 413, 415, 422, 500, 503):
                    responses[status] = Response.model_validate(auth_error if status in (401, 403) else error)
                operation.responses = responses
