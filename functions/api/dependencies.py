"""The API function's long-lived objects, built once per container (cold start)."""

from __future__ import annotations

from facepass.services import ServicesHolder

services = ServicesHolder()
use_services = services.use  # tests and the local stack hand in their own
