"""Paired kiosk devices on real PostgreSQL + pgvector, the local S3 and real photos: pairing codes,
the device authorizer handler, revocation (authorizer and API), the device id only from the
credential, offline capture times, snapshot links."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests

from facepass import devices, employees, enrollment
from facepass.schemas import DeviceCreate, EmployeeCreate
from tests.conftest import CONSENTED, fixture_bytes, pair_device
from tests.function_roles import run_cleanup

# The API's (and device authorizer's) S3 calls are made with their roles from template.yaml (tests/function_roles).
pytestmark = pytest.mark.usefixtures("api_in_its_role")

KIOSK_JWT = {"sub": "kiosk-client", "scope": "facepass/kiosk"}
ADMIN_JWT = {"sub": "hr-1", "scope": "facepass/admin"}


def b64(relative: str) -> str:
    return base64.b64encode(fixture_bytes(relative)).decode()


def paired_days_ago(services, api, name: str, days: int = 4) -> tuple[dict, str]:
    """A device created and paired `days` ago (a kiosk in service), so captures back then are its own."""
    device, token = pair_device(api, name)
    with services.db.transaction() as cur:
        cur.execute("UPDATE devices SET paired_at = paired_at - make_interval(days => %(days)s),"
                    " created_at = created_at - make_interval(days => %(days)s) WHERE id = %(id)s",
                    {"days": days, "id": device["id"]})
    return device, token


@pytest.fixture(scope="module")
def obama(database_url):
    from facepass.config import Settings
    from facepass.db import Database
    from facepass.faces import load_engine
    from tests.conftest import MODELS

    db = Database(database_url)
    settings = Settings(database_url=database_url, model_dir=MODELS)
    employee = employees.create_employee(db, EmployeeCreate(biometric_consent=CONSENTED,
                                                            full_name="Barack Obama", email="obama@example.com"))
    outcome, reason = enrollment.enroll_photo(db, load_engine(settings), settings, employee.id,
                                              fixture_bytes("identities/fr_obama/train_obama.jpg"),
                                              source_key="test/obama")
    assert outcome == "completed", reason
    with db.transaction() as cur:  # enrolled last week: offline captures of the past days postdate the face
        cur.execute("UPDATE face_embeddings SET created_at = now() - interval '7 days' WHERE employee_id = %s",
                    (str(employee.id),))
    db.close()
    return str(employee.id)


def test_create_list_and_pair_a_device(api, services):
    created = api.post("/devices", json_body={"name": "Main door", "site": "HQ", "timezone": "Europe/Berlin"})
    assert created.status == 201, created.text
    body = created.json()
    code = body["pairing_code"]
    assert len(code) == 8 and set(code) <= set(devices.PAIRING_ALPHABET)
    assert body["device"]["status"] == "awaiting_pairing" and body["device"]["timezone"] == "Europe/Berlin"
    expires = datetime.fromisoformat(body["pairing_expires_at"])
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)

    # Typed by a person on a tablet: case, spaces and a dash do not matter.
    typed = f"{code[:4].lower()} - {code[4:]}"
    paired = api.post("/devices/pair", json_body={"pairing_code": typed}, claims=None)
    assert paired.status == 200, paired.text
    assert paired.headers["cache-control"] == "no-store"
    token = paired.json()["device_token"]
    assert token.startswith("fpd_") and len(token) >= 40
    assert paired.json()["device"]["status"] == "paired"

    answer = api.get("/devices").json()
    listed = answer["items"]
    # The server's time of the list: the console measures silence against it, not against its own clock.
    assert abs(datetime.fromisoformat(answer["listed_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    mine = next(item for item in listed if item["id"] == body["device"]["id"])
    assert mine["status"] == "paired" and mine["pairing_expires_at"] is None
    assert "token" not in str(listed) and code not in str(listed)  # neither the code nor a hash leaks

    me = api.get("/devices/me", device_token=token)
    assert me.status == 200 and me.json()["id"] == body["device"]["id"] and me.json()["last_seen_at"]
    # What the kiosk tells people about their photos: the retention configured now, and whom to ask (none set: HR).
    assert me.json()["notice"] == {"snapshot_max_days": services.settings.snapshot_retention_days + 2,
                                   "review_max_days": services.settings.review_max_days,
                                   "face_template_days_after_leaving": services.settings.deactivated_grace_days + 1,
                                   "privacy_contact": None}
    # How long it may keep a queued check's photo: the oldest capture this server records.
    assert me.json()["offline_max_age_hours"] == services.settings.offline_max_age_hours == 72
    # The database keeps only a hash of the token.
    with services.db.transaction() as cur:
        cur.execute("SELECT token_hash, pairing_code_hash FROM devices WHERE id = %s", (body["device"]["id"],))
        stored = cur.fetchone()
    assert stored["token_hash"] == devices.token_hash(token) and stored["pairing_code_hash"] is None


def test_a_pairing_code_works_once(api):
    code = api.post("/devices", json_body={"name": "Once", "timezone": "UTC"}).json()["pairing_code"]
    assert api.post("/devices/pair", json_body={"pairing_code": code}, claims=None).status == 200
    reused = api.post("/devices/pair", json_body={"pairing_code": code}, claims=None)
    assert reused.status == 404 and reused.error_code == "pairing_code_unknown"


def test_unknown_malformed_and_expired_codes_are_refused(api, services):
    unknown = api.post("/devices/pair", json_body={"pairing_code": "ACDEFGHJ"}, claims=None)
    assert unknown.status == 404 and unknown.error_code == "pairing_code_unknown"
    malformed = api.post("/devices/pair", json_body={"pairing_code": "0000-OOOO"}, claims=None)
    assert malformed.status == 400 and malformed.error_code == "pairing_code_invalid"
    assert api.post("/devices/pair", json_body={}, claims=None).error_code == "validation_error"
    old = devices.create_device(services.db, DeviceCreate(name="Stale", timezone="UTC"),
                                now=datetime.now(UTC) - timedelta(minutes=16))
    expired = api.post("/devices/pair", json_body={"pairing_code": old.pairing_code}, claims=None)
    assert expired.status == 410 and expired.error_code == "pairing_code_expired"


def test_device_input_is_validated_and_admin_only(api):
    bad_zone = api.post("/devices", json_body={"name": "X", "timezone": "Mars/Olympus"})
    assert bad_zone.status == 422 and bad_zone.error_code == "validation_error"
    for host_dependent in ("localtime", "posixrules", "Factory", "posix/Europe/Berlin"):  # load, but are no place
        response = api.post("/devices", json_body={"name": "X", "timezone": host_dependent})
        assert (response.status, response.error_code) == (422, "validation_error"), host_dependent
    assert api.post("/devices", json_body={"name": "", "timezone": "UTC"}).status == 422
    for method, path in [("POST", "/devices"), ("GET", "/devices"), ("DELETE", f"/devices/{uuid.uuid4()}"),
                         ("POST", f"/devices/{uuid.uuid4()}/pairing-code")]:
        body = {"name": "X", "timezone": "UTC"} if path == "/devices" and method == "POST" else None
        assert api.request(method, path, json_body=body, claims=KIOSK_JWT).status == 403
        assert api.request(method, path, json_body=body, claims=None).status == 401
    assert api.delete(f"/devices/{uuid.uuid4()}").error_code == "device_not_found"
    assert api.get("/devices/me", claims=ADMIN_JWT).status == 403
    assert api.get("/devices/me", claims=KIOSK_JWT).error_code == "device_required"


def test_revoked_device_is_refused_by_the_authorizer_and_by_the_api(api, obama):
    device, token = pair_device(api, "Revoked soon")
    assert api.post("/attendance/check-in", json_body={"image": b64("identities/fr_obama/obama3.jpg")},
                    device_token=token).status == 201
    revoked = api.delete(f"/devices/{device['id']}")
    assert revoked.status == 200 and revoked.json()["status"] == "revoked"
    assert api.delete(f"/devices/{device['id']}").json()["revoked_at"] == revoked.json()["revoked_at"]  # idempotent

    # The authorizer refuses the token...
    refused = api.post("/attendance/check-in", json_body={"image": b64("identities/fr_obama/obama3.jpg")},
                       device_token=token)
    assert refused.status == 403 and refused.json() == {"message": "Forbidden"}
    # ...and a request that still carries an authorizer context from before (API Gateway caches
    # authorizer results) is refused by the API itself.
    stale = api.post("/attendance/check-in", json_body={"image": b64("identities/fr_obama/obama3.jpg")},
                     headers={"authorization": f"Bearer {token}"}, claims=None)
    assert stale.status == 401  # no context at all: unauthenticated
    from facepass.local.lambda_events import LocalLambdaContext, http_api_event

    event = http_api_event("POST", "/attendance/check-in", headers={"authorization": f"Bearer {token}",
                                                                    "content-type": "application/json"},
                           body=f'{{"image": "{b64("identities/fr_obama/obama3.jpg")}"}}'.encode(),
                           authorizer_context={"device_id": device["id"], "scope": "kiosk"})
    answer = api.handler(event, LocalLambdaContext())
    assert answer["statusCode"] == 401 and '"device_revoked"' in answer["body"]
    assert api.post(f"/devices/{device['id']}/pairing-code").error_code == "device_revoked"


def test_re_pairing_replaces_the_token(api):
    device, old_token = pair_device(api, "Re-paired")
    fresh = api.post(f"/devices/{device['id']}/pairing-code")
    assert fresh.status == 201 and fresh.json()["device"]["status"] == "awaiting_pairing"
    assert api.get("/devices/me", device_token=old_token).status == 403
    new_token = api.post("/devices/pair", json_body={"pairing_code": fresh.json()["pairing_code"]},
                         claims=None).json()["device_token"]
    assert api.get("/devices/me", device_token=new_token).json()["id"] == device["id"]


def test_a_kiosk_cannot_claim_another_devices_id(api, obama):
    mine, token = pair_device(api, "Honest kiosk")
    other, _ = pair_device(api, "Other kiosk")
    claimed = api.post("/attendance/check-in", device_token=token,
                       json_body={"image": b64("identities/fr_obama/obama3.jpg"), "device_id": other["id"]})
    assert claimed.status == 422 and claimed.error_code == "device_id_not_accepted"
    # The old header is ignored: the row carries the credential's device.
    response = api.post("/attendance/check-out", device_token=token, headers={"x-device-id": other["id"]},
                        json_body={"image": b64("identities/fr_obama/obama3.jpg")})
    assert response.status == 201, response.text
    assert response.json()["event"]["device_id"] == mine["id"]
    rows = api.get("/attendance", query=f"device_id={other['id']}").json()["items"]
    assert rows == []
    # A forged authorizer context without the matching token is refused by the API.
    from facepass.local.lambda_events import LocalLambdaContext, http_api_event

    event = http_api_event("GET", "/devices/me", headers={"authorization": f"Bearer {token}"},
                           authorizer_context={"device_id": other["id"], "scope": "kiosk"})
    assert api.handler(event, LocalLambdaContext())["statusCode"] == 401


def test_offline_captures_inside_the_window_are_accepted_and_marked(api, services, obama):
    _, token = paired_days_ago(services, api, "Offline kiosk")
    captured = (datetime.now(UTC) - timedelta(hours=5)).replace(microsecond=0)
    key = str(uuid.uuid4())
    body = {"image": b64("identities/fr_obama/test_obama1.jpg"), "captured_at": captured.isoformat()}
    first = api.post("/attendance/check-in", json_body=body, device_token=token, headers={"idempotency-key": key})
    assert first.status == 201, first.text
    event = first.json()["event"]
    assert event["offline"] is True and datetime.fromisoformat(event["occurred_at"]) == captured
    assert datetime.fromisoformat(event["received_at"]) > captured + timedelta(hours=4)
    stored = [item for item in api.get("/attendance").json()["items"] if item["id"] == event["id"]]
    assert stored[0]["snapshot_key"].startswith(f"snapshots/{captured:%Y/%m/%d}/")  # HR's view of the event
    # The queued capture is resent (the kiosk did not see the answer): one row.
    replay = api.post("/attendance/check-in", json_body=body, device_token=token, headers={"idempotency-key": key})
    assert replay.json()["replayed"] is True and replay.json()["event"]["id"] == event["id"]
    # ... also when its time is written with another offset: the same instant, the same request.
    east = dict(body, captured_at=captured.astimezone(timezone(timedelta(hours=2))).isoformat())
    replay = api.post("/attendance/check-in", json_body=east, device_token=token, headers={"idempotency-key": key})
    assert replay.status == 201 and replay.json()["replayed"] is True, replay.text
    # Another capture of the same person a minute later repeats the first (the repeat window applies).
    later = dict(body, captured_at=(captured + timedelta(minutes=1)).isoformat())
    repeated = api.post("/attendance/check-in", json_body=later, device_token=token)
    assert repeated.status == 200 and repeated.json()["repeated"] is True
    # A stranger captured offline is logged as unknown like any other.
    stranger = api.post("/attendance/check-in", device_token=token, json_body={
        "image": b64("other/skimage_astronaut.png"), "captured_at": (captured + timedelta(hours=1)).isoformat()})
    assert stranger.status == 201 and stranger.json()["event"]["status"] == "unknown"
    assert stranger.json()["event"]["offline"] is True
    # Live checks stay online.
    live = api.post("/attendance/check-out", json_body={"image": b64("identities/fr_obama/obama3.jpg")},
                    device_token=token)
    assert live.json()["event"]["offline"] is False


def test_a_resent_offline_capture_replays_even_once_too_old_to_be_sent_anew(services, obama):
    from facepass import attendance

    first_sent = datetime.now(UTC)
    captured = first_sent - timedelta(hours=services.settings.offline_max_age_hours - 1)
    with services.db.transaction() as cur:
        cur.execute("INSERT INTO devices (name, timezone, created_at, paired_at)"
                    " VALUES ('kiosk-9', 'UTC', now() - interval '4 days', now() - interval '4 days') RETURNING id")
        device_id = str(cur.fetchone()["id"])
    args = dict(data=fixture_bytes("identities/fr_obama/test_obama1.jpg"), event_type="entry", device_id=device_id,
                idempotency_key=str(uuid.uuid4()), captured_at=captured)
    first, status = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                            now=first_sent, **args)
    assert status == 201
    # The kiosk never saw that answer and resends two hours later: the capture is now older than a new one may be.
    resent, _ = attendance.record_check(services.db, services.s3, services.engine, services.settings,
                                        now=first_sent + timedelta(hours=2), **args)
    assert resent.replayed and resent.event.id == first.event.id
    assert services.settings.idempotency_ttl_hours > services.settings.offline_max_age_hours  # kept long enough


def test_a_device_cannot_back_date_captures_to_before_it_existed(api, services, obama):
    """A device created a moment ago (its pairing code stolen) must not fabricate punches for the days before it
    existed: two offline captures of one photo each would otherwise be a counted 14-hour shift."""
    _, token = pair_device(api, "Just paired")
    captured = datetime.now(UTC) - timedelta(hours=60)
    for event_type, at in (("check-in", captured), ("check-out", captured + timedelta(hours=14))):
        response = api.post(f"/attendance/{event_type}", device_token=token, json_body={
            "image": b64("identities/fr_obama/test_obama1.jpg"), "captured_at": at.isoformat()})
        assert response.status == 422 and response.error_code == "captured_at_before_device", response.text
    report = api.get("/attendance/daily", query=f"date={captured:%Y-%m-%d}").json()
    assert all(item["worked_seconds"] == 0 for item in report["items"])


def test_a_re_paired_kiosk_keeps_its_queued_captures_and_a_human_looks_at_them(api, services, obama):
    """A kiosk in service for days is paired again (a new code: its old token ends) with checks still queued:
    they are its own, sent with the new token, recorded, and go to review (captured before this pairing)."""
    device, _ = paired_days_ago(services, api, "Re-paired kiosk")
    code = api.post(f"/devices/{device['id']}/pairing-code").json()["pairing_code"]
    token = api.post("/devices/pair", json_body={"pairing_code": code}).json()["device_token"]
    captured = datetime.now(UTC) - timedelta(hours=5)
    queued = api.post("/attendance/check-in", device_token=token, headers={"idempotency-key": str(uuid.uuid4())},
                      json_body={"image": b64("identities/fr_obama/test_obama1.jpg"),
                                 "captured_at": captured.isoformat()})
    assert queued.status == 201, queued.text
    event = queued.json()["event"]
    assert event["offline"] is True and event["review_state"] == "pending"
    listed = api.get("/attendance", query=f"device_id={device['id']}").json()["items"]  # HR's view says why
    assert next(item for item in listed if item["id"] == event["id"])["review_reasons"] == ["captured_before_pairing"]


# Offsets from the moment the request is made (not from collection time: a long run would age them).
@pytest.mark.parametrize(("offset", "aware"), [
    (timedelta(hours=-73), True),
    (timedelta(minutes=5), True),
    (timedelta(hours=-1), False),  # no offset: ambiguous
], ids=["too-old", "future", "no-timezone"])
def test_offline_captures_outside_the_window_are_refused(api, obama, offset, aware):
    _, token = pair_device(api, "Clock skew")
    captured_at = datetime.now(UTC) + offset
    if not aware:
        captured_at = captured_at.replace(tzinfo=None)
    response = api.post("/attendance/check-in", device_token=token, json_body={
        "image": b64("identities/fr_obama/obama3.jpg"), "captured_at": captured_at.isoformat()})
    assert response.status == 422 and response.error_code == "captured_at_out_of_range"


@pytest.mark.parametrize("path", ["check-in", "check-out", "punch"])
def test_an_offline_capture_time_as_a_unix_time_is_refused(api, services, obama, path):
    """QA: 1764748800 and "1764777600" were read as Unix times (201); README and OpenAPI say RFC 3339."""
    device, token = pair_device(api, f"Epoch {path}")
    epoch = int(datetime.now(UTC).timestamp()) - 60  # inside the offline window: refused for its form only
    for captured_at in (epoch, str(epoch), float(epoch)):
        response = api.post(f"/attendance/{path}", device_token=token, json_body={
            "image": b64("identities/fr_obama/obama3.jpg"), "captured_at": captured_at})
        assert (response.status, response.error_code) == (422, "validation_error"), (captured_at, response.text)
        assert response.json()["error"]["details"]["errors"][0]["location"] == ["body", "captured_at"]
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log WHERE device_id = %s", (device["id"],))
        assert cur.fetchone()["n"] == 0  # nothing written
    assert api.post(f"/attendance/{path}", device_token=token, json_body={  # the same time as RFC 3339 is taken
        "image": b64("identities/fr_obama/obama3.jpg"),
        "captured_at": datetime.fromtimestamp(epoch, UTC).isoformat()}).status in (200, 201)


def test_an_offline_capture_time_outside_the_calendar_is_refused_not_a_500(api, obama):
    # Year 1 at +14:00 parses, but has no UTC instant: the request's hash used to overflow into a 500.
    _, token = pair_device(api, "Year one")
    response = api.post("/attendance/check-in", device_token=token, json_body={
        "image": b64("identities/fr_obama/obama3.jpg"), "captured_at": "0001-01-01T00:30:00+01:00"})
    assert (response.status, response.error_code) == (422, "captured_at_out_of_range"), response.text


def test_only_a_paired_device_may_send_a_capture_time(api, obama):
    response = api.post("/attendance/check-in", claims=KIOSK_JWT, json_body={
        "image": b64("identities/fr_obama/obama3.jpg"), "captured_at": datetime.now(UTC).isoformat()})
    assert response.status == 403 and response.error_code == "captured_at_needs_device"
    garbage = api.post("/attendance/check-in", device_token=pair_device(api, "G")[1], json_body={
        "image": b64("identities/fr_obama/obama3.jpg"), "captured_at": "yesterday"})
    assert garbage.status == 422 and garbage.error_code == "validation_error"


def test_snapshot_link_while_retained_then_expired(api, services, obama):
    _, token = pair_device(api, "Snapshots")
    event = api.post("/attendance/check-in", json_body={"image": b64("identities/deepface_p34/img35.jpg")},
                     device_token=token).json()["event"]  # a stranger: a new row (and snapshot) every time
    link = api.get(f"/attendance/{event['id']}/snapshot")
    assert link.status == 200 and link.json()["expires_in"] == 300
    photo = requests.get(link.json()["url"], timeout=10)
    assert photo.status_code == 200 and photo.content[:3] == b"\xff\xd8\xff"
    assert api.get(f"/attendance/{event['id']}/snapshot", claims=KIOSK_JWT).status == 403

    due = services.settings.snapshot_retention_days + services.settings.review_max_days + 1  # a pending stranger's
    run_cleanup(services.db, services.s3, services.settings, now=datetime.now(UTC) + timedelta(days=due))
    gone = api.get(f"/attendance/{event['id']}/snapshot")
    assert gone.status == 404 and gone.error_code == "snapshot_expired"
    assert api.get("/attendance/999999999/snapshot").error_code == "attendance_not_found"
    assert api.get("/attendance/99999999999999999999/snapshot").status == 422


def test_the_notice_names_the_sites_contact_and_counts_the_days_a_photo_waits_on_a_tablet(api, services):
    """A site's data protection contact (FACEPASS_PRIVACY_CONTACT) is what the kiosk names; a photo's longest life is
    the offline window when that is longer than retention (a queued check waits on the tablet, then the next daily
    cleanup deletes it), and the kiosk keeps queued photos for the window the server says."""
    device, _ = pair_device(api, "Notice door")
    settings = services.settings.model_copy(update={
        "privacy_contact": "Data protection: dpo@example.com", "snapshot_retention_days": 1,
        "offline_max_age_hours": 100, "idempotency_ttl_hours": 124})
    me = devices.device_self(services.db, settings, uuid.UUID(device["id"]))
    assert me.notice.privacy_contact == "Data protection: dpo@example.com"
    assert me.notice.snapshot_max_days == 6  # 100 h is 5 days begun, + the cleanup's day; retention's 1 + 2 is less
    assert me.offline_max_age_hours == 100
    assert devices.device_self(services.db, services.settings.model_copy(
        update={"snapshot_retention_days": 30}), uuid.UUID(device["id"])).notice.snapshot_max_days == 32
    # The enrolled face's life after its person leaves: retention's grace (FACEPASS_DEACTIVATED_GRACE_DAYS), as set.
    assert me.notice.face_template_days_after_leaving == services.settings.deactivated_grace_days + 1  # its cleanup
    assert devices.device_self(services.db, services.settings.model_copy(
        update={"deactivated_grace_days": 7}), uuid.UUID(device["id"])).notice.face_template_days_after_leaving == 8


def test_a_required_challenge_cannot_be_skipped_by_sending_one_photo(api, services, obama):
    """FACEPASS_CHALLENGE_POLICY=required: the kiosk's `challenge_required` path is the server's, not only a URL
    parameter; a device token that sends a single (printed, screen) photo is refused online and reviewed offline."""
    from facepass import attendance

    device, _ = paired_days_ago(services, api, "Challenge door")
    strict = services.settings.model_copy(update={"challenge_policy": "required"})
    photo = fixture_bytes("identities/fr_obama/test_obama1.jpg")
    with pytest.raises(Exception) as refused:
        attendance.record_check(services.db, services.s3, services.engine, strict, data=photo, event_type="entry",
                                device_id=device["id"])
    assert getattr(refused.value, "code", None) == "challenge_required"
    offline, status = attendance.record_check(services.db, services.s3, services.engine, strict, data=photo,
                                              event_type="entry", device_id=device["id"],
                                              captured_at=datetime.now(UTC) - timedelta(hours=1))
    assert status == 201 and offline.event.review_state == "pending"
    assert "challenge_missing" in offline.event.review_reasons


def test_hr_sets_a_kiosks_door_and_automatic_mode_and_the_kiosk_hears_them(api, caplog):
    """PATCH /devices/{id} (admin): Door and Automatic mode, answered to the kiosk by GET /devices/me; null gives the
    choice back to the tablet's setup mode; a field left out keeps its value. Logged naming who changed what."""
    device, token = pair_device(api, "Staff entrance")
    me = api.get("/devices/me", device_token=token).json()
    assert (me["door"], me["automatic"]) == (None, None)  # not set: the tablet's own, as before

    with caplog.at_level("INFO", logger="facepass.devices"):
        changed = api.patch(f"/devices/{device['id']}", json_body={"door": "exit", "automatic": True})
    assert changed.status == 200, changed.text
    assert (changed.json()["door"], changed.json()["automatic"]) == ("exit", True)
    logged = next(record for record in caplog.records if record.getMessage() == "device settings changed")
    assert (logged.actor, logged.device_id) == ("test-admin", device["id"])  # the api fixture's admin
    assert (logged.door_before, logged.door, logged.automatic_before, logged.automatic) == (None, "exit", None, True)
    me = api.get("/devices/me", device_token=token).json()
    assert (me["door"], me["automatic"]) == ("exit", True)
    listed = next(item for item in api.get("/devices").json()["items"] if item["id"] == device["id"])
    assert (listed["door"], listed["automatic"]) == ("exit", True)
    # The same again (or nothing): the same answer, and no log line claiming a change.
    caplog.clear()
    with caplog.at_level("INFO", logger="facepass.devices"):
        for body in ({"door": "exit", "automatic": True}, {}):
            again = api.patch(f"/devices/{device['id']}", json_body=body)
            assert again.status == 200 and (again.json()["door"], again.json()["automatic"]) == ("exit", True)
    assert not [record for record in caplog.records if record.getMessage() == "device settings changed"]

    # One field at a time: the other stays; null hands it back to the tablet.
    assert api.patch(f"/devices/{device['id']}", json_body={"automatic": False}).json()["door"] == "exit"
    cleared = api.patch(f"/devices/{device['id']}", json_body={"door": None}).json()
    assert (cleared["door"], cleared["automatic"]) == (None, False)
    me = api.get("/devices/me", device_token=token).json()
    assert (me["door"], me["automatic"]) == (None, False)


@pytest.mark.parametrize("body", [{"door": "sideways"}, {"door": "Exit"}, {"door": 1}, {"automatic": "yes"},
                                  {"automatic": 1}, {"automatic": "true"}, {"door": "exit", "colour": "red"}])
def test_bad_device_settings_are_refused(api, body):
    device, token = pair_device(api, "Side door")
    refused = api.patch(f"/devices/{device['id']}", json_body=body)
    assert (refused.status, refused.error_code) == (422, "validation_error"), refused.text
    me = api.get("/devices/me", device_token=token).json()
    assert (me["door"], me["automatic"]) == (None, None)  # nothing changed


def test_device_settings_are_admins_and_only_for_a_device_that_exists_and_is_not_revoked(api):
    unknown = api.patch(f"/devices/{uuid.uuid4()}", json_body={"door": "exit"})
    assert (unknown.status, unknown.error_code) == (404, "device_not_found")
    device, token = pair_device(api, "Back door")
    path = f"/devices/{device['id']}"
    for claims in (KIOSK_JWT, {"sub": "sup-1", "username": "supervisor", "scope": "facepass/reviewer"}):
        assert api.patch(path, json_body={"door": "exit"}, claims=claims).status == 403
    assert api.patch(path, json_body={"door": "exit"}, claims=None).status == 401
    # A kiosk's own token cannot set its door either.
    assert api.patch(path, json_body={"door": "exit"}, device_token=token).status in (401, 403)
    assert api.delete(path).status == 200
    revoked = api.patch(path, json_body={"door": "exit"})
    assert (revoked.status, revoked.error_code) == (409, "device_revoked")
    assert next(item for item in api.get("/devices").json()["items"] if item["id"] == device["id"])["door"] is None


# --- setup mode: a code from the console (POST /devices/{id}/setup-code), typed on the kiosk (POST /devices/me/setup)


def setup_code(api, device_id: str) -> dict:
    made = api.post(f"/devices/{device_id}/setup-code")
    assert made.status == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    return made.json()


def open_setup(api, token: str, code: str):
    return api.post("/devices/me/setup", json_body={"code": code}, device_token=token)


def assert_refused(response):
    assert (response.status, response.error_code) == (403, "setup_code_invalid"), response.text


def stored_setup_code(services, device_id: str) -> dict | None:
    with services.db.transaction() as cur:
        cur.execute("SELECT * FROM device_setup_codes WHERE device_id = %s", (device_id,))
        return cur.fetchone()


def test_a_setup_code_is_made_hashed_opens_setup_once_and_is_logged(api, services, caplog):
    device, token = pair_device(api, "Setup door")
    with caplog.at_level("INFO", logger="facepass.devices"):
        made = setup_code(api, device["id"])
    code = made["setup_code"]
    assert made["device_id"] == device["id"]
    assert len(code) == 8 and set(code) <= set(devices.PAIRING_ALPHABET)
    expires = datetime.fromisoformat(made["expires_at"])
    assert timedelta(minutes=9) < expires - datetime.now(UTC) <= timedelta(minutes=10)
    logged = next(record for record in caplog.records if record.getMessage() == "device setup code issued")
    assert (logged.actor, logged.device_id) == ("test-admin", device["id"])
    # Only a hash is kept: the code is nowhere in the row.
    row = stored_setup_code(services, device["id"])
    assert row["code_hash"] != code and code not in str(row.values()) and row["created_by"] == "test-admin"
    assert len(row["code_hash"]) == 64 and row["failed_attempts"] == 0

    # Typed as a person would (lower case, a dash): 15 minutes of setup, and the code is spent.
    opened = open_setup(api, token, f"{code[:4].lower()}-{code[4:]}")
    assert opened.status == 200, opened.text
    until = datetime.fromisoformat(opened.json()["setup_until"])
    assert timedelta(minutes=14) < until - datetime.now(UTC) <= timedelta(minutes=15)
    assert opened.json()["setup_seconds"] == 15 * 60  # the tablet counts it on its own clock
    assert stored_setup_code(services, device["id"]) is None
    assert_refused(open_setup(api, token, code))  # single use


def test_a_new_setup_code_replaces_the_old_and_an_expired_one_is_refused(api, services):
    device, token = pair_device(api, "Replaced door")
    first = setup_code(api, device["id"])["setup_code"]
    second = setup_code(api, device["id"])["setup_code"]
    assert_refused(open_setup(api, token, first))
    assert open_setup(api, token, second).status == 200

    late = setup_code(api, device["id"])["setup_code"]
    with services.db.transaction() as cur:
        cur.execute("UPDATE device_setup_codes SET expires_at = now() - interval '1 second' WHERE device_id = %s",
                    (device["id"],))
    assert_refused(open_setup(api, token, late))
    assert stored_setup_code(services, device["id"]) is None  # gone: a later try is no nearer


def test_five_wrong_tries_spend_the_setup_code_without_telling_a_near_miss(api, services):
    device, token = pair_device(api, "Guessed door")
    code = setup_code(api, device["id"])["setup_code"]
    wrong = devices.PAIRING_ALPHABET[(devices.PAIRING_ALPHABET.index(code[0]) + 1) % 25] + code[1:]
    answers = [open_setup(api, token, guess) for guess in (wrong, "nonsense", wrong, "x", wrong)]
    for answer in answers:
        assert_refused(answer)
    # Every refusal reads alike: no count of tries left, nothing about the code.
    assert len({answer.text for answer in answers}) == 1
    assert stored_setup_code(services, device["id"]) is None
    assert_refused(open_setup(api, token, code))  # the right code, too late: spent

    # Four wrong tries leave it working.
    code = setup_code(api, device["id"])["setup_code"]
    for _ in range(4):
        assert_refused(open_setup(api, token, wrong))
    assert stored_setup_code(services, device["id"])["failed_attempts"] == 4
    assert open_setup(api, token, code).status == 200


def test_another_kiosks_token_cannot_use_a_setup_code(api, services):
    door, door_token = pair_device(api, "Code's own door")
    _, other_token = pair_device(api, "Another door")
    code = setup_code(api, door["id"])["setup_code"]
    assert_refused(open_setup(api, other_token, code))
    # Nor did its try count against the code, which still opens its own kiosk.
    assert stored_setup_code(services, door["id"])["failed_attempts"] == 0
    assert open_setup(api, door_token, code).status == 200


def test_setup_codes_are_admins_and_the_kiosks_own_token_only(api):
    unknown = api.post(f"/devices/{uuid.uuid4()}/setup-code")
    assert (unknown.status, unknown.error_code) == (404, "device_not_found")
    device, token = pair_device(api, "Locked door")
    path = f"/devices/{device['id']}/setup-code"
    for claims in (KIOSK_JWT, {"sub": "sup-1", "username": "supervisor", "scope": "facepass/reviewer"}):
        assert api.post(path, claims=claims).status == 403
    assert api.post(path, claims=None).status == 401
    assert api.post(path, device_token=token).status in (401, 403)  # a kiosk cannot make its own code
    code = setup_code(api, device["id"])["setup_code"]
    # No device token: no setup, whoever asks.
    as_jwt = api.post("/devices/me/setup", json_body={"code": code}, claims=KIOSK_JWT)
    assert (as_jwt.status, as_jwt.error_code) == (403, "device_required")
    assert api.post("/devices/me/setup", json_body={"code": code}, claims=None).status == 401
    for body in ({}, {"code": ""}, {"code": "x" * 33}, {"code": 12345678}, {"code": code, "more": 1}):
        refused = api.post("/devices/me/setup", json_body=body, device_token=token)
        assert (refused.status, refused.error_code) == (422, "validation_error"), (body, refused.text)
    # A revoked device gets no code, and its token opens nothing.
    assert api.delete(f"/devices/{device['id']}").status == 200
    revoked = api.post(path)
    assert (revoked.status, revoked.error_code) == (409, "device_revoked")
    assert open_setup(api, token, code).status in (401, 403)


def test_a_re_pairing_spends_the_setup_code_and_a_device_awaiting_pairing_gets_none(api, services):
    """A setup code made before a re-pairing (the tablet lost) opens nothing on the tablet paired next; a device
    awaiting its pairing gets no code (409 device_not_paired): whichever tablet pairs next is not known."""
    device, _ = pair_device(api, "Lost tablet's door")
    code = setup_code(api, device["id"])["setup_code"]
    repaired = api.post(f"/devices/{device['id']}/pairing-code")
    assert repaired.status in (200, 201), repaired.text
    assert stored_setup_code(services, device["id"]) is None
    waiting = api.post(f"/devices/{device['id']}/setup-code")
    assert (waiting.status, waiting.error_code) == (409, "device_not_paired"), waiting.text
    paired = api.post("/devices/pair", json_body={"pairing_code": repaired.json()["pairing_code"]}, claims=None)
    assert paired.status == 200, paired.text
    assert_refused(open_setup(api, paired.json()["device_token"], code))


def test_the_daily_cleanup_removes_setup_codes_that_expired_unused(api, services):
    """A code made and never typed keeps the admin's user name beside the device: the cleanup removes it once expired,
    and leaves a live one."""
    from tests.function_roles import run_cleanup

    stale, _ = pair_device(api, "Never set up door")
    live, _ = pair_device(api, "Being set up door")
    setup_code(api, stale["id"])
    setup_code(api, live["id"])
    with services.db.transaction() as cur:
        cur.execute("UPDATE device_setup_codes SET expires_at = now() - interval '1 minute' WHERE device_id = %s",
                    (stale["id"],))
    run_cleanup(services.db, services.s3, services.settings)
    assert stored_setup_code(services, stale["id"]) is None
    assert stored_setup_code(services, live["id"]) is not None
