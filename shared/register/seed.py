"""The register as Incassotool's published privacy policy describes it.

Loaded into the store on first use (shared/register/service.py: ensure_seeded), after which the
FG changes it through the API; the seed never overwrites a stored activity. Where the policy is
silent or vague, the seed says so in `risk.notes` instead of inventing facts.
"""

from __future__ import annotations

from typing import Any

from shared.register.catalogue import PLATFORM_MEASURES

AZURE = {"name": "Microsoft Azure", "kind": "processor", "processor_id": "azure", "country": "NL"}
INTERPULSE = {"name": "Interpulse automatisering B.V.", "kind": "processor", "processor_id": "interpulse",
              "country": "NL"}
STAFF = {"name": "Bevoegde medewerkers van Incassotool", "kind": "internal", "processor_id": None, "country": "NL"}
CLIENT = {"name": "De cliënt (opdrachtgever)", "kind": "client", "processor_id": None, "country": "NL"}
ALL_SUBJECTS = ["debtor", "client", "client_employee", "prospect", "staff"]
ALL_DATA = ["key", "name", "contact", "birth_date", "financial", "case", "communication", "document", "account",
            "technical", "consent", "business"]


def _risk(*notes: str, special: bool = False, large: bool = False, new_tech: bool = False) -> dict[str, Any]:
    return {"special_categories": special, "large_scale": large, "new_technology": new_tech,
            "measures_sufficient": None, "notes": list(notes)}  # None: the FG has not judged yet


ACTIVITIES: list[dict[str, Any]] = [
    {
        "id": "client_administration",
        "name": "Cliëntrelatiebeheer en facturering",
        "description": "Contact- en factuurgegevens van cliënten in het relatiebeheersysteem, zolang de relatie "
                       "loopt, en daarna voor de fiscale bewaarplicht en de aansprakelijkheidspositie.",
        "role": "controller",
        "purposes": ["Relatiebeheer met cliënten", "Facturering van de dienstverlening",
                     "Naleving van de fiscale bewaarplicht",
                     "Onderbouwing van de aansprakelijkheidspositie na afloop van de relatie"],
        "legal_basis": [
            {"basis": "contract", "explanation": "Uitvoering van de overeenkomst met de cliënt."},
            {"basis": "legal_obligation", "explanation": "Fiscale bewaarplicht, art. 52 lid 4 AWR: 7 jaar."},
            {"basis": "legitimate_interests",
             "explanation": "Aansprakelijkheidspositie na beëindiging van de relatie (ex-cliënten)."},
        ],
        "subject_categories": ["client"],
        "data_categories": ["key", "name", "contact", "financial", "case", "account", "business"],
        "recipients": [STAFF, AZURE, INTERPULSE,
                       {"name": "Belastingdienst, alleen wanneer dat wettelijk verplicht is", "kind": "authority",
                        "processor_id": None, "country": "NL"}],
        "transfers": [],
        "retention": {"policy_ids": ["active_client", "ex_client_liability", "fiscal_7y"],
                      "description": "Zolang de cliëntrelatie loopt; facturen 7 jaar (fiscale bewaarplicht); "
                                     "daarna zolang nodig voor de aansprakelijkheidspositie."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "tables", "reason": ""},
        "risk": _risk(),
    },
    {
        "id": "collection",
        "name": "Incassowerkzaamheden in opdracht van cliënten",
        "description": "Incasso van vorderingen van cliënten op hun debiteuren: dossiers, brieven, betalingen, "
                       "contactregistraties en documenten. Incassotool is hierbij verwerker van de cliënt.",
        "role": "processor",
        "purposes": ["Innen van vorderingen in opdracht van de cliënt", "Dossiervorming en correspondentie met "
                     "debiteuren", "Verwerken van betalingen en betalingsregelingen",
                     "Vastleggen van contactmomenten (contactregistraties)"],
        "legal_basis": [
            {"basis": "legitimate_interests",
             "explanation": "Gerechtvaardigd belang van de cliënt bij inning van zijn vorderingen; de grondslag "
                            "wordt bepaald door de cliënt als verwerkingsverantwoordelijke."},
            {"basis": "contract", "explanation": "De overeenkomst tussen cliënt en debiteur waaruit de vordering "
                                                 "voortkomt, en de opdracht van de cliënt aan Incassotool."},
            {"basis": "legal_obligation", "explanation": "Betalingen: fiscale bewaarplicht (art. 52 lid 4 AWR)."},
        ],
        "subject_categories": ["debtor", "client", "client_employee"],
        "data_categories": ["key", "name", "contact", "birth_date", "financial", "case", "communication",
                            "document", "account", "business"],
        "recipients": [CLIENT, STAFF, AZURE, INTERPULSE,
                       {"name": "Derden alleen wanneer wettelijk verplicht of noodzakelijk voor de opgedragen "
                                "werkzaamheden (bijv. een gerechtsdeurwaarder bij gerechtelijke incasso, in "
                                "opdracht van de cliënt)", "kind": "third_party", "processor_id": None,
                        "country": "NL"}],
        "transfers": [],
        "retention": {"policy_ids": ["debtor_without_files", "collection_file_closed", "open_claim", "fiscal_7y",
                                     "active_client", "ex_client_liability"],
                      "description": "Incassodossiers ten minste 2 jaar na sluiten (Wki/Bki); zolang een "
                                     "vordering open staat (verjaring, gestuit door aanmaningen); betalingen 7 jaar "
                                     "(fiscaal); debiteuren zonder dossier worden verwijderd."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "tables", "reason": ""},
        "risk": _risk("Stelselmatige verwerking van financiële gegevens van consumenten (debiteuren): nagaan of "
                      "een DPIA nodig is.",
                      "Nagaan of de verwerkersovereenkomsten met cliënten Azure en Interpulse als subverwerkers "
                      "toestaan (art. 28 lid 2 AVG).", large=True),
    },
    {
        "id": "prospects",
        "name": "Potentiële cliënten (met toestemming)",
        "description": "Gegevens van potentiële cliënten, met wie nog geen cliëntrelatie bestaat, bewaard met het oog "
                       "op toekomstige opdrachten gedurende de periode waarvoor toestemming is gegeven.",
        "role": "controller",
        "purposes": ["Bewaren van contactgegevens van potentiële cliënten met het oog op toekomstige opdrachten"],
        "legal_basis": [{"basis": "consent",
                         "explanation": "Specifieke toestemming van de betrokkene, voor een bepaalde periode."}],
        "subject_categories": ["prospect"],
        "data_categories": ["key", "name", "contact", "consent", "business"],
        "recipients": [STAFF, AZURE, INTERPULSE],
        "transfers": [],
        "retention": {"policy_ids": ["prospect_consent"],
                      "description": "Zolang de toestemming geldt; verwijderd zodra die verloopt of wordt "
                                     "ingetrokken."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "tables", "reason": ""},
        "risk": _risk(),
    },
    {
        "id": "platform_accounts",
        "name": "Platformaccounts en toegang van medewerkers (2FA)",
        "description": "Accounts van medewerkers van cliënten en van Incassotool, aanmelding met 2FA en de logging "
                       "van aanmeldingen. Voor de accounts van medewerkers van een cliënt is die cliënt de "
                       "verwerkingsverantwoordelijke en Incassotool verwerker; voor de eigen medewerkers is "
                       "Incassotool verwerkingsverantwoordelijke.",
        "role": "both",  # the clients' staff accounts: processor; Incassotool's own staff: controller
        "purposes": ["Toegang tot het platform verlenen en beheren", "Authenticatie met 2FA",
                     "Beveiliging: vastleggen en controleren van aanmeldingen"],
        "legal_basis": [
            {"basis": "contract", "explanation": "De overeenkomst met de cliënt (accounts van zijn medewerkers) en "
                                                 "de arbeidsovereenkomst (medewerkers van Incassotool)."},
            {"basis": "legitimate_interests", "explanation": "Beveiliging van het platform (art. 32 AVG)."},
        ],
        "subject_categories": ["client_employee", "staff"],
        "data_categories": ["key", "name", "contact", "account", "technical"],
        "recipients": [STAFF, AZURE, INTERPULSE],
        "transfers": [],
        "retention": {"policy_ids": ["ex_client_liability", "account_logs", "staff_records"],
                      "description": "Accounts zolang de relatie of het dienstverband loopt en daarna volgens de "
                                     "aansprakelijkheidstermijn; aanmeldlogs volgens het logbeleid."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "tables", "reason": ""},
        "risk": _risk("2FA-codes kunnen per SMS worden verzonden: de SMS-dienst (een verwerker) staat niet in "
                      "het beleid en moet in het register van derden worden opgenomen."),
    },
    {
        "id": "dsar_handling",
        "name": "Afhandeling van verzoeken van betrokkenen",
        "description": "Verzoeken om inzage, correctie, verwijdering, beperking, overdraagbaarheid en bezwaar "
                       "(art. 12-22 AVG). Verzoeken van debiteuren worden doorgestuurd naar de cliënt, die "
                       "beslist; Incassotool helpt bij de uitvoering (art. 28 lid 3 sub e AVG).",
        "role": "both",
        "purposes": ["Verzoeken van betrokkenen tijdig afhandelen", "Identiteit van de verzoeker proportioneel "
                     "vaststellen", "Kunnen aantonen hoe een verzoek is afgehandeld"],
        "legal_basis": [{"basis": "legal_obligation", "explanation": "Art. 12-22 AVG."}],
        "subject_categories": ALL_SUBJECTS,
        "data_categories": ALL_DATA,
        "recipients": [STAFF, CLIENT, AZURE],
        "transfers": [],
        "retention": {"policy_ids": ["dsar_records", "letters_outbox", "access_packages"],
                      "description": "Het verzoekdossier wordt bewaard zolang nodig om de afhandeling te kunnen "
                                     "verantwoorden; de termijn stelt de FG vast."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "all",
                     "reason": "Inzage en verwijdering doorlopen via de datamap alle tabellen van de betrokkene; "
                               "de verzoeken zelf staan in de eigen opslag van de privacy-suite."},
        "risk": _risk(),
    },
    {
        "id": "breach_register",
        "name": "Register van inbreuken (datalekken)",
        "description": "Vastleggen, beoordelen en zo nodig melden van alle inbreuken in verband met "
                       "persoonsgegevens, en de evaluatie ervan (art. 33 lid 5 AVG).",
        "role": "both",
        "purposes": ["Alle inbreuken vastleggen in een intern register", "Melden aan de Autoriteit "
                     "Persoonsgegevens en betrokkenen waar nodig; cliënten informeren als verwerker",
                     "Evalueren en herhaling voorkomen"],
        "legal_basis": [{"basis": "legal_obligation", "explanation": "Art. 33 en 34 AVG."}],
        "subject_categories": [*ALL_SUBJECTS],
        "data_categories": ["name", "contact", "case"],
        "recipients": [STAFF, CLIENT,
                       {"name": "Autoriteit Persoonsgegevens", "kind": "authority", "processor_id": None,
                        "country": "NL"}],
        "transfers": [],
        "retention": {"policy_ids": [],
                      "description": "Het register wordt bewaard zolang nodig om verantwoording af te leggen aan de "
                                     "toezichthouder; de termijn stelt de FG vast."},
        "security_measures": [*PLATFORM_MEASURES, "staff_awareness"],
        "data_map": {"scope": "none",
                     "reason": "Het register staat in de eigen opslag van de privacy-suite en bevat feiten, "
                               "tellingen en ids, geen kolommen van het platform."},
        "risk": _risk(),
    },
    {
        "id": "backups",
        "name": "Back-ups",
        "description": "Een nachtelijke back-up van het platform, voor herstel na een incident. Verwijderde "
                       "gegevens blijven in back-ups 'buiten gebruik' en worden na een herstel opnieuw gewist.",
        "role": "both",
        "purposes": ["Beschikbaarheid en herstel van gegevens na een incident (art. 32 lid 1 sub c AVG)"],
        "legal_basis": [
            {"basis": "legal_obligation", "explanation": "Passende beveiliging, art. 32 AVG."},
            {"basis": "legitimate_interests", "explanation": "Continuïteit van de dienstverlening."},
        ],
        "subject_categories": ALL_SUBJECTS,
        "data_categories": ALL_DATA,
        "recipients": [STAFF, AZURE],
        "transfers": [],
        "retention": {"policy_ids": [],
                      "description": "Volgens de back-upcyclus; die is om veiligheidsredenen vertrouwelijk "
                                     "(configuratie). Wissingen worden via het wisregister na elk herstel opnieuw "
                                     "toegepast."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "all", "reason": "Een back-up bevat de hele platformdatabase."},
        "risk": _risk(),
    },
    {
        "id": "support",
        "name": "Ondersteuning onder het servicecontract",
        "description": "Ondersteuning van cliënten bij vragen over dossiers en contactregistraties, en technisch "
                       "beheer van het platform door Interpulse automatisering B.V. onder het servicecontract.",
        "role": "processor",
        "purposes": ["Beantwoorden van vragen van cliënten over hun dossiers",
                     "Technisch en functioneel beheer van het platform (servicecontract Interpulse)"],
        "legal_basis": [
            {"basis": "contract", "explanation": "De opdracht van de cliënt; de grondslag voor de gegevens van "
                                                 "debiteuren bepaalt de cliënt als verwerkingsverantwoordelijke."},
        ],
        "subject_categories": ["debtor", "client_employee"],
        "data_categories": ["key", "name", "contact", "communication"],
        "recipients": [STAFF, INTERPULSE, AZURE],
        "transfers": [],
        "retention": {"policy_ids": ["collection_file_closed", "open_claim"],
                      "description": "Contactregistraties volgen het incassodossier: ten minste 2 jaar na sluiten, "
                                     "langer zolang een vordering open staat."},
        "security_measures": list(PLATFORM_MEASURES),
        "data_map": {"scope": "tables", "reason": ""},
        "risk": _risk("Datum en inhoud van het servicecontract met Interpulse vastleggen in het register van "
                      "derden."),
    },
    {
        "id": "website_analytics",
        "name": "Websitestatistieken (Google Analytics)",
        "description": "Google Analytics op alle websites: welke pagina's het goed doen en welke beter kunnen.",
        "role": "controller",
        "purposes": ["Bijhouden welke pagina's het goed doen en welke verbeterd moeten worden",
                     "Trends over de afgelopen 2 jaar vergelijken"],
        "legal_basis": [{"basis": "consent",
                         "explanation": "Toestemming voor analytische cookies (art. 11.7a Telecommunicatiewet); het "
                                        "beleid beschrijft het toestemmingsmechanisme niet."}],
        "subject_categories": ["website_visitor"],
        "data_categories": ["online_identifier", "usage", "technical"],
        "recipients": [{"name": "Google (Google Analytics)", "kind": "processor", "processor_id": None,
                        "country": "US"}],
        "transfers": [{"recipient": "Google LLC", "country": "US", "safeguard": "dpf", "verified": False,
                       "note": "Het beleid noemt deze doorgifte niet. De FG moet de DPF-certificering van Google "
                               "en de verwerkersvoorwaarden vastleggen."}],
        "retention": {"policy_ids": [],
                      "description": "Gegevens op gebruikersniveau maximaal 26 maanden (instelling in Google "
                                     "Analytics)."},
        "security_measures": ["analytics_anonymised", "transport_https_sftp"],
        "data_map": {"scope": "none", "reason": "De gegevens staan bij Google Analytics, niet in de "
                                                "platformdatabase."},
        "risk": _risk("Doorgifte naar de VS staat niet in het beleid; waarborg niet geverifieerd.",
                      "Google is als verwerker niet opgenomen in het register van derden."),
    },
    {
        "id": "drift_chat",
        "name": "Chat via Drift",
        "description": "De Drift-chat op Incassotool.net en Incassotool.login: vragen stellen, waarbij op basis "
                       "van het gedrag op de website de juiste collega wordt gekoppeld.",
        "role": "controller",
        "purposes": ["Laagdrempelig vragen kunnen stellen", "De juiste collega koppelen op basis van het gedrag "
                     "op de website"],
        "legal_basis": [
            {"basis": "consent", "explanation": "Toestemming voor de cookies die websitegedrag volgen; het beleid "
                                                "beschrijft het toestemmingsmechanisme niet."},
            {"basis": "contract", "explanation": "Beantwoorden van vragen op verzoek van de betrokkene."},
        ],
        "subject_categories": ["website_visitor", "prospect", "client_employee"],
        "data_categories": ["name", "contact", "communication", "online_identifier", "usage"],
        "recipients": [STAFF, {"name": "Drift (Salesloft)", "kind": "processor", "processor_id": None,
                               "country": "US"}],
        "transfers": [{"recipient": "Drift (Salesloft)", "country": "US", "safeguard": "dpf", "verified": False,
                       "note": "Het beleid noemt deze doorgifte niet. De FG moet de DPF-certificering of SCC's "
                               "en de verwerkersovereenkomst vastleggen."}],
        "retention": {"policy_ids": [],
                      "description": "Niet vastgelegd in het beleid: de bewaartermijn van chatgesprekken in Drift "
                                     "stelt de FG vast. Wie toestemming geeft voor opvolging, wordt als potentiële "
                                     "cliënt vastgelegd (activiteit prospects)."},
        "security_measures": ["transport_https_sftp", "written_agreements"],
        "data_map": {"scope": "none", "reason": "Chatgesprekken staan bij Drift; alleen wie toestemming geeft "
                                                "komt als potentiële cliënt in het platform (prospects)."},
        "risk": _risk("Koppelen op basis van websitegedrag is een vorm van profilering: informatie en toestemming "
                      "nagaan.", "Bewaartermijn van chatgesprekken ontbreekt.",
                      "Drift is als verwerker niet opgenomen in het register van derden."),
    },
    {
        "id": "social_media",
        "name": "Social-mediaknoppen",
        "description": "Knoppen op nieuwsberichten op Incassotool.net om pagina's te delen of te promoten; de "
                       "knoppen bevatten code van de kanalen zelf en sturen hun cookies mee.",
        "role": "controller",
        "purposes": ["Pagina's laten delen of promoten via social media"],
        "legal_basis": [{"basis": "consent",
                         "explanation": "Toestemming voor de cookies van de kanalen; de website en het kanaal zijn "
                                        "gezamenlijk verantwoordelijk voor het verzamelen en doorsturen (HvJ EU "
                                        "C-40/17, Fashion ID)."}],
        "subject_categories": ["website_visitor"],
        "data_categories": ["online_identifier", "usage", "technical"],
        "recipients": [{"name": "De social-mediakanalen (niet benoemd in het beleid)", "kind": "joint_controller",
                        "processor_id": None, "country": "US"}],
        "transfers": [{"recipient": "De social-mediakanalen", "country": "US", "safeguard": "dpf",
                       "verified": False,
                       "note": "Het beleid noemt de kanalen niet. Per kanaal nagaan of de ontvanger onder het DPF "
                               "is gecertificeerd; anders de knoppen vervangen door deellinks zonder code van "
                               "derden."}],
        "retention": {"policy_ids": [],
                      "description": "Bepaald door de social-mediakanalen zelf; Incassotool bewaart zelf niets."},
        "security_measures": ["transport_https_sftp"],
        "data_map": {"scope": "none", "reason": "De gegevens gaan van de browser rechtstreeks naar de kanalen."},
        "risk": _risk("Kanalen, doorgifte en toestemming zijn niet in het beleid uitgewerkt."),
    },
]

PROCESSORS: list[dict[str, Any]] = [
    {
        "id": "azure",
        "name": "Microsoft Azure (Microsoft Ireland Operations Limited)",
        "service": "Hosting: serveromgeving en MS SQL Server-databases",
        "location": "Azure-regio West Europe, Nederland",
        "country": "NL",
        "safeguard": None,
        "agreement": {"reference": "Microsoft Products and Services Data Protection Addendum (DPA)", "date": None},
        "sub_processors": [],
        "transfers": [],
        "notes": ["De datum van de geldende DPA-versie vastleggen.",
                  "Subverwerkers volgens Microsofts gepubliceerde lijst; toegang vanuit derde landen voor "
                  "ondersteuning valt onder de DPA: na te gaan door de FG."],
    },
    {
        "id": "interpulse",
        "name": "Interpulse automatisering B.V.",
        "service": "Servicecontract: technisch beheer en ondersteuning",
        "location": "Leiden",
        "country": "NL",
        "safeguard": None,
        "agreement": {"reference": "Servicecontract Interpulse automatisering B.V.", "date": None},
        "sub_processors": [],
        "transfers": [],
        "notes": ["Datum van het servicecontract en de verwerkersafspraken daarin vastleggen; eventuele "
                  "subverwerkers opvragen."],
    },
]

# Activities that use no platform table, or all of them, by design (the tests know them by name).
SCOPE_EXCEPTIONS = {"website_analytics", "drift_chat", "social_media", "breach_register", "dsar_handling",
                    "backups"}
