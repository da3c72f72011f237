"""What the shell shows behind the PIN: the facilitator's area, topped by one line for any
problems found at start-up (files set aside, decks that did not load) and a calm hint while
no workshop is set — shown to the facilitator, never to a
table as a traceback. When the area cannot be opened, a plain screen with the way back and
the way out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

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
    """The area (or its placeholder) with, above it, one compact line for any start-up
    problems (their list folds out on a tap, and the line can be hidden) and a calm hint
    while the kiosk is not set up yet. `show_notes` brings both up to date (the shell calls
    it whenever the settings change, so a fixed thing stops being reported)."""

    def __init__(self, theme: Theme, area: QWidget, problems: list[str],
                 parent: QWidget | None = None, hint: str = ""):
        super().__init__(parent)
        self.setObjectName("FacilitatorFrame")
        self.area = area
        self._theme = theme
        self._hidden: tuple[str, ...] | None = None  # the problems the facilitator hid
        px = theme.px
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._notes = QVBoxLayout()
        self._notes.setSpacing(0)
        column.addLayout(self._notes)
        self.banner: QFrame | None = None
        self.hint_line: QFrame | None = None
        self.problems_details: QPushButton | None = None
        self.problems_hide: QPushButton | None = None
        self._problems: list[str] = []
        self._px = px
        area.setParent(self)
        column.addWidget(area, 1)
        self.show_notes(problems, hint)

    def show_notes(self, problems: list[str], hint: str = "") -> None:
        """Rebuild the problems line and the setup hint from what holds now."""
        for old in (self.banner, self.hint_line):
            if old is not None:
                self._notes.removeWidget(old)
                old.hide()
                old.deleteLater()
        self.banner = self.hint_line = None
        self.problems_details = self.problems_hide = None
        self._problems = list(problems)
        if problems and tuple(problems) != self._hidden:
            self.banner = self._problems_line(problems)
            self._notes.addWidget(self.banner)
        if hint:
            self.hint_line = self._hint_line(hint)
            self._notes.addWidget(self.hint_line)

    def _line(self, name: str, style: str) -> tuple[QFrame, QHBoxLayout]:
        px = self._px
        box = panel(self)
        box.setObjectName(name)
        box.setStyleSheet(f"QFrame#{name} {{ {style} border-radius: 0px; }}")
        row = QHBoxLayout(box)
        row.setContentsMargins(px(28), px(4), px(16), px(4))
        row.setSpacing(px(12))
        return box, row

    def _small_button(self, text: str, parent: QWidget) -> QPushButton:
        widget = button(text, "quiet", parent)
        # finger-sized, yet no taller than it must be: the line stays compact
        tall = self._theme.touch(48) - 4  # its 2 px borders make it exactly touch-sized
        widget.setStyleSheet(f"QPushButton {{ min-height: {tall}px; max-height: {tall}px;"
                             " padding-top: 0px; padding-bottom: 0px; }")
        return widget

    def _problems_line(self, problems: list[str]) -> QFrame:
        box, row = self._line("ProblemsBanner", "background: #FFF4E5; border: none;"
                              " border-bottom: 3px solid #B44B00;")
        count = len(problems)
        inner = QVBoxLayout()
        inner.setSpacing(0)
        inner.addWidget(label(f"⚠  {count} problem{'s' if count != 1 else ''} found when "
                              "the kiosk started — the rest works normally.", "warn", box,
                              wrap=False))
        details = label("\n".join(f"• {p}" for p in problems[:8])
                        + (f"\n… and {count - 8} more (run `kiosk check`)." if count > 8
                           else ""), "hint", box)
        details.setObjectName("ProblemsList")
        details.hide()
        inner.addWidget(details)
        row.addLayout(inner, 1)
        self.problems_details = self._small_button("Show", box)
        self.problems_hide = self._small_button("Hide", box)

        def toggle() -> None:
            details.setVisible(not details.isVisible())
            assert self.problems_details is not None
            self.problems_details.setText("Fold" if details.isVisible() else "Show")

        self.problems_details.clicked.connect(toggle)
        self.problems_hide.clicked.connect(self._hide_problems)
        row.addWidget(self.problems_details, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.problems_hide, 0, Qt.AlignmentFlag.AlignTop)
        return box

    def _hide_problems(self) -> None:
        self._hidden = tuple(self._problems)  # new problems bring the line back
        if self.banner is not None:
            self.banner.hide()

    def _hint_line(self, hint: str) -> QFrame:
        box, row = self._line("SetupHint", "background: #EEF4FB; border: none;"
                              " border-bottom: 1px solid #C9D8EA;")
        text = label(hint, "hint", box)
        text.setMinimumHeight(self._theme.touch(48) - self._px(8))
        text.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        row.addWidget(text, 1)
        return box
