"""The discovery scopes over the DSAR tests' small platform (tests/support/dsar_platform.py), which
the other DSAR tests build on."""

from __future__ import annotations

from shared.dsar.execute import discover
from tests.support.dsar_platform import JAN, MEDEWERKER, OWNER, PIET, seed


def test_processor_scope_is_one_clients_debtor_data_only(deps):
    with deps.platform.begin() as conn:
        seed(conn)
        rows = discover(conn, JAN, 1)
    assert rows["debtors"] == [1]  # not debtor 3 (client 2), not the look-alike (debtor 2)
    assert rows["dossiers"] == [101, 102]
    assert rows["payments"] == [1] and rows["documents"] == [1]
    assert "clients" not in rows and "prospects" not in rows


def test_a_client_employees_account_is_that_clients_data(deps):
    with deps.platform.begin() as conn:
        seed(conn)
        assert discover(conn, PIET, 1) == {"client_users": [1], "client_user_logins": [1]}
        assert discover(conn, PIET, 2) == {} and discover(conn, PIET, None) == {}


def test_controller_scope_is_incassotools_own_relations_only(deps):
    with deps.platform.begin() as conn:
        seed(conn)
        assert discover(conn, MEDEWERKER, None) == {"staff": [1], "staff_logins": [1]}
        assert discover(conn, OWNER, None) == {"clients": [1]}  # the contact person: Incassotool's customer
        assert discover(conn, OWNER, 1) == {}
        assert discover(conn, JAN, None) == {}  # Jan is only a debtor: his data belong to the clients
