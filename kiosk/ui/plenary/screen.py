"""The plenary screen on the hub's projector: a bar with the room's summary and the big
"Show results" toggle, a grid of table tiles, a panel per deck and lens and a panel per
case-study poll: beside the lenses when the poll's title and stages are whole there (it keeps
the width they need, the lenses share the rest), else on a page of its own, the width of the
screen, that the "Show poll" / "Show rankings" button turns to (a crowded room: twelve
tables' strips leave a poll beside three lenses no room to be read).

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
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.analysis.plenary import PlenaryView
from kiosk.ui.plenary.parts import (
    HEADER_INK,
    INK,
    LARGE,
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
SHOW_POLL, SHOW_LENSES = "Show poll", "Show rankings"


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
        self.title = Line(t, TITLE, bold=True, shrink_to=LARGE)
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
        # When the polls do not fit beside the lenses whole, the screen has two pages and
        # this button turns them (a poll is read whole on its page, never squeezed).
        self.page_button = QPushButton(SHOW_POLL)
        self.page_button.setCheckable(True)
        self.page_button.setFont(self.toggle.font())
        self.page_button.setMinimumHeight(height)
        self.page_button.setMinimumWidth(max(
            t.touch(96), *(self.page_button.fontMetrics().horizontalAdvance(text) + 2 * t.px(40)
                           for text in (SHOW_POLL, SHOW_LENSES))))
        self.page_button.setStyleSheet(self.toggle.styleSheet())
        self.page_button.clicked.connect(self._paged_to)
        self.page_button.hide()
        self.paged = False
        self._placing = False
        # the workshop's name before the counts: with the page button beside them both
        top.addWidget(self.title, 3)
        top.addWidget(self.summary, 2)
        top.addWidget(self.page_button)
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

    def _paged_to(self, poll_page: bool) -> None:
        self._show_page()

    def on_poll_page(self) -> bool:
        return self.paged and self.page_button.isChecked()

    def _show_page(self) -> None:
        """On a paged screen one page: the tiles and lenses, or the polls side by side with
        the whole width and height below the bar."""
        poll_page = self.on_poll_page()
        self.page_button.setText(SHOW_LENSES if poll_page else SHOW_POLL)
        for tile in self.tiles.values():
            tile.setVisible(not poll_page)
        for panel in self.panels.values():
            panel.setVisible(not (self.paged and poll_page))
        for poll in self.poll_panels.values():
            poll.setVisible(not self.paged or poll_page)
            # beside the lenses a poll keeps the width its texts need; on its page it shares
            poll.setMinimumWidth(0 if self.paged else poll.needed_width())
        self.poll_box.setDirection(QBoxLayout.Direction.LeftToRight if self.paged
                                   else QBoxLayout.Direction.TopToBottom)
        lens_columns = columns(len(self._panel_order), MAX_PANELS_PER_ROW) \
            if self._panel_order else 0
        self.panel_row.setStretch(0, 0 if poll_page else lens_columns)
        self.panel_row.setStretch(1, 1 if self._poll_order else 0)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        # A panel whose texts changed width (narrow or not), a tile whose label took two
        # lines: laid out now, not a pass of the event loop later (no jump on screen).
        for widget in [*self.tiles.values(), *self.panels.values(),
                       *self.poll_panels.values()]:
            inner = widget.layout()
            if inner is not None:
                inner.activate()
        if layout is not None:
            layout.activate()

    def _lenses_need(self) -> int:
        """The width the lens panels need beside a poll (their head and notes whole, their
        strips' cells at the floor)."""
        cols = columns(len(self._panel_order), MAX_PANELS_PER_ROW)
        widest = [0] * cols
        for index, key in enumerate(self._panel_order):
            widest[index % cols] = max(widest[index % cols], self._lens_needs.get(key, 0))
        return sum(widest) + self.panel_grid.spacing() * (cols - 1)

    def _place_polls(self) -> None:
        """Polls beside the lenses when every text of theirs is whole there (width and
        height), else on a page of their own."""
        polls = [self.poll_panels[p] for p in self._poll_order]
        if not polls or not self._panel_order:
            self.paged = False
        else:
            outer = self.layout()
            margins = outer.contentsMargins() if outer is not None else None
            room = self.width() - (margins.left() + margins.right() if margins else 0)
            need = (self._lenses_need() + self.panel_row.spacing()
                    + max(p.needed_width() for p in polls))
            self.paged = need > room
            if not self.paged:
                self._show_page()
                # the height is known once laid out: a poll cut at the bottom goes to a page
                self.paged = not all(p.fits_all() for p in polls)
        if not self.paged and self.page_button.isChecked():
            self.page_button.setChecked(False)
        self.page_button.setVisible(self.paged)
        self._show_page()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.view is not None and not self._placing:
            self.show_view(self.view)  # beside or paged depends on the width

    def _toggled(self, checked: bool) -> None:
        self.toggle.setText("Hide results" if checked else "Show results")
        self.reveal_changed.emit(checked)

    def show_view(self, view: PlenaryView) -> None:
        self.view = view
        for held in self.poll_panels.values():
            # no width held for a poll while the lenses grow (the screen would outgrow the
            # projector): _place_polls gives it again when it stays beside them
            held.setMinimumWidth(0)
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
        # narrow as last time (the same polls beside or not): its texts change only when
        # the screen turns from polls beside to paged or back
        self._lens_needs = {}
        for result in view.lenses:
            panel = self.panels[(result.deck, result.lens)]
            panel.set_narrow(bool(view.polls) and not self.paged)
            panel.show_result(result, tags, several_decks)
            self._lens_needs[panel.key] = max(panel.minimumSizeHint().width(), panel.needed_width(
                result, tags, several_decks))
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
        self._placing = True
        try:
            self._place_polls()
            narrow = bool(polls) and not self.paged  # paged: the lenses' longer words again
            changed = [result for result in view.lenses
                       if self.panels[(result.deck, result.lens)].narrow != narrow]
            for result in changed:
                panel = self.panels[(result.deck, result.lens)]
                panel.set_narrow(narrow)
                panel.show_result(result, tags, several_decks)
            if changed:
                self._show_page()
        finally:
            self._placing = False

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
