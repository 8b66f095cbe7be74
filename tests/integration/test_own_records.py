"""The suite's own records have a retention too: request records are reduced to ids after their
accountability period, the outbox drops addresses and texts after its days, and each is a policy
in the retention list and the register with its count in the sweep's run record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.dsar.tables import dsar_doubts, dsar_requests
from tests.support.dsar import STAFF, letters_for, new
from tests.support.dsar_platform import MEDEWERKER
from tests.support.retention_world import sweep_at


class _NoBlobs:
    """Blob storage where every blob is already gone (these tests look at the store's records only)."""

    def delete(self, container: str, name: str) -> bool:
        return False

    def delete_many(self, container: str, names: list[str]) -> list[str]:
        return []


@pytest.fixture(autouse=True)
def _no_blobs(deps):
    deps.__dict__["blobs"] = _NoBlobs()


def refused(client) -> str:
    """A request of one of Incassotool's own relations, taken in and refused (closed today)."""
    rid = new(client, "erasure", MEDEWERKER, reason="Ik wil weg")["id"]
    resp = client.post(f"dsar/{rid}/reject", {"ground": "excessive", "reason": "Vijfde verzoek deze maand"},
                       **STAFF)
    assert resp.status == 200, resp.body
    return rid


def test_a_reduced_request_keeps_what_its_doubt_asked_but_not_why(client, platform, deps, clock):
    rid = new(client, "erasure", MEDEWERKER, reason="Ik wil weg")["id"]
    doubt = {"reason": "Het opgegeven adres wijkt af van Dorpsstraat 1 te Utrecht", "missing": ["postcode"]}
    assert client.post(f"dsar/{rid}/doubt", doubt, **STAFF).status == 200
    assert client.post(f"dsar/{rid}/reject", {"ground": "excessive", "reason": "Vijfde verzoek"}, **STAFF).status == 200

    sweep_at(deps, clock, datetime(2031, 11, 24, 2, 30, tzinfo=UTC))
    with deps.store.connect() as conn:
        kept = conn.execute(select(dsar_doubts).where(dsar_doubts.c.request_id == rid)).one()
    assert kept.reason == "" and kept.missing == ["postcode"] and kept.raised_at is not None


def record(deps, rid: str):
    with deps.store.connect() as conn:
        return conn.execute(select(dsar_requests).where(dsar_requests.c.id == rid)).one()


def test_a_request_record_is_reduced_to_ids_after_five_years(client, platform, deps, clock):
    rid = refused(client)
    closed = record(deps, rid).closed_at
    assert closed is not None

    ev = sweep_at(deps, clock, datetime(2031, 11, 23, 2, 30, tzinfo=UTC))  # a day short of 5 years
    assert ev["own_records"]["dsar_records"]["reduced"] == 0
    assert record(deps, rid).subject_email == MEDEWERKER

    ev = sweep_at(deps, clock, datetime(2031, 11, 24, 2, 30, tzinfo=UTC))
    assert ev["own_records"]["dsar_records"] == {"rule": "dsar_records", "months": 60, "reduced": 1}
    row = record(deps, rid)
    assert row.subject_email == f"erased:{rid}" and row.subject_name is None and row.reject_reason is None
    assert (row.type, row.status, row.reject_ground, row.closed_at) == ("erasure", "rejected", "excessive", closed)
    shown = client.get(f"dsar/{rid}", **STAFF)
    assert shown.status == 200 and shown.json()["subject_email"] == f"erased:{rid}", shown.body
    with deps.store.connect() as conn:  # the audit stays, with ids only
        trail = conn.execute(select(audit_events).where(audit_events.c.object_id == rid)).all()
    assert trail and all(MEDEWERKER not in str(a.details) for a in trail)
    assert sweep_at(deps, clock, datetime(2031, 11, 25, 2, 30, tzinfo=UTC))["own_records"]["dsar_records"][
        "reduced"] == 0


def test_the_outbox_drops_the_address_and_text_after_its_days(client, platform, deps, clock):
    rid = refused(client)
    letters = letters_for(deps, rid)
    assert letters and all(x.recipient == MEDEWERKER and x.body for x in letters)

    ev = sweep_at(deps, clock, datetime(2026, 12, 23, 2, 30, tzinfo=UTC))  # 29 days after queueing
    assert ev["own_records"]["letters_outbox"]["reduced"] == 0
    assert all(x.recipient == MEDEWERKER for x in letters_for(deps, rid))

    ev = sweep_at(deps, clock, datetime(2026, 12, 24, 12, 0, tzinfo=UTC))  # 30 days after
    assert ev["own_records"]["letters_outbox"]["reduced"] == len(letters)
    after = letters_for(deps, rid)
    assert all(x.recipient is None and x.body == "" for x in after)
    assert [(x.topic, x.subject_line, x.created_at) for x in after] == [
        (x.topic, x.subject_line, x.created_at) for x in letters]  # the proof that it went out stays


def test_the_own_records_policies_are_in_the_register(client, platform, deps):
    page = client.get("register/activities?limit=500", role="Privacy.Officer")
    assert page.status == 200, page.body
    retention = next(a for a in page.json()["items"] if a["id"] == "dsar_handling")["retention"]
    assert [p["id"] for p in retention["policies"]] == ["dsar_records", "letters_outbox", "access_packages"]
    assert "5 jaar na het afsluiten van het verzoek" in retention["description"]
    assert "30 dagen na het klaarzetten van de brief" in retention["description"]


def test_the_request_records_period_is_the_officers_and_the_day_periods_are_fixed(client, platform, deps):
    days = client.put("retention/policies/letters_outbox", {"period_months": 1}, role="Privacy.Officer")
    assert days.status == 422 and "fixed period" in days.json()["errors"][0]["message"]
    action = client.put("retention/policies/dsar_records", {"action": "delete"}, role="Privacy.Officer")
    assert action.status == 422 and action.json()["errors"][0]["field"] == "action"
    short = client.put("retention/policies/dsar_records", {"period_months": 6}, role="Privacy.Officer")
    assert short.status == 422  # below the floor of a year
    longer = client.put("retention/policies/dsar_records", {"period_months": 84, "reason": "langere procedures"},
                        role="Privacy.Officer")
    assert longer.status == 200 and "7 jaar na het afsluiten" in longer.json()["statement_nl"], longer.body
