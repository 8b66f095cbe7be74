"""Fixed facts of the register: the controller and FG, and the security measures of the policy
("Beveiliging"). Activities name measures by id; the texts live here once."""

from __future__ import annotations

CONTROLLER = {
    "name": "Incassotool",
    "contact": "Via het reguliere contactformulier op Incassotool.net",
    # The policy gives no postal address: the FG records it here before the register goes out.
    "address": None,
}

DPO = {
    "name": "Raymond Tournier",
    "title": "Functionaris Gegevensbescherming (FG)",
    "phone": "010-8428628",
    "contact": "Telefonisch via 010-8428628 of via het reguliere contactformulier",
}

# For an activity where Incassotool is processor, the controller is each client.
CLIENT_AS_CONTROLLER = {
    "name": "De cliënt (opdrachtgever) als verwerkingsverantwoordelijke; Incassotool als verwerker",
    "contact": "Per cliënt vastgelegd in het register van verwerkingen als verwerker (art. 30 lid 2 AVG)",
    "address": None,
}

# id -> (Dutch text, English text). Texts follow the policy, including what it does not promise.
SECURITY_MEASURES: dict[str, tuple[str, str]] = {
    "mfa_staff": (
        "Medewerkers loggen op het platform (toegang tot de volledige administratie) alleen in met 2FA",
        "Staff sign in to the platform (full administration) only with two-factor authentication",
    ),
    "role_based_access": (
        "Toegang van medewerkers afgestemd op hun functies, taken en verantwoordelijkheden (rollen)",
        "Staff access follows function, tasks and responsibilities (roles)",
    ),
    "passwords_min_10": (
        "Wachtwoorden van minimaal 10 posities (Entra ID-beleid); lokale geheimen alleen gehasht",
        "Passwords of at least 10 characters (Entra ID policy); local secrets only hashed",
    ),
    "transport_https_sftp": (
        "Transport van gegevens uitsluitend via HTTPS en SFTP (SSL-beveiligde website en applicatie)",
        "Data in transit only over HTTPS and SFTP (TLS-protected website and application)",
    ),
    "encryption_at_rest": (
        "Datadisks versleuteld (Data Encryption at Rest); de SQL-tabellen zelf zijn niet apart versleuteld",
        "Data disks encrypted at rest; the SQL tables themselves are not separately encrypted",
    ),
    "azure_nl": (
        "Opslag uitsluitend in de serveromgeving en databases op Microsoft Azure, in Nederland (West Europe)",
        "Stored only in the server environment and databases on Microsoft Azure, in the Netherlands (West Europe)",
    ),
    "monitoring_24_7": (
        "Serveromgeving en infrastructuur 24/7 gemonitord; alerts naar aard en impact 24/7 opgevolgd door een "
        "systeemengineer",
        "Servers and infrastructure monitored 24/7; alerts followed up 24/7 by an engineer, by nature and impact",
    ),
    "nightly_backups": (
        "Elke nacht een back-up; de verdere bewaarprocedure is om veiligheidsredenen vertrouwelijk",
        "A backup every night; the further retention procedure is confidential for security reasons",
    ),
    "firewalls": (
        "Software en data beveiligd met firewalls en beschermingssoftware",
        "Software and data protected by firewalls and protective software",
    ),
    "written_agreements": (
        "Schriftelijke afspraken met derden dat zij zich aan de wet- en regelgeving houden",
        "Written agreements with third parties that they comply with the law",
    ),
    "staff_awareness": (
        "Medewerkers zijn geïnformeerd om inbreuken te herkennen en te weten wat te doen",
        "Staff are informed how to recognise a breach and what to do",
    ),
    "analytics_anonymised": (
        "Gegevens in Google Analytics zo veel mogelijk geanonimiseerd; gebruikersgegevens maximaal 26 maanden",
        "Google Analytics data anonymised as far as possible; user-level data kept at most 26 months",
    ),
}

# The measures of the platform itself: every activity on the platform database has these.
PLATFORM_MEASURES = (
    "mfa_staff", "role_based_access", "passwords_min_10", "transport_https_sftp", "encryption_at_rest",
    "azure_nl", "monitoring_24_7", "nightly_backups", "firewalls", "written_agreements",
)

LEGAL_BASIS_NL = {
    "consent": "toestemming (art. 6 lid 1 sub a AVG)",
    "contract": "uitvoering van een overeenkomst (art. 6 lid 1 sub b AVG)",
    "legal_obligation": "wettelijke verplichting (art. 6 lid 1 sub c AVG)",
    "vital_interests": "vitaal belang (art. 6 lid 1 sub d AVG)",
    "public_task": "taak van algemeen belang (art. 6 lid 1 sub e AVG)",
    "legitimate_interests": "gerechtvaardigd belang (art. 6 lid 1 sub f AVG)",
}

ROLE_NL = {
    "controller": "verwerkingsverantwoordelijke",
    "processor": "verwerker (in opdracht van de cliënt)",
    "both": "verwerkingsverantwoordelijke en, voor gegevens van cliënten, verwerker",
}

RATING_NL = {"low": "laag", "medium": "midden", "high": "hoog"}

SUBJECT_NL = {
    "debtor": "debiteuren (klanten van de cliënt)",
    "client": "cliënten (contactpersonen, eenmanszaken)",
    "client_employee": "medewerkers van cliënten",
    "prospect": "potentiële cliënten",
    "staff": "medewerkers van Incassotool",
    "website_visitor": "websitebezoekers",
}

DATA_NL = {
    "key": "interne kenmerken",
    "name": "naam",
    "contact": "contactgegevens (e-mail, telefoon, adres)",
    "birth_date": "geboortedatum",
    "financial": "financiële gegevens (IBAN, bedragen, facturen, betalingen)",
    "case": "dossiergegevens (status, data, kenmerken)",
    "communication": "correspondentie en contactregistraties",
    "document": "documenten",
    "account": "accountgegevens en rollen",
    "technical": "technische gegevens (IP-adres, aanmeldmomenten)",
    "consent": "toestemmingen",
    "business": "bedrijfsgegevens (KvK)",
    "online_identifier": "online kenmerken (cookie-id's)",
    "usage": "gebruiksgegevens (bezochte pagina's, gedrag op de website)",
}
