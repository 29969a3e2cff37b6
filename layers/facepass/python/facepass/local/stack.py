"""The whole system on one machine: embedded PostgreSQL, local S3 (moto server + POST policy
checks) with the bucket notification, the API handler behind a local HTTP API, and a poller that
drains S3 notifications into the embedding handler. The handlers are the Lambda code, unchanged."""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from facepass.config import REPO_ROOT, Settings
from facepass.db import migrate, resolve_database_url
from facepass.local.lambda_events import LocalLambdaContext, authorizer_event, http_api_event
from facepass.local.notifications import connect_bucket_to_queue, drain_queue
from facepass.local.s3_server import LocalS3Server
from facepass.local.template import TemplateSpec, load_template
from facepass.local.web_server import LocalWebServer
from facepass.services import Services, make_s3_client

logger = logging.getLogger(__name__)

LOCAL_ACCESS_KEY = "facepass-local"
LOCAL_SECRET_KEY = "facepass-local-secret"  # noqa: S105 - a fixed credential for the loopback-only moto server


def apply_local_environment(spec: TemplateSpec) -> None:
    """What Lambda would set from the template, plus the credentials the local S3 knows."""
    for name, value in spec.environment.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", LOCAL_SECRET_KEY)


def web_bucket_cors(origins: tuple[str, ...]) -> dict:
    """The photo bucket's CORS rules for the web apps (presigned POST uploads, snapshot GETs)."""
    return {"CORSRules": [{"AllowedOrigins": list(origins), "AllowedMethods": ["GET", "POST"],
                           "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 600}]}


def invoke_cleanup_on_running_stack(settings: Settings, *, dry_run: bool, template: Path | None = None) -> dict:
    """What the EventBridge schedule does, against a stack started by `facepass local up`: the cleanup
    handler from template.yaml, with the stack's database and local S3."""
    spec = load_template(template or REPO_ROOT / "template.yaml")
    apply_local_environment(spec)
    local = settings.model_copy(update={
        "database_url": resolve_database_url(settings),
        "s3_endpoint_url": settings.s3_endpoint_url or f"http://127.0.0.1:{settings.local_s3_port}"})
    handler = spec.cleanup.load()
    spec.cleanup.module_object().use_services(Services.from_settings(local))
    return handler({"dry_run": dry_run}, LocalLambdaContext(function_name=spec.cleanup.function))


@dataclass(frozen=True)
class StackAddresses:
    api_url: str
    s3_url: str
    database_url: str
    web_url: str = ""  # the web server: /console/, /kiosk/, /config.json, /oauth2/*

    @property
    def console_url(self) -> str:
        return f"{self.web_url}/console/"

    @property
    def kiosk_url(self) -> str:
        return f"{self.web_url}/kiosk/"


# API Gateway HTTP API quotas: "total combined size of request line and header values" 10,240
# bytes, payload 10 MB. What the gateway answers itself is {"message": ...}, not the API's error shape.
MAX_REQUEST_LINE_AND_HEADERS = 10_240
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
# AWS Lambda quotas: a synchronous invocation's response payload is at most 6 MB; over it the invocation fails and the
# gateway answers 500 (an uncompressed answer too big for it fails locally as in AWS, not only after a deploy).
MAX_FUNCTION_RESPONSE_BYTES = 6 * 1024 * 1024


def over_function_response_limit(response: dict) -> bool:
    """Whether a function's answer (its invocation payload, as Lambda serializes it) is over Lambda's 6 MB."""
    return len(json.dumps(response).encode()) > MAX_FUNCTION_RESPONSE_BYTES
GATEWAY_MESSAGES = {
    HTTPStatus.BAD_REQUEST: "Bad Request",
    HTTPStatus.UNAUTHORIZED: "Unauthorized",
    HTTPStatus.FORBIDDEN: "Forbidden",
    HTTPStatus.NOT_FOUND: "Not Found",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "Request Entity Too Large",
    HTTPStatus.REQUEST_URI_TOO_LONG: "Request-URI Too Long",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "Request Header Fields Too Large",
    HTTPStatus.INTERNAL_SERVER_ERROR: "Internal Server Error",
}


class LocalStack:
    def __init__(self, settings: Settings, *, host: str = "127.0.0.1", api_port: int = 8300, s3_port: int = 8301,
                 template: Path | None = None, poll_interval: float = 0.2, web_port: int = 8302,
                 web_dist: Path | None = None) -> None:
        self.base_settings = settings
        self.host, self.api_port, self.s3_port = host, api_port, s3_port
        self.web_port, self.web_dist = web_port, web_dist or REPO_ROOT / "web" / "dist"
        self.web: LocalWebServer | None = None
        self.spec: TemplateSpec = load_template(template or REPO_ROOT / "template.yaml")
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lambda_lock = threading.Lock()  # one request at a time, like one Lambda container
        self.s3_server: LocalS3Server | None = None
        self.http: ThreadingHTTPServer | None = None
        self.addresses: StackAddresses | None = None

    def start(self) -> StackAddresses:
        apply_local_environment(self.spec)
        os.environ.setdefault("AWS_DEFAULT_REGION", self.base_settings.aws_region)
        self.s3_server = LocalS3Server(host=self.host, port=self.s3_port, secrets={
            os.environ["AWS_ACCESS_KEY_ID"]: os.environ["AWS_SECRET_ACCESS_KEY"]}).start()
        database_url = resolve_database_url(self.base_settings)
        migrate(database_url, self.base_settings.migrations_dir)
        settings = self.base_settings.model_copy(update={"database_url": database_url,
                                                         "s3_endpoint_url": self.s3_server.url})
        # The handlers read their settings from the environment at import, as in Lambda.
        os.environ.update({"DATABASE_URL": database_url, "FACEPASS_S3_ENDPOINT_URL": self.s3_server.url,
                           "FACEPASS_BUCKET": settings.bucket, "FACEPASS_MODEL_DIR": str(settings.model_dir),
                           "FACEPASS_MODEL_PACK": settings.model_pack})
        self.settings = settings
        s3 = make_s3_client(settings)
        s3.create_bucket(Bucket=settings.bucket)
        import boto3

        self.sqs = boto3.client("sqs", region_name=settings.aws_region, endpoint_url=self.s3_server.url)
        self.queue_url = connect_bucket_to_queue(s3, self.sqs, bucket=settings.bucket, prefix=self.spec.enroll_prefix)

        # Each function gets its own services (its own database connection), as separate Lambdas would.
        self.api_handler = self.spec.api.load()
        self._inject(self.spec.api, Services.from_settings(settings))
        self.embedding_handler = self.spec.embedding.load()
        self._inject(self.spec.embedding, Services.from_settings(settings))
        self.cleanup_handler = self.spec.cleanup.load()
        self._inject(self.spec.cleanup, Services.from_settings(settings))
        self.authorizer_handlers = {}
        self._authorizer_answers: dict[tuple, tuple] = {}  # (authorizer, identity) -> (expires, status, context)
        for name, authorizer in self.spec.lambda_authorizers.items():
            self.authorizer_handlers[name] = authorizer.handler.load()
            self._inject(authorizer.handler, Services.from_settings(settings))

        self.http = ThreadingHTTPServer((self.host, self.api_port), self._request_handler_class())
        api_port = self.http.server_address[1]
        self.web = LocalWebServer(host=self.host, port=self.web_port, dist=self.web_dist,
                                  oauth_users=settings.local_users,
                                  api_url_for=lambda hostname: f"http://{hostname}:{api_port}",
                                  storage_url=self.s3_server.url).start()
        self.cors_origins = self.web.origins  # the template's AllowOrigins is the CloudFront URL in AWS
        # Browsers upload enrollment photos (presigned POST) and show snapshots straight from S3.
        s3.put_bucket_cors(Bucket=settings.bucket, CORSConfiguration=web_bucket_cors(self.cors_origins))
        self._spawn("local-api", self.http.serve_forever)
        self._spawn("s3-notifications", self._poll_notifications)
        self.addresses = StackAddresses(api_url=f"http://{self.host}:{api_port}", s3_url=self.s3_server.url,
                                        database_url=database_url, web_url=self.web.url)
        return self.addresses

    def _inject(self, spec, services: Services) -> None:
        module = spec.module_object()
        if not hasattr(module, "use_services"):  # the API function keeps them in its dependencies module
            import dependencies as module
        module.use_services(services)

    def _spawn(self, name: str, target) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _poll_notifications(self) -> None:
        while not self._stop.is_set():
            try:
                drain_queue(self.sqs, self.queue_url, self.invoke_embedding,
                            lambda: LocalLambdaContext(function_name=self.spec.embedding.function))
            except Exception:  # a failed delivery stays in the queue: the next drain retries it
                logger.exception("embedding handler failed; the upload will be retried")
            self._stop.wait(self.poll_interval)

    def invoke_embedding(self, event: dict, context) -> dict:
        return self.embedding_handler(event, context)

    def run_cleanup(self, *, dry_run: bool = False) -> dict:
        return self.cleanup_handler({"dry_run": dry_run}, LocalLambdaContext(function_name=self.spec.cleanup.function))

    def claims_for(self, authorization: str | None) -> dict | None:
        """The JWT authorizer's part: static local tokens, turned into claims shaped like a Cognito
        access token's, or access tokens from the local OAuth2 sign-in (the console's)."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        scopes = self.settings.local_api_tokens.get(token)
        if scopes is None:
            return self.web.oauth.access_claims(token) if self.web else None
        return {"sub": f"local:{token}", "client_id": "local", "scope": scopes, "token_use": "access"}

    def invoke_api(self, event: dict) -> dict:
        with self._lambda_lock:
            return self.api_handler(event, LocalLambdaContext(function_name=self.spec.api.function))

    def expire_authorizer_answers(self) -> None:
        """End every cached authorizer answer now, as the ReauthorizeEvery window would."""
        self._authorizer_answers.clear()

    def authorize_with_lambda(self, name: str, route, event: dict) -> tuple[int, dict | None]:
        """What API Gateway does for a route with a Lambda authorizer (simple responses): no identity
        source -> 401 without calling it; isAuthorized false -> 403; else its context for the API."""
        authorizer = self.spec.lambda_authorizers[name]
        identity = [event["headers"].get(header.lower()) for header in authorizer.identity_headers]
        if not all(identity):
            return HTTPStatus.UNAUTHORIZED, None
        cache_key = (name, tuple(identity))
        cached = self._authorizer_answers.get(cache_key)
        if cached and cached[0] > time.monotonic():  # API Gateway's result cache (ReauthorizeEvery)
            return cached[1], (dict(cached[2]) if cached[2] is not None else None)
        request = authorizer_event(event, route_key=f"{route.method} {route.path}", identity_source=identity)
        context = LocalLambdaContext(function_name=authorizer.handler.function)
        try:
            with self._lambda_lock:  # one request at a time, as elsewhere in this imitation
                answer = self.authorizer_handlers[name](request, context)
        except Exception:  # API Gateway: an authorizer that fails is a 500, never a pass (and is not cached)
            logger.exception("the %s authorizer failed", name)
            return HTTPStatus.INTERNAL_SERVER_ERROR, None
        if not isinstance(answer, dict) or answer.get("isAuthorized") is not True:
            status, granted = HTTPStatus.FORBIDDEN, None
        else:
            status, granted = HTTPStatus.OK, dict(answer.get("context") or {})
        if authorizer.cache_seconds:
            self._authorizer_answers[cache_key] = (time.monotonic() + authorizer.cache_seconds, status, granted)
        return status, granted

    def cors_headers(self, origin: str | None) -> dict[str, str]:
        if not origin or origin not in self.cors_origins or self.spec.cors is None:
            return {}
        headers = {"access-control-allow-origin": origin, "vary": "origin"}
        if self.spec.cors.expose_headers:  # what a page may read of an answer (X-Next-Cursor of a CSV page)
            headers["access-control-expose-headers"] = ",".join(self.spec.cors.expose_headers)
        return headers

    def preflight(self, origin: str | None, method: str | None) -> dict[str, str] | None:
        """API Gateway answers CORS preflight itself (CorsConfiguration); None = not a preflight."""
        cors = self.spec.cors
        if cors is None or not origin or not method:
            return None
        headers = self.cors_headers(origin)
        if headers and method.upper() in cors.allow_methods:
            headers.update({"access-control-allow-methods": ",".join(cors.allow_methods),
                            "access-control-allow-headers": ",".join(cors.allow_headers),
                            "access-control-max-age": str(cors.max_age)})
        else:
            headers = {}
        return headers

    def _request_handler_class(self):
        stack = self

        class ApiGatewayRequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each response waits ~40 ms for the client's delayed ACK

            def log_message(self, format: str, *args) -> None:
                logger.debug("%s %s", self.address_string(), format % args)

            def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
                """Protocol-level refusals (request line or headers too long, bad syntax) in API
                Gateway's shape, {"message": ...} in JSON, never http.server's HTML page."""
                status = HTTPStatus(code) if code < 500 else HTTPStatus.BAD_REQUEST  # e.g. 505 bad version
                if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
                    self.request_version = "HTTP/1.1"  # else http.server omits the status line (HTTP/0.9)
                self._send_gateway_error(status)

            def _send_gateway_error(self, status: HTTPStatus) -> None:
                self.close_connection = True  # an unread body may follow: never reuse the connection
                self._send(status, {"content-type": "application/json"},
                           json.dumps({"message": GATEWAY_MESSAGES.get(status, status.phrase)}).encode())

            def _gateway_refusal(self) -> HTTPStatus | None:
                """What API Gateway refuses before any route is looked up."""
                header_bytes = len(self.raw_requestline) + sum(len(k) + len(v) + 4 for k, v in self.headers.items())
                if len(self.raw_requestline) > MAX_REQUEST_LINE_AND_HEADERS:
                    return HTTPStatus.REQUEST_URI_TOO_LONG
                if header_bytes > MAX_REQUEST_LINE_AND_HEADERS:
                    return HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                lengths = {value.strip() for value in self.headers.get_all("content-length") or []}
                if len(lengths) > 1 or any(not (value.isascii() and value.isdigit()) for value in lengths):
                    return HTTPStatus.BAD_REQUEST  # "abc", "-1", "1, 2", two different lengths
                if lengths and self.headers.get("transfer-encoding"):
                    return HTTPStatus.BAD_REQUEST  # both framings: a request-smuggling shape
                if lengths and int(next(iter(lengths))) > MAX_PAYLOAD_BYTES:
                    return HTTPStatus.REQUEST_ENTITY_TOO_LARGE
                return None

            def _read_body(self) -> bytes | HTTPStatus | None:
                encoding = (self.headers.get("transfer-encoding") or "").strip().lower()
                if encoding:
                    return self._read_chunked() if encoding == "chunked" else HTTPStatus.BAD_REQUEST
                length = int(self.headers.get("content-length") or 0)
                return self.rfile.read(length) if length else None

            def _read_chunked(self) -> bytes | HTTPStatus:
                body = bytearray()
                while True:
                    size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
                    try:
                        size = int(size_line, 16)
                    except ValueError:
                        return HTTPStatus.BAD_REQUEST
                    if size < 0:
                        return HTTPStatus.BAD_REQUEST
                    if len(body) + size > MAX_PAYLOAD_BYTES:
                        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE
                    if size == 0:
                        while self.rfile.readline(8192).strip():  # trailers
                            pass
                        return bytes(body)
                    body += self.rfile.read(size)
                    if self.rfile.readline(4).strip():
                        return HTTPStatus.BAD_REQUEST

            def _event_headers(self) -> dict[str, str]:
                """Header names lower-cased, repeated headers joined with commas (payload v2)."""
                headers: dict[str, str] = {}
                for key, value in self.headers.items():
                    key = key.lower()
                    headers[key] = f"{headers[key]},{value}" if key in headers else value
                return headers

            def _serve(self) -> None:
                self._cors = stack.cors_headers(self.headers.get("origin"))
                path, _, query = self.path.partition("?")
                refusal = self._gateway_refusal()
                body = self._read_body() if refusal is None else None
                if isinstance(body, HTTPStatus):
                    refusal = body
                if refusal is not None:
                    return self._send_gateway_error(refusal)
                origin = self.headers.get("origin")
                if self.command == "OPTIONS":
                    preflight = stack.preflight(origin, self.headers.get("access-control-request-method"))
                    if preflight is not None:
                        self._cors = {}
                        return self._send(HTTPStatus.NO_CONTENT, preflight, b"")
                route = stack.spec.route_for(self.command, path)
                if route is None:  # API Gateway answers unknown routes itself
                    return self._send_gateway_error(HTTPStatus.NOT_FOUND)
                claims = context = None
                headers = self._event_headers()
                if route.authorizer in stack.spec.lambda_authorizers:
                    event = http_api_event(self.command, path, query=query, headers=headers, body=body,
                                           source_ip=self.client_address[0])
                    status, context = stack.authorize_with_lambda(route.authorizer, route, event)
                    if context is None:
                        return self._send_gateway_error(HTTPStatus(status))
                elif not route.open:  # the JWT authorizer's part: no valid token, no Lambda call
                    claims = stack.claims_for(self.headers.get("authorization"))
                    if claims is None:
                        return self._send_gateway_error(HTTPStatus.UNAUTHORIZED)
                event = http_api_event(self.command, path, query=query, headers=headers, body=body,
                                       source_ip=self.client_address[0], authorizer_claims=claims,
                                       authorizer_context=context)
                try:
                    response = stack.invoke_api(event)
                except Exception:  # the function failed: API Gateway answers 500 in its own shape
                    logger.exception("the API function raised")
                    return self._send_gateway_error(HTTPStatus.INTERNAL_SERVER_ERROR)
                if over_function_response_limit(response):
                    logger.error("the API function's answer is over Lambda's %d bytes", MAX_FUNCTION_RESPONSE_BYTES)
                    return self._send_gateway_error(HTTPStatus.INTERNAL_SERVER_ERROR)
                content = response.get("body") or ""
                data = base64.b64decode(content) if response.get("isBase64Encoded") else content.encode()
                headers = {key.lower(): value for key, value in (response.get("headers") or {}).items()}
                for key, values in (response.get("multiValueHeaders") or {}).items():
                    headers[key.lower()] = ", ".join(values)
                return self._send(response["statusCode"], headers, data)

            def _send(self, status: int, headers: dict, data: bytes) -> None:
                self.send_response(status)
                headers = {**headers, **getattr(self, "_cors", {})}
                for key, value in headers.items():
                    if key not in ("content-length", "connection"):
                        self.send_header(key, value)
                if self.close_connection:
                    self.send_header("connection", "close")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def __getattr__(self, name: str):
                # Every method (TRACE, QUERY, ...) goes through the route table, as at API Gateway.
                if name.startswith("do_"):
                    return self._serve
                raise AttributeError(name)

        return ApiGatewayRequestHandler

    def stop(self) -> None:
        self._stop.set()
        if self.http:
            self.http.shutdown()
            self.http.server_close()
        if self.web:
            self.web.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        if self.s3_server:
            self.s3_server.stop()
