"""Nothing lost when a table walks away: after the idle time with no touch, a visible
countdown that any touch, click or key cancels; when it runs out the shell parks the board as
a draft and the start screen returns.

The watch is an application-wide event filter, so a finger anywhere — the board, a chip, the
on-screen keyboard — counts as someone still being there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.shell.overlay import Overlay
from kiosk.ui.shell.widgets import button, label
from kiosk.ui.theme import Theme

COUNTDOWN_S = 30
ACTIVITY = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
}
PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
           QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.TabletPress}


class CountdownOverlay(Overlay):
    def __init__(self, host: QWidget, theme: Theme):
        super().__init__(host, dim=190)
        self.setObjectName("CountdownOverlay")
        self.keeps: Callable[[], bool] = lambda: True  # will the board be kept as a draft?
        self.subject: Callable[[], str] = lambda: "board"  # what is on screen: board | poll
        px = theme.px
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QWidget(self)
        card.setObjectName("CountdownCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMaximumWidth(px(1100))
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        column = QVBoxLayout(card)
        column.setContentsMargins(px(64), px(44), px(64), px(44))
        column.setSpacing(px(16))
        centre = Qt.AlignmentFlag.AlignCenter
        self.title = label("Still there?", "title", card, align=centre)
        self.number = label("", "display", card, wrap=False, align=centre)
        self.number.setStyleSheet(f"font-size: {theme.pt(96, 40):.0f}pt; color: #B44B00;")
        self.detail = label("", "body", card, align=centre)
        self.carry_on = button("Touch anywhere to carry on", "hero", card, "CarryOnButton")
        for widget in (self.title, self.number, self.detail):
            column.addWidget(widget)
        column.addWidget(self.carry_on, 0, Qt.AlignmentFlag.AlignCenter)

    def show_seconds(self, seconds: int) -> None:
        self.number.setText(f"{seconds}")
        when = f"In {seconds} second{'s' if seconds != 1 else ''}"
        if self.keeps() and self.subject() == "poll":
            self.detail.setText(f"{when} this poll is put aside — every answer given so far "
                                "is kept safe — and the start screen comes back. You can "
                                "carry on from the same stage there.")
        elif self.keeps():
            self.detail.setText(f"{when} this board will be put aside — kept safe, nothing "
                                "is lost — and the start screen comes back. You can continue "
                                "from there.")
        else:  # nothing placed yet: nothing is kept, so nothing is promised
            self.detail.setText(f"{when} the start screen comes back, ready for the next "
                                "table (nothing has been moved on this board yet).")


class IdleWatch(QObject):
    """Arm it while a ranking is on screen. `expired` fires after idle_ms of no input plus
    the countdown; any input during the countdown cancels it."""

    countdown_started = Signal()
    countdown_cancelled = Signal()
    expired = Signal()

    def __init__(self, overlay: CountdownOverlay, idle_ms: int,
                 countdown_s: int = COUNTDOWN_S, tick_ms: int = 1000):
        super().__init__(overlay)
        self.overlay = overlay
        self.countdown_s = countdown_s
        self._left = 0
        self._armed = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._count)
        app = QApplication.instance()
        assert app is not None  # the overlay exists, so the application does
        app.installEventFilter(self)

    @property
    def idle_ms(self) -> int:
        return self._idle.interval()

    def set_idle_ms(self, ms: int) -> None:
        self._idle.setInterval(ms)
        if self._armed and not self.counting:
            self._idle.start()

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def counting(self) -> bool:
        return self._tick.isActive()

    @property
    def seconds_left(self) -> int:
        return self._left

    def arm(self) -> None:
        self._armed = True
        self._stop_countdown()
        self._idle.start()

    def disarm(self) -> None:
        self._armed = False
        self._idle.stop()
        self._stop_countdown()

    def detach(self) -> None:
        self.disarm()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self._armed or event.type() not in ACTIVITY:
            return False
        if self.counting:
            if event.type() in PRESSES:
                self._stop_countdown()
                self._idle.start()
                self.countdown_cancelled.emit()
                return True  # the touch that cancels does nothing else
            return event.type() != QEvent.Type.MouseMove
        self._idle.start()
        return False

    def _start_countdown(self) -> None:
        self._left = self.countdown_s
        self.overlay.show_seconds(self._left)
        self.overlay.open()
        self._tick.start()
        self.countdown_started.emit()

    def _count(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.overlay.show_seconds(self._left)
            return
        self._armed = False
        self._stop_countdown()
        self.expired.emit()

    def _stop_countdown(self) -> None:
        self._tick.stop()
        self.overlay.hide()
