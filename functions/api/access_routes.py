"""Who reviews whom (README Roles, Reviewers scoped to departments): an admin sets the departments each console user
reviews. Parse, call facepass.department_scope, return."""

from __future__ import annotations

from urllib.parse import unquote

from aws_lambda_powertools.event_handler.api_gateway import Router

from facepass.authz import actor_of
from facepass.schemas import ReviewerDepartments, ReviewerDepartmentsList, ReviewerDepartmentsRequest

from auth import AUTHORIZED, jwt_claims
from deferred_modules import DeferredModule
from dependencies import services

department_scope = DeferredModule("facepass.department_scope")

router = Router()


@router.get("/reviewer-departments", tags=["access"],
            summary="Every console user scoped to departments, with their departments, the latest change and their "
                    "last sign-in; and the reviewers without departments, who see everyone",
            description="`items[].last_seen_at`: the user's last sign-in to the console (GET /me records it, at most "
                        "once an hour); null when nobody signed in under that name in the last 400 days (check the "
                        "spelling: under a typo the real user is unscoped). `unscoped_reviewers`: users seen with "
                        "the reviewer role, neither admin nor payroll, and no departments: they see and decide "
                        "everyone's punches and face snapshots.",
            middlewares=AUTHORIZED)
def list_reviewer_departments() -> ReviewerDepartmentsList:
    return department_scope.list_scoped(services().db)


@router.put("/reviewer-departments/<username>", tags=["access"],
            summary="Set the departments a console user reviews ([] removes the scope); audited, idempotent",
            description="The user name as their token carries it (`username`; matched in any case, stored lower "
                        "case; percent-encoded or not). A user with departments who holds neither the admin nor the "
                        "payroll role sees and decides only the punches, people and correction requests of employees "
                        "of those departments; punches nobody was matched to are left to admins and unscoped "
                        "reviewers. 422: invalid_username (1-128 characters, no spaces), invalid_department (1-100 "
                        "printable characters once trimmed), too_many_departments (over 50), unknown_department (a "
                        "department added that no employee has, the spelling exactly; details.departments). Every "
                        "change is audited (who, when, before, after); the same departments again change and audit "
                        "nothing. 403 actor_unknown for a token naming no user. Departments given to a name nobody "
                        "signed in with are saved, with `warning` {code: never_signed_in} (a user may be set up "
                        "before their first sign-in; else check the spelling).",
            middlewares=AUTHORIZED)
def set_reviewer_departments(username: str, body: ReviewerDepartmentsRequest) -> ReviewerDepartments:
    return department_scope.set_departments(services().db, unquote(username), body.departments,
                                            actor=actor_of(jwt_claims(router.current_event)))
