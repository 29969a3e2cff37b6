"""/openapi.json declares how to authenticate (admin routes: OAuth2 client credentials and a bearer JWT;
kiosk routes: a paired device's token) and, per operation, what its auth middleware checks; Swagger UI at
/docs authorizes with the local admin token and a device token and calls admin and kiosk routes on the local
stack (a real browser)."""

from __future__ import annotations

import pytest

from tests.conftest import running_stack


def test_every_operation_declares_the_scope_its_middleware_checks(api):
    import api_handler

    document = api.get("/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["oauth2"]["flows"]["clientCredentials"]["tokenUrl"]
    assert set(schemes["oauth2"]["flows"]["clientCredentials"]["scopes"]) == {
        "facepass/admin", "facepass/reviewer", "facepass/payroll", "facepass/employee"}
    for name in ("bearerJWT", "deviceToken"):
        assert (schemes[name]["type"], schemes[name]["scheme"]) == ("http", "bearer")
    expected = api_handler.app.route_scopes()
    assert len(expected) >= 16
    declared = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if "security" not in operation:
                continue
            options = [list(option.items()) for option in operation["security"]]
            if options == [[("deviceToken", [])]]:  # behind the device authorizer: no JWT gets in
                declared[(method, path)] = ("facepass/kiosk", "facepass/admin") if path in ("/identify", "/verify") \
                    else ("facepass/kiosk",)
            else:  # any one of the scopes (an OAuth2 option each), or the same JWT as a bearer token
                *oauth, (bearer,) = options
                assert all(scheme == "oauth2" for ((scheme, _),) in oauth) and bearer == ("bearerJWT", [])
                declared[(method, path)] = tuple(scopes[0] for ((_, scopes),) in oauth)
    assert declared == expected
    assert expected[("post", "/identify")] == ("facepass/kiosk", "facepass/admin")
    assert expected[("get", "/employees")] == ("facepass/admin", "facepass/reviewer", "facepass/payroll")
    assert expected[("post", "/devices")] == ("facepass/admin",)
    assert expected[("post", "/payroll/lock")] == ("facepass/admin", "facepass/payroll")
    assert "security" not in document["paths"]["/health"]["get"]  # open routes declare none


def test_the_token_url_comes_from_the_environment(api, monkeypatch):
    from facepass.config import get_settings

    url = "https://facepass-example.auth.eu-west-1.amazoncognito.com/oauth2/token"
    monkeypatch.setenv("FACEPASS_TOKEN_URL", url)
    get_settings.cache_clear()
    try:
        flows = api.get("/openapi.json").json()["components"]["securitySchemes"]["oauth2"]["flows"]
    finally:
        monkeypatch.delenv("FACEPASS_TOKEN_URL")
        get_settings.cache_clear()
    assert flows["clientCredentials"]["tokenUrl"] == url


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, tmp_path_factory):
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("swagger"), "swagger") as local:
        yield local.addresses


def _authorize(page, scheme: str, token: str) -> None:
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    form = dialog.locator(".auth-container", has=page.locator("h4", has_text=scheme))  # that scheme's own form
    form.locator("input").fill(token)
    form.get_by_role("button", name="Apply credentials").click()
    dialog.locator(".close-modal").click()


def _try(page, operation_id: str) -> str:
    """Expand an operation, Try it out, Execute; return the status Swagger UI shows (again on the same page: the
    last answer cleared first, so it is never read for the new one)."""
    operation = page.locator(f"#{operation_id}")
    if "is-open" not in (operation.get_attribute("class") or ""):
        operation.locator(".opblock-summary").first.click()
    # The body renders after the click: its Try it out (or, already trying, Cancel) button is there before counting.
    operation.locator(".try-out__btn").wait_for()
    try_out = operation.get_by_role("button", name="Try it out")
    if try_out.count():
        try_out.click()
    clear = operation.get_by_role("button", name="Clear")
    if clear.count():
        clear.click()
        operation.locator(".live-responses-table").wait_for(state="detached")
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    status.wait_for(timeout=30_000)
    return status.inner_text().strip()


def test_swagger_ui_authorizes_with_the_local_tokens(stack, launch):
    from facepass.client import FacePassClient

    page = launch().new_page()  # the session's one Playwright driver (tests/conftest.py); closed by the fixture
    listing = "operations-employees-list_employees_employees_get"
    me = "operations-devices-my_device_devices_me_get"
    admin = FacePassClient(stack.api_url, token="local-admin-token")
    device_token = FacePassClient(stack.api_url).pair(admin.create_device("Swagger kiosk")["pairing_code"])[
        "device_token"]

    def fresh_page() -> None:
        page.goto(f"{stack.api_url}/docs")
        page.get_by_role("button", name="Authorize").first.wait_for(timeout=30_000)

    fresh_page()
    assert _try(page, listing).startswith("401")  # the gateway's answer without a token
    _authorize(page, "deviceToken", device_token)
    assert _try(page, me).startswith("200")  # a kiosk route, with the device's token
    assert _try(page, listing).startswith("401")  # an admin route: the device token is not sent (nor valid)
    assert page.evaluate("Object.keys(localStorage)") == []  # no token outlives the tab
    fresh_page()  # a reload forgets it
    assert _try(page, me).startswith("401")
    _authorize(page, "bearerJWT", "local-admin-token")
    assert _try(page, listing).startswith("200")
    assert page.evaluate("Object.keys(localStorage)") == []
