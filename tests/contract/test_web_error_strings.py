"""The console shows an error by its code (web/src/i18n: "error.<code>", English and Russian); a code without a
string falls back to the API's English message, also in the Russian console."""

from __future__ import annotations

import re

import pytest

from facepass import ledger
from tests.conftest import ROOT


def error_strings(language: str) -> set[str]:
    return set(re.findall(r'^\s*"error\.([a-z0-9_]+)":', (ROOT / "web" / "src" / "i18n" / f"{language}.ts").read_text(),
                          re.MULTILINE))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_console_words_the_errors_of_its_admin_changes_in_every_language(language):
    # What a deactivation, re-pairing, revocation or erasure may answer when S3 or the database fails.
    codes = {ledger.unrecorded().code, "erasure_incomplete", "database_unavailable", "database_conflict",
             "face_not_found", "storage_unavailable", "actor_unknown"}  # the last three: removing a face
    assert codes - error_strings(language) == set()
