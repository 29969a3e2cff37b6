"""Model packs: which detector and recognizer files, their licenses and decision thresholds.

Thresholds are cosine similarities chosen on LFW View 1 DevTrain (see README, "Thresholds"):
verify = the centre of the DevTrain thresholds within one pair of the best accuracy (the single best
cut sits at the edge of a flat region and transferred worse). The 1:N identify threshold follows the
false-accept target and the gallery size through `impostor_tail` (facepass.calibration);
identify_threshold (the DevTrain threshold where the false accept rate falls to 1e-3, plus a safety
margin) is its floor for small galleries, where the tail model would be extrapolated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from facepass.calibration import ImpostorTail


@dataclass(frozen=True)
class ModelPack:
    name: str
    model_id: str  # stored with every embedding; vectors of different model ids never mix
    detector: str  # "yunet" or "scrfd"
    detector_file: str
    recognizer: str  # "sface" or "arcface"
    recognizer_file: str
    dimension: int
    license: str
    commercial_use: bool
    verify_threshold: float
    identify_threshold: float  # the open-set threshold's floor (small galleries)
    detection_threshold: float  # detectors score on different scales
    min_enroll_detection_score: float
    # Per-person impostor score tail measured on development photos (`facepass eval identify`):
    # with the target FPIR and the gallery size it gives the identify threshold (facepass.calibration).
    impostor_tail: ImpostorTail
    sha256: dict[str, str] = field(default_factory=dict)
    download_urls: dict[str, str] = field(default_factory=dict)
    # The recognizer is made, not fetched: derived from this (fetched, verified) file by
    # facepass.faces.quantize at `facepass models fetch` (the int8 SFace; an OpenVINO IR, .xml + .bin).
    derived_from: str | None = None
    # Detection in two steps (FaceEngine.detect and refine): a small first look, then each embedded face
    # detected again at one scale. The InsightFace packs keep insightface's own single pass.
    locate_then_refine: bool = False


PACKS: dict[str, ModelPack] = {
    "sface": ModelPack(
        name="sface",
        model_id="sface-2021dec",
        detector="yunet",
        detector_file="opencv_zoo/face_detection_yunet_2023mar.onnx",
        recognizer="sface",
        recognizer_file="opencv_zoo/face_recognition_sface_2021dec.onnx",
        dimension=128,
        license="YuNet: MIT; SFace: Apache-2.0 (OpenCV zoo). Commercial use allowed.",
        commercial_use=True,
        verify_threshold=0.34,  # DevTrain plateau 0.325-0.355 (single best cut 0.327)
        identify_threshold=0.40,  # DevTrain FAR<=1e-3 from 0.353, plus 0.05 for 1:N over a gallery
        detection_threshold=0.7,
        min_enroll_detection_score=0.8,
        # celeba-dev + lfw-dev, dev part, 712 people enrolled, 1,407 strangers (README, "Open-set").
        impostor_tail=ImpostorTail(anchor=0.3696, anchor_rate=0.001, scale=0.0252),
        locate_then_refine=True,
        sha256={
            "opencv_zoo/face_detection_yunet_2023mar.onnx":
                "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
            "opencv_zoo/face_recognition_sface_2021dec.onnx":
                "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79",
        },
        download_urls={
            "opencv_zoo/face_detection_yunet_2023mar.onnx":
                "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/"
                "face_detection_yunet_2023mar.onnx",
            "opencv_zoo/face_recognition_sface_2021dec.onnx":
                "https://github.com/opencv/opencv_zoo/raw/main/models/face_recognition_sface/"
                "face_recognition_sface_2021dec.onnx",
        },
    ),
    "buffalo_s": ModelPack(
        name="buffalo_s",
        model_id="buffalo_s-w600k_mbf",
        detector="scrfd",
        detector_file="buffalo_s/det_500m.onnx",
        recognizer="arcface",
        recognizer_file="buffalo_s/w600k_mbf.onnx",
        dimension=512,
        license="InsightFace buffalo_s: non-commercial research use only.",
        commercial_use=False,
        verify_threshold=0.24,  # DevTrain plateau centre (single best cut 0.232)
        identify_threshold=0.30,  # DevTrain FAR<=1e-3 from 0.218, plus 0.08 (scores spread wider)
        detection_threshold=0.5,
        min_enroll_detection_score=0.6,
        # celeba-dev + lfw-dev, dev part, 1,007 people enrolled, 767 strangers (README, "Open-set").
        impostor_tail=ImpostorTail(anchor=0.2342, anchor_rate=0.001, scale=0.0241),
        sha256={
            "buffalo_s/det_500m.onnx": "5e4447f50245bbd7966bd6c0fa52938c61474a04ec7def48753668a9d8b4ea3a",
            "buffalo_s/w600k_mbf.onnx": "9cc6e4a75f0e2bf0b1aed94578f144d15175f357bdc05e815e5c4a02b319eb4f",
        },
    ),
    "buffalo_l": ModelPack(
        name="buffalo_l",
        model_id="buffalo_l-w600k_r50",
        detector="scrfd",
        detector_file="buffalo_l/det_10g.onnx",
        recognizer="arcface",
        recognizer_file="buffalo_l/w600k_r50.onnx",
        dimension=512,
        license="InsightFace buffalo_l: non-commercial research use only. Files supplied by the user.",
        commercial_use=False,
        verify_threshold=0.24,  # not measured here (files not available): buffalo_s values as a start
        identify_threshold=0.30,
        detection_threshold=0.5,
        min_enroll_detection_score=0.6,
        impostor_tail=ImpostorTail(anchor=0.2342, anchor_rate=0.001, scale=0.0241),  # buffalo_s's: not measured
    ),
}

# SFace quantized to int8 (NNCF, activation ranges from LFW DevTrain: facepass.faces.quantize): ~35 % less CPU
# per face than fp32 on AVX2 and the same embedding space (cosine to fp32 0.998 on held-out faces), so it keeps
# sface's model id, thresholds and files, and mixes with fp32 enrollments. Made by
# `facepass models fetch --pack sface-int8` from the verified fp32 file.
_INT8_XML = "opencv_zoo/face_recognition_sface_2021dec_int8.xml"
PACKS["sface-int8"] = replace(
    PACKS["sface"],
    name="sface-int8",
    recognizer_file=_INT8_XML,
    license="YuNet: MIT; SFace: Apache-2.0 (OpenCV zoo), int8 derivative. Commercial use allowed.",
    # Refitted for int8 on the dev part (README, "Open-set"): 0.3660 / 0.0258 against fp32's 0.3696 / 0.0252.
    impostor_tail=ImpostorTail(anchor=0.3660, anchor_rate=0.001, scale=0.0258),
    sha256={
        **PACKS["sface"].sha256,
        _INT8_XML: "f8f9b11c43c8558e941105249a61576497fc9d8e4c0686b0edee94c73446025b",
        "opencv_zoo/face_recognition_sface_2021dec_int8.bin":
            "6dd2164defdc0ff4d763ea4a416624c4297a899849507b8d8600567ba0e05591",
    },
    derived_from="opencv_zoo/face_recognition_sface_2021dec.onnx",
)


def verify_threshold(pack: ModelPack, override: float | None) -> float:
    """The 1:1 threshold (also the identify floor): FACEPASS_VERIFY_THRESHOLD when set, else the pack's."""
    return pack.verify_threshold if override is None else override


def get_pack(name: str) -> ModelPack:
    try:
        return PACKS[name]
    except KeyError:
        raise ValueError(f"unknown model pack {name!r}; known: {', '.join(PACKS)}") from None
