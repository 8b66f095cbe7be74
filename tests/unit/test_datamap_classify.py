"""The value rules behind the proposed categories, on values a reviewer would recognise."""

from datetime import date

from sqlalchemy.dialects import mssql, postgresql

from shared.datamap.classify import bsn_ok, iban_ok, looks_personal, person_name_ok, phone_ok, propose
from shared.datamap.model import DataCategory as C
from shared.datamap.reflect import sample_query

TODAY = date(2026, 12, 1)


def test_iban_needs_its_mod_97_check():
    assert iban_ok("NL91ABNA0417164300") and iban_ok("NL91 ABNA 0417 1643 00")
    assert not iban_ok("NL92ABNA0417164300") and not iban_ok("INV-2026-0001")


def test_bsn_needs_the_eleven_test():
    assert bsn_ok("111222333") and bsn_ok("123456782")
    assert not bsn_ok("123456789") and not bsn_ok("12345678") and not bsn_ok("000000000")


def test_dutch_phone_numbers_and_person_names():
    assert phone_ok("06-12345678") and phone_ok("+31 20 123 4567") and not phone_ok("12345")
    assert person_name_ok("Jan de Vries") and person_name_ok("A. van der Berg")
    assert not person_name_ok("Bakkerij Jansen B.V.") and not person_name_ok("reminder")


def test_values_decide_when_the_name_says_nothing():
    emails = [f"iemand{i}@voorbeeld.nl" for i in range(20)]
    p = propose("klanten", "veld7", emails, is_key=False, table_columns=["veld7"], today=TODAY)
    assert p.category is C.CONTACT
    assert [(e.rule, e.matched, e.sampled) for e in p.evidence if e.rule.startswith("value:")] == [
        ("value:email", 20, 20)]
    born = [date(1970 + i, 5, 1) for i in range(20)]
    assert propose("x", "d", born, is_key=False, table_columns=["d"], today=TODAY).category is C.BIRTH_DATE


def test_dutch_and_english_column_names():
    def cat(table: str, column: str) -> C:
        return propose(table, column, [], is_key=False, table_columns=[column], today=TODAY).category
    assert cat("debiteuren", "geboortedatum") is C.BIRTH_DATE
    assert cat("debiteuren", "woonplaats") is C.CONTACT
    assert cat("debiteuren", "achternaam") is C.NAME
    assert cat("aanmeldingen", "tijdstip") is C.TECHNICAL
    assert cat("facturen", "factuurdatum") is C.FINANCIAL


def test_looks_personal_ignores_codes_and_dates_of_events():
    assert looks_personal(["open", "paid", "closed"] * 10, TODAY) == []
    assert looks_personal([date(2025, 1, d) for d in range(1, 28)], TODAY) == []
    assert [e.rule for e in looks_personal(["1234 AB"] * 10, TODAY)] == ["value:postcode"]


def test_the_sample_is_bounded_on_every_dialect():
    q = sample_query("debtors", "email", 1000)
    literal = {"literal_binds": True}
    assert "SELECT TOP 1000 debtors.email" in str(q.compile(dialect=mssql.dialect(), compile_kwargs=literal))
    assert "LIMIT 1000" in str(q.compile(dialect=postgresql.dialect(), compile_kwargs=literal))
    assert "TOP 1000" in str(sample_query("debtors", "email", 50_000).compile(
        dialect=mssql.dialect(), compile_kwargs=literal))  # never more than the bound
