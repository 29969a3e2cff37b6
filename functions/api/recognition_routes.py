"""Identify (1:N) and verify (1:1) routes."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from facepass import identification
from facepass.schemas import (
    IdentifyResult,
    KioskIdentifyResult,
    KioskVerifyResult,
    QueryBool,
    VerifyRequest,
    VerifyResult,
)

from auth import AUTHORIZED, is_admin
from dependencies import services
from image_requests import parse_image_request

router = Router()


@router.post("/identify", tags=["recognition"],
             summary="Who is this? The largest face, or every face with all_faces=true (group check-in)",
             description="A device token gets the kiosk view (KioskIdentifyResult): whether a face good enough to "
                         "check in is there (decision `present`) or why not (`retry`, retry_reason), and the face's "
                         "box — never who (no employee, nothing searched: a kiosk asks only whether the hall is "
                         "empty, and a stolen token must not name faces silently), nor candidates, similarities, "
                         "margin, threshold, gallery size or liveness scores. A caller with the admin scope gets "
                         "the evidence (IdentifyResult).",
             middlewares=AUTHORIZED)
def identify(all_faces: Annotated[QueryBool, Query()] = False,
             liveness: Annotated[QueryBool, Query(description="Also score passive liveness of the largest face (admin "
                                                         "callers see the score).")] = False,
             ) -> IdentifyResult | KioskIdentifyResult:
    photo, _ = parse_image_request(router.current_event)
    deps = services()
    if not is_admin(router.current_event):
        return identification.kiosk_presence(deps.engine, deps.settings, photo, all_faces=all_faces)
    return identification.identify_faces(deps.db, deps.engine, deps.settings, photo, all_faces=all_faces,
                                         liveness=liveness)


@router.post("/verify", tags=["recognition"], summary="Is this the given employee? (1:1)",
             description="The probe passes identify's quality gates first (else `verified: false` with "
                         "`retry_reason`, nothing compared); a deactivated person is never verified. A device token "
                         "gets only `verified` and `retry_reason` (KioskVerifyResult), and the same 404 "
                         "`employee_not_found` for an id that is unknown, deactivated, erased or not enrolled. A "
                         "caller with the admin scope gets the similarity, threshold and is_active (VerifyResult); "
                         "409 `not_enrolled` for a person without a face of the model.",
             middlewares=AUTHORIZED)
def verify() -> VerifyResult | KioskVerifyResult:
    photo, request = parse_image_request(router.current_event, VerifyRequest)
    if request is None:
        from facepass.errors import FacePassError

        raise FacePassError("verify needs JSON with employee_id and a base64 image.", code="unsupported_media_type",
                            status=415)
    deps = services()
    return identification.verify_face(deps.db, deps.engine, deps.settings, request.employee_id, photo,
                                      kiosk=not is_admin(router.current_event))
