"""Migrations: applied once, recorded, each in a transaction; a second run is a no-op."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb

from facepass.config import Settings
from facepass.db import list_migrations, migrate
from tests.conftest import create_database

VERSIONS_NOW = [migration.version for migration in list_migrations(Settings().migrations_dir)]


def test_migrating_twice_applies_everything_once(pg_server):
    url = create_database(pg_server, "t_migrate_twice")
    versions = [m.version for m in list_migrations(Settings().migrations_dir)]
    assert migrate(url, Settings().migrations_dir) == versions
    assert migrate(url, Settings().migrations_dir) == []
    connection = psycopg.connect(url)
    with connection.cursor() as cur:
        cur.execute("SELECT version FROM schema_migrations ORDER BY version")
        assert [row[0] for row in cur.fetchall()] == versions
        cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        assert cur.fetchone()[0].startswith("0.8")
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'face_embeddings' AND indexdef LIKE '%hnsw%'")
        assert {row[0] for row in cur.fetchall()} == {"face_embeddings_sface_hnsw", "face_embeddings_buffalo_s_hnsw",
                                                      "face_embeddings_buffalo_l_hnsw"}
        cur.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'face_embeddings'::regclass "
                    "AND attname = 'embedding'")
        assert cur.fetchone()[0] == "p"  # PLAIN: vectors stay inline for exact re-ranking
    connection.close()


def test_a_failing_migration_leaves_nothing_half_applied(pg_server, tmp_path):
    url = create_database(pg_server, "t_migrate_failure")
    (tmp_path / "0001_ok.sql").write_text("CREATE TABLE first_table (id int);")
    (tmp_path / "0002_broken.sql").write_text("CREATE TABLE second_table (id int); SELECT * FROM missing_table;")
    try:
        migrate(url, tmp_path)
        raise AssertionError("the broken migration must raise")
    except psycopg.errors.UndefinedTable:
        pass
    connection = psycopg.connect(url)
    with connection.cursor() as cur:
        cur.execute("SELECT version FROM schema_migrations")
        assert [row[0] for row in cur.fetchall()] == ["0001_ok"]
        cur.execute("SELECT to_regclass('second_table')")
        assert cur.fetchone()[0] is None
    connection.close()


def test_cli_migrates_a_database_url(pg_server):
    import os
    import subprocess
    import sys

    url = create_database(pg_server, "t_migrate_cli")
    env = dict(os.environ, DATABASE_URL=url)
    first = subprocess.run([sys.executable, "-m", "facepass.cli", "db", "migrate", "--production"], env=env,
                           capture_output=True, text=True, check=True)
    target, result = first.stdout.splitlines()[:2]
    assert target.startswith("database: ") and target.endswith("/t_migrate_cli (from DATABASE_URL)")
    assert result.startswith("applied: 0001_core_schema")
    assert first.stderr == ""
    second = subprocess.run([sys.executable, "-m", "facepass.cli", "db", "migrate"], env=env, capture_output=True,
                            text=True, check=True)
    assert second.stdout.splitlines()[1] == "database is up to date"


def test_cli_migrates_the_embedded_default(tmp_path):
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["FACEPASS_DATA_DIR"] = str(tmp_path / "state")
    result = subprocess.run([sys.executable, "-m", "facepass.cli", "db", "migrate"], env=env, capture_output=True,
                            text=True, check=True, timeout=120)
    pgdata = tmp_path / "state" / "pgdata"
    assert f"WARNING: no DATABASE_URL or secret set - migrating the EMBEDDED local PostgreSQL at {pgdata}" \
        in result.stderr
    assert f"(from EMBEDDED local PostgreSQL at {pgdata})" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[1].startswith("applied: 0001_core_schema")
    assert (pgdata / "PG_VERSION").is_file()


def test_cli_in_production_mode_refuses_the_embedded_default(tmp_path):
    """A mistyped DATABASE_URL must not migrate a local database and say so as if RDS were done."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "FACEPASS_DATABASE_URL", "FACEPASS_DATABASE_SECRET_ARN")}
    env["FACEPASS_DATA_DIR"] = str(tmp_path / "state")
    env["DATABSE_URL"] = "postgresql://typo@db.example.com/facepass"
    result = subprocess.run([sys.executable, "-m", "facepass.cli", "db", "migrate", "--production"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "refusing: --production needs DATABASE_URL or --secret-arn" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "state" / "pgdata").exists()


def test_health_reports_a_schema_behind_the_code(pg_server, tmp_path):
    """A deploy whose migration did not run: /health answers 503 schema_behind, naming what is missing."""
    from facepass.services import Services
    from tests.conftest import ApiClient

    import api_handler
    import dependencies

    latest = VERSIONS_NOW[-1]
    url = migrated_before(pg_server, tmp_path, "t_health_behind", latest)
    dependencies.use_services(Services.from_settings(Settings(database_url=url), s3=object()))
    try:
        behind = ApiClient(api_handler.lambda_handler).get("/health", claims=None)
        assert behind.status == 503
        assert behind.json() == {"status": "schema_behind", "database": "ok", "schema_version": VERSIONS_NOW[-2],
                                 "code_schema_version": latest, "pending_migrations": [latest],
                                 "model_pack": "sface", "models": "ok"}
        migrate(url, Settings().migrations_dir)
        caught_up = ApiClient(api_handler.lambda_handler).get("/health", claims=None)
        assert caught_up.status == 200
        assert caught_up.json()["status"] == "ok" and caught_up.json()["pending_migrations"] == []
    finally:
        dependencies.use_services(None)


def migrated_before(pg_server, tmp_path, name: str, version: str) -> str:
    """A new database with the migrations before `version` applied: a deployed one about to upgrade."""
    import shutil

    url = create_database(pg_server, name)
    before = tmp_path / "before"
    before.mkdir()
    for migration in list_migrations(Settings().migrations_dir):
        if migration.version < version:
            shutil.copy(migration.path, before)
    migrate(url, before)
    return url


def test_the_gallery_size_migration_counts_a_gallery_that_exists(pg_server, tmp_path):
    """A deployed database upgrading to 0006: the kept sizes start from its faces (inactive people out)."""
    url = migrated_before(pg_server, tmp_path, "t_migrate_gallery", "0006")
    connection = psycopg.connect(url)
    with connection.transaction(), connection.cursor() as cur:
        cur.execute("""INSERT INTO employees (id, full_name, email, is_active) VALUES
                       ('00000000-0000-0000-0000-000000000001', 'a', 'a@t.invalid', true),
                       ('00000000-0000-0000-0000-000000000002', 'b', 'b@t.invalid', true),
                       ('00000000-0000-0000-0000-000000000003', 'c', 'c@t.invalid', false)""")
        cur.execute("""INSERT INTO face_embeddings (employee_id, model_id, embedding, source_key)
                       SELECT ('00000000-0000-0000-0000-00000000000' || p)::uuid, 'sface-2021dec',
                              array_fill(0.1, ARRAY[128])::real[]::vector, 'k' || p || n
                       FROM (VALUES (1, 1), (1, 2), (2, 1), (3, 1)) AS f (p, n)""")
    assert migrate(url, Settings().migrations_dir)[0].startswith("0006")
    with connection.cursor() as cur:
        cur.execute("SELECT model_id, people FROM gallery_sizes")
        assert cur.fetchall() == [("sface-2021dec", 2)]
    connection.close()


def test_a_server_whose_pgvector_is_too_old_is_refused_before_anything_changes():
    from facepass.db import pgvector_problem

    assert pgvector_problem("0.8.0", "0.8.0") is None and pgvector_problem(None, "0.8.1") is None
    assert "not available" in pgvector_problem(None, None)
    assert "0.7.4 is too old" in pgvector_problem(None, "0.7.4")
    assert "ALTER EXTENSION vector UPDATE" in pgvector_problem("0.5.1", "0.8.0")  # created long ago, newer offered
    assert pgvector_problem("0.10.0", None) is None


def test_the_matched_employee_migration_keeps_whom_the_face_matched_through_reassignments(pg_server, tmp_path):
    """A deployed database upgrading to 0009: a reassigned event's face evidence goes back to whom it matched."""
    url = migrated_before(pg_server, tmp_path, "t_migrate_matched", "0009")
    alice, bob = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"
    connection = psycopg.connect(url)
    with connection.transaction(), connection.cursor() as cur:
        cur.execute("INSERT INTO employees (id, full_name, email) VALUES (%s, 'a', 'a@t.invalid'), "
                    "(%s, 'b', 'b@t.invalid')", (alice, bob))
        events = {}
        for name, employee, status in (("clean", alice, "recognized"), ("moved", bob, "recognized"),
                                       ("unknown_moved", bob, "unknown"), ("unknown", None, "unknown")):
            cur.execute("INSERT INTO attendance_log (employee_id, event_type, similarity, trace_id, status) "
                        "VALUES (%s, 'entry', 0.6, gen_random_uuid(), %s) RETURNING id", (employee, status))
            events[name] = cur.fetchone()[0]
        cur.execute("INSERT INTO attendance_log (employee_id, event_type, trace_id, status, review_state, "
                    "entered_by) VALUES (%s, 'exit', gen_random_uuid(), 'recognized', 'confirmed', 'hr') "
                    "RETURNING id", (alice,))
        events["manual"] = cur.fetchone()[0]
        # Moved twice: Alice's face, reassigned to Carol, then to Bob; an unknown face reassigned to Bob.
        for event, was, now in ((events["moved"], alice, "00000000-0000-0000-0000-00000000000c"),
                                (events["moved"], "00000000-0000-0000-0000-00000000000c", bob),
                                (events["unknown_moved"], None, bob)):
            cur.execute("INSERT INTO attendance_audit (attendance_id, action, actor, before, after) "
                        "VALUES (%s, 'reassign', 'hr', %s, %s)",
                        (event, Jsonb({"employee_id": was}), Jsonb({"employee_id": now})))
    assert migrate(url, Settings().migrations_dir)[0].startswith("0009")
    with connection.cursor() as cur:
        cur.execute("SELECT id, matched_employee_id::text FROM attendance_log")
        matched = dict(cur.fetchall())
    connection.close()
    assert {name: matched[event] for name, event in events.items()} == {
        "clean": alice, "moved": alice, "unknown_moved": None, "unknown": None, "manual": None}
