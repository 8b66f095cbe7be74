"""Interop with fides: our map as a fides dataset manifest, and a fides manifest as a draft map.

fideslang data categories are hierarchical (`user.contact.email`); ours are coarser. Export picks
the most specific fideslang category a column's name allows; import takes the longest known
prefix, so our own export reads back with the same categories. Company data (a client's trade name,
KvK number) is the contact person's organisation: `user.professional_information.workplace`.
An imported map is a draft (`review: pending`) like a generated one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shared.datamap.classify import Evidence, Proposal, tokens
from shared.datamap.draft import DraftTable, link, render
from shared.datamap.model import DataCategory as C
from shared.datamap.model import DataMap
from shared.datamap.reflect import ForeignKey, LiveTable

# Ours -> fideslang, refined by column-name tokens (first match wins), then the category's default.
REFINE: Mapping[C, tuple[tuple[frozenset[str], str], ...]] = {
    C.CONTACT: ((frozenset({"email", "mail"}), "user.contact.email"),
                (frozenset({"phone", "telefoon", "tel", "mobile", "mobiel"}), "user.contact.phone_number"),
                (frozenset({"postcode", "zip", "postal"}), "user.contact.address.postal_code"),
                (frozenset({"city", "plaats", "woonplaats"}), "user.contact.address.city"),
                (frozenset({"street", "straat", "huisnummer"}), "user.contact.address.street")),
    C.FINANCIAL: ((frozenset({"iban", "rekening", "rekeningnummer"}), "user.financial.bank_account"),),
    C.TECHNICAL: ((frozenset({"ip"}), "user.device.ip_address"),),
}
DEFAULT: Mapping[C, str] = {
    C.KEY: "user.unique_id", C.NAME: "user.name", C.CONTACT: "user.contact",
    C.BIRTH_DATE: "user.demographic.date_of_birth", C.FINANCIAL: "user.financial", C.CASE: "system.operations",
    C.COMMUNICATION: "user.content.private", C.DOCUMENT: "user.content", C.ACCOUNT: "user.account",
    C.TECHNICAL: "system.authentication", C.CONSENT: "user.privacy_preferences",
    C.BUSINESS: "user.professional_information.workplace",
}
# fideslang prefix -> ours, longest prefix first.
IMPORT: tuple[tuple[str, C], ...] = tuple(sorted({
    "user.unique_id": C.KEY, "user.name": C.NAME, "user.contact": C.CONTACT,
    "user.demographic.date_of_birth": C.BIRTH_DATE, "user.financial": C.FINANCIAL, "user.payment": C.FINANCIAL,
    "user.content": C.DOCUMENT, "user.content.private": C.COMMUNICATION,
    "user.account": C.ACCOUNT, "user.authorization": C.ACCOUNT,
    "user.device": C.TECHNICAL, "user.behavior": C.TECHNICAL, "system.authentication": C.TECHNICAL,
    "user.privacy_preferences": C.CONSENT, "user.professional_information": C.ACCOUNT,
    "user.professional_information.workplace": C.BUSINESS,
    "user.demographic": C.NAME, "user.government_id": C.NAME, "system": C.CASE, "user": C.CASE,
}.items(), key=lambda kv: -len(kv[0])))
DATA_TYPE = {"integer": "integer", "boolean": "boolean", "text": "string", "date": "string", "datetime": "string"}


def fides_category(category: C, column: str) -> str:
    words = tokens(column)
    for vocab, key in REFINE.get(category, ()):
        if words & vocab:
            return key
    return DEFAULT[category]


def our_category(fides_key: str) -> C:
    return next((ours for prefix, ours in IMPORT if fides_key == prefix or fides_key.startswith(prefix + ".")),
                C.CASE)


def _data_type(typ: str) -> str:
    if typ.startswith("string"):
        return "string"
    if typ.startswith("numeric"):
        return "float"
    return DATA_TYPE.get(typ, "string")


def manifest(data_map: DataMap, key: str) -> dict[str, Any]:
    collections = []
    for tm in data_map:
        refs = {h.column: h for h in ([tm.parent] if tm.parent else []) + list(tm.client_path or ())[:1]}
        fields = []
        for name, col in tm.columns.items():
            meta: dict[str, Any] = {"data_type": _data_type(col.type)} if col.type else {}
            if name == tm.key:
                meta["primary_key"] = True
            if name in tm.identity_keys:
                meta["identity"] = "email" if "mail" in name else name
            if name in refs:
                meta["references"] = [{"dataset": key, "field": f"{refs[name].parent}.{refs[name].parent_key}",
                                       "direction": "from"}]
            field = {"name": name, "description": col.label_nl, "data_categories": [fides_category(col.category, name)]}
            fields.append({**field, "fides_meta": meta} if meta else field)
        collections.append({"name": tm.table, "description": tm.label_nl, "fields": fields})
    dataset = {"fides_key": key, "name": key, "description": "Incassotool data map", "collections": collections}
    return {"dataset": [dataset]}


def export_manifest(data_map: DataMap, key: str) -> str:
    import yaml

    return yaml.safe_dump(manifest(data_map, key), sort_keys=False, allow_unicode=True)


def _type_from(meta: Mapping[str, Any]) -> str:
    return {"integer": "integer", "boolean": "boolean", "float": "numeric"}.get(str(meta.get("data_type")), "")


def draft_from_manifest(doc: Mapping[str, Any]) -> tuple[dict[str, DraftTable], str]:
    """The first dataset of a fides manifest as draft tables, linked like a generated draft."""
    datasets = doc.get("dataset") or []
    if not datasets:
        raise ValueError("no dataset in the manifest")
    ds = datasets[0]
    tables: dict[str, DraftTable] = {}
    for coll in ds.get("collections") or []:
        cols: dict[str, str] = {}
        pk: list[str] = []
        fks: list[ForeignKey] = []
        proposals: dict[str, Proposal] = {}
        for f in coll.get("fields") or []:
            meta = f.get("fides_meta") or {}
            cols[f["name"]] = _type_from(meta)
            if meta.get("primary_key"):
                pk.append(f["name"])
            for ref in meta.get("references") or []:
                parent, _, parent_col = str(ref.get("field", "")).rpartition(".")
                if parent:
                    fks.append(ForeignKey((f["name"],), parent.split(".")[-1], (parent_col,)))
            cats = f.get("data_categories") or []
            ours = our_category(cats[0]) if cats else C.CASE
            if meta.get("identity") and ours is C.CASE:
                ours = C.CONTACT
            confidence = 0.9 if cats else 0.3
            rule = f"fides:{cats[0] if cats else 'none'}"
            proposals[f["name"]] = Proposal(ours, confidence, (Evidence(rule, 0, 0, confidence),))
        tables[coll["name"]] = DraftTable(LiveTable(coll["name"], cols, tuple(pk), tuple(fks)), proposals)
    link(tables)
    return tables, str(ds.get("fides_key") or "fides dataset")


def import_manifest(text: str, source: str, labels: Mapping[str, str] | None = None, today: date | None = None) -> str:
    import yaml

    doc = yaml.safe_load(text)
    tables, key = draft_from_manifest(doc if isinstance(doc, dict) else {})
    field_labels = {f["name"]: f.get("description") for c in (doc["dataset"][0].get("collections") or [])
                    for f in (c.get("fields") or []) if f.get("description")}
    table_labels = {c["name"]: c.get("description") for c in (doc["dataset"][0].get("collections") or [])
                    if c.get("description")}
    return render(tables, f"fides dataset {key} ({source})", {**field_labels, **table_labels, **(labels or {})})
