"""A breach's whole life over HTTP, as the FG and the on-call engineer live it: intake by the
engineer, assessment, the FG's decision, the AP report, the notifications, the evaluation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from shared.audit import audit_events
from shared.audit import verify as verify_chain
from shared.letters import outbox
from tests.support.breaches import add_clients, intake_body, strong_assessment

OFFICER, STAFF, OPS = "Privacy.Officer", "Privacy.Staff", "Ops.Engineer"


def test_intake_to_closure_over_http(client, deps, clock, caplog):
    add_clients(deps, 7, 8)
    caplog.set_level("WARNING", logger="privacy.events")

    # 1. The on-call engineer takes the breach in: debtors of clients 7 and 8, and the clients' own
    # contact persons (Incassotool's own relations), so Incassotool is both processor and controller.
    aware = clock.at - timedelta(hours=5)
    created = client.post("breaches", intake_body(aware, client_ids=[7, 8], subject_categories=["debtor", "client"]),
                          role=OPS)
    assert created.status == 201, created.body
    breach = created.json()
    bid = breach["id"]
    assert datetime.fromisoformat(breach["authority_notification_due_at"]) == aware + timedelta(hours=72)
    assert breach["status"] == "reported" and breach["incassotool_role"] == "both"

    # 2. Staff assess: financial data of debtors, read by an outsider with malice.
    assessed = client.post(f"breaches/{bid}/assessment", strong_assessment(), role=STAFF)
    assert assessed.status == 201, assessed.body
    a = assessed.json()
    assert a["score"] == "4.00"
    assert a["severity"] == "very_high"
    assert a["notify_authority"] is True and a["notify_subjects"] is True
    assert "72 uur" in a["notify_authority_reasoning"]
    assert "art. 34" in a["notify_subjects_reasoning"]

    # 3. The FG follows the assessment.
    decided = client.post(f"breaches/{bid}/decision", {}, role=OFFICER)
    assert decided.status == 201, decided.body
    assert decided.json()["overridden"] is False
    assert decided.json()["outcome"] == "notify_authority_and_subjects"

    # 4. The AP report, before filing: a first notification, in Dutch, every section.
    report = client.get(f"breaches/{bid}/authority-report", role=OFFICER)
    assert report.status == 200
    r = report.json()
    assert [s["key"] for s in r["sections"]] == [
        "notification", "contact", "timeline", "breach", "data", "subjects", "prior_measures",
        "consequences", "follow_up"]
    answers = {(s["key"], qa["question"]): qa["answer"] for s in r["sections"] for qa in s["answers"]}
    assert answers[("notification", "Soort melding")].startswith("Nieuwe melding")
    assert answers[("contact", "Naam contactpersoon")] == "Raymond Tournier"
    processor = answers[("contact", "Is er een verwerker betrokken bij het datalek?")]
    assert processor == "Ja: Interpulse automatisering B.V."
    assert "Financiële" in answers[("data", "Soorten persoonsgegevens")]
    assert answers[("subjects", "Maximaal aantal betrokkenen")] == "1.200"
    text = client.get(f"breaches/{bid}/authority-report", role=STAFF, params={"format": "text"})
    assert text.status == 200 and text.header("Content-Type").startswith("text/plain")
    assert "TIJDLIJN" in text.body.decode() and "Raymond Tournier" in text.body.decode()

    # 5. Notifications: the AP (in time), the clients, the subjects; then a follow-up to the AP.
    clock.advance(timedelta(hours=20))
    ap = client.post(f"breaches/{bid}/notifications",
                     {"target": "authority", "authority_reference": "AP-2026-123"}, role=OFFICER)
    assert ap.status == 201, ap.body
    assert ap.json()["phase"] == "first" and ap.json()["late"] is False
    to_clients = client.post(f"breaches/{bid}/notifications", {"target": "clients"}, role=OFFICER)
    assert to_clients.status == 201, to_clients.body
    assert to_clients.json()["client_ids"] == [7, 8]
    to_subjects = client.post(f"breaches/{bid}/notifications",
                              {"target": "subjects", "recipients": ["a@example.nl", "b@example.nl"]}, role=OFFICER)
    assert to_subjects.status == 201, to_subjects.body
    follow = client.post(f"breaches/{bid}/notifications",
                         {"target": "authority", "authority_reference": "AP-2026-123", "phase": "follow_up"},
                         role=OFFICER)
    assert follow.status == 201, follow.body

    with deps.store.connect() as conn:
        letters = conn.execute(select(outbox).where(outbox.c.related_id == bid)).all()
    client_letters = [x for x in letters if x.topic == "breach.client_notice"]
    assert sorted(x.recipient for x in client_letters) == ["7", "8"]
    assert all("artikel 33 lid 2 AVG" in x.body and "Geachte" in x.body for x in client_letters)
    subject_letters = [x for x in letters if x.recipient_kind == "subject"]
    assert len(subject_letters) == 2
    prepared = [x for x in letters if x.topic == "breach.subject_notice_prepared"]
    assert sorted(x.recipient for x in prepared) == ["7", "8"]  # the clients' letters, in their name
    assert all("namens Bakkerij" in x.body for x in prepared)
    assert all("010-8428628" in x.body and "Wat kan dit voor u betekenen?" in x.body for x in subject_letters)

    # The report now reads as a follow-up to the filed notification.
    again = client.get(f"breaches/{bid}/authority-report", role=OFFICER).json()
    assert again["phase"] == "follow_up" and again["authority_reference"] == "AP-2026-123"

    # 6. Evaluation closes the breach.
    evaluated = client.post(f"breaches/{bid}/evaluation", {
        "lessons_learned": "MFA ook voor het SFTP-account afdwingen.",
        "measures": [{"description": "MFA op SFTP", "owner": "Teamlead ops", "due_date": "2026-12-15"}],
    }, role=STAFF)
    assert evaluated.status == 201, evaluated.body
    assert evaluated.json()["status"] == "closed"

    one = client.get(f"breaches/{bid}", role=OPS).json()
    assert one["status"] == "closed"
    assert len(one["assessments"]) == 1 and one["decision"]["outcome"] == "notify_authority_and_subjects"
    assert [n["target"] for n in one["notifications"]] == ["authority", "clients", "subjects", "authority"]
    assert one["evaluation"]["measures"][0]["due_date"] == "2026-12-15"
    assert one["authority_notification_late"] is False

    listed = client.get("breaches", role=STAFF, params={"group": "closed"}).json()
    assert [b["id"] for b in listed["items"]] == [bid]
    assert client.get("breaches", role=STAFF, params={"group": "open"}).json()["items"] == []

    # Every step left an audit event (ids only), and the chain holds.
    with deps.store.connect() as conn:
        actions = [r.action for r in conn.execute(
            select(audit_events.c.action).where(audit_events.c.object_id == bid).order_by(audit_events.c.seq))]
        assert verify_chain(conn).ok
        assert conn.execute(select(func.count()).select_from(audit_events)).scalar() >= len(actions)
    for step in ("breach.reported", "breach.assessed", "breach.decided", "breach.authority_report_viewed",
                 "breach.notified", "breach.evaluated", "breach.viewed"):
        assert step in actions
    details = " ".join(str(r) for r in _details(deps, bid))
    assert "example.nl" not in details and "Interpulse" not in details

    # Telemetry: plain event names, ids only.
    events = [rec for rec in caplog.records if rec.name == "privacy.events"]
    names = {rec.getMessage() for rec in events}
    assert {"Privacy.BreachRegistered", "Privacy.BreachAssessed", "Privacy.BreachDecided",
            "Privacy.BreachNotificationRecorded", "Privacy.BreachEvaluated",
            "Privacy.BreachAuthorityReportPrepared"} <= names
    assert not any("example.nl" in str(rec.__dict__) for rec in events)


def _details(deps, bid):
    with deps.store.connect() as conn:
        return [r.details for r in conn.execute(select(audit_events.c.details).where(audit_events.c.object_id == bid))]


def test_a_register_only_breach_is_closed_without_notifications_and_stays_in_the_register(client, deps, clock):
    body = intake_body(clock.at - timedelta(hours=1))
    bid = client.post("breaches", body, role=STAFF).json()["id"]
    low = {"dpc": 1, "ei": 0.25, "cb_confidentiality": 0, "cb_integrity": 0, "cb_availability": 0,
           "malicious": False}
    a = client.post(f"breaches/{bid}/assessment", low, role=STAFF).json()
    assert a["outcome"] == "register_only" and a["notify_authority"] is False
    assert "Alleen registratie" in a["notify_authority_reasoning"]
    assert client.post(f"breaches/{bid}/decision", {}, role=OFFICER).status == 201
    closed = client.post(f"breaches/{bid}/evaluation", {"lessons_learned": "Geen verdere actie."}, role=OFFICER)
    assert closed.status == 201, closed.body
    reg = client.get("breaches/register", role=OFFICER).json()
    assert [r["id"] for r in reg["items"]] == [bid]
    assert reg["items"][0]["outcome"] == "register_only"
    assert reg["items"][0]["authority_notified_at"] is None


def test_reassessment_keeps_history_and_the_officer_overrides_with_a_reason(client, deps, clock):
    bid = client.post("breaches", intake_body(clock.at - timedelta(hours=2)), role=STAFF).json()["id"]
    client.post(f"breaches/{bid}/assessment", strong_assessment(), role=STAFF)
    second = dict(strong_assessment(), data_unintelligible=True)
    a2 = client.post(f"breaches/{bid}/assessment", second, role=OFFICER).json()
    assert a2["outcome"] == "notify_authority" and "art. 34 lid 3 onder a" in a2["notify_subjects_reasoning"]

    override = client.post(f"breaches/{bid}/decision",
                           {"outcome": "notify_authority_and_subjects", "reason": "Sleutel mogelijk ook gelekt"},
                           role=OFFICER)
    assert override.status == 201, override.body
    d = override.json()
    assert d["overridden"] is True and d["subjects_channel"] == "individual"

    one = client.get(f"breaches/{bid}", role=STAFF).json()
    assert [x["outcome"] for x in one["assessments"]] == ["notify_authority_and_subjects", "notify_authority"]
    assert one["decision"]["assessment_id"] == one["assessments"][1]["id"]
    assert one["decision"]["reason"] == "Sleutel mogelijk ook gelekt"
    with deps.store.connect() as conn:
        details = conn.execute(select(audit_events.c.details).where(
            audit_events.c.object_id == bid, audit_events.c.action == "breach.decided")).scalar()
    assert details["overridden"] is True


def test_late_first_notification_needs_reasons_and_the_report_shows_them(client, deps, clock):
    aware = clock.at - timedelta(hours=80)
    bid = client.post("breaches", intake_body(aware), role=STAFF).json()["id"]
    client.post(f"breaches/{bid}/assessment", strong_assessment(), role=STAFF)
    report = client.get(f"breaches/{bid}/authority-report", role=OFFICER).json()
    assert report["late"] is True and report["sections"][-1]["key"] == "delay"
    assert report["sections"][-1]["answers"][0]["answer"].startswith("Nog in te vullen")

    body = {"target": "authority", "authority_reference": "AP-9"}
    refused = client.post(f"breaches/{bid}/notifications", body, role=OFFICER)
    assert refused.status == 422
    assert refused.json()["errors"][0]["field"] == "delay_reasons"
    assert client.get(f"breaches/{bid}", role=OFFICER).json()["notifications"] == []

    ok = client.post(f"breaches/{bid}/notifications", dict(body, delay_reasons="Onderzoek forensisch bureau"),
                     role=OFFICER)
    assert ok.status == 201 and ok.json()["late"] is True
    report = client.get(f"breaches/{bid}/authority-report", role=OFFICER).json()
    delay = report["sections"][-1]
    assert delay["title"] == "Redenen vertraging" and delay["answers"][0]["answer"] == "Onderzoek forensisch bureau"


def test_a_notification_exactly_at_the_deadline_is_in_time(client, deps, clock):
    aware = clock.at - timedelta(hours=72)
    bid = client.post("breaches", intake_body(aware), role=STAFF).json()["id"]
    ok = client.post(f"breaches/{bid}/notifications", {"target": "authority", "authority_reference": "AP-1"},
                     role=OFFICER)
    assert ok.status == 201, ok.body
    assert ok.json()["late"] is False


def test_public_communication_and_voluntary_subject_notice(client, deps, clock):
    bid = client.post("breaches", intake_body(clock.at - timedelta(hours=1)), role=STAFF).json()["id"]
    public = client.post(f"breaches/{bid}/notifications",
                         {"target": "public", "reason": "Geen adressen bekend", "channel": "www.incassotool.nl"},
                         role=OFFICER)
    assert public.status == 201, public.body
    voluntary = client.post(f"breaches/{bid}/notifications",
                            {"target": "subjects", "reason": "Uit zorgvuldigheid"}, role=OFFICER)
    assert voluntary.status == 201, voluntary.body
    with deps.store.connect() as conn:
        kinds = sorted(r.recipient_kind for r in conn.execute(select(outbox).where(outbox.c.related_id == bid)))
    assert kinds == ["public", "subject"]


def test_list_is_newest_first_and_filters_by_status(client, deps, clock):
    first = client.post("breaches", intake_body(clock.at - timedelta(hours=3)), role=STAFF).json()["id"]
    clock.advance(timedelta(minutes=5))
    second = client.post("breaches", intake_body(clock.at - timedelta(hours=9)), role=OPS).json()["id"]
    client.post(f"breaches/{first}/assessment", strong_assessment(), role=STAFF)
    everything = client.get("breaches", role=OPS).json()
    assert [b["id"] for b in everything["items"]] == [second, first]
    assessed = client.get("breaches", role=OPS, params={"status": "assessed"}).json()
    assert [b["id"] for b in assessed["items"]] == [first]
    bad = client.get("breaches", role=OPS, params={"status": "lost"})
    assert bad.status == 422 and bad.json()["errors"][0]["field"] == "status"


def test_due_date_of_measures_is_a_date(client, deps, clock):
    # A measure's due date is a legal-calendar date, given and returned as YYYY-MM-DD.
    bid = client.post("breaches", intake_body(clock.at - timedelta(hours=1)), role=STAFF).json()["id"]
    client.post(f"breaches/{bid}/assessment", {"dpc": 1, "ei": 0.25, "cb_confidentiality": 0, "cb_integrity": 0,
                                               "cb_availability": 0, "malicious": False}, role=STAFF)
    client.post(f"breaches/{bid}/decision", {}, role=OFFICER)
    due = (clock.at.date() + timedelta(days=30)).isoformat()
    out = client.post(f"breaches/{bid}/evaluation", {
        "lessons_learned": "x", "measures": [{"description": "d", "owner": "o", "due_date": due}]}, role=STAFF)
    assert out.json()["measures"][0]["due_date"] == due
    assert date.fromisoformat(due) > clock.at.date()
    assert datetime.fromisoformat(out.json()["closed_at"]) == clock.at.astimezone(UTC)
