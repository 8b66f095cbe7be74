"""Whole lifecycles over a real socket against `privacy serve`, with the demo data: what the
portal team and the FG do, end to end, including the export fetched from Blob storage."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import httpx

from tests.support.breaches import intake_body, strong_assessment

DEBTOR = "demo.debiteur@example.com"  # a debtor of clients 1 and 2 in the demo data


def test_a_debtors_access_request_from_portal_to_export(api):
    # The subject asks through the portal, about its file at client 1.
    made = api("POST", "dsar", role="Privacy.Subject", email=DEBTOR, mfa=False,
               json={"type": "access", "subject": {"email": DEBTOR}, "client_id": 1})
    assert made.status_code == 201, made.text
    req = made.json()
    assert req["deadline_owner"] == "controller" and req["status"] == "awaiting_controller"
    assert req["due_date"] >= req["target_date"]
    rid = req["id"]
    # The client (controller) decides; Incassotool executes.
    decided = api("POST", f"dsar/{rid}/decision", role="Client.Admin", client_id=1,
                  json={"admissible": True, "reason": "Terecht verzoek"})
    assert decided.status_code == 200, decided.text
    done = api("POST", f"dsar/{rid}/complete", role="Privacy.Staff", json={})
    assert done.status_code == 200 and done.json()["status"] == "completed", done.text
    # The subject fetches the package through the short-lived link, from Blob storage.
    link = api("GET", f"dsar/{rid}/export", role="Privacy.Subject", email=DEBTOR, mfa=False).json()
    assert datetime.fromisoformat(link["expires_at"]) <= datetime.now(UTC) + timedelta(minutes=16)
    package = httpx.get(link["url"], timeout=30)
    assert package.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(package.content))
    debtors = json.loads(zf.read("gegevens/debtors.json"))
    assert {d["email"] for d in debtors} == {DEBTOR} and {d["client_id"] for d in debtors} == {1}
    assert "Autoriteit Persoonsgegevens" in zf.read("informatie-art15.html").decode()
    # Another client's admin sees nothing of it.
    assert api("GET", f"dsar/{rid}", role="Client.Admin", client_id=2).status_code == 404


def test_a_breach_from_intake_to_the_ap_report(api):
    aware = datetime.now(UTC) - timedelta(hours=2)
    made = api("POST", "breaches", role="Ops.Engineer", json=intake_body(aware, client_ids=[1]))
    assert made.status_code == 201, made.text
    bid = made.json()["id"]
    assert datetime.fromisoformat(made.json()["authority_notification_due_at"]) == aware + timedelta(hours=72)
    assessed = api("POST", f"breaches/{bid}/assessment", role="Privacy.Staff", json=strong_assessment())
    assert assessed.status_code == 201 and assessed.json()["notify_authority"] is True
    assert api("POST", f"breaches/{bid}/decision", role="Privacy.Officer", json={}).status_code == 201
    report = api("GET", f"breaches/{bid}/authority-report", role="Privacy.Officer", params={"format": "text"})
    assert report.status_code == 200 and "Raymond Tournier" in report.text
    register = api("GET", "breaches/register", role="Privacy.Officer", params={"format": "csv"})
    assert register.status_code == 200 and bid in register.text
