"""Between lenses: "Saved" and what comes next, so a table knows its ranking is kept before
the board changes under it. After the last lens it thanks the table and returns to the start
screen by itself: its timer says `timed_out`, and the flow decides (only from this screen,
and not from under a PIN pad being typed on; kiosk.ui.shell.flow). The timer stops when the
flow shows another screen (`stop_return`), not when the screen is hidden: a screen turned
for the far side of the table sits in a graphics view and is never hidden itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.shell.style import LENS_MARK, lens_ink
from kiosk.ui.shell.widgets import button, label, page_layout
from kiosk.ui.theme import OK, Theme

FINISHED_RETURN_MS = 20_000


class SavedScreen(QWidget):
    next_requested = Signal()  # go on to the next lens's board
    finished = Signal()  # back to the start screen
    timed_out = Signal()  # the all-done screen has waited its time (the flow decides)
    turn_requested = Signal()  # face the screens the other way round (kiosk.ui.shell.turn)

    def __init__(self, theme: Theme, parent: QWidget | None = None,
                 return_ms: int = FINISHED_RETURN_MS):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("SavedScreen")
        px = theme.px
        body, layout = page_layout(self, (px(80), px(60), px(80), px(60)), px(22))
        layout.addStretch(2)
        centre = Qt.AlignmentFlag.AlignCenter
        self.tick = label("✓", "display", body, align=centre)
        self.tick.setStyleSheet(f"color: {OK}; font-size: {theme.pt(72, 36):.0f}pt;")
        self.title = label("", "display", body, align=centre)
        self.detail = label("", "body", body, align=centre)
        self.next_question = label("", "title", body, align=centre)
        for widget in (self.tick, self.title, self.detail, self.next_question):
            layout.addWidget(widget)
        layout.addSpacing(px(24))
        row = QHBoxLayout()
        row.addStretch(1)
        self.go_button = button("", "hero", body, "GoOnButton")
        self.go_button.clicked.connect(self._go)
        row.addWidget(self.go_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
        corner = QHBoxLayout()
        self.turn_button = button("⟲  Turn", "quiet", body, "SavedTurnButton")
        self.turn_button.setToolTip("Turn the screen round for the other side of the table")
        self.turn_button.clicked.connect(self.turn_requested)
        corner.addWidget(self.turn_button)
        corner.addStretch(1)
        layout.addLayout(corner)
        self._more = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(return_ms)
        self._timer.timeout.connect(self.timed_out)

    def show_saved(self, lens_title: str, next_lens: tuple[str, str, str] | None,
                   was_poll: bool = False) -> None:
        """`next_lens` is (lens id, title, question), or None after the last lens;
        `was_poll`: the step just done was a case-study poll (answers, not a ranking)."""
        self._more = next_lens is not None
        done = "Your answers are saved." if was_poll else \
            f"Your {lens_title.lower()} ranking is saved."
        if next_lens is not None:
            lens_id, title, question = next_lens
            self.title.setText(done)
            self.detail.setText("Next, everyone answers a case-study poll for themselves:"
                                if lens_id == "poll" else
                                "Next, put the same cards in order again, through another lens:")
            mark = LENS_MARK.get(lens_id, "")
            self.next_question.setText(f"{mark}  {title}: {question}")
            self.next_question.setStyleSheet(f"color: {lens_ink(lens_id)};")
            self.next_question.show()
            self.go_button.setText(f"Go on to {title}  ▶")
            self._timer.stop()
        else:
            self.title.setText("All done — thank you!")
            self.detail.setText(f"{done[:-1]}, with the others. The facilitator can now "
                                "compare what every table decided.")
            self.next_question.hide()
            self.go_button.setText("Back to the start")
            self._timer.start()

    def wait_again(self) -> None:
        """Wait the whole time again before returning by itself (after the last lens)."""
        if not self._more:
            self._timer.start()

    def stop_return(self) -> None:
        """Another screen is shown: no return from this one any more."""
        self._timer.stop()

    def _go(self) -> None:
        self._timer.stop()
        if self._more:
            self.next_requested.emit()
        else:
            self.finished.emit()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._timer.stop()
        super().hideEvent(event)
