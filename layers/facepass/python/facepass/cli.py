"""The `facepass` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facepass.config import Settings


def cmd_db_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.db import migrate, resolve_database_url

    url = resolve_database_url(settings)
    applied = migrate(url, settings.migrations_dir)
    print(f"applied: {', '.join(applied)}" if applied else "database is up to date")
    return 0


def cmd_eval_pairs(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.evaluation import evaluate_pairs, plot_roc, read_lfw_pairs
    from facepass.faces import load_engine

    engine = load_engine(settings, args.pack)
    pairs = read_lfw_pairs(Path(args.pairs))
    report = evaluate_pairs(engine, Path(args.root), pairs, threshold=engine.verify_threshold)
    print(f"pack={engine.pack.name} model_id={engine.model_id} pairs={report.pairs} images={report.images}")
    print(f"images_without_face={report.images_without_face}")
    print(f"best_threshold={report.best_threshold:.3f} threshold_at_far_1e-3={report.far_threshold:.3f}")
    if args.plot:
        plot_roc(report, Path(args.plot), engine.pack.name)
        print(f"roc_plot={args.plot}")
    print(report.summary_line())
    return 0


def cmd_eval_identify(args: argparse.Namespace, settings: Settings) -> int:
    from facepass.evaluation import read_labels, split_for_identify
    from facepass.identify_eval import run_identify_evaluation

    split = split_for_identify(read_labels(Path(args.labels)), args.enroll)
    report = run_identify_evaluation(settings, split, Path(args.root), pack=args.pack)
    print(f"enrolled_people={report.enrolled_people} enroll_rejected={report.enroll_rejected} "
          f"probes_without_face={report.probes_without_face}")
    print(report.summary_line())
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


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    from uuid import UUID

    from facepass.retention import erase_employee

    deps = _services(settings)
    print(erase_employee(deps.db, deps.s3, settings, UUID(args.employee_id)).model_dump_json(indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="facepass", description="FacePass face-ID attendance backend")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("migrate", help="apply pending migrations").set_defaults(run=cmd_db_migrate)

    cleanup = commands.add_parser("cleanup", help="run the retention job now")
    cleanup.add_argument("--dry-run", action="store_true", help="report what would go, change nothing")
    cleanup.set_defaults(run=cmd_cleanup)
    erase = commands.add_parser("erase", help="remove every piece of a person's biometric data")
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
    identify.set_defaults(run=cmd_eval_identify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    return args.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
