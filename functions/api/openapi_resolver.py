"""The HTTP API resolver: scopes checked before body validation, and request bodies in the OpenAPI
document for routes that parse their own (photos)."""

from __future__ import annotations

from auth import authorize_before
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.models import RequestBody
from image_requests import RAW_IMAGE_TYPES, REQUEST_BODIES


class FacePassResolver(APIGatewayHttpResolver):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if hasattr(self, "_request_validation_middleware"):
            self._request_validation_middleware = authorize_before(self._request_validation_middleware)

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for (method, path), model in REQUEST_BODIES.items():
            item = schema.paths.get(path) if schema.paths else None
            operation = getattr(item, method, None) if item else None
            if operation is None:
                continue
            content = {"application/json": {"schema": model.model_json_schema()}}
            content.update({kind: {"schema": {"type": "string", "format": "binary"}} for kind in RAW_IMAGE_TYPES})
            operation.requestBody = RequestBody.model_validate({"required": True, "content": content})
        return schema
