"""Inference runtimes: ONNX Runtime sessions and OpenVINO compiled models, created once per process, CPU only.

Each model runs on the runtime measured fastest for it (README, "Benchmarks"; bench/identify.py): YuNet and
the InsightFace models on ONNX Runtime; SFace and the MiniFASNet liveness models on OpenVINO (SFace: 2.5x
ONNX Runtime and 1.3x OpenCV's DNN on this machine, identical embeddings; MiniFASNet: 2x ONNX Runtime).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import numpy as np
import onnxruntime as ort

from facepass.errors import ConfigurationError

logger = logging.getLogger(__name__)

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
        self.loaded_from_cache = bool(compiled.get_property("LOADED_FROM_CACHE"))  # see use_compiled_model_cache
        # What the CPU plugin runs, "f32" or "bf16": a bf16 hint on a CPU without bf16 gives f32.
        self.precision = "bf16" if "bfloat16" in str(compiled.get_property("INFERENCE_PRECISION_HINT")) else "f32"

    def run(self, batch: np.ndarray) -> np.ndarray:
        with self._lock:
            return self._request.infer({0: batch})[0].copy()

    def start(self, batch: np.ndarray) -> None:
        """Begin an inference on OpenVINO's own thread; result() waits for it (and must follow)."""
        self._lock.acquire()
        try:
            self._request.start_async({0: batch})
        except BaseException:
            self._lock.release()
            raise

    def result(self) -> np.ndarray:
        try:
            self._request.wait()
            return self._request.get_output_tensor(0).data.copy()
        finally:
            self._lock.release()


_openvino_core = None
_openvino_core_lock = threading.Lock()
_compiled_model_cache: Path | None = None


def use_compiled_model_cache(directory: Path | None) -> None:
    """Process-wide (settings.model_cache_dir): OpenVINO models compiled from now on are loaded from this
    folder's compiled blobs when there (~0.15 s for SFace instead of ~0.6 s), and written there when it is
    writable. A read-only folder (the container image's, filled at build time) is only read."""
    global _compiled_model_cache
    _compiled_model_cache = Path(directory) if directory else None


def compiled_model_cache() -> Path | None:
    """The folder set by use_compiled_model_cache: part of the key of every process-wide model store, so a
    model built before a cache was set is built again (and cached) when asked for with one."""
    return _compiled_model_cache


def import_openvino():
    """`import openvino` also imports its model converter (openvino.tools.ovc with a telemetry client: ~45% of
    the import time), which inference never uses: it is kept out. `import openvino.tools.ovc` still works later."""
    if "openvino" in sys.modules:
        return sys.modules["openvino"]
    blocked = "openvino.tools.ovc" not in sys.modules
    if blocked:
        sys.modules["openvino.tools.ovc"] = None  # openvino/__init__ catches the ImportError this raises
    try:
        import openvino
    finally:
        if blocked and sys.modules.get("openvino.tools.ovc", False) is None:
            del sys.modules["openvino.tools.ovc"]
    return openvino


def _usable_cache_dir() -> Path | None:
    directory = _compiled_model_cache
    if directory is None or directory.is_dir():
        return directory
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return directory
    except OSError as error:  # e.g. a read-only file system without the folder: compile without a cache
        logger.warning("compiled-model cache %s unavailable (%s): compiling", directory, error)
        return None


def create_openvino_model(model_path: Path, *, threads: int, input_shape: tuple[int, ...] | None = None,
                          precision: str = "f32") -> OpenVinoModel:
    """Compiled for latency: one stream, `threads` inference threads, not pinned to cores (a Lambda sandbox
    shares its cores). precision: "f32" on every CPU unless asked (OpenVINO's own default is bf16 on CPUs that
    have it, which moves embeddings a little: Settings.recognizer_precision); "bf16" where the CPU has it, f32
    elsewhere. input_shape: compile for exactly this input shape (a static shape lets the CPU plugin plan its
    kernels once: the liveness models' dynamic batch cost ~1 ms)."""
    global _openvino_core
    _require(model_path)
    with _openvino_core_lock:
        if _openvino_core is None:
            # imported with the first model: only the packs and features that use it pay for it
            _openvino_core = import_openvino().Core()
    model = str(model_path)
    if input_shape is not None:
        model = _openvino_core.read_model(model)
        model.reshape(list(input_shape))
    config = {"PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": 1, "INFERENCE_NUM_THREADS": threads,
              "ENABLE_CPU_PINNING": False, "INFERENCE_PRECISION_HINT": precision}
    cache_dir = _usable_cache_dir()
    if cache_dir is not None:
        try:
            return OpenVinoModel(_openvino_core.compile_model(model, "CPU", {**config, "CACHE_DIR": str(cache_dir)}))
        except RuntimeError as error:  # an unusable cache never stops the model: compile it as without one
            logger.warning("compiled-model cache %s failed (%s): compiling", cache_dir, error)
    return OpenVinoModel(_openvino_core.compile_model(model, "CPU", config))


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
