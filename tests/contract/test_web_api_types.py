"""The web apps' API types (web/src/api/schema.d.ts) are generated from this API's OpenAPI document:
regenerate them from the current code and fail when the committed file differs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

WEB = ROOT / "web"


def test_generated_api_types_match_the_openapi_document():
    node = shutil.which("node")
    if node is None or not (WEB / "node_modules" / "openapi-typescript").is_dir():
        pytest.fail("web/node_modules missing: run `make web` (npm ci in web/) first")
    env = dict(os.environ, FACEPASS_PYTHON=sys.executable)
    result = subprocess.run([node, "scripts/gen-api.mjs", "--check"], cwd=WEB, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
