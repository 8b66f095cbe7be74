"""POST/GET/PATCH /exits and cancel: who may give notice, the effective date, one open exit per
client, changes only before the effective date, and every bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from shared.audit import audit_events
from shared.exits.tables import exits
from shared.letters import outbox
from shared.platform.schema import clients
from tests.support.audit import change_events
from tests.support.exit_data import seed_client

STAFF = "Privacy.Staff"
OFFICER = "Privacy.Officer"
BY_LETTER = {"requested_reason": "Brief kwam binnen via de post", "letter_reference": "BRF-2026-0042"}
ADMIN = "Client.Admin"


@pytest.fixture
def two_clients(deps):
    with deps.platform.begin() as conn:
        seed_client(conn, 1, debtors=1)
        seed_client(conn, 2, debtors=1)
    return deps


def snapshot(deps) -> dict:
    """What a bad request must leave alone: exits, letters, audit events, the clients."""
    with deps.store.connect() as conn:
        state = {
            "exits": [tuple(r) for r in conn.execute(select(exits).order_by(exits.c.id))],
            "letters": conn.execute(select(func.count()).select_from(outbox)).scalar(),
            "audit": change_events(conn),
        }
    with deps.platform.connect() as conn:
        state["clients"] = [tuple(r) for r in conn.execute(select(clients).order_by(clients.c.id))]
    return state


def assert_problem(resp, status: int) -> dict:
    assert resp.status == status, resp.body
    body = resp.json()
    assert body["type"].startswith("https://") and body["status"] == status and body["title"] and body["detail"]
    return body


def give_notice(client, client_id=1, choice="delete", **kw):
    role = kw.pop("role", ADMIN)
    claims = {"client_id": kw.pop("as_client", client_id)} if role == ADMIN else {}
    return client.post("exits", {"client_id": client_id, "choice": choice, **kw}, role=role, **claims)


def test_client_admin_gives_notice_and_gets_the_amsterdam_date_plus_60_days(client, two_clients, clock):
    clock.set(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # already 29 March in Amsterdam
    resp = give_notice(client)
    assert resp.status == 201, resp.body
    body = resp.json()
    assert body["effective_date"] == "2026-05-28"
    assert body["status"] == "notice_given" and body["choice"] == "delete"
    with two_clients.store.connect() as conn:
        letter = conn.execute(select(outbox).where(outbox.c.related_id == body["id"])).one()
        events = conn.execute(select(audit_events.c.action).where(audit_events.c.object_id == body["id"])).all()
    assert letter.topic == "exit_notice" and letter.recipient == "1" and "28 mei 2026" in letter.body
    assert [e.action for e in events] == ["exit.notice_given"]
    got = client.get(f"exits/{body['id']}", role=ADMIN, client_id=1)
    assert got.status == 200 and got.json()["effective_date"] == "2026-05-28"


def test_staff_records_a_notice_received_by_letter(client, two_clients, clock):
    clock.set(datetime(2026, 4, 20, 9, tzinfo=UTC))
    resp = give_notice(client, 2, "retain", role=STAFF, requested_at="2026-04-01T10:00:00+02:00", **BY_LETTER)
    assert resp.status == 201, resp.body
    assert resp.json()["effective_date"] == "2026-05-31"
    assert resp.json()["requested_at"].startswith("2026-04-01T08:00:00")


def test_another_clients_id_is_a_404_and_changes_nothing(client, two_clients):
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client, 2, as_client=1), 404)
    assert "client" in body["detail"].lower()
    assert snapshot(two_clients) == before


def test_unknown_client_is_a_404_for_staff_and_changes_nothing(client, two_clients):
    before = snapshot(two_clients)
    assert_problem(give_notice(client, 999, role=STAFF), 404)
    assert snapshot(two_clients) == before


def test_a_client_whose_relationship_ended_cannot_give_notice_again(client, two_clients):
    with two_clients.platform.begin() as conn:  # the map's clients status group `ended`
        conn.execute(clients.update().where(clients.c.id == 1).values(status="ended"))
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client), 422)
    assert "already ended" in body["detail"]
    assert snapshot(two_clients) == before


@pytest.mark.parametrize("payload, field", [
    ({"client_id": 1, "choice": "archive"}, "choice"),
    ({"client_id": 1}, "choice"),
    ({"choice": "delete"}, "client_id"),
    ({"client_id": "een", "choice": "delete"}, "client_id"),
    ({"client_id": 1, "choice": "delete", "requested_at": "2026-01-01T10:00:00"}, "requested_at"),  # no offset
    ({"client_id": 1, "choice": "delete", "colour": "red"}, "colour"),
])
def test_bad_bodies_are_422_with_the_field_and_change_nothing(client, two_clients, payload, field):
    before = snapshot(two_clients)
    resp = client.post("exits", payload, role=STAFF)
    body = assert_problem(resp, 422)
    assert field in {e["field"] for e in body["errors"]}
    assert snapshot(two_clients) == before


def test_a_client_admin_may_not_set_requested_at(client, two_clients):
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client, requested_at="2026-01-01T10:00:00+01:00"), 422)
    assert body["errors"][0]["field"] == "requested_at"
    assert snapshot(two_clients) == before


def test_requested_at_in_the_future_is_refused(client, two_clients, clock):
    before = snapshot(two_clients)
    assert_problem(give_notice(client, role=STAFF, requested_at="2027-01-01T10:00:00+01:00"), 422)
    assert snapshot(two_clients) == before


def test_a_second_open_exit_is_a_409_naming_the_first(client, two_clients):
    first = give_notice(client).json()
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client, choice="retain", role=STAFF), 409)
    assert body["existing_id"] == first["id"]
    assert snapshot(two_clients) == before


def test_change_choice_and_cancel_before_the_effective_date(client, two_clients):
    made = give_notice(client).json()
    changed = client.patch(f"exits/{made['id']}", {"choice": "retain"}, role=ADMIN, client_id=1)
    assert changed.status == 200 and changed.json()["choice"] == "retain"
    cancelled = client.post(f"exits/{made['id']}/cancel", role=ADMIN, client_id=1)
    assert cancelled.status == 200 and cancelled.json()["status"] == "cancelled"
    # A cancelled exit is closed: the client may give notice again.
    again = give_notice(client)
    assert again.status == 201 and again.json()["id"] != made["id"]
    with two_clients.store.connect() as conn:
        actions = [a for (a,) in conn.execute(select(audit_events.c.action).where(
            audit_events.c.object_id == made["id"]).order_by(audit_events.c.seq))]
    assert actions == ["exit.notice_given", "exit.choice_changed", "exit.cancelled"]


@pytest.mark.parametrize("on_effective_day", [True, False])
def test_cancel_and_change_on_or_after_the_effective_date_are_422_and_change_nothing(
        client, two_clients, clock, on_effective_day):
    clock.set(datetime(2026, 1, 10, 9, tzinfo=UTC))
    made = give_notice(client).json()
    assert made["effective_date"] == "2026-03-11"
    # 23:30 UTC on 10 March is already 11 March in Amsterdam: the effective day.
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC) if on_effective_day else datetime(2026, 4, 1, tzinfo=UTC))
    before = snapshot(two_clients)
    assert_problem(client.post(f"exits/{made['id']}/cancel", role=ADMIN, client_id=1), 422)
    assert_problem(client.patch(f"exits/{made['id']}", {"choice": "retain"}, role=STAFF), 422)
    assert snapshot(two_clients) == before


def test_the_day_before_the_effective_date_cancel_still_works(client, two_clients, clock):
    clock.set(datetime(2026, 1, 10, 9, tzinfo=UTC))
    made = give_notice(client).json()
    clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))  # 23:30 on 10 March in Amsterdam
    assert client.post(f"exits/{made['id']}/cancel", role=ADMIN, client_id=1).status == 200


def test_cancelling_twice_is_a_422_and_changes_nothing(client, two_clients):
    made = give_notice(client).json()
    client.post(f"exits/{made['id']}/cancel", role=STAFF)
    before = snapshot(two_clients)
    assert_problem(client.post(f"exits/{made['id']}/cancel", role=STAFF), 422)
    assert snapshot(two_clients) == before


def test_clients_never_reach_each_others_exits(client, two_clients):
    made = give_notice(client, 2, as_client=2).json()
    before = snapshot(two_clients)
    path = f"exits/{made['id']}"
    assert_problem(client.get(path, role=ADMIN, client_id=1), 404)
    assert_problem(client.patch(path, {"choice": "retain"}, role=ADMIN, client_id=1), 404)
    assert_problem(client.post(path + "/cancel", role=ADMIN, client_id=1), 404)
    assert_problem(client.get(path + "/export", role=ADMIN, client_id=1), 404)
    assert snapshot(two_clients) == before
    # The same 404 as for an exit that does not exist: existence does not leak.
    missing = client.get("exits/00000000-0000-0000-0000-000000000000", role=ADMIN, client_id=1)
    assert missing.json()["detail"] == client.get(path, role=ADMIN, client_id=1).json()["detail"]


def test_bad_patch_choice_is_422_and_changes_nothing(client, two_clients):
    made = give_notice(client).json()
    before = snapshot(two_clients)
    body = assert_problem(client.patch(f"exits/{made['id']}", {"choice": "maybe"}, role=STAFF), 422)
    assert body["errors"][0]["field"] == "choice"
    assert snapshot(two_clients) == before


def test_subjects_and_engineers_have_no_access(client, two_clients):
    before = snapshot(two_clients)
    assert client.post("exits", {"client_id": 1, "choice": "delete"}, role="Privacy.Subject",
                       email="a@b.nl").status == 403
    assert client.post("exits", {"client_id": 1, "choice": "delete"}, role="Ops.Engineer").status == 403
    assert snapshot(two_clients) == before


def test_a_concurrent_second_notice_loses_on_the_unique_index(client, two_clients, monkeypatch):
    """Two notices at the same moment both pass the read check; the unique open-exit index lets
    one win and the other gets the 409 with the winner's id, and writes nothing."""
    from shared.exits import queries

    first = give_notice(client).json()
    before = snapshot(two_clients)
    real = queries.open_exit_of
    calls = {"n": 0}

    def blind_once(client_id):  # the racing request did not see the first exit yet
        calls["n"] += 1
        return real(-1) if calls["n"] == 1 else real(client_id)

    monkeypatch.setattr(queries, "open_exit_of", blind_once)
    body = assert_problem(give_notice(client, role=STAFF), 409)
    assert body["existing_id"] == first["id"]
    assert snapshot(two_clients) == before


# --- A notice by letter: how far back staff may date it -----------------------------------------

def test_a_notice_by_letter_needs_a_reason_and_the_letters_reference(client, two_clients, clock):
    clock.set(datetime(2026, 4, 20, 9, tzinfo=UTC))
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client, role=STAFF, requested_at="2026-04-10T10:00:00+02:00"), 422)
    assert {e["field"] for e in body["errors"]} == {"requested_reason", "letter_reference"}
    assert snapshot(two_clients) == before


@pytest.mark.parametrize("requested_at", ["2026-03-20T08:00:00+01:00", "2000-01-01T00:00:00+01:00"])
def test_staff_cannot_backdate_beyond_30_days_and_nothing_changes(client, two_clients, clock, requested_at):
    clock.set(datetime(2026, 4, 20, 9, tzinfo=UTC))
    before = snapshot(two_clients)
    body = assert_problem(give_notice(client, role=STAFF, requested_at=requested_at, **BY_LETTER), 422)
    assert body["errors"][0]["type"] == "needs_officer" and "Privacy Officer" in body["detail"]
    assert snapshot(two_clients) == before


def test_the_officer_may_enter_an_older_notice_and_that_approval_is_audited(client, two_clients, clock):
    clock.set(datetime(2026, 4, 20, 9, tzinfo=UTC))
    resp = give_notice(client, role=OFFICER, requested_at="2026-03-01T10:00:00+01:00", **BY_LETTER)
    assert resp.status == 201, resp.body
    with two_clients.store.connect() as conn:
        events = {r.action: r.details for r in conn.execute(
            select(audit_events).where(audit_events.c.object_id == resp.json()["id"]))}
    assert events["exit.backdate_approved"]["letter_reference"] == "BRF-2026-0042"
    assert events["exit.backdate_approved"]["backdated_days"] == 50 and events["exit.notice_given"]["officer_approved"]


def test_the_backdating_window_is_a_setting(client, two_clients, clock, monkeypatch):
    monkeypatch.setattr(two_clients, "settings", two_clients.settings.model_copy(update={"exit_backdate_days": 60}))
    clock.set(datetime(2026, 4, 20, 9, tzinfo=UTC))
    resp = give_notice(client, role=STAFF, requested_at="2026-03-01T10:00:00+01:00", **BY_LETTER)
    assert resp.status == 201, resp.body
