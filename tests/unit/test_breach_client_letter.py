"""The Art. 33(2) notice names the client's own people the breach concerns: its debtors, its staff
using the platform, or both, never "uw debiteuren" for a breach of its staff's accounts."""

from datetime import UTC, datetime

from shared.breaches.texts import client_letter

AWARE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def letter(categories: list[str] | None):
    return client_letter(client_name="Bakkerij De Korf", breach_id="b-1", became_aware_at=AWARE,
                         summary="Een verkeerd verzonden export", nature=[], data_kinds=[], consequences=None,
                         measures=None, subject_categories=categories)


def test_a_breach_of_the_clients_staff_accounts_speaks_of_its_staff():
    notice = letter(["client_employee"])
    assert notice.subject_line.endswith("persoonsgegevens van uw medewerkers die het incassoplatform gebruiken")
    assert "debiteuren" not in notice.body


def test_a_breach_of_debtors_and_staff_names_both_and_ignores_incassotools_own_relations():
    notice = letter(["debtor", "client_employee", "staff"])
    assert "van uw debiteuren en uw medewerkers die het incassoplatform gebruiken raakt" in notice.body


def test_without_known_categories_the_notice_speaks_of_the_debtors():
    assert letter(None).subject_line.endswith("persoonsgegevens van uw debiteuren")
