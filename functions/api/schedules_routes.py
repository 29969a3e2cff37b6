"""Work schedules (facepass.schedules): every console role reads them, admins write them."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from facepass import schedules
from facepass.authz import actor_of
from facepass.schemas import Schedule, ScheduleList, ScheduleRequest

from auth import AUTHORIZED, jwt_claims
from dependencies import services

router = Router()

ScheduleId = Annotated[int, Path(ge=1, le=2**63 - 1)]

_MEASURED = ("The daily report measures each person's day against their schedule (late_minutes, left_early_minutes, "
             "no_show); a schedule is evidence for HR and never changes worked time. As it is now it applies to "
             "every day shown, past ones too.")


@router.get("/schedules", tags=["schedules"], summary="Every work schedule, by name", description=_MEASURED,
            middlewares=AUTHORIZED)
def list_schedules() -> ScheduleList:
    return schedules.list_schedules(services().db)


@router.post("/schedules", tags=["schedules"], summary="Create a work schedule", status_code=201,
             description="409 `schedule_exists`: the name is taken (in any case); 422 `duplicate_weekday`: a "
                         "weekday given twice; 422 `validation_error`: a time not HH:MM, a start equal to its end, "
                         "a grace outside 0-120, an unknown field.", middlewares=AUTHORIZED)
def create_schedule(schedule: ScheduleRequest) -> Response[Schedule]:
    created = schedules.create_schedule(services().db, schedule, actor=actor_of(jwt_claims(router.current_event)))
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=created,
                    headers={"Location": f"/schedules/{created.id}"})


@router.put("/schedules/<schedule_id>", tags=["schedules"],
            summary="Replace a work schedule's name, grace and days (its people keep it)",
            description="404 `schedule_not_found`, 409 `schedule_exists`, 422 `duplicate_weekday` (and the "
                        "validation errors of POST). No attendance row changes: " + _MEASURED,
            middlewares=AUTHORIZED)
def replace_schedule(schedule_id: ScheduleId, schedule: ScheduleRequest) -> Schedule:
    return schedules.replace_schedule(services().db, schedule_id, schedule,
                                      actor=actor_of(jwt_claims(router.current_event)))


@router.delete("/schedules/<schedule_id>", tags=["schedules"], summary="Delete a work schedule nobody has",
               description="200, the schedule as it was (as the other deletes answer their record). 409 "
                           "`schedule_in_use` while employees (active or not) have it (`details.employees`: how many): "
                           "give them another schedule or none first (PATCH /employees/{id} schedule_id). 404 "
                           "`schedule_not_found`.",
               middlewares=AUTHORIZED)
def delete_schedule(schedule_id: ScheduleId) -> Schedule:
    return schedules.delete_schedule(services().db, schedule_id)
