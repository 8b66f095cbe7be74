"""Telemetry: OpenTelemetry via Azure Monitor, custom events for alert rules, and log masking.

Custom events use the `microsoft.custom_event.name` log convention, so they land in the
`customEvents` table that the alert rules query. Properties are ids and counts only.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import traceback
from typing import Any

from shared.alerts import Alert

log = logging.getLogger("privacy")
_events = logging.getLogger("privacy.events")
_configured = False
_lock = threading.Lock()


def configure() -> bool:
    """Start Azure Monitor once, only when a connection string is set and the Functions worker
    does not already export telemetry itself. Returns whether this call configured it."""
    global _configured
    if _configured:  # every request and timer run asks: answer without the lock
        return False
    with _lock:
        if _configured:
            return False
        _configured = True
        install_masking()
        if not os.environ.get("APPLICATIONINSIGHTS_CONNECTION_STRING"):
            return False
        if os.environ.get("PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY", "").lower() == "true":
            return False  # the worker exports already: a second exporter would double every record
        from azure.monitor.opentelemetry import configure_azure_monitor  # lazy: heavy import

        configure_azure_monitor(logger_name="privacy")
        return True


def emit(event: Alert | str, **properties: Any) -> dict[str, Any]:
    """Emit a custom event. Returns the record's attributes (tests and the local host read them)."""
    name = event.event_name if isinstance(event, Alert) else event
    attrs: dict[str, Any] = {"microsoft.custom_event.name": name}
    if isinstance(event, Alert):
        attrs["alert_severity"] = event.severity
    attrs.update({k: v for k, v in properties.items() if isinstance(v, str | int | float | bool)})
    _events.warning(name, extra=attrs)
    return attrs


# --- Masking -------------------------------------------------------------------------------

class Unmasked:
    """Lets one value through the log mask, where it must be logged (never personal data)."""

    def __init__(self, value: Any):
        self.value = value

    def __str__(self) -> str:
        return str(self.value)


_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail
    re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{4}\d{7}([A-Z0-9]?){0,16}\b"),  # IBAN
    re.compile(r"(\+31|0031|\b0)[\s-]?[1-9](?:[\s-]?\d){8}\b"),  # Dutch phone number
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Dutch postcode
    re.compile(r"\b\d{9}\b"),  # BSN-like numbers
]


def mask_text(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("***", text)
    return text


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
            record.args = tuple(a.value if isinstance(a, Unmasked) else _mask_value(a) for a in args)
        if isinstance(record.msg, str):
            record.msg = mask_text(record.msg)
        return True


def _mask_value(value: Any) -> Any:
    return mask_text(value) if isinstance(value, str) else value


def install_masking() -> None:
    root = logging.getLogger()
    if not any(isinstance(f, MaskingFilter) for f in root.filters):
        root.addFilter(MaskingFilter())
    for handler in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
