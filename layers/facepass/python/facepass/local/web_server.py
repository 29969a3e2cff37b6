"""The local stack's web server (FACEPASS_LOCAL_WEB_PORT, default 8302): the built apps from
web/dist (console at /console/, kiosk at /kiosk/, each falling back to its index.html), their
/config.json, and the OAuth2 endpoints that stand in for the Cognito domain (see oauth.py).
CloudFront + S3 + Cognito play these parts in AWS. The pages carry the apps' security headers and their
Content-Security-Policy <meta> too (facepass/web_headers.py), as in AWS."""

from __future__ import annotations

import json
import logging
import mimetypes
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from facepass.local.oauth import LocalOAuth, OAuthError, error_page, login_page
from facepass.web_headers import origin, security_headers, with_policy_meta
from facepass.web_publish import web_config

logger = logging.getLogger(__name__)

APPS = ("console", "kiosk")
MISSING_BUILD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>FacePass web apps not built</title></head>
<body><main><h1>The web apps are not built yet</h1>
<p>Run <code>make web</code> (it builds <code>web/dist</code>), then reload this page.</p></main></body></html>"""
NOT_FOUND = '<!doctype html><link rel="icon" href="data:,"><title>Not found</title><p>Not found</p>'


def resolve_static(dist: Path, path: str) -> Path | None:
    """The file for a URL path: the file itself, else the app's index.html (SPA routes)."""
    relative = path.lstrip("/")
    root = dist.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    app = relative.split("/", 1)[0]
    if app in APPS and "." not in relative.rsplit("/", 1)[-1]:  # a client-side route, not a missing asset
        index = root / app / "index.html"
        return index if index.is_file() else None
    return None


class LocalWebServer:
    def __init__(self, *, host: str, port: int, dist: Path, oauth_users: dict,
                 api_url_for: Callable[[str], str], storage_url: str | None = None) -> None:
        self.host, self.port, self.dist = host, port, dist
        self.api_url_for = api_url_for  # hostname the browser used -> API base URL on that hostname
        self.storage_url = storage_url  # the local S3: presigned uploads go to it, snapshots come from it
        self.http = ThreadingHTTPServer((host, port), self._handler_class())
        self.port = self.http.server_address[1]
        self.origins = tuple(f"http://{name}:{self.port}" for name in dict.fromkeys((host, "127.0.0.1", "localhost")))
        self.url = self.origins[0]
        self.oauth = LocalOAuth(oauth_users, issuer=f"{self.url}/oauth2", allowed_origins=self.origins)
        self._thread: threading.Thread | None = None

    def start(self) -> LocalWebServer:
        self._thread = threading.Thread(target=self.http.serve_forever, name="local-web", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def origin_for(self, host_header: str | None) -> str:
        origin = f"http://{host_header}" if host_header else self.url
        return origin if origin in self.origins else self.url

    def config_for(self, host_header: str | None) -> dict:
        origin = self.origin_for(host_header)
        return web_config(api_url=self.api_url_for(urlsplit(origin).hostname or self.host), web_url=origin,
                          auth_base=origin, client_id=self.oauth.client_id)

    def policy_origins_for(self, host_header: str | None) -> dict:
        """What the apps' policy (web_headers.py) names here: the API, the sign-in (this server's /oauth2, standing
        in for the Cognito domain) and the local S3, by the host the browser used."""
        page_origin = self.origin_for(host_header)
        storage = [origin(self.storage_url)] if self.storage_url else []
        return {"api_origin": origin(self.api_url_for(urlsplit(page_origin).hostname or self.host)),
                "auth_origin": page_origin, "storage_origins": storage}

    def headers_for(self, host_header: str | None) -> dict[str, str]:
        """The app pages' security headers, as CloudFront's policy sends them in AWS."""
        return security_headers(**self.policy_origins_for(host_header))

    def page_for(self, file: Path, host_header: str | None) -> bytes:
        """A file of the built apps as it is served; an HTML page with the policy's <meta> first in its <head>, as
        `facepass web publish` writes it in AWS (web_headers.with_policy_meta)."""
        body = file.read_bytes()
        return with_policy_meta(body, **self.policy_origins_for(host_header)) if file.suffix == ".html" else body

    def _handler_class(self):
        server = self

        class WebRequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args) -> None:
                logger.debug("%s %s", self.address_string(), format % args)

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                params = dict(parse_qsl(query, keep_blank_values=True))
                if path == "/config.json":
                    return self._json(200, server.config_for(self.headers.get("host")), cache="no-cache", app=True)
                if path == "/oauth2/authorize":
                    try:
                        server.oauth.check_authorize_request(params)
                    except OAuthError as error:
                        return self._html(400, error_page(error.description))
                    return self._html(200, login_page(params))
                if path == "/logout":
                    target = params.get("logout_uri") or params.get("redirect_uri") or ""
                    if params.get("client_id") != server.oauth.client_id or not server.oauth.redirect_allowed(target):
                        return self._html(400, error_page("logout_uri is not registered for this client."))
                    return self._redirect(target)
                if path == "/":
                    return self._redirect("/console/")
                if path == "/favicon.ico":  # the pages declare an empty icon; a browser asking anyway gets none
                    return self._send(204, "image/x-icon", b"", cache="public, max-age=86400")
                if not server.dist.is_dir():
                    return self._html(200 if path.split("/")[1:2] and path.split("/")[1] in APPS else 404,
                                      MISSING_BUILD, app=True)
                file = resolve_static(server.dist, path)
                if file is None:
                    return self._html(404, NOT_FOUND, app=True)
                content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                if content_type.startswith("text/") or content_type in ("application/javascript", "text/javascript"):
                    content_type += "; charset=utf-8"
                cache = "no-cache" if file.name == "index.html" else "public, max-age=3600"
                return self._send(200, content_type, server.page_for(file, self.headers.get("host")), cache=cache,
                                  app=True)

            def do_POST(self) -> None:
                path = self.path.partition("?")[0]
                length = int(self.headers.get("content-length") or 0)
                if length > 64 * 1024:
                    return self._json(413, {"error": "invalid_request", "error_description": "Body too large."})
                form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True))
                if path == "/oauth2/authorize":
                    try:
                        return self._redirect(server.oauth.login(form))
                    except OAuthError as error:
                        if error.status == 401:  # wrong credentials: the form again, with the reason
                            return self._html(401, login_page(form, error=error.description))
                        return self._html(400, error_page(error.description))
                if path == "/oauth2/revoke":  # Cognito's: sign-out ends the refresh token too
                    server.oauth.revoke_refresh(form.get("token", ""))
                    return self._json(200, {}, cache="no-store")
                if path == "/oauth2/token":
                    try:
                        return self._json(200, server.oauth.token(form), cache="no-store")
                    except OAuthError as error:
                        return self._json(error.status, {"error": error.error, "error_description": error.description},
                                          cache="no-store")
                return self._json(404, {"message": "Not Found"})

            def _redirect(self, location: str) -> None:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("location", location)
                self.send_header("content-length", "0")
                self.send_header("cache-control", "no-store")
                self.end_headers()

            def _html(self, status: int, page: str, *, app: bool = False) -> None:
                self._send(status, "text/html; charset=utf-8", page.encode(), cache="no-store", app=app)

            def _json(self, status: int, body: dict, *, cache: str = "no-store", app: bool = False) -> None:
                self._send(status, "application/json", json.dumps(body).encode(), cache=cache, app=app)

            def _send(self, status: int, content_type: str, data: bytes, *, cache: str, app: bool = False) -> None:
                """app: what CloudFront serves in AWS (the apps, config.json), with its security headers; the
                OAuth2 pages stand in for Cognito's hosted UI, which sends its own."""
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("cache-control", cache)
                self.send_header("x-content-type-options", "nosniff")
                if app:
                    for name, value in server.headers_for(self.headers.get("host")).items():
                        self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return WebRequestHandler

