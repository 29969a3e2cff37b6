"""The image functions' Python environment, proven without Docker: a fresh Python 3.12 virtualenv
(the Lambda python:3.12 base) with exactly requirements.txt installed from wheels, as the Dockerfile
does, a LAMBDA_TASK_ROOT laid out as the image lays it out, and both handlers answering real events
(one enrollment, one identify on real photos, default pack, real PostgreSQL + pgvector, local S3).

The virtualenv is cached under .facepass/py312-<hash of requirements.txt and the interpreter>, so
only the first run (or a changed requirements.txt) installs (~30 s here from the package index)."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MODELS, ROOT

DOCKERFILE = ROOT / "infra" / "docker" / "Dockerfile"


def python312() -> Path:
    """FACEPASS_PYTHON312, else pyenv's 3.12, else python3.12 on PATH; a clear failure otherwise
    (CI must run this test, never skip it)."""
    candidates = [os.environ.get("FACEPASS_PYTHON312", "")]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.12*/bin/python3.12"), reverse=True)
    candidates.append(shutil.which("python3.12") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("Python 3.12 (the image functions' runtime) is not installed: install it with "
                "`pyenv install 3.12` or point FACEPASS_PYTHON312 at a python3.12 binary.")


def image_install_command() -> list[str]:
    """The Dockerfile's own pip line (so the test installs what the image installs)."""
    line = next(line for line in DOCKERFILE.read_text().splitlines() if "pip install" in line and "requirements.txt"
                in line)
    assert "--only-binary=:all:" in line and "-r /tmp/requirements.txt" in line, line
    return ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary=:all:",
            "-r", str(ROOT / "requirements.txt")]


def image_build_steps() -> list[list[str]]:
    """The Dockerfile's build-time Python steps (models warm-cache, compileall), as python arguments."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if "warm-cache" in line)
    commands = [part.strip().split() for part in line.removeprefix("RUN").split("&&")]
    steps = [command for command in commands if command[0] == "python"]
    assert [step[:3] for step in steps] == [["python", "-m", "facepass.cli"], ["python", "-m", "compileall"]], steps
    return [[argument.replace("${LAMBDA_TASK_ROOT}", ".") for argument in step[1:]] for step in steps]


def image_venv(interpreter: Path) -> Path:
    version = subprocess.run([str(interpreter), "-c", "import sys; print(sys.version)"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert version.startswith("3.12"), version
    key = hashlib.sha256((ROOT / "requirements.txt").read_bytes() + version.encode()).hexdigest()[:12]
    venv = ROOT / ".facepass" / f"py312-{key}"
    if (venv / ".complete").is_file():
        return venv
    building = venv.with_name(f"{venv.name}.building-{uuid.uuid4().hex[:6]}")
    subprocess.run([str(interpreter), "-m", "venv", str(building)], check=True, timeout=300)
    installed = subprocess.run([str(building / "bin" / "python"), *image_install_command()], capture_output=True,
                               text=True, timeout=1200, check=False)
    if installed.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        pytest.fail(f"pip could not install requirements.txt for Python 3.12 from wheels:\n{installed.stderr[-4000:]}")
    (building / ".complete").write_text(version)
    if venv.exists():  # a half-built leftover
        shutil.rmtree(venv)
    # A venv's scripts name their own path; only `bin/python` is used here, which is a symlink.
    building.rename(venv)
    return venv


def task_root(destination: Path) -> Path:
    """COPY lines of the Dockerfile: the facepass package, migrations inside it, the handlers' modules."""
    shutil.copytree(ROOT / "layers" / "facepass" / "python" / "facepass", destination / "facepass",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "infra" / "migrations", destination / "facepass" / "migrations")
    for module in [*(ROOT / "functions" / "api").glob("*.py"), *(ROOT / "functions" / "embedding").glob("*.py")]:
        shutil.copy2(module, destination / module.name)
    return destination


@pytest.mark.slow
def test_image_handlers_answer_under_python_312_with_only_the_image_requirements(database_url, local_s3, tmp_path):
    from facepass.services import make_s3_client

    venv = image_venv(python312())
    root = task_root(tmp_path / "task")
    bucket = f"fp-py312-{uuid.uuid4().hex[:8]}"
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LAMBDA_TASK_ROOT": str(root),
        "DATABASE_URL": database_url, "FACEPASS_MODEL_DIR": str(MODELS), "FACEPASS_MODEL_PACK": "sface",
        "FACEPASS_BUCKET": bucket, "FACEPASS_S3_ENDPOINT_URL": local_s3.url, "OMP_NUM_THREADS": "2",
        "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
        "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_METRICS_NAMESPACE": "FacePassImageCheck",
        "POWERTOOLS_SERVICE_NAME": "facepass", "FACEPASS_DATA_DIR": str(tmp_path / "data"),
    }
    from facepass.config import Settings

    make_s3_client(Settings(s3_endpoint_url=local_s3.url, bucket=bucket)).create_bucket(Bucket=bucket)
    # The Dockerfile's build step: compiled-model cache and byte-compiled modules; the functions only read them.
    environment["FACEPASS_MODEL_CACHE_DIR"] = str(tmp_path / "model-cache")
    for step in image_build_steps():
        built = subprocess.run([str(venv / "bin" / "python"), *step], cwd=root, env=environment,
                               capture_output=True, text=True, timeout=600, check=False)
        assert built.returncode == 0, built.stderr[-4000:]
    assert len(list((tmp_path / "model-cache").glob("*.blob"))) == 3
    person = FIXTURES / "identities" / "fr_obama"
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-I", str(ROOT / "tests" / "integration" / "image_env_smoke.py"),
         str(person / "train_obama.jpg"), str(person / "obama3.jpg")],
        cwd=root, env=environment, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-6000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["python"].startswith("3.12") and answer["executable"].startswith(str(venv))
    assert answer["api_handler"].startswith(str(root)) and answer["facepass"].startswith(str(root))
    assert answer["enrollment"]["outcome"] == "completed", answer
    assert answer["identify_status"] == 200, answer
    assert answer["identify"]["decision"] == "matched", answer["identify"]
    assert answer["identify"]["employee"]["id"] == answer["employee_id"]
    assert answer["recognizer_loaded_from_cache"] is True
    print(f"python={answer['python']} numpy={answer['numpy']} onnxruntime={answer['onnxruntime']} "
          f"opencv={answer['opencv']} similarity={answer['identify']['similarity']:.3f}", file=sys.stderr)
