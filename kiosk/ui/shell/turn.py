"""Which way the table's screens face.

The rule: a table faces one way at a time. "Turn board" turns the table round, and every
screen of the ranking that follows faces that way too — the criteria screen after Done, the
saved screen after Save, the next lens's board, and the board again on "Back to the board"
— until the table turns back (the board's button, or "Turn" on the criteria and saved
screens). The start screen, which anyone may walk up to, is always upright, and so every
Start, Start fresh or Continue there begins upright: whoever tapped it stands on that side.

A widget screen cannot be turned by itself, so a turned screen is shown inside a graphics
view turned 180° (a finger still lands where it touches, as on the board); upright it sits in
its page as any widget does.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import PAPER


class TurnablePage(QWidget):
    """A page of the screens' stack holding one screen, upright or turned half round."""

    def __init__(self, screen: QWidget, css: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.held = screen  # the screen this page shows
        self._css = css
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self._layout.addWidget(screen)
        self._view: QGraphicsView | None = None
        self._proxy: QGraphicsProxyWidget | None = None
        self.turned = False

    def set_turned(self, turned: bool) -> None:
        if turned == self.turned:
            return
        self.turned = turned
        screen = self.held
        focus = screen.focusWidget()
        if turned:
            view, proxy = self._turned_view()
            self._layout.removeWidget(screen)
            screen.setParent(None)
            # in a scene of its own the window's style sheet no longer reaches the screen
            screen.setStyleSheet(self._css)
            proxy.setWidget(screen)
            self._layout.addWidget(view)
            view.show()
            self._fit()
        else:
            assert self._view is not None and self._proxy is not None
            self._proxy.setWidget(None)  # type: ignore[arg-type]  # None unembeds it
            self._layout.removeWidget(self._view)
            self._view.hide()
            screen.setParent(self)
            self._layout.addWidget(screen)
            screen.show()
        if focus is not None and self.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _turned_view(self) -> tuple[QGraphicsView, QGraphicsProxyWidget]:
        if self._view is None or self._proxy is None:
            scene = QGraphicsScene(self)
            scene.setBackgroundBrush(QColor(PAPER))
            view = QGraphicsView(scene, self)
            view.setObjectName("TurnedScreenView")
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setAlignment(Qt.AlignmentFlag.AlignCenter)
            view.setTransform(QTransform().rotate(180))
            view.hide()
            self._proxy = QGraphicsProxyWidget()
            scene.addItem(self._proxy)
            self._view = view
        return self._view, self._proxy

    def _fit(self) -> None:
        if self._view is None or self._proxy is None or not self.turned:
            return
        size = self.size()
        self._view.resize(size)
        self._proxy.setGeometry(QRectF(0, 0, size.width(), size.height()))
        self._view.setSceneRect(QRectF(0, 0, size.width(), size.height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()


def in_window(window: QWidget, widget: QWidget) -> bool:
    """Whether `widget` is part of `window`, also when it sits on a turned screen (whose
    widgets hang from the screen, shown in the window through a graphics view)."""
    while widget is not None:
        if widget is window or window.isAncestorOf(widget):
            return True
        proxy = widget.window().graphicsProxyWidget()
        if proxy is None or proxy.scene() is None or not proxy.scene().views():
            return False
        widget = proxy.scene().views()[0]
    return False
