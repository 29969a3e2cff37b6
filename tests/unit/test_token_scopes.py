"""The Cognito pre-token-generation trigger (V2_0) on the event shapes Cognito sends (the AWS developer guide's
"Pre token generation Lambda trigger" request: request.userAttributes, request.groupConfiguration.groupsToOverride,
request.scopes; groupConfiguration may be null): of the scopes asked for, each facepass/* one the user's groups do
not grant is suppressed from the access token; a user in no group keeps none."""

from __future__ import annotations

import copy

import pytest

from facepass.authz import emails_of, scopes_from_claims
from facepass.token_scopes import respond, scopes_to_suppress

CONSOLE_ASKS = ["openid", "email", "facepass/admin", "facepass/reviewer", "facepass/payroll", "facepass/employee"]


def hosted_auth_event(groups, scopes=CONSOLE_ASKS, trigger="TokenGeneration_HostedAuth") -> dict:
    return {
        "version": "2",
        "triggerSource": trigger,
        "region": "eu-west-1",
        "userPoolId": "eu-west-1_EXAMPLE",
        "userName": "supervisor",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"},
        "request": {
            "userAttributes": {"sub": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "email_verified": "true",
                               "cognito:user_status": "CONFIRMED", "email": "supervisor@example.com"},
            "groupConfiguration": groups if groups is None else {
                "groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None},
            "scopes": list(scopes),
        },
        "response": {"claimsAndScopeOverrideDetails": None},
    }


def kept(event: dict) -> set[str]:
    """The API's view of the token Cognito would issue: the asked scopes less the suppressed ones."""
    answer = respond(copy.deepcopy(event))
    suppressed = answer["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]["scopesToSuppress"]
    return scopes_from_claims({"scope": " ".join(s for s in event["request"]["scopes"] if s not in suppressed)})


@pytest.mark.parametrize(("groups", "roles"), [
    (["facepass-admins"], {"admin"}),
    (["facepass-reviewers"], {"reviewer"}),
    (["facepass-payroll"], {"payroll"}),
    (["facepass-reviewers", "facepass-payroll"], {"reviewer", "payroll"}),
    (["facepass-employees"], {"employee"}),  # self-service: their own hours only
    ([], set()),
    (None, set()),  # groupConfiguration null
    (["admin", "facepass-admin", "other-app-admins"], set()),  # only these exact group names grant anything
])
def test_only_the_groups_scopes_stay(groups, roles):
    assert kept(hosted_auth_event(groups)) == roles


def test_the_response_shape_and_the_other_scopes_are_left_alone():
    answer = respond(hosted_auth_event(["facepass-reviewers"]))
    assert answer["response"] == {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
        "scopesToSuppress": ["facepass/admin", "facepass/employee", "facepass/payroll"],
        "claimsToAddOrOverride": {"email": "supervisor@example.com"}}}}
    assert answer["request"]["scopes"] == CONSOLE_ASKS  # openid and email are never suppressed


def test_refreshed_and_api_sign_ins_get_the_same_and_a_kiosk_scope_is_never_granted():
    for trigger in ("TokenGeneration_RefreshTokens", "TokenGeneration_Authentication"):
        assert kept(hosted_auth_event(["facepass-payroll"], trigger=trigger)) == {"payroll"}
    event = hosted_auth_event(["facepass-admins"], scopes=["openid", "facepass/admin", "facepass/kiosk"])
    assert "facepass/kiosk" in scopes_to_suppress(event) and kept(event) == {"admin"}
    # No scopes in the request (an SDK sign-in): the console roles are suppressed all the same.
    bare = hosted_auth_event([], scopes=[])
    del bare["request"]["scopes"]
    assert set(scopes_to_suppress(bare)) == {"facepass/admin", "facepass/reviewer", "facepass/payroll",
                                            "facepass/employee"}


def test_the_handler_answers_the_event():
    from token_scopes_handler import lambda_handler

    from facepass.local.lambda_events import LocalLambdaContext

    answer = lambda_handler(hosted_auth_event(["facepass-admins"]), LocalLambdaContext())
    assert answer["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]["scopesToSuppress"] == [
        "facepass/employee", "facepass/payroll", "facepass/reviewer"]


def access_token_claims(event: dict) -> dict:
    """The claims the API reads from the access token Cognito would issue after this trigger's answer (username:
    the user name; the claims the trigger adds or overrides)."""
    access = respond(copy.deepcopy(event))["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]
    return {"username": event["userName"], **access.get("claimsToAddOrOverride", {})}


def test_a_verified_email_goes_into_the_access_token_and_names_the_caller():
    # Separation of duties: the API knows the caller's own employee record from this claim.
    event = hosted_auth_event(["facepass-reviewers"])
    event["request"]["userAttributes"]["email"] = "  Supervisor@Example.COM "
    claims = access_token_claims(event)
    assert claims["email"] == "supervisor@example.com"
    assert emails_of(claims) == ("supervisor@example.com",)  # not the user name ("supervisor"): the verified email


@pytest.mark.parametrize("verified", ["false", None, "", "no"])
def test_an_unverified_email_is_never_added(verified):
    event = hosted_auth_event(["facepass-reviewers"])
    if verified is None:
        del event["request"]["userAttributes"]["email_verified"]
    else:
        event["request"]["userAttributes"]["email_verified"] = verified
    access = respond(copy.deepcopy(event))["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]
    assert "claimsToAddOrOverride" not in access
    assert access["scopesToSuppress"] == ["facepass/admin", "facepass/employee", "facepass/payroll"]  # as before
    assert emails_of(access_token_claims(event)) == ()  # user name "supervisor": no email, no own employee


def test_without_the_claim_a_user_name_that_is_an_email_names_the_caller_and_devices_are_nobody():
    assert emails_of({"username": "HR@example.com", "scope": "facepass/admin"}) == ("hr@example.com",)
    assert emails_of({"sub": "tool-client", "scope": "facepass/admin"}) == ()  # client credentials
    assert emails_of({"sub": "device:d1", "device_id": "d1", "scope": "facepass/kiosk"}) == ()
    assert emails_of(None) == ()


def test_a_user_who_changed_their_email_is_still_their_user_name_and_their_new_email():
    """A verified email that is not the work email the user name is (a user who changed their own attribute)
    does not shed their own employee record: both are theirs, the user name's first."""
    claims = {"username": "Obama@example.com", "email": "barack.private@gmail.com", "scope": "facepass/reviewer"}
    assert emails_of(claims) == ("obama@example.com", "barack.private@gmail.com")
    assert emails_of({"username": "a@example.com", "email": "A@example.com "}) == ("a@example.com",)
