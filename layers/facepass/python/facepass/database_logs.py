"""PostgreSQL's own logs against erasure. The driver (psycopg2) writes every parameter into the statement's text,
so a statement that PostgreSQL logs carries the face vector it searched or stored, in log files (and CloudWatch
exports) that no erasure and no VACUUM reach. The template creates no database, so these are the operator's settings
(RDS parameter group, README "Deploy"); the daily cleanup reports those that would log a statement's text."""

from __future__ import annotations

import logging

from facepass import repository

logger = logging.getLogger(__name__)

# Every level but `panic` logs some statements' text: up to `error` a failing one (a deadlock, a timeout); `log` also
# one that wrote a LOG message (a temporary file, a lock wait); `fatal` one whose session was ended under it.
_STATEMENT_NEVER_LOGGED = "panic"
# pgaudit's session classes ("all" is every one); read, write and function log our searches and inserts.
_PGAUDIT_CLASSES = {"read", "write", "function", "role", "ddl", "misc", "misc_set"}
_PGAUDIT_EXPOSING = {"read", "write", "function"}


def _pgaudit_classes(value: str) -> set[str]:
    """The classes a pgaudit.log value logs: the listed ones (`all`: every one), less those with a minus."""
    parts = [part.strip().lower() for part in value.split(",") if part.strip()]
    included: set[str] = set()
    for part in (part for part in parts if not part.startswith("-")):
        included |= _PGAUDIT_CLASSES if part == "all" else {part}
    for part in (part.removeprefix("-") for part in parts if part.startswith("-")):
        included -= _PGAUDIT_CLASSES if part == "all" else {part}
    return included

SETTINGS = ["log_statement", "log_min_duration_statement", "log_min_duration_sample", "log_statement_sample_rate",
            "log_transaction_sample_rate", "log_min_error_statement", "auto_explain.log_min_duration", "pgaudit.log"]


def exposures(settings: dict[str, str]) -> list[str]:
    """The settings (name -> value as pg_settings gives it) under which PostgreSQL logs statements with a face
    vector in their text, each with what to set instead."""
    found = []

    def at_or_above_zero(name: str) -> bool:
        return name in settings and int(settings[name]) >= 0

    if settings.get("log_statement") in ("mod", "all"):
        found.append(f"log_statement={settings['log_statement']} logs every insert of a face: set it to ddl or none")
    if at_or_above_zero("log_min_duration_statement"):
        found.append(f"log_min_duration_statement={settings['log_min_duration_statement']} logs slow searches with "
                     "their probe: set it to -1")
    if at_or_above_zero("log_min_duration_sample") and float(settings.get("log_statement_sample_rate", "0")) > 0:
        found.append(f"log_min_duration_sample={settings['log_min_duration_sample']} logs sampled statements: "
                     "set it to -1")
    if float(settings.get("log_transaction_sample_rate", "0")) > 0:
        found.append(f"log_transaction_sample_rate={settings['log_transaction_sample_rate']} logs whole "
                     "transactions: set it to 0")
    if settings.get("log_min_error_statement", "error") != _STATEMENT_NEVER_LOGGED:
        found.append(f"log_min_error_statement={settings.get('log_min_error_statement', 'error')} logs a failing "
                     "statement's text (a deadlock, a timeout): set it to panic (the error itself is still logged)")
    if at_or_above_zero("auto_explain.log_min_duration"):
        found.append(f"auto_explain.log_min_duration={settings['auto_explain.log_min_duration']} logs slow "
                     "statements' text: set it to -1")
    if _pgaudit_classes(settings.get("pgaudit.log", "none")) & _PGAUDIT_EXPOSING:
        found.append(f"pgaudit.log={settings['pgaudit.log']} logs searches and inserts with their text: leave "
                     "read, write and function out for the FacePass role")
    return found


def database_log_exposures(cur) -> list[str]:
    """What of this connection's logging would keep face vectors (empty: nothing)."""
    found = exposures(repository.server_settings(cur, SETTINGS))
    if found:
        logger.warning("PostgreSQL's logs may keep face vectors", extra={"exposures": found})
    return found
