"""`facepass web publish`: the built web apps (web/dist) to the stack's private web bucket, with a
config.json made from the stack's outputs, then a CloudFront invalidation. Assets whose names carry
a content hash are cached for a year; index.html and config.json are revalidated on every load. Every
HTML page gets the apps' Content-Security-Policy as a <meta> element first in its <head>, naming the
stack's exact API, Cognito domain and photo bucket (facepass/web_headers.py): CloudFront's header can
name the API only as any of the region's."""

from __future__ import annotations

import json
import mimetypes
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from facepass.errors import FacePassError
from facepass.web_headers import origin, with_policy_meta

# The console's Cognito client (template.yaml): it asks for every console role; the pre-token-generation trigger
# (facepass.token_scopes) keeps only those the user's groups grant, the local sign-in only the user's roles.
CONSOLE_SCOPES = ("openid", "email", "facepass/admin", "facepass/reviewer", "facepass/payroll", "facepass/employee")
REQUIRED_OUTPUTS = ("ApiUrl", "WebUrl", "WebBucketName", "WebDistributionId", "ConsoleClientId", "CognitoDomain",
                    "PhotoBucketName")
# The HTTP API's default endpoint (template.yaml's ApiUrl): its host ends in .execute-api.<region>.<URL suffix>.
_API_HOST = re.compile(r"\.execute-api\.([a-z0-9-]+)\.([a-z0-9.-]+)$")
NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
# Vite names bundles like index-3f2a9c1d.js / index-BWm3xq7_.css: a dash, then 8+ hash characters.
_HASHED = re.compile(r"[-.][A-Za-z0-9_]{8,}\.[a-z0-9]+$")
_TYPES = {".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8",
          ".json": "application/json", ".map": "application/json", ".svg": "image/svg+xml",
          ".webmanifest": "application/manifest+json", ".woff2": "font/woff2", ".woff": "font/woff",
          ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8", ".ico": "image/x-icon"}


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def cache_control(path: str) -> str:
    name = Path(path).name
    if name in ("index.html", "config.json") or name.endswith(".html"):
        return NO_CACHE
    return IMMUTABLE if _HASHED.search(name) else SHORT


def stack_outputs(cloudformation, stack_name: str) -> dict[str, str]:
    from botocore.exceptions import ClientError

    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as error:
        raise FacePassError(f"Stack {stack_name}: {error.response['Error'].get('Message', error)}",
                            code="stack_not_found", status=404) from None
    return {item["OutputKey"]: item["OutputValue"] for item in stacks[0].get("Outputs", [])}


def web_config(*, api_url: str, web_url: str, auth_base: str, client_id: str, locale: str | None = None) -> dict:
    """config.json: what the apps need to find the API and sign in (no secrets). The same shape in
    AWS (from the stack's outputs) and locally (the local stack's web server). `locale` only when the
    operator chose one: without it the apps follow the browser's language."""
    config = {
        "apiUrl": api_url.rstrip("/"),
        "auth": {
            "authorizeUrl": f"{auth_base}/oauth2/authorize",
            "tokenUrl": f"{auth_base}/oauth2/token",
            "logoutUrl": f"{auth_base}/logout",
            "clientId": client_id,
            "scopes": list(CONSOLE_SCOPES),
            "redirectUri": f"{web_url}/console/",
            "logoutRedirectUri": f"{web_url}/console/",
        },
    }
    if locale:
        config["locale"] = locale
    return config


def config_from_outputs(outputs: dict[str, str], locale: str | None = None) -> dict:
    missing = [name for name in REQUIRED_OUTPUTS if not outputs.get(name)]
    if missing:
        raise FacePassError(f"The stack has no output {', '.join(missing)} (deployed from an older template, or "
                            "with an external JwtIssuer: the console needs this stack's Cognito client).",
                            code="stack_outputs_missing", status=422)
    return web_config(api_url=outputs["ApiUrl"], web_url=outputs["WebUrl"].rstrip("/"),
                      auth_base=outputs["CognitoDomain"].rstrip("/"), client_id=outputs["ConsoleClientId"],
                      locale=locale)


def policy_origins(outputs: dict[str, str]) -> dict:
    """The origins the published pages' CSP names (web_headers.with_policy_meta's arguments): the stack's API, its
    Cognito domain, its photo bucket by both the endpoints presigned URLs use (regional; global in us-east-1), in
    the API's region and partition."""
    api = origin(outputs["ApiUrl"])
    where = _API_HOST.search(urlsplit(api).hostname or "")
    if not where:
        raise FacePassError(f"ApiUrl {outputs['ApiUrl']} is not an API Gateway endpoint (...execute-api.<region>."
                            "<suffix>): the pages' policy names the photo bucket in the API's region.",
                            code="stack_outputs_invalid", status=422)
    region, suffix = where.groups()
    bucket = outputs["PhotoBucketName"]
    return {"api_origin": api, "auth_origin": origin(outputs["CognitoDomain"]),
            "storage_origins": [f"https://{bucket}.s3.{region}.{suffix}", f"https://{bucket}.s3.{suffix}"]}


@dataclass
class PublishReport:
    bucket: str
    files: int
    invalidation_id: str
    web_url: str
    config: dict


def _upload_order(path: Path) -> int:
    """Assets first, then the pages that reference them, config.json last: a reader never gets a page
    pointing at a file that is not there yet."""
    return 2 if path.name == "config.json" else 1 if path.suffix == ".html" else 0


def publish(dist: Path, outputs: dict[str, str], *, s3, cloudfront, locale: str | None = None) -> PublishReport:
    if not (dist / "console" / "index.html").is_file() or not (dist / "kiosk" / "index.html").is_file():
        raise FacePassError(f"{dist} has no console/index.html and kiosk/index.html: run `make web` first.",
                            code="web_not_built", status=422)
    config = config_from_outputs(outputs, locale)
    origins = policy_origins(outputs)
    bucket = outputs["WebBucketName"]
    files = sorted((p for p in dist.rglob("*") if p.is_file() and p.name != "config.json"), key=_upload_order)
    for path in files:
        key = path.relative_to(dist).as_posix()
        body = path.read_bytes()
        if path.suffix == ".html":
            body = with_policy_meta(body, **origins)
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(key),
                      CacheControl=cache_control(key))
    s3.put_object(Bucket=bucket, Key="config.json", Body=json.dumps(config, indent=2).encode(),
                  ContentType="application/json", CacheControl=NO_CACHE)
    invalidation = cloudfront.create_invalidation(
        DistributionId=outputs["WebDistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"facepass-{time.time_ns()}"})
    return PublishReport(bucket=bucket, files=len(files) + 1, invalidation_id=invalidation["Invalidation"]["Id"],
                         web_url=outputs["WebUrl"], config=config)


def publish_stack(stack_name: str, dist: Path, *, region: str | None = None, session=None,
                  locale: str | None = None) -> PublishReport:
    import boto3

    session = session or boto3.Session(region_name=region)
    outputs = stack_outputs(session.client("cloudformation"), stack_name)
    # CloudFront is global; its API lives in us-east-1 whatever the stack's region.
    return publish(dist, outputs, s3=session.client("s3"),
                   cloudfront=session.client("cloudfront", region_name="us-east-1"), locale=locale)
