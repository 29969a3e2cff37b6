"""The API function's long-lived objects, built once per container (cold start)."""

from __future__ import annotations

from facepass.config import get_settings
from facepass.services import Services

_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = Services.from_settings(get_settings())
    return _services


def use_services(value: Services) -> None:
    """Hand in prepared services (tests and the local stack share one database and S3)."""
    global _services
    _services = value
