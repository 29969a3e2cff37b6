"""Cold start: load and warm the face models on a background thread while the function's other modules
import. Model loading and first inferences run in C++ with the GIL released, so on a second core they
overlap the (GIL-bound) imports instead of following them. Stdlib-only at import on purpose."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


def _load_and_warm() -> None:
    try:
        from facepass.config import get_settings
        from facepass.faces import load_engine

        load_engine(get_settings())  # builds the models once per process and runs each once
    except Exception:  # a bad setting or missing model is raised properly by the request that needs the engine
        logger.debug("face model preload failed", exc_info=True)


def start_model_warmup() -> threading.Thread:
    # Not a daemon: a process that exits at once (a script, a test run) waits the fraction of a second for it,
    # instead of tearing down modules and native runtimes under a thread still loading them.
    thread = threading.Thread(target=_load_and_warm, name="facepass-model-warmup", daemon=False)
    thread.start()
    return thread
