"""Separation of duties: nobody decides, types or corrects their own punches. A console user signs in with their
email (authz.emails_of); the employee whose email it is (case-insensitively) is theirs. A review decision (confirm,
reject, reassign) on a punch of that employee, a reassignment to them, a manual punch or shift for them: 403
`own_record`, nothing written, unless FACEPASS_ALLOW_SELF_REVIEW (a company with one HR person), when the change is
made and its audit rows say so (`self_review: true` beside the fields in `after`). Kiosks and client-credentials tools
are nobody's employee. The handler finds the caller's employee (own_employee) and passes it in; the library checks
it under the locks the change takes (check)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from facepass import repository
from facepass.config import Settings
from facepass.db import Database
from facepass.errors import FacePassError

CODE = "own_record"
AUDIT_KEY = "self_review"  # in an audit row's `after`: the change was the actor's own record, allowed by the setting


class OwnRecord(FacePassError):
    status = 403
    code = CODE


def own_employee(db: Database, emails: tuple[str, ...]) -> UUID | None:
    """The caller's own employee (the one whose email is one of the caller's, authz.emails_of: the user name's
    first), or None (no email, or no such employee)."""
    if not emails:
        return None
    with db.transaction() as cur:
        return repository.employee_id_by_email(cur, list(emails))


def check(settings: Settings, own: UUID | None, people: Iterable[UUID | None], *, what: str) -> bool:
    """Whether this change touches the caller's own employee record (`own` among `people`, those who gain or lose
    by it): 403 own_record when so, unless settings.allow_self_review, which answers True (the audit says so)."""
    if own is None or own not in {person for person in people if person is not None}:
        return False
    if settings.allow_self_review:
        return True
    raise OwnRecord(f"This is your own record: {what} is for another reviewer or admin to make (separation of "
                    "duties; README Roles).", details={"employee_id": str(own)})


def check_email(settings: Settings, caller_emails: tuple[str, ...], email: str | None, *, what: str) -> bool:
    """As check, for a record that becomes the caller's by its email (a new record with their email and a face, or a
    record's email changed to theirs): 403 own_record, unless settings.allow_self_review (True)."""
    if not email or email.strip().lower() not in caller_emails:
        return False
    if settings.allow_self_review:
        return True
    raise OwnRecord(f"That email is yours: {what} is for another admin to make (separation of duties; README "
                    "Roles).", details={"email": email})


def marked(audited: dict, self_review: bool) -> dict:
    """An audit row's `after`, with `self_review: true` when the change was the actor's own record."""
    return {**audited, AUDIT_KEY: True} if self_review else audited
