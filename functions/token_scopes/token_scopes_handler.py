"""Cognito pre-token-generation trigger (V2_0): a console user's access token carries only the facepass/* scopes
their user-pool groups grant (facepass.token_scopes)."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from facepass.token_scopes import respond

logger = Logger(service="facepass-token-scopes")


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict, context) -> dict:
    answer = respond(event)
    logger.info("access token scopes", extra={
        "trigger_source": event.get("triggerSource"),
        "suppressed": answer["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"][
            "scopesToSuppress"]})
    return answer
