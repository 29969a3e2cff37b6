"""A warm Lambda container outlives a rotation of the database secret (RDS-managed secrets rotate every
7 days by default): when its connection drops, it must reconnect with the current password, not the one it
read at cold start."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import psycopg

from facepass.config import Settings
from facepass.services import Services

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:facepass-db"


def test_a_reconnect_after_the_secret_was_rotated_reads_the_new_password(monkeypatch, database_url):
    real = urlsplit(database_url)
    secret = {"username": real.username or "postgres", "password": "before-rotation", "host": real.hostname,
              "port": real.port, "dbname": real.path.lstrip("/")}
    reads = []

    def get_secret(name, transform=None, force_fetch=False, max_age=None, **_):
        reads.append(force_fetch)
        return json.dumps(secret)

    monkeypatch.setattr("aws_lambda_powertools.utilities.parameters.get_secret", get_secret)
    accepted = {"password": "before-rotation"}
    real_connect = psycopg.connect

    def connect(url, **kwargs):  # the database as RDS: only the current password gets in
        if urlsplit(url).password != accepted["password"]:
            raise psycopg.OperationalError('FATAL:  password authentication failed for user "postgres"')
        return real_connect(database_url, **kwargs)

    monkeypatch.setattr(psycopg, "connect", connect)
    services = Services.from_settings(Settings(database_secret_arn=SECRET_ARN, bucket="facepass-test"))
    with services.db.transaction() as cur:
        cur.execute("SELECT 1 AS one")

    secret["password"] = accepted["password"] = "after-rotation"  # Secrets Manager rotates the password
    services.db.close()  # ... and later the connection drops (failover, idle timeout, maintenance)

    with services.db.transaction() as cur:
        cur.execute("SELECT 1 AS one")
        assert cur.fetchone()["one"] == 1
    assert reads[-1] is True  # read past Powertools' 5-minute secret cache
