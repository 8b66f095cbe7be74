"""One secrets provider: Key Vault when PRIVACY_KEYVAULT_URL is set, the environment otherwise.

Secret values are never logged. Key Vault values are cached for a short TTL.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Protocol

from shared.config import Settings
from shared.errors import ConfigError

TTL_SECONDS = 300


class SecretProvider(Protocol):
    def get(self, name: str) -> str: ...

    def source(self, name: str) -> str:
        """Where the secret came from (a Key Vault id with version, or the variable name)."""
        ...


class EnvSecrets:
    """Local and test mode: `backup-key` is read from PRIVACY_SECRET_BACKUP_KEY."""

    @staticmethod
    def var(name: str) -> str:
        return "PRIVACY_SECRET_" + name.upper().replace("-", "_")

    def get(self, name: str) -> str:
        value = os.environ.get(self.var(name))
        if not value:
            raise ConfigError(f"Secret {name!r} is not set: set {self.var(name)}")
        return value

    def source(self, name: str) -> str:
        return f"env:{self.var(name)}"


class KeyVaultSecrets:
    def __init__(self, vault_url: str, client: Any = None, ttl: float = TTL_SECONDS,
                 monotonic: Any = time.monotonic):
        self._url, self._client, self._ttl, self._monotonic = vault_url, client, ttl, monotonic
        self._cache: dict[str, tuple[float, str, str]] = {}
        self._lock = threading.Lock()

    def _secret_client(self) -> Any:
        if self._client is None:
            from azure.identity import DefaultAzureCredential  # lazy: keeps cold start small
            from azure.keyvault.secrets import SecretClient

            self._client = SecretClient(vault_url=self._url, credential=DefaultAzureCredential())
        return self._client

    def _fetch(self, name: str) -> tuple[str, str]:
        with self._lock:
            hit = self._cache.get(name)
            if hit and self._monotonic() - hit[0] < self._ttl:
                return hit[1], hit[2]
            secret = self._secret_client().get_secret(name)
            self._cache[name] = (self._monotonic(), secret.value, secret.id)
            return secret.value, secret.id

    def get(self, name: str) -> str:
        return self._fetch(name)[0]

    def source(self, name: str) -> str:
        return self._fetch(name)[1]


def provider_for(settings: Settings) -> SecretProvider:
    if settings.keyvault_url:
        return KeyVaultSecrets(settings.keyvault_url)
    return EnvSecrets()
