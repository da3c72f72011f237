"""A table's tile on the plenary screen: its label, the lens it is on, a bar of how many
cards it has placed and how many lenses it has done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.analysis.plenary import TableView
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.plenary.parts import (
    CARD,
    INK,
    LARGE,
    SMALL,
    Bar,
    Line,
    lens_colour,
)
from kiosk.ui.theme import Theme


class TableTile(QFrame):
    """One table. `show_table` changes only its texts and bar."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableTile")
        self.setStyleSheet(f"#tableTile {{ background: {CARD}; border: 2px solid {INK};"
                           f" border-radius: {theme.px(14)}px; }}")
        self.key = ""
        # As tall as its lines, never taller: the results below take the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self)
        pad = theme.px(12)
        box.setContentsMargins(pad, theme.px(8), pad, theme.px(10))
        box.setSpacing(theme.px(4))
        top = QHBoxLayout()
        top.setSpacing(theme.px(8))
        self.label = Line(theme, LARGE, bold=True)
        self.done = Line(theme, SMALL, align=Qt.AlignmentFlag.AlignRight)
        self.done.set_width(self.done.fontMetrics().horizontalAdvance("✓ 10") + 4)
        top.addWidget(self.label, 1)
        top.addWidget(self.done)
        box.addLayout(top)
        self.lens = Line(theme, SMALL)
        box.addWidget(self.lens)
        self.bar = Bar(theme)
        box.addWidget(self.bar)
        self.status = Line(theme, SMALL)
        box.addWidget(self.status)

    def set_compact(self, compact: bool) -> None:
        """Label and bar only: while results are on screen they need the room."""
        if self.lens.isHidden() == compact:
            return
        self.lens.setVisible(not compact)
        self.status.setVisible(not compact)
        # Take the new height now, not a few event-loop passes later (no jump on screen).
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.updateGeometry()

    def show_table(self, table: TableView) -> None:
        self.key = table.key
        self.label.set_text(table.label)
        self.done.set_text(f"✓ {table.done_lenses}" if table.done_lenses else "")
        # The step shows as the bar's segments: "Acceptability · 3/3" would not fit a tile.
        self.lens.set_text(table.lens_title or "–")
        self.bar.set_value(table.steps or 1, table.step or 1, table.fraction,
                           lens_colour(table.lens))
        self.status.set_text(table.status_text)
        self.setToolTip(plain_tooltip(f"{table.label}: {table.lens_title or 'no lens'} "
                                      f"{table.step_text}, {table.status_text}; "
                                      f"{table.done_lenses} lens(es) done"))
