"""Two intakes of the same request at the same moment create one request, not two."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from shared.dsar.tables import dsar_requests
from tests.support.dsar import STAFF


def test_simultaneous_intakes_of_the_same_request_create_one(client, deps):
    body = {"type": "access", "subject": {"email": "gelijktijdig@example.nl", "name": "Betrokkene"}}

    def intake(_):
        resp = client.post("dsar", body, **STAFF)
        return resp.status, resp.json()["id"]

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(intake, range(12)))
    assert {status for status, _ in results} <= {200, 201}
    assert len({rid for _, rid in results}) == 1
    assert sum(1 for status, _ in results if status == 201) == 1
    with deps.store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(dsar_requests)).scalar_one() == 1


def test_a_closed_request_frees_its_kind_for_a_new_one(client, deps):
    body = {"type": "access", "subject": {"email": "opnieuw@example.nl", "name": "Betrokkene"}}
    first = client.post("dsar", body, **STAFF).json()["id"]
    rejected = client.post(f"dsar/{first}/reject", {"ground": "excessive", "reason": "Te vaak gevraagd"}, **STAFF)
    assert rejected.status == 200, rejected.body
    again = client.post("dsar", body, **STAFF)
    assert again.status == 201 and again.json()["id"] != first
