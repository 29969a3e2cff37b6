"""int8 SFace, derived reproducibly from the verified fp32 file and a committed table of activation ranges.

Post-training static quantization with NNCF (OpenVINO's tool) split in two, so neither test photos nor a
10 MB binary live in the repository:

- `calibrate` (bench/sface_int8.py, once, by a developer): runs the fp32 model on aligned faces of LFW
  DevTrain and writes the per-tensor activation min/max statistics NNCF's MinMax algorithm collects
  (SFACE_INT8_RANGES, ~100 KB of JSON) — the only thing the calibration photos decide.
- `derive` (`facepass models fetch --pack sface-int8`): the same NNCF algorithm, its activation statistics
  loaded from that table and its weight statistics taken from the fp32 file itself, writes the int8
  OpenVINO IR. No inference on photos and no bias correction (it changed nothing here), so the result
  is bit-for-bit reproducible and pinned by sha256 in the pack.

Settings (chosen on LFW DevTrain, README "Benchmarks"): preset MIXED (asymmetric activations), the 27
BatchNorm inputs left unquantized (the file keeps BatchNorm separate from its convolution: quantizing
between them added error and time), bias correction off. NNCF is a build tool (requirements-dev.txt):
imported here only, never on a request's path.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

SFACE_INT8_RANGES = Path(__file__).with_name("sface_int8_ranges.json")
SUBSET_SIZE = 300


def _algorithm():
    import nncf
    from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters
    from nncf.quantization.algorithms.post_training.algorithm import PostTrainingQuantization

    return PostTrainingQuantization(
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=SUBSET_SIZE,
        ignored_scope=nncf.IgnoredScope(types=["BatchNormInference"]),
        advanced_parameters=AdvancedQuantizationParameters(disable_bias_correction=True),
    )


def _prepared(fp32_path: Path):
    """The fp32 model, its NNCF graph, the one-step PTQ pipeline and the statistic points it needs."""
    import openvino
    from nncf.openvino.graph.nncf_graph_builder import GraphConverter

    model = openvino.Core().read_model(str(fp32_path))
    graph = GraphConverter.create_nncf_graph(model)
    pipeline = _algorithm()._pipeline
    if len(pipeline.pipeline_steps) != 1:
        raise RuntimeError(f"unexpected NNCF pipeline {pipeline.pipeline_steps}: pin the nncf version")
    return model, graph, pipeline, pipeline.get_statistic_points_for_step(0, model, graph)


def _is_weight_statistic(key: str) -> bool:
    # NNCF names a statistic <type>_<node>_<target type>_<port>; target type 5 = an operation's weights.
    return key.rsplit("_", 2)[-2] == "5"


def _collect(model, graph, points, inputs: list[np.ndarray]) -> dict[str, dict]:
    import nncf
    from nncf.common.factory import StatisticsAggregatorFactory

    aggregator = StatisticsAggregatorFactory.create(model, nncf.Dataset(inputs))
    aggregator.register_statistic_points(points)
    aggregator.collect_statistics(model, graph)
    return aggregator._prepare_statistics()  # the data NNCF's own dump_statistics writes


def calibrate(fp32_path: Path, blobs: list[np.ndarray], table_path: Path = SFACE_INT8_RANGES) -> int:
    """Collect activation ranges over `blobs` (SFace inputs) and write the table; returns its entry count."""
    import nncf

    nncf.set_log_level(logging.ERROR)
    model, graph, _pipeline, points = _prepared(fp32_path)
    statistics = _collect(model, graph, points, blobs)
    table = {}
    for key, values in sorted(statistics.items()):
        if _is_weight_statistic(key):
            continue  # recomputed from the weights at derivation
        table[key] = {name: {"shape": list(np.asarray(tensor.data).shape),
                             # shortest float32 text: reads back to the same float32
                             "values": [float(str(v)) for v in np.asarray(tensor.data, dtype=np.float32).ravel()]}
                      for name, tensor in sorted(values.items())}
    header = {"_about": f"SFace 2021dec activation min/max for NNCF MinMax (facepass.faces.quantize), "
                        f"{len(blobs)} aligned LFW DevTrain faces"}
    table_path.write_text(json.dumps({**header, **table}, separators=(",", ":"), sort_keys=True) + "\n")
    return len(table)


def derive(fp32_path: Path, xml_path: Path, table_path: Path = SFACE_INT8_RANGES) -> None:
    """Write the int8 IR (xml_path and its .bin) from the fp32 file and the committed activation table."""
    import nncf
    import openvino
    from nncf.common.factory import StatisticsAggregatorFactory
    from nncf.openvino.quantization.quantize_model import compress_quantize_weights_transformation
    from nncf.tensor import Tensor

    nncf.set_log_level(logging.ERROR)  # its per-layer notes and the one-sample warning below
    model, graph, pipeline, points = _prepared(fp32_path)
    table = json.loads(table_path.read_text())
    # Weight statistics (min/max of constants) do not depend on the input: one blank input collects them.
    weights = {key: values for key, values in
               _collect(model, graph, points, [np.zeros((1, 3, 112, 112), np.float32)]).items()
               if _is_weight_statistic(key)}
    activations = {key: {name: Tensor(np.asarray(entry["values"], dtype=np.float32).reshape(entry["shape"]))
                         for name, entry in values.items()}
                   for key, values in table.items() if not key.startswith("_")}
    aggregator = StatisticsAggregatorFactory.create(model, nncf.Dataset([None]))
    aggregator.register_statistic_points(points)
    aggregator._load_statistics({**weights, **activations})  # as NNCF's load_statistics_from_dir
    quantized = pipeline.run_step(0, aggregator.statistic_points, model, graph)
    compress_quantize_weights_transformation(quantized)  # int8 weights in the .bin, as nncf.quantize does
    openvino.save_model(quantized, str(xml_path), compress_to_fp16=False)


if __name__ == "__main__":
    # `python -m facepass.faces.quantize FP32 XML`: model_files runs the derivation in a fresh process, since
    # OpenVINO numbers the nodes it creates per process and those numbers are written into the .xml.
    import sys

    derive(Path(sys.argv[1]), Path(sys.argv[2]))
