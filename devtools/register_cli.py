"""`privacy register export --format json|csv|html [--output FILE]`: the same export as
GET /api/register/export, run locally as the operator (audited as such)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shared.identity.principal import Principal
from shared.identity.roles import Role


def cmd_export(args: argparse.Namespace) -> int:
    from shared.deps import get_deps
    from shared.register import export, service

    operator = Principal("cli", frozenset({Role.OFFICER}), True, role=Role.OFFICER)  # no user name in the audit
    doc = service.build_export(get_deps(), operator, args.format)
    text = export.render(doc, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Register written to {args.output} ({args.format})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
