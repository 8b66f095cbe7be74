"""Secrets: Key Vault (cached with a TTL) when configured, the environment otherwise; values
never reach the logs."""

import logging

import pytest

from shared.config import Settings
from shared.errors import ConfigError
from shared.secrets import EnvSecrets, KeyVaultSecrets, provider_for


class FakeVault:
    def __init__(self):
        self.calls = 0

    def get_secret(self, name):
        self.calls += 1

        class Secret:
            value = f"value-of-{name}-{self.calls}"
            id = f"https://kv.vault.azure.net/secrets/{name}/v{self.calls}"

        return Secret()


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


def test_key_vault_values_are_cached_for_the_ttl():
    vault, clock = FakeVault(), Clock()
    secrets = KeyVaultSecrets("https://kv.vault.azure.net", client=vault, ttl=300, monotonic=clock)
    assert secrets.get("backup-key") == "value-of-backup-key-1"
    assert secrets.get("backup-key") == "value-of-backup-key-1"
    assert secrets.source("backup-key").endswith("/backup-key/v1")
    assert vault.calls == 1
    clock.t = 301
    assert secrets.get("backup-key") == "value-of-backup-key-2"


def test_env_secrets_name_the_variable_when_missing(monkeypatch):
    monkeypatch.delenv("PRIVACY_SECRET_BACKUP_KEY", raising=False)
    with pytest.raises(ConfigError, match="PRIVACY_SECRET_BACKUP_KEY"):
        EnvSecrets().get("backup-key")


def test_provider_follows_configuration():
    assert isinstance(provider_for(Settings(keyvault_url="https://kv.vault.azure.net")), KeyVaultSecrets)
    assert isinstance(provider_for(Settings(keyvault_url=None)), EnvSecrets)


def test_secret_values_are_not_logged(monkeypatch, caplog):
    monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY", "s3cr3t-value")
    with caplog.at_level(logging.DEBUG):
        EnvSecrets().get("backup-key")
        KeyVaultSecrets("https://kv", client=FakeVault()).get("backup-key")
    assert "s3cr3t-value" not in caplog.text and "value-of-backup-key" not in caplog.text
