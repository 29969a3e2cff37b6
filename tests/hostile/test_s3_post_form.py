"""The local S3's presigned-POST check reads the form as S3 does: repeated fields (in any letter case),
several files or none, malformed multipart are refused in S3's XML error shape; fields after the file
are ignored; reordering signed fields changes nothing. The stored object is always the one the policy
covered (key and content type)."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import pytest
import requests

from facepass import storage
from tests.conftest import fixture_bytes

PHOTO = fixture_bytes("identities/fr_obama/obama3.jpg")


@pytest.fixture
def upload(s3, settings):
    key = f"enroll/{uuid.uuid4()}/{uuid.uuid4()}"
    post = storage.presigned_upload(s3, bucket=settings.bucket, key=key, content_type="image/jpeg", min_bytes=1024,
                                    max_bytes=10 * 1024 * 1024, expires_in=300)
    return post["url"], list(post["fields"].items()), key


def multipart(parts: list[tuple[str, str | bytes]], *, boundary: str = "hostileform") -> tuple[bytes, dict]:
    """Fields and file parts in exactly this order ('file' parts carry bytes)."""
    body = b""
    for name, value in parts:
        if isinstance(value, bytes):
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="p.jpg"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n").encode() + value + b"\r\n"
        else:
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    body += f"--{boundary}--\r\n".encode()
    return body, {"content-type": f"multipart/form-data; boundary={boundary}"}


def post(url: str, parts) -> requests.Response:
    body, headers = multipart(parts)
    return requests.post(url, data=body, headers=headers, timeout=30)


def s3_error(response: requests.Response) -> str:
    assert response.headers["content-type"] == "application/xml", response.text[:300]
    root = ET.fromstring(response.content)
    assert root.tag == "Error" and root.findtext("Message") and root.findtext("RequestId"), response.text
    return root.findtext("Code")


def stored(s3, bucket: str) -> dict[str, str]:
    return {item["Key"]: s3.head_object(Bucket=bucket, Key=item["Key"])["ContentType"]
            for item in storage.list_keys(s3, bucket=bucket, prefix="")}


def test_the_signed_form_in_any_order_stores_exactly_the_covered_object(s3, settings, upload):
    url, fields, key = upload
    assert post(url, [*reversed(fields), ("file", PHOTO)]).status_code == 204
    assert post(url, [*fields, ("file", PHOTO), ("key", "snapshots/after-the-file.jpg"),
                      ("Content-Type", "text/html")]).status_code == 204  # S3 ignores fields after the file
    assert stored(s3, settings.bucket) == {key: "image/jpeg"}
    assert s3.get_object(Bucket=settings.bucket, Key=key)["Body"].read() == PHOTO


REPEATS = {
    "key_before": lambda fields: [("key", "snapshots/2026/01/01/x.jpg"), *fields],
    "key_after": lambda fields: [*fields, ("key", "snapshots/2026/01/01/x.jpg")],
    "key_other_case": lambda fields: [("Key", "snapshots/x.jpg"), *fields],
    "key_same_value": lambda fields: [*fields, *[f for f in fields if f[0] == "key"]],
    "content_type_before": lambda fields: [("Content-Type", "text/html"), *fields],
    "content_type_after": lambda fields: [*fields, ("content-type", "text/html")],
    "policy_twice": lambda fields: [*fields, *[f for f in fields if f[0] == "policy"]],
    "signature_twice": lambda fields: [("x-amz-signature", "0" * 64), *fields],
    "credential_twice": lambda fields: [*fields, ("X-Amz-Credential", "other/20260101/us-east-1/s3/aws4_request")],
    "date_twice": lambda fields: [*fields, ("x-amz-date", "20000101T000000Z")],
}


@pytest.mark.parametrize("name", sorted(REPEATS))
def test_a_repeated_field_is_refused(s3, settings, upload, name):
    url, fields, _ = upload
    response = post(url, [*REPEATS[name](fields), ("file", PHOTO)])
    assert response.status_code == 400 and s3_error(response) == "InvalidArgument", response.text
    assert stored(s3, settings.bucket) == {}


def test_other_malformed_forms_are_refused_in_s3_shape(s3, settings, upload):
    url, fields, _ = upload
    cases = [
        ([*fields], 400, "InvalidArgument"),  # no file
        ([*fields, ("file", PHOTO), ("file", PHOTO)], 400, "InvalidArgument"),  # two files
        ([("file", PHOTO), *fields], 403, "AccessDenied"),  # every field after the file: no policy
        ([*[f for f in fields if f[0] != "x-amz-signature"], ("x-amz-signature", "é" * 64), ("file", PHOTO)], 403,
         "SignatureDoesNotMatch"),
        ([*fields, ("x-unsigned", "1"), ("file", PHOTO)], 403, "AccessDenied"),
        ([*fields, ("file", b"x" * 10)], 400, "EntityTooSmall"),
    ]
    for parts, status, code in cases:
        response = post(url, parts)
        assert (response.status_code, s3_error(response)) == (status, code), [name for name, _ in parts]
    for body in (b"--hostileform\r\nContent-Disposition: form-data\r\n\r\nx", b"\x00" * 100,
                 b"--hostileform\r\nContent-Disposition: form-data; name=\"key\"\r\n"):
        response = requests.post(url, data=body, headers={"content-type": "multipart/form-data; boundary=hostileform"},
                                 timeout=30)
        assert 400 <= response.status_code < 500 and s3_error(response), response.text
    assert stored(s3, settings.bucket) == {}
