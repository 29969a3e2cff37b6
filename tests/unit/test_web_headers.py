"""The published pages' policy <meta>: first in the real <head> by HTML's own tokenizing, once however often applied."""

from __future__ import annotations

from html.parser import HTMLParser

from facepass.web_headers import policy_meta, with_policy_meta

ORIGINS = {"api_origin": "https://abc123.execute-api.eu-west-1.amazonaws.com",
           "auth_origin": "https://facepass.auth.eu-west-1.amazoncognito.com",
           "storage_origins": ["https://photos.s3.eu-west-1.amazonaws.com"]}
META = policy_meta(**ORIGINS)


class Elements(HTMLParser):
    """The page's elements as a browser's tokenizer sees them: (tag, attrs, inside <head>)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict, bool]] = []
        self._in_head = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs), self._in_head))
        self._in_head = self._in_head or tag == "head"

    def handle_endtag(self, tag):
        self._in_head = self._in_head and tag != "head"


def policies(page: bytes) -> list[tuple[str, bool]]:
    return [(attrs["content"], in_head) for tag, attrs, in_head in Elements(page.decode()).found
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy"]


def test_the_meta_comes_first_in_the_real_head_before_every_script():
    page = (b'<!DOCTYPE html>\n<!-- no <head> here -->\n<HTML lang="en"><HEAD data-x="1"><meta charset="utf-8">'
            b'<script type="module" src="/a.js"></script></HEAD><body><script>var s = "<head>";</script></body></HTML>')
    out = with_policy_meta(page, **ORIGINS)
    assert out.count(b"Content-Security-Policy") == 1
    tags = [tag for tag, _, _ in Elements(out.decode()).found]
    assert tags[:4] == ["html", "head", "meta", "meta"] and Elements(out.decode()).found[2][1]["http-equiv"]
    assert b'var s = "<head>";' in out and out.index(META.encode()) < out.index(b"/a.js")
    (content, in_head), = policies(out)
    assert in_head and "connect-src 'self' https://abc123.execute-api" in content and "frame-ancestors" not in content


def test_a_page_without_a_head_tag_gets_it_where_its_head_begins_after_a_bom_doctype_and_comments():
    page = "\ufeff<!doctype html>\n<!-- note --><title>Offline</title><p>Offline".encode()
    out = with_policy_meta(page, **ORIGINS)
    assert out.startswith("\ufeff<!doctype html>\n<!-- note -->".encode() + META.encode() + b"<title>")


def test_applied_twice_or_to_a_page_published_for_another_stack_the_page_keeps_one_policy():
    page = b"<!doctype html><html><head><title>Console</title></head><body></body></html>"
    once = with_policy_meta(page, **ORIGINS)
    assert with_policy_meta(once, **ORIGINS) == once
    other = with_policy_meta(once, **(ORIGINS | {"api_origin": "https://zzz999.execute-api.eu-west-1.amazonaws.com"}))
    (content, _), = policies(other)
    assert "zzz999" in content and "abc123" not in content
