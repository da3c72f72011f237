"""Building blocks shared by the compare dashboard's charts (pyqtgraph).

pyqtgraph is imported here and in the other `charts_*` modules only; nothing on the
participants' start path imports them. Every chart is a `ChartPanel`: a title, a pyqtgraph
scene, a value line that reads out what the pointer (or a tap) is on, and buttons that save
the chart as PNG or SVG. Charts are built once and only their data changes afterwards, so a
new selection never rebuilds widgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.analysis.wording import number_text as fmt_num  # noqa: F401  (the charts' number text)
from kiosk.analysis.wording import p_text as fmt_p  # noqa: F401  (the one p-value text)
from kiosk.ui import theme as th
from kiosk.ui.theme import Theme

# Okabe–Ito, for categories; heat maps use cividis (readable in every kind of colour vision
# and in greyscale print).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
BACKGROUND = "#FFFFFF"
GRID = "#D9D4CB"
HEAT_MAP = "cividis"

_CMAP_CACHE: dict[str, pg.ColorMap] = {}


def colour_map(name: str = HEAT_MAP) -> pg.ColorMap:
    if name not in _CMAP_CACHE:
        _CMAP_CACHE[name] = pg.colormap.get(name)
    return _CMAP_CACHE[name]


def ink_for(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(colour.redF()) + 0.7152 * lin(colour.greenF()) + 0.0722 * lin(colour.blueF())
    return QColor("#000000") if lum > 0.22 else QColor("#FFFFFF")


def wrap(text: str, width: int = 30, lines: int = 2) -> str:
    """Break a title into at most `lines` lines of about `width` characters (axis labels)."""
    words, out, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(out)


class CategoryAxis(pg.AxisItem):
    """An axis of named rows or columns at 1, 2, 3 …. When the labels do not fit, the compact
    labels (one line) are used; when those do not fit either, only every k-th is written,
    so a 100-table axis stays legible. An axis can follow a partner on the other side, so
    that both write the same rows and a reader never pairs labels of different rows."""

    def __init__(self, orientation: str, font: QFont, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._labels: list[str] = []
        self._compact: list[str] | None = None
        self._shown: list[str] = []
        self._font = font
        self.partner: CategoryAxis | None = None
        self.setStyle(tickFont=font, autoExpandTextSpace=True, tickTextOffset=6)
        self.setTextPen(th.INK)
        self.setPen(pg.mkPen(th.INK_SOFT))

    def set_labels(self, labels: Sequence[str], compact: Sequence[str] | None = None) -> None:
        compact_list = list(compact) if compact is not None else None
        if list(labels) != self._labels or compact_list != self._compact:
            self._labels = list(labels)
            self._compact = compact_list
            self._reserve_text_space()
            self.picture = None
            self.update()

    def _reserve_text_space(self) -> None:
        """Make room for the labels now. Left alone, pyqtgraph widens an axis only after a
        first paint that skips every label too wide for it, so the first frame (and a
        chart drawn once for export) would show no labels at all."""
        metrics = QFontMetricsF(self._font)
        texts = self._labels + (self._compact or [])
        if self.orientation in ("left", "right"):
            widest = max((metrics.horizontalAdvance(line) for lab in texts
                          for line in lab.split("\n")), default=0.0)
            self._updateMaxTextSize(int(widest + 2))
        else:
            lines = max((lab.count("\n") + 1 for lab in texts), default=1)
            self._updateMaxTextSize(int(metrics.height() * lines * 0.8 + 2))

    @property
    def labels(self) -> list[str]:
        return self._labels

    def _extent(self, labels: Sequence[str]) -> float:
        metrics = QFontMetricsF(self._font)
        if self.orientation in ("left", "right"):
            lines = max((lab.count("\n") + 1 for lab in labels), default=1)
            return metrics.lineSpacing() * lines + 4
        widest = max((metrics.horizontalAdvance(line) for lab in labels
                      for line in lab.split("\n")), default=10)
        return widest + metrics.averageCharWidth() * 2

    def _fit(self, per_label: float) -> tuple[int, list[str]]:
        """(every how many labels to write, which labels) for `per_label` pixels each."""
        step = max(1, math.ceil(self._extent(self._labels) / max(per_label, 1e-6)))
        if step > 1 and self._compact:
            compact_step = max(1, math.ceil(self._extent(self._compact) / max(per_label, 1e-6)))
            return compact_step, self._compact
        return step, self._labels

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (Qt name)
        count = len(self._labels)
        if count == 0 or size <= 0:
            return []
        per_label = size / max(1.0, abs(maxVal - minVal))
        step, self._shown = self._fit(per_label)
        if self.partner is not None and len(self.partner.labels) == count:
            step = max(step, self.partner._fit(per_label)[0])
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        values = [float(i) for i in range(1, count + 1, step) if low - 0.01 <= i <= high + 0.01]
        return [(float(step), values)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (Qt name)
        shown = self._shown or self._labels
        out = []
        for v in values:
            index = int(round(v)) - 1
            out.append(shown[index] if 0 <= index < len(shown) else "")
        return out


class GroupAxis(pg.AxisItem):
    """Names written over runs of columns ("Manchester" over its tables), each shortened
    with "…" to the width of its run, so a narrow run never loses its name entirely."""

    def __init__(self, orientation: str, font: QFont) -> None:
        super().__init__(orientation)
        self._font = font
        self._groups: list[tuple[str, int, int]] = []
        self._per_column = 0.0
        self.setStyle(tickFont=font, tickLength=0, autoExpandTextSpace=True)
        self.setTextPen(th.INK)
        self.setPen(pg.mkPen(th.INK_SOFT))

    def set_groups(self, groups: Sequence[tuple[str, int, int]]) -> None:
        """(name, first column, last column), columns counted from 1."""
        self._groups = list(groups)
        self._updateMaxTextSize(int(QFontMetricsF(self._font).height() * 0.8 + 2))
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (Qt name)
        self._per_column = size / max(1.0, abs(maxVal - minVal))
        return [(1.0, [(a + b) / 2 for _, a, b in self._groups])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (Qt name)
        metrics = QFontMetrics(self._font)
        out = []
        for name, first, last in self._groups:
            room = int((last - first + 1) * self._per_column) - 8
            out.append(metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0)))
        return out[: len(values)]


class CellLabels(pg.GraphicsObject):
    """Numbers drawn in the cells of a heat map, in screen pixels so they stay legible at any
    zoom; a label is left out when its cell is too small to hold it (the value line still
    reads it out). One item paints every cell, which keeps 1,500 cells quick."""

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
        super().__init__()
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


Describe = Callable[[float, float], tuple[str, float, float] | None]


class ChartPanel(QWidget):
    """One chart: title, pyqtgraph scene, a value line for the pointer or a tap, and export.

    Subclasses build their items once in `__init__` and change only data in `show_data`.
    They register each plot that reads out values with `watch(plot, describe)`, where
    `describe(x, y)` returns (text, x, y) for the value at view coordinates x, y (the
    anchor for the floating tag) or None.
    """

    value_shown = Signal(str)
    exported = Signal(str)

    HINT = "Point at or tap the chart to read its numbers."

    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.slug = "chart"
        self._watched: list[tuple[pg.PlotItem, Describe, pg.TextItem]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        # Sizes go in the labels' own style sheets: an enclosing screen's "QLabel {…}" rule
        # would otherwise win over setFont().
        self.title = QLabel(title)
        self.title.setFont(theme.font(20, bold=True))
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {th.INK}; font-size: {theme.pt(20):.1f}pt;"
                                 " font-weight: 700;")

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        self.graphics.setMinimumHeight(theme.px(260))
        self.graphics.ci.setContentsMargins(theme.px(8), theme.px(8), theme.px(16), theme.px(8))
        self.graphics.scene().sigMouseMoved.connect(self._pointer_moved)
        self.graphics.scene().sigMouseClicked.connect(self._tapped)

        self.value_label = QLabel(self.HINT)
        self.value_label.setFont(theme.font(16))
        self.value_label.setWordWrap(True)
        self.value_label.setStyleSheet(f"color: {th.INK}; font-size: {theme.pt(16):.1f}pt;")
        self.value_label.setMinimumHeight(theme.touch(56))
        self.value_label.setAccessibleName("value under the pointer")

        self.png_button = QPushButton("Save PNG…")
        self.svg_button = QPushButton("Save SVG…")
        for button in (self.png_button, self.svg_button):
            button.setStyleSheet(theme.button_css(fill=th.TRAY, ink=th.INK, size_pt=14))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.png_button.clicked.connect(lambda: self._ask_and_export("png"))
        self.svg_button.clicked.connect(lambda: self._ask_and_export("svg"))

        bottom = QHBoxLayout()
        bottom.addWidget(self.value_label, 1)
        bottom.addWidget(self.png_button)
        bottom.addWidget(self.svg_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(6))
        layout.addWidget(self.title)
        layout.addWidget(self.graphics, 1)
        layout.addLayout(bottom)

    # ----- helpers for subclasses
    def new_plot(self, row: int, col: int, left: CategoryAxis | None = None,
                 bottom: pg.AxisItem | None = None, right: pg.AxisItem | None = None,
                 **kwargs) -> pg.PlotItem:
        axes = {}
        if left is not None:
            axes["left"] = left
        if bottom is not None:
            axes["bottom"] = bottom
        if right is not None:
            axes["right"] = right
        plot = self.graphics.addPlot(row=row, col=col, axisItems=axes, **kwargs)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(False, False)
        plot.getViewBox().setDefaultPadding(0.0)
        if right is not None:
            plot.showAxis("right")
        for name in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(name)
            if not isinstance(axis, CategoryAxis):
                axis.setStyle(tickFont=self.theme.font(13))
                axis.setTextPen(th.INK)
                axis.setPen(pg.mkPen(th.INK_SOFT))
        return plot

    def category_axis(self, orientation: str, size_pt: float = 13) -> CategoryAxis:
        return CategoryAxis(orientation, self.theme.font(size_pt))

    def label_axis(self, plot: pg.PlotItem, side: str, text: str) -> None:
        plot.setLabel(side, text, color=th.INK, **{"font-size": f"{self.theme.pt(14):.0f}pt"})

    def text_item(self, text: str = "", colour: str = th.INK, size_pt: float = 13,
                  anchor: tuple[float, float] = (0, 0.5), bold: bool = False,
                  fill: str | None = None) -> pg.TextItem:
        item = pg.TextItem(text, color=colour, anchor=anchor,
                           fill=pg.mkBrush(fill) if fill else None)
        item.setFont(self.theme.font(size_pt, bold=bold))
        return item

    def watch(self, plot: pg.PlotItem, describe: Describe) -> None:
        tag = self.text_item("", colour=th.INK, size_pt=14, anchor=(0, 1), fill="#FFFFFFE8")
        tag.border = pg.mkPen(th.INK_SOFT)
        tag.setZValue(100)
        tag.hide()
        plot.addItem(tag, ignoreBounds=True)
        self._watched.append((plot, describe, tag))

    # ----- reading values
    def value_at(self, plot_index: int, x: float, y: float) -> str | None:
        """The read-out at view coordinates of the `plot_index`-th watched plot (tests)."""
        plot, describe, tag = self._watched[plot_index]
        return self._show(plot, describe, tag, x, y)

    def _show(self, plot, describe: Describe, tag: pg.TextItem, x: float, y: float) -> str | None:
        found = describe(x, y)
        if found is None:
            tag.hide()
            return None
        text, ax, ay = found
        view = plot.getViewBox()
        # At most under half the plot wide (it wraps), so flipping sides always keeps it in.
        tag.setTextWidth(max(220.0, min(560.0, view.width() * 0.45)))
        tag.setText(text)
        (x0, x1), (y0, y1) = view.viewRange()
        # Keep the tag inside the plot: flip it to the other side near the right/top edge.
        right_half = (ax - x0) / (x1 - x0 or 1) > 0.5
        if view.xInverted():
            right_half = not right_half
        top_half = (ay - y0) / (y1 - y0 or 1) > 0.5
        if view.yInverted():
            top_half = not top_half
        tag.setAnchor((1.0 if right_half else 0.0, 0.0 if top_half else 1.0))
        tag.setPos(ax, ay)
        tag.show()
        self.value_label.setText(text.replace("\n", " · "))
        self.graphics.setToolTip(text)
        self.value_shown.emit(text)
        return text

    def _locate(self, scene_pos: QPointF) -> None:
        for plot, describe, tag in self._watched:
            view = plot.getViewBox()
            if view.sceneBoundingRect().contains(scene_pos):
                point = view.mapSceneToView(scene_pos)
                if self._show(plot, describe, tag, point.x(), point.y()) is not None:
                    for other in self._watched:
                        if other[2] is not tag:
                            other[2].hide()
                    return
            tag.hide()

    def _pointer_moved(self, scene_pos: QPointF) -> None:
        self._locate(scene_pos)

    def _tapped(self, event) -> None:
        self._locate(event.scenePos())

    def hide_tags(self) -> None:
        for _plot, _describe, tag in self._watched:
            tag.hide()
        self.value_label.setText(self.HINT)
        self.graphics.setToolTip("")

    # ----- export
    def export_png(self, path: str | Path, width: int | None = None) -> Path:
        """Write the chart as PNG (no dialog); `width` in pixels, default the widget's x2."""
        path = Path(path)
        self.hide_tags()
        exporter = ImageExporter(self.graphics.scene())
        source = exporter.getSourceRect()
        target = width or max(1600, int(source.width() * 2))
        exporter.parameters()["width"] = int(target)
        if int(exporter.parameters()["height"]) % 2:  # rounding from the aspect ratio
            exporter.parameters()["height"] = int(exporter.parameters()["height"]) + 1
        exporter.parameters()["background"] = QColor(BACKGROUND)
        if not exporter.export(str(path)):
            raise OSError(f"could not write {path}")
        self.exported.emit(str(path))
        return path

    def export_svg(self, path: str | Path) -> Path:
        """Write the chart as SVG (no dialog).

        Drawn with Qt's own QSvgGenerator rather than pyqtgraph's SVGExporter, whose rewrite
        of the generated paths fails on the closing "Z" that current Qt writes. The charts fix
        their ranges, so nothing needs the clipping pyqtgraph's rewrite adds.
        """
        from PySide6.QtSvg import QSvgGenerator

        path = Path(path)
        self.hide_tags()
        scene = self.graphics.scene()
        view = self.graphics
        source = view.mapToScene(view.viewport().rect()).boundingRect()
        size = QSize(max(1, int(source.width())), max(1, int(source.height())))
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRect(QPoint(0, 0), size))
        # Same pixels per inch as the screen, or text and pixel-sized marks change scale.
        generator.setResolution(round(self.graphics.logicalDpiX()) or 96)
        generator.setTitle(self.title.text())
        generator.setDescription("Chart from the deliberation kiosk's compare screen")
        exporting = [item for item in scene.items() if hasattr(item, "setExportMode")]
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"could not write {path}")
        try:
            for item in exporting:
                item.setExportMode(True, {"antialias": True, "background": QColor(BACKGROUND),
                                          "painter": painter, "resolutionScale": 1.0})
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(BACKGROUND))
            scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
        finally:
            for item in exporting:
                item.setExportMode(False)
            painter.end()
        self.exported.emit(str(path))
        return path

    def set_print_mode(self, on: bool) -> None:
        """Only the chart itself (no title, value line or buttons): for the printed report,
        which sets its own headings."""
        for widget in (self.title, self.value_label, self.png_button, self.svg_button):
            widget.setVisible(not on)

    def render_image(self, scale: float = 2.0) -> QImage:
        """The chart as it is laid out now, drawn at `scale` times its size (for print)."""
        self.hide_tags()
        exporter = ImageExporter(self.graphics.scene())
        exporter.parameters()["width"] = int(exporter.getSourceRect().width() * scale)
        exporter.parameters()["background"] = QColor(BACKGROUND)
        return exporter.export(toBytes=True)

    def _ask_and_export(self, kind: str) -> None:
        suggested = str(Path.home() / f"{self.slug}.{kind}")
        filters = "PNG image (*.png)" if kind == "png" else "SVG drawing (*.svg)"
        path, _ = QFileDialog.getSaveFileName(self, f"Save chart as {kind.upper()}", suggested,
                                              filters)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            (self.export_png if kind == "png" else self.export_svg)(path)
        except OSError as exc:
            self.value_label.setText(f"Could not save {path}: {exc}")
            return
        self.value_label.setText(f"Saved {path}")
