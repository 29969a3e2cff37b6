"""Liveness benchmark: what passive liveness adds to a check-in (crop from the full-resolution decode,
both MiniFASNet models, softmax fusion: exactly `presence.assess`'s liveness step), and a challenge burst
of 3 frames.

Two modes, as `presence.liveness_model` picks them: `1 vCPU` (the two models one after the other, one
inference thread: the Lambda default, 2048 MB = one vCPU's time) and `2 vCPU` (the two models at once,
one thread each). For comparison: the models in turn with two inference threads each, and the step on
the models as the files declare them (dynamic batch, `runtime.create_openvino_model`, as before).

Prints figures; asserts nothing. CPU time (`time.process_time`, all threads) is what the step costs and
holds up when other processes share the machine; wall time also shows how busy the machine was. The last
line is `liveness_ms p50=<x> p95=<y>` (wall, per check-in, the mode this machine would use).
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
from facepass.faces.liveness import MODELS as LIVENESS_MODELS  # noqa: E402
from facepass.faces.liveness import STATIC_INPUT, LivenessModel, _softmax, load_liveness, model_input  # noqa: E402
from facepass.faces.runtime import create_openvino_model  # noqa: E402

IMAGES = [
    "identities/deepface_p01/img5.jpg",  # 330 x 512
    "other/fr_obama-480p.jpg",  # 853 x 480
    "identities/fr_obama/obama3.jpg",  # 1434 x 2333
    "identities/deepface_p13/img15.jpg",
    "identities/deepface_p38/img40.jpg",  # 3061 x 4600
    "identities/deepface_p08/img49.jpg",  # 4352 x 2903
]
ROUNDS = int(os.environ.get("FACEPASS_BENCH_ROUNDS", "40"))


def dynamic_batch_step(model_dir: Path):
    """The step as it ran before static shapes: the declared dynamic batch, one model after the other."""
    models = [create_openvino_model(model_dir / "liveness" / name, threads=1) for name, _ in LIVENESS_MODELS]

    def score(bgr, box):
        fused = sum(_softmax(model.run(model_input(bgr, box, scale)[np.newaxis]).astype(np.float64))
                    for model, (_, scale) in zip(models, LIVENESS_MODELS, strict=True))
        return fused[0, 1] / 2

    return score


def measure(step, faces) -> tuple[list[float], list[float]]:
    for face in faces:  # warm
        step(*face)
    wall, cpu = [], []
    for _ in range(ROUNDS):
        for face in faces:
            t0, c0 = time.perf_counter(), time.process_time()
            step(*face)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def line(name: str, wall: list[float], cpu: list[float]) -> str:
    return (f"{name:34s} cpu p50 {np.percentile(cpu, 50):5.2f} ms p95 {np.percentile(cpu, 95):5.2f} | "
            f"wall p50 {np.percentile(wall, 50):5.2f} ms p95 {np.percentile(wall, 95):5.2f}")


def main() -> None:
    settings = Settings(model_dir=MODELS)
    engine = load_engine(settings)
    t0 = time.perf_counter()
    sequential = load_liveness(settings.model_dir, concurrent=False)
    load_ms = (time.perf_counter() - t0) * 1000
    concurrent = load_liveness(settings.model_dir, concurrent=True)
    faces = []
    for relative in IMAGES:
        image = engine.decode((FIXTURES / relative).read_bytes())
        faces.append((image.bgr, engine.detect(image)[0].box))
    print(f"liveness per check-in: {len(IMAGES)} fixture photos 330 px to 4600 px (largest face, crops from the "
          f"full-resolution decode), {ROUNDS} rounds, models load {load_ms:.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}, {len(os.sched_getaffinity(0))} CPUs")
    results = {}
    # Interleaved rounds, so that a burst of load from other processes hits every mode alike.
    two_threads = LivenessModel([create_openvino_model(settings.model_dir / "liveness" / name, threads=2,
                                                       input_shape=STATIC_INPUT)
                                 for name, _ in LIVENESS_MODELS])
    steps = {"1 vCPU: models in turn": sequential.score, "2 vCPU: models at once": concurrent.score,
             "2 vCPU: in turn, 2 threads each": two_threads.score,
             "before: dynamic batch, in turn": dynamic_batch_step(settings.model_dir)}
    for _ in range(4):
        for name, step in steps.items():
            wall, cpu = measure(step, faces)
            results.setdefault(name, ([], []))
            results[name][0].extend(wall)
            results[name][1].extend(cpu)
    for name, (wall, cpu) in results.items():
        print(line(name, wall, cpu))
    burst = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        sequential.score_many(faces[:3])
        burst.append((time.perf_counter() - t0) * 1000)
    print(f"challenge burst (3 frames, models in turn): p50 {np.percentile(burst, 50):.1f} ms, "
          f"p95 {np.percentile(burst, 95):.1f} ms")
    chosen = "2 vCPU: models at once" if settings.inference_threads >= 2 else "1 vCPU: models in turn"
    wall = results[chosen][0]
    print(f"liveness_ms p50={np.percentile(wall, 50):.1f} p95={np.percentile(wall, 95):.1f}")


if __name__ == "__main__":
    main()
