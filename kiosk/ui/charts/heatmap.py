"""Heat maps: each table's position for each card, and Kendall's τ-b between tables.

On screen, more columns than fit are pushed along by a finger (`ColumnWindow`) while the
names at the left stay; only a tap reads a cell out, never a drag across it. A file or the
printed report shows every column, and the workshops' key line wraps to the chart's width.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.analysis.figures import CompareData
from kiosk.analysis.tables import workshop_key
from kiosk.analysis.wording import counted, number_text, p_text
from kiosk.ui import theme as th
from kiosk.ui.charts.axes import CategoryAxis, GroupAxis, wrap
from kiosk.ui.charts.column_window import ColumnWindow
from kiosk.ui.charts.items import CellLabels, ColourKey
from kiosk.ui.charts.palette import colour_map, ink_for
from kiosk.ui.charts.panel import ChartPanel
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import DRAG_START_M


def _lut_inks(cmap: pg.ColorMap) -> list[QColor]:
    """Ink (black/white) for each of 256 colour-map steps, computed once."""
    return [ink_for(QColor(*[int(c) for c in rgba[:3]])) for rgba in cmap.getLookupTable(nPts=256)]


class _HeatMapBase(ChartPanel):
    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None,
                 cell_pt: float = 13) -> None:
        super().__init__(title, theme, parent)
        self.cmap = colour_map()
        self._lut = self.cmap.getLookupTable(nPts=256)
        self._inks = _lut_inks(self.cmap)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.cells = CellLabels(theme.font(cell_pt, bold=cell_pt >= 13, minimum=9))
        self.key = ColourKey(theme.font(12), width=theme.px(24))
        # A finger that moves this far is dragging: pyqtgraph sends it no click (no tap);
        # one that stays within it is tapping however long it rests (a finger wobbles).
        self._drag_px = max(8, round(DRAG_START_M / 0.0254 * theme.dpi))
        self.graphics.scene().setMoveDistance(self._drag_px)
        self.graphics.scene().minDragTime = float("inf")
        self.column_view: ColumnWindow | None = None

    def column_window(self, plot: pg.PlotItem, word: str) -> ColumnWindow:
        """`word`: what the columns are, under them ("tables"); while only some are in
        view it says which, and that a finger pushes the others in."""
        self.column_view = ColumnWindow(plot, self.graphics.viewport(), self._drag_px)
        self.column_view.moved.connect(
            lambda first, last, count: self.label_axis(plot, "bottom", (
                f"{word} — {first}–{last} of {count}: push the chart sideways for the others"
                if (first, last) != (1, count) else word)))
        return self.column_view

    def fit_columns(self, plot: pg.PlotItem, columns: CategoryAxis, count: int) -> None:
        """Each column as wide as its label and its cells' numbers need, and a finger's
        width at least: on screen a window of them (pushed along by a drag), in print
        mode all of them (the scene grows)."""
        metrics = QFontMetricsF(self.cells._font)
        widest = max((metrics.horizontalAdvance(t) for t in self.cells._texts), default=0.0)
        on_screen = self.column_view is not None and self.column_view.enabled
        finger = float(self.theme.touch(56)) if on_screen else 0.0  # paper is not tapped
        columns.min_extent = max(finger, widest + self.theme.px(16))
        if self.column_view is None or not self.column_view.enabled:
            self.fit_labels(plot, [columns], count, count)
        if self.column_view is not None:
            self.column_view.set_columns(count, columns._extent(columns.labels) + 1)

    def set_print_mode(self, on: bool) -> None:
        super().set_print_mode(on)
        if self.column_view is not None:
            self.column_view.enabled = not on

    def export_copy(self) -> ChartPanel:
        """As every chart's, then laid out once more at the size its columns asked for last
        (else the copy's scene runs wider than the copy, and a file comes out flatter than
        a slide)."""
        copy = super().export_copy()
        for _ in range(3):
            QApplication.processEvents()  # the columns' last request for room
            graphics = copy.graphics
            size = (max(copy.width(), graphics.minimumWidth()),
                    max(copy.height(), graphics.minimumHeight()))
            if size == (copy.width(), copy.height()) and \
                    graphics.viewport().width() <= graphics.width():
                break
            copy.resize(*size)
            copy.grab()  # delivers the resize events without showing the copy
            QApplication.processEvents()
        return copy

    def _tapped(self, event) -> None:
        if self.column_view is not None and self.column_view.dragged:
            return  # the columns were pushed along: not a tap
        super()._tapped(event)

    def _inks_for(self, values: np.ndarray, low: float, high: float) -> list[QColor]:
        span = (high - low) or 1.0
        steps = np.clip(((values - low) / span * 255).round().astype(int), 0, 255)
        return [self._inks[i] for i in steps]


class PositionHeatMap(_HeatMapBase):
    """Cards (rows, in consensus order) × tables (columns, grouped by workshop)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Where each table placed each card", theme, parent)
        self.slug = "positions-heat-map"
        self.rows = self.category_axis("left", 14)
        self.columns = self.category_axis("bottom", 13)
        self.groups = GroupAxis("top", theme.font(14, bold=True))
        self.plot = self.new_plot(0, 0, left=self.rows, bottom=self.columns)
        self.plot.setAxisItems({"top": self.groups})
        self.plot.showAxis("top")
        self.plot.getViewBox().invertY(True)
        self.plot.addItem(self.image)
        self.plot.addItem(self.cells)
        # White lines between workshops, so each workshop's tables read as one block.
        self.dividers = pg.PlotDataItem(connect="pairs", pen=pg.mkPen("#FFFFFF", width=4))
        self.plot.addItem(self.dividers)
        self.graphics.addItem(self.key, row=0, col=1)
        # With several workshops, each header starts with a key (A, B …) and this line
        # names them in full, so a header shortened over a few narrow columns still says
        # whose tables they are.
        self.group_legend = self.graphics.addLabel("", row=1, col=0, colspan=2,
                                                   justify="left", color=th.INK,
                                                   size=f"{theme.pt(13):.0f}pt")
        self.label_axis(self.plot, "bottom", "tables")
        self.empty = self.text_item("", size_pt=16, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty, ignoreBounds=True)
        self.watch(self.plot, self._describe)
        self.column_window(self.plot, "tables")
        self._legend: list[str] = []  # "<b>A</b> = Manchester", … (HTML)
        self.plot.getViewBox().sigResized.connect(self._wrap_legend)
        self._data: CompareData | None = None
        self._matrix = np.zeros((0, 0))
        self._tables: list[str] = []

    def show_data(self, data: CompareData) -> None:
        self._data = data
        comparison = data.comparison
        n, m = data.n_cards, len(comparison.tables)
        column_of = {c: i for i, c in enumerate(comparison.cards)}
        rows = [column_of[c] for c in data.order]
        matrix = data.ranks[:, rows].T if m else np.zeros((n, 0))
        self._matrix = matrix
        self._tables = list(comparison.tables)
        self.rows.set_labels([wrap(f"{c} · {data.title(c)}", 30) for c in data.order],
                             [wrap(f"{c} · {data.title(c)}", 34, 1) for c in data.order])
        self.columns.set_labels([_short_table(table) for _, table in data.shown])
        self.fit_labels(self.plot, [self.rows], n, n)
        self._show_groups(data, n)
        lens_most = data.most_word()
        self.title.setText(f"Where each table placed each card — 1 = {lens_most}; "
                           f"cards in {data.order_name} order")
        if m == 0:
            self.image.clear()
            self.cells.set_cells([], [], [], [])
            self.empty.setText("No complete rankings for this selection.")
            self.empty.setPos(0.5, 0.5)
            self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            self.rows.set_labels([])
            self.key.set_range(1, max(n, 2), [], self.cmap)
            return
        self.empty.setText("")
        low, high = 1.0, float(max(n, 2))
        self.image.setImage(matrix, levels=(low, high), lut=self._lut, autoLevels=False)
        self.image.setRect(QRectF(0.5, 0.5, m, n))
        ys, xs = np.mgrid[1: n + 1, 1: m + 1]
        flat = matrix.ravel()
        self.cells.set_cells(xs.ravel(), ys.ravel(), [number_text(v, 1) for v in flat],
                             self._inks_for(flat, low, high))
        self.plot.setRange(xRange=(0.5, m + 0.5), yRange=(0.5, n + 0.5), padding=0)
        self.fit_columns(self.plot, self.columns, m)
        self.key.set_range(low, high, [(1, f"1 {lens_most}"), (high, f"{n} {data.least_word()}")],
                           self.cmap)

    def _show_groups(self, data: CompareData, n: int) -> None:
        runs: list[tuple[str, int, int]] = []  # workshop, first column, last column (1-based)
        keys: list[str] = []  # a run per workshop, never per name: two can share one
        for column, (record, (name, _)) in enumerate(zip(data.compared, data.shown,
                                                          strict=True), 1):
            key = workshop_key(record)
            if keys and keys[-1] == key:
                runs[-1] = (name, runs[-1][1], column)
            else:
                runs.append((name, column, column))
                keys.append(key)
        keys = _keys(len(runs)) if len(runs) > 1 else []
        self.groups.set_groups(runs, keys)
        self._legend = [f"<b>{key}</b> = {html.escape(name)}"
                        for key, (name, _first, _last) in zip(keys, runs, strict=True)
                        ] if keys else []
        self._wrap_legend()
        if keys:
            self.group_legend.setVisible(True)
            self.group_legend.setMaximumHeight(10_000)
        else:
            self.group_legend.setVisible(False)
            self.group_legend.setMaximumHeight(0)  # no empty line under a lone workshop
        xs, ys = [], []
        for _, first, _last in runs[1:]:
            xs += [first - 0.5, first - 0.5]
            ys += [0.5, n + 0.5]
        self.dividers.setData(xs, ys)

    def _wrap_legend(self, *_args) -> None:
        """The key line in as many lines as the scene's width needs (one long line made the
        scene wider than its view: the file was cut at the right)."""
        text = ""
        if self._legend:
            # the scene's side margins (ChartPanel: 8 and 16 at 1080p) and a little more
            room = max(300.0, self.graphics.viewport().width() - self.theme.px(24) - 24)
            metrics = QFontMetricsF(self.theme.font(13, bold=True))  # wide as the bold keys
            head, gap = "Workshops: ", " &nbsp;·&nbsp; "
            lines: list[str] = []
            line = head
            for entry in self._legend:
                longer = line + ("" if line == head else gap) + entry
                if line != head and metrics.horizontalAdvance(_plain(longer)) > room:
                    lines.append(line)
                    line = entry
                else:
                    line = longer
            lines.append(line)
            text = "<br>".join(lines)
        if text != self.group_legend.text:
            self.group_legend.setText(text)

    def _describe(self, x: float, y: float):
        col, row = int(round(x)) - 1, int(round(y)) - 1
        if self._data is None or not (0 <= row < self._matrix.shape[0]
                                      and 0 <= col < self._matrix.shape[1]):
            return None
        card = self._data.order[row]
        mean = self._data.comparison.mean_position.get(card)
        text = (f"{self._tables[col]}: {card} · {self._data.title(card)}\n"
                f"position {number_text(self._matrix[row, col], 1)} of {self._data.n_cards}"
                f" (mean over tables {number_text(mean)})")
        return text, col + 1.0, row + 1.0


def _keys(count: int) -> list[str]:
    """A, B, … Z, then AA, AB …: a short key for each workshop."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = []
    for i in range(count):
        key, i = "", i + 1
        while i:
            i, rest = divmod(i - 1, 26)
            key = letters[rest] + key
        out.append(key)
    return out


def _plain(line: str) -> str:
    return html.unescape(line.replace("<b>", "").replace("</b>", "").replace("&nbsp;", " "))


def _short_table(table: str) -> str:
    """"Table 3" → "T3" for a narrow column ("Table 1 (kiosk 3f2a)" → "T1 · 3f2a", a sheet
    typed in: "T1 · paper"); the top axis names the workshop, and the value line and the
    hover give the full name."""
    kiosk = re.fullmatch(r"(.*) \((?:kiosk (\S+)|(paper))\)", table)
    if kiosk:
        return f"{_short_table(kiosk.group(1))} · {kiosk.group(2) or kiosk.group(3)}"
    match = re.fullmatch(r"(?i)table\s*(\S+)(.*)", table)
    return f"T{match.group(1)}{match.group(2)}" if match else table


WHOLE = 12  # lines: a criterion of up to ~240 characters whole (a longer one ends in "…")


class AgreementChart(_HeatMapBase):
    """Kendall's τ-b between every pair of tables, tables clustered by similarity, with
    each table's primary criterion beside it, under the overall agreement figures."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("How alike the tables ranked (Kendall's τ-b)", theme, parent,
                         cell_pt=11)
        self.slug = "agreement"
        self.figures = self.graphics.addLabel("", row=0, col=0, colspan=2, justify="left",
                                              color="#1B2430", size=f"{theme.pt(16):.0f}pt")
        self.rows = self.category_axis("left", 13)
        self.columns = self.category_axis("bottom", 12)
        self.criteria = self.category_axis("right", 12)
        # Both sides write the same rows, so a name and a criterion on one line belong together.
        self.criteria.partner = self.rows
        self.rows.partner = self.criteria
        self.plot = self.new_plot(1, 0, left=self.rows, bottom=self.columns, right=self.criteria)
        self.plot.getViewBox().invertY(True)
        self.plot.addItem(self.image)
        self.plot.addItem(self.cells)
        self.graphics.addItem(self.key, row=1, col=1)
        self.label_axis(self.plot, "bottom", "tables (numbered as on the left)")
        if self.theme.scale >= 0.9:  # narrower screens: the figures line says it instead
            self.label_axis(self.plot, "right", "primary criterion")
        self.watch(self.plot, self._describe)
        self.column_window(self.plot, "tables (numbered as on the left)")
        self._data: CompareData | None = None
        self._matrix = np.zeros((0, 0))
        self._tables: list[str] = []
        self._primary: list[str] = []

    def show_data(self, data: CompareData) -> None:
        self._data = data
        c = data.comparison
        m = len(c.tables)
        line = html.escape(agreement_line(data))
        if self.theme.scale < 0.9:
            line += "<br>On the right: each table's primary criterion."
        self.figures.setText(line)
        order = data.table_order if len(data.table_order) == m else list(range(m))
        tau = np.asarray(c.tau_b, dtype=float).reshape(m, m)[np.ix_(order, order)] if m else \
            np.zeros((0, 0))
        self._matrix = tau
        self._tables = [c.tables[i] for i in order]
        self._primary = [data.primary[i] if i < len(data.primary) else "" for i in order]
        # On a smaller screen (the fonts do not shrink below 12 pt) the names and criteria
        # take two shorter lines, which leaves the matrix room for every column's number.
        narrow = self.theme.scale < 0.9
        self.rows.set_labels([wrap(f"{k}. {t}", 20) if narrow else f"{k}. {t}"
                              for k, t in enumerate(self._tables, 1)])
        self.columns.set_labels([str(k) for k in range(1, m + 1)])
        # A criterion is written whole, on as many lines as it takes (a touchscreen has no
        # tooltip to hover for the rest); the rows grow to hold the longest.
        self.criteria.set_labels([wrap(p, 20 if narrow else 34, WHOLE) if p
                                  else "(none marked)" for p in self._primary])
        self.fit_labels(self.plot, [self.rows, self.criteria], m, m)
        if m == 0:
            self.image.clear()
            self.cells.set_cells([], [], [], [])
            self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        else:
            self.image.setImage(tau, levels=(-1.0, 1.0), lut=self._lut, autoLevels=False)
            self.image.setRect(QRectF(0.5, 0.5, m, m))
            ys, xs = np.mgrid[1: m + 1, 1: m + 1]
            flat = tau.ravel()
            self.cells.set_cells(xs.ravel(), ys.ravel(), [f"{v:.2f}" for v in flat],
                                 self._inks_for(flat, -1.0, 1.0))
            self.plot.setRange(xRange=(0.5, m + 0.5), yRange=(0.5, m + 0.5), padding=0)
            self.fit_columns(self.plot, self.columns, m)
            # square cells: rows as tall as the columns are wide (a file keeps a slide's
            # shape, and each cell is as good a target for a finger both ways)
            self.rows.min_extent = self.criteria.min_extent = self.columns.min_extent
        self.key.set_range(-1.0, 1.0, [(-1.0, "−1 opposite"), (0.0, "0"), (1.0, "1 identical")],
                           self.cmap, top_is_low=False)

    def _describe(self, x: float, y: float):
        col, row = int(round(x)) - 1, int(round(y)) - 1
        m = self._matrix.shape[0]
        if not (0 <= row < m and 0 <= col < m):
            return None
        text = (f"τ-b = {self._matrix[row, col]:.2f} between\n{row + 1}. {self._tables[row]}"
                f" and {col + 1}. {self._tables[col]}")
        if self._primary[row] or self._primary[col]:
            text += (f"\nprimary: {self._primary[row] or '–'} | {self._primary[col] or '–'}")
        return text, col + 1.0, row + 1.0


def agreement_line(data: CompareData) -> str:
    """The overall agreement figures in one line, as the summary strip shows them."""
    c = data.comparison
    parts = [f"Kendall's W = {number_text(c.kendall_w, 3) if c.kendall_w is not None else '–'}"]
    if c.chi2 is not None:
        parts.append(f"χ² = {c.chi2:.2f} (df {data.n_cards - 1})")
    parts.append(p_text(c.p_value))
    parts.append(counted(len(c.tables), "table"))
    parts.append(f"{len(c.left_out)} left out (incomplete)")
    return " · ".join(parts)
