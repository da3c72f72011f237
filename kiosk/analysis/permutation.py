"""A permutation p-value for Kendall's W, for the small groups a workshop has.

With 3–6 tables over 6–15 cards the χ² approximation of W is poor. Under the null
hypothesis every table's ranking is an arrangement of its own ranks that is unrelated to
the others', so the p-value is the share of arrangements of the tables' rows whose W is at
least the observed one. Each row keeps its ties (its multiset of mid-ranks is permuted), so
the denominator of W — which depends only on the ties — is the same for every arrangement,
and W orders arrangements as S = Σ R_i² does (R_i the card's total). The first row stays
fixed: permuting it too only repeats every arrangement equally often.

- Exact: when the other rows have at most MAX_EXACT_ARRANGEMENTS distinct arrangements,
  every one of them is counted (the observed one included).
- Monte Carlo otherwise: MONTE_CARLO_PERMUTATIONS random arrangements from a generator with
  a fixed seed, so the same rankings always give the same p; p = (1 + hits) / (N + 1), which
  counts the observed arrangement as one of them and is never 0.

Mid-ranks are multiples of 0.5, so doubled ranks are whole numbers and every comparison
here is exact.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_EXACT_ARRANGEMENTS = 1_000_000
MONTE_CARLO_PERMUTATIONS = 100_000
SEED = 20170628  # fixed, so a Monte Carlo p is reproducible
_CHUNK_CELLS = 2_000_000  # random draws per step, so memory stays a few tens of MB


@dataclass(frozen=True)
class PermutationTest:
    """`p`, how it was found (`method`: "exact" | "monte-carlo") and over how many
    arrangements (`permutations`: every distinct one for exact, the draws for Monte
    Carlo)."""

    p: float
    method: str
    permutations: int


def distinct_arrangements(row: npt.ArrayLike) -> int:
    """n! / Π t! for a row of n ranks with tie groups of sizes t."""
    values = np.asarray(row).ravel().tolist()
    total = math.factorial(len(values))
    for size in Counter(values).values():
        total //= math.factorial(size)
    return total


def arrangements(rank_matrix: npt.ArrayLike) -> int:
    """How many distinct arrangements of rows 2..m an exact test would count."""
    matrix = np.asarray(rank_matrix)
    total = 1
    for row in matrix[1:]:
        total *= distinct_arrangements(row)
    return total


def _multiset_permutations(values: list[int]) -> Iterator[tuple[int, ...]]:
    """Each distinct ordering of `values` once (no n! detour for rows with ties)."""
    counts = Counter(values)
    keys = sorted(counts)
    n = len(values)
    current: list[int] = []

    def walk() -> Iterator[tuple[int, ...]]:
        if len(current) == n:
            yield tuple(current)
            return
        for key in keys:
            if counts[key]:
                counts[key] -= 1
                current.append(key)
                yield from walk()
                current.pop()
                counts[key] += 1

    yield from walk()


def _doubled(rank_matrix: npt.ArrayLike) -> npt.NDArray[np.int64]:
    matrix = np.asarray(rank_matrix, dtype=np.float64)
    doubled = np.rint(matrix * 2).astype(np.int64)
    if not np.array_equal(doubled, matrix * 2):
        raise ValueError("ranks must be mid-ranks (multiples of 0.5)")
    return doubled


def _statistic(totals: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    squares: npt.NDArray[np.int64] = (totals * totals).sum(axis=-1)
    return squares


def _row_permutations(row: list[int]) -> npt.NDArray[np.int64]:
    if len(set(row)) == len(row):  # no ties: every ordering is distinct (C speed)
        return np.array(list(itertools.permutations(row)), dtype=np.int64)
    return np.array(list(_multiset_permutations(row)), dtype=np.int64)


def _merged(totals: npt.NDArray[np.int64], weights: npt.NDArray[np.int64]
            ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Equal rows of `totals` counted once, their weights added."""
    unique, inverse = np.unique(totals, axis=0, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=weights.astype(np.float64),
                         minlength=len(unique))
    return unique, np.rint(summed).astype(np.int64)


def exact_p(rank_matrix: npt.ArrayLike) -> PermutationTest:
    """Count every arrangement of rows 2..m: the share whose S is at least the observed.

    Partial column totals are merged as they grow (equal totals counted once, with their
    multiplicity). The last row needs no merge: for totals t and an arrangement q of it,
    S = Σ t² + 2 t·q + Σ q², and t·q for every pair is one matrix product.
    """
    doubled = _doubled(rank_matrix)
    observed = int(_statistic(doubled.sum(axis=0)))
    totals = doubled[:1].copy()
    weights = np.ones(1, dtype=np.int64)
    cache: dict[tuple[int, ...], npt.NDArray[np.int64]] = {}
    for index in range(1, doubled.shape[0]):
        key = tuple(sorted(doubled[index].tolist()))
        if key not in cache:
            cache[key] = _row_permutations(list(key))
        perms = cache[key]
        if index == doubled.shape[0] - 1:
            base = _statistic(totals) + int((perms[0] * perms[0]).sum())
            reach = base[:, None] + 2 * (totals @ perms.T)
            hits = int((weights * (reach >= observed).sum(axis=1)).sum())
            total = int(weights.sum()) * len(perms)
            return PermutationTest(hits / total, "exact", total)
        grown = (totals[:, None, :] + perms[None, :, :]).reshape(-1, doubled.shape[1])
        totals, weights = _merged(grown, np.repeat(weights, len(perms)))
    raise ValueError("need at least 2 rankings")


def monte_carlo_p(rank_matrix: npt.ArrayLike, permutations: int = MONTE_CARLO_PERMUTATIONS,
                  seed: int = SEED) -> PermutationTest:
    """Shuffle rows 2..m independently `permutations` times (fixed seed); p = (1 + hits) /
    (permutations + 1)."""
    doubled = _doubled(rank_matrix)
    m, n = doubled.shape
    observed = int(_statistic(doubled.sum(axis=0)))
    # Small integer types: the doubled ranks are at most 2n and their totals at most 2nm,
    # so int16 rows and int32 totals are exact and move a quarter of the memory.
    first = doubled[0].astype(np.int32)
    others = doubled[1:].astype(np.int16)
    rng = np.random.default_rng(seed)
    chunk = max(1, _CHUNK_CELLS // max(1, (m - 1) * n))
    hits = 0
    done = 0
    rows = np.arange(m - 1)[None, :, None]
    while done < permutations:
        k = min(chunk, permutations - done)
        # A random arrangement of each row: the order that sorts uniform keys.
        order = rng.random((k, m - 1, n), dtype=np.float32).argsort(axis=2)
        totals = others[rows, order].sum(axis=1, dtype=np.int32) + first
        squares = np.einsum("ij,ij->i", totals, totals, dtype=np.int64)
        hits += int((squares >= observed).sum())
        done += k
    return PermutationTest((1 + hits) / (permutations + 1), "monte-carlo", permutations)


def permutation_p(rank_matrix: npt.ArrayLike) -> PermutationTest | None:
    """The permutation p-value of Kendall's W for a mid-rank matrix (rankings x cards):
    exact up to MAX_EXACT_ARRANGEMENTS arrangements, else Monte Carlo. None with fewer than
    2 rankings or 2 cards."""
    matrix = np.asarray(rank_matrix, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return None
    if arrangements(matrix) <= MAX_EXACT_ARRANGEMENTS:
        return exact_p(matrix)
    return monte_carlo_p(matrix)
