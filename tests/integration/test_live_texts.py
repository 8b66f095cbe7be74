"""The Art. 15 letter and the register state the retention the suite applies now: an officer's
change of a policy changes the period in the next letter and in the register."""

from __future__ import annotations

from tests.support.dsar import STAFF, read_zip, ready
from tests.support.dsar_platform import JAN

OFFICER = {"role": "Privacy.Officer"}


def art15_letter(client, blob_deps) -> str:
    rid = ready(client, "access", JAN, client_id=1)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    return read_zip(blob_deps, client, rid, role="Client.Admin", client_id=1).read("informatie-art15.html").decode()


def register_retention(client, activity: str) -> dict:
    page = client.get("register/activities?limit=500", **OFFICER).json()
    assert page["next"] is None  # every activity on one page
    return next(a for a in page["items"] if a["id"] == activity)["retention"]


def test_a_changed_policy_changes_the_letter_and_the_register(client, blob_deps, platform):
    before = art15_letter(client, blob_deps)
    assert "5 jaar na het sluiten van het incassodossier" in before
    assert "ten minste 2 jaar" not in before and "een beperkte termijn" not in before
    assert "5 jaar na het sluiten van het incassodossier" in register_retention(client, "collection")["description"]

    changed = client.put("retention/policies/collection_file_closed", {"period_months": 72, "reason": "beleid"},
                         **OFFICER)
    assert changed.status == 200, changed.body
    after = art15_letter(client, blob_deps)
    assert "6 jaar na het sluiten van het incassodossier" in after and "5 jaar na het sluiten" not in after
    retention = register_retention(client, "collection")
    assert "6 jaar na het sluiten van het incassodossier" in retention["description"]
    statements = {p["id"]: p["statement_nl"] for p in retention["policies"]}
    assert statements["collection_file_closed"].startswith("6 jaar na het sluiten van het incassodossier")


def test_the_letter_names_the_controller_and_the_recipients(client, blob_deps, platform):
    letter = art15_letter(client, blob_deps)
    assert "onze cliënt (nr. 1)" not in letter
    assert "Verwerkingsverantwoordelijke: Bakkerij De Vries, uw schuldeiser" in letter
    assert "Bakkerij De Vries, uw schuldeiser (verwerkingsverantwoordelijke)" in letter  # a recipient, by name
    assert "Microsoft Azure" in letter and "Interpulse automatisering B.V." in letter
    assert "debiteuren (1 registraties" in letter  # Dutch labels, not table names
