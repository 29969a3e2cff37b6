"""PostgreSQL's own logs and face vectors: the driver writes the probe into the statement's text, so the settings
that log statements would keep faces where erasure never reaches. The daily cleanup reports them; the local
embedded server is set not to log a failing statement's text."""

from __future__ import annotations

import numpy as np
import psycopg2
import psycopg2.extras
import pytest

from facepass import repository
from facepass.database_logs import database_log_exposures, exposures
from facepass.db import start_embedded_server
from facepass.retention import run_cleanup

SAFE = {"log_statement": "ddl", "log_min_duration_statement": "-1", "log_min_duration_sample": "-1",
        "log_statement_sample_rate": "1", "log_transaction_sample_rate": "0", "log_min_error_statement": "panic"}


@pytest.fixture
def cursor(db):
    """The application's own connection (closed after the test, with what the test SET on it)."""
    with db.reading() as cur:
        yield cur


def test_a_search_sends_the_probe_vector_inside_the_statement_text(cursor):
    """Why any statement logging matters: what PostgreSQL receives (and would log) holds the face vector."""
    probe = np.full(128, 0.0625, dtype=np.float32)
    repository.nearest_employees(cursor, model_id="sface-2021dec", dimension=128, embedding=probe, candidates=5,
                                 prepared=True)
    assert cursor.query.decode().count("0.0625") == 128


def test_the_default_server_logs_a_failing_statements_text_and_the_cleanup_says_what_to_set(cursor, services):
    found = database_log_exposures(cursor)
    assert len(found) == 1 and found[0].startswith("log_min_error_statement=error") and "panic" in found[0]
    report = run_cleanup(services.db, services.s3, services.settings, dry_run=True)
    assert report.database_log_exposures == found


def test_each_setting_that_logs_statement_text_is_named_as_this_connection_sees_it(cursor):
    cursor.execute("SET log_min_error_statement = panic")
    assert database_log_exposures(cursor) == []
    for statement, name in [("SET log_statement = 'mod'", "log_statement=mod"),
                            ("SET log_statement = 'all'", "log_statement=all"),
                            ("SET log_min_duration_statement = 0", "log_min_duration_statement=0"),
                            ("SET log_min_duration_sample = 250", "log_min_duration_sample=250"),
                            ("SET log_transaction_sample_rate = 0.01", "log_transaction_sample_rate=0.01"),
                            ("SET log_min_error_statement = warning", "log_min_error_statement=warning")]:
        cursor.execute(statement)
        assert [line.split(" ", 1)[0] for line in database_log_exposures(cursor)] == [name], statement
        cursor.execute("RESET ALL")
        cursor.execute("SET log_min_error_statement = panic")
    cursor.execute("SET log_statement = 'ddl'")  # DDL is never a face
    assert database_log_exposures(cursor) == []
    # Only panic logs no statement: at `log` a statement that wrote a LOG line (a temporary file) is logged with it.
    for level in ("log", "fatal"):
        cursor.execute(f"SET log_min_error_statement = {level}")
        assert [line.split(" ", 1)[0] for line in database_log_exposures(cursor)] == [
            f"log_min_error_statement={level}"]


def test_extension_settings_that_log_statements_are_named_too():
    assert exposures(SAFE | {"auto_explain.log_min_duration": "-1", "pgaudit.log": "ddl, role"}) == []
    found = exposures(SAFE | {"auto_explain.log_min_duration": "100", "pgaudit.log": "DDL,-misc, Write"})
    assert len(found) == 2 and found[0].startswith("auto_explain.log_min_duration=100 logs")
    assert found[1].startswith("pgaudit.log=DDL,-misc, Write logs")
    # Classes taken away are not logged; `all` less ours is safe, `all` alone is not.
    assert exposures(SAFE | {"pgaudit.log": "ddl, -read, -write, -function"}) == []
    assert exposures(SAFE | {"pgaudit.log": "all,-read,-write,-function"}) == []
    assert len(exposures(SAFE | {"pgaudit.log": "all, -write"})) == 1
    assert exposures(SAFE | {"pgaudit.log": "none"}) == []
    # A sample rate of 0 samples nothing.
    assert exposures(SAFE | {"log_min_duration_sample": "0", "log_statement_sample_rate": "0"}) == []


def test_the_local_embedded_server_does_not_log_a_failing_statements_text(tmp_path):
    server = start_embedded_server(tmp_path)
    try:
        connection = psycopg2.connect(server.get_uri())
        with connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            assert database_log_exposures(cur) == []
            cur.execute("SHOW log_min_error_statement")
            assert cur.fetchone()["log_min_error_statement"] == "panic"
        connection.close()
    finally:
        server.cleanup()
