"""Every route and the embedding handler against the hostile corpus: only 4xx with a stable code
(or a rejected ticket), never 5xx, and the database and bucket consistent afterwards."""

from __future__ import annotations

import base64
import uuid

import pytest

from facepass import storage
from facepass.local.lambda_events import LocalLambdaContext
from tests.conftest import fresh_database
from tests.hostile.corpus import HOSTILE_STRINGS, hostile_images, hostile_json_bodies

IMAGES = hostile_images()
BODIES = hostile_json_bodies()
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
    for path in ("/identify", "/identify?all_faces=true", "/attendance/check-in", "/attendance/check-out"):
        assert_client_error(api.post(path, json_body=as_json))
        assert_client_error(api.post(path, body=data, headers={"content-type": "image/jpeg"}))
    assert_client_error(api.post("/verify", json_body={"employee_id": employee["id"], **as_json}))
    assert counts(services) == before  # nothing written for a refused photo
    assert list(storage.list_keys(services.s3, bucket=services.settings.bucket, prefix="snapshots/")) == []


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_hostile_uploads_end_as_rejected_tickets(api, services, name):
    from facepass.local.lambda_events import s3_put_event

    import embedding_handler

    employee = api.post("/employees", json_body={"full_name": "Uploader", "email": f"{uuid.uuid4().hex}@x.io"}).json()
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
                         ("POST", "/identify"), ("POST", "/verify"), ("POST", "/attendance/check-in"),
                         ("POST", "/attendance/check-out"), ("POST", "/attendance/1/review")):
        response = api.request(method, path, body=body, headers={"content-type": "application/json"})
        assert_client_error(response)
    assert counts(services) == before


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_hostile_strings_in_employee_fields(api, services, name):
    value = HOSTILE_STRINGS[name]
    for body in ({"full_name": value, "email": f"{uuid.uuid4().hex}@x.io"},
                 {"full_name": "Valid", "email": value},
                 {"full_name": "Valid", "email": f"{uuid.uuid4().hex}@x.io", "department": value}):
        response = api.post("/employees", json_body=body)
        if response.status == 201:
            created = response.json()
            stored = api.get(f"/employees/{created['id']}").json()
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
