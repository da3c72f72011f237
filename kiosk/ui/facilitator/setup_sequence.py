"""The lens-sequence editor: the steps a table goes through, each a lens and a deck — or a
case-study poll (the lens "Case-study poll", then which poll)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QVBoxLayout, QWidget

from kiosk.domain.workshop import MAX_STEPS, POLL_STEP, LensStep
from kiosk.ui.facilitator.common import button, label
from kiosk.ui.theme import Theme

__all__ = ["MAX_STEPS", "SequenceEditor"]


class SequenceEditor(QWidget):
    """Rows of (step number, lens, deck, up, down, remove) and an "Add a step" button."""

    edited = Signal()

    def __init__(self, lenses: Sequence[tuple[str, str]], decks: Sequence[tuple[str, str]],
                 theme: Theme, parent: QWidget | None = None,
                 polls: Sequence[tuple[str, str]] = ()):
        super().__init__(parent)
        self._polls = list(polls)  # (id, title)
        self._lenses = list(lenses) + ([(POLL_STEP, "Case-study poll")] if self._polls else [])
        self._decks = list(decks)
        self._theme = theme
        self._steps: list[LensStep] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(10))
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(theme.px(8))
        self._grid.setVerticalSpacing(theme.px(8))
        layout.addWidget(self._grid_host)
        # The owner places this button (beside its own Save button).
        self.add_button = button("Add a step", "secondary", self)
        self.add_button.clicked.connect(self.add_step)
        self.lens_boxes: list[QComboBox] = []
        self.deck_boxes: list[QComboBox] = []

    def set_steps(self, steps: Sequence[LensStep]) -> None:
        self._steps = list(steps)
        self._rebuild()

    def steps(self) -> tuple[LensStep, ...]:
        return tuple(self._steps)

    def add_step(self) -> None:
        if len(self._steps) >= MAX_STEPS:
            return
        used = {s.lens for s in self._steps}
        lens = next((lid for lid, _ in self._lenses if lid not in used and lid != POLL_STEP),
                    self._lenses[0][0])
        decks = [s.deck for s in self._steps if not s.is_poll]
        deck = decks[-1] if decks else self._decks[0][0]
        self._steps.append(LensStep(lens, deck))
        self._rebuild()
        self.edited.emit()

    def remove_step(self, index: int) -> None:
        if len(self._steps) > 1:
            del self._steps[index]
            self._rebuild()
            self.edited.emit()

    def move_step(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= target < len(self._steps):
            self._steps[index], self._steps[target] = self._steps[target], self._steps[index]
            self._rebuild()
            self.edited.emit()

    def set_step(self, index: int, lens: str | None = None, deck: str | None = None) -> None:
        old = self._steps[index]
        lens = lens or old.lens
        switched = (lens == POLL_STEP) != old.is_poll
        if switched:  # the second box now lists polls, or decks again
            deck = self._polls[0][0] if lens == POLL_STEP else self._decks[0][0]
        self._steps[index] = LensStep(lens, deck or old.deck)
        if switched:
            self._rebuild()
        self.edited.emit()

    def _rebuild(self) -> None:
        while (item := self._grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.lens_boxes, self.deck_boxes = [], []
        host = self._grid_host
        self._grid.addWidget(label("Step", "hint", host, wrap=False), 0, 0)
        self._grid.addWidget(label("Lens", "hint", host, wrap=False), 0, 1)
        self._grid.addWidget(label("Deck (or poll)" if self._polls else "Deck", "hint", host,
                                   wrap=False), 0, 2)
        for index, step in enumerate(self._steps):
            row = index + 1
            self._grid.addWidget(label(f"{row}.", "heading", host, wrap=False), row, 0)
            lens_box = self._combo(self._lenses, step.lens, host)
            lens_box.currentIndexChanged.connect(
                lambda _i, i=index, box=lens_box: self.set_step(i, lens=box.currentData()))
            deck_box = self._combo(self._polls if step.is_poll else self._decks, step.deck,
                                   host)
            deck_box.currentIndexChanged.connect(
                lambda _i, i=index, box=deck_box: self.set_step(i, deck=box.currentData()))
            self._grid.addWidget(lens_box, row, 1)
            self._grid.addWidget(deck_box, row, 2)
            up = button("▲", "quiet", host)
            down = button("▼", "quiet", host)
            remove = button("✕", "quiet", host)
            for small in (up, down, remove):
                small.setFixedWidth(self._theme.touch(60))
            up.setToolTip("Earlier")
            down.setToolTip("Later")
            remove.setToolTip("Remove this step")
            up.setEnabled(index > 0)
            down.setEnabled(index < len(self._steps) - 1)
            remove.setEnabled(len(self._steps) > 1)
            up.clicked.connect(lambda _c=False, i=index: self.move_step(i, -1))
            down.clicked.connect(lambda _c=False, i=index: self.move_step(i, +1))
            remove.clicked.connect(lambda _c=False, i=index: self.remove_step(i))
            self._grid.addWidget(up, row, 3)
            self._grid.addWidget(down, row, 4)
            self._grid.addWidget(remove, row, 5)
            self.lens_boxes.append(lens_box)
            self.deck_boxes.append(deck_box)
        self._grid.setColumnStretch(1, 2)
        self._grid.setColumnStretch(2, 3)
        self.add_button.setEnabled(len(self._steps) < MAX_STEPS)

    @staticmethod
    def _combo(options: Sequence[tuple[str, str]], chosen: str, parent: QWidget) -> QComboBox:
        box = QComboBox(parent)
        for value, text in options:
            box.addItem(text, value)
        if box.findData(chosen) < 0:
            # A deck that is no longer loaded: show it so the facilitator sees what to fix.
            box.addItem(f"{chosen} (not loaded)", chosen)
        box.setCurrentIndex(box.findData(chosen))
        return box
