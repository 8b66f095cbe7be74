"""The `privacy` command: the local host and operations verbs (README.md, "Commands")."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence


def _bootstrap() -> None:
    """Settings come from local.settings.json (or its sample), as with Core Tools."""
    from devtools.settings_file import load
    from shared import telemetry
    from shared.config import reset_settings

    load()
    reset_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The Azure SDK logs every HTTP call at INFO: that buries the progress and says nothing an operator needs.
    logging.getLogger("azure").setLevel(logging.WARNING)
    telemetry.install_masking()


def cmd_serve(args: argparse.Namespace) -> int:
    from devtools.host import serve

    serve(args.host, args.port, timers=not args.no_timers)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from devtools.migrate import upgrade_all
    from shared.deps import get_deps

    deps = get_deps()
    upgrade_all(deps.store, deps.platform)
    print("Migrations applied: store and platform are at head")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from devtools.demo_data import generate
    from devtools.progress import bar
    from shared.deps import get_deps

    try:
        with bar() as progress:
            summary = generate(get_deps().platform, subjects=args.subjects, seed=args.seed, progress=progress)
    except ValueError as exc:  # a database that is not empty, or not migrated: nothing was written
        print(f"privacy demo-data: {exc}. Nothing was written. To start the demo afresh: "
              "`make clean && make run`.", file=sys.stderr)
        return 1
    print(json.dumps(summary, indent=2, default=str))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from devtools.progress import bar
    from devtools.runner import run_function

    with bar() as progress:
        record = run_function(args.function_name, progress)
    print(json.dumps(record, indent=2, default=str))
    return 0 if record["status"] in ("succeeded", "skipped") else 1


def cmd_token(args: argparse.Namespace) -> int:
    from shared.config import get_settings
    from shared.identity.dev_issuer import mint

    print(mint(get_settings(), role=args.role, mfa=args.mfa, client_id=args.client, email=args.email))
    return 0


def _call(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), name)(args) or 0)

    return run


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="privacy", description="Incassotool privacy suite: local host and operations")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve function_app on http://HOST:PORT like `func start`")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7071)
    s.add_argument("--no-timers", action="store_true", help="do not run timers on their schedules")
    s.set_defaults(fn=cmd_serve)

    sub.add_parser("migrate", help="apply the Alembic migrations").set_defaults(fn=cmd_migrate)

    d = sub.add_parser("demo-data", help="fill an empty platform database with synthetic data")
    d.add_argument("--subjects", type=int, default=200)
    d.add_argument("--seed", type=int, default=1)
    d.set_defaults(fn=cmd_demo_data)

    r = sub.add_parser("run", help="run one timer function once, in the foreground")
    r.add_argument("function_name")
    r.set_defaults(fn=cmd_run)

    t = sub.add_parser("token", help="mint a dev token (local mode only)")
    t.add_argument("--role", required=True)
    t.add_argument("--mfa", action="store_true")
    t.add_argument("--client", type=int)
    t.add_argument("--email")
    t.set_defaults(fn=cmd_token)

    lg = sub.add_parser("login", help="sign in to the deployed API (MSAL device code)")
    lg.add_argument("--tenant", required=False)
    lg.add_argument("--client-id", required=False)
    lg.add_argument("--scope", required=False)
    lg.set_defaults(fn=_call("devtools.login", "cmd_login"))

    a = sub.add_parser("audit", help="the audit trail")
    asub = a.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", help="check the audit chain (prints a JSON report)")
    av.add_argument("--json", action="store_true", help="the report as JSON (the default output is JSON too)")
    av.add_argument("--anchor", action="append", metavar="SEQ:HASH",
                    help="a head seen outside the database (the nightly Privacy.AuditChainVerified event); "
                         "the backup manifests' heads are always checked")
    av.set_defaults(fn=_call("devtools.audit_cli", "cmd_verify"))

    b = sub.add_parser("backup", help="backup snapshots")
    bsub = b.add_subparsers(dest="backup_command", required=True)
    bls = bsub.add_parser("list", help="the snapshots, newest first, with whole ids")
    bls.add_argument("--json", action="store_true", help="print the listing as JSON")
    bls.set_defaults(fn=_call("devtools.backup_cli", "cmd_list"))
    br = bsub.add_parser("restore")
    br.add_argument("id")
    br.add_argument("--into", required=True, help="SQLAlchemy URL of the database to restore into")
    br.add_argument("--documents-into", help="Blob container to write the snapshot's document files to")
    br.set_defaults(fn=_call("devtools.backup_cli", "cmd_restore"))
    bl = bsub.add_parser("replay-ledger", help="re-erase after an Azure SQL point-in-time or long-term restore")
    bl.add_argument("--into", required=True, help="SQLAlchemy URL of the restored database")
    bl.set_defaults(fn=_call("devtools.backup_cli", "cmd_replay_ledger"))

    g = sub.add_parser("register", help="the processing register (Art. 30)")
    gsub = g.add_subparsers(dest="register_command", required=True)
    ge = gsub.add_parser("export")
    ge.add_argument("--format", choices=["json", "csv", "html"], default="json")
    ge.add_argument("--output", "-o", help="file to write (default: stdout)")
    ge.set_defaults(fn=_call("devtools.register_cli", "cmd_export"))

    from devtools.datamap_cli import add_parser as add_datamap

    add_datamap(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _bootstrap()
    from shared.errors import ConfigError

    try:
        return int(args.fn(args))
    except ConfigError as exc:
        print(f"privacy: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
