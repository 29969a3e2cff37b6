"""The functions' IAM roles (template.yaml's inline policy statements) enforced on an S3 client in tests: moto checks
no IAM, so a role that lacks a grant the code needs would pass every test and fail in AWS.

`acting_as(s3, "CleanupFunction", bucket=...)`: inside the block (this thread only), every S3 call the client makes is
checked against the role first and refused as S3 would (AccessDenied, 403), and a missing object reads as 403, not
404, when the role may not list the bucket. Outside it the same client is unrestricted (the test's own setup, its
fault injections through s3_hook). Presigned links are no call (S3 checks them when the browser uses them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from samtranslator.yaml_helper import yaml_parse

from tests.conftest import ROOT

TEMPLATE = yaml_parse((ROOT / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]
_BUCKET_NAME = RESOURCES["PhotoBucket"]["Properties"]["BucketName"]["Fn::Sub"]


class UnknownS3Operation(Exception):
    """An S3 call the emulation has no IAM mapping for: add one (never guessed, never allowed by default)."""


class UnsupportedPolicy(Exception):
    """A statement the emulation cannot evaluate faithfully (NotAction, an unknown condition...)."""


def policy_statements(function: str) -> list[dict]:
    """The statements of the function's inline policies (its managed and SAM policy templates left out)."""
    return [statement for policy in RESOURCES[function]["Properties"]["Policies"] if isinstance(policy, dict)
            for statement in policy.get("Statement", [])]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _pattern(glob: str, *, ignore_case: bool = False) -> re.Pattern:
    """An IAM wildcard (`*` any run of characters, `/` included; `?` one) as a regex."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(f"^{body}$", re.IGNORECASE if ignore_case else 0)


TEST_STACK_ID = "arn:aws:cloudformation:us-east-1:000000000000:stack/facepass/00000000-0000-0000-0000-000000000000"


def _resolve(resource, bucket: str) -> str:
    """A statement's resource with the template's photo bucket ARN made the test bucket's."""
    if resource == {"Ref": "AWS::StackId"}:  # the function's own stack (the migrate function reads its status)
        return TEST_STACK_ID
    text = resource["Fn::Sub"] if isinstance(resource, dict) and set(resource) == {"Fn::Sub"} else resource
    if not isinstance(text, str):
        raise UnsupportedPolicy(f"resource {resource!r}")
    text = text.replace(_BUCKET_NAME, bucket).replace("${AWS::Partition}", "aws")
    if "${" in text:
        raise UnsupportedPolicy(f"unresolved substitution in {text!r}")
    return text


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[re.Pattern, ...]
    resources: tuple[re.Pattern, ...]
    conditions: tuple[tuple[str, str, tuple[re.Pattern, ...]], ...]  # (operator, key, allowed values)

    def matches(self, action: str, resource: str, context: dict[str, str]) -> bool:
        if not any(p.match(action) for p in self.actions) or not any(p.match(resource) for p in self.resources):
            return False
        # A condition on a key the request lacks does not match (IAM's String* operators).
        return all(key in context and any(p.match(context[key]) for p in values)
                   for _, key, values in self.conditions)


def _statement(raw: dict, bucket: str) -> Statement:
    unknown = set(raw) - {"Effect", "Action", "Resource", "Condition", "Sid"}
    if unknown or raw["Effect"] not in ("Allow", "Deny"):
        raise UnsupportedPolicy(f"statement {raw!r}")
    conditions = []
    for operator, pairs in (raw.get("Condition") or {}).items():
        if operator not in ("StringLike", "StringEquals"):
            raise UnsupportedPolicy(f"condition operator {operator}")
        for key, values in pairs.items():
            if key != "s3:prefix":
                raise UnsupportedPolicy(f"condition key {key}")
            exact = operator == "StringEquals"
            conditions.append((operator, key, tuple(re.compile(f"^{re.escape(v)}$") if exact else _pattern(v)
                                                    for v in _as_list(values))))
    return Statement(effect=raw["Effect"],
                     actions=tuple(_pattern(a, ignore_case=True) for a in _as_list(raw["Action"])),
                     resources=tuple(_pattern(_resolve(r, bucket)) for r in _as_list(raw["Resource"])),
                     conditions=tuple(conditions))


@dataclass(frozen=True)
class Role:
    function: str
    statements: tuple[Statement, ...]

    def allows(self, action: str, resource: str, context: dict[str, str] | None = None) -> bool:
        """IAM's rule: an explicit Deny wins, else some Allow must match, else it is denied."""
        context = context or {}
        matching = [s for s in self.statements if s.matches(action, resource, context)]
        return any(s.effect == "Allow" for s in matching) and not any(s.effect == "Deny" for s in matching)


def role_from(name: str, statements: list[dict], bucket: str) -> Role:
    """A role of these statements (template.yaml's form), its photo bucket ARNs resolved to `bucket`."""
    return Role(name, tuple(_statement(raw, bucket) for raw in statements))


@lru_cache(maxsize=64)
def role_of(function: str, bucket: str) -> Role:
    """The function's role from template.yaml, its photo bucket ARNs resolved to `bucket`."""
    return role_from(function, policy_statements(function), bucket)


def _object(bucket: str, key: str) -> str:
    return f"arn:aws:s3:::{bucket}/{key}"


def _copy_source(value) -> tuple[str, str]:
    if isinstance(value, dict):
        return value["Bucket"], value["Key"]
    path = unquote(value.split("?versionId=", 1)[0]).lstrip("/")  # botocore's "bucket/key" (URL-quoted) form
    bucket, key = path.split("/", 1)
    return bucket, key


Need = tuple[str, str, dict[str, str]]  # (IAM action, resource ARN, condition context)


def required(operation: str, params: dict) -> list[Need]:
    """What IAM checks for one S3 call (DeleteObjects: checked per key, see acting_as)."""
    bucket = params.get("Bucket")
    if operation == "CopyObject":
        source_bucket, source_key = _copy_source(params["CopySource"])
        return [("s3:GetObject", _object(source_bucket, source_key), {}),
                ("s3:PutObject", _object(bucket, params["Key"]), {})]
    if operation in ("HeadObject", "GetObject"):
        return [("s3:GetObject", _object(bucket, params["Key"]), {})]
    if operation in ("PutObject", "DeleteObject"):
        return [(f"s3:{operation}", _object(bucket, params["Key"]), {})]
    if operation in ("ListObjectsV2", "ListObjects"):
        context = {"s3:prefix": params["Prefix"]} if "Prefix" in params else {}
        return [("s3:ListBucket", f"arn:aws:s3:::{bucket}", context)]
    if operation == "GetBucketLifecycleConfiguration":
        return [("s3:GetLifecycleConfiguration", f"arn:aws:s3:::{bucket}", {})]
    raise UnknownS3Operation(f"{operation}: map it to its IAM actions in tests/function_roles.py")


def _may_list(role: Role, bucket: str, key: str) -> bool:
    """S3 tells a missing object (404) from a forbidden one only to a caller that may list the bucket; the key is
    taken as the s3:prefix a prefix condition sees (how the template's conditioned grants are meant to work)."""
    return role.allows("s3:ListBucket", f"arn:aws:s3:::{bucket}", {"s3:prefix": key})


def access_denied(operation: str, detail: str) -> ClientError:
    return ClientError({"Error": {"Code": "AccessDenied", "Message": f"Access Denied ({detail})"},
                       "ResponseMetadata": {"HTTPStatusCode": 403}}, operation)


_acting: ContextVar[str | Role | None] = ContextVar("facepass_acting_role", default=None)
_PARAMS = "facepass_iam_params"
_DENIED_KEYS = "facepass_iam_denied_keys"


def _role_now(context: dict) -> Role | None:
    acting = _acting.get()
    if acting is None:
        return None
    if _PARAMS not in context:  # a call whose parameters were never seen would pass unchecked
        raise UnknownS3Operation("an S3 call without its before-parameter-build event")
    return acting if isinstance(acting, Role) else role_of(acting, context[_PARAMS].get("Bucket", ""))


def _remember_params(params, model, context, **_) -> None:
    """The call's own parameters (before-call sees only the serialized request); DeleteObjects loses the keys the
    role may not delete (S3 reports those per key and deletes the others)."""
    if _acting.get() is None:
        return
    context[_PARAMS] = dict(params)
    if model.name == "DeleteObjects":
        role = _role_now(context)
        objects = params["Delete"]["Objects"]
        allowed = [o for o in objects if role.allows("s3:DeleteObject", _object(params["Bucket"], o["Key"]))]
        context[_DENIED_KEYS] = [o["Key"] for o in objects if o not in allowed]
        if allowed:
            params["Delete"] = {**params["Delete"], "Objects": allowed}


def _check_call(model, context, **_):
    role = _role_now(context)
    if role is None:
        return None
    if model.name == "DeleteObjects":
        if len(context[_DENIED_KEYS]) == len(context[_PARAMS]["Delete"]["Objects"]):  # none to send: S3's answer
            return AWSResponse("", 200, {}, None), {"Errors": [], "ResponseMetadata": {"HTTPStatusCode": 200}}
        return None
    for action, resource, condition in required(model.name, context[_PARAMS]):
        if not role.allows(action, resource, condition):
            raise access_denied(model.name, f"{role.function} may not {action} on {resource}")
    return None


def _answer_as_s3(http_response, parsed, model, context, **_) -> None:
    role = _role_now(context)
    if role is None:
        return
    params = context[_PARAMS]
    if model.name == "DeleteObjects":
        parsed["Errors"] = parsed.get("Errors", []) + [
            {"Key": key, "Code": "AccessDenied", "Message": "Access Denied"} for key in context[_DENIED_KEYS]]
        return
    if http_response.status_code != 404 or model.name not in ("HeadObject", "GetObject", "CopyObject"):
        return
    bucket, key = (_copy_source(params["CopySource"]) if model.name == "CopyObject"
                   else (params["Bucket"], params["Key"]))
    if not _may_list(role, bucket, key):
        http_response.status_code = 403
        code = "403" if model.name == "HeadObject" else "AccessDenied"  # HEAD has no body: S3's code is the status
        parsed["Error"] = {"Code": code, "Message": "Forbidden" if code == "403" else "Access Denied"}
        parsed.setdefault("ResponseMetadata", {})["HTTPStatusCode"] = 403


def install(s3) -> None:
    """The checks on this client (once; they act only inside acting_as)."""
    events = s3.meta.events
    events.register("before-parameter-build.s3.*", _remember_params, unique_id="facepass-iam-params")
    events.register_first("before-call.s3.*", _check_call, unique_id="facepass-iam-check")
    events.register_first("after-call.s3.*", _answer_as_s3, unique_id="facepass-iam-answer")


@contextmanager
def acting_as(s3, function: str | Role) -> Iterator[None]:
    """Inside (this thread): the client's calls are made with `function`'s role from template.yaml (or this Role)."""
    if not isinstance(function, Role) and RESOURCES.get(function, {}).get("Type") != "AWS::Serverless::Function":
        raise KeyError(function)
    install(s3)
    token = _acting.set(function)
    try:
        yield
    finally:
        _acting.reset(token)



def run_cleanup(db, s3, settings, **options):
    """retention.run_cleanup as the CleanupFunction runs it: with its role."""
    from facepass import retention

    with acting_as(s3, "CleanupFunction"):
        return retention.run_cleanup(db, s3, settings, **options)


def process_upload(db, s3, engine, settings, **where):
    """enrollment.process_upload as the EmbeddingFunction runs it: with its role."""
    from facepass import enrollment

    with acting_as(s3, "EmbeddingFunction"):
        return enrollment.process_upload(db, s3, engine, settings, **where)
