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

    @property
    def genuine_below_threshold(self) -> float:
        """The share of same-person pairs scoring under the threshold: at the verify threshold, how often an
        employee's genuine second enrollment photo is held as not_same_person (enrollment's false hold rate)."""
        genuine = self.scores[self.labels]
        return float((genuine < self.threshold).mean()) if genuine.size else 0.0

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


# --- open-set 1:N at company scale: gallery sizes, distractors, development/report parts -----------

Part = str  # "dev", "report" or "all"


def identity_part(identity: str) -> str:
    """Split by identity, stable across runs and machines: about half "dev" (choose methods, fit the
    impostor tail), half "report" (figures quoted in README, never tuned on)."""
    import hashlib

    return "dev" if int(hashlib.sha256(identity.encode()).hexdigest(), 16) % 2 == 0 else "report"


def in_part(images: list[LabeledImage], part: Part) -> list[LabeledImage]:
    return images if part == "all" else [image for image in images if identity_part(image.identity) == part]


@dataclass(frozen=True)
class SourcedImage:
    root: Path
    path: str
    identity: str  # prefixed with the source, so identities of two label files never merge

    def read(self) -> bytes:
        return (self.root / self.path).read_bytes()


@dataclass
class ScaledSplit:
    """Gallery people in enrollment order (the labeled set's enrolled half first, then distractors),
    with the photos enrolled for each; known probes (other photos of enrolled people of the labeled
    set); strangers (people never enrolled, from both sources)."""

    gallery: list[tuple[str, list[SourcedImage]]]
    known_probes: list[SourcedImage]
    strangers: list[SourcedImage]
    labeled_people: int  # how many of `gallery` come from the labeled set (the rest are distractors)


def scaled_split(labeled: list[LabeledImage], root: Path, distractors: list[tuple[list[LabeledImage], Path]], *,
                 enroll_per_person: int, part: Part) -> ScaledSplit:
    base = split_for_identify(in_part(labeled, part), enroll_per_person)
    gallery: dict[str, list[SourcedImage]] = {}
    for image in base.enroll:
        gallery.setdefault(f"L:{image.identity}", []).append(SourcedImage(root, image.path, f"L:{image.identity}"))
    known = [SourcedImage(root, image.path, f"L:{image.identity}") for image in base.known_probes]
    strangers = [SourcedImage(root, image.path, f"L:{image.identity}") for image in base.unknown_probes]
    labeled_people = len(gallery)
    for number, (images, droot) in enumerate(distractors):
        # Three identities in four are enrolled (never probed: they make the gallery company-sized),
        # the fourth probes as strangers.
        chosen = in_part(images, part)
        identities = sorted({image.identity for image in chosen})
        enrolled = {identity for index, identity in enumerate(identities) if index % 4 != 3}
        for image in chosen:
            key = f"D{number}:{image.identity}"
            if image.identity not in enrolled:
                strangers.append(SourcedImage(droot, image.path, key))
            elif len(gallery.setdefault(key, [])) < enroll_per_person:
                gallery[key].append(SourcedImage(droot, image.path, key))
    return ScaledSplit(list(gallery.items()), known, strangers, labeled_people)


@dataclass(frozen=True)
class ProbeOutcome:
    identity: str
    known: bool
    decision: str  # the product's decision: matched / ambiguous / unknown / retry / no_face
    matched: str | None  # identity matched (decision "matched" only)
    nearest: str | None
    score: float | None  # best person-level similarity (what the threshold is compared with)
    candidate_scores: tuple[float, ...]  # every candidate's similarity (the impostor tail, for strangers)


@dataclass(frozen=True)
class GalleryReport:
    gallery_size: int
    threshold: float
    expected_fpir: float
    known: int
    strangers: int
    fpir: float  # strangers matched to somebody
    fnir: float  # known people not matched to themselves
    misidentification: float  # known people matched to somebody else
    open_rank1: float
    closed_rank1: float
    retry: float  # probes (known and strangers) the probe gates sent back
    fnir_at_fpir_1e2: float
    fnir_at_fpir_1e3: float
    duplicates_flagged: float  # genuine new people flagged as duplicates while growing to this size

    def line(self) -> str:
        return (f"gallery={self.gallery_size} threshold={self.threshold:.3f} expected_fpir={self.expected_fpir:.4f} "
                f"fpir={self.fpir:.4f} fnir={self.fnir:.4f} misid={self.misidentification:.4f} "
                f"open_rank1={self.open_rank1:.4f} closed_rank1={self.closed_rank1:.4f} retry={self.retry:.4f} "
                f"fnir@fpir1%={self.fnir_at_fpir_1e2:.4f} fnir@fpir0.1%={self.fnir_at_fpir_1e3:.4f} "
                f"dup_flagged={self.duplicates_flagged:.4f} known={self.known} strangers={self.strangers}")


def det_points(outcomes: list[ProbeOutcome]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds, FPIR, FNIR) over every stranger score: FNIR counts a known probe as found when
    its nearest person is right and scores at least the threshold (the margin rule aside)."""
    strangers = np.sort(np.array([o.score for o in outcomes if not o.known and o.score is not None]))[::-1]
    known = [o for o in outcomes if o.known]
    hits = np.array([o.score for o in known if o.score is not None and o.nearest == o.identity])
    total_strangers = sum(not o.known for o in outcomes)
    thresholds = np.concatenate([[1.0], strangers + 1e-9])
    fpir = np.array([(strangers >= t).sum() / max(total_strangers, 1) for t in thresholds])
    fnir = np.array([1.0 - (hits >= t).sum() / max(len(known), 1) for t in thresholds])
    return thresholds, fpir, fnir


def fnir_at_fpir(outcomes: list[ProbeOutcome], target: float) -> float:
    _, fpir, fnir = det_points(outcomes)
    allowed = fpir <= target
    return float(fnir[allowed].min()) if allowed.any() else 1.0


def gallery_report(outcomes: list[ProbeOutcome], *, gallery_size: int, threshold: float, expected: float,
                   duplicates_flagged: float) -> GalleryReport:
    known = [o for o in outcomes if o.known]
    strangers = [o for o in outcomes if not o.known]
    def share(hits, of):
        return (hits / len(of) if of else 0.0)
    return GalleryReport(
        gallery_size=gallery_size, threshold=threshold, expected_fpir=expected, known=len(known),
        strangers=len(strangers),
        fpir=share(sum(o.decision == "matched" for o in strangers), strangers),
        fnir=share(sum(o.matched != o.identity for o in known), known),
        misidentification=share(sum(o.matched is not None and o.matched != o.identity for o in known), known),
        open_rank1=share(sum(o.matched == o.identity for o in known), known),
        closed_rank1=share(sum(o.nearest == o.identity for o in known), known),
        retry=share(sum(o.decision == "retry" for o in outcomes), outcomes),
        fnir_at_fpir_1e2=fnir_at_fpir(outcomes, 1e-2), fnir_at_fpir_1e3=fnir_at_fpir(outcomes, 1e-3),
        duplicates_flagged=duplicates_flagged,
    )


def impostor_top_scores(outcomes: list[ProbeOutcome]) -> tuple[np.ndarray, int]:
    """Every per-person score the searches returned for strangers, and how many probes they came from."""
    strangers = [o for o in outcomes if not o.known and o.candidate_scores]
    return np.array([s for o in strangers for s in o.candidate_scores]), len(strangers)


def plot_det(curves: dict[str, list[ProbeOutcome]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 5))
    for label, outcomes in curves.items():
        _, fpir, fnir = det_points(outcomes)
        keep = fpir > 0
        axes.plot(fpir[keep], fnir[keep], label=label)
    axes.set_xscale("log")
    axes.set_xlim(1e-3, 1)
    axes.set_ylim(0, 1)
    axes.set_xlabel("FPIR (strangers matched to somebody)")
    axes.set_ylabel("FNIR (enrolled people not found)")
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(loc="upper right")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
