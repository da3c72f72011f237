"""`kiosk set-aside`: the files the store set aside as damaged that are still in the data
folder, what each holds and what to do (as `kiosk check` says); `--put-back NAME` adds the
rankings and poll runs such a file holds that can be read and are not stored (one stored is
never replaced), `--keep NAME` moves it into `<data>/set-aside/`, where it is no longer
reported. Nothing is ever deleted. What the facilitator's area does with its two buttons."""

from __future__ import annotations

import argparse

from kiosk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    Command,
    existing_data_dir,
    ok,
    plural,
    using_store,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("List the files set aside as damaged in the data folder, with what "
                          "each holds; put back what one holds, or keep it in "
                          "<data-dir>/set-aside/ (nothing is deleted). Stop the kiosk first.")
    parser.add_argument("--put-back", metavar="NAME", action="append", default=[],
                        help="add the rankings and poll runs the set-aside file NAME holds "
                             "that can be read and are not stored")
    parser.add_argument("--keep", metavar="NAME", action="append", default=[],
                        help="move the set-aside file NAME into <data-dir>/set-aside/")


def run(args: argparse.Namespace) -> int:
    data = existing_data_dir(args)
    with using_store(data) as store:
        names = {aside.name for aside in store.set_aside_files()}
        for name in [*args.put_back, *args.keep]:
            if name not in names:
                raise CliError(f"{name!r} is not a file set aside in {data}")
        for name in args.put_back:
            rankings, runs = store.put_back_set_aside(name)
            ok(f"{name}: put back {plural(rankings, 'ranking')} and "
               f"{plural(runs, 'poll run')}")
        for name in args.keep:
            ok(f"{name}: kept as {store.keep_set_aside(name)}")
        if args.put_back or args.keep:
            return EXIT_OK
        found = store.set_aside_files()
        for aside in found:
            ok(aside.problem(data))
    if not found:
        ok(f"no file is set aside in {data}")
        return EXIT_OK
    ok(f"{plural(len(found), 'file')} set aside")
    return EXIT_PROBLEMS


COMMAND = Command("set-aside", "list, put back or keep the files set aside as damaged",
                  configure, run)
