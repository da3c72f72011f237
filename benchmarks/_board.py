"""Board measure: handling one drag-move event on a 15-card board, as a fraction of a 60 Hz
frame (16.7 ms). Real board widget at 1920×1080, animations on, 10 of 15 cards placed, a
tray card dragged up and down the ladder so the other cards keep making room."""

from __future__ import annotations

import os
import statistics
import time

FRAME_MS = 1000 / 60


def drag_move(moves: int = 400) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from benchmarks import _data
    from kiosk.domain.ranking import Ranking
    from kiosk.ui.board import BoardWidget
    from kiosk.ui.theme import Theme

    app = QApplication.instance() or QApplication([])
    shipped, deck = _data.catalog_with_15()
    lens = shipped.lenses["benefit"]
    ranking = Ranking(deck.id, lens.id, tuple(deck.card_ids))
    for slot, card in enumerate(deck.card_ids[:10]):
        ranking.drop(card, slot)
    board = BoardWidget(ranking, deck, lens, Theme.for_size(1920, 1080))
    board.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    board.resize(1920, 1080)
    board.show()
    for _ in range(20):
        app.processEvents()
    viewport = board.view.viewport()
    view = board.view

    def send(kind: QEvent.Type, scene_pos: QPointF, buttons: Qt.MouseButton) -> float:
        pos = QPointF(view.mapFromScene(scene_pos))
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), Qt.MouseButton.LeftButton
                            if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        t = time.perf_counter()
        QApplication.sendEvent(viewport, event)
        return time.perf_counter() - t

    dragged = deck.card_ids[12]
    start = board.card_item(dragged).card_rect().center()
    top, bottom = board.slot_scene_pos(0), board.slot_scene_pos(14)
    held = Qt.MouseButton.LeftButton
    handle, frames, retargeted = [], [], []
    rounds = 0
    while len(handle) < moves:
        send(QEvent.Type.MouseButtonPress, start, held)
        steps = 40
        path = [start + (top - start) * (i / steps) for i in range(1, steps + 1)]
        path += [top + (bottom - top) * (i / steps) for i in range(1, steps + 1)]
        for point in path:
            before = board.scene.card_ids and tuple(board._preview(board._card_drags()))
            handled = send(QEvent.Type.MouseMove, point, held)
            if before != tuple(board._preview(board._card_drags())):
                retargeted.append(handled)
            t = time.perf_counter()
            app.processEvents()  # animations step, the scene repaints: the rest of a frame
            viewport.repaint()
            frames.append(handled + time.perf_counter() - t)
            handle.append(handled)
        send(QEvent.Type.MouseButtonRelease, bottom, Qt.MouseButton.NoButton)
        assert ranking.slot_of(dragged) is not None, "the drag must have placed the card"
        ranking.undo()  # put the card back in the tray for the next round
        board.refresh(animate=False)
        app.processEvents()
        rounds += 1
    board.close()
    board.deleteLater()
    app.processEvents()
    median = statistics.median(handle) * 1000
    p95 = sorted(handle)[int(0.95 * len(handle))] * 1000
    frame = statistics.median(frames) * 1000
    making_room = statistics.median(retargeted) * 1000
    return {
        "value": median / FRAME_MS,
        "detail": f"median {median:.2f} ms, p95 {p95:.2f} ms per move event over "
                  f"{len(handle)} moves ({making_room:.2f} ms when the cards make room, "
                  f"{len(retargeted)} times); with the repaint {frame:.1f} ms (1920×1080, "
                  f"offscreen)",
        "median_ms": median, "p95_ms": p95, "with_paint_ms": frame,
    }
