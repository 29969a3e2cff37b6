"""The speed paths of the face engine keep its answers: runtime choice, free detector shapes, the detector's
canvas, reduced-scale decoding, and the thread count Lambda's memory size implies."""

from __future__ import annotations

import io

import cv2
import numpy as np
import onnxruntime as ort
import pytest
from PIL import Image

from facepass.config import Settings
from facepass.errors import ImageRejected
from facepass.faces import engine as engine_module
from facepass.faces import load_engine
from facepass.faces.alignment import align_face
from facepass.faces.decoding import decode_image
from facepass.faces.runtime import create_session, without_io_shapes
from tests.conftest import MODELS, fixture_bytes

YUNET = MODELS / "opencv_zoo" / "face_detection_yunet_2023mar.onnx"
SFACE = MODELS / "opencv_zoo" / "face_recognition_sface_2021dec.onnx"


@pytest.fixture(scope="module")
def engine():
    return load_engine(Settings(model_dir=MODELS), "sface")


def iou(a, b) -> float:
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x2 - x1) * max(0.0, y2 - y1)
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area


def kiosk_frame(path: str, engine) -> bytes:
    image = engine.decode(fixture_bytes(path))
    x1, y1, x2, y2 = engine.detect(image)[0].box
    scale = 0.42 * 480 / (y2 - y1)
    matrix = np.array([[scale, 0, 320 - (x1 + x2) / 2 * scale], [0, scale, 216 - (y1 + y2) / 2 * scale]])
    frame = cv2.warpAffine(image.bgr, matrix, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    return cv2.imencode(".jpg", frame)[1].tobytes()


def test_sface_on_opencv_dnn_gives_the_onnxruntime_embedding(engine):
    session = ort.InferenceSession(str(SFACE), providers=["CPUExecutionProvider"])
    for path in ("identities/fr_obama/obama3.jpg", "identities/bbt_penny/penny1.png"):
        image = engine.decode(fixture_bytes(path))
        aligned = align_face(image.bgr, engine.detect(image)[0].landmarks)
        reference = session.run(None, {"data": aligned[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32)})[0][0]
        reference /= np.linalg.norm(reference)
        assert float(engine.recognizer.embed([aligned])[0] @ reference) > 0.999


def test_yunet_without_declared_shapes_runs_at_any_multiple_of_32():
    assert without_io_shapes(YUNET.read_bytes()) != YUNET.read_bytes()
    session = create_session(YUNET, threads=1, free_shapes=True)
    outputs = session.run(None, {session.get_inputs()[0].name: np.zeros((1, 3, 256, 320), np.float32)})
    assert outputs[0].shape[1] == (256 // 8) * (320 // 8)


def canvas_reference(engine, image):
    """The largest face's landmarks and embedding from the detector run by hand on the 640x640 canvas
    (the photo shrunk to fit, black right and bottom): the pass README's open-set figures were made with."""
    height, width = image.bgr.shape[:2]
    scale = min(1.0, 640 / max(height, width))
    small = cv2.resize(image.bgr, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((640, 640, 3), np.uint8)
    canvas[:small.shape[0], :small.shape[1]] = small
    face = max(engine.detector.detect(canvas), key=lambda found: found.area)
    landmarks = face.landmarks / scale
    return landmarks, engine.recognizer.embed([align_face(image.bgr, landmarks)])[0]


@pytest.mark.parametrize("kiosk", [True, False])
def test_identify_gives_the_full_canvas_pass_landmarks_and_embedding(engine, kiosk):
    # The coarse 320 px pass and the photo-shaped input of the speed work moved embeddings to cosine
    # 0.89-0.99 on kiosk frames (and open-set decisions with them); identify now uses the full pass only.
    for path in ("identities/fr_obama/obama3.jpg", "identities/deepface_p01/img2.jpg", "identities/bbt_amy/amy2.png",
                 "identities/bbt_penny/penny1.png"):
        data = kiosk_frame(path, engine) if kiosk else fixture_bytes(path)
        face = engine.analyze(data).faces[0]
        landmarks, vector = canvas_reference(engine, engine.decode(data))
        assert np.abs(face.face.landmarks - landmarks).max() < 1e-3
        assert float(face.vector @ vector) > 0.99999


def test_small_faces_fall_back_to_the_full_pass(engine):
    image = engine.decode(fixture_bytes("groups/faceapi_bbt4.jpg"))
    shrunk = cv2.resize(image.bgr, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    canvas = np.zeros((1200, 1600, 3), np.uint8)  # six ~30 px faces in a large frame
    canvas[:shrunk.shape[0], :shrunk.shape[1]] = shrunk
    data = cv2.imencode(".png", canvas)[1].tobytes()
    faces = engine.detect(engine.decode(data))
    assert len(faces) >= 4


def test_large_jpeg_decoded_at_reduced_scale_keeps_original_pixel_coordinates(engine):
    data = fixture_bytes("identities/deepface_p38/img40.jpg")  # 3061 x 4600
    full = decode_image(data, max_bytes=50_000_000, max_pixels=40_000_000)
    reduced = decode_image(data, max_bytes=50_000_000, max_pixels=40_000_000, min_side=1280)
    assert reduced.scale < 1.0 and max(reduced.bgr.shape[:2]) >= 1280
    assert (reduced.width, reduced.height) == (full.width, full.height)
    box_full, box_reduced = engine.detect(full)[0].box, engine.detect(reduced)[0].box
    assert iou(box_full, box_reduced) > 0.9
    enrolled = engine.enroll(data)
    assert iou(enrolled.face.box, box_full) > 0.9


# Every fixture JPEG over 2 x ENROLL_DECODE_SIDE (the ones enrollment decodes at reduced scale), groups included.
LARGE_JPEGS = ("groups/deepface_couple.jpg", "groups/fr_obama_and_biden.jpg", "identities/deepface_p01/img4.jpg",
               "identities/deepface_p01/img7.jpg", "identities/deepface_p03/img3.jpg",
               "identities/deepface_p03/img54.jpg",
               "identities/deepface_p08/img49.jpg", "identities/deepface_p13/img13.jpg",
               "identities/deepface_p13/img57.jpg", "identities/deepface_p22/img23.jpg",
               "identities/deepface_p26/img26.jpg", "identities/deepface_p29/img31.jpg",
               "identities/deepface_p29/img33.jpg", "identities/deepface_p38/img39.jpg",
               "identities/deepface_p38/img40.jpg", "identities/deepface_p38/img41.jpg",
               "identities/fr_biden/train_biden.jpg", "identities/fr_obama/obama3.jpg")


def enroll_outcome(engine, data: bytes):
    try:
        return "enrolled", engine.enroll(data)
    except ImageRejected as error:
        return error.code, None


def test_enrollment_at_reduced_scale_gives_the_full_resolution_answer(engine, monkeypatch):
    reduced = {path: enroll_outcome(engine, fixture_bytes(path)) for path in LARGE_JPEGS}
    monkeypatch.setattr(engine_module, "ENROLL_DECODE_SIDE", None)  # decode everything in full
    for path, (code, embedded) in reduced.items():
        full_code, full = enroll_outcome(engine, fixture_bytes(path))
        assert code == full_code, path
        if embedded is not None:
            assert float(embedded.vector @ full.vector) >= 0.99, path
            assert iou(embedded.face.box, full.face.box) > 0.9, path


def test_a_face_small_in_a_large_photo_is_aligned_from_enough_pixels(engine, monkeypatch):
    image = engine.decode(fixture_bytes("identities/deepface_p01/img5.jpg"))  # 330 x 512, one face
    canvas = np.full((3024, 4032, 3), 128, np.uint8)  # a 12 MP photo, the face ~1/10 of its height
    canvas[1200:1200 + image.bgr.shape[0], 1800:1800 + image.bgr.shape[1]] = image.bgr
    data = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
    decodes = []
    original_decode = engine.decode
    monkeypatch.setattr(engine, "decode", lambda *a, **k: decodes.append(k) or original_decode(*a, **k))
    enrolled = engine.enroll(data)
    assert len(decodes) == 2  # the face was too small at 1/4 scale: decoded again at the scale it needs
    monkeypatch.setattr(engine_module, "ENROLL_DECODE_SIDE", None)
    assert float(enrolled.vector @ engine.enroll(data).vector) >= 0.99


def test_small_and_png_photos_are_decoded_in_full():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (120, 90, 60)).save(buffer, format="PNG")
    assert decode_image(buffer.getvalue(), max_bytes=50_000_000, max_pixels=40_000_000, min_side=1280).scale == 1.0
    small = fixture_bytes("other/fr_obama-480p.jpg")
    assert decode_image(small, max_bytes=10_000_000, max_pixels=40_000_000, min_side=1280).scale == 1.0


@pytest.mark.parametrize(("memory", "cap"), [("1024", 1), ("2048", 1), ("3538", 2), ("10240", 6)])
def test_threads_follow_lambda_memory(monkeypatch, memory, cap):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory)
    monkeypatch.delenv("FACEPASS_ONNX_THREADS", raising=False)
    settings = Settings()
    assert 1 <= settings.inference_threads <= cap
    monkeypatch.setenv("FACEPASS_ONNX_THREADS", "3")
    assert Settings().inference_threads == 3
