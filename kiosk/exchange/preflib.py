"""PrefLib files (https://www.preflib.org/format): one per deck and lens, so an analyst can
load the tables' rankings straight into social-choice tools (PrefLib's own tools, R's
`prefio::read_preflib`, Python's `preflibtools`).

- `.soc` (strict orders, complete) when every ranking places every card with no ties;
  `.toc` (orders with ties, complete) when some ranking ties cards (a paper session);
  `.soi` / `.toi` when some ranking leaves cards out (the incomplete kinds).
- The header lines of the format: file name, title, description, data type, modification
  type, relations, dates, the numbers of alternatives, voters and unique orders, and one
  "ALTERNATIVE NAME k" line per card (k is the card's place in the deck).
- Then one line per distinct order, "count: 2,1,{3,4},5" (tied cards in braces), most
  frequent first.

UTF-8, no byte-order mark, LF line ends. Everything in a file follows from the rankings
(the dates are the latest ranking's), so exporting the same data twice writes the same
bytes.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from kiosk.domain.decks import Deck
from kiosk.domain.record import SavedRanking, parse_time
from kiosk.outputs import write_atomically

KINDS = ("soc", "toc", "soi", "toi")
_FILE_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


class _HasDecks(Protocol):
    def deck(self, deck_id: str) -> Deck | None: ...


Order = tuple[tuple[int, ...], ...]  # groups of alternative numbers, best group first


def preflib_stem(deck: str, lens: str) -> str:
    return f"preflib-{_FILE_SAFE.sub('_', deck)}-{_FILE_SAFE.sub('_', lens)}"


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def order_of(positions: Mapping[str, float], numbers: Mapping[str, int]) -> Order:
    """The ranking as groups of alternative numbers: cards sharing a position form one
    group; cards the deck does not hold are left out."""
    groups: dict[float, list[int]] = {}
    for card, position in positions.items():
        if card in numbers:
            groups.setdefault(float(position), []).append(numbers[card])
    return tuple(tuple(sorted(groups[p])) for p in sorted(groups))


def kind_of(orders: Iterable[Order], alternatives: int) -> str:
    listed = list(orders)
    ties = any(len(group) > 1 for order in listed for group in order)
    complete = all(sum(len(g) for g in order) == alternatives for order in listed)
    return ("t" if ties else "s") + "o" + ("c" if complete else "i")


def order_text(order: Order) -> str:
    return ",".join(str(g[0]) if len(g) == 1 else "{" + ",".join(map(str, g)) + "}"
                    for g in order)


def preflib_text(deck: Deck, lens: str, records: Sequence[SavedRanking],
                 file_name: str) -> str:
    """The whole file for one deck and lens (its kind is in `file_name`'s extension)."""
    numbers = {card: k for k, card in enumerate(deck.card_ids, 1)}
    orders = [order_of(r.positions, numbers) for r in records]
    counts = Counter(orders)
    # Most frequent first; equally frequent orders by their text, so the file is stable.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order_text(item[0])))
    dates = sorted(moment.date().isoformat() for moment in
                   (parse_time(r.completed_at) for r in records) if moment)
    latest = dates[-1] if dates else ""
    workshops = sorted({r.workshop for r in records if r.workshop})
    kind = file_name.rsplit(".", 1)[-1]
    lines = [
        f"# FILE NAME: {file_name}",
        f"# TITLE: {_one_line(deck.title)} — {lens}",
        f"# DESCRIPTION: {len(records)} table rankings of the deck '{_one_line(deck.id)}' "
        f"under the {lens} lens, each from its position 1 down, from the deliberation "
        f"kiosk; workshops: {_one_line('; '.join(workshops)) or 'none named'}",
        f"# DATA TYPE: {kind}",
        "# MODIFICATION TYPE: original",
        "# RELATES TO: ",
        "# RELATED FILES: ",
        f"# PUBLICATION DATE: {latest}",
        f"# MODIFICATION DATE: {latest}",
        f"# NUMBER ALTERNATIVES: {len(numbers)}",
        f"# NUMBER VOTERS: {len(records)}",
        f"# NUMBER UNIQUE ORDERS: {len(counts)}",
    ]
    lines += [f"# ALTERNATIVE NAME {k}: {_one_line(card.id)} · {_one_line(card.title)}"
              for k, card in enumerate(deck.cards, 1)]
    lines += [f"{count}: {order_text(order)}" for order, count in ranked]
    return "\n".join(lines) + "\n"


def write_preflib(records: Sequence[SavedRanking], catalog: _HasDecks,
                  out_dir: Path) -> list[Path]:
    """One PrefLib file per deck and lens the rankings cover (decks not loaded are
    skipped: their cards have no names); returns the files written. A file of another
    kind left by an earlier export for the same deck and lens is removed, so the folder
    never holds two answers."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    groups: dict[tuple[str, str], list[SavedRanking]] = {}
    for record in sorted(records, key=lambda r: (r.completed_at, r.ranking_id)):
        groups.setdefault((record.deck, record.lens), []).append(record)
    written: list[Path] = []
    for (deck_id, lens), chosen in sorted(groups.items()):
        deck = catalog.deck(deck_id)
        if deck is None:
            continue
        numbers = {card: k for k, card in enumerate(deck.card_ids, 1)}
        kind = kind_of((order_of(r.positions, numbers) for r in chosen), len(numbers))
        stem = preflib_stem(deck_id, lens)
        path = out_dir / f"{stem}.{kind}"
        write_atomically(path, preflib_text(deck, lens, chosen, path.name).encode("utf-8"))
        for other in KINDS:
            if other != kind:
                with contextlib.suppress(FileNotFoundError):
                    (out_dir / f"{stem}.{other}").unlink()
        written.append(path)
    return written
