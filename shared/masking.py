"""The masking gate: personal data out of every log line, span and event, in linear time.

Every pattern is bounded and starts only at the edge of a run of its own characters (a
lookbehind), so each start position does a bounded amount of work: a 1 MB line of e-mail-like
text takes time in proportion to its length, not its square.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Mapping
from typing import Any

MASK = "***"

_PATTERNS = [
    # e-mail: local part <= 64, labels <= 63 (RFC 5321), starting where a run of local-part characters starts
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{4}\d{7}[A-Z0-9]{0,16}\b"),  # IBAN
    re.compile(r"(?:\+31|0031|\b0)[\s-]?[1-9](?:[\s-]?\d){8}\b"),  # Dutch phone number
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Dutch postcode
    re.compile(r"\b\d{9}\b"),  # BSN-like numbers
]


class Unmasked:
    """Lets one value through the log mask, where it must be logged (never personal data)."""

    def __init__(self, value: Any):
        self.value = value

    def __str__(self) -> str:
        return str(self.value)


def mask_text(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def mask_value(value: Any) -> Any:
    """Strings masked; sequences of strings (OpenTelemetry attribute values) masked item by item."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, tuple | list):
        return type(value)(mask_value(v) for v in value)
    if isinstance(value, Mapping):
        return {k: mask_value(v) for k, v in value.items()}
    return value


def mask_attributes(attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: mask_value(v) for k, v in (attributes or {}).items()}


class MaskingFilter(logging.Filter):
    """Masks personal data in every record: message, arguments, and string attributes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            # A traceback can quote values (an error message naming a row): mask it as text, and
            # keep only the exception's type as an attribute for telemetry.
            record.exc_text = mask_text("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exception_type = record.exc_info[0].__name__
            record.exc_info = None
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(a.value if isinstance(a, Unmasked) else mask_value(a) for a in args)
        if isinstance(record.msg, str):
            record.msg = mask_text(record.msg)
        return True


def install_filter(*loggers: logging.Logger) -> None:
    """The filter on each logger and on each of its handlers (a handler's filter also covers
    records that propagate from child loggers; a logger's own filter does not)."""
    for logger in loggers:
        for target in (logger, *logger.handlers):
            if not any(isinstance(f, MaskingFilter) for f in target.filters):
                target.addFilter(MaskingFilter())
