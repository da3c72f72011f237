"""What the shell shows behind the PIN: the facilitator's area, topped by any problems found
at start-up (files set aside, decks that did not load) — shown to the facilitator, never to a
table as a traceback. When the area cannot be opened, a plain screen with the way back and
the way out."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.shell.widgets import button, label, page, panel
from kiosk.ui.theme import Theme


class FacilitatorPlaceholder(QWidget):
    """Stands in for the facilitator's area when it is not available."""

    closed = Signal()
    quit_requested = Signal()
    settings_changed = Signal()

    def __init__(self, theme: Theme, reason: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FacilitatorPlaceholder")
        px = theme.px
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = page(self)
        outer.addWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(px(80), px(60), px(80), px(60))
        column.setSpacing(px(20))
        column.addWidget(label("Facilitator", "display", body))
        column.addWidget(label(reason, "body", body))
        column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(px(24))
        self.back_button = button("◀  Back", "primary", body, "PlaceholderBack")
        self.leave_button = button("Leave kiosk", "secondary", body, "PlaceholderLeave")
        self.back_button.clicked.connect(self.closed)
        self.leave_button.clicked.connect(self.quit_requested)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.leave_button)
        column.addLayout(row)


class FacilitatorFrame(QWidget):
    """The area (or its placeholder) with a list of start-up problems above it."""

    def __init__(self, theme: Theme, area: QWidget, problems: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FacilitatorFrame")
        self.area = area
        px = theme.px
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if problems:
            box = panel(self)
            box.setObjectName("ProblemsBanner")
            box.setStyleSheet("QFrame#ProblemsBanner { background: #FFF4E5;"
                              " border: none; border-bottom: 3px solid #B44B00;"
                              " border-radius: 0px; }")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(px(28), px(14), px(28), px(14))
            inner.setSpacing(px(4))
            count = len(problems)
            inner.addWidget(label(f"⚠  {count} problem{'s' if count != 1 else ''} found when "
                                  "the kiosk started — the rest works normally:", "warn", box))
            for problem in problems[:8]:
                inner.addWidget(label(f"• {problem}", "hint", box))
            if count > 8:
                inner.addWidget(label(f"… and {count - 8} more (run `kiosk check`).", "hint",
                                      box))
            column.addWidget(box)
        area.setParent(self)
        column.addWidget(area, 1)
