"""`privacy audit verify`."""

from __future__ import annotations

import argparse
import json


def cmd_verify(args: argparse.Namespace) -> int:
    from shared import audit
    from shared.deps import get_deps

    with get_deps().store.connect() as conn:
        report = audit.verify(conn)
    print(json.dumps({"ok": report.ok, "events": report.events, "first_bad_seq": report.first_bad_seq,
                      "reason": report.reason}, indent=2))
    return 0 if report.ok else 1
