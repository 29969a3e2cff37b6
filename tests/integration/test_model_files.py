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


@pytest.fixture(scope="module")
def int8_dir(tmp_path_factory):
    """The sface-int8 pack made as `facepass models fetch --pack sface-int8` makes it: real NNCF and OpenVINO."""
    destination = tmp_path_factory.mktemp("int8")
    written = fetch_pack(get_pack("sface-int8"), destination, source_dir=MODELS)
    return destination, written


def test_the_int8_recognizer_is_derived_reproducibly_from_the_fp32_file(int8_dir):
    destination, written = int8_dir
    pack = get_pack("sface-int8")
    assert {path.name for path in written} >= {"face_recognition_sface_2021dec_int8.xml",
                                               "face_recognition_sface_2021dec_int8.bin",
                                               "face_recognition_sface_2021dec.onnx"}
    # Bit-for-bit the pinned sha256: the committed activation table fully decides the int8 file.
    assert verify_pack(pack, destination) == []
    assert fetch_pack(pack, destination, source_dir=MODELS) == []


def test_a_tampered_int8_file_is_reported_and_made_again(int8_dir, tmp_path):
    destination, _ = int8_dir
    pack = get_pack("sface-int8")
    copy = tmp_path / "copy"
    shutil.copytree(destination, copy)
    weights = copy / pack.recognizer_file.replace(".xml", ".bin")
    with weights.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\x7f" * 16)
    assert any("int8.bin" in problem and "sha256" in problem for problem in verify_pack(pack, copy))
    assert [path.name for path in fetch_pack(pack, copy)] == ["face_recognition_sface_2021dec_int8.xml",
                                                              "face_recognition_sface_2021dec_int8.bin"]
    assert verify_pack(pack, copy) == []


def test_the_int8_pack_embeds_like_fp32(int8_dir):
    """Same embedding space (the packs share a model id): real fixture photos, the product's engine."""
    from facepass.config import Settings
    from facepass.faces import load_engine
    from tests.conftest import FIXTURES

    destination, _ = int8_dir
    photos = sorted((FIXTURES / "identities").glob("*/*.jpg"))[:12]
    fp32 = load_engine(Settings(model_dir=MODELS), "sface")
    int8 = load_engine(Settings(model_dir=destination), "sface-int8")
    assert int8.model_id == fp32.model_id
    assert int8.recognizer.model.precision == "f32"  # its measured arithmetic, whatever FACEPASS_RECOGNIZER_PRECISION
    cosines = []
    for photo in photos:
        image = fp32.decode(photo.read_bytes())
        faces = fp32.detect(image)[:1]
        if faces:
            cosines.append(float(fp32.embed(image, faces)[0].vector @ int8.embed(image, faces)[0].vector))
    assert len(cosines) >= 10
    assert min(cosines) > 0.97 and sum(cosines) / len(cosines) > 0.99
