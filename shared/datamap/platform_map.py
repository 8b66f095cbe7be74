"""The active data map: the YAML file PRIVACY_DATA_MAP names, else the bundled reference map
(shared/datamap/reference.yaml). Read at first use, never at import (shared/datamap/loader.py)."""

from shared.datamap.loader import ActiveDataMap

DATA_MAP = ActiveDataMap()
