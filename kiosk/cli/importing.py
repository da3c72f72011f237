"""`kiosk import PATH…`: merge another kiosk's export or a paper session typed in."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CliError,
    Command,
    existing_data_dir,
    load_catalog,
    ok,
    plural,
    using_store,
    warn,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Merge rankings from an export folder or a rankings.csv (with "
                          "criteria.csv beside it), e.g. another kiosk's export or a paper "
                          "session typed in, and case-study poll answers from a polls.csv "
                          "(in the folder, beside rankings.csv, or alone). Importing twice "
                          "adds nothing; a file with any "
                          "problem is rejected whole with file:line: reason, nothing is "
                          "written, and the exit status is 2.")
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path,
                        help="a folder holding rankings.csv and/or polls.csv, or one of "
                             "those files")


def run(args: argparse.Namespace) -> int:
    from kiosk.exchange import ImportPathError, import_csv
    from kiosk.exchange.reader import not_a_file

    for path in args.paths:
        if not path.is_dir():  # a pipe, a device, a loop of links: said as what it is
            problem = not_a_file(path)
            if problem is not None:
                raise CliError(f"{path}: {problem}")
    data = existing_data_dir(args)
    catalog = load_catalog(data)
    with using_store(data) as store:
        try:
            summary = import_csv(list(args.paths), store, catalog, poll_store=store)
        except ImportPathError as exc:
            raise CliError(str(exc)) from None
    if summary.rejected:
        warn(f"import rejected, nothing was written "
              f"({plural(len(summary.rejected), 'problem')}):")
        for line in summary.rejected:
            warn(line)
        return EXIT_REJECTED
    ok(f"imported {plural(summary.new, 'new ranking')}; {summary.present} already present")
    if summary.poll_answers_new or summary.poll_answers_present or summary.poll_conflicts:
        ok(f"imported {plural(summary.poll_answers_new, 'new poll answer')} "
           f"({plural(summary.poll_runs_new, 'new poll run')}); "
           f"{summary.poll_answers_present} already present")
    if summary.conflicts:
        warn(f"note: {plural(len(summary.conflicts), 'ranking')} already stored with other "
             "content (the stored ones were kept):")
        for line in summary.conflicts:
            warn(line)
    if summary.poll_conflicts:
        warn(f"note: {plural(len(summary.poll_conflicts), 'poll conflict')} (answers or runs "
             "already stored with other content; the stored ones were kept):")
        for line in summary.poll_conflicts:
            warn(line)
    return EXIT_OK


COMMAND = Command("import", "merge rankings from CSV files", configure, run)
