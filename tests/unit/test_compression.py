"""Which requests get a gzip answer (functions/api/compression.py, README *Compression*): by Accept-Encoding's q-values,
not by the word "gzip" appearing in it; and the local stack's check of Lambda's 6 MB answer."""

from __future__ import annotations

import pytest

from facepass.local.stack import MAX_FUNCTION_RESPONSE_BYTES, over_function_response_limit

from compression import accepts_gzip


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip, deflate, br", True),  # a browser's
    ("gzip, deflate", True),  # requests' (the CLI)
    ("gzip", True),
    ("GZIP;Q=0.5", True),
    ("x-gzip", True),
    ("*", True),
    ("br;q=1, *;q=0.1", True),
    ("gzip;q=0", False),  # refused: Powertools' own route flag compresses this one
    ("identity, gzip;q=0", False),
    ("gzip;q=0, *", False),  # named and refused: the wildcard does not bring it back
    ("*;q=0", False),
    ("gzip;q=zero", False),
    ("identity", False),
    ("br", False),
    ("", False),
    (None, False),
])
def test_gzip_is_sent_only_when_accept_encoding_accepts_it(header, accepted):
    assert accepts_gzip(header) is accepted


def test_the_local_stack_knows_lambdas_6_mb_answer():
    small = {"statusCode": 200, "body": "{}"}
    assert not over_function_response_limit(small)
    # A body just under 6 MB as text goes over once escaped in the invocation's JSON (each quote becomes \\").
    body = '"' * (MAX_FUNCTION_RESPONSE_BYTES // 2 + 1)
    assert len(body) < MAX_FUNCTION_RESPONSE_BYTES
    assert over_function_response_limit({"statusCode": 200, "body": body})
