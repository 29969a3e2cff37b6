"""Accuracy on labeled photos through the product's own code paths (engine, gates, search, decision)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from facepass.errors import FacePassError
from facepass.faces import FaceEngine


def progress(items: Iterable, *, total: int, description: str) -> Iterator:
    """A progress bar on a terminal, nothing in CI logs."""
    from tqdm import tqdm

    return iter(tqdm(items, total=total, desc=description, disable=not sys.stderr.isatty(), leave=False))


# --- 1:1 pairs (LFW protocol) ---------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    first: str  # image path relative to the root's images/ folder
    second: str
    same: bool


def lfw_image(name: str, number: str) -> str:
    return f"{name}/{name}_{int(number):04d}.jpg"


def read_lfw_pairs(pairs_file: Path) -> list[Pair]:
    pairs = []
    for line in pairs_file.read_text().splitlines():
        fields = line.split()
        if len(fields) == 3:
            pairs.append(Pair(lfw_image(fields[0], fields[1]), lfw_image(fields[0], fields[2]), True))
        elif len(fields) == 4:
            pairs.append(Pair(lfw_image(fields[0], fields[1]), lfw_image(fields[2], fields[3]), False))
    if not pairs:
        raise ValueError(f"{pairs_file} holds no LFW pairs")
    return pairs


def embed_centre_face(engine: FaceEngine, data: bytes) -> np.ndarray | None:
    """LFW's labeled person is the face nearest the image centre."""
    image = engine.decode(data)
    faces = engine.detect(image)
    if not faces:
        return None
    centre = np.array([image.width / 2, image.height / 2])

    def distance(face) -> float:
        x1, y1, x2, y2 = face.box
        return float(np.hypot(*((np.array([x1 + x2, y1 + y2]) / 2) - centre)))

    return engine.embed(image, [min(faces, key=distance)])[0].vector


@dataclass(frozen=True)
class PairsReport:
    pairs: int
    images: int
    images_without_face: int
    threshold: float
    accuracy: float
    best_threshold: float
    best_accuracy: float
    recommended_threshold: float
    tar_at_far_1e3: float
    far_threshold: float
    scores: np.ndarray
    labels: np.ndarray

    def summary_line(self) -> str:
        return (f"accuracy={self.accuracy:.4f} best_accuracy={self.best_accuracy:.4f} "
                f"tar_at_far_1e-3={self.tar_at_far_1e3:.4f} threshold={self.threshold:.3f}")


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The cut between consecutive sorted scores that classifies the most pairs right."""
    order = np.argsort(scores)
    sorted_scores, sorted_labels = scores[order], labels[order].astype(int)
    # Cut after position i: everything at or below is "different".
    below_different = np.concatenate([[0], np.cumsum(1 - sorted_labels)])
    above_same = sorted_labels.sum() - np.concatenate([[0], np.cumsum(sorted_labels)])
    correct = below_different + above_same
    best = int(np.argmax(correct))
    if best == 0:
        cut = sorted_scores[0] - 1e-3
    elif best == len(sorted_scores):
        cut = sorted_scores[-1] + 1e-3
    else:
        cut = (sorted_scores[best - 1] + sorted_scores[best]) / 2
    return float(cut), float(correct[best] / len(scores))


def plateau_threshold(scores: np.ndarray, labels: np.ndarray, *, step: float = 0.005) -> float:
    """The centre of the thresholds whose accuracy is within one pair of the best. The single best
    cut often sits at the edge of a flat region and transfers badly to new pairs; the centre does not."""
    grid = np.arange(np.floor(scores.min() * 200) / 200, scores.max() + step, step)
    accuracy = np.array([((scores >= t) == labels).mean() for t in grid])
    near = grid[accuracy >= accuracy.max() - 1.0 / len(scores) - 1e-12]
    return float(round((near.min() + near.max()) / 2, 3))


def tar_at_far(scores: np.ndarray, labels: np.ndarray, far: float) -> tuple[float, float]:
    negatives = np.sort(scores[~labels])[::-1]
    allowed = int(np.floor(far * len(negatives)))
    threshold = float(negatives[allowed]) if allowed < len(negatives) else float(negatives[-1])
    return float((scores[labels] > threshold).mean()), threshold


def evaluate_pairs(engine: FaceEngine, root: Path, pairs: list[Pair], *, threshold: float) -> PairsReport:
    names = sorted({pair.first for pair in pairs} | {pair.second for pair in pairs})
    vectors: dict[str, np.ndarray | None] = {}
    for name in progress(names, total=len(names), description="embedding"):
        vectors[name] = embed_centre_face(engine, (root / "images" / name).read_bytes())
    scores = np.array([
        float(vectors[p.first] @ vectors[p.second])
        if vectors[p.first] is not None and vectors[p.second] is not None else -1.0  # no face: a miss
        for p in pairs
    ])
    labels = np.array([p.same for p in pairs])
    cut, best = best_threshold(scores, labels)
    tar, far_threshold = tar_at_far(scores, labels, 1e-3)
    return PairsReport(
        pairs=len(pairs), images=len(names), images_without_face=sum(v is None for v in vectors.values()),
        threshold=threshold, accuracy=float(((scores >= threshold) == labels).mean()),
        best_threshold=cut, best_accuracy=best, recommended_threshold=plateau_threshold(scores, labels),
        tar_at_far_1e3=tar, far_threshold=far_threshold,
        scores=scores, labels=labels,
    )


def plot_roc(report: PairsReport, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    thresholds = np.unique(report.scores)[::-1]
    positives, negatives = report.labels.sum(), (~report.labels).sum()
    tpr = [(report.scores[report.labels] >= t).sum() / positives for t in thresholds]
    fpr = [(report.scores[~report.labels] >= t).sum() / negatives for t in thresholds]
    figure, axes = plt.subplots(figsize=(5, 5))
    axes.plot(fpr, tpr, label=f"{title} (acc {report.best_accuracy:.4f})")
    axes.set_xscale("log")
    axes.set_xlim(1e-3, 1)
    axes.set_xlabel("false accept rate")
    axes.set_ylabel("true accept rate")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- open-set 1:N identification ------------------------------------------------------------

@dataclass(frozen=True)
class LabeledImage:
    path: str
    identity: str


def read_labels(labels_csv: Path) -> list[LabeledImage]:
    with labels_csv.open(newline="") as handle:
        return [LabeledImage(row["path"], row["identity"]) for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class IdentifySplit:
    enroll: list[LabeledImage]
    known_probes: list[LabeledImage]
    unknown_probes: list[LabeledImage]


def split_for_identify(images: list[LabeledImage], enroll_per_person: int) -> IdentifySplit:
    """Identities sorted; even positions are enrolled with their first N images, odd ones never are."""
    identities = sorted({image.identity for image in images})
    enrolled = set(identities[0::2])
    enroll, known, unknown = [], [], []
    seen: dict[str, int] = {}
    for image in images:
        if image.identity not in enrolled:
            unknown.append(image)
        elif seen.get(image.identity, 0) < enroll_per_person:
            seen[image.identity] = seen.get(image.identity, 0) + 1
            enroll.append(image)
        else:
            known.append(image)
    return IdentifySplit(enroll, known, unknown)


@dataclass(frozen=True)
class IdentifyReport:
    enrolled_people: int
    enroll_rejected: dict[str, int]
    probes: int
    unknown: int
    closed_rank1: float
    open_rank1: float
    false_accept: float
    probes_without_face: int

    def summary_line(self) -> str:
        return (f"closed_rank1={self.closed_rank1:.4f} open_rank1={self.open_rank1:.4f} "
                f"false_accept={self.false_accept:.4f} probes={self.probes} unknown={self.unknown}")


def evaluate_identify(split: IdentifySplit, root: Path, *, enroll: Callable[[str, bytes], str | None],
                      identify: Callable[[bytes], tuple[str | None, str | None]]) -> IdentifyReport:
    """``enroll(identity, photo)`` returns a rejection code or None; ``identify(photo)`` returns
    (nearest identity, matched identity or None). Both are the product's own code paths."""
    rejected: dict[str, int] = {}
    enrolled: set[str] = set()
    for image in progress(split.enroll, total=len(split.enroll), description="enrolling"):
        reason = enroll(image.identity, (root / image.path).read_bytes())
        if reason:
            rejected[reason] = rejected.get(reason, 0) + 1
        else:
            enrolled.add(image.identity)
    closed = opened = false_accepts = no_face = 0
    probes = split.known_probes + split.unknown_probes
    for image in progress(probes, total=len(probes), description="identifying"):
        try:
            nearest, matched = identify((root / image.path).read_bytes())
        except FacePassError:
            nearest = matched = None
            no_face += 1
        if image in split.unknown_probes:
            false_accepts += matched is not None
        else:
            closed += nearest == image.identity
            opened += matched == image.identity
    known = len(split.known_probes)
    return IdentifyReport(
        enrolled_people=len(enrolled), enroll_rejected=rejected, probes=len(probes), unknown=len(split.unknown_probes),
        closed_rank1=closed / known if known else 0.0, open_rank1=opened / known if known else 0.0,
        false_accept=false_accepts / len(split.unknown_probes) if split.unknown_probes else 0.0,
        probes_without_face=no_face,
    )
