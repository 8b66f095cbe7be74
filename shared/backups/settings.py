"""Backup configuration, read at use from the environment (app settings in Azure).

The retention values are confidential configuration: the defaults here are only a safe
fallback; documents never state the values in use."""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.errors import ConfigError


class BackupSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRIVACY_BACKUP_", extra="ignore")

    keep_daily: int = Field(default=7, ge=1, le=400)
    keep_weekly: int = Field(default=4, ge=0, le=260)
    keep_monthly: int = Field(default=3, ge=0, le=120)
    drill_url: str | None = None  # scratch database of the weekly drill; a temp SQLite file when unset


def backup_settings() -> BackupSettings:
    try:
        return BackupSettings()
    except ValidationError as exc:
        problems = "; ".join(f"PRIVACY_BACKUP_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"Bad backup configuration: {problems}") from None
