"""Dutch letters of the retention area (formats through shared/nl.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from shared.nl import date_nl, period_nl, signature

TOPIC_TIME_BARRED = "retention.claim_time_barred"


def time_barred_notice(client_name: str, files: Sequence[tuple[str, date]], closed_months: int) -> tuple[str, str]:
    """To the client (the creditor): these open claims are time-barred; nothing is deleted until it decides."""
    n = len(files)
    line = f"Verjaard; beslissing nodig: {n} {'vordering' if n == 1 else 'vorderingen'}"
    lines = "\n".join(f"- dossier {ref}: verjaard sinds {date_nl(day)}" for ref, day in files)
    text = (
        f"Geachte {client_name},\n\n"
        "Volgens de gegevens in uw incassodossiers is de verjaringstermijn van de volgende openstaande "
        "vorderingen verstreken:\n\n"
        f"{lines}\n\n"
        "De termijn is vijf jaar vanaf de dag na de vervaldatum (art. 3:307 BW). Hij begint opnieuw na "
        "elke aanmaning of brief (art. 3:317 BW), erkenning of (deel)betaling (art. 3:318 BW) en na het "
        "einde van een gerechtelijke procedure (art. 3:316 en 3:319 BW); na een vonnis geldt twintig jaar "
        "(art. 3:324 BW).\n\n"
        "U bent de schuldeiser en de verwerkingsverantwoordelijke: u beslist. Incassotool verwijdert deze "
        "dossiers niet zonder uw beslissing. Boekt u de vordering af, dan wordt het dossier gesloten en "
        f"{period_nl(closed_months)} na het sluiten verwijderd. Blijft u de vordering innen (bijvoorbeeld "
        "omdat de schuldenaar zich niet op verjaring beroept), dan legt u de reden vast. Tot uw beslissing "
        "blijft het dossier bewaard.\n\n"
        + signature()
    )
    return line, text
