"""A restriction (Art. 18) carries its ground, and is lifted only by a decision of whoever decides,
after the subject was told (Art. 18(3))."""

from __future__ import annotations

from sqlalchemy import select

from shared.restrictions import restrictions
from tests.support.dsar import OFFICER, STAFF, letters_for, ready
from tests.support.dsar_platform import JAN, MEDEWERKER


def restricted(deps, rid: str) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(restrictions).where(restrictions.c.request_id == rid)).all()


def test_a_restriction_needs_its_ground(client, platform, deps):
    rid = ready(client, "restriction", MEDEWERKER)
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "restriction_ground"
    assert restricted(deps, rid) == []


def test_a_restriction_is_lifted_only_by_a_decision_after_the_subject_is_told(client, platform, deps):
    rid = ready(client, "restriction", MEDEWERKER)
    done = client.post(f"dsar/{rid}/complete", {"restriction_ground": "accuracy_disputed"}, **STAFF)
    assert done.status == 200, done.body
    marks = restricted(deps, rid)
    assert marks and {m.ground for m in marks} == {"accuracy_disputed"}

    # Staff do not decide for Incassotool's own relations; the FG does, and only after the notice.
    assert client.post(f"dsar/{rid}/restriction/lift", {"reason": "Gegevens juist bevonden"}, **STAFF).status == 403
    early = client.post(f"dsar/{rid}/restriction/lift", {"reason": "Gegevens juist bevonden"}, **OFFICER)
    assert early.status == 409 and "18(3)" in early.json()["detail"]
    assert all(m.lifted_at is None for m in restricted(deps, rid))

    told = client.post(f"dsar/{rid}/restriction/notice", {"reason": "De juistheid is gecontroleerd"}, **OFFICER)
    assert told.status == 200 and told.json()["notified_at"] and told.json()["lifted_at"] is None
    letter = letters_for(deps, rid)[-1]
    assert letter.topic == "dsar.restriction_lifting" and letter.recipient == MEDEWERKER
    assert "art. 18 lid 3 AVG" in letter.body and "De juistheid is gecontroleerd" in letter.body

    lifted = client.post(f"dsar/{rid}/restriction/lift", {"reason": "Gegevens juist bevonden"}, **OFFICER)
    assert lifted.status == 200 and lifted.json()["lifted_at"], lifted.body
    marks = restricted(deps, rid)
    assert all(m.lifted_at and m.notified_at and m.notified_at <= m.lifted_at for m in marks)
    assert client.post(f"dsar/{rid}/restriction/lift", {"reason": "nog eens"}, **OFFICER).status == 409


def test_for_a_clients_debtor_the_client_decides(client, platform, deps):
    rid = ready(client, "restriction", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {"restriction_ground": "objection_pending"}, **STAFF).status == 200
    assert client.post(f"dsar/{rid}/restriction/notice", {"reason": "Bezwaar afgewezen"}, **OFFICER).status == 403
    told = client.post(f"dsar/{rid}/restriction/notice", {"reason": "Bezwaar afgewezen"}, role="Client.Admin",
                       client_id=1)
    assert told.status == 200, told.body
    assert "namens Bakkerij De Vries" in letters_for(deps, rid)[-1].body
    other = client.post(f"dsar/{rid}/restriction/lift", {"reason": "x" * 5}, role="Client.Admin", client_id=2)
    assert other.status == 404
    assert client.post(f"dsar/{rid}/restriction/lift", {"reason": "Bezwaar afgewezen"}, role="Client.Admin",
                       client_id=1).status == 200
