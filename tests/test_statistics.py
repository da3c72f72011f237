"""Kendall's W, tau-b, spread and the compare() summary (no Qt)."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from kiosk.analysis.consensus import MAX_KEMENY_CARDS
from kiosk.analysis.statistics import (
    CardSpread,
    MapPoint,
    card_map,
    compare,
    kendall_w,
    mid_ranks,
    tau_b,
    tau_b_matrix,
)

JSON_KEYS = {
    "deck",
    "lens",
    "rankings",
    "tables",
    "cards",
    "mean_position",
    "kendall_w",
    "chi2",
    "p_value",
    "borda",
    "kemeny",
    "tau_b",
    "p_permutation",
    "p_method",
    "permutations",
    "kemeny_distance",
    "kemeny_optima",
    "kemeny_orders",
    "runner_up_distance",
    "kemeny_swapping",
    "attributes",
}


def ranking(order: str) -> dict[str, int]:
    return {card: i + 1 for i, card in enumerate(order)}


def naive_w(rows: list[list[float]]) -> float:
    """Textbook W with tie correction, straight from the definition, pure Python."""
    m, n = len(rows), len(rows[0])
    mids = []
    for row in rows:
        mids.append([sum(v < x for v in row) + (sum(v == x for v in row) + 1) / 2 for x in row])
    totals = [sum(r[j] for r in mids) for j in range(n)]
    mean = sum(totals) / n
    s = sum((t - mean) ** 2 for t in totals)
    tie_sum = 0.0
    for row in rows:
        for value in set(row):
            t = row.count(value)
            tie_sum += t**3 - t
    return 12 * s / (m * m * (n**3 - n) - m * tie_sum)


def random_matrix(rng: np.random.Generator, m: int, n: int, ties: bool) -> np.ndarray:
    if ties:
        return rng.integers(1, max(2, n // 2) + 1, size=(m, n)).astype(float)
    return np.array([rng.permutation(n) + 1 for _ in range(m)], dtype=float)


# --- mid-ranks ---


def test_mid_ranks_turn_paper_ties_into_average_ranks() -> None:
    assert mid_ranks({"A": 1, "B": 1, "C": 3}, "ABC") == [1.5, 1.5, 3.0]
    assert mid_ranks({"A": 1, "B": 1, "C": 2}, "ABC") == [1.5, 1.5, 3.0]
    assert mid_ranks({"A": 2, "B": 2, "C": 2, "D": 1}, "ABCD") == [3.0, 3.0, 3.0, 1.0]
    assert mid_ranks({"A": 3, "B": 1, "C": 2}, "ABC") == [3.0, 1.0, 2.0]


def test_mid_ranks_reject_an_incomplete_ranking() -> None:
    with pytest.raises(ValueError, match="C"):
        mid_ranks({"A": 1, "B": 2}, "ABC")


# --- Kendall's W ---


def test_w_known_answer() -> None:
    # Published as item rows x judges; kendall_w takes rankings (judges) as rows.
    items = np.array([[1, 1, 2, 3], [3, 2, 3, 1], [2, 3, 1, 2]])
    w, chi2, p = kendall_w(items.T)
    totals = items.sum(axis=1)
    assert ((totals - totals.mean()) ** 2).sum() == 2  # S = 2
    assert w == pytest.approx(0.0625, abs=1e-15)
    assert chi2 == pytest.approx(4 * 2 * 0.0625)
    assert p == pytest.approx(math.exp(-0.25))  # chi2 survival, 2 df, at 0.5


def test_w_is_one_for_identical_and_zero_for_reversed() -> None:
    assert kendall_w([[1, 2, 3, 4]] * 5)[0] == pytest.approx(1.0)
    assert kendall_w([[1, 2, 3, 4], [4, 3, 2, 1]])[0] == pytest.approx(0.0)


def test_w_two_rankings_equals_spearman_relation() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        pair = random_matrix(rng, 2, 8, ties=False)
        rho = stats.spearmanr(pair[0], pair[1]).statistic
        assert kendall_w(pair)[0] == pytest.approx((1 + rho) / 2)


@pytest.mark.parametrize("ties", [False, True])
def test_w_matches_naive_implementation(ties: bool) -> None:
    rng = np.random.default_rng(2 + ties)
    for _ in range(100):
        matrix = random_matrix(rng, int(rng.integers(2, 12)), int(rng.integers(2, 10)), ties)
        if all(len(set(row)) == 1 for row in matrix.tolist()):
            continue  # W undefined; covered below
        assert kendall_w(matrix)[0] == pytest.approx(naive_w(matrix.tolist()), abs=1e-12)


@pytest.mark.parametrize("ties", [False, True])
def test_chi2_equals_friedman(ties: bool) -> None:
    rng = np.random.default_rng(4 + ties)
    for _ in range(100):
        m, n = int(rng.integers(2, 15)), int(rng.integers(3, 10))  # Friedman needs 3 groups
        matrix = random_matrix(rng, m, n, ties)
        if all(len(set(row)) == 1 for row in matrix.tolist()):
            continue
        # friedmanchisquare takes one sample per card; each ranking is one block.
        expected = stats.friedmanchisquare(*matrix.T)
        w, chi2, p = kendall_w(matrix)
        assert chi2 == pytest.approx(expected.statistic, rel=1e-10, abs=1e-12)
        assert p == pytest.approx(expected.pvalue, rel=1e-10, abs=1e-12)
        assert chi2 == pytest.approx(m * (n - 1) * w)


def test_w_undefined_when_every_ranking_ties_everything() -> None:
    assert all(math.isnan(v) for v in kendall_w([[1, 1, 1], [2, 2, 2]]))


def test_w_rejects_degenerate_shapes() -> None:
    with pytest.raises(ValueError):
        kendall_w([[1, 2, 3]])
    with pytest.raises(ValueError):
        kendall_w([[1], [1]])


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(1, n), min_size=n, max_size=n), min_size=2, max_size=8
        )
    ),
    st.randoms(use_true_random=False),
)
def test_w_property_bounded_and_order_free(rows: list[list[int]], rnd: random.Random) -> None:
    if all(len(set(row)) == 1 for row in rows):
        return
    w = kendall_w(rows)[0]
    assert -1e-12 <= w <= 1 + 1e-12
    # Neither the order of the tables nor the order of the cards may change W.
    columns = list(range(len(rows[0])))
    rnd.shuffle(columns)
    shuffled = [[row[j] for j in columns] for row in rows]
    rnd.shuffle(shuffled)
    assert kendall_w(shuffled)[0] == pytest.approx(w, abs=1e-12)


# --- Kendall's tau-b ---


def test_tau_b_known_answer() -> None:
    assert tau_b([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) == pytest.approx(
        -0.47140452079103173, abs=1e-15
    )


@pytest.mark.parametrize("ties", [False, True])
def test_tau_b_matrix_matches_scipy(ties: bool) -> None:
    rng = np.random.default_rng(8 + ties)
    for _ in range(10):
        matrix = random_matrix(rng, int(rng.integers(2, 12)), int(rng.integers(2, 16)), ties)
        result = tau_b_matrix(matrix)
        assert np.allclose(result, result.T, equal_nan=True)
        for i in range(len(matrix)):
            for j in range(len(matrix)):
                expected = stats.kendalltau(matrix[i], matrix[j], variant="b").statistic
                if math.isnan(expected):
                    assert math.isnan(result[i, j])
                else:
                    assert result[i, j] == pytest.approx(expected, abs=1e-12)


def test_tau_b_undefined_for_a_ranking_without_order() -> None:
    result = tau_b_matrix([[1, 1, 1], [1, 2, 3]])
    assert math.isnan(result[0, 1]) and result[1, 1] == 1.0


# --- compare ---


def test_compare_summary_of_three_tables() -> None:
    positions = [ranking("ABCD"), ranking("ABDC"), ranking("DCBA")]
    result = compare("deck", "risk", "ABCD", positions, ["w / 1", "w / 2", "w / 3"])
    assert result.tables == ["w / 1", "w / 2", "w / 3"] and result.left_out == []
    assert result.mean_position == {"A": 2.0, "B": 7 / 3, "C": 3.0, "D": 8 / 3}
    assert result.spread["A"] == CardSpread(2.0, 1.0, 4.0, pytest.approx(math.sqrt(2)))
    # A and D both span 1..4, but A (1, 1, 4: sd 1.414) spreads more than D (4, 3, 1).
    assert result.most_contested == "A"
    assert result.kendall_w == pytest.approx(
        kendall_w([[1, 2, 3, 4], [1, 2, 4, 3], [4, 3, 2, 1]])[0]
    )
    assert result.borda == ["A", "B", "D", "C"]
    assert len(result.kemeny) == 4
    assert result.tau_b[0][1] == pytest.approx(stats.kendalltau([1, 2, 3, 4], [1, 2, 4, 3])[0])
    assert [result.tau_b[i][i] for i in range(3)] == [1.0, 1.0, 1.0]


def test_compare_leaves_out_incomplete_rankings() -> None:
    positions = [ranking("ABC"), {"A": 1, "B": 2}, ranking("BAC"), {"A": 1, "B": 2, "C": None}]
    result = compare("d", "benefit", "ABC", positions, ["t1", "t2", "t3", "t4"])
    assert result.tables == ["t1", "t3"]
    assert result.left_out == ["t2", "t4"]
    assert result.mean_position == {"A": 1.5, "B": 1.5, "C": 3.0}
    assert len(result.tau_b) == 2 and result.tau_b[0][1] == pytest.approx(1 / 3)
    assert result.to_json()["rankings"] == 2


def test_most_contested_tie_breaks_on_deck_order() -> None:
    # A and B have the same sd and the same range: the earlier card in the deck wins.
    positions = [ranking("ABC"), ranking("BAC")]
    assert compare("d", "l", "ABC", positions, ["1", "2"]).most_contested == "A"
    assert compare("d", "l", "BAC", positions, ["1", "2"]).most_contested == "B"
    # Mid-ranks count: A is 1.5 then 1, B is 1.5 then 2 - equal spread again.
    positions = [{"A": 1, "B": 1, "C": 3}, {"A": 1, "B": 2, "C": 3}]
    result = compare("d", "l", "ABC", positions, ["1", "2"])
    assert result.spread["A"].sd == result.spread["B"].sd == 0.25
    assert result.most_contested == "A"


def test_most_contested_is_none_when_all_agree() -> None:
    assert compare("d", "l", "ABCD", [ranking("ABCD")] * 3, list("123")).most_contested is None


def test_most_contested_prefers_larger_range_when_sd_ties() -> None:
    # A sits at 1, 4, 1, 4 (sd 1.5, range 3); B at 2, 2, 5, 1 (sd 1.5, range 4).
    rows = [[1, 2, 3, 4, 5], [4, 2, 3, 1, 5], [1, 5, 3, 2, 4], [4, 1, 3, 2, 5]]
    positions = [dict(zip("ABCDE", row, strict=True)) for row in rows]
    result = compare("d", "l", "ABCDE", positions, list("1234"))
    assert result.spread["A"].sd == result.spread["B"].sd == 1.5
    assert result.spread["B"] == CardSpread(2.5, 1.0, 5.0, 1.5)
    assert result.most_contested == "B"
    # The larger sd wins over the larger range.
    rows.append([1, 5, 3, 2, 4])
    positions = [dict(zip("ABCDE", row, strict=True)) for row in rows]
    result = compare("d", "l", "ABCDE", positions, list("12345"))
    assert result.spread["B"].sd > result.spread["A"].sd
    assert result.most_contested == "B"


def test_json_has_exactly_the_contract_keys_and_no_nan() -> None:
    cases = [
        [],  # no rankings at all
        [ranking("ABC")],  # one ranking: no W
        [{"A": 1, "B": 1, "C": 1}, {"A": 2, "B": 2, "C": 2}],  # W is 0/0
        [{"A": 1, "B": 1, "C": 1}, ranking("ABC"), ranking("CBA")],  # tau-b undefined
        [ranking("ABC"), {"A": 1}],
    ]
    for positions in cases:
        labels = [f"w / {i}" for i in range(len(positions))]
        result = compare("deck", "acceptability", "ABC", positions, labels)
        payload = result.to_json()
        assert set(payload) == JSON_KEYS
        text = json.dumps(payload, allow_nan=False)  # raises on NaN or infinity
        assert json.loads(text)["rankings"] == len(result.tables)


def test_degenerate_comparisons_report_none_and_zero() -> None:
    tied = {"A": 1, "B": 1, "C": 1}
    result = compare("d", "l", "ABC", [tied, ranking("ABC"), ranking("CBA")], list("xyz"))
    assert result.tau_b[0] == [1.0, 0.0, 0.0]  # no order -> no evidence of agreement
    all_tied = compare("d", "l", "ABC", [tied, tied], ["x", "y"])
    assert all_tied.kendall_w is None and all_tied.chi2 is None and all_tied.p_value is None
    single = compare("d", "l", "ABC", [ranking("BCA")], ["x"])
    assert single.kendall_w is None and single.most_contested is None
    assert single.borda == single.kemeny == ["B", "C", "A"]
    empty = compare("d", "l", "ABC", [], [])
    assert empty.mean_position == {} and empty.tau_b == [] and empty.cluster_order == []
    assert empty.borda == ["A", "B", "C"]


def test_compare_rejects_mismatched_labels() -> None:
    with pytest.raises(ValueError, match="labels"):
        compare("d", "l", "AB", [ranking("AB")], [])


def test_oversized_deck_skips_kemeny_but_still_compares() -> None:
    cards = [f"c{i}" for i in range(MAX_KEMENY_CARDS + 1)]
    result = compare("d", "l", cards, [dict(zip(cards, range(1, 22), strict=True))] * 2, ["a", "b"])
    assert result.kemeny == [] and result.borda == cards and result.kendall_w == 1.0


def test_cluster_order_keeps_like_minded_tables_together() -> None:
    cards = "ABCDEF"
    alike = [ranking("ABCDEF"), ranking("BACDEF"), ranking("ABCDFE")]
    other = [ranking("FEDCBA"), ranking("FEDCAB"), ranking("EFDCBA")]
    positions = [alike[0], other[0], alike[1], other[1], alike[2], other[2]]
    result = compare("d", "l", cards, positions, [str(i) for i in range(6)])
    order = result.cluster_order
    assert sorted(order) == list(range(6))
    groups = [i % 2 for i in order]  # even indices are the "alike" tables
    assert groups in ([0, 0, 0, 1, 1, 1], [1, 1, 1, 0, 0, 0])
    assert compare("d", "l", cards, positions[:2], ["a", "b"]).cluster_order == [0, 1]


def test_cluster_order_is_average_linkage_on_one_minus_tau_b() -> None:
    # Pins the documented method (average linkage, optimal leaf ordering) on random tables.
    rng = np.random.default_rng(12)
    cards = [f"c{i}" for i in range(8)]
    rows = random_matrix(rng, 12, 8, ties=True)
    positions = [dict(zip(cards, row.tolist(), strict=True)) for row in rows]
    result = compare("d", "l", cards, positions, [str(i) for i in range(12)])
    distance = 1.0 - np.array(result.tau_b)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), "average", optimal_ordering=True)
    assert result.cluster_order == leaves_list(tree).tolist()
    single = linkage(squareform(distance, checks=False), "single", optimal_ordering=True)
    assert result.cluster_order != leaves_list(single).tolist()  # the seed tells them apart


def test_compare_hundred_tables_fifteen_cards_is_complete() -> None:
    # Its speed is measured in benchmarks/run.py, not here.
    rng = np.random.default_rng(0)
    cards = [f"c{i}" for i in range(15)]
    positions = [
        dict(zip(cards, (rng.permutation(15) + 1).tolist(), strict=True)) for _ in range(100)
    ]
    labels = [f"w / t{i}" for i in range(100)]
    result = compare("d", "benefit", cards, positions, labels)
    assert len(result.tau_b) == 100 and len(result.kemeny) == 15
    assert sorted(result.cluster_order) == list(range(100))


# --- benefit-versus-risk map ---


def test_card_map_pairs_the_lens_means() -> None:
    benefit = {"A": 1.5, "B": 2.5, "C": 2.0}
    risk = {"A": 3.0, "B": 1.0}
    acceptability = {"A": 1.0}
    assert card_map(benefit, risk, acceptability, "ABC") == [
        MapPoint("A", 1.5, 3.0, 1.0),
        MapPoint("B", 2.5, 1.0, None),
    ]
    assert card_map(benefit, risk, None, "BA") == [
        MapPoint("B", 2.5, 1.0, None),
        MapPoint("A", 1.5, 3.0, None),
    ]


def test_card_map_from_comparisons() -> None:
    benefit = compare("d", "benefit", "AB", [ranking("AB"), ranking("AB")], ["1", "2"])
    risk = compare("d", "risk", "AB", [ranking("BA"), ranking("AB")], ["1", "2"])
    points = card_map(benefit.mean_position, risk.mean_position, None, "AB")
    assert points == [MapPoint("A", 1.0, 1.5, None), MapPoint("B", 2.0, 1.5, None)]
