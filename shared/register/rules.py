"""Pure rules of the register: validation against the data map and the country lists, the link
between activities and the map, the risk view, and the Art. 30 records. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shared.datamap.model import LEGAL_DUTY_TEXT_NL, DataMap
from shared.register.catalogue import (
    CLIENT_AS_CONTROLLER,
    CONTROLLER,
    DPO,
    LEGAL_BASIS_NL,
    RATING_NL,
    ROLE_NL,
    SECURITY_MEASURES,
)
from shared.register.countries import SAFEGUARD_NL, Safeguard, is_third_country, transfer_problem
from shared.retention.policies import OWN_POLICIES

Doc = dict[str, Any]
PROCESSING_ROLES = ("processor", "both")  # activities that are done on behalf of the clients


def _err(field: str, message: str) -> dict[str, str]:
    return {"in": "body", "field": field, "message": message}


def transfer_errors(transfers: Iterable[Mapping[str, Any]], prefix: str = "transfers") -> list[dict[str, str]]:
    errors = []
    for i, t in enumerate(transfers):
        problem = transfer_problem(t["country"], t.get("safeguard"))
        if problem:
            errors.append(_err(f"{prefix}.{i}.safeguard", problem))
    return errors


def activity_errors(activity_id: str, doc: Mapping[str, Any], data_map: DataMap,
                    processor_ids: set[str]) -> list[dict[str, str]]:
    """Everything wrong with an activity that a pydantic model cannot see: empty list when valid."""
    errors: list[dict[str, str]] = []
    known_retention = data_map.retention_policies() | set(OWN_POLICIES)  # the platform's, and the suite's own
    for i, pid in enumerate(doc["retention"]["policy_ids"]):
        if pid not in known_retention:
            errors.append(_err(f"retention.policy_ids.{i}", f"unknown retention policy {pid!r}; the data map "
                                                             f"knows {', '.join(sorted(known_retention))}"))
    for i, mid in enumerate(doc["security_measures"]):
        if mid not in SECURITY_MEASURES:
            errors.append(_err(f"security_measures.{i}", f"unknown security measure {mid!r}"))
    for i, r in enumerate(doc["recipients"]):
        if r.get("processor_id") and r["processor_id"] not in processor_ids:
            errors.append(_err(f"recipients.{i}.processor_id",
                               f"{r['processor_id']!r} is not in the third-party register"))
    errors += transfer_errors(doc["transfers"])
    scope, reason = doc["data_map"]["scope"], doc["data_map"]["reason"]
    if scope == "tables" and not data_map.columns_of(activity_id):
        errors.append(_err("data_map.scope", f"the data map ties no column to {activity_id!r}: map its tables, or "
                                             "declare scope 'none' (or 'all') with a reason"))
    if scope in ("none", "all") and not reason:
        errors.append(_err("data_map.reason", f"scope {scope!r} needs a reason"))
    # The register may say more than the map, never less: what the mapped tables hold is declared.
    link = map_link(activity_id, scope, reason, data_map)
    for what in ("subject_categories", "data_categories"):
        missing = sorted(set(link[what]) - set(doc[what]))
        if missing:
            errors.append(_err(what, f"the mapped tables hold {', '.join(missing)}: declare them"))
    missing = sorted(set(link["retention_policy_ids"]) - set(doc["retention"]["policy_ids"]))
    if scope == "tables" and missing:
        errors.append(_err("retention.policy_ids", f"the mapped tables are kept under {', '.join(missing)}: "
                                                   "name them"))
    return errors


def processor_errors(doc: Mapping[str, Any]) -> list[dict[str, str]]:
    errors = []
    problem = transfer_problem(doc["country"], doc.get("safeguard"))
    if problem:
        errors.append(_err("safeguard", problem))
    for i, sub in enumerate(doc.get("sub_processors", [])):
        problem = transfer_problem(sub["country"], sub.get("safeguard"))
        if problem:
            errors.append(_err(f"sub_processors.{i}.safeguard", problem))
    return errors + transfer_errors(doc.get("transfers", []))


# --- the link with the data map -------------------------------------------------------------------

def map_link(activity_id: str, scope: str, reason: str, data_map: DataMap) -> Doc:
    """The mapped tables and columns an activity uses, and what the map says about them."""
    if scope == "all":
        tables = list(data_map)
    elif scope == "none":
        tables = []
    else:
        tables = [t for t in data_map if activity_id in t.activities]
    return {
        "scope": scope,
        "reason": reason,
        "tables": [{"table": t.table, "columns": list(t.columns)} for t in tables],
        "subject_categories": sorted({str(t.subject) for t in tables}),
        "data_categories": sorted({str(c.category) for t in tables for c in t.columns.values()}),
        "retention_policy_ids": sorted({p for t in tables for p in t.retention}),
    }


def link_problems(data_map: DataMap, activities: Iterable[Mapping[str, Any]]) -> list[str]:
    """Where the register and the data map disagree. Empty when they tell the same story."""
    acts = {a["id"]: a for a in activities}
    problems = [f"the data map uses activity {a!r}, which the register does not know"
                for a in sorted(data_map.activities() - acts.keys())]
    for table in data_map:
        if not table.activities:
            problems.append(f"table {table.table!r} serves no activity")
    known_retention = data_map.retention_policies() | set(OWN_POLICIES)  # the platform's, and the suite's own
    for aid, a in acts.items():
        scope, reason = a["data_map"]["scope"], a["data_map"]["reason"]
        if scope == "tables" and not data_map.columns_of(aid):
            problems.append(f"activity {aid!r} uses no mapped column and declares no exception")
        if scope != "tables" and not reason:
            problems.append(f"activity {aid!r} declares scope {scope!r} without a reason")
        for pid in a["retention"]["policy_ids"]:
            if pid not in known_retention:
                problems.append(f"activity {aid!r} names retention policy {pid!r}, unknown to the data map")
        link = map_link(aid, scope, reason, data_map)
        for what in ("subject_categories", "data_categories"):
            missing = set(link[what]) - set(a[what])
            if missing:
                problems.append(f"activity {aid!r} omits {what} {sorted(missing)} that its mapped tables hold")
        if scope == "tables":
            missing = set(link["retention_policy_ids"]) - set(a["retention"]["policy_ids"])
            if missing:
                problems.append(f"activity {aid!r} omits retention policies {sorted(missing)} of its tables")
    return problems


def data_map_view(data_map: DataMap, known_activities: set[str]) -> Doc:
    return {
        "tables": [
            {
                "table": t.table,
                "label_nl": t.label_nl,
                "subject_category": str(t.subject),
                "activities": list(t.activities),
                "retention": list(t.retention),
                "legal_duty": str(t.legal_duty) if t.legal_duty else None,
                "legal_duty_nl": LEGAL_DUTY_TEXT_NL[t.legal_duty] if t.legal_duty else None,
                "erasure": str(t.erasure),
                "client_scoped": t.client_path is not None,
                "identity_keys": list(t.identity_keys),
                "columns": [{"name": name, "label_nl": c.label_nl, "category": str(c.category),
                             "erasure": str(c.erasure), "provided_by_subject": c.provided_by_subject}
                            for name, c in t.columns.items()],
            }
            for t in data_map
        ],
        "activities": sorted(data_map.activities()),
        "retention_policies": sorted(data_map.retention_policies()),
        "unknown_activities": sorted(data_map.activities() - known_activities),
    }


# --- the risk view --------------------------------------------------------------------------------

def rating(*, special_categories: bool, large_scale: bool, new_technology: bool, transfers: bool,
           unverified_transfers: bool) -> str:
    """A coarse rating of inherent risk. Special categories weigh double; an unchecked safeguard adds one."""
    score = (2 * special_categories + large_scale + new_technology + transfers + unverified_transfers)
    return "low" if score == 0 else "medium" if score <= 2 else "high"


def dpia_indicated(*, special_categories: bool, large_scale: bool, new_technology: bool) -> bool:
    """The EDPB (WP248) rule of thumb: two or more criteria point to a DPIA."""
    return special_categories + large_scale + new_technology >= 2


def effective_transfers(doc: Mapping[str, Any], processors: Mapping[str, Mapping[str, Any]]) -> list[Doc]:
    """The activity's own transfers plus those of the processors it uses."""
    out = [{**t, "via": None} for t in doc["transfers"]]
    for r in doc["recipients"]:
        proc = processors.get(r.get("processor_id") or "")
        if not proc:
            continue
        if is_third_country(proc["country"]):
            out.append({"recipient": proc["name"], "country": proc["country"], "safeguard": proc.get("safeguard"),
                        "verified": True, "note": proc.get("location", ""), "via": proc["id"]})
        out += [{**t, "via": proc["id"]} for t in proc.get("transfers", [])]
        out += [{"recipient": s["name"], "country": s["country"], "safeguard": s.get("safeguard"),
                 "verified": True, "note": s.get("service", ""), "via": proc["id"]}
                for s in proc.get("sub_processors", []) if is_third_country(s["country"])]
    for t in out:
        t["safeguard_nl"] = SAFEGUARD_NL[Safeguard(t["safeguard"])] if t.get("safeguard") else None
    return out


def transfers_statement(transfers: list[Doc]) -> str:
    third = [t for t in transfers if is_third_country(t["country"])]
    if not third:
        return "Geen doorgifte naar landen buiten de EU/EER."
    parts = [f"{t['country']} ({t['recipient']}; waarborg: {t.get('safeguard_nl') or 'adequaatheidsbesluit'}"
             f"{'' if t.get('verified') else ', niet geverifieerd'})" for t in third]
    return "Doorgifte naar: " + "; ".join(parts) + "."


def risk_view(doc: Mapping[str, Any], transfers: list[Doc], processors: Mapping[str, Mapping[str, Any]]) -> Doc:
    risk = doc["risk"]
    third = [t for t in transfers if is_third_country(t["country"])]
    unverified = [t for t in third if not t.get("verified")]
    flags = {"special_categories": risk["special_categories"], "large_scale": risk["large_scale"],
             "transfers": bool(third), "new_technology": risk["new_technology"]}
    problems = [f"Doorgifte naar {t['country']} ({t['recipient']}): waarborg niet geverifieerd" for t in unverified]
    for r in doc["recipients"]:
        if r["kind"] == "processor" and not r.get("processor_id"):
            problems.append(f"Verwerker {r['name']} staat niet in het register van derden")
        proc = processors.get(r.get("processor_id") or "")
        if proc and not (proc.get("agreement") or {}).get("date"):
            problems.append(f"Overeenkomst met {proc['name']}: datum ontbreekt in het register van derden")
    if risk["measures_sufficient"] is None:
        problems.append("Maatregelen nog niet beoordeeld door de FG")
    elif risk["measures_sufficient"] is False:
        problems.append("Maatregelen onvoldoende: aanvullende maatregelen nodig")
    rate = rating(**flags, unverified_transfers=bool(unverified))
    return {
        "flags": flags,
        "measures": [SECURITY_MEASURES[m][0] for m in doc["security_measures"] if m in SECURITY_MEASURES],
        "rating": rate,
        "rating_nl": RATING_NL[rate],
        "dpia_indicated": dpia_indicated(special_categories=flags["special_categories"],
                                         large_scale=flags["large_scale"], new_technology=flags["new_technology"]),
        "measures_sufficient": risk["measures_sufficient"],
        "problems": problems,
        "notes": list(risk.get("notes", [])),
        "reviewed_at": risk.get("reviewed_at"),
        "reviewed_by": risk.get("reviewed_by"),
    }


# --- the Art. 30 records --------------------------------------------------------------------------

ART30_ELEMENTS = ("controller", "dpo", "purposes", "legal_basis", "subject_categories", "data_categories",
                  "recipients", "transfers_statement", "retention", "security_measures")


def art30_missing(activity: Mapping[str, Any]) -> list[str]:
    missing = []
    for element in ART30_ELEMENTS:
        value = activity.get(element)
        if element in ("controller", "dpo"):
            ok = bool(value and value.get("name") and value.get("contact"))
        elif element == "retention":
            ok = bool(value and value.get("description"))
        else:
            ok = bool(value)
        if not ok:
            missing.append(element)
    return missing


def retention_view(stored: Mapping[str, Any], statements: Mapping[str, str]) -> Doc:
    """The retention element from the live policies (`statements`: policy id -> its Dutch statement):
    an activity kept under policies states what they apply now; the stored text stays as a note."""
    ids = list(stored.get("policy_ids", []))
    live = [{"id": pid, "statement_nl": statements[pid]} for pid in ids if pid in statements]
    return {"policy_ids": ids, "policies": live,
            "description": "; ".join(p["statement_nl"] for p in live) if live else stored.get("description", ""),
            "note_nl": stored.get("description", "") if live else ""}


def present_activity(row: Mapping[str, Any], processors: Mapping[str, Mapping[str, Any]],
                     data_map: DataMap, statements: Mapping[str, str] | None = None) -> Doc:
    """The stored activity as the API and the exports show it: every Art. 30(1) element spelled out."""
    doc = row["doc"]
    transfers = effective_transfers(doc, processors)
    out: Doc = {
        "id": row["id"],
        "name": doc["name"],
        "description": doc["description"],
        "role": doc["role"],
        "role_nl": ROLE_NL[doc["role"]],
        "controller": dict(CLIENT_AS_CONTROLLER if doc["role"] == "processor" else CONTROLLER),
        "processor": dict(CONTROLLER) if doc["role"] in PROCESSING_ROLES else None,
        "dpo": dict(DPO),
        "purposes": list(doc["purposes"]),
        "legal_basis": [{**b, "basis_nl": LEGAL_BASIS_NL[b["basis"]]} for b in doc["legal_basis"]],
        "subject_categories": list(doc["subject_categories"]),
        "data_categories": list(doc["data_categories"]),
        "recipients": list(doc["recipients"]),
        "transfers": transfers,
        "transfers_statement": transfers_statement(transfers),
        "retention": retention_view(doc["retention"], statements or {}),
        "security_measures": [{"id": m, "text_nl": SECURITY_MEASURES[m][0], "text_en": SECURITY_MEASURES[m][1]}
                              for m in doc["security_measures"] if m in SECURITY_MEASURES],
        "data_map": map_link(row["id"], doc["data_map"]["scope"], doc["data_map"]["reason"], data_map),
        "risk": risk_view(doc, transfers, processors),
        "version": row["version"],
        "updated_at": row["updated_at"],
        "updated_by": row["updated_by"],
    }
    out["art30_missing"] = art30_missing(out)
    return out


def present_processor(row: Mapping[str, Any]) -> Doc:
    doc = row["doc"]
    agreement = doc.get("agreement") or {}
    missing = [f for f, v in (("agreement.reference", agreement.get("reference")),
                              ("agreement.date", agreement.get("date"))) if not v]
    return {"id": row["id"], **{k: v for k, v in doc.items() if k != "id"}, "missing": missing,
            "version": row["version"], "updated_at": row["updated_at"], "updated_by": row["updated_by"]}


def processor_records(clients: Iterable[Mapping[str, Any]], activities: list[Doc], data_map: DataMap,
                      processors: list[Doc] | None = None,
                      instructions: Mapping[int, list[Doc]] | None = None) -> list[Doc]:
    """Art. 30(2): for each client (a controller), what Incassotool processes on its behalf, the
    sub-processors it engages for that work, and the client's instructions (Art. 28(3)(a))."""
    subs = [{"name": p["name"], "service": p["service"], "location": p.get("location"), "country": p["country"],
             "agreement": p.get("agreement")} for p in processors or []]
    on_behalf = [a for a in activities if a["role"] in PROCESSING_ROLES]
    client_tables = [t.table for t in data_map.client_scoped()]
    categories = [{"activity_id": a["id"], "name": a["name"], "purposes": a["purposes"],
                   "tables": [t["table"] for t in a["data_map"]["tables"] if t["table"] in client_tables]}
                  for a in on_behalf]
    transfers = sorted({a["transfers_statement"] for a in on_behalf})
    measures: list[str] = []
    for a in on_behalf:
        measures += [m["text_nl"] for m in a["security_measures"] if m["text_nl"] not in measures]
    return [
        {
            "client_id": c["id"],
            "controller": {"name": c["name"], "contact": c.get("email") or "", "status": c.get("status")},
            "processor": dict(CONTROLLER),
            "dpo": dict(DPO),
            "categories_of_processing": categories,
            "transfers": transfers,
            "security_measures": measures,
            "sub_processors": subs,
            "instructions": list((instructions or {}).get(c["id"], [])),
        }
        for c in clients
    ]
