"""ONNX Runtime sessions: created once per process and shared, CPU only."""

from __future__ import annotations

from pathlib import Path

import onnxruntime as ort

from facepass.errors import ConfigurationError


def create_session(model_path: Path, *, threads: int) -> ort.InferenceSession:
    if not model_path.is_file():
        raise ConfigurationError(
            f"Model file {model_path} is missing. Point FACEPASS_MODEL_DIR at the folder holding it "
            "(run `make models` to fetch the default pack).",
            code="model_file_missing",
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # SFace's exporter leaves initializers as inputs: ORT warns per tensor
    return ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
