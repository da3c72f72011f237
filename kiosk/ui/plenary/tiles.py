"""A table's tile on the plenary screen: its tag (the legend of the results' columns) and
label, the lens it is on, a bar of how many cards it has placed and how many lenses it has
done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.analysis.plenary import TableView
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.plenary.parts import (
    CARD,
    INK,
    LABEL_LEAST,
    LARGE,
    SMALL,
    Badge,
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
        top.setSpacing(theme.px(10))
        self.tag = Badge(theme, SMALL)
        # The label has the tile's width (the lenses done sit by the bar): in a room of
        # twelve it shrinks a little rather than lose its end, and a long one ("Window
        # table") takes two lines.
        self.label = Line(theme, LARGE, bold=True, shrink_to=SMALL, wrap_to=LABEL_LEAST)
        top.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.label, 1)
        box.addLayout(top)
        self.lens = Line(theme, SMALL)
        box.addWidget(self.lens)
        row = QHBoxLayout()
        row.setSpacing(theme.px(8))
        self.bar = Bar(theme)
        self.done = Line(theme, SMALL, align=Qt.AlignmentFlag.AlignRight)
        self.done.set_width(self.done.fontMetrics().horizontalAdvance("✓ 10") + 4)
        row.addWidget(self.bar, 1, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.done)
        box.addLayout(row)
        self.status = Line(theme, SMALL)
        box.addWidget(self.status)

    def set_compact(self, compact: bool) -> None:
        """Tag, label and bar only: while results are on screen they need the room (and
        say which lenses each table has done)."""
        if self.lens.isHidden() == compact:
            return
        self.lens.setVisible(not compact)
        self.status.setVisible(not compact)
        self.done.setVisible(not compact)
        # Take the new height now, not a few event-loop passes later (no jump on screen).
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.updateGeometry()

    def show_table(self, table: TableView) -> None:
        self.key = table.key
        self.tag.set_text(table.tag)
        # Its own label: the tag beside it tells two "Table 1" apart (the tooltip says more).
        self.label.set_text(table.name or table.label)
        self.done.set_text(f"✓ {table.done_lenses}" if table.done_lenses else "")
        # The step shows as the bar's segments: "Acceptability · 3/3" would not fit a tile.
        self.lens.set_text(table.lens_title or "–")
        self.bar.set_value(table.steps or 1, table.step or 1, table.fraction,
                           lens_colour(table.lens))
        self.status.set_text(table.status_text)
        self.setToolTip(plain_tooltip(f"{table.label}: {table.lens_title or 'no lens'} "
                                      f"{table.step_text}, {table.status_text}; "
                                      f"{table.done_lenses} lens(es) done"))
