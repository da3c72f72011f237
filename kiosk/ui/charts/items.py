"""Scene items the heat maps and the benefit–risk map share: the numbers drawn in a heat
map's cells (`CellLabels`) and a colour key with words at its ends (`ColourKey`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from kiosk.ui import theme as th


class CellLabels(pg.GraphicsObject):
    """Numbers drawn in the cells of a heat map, in screen pixels so they stay legible at any
    zoom; a label is left out when its cell is too small to hold it (the value line still
    reads it out). One item paints every cell, so a heat map of many tables does not become
    thousands of scene items."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._xs = np.zeros(0)
        self._ys = np.zeros(0)
        self._texts: list[str] = []
        self._inks: list[QColor] = []
        self._rect = QRectF()

    def set_cells(self, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str],
                  inks: Sequence[QColor]) -> None:
        self.prepareGeometryChange()
        self._xs = np.asarray(xs, dtype=float)
        self._ys = np.asarray(ys, dtype=float)
        self._texts = list(texts)
        self._inks = list(inks)
        if len(self._xs):
            self._rect = QRectF(self._xs.min() - 0.5, self._ys.min() - 0.5,
                                self._xs.max() - self._xs.min() + 1,
                                self._ys.max() - self._ys.min() + 1)
        else:
            self._rect = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self._texts:
            return
        transform = painter.transform()
        cell_w = abs(transform.m11()) + abs(transform.m21())
        cell_h = abs(transform.m22()) + abs(transform.m12())
        font = QFont(self._font)
        if self._exportOpts:  # an image export at a higher resolution: scale the text too
            font.setPointSizeF(font.pointSizeF() * self._exportOpts.get("resolutionScale", 1.0))
        metrics = QFontMetricsF(font)
        widest = max(metrics.horizontalAdvance(t) for t in self._texts)
        if widest + 4 > cell_w or metrics.height() > cell_h:
            return
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        half_w, half_h = cell_w / 2, cell_h / 2
        colour = None
        for x, y, text, ink in zip(self._xs, self._ys, self._texts, self._inks, strict=True):
            centre = transform.map(QPointF(float(x), float(y)))
            if ink != colour:
                painter.setPen(QPen(ink))
                colour = ink
            painter.drawText(QRectF(centre.x() - half_w, centre.y() - half_h, cell_w, cell_h),
                             Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class ColourKey(pg.PlotItem):
    """A vertical colour key whose ends carry words ("1 most beneficial"), with the first
    value at the top to match the heat map."""

    def __init__(self, font: QFont, width: int = 28) -> None:
        super().__init__(viewBox=pg.ViewBox(enableMenu=False))  # no menu to build
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideAxis("bottom")
        self.hideAxis("left")
        self.showAxis("right")
        self._axis = self.getAxis("right")
        self._axis.setStyle(tickFont=font, autoExpandTextSpace=True)
        self._axis.setTextPen(th.INK)
        self._axis.setPen(pg.mkPen(th.INK_SOFT))
        self._image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self._image)
        self.getViewBox().invertY(True)
        self._bar_width = width
        self._font = QFont(font)
        # Room above and below for the words at both ends of the key.
        half_line = int(QFontMetricsF(font).height() / 2) + 2
        self.setContentsMargins(0, half_line, 0, half_line)
        self.getViewBox().setFixedWidth(width)
        self.getViewBox().setBorder(pg.mkPen(th.INK_SOFT))

    def set_range(self, low: float, high: float, ticks: Sequence[tuple[float, str]],
                  cmap: pg.ColorMap, top_is_low: bool = True) -> None:
        self.getViewBox().invertY(top_is_low)
        steps = 256
        values = np.linspace(low, high, steps).reshape(steps, 1)
        self._image.setImage(values, levels=(low, high), lut=cmap.getLookupTable(nPts=256))
        self._image.setRect(QRectF(0, low, 1, high - low))
        self.setRange(xRange=(0, 1), yRange=(low, high), padding=0)
        self._axis.setTicks([list(ticks)])
        # Only as wide as the bar and its words, however wide the chart is.
        metrics = QFontMetricsF(self._font)
        words = max((metrics.horizontalAdvance(text) for _, text in ticks), default=10)
        axis_width = int(words + metrics.averageCharWidth() * 2 + 12)
        self._axis.setWidth(axis_width)
        self.setFixedWidth(self._bar_width + axis_width + 8)
