"""The manifest: what a snapshot holds, authenticated with an HMAC under the backup key.

It holds no personal data (table names, counts, hashes, times), so it is stored readable;
the MAC makes any change to it, or a manifest made without the key, fail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.backups.frames import derive
from shared.deps import Deps
from shared.errors import ConfigError

FORMAT = 1
MANIFEST = "manifest.json"


class ManifestInvalid(Exception):
    """The manifest is missing its MAC, does not verify, or is not a manifest."""


@dataclass(frozen=True)
class BackupKey:
    key: bytes
    key_id: str


def backup_key(deps: Deps) -> BackupKey:
    name = deps.settings.backup_key_secret
    raw = deps.secrets.get(name)
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        raise ConfigError(f"Secret {name!r} is not base64") from None
    if len(key) != 32:
        raise ConfigError(f"Secret {name!r} must be 32 bytes (base64), for AES-256")
    return BackupKey(key, deps.secrets.source(name))


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def seal_manifest(body: dict[str, Any], key: bytes) -> bytes:
    mac = hmac.new(derive(key, "manifest"), _canonical(body), hashlib.sha256).hexdigest()
    return json.dumps({"format": FORMAT, "manifest": body, "hmac_sha256": mac}, indent=1).encode()


def open_manifest(raw: bytes, key: bytes, snapshot_id: str) -> dict[str, Any]:
    try:
        doc = json.loads(raw)
        body, mac = doc["manifest"], doc["hmac_sha256"]
    except (ValueError, KeyError, TypeError):
        raise ManifestInvalid("the manifest is not readable") from None
    expected = hmac.new(derive(key, "manifest"), _canonical(body), hashlib.sha256).hexdigest()
    if not isinstance(mac, str) or not hmac.compare_digest(mac, expected):
        raise ManifestInvalid("the manifest's MAC does not verify (changed, or another key)")
    if body.get("id") != snapshot_id:
        raise ManifestInvalid("the manifest belongs to another snapshot")
    return body


def taken_at(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(body["taken_at"])
