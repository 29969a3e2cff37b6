"""The open-set threshold from a false-accept target and the gallery size."""

from __future__ import annotations

import numpy as np
import pytest

from facepass import calibration
from facepass.calibration import ImpostorTail
from facepass.faces.packs import PACKS

TAIL = ImpostorTail(anchor=0.30, anchor_rate=0.01, scale=0.03)


def test_threshold_rises_with_the_gallery_and_keeps_the_target():
    sizes = [1, 10, 100, 1000, 10000]
    thresholds = [calibration.threshold_for(TAIL, 0.01, n) for n in sizes]
    assert thresholds == sorted(thresholds) and len(set(thresholds)) == len(thresholds)
    for n, threshold in zip(sizes, thresholds, strict=True):
        assert calibration.expected_fpir(TAIL, threshold, n) == pytest.approx(0.01, rel=1e-6)


def test_a_stricter_target_gives_a_higher_threshold():
    assert calibration.threshold_for(TAIL, 0.001, 500) > calibration.threshold_for(TAIL, 0.01, 500)


def test_the_fit_recovers_an_exponential_tail():
    rng = np.random.default_rng(7)
    comparisons = 2_000_000
    # Scores whose top 1 % sits above 0.3 and falls off exponentially with scale 0.04.
    top = 0.3 + rng.exponential(0.04, size=int(comparisons * 0.01))
    body = rng.uniform(0.0, 0.3, size=5_000)  # only part of the body is returned by a top-k search
    tail = calibration.fit_tail(np.concatenate([top, body]), comparisons, anchor_rate=0.01)
    assert tail.anchor == pytest.approx(0.30, abs=0.005)
    assert tail.scale == pytest.approx(0.04, rel=0.05)
    assert tail.as_setting().startswith("[")


def test_too_few_scores_cannot_be_fitted():
    with pytest.raises(ValueError):
        calibration.fit_tail(np.array([0.5, 0.4]), 100)


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_every_pack_ships_a_calibration(pack):
    tail = PACKS[pack].impostor_tail
    assert 0 < tail.anchor < 1 and 0 < tail.anchor_rate < 1 and tail.scale > 0


def test_a_small_gallery_is_held_at_the_floor():
    assert calibration.threshold_for(TAIL, 0.01, 1, floor=0.4) == 0.4
    assert calibration.threshold_for(TAIL, 0.01, 100_000, floor=0.4) > 0.4
