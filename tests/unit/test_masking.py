"""Personal data are masked in logs by default; Unmasked lets one value through."""

import logging

import pytest

from shared.telemetry import MaskingFilter, Unmasked, emit, mask_text


def test_mask_text_hides_emails_ibans_phones_postcodes():
    text = "jan@example.nl NL91ABNA0417164300 +31 6 12345678 0612345678 1234 AB 123456782"
    masked = mask_text(text)
    for secret in ("jan@example.nl", "NL91ABNA0417164300", "12345678", "1234 AB", "123456782"):
        assert secret not in masked


def test_filter_masks_arguments_but_lets_unmasked_through():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user %s run %s", ("a@b.nl", Unmasked("run-7")), None)
    MaskingFilter().filter(record)
    assert record.getMessage() == "user *** run run-7"


def test_events_carry_their_name_and_no_objects(caplog):
    with caplog.at_level("WARNING", logger="privacy.events"):
        attrs = emit("Privacy.Test", count=3, obj=object())
    assert attrs["microsoft.custom_event.name"] == "Privacy.Test"
    assert "obj" not in attrs


def test_tracebacks_are_masked_and_sql_parameters_never_shown(caplog):
    from sqlalchemy import text

    from shared.db.engines import build_engine

    engine = build_engine("sqlite://")
    name = "".join(["Jan", " de ", "Vries"])  # not a literal: tracebacks quote source lines
    address = "@".join(["jan", "example.nl"])
    logger = logging.getLogger("privacy.test")
    logger.addFilter(MaskingFilter())
    with caplog.at_level("ERROR", logger="privacy.test"):
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT * FROM no_such_table WHERE name = :n"), {"n": name})
        except Exception:
            logger.exception("query failed")
        try:
            raise ValueError(f"bad address {address}")
        except ValueError:
            logger.exception("validation failed")
    assert name not in caplog.text
    assert address not in caplog.text
    assert "ValueError" in caplog.text  # the traceback itself is kept, masked


def test_every_pattern_is_bounded_so_masking_is_linear():
    """No unbounded repetition: each start position does bounded work, so the time grows with
    the length of the text, not its square (bench/bench_masking.py measures it)."""
    import re as _re

    from shared.masking import _PATTERNS

    for pattern in _PATTERNS:
        assert not _re.search(r"(?<!\\)[+*]", pattern.pattern.replace("[\\w.+-]", "")), pattern.pattern


@pytest.mark.parametrize("size", [64_000, 1_000_000])
def test_long_adversarial_input_is_masked(size):
    runs = ("a" * 50 + ".") * (size // 51)  # e-mail-like text without an @: the old pattern was quadratic
    assert mask_text(runs) == runs
    text = ("x" * 30 + "@" + "y" * 30 + ".nl ") * (size // 65)
    assert "@" not in mask_text(text)
    path = "/api/dsar/" + "jan.jansen@example.nl/" * (size // 22)
    assert "jan.jansen" not in mask_text(path)


def test_an_address_in_a_long_run_is_still_masked():
    assert mask_text("mailto:jan@example.nl;" + "a" * 10_000) == "mailto:***;" + "a" * 10_000
