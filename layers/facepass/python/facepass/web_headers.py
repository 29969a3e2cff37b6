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

The policy is sent twice: as the response header (CloudFront's policy in AWS, the local web server here) and as a
<meta http-equiv> element first in each page's <head> (`facepass web publish` writes it into the published pages
with the stack's exact origins, the local web server into the pages it serves). The browser enforces both.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Every feature the apps do not use is off for every origin; the camera is this origin's only (the kiosk).
PERMISSIONS_POLICY = ", ".join((
    "camera=(self)", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "hid=()",
    "midi=()", "display-capture=()", "screen-wake-lock=()", "accelerometer=()", "gyroscope=()",
    "magnetometer=()", "publickey-credentials-get=()", "browsing-topics=()",
))


def _directives(api_origin: str, auth_origin: str | None, storage_origins: Iterable[str]) -> list[tuple[str, list]]:
    storage = list(storage_origins)
    connect = ["'self'", api_origin, *([auth_origin] if auth_origin else []), *storage]
    return [
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


# What a policy in a <meta> element cannot say (the browser ignores it there, with a console warning).
META_IGNORED = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def origin(url: str) -> str:
    """scheme://host[:port] of a URL: what a CSP source or an allowed origin names."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(*, api_origin: str, auth_origin: str | None, storage_origins: Iterable[str],
                            meta: bool = False) -> str:
    """The apps' CSP: nothing by default, then exactly what they load (see the module's doc). `auth_origin`:
    the Cognito domain (None when the stack signs no one in); `storage_origins`: the photo bucket's. `meta`: the
    same policy for a <meta http-equiv> element, without the directives a meta policy ignores."""
    return "; ".join(f"{name} {' '.join(sources)}"
                     for name, sources in _directives(api_origin, auth_origin, storage_origins)
                     if not (meta and name in META_IGNORED))


def policy_meta(*, api_origin: str, auth_origin: str | None, storage_origins: Iterable[str]) -> str:
    """The policy as a <meta http-equiv="Content-Security-Policy"> element. In AWS it narrows the response
    header, which can name the API only as any of the region's (template.yaml `WebSecurityHeaders`): the browser
    enforces both, so what a page may fetch is the exact API, sign-in and bucket this element names."""
    policy = content_security_policy(api_origin=api_origin, auth_origin=auth_origin,
                                     storage_origins=storage_origins, meta=True)
    content = html.escape(policy, quote=False).replace('"', "&quot;")  # its quotes are the policy's ', kept
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'


class _PageOutline(HTMLParser):
    """Where a page's <head> start tag ends, where its head begins when it has no such tag (after a byte order mark,
    the doctype, comments and the <html> tag), and its Content-Security-Policy <meta> elements: found by HTML's own
    tokenizing (the standard library's), so a "<head>" inside a comment or a script is no tag."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [at + 1 for at, char in enumerate(text) if char == "\n"]
        self.head_end: int | None = None
        self.head_begins: int | None = None
        self.policy_metas: list[tuple[int, int]] = []
        self.feed(text)
        self.close()
        if self.head_begins is None:
            self.head_begins = len(text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _content_begins(self) -> None:
        if self.head_begins is None:
            self.head_begins = self._offset()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        start, text = self._offset(), self.get_starttag_text() or ""
        if tag == "html" and self.head_begins is None:
            return  # the head begins after it
        self._content_begins()
        if tag == "head" and self.head_end is None:
            self.head_end = start + len(text)
        elif tag == "meta" and any(name == "http-equiv" and (value or "").lower() == "content-security-policy"
                                   for name, value in attrs):
            self.policy_metas.append((start, start + len(text)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._content_begins()

    def handle_data(self, data: str) -> None:
        if data.strip().lstrip("\ufeff").strip():
            self._content_begins()


def with_policy_meta(page: bytes, *, api_origin: str, auth_origin: str | None,
                     storage_origins: Iterable[str]) -> bytes:
    """An HTML page (UTF-8) with policy_meta's element first in its <head>: a meta policy governs only what follows
    it, so it comes before any script or stylesheet. A page without a <head> tag gets it where its head begins. A
    policy <meta> the page had (a page published before) is replaced: two would both be enforced."""
    element = policy_meta(api_origin=api_origin, auth_origin=auth_origin, storage_origins=storage_origins)
    text = page.decode("utf-8")
    for start, end in reversed(_PageOutline(text).policy_metas):
        text = text[:start] + text[end:]
    outline = _PageOutline(text)
    at = outline.head_end if outline.head_end is not None else outline.head_begins
    return (text[:at] + element + text[at:]).encode("utf-8")


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
