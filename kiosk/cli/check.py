"""`kiosk check`: validate the decks, the lenses, the case-study polls, the store and the
kiosk's catalog cache (a damaged one is rebuilt), every problem as one line; and note the
cards whose faces the smallest screen sets below the readable size (kiosk.cli.faces)."""

from __future__ import annotations

import argparse

from kiosk import paths
from kiosk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Command,
    data_dir,
    load_catalog,
    ok,
    open_store,
    plural,
)
from kiosk.cli.faces import face_notes
from kiosk.services.catalog import cache_problem
from kiosk.services.catalog import load_catalog as load_and_cache


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Validate the decks (shipped and <data-dir>/decks), the lenses, the "
                          "case-study polls (shipped and <data-dir>/polls) and the store; "
                          "print every problem as file:line: reason.")


def run(args: argparse.Namespace) -> int:
    data = data_dir(args)
    catalog = load_catalog(data)
    problems = list(catalog.problems)
    decks = [catalog.decks[d] for d in catalog.decks.ids()]
    cards = sum(len(d.cards) for d in decks)
    ok(f"decks: {len(decks)} loaded ({plural(cards, 'card')}) from {paths.shipped_decks_dir()} "
        f"and {paths.own_decks_dir(data)}")
    ok(f"lenses: {len(catalog.lenses)} loaded from {paths.lenses_file()}")
    ok(f"polls: {len(catalog.polls)} loaded from {paths.shipped_polls_dir()} "
        f"and {paths.own_polls_dir(data)}")
    if data.is_dir():
        with open_store(data) as store:
            problems += store.check()
            damaged_cache = cache_problem(data)
            if damaged_cache is not None:  # rebuilt now, while the folder's lock is held
                problems.append(damaged_cache)
                load_and_cache(data, cache=True)
            ok(f"store: {data}: {plural(store.count_rankings(), 'ranking')}, "
                f"{plural(len(store.list_workshops()), 'workshop')}")
    else:
        ok(f"store: {data} does not exist yet (nothing stored)")
    for note in face_notes(decks):
        ok(note)
    for problem in problems:
        ok(problem)
    if problems:
        ok(f"{plural(len(problems), 'problem')} found")
        return EXIT_PROBLEMS
    ok("all fine")
    return EXIT_OK


COMMAND = Command("check", "validate decks, lenses, polls and the store", configure, run)
