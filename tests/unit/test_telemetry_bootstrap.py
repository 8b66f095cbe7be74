"""Azure Monitor is configured once, only with a connection string, and never when the
Functions worker already exports telemetry."""

import sys
import types

import pytest

from shared import telemetry


@pytest.fixture
def fake_monitor(monkeypatch):
    calls = []
    module = types.ModuleType("azure.monitor.opentelemetry")
    module.configure_azure_monitor = lambda **kw: calls.append(kw)
    monkeypatch.setitem(sys.modules, "azure.monitor.opentelemetry", module)
    monkeypatch.setattr(telemetry, "_configured", False)
    monkeypatch.delenv("APPLICATIONINSIGHTS_CONNECTION_STRING", raising=False)
    monkeypatch.delenv("PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY", raising=False)
    return calls


def test_without_connection_string_nothing_is_configured(fake_monitor):
    assert telemetry.configure() is False
    assert fake_monitor == []


def test_with_connection_string_configured_exactly_once(fake_monitor, monkeypatch):
    monkeypatch.setenv("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=x")
    assert telemetry.configure() is True
    assert telemetry.configure() is False
    assert len(fake_monitor) == 1


def test_not_when_the_worker_exports_already(fake_monitor, monkeypatch):
    monkeypatch.setenv("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=x")
    monkeypatch.setenv("PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY", "true")
    assert telemetry.configure() is False
    assert fake_monitor == []
