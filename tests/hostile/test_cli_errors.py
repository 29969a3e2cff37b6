"""Every CLI mistake a user can make gets one `error: ...` line on stderr and a non-zero exit, never a
traceback: missing or unreadable files, an unreachable or wrong API URL, bad arguments and settings,
and 4xx answers from a real local stack (with their code and message)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.conftest import FIXTURES, ROOT, running_stack

PHOTO = str(FIXTURES / "identities" / "fr_obama" / "obama3.jpg")
NO_FACE = str(FIXTURES / "nonface" / "skimage_rocket.jpg")
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "layers" / "facepass" / "python"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "facepass.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=120, check=False)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_missing_unreadable_and_odd_files(tmp_path):
    assert "no-such-file.jpg: No such file or directory" in one_error_line(
        run_cli("identify", "no-such-file.jpg", env={"FACEPASS_API_URL": UNREACHABLE}))
    assert "Is a directory" in one_error_line(run_cli("identify", str(tmp_path)))
    assert "No such file" in one_error_line(run_cli("enroll", str(uuid.uuid4()), PHOTO, str(tmp_path / "gone.jpg")))
    assert "No such file" in one_error_line(run_cli("enroll-dir", str(tmp_path / "no-folder")))
    assert "No such file" in one_error_line(run_cli("eval", "pairs", "--root", str(tmp_path), "--pairs",
                                                    str(tmp_path / "pairs.txt")))
    labels = tmp_path / "labels.csv"
    labels.write_bytes(b"\xff\xfe\x00garbage")
    assert one_error_line(run_cli("eval", "identify", "--root", str(tmp_path), "--labels", str(labels)))


def test_unreachable_or_malformed_api_url():
    line = one_error_line(run_cli("identify", PHOTO, env={"FACEPASS_API_URL": UNREACHABLE,
                                                          "FACEPASS_DEVICE_TOKEN": "fpd_unused"}))
    assert line.startswith(f"error: cannot reach {UNREACHABLE}")
    for command in (["employees", "list"], ["report", "--date", "2026-01-01"], ["erase", str(uuid.uuid4())],
                    ["enroll", str(uuid.uuid4()), PHOTO], ["employees", "add", "A", "a@example.com"]):
        assert "cannot reach" in one_error_line(run_cli(*command, env={"FACEPASS_API_URL": UNREACHABLE}))
    assert one_error_line(run_cli("employees", "list", env={"FACEPASS_API_URL": "not a url"})).startswith(
        "error: cannot call the API")


def test_bad_arguments_and_settings():
    usage = run_cli("identify")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr and "usage:" in usage.stderr
    line = one_error_line(run_cli("employees", "list", env={"FACEPASS_SNAPSHOT_RETENTION_DAYS": "lots"}))
    assert line.startswith("error: invalid configuration: FACEPASS_SNAPSHOT_RETENTION_DAYS")
    line = one_error_line(run_cli("employees", "list", env={"FACEPASS_LIVENES_POLICY": "block"}))
    assert line == ("error: invalid configuration: unknown FACEPASS_ environment variable: FACEPASS_LIVENES_POLICY "
                    "(did you mean FACEPASS_LIVENESS_POLICY?). Every setting is in README, Configuration; a variable "
                    "no setting reads would be ignored.")
    line = one_error_line(run_cli("employees", "list", env={"FACEPASS_REPORT_TIMEZONE": "localtime"}))
    assert line.startswith("error: invalid configuration") and "unknown report_timezone 'localtime'" in line
    line = one_error_line(run_cli("employees", "list", env={"FACEPASS_IDEMPOTENCY_TTL_HOURS": "48"}))
    assert line.startswith("error: invalid configuration") and "idempotency_ttl_hours must be above" in line
    no_models = run_cli("local", "up", env={"FACEPASS_MODEL_DIR": "/nonexistent/models"})
    assert no_models.returncode == 2 and "model files missing or wrong (run `make models`" in no_models.stderr
    assert "/nonexistent/models/opencv_zoo/" in no_models.stderr and "Traceback" not in no_models.stderr
    line = one_error_line(run_cli("db", "migrate", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}))
    assert line.startswith("error: cannot use the database")


@pytest.fixture(scope="module")
def stack(pg_server, migrated_template, tmp_path_factory):
    with running_stack(pg_server, migrated_template, tmp_path_factory.mktemp("cli"), "cli") as local:
        yield local.addresses


@pytest.fixture(scope="module")
def device_token(stack) -> str:
    """Kiosk routes take a paired device's token."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    code = admin.create_device("CLI kiosk")["pairing_code"]
    return FacePassClient(stack.api_url).pair(code)["device_token"]


def cli_main(monkeypatch, capsys, url: str, *args: str, token: str = "local-admin-token",
             device_token: str | None = None) -> tuple[int, str, str]:
    from facepass.cli import main

    monkeypatch.setenv("FACEPASS_API_URL", url)
    monkeypatch.setenv("FACEPASS_API_TOKEN", token)
    if device_token:
        monkeypatch.setenv("FACEPASS_DEVICE_TOKEN", device_token)
    capsys.readouterr()  # what the in-process stack printed before the command is not the command's
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    # The local stack runs in this process: its handlers' metrics (one EMF JSON line each, {"_aws": ...}) flush to
    # the same stdout from their own threads, whenever a request ends; they are not the CLI's output.
    out = "".join(line for line in out.splitlines(keepends=True) if not line.startswith('{"_aws":'))
    return code, out, err.strip()


def test_4xx_answers_print_their_code_and_message(stack, device_token, monkeypatch, capsys):
    url = stack.api_url
    missing = str(uuid.uuid4())
    cases = [
        (["employees", "add", "Ada", "not-an-email"], "admin", "422 validation_error:"),
        (["erase", missing], "admin", f"404 employee_not_found: No employee {missing}"),
        (["erase", "not-a-uuid"], "admin", "422 validation_error:"),
        (["enroll", missing, PHOTO], "admin", "404 employee_not_found:"),
        (["report", "--date", "2026-02-30"], "admin", "422 validation_error:"),
        (["identify", NO_FACE], "device", "422 no_face:"),
        (["employees", "list"], "device", "401: Unauthorized"),  # a device token is no admin JWT: the gateway's
        (["employees", "list"], "wrong", "401: Unauthorized"),  # API Gateway's own answer
    ]
    tokens = {"admin": "local-admin-token", "device": device_token, "wrong": "not-a-token"}
    for args, who, expected in cases:
        code, _, err = cli_main(monkeypatch, capsys, url, *args, token=tokens[who], device_token=device_token)
        assert code == 1 and err.startswith(f"error: the API answered {expected}"), (args, err)
        assert len(err.splitlines()) == 1, err
    code, out, _ = cli_main(monkeypatch, capsys, url, "report", "--date", "9999-12-31")
    assert code == 0 and out.startswith("9999-12-31")


def test_employees_add_sets_the_persons_time_zone_and_refuses_one_that_is_not(stack, monkeypatch, capsys):
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Zoe Zone", "zoe@example.com",
                            "--timezone", "America/New_York")
    assert code == 0 and json.loads(out)["timezone"] == "America/New_York"
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "No Zone", "nozone@example.com")
    assert code == 0 and json.loads(out)["timezone"] is None  # the report zone
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Bad Zone", "bad@example.com",
                            "--timezone", "Mars/Olympus")
    assert code == 1 and err.startswith("error: the API answered 422 validation_error:"), err


def test_employees_add_sets_the_payroll_number_and_refuses_one_taken(stack, monkeypatch, capsys):
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Anna Ivanova",
                            "anna.cli@example.com", "--number", "CLI-7")
    assert code == 0 and json.loads(out)["employee_number"] == "CLI-7"
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Anna Ivanova",
                            "anna.cli.2@example.com", "--number", "cli-7")
    assert code == 1 and err.startswith("error: the API answered 409 employee_number_taken:"), err


def test_enroll_says_a_held_photo_waits_for_hr_and_stops_asking_at_once(stack, monkeypatch, capsys):
    """A photo held for HR's confirmation (a suspected duplicate) no longer changes without a human: `facepass
    enroll` says so, how to confirm it, with its own exit code; the client asks for a held ticket's status once."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    first = admin.create_employee("Held Barack", f"{uuid.uuid4().hex[:8]}@example.com", consent_reference="form 1")
    assert admin.enroll(first["id"], (FIXTURES / "identities/fr_obama/train_obama.jpg").read_bytes())[
        "status"] == "completed"
    second = admin.create_employee("Held Twin", f"{uuid.uuid4().hex[:8]}@example.com", consent_reference="form 1")

    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll", second["id"], PHOTO)
    assert (code, err) == (3, "")  # README: held for HR, neither 0 nor an error's 1
    (ticket,) = admin.request("GET", f"/employees/{second['id']}/enrollments").body["items"]
    assert (ticket["status"], ticket["reason_code"]) == ("needs_confirmation", "suspected_duplicate")
    said = [line for line in out.splitlines() if line.startswith(PHOTO)]  # the stack in-process prints metrics too
    similarity = ticket["reason_detail"]["similarity"]
    assert said == [(f"{PHOTO}: held for HR's confirmation (suspected_duplicate: looks like Held Barack, similarity "
                     f"{similarity:.2f}), not enrolled. Enroll it or "
                           "not in the console (the person's page) or with POST "
                           f"/employees/{second['id']}/enrollments/{ticket['ticket_id']}/confirm (or /reject).")]

    asked = []
    send = admin.session.request
    monkeypatch.setattr(admin.session, "request", lambda method, url, **kwargs: asked.append(url) or send(
        method, url, **kwargs))
    status = admin.wait_for_enrollment(second["id"], ticket["ticket_id"], timeout=5)
    assert status["status"] == "needs_confirmation"
    assert len(asked) == 1, f"{len(asked)} status requests for a ticket already held"


def test_consent_is_recorded_by_the_cli_and_enroll_dir_without_it_is_refused(stack, monkeypatch, capsys, tmp_path):
    """`employees add --consent-reference`, `employees consent ID`, `enroll-dir --consent-reference`: without a
    recorded biometric consent no photo is taken (409 consent_required, said per photo)."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Cora Consent",
                            f"{uuid.uuid4().hex[:8]}@example.com", "--consent-reference", "form 11")
    assert code == 0 and json.loads(out)["biometric_consent"]["reference"] == "form 11"
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "add", "Nell None",
                            f"{uuid.uuid4().hex[:8]}@example.com")
    nell = json.loads(out)
    assert code == 0 and nell["biometric_consent"] is None
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll", nell["id"], PHOTO)
    assert code == 1 and err.startswith("error: the API answered 409 consent_required:"), err
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "consent", nell["id"],
                            "--reference", "form 12")
    assert code == 0 and json.loads(out)["biometric_consent"]["reference"] == "form 12"
    # Again without a reference: the repeat of a recorded consent, answered as recorded (the first stands).
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "consent", nell["id"])
    assert code == 0 and json.loads(out)["biometric_consent"]["reference"] == "form 12"
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "consent", nell["id"], "--reference",
                            "form 13")  # again: kept
    assert code == 0 and json.loads(out)["biometric_consent"]["reference"] == "form 12"
    # An access request from the CLI: what is held about her face (nothing yet but the consent).
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "data", nell["id"])
    held = json.loads(out)
    assert code == 0 and held["employee"]["biometric_consent"]["reference"] == "form 12"
    assert (held["faces"], held["photos"], held["held_photos"]) == ([], [], [])

    folder = tmp_path / "people" / f"Dora_{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    (folder / "face.jpg").write_bytes((FIXTURES / "identities/bbt_amy/amy1.png").read_bytes())
    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"))
    assert code == 1 and "  rejected, consent_required: 1" in out.splitlines(), out
    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"),
                              "--consent-reference", "forms of 2026-12")
    assert "people=1 (already there: 1) photos_enrolled=1 held=0 rejected=0" in out.splitlines(), out
    (dora,) = [p for p in admin.list_employees(q=folder.name.lower())]
    assert dora["biometric_consent"]["reference"] == "forms of 2026-12"
    # Erased (consent withdrawn): a re-run of the import never records it again, and takes no photo.
    admin.request("DELETE", f"/employees/{dora['id']}", params={"erase": "true"})
    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"),
                              "--consent-reference", "forms of 2026-12")
    assert "photos_enrolled=0" in out, out
    assert admin.request("GET", f"/employees/{dora['id']}").body["biometric_consent"] is None


def test_a_withdrawal_of_consent_by_the_cli_keeps_the_person_and_enroll_dir_does_not_record_it_again(
        stack, monkeypatch, capsys, tmp_path):
    """`employees withdraw-consent ID`: the person's biometric data erased, the person active; a re-run of a folder
    import with a folder-wide consent reference does not turn their withdrawal back, and takes no photo."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    folder = tmp_path / "people" / f"Willa_{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    (folder / "face.jpg").write_bytes((FIXTURES / "identities/bbt_amy/amy1.png").read_bytes())
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"),
                            "--consent-reference", "forms of 2026-12")
    assert code == 0 and "photos_enrolled=1" in out, out
    (willa,) = admin.list_employees(q=folder.name.lower())
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "employees", "withdraw-consent", willa["id"])
    assert code == 0, out
    assert (json.loads(out)["embeddings_deleted"], json.loads(out)["employee_deactivated"]) == (1, False)
    shown = admin.request("GET", f"/employees/{willa['id']}").body
    assert (shown["is_active"], shown["biometric_consent"]) == (True, None) and shown["consent_withdrawn_at"]
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"),
                            "--consent-reference", "forms of 2026-12")
    assert "photos_enrolled=0" in out and "  rejected, consent_required: 1" in out.splitlines(), out
    assert admin.request("GET", f"/employees/{willa['id']}").body["biometric_consent"] is None


def test_without_an_api_url_the_cli_talks_to_the_local_stack_on_its_port(stack, monkeypatch, capsys):
    """README, Local development: the stack honours FACEPASS_LOCAL_API_PORT, and so does the CLI beside it."""
    from urllib.parse import urlparse

    from facepass.cli import main

    monkeypatch.delenv("FACEPASS_API_URL", raising=False)
    monkeypatch.setenv("FACEPASS_API_TOKEN", "local-admin-token")
    monkeypatch.setenv("FACEPASS_LOCAL_API_PORT", str(urlparse(stack.api_url).port))
    assert main(["employees", "add", "Port Paula", f"{uuid.uuid4().hex[:8]}@example.com"]) == 0
    out, err = capsys.readouterr()
    assert "Port Paula" in out and "error" not in err
    monkeypatch.setenv("FACEPASS_LOCAL_API_PORT", "9")  # nothing listens: the error names that URL
    assert main(["employees", "list"]) == 1
    assert capsys.readouterr().err.startswith("error: cannot reach http://127.0.0.1:9 ")
    monkeypatch.setenv("FACEPASS_API_URL", stack.api_url)  # set: it wins
    assert main(["employees", "list"]) == 0 and "Port Paula" in capsys.readouterr().out


def test_enroll_dir_counts_a_held_photo_as_held_not_refused(stack, monkeypatch, capsys, tmp_path):
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    first = admin.create_employee("Dir Joe", f"{uuid.uuid4().hex[:8]}@example.com",  # nobody else's face here
                                  consent_reference="form 1")
    assert admin.enroll(first["id"], (FIXTURES / "identities/fr_biden/train_biden.jpg").read_bytes())[
        "status"] == "completed"
    folder = tmp_path / "people" / f"Dir_Twin_{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    (folder / "face.jpg").write_bytes((FIXTURES / "identities/fr_biden/train_biden2.jpg").read_bytes())  # held
    (folder / "rocket.jpg").write_bytes(Path(NO_FACE).read_bytes())  # refused: no face
    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(tmp_path / "people"),
                              "--consent-reference", "signed forms, batch 1")
    assert (code, err) == (1, "")  # as `enroll`: a refused photo says more than a held one
    lines = [line for line in out.splitlines() if line.startswith(("people=", "  "))]
    assert lines[0] == "people=1 (already there: 0) photos_enrolled=0 held=1 rejected=1", out
    assert "  held, suspected_duplicate: 1" in lines and any(line.startswith("  rejected, ") for line in lines), lines
    (person,) = [p for p in admin.list_employees(q=folder.name.lower()) if p["full_name"] == folder.name.replace(
        "_", " ")]
    (ticket,) = admin.request("GET", f"/employees/{person['id']}/enrollments").body["items"]
    assert (f"  {person['full_name']} ({person['id']}), face.jpg: held (suspected_duplicate: looks like Dir Joe, "
            f"similarity {ticket['reason_detail']['similarity']:.2f}), ticket {ticket['ticket_id']}") in lines, out
    assert f"{folder / 'rocket.jpg'}: rejected (no_face)" in out.splitlines(), out


def test_enroll_dir_goes_on_past_odd_files_and_names_and_can_be_run_again(stack, monkeypatch, capsys, tmp_path):
    """A desktop.ini, a note, a folder named in Cyrillic with a space: each odd file is one line naming it and the
    run goes on; the person keeps the name as written with a valid email; a second run finds the same people."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    tag = uuid.uuid4().hex[:6]
    people = tmp_path / "people"
    ivan = people / f"Иван Петров {tag}"
    rose = people / f"Rose_{tag}"
    for folder, photo in ((ivan, "fr_kit_harington/train_john1.jpeg"), (rose, "fr_rose_leslie/train_img1.jpg")):
        folder.mkdir(parents=True)
        (folder / "face.jpg").write_bytes((FIXTURES / "identities" / photo).read_bytes())
    (ivan / "desktop.ini").write_bytes(b"[.ShellClassInfo]\r\nIconResource=face.jpg,0\r\n")  # under 1 KB
    (ivan / "notes.txt").write_bytes(b"not a photo\n" * 200)
    (rose / ".DS_Store").write_bytes(b"\0" * 2048)  # hidden: not a photo anyone put there

    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(people), "--consent-reference",
                              "forms")
    assert (code, err) == (1, "")
    said = out.splitlines()
    assert any(line.startswith(f"{ivan / 'desktop.ini'}: refused (400 upload_refused") for line in said), out
    assert any(line.startswith(f"{ivan / 'notes.txt'}: ") for line in said), out
    assert not any(".DS_Store" in line for line in said), out
    assert "people=2 (already there: 0) photos_enrolled=2 held=0 rejected=2" in said, out
    (person,) = [p for p in admin.list_employees(q=tag) if p["full_name"] == f"Иван Петров {tag}"]
    local_part, domain = person["email"].split("@")
    assert domain == "example.com" and local_part.startswith(f"ivan-petrov-{tag}-"), person["email"]
    assert all(letter.isascii() and (letter.isalnum() or letter in "-") for letter in local_part), local_part

    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll-dir", str(people),  # a re-run completes
                              "--consent-reference", "forms")
    assert (code, err) == (1, ""), out
    assert any(line.startswith("people=2 (already there: 2) ") for line in out.splitlines()), out
    emails = sorted(p["email"] for p in admin.list_employees(q=tag))
    assert emails == sorted([person["email"], f"rose_{tag}@example.com"])


def test_as_a_subprocess_against_the_stack(stack, device_token):
    result = run_cli("identify", NO_FACE, env={"FACEPASS_API_URL": stack.api_url,
                                               "FACEPASS_DEVICE_TOKEN": device_token})
    assert one_error_line(result).startswith("error: the API answered 422 no_face:")
    assert Path(PHOTO).is_file()


def test_storage_and_unknown_errors():
    from botocore.exceptions import ClientError, EndpointConnectionError

    from facepass.cli import user_error_line

    refused = ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "DeleteObjects")
    assert user_error_line(refused, None) == "error: S3 answered AccessDenied: Access Denied"
    unreachable = EndpointConnectionError(endpoint_url="http://127.0.0.1:9/bucket")
    assert user_error_line(unreachable, None).startswith("error: cannot use S3: Could not connect")
    assert user_error_line(ZeroDivisionError("a bug"), None) is None  # bugs keep their traceback


def test_a_validation_error_names_the_field(stack, monkeypatch, capsys):
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "report", "--date", "2026-13-45")
    assert code == 1 and err.startswith("error: the API answered 422 validation_error:")
    assert "date:" in err and len(err.splitlines()) == 1, err


def test_the_timesheet_command_says_whose_face_id_was_withdrawn(stack, monkeypatch, capsys):
    """A withdrawn person's 0 h is time HR types in, not an absence: the line says so; another's does not."""
    from datetime import UTC, datetime

    from facepass.client import FacePassClient

    hr = FacePassClient(stack.api_url, token="local-admin-token")
    tag = uuid.uuid4().hex[:6]
    withdrawn = hr.create_employee(f"Wendy {tag}", f"wendy-{tag}@example.com", consent_reference="form 1")
    hr.create_employee(f"Abe {tag}", f"abe-{tag}@example.com", consent_reference="form 1")
    hr.request("DELETE", f"/employees/{withdrawn['id']}/biometric-consent")
    today = datetime.now(UTC).date().isoformat()  # the local stack's report zone
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", today, "--to", today)
    lines = {line.split()[0] + " " + line.split()[1]: line for line in out.splitlines() if tag in line}
    assert code == 0 and lines[f"Wendy {tag}"].endswith(", Face ID withdrawn: time entered by HR"), out
    assert "Face ID" not in lines[f"Abe {tag}"], out


def test_a_setting_that_is_not_json_is_one_error_line():
    line = one_error_line(run_cli("report", env={"FACEPASS_LOCAL_USERS": "notjson"}))
    assert line.startswith("error: invalid configuration:") and "local_users" in line, line


def test_the_timesheet_command_prints_totals_writes_the_csv_and_refuses_a_long_period(stack, monkeypatch, capsys,
                                                                                        tmp_path):
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-03-01",
                            "--to", "2026-03-31")
    assert code == 0 and out.startswith("2026-03-01 .. 2026-03-31 (UTC)"), out
    target = tmp_path / "march.csv"
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-03-01",
                            "--to", "2026-03-03", "--csv", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a byte order mark: Excel then reads UTF-8
    assert code == 0 and target.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "employee_id,full_name,department,2026-03-01,2026-03-02,2026-03-03,total_minutes,total_hours,days_worked,"
        "days_without_exit,days_without_entry,pending_reviews,timezone,day_timezones,timezone_unavailable,closed_through,"
        "manual_minutes,face_id_withdrawn,signed_minutes,changed_since_signed,settings_differ,employee_number,email,"
        "overtime_minutes,incomplete_weeks_minutes,absence_minutes")
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-01-01",
                            "--to", "2026-06-30")
    assert code == 1 and err.startswith("error: the API answered 422 date_range_too_long:"), err
    code, _, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-03-01",
                          "--to", "2026-03-03", "--csv", str(target), "--dialect", "excel-semicolon")
    written = target.read_bytes()
    assert code == 0 and written.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" not in written[3:]  # one mark
    header = next(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), dialect="excel-semicolon"))
    assert header[:4] == ["employee_id", "full_name", "department", "2026-03-01"]


def test_the_timesheet_csv_into_a_missing_folder_says_it_cannot_write(stack, monkeypatch, capsys, tmp_path):
    target = tmp_path / "no-such-folder" / "x.csv"
    code, _, err = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-03-01",
                            "--to", "2026-03-03", "--csv", str(target))
    assert code == 1 and err == f"error: cannot write {target}: No such file or directory", err
    assert not target.parent.exists()


def test_the_client_takes_every_page_of_a_timesheet(stack):
    # A company larger than one page: the CLI's sheet must hold everyone (it follows next_cursor / X-Next-Cursor).
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    names = [f"Paged {letter}" for letter in "CAB"]
    for name in names:
        person = admin.create_employee(name, f"{uuid.uuid4().hex[:8]}@example.com")
        admin.request("POST", "/attendance/manual", json={
            "employee_id": person["id"], "event_type": "entry", "occurred_at": "2026-02-02T09:00:00+00:00",
            "note": "paging test"})
    sheet = admin.timesheet("2026-02-02", "2026-02-02", page_size=2)
    assert [item["full_name"] for item in sheet["items"] if item["full_name"].startswith("Paged")] == sorted(names)
    lines = admin.timesheet("2026-02-02", "2026-02-02", as_csv=True, page_size=2).splitlines()
    assert lines[0].startswith("employee_id,") and sum(line.startswith("employee_id,") for line in lines) == 1
    assert [line.split(",")[1] for line in lines[1:] if ",Paged " in line] == sorted(names)
    # For a comma-decimal Excel: every page starts with a byte order mark; the sheet has none (its file gets one).
    semicolon = admin.timesheet("2026-02-02", "2026-02-02", as_csv=True, page_size=2, dialect="excel-semicolon")
    assert "\ufeff" not in semicolon
    rows = list(csv.DictReader(io.StringIO(semicolon), dialect="excel-semicolon"))
    assert [row["full_name"] for row in rows if row["full_name"].startswith("Paged")] == sorted(names)


@pytest.mark.parametrize("as_csv", [False, True], ids=["json", "csv"])
def test_the_client_starts_a_timesheet_again_when_it_changed_between_pages(stack, as_csv):
    # HR renames someone while the sheet is being read: the API answers the next page 409 timesheet_changed (its
    # pages are keyed on names) and the client reads the sheet again from the first page, once; a second time, it
    # says so.
    from facepass.client import ApiError, FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    day, tag = "2026-02-10" if as_csv else "2026-02-09", uuid.uuid4().hex[:6]  # a day each: pages of these only
    people = {}
    for letter in "BCD":
        person = admin.create_employee(f"Turn {tag} {letter}", f"{uuid.uuid4().hex[:8]}@example.com")
        admin.request("POST", "/attendance/manual", json={
            "employee_id": person["id"], "event_type": "entry", "occurred_at": f"{day}T09:00:00+00:00",
            "note": "restart test"})
        people[letter] = person["id"]
    renames = iter([("D", "A")])  # after the first page: "A" sorts before the cursor
    pages = []
    request = admin.request

    def hr_renames_after_a_first_page(method, path, **kwargs):
        if path == "/attendance/timesheet":
            pages.append("cursor" in kwargs["params"])
        answer = request(method, path, **kwargs)
        if path == "/attendance/timesheet" and "cursor" not in kwargs["params"] and (change := next(renames, None)):
            people[change[1]] = people.pop(change[0])
            request("PATCH", f"/employees/{people[change[1]]}", json={"full_name": f"Turn {tag} {change[1]}"})
        return answer

    admin.request = hr_renames_after_a_first_page
    sheet = admin.timesheet(day, day, page_size=2, as_csv=as_csv)
    found = ([line.split(",")[1] for line in sheet.splitlines()[1:]] if as_csv
             else [item["full_name"] for item in sheet["items"]])
    # Before: D renamed "A" was on neither page (a person missing from the payroll file).
    assert found == [f"Turn {tag} {letter}" for letter in "ABC"]
    assert pages == [False, True, False, True]  # page 1, page 2 refused, page 1 again, page 2
    renames = iter([("A", "F"), ("C", "G")])  # it changes again while the sheet is read the second time
    pages.clear()
    with pytest.raises(ApiError) as refused:
        admin.timesheet(day, day, page_size=2, as_csv=as_csv)
    assert (refused.value.status, refused.value.code) == (409, "timesheet_changed")
    assert pages == [False, True, False, True]  # once again only


def test_the_timesheet_command_says_how_much_of_a_total_hr_typed_in(stack, monkeypatch, capsys):
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    person = admin.create_employee(f"Typed {uuid.uuid4().hex[:6]}", f"{uuid.uuid4().hex[:8]}@example.com")
    admin.request("POST", "/attendance/manual/shift", json={
        "employee_id": person["id"], "started_at": "2026-01-05T08:00:00+00:00",
        "ended_at": "2026-01-05T10:30:00+00:00", "note": "kiosk was down"})
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", "2026-01-05",
                            "--to", "2026-01-05")
    (line,) = [line for line in out.splitlines() if line.startswith(person["full_name"])]
    assert code == 0 and line.endswith("worked    2:30 on 1 days (of which 2:30 entered by HR)"), line


def test_local_cleanup_prints_only_its_result(stack):
    """The cleanup handler's JSON log lines, its metrics line and Powertools' warnings belong to the stack's logs
    (stderr here), not to the result a script reads from stdout."""
    for dry_run in (["--dry-run"], []):
        result = run_cli("local", "cleanup", *dry_run)  # the stack's DATABASE_URL, bucket and S3 endpoint
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)  # the whole of stdout: one JSON document
        assert report["dry_run"] is bool(dry_run) and "snapshots_deleted" in report, report
        assert "Warning" not in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert '"message":"cleanup finished"' in result.stderr  # the log line is still written, where logs go


def test_the_timesheet_command_warns_when_closed_days_shown_were_closed_under_other_settings(stack, monkeypatch,
                                                                                              capsys, tmp_path):
    """Closed under UTC, the report zone then Tokyo: the CLI's timesheet (text, and after writing the CSV) prints one
    warning line when the days shown reach the closed one, none for later days."""
    from datetime import UTC, datetime, timedelta

    from facepass.client import FacePassClient
    from facepass.services import Services

    import dependencies

    hr = FacePassClient(stack.api_url, token="local-admin-token")
    today = datetime.now(UTC).date()
    day = today - timedelta(days=6)
    hr.request("POST", "/payroll/lock", json={"closed_through": day.isoformat(), "note": "signed", "force": True})
    current = dependencies.services()
    dependencies.use_services(Services(settings=current.settings.model_copy(update={"report_timezone": "Asia/Tokyo"}),
                                       s3=current.s3, _db=current.db))
    try:
        code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", day.isoformat(),
                                "--to", today.isoformat())
        warnings = [line for line in out.splitlines() if line.startswith("warning:")]
        assert code == 0 and len(warnings) == 1 and "closed under other report settings" in warnings[0], out
        code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from",
                                (day + timedelta(days=1)).isoformat(), "--to", today.isoformat())
        assert code == 0 and "warning:" not in out, out
        target = tmp_path / "closed.csv"
        hr.create_employee(f"Csv {uuid.uuid4().hex[:6]}", f"csv-{uuid.uuid4().hex[:6]}@example.com",
                           consent_reference="form 1")
        # Through tomorrow: in Tokyo, today's UTC date may have ended before the person was created (no row).
        code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "timesheet", "--from", day.isoformat(),
                                "--to", (today + timedelta(days=1)).isoformat(), "--csv", str(target),
                                "--dialect", "excel-semicolon")
        assert code == 0 and out.splitlines()[0] == f"wrote {target}", out
        assert out.splitlines()[1].startswith("warning: the closed days shown were closed under other"), out
    finally:
        dependencies.use_services(current)
        hr.request("POST", "/payroll/lock", json={"closed_through": None, "note": "test done"})


def test_a_face_enrolled_by_the_cli_is_audited_as_its_tokens(stack, monkeypatch, capsys):
    """`facepass enroll` asks for its upload tickets through the API, so the face it puts on a record is audited as
    every other CLI change is: by the token's actor (the local stack's admin token: `local:local-admin-token`), never
    an OS user name the API could not check."""
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    person = admin.create_employee("Cli Raj", f"{uuid.uuid4().hex[:8]}@example.com", consent_reference="form 1")
    photo = str(FIXTURES / "identities" / "bbt_raj" / "raj1.png")

    code, out, err = cli_main(monkeypatch, capsys, stack.api_url, "enroll", person["id"], photo)

    assert (code, err) == (0, ""), out
    (face,) = admin.request("GET", f"/employees/{person['id']}/faces").body["items"]
    enrolled = [(entry["actor"], entry["before"], entry["after"]) for entry in
                admin.request("GET", f"/employees/{person['id']}/audit").body["items"] if entry["field"] == "face"]
    assert enrolled == [("local:local-admin-token", None, str(face["id"]))]


def test_the_report_prints_a_paid_absence_also_of_someone_with_no_event(stack, monkeypatch, capsys):
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    tag = uuid.uuid4().hex[:6]
    person = admin.create_employee(f"Away {tag}", f"away-{tag}@example.com")
    day = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()  # the local stack's report zone is UTC
    for kind, minutes in (("vacation", 450), ("sick", 30)):
        admin.request("POST", "/attendance/absences", json={"employee_id": person["id"], "day": day, "kind": kind,
                                                            "minutes": minutes})
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "report", "--date", day)
    assert code == 0, out
    (line,) = [line for line in out.splitlines() if line.startswith(f"Away {tag}")]
    assert line.endswith("worked 0:00, 0 events, away (paid absence: vacation, sick) 8:00"), line


def test_the_report_prints_each_persons_day_against_their_work_schedule(stack, monkeypatch, capsys):
    from facepass.client import FacePassClient

    admin = FacePassClient(stack.api_url, token="local-admin-token")
    tag = uuid.uuid4().hex[:6]
    schedule = admin.request("POST", "/schedules", json={"name": f"Office {tag}", "late_grace_minutes": 5, "days": [
        {"weekday": weekday, "starts_at": "09:00", "ends_at": "17:00"} for weekday in
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")]}).body
    day = (datetime.now(UTC) - timedelta(days=3)).date()  # the local stack's report zone is UTC
    people = {}
    for label in ("Late", "Gone"):
        person = admin.create_employee(f"{label} {tag}", f"{label.lower()}-{tag}@example.com")
        assert admin.request("PATCH", f"/employees/{person['id']}", json={"schedule_id": schedule["id"]}).status == 200
        people[label] = person["id"]
    with psycopg.connect(stack.database_url) as conn:  # both employed on the day
        conn.execute("UPDATE employees SET created_at = created_at - interval '10 days' WHERE id = ANY(%s::uuid[])",
                     (list(people.values()),))
    for event_type, clock in (("entry", "09:17"), ("exit", "16:40")):
        assert admin.request("POST", "/attendance/manual", json={
            "employee_id": people["Late"], "event_type": event_type, "note": "typed in",
            "occurred_at": f"{day.isoformat()}T{clock}:00+00:00"}).status == 201
    code, out, _ = cli_main(monkeypatch, capsys, stack.api_url, "report", "--date", day.isoformat())
    assert code == 0, out
    (late,) = [line for line in out.splitlines() if line.startswith(f"Late {tag}")]
    (gone,) = [line for line in out.splitlines() if line.startswith(f"Gone {tag}")]
    assert late.endswith("scheduled 09:00-17:00, 17 min late, left 20 min early"), late
    assert gone.endswith("worked 0:00, 0 events, scheduled 09:00-17:00, no-show"), gone
    assert any(line.startswith("against the work schedules: ") for line in out.splitlines()), out
