"""Retention per controller over HTTP: a client sets its own period for its files within the
legal floor, versioned and audited; the sweep and the preview apply it to that client's files only,
and the client's processor record and the Art. 15 letter about its debtor state it."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shared.alerts import Alert
from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.jobs import run_job
from tests.support.dsar import ADMIN_A, ADMIN_B, OFFICER, STAFF
from tests.support.dsar_platform import JAN

INSTRUCTION = {"reference": "brief 2027-04", "received_at": "2027-02-20T10:00:00+01:00", "channel": "letter",
               "given_by": "G. Bos"}
LATER = datetime(2027, 3, 1, 9, tzinfo=UTC)  # the closed files (closed 1 January 2025) are 26 months old


@pytest.fixture
def platform(platform, clock):
    """The shared small platform (tests/integration/conftest.py), 26 months on."""
    clock.set(LATER)
    return platform


def due_dossiers(client) -> int:
    preview = client.get("retention/preview", **OFFICER).json()
    (closed,) = [p for p in preview["policies"] if p["id"] == "collection_file_closed"]
    return closed["due"].get("dossiers", 0)


def test_a_client_sets_its_own_period_within_the_floor_and_only_its_files_follow(client, platform, deps):
    assert due_dossiers(client) == 0  # 60 months by default
    below = client.put("clients/1/retention/collection_file_closed", {"period_months": 12}, **ADMIN_A)
    assert below.status == 422 and "24" in below.json()["errors"][0]["message"]
    fiscal = client.put("clients/1/retention/fiscal_7y", {"period_months": 84}, **ADMIN_A)
    assert fiscal.status == 422
    resp = client.put("clients/1/retention/collection_file_closed", {"period_months": 24, "reason": "beleid"},
                      **ADMIN_A)
    assert resp.status == 200, resp.body
    (closed,) = [i for i in resp.json()["items"] if i["policy_id"] == "collection_file_closed"]
    assert closed["client_period_months"] == 24 and closed["version"] == 1 and closed["default_period_months"] == 60
    assert "2 jaar" in closed["statement_nl"]
    assert due_dossiers(client) == 2  # client 1's closed files A-0001 and A-0003; not client 2's B-0001
    client.put("clients/1/retention/collection_file_closed", {"period_months": 36}, **ADMIN_A)
    history = client.get("clients/1/retention", **ADMIN_A).json()["items"]
    (closed,) = [i for i in history if i["policy_id"] == "collection_file_closed"]
    assert [v["period_months"] for v in closed["versions"]] == [24, 36] and closed["period_months"] == 36
    assert due_dossiers(client) == 0
    policies = client.get("retention/policies", **OFFICER).json()
    listed = policies["items"] if isinstance(policies, dict) else policies
    assert next(p for p in listed if p["id"] == "collection_file_closed")["client_periods"] == {"1": 36}
    with deps.store.connect() as conn:
        actions = [a for (a,) in conn.execute(select(audit_events.c.action)
                                              .where(audit_events.c.action == "retention.client_period_set"))]
    assert len(actions) == 2


def test_only_the_controller_sets_it_or_staff_on_its_instruction(client, platform):
    body = {"period_months": 24}
    assert client.put("clients/2/retention/collection_file_closed", body, **ADMIN_A).status == 404
    assert client.get("clients/2/retention", **ADMIN_A).status == 404
    assert client.put("clients/2/retention/collection_file_closed", body, **STAFF).status == 403
    ok = client.put("clients/2/retention/collection_file_closed", {**body, "instruction": INSTRUCTION}, **STAFF)
    assert ok.status == 200, ok.body
    log = client.get("clients/2/instructions", **ADMIN_B).json()["items"]
    assert [(e["decision"], e["object_id"]) for e in log] == [("retention", "collection_file_closed")]
    record = client.get("clients/2/processor-record", **ADMIN_B).json()
    assert next(r for r in record["retention"] if r["policy_id"] == "collection_file_closed")[
        "client_period_months"] == 24


def test_the_sweep_applies_the_clients_period_to_its_files_only(client, platform, blob_deps):
    from functions.retention import retention_sweep

    client.put("clients/1/retention/collection_file_closed", {"period_months": 24}, **ADMIN_A)
    run_job(blob_deps, "retention_sweep", retention_sweep, Alert.RETENTION_SWEEP_FAILED)
    with blob_deps.platform.connect() as conn:
        d = table("dossiers")
        left = {r.reference: r.notes for r in conn.execute(select(d.c.reference, d.c.notes))}
    assert "A-0003" not in left  # client 1's closed file, 26 months after closing
    assert left["B-0001"] == "notitie B-0001"  # client 2 keeps the default five years
    assert left["A-0002"] == "notitie A-0002"  # open claim: not a closed file


def art15_letter(client, blob_deps, client_id: int, dossier: str) -> str:
    rid = client.post("dsar", {"type": "access", "subject": {"email": JAN}, "client_id": client_id},
                      **STAFF).json()["id"]
    client.post(f"dsar/{rid}/verify", {"method": "dossier_number_postcode", "dossier_reference": dossier,
                                       "postcode": "1234 AB"}, **STAFF)
    admin = {"role": "Client.Admin", "client_id": client_id}
    assert client.post(f"dsar/{rid}/decision", {"admissible": True, "reason": "terecht"}, **admin).status == 200
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    package = client.get(f"dsar/{rid}/export", params={"download": "1"}, **admin)
    assert package.status == 200, package.body
    return zipfile.ZipFile(io.BytesIO(package.body)).read("informatie-art15.html").decode()


def test_the_art15_letter_states_the_clients_own_period_for_its_files(client, platform, blob_deps):
    resp = client.put("clients/1/retention/collection_file_closed", {"period_months": 36, "reason": "beleid"},
                      **ADMIN_A)
    assert resp.status == 200, resp.body
    at_a = art15_letter(client, blob_deps, 1, "A-0001")
    assert "3 jaar na het sluiten van het incassodossier" in at_a and "5 jaar na het sluiten" not in at_a
    assert "deze termijn heeft Bakkerij De Vries als verwerkingsverantwoordelijke zelf vastgesteld" in at_a
    at_b = art15_letter(client, blob_deps, 2, "B-0001")  # the same debtor at client B: B set nothing
    assert "5 jaar na het sluiten van het incassodossier" in at_b and "3 jaar na het sluiten" not in at_b
    assert "zelf vastgesteld" not in at_b
