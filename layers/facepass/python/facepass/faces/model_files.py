"""Model files on disk (the pack and the liveness models): verify pinned sha256, copy from a local folder
or download official files."""

from __future__ import annotations

import hashlib
import shutil
import urllib.request
from pathlib import Path

from facepass.errors import ConfigurationError
from facepass.faces.packs import ModelPack


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pack_files(pack: ModelPack) -> list[str]:
    """Every file the pack runs on (an OpenVINO IR recognizer has its weights in a .bin beside the .xml)."""
    files = [pack.detector_file, pack.recognizer_file]
    if pack.recognizer_file.endswith(".xml"):
        files.append(pack.recognizer_file.removesuffix(".xml") + ".bin")
    return files


def derived_files(pack: ModelPack) -> list[str]:
    """The files made by facepass.faces.quantize from pack.derived_from (none for fetched packs)."""
    return [relative for relative in pack_files(pack) if pack.derived_from and relative != pack.detector_file]


def _all_files(pack: ModelPack, *, to_fetch: bool = False) -> list[tuple[str, str | None]]:
    """The files the pack runs on and the liveness models every pack uses, with their pinned sha256.
    to_fetch: what is copied or downloaded instead, i.e. a derived recognizer's source in its place."""
    from facepass.faces import liveness

    files = pack_files(pack)
    if to_fetch and pack.derived_from:
        files = [relative for relative in files if relative not in derived_files(pack)] + [pack.derived_from]
    return ([(relative, pack.sha256.get(relative)) for relative in files]
            + [(relative, liveness.SHA256[relative]) for relative in liveness.FILES])


def verify_pack(pack: ModelPack, model_dir: Path) -> list[str]:
    """Problems with the pack's files in model_dir (missing or wrong checksum); empty when fine."""
    problems = []
    for relative, expected in _all_files(pack):
        path = model_dir / relative
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif expected and sha256_of(path) != expected:
            problems.append(f"{path}: sha256 differs from the pinned {expected}")
    return problems


def require_pack_files(pack: ModelPack, model_dir: Path) -> None:
    """Cold start of the image functions: the configured pack's files (and the liveness models) are where the
    function reads them, or it refuses to start - a pack the image was not built with would otherwise deploy green
    and fail every identify and enrollment. Presence only: hashing 40 MB would cost the cold start ~0.1 s."""
    missing = [relative for relative, _ in _all_files(pack) if not (Path(model_dir) / relative).is_file()]
    if missing:
        raise ConfigurationError(
            f"model pack {pack.name!r} (FACEPASS_MODEL_PACK, template parameter ModelPack) is not in "
            f"FACEPASS_MODEL_DIR={model_dir}: missing {', '.join(missing)}. The image holds the pack it was built "
            f"with: deploy ModelPack=sface, or build an image with {pack.name} - set MODEL_PACK: {pack.name} in "
            "both DockerBuildArgs of template.yaml, add it to ModelPack's AllowedValues, run "
            f"`make models MODEL_PACK={pack.name}`, then sam build and sam deploy (README, Face models).",
            code="model_pack_missing")


def require_pack_files_in_lambda(settings) -> None:
    """require_pack_files at an image function's cold start in Lambda (AWS_LAMBDA_FUNCTION_NAME is set there). Not
    elsewhere: tools import the handlers for their routes without models, and the local stack and the demo check the
    files themselves, with their own message (model_files_problem)."""
    import os

    from facepass.faces.packs import get_pack

    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        require_pack_files(get_pack(settings.model_pack), Path(settings.model_dir))


def model_files_problem(pack: ModelPack, model_dir: Path) -> str | None:
    """What to tell a developer whose model files are missing or wrong (local stack, demo); None when fine."""
    problems = verify_pack(pack, model_dir)
    if not problems:
        return None
    return "model files missing or wrong (run `make models`, or set FACEPASS_MODEL_DIR):\n  " + "\n  ".join(problems)


def fetch_pack(pack: ModelPack, destination: Path, *, source_dir: Path | None = None) -> list[Path]:
    """Put the pack's files in destination: copied from source_dir when it has them, else downloaded
    from the official URLs; a derived recognizer (sface-int8) is then made from its verified source.
    Every file is checked against its pinned sha256 before it is kept."""
    written = []
    derived = derived_files(pack)
    for relative, expected in _all_files(pack, to_fetch=True):
        target = destination / relative
        if target.is_file() and (not expected or sha256_of(target) == expected):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".partial")
        local = source_dir / relative if source_dir else None
        if local and local.is_file():
            shutil.copyfile(local, partial)
        elif relative in pack.download_urls:
            with urllib.request.urlopen(pack.download_urls[relative], timeout=60) as response, \
                    partial.open("wb") as handle:  # noqa: S310 (fixed https URLs from the pack table)
                shutil.copyfileobj(response, handle)
        else:
            raise ConfigurationError(f"{relative} has no download source: place it in {destination} by hand "
                                     "(the liveness models come from shared/models/liveness, see its README).",
                                     code="model_file_missing")
        if expected and sha256_of(partial) != expected:
            partial.unlink()
            raise ConfigurationError(f"{relative}: checksum mismatch, file discarded", code="model_checksum_mismatch")
        partial.replace(target)
        written.append(target)
    if derived and not all(_verified(destination / relative, pack.sha256.get(relative)) for relative in derived):
        written += _derive(pack, destination)
    return written


def _verified(path: Path, expected: str | None) -> bool:
    return path.is_file() and (not expected or sha256_of(path) == expected)


def _derive(pack: ModelPack, destination: Path) -> list[Path]:
    """Make the pack's derived recognizer (the int8 SFace IR) in a scratch folder, check it, move it in."""
    import importlib.util
    import subprocess
    import sys
    import tempfile

    if importlib.util.find_spec("nncf") is None:  # a build tool (requirements-dev.txt), not a runtime dependency
        raise ConfigurationError(f"{pack.name}: deriving {pack.recognizer_file} needs NNCF "
                                 "(pip install -r requirements-dev.txt)", code="model_file_missing")
    with tempfile.TemporaryDirectory(dir=destination) as scratch:
        made = Path(scratch) / Path(pack.recognizer_file).name
        # A fresh process: OpenVINO's per-process node numbering is written into the .xml (see quantize).
        subprocess.run([sys.executable, "-m", "facepass.faces.quantize", str(destination / pack.derived_from),  # noqa: S603
                        str(made)], check=True, stdout=subprocess.DEVNULL)
        for relative in derived_files(pack):
            expected = pack.sha256.get(relative)
            if not _verified(Path(scratch) / Path(relative).name, expected):
                raise ConfigurationError(f"{relative}: the derived file's sha256 differs from the pinned {expected}; "
                                         "file discarded (check the pinned nncf and openvino versions)",
                                         code="model_checksum_mismatch")
        targets = []
        for relative in derived_files(pack):
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / Path(relative).name).replace(target)
            targets.append(target)
    return targets
