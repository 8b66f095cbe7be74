"""The data map: one declarative description of the platform's personal data, read from a YAML
file (PRIVACY_DATA_MAP, else reference.yaml) at first use. docs/datamap.md describes the file.

Access, erasure, retention, exit and the Art. 30 register all read it.
"""

from shared.datamap.model import (
    Col,
    DataCategory,
    DataMap,
    Erasure,
    Hop,
    LegalDuty,
    SubjectCategory,
    TableMap,
)
from shared.datamap.platform_map import DATA_MAP

__all__ = [
    "DATA_MAP",
    "Col",
    "DataCategory",
    "DataMap",
    "Erasure",
    "Hop",
    "LegalDuty",
    "SubjectCategory",
    "TableMap",
]
