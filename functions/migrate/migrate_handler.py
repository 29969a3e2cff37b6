"""Migrate function: the CloudFormation custom resource SchemaMigration -> facepass.schema_resource (the stack's
database migrated before the functions that need its schema are updated; the answer PUT to CloudFormation)."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent, event_source

from facepass.config import get_settings
from facepass.schema_resource import CustomResourceRequest, handle

get_settings()  # a bad environment fails the cold start (CloudFormation then times the resource out)
logger = Logger(service="facepass-migrate")


@logger.inject_lambda_context(clear_state=True)
@event_source(data_class=CloudFormationCustomResourceEvent)
def lambda_handler(event: CloudFormationCustomResourceEvent, context) -> dict:
    request = CustomResourceRequest(
        request_type=event.request_type, response_url=event.response_url, stack_id=event.stack_id,
        request_id=event.request_id, logical_resource_id=event.logical_resource_id,
        physical_resource_id=event.get("PhysicalResourceId"), properties=event.resource_properties or {})
    outcome = handle(request, get_settings(), remaining_ms=context.get_remaining_time_in_millis)
    logger.info("answered CloudFormation", extra={"request_type": request.request_type, "status": outcome.status,
                                                  "reason": outcome.reason})
    return {"Status": outcome.status, "Reason": outcome.reason}
