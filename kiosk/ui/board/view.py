"""The view a table touches: no frame, no scrolling — the scene is exactly the viewport —
and every touch, mouse, wheel and key event handed to the board, which routes them itself
(items take no events)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView

if TYPE_CHECKING:
    from kiosk.ui.board.widget import BoardWidget

TOUCH_TYPES = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
               QEvent.Type.TouchCancel)


class BoardView(QGraphicsView):
    def __init__(self, board: BoardWidget) -> None:
        super().__init__(board.scene, board)
        self._board = board
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # no smooth pixmap transform: items draw from cached pixmaps, and those stay crisp
        # (and fast) when placed on whole pixels rather than filtered
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setInteractive(False)  # items take no events: the board routes them itself
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        # Touch events are always accepted, so Qt synthesizes no mouse events from them;
        # any that arrive anyway (source() says so) the board ignores.

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in TOUCH_TYPES:
            self._board._touch_event(event)  # type: ignore[arg-type]
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._board._mouse_event(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._board._mouse_event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._board._mouse_event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._board._mouse_event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self._board._wheel_event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._board._key_event(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Tab chooses cards
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._board._resized()


