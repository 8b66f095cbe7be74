"""OpenTelemetry processors that mask every log record and span before any exporter sees it.

Registered first in the pipelines that `configure_azure_monitor` builds (its
`log_record_processors` and `span_processors` options), so they run before the exporter's batch
processor takes the record: whatever handler produced a record, what leaves the process is masked.
Imported only when telemetry is configured (the OpenTelemetry SDK is a heavy import).
"""

from __future__ import annotations

from typing import Any

from opentelemetry.sdk._logs import LogRecordProcessor, ReadWriteLogRecord
from opentelemetry.sdk.trace import Event, ReadableSpan, SpanProcessor
from opentelemetry.trace import Status

from shared.masking import mask_attributes, mask_text, mask_value


class MaskingLogRecordProcessor(LogRecordProcessor):
    def on_emit(self, log_record: ReadWriteLogRecord) -> None:
        record = log_record.log_record
        record.body = mask_value(record.body)
        if record.attributes:
            for key, value in list(record.attributes.items()):
                record.attributes[key] = mask_value(value)  # type: ignore[index]

    def shutdown(self) -> None:
        pass

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


class MaskingSpanProcessor(SpanProcessor):
    """A ReadableSpan is read-only by design, so its fields are replaced on the object that the
    next processors (the exporter's) receive. The fake-ingestion test proves it against the real
    Azure Monitor exporter."""

    def on_end(self, span: ReadableSpan) -> None:
        s: Any = span
        s._name = mask_text(span.name)
        s._attributes = mask_attributes(span.attributes)
        s._events = tuple(Event(e.name, mask_attributes(e.attributes), e.timestamp) for e in span.events)
        if span.status.description:
            s._status = Status(span.status.status_code, mask_text(span.status.description))
