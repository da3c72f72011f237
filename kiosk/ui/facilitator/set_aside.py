"""The facilitator's area's line for the files the store set aside as damaged, above every
tab until each is dealt with: the first such file still in the data folder, what it holds,
"Put back" (the rankings and poll runs it can read that the kiosk does not hold) and "Keep"
(moved into the data folder's set-aside/ folder: nothing is deleted, and it is no longer
shown); then the next. One compact line, as tall as its buttons, so the pages below keep
their room on a 1366×768 screen. Through the service only
(kiosk.services.facilitator.set_aside)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.services.facilitator import FacilitatorService
from kiosk.services.facilitator.set_aside import Outcome, SetAsideNote
from kiosk.ui.facilitator.common import Ask, button, label
from kiosk.ui.theme import Theme

TEXT_LINES = 2  # the line's words, at most: beside its buttons, no taller than they are


class SetAsideBar(QFrame):
    """Hidden while there is nothing set aside and nothing to tell."""

    def __init__(self, service: FacilitatorService, theme: Theme, ask: Ask,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SetAsideBar")
        self.setStyleSheet("QFrame#SetAsideBar { background: #FFF4E5; border: none;"
                           " border-bottom: 3px solid #B44B00; }")
        self._service = service
        self._theme = theme
        self.ask = ask
        self.notes: list[SetAsideNote] = []
        self._told = ""  # what the last tap did, said before the next file
        px = theme.px
        row = QHBoxLayout(self)
        row.setContentsMargins(px(24), px(4), px(16), px(4))
        row.setSpacing(px(12))
        self.text = label("", "", self)
        self.text.setObjectName("SetAsideText")
        row.addWidget(self.text, 1)
        self.put_back = self._button("Put back", "secondary", "SetAsidePutBack")
        self.keep = self._button("Keep", "quiet", "SetAsideKeep")
        self.done = self._button("Hide", "quiet", "SetAsideHide")
        for widget in (self.put_back, self.keep, self.done):
            row.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        self.put_back.clicked.connect(self.put_back_first)
        self.keep.clicked.connect(self.keep_first)
        self.done.clicked.connect(self.dismiss)
        self.refresh()

    def _button(self, text: str, kind: str, name: str) -> QPushButton:
        widget = button(text, kind, self)
        widget.setObjectName(name)
        tall = self._theme.touch(48)  # finger-sized, and the line stays compact
        widget.setStyleSheet(f"QPushButton {{ min-height: {tall}px; max-height: {tall}px;"
                             " padding-top: 0px; padding-bottom: 0px; }")
        return widget

    def refresh(self) -> None:
        """Read again which files are set aside and what each holds."""
        self.notes = self._service.set_aside.notes()
        first = self.notes[0] if self.notes else None
        told = f"{self._told}  " if self._told else ""
        if first is None:
            self.text.setText(told.strip())
        else:
            more = f" (1 of {len(self.notes)} such files)" if len(self.notes) > 1 else ""
            self.text.setText(f"{told}⚠  Set aside as damaged{more}: {first.text}")
        self.text.ensurePolished()  # the area's style sheet sets its size
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * TEXT_LINES
                                   + self._theme.px(6))
        self.put_back.setText(f"Put back {first.can_put_back}" if first else "Put back")
        self.put_back.setVisible(first is not None and first.can_put_back > 0)
        self.keep.setVisible(first is not None)
        self.done.setVisible(first is None)
        self.setVisible(first is not None or bool(self._told))

    def dismiss(self) -> None:
        self._told = ""
        self.hide()

    def put_back_first(self) -> None:
        if self.notes:
            self._tell(self._service.set_aside.put_back(self.notes[0].name))

    def keep_first(self) -> None:
        if not self.notes:
            return
        note = self.notes[0]
        if note.can_put_back and not self.ask(
                "Keep it aside?",
                f"{note.can_put_back} rankings or poll runs in {note.name} are not in the "
                "kiosk. Keep the file aside without putting them back? It is moved into the "
                "set-aside folder, and shown here again if it is moved back.", "Keep"):
            return
        self._tell(self._service.set_aside.keep(note.name))

    def _tell(self, outcome: Outcome) -> None:
        self._told = f"✓ {outcome.message}" if outcome.ok else f"✗ {outcome.message}"
        self.refresh()
