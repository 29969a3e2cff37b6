"""Embedding function: S3 ObjectCreated events for enroll/ uploads -> facepass.enrollment."""

# ruff: noqa: E402 - the warm-up starts before the other imports, on purpose
from __future__ import annotations

from facepass.warmup import start_model_warmup

start_model_warmup()  # cold start: the models load on the other core while the modules below import

from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source

from facepass.config import get_settings
from facepass.enrollment import process_upload
from facepass.faces.model_files import require_pack_files_in_lambda
from facepass.services import ServicesHolder

settings = get_settings()  # a bad environment fails the cold start, not the first photo
require_pack_files_in_lambda(settings)  # the configured pack is in the image, or no start
logger = Logger(service="facepass-embedding")
metrics = Metrics(service="facepass-embedding")
services = ServicesHolder()
use_services = services.use  # tests and the local stack hand in their own


@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
@event_source(data_class=S3Event)
def lambda_handler(event: S3Event, context) -> dict:
    deps = services()
    engine = deps.engine
    outcomes = []
    for record in event.records:
        key = unquote_plus(record.s3.get_object.key)  # S3 sends keys URL-encoded ('+' for space)
        result = process_upload(deps.db, deps.s3, engine, deps.settings, bucket=record.s3.bucket.name, key=key)
        logger.info("enrollment upload processed", extra={
            "key": key, "outcome": result.outcome, "reason_code": result.reason_code, "stage_ms": result.timer.ms})
        if result.outcome == "completed":
            metrics.add_metric(name="FacesEnrolled", unit=MetricUnit.Count, value=1)
        elif result.outcome == "rejected":
            metrics.add_metric(name=f"Rejected_{result.reason_code}", unit=MetricUnit.Count, value=1)
        elif result.outcome == "needs_confirmation":
            metrics.add_metric(name="SuspectedDuplicates", unit=MetricUnit.Count, value=1)
        if result.liveness_flagged:
            metrics.add_metric(name="EnrollmentLivenessFlagged", unit=MetricUnit.Count, value=1)
        if result.untrusted_deleted:
            metrics.add_metric(name="UntrustedUploadDeleted", unit=MetricUnit.Count, value=1)
        for stage, ms in result.timer.ms.items():
            metrics.add_metric(name=f"StageMs_{stage}", unit=MetricUnit.Milliseconds, value=ms)
        outcomes.append({"key": key, "outcome": result.outcome, "reason_code": result.reason_code,
                         "untrusted_deleted": result.untrusted_deleted})
    return {"processed": len(outcomes), "outcomes": outcomes}
