"""Bar-style charts: spread of positions per card, criteria frequency, time and moves."""

from __future__ import annotations

import statistics

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.analysis.figures import CompareData, CriterionCount, TableEffort
from kiosk.analysis.wording import counted, number_text
from kiosk.ui import theme as th
from kiosk.ui.charts.axes import wrap
from kiosk.ui.charts.palette import OKABE_ITO
from kiosk.ui.charts.panel import ChartPanel
from kiosk.ui.theme import Theme


class SpreadChart(ChartPanel):
    """Mean position per card with its range (min–max) and ± one standard deviation."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Mean position and spread per card", theme, parent)
        self.slug = "spread"
        self.legend = self.graphics.addLabel("", row=0, col=0, justify="left", color=th.INK,
                                             size=f"{theme.pt(13):.0f}pt")
        self.rows = self.category_axis("left", 14)
        self.values = self.category_axis("right", 13)
        self.rows.partner, self.values.partner = self.values, self.rows
        self.plot = self.new_plot(1, 0, left=self.rows, right=self.values)
        self.plot.getViewBox().invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.ranges = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(th.INK_SOFT, width=3))
        self.sd_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.38,
                                       brush=pg.mkBrush(OKABE_ITO["sky"]),
                                       pen=pg.mkPen(OKABE_ITO["blue"], width=1))
        self.means = pg.ScatterPlotItem(size=theme.px(16), symbol="o",
                                        brush=pg.mkBrush(OKABE_ITO["blue"]),
                                        pen=pg.mkPen("#FFFFFF", width=2))
        self.contested = pg.ScatterPlotItem(size=theme.px(26), symbol="d",
                                            brush=pg.mkBrush(OKABE_ITO["vermillion"]),
                                            pen=pg.mkPen(th.INK, width=1.5))
        for item in (self.ranges, self.sd_bars, self.means, self.contested):
            self.plot.addItem(item)
        self.watch(self.plot, self._describe)
        self._data: CompareData | None = None

    def show_data(self, data: CompareData) -> None:
        self._data = data
        c = data.comparison
        n = data.n_cards
        cards = [card for card in data.order if card in c.spread]
        ys = np.arange(1, len(cards) + 1, dtype=float)
        spread = [c.spread[card] for card in cards]
        lows = np.array([s.minimum for s in spread])
        highs = np.array([s.maximum for s in spread])
        means = np.array([s.mean for s in spread])
        sds = np.array([s.sd for s in spread])
        self.title.setText(f"Mean position and spread per card — 1 = {data.most_word()}, "
                           f"{n} = {data.least_word()}; cards in {data.order_name} order")
        self.legend.setText(
            f"<span style='color:{OKABE_ITO['blue']}'>●</span> mean &nbsp;&nbsp;"
            f"<span style='color:{OKABE_ITO['sky']}'>■</span> mean ± 1 population sd "
            "&nbsp;&nbsp;"
            f"<span style='color:{th.INK_SOFT}'>━</span> lowest to highest position &nbsp;&nbsp;"
            f"<span style='color:{OKABE_ITO['vermillion']}'>◆</span> most contested "
            f"(largest spread)<br>Rows in {data.order_name} order, not by mean &nbsp;·&nbsp; "
            f"population sd over the {counted(len(c.tables), 'table')} compared")
        pairs_x = np.column_stack([lows, highs]).ravel() if cards else np.zeros(0)
        pairs_y = np.repeat(ys, 2)
        self.ranges.setData(pairs_x, pairs_y)
        # Positions run 1..n, so the ± sd band is drawn within them (the numbers on the right
        # are not clipped).
        self.sd_bars.setOpts(x0=np.clip(means - sds, 1, n), x1=np.clip(means + sds, 1, n), y=ys,
                             height=0.38)
        self.means.setData(means, ys)
        self.rows.set_labels([wrap(f"{card} · {data.title(card)}", 30) for card in cards],
                             [wrap(f"{card} · {data.title(card)}", 34, 1) for card in cards])
        # The word sits in the value column, where it always has room.
        self.values.set_labels([
            f"{m:.2f} ± {s:.2f}" + ("  ◆ most contested" if card == c.most_contested else "")
            for card, m, s in zip(cards, means, sds, strict=True)])
        self.fit_labels(self.plot, [self.rows, self.values], len(cards), len(cards) + 0.2)
        if c.most_contested in cards:
            i = cards.index(c.most_contested)
            self.contested.setData([means[i]], [ys[i]])
        else:
            self.contested.setData([], [])
        self.plot.setRange(xRange=(0.5, max(n, 2) + 0.5), yRange=(0.4, max(len(cards), 1) + 0.6),
                           padding=0)
        self.plot.getAxis("bottom").setTicks([[(float(k), str(k)) for k in range(1, n + 1)]])
        self.label_axis(self.plot, "bottom",
                        f"position (1 = {data.most_word()}, {n} = {data.least_word()})")

    def _describe(self, x: float, y: float):
        if self._data is None:
            return None
        c = self._data.comparison
        cards = [card for card in self._data.order if card in c.spread]
        row = int(round(y)) - 1
        if not 0 <= row < len(cards):
            return None
        card = cards[row]
        s = c.spread[card]
        contested = " — most contested" if card == c.most_contested else ""
        text = (f"{card} · {self._data.title(card)}{contested}\nmean {s.mean:.2f}, "
                f"lowest {number_text(s.minimum, 1)}, highest {number_text(s.maximum, 1)}, "
                f"population sd {s.sd:.2f} ({counted(len(c.tables), 'table')})")
        return text, s.mean, row + 1.0


class CriteriaChart(ChartPanel):
    """How many tables stated each criterion, suggested chips and own words apart."""

    MAX_OWN = 12

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Criteria the tables stated", theme, parent)
        self.slug = "criteria"
        self.legend = self.graphics.addLabel("", row=0, col=0, justify="left", color=th.INK,
                                             size=f"{theme.pt(13):.0f}pt")
        self.rows = self.category_axis("left", 13)
        self.counts = self.category_axis("right", 13)
        self.rows.partner, self.counts.partner = self.counts, self.rows
        self.plot = self.new_plot(1, 0, left=self.rows, right=self.counts)
        self.plot.getViewBox().invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.bars = pg.BarGraphItem(x0=[], width=[], y=[], height=0.7, pen=pg.mkPen(None))
        self.primary_bars = pg.BarGraphItem(x0=[], width=[], y=[], height=0.22,
                                            brush=pg.mkBrush(th.INK), pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.plot.addItem(self.primary_bars)
        self.empty = self.text_item("", size_pt=16, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty, ignoreBounds=True)
        self.watch(self.plot, self._describe)
        self._shown: list[CriterionCount] = []
        self._tables = 0

    def show_data(self, data: CompareData) -> None:
        suggested = [c for c in data.criteria if c.origin == "suggested"]
        own = [c for c in data.criteria if c.origin == "own"]
        hidden = max(0, len(own) - self.MAX_OWN)
        shown = suggested + own[: self.MAX_OWN]
        self._shown = shown
        self._tables = len(data.records)
        lens_title = data.lens.title if data.lens else data.lens_id
        self.title.setText(f"Criteria the tables stated — {lens_title} lens, "
                           f"{counted(len(data.records), 'ranking')}")
        more = f" &nbsp;·&nbsp; {hidden} more own criteria not shown" if hidden else ""
        self.legend.setText(
            f"<span style='color:{OKABE_ITO['blue']}'>■</span> suggested criterion (a chip) "
            f"&nbsp;&nbsp;<span style='color:{OKABE_ITO['orange']}'>■</span> "
            f"the table's own words (marked “own:”) &nbsp;&nbsp;"
            f"<span style='color:{th.INK}'>▬</span> marked as primary{more}")
        ys = np.arange(1, len(shown) + 1, dtype=float)
        counts = np.array([c.tables for c in shown], dtype=float)
        primaries = np.array([c.primary for c in shown], dtype=float)
        brushes = [pg.mkBrush(OKABE_ITO["blue"] if c.origin == "suggested" else OKABE_ITO["orange"])
                   for c in shown]
        self.bars.setOpts(x0=np.zeros(len(shown)), width=counts, y=ys, height=0.7,
                          brushes=brushes)
        self.primary_bars.setOpts(x0=np.zeros(len(shown)), width=primaries, y=ys, height=0.22)
        # One line per criterion so that every bar keeps its label (the value line has the
        # full text).
        self.rows.set_labels([wrap(("own: " if c.origin == "own" else "") + c.text, 46, 1)
                              for c in shown])
        self.counts.set_labels([f"{c.tables}" + (f" ({c.primary} primary)" if c.primary else "")
                                for c in shown])
        self.fit_labels(self.plot, [self.rows, self.counts], len(shown), len(shown) + 0.2)
        top = max(1.0, float(counts.max()) if len(counts) else 1.0)
        if shown:
            self.empty.setText("")
        else:
            self.empty.setText("No criteria stated in this selection.")
            self.empty.setPos(top / 2, 1)
        self.plot.setRange(xRange=(0, top * 1.05), yRange=(0.4, max(len(shown), 1) + 0.6),
                           padding=0)
        self.plot.getAxis("bottom").setTicks(
            [[(float(k), str(k)) for k in range(0, int(top) + 1, max(1, int(top) // 10))]])
        self.label_axis(self.plot, "bottom", "number of rankings that stated it")

    def _describe(self, x: float, y: float):
        row = int(round(y)) - 1
        if not 0 <= row < len(self._shown):
            return None
        c = self._shown[row]
        kind = "the table's own words" if c.origin == "own" else "suggested"
        text = (f"{c.text} ({kind})\nstated in {c.tables} of {counted(self._tables, 'ranking')}; "
                f"primary in {c.primary}")
        return text, float(c.tables), row + 1.0


class EffortChart(ChartPanel):
    """Time to agree (first move to save) and number of card moves, per table. Axis words
    stay short: at 1366 px the two plots' labels would otherwise run into each other.
    A tap's read-out goes in the line under the chart (each row's numbers are also written
    at its right): floating over packed rows it would cover the bars above or below."""

    floating_read_out = False

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Time to agree and card moves per table", theme, parent)
        self.slug = "time-and-moves"
        self.rows = self.category_axis("left", 13)
        self.values = self.category_axis("right", 13)
        self.rows.partner, self.values.partner = self.values, self.rows
        self.time_plot = self.new_plot(0, 0, left=self.rows)
        self.moves_plot = self.new_plot(0, 1, right=self.values)
        self.moves_plot.hideAxis("left")
        self.moves_plot.setYLink(self.time_plot)
        for plot in (self.time_plot, self.moves_plot):
            plot.getViewBox().invertY(True)
            plot.showGrid(x=True, y=False, alpha=0.25)
        self.time_bars = pg.BarGraphItem(x0=[], width=[], y=[], height=0.7,
                                         brush=pg.mkBrush(OKABE_ITO["blue"]), pen=pg.mkPen(None))
        self.moves_bars = pg.BarGraphItem(x0=[], width=[], y=[], height=0.7,
                                          brush=pg.mkBrush(OKABE_ITO["vermillion"]),
                                          pen=pg.mkPen(None))
        self.time_plot.addItem(self.time_bars)
        self.moves_plot.addItem(self.moves_bars)
        dash = pg.mkPen(th.INK, width=2, style=Qt.PenStyle.DashLine)
        self.time_median = pg.InfiniteLine(angle=90, pen=dash)
        self.moves_median = pg.InfiniteLine(angle=90, pen=dash)
        self.time_plot.addItem(self.time_median, ignoreBounds=True)
        self.moves_plot.addItem(self.moves_median, ignoreBounds=True)
        self.graphics.ci.layout.setColumnStretchFactor(0, 3)
        self.graphics.ci.layout.setColumnStretchFactor(1, 2)
        self.watch(self.time_plot, self._describe)
        self.watch(self.moves_plot, self._describe)
        self._effort: list[TableEffort] = []

    def show_data(self, data: CompareData) -> None:
        effort = data.effort
        self._effort = effort
        lens_title = data.lens.title if data.lens else data.lens_id
        self.title.setText(f"Time to agree (first move to saving) and card moves per table — "
                           f"{lens_title} lens")
        ys = np.arange(1, len(effort) + 1, dtype=float)
        minutes = np.array([(e.duration_s or 0) / 60 for e in effort], dtype=float)
        moves = np.array([e.moves or 0 for e in effort], dtype=float)
        self.time_bars.setOpts(x0=np.zeros(len(effort)), width=minutes, y=ys, height=0.7)
        self.moves_bars.setOpts(x0=np.zeros(len(effort)), width=moves, y=ys, height=0.7)
        self.rows.set_labels([e.label for e in effort])
        self.values.set_labels([_effort_text(e) for e in effort])
        self.fit_labels(self.time_plot, [self.rows, self.values], len(effort),
                        len(effort) + 0.2)
        timed = [e.duration_s / 60 for e in effort if e.duration_s is not None]
        counted = [e.moves for e in effort if e.moves is not None]
        for plot, line, values, what, unit, digits in (
                (self.time_plot, self.time_median, timed, "minutes to agree", "", 1),
                (self.moves_plot, self.moves_median, counted, "card moves", "", 0)):
            if values:
                middle = statistics.median(values)
                line.setValue(middle)
                line.show()
                unit_text = f" {unit}" if unit else ""
                self.label_axis(plot, "bottom",
                                f"{what} (- - median {middle:.{digits}f}{unit_text})")
            else:
                line.hide()
                self.label_axis(plot, "bottom", what)
        rows = (0.4, max(len(effort), 1) + 0.6)
        self.time_plot.setRange(xRange=(0, max(1.0, float(minutes.max(initial=0))) * 1.05),
                                yRange=rows, padding=0)
        self.moves_plot.setRange(xRange=(0, max(1.0, float(moves.max(initial=0))) * 1.05),
                                 yRange=rows, padding=0)

    def _describe(self, x: float, y: float):
        row = int(round(y)) - 1
        if not 0 <= row < len(self._effort):
            return None
        e = self._effort[row]
        return f"{e.label}\n{_effort_text(e)}", x, row + 1.0


def _effort_text(e) -> str:
    if e.duration_s is None and e.moves is None:
        return "no timing (paper or import)"
    minutes = "–" if e.duration_s is None else f"{e.duration_s / 60:.1f} min"
    moves = "–" if e.moves is None else f"{e.moves} moves"
    return f"{minutes} · {moves}"
