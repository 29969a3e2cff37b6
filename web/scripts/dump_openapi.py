"""Print the API's OpenAPI document without a server: the same app.get_openapi_schema() that
serves /openapi.json. The web apps' types (web/src/api/schema.d.ts) are generated from it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def openapi_document() -> dict:
    sys.path.insert(0, str(ROOT / "functions" / "api"))
    sys.path.insert(0, str(ROOT / "layers" / "facepass" / "python"))
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "facepass-api")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "FacePass")
    from facepass import __version__

    import api_handler

    schema = api_handler.app.get_openapi_schema(title="FacePass API", version=__version__)
    return schema.model_dump(by_alias=True, exclude_none=True, mode="json")


if __name__ == "__main__":
    json.dump(openapi_document(), sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
