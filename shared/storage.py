"""Blob storage adapter (Azurite locally, a managed identity in Azure). The only importer of
azure-storage-blob and azure-core's errors; it imports lazily so the function app indexes fast.

- Each container is created at most once per process, not checked before every call.
- Short timeouts and one quick retry: an interactive request that finds storage unreachable
  answers 503 (`Unavailable`) within seconds instead of holding its worker through minutes of
  backoff. A missing blob is `BlobMissing`, a domain error, so no area imports azure.core.
- Deletes go in batches of up to 256 (the Blob batch limit).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from shared.errors import BlobMissing, Unavailable

EXPORTS = "exports"
BACKUPS = "backups"
DOCUMENTS = "documents"
BATCH_DELETE = 256  # the Blob batch API takes at most 256 sub-requests a call
CONNECT_SECONDS = 3
READ_SECONDS = 20
RETRIES = 1
UNREACHABLE = "Blob storage cannot be reached; nothing was changed. Try again in a few minutes."


@contextlib.contextmanager
def _guarded(container: str, name: str | None = None) -> Iterator[None]:
    from azure.core.exceptions import ResourceNotFoundError, ServiceRequestError, ServiceResponseError

    try:
        yield
    except ResourceNotFoundError:
        raise BlobMissing(f"No blob {name or ''} in {container}") from None
    except (ServiceRequestError, ServiceResponseError):
        raise Unavailable(UNREACHABLE) from None


class BlobStore:
    def __init__(self, connection: str, credential: Any = None):
        self._connection = connection
        self._credential = credential
        self._service: Any = None
        self._created: set[str] = set()

    @property
    def service(self) -> Any:
        if self._service is None:
            from azure.storage.blob import BlobServiceClient, LinearRetry

            # The SDK logs every HTTP call at INFO: quiet unless an operator asked for more.
            sdk = logging.getLogger("azure")
            if sdk.level == logging.NOTSET:
                sdk.setLevel(logging.WARNING)
            options: dict[str, Any] = {
                "retry_policy": LinearRetry(backoff=1, random_jitter_range=0, retry_total=RETRIES),
                "connection_timeout": CONNECT_SECONDS, "read_timeout": READ_SECONDS}
            if self._connection.startswith("https://") or self._connection.startswith("http://"):
                credential = self._credential
                if credential is None:
                    from azure.identity import DefaultAzureCredential

                    credential = DefaultAzureCredential()
                self._service = BlobServiceClient(self._connection, credential=credential, **options)
            else:
                self._service = BlobServiceClient.from_connection_string(self._connection, **options)
        return self._service

    def container(self, name: str) -> Any:
        client = self.service.get_container_client(name)
        if name not in self._created:
            from azure.core.exceptions import ResourceExistsError

            with _guarded(name), contextlib.suppress(ResourceExistsError):  # exists, or created meanwhile
                client.create_container()
            self._created.add(name)
        return client

    def upload(self, container: str, name: str, data: bytes | Iterable[bytes], *,
               overwrite: bool = False, metadata: dict[str, str] | None = None,
               content_type: str | None = None) -> None:
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(content_type=content_type) if content_type else None
        with _guarded(container, name):
            self.container(container).upload_blob(
                name, data, overwrite=overwrite, metadata=metadata, content_settings=settings, max_concurrency=1
            )

    def download(self, container: str, name: str) -> bytes:
        with _guarded(container, name):
            return bytes(self.container(container).download_blob(name).readall())

    def stream(self, container: str, name: str) -> Iterator[bytes]:
        with _guarded(container, name):
            yield from self.container(container).download_blob(name).chunks()

    def exists(self, container: str, name: str) -> bool:
        with _guarded(container, name):
            return bool(self.container(container).get_blob_client(name).exists())

    def delete(self, container: str, name: str) -> bool:
        try:
            with _guarded(container, name):
                self.container(container).delete_blob(name, delete_snapshots="include")
            return True
        except BlobMissing:
            return False

    def delete_many(self, container: str, names: Sequence[str]) -> list[str]:
        """Delete these blobs, up to 256 a call (one batch request each). A blob already gone counts
        as deleted. Returns the names whose delete failed; raises Unavailable when storage cannot be reached."""
        client, failed = self.container(container), []
        for start in range(0, len(names), BATCH_DELETE):
            part = list(names[start:start + BATCH_DELETE])
            with _guarded(container):
                answers = client.delete_blobs(*part, delete_snapshots="include", raise_on_any_failure=False)
                failed += [n for n, r in zip(part, answers, strict=True) if r.status_code not in (200, 202, 404)]
        return failed

    def list(self, container: str, prefix: str | None = None) -> list[str]:
        with _guarded(container):
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
            with _guarded(container, name):
                key = svc.get_user_delegation_key(now - timedelta(minutes=5), expiry)
            sas = generate_blob_sas(svc.account_name, container, name, user_delegation_key=key, **kwargs)
        return f"{blob.url}?{sas}"
