"""Identify, verify, check-in/out and reports: real models, real PostgreSQL + pgvector, local S3."""

from __future__ import annotations

import base64
import csv
import io
import re
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from facepass import employees, enrollment, repository, storage
from facepass.faces import load_engine
from facepass.schemas import EmployeeCreate
from tests.conftest import CONSENTED, enrolled_once, fixture_bytes, pair_device, wait_for_lock_waiters

# The API's (and device authorizer's) S3 calls are made with their roles from template.yaml (tests/function_roles).
pytestmark = pytest.mark.usefixtures("api_in_its_role")

# Enrolled from one photo; probed with *other* photos of the same person.
ENROLLED = {
    "deepface_p01": ("identities/deepface_p01/img1.jpg", ["identities/deepface_p01/img2.jpg",
                                                         "identities/deepface_p01/img7.jpg"]),
    "deepface_p08": ("identities/deepface_p08/img8.jpg", ["identities/deepface_p08/img9.jpg",
                                                         "identities/deepface_p08/img47.jpg"]),
    "deepface_p38": ("identities/deepface_p38/img38.jpg", ["identities/deepface_p38/img39.jpg"]),
    "fr_obama": ("identities/fr_obama/train_obama.jpg", ["identities/fr_obama/obama3.jpg",
                                                         "identities/fr_obama/test_obama1.jpg"]),
    "fr_biden": ("identities/fr_biden/train_biden2.jpg", ["identities/fr_biden/train_biden.jpg"]),
    "fr_kit_harington": ("identities/fr_kit_harington/train_john1.jpeg",
                         ["identities/fr_kit_harington/test_johnsnow_test1.jpg"]),
    "fr_rose_leslie": ("identities/fr_rose_leslie/train_img2.jpg", ["identities/fr_rose_leslie/train_img1.jpg"]),
    "bbt_penny": ("identities/bbt_penny/penny5.png", ["identities/bbt_penny/penny1.png"]),
}
NEVER_ENROLLED = ["other/skimage_astronaut.png", "identities/deepface_p34/img35.jpg",
                  "identities/deepface_p13/img14.jpg", "identities/bbt_stuart/stuart1.png",
                  "identities/deepface_p22/img23.jpg"]


@pytest.fixture(scope="module")
def population(database_url):
    """Employees enrolled once for the module, through the real gates (same code as the S3 pipeline)."""
    enrolled = enrolled_once(database_url, {identity: photo for identity, (photo, _) in ENROLLED.items()},
                             source="test")
    return {identity: str(employee_id) for identity, employee_id in enrolled.items()}


def b64(relative: str) -> str:
    return base64.b64encode(fixture_bytes(relative)).decode()


def identify(api, relative: str, query: str = ""):
    return api.post("/identify", json_body={"image": b64(relative)}, query=query)


PROBES = [(identity, probe) for identity, (_, probes) in ENROLLED.items() for probe in probes]


@pytest.mark.parametrize(("identity", "probe"), PROBES, ids=[p for _, p in PROBES])
def test_enrolled_people_are_identified_from_other_photos(api, population, identity, probe):
    response = identify(api, probe)
    assert response.status == 200, response.text
    body = response.json()
    assert body["decision"] == "matched", body
    assert body["employee"]["id"] == population[identity]
    assert body["similarity"] >= body["threshold"]
    assert body["margin"] is None or body["margin"] >= 0.05
    assert body["candidates"][0]["employee_id"] == population[identity]
    assert set(body["timings_ms"]) >= {"decode", "detect", "embed", "search"}
    assert body["box"]["width"] > 0


@pytest.mark.parametrize("probe", NEVER_ENROLLED)
def test_people_never_enrolled_are_unknown(api, population, probe):
    body = identify(api, probe).json()
    assert body["decision"] == "unknown", body
    assert body["employee"] is None
    assert body["similarity"] < body["threshold"]


def test_raw_image_body_works_like_json(api, population):
    response = api.post("/identify", body=fixture_bytes("identities/fr_obama/obama3.jpg"),
                        headers={"content-type": "image/jpeg"})
    assert response.status == 200
    assert response.json()["employee"]["id"] == population["fr_obama"]


def test_no_face_is_422(api, population):
    response = identify(api, "nonface/skimage_rocket.jpg")
    assert response.status == 422 and response.error_code == "no_face"


def test_bad_inputs_are_4xx_with_codes(api, population):
    assert api.post("/identify", json_body={"image": "@@not base64@@"}).error_code == "invalid_base64"
    assert api.post("/identify", json_body={"image": base64.b64encode(b"hello").decode()}).error_code == "not_an_image"
    assert api.post("/identify", json_body={}).status == 422
    assert api.post("/identify", body="{oops", headers={"content-type": "application/json"}).status == 400
    assert api.post("/identify", body=b"x", headers={"content-type": "text/plain"}).status == 415
    assert api.post("/identify", body=b"", headers={"content-type": "image/jpeg"}).status == 400


def test_group_photo_with_all_faces_finds_every_enrolled_person(api, population):
    body = identify(api, "groups/fr_obama_and_biden.jpg", "all_faces=true").json()
    matched = {face["employee"]["id"] for face in body["faces"] if face["decision"] == "matched"}
    assert matched == {population["fr_obama"], population["fr_biden"]}
    assert len(body["faces"]) == body["faces_detected"] == 3
    body = identify(api, "groups/fr_kit_with_rose.jpg", "all_faces=true").json()
    matched = {face["employee"]["id"] for face in body["faces"] if face["decision"] == "matched"}
    assert matched == {population["fr_kit_harington"], population["fr_rose_leslie"]}


def test_verify_one_to_one(api, population):
    same = api.post("/verify", json_body={"employee_id": population["fr_obama"],
                                          "image": b64("identities/fr_obama/obama3.jpg")})
    assert same.status == 200 and same.json()["verified"] is True
    other = api.post("/verify", json_body={"employee_id": population["fr_biden"],
                                           "image": b64("identities/fr_obama/obama3.jpg")})
    assert other.json()["verified"] is False
    assert api.post("/verify", json_body={"employee_id": str(uuid.uuid4()),
                                          "image": b64("identities/fr_obama/obama3.jpg")}).status == 404


def test_deactivated_employee_is_never_matched(api, services, population):
    created = api.post("/employees", json_body={"full_name": "Leaver", "email": "leaver@example.com",
                                                "biometric_consent": CONSENTED}).json()
    outcome, _ = enrollment.enroll_photo(services.db, services.engine, services.settings, uuid.UUID(created["id"]),
                                         fixture_bytes("identities/deepface_p29/img29.jpg"), source_key="test/leaver")
    assert outcome == "completed"
    assert identify(api, "identities/deepface_p29/img30.jpg").json()["decision"] == "matched"
    api.delete(f"/employees/{created['id']}")
    body = identify(api, "identities/deepface_p29/img30.jpg").json()
    assert body["decision"] == "unknown"
    assert all(c["employee_id"] != created["id"] for c in body["candidates"])


_paired: dict[str, tuple[dict, str]] = {}  # this module's database lives as long as the module


def device(api, name: str) -> tuple[dict, str]:
    if name not in _paired:
        _paired[name] = pair_device(api, name)
    return _paired[name]


def check_in(api, relative: str, *, key: str | None = None, device_name: str = "lobby-1", path="check-in"):
    headers = {"idempotency-key": key} if key else {}
    return api.post(f"/attendance/{path}", json_body={"image": b64(relative)}, headers=headers,
                    device_token=device(api, device_name)[1])


def snapshot_keys(services) -> list[str]:
    """Every snapshot, kept ones and those of events awaiting review."""
    return [o["Key"] for prefix in ("snapshots/", "review-snapshots/")
            for o in storage.list_keys(services.s3, bucket=services.settings.bucket, prefix=prefix)]


def test_check_in_writes_one_row_and_one_snapshot(api, services, population):
    response = check_in(api, "identities/deepface_p38/img39.jpg")
    assert response.status == 201, response.text
    event = response.json()["event"]
    assert event["status"] == "recognized" and event["employee"]["id"] == population["deepface_p38"]
    day = datetime.now(UTC).strftime("%Y/%m/%d")
    rows = api.get("/attendance", query=f"employee_id={population['deepface_p38']}").json()["items"]
    assert [row["trace_id"] for row in rows] == [event["trace_id"]]
    assert "snapshot_key" not in event  # the kiosk's answer; HR's listing has it
    assert rows[0]["snapshot_key"] == f"snapshots/{day}/{event['trace_id']}.jpg"
    assert rows[0]["snapshot_key"] in snapshot_keys(services)
    snapshot = services.s3.get_object(Bucket=services.settings.bucket, Key=rows[0]["snapshot_key"])["Body"].read()
    assert snapshot[:3] == b"\xff\xd8\xff" and b"Exif" not in snapshot[:64]


def test_repeat_check_in_within_the_window_answers_with_the_first_event_and_is_kept(api, services, population):
    before = set(snapshot_keys(services))
    first = check_in(api, "identities/deepface_p08/img9.jpg")
    second = check_in(api, "identities/deepface_p08/img47.jpg")
    assert first.status == 201 and second.status == 200
    assert second.json()["repeated"] is True
    assert second.json()["event"]["trace_id"] == first.json()["event"]["trace_id"]
    rows = api.get("/attendance", query=f"employee_id={population['deepface_p08']}").json()["items"]
    # The repeat is its own row pointing at the first, with its own snapshot: evidence should HR correct the first.
    assert [row["repeat_of"] for row in rows] == [None, first.json()["event"]["id"]]
    assert set(snapshot_keys(services)) - before == {row["snapshot_key"] for row in rows}
    day = datetime.fromisoformat(rows[0]["occurred_at"]).astimezone(ZoneInfo(services.settings.report_timezone))
    report = api.get("/attendance/daily", query=f"date={day.date()}").json()["items"]
    mine = [item for item in report if item["employee_id"] == population["deepface_p08"]]
    assert mine[0]["first_in"] == rows[0]["occurred_at"] and mine[0]["open_shift"] is True  # the first opens it


@pytest.mark.parametrize(("correction", "identity", "probe"), [
    ("reject", "fr_kit_harington", "identities/fr_kit_harington/test_johnsnow_test1.jpg"),
    ("reassign", "fr_rose_leslie", "identities/fr_rose_leslie/train_img1.jpg")])
def test_a_repeat_counts_when_hr_corrects_the_first_event(api, services, population, correction, identity, probe):
    # A wrong match (really another face) then the real person within the window: the correction of the first
    # must not leave the real person with no punch (before, the repeat was folded away and lost).
    person = population[identity]
    with services.db.transaction() as cur:
        wrong = repository.insert_attendance(
            cur, employee_id=person, occurred_at=datetime.now(UTC) - timedelta(seconds=30), event_type="entry",
            similarity=0.7, trace_id=uuid.uuid4(), snapshot_key=None, status="recognized", device_id="door")
    real = check_in(api, probe)
    assert real.status == 200 and real.json()["repeated"] is True and real.json()["event"]["id"] == wrong["id"]
    body = {"action": correction, "note": "that was someone else"} | (
        {"employee_id": population["fr_kit_harington"]} if correction == "reassign" else {})  # checks in nowhere
    assert api.post(f"/attendance/{wrong['id']}/review", json_body=body).status == 200
    counted = api.get("/attendance", query=f"employee_id={person}&counted=true").json()["items"]
    assert [row["repeat_of"] for row in counted] == [wrong["id"]]


def test_no_row_lock_is_held_while_the_snapshot_is_stored(services, population):
    # The S3 PUT is a network round trip (tens of ms on AWS): the person's row stays free for other kiosks and
    # HR while it runs. Another connection tries the person's lock, without waiting, at the moment of the PUT.
    import psycopg

    person = population["bbt_penny"]
    observed: list[str] = []

    def try_the_persons_lock(**_):
        other = psycopg.connect(services.settings.database_url)
        try:
            with other.cursor() as cur:
                cur.execute("SELECT id FROM employees WHERE id = %s FOR UPDATE NOWAIT", (str(person),))
                observed.append("free")
        except psycopg.errors.LockNotAvailable:
            observed.append("locked")
        finally:
            other.rollback()
            other.close()

    events = services.s3.meta.events
    events.register("before-call.s3.PutObject", try_the_persons_lock)
    try:
        result = KioskCheck(services, "identities/bbt_penny/penny1.png", device_id="door-lock-probe").outcome()
    finally:
        events.unregister("before-call.s3.PutObject", try_the_persons_lock)
    assert not isinstance(result, Exception), result
    assert str(result.event.employee.id) == person and result.event.snapshot_key
    assert observed == ["free"]


def test_an_entry_after_an_exit_is_a_new_entry_however_soon(api, services, population):
    # Exit pressed by mistake, then entry: three events, and the day's hours run from the second entry on.
    entry = check_in(api, "identities/deepface_p01/img2.jpg")
    exit_ = check_in(api, "identities/deepface_p01/img7.jpg", path="check-out")
    again = check_in(api, "identities/deepface_p01/img10.jpg")
    assert (entry.status, exit_.status, again.status) == (201, 201, 201), again.text
    assert again.json()["repeated"] is False
    assert again.json()["event"]["trace_id"] != entry.json()["event"]["trace_id"]
    repeat = check_in(api, "identities/deepface_p01/img11.jpg")  # the same entry again: a repeat of the last one
    assert repeat.status == 200 and repeat.json()["event"]["trace_id"] == again.json()["event"]["trace_id"]
    rows = api.get("/attendance", query=f"employee_id={population['deepface_p01']}").json()["items"]
    assert [(row["event_type"], row["repeat_of"]) for row in rows] == [
        ("entry", None), ("exit", None), ("entry", None), ("entry", again.json()["event"]["id"])]


def test_two_kiosks_checking_the_same_person_at_once_record_one_entry_and_its_repeat(services, population):
    # Each check takes the person's lock before it looks for a recent entry and keeps it to its commit: the second
    # waits, then is recorded as a repeat of the first. The test keeps every insert into attendance_log waiting
    # until both checks wait for a lock (or 20 s pass): without the person's lock both would have looked, found
    # nothing, and then both inserted as firsts.
    # One engine per kiosk (models are shared per thread count): two requests never share one inference request.
    kiosks = (("identities/fr_obama/obama3.jpg", 1), ("identities/fr_obama/test_obama1.jpg", 2))
    person = population["fr_obama"]
    with lock_held(services, "LOCK TABLE attendance_log IN SHARE MODE") as cur:  # reads go on, inserts wait
        checks = [KioskCheck(services, photo, engine=load_engine(
            services.settings.model_copy(update={"onnx_threads": threads}))) for photo, threads in kiosks]
        wait_for_lock_waiters(cur, len(checks), [check.thread for check in checks])
    results = [check.outcome() for check in checks]
    assert all(not isinstance(result, Exception) for result in results), results
    assert sorted(result.repeated for result in results) == [False, True]
    assert len({result.event.trace_id for result in results}) == 1
    with services.db.transaction() as cur:
        cur.execute("SELECT repeat_of FROM attendance_log WHERE employee_id = %s ORDER BY id", (person,))
        assert [row["repeat_of"] for row in cur.fetchall()] == [None, results[0].event.id]


class KioskCheck:
    """One check-in from its own thread and database connection, as another kiosk's Lambda would make it."""

    def __init__(self, services, photo: str, *, engine=None, device_id: str | None = None) -> None:
        import threading

        self._services, self._photo, self._engine = services, photo, engine or services.engine
        self._device_id, self._result = device_id or photo, None
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        from facepass import attendance
        from facepass.db import Database

        db = Database(self._services.settings.database_url)
        try:
            self._result = attendance.record_check(db, self._services.s3, self._engine, self._services.settings,
                                                   data=fixture_bytes(self._photo), event_type="entry",
                                                   device_id=self._device_id)[0]
        except Exception as error:  # the outcome
            self._result = error
        finally:
            db.close()

    def outcome(self):
        """The CheckResult, or the exception the check raised."""
        self.thread.join()
        return self._result


@contextmanager
def lock_held(services, statement: str, params=()):
    """A transaction of the test's own that takes a lock, then (on leaving) commits and lets the checks go."""
    import psycopg

    holder = psycopg.connect(services.settings.database_url)
    try:
        with holder.cursor() as cur:
            cur.execute(statement, params)
            yield cur
        holder.commit()
    finally:
        holder.close()


def test_same_idempotency_key_twice_gives_one_row(api, services, population):
    key = str(uuid.uuid4())
    before = len(snapshot_keys(services))
    first = check_in(api, "other/skimage_astronaut.png", key=key, device_name="gate-7")
    replay = check_in(api, "other/skimage_astronaut.png", key=key, device_name="gate-7")
    assert first.status == 201 and replay.status == 201
    assert replay.json()["replayed"] is True
    assert replay.json()["event"]["trace_id"] == first.json()["event"]["trace_id"]
    assert first.json()["event"]["status"] == "unknown" and first.json()["event"]["employee"] is None
    rows = api.get("/attendance", query=f"device_id={device(api, 'gate-7')[0]['id']}").json()["items"]
    assert len(rows) == 1
    assert len(snapshot_keys(services)) == before + 1
    reused = check_in(api, "identities/fr_biden/train_biden.jpg", key=key, device_name="gate-7")
    assert reused.status == 422 and reused.error_code == "idempotency_key_reused"
    # A kiosk that lost the answer queues the same press and sends it with its capture time: the same check.
    queued = api.post("/attendance/check-in", headers={"idempotency-key": key}, device_token=device(api, "gate-7")[1],
                      json_body={"image": b64("other/skimage_astronaut.png"),
                                 "captured_at": (datetime.now(UTC) - timedelta(seconds=20)).isoformat()})
    assert queued.status == 201 and queued.json()["replayed"] is True, queued.text
    assert queued.json()["event"]["trace_id"] == first.json()["event"]["trace_id"]
    # Keys are each device's own: another kiosk's same key is its own request, never the first device's answer.
    elsewhere = check_in(api, "other/skimage_astronaut.png", key=key, device_name="gate-8")
    assert elsewhere.status == 201 and elsewhere.json()["replayed"] is False
    assert elsewhere.json()["event"]["trace_id"] != first.json()["event"]["trace_id"]


def test_check_out_and_daily_report_agree_in_json_and_csv(api, services, population):
    biden = population["fr_biden"]
    today = datetime.now(UTC).date()
    engine = services.engine
    start = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    from facepass import attendance

    # train_biden2.jpg is the enrollment photo: re-sent, it would be flagged as a replay (not counted).
    for minutes, kind, photo in [(0, "entry", "identities/fr_biden/train_biden.jpg"),
                                 (4 * 60, "exit", "identities/fr_biden/train_biden.jpg"),
                                 (5 * 60, "entry", "identities/fr_biden/train_biden.jpg"),
                                 (9 * 60, "exit", "identities/fr_biden/train_biden.jpg")]:
        result, status = attendance.record_check(services.db, services.s3, engine, services.settings,
                                                 data=fixture_bytes(photo), event_type=kind, device_id="desk",
                                                 now=start + timedelta(minutes=minutes))
        assert status == 201 and result.event.status == "recognized"
    report = api.get("/attendance/daily", query=f"date={today.isoformat()}").json()
    row = next(item for item in report["items"] if item["employee_id"] == biden)
    assert row["events"] == 4
    assert row["worked_seconds"] == 8 * 3600
    assert row["first_in"].startswith(start.isoformat()[:16])
    csv_response = api.get("/attendance/daily", query=f"date={today.isoformat()}", headers={"accept": "text/csv"})
    assert csv_response.headers["content-type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert len(csv_rows) == len(report["items"])
    csv_row = next(r for r in csv_rows if r["employee_id"] == biden)
    assert int(csv_row["worked_seconds"]) == row["worked_seconds"] and int(csv_row["events"]) == row["events"]

    listed = api.get("/attendance", query=f"date_from={today}&date_to={today}&limit=1000").json()["items"]
    listed_csv = list(csv.DictReader(io.StringIO(api.get("/attendance", query=f"date_from={today}&date_to={today}"
                                                         "&limit=1000", headers={"accept": "text/csv"}).text)))
    assert [str(e["id"]) for e in listed] == [r["id"] for r in listed_csv]
    assert [e["status"] for e in listed] == [r["status"] for r in listed_csv]


def test_the_calendar_names_the_report_zone_and_its_today(api):
    calendar = api.get("/attendance/calendar").json()
    assert calendar == {"timezone": "UTC", "today": datetime.now(UTC).date().isoformat()}
    assert api.get("/attendance/daily").json()["date"] == calendar["today"]


def test_attendance_pagination_and_filters(api, population):
    everything = api.get("/attendance", query="limit=1000").json()["items"]
    assert len(everything) >= 3
    seen, cursor = [], None
    while True:
        page = api.get("/attendance", query="limit=2" + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [item["id"] for item in everything]
    unknown = api.get("/attendance", query="status=unknown&limit=1000").json()["items"]
    assert unknown and all(item["status"] == "unknown" for item in unknown)
    assert api.get("/attendance", query="status=bogus").status == 422
    assert api.get("/attendance", query="date_from=2026-02-02&date_to=2026-01-01").error_code == "invalid_date_range"
    assert api.get("/attendance/daily", query="date=not-a-date").status == 422


def test_openapi_lists_every_route_with_photo_bodies(api):
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/identify", "/verify", "/attendance/check-in", "/attendance/check-out", "/attendance",
                 "/attendance/daily", "/employees", "/employees/{employee_id}", "/employees/{employee_id}/photos",
                 "/employees/{employee_id}/enrollments", "/employees/{employee_id}/enrollments/{ticket_id}",
                 "/employees/enroll", "/health"):
        assert path in paths, path
    body = paths["/identify"]["post"]["requestBody"]["content"]
    assert {"application/json", "image/jpeg", "image/png", "image/webp"} <= set(body)
    assert set(paths["/verify"]["post"]["requestBody"]["content"]) == {"application/json"}  # JSON only (415 else)
    form = paths["/employees/enroll"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["full_name", "email", "photo"] and form["properties"]["photo"]["format"] == "binary"

    # The success codes the routes answer (schemathesis ST103 found them undocumented).
    def successes(method: str, path: str) -> set[int]:
        return {int(code) for code in paths[path][method]["responses"] if int(code) < 300}

    for method, path in (("post", "/employees"), ("post", "/employees/{employee_id}/photos"), ("post", "/devices"),
                         ("post", "/devices/{device_id}/pairing-code"), ("post", "/devices/{device_id}/setup-code")):
        assert successes(method, path) == {201}, path
    assert successes("post", "/employees/enroll") == {202}
    assert successes("post", "/attendance/check-in") == successes("post", "/attendance/check-out") == {200, 201}
    for path in ("/attendance", "/attendance/daily"):
        assert {"application/json", "text/csv"} <= set(paths[path]["get"]["responses"]["200"]["content"])
    docs = api.get("/docs")
    assert docs.status == 200 and "swagger" in docs.text.lower()


def test_swagger_ui_does_not_keep_a_pasted_token_after_the_tab_closes(api):
    """persistAuthorization would store an admin or device token pasted into /docs in localStorage (the browser
    test checks the page itself: tests/e2e/test_openapi_security.py)."""
    docs = api.get("/docs")
    assert docs.status == 200
    assert re.search(r"persistAuthorization:\s*false\b", docs.text), docs.text
    assert not re.search(r"persistAuthorization:\s*true", docs.text)


def test_a_check_in_meeting_an_erasure_records_nothing_of_the_erased_person(services):
    # The search found the person; their erasure committed before the check-in's transaction reached them. The
    # check is refused as a conflict (503: the kiosk sends it again, and then nobody matches): no event, no snapshot.
    from facepass import retention
    from facepass.errors import DatabaseConflict

    person = employees.create_employee(services.db, EmployeeCreate(biometric_consent=CONSENTED,
                                                                   full_name="Leaving", email="leaving@example.com"))
    outcome, reason = enrollment.enroll_photo(services.db, services.engine, services.settings, person.id,
                                              fixture_bytes("identities/bbt_leonard/leonard1.png"),
                                              source_key="test/leaving")
    assert outcome == "completed", reason
    snapshots_before = set(snapshot_keys(services))
    # The erasure's first step: the person locked, deactivated, committed (then they can no longer be matched).
    with lock_held(services, "SELECT id FROM employees WHERE id = %s FOR UPDATE", (str(person.id),)) as cur:
        check = KioskCheck(services, "identities/bbt_leonard/leonard2.png", device_id="door-erasure")
        wait_for_lock_waiters(cur, 1, [check.thread])
        cur.execute("UPDATE employees SET is_active = false WHERE id = %s", (str(person.id),))
    assert isinstance(check.outcome(), DatabaseConflict), check.outcome()
    retention.erase_employee(services.db, services.s3, services.settings, person.id)
    with services.db.transaction() as cur:
        cur.execute("SELECT count(*) AS n FROM attendance_log WHERE employee_id = %s OR device_id = 'door-erasure'",
                    (person.id,))
        assert cur.fetchone()["n"] == 0
    assert set(snapshot_keys(services)) == snapshots_before
