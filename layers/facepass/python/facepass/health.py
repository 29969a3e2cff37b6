"""/health: the database answers, and its schema is the one this code needs (a forgotten migration shows here,
as 503, instead of as 500s on the routes that touch a new column)."""

from __future__ import annotations

from facepass import repository
from facepass.config import Settings
from facepass.db import Database, list_migrations
from facepass.errors import ConfigurationError
from facepass.faces.model_files import require_pack_files
from facepass.faces.packs import get_pack
from facepass.schemas import Health


def check_health(db: Database, settings: Settings) -> Health:
    with db.reading() as cur:
        applied = repository.applied_migrations(cur)
    code_migrations = [migration.version for migration in list_migrations(settings.migrations_dir)]
    pending = [version for version in code_migrations if version not in applied]
    try:
        require_pack_files(get_pack(settings.model_pack), settings.model_dir)
        models = "ok"
    except ConfigurationError:
        models = "missing"
    status = "schema_behind" if pending else "models_missing" if models == "missing" else "ok"
    return Health(status=status, model_pack=settings.model_pack, models=models, database="ok",
                  schema_version=max(applied) if applied else None,
                  code_schema_version=code_migrations[-1],
                  pending_migrations=pending)
