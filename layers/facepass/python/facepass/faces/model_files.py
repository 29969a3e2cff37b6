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
    return [pack.detector_file, pack.recognizer_file]


def _all_files(pack: ModelPack) -> list[tuple[str, str | None]]:
    """The pack's files and the liveness models every pack uses, with their pinned sha256."""
    from facepass.faces import liveness

    return ([(relative, pack.sha256.get(relative)) for relative in pack_files(pack)]
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


def fetch_pack(pack: ModelPack, destination: Path, *, source_dir: Path | None = None) -> list[Path]:
    """Put the pack's files in destination: copied from source_dir when it has them, else downloaded
    from the official URLs. Every file is checked against its pinned sha256 before it is kept."""
    written = []
    for relative, expected in _all_files(pack):
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
    return written
