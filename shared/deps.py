"""The dependencies a service needs, built at first use from the settings (never at import)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from shared.clock import Clock, fixed_clock, system_clock
from shared.config import Settings, get_settings
from shared.db.engines import engine_for

if TYPE_CHECKING:
    from shared.secrets import SecretProvider
    from shared.storage import BlobStore


@dataclass
class Deps:
    settings: Settings
    clock: Clock
    store: Engine
    platform: Engine

    @cached_property
    def secrets(self) -> SecretProvider:
        from shared.secrets import provider_for

        return provider_for(self.settings)

    @cached_property
    def blobs(self) -> BlobStore:
        from shared.storage import BlobStore

        return BlobStore(self.settings.storage)

    def now(self) -> datetime:
        return self.clock.now()


def build_deps(settings: Settings | None = None, clock: Clock | None = None) -> Deps:
    settings = settings or get_settings()
    clock = clock or (fixed_clock(settings.now) if settings.now else system_clock())
    return Deps(settings, clock, engine_for(settings.database_url), engine_for(settings.platform_url))


_deps: Deps | None = None


def get_deps() -> Deps:
    global _deps
    if _deps is None:
        _deps = build_deps()
    return _deps


def set_deps(deps: Deps | None) -> None:
    """Replace the process-wide dependencies (tests, the local host)."""
    global _deps
    _deps = deps
