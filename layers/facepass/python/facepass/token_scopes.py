"""The Cognito pre-token-generation trigger (V2_0 event): a console user's access token keeps only the facepass/*
scopes their user-pool groups grant. The console's app client may ask for every console scope (admin, reviewer,
payroll); Cognito would grant each one asked for, so this suppresses (claimsAndScopeOverrideDetails.
accessTokenGeneration.scopesToSuppress) every facepass/* scope the user's groups do not grant. A user in no group
gets none of them: the API then refuses them everything but what needs no token (safe default)."""

from __future__ import annotations

from typing import Any

from facepass.authz import CONSOLE_ROLES, OAUTH_SCOPE_PREFIX

# The user-pool groups (template.yaml: AWS::Cognito::UserPoolGroup) and the console role each grants.
GROUP_ROLES: dict[str, str] = {
    "facepass-admins": "admin",
    "facepass-reviewers": "reviewer",
    "facepass-payroll": "payroll",
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


def respond(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its V2_0 response: the scopes to suppress; nothing else about the tokens changes."""
    event["response"] = {"claimsAndScopeOverrideDetails": {
        "accessTokenGeneration": {"scopesToSuppress": scopes_to_suppress(event)}}}
    return event
