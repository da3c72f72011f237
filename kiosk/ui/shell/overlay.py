"""The layer over the whole window that the PIN pad and the idle countdown stand on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class Overlay(QWidget):
    """A layer over the whole window: dims what is underneath and takes every press, so
    nothing underneath moves while it shows."""

    def __init__(self, host: QWidget, dim: int = 150):
        super().__init__(host)
        self._dim = dim
        # No WA_AcceptTouchEvents: fingers reach the buttons on it as synthesized clicks.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def open(self) -> None:
        host = self.parentWidget()
        assert host is not None  # made over its host, never moved off it
        self.setGeometry(host.rect())
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(27, 36, 48, self._dim))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        event.accept()
