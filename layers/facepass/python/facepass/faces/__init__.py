"""Face detection, alignment, quality and embeddings from ONNX model packs."""

from facepass.faces.engine import FaceAnalysis, FaceEmbedding, FaceEngine, StageTimer, load_engine
from facepass.faces.packs import PACKS, ModelPack, get_pack

__all__ = ["PACKS", "FaceAnalysis", "FaceEmbedding", "FaceEngine", "ModelPack", "StageTimer", "get_pack",
           "load_engine"]
