"""`kiosk export --out DIR`: the stored rankings as the CSV files of formats.md, and the
case-study poll answers as polls.csv (docs/polls-data.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.common import (
    EXIT_OK,
    CliError,
    Command,
    existing_data_dir,
    load_catalog,
    ok,
    plural,
    stop_cleanly,
    using_store,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write rankings.csv, criteria.csv, matrix-<deck>-<lens>.csv "
                          "(UTF-8, formats.md) and polls.csv (docs/polls-data.md) into a "
                          "folder.")
    parser.add_argument("--out", required=True, metavar="DIR", type=Path,
                        help="folder to write into (created if needed)")
    parser.add_argument("--preflib", action="store_true",
                        help="also write preflib-<deck>-<lens>.soc (or .toc with ties, "
                             ".soi/.toi with cards left out): PrefLib files (docs/compare.md)")


def run(args: argparse.Namespace) -> int:
    from kiosk.exchange import export_csv

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file, not a folder")
    data = existing_data_dir(args)
    catalog = load_catalog(data)
    with using_store(data) as store:
        records = store.list_rankings()
        runs = store.list_poll_runs()
    with stop_cleanly():  # a stopped export leaves no temp file behind
        summary = export_csv(records, catalog, out, poll_runs=runs)
        if args.preflib:
            from kiosk.exchange.preflib import write_preflib

            summary.files.extend(write_preflib(records, catalog, out))
    ok(f"exported {plural(summary.rankings, 'ranking')} ({plural(summary.rows, 'card row')}, "
        f"{summary.criteria} criteria) and {plural(summary.poll_runs, 'poll run')} "
        f"({plural(summary.answers, 'answer')}) to {out}:")
    for path in summary.files:
        ok(f"  {path.name}")
    return EXIT_OK


COMMAND = Command("export", "write the rankings as CSV files", configure, run)
