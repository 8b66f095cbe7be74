"""API models of the backups area."""

from __future__ import annotations

from datetime import datetime

from shared.http.model import ApiModel


class CheckState(ApiModel):
    kind: str  # verify | restore | drill
    at: datetime
    ok: bool


class PartOut(ApiModel):
    name: str
    kind: str
    rows: int
    bytes: int
    sha256: str


class SnapshotOut(ApiModel):
    id: str
    taken_at: datetime
    parts: int
    rows: int
    size_bytes: int
    key_id: str
    verified: CheckState | None = None


class SnapshotDetail(SnapshotOut):
    dialects: dict[str, str]
    alembic_revisions: dict[str, str | None]
    part_list: list[PartOut]


class SnapshotList(ApiModel):
    items: list[SnapshotOut]
    incomplete: int  # interrupted snapshots (no manifest): never listed, never restored


class BadPart(ApiModel):
    part: str
    reason: str


class VerifyOut(ApiModel):
    id: str
    ok: bool
    bad_parts: list[BadPart]
