"""Every HTTP route, its method and the roles allowed: one table, the only place for these facts.

The key is the function name. A test proves that every registered HTTP function has a row
here and that every row is registered, and tries each with bad tokens and wrong roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.identity.roles import Role

# Short names keep the table readable.
O, S, P, C, U = Role.OFFICER, Role.STAFF, Role.OPS, Role.CLIENT, Role.SUBJECT  # noqa: E741


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # without the /api prefix
    roles: frozenset[Role]
    summary: str
    public: bool = False


def r(method: str, path: str, roles: tuple[Role, ...], summary: str) -> Route:
    return Route(method, path, frozenset(roles), summary)


def public(method: str, path: str, summary: str) -> Route:
    return Route(method, path, frozenset(), summary, public=True)


ROUTES: dict[str, Route] = {
    # Service
    "health": public("GET", "health", "Liveness and database check"),
    "openapi": public("GET", "openapi.json", "This OpenAPI document"),
    # Data subject requests
    "dsar_create": r("POST", "dsar", (O, S, C, U), "Take in a data subject request"),
    "dsar_list": r("GET", "dsar", (O, S, C, U), "List requests within the caller's reach"),
    "dsar_get": r("GET", "dsar/{id}", (O, S, C, U), "One request with its deadlines and history"),
    "dsar_verify": r("POST", "dsar/{id}/verify", (O, S, C), "Record the identity verification"),
    "dsar_decision": r("POST", "dsar/{id}/decision", (O, S, C), "The controller's decision on admissibility"),
    "dsar_extend": r("POST", "dsar/{id}/extend", (O, S, C), "Extend by two months (Art. 12(3))"),
    "dsar_complete": r("POST", "dsar/{id}/complete", (O, S, C), "Execute and answer the request"),
    "dsar_reject": r("POST", "dsar/{id}/reject", (O, S, C), "Refuse the request with reasons (Art. 12(4)/(5))"),
    "dsar_export": r("GET", "dsar/{id}/export", (O, S, C, U), "The Art. 15/20 package"),
    "dsar_letters": r("GET", "dsar/{id}/letters", (O, S, C, U), "A request's letters, as the caller may read them"),
    "dsar_restriction_get": r("GET", "dsar/{id}/restriction", (O, S, C), "The restriction of a request (Art. 18)"),
    "dsar_restriction_notice": r("POST", "dsar/{id}/restriction/notice", (O, S, C),
                                 "Tell the subject the restriction will be lifted (Art. 18(3))"),
    "dsar_restriction_lift": r("POST", "dsar/{id}/restriction/lift", (O, S, C),
                               "Lift the restriction, by a decision, after the notice"),
    "dsar_doubt": r("POST", "dsar/{id}/doubt", (O, S, C),
                    "Record a reasonable doubt about the requester's identity (Art. 12(6)); the clock pauses"),
    "dsar_information": r("POST", "dsar/{id}/information", (O, S, C),
                          "The information a doubt asked for arrived; the clock runs again"),
    "dsar_objection_decision": r("POST", "dsar/{id}/objection/decision", (O, S, C),
                                 "Decide an objection (Art. 21): compelling grounds override, or stop and erase"),
    # The subject's own data
    "me_data_get": r("GET", "me/data", (U,), "The signed-in subject's own data"),
    "me_data_patch": r("PATCH", "me/data", (U,), "Rectify the subject's own data (Art. 16)"),
    "me_email_confirm": r("POST", "me/email-confirmation", (U,),
                          "Confirm a new e-mail address by signing in with it"),
    "me_erasure": r("POST", "me/erasure", (U,), "Ask for erasure of the subject's own data (Art. 17)"),
    "me_consent_withdraw": r("POST", "me/consent/withdraw", (U,), "Withdraw the prospect's consent (Art. 7(3))"),
    "consent_withdraw": r("POST", "consents/withdraw", (O, S), "Record a prospect's withdrawal of consent"),
    "consent_record": r("POST", "consents", (O, S), "Record a prospect's consent with its proof (Art. 7(1))"),
    # Breaches
    "breach_create": r("POST", "breaches", (O, S, P), "Report a personal data breach"),
    "breach_list": r("GET", "breaches", (O, S, P), "List breaches"),
    "breach_register": r("GET", "breaches/register", (O, S), "The breach register (Art. 33(5))"),
    "breach_get": r("GET", "breaches/{id}", (O, S, P), "One breach with its assessments and notifications"),
    "breach_assess": r("POST", "breaches/{id}/assessment", (O, S), "Assess the risk (ENISA, EDPB)"),
    "breach_decide": r("POST", "breaches/{id}/decision", (O,), "The FG's decision on notification"),
    "breach_authority_report": r("GET", "breaches/{id}/authority-report", (O, S), "The AP form answers, in Dutch"),
    "breach_notify": r("POST", "breaches/{id}/notifications", (O,), "Record a notification sent"),
    "breach_client_update": r("POST", "breaches/{id}/clients/{client_id}", (O, S),
                              "An affected client's AP reference, or its mandate to file for it"),
    "breach_evaluate": r("POST", "breaches/{id}/evaluation", (O, S), "Lessons learned and follow-up measures"),
    # Retention
    "retention_policies": r("GET", "retention/policies", (O, S), "The retention policies"),
    "retention_policy_update": r("PUT", "retention/policies/{id}", (O,), "Change a policy (versioned)"),
    "retention_preview": r("GET", "retention/preview", (O, S, P), "What the next sweep would do"),
    "retention_runs": r("GET", "retention/runs", (O, S, P), "Sweep runs"),
    "retention_run_get": r("GET", "retention/runs/{id}", (O, S, P), "One sweep run with its evidence"),
    "time_barred_claims": r("GET", "retention/claims", (O, S, C),
                            "Open claims past their limitation, reported to the client (the creditor)"),
    "time_barred_claim_decide": r("POST", "retention/claims/{id}/decision", (O, S, C),
                                  "The creditor's decision on a time-barred claim: write off or keep pursuing"),
    "legal_hold_create": r("POST", "legal-holds", (O, S), "Place a legal hold"),
    "legal_holds": r("GET", "legal-holds", (O, S), "List legal holds"),
    "legal_hold_lift": r("DELETE", "legal-holds/{id}", (O,), "Lift a legal hold"),
    # Exits
    "exit_create": r("POST", "exits", (O, S, C), "Give notice for a client"),
    "exit_list": r("GET", "exits", (O, S, C), "List exits within the caller's reach, newest first"),
    "exit_get": r("GET", "exits/{id}", (O, S, C), "One exit"),
    "exit_update": r("PATCH", "exits/{id}", (O, S, C), "Change the choice before the effective date"),
    "exit_cancel": r("POST", "exits/{id}/cancel", (O, S, C), "Cancel before the effective date"),
    "exit_export": r("GET", "exits/{id}/export", (O, S, C), "The client's export (zip of CSV and JSON)"),
    "viewer_accounts": r("GET", "viewer-accounts", (O, S, C),
                         "Viewer accounts with this year's fee invoice (a client admin: its own)"),
    "client_viewer_account": r("GET", "clients/{client_id}/viewer-account", (O, S, C),
                               "The client's viewer account with this year's fee invoice"),
    "viewer_account_renew": r("POST", "viewer-accounts/{client_id}/renew", (O, S, C), "Renew for a year"),
    # Backups
    "backups": r("GET", "backups", (O, P), "Backup snapshots"),
    "backup_get": r("GET", "backups/{id}", (O, P), "One snapshot's manifest"),
    "backup_verify": r("POST", "backups/{id}/verify", (O, P), "Verify a snapshot's checksums"),
    # Register
    "register_activities": r("GET", "register/activities", (O, S), "Processing activities (Art. 30)"),
    "register_activity_create": r("POST", "register/activities", (O,), "Add a processing activity"),
    "register_activity_update": r("PUT", "register/activities/{id}", (O,), "Change an activity (versioned)"),
    "register_processors": r("GET", "register/processors", (O, S), "Third parties (processors)"),
    "register_processor_create": r("POST", "register/processors", (O,), "Add a processor"),
    "register_processor_update": r("PUT", "register/processors/{id}", (O,), "Change a processor (versioned)"),
    "register_data_map": r("GET", "register/data-map", (O, S), "The data map"),
    "register_export": r("GET", "register/export", (O, S), "Export the register (json, csv, html)"),
    # The FG's instruments
    "dpia_vocabulary": r("GET", "dpias/criteria", (O, S), "The AP's DPIA list and the EDPB criteria"),
    "dpia_list": r("GET", "dpias", (O, S), "The DPIA register"),
    "dpia_create": r("POST", "dpias", (O,), "Record a DPIA (screening, risks, outcome)"),
    "dpia_get": r("GET", "dpias/{id:guid}", (O, S), "One DPIA"),
    "dpia_update": r("PUT", "dpias/{id:guid}", (O,), "Change a DPIA (versioned)"),
    "complaint_list": r("GET", "complaints", (O, S), "The complaint log"),
    "complaint_create": r("POST", "complaints", (O, S), "Log a complaint"),
    "complaint_update": r("PATCH", "complaints/{id}", (O, S), "Handle a complaint; the AP's involvement"),
    "statistics": r("GET", "statistics", (O, S), "A year's figures: requests, breaches, sweeps, complaints, DPIAs"),
    # One client as controller
    "client_instructions": r("GET", "clients/{client_id}/instructions", (O, C),
                             "The controller's instructions to Incassotool (Art. 28(3)(a))"),
    "client_retention": r("GET", "clients/{client_id}/retention", (O, S, C),
                          "The client's own retention periods for its files, within the legal floors"),
    "client_retention_update": r("PUT", "clients/{client_id}/retention/{policy_id}", (O, S, C),
                                 "Set the client's own period for one policy (versioned)"),
    "client_processor_record": r("GET", "clients/{client_id}/processor-record", (O, S, C),
                                 "The processor record for this client (Art. 30(2))"),
}

# Reads of personal data that the HTTP layer audits itself (shared/http/access_audit.py); the other
# reads audit in their service (dsar.read, me.data_read, exports, register.exported).
AUDITED_READS = frozenset({
    "exit_list", "exit_get", "viewer_accounts", "client_viewer_account", "retention_runs", "retention_run_get",
    "backups", "backup_get",
    "register_activities", "register_processors", "register_data_map",
})
