"""The local HTTP API against malformed and repeated headers, oversize request lines and bodies, odd
framing: every answer is API Gateway's own {"message": ...} JSON (or the function's error shape),
never an HTML page, never a dropped connection, never a 5xx."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlparse

import pytest

from tests.conftest import running_stack


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, tmp_path_factory):
    """One local stack for the module (these tests only talk HTTP to it)."""
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("gateway"), "gateway") as local:
        yield local, local.addresses

ADMIN = "Authorization: Bearer local-admin-token\r\n"
EMPLOYEE = b'{"full_name": "Wire", "email": "wire@example.com"}'


def raw_exchange(api_url: str, data: bytes, *, timeout: float = 20.0) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are; read one whole answer (status, headers, body)."""
    address = urlparse(api_url)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as connection:
        connection.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            assert chunk, f"connection closed without an answer: {received[:200]!r}"
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = connection.recv(65536)
            assert chunk, "connection closed in the middle of the answer"
            body += chunk
    return int(status_line.split()[1]), headers, body[:length]


def request(method: str, target: str, headers: str = "", body: bytes = b"") -> bytes:
    return f"{method} {target} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n".encode() + body


def gateway_answer(api_url: str, data: bytes, status: int, message: str) -> None:
    got, headers, body = raw_exchange(api_url, data)
    assert (got, headers.get("content-type"), json.loads(body)) == (status, "application/json", {"message": message})


def function_error(api_url: str, data: bytes) -> tuple[int, str]:
    got, headers, body = raw_exchange(api_url, data)
    assert 400 <= got < 500 and headers.get("content-type", "").startswith("application/json"), (got, body[:300])
    return got, json.loads(body)["error"]["code"]


MALFORMED_FRAMING = {
    "content_length_abc": "Content-Length: abc\r\n",
    "content_length_negative": "Content-Length: -1\r\n",
    "content_length_list": "Content-Length: 5, 5\r\n",
    "content_length_hex": "Content-Length: 0x10\r\n",
    "content_length_arabic_digits": "Content-Length: \u0661\u0662\r\n",
    "content_length_twice_different": "Content-Length: 5\r\nContent-Length: 6\r\n",
    "content_length_and_chunked": "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
    "transfer_encoding_gzip": "Transfer-Encoding: gzip\r\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED_FRAMING))
def test_malformed_framing_is_400_bad_request(stack, name):
    _, addresses = stack
    data = request("POST", "/employees", ADMIN + "Content-Type: application/json\r\n" + MALFORMED_FRAMING[name],
                   b"hello")
    gateway_answer(addresses.api_url, data, 400, "Bad Request")


def test_gateway_limits_and_refusals_in_its_shape(stack):
    _, addresses = stack
    url = addresses.api_url
    gateway_answer(url, request("GET", "/employees?cursor=" + "a" * 11_000, ADMIN), 414, "Request-URI Too Long")
    gateway_answer(url, request("GET", "/employees?cursor=" + "a" * 70_000, ADMIN), 414, "Request-URI Too Long")
    gateway_answer(url, request("GET", "/employees", ADMIN + "X-Big: " + "b" * 11_000 + "\r\n"), 431,
                   "Request Header Fields Too Large")
    gateway_answer(url, request("GET", "/employees", ADMIN + "X-Huge: " + "b" * 70_000 + "\r\n"), 431,
                   "Request Header Fields Too Large")
    gateway_answer(url, request("GET", "/employees", ADMIN + "".join(f"X-N{i}: {i}\r\n" for i in range(120))), 431,
                   "Request Header Fields Too Large")
    gateway_answer(url, request("POST", "/identify", ADMIN + f"Content-Length: {10 * 1024 * 1024 + 1}\r\n"), 413,
                   "Request Entity Too Large")
    gateway_answer(url, request("GET", "/employees", ""), 401, "Unauthorized")
    gateway_answer(url, request("GET", "/employees", "Authorization: Basic bG9jYWw6bG9jYWw=\r\n"), 401, "Unauthorized")
    gateway_answer(url, request("GET", "/nope", ADMIN), 404, "Not Found")
    gateway_answer(url, request("DELETE", "/identify", ADMIN), 404, "Not Found")  # a method the route lacks
    gateway_answer(url, request("BREW", "/employees", ADMIN), 404, "Not Found")
    gateway_answer(url, b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400, "Bad Request")
    gateway_answer(url, b"GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400, "Bad Request")


def test_chunked_bodies_and_repeated_headers_reach_the_function_as_api_gateway_sends_them(stack):
    _, addresses = stack
    url = addresses.api_url
    chunked = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (EMPLOYEE[:10], EMPLOYEE[10:]))
    status, _, body = raw_exchange(url, request(
        "POST", "/employees", ADMIN + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
        chunked + b"0\r\n\r\n"))
    assert status == 201 and json.loads(body)["full_name"] == "Wire"
    bad_chunks = request("POST", "/employees", ADMIN + "Transfer-Encoding: chunked\r\n", b"zz\r\nxx\r\n0\r\n\r\n")
    gateway_answer(url, bad_chunks, 400, "Bad Request")
    # Repeated headers are joined with commas (payload v2): two media types are no media type.
    assert function_error(url, request(
        "POST", "/employees", ADMIN + "Content-Type: application/json\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(EMPLOYEE)}\r\n", EMPLOYEE)) == (415, "unsupported_media_type")
    # Upper-case media types are media types.
    other = EMPLOYEE.replace(b"wire@", b"wire2@")
    status, _, _ = raw_exchange(url, request(
        "POST", "/employees", ADMIN + f"Content-Type: APPLICATION/JSON\r\nContent-Length: {len(other)}\r\n", other))
    assert status == 201
    # A JSON integer beyond the parser's limit, over the wire.
    huge = b'{"full_name": 1' + b"0" * 5000 + b', "email": "n@example.com"}'
    assert function_error(url, request(
        "POST", "/employees", ADMIN + f"Content-Type: application/json\r\nContent-Length: {len(huge)}\r\n",
        huge)) == (400, "json_number_too_long")
    # The connection stays usable after a normal answer (keep-alive), as through API Gateway.
    status, _, _ = raw_exchange(url, request("GET", "/health") + request("GET", "/health"))
    assert status == 200
