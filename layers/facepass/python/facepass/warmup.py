"""Cold start: load and warm the face models on a background thread while the function's other modules
import. Model loading and first inferences run in C++ with the GIL released, so on a second core they
overlap the (GIL-bound) imports instead of following them. Stdlib-only at import on purpose."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


def _load_and_warm(liveness: bool) -> None:
    try:
        from facepass.config import get_settings

        settings = get_settings()
        from facepass.faces.runtime import use_compiled_model_cache

        use_compiled_model_cache(settings.model_cache_dir)
        from facepass.faces import load_engine

        load_engine(settings)  # builds the models once per process and runs each once
        if liveness and settings.liveness_policy != "off":
            from facepass.faces.liveness import load_liveness

            load_liveness(settings.model_dir)  # check-ins score liveness (policies flag and block); identify need not
    except Exception:  # a bad setting or missing model is raised properly by the request that needs the engine
        logger.debug("face model preload failed", exc_info=True)


def start_model_warmup(*, liveness: bool = False) -> threading.Thread:
    """liveness: also load the liveness models (after the face models) when the policy scores check-ins."""
    # Not a daemon: a process that exits at once (a script, a test run) waits the fraction of a second for it,
    # instead of tearing down modules and native runtimes under a thread still loading them.
    thread = threading.Thread(target=_load_and_warm, args=(liveness,), name="facepass-model-warmup", daemon=False)
    thread.start()
    return thread
