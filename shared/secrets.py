"""One secrets provider: Key Vault when PRIVACY_KEYVAULT_URL is set, the environment otherwise.

A secret has versions. `get(name)` reads the current one and `source(name)` says which one it is
(an id with the version); `get_version(name, id)` reads the version an earlier `source` named, so
a backup taken before a key rotation stays readable while its version exists. docs/security.md,
"Backup keys and rotation", describes both seams.

Secret values are never logged. Key Vault values are cached for a short TTL.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Protocol

from shared.config import Settings
from shared.errors import ConfigError, Unavailable

TTL_SECONDS = 300
CONNECT_SECONDS = 3
READ_SECONDS = 10
UNREACHABLE = "Key Vault cannot be reached; nothing was changed. Try again in a few minutes."


class SecretVersionMissing(Exception):
    """The version of a secret that a record names is not available (deleted, disabled, or not
    configured). The message names the secret and the version, never a value."""

    def __init__(self, name: str, version: str, why: str):
        super().__init__(f"version {version} of secret {name!r} is not available: {why}")
        self.name, self.version = name, version


class SecretProvider(Protocol):
    def get(self, name: str) -> str:
        """The current version's value."""
        ...

    def source(self, name: str) -> str:
        """Which version `get` reads: a Key Vault id with its version, or the variable name."""
        ...

    def get_version(self, name: str, secret_id: str) -> str:
        """The value of the version of `name` that `secret_id` (an earlier `source(name)`) names.
        SecretVersionMissing when it is gone; ValueError when the id names another secret."""
        ...


class EnvSecrets:
    """Local and test mode. `backup-key` is read from PRIVACY_SECRET_BACKUP_KEY (one unversioned
    value), or, when PRIVACY_SECRET_BACKUP_KEY__CURRENT names a version (`v2`), from
    PRIVACY_SECRET_BACKUP_KEY__V2; earlier versions stay readable as PRIVACY_SECRET_BACKUP_KEY__V1."""

    CURRENT = "CURRENT"

    @staticmethod
    def var(name: str, version: str | None = None) -> str:
        base = "PRIVACY_SECRET_" + name.upper().replace("-", "_")
        return f"{base}__{version.upper().replace('-', '_')}" if version else base

    def _current_var(self, name: str) -> str:
        version = os.environ.get(self.var(name, self.CURRENT), "").strip()
        return self.var(name, version) if version else self.var(name)

    def get(self, name: str) -> str:
        var = self._current_var(name)
        value = os.environ.get(var)
        if not value:
            raise ConfigError(f"Secret {name!r} is not set: set {var}")
        return value

    def source(self, name: str) -> str:
        return f"env:{self._current_var(name)}"

    def get_version(self, name: str, secret_id: str) -> str:
        var = secret_id.removeprefix("env:")
        base = self.var(name)
        if not secret_id.startswith("env:") or (var != base and not var.startswith(f"{base}__")):
            raise ValueError(f"{secret_id!r} does not name a version of secret {name!r}")
        value = os.environ.get(var)
        if not value:
            version = var.removeprefix(f"{base}__") if var != base else "(unversioned)"
            raise SecretVersionMissing(name, version, f"set {var}")
        return value


class KeyVaultSecrets:
    def __init__(self, vault_url: str, client: Any = None, ttl: float = TTL_SECONDS,
                 monotonic: Any = time.monotonic):
        self._url, self._client, self._ttl, self._monotonic = vault_url, client, ttl, monotonic
        self._cache: dict[str, tuple[float, str, str]] = {}
        self._versions: dict[tuple[str, str], tuple[float, str]] = {}
        self._lock = threading.Lock()

    def _secret_client(self) -> Any:
        if self._client is None:
            from azure.identity import DefaultAzureCredential  # lazy: keeps cold start small
            from azure.keyvault.secrets import SecretClient

            # Short timeouts and one retry, as for Blob storage: an outage is a 503 within seconds.
            self._client = SecretClient(vault_url=self._url, credential=DefaultAzureCredential(),
                                        connection_timeout=CONNECT_SECONDS, read_timeout=READ_SECONDS,
                                        retry_total=1)
        return self._client

    def _fetch(self, name: str) -> tuple[str, str]:
        with self._lock:
            hit = self._cache.get(name)
            if hit and self._monotonic() - hit[0] < self._ttl:
                return hit[1], hit[2]
            secret = self._get(name)
            self._cache[name] = (self._monotonic(), secret.value, secret.id)
            return secret.value, secret.id

    def _get(self, name: str) -> Any:
        from azure.core.exceptions import ServiceRequestError, ServiceResponseError

        try:
            return self._secret_client().get_secret(name)
        except (ServiceRequestError, ServiceResponseError):
            raise Unavailable(UNREACHABLE) from None

    def get(self, name: str) -> str:
        return self._fetch(name)[0]

    def source(self, name: str) -> str:
        return self._fetch(name)[1]

    def get_version(self, name: str, secret_id: str) -> str:
        """By name and version in the configured vault (a vault restored elsewhere keeps both)."""
        from azure.core.exceptions import (
            HttpResponseError,
            ResourceNotFoundError,
            ServiceRequestError,
            ServiceResponseError,
        )
        from azure.keyvault.secrets import KeyVaultSecretIdentifier

        ident = KeyVaultSecretIdentifier(secret_id)  # ValueError for an id that is not Key Vault's
        if ident.name != name:
            raise ValueError(f"{secret_id!r} does not name a version of secret {name!r}")
        if not ident.version:
            return self.get(name)
        with self._lock:
            hit = self._versions.get((name, ident.version))
            if hit and self._monotonic() - hit[0] < self._ttl:
                return hit[1]
            try:
                value = self._secret_client().get_secret(name, ident.version).value
            except ResourceNotFoundError:
                raise SecretVersionMissing(name, ident.version, "not in Key Vault (deleted or purged)") from None
            except (ServiceRequestError, ServiceResponseError):
                raise Unavailable(UNREACHABLE) from None
            except HttpResponseError as exc:
                if exc.status_code == 403 and "disabled" in str(exc).lower():
                    raise SecretVersionMissing(name, ident.version, "disabled in Key Vault") from None
                raise
            self._versions[(name, ident.version)] = (self._monotonic(), value)
            return value


def provider_for(settings: Settings) -> SecretProvider:
    if settings.keyvault_url:
        return KeyVaultSecrets(settings.keyvault_url)
    return EnvSecrets()
