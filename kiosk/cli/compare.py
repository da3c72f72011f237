"""`kiosk compare --deck D --lens L [--workshop W…] [--json]`: the comparison the
facilitator's screen shows, as text or as the JSON object of formats.md."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.cli.common import (
    EXIT_OK,
    CliError,
    Command,
    existing_data_dir,
    load_catalog,
    ok,
    plural,
    using_store,
    warn,
)
from kiosk.domain.lenses import LENS_IDS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Compare the stored rankings of one deck under one lens: mean "
                          "position and spread per card, Kendall's W (with its permutation "
                          "p), Borda and Kemeny orders (every equally good one), what card "
                          "tags go with the positions (--json; docs/compare.md).")
    parser.add_argument("--deck", required=True, help="deck id, e.g. examples-1-6")
    parser.add_argument("--lens", required=True, choices=LENS_IDS)
    parser.add_argument("--workshop", action="append", metavar="W",
                        help="only this workshop (name or id); repeat for several")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (keys as in formats.md and "
                             "docs/compare.md)")


def _number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _print_comparison(comparison: Any, deck: Any) -> None:
    from kiosk.analysis.small_groups import (
        distance_text,
        optima_text,
        permutation_text,
        swapping_text,
    )
    from kiosk.analysis.wording import p_text

    title = {c.id: c.title for c in deck.cards}
    ok(f"{deck.id} ({deck.title}), lens {comparison.lens}: "
        f"{plural(len(comparison.tables), 'ranking')} compared")
    for label in comparison.tables:
        ok(f"  {label}")
    if comparison.left_out:
        ok(f"left out (not every card placed): {', '.join(comparison.left_out)}")
    if not comparison.tables:
        ok("no complete rankings to compare")
        return
    width = max([len("card")] + [len(c) for c in comparison.cards])
    ok("")
    ok(f"{'#':>3}  {'card':<{width}}  {'mean':>5}  {'sd':>5}  {'range':>9}  title"
       "   (sd: population sd over the tables compared)")
    ordered = sorted(comparison.cards,
                     key=lambda c: (comparison.mean_position[c], comparison.cards.index(c)))
    for rank, card in enumerate(ordered, 1):
        spread = comparison.spread[card]
        low, high = f"{spread.minimum:g}", f"{spread.maximum:g}"
        ok(f"{rank:>3}  {card:<{width}}  {spread.mean:5.2f}  {spread.sd:5.2f}  "
            f"{low + '-' + high:>9}  {title.get(card, '')}")
    ok("")
    if comparison.most_contested:
        ok(f"most contested: {comparison.most_contested} "
            f"(population sd {comparison.spread[comparison.most_contested].sd:.2f})")
    if comparison.kendall_w is None:
        ok("Kendall's W: n/a (needs 2 or more complete rankings that do not tie every card)")
    else:
        ok(f"Kendall's W = {_number(comparison.kendall_w)} (tie-corrected), "
            f"chi2 = {_number(comparison.chi2)}, df = {len(comparison.cards) - 1}, "
            f"{p_text(comparison.p_value)}")
        ok(f"  {permutation_text(comparison.permutation)}")
    ok(f"Borda order:  {', '.join(comparison.borda)}")
    kemeny = ", ".join(comparison.kemeny) if comparison.kemeny else "n/a (deck too large)"
    ok(f"Kemeny order: {kemeny}")
    if comparison.kemeny:
        moving = swapping_text(comparison)
        ok(f"  {optima_text(comparison)}; {distance_text(comparison)}"
           + (f"; {moving}" if moving else ""))


def run(args: argparse.Namespace) -> int:
    from kiosk.analysis.selection import SelectionError, compare_records
    from kiosk.analysis.tables import namesakes_note

    data = existing_data_dir(args)
    catalog = load_catalog(data)
    with using_store(data) as store:
        records = store.list_rankings()
    try:
        comparison = compare_records(records, catalog, args.deck, args.lens, args.workshop)
    except SelectionError as exc:
        raise CliError(str(exc)) from None
    for workshop in args.workshop or ():
        if not any(workshop in (r.workshop, r.workshop_id) for r in records):
            warn(f"note: no stored ranking is from workshop '{workshop}'")
        note = namesakes_note([r for r in records if r.deck == args.deck], workshop,
                              "compared")
        if note:
            warn(note)
    if args.json:
        ok(json.dumps(comparison.to_json()))
    else:
        _print_comparison(comparison, catalog.deck(args.deck))
    return EXIT_OK


COMMAND = Command("compare", "compare tables' rankings of a deck under a lens", configure, run)
