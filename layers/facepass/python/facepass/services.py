"""What an entry point (Lambda handler, CLI, local stack) builds once and hands to the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from facepass.config import Settings
from facepass.db import Database, resolve_database_url

if TYPE_CHECKING:  # the face engine (onnxruntime, OpenCV) is imported only by functions that use it
    from facepass.faces import FaceEngine


def make_s3_client(settings: Settings):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name=settings.aws_region,
        endpoint_url=settings.s3_endpoint_url,
        config=Config(signature_version="s3v4", retries={"mode": "standard", "max_attempts": 4},
                      # virtual (not botocore's "auto"): presigned links name the regional endpoint, not the
                      # global one that redirects (307) for a new bucket outside us-east-1
                      s3={"addressing_style": "path" if settings.s3_endpoint_url else "virtual"}),
    )


class LazyClient:
    """A boto3 client built on its first use: importing boto3 and building a client costs ~0.35 s of CPU,
    and the cold start of the API function's identify (which never touches S3) should not pay it."""

    def __init__(self, factory) -> None:
        self._factory = factory
        self._client = None

    def __getattr__(self, name: str):
        if self._client is None:
            self._client = self._factory()
        return getattr(self._client, name)


@dataclass
class Services:
    settings: Settings
    s3: Any
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        # Opened on first use: /openapi.json and /docs need no database.
        if self._db is None:
            refresh = None
            if self.settings.database_secret_arn and not self.settings.database_url:
                refresh = lambda: resolve_database_url(self.settings, force_fetch=True)  # noqa: E731
            self._db = Database(resolve_database_url(self.settings), ef_search=self.settings.hnsw_ef_search,
                                refresh_url=refresh)
        return self._db

    @property
    def engine(self) -> FaceEngine:
        from facepass.faces import load_engine
        from facepass.faces.runtime import use_compiled_model_cache

        use_compiled_model_cache(self.settings.model_cache_dir)  # also when the cold-start warm-up did not run
        return load_engine(self.settings)

    @classmethod
    def from_settings(cls, settings: Settings, *, s3=None, db: Database | None = None) -> Services:
        return cls(settings=settings, s3=s3 if s3 is not None else LazyClient(lambda: make_s3_client(settings)), _db=db)


class ServicesHolder:
    """A Lambda function's services: built from the environment on first use (cold start), or
    handed in (tests, the local stack)."""

    def __init__(self) -> None:
        self._value: Services | None = None

    def __call__(self) -> Services:
        if self._value is None:
            from facepass.config import get_settings

            self._value = Services.from_settings(get_settings())
        return self._value

    def use(self, value: Services | None) -> None:
        self._value = value
