"""The retention policies as data: one per retention id of the data map.

The defaults live here; an officer's change is stored (shared/retention/tables.py) and versioned.
Design choices (the law leaves them open; docs/domain.md), each configurable within its legal floor:
- collection_file_closed: 5 years after closing for every closed file. Consumer files must be kept
  at least 2 years (Wki, Bki art. 5.1): that is the floor. We keep 5 because a debtor, consumer or
  business, can still claim against the collection (undue costs, wrong payments) for 5 years
  (BW 3:307, 3:310), and one period for all files keeps the rule checkable.
- open_claim: the limitation of the claim (BW 3:307: 5 years; restarted by a reminder, an
  acknowledgement or a payment, BW 3:317-3:319; proceedings, 3:316; a judgment 20 years, 3:324).
  Once it has passed nothing is deleted: the client (the creditor) is asked and decides.
- ex_client_liability: 5 years after the relationship ended.
- account_logs: 12 months after the login (security investigations need a year of history).
- staff_records: 2 years after employment ended (labour disputes, references); the staff row
  stays, pseudonymised, because contact registrations refer to it.
- debtor_without_files: a debtor with no dossiers left, 3 months after it was created (so a debtor
  being entered before its first dossier is not swept away).
- prospect_consent: at once when no consent holds any more (expired or withdrawn).
- active_client: nothing is due while the relationship is active.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Action(StrEnum):
    # The data map's strategy (erase_rows): delete the rows of DELETE tables (anonymise those other
    # rows still point at), pseudonymise/null the columns of tables the map keeps (clients, staff).
    DELETE = "delete"
    PSEUDONYMISE = "pseudonymise"  # keep every row; pseudonymise/null its personal columns


@dataclass(frozen=True)
class Policy:
    id: str
    trigger: str  # the event the period runs from (English, for the register and the API)
    trigger_nl: str
    period_months: int | None  # None: no period (nothing is due under this policy)
    action: Action
    enabled: bool
    legal_basis: str
    min_period_months: int = 0  # the legal floor: an officer cannot go below it
    version: int = 1
    # Each client's own period for its files, where it set one: ((client_id, months), ...).
    client_periods: tuple[tuple[int, int], ...] = ()
    period_days: int | None = None  # the suite's own short-lived records count in days (a fixed period)

    def changed(self, **values: object) -> Policy:
        return replace(self, **values)  # type: ignore[arg-type]

    def own_period_of(self, client_id: int | None) -> int | None:
        """The period a client set for its own files under this policy, or None."""
        return dict(self.client_periods).get(client_id) if client_id is not None else None

    def for_client(self, client_id: int | None) -> Policy:
        """The policy as it applies to one client's files: its own period where it set one."""
        own = self.own_period_of(client_id)
        return self.changed(period_months=own) if own is not None else self


DEFAULT_POLICIES: dict[str, Policy] = {p.id: p for p in (
    Policy("active_client", "while the client relationship is active", "zolang de klantrelatie loopt",
           None, Action.DELETE, True, "AVG art. 6(1)(b): uitvoering van de overeenkomst"),
    Policy("ex_client_liability", "end of the client relationship (clients.relationship_ended_on)",
           "het einde van de klantrelatie", 60, Action.DELETE, True,
           "gerechtvaardigd belang: aansprakelijkheidspositie (BW 3:307, 3:310)"),
    Policy("fiscal_7y", "end of the record's calendar year (issued_on, paid_on)",
           "het einde van het boekjaar van het stuk", 84, Action.DELETE, True,
           "fiscale bewaarplicht, art. 52 lid 4 AWR", min_period_months=84),
    Policy("account_logs", "the login (occurred_at)", "het inloggen", 12, Action.DELETE, True,
           "gerechtvaardigd belang: beveiliging en onderzoek van incidenten"),
    Policy("debtor_without_files", "no dossier left for the debtor (debtors.created_at)",
           "de registratie van een debiteur zonder dossier", 3, Action.DELETE, True,
           "dataminimalisatie, AVG art. 5(1)(c) en (e)"),
    Policy("collection_file_closed", "closing of the file (dossiers.closed_on; paid, closed, written off)",
           "het sluiten van het incassodossier", 60, Action.DELETE, True,
           "Wki / Bki art. 5.1 (minimaal 2 jaar); verjaring BW 3:307", min_period_months=24),
    Policy("open_claim", "the claim falling due, or the last reminder, letter, acknowledgement, payment or end of "
           "proceedings (a judgment: 20 years); then the client decides (shared/retention/claims.py)",
           "de vervaldatum of de laatste aanmaning, erkenning, betaling of het einde van een procedure",
           60, Action.DELETE, True, "verjaring en stuiting: BW 3:307, 3:316 t/m 3:319, 3:324",
           min_period_months=60),
    Policy("prospect_consent", "end of the last consent (valid_until passed, or withdrawn_at)",
           "het einde van de laatste toestemming", 0, Action.DELETE, True, "toestemming, AVG art. 6(1)(a) en 7(3)"),
    Policy("staff_records", "end of employment (staff.employed_until)", "het einde van het dienstverband", 24,
           Action.DELETE, True, "gerechtvaardigd belang: arbeidsrechtelijke geschillen"),
)}

# The suite's own records (shared/retention/own_records.py): request records 5 years after closing,
# as long as the AP can still fine a violation (Awb 5:45) or ask how a request was handled; the
# outbox's addresses and texts 30 days after queueing; access packages 30 days after closing.
OWN_POLICIES: dict[str, Policy] = {p.id: p for p in (
    Policy("dsar_records", "closing of the request (dsar_requests.closed_at)", "het afsluiten van het verzoek",
           60, Action.PSEUDONYMISE, True,
           "verantwoordingsplicht, AVG art. 5(2); de AP kan tot 5 jaar na een overtreding een boete opleggen "
           "(Awb 5:45)", min_period_months=12),
    Policy("letters_outbox", "queueing of the letter (outbox.created_at)", "het klaarzetten van de brief", None,
           Action.PSEUDONYMISE, True, "dataminimalisatie, AVG art. 5(1)(c) en (e)", period_days=30),
    Policy("access_packages", "closing of the request (dsar_requests.closed_at)", "het afsluiten van het verzoek",
           None, Action.DELETE, True, "dataminimalisatie, AVG art. 5(1)(e); bij wissing van de betrokkene direct",
           period_days=30),
)}
OWN_ORDER = tuple(OWN_POLICIES)


# The policies of a client's own files (its debtors' data): the client, as controller, may set its
# own period within the legal floor. The fiscal duty and Incassotool's own relations are not its call.
CLIENT_SETTABLE = ("collection_file_closed", "open_claim", "debtor_without_files")

# Children before parents, so one run can finish a chain: payments under fiscal_7y go before
# the closed dossier they kept, and the dossiers before the debtor left without files. open_claim
# deletes nothing and comes before fiscal_7y: its limitation still sees the payments that restarted it.
SWEEP_ORDER = ("account_logs", "open_claim", "fiscal_7y", "prospect_consent", "collection_file_closed",
               "debtor_without_files", "ex_client_liability", "staff_records", "active_client")


def statement_nl(p: Policy) -> str:
    """What the policy keeps, as the Art. 15 letter and the register say it: from its live values."""
    from shared.nl import days_nl, period_nl

    if p.period_days is not None:
        text = f"{days_nl(p.period_days)} na {p.trigger_nl}, daarna {ENDING_NL.get(p.id, ACTION_NL[p.action])}"
    elif p.period_months is None:
        text = p.trigger_nl
    elif p.period_months == 0:
        text = f"tot {p.trigger_nl}, daarna verwijderd"
    elif p.id in ASKS_CONTROLLER:
        text = (f"{period_nl(p.period_months)} na {p.trigger_nl} (na een vonnis 20 jaar); daarna beslist de cliënt "
                "als schuldeiser of de vordering wordt afgeboekt, en pas dan geldt de termijn voor gesloten dossiers")
    else:
        text = f"{period_nl(p.period_months)} na {p.trigger_nl}, daarna {ENDING_NL.get(p.id, ACTION_NL[p.action])}"
    text += f" ({p.legal_basis})"
    if not p.enabled:
        text += "; dit bewaarbeleid staat tijdelijk uit: er wordt nu niets op grond van verwijderd"
    return text


# Policies whose end the sweep does not apply itself: it asks the controller (shared/retention/open_claims.py).
ASKS_CONTROLLER = ("open_claim",)
ACTION_NL = {Action.DELETE: "verwijderd", Action.PSEUDONYMISE: "onherkenbaar gemaakt"}
# What happens, where the action's word says too little (the suite's own records).
ENDING_NL = {"dsar_records": "teruggebracht tot kenmerken, data en de uitkomst (zonder persoonsgegevens)",
             "letters_outbox": "worden het adres en de tekst verwijderd; soort, onderwerp en datum blijven"}


def validate_client_period(current: Policy, period_months: int) -> list[dict[str, str]]:
    """The field errors of a client's own period for one of its policies."""
    if current.id not in CLIENT_SETTABLE:
        return [{"field": "policy_id", "message": "a client sets only the periods of its own files: "
                 + ", ".join(CLIENT_SETTABLE)}]
    if period_months < current.min_period_months:
        return [{"field": "period_months", "message": f"below the legal minimum of {current.min_period_months} "
                 f"months ({current.legal_basis})"}]
    return []


def validate_change(current: Policy, period_months: int | None, action: Action | None) -> list[dict[str, str]]:
    """The field errors of an officer's change (empty when it may be applied)."""
    errors = []
    if period_months is not None and current.period_days is not None:
        errors.append({"field": "period_months", "message": f"this policy counts {current.period_days} days, "
                       "a fixed period (docs/lifecycles.md)"})
    elif period_months is not None:
        if current.period_months is None:
            errors.append({"field": "period_months", "message": "this policy has no period"})
        elif period_months < current.min_period_months:
            errors.append({"field": "period_months",
                           "message": f"below the legal minimum of {current.min_period_months} months"})
    if action is not None and current.id in OWN_POLICIES and action != current.action:
        errors.append({"field": "action", "message": "what happens to the suite's own records is fixed"})
    elif action is not None and current.period_months is None and action != current.action:
        errors.append({"field": "action", "message": "nothing is erased under this policy"})
    return errors
