"""Dutch letters of the decision steps: a recorded doubt about identity (Art. 12(6)) and the
decision on an objection (Art. 21). Each function returns (subject line, body)."""

from __future__ import annotations

from collections.abc import Sequence

from shared.dsar.texts import _greeting, decided_by
from shared.nl import REMEDIES_NL, signature

MISSING_NL = {
    "dossier_reference": "het dossiernummer dat op onze brieven staat",
    "postcode": "de postcode van het adres waarop u onze brieven ontvangt",
    "invoice_reference": "het nummer van een factuur die u van uw schuldeiser ontving",
    "reply_from_email_on_record": "een antwoord op deze brief vanaf het e-mailadres dat u eerder aan ons gaf",
    "phone_callback": "dat wij u mogen terugbellen op het telefoonnummer dat wij van u hebben; laat ons weten "
                      "wanneer dat schikt",
}


def doubt_letter(name: str | None, ref: str, missing: Sequence[str], controller: str | None,
                 relation: str = "debtor") -> tuple[str, str]:
    """Art. 12(6): ask exactly for what is missing, nothing more; the term waits meanwhile."""
    items = "\n".join(f"- {MISSING_NL[m]}" for m in missing)
    return (f"Wij hebben aanvullende gegevens nodig voor uw verzoek (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij hebben uw verzoek ontvangen. Voordat wij het uitvoeren, moeten wij zeker "
            "weten dat het van u komt: wij hebben gerede twijfel over de identiteit van de aanvrager (art. 12 "
            "lid 6 AVG). Wilt u ons daarom alleen het volgende sturen:\n\n"
            f"{items}\n\nStuur ons geen kopie van uw identiteitsbewijs: die hebben wij niet nodig. Zolang wij "
            "op uw antwoord wachten, loopt de termijn voor uw verzoek niet door; uw verzoek blijft open en "
            "wordt niet gesloten zonder besluit. Zodra wij uw antwoord hebben, gaan wij verder."
            f"{decided_by(controller, relation)}\n\n{signature(controller)}")


def objection_upheld(name: str | None, ref: str, direct_marketing: bool, reasons: str,
                     controller: str | None, relation: str = "debtor") -> tuple[str, str]:
    """Art. 21(1), (3): the objection stands; the processing stops and the data are erased."""
    why = ("Bezwaar tegen direct marketing wordt altijd gehonoreerd (art. 21 lid 3 AVG)." if direct_marketing
           else "Er zijn geen dwingende gerechtvaardigde gronden die zwaarder wegen dan uw belangen (art. 21 "
                "lid 1 AVG).")
    return (f"Besluit op uw bezwaar (kenmerk {ref})",
            f"{_greeting(name)}\n\nUw bezwaar (art. 21 AVG) is gegrond. {why}\n\nToelichting: {reasons}\n\n"
            "Wij stoppen deze verwerking en verwijderen uw gegevens. Wat een wettelijke plicht ons nog laat "
            "bewaren, staat in de verklaring van verwijdering die u apart ontvangt."
            f"{decided_by(controller, relation)}\n\n{signature(controller)}")


def objection_refused(name: str | None, ref: str, reasons: str, controller: str | None,
                      relation: str = "debtor") -> tuple[str, str]:
    """Art. 21(1): compelling legitimate grounds override; the refusal names them and the remedies."""
    return (f"Besluit op uw bezwaar (kenmerk {ref})",
            f"{_greeting(name)}\n\nWij wijzen uw bezwaar (art. 21 lid 1 AVG) af: er zijn dwingende "
            "gerechtvaardigde gronden voor de verwerking die zwaarder wegen dan uw belangen, rechten en "
            f"vrijheden.\n\nDe gronden: {reasons}\n\nDe beperking van de verwerking tijdens de beoordeling van "
            "uw bezwaar (art. 18 lid 1 onder d AVG) wordt met dit besluit opgeheven (art. 18 lid 3 AVG)."
            f"{decided_by(controller, relation)}\n\n{REMEDIES_NL}\n\n{signature(controller)}")
