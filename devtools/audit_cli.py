"""`privacy audit verify`."""

from __future__ import annotations

import argparse
import json


def cmd_verify(args: argparse.Namespace) -> int:
    from shared.audit_check import chain_report
    from shared.deps import get_deps

    report, result = chain_report(get_deps())
    print(json.dumps(result, indent=2))
    return 0 if report.ok else 1
