"""`privacy audit verify`."""

from __future__ import annotations

import argparse
import json


def cmd_verify(args: argparse.Namespace) -> int:
    from shared.audit import Anchor
    from shared.audit_check import chain_report
    from shared.deps import get_deps

    anchors = []
    for given in args.anchor or []:
        seq, _, digest = given.partition(":")
        if not (seq.isdigit() and len(digest) == 64):
            raise SystemExit(f"--anchor {given!r}: give SEQ:HASH, e.g. 1234:{'0' * 64}")
        anchors.append(Anchor(int(seq), digest, f"--anchor {seq}"))
    report, result = chain_report(get_deps(), anchors)
    print(json.dumps(result, indent=2))
    return 0 if report.ok else 1
