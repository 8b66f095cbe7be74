"""`privacy datamap generate|check|export-fides|import-fides`: the data map against live databases.

generate writes a draft (every item `review: pending`); check exits 0 when the map and the database
agree and 1 naming each finding; no sampled value is printed or written."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path


def _today() -> date:
    from shared.config import get_settings

    return (get_settings().now or datetime.now(UTC)).date()


def _engine(url: str):  # type: ignore[no-untyped-def]
    from shared.db.engines import build_engine

    return build_engine(url)


def _write(text: str, out: str | None, what: str) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
        print(f"{what} written to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def cmd_generate(args: argparse.Namespace) -> int:
    from shared.datamap.loader import REFERENCE, load_map
    from shared.datamap.survey import generate

    engine = _engine(args.source)
    try:
        text = generate(engine, _today(), load_map(REFERENCE), engine.url.render_as_string(hide_password=True))
    finally:
        engine.dispose()
    _write(text, args.out, "Draft data map (review: pending)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from shared.config import get_settings
    from shared.datamap.loader import active_map, load_map
    from shared.datamap.survey import check

    data_map = load_map(args.map, allow_pending=True) if args.map else active_map()
    engine = _engine(args.against or get_settings().platform_url)
    try:
        result = check(data_map, engine, _today(), with_samples=not args.no_samples)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        for f in result.findings:
            print(f.text())
        cov = result.coverage
        print(f"{'drift' if result.findings else 'ok'}: {len(result.findings)} findings; map covers "
              f"{cov['columns_mapped']} of {cov['columns']} columns ({cov['percent']}%) in {cov['tables']} tables",
              file=sys.stderr)
    return 0 if result.ok else 1


def cmd_export_fides(args: argparse.Namespace) -> int:
    import shared.datamap.fides as fides
    from shared.datamap.loader import active_map, load_map

    data_map = load_map(args.map) if args.map else active_map()
    _write(fides.export_manifest(data_map, args.key), args.out, "fides dataset")
    return 0


def cmd_import_fides(args: argparse.Namespace) -> int:
    import shared.datamap.fides as fides

    _write(fides.import_manifest(Path(args.manifest).read_text(encoding="utf-8"), args.manifest), args.out,
           "Draft data map from the fides dataset (review: pending)")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    m = sub.add_parser("datamap", help="the data map against live databases; fides interop")
    msub = m.add_subparsers(dest="datamap_command", required=True)
    g = msub.add_parser("generate", help="write a draft map of a live database (review: pending)")
    g.add_argument("--from", dest="source", required=True, help="SQLAlchemy URL of the database")
    g.add_argument("--out", help="file to write (default: stdout)")
    g.set_defaults(fn=cmd_generate)
    c = msub.add_parser("check", help="compare the map with the live schema; exit 1 on any finding")
    c.add_argument("--map", help="the map file (default: PRIVACY_DATA_MAP, else the reference map)")
    c.add_argument("--against", help="SQLAlchemy URL (default: the platform database)")
    c.add_argument("--json", action="store_true")
    c.add_argument("--no-samples", action="store_true", help="schema only: sample no values")
    c.set_defaults(fn=cmd_check)
    e = msub.add_parser("export-fides", help="the map as a fides dataset manifest (YAML)")
    e.add_argument("--map")
    e.add_argument("--key", default="incassotool_platform", help="the fides dataset key")
    e.add_argument("--out")
    e.set_defaults(fn=cmd_export_fides)
    i = msub.add_parser("import-fides", help="a draft map from a fides dataset manifest")
    i.add_argument("manifest")
    i.add_argument("--out")
    i.set_defaults(fn=cmd_import_fides)
