"""The local stack end to end over real HTTP: presigned POST to the local S3, the bucket
notification into the embedding handler, check-in through the local HTTP API, the report."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import requests

from facepass.client import ApiError, FacePassClient
from tests.conftest import FIXTURES, fixture_bytes, running_stack


@pytest.fixture
def stack(pg_server, migrated_template, tmp_path):
    with running_stack(pg_server, migrated_template, tmp_path, "e2e") as local:
        yield local, local.addresses


def test_enroll_check_in_and_report_over_http(stack):
    local, addresses = stack
    client = FacePassClient(addresses.api_url, token="local-admin-token")
    health = requests.get(f"{addresses.api_url}/health", timeout=10)  # open, as in the template
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert requests.get(f"{addresses.api_url}/employees", timeout=10).status_code == 401
    wrong = requests.get(f"{addresses.api_url}/employees", headers={"authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401

    employee = client.create_employee("Kit Harington", "kit@example.com", "Cast", consent_reference="signed test form")
    ticket = client.upload_photo(employee["id"], fixture_bytes("identities/fr_kit_harington/train_john1.jpeg"))
    assert ticket["upload"]["url"].startswith(addresses.s3_url)  # the presigned POST targets the local S3
    status = client.wait_for_enrollment(employee["id"], ticket["ticket_id"], timeout=60)
    assert status["status"] == "completed", status

    # The same presigned POST cannot be bent to another key.
    fields = dict(ticket["upload"]["fields"], key=f"enroll/{employee['id']}/{uuid.uuid4()}")
    refused = requests.post(ticket["upload"]["url"], data=fields,
                            files={"file": ("p.jpg", fixture_bytes("identities/fr_obama/obama3.jpg"), "image/jpeg")},
                            timeout=10)
    assert refused.status_code == 403

    device = client.create_device("E2E kiosk", timezone="UTC")
    kiosk = FacePassClient(addresses.api_url)
    kiosk.pair(device["pairing_code"])
    as_kiosk = kiosk.request("GET", "/employees", expect=(401,))  # a device token is no admin JWT
    assert as_kiosk.status == 401
    check_in = kiosk.check(fixture_bytes("identities/fr_kit_harington/test_johnsnow_test1.jpg"))
    assert check_in.status == 201, check_in.body
    assert check_in.body["event"]["employee"]["id"] == employee["id"]
    stranger = kiosk.check(fixture_bytes("other/skimage_astronaut.png"))
    assert stranger.status == 201 and stranger.body["event"]["status"] == "unknown"
    no_face = kiosk.check(fixture_bytes("nonface/skimage_rocket.jpg"))
    assert no_face.status == 422 and no_face.body["error"]["code"] == "no_face"

    report = client.daily_report(datetime.now(UTC).date().isoformat())
    row = next(item for item in report["items"] if item["employee_id"] == employee["id"])
    assert row["events"] == 1 and row["first_in"] is not None
    assert client.daily_report()["date"] == report["date"]  # no date: today in the report time zone (UTC here)

    # The device authorizer's answer is cached per token for ReauthorizeEvery (60 s), as API Gateway does: one
    # authorizer call for several kiosk requests, and a device revoked meanwhile is refused by the API's re-check.
    calls = []
    authorizer = local.authorizer_handlers["DeviceToken"]
    local.authorizer_handlers["DeviceToken"] = lambda event, context: calls.append(1) or authorizer(event, context)
    local.expire_authorizer_answers()
    for _ in range(3):
        assert kiosk.identify(fixture_bytes("identities/fr_kit_harington/test_johnsnow_test1.jpg")).status == 200
    assert len(calls) == 1
    client.request("DELETE", f"/devices/{device['device']['id']}", expect=(200, 204))
    with pytest.raises(ApiError) as revoked:
        kiosk.check(fixture_bytes("identities/fr_kit_harington/test_johnsnow_test1.jpg"))
    assert (revoked.value.status, revoked.value.code) == (401, "device_revoked")
    assert len(calls) == 1
    local.authorizer_handlers["DeviceToken"] = authorizer

    unknown_route = requests.get(f"{addresses.api_url}/nope", timeout=10)
    assert unknown_route.status_code == 404  # answered by the gateway layer, as API Gateway does
    cleanup = local.run_cleanup(dry_run=True)
    assert cleanup["dry_run"] is True and cleanup["snapshots_deleted"] == 0


def test_the_demo_scenario_runs_clean(stack):
    from facepass.demo import plan_from_labels, run_scenario

    _, addresses = stack
    lines: list[str] = []
    admin = FacePassClient(addresses.api_url, token="local-admin-token")
    kiosk = FacePassClient(addresses.api_url)
    kiosk.pair(admin.create_device("Demo kiosk")["pairing_code"])
    summary = run_scenario(admin, plan_from_labels(FIXTURES), kiosk=kiosk, out=lines.append)
    assert lines[-1].startswith("demo: enrolled=")
    assert summary["errors"] == 0, [line for line in lines if line.startswith("error")]
    assert summary["enrolled"] == 13
    assert summary["recognized"] == summary["known"] == 13
    assert summary["unknown_rejected"] == summary["unknown"] == 14
