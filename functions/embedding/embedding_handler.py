"""Embedding function: S3 ObjectCreated events for enroll/ uploads (filled in by the enrollment pipeline)."""

from __future__ import annotations


def lambda_handler(event: dict, context) -> dict:
    return {"processed": 0}
