"""PostgreSQL's own logs against erasure. The driver (psycopg2) writes every parameter into the statement's text,
so a statement that PostgreSQL logs carries the face vector it searched or stored, in log files (and CloudWatch
exports) that no erasure and no VACUUM reach. The template creates no database, so these are the operator's settings
(RDS parameter group, README "Deploy"); the daily cleanup reports those that would log a statement's text."""

from __future__ import annotations

import logging

from facepass import repository

logger = logging.getLogger(__name__)

# Levels at or below `error`: a statement that fails (a deadlock, a timeout) is logged with its text.
_STATEMENT_LOGGED_ON_ERROR = {"debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error"}
_AUDITED_CLASSES = {"read", "write", "function", "all"}  # pgaudit classes that log our searches and inserts

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
    if settings.get("log_min_error_statement", "error") in _STATEMENT_LOGGED_ON_ERROR:
        found.append(f"log_min_error_statement={settings.get('log_min_error_statement', 'error')} logs a failing "
                     "statement's text (a deadlock, a timeout): set it to panic (the error itself is still logged)")
    if at_or_above_zero("auto_explain.log_min_duration"):
        found.append(f"auto_explain.log_min_duration={settings['auto_explain.log_min_duration']} logs slow "
                     "statements' text: set it to -1")
    audited = {part.strip().lstrip("-").lower() for part in settings.get("pgaudit.log", "none").split(",")}
    if audited & _AUDITED_CLASSES:
        found.append(f"pgaudit.log={settings['pgaudit.log']} logs searches and inserts with their text: leave "
                     "read, write and function out for the FacePass role")
    return found


def database_log_exposures(cur) -> list[str]:
    """What of this connection's logging would keep face vectors (empty: nothing)."""
    found = exposures(repository.server_settings(cur, SETTINGS))
    if found:
        logger.warning("PostgreSQL's logs may keep face vectors", extra={"exposures": found})
    return found
