"""Every optimal Kemeny order: a published known answer, brute force over all orders of
small decks (ties included), and the figures in `compare` (no Qt)."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence

import pytest

from kiosk.analysis.consensus import MAX_KEMENY_CARDS, kemeny
from kiosk.analysis.optima import MAX_LISTED_ORDERS, kemeny_optima
from kiosk.analysis.statistics import compare


def ranking(order: str) -> dict[str, int]:
    return {card: i + 1 for i, card in enumerate(order)}


def naive_cost(order: Sequence[str], positions: list[dict[str, int]]) -> float:
    """Pairwise disagreements from the definition: a reversed pair 1, a tied pair 0.5."""
    cost = 0.0
    for ranking_ in positions:
        for i, a in enumerate(order):
            for b in order[i + 1:]:
                if ranking_[a] > ranking_[b]:
                    cost += 1.0
                elif ranking_[a] == ranking_[b]:
                    cost += 0.5
    return cost


def brute_force(positions: list[dict[str, int]], cards: list[str]):
    costs = {order: naive_cost(order, positions) for order in itertools.permutations(cards)}
    best = min(costs.values())
    optimal = sorted(order for order, cost in costs.items() if cost == best)
    rest = [cost for cost in costs.values() if cost > best]
    places = {card: sorted({order.index(card) + 1 for order in optimal}) for card in cards}
    return best, optimal, (min(rest) if rest else None), places


def test_electowiki_cycle_known_answer() -> None:
    # Kemeny-Young on electowiki: 25 A>B>C, 40 B>C>A, 35 C>A>B -> B>C>A with 120
    # disagreements; the next best order, C>A>B, has 130.
    positions = [ranking("ABC")] * 25 + [ranking("BCA")] * 40 + [ranking("CAB")] * 35
    found = kemeny_optima(positions, "ABC")
    assert found.orders == [["B", "C", "A"]]
    assert found.distance == 120 and found.count == 1 and found.runner_up == 130
    assert found.swapping == []
    result = compare("d", "benefit", "ABC", positions, [f"t{i}" for i in range(100)])
    payload = result.to_json()
    assert payload["kemeny"] == ["B", "C", "A"]
    assert payload["kemeny_distance"] == 120 and payload["runner_up_distance"] == 130
    assert payload["kemeny_optima"] == 1 and payload["kemeny_orders"] == [["B", "C", "A"]]
    assert naive_cost("CAB", positions) == 130  # the runner-up named by the source


def test_three_tables_in_a_cycle_have_three_equally_good_orders() -> None:
    positions = [ranking("ABC"), ranking("BCA"), ranking("CAB")]
    best, optimal, runner, _ = brute_force(positions, list("ABC"))
    result = compare("d", "benefit", "ABC", positions, ["1", "2", "3"])
    assert result.kemeny_distance == best == 4
    assert result.kemeny_optima == len(optimal) == 3
    assert sorted(map(tuple, result.kemeny_orders)) == optimal
    assert result.kemeny_orders[0] == result.kemeny == kemeny(positions, "ABC")
    assert result.runner_up_distance == runner == 5
    assert sorted(result.kemeny_swapping) == ["A", "B", "C"]  # each card moves


@pytest.mark.parametrize("ties", [False, True])
def test_matches_brute_force_over_every_order(ties: bool) -> None:
    rng = random.Random(13 + ties)
    for _ in range(120):
        n = rng.randint(1, 6)
        cards = [f"c{i}" for i in range(n)]
        positions = []
        for _ in range(rng.randint(1, 5)):
            if ties:
                positions.append({c: rng.randint(1, max(1, n - 1)) for c in cards})
            else:
                positions.append(dict(zip(cards, rng.sample(range(1, n + 1), n), strict=True)))
        best, optimal, runner, places = brute_force(positions, cards)
        found = kemeny_optima(positions, cards)
        assert found.distance == best
        assert found.count == len(optimal)
        assert found.runner_up == runner
        assert found.places == places
        assert len(found.orders) == min(len(optimal), MAX_LISTED_ORDERS)
        assert len({tuple(o) for o in found.orders}) == len(found.orders)
        assert all(naive_cost(order, positions) == best for order in found.orders)
        assert found.orders[0] == kemeny(positions, cards)  # the chosen order first
        assert found.swapping == [c for c in found.orders[0] if len(places[c]) > 1]


def test_everything_tied_counts_every_order_and_has_no_runner_up() -> None:
    cards = [f"c{i}" for i in range(8)]
    tied = {c: 1 for c in cards}
    found = kemeny_optima([tied, tied, tied], cards)
    assert found.count == math.factorial(8)
    assert found.runner_up is None
    assert len(found.orders) == MAX_LISTED_ORDERS
    assert found.distance == 3 * 0.5 * 28


def test_fifteen_cards_counts_optima_exactly() -> None:
    # 15 cards: two blocks of cards the tables split evenly on, so the optima are known
    # without enumerating 15! orders: cards 1-13 always in this order, 14 and 15 swapped by
    # half of the tables.
    cards = [f"k{i:02d}" for i in range(1, 16)]
    first = {c: i + 1 for i, c in enumerate(cards)}
    second = dict(first, k14=15, k15=14)
    found = kemeny_optima([first, second, first, second], cards)
    assert found.count == 2 and found.distance == 2
    assert found.runner_up == 2 + 4  # moving any other adjacent pair costs all 4 tables
    assert found.swapping == ["k14", "k15"]
    assert found.places["k01"] == [1] and found.places["k14"] == [14, 15]


def test_oversized_decks_are_refused_and_compare_leaves_them_empty() -> None:
    cards = [f"c{i}" for i in range(MAX_KEMENY_CARDS + 1)]
    with pytest.raises(ValueError):
        kemeny_optima([{c: i for i, c in enumerate(cards)}], cards)
    result = compare("d", "l", cards, [{c: i + 1 for i, c in enumerate(cards)}], ["t"])
    payload = result.to_json()
    assert payload["kemeny"] == [] and payload["kemeny_orders"] == []
    assert payload["kemeny_optima"] is None and payload["kemeny_distance"] is None
    assert payload["runner_up_distance"] is None
