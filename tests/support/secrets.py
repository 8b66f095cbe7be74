"""Backup key versions for the rotation tests, in both seams of shared/secrets.py: an in-memory
Key Vault (versioned like the real one, with its not-found error) and the environment."""

from __future__ import annotations

import base64
import os
import uuid
from types import SimpleNamespace

import pytest
from azure.core.exceptions import ResourceNotFoundError

from shared.secrets import EnvSecrets, KeyVaultSecrets

NAME = "backup-key"


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


class Vault:
    """SecretClient's get_secret over versions kept in memory: the newest is the current one."""

    URL = "https://kv-test.vault.azure.net"

    def __init__(self) -> None:
        self.versions: dict[str, list[tuple[str, str]]] = {}

    def set_secret(self, name: str, value: str) -> str:
        version = uuid.uuid4().hex
        self.versions.setdefault(name, []).append((version, value))
        return version

    def get_secret(self, name: str, version: str | None = None) -> SimpleNamespace:
        entries = self.versions.get(name, [])
        found = entries[-1] if version is None and entries else next((e for e in entries if e[0] == version), None)
        if found is None:
            raise ResourceNotFoundError(f"A secret with (name/id) {name}/{version} was not found in this key vault")
        return SimpleNamespace(value=found[1], id=f"{self.URL}/secrets/{name}/{found[0]}")

    def purge(self, name: str, version: str) -> None:
        self.versions[name] = [e for e in self.versions[name] if e[0] != version]


class VaultKeys:
    """The backup key in Key Vault: a rotation adds a version, a purge removes one."""

    def __init__(self, deps) -> None:
        self.vault, self.ids = Vault(), {}
        for other in (deps.settings.pseudonym_key_secret, deps.settings.audit_key_secret):  # as the test env has them
            self.vault.set_secret(other, EnvSecrets().get(other))
        deps.__dict__["secrets"] = KeyVaultSecrets(Vault.URL, client=self.vault, ttl=0)

    def rotate(self, label: str) -> None:
        self.ids[label] = self.vault.set_secret(NAME, new_key())

    def drop(self, label: str) -> None:
        self.vault.purge(NAME, self.ids[label])

    def version(self, label: str) -> str:
        """How the suite names the version (Key Vault's own version id)."""
        return self.ids[label]


class EnvKeys:
    """The backup key in the environment: PRIVACY_SECRET_BACKUP_KEY__<VERSION>, and __CURRENT."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def rotate(self, label: str) -> None:
        self.monkeypatch.setenv(f"PRIVACY_SECRET_BACKUP_KEY__{label.upper()}", new_key())
        self.monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY__CURRENT", label)

    def drop(self, label: str) -> None:
        self.monkeypatch.delenv(f"PRIVACY_SECRET_BACKUP_KEY__{label.upper()}")

    def version(self, label: str) -> str:
        return label.upper()
