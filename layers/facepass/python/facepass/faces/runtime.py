"""Inference runtimes: ONNX Runtime sessions and OpenVINO compiled models, created once per process, CPU only.

Each model runs on the runtime measured fastest for it (README, "Benchmarks"; bench/identify.py): YuNet and
the InsightFace models on ONNX Runtime; SFace and the MiniFASNet liveness models on OpenVINO (SFace: 2.5x
ONNX Runtime and 1.3x OpenCV's DNN on this machine, identical embeddings; MiniFASNet: 2x ONNX Runtime).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import onnxruntime as ort

from facepass.errors import ConfigurationError


def _require(model_path: Path) -> None:
    if not model_path.is_file():
        raise ConfigurationError(
            f"Model file {model_path} is missing. Point FACEPASS_MODEL_DIR at the folder holding it "
            "(run `make models` to fetch the default pack).",
            code="model_file_missing",
        )


def create_session(model_path: Path, *, threads: int, free_shapes: bool = False) -> ort.InferenceSession:
    """free_shapes: drop the declared shapes of the graph's inputs and outputs, so a fully convolutional
    model exported at one size (YuNet: 640x640) runs at the size each photo needs."""
    _require(model_path)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Idle worker threads otherwise spin for a while after each run, taking the CPU from the next model.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # SFace's exporter leaves initializers as inputs: ORT warns per tensor
    model = without_io_shapes(model_path.read_bytes()) if free_shapes else str(model_path)
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


class OpenVinoModel:
    """One compiled OpenVINO model with a single input and output: run(batch) -> first output."""

    def __init__(self, compiled) -> None:
        self._request = compiled.create_infer_request()
        self._lock = threading.Lock()  # one request holds its buffers: one inference at a time (models are shared)

    def run(self, batch: np.ndarray) -> np.ndarray:
        with self._lock:
            return self._request.infer({0: batch})[0].copy()


_openvino_core = None
_openvino_core_lock = threading.Lock()


def create_openvino_model(model_path: Path, *, threads: int) -> OpenVinoModel:
    """Compiled for latency: one stream, `threads` inference threads, not pinned to cores (a Lambda sandbox
    shares its cores)."""
    global _openvino_core
    _require(model_path)
    import openvino  # imported with the first model: only the packs and features that use it pay for it

    with _openvino_core_lock:
        if _openvino_core is None:
            _openvino_core = openvino.Core()
    compiled = _openvino_core.compile_model(str(model_path), "CPU", {
        "PERFORMANCE_HINT": "LATENCY",
        "NUM_STREAMS": 1,
        "INFERENCE_NUM_THREADS": threads,
        "ENABLE_CPU_PINNING": False,
    })
    return OpenVinoModel(compiled)


# --- ONNX protobuf surgery without the onnx package (not a runtime dependency) ----------------
# Field numbers from onnx.proto: ModelProto.graph = 7; GraphProto.input = 11, output = 12;
# ValueInfoProto.type = 2; TypeProto.tensor_type = 1; TypeProto.Tensor.shape = 2.

def _varint(buf: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _rewrite(buf: bytes, rules: dict) -> bytes:
    """Copy a protobuf message; for length-delimited fields named in rules, apply the rule to the payload:
    a dict recurses into the sub-message, None drops the field."""
    out = bytearray()
    i = 0
    while i < len(buf):
        start = i
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, i = _varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, body = _varint(buf, i)
            i = body + length
            if field in rules:
                rule = rules[field]
                if rule is None:
                    continue
                payload = _rewrite(buf[body:i], rule)
                out += _encode_varint(key) + _encode_varint(len(payload)) + payload
                continue
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out += buf[start:i]
    return bytes(out)


_SHAPELESS_VALUE = {2: {1: {2: None}}}  # ValueInfoProto.type.tensor_type.shape dropped


def without_io_shapes(model: bytes) -> bytes:
    """The ONNX model with no declared shape on its graph inputs and outputs."""
    return _rewrite(model, {7: {11: _SHAPELESS_VALUE, 12: _SHAPELESS_VALUE}})
