"""The permutation p-value of Kendall's W: exact enumeration against scipy's own
permutation test and against plain enumeration, ties kept; Monte Carlo reproducible and
close to the exact answer (no Qt)."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from scipy import stats

from kiosk.analysis.permutation import (
    MAX_EXACT_ARRANGEMENTS,
    MONTE_CARLO_PERMUTATIONS,
    arrangements,
    exact_p,
    monte_carlo_p,
    permutation_p,
)
from kiosk.analysis.statistics import compare, kendall_w


def naive_w(rows: list[tuple[float, ...]]) -> float:
    """W with tie correction from the definition, pure Python, rows already mid-ranks."""
    m, n = len(rows), len(rows[0])
    totals = [sum(row[j] for row in rows) for j in range(n)]
    mean = sum(totals) / n
    s = sum((t - mean) ** 2 for t in totals)
    ties = sum(sum(c ** 3 - c for c in (row.count(v) for v in set(row))) for row in rows)
    return 12 * s / (m * m * (n ** 3 - n) - m * ties)


def enumerated_p(rows: list[tuple[float, ...]]) -> float:
    """Every permutation of every row but the first (repeats and all): the share with W at
    least the observed one."""
    observed = naive_w(rows)
    hits = total = 0
    for others in itertools.product(*(itertools.permutations(r) for r in rows[1:])):
        total += 1
        hits += naive_w([rows[0], *others]) >= observed - 1e-12
    return hits / total


def mid(positions: list[list[int]]) -> np.ndarray:
    return stats.rankdata(np.array(positions, dtype=float), method="average", axis=1)


def test_known_answer_of_statistics_md_exactly() -> None:
    # 3 items by 4 judges, item rows X = (1,1,2,3), Y = (3,2,3,1), Z = (2,3,1,2): W = 1/16.
    ranks = np.array([(1, 1, 2, 3), (3, 2, 3, 1), (2, 3, 1, 2)], dtype=float).T
    test = permutation_p(ranks)
    assert test is not None and test.method == "exact"
    assert test.permutations == 6 ** 3
    assert test.p == pytest.approx(enumerated_p([tuple(r) for r in ranks]))


@pytest.mark.parametrize("seed", range(6))
def test_exact_matches_scipy_permutation_test_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 4)), int(rng.integers(3, 5))
    ranks = mid(rng.integers(1, n, size=(m, n)).tolist())  # positions below n: ties
    if math.isnan(kendall_w(ranks)[0]):
        ranks[0] = np.arange(1, n + 1)

    def w(*cards: np.ndarray) -> float:
        return kendall_w(np.array(cards).T)[0]

    # Samples are the cards; 'samples' permutes each table's ranks among them.
    expected = stats.permutation_test(tuple(ranks.T), w, permutation_type="samples",
                                      n_resamples=np.inf, alternative="greater")
    found = exact_p(ranks)
    assert found.p == pytest.approx(float(expected.pvalue), abs=1e-12)
    assert found.p == pytest.approx(enumerated_p([tuple(r) for r in ranks]), abs=1e-12)


def test_exact_with_tied_rows_counts_distinct_arrangements() -> None:
    ranks = mid([[1, 1, 3, 4], [1, 2, 2, 2], [1, 2, 3, 4]])
    assert arrangements(ranks) == (4 * 3 * 2) // (1 * 6) * 24
    assert exact_p(ranks).permutations == 4 * 24
    assert exact_p(ranks).p == pytest.approx(enumerated_p([tuple(r) for r in ranks]))


def test_monte_carlo_is_reproducible_and_near_the_exact_p() -> None:
    rng = np.random.default_rng(7)
    ranks = mid([rng.permutation(6).tolist() for _ in range(3)])
    ranks[1] = ranks[0]  # some agreement, so p is not near 1
    exact = exact_p(ranks)
    first, again = monte_carlo_p(ranks), monte_carlo_p(ranks)
    assert first == again  # fixed seed
    assert first.method == "monte-carlo"
    assert first.permutations == MONTE_CARLO_PERMUTATIONS >= 100_000
    error = math.sqrt(exact.p * (1 - exact.p) / first.permutations)
    assert abs(first.p - exact.p) < 4 * error + 1e-5
    assert monte_carlo_p(np.array([[1, 2, 3, 4, 5, 6]] * 8, float)).p > 0  # never 0


def test_the_method_follows_the_number_of_arrangements() -> None:
    three_by_six = mid([[1, 2, 3, 4, 5, 6], [2, 1, 3, 4, 6, 5], [6, 5, 4, 3, 2, 1]])
    assert arrangements(three_by_six) == 720 ** 2 <= MAX_EXACT_ARRANGEMENTS
    assert permutation_p(three_by_six).method == "exact"
    three_by_seven = mid([[1, 2, 3, 4, 5, 6, 7]] * 3)
    assert arrangements(three_by_seven) > MAX_EXACT_ARRANGEMENTS
    assert permutation_p(three_by_seven).method == "monte-carlo"
    assert permutation_p(three_by_six[:1]) is None


def test_compare_json_gives_the_permutation_p_beside_the_chi2_p() -> None:
    cards = "ABCDEF"
    orders = ["ABCDEF", "BACDFE", "ABDCEF"]
    positions = [{c: order.index(c) + 1 for c in cards} for order in orders]
    result = compare("d", "benefit", cards, positions, ["1", "2", "3"])
    payload = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert payload["p_method"] == "exact" and payload["permutations"] is None
    assert payload["p_permutation"] == pytest.approx(exact_p(result.ranks).p)
    assert payload["p_value"] == pytest.approx(result.p_value)  # the chi2 p stays
    # Strong agreement among three tables: the chi2 approximation and the exact p differ.
    assert payload["p_permutation"] != pytest.approx(payload["p_value"], rel=0.05)
    seven = compare("d", "benefit", "ABCDEFG", [{c: i + 1 for i, c in enumerate("ABCDEFG")}]
                    * 3, ["1", "2", "3"]).to_json()
    assert seven["p_method"] == "monte-carlo"
    assert seven["permutations"] == MONTE_CARLO_PERMUTATIONS
    assert seven["p_permutation"] == pytest.approx(1 / (MONTE_CARLO_PERMUTATIONS + 1),
                                                   rel=0.5)
    tied = compare("d", "l", "ABC", [{"A": 1, "B": 1, "C": 1}] * 2, ["1", "2"]).to_json()
    assert tied["p_permutation"] is None and tied["p_method"] is None
