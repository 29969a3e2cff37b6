"""Library modules a route module calls, imported on first use instead of at cold start: the API function's
first request is usually a kiosk's identify, which needs none of attendance, enrollment, employees, ...
(README, "Cold start")."""

from __future__ import annotations

import importlib


class DeferredModule:
    """Stands for a module; its first attribute lookup imports it (thread-safe: the import system's locks)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<deferred module {self._name}>"
