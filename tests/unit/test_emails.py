"""One normal form for e-mail addresses: NFKC, trimmed, ASCII case fold, look-alikes refused."""

import pytest

from shared.emails import claim_email, normalise_email, same_email


@pytest.mark.parametrize("raw,normal", [
    ("Lucas.Flink13@Example.NL", "lucas.flink13@example.nl"),
    ("  jan@example.nl\t", "jan@example.nl"),
    ("J\u00d6RG@example.de", "j\u00d6rg@example.de"),  # non-ASCII letters keep their case: they match only themselves
    ("jo\u0308rg@example.de", "j\u00f6rg@example.de"),  # combining diaeresis composed by NFKC
])
def test_normal_form(raw, normal):
    assert normalise_email(raw) == normal


@pytest.mark.parametrize("raw", [
    "lucas.flin\u212a13@example.nl",  # Kelvin sign for K
    "lucas.flink13@ex\uff41mple.nl",  # full-width a
    "jan\u00a0@example.nl", "no-at-sign", "a@b@c", "jan @example.nl", "", "x" * 250 + "@e.nl",
])
def test_look_alikes_and_non_addresses_are_refused(raw):
    assert normalise_email(raw) is None


def test_a_claim_must_come_trimmed():
    assert claim_email("jan@example.nl") == "jan@example.nl"
    assert claim_email(" jan@example.nl") is None
    assert claim_email(5) is None


def test_comparison_is_exact_after_normalising():
    assert same_email("Jan@Example.nl", "jan@example.nl")
    assert not same_email("lucas.flin\u212a13@example.nl", "lucas.flink13@example.nl")
    assert not same_email(None, None)
