"""Cost per 1,000 check-ins: measured milliseconds and memory -> USD on Lambda x86 and arm64, plus the HTTP
API request and the snapshot's S3 PUT (and 7 days of storage), beside Rekognition SearchFacesByImage.

The milliseconds come from bench/identify.py's last run (it leaves them in a JSON file in the temp dir) or
from --ms-1thread / --ms-2thread. arm64 is priced with the x86 milliseconds: it was not measured here.
Prints figures; asserts nothing. Run: `.venv/bin/python bench/cost.py`
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from pathlib import Path

RESULTS = Path(tempfile.gettempdir()) / "facepass-bench-identify.json"

# AWS list prices, us-east-1, as published in 2024 (first usage tier). Check the pricing pages before relying on them.
PRICES_AS_OF = "2024, us-east-1"
LAMBDA_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
LAMBDA_REQUEST = 0.20 / 1_000_000
HTTP_API_REQUEST = 1.00 / 1_000_000  # per request up to 512 KB (a 640x480 kiosk JPEG is ~60 KB)
S3_PUT = 0.005 / 1_000
S3_GB_MONTH = 0.023
REKOGNITION_SEARCH_FACES_BY_IMAGE = 0.001  # per image, first 1M images a month
LAMBDA_MB_PER_VCPU = 1769
SNAPSHOT_KB = 60  # a 640 px JPEG at quality 85
SNAPSHOT_DAYS = 7  # default retention


def lambda_ms(memory_mb: int, ms_1thread: float, ms_2thread: float) -> float:
    """Handler milliseconds at a memory size: below 1,769 MB Lambda gives a fraction of one vCPU, so the
    1-thread time stretches; from 2 x 1,769 MB the function has two vCPUs' worth and the 2-thread time holds."""
    vcpus = memory_mb / LAMBDA_MB_PER_VCPU
    if vcpus <= 1:
        return ms_1thread / vcpus
    if vcpus >= 2:
        return ms_2thread
    return ms_1thread + (ms_2thread - ms_1thread) * (vcpus - 1)


def per_thousand(memory_mb: int, ms: float, architecture: str) -> dict[str, float]:
    billed_ms = math.ceil(ms)  # Lambda bills per 1 ms
    compute = billed_ms / 1000 * memory_mb / 1024 * LAMBDA_GB_SECOND[architecture]
    storage = SNAPSHOT_KB / 1024 / 1024 * S3_GB_MONTH * SNAPSHOT_DAYS / 30
    parts = {"lambda": (compute + LAMBDA_REQUEST) * 1000, "http_api": HTTP_API_REQUEST * 1000,
             "s3": (S3_PUT + storage) * 1000}
    parts["total"] = sum(parts.values())
    return parts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ms-1thread", type=float, help="server-side check-in ms with 1 thread (p50)")
    parser.add_argument("--ms-2thread", type=float, help="server-side check-in ms with 2 threads (p50)")
    parser.add_argument("--handler-overhead-ms", type=float,
                        help="liveness, database write, snapshot PUT beyond identify (default: bench/identify.py's "
                             "check-in p50 over the local HTTP API minus its /health round trip and the "
                             "in-process identify p50, else 5 ms)")
    parser.add_argument("--memory", type=int, nargs="+", default=[1024, 1769, 3008, 3538])
    args = parser.parse_args()
    measured = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    overhead_source = "given" if args.handler_overhead_ms is not None else (
        "measured: check-in over the local HTTP API minus its round trip and identify" if "checkin_overhead_ms"
        in measured
        else "assumed")
    if args.handler_overhead_ms is None:
        args.handler_overhead_ms = measured.get("checkin_overhead_ms", 5.0)
    ms1 = args.ms_1thread or measured.get("p50_ms", {}).get("1")
    ms2 = args.ms_2thread or measured.get("p50_ms", {}).get("2")
    if not args.ms_1thread and "cpu_p50_ms" in measured and ms1 is not None:
        # On a shared machine the 1-thread wall time carries other processes' load; its CPU time plus the
        # database search is what one idle vCPU takes. Use the smaller.
        ms1 = min(ms1, measured["cpu_p50_ms"]["1"] + measured["search_p50_ms"]["1"])
    if ms1 is None or ms2 is None:
        raise SystemExit("no measured milliseconds: run bench/identify.py first or pass --ms-1thread/--ms-2thread")
    ms1, ms2 = ms1 + args.handler_overhead_ms, ms2 + args.handler_overhead_ms
    print(f"USD per 1,000 check-ins; list prices as of {PRICES_AS_OF}: Lambda x86 ${LAMBDA_GB_SECOND['x86_64']}/GB-s, "
          f"arm64 ${LAMBDA_GB_SECOND['arm64']}/GB-s, $0.20/M requests; HTTP API $1.00/M; S3 PUT $0.005/1,000, "
          f"${S3_GB_MONTH}/GB-month ({SNAPSHOT_KB} KB snapshot kept {SNAPSHOT_DAYS} days); "
          f"Rekognition SearchFacesByImage ${REKOGNITION_SEARCH_FACES_BY_IMAGE}/image")
    print(f"handler ms = identify p50 ({ms1 - args.handler_overhead_ms:.1f} ms 1 thread: wall, or CPU + search if "
          f"smaller; "
          f"{ms2 - args.handler_overhead_ms:.1f} ms 2 threads) + {args.handler_overhead_ms:.1f} ms check-in overhead "
          f"({overhead_source})"
          + (f"; peak RSS {measured['max_rss_mb']:.0f} MB" if "max_rss_mb" in measured else ""))
    print(f"{'memory MB':>9} {'ms':>6} {'x86 Lambda':>11} {'x86 total':>10} {'arm64 total':>12}")
    for memory in args.memory:
        ms = lambda_ms(memory, ms1, ms2)
        x86, arm = per_thousand(memory, ms, "x86_64"), per_thousand(memory, ms, "arm64")
        print(f"{memory:>9} {ms:>6.1f} {x86['lambda']:>11.4f} {x86['total']:>10.4f} {arm['total']:>12.4f}")
    rekognition = REKOGNITION_SEARCH_FACES_BY_IMAGE * 1000
    best = min(per_thousand(m, lambda_ms(m, ms1, ms2), "arm64")["total"] for m in args.memory)
    print(f"Rekognition SearchFacesByImage alone: {rekognition:.4f} per 1,000 (before its own Lambda, API and S3)")
    print(f"cost_per_1000_checkins_usd={best:.4f} rekognition_per_1000_usd={rekognition:.4f} "
          f"ratio={rekognition / best:.1f}")


if __name__ == "__main__":
    main()
