"""Paired kiosk devices: admins create, list, re-pair and revoke them; a kiosk pairs with a one-time
code and reads its own record."""

from __future__ import annotations

from uuid import UUID

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

from facepass import devices
from facepass.authz import actor_of
from facepass.schemas import (
    Device,
    DeviceCreate,
    DeviceList,
    DevicePatch,
    DeviceSelf,
    PairedDevice,
    PairingCode,
    PairRequest,
    SetupCode,
    SetupOpened,
    SetupRequest,
)

from auth import AUTHORIZED, jwt_claims
from auth import device_id as calling_device
from dependencies import services

router = Router()


@router.post("/devices", tags=["devices"], summary="Create a kiosk device and its one-time pairing code",
             status_code=201, middlewares=AUTHORIZED)
def create_device(device: DeviceCreate) -> Response[PairingCode]:
    created = devices.create_device(services().db, device)
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=created,
                    headers={"Location": f"/devices/{created.device.id}"})


@router.get("/devices", tags=["devices"], summary="Every device, oldest first", middlewares=AUTHORIZED)
def list_devices() -> DeviceList:
    deps = services()
    return devices.list_devices(deps.db, deps.settings)


@router.post("/devices/pair", tags=["devices"],
             summary="Kiosk: exchange a pairing code (single use, 15 minutes) for the device token (shown once)")
def pair_device(request: PairRequest) -> Response[PairedDevice]:
    paired = devices.pair(services().db, request.pairing_code)
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=paired,
                    headers={"Cache-Control": "no-store"})


@router.get("/devices/me", tags=["devices"], summary="Kiosk: the calling device", middlewares=AUTHORIZED)
def my_device() -> DeviceSelf:
    current = calling_device(router.current_event)
    if current is None:
        from facepass.authz import Forbidden

        raise Forbidden("Only a paired device can ask who it is; send its device token.", code="device_required")
    deps = services()
    return devices.device_self(deps.db, deps.settings, UUID(current))


@router.post("/devices/<device_id>/pairing-code", tags=["devices"],
             summary="A new pairing code (re-pair); the device's current token stops working", status_code=201,
             middlewares=AUTHORIZED)
def new_pairing_code(device_id: UUID) -> Response[PairingCode]:
    deps = services()
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON,
                    body=devices.new_pairing(deps.db, device_id, s3=deps.s3, bucket=deps.settings.bucket),
                    headers={"Cache-Control": "no-store"})


@router.delete("/devices/<device_id>", tags=["devices"], summary="Revoke a device (idempotent)", middlewares=AUTHORIZED)
def revoke_device(device_id: UUID) -> Device:
    deps = services()
    return devices.revoke_device(deps.db, device_id, s3=deps.s3, bucket=deps.settings.bucket)


@router.patch("/devices/<device_id>", tags=["devices"],
              summary="Set a kiosk's Door and Automatic mode (they win over its setup mode; null: the tablet's)",
              description="A field left out keeps its value; null hands the choice back to the tablet's setup mode. "
                          "The kiosk reads them from GET /devices/me (at start and every minute). 422 "
                          "`validation_error` on another value, 404 `device_not_found`, 409 `device_revoked`. "
                          "Logged with the actor and the values before and after (devices have no audit table).",
              middlewares=AUTHORIZED)
def patch_device(device_id: UUID, changes: DevicePatch) -> Device:
    return devices.update_settings(services().db, device_id, changes,
                                   actor=actor_of(jwt_claims(router.current_event)))


@router.post("/devices/<device_id>/setup-code", tags=["devices"],
             summary="A code that opens the kiosk's setup mode once (10 minutes; shown once; replaces the last)",
             description="Staff open the kiosk with `?setup=1` and type it (POST /devices/me/setup): only then does "
                         "the kiosk show its Door choice, Automatic mode and \"Seen: HR was told\". Only its hash is "
                         "kept; 5 wrong tries or a re-pairing spend it. 404 `device_not_found`, 409 "
                         "`device_revoked`, 409 `device_not_paired`. Logged with the actor (devices have no audit "
                         "table).",
             status_code=201, middlewares=AUTHORIZED)
def new_setup_code(device_id: UUID) -> Response[SetupCode]:
    made = devices.new_setup_code(services().db, device_id, actor=actor_of(jwt_claims(router.current_event)))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=made,
                    headers={"Cache-Control": "no-store"})


@router.post("/devices/me/setup", tags=["devices"],
             summary="Kiosk: open setup mode with the code from the console (15 minutes; the code is spent)",
             description="403 `setup_code_invalid` for a wrong, expired or spent code, none made, or one made for "
                         "another device (the same answer for each); the fifth wrong try spends the code. 403 "
                         "`device_required` without a device token.",
             middlewares=AUTHORIZED)
def open_setup(request: SetupRequest) -> Response[SetupOpened]:
    current = calling_device(router.current_event)
    if current is None:
        from facepass.authz import Forbidden

        raise Forbidden("Only a paired device can open its setup mode; send its device token.",
                        code="device_required")
    opened = devices.open_setup(services().db, UUID(current), request.code)
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=opened,
                    headers={"Cache-Control": "no-store"})
