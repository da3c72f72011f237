"""Before a case-study poll: how many sit at this table (2 to 6), so that each gets an
answer strip in front of them. The facilitator's setup gives the first offer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui.shell.widgets import button, label, page_layout
from kiosk.ui.theme import Theme

MIN_SEATS, MAX_SEATS = 2, 6


class SeatsScreen(QWidget):
    chosen = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("SeatsScreen")
        px = theme.px
        body, layout = page_layout(self, (px(80), px(60), px(80), px(60)), px(22))
        layout.addStretch(2)
        centre = Qt.AlignmentFlag.AlignCenter
        self.title = label("", "display", body, align=centre)
        self.detail = label("Each person answers for themselves, on a strip in front of "
                            "them. Nobody sees an answer until everyone has answered. "
                            "How many are sitting at this table?", "body", body, align=centre)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addSpacing(px(24))
        row = QHBoxLayout()
        row.setSpacing(px(18))
        row.addStretch(1)
        self.buttons: dict[int, QPushButton] = {}
        for seats in range(MIN_SEATS, MAX_SEATS + 1):
            choice = button(str(seats), "secondary", body, "SeatsButton")
            side = theme.touch(130)
            choice.setFixedSize(side, side)  # the chosen one is no bigger than the rest
            choice.setStyleSheet(f"font-size: {theme.pt(30, 20):.0f}pt; font-weight: 700;"
                                 " padding: 0;")
            choice.clicked.connect(lambda _=False, n=seats: self.chosen.emit(n))
            self.buttons[seats] = choice
            row.addWidget(choice)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)

    def show_poll(self, title: str, default: int) -> None:
        self.title.setText(title)
        for seats, choice in self.buttons.items():
            choice.setProperty("shell", "hero" if seats == default else "secondary")
            choice.style().unpolish(choice)
            choice.style().polish(choice)
