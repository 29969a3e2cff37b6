"""template.yaml against the code: notification prefix, handlers, environment variables, routes."""

from __future__ import annotations

import fnmatch
import importlib.util
import re
from pathlib import Path

import pytest
from samtranslator.yaml_helper import yaml_parse

from facepass import storage
from facepass.config import Settings
from facepass.local.template import _handler, load_template
from facepass.web_headers import PERMISSIONS_POLICY, content_security_policy
from tests.conftest import ROOT, cold_start
from tests.function_roles import policy_statements

TEMPLATE = yaml_parse((ROOT / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]
FUNCTIONS = {name: resource for name, resource in RESOURCES.items()
             if resource["Type"] == "AWS::Serverless::Function"}


def settings_env_names() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names |= set(alias.choices) if alias is not None else {f"FACEPASS_{name.upper()}"}
    return names


SPEC = load_template(ROOT / "template.yaml")  # what the local stack reads: tested against the raw template
HANDLERS = {handler.function: handler for handler in (SPEC.api, SPEC.embedding, SPEC.cleanup,
                                                      *(a.handler for a in SPEC.lambda_authorizers.values()))}


def test_enrollment_notification_prefix_matches_the_key_layout():
    events = FUNCTIONS["EmbeddingFunction"]["Properties"]["Events"]
    s3_events = [event for event in events.values() if event["Type"] == "S3"]
    assert len(s3_events) == 1
    rules = s3_events[0]["Properties"]["Filter"]["S3Key"]["Rules"]
    assert {"Name": "prefix", "Value": storage.ENROLL_PREFIX} in rules
    assert s3_events[0]["Properties"]["Events"] == "s3:ObjectCreated:*"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_handler_exists(name):
    handler = HANDLERS.get(name) or _handler(ROOT, name, FUNCTIONS[name])
    path = handler.folder / f"{handler.module}.py"
    assert path.is_file(), path
    if FUNCTIONS[name]["Properties"].get("PackageType") == "Image":
        assert handler.folder.name in ("api", "embedding"), f"{name}: not in a folder the Dockerfile copies"
    spec = importlib.util.spec_from_file_location(f"contract_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(getattr(module, handler.attribute))


def test_dockerfile_copies_the_image_handlers_and_models():
    dockerfile = (ROOT / "infra" / "docker" / "Dockerfile").read_text()
    assert "functions/api/*.py" in dockerfile and "functions/embedding/*.py" in dockerfile
    assert "FACEPASS_MODEL_DIR=/opt/models" in dockerfile
    for name, function in FUNCTIONS.items():
        if function["Properties"].get("PackageType") == "Image":
            assert function["Metadata"]["Dockerfile"] == "infra/docker/Dockerfile", name


def test_every_facepass_variable_in_the_template_is_a_setting():
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for function in FUNCTIONS.values():
        env = {**env, **function["Properties"].get("Environment", {}).get("Variables", {})}
    unknown = {name for name in env if name.startswith("FACEPASS_")} - settings_env_names()
    assert not unknown, f"template sets variables no setting reads: {unknown}"


def test_the_settings_aws_needs_are_set_for_every_function():
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for required in ("FACEPASS_BUCKET", "FACEPASS_DATABASE_SECRET_ARN", "FACEPASS_MODEL_DIR", "FACEPASS_MODEL_PACK",
                     "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"):
        assert required in env, required
    assert "DATABASE_URL" not in env  # no credentials in environment variables: the secret ARN only


def test_bucket_name_in_env_is_the_bucket():
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert env["FACEPASS_BUCKET"] == RESOURCES["PhotoBucket"]["Properties"]["BucketName"]


def test_failed_enrollment_events_go_to_a_dead_letter_queue():
    config = FUNCTIONS["EmbeddingFunction"]["Properties"]["EventInvokeConfig"]
    assert config["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert config["MaximumRetryAttempts"] == 2


def test_sam_events_exist_for_local_invoke():
    for name in ("s3_enroll_put.json", "api_health.json", "api_create_employee.json", "cleanup_schedule.json",
                 "quiet_devices_schedule.json"):
        assert (ROOT / "events" / name).is_file(), name


def template_routes() -> set[tuple[str, str]]:
    return {(route.method, route.path) for route in SPEC.routes}


def resolver_routes() -> set[tuple[str, str]]:
    import re

    import api_handler

    routes = api_handler.app._static_routes + api_handler.app._dynamic_routes
    return {(route.method.upper(), re.sub(r"<(\w+)>", r"{\1}", route.path)) for route in routes}


def test_cleanup_runs_daily_on_a_schedule():
    events = FUNCTIONS["CleanupFunction"]["Properties"]["Events"]
    schedules = {name: event for name, event in events.items() if event["Type"] == "Schedule"}
    assert set(schedules) == {"Daily", "QuietDevices"}
    assert schedules["Daily"]["Properties"]["Schedule"].startswith("cron(")
    assert schedules["Daily"]["Properties"]["Input"] == '{"dry_run": false}'


def test_the_quiet_devices_check_runs_every_15_minutes_and_its_alarm_pages_on_one_quiet_kiosk():
    """The cleanup function's own input runs the check (tests/integration/test_quiet_devices.py runs the handler with
    it and checks the metric's name and dimensions); the alarm evaluates each run: one quiet kiosk pages, and a run
    that did not happen (CleanupErrorAlarm says why) neither clears nor raises the page."""
    import json

    import cleanup_handler

    schedule = FUNCTIONS["CleanupFunction"]["Properties"]["Events"]["QuietDevices"]["Properties"]
    assert schedule["Schedule"] == "rate(15 minutes)"
    request = cleanup_handler.CleanupRequest.model_validate(json.loads(schedule["Input"]))
    assert request.task == "quiet_devices" and request.dry_run is False
    assert cleanup_handler.CleanupRequest.model_validate({}).task == "cleanup"  # a bare event: the cleanup
    alarm = RESOURCES["QuietDevicesAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("FacePass", "quiet_devices")
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "facepass-cleanup"}]
    assert alarm["Statistic"] == "Maximum" and alarm["Period"] == 15 * 60 and alarm["EvaluationPeriods"] == 1
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold" and alarm["Threshold"] == 0
    assert alarm["TreatMissingData"] == "ignore"
    # The threshold is a parameter with the setting's default, handed to every function (the API says it too).
    parameter = TEMPLATE["Parameters"]["DeviceQuietMinutes"]
    assert parameter["Default"] == Settings.model_fields["device_quiet_minutes"].default == 30
    assert parameter["MinValue"] >= Settings.model_fields["device_quiet_minutes"].metadata[0].ge
    assert parameter["MaxValue"] < TEMPLATE["Parameters"]["OfflineMaxAgeHours"]["Default"] * 60
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert env["FACEPASS_DEVICE_QUIET_MINUTES"] == {"Ref": "DeviceQuietMinutes"}
    # Kiosk hours: the setting's default (always), and the parameter's pattern lets every form the setting takes in.
    assert env["FACEPASS_KIOSK_HOURS"] == {"Ref": "KioskHours"}
    hours = TEMPLATE["Parameters"]["KioskHours"]
    assert hours["Default"] == Settings.model_fields["kiosk_hours"].default == ""
    for text in ("", "07:00-19:00", "Mon-Fri 07:00-19:00", "Mon-Fri,Sun 22:00-06:00", "Sat 00:00-24:00"):
        assert re.fullmatch(hours["AllowedPattern"], text) and Settings(kiosk_hours=text).kiosk_hours == text


def test_lifecycle_backstops_expire_snapshots_and_uploads():
    rules = {rule["Id"]: rule for rule in
             RESOURCES["PhotoBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-snapshots"]["Prefix"] == storage.SNAPSHOT_PREFIX
    assert rules["expire-snapshots"]["ExpirationInDays"] == {"Ref": "SnapshotBackstopDays"}
    retention = TEMPLATE["Parameters"]["SnapshotRetentionDays"]["Default"]
    assert TEMPLATE["Parameters"]["SnapshotBackstopDays"]["Default"] == retention + 1
    assert rules["expire-enrollment-uploads"]["Prefix"] == storage.ENROLL_PREFIX
    assert rules["expire-enrollment-uploads"]["ExpirationInDays"] == 1
    # A held photo's face crop: the cleanup deletes it once the hold ends (at most the expiry and a day); the backstop
    # comes after that, so it never takes a photo HR is still asked to decide on.
    assert rules["expire-held-photos"]["Prefix"] == storage.HELD_PREFIX
    expiry_hours = Settings.model_fields["confirmation_expiry_hours"].default
    assert rules["expire-held-photos"]["ExpirationInDays"] * 24 >= expiry_hours + 24


@pytest.mark.parametrize(("folder", "module"), [("cleanup", "cleanup_handler"),
                                                ("device_authorizer", "device_authorizer_handler"),
                                                ("migrate", "migrate_handler"),
                                                ("token_scopes", "token_scopes_handler")])
def test_zip_functions_import_without_the_face_engine(folder, module):
    """The zip functions' layer has no onnxruntime or OpenCV: their import must not need them."""
    result = cold_start(folder, module, without=("onnxruntime", "cv2", "insightface"))
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_cleanup_compares_stored_faces_without_the_face_engine():
    """A replayed face removal checks held photos again, and a replayed erasure reads the verify threshold: both with
    the model pack's constants, in the cleanup function, whose layer has no onnxruntime or OpenCV."""
    result = cold_start("cleanup", "facepass.face_removal", without=("onnxruntime", "cv2", "insightface"))
    assert result.returncode == 0, result.stderr[-2000:]


def test_layer_requirements_cover_what_the_cleanup_function_imports():
    layer = (ROOT / "layers" / "facepass" / "python" / "requirements.txt").read_text()
    for package in ("aws-lambda-powertools", "pgvector", "psycopg[binary]", "pydantic-settings", "numpy"):
        assert package in layer
    assert "onnxruntime" not in layer and "opencv" not in layer


def transformed_template() -> dict:
    """template.yaml through the SAM translator, after the substitution `sam package` makes."""
    import copy
    import os

    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        def load(self) -> dict:
            return {}

    packaged = copy.deepcopy(TEMPLATE)
    for resource in packaged["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function":
            if properties.get("PackageType") == "Image":
                properties["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/facepass:v1"
            else:
                properties["CodeUri"] = "s3://artifacts/cleanup.zip"
        elif resource["Type"] == "AWS::Serverless::LayerVersion":
            properties["ContentUri"] = "s3://artifacts/layer.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return transform(packaged, {"DatabaseSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"},
                     NoManagedPolicies())


def test_template_routes_are_the_resolvers_and_the_sam_translator_keeps_them():
    resources = transformed_template()["Resources"]
    apis = [r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Api"]
    assert len(apis) == 1
    body = apis[0]["Properties"]["Body"]
    paths = body["paths"]
    translated = {(method.upper(), path) for path, item in paths.items() for method in item
                  if method.lower() in ("get", "post", "put", "patch", "delete")}
    assert translated == resolver_routes() == template_routes()
    # Every route goes to the API function through the one integration (proxy, payload 2.0, as SAM events made it);
    # no route or integration is declared outside the body (a reimport of the body would drop it).
    integrations = body["components"]["x-amazon-apigateway-integrations"]
    assert integrations == {"api": {
        "type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0",
        "uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                           "${ApiFunction.Arn}/invocations"}}}
    assert not [r for r in resources.values() if r["Type"] in ("AWS::ApiGatewayV2::Route",
                                                               "AWS::ApiGatewayV2::Integration")]
    # Every route but the open ones carries the JWT authorizer; kiosk routes the device authorizer.
    kiosk_routes = {("POST", "/identify"), ("POST", "/verify"), ("POST", "/attendance/check-in"),
                    ("POST", "/attendance/check-out"), ("POST", "/attendance/punch"), ("GET", "/devices/me"),
                    ("GET", "/attendance/challenge"), ("POST", "/attendance/{event_id}/dispute"),
                    ("POST", "/attendance/face-free"), ("POST", "/devices/me/setup")}
    for path, item in paths.items():
        for method, operation in item.items():
            assert operation["x-amazon-apigateway-integration"] == {
                "$ref": "#/components/x-amazon-apigateway-integrations/api"}, (method, path)
            if path in ("/health", "/docs", "/openapi.json", "/devices/pair"):
                assert operation["security"] == [{"NONE": []}], path
            elif (method.upper(), path) in kiosk_routes:
                assert operation["security"] == [{"DeviceToken": []}], (method, path)
            else:
                assert operation["security"] == [{"CognitoJwt": []}], (method, path)
    # What the local stack reads from the raw template: the same authorizer per route.
    expected = {route: "NONE" if route[1] in ("/health", "/docs", "/openapi.json", "/devices/pair")
                else "DeviceToken" if route in kiosk_routes else None for route in resolver_routes()}
    assert {(route.method, route.path): route.authorizer for route in SPEC.routes} == expected
    assert {(route.method, route.path) for route in SPEC.routes if route.open} == {
        route for route, authorizer in expected.items() if authorizer == "NONE"}
    assert SPEC.api.function == "ApiFunction"


def test_route_settings_name_declared_routes():
    """A throttle for a route key the API lacks fails the stage's deploy (and a renamed route would lose its own)."""
    settings = RESOURCES["HttpApi"]["Properties"]["RouteSettings"]
    assert set(settings) <= {f"{method} {path}" for method, path in template_routes()}, set(settings)


def test_every_route_that_answers_about_a_face_is_throttled_like_identify():
    """A stolen device token must not get a faster yes/no oracle on /verify (or a check) than on /identify: the
    default route throttle is 2.5 times identify's."""
    settings = RESOURCES["HttpApi"]["Properties"]["RouteSettings"]
    identify = settings["POST /identify"]
    default = RESOURCES["HttpApi"]["Properties"]["DefaultRouteSettings"]
    assert identify["ThrottlingRateLimit"] < default["ThrottlingRateLimit"]
    for route in ("POST /verify", "POST /attendance/check-in", "POST /attendance/check-out",
                  "POST /attendance/punch", "POST /attendance/face-free"):  # a typed number: no faster either
        assert route in settings, route
        for limit in ("ThrottlingBurstLimit", "ThrottlingRateLimit"):
            assert deployed_default(settings[route][limit]) <= identify[limit], (route, limit)


def deployed_default(value):
    """A setting as a stack deployed with the parameters' defaults has it: a `!Ref` to a parameter is its Default."""
    return TEMPLATE["Parameters"][value["Ref"]]["Default"] if isinstance(value, dict) and "Ref" in value else value


def test_the_punch_routes_share_one_throttle_parameter_that_defaults_to_what_it_was():
    """Automatic kiosks and presses share the stage's punch throttle: a site with many kiosks raises CheckinRateLimit
    (and CheckinBurstLimit) without editing the template; the defaults are the former fixed 10 a second, burst 20."""
    settings = RESOURCES["HttpApi"]["Properties"]["RouteSettings"]
    for route in ("POST /attendance/check-in", "POST /attendance/check-out", "POST /attendance/punch",
                  "POST /attendance/face-free"):
        assert settings[route] == {"ThrottlingBurstLimit": {"Ref": "CheckinBurstLimit"},
                                   "ThrottlingRateLimit": {"Ref": "CheckinRateLimit"}}, route
    assert TEMPLATE["Parameters"]["CheckinRateLimit"]["Default"] == 10
    assert TEMPLATE["Parameters"]["CheckinBurstLimit"]["Default"] == 20


def test_kiosk_routes_use_the_device_authorizer_without_long_caching():
    api = next(r for r in RESOURCES.values() if r["Type"] == "AWS::Serverless::HttpApi")
    device = api["Properties"]["Auth"]["Authorizers"]["DeviceToken"]
    assert device["FunctionArn"] == {"Fn::GetAtt": ["DeviceAuthorizerFunction", "Arn"]}
    assert device["EnableSimpleResponses"] is True and device["AuthorizerPayloadFormatVersion"] == "2.0"
    assert device["Identity"]["Headers"] == ["Authorization"] and device["Identity"]["ReauthorizeEvery"] <= 60
    routes = {(route.method, route.path): route.authorizer for route in SPEC.routes}
    for route in [("POST", "/identify"), ("POST", "/verify"), ("POST", "/attendance/check-in"),
                  ("POST", "/attendance/check-out"), ("POST", "/attendance/punch"), ("GET", "/devices/me")]:
        assert routes[route] == "DeviceToken", route
    assert "POST /devices/pair" in api["Properties"]["RouteSettings"]  # the open route is throttled


def test_web_apps_are_served_from_a_private_bucket_through_cloudfront():
    bucket = RESOURCES["WebBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    statements = {s["Sid"]: s for s in RESOURCES["WebBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]}
    read = statements["CloudFrontReadsThroughOriginAccessControl"]
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"} and read["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in read["Condition"]["StringEquals"]
    assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
    config = RESOURCES["WebDistribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["Origins"][0]["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert config["DefaultRootObject"] == "index.html"
    assert {"WebUrl", "WebBucketName", "WebDistributionId", "ConsoleClientId", "CognitoDomain",
            "ApiUrl"} <= set(TEMPLATE["Outputs"])
    console = RESOURCES["ConsoleClient"]["Properties"]
    assert console["GenerateSecret"] is False and console["AllowedOAuthFlows"] == ["code"]
    assert set(console["AllowedOAuthScopes"]) == {"openid", "email", "facepass/admin", "facepass/reviewer",
                                                  "facepass/payroll", "facepass/employee"}


def test_every_web_response_carries_the_security_headers_of_web_headers_py():
    """CloudFront sends the CSP and Permissions-Policy the local web server sends (facepass/web_headers.py): the
    template's text is the library's, rendered for the template's own ${...} names."""
    assert RESOURCES["WebSecurityHeaders"]["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    config = RESOURCES["WebDistribution"]["Properties"]["DistributionConfig"]
    behaviours = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]
    assert [b["ResponseHeadersPolicyId"] for b in behaviours] == [{"Ref": "WebSecurityHeaders"}] * len(behaviours)

    policy = RESOURCES["WebSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = policy["SecurityHeadersConfig"]
    # What the managed SecurityHeadersPolicy set, kept (frames: DENY rather than its SAMEORIGIN).
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    assert security["XSSProtection"]["Protection"] is True and security["XSSProtection"]["ModeBlock"] is True
    assert all(header["Override"] is True for header in security.values())

    text, names = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    assert text == content_security_policy(api_origin="${ApiOrigin}", auth_origin="${AuthOrigin}",
                                           storage_origins=["${PhotoOrigin}", "${PhotoGlobalOrigin}"])
    directives = dict(part.split(" ", 1) for part in text.split("; "))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe" not in text and "*" not in text.replace("${", "")
    # The names are this stack's: its HTTP API's host (any of the region's: see the template's comment), its Cognito
    # domain, its photo bucket.
    outputs = TEMPLATE["Outputs"]
    assert fnmatch.fnmatchcase(outputs["ApiUrl"]["Value"]["Fn::Sub"], names["ApiOrigin"]["Fn::Sub"])
    condition, auth, without = names["AuthOrigin"]["Fn::If"]
    assert condition == "CreateUserPool" and auth == outputs["CognitoDomain"]["Value"] and without == ""
    bucket = RESOURCES["PhotoBucket"]["Properties"]["BucketName"]["Fn::Sub"]
    assert names["PhotoOrigin"] == {"Fn::Sub": f"https://{bucket}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}"}
    assert names["PhotoGlobalOrigin"] == {"Fn::Sub": f"https://{bucket}.s3.${{AWS::URLSuffix}}"}
    assert directives["require-trusted-types-for"] == "'script'" and directives["trusted-types"] == "'none'"

    # CloudFront takes a header value of at most 1783 characters: the policy rendered for the longest names a
    # deployable stack gives it stays under that. The photo bucket's name (<stack>-photos-<account>) is at most 63
    # characters, so the stack's at most 43; regions are at most 14 characters (16 here), the longest URL suffix is
    # China's; the Cognito domain is <stack>-<account>.
    stack, account, region, suffix = "s" * 43, "1" * 12, "r" * 16, "amazonaws.com.cn"
    assert len(f"{stack}-photos-{account}") == 63

    def render(value) -> str:
        value = value["Fn::Sub"] if isinstance(value, dict) else value
        for name, actual in (("AWS::StackName", stack), ("AWS::AccountId", account), ("AWS::Region", region),
                             ("AWS::URLSuffix", suffix), ("UserPoolDomain", f"{stack}-{account}")):
            value = value.replace(f"${{{name}}}", actual)
        assert "${" not in value, value
        return value

    worst = text
    for name, value in names.items():
        worst = worst.replace(f"${{{name}}}", render(auth if name == "AuthOrigin" else value))
    assert "${" not in worst and f"https://{stack}-{account}.auth.{region}.amazoncognito.com" in worst
    assert len(worst) <= 1783, len(worst)

    custom = {item["Header"]: item for item in policy["CustomHeadersConfig"]["Items"]}
    assert custom["Permissions-Policy"]["Value"] == PERMISSIONS_POLICY and custom["Permissions-Policy"]["Override"]
    assert "camera=(self)" in PERMISSIONS_POLICY.split(", ")
    assert all(feature.endswith("=()") for feature in PERMISSIONS_POLICY.split(", ") if feature != "camera=(self)")


def test_sam_translator_functions_get_the_settings_they_read():
    resources = transformed_template()["Resources"]
    functions = {name: r for name, r in resources.items() if r["Type"] == "AWS::Lambda::Function"}
    assert set(functions) >= {"ApiFunction", "EmbeddingFunction", "CleanupFunction"}
    known = settings_env_names()
    for name, function in functions.items():
        env = function["Properties"]["Environment"]["Variables"]
        for required in ("FACEPASS_BUCKET", "FACEPASS_DATABASE_SECRET_ARN", "FACEPASS_MODEL_DIR",
                         "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"):
            assert required in env, (name, required)
        assert {key for key in env if key.startswith("FACEPASS_")} <= known, name
    assert functions["ApiFunction"]["Properties"]["ImageConfig"]["Command"] == ["api_handler.lambda_handler"]
    assert functions["CleanupFunction"]["Properties"]["Handler"] == "cleanup_handler.lambda_handler"


def test_openapi_document_lists_every_route():
    import api_handler

    spec = api_handler.app.get_openapi_schema().model_dump(by_alias=True, exclude_none=True, mode="json")
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item
                  if method in ("get", "post", "put", "patch", "delete")}
    undocumented_on_purpose = {("GET", "/openapi.json"), ("GET", "/docs")}
    assert documented == resolver_routes() - undocumented_on_purpose == template_routes() - undocumented_on_purpose


def test_library_imports_from_a_lambda_layout(tmp_path):
    """In Lambda the package sits at /var/task/facepass or /opt/python/facepass: a shallow path with
    no checkout around it. Importing it there (as both images and the layer do) must work."""
    import shutil
    import subprocess
    import sys
    import tempfile

    task_root = Path(tempfile.mkdtemp(dir="/tmp"))  # /tmp/xyz/facepass: as shallow as /var/task/facepass
    try:
        shutil.copytree(ROOT / "layers" / "facepass" / "python" / "facepass", task_root / "facepass")
        code = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from facepass.config import Settings, REPO_ROOT; import facepass.retention, facepass.attendance; "
                "assert Settings(bucket='bucket').bucket == 'bucket'; print(REPO_ROOT)")
        result = subprocess.run([sys.executable, "-c", code, str(task_root)], cwd=task_root, capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        shutil.rmtree(task_root, ignore_errors=True)


@pytest.mark.parametrize(("uri", "expected"), [
    ("/", "302 /console/"), ("/console", "302 /console/"), ("/kiosk", "302 /kiosk/"),
    ("/console/", "/console/index.html"), ("/console/employees/42", "/console/index.html"),
    ("/kiosk/settings", "/kiosk/index.html"), ("/console/assets/index-3f2a.js", "/console/assets/index-3f2a.js"),
    ("/config.json", "/config.json"), ("/assets/logo.svg", "/assets/logo.svg"),
])
def test_cloudfront_spa_routing_function(uri, expected):
    """The CloudFront Function's JavaScript, run with node on the viewer-request event shape."""
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed (the web apps build with it too)")
    code = RESOURCES["WebSpaRouting"]["Properties"]["FunctionCode"]
    script = code + f"\nvar out = handler({{request: {{uri: {json.dumps(uri)}, headers: {{}}}}}});\n" + \
        "console.log(out.statusCode ? out.statusCode + ' ' + out.headers.location.value : out.uri);"
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == expected


def test_api_gateway_may_invoke_the_device_authorizer():
    resources = transformed_template()["Resources"]
    permissions = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Lambda::Permission"
                   and r["Properties"]["FunctionName"] == {"Fn::GetAtt": ["DeviceAuthorizerFunction", "Arn"]}]
    assert len(permissions) == 1 and permissions[0]["Principal"] == "apigateway.amazonaws.com"
    api = next(r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Api")
    schemes = api["Properties"]["Body"]["components"]["securitySchemes"]
    authorizer = schemes["DeviceToken"]["x-amazon-apigateway-authorizer"]
    assert authorizer["enableSimpleResponses"] is True and authorizer["authorizerResultTtlInSeconds"] == 60


# Lambda keeps a function's resource-based policy under 20 KB; SAM adds one permission per HttpApi event.
LAMBDA_RESOURCE_POLICY_LIMIT = 20 * 1024
LONGEST_STACK_NAME = "f" * 43  # README, Operations: the photo bucket's name allows no longer one


def test_the_api_function_resource_policy_stays_under_lambdas_limit_with_the_longest_stack_name():
    """Each invoke permission is a statement in the API function's policy (Sid and function name carry the stack
    name): with one per route, a route too many failed the deploy ("The final policy size ... is bigger than the
    limit"). One permission covers every route of the HTTP API, so the policy no longer grows with the routes."""
    import json

    region, account, api_id = "ap-southeast-2", "123456789012", "a1b2c3d4e5"
    function_arn = f"arn:aws:lambda:{region}:{account}:function:{LONGEST_STACK_NAME}-ApiFunction-AbCdEfGhIjKl"[:140]
    statements = []
    for name, resource in transformed_template()["Resources"].items():
        properties = resource["Properties"]
        if resource["Type"] != "AWS::Lambda::Permission" or properties["FunctionName"] != {"Ref": "ApiFunction"}:
            continue
        source = properties["SourceArn"]["Fn::Sub"]
        source = source[0] if isinstance(source, list) else source
        for variable, value in (("${AWS::Partition}", "aws"), ("${AWS::Region}", region),
                                ("${AWS::AccountId}", account), ("${HttpApi}", api_id), ("${__ApiId__}", api_id),
                                ("${__Stage__}", "*")):
            source = source.replace(variable, value)
        statements.append({"Sid": f"{LONGEST_STACK_NAME}-{name}-ABCDEFGHIJKL", "Effect": "Allow",
                           "Principal": {"Service": properties["Principal"]}, "Action": properties["Action"],
                           "Resource": function_arn, "Condition": {"ArnLike": {"AWS:SourceArn": source}}})
    assert len(statements) == 1, f"{len(statements)} invoke permissions: one for the whole HTTP API"
    (statement,) = statements
    assert statement["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert statement["Action"] == "lambda:InvokeFunction"
    # Every stage, method and path of this API (and of no other): what each route's invocation is checked against.
    api_arn = f"arn:aws:execute-api:{region}:{account}:{api_id}"
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == f"{api_arn}/*"
    for method, path in resolver_routes():
        invocation = f"{api_arn}/$default/{method}" + re.sub(r"\{\w+\}", "x", path)
        assert fnmatch.fnmatchcase(invocation, statement["Condition"]["ArnLike"]["AWS:SourceArn"]), invocation
    policy = json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements}, separators=(",", ":"))
    assert len(policy) < LAMBDA_RESOURCE_POLICY_LIMIT * 0.9, f"{len(policy)} bytes: near Lambda's 20 KB"


def test_every_function_logs_to_a_kept_log_group_and_has_an_error_alarm():
    resources = TEMPLATE["Resources"]
    functions = [name for name, r in resources.items() if r["Type"] == "AWS::Serverless::Function"]
    assert len(functions) == 6
    alarmed = {str(a["Properties"]["Dimensions"][0]["Value"]) for a in resources.values()
               if a["Type"] == "AWS::CloudWatch::Alarm" and a["Properties"]["Namespace"] == "AWS/Lambda"}
    for name in functions:
        group = resources[name]["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert str({"Ref": name}) in alarmed, name
    dead_letters = [a for a in resources.values() if a["Type"] == "AWS::CloudWatch::Alarm"
                    and a["Properties"]["Namespace"] == "AWS/SQS"]
    assert dead_letters[0]["Properties"]["Dimensions"][0]["Value"] == {
        "Fn::GetAtt": ["EnrollmentDeadLetterQueue", "QueueName"]}
    # The API function answers its own errors (500, 503): they show as the HTTP API's 5xx, not as Lambda errors.
    server_errors = [a["Properties"] for a in resources.values() if a["Type"] == "AWS::CloudWatch::Alarm"
                     and a["Properties"]["Namespace"] == "AWS/ApiGateway"]
    assert [(a["MetricName"], a["Dimensions"][0]["Value"]) for a in server_errors] == [("5xx", {"Ref": "HttpApi"})]
    # CloudWatch cannot publish to a topic under the aws/sns key.
    assert "KmsMasterKeyId" not in resources["AlarmTopic"]["Properties"]


def test_the_schema_migration_runs_before_the_code_that_needs_it():
    """SchemaMigration migrates on create and whenever infra/migrations changes (its hash is a property), and every
    function reading the database is updated only after it answered SUCCESS."""
    from facepass.db import list_migrations, migrations_sha256

    migrations = ROOT / "infra" / "migrations"
    properties = RESOURCES["SchemaMigration"]["Properties"]
    assert RESOURCES["SchemaMigration"]["Type"] == "AWS::CloudFormation::CustomResource"
    assert properties["ServiceToken"] == {"Fn::GetAtt": ["MigrateFunction", "Arn"]}
    assert properties["MigrationsSha256"] == migrations_sha256(migrations), \
        "infra/migrations changed: copy `facepass db migrations-hash` into SchemaMigration in template.yaml"
    assert properties["LatestMigration"] == list_migrations(migrations)[-1].version
    for name in ("ApiFunction", "EmbeddingFunction", "DeviceAuthorizerFunction", "CleanupFunction"):
        assert FUNCTIONS[name]["DependsOn"] == "SchemaMigration", name
    migrate = FUNCTIONS["MigrateFunction"]["Properties"]
    cleanup = FUNCTIONS["CleanupFunction"]["Properties"]
    assert "VpcConfig" not in migrate  # the Globals' VPC, subnets and security groups, as every function
    assert migrate["Layers"] == cleanup["Layers"] and migrate["Runtime"] == cleanup["Runtime"]
    assert {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "DatabaseSecretArn"}}} in migrate["Policies"]
    # The zip carries the migrations: functions/migrate/migrations is infra/migrations (sam build copies the files).
    assert (ROOT / migrate["CodeUri"] / "migrations").resolve() == migrations.resolve()
    assert migrate["Environment"]["Variables"]["FACEPASS_MIGRATIONS_DIR"] == "/var/task/migrations"
    assert migrate["Timeout"] < properties["ServiceTimeout"]
    resources = transformed_template()["Resources"]
    for name in ("ApiFunction", "EmbeddingFunction", "CleanupFunction"):
        assert "SchemaMigration" in str(resources[name].get("DependsOn")), name


def test_retention_failures_alarm_and_every_alarm_notifies_the_topic():
    """A cleanup that stops running, refused deletions and a failed VACUUM alarm (their metric names and dimensions
    are checked against a real run in tests/integration/test_retention.py); every alarm notifies AlarmTopic."""
    alarms = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    missed = alarms["CleanupMissedAlarm"]
    assert missed["TreatMissingData"] == "breaching" and missed["ComparisonOperator"] == "LessThanThreshold"
    assert 24 * 3600 < missed["Period"] * missed["EvaluationPeriods"] <= 7 * 24 * 3600  # CloudWatch's limit
    assert missed["DatapointsToAlarm"] == missed["EvaluationPeriods"]  # one run in the window keeps it OK
    for name in ("CleanupFailedDeletionsAlarm", "CleanupVacuumFailedAlarm"):
        assert alarms[name]["ComparisonOperator"] == "GreaterThanThreshold" and alarms[name]["Threshold"] == 0
        assert alarms[name]["TreatMissingData"] == "notBreaching"
    assert "NO ALARM NOTIFIES ANYONE" in TEMPLATE["Parameters"]["AlarmEmail"]["Description"]


NO_VALUE = object()


def resolve(value, parameters: dict[str, str]):
    """A template value with Ref and Fn::If worked out for these parameters (the alarm-routing conditions only);
    AWS::NoValue drops a list item, as CloudFormation does."""
    conditions = {"HasAlarmEmail": parameters["AlarmEmail"] != "",
                  "HasAlarmTopicArn": parameters["AlarmTopicArn"] != ""}
    if isinstance(value, list):
        return [item for item in (resolve(item, parameters) for item in value) if item is not NO_VALUE]
    if isinstance(value, dict) and "Fn::If" in value:
        condition, when_true, when_false = value["Fn::If"]
        assert TEMPLATE["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [
            {"Ref": {"HasAlarmEmail": "AlarmEmail", "HasAlarmTopicArn": "AlarmTopicArn"}[condition]}, ""]}]}
        return resolve(when_true if conditions[condition] else when_false, parameters)
    if isinstance(value, dict) and "Ref" in value:
        if value["Ref"] == "AWS::NoValue":
            return NO_VALUE
        if value["Ref"] in parameters:
            return parameters[value["Ref"]]
        assert value["Ref"] == "AlarmTopic" and conditions["HasAlarmEmail"], "AlarmTopic exists only with AlarmEmail"
        return "created-topic"
    return value


ON_CALL = "arn:aws:sns:eu-central-1:123456789012:on-call"


@pytest.mark.parametrize(("email", "topic_arn", "expected"), [
    ("", "", []), ("ops@example.com", "", ["created-topic"]), ("", ON_CALL, [ON_CALL]),
    ("ops@example.com", ON_CALL, ["created-topic", ON_CALL])])
def test_every_alarm_notifies_every_configured_target_on_alarm_and_on_ok(email, topic_arn, expected):
    parameters = {"AlarmEmail": email, "AlarmTopicArn": topic_arn}
    alarms = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert len(alarms) >= 11
    for name, alarm in alarms.items():
        assert resolve(alarm.get("AlarmActions", []), parameters) == expected, name
        assert resolve(alarm.get("OKActions", []), parameters) == expected, name
    assert RESOURCES["AlarmTopic"]["Condition"] == "HasAlarmEmail"


def test_the_alarm_topic_arn_parameter_takes_an_sns_topic_arn_or_nothing():
    import re

    pattern = TEMPLATE["Parameters"]["AlarmTopicArn"]["AllowedPattern"]
    assert TEMPLATE["Parameters"]["AlarmTopicArn"]["Default"] == ""
    for good in ("", ON_CALL, "arn:aws-us-gov:sns:us-gov-west-1:123456789012:pager_duty-1"):
        assert re.fullmatch(pattern, good), good
    for bad in ("on-call", "arn:aws:sqs:eu-central-1:123456789012:queue", "arn:aws:sns:eu-central-1:1234:on-call",
                "arn:aws:sns:eu-central-1:123456789012:on-call.fifo"):  # alarms cannot publish to a FIFO topic
        assert not re.fullmatch(pattern, bad), bad


def allowed(parameter: str, value: str) -> bool:
    """CloudFormation's check of a String parameter's AllowedPattern (the whole value must match)."""
    import re

    return re.fullmatch(TEMPLATE["Parameters"][parameter]["AllowedPattern"], value) is not None


def test_a_partial_secret_arn_is_refused_before_the_deploy_starts():
    """The functions' policy names the ARN given; a partial one (no 6-character suffix) matches no secret, so the
    migration failed with AccessDenied after CloudFront and the rest were created - now the parameter is refused."""
    for good in ("arn:aws:secretsmanager:eu-central-1:123456789012:secret:facepass-db-AbCdEf",
                 "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/facepass_db.main-x1Y2z3"):
        assert allowed("DatabaseSecretArn", good), good
    for bad in ("arn:aws:secretsmanager:eu-central-1:123456789012:secret:facepass-db",
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:facepass-db-AbCdEf-",
                "arn:aws:secretsmanager:eu-central-1:1234:secret:facepass-db-AbCdEf",
                "arn:aws:ssm:eu-central-1:123456789012:parameter/facepass-db-AbCdEf", ""):
        assert not allowed("DatabaseSecretArn", bad), bad


def test_an_alarm_email_that_sns_would_refuse_mid_deploy_is_refused_before_it_starts():
    for good in ("", "ops@example.com", "on-call+facepass@ops.example.co.uk"):
        assert allowed("AlarmEmail", good), good
    for bad in ("ops", "ops@example", "ops@example.com,hr@example.com", "ops @example.com", "ops@example.com "):
        assert not allowed("AlarmEmail", bad), bad


def test_the_deploy_checks_the_lifecycle_backstops_the_bucket_gets_against_the_retention_the_functions_get():
    from facepass.lifecycle import backstop_problems

    properties = RESOURCES["SchemaMigration"]["Properties"]
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert properties["SnapshotRetentionDays"] == env["FACEPASS_SNAPSHOT_RETENTION_DAYS"]
    assert properties["ReviewMaxDays"] == env["FACEPASS_REVIEW_MAX_DAYS"]
    rules = {rule["Id"]: rule for rule in RESOURCES["PhotoBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]}
    assert properties["SnapshotBackstopDays"] == rules["expire-snapshots"]["ExpirationInDays"]
    assert properties["ReviewSnapshotBackstopDays"] == rules["expire-review-snapshots"]["ExpirationInDays"]
    defaults = {name: TEMPLATE["Parameters"][name]["Default"] for name in (
        "SnapshotRetentionDays", "ReviewMaxDays", "SnapshotBackstopDays", "ReviewSnapshotBackstopDays")}
    assert backstop_problems({storage.SNAPSHOT_PREFIX: defaults["SnapshotBackstopDays"],
                              storage.REVIEW_SNAPSHOT_PREFIX: defaults["ReviewSnapshotBackstopDays"]},
                             retention_days=defaults["SnapshotRetentionDays"],
                             review_max_days=defaults["ReviewMaxDays"]) == []
    assert any("s3:GetLifecycleConfiguration" in statement["Action"]
               for statement in policy_statements("CleanupFunction"))


def test_the_deploy_checks_the_report_settings_the_functions_get_against_the_pay_period_close():
    """The settings a close records are SchemaMigration's properties, the same references the functions' environment
    gets: a change re-runs the resource, which compares them with the current close (close_settings)."""
    from facepass.close_settings import SETTINGS
    from facepass.config import Settings

    properties = RESOURCES["SchemaMigration"]["Properties"]
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for setting in SETTINGS:
        assert properties[setting.parameter] == env[setting.variable] == {"Ref": setting.parameter}, setting
    defaults = Settings()
    assert TEMPLATE["Parameters"]["MaxShiftHours"]["Default"] == defaults.max_shift_hours
    assert TEMPLATE["Parameters"]["CheckinRepeatWindowSeconds"]["Default"] == defaults.checkin_repeat_window_seconds
    assert TEMPLATE["Parameters"]["ReportTimezone"]["Default"] == defaults.report_timezone
    # The bounds Settings refuses a cold start outside of are the parameters' own: a deploy outside them fails at
    # once (a 3,000,000,000 s window made every close 500 in the integer column).
    assert TEMPLATE["Parameters"]["WeeklyOvertimeMinutes"]["Default"] == defaults.weekly_overtime_minutes
    assert TEMPLATE["Parameters"]["WeekStart"]["Default"] == defaults.week_start
    assert TEMPLATE["Parameters"]["WeekStart"]["AllowedValues"] == list(
        Settings.model_fields["week_start"].annotation.__args__)
    for parameter, field in (("MaxShiftHours", "max_shift_hours"),
                             ("CheckinRepeatWindowSeconds", "checkin_repeat_window_seconds"),
                             ("WeeklyOvertimeMinutes", "weekly_overtime_minutes")):
        bounds = {type(rule).__name__: rule for rule in Settings.model_fields[field].metadata}
        assert TEMPLATE["Parameters"][parameter]["MinValue"] == bounds["Ge"].ge, parameter
        assert TEMPLATE["Parameters"][parameter]["MaxValue"] == bounds["Le"].le, parameter
    assert TEMPLATE["Parameters"]["CheckinRepeatWindowSeconds"]["MaxValue"] <= 3600
    # The migrate function tells a rollback by its own stack's status (schema_resource.rollback_status): that read
    # only, on that stack only.
    assert {"Effect": "Allow", "Action": "cloudformation:DescribeStacks", "Resource": {"Ref": "AWS::StackId"}} in \
        policy_statements("MigrateFunction")


def test_the_model_pack_parameter_offers_only_what_the_image_is_built_with():
    baked = {FUNCTIONS[name]["Metadata"]["DockerBuildArgs"]["MODEL_PACK"] for name, function in FUNCTIONS.items()
             if function["Properties"].get("PackageType") == "Image"}
    assert len(baked) == 1, "both image functions must be built with the same pack"
    assert TEMPLATE["Parameters"]["ModelPack"]["AllowedValues"] == sorted(baked)
    assert TEMPLATE["Parameters"]["ModelPack"]["Default"] in baked


def parameter_values(**overrides: str) -> dict[str, object]:
    """The template's parameters as CloudFormation hands them to Ref: the defaults (or these), strings, a
    CommaDelimitedList split into its items."""
    values = {}
    for name, parameter in TEMPLATE["Parameters"].items():
        value = str(overrides.get(name, parameter.get("Default", "")))
        values[name] = value.split(",") if parameter["Type"] == "CommaDelimitedList" else value
    return values


def evaluate(value, parameters: dict[str, object], conditions: dict | None = None):
    """A template value with Ref (to parameters), Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::Join and (in
    rules) Fn::Contains worked
    out as CloudFormation does for these parameters: AWS::NoValue drops the property or list item (NO_VALUE at the
    top), Fn::Equals compares as strings; anything else (a resource's Ref, Fn::GetAtt, Fn::Sub) is left as it is."""
    conditions = TEMPLATE["Conditions"] if conditions is None else conditions
    if isinstance(value, list):
        return [item for item in (evaluate(item, parameters, conditions) for item in value) if item is not NO_VALUE]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (function, arguments), = value.items()
        if function == "Ref" and arguments == "AWS::NoValue":
            return NO_VALUE
        if function == "Ref" and arguments in parameters:
            return parameters[arguments]
        if function == "Condition":
            return evaluate(conditions[arguments], parameters, conditions)
        if function == "Fn::If":
            condition, when_true, when_false = arguments
            chosen = evaluate(conditions[condition], parameters, conditions)
            return evaluate(when_true if chosen else when_false, parameters, conditions)
        if function == "Fn::Equals":
            left, right = (evaluate(item, parameters, conditions) for item in arguments)
            return str(left) == str(right)
        if function == "Fn::Not":
            return not evaluate(arguments[0], parameters, conditions)
        if function == "Fn::And":
            return all(evaluate(item, parameters, conditions) for item in arguments)
        if function == "Fn::Or":
            return any(evaluate(item, parameters, conditions) for item in arguments)
        if function == "Fn::Join":
            separator, items = arguments
            return separator.join(evaluate(items, parameters, conditions))
        if function == "Fn::Contains":  # rules only
            items, item = (evaluate(argument, parameters, conditions) for argument in arguments)
            return item in items
    resolved = {key: evaluate(item, parameters, conditions) for key, item in value.items()}
    return {key: item for key, item in resolved.items() if item is not NO_VALUE}


# The functions CloudFormation allows in a rule (a Fn::Join there, as in the UseVpc condition, fails the deploy).
RULE_FUNCTIONS = {"Fn::And", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::Equals", "Fn::Not",
                  "Fn::Or", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll", "Ref"}


def rule_failures(**overrides: str) -> list[str]:
    """The AssertDescription of every rule assertion these parameters break (CloudFormation refuses the change set
    with it, before changing anything)."""
    failures = []
    for rule in TEMPLATE.get("Rules", {}).values():
        parameters = parameter_values(**overrides)
        if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], parameters, {}):
            continue
        failures += [assertion["AssertDescription"] for assertion in rule["Assertions"]
                     if not evaluate(assertion["Assert"], parameters, {})]
    return failures


def functions_used(value) -> set[str]:
    if isinstance(value, list):
        return set().union(*(functions_used(item) for item in value))
    if isinstance(value, dict):
        return {key for key in value if key == "Ref" or key.startswith("Fn::")} | set().union(
            *(functions_used(item) for item in value.values()))
    return set()


@pytest.mark.parametrize(("overrides", "refused"), [
    ({}, None),
    ({"JwtIssuer": "https://idp.example.com"}, "JwtIssuer needs JwtAudience"),
    ({"JwtIssuer": "https://idp.example.com", "JwtAudience": "console,tools"}, None),
    ({"SubnetIds": "subnet-0a,subnet-0b"}, "SubnetIds needs SecurityGroupIds"),
    ({"SecurityGroupIds": "sg-0a"}, "SecurityGroupIds without SubnetIds"),
    ({"SubnetIds": "subnet-0a,subnet-0b", "SecurityGroupIds": "sg-0a"}, None),
])
def test_parameters_that_would_fail_the_deploy_part_way_are_refused_before_it_starts(overrides, refused):
    """An external JwtIssuer with the default (empty) JwtAudience made a JWT authorizer whose audience is [""] (no
    token's aud matches it); subnets without security groups a VpcConfig Lambda refuses part-way through the deploy;
    security groups without subnets no VPC at all (every function then times out reaching the database).
    CloudFormation's rules refuse those parameters before anything changes."""
    failures = rule_failures(**overrides)
    if refused is None:
        assert failures == []
    else:
        assert len(failures) == 1 and failures[0].startswith(refused), failures
    for name, rule in TEMPLATE["Rules"].items():
        assert functions_used(rule) <= RULE_FUNCTIONS, name
    assert transformed_template()["Rules"] == TEMPLATE["Rules"]  # the SAM transform keeps them


# The functions that hold a database connection per execution, and the parameter reserving their concurrency.
RESERVATIONS = {"ApiFunction": "ApiReservedConcurrency",
                "DeviceAuthorizerFunction": "DeviceAuthorizerReservedConcurrency",
                "EmbeddingFunction": "EmbeddingReservedConcurrency"}


def test_no_function_reserves_concurrency_by_default_and_an_operator_can_reserve_it():
    """Lambda refuses a reservation that leaves the account fewer than 100 unreserved executions, and a new account's
    quota is often 10: with the defaults nothing is reserved, so `sam deploy --guided` works on a fresh account. 0
    leaves the property out (a reservation of 0 would refuse every call); another number is the reservation."""
    translated = transformed_template()
    for function, parameter in RESERVATIONS.items():
        assert TEMPLATE["Parameters"][parameter]["Default"] == 0, parameter
        assert TEMPLATE["Parameters"][parameter]["MinValue"] == 0, parameter
        properties = translated["Resources"][function]["Properties"]
        defaults = evaluate(properties, parameter_values(), translated["Conditions"])
        assert "ReservedConcurrentExecutions" not in defaults, function
        reserved = evaluate(properties, parameter_values(**{parameter: "25"}), translated["Conditions"])
        assert reserved["ReservedConcurrentExecutions"] == "25", function
    # No other function reserves any by default either.
    for name, resource in translated["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Function":
            properties = evaluate(resource["Properties"], parameter_values(), translated["Conditions"])
            assert "ReservedConcurrentExecutions" not in properties, name


# README, Deploy: what a db.t4g.micro (the smallest instance the README sizes for) allows, and the connections kept
# free for RDS's own superuser sessions and an operator's psql or `facepass db migrate`.
SMALLEST_DATABASE_MAX_CONNECTIONS = 80
CONNECTIONS_KEPT_FREE = 10
# The reservations README, Deploy, gives for that database once the account's quota allows them.
SIZED_FOR_THE_SMALLEST_DATABASE = {"ApiReservedConcurrency": 40, "DeviceAuthorizerReservedConcurrency": 10,
                                   "EmbeddingReservedConcurrency": 10}


def test_the_reservations_the_readme_sizes_fit_the_smallest_database_and_throttling_alarms():
    """Every warm container of a function that reads the database holds one connection: the reservations README
    suggests (plus the daily cleanup's and a deploy's migration's one execution each) fit the smallest database
    with room to spare."""
    connections = sum(SIZED_FOR_THE_SMALLEST_DATABASE.values()) + 1 + 1
    assert connections <= SMALLEST_DATABASE_MAX_CONNECTIONS - CONNECTIONS_KEPT_FREE
    readme = (ROOT / "README.md").read_text()
    overrides = " ".join(f"{name}={value}" for name, value in SIZED_FOR_THE_SMALLEST_DATABASE.items())
    assert overrides in readme
    for name, value in SIZED_FOR_THE_SMALLEST_DATABASE.items():
        assert value <= TEMPLATE["Parameters"][name]["MaxValue"], name
    # Throttling (of the reservation, or without one of the account's unreserved pool) is the sign to size up.
    throttled = {str(a["Properties"]["Dimensions"][0]["Value"]) for a in RESOURCES.values()
                 if a["Type"] == "AWS::CloudWatch::Alarm" and a["Properties"]["MetricName"] == "Throttles"}
    assert throttled == {str({"Ref": "ApiFunction"}), str({"Ref": "DeviceAuthorizerFunction"})}
    # Only the Cognito token trigger's alarm has a condition: the trigger exists with the stack's own user pool.
    assert [name for name, a in RESOURCES.items() if a["Type"] == "AWS::CloudWatch::Alarm" and "Condition" in a] == [
        "TokenScopesErrorAlarm"]
    assert RESOURCES["TokenScopesErrorAlarm"]["Condition"] == RESOURCES["TokenScopesFunction"]["Condition"]


# Every $context variable API Gateway documents for HTTP API access logs ("Customize HTTP API access logs"; REST
# APIs have others, e.g. $context.resourcePath or $context.authorize.*, which an HTTP API logs as nothing).
HTTP_API_CONTEXT_VARIABLES = {
    "accountId", "apiId", "authorizer.error", "authorizer.principalId", "awsEndpointRequestId",
    "awsEndpointRequestId2", "customDomain.basePathMatched", "dataProcessed", "domainName", "domainPrefix",
    "error.message", "error.messageString", "error.responseType", "extendedRequestId", "httpMethod",
    "identity.accountId", "identity.caller", "identity.cognitoAuthenticationProvider",
    "identity.cognitoAuthenticationType", "identity.cognitoIdentityId", "identity.cognitoIdentityPoolId",
    "identity.principalOrgId", "identity.clientCert.clientCertPem", "identity.clientCert.subjectDN",
    "identity.clientCert.issuerDN", "identity.clientCert.serialNumber", "identity.clientCert.validity.notBefore",
    "identity.clientCert.validity.notAfter", "identity.sourceIp", "identity.user", "identity.userAgent",
    "identity.userArn", "integration.error", "integration.integrationStatus", "integration.latency",
    "integration.requestId", "integration.status", "integrationErrorMessage", "integrationLatency",
    "integrationStatus", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch", "responseLatency",
    "responseLength", "routeKey", "stage", "status"}
# Of those, the ones whose value can never hold a quote or a backslash (ids, numbers, status codes, API Gateway's
# enumerations, the CLF time, an IP address, our route templates; "-" when missing): safe inside "...".
# Free text (error messages: integrationErrorMessage, integration.error, authorizer.error, error.message) has no
# JSON-escaped form but error.messageString's, which is written unquoted: it brings its own quotes.
ACCESS_LOG_QUOTE_FREE = {
    "requestId", "requestTime", "requestTimeEpoch", "routeKey", "status", "responseLength", "responseLatency",
    "integrationLatency", "integrationStatus", "integration.status", "integration.integrationStatus",
    "integration.latency", "integration.requestId", "awsEndpointRequestId", "extendedRequestId",
    "error.responseType", "identity.sourceIp", "httpMethod", "protocol", "stage", "apiId"}
ACCESS_LOG_JSON_QUOTED = {"error.messageString"}
# Never logged: raw paths name employees, events and tickets; query strings carry names, dates and filters; headers
# carry tokens; claims and the device authorizer's context name the signed-in person and the kiosk.
ACCESS_LOG_NEVER = ("path", "identity.userAgent", "authorizer.claims", "authorizer.device", "authorizer.principalId",
                    "requestOverride", "responseOverride", "input.", "request.")


def test_http_api_access_log_is_json_of_operator_fields_and_nothing_private():
    import json
    import re

    api = RESOURCES["HttpApi"]["Properties"]
    settings = api["AccessLogSettings"]
    assert settings["DestinationArn"] == {"Fn::GetAtt": ["HttpApiAccessLogGroup", "Arn"]}
    group = RESOURCES["HttpApiAccessLogGroup"]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert group["Properties"]["RetentionInDays"] == {"Ref": "AccessLogRetentionDays"}
    retention = TEMPLATE["Parameters"]["AccessLogRetentionDays"]
    assert retention["Default"] == 30 and set(retention["AllowedValues"]) <= {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
    assert "\n" not in settings["Format"]  # one log line per request
    # API Gateway's own error message as its JSON-quoted form (a message holding a quote keeps the line JSON); every
    # other value quoted: a missing one ("-") keeps the line JSON.
    assert '"errorMessage":$context.error.messageString,' in settings["Format"]
    fields = json.loads(settings["Format"].replace("$context.error.messageString", '"$context.error.messageString"'))
    for field in ("requestId", "routeKey", "status", "responseLatency", "integrationLatency", "integrationStatus",
                  "integrationRequestId", "errorType", "errorMessage", "sourceIp"):
        assert field in fields, field
    variables = set()
    for value in fields.values():
        match = re.fullmatch(r"\$context\.([A-Za-z0-9.]+)", value)
        assert match, value
        variables.add(match.group(1))
    assert variables <= HTTP_API_CONTEXT_VARIABLES, f"not HTTP API variables: {variables - HTTP_API_CONTEXT_VARIABLES}"
    unsafe = variables - ACCESS_LOG_QUOTE_FREE - ACCESS_LOG_JSON_QUOTED
    assert not unsafe, f"free text without a JSON-escaped form (a quote in it breaks the line): {unsafe}"
    for private in ACCESS_LOG_NEVER:
        assert f"$context.{private}" not in settings["Format"] and f"${private}" not in settings["Format"], private
    # The SAM translation puts it on the stage CloudFormation creates.
    stages = [r["Properties"] for r in transformed_template()["Resources"].values()
              if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    assert len(stages) == 1 and stages[0]["AccessLogSettings"] == settings
    readme = (ROOT / "README.md").read_text()
    assert "AccessLogRetentionDays" in readme and "HttpApiAccessLogGroup" in readme


def test_an_access_log_line_stays_json_when_an_error_message_holds_quotes_and_backslashes():
    """What API Gateway writes: each $context variable replaced by its value. An error message (a Lambda error, an
    authorizer's refusal) may hold quotes and backslashes; only error.messageString arrives JSON-quoted."""
    import json
    import re

    message = 'Function "facepass-api" failed: C:\\tmp\\x {"errorType": "Runtime.ExitError"}'
    samples = {"status": "502", "responseLength": "-", "requestTimeEpoch": "1733450000", "routeKey": "POST /identify",
               "requestTime": "06/Dec/2026:02:46:35 +0000", "identity.sourceIp": "203.0.113.7"}

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in ACCESS_LOG_JSON_QUOTED:
            return json.dumps(message)
        return samples.get(name, "-") if name in ACCESS_LOG_QUOTE_FREE else message

    log_format = RESOURCES["HttpApi"]["Properties"]["AccessLogSettings"]["Format"]
    line = re.sub(r"\$context\.([A-Za-z0-9.]+)", value, log_format)
    fields = json.loads(line)
    assert fields["errorMessage"] == message and fields["status"] == "502"


def test_the_database_ca_bundle_is_at_the_same_path_in_the_image_and_the_zip_functions():
    """DatabaseTls=verify-full sets FACEPASS_DATABASE_CA_BUNDLE for every function: the image copies the layer's folder
    to that path, and every zip function (each reads the database) carries the layer that puts it there."""
    parameter = TEMPLATE["Parameters"]["DatabaseTls"]
    assert parameter["Default"] == "require" and parameter["AllowedValues"] == ["require", "verify-full"]
    assert TEMPLATE["Conditions"]["VerifyDatabaseCertificate"] == {"Fn::Equals": [{"Ref": "DatabaseTls"},
                                                                                  "verify-full"]}
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    condition, path, otherwise = env["FACEPASS_DATABASE_CA_BUNDLE"]["Fn::If"]
    assert condition == "VerifyDatabaseCertificate" and otherwise == {"Ref": "AWS::NoValue"}
    layer = RESOURCES["DatabaseCaLayer"]
    assert layer["Type"] == "AWS::Serverless::LayerVersion" and "Metadata" not in layer  # files land under /opt as is
    content = ROOT / layer["Properties"]["ContentUri"]
    folder = Path(path).parent.relative_to("/opt")
    assert (content / folder).is_dir(), "the layer's folder must exist (the Dockerfile copies it)"
    dockerfile = (ROOT / "infra" / "docker" / "Dockerfile").read_text()
    assert f"COPY {layer['Properties']['ContentUri']}/{folder}/ {Path(path).parent}/" in dockerfile
    for name, function in FUNCTIONS.items():
        if name == "TokenScopesFunction":  # the Cognito token trigger reads no database (no secret either)
            assert "Policies" not in function["Properties"]
        elif function["Properties"].get("PackageType") != "Image":
            assert {"Ref": "DatabaseCaLayer"} in function["Properties"]["Layers"], name
    readme = (ROOT / "README.md").read_text()
    assert f"{layer['Properties']['ContentUri']}/{folder}/{Path(path).name}" in readme
    assert "DatabaseTls=verify-full" in readme


# Resources holding what a deploy cannot recreate, and the deletion policies that keep it. A database added to the
# template must be snapshotted or kept too (RDS's Snapshot; Cognito has no snapshot).
KEEPS_STATE = {"AWS::Cognito::UserPool": {"Retain"}, "AWS::RDS::DBInstance": {"Snapshot", "Retain"},
               "AWS::RDS::DBCluster": {"Snapshot", "Retain"}}


def test_the_user_pool_and_any_database_outlive_a_stack_deletion_or_replacement():
    stateful = {name: r for name, r in RESOURCES.items() if r["Type"] in KEEPS_STATE}
    assert "UserPool" in stateful
    for name, resource in stateful.items():
        assert resource.get("DeletionPolicy") in KEEPS_STATE[resource["Type"]], name
        assert resource.get("UpdateReplacePolicy") in KEEPS_STATE[resource["Type"]], name
    assert RESOURCES["UserPool"]["Properties"]["DeletionProtection"] == "ACTIVE"
    for name in ("PhotoBucket",):  # biometric snapshots and the erasure ledger
        assert RESOURCES[name]["DeletionPolicy"] == RESOURCES[name]["UpdateReplacePolicy"] == "Retain", name
    readme = (ROOT / "README.md").read_text()
    assert "--deletion-protection INACTIVE" in readme and "delete-user-pool" in readme


# AWS::Cognito::UserPool properties Cognito fixes when it creates a pool: CloudFormation's reference says a change
# (adding one included) replaces the pool; Cognito refuses it in place.
USER_POOL_REPLACING_PROPERTIES = {"AliasAttributes", "UsernameAttributes", "UsernameConfiguration"}


def test_no_update_can_replace_the_user_pool():
    """A replacement creates a new, empty pool (UpdateReplacePolicy keeps the old one with the HR users), and its
    domain - the same fixed name, still held by the old pool's - fails to create: the update rolls back (or Cognito
    refuses the change in place). So the pool sets none of those properties, and adding one is a decision (README,
    Operations)."""
    properties = RESOURCES["UserPool"]["Properties"]
    assert not USER_POOL_REPLACING_PROPERTIES & set(properties), USER_POOL_REPLACING_PROPERTIES & set(properties)
    assert RESOURCES["UserPoolDomain"]["Properties"]["UserPoolId"] == {"Ref": "UserPool"}
    assert "UsernameAttributes" in (ROOT / "README.md").read_text()


def test_dead_letters_are_kept_over_a_weekend_but_not_beyond_snapshot_retention():
    """A dead enrollment message names the employee (the upload key): kept long enough to be read after a weekend,
    not longer than the snapshots of check-ins are (the default SnapshotRetentionDays)."""
    day = 24 * 3600
    for name, resource in RESOURCES.items():
        if resource["Type"] == "AWS::SQS::Queue":
            retention = resource["Properties"]["MessageRetentionPeriod"]
            assert 3 * day <= retention < TEMPLATE["Parameters"]["SnapshotRetentionDays"]["Default"] * day, name
    days = RESOURCES["EnrollmentDeadLetterQueue"]["Properties"]["MessageRetentionPeriod"] // day
    assert f"Messages are kept {days} days" in (ROOT / "README.md").read_text()


def writable_prefixes(function: str) -> set[str]:
    """The photo bucket's prefixes the function's role may PutObject to."""
    writable = set()
    for rule in policy_statements(function):
        if "s3:PutObject" in rule["Action"]:
            resources = rule["Resource"] if isinstance(rule["Resource"], list) else [rule["Resource"]]
            writable |= {r["Fn::Sub"].split("}/", 1)[-1].removesuffix("*") for r in resources}
    return writable


def test_the_api_function_may_write_every_ledger_prefix_and_no_lifecycle_rule_expires_one():
    """Without PutObject on a ledger prefix, the change it records answers 503 (a revocation, a face's removal:
    ledger_unavailable; an erasure: erasure_incomplete) or stays unprotected until the cleanup writes it, in AWS only
    (moto checks no IAM); a lifecycle rule over one would let the ledger lapse before a restore needs it."""
    from facepass import ledger

    prefixes = {value for name, value in vars(ledger).items() if name.endswith("_PREFIX")}
    assert {"erasures/", "revocations/", "activity/", "timezones/", "repairings/", "face-removals/"} <= prefixes
    writable = writable_prefixes("ApiFunction")
    assert prefixes <= writable, prefixes - writable
    rules = RESOURCES["PhotoBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    expiring = [rule.get("Prefix", "") for rule in rules if "ExpirationInDays" in rule]  # "" is the whole bucket
    assert expiring and not any(prefix.startswith(tuple(prefixes)) or not prefix for prefix in expiring)


def test_the_cleanup_function_may_write_the_ledger_entries_it_writes_back_and_no_other():
    """The cleanup writes the (de)activations, zone changes and re-pairings whose own ledger write failed (without
    PutObject on their prefixes they stay unprotected against a restore, in AWS only); it rewrites no erasure or
    revocation (a replayed erasure keeps its entry's time), so it may not. Beside them it writes only the copies of
    the snapshot moves it finishes (review-snapshots/; tests/function_roles runs the cleanup's tests in its role)."""
    from facepass import ledger

    assert writable_prefixes("CleanupFunction") == {ledger.ACTIVITY_PREFIX, ledger.TIMEZONE_PREFIX,
                                                    ledger.REPAIRING_PREFIX, storage.REVIEW_SNAPSHOT_PREFIX}


def test_a_check_added_to_an_existing_big_table_does_not_scan_it_under_the_alters_lock():
    # ADD CONSTRAINT ... CHECK validates every row under ACCESS EXCLUSIVE: check-ins would wait out the scan during a
    # deploy. From 0012 on, a check on the tables that grow with every punch is added NOT VALID (it holds for every
    # write; employees is small enough to check).
    migrations = sorted((ROOT / "infra" / "migrations").glob("00*.sql"))
    late = [path for path in migrations if int(path.name[:4]) >= 12]
    assert late
    for path in late:
        sql = re.sub(r"--[^\n]*", "", path.read_text())
        for statement in sql.split(";"):
            table = re.match(r"\s*ALTER TABLE (\w+)", statement)
            if table and table.group(1) in ("attendance_log", "attendance_audit") \
                    and re.search(r"\bCHECK\b", statement):
                assert "NOT VALID" in statement, (path.name, statement.strip())


def test_an_http_api_event_is_refused_with_where_the_route_belongs(tmp_path):
    """A route added as an HttpApi event (the old way) would add an invoke permission per route again, and the local
    stack, reading the DefinitionBody, would not route it: loading the template says where it belongs."""
    text = (ROOT / "template.yaml").read_text()
    event = ("      Events:\n        ListEnrollments:\n          Type: HttpApi\n          Properties:\n"
             "            {ApiId: !Ref HttpApi, Path: \"/employees/{employee_id}/enrollments\", Method: GET}\n")
    marker = "      ImageConfig:\n        Command: [\"api_handler.lambda_handler\"]\n"
    assert text.count(marker) == 1
    (tmp_path / "template.yaml").write_text(text.replace(marker, marker + event))
    for folder in ("functions", "layers", "infra"):  # the code the template names, as in the checkout
        (tmp_path / folder).symlink_to(ROOT / folder)
    with pytest.raises(ValueError, match="DefinitionBody"):
        load_template(tmp_path / "template.yaml")


def test_console_roles_are_cognito_groups_and_the_token_trigger_keeps_only_their_scopes():
    """Each console role is a user-pool group; the V2_0 pre-token-generation trigger (Essentials tier) suppresses the
    facepass/* scopes a user's groups do not grant; the resource server has every role's scope; Cognito may invoke
    the trigger; the admin tools' client credentials stay admin (V2_0 does not run for them)."""
    from facepass.token_scopes import GROUP_ROLES
    from facepass.web_publish import CONSOLE_SCOPES

    groups = {r["Properties"]["GroupName"]: r for r in RESOURCES.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert set(groups) == set(GROUP_ROLES)
    assert all(group["Properties"]["UserPoolId"] == {"Ref": "UserPool"} for group in groups.values())
    pool = RESOURCES["UserPool"]["Properties"]
    assert pool["UserPoolTier"] in ("ESSENTIALS", "PLUS")
    assert pool["LambdaConfig"]["PreTokenGenerationConfig"] == {
        "LambdaArn": {"Fn::GetAtt": ["TokenScopesFunction", "Arn"]}, "LambdaVersion": "V2_0"}
    scopes = {item["ScopeName"] for item in RESOURCES["ApiResourceServer"]["Properties"]["Scopes"]}
    assert scopes == set(GROUP_ROLES.values())
    assert RESOURCES["ConsoleClient"]["Properties"]["AllowedOAuthScopes"] == list(CONSOLE_SCOPES)
    assert RESOURCES["AdminClient"]["Properties"]["AllowedOAuthScopes"] == ["facepass/admin"]
    permission = RESOURCES["TokenScopesPermission"]["Properties"]
    assert permission["Principal"] == "cognito-idp.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["UserPool", "Arn"]}
    assert "Policies" not in FUNCTIONS["TokenScopesFunction"]["Properties"]  # no database, no bucket
