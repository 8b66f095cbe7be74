"""Pure rules of exits and viewer accounts."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.deadlines import AMSTERDAM
from shared.exits import rules, texts
from shared.exits.destruction import erase_order, kept_tables
from shared.exits.rules import ViewerOutcome as V
from shared.exits.status import EXIT_GROUPS, VIEWER_GROUPS, ExitStatus, ViewerStatus


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


@pytest.mark.parametrize(("notice", "effective"), [
    (utc(2026, 1, 10, 9), date(2026, 3, 11)),
    (utc(2026, 3, 28, 23, 30), date(2026, 5, 28)),  # already 29 March in Amsterdam
    (utc(2026, 10, 24, 22, 30), date(2026, 12, 24)),  # 00:30 on 25 October, summer time
    (utc(2026, 8, 1, 9), date(2026, 9, 30)),
    (utc(2026, 2, 5, 9), date(2026, 4, 6)),  # Easter Monday: a contractual term does not roll
    (utc(2026, 4, 3, 9), date(2026, 6, 2)),
])
def test_effective_date_is_the_amsterdam_notice_day_plus_60(notice, effective):
    assert rules.effective_date(notice) == effective


def test_effective_on_a_saturday_stays_on_the_saturday():
    day = rules.effective_date(utc(2026, 5, 5, 9))
    assert day == date(2026, 7, 4) and day.weekday() == 5


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)))
def test_effective_date_is_always_60_days_after_the_amsterdam_day(notice):
    assert (rules.effective_date(notice) - notice.astimezone(AMSTERDAM).date()).days == 60


@pytest.mark.parametrize(("now", "refused"), [
    (utc(2026, 3, 10, 22, 59), False),  # 23:59 on the 10th, Amsterdam
    (utc(2026, 3, 10, 23, 0), True),  # 00:00 on the 11th: the effective day
    (utc(2026, 4, 1), True),
])
def test_change_only_before_the_effective_day(now, refused):
    reason = rules.change_refusal(ExitStatus.NOTICE_GIVEN, date(2026, 3, 11), now)
    assert (reason is not None) == refused


@pytest.mark.parametrize("status", sorted(set(ExitStatus) - {ExitStatus.NOTICE_GIVEN}))
def test_no_change_outside_notice_given(status):
    assert "only an exit with notice given" in rules.change_refusal(status, date(2030, 1, 1), utc(2026, 1, 1))


@pytest.mark.parametrize(("days_before", "due"), [(15, False), (14, True), (1, True), (0, False), (-3, False)])
def test_reminder_window(days_before, due):
    effective = date(2026, 3, 11)
    now = datetime.combine(effective - timedelta(days=days_before), datetime.min.time(), UTC) + timedelta(hours=3)
    assert rules.reminder_due(effective, now, None) is due
    assert rules.reminder_due(effective, now, now) is False  # once only


def test_status_groups_split_every_status():
    assert EXIT_GROUPS.open | EXIT_GROUPS.closed == set(ExitStatus)
    assert not EXIT_GROUPS.open & EXIT_GROUPS.closed
    assert EXIT_GROUPS["changeable"] <= EXIT_GROUPS.open
    assert ExitStatus.DESTROYED not in EXIT_GROUPS["export_available"]
    assert VIEWER_GROUPS.open | VIEWER_GROUPS.closed == set(ViewerStatus)


def test_fee_is_150_plus_21_percent_vat():
    fee = rules.viewer_fee()
    assert (fee.amount, fee.vat_amount, fee.total) == (Decimal("150.00"), Decimal("31.50"), Decimal("181.50"))
    assert texts.euro(fee.total) == "€ 181,50" and texts.euro(Decimal("1234.5")) == "€ 1.234,50"


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 3, 11), date(2027, 3, 10)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2024, 2, 29), date(2025, 2, 27)),  # the next year starts on 28 February
])
def test_viewer_year(start, end):
    assert rules.period_end(start) == end


def test_invoice_number_is_stable_and_fits_the_column():
    assert rules.fee_invoice_number(1, date(2026, 3, 11)) == "VA20260311-1"
    assert len(rules.fee_invoice_number(999_999_999, date(2026, 3, 11))) == 20
    with pytest.raises(ValueError):
        rules.fee_invoice_number(10**10, date(2026, 3, 11))


@pytest.mark.parametrize(("today", "warned", "due"), [
    (date(2027, 2, 7), None, False),
    (date(2027, 2, 8), None, True),  # 30 days before 10 March
    (date(2027, 3, 10), None, True),
    (date(2027, 3, 10), date(2027, 3, 10), False),
    (date(2027, 3, 10), date(2026, 3, 10), True),  # warned for an earlier year
    (date(2027, 3, 11), None, False),
])
def test_renewal_warning(today, warned, due):
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=3)
    assert rules.renewal_warning_due(date(2027, 3, 10), now, warned) is due


END = date(2027, 3, 10)
AFTER = utc(2027, 3, 11, 3)


@pytest.mark.parametrize(("now", "paid", "next_paid", "invoiced", "outcome"), [
    (utc(2027, 3, 10, 3), None, None, False, V.CONTINUE),  # the last day still counts
    (AFTER, date(2026, 3, 20), date(2027, 3, 1), True, V.ROLL_OVER),
    (AFTER, date(2026, 3, 20), END, True, V.ROLL_OVER),
    (AFTER, date(2026, 3, 20), None, True, V.LAPSE),  # renewed, not paid
    (AFTER, date(2026, 3, 20), date(2027, 3, 11), True, V.LAPSE),  # paid too late
    (AFTER, date(2026, 3, 20), None, False, V.LAPSE),  # not renewed
    (AFTER, None, date(2027, 3, 1), True, V.LAPSE),  # this year never paid
])
def test_viewer_outcome(now, paid, next_paid, invoiced, outcome):
    assert rules.viewer_outcome(END, now, paid, next_paid, invoiced) is outcome


def test_export_goes_stale_after_a_week():
    built = utc(2026, 1, 1, 9)
    assert rules.export_stale(None, built)
    assert not rules.export_stale(built, built + timedelta(days=7))
    assert rules.export_stale(built, built + timedelta(days=7, seconds=1))


def test_destruction_keeps_the_fiscal_tables_and_anonymises_the_client_last():
    assert {t.table for t in kept_tables()} == {"client_invoices", "payments"}
    order = erase_order()
    assert order[-1] == "clients" and not set(order) & {"client_invoices", "payments"}
    assert order.index("client_user_logins") < order.index("client_users")
    assert order.index("contact_registrations") < order.index("dossiers") < order.index("debtors")


def test_certificate_text_states_counts_what_was_kept_and_backups():
    cert = {
        "exit_id": "x1", "client_id": 7, "rule_nl": "opzegging", "effective_date": "2026-03-11",
        "destroyed_at": "2026-03-11T03:00:00+00:00",
        "destroyed": [{"table": "contact_registrations", "deleted": 6, "anonymised": 0},
                      {"table": "debtors", "deleted": 1, "anonymised": 2}],
        "blobs_deleted": 4,
        "kept": [{"table": "payments", "rows": 3, "reason_nl": "fiscale bewaarplicht"}],
        "anonymised_note_nl": None,
    }
    text = texts.certificate_text(cert)
    assert "contactregistraties: 6 verwijderd" in text
    assert "debiteuren: 1 verwijderd, 2 ontdaan van persoonsgegevens" in text
    assert "betalingen: 3 records. fiscale bewaarplicht" in text
    assert "11 maart 2026 om 04:00" in text  # Amsterdam time
    assert "back-upcyclus" in text and "opnieuw toegepast" in text
