"""With Blob storage down (Azurite stopped), the routes that need it answer 503 problem+json quickly
and change nothing, while health and the routes that do not need storage answer as usual."""

import pytest

from tests.support.azurite import Azurite


@pytest.fixture
def storage_down(deps, monkeypatch):
    from shared.storage import BlobStore

    if Azurite.binary() is None:
        pytest.skip("Azurite is not installed in node_modules: run `make install`")
    azurite = Azurite().start()
    store = BlobStore(azurite.connection_string)
    store.list("backups")  # it worked a moment ago
    azurite.stop()
    monkeypatch.setenv("PRIVACY_STORAGE_CONNECTION", azurite.connection_string)
    deps.__dict__["blobs"] = store
    return deps


OPS = {"role": "Privacy.Officer"}


def test_storage_routes_answer_503_and_the_others_keep_answering(storage_down, client):
    down = client.get("backups", **OPS)
    assert down.status == 503
    assert down.header("Content-Type").startswith("application/problem+json")
    assert "Blob storage cannot be reached" in down.json()["detail"]

    assert client.get("health").status == 200
    assert client.get("dsar", **OPS).status == 200
    assert client.get("breaches", **OPS).status == 200
    assert client.get("retention/policies", **OPS).status == 200


def test_a_missing_blob_is_a_domain_error(blob_deps):
    from shared.errors import BlobMissing

    with pytest.raises(BlobMissing):
        blob_deps.blobs.download("exports", "no-such-blob.zip")
    assert blob_deps.blobs.delete("exports", "no-such-blob.zip") is False


def test_deletes_go_in_batches_of_at_most_256(blob_deps, monkeypatch):
    store = blob_deps.blobs
    names = [f"batch/{i:04d}" for i in range(300)]
    for n in names:
        store.upload("exports", n, b"x", overwrite=True)
    calls = []
    client = store.container("exports")
    real = type(client).delete_blobs

    def counting(self, *blobs, **kw):
        calls.append(len(blobs))
        return real(self, *blobs, **kw)

    monkeypatch.setattr(type(client), "delete_blobs", counting)
    assert store.delete_many("exports", [*names, "batch/gone-already"]) == []
    assert calls == [256, 45]
    assert store.list("exports", prefix="batch/") == []
