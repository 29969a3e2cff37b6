"""tests/function_roles: the template's roles enforced on an S3 client (the local moto S3 checks no IAM)."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from facepass import storage
from facepass.config import Settings
from facepass.services import make_s3_client
from tests.function_roles import UnknownS3Operation, UnsupportedPolicy, acting_as, role_from, role_of

ARN = "arn:${AWS::Partition}:s3:::${AWS::StackName}-photos-${AWS::AccountId}"


@pytest.fixture
def s3(local_s3):
    client = make_s3_client(Settings(bucket="unused", s3_endpoint_url=local_s3.url))
    client.bucket = f"fp-roles-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=client.bucket)
    for key in ("enroll/a/b", "snapshots/2026/12/05/x.jpg", "erasures/e.json"):
        client.put_object(Bucket=client.bucket, Key=key, Body=b"x")
    return client


def denied(call) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return caught.value.response["Error"]["Code"]


def keys(s3) -> set[str]:
    return {item["Key"] for item in storage.list_keys(s3, bucket=s3.bucket, prefix="")}


def test_a_role_gets_its_grants_and_nothing_else_and_only_inside_the_block(s3):
    bucket = s3.bucket
    with acting_as(s3, "EmbeddingFunction"):  # GetObject and DeleteObject on enroll/*
        assert s3.get_object(Bucket=bucket, Key="enroll/a/b")["Body"].read() == b"x"
        assert storage.last_modified(s3, bucket=bucket, key="enroll/a/b") is not None
        assert denied(lambda: s3.get_object(Bucket=bucket, Key="snapshots/2026/12/05/x.jpg")) == "AccessDenied"
        assert denied(lambda: s3.head_object(Bucket=bucket, Key="snapshots/2026/12/05/x.jpg")) == "AccessDenied"
        assert denied(lambda: s3.put_object(Bucket=bucket, Key="enroll/a/c", Body=b"y")) == "AccessDenied"
        assert denied(lambda: s3.delete_object(Bucket=bucket, Key="erasures/e.json")) == "AccessDenied"
        s3.delete_object(Bucket=bucket, Key="enroll/a/b")
    assert keys(s3) == {"snapshots/2026/12/05/x.jpg", "erasures/e.json"}  # the refused calls changed nothing
    s3.put_object(Bucket=bucket, Key="enroll/a/c", Body=b"y")  # outside: the test's own unrestricted client


def test_a_copy_needs_get_on_its_source_and_put_on_its_target(s3):
    bucket, source = s3.bucket, "snapshots/2026/12/05/x.jpg"
    with acting_as(s3, "ApiFunction"):
        s3.copy_object(Bucket=bucket, Key="review-snapshots/2026/12/05/x.jpg", CopySource={"Bucket": bucket,
                                                                                            "Key": source})
        # PutObject on erasures/ is granted, GetObject on it is not: the source decides
        assert denied(lambda: s3.copy_object(Bucket=bucket, Key="snapshots/copy.jpg",
                                             CopySource={"Bucket": bucket, "Key": "erasures/e.json"})) == "AccessDenied"
    readers = role_from("SnapshotReader", [{"Effect": "Allow", "Action": "s3:GetObject",
                                            "Resource": {"Fn::Sub": f"{ARN}/snapshots/*"}}], bucket)
    with acting_as(s3, readers):  # may read the source, may not write the target
        assert denied(lambda: s3.copy_object(Bucket=bucket, Key="review-snapshots/y.jpg",
                                             CopySource=f"{bucket}/{source}")) == "AccessDenied"
    assert "review-snapshots/y.jpg" not in keys(s3)


def test_a_missing_object_reads_as_missing_only_to_a_role_that_may_list_the_bucket(s3):
    bucket = s3.bucket
    with acting_as(s3, "EmbeddingFunction"):  # ListBucket on enroll/* only
        assert storage.last_modified(s3, bucket=bucket, key="enroll/a/gone") is None
        assert storage.read_object(s3, bucket=bucket, key="enroll/a/gone", max_bytes=10) is None
    unlisting = role_from("Reader", [{"Effect": "Allow", "Action": ["s3:GetObject"],
                                      "Resource": {"Fn::Sub": f"{ARN}/enroll/*"}}], bucket)
    with acting_as(s3, unlisting):
        with pytest.raises(ClientError) as head:
            storage.last_modified(s3, bucket=bucket, key="enroll/a/gone")
        assert not storage.is_missing(head.value) and head.value.response["Error"]["Code"] == "403"
        assert denied(lambda: s3.get_object(Bucket=bucket, Key="enroll/a/gone")) == "AccessDenied"
        assert s3.get_object(Bucket=bucket, Key="enroll/a/b")["Body"].read() == b"x"


def test_delete_objects_deletes_the_permitted_keys_and_reports_each_refused_one(s3):
    bucket = s3.bucket
    with acting_as(s3, "EmbeddingFunction"):
        failed = storage.delete_keys(s3, bucket=bucket, keys=["enroll/a/b", "snapshots/2026/12/05/x.jpg"])
        assert failed == ["snapshots/2026/12/05/x.jpg"]
        assert storage.delete_keys(s3, bucket=bucket, keys=["erasures/e.json"]) == ["erasures/e.json"]
    assert keys(s3) == {"snapshots/2026/12/05/x.jpg", "erasures/e.json"}


def test_listing_respects_the_prefix_condition(s3):
    bucket = s3.bucket
    with acting_as(s3, "EmbeddingFunction"):  # ListBucket with s3:prefix like enroll/*
        assert [item["Key"] for item in storage.list_keys(s3, bucket=bucket, prefix="enroll/")] == ["enroll/a/b"]
        assert denied(lambda: list(storage.list_keys(s3, bucket=bucket, prefix="snapshots/"))) == "AccessDenied"
        assert denied(lambda: s3.list_objects_v2(Bucket=bucket)) == "AccessDenied"  # no prefix: the condition fails
    with acting_as(s3, "ApiFunction"):  # ListBucket without a condition
        assert len(list(storage.list_keys(s3, bucket=bucket, prefix=""))) == 3


def test_the_lifecycle_configuration_is_read_only_by_a_role_granted_it(s3):
    bucket = s3.bucket
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "expire-snapshots", "Status": "Enabled", "Filter": {"Prefix": "snapshots/"},
         "Expiration": {"Days": 8}}]})
    with acting_as(s3, "CleanupFunction"):
        assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["ID"] == "expire-snapshots"
    with acting_as(s3, "ApiFunction"):
        assert denied(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)) == "AccessDenied"


def test_presigned_links_are_no_call_and_unknown_operations_fail_loudly(s3):
    bucket = s3.bucket
    with acting_as(s3, "DeviceAuthorizerFunction"):  # no S3 grant at all
        assert storage.presigned_snapshot_url(s3, bucket=bucket, key="snapshots/2026/12/05/x.jpg", expires_in=60)
        assert storage.presigned_upload(s3, bucket=bucket, key="enroll/a/c", content_type="image/jpeg",
                                        min_bytes=1, max_bytes=10, expires_in=60)["fields"]["key"] == "enroll/a/c"
        assert denied(lambda: s3.head_object(Bucket=bucket, Key="enroll/a/b")) == "AccessDenied"
        with pytest.raises(UnknownS3Operation, match="GetBucketTagging"):
            s3.get_bucket_tagging(Bucket=bucket)
        with pytest.raises(UnknownS3Operation, match="ListBuckets"):
            s3.list_buckets()
    with pytest.raises(KeyError), acting_as(s3, "PhotoBucket"):  # not a function
        pass


def test_an_explicit_deny_wins_and_what_cannot_be_evaluated_is_refused():
    role = role_from("R", [
        {"Effect": "Allow", "Action": "s3:*", "Resource": {"Fn::Sub": f"{ARN}/*"}},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": {"Fn::Sub": f"{ARN}/erasures/*"}},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": {"Fn::Sub": ARN},
         "Condition": {"StringEquals": {"s3:prefix": "enroll/"}}}], "b")
    assert role.allows("s3:DeleteObject", "arn:aws:s3:::b/snapshots/x")
    assert not role.allows("s3:DeleteObject", "arn:aws:s3:::b/erasures/x")
    assert not role.allows("s3:GetObject", "arn:aws:s3:::other/snapshots/x")
    assert role.allows("s3:ListBucket", "arn:aws:s3:::b", {"s3:prefix": "enroll/"})
    assert not role.allows("s3:ListBucket", "arn:aws:s3:::b", {"s3:prefix": "enroll/x"})  # Equals, not Like
    assert not role.allows("s3:ListBucket", "arn:aws:s3:::b")
    for statement in [{"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "*"},
                      {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                       "Condition": {"StringLike": {"s3:delimiter": "/"}}},
                      {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                       "Condition": {"ForAnyValue:StringLike": {"s3:prefix": "a"}}},
                      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Other}/*"}}]:
        with pytest.raises(UnsupportedPolicy):
            role_from("R", [statement], "b")


def test_every_function_role_in_the_template_can_be_evaluated():
    for function in ("ApiFunction", "EmbeddingFunction", "CleanupFunction", "DeviceAuthorizerFunction",
                     "MigrateFunction"):
        role_of(function, "b")
