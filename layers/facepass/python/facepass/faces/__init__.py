"""Face detection, alignment, quality and embeddings from ONNX model packs."""

from typing import TYPE_CHECKING

from facepass.faces.packs import PACKS, ModelPack, get_pack

if TYPE_CHECKING:
    from facepass.faces.engine import FaceAnalysis, FaceEmbedding, FaceEngine, StageTimer, load_engine

__all__ = ["PACKS", "FaceAnalysis", "FaceEmbedding", "FaceEngine", "ModelPack", "StageTimer", "get_pack",
           "load_engine"]

_ENGINE_NAMES = {"FaceAnalysis", "FaceEmbedding", "FaceEngine", "StageTimer", "load_engine"}


def __getattr__(name: str):
    # The engine (onnxruntime, OpenCV) on first use only: the zip functions' layer has neither, and the cleanup reads
    # the packs' thresholds (facepass.faces.packs) to compare stored embeddings.
    if name in _ENGINE_NAMES:
        from facepass.faces import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
