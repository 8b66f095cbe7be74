"""A client generated from the served OpenAPI document (openapi-python-client, into a temporary
folder) carries a data subject request from intake to its export, as the portal team's would."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest


@pytest.fixture(scope="module")
def generated(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    spec = folder / "openapi.json"
    spec.write_bytes(httpx.get(f"{server}/openapi.json", timeout=30).content)
    out = subprocess.run([str(Path(sys.executable).with_name("openapi-python-client")), "generate", "--path",
                          str(spec), "--output-path", str(folder / "privacy_client"), "--meta", "none"],
                         capture_output=True, text=True, timeout=300)
    assert (folder / "privacy_client" / "client.py").exists(), out.stdout + out.stderr
    assert "Unable to parse" not in out.stdout and "will not be generated" not in out.stdout, out.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("privacy_client")
    finally:
        sys.path.remove(str(folder))


def test_a_generated_client_runs_a_request_from_intake_to_export(generated, server, issuer, demo):
    from privacy_client.api.dsar import dsar_complete, dsar_create, dsar_decision, dsar_export, dsar_get
    from privacy_client.models import CompleteIn, DsarCreate, DsarDecisionIn, DsarOut, RequestType, SubjectIn

    debtor = next(s for s in demo["samples"] if s["category"] == "debtor" and s.get("client_id"))
    email, client_id = debtor["email"], debtor["client_id"]
    base = server.removesuffix("/api")

    def as_(role: str, **claims) -> object:
        token = issuer.token(role, **claims)
        return generated.AuthenticatedClient(base_url=base, token=token, timeout=httpx.Timeout(60))

    subject = as_("Privacy.Subject", email=email, mfa=False)
    made = dsar_create.sync_detailed(client=subject, body=DsarCreate(
        type_=RequestType.ACCESS, subject=SubjectIn(email=email), client_id=client_id))
    assert made.status_code in (200, 201), made.content
    request = made.parsed
    assert isinstance(request, DsarOut) and request.deadline_owner.value == "controller"

    controller = as_("Client.Admin", client_id=client_id)
    decided = dsar_decision.sync(request.id, client=controller,
                                 body=DsarDecisionIn(admissible=True, reason="Terecht verzoek"))
    assert isinstance(decided, DsarOut), decided

    done = dsar_complete.sync(request.id, client=as_("Privacy.Staff"), body=CompleteIn())
    assert isinstance(done, DsarOut) and done.status.value == "completed", done

    again = dsar_get.sync(request.id, client=subject)
    assert isinstance(again, DsarOut) and again.export_available is True
    link = dsar_export.sync_detailed(request.id, client=subject)
    assert link.status_code == 200, link.content
    package = httpx.get(link.parsed.url, timeout=30)
    assert package.status_code == 200 and package.content[:2] == b"PK"
