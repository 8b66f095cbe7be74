"""Blob storage adapter (Azurite locally, a managed identity in Azure). The only importer of
azure-storage-blob; it imports lazily so the function app indexes fast."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

EXPORTS = "exports"
BACKUPS = "backups"
DOCUMENTS = "documents"
BATCH_DELETE = 256  # the Blob batch API takes at most 256 sub-requests a call


class BlobStore:
    def __init__(self, connection: str, credential: Any = None):
        self._connection = connection
        self._credential = credential
        self._service: Any = None

    @property
    def service(self) -> Any:
        if self._service is None:
            from azure.storage.blob import BlobServiceClient

            if self._connection.startswith("https://") or self._connection.startswith("http://"):
                credential = self._credential
                if credential is None:
                    from azure.identity import DefaultAzureCredential

                    credential = DefaultAzureCredential()
                self._service = BlobServiceClient(self._connection, credential=credential)
            else:
                self._service = BlobServiceClient.from_connection_string(self._connection)
        return self._service

    def container(self, name: str) -> Any:
        client = self.service.get_container_client(name)
        if not client.exists():
            from azure.core.exceptions import ResourceExistsError

            with contextlib.suppress(ResourceExistsError):  # created meanwhile by another worker
                client.create_container()
        return client

    def upload(self, container: str, name: str, data: bytes | Iterable[bytes], *,
               overwrite: bool = False, metadata: dict[str, str] | None = None,
               content_type: str | None = None) -> None:
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(content_type=content_type) if content_type else None
        self.container(container).upload_blob(
            name, data, overwrite=overwrite, metadata=metadata, content_settings=settings, max_concurrency=1
        )

    def download(self, container: str, name: str) -> bytes:
        return bytes(self.container(container).download_blob(name).readall())

    def stream(self, container: str, name: str) -> Iterator[bytes]:
        yield from self.container(container).download_blob(name).chunks()

    def exists(self, container: str, name: str) -> bool:
        return bool(self.container(container).get_blob_client(name).exists())

    def delete(self, container: str, name: str) -> bool:
        from azure.core.exceptions import ResourceNotFoundError

        try:
            self.container(container).delete_blob(name, delete_snapshots="include")
            return True
        except ResourceNotFoundError:
            return False

    def delete_many(self, container: str, names: Sequence[str]) -> list[str]:
        """Delete these blobs, up to 256 a call (one batch request each). A blob already gone counts
        as deleted. Returns the names whose delete failed; raises when storage cannot be reached."""
        client, failed = self.container(container), []
        for start in range(0, len(names), BATCH_DELETE):
            part = list(names[start:start + BATCH_DELETE])
            answers = client.delete_blobs(*part, delete_snapshots="include", raise_on_any_failure=False)
            failed += [n for n, r in zip(part, answers, strict=True) if r.status_code not in (200, 202, 404)]
        return failed

    def list(self, container: str, prefix: str | None = None) -> list[str]:
        return [b.name for b in self.container(container).list_blobs(name_starts_with=prefix)]

    def read_link(self, container: str, name: str, now: datetime, minutes: int) -> str:
        """A short-lived read-only link: a user-delegation SAS with a managed identity, an
        account-key SAS with a connection string (Azurite)."""
        from azure.storage.blob import BlobSasPermissions, generate_blob_sas

        expiry = now + timedelta(minutes=minutes)
        svc = self.service
        blob = svc.get_blob_client(container, name)
        kwargs: dict[str, Any] = {"permission": BlobSasPermissions(read=True), "expiry": expiry,
                                  "start": now - timedelta(minutes=5)}
        if getattr(svc.credential, "account_key", None):
            sas = generate_blob_sas(svc.account_name, container, name, account_key=svc.credential.account_key,
                                    **kwargs)
        else:
            key = svc.get_user_delegation_key(now - timedelta(minutes=5), expiry)
            sas = generate_blob_sas(svc.account_name, container, name, user_delegation_key=key, **kwargs)
        return f"{blob.url}?{sas}"
