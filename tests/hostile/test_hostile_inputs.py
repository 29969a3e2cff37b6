"""Every route and the embedding handler against the hostile corpus: only 4xx with a stable code
(or a rejected ticket), never 5xx, and the database and bucket consistent afterwards."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from facepass import storage
from facepass.local.lambda_events import LocalLambdaContext
from tests.conftest import CONSENTED, employee_record, fixture_bytes, fresh_database
from tests.hostile.corpus import (
    CALENDAR_EDGES,
    HOSTILE_HEADERS,
    HOSTILE_STRINGS,
    JSON_MEDIA_TYPES,
    NOT_JSON_MEDIA_TYPES,
    PARSER_LIMIT_VALUES,
    hostile_images,
    hostile_json_bodies,
    parser_limit_json_bodies,
)

IMAGES = hostile_images()
BODIES = hostile_json_bodies()
LIMIT_BODIES = parser_limit_json_bodies()
VALID_CODE_SHAPE = str.isidentifier


@pytest.fixture
def database_url(pg_server, migrated_template, request):
    return fresh_database(pg_server, migrated_template, request.node.name[:30])


def assert_client_error(response, *, allowed=(400, 401, 403, 404, 409, 413, 415, 422)) -> str:
    assert response.status in allowed, (response.status, response.text[:300])
    code = response.error_code
    assert code and VALID_CODE_SHAPE(code), response.text[:300]
    return code


def counts(services) -> dict[str, int]:
    with services.db.transaction() as cur:
        result = {}
        for table in ("employees", "face_embeddings", "enrollments", "attendance_log"):
            cur.execute(f"SELECT count(*) AS n FROM {table}")
            result[table] = cur.fetchone()["n"]
        return result


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_hostile_images_on_every_photo_route(api, services, name):
    data = IMAGES[name]
    employee = api.post("/employees", json_body={"full_name": "Target", "email": f"{uuid.uuid4().hex}@x.io"}).json()
    before = counts(services)
    as_json = {"image": base64.b64encode(data).decode()}
    for path in ("/identify", "/identify?all_faces=true", "/attendance/check-in", "/attendance/check-out",
                 "/attendance/punch"):
        assert_client_error(api.post(path, json_body=as_json))
        assert_client_error(api.post(path, body=data, headers={"content-type": "image/jpeg"}))
    assert_client_error(api.post("/verify", json_body={"employee_id": employee["id"], **as_json}))
    assert counts(services) == before  # nothing written for a refused photo
    assert list(storage.list_keys(services.s3, bucket=services.settings.bucket, prefix="snapshots/")) == []


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_hostile_uploads_end_as_rejected_tickets(api, services, name):
    from facepass.local.lambda_events import s3_put_event

    import embedding_handler

    employee = api.post("/employees", json_body={"full_name": "Uploader", "email": f"{uuid.uuid4().hex}@x.io",
                                                 "biometric_consent": CONSENTED}).json()
    ticket = api.post(f"/employees/{employee['id']}/photos", json_body={}).json()
    services.s3.put_object(Bucket=services.settings.bucket, Key=ticket["key"], Body=IMAGES[name])
    embedding_handler.use_services(services)
    try:
        result = embedding_handler.lambda_handler(s3_put_event(services.settings.bucket, ticket["key"], size=1),
                                                  LocalLambdaContext())
    finally:
        embedding_handler.use_services(None)
    assert result["outcomes"][0]["outcome"] == "rejected"
    status = api.get(f"/employees/{employee['id']}/enrollments/{ticket['ticket_id']}").json()
    assert status["status"] == "rejected" and VALID_CODE_SHAPE(status["reason_code"])
    assert api.get(f"/employees/{employee['id']}/faces").json()["items"] == []
    assert list(storage.list_keys(services.s3, bucket=services.settings.bucket, prefix="enroll/")) == []


@pytest.mark.parametrize("name", sorted(BODIES))
def test_hostile_json_bodies_on_every_json_route(api, services, name):
    body = BODIES[name]
    employee_id = str(uuid.uuid4())
    before = counts(services)
    for method, path in (("POST", "/employees"), ("PUT", f"/employees/{employee_id}"),
                         ("PATCH", f"/employees/{employee_id}"), ("POST", f"/employees/{employee_id}/photos"),
                         ("POST", f"/employees/{employee_id}/biometric-consent"),
                         ("POST", "/identify"), ("POST", "/verify"), ("POST", "/attendance/check-in"),
                         ("POST", "/attendance/check-out"), ("POST", "/attendance/punch"),
                         ("POST", "/attendance/1/review")):
        response = api.request(method, path, body=body, headers={"content-type": "application/json"})
        assert_client_error(response)
    assert counts(services) == before


@pytest.mark.parametrize("body", ['[null, {"bogus": 1}]', '[{"content_type": "image/png"}, 7]', "[]", "7", '"x"',
                                  "true"])
def test_a_json_body_that_is_not_an_object_is_refused_on_a_real_employee(api, services, body):
    # Powertools took an array's first element for an optional body model: /photos answered 201 for [null, ...].
    employee = api.post("/employees", json_body={"full_name": "Array", "email": f"{uuid.uuid4().hex}@x.io"}).json()
    before = counts(services)
    for method, path in (("POST", f"/employees/{employee['id']}/photos"), ("PATCH", f"/employees/{employee['id']}"),
                         ("POST", "/employees")):
        response = api.request(method, path, body=body, headers={"content-type": "application/json"})
        assert (response.status, response.error_code) == (422, "validation_error"), (path, response.text)
    assert counts(services) == before


def test_booleans_and_dates_are_not_coerced_from_other_types(api, services):
    # {"is_active": 0} deactivated people, and date_to=0 read as 1970-01-01: pydantic's lax parsing.
    employee = api.post("/employees", json_body={"full_name": "Strict", "email": f"{uuid.uuid4().hex}@x.io"}).json()
    for value in (0, 1, "yes", "false", "0"):
        response = api.patch(f"/employees/{employee['id']}", json_body={"is_active": value})
        assert (response.status, response.error_code) == (422, "validation_error"), value
    replace = {"full_name": "Strict", "email": employee["email"], "is_active": 0}
    assert api.put(f"/employees/{employee['id']}", json_body=replace).status == 422
    assert api.get(f"/employees/{employee['id']}").json()["is_active"] is True
    assert api.patch(f"/employees/{employee['id']}", json_body={"is_active": False}).json()["is_active"] is False
    for query in ("date_to=0", "date_from=1700000000", "date_from=2026-1-5", "date_to=20260105"):
        response = api.get("/attendance", query=query)
        assert (response.status, response.error_code) == (422, "validation_error"), query
    assert api.get("/attendance/daily", query="date=0").status == 422
    assert api.get("/attendance", query="date_from=2026-01-05&date_to=2026-01-06").status == 200


def test_a_patch_sending_null_for_a_field_every_employee_has_is_refused(api, services):
    employee = api.post("/employees", json_body={"full_name": "Nully", "email": f"{uuid.uuid4().hex}@x.io",
                                                 "department": "Stores"}).json()
    for field in ("full_name", "email", "is_active"):
        response = api.patch(f"/employees/{employee['id']}", json_body={field: None, "department": "Dock"})
        assert (response.status, response.error_code) == (422, "validation_error"), (field, response.text)
        assert response.json()["error"]["details"]["errors"][0]["location"][-1] == field, response.text
    assert employee_record(api.get(f"/employees/{employee['id']}").json()) == employee  # nothing written
    cleared = api.patch(f"/employees/{employee['id']}", json_body={"department": None})
    assert cleared.status == 200 and cleared.json()["department"] is None

# Every boolean and integer a request body takes, other than is_active (above): JSON true/false and numbers only.
LOOSE_VALUES = {"bool": (1, 0, "true", "yes", "false", "1"), "int": ("99", "1", 99.0, True)}


def test_request_booleans_and_integers_are_json_types_only(api, services):
    # force: "yes" forced a review past a punch conflict; expected_revision: "99" compared as 99.
    from pydantic import ValidationError

    import cleanup_handler

    person = api.post("/employees", json_body={"full_name": "Strict", "email": f"{uuid.uuid4().hex}@x.io"}).json()
    punch = {"employee_id": person["id"], "event_type": "entry", "occurred_at": "2026-03-02T09:00:00+00:00",
             "note": "forgotten"}
    event = api.post("/attendance/manual", json_body=punch).json()
    review = {"action": "reassign", "employee_id": person["id"], "note": "typed"}
    fields = [(f"/attendance/{event['id']}/review", review, "force", "bool"),
              (f"/attendance/{event['id']}/review", review, "expected_revision", "int"),
              ("/attendance/manual", {**punch, "occurred_at": "2026-03-02T17:00:00+00:00"}, "replaces", "int")]
    before = counts(services)
    for path, body, field, kind in fields:
        for value in LOOSE_VALUES[kind]:
            response = api.post(path, json_body={**body, field: value})
            assert (response.status, response.error_code) == (422, "validation_error"), (field, value, response.text)
            assert response.json()["error"]["details"]["errors"][0]["location"][-1] == field, response.text
    assert counts(services) == before
    trail = api.get(f"/attendance/{event['id']}/audit").json()["items"]
    assert [entry["action"] for entry in trail] == ["add"]  # no review got through
    for value in LOOSE_VALUES["bool"]:
        with pytest.raises(ValidationError):
            cleanup_handler.CleanupRequest.model_validate({"dry_run": value})
    assert api.post(f"/attendance/{event['id']}/review",
                    json_body={**review, "force": True, "expected_revision": 0}).status == 200


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_hostile_strings_in_employee_fields(api, services, name):
    value = HOSTILE_STRINGS[name]
    for body in ({"full_name": value, "email": f"{uuid.uuid4().hex}@x.io"},
                 {"full_name": "Valid", "email": value},
                 {"full_name": "Valid", "email": f"{uuid.uuid4().hex}@x.io", "department": value}):
        response = api.post("/employees", json_body=body)
        if response.status == 201:
            created = response.json()
            stored = employee_record(api.get(f"/employees/{created['id']}").json())
            assert stored == created  # stored literally, returned as given
        else:
            assert_client_error(response)
    for query in (f"department={value}", f"cursor={value}", f"limit={value}", f"active={value}"):
        response = api.get("/employees", query=query if isinstance(value, str) else "limit=x")
        assert response.status == 200 or assert_client_error(response)
    with services.db.transaction() as cur:
        cur.execute("SELECT to_regclass('employees') AS t")
        assert cur.fetchone()["t"] == "employees"  # still there


def test_multipart_enroll_with_hostile_parts(api, services):
    boundary = "xyz"
    bad_forms = [
        b"--xyz\r\nContent-Disposition: form-data; name=\"full_name\"\r\n\r\n" + b"A" * 5000 + b"\r\n--xyz--\r\n",
        b"--xyz\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p\"\r\n\r\n" + IMAGES["page.html"]
        + b"\r\n--xyz--\r\n",
        b"not multipart at all",
        b"--xyz\r\n\r\n\r\n--xyz",
    ]
    before = counts(services)
    for form in bad_forms:
        response = api.post("/employees/enroll", body=form,
                            headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        assert_client_error(response)
    assert counts(services) == before


def test_odd_paths_and_queries_are_4xx(api):
    for path in ("/employees/%00", "/employees/../../etc/passwd", "/employees/" + "a" * 5000,
                 "/attendance/daily?date=9999-99-99", "/attendance?limit=-1", "/identify?all_faces=maybe",
                 "/employees?limit=1e9"):
        response = api.get(path) if not path.startswith("/identify") else api.post(path, json_body={"image": "AA=="})
        assert_client_error(response)


@pytest.mark.parametrize("name", sorted(CALENDAR_EDGES))
def test_calendar_edges_on_attendance_routes(api, name):
    value = CALENDAR_EDGES[name]
    for accept in ("application/json", "text/csv"):
        for query in (f"date_from={value}", f"date_to={value}", f"date_from={value}&date_to={value}",
                      f"date_from=0001-01-01&date_to={value}"):
            response = api.get("/attendance", query=query, headers={"accept": accept})
            assert response.status == 200 or assert_client_error(response), (query, response.text[:200])
        response = api.get("/attendance/daily", query=f"date={value}", headers={"accept": accept})
        assert response.status == 200 or assert_client_error(response), (value, response.text[:200])
    if value in ("9999-12-31", "0001-01-01"):  # the calendar's ends are days like any other
        assert api.get("/attendance/daily", query=f"date={value}").json()["items"] == []
        assert api.get("/attendance", query=f"date_to={value}").status == 200


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_calendar_edges_in_report_timezones(services, zone):
    from datetime import date

    from facepass import attendance, reports

    settings = services.settings.model_copy(update={"report_timezone": zone})
    for day in (date.max, date.min, date(9999, 12, 30), date(1, 1, 2)):
        assert reports.daily_report(services.db, settings, day).items == []
        assert reports.timesheet(services.db, settings, day, day).items == []
        assert attendance.list_events(services.db, settings, date_from=day, date_to=day).items == []
    assert attendance.list_events(services.db, settings, date_from=date.min, date_to=date.max).items == []


@pytest.mark.parametrize("name", sorted(LIMIT_BODIES))
def test_parser_limit_bodies_on_every_json_route(api, services, name):
    body = LIMIT_BODIES[name]
    employee_id = str(uuid.uuid4())
    before = counts(services)
    for method, path in json_routes(employee_id):
        for content_type in ("application/json", "APPLICATION/JSON; charset=utf-8", "application/vnd.api+json"):
            response = api.request(method, path, body=body, headers={"content-type": content_type})
            code = assert_client_error(response)
            if "5000_digits" in name and "float" not in name:
                assert code == "json_number_too_long", (method, path, response.text[:200])
    assert counts(services) == before


def json_routes(employee_id: str):
    return (("POST", "/employees"), ("PUT", f"/employees/{employee_id}"), ("PATCH", f"/employees/{employee_id}"),
            ("POST", f"/employees/{employee_id}/photos"), ("POST", "/identify"), ("POST", "/verify"),
            ("POST", "/attendance/check-in"), ("POST", "/attendance/check-out"), ("POST", "/attendance/punch"))


@pytest.mark.parametrize("content_type", JSON_MEDIA_TYPES)
def test_json_media_type_variants_are_json(api, content_type):
    headers = {"content-type": content_type}
    created = api.post("/employees", body=json.dumps({"full_name": "Media", "email": f"{uuid.uuid4().hex}@x.io"}),
                       headers=headers)
    assert created.status == 201, created.text[:300]
    employee_id = created.json()["id"]
    changed = api.patch(f"/employees/{employee_id}", body=json.dumps({"department": "Types"}), headers=headers)
    assert changed.status == 200 and changed.json()["department"] == "Types", changed.text[:300]
    consent = api.post(f"/employees/{employee_id}/biometric-consent", body=json.dumps({"reference": "form"}),
                       headers=headers)
    assert consent.status == 200 and consent.json()["biometric_consent"]["reference"] == "form", consent.text[:300]
    replaced = api.put(f"/employees/{employee_id}", headers=headers, body=json.dumps(
        {"full_name": "Media Two", "email": f"{uuid.uuid4().hex}@x.io"}))
    assert replaced.status == 200, replaced.text[:300]
    ticket = api.post(f"/employees/{employee_id}/photos", body=json.dumps({"content_type": "image/png"}),
                      headers=headers)
    assert ticket.status == 201 and ticket.json()["content_type"] == "image/png", ticket.text[:300]
    photo = base64.b64encode(fixture_bytes("nonface/skimage_rocket.jpg")).decode()
    for path in ("/identify", "/attendance/check-in"):
        answer = api.post(path, body=json.dumps({"image": photo}), headers=headers)
        assert answer.status == 422 and answer.error_code == "no_face", (path, answer.text[:300])


@pytest.mark.parametrize("content_type", NOT_JSON_MEDIA_TYPES)
def test_other_media_types_are_415(api, content_type):
    employee_id = str(uuid.uuid4())
    body = json.dumps({"full_name": "Media", "email": f"{uuid.uuid4().hex}@x.io", "image": "AA=="})
    for method, path in json_routes(employee_id):
        response = api.request(method, path, body=body, headers={"content-type": content_type})
        assert response.status == 415 and response.error_code == "unsupported_media_type", (
            method, path, response.status, response.text[:200])


HOSTILE_VALUES = {**{f"date_{k}": v for k, v in CALENDAR_EDGES.items()}, **PARSER_LIMIT_VALUES,
                  **{k: v for k, v in HOSTILE_STRINGS.items() if isinstance(v, str)}}


def _operations(api):
    document = api.get("/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch"):
                yield method.upper(), path, operation


def test_hostile_values_in_every_parameter_of_every_route(api, services):
    """Every query and path parameter of every operation in /openapi.json (routes added later are
    covered too) with calendar edges, numbers and strings beyond parser limits, hostile text."""
    from urllib.parse import quote

    before = counts(services)
    tried = 0
    for method, path, operation in _operations(api):
        parameters = operation.get("parameters", [])
        defaults = {p["name"]: str(uuid.uuid4()) for p in parameters if p["in"] == "path"}
        for parameter in parameters:
            if parameter["in"] not in ("query", "path"):
                continue
            for label, value in HOSTILE_VALUES.items():
                values = dict(defaults)
                if parameter["in"] == "path":
                    values[parameter["name"]] = quote(value, safe="")
                concrete = path.format(**values)
                query = f"{parameter['name']}={quote(value, safe='')}" if parameter["in"] == "query" else ""
                if parameter["in"] == "path" and ("/" in value or not value):
                    continue  # another route, or none: the gateway's part
                response = api.request(method, concrete, query=query, body=b"{}" if method != "GET" else None,
                                       headers={"content-type": "application/json"})
                tried += 1
                assert response.status < 500, (method, concrete, query[:80], label, response.text[:300])
                assert response.status < 400 or response.error_code, (method, concrete, label, response.text[:300])
    assert tried > 200
    assert counts(services)["face_embeddings"] == before["face_embeddings"]


def test_hostile_bodies_on_every_route_with_a_body(api, services):
    """Every operation /openapi.json gives a request body, with every hostile JSON body, in JSON media
    type variants: never a 5xx, every error with a code."""
    bodies = {**BODIES, **LIMIT_BODIES}
    bodies.pop("image_oversize")  # 15 MB each: covered by test_hostile_json_bodies_on_every_json_route
    tried = 0
    for method, path, operation in _operations(api):
        if "requestBody" not in operation:
            continue
        concrete = path.format(**{p["name"]: str(uuid.uuid4()) for p in operation.get("parameters", [])
                                  if p["in"] == "path"})
        for label, body in bodies.items():
            for content_type in ("application/json", "Application/JSON;charset=utf-8", "application/x+json"):
                response = api.request(method, concrete, body=body, headers={"content-type": content_type})
                tried += 1
                assert response.status < 500, (method, concrete, label, response.text[:300])
                assert response.status < 400 or response.error_code, (method, concrete, label, response.text[:300])
    assert tried > 100


def test_hostile_headers_on_every_route(api, services):
    """Every operation in /openapi.json with malformed, repeated (comma-joined) and oversized headers,
    with an empty JSON object and with a real photo: never a 5xx, every error with a code."""
    photo = base64.b64encode(fixture_bytes("nonface/skimage_rocket.jpg")).decode()
    tried = 0
    for method, path, operation in _operations(api):
        concrete = path.format(**{p["name"]: str(uuid.uuid4()) for p in operation.get("parameters", [])
                                  if p["in"] == "path"})
        media_types = {f"content_type {kind}": {"content-type": kind} for kind in NOT_JSON_MEDIA_TYPES}
        for label, headers in {**HOSTILE_HEADERS, **media_types}.items():
            for body in (None, b"{}", json.dumps({"image": photo}).encode()):
                if method == "GET" and body is not None:
                    continue
                response = api.request(method, concrete, body=body, headers={
                    "content-type": "application/json", "idempotency-key": uuid.uuid4().hex, **headers})
                tried += 1
                assert response.status < 500, (method, concrete, label, response.text[:300])
                assert response.status < 400 or response.error_code, (method, concrete, label, response.text[:300])
    assert tried > 300
