"""DSAR rules: scope by controller, status flow, verification methods, field checks,
portability columns, the Art. 17(3) split and the deadline-watch thresholds."""

from datetime import UTC, date, datetime

import pytest

from shared.dsar import rules
from shared.dsar.status import DSAR_GROUPS, DeadlineOwner, RequestType, Status, Verification
from shared.errors import InvalidInput


def test_status_groups_cover_every_status_once():
    assert set(Status) == DSAR_GROUPS.open | DSAR_GROUPS.closed and not DSAR_GROUPS.open & DSAR_GROUPS.closed
    assert {s.value for s in DSAR_GROUPS.open} == {"received", "awaiting_verification", "awaiting_controller",
                                                   "in_progress", "extended"}


@pytest.mark.parametrize(("given", "controller_clients", "own", "expected"), [
    (None, [], False, [None]),  # unknown subject: Incassotool answers
    (None, [2, 1, 2], False, [1, 2]),  # a debtor (or employee) of two clients: one request per controller
    (None, [1], True, [1, None]),  # a client's debtor and also a client's contact person
    (3, [1, 2], True, [3]),  # a given client decides
])
def test_one_request_per_controller(given, controller_clients, own, expected):
    assert rules.controllers_for(given, controller_clients, own) == expected


def test_a_clients_debtors_and_employees_are_its_data_the_rest_incassotools():
    assert rules.in_scope("dossiers", 1) and not rules.in_scope("dossiers", None)
    # the client's staff in the platform: the client is the controller of their accounts
    assert rules.in_scope("client_users", 1) and not rules.in_scope("client_users", None)
    assert rules.in_scope("client_user_logins", 1) and not rules.in_scope("client_user_logins", None)
    # the client's contact person is Incassotool's customer relation
    assert rules.in_scope("clients", None) and not rules.in_scope("clients", 1)
    assert rules.in_scope("prospects", None) and not rules.in_scope("staff", 5)


@pytest.mark.parametrize(("subjects", "relation"), [
    ({"debtor"}, "debtor"), ({"client_employee"}, "client_employee"),
    ({"debtor", "client_employee"}, "debtor"), (set(), "debtor"),
])
def test_a_letter_speaks_of_the_subject_as_what_it_is_to_the_client(subjects, relation):
    assert rules.relation(subjects) == relation


@pytest.mark.parametrize(("verified", "owner", "admissible", "status"), [
    (False, DeadlineOwner.CONTROLLER, None, Status.AWAITING_VERIFICATION),
    (True, DeadlineOwner.CONTROLLER, None, Status.AWAITING_CONTROLLER),
    (True, DeadlineOwner.CONTROLLER, True, Status.IN_PROGRESS),
    (True, DeadlineOwner.INCASSOTOOL, None, Status.IN_PROGRESS),
    (False, DeadlineOwner.INCASSOTOOL, None, Status.AWAITING_VERIFICATION),
])
def test_status_after_verification_and_decision(verified, owner, admissible, status):
    assert rules.status_after(verified, owner, admissible) is status


@pytest.mark.parametrize("method", ["id_copy", "passport_copy", "ID_COPY", "bsn"])
def test_id_copies_are_refused_with_the_reason(method):
    with pytest.raises(InvalidInput) as exc:
        rules.check_method(method)
    assert "never stored" in exc.value.detail and "dossier_number_postcode" in exc.value.detail


def test_known_methods_pass_and_unknown_or_automatic_ones_do_not():
    assert rules.check_method("dossier_number_postcode") is Verification.DOSSIER_NUMBER_POSTCODE
    for bad in ("telepathy", "portal_verified_email"):
        with pytest.raises(InvalidInput):
            rules.check_method(bad)


@pytest.mark.parametrize(("raw", "norm"), [("1234ab", "1234 AB"), (" 1234 AB ", "1234 AB"), ("0123 AB", None),
                                           ("1234 SS", None), ("12345", None), ("1234 A", None)])
def test_dutch_postcodes(raw, norm):
    assert rules.normalise_postcode(raw) == norm


@pytest.mark.parametrize(("iban", "ok"), [("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True),
                                          ("NL92ABNA0417164300", False), ("DE89370400440532013000", True),
                                          ("NL91ABNA041716430", False), ("XX", False)])
def test_iban_check_digits(iban, ok):
    assert rules.iban_ok(iban) is ok


def test_changes_are_validated_and_normalised():
    out = rules.validate_changes({"postcode": "1234ab", "email": "Jan@Example.NL", "iban": "nl91 abna 0417 1643 00"},
                                 ["debtors"])
    assert out == {"postcode": "1234 AB", "email": "jan@example.nl", "iban": "NL91ABNA0417164300"}


def test_bad_changes_list_every_field():
    with pytest.raises(InvalidInput) as exc:
        rules.validate_changes({"postcode": "12", "iban": "NL00ABNA0417164300", "status": "paid",
                                "email": "no-at-sign", "kind": "business"}, ["debtors"])
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"changes.postcode", "changes.iban", "changes.status", "changes.email", "changes.kind"}


def test_empty_changes_and_too_long_values_are_refused():
    with pytest.raises(InvalidInput):
        rules.validate_changes({}, ["debtors"])
    with pytest.raises(InvalidInput):
        rules.validate_changes({"name": "x" * 300}, ["debtors"], lengths={"name": 200})


def test_portability_takes_only_what_the_subject_provided_or_generated():
    assert set(rules.export_columns("prospects", RequestType.PORTABILITY)) == {
        "id", "company", "contact_name", "email", "phone"}
    assert "source" in rules.export_columns("prospects", RequestType.ACCESS)
    assert rules.export_columns("debtors", RequestType.PORTABILITY) == []  # debtor data came from the client
    assert "ip_address" in rules.export_columns("client_user_logins", RequestType.PORTABILITY)


def test_erasure_split_keeps_what_a_duty_or_hold_keeps_and_erases_the_rest():
    rows = {"debtors": [1], "dossiers": [10, 11], "payments": [5], "letters": [7, 8]}
    keep = {"legal_hold": {}, "legal_claim": {"dossiers": [11], "letters": [8], "debtors": [1]},
            "fiscal": {"payments": [5], "unrelated": [99]}}
    split = rules.split_erasure(rows, keep)
    assert split.erase == {"dossiers": [10], "letters": [7]}
    assert split.kept == {"legal_claim": {"dossiers": [11], "letters": [8], "debtors": [1]},
                          "fiscal": {"payments": [5]}}


def test_a_row_kept_for_two_reasons_is_listed_once_under_the_first():
    split = rules.split_erasure({"payments": [5]}, {"legal_hold": {"payments": [5]}, "fiscal": {"payments": [5]}})
    assert split.kept == {"legal_hold": {"payments": [5]}} and split.erase == {}


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2026, 2, 20, 12, tzinfo=UTC), None),  # 10 days before 2 March
    (datetime(2026, 2, 23, 12, tzinfo=UTC), "7d"),
    (datetime(2026, 2, 28, 12, tzinfo=UTC), "2d"),
    (datetime(2026, 3, 2, 22, 59, tzinfo=UTC), "2d"),  # the due day itself, 23:59 Amsterdam
    (datetime(2026, 3, 2, 23, 0, tzinfo=UTC), "overdue"),  # midnight in Amsterdam (CET)
])
def test_alert_thresholds(now, expected):
    assert rules.alert_threshold(date(2026, 3, 2), now) == expected


def test_categories_count_each_category_a_table_holds():
    cats = rules.categories_of({"payments": 2})
    assert cats == {"financial": 2, "name": 2}
