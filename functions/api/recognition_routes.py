"""Identify (1:N) and verify (1:1) routes."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from facepass import identification
from facepass.schemas import IdentifyResult, VerifyRequest, VerifyResult

from auth import KIOSK
from dependencies import services
from image_requests import parse_image_request

router = Router()


@router.post("/identify", tags=["recognition"],
             summary="Who is this? The largest face, or every face with all_faces=true (group check-in)",
             middlewares=KIOSK)
def identify(all_faces: Annotated[bool, Query()] = False,
             liveness: Annotated[bool, Query(description="Also score passive liveness of the largest face.")] = False,
             ) -> IdentifyResult:
    photo, _ = parse_image_request(router.current_event)
    deps = services()
    return identification.identify_faces(deps.db, deps.engine, deps.settings, photo, all_faces=all_faces,
                                         liveness=liveness)


@router.post("/verify", tags=["recognition"], summary="Is this the given employee? (1:1)",
             middlewares=KIOSK)
def verify() -> VerifyResult:
    photo, request = parse_image_request(router.current_event, VerifyRequest)
    if request is None:
        from facepass.errors import FacePassError

        raise FacePassError("verify needs JSON with employee_id and a base64 image.", code="unsupported_media_type",
                            status=415)
    deps = services()
    return identification.verify_face(deps.db, deps.engine, deps.settings, request.employee_id, photo)
