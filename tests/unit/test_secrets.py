"""Secrets: Key Vault (cached with a TTL) when configured, the environment otherwise; values
never reach the logs."""

import logging

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from shared.config import Settings
from shared.errors import ConfigError
from shared.secrets import EnvSecrets, KeyVaultSecrets, SecretVersionMissing, provider_for


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


def test_env_secrets_keep_versions_and_read_the_one_a_record_names(monkeypatch):
    monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY__V1", "old")
    monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY__V2", "new")
    monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY__CURRENT", "v2")
    secrets = EnvSecrets()
    assert secrets.get("backup-key") == "new"
    assert secrets.source("backup-key") == "env:PRIVACY_SECRET_BACKUP_KEY__V2"
    assert secrets.get_version("backup-key", "env:PRIVACY_SECRET_BACKUP_KEY__V1") == "old"
    monkeypatch.delenv("PRIVACY_SECRET_BACKUP_KEY__V1")
    with pytest.raises(SecretVersionMissing, match=r"version V1 of secret 'backup-key'.*PRIVACY_SECRET_BACKUP_KEY__V1"):
        secrets.get_version("backup-key", "env:PRIVACY_SECRET_BACKUP_KEY__V1")
    with pytest.raises(ValueError, match="does not name a version"):
        secrets.get_version("backup-key", "env:PRIVACY_SECRET_AUDIT_KEY")


def test_env_secrets_without_versions_read_the_one_variable(monkeypatch):
    monkeypatch.setenv("PRIVACY_SECRET_BACKUP_KEY", "only")
    secrets = EnvSecrets()
    assert secrets.source("backup-key") == "env:PRIVACY_SECRET_BACKUP_KEY"
    assert secrets.get_version("backup-key", secrets.source("backup-key")) == "only"


class VersionedVault:
    def __init__(self, error=None):
        self.error, self.asked = error, []

    def get_secret(self, name, version=None):
        self.asked.append((name, version))
        if self.error:
            raise self.error

        class Secret:
            value = f"{name}@{version}"
            id = f"https://kv.vault.azure.net/secrets/{name}/{version}"

        return Secret()


def test_key_vault_reads_the_version_an_id_names():
    vault = VersionedVault()
    secrets = KeyVaultSecrets("https://kv.vault.azure.net", client=vault)
    assert secrets.get_version("backup-key", "https://kv.vault.azure.net/secrets/backup-key/0a1b") == "backup-key@0a1b"
    assert secrets.get_version("backup-key", "https://kv.vault.azure.net/secrets/backup-key/0a1b") == "backup-key@0a1b"
    assert vault.asked == [("backup-key", "0a1b")]  # a version never changes: cached
    with pytest.raises(ValueError, match="does not name a version"):
        secrets.get_version("backup-key", "https://kv.vault.azure.net/secrets/audit-key/0a1b")


@pytest.mark.parametrize(("error", "why"), [
    (ResourceNotFoundError("SecretNotFound"), "deleted or purged"),
    (HttpResponseError("Operation get is not allowed on a disabled secret."), "disabled"),
])
def test_a_key_vault_version_that_is_gone_or_disabled_is_named(error, why):
    error.status_code = 404 if isinstance(error, ResourceNotFoundError) else 403
    secrets = KeyVaultSecrets("https://kv.vault.azure.net", client=VersionedVault(error))
    with pytest.raises(SecretVersionMissing, match=rf"version 0a1b of secret 'backup-key'.*{why}"):
        secrets.get_version("backup-key", "https://kv.vault.azure.net/secrets/backup-key/0a1b")


def test_an_unreachable_key_vault_is_a_503_not_a_crash():
    from azure.core.exceptions import ServiceRequestError

    from shared.errors import Unavailable

    class DownVault:
        def get_secret(self, name):
            raise ServiceRequestError("connection refused")

    with pytest.raises(Unavailable, match="Key Vault cannot be reached") as raised:
        KeyVaultSecrets("https://kv", client=DownVault()).get("backup-key")
    assert raised.value.status == 503
