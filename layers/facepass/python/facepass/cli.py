"""The `facepass` command line."""

from __future__ import annotations

import argparse
import csv
import io
import sys
import typing
from pathlib import Path

from facepass.config import Settings, load_settings
from facepass.schemas import CsvDialect


def cmd_db_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.db import database_source, describe_database_url, migrate, resolve_database_url

    if args.secret_arn:
        settings = settings.model_copy(update={"database_secret_arn": args.secret_arn, "database_url": None})
    source = database_source(settings)
    if args.production and not (settings.database_url or settings.database_secret_arn):
        print("refusing: --production needs DATABASE_URL or --secret-arn (FACEPASS_DATABASE_SECRET_ARN); without "
              f"them this would migrate the {source}", file=sys.stderr)
        return 2
    if not (settings.database_url or settings.database_secret_arn):
        print(f"WARNING: no DATABASE_URL or secret set - migrating the {source}, NOT a deployed database",
              file=sys.stderr)
    url = resolve_database_url(settings, embedded=not args.production)
    print(f"database: {describe_database_url(url)} (from {source})")
    applied = migrate(url, settings.migrations_dir)
    print(f"applied: {', '.join(applied)}" if applied else "database is up to date")
    return 0


def cmd_db_migrations_hash(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.db import list_migrations, migrations_sha256

    print(f"LatestMigration: {list_migrations(settings.migrations_dir)[-1].version}")
    print(f"MigrationsSha256: {migrations_sha256(settings.migrations_dir)}")
    return 0


def cmd_eval_pairs(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.evaluation import evaluate_pairs, plot_roc, read_lfw_pairs
    from facepass.faces import load_engine

    engine = load_engine(settings, args.pack)
    pairs = read_lfw_pairs(Path(args.pairs))
    report = evaluate_pairs(engine, Path(args.root), pairs, threshold=engine.verify_threshold)
    print(f"pack={engine.pack.name} model_id={engine.model_id} pairs={report.pairs} images={report.images}")
    print(f"images_without_face={report.images_without_face}")
    print(f"best_threshold={report.best_threshold:.3f} recommended_threshold={report.recommended_threshold:.3f} "
          f"threshold_at_far_1e-3={report.far_threshold:.3f}")
    if args.plot:
        plot_roc(report, Path(args.plot), engine.pack.name)
        print(f"roc_plot={args.plot}")
    print(f"genuine_below_threshold={report.genuine_below_threshold:.4f} "
          f"(enrollment's not_same_person false hold rate for a second photo)")
    print(report.summary_line())
    return 0


def cmd_eval_identify(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.evaluation import plot_det, read_labels
    from facepass.identify_eval import run_identify_evaluation

    distractors = [(read_labels(Path(labels)), Path(labels).parent) for labels in args.distractors]
    sizes = [int(size) for size in args.gallery_sizes.split(",")] if args.gallery_sizes else None
    result = run_identify_evaluation(settings, read_labels(Path(args.labels)), Path(args.root),
                                     distractors=distractors, enroll_per_person=args.enroll, gallery_sizes=sizes,
                                     part=args.part, pack=args.pack)
    print(f"pack={result.pack} part={result.part} target_fpir={result.target_fpir} "
          f"labeled_people_enrolled={result.labeled_people} enroll_rejected={result.enroll_rejected}")
    for report in result.reports:
        print(report.line())
    for note in result.notes:
        print(note)
    if result.fitted_tail:
        tail = result.fitted_tail
        print(f"impostor_tail anchor={tail.anchor} anchor_rate={tail.anchor_rate} scale={tail.scale}")
        print(f"re-calibrate with these photos: FACEPASS_IMPOSTOR_TAIL='{tail.as_setting()}'")
    if args.plot:
        plot_det({f"{size} enrolled": outcomes for size, outcomes in result.outcomes.items()}, Path(args.plot),
                 f"{result.pack}, {result.part} part")
        print(f"det_plot={args.plot}")
    print(result.legacy_line())
    return 0


def cmd_eval_liveness(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.faces import load_engine
    from facepass.faces.liveness import load_liveness
    from facepass.liveness_eval import evaluate_liveness, read_liveness_labels

    engine = load_engine(settings, args.pack)
    model = load_liveness(settings.model_dir)
    threshold = settings.liveness_threshold if args.threshold is None else args.threshold
    report = evaluate_liveness(engine, model, Path(args.root), read_liveness_labels(Path(args.labels)),
                               threshold=threshold)
    if args.scores:
        for path, attack_type, p_live in report.scores:
            print(f"p_live={p_live:.4f} attack_type={attack_type} path={path}")
    for path in report.without_face:
        print(f"no_face path={path}")
    print("\n".join(report.lines()))
    return 0


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.faces.model_files import fetch_pack, verify_pack
    from facepass.faces.packs import get_pack

    pack = get_pack(args.pack or settings.model_pack)
    if args.models_command == "fetch":
        destination = Path(args.dest or settings.model_dir)
        source = Path(args.source) if args.source else None
        for path in fetch_pack(pack, destination, source_dir=source):
            print(f"fetched {path}")
        model_dir = destination
    else:
        model_dir = Path(settings.model_dir)
    problems = verify_pack(pack, model_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{pack.name}: files present and verified in {model_dir} ({pack.license})")
    return 1 if problems else 0


def cmd_models_warm_cache(args: argparse.Namespace, settings: Settings) -> int:
    """Compile the pack's OpenVINO models (and the liveness models) into the compiled-model cache, so a cold
    start loads them instead of compiling: the container image runs this at build time."""
    from facepass.faces import load_engine
    from facepass.faces.liveness import load_liveness
    from facepass.faces.runtime import use_compiled_model_cache

    cache_dir = Path(args.dir) if args.dir else settings.model_cache_dir
    if cache_dir is None:
        print("no cache folder: set FACEPASS_MODEL_CACHE_DIR or pass --dir", file=sys.stderr)
        return 2
    cache_dir.mkdir(parents=True, exist_ok=True)
    use_compiled_model_cache(cache_dir)
    engine = load_engine(settings, args.pack)
    if not args.no_liveness:
        load_liveness(settings.model_dir)
    blobs = sorted(cache_dir.glob("*.blob"))
    print(f"{engine.pack.name}: {len(blobs)} compiled models in {cache_dir} "
          f"({sum(blob.stat().st_size for blob in blobs) / 1e6:.1f} MB)")
    return 0 if blobs else 1


def _services(settings: Settings):
    from facepass.services import Services

    return Services.from_settings(settings)


def cmd_cleanup(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from facepass.retention import run_cleanup

    deps = _services(settings)
    report = run_cleanup(deps.db, deps.s3, settings, dry_run=args.dry_run)
    print(json.dumps(report.as_dict(), indent=2))
    return 1 if report.failed_keys else 0


def _client(settings: Settings):
    from urllib.parse import urlparse

    from facepass.client import FacePassClient

    token = settings.api_token
    if token is None and urlparse(settings.api_url).hostname in ("127.0.0.1", "localhost", "::1"):
        token = next(iter(settings.local_api_tokens), None)  # the local stack's admin token
    return FacePassClient(settings.api_url, token=token)


def _kiosk_client(settings: Settings):
    """Kiosk routes (identify, check-in) take a paired device's token: FACEPASS_DEVICE_TOKEN."""
    from facepass.client import FacePassClient

    if not settings.device_token:
        from facepass.errors import FacePassError

        raise FacePassError("Kiosk routes need a paired device: `facepass devices add NAME` (as an admin), then "
                            "`facepass devices pair CODE` and export FACEPASS_DEVICE_TOKEN.", code="device_required")
    return FacePassClient(settings.api_url, token=settings.device_token)


def cmd_devices_add(args: argparse.Namespace, settings: Settings) -> int:
    created = _client(settings).create_device(args.name, timezone=args.timezone, site=args.site)
    print(f"device {created['device']['id']} ({created['device']['name']})")
    print(f"pairing code {created['pairing_code']}   (single use, valid until {created['pairing_expires_at']})")
    return 0


def cmd_devices_list(args: argparse.Namespace, settings: Settings) -> int:
    for device in _client(settings).request("GET", "/devices").body["items"]:
        print(f"{device['id']}  {device['name']:<24} {device['site'] or '':<16} {device['timezone']:<20} "
              f"{device['status']:<17} last seen {device['last_seen_at'] or '-'}")
    return 0


def cmd_devices_pair(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.client import FacePassClient

    paired = FacePassClient(settings.api_url).pair(args.code)
    print(f"export FACEPASS_DEVICE_TOKEN={paired['device_token']}   # device {paired['device']['id']}, shown once")
    return 0


def cmd_devices_revoke(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).request("DELETE", f"/devices/{args.device_id}").body)
    return 0


def _print_json(value) -> None:
    import json

    print(json.dumps(value, indent=2, ensure_ascii=False))


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).erase(args.employee_id))
    return 0


def cmd_local_up(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    from facepass.faces import get_pack
    from facepass.faces.model_files import model_files_problem
    from facepass.local.oauth import password_and_roles
    from facepass.local.stack import LocalStack

    problem = model_files_problem(get_pack(settings.model_pack), Path(settings.model_dir))
    if problem:  # the embedding function would fail on every photo, and the tickets only stay pending
        print(problem, file=sys.stderr)
        return 2
    stack = LocalStack(settings, api_port=settings.local_api_port, s3_port=settings.local_s3_port,
                       web_port=settings.local_web_port)
    addresses = stack.start()
    print(f"FacePass local stack is up (data in {settings.data_dir}):")
    print(f"  Console    {addresses.console_url}")
    print(f"  Kiosk      {addresses.kiosk_url}   (pair it with a code from the console's Devices page)")
    for user, entry in settings.local_users.items():
        password, roles = password_and_roles(entry)
        print(f"  HR user    {user} / {password}   {', '.join(roles)}   (local sign-in only: FACEPASS_LOCAL_USERS)")
    if not (stack.web_dist / "index.html").is_file() and not (stack.web_dist / "console").is_dir():
        print("             (the web apps are not built: run `make web`)")
    print(f"  API        {addresses.api_url}   (docs: {addresses.api_url}/docs)")
    print(f"  S3 / SQS   {addresses.s3_url}   bucket {settings.bucket}")
    print(f"  PostgreSQL {addresses.database_url}")
    for token, scopes in settings.local_api_tokens.items():
        print(f"  token      Authorization: Bearer {token}   ({scopes})")
    print("  kiosk routes (identify, check-in/out) take a paired device's token: facepass devices add / pair")
    print("Ctrl-C stops everything.")
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    stack.stop()
    print("stopped")
    return 0


def cmd_web_publish(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.config import REPO_ROOT
    from facepass.web_publish import publish_stack

    report = publish_stack(args.stack, Path(args.dist) if args.dist else REPO_ROOT / "web" / "dist",
                           region=args.region, locale=args.locale)
    print(f"published {report.files} files to s3://{report.bucket} (CloudFront invalidation {report.invalidation_id})")
    print(f"  Console  {report.web_url}/console/")
    print(f"  Kiosk    {report.web_url}/kiosk/")
    return 0


def cmd_local_cleanup(args: argparse.Namespace, settings: Settings) -> int:
    """Only the result on stdout: the handler's JSON log lines and metrics line are what CloudWatch would keep, so
    they go to stderr, as a stack's logs do here."""
    import contextlib
    import warnings

    from facepass.local.stack import invoke_cleanup_on_running_stack

    # Powertools' log handler takes sys.stdout when the handler module is imported, within this redirect.
    with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
        # A dry run counts nothing: Powertools warns of an empty metrics flush, which says nothing here.
        warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
        result = invoke_cleanup_on_running_stack(settings, dry_run=args.dry_run)
    _print_json(result)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.demo import main as demo_main

    return demo_main(settings, Path(args.photos) if args.photos else Path(settings.demo_photos))


def cmd_employees_add(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).create_employee(args.full_name, args.email, args.department,
                                                         timezone=args.timezone, consent=args.consent,
                                                         consent_reference=args.consent_reference,
                                                         employee_number=args.number))
    return 0


def cmd_employees_consent(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).record_consent(args.employee_id, args.reference))
    return 0


def cmd_employees_data(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).biometric_data(args.employee_id))
    return 0


def cmd_employees_withdraw_consent(args: argparse.Namespace, settings: Settings) -> int:
    _print_json(_client(settings).withdraw_consent(args.employee_id))
    return 0


def cmd_employees_list(args: argparse.Namespace, settings: Settings) -> int:
    for employee in _client(settings).list_employees(department=args.department):
        state = "active" if employee["is_active"] else "inactive"
        print(f"{employee['id']}  {employee['full_name']:<30} {employee['email']:<36} "
              f"{employee['department'] or '':<16} {state}")
    return 0


def cmd_employees_import(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0: every row applied (or, without --apply, applicable); 1: some row refused (the others still applied)."""
    from facepass.roster import import_roster

    text = Path(args.roster).read_text(encoding="utf-8")

    def report(row) -> None:  # each row as it is done: an interrupted run still says what it wrote
        if row.action != "unchanged" or args.verbose:
            print(row.describe(), flush=True)

    outcome = import_roster(text, _client(settings), write=args.apply, report=report)
    if outcome.new_departments:
        print("new departments (a scoped reviewer's departments are matched by exact spelling): "
              + "; ".join(outcome.new_departments))
    print(outcome.summary())
    return 1 if outcome.count("error") else 0


EXIT_HELD = 3  # `facepass enroll`: every photo enrolled or held for HR's confirmation, at least one held


def _held_reason(status: dict) -> str:
    """` (no_face)`, or for a held photo ` (suspected_duplicate: looks like Anna Petrova, similarity 0.71)`: whom it
    looks like, when the ticket says (a refused one never names anyone)."""
    if not status.get("reason_code"):
        return ""
    detail = status.get("reason_detail") or {}
    if status["reason_code"] == "suspected_duplicate" and detail.get("full_name"):
        similarity = detail.get("similarity", status.get("duplicate_similarity"))
        like = detail["full_name"] + (f", similarity {similarity:.2f}" if isinstance(similarity, float) else "")
        return f" ({status['reason_code']}: looks like {like})"
    return f" ({status['reason_code']})"


def cmd_enroll(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0: every photo enrolled; EXIT_HELD: the others held for HR's confirmation; 1: one refused or not
    processed in time (a refusal says more than a hold)."""
    photos = {photo: Path(photo).read_bytes() for photo in args.photos}  # every file readable before any upload
    client = _client(settings)
    failures = held = 0
    for photo, data in photos.items():
        status = client.enroll(args.employee_id, data)
        if status["status"] == "needs_confirmation":
            held += 1
            print(f"{photo}: held for HR's confirmation{_held_reason(status)}, not enrolled. Enroll it or not in the "
                  f"console (the person's page) or with POST /employees/{args.employee_id}/enrollments/"
                  f"{status['ticket_id']}/confirm (or /reject).")
            continue
        failures += status["status"] != "completed"
        print(f"{photo}: {status['status']}{_held_reason(status)}")
    return 1 if failures else EXIT_HELD if held else 0


_CYRILLIC_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяії",
                           ("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                            "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i"),
                           strict=True))


def folder_email_local_part(folder_name: str) -> str:
    """The email local part a person folder gets, the same on every run: the name itself when it is one already
    (`anna.petrova`), else a Latin slug and a short hash of the exact name (`ivan-petrov-1a2b3c4d`), which keeps
    two folders that differ only in letters the slug drops apart."""
    import hashlib
    import re
    import unicodedata

    lowered = folder_name.lower()
    if re.fullmatch(r"[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*", lowered) and len(lowered) <= 64 \
            and not lowered.endswith("."):
        return lowered
    latin = "".join(_CYRILLIC_LATIN.get(letter, letter) for letter in lowered)
    latin = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:40].strip("-") or "person"
    return f"{slug}-{hashlib.sha256(folder_name.encode()).hexdigest()[:8]}"


def _employee_for_folder(client, name: str, email: str, department: str | None,
                         consent_reference: str | None = None) -> tuple[dict, bool]:
    """The person this folder enrolls, and whether they existed: a re-run finds the one its first run made.
    consent_reference: their biometric consent recorded (at creation, or on the person found again)."""
    from facepass.client import ApiError

    try:
        return client.create_employee(name, email, department, consent_reference=consent_reference), False
    except ApiError as error:
        if error.code != "email_taken":
            raise
    found = [person for person in client.list_employees(q=email) if person["email"].lower() == email.lower()]
    if not found:  # taken, yet not listed: nothing to enroll into
        raise ApiError(409, "email_taken", f"{email} is taken but no employee has it")
    # Never for a person no longer active: an erasure is a withdrawn consent, which a folder-wide reference must not
    # turn back (their photos are refused as employee_inactive all the same). Nor for one who withdrew it and stays
    # employed (consent_withdrawn_at): only their own new signed form records it again (their photos are refused
    # consent_required).
    if (consent_reference and not found[0].get("biometric_consent") and found[0].get("is_active")
            and not found[0].get("consent_withdrawn_at")):
        return client.record_consent(found[0]["id"], consent_reference), True
    return found[0], True


def cmd_enroll_dir(args: argparse.Namespace, settings: Settings) -> int:
    """One folder per person (the folder name, `_` as a space, is the person's name); every photo in it is
    enrolled. Safe to re-run: a folder's person is found again by its email. A file or a person the API refuses is
    reported and the run goes on. Exit as `enroll`: 0 every photo enrolled, EXIT_HELD some held, 1 some refused."""
    from collections import Counter

    from facepass.client import ApiError
    from facepass.evaluation import progress

    client = _client(settings)
    folders = sorted(path for path in Path(args.directory).iterdir() if path.is_dir())
    reasons: dict[str, Counter[str]] = {"held": Counter(), "rejected": Counter()}  # held: for HR's confirmation
    held_lines: list[str] = []
    completed = reused = 0
    try:
        for folder in progress(folders, total=len(folders), description="enrolling"):
            name = folder.name.replace("_", " ")
            email = f"{folder_email_local_part(folder.name)}@{args.email_domain}"
            try:
                employee, existed = _employee_for_folder(client, name, email, args.department,
                                                         args.consent_reference)
            except ApiError as error:
                print(f"{folder}: person not created ({error}); their photos were not sent")
                reasons["rejected"][error.code or str(error.status)] += 1
                continue
            reused += existed
            for photo in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
                try:
                    status = client.enroll(employee["id"], photo.read_bytes())
                except ApiError as error:  # a file too small or too big for the upload, ...
                    print(f"{photo}: refused ({error})")
                    reasons["rejected"][error.code or str(error.status)] += 1
                    continue
                except OSError as error:
                    print(f"{photo}: cannot read ({error.strerror or error})")
                    reasons["rejected"]["unreadable"] += 1
                    continue
                if status["status"] == "completed":
                    completed += 1
                elif status["status"] == "needs_confirmation":
                    reasons["held"][status.get("reason_code") or status["status"]] += 1
                    held_lines.append(f"  {name} ({employee['id']}), {photo.name}: held{_held_reason(status)}, "
                                      f"ticket {status['ticket_id']}")
                else:
                    reasons["rejected"][status.get("reason_code") or status["status"]] += 1
                    print(f"{photo}: {status['status']}{_held_reason(status)}")
    finally:  # a run stopped by an unexpected error still says what it did
        print(f"people={len(folders)} (already there: {reused}) photos_enrolled={completed} "
              f"held={sum(reasons['held'].values())} rejected={sum(reasons['rejected'].values())}")
        for outcome, counted in reasons.items():
            for reason, count in counted.most_common():
                print(f"  {outcome}, {reason}: {count}")
        if held_lines:
            print("Held photos wait for HR's confirmation on each person's page in the console (or POST "
                  "/employees/{employee_id}/enrollments/{ticket_id}/confirm, or /reject):")
            print("\n".join(held_lines))
    return 1 if reasons["rejected"] else EXIT_HELD if reasons["held"] else 0


def cmd_identify(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.client import ApiError

    photo = Path(args.photo).read_bytes()  # a missing file is the first thing to tell the user
    response = _kiosk_client(settings).identify(photo, all_faces=args.all_faces)
    if response.status != 200:
        raise ApiError.from_body(response.status, response.body)
    _print_json(response.body)
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    report = _client(settings).daily_report(args.date)  # none: the server's today, in its report time zone
    print(f"{report['date']} ({report['timezone']}; a person with a zone of their own: their day, said after them)")
    if report.get("settings_differ"):
        print(SETTINGS_DIFFER_WARNING)

    def wall_clock(moment: str | None, zone: str) -> str:  # in the person's zone, the one their day is in
        return datetime.fromisoformat(moment).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if moment else "-"

    for item in report["items"]:
        zone = item.get("timezone") or report["timezone"]
        name = item["full_name"] + (f" ({zone})" if zone != report["timezone"] else "")
        print(f"{name:<30} in {wall_clock(item['first_in'], zone):<16} out {wall_clock(item['last_out'], zone):<16} "
              f"worked {item['worked_minutes'] // 60}:{item['worked_minutes'] % 60:02d}, {item['events']} events"
              + (", no exit" if item.get("open_shift") else "")
              + (", an exit without entry" if item.get("exit_without_entry") else "")
              + (", ends the night shift of the day before" if item.get("ends_night_shift") else "")
              + (f", {item['pending_reviews']} awaiting review" if item.get("pending_reviews") else "")
              # A paid absence of the day (vacation, sick, ...): beside the worked time, not in it.
              + (f", away (paid absence: {', '.join(item.get('absence_kinds') or [])}) "
                 f"{item['absence_minutes'] // 60}:{item['absence_minutes'] % 60:02d}"
                 if item.get("absence_minutes") else "")
              + _against_schedule(item))
    if report.get("late") or report.get("no_shows"):
        print(f"against the work schedules: {report.get('late', 0)} late, {report.get('no_shows', 0)} no-shows")
    if report.get("pending_reviews"):
        print(f"{report['pending_reviews']} events of the day await review (GET /attendance/review): not counted above")
    return 0


def _against_schedule(item: dict) -> str:
    """A daily report line's end: the person's work schedule that day and how the day measured against it."""
    if not item.get("scheduled_start"):
        return ""
    return (f", scheduled {item['scheduled_start']}-{item['scheduled_end']}"
            + (f", {item['late_minutes']} min late" if item.get("late_minutes") else "")
            + (f", left {item['left_early_minutes']} min early" if item.get("left_early_minutes") else "")
            + (", no-show" if item.get("no_show") else ""))


SETTINGS_DIFFER_WARNING = ("warning: the closed days shown were closed under other report settings than the running "
                           "ones (zone, longest shift or repeat window): their figures may not be those signed "
                           "(GET /payroll/lock: closed_with, differing_settings)")


def cmd_timesheet(args: argparse.Namespace, settings: Settings) -> int:
    client = _client(settings)
    if args.csv:
        text = client.timesheet(args.date_from, args.date_to, as_csv=True, dialect=args.dialect)
        try:
            # With a byte order mark: Excel reads a CSV without one in the ANSI code page (Cyrillic names garbled).
            Path(args.csv).write_text(text, encoding="utf-8-sig")
        except OSError as error:  # main's line for an OSError says "cannot read": this one is written
            print(f"error: cannot write {args.csv}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"wrote {args.csv}")
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if args.dialect == "excel-semicolon" else ","))
        if len(rows) > 1 and "settings_differ" in rows[0] and rows[1][rows[0].index("settings_differ")] == "true":
            print(SETTINGS_DIFFER_WARNING)
        return 0
    sheet = client.timesheet(args.date_from, args.date_to)
    print(f"{sheet['date_from']} .. {sheet['date_to']} ({sheet['timezone']})")
    if sheet.get("closed_through"):  # the pay-period lock: those days' figures no longer change
        print(f"closed through {sheet['closed_through']} (GET /payroll/lock)")
    if sheet.get("settings_differ"):
        print(SETTINGS_DIFFER_WARNING)
    for item in sheet["items"]:
        minutes = item["worked_minutes"]
        manual = item.get("manual_minutes") or 0  # the time of shifts a punch HR typed in opens or closes
        print(f"{item['full_name']:<30} worked {minutes // 60:4d}:{minutes % 60:02d} on {item['days_worked']} days"
              + (f" (of which {manual // 60}:{manual % 60:02d} entered by HR)" if manual else "")
              + (f", {item['days_without_exit']} days without an exit" if item["days_without_exit"] else "")
              + (f", {item['days_without_entry']} days with an exit but no entry" if item.get("days_without_entry")
                 else "")
              + (f", {item['pending_reviews']} awaiting review" if item["pending_reviews"] else "")
              + _overtime_words(item)
              # Their time is typed by HR: 0 h may be time nobody entered, not an absence.
              + (", Face ID withdrawn: time entered by HR" if item.get("face_id_withdrawn") else ""))
    if sheet["pending_reviews"]:
        print(f"{sheet['pending_reviews']} events of the period await review (GET /attendance/review): not counted")
    return 0


def _overtime_words(item: dict) -> str:
    """`, overtime 5:00` over the complete weeks, and the time in weeks the period cuts (counted in the period that
    holds them whole); nothing when no overtime is counted (FACEPASS_WEEKLY_OVERTIME_MINUTES 0)."""
    overtime, cut = item.get("overtime_minutes"), item.get("incomplete_weeks_minutes") or 0
    if item.get("incomplete_weeks_minutes") is None:
        return ""
    return ((f", overtime {overtime // 60}:{overtime % 60:02d}" if overtime is not None else ", no complete week")
            + (f" ({cut // 60}:{cut % 60:02d} in weeks the period cuts)" if cut else ""))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="facepass", description="FacePass face-ID attendance backend")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db_migrate = db.add_parser("migrate", help="apply pending migrations (a deploy runs them itself: SchemaMigration)")
    db_migrate.add_argument("--production", action="store_true",
                            help="refuse the embedded local PostgreSQL: DATABASE_URL or a secret must be set")
    db_migrate.add_argument("--secret-arn", help="the RDS-format Secrets Manager secret to connect with")
    db_migrate.set_defaults(run=cmd_db_migrate)
    db.add_parser("migrations-hash", help="the SchemaMigration properties template.yaml must carry").set_defaults(
        run=cmd_db_migrations_hash)

    local = commands.add_parser("local", help="the local stack").add_subparsers(dest="local_command", required=True)
    local.add_parser("up", help="run everything on this machine until Ctrl-C").set_defaults(run=cmd_local_up)
    local_cleanup = local.add_parser("cleanup", help="invoke the cleanup handler against the running local stack")
    local_cleanup.add_argument("--dry-run", action="store_true")
    local_cleanup.set_defaults(run=cmd_local_cleanup)
    web = commands.add_parser("web", help="the HR console and kiosk web apps").add_subparsers(
        dest="web_command", required=True)
    web_publish = web.add_parser("publish", help="upload web/dist and its config.json to a deployed stack")
    web_publish.add_argument("--stack", required=True, help="CloudFormation stack name (sam deploy's)")
    web_publish.add_argument("--region", default=None, help="the stack's region (default: your AWS config)")
    web_publish.add_argument("--dist", default=None, help="built apps folder (default: web/dist)")
    web_publish.add_argument("--locale", choices=("en", "ru"), default=None,
                             help="the apps' language for everyone (default: each browser's, English if unsupported)")
    web_publish.set_defaults(run=cmd_web_publish)
    demo = commands.add_parser("demo", help="start the local stack and run the scripted scenario")
    demo.add_argument("--photos", default=None, help="labeled photos folder (LABELS.csv)")
    demo.set_defaults(run=cmd_demo)

    people = commands.add_parser("employees", help="employees (through the API)").add_subparsers(
        dest="employees_command", required=True)
    add = people.add_parser("add")
    add.add_argument("full_name")
    add.add_argument("email")
    add.add_argument("--department", default=None)
    add.add_argument("--timezone", default=None,
                     help="IANA zone the person's report days are in, e.g. America/New_York (default: the report zone)")
    add.add_argument("--number", default=None, metavar="PAYROLL_NUMBER",
                     help="the employee's number in the payroll system (the CSVs' employee_number column)")
    add.add_argument("--consent", action="store_true",
                     help="record the employee's biometric consent (they received the biometric notice and agreed "
                          "in writing): without it no photo of theirs is enrolled; with FACEPASS_BIOMETRIC_CONSENT="
                          "required give --consent-reference (else 422 consent_reference_required)")
    add.add_argument("--consent-reference", default=None, metavar="REF",
                     help="record the consent with this reference to the signed form (implies --consent)")
    add.set_defaults(run=cmd_employees_add)
    consent = people.add_parser("consent", help="record an employee's biometric consent (the first record stands)")
    consent.add_argument("employee_id")
    consent.add_argument("--reference", default=None, help="where the signed release is, e.g. 'form 2026-11 #123' "
                         "(required when FACEPASS_BIOMETRIC_CONSENT=required: 422 consent_reference_required)")
    consent.set_defaults(run=cmd_employees_consent)
    data = people.add_parser("data", help="what FacePass holds about an employee's face (an access request), as JSON")
    data.add_argument("employee_id")
    data.set_defaults(run=cmd_employees_data)
    withdraw = people.add_parser(
        "withdraw-consent", help="the employee withdraws their biometric consent and stays employed: their biometric "
                                 "data is erased (as by erase), the consent cleared, the person kept active (HR enters "
                                 "their time as manual punches); run it again after erasure_incomplete")
    withdraw.add_argument("employee_id")
    withdraw.set_defaults(run=cmd_employees_withdraw_consent)
    roster = people.add_parser(
        "import", help="compare a roster CSV (the HR or payroll system's export) with the employees and, with --apply, "
                       "create, change, deactivate and reactivate them through the API",
        description="Columns: employee_number, full_name, email, department, timezone, active (full_name and email "
                    "required in the header). A row is matched by employee_number, else by email. An empty cell keeps "
                    "the record's value; active false deactivates, true reactivates. Without --apply nothing is "
                    "written: each create and change is printed.")
    roster.add_argument("roster", help="the CSV file (UTF-8, with a header line)")
    roster.add_argument("--apply", action="store_true", help="write the changes (default: a dry run)")
    roster.add_argument("--verbose", action="store_true", help="print the unchanged rows too")
    roster.set_defaults(run=cmd_employees_import)
    listing = people.add_parser("list")
    listing.add_argument("--department", default=None)
    listing.set_defaults(run=cmd_employees_list)
    kiosks = commands.add_parser("devices", help="paired kiosk devices (through the API)").add_subparsers(
        dest="devices_command", required=True)
    device_add = kiosks.add_parser("add", help="create a device and print its one-time pairing code (admin)")
    device_add.add_argument("name")
    device_add.add_argument("--timezone", default="UTC", help="IANA zone, e.g. Europe/Berlin")
    device_add.add_argument("--site", default=None)
    device_add.set_defaults(run=cmd_devices_add)
    kiosks.add_parser("list", help="every device (admin)").set_defaults(run=cmd_devices_list)
    device_pair = kiosks.add_parser("pair", help="exchange a pairing code for this device's token (no login)")
    device_pair.add_argument("code")
    device_pair.set_defaults(run=cmd_devices_pair)
    device_revoke = kiosks.add_parser("revoke", help="revoke a device (admin)")
    device_revoke.add_argument("device_id")
    device_revoke.set_defaults(run=cmd_devices_revoke)
    enroll = commands.add_parser("enroll", help="enroll photos of one employee (presigned uploads)")
    enroll.add_argument("employee_id")
    enroll.add_argument("photos", nargs="+")
    enroll.set_defaults(run=cmd_enroll)
    enroll_dir = commands.add_parser("enroll-dir", help="bulk enrollment: one folder of photos per person")
    enroll_dir.add_argument("directory")
    enroll_dir.add_argument("--department", default=None)
    enroll_dir.add_argument("--email-domain", default="example.com")
    enroll_dir.add_argument("--consent-reference", default=None, metavar="REF",
                            help="record each person's biometric consent with this reference (the signed forms "
                                 "of everyone in the folder); without it, people without consent are refused "
                                 "(consent_required)")
    enroll_dir.set_defaults(run=cmd_enroll_dir)
    identify_cmd = commands.add_parser("identify", help="is a face good enough to check in in this photo, as a kiosk "
                                                        "sees it? (never whose: a kiosk is told that only by a "
                                                        "check-in, which is recorded)")
    identify_cmd.add_argument("photo")
    identify_cmd.add_argument("--all-faces", action="store_true")
    identify_cmd.set_defaults(run=cmd_identify)
    report = commands.add_parser("report", help="daily attendance report")
    report.add_argument("--date", default=None, help="YYYY-MM-DD (default: today in the report time zone)")
    report.set_defaults(run=cmd_report)
    timesheet = commands.add_parser("timesheet", help="a pay period's hours per employee (totals, or the CSV sheet)")
    timesheet.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    timesheet.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD (at most 92 days)")
    timesheet.add_argument("--csv", default=None, metavar="FILE",
                           help="write the CSV (a row per employee, a column of minutes per day) here")
    timesheet.add_argument("--dialect", choices=typing.get_args(CsvDialect), default="excel",
                           help="the CSV's form: excel (, and . decimals) or excel-semicolon (; and , decimals: Excel "
                                "in a locale whose decimal separator is a comma, e.g. German or Russian)")
    timesheet.set_defaults(run=cmd_timesheet)

    cleanup = commands.add_parser("cleanup", help="run the retention job now")
    cleanup.add_argument("--dry-run", action="store_true", help="report what would go, change nothing")
    cleanup.set_defaults(run=cmd_cleanup)
    erase = commands.add_parser("erase", help="remove every piece of a person's biometric data (through the API)")
    erase.add_argument("employee_id")
    erase.set_defaults(run=cmd_erase)

    models = commands.add_parser("models", help="model pack files").add_subparsers(dest="models_command",
                                                                                   required=True)
    fetch = models.add_parser("fetch", help="copy or download a pack's files, checking sha256")
    fetch.add_argument("--pack", default=None)
    fetch.add_argument("--dest", default=None, help="target folder (default: FACEPASS_MODEL_DIR)")
    fetch.add_argument("--source", default=None, help="copy from this folder when it has the files")
    fetch.set_defaults(run=cmd_models)
    verify = models.add_parser("verify", help="check a pack's files in FACEPASS_MODEL_DIR")
    verify.add_argument("--pack", default=None)
    verify.set_defaults(run=cmd_models)
    warm_cache = models.add_parser("warm-cache", help="compile the OpenVINO models into FACEPASS_MODEL_CACHE_DIR "
                                   "(container image build step: cold starts then load instead of compiling)")
    warm_cache.add_argument("--pack", default=None)
    warm_cache.add_argument("--dir", default=None, help="cache folder (default: FACEPASS_MODEL_CACHE_DIR)")
    warm_cache.add_argument("--no-liveness", action="store_true", help="only the face models")
    warm_cache.set_defaults(run=cmd_models_warm_cache)

    evaluation = commands.add_parser("eval", help="accuracy on labeled photos").add_subparsers(
        dest="eval_command", required=True)
    pairs = evaluation.add_parser("pairs", help="1:1 verification on LFW-format pair files")
    pairs.add_argument("--root", required=True, help="folder with images/<Name>/<Name>_<nnnn>.jpg")
    pairs.add_argument("--pairs", required=True, help="pairs file (pairsDevTest.txt format)")
    pairs.add_argument("--pack", default=None, help="model pack (default: FACEPASS_MODEL_PACK)")
    pairs.add_argument("--plot", default=None, help="write a ROC plot PNG here")
    pairs.set_defaults(run=cmd_eval_pairs)
    identify = evaluation.add_parser("identify", help="open-set 1:N identification through pgvector")
    identify.add_argument("--root", required=True, help="folder the label paths are relative to")
    identify.add_argument("--labels", required=True, help="CSV with path,identity")
    identify.add_argument("--enroll", type=int, default=2, help="images enrolled per enrolled identity")
    identify.add_argument("--pack", default=None)
    identify.add_argument("--distractors", action="append", default=[], metavar="LABELS_CSV",
                          help="more people to enroll (never probed as known; one person in four probes as a "
                               "stranger); paths relative to the CSV's folder; repeatable")
    identify.add_argument("--gallery-sizes", default=None, help="comma-separated, e.g. 100,500,1000: figures at "
                                                               "each size as the gallery grows")
    identify.add_argument("--part", choices=["all", "dev", "report"], default="all",
                          help="identity split: dev (choose, calibrate) or report (held back)")
    identify.add_argument("--plot", default=None, help="write a DET plot (FNIR vs FPIR per gallery size) here")
    identify.set_defaults(run=cmd_eval_identify)
    liveness = evaluation.add_parser("liveness", help="presentation attack detection: BPCER, APCER per attack type")
    liveness.add_argument("--root", required=True, help="folder the label paths are relative to")
    liveness.add_argument("--labels", required=True, help="CSV with path,label,attack_type (label live = bona fide)")
    liveness.add_argument("--threshold", type=float, default=None,
                          help="p_live cut (default: FACEPASS_LIVENESS_THRESHOLD)")
    liveness.add_argument("--pack", default=None, help="model pack whose detector gives the face box")
    liveness.add_argument("--scores", action="store_true", help="also print every sample's p_live")
    liveness.set_defaults(run=cmd_eval_liveness)
    return parser


def user_error_line(error: BaseException, settings: Settings | None) -> str | None:
    """One line for a mistake the user can fix (None: a bug, which keeps its traceback)."""
    import requests
    from pydantic import ValidationError

    from facepass.client import ApiError
    from facepass.errors import FacePassError

    if isinstance(error, ApiError):
        return f"error: the API answered {error}"
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        url = settings.api_url if settings else "the API"
        return f"error: cannot reach {url} (is it running? `facepass local up`, or set FACEPASS_API_URL)"
    if isinstance(error, requests.RequestException):
        return f"error: cannot call the API: {error}"
    from pydantic_settings import SettingsError

    if isinstance(error, SettingsError):  # a complex value (FACEPASS_LOCAL_USERS, ...) that is not JSON
        return f"error: invalid configuration: {error} (expected JSON)"
    if isinstance(error, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, problem['loc'])) or 'value'}: {problem['msg']}"
                             for problem in error.errors())
        return f"error: invalid configuration: {problems}"
    if isinstance(error, FacePassError) and error.code in ("invalid_setting", "unknown_setting"):
        return f"error: invalid configuration: {error.message.removeprefix('invalid settings: ')}"
    if isinstance(error, FacePassError):
        return f"error: {error.code}: {error.message}"
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"error: cannot read {error.filename}: {reason}" if error.filename else f"error: {reason}"
    if isinstance(error, UnicodeDecodeError):
        return f"error: a file is not UTF-8 text: {error}"
    if _is_database_error(error):
        return f"error: cannot use the database: {str(error).strip().splitlines()[0]}"
    return _storage_error_line(error)


def _storage_error_line(error: BaseException) -> str | None:
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"error: S3 answered {details.get('Code', '?')}: {details.get('Message', '')}".rstrip(": ")
    if isinstance(error, BotoCoreError):  # endpoint unreachable, no credentials, ...
        return f"error: cannot use S3: {error}"
    return None


def _is_database_error(error: BaseException) -> bool:
    import psycopg

    return isinstance(error, psycopg.OperationalError)


def main(argv: list[str] | None = None) -> int:
    import logging
    import os

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)  # bad arguments: argparse's usage line, exit 2
    settings = None
    try:
        settings = load_settings()
        return args.run(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        line = user_error_line(error, settings)
        if line is None or os.environ.get("FACEPASS_DEBUG"):
            raise
        print(line, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
