"""Console users' last sign-ins (README Roles, Reviewers scoped to departments; Privacy): who has signed in to the
console, with which roles, and when last. GET /me (which the console calls at start) records the caller; the Access
page then tells an admin that a name they scoped never signed in (a typo: "jsmith" for "j.smith" leaves the real
supervisor unscoped, seeing everyone) and lists the reviewers with no departments, who see everyone.

Kept: the user name (lower-cased, as department_scope keys it), the console roles the token held and the time; written
at most once an hour per user (SIGN_IN_EVERY: no write on every call), at once when the roles change. The daily
cleanup (retention.py) forgets a user unseen for SIGN_IN_RETENTION_DAYS (migration 0038)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import psycopg

from facepass import authz, repository
from facepass.db import Database
from facepass.department_scope import normalized_username
from facepass.errors import DatabaseConflict, DatabaseUnavailable, FacePassError

logger = logging.getLogger(__name__)

SIGN_IN_EVERY = timedelta(hours=1)
# A user unseen this long (over a year: a seasonal supervisor's next season still finds them) is forgotten; their
# departments stay, and the Access page then says they never signed in.
SIGN_IN_RETENTION_DAYS = 400


def roles_of(claims: dict[str, Any] | None) -> list[str]:
    """The console roles the token carries, in authz.CONSOLE_ROLES' order (the order they are stored and compared
    in)."""
    granted = authz.scopes_from_claims(claims)
    return [role for role in authz.CONSOLE_ROLES if role in granted]


def record_sign_in(db: Database, claims: dict[str, Any] | None) -> bool:
    """Record the caller's sign-in (GET /me): their user name (authz.actor_of, lower-cased) and console roles, unless
    recorded within SIGN_IN_EVERY with the same roles. Nothing for a token naming no user, a kiosk, one without a
    console role, or a name no scope could key (department_scope.normalized_username refuses it). Best effort: a
    write the database refuses (a name, a read-only database, a timeout) is logged, and GET /me answers as ever.
    True when a row was written."""
    claims = claims or {}
    user = authz.actor_of(claims)
    roles = roles_of(claims)
    if not user or claims.get("device_id") or not roles:
        return False
    try:
        name = normalized_username(user)  # the key the scope is set by; a name it refuses is not recorded
    except FacePassError:
        return False
    try:
        with db.reading() as cur:
            return repository.record_sign_in(cur, name, roles, every=SIGN_IN_EVERY)
    # A refused name, a read-only or failed-over database, a timeout (db.reading turns those into 503/409): /me answers
    # all the same.
    except (psycopg.Error, DatabaseUnavailable, DatabaseConflict):
        logger.warning("console sign-in not recorded", exc_info=True)
        return False


def stale_before(now: datetime) -> datetime:
    """The cleanup's cutoff: users last seen before it are forgotten."""
    return now - timedelta(days=SIGN_IN_RETENTION_DAYS)


def forget_stale(cur, *, now: datetime, dry_run: bool) -> int:
    """The daily cleanup's step: remove (a dry run: count) the users unseen for SIGN_IN_RETENTION_DAYS."""
    before = stale_before(now)
    if dry_run:
        return repository.count_stale_sign_ins(cur, before=before)
    return repository.delete_stale_sign_ins(cur, before=before)
