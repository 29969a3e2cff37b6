"""`facepass eval liveness`: presentation attack detection error rates (ISO/IEC 30107-3 names).

APCER (per attack type): share of attack presentations of that type classified as bona fide.
BPCER: share of bona fide presentations classified as attacks. Through the product's own path:
decode, the largest face of the detector, the fused MiniFASNet score, the configured p_live cut.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from facepass.errors import FacePassError
from facepass.evaluation import progress
from facepass.faces import FaceEngine
from facepass.faces.liveness import LivenessModel

BONA_FIDE_LABELS = ("live", "bona_fide", "bonafide", "real")


@dataclass(frozen=True)
class LivenessSample:
    path: str
    bona_fide: bool
    attack_type: str  # "none" for bona fide


def read_liveness_labels(labels_csv: Path) -> list[LivenessSample]:
    """CSV with path,label,attack_type; label live (or bona_fide/real) or anything else for an attack."""
    with labels_csv.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"path", "label"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{labels_csv} lacks the column(s) {', '.join(sorted(missing))}")
        samples = []
        for row in reader:
            bona_fide = row["label"].strip().lower() in BONA_FIDE_LABELS
            attack = "none" if bona_fide else (row.get("attack_type") or "unknown").strip() or "unknown"
            samples.append(LivenessSample(row["path"], bona_fide, attack))
    if not samples:
        raise ValueError(f"{labels_csv} holds no samples")
    return samples


@dataclass
class LivenessReport:
    threshold: float
    bona_fide: int = 0
    bona_fide_rejected: int = 0
    attacks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    attacks_accepted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    without_face: list[str] = field(default_factory=list)
    scores: list[tuple[str, str, float]] = field(default_factory=list)  # path, attack type, p_live

    @property
    def bpcer(self) -> float:
        return self.bona_fide_rejected / self.bona_fide if self.bona_fide else 0.0

    def apcer(self, attack_type: str) -> float:
        total = self.attacks[attack_type]
        return self.attacks_accepted[attack_type] / total if total else 0.0

    @property
    def worst_apcer(self) -> float:
        return max((self.apcer(kind) for kind in self.attacks), default=0.0)

    def lines(self) -> list[str]:
        out = [f"threshold={self.threshold:.3f} bona_fide={self.bona_fide} attacks={sum(self.attacks.values())} "
               f"without_face={len(self.without_face)}",
               f"BPCER={self.bpcer:.4f} ({self.bona_fide_rejected}/{self.bona_fide} bona fide classified as attacks)"]
        for kind in sorted(self.attacks):
            out.append(f"APCER[{kind}]={self.apcer(kind):.4f} ({self.attacks_accepted[kind]}/{self.attacks[kind]} "
                       "attacks classified as bona fide)")
        out.append(f"apcer={self.worst_apcer:.4f} bpcer={self.bpcer:.4f}")
        return out


def evaluate_liveness(engine: FaceEngine, model: LivenessModel, root: Path, samples: list[LivenessSample], *,
                      threshold: float) -> LivenessReport:
    """A photo without a detectable face cannot be presented to the kiosk: it is left out (listed)."""
    report = LivenessReport(threshold=threshold)
    for sample in progress(samples, total=len(samples), description="liveness"):
        try:
            image = engine.decode((root / sample.path).read_bytes())
            faces = engine.detect(image)
        except (FacePassError, OSError):
            faces = []
        if not faces:
            report.without_face.append(sample.path)
            continue
        face = engine.refine(image, faces[0])  # the box check-in scores: the embedded (refined) face's
        p_live = model.score(image.bgr, face.box).p_live
        report.scores.append((sample.path, sample.attack_type, p_live))
        accepted = p_live >= threshold
        if sample.bona_fide:
            report.bona_fide += 1
            report.bona_fide_rejected += not accepted
        else:
            report.attacks[sample.attack_type] += 1
            report.attacks_accepted[sample.attack_type] += accepted
    return report
