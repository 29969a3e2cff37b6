"""Schemathesis against the local stack's own /openapi.json, bounded: no server errors, and
responses conform to the documented schemas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_local_stack import stack  # noqa: F401 - the running local stack fixture


def schemathesis_command() -> list[str]:
    executable = Path(sys.executable).with_name("schemathesis")
    return [str(executable)] if executable.exists() else [shutil.which("schemathesis") or "schemathesis"]


@pytest.mark.slow
@pytest.mark.parametrize("token", ["local-admin-token", "paired-device"])
def test_fuzzing_finds_no_server_errors(stack, tmp_path, token):  # noqa: F811
    _, addresses = stack
    if token == "paired-device":  # kiosk routes take a paired device's token
        from facepass.client import FacePassClient

        code = FacePassClient(addresses.api_url, token="local-admin-token").create_device("Fuzz")["pairing_code"]
        token = FacePassClient(addresses.api_url).pair(code)["device_token"]
    result = subprocess.run(
        [*schemathesis_command(), "run", f"{addresses.api_url}/openapi.json",
         "--checks", "not_a_server_error,response_schema_conformance",
         "--max-examples", "12", "--seed", "20261123", "--phases", "examples,coverage,fuzzing",
         "--header", f"Authorization: Bearer {token}", "--request-timeout", "60",
         "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=1500, check=False,
        env=dict(os.environ, SCHEMATHESIS_HOOKS="", NO_COLOR="1"))
    output = result.stdout + result.stderr
    (tmp_path / "schemathesis.txt").write_text(output)
    Path(os.environ.get("FACEPASS_FUZZ_LOG", tmp_path / "last.txt")).write_text(output)
    assert result.returncode == 0, output[-6000:]
    assert "passed" in output.lower()
