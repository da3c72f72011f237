"""The hidden way to the PIN pad: hold a finger (or the mouse button) still in the top-left
corner of the screen for about two seconds.

Watched application-wide, so it works whatever screen or board lies under the corner, and
a short tap there does nothing a participant would notice. A hold that goes on shows a ring
in the corner filling up, so the facilitator knows to keep holding (and how long is left).
The first time, the PIN pad asks for a new PIN (typed twice); after five wrong tries it locks
for a minute.

The press goes on to whatever lies under the corner (a short tap there is an ordinary tap),
but a hold that opens the PIN pad is withdrawn from it: on a screen turned for the far side
of the table the corner holds that screen's bottom-right buttons ("Save and go on", the
board's Done), and the hold's release must not work them. Once the hold is complete, the
rest of that press (its moves and its release) is kept from the widget under it, which is
told instead that the press ended elsewhere: a release far outside it, which a button takes
as "not clicked". A widget that can call its press off itself (the board: `withdraw_press`)
is asked to instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, QPoint, QPointF, QRect, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QPaintEvent

HOLD_MS = 2000
RING_AFTER = 0.12  # of the hold: a short tap shows nothing
RING_TICK_MS = 30
FAR_AWAY = -100_000.0  # where a withdrawn press is said to have ended (outside any widget)


class CornerRing(QWidget):
    """The hold's progress: a ring in the corner that fills as the hold goes on. It takes no
    events (the finger's press goes on to whatever lies under it)."""

    def __init__(self, window: QWidget, size_px: int):
        super().__init__(window)
        from PySide6.QtCore import Qt

        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setObjectName("CornerRing")
        self.setGeometry(0, 0, size_px, size_px)
        self.fraction = 0.0
        self.hide()

    def show_fraction(self, fraction: float) -> None:
        self.fraction = max(0.0, min(1.0, fraction))
        if self.isHidden():
            self.show()
            self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QPainter, QPen

        from kiosk.ui.theme import ACCENT, CARD, LINE, TRAY

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_w = max(5.0, side * 0.11)
        box = QRectF(side * 0.2, side * 0.2, side * 0.6, side * 0.6)
        disc = box.adjusted(-pen_w, -pen_w, pen_w, pen_w)
        painter.setPen(QPen(QColor(LINE), 1.5))
        painter.setBrush(QColor(CARD))
        painter.drawEllipse(disc)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(TRAY), pen_w))  # the track still to fill
        painter.drawEllipse(box)
        painter.setPen(QPen(QColor(ACCENT), pen_w, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawArc(box, 90 * 16, -round(360 * 16 * self.fraction))


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
        self._timer.timeout.connect(self._held)
        self._elapsed = QElapsedTimer()
        self._ticker: QTimer | None = None
        self._ring: CornerRing | None = None
        self.watching = False
        self._pressed: QWidget | None = None  # the widget the hold's press went to
        self._withdrawn = False  # the hold is complete: the rest of its press is kept back

    @property
    def progress_ring(self) -> CornerRing:
        """Made on first use (never on the way to the start screen's first frame)."""
        if self._ring is None:
            self._ring = CornerRing(self._window, self.size_px)
        return self._ring

    @property
    def fraction(self) -> float:
        """How much of the hold is done (0 while nothing is held)."""
        if not self._timer.isActive():
            return 0.0
        return min(1.0, self._elapsed.elapsed() / max(1, self._timer.interval()))

    def _start(self) -> None:
        self._timer.start()
        self._elapsed.start()
        if self._ticker is None:
            self._ticker = QTimer(self)
            self._ticker.setInterval(RING_TICK_MS)
            self._ticker.timeout.connect(self._tick)
        self._ticker.start()

    def _stop(self) -> None:
        self._timer.stop()
        if self._ticker is not None:
            self._ticker.stop()
        if self._ring is not None:
            self._ring.hide()

    def _tick(self) -> None:
        fraction = self.fraction
        if fraction >= RING_AFTER:
            self.progress_ring.show_fraction(fraction)

    def _held(self) -> None:
        self._stop()
        self._withdraw()
        self.held.emit()

    def _withdraw(self) -> None:
        """The hold is complete: what its press began under the corner is called off."""
        import shiboken6

        pressed, self._pressed = self._pressed, None
        if pressed is None or not shiboken6.isValid(pressed):
            return
        self._withdrawn = True
        widget: QWidget | None = pressed
        while widget is not None:
            withdraw = getattr(widget, "withdraw_press", None)
            if callable(withdraw):
                withdraw()
                return
            widget = widget.parentWidget()
        self._release_far_away(pressed)

    def _release_far_away(self, widget: QWidget) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        far = QPointF(FAR_AWAY, FAR_AWAY)
        release = QMouseEvent(QEvent.Type.MouseButtonRelease, far,
                              QPointF(widget.mapToGlobal(far.toPoint())),
                              Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton,
                              Qt.KeyboardModifier.NoModifier)
        self._sending_far = True
        try:
            QApplication.sendEvent(widget, release)
        finally:
            self._sending_far = False

    _sending_far = False

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
        self._stop()
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
        if self._withdrawn and not self._sending_far and (kind in self._releases
                                                           or kind in self._moves):
            # the rest of a completed hold's press: kept from the widgets (the window
            # system's window still takes it in, so Qt knows the button is up)
            if not watched.isWidgetType():
                return False
            if kind in self._releases:
                self._withdrawn = False
            return True
        if kind in self._presses:
            self._withdrawn = False
            pos = self._global_pos(event)
            if (self.enabled and pos is not None and not self._timer.isActive()
                    and self._in_corner(pos)):
                self._start()
                self._pressed = None
            if self.pressing and self._pressed is None and isinstance(watched, QWidget):
                self._pressed = watched  # the first widget the press is delivered to
        elif kind in self._releases:
            if self.pressing:
                self._stop()
        elif kind in self._moves and self.pressing:
            pos = self._global_pos(event)
            if pos is not None and not self._in_corner(pos):
                self._stop()
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
