"""`kiosk setup [--workshop NAME --place P --date YYYY-MM-DD] [--table LABEL] [--json]`:
this machine's workshop and table label, set before the kiosk starts (a room's kiosks are
told apart by these). The kiosk must be stopped: it holds the data folder while it runs.
The work is kiosk.services.machine_setup's."""

from __future__ import annotations

import argparse
import json

from kiosk.cli.common import EXIT_OK, CliError, Command, data_dir, ok, using_store
from kiosk.domain.text_rules import name_problem


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Set this machine's workshop (made, or reused when one has the same "
                          "name, place and date) and its table label; without options, show "
                          "them. Stop the kiosk first.")
    parser.add_argument("--workshop", metavar="NAME", help="the workshop's name")
    parser.add_argument("--place", metavar="P", help="where the workshop is (with --workshop)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="its date (with --workshop)")
    parser.add_argument("--table", metavar="LABEL", action="append",
                        help="this kiosk's table, e.g. 'Table 3'; on a hub KIOSK_ID=LABEL "
                             "for a kiosk that joined it (repeatable), sent to that kiosk")
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
        tables = args.table or []
        hub_labels = _hub_labels(data, tables)
        if hub_labels is None and len(tables) > 1:
            raise CliError("a table kiosk has one label: give --table once")
        try:
            view = apply_setup(store, workshop=args.workshop, place=args.place,
                               date=args.date,
                               table=tables[0] if tables and hub_labels is None else None) \
                if changing else None
        except SetupError as exc:
            raise CliError(str(exc)) from None
        shown = describe_setup(store)
    if args.json:
        ok(json.dumps(shown, ensure_ascii=False))
    else:
        created = view.created if view is not None and args.workshop is not None else None
        _describe(shown, created)
        for kiosk_id, label in (hub_labels or {}).items():
            ok(f"{kiosk_id}: table “{label}” (sent to that kiosk when the hub runs)")
    return EXIT_OK


def _hub_labels(data, tables: list[str]) -> dict[str, str] | None:
    """On a hub, `--table KIOSK_ID=LABEL` names a joined kiosk's table (kept in room.json,
    sent with the hub's setup); None on a machine that is not a hub."""
    from kiosk.services.room import membership
    from kiosk.services.room.layout import RoomPaths

    paths = RoomPaths(data)
    config, _problem = membership.load(paths.config)
    if config.role != "hub":
        return None
    labels: dict[str, str] = {}
    for given in tables:
        kiosk_id, sep, label = given.partition("=")
        label = " ".join(label.split())
        if not sep or not kiosk_id.strip() or not label:
            raise CliError(f"on a hub --table is KIOSK_ID=LABEL, e.g. kiosk-3f2a1b='Table 3' "
                           f"(not {given[:40]!r})")
        problem = name_problem("the table label", label)
        if problem is not None:
            raise CliError(problem)
        known = [p for p in config.kiosks if p.kiosk_id == kiosk_id.strip()]
        if not known:
            joined = ", ".join(p.kiosk_id for p in config.kiosks) or "none yet"
            raise CliError(f"no kiosk {kiosk_id.strip()!r} has joined this hub "
                           f"(joined: {joined})")
        labels[kiosk_id.strip()] = label
    for kiosk_id, label in labels.items():
        for peer in config.kiosks:
            if peer.kiosk_id == kiosk_id:
                from dataclasses import replace

                config = config.with_kiosk(replace(peer, label=label))
    if labels:
        membership.save(paths.config, config)
    return labels


COMMAND = Command("setup", "set or show this machine's workshop and table label",
                  configure, run)
