"""The console's demo work: open requests of the demo's debtors with the suite's own deadlines,
a breach inside its 72 hours, a DPIA and a complaint; once only."""

from __future__ import annotations

from devtools.demo_data import generate
from devtools.demo_store import seed

OFFICER = "Privacy.Officer"


def test_demo_work_shows_in_the_api_and_is_added_once(client, deps):
    assert seed(deps) == {"skipped": "the platform has no debtors yet (privacy demo-data)"}
    generate(deps.platform, subjects=20, seed=3)
    made = seed(deps)
    assert made["requests"] == 8 and made["breaches"] == 1
    requests = client.get("dsar", role=OFFICER, params={"group": "open", "limit": 500}).json()["items"]
    assert len(requests) >= 8 and all(r["due_date"] >= r["target_date"] for r in requests)
    assert {r["deadline_owner"] for r in requests} <= {"controller", "incassotool"}
    breaches = client.get("breaches", role=OFFICER).json()["items"]
    assert len(breaches) == 1 and breaches[0]["authority_notified_at"] is None
    dpias = client.get("dpias", role=OFFICER).json()["items"]
    assert dpias[0]["required"] is True and dpias[0]["ap_list"] == ["financiele_situatie"]
    assert seed(deps) == {"skipped": "the store already has requests"}
    again = client.get("dsar", role=OFFICER, params={"group": "open", "limit": 500}).json()["items"]
    assert len(again) == len(requests)
