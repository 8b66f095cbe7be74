"""A prospect's withdrawal of consent (Art. 7(3)), through the portal or by staff, ends the
processing at once and ends in deletion at the next nightly sweep."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from shared.audit import audit_events
from tests.support.dsar import STAFF, rows_of
from tests.support.dsar_platform import PROSPECT
from tests.support.retention_world import sweep_at


def test_a_prospects_withdrawal_through_the_portal_ends_in_deletion(client, platform, deps, clock):
    assert rows_of(deps, "prospects") == [1]
    sweep_at(deps, clock, datetime(2026, 11, 25, 2, 30, tzinfo=UTC))
    assert rows_of(deps, "prospects") == [1]  # the consent holds until 1 January 2027

    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    resp = client.post("me/consent/withdraw", {}, role="Privacy.Subject", email=PROSPECT, mfa=False)
    assert resp.status == 200, resp.body
    assert resp.json()["consents_withdrawn"] == 1
    with deps.store.connect() as conn:
        assert "consent.withdrawn" in {a for (a,) in conn.execute(select(audit_events.c.action))}

    ev = sweep_at(deps, clock, datetime(2026, 11, 26, 2, 30, tzinfo=UTC))
    assert rows_of(deps, "prospects") == [] and rows_of(deps, "prospect_consents") == []
    assert ev["policies"]["prospect_consent"]["deleted"] == {"prospects": 1, "prospect_consents": 1}


def test_staff_record_a_withdrawal_and_an_unknown_address_changes_nothing(client, platform, deps):
    assert client.post("consents/withdraw", {"email": "niemand@example.nl"}, **STAFF).status == 404
    assert client.post("consents/withdraw", {"email": "geen adres"}, **STAFF).status == 422
    assert client.post("consents/withdraw", {"email": PROSPECT}, role="Client.Admin", client_id=1).status == 403
    resp = client.post("consents/withdraw", {"email": PROSPECT.upper()}, **STAFF)
    assert resp.status == 200 and resp.json()["prospects"] == 1
