"""The saved rankings as a Qt table model, and the filters over it.

The model adapts `RankingSummary` rows from the facilitator's service; it never reads the
store. Sorting uses raw values (times as instants, durations as seconds), not the text
shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from kiosk.domain.naming import natural_key
from kiosk.domain.record import completion_time
from kiosk.services.facilitator import RankingSummary
from kiosk.ui.model_guard import never_raises
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.theme import LENS_COLOURS

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Workshop", "Table", "Deck", "Lens", "Completed", "Duration", "Moves",
           "Primary criterion")
FILTER_KEYS = ("workshop_id", "table", "deck", "lens", "day")
AnyIndex = QModelIndex | QPersistentModelIndex


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def parse_moment(text: str) -> datetime | None:
    """A stored time, or None when it is none the kiosk can show (completion_time)."""
    return completion_time(text) if text else None


def format_moment(text: str) -> str:
    """The completion time as the facilitator reads it, in this machine's time zone; "—"
    for a time it cannot show (never an exception: this runs inside Qt's data())."""
    moment = parse_moment(text)
    if moment is None:
        return "—"
    try:
        return moment.astimezone().strftime("%d %b %Y  %H:%M")
    except (OverflowError, ValueError, OSError):
        return "—"


def format_day(day: str) -> str:
    try:
        return datetime.strptime(day, "%Y-%m-%d").strftime("%a %d %b %Y")
    except ValueError:
        return day or "no date"


class RankingsModel(QAbstractTableModel):
    def __init__(self, lens_titles: dict[str, str] | None = None, parent: Any = None):
        super().__init__(parent)
        self._rows: list[RankingSummary] = []
        self._lens_titles = lens_titles or {}
        self._sort_column = 4
        self._sort_order = Qt.SortOrder.DescendingOrder

    # ----- content
    def set_summaries(self, rows: Sequence[RankingSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in Python's list.sort over precomputed keys: with thousands of
        rankings a proxy calling back into Python for every comparison is too slow."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._sort_rows()
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        if self._sort_column < 0:
            return
        column = self._sort_column
        keys = {id(row): self._sort_value(row, column) for row in self._rows}
        # Ties keep completion order (newest first), so the order never looks random.
        self._rows.sort(key=lambda r: r.completed_at, reverse=True)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        present = [r for r in self._rows if not keys[id(r)][0]]
        missing = [r for r in self._rows if keys[id(r)][0]]
        present.sort(key=lambda r: keys[id(r)][1], reverse=descending)
        self._rows = present + missing  # blanks last either way

    def summary(self, row: int) -> RankingSummary:
        return self._rows[row]

    def summaries(self) -> list[RankingSummary]:
        return list(self._rows)

    def row_of(self, ranking_id: str) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.ranking_id == ranking_id:
                return row
        return None

    # ----- QAbstractTableModel
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    @never_raises
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    @never_raises
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == ID_ROLE:
            return row.ranking_id
        if role == Qt.ItemDataRole.DecorationRole and column == 3:
            return QColor(LENS_COLOURS.get(row.lens, "#888888"))
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2, 7):
            return plain_tooltip(self._display(row, column))  # a workshop's name: as typed
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: RankingSummary, column: int) -> str:
        if column == 0:
            return row.workshop or "—"
        if column == 1:
            return row.table or "—"
        if column == 2:
            return row.deck_title
        if column == 3:
            return self._lens_titles.get(row.lens, row.lens.capitalize())
        if column == 4:
            return format_moment(row.completed_at)
        if column == 5:
            return format_duration(row.duration_s)
        if column == 6:
            return "—" if row.moves is None else str(row.moves)
        return row.primary or "—"

    def _sort_value(self, row: RankingSummary, column: int) -> Any:
        # Every key is a tuple starting with a "missing" flag so blanks sort last and
        # values of one column always compare with each other.
        if column == 4:
            moment = parse_moment(row.completed_at)
            return (moment is None, moment.timestamp() if moment else 0.0)
        if column == 5:
            return (row.duration_s is None, float(row.duration_s or 0))
        if column == 6:
            return (row.moves is None, int(row.moves or 0))
        return (False, natural_key(self._display(row, column)))


class RankingsFilter(QSortFilterProxyModel):
    """Filters by workshop, table, deck, lens and day; None means any. It does not sort:
    the rows keep the model's order (see RankingsModel.sort)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._wanted: dict[str, str | None] = dict.fromkeys(FILTER_KEYS)

    def set_filter(self, key: str, value: str | None) -> None:
        if key not in self._wanted:
            raise KeyError(key)
        if self._wanted[key] == value:
            return
        self.beginFilterChange()
        self._wanted[key] = value
        self.endFilterChange()

    def clear_filters(self) -> None:
        self.beginFilterChange()
        self._wanted = dict.fromkeys(FILTER_KEYS)
        self.endFilterChange()

    def filters(self) -> dict[str, str | None]:
        return dict(self._wanted)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RankingsModel):
            return True
        summary = model.summary(source_row)
        return all(value is None or getattr(summary, key) == value
                   for key, value in self._wanted.items())
