"""The Cognito pre-token-generation trigger (V2_0 event): a console user's access token keeps only the facepass/*
scopes their user-pool groups grant. The console's app client may ask for every console scope (admin, reviewer,
payroll, employee); Cognito would grant each one asked for, so this suppresses (claimsAndScopeOverrideDetails.
accessTokenGeneration.scopesToSuppress) every facepass/* scope the user's groups do not grant. A user in no group
gets none of them: the API then refuses them everything but what needs no token (safe default).

It also adds the user's email to the access token (accessTokenGeneration.claimsToAddOrOverride, claim `email`), only
when the pool says it is verified (`email_verified`): the API knows from it which employee record is the caller's own
(separation of duties, README Roles); an unverified address, one the user could have typed, is never added."""

from __future__ import annotations

from typing import Any

from facepass.authz import CONSOLE_ROLES, EMAIL_CLAIM, OAUTH_SCOPE_PREFIX

# The user-pool groups (template.yaml: AWS::Cognito::UserPoolGroup) and the console role each grants.
GROUP_ROLES: dict[str, str] = {
    "facepass-admins": "admin",
    "facepass-reviewers": "reviewer",
    "facepass-payroll": "payroll",
    "facepass-employees": "employee",  # self-service: their own hours and correction requests (README, Self-service)
}


def granted_roles(groups: list[str] | None) -> set[str]:
    return {GROUP_ROLES[group] for group in groups or [] if group in GROUP_ROLES}


def scopes_to_suppress(event: dict[str, Any]) -> list[str]:
    """The facepass/* scopes to leave out of this user's access token: every one asked for (request.scopes) or any
    console role's, unless one of the user's groups (request.groupConfiguration.groupsToOverride) grants it."""
    request = event.get("request") or {}
    groups = (request.get("groupConfiguration") or {}).get("groupsToOverride")
    roles = granted_roles(groups)
    candidates = [str(scope) for scope in request.get("scopes") or [] if str(scope).startswith(OAUTH_SCOPE_PREFIX)]
    candidates += [OAUTH_SCOPE_PREFIX + role for role in CONSOLE_ROLES]
    return sorted({scope for scope in candidates if scope.removeprefix(OAUTH_SCOPE_PREFIX) not in roles})


def verified_email(event: dict[str, Any]) -> str | None:
    """The user's email attribute (request.userAttributes), lower-cased, when email_verified is true; else None."""
    attributes = (event.get("request") or {}).get("userAttributes") or {}
    email = attributes.get("email")
    if str(attributes.get("email_verified", "")).strip().lower() != "true" or not isinstance(email, str):
        return None
    email = email.strip().lower()
    return email if "@" in email else None


def respond(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its V2_0 response: the scopes to suppress, and the verified email as the access token's
    `email` claim (none when not verified); nothing else about the tokens changes."""
    access: dict[str, Any] = {"scopesToSuppress": scopes_to_suppress(event)}
    email = verified_email(event)
    if email is not None:
        access["claimsToAddOrOverride"] = {EMAIL_CLAIM: email}
    event["response"] = {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": access}}
    return event
