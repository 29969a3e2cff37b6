"""The photo bucket's S3 lifecycle backstops against retention. The backstops (template parameters
SnapshotBackstopDays, ReviewSnapshotBackstopDays) expire snapshots the cleanup missed; set shorter than retention
they delete snapshots - photos of punches awaiting review - before retention ends. CloudFormation cannot add the
parameters up, so the deploy's schema step checks them (facepass.schema_resource) and the daily cleanup checks the
bucket's actual rules (a rule edited in the console, a parameter changed without the other)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from facepass import storage
from facepass.config import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backstop:
    prefix: str
    parameter: str  # the template parameter that sets it
    needed_days: int
    why: str


def required_backstops(*, retention_days: int, review_max_days: int) -> list[Backstop]:
    """A snapshot lives up to retention + 1 days (whole UTC days), one awaiting review up to review_max_days more."""
    return [
        Backstop(storage.SNAPSHOT_PREFIX, "SnapshotBackstopDays", retention_days + 1,
                 f"snapshot retention {retention_days} days + 1"),
        Backstop(storage.REVIEW_SNAPSHOT_PREFIX, "ReviewSnapshotBackstopDays", retention_days + review_max_days + 1,
                 f"snapshot retention {retention_days} + review maximum {review_max_days} days + 1"),
    ]


def backstop_problems(expiry_days: Mapping[str, int | None], *, retention_days: int,
                      review_max_days: int) -> list[str]:
    """expiry_days: prefix -> the days after which the lifecycle deletes objects there (None: never)."""
    problems = []
    for backstop in required_backstops(retention_days=retention_days, review_max_days=review_max_days):
        days = expiry_days.get(backstop.prefix)
        if days is not None and days < backstop.needed_days:
            problems.append(f"the S3 lifecycle deletes {backstop.prefix} objects after {days} days, before retention "
                            f"ends: {backstop.parameter} must be at least {backstop.needed_days} ({backstop.why})")
    return problems


def _rule_prefix(rule: dict) -> str:
    if "Prefix" in rule:
        return rule["Prefix"] or ""
    rule_filter = rule.get("Filter") or {}
    return rule_filter.get("Prefix") or (rule_filter.get("And") or {}).get("Prefix") or ""


def expiry_days(rules: list[dict], prefixes: list[str]) -> dict[str, int | None]:
    """The shortest expiry of the enabled rules that can reach objects under each prefix (a rule on a wider or a
    narrower prefix, or with a tag filter, counts: it deletes some of them). A fixed-date expiry counts as 0 days."""
    found: dict[str, int | None] = dict.fromkeys(prefixes)
    for rule in rules:
        expiration = rule.get("Expiration") or {}
        if rule.get("Status") != "Enabled" or not ("Days" in expiration or "Date" in expiration):
            continue
        days = int(expiration["Days"]) if "Days" in expiration else 0
        rule_prefix = _rule_prefix(rule)
        for prefix in prefixes:
            if prefix.startswith(rule_prefix) or rule_prefix.startswith(prefix):
                found[prefix] = days if found[prefix] is None else min(found[prefix], days)
    return found


def bucket_lifecycle_problems(s3, bucket: str, settings: Settings) -> list[str]:
    """The bucket's lifecycle rules against the retention settings; a rule set that cannot be read is a problem too
    (the function needs s3:GetLifecycleConfiguration)."""
    from botocore.exceptions import ClientError

    try:
        rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket).get("Rules", [])
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code != "NoSuchLifecycleConfiguration":
            return [f"cannot read the lifecycle rules of {bucket}: {code}"]
        rules = []
    found = expiry_days(rules, [storage.SNAPSHOT_PREFIX, storage.REVIEW_SNAPSHOT_PREFIX])
    problems = backstop_problems(found, retention_days=settings.snapshot_retention_days,
                                 review_max_days=settings.review_max_days)
    if problems:
        logger.error("S3 lifecycle backstops expire snapshots before retention ends", extra={"problems": problems})
    return problems
