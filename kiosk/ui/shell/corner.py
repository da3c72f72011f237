"""The hidden way to the PIN pad: hold a finger (or the mouse button) still in the top-left
corner of the screen for about two seconds.

Watched application-wide, so it works whatever screen or board lies under the corner, and
a short tap there does nothing a participant would notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

HOLD_MS = 2000


class CornerHold(QObject):
    held = Signal()

    def __init__(self, window: QWidget, size_px: int, hold_ms: int = HOLD_MS):
        super().__init__(window)
        self._window = window
        self.size_px = size_px
        self.enabled = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.held)
        self.watching = False

    def watch(self) -> None:
        """Start watching. The window calls this once its first screen is up: the first event
        a Python filter sees makes PySide6 set up every Qt type, which would delay the start
        screen (benchmarks/README.md)."""
        if not self.watching:
            from PySide6.QtCore import QEvent  # here, not at import: its Python enums are
            # built on first use, which the start screen should not wait for

            kind = QEvent.Type
            self._presses = (kind.MouseButtonPress, kind.TouchBegin)
            self._releases = (kind.MouseButtonRelease, kind.TouchEnd, kind.TouchCancel)
            self._moves = (kind.MouseMove, kind.TouchUpdate)
            app = QApplication.instance()
            assert app is not None  # the window exists, so the application does
            app.installEventFilter(self)
            self.watching = True

    @property
    def pressing(self) -> bool:
        return self._timer.isActive()

    def detach(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self.watching:
            app.removeEventFilter(self)
        self.watching = False

    def _in_corner(self, global_pos: QPoint) -> bool:
        if not self._window.isVisible():
            return False
        local = self._window.mapFromGlobal(global_pos)
        return QRect(0, 0, self.size_px, self.size_px).contains(local)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in self._presses:
            pos = self._global_pos(event)
            if (self.enabled and pos is not None and not self._timer.isActive()
                    and self._in_corner(pos)):
                self._timer.start()
        elif kind in self._releases:
            self._timer.stop()
        elif kind in self._moves and self.pressing:
            pos = self._global_pos(event)
            if pos is not None and not self._in_corner(pos):
                self._timer.stop()
        return False

    @staticmethod
    def _global_pos(event: QEvent) -> QPoint | None:
        if hasattr(event, "points"):
            points = event.points()
            if len(points) != 1:
                return None  # a second finger elsewhere: not the gesture
            return points[0].globalPosition().toPoint()
        if hasattr(event, "globalPosition"):
            return event.globalPosition().toPoint()
        return None
