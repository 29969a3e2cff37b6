"""The speed paths of the face engine keep its answers: runtime choice, free detector shapes, detection in two
steps (locate, refine), reduced-scale decoding, and the thread count Lambda's memory size implies."""

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
from facepass.faces.decoding import DecodedImage, decode_image
from facepass.faces.runtime import create_session, without_io_shapes
from tests.conftest import MODELS, fixture_bytes, square_pass_face

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


def placed(image_bgr: np.ndarray, scale: float, size: tuple[int, int], at: tuple[int, int]) -> DecodedImage:
    """The photo scaled and pasted at `at` into a grey frame of size (width, height)."""
    small = cv2.resize(image_bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((size[1], size[0], 3), 110, np.uint8)
    frame[at[1]:at[1] + small.shape[0], at[0]:at[0] + small.shape[1]] = small
    return DecodedImage(bgr=frame, format="PNG")


def test_refined_landmarks_move_less_with_the_photo_size_and_the_face_place(engine):
    # The point of refining: an enrollment photo and a kiosk frame of the same face get their landmarks from
    # the face at one scale. The same face smaller and elsewhere in a larger frame: its landmarks (brought back
    # to the photo's pixels, in eye distances) move less than with the single square pass, and stay close.
    refined, square, cosines = [], [], []
    for path in ("identities/fr_obama/obama3.jpg", "identities/deepface_p01/img2.jpg", "identities/bbt_amy/amy2.png",
                 "identities/bbt_penny/penny1.png", "identities/fr_biden/train_biden.jpg"):
        original = engine.decode(fixture_bytes(path))
        height, width = original.bgr.shape[:2]
        reference = engine.analyze_image(original).faces[0]
        reference_square = square_pass_face(engine, original).landmarks
        eyes = float(np.linalg.norm(reference.face.landmarks[1] - reference.face.landmarks[0]))
        for scale, at in ((0.5, (150, 90)), (0.7, (40, 200)), (0.35, (300, 20))):
            moved_image = placed(original.bgr, scale, (width + 400, height + 300), at)
            moved = engine.analyze_image(moved_image).faces[0]
            refined.append(np.abs((moved.face.landmarks - at) / scale - reference.face.landmarks).max() / eyes)
            moved_square = square_pass_face(engine, moved_image).landmarks
            square.append(np.abs((moved_square - at) / scale - reference_square).max() / eyes)
            cosines.append(float(reference.vector @ moved.vector))
    assert np.mean(refined) < 0.1 and np.mean(refined) < 0.8 * np.mean(square)
    assert np.mean(cosines) > 0.93


def test_identify_embeds_the_refined_face_on_a_kiosk_frame(engine):
    image = engine.decode(kiosk_frame("identities/fr_obama/obama3.jpg", engine))
    located = engine.detect(image)[0]
    embedded = engine.analyze_image(image).faces[0]
    assert iou(embedded.face.box, located.box) > 0.7
    assert not np.allclose(embedded.face.landmarks, located.landmarks)  # from the 160 px crop, not the first look
    aligned = align_face(image.bgr, embedded.face.landmarks)
    assert float(engine.recognizer.embed([aligned])[0] @ embedded.vector) > 0.99999


def test_refine_crops_are_halved_on_whole_factors(engine, monkeypatch):
    # A kiosk face's crop (2 face sizes, ~400 px) is halved before its bilinear step to 160 px; with an odd side that
    # halving is OpenCV's fractional area path (~0.6 ms against 0.04), so the crop's sides are made even. Odd
    # offsets and face sizes, and a face at the photo's edge (the crop clipped there), all give exact halvings.
    from facepass.faces import decoding

    halvings = []
    resize = cv2.resize

    def spy(src, dsize, *args, **kwargs):
        if kwargs.get("interpolation") == cv2.INTER_AREA:
            halvings.append((src.shape[1], src.shape[0], *dsize))
        return resize(src, dsize, *args, **kwargs)

    photo = engine.decode(fixture_bytes("identities/fr_obama/obama3.jpg"))
    for scale, at in ((1.0, (101, 57)), (0.83, (3, 211)), (1.37, (0, 0))):
        image = placed(photo.bgr, scale, (photo.width * 2 + 31, photo.height * 2 + 17), at)
        face = engine.detect(image)[0]
        halvings.clear()
        monkeypatch.setattr(decoding.cv2, "resize", spy)
        refined = engine.refine(image, face)
        monkeypatch.setattr(decoding.cv2, "resize", resize)
        assert halvings, "the crop was not halved"
        assert all(width == 2 * half_w and height == 2 * half_h for width, height, half_w, half_h in halvings)
        assert refined is not face and iou(refined.box, face.box) > 0.7


def test_a_kiosk_face_is_located_without_the_full_pass(engine, monkeypatch):
    image = engine.decode(kiosk_frame("identities/bbt_penny/penny1.png", engine))
    sides = []
    original = engine._detect_on_canvas
    monkeypatch.setattr(engine, "_detect_on_canvas",
                        lambda bgr, side=None: sides.append(side) or original(bgr, side))
    assert len(engine.detect(image)) == 1
    assert sides == [engine_module.LOCATE_SIZE]


def test_a_tight_crop_falls_back_to_the_full_pass_and_refines_past_the_photo_edge(engine):
    image = engine.decode(fixture_bytes("identities/fr_obama/obama3.jpg"))
    x1, y1, x2, y2 = (round(v) for v in engine.detect(image)[0].box)
    tight = DecodedImage(bgr=np.ascontiguousarray(image.bgr[y1:y2, x1:x2]), format="PNG")  # the face, no context
    face = engine.analyze_image(tight).faces[0]
    assert iou(face.face.box, (0, 0, x2 - x1, y2 - y1)) > 0.5


def test_insightface_packs_keep_their_single_pass():
    buffalo = load_engine(Settings(model_dir=MODELS), "buffalo_s")
    image = buffalo.decode(fixture_bytes("identities/fr_obama/obama3.jpg"))
    located = buffalo.detect(image)[0]
    assert buffalo.refine(image, located) is located


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
            # the located box differs by a pixel, and the refine crop with it: median 0.996, min 0.967
            assert float(embedded.vector @ full.vector) >= 0.95, path
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


def test_two_threads_run_the_small_detector_inputs_on_one_thread_with_the_same_answers(monkeypatch):
    # The 256 px locate square and the 160 px refine crop go to the single-thread session (faster there), the full
    # pass to the threaded one; ONNX Runtime's thread count does not change YuNet's outputs, so neither the faces
    # nor the embeddings move.
    one = load_engine(Settings(model_dir=MODELS, onnx_threads=1), "sface")
    two = load_engine(Settings(model_dir=MODELS, onnx_threads=2), "sface")
    assert one.detector.single_thread_session is None
    assert two.detector.single_thread_session is not None
    sessions = []
    for name, session in (("threaded", two.detector.session), ("single", two.detector.single_thread_session)):
        monkeypatch.setattr(session, "run", lambda names, feeds, run=session.run, name=name: (
            sessions.append((name, next(iter(feeds.values())).shape[2])) or run(names, feeds)))
    frame = kiosk_frame("identities/bbt_penny/penny1.png", one)
    faces_two = two.analyze(frame).faces
    assert sessions == [("single", engine_module.LOCATE_SIZE), ("single", engine_module.REFINE_SIZE)]
    sessions.clear()
    with pytest.raises(ImageRejected):  # no face: the full 640 px pass (and its padded retry) after the first look
        two.analyze_image(DecodedImage(bgr=np.full((480, 640, 3), 110, np.uint8), format="PNG"))
    assert sessions[0] == ("single", engine_module.LOCATE_SIZE)
    assert {name for name, side in sessions[1:]} == {"threaded"} and len(sessions) > 1
    faces_one = one.analyze(frame).faces
    assert faces_two[0].face.box == faces_one[0].face.box
    assert np.array_equal(faces_two[0].vector, faces_one[0].vector)
