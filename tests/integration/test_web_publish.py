"""`facepass web publish` against moto: stack outputs from a CloudFormation stack, the upload to the
web bucket with content types and cache headers, config.json, the pages' Content-Security-Policy <meta>, the
CloudFront invalidation."""

from __future__ import annotations

import json
import re

import boto3
import pytest
from moto import mock_aws

from facepass.errors import FacePassError
from facepass.web_headers import content_security_policy
from facepass.web_publish import cache_control, content_type, publish_stack

# Vite's page: a <head> whose first element the policy must precede (the scripts and stylesheet come after).
VITE_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" href="data:," />
    <meta charset="UTF-8" />
    <title>FacePass</title>
    <script type="module" crossorigin src="/console/assets/index-BWm3xq7_.js"></script>
    <link rel="stylesheet" crossorigin href="/console/assets/index-3f2a9c1d.css">
  </head>
  <body><div id="root"></div></body>
</html>
"""


@pytest.fixture
def dist(tmp_path):
    for app in ("console", "kiosk"):
        (tmp_path / app / "assets").mkdir(parents=True)
        (tmp_path / app / "index.html").write_text(VITE_PAGE.replace("FacePass", app))
        (tmp_path / app / "assets" / "index-BWm3xq7_.js").write_text("export {}")
        (tmp_path / app / "assets" / "index-3f2a9c1d.css").write_text("body{}")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path / "console" / "offline.html").write_text("<!doctype html><title>Offline</title><p>Offline")  # no <head>
    (tmp_path / "config.json").write_text('{"apiUrl": "http://127.0.0.1:8300"}')  # a dev leftover: replaced
    return tmp_path


def deployed_stack(region: str = "eu-west-1") -> str:
    """A moto stack with the outputs template.yaml declares (the bucket real, the rest as deployed)."""
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "test", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "web.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https"}})
    template = {
        "Resources": {"WebBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "facepass-web-test"}}},
        "Outputs": {
            "WebBucketName": {"Value": {"Ref": "WebBucket"}},
            "WebUrl": {"Value": "https://d111111abcdef8.cloudfront.net"},
            "WebDistributionId": {"Value": distribution["Distribution"]["Id"]},
            "ApiUrl": {"Value": "https://abc123.execute-api.eu-west-1.amazonaws.com"},
            "ConsoleClientId": {"Value": "4example0client0id"},
            "CognitoDomain": {"Value": "https://facepass-123456789012.auth.eu-west-1.amazoncognito.com"},
            "PhotoBucketName": {"Value": "facepass-photos-123456789012"},
        },
    }
    boto3.client("cloudformation", region_name=region).create_stack(StackName="facepass",
                                                                     TemplateBody=json.dumps(template))
    return distribution["Distribution"]["Id"]


def test_publish_uploads_the_apps_with_types_cache_headers_and_config(dist):
    with mock_aws():
        distribution_id = deployed_stack()
        report = publish_stack("facepass", dist, region="eu-west-1")
        s3 = boto3.client("s3", region_name="eu-west-1")
        objects = {item["Key"] for item in s3.list_objects_v2(Bucket="facepass-web-test")["Contents"]}
        apps = {f"{app}/{name}" for app in ("console", "kiosk")
                for name in ("index.html", "assets/index-BWm3xq7_.js", "assets/index-3f2a9c1d.css")}
        assert objects == apps | {"favicon.svg", "config.json", "console/offline.html"}
        assert report.files == 9 and report.bucket == "facepass-web-test"

        def head(key: str) -> dict:
            return s3.head_object(Bucket="facepass-web-test", Key=key)

        assert head("console/index.html")["ContentType"] == "text/html; charset=utf-8"
        assert head("console/index.html")["CacheControl"] == "no-cache"
        assert head("kiosk/assets/index-BWm3xq7_.js")["ContentType"] == "text/javascript; charset=utf-8"
        assert head("kiosk/assets/index-BWm3xq7_.js")["CacheControl"] == "public, max-age=31536000, immutable"
        assert head("console/assets/index-3f2a9c1d.css")["ContentType"] == "text/css; charset=utf-8"
        assert head("favicon.svg")["ContentType"] == "image/svg+xml"
        assert head("favicon.svg")["CacheControl"] == "public, max-age=300"
        assert head("config.json")["CacheControl"] == "no-cache"
        config = json.loads(s3.get_object(Bucket="facepass-web-test", Key="config.json")["Body"].read())
        auth_base = "https://facepass-123456789012.auth.eu-west-1.amazoncognito.com"
        assert config == {
            "apiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com",
            "auth": {"authorizeUrl": f"{auth_base}/oauth2/authorize", "tokenUrl": f"{auth_base}/oauth2/token",
                     "logoutUrl": f"{auth_base}/logout", "clientId": "4example0client0id",
                     "scopes": ["openid", "email", "facepass/admin", "facepass/reviewer", "facepass/payroll",
                                "facepass/employee"],
                     "redirectUri": "https://d111111abcdef8.cloudfront.net/console/",
                     "logoutRedirectUri": "https://d111111abcdef8.cloudfront.net/console/"}}
        # Every page: the policy naming this stack's exact API, Cognito domain and photo bucket (CloudFront's header
        # names any API of the region), first in <head> before any script; frame-ancestors is the header's alone.
        policy = content_security_policy(
            api_origin="https://abc123.execute-api.eu-west-1.amazonaws.com", auth_origin=auth_base,
            storage_origins=["https://facepass-photos-123456789012.s3.eu-west-1.amazonaws.com",
                             "https://facepass-photos-123456789012.s3.amazonaws.com"], meta=True)
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        assert "frame-ancestors" not in policy and "trusted-types 'none'" in policy and '"' not in policy
        for key in ("console/index.html", "kiosk/index.html"):
            page = s3.get_object(Bucket="facepass-web-test", Key=key)["Body"].read().decode()
            assert page.count("Content-Security-Policy") == 1, page
            assert re.search(r"<head>\s*" + re.escape(meta) + r"\s*<link rel=\"icon\"", page), page
            assert page.index(meta) < page.index("<script") and page.index(meta) < page.index("<meta charset")
        offline = s3.get_object(Bucket="facepass-web-test", Key="console/offline.html")["Body"].read().decode()
        assert offline == f"<!doctype html>{meta}<title>Offline</title><p>Offline"
        assert s3.get_object(Bucket="facepass-web-test", Key="console/assets/index-BWm3xq7_.js")["Body"].read() == \
            b"export {}"
        invalidations = boto3.client("cloudfront", region_name="us-east-1").list_invalidations(
            DistributionId=distribution_id)["InvalidationList"]
        assert invalidations["Quantity"] == 1 and invalidations["Items"][0]["Id"] == report.invalidation_id


def test_publish_refuses_an_unbuilt_folder_or_a_stack_without_web_outputs(dist, tmp_path_factory):
    with mock_aws():
        deployed_stack()
        with pytest.raises(FacePassError) as unbuilt:
            publish_stack("facepass", tmp_path_factory.mktemp("empty"), region="eu-west-1")
        assert unbuilt.value.code == "web_not_built"
        with pytest.raises(FacePassError) as missing:
            publish_stack("nope", dist, region="eu-west-1")
        assert missing.value.code == "stack_not_found"
        boto3.client("cloudformation", region_name="eu-west-1").create_stack(StackName="old", TemplateBody=json.dumps(
            {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, "Outputs": {"ApiUrl": {"Value": "https://x"}}}))
        with pytest.raises(FacePassError) as old:
            publish_stack("old", dist, region="eu-west-1")
        assert old.value.code == "stack_outputs_missing" and "WebBucketName" in old.value.message
        # The pages' policy names the photo bucket in the API's region: an ApiUrl that does not say it is refused.
        outputs = {"ApiUrl": "https://api.example.com", "WebUrl": "https://d1.cloudfront.net", "WebBucketName": "b",
                   "WebDistributionId": "E1", "ConsoleClientId": "c", "CognitoDomain": "https://x.auth.example.com",
                   "PhotoBucketName": "p"}
        template = {"Resources": {"B": {"Type": "AWS::S3::Bucket"}},
                    "Outputs": {name: {"Value": value} for name, value in outputs.items()}}
        boto3.client("cloudformation", region_name="eu-west-1").create_stack(StackName="custom",
                                                                             TemplateBody=json.dumps(template))
        with pytest.raises(FacePassError) as custom:
            publish_stack("custom", dist, region="eu-west-1")
        assert custom.value.code == "stack_outputs_invalid" and "ApiUrl" in custom.value.message


def test_cli_publishes_in_one_command(dist, capsys):
    from facepass.cli import main

    with mock_aws():
        deployed_stack("us-east-1")
        assert main(["web", "publish", "--stack", "facepass", "--region", "us-east-1", "--dist", str(dist)]) == 0
        assert "Console  https://d111111abcdef8.cloudfront.net/console/" in capsys.readouterr().out
        assert main(["web", "publish", "--stack", "missing", "--region", "us-east-1", "--dist", str(dist)]) == 1
        assert "stack_not_found" in capsys.readouterr().err


@pytest.mark.parametrize(("key", "cache", "kind"), [
    ("console/index.html", "no-cache", "text/html; charset=utf-8"),
    ("console/assets/index-BWm3xq7_.js", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8"),
    ("kiosk/assets/face-frame.svg", "public, max-age=300", "image/svg+xml"),
    ("kiosk/manifest.webmanifest", "public, max-age=300", "application/manifest+json"),
    ("console/assets/inter-latin-400-3f2a9c1d.woff2", "public, max-age=31536000, immutable", "font/woff2"),
])
def test_cache_headers_and_content_types(key, cache, kind):
    assert cache_control(key) == cache and content_type(key) == kind


def test_config_carries_a_locale_only_when_the_operator_set_one(dist, capsys):
    """Without one the apps follow each browser's language (a `"locale": "en"` always there made every Russian
    browser open in English)."""
    from facepass.cli import main

    def published_config() -> dict:
        body = boto3.client("s3", region_name="eu-west-1").get_object(Bucket="facepass-web-test", Key="config.json")
        return json.loads(body["Body"].read())

    with mock_aws():
        deployed_stack()
        publish_stack("facepass", dist, region="eu-west-1")
        assert "locale" not in published_config()
        assert main(["web", "publish", "--stack", "facepass", "--region", "eu-west-1", "--dist", str(dist),
                     "--locale", "ru"]) == 0
        assert published_config()["locale"] == "ru"
