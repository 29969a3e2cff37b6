"""PostgreSQL's own logs and face vectors: the driver binds every value apart from the statement's text, so a
statement PostgreSQL logs shows `$1` where the face was, and only settings that log parameters would keep faces where
erasure never reaches. The daily cleanup reports those; the local embedded server also logs no failing statement's
text."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import psycopg
import pytest
from psycopg.rows import dict_row

from facepass import repository
from facepass.database_logs import database_log_exposures, exposures
from facepass.db import start_embedded_server
from facepass.retention import run_cleanup

SAFE = {"log_statement": "ddl", "log_min_duration_statement": "-1", "log_min_duration_sample": "-1",
        "log_statement_sample_rate": "1", "log_transaction_sample_rate": "0", "log_parameter_max_length": "-1",
        "log_min_error_statement": "error", "log_parameter_max_length_on_error": "0"}
# A face vector's values as PostgreSQL prints them (float4: 0.12345679) and as psycopg2 wrote them into the text.
FACE_VALUE, FACE_DIGITS = 0.123456789, "0.1234567"


@pytest.fixture
def cursor(db):
    """The application's own connection (closed after the test, with what the test SET on it)."""
    with db.reading() as cur:
        yield cur


def test_a_search_sends_the_probe_apart_from_the_statement_text(cursor):
    """What PostgreSQL receives as the statement (and would log as its text) holds `$1`, not the face vector."""
    probe = np.full(128, 0.0625, dtype=np.float32)
    repository.nearest_employees(cursor, model_id="sface-2021dec", dimension=128, embedding=probe, candidates=5,
                                 prepared=True)
    cursor.execute("SELECT statement, parameter_types::text[] AS types FROM pg_prepared_statements")
    (prepared,) = cursor.fetchall()
    assert prepared["types"] == ["vector"] and "$1::vector(128)" in prepared["statement"]
    assert "0.0625" not in prepared["statement"] and "fe.model_id = 'sface-2021dec'" in prepared["statement"]


def failing_face_statements(cur) -> None:
    """Two statements that carry a face and fail, as a deployment's may: an insert of a face whose person was erased
    meanwhile (a foreign key), and identify's prepared search with a probe PostgreSQL refuses."""
    face = np.full(128, FACE_VALUE, dtype=np.float32)
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        repository.insert_face_embedding(cur, employee_id=uuid.uuid4(), model_id="sface-2021dec", embedding=face,
                                         quality={}, source_key=f"logs/{uuid.uuid4()}")
    with pytest.raises(psycopg.errors.DataException, match="dimensions"):
        repository.nearest_employees(cur, model_id="sface-2021dec", dimension=128, embedding=face[:127],
                                     candidates=5, prepared=True)


def logged_by_failing_face_statements(cur, log: Path) -> str:
    """What the server's log gained while failing_face_statements ran."""
    start = log.stat().st_size
    failing_face_statements(cur)
    return log.read_bytes()[start:].decode(errors="replace")


def exposure_names(cur) -> list[str]:
    """The settings database_log_exposures names (each line's first word: `name=value`), in its order."""
    return [line.split(" ", 1)[0] for line in database_log_exposures(cur)]


def test_a_failing_statement_is_logged_without_the_face_it_carried(db, pg_server):
    """PostgreSQL's default (as RDS's): a failing statement is logged with its text (log_min_error_statement = error)
    and without its parameters (log_parameter_max_length_on_error = 0). The log has the statements, not the faces;
    with the parameters logged on error it would have them (what the cleanup's check is for)."""
    log = pg_server.log
    with db.autocommit() as cur:
        cur.execute("SET log_min_error_statement = error")
        cur.execute("SET log_parameter_max_length_on_error = 0")
        assert database_log_exposures(cur) == []
        logged = logged_by_failing_face_statements(cur, log)
        assert "STATEMENT:  INSERT INTO face_embeddings" in logged and "VALUES ($1, $2, $3," in logged
        assert "STATEMENT:  WITH nearest AS" in logged and "$1::vector(128)" in logged
        assert FACE_DIGITS not in logged

        cur.execute("SET log_parameter_max_length_on_error = -1")
        assert exposure_names(cur) == ["log_parameter_max_length_on_error=-1"]
        assert FACE_DIGITS in logged_by_failing_face_statements(cur, log)

        # The parameters are part of the error (CONTEXT), not of its STATEMENT line: `panic` there does not help.
        cur.execute("SET log_min_error_statement = panic")
        assert exposure_names(cur) == ["log_parameter_max_length_on_error=-1"]
        logged = logged_by_failing_face_statements(cur, log)
        assert "STATEMENT:" not in logged and "with parameters: $1" in logged and FACE_DIGITS in logged


def test_the_default_server_logs_no_parameters_and_the_cleanup_reports_nothing(cursor, services):
    cursor.execute("SHOW log_min_error_statement")
    assert cursor.fetchone()["log_min_error_statement"] == "error"  # the statement's text, with `$1` for the face
    assert database_log_exposures(cursor) == []
    report = run_cleanup(services.db, services.s3, services.settings, dry_run=True)
    assert report.database_log_exposures == []


def test_each_setting_that_logs_parameters_is_named_as_this_connection_sees_it(cursor):
    for statement, name in [("SET log_statement = 'mod'", "log_statement=mod"),
                            ("SET log_statement = 'all'", "log_statement=all"),
                            ("SET log_min_duration_statement = 0", "log_min_duration_statement=0"),
                            ("SET log_min_duration_sample = 250", "log_min_duration_sample=250"),
                            ("SET log_transaction_sample_rate = 0.01", "log_transaction_sample_rate=0.01"),
                            ("SET log_parameter_max_length_on_error = 64", "log_parameter_max_length_on_error=64"),
                            ("SET debug_print_plan = on", "debug_print_plan=on")]:
        cursor.execute(statement)
        assert exposure_names(cursor) == [name], statement
        # The same logging without the parameters: the statement's text (`$1`), never a face. Not for the error's
        # own parameters (log_min_error_statement governs only its STATEMENT line) nor for plans (constants).
        cursor.execute("SET log_parameter_max_length = 0")
        cursor.execute("SET log_min_error_statement = panic")
        still = name.startswith(("log_parameter_max_length_on_error", "debug_print"))
        assert exposure_names(cursor) == ([name] if still else []), statement
        cursor.execute("RESET ALL")
    cursor.execute("SET log_statement = 'ddl'")  # DDL is never a face
    assert database_log_exposures(cursor) == []
    # Any length but 0 logs a face's first values at least.
    cursor.execute("SET log_statement = 'all'")
    cursor.execute("SET log_parameter_max_length = 16")
    assert exposure_names(cursor) == ["log_statement=all"]


def test_extension_settings_that_log_parameters_are_named_too():
    logging = {"auto_explain.log_parameter_max_length": "-1", "pgaudit.log_parameter": "on"}
    assert exposures(SAFE | logging | {"auto_explain.log_min_duration": "-1", "pgaudit.log": "ddl, role"}) == []
    found = exposures(SAFE | logging | {"auto_explain.log_min_duration": "100", "pgaudit.log": "DDL,-misc, Write"})
    assert len(found) == 2 and found[0].startswith("auto_explain.log_min_duration=100 logs")
    assert found[1].startswith("pgaudit.log=DDL,-misc, Write logs")
    # pgaudit without its parameters (its default): the text only.
    assert exposures(SAFE | {"pgaudit.log": "write", "pgaudit.log_parameter": "off"}) == []
    # auto_explain's plans hold a search's probe as a constant, whatever its parameter length says.
    (found,) = exposures(SAFE | {"auto_explain.log_min_duration": "100", "auto_explain.log_parameter_max_length": "0"})
    assert found.startswith("auto_explain.log_min_duration=100 logs")
    # Classes taken away are not logged; `all` less ours is safe, `all` alone is not.
    assert exposures(SAFE | logging | {"pgaudit.log": "ddl, -read, -write, -function"}) == []
    assert exposures(SAFE | logging | {"pgaudit.log": "all,-read,-write,-function"}) == []
    assert len(exposures(SAFE | logging | {"pgaudit.log": "all, -write"})) == 1
    assert exposures(SAFE | logging | {"pgaudit.log": "none"}) == []
    # A sample rate of 0 samples nothing.
    assert exposures(SAFE | {"log_min_duration_sample": "0", "log_statement_sample_rate": "0"}) == []


def test_the_local_embedded_server_does_not_log_a_failing_statements_text(tmp_path):
    server = start_embedded_server(tmp_path)
    try:
        connection = psycopg.connect(server.get_uri())
        with connection.cursor(row_factory=dict_row) as cur:
            assert database_log_exposures(cur) == []
            cur.execute("SHOW log_min_error_statement")
            assert cur.fetchone()["log_min_error_statement"] == "panic"
        connection.close()
    finally:
        server.cleanup()
