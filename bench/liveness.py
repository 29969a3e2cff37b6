"""Liveness benchmark: what passive liveness adds to a check-in (both MiniFASNet models, one face,
crops from the full-resolution decode), and a challenge burst of 3 frames in one batch per model.

Prints figures; asserts nothing. The last line is `liveness_ms p50=<x> p95=<y>` (wall time, one face,
both models); the CPU time line says what it costs on a machine that is not shared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
MODELS = Path(os.environ.get("FACEPASS_MODEL_DIR", SHARED / "models"))
FIXTURES = SHARED / "faces" / "fixtures"

from facepass.config import Settings  # noqa: E402
from facepass.faces import load_engine  # noqa: E402
from facepass.faces.liveness import load_liveness  # noqa: E402

IMAGES = [
    "identities/deepface_p01/img5.jpg",  # 330 x 512
    "other/fr_obama-480p.jpg",  # 853 x 480
    "identities/fr_obama/obama3.jpg",  # 1434 x 2333
    "identities/deepface_p13/img15.jpg",
    "identities/deepface_p38/img40.jpg",  # 3061 x 4600
    "identities/deepface_p08/img49.jpg",  # 4352 x 2903
]
ROUNDS = 20


def main() -> None:
    settings = Settings(model_dir=MODELS)
    engine = load_engine(settings)
    t0 = time.perf_counter()
    model = load_liveness(settings.model_dir)
    load_ms = (time.perf_counter() - t0) * 1000
    faces = []
    for relative in IMAGES:
        image = engine.decode((FIXTURES / relative).read_bytes())
        faces.append((image.bgr, engine.detect(image)[0].box))
    model.score(*faces[0])  # warm
    single, burst, cpu = [], [], []
    for _ in range(ROUNDS):
        for face in faces:
            t0, c0 = time.perf_counter(), time.process_time()
            model.score(*face)
            single.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        t0 = time.perf_counter()
        model.score_many(faces[:3])
        burst.append((time.perf_counter() - t0) * 1000)
    print(f"liveness models: load {load_ms:.0f} ms, {model.sessions[0].get_session_options().intra_op_num_threads} "
          f"thread, {len(IMAGES)} photos "
          f"330 px to 4600 px, {ROUNDS} rounds")
    print(f"challenge burst (3 frames, one batch per model): p50 {np.percentile(burst, 50):.1f} ms, "
          f"p95 {np.percentile(burst, 95):.1f} ms")
    # CPU time is what the work costs; wall time also shows how busy the machine was.
    print(f"cpu time per face (all threads): p50 {np.percentile(cpu, 50):.1f} ms, p95 {np.percentile(cpu, 95):.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"liveness_ms p50={np.percentile(single, 50):.1f} p95={np.percentile(single, 95):.1f}")


if __name__ == "__main__":
    main()
