"""Verifying the audit chain, for the nightly timer and `privacy audit verify`.

The chain is checked against anchors kept outside the database: the head written into every
backup manifest (immutable Blob storage), and any anchor given by hand (`--anchor SEQ:HASH`, e.g.
from the nightly `Privacy.AuditChainVerified` event in Application Insights). Someone who can
write to the store but holds neither the audit key nor the backups cannot hide a rewrite or a cut.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from shared import audit, telemetry
from shared.alerts import Alert
from shared.deps import Deps

log = logging.getLogger("privacy.audit")
VERIFIED_EVENT = "Privacy.AuditChainVerified"


class AuditChainBroken(Exception):
    """The chain does not verify: the run fails, which the Functions host records too."""


def backup_anchors(deps: Deps) -> tuple[list[audit.Anchor], str | None]:
    """The head recorded in each valid backup manifest; (anchors, why none could be read)."""
    from shared.backups.catalog import scan

    try:
        manifests = scan(deps).manifests
    except Exception as exc:  # storage down: verify what the database holds, and say so
        log.warning("backup manifests unreadable for audit anchors: %s", type(exc).__name__)
        return [], f"backup manifests unreadable ({type(exc).__name__})"
    return [audit.Anchor(int(m["audit_head"]["seq"]), m["audit_head"]["hash"], f"backup {sid}")
            for sid, m in manifests.items() if m.get("audit_head")], None


def chain_report(deps: Deps, extra: Iterable[audit.Anchor] = ()) -> tuple[audit.ChainReport, dict[str, Any]]:
    anchors, unavailable = backup_anchors(deps)  # before the connection: none is held across Blob calls
    anchors += list(extra)
    with deps.store.connect() as conn:
        report = audit.verify(conn, anchors)
    head = report.head
    return report, {"ok": report.ok, "events": report.events, "first_bad_seq": report.first_bad_seq,
                    "reason": report.reason, "head": {"seq": head.seq, "hash": head.hash} if head else None,
                    "anchors_checked": report.anchors_checked, "anchors_unavailable": unavailable}


def verify_and_alert(deps: Deps) -> dict[str, Any]:
    report, result = chain_report(deps)
    if not report.ok:
        telemetry.emit(Alert.AUDIT_CHAIN_BROKEN, first_bad_seq=report.first_bad_seq or 0,
                       events=report.events, reason=report.reason or "")
        raise AuditChainBroken(f"audit chain broken at event {report.first_bad_seq}: {report.reason}")
    # The verified head leaves the database: an anchor in Application Insights for later checks.
    telemetry.emit(VERIFIED_EVENT, events=report.events, head_seq=report.head.seq if report.head else 0,
                   head_hash=report.head.hash if report.head else audit.GENESIS,
                   anchors_checked=report.anchors_checked)
    return result
