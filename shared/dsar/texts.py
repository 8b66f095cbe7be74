"""Dutch texts for subjects and clients about data subject requests.

Texts name dates, counts and categories, never other people's data. Each function returns
(subject line, body).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shared.datamap.model import LEGAL_DUTY_TEXT_NL, DataMap
from shared.nl import (
    CATEGORY_NL,
    REMEDIES_NL,
    SIGNATURE,
    category_label,
    column_label,
    fg_contact_sentence,
    signature,
    table_label,
)
from shared.nl import date_nl as d
from shared.nl import moment_nl as ts

TYPE_NL = {
    "access": "inzage (art. 15 AVG)",
    "rectification": "correctie (art. 16 AVG)",
    "erasure": "verwijdering (art. 17 AVG)",
    "restriction": "beperking van de verwerking (art. 18 AVG)",
    "portability": "overdraagbaarheid van gegevens (art. 20 AVG)",
    "objection": "bezwaar (art. 21 AVG)",
}

GROUND_NL = {
    "manifestly_unfounded": "het verzoek is kennelijk ongegrond (art. 12 lid 5 AVG)",
    "excessive": "het verzoek is buitensporig, met name door het repetitieve karakter (art. 12 lid 5 AVG)",
    "controller_decision": "de verwerkingsverantwoordelijke (onze cliënt) heeft het verzoek niet-ontvankelijk "
                           "verklaard",
    "identity_not_established": "wij konden uw identiteit niet vaststellen (art. 12 lid 6 AVG)",
    "no_art17_ground": "geen van de gronden voor verwijdering van art. 17 lid 1 AVG is van toepassing",
    "art17_3_exception": "een uitzondering van art. 17 lid 3 AVG is van toepassing (een wettelijke bewaarplicht "
                         "of de instelling, uitoefening of onderbouwing van een rechtsvordering)",
    "compelling_grounds": "er zijn dwingende gerechtvaardigde gronden voor de verwerking die zwaarder wegen dan "
                          "uw belangen (art. 21 lid 1 AVG)",
    "rights_of_others": "inwilliging zou afbreuk doen aan de rechten en vrijheden van anderen (art. 15 lid 4 AVG)",
    "statutory_limit": "een wettelijke beperking van uw recht is van toepassing (art. 23 AVG en art. 41 UAVG)",
}

ART17_GROUND_NL = {
    "no_longer_necessary": "de gegevens zijn niet langer nodig voor het doel (art. 17 lid 1 sub a AVG)",
    "consent_withdrawn": "u heeft uw toestemming ingetrokken (art. 17 lid 1 sub b AVG)",
    "objection": "u heeft bezwaar gemaakt en er zijn geen zwaarwegende gronden (art. 17 lid 1 sub c AVG)",
    "unlawful": "de gegevens werden onrechtmatig verwerkt (art. 17 lid 1 sub d AVG)",
    "legal_obligation": "een wettelijke verplichting vraagt om verwijdering (art. 17 lid 1 sub e AVG)",
    "child": "de gegevens zijn verzameld bij een aanbod aan een kind (art. 17 lid 1 sub f AVG)",
}

CONTRACT_REFUSAL_NL = (
    "Niet verwijderd: uw contact- en factuurgegevens als cliënt. Uw overeenkomst met Incassotool loopt nog; "
    "deze gegevens zijn nodig om die uit te voeren (art. 6 lid 1 sub b AVG), dus geen van de gronden van "
    "art. 17 lid 1 AVG is van toepassing. Na het einde van de overeenkomst gelden de bewaartermijnen."
)

ACTIVITY_NL = {
    "collection": "het innen van vorderingen in opdracht van onze cliënten (incasso)",
    "client_administration": "de administratie en facturering van onze cliënten",
    "platform_accounts": "het beheren van accounts en toegang tot het incassoplatform",
    "support": "klantenservice en contactregistratie",
    "prospects": "contact met potentiële cliënten, met uw toestemming",
}

RIGHTS_NL = (
    "U heeft het recht om uw gegevens in te zien, te laten corrigeren of verwijderen, de verwerking te "
    "laten beperken, bezwaar te maken en uw gegevens over te laten dragen. U kunt een klacht indienen bij de "
    "Autoriteit Persoonsgegevens (www.autoriteitpersoonsgegevens.nl) en u kunt naar de rechter stappen."
)
BACKUPS_NL = (
    "Kopieën in back-ups worden niet meer gebruikt of teruggezet voor een ander doel en verlopen binnen de "
    "normale back-upcyclus. Wordt een back-up toch teruggezet, dan wordt deze verwijdering eerst opnieuw "
    "toegepast (verwijderregister) voordat de gegevens weer worden gebruikt."
)


# Processor mode: what the controller is to the subject, and how the client hears of the subject.
RELATION_NL = {
    "debtor": ("uw schuldeiser", "een van uw debiteuren"),
    "client_employee": ("de organisatie voor wie u het incassoplatform gebruikt",
                        "een van uw medewerkers (een gebruiker van het incassoplatform)"),
}


def decided_by(controller: str | None, relation: str = "debtor") -> str:
    if controller is None:
        return ""
    return (f"\n\nDit besluit is genomen door {controller}, {RELATION_NL[relation][0]} en de "
            "verwerkingsverantwoordelijke voor uw gegevens. Incassotool verwerkt uw gegevens in diens opdracht "
            "(art. 28 AVG) en stuurt u deze brief namens hen.")


def _greeting(name: str | None) -> str:
    return f"Beste {name}," if name else "Geachte heer, mevrouw,"


def acknowledgement(kind: str, name: str | None, ref: str, received: date, due: date) -> tuple[str, str]:
    return (f"Ontvangstbevestiging verzoek {TYPE_NL[kind]}",
            f"{_greeting(name)}\n\nWij hebben uw verzoek om {TYPE_NL[kind]} ontvangen op {d(received)} "
            f"(kenmerk {ref}). U krijgt uiterlijk op {d(due)} antwoord.\n\n{SIGNATURE}")


def forward_to_client(kind: str, ref: str, received: date, due: date, relation: str = "debtor") -> tuple[str, str]:
    who = RELATION_NL[relation][1]
    return (f"Verzoek van een betrokkene: {TYPE_NL[kind]} (kenmerk {ref})",
            f"Geachte cliënt,\n\n{who[0].upper()}{who[1:]} heeft een verzoek om "
            f"{TYPE_NL[kind]} gedaan, ontvangen op {d(received)}. U bent de verwerkingsverantwoordelijke; "
            "Incassotool verwerkt deze gegevens in uw opdracht (art. 28 AVG) en helpt u het verzoek uit te "
            "voeren. Wilt u in het privacyportaal beslissen of het verzoek ontvankelijk is? Uw wettelijke termijn "
            f"eindigt op {d(due)}; een trage verwerker verlengt die termijn niet.\n\n{SIGNATURE}")


def extension(kind: str, name: str | None, ref: str, reason: str, old_due: date, new_due: date,
              controller: str | None = None, relation: str = "debtor") -> tuple[str, str]:
    return (f"Verlenging van de termijn voor uw verzoek (kenmerk {ref})",
            f"{_greeting(name)}\n\nUw verzoek om {TYPE_NL[kind]} vraagt meer tijd. Wij verlengen de termijn "
            f"daarom met twee maanden (art. 12 lid 3 AVG), van {d(old_due)} tot uiterlijk {d(new_due)}.\n\n"
            f"Reden: {reason}{decided_by(controller, relation)}\n\n{RIGHTS_NL}\n\n{signature(controller)}")


def rejection(kind: str, name: str | None, ref: str, ground: str, reason: str,
              controller: str | None = None, relation: str = "debtor") -> tuple[str, str]:
    return (f"Besluit op uw verzoek (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij kunnen uw verzoek om {TYPE_NL[kind]} niet inwilligen: {GROUND_NL[ground]}."
            f"\n\nToelichting: {reason}{decided_by(controller, relation)}\n\n{REMEDIES_NL}\n\n{signature(controller)}")


WAITING_NL = {
    "awaiting_verification": "de identiteit van de betrokkene is nog niet vastgesteld",
    "awaiting_controller": "uw besluit over de ontvankelijkheid ontbreekt nog",
    "in_progress": "het verzoek wordt uitgevoerd",
    "extended": "het verzoek is verlengd en wordt uitgevoerd",
    "received": "het verzoek is ontvangen",
}


def controller_reminder(kind: str, ref: str, status: str, due: date, threshold: str) -> tuple[str, str]:
    """To the client's admins: their deadline for a request about their data draws near or has passed."""
    when = ("is verstreken" if threshold == "overdue"
            else f"verloopt over {'7' if threshold == '7d' else '2'} dagen")
    return (f"Herinnering: termijn verzoek {TYPE_NL[kind]} (kenmerk {ref}) {when}",
            f"Geachte cliënt,\n\nDe wettelijke termijn voor het verzoek om {TYPE_NL[kind]} van een betrokkene "
            f"van wie Incassotool in uw opdracht gegevens verwerkt (kenmerk {ref}) {when}: uiterste datum "
            f"{d(due)}. Stand van zaken: "
            f"{WAITING_NL.get(status, status)}. U bent de verwerkingsverantwoordelijke en beslist over dit "
            "verzoek; Incassotool voert uw besluit uit. Beslis in het privacyportaal, of geef ons uw instructie "
            "per e-mail of telefoon, dan leggen wij die vast.\n\n" + SIGNATURE)


def export_ready(kind: str, name: str | None, ref: str) -> tuple[str, str]:
    what = "een kopie van uw gegevens met de informatie van art. 15 AVG" if kind == "access" else \
        "de gegevens die u zelf heeft verstrekt, in JSON en CSV (art. 20 AVG)"
    return (f"Uw gegevens staan klaar (kenmerk {ref})",
            f"{_greeting(name)}\n\nU kunt {what} downloaden in het privacyportaal. De downloadlink is kort geldig "
            f"en alleen voor u. Het eerste exemplaar is kosteloos.\n\n{SIGNATURE}")


def rectified(name: str | None, ref: str, fields: list[str], recipients: list[str]) -> tuple[str, str]:
    told = ("Wij informeren ook de ontvangers van deze gegevens (art. 19 AVG): " + "; ".join(recipients) + "."
            if recipients else "Er zijn geen ontvangers die wij hierover moeten informeren.")
    return (f"Uw gegevens zijn gecorrigeerd (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij hebben de volgende gegevens gecorrigeerd: {', '.join(fields)}. {told}"
            f"\n\n{SIGNATURE}")


def payout_change(ref: str, done: bool) -> tuple[str, str]:
    if done:
        return (f"Uw uitbetalingsgegevens zijn gewijzigd (kenmerk {ref})",
                "Geachte cliënt,\n\nNa controle door onze medewerkers is het rekeningnummer (IBAN) voor uw "
                "uitbetalingen gewijzigd, zoals via het privacyportaal gevraagd. Herkent u deze wijziging niet, neem "
                f"dan direct contact met ons op.\n\n{SIGNATURE}")
    return (f"Wijziging van uw uitbetalingsgegevens aangevraagd (kenmerk {ref})",
            "Geachte cliënt,\n\nVia het privacyportaal is gevraagd het rekeningnummer (IBAN) voor uw uitbetalingen "
            "te wijzigen. Wij voeren die wijziging pas uit nadat een medewerker haar heeft gecontroleerd; tot dan "
            "blijft uw huidige rekeningnummer gelden. Heeft u dit niet gevraagd, neem dan direct contact met ons "
            f"op.\n\n{SIGNATURE}")


def confirm_new_email(request_id: str) -> tuple[str, str]:
    return ("Bevestig uw nieuwe e-mailadres",
            "Beste lezer,\n\nVia het privacyportaal is gevraagd dit e-mailadres te gebruiken in plaats van het "
            "huidige. Wij passen het pas toe nadat u het heeft bevestigd: meld u aan in het privacyportaal met dit "
            f"e-mailadres en bevestig verzoek {request_id}. Heeft u dit niet gevraagd, dan hoeft u niets te doen."
            f"\n\n{SIGNATURE}")


def rectification_to_client(ref: str, fields: list[str], relation: str = "debtor") -> tuple[str, str]:
    return (f"Correctie van gegevens (art. 19 AVG, kenmerk {ref})",
            f"Geachte cliënt,\n\nOp verzoek van {RELATION_NL[relation][1]} zijn de volgende gegevens in het "
            f"incassoplatform gecorrigeerd: {', '.join(fields)}. Werkt u deze gegevens ook bij in uw eigen "
            f"administratie.\n\n{SIGNATURE}")


def art19_to_client(kind: str, ref: str, rows: int, relation: str = "debtor") -> tuple[str, str]:
    what = {"erasure": "verwijderd (voor zover geen wettelijke bewaarplicht of lopende vordering ze bewaart)",
            "restriction": "beperkt (art. 18 AVG): ze worden alleen nog bewaard",
            "objection": "gemarkeerd wegens bezwaar (art. 21 AVG): ze worden alleen nog bewaard"}[kind]
    return (f"Uitvoering verzoek van een betrokkene (art. 19 AVG, kenmerk {ref})",
            f"Geachte cliënt,\n\nOp verzoek van {RELATION_NL[relation][1]} zijn {rows} registraties in het "
            f"incassoplatform {what}. Past u uw eigen administratie hierop aan.\n\n{SIGNATURE}")


def marked(kind: str, name: str | None, ref: str, rows: int) -> tuple[str, str]:
    what = ("De verwerking van uw gegevens is beperkt (art. 18 AVG): wij bewaren ze alleen en gebruiken ze "
            "niet anders. Voordat de beperking wordt opgeheven, laten wij het u weten."
            if kind == "restriction" else
            "Uw bezwaar is geregistreerd (art. 21 AVG). Zolang het bezwaar loopt, verwerken wij de betrokken "
            "gegevens niet verder dan bewaren.")
    return (f"Uw verzoek om {TYPE_NL[kind]} is uitgevoerd (kenmerk {ref})",
            f"{_greeting(name)}\n\n{what} Het gaat om {rows} registraties.\n\n{RIGHTS_NL}\n\n{SIGNATURE}")


def kept_reason_nl(reason: str) -> str:
    from shared.retention.kept import DUTY_NL

    return DUTY_NL.get(reason) or LEGAL_DUTY_TEXT_NL.get(reason, reason)  # type: ignore[call-overload]


def erasure_decided_nl(decision: Mapping[str, Any] | None) -> str:
    """Who decided the erasure, for the certificate: the client (controller), itself or on its
    instruction recorded by Incassotool, or Incassotool for its own relations."""
    if not decision or decision.get("basis") == "incassotool":
        return "Besluit: genomen door Incassotool, de verwerkingsverantwoordelijke voor deze gegevens."
    when = f" op {ts(datetime.fromisoformat(decision['at']))}" if decision.get("at") else ""
    text = (f"Besluit: genomen door {decision['controller']}, de verwerkingsverantwoordelijke voor deze "
            f"gegevens{when}; Incassotool heeft het als verwerker uitgevoerd (art. 28 AVG).")
    given = decision.get("instruction")
    if given:
        text += (f" Incassotool heeft het besluit vastgelegd op de instructie van {decision['controller']} "
                 f"(kenmerk {given['reference']}, {CHANNEL_NL.get(given['channel'], given['channel'])} ontvangen).")
    return text


CHANNEL_NL = {"email": "per e-mail", "phone": "telefonisch", "letter": "per brief", "portal": "via het portaal",
              "in_person": "persoonlijk"}


def erasure_certificate(ref: str, at: datetime, erased: Mapping[str, int], kept: Mapping[str, Mapping[str, int]],
                        blobs: int, ground: str | None = None, refused: list[str] | None = None,
                        decided_nl: str | None = None) -> str:
    why = f" ({ART17_GROUND_NL[ground]})" if ground else ""
    lines = [f"Verklaring van verwijdering - verzoek {ref}", "",
             f"Op {ts(at)} zijn op grond van art. 17 AVG{why} de volgende gegevens verwijderd of onherkenbaar "
             "gemaakt:"]
    lines += [f"- {CATEGORY_NL.get(c, c)}: {n} registraties" for c, n in erased.items()] or ["- geen"]
    if blobs:
        lines.append(f"- documenten (bestanden): {blobs}")
    if kept:
        lines += ["", "Bewaard, maar beperkt (alleen opgeslagen, niet anders gebruikt):"]
        for reason, cats in kept.items():
            lines.append(f"- wegens {kept_reason_nl(reason)}: "
                         + ", ".join(f"{CATEGORY_NL.get(c, c)} ({n})" for c, n in cats.items()))
    for paragraph in refused or []:
        lines += ["", paragraph]
    if decided_nl:
        lines += ["", decided_nl]
    lines += ["", BACKUPS_NL, "", "Elke verwijdering staat in ons verwijderregister (wat, wanneer, op welke "
              "grond), zonder de persoonsgegevens zelf."]
    if kept or refused:  # a partial refusal: the same routes as a whole one
        lines += ["", REMEDIES_NL]
    return "\n".join(lines)


def erased(name: str | None, ref: str, certificate: str, controller: str | None = None) -> tuple[str, str]:
    return (f"Uw gegevens zijn verwijderd (kenmerk {ref})",
            f"{_greeting(name)}\n\n{certificate}\n\n{signature(controller)}")


@dataclass(frozen=True)
class Art15Facts:
    """The live facts the Art. 15 letter states: who decides, the register's recipients by name,
    and the retention each applicable policy applies now."""

    controller: str
    recipients: list[str]
    retention: list[str]
    creditor: str | None = None  # the client's name, for the client's data (its debtor's or employee's)
    relation: str = "debtor"  # what the subject is to that client: debtor | client_employee
    consents: list[str] = field(default_factory=list)  # the proof of each consent (Art. 7(1)), in Dutch


def art15_html(ref: str, at: datetime, tables: Mapping[str, int], data_map: DataMap, facts: Art15Facts,
               restricted: int) -> str:
    """The Art. 15 information, as a Dutch HTML letter, for the tables found."""
    from shared.dsar.rules import export_columns
    from shared.dsar.status import RequestType

    used = [data_map[t] for t in tables]
    activities = sorted({a for tm in used for a in tm.activities})
    cats = sorted({c.category.value for tm in used for c in tm.columns.values() if c.category.value != "key"})
    from_subject = any(c.provided_by_subject for tm in used for c in tm.columns.values())
    e = html.escape

    def ul(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"

    def table_line(t: str, n: int) -> str:
        cols = ", ".join(column_label(t, c) for c in export_columns(t, RequestType.ACCESS))
        return f"{table_label(t)} ({n} registraties, bestand {t}): {cols}"

    source = ""
    if facts.creditor and facts.relation == "client_employee":
        source = (f"Uw gegevens als gebruiker van het incassoplatform hebben wij ontvangen van {facts.creditor}, "
                  "die uw account heeft aangemaakt.")
    elif facts.creditor:
        source = f"Uw gegevens als debiteur hebben wij ontvangen van uw schuldeiser, {facts.creditor}."
    if from_subject:
        source += " Andere gegevens heeft u zelf aan ons verstrekt."
    parts = [
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
        f"<title>Inzage persoonsgegevens {e(ref)}</title></head><body>",
        f"<h1>Inzage in uw persoonsgegevens</h1><p>Kenmerk {e(ref)}, opgesteld op {e(ts(at))}. "
        f"Verwerkingsverantwoordelijke: {e(facts.controller)}.</p>",
        "<h2>Uw gegevens</h2><p>Uw gegevens staan in dit pakket als JSON en CSV per bestand:</p>",
        ul([table_line(t, n) for t, n in tables.items()]) if tables else "<p>Wij hebben geen gegevens "
        "over u gevonden.</p>",
        (f"<p>{restricted} registraties zijn beperkt (art. 18 AVG of een wettelijke bewaarplicht): wij bewaren "
         "ze alleen. Ze staan gemarkeerd in het pakket (kolom _restricted).</p>") if restricted else "",
        "<h2>Doeleinden</h2>", ul([ACTIVITY_NL.get(a, a) for a in activities]),
        "<h2>Categorieën van gegevens</h2>", ul([category_label(c) for c in cats]),
        "<h2>Ontvangers</h2>", ul(facts.recipients) if facts.recipients else "<p>Geen.</p>",
        "<p>Wij geven geen gegevens door naar landen buiten de Europese Unie, en nooit voor commerciële "
        "doeleinden.</p>",
        "<h2>Bewaartermijnen</h2>", ul(facts.retention),
        ("<h2>Uw toestemmingen</h2>" + ul(facts.consents)) if facts.consents else "",
        "<h2>Uw rechten</h2>", f"<p>{e(RIGHTS_NL)}</p>",
        "<h2>Herkomst</h2>", f"<p>{e(source.strip() or 'U heeft de gegevens zelf aan ons verstrekt.')}</p>",
        "<h2>Geautomatiseerde besluitvorming</h2><p>Er vindt geen geautomatiseerde besluitvorming of profilering "
        "plaats (art. 22 AVG).</p>",
        f"<p>{e(fg_contact_sentence())}</p>",
        "</body></html>",
    ]
    return "".join(parts)


def lifting_notice(name: str | None, ref: str, reason: str, controller: str | None = None) -> tuple[str, str]:
    """Art. 18(3): before a restriction is lifted, the subject is told, with the reason."""
    return (f"Aankondiging: de beperking van uw gegevens wordt opgeheven (kenmerk {ref})",
            f"{_greeting(name)}\n\nOp uw verzoek is de verwerking van uw gegevens beperkt (art. 18 AVG). Wij "
            f"laten u weten dat deze beperking wordt opgeheven (art. 18 lid 3 AVG).\n\nReden: {reason}\n\n"
            f"Daarna worden uw gegevens weer gewoon verwerkt voor de doelen waarvoor ze zijn verzameld. "
            f"{REMEDIES_NL}\n\n{signature(controller)}")


def consent_proof_nl(purpose: str, channel: str, given_at: datetime, valid_until: date, text_version: str,
                     text_sha256: str, withdrawn_at: datetime | None, withdrawal_channel: str | None) -> str:
    """One consent as the Art. 15 letter states its proof: what, how, when, the text, and its end."""
    how = CONSENT_CHANNEL_NL.get(channel, channel)
    text = (f"tekstversie {text_version} (SHA-256 {text_sha256[:12]}…)" if text_sha256
            else "de tekst die u zag is niet vastgelegd (toestemming van vóór de bewijsregistratie)")
    end = (f"ingetrokken op {ts(withdrawn_at)} ({CONSENT_CHANNEL_NL.get(withdrawal_channel or '', '')})"
           if withdrawn_at else f"geldig tot en met {d(valid_until)}")
    return f"{purpose}: gegeven op {ts(given_at)} via {how}, {text}; {end}"


CONSENT_CHANNEL_NL = {
    "web_form": "het webformulier", "phone": "de telefoon", "email": "e-mail", "event": "een evenement",
    "letter": "een brief", "portal": "het portaal", "unrecorded": "een niet vastgelegd kanaal",
}
