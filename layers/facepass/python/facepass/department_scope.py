"""Reviewers scoped to departments (README Roles): least privilege at company size. An admin gives a console user
(by user name) the departments they review (PUT /reviewer-departments/{username}; migration 0035, every change
audited in reviewer_departments_audit, append-only). A user is **scoped** when they have departments and hold neither
the admin nor the payroll role (those see everyone): they then see and decide only the punches, people and correction
requests of employees whose department (employees.department, the spelling exactly) is one of theirs; a punch with
no person (an unknown or ambiguous face: its candidates may be anyone's) is not theirs. A user without departments is
unscoped, as before this existed.

The handler reads the caller's Reach once per request (of_caller: the token's user name, authz.actor_of) and passes
it to the library, which filters listings in SQL (repository.IN_DEPARTMENTS) and checks single records here: an event
or request outside answers as not found (nothing written, nothing told), a person outside as 403
`outside_departments` for a write (a manual punch, a reassignment to them, and the replay of one) and as unknown for
a read. What the reviewer's people's records name of others (a candidate, the person the face matched, a punch
repeated, an audit row's before and after, a flag's punch) is withheld (without_outside_people,
without_outside_audit, events_outside)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from facepass import authz, repository
from facepass.db import Database
from facepass.errors import FacePassError, NotFound
from facepass.schemas import (
    ReviewerDepartments,
    ReviewerDepartmentsList,
    ScopeWarning,
    UnscopedReviewer,
    has_control_characters,
)

logger = logging.getLogger(__name__)

CODE = "outside_departments"
USERNAME_MAX = 128  # a Cognito user name's longest
DEPARTMENT_MAX = 100  # employees.department's longest
DEPARTMENTS_MAX = 50
UNSCOPED_ROLES = ("admin", "payroll")  # they see everyone, whatever departments they have


class OutsideDepartments(FacePassError):
    status = 403
    code = CODE


@dataclass(frozen=True)
class Reach:
    """Whose records a caller reaches: `departments` None, everyone; else the employees of these departments."""

    departments: tuple[str, ...] | None = None

    @property
    def scoped(self) -> bool:
        return self.departments is not None

    @property
    def sql(self) -> list[str] | None:
        """The repository's `departments` parameter (IN_DEPARTMENTS): None for everyone."""
        return list(self.departments) if self.departments is not None else None

    def covers_department(self, department: str | None) -> bool:
        return self.departments is None or (department is not None and department in self.departments)


EVERYONE = Reach()


def of_caller(db: Database, claims: dict[str, Any] | None) -> Reach:
    """The caller's reach, read once per request: everyone for an admin or payroll token, a kiosk, a token without a
    user name, and a user with no departments set; else their departments."""
    claims = claims or {}
    if claims.get("device_id") or authz.scopes_from_claims(claims) & set(UNSCOPED_ROLES):
        return EVERYONE
    user = authz.actor_of(claims)
    if not user:
        return EVERYONE
    with db.transaction() as cur:
        departments = repository.reviewer_departments(cur, user.lower())
    return Reach(tuple(_sorted(departments))) if departments else EVERYONE


def covers(cur, reach: Reach, employee_id: UUID | None) -> bool:
    """Whether the person is in the caller's reach (an unscoped caller: anyone, nobody's punches too)."""
    if not reach.scoped:
        return True
    if employee_id is None:
        return False
    _, department = repository.employee_department(cur, employee_id)
    return reach.covers_department(department)


def require_event(cur, reach: Reach, row: dict | None, event_id: int) -> dict:
    """The event row, when it exists and its person is in reach; else 404 attendance_not_found, as for no event: a
    scoped reviewer learns nothing of others' punches."""
    if row is None or not covers(cur, reach, row["employee_id"]):
        raise NotFound(f"No attendance event {event_id}.", code="attendance_not_found")
    return row


def require_person(cur, reach: Reach, employee_id: UUID, *, what: str) -> None:
    """403 outside_departments when a scoped caller's change would make `what` for a person outside their
    departments (a manual punch, a reassignment to them)."""
    if not covers(cur, reach, employee_id):
        raise OutsideDepartments(f"That employee is not in the departments you review ({', '.join(reach.departments)})"
                                 f": {what} is for their own department's reviewer or an admin (README Roles).",
                                 details={"employee_id": str(employee_id), "departments": list(reach.departments)})


def require_department(reach: Reach, department: str, *, what: str) -> None:
    """403 outside_departments when a scoped caller's change would make `what` for a department not theirs (the
    spelling exactly, as stored)."""
    if not reach.covers_department(department):
        raise OutsideDepartments(f"That department is not one you review ({', '.join(reach.departments)}): {what} "
                                 "is for its own reviewer or an admin (README Roles).",
                                 details={"department": department, "departments": list(reach.departments)})


# No employee has the nil UUID (ids are gen_random_uuid()): a person filter for it finds nothing, as one for an
# unknown person does.
NOBODY = UUID(int=0)


def person_filter(cur, reach: Reach, employee_id: UUID | None) -> UUID | None:
    """A listing's `employee_id=` as a scoped caller may use it: a person outside their reach is looked up as an
    unknown person (NOBODY: the answer an unknown id gets, nothing of theirs, not even their time zone)."""
    return employee_id if employee_id is None or covers(cur, reach, employee_id) else NOBODY


def outside_people(cur, reach: Reach, people) -> set[str]:
    """Of these employee ids, those (as text) outside the caller's reach (none for an unscoped caller)."""
    ids = {str(person) for person in people if person}
    if not reach.scoped or not ids:
        return set()
    departments = repository.departments_of(cur, sorted(ids))
    return {person for person in ids if not reach.covers_department(departments.get(person))}


def events_outside(cur, reach: Reach, event_ids) -> set[int]:
    """Of these events, those a scoped caller may not read (another department's person's, nobody's, or gone):
    their ids and times are not named to them (none for an unscoped caller)."""
    ids = {int(event_id) for event_id in event_ids if event_id is not None}
    if not reach.scoped or not ids:
        return set()
    people = repository.people_of_events(cur, sorted(ids))
    outside = outside_people(cur, reach, people.values())
    return {event_id for event_id in ids
            if people.get(event_id) is None or str(people[event_id]) in outside}


def without_outside_people(cur, reach: Reach, rows: list[dict]) -> list[dict]:
    """Attendance rows (of the reviewer's people) without the people outside their departments they name besides
    their own person: a review's candidates (left out of review_detail, and the margin, which a left-out candidate's
    score makes), the person the face matched (a punch reassigned from another department's person:
    matched_employee null, and the similarity, their score) and the event a repeat repeats when it is another
    department's person's (repeat_of null). Another team's people's names, ids, scores and punches are not theirs
    to read. An unscoped caller's rows as they are."""
    if not reach.scoped:
        return rows
    outside = outside_people(cur, reach, [
        *(candidate["employee_id"] for row in rows
          for candidate in (row.get("review_detail") or {}).get("candidates", [])),
        *(row.get("matched_employee_id") for row in rows)])
    repeated_outside = events_outside(cur, reach, [row.get("repeat_of") for row in rows])

    kept = []
    for row in rows:
        detail = row.get("review_detail") or {}
        candidates = detail.get("candidates") or []
        inside = [candidate for candidate in candidates if str(candidate["employee_id"]) not in outside]
        if len(inside) != len(candidates):
            row = {**row, "review_detail": {**detail, "candidates": inside, "margin": None}}
        if row.get("matched_employee_id") and str(row["matched_employee_id"]) in outside:
            row = {**row, "matched_employee_id": None, "matched_full_name": None, "similarity": None}
        if row.get("repeat_of") in repeated_outside:
            row = {**row, "repeat_of": None}
        kept.append(row)
    return kept


def without_outside_flag(reach: Reach, flag: dict | None, events_out: set[int]) -> dict | None:
    """A flag's `decided_without` (the punch a direction was decided without, or with) for the caller: none when
    that punch is one they may not read (events_outside: now another department's person's, e.g. taken away from
    theirs by a reassignment), its id and time not theirs to read."""
    if not reach.scoped or not flag:
        return flag
    return None if flag.get("event_id") in events_out else flag


def without_outside_audit(cur, reach: Reach, rows: list[dict], *, matched: UUID | None = None,
                          matched_key: str | None = None) -> list[dict]:
    """An event's audit rows (attendance_audit: before, after, note) for the caller: for a scoped one, a person
    outside their departments named in `before`/`after` (the punch as it was another department's person's, before
    a reassignment to one of theirs) is withheld (employee_id null, and that person's scores: similarity, and any
    candidates' entries of theirs) and marked (`outside_departments` true on the row); so is the similarity of
    every row when the person the face matched (`matched`, the event's matched_employee_id: the score is theirs,
    whoever the punch went to) is outside; a flag naming a punch they
    may not read loses its `decided_without`, and its note (which names that punch) says so without it; a row
    withholding anything keeps only HR's own words of a forced decision's note (review.human_note: the server's
    account names the people's shifts it changed). `matched_key`: rows of many events, each naming its own matched
    person in that column (one lookup for them all). An unscoped caller's rows as they are."""
    if not reach.scoped:
        return rows
    from facepass import reconcile  # builds on review, which builds on this module
    from facepass.review import human_note

    def matched_of(row: dict) -> UUID | None:
        return row[matched_key] if matched_key else matched

    outside = outside_people(cur, reach, [
        *{matched_of(row) for row in rows}, matched,
        *(value for row in rows for side in (row["before"] or {}, row["after"] or {})
          for value in (side.get("employee_id"), *(candidate.get("employee_id")
                                                   for candidate in side.get("candidates") or [])))])
    events_out = events_outside(cur, reach, [
        (row["after"] or {}).get("decided_without", {}).get("event_id") for row in rows
        if isinstance((row["after"] or {}).get("decided_without"), dict)])

    def side_for(side: dict, matched_outside: bool) -> tuple[dict, bool]:
        side = dict(side or {})
        withheld = False
        if side.get("employee_id") and str(side["employee_id"]) in outside:
            side["employee_id"] = None
            withheld = True
            if "similarity" in side:
                side["similarity"] = None
        elif matched_outside and side.get("similarity") is not None:
            side["similarity"] = None
            withheld = True
        if side.get("candidates"):
            inside = [candidate for candidate in side["candidates"]
                      if str(candidate.get("employee_id")) not in outside]
            if len(inside) != len(side["candidates"]):
                side["candidates"] = inside
                withheld = True
        return side, withheld

    kept = []
    for row in rows:
        matched_outside = matched_of(row) is not None and str(matched_of(row)) in outside
        before, withheld_before = side_for(row["before"], matched_outside)
        after, withheld_after = side_for(row["after"], matched_outside)
        note = row["note"]
        withheld = withheld_before or withheld_after
        if withheld:
            note = human_note(note)
        flag = after.get("decided_without")
        if isinstance(flag, dict) and flag.get("event_id") in events_out:
            after.pop("decided_without")
            cause = flag.get("cause")
            note = (f"decided {'with' if cause in reconcile.LOST else 'without'} a punch of someone outside your "
                    f"departments, {reconcile.CAUSE_NOTES.get(cause, 'later')}")
            withheld = True
        kept.append({**row, "before": before, "after": after, "note": note, "outside_departments": withheld})
    return kept


# --- the admin's API ------------------------------------------------------------------------------------------------


def _invalid(message: str, code: str, **details) -> FacePassError:
    return FacePassError(message, code=code, status=422, details=details or None)


def normalized_username(username: str) -> str:
    """The user name as stored and matched: trimmed, lower case (a token's `username` in any case finds it); 422
    invalid_username when empty, longer than USERNAME_MAX, or holding whitespace or control characters (no Cognito
    user name does)."""
    name = username.strip().lower()  # measured lower-cased, as stored: "İ" lower-cased is two characters
    if (not name or len(name) > USERNAME_MAX or any(character.isspace() for character in name)
            or has_control_characters(name)):
        raise _invalid(f"A user name is 1-{USERNAME_MAX} characters, without spaces or control characters.",
                       "invalid_username")
    return name


def _normalized_departments(departments: list[str]) -> list[str]:
    """Trimmed, each once, sorted as GET /employees/departments sorts them; 422 too_many_departments,
    invalid_department."""
    names: dict[str, None] = {}  # each once, in order (a dict: a long list is not compared with itself)
    for department in departments:
        name = department.strip()
        if not name or len(name) > DEPARTMENT_MAX or has_control_characters(name):
            raise _invalid(f"A department is 1-{DEPARTMENT_MAX} printable characters once trimmed.",
                           "invalid_department", department=department[:DEPARTMENT_MAX + 1])
        names[name] = None
        if len(names) > DEPARTMENTS_MAX:
            break
    if len(names) > DEPARTMENTS_MAX:
        raise _invalid(f"At most {DEPARTMENTS_MAX} departments per user.", "too_many_departments",
                       limit=DEPARTMENTS_MAX)
    return _sorted(names)


def _sorted(departments) -> list[str]:
    """Departments in the one order FacePass answers them in (case-insensitive, then as spelled), sorted here, not by
    the database, whose collation (C locally, en_US.UTF-8 on RDS) orders spaces, accents and case otherwise."""
    return sorted(departments, key=lambda name: (name.lower(), name))


def list_scoped(db: Database) -> ReviewerDepartmentsList:
    """Every user with departments, by user name, with the latest change's actor and time and their last sign-in
    (console_users: null, never seen: a typo'd name leaves the real user unscoped); and the reviewers seen who have
    no departments and neither the admin nor the payroll role: they see everyone."""
    with db.transaction() as cur:
        rows = repository.list_reviewer_departments(cur)
        unscoped = repository.unscoped_reviewers(cur, unscoped_roles=list(UNSCOPED_ROLES))
    return ReviewerDepartmentsList(
        items=[ReviewerDepartments.model_validate({**row, "departments": _sorted(row["departments"])})
               for row in rows],
        unscoped_reviewers=[UnscopedReviewer.model_validate(row) for row in unscoped])


def set_departments(db: Database, username: str, departments: list[str], *, actor: str | None) -> ReviewerDepartments:
    """Replace the departments `username` reviews ([]: none, unscoped), audited (who, when, before, after) in the
    transaction that changes them; the same set again writes nothing. A department added must be one an employee
    has (as stored: 422 unknown_department, details.departments), so a typo never leaves a supervisor seeing nobody;
    one the user has already stays even when nobody holds it any more. Needs a token naming its user (403
    actor_unknown). Departments for a name nobody signed in with (console_users) are saved with a warning
    (never_signed_in), not refused: a user may be set up before their first sign-in."""
    if not actor:
        raise FacePassError("This token names no user: a change of who reviews whom must say who made it.",
                            code="actor_unknown", status=403)
    name = normalized_username(username)
    wanted = _normalized_departments(departments)
    with db.transaction() as cur:
        repository.lock_reviewer_departments(cur, name)
        before = _sorted(repository.reviewer_departments(cur, name))
        # As sets: the same departments, whatever order they came in, write nothing.
        changed = set(wanted) != set(before)
        added = [department for department in wanted if department not in before]
        unknown = sorted(set(added) - repository.departments_held(cur, added)) if added else []
        if unknown:
            raise _invalid("No employee has these departments (the spelling exactly, as GET /employees/departments "
                           f"lists them): {', '.join(unknown)}.", "unknown_department", departments=unknown)
        if changed:
            repository.set_reviewer_departments(cur, name, departments=wanted, actor=actor, before=before)
        latest = repository.reviewer_departments_changes(cur, name, limit=1)
        seen = repository.sign_in_of(cur, name)
    if changed:
        logger.info("reviewer_departments_changed", extra={"username": name, "actor": actor, "before": before,
                                                           "after": wanted})
    return ReviewerDepartments(username=name, departments=wanted,
                               changed_by=latest[0]["actor"] if latest else None,
                               changed_at=latest[0]["created_at"] if latest else None,
                               last_seen_at=seen["last_seen_at"] if seen else None,
                               roles=seen["roles"] if seen else None,
                               warning=_never_signed_in(name) if wanted and not seen else None)


def _never_signed_in(name: str) -> ScopeWarning:
    from facepass.console_users import SIGN_IN_RETENTION_DAYS  # console_users builds on this module

    return ScopeWarning(code="never_signed_in", message=(
        f"Saved, but nobody has signed in to the console as {name} (in the last {SIGN_IN_RETENTION_DAYS} days): "
        "check the user name. Under a misspelt name the real user has no departments and sees everyone."))
