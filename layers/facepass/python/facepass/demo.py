"""`make demo`: the whole system on this machine, driven over real HTTP with labeled photos.

Enrolls people (presigned POST uploads to the local S3, processed by the embedding handler), then
checks in with *other* photos of them, photos of people never enrolled and a non-face image, and
prints what happened and the daily report. The last line is the summary:
demo: enrolled=<n> recognized=<k>/<m> unknown_rejected=<u>/<v> errors=<e>
"""

from __future__ import annotations

import csv
import shutil
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from facepass.client import ApiError, FacePassClient
from facepass.config import Settings


@dataclass
class Probe:
    label: str  # identity folder, or a description
    path: Path
    expected: str  # "known", "unknown" or "no face"


@dataclass
class Plan:
    enroll: dict[str, list[Path]]
    probes: list[Probe]


def plan_from_labels(photos_dir: Path) -> Plan:
    """Sorted identities: even positions are enrolled (first two photos, or one if they have only two),
    and probed with a photo not used to enroll them; odd positions are never enrolled."""
    by_identity: dict[str, list[Path]] = defaultdict(list)
    with (photos_dir / "LABELS.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            by_identity[row["identity"]].append(photos_dir / row["path"])
    identities = sorted(by_identity)
    enroll, probes = {}, []
    for position, identity in enumerate(identities):
        photos = by_identity[identity]
        if position % 2 == 0:
            count = 2 if len(photos) >= 3 else 1
            enroll[identity] = photos[:count]
            probes.append(Probe(identity, photos[count], "known"))
        else:
            probes.append(Probe(identity, photos[0], "unknown"))
    for extra in ("other/skimage_astronaut.png",):
        if (photos_dir / extra).is_file():
            probes.append(Probe("astronaut (never enrolled)", photos_dir / extra, "unknown"))
    for extra in ("nonface/skimage_coffee.png",):
        if (photos_dir / extra).is_file():
            probes.append(Probe("coffee cup", photos_dir / extra, "no face"))
    return Plan(enroll, probes)


def run_scenario(client: FacePassClient, plan: Plan, *, kiosk: FacePassClient | None = None, out=print) -> dict:
    """`client` acts as the HR admin app; `kiosk` (defaults to client) as the entrance tablet."""
    kiosk = kiosk or client
    errors: list[str] = []
    employee_of: dict[str, str] = {}
    name_of: dict[str, str] = {}
    accepted_people: set[str] = set()
    out(f"\nEnrolling {len(plan.enroll)} people ({sum(len(p) for p in plan.enroll.values())} photos) "
        "through presigned S3 uploads...")
    out(f"{'person':<26} {'photo':<28} {'result':<28}")
    for identity, photos in plan.enroll.items():
        try:
            employee = client.create_employee(identity.replace("_", " ").title(), f"{identity}.{uuid.uuid4().hex[:6]}"
                                              "@demo.facepass.invalid", department="Demo",
                                              # Test material, not employees: their consent is the data set's.
                                              consent_reference="demo: labeled test photos")
        except ApiError as error:
            errors.append(f"create {identity}: {error}")
            continue
        employee_of[identity], name_of[employee["id"]] = employee["id"], identity
        accepted = False
        for photo in photos:
            try:
                status = client.enroll(employee["id"], photo.read_bytes())
                result = status["status"] if status["status"] == "completed" else \
                    f"{status['status']}: {status.get('reason_code')}"
                accepted |= status["status"] == "completed"
                if status["status"] not in ("completed", "rejected"):
                    errors.append(f"enroll {identity}: still {status['status']}")
            except ApiError as error:
                errors.append(f"enroll {identity}: {error}")
                result = f"error {error.status}"
            out(f"{identity:<26} {photo.name:<28} {result:<28}")
        if accepted:
            accepted_people.add(identity)
    enrolled = len(accepted_people)

    out(f"\nChecking in with {len(plan.probes)} photos not used for enrollment...")
    out(f"{'person':<26} {'expected':<9} {'decision':<10} {'as':<22} {'ms':>7}")
    known = recognized = unknown = rejected = 0
    for probe in plan.probes:
        try:
            response = kiosk.check(probe.path.read_bytes())
        except ApiError as error:
            errors.append(f"check-in {probe.label}: {error}")
            out(f"{probe.label:<26} {probe.expected:<9} {'ERROR':<10} {error.status}")
            continue
        body = response.body
        if response.status >= 400:
            decision, who = body["error"]["code"], ""
            if probe.expected != "no face":
                errors.append(f"check-in {probe.label}: {response.status} {decision}")
        else:
            result = body["identification"]  # the kiosk's view: no similarity (GET /attendance has it)
            decision = result["decision"]
            who = name_of.get(result["employee"]["id"], "?") if result["employee"] else ""
        if probe.expected == "known" and probe.label in accepted_people:
            known += 1
            recognized += decision == "matched" and who == probe.label
        elif probe.expected == "known":  # every photo refused by a quality gate: the table above says why
            decision = f"{decision} (not enrolled)"
        elif probe.expected == "unknown":
            unknown += 1
            rejected += decision in ("unknown", "ambiguous", "retry")
        out(f"{probe.label:<26} {probe.expected:<9} {decision:<10} {who:<22} {response.ms:>7.0f}")

    today = datetime.now(UTC).date().isoformat()
    try:
        report = client.daily_report(today)
        out(f"\nDaily attendance report {today} ({report['timezone']}):")
        out(f"{'employee':<26} {'first in':<10} {'last out':<10} {'worked':>8} {'events':>7} {'review':>7}")
        for item in report["items"]:
            first = item["first_in"][11:19] if item["first_in"] else "-"
            last = item["last_out"][11:19] if item["last_out"] else "-"
            out(f"{name_of.get(item['employee_id'], item['full_name']):<26} {first:<10} {last:<10} "
                f"{item['worked_seconds'] // 60:>6} m {item['events']:>7} {item.get('pending_reviews', 0):>7}")
    except ApiError as error:
        errors.append(f"report: {error}")
    for error in errors:
        out(f"error: {error}")
    summary = {"enrolled": enrolled, "recognized": recognized, "known": known, "unknown_rejected": rejected,
               "unknown": unknown, "errors": len(errors)}
    out(f"demo: enrolled={enrolled} recognized={recognized}/{known} unknown_rejected={rejected}/{unknown} "
        f"errors={len(errors)}")
    return summary


def main(settings: Settings, photos_dir: Path) -> int:
    import os

    from facepass.local.stack import LocalStack

    # The handlers' JSON logs and metric lines are for CloudWatch; here they would bury the table.
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

    from facepass.faces import get_pack
    from facepass.faces.model_files import model_files_problem

    problem = model_files_problem(get_pack(settings.model_pack), Path(settings.model_dir))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if not (photos_dir / "LABELS.csv").is_file():
        print(f"demo photos not found: {photos_dir}/LABELS.csv (set FACEPASS_DEMO_PHOTOS)", file=sys.stderr)
        return 2
    demo_dir = Path(settings.data_dir) / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)  # a clean, repeatable run; `make local` keeps its own data
    demo_dir.mkdir(parents=True)
    settings = settings.model_copy(update={"data_dir": demo_dir, "bucket": "facepass-demo"})
    stack = LocalStack(settings, api_port=0, s3_port=0, web_port=0)
    print("Starting the local stack (embedded PostgreSQL + pgvector, local S3, API and embedding handlers)...")
    addresses = stack.start()
    print(f"API {addresses.api_url}  S3 {addresses.s3_url}  models {settings.model_dir} (pack {settings.model_pack})")
    admin_token = next((token for token, scopes in settings.local_api_tokens.items()
                        if "facepass/admin" in scopes.split()), None)
    admin = FacePassClient(addresses.api_url, token=admin_token)
    kiosk = FacePassClient(addresses.api_url)
    try:
        # The entrance tablet is a paired device: its rows carry its id, from its own credential.
        device = admin.create_device("Demo entrance", timezone=settings.report_timezone, site="Demo")
        kiosk.pair(device["pairing_code"])
        print(f"Kiosk paired as device {device['device']['id']} ({device['device']['name']})")
        summary = run_scenario(admin, plan_from_labels(photos_dir), kiosk=kiosk)
    finally:
        stack.stop()
    return 1 if summary["errors"] else 0
