"""`kiosk setup [--workshop NAME --place P --date YYYY-MM-DD] [--table LABEL] [--json]`:
this machine's workshop and table label, set before the kiosk starts (a room's kiosks are
told apart by these). The kiosk must be stopped: it holds the data folder while it runs.
The work is kiosk.services.machine_setup's."""

from __future__ import annotations

import argparse
import json

from kiosk.cli.common import EXIT_OK, CliError, Command, data_dir, ok, using_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Set this machine's workshop (made, or reused when one has the same "
                          "name, place and date) and its table label; without options, show "
                          "them. Stop the kiosk first.")
    parser.add_argument("--workshop", metavar="NAME", help="the workshop's name")
    parser.add_argument("--place", metavar="P", help="where the workshop is (with --workshop)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="its date (with --workshop)")
    parser.add_argument("--table", metavar="LABEL", help="this kiosk's table, e.g. 'Table 3'")
    parser.add_argument("--json", action="store_true",
                        help="print this machine's setup as one JSON object")


def _describe(shown: dict, created: bool | None) -> None:
    if shown["workshop"] is None:
        workshop = ("no workshop set yet (give --workshop NAME; the kiosk would make one "
                    "named after the day)")
    else:
        details = ", ".join(part for part in (shown["place"], shown["date"]) if part)
        workshop = f"workshop “{shown['workshop']}”" + (f" ({details})" if details else "")
        if created is not None:
            workshop += ", a new workshop" if created else ", the existing workshop"
    lenses = " → ".join(f"{step['lens']} ({step['deck']})" for step in shown["sequence"])
    ok(f"{shown['kiosk_id']}: {workshop}; table “{shown['table']}”")
    ok(f"lenses: {lenses}; idle after {shown['idle_timeout_s']} s")


def run(args: argparse.Namespace) -> int:
    from kiosk.services.machine_setup import SetupError, apply_setup, describe_setup

    data = data_dir(args)  # a machine set up before its first start: the folder is made
    changing = any(getattr(args, name) is not None
                   for name in ("workshop", "place", "date", "table"))
    with using_store(data) as store:
        try:
            view = apply_setup(store, workshop=args.workshop, place=args.place,
                               date=args.date, table=args.table) if changing else None
        except SetupError as exc:
            raise CliError(str(exc)) from None
        shown = describe_setup(store)
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
    else:
        created = view.created if view is not None and args.workshop is not None else None
        _describe(shown, created)
    return EXIT_OK


COMMAND = Command("setup", "set or show this machine's workshop and table label",
                  configure, run)
