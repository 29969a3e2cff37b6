"""PostgreSQL's own logs against erasure. The driver (psycopg 3) sends every value as a bound parameter, apart from
the statement's text (`$1`), and the face vectors in binary: a statement's text never holds a face. PostgreSQL still
logs the *parameters* of a statement it logs where its settings say so (`log_parameter_max_length` for the
statements log_statement, the duration and sampling settings log; `log_parameter_max_length_on_error` for a failing
one, as part of its error; pgaudit's own), and plans with the parameters as constants (auto_explain, the debug_print
settings), and those would keep the face vector it searched or stored, in log files (and
CloudWatch exports) that no erasure and no VACUUM reach. The template creates no database, so these are the
operator's settings (RDS parameter group, README "Deploy"); the daily cleanup reports those that would log a
statement's parameters."""

from __future__ import annotations

import logging

from facepass import repository

logger = logging.getLogger(__name__)

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


# Plans hold a custom plan's parameters as constants (the first runs of a prepared statement, every unprepared one).
DEBUG_PLANS = ["debug_print_parse", "debug_print_rewritten", "debug_print_plan"]
SETTINGS = ["log_statement", "log_min_duration_statement", "log_min_duration_sample", "log_statement_sample_rate",
            "log_transaction_sample_rate", "log_parameter_max_length",
            "log_parameter_max_length_on_error", "auto_explain.log_min_duration",
            "pgaudit.log", "pgaudit.log_parameter", *DEBUG_PLANS]


def exposures(settings: dict[str, str]) -> list[str]:
    """The settings (name -> value as pg_settings gives it) under which PostgreSQL logs statements with their
    parameters, a face vector among them, each with what to set instead. Defaults where a setting is absent:
    PostgreSQL's (log_parameter_max_length -1: every parameter in full; ..._on_error 0: none)."""
    found = []

    def at_or_above_zero(name: str) -> bool:
        return name in settings and int(settings[name]) >= 0

    parameters = settings.get("log_parameter_max_length", "-1")
    if parameters != "0":
        with_parameters = f"with their parameters (log_parameter_max_length={parameters})"
        instead = "set log_parameter_max_length to 0, or"
        if settings.get("log_statement") in ("mod", "all"):
            found.append(f"log_statement={settings['log_statement']} logs every insert of a face {with_parameters}: "
                         f"{instead} log_statement to ddl or none")
        if at_or_above_zero("log_min_duration_statement"):
            found.append(f"log_min_duration_statement={settings['log_min_duration_statement']} logs slow searches "
                         f"{with_parameters}, the probe among them: {instead} this to -1")
        if at_or_above_zero("log_min_duration_sample") and float(settings.get("log_statement_sample_rate", "0")) > 0:
            found.append(f"log_min_duration_sample={settings['log_min_duration_sample']} logs sampled statements "
                         f"{with_parameters}: {instead} this to -1")
        if float(settings.get("log_transaction_sample_rate", "0")) > 0:
            found.append(f"log_transaction_sample_rate={settings['log_transaction_sample_rate']} logs whole "
                         f"transactions {with_parameters}: {instead} this to 0")
    on_error = settings.get("log_parameter_max_length_on_error", "0")
    # Part of the error itself (a CONTEXT line, "unnamed portal with parameters: $1 = ..."), logged and sent to the
    # client whatever log_min_error_statement says: that one governs only the separate STATEMENT line.
    if on_error != "0":
        found.append(f"log_parameter_max_length_on_error={on_error} logs a failing statement's parameters with its "
                     "error (a deadlock, a timeout on a search: its probe): set it to 0 (the error and the statement's "
                     "text are still logged)")
    if at_or_above_zero("auto_explain.log_min_duration"):
        found.append(f"auto_explain.log_min_duration={settings['auto_explain.log_min_duration']} logs slow "
                     "statements' plans, which hold the searched face as a constant (whatever "
                     "auto_explain.log_parameter_max_length says): set it to -1")
    for name in DEBUG_PLANS:
        if settings.get(name) == "on":
            found.append(f"{name}=on logs every statement's plan trees, the face among their constants: set it to off")
    if (_pgaudit_classes(settings.get("pgaudit.log", "none")) & _PGAUDIT_EXPOSING
            and settings.get("pgaudit.log_parameter", "off") == "on"):
        found.append(f"pgaudit.log={settings['pgaudit.log']} logs searches and inserts with their parameters "
                     "(pgaudit.log_parameter=on): set pgaudit.log_parameter to off, or leave read, write and function "
                     "out for the FacePass role")
    return found


def database_log_exposures(cur) -> list[str]:
    """What of this connection's logging would keep face vectors (empty: nothing)."""
    found = exposures(repository.server_settings(cur, SETTINGS))
    if found:
        logger.warning("PostgreSQL's logs may keep face vectors", extra={"exposures": found})
    return found
