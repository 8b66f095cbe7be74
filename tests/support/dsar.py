"""Helpers of the DSAR tests: the callers' roles, a request taken in and made ready, its letters, its
export package and the platform rows left."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from shared.datamap.discovery import table
from shared.letters import outbox

STAFF = {"role": "Privacy.Staff"}
OFFICER = {"role": "Privacy.Officer"}
ADMIN_A = {"role": "Client.Admin", "client_id": 1}  # client A's admin: the controller of A's debtors
ADMIN_B = {"role": "Client.Admin", "client_id": 2}  # another client's admin, who must never see A's


def new(client, kind: str, email: str, **extra) -> dict:
    resp = client.post("dsar", {"type": kind, "subject": {"email": email, "name": "Betrokkene"}, **extra}, **STAFF)
    assert resp.status == 201, resp.body
    return resp.json()


def ready(client, kind: str, email: str, client_id: int | None = None, **extra) -> str:
    """A request taken in by staff, verified, and (processor mode) found admissible by its client."""
    body = new(client, kind, email, **({"client_id": client_id} if client_id else {}), **extra)
    rid = body["id"]
    if client_id:
        v = client.post(f"dsar/{rid}/verify", {"method": "dossier_number_postcode", "dossier_reference": "A-0001",
                                               "postcode": "1234ab"}, **STAFF)
        assert v.status == 200 and v.json()["status"] == "awaiting_controller", v.body
        d = client.post(f"dsar/{rid}/decision", {"admissible": True, "reason": "Terecht verzoek"},
                        role="Client.Admin", client_id=client_id)
        assert d.status == 200 and d.json()["status"] == "in_progress", d.body
    else:
        v = client.post(f"dsar/{rid}/verify", {"method": "email_on_record"}, **STAFF)
        assert v.status == 200 and v.json()["status"] == "in_progress", v.body
    return rid


def letters_for(deps, rid: str) -> list:
    with deps.store.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.related_id == rid).order_by(outbox.c.created_at)).all()


def read_zip(blob_deps, client, rid: str, **who) -> zipfile.ZipFile:
    link = client.get(f"dsar/{rid}/export", **who)
    assert link.status == 200, link.body
    assert link.json()["url"].startswith("http") and link.json()["expires_at"].startswith("2026-11-24T09:15")
    raw = client.get(f"dsar/{rid}/export", params={"download": "1"}, **who)
    assert raw.status == 200 and raw.header("Content-Type").startswith("application/zip")
    return zipfile.ZipFile(io.BytesIO(raw.body))


def rows_of(deps, name: str) -> list[int]:
    with deps.platform.connect() as conn:
        return [r for (r,) in conn.execute(select(table(name).c.id).order_by(table(name).c.id))]
