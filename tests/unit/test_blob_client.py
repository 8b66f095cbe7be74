"""Lean Blob I/O: a container is created once per process, not checked before every call, and the
Azure SDK logs at WARNING unless an operator asked for more (INFO would log every HTTP call)."""

import logging

from shared.storage import BlobStore

AZURITE = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
           "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;")


class FakeContainer:
    def __init__(self, calls):
        self.calls = calls

    def create_container(self):
        self.calls.append("create")

    def exists(self):
        self.calls.append("exists")
        return True


class FakeService:
    def __init__(self):
        self.calls: list[str] = []

    def get_container_client(self, name):
        return FakeContainer(self.calls)


def test_a_container_is_created_once_and_never_checked_before_a_call():
    store = BlobStore(AZURITE)
    store._service = FakeService()
    for _ in range(3):
        store.container("exports")
    store.container("backups")
    assert store._service.calls == ["create", "create"]


def test_the_sdk_logs_at_warning_by_default(monkeypatch):
    sdk = logging.getLogger("azure")
    monkeypatch.setattr(sdk, "level", logging.NOTSET)
    assert BlobStore(AZURITE).service is not None  # builds the client; no request is made
    assert sdk.level == logging.WARNING
    monkeypatch.setattr(sdk, "level", logging.DEBUG)  # an operator's choice stays
    assert BlobStore(AZURITE).service is not None
    assert sdk.level == logging.DEBUG
