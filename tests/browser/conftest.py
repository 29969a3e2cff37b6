"""Browser-test fixtures: Debian's chromium driven by Playwright (never a downloaded browser), fed a
fake camera made from a fixture photo, an axe-core accessibility check and page screenshots. Every page a
browser test opens is watched for violations of the apps' Content-Security-Policy, Permissions-Policy and
Trusted Types (facepass/web_headers.py): one fails the test (see `launch` below)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, running_stack

# Every policy violation a document sees, reported to the test through a binding (across navigations and pages):
# with the policy it broke (a header's or a <meta>'s, as the browser parsed it) and whether that one enforces.
WATCH_POLICY = """(() => {
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__facepassPolicyViolation({directive: event.effectiveDirective, blocked: event.blockedURI,
                                      sample: event.sample, source: event.sourceFile, line: event.lineNumber,
                                      page: document.location.href, policy: event.originalPolicy,
                                      disposition: event.disposition});
  });
})();"""
# What chromium writes to the console about the policies (a refusal, a header it could not parse, a sink that
# wanted a Trusted Type).
POLICY_WORDS = ("content security policy", "content-security-policy", "permissions policy", "permissions-policy",
                "trusted type", "trustedhtml", "trustedscript")

WEB = ROOT / "web"
DIST = WEB / "dist"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist as `make web` builds it; built here when missing (npm ci must have run)."""
    if not (DIST / "console" / "index.html").is_file() or not (DIST / "kiosk" / "index.html").is_file():
        if not (WEB / "node_modules").is_dir():
            pytest.fail("web/node_modules missing: run `make web`")
        subprocess.run(["npm", "run", "build"], cwd=WEB, check=True, capture_output=True, timeout=600)
    return DIST


def new_page(browser, **options):
    context = browser.new_context(**{"viewport": {"width": 1200, "height": 780}, "locale": "en-US",
                                     "accept_downloads": True, "permissions": ["camera"], **options})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and print("browser console:", message.text))
    return page


def load_axe(page) -> None:
    """axe-core into the page, evaluated by the driver: not added as a <script> (add_script_tag), which is an inline
    script the apps' Content-Security-Policy refuses (test_web_security_headers.py)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())


def assert_accessible(page, label: str) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    load_axe(page)
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                              nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
    }""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{label}: " + json.dumps(serious, indent=1)


def screenshot(page, name: str, tmp_path: Path) -> Path:
    """Every page is photographed (faces masked); FACEPASS_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/
    (the set README shows), else into the test's temporary folder."""
    folder = SCREENSHOTS if os.environ.get("FACEPASS_UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    # Faces are test material, never product pictures: the camera and every image (snapshots, held photos' face
    # crops: the apps show no other) are masked out.
    page.screenshot(path=str(target), mask=[page.locator("video"), page.locator("img")],
                    mask_color="#5b6b7c")
    shrink_png(target)
    return target


def shrink_png(path: Path, width: int = 960) -> None:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is not None and image.shape[1] > width:
        image = cv2.resize(image, (width, round(image.shape[0] * width / image.shape[1])), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(path), image, [cv2.IMWRITE_PNG_COMPRESSION, 9])


class PolicyWatch:
    """The violations and policy console messages of every context opened from the browsers of one test."""

    def __init__(self) -> None:
        self.violations: list[dict] = []
        self.messages: list[str] = []

    def context(self, context):
        context.expose_function("__facepassPolicyViolation", lambda seen: self.violations.append(seen))
        context.add_init_script(WATCH_POLICY)
        context.on("console", self._console)  # every page of the context, Browser.new_page's (already open) too
        return context

    def _console(self, message) -> None:
        if any(word in message.text.lower() for word in POLICY_WORDS):
            self.messages.append(f"{message.type}: {message.text}")

    def browser(self, browser):
        """Every context of this browser watched: Browser.new_context and Browser.new_page (its own context)."""
        new_context, new_page = browser.new_context, browser.new_page
        browser.new_context = lambda *args, **kwargs: self.context(new_context(*args, **kwargs))

        def watched_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            self.context(page.context)
            return page

        browser.new_page = watched_page
        return browser

    def settle(self, browsers) -> None:
        """A round trip to every open page: reports still in flight arrive before the verdict."""
        for browser in browsers:
            for context in browser.contexts:
                for page in context.pages:
                    if not page.is_closed():  # a page mid-navigation or crashed: nothing more to hear from it
                        with contextlib.suppress(Exception):
                            page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")


@pytest.fixture
def launch(launch, request):
    """tests/conftest.py's launch, with every page of its browsers watched (PolicyWatch): a violation of the apps'
    policies, or a console message about one, fails the test at teardown. A test that provokes violations on
    purpose says so with @pytest.mark.provokes_policy_violations (and asserts the ones it expects itself)."""
    watch = PolicyWatch()
    browsers = []

    def start(*args, **kwargs):
        browser = watch.browser(launch(*args, **kwargs))
        browsers.append(browser)
        return browser

    start.watch = watch  # what it saw so far: a test that provokes violations can check they were caught
    yield start
    if request.node.get_closest_marker("provokes_policy_violations"):
        return
    watch.settle(browsers)
    if watch.violations or watch.messages:
        pytest.fail("The page broke the apps' security policies (facepass/web_headers.py):\n"
                    + json.dumps({"violations": watch.violations, "console": watch.messages}, indent=1),
                    pytrace=False)


PRIVACY_CONTACT = "Data protection officer, dpo@example.com"
# Not the default (30): the console's Devices page must mark quiet kiosks by the server's threshold.
DEVICE_QUIET_MINUTES = 20


@pytest.fixture(scope="module")
def local_stack(pg_server, migrated_template, web_dist, tmp_path_factory):
    """The local stack as `make local` runs it (API, local S3, embedding, web server with the built
    apps and the local OAuth2 sign-in), on free ports, with a fresh database; the site names its data protection
    contact (the kiosk's notice shows it) and its own quiet-kiosk threshold."""
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("stack"), "browser", web_dist=web_dist,
                       environment={"FACEPASS_PRIVACY_CONTACT": PRIVACY_CONTACT,
                                    "FACEPASS_DEVICE_QUIET_MINUTES": str(DEVICE_QUIET_MINUTES)}) as local:
        yield local


def stack_with(label: str, environment: dict[str, str]):
    """A module's own local stack, as local_stack but with these settings (its users, its zone, ...):
    `local_stack = stack_with("label", {...})` at the module's top level replaces the shared one there."""

    @pytest.fixture(scope="module")
    def local_stack(pg_server, migrated_template, web_dist, tmp_path_factory):
        with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("stack"), label, web_dist=web_dist,
                           environment=environment) as local:
            yield local

    return local_stack


@pytest.fixture(scope="module")
def stack(local_stack):
    """Its addresses."""
    return local_stack.addresses


@pytest.fixture(scope="module")
def admin(stack):
    """HR's client; the people it creates have their biometric consent recorded at creation (consent=False: not)."""
    from facepass.client import FacePassClient

    class Admin(FacePassClient):
        def create_employee(self, *args, consent: bool = True, **kwargs) -> dict:
            # FACEPASS_BIOMETRIC_CONSENT=required (the default) records a consent only with its reference.
            if consent:
                kwargs.setdefault("consent_reference", "signed test form")
            return super().create_employee(*args, consent=consent, **kwargs)

    return Admin(stack.api_url, token="local-admin-token")


@pytest.fixture(scope="module")
def kit(admin):
    """An enrolled employee the kiosk tests show to the camera (tests/browser/test_kiosk.py's PROBE)."""
    from tests.conftest import fixture_bytes

    person = admin.create_employee("Kit Harington", "kit.kiosk@example.com", "Cast")
    status = admin.enroll(person["id"], fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"))
    assert status["status"] == "completed", status
    return person
