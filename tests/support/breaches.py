"""Helpers for the breach tests (no tests here): platform clients, an intake body, assessments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert

from shared.platform.schema import clients


def add_clients(deps: Any, *ids: int) -> None:
    with deps.platform.begin() as conn:
        conn.execute(insert(clients), [
            {"id": i, "name": f"Bakkerij {i} B.V.", "status": "active", "relationship_started_on": date(2024, 1, 1),
             "read_only": False, "created_at": datetime(2024, 1, 1, tzinfo=UTC)}
            for i in ids
        ])


def intake_body(aware: datetime, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "summary": "Inloggegevens van een SFTP-account uitgelekt; debiteurenbestanden gedownload.",
        "became_aware_at": aware.isoformat(),
        "started_at": aware.replace(hour=0, minute=0, second=0).isoformat() if aware.hour >= 1 else None,
        "ongoing": False,
        "discovered_how": "Melding van de monitoring (afwijkend downloadvolume)",
        "incident_type": "hacking_malware_phishing",
        "nature": ["confidentiality"],
        "data_kinds": ["name_address", "email", "financial"],
        "subject_categories": ["debtor"],
        "subjects_min": 800,
        "subjects_max": 1200,
        "records_count": 1500,
        "protection": "none",
        "processors": ["Interpulse automatisering B.V."],
        "likely_consequences": "Kans op phishing en fraude met betalingsverzoeken.",
        "measures_taken": "Account geblokkeerd, wachtwoorden gewijzigd.",
    }
    body = {k: v for k, v in body.items() if v is not None}
    body.update(overrides)
    return body


def strong_assessment(**overrides: Any) -> dict[str, Any]:
    """Financial data (DPC 3), easy to identify (EI 1), read with malice: 3 + 0.5 + 0.5 = 4, very high."""
    body: dict[str, Any] = {
        "dpc": 3, "ei": 1, "cb_confidentiality": 0.5, "cb_integrity": 0, "cb_availability": 0,
        "malicious": True, "consequences": "Phishing en fraude.", "harm": ["material", "non_material"],
    }
    body.update(overrides)
    return body
