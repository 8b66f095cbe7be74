"""GET /exits and a client admin's own viewer account: staff see every client's, a client admin
only its own (another client's is a 404, never a glimpse), in the one list shape with paging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.exit_data import at_amsterdam_day, run_exit_processing, seed_client

ADMIN, STAFF, OFFICER, OPS = "Client.Admin", "Privacy.Staff", "Privacy.Officer", "Privacy.Ops"
NOTICE = datetime(2026, 1, 10, 9, tzinfo=UTC)


@pytest.fixture
def three_exits(client, deps, clock):
    """Clients 1, 2 and 3 gave notice a day apart; client 3's exit was cancelled."""
    with deps.platform.begin() as conn:
        for n in (1, 2, 3, 4):
            seed_client(conn, n, debtors=1)
    made = {}
    for n in (1, 2, 3):
        clock.set(NOTICE + timedelta(days=n))
        made[n] = client.post("exits", {"client_id": n, "choice": "retain" if n == 1 else "delete"},
                              role=ADMIN, client_id=n).json()["id"]
    assert client.post(f"exits/{made[3]}/cancel", role=STAFF).status == 200
    return made


def listed(resp) -> list[tuple[int, str]]:
    assert resp.status == 200, resp.body
    return [(e["client_id"], e["status"]) for e in resp.json()["items"]]


def test_staff_list_every_exit_newest_first_with_filters(client, three_exits):
    everything = client.get("exits", role=STAFF)
    assert listed(everything) == [(3, "cancelled"), (2, "notice_given"), (1, "notice_given")]
    assert everything.json()["next"] is None
    assert listed(client.get("exits", role=OFFICER, params={"status": "cancelled"})) == [(3, "cancelled")]
    assert listed(client.get("exits", role=STAFF, params={"client_id": "2"})) == [(2, "notice_given")]
    assert listed(client.get("exits", role=STAFF, params={"client_id": "4"})) == []  # no exit yet


def test_the_pages_of_exits_join_up_without_gaps_or_repeats(client, three_exits):
    first = client.get("exits", role=STAFF, params={"limit": "2"}).json()
    assert [e["client_id"] for e in first["items"]] == [3, 2] and first["next"]
    second = client.get("exits", role=STAFF, params={"limit": "2", "cursor": first["next"]}).json()
    assert [e["client_id"] for e in second["items"]] == [1] and second["next"] is None


def test_a_client_admin_lists_only_its_own_exit(client, three_exits):
    mine = client.get("exits", role=ADMIN, client_id=2)
    assert listed(mine) == [(2, "notice_given")]
    assert mine.json()["items"][0]["id"] == three_exits[2]
    assert listed(client.get("exits", role=ADMIN, client_id=2, params={"client_id": "2"})) == [(2, "notice_given")]
    assert listed(client.get("exits", role=ADMIN, client_id=4)) == []  # a client without exit: an empty list


def test_a_client_admin_naming_another_client_gets_404(client, three_exits):
    resp = client.get("exits", role=ADMIN, client_id=2, params={"client_id": "1"})
    assert resp.status == 404 and resp.headers["Content-Type"].startswith("application/problem+json")
    assert three_exits[1] not in resp.body.decode()


@pytest.mark.parametrize("params", [
    {"status": "open"},  # a group, not a status
    {"client_id": "0"}, {"client_id": "abc"}, {"client_id": "9" * 40},
    {"limit": "0"}, {"limit": "501"},
    {"cursor": "not-a-cursor"},
    {"colour": "red"},  # unknown parameter
])
def test_bad_list_queries_are_422_problems(client, three_exits, params):
    resp = client.get("exits", role=STAFF, params=params)
    assert resp.status == 422, (params, resp.status, resp.body)
    body = resp.json()
    assert body["status"] == 422 and body["detail"] and resp.headers["Content-Type"].startswith(
        "application/problem+json")


def test_ops_may_not_list_exits(client, three_exits):
    assert client.get("exits", role=OPS).status == 403


# --- a client admin's own viewer account ----------------------------------------------------


@pytest.fixture
def viewer(client, three_exits, blob_deps, clock):
    """Client 1's retain exit has become a viewer account (the nightly run also builds exports)."""
    clock.set(at_amsterdam_day(date(2026, 3, 12)))
    assert run_exit_processing(blob_deps)["evidence"]["converted"] == 1
    return blob_deps


def test_a_client_admin_reads_its_own_viewer_account_with_its_fee(client, viewer):
    own = client.get("clients/1/viewer-account", role=ADMIN, client_id=1)
    assert own.status == 200, own.body
    body = own.json()
    assert (body["client_id"], body["status"], body["fee_invoice"], body["fee_amount"]) == \
        (1, "active", "VA20260312-1", "150.00")
    listed_own = client.get("viewer-accounts", role=ADMIN, client_id=1).json()
    assert [v["client_id"] for v in listed_own["items"]] == [1] and listed_own["next"] is None
    assert client.get("clients/1/viewer-account", role=STAFF).json() == body


def test_another_clients_viewer_account_is_404_for_a_client_admin(client, viewer):
    for path, params in (("clients/1/viewer-account", None), ("viewer-accounts", {"client_id": "1"})):
        resp = client.get(path, role=ADMIN, client_id=2, params=params)
        assert resp.status == 404, (path, resp.body)
        assert "VA2026" not in resp.body.decode()
    # Client 2 has no viewer account of its own: its list is empty, its own account a 404.
    assert client.get("viewer-accounts", role=ADMIN, client_id=2).json()["items"] == []
    assert client.get("clients/2/viewer-account", role=ADMIN, client_id=2).status == 404


@pytest.mark.parametrize("raw", ["0", "abc", "9" * 40, "-1"])
def test_bad_client_ids_of_a_viewer_account_are_404_problems(client, viewer, raw):
    resp = client.get(f"clients/{raw}/viewer-account", role=STAFF)
    assert resp.status == 404 and resp.json()["status"] == 404
