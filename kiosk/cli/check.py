"""`kiosk check`: validate the decks, the lenses, the case-study polls, the store and the
kiosk's catalog cache (a damaged one is rebuilt), every problem as one line; note the
cards whose faces the smallest screen sets below the readable size (kiosk.cli.faces); and
remove, naming them, the temp files a killed writer left in the data folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

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
from kiosk.outputs import remove_leftovers
from kiosk.services.catalog import cache_problem
from kiosk.services.catalog import load_catalog as load_and_cache
from kiosk.storage.layout import FILE_NAMES


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
        removed = _remove_leftovers(data)
        if removed:
            ok(f"temp files: {len(removed)} removed (left by a writer that was stopped): "
               + ", ".join(str(p.relative_to(data)) for p in removed))
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


def _remove_leftovers(data: Path) -> list[Path]:
    """Our temp files that nobody writes any more, anywhere in the data folder (symlinked
    folders are not followed); the store's older-named ones too."""
    removed = remove_leftovers(data, old_targets=FILE_NAMES)
    for folder, _, _ in os.walk(data):
        if Path(folder) != data:
            removed += remove_leftovers(Path(folder))
    return removed


COMMAND = Command("check", "validate decks, lenses, polls and the store", configure, run)
