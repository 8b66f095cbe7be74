"""Dutch texts for subjects and clients about data subject requests.

Texts name dates, counts and categories, never other people's data. Each function returns
(subject line, body).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime

from shared.datamap.model import LEGAL_DUTY_TEXT_NL, DataMap
from shared.nl import CATEGORY_NL, SIGNATURE
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
    "controller_decision": "de verwerkingsverantwoordelijke (uw schuldeiser, onze cliënt) heeft het verzoek "
                           "niet-ontvankelijk verklaard",
    "identity_not_established": "wij konden uw identiteit niet vaststellen (art. 12 lid 6 AVG)",
}

ACTIVITY_NL = {
    "collection": "het innen van vorderingen in opdracht van onze cliënten (incasso)",
    "client_administration": "de administratie en facturering van onze cliënten",
    "platform_accounts": "het beheren van accounts en toegang tot het incassoplatform",
    "support": "klantenservice en contactregistratie",
    "prospects": "contact met potentiële cliënten, met uw toestemming",
}

RETENTION_NL = {
    "active_client": "zolang de klantrelatie loopt",
    "ex_client_liability": "5 jaar na het einde van de klantrelatie (aansprakelijkheidspositie)",
    "fiscal_7y": "7 jaar (fiscale bewaarplicht, art. 52 lid 4 AWR), tot het einde van het 7e kalenderjaar",
    "account_logs": "een beperkte termijn voor beveiliging van accounts",
    "debtor_without_files": "zolang er een dossier over u loopt, daarna verwijderd",
    "collection_file_closed": "ten minste 2 jaar na sluiting van het incassodossier (Besluit Wki)",
    "open_claim": "zolang de vordering openstaat; elke schriftelijke aanmaning stuit de verjaring (BW 3:317)",
    "prospect_consent": "zolang uw toestemming geldt; verwijderd bij intrekking of verloop",
    "staff_records": "volgens de wettelijke termijnen voor personeelsgegevens",
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


def _greeting(name: str | None) -> str:
    return f"Beste {name}," if name else "Geachte heer, mevrouw,"


def acknowledgement(kind: str, name: str | None, ref: str, received: date, due: date) -> tuple[str, str]:
    return (f"Ontvangstbevestiging verzoek {TYPE_NL[kind]}",
            f"{_greeting(name)}\n\nWij hebben uw verzoek om {TYPE_NL[kind]} ontvangen op {d(received)} "
            f"(kenmerk {ref}). U krijgt uiterlijk op {d(due)} antwoord.\n\n{SIGNATURE}")


def forward_to_client(kind: str, ref: str, received: date, due: date) -> tuple[str, str]:
    return (f"Verzoek van een betrokkene: {TYPE_NL[kind]} (kenmerk {ref})",
            "Geachte cliënt,\n\nEen van uw debiteuren heeft een verzoek om "
            f"{TYPE_NL[kind]} gedaan, ontvangen op {d(received)}. U bent de verwerkingsverantwoordelijke; "
            "Incassotool verwerkt deze gegevens in uw opdracht (art. 28 AVG) en helpt u het verzoek uit te "
            "voeren. Wilt u in het privacyportaal beslissen of het verzoek ontvankelijk is? Uw wettelijke termijn "
            f"eindigt op {d(due)}; een trage verwerker verlengt die termijn niet.\n\n{SIGNATURE}")


def extension(kind: str, name: str | None, ref: str, reason: str, old_due: date, new_due: date) -> tuple[str, str]:
    return (f"Verlenging van de termijn voor uw verzoek (kenmerk {ref})",
            f"{_greeting(name)}\n\nUw verzoek om {TYPE_NL[kind]} vraagt meer tijd. Wij verlengen de termijn "
            f"daarom met twee maanden (art. 12 lid 3 AVG), van {d(old_due)} tot uiterlijk {d(new_due)}.\n\n"
            f"Reden: {reason}\n\n{RIGHTS_NL}\n\n{SIGNATURE}")


def rejection(kind: str, name: str | None, ref: str, ground: str, reason: str) -> tuple[str, str]:
    return (f"Besluit op uw verzoek (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij kunnen uw verzoek om {TYPE_NL[kind]} niet inwilligen: {GROUND_NL[ground]}."
            f"\n\nToelichting: {reason}\n\nBent u het hier niet mee eens, dan kunt u een klacht indienen bij de "
            "Autoriteit Persoonsgegevens (www.autoriteitpersoonsgegevens.nl) of u kunt zich tot de rechter wenden "
            f"(art. 12 lid 4 AVG).\n\n{SIGNATURE}")


def closed_unverified(kind: str, name: str | None, ref: str, days: int) -> tuple[str, str]:
    return (f"Uw verzoek is gesloten (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij konden uw identiteit voor uw verzoek om {TYPE_NL[kind]} niet vaststellen: "
            f"wij hebben binnen {days} dagen geen bevestiging ontvangen. Wij hebben het verzoek daarom gesloten "
            "(art. 12 lid 6 AVG). U kunt altijd een nieuw verzoek doen, bijvoorbeeld via het privacyportaal. "
            "Wij vragen nooit om een kopie van uw identiteitsbewijs.\n\n"
            f"{RIGHTS_NL}\n\n{SIGNATURE}")


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


def rectification_to_client(ref: str, fields: list[str]) -> tuple[str, str]:
    return (f"Correctie van debiteurgegevens (art. 19 AVG, kenmerk {ref})",
            "Geachte cliënt,\n\nOp verzoek van een van uw debiteuren zijn de volgende gegevens in het "
            f"incassoplatform gecorrigeerd: {', '.join(fields)}. Werkt u deze gegevens ook bij in uw eigen "
            f"administratie.\n\n{SIGNATURE}")


def art19_to_client(kind: str, ref: str, rows: int) -> tuple[str, str]:
    what = {"erasure": "verwijderd (voor zover geen wettelijke bewaarplicht of lopende vordering ze bewaart)",
            "restriction": "beperkt (art. 18 AVG): ze worden alleen nog bewaard",
            "objection": "gemarkeerd wegens bezwaar (art. 21 AVG): ze worden alleen nog bewaard"}[kind]
    return (f"Uitvoering verzoek van een debiteur (art. 19 AVG, kenmerk {ref})",
            f"Geachte cliënt,\n\nOp verzoek van een van uw debiteuren zijn {rows} registraties in het "
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


def erasure_certificate(ref: str, at: datetime, erased: Mapping[str, int], kept: Mapping[str, Mapping[str, int]],
                        blobs: int) -> str:
    lines = [f"Verklaring van verwijdering - verzoek {ref}", "",
             f"Op {ts(at)} zijn op grond van art. 17 AVG de volgende gegevens verwijderd of onherkenbaar gemaakt:"]
    lines += [f"- {CATEGORY_NL.get(c, c)}: {n} registraties" for c, n in erased.items()] or ["- geen"]
    if blobs:
        lines.append(f"- documenten (bestanden): {blobs}")
    if kept:
        lines += ["", "Bewaard, maar beperkt (alleen opgeslagen, niet anders gebruikt):"]
        for reason, cats in kept.items():
            lines.append(f"- wegens {kept_reason_nl(reason)}: "
                         + ", ".join(f"{CATEGORY_NL.get(c, c)} ({n})" for c, n in cats.items()))
    lines += ["", BACKUPS_NL, "", "Elke verwijdering staat in ons verwijderregister (wat, wanneer, op welke "
              "grond), zonder de persoonsgegevens zelf."]
    return "\n".join(lines)


def erased(name: str | None, ref: str, certificate: str) -> tuple[str, str]:
    return (f"Uw gegevens zijn verwijderd (kenmerk {ref})", f"{_greeting(name)}\n\n{certificate}\n\n{SIGNATURE}")


def art15_html(ref: str, at: datetime, tables: Mapping[str, int], data_map: DataMap, controller: str,
               restricted: int) -> str:
    """The Art. 15 information, as a Dutch HTML letter, for the tables found."""
    used = [data_map[t] for t in tables]
    activities = sorted({a for tm in used for a in tm.activities})
    policies = sorted({p for tm in used for p in tm.retention})
    cats = sorted({c.category.value for tm in used for c in tm.columns.values() if c.category.value != "key"})
    from_subject = any(c.provided_by_subject for tm in used for c in tm.columns.values())
    debtor = any(tm.subject.value == "debtor" for tm in used)
    e = html.escape

    def ul(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"

    recipients = ["Microsoft Azure (hosting, gegevens in Nederland), verwerker met verwerkersovereenkomst",
                  "Interpulse automatisering B.V., Leiden (servicecontract), verwerker met verwerkersovereenkomst"]
    if debtor:
        recipients.insert(0, "uw schuldeiser (onze cliënt), die verwerkingsverantwoordelijke is")
    source = ("Uw gegevens als debiteur hebben wij ontvangen van uw schuldeiser (onze cliënt)." if debtor else "")
    if from_subject:
        source += " Andere gegevens heeft u zelf aan ons verstrekt."
    parts = [
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
        f"<title>Inzage persoonsgegevens {e(ref)}</title></head><body>",
        f"<h1>Inzage in uw persoonsgegevens</h1><p>Kenmerk {e(ref)}, opgesteld op {e(ts(at))}. "
        f"Verwerkingsverantwoordelijke: {e(controller)}.</p>",
        "<h2>Uw gegevens</h2><p>Uw gegevens staan in dit pakket als JSON en CSV per tabel:</p>",
        ul([f"{t}: {n} registraties" for t, n in tables.items()]) if tables else "<p>Wij hebben geen gegevens "
        "over u gevonden.</p>",
        (f"<p>{restricted} registraties zijn beperkt (art. 18 AVG of een wettelijke bewaarplicht): wij bewaren "
         "ze alleen. Ze staan gemarkeerd in het pakket (kolom _restricted).</p>") if restricted else "",
        "<h2>Doeleinden</h2>", ul([ACTIVITY_NL.get(a, a) for a in activities]),
        "<h2>Categorieën van gegevens</h2>", ul([CATEGORY_NL.get(c, c) for c in cats]),
        "<h2>Ontvangers</h2>", ul(recipients),
        "<p>Wij geven geen gegevens door naar landen buiten de Europese Unie, en nooit voor commerciële "
        "doeleinden.</p>",
        "<h2>Bewaartermijnen</h2>", ul([RETENTION_NL.get(p, p) for p in policies]),
        "<h2>Uw rechten</h2>", f"<p>{e(RIGHTS_NL)}</p>",
        "<h2>Herkomst</h2>", f"<p>{e(source.strip() or 'U heeft de gegevens zelf aan ons verstrekt.')}</p>",
        "<h2>Geautomatiseerde besluitvorming</h2><p>Er vindt geen geautomatiseerde besluitvorming of profilering "
        "plaats (art. 22 AVG).</p>",
        "</body></html>",
    ]
    return "".join(parts)
