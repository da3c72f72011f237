"""Which stored rankings a comparison covers, and the comparison itself.

`kiosk compare` and the facilitator's compare screen both call `compare_records`, so the
command line's --json and the dashboard always show the same numbers, in the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from kiosk.analysis.attributes import card_tags
from kiosk.analysis.statistics import Comparison, compare
from kiosk.analysis.tables import table_labels, workshop_key
from kiosk.domain.decks import Deck, DeckLibrary
from kiosk.domain.lenses import LENS_IDS, Lens
from kiosk.domain.naming import natural_key
from kiosk.domain.record import SavedRanking, parse_time


class SelectionError(ValueError):
    """An unknown deck or lens; the message names it and what is available."""


class CatalogView(Protocol):
    """What a comparison needs of the catalog: the decks and the lenses."""

    @property
    def decks(self) -> DeckLibrary: ...
    @property
    def lenses(self) -> Mapping[str, Lens]: ...
    def deck(self, deck_id: str) -> Deck | None: ...


def _order(record: SavedRanking) -> tuple[str, tuple[int | str, ...], str,
                                          tuple[int | str, ...], str, float, str, str]:
    moment = parse_time(record.completed_at)
    # The workshop's id and the kiosk keep each workshop's and each table's rankings
    # together when names are shared (kiosks left on their defaults).
    return (
        record.workshop_date,
        natural_key(record.workshop),
        workshop_key(record),
        natural_key(record.table),
        record.kiosk_id,
        moment.timestamp() if moment else float("inf"),
        record.completed_at,
        record.ranking_id,
    )


def select(records: Iterable[SavedRanking], deck: str, lens: str,
           workshops: Iterable[str] | None = None) -> list[SavedRanking]:
    """The rankings of `deck` under `lens`, from the given workshops (names or ids; None =
    every workshop), ordered by workshop date, workshop, table (2 before 10), completion."""
    wanted = None if workshops is None else set(workshops)
    chosen = [
        r for r in records
        if r.deck == deck and r.lens == lens
        and (wanted is None or r.workshop in wanted or r.workshop_id in wanted)
    ]
    return sorted(chosen, key=_order)


def labels_for(records: Sequence[SavedRanking]) -> list[str]:
    """"<workshop> / <table>" for each ranking, named apart where kiosks share a label or
    workshops a name (kiosk.analysis.tables); where one table still has several (it ranked
    twice) each gets " (1)", " (2)"… in the given order."""
    bases = [f"{workshop} / {table}" for workshop, table in table_labels(records)]
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


def compare_records(records: Iterable[SavedRanking], catalog: CatalogView, deck: str, lens: str,
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
                   [r.positions for r in chosen], labels_for(chosen),
                   tags=card_tags(deck_obj.cards))
