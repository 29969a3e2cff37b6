"""`facepass models fetch|verify`: copies of the real model files, checked against pinned sha256."""

from __future__ import annotations

import shutil

import pytest

from facepass.errors import ConfigurationError
from facepass.faces import get_pack
from facepass.faces.model_files import fetch_pack, verify_pack
from tests.conftest import MODELS


def test_fetch_copies_the_default_pack_and_verifies_it(tmp_path):
    pack = get_pack("sface")
    written = fetch_pack(pack, tmp_path, source_dir=MODELS)
    assert {path.name for path in written} == {"face_detection_yunet_2023mar.onnx",
                                              "face_recognition_sface_2021dec.onnx",
                                              "MiniFASNetV2.onnx", "MiniFASNetV1SE.onnx"}
    assert (tmp_path / "liveness" / "MiniFASNetV1SE.onnx").is_file()
    assert verify_pack(pack, tmp_path) == []
    assert fetch_pack(pack, tmp_path, source_dir=MODELS) == []  # already there: nothing to do


def test_a_corrupted_file_is_reported_and_a_corrupted_source_refused(tmp_path):
    pack = get_pack("sface")
    fetch_pack(pack, tmp_path / "good", source_dir=MODELS)
    bad_source = tmp_path / "bad"
    shutil.copytree(tmp_path / "good", bad_source)
    with (bad_source / pack.recognizer_file).open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00" * 16)
    assert any("sha256" in problem for problem in verify_pack(pack, bad_source))
    with pytest.raises(ConfigurationError) as caught:
        fetch_pack(pack, tmp_path / "target", source_dir=bad_source)
    assert caught.value.code == "model_checksum_mismatch"
    assert not (tmp_path / "target" / pack.recognizer_file).exists()


def test_a_pack_without_a_source_asks_for_the_files(tmp_path):
    assert verify_pack(get_pack("buffalo_l"), tmp_path)  # missing
    with pytest.raises(ConfigurationError) as caught:
        fetch_pack(get_pack("buffalo_l"), tmp_path)
    assert caught.value.code == "model_file_missing"


def test_a_corrupted_liveness_model_is_reported(tmp_path):
    pack = get_pack("sface")
    fetch_pack(pack, tmp_path, source_dir=MODELS)
    with (tmp_path / "liveness" / "MiniFASNetV2.onnx").open("r+b") as handle:
        handle.seek(500)
        handle.write(b"\x01" * 8)
    assert any("MiniFASNetV2" in problem and "sha256" in problem for problem in verify_pack(pack, tmp_path))
