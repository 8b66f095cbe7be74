"""Alembic, driven from code: `privacy migrate` upgrades the store and the platform database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("store", "platform")


def target_metadata(target: str) -> MetaData:
    import shared.tables  # noqa: F401 - registers every table on the metadata
    from shared.db.metadata import platform_metadata, store_metadata

    return {"store": store_metadata, "platform": platform_metadata}[target]


def only_tables_of(metadata: MetaData):
    """Both schemas may share one database: each target compares only its own tables."""

    def include(name: str | None, type_: str, parent_names: dict) -> bool:
        return type_ != "table" or name in metadata.tables

    return include


def config(target: str, url: str | None = None, engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("version_locations", str(ROOT / "migrations" / target / "versions"))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["target"] = target
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(target: str, engine: Engine) -> None:
    with engine.begin() as conn:
        cfg = config(target)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def upgrade_all(store: Engine, platform: Engine) -> None:
    upgrade("store", store)
    upgrade("platform", platform)


def autogenerate(target: str, url: str, message: str) -> None:
    """Developers: write a new revision from the difference between the models and `url`."""
    command.revision(config(target, url), message=message, autogenerate=True)
