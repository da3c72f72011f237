"""Columns a finger pushes along while the rows' names stay: a heat map of many tables
shows a window of its columns, each as wide as its label and its cell's number need (a
cell is a tap target too), and a sideways drag on the chart moves the window. The scene
itself never slides sideways, so the card or table names at the left stay in view.

A file (`ChartPanel.export_copy`) and the printed report show every column: the chart
turns the window off in print mode.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class ColumnWindow(QObject):
    moved = Signal(int, int, int)  # first and last column in view (from 1), of how many

    def __init__(self, plot: pg.PlotItem, viewport: QWidget, drag_px: float = 12) -> None:
        """`drag_px`: how far a finger moves before it drags (less is a tap)."""
        super().__init__(plot.getViewBox())
        self.plot = plot
        self.drag_px = drag_px
        self.count = 0
        self.per_column = 48.0  # pixels each column needs
        self.first = 0.5  # the window's left edge, in view units (columns at 1, 2 …)
        self.enabled = True
        self._press: tuple[float, float] | None = None  # (x in pixels, first) at the press
        self.dragged = False  # the last press moved the columns along
        viewport.installEventFilter(self)
        plot.getViewBox().sigResized.connect(self.apply)

    def set_columns(self, count: int, per_column: float) -> None:
        if count != self.count:
            self.first = 0.5
        self.count, self.per_column = count, max(per_column, 1.0)
        self.apply()

    def shown(self) -> int:
        """How many columns fit the plot now (all of them when the window is off)."""
        if not self.enabled:
            return self.count
        width = self.plot.getViewBox().width()
        if width <= 1:
            return self.count
        return max(1, min(self.count, math.floor(width / self.per_column)))

    def apply(self, *_args) -> None:
        if self.count == 0:
            return
        shown = self.shown()
        self.first = min(max(self.first, 0.5), self.count + 0.5 - shown)
        self.plot.setXRange(self.first, self.first + shown, padding=0)
        left = max(1, round(self.first + 0.5))
        self.moved.emit(left, min(self.count, left + shown - 1), self.count)

    def scrolls(self) -> bool:
        return self.enabled and self.shown() < self.count

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if not isinstance(event, QMouseEvent) or not self.scrolls():
            if kind == QEvent.Type.MouseButtonPress:
                self.dragged = False
            return False
        x = event.position().x()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = (x, self.first)
            self.dragged = False
        elif (kind == QEvent.Type.MouseMove and self._press is not None
              and event.buttons() & Qt.MouseButton.LeftButton):
            start, first = self._press
            per_unit = self.plot.getViewBox().width() / max(self.shown(), 1)
            if self.dragged or abs(x - start) >= self.drag_px:
                self.dragged = True
                self.first = first - (x - start) / max(per_unit, 1e-6)
                self.apply()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._press = None
        return False  # the chart and the page's scroller see every event too
