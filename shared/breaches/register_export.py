"""The internal breach register (Art. 33(5)): every breach, notified or not, with its facts,
effects and remedial action. Pure: rows from the breach views, and CSV with a header row."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.breaches.rules import Phase, Target
from shared.csv_cells import safe_cell
from shared.nl import date_nl

COLUMNS = (
    "id", "status", "reported_at", "became_aware_at", "authority_notification_due_at", "started_at",
    "ended_at", "ongoing", "summary", "incident_type", "nature", "data_kinds", "subject_categories",
    "subjects_min", "subjects_max", "records_count", "protection", "incassotool_role", "client_ids",
    "processors",
    "score", "severity", "outcome", "decision_overridden", "decision_reason",
    "authority_notified_at", "authority_reference", "authority_notification_late", "delay_reasons",
    "clients_notified_at", "subjects_notified_at", "public_notice_at",
    "consequences", "measures_taken", "lessons_learned", "follow_up_measures", "closed_at",
)


def _first_sent(view: dict[str, Any], target: Target) -> datetime | None:
    return next((n["sent_at"] for n in view["notifications"] if n["target"] == target), None)


def row(view: dict[str, Any]) -> dict[str, Any]:
    assessment, decision, evaluation = view["assessment"], view["decision"], view["evaluation"]
    first = next((n for n in view["notifications"]
                  if n["target"] == Target.AUTHORITY and n["phase"] == Phase.FIRST), None)
    return {
        "id": view["id"],
        "status": view["status"],
        "reported_at": view["reported_at"],
        "became_aware_at": view["became_aware_at"],
        "authority_notification_due_at": view["authority_notification_due_at"],
        "started_at": view["started_at"],
        "ended_at": view["ended_at"],
        "ongoing": view["ongoing"],
        "summary": view["summary"],
        "incident_type": view["incident_type"],
        "nature": view["nature"],
        "data_kinds": view["data_kinds"],
        "subject_categories": view["subject_categories"],
        "subjects_min": view["subjects_min"],
        "subjects_max": view["subjects_max"],
        "records_count": view["records_count"],
        "protection": view["protection"],
        "incassotool_role": view["incassotool_role"],
        "client_ids": view["client_ids"],
        "processors": view["processors"],
        "score": assessment["score"] if assessment else None,
        "severity": assessment["severity"] if assessment else None,
        # The FG's decision where there is one, else what the latest assessment advises.
        "outcome": (decision or assessment or {}).get("outcome"),
        "decision_overridden": decision["overridden"] if decision else None,
        "decision_reason": decision["reason"] if decision else None,
        "authority_notified_at": view["authority_notified_at"],
        "authority_reference": first["authority_reference"] if first else None,
        "authority_notification_late": view["authority_notification_late"],
        "delay_reasons": first["delay_reasons"] if first else None,
        "clients_notified_at": _first_sent(view, Target.CLIENTS),
        "subjects_notified_at": _first_sent(view, Target.SUBJECTS),
        "public_notice_at": _first_sent(view, Target.PUBLIC),
        "consequences": (assessment or {}).get("consequences") or view["likely_consequences"],
        "measures_taken": view["measures_taken"],
        "lessons_learned": evaluation["lessons_learned"] if evaluation else None,
        "follow_up_measures": [
            {"description": m["description"], "owner": m["owner"], "due_date": m["due_date"], "done_on": m["done_on"]}
            for m in evaluation["measures"]
        ] if evaluation else [],
        "closed_at": view["closed_at"],
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return "; ".join(_measure(v) if isinstance(v, dict) else str(v) for v in value)
    return str(safe_cell(str(value)))


def _measure(m: dict[str, Any]) -> str:
    done = f", gereed {date_nl(m['done_on'])}" if m.get("done_on") else ""
    return f"{m['description']} ({m['owner']}, uiterlijk {date_nl(m['due_date'])}{done})"


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in COLUMNS])
    return out.getvalue()
