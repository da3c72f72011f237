"""Two charts for the honest reading of a small group: the equally good Kemeny orders (with
the cards that change place among them marked) and what card tags go with a lens's
positions. The words come from `kiosk.analysis.small_groups`, as in the report."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.analysis.attributes import AttributeEffect
from kiosk.analysis.consensus import MAX_KEMENY_CARDS
from kiosk.analysis.figures import CompareData
from kiosk.analysis.optima import MAX_LISTED_ORDERS
from kiosk.analysis.small_groups import (
    SWAP_MARK,
    distance_text,
    optima_text,
    swapping_text,
    tag_label,
    tags_caution,
)
from kiosk.analysis.wording import counted
from kiosk.ui import theme as th
from kiosk.ui.charts.axes import wrap
from kiosk.ui.charts.maps import ordinal
from kiosk.ui.charts.palette import GRID, OKABE_ITO
from kiosk.ui.charts.panel import ChartPanel
from kiosk.ui.theme import Theme

SWAP_FILL = "#F6D9A8"  # a light Okabe–Ito orange: the card changes place among the optima
FIXED_FILL = "#EEF2F6"


def signed(value: float) -> str:
    """"+0.42", "-0.10", and "0.00" for a difference that rounds to none (no sign)."""
    return "0.00" if round(value, 2) == 0 else f"{value:+.2f}"


class OptimaChart(ChartPanel):
    """The optimal Kemeny orders side by side (up to 10, the chosen one first): one column
    per order, one row per place. A card that changes place between optimal orders is
    filled orange and marked ↕; the left axis names the chosen order's cards."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Equally good consensus orders", theme, parent)
        self.slug = "equally-good-orders"
        self.legend = self.graphics.addLabel("", row=0, col=0, justify="left", color=th.INK,
                                             size=f"{theme.pt(13):.0f}pt")
        self.rows = self.category_axis("left", 14)
        self.columns = self.category_axis("top", 13)
        self.plot = self.new_plot(1, 0, left=self.rows)
        self.plot.setAxisItems({"top": self.columns})
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        self.plot.getViewBox().invertY(True)
        self.cells = pg.BarGraphItem(x0=[], y=[], width=[], height=[], pen=pg.mkPen(GRID))
        self.plot.addItem(self.cells)
        self.texts: list[pg.TextItem] = []
        self.empty = self.text_item("", size_pt=16, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty, ignoreBounds=True)
        self.watch(self.plot, self._describe)
        self._data: CompareData | None = None

    def _text_items(self, count: int) -> list[pg.TextItem]:
        while len(self.texts) < count:
            item = self.text_item("", size_pt=14, anchor=(0.5, 0.5), bold=True)
            self.plot.addItem(item, ignoreBounds=True)
            self.texts.append(item)
        return self.texts

    def show_data(self, data: CompareData) -> None:
        self._data = data
        c = data.comparison
        orders = [list(order) for order in c.kemeny_orders] if c.tables else []
        swapping = set(c.kemeny_swapping)
        n = len(c.kemeny) if orders else 0
        if orders:
            self.title.setText(f"Kemeny consensus — {optima_text(c)} "
                               f"({distance_text(c)})")
            more = ""
            if (c.kemeny_optima or 0) > len(orders):
                more = f" &nbsp;·&nbsp; the first {len(orders)} of {c.kemeny_optima:,} shown"
            moving = swapping_text(c)
            mark = (f"<span style='color:{OKABE_ITO['orange']}'>■</span> {SWAP_MARK} {moving}"
                    if moving else "no card changes place: every optimal order is the same")
            self.legend.setText(
                f"{mark}"
                f" &nbsp;·&nbsp; column 1 is the order shown elsewhere{more}")
        else:
            self.title.setText("Equally good consensus orders")
            self.legend.setText("")
        xs, ys, fills, labels = [], [], [], []
        for column, order in enumerate(orders, 1):
            for place, card in enumerate(order, 1):
                xs.append(float(column))
                ys.append(float(place))
                fills.append(pg.mkBrush(SWAP_FILL if card in swapping else FIXED_FILL))
                labels.append(f"{card}{' ' + SWAP_MARK if card in swapping else ''}")
        width = np.full(len(xs), 0.92)
        self.cells.setOpts(x0=np.array(xs) - 0.46, y=np.array(ys), width=width,
                           height=np.full(len(xs), 0.86), brushes=fills)
        # Room for the most orders a deck of this size can list, made once: a new selection
        # of the same deck then only changes texts, never adds items to the scene.
        room = MAX_LISTED_ORDERS * len(c.cards) if len(c.cards) <= MAX_KEMENY_CARDS else 0
        items = self._text_items(max(len(labels), room))
        for i, item in enumerate(items):
            if i < len(labels):
                item.setText(labels[i])
                item.setPos(xs[i], ys[i])
                item.show()
            else:
                item.hide()
        chosen = orders[0] if orders else []
        self.rows.set_labels(
            [wrap(f"{ordinal(k)}: {card} · {data.title(card)}"
                  + (f" {SWAP_MARK}" if card in swapping else ""), 36)
             for k, card in enumerate(chosen, 1)],
            [wrap(f"{ordinal(k)}: {card} · {data.title(card)}", 30, 1)
             for k, card in enumerate(chosen, 1)])
        self.columns.set_labels(["shown"] + [f"#{k}" for k in range(2, len(orders) + 1)])
        # Every place and every order keeps its label: the scene asks for the room.
        self.fit_labels(self.plot, [self.rows], n, n + 0.2)
        self.fit_labels(self.plot, [self.columns], len(orders), len(orders) + 0.2)
        if orders:
            self.empty.setText("")
        elif c.tables:
            self.empty.setText("The deck is too large for the exact Kemeny order.")
            self.empty.setPos(1.0, 1.0)
        else:
            self.empty.setText("No complete rankings in this selection.")
            self.empty.setPos(1.0, 1.0)
        self.plot.setRange(xRange=(0.4, max(len(orders), 1) + 0.6),
                           yRange=(0.4, max(n, 1) + 0.6), padding=0)

    def _describe(self, x: float, y: float):
        if self._data is None:
            return None
        c = self._data.comparison
        column, place = int(round(x)) - 1, int(round(y)) - 1
        if not (0 <= column < len(c.kemeny_orders) and 0 <= place < len(c.kemeny)):
            return None
        card = c.kemeny_orders[column][place]
        places = c.kemeny_places.get(card, [])
        where = (f"changes place among the optima: places {', '.join(map(str, places))}"
                 if len(places) > 1 else "at this place in every optimal order")
        text = (f"Order {'shown' if column == 0 else '#' + str(column + 1)}, place "
                f"{place + 1}: {card} · {self._data.title(card)}\n{where}")
        return text, float(column + 1), float(place + 1)


class AttributesChart(ChartPanel):
    """What drives the lens: for each card tag value, the cards' mean position with it minus
    without it. A bar to the left: the cards with the tag sit nearer position 1."""

    MAX_ROWS = 16

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("What drives this lens: card tags", theme, parent)
        self.slug = "card-tags"
        # The caution is a sentence or two: a label that wraps, under the title (a label
        # inside the scene would not wrap and would widen the chart).
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setFont(theme.font(14))
        self.note.setStyleSheet(f"color: {th.INK}; font-size: {theme.pt(14):.1f}pt;")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.note)
        self.legend = self.graphics.addLabel("", row=0, col=0, justify="left", color=th.INK,
                                             size=f"{theme.pt(13):.0f}pt")
        self.rows = self.category_axis("left", 13)
        self.values = self.category_axis("right", 13)
        self.rows.partner, self.values.partner = self.values, self.rows
        self.plot = self.new_plot(1, 0, left=self.rows, right=self.values)
        self.plot.getViewBox().invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.bars = pg.BarGraphItem(x0=[], width=[], y=[], height=0.66, pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.zero = pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen(th.INK, width=2))
        self.plot.addItem(self.zero, ignoreBounds=True)
        self.empty = self.text_item("", size_pt=16, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty, ignoreBounds=True)
        self.watch(self.plot, self._describe)
        self._shown: list[AttributeEffect] = []
        self._data: CompareData | None = None

    def show_data(self, data: CompareData) -> None:
        self._data = data
        c = data.comparison
        effects = list(c.attributes)
        shown = effects[: self.MAX_ROWS]
        self._shown = shown
        most = data.most_word()
        self.title.setText(f"What drives this lens — mean position of the cards with a tag "
                           f"minus those without it, {counted(len(c.tables), 'table')}")
        hidden = len(effects) - len(shown)
        more = f" {hidden} smaller differences not shown." if hidden > 0 else ""
        self.legend.setText(
            f"<span style='color:{OKABE_ITO['blue']}'>■</span> nearer 1 = {most} "
            f"&nbsp;&nbsp;<span style='color:{OKABE_ITO['orange']}'>■</span> further from 1")
        self.note.setText(tags_caution(c) + more)
        ys = np.arange(1, len(shown) + 1, dtype=float)
        diffs = np.array([e.difference for e in shown], dtype=float)
        brushes = [pg.mkBrush(GRID if round(d, 2) == 0 else
                              OKABE_ITO["blue"] if d < 0 else OKABE_ITO["orange"])
                   for d in diffs]
        self.bars.setOpts(x0=np.minimum(diffs, 0), width=np.abs(diffs), y=ys, height=0.66,
                          brushes=brushes)
        self.rows.set_labels([wrap(tag_label(e), 50, 1) for e in shown])
        self.values.set_labels([f"{signed(e.difference)} ({e.mean_with:.2f} vs "
                                f"{e.mean_without:.2f})" for e in shown])
        self.fit_labels(self.plot, [self.rows, self.values], len(shown), len(shown) + 0.2)
        reach = max(1.0, float(np.abs(diffs).max(initial=0.0)) * 1.1)
        if shown:
            self.empty.setText("")
        else:
            self.empty.setText(tags_caution(c))
            self.empty.setPos(0.0, 1.0)
        self.plot.setRange(xRange=(-reach, reach), yRange=(0.4, max(len(shown), 1) + 0.6),
                           padding=0)
        self.label_axis(self.plot, "bottom", "difference in mean position (with − without); "
                                             f"left = nearer 1 ({most})")

    def set_print_mode(self, on: bool) -> None:
        super().set_print_mode(on)
        self.note.setVisible(not on)  # a file carries it under its title (`export_note`)

    def export_note(self) -> str:
        return self.note.text()

    def _describe(self, x: float, y: float):
        row = int(round(y)) - 1
        if not 0 <= row < len(self._shown):
            return None
        e = self._shown[row]
        text = (f"{tag_label(e)}\nmean position {e.mean_with:.2f} with it, "
                f"{e.mean_without:.2f} without: {e.difference:+.2f}")
        return text, e.difference, row + 1.0

