"""The web apps under their Content-Security-Policy and Permissions-Policy (facepass/web_headers.py, sent by the
local web server as CloudFront sends them in AWS): the kiosk pairs and records a check-in with its camera, the
console signs in, lists people, opens one, uploads a photo straight to the bucket, shows a snapshot from it and
signs out - and the browser reports no violation of the policy. An injected inline script does not run."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from facepass.web_headers import PERMISSIONS_POLICY, content_security_policy
from tests.browser.camera_feed import write_y4m
from tests.browser.conftest import POLICY_WORDS, new_page
from tests.browser.test_console import go, sign_in
from tests.browser.test_kiosk import PROBE
from tests.conftest import FIXTURES

# Every violation the page sees: kept on window (per document) and handed to the test (across navigations). A
# listener of this file's own, beside the one every browser test runs under (conftest.py's PolicyWatch, read as
# `launch.watch`) on purpose: it cross-checks that one, which these tests must not take on trust.
RECORD_VIOLATIONS = """(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    const seen = {directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample,
                  page: document.location.pathname};
    window.__cspViolations.push(seen);
    if (window.__reportViolation) window.__reportViolation(seen);
  });
})();"""


def watch(page) -> tuple[list[dict], list[str]]:
    """(the policy violations the page reports, the console messages about the policies)."""
    violations: list[dict] = []
    messages: list[str] = []
    page.context.expose_function("__reportViolation", lambda seen: violations.append(seen))
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: any(word in message.text.lower() for word in POLICY_WORDS)
            and messages.append(message.text))
    return violations, messages


def expected_policy(stack) -> str:
    return content_security_policy(api_origin=stack.api_url, auth_origin=stack.web_url,
                                   storage_origins=[stack.s3_url])


def assert_policy_headers(response, stack) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == expected_policy(stack)
    assert headers["permissions-policy"] == PERMISSIONS_POLICY
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


def test_the_kiosk_checks_in_under_the_policy_with_its_camera(stack, admin, kit, launch, tmp_path):
    browser = launch(write_y4m(FIXTURES / PROBE, tmp_path / "kit.y4m"))
    page = new_page(browser)
    violations, messages = watch(page)
    created = admin.create_device("CSP door", timezone="Europe/Berlin", site="Head office")
    response = page.goto(stack.kiosk_url)
    assert_policy_headers(response, stack)
    page.get_by_label("Pairing code").fill(created["pairing_code"])
    page.get_by_role("button", name="Pair").click()
    page.get_by_test_id("entry").wait_for()
    page.wait_for_function("() => { const v = document.querySelector('video');"
                           " return v && v.readyState >= 2 && v.videoWidth > 0; }")  # the camera: allowed
    # Permissions-Policy: the camera for this origin, the rest off.
    assert page.evaluate("() => ['camera', 'microphone', 'geolocation', 'usb'].map("
                         "(feature) => document.featurePolicy.allowsFeature(feature))") == [True, False, False, False]
    page.get_by_test_id("entry").click()
    result = page.get_by_test_id("result")
    result.locator("[data-outcome]").wait_for()
    assert result.get_by_test_id("person").inner_text() == "Kit Harington"
    assert page.evaluate("() => window.__cspViolations") == []
    assert violations == [] and messages == [], (violations, messages)


@pytest.mark.provokes_policy_violations  # the injected script: its refusals are asserted here
def test_the_console_works_under_the_policy_and_it_blocks_injected_script(stack, admin, kit, launch, tmp_path):
    browser = launch()
    # local-network-access: the page the test fulfils with injected markup below is not known to come from this
    # machine, and Chrome asks before such a page reaches the loopback API (as a user would be asked).
    page = new_page(browser, permissions=["camera", "local-network-access"])
    violations, messages = watch(page)
    page.on("dialog", lambda dialog: dialog.accept())

    response = page.goto(stack.console_url)
    assert_policy_headers(response, stack)
    assert page.request.get(f"{stack.web_url}/config.json").headers["content-security-policy"] == \
        expected_policy(stack)
    sign_in(page, stack, tmp_path)  # the token exchange: a fetch to the sign-in origin

    # People: the list, one person, a photo posted straight to the bucket (presigned POST).
    go(page, "Employees", "Employees", tmp_path)
    page.get_by_role("link", name="Kit Harington").click()
    page.get_by_role("heading", name="Kit Harington", level=2).wait_for()
    page.get_by_test_id("photo-input").set_input_files(str(FIXTURES / "identities/fr_kit_harington/train_john2.jpeg"))
    page.locator("[data-testid=enroll-status] [data-status=completed]").wait_for(timeout=90_000)

    # A snapshot shown from the bucket (a presigned GET): the kiosk check-in of Kit first, through the API.
    from facepass.client import FacePassClient
    from tests.conftest import fixture_bytes

    kiosk = FacePassClient(stack.api_url)
    kiosk.pair(admin.create_device("CSP console kiosk", timezone="UTC")["pairing_code"])
    checked = kiosk.check(fixture_bytes(PROBE))  # 200: within moments of the kiosk test's, that one answered again
    assert checked.status in (200, 201) and checked.body["event"]["employee"]["id"] == kit["id"], checked.body
    go(page, "Attendance", "Attendance", tmp_path)
    row = page.get_by_test_id("events").locator("tr", has_text="Kit Harington").first
    row.get_by_role("button", name="Show").click()
    snapshot = row.get_by_role("img", name="Snapshot")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=snapshot.element_handle())

    assert page.evaluate("() => window.__cspViolations") == []
    assert violations == [] and messages == [], (violations, messages)

    # The policy bites. Script slipped into the page through the DOM (an inline script, an inline event handler) is
    # refused before it is even inserted: every such sink wants a Trusted Type and no page may make one.
    with pytest.raises(PlaywrightError, match="TrustedScript"):  # Playwright reports the refusal
        page.add_script_tag(content="window.__injected = 'ran';")
    with pytest.raises(PlaywrightError, match="TrustedScript"):
        page.evaluate("""() => document.createElement("img").setAttribute("onerror", "window.__handler = 'ran'")""")
    # Markup in the served page itself (the parser's, no Trusted Types sink): script-src refuses both.
    def injected(route) -> None:
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch()
        body = response.text().replace("<body>", """<body><script>window.__injected = 'ran';</script>
            <img alt="" src="data:,broken" onerror="window.__handler = 'ran'">""")
        return route.fulfill(response=response, body=body)

    page.route(lambda url: url.startswith(stack.console_url), injected)
    page.reload()
    page.get_by_test_id("user").wait_for()  # still signed in: the injected markup did nothing else
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    page.unroute_all()
    assert page.evaluate("() => [window.__injected, window.__handler]") == [None, None]
    refused = sorted({v["directive"] for v in violations})
    assert refused == ["require-trusted-types-for", "script-src-attr", "script-src-elem"], violations
    assert any("Content Security Policy" in message for message in messages)
    assert any("TrustedScript" in message for message in messages)
    # ... and the watch every browser test runs under (tests/browser/conftest.py) saw them: elsewhere, a failure.
    assert sorted({v["directive"] for v in launch.watch.violations}) == refused
    assert any("Content Security Policy" in message for message in launch.watch.messages)
    assert any("TrustedScript" in message for message in launch.watch.messages)

    # Sign-out revokes the refresh token (a fetch to the sign-in origin), then leaves through its logout page.
    violations.clear()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_test_id("signin").wait_for()
    assert violations == []


@pytest.mark.provokes_policy_violations  # the fetch to another API: its refusal is asserted here
def test_the_pages_meta_policy_narrows_a_header_that_allows_any_api(stack, admin, kit, launch, tmp_path):
    """In AWS CloudFront's header allows any HTTP API of the region (template.yaml) and the page's <meta>, which
    `facepass web publish` writes, names the stack's own (web_headers.with_policy_meta). Here the header is loosened
    the same way (any port of the API's host) while the local web server's <meta> names the API exactly: the
    console works under both, and a fetch to another API-like origin is refused by the meta's policy."""
    api = urlsplit(stack.api_url)
    any_api = f"{api.scheme}://{api.hostname}:*"
    header = content_security_policy(api_origin=any_api, auth_origin=stack.web_url, storage_origins=[stack.s3_url])
    meta = content_security_policy(api_origin=f"{api.scheme}://{api.netloc}", auth_origin=stack.web_url,
                                   storage_origins=[stack.s3_url], meta=True)

    def loosened(route) -> None:
        if route.request.resource_type != "document":
            return route.continue_()
        response = route.fetch()
        return route.fulfill(response=response, headers={**response.headers, "content-security-policy": header})

    # A page Playwright fulfilled is not known to come from this machine: Chrome asks before it reaches the loopback
    # API (local network access), so the context grants that, as a user's answer would.
    page = new_page(launch(), permissions=["camera", "local-network-access"])
    page.route(lambda url: url.startswith(stack.console_url), loosened)
    policies = launch.watch.violations  # each with the policy it broke and its disposition (conftest's WATCH_POLICY)

    response = page.goto(stack.console_url)
    assert response.headers["content-security-policy"] == header
    first = page.evaluate("""() => { const first = document.head.firstElementChild;
        return [first.httpEquiv, first.content, document.head.querySelectorAll("meta[http-equiv]").length]; }""")
    assert first == ["Content-Security-Policy", meta, 1]
    sign_in(page, stack, tmp_path)  # the token exchange (the sign-in origin) and the API: allowed by both
    # Back from the sign-in page the browser followed a redirect, which Playwright does not route: load the
    # console again (signed in: the session is in sessionStorage), under the loosened header.
    assert page.goto(stack.console_url).headers["content-security-policy"] == header
    page.get_by_test_id("user").wait_for()
    go(page, "Employees", "Employees", tmp_path)
    page.get_by_role("link", name="Kit Harington").wait_for()
    assert policies == [] and launch.watch.messages == []

    other = f"{api.scheme}://{api.hostname}:{8739 if api.port != 8739 else 8738}"  # another API on the same host
    refused = page.evaluate("""(url) => fetch(url + "/employees").then(() => "answered", (error) => error.name)""",
                            f"{other}")
    assert refused == "TypeError"
    page.wait_for_function("() => true")  # a round trip: the violation's report is in
    assert [(seen["directive"], seen["blocked"], seen["policy"], seen["disposition"]) for seen in policies] == [
        ("connect-src", f"{other}/employees", meta, "enforce")], policies  # the meta's alone: the header allowed it
