"""Open-set thresholds from a false-accept target and the number of people enrolled.

A stranger is falsely accepted when *some* enrolled person scores above the threshold, so the
chance grows with the gallery: with N people and a per-person impostor rate p(t),
FPIR(t, N) = 1 - (1 - p(t))^N (about N * p(t)). Each pack ships a model of the upper tail of p(t),
measured on development photos (`facepass eval identify` fits it): above an anchor similarity the
per-person impostor rate falls exponentially,

    p(t) = anchor_rate * exp(-(t - anchor) / scale)      for t >= anchor,

so the threshold for a target FPIR at gallery size N is
t = anchor + scale * ln(anchor_rate / p*), with p* = 1 - (1 - target)^(1/N).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from facepass.config import Settings
    from facepass.face_removal import GalleryRules
    from facepass.faces import FaceEngine

# Never below this, whatever the tail says: a 1-person gallery must still demand a real match.
MIN_THRESHOLD = 0.20
MAX_THRESHOLD = 0.95


@dataclass(frozen=True)
class ImpostorTail:
    """Per-person impostor score tail of one model: P(score >= anchor) = anchor_rate, exponential above."""

    anchor: float
    anchor_rate: float
    scale: float

    def rate(self, threshold: float) -> float:
        """Per-person chance that a stranger scores at or above `threshold`."""
        # Below the anchor (tiny galleries) the exponential is extrapolated: it overstates the rate there.
        return min(1.0, self.anchor_rate * math.exp(-(threshold - self.anchor) / self.scale))

    def threshold_for_rate(self, rate: float) -> float:
        return self.anchor + self.scale * math.log(self.anchor_rate / max(rate, 1e-300))

    def as_setting(self) -> str:
        """The value of FACEPASS_IMPOSTOR_TAIL that reproduces this calibration."""
        return f"[{self.anchor:.4f}, {self.anchor_rate:.3g}, {self.scale:.4f}]"


def per_person_rate(target_fpir: float, gallery_size: int) -> float:
    return 1.0 - (1.0 - target_fpir) ** (1.0 / max(gallery_size, 1))


def expected_fpir(tail: ImpostorTail, threshold: float, gallery_size: int) -> float:
    """Chance that a stranger is matched to somebody (before the margin rule, which only lowers it)."""
    return 1.0 - (1.0 - tail.rate(threshold)) ** max(gallery_size, 1)


def threshold_for(tail: ImpostorTail, target_fpir: float, gallery_size: int, *,
                  floor: float = MIN_THRESHOLD) -> float:
    """`floor`: a small gallery never gets a threshold below this (the pack's identify_threshold):
    below the anchor the tail model is an extrapolation."""
    value = tail.threshold_for_rate(per_person_rate(target_fpir, gallery_size))
    return float(min(max(value, floor, MIN_THRESHOLD), MAX_THRESHOLD))


def fit_tail(top_scores: np.ndarray, comparisons: int, *, anchor_rate: float = 0.001) -> ImpostorTail:
    """Fit the exponential tail to impostor per-person scores: `top_scores` holds every score at or
    above the tail (e.g. all the candidates the searches of stranger probes returned), out of
    `comparisons` stranger x enrolled-person pairs in all. Anchor at the (1 - anchor_rate) quantile,
    scale = mean excess above it (the exponential's maximum-likelihood estimate)."""
    scores = np.sort(np.asarray(top_scores, dtype=np.float64))[::-1]
    above = round(anchor_rate * comparisons)
    if above < 20 or above >= len(scores):
        raise ValueError(f"cannot fit the tail at rate {anchor_rate}: {above} scores wanted above the anchor, "
                         f"{len(scores)} available")
    anchor = float(scores[above])
    excess = scores[:above] - anchor
    return ImpostorTail(anchor=round(anchor, 4), anchor_rate=anchor_rate, scale=round(float(excess.mean()), 4))


def impostor_tail(engine: FaceEngine | GalleryRules, settings: Settings) -> ImpostorTail:
    """The deployment's own calibration if it set one, else the pack's."""
    if settings.impostor_tail is not None:
        return ImpostorTail(*settings.impostor_tail)
    return engine.pack.impostor_tail
