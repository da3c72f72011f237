"""Statistics measures: the full comparison of 100 tables × 15 cards (what `kiosk compare` and
the facilitator's compare screen compute, exact Kemeny with every optimal order and the tag
effects included; the permutation p of W is worked out on first use, so it is timed apart)
and exact Kemeny alone (every optimal order, the runner-up and each card's places)."""

from __future__ import annotations

import statistics
import time

from benchmarks import _data
from kiosk.analysis.optima import kemeny_optima
from kiosk.analysis.selection import compare_records


def _median_ms(run, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, max(times) * 1000


def compare_and_kemeny(tables: int = 100, repeats: int = 7) -> tuple[dict, dict]:
    shipped, deck = _data.catalog_with_15()
    records = _data.rankings(tables, shipped, seed=6, deck_ids=[deck.id], workshops=5)
    records = [r for r in records if r.lens == "benefit"] + [
        r.with_changes(lens="benefit") for r in records if r.lens != "benefit"]
    assert len(records) == tables and len(records[0].positions) == 15
    compare_records(records, shipped, deck.id, "benefit")  # warm: imports, numpy, scipy
    full, full_max = _median_ms(lambda: compare_records(records, shipped, deck.id, "benefit"),
                                repeats)
    result = compare_records(records, shipped, deck.id, "benefit")
    assert len(result.kemeny) == 15, "the comparison must include exact Kemeny"
    assert result.kemeny_optima and result.kemeny_orders and result.attributes
    started = time.perf_counter()
    test = result.permutation  # the first use computes it; --json prints it
    permutation_ms = (time.perf_counter() - started) * 1000
    assert test is not None
    positions = [r.positions for r in records]
    alone, alone_max = _median_ms(lambda: kemeny_optima(positions, deck.card_ids), repeats)
    return (
        {"value": full, "detail": f"compare_records, {tables} tables × 15 cards: median of "
                                  f"{repeats} (slowest {full_max:.0f} ms); W = "
                                  f"{result.kendall_w:.2f}; {result.kemeny_optima} optimal "
                                  f"Kemeny order(s); the permutation p (worked out on first "
                                  f"use, {test.method}, {test.permutations:,}) took "
                                  f"{permutation_ms:.0f} ms more"},
        {"value": alone, "detail": f"optima.kemeny_optima (every optimal order, runner-up, "
                                   f"places), 15 cards, {tables} tables: median of "
                                   f"{repeats} (slowest {alone_max:.0f} ms)"},
    )
