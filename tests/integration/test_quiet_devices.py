"""The quiet-devices check on real PostgreSQL: the cleanup function run by its QuietDevices schedule (template.yaml)
counts the paired kiosks not heard from for FACEPASS_DEVICE_QUIET_MINUTES into the alarmed `quiet_devices` metric
(Powertools EMF, parsed from the output), names them in its log without their tokens, and writes nothing; GET /devices
says the same threshold to the console."""

from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from samtranslator.yaml_helper import yaml_parse

from facepass import devices
from tests.conftest import ROOT, fresh_database, pair_device
from tests.integration.test_retention import emitted_metrics, sql

TEMPLATE = yaml_parse((ROOT / "template.yaml").read_text())

# The API's S3 calls (a revocation's ledger entry) are made with its role from template.yaml (tests/function_roles).
pytestmark = pytest.mark.usefixtures("api_in_its_role")


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    """A fresh database per test: each counts its own kiosks."""
    return fresh_database(pg_server, migrated_template, request.node.name)


def schedule_input() -> dict:
    """What EventBridge hands the cleanup function every 15 minutes: the QuietDevices schedule's Input."""
    schedule = TEMPLATE["Resources"]["CleanupFunction"]["Properties"]["Events"]["QuietDevices"]["Properties"]
    return json.loads(schedule["Input"])


def seen(services, device_id: str, ago: timedelta | None) -> None:
    with services.db.transaction() as cur:
        cur.execute("UPDATE devices SET last_seen_at = now() - %s WHERE id = %s", (ago, device_id))


@contextmanager
def logged(logger_name: str):
    """The records a Powertools logger writes (it does not propagate to pytest's caplog)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def kiosks(api, services) -> dict[str, tuple[dict, str]]:
    """One kiosk of each kind the check must tell apart, by name: (device, token)."""
    made = {name: pair_device(api, name) for name in
            ("Quiet door", "Busy door", "Never opened", "Put away", "Revoked door", "Being re-paired")}
    seen(services, made["Quiet door"][0]["id"], timedelta(minutes=45))  # over 30: quiet
    seen(services, made["Busy door"][0]["id"], timedelta(minutes=5))  # heard from lately
    # Never opened: paired, never heard from (the Devices page says so; nothing to page about).
    seen(services, made["Put away"][0]["id"], timedelta(hours=services.settings.offline_max_age_hours, minutes=1))
    seen(services, made["Revoked door"][0]["id"], timedelta(minutes=45))
    assert api.delete(f"/devices/{made['Revoked door'][0]['id']}").status == 200
    seen(services, made["Being re-paired"][0]["id"], timedelta(minutes=45))
    assert api.post(f"/devices/{made['Being re-paired'][0]['id']}/pairing-code").status == 201
    return made


def test_the_scheduled_check_counts_quiet_kiosks_logs_them_and_the_alarm_watches_that_metric(
        services, kiosks, capsys):
    from facepass.local.lambda_events import LocalLambdaContext

    import cleanup_handler

    quiet = kiosks["Quiet door"][0]
    before = sql(services, "SELECT * FROM devices ORDER BY id")
    cleanup_handler.use_services(services)
    try:
        capsys.readouterr()
        with logged("facepass-cleanup") as records:
            first = cleanup_handler.lambda_handler(schedule_input(),
                                                   LocalLambdaContext(function_name="CleanupFunction"))
            first_metrics = emitted_metrics(capsys.readouterr().out)
            # Idempotent: a second run (EventBridge may deliver twice) says the same and writes nothing.
            second = cleanup_handler.lambda_handler(schedule_input(),
                                                    LocalLambdaContext(function_name="CleanupFunction"))
            second_metrics = emitted_metrics(capsys.readouterr().out)
    finally:
        cleanup_handler.use_services(None)

    assert first["quiet_devices"] == 1 and [d["id"] for d in first["devices"]] == [quiet["id"]]
    assert first["devices"][0]["name"] == "Quiet door" and 45 <= first["devices"][0]["quiet_minutes"] <= 46
    assert (first["quiet_after_minutes"], first["heard_within_hours"]) == (30, 72)
    def steady(report: dict) -> dict:  # without the times that move between two runs
        return {**report, "checked_at": None, "devices": [{**d, "quiet_minutes": None} for d in report["devices"]]}

    assert steady(second) == steady(first)
    assert sql(services, "SELECT * FROM devices ORDER BY id") == before

    # The metric the alarm watches: the template's namespace (tests: their own), metric and dimensions.
    alarm = TEMPLATE["Resources"]["QuietDevicesAlarm"]["Properties"]
    assert alarm["Namespace"] == TEMPLATE["Globals"]["Function"]["Environment"]["Variables"][
        "POWERTOOLS_METRICS_NAMESPACE"]
    namespace = os.environ["POWERTOOLS_METRICS_NAMESPACE"]
    dimensions = tuple(sorted((d["Name"], d["Value"]) for d in alarm["Dimensions"]))
    for metrics in (first_metrics, second_metrics):
        assert metrics[(namespace, alarm["MetricName"], dimensions)] == 1, sorted(metrics)
        # Not a cleanup run: the missed-cleanup alarm must not be fed by it, nor retention metrics written.
        assert not [key for key in metrics if key[1] != "quiet_devices"], sorted(metrics)

    # The log names the quiet kiosk (id, name, when last heard from) as a warning; never a token or its hash.
    warnings = [record for record in records if record.levelno == logging.WARNING]
    assert len(warnings) == 2
    named = warnings[0].devices
    assert [(d["id"], d["name"]) for d in named] == [(quiet["id"], "Quiet door")]
    stored = next(row for row in before if str(row["id"]) == quiet["id"])
    assert datetime.fromisoformat(named[0]["last_seen_at"]) == stored["last_seen_at"]
    text = json.dumps([record.__dict__ for record in records], default=str)
    for _device, token in kiosks.values():
        assert token not in text and devices.token_hash(token) not in text
    assert "token" not in json.dumps(named)


def test_the_check_reads_the_threshold_and_the_window_from_the_settings(services, kiosks):
    now = datetime.now(UTC)
    assert [d["name"] for d in devices.quiet_devices(services.db, services.settings, now=now).devices] == \
        ["Quiet door"]
    # A site that raised the threshold above its kiosks' silence is not paged.
    later = services.settings.model_copy(update={"device_quiet_minutes": 60})
    assert devices.quiet_devices(services.db, later, now=now).devices == []
    # A longer offline window keeps paging about the kiosk put away (its queued checks would still be taken).
    wider = services.settings.model_copy(update={"offline_max_age_hours": 96, "idempotency_ttl_hours": 120})
    assert [d["name"] for d in devices.quiet_devices(services.db, wider, now=now).devices] == \
        ["Put away", "Quiet door"]
    # Heard from again: not quiet any more, and the next check says so (the alarm returns to OK).
    seen(services, kiosks["Quiet door"][0]["id"], timedelta(0))
    assert devices.quiet_devices(services.db, services.settings).devices == []


def test_a_quiet_kiosk_comes_back_when_it_asks_again(api, services, kiosks):
    _device, token = kiosks["Quiet door"]
    assert api.get("/devices/me", device_token=token).status == 200  # the kiosk's heartbeat
    assert devices.quiet_devices(services.db, services.settings).devices == []


def test_the_devices_list_says_the_alarms_threshold(api, services):
    answer = api.get("/devices")
    assert answer.status == 200
    assert answer.json()["quiet_after_minutes"] == services.settings.device_quiet_minutes == 30


def test_a_task_the_function_does_not_know_is_refused_not_run_as_a_cleanup(services):
    from pydantic import ValidationError

    from facepass.local.lambda_events import LocalLambdaContext

    import cleanup_handler

    cleanup_handler.use_services(services)
    try:
        with pytest.raises(ValidationError):
            cleanup_handler.lambda_handler({"task": "quiet-devices"},
                                           LocalLambdaContext(function_name="CleanupFunction"))
    finally:
        cleanup_handler.use_services(None)


def test_kiosk_hours_page_only_when_kiosks_are_expected_on_in_their_own_zone_counting_from_the_opening(api, services):
    """FACEPASS_KIOSK_HOURS: a site that switches its kiosks off at night and over the weekend is not paged then; on
    Monday morning a kiosk's silence counts from 07:00 its own time, not from Friday evening."""
    from zoneinfo import ZoneInfo

    berlin, new_york = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=berlin)
    for name, zone in (("Berlin door", "Europe/Berlin"), ("New York door", "America/New_York")):
        pair_device(api, name, zone)
    with services.db.transaction() as cur:
        cur.execute("UPDATE devices SET last_seen_at = %s", (friday_evening,))
    hours = services.settings.model_copy(update={"kiosk_hours": "Mon-Fri 07:00-19:00"})

    def quiet(settings, at: datetime) -> list[str]:
        return sorted(d["name"] for d in devices.quiet_devices(services.db, settings, now=at.astimezone(UTC)).devices)

    saturday_noon = datetime(2026, 11, 28, 12, 0, tzinfo=berlin)
    assert quiet(services.settings, saturday_noon) == ["Berlin door", "New York door"]  # no hours: always paged
    assert quiet(hours, saturday_noon) == []
    # Monday 07:10 in Berlin: open ten minutes, not yet quiet; 07:31: quiet. New York is still at night (01:31).
    assert quiet(hours, datetime(2026, 11, 30, 7, 10, tzinfo=berlin)) == []
    assert quiet(hours, datetime(2026, 11, 30, 7, 31, tzinfo=berlin)) == ["Berlin door"]
    # 07:31 in New York (13:31 in Berlin): both.
    assert quiet(hours, datetime(2026, 11, 30, 7, 31, tzinfo=new_york)) == ["Berlin door", "New York door"]
    # The report says the hours it used.
    report = devices.quiet_devices(services.db, hours, now=datetime(2026, 11, 30, 7, 31, tzinfo=berlin))
    assert report.as_dict()["kiosk_hours"] == "Mon-Fri 07:00-19:00" and report.as_dict()["quiet_devices"] == 1
