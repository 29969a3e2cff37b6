"""int8 SFace: calibrate its activation table on LFW DevTrain, and measure it against fp32 on OpenVINO.

    python bench/sface_int8.py calibrate   # rewrites facepass/faces/sface_int8_ranges.json (developers only)
    python bench/sface_int8.py [--int8 DIR] # speed: fp32 vs int8, 1 and 2 threads, interleaved
    python bench/sface_int8.py agreement [--int8 DIR]  # int8 vs fp32 embeddings on LFW DevTest, mixed pairs

Calibration faces: the first photo of each of the first 300 LFW DevTrain people (sorted by name) whose
identity falls in the open-set "dev" part (facepass.evaluation.identity_part), through the product's own
detector and 5-point alignment. So no calibration face is in LFW DevTest (people disjoint) or in the
open-set report part (README, "Open-set identify"). The speed run embeds 20 aligned DevTest faces, 15
rounds per model and thread count, interleaved, and prints wall p50/p95 and CPU time per face; it
asserts nothing. int8 files come from DIR (default FACEPASS_MODEL_DIR), made by
`facepass models fetch --pack sface-int8`.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
MODELS = Path(os.environ.get("FACEPASS_MODEL_DIR", SHARED / "models"))
LFW = SHARED / "faces" / "lfw-dev"

from facepass.config import Settings  # noqa: E402
from facepass.evaluation import identity_part  # noqa: E402
from facepass.faces import load_engine  # noqa: E402
from facepass.faces.alignment import align_face  # noqa: E402
from facepass.faces.packs import get_pack  # noqa: E402
from facepass.faces.runtime import create_openvino_model  # noqa: E402


def aligned_faces(people_file: str, count: int, *, part: str | None) -> list[np.ndarray]:
    people = [line.split("\t")[0] for line in (LFW / "protocol" / people_file).read_text().splitlines()[1:]
              if line.strip()]
    people = sorted(person for person in people if part is None or identity_part(person) == part)
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    crops = []
    for person in people:
        photos = sorted((LFW / "images" / person).glob("*.jpg"))
        if not photos:
            continue
        image = engine.decode(photos[0].read_bytes())
        faces = engine.detect(image)
        if faces:
            crops.append(align_face(image.bgr, faces[0].landmarks * image.scale))
        if len(crops) == count:
            break
    return crops


def blob(face: np.ndarray) -> np.ndarray:
    return cv2.dnn.blobFromImage(face, swapRB=True)  # SFaceRecognizer's input


def calibrate() -> None:
    from facepass.faces.quantize import SFACE_INT8_RANGES, SUBSET_SIZE
    from facepass.faces.quantize import calibrate as collect

    faces = aligned_faces("peopleDevTrain.txt", SUBSET_SIZE, part="dev")
    entries = collect(MODELS / get_pack("sface").recognizer_file, [blob(face) for face in faces])
    print(f"calibration_faces={len(faces)} activation_entries={entries} table={SFACE_INT8_RANGES}")


def speed(int8_dir: Path) -> None:
    blobs = [blob(face) for face in aligned_faces("peopleDevTest.txt", 20, part=None)]
    files = {"fp32": MODELS / get_pack("sface").recognizer_file,
             "int8": int8_dir / get_pack("sface-int8").recognizer_file}
    models = {(name, threads): create_openvino_model(path, threads=threads)
              for name, path in files.items() for threads in (1, 2)}
    wall = {key: [] for key in models}
    cpu = {key: [] for key in models}
    for model in models.values():
        for item in blobs[:5]:
            model.run(item)
    for _ in range(15):
        for key, model in models.items():
            for item in blobs:
                started, started_cpu = time.perf_counter(), time.process_time()
                model.run(item)
                wall[key].append(time.perf_counter() - started)
                cpu[key].append(time.process_time() - started_cpu)
    print(f"load_average={os.getloadavg()[0]:.1f} faces={len(blobs)} rounds=15")
    for (name, threads), times in wall.items():
        ms = np.asarray(times) * 1000
        cpu_ms = np.asarray(cpu[(name, threads)]) * 1000
        print(f"sface_{name} threads={threads} p50={np.median(ms):.2f} ms p95={np.percentile(ms, 95):.2f} ms "
              f"cpu_p50={np.median(cpu_ms):.2f} ms")
    for threads in (1, 2):
        ratio = np.median(cpu[("int8", threads)]) / np.median(cpu[("fp32", threads)])
        print(f"int8_cpu_over_fp32 threads={threads} {ratio:.2f}")


def agreement(int8_dir: Path) -> None:
    """The packs share a model id: fp32 enrollments must work with int8 probes. LFW DevTest, same detector."""
    from facepass.evaluation import embed_centre_face, read_lfw_pairs, tar_at_far

    pairs = read_lfw_pairs(LFW / "protocol" / "pairsDevTest.txt")
    fp32 = load_engine(Settings(model_dir=MODELS), "sface")
    int8 = load_engine(Settings(model_dir=int8_dir), "sface-int8")
    names = sorted({pair.first for pair in pairs} | {pair.second for pair in pairs})
    vectors = {engine: {name: embed_centre_face(engine, (LFW / "images" / name).read_bytes()) for name in names}
               for engine in (fp32, int8)}
    same = np.array([vectors[fp32][name] @ vectors[int8][name] for name in names])
    print(f"images={len(names)} cosine(fp32, int8) of the same photo: mean={same.mean():.4f} "
          f"p1={np.percentile(same, 1):.4f} min={same.min():.4f}")
    labels = np.array([pair.same for pair in pairs])
    threshold = get_pack("sface").verify_threshold
    for label, first, second in (("fp32-fp32", fp32, fp32), ("int8-int8", int8, int8),
                                 ("fp32-enrolled-int8-probe", fp32, int8)):
        scores = np.array([float(vectors[first][pair.first] @ vectors[second][pair.second]) for pair in pairs])
        tar, _ = tar_at_far(scores, labels, 1e-3)
        print(f"{label}: accuracy={((scores >= threshold) == labels).mean():.4f} at {threshold} "
              f"tar_at_far_1e-3={tar:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="speed", choices=["speed", "calibrate", "agreement"])
    parser.add_argument("--int8", default=str(MODELS), help="folder holding the sface-int8 pack's files")
    args = parser.parse_args()
    if args.command == "calibrate":
        calibrate()
    elif args.command == "agreement":
        agreement(Path(args.int8))
    else:
        speed(Path(args.int8))


if __name__ == "__main__":
    main()
