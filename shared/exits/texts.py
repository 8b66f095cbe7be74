"""Dutch texts of the exits area: letters to the client, the export README and the
destruction certificate. Ids and counts only; the client is addressed by its id."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.exits.rules import VIEWER_FEE
from shared.nl import date_nl, euro, moment_nl, table_label

BACKUP_NOTE_NL = (
    "Reservekopieën (back-ups) die nog gegevens van vóór de vernietiging bevatten, worden niet "
    "meer gebruikt of ingezien en verlopen binnen de normale back-upcyclus. Elke vernietiging staat "
    "in het verwijderlogboek; bij een eventuele terugzetting van een back-up wordt dat logboek "
    "opnieuw toegepast voordat de gegevens worden gebruikt."
)


label = table_label
d = date_nl
ts = moment_nl


CHOICE_NL = {
    "delete": "uw gegevens na de ingangsdatum te laten vernietigen",
    "retain": f"uw gegevens te bewaren in een inkijkaccount (alleen lezen) voor {euro(VIEWER_FEE)} per jaar "
              "excl. btw",
}


def notice_letter(exit_id: str, effective: date, choice: str) -> tuple[str, str]:
    return (
        "Bevestiging van uw opzegging",
        f"Wij hebben uw opzegging ontvangen (kenmerk {exit_id}). Met een opzegtermijn van 60 dagen "
        f"eindigt de overeenkomst op {d(effective)}.\n\n"
        f"U hebt gekozen om {CHOICE_NL[choice]}. Tot de ingangsdatum kunt u deze keuze wijzigen of de "
        "opzegging intrekken.\n\n"
        "Vanaf nu kunt u een export van al uw gegevens downloaden (contactregistraties, dossiers, "
        "debiteuren, brieven, betalingen, documenten en uw overige gegevens), als CSV en JSON in één "
        "zip-bestand. De export blijft beschikbaar tot de vernietiging.",
    )


def reminder_letter(exit_id: str, effective: date, choice: str) -> tuple[str, str]:
    what = ("Op die datum vernietigen wij uw gegevens. Download vóór die datum uw export."
            if choice == "delete" else
            "Op die datum wordt uw account een inkijkaccount: u kunt uw gegevens dan alleen nog inzien.")
    return (
        "Herinnering: uw overeenkomst eindigt over 14 dagen",
        f"Uw opzegging (kenmerk {exit_id}) gaat in op {d(effective)}. {what}\n\n"
        "Tot die datum kunt u uw keuze nog wijzigen of de opzegging intrekken.",
    )


def destroyed_letter(exit_id: str, certificate_text: str) -> tuple[str, str]:
    return (
        "Uw gegevens zijn vernietigd",
        f"De vernietiging van uw gegevens (kenmerk {exit_id}) is afgerond. Hieronder staat de "
        f"vernietigingsverklaring.\n\n{certificate_text}",
    )


def viewer_letter(exit_id: str, start: date, end: date, invoice_number: str, total: Decimal) -> tuple[str, str]:
    return (
        "Uw inkijkaccount is actief",
        f"Uw overeenkomst is beëindigd (kenmerk {exit_id}). Uw gegevens staan nu in een inkijkaccount: "
        f"u en uw gebruikers kunnen alles inzien, maar niets meer wijzigen.\n\n"
        f"Het inkijkaccount loopt van {d(start)} tot en met {d(end)}. De kosten zijn {euro(VIEWER_FEE)} per jaar "
        f"excl. 21% btw ({euro(total)} incl. btw), vooruit te betalen (factuur {invoice_number}). "
        "Wordt het inkijkaccount niet verlengd en betaald vóór het einde van het jaar, dan vernietigen "
        "wij de gegevens.",
    )


def renewal_warning_letter(client_id: int, end: date) -> tuple[str, str]:
    return (
        "Uw inkijkaccount loopt binnenkort af",
        f"Het inkijkaccount van cliënt {client_id} loopt af op {d(end)}. Verleng het en betaal de "
        f"jaarvergoeding van {euro(VIEWER_FEE)} excl. btw vóór die datum; anders vernietigen wij daarna uw "
        "gegevens. U kunt vóór die datum nog een export downloaden.",
    )


def renewed_letter(client_id: int, start: date, end: date, invoice_number: str, total: Decimal) -> tuple[str, str]:
    return (
        "Uw inkijkaccount is verlengd",
        f"Het inkijkaccount van cliënt {client_id} is verlengd van {d(start)} tot en met {d(end)}. "
        f"Factuur {invoice_number}: {euro(total)} incl. 21% btw, te betalen vóór {d(start)}.",
    )


def certificate_text(cert: dict[str, Any]) -> str:
    lines = [
        "VERNIETIGINGSVERKLARING",
        "",
        f"Kenmerk: {cert['exit_id']}",
        f"Cliënt: {cert['client_id']}",
        f"Grondslag: {cert['rule_nl']}",
        f"Ingangsdatum opzegging: {d(cert['effective_date'])}",
        f"Vernietigd op: {ts(cert['destroyed_at'])}",
        "",
        "Vernietigd (aantallen records):",
    ]
    for row in cert["destroyed"]:
        parts = []
        if row["deleted"]:
            parts.append(f"{row['deleted']} verwijderd")
        if row["anonymised"]:
            parts.append(f"{row['anonymised']} ontdaan van persoonsgegevens")
        lines.append(f"- {label(row['table'])}: {', '.join(parts) or '0'}")
    if cert.get("blobs_deleted"):
        lines.append(f"- bestanden van documenten en exports: {cert['blobs_deleted']} verwijderd")
    lines += ["", "Bewaard, en waarom:"]
    if not cert["kept"]:
        lines.append("- niets")
    for row in cert["kept"]:
        lines.append(f"- {label(row['table'])}: {row['rows']} records. {row['reason_nl']}")
    if cert.get("anonymised_note_nl"):
        lines += ["", cert["anonymised_note_nl"]]
    lines += ["", "Back-ups:", BACKUP_NOTE_NL]
    return "\n".join(lines)


def readme(client_id: int, exit_id: str, built_at: datetime, counts: dict[str, int], documents: int,
           lead: str | None = None) -> str:
    lines = [
        f"EXPORT VAN DE GEGEVENS VAN CLIËNT {client_id}",
        "",
        f"Opzegging (kenmerk): {exit_id}",
        f"Aangemaakt op: {ts(built_at)}",
        "",
        "Deze export bevat al uw gegevens bij Incassotool, volgens het gegevensoverzicht (data map).",
        "Van elke tabel is er een CSV-bestand (scheidingsteken komma, UTF-8) en een JSON-bestand",
        "(een lijst van records) met dezelfde inhoud. Bedragen zijn euro's; tijdstippen zijn UTC (ISO 8601).",
        "",
        "Inhoud:",
    ]
    for table, n in counts.items():
        lines.append(f"- {table}.csv / {table}.json: {label(table)}, {n} records")
    if documents:
        lines.append(f"- documenten/: {documents} bestanden uit uw dossiers (naam begint met het document-id)")
    if lead:
        lines += ["", f"Voorop staat {lead}.csv ({label(lead)}): wat cliënten bij een opzegging het eerst vragen."]
    lines += [
        "",
        "De export is beschikbaar vanaf de opzegging tot de vernietiging van uw gegevens.",
    ]
    return "\n".join(lines) + "\n"
