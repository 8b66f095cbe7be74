"""One typed settings object, read at first use (never at import) from the environment.

In Azure the environment is the app settings; locally `local.settings.json` fills it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.errors import ConfigError

LOCAL_DB_URL = "sqlite:///.data/privacy.db"


class Env(StrEnum):
    LOCAL = "local"
    TEST = "test"
    AZURE = "azure"


class Settings(BaseSettings):
    # An empty value (as in the sample settings) means unset, as an app setting left blank in Azure.
    model_config = SettingsConfigDict(env_prefix="PRIVACY_", extra="ignore", populate_by_name=True,
                                      env_ignore_empty=True)

    env: Env = Env.LOCAL
    database_url: str = LOCAL_DB_URL
    app_database_url: str | None = None
    storage_connection: str | None = None
    azure_webjobs_storage: str | None = Field(default=None, validation_alias="AzureWebJobsStorage")
    keyvault_url: str | None = None
    auth_issuer: str | None = None
    auth_audience: str = "api://privacy-suite"
    auth_jwks_url: str | None = None
    auth_mfa_context: str = "c1"
    auth_client_claim: str = "extn.clientId"
    auth_max_token_hours: int = Field(default=24, ge=1, le=168)  # longest accepted exp - (nbf or iat)
    auth_jwks_stale_hours: int = Field(default=72, ge=0, le=720)  # cached keys serve this long past 24 h in an outage
    now: datetime | None = None
    # Secret names, resolved through the secrets provider (Key Vault in Azure).
    backup_key_secret: str = "backup-key"  # noqa: S105 - the secret's name, not its value
    pseudonym_key_secret: str = "pseudonym-key"  # noqa: S105 - the secret's name, not its value
    audit_key_secret: str = "audit-key"  # noqa: S105 - the secret's name, not its value
    export_link_minutes: int = Field(default=15, ge=1, le=60)
    exit_backdate_days: int = Field(default=30, ge=1, le=365)  # how far back staff may date a notice by letter
    # Art. 33(2): a processor tells its controllers "without undue delay"; this is the clock of each notice.
    breach_client_notice_hours: int = Field(default=24, ge=1, le=72)
    # Backup retention (grandfather-father-son). The values in use are confidential
    # configuration; these defaults are only a safe fallback.
    backup_keep_daily: int = Field(default=7, ge=1, le=400)
    backup_keep_weekly: int = Field(default=4, ge=0, le=260)
    backup_keep_monthly: int = Field(default=3, ge=0, le=120)
    data_map: str | None = None  # the data-map file (YAML); unset: the bundled reference map
    backup_drill_url: str | None = None  # the weekly drill's scratch database; a temp SQLite file when unset

    @field_validator("now")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("must carry a UTC offset, e.g. 2026-11-24T09:00:00+01:00")
        return v

    @model_validator(mode="after")
    def _azure_rules(self) -> Settings:
        if self.env is Env.AZURE and self.now is not None:
            raise ValueError("PRIVACY_NOW is refused when PRIVACY_ENV=azure")
        if self.env is Env.AZURE and not (self.auth_issuer and self.auth_jwks_url):
            raise ValueError("PRIVACY_AUTH_ISSUER and PRIVACY_AUTH_JWKS_URL are required when PRIVACY_ENV=azure")
        return self

    @property
    def platform_url(self) -> str:
        return self.app_database_url or self.database_url

    @property
    def storage(self) -> str:
        return self.storage_connection or self.azure_webjobs_storage or "UseDevelopmentStorage=true"


def _name_of(loc: tuple[Any, ...]) -> str:
    field = str(loc[0]) if loc else ""
    if field == "azure_webjobs_storage":
        return "AzureWebJobsStorage"
    return f"PRIVACY_{field.upper()}" if field else "PRIVACY_* settings"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{_name_of(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"Bad configuration: {problems}") from None


def reset_settings() -> None:
    """Forget the cached settings (tests, and the local host after loading local.settings.json)."""
    get_settings.cache_clear()
