"""The HTTP API resolver, plus request bodies for routes that parse their own (photos)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.models import RequestBody
from image_requests import RAW_IMAGE_TYPES, REQUEST_BODIES


class FacePassResolver(APIGatewayHttpResolver):
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
