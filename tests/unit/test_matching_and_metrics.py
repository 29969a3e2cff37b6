"""The open-set decision and the evaluation metrics, on numbers small enough to check by hand."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from facepass.evaluation import LabeledImage, best_threshold, read_lfw_pairs, split_for_identify, tar_at_far
from facepass.matching import Candidate, cosine_similarity, decide


def candidate(score: float) -> Candidate:
    return Candidate(uuid.uuid4(), "someone", score)


def test_clear_winner_above_threshold_is_matched():
    result = decide([candidate(0.7), candidate(0.3)], threshold=0.4, margin=0.05)
    assert result.decision == "matched"
    assert result.employee is result.best
    assert result.margin == pytest.approx(0.4)


def test_close_second_is_ambiguous_and_names_nobody():
    result = decide([candidate(0.62), candidate(0.60)], threshold=0.4, margin=0.05)
    assert result.decision == "ambiguous"
    assert result.employee is None
    assert result.best is not None


def test_nearest_below_threshold_is_unknown_not_a_match():
    result = decide([candidate(0.39)], threshold=0.4, margin=0.05)
    assert result.decision == "unknown"
    assert result.employee is None


def test_empty_gallery_is_unknown():
    assert decide([], threshold=0.4, margin=0.05).decision == "unknown"


def test_single_candidate_above_threshold_is_matched():
    assert decide([candidate(0.5)], threshold=0.4, margin=0.05).decision == "matched"


def test_cosine_similarity():
    assert cosine_similarity(np.array([1.0, 0.0]), np.array([0.0, 2.0])) == pytest.approx(0.0)
    assert cosine_similarity(np.array([3.0, 4.0]), np.array([6.0, 8.0])) == pytest.approx(1.0)


def test_best_threshold_splits_perfectly_separable_scores():
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8])
    labels = np.array([False, False, False, True, True, True])
    cut, accuracy = best_threshold(scores, labels)
    assert accuracy == 1.0
    assert 0.3 < cut < 0.6


def test_best_threshold_with_overlap():
    scores = np.array([0.1, 0.5, 0.4, 0.9])
    labels = np.array([False, False, True, True])
    _, accuracy = best_threshold(scores, labels)
    assert accuracy == 0.75


def test_plateau_threshold_is_the_centre_of_the_flat_best_region():
    from facepass.evaluation import plateau_threshold

    scores = np.array([0.10, 0.20, 0.30, 0.60, 0.70, 0.80])
    labels = np.array([False, False, False, True, True, True])
    assert plateau_threshold(scores, labels) == pytest.approx(0.45, abs=0.01)


def test_tar_at_far_uses_the_highest_impostor():
    scores = np.array([0.2, 0.5, 0.45, 0.6, 0.4])
    labels = np.array([False, False, True, True, True])
    tar, threshold = tar_at_far(scores, labels, 1e-3)
    assert threshold == 0.5
    assert tar == pytest.approx(1 / 3)


def test_lfw_pair_files_parse(tmp_path):
    pairs_file = tmp_path / "pairs.txt"
    pairs_file.write_text("2\nAaron_Peirsol\t1\t2\nAJ_Cook\t1\tMarsha_Thomason\t1\n")
    same, different = read_lfw_pairs(pairs_file)
    assert (same.first, same.second, same.same) == ("Aaron_Peirsol/Aaron_Peirsol_0001.jpg",
                                                    "Aaron_Peirsol/Aaron_Peirsol_0002.jpg", True)
    assert (different.second, different.same) == ("Marsha_Thomason/Marsha_Thomason_0001.jpg", False)


def test_identify_split_enrolls_even_identities_only():
    images = [LabeledImage(f"{who}/{n}.jpg", who) for who in ("c", "a", "b", "d") for n in range(3)]
    split = split_for_identify(images, 2)
    assert {image.identity for image in split.enroll} == {"a", "c"}
    assert len(split.enroll) == 4
    assert {image.identity for image in split.known_probes} == {"a", "c"} and len(split.known_probes) == 2
    assert {image.identity for image in split.unknown_probes} == {"b", "d"} and len(split.unknown_probes) == 6
