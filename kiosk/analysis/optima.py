"""Every optimal Kemeny order, how far the next best order is, and which cards move among
the optima.

With three tables there are often several orders exactly as good as the one the kiosk
shows; the consensus is then not unique, and a facilitator should say so. The same dynamic
programming over subsets as `kiosk.analysis.consensus` (O(2^n n^2), exact) also keeps, for
every set of cards already placed, the second-smallest completion cost and the number of
optimal completions; a forward walk over the optimal steps then tells, for every card, at
which places some optimal order puts it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kiosk.analysis.consensus import (
    MAX_KEMENY_CARDS,
    _borda_from_matrix,
    _check_cards,
    _doubled_disagreements,
    _popcount_layers,
    complete_rankings,
)

MAX_LISTED_ORDERS = 10


@dataclass(frozen=True)
class KemenyOptima:
    """The optimal Kemeny orders of one set of rankings.

    - `orders`: up to MAX_LISTED_ORDERS optimal orders (card ids from position 1 down), the
      chosen one first — the one `kiosk.analysis.consensus.kemeny` returns.
    - `distance`: total pairwise disagreements of an optimal order with the rankings (a pair
      a ranking ties counts 0.5).
    - `count`: how many orders reach `distance` (all of them, not only those listed).
    - `runner_up`: the smallest distance of any order that is not optimal; None when every
      order is optimal (one card, or no ranking orders any pair).
    - `places`: for each card, the places (1 = first) it has in some optimal order.
    """

    orders: list[list[str]]
    distance: float
    count: int
    runner_up: float | None
    places: dict[str, list[int]]

    @property
    def chosen(self) -> list[str]:
        return self.orders[0] if self.orders else []

    @property
    def swapping(self) -> list[str]:
        """Cards whose place differs between optimal orders, in the chosen order."""
        return [card for card in self.chosen if len(self.places.get(card, ())) > 1]


def _search(doubled: npt.NDArray[np.float64]) -> tuple[
        npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64],
        list[npt.NDArray[np.bool_]]]:
    """best[S], second[S] (the smallest completion cost above best[S], inf if none),
    count[S] (optimal completions) and, per popcount layer, which next card is an optimal
    step from each of its states.

    S is a bit mask of the cards already in the first places. The costs of completing S
    are the union over the next card c of (cost of c after S) + (costs of completing S+c),
    so the two smallest distinct values of S follow from those of every S+c.
    """
    n = doubled.shape[0]
    size = 1 << n
    full = size - 1
    best = np.full(size, np.inf)
    second = np.full(size, np.inf)
    count = np.zeros(size, dtype=np.int64)
    best[full], count[full] = 0.0, 1
    card_bits = np.int64(1) << np.arange(n, dtype=np.int64)
    layers = _popcount_layers(n)
    # The cost of placing card c right after the set S is the sum of doubled[s, c] over the
    # cards s of S: the sums over every subset of the first and of the second half of the
    # cards, looked up and added, give it without a matrix product per layer.
    half = n // 2
    low_sums, high_sums = _subset_sums(doubled[:half]), _subset_sums(doubled[half:])
    low_mask = (1 << half) - 1
    tight: list[npt.NDArray[np.bool_]] = [np.zeros((0, n), dtype=bool)] * (n + 1)
    for k in range(n - 1, -1, -1):
        states = layers[k]
        step = low_sums[states & low_mask] + high_sums[states >> half]
        after = states[:, None] | card_bits
        # A card already in S gives after == S, whose best, second and count are still
        # inf, inf and 0 (this layer is not filled yet): such steps drop out by themselves.
        first = step + best[after]
        low = first.min(axis=1)
        optimal = first == low[:, None]
        first[optimal] = np.inf
        later = step + second[after]
        best[states] = low
        second[states] = np.minimum(first.min(axis=1), later.min(axis=1))
        count[states] = (count[after] * optimal).sum(axis=1)
        tight[k] = optimal
    return best, second, count, tight


def _subset_sums(rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """sums[mask] = the sum of the rows whose bits are set in mask (by doubling)."""
    sums = np.zeros((1, rows.shape[1]))
    for row in rows:
        sums = np.concatenate([sums, sums + row])
    return sums


def _places(n: int, tight: list[npt.NDArray[np.bool_]]) -> npt.NDArray[np.bool_]:
    """possible[c, k]: some optimal order puts card c at place k + 1. Walks forward from
    the empty set along optimal steps only, so a state counts only when it lies on an
    optimal order."""
    possible = np.zeros((n, n), dtype=bool)
    reached = np.zeros(1 << n, dtype=bool)
    reached[0] = True
    card_bits = np.int64(1) << np.arange(n, dtype=np.int64)
    for k, states in enumerate(_popcount_layers(n)[:-1]):
        steps = tight[k] & reached[states][:, None]
        possible[:, k] = steps.any(axis=0)
        reached[(states[:, None] | card_bits)[steps]] = True
    return possible


def _listed(doubled: npt.NDArray[np.float64], best: npt.NDArray[np.float64],
            limit: int) -> list[list[int]]:
    """The first `limit` optimal orders in lexicographic order of the indices (the first is
    the lexicographically smallest, the one `consensus._kemeny_indices` picks). Every
    optimal step leads on to an optimal order, so the search never backtracks in vain."""
    n = doubled.shape[0]
    found: list[list[int]] = []
    order: list[int] = []

    def extend(placed: int) -> None:
        if len(found) >= limit:
            return
        if len(order) == n:
            found.append(list(order))
            return
        for c in range(n):
            if placed & (1 << c):
                continue
            cost = doubled[order, c].sum() if order else 0.0
            if cost + best[placed | (1 << c)] == best[placed]:
                order.append(c)
                extend(placed | (1 << c))
                order.pop()
                if len(found) >= limit:
                    return

    extend(0)
    return found


def optima_of_matrix(ranks: npt.NDArray[np.float64], cards: Sequence[str],
                     limit: int = MAX_LISTED_ORDERS) -> KemenyOptima:
    """`kemeny_optima` for a mid-rank matrix (rankings x cards, deck order) of complete
    rankings, as `consensus.complete_rankings` returns it."""
    card_list = _check_cards(cards)
    n = len(card_list)
    if n > MAX_KEMENY_CARDS:
        raise ValueError(f"exact Kemeny is limited to {MAX_KEMENY_CARDS} cards, got {n}")
    if n == 0:
        return KemenyOptima([[]], 0.0, 1, None, {})
    # Cards numbered in Borda order: the lexicographically smallest optimal order is then
    # the one that follows Borda earliest, as consensus.kemeny breaks ties.
    by_borda = _borda_from_matrix(ranks, card_list)
    doubled = _doubled_disagreements(ranks)[np.ix_(by_borda, by_borda)]
    best, second, count, tight = _search(doubled)
    orders = [[card_list[by_borda[i]] for i in order] for order in _listed(doubled, best, limit)]
    possible = _places(n, tight)
    at = {deck_index: i for i, deck_index in enumerate(by_borda)}
    places = {card: [int(k) + 1 for k in np.flatnonzero(possible[at[index]])]
              for index, card in enumerate(card_list)}
    runner = float(second[0])
    return KemenyOptima(
        orders=orders,
        distance=float(best[0]) / 2.0,
        count=int(count[0]),
        runner_up=runner / 2.0 if math.isfinite(runner) else None,
        places=places,
    )


def kemeny_optima(positions: Sequence[Mapping[str, float]], cards: Sequence[str],
                  limit: int = MAX_LISTED_ORDERS) -> KemenyOptima:
    """Every optimal Kemeny order of the rankings that place every card (up to `limit`
    listed, all counted), the next best distance, and each card's possible places.
    Raises ValueError above MAX_KEMENY_CARDS cards."""
    card_list = _check_cards(cards)
    if len(card_list) > MAX_KEMENY_CARDS:
        raise ValueError(
            f"exact Kemeny is limited to {MAX_KEMENY_CARDS} cards, got {len(card_list)}")
    ranks, _ = complete_rankings(positions, card_list)
    return optima_of_matrix(ranks, card_list, limit)
