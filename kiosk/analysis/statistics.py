"""Comparing the rankings of many tables: agreement, spread, similarity and consensus.

Definitions follow docs `design/statistics.md`. Conventions used throughout:
- A rank matrix has one row per ranking (table) and one column per card, in deck order.
- Positions are turned into mid-ranks first, so paper rankings with tied cards (1, 1, 3 or
  1, 1, 2) count as ties, and every statistic sees ranks 1..n.
- Rankings that do not place every card are left out of everything (W, spread, Borda,
  Kemeny, tau-b) and listed in `Comparison.left_out`, so a half-finished table never skews
  the comparison silently.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform
from scipy.stats import chi2 as chi2_distribution
from scipy.stats import rankdata

from kiosk.analysis.attributes import AttributeEffect, CardTags, attribute_effects
from kiosk.analysis.consensus import MAX_KEMENY_CARDS, borda, complete_rankings
from kiosk.analysis.optima import optima_of_matrix
from kiosk.analysis.permutation import PermutationTest, permutation_p


@dataclass(frozen=True)
class CardSpread:
    """How one card's position varied over the included rankings.

    `sd` is the population standard deviation (ddof = 0): the tables present are the whole
    group being described, and one ranking then gives 0 rather than an undefined value.
    """

    mean: float
    minimum: float
    maximum: float
    sd: float


@dataclass(frozen=True)
class MapPoint:
    """One card on the benefit-versus-risk map (mean positions, 1 = most)."""

    card: str
    benefit: float
    risk: float
    acceptability: float | None


@dataclass(frozen=True)
class Comparison:
    """Everything the facilitator's compare screen and `kiosk compare` show.

    Conventions where the statistics are undefined (all documented so JSON stays valid):
    - `kendall_w`, `chi2`, `p_value` are None with fewer than 2 included rankings, fewer
      than 2 cards, or when every included ranking ties all cards (W is then 0/0).
    - `mean_position` and `spread` are empty when no ranking is included.
    - `most_contested` is None when fewer than 2 rankings are included or all agree.
    - `tau_b` is 0.0 where undefined (a ranking that ties every card has no order to
      agree with): "no evidence of agreement" keeps the matrix usable for clustering.
      The diagonal is always 1.0.
    - `kemeny` is empty when the deck has more than MAX_KEMENY_CARDS cards; so are
      `kemeny_orders` and `kemeny_places`, and `kemeny_distance`, `kemeny_optima` and
      `runner_up_distance` are None. `runner_up_distance` is None too when every order is
      optimal (a single card; no ranking that orders any pair).
    - `kemeny_orders` lists up to 10 optimal orders, `kemeny` (the chosen one) first;
      `kemeny_optima` counts them all; `kemeny_places[card]` are the places some optimal
      order gives the card (several: the card swaps among the optima).
    - `attributes`: what drives the lens (kiosk.analysis.attributes); empty without tags.
    - `permutation` (the permutation p of W) is worked out on first use and kept, so the
      dashboard pays for it only where it shows it; None where W is.
    """

    deck: str
    lens: str
    cards: list[str]
    tables: list[str]
    left_out: list[str]
    mean_position: dict[str, float]
    spread: dict[str, CardSpread]
    most_contested: str | None
    kendall_w: float | None
    chi2: float | None
    p_value: float | None
    borda: list[str]
    kemeny: list[str]
    tau_b: list[list[float]]
    cluster_order: list[int]
    kemeny_distance: float | None = None
    kemeny_optima: int | None = None
    kemeny_orders: list[list[str]] = field(default_factory=list)
    runner_up_distance: float | None = None
    kemeny_places: dict[str, list[int]] = field(default_factory=dict)
    attributes: list[AttributeEffect] = field(default_factory=list)
    # The mid-ranks W was computed from (included rankings x cards), for the permutation p.
    ranks: np.ndarray | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def permutation(self) -> PermutationTest | None:
        """Kendall's W's permutation p (kiosk.analysis.permutation), computed once."""
        if self.kendall_w is None or self.ranks is None:
            return None
        return permutation_p(self.ranks)

    @property
    def kemeny_swapping(self) -> list[str]:
        """Cards whose place differs between optimal Kemeny orders, in `kemeny` order."""
        return [c for c in self.kemeny if len(self.kemeny_places.get(c, ())) > 1]

    def to_json(self) -> dict[str, Any]:
        """The `kiosk compare --json` object (formats.md, and docs/compare.md for the
        keys after `tau_b`): no NaN. Works out the permutation p if not done yet."""
        test = self.permutation
        return {
            "deck": self.deck,
            "lens": self.lens,
            "rankings": len(self.tables),
            "tables": list(self.tables),
            "cards": list(self.cards),
            "mean_position": {c: float(v) for c, v in self.mean_position.items()},
            "kendall_w": self.kendall_w,
            "chi2": self.chi2,
            "p_value": self.p_value,
            "borda": list(self.borda),
            "kemeny": list(self.kemeny),
            "tau_b": [[float(v) for v in row] for row in self.tau_b],
            "p_permutation": test.p if test else None,
            "p_method": test.method if test else None,
            "permutations": test.permutations if test and test.method == "monte-carlo"
            else None,
            "kemeny_distance": self.kemeny_distance,
            "kemeny_optima": self.kemeny_optima,
            "kemeny_orders": [list(order) for order in self.kemeny_orders],
            "runner_up_distance": self.runner_up_distance,
            "kemeny_swapping": self.kemeny_swapping,
            "attributes": [effect.to_json() for effect in self.attributes],
        }


def mid_ranks(position: Mapping[str, float], cards: Sequence[str]) -> list[float]:
    """Average ranks 1..n of `cards` in one ranking; tied positions share their mean rank.

    Raises ValueError when the ranking does not place every card.
    """
    ranks, included = complete_rankings([position], cards)
    if not included:
        missing = [c for c in cards if c not in position]
        raise ValueError(f"ranking does not place every card (missing or blank: {missing})")
    return [float(r) for r in ranks[0]]


def kendall_w(rank_matrix: npt.ArrayLike) -> tuple[float, float, float]:
    """Kendall's W (tie-corrected), chi2 = m (n - 1) W and its p-value (n - 1 df).

    `rank_matrix` has one row per ranking and one column per card (m x n; published
    examples often print it transposed, cards as rows). Rows are re-ranked to mid-ranks, so
    raw positions with ties are fine. Returns NaNs when every ranking ties all cards.
    Raises ValueError for fewer than 2 rankings or 2 cards, where W means nothing.
    """
    matrix = np.asarray(rank_matrix, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        raise ValueError(f"need at least 2 rankings of at least 2 cards, got {matrix.shape}")
    m, n = matrix.shape
    ranks = rankdata(matrix, method="average", axis=1)
    totals = ranks.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    # Sum over tie groups of (t^3 - t) equals the sum over cards of (t^2 - 1), t being the
    # size of the card's own group - this form needs no per-row loop.
    group_size = (ranks[:, :, None] == ranks[:, None, :]).sum(axis=2)
    ties = float((group_size.astype(np.float64) ** 2 - 1).sum())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return math.nan, math.nan, math.nan
    w = 12.0 * s / denominator
    chi2 = m * (n - 1) * w
    return w, chi2, float(chi2_distribution.sf(chi2, n - 1))


def tau_b_matrix(rank_matrix: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Kendall's tau-b between every pair of rows, vectorised; NaN where undefined.

    For each row, the sign of every pair's difference (+1, -1, 0 for a tie) is one vector;
    concordant minus discordant pairs of two rows is then the dot product of their vectors,
    and the pairs untied in a row is its count of non-zero signs - the same quantities
    scipy.stats.kendalltau uses, for all pairs of rows in one matrix product.
    """
    matrix = np.asarray(rank_matrix, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"need a 2-D matrix, got shape {matrix.shape}")
    first, second = np.triu_indices(matrix.shape[1], k=1)
    signs = np.sign(matrix[:, first] - matrix[:, second])
    concordance = signs @ signs.T
    untied = (signs != 0).sum(axis=1).astype(np.float64)
    denominator = np.sqrt(np.outer(untied, untied))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = np.where(denominator > 0, concordance / denominator, np.nan)
    return np.clip(tau, -1.0, 1.0)


def tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b between two rankings (or any two equally long sequences)."""
    if len(x) != len(y):
        raise ValueError(f"sequences differ in length: {len(x)} and {len(y)}")
    return float(tau_b_matrix(np.array([x, y], dtype=np.float64))[0, 1])


def _cluster_order(similarity: npt.NDArray[np.float64]) -> list[int]:
    """Leaf order of average-linkage clustering on 1 - tau-b; identity below 3 tables."""
    count = similarity.shape[0]
    if count < 3:
        return list(range(count))
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    distance = (distance + distance.T) / 2.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return [int(i) for i in leaves_list(tree)]


def _most_contested(cards: list[str], spread: dict[str, CardSpread]) -> str | None:
    if not spread:
        return None
    # Largest sd, then larger range, then earliest in the deck. Mid-ranks are multiples of
    # 0.5, so equal spreads compare equal exactly.
    index = max(
        range(len(cards)),
        key=lambda i: (
            spread[cards[i]].sd,
            spread[cards[i]].maximum - spread[cards[i]].minimum,
            -i,
        ),
    )
    best = spread[cards[index]]
    return None if best.sd == 0.0 else cards[index]


def compare(
    deck: str,
    lens: str,
    cards: Sequence[str],
    positions: Sequence[Mapping[str, float]],
    labels: Sequence[str],
    tags: CardTags | None = None,
) -> Comparison:
    """Compare the rankings of one deck under one lens; `labels[i]` names `positions[i]`;
    `tags` ({card: {tag: values}}) gives what drives the lens."""
    if len(labels) != len(positions):
        raise ValueError(f"{len(positions)} rankings but {len(labels)} labels")
    card_list = list(cards)
    ranks, included = complete_rankings(positions, card_list)
    included_set = set(included)
    tables = [labels[i] for i in included]
    left_out = [labels[i] for i in range(len(positions)) if i not in included_set]
    m, n = ranks.shape

    mean_position: dict[str, float] = {}
    spread: dict[str, CardSpread] = {}
    if m > 0:
        means, lows, highs = ranks.mean(axis=0), ranks.min(axis=0), ranks.max(axis=0)
        sds = ranks.std(axis=0)
        for i, card in enumerate(card_list):
            mean_position[card] = float(means[i])
            spread[card] = CardSpread(
                float(means[i]), float(lows[i]), float(highs[i]), float(sds[i])
            )

    w = chi2 = p_value = None
    if m >= 2 and n >= 2:
        w_value, chi2_value, p = kendall_w(ranks)
        if not math.isnan(w_value):
            w, chi2, p_value = w_value, chi2_value, p

    similarity = np.nan_to_num(tau_b_matrix(ranks), nan=0.0) if m else np.zeros((0, 0))
    np.fill_diagonal(similarity, 1.0)

    complete = [positions[i] for i in included]
    optima = optima_of_matrix(ranks, card_list) if n <= MAX_KEMENY_CARDS else None
    return Comparison(
        deck=deck,
        lens=lens,
        cards=card_list,
        tables=tables,
        left_out=left_out,
        mean_position=mean_position,
        spread=spread,
        most_contested=_most_contested(card_list, spread) if m >= 2 else None,
        kendall_w=w,
        chi2=chi2,
        p_value=p_value,
        borda=borda(complete, card_list),
        kemeny=optima.chosen if optima else [],
        tau_b=similarity.tolist(),
        cluster_order=_cluster_order(similarity),
        kemeny_distance=optima.distance if optima else None,
        kemeny_optima=optima.count if optima else None,
        kemeny_orders=optima.orders if optima else [],
        runner_up_distance=optima.runner_up if optima else None,
        kemeny_places=optima.places if optima else {},
        attributes=attribute_effects(ranks, card_list, tags) if tags else [],
        ranks=ranks,
    )


def card_map(
    benefit: Mapping[str, float],
    risk: Mapping[str, float],
    acceptability: Mapping[str, float] | None,
    cards: Sequence[str],
) -> list[MapPoint]:
    """Points for the benefit-versus-risk map, one per card, in deck order.

    The mappings are each lens's mean positions per card (e.g. `Comparison.mean_position`
    of the benefit, risk and acceptability comparisons). A card without both a benefit and
    a risk mean cannot be placed and is skipped; a missing acceptability mean is None.
    """

    def finite(values: Mapping[str, float] | None, card: str) -> float | None:
        if values is None or values.get(card) is None:
            return None
        value = float(values[card])
        return value if math.isfinite(value) else None

    points: list[MapPoint] = []
    for card in cards:
        b, r = finite(benefit, card), finite(risk, card)
        if b is not None and r is not None:
            points.append(MapPoint(card, b, r, finite(acceptability, card)))
    return points
