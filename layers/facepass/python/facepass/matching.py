"""1:N search over enrolled faces and the open-set decision: matched, ambiguous or unknown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

import numpy as np

from facepass import repository

Decision = Literal["matched", "ambiguous", "unknown"]


@dataclass(frozen=True)
class Candidate:
    employee_id: UUID
    full_name: str
    similarity: float


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


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))


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
    rows = repository.nearest_employees(
        cur, model_id=model_id, dimension=dimension, embedding=embedding,
        candidates=max(top_k * 8, 40),  # several faces per person: over-fetch, then best per person
        limit=top_k, exclude_employee=exclude_employee,
    )
    return [Candidate(row["employee_id"], row["full_name"], float(row["similarity"])) for row in rows]


def identify(cur, *, model_id: str, dimension: int, embedding: np.ndarray, threshold: float, margin: float,
             top_k: int) -> MatchResult:
    candidates = search(cur, model_id=model_id, dimension=dimension, embedding=embedding, top_k=top_k)
    return decide(candidates, threshold=threshold, margin=margin)
