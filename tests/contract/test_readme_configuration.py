"""README's configuration table against facepass.config.Settings: every setting documented, nothing documented that
no setting reads (a `FACEPASS_PROBE_*` row covers the settings of that prefix, which another section lists)."""

from __future__ import annotations

import fnmatch
import re

from facepass.config import Settings, env_names, setting_env_names
from tests.conftest import ROOT


def configuration_table_names() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`((?:DATABASE_URL|AWS_REGION|FACEPASS_)[A-Z0-9_*]*)`", first_cell))
    return names


def test_every_setting_is_in_the_configuration_table():
    documented = configuration_table_names()
    missing = [field for field in Settings.model_fields
               if not any(fnmatch.fnmatchcase(name, pattern) for name in env_names(field) for pattern in documented)]
    assert not missing, f"settings missing from README's configuration table: {missing}"


def test_the_configuration_table_names_only_settings():
    known = setting_env_names()
    stale = [name for name in configuration_table_names()
             if not any(fnmatch.fnmatchcase(known_name, name) for known_name in known)]
    assert not stale, f"README documents variables no setting reads: {stale}"
