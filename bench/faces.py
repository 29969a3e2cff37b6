"""Face engine benchmark: per pack, ms per image for decode, detect and align+embed on fixture photos
of several sizes (p50/p95), model load time, and insightface's FaceAnalysis on the same images.

Prints figures; asserts nothing. The last line is `ratio_vs_insightface=<x>`: FaceAnalysis time per
image divided by FacePass default-pack time per image (detect + align + embed every face; higher is better).
"""

from __future__ import annotations

import contextlib
import os
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
FIXTURES = SHARED / "faces" / "fixtures"

from facepass.config import Settings  # noqa: E402
from facepass.faces import get_pack, load_engine  # noqa: E402
from facepass.faces.alignment import align_face  # noqa: E402
from facepass.faces.engine import _build_models  # noqa: E402

IMAGES = [
    "identities/bbt_amy/amy1.png",  # 150 x 150 grayscale crop
    "other/insightface_Tom_Hanks_54745.png",  # 112 x 112
    "identities/deepface_p01/img5.jpg",  # 330 x 512
    "other/fr_obama-480p.jpg",  # 853 x 480
    "groups/faceapi_bbt4.jpg",  # 710 x 473, 6 faces
    "identities/fr_obama/obama3.jpg",  # 1434 x 2333
    "groups/deepface_couple.jpg",  # 2280 x 1588, 2 faces
    "identities/deepface_p38/img40.jpg",  # 3061 x 4600
    "identities/deepface_p08/img49.jpg",  # 4352 x 2903
]
ROUNDS = 5


def p(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def bench_pack(name: str, photos: list[bytes]) -> float:
    settings = Settings(model_dir=MODELS)
    t0 = time.perf_counter()
    _build_models(get_pack(name), settings)
    load_ms = (time.perf_counter() - t0) * 1000  # files read, sessions built, one warm-up run per model
    engine = load_engine(settings, name)
    stages: dict[str, list[float]] = {"decode": [], "detect": [], "align+embed": [], "total": []}
    engine.analyze(photos[0], all_faces=True)  # warm
    for _ in range(ROUNDS):
        for data in photos:
            t0 = time.perf_counter()
            image = engine.decode(data)
            t1 = time.perf_counter()
            faces = engine.detect(image)
            t2 = time.perf_counter()
            if faces:
                engine.recognizer.embed([align_face(image.bgr, face.landmarks) for face in faces])
            t3 = time.perf_counter()
            for stage, ms in (("decode", t1 - t0), ("detect", t2 - t1), ("align+embed", t3 - t2),
                              ("total", t3 - t0)):
                stages[stage].append(ms * 1000)
    print(f"\npack={name} ({get_pack(name).license}) model_load_ms={load_ms:.0f} threads={settings.inference_threads}")
    print(f"{'stage':<12} {'p50 ms':>8} {'p95 ms':>8}")
    for stage, values in stages.items():
        print(f"{stage:<12} {p(values, 50):>8.1f} {p(values, 95):>8.1f}")
    return float(np.mean(np.array(stages["detect"]) + np.array(stages["align+embed"])))


PHONE_PHOTOS = ["identities/fr_obama/obama3.jpg", "identities/deepface_p38/img40.jpg",
                "identities/deepface_p08/img49.jpg"]  # 3.3 MP baseline, 14.1 and 12.6 MP progressive JPEGs


def bench_enroll() -> None:
    """Enrollment of phone photos (engine.enroll: reduced-scale decode, detect, gates, embed), sface pack, on
    the fixture files as they are (two of them progressive: libjpeg must entropy-decode every coefficient of a
    progressive file whatever the output scale, ~90-130 ms for these) and on the same photos re-encoded as a
    phone camera writes them (baseline JPEG, 4:2:0, quality 92)."""
    from facepass.errors import ImageRejected
    from facepass.faces import StageTimer

    engine = load_engine(Settings(model_dir=MODELS), "sface")
    as_stored = [(FIXTURES / name).read_bytes() for name in PHONE_PHOTOS]
    camera = [cv2.imencode(".jpg", engine.decode(data).bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
              for data in as_stored]
    for label, photos in (("fixture files", as_stored), ("camera-written (baseline) JPEGs", camera)):
        times, cpu, stages = [], [], defaultdict(list)
        for round_ in range(ROUNDS + 1):
            for data in photos:
                timer = StageTimer()
                t0, c0 = time.perf_counter(), time.process_time()
                with contextlib.suppress(ImageRejected):  # a refusal is an answer too
                    engine.enroll(data, timer=timer)
                if round_:  # the first round warms up
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                    for stage, ms in timer.ms.items():
                        stages[stage].append(ms)
        split = " ".join(f"{stage}={p(values, 50):.1f}" for stage, values in stages.items())
        print(f"\nenroll_phone_photo ({label}: 3.3-14 MP, sface, threads={engine.settings.inference_threads}): "
              f"p50_ms={p(times, 50):.1f} p95_ms={p(times, 95):.1f} cpu_p50_ms={p(cpu, 50):.1f} "
              f"(CPU time, all threads; stage p50 ms: {split})")


def bench_insightface(images: list[np.ndarray]) -> float:
    from insightface.app import FaceAnalysis

    with tempfile.TemporaryDirectory() as root:
        pack_dir = Path(root) / "models" / "buffalo_s"
        pack_dir.mkdir(parents=True)
        for file in ("det_500m.onnx", "w600k_mbf.onnx"):
            (pack_dir / file).symlink_to(MODELS / "buffalo_s" / file)
        t0 = time.perf_counter()
        app = FaceAnalysis(name="buffalo_s", root=root, allowed_modules=["detection", "recognition"],
                           providers=["CPUExecutionProvider"])
        app.prepare(ctx_id=-1, det_size=(640, 640))
        load_ms = (time.perf_counter() - t0) * 1000
        app.get(images[0])  # warm
        times = []
        for _ in range(ROUNDS):
            for image in images:
                t0 = time.perf_counter()
                app.get(image)
                times.append((time.perf_counter() - t0) * 1000)
    print(f"\ninsightface FaceAnalysis(buffalo_s, detection+recognition, det_size=640) model_load_ms={load_ms:.0f}")
    print(f"{'detect+embed':<12} {p(times, 50):>8.1f} {p(times, 95):>8.1f}")
    return float(np.mean(times))


def main() -> None:
    if "--enroll-only" in sys.argv:
        return bench_enroll()
    photos = [(FIXTURES / name).read_bytes() for name in IMAGES]
    print(f"{len(IMAGES)} fixture photos x {ROUNDS} rounds, 112 px to 4600 px, 1-6 faces; CPUs={os.cpu_count()}")
    default_ms = bench_pack("sface", photos)
    bench_pack("buffalo_s", photos)
    bench_enroll()
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    decoded = [engine.decode(data).bgr for data in photos]  # both sides get the same decoded pixels
    insightface_ms = bench_insightface(decoded)
    print(f"\nper image (detect + align + embed every face): facepass_sface_ms={default_ms:.1f} "
          f"insightface_buffalo_s_ms={insightface_ms:.1f}")
    print(f"ratio_vs_insightface={insightface_ms / default_ms:.2f}")


if __name__ == "__main__":
    main()
