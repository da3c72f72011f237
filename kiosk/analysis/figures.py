"""What the compare dashboard and the printed report show, prepared once per selection.

No Qt and no pyqtgraph here: the figures come from `kiosk.analysis.selection.compare_records` — the
same function `kiosk compare --json` uses — and this module only arranges them for the
charts (consensus order of cards, clustered order of tables, the rank matrix in that order,
criteria counts, time and moves per table).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from kiosk.analysis.consensus import complete_rankings
from kiosk.analysis.selection import CatalogView
from kiosk.analysis.statistics import Comparison, MapPoint, card_map
from kiosk.analysis.tables import table_labels
from kiosk.domain.decks import Deck
from kiosk.domain.lenses import LENS_IDS, Lens
from kiosk.domain.record import SavedRanking


@dataclass(frozen=True)
class CriterionCount:
    text: str
    origin: str  # "suggested" | "own"
    tables: int  # how many rankings stated it
    primary: int  # how many of those marked it primary


@dataclass(frozen=True)
class TableEffort:
    label: str
    duration_s: float | None
    moves: int | None
    source: str


@dataclass(frozen=True)
class MapData:
    points: list[MapPoint]
    cards: int  # cards in the deck (the axes run 1..cards)
    benefit_tables: int
    risk_tables: int
    acceptability_tables: int
    most_acceptable: str = "most acceptable"
    least_acceptable: str = "least acceptable"


@dataclass
class CompareData:
    deck: Deck
    lens_id: str
    lens: Lens | None
    workshops: tuple[str, ...]
    comparison: Comparison
    records: list[SavedRanking]  # the selected rankings, in the order the comparison used them
    compared: list[SavedRanking]  # those in the comparison (complete): compared[i] is tables[i]
    order: list[str]  # cards in consensus order (Kemeny, else Borda)
    order_name: str
    table_order: list[int]  # indices into comparison.tables, clustered by similarity
    ranks: np.ndarray  # (tables, cards in deck order) mid-ranks used by the statistics
    primary: list[str]  # each compared table's primary criterion ("" when none)
    map: MapData
    criteria: list[CriterionCount] = field(default_factory=list)
    effort: list[TableEffort] = field(default_factory=list)
    # (workshop, table) as shown for each compared table, named apart where names are
    # shared (kiosk.analysis.tables): the heat map's columns and its workshop groups.
    shown: list[tuple[str, str]] = field(default_factory=list)

    @property
    def n_cards(self) -> int:
        return len(self.comparison.cards)

    def title(self, card_id: str) -> str:
        return self.deck.card(card_id).title if self.deck.has_card(card_id) else card_id

    def most_word(self) -> str:
        return self.lens.most if self.lens else "most"

    def least_word(self) -> str:
        return self.lens.least if self.lens else "least"


def count_criteria(records: Iterable[SavedRanking]) -> list[CriterionCount]:
    """How many rankings stated each criterion; own criteria typed differently in case or
    spacing count as one. Suggested first, then own, each by frequency."""
    stated: Counter[tuple[str, str]] = Counter()
    primary: Counter[tuple[str, str]] = Counter()
    spelling: dict[tuple[str, str], str] = {}
    for record in records:
        seen: set[tuple[str, str]] = set()
        for criterion in record.criteria:
            text = " ".join(criterion.text.split())
            if not text:
                continue
            origin = "own" if criterion.origin == "own" else "suggested"
            key = (origin, text.casefold())
            spelling.setdefault(key, text)
            if key in seen:
                continue
            seen.add(key)
            stated[key] += 1
            if criterion.primary:
                primary[key] += 1
    counts = [CriterionCount(spelling[k], k[0], n, primary[k]) for k, n in stated.items()]
    counts.sort(key=lambda c: (c.origin != "suggested", -c.tables, -c.primary, c.text.casefold()))
    return counts


def effort_of(records: Sequence[SavedRanking], labels: Sequence[str]) -> list[TableEffort]:
    out = []
    for record, label in zip(records, labels, strict=True):
        duration = record.duration_s
        out.append(TableEffort(label, float(duration) if duration is not None else None,
                               record.moves, record.source))
    return out


class ComparisonCache:
    """The comparisons of one deck and set of workshops under every lens (the map needs all
    three), kept for the last few selections: switching the lens, or going back to a set of
    workshops just seen, then costs nothing. Clear it when the rankings change."""

    def __init__(self, size: int = 6) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, tuple[str, ...] | None], dict[str, Comparison]] = (
            OrderedDict())

    def clear(self) -> None:
        self._entries.clear()

    def get(self, records: Sequence[SavedRanking], catalog: CatalogView, deck_id: str,
            workshops: Sequence[str] | None) -> dict[str, Comparison]:
        key = (deck_id, None if workshops is None else tuple(sorted(set(workshops))))
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        found = compare_lenses(records, catalog, deck_id, workshops)
        self._entries[key] = found
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return found


def compare_lenses(records: Sequence[SavedRanking], catalog: CatalogView, deck_id: str,
                   workshops: Sequence[str] | None) -> dict[str, Comparison]:
    """`kiosk.analysis.selection.compare_records` for every lens of one selection.

    In turn, not on threads: the statistics are mostly small numpy steps that hold the GIL,
    and on a two-core kiosk three threads measured slower than one.
    """
    from kiosk.analysis import selection as analysis

    chosen = list(workshops) if workshops is not None else None
    # Only this deck's rankings go in, so each call's selection sorts fewer records.
    mine = [r for r in records if r.deck == deck_id]
    return {lens: analysis.compare_records(mine, catalog, deck_id, lens, chosen)
            for lens in LENS_IDS}


def build(records: Sequence[SavedRanking], catalog: CatalogView, deck_id: str, lens_id: str,
          workshops: Sequence[str] | None, cache: ComparisonCache | None = None) -> CompareData:
    """Everything the dashboard shows for one deck, lens and set of workshops."""
    from kiosk.analysis import selection as analysis

    deck = catalog.deck(deck_id)
    if deck is None:
        raise KeyError(f"deck '{deck_id}' is not loaded")
    chosen = list(workshops) if workshops is not None else None
    by_lens = dict((cache or ComparisonCache()).get(records, catalog, deck_id, chosen))
    if lens_id not in by_lens:
        by_lens[lens_id] = analysis.compare_records(records, catalog, deck_id, lens_id, chosen)
    comparison = by_lens[lens_id]
    selected = list(analysis.select(records, deck_id, lens_id, chosen))

    labels = analysis.labels_for(selected)
    names = table_labels(selected)
    # The same helper the statistics use picks the complete rankings, so row i of `ranks`
    # is comparison.tables[i].
    ranks, included = complete_rankings([r.positions for r in selected],
                                         comparison.cards)
    compared = [selected[i] for i in included]
    if [labels[i] for i in included] != list(comparison.tables):
        raise RuntimeError("the dashboard's tables do not match the comparison's")

    order = list(comparison.kemeny) or list(comparison.borda) or list(comparison.cards)
    order_name = "consensus (Kemeny)" if comparison.kemeny else "consensus (Borda)"
    acceptability = by_lens["acceptability"]
    map_data = MapData(
        points=card_map(by_lens["benefit"].mean_position, by_lens["risk"].mean_position,
                        acceptability.mean_position or None, comparison.cards),
        cards=len(comparison.cards),
        benefit_tables=len(by_lens["benefit"].tables),
        risk_tables=len(by_lens["risk"].tables),
        acceptability_tables=len(acceptability.tables),
    )
    if "acceptability" in catalog.lenses:
        lens = catalog.lenses["acceptability"]
        map_data = replace(map_data, most_acceptable=lens.most, least_acceptable=lens.least)
    return CompareData(
        deck=deck,
        lens_id=lens_id,
        lens=catalog.lenses.get(lens_id),
        workshops=tuple(chosen or ()),
        comparison=comparison,
        records=selected,
        compared=compared,
        order=order,
        order_name=order_name,
        table_order=list(comparison.cluster_order),
        ranks=ranks,
        primary=[r.primary for r in compared],
        map=map_data,
        criteria=count_criteria(selected),
        effort=effort_of(selected, labels),
        # The label is "<workshop> / <table>" with " (2)" for a table's second ranking.
        shown=[(names[i][0], labels[i][len(names[i][0]) + 3:]) for i in included],
    )
