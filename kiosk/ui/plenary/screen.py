"""The plenary screen on the hub's projector: a bar with the room's summary and the big
"Show results" toggle, a grid of table tiles, a panel per deck and lens and, beside them, a
panel per case-study poll (the lens panels keep the width their strips need; the polls take
the rest).

`show_view` updates in place: tiles and panels are keyed (a table's kiosk, a deck and lens,
a poll)
and kept; only their texts and values change, and a widget is made or dropped only when a
table or a lens comes or goes — a new ranking arriving every few seconds never makes the
projector flicker. The screen holds no state of the room: the hub builds each
`PlenaryView` (kiosk.analysis.plenary.build_plenary) and answers `reveal_changed`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.analysis.plenary import PlenaryView
from kiosk.ui.plenary.parts import (
    HEADER_INK,
    INK,
    PAPER,
    SMALL,
    TITLE,
    Line,
    font,
    text_px,
)
from kiosk.ui.plenary.polls import PollPanel
from kiosk.ui.plenary.results import LensPanel
from kiosk.ui.plenary.tiles import TableTile
from kiosk.ui.theme import Theme

MAX_TILES_PER_ROW = 6
MAX_PANELS_PER_ROW = 3
MIN_TILE_COLUMNS = 3


def columns(count: int, most: int) -> int:
    """Columns for `count` items, at most `most` a row, rows as even as can be (10 -> 5)."""
    if count <= 0:
        return 1
    rows = math.ceil(count / most)
    return math.ceil(count / rows)


class PlenaryScreen(QWidget):
    """What the room sees. `reveal_changed(bool)` is emitted when the facilitator taps the
    toggle (True: show the results); the screen shows what the next view says."""

    reveal_changed = Signal(bool)

    def __init__(self, theme: Theme | None = None, title: str = "Plenary",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or Theme()
        t = self.theme
        self.view: PlenaryView | None = None
        self.tiles: dict[str, TableTile] = {}
        self.panels: dict[tuple[str, str], LensPanel] = {}
        self.poll_panels: dict[str, PollPanel] = {}
        self._tile_order: list[str] = []
        self._panel_order: list[tuple[str, str]] = []
        self._poll_order: list[str] = []
        self.setObjectName("plenaryScreen")
        self.setStyleSheet(f"#plenaryScreen {{ background: {PAPER}; }}")
        self.setAutoFillBackground(True)

        outer = QVBoxLayout(self)
        margin = t.px(16)
        outer.setContentsMargins(margin, t.px(12), margin, margin)
        outer.setSpacing(t.px(14))

        top = QHBoxLayout()
        top.setSpacing(t.px(24))
        self.title = Line(t, TITLE, bold=True)
        self.title.set_text(title)
        self.summary = Line(t, SMALL)
        self.toggle = QPushButton("Show results")
        self.toggle.setCheckable(True)
        self.toggle.setFont(font(t, SMALL + 3, bold=True))
        height = max(t.touch(96), text_px(t, SMALL + 3) * 2)
        self.toggle.setMinimumHeight(height)
        self.toggle.setMinimumWidth(max(t.touch(96),
                                        self.toggle.fontMetrics().horizontalAdvance(
                                            "Hide results") + 2 * t.px(40)))
        radius = t.px(16)
        self.toggle.setStyleSheet(
            f"QPushButton {{ background: {INK}; color: {HEADER_INK}; border: 3px solid {INK};"
            f" border-radius: {radius}px; padding: 0 {t.px(28)}px; }}"
            f" QPushButton:checked {{ background: {PAPER}; color: {INK}; }}")
        self.toggle.clicked.connect(self._toggled)
        top.addWidget(self.title, 2)
        top.addWidget(self.summary, 3)
        top.addWidget(self.toggle)
        outer.addLayout(top)

        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(t.px(10))
        outer.addLayout(self.tile_grid)
        self.panel_row = QHBoxLayout()
        self.panel_row.setSpacing(t.px(14))
        self.panel_grid = QGridLayout()
        self.panel_grid.setSpacing(t.px(12))
        self.poll_box = QVBoxLayout()
        self.poll_box.setSpacing(t.px(14))
        self.panel_row.addLayout(self.panel_grid, 1)
        self.panel_row.addLayout(self.poll_box, 0)
        outer.addLayout(self.panel_row, 100)
        self.empty = Line(t, TITLE)
        self.empty.set_text("Waiting for the tables…")
        outer.addWidget(self.empty)
        # With no results yet the title and tiles stay at the top, not floated mid-screen.
        outer.addStretch(1)

    @property
    def revealed(self) -> bool:
        return self.toggle.isChecked()

    def set_title(self, text: str) -> None:
        self.title.set_text(text)

    def _toggled(self, checked: bool) -> None:
        self.toggle.setText("Hide results" if checked else "Show results")
        self.reveal_changed.emit(checked)

    def show_view(self, view: PlenaryView) -> None:
        self.view = view
        if self.toggle.isChecked() != view.revealed:
            self.toggle.blockSignals(True)
            self.toggle.setChecked(view.revealed)
            self.toggle.blockSignals(False)
        self.toggle.setText("Hide results" if view.revealed else "Show results")
        tables = len(view.tables)
        self.summary.set_text(
            f"{tables} table{'s' if tables != 1 else ''} · "
            f"{view.rankings} ranking{'s' if view.rankings != 1 else ''}")
        self.empty.setVisible(not view.tables)

        order = [table.key for table in view.tables]
        self._sync(self.tiles, order, lambda: TableTile(self.theme))
        compact = any(r.shown for r in view.lenses) or any(p.shown for p in view.polls)
        for table in view.tables:
            tile = self.tiles[table.key]
            tile.show_table(table)
            tile.set_compact(compact)
        if order != self._tile_order:
            # at least three columns: one or two tables get tiles, not banners
            self._arrange(self.tile_grid, [self.tiles[k] for k in order],
                          max(columns(len(order), MAX_TILES_PER_ROW), MIN_TILE_COLUMNS))
            self._tile_order = order

        keys = [(result.deck, result.lens) for result in view.lenses]
        self._sync(self.panels, keys, lambda: LensPanel(self.theme))
        tags = [table.tag for table in view.tables]
        several_decks = len({result.deck for result in view.lenses}) > 1
        for result in view.lenses:
            panel = self.panels[(result.deck, result.lens)]
            panel.set_narrow(bool(view.polls))
            panel.show_result(result, tags, several_decks)
        if keys != self._panel_order:
            self._arrange(self.panel_grid, [self.panels[k] for k in keys],
                          columns(len(keys), MAX_PANELS_PER_ROW))
            self._panel_order = keys

        polls = [result.poll for result in view.polls]
        self._sync(self.poll_panels, polls, lambda: PollPanel(self.theme))
        for poll_result in view.polls:
            self.poll_panels[poll_result.poll].show_result(poll_result)
        if polls != self._poll_order:
            for index in reversed(range(self.poll_box.count())):
                item = self.poll_box.itemAt(index)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    self.poll_box.removeWidget(widget)
            for poll in polls:
                self.poll_box.addWidget(self.poll_panels[poll], 1)
                self.poll_panels[poll].show()
            self._poll_order = polls
        # Share the row: a column a lens panel, one for the polls (a lens panel keeps the
        # width its strips need, so the polls take what is left beside three of them).
        lens_columns = columns(len(keys), MAX_PANELS_PER_ROW) if keys else 0
        self.panel_row.setStretch(0, lens_columns)
        self.panel_row.setStretch(1, 1 if polls else 0)
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _sync(self, widgets: dict, keys: list, make) -> None:
        """Drop the widgets whose key went, make the ones for new keys; keep the rest."""
        wanted = set(keys)
        for key in [k for k in widgets if k not in wanted]:
            gone = widgets.pop(key)
            gone.hide()
            gone.setParent(None)
            gone.deleteLater()
        for key in keys:
            if key not in widgets:
                widgets[key] = make()

    @staticmethod
    def _arrange(grid: QGridLayout, widgets: list[QWidget], cols: int) -> None:
        for index in reversed(range(grid.count())):
            item = grid.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                grid.removeWidget(widget)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        for index, widget in enumerate(widgets):
            grid.addWidget(widget, index // cols, index % cols)
            widget.show()
        for column in range(cols):
            grid.setColumnStretch(column, 1)
