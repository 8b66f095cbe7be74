"""The manifest: what a snapshot holds, authenticated with an HMAC under the backup key.

It holds no personal data (table names, counts, hashes, times), so it is stored readable;
the MAC makes any change to it, or a manifest made without the key, fail. It names the key
version it was made under (`key_id`), and is opened with that version, so snapshots taken before
a key rotation stay readable while their version exists (docs/security.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.backups.frames import derive
from shared.deps import Deps
from shared.errors import ConfigError
from shared.secrets import SecretVersionMissing

FORMAT = 1
MANIFEST = "manifest.json"


class ManifestInvalid(Exception):
    """The manifest is missing its MAC, does not verify, or is not a manifest."""


class KeyVersionMissing(ManifestInvalid):
    """The key version the manifest names is gone (deleted, disabled, or not configured)."""


@dataclass(frozen=True)
class BackupKey:
    key: bytes
    key_id: str


def backup_key(deps: Deps) -> BackupKey:
    """The current key version: new snapshots are sealed with it."""
    name = deps.settings.backup_key_secret
    return BackupKey(_decoded(name, deps.secrets.get(name)), deps.secrets.source(name))


def key_named(deps: Deps, key_id: str) -> bytes:
    """The key version a manifest names (its `key_id`): KeyVersionMissing when it is gone."""
    name = deps.settings.backup_key_secret
    try:
        return _decoded(name, deps.secrets.get_version(name, key_id))
    except SecretVersionMissing as exc:
        raise KeyVersionMissing(f"the backup key {exc}; the snapshot cannot be read without it") from None
    except ValueError:
        raise ManifestInvalid(f"the manifest names a key that is not a version of {name!r}") from None


def keyring(deps: Deps) -> Callable[[str], bytes]:
    """key_named, asked once per key version (a listing opens many manifests), a missing one too."""
    found: dict[str, bytes | ManifestInvalid] = {}

    def key(key_id: str) -> bytes:
        if key_id not in found:
            try:
                found[key_id] = key_named(deps, key_id)
            except ManifestInvalid as exc:
                found[key_id] = exc
        hit = found[key_id]
        if isinstance(hit, ManifestInvalid):
            raise hit
        return hit

    return key


def _decoded(name: str, raw: str) -> bytes:
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        raise ConfigError(f"Secret {name!r} is not base64") from None
    if len(key) != 32:
        raise ConfigError(f"Secret {name!r} must be 32 bytes (base64), for AES-256")
    return key


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def seal_manifest(body: dict[str, Any], key: bytes) -> bytes:
    mac = hmac.new(derive(key, "manifest"), _canonical(body), hashlib.sha256).hexdigest()
    return json.dumps({"format": FORMAT, "manifest": body, "hmac_sha256": mac}, indent=1).encode()


def open_manifest(raw: bytes, keys: Callable[[str], bytes], snapshot_id: str) -> dict[str, Any]:
    """The verified body, opened with the key version it names (`keys` gives a version's key)."""
    try:
        doc = json.loads(raw)
        body, mac = doc["manifest"], doc["hmac_sha256"]
        key_id = body["key_id"]
    except (ValueError, KeyError, TypeError):
        raise ManifestInvalid("the manifest is not readable") from None
    if not isinstance(key_id, str):
        raise ManifestInvalid("the manifest names no key version")
    key = keys(key_id)  # unverified until the MAC below checks it: a forged id finds no key
    expected = hmac.new(derive(key, "manifest"), _canonical(body), hashlib.sha256).hexdigest()
    if not isinstance(mac, str) or not hmac.compare_digest(mac, expected):
        raise ManifestInvalid("the manifest's MAC does not verify (changed, or another key)")
    if body.get("id") != snapshot_id:
        raise ManifestInvalid("the manifest belongs to another snapshot")
    return body


def taken_at(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(body["taken_at"])
