"""Cold start: load and warm the face models on a background thread while the function's other modules
import. Stdlib-only at import on purpose.

Imports hold the GIL; compiling or loading a model and running it do not (ONNX Runtime, OpenVINO, OpenCV).
So the handler waits while the warm-up thread imports what the models need (settings, NumPy, OpenCV,
ONNX Runtime, OpenVINO), then imports its own modules on one core while the models load on the other:
the model loading overlaps the handler's imports instead of following them."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)

IMPORTS_WAIT_SECONDS = 10.0  # the handler never waits longer for the warm-up's imports (a stuck file system)


def _load_and_warm(liveness: bool, imported: threading.Event) -> None:
    try:
        from facepass.config import get_settings

        settings = get_settings()
        from facepass.faces import get_pack, load_engine
        from facepass.faces.runtime import import_openvino, use_compiled_model_cache

        use_compiled_model_cache(settings.model_cache_dir)
        # Check-ins score liveness (policies flag and block); identify does not. Preloaded only where a second core
        # hides it: on one vCPU (a 1,769-2,654 MB Lambda) it would delay a first identify by ~0.1 s of CPU, and a
        # first check-in pays the same loading either way.
        liveness = liveness and settings.liveness_policy != "off" and settings.inference_threads > 1
        if liveness or get_pack(settings.model_pack).recognizer == "sface":
            import_openvino()
        imported.set()
        load_engine(settings)  # builds the models once per process and runs each once
        if liveness:
            from facepass.faces.liveness import load_liveness, runs_concurrently

            # the very models check-ins use (presence.liveness_model), not a second set
            load_liveness(settings.model_dir, concurrent=runs_concurrently(settings.inference_threads))
    except Exception:  # a bad setting or missing model is raised properly by the request that needs the engine
        logger.debug("face model preload failed", exc_info=True)
    finally:
        imported.set()


def start_model_warmup(*, liveness: bool = False) -> threading.Thread:
    """Starts the warm-up thread and returns once it has imported what the models need (see above).
    liveness: also load the liveness models (after the face models) when the policy scores check-ins and the
    function has more than one vCPU."""
    imported = threading.Event()
    # Not a daemon: a process that exits at once (a script, a test run) waits the fraction of a second for it,
    # instead of tearing down modules and native runtimes under a thread still loading them.
    thread = threading.Thread(target=_load_and_warm, args=(liveness, imported), name="facepass-model-warmup",
                              daemon=False)
    thread.start()
    imported.wait(IMPORTS_WAIT_SECONDS)
    return thread
