"""Compare screen measure: how long a change of selection takes to update every chart with
100 tables × 15 cards (target: under 200 ms). Prints a table; not a timed test.

    python benchmarks/compare_bench.py [--tables 100] [--repeat 7]

"update" is `CompareScreen.refresh()`: the comparison for the three lenses (the
benefit-versus-risk map needs all three; kiosk.analysis.selection.compare_records, the same code as
`kiosk compare`) plus new data in all seven charts. A change
of workshops computes everything afresh; a change of lens alone reuses the comparisons.
"paint" is drawing the visible chart afterwards (what the facilitator then sees).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from kiosk.domain.record import SavedRanking

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 200.0


class _Rankings:
    def __init__(self, records: list[SavedRanking]) -> None:
        self._records = records

    def records(self) -> list[SavedRanking]:
        return self._records


class _Service:
    """What the screen needs from the facilitator's service: the rankings and the catalog."""

    def __init__(self, records: list[SavedRanking], catalog) -> None:
        self.rankings = _Rankings(records)
        self.catalog = catalog


def measure(tables: int = 100, repeat: int = 7) -> list[tuple[str, list[float], list[float]]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks import _data
    from kiosk.ui.facilitator.compare import CompareScreen
    from kiosk.ui.theme import Theme

    app = QApplication.instance() or QApplication([])
    catalog, deck = _data.catalog_with_15()
    workshops = 5
    # One ranking per table and lens: `tables` tables each ranked all three lenses.
    records = _data.rankings(tables * 3, catalog, deck_ids=[deck.id], workshops=workshops)
    screen = CompareScreen(_Service(records, catalog), Theme.for_size(1920, 1080))
    screen.resize(1920, 1080)
    screen.show()
    app.processEvents()
    names = [f"Workshop {k + 1}" for k in range(workshops)]
    # A change of workshops recomputes every lens (nothing cached); a change of lens alone
    # finds the three lenses of that selection already compared.
    selections = [
        ("workshops: all 5, benefit", deck.id, "benefit", names, True),
        ("workshops: 4 of 5, acceptability", deck.id, "acceptability", names[1:], True),
        ("workshops: 2 of 5, risk", deck.id, "risk", names[:2], True),
        ("lens only: all 5, benefit -> risk", deck.id, "risk", names, False),
        ("lens only: all 5, risk -> acceptability", deck.id, "acceptability", names, False),
    ]
    rows = []
    for label, deck_id, lens, shops, cold in selections:
        updates, paints = [], []
        for _ in range(repeat):
            if cold:
                screen._cache.clear()
            else:
                screen.select(deck_id, "benefit" if lens == "risk" else "risk", shops)
            started = time.perf_counter()
            screen.select(deck_id, lens, shops)
            updates.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            screen.tabs.currentWidget().grab()
            paints.append((time.perf_counter() - started) * 1000)
        rows.append((f"{label} ({len(screen.data.comparison.tables)})", updates, paints))
    for index in range(screen.tabs.count()):  # every chart drawn once with 100 tables
        screen.tabs.setCurrentIndex(index)
        started = time.perf_counter()
        screen.tabs.currentWidget().grab()
        rows.append((f"  paint tab '{screen.tabs.tabText(index)}'", [0.0],
                     [(time.perf_counter() - started) * 1000]))
    screen.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rows = measure(args.tables, args.repeat)
    print(f"Compare screen, {args.tables} tables × 15 cards, {args.repeat} runs each "
          f"(target: update under {TARGET_MS:.0f} ms)")
    print(f"{'selection (tables compared)':<46} {'update median':>14} {'update max':>11} "
          f"{'paint median':>13}")
    worst = 0.0
    for label, updates, paints in rows:
        if any(updates):
            worst = max(worst, max(updates))
            print(f"{label:<46} {statistics.median(updates):>11.1f} ms {max(updates):>8.1f} ms "
                  f"{statistics.median(paints):>10.1f} ms")
        else:
            print(f"{label:<46} {'':>14} {'':>11} {statistics.median(paints):>10.1f} ms")
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"slowest update {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target "
          f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
