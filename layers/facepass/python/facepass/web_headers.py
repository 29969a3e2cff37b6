"""The browser security headers of the web apps (HR console, kiosk): one source of truth for the
Content-Security-Policy and Permissions-Policy that CloudFront's response headers policy sends in AWS
(template.yaml `WebSecurityHeaders`, checked against this module by tests/contract/test_template.py) and the
local stack's web server sends for every app page.

What the apps load (Vite's build: module scripts and one stylesheet per app, no inline script or style, no
fonts, workers, frames or eval):
- scripts, styles, /config.json: their own origin;
- the API (fetch): another origin (API Gateway in AWS);
- sign-in: the authorize and logout pages are navigations (not governed by a CSP), the code-for-token exchange
  and the refresh token's revocation are fetches to the Cognito domain;
- enrollment photos are POSTed straight to the photo bucket (presigned POST) and snapshots are shown from it
  (presigned GET links): the bucket's origin for connect-src and img-src;
- the kiosk's camera: getUserMedia into a <video> (srcObject, not a URL) and a canvas: no CSP source, but the
  camera permission for this origin (Permissions-Policy);
- no DOM sink fed a string (Trusted Types required, no policy allowed).
"""

from __future__ import annotations

from collections.abc import Iterable

# Every feature the apps do not use is off for every origin; the camera is this origin's only (the kiosk).
PERMISSIONS_POLICY = ", ".join((
    "camera=(self)", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "hid=()",
    "midi=()", "display-capture=()", "screen-wake-lock=()", "accelerometer=()", "gyroscope=()",
    "magnetometer=()", "publickey-credentials-get=()", "browsing-topics=()",
))


def content_security_policy(*, api_origin: str, auth_origin: str | None, storage_origins: Iterable[str]) -> str:
    """The apps' CSP: nothing by default, then exactly what they load (see the module's doc). `auth_origin`:
    the Cognito domain (None when the stack signs no one in); `storage_origins`: the photo bucket's."""
    storage = list(storage_origins)
    connect = ["'self'", api_origin, *([auth_origin] if auth_origin else []), *storage]
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", ["'self'"]),
        ("style-src", ["'self'"]),
        ("img-src", ["data:", *storage]),  # data: the pages' empty icon (<link rel=icon href="data:,">)
        ("connect-src", connect),
        ("object-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'none'"]),  # the apps' forms are handled in script, never submitted
        # Trusted Types: no string reaches an HTML or script sink (innerHTML, eval's kin, a script's src); React
        # writes the DOM through createElement and text, so the apps need no policy and none may be made.
        ("require-trusted-types-for", ["'script'"]),
        ("trusted-types", ["'none'"]),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def security_headers(*, api_origin: str, auth_origin: str | None, storage_origins: Iterable[str]) -> dict[str, str]:
    """What the local web server sends with every app page: the CSP and Permissions-Policy, and the headers
    CloudFront's policy adds besides (minus HSTS: the local stack is plain http)."""
    return {
        "content-security-policy": content_security_policy(api_origin=api_origin, auth_origin=auth_origin,
                                                           storage_origins=storage_origins),
        "permissions-policy": PERMISSIONS_POLICY,
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-xss-protection": "1; mode=block",
    }
