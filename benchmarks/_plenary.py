"""Plenary screen measure: the hub's update when one ranking arrives, with 10 tables × 3
lenses stored — build the view (kiosk.analysis.plenary.build_plenary: consensus, W and the
card × table strips for every lens) and show it in place (PlenaryScreen.show_view, with the
relayout it triggers), results revealed, at 1920×1080. Run in a fresh process (run.py)."""

from __future__ import annotations

import os
import statistics
import time

LENSES = ("benefit", "risk", "acceptability")


def plenary_update(tables: int = 10, repeats: int = 21) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks import _data
    from kiosk.analysis.plenary import TableProgress, build_plenary
    from kiosk.ui.plenary import PlenaryScreen
    from kiosk.ui.theme import Theme

    app = QApplication.instance() or QApplication([])
    shipped = _data.catalog()
    deck = "examples-1-6"
    made = _data.rankings(tables * len(LENSES), shipped, seed=11, deck_ids=[deck], workshops=1)
    records = [r.with_changes(table=f"Table {i // 3 + 1}", kiosk_id=f"kiosk-{i // 3 + 1:02d}",
                              lens=LENSES[i % 3]) for i, r in enumerate(made)]
    notes = [TableProgress.from_doc({
        "kiosk_id": f"kiosk-{k:02d}", "table": f"Table {k}", "phase": "saved", "step": 2,
        "steps": 3, "lens": "acceptability", "deck": deck, "placed": 6, "cards": 6,
        "updated_at": "2025-05-21T11:00:00+00:00"}) for k in range(1, tables + 1)]
    progress = [n for n in notes if n is not None]
    lenses = {lens: shipped.lenses[lens].title for lens in LENSES}
    cards = {d: [(c.id, c.title) for c in shipped.decks[d].cards] for d in shipped.decks.ids()}
    screen = PlenaryScreen(Theme.for_size(1920, 1080))
    screen.resize(1920, 1080)
    screen.show()

    def update(stored: list) -> float:
        started = time.perf_counter()
        screen.show_view(build_plenary(stored, progress, lenses, cards, revealed=True))
        app.processEvents()
        return (time.perf_counter() - started) * 1000

    before = records[:-1]  # the last table's acceptability ranking is the one arriving
    update(before)
    update(records)
    times = []
    for _ in range(repeats):
        update(before)
        times.append(update(records))
    ids = {id(w) for w in screen.tiles.values()}
    update(before)
    update(records)
    assert {id(w) for w in screen.tiles.values()} == ids, "the update rebuilt the tiles"
    paints = []
    for _ in range(5):
        started = time.perf_counter()
        screen.grab()
        paints.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    screen.close()
    return {"value": median,
            "detail": f"build_plenary + show_view for one arriving ranking, {tables} tables × "
                      f"3 lenses stored (results revealed, 1920×1080, offscreen): median of "
                      f"{repeats} (slowest {max(times):.1f} ms); widgets kept; a full "
                      f"repaint of the screen after it {statistics.median(paints):.0f} ms"}


if __name__ == "__main__":
    import json

    print(json.dumps(plenary_update()))
