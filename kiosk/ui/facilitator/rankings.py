"""The Rankings tab: every saved ranking in a sortable, filterable table; tap one to open it."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.naming import natural_key
from kiosk.services.facilitator import FacilitatorService
from kiosk.ui.facilitator.common import FacilitatorPage, button, label
from kiosk.ui.facilitator.rankings_detail import RankingDetail
from kiosk.ui.facilitator.rankings_model import (
    ID_ROLE,
    RankingsFilter,
    RankingsModel,
    format_day,
)
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

ANY = "Any"
WRAPPING = (0, 1, 2, 7)  # workshop, table, deck, primary criterion: words that may wrap
FILTERS = (("workshop_id", "Workshop"), ("table", "Table"), ("deck", "Deck"), ("lens", "Lens"),
           ("day", "Date"))


class RankingsTable(QTableView):
    """The list's table; says when its width changed (the criterion's column, which takes
    the rest, changes width with it, and Qt says nothing of that)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


def laid_out_height(font: QFont, width: int, text: str) -> float:
    """The height of `text` wrapped at `width` as an item view lays it out (QTextLayout)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height


def wrapped_height(table: QTableView, index: QModelIndex) -> int:
    """The row height `index`'s text needs, wrapped in the box the style gives its words
    (the style sheet's padding, Qt's text margin, the colour square and the grid line
    taken off): Qt's own size hint wraps at the whole width, so a long criterion's last
    line was cut off."""
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = QRect(0, 0, table.columnWidth(index.column()), 1000)
    delegate = table.itemDelegate()
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    box = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
    chrome = option.rect.height() - box.height() + (1 if table.showGrid() else 0)
    return math.ceil(laid_out_height(option.font, box.width(), option.text)) + chrome


class RankingsTab(FacilitatorPage):
    ranking_opened = Signal(str)
    demo_requested = Signal()

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self.model = RankingsModel({lid: service.names.lens_title(lid) for lid in LENS_IDS}, self)
        self.proxy = RankingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        margin = theme.px(24)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.stack)
        self.stack.addWidget(self._build_list())
        self.detail = RankingDetail(service, theme, self)
        self.detail.closed.connect(self.show_list)
        self.detail.ranking_changed.connect(lambda _id: self.refresh())
        self._shown_version = -1
        self.detail.ranking_deleted.connect(self._after_delete)
        self.stack.addWidget(self.detail)
        self.refresh()

    def _build_list(self) -> QWidget:
        px = self._theme.px
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(px(14))
        bar = QHBoxLayout()
        bar.setSpacing(px(14))
        self.filter_boxes: dict[str, QComboBox] = {}
        for key, title in FILTERS:
            column = QVBoxLayout()
            column.setSpacing(px(4))
            column.addWidget(label(title, "hint", page, wrap=False))
            box = QComboBox(page)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            box.currentIndexChanged.connect(lambda _i, k=key: self._filter_changed(k))
            self.filter_boxes[key] = box
            column.addWidget(box)
            bar.addLayout(column, 3 if key in ("workshop_id", "deck", "day") else 2)
        clear_column = QVBoxLayout()
        clear_column.addStretch(1)
        self.clear_button = button("Clear filters", "quiet", page)
        self.clear_button.clicked.connect(self.clear_filters)
        clear_column.addWidget(self.clear_button)
        bar.addLayout(clear_column)
        self.filter_bar = QWidget(page)
        self.filter_bar.setLayout(bar)
        bar.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        self.count = label("", "", page)
        layout.addWidget(self.count)

        self.table = RankingsTable(page)
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        header.setResizeContentsPrecision(200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # A touchscreen has no tooltip to hover: a long criterion (or workshop name) wraps
        # and its row grows to hold it, never "…".
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self._theme.touch(56))
        rows.setMinimumSectionSize(self._theme.touch(56))
        self._pads = (self._theme.px(10), self._theme.px(6))
        self.table.setStyleSheet(
            f"QTableView::item {{ padding: {self._pads[1]}px {self._pads[0]}px; }}")
        # Each row as tall as its longest wrapped cell (computed here, for the few columns
        # of words: Qt's ResizeToContents asks every cell dozens of times a refresh).
        self._fitting = False
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.fit_rows())
        self.table.resized.connect(self.fit_rows)
        for changed in (self.proxy.layoutChanged, self.proxy.modelReset,
                        self.proxy.rowsInserted, self.proxy.rowsRemoved):
            changed.connect(lambda *_: self.fit_rows())
        self.table.horizontalHeader().setMinimumHeight(self._theme.touch(52))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        drag_scrolling(self.table)
        self.table.clicked.connect(self._row_tapped)
        self.table.activated.connect(self._row_tapped)
        layout.addWidget(self.table, 1)

        self.empty = QFrame(page)
        self.empty.setProperty("role", "panel")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(px(40), px(40), px(40), px(40))
        empty_layout.addWidget(label("No rankings are saved yet", "heading", self.empty))
        empty_layout.addWidget(label(
            "Rankings appear here as tables save them, or when you import another kiosk’s "
            "export. To look around first, load the demo data: three made-up workshops, "
            "clearly marked “(demo)”, which you can remove in one step.", "", self.empty))
        self.demo_button = button("Load demo data", "primary", self.empty)
        self.demo_button.clicked.connect(self.demo_requested)
        row = QHBoxLayout()
        row.addWidget(self.demo_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(1)
        layout.addWidget(self.empty, 1)
        self.hint = label("Tap a ranking to see its order, criteria and how it evolved. "
                          "Tap a column heading to sort.", "hint", page)
        layout.addWidget(self.hint)
        return page

    def fit_rows(self) -> None:
        """Every row tall enough for its cells' words wrapped at the columns' widths now,
        never below a finger's height."""
        if self._fitting:
            return
        least = self._theme.touch(56)
        for row in range(self.proxy.rowCount()):
            height = max([least, *(wrapped_height(self.table, self.proxy.index(row, column))
                                   for column in WRAPPING)])
            if self.table.rowHeight(row) != height:
                self.table.setRowHeight(row, height)

    # ----- data
    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        self.table.horizontalHeader().setSortIndicator(column, order)

    def refresh(self) -> None:
        """Reload from the service, keeping the filters that still make sense (nothing to do
        when nothing changed since the last time)."""
        if self._shown_version == self._service.version:
            return
        self._shown_version = self._service.version
        summaries = self._service.rankings.summaries()
        self.model.set_summaries(summaries)
        self._fill_filters()
        has_any = bool(summaries)
        for widget in (self.table, self.hint, self.filter_bar, self.count):
            widget.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any:
            self._fitting = True  # one fit after the columns, not one per column
            try:
                self.table.resizeColumnsToContents()
                limit = self._theme.px(420)
                for column in range(self.model.columnCount() - 1):
                    if self.table.columnWidth(column) > limit:
                        self.table.setColumnWidth(column, limit)
            finally:
                self._fitting = False
            self.fit_rows()
        self._update_count()
        if self.stack.currentWidget() is self.detail and self.detail.record is not None:
            if not self.detail.show_ranking(self.detail.record.ranking_id):
                self.show_list()

    def _fill_filters(self) -> None:
        rows = self.model.summaries()
        options: dict[str, list[tuple[str, str]]] = {
            "workshop_id": sorted({(r.workshop_id, r.workshop or "—") for r in rows},
                                  key=lambda o: natural_key(o[1])),
            "table": sorted({(r.table, r.table or "—") for r in rows},
                            key=lambda o: natural_key(o[1])),
            "deck": sorted({(r.deck, r.deck_title) for r in rows},
                           key=lambda o: natural_key(o[1])),
            "lens": [(lid, self._service.names.lens_title(lid)) for lid in
                     [*LENS_IDS, *sorted({r.lens for r in rows} - set(LENS_IDS))]
                     if any(r.lens == lid for r in rows)],
            "day": [(d, format_day(d)) for d in sorted({r.day for r in rows}, reverse=True)],
        }
        for key, box in self.filter_boxes.items():
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(ANY, None)
            for value, text in options[key]:
                box.addItem(text, value)
            index = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)
            self.proxy.set_filter(key, box.currentData())

    def _filter_changed(self, key: str) -> None:
        self.proxy.set_filter(key, self.filter_boxes[key].currentData())
        self._update_count()

    def set_filter(self, key: str, value: str | None) -> None:
        """Choose a filter value as the facilitator would (used by tests and other tabs)."""
        box = self.filter_boxes[key]
        index = box.findData(value) if value is not None else 0
        if index < 0:
            raise ValueError(f"no {key} '{value}' among the rankings")
        box.setCurrentIndex(index)

    def clear_filters(self) -> None:
        for box in self.filter_boxes.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.proxy.clear_filters()
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        active = any(v is not None for v in self.proxy.filters().values())
        self.count.setText(f"Showing {shown} of {total} rankings" if active else
                           f"{total} saved ranking{'s' if total != 1 else ''}")
        self.clear_button.setEnabled(active)

    def visible_ids(self) -> list[str]:
        return [self.proxy.index(row, 0).data(ID_ROLE) for row in range(self.proxy.rowCount())]

    # ----- opening one
    def _row_tapped(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_ranking(index.data(ID_ROLE))

    def open_ranking(self, ranking_id: str) -> None:
        if self.detail.show_ranking(ranking_id):
            self.stack.setCurrentWidget(self.detail)
            self.ranking_opened.emit(ranking_id)

    def show_list(self) -> None:
        self.detail.replay.stop()
        self.stack.setCurrentIndex(0)

    def _after_delete(self, _ranking_id: str) -> None:
        self.show_list()
        self.refresh()
