"""Cleanup function: the daily retention job, and every 15 minutes the quiet-devices check, each on its own
EventBridge schedule (both safe to run twice)."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser import event_parser
from pydantic import BaseModel, ConfigDict, StrictBool

from facepass.config import get_settings
from facepass.devices import quiet_devices
from facepass.retention import run_cleanup
from facepass.services import ServicesHolder

settings = get_settings()
logger = Logger(service="facepass-cleanup")
metrics = Metrics(service="facepass-cleanup")


class CleanupRequest(BaseModel):
    """The schedule's Input: {"dry_run": false} daily, {"task": "quiet_devices"} every 15 minutes; a bare EventBridge
    event means a real cleanup run."""

    model_config = ConfigDict(extra="ignore")
    dry_run: StrictBool = False  # JSON true/false only: a dry run must not become a real one by a typo (0, "no")
    task: Literal["cleanup", "quiet_devices"] = "cleanup"  # anything else is refused, never a cleanup by mistake


services = ServicesHolder()
use_services = services.use  # tests and the local stack hand in their own


@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
@event_parser(model=CleanupRequest)
def lambda_handler(event: CleanupRequest, context) -> dict:
    deps = services()
    if event.task == "quiet_devices":
        return check_quiet_devices(deps)
    report = run_cleanup(deps.db, deps.s3, deps.settings, dry_run=event.dry_run)
    summary = report.as_dict()
    logger.info("cleanup finished", extra=summary)
    if not event.dry_run:
        for name in ("snapshots_deleted", "enrollment_objects_deleted", "stale_tickets_deleted", "embeddings_deleted",
                     "untrusted_uploads_deleted"):
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=summary[name])
        metrics.add_metric(name="gallery_sizes_corrected", unit=MetricUnit.Count,
                           value=len(summary["gallery_sizes_corrected"]))
        metrics.add_metric(name="vacuum_failed", unit=MetricUnit.Count, value=0 if summary["vacuumed"] else 1)
        # Alarmed (template.yaml): objects S3 refused to delete outlive retention; and the run's end, whose absence
        # for a day means retention is not applied at all (schedule disabled, every run crashing or timing out).
        # A replayed erasure or face removal that failed again counts as a failed deletion: the biometric data outlives
        # its deletion.
        metrics.add_metric(name="failed_deletions", unit=MetricUnit.Count,
                           value=len(summary["failed_keys"]) + len(summary["erasures_failed"])
                           + len(summary["face_removals_failed"]))
        # Alarmed: committed changes of is_active or re-pairings the ledger still lacks (a restore would undo them).
        metrics.add_metric(name="ledger_writes_failed", unit=MetricUnit.Count,
                           value=len(summary["ledger_writes_failed"]))
        metrics.add_metric(name="lifecycle_backstop_problems", unit=MetricUnit.Count,
                           value=len(summary["lifecycle_problems"]))
        # Not alarmed: the operator's parameter group (README, Deploy); the run's log says what to set.
        metrics.add_metric(name="database_log_exposures", unit=MetricUnit.Count,
                           value=len(summary["database_log_exposures"]))
        metrics.add_metric(name="cleanup_completed", unit=MetricUnit.Count, value=1)
    return summary


def check_quiet_devices(deps) -> dict:
    """Counts the paired kiosks gone quiet (facepass.devices.quiet_devices) into the alarmed `quiet_devices` metric
    and names them in the log (id, name, site, last_seen_at: no token). Writes nothing."""
    report = quiet_devices(deps.db, deps.settings).as_dict()
    if report["devices"]:
        logger.warning("kiosks not heard from: check their power, network and kiosk page", extra=report)
    else:
        logger.info("no kiosk quiet", extra=report)
    # Alarmed (template.yaml, QuietDevicesAlarm): above 0 pages the operator.
    metrics.add_metric(name="quiet_devices", unit=MetricUnit.Count, value=report["quiet_devices"])
    return report
