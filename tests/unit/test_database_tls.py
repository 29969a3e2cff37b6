"""Database TLS: the URL built from the RDS secret verifies the server when FACEPASS_DATABASE_CA_BUNDLE names the CA
bundle, and a bundle that is not there (or is no PEM file) refuses the cold start with a clear message. A real TLS
PostgreSQL checks the verification itself: tests/integration/test_database_tls.py."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from pydantic import ValidationError

from facepass.config import Settings, get_settings
from facepass.db import resolve_database_url, url_from_secret
from facepass.errors import ConfigurationError
from tests.conftest import cold_start

SECRET = {"username": "facepass", "password": "p@ss/word?&", "host": "db.abc123.eu-central-1.rds.amazonaws.com",
          "port": 5432, "dbname": "facepass"}
# Not a real CA: the settings check only that the file holds a PEM certificate block.
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def tls_parameters(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def ca_bundle(tmp_path) -> Path:
    path = tmp_path / "rds ca" / "global-bundle.pem"  # a space: the path must survive the URL's quoting
    path.parent.mkdir()
    path.write_text(PEM)
    return path


def test_without_a_bundle_the_secret_url_encrypts_only():
    assert tls_parameters(url_from_secret(json.dumps(SECRET))) == {"sslmode": ["require"]}


def test_with_a_bundle_the_secret_url_verifies_the_server_and_its_name(ca_bundle):
    url = url_from_secret(json.dumps(SECRET), ca_bundle=ca_bundle)
    assert tls_parameters(url) == {"sslmode": ["verify-full"], "sslrootcert": [str(ca_bundle)]}
    parts = urlsplit(url)
    assert parts.hostname == SECRET["host"] and unquote(parts.password) == SECRET["password"]


def test_the_setting_reaches_the_url_resolved_from_the_secret_and_its_refresh(ca_bundle):
    settings = Settings(database_secret_arn="arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf",
                        database_ca_bundle=ca_bundle)
    reads = []

    def secret_reader(arn, force_fetch=False):
        reads.append(force_fetch)
        return json.dumps(SECRET)

    for force_fetch in (False, True):  # the cold start's read, and the re-read after a rotation
        url = resolve_database_url(settings, secret_reader=secret_reader, force_fetch=force_fetch)
        assert tls_parameters(url)["sslmode"] == ["verify-full"]
    assert reads == [False, True]


def test_a_database_url_is_taken_as_given(ca_bundle):
    url = "postgresql://u:p@localhost:5432/db?sslmode=disable"
    assert resolve_database_url(Settings(database_url=url, database_ca_bundle=ca_bundle)) == url


@pytest.mark.parametrize(("make", "expected"), [
    (lambda tmp: tmp / "missing.pem", "does not exist"),
    (lambda tmp: tmp, "is a directory"),
    (lambda tmp: (tmp / "page.html").write_text("<html>404 Not Found</html>") and tmp / "page.html",
     "holds no PEM certificate"),
])
def test_a_bundle_that_is_no_pem_file_is_refused(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(ValidationError) as refused:
        Settings(database_ca_bundle=path)
    assert expected in str(refused.value) and str(path) in str(refused.value)
    assert "RDS CA bundle" in str(refused.value)


def test_the_cold_start_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("FACEPASS_DATABASE_CA_BUNDLE", str(tmp_path / "missing.pem"))
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError) as refused:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert refused.value.code == "invalid_setting"
    assert refused.value.message.startswith("invalid settings: FACEPASS_DATABASE_CA_BUNDLE: ")
    assert f"database CA bundle {tmp_path / 'missing.pem'} does not exist" in refused.value.message


def test_a_function_refuses_to_start_without_its_bundle(tmp_path):
    """The cold start itself (the device authorizer's import) fails, before any connection is tried."""
    result = cold_start("device_authorizer", "device_authorizer_handler",
                        FACEPASS_DATABASE_CA_BUNDLE=str(tmp_path / "rds-ca-bundle.pem"))
    assert result.returncode != 0
    assert "FACEPASS_DATABASE_CA_BUNDLE" in result.stderr and "does not exist" in result.stderr
