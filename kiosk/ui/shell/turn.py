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

Inside the view a screen's widgets take focus within the screen (the window's focus stays
on the view), so the application never says that a field there was given focus; the page
says it instead (`field_tapped`) when a press on a field gives it focus, for the on-screen
keyboard, which opens for that and faces the same way (kiosk.ui.shell.keyboard_dock).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import PAPER


class _TurnedView(QGraphicsView):
    """The view a turned screen is shown in; says when a press gave a text field of the
    screen focus (`field_pressed`), which the application's focusChanged does not."""

    field_pressed = Signal(QWidget)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        proxy = next((i for i in self.items(event.position().toPoint())
                      if isinstance(i, QGraphicsProxyWidget)), None)
        screen = proxy.widget() if proxy is not None else None
        before = screen.focusWidget() if screen is not None else None
        super().mousePressEvent(event)
        if proxy is None or screen is None or proxy.widget() is not screen:
            return
        field = screen.focusWidget()
        if field is None or field is before:
            return
        at = proxy.mapFromScene(self.mapToScene(event.position().toPoint())).toPoint()
        target = screen.childAt(at)
        if target is not None and (target is field or field.isAncestorOf(target)):
            self.field_pressed.emit(field)


class TurnablePage(QWidget):
    """A page of the screens' stack holding one screen, upright or turned half round."""

    # a press on a field of the turned screen gave it focus (see the module's note)
    field_tapped = Signal(QWidget)

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
            view = _TurnedView(scene, self)
            view.field_pressed.connect(self.field_tapped)
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


def passed_on_to(widget: QWidget) -> QWidget:
    """The widget that takes the keys `widget` has: `widget` itself, or for a turned
    screen's view (which holds the window's focus) the widget with focus on that screen."""
    if isinstance(widget, _TurnedView):
        scene = widget.scene()
        item = scene.focusItem() if scene is not None else None
        if isinstance(item, QGraphicsProxyWidget) and item.widget() is not None:
            inner = item.widget().focusWidget()
            if inner is not None:
                return inner
    return widget


def faces_far_side(widget: QWidget) -> bool:
    """Whether `widget` is shown turned half round: it sits on a turned screen."""
    proxy = widget.window().graphicsProxyWidget()
    scene = proxy.scene() if proxy is not None else None
    if scene is None:
        return False
    return any(isinstance(page := view.parentWidget(), TurnablePage) and page.turned
               for view in scene.views())
