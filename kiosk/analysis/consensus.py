"""Consensus orders from many tables' rankings: Borda count and exact Kemeny.

A ranking is a mapping card id -> position (1 = most beneficial / risky / acceptable).
Rankings typed in from paper may tie cards (1, 1, 3 or 1, 1, 2); every function here first
turns a ranking into mid-ranks (average ranks 1..n), so tied cards are treated as tied.
A ranking that does not place every card of the deck is left out: both Borda and Kemeny
need complete rankings to be fair to every card (`kiosk.analysis.statistics.compare` reports
which rankings were left out).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from scipy.stats import rankdata

# Exact Kemeny is O(2^n n^2) time and O(2^n) memory; at 20 cards it still runs in about a
# second, beyond that it would stall the facilitator's screen, so refuse rather than hang.
MAX_KEMENY_CARDS = 20


def _check_cards(cards: Sequence[str]) -> list[str]:
    card_list = list(cards)
    if len(set(card_list)) != len(card_list):
        raise ValueError(f"cards must be unique, got {card_list!r}")
    return card_list


def _is_placed(position: Mapping[str, float], card: str) -> bool:
    # A blank or non-numeric cell from a paper session counts as "not placed", not as a rank.
    value = position.get(card)
    if value is None or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def complete_rankings(
    positions: Sequence[Mapping[str, float]], cards: Sequence[str]
) -> tuple[npt.NDArray[np.float64], list[int]]:
    """Mid-rank matrix (rankings x cards, deck order) of the rankings that place every card.

    Returns the matrix and the indices into `positions` of the rankings it holds. Positions of
    cards not in `cards` are ignored, so the mid-ranks always run 1..len(cards).
    """
    card_list = _check_cards(cards)
    included = [i for i, pos in enumerate(positions) if all(_is_placed(pos, c) for c in card_list)]
    raw = np.array(
        [[float(positions[i][c]) for c in card_list] for i in included], dtype=np.float64
    ).reshape(len(included), len(card_list))
    if raw.size == 0:
        return raw, included
    return rankdata(raw, method="average", axis=1).astype(np.float64), included


def _borda_from_matrix(ranks: npt.NDArray[np.float64], card_list: list[str]) -> list[int]:
    """Deck indices in Borda order: total desc, then mean position asc, then deck order."""
    n = len(card_list)
    totals = (n + 1 - ranks).sum(axis=0) if ranks.size else np.zeros(n)
    means = ranks.mean(axis=0) if ranks.size else np.zeros(n)
    # With complete rankings equal totals imply equal means; the mean key is kept because it
    # is the documented rule and costs nothing. Mid-ranks are multiples of 0.5, so the float
    # sums are exact and equality comparisons are safe.
    return sorted(range(n), key=lambda i: (-totals[i], means[i], i))


def borda_points(
    positions: Sequence[Mapping[str, float]], cards: Sequence[str]
) -> dict[str, float]:
    """Borda points per card: a card at (mid-)position p of n scores n - p + 1."""
    card_list = _check_cards(cards)
    ranks, _ = complete_rankings(positions, card_list)
    n = len(card_list)
    totals = (n + 1 - ranks).sum(axis=0) if ranks.size else np.zeros(n)
    return {c: float(totals[i]) for i, c in enumerate(card_list)}


def borda(positions: Sequence[Mapping[str, float]], cards: Sequence[str]) -> list[str]:
    """Cards from position 1 down by Borda total; ties by mean position, then deck order."""
    card_list = _check_cards(cards)
    ranks, _ = complete_rankings(positions, card_list)
    return [card_list[i] for i in _borda_from_matrix(ranks, card_list)]


def _doubled_disagreements(ranks: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """D[a, b] = 2 x (cost of putting card a before card b) over all rankings.

    A ranking that puts b strictly before a costs 1 (doubled: 2); a ranking that ties a and b
    costs 0.5 (doubled: 1) whichever of the two comes first, so a tie never favours an order.
    Doubling keeps every cost a small whole number, so the DP compares costs exactly.
    """
    if ranks.size == 0:
        n = ranks.shape[1]
        return np.zeros((n, n))
    a_col = ranks[:, :, None]
    b_col = ranks[:, None, :]
    doubled = 2 * (b_col < a_col).sum(axis=0) + (b_col == a_col).sum(axis=0)
    np.fill_diagonal(doubled, 0)
    result: npt.NDArray[np.float64] = doubled.astype(np.float64)
    return result


def pairwise_disagreements(order: Sequence[str], positions: Sequence[Mapping[str, float]]) -> float:
    """The Kemeny objective: pairwise disagreements between `order` and the rankings.

    Each pair of cards that a ranking puts the other way round counts 1; a pair the ranking
    ties counts 0.5. Only rankings that place every card of `order` count, as in `kemeny`.
    The result is a whole number when no ranking has ties.
    """
    ranks, _ = complete_rankings(positions, order)
    doubled = _doubled_disagreements(ranks)
    # `order` is the deck order here, so the cost is the upper triangle of D.
    return float(np.triu(doubled, k=1).sum()) / 2.0


@functools.lru_cache(maxsize=4)
def _popcount_layers(n: int) -> tuple[npt.NDArray[np.int64], ...]:
    """Subsets of n cards (as bit masks) grouped by how many cards they hold. Cached (read-
    only): the same n comes back on every comparison of a deck."""
    # Built by doubling so it needs nothing newer than numpy 1.26 (no np.bitwise_count).
    counts = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        counts = np.concatenate([counts, counts + 1])
    masks = np.argsort(counts, kind="stable").astype(np.int64)
    bounds = np.concatenate([[0], np.cumsum(np.bincount(counts, minlength=n + 1))])
    masks.setflags(write=False)
    return tuple(masks[bounds[k] : bounds[k + 1]] for k in range(n + 1))


def _kemeny_indices(doubled: npt.NDArray[np.float64]) -> list[int]:
    """Optimal order of indices 0..n-1 for the cost matrix; lexicographically smallest.

    best[S] = least cost of ordering the cards not in S, given S already fills the first
    places. Filling it from the full set down (by popcount layers, each layer one numpy
    step) and then walking forward taking the smallest index that stays optimal gives the
    lexicographically smallest optimal order - so callers decide tie-breaks by how they
    number the cards.
    """
    n = doubled.shape[0]
    if n == 0:
        return []
    full = (1 << n) - 1
    best = np.full(1 << n, np.inf)
    best[full] = 0.0
    card_bits = np.int64(1) << np.arange(n, dtype=np.int64)
    for states in reversed(_popcount_layers(n)[:-1]):
        in_set = (states[:, None] & card_bits) != 0
        # Placing card c right after the set S: every card of S now stands before c.
        step = in_set.astype(np.float64) @ doubled
        candidates = step + best[states[:, None] | card_bits]
        candidates[in_set] = np.inf
        best[states] = candidates.min(axis=1)

    order: list[int] = []
    placed = 0
    for _ in range(n):
        for c in range(n):
            if placed & (1 << c):
                continue
            cost = doubled[order, c].sum() if order else 0.0
            if cost + best[placed | (1 << c)] == best[placed]:
                order.append(c)
                placed |= 1 << c
                break
    return order


def kemeny(positions: Sequence[Mapping[str, float]], cards: Sequence[str]) -> list[str]:
    """Exact Kemeny consensus: the order with the fewest pairwise disagreements.

    Dynamic programming over subsets, O(2^n n^2). Among equally good orders the one that
    follows the Borda order earliest wins (then deck order, through Borda's own tie-break),
    so the same rankings always give the same answer. Raises ValueError above
    MAX_KEMENY_CARDS cards.
    """
    card_list = _check_cards(cards)
    if len(card_list) > MAX_KEMENY_CARDS:
        raise ValueError(
            f"exact Kemeny is limited to {MAX_KEMENY_CARDS} cards, got {len(card_list)}"
        )
    ranks, _ = complete_rankings(positions, card_list)
    by_borda = _borda_from_matrix(ranks, card_list)
    doubled = _doubled_disagreements(ranks)[np.ix_(by_borda, by_borda)]
    return [card_list[by_borda[i]] for i in _kemeny_indices(doubled)]
