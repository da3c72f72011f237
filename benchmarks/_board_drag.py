"""One board drag, timed frame by frame: a card dragged from the tray up the ladder and down
again through mouse events on the board's viewport, each move handled and repainted. The
keyboard benchmark and the tests that tap the real window all measure a frame this way.

Import it after the kiosk has configured Qt's environment (kiosk.ui.app.configure_environment).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget


def drag_frames(window, rounds: int, steps: int, repaint: QWidget | None,
                settle: Callable[[], None]) -> list[float]:
    """Seconds of each drag-move with its repaint (`repaint`, or the board's viewport when
    None), over `rounds` drags of 2 × `steps` moves; every drag is taken back after it."""
    board = window.board
    view, ranking = board.view, board.ranking
    viewport = view.viewport()
    painted = repaint if repaint is not None else viewport

    def send(kind, scene_pos, buttons) -> None:
        pos = QPointF(view.mapFromScene(scene_pos))
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else \
            Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos),
                                                     button, buttons,
                                                     Qt.KeyboardModifier.NoModifier))

    held = Qt.MouseButton.LeftButton
    dragged = ranking.cards[-1]
    frames: list[float] = []
    for _ in range(rounds):
        start = board.card_item(dragged).card_rect().center()
        top, bottom = board.slot_scene_pos(0), board.slot_scene_pos(len(ranking.cards) - 1)
        logged = len(ranking.log)
        send(QEvent.Type.MouseButtonPress, start, held)
        path = [start + (top - start) * (i / steps) for i in range(1, steps + 1)]
        path += [top + (bottom - top) * (i / steps) for i in range(1, steps + 1)]
        for point in path:
            began = time.perf_counter()
            send(QEvent.Type.MouseMove, point, held)
            QApplication.processEvents()  # animations step: the rest of a frame
            painted.repaint()  # painted (on an X server: put on its screen)
            frames.append(time.perf_counter() - began)
        send(QEvent.Type.MouseButtonRelease, bottom, Qt.MouseButton.NoButton)
        assert ranking.slot_of(dragged) is not None, "the drag must have placed the card"
        if len(ranking.log) > logged:  # the drag's move, and nothing before it
            ranking.undo()
        board.refresh(animate=False)
        settle()
    return frames
