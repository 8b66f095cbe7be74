"""Demo work for the console: a few open requests of the demo's debtors (some near or past their
deadline), a breach inside its 72 hours, a DPIA of debt collection and a complaint.

Goes through the services, as staff would, so every deadline is the suite's own. Runs only on a
store without requests (`make run` calls it after the demo data).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from shared.deps import Deps
from shared.identity.principal import Principal
from shared.identity.roles import Role

STAFF = Principal("demo-staff", frozenset({Role.STAFF}), True, role=Role.STAFF)
OFFICER = Principal("demo-officer", frozenset({Role.OFFICER}), True, role=Role.OFFICER)
# (type, days ago received): one request per debtor, spread over the deadline's life.
REQUESTS = [("access", 2), ("erasure", 9), ("access", 20), ("rectification", 27), ("objection", 31),
            ("portability", 5), ("restriction", 14), ("access", 40)]


def seed(deps: Deps) -> dict[str, Any]:
    from shared.breaches import commands as breaches
    from shared.breaches.models import BreachIn
    from shared.complaints import service as complaints
    from shared.complaints.models import ComplaintIn
    from shared.dpia import service as dpia
    from shared.dpia.models import DpiaIn
    from shared.dsar import intake as dsar
    from shared.dsar.models import DsarCreate
    from shared.dsar.tables import dsar_requests
    from shared.platform.schema import debtors

    with deps.store.connect() as conn:
        if conn.execute(select(func.count()).select_from(dsar_requests)).scalar_one():
            return {"skipped": "the store already has requests"}
    with deps.platform.connect() as conn:
        people = conn.execute(select(debtors.c.email, debtors.c.name).where(debtors.c.email.isnot(None))
                              .order_by(debtors.c.id).limit(len(REQUESTS))).all()
    if not people:
        return {"skipped": "the platform has no debtors yet (privacy demo-data)"}
    now = deps.now()
    made = 0
    for (kind, days), person in zip(REQUESTS, people, strict=False):
        extra: dict[str, Any] = {}
        if kind in ("objection", "restriction"):
            extra["reason"] = "Ik maak bezwaar tegen de incassokosten."
        if kind == "rectification":
            extra["changes"] = {"name": person.name.upper()}
        body = DsarCreate.model_validate({"type": kind, "subject": {"email": person.email, "name": person.name},
                                          "channel": "email", "received_at": now - timedelta(days=days), **extra})
        dsar.create(deps, STAFF, body)
        made += 1
    breaches.report(deps, STAFF, BreachIn.model_validate({
        "summary": "E-mail met een debiteurenoverzicht naar de verkeerde opdrachtgever gestuurd",
        "became_aware_at": now - timedelta(hours=30)}))
    dpia.create(deps, OFFICER, DpiaIn.model_validate({
        "title": "Incasso van vorderingen voor opdrachtgevers", "activity_id": "collection",
        "criteria": ["sensitive_data", "large_scale", "vulnerable_subjects"], "ap_list": ["financiele_situatie"]}))
    complaints.create(deps, STAFF, ComplaintIn.model_validate({
        "topic": "request",
        "summary": "Betrokkene vindt dat het antwoord op het inzageverzoek te lang op zich liet wachten."}))
    return {"requests": made, "breaches": 1, "dpias": 1, "complaints": 1}


def main() -> None:
    import json

    from devtools.cli import _bootstrap
    from shared.deps import get_deps

    _bootstrap()
    print(json.dumps(seed(get_deps())))


if __name__ == "__main__":
    main()
