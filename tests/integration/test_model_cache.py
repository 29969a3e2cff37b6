"""The OpenVINO compiled-model cache (FACEPASS_MODEL_CACHE_DIR): filled by `facepass models warm-cache` (the
container image's build step), read by a cold start, and never in the way: an unusable folder compiles as
without one. Real models; the answers are compared with an uncached compile of the same file."""

from __future__ import annotations

import numpy as np
import pytest

from facepass.cli import main
from facepass.faces.packs import get_pack
from facepass.faces.runtime import create_openvino_model, use_compiled_model_cache
from tests.conftest import MODELS

SFACE = MODELS / get_pack("sface").recognizer_file


@pytest.fixture
def probe() -> np.ndarray:
    return np.random.default_rng(7).integers(0, 255, (1, 3, 112, 112)).astype(np.float32)


@pytest.fixture(autouse=True)
def no_cache_afterwards():
    yield
    use_compiled_model_cache(None)


def test_warm_cache_fills_the_folder_and_a_later_compile_loads_from_it_with_the_same_answers(tmp_path, probe):
    cache = tmp_path / "model-cache"
    assert main(["models", "warm-cache", "--dir", str(cache)]) == 0
    blobs = sorted(cache.glob("*.blob"))
    assert len(blobs) == 3  # SFace and the two liveness models

    use_compiled_model_cache(None)
    compiled = create_openvino_model(SFACE, threads=1)
    assert not compiled.loaded_from_cache
    use_compiled_model_cache(cache)
    cached = create_openvino_model(SFACE, threads=1)
    assert cached.loaded_from_cache
    np.testing.assert_array_equal(cached.run(probe), compiled.run(probe))
    # The blob holds the compiled graph, not its arithmetic: FACEPASS_RECOGNIZER_PRECISION=bf16 loads the same
    # one and runs as a bf16 compile does.
    cached_bf16 = create_openvino_model(SFACE, threads=1, precision="bf16")
    assert cached_bf16.loaded_from_cache
    use_compiled_model_cache(None)
    np.testing.assert_array_equal(cached_bf16.run(probe),
                                  create_openvino_model(SFACE, threads=1, precision="bf16").run(probe))
    use_compiled_model_cache(cache)
    assert sorted(cache.glob("*.blob")) == blobs  # read, nothing added


def test_a_missing_folder_is_created_and_filled_on_first_compile(tmp_path, probe):
    cache = tmp_path / "new" / "cache"
    use_compiled_model_cache(cache)
    first = create_openvino_model(SFACE, threads=1)
    assert len(list(cache.glob("*.blob"))) == 1
    assert create_openvino_model(SFACE, threads=1).loaded_from_cache
    assert first.run(probe).shape == (1, 128)


@pytest.mark.parametrize("where", ["under_a_file", "a_file"])
def test_an_unusable_cache_folder_never_stops_the_model(tmp_path, probe, where, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    use_compiled_model_cache(blocker / "cache" if where == "under_a_file" else blocker)
    model = create_openvino_model(SFACE, threads=1)
    use_compiled_model_cache(None)
    np.testing.assert_array_equal(model.run(probe), create_openvino_model(SFACE, threads=1).run(probe))
    if where == "under_a_file":
        assert "compiled-model cache" in caplog.text


def test_warm_cache_needs_a_folder(monkeypatch, capsys):
    monkeypatch.delenv("FACEPASS_MODEL_CACHE_DIR", raising=False)
    assert main(["models", "warm-cache"]) == 2
    assert "FACEPASS_MODEL_CACHE_DIR" in capsys.readouterr().err
