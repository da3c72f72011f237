"""Which stored rankings a comparison covers, and the comparison itself.

`kiosk compare` and the facilitator's compare screen both call `compare_records`, so the
command line's --json and the dashboard always show the same numbers, in the same order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from kiosk.analysis.statistics import Comparison, compare
from kiosk.domain.lenses import LENS_IDS
from kiosk.exchange.cells import parse_time

_DIGITS = re.compile(r"(\d+)")


class SelectionError(ValueError):
    """An unknown deck or lens; the message names it and what is available."""


def _natural(text: str) -> tuple:
    """"Table 2" before "Table 10"."""
    return tuple(int(part) if part.isdigit() else part.casefold()
                 for part in _DIGITS.split(text))


def _order(record: dict) -> tuple:
    completed = str(record.get("completed_at") or "")
    moment = parse_time(completed)
    return (
        str(record.get("workshop_date") or ""),
        _natural(str(record.get("workshop") or "")),
        _natural(str(record.get("table") or "")),
        moment.timestamp() if moment else float("inf"),
        completed,
        str(record.get("ranking_id") or ""),
    )


def select(records: Iterable[dict], deck: str, lens: str,
           workshops: Iterable[str] | None = None) -> list[dict]:
    """The rankings of `deck` under `lens`, from the given workshops (names or ids; None =
    every workshop), ordered by workshop date, workshop, table (2 before 10), completion."""
    wanted = None if workshops is None else set(workshops)
    chosen = [
        r for r in records
        if r.get("deck") == deck and r.get("lens") == lens
        and (wanted is None or r.get("workshop") in wanted or r.get("workshop_id") in wanted)
    ]
    return sorted(chosen, key=_order)


def base_label(record: dict) -> str:
    workshop = str(record.get("workshop") or record.get("place") or "Workshop")
    table = str(record.get("table") or "Table ?")
    return f"{workshop} / {table}"


def labels_for(records: list[dict]) -> list[str]:
    """"<workshop> / <table>" for each ranking; where several share one (a table that ranked
    twice, two workshops of the same name) each gets " (1)", " (2)"… in the given order."""
    bases = [base_label(r) for r in records]
    counts = Counter(bases)
    taken = {b for b, n in counts.items() if n == 1}
    seen: Counter[str] = Counter()
    labels: list[str] = []
    for base in bases:
        if counts[base] == 1:
            labels.append(base)
            continue
        label = base
        while label in taken or label == base:
            seen[base] += 1
            label = f"{base} ({seen[base]})"
        taken.add(label)
        labels.append(label)
    return labels


def compare_records(records: Iterable[dict], catalog: Any, deck: str, lens: str,
                    workshops: Iterable[str] | None = None) -> Comparison:
    """Compare the selected rankings over the deck's cards (kiosk.analysis.statistics)."""
    deck_obj = catalog.deck(deck)
    if deck_obj is None:
        known = ", ".join(sorted(catalog.decks.ids())) or "none loaded"
        raise SelectionError(f"unknown deck '{deck}' (decks: {known})")
    if lens not in LENS_IDS:
        raise SelectionError(f"unknown lens '{lens}' (lenses: {', '.join(LENS_IDS)})")
    chosen = select(records, deck, lens, workshops)
    return compare(deck, lens, deck_obj.card_ids,
                   [r.get("positions") or {} for r in chosen], labels_for(chosen))
