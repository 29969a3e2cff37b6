"""What the local stack needs from template.yaml: HTTP routes, handler modules, the enrollment
notification prefix. Read from the template so local runs cannot drift from the deployment."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from samtranslator.yaml_helper import yaml_parse


@dataclass(frozen=True)
class HandlerSpec:
    function: str  # logical id in the template
    folder: Path  # the function's code root
    module: str
    attribute: str

    def load(self) -> Callable:
        """Import the handler as Lambda does: its folder is the code root (first on sys.path)."""
        if str(self.folder) not in sys.path:
            sys.path.insert(0, str(self.folder))
        return getattr(importlib.import_module(self.module), self.attribute)

    def module_object(self):
        self.load()
        return sys.modules[self.module]


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway form: /employees/{employee_id}
    open: bool = False  # security: [{NONE: []}] in the template
    authorizer: str | None = None  # the route's authorizer name (None: the API's default, the JWT one)

    def matches(self, method: str, path: str) -> bool:
        if method.upper() != self.method:
            return False
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(self.path)) + "$"
        return re.match(pattern, path) is not None


@dataclass(frozen=True)
class LambdaAuthorizer:
    """An HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses)."""

    name: str
    handler: HandlerSpec
    identity_headers: tuple[str, ...]
    cache_seconds: int = 0  # Identity.ReauthorizeEvery: API Gateway caches each identity's answer this long


@dataclass(frozen=True)
class CorsSpec:
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    max_age: int
    expose_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    api: HandlerSpec
    routes: list[Route]
    embedding: HandlerSpec
    enroll_prefix: str
    cleanup: HandlerSpec
    environment: dict[str, str]  # the functions' plain (non-intrinsic) environment values
    lambda_authorizers: dict[str, LambdaAuthorizer] = field(default_factory=dict)
    cors: CorsSpec | None = None  # AllowOrigins is deployment-specific (the web origin), set by the stack

    def route_for(self, method: str, path: str) -> Route | None:
        return next((route for route in self.routes if route.matches(method, path)), None)


def _handler(root: Path, name: str, function: dict) -> HandlerSpec:
    properties = function["Properties"]
    if properties.get("PackageType") == "Image":
        module, attribute = properties["ImageConfig"]["Command"][0].rsplit(".", 1)
        folders = [folder for folder in sorted((root / "functions").iterdir()) if (folder / f"{module}.py").is_file()]
        if len(folders) != 1:
            raise ValueError(f"{name}: {module}.py must be in exactly one functions/ folder")
        return HandlerSpec(name, folders[0], module, attribute)
    module, attribute = properties["Handler"].rsplit(".", 1)
    return HandlerSpec(name, root / properties["CodeUri"], module, attribute)


def load_template(path: Path) -> TemplateSpec:
    template = yaml_parse(path.read_text())
    root = path.parent
    functions = {name: resource for name, resource in template["Resources"].items()
                 if resource["Type"] == "AWS::Serverless::Function"}

    def function_with(event_type: str) -> tuple[str, dict]:
        matches = [(name, function) for name, function in functions.items()
                   if any(event["Type"] == event_type for event in function["Properties"].get("Events", {}).values())]
        if len(matches) != 1:
            raise ValueError(f"expected one function with {event_type} events, found {len(matches)}")
        return matches[0]

    if any(event["Type"] == "HttpApi" for function in functions.values()
           for event in function["Properties"].get("Events", {}).values()):
        # Each would add an invoke permission to the function's 20 KB resource policy (README, Deploy).
        raise ValueError("HttpApi events: declare the route in HttpApi's DefinitionBody instead")
    api_name, routes = _routes(template)
    api_function = functions[api_name]
    lambda_authorizers, cors = _http_api(template, root, functions)
    embedding_name, embedding_function = function_with("S3")
    s3_event = next(event for event in embedding_function["Properties"]["Events"].values() if event["Type"] == "S3")
    prefix = next(rule["Value"] for rule in s3_event["Properties"]["Filter"]["S3Key"]["Rules"]
                  if rule["Name"] == "prefix")
    cleanup_name, cleanup_function = function_with("Schedule")
    variables = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    environment = {name: str(value) for name, value in variables.items() if isinstance(value, str | int)}
    return TemplateSpec(api=_handler(root, api_name, api_function), routes=routes,
                        embedding=_handler(root, embedding_name, embedding_function), enroll_prefix=prefix,
                        cleanup=_handler(root, cleanup_name, cleanup_function), environment=environment,
                        lambda_authorizers=lambda_authorizers, cors=cors)


HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def _routes(template: dict) -> tuple[str, list[Route]]:
    """The HTTP API's routes (its DefinitionBody's paths) and the one function they all integrate with."""
    apis = [resource for resource in template["Resources"].values() if resource["Type"] == "AWS::Serverless::HttpApi"]
    if len(apis) != 1:
        raise ValueError(f"expected one AWS::Serverless::HttpApi, found {len(apis)}")
    body = apis[0]["Properties"]["DefinitionBody"]
    integrations = body["components"]["x-amazon-apigateway-integrations"]
    routes, functions = [], set()
    for path, item in body["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            reference = operation["x-amazon-apigateway-integration"]["$ref"]
            integration = integrations[reference.removeprefix("#/components/x-amazon-apigateway-integrations/")]
            uri = integration["uri"]["Fn::Sub"]
            functions |= set(re.findall(r"\$\{(\w+)\.Arn\}", uri if isinstance(uri, str) else uri[0]))
            schemes = [name for requirement in operation.get("security") or [] for name in requirement]
            if len(schemes) > 1:
                raise ValueError(f"{method.upper()} {path}: one authorizer per route")
            authorizer = schemes[0] if schemes else None
            routes.append(Route(method.upper(), path, open=authorizer == "NONE", authorizer=authorizer))
    if len(functions) != 1:
        raise ValueError(f"expected the routes to integrate with one function, found {sorted(functions)}")
    return functions.pop(), routes


def _http_api(template: dict, root: Path, functions: dict) -> tuple[dict[str, LambdaAuthorizer], CorsSpec | None]:
    """The HTTP API's Lambda authorizers (FunctionArn: !GetAtt <Function>.Arn) and CORS settings."""
    apis = [resource for resource in template["Resources"].values() if resource["Type"] == "AWS::Serverless::HttpApi"]
    if not apis:
        return {}, None
    properties = apis[0].get("Properties", {})
    authorizers = {}
    for name, config in ((properties.get("Auth") or {}).get("Authorizers") or {}).items():
        arn = config.get("FunctionArn")
        if not isinstance(arn, dict) or "Fn::GetAtt" not in arn:
            continue  # a JWT authorizer
        target = arn["Fn::GetAtt"]
        function_name = target[0] if isinstance(target, list) else target.split(".")[0]
        identity = config.get("Identity") or {}
        authorizers[name] = LambdaAuthorizer(name, _handler(root, function_name, functions[function_name]),
                                             tuple(identity.get("Headers") or ()),
                                             int(identity.get("ReauthorizeEvery") or 0))
    cors_config = properties.get("CorsConfiguration")
    cors = None
    if isinstance(cors_config, dict):
        cors = CorsSpec(allow_methods=tuple(cors_config.get("AllowMethods") or ()),
                        allow_headers=tuple(h.lower() for h in cors_config.get("AllowHeaders") or ()),
                        max_age=int(cors_config.get("MaxAge") or 0),
                        expose_headers=tuple(h.lower() for h in cors_config.get("ExposeHeaders") or ()))
    return authorizers, cors
