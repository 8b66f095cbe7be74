"""What a client's exit reads and writes in the platform database, as the data map says: the
tables' `exit` facts and the clients' status group `ended` (docs/datamap.md). This module hands
out the tables and columns of the map in use; the exits area builds its statements from them
(shared/exits/queries.py) and never names a platform table or column itself.

Every fact is optional. Without `fee_invoices` and the clients' `read_only` flag the platform
offers no viewer account (a retain exit is refused); without `write_flag` no user right is
revoked; without `file_name` a file is named by its row's key in the export; without
`export_first` the export follows the map's order; without an `ended` status group or `ended_on`
the client row keeps its status or date at the exit's end."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table

from shared.datamap.discovery import client_table, table
from shared.datamap.model import TableMap
from shared.datamap.platform_map import DATA_MAP

ENDED = "ended"  # the clients' status group an exit writes (its first value)


@dataclass(frozen=True)
class ClientFacts:
    table: Table
    status: Column | None  # the clients' status column, when the map groups it
    ended: tuple[str, ...]  # the values that mean the relationship ended; the first is written
    read_only: Column | None
    ended_on: Column | None


@dataclass(frozen=True)
class WriteFlag:
    table: Table
    flag: Column  # true: the user may change data
    client: Column  # the user's client


@dataclass(frozen=True)
class FeeInvoices:
    table: Table
    client: Column
    number: Column
    issued_on: Column
    description: Column
    amount: Column  # excluding VAT
    vat: Column
    paid_on: Column


@dataclass(frozen=True)
class FileTable:
    map: TableMap
    key: Column
    path: Column  # where the file is stored (blob_column)
    name: Column | None  # its original name (exit.file_name)


def _client_root() -> TableMap:
    root = DATA_MAP.client_root()
    if root is None:
        raise LookupError("the data map names no client table (a table with client_path: [])")
    return root


def client() -> ClientFacts:
    root, t = _client_root(), client_table()
    groups = root.status
    ended = groups.values(ENDED) if groups else ()
    return ClientFacts(t, t.c[groups.column] if groups and ended else None, ended,
                       t.c[root.exit.read_only] if root.exit.read_only else None,
                       t.c[root.exit.ended_on] if root.exit.ended_on else None)


def _client_column(tm: TableMap) -> Column:
    column = DATA_MAP.direct_client_column(tm)
    assert column is not None  # the spec allows these facts only on a table one hop from the client
    return table(tm.table).c[column]


def write_flags() -> list[WriteFlag]:
    return [WriteFlag(table(t.table), table(t.table).c[t.exit.write_flag], _client_column(t))
            for t in DATA_MAP.client_scoped() if t.exit.write_flag]


def fee_invoices() -> FeeInvoices | None:
    tm = next((t for t in DATA_MAP.client_scoped() if t.exit.fee_invoices), None)
    if tm is None or tm.exit.fee_invoices is None:
        return None
    t, f = table(tm.table), tm.exit.fee_invoices
    return FeeInvoices(t, _client_column(tm), t.c[f.number], t.c[f.issued_on], t.c[f.description], t.c[f.amount],
                       t.c[f.vat], t.c[f.paid_on])


def viewer_supported() -> bool:
    """A viewer account needs somewhere to invoice its fee and a read-only flag to set."""
    return fee_invoices() is not None and client().read_only is not None


def file_tables() -> list[FileTable]:
    """The client's tables whose rows name a stored file, with that column and the file's name."""
    out = []
    for tm in DATA_MAP.client_scoped():
        if tm.blob_column:
            t = table(tm.table)
            name = t.c[tm.exit.file_name] if tm.exit.file_name else None
            out.append(FileTable(tm, t.c.id, t.c[tm.blob_column], name))
    return out


def export_order() -> list[TableMap]:
    """The client's tables in the order of the exit export: the export_first table leads."""
    scoped = DATA_MAP.client_scoped()
    return sorted(scoped, key=lambda t: (not t.exit.export_first, scoped.index(t)))
