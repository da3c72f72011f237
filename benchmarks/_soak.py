"""Soak: one process makes 10,000 card moves on the real board (each one a drag of synthesized
mouse events, each autosaved as a draft) and saves 500 completed rankings, as a kiosk does
over a long day. Measures resident memory after a warm-up and at the end.

Run in its own process (`python -m benchmarks._soak`) so nothing else is in memory; prints
one JSON object.
"""

from __future__ import annotations

import gc
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def soak(moves: int = 10_000, saves: int = 500, warm_moves: int = 1_000) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from benchmarks import _data
    from kiosk.services.table_session import TableSession
    from kiosk.storage import Store
    from kiosk.ui.board import BoardWidget
    from kiosk.ui.theme import Theme

    app = QApplication.instance() or QApplication([])
    shipped = _data.catalog()
    theme = Theme.for_size(1920, 1080)
    rng = random.Random(8)
    every = max(1, moves // saves)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data")
        session = TableSession(store, shipped)
        session.start_fresh()

        def new_board() -> BoardWidget:
            step = session.step
            board = BoardWidget(session.ranking, step.deck, step.lens, theme)
            board.animation_ms = 0
            board.ranking_changed.connect(lambda: session.save_draft())
            board.resize(1920, 1080)
            board.show()
            app.processEvents()
            return board

        board = new_board()

        def send(kind: QEvent.Type, scene_pos: QPointF) -> None:
            view = board.view
            pos = QPointF(view.mapFromScene(scene_pos))
            button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove \
                else Qt.MouseButton.LeftButton
            held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease \
                else Qt.MouseButton.LeftButton
            QApplication.sendEvent(view.viewport(), QMouseEvent(
                kind, pos, view.viewport().mapToGlobal(pos), button, held,
                Qt.KeyboardModifier.NoModifier))

        done_moves = done_saves = 0
        warm_rss = None
        started = time.perf_counter()
        while done_moves < moves or done_saves < saves:
            ranking = session.ranking
            if done_moves == warm_moves:
                gc.collect()
                app.processEvents()
                warm_rss = rss_mb()
            if ranking.complete and done_moves >= (done_saves + 1) * every:
                ranking.add_criterion(session.step.lens.suggested[0], "suggested")
                ranking.set_primary(session.step.lens.suggested[0])
                session.save_draft("criteria")
                if not session.finish():
                    session.start_fresh()
                done_saves += 1
                if tuple(session.ranking.cards) == board.scene.card_ids:
                    board.ranking = session.ranking
                else:
                    board.close()
                    board.deleteLater()
                    board = new_board()
                continue
            card = rng.choice(ranking.tray or list(ranking.cards))
            slot = rng.randrange(len(ranking.cards))
            if ranking.slot_of(card) == slot:  # that would be a tap: it turns the card over
                slot = (slot + 1) % len(ranking.cards)
            start = board.card_item(card).card_rect().center()
            end = board.slot_scene_pos(slot)
            send(QEvent.Type.MouseButtonPress, start)
            for i in (1, 2, 3):
                send(QEvent.Type.MouseMove, start + (end - start) * (i / 3))
            send(QEvent.Type.MouseButtonRelease, end)
            done_moves += 1
            if done_moves % 25 == 0:
                app.processEvents()  # paints, deferred deletes: what the event loop does
            assert not board.card_back.is_open, "a drag must not turn a card over"
        elapsed = time.perf_counter() - started
        gc.collect()
        app.processEvents()
        end_rss = rss_mb()
        stored = store.count_rankings()
        board.close()
        store.close()
    growth = end_rss - (warm_rss if warm_rss is not None else end_rss)
    return {
        "value": growth,
        "detail": f"RSS {warm_rss:.0f} MB after {warm_moves:,} moves -> {end_rss:.0f} MB after "
                  f"{done_moves:,} board drags and {done_saves} saves ({stored} stored) "
                  f"in {elapsed:.0f} s",
        "warm_rss_mb": warm_rss, "end_rss_mb": end_rss, "moves": done_moves,
        "saves": done_saves,
    }


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    print(json.dumps(soak(*args)))
