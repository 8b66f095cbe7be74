"""The DSAR lifecycle over HTTP for each type: verify, decide, complete, reject, and what each
leaves behind (export, erasure ledger, restrictions, letters, audit)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from shared.audit import audit_events
from shared.datamap.discovery import table
from shared.ledger import erasure_ledger, expand
from shared.restrictions import restrictions
from shared.storage import DOCUMENTS
from tests.support.dsar import OFFICER, STAFF, letters_for, new, read_zip, ready, rows_of
from tests.support.dsar_platform import IBAN, JAN, LOOKALIKE, MEDEWERKER, PROSPECT


def audit_actions(deps, rid: str) -> list[str]:
    with deps.store.connect() as conn:
        return [a for (a,) in conn.execute(select(audit_events.c.action).where(audit_events.c.object_id == rid)
                                           .order_by(audit_events.c.seq))]


# --- Verification -------------------------------------------------------------------------------


def test_an_id_copy_is_refused_and_explains_why(client, platform):
    rid = new(client, "access", MEDEWERKER)["id"]
    resp = client.post(f"dsar/{rid}/verify", {"method": "id_copy"}, **STAFF)
    assert resp.status == 422
    assert "never stored" in resp.json()["detail"]
    assert client.get(f"dsar/{rid}", **STAFF).json()["verification"] is None


@pytest.mark.parametrize(("reference", "postcode"), [("A-0001", "9999 ZZ"), ("A-0003", "5678 CD"),
                                                     ("B-0001", "1234 AB"), ("NOPE", "1234 AB")])
def test_dossier_and_postcode_must_match_this_subject_at_this_client(client, platform, reference, postcode):
    rid = new(client, "access", JAN, client_id=1)["id"]
    resp = client.post(f"dsar/{rid}/verify", {"method": "dossier_number_postcode", "dossier_reference": reference,
                                              "postcode": postcode}, **STAFF)
    assert resp.status == 422 and "do not match" in resp.json()["detail"]
    after = client.get(f"dsar/{rid}", **STAFF).json()
    assert after["verification"] is None and after["status"] == "awaiting_verification"


def test_verification_is_recorded_with_method_who_and_when(client, platform):
    rid = ready(client, "access", MEDEWERKER)
    v = client.get(f"dsar/{rid}", **STAFF).json()["verification"]
    assert v["method"] == "email_on_record" and v["by"] and v["at"].startswith("2026-11-24")
    again = client.post(f"dsar/{rid}/verify", {"method": "phone_callback"}, **STAFF)
    assert again.status == 409


def test_completion_waits_for_verification_and_the_controller(client, platform):
    rid = new(client, "access", JAN, client_id=1)["id"]
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 409 and "identity" in resp.json()["detail"]
    client.post(f"dsar/{rid}/verify", {"method": "phone_callback"}, **STAFF)
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 409 and "controller" in resp.json()["detail"]


# --- Processor mode: the client's decision -----------------------------------------------------


def test_the_client_refuses_and_the_subject_gets_reasons_and_its_rights(client, platform, deps):
    rid = new(client, "erasure", JAN, client_id=1)["id"]
    resp = client.post(f"dsar/{rid}/decision", {"admissible": False, "reason": "Vordering loopt nog"},
                       role="Client.Admin", client_id=1)
    body = resp.json()
    assert resp.status == 200 and body["status"] == "rejected"
    assert body["rejection"]["ground"] == "controller_decision"
    assert body["decision"] == {**body["decision"], "admissible": False, "reason": "Vordering loopt nog"}
    letter = letters_for(deps, rid)[-1]
    assert letter.topic == "dsar.rejected" and letter.recipient == JAN
    assert "Autoriteit Persoonsgegevens" in letter.body and "rechter" in letter.body
    assert "Vordering loopt nog" in letter.body
    assert client.post(f"dsar/{rid}/decision", {"admissible": True, "reason": "toch wel"},
                       **OFFICER).status == 409


def test_no_client_decision_on_incassotools_own_request(client, platform):
    rid = new(client, "access", MEDEWERKER)["id"]
    assert client.post(f"dsar/{rid}/decision", {"admissible": True, "reason": "jawel"}, **OFFICER).status == 409


def test_refusal_as_manifestly_unfounded_carries_reasons(client, platform, deps):
    rid = new(client, "access", MEDEWERKER)["id"]
    resp = client.post(f"dsar/{rid}/reject", {"ground": "excessive", "reason": "Vijfde verzoek deze maand"},
                       **OFFICER)
    assert resp.status == 200 and resp.json()["status"] == "rejected"
    body = letters_for(deps, rid)[-1].body
    assert "buitensporig" in body and "Autoriteit Persoonsgegevens" in body
    assert client.post(f"dsar/{rid}/reject", {"ground": "excessive", "reason": "nogmaals"}, **OFFICER).status == 409
    bad = client.post(f"dsar/{rid}/reject", {"ground": "bored", "reason": "x"}, **OFFICER)
    assert bad.status == 422


# --- Access and portability --------------------------------------------------------------------


def test_access_package_holds_the_data_and_the_art15_information(client, blob_deps, platform, deps):
    rid = ready(client, "access", JAN, client_id=1)
    done = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert done.status == 200 and done.json()["status"] == "completed", done.body
    assert done.json()["result"]["tables"]["debtors"] == 1
    zf = read_zip(blob_deps, client, rid, role="Client.Admin", client_id=1)
    names = set(zf.namelist())
    assert {"gegevens/debtors.json", "gegevens/debtors.csv", "gegevens/dossiers.json", "informatie-art15.html",
            "manifest.json"} <= names
    debtors = json.loads(zf.read("gegevens/debtors.json"))
    assert [d["email"] for d in debtors] == [JAN] and debtors[0]["iban"] == IBAN
    dossiers = list(csv.DictReader(io.StringIO(zf.read("gegevens/dossiers.csv").decode())))
    assert sorted(d["reference"] for d in dossiers) == ["A-0001", "A-0002"]
    everything = b"".join(zf.read(n) for n in names)
    assert LOOKALIKE.encode() not in everything and b"A-0003" not in everything  # the look-alike's dossier
    assert b"B-0001" not in everything  # Jan's own data at the other client belong to that controller
    info = zf.read("informatie-art15.html").decode()
    for needle in ("Doeleinden", "Ontvangers", "buiten de Europese Unie", "Bewaartermijnen", "Autoriteit "
                   "Persoonsgegevens", "schuldeiser", "geautomatiseerde besluitvorming"):
        assert needle in info
    actions = audit_actions(deps, rid)
    assert "dsar.completed" in actions and "dsar.export_link" in actions and "dsar.export_downloaded" in actions
    # the subject itself may fetch it, another subject may not
    assert client.get(f"dsar/{rid}/export", role="Privacy.Subject", email=JAN, mfa=False).status == 200
    assert client.get(f"dsar/{rid}/export", role="Privacy.Subject", email=LOOKALIKE, mfa=False).status == 404


def test_restricted_rows_are_in_the_access_export_but_flagged(client, blob_deps, platform):
    rid = ready(client, "restriction", JAN, client_id=1, reason="Ik betwist de juistheid")
    assert client.post(f"dsar/{rid}/complete", {"restriction_ground": "accuracy_disputed"}, **STAFF).status == 200
    access = ready(client, "access", JAN, client_id=1)
    client.post(f"dsar/{access}/complete", {}, **STAFF)
    zf = read_zip(blob_deps, client, access, **STAFF)
    debtors = json.loads(zf.read("gegevens/debtors.json"))
    assert debtors[0]["_restricted"] == "restriction"
    assert json.loads(zf.read("manifest.json"))["restricted_rows"] >= 1


def test_no_export_before_completion_is_a_409(client, platform):
    rid = new(client, "access", MEDEWERKER)["id"]
    resp = client.get(f"dsar/{rid}/export", **STAFF)
    assert resp.status == 409


def test_portability_holds_only_what_the_subject_provided(client, blob_deps, platform):
    rid = ready(client, "portability", PROSPECT)
    assert client.post(f"dsar/{rid}/complete", {}, **STAFF).status == 200
    zf = read_zip(blob_deps, client, rid, **STAFF)
    prospects = json.loads(zf.read("overdraagbaar/prospects.json"))
    assert set(prospects[0]) == {"id", "company", "contact_name", "email", "phone", "_restricted"}
    assert "overdraagbaar/prospect_consents.csv" in zf.namelist()
    assert "informatie-art15.html" not in zf.namelist()


# --- Rectification -----------------------------------------------------------------------------


def debtor(deps, debtor_id: int):
    with deps.platform.connect() as conn:
        t = table("debtors")
        return conn.execute(select(t).where(t.c.id == debtor_id)).one()


def test_rectification_applies_valid_changes_and_lists_the_recipients(client, platform, deps):
    rid = ready(client, "rectification", JAN, client_id=1,
                changes={"postcode": "2311ab", "iban": "DE89 3704 0044 0532 0130 00"})
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 200, resp.body
    result = resp.json()["result"]
    assert result["fields"] == ["iban", "postcode"]
    assert result["recipients"][0]["client_id"] == 1 and result["recipients"][0]["kind"] == "controller"
    assert (debtor(deps, 1).postcode, debtor(deps, 1).iban) == ("2311 AB", "DE89370400440532013000")
    assert debtor(deps, 3).postcode == "1234 AB" and debtor(deps, 2).postcode == "5678 CD"  # other records
    topics = [(r.topic, r.recipient) for r in letters_for(deps, rid)]
    assert ("dsar.art19", "1") in topics and ("dsar.rectified", JAN) in topics


@pytest.mark.parametrize("changes", [{"postcode": "0000"}, {"iban": "NL00ABNA0417164300"}, {"email": "geen"},
                                     {"status": "paid"}, {}])
def test_bad_rectification_changes_nothing(client, platform, deps, changes):
    rid = ready(client, "rectification", JAN, client_id=1)
    resp = client.post(f"dsar/{rid}/complete", {"changes": changes}, **STAFF)
    assert resp.status == 422 and resp.header("Content-Type").startswith("application/problem+json")
    assert resp.json()["errors"]
    assert debtor(deps, 1).postcode == "1234 AB" and debtor(deps, 1).iban == IBAN
    assert client.get(f"dsar/{rid}", **STAFF).json()["status"] == "in_progress"


# --- Erasure -----------------------------------------------------------------------------------


def test_erasure_keeps_what_the_law_keeps_restricted_and_erases_the_rest(client, blob_deps, platform, deps, clock):
    blob_deps.blobs.upload(DOCUMENTS, "dossiers/101/factuur.pdf", b"%PDF", overwrite=True)
    # Closed consumer file 101 (closed 1 January 2025) is past the Bki floor of 2 years.
    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))
    rid = ready(client, "erasure", JAN, client_id=1)
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 200, resp.body
    cert = resp.json()["result"]["certificate"]
    # the open claim (dossier 102) keeps its dossier, letters, contacts and the debtor itself
    assert cert["kept"]["legal_claim"]["tables"] == {"contact_registrations": 1, "debtors": 1, "dossiers": 1,
                                                     "letters": 1}
    assert cert["kept"]["fiscal"]["tables"] == {"payments": 1}
    assert "fiscale bewaarplicht" in cert["kept"]["fiscal"]["why_nl"]
    assert cert["documents_deleted"] == 1 and not blob_deps.blobs.exists(DOCUMENTS, "dossiers/101/factuur.pdf")
    assert "back-up" in cert["text_nl"] and "verwijderregister" in cert["text_nl"]
    # closed dossier 101: its letter, contact and document are gone; the dossier stays anonymised (a kept
    # payment points at it); the look-alike's and the other client's rows are untouched
    assert rows_of(deps, "letters") == [102, 103, 201] and rows_of(deps, "documents") == []
    assert rows_of(deps, "dossiers") == [101, 102, 103, 201]
    with deps.platform.connect() as conn:
        d = table("dossiers")
        assert conn.execute(select(d.c.notes).where(d.c.id == 101)).scalar() is None
        assert conn.execute(select(d.c.notes).where(d.c.id == 103)).scalar() == "notitie A-0003"
    with deps.store.connect() as conn:
        entries = conn.execute(select(erasure_ledger).where(erasure_ledger.c.source_id == rid)).all()
        ledger = [(e.table_name, e.row_id, e.action) for e in expand(entries)]
        kept = conn.execute(select(restrictions.c.table_name, restrictions.c.row_id, restrictions.c.kind)
                            .where(restrictions.c.request_id == rid)).all()
    assert ("letters", 101, "delete") in ledger and ("dossiers", 101, "anonymise") in ledger
    assert ("payments", 1, "legal_duty") in kept and ("dossiers", 102, "legal_duty") in kept
    assert all(t != "payments" for t, _, _ in ledger)
    assert letters_for(deps, rid)[-1].topic == "dsar.erased"


def test_erasure_within_the_bki_floor_keeps_the_closed_consumer_file(client, platform, deps):
    rid = ready(client, "erasure", JAN, client_id=1)  # 24 November 2026: file 101 closed 1 January 2025
    cert = client.post(f"dsar/{rid}/complete", {}, **STAFF).json()["result"]["certificate"]
    assert cert["kept"]["bki_floor"]["tables"] == {"contact_registrations": 1, "documents": 1, "dossiers": 1,
                                                   "letters": 1}
    assert "art. 5.1 Bki" in cert["kept"]["bki_floor"]["why_nl"]
    assert rows_of(deps, "letters") == [101, 102, 103, 201]


def test_a_legal_hold_keeps_everything_in_its_scope(client, platform, deps):
    with deps.store.begin() as conn:
        from datetime import UTC, datetime

        from sqlalchemy import insert

        from shared.holds import legal_holds
        conn.execute(insert(legal_holds).values(id="h1", reason="procedure", subject_email=MEDEWERKER,
                                                created_at=datetime(2026, 1, 1, tzinfo=UTC), created_by="x"))
    rid = ready(client, "erasure", MEDEWERKER)
    cert = client.post(f"dsar/{rid}/complete", {}, **STAFF).json()["result"]["certificate"]
    assert cert["kept"]["legal_hold"]["tables"] == {"staff": 1, "staff_logins": 1}
    assert cert["erased"] == {"deleted": {}, "anonymised": {}}
    assert rows_of(deps, "staff_logins") == [1]


def test_erasure_of_own_relation_deletes_the_account(client, platform, deps):
    rid = ready(client, "erasure", MEDEWERKER)
    cert = client.post(f"dsar/{rid}/complete", {}, **STAFF).json()["result"]["certificate"]
    assert cert["erased"]["deleted"] == {"staff_logins": 1} and cert["erased"]["anonymised"] == {"staff": 1}
    assert rows_of(deps, "staff_logins") == [] and rows_of(deps, "debtors") == [1, 2, 3]
    assert rows_of(deps, "client_users") == [1]  # the client's data: not Incassotool's request


# --- Restriction and objection -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["restriction", "objection"])
def test_restriction_and_objection_mark_the_rows(client, platform, deps, kind):
    rid = ready(client, kind, PROSPECT, reason="Ik wil geen mail meer")
    ground = {"restriction_ground": "unlawful_kept"} if kind == "restriction" else {}
    resp = client.post(f"dsar/{rid}/complete", ground, **STAFF)
    assert resp.status == 200 and resp.json()["result"]["marked"] == {"prospects": 1, "prospect_consents": 1}
    with deps.store.connect() as conn:
        kinds = {k for (k,) in conn.execute(select(restrictions.c.kind).where(restrictions.c.request_id == rid))}
    assert kinds == {kind}
    assert "dsar.completed" in audit_actions(deps, rid)


def test_the_history_shows_each_step(client, platform):
    rid = ready(client, "access", JAN, client_id=1)
    hist = client.get(f"dsar/{rid}", **STAFF).json()["history"]
    assert [h["action"] for h in hist][:3] == ["dsar.created", "dsar.verified", "dsar.decided"]


ACTION_BAD_INPUT = [
    ("verify", {}, "method"),
    ("verify", {"method": "dossier_number_postcode"}, "dossier_reference"),
    ("verify", {"method": "telepathy"}, "method"),
    ("verify", {"method": "email_on_record", "extra": 1}, "extra"),
    ("extend", {}, "reason"),
    ("extend", {"reason": ""}, "reason"),
    ("reject", {"reason": "geen grond"}, "ground"),
    ("reject", {"ground": "bored", "reason": "x" * 10}, "ground"),
    ("decision", {"reason": "zonder besluit"}, "admissible"),
    ("complete", {"changes": {"phone": "0611111111"}}, "changes"),  # an access request takes no changes
]


@pytest.mark.parametrize(("action", "body", "field"), ACTION_BAD_INPUT)
def test_bad_action_input_is_a_problem_and_changes_nothing(client, platform, deps, action, body, field):
    rid = new(client, "access", JAN, client_id=1)["id"]
    before = client.get(f"dsar/{rid}", **STAFF).json()
    events = len(audit_actions(deps, rid))
    resp = client.post(f"dsar/{rid}/{action}", body, **OFFICER)
    assert resp.status == 422, resp.body
    assert resp.header("Content-Type").startswith("application/problem+json")
    assert field in {e["field"] for e in resp.json()["errors"]}
    after = client.get(f"dsar/{rid}", **STAFF).json()
    assert {k: v for k, v in after.items() if k != "history"} == {k: v for k, v in before.items() if k != "history"}
    assert len(audit_actions(deps, rid)) == events + 1  # only the read in between


def test_actions_on_a_missing_request_are_404(client, platform):
    missing = "00000000-0000-4000-8000-000000000000"
    for action, body in (("verify", {"method": "email_on_record"}), ("extend", {"reason": "drukte"}),
                         ("reject", {"ground": "excessive", "reason": "te veel"}), ("complete", {}),
                         ("decision", {"admissible": True, "reason": "prima"})):
        assert client.post(f"dsar/{missing}/{action}", body, **OFFICER).status == 404
    assert client.get(f"dsar/{missing}/export", **OFFICER).status == 404


def test_a_file_that_cannot_be_deleted_stays_queued_and_the_nightly_sweep_deletes_it(client, blob_deps, platform,
                                                                                       monkeypatch, clock):
    from shared.jobs import run_job
    from shared.ledger import blob_deletes
    from shared.retention.sweep import run_sweep

    path = "dossiers/101/factuur.pdf"
    blob_deps.blobs.upload(DOCUMENTS, path, b"%PDF", overwrite=True)
    real_delete = blob_deps.blobs.delete_many

    def storage_down(container, names):
        raise ConnectionError("storage unreachable")

    monkeypatch.setattr(blob_deps.blobs, "delete_many", storage_down)
    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))  # closed file 101 is past the Bki floor: its document goes
    rid = ready(client, "erasure", JAN, client_id=1)
    resp = client.post(f"dsar/{rid}/complete", {}, **STAFF)
    assert resp.status == 200, resp.body  # the rows are erased; the file waits for storage
    assert rows_of(blob_deps, "documents") == [] and blob_deps.blobs.exists(DOCUMENTS, path)
    with blob_deps.store.connect() as conn:
        queued = conn.execute(select(blob_deletes.c.name).where(blob_deletes.c.source_id == rid)).scalars().all()
        pending = conn.execute(select(audit_events.c.details).where(
            audit_events.c.object_id == rid, audit_events.c.action == "dsar.files_pending")).one()
    assert queued == [path]
    assert pending.details == {"blobs_deleted": 0, "blobs_failed": 1}

    monkeypatch.setattr(blob_deps.blobs, "delete_many", real_delete)
    record = run_job(blob_deps, "retention_sweep", run_sweep)
    assert record["status"] == "succeeded" and record["evidence"]["blobs_deleted"] == 1
    assert not blob_deps.blobs.exists(DOCUMENTS, path)
    with blob_deps.store.connect() as conn:
        assert conn.execute(select(blob_deletes.c.id)).first() is None


def test_erasure_deletes_the_subjects_earlier_access_packages(client, blob_deps, platform, deps, clock):
    """Art. 17: an erased subject's earlier package must not stay downloadable, by link or by id."""
    from shared.dsar.tables import dsar_requests
    from shared.storage import EXPORTS

    access = ready(client, "access", JAN, client_id=1)
    assert client.post(f"dsar/{access}/complete", {}, **STAFF).status == 200
    assert client.get(f"dsar/{access}/export", params={"download": "1"}, **STAFF).status == 200
    with deps.store.connect() as conn:
        blob = conn.execute(select(dsar_requests.c.export_blob).where(dsar_requests.c.id == access)).scalar_one()
    assert deps.blobs.exists(EXPORTS, blob)
    other = ready(client, "access", MEDEWERKER)  # another subject's package stays
    assert client.post(f"dsar/{other}/complete", {}, **STAFF).status == 200

    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))
    erasure = ready(client, "erasure", JAN, client_id=1)
    done = client.post(f"dsar/{erasure}/complete", {}, **STAFF)
    assert done.status == 200, done.body
    assert done.json()["result"]["certificate"]["access_packages_deleted"] == 1

    assert not deps.blobs.exists(EXPORTS, blob)  # a link handed out before points at nothing now
    assert client.get(f"dsar/{access}/export", **STAFF).status == 410  # gone
    assert client.get(f"dsar/{access}/export", params={"download": "1"}, **STAFF).status == 410  # gone
    assert client.get(f"dsar/{other}/export", params={"download": "1"}, **STAFF).status == 200
    assert "dsar.package_erased" in audit_actions(deps, access)
