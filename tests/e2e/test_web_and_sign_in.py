"""The local stack over real HTTP, browser-facing parts: the device authorizer as API Gateway runs
it, CORS preflight, the web server (apps, config.json) and the OAuth2 code + PKCE sign-in."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from facepass.client import FacePassClient
from facepass.web_headers import PERMISSIONS_POLICY, content_security_policy
from tests.conftest import fixture_bytes, running_stack

HR_USER, HR_PASSWORD = "hr@example.com", "facepass-local"


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    for app in ("console", "kiosk"):
        (dist / app / "assets").mkdir(parents=True)
        (dist / app / "index.html").write_text(f"<!doctype html><title>{app}</title><div id=app>{app}</div>")
        (dist / app / "assets" / "main-abc123.js").write_text("console.log('hi')")
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("data"), "web", web_dist=dist) as local:
        yield local, local.addresses


def admin(addresses) -> FacePassClient:
    return FacePassClient(addresses.api_url, token="local-admin-token")


def test_kiosk_routes_go_through_the_device_authorizer(stack):
    local, addresses = stack
    photo = fixture_bytes("other/skimage_astronaut.png")
    url = f"{addresses.api_url}/attendance/check-in"
    missing = requests.post(url, data=photo, headers={"content-type": "image/png"}, timeout=30)
    assert missing.status_code == 401 and missing.json() == {"message": "Unauthorized"}
    for token in ("fpd_not-a-real-token", "local-admin-token"):  # an admin JWT is no device token
        refused = requests.post(url, data=photo, headers={"content-type": "image/png",
                                                          "authorization": f"Bearer {token}"}, timeout=30)
        assert refused.status_code == 403 and refused.json() == {"message": "Forbidden"}, token

    created = admin(addresses).create_device("Lobby", timezone="Europe/London")
    kiosk = FacePassClient(addresses.api_url)
    paired = kiosk.pair(created["pairing_code"])
    assert kiosk.request("GET", "/devices/me").body["id"] == created["device"]["id"]
    response = kiosk.check(photo)
    assert response.status == 201 and response.body["event"]["device_id"] == created["device"]["id"]
    # The header anyone can set changes nothing.
    spoofed = kiosk.session.post(url, data=photo, timeout=30,
                                 headers={"content-type": "image/png", "x-device-id": "someone-else"})
    assert spoofed.json()["event"]["device_id"] == created["device"]["id"]

    admin(addresses).request("DELETE", f"/devices/{created['device']['id']}")
    # Within the authorizer's cache window (ReauthorizeEvery, 60 s) the API's own re-check refuses the device...
    after = kiosk.session.post(url, data=photo, headers={"content-type": "image/png"}, timeout=30)
    assert after.status_code == 401 and after.json()["error"]["code"] == "device_revoked"
    # ... and after it the authorizer itself does (the window ended here instead of waited for).
    local.expire_authorizer_answers()
    after = kiosk.session.post(url, data=photo, headers={"content-type": "image/png"}, timeout=30)
    assert after.status_code == 403 and after.json() == {"message": "Forbidden"}
    assert paired["device_token"] not in requests.get(f"{addresses.api_url}/openapi.json", timeout=10).text


def test_cors_preflight_and_headers_follow_the_template(stack):
    local, addresses = stack
    origin = addresses.web_url
    preflight = requests.options(f"{addresses.api_url}/employees", timeout=10, headers={
        "origin": origin, "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    assert set(preflight.headers["access-control-allow-headers"].split(",")) == {
        "authorization", "content-type", "idempotency-key"}
    assert "DELETE" in preflight.headers["access-control-allow-methods"].split(",")
    assert preflight.headers["access-control-max-age"] == "600"
    foreign = requests.options(f"{addresses.api_url}/employees", timeout=10, headers={
        "origin": "https://evil.example", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in foreign.headers
    answered = requests.get(f"{addresses.api_url}/employees", timeout=10,
                            headers={"origin": origin, "authorization": "Bearer local-admin-token"})
    assert answered.status_code == 200 and answered.headers["access-control-allow-origin"] == origin
    refused = requests.get(f"{addresses.api_url}/employees", timeout=10, headers={"origin": origin})
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == origin
    # The photo bucket lets the console upload (presigned POST) from the web origin.
    s3_preflight = requests.options(f"{addresses.s3_url}/{local.settings.bucket}", timeout=10, headers={
        "origin": origin, "access-control-request-method": "POST"})
    assert s3_preflight.status_code == 200
    assert s3_preflight.headers.get("access-control-allow-origin") == origin


def test_web_server_serves_the_apps_and_their_config(stack):
    local, addresses = stack
    web = addresses.web_url
    assert addresses.console_url == f"{web}/console/" and addresses.kiosk_url == f"{web}/kiosk/"
    config = requests.get(f"{web}/config.json", timeout=10)
    assert config.headers["cache-control"] == "no-cache"
    assert config.json() == {
        "apiUrl": addresses.api_url,
        "auth": {"authorizeUrl": f"{web}/oauth2/authorize", "tokenUrl": f"{web}/oauth2/token",
                 "logoutUrl": f"{web}/logout", "clientId": "facepass-console-local",
                 "scopes": ["openid", "email", "facepass/admin", "facepass/reviewer", "facepass/payroll",
                            "facepass/employee"],
                 "redirectUri": f"{web}/console/",
                 "logoutRedirectUri": f"{web}/console/"}}
    # Opened as localhost, everything points at localhost (one origin for the PKCE round trip).
    port = urlsplit(web).port
    as_localhost = requests.get(f"http://localhost:{port}/config.json", timeout=10).json()
    assert as_localhost["auth"]["redirectUri"] == f"http://localhost:{port}/console/"
    assert as_localhost["apiUrl"].startswith("http://localhost:")

    console = requests.get(f"{web}/console/", timeout=10)
    assert console.status_code == 200 and "console" in console.text
    assert console.headers["content-type"].startswith("text/html")
    # The apps' security headers, as CloudFront sends them, naming the local API, sign-in and S3 by the host used.
    assert console.headers["content-security-policy"] == content_security_policy(
        api_origin=addresses.api_url, auth_origin=web, storage_origins=[addresses.s3_url])
    assert console.headers["permissions-policy"] == PERMISSIONS_POLICY
    # ... and the same policy as the page's first <meta> (`facepass web publish` writes it with the stack's exact
    # origins in AWS, where the header names any API of the region), without the header-only frame-ancestors.
    meta_policy = content_security_policy(api_origin=addresses.api_url, auth_origin=web,
                                          storage_origins=[addresses.s3_url], meta=True)
    assert console.text.startswith(f'<!doctype html><meta http-equiv="Content-Security-Policy" content="{meta_policy}">'
                                   "<title>console</title>")
    assert "frame-ancestors" not in meta_policy and console.headers["content-length"] == str(len(console.content))
    assert console.headers["x-frame-options"] == "DENY"
    localhost_policy = requests.get(f"http://localhost:{port}/kiosk/", timeout=10).headers["content-security-policy"]
    assert f"connect-src 'self' {as_localhost['apiUrl']} http://localhost:{port} {addresses.s3_url}" in localhost_policy
    # The sign-in page stands in for Cognito's hosted UI, which sends its own headers, not the apps'.
    assert "content-security-policy" not in requests.get(f"{web}/oauth2/authorize", timeout=10).headers
    deep_link = requests.get(f"{web}/console/employees/123", timeout=10)
    assert deep_link.status_code == 200 and "console" in deep_link.text  # SPA fallback
    kiosk = requests.get(f"{web}/kiosk/settings", timeout=10)
    assert kiosk.status_code == 200 and "kiosk" in kiosk.text
    asset = requests.get(f"{web}/console/assets/main-abc123.js", timeout=10)
    assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert requests.get(f"{web}/console/assets/missing.js", timeout=10).status_code == 404
    assert requests.get(f"{web}/../../etc/passwd", timeout=10).status_code == 404
    assert requests.get(web, timeout=10, allow_redirects=False).headers["location"] == "/console/"

    saved, local.web.dist = local.web.dist, local.web.dist / "nowhere"
    try:
        unbuilt = requests.get(f"{web}/console/", timeout=10)
        assert unbuilt.status_code == 200 and "make web" in unbuilt.text
    finally:
        local.web.dist = saved


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _authorize(web: str, challenge: str, *, password: str = HR_PASSWORD, state: str = "xyz") -> requests.Response:
    params = {"response_type": "code", "client_id": "facepass-console-local", "redirect_uri": f"{web}/console/",
              "scope": "openid email facepass/admin", "state": state, "code_challenge": challenge,
              "code_challenge_method": "S256"}
    page = requests.get(f"{web}/oauth2/authorize", params=params, timeout=10)
    assert page.status_code == 200 and '<form method="post"' in page.text and 'autocomplete="username"' in page.text
    return requests.post(f"{web}/oauth2/authorize", data={**params, "username": HR_USER, "password": password},
                         allow_redirects=False, timeout=10)


def _token(web: str, code: str, verifier: str, redirect_uri: str | None = None) -> requests.Response:
    return requests.post(f"{web}/oauth2/token", timeout=10, data={
        "grant_type": "authorization_code", "client_id": "facepass-console-local", "code": code,
        "code_verifier": verifier, "redirect_uri": redirect_uri or f"{web}/console/"})


def test_console_sign_in_with_authorization_code_and_pkce(stack):
    _, addresses = stack
    web = addresses.web_url
    verifier, challenge = _pkce()
    wrong_password = _authorize(web, challenge, password="nope")
    assert wrong_password.status_code == 401 and "Incorrect username or password" in wrong_password.text

    login = _authorize(web, challenge, state="s-123")
    assert login.status_code == 302
    target = urlsplit(login.headers["location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{web}/console/" and query["state"] == ["s-123"]
    code = query["code"][0]

    tokens = _token(web, code, verifier)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["id_token"]
    claims = FacePassClient(addresses.api_url, token=body["access_token"])
    assert isinstance(claims.request("GET", "/employees").body["items"], list)  # admin through the JWT authorizer
    payload = body["id_token"].split(".")[1]
    assert HR_USER in base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()

    reused = _token(web, code, verifier)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    refresh = {"grant_type": "refresh_token", "client_id": "facepass-console-local",
               "refresh_token": body["refresh_token"]}
    refreshed = requests.post(f"{web}/oauth2/token", data=refresh, timeout=10)
    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json()
    assert requests.get(f"{addresses.api_url}/employees", timeout=10,
                        headers={"authorization": f"Bearer {refreshed.json()['access_token']}"}).status_code == 200
    assert requests.post(f"{web}/oauth2/revoke", timeout=10, data={
        "token": body["refresh_token"], "client_id": "facepass-console-local"}).status_code == 200
    assert requests.post(f"{web}/oauth2/token", data=refresh, timeout=10).json()["error"] == "invalid_grant"
    tampered = body["access_token"][:-4] + ("AAAA" if not body["access_token"].endswith("AAAA") else "BBBB")
    assert requests.get(f"{addresses.api_url}/employees", headers={"authorization": f"Bearer {tampered}"},
                        timeout=10).status_code == 401
    # A device endpoint does not take a console token: kiosk routes need a paired device.
    assert requests.get(f"{addresses.api_url}/devices/me", timeout=10,
                        headers={"authorization": f"Bearer {body['access_token']}"}).status_code == 403


def test_sign_in_refuses_a_wrong_verifier_or_redirect_uri(stack):
    _, addresses = stack
    web = addresses.web_url
    verifier, challenge = _pkce()
    code = parse_qs(urlsplit(_authorize(web, challenge).headers["location"]).query)["code"][0]
    wrong = _token(web, code, secrets.token_urlsafe(48))
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    assert _token(web, code, verifier).json()["error"] == "invalid_grant"  # a failed exchange spends the code

    code = parse_qs(urlsplit(_authorize(web, challenge).headers["location"]).query)["code"][0]
    moved = _token(web, code, verifier, redirect_uri=f"{web}/kiosk/")
    assert moved.status_code == 400 and moved.json()["error"] == "invalid_grant"

    evil = requests.get(f"{web}/oauth2/authorize", timeout=10, params={
        "response_type": "code", "client_id": "facepass-console-local", "redirect_uri": "https://evil.example/cb",
        "code_challenge": challenge, "code_challenge_method": "S256"})
    assert evil.status_code == 400 and "redirect_uri" in evil.text
    no_pkce = requests.get(f"{web}/oauth2/authorize", timeout=10, params={
        "response_type": "code", "client_id": "facepass-console-local", "redirect_uri": f"{web}/console/"})
    assert no_pkce.status_code == 400 and "PKCE" in no_pkce.text
    grant = requests.post(f"{web}/oauth2/token", data={"grant_type": "password"}, timeout=10)
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"

    logout = requests.get(f"{web}/logout", allow_redirects=False, timeout=10,
                          params={"client_id": "facepass-console-local", "logout_uri": f"{web}/console/"})
    assert logout.status_code == 302 and logout.headers["location"] == f"{web}/console/"
    assert requests.get(f"{web}/logout", timeout=10, params={
        "client_id": "facepass-console-local", "logout_uri": "https://evil.example/"}).status_code == 400


def test_cli_pairs_a_device_and_identifies_with_it(stack, monkeypatch, capsys, tmp_path):
    import re

    from facepass.cli import main

    _, addresses = stack
    monkeypatch.setenv("FACEPASS_API_URL", addresses.api_url)
    monkeypatch.delenv("FACEPASS_DEVICE_TOKEN", raising=False)
    photo = tmp_path / "astronaut.png"
    photo.write_bytes(fixture_bytes("other/skimage_astronaut.png"))
    assert main(["identify", str(photo)]) == 1
    assert "device_required" in capsys.readouterr().err

    assert main(["devices", "add", "CLI kiosk", "--timezone", "Asia/Tokyo"]) == 0
    code = re.search(r"pairing code (\w+)", capsys.readouterr().out).group(1)
    assert main(["devices", "pair", code]) == 0
    token = re.search(r"FACEPASS_DEVICE_TOKEN=(\S+)", capsys.readouterr().out).group(1)
    monkeypatch.setenv("FACEPASS_DEVICE_TOKEN", token)
    assert main(["identify", str(photo)]) == 0
    assert '"decision": "present"' in capsys.readouterr().out  # as a kiosk is told: a face, never whose
    assert main(["devices", "list"]) == 0
    assert "CLI kiosk" in capsys.readouterr().out


def test_a_failing_authorizer_is_a_500_never_a_pass(stack):
    local, addresses = stack

    def broken(event, context):
        raise RuntimeError("database down")

    saved = local.authorizer_handlers["DeviceToken"]
    local.authorizer_handlers["DeviceToken"] = broken
    try:
        response = requests.get(f"{addresses.api_url}/devices/me", timeout=10,
                                headers={"authorization": "Bearer fpd_anything"})
    finally:
        local.authorizer_handlers["DeviceToken"] = saved
    assert response.status_code == 500 and response.json() == {"message": "Internal Server Error"}
