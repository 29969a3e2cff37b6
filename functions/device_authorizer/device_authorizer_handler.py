"""Device authorizer: an HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses) for the
kiosk routes. A paired, not revoked device's bearer token -> {device_id, scope: "kiosk"}, which API
Gateway hands to the API function as requestContext.authorizer.lambda."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from facepass.config import get_settings
from facepass.devices import authenticate
from facepass.services import ServicesHolder

settings = get_settings()
logger = Logger(service="facepass-device-authorizer")
services = ServicesHolder()
use_services = services.use  # tests and the local stack hand in their own


def _authorization(event: dict) -> str | None:
    for source in event.get("identitySource") or []:
        if source:
            return source
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    return headers.get("authorization")


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict, context) -> dict:
    device = authenticate(services().db, _authorization(event))
    if device is None:
        logger.info("device refused", extra={"route": event.get("routeKey")})
        return {"isAuthorized": False}
    return {"isAuthorized": True, "context": {"device_id": device.device_id, "scope": "kiosk",
                                              "device_name": device.name, "timezone": device.timezone}}
