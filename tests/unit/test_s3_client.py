"""Presigned links go to the bucket's regional endpoint: the global one (bucket.s3.amazonaws.com) answers a
bucket outside us-east-1 with a 307 redirect until its DNS has propagated (up to a day after creation), and a
browser's CORS upload (the console's presigned POST) does not survive that redirect."""

from __future__ import annotations

import boto3
import pytest

from facepass.config import Settings
from facepass.services import make_s3_client


@pytest.mark.parametrize("region", ["eu-central-1", "ap-southeast-2", "us-east-1"])
def test_presigned_links_use_the_regional_endpoint(monkeypatch, region):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    # boto3's default session keeps the credentials it first resolves: a fresh one here, the old one back after
    # (else every later test's client signs with these keys and the local S3 answers 403).
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    s3 = make_s3_client(Settings(aws_region=region, bucket="facepass-photos-123456789012"))
    host = f"facepass-photos-123456789012.s3.{region}.amazonaws.com" if region != "us-east-1" else \
        "facepass-photos-123456789012.s3.amazonaws.com"  # us-east-1: the global endpoint is the regional one
    post = s3.generate_presigned_post("facepass-photos-123456789012", "enroll/a/b")
    get = s3.generate_presigned_url("get_object", Params={"Bucket": "facepass-photos-123456789012",
                                                          "Key": "snapshots/2026/12/05/x.jpg"}, ExpiresIn=60)
    assert post["url"] == f"https://{host}/"
    assert get.startswith(f"https://{host}/snapshots/")
