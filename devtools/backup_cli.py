"""`privacy backup list`, `privacy backup restore <id> --into <url>` and
`privacy backup replay-ledger --into <url>`."""

from __future__ import annotations

import argparse
import getpass
import sys


def _console():
    from rich.console import Console

    return Console()


def cmd_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    from shared.backups.service import list_snapshots
    from shared.deps import get_deps

    listing = list_snapshots(get_deps())
    if getattr(args, "json", False):
        print(listing.model_dump_json(indent=2))
        return 0
    table = Table(title="Backup snapshots (newest first)")
    # Whole ids, never cut: they are pasted into `privacy backup restore`.
    longest = max((len(s.id) for s in listing.items), default=2)
    table.add_column("id", no_wrap=True, min_width=longest)
    for col in ("taken at (UTC)", "parts", "rows", "size", "last check"):
        table.add_column(col, justify="right" if col in ("parts", "rows", "size") else "left", overflow="fold")
    for s in listing.items:
        check = "-" if s.verified is None else (
            f"{s.verified.kind} {'ok' if s.verified.ok else 'FAILED'} {s.verified.at:%Y-%m-%d %H:%M}")
        table.add_row(s.id, f"{s.taken_at:%Y-%m-%d %H:%M:%S}", str(s.parts), f"{s.rows:,}",
                      _size(s.size_bytes), check)
    console = _console()
    console.print(table)
    if listing.incomplete:
        console.print(f"{listing.incomplete} interrupted snapshot(s) without a manifest are ignored "
                      "(the next snapshot removes them).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from devtools.progress import bar
    from shared.audit import Actor
    from shared.backups.catalog import SnapshotRefused
    from shared.backups.frames import CorruptPart
    from shared.backups.restore import RestoreFailed, RestoreRefused, restore
    from shared.deps import get_deps
    from shared.errors import NotFound

    console = _console()
    actor = Actor(f"cli:{getpass.getuser()}", "Ops.Engineer")
    try:
        with bar() as progress:
            report = restore(get_deps(), args.id, args.into, progress=progress, actor=actor,
                             documents_into=getattr(args, "documents_into", None))
    except NotFound:
        console.print(f"[red]No snapshot {args.id!r}[/red]: see `privacy backup list`.")
        return 1
    except SnapshotRefused as exc:
        console.print(f"[red]Refused:[/red] {exc}. Nothing was restored.")
        for bad in exc.bad_parts:
            console.print(f"  - {bad['part']}: {bad['reason']}")
        return 1
    except RestoreRefused as exc:
        console.print(f"[red]Refused:[/red] {exc}. Nothing was restored.")
        return 1
    except CorruptPart as exc:
        console.print(f"[red]Failed while reading:[/red] {exc}. The target transaction was rolled back.")
        return 1
    except RestoreFailed as exc:
        console.print(f"[red]Failed:[/red] {exc}.")
        return 1
    _print_report(console, report)
    return 0


def _print_report(console, report) -> None:
    from rich.table import Table

    console.print(f"Snapshot {report.snapshot_id}, taken {report.taken_at}")
    console.print(f"Restored into {report.target}")
    table = Table(title="Rows restored per table")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in report.tables.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    ledger = report.ledger
    console.print(f"Tables: {len(report.tables)}   rows: {report.rows:,}   documents verified: {report.documents}")
    console.print(f"Erasure ledger: {ledger.entries} entries replayed ({ledger.deleted_rows} rows deleted, "
                  f"{ledger.updated_entries} rows anonymised); {report.current_ledger_added} entries added "
                  "from the live ledger")
    if report.current_ledger != "included":
        console.print("[yellow]The live ledger could not be read: only the snapshot's own ledger was replayed. "
                      "Replay the live ledger before anyone uses this database.[/yellow]")
    if report.audited_in != "live store":
        console.print(f"[yellow]The live store could not be written: the restore is audited in the "
                      f"{report.audited_in}.[/yellow]")
    if ledger.unknown_tables:
        console.print(f"[yellow]Ledger entries for tables not in this schema: {ledger.unknown_tables}[/yellow]")
    console.print(f"Duration: {report.seconds:.1f} s.   [green]Restore complete.[/green]")


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)


def cmd_replay_ledger(args: argparse.Namespace) -> int:
    """After an Azure SQL point-in-time or long-term restore: erase again what the ledger says was
    erased since, before the restored database is used."""
    from shared.backups.restore import replay_ledger
    from shared.deps import get_deps

    report = replay_ledger(get_deps(), args.into)
    _console().print(f"Erasure ledger replayed onto the target: {report.entries} entries, "
                     f"{report.deleted_rows} rows deleted, {report.updated_entries} rows anonymised again.")
    return 0
