"""Pseudonyms: a keyed hash (HMAC-SHA256) with the pseudonym key from the secrets provider.

Stable for the same input, so a replay after a restore writes the same value, and not
reversible without the key."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

Pseudonymiser = Callable[[str], str]


def pseudonymiser(key_b64: str) -> Pseudonymiser:
    key = base64.b64decode(key_b64)

    def pseudonymise(value: str) -> str:
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]

    return pseudonymise


def from_deps(deps) -> Pseudonymiser:
    return pseudonymiser(deps.secrets.get(deps.settings.pseudonym_key_secret))
