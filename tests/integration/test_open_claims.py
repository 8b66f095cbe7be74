"""Open claims are never deleted by the sweep: past their limitation (from reminders, acknowledgements,
payments, proceedings and a judgment) they are reported to the client once, and only the client's
decision ends them; a write-off closes the file, which then follows the closed-file policy."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from shared.datamap.discovery import table
from shared.letters import outbox
from tests.support.retention_world import World, present, sweep

NOW = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)
ADMIN = {"role": "Client.Admin"}
INSTRUCTION = {"reference": "mail 2026-12", "received_at": "2026-11-20T10:00:00+01:00", "channel": "email",
               "given_by": "J. de Vries"}


class _NoBlobs:
    def delete(self, container: str, name: str) -> bool:
        return False

    def delete_many(self, container: str, names: list[str]) -> list[str]:
        return []


@pytest.fixture
def files(deps, clock):
    """One client's open files, each with one kind of event (invoice due 1 Jan 2019)."""
    clock.set(NOW)
    deps.__dict__["blobs"] = _NoBlobs()
    with deps.platform.begin() as conn:
        w = World(conn, uuid.uuid4().hex)
        w.client("c")
        w.client("other")
        w.debtor("d", "c")
        for name in ("plain", "reminded", "acknowledged", "paid", "in_court", "judged"):
            w.dossier(name, "c", "d", "open", files=False)
        w.add("reminded.letter", "letters", dossier_id=w.ids["reminded"], kind="reminder", sent_on=date(2022, 3, 1),
              channel="post", addressee="Debiteur", body="Aanmaning")
        w.payment("paid.payment", "paid", date(2023, 5, 1))
        d = table("dossiers")
        for name, values in {"acknowledged": {"acknowledged_on": date(2022, 6, 1)},
                             "in_court": {"proceedings_started_on": date(2021, 2, 1)},
                             "judged": {"proceedings_started_on": date(2020, 9, 1), "judgment_on": date(2021, 4, 20)},
                             }.items():
            conn.execute(update(d).where(d.c.id == w.ids[name]).values(**values))
    return w


def notices(deps) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.topic == "retention.claim_time_barred")).all()


def claims(client, params: dict | None = None, **who) -> list[dict]:
    resp = client.get("retention/claims", params=params, **who)
    assert resp.status == 200, resp.body
    return resp.json()["items"]


def test_past_its_limitation_an_open_claim_stays_and_the_client_is_told_once(client, deps, files, clock):
    w = files
    first = sweep(deps)
    assert first["status"] == "succeeded"
    assert present(deps, w) == set(w.ids)  # nothing deleted
    # Due 1 Jan 2019: barred from 2 Jan 2024, unless an event restarted the period.
    assert first["evidence"]["policies"]["open_claim"]["time_barred"] == {
        "checked": 5, "awaiting_decision": 1, "notified": 1, "pursued": 0}
    preview = client.get("retention/preview", role="Privacy.Officer").json()
    entry = next(p for p in preview["policies"] if p["id"] == "open_claim")
    assert entry["time_barred"] == 1 and entry["total_due"] == 0  # what the sweep asks about, never deletes
    [letter] = notices(deps)
    assert letter.recipient_kind == "client" and letter.recipient == str(w.ids["c"])
    assert letter.subject_line.startswith("Verjaard; beslissing nodig")
    assert "verjaard sinds 2 januari 2024" in letter.body and "60 maanden" not in letter.body
    assert "niet zonder uw beslissing" in letter.body

    assert sweep(deps)["status"] == "succeeded"
    assert len(notices(deps)) == 1  # told once

    # In 2100 every claim is barred but the one in court (pending proceedings suspend it).
    clock.set(datetime(2100, 1, 1, 2, 30, tzinfo=UTC))
    late = sweep(deps)
    assert present(deps, w) == set(w.ids) - {"paid.payment"}  # the payment only went under its fiscal term
    assert late["evidence"]["policies"]["open_claim"]["time_barred"] == {
        "checked": 6, "awaiting_decision": 5, "notified": 4, "pursued": 0}
    mine = claims(client, **ADMIN, client_id=w.ids["c"])
    barred = {c["dossier_id"]: c["barred_from"] for c in mine}
    assert barred == {w.ids["plain"]: "2024-01-02", w.ids["reminded"]: "2027-03-02",
                      w.ids["acknowledged"]: "2027-06-02", w.ids["paid"]: "2028-05-02",
                      w.ids["judged"]: "2041-04-21"}
    assert claims(client, **ADMIN, client_id=w.ids["other"]) == []

    # The next night the payment that restarted "paid" is gone (fiscal term): its date still holds.
    letters_before = len(notices(deps))
    clock.set(datetime(2100, 1, 2, 2, 30, tzinfo=UTC))
    assert sweep(deps)["evidence"]["policies"]["open_claim"]["time_barred"]["notified"] == 0
    assert len(notices(deps)) == letters_before
    assert {c["dossier_id"]: c["barred_from"] for c in claims(client, **ADMIN, client_id=w.ids["c"])} == barred


def test_only_the_clients_decision_ends_a_time_barred_claim(client, deps, files, clock):
    w = files
    sweep(deps)
    [claim] = claims(client, role="Privacy.Staff")
    path = f"retention/claims/{claim['id']}/decision"
    body = {"decision": "write_off", "reason": "De schuldenaar beroept zich op verjaring"}

    assert client.post(path, body, **ADMIN, client_id=w.ids["other"]).status == 404
    forbidden = client.post(path, body, role="Privacy.Staff")
    assert forbidden.status == 403 and "instruction" in forbidden.json()["detail"]
    assert client.post(path, {**body, "decision": "forget"}, **ADMIN, client_id=w.ids["c"]).status == 422
    own = client.post(path, {**body, "instruction": INSTRUCTION}, **ADMIN, client_id=w.ids["c"])
    assert own.status == 422 and own.json()["errors"][0]["field"] == "instruction"  # the client decides itself
    assert client.post("retention/claims/no-such-claim/decision", body, **ADMIN, client_id=w.ids["c"]).status == 404
    other = client.get("retention/claims", params={"client_id": w.ids["other"]}, **ADMIN, client_id=w.ids["c"])
    assert other.status == 404
    assert claims(client, role="Privacy.Staff")[0]["decision"] is None

    done = client.post(path, body, **ADMIN, client_id=w.ids["c"])
    assert done.status == 200 and done.json()["decision"] == "write_off", done.body
    assert client.post(path, body, **ADMIN, client_id=w.ids["c"]).status == 409
    d = table("dossiers")
    with deps.platform.connect() as conn:
        row = conn.execute(select(d.c.status, d.c.closed_on).where(d.c.id == w.ids["plain"])).one()
    assert (row.status, row.closed_on) == ("written_off", date(2026, 11, 24))

    # Now a closed file: deleted by the closed-file policy, 60 months after the write-off.
    clock.set(datetime(2031, 11, 23, 2, 30, tzinfo=UTC))
    sweep(deps)
    assert "plain" in present(deps, w)
    clock.set(datetime(2031, 11, 24, 2, 30, tzinfo=UTC))
    swept = sweep(deps)
    assert "plain" not in present(deps, w)
    assert swept["evidence"]["policies"]["collection_file_closed"]["deleted"]["dossiers"] == 1


def test_a_client_that_keeps_pursuing_keeps_the_file_with_its_reason(client, deps, files, clock):
    w = files
    sweep(deps)
    [claim] = claims(client, role="Privacy.Staff")
    body = {"decision": "pursue", "reason": "Betalingsregeling in voorbereiding", "instruction": INSTRUCTION}
    kept = client.post(f"retention/claims/{claim['id']}/decision", body, role="Privacy.Staff")
    assert kept.status == 200 and kept.json()["basis"] == "instruction", kept.body
    clock.set(datetime(2040, 1, 1, 2, 30, tzinfo=UTC))
    later = sweep(deps)
    assert "plain" in present(deps, w)
    assert later["evidence"]["policies"]["open_claim"]["time_barred"]["pursued"] == 1
    assert claims(client, {"awaiting": "true"}, role="Privacy.Staff") != []  # the others, barred since
    assert all(c["dossier_id"] != w.ids["plain"] for c in claims(client, {"awaiting": "true"}, role="Privacy.Staff"))


def test_the_claims_list_pages_by_keyset_with_every_claim_once(client, deps, files, clock):
    clock.set(datetime(2100, 1, 1, 2, 30, tzinfo=UTC))
    sweep(deps)
    everything = claims(client, **ADMIN, client_id=files.ids["c"])
    seen, cursor = [], None
    while True:
        resp = client.get("retention/claims", params={"limit": 2, **({"cursor": cursor} if cursor else {})},
                          **ADMIN, client_id=files.ids["c"])
        assert resp.status == 200, resp.body
        seen += [c["id"] for c in resp.json()["items"]]
        cursor = resp.json()["next"]
        if cursor is None:
            break
    assert len(everything) == 5 and seen == [c["id"] for c in everything]  # each once, oldest report first
    bad = client.get("retention/claims", params={"cursor": "bm90LWEtY3Vyc29y"}, **ADMIN, client_id=files.ids["c"])
    assert bad.status == 422 and bad.json()["errors"][0]["field"] == "cursor"
