"""Board measures on a 15-card board: the real board widget at 1920×1080, animations on, 10
of 15 cards placed, a tray card dragged up and down the ladder so the other cards keep making
room.

- drag_move: handling one (mouse) drag-move event, as a fraction of a 60 Hz frame (16.7 ms).
- touch_move: one finger's drag-move, through Qt's touch delivery as a touch screen's events
  come, against the same touches on a bare view in the same process (Qt's own cost of
  delivering them). Needs a screen holding the 1920×1080 window: Qt drops a touch that
  begins outside every screen (offscreen's default screen is 800×800).
"""

from __future__ import annotations

import os
import statistics
import time

FRAME_MS = 1000 / 60
SIZE = (1920, 1080)
SCREEN = ('{"screens": [{"name": "Screen", "x": 0, "y": 0, "width": 1920, "height": 1080,'
          ' "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}')


def _board_10_of_15(app):
    """The board with 10 of the 15 cards placed, shown; (board, ranking, deck)."""
    from PySide6.QtCore import Qt

    from benchmarks import _data
    from kiosk.domain.ranking import Ranking
    from kiosk.ui.board import BoardWidget
    from kiosk.ui.theme import Theme

    shipped, deck = _data.catalog_with_15()
    lens = shipped.lenses["benefit"]
    ranking = Ranking(deck.id, lens.id, tuple(deck.card_ids))
    for slot, card in enumerate(deck.card_ids[:10]):
        ranking.drop(card, slot)
    board = BoardWidget(ranking, deck, lens, Theme.for_size(*SIZE))
    board.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    board.resize(*SIZE)
    board.show()
    for _ in range(20):
        app.processEvents()
    return board, ranking, deck


def drag_move(moves: int = 400) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    board, ranking, deck = _board_10_of_15(app)
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


def touch_vs_mouse(rounds: int = 12, moves: int = 45) -> dict:
    """The board's own handling of one finger's drag-move / of one mouse drag-move: the same
    board, the same path (the place under the pointer changing every third move), rounds of
    each back to back. Fingers come through Qt's touch delivery, as a touch screen's do."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    screen = app.primaryScreen().geometry()
    if not screen.contains(QRect(0, 0, *SIZE)):
        raise RuntimeError(f"the screen is {screen.width()}×{screen.height()}, and Qt drops a "
                           "touch outside every screen: give QT_QPA_PLATFORM=offscreen:"
                           "configfile=FILE with a 1920×1080 screen (benchmarks/run.py does)")
    board, ranking, deck = _board_10_of_15(app)
    viewport = board.view.viewport()
    handled: list[float] = []
    timing = [False]

    def timed(handler):
        def run(event) -> None:
            begin = time.perf_counter()
            handler(event)
            if timing[0]:
                handled.append(time.perf_counter() - begin)
        return run

    board._touch_event = timed(board._touch_event)
    board._mouse_event = timed(board._mouse_event)
    device = QTest.createTouchDevice()
    dragged = deck.card_ids[12]
    start = board.view.mapFromScene(board.card_item(dragged).card_rect().center())
    ladder = [board.view.mapFromScene(board.slot_scene_pos(s)) for s in range(len(deck.cards))]
    path = [ladder[(i // 3) % len(ladder)] + QPoint((i % 3) * 7, (i % 3) * 5)
            for i in range(moves)]

    def mouse(kind: QEvent.Type, at: QPoint, buttons: Qt.MouseButton) -> None:
        pos = QPointF(at)
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else \
            Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos),
                                                     button, buttons,
                                                     Qt.KeyboardModifier.NoModifier))

    def sweep(by_touch: bool) -> list[float]:
        """Press on the tray card, move along the path, lift; seconds per move handled."""
        handled.clear()
        held = Qt.MouseButton.LeftButton
        if by_touch:
            QTest.touchEvent(viewport, device).press(0, start).commit()
        else:
            mouse(QEvent.Type.MouseButtonPress, start, held)
        timing[0] = True
        for point in path:
            if by_touch:
                QTest.touchEvent(viewport, device).move(0, point).commit(False)
            else:
                mouse(QEvent.Type.MouseMove, point, held)
            app.processEvents()  # animations step, the scene repaints: the rest of a frame
        timing[0] = False
        if by_touch:
            QTest.touchEvent(viewport, device).release(0, path[-1]).commit()
        else:
            mouse(QEvent.Type.MouseButtonRelease, path[-1], Qt.MouseButton.NoButton)
        assert len(handled) == moves, f"{len(handled)} of {moves} moves reached the board"
        assert ranking.slot_of(dragged) is not None, "the drag must have placed the card"
        ranking.undo()  # the card back in the tray for the next round
        board.refresh(animate=False)
        app.processEvents()
        return list(handled)

    touch: list[float] = []
    pointer: list[float] = []
    ratios = []
    for round_ in range(rounds + 1):  # the first pair warms up
        by_touch, by_mouse = sweep(True), sweep(False)
        if round_:
            touch += by_touch
            pointer += by_mouse
            ratios.append(statistics.median(by_touch) / statistics.median(by_mouse))
    board.close()
    board.deleteLater()
    app.processEvents()

    def ms(times: list[float]) -> tuple[float, float]:
        return statistics.median(times) * 1000, sorted(times)[int(0.95 * len(times))] * 1000

    (t50, t95), (m50, m95) = ms(touch), ms(pointer)
    return {
        "value": statistics.median(ratios),
        "detail": f"finger median {t50:.3f} ms, p95 {t95:.3f} ms ({t95 / FRAME_MS:.3f} of a "
                  f"frame) vs mouse median {m50:.3f} ms, p95 {m95:.3f} ms per drag-move "
                  f"handled, {len(touch)} moves each in {rounds} back-to-back pairs (ratio = "
                  "median of the pairs' ratios); the place under the pointer changing every "
                  "third move (1920×1080, offscreen)",
        "touch_median_ms": t50, "touch_p95_ms": t95, "mouse_median_ms": m50, "mouse_p95_ms": m95,
    }
