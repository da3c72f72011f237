"""Borda and exact Kemeny, checked against known answers and brute force (no Qt)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analysis.consensus import (
    MAX_KEMENY_CARDS,
    borda,
    borda_points,
    kemeny,
    pairwise_disagreements,
)


def ranking(order: str) -> dict[str, int]:
    """'YXZ' -> {'Y': 1, 'X': 2, 'Z': 3}."""
    return {card: i + 1 for i, card in enumerate(order)}


# --- Independent reference implementations: plain Python, no numpy, no shared helpers ---


def naive_mid_ranks(position: Mapping[str, float], cards: Sequence[str]) -> dict[str, float]:
    values = [position[c] for c in cards]
    result = {}
    for card in cards:
        below = sum(1 for v in values if v < position[card])
        equal = sum(1 for v in values if v == position[card])
        result[card] = below + (equal + 1) / 2  # average of ranks below+1 .. below+equal
    return result


def naive_borda_order(positions: list[dict[str, int]], cards: list[str]) -> list[str]:
    complete = [p for p in positions if all(c in p for c in cards)]
    mids = [naive_mid_ranks(p, cards) for p in complete]
    n = len(cards)
    total = {c: sum(n - r[c] + 1 for r in mids) for c in cards}
    mean = {c: (sum(r[c] for r in mids) / len(mids)) if mids else 0.0 for c in cards}
    return sorted(cards, key=lambda c: (-total[c], mean[c], cards.index(c)))


def naive_cost(order: Sequence[str], positions: list[dict[str, int]]) -> float:
    cost = 0.0
    for p in positions:
        if not all(c in p for c in order):
            continue
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                if p[b] < p[a]:
                    cost += 1.0
                elif p[b] == p[a]:
                    cost += 0.5
    return cost


def brute_force_kemeny(positions: list[dict[str, int]], cards: list[str]) -> list[str]:
    """Least cost over all n! orders; among equals, lexicographically smallest Borda ranks."""
    borda_rank = {c: i for i, c in enumerate(naive_borda_order(positions, cards))}
    best = min(
        itertools.permutations(cards),
        key=lambda order: (naive_cost(order, positions), [borda_rank[c] for c in order]),
    )
    return list(best)


def random_rankings(
    rng: random.Random, n: int, m: int, ties: bool, incomplete: int = 0
) -> tuple[list[str], list[dict[str, int]]]:
    cards = [f"k{i}" for i in range(n)]
    positions = []
    for _ in range(m):
        if ties:
            # Paper-style positions: small whole numbers, repeats allowed (1,1,3 or 1,1,2).
            positions.append({c: rng.randint(1, max(1, n // 2)) for c in cards})
        else:
            order = cards[:]
            rng.shuffle(order)
            positions.append(ranking_list(order))
    for _ in range(incomplete):
        partial = ranking_list(cards[:-1])
        positions.append(partial)
    return cards, positions


def ranking_list(order: Sequence[str]) -> dict[str, int]:
    return {card: i + 1 for i, card in enumerate(order)}


# --- Borda ---


def test_borda_known_answer() -> None:
    positions = [ranking("XYZ"), ranking("YXZ"), ranking("YXZ")]
    assert borda_points(positions, ["X", "Y", "Z"]) == {"X": 7.0, "Y": 8.0, "Z": 3.0}
    assert borda(positions, ["X", "Y", "Z"]) == ["Y", "X", "Z"]


def test_borda_ties_fall_back_to_deck_order() -> None:
    positions = [ranking("AB"), ranking("BA")]
    assert borda(positions, ["A", "B"]) == ["A", "B"]
    assert borda(positions, ["B", "A"]) == ["B", "A"]


def test_borda_uses_mid_ranks_for_paper_ties() -> None:
    # 1, 1, 3 and 1, 1, 2 both mean "A and B share places 1-2": 1.5 each, so 3 - 1.5 + 1.
    for tied in ({"A": 1, "B": 1, "C": 3}, {"A": 1, "B": 1, "C": 2}):
        assert borda_points([tied], ["A", "B", "C"]) == {"A": 2.5, "B": 2.5, "C": 1.0}


def test_borda_leaves_out_incomplete_rankings() -> None:
    positions = [ranking("ABC"), {"C": 1, "B": 2}, {"C": 1, "B": 2, "A": None}]
    assert borda_points(positions, ["A", "B", "C"]) == {"A": 3.0, "B": 2.0, "C": 1.0}


def test_borda_ignores_cards_outside_the_deck() -> None:
    assert borda([{"Q": 1, "B": 2, "A": 3}], ["A", "B"]) == ["B", "A"]


def test_duplicate_cards_are_rejected() -> None:
    with pytest.raises(ValueError):
        borda([ranking("AB")], ["A", "A"])
    with pytest.raises(ValueError):
        kemeny([ranking("AB")], ["A", "A"])


@pytest.mark.parametrize("ties", [False, True])
def test_borda_matches_reference(ties: bool) -> None:
    rng = random.Random(7 + ties)
    for _ in range(50):
        cards, positions = random_rankings(rng, rng.randint(1, 9), rng.randint(0, 8), ties, 1)
        assert borda(positions, cards) == naive_borda_order(positions, cards)


# --- Kemeny objective ---


def test_pairwise_disagreements_counts_reversed_pairs() -> None:
    positions = [ranking("ABC"), ranking("CBA")]
    assert pairwise_disagreements(list("ABC"), positions) == 3.0  # 0 + 3
    assert pairwise_disagreements(list("BAC"), positions) == 3.0  # 1 + 2


def test_pairwise_disagreements_counts_ties_as_half() -> None:
    tied = {"A": 1, "B": 1, "C": 3}
    assert pairwise_disagreements(list("ABC"), [tied]) == 0.5
    assert pairwise_disagreements(list("BAC"), [tied]) == 0.5
    assert pairwise_disagreements(list("CAB"), [tied]) == 2.5


# --- Kemeny ---


def test_kemeny_of_identical_rankings_is_that_ranking() -> None:
    assert kemeny([ranking("DBCA")] * 3, list("ABCD")) == list("DBCA")


def test_kemeny_condorcet_cycle_is_broken_by_borda_then_deck_order() -> None:
    cycle = [ranking("abc"), ranking("bca"), ranking("cab")]
    # All three rotations cost 4 and all Borda totals tie, so deck order decides.
    assert kemeny(cycle, list("abc")) == list("abc")
    assert kemeny(cycle, list("cba")) == list("cab")


def test_kemeny_can_differ_from_borda() -> None:
    # 3 tables A>B>C, 2 tables B>C>A: B has most Borda points (12 vs 11), but a majority
    # puts A before B and before C, so the Kemeny (Condorcet) order starts with A.
    positions = [ranking("ABC")] * 3 + [ranking("BCA")] * 2
    assert borda_points(positions, list("ABC")) == {"A": 11.0, "B": 12.0, "C": 7.0}
    assert borda(positions, list("ABC")) == list("BAC")
    assert kemeny(positions, list("ABC")) == list("ABC")
    assert pairwise_disagreements(list("ABC"), positions) == 4.0


def test_kemeny_edge_sizes() -> None:
    assert kemeny([], []) == []
    assert kemeny([{"A": 1}], ["A"]) == ["A"]
    assert kemeny([], list("CAB")) == list("CAB")  # no rankings: Borda ties -> deck order


@pytest.mark.parametrize("ties", [False, True])
def test_kemeny_matches_brute_force(ties: bool) -> None:
    rng = random.Random(11 + ties)
    for _ in range(60):
        n = rng.randint(2, 7)
        cards, positions = random_rankings(rng, n, rng.randint(1, 7), ties, incomplete=1)
        order = kemeny(positions, cards)
        expected = brute_force_kemeny(positions, cards)
        assert pairwise_disagreements(order, positions) == naive_cost(expected, positions)
        assert order == expected  # same optimum and the same deterministic tie-break


def test_kemeny_is_deterministic_under_reordered_input() -> None:
    rng = random.Random(3)
    cards, positions = random_rankings(rng, 7, 6, ties=True)
    first = kemeny(positions, cards)
    shuffled = positions[:]
    rng.shuffle(shuffled)
    assert kemeny(shuffled, cards) == first
    assert kemeny([dict(reversed(list(p.items()))) for p in positions], cards) == first


def test_kemeny_refuses_oversized_decks() -> None:
    cards = [f"c{i}" for i in range(MAX_KEMENY_CARDS + 1)]
    with pytest.raises(ValueError, match="limited"):
        kemeny([ranking_list(cards)], cards)


def test_kemeny_fifteen_cards_beats_every_simple_order() -> None:
    # Its speed is measured in benchmarks/run.py, not here.
    rng = random.Random(5)
    cards, positions = random_rankings(rng, 15, 100, ties=False)
    order = kemeny(positions, cards)
    assert sorted(order) == sorted(cards)
    # A 15-card optimum can never lose to the Borda order or any table's own order.
    best = pairwise_disagreements(order, positions)
    assert best <= pairwise_disagreements(borda(positions, cards), positions)
    for p in positions[:10]:
        assert best <= pairwise_disagreements(sorted(cards, key=p.__getitem__), positions)


@st.composite
def rankings_strategy(draw: st.DrawFn) -> tuple[list[str], list[dict[str, int]]]:
    n = draw(st.integers(1, 6))
    cards = [f"c{i}" for i in range(n)]
    rows = draw(st.lists(st.lists(st.integers(1, n), min_size=n, max_size=n), max_size=6))
    return cards, [dict(zip(cards, row, strict=True)) for row in rows]


@settings(max_examples=150, deadline=None)
@given(rankings_strategy())
def test_kemeny_property_optimal_permutation(
    data: tuple[list[str], list[dict[str, int]]],
) -> None:
    cards, positions = data
    order = kemeny(positions, cards)
    assert sorted(order) == sorted(cards)
    assert order == brute_force_kemeny(positions, cards)


@settings(max_examples=100, deadline=None)
@given(rankings_strategy())
def test_borda_property_points_sum(data: tuple[list[str], list[dict[str, int]]]) -> None:
    # Mid-ranks always sum to n(n+1)/2, so each ranking hands out exactly that many points.
    cards, positions = data
    n = len(cards)
    assert sum(borda_points(positions, cards).values()) == len(positions) * n * (n + 1) / 2
