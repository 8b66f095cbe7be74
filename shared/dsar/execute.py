"""Executing a verified, admissible request, per type, through the data map.

Each function reads and changes the platform in the caller's unit of work and returns an
Outcome: the result shown on the request (counts, categories, reasons; no personal data), the
audit details, and for erasure the document blobs to delete once the transaction committed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Connection

from shared import audit, letters, restrictions
from shared.datamap import DATA_MAP, runner
from shared.datamap.discovery import find_subject_rows, table
from shared.datamap.runner import Erasing, Tally, erase_batch
from shared.db.params import chunks
from shared.deps import Deps
from shared.dsar import art15, consent, erasure_decision, rules, texts
from shared.dsar import queries as q
from shared.dsar.controllers import client_name, relation_of
from shared.dsar.export import blob_name, build_package
from shared.dsar.models import CompleteIn
from shared.dsar.status import RequestType, RestrictionGround
from shared.errors import Conflict, InvalidInput, RuleViolation
from shared.holds import active_scope
from shared.pseudonym import Pseudonymiser
from shared.retention import kept
from shared.retention.rules import amsterdam_date, kept_row_ended
from shared.retention.service import load_policies
from shared.storage import EXPORTS
from shared.zip_export import read_chunks

log = logging.getLogger("privacy.dsar")
ERASURE_RULE = "art17_request"


@dataclass
class Outcome:
    result: dict[str, Any]
    audit: dict[str, Any]
    export_blob: str | None = None
    changes: dict[str, Any] | None = None
    blob_paths: list[str] = field(default_factory=list)
    package_blobs: list[str] = field(default_factory=list)  # earlier access packages, deleted after the commit


def discover(platform: Connection, email: str, client_id: int | None) -> dict[str, list[int]]:
    """The request's rows: a client's debtor data (processor mode) or Incassotool's own relations."""
    found = find_subject_rows(platform, email, client_id=client_id,
                              wanted=lambda name: rules.in_scope(name, client_id))
    return rules.scoped(found, client_id)


def counts(rows: Mapping[str, Sequence[int]]) -> dict[str, int]:
    return {t: len(ids) for t, ids in rows.items() if ids}


def run(deps: Deps, store: Connection, platform: Connection, row: Any, body: CompleteIn, now: datetime,
        completed_by: str | None = None, pseudonymise: Pseudonymiser | None = None) -> Outcome:
    """Every type but access and portability (their package is built by `package`, stored by
    `store_package` with no connection out, and recorded by `exported`). An erasure's key is
    fetched by the caller before the transaction: no connection waits on Key Vault."""
    kind = RequestType(row.type)
    rows = discover(platform, row.subject_email, row.client_id)
    if kind is RequestType.RECTIFICATION:
        out = rectify(store, platform, row, rows, body.changes or row.changes or {}, now)
    elif kind is RequestType.ERASURE:
        assert pseudonymise is not None, "an erasure needs the pseudonym key, fetched before the transaction"
        decision = erasure_decision.decision_of(store, row, client_name(platform, row.client_id), completed_by)
        given = body.art17_ground.value if body.art17_ground else None
        ground = erasure_decision.ground_for(decision, given, processor_mode=row.client_id is not None)
        out = erase(deps, store, platform, row, rows, now, ground, {**decision, "art17_ground": ground},
                    pseudonymise=pseudonymise)
    else:
        out = mark(store, platform, row, kind, rows, now, restriction_ground(kind, body))
        if kind is RequestType.OBJECTION:  # direct marketing stops at once (Art. 21(3)), before any decision
            out.result["direct_marketing_stopped"] = consent.stop_marketing(store, platform, rows, row.channel, now)
    return out


def restriction_ground(kind: RequestType, body: CompleteIn) -> str:
    """Art. 18(1): a restriction names its ground; an objection restricts while it is decided (18(1)(d))."""
    if kind is RequestType.OBJECTION:
        return RestrictionGround.OBJECTION_PENDING.value
    if body.restriction_ground is None:
        raise InvalidInput("A restriction needs its ground (Art. 18(1) AVG): restriction_ground",
                           errors=[{"in": "body", "field": "restriction_ground", "message": "required",
                                    "type": "missing"}])
    return body.restriction_ground.value


# --- Access and portability -------------------------------------------------------------------


@dataclass
class Package:
    kind: RequestType
    spool: IO[bytes]
    manifest: dict[str, Any]
    blob: str


def package(deps: Deps, store: Connection, platform: Connection, row: Any, now: datetime) -> Package:
    """The access or portability package, read in the caller's transaction into a local spool."""
    kind = RequestType(row.type)
    rows = discover(platform, row.subject_email, row.client_id)
    spool, manifest = build_package(platform, store, request_id=row.id, kind=kind, rows=rows, at=now,
                                    facts=art15.facts(deps, store, platform, row.client_id, rows))
    return Package(kind, spool, manifest, blob_name(row.id, kind, now))


def store_package(deps: Deps, pkg: Package) -> None:
    """After the reading transaction closed: an outage of storage holds no connection."""
    with pkg.spool:
        deps.blobs.upload(EXPORTS, pkg.blob, read_chunks(pkg.spool), overwrite=True, content_type="application/zip")


def discard_package(deps: Deps, pkg: Package) -> None:
    """The completion did not commit (another one won, or it failed): its file goes too."""
    try:
        deps.blobs.delete(EXPORTS, pkg.blob)
    except Exception:  # storage down: the export container's lifecycle rule ends it
        log.warning("dsar export: an uncommitted package could not be deleted")


def exported(store: Connection, row: Any, pkg: Package, now: datetime) -> Outcome:
    """In the completing transaction: the subject is told the package is ready."""
    line, text = texts.export_ready(pkg.kind.value, row.subject_name, row.id[:8])
    letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email, topic="dsar.export_ready",
                  related_type="dsar", related_id=row.id, subject_line=line, body=text)
    manifest = pkg.manifest
    result = {"tables": manifest["tables"], "restricted_rows": manifest["restricted_rows"],
              "formats": ["json", "csv"] + (["html"] if pkg.kind is RequestType.ACCESS else [])}
    return Outcome(result, {"tables": manifest["tables"]}, export_blob=pkg.blob)


# --- Rectification (Art. 16, 19) ---------------------------------------------------------------


def root_clients(platform: Connection, name: str, ids: Sequence[int]) -> dict[int, int | None]:
    if DATA_MAP.direct_client_column(DATA_MAP[name]) is None:
        return dict.fromkeys(ids)
    return {r: c for part in chunks(list(ids)) for r, c in platform.execute(q.root_clients(name, part))}


def validate_for(rows: Mapping[str, Sequence[int]], changes: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """(the subject's root tables, the validated changes): 422 listing every bad field."""
    roots = [t for t in rows if DATA_MAP[t].is_root and rows[t]]
    if not roots:
        raise RuleViolation("No records of this subject were found to rectify")
    lengths = {col.name: getattr(col.type, "length", None) for t in roots for col in table(t).columns}
    return roots, rules.validate_changes(changes, roots, lengths=lengths)


def apply_changes(platform: Connection, rows: Mapping[str, Sequence[int]], changes: Mapping[str, Any]) -> tuple[
        dict[str, Any], dict[str, int]]:
    """Validate and apply {column: value} to the subject's root records; (valid changes, rows per table)."""
    roots, valid = validate_for(rows, changes)
    updated: dict[str, int] = {}
    for t in roots:
        cols = {c: v for c, v in valid.items() if c in rules.rectifiable_columns(t)}
        if not cols:
            continue
        for part in chunks(list(rows[t])):
            platform.execute(q.rectify(t, part, cols))
        updated[t] = len(rows[t])
    return valid, updated


def recipients_for(platform: Connection, rows: Mapping[str, Sequence[int]]) -> list[dict[str, Any]]:
    """Art. 19: who received the data. For debtor data, the client as controller."""
    out: list[dict[str, Any]] = []
    clients = {c for root in DATA_MAP.processor_roots() if rows.get(root.table)
               for c in root_clients(platform, root.table, rows[root.table]).values() if c}
    for cid in sorted(clients):
        out.append({"kind": "controller", "client_id": cid,
                    "description_nl": f"cliënt nr. {cid} (verwerkingsverantwoordelijke)"})
    return out


def tell_clients(store: Connection, recipients: list[dict[str, Any]], kind: str, row: Any, rows: int,
                 now: datetime, relation: str = "debtor") -> None:
    """Art. 19 after an erasure or restriction: the clients whose data changed."""
    for r in recipients:
        line, text = texts.art19_to_client(kind, row.id[:8], rows, relation)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(r["client_id"]), topic="dsar.art19",
                      related_type="dsar", related_id=row.id, subject_line=line, body=text)


def inform_clients(store: Connection, recipients: list[dict[str, Any]], ref: str, request_id: str,
                   fields: list[str], now: datetime, relation: str = "debtor") -> None:
    for r in recipients:
        line, text = texts.rectification_to_client(ref, fields, relation)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(r["client_id"]), topic="dsar.art19",
                      related_type="dsar", related_id=request_id, subject_line=line, body=text)


def payout_notice(store: Connection, client_ids: Sequence[int], request_id: str, now: datetime, *,
                  done: bool) -> None:
    """The client hears of every change to its payout details: when asked, and when applied."""
    for cid in client_ids:
        line, text = texts.payout_change(request_id[:8], done)
        letters.queue(store, at=now, recipient_kind="client", recipient=str(cid), topic="client.payout_change",
                      related_type="dsar", related_id=request_id, subject_line=line, body=text)


def rectify(store: Connection, platform: Connection, row: Any, rows: Mapping[str, Sequence[int]],
            changes: Mapping[str, Any], now: datetime) -> Outcome:
    if not changes:
        raise InvalidInput("A rectification needs the changes: {field: new value}",
                           errors=[{"in": "body", "field": "changes", "message": "required", "type": "missing"}])
    _, checked = validate_for(rows, changes)  # 422 for bad values before anything else
    if "email" in checked and not (row.subject_details or {}).get("new_email_verified_at"):
        raise Conflict("The new e-mail address is not verified yet. It finds the subject's records, so it applies "
                       "only once the subject confirmed it: signed in to the portal with the new address "
                       "(POST /me/email-confirmation)")
    valid, updated = apply_changes(platform, rows, changes)
    recipients = recipients_for(platform, rows)
    fields = sorted(valid)
    inform_clients(store, recipients, row.id[:8], row.id, fields, now, relation_of(rows))
    client = DATA_MAP.client_root()
    if "iban" in valid and client is not None and rows.get(client.table):
        payout_notice(store, rows[client.table], row.id, now, done=True)
    line, text = texts.rectified(row.subject_name, row.id[:8], fields, [r["description_nl"] for r in recipients])
    letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email, topic="dsar.rectified",
                  related_type="dsar", related_id=row.id, subject_line=line, body=text)
    result = {"fields": fields, "updated": updated, "recipients": recipients}
    # The new values are personal data: the request keeps only which fields changed.
    return Outcome(result, {"fields": fields, "updated": updated}, changes=dict.fromkeys(fields, "[toegepast]"))


# --- Erasure (Art. 17) -------------------------------------------------------------------------


Kept = dict[str, dict[str, list[int]]]  # duty -> table -> row ids


def what_to_keep(store: Connection, platform: Connection, rows: Mapping[str, Sequence[int]],
                 now: datetime) -> tuple[Kept, dict[str, dict[int, Any]]]:
    """Art. 17(3): the rows a duty keeps (a hold, an open claim, the Bki floor, the fiscal duty), per
    duty and table, and each kept row's end date (shared/retention/kept.py judges both)."""
    policies = load_policies(store)
    scope = active_scope(store)
    keep: dict[str, dict[str, list[int]]] = {}
    ends: dict[str, dict[int, Any]] = {}
    for t, ids in rows.items():
        if not ids:
            continue
        for r, (duty, until) in kept.judge(platform, t, ids, source=kept.SOURCE_DSAR, policies=policies,
                                           scope=scope).items():
            if duty is not None and not kept_row_ended(duty, until, amsterdam_date(now)):
                keep.setdefault(duty, {}).setdefault(t, []).append(r)
                ends.setdefault(t, {})[r] = until
    return keep, ends


def contract_running(platform: Connection, rows: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """The client records of a relationship that still runs: its contact and billing data are needed
    for the contract (Art. 6(1)(b)), so no ground of Art. 17(1) applies to them."""
    root = DATA_MAP.client_root()
    if root is None or not rows.get(root.table):
        return {}
    ids = [r for part in chunks(list(rows[root.table])) for (r,) in platform.execute(q.running_clients(part))]
    return {root.table: sorted(ids)} if ids else {}


def erase(deps: Deps, store: Connection, platform: Connection, row: Any, rows: Mapping[str, Sequence[int]],
          now: datetime, ground: str | None = None, decision: dict[str, Any] | None = None, *,
          pseudonymise: Pseudonymiser) -> Outcome:
    """Erase what no duty keeps; the certificate records who decided (`decision`), the ground and
    the exceptions. `pseudonymise` carries the key, read before the caller's transaction."""
    refused = contract_running(platform, rows)
    rows = {t: [i for i in ids if i not in set(refused.get(t, ()))] for t, ids in rows.items()}
    keep, ends = what_to_keep(store, platform, rows, now)
    split = rules.split_erasure(rows, keep)
    recipients = recipients_for(platform, rows)  # read before the debtor rows go
    for reason, tables in split.kept.items():
        for t, ids in tables.items():
            restrictions.mark(store, table=t, row_ids=ids, kind=kept.KIND, reason=texts.kept_reason_nl(reason),
                              since=now, request_id=row.id, source=kept.SOURCE_DSAR, duty=reason, ends=ends.get(t))
    report = erase_batch(platform, store, split.erase, Erasing("dsar", row.id, ERASURE_RULE, pseudonymise), now)
    erased_counts = {t: report.deleted.get(t, 0) + report.anonymised.get(t, 0)
                     for t in sorted(set(report.deleted) | set(report.anonymised))}
    kept_counts = {reason: {t: len(ids) for t, ids in tables.items()} for reason, tables in split.kept.items()}
    text = texts.erasure_certificate(row.id[:8], now, rules.categories_of(erased_counts),
                                     {r: rules.categories_of(c) for r, c in kept_counts.items()},
                                     len(report.blob_paths), ground=ground,
                                     refused=[texts.CONTRACT_REFUSAL_NL] if refused else [],
                                     decided_nl=texts.erasure_decided_nl(decision))
    certificate = {
        "request_id": row.id, "erased_at": now.isoformat(), "rule": "art. 17 AVG (verzoek van betrokkene)",
        "erased": report.counts(), "erased_categories": rules.categories_of(erased_counts),
        "documents_deleted": len(report.blob_paths),
        "kept": {reason: {"tables": c, "categories": rules.categories_of(c), "why_nl": texts.kept_reason_nl(reason)}
                 for reason, c in kept_counts.items()},
        "art17_ground": ground, "decision": decision,
        "refused": {"tables": {t: len(ids) for t, ids in refused.items()}, "ground": "no_art17_ground",
                    "why_nl": texts.CONTRACT_REFUSAL_NL} if refused else None,
        "remedies_nl": texts.REMEDIES_NL if (refused or kept_counts) else None,
        "backups_nl": texts.BACKUPS_NL, "ledger": "erasure_ledger, source dsar", "text_nl": text,
    }
    packages = forget_packages(store, row, now)
    certificate["access_packages_deleted"] = len(packages)
    tell_clients(store, recipients, "erasure", row, sum(erased_counts.values()), now, relation_of(rows))
    line, body = texts.erased(row.subject_name, row.id[:8], text, client_name(platform, row.client_id))
    letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email, topic="dsar.erased",
                  related_type="dsar", related_id=row.id, subject_line=line, body=body)
    return Outcome({"certificate": certificate, "recipients": recipients},
                   {"erased": report.counts(), "kept": kept_counts, "access_packages": len(packages)},
                   blob_paths=list(report.blob_paths), package_blobs=packages)


def forget_packages(store: Connection, row: Any, now: datetime) -> list[str]:
    """An erased subject's earlier access packages go too: their records lose the package now (no
    link can be made any more), the files are deleted once the erasure committed."""
    found = store.execute(q.packages_of(row.subject_email, row.client_id, row.id)).all()
    for request_id, _ in found:
        store.execute(q.forget_package(request_id))
        audit.record(store, audit.SYSTEM, "dsar.package_erased", "dsar", request_id, now, {"erasure": row.id})
    return [blob for _, blob in found]


def delete_packages(deps: Deps, request_id: str, names: Sequence[str], now: datetime) -> None:
    failed = 0
    for name in names:
        try:
            deps.blobs.delete(EXPORTS, name)
        except Exception:  # storage down: counted in the audit trail; the export container's lifecycle rule ends it
            failed += 1
    if failed:
        log.warning("dsar erasure: %d earlier access package(s) could not be deleted", failed)
        with deps.store.begin() as store:
            audit.record(store, audit.SYSTEM, "dsar.packages_pending", "dsar", request_id, now, {"packages": failed})


def delete_blobs(deps: Deps, request_id: str, now: datetime) -> Tally:
    """After the commit: the files of the erased documents (queued with the erasure). One that
    cannot be deleted stays queued, is counted in the audit trail, and the nightly sweep retries it."""
    tally = Tally()
    runner.clean_up(deps, tally, source="dsar", source_id=request_id)
    if tally.failed:
        log.warning("dsar erasure: %d document file(s) stay queued for deletion", tally.failed)
        with deps.store.begin() as store:
            audit.record(store, audit.SYSTEM, "dsar.files_pending", "dsar", request_id, now, tally.evidence())
    return tally


# --- Restriction and objection (Art. 18, 21) ---------------------------------------------------


def mark(store: Connection, platform: Connection, row: Any, kind: RequestType, rows: Mapping[str, Sequence[int]],
         now: datetime, ground: str) -> Outcome:
    reason = row.reason or texts.TYPE_NL[kind.value]
    marked = {t: restrictions.mark(store, table=t, row_ids=list(ids), kind=kind.value, reason=reason, since=now,
                                   request_id=row.id, ground=ground) for t, ids in rows.items() if ids}
    recipients = recipients_for(platform, rows)
    tell_clients(store, recipients, kind.value, row, sum(marked.values()), now, relation_of(rows))
    line, text = texts.marked(kind.value, row.subject_name, row.id[:8], sum(len(i) for i in rows.values()))
    letters.queue(store, at=now, recipient_kind="subject", recipient=row.subject_email, topic=f"dsar.{kind.value}",
                  related_type="dsar", related_id=row.id, subject_line=line, body=text)
    result = {"marked": {t: n for t, n in marked.items() if n}, "rows": counts(rows), "recipients": recipients,
              "ground": ground}
    return Outcome(result, {"marked": result["marked"], "ground": ground})
