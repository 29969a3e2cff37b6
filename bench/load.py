"""Load benchmark: N concurrent kiosk clients x M identify/check-in requests against the local
stack (loopback only), bounded in count and time. Prints throughput, latency percentiles, errors
and the most PostgreSQL connections seen. Asserts nothing.

Run: `.venv/bin/python bench/load.py [--clients 8] [--requests 25] [--seconds 120]`
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
os.environ.setdefault("FACEPASS_MODEL_DIR", str(SHARED / "models"))
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # figures, not CloudWatch lines
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

from facepass.client import ApiError, FacePassClient  # noqa: E402
from facepass.config import Settings  # noqa: E402
from facepass.local.stack import LocalStack  # noqa: E402

FIXTURES = SHARED / "faces" / "fixtures"
ENROLL = {"fr_obama": "identities/fr_obama/train_obama.jpg", "fr_biden": "identities/fr_biden/train_biden2.jpg",
          "deepface_p01": "identities/deepface_p01/img1.jpg", "deepface_p38": "identities/deepface_p38/img38.jpg"}
PROBES = ["identities/fr_obama/obama3.jpg", "identities/fr_biden/train_biden.jpg", "identities/deepface_p01/img5.jpg",
          "other/fr_obama-720p.jpg", "other/skimage_astronaut.png", "identities/bbt_penny/penny1.png"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="per client")
    parser.add_argument("--seconds", type=float, default=120, help="stop starting requests after this")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="facepass-load-"))
    stack = LocalStack(Settings(data_dir=workdir, bucket="facepass-load"), api_port=0, s3_port=0, web_port=0)
    addresses = stack.start()
    try:
        admin = FacePassClient(addresses.api_url, token="local-admin-token")
        for name, photo in ENROLL.items():
            employee = admin.create_employee(name, f"{name}@load.invalid", consent_reference="bench fixtures")
            admin.enroll(employee["id"], (FIXTURES / photo).read_bytes())
        photos = [(FIXTURES / p).read_bytes() for p in PROBES]
        pairing_codes = [admin.create_device(f"load-{index}")["pairing_code"] for index in range(args.clients)]

        import psycopg

        monitor = psycopg.connect(addresses.database_url)
        monitor.autocommit = True
        peak_connections = [0]
        stop = threading.Event()

        def watch_connections() -> None:
            with monitor.cursor() as cur:
                while not stop.is_set():
                    cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid()")
                    peak_connections[0] = max(peak_connections[0], cur.fetchone()[0])
                    stop.wait(0.2)

        latencies: list[float] = []
        errors: list[str] = []
        sent = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client_loop(index: int) -> None:
            kiosk = FacePassClient(addresses.api_url, timeout=120)
            kiosk.pair(pairing_codes[index])  # kiosk routes take a paired device's token
            for n in range(args.requests):
                if time.monotonic() > deadline:
                    return
                photo = photos[(index + n) % len(photos)]
                with lock:
                    sent[0] += 1
                try:
                    key = str(uuid.uuid4())
                    response = kiosk.identify(photo) if n % 2 else kiosk.check(photo, idempotency_key=key)
                    ok = response.status < 500 and response.status != 422
                    with lock:
                        latencies.append(response.ms)
                        if not ok:
                            errors.append(f"{response.status}")
                except (ApiError, OSError) as error:
                    with lock:
                        errors.append(str(error)[:100])

        watcher = threading.Thread(target=watch_connections, daemon=True)
        watcher.start()
        threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(args.clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        stop.set()
        watcher.join()
        monitor.close()
        values = np.array(latencies) if latencies else np.array([0.0])
        print(f"clients={args.clients} requests={sent[0]} seconds={elapsed:.1f} "
              "(one local API container: requests are served one at a time, as by one Lambda instance)")
        print(f"throughput_rps={len(latencies) / elapsed:.2f} p50_ms={np.percentile(values, 50):.0f} "
              f"p95_ms={np.percentile(values, 95):.0f} p99_ms={np.percentile(values, 99):.0f} "
              f"errors={len(errors)} max_db_connections={peak_connections[0]}")
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
