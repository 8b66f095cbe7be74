"""Loads `local.settings.json` (or the sample) into the environment, as Core Tools do."""

from __future__ import annotations

import json
import os
from pathlib import Path


def load(root: Path = Path()) -> Path | None:
    for name in ("local.settings.json", "local.settings.sample.json"):
        path = root / name
        if path.exists():
            values = json.loads(path.read_text()).get("Values", {})
            for key, value in values.items():
                if value != "" and key not in os.environ:  # the real environment wins
                    os.environ[key] = str(value)
            return path
    return None
