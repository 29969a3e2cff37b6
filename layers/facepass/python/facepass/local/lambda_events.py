"""Build the events AWS would send, so local runs and tests call the handlers exactly as Lambda does."""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote_plus


@dataclass
class LocalLambdaContext:
    """The attributes of the Lambda context object that handlers and Powertools read."""

    function_name: str = "local"
    memory_limit_in_mb: int = 2048
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:local"
    aws_request_id: str = ""
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"

    def __post_init__(self) -> None:
        self.aws_request_id = self.aws_request_id or str(uuid.uuid4())

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 300_000


TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded")


def http_api_event(method: str, path: str, *, query: str = "", headers: dict[str, str] | None = None,
                   body: bytes | str | None = None, source_ip: str = "127.0.0.1",
                   authorizer_claims: dict | None = None, authorizer_context: dict | None = None) -> dict:
    """An API Gateway HTTP API payload v2.0 event."""
    headers = {key.lower(): value for key, value in (headers or {}).items()}
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params[key] = f"{params[key]},{value}" if key in params else value  # v2 joins repeats with commas
    content_type = headers.get("content-type", "")
    is_base64 = False
    if isinstance(body, bytes):
        if content_type.startswith(TEXT_TYPES):
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError:
                body, is_base64 = base64.b64encode(body).decode(), True
        else:
            body, is_base64 = base64.b64encode(body).decode(), True
    now = time.time()
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "localhost"),
            "domainPrefix": "local",
            "http": {"method": method.upper(), "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip,
                     "userAgent": headers.get("user-agent", "")},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": is_base64,
    }
    if params:
        event["queryStringParameters"] = params
    if body is not None and body != "":
        event["body"] = body
    if authorizer_claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": authorizer_claims, "scopes": None}}
    if authorizer_context is not None:  # a Lambda authorizer's (simple response) context
        event["requestContext"]["authorizer"] = {"lambda": authorizer_context}
    return event


def authorizer_event(request: dict, *, route_key: str, identity_source: list[str]) -> dict:
    """The HTTP API payload 2.0 event a Lambda REQUEST authorizer gets for `request` (an http_api_event)."""
    context = request["requestContext"]
    return {
        "version": "2.0",
        "type": "REQUEST",
        "routeArn": f"arn:aws:execute-api:us-east-1:{context['accountId']}:{context['apiId']}/{context['stage']}/"
                    f"{route_key.replace(' ', '')}",
        "identitySource": identity_source,
        "routeKey": route_key,
        "rawPath": request["rawPath"],
        "rawQueryString": request["rawQueryString"],
        "headers": request["headers"],
        "queryStringParameters": request.get("queryStringParameters"),
        "requestContext": {**context, "routeKey": route_key},
        "pathParameters": {},
        "stageVariables": {},
    }


def s3_put_event(bucket: str, key: str, *, size: int, etag: str = "0", region: str = "us-east-1") -> dict:
    """An S3 ObjectCreated:Put notification as S3 sends it (the key URL-encoded)."""
    return {
        "Records": [{
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": region,
            "eventTime": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "eventName": "ObjectCreated:Put",
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "enrollment-upload",
                "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                "object": {"key": quote_plus(key, safe="/"), "size": size, "eTag": etag, "sequencer": "0"},
            },
        }]
    }
