"""The Blob adapter against Azurite: streamed upload, download, short-lived read links."""

from datetime import UTC, datetime

import httpx

from shared.storage import BlobStore


def test_streamed_upload_download_and_read_link(azurite):
    store = BlobStore(azurite.connection_string)
    chunks = (bytes([i]) * 100_000 for i in range(20))
    store.upload("exports", "a/b.bin", chunks, content_type="application/octet-stream")
    data = store.download("exports", "a/b.bin")
    assert len(data) == 2_000_000 and data[:1] == b"\x00" and data[-1:] == b"\x13"
    assert store.list("exports", prefix="a/") == ["a/b.bin"]
    link = store.read_link("exports", "a/b.bin", datetime.now(UTC), minutes=5)
    assert "sig=" in link and "sp=r" in link
    resp = httpx.get(link, timeout=10)
    assert resp.status_code == 200 and len(resp.content) == 2_000_000
    assert store.delete("exports", "a/b.bin") is True
    assert store.delete("exports", "a/b.bin") is False
