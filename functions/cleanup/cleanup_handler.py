"""Cleanup function: the daily retention job (filled in by the retention work)."""

from __future__ import annotations


def lambda_handler(event: dict, context) -> dict:
    return {"dry_run": bool(event.get("dry_run", False))}
