"""1:N search over enrolled people and the open-set decision: matched, ambiguous, unknown (or retry,
decided before any search when the probe photo is too poor to match)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

import numpy as np

from facepass import calibration, repository
from facepass.calibration import ImpostorTail

Decision = Literal["matched", "ambiguous", "unknown", "retry"]


@dataclass(frozen=True)
class Candidate:
    employee_id: UUID
    full_name: str
    similarity: float  # the person-level score the decision uses: max(template, best single photo)
    face_similarity: float | None = None  # best single enrolled photo (presence checks want this one)
    faces: int = 1
    template_similarity: float | None = None  # the mean of the person's enrolled embeddings


@dataclass(frozen=True)
class MatchResult:
    decision: Decision
    best: Candidate | None  # the nearest person, whatever the decision
    margin: float | None  # best minus the best *other* person
    candidates: list[Candidate]

    @property
    def employee(self) -> Candidate | None:
        """The person, only when matched: never the nearest person just for being nearest."""
        return self.best if self.decision == "matched" else None


@dataclass(frozen=True)
class OpenSetRule:
    """The threshold and margin for one search, with what they mean at this gallery size."""

    threshold: float
    margin: float
    gallery_size: int
    expected_fpir: float


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))


def open_set_rule(tail: ImpostorTail, *, target_rate: float, gallery_size: int, margin: float, floor: float,
                  fixed_threshold: float | None = None) -> OpenSetRule:
    """Identify and the duplicate check both use this: the threshold that keeps the chance of
    matching somebody who is not enrolled at `target_rate` with `gallery_size` people enrolled
    (never below `floor`, the pack's small-gallery floor, however few people are enrolled)."""
    threshold = (calibration.threshold_for(tail, target_rate, gallery_size, floor=floor) if fixed_threshold is None
                 else fixed_threshold)
    return OpenSetRule(threshold=round(threshold, 4), margin=margin, gallery_size=gallery_size,
                       expected_fpir=calibration.expected_fpir(tail, threshold, gallery_size))


def decide(candidates: list[Candidate], *, threshold: float, margin: float) -> MatchResult:
    """matched: best >= threshold AND best - next person >= margin; ambiguous: above threshold but a
    close second; unknown: below threshold."""
    if not candidates:
        return MatchResult("unknown", None, None, [])
    best = candidates[0]
    lead = best.similarity - candidates[1].similarity if len(candidates) > 1 else None
    if best.similarity < threshold:
        decision: Decision = "unknown"
    elif lead is not None and lead < margin:
        decision = "ambiguous"
    else:
        decision = "matched"
    return MatchResult(decision, best, lead, candidates)


def search(cur, *, model_id: str, dimension: int, embedding: np.ndarray, top_k: int,
           exclude_employee: UUID | None = None) -> list[Candidate]:
    """The top_k people (at least two, when two exist: the margin rule needs the runner-up), best first, by the
    better of their template similarity (the mean of their enrolled embeddings) and their best single photo: on
    the dev split this matched the template at FPIR 1 % and did better at 0.1 % and closed-set than either
    alone."""
    rows = repository.nearest_employees(cur, model_id=model_id, dimension=dimension, embedding=embedding,
                                        candidates=window(top_k),
                                        exclude=[exclude_employee] if exclude_employee else None)
    return _ranked(_with_runner_up(cur, rows, model_id=model_id, dimension=dimension, embedding=embedding,
                                   top_k=top_k, exclude_employee=exclude_employee), top_k)


def search_counting_gallery(cur, *, model_id: str, dimension: int, embedding: np.ndarray,
                            top_k: int) -> tuple[list[Candidate], int]:
    """search, and the gallery size (repository.count_enrolled_people) from the same statement: identify
    needs both, and one round trip to the database instead of two; a prepared statement, planned once."""
    rows = repository.nearest_employees(cur, model_id=model_id, dimension=dimension, embedding=embedding,
                                        candidates=window(top_k), with_gallery_size=True, prepared=True)
    # No row: no active person has a face of this model, so the gallery is empty.
    gallery_size = int(rows[0]["gallery_size"]) if rows else 0
    if gallery_size > 1:
        rows = _with_runner_up(cur, rows, model_id=model_id, dimension=dimension, embedding=embedding, top_k=top_k)
    return _ranked(rows, top_k), gallery_size


def window(top_k: int) -> int:
    return max(top_k * 8, 40)  # several faces per person: over-fetch, then score per person


def _with_runner_up(cur, rows: list[dict], *, model_id: str, dimension: int, embedding: np.ndarray, top_k: int,
                    exclude_employee: UUID | None = None) -> list[dict]:
    """rows, and the nearest other person when the window of nearest faces held one person's only (someone with
    40 photos of one sitting): without a runner-up there is no lead to measure, and the margin rule, which keeps
    a look-alike from being written down as the other, would not apply."""
    if len({row["employee_id"] for row in rows}) != 1:
        return rows
    excluded = [rows[0]["employee_id"], *([exclude_employee] if exclude_employee else [])]
    return rows + repository.nearest_employees(cur, model_id=model_id, dimension=dimension, embedding=embedding,
                                               candidates=window(top_k), exclude=excluded)


def person_similarity(face_similarity: float, template_similarity: float) -> float:
    """The person-level score identify ranks by: the better of the person's template and best single photo."""
    return max(float(template_similarity), float(face_similarity))


def _ranked(rows: list[dict], top_k: int) -> list[Candidate]:
    people = [Candidate(row["employee_id"], row["full_name"],
                        person_similarity(row["face_similarity"], row["template_similarity"]),
                        float(row["face_similarity"]), int(row["faces"]), float(row["template_similarity"]))
              for row in rows]
    people.sort(key=lambda person: person.similarity, reverse=True)
    return people[:max(top_k, 2)]  # the runner-up always: the margin rule compares the best with it
