"""The face engine on real ONNX models and real photos from ../shared/faces/fixtures."""

from __future__ import annotations

import csv
import io

import cv2
import numpy as np
import pytest
from PIL import Image

from facepass.config import Settings
from facepass.errors import ConfigurationError, ImageRejected
from facepass.faces import load_engine
from facepass.faces.alignment import ARCFACE_TEMPLATE, align_face, similarity_transform
from tests.conftest import FIXTURES, MODELS, fixture_bytes

PACKS = ["sface", "buffalo_s"]
SAME_PERSON = [
    ("identities/deepface_p01/img1.jpg", "identities/deepface_p01/img2.jpg"),
    ("identities/fr_obama/train_obama.jpg", "identities/fr_obama/obama3.jpg"),
    ("identities/deepface_p38/img38.jpg", "identities/deepface_p38/img39.jpg"),
    ("identities/bbt_penny/penny1.png", "identities/bbt_penny/penny5.png"),
    ("identities/fr_obama/train_obama2.jpg", "other/fr_32bit.png"),
]
DIFFERENT_PEOPLE = [
    ("identities/deepface_p01/img1.jpg", "identities/deepface_p08/img8.jpg"),
    ("identities/fr_obama/train_obama.jpg", "identities/fr_biden/train_biden.jpg"),
    ("identities/bbt_penny/penny1.png", "identities/bbt_amy/amy1.png"),
    ("identities/deepface_p13/img14.jpg", "identities/deepface_p26/img26.jpg"),
]


def read_csv(name: str) -> list[dict]:
    with (FIXTURES / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", params=PACKS)
def engine(request):
    return load_engine(Settings(model_dir=MODELS), request.param)


def vector(engine, relative: str) -> np.ndarray:
    return engine.analyze(fixture_bytes(relative)).faces[0].vector


def test_embeddings_are_unit_length_with_the_pack_dimension(engine):
    v = vector(engine, "identities/fr_obama/obama3.jpg")
    assert v.dtype == np.float32
    assert v.shape == (engine.pack.dimension,)
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-4


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_same_person_scores_above_the_verify_threshold(engine, first, second):
    assert float(vector(engine, first) @ vector(engine, second)) > engine.verify_threshold


@pytest.mark.parametrize(("first", "second"), DIFFERENT_PEOPLE)
def test_different_people_score_below_the_verify_threshold(engine, first, second):
    assert float(vector(engine, first) @ vector(engine, second)) < engine.verify_threshold


@pytest.mark.parametrize("row", read_csv("NONFACE.csv"), ids=lambda row: row["path"])
def test_non_face_images_have_no_face(engine, row):
    with pytest.raises(ImageRejected) as caught:
        engine.enroll(fixture_bytes(row["path"]))
    assert caught.value.code == "no_face"
    with pytest.raises(ImageRejected):
        engine.analyze(fixture_bytes(row["path"]))


def _expected_face_count(row: dict) -> tuple[int, int]:
    """(lowest, highest) count: exact where the label is a plain number, else the main faces up
    to the rough total (e.g. '2 main + ~3 blurred', '~7 people')."""
    text = row["faces_visible_by_eye"]
    if text.split(" ")[0].isdigit() and "+" not in text:
        count = int(text.split(" ")[0])
        return count, count
    enrolled = len(row["enrolled_identities_present"].split("|"))
    numbers = [int(token) for token in text.replace("~", " ").replace("+", " ").split() if token.isdigit()]
    return max(enrolled, int(row["faces_found_by_dlib_hog_upsample2"])), sum(numbers) if "+" in text else max(numbers)


def _box_iou(box: tuple, other: tuple) -> float:
    x1, y1 = max(box[0], other[0]), max(box[1], other[1])
    x2, y2 = min(box[2], other[2]), min(box[3], other[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    union = (box[2] - box[0]) * (box[3] - box[1]) + (other[2] - other[0]) * (other[3] - other[1]) - inter
    return inter / union if union else 0.0


@pytest.mark.parametrize("row", read_csv("GROUPS.csv"), ids=lambda row: row["path"])
def test_group_photos_give_one_embedding_per_face(row):
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    analysis = engine.analyze(fixture_bytes(row["path"]), all_faces=True)
    lowest, highest = _expected_face_count(row)
    assert lowest <= len(analysis.faces) <= highest
    assert len({id(face.vector) for face in analysis.faces}) == len(analysis.faces)
    # Every enrolled person the label places in the photo is among the detected faces.
    for labeled in row["boxes_top_right_bottom_left_for_matched"].split(";"):
        _, coords = labeled.split(":")
        top, right, bottom, left = map(int, coords.split(","))
        assert max(_box_iou((left, top, right, bottom), face.face.box) for face in analysis.faces) > 0.3


def test_faces_come_largest_first():
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    faces = engine.analyze(fixture_bytes("groups/faceapi_bbt4.jpg"), all_faces=True).faces
    areas = [face.face.area for face in faces]
    assert areas == sorted(areas, reverse=True)


def test_webp_named_jpg_and_rgba_png_enroll(engine):
    assert engine.enroll(fixture_bytes("identities/deepface_p08/img47.jpg")).vector.shape == (engine.pack.dimension,)
    assert engine.enroll(fixture_bytes("other/fr_32bit.png")).vector.shape == (engine.pack.dimension,)


def _jpeg(image: Image.Image, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, **params)
    return buffer.getvalue()


def test_exif_rotated_photo_gives_the_same_embedding(engine):
    upright = Image.open(io.BytesIO(fixture_bytes("identities/deepface_p29/img30.jpg"))).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": store the pixels turned the other way
    sideways = upright.transpose(Image.Transpose.ROTATE_90)
    a = engine.enroll(_jpeg(upright)).vector
    b = engine.enroll(_jpeg(sideways, exif=exif.tobytes())).vector
    assert float(a @ b) >= 0.98


def test_large_photo_is_aligned_from_full_resolution():
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    big = engine.analyze(fixture_bytes("identities/deepface_p38/img40.jpg"))  # 3061 x 4600
    assert big.width == 3061 and big.height == 4600
    assert big.faces[0].quality.face_px > 1000  # measured in original pixels, not the 640 px detector input


def test_alignment_transform_matches_insightface():
    from insightface.utils.face_align import estimate_norm

    engine = load_engine(Settings(model_dir=MODELS), "sface")
    image = engine.decode(fixture_bytes("identities/fr_obama/obama3.jpg"))
    landmarks = engine.detect(image)[0].landmarks
    assert np.allclose(similarity_transform(landmarks, ARCFACE_TEMPLATE), estimate_norm(landmarks), atol=1e-6)


def test_aligned_crop_matches_insightface_norm_crop_at_native_scale():
    from insightface.utils.face_align import norm_crop

    engine = load_engine(Settings(model_dir=MODELS), "sface")
    image = engine.decode(fixture_bytes("identities/bbt_penny/penny5.png"))  # face ~130 px: no pre-shrink
    landmarks = engine.detect(image)[0].landmarks
    theirs = norm_crop(image.bgr, landmarks.astype(np.float32)).astype(int)
    ours = align_face(image.bgr, landmarks).astype(int)
    assert np.abs(theirs - ours).mean() < 1.0


def _recoded(relative: str, change) -> bytes:
    image = cv2.imread(str(FIXTURES / relative))
    ok, buffer = cv2.imencode(".jpg", change(image))
    assert ok
    return buffer.tobytes()


QUALITY_CASES = [
    ("blurry", lambda img: cv2.GaussianBlur(img, (0, 0), 8)),
    ("too_dark", lambda img: (img * 0.12).astype(np.uint8)),
    ("overexposed", lambda img: np.clip(img.astype(int) + 170, 0, 255).astype(np.uint8)),
    ("face_too_small", lambda img: cv2.resize(img, None, fx=0.12, fy=0.12, interpolation=cv2.INTER_AREA)),
]


@pytest.mark.parametrize(("code", "change"), QUALITY_CASES, ids=[case[0] for case in QUALITY_CASES])
def test_quality_gates_reject_with_reason(engine, code, change):
    good = "identities/deepface_p29/img30.jpg"
    assert engine.enroll(fixture_bytes(good)).quality.face_px > 300
    with pytest.raises(ImageRejected) as caught:
        engine.enroll(_recoded(good, change))
    assert caught.value.code == code
    assert caught.value.status == 422


def test_profile_face_is_bad_pose():
    engine = load_engine(Settings(model_dir=MODELS), "sface")
    with pytest.raises(ImageRejected) as caught:
        engine.enroll(fixture_bytes("identities/bbt_stuart/stuart5.png"))
    assert caught.value.code == "bad_pose"


def test_two_people_of_similar_size_is_multiple_faces(engine):
    with pytest.raises(ImageRejected) as caught:
        engine.enroll(fixture_bytes("groups/fr_kit_with_rose.jpg"))
    assert caught.value.code == "multiple_faces"


def test_low_detection_score_gate():
    engine = load_engine(Settings(model_dir=MODELS, enroll_min_detection_score=0.99), "sface")
    with pytest.raises(ImageRejected) as caught:
        engine.enroll(fixture_bytes("identities/fr_obama/obama3.jpg"))
    assert caught.value.code == "low_detection_score"


def test_missing_model_file_is_a_clear_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError) as caught:
        load_engine(Settings(model_dir=MODELS), "buffalo_l")
    assert caught.value.code == "model_file_missing"
    assert "det_10g.onnx" in caught.value.message


def test_bf16_recognizer_precision_runs_where_the_cpu_has_it_and_keeps_the_embeddings():
    """FACEPASS_RECOGNIZER_PRECISION=bf16 (the default): bf16 on a CPU with bf16 arithmetic (f32 elsewhere), the same
    embeddings to cosine 0.998 (README: minimum 0.9989 over 2,379 CelebA and LFW faces), the same answers on
    the fixture pairs. f32 pins f32 on every CPU."""
    import openvino

    assert Settings().recognizer_precision == "bf16"
    f32 = load_engine(Settings(model_dir=MODELS, recognizer_precision="f32"))
    bf16 = load_engine(Settings(model_dir=MODELS))
    assert f32.recognizer.model.precision == "f32"
    cpu_has_bf16 = "BF16" in openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    assert bf16.recognizer.model.precision == ("bf16" if cpu_has_bf16 else "f32")
    verify = f32.pack.verify_threshold
    cosines = []
    for pairs, same in ((SAME_PERSON, True), (DIFFERENT_PEOPLE, False)):
        for first, second in pairs:
            vectors = []
            for engine in (f32, bf16):
                a, b = (engine.analyze(fixture_bytes(name)).faces[0].vector for name in (first, second))
                vectors.append((a, b))
                assert (float(a @ b) >= verify) is same, (first, second, engine.recognizer.model.precision)
            cosines += [float(vectors[0][0] @ vectors[1][0]), float(vectors[0][1] @ vectors[1][1])]
    assert min(cosines) > 0.998
