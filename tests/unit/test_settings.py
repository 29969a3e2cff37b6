"""Settings refused at cold start: a misspelt FACEPASS_ variable (it would be ignored), values that would only fail
at first use, and no setting value (a DATABASE_URL's password) in the message."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from facepass.config import Settings, get_settings
from facepass.errors import ConfigurationError
from tests.conftest import cold_start


@pytest.fixture
def environment(monkeypatch):
    def apply(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield apply
    get_settings.cache_clear()


def refusal(environment, **variables) -> ConfigurationError:
    """The settings the environment makes (with these variables set) refused at load: the error."""
    environment(**variables)
    with pytest.raises(ConfigurationError) as refused:
        get_settings()
    return refused.value


def test_a_misspelt_variable_is_refused_naming_the_closest_setting(environment):
    refused = refusal(environment, FACEPASS_LIVENES_POLICY="block", FACEPASS_SNAPSHOT_RETENTON_DAYS="30")
    assert refused.code == "unknown_setting"
    assert "FACEPASS_LIVENES_POLICY (did you mean FACEPASS_LIVENESS_POLICY?)" in refused.message
    assert "FACEPASS_SNAPSHOT_RETENTON_DAYS (did you mean FACEPASS_SNAPSHOT_RETENTION_DAYS?)" in refused.message


def test_the_test_and_tool_variables_are_not_settings_and_pass(environment):
    environment(FACEPASS_SHARED_DIR="/tmp", FACEPASS_DEBUG="1", FACEPASS_LIVENESS_POLICY="block")
    assert get_settings().liveness_policy == "block"


def test_a_function_refuses_to_start_with_a_misspelt_variable():
    """The cold start itself (the cleanup function's import) fails, with the message in its output."""
    result = cold_start("cleanup", "cleanup_handler", FACEPASS_LIVENES_POLICY="block")
    assert result.returncode != 0
    assert "FACEPASS_LIVENES_POLICY (did you mean FACEPASS_LIVENESS_POLICY?)" in result.stderr


def test_the_biometric_consent_gate_is_required_by_default_and_takes_required_or_off_only(environment):
    environment()
    assert get_settings().biometric_consent == "required"
    environment(FACEPASS_BIOMETRIC_CONSENT="off")
    assert get_settings().biometric_consent == "off"
    refused = refusal(environment, FACEPASS_BIOMETRIC_CONSENT="optional")
    assert "FACEPASS_BIOMETRIC_CONSENT" in refused.message


@pytest.mark.parametrize(("name", "value"), [
    ("detection_size", 0), ("detection_size", -640), ("detection_size", 100), ("detection_size", 650),
    ("identify_threshold", 1.5), ("verify_threshold", -2.0), ("impostor_tail", (0.3, 0.001, 0.0)),
    ("impostor_tail", (0.3, 0.0, 0.02)), ("upload_min_bytes", 20 * 1024 * 1024),
    ("probe_min_brightness", 240.0),
])
def test_values_that_would_fail_at_first_use_are_refused(name, value):
    with pytest.raises(ValidationError):
        Settings(**{name: value})


def test_the_detection_size_bounds_are_accepted():
    """The bounds are values the detector runs at (a multiple of 32; 0 used to pass and divide by zero later)."""
    for side in (160, 1920):
        assert Settings(detection_size=side).detection_size == side


def test_an_invalid_value_names_the_variable_and_never_prints_a_value(environment):
    refused = refusal(environment, FACEPASS_DETECTION_SIZE="0",
                      DATABASE_URL="postgresql://facepass:hunter2@db.example.com/facepass")
    assert refused.code == "invalid_setting"
    assert "FACEPASS_DETECTION_SIZE: Input should be greater than or equal to 160" in refused.message
    assert "hunter2" not in refused.message and "hunter2" not in repr(refused.__cause__)
    refused = refusal(environment, FACEPASS_DETECTION_SIZE="640", FACEPASS_ENROLL_MIN_BRIGHTNESS="250")
    assert "enroll_min_brightness must be below enroll_max_brightness" in refused.message
    assert "hunter2" not in refused.message


def test_the_replay_window_follows_the_offline_window_unless_set(environment):
    """An operator who lets kiosks queue longer (template OfflineMaxAgeHours) gets Idempotency-Key answers kept
    longer with it: a resend of a late capture is replayed, never recorded twice. Set lower by hand: refused."""
    environment()
    assert (get_settings().offline_max_age_hours, get_settings().idempotency_ttl_hours) == (72, 96)
    environment(FACEPASS_OFFLINE_MAX_AGE_HOURS="240")
    assert get_settings().idempotency_ttl_hours == 264
    environment(FACEPASS_OFFLINE_MAX_AGE_HOURS="100.0")  # a template Number may arrive so: read as pydantic does
    assert (get_settings().offline_max_age_hours, get_settings().idempotency_ttl_hours) == (100, 124)
    environment(FACEPASS_IDEMPOTENCY_TTL_HOURS="500")
    assert get_settings().idempotency_ttl_hours == 500
    refused = refusal(environment, FACEPASS_IDEMPOTENCY_TTL_HOURS="90")
    assert "idempotency_ttl_hours must be above offline_max_age_hours" in refused.message


def test_a_blank_privacy_contact_is_none_so_the_notice_says_ask_hr(environment):
    environment(FACEPASS_PRIVACY_CONTACT="  ")  # the template's default is ""
    assert get_settings().privacy_contact is None
    environment(FACEPASS_PRIVACY_CONTACT=" dpo@example.com ")
    assert get_settings().privacy_contact == "dpo@example.com"
    assert "FACEPASS_PRIVACY_CONTACT" in refusal(environment, FACEPASS_PRIVACY_CONTACT="x" * 201).message


def test_the_quiet_kiosk_threshold_is_half_an_hour_and_below_the_offline_window(environment):
    """FACEPASS_DEVICE_QUIET_MINUTES (template DeviceQuietMinutes): the quiet-devices alarm and the console's Devices
    page. A kiosk quiet for the whole offline window is no longer counted, so a threshold that long would never page."""
    environment()
    assert get_settings().device_quiet_minutes == 30
    environment(FACEPASS_DEVICE_QUIET_MINUTES="720")  # a site whose kiosks are off for the night
    assert get_settings().device_quiet_minutes == 720
    refused = refusal(environment, FACEPASS_DEVICE_QUIET_MINUTES=str(72 * 60))
    assert "device_quiet_minutes must be below offline_max_age_hours" in refused.message
    assert "FACEPASS_DEVICE_QUIET_MINUTES" in refusal(environment, FACEPASS_DEVICE_QUIET_MINUTES="2").message
