"""Telemetry: OpenTelemetry via Azure Monitor, custom events for alert rules, and log masking.

Custom events use the `microsoft.custom_event.name` log convention, so they land in the
`customEvents` table that the alert rules query. Properties are ids and counts only.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from shared.alerts import Alert
from shared.masking import MaskingFilter, Unmasked, install_filter, mask_text

__all__ = ["MaskingFilter", "Unmasked", "configure", "emit", "install_masking", "mask_text", "span"]

log = logging.getLogger("privacy")
_events = logging.getLogger("privacy.events")
_configured = False
_exporting = False
_lock = threading.Lock()


def configure(**options: Any) -> bool:
    """Start Azure Monitor once, only when a connection string is set and the Functions worker
    does not already export telemetry itself. Returns whether this call configured it.

    The masking processors run first in both pipelines, so every record, span and event is masked
    before any exporter sees it, whatever handler made it. `options` go to configure_azure_monitor
    (tests turn off offline storage)."""
    global _configured, _exporting
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

        from shared.otel_masking import MaskingLogRecordProcessor, MaskingSpanProcessor

        configure_azure_monitor(logger_name="privacy", log_record_processors=[MaskingLogRecordProcessor()],
                                span_processors=[MaskingSpanProcessor()], **options)
        install_masking()  # and the distro's own handler on `privacy` gets the filter too
        _exporting = True
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


def install_masking() -> None:
    """The masking filter on the root logger, the `privacy` logger and all their handlers."""
    install_filter(logging.getLogger(), log)


@contextmanager
def span(name: str, **attributes: str | int) -> Iterator[Any]:
    """A span around one request or timer run, when telemetry is exported (else nothing).
    Its name and attributes are ids and route templates; an exception is recorded on it
    (masked by the span processor like everything else)."""
    if not _exporting:
        yield None
        return
    from opentelemetry import trace  # lazy: only when exporting

    with trace.get_tracer("privacy").start_as_current_span(name, attributes=attributes) as current:
        yield current


def record_exception(exc: BaseException) -> None:
    """Mark the current span failed with this exception (masked on export like everything else)."""
    if _exporting:
        from opentelemetry import trace

        current = trace.get_current_span()
        current.record_exception(exc)
        current.set_status(trace.Status(trace.StatusCode.ERROR, type(exc).__name__))
