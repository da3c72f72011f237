"""The benefit-versus-risk map and the side-by-side consensus orders."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from kiosk.analysis.figures import CompareData
from kiosk.analysis.wording import counted, number_text
from kiosk.ui import theme as th
from kiosk.ui.charts.axes import wrap
from kiosk.ui.charts.items import ColourKey
from kiosk.ui.charts.palette import OKABE_ITO, colour_map
from kiosk.ui.charts.panel import ChartPanel
from kiosk.ui.theme import Theme

NO_COLOUR = "#FFFFFF"


class _TextPool:
    """TextItems reused across updates, so a new selection never adds scene items."""

    def __init__(self, panel: ChartPanel, plot: pg.PlotItem, size_pt: float,
                 anchor: tuple[float, float], bold: bool = False, fill: str | None = None) -> None:
        self._panel, self._plot = panel, plot
        self._size, self._anchor, self._bold, self._fill = size_pt, anchor, bold, fill
        self.items: list[pg.TextItem] = []

    def show(self, entries: list[tuple[str, float, float]], colour: str = th.INK,
             anchors: list[tuple[float, float]] | None = None) -> None:
        while len(self.items) < len(entries):
            item = self._panel.text_item("", colour=colour, size_pt=self._size,
                                         anchor=self._anchor, bold=self._bold,
                                         fill=self._fill)
            self._plot.addItem(item, ignoreBounds=True)
            self.items.append(item)
        for i, item in enumerate(self.items):
            if i < len(entries):
                text, x, y = entries[i]
                item.setText(text)
                item.setColor(colour)
                if anchors:
                    item.setAnchor(anchors[i])
                item.setPos(x, y)
                item.show()
            else:
                item.hide()


class BenefitRiskMap(ChartPanel):
    """Each card at (mean risk position, mean benefit position) over the chosen workshops,
    coloured by its mean acceptability position. Axes run so that up is more beneficial and
    right is more risky (position 1 = most, so both axes are inverted)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Benefit versus risk", theme, parent)
        self.slug = "benefit-risk-map"
        # A squashed map leaves its names no room beside their dots: it scrolls instead
        # (taller where the names are larger than the screen's scale makes them: no text
        # under 18 px).
        grown = theme.pt(13) / max(13 * theme.scale, 1e-6)
        self.keep_height(620 * min(max(grown, 1.0), 1.6))
        self.cmap = colour_map()
        self._lut = self.cmap.getLookupTable(nPts=256)
        self.counts = self.graphics.addLabel("", row=0, col=0, colspan=2, justify="left",
                                             color=th.INK, size=f"{theme.pt(13):.0f}pt")
        self.plot = self.new_plot(1, 0)
        view = self.plot.getViewBox()
        view.invertX(True)
        view.invertY(True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.label_axis(self.plot, "bottom", "risk: mean position  (→ more risky)")
        self.label_axis(self.plot, "left", "benefit: mean position  (↑ more beneficial)")
        dash = pg.mkPen(th.INK_SOFT, width=2, style=Qt.PenStyle.DashLine)
        self.mid_x = pg.InfiniteLine(angle=90, pen=dash)
        self.mid_y = pg.InfiniteLine(angle=0, pen=dash)
        self.plot.addItem(self.mid_x, ignoreBounds=True)
        self.plot.addItem(self.mid_y, ignoreBounds=True)
        self.quadrants = _TextPool(self, self.plot, 15, (0, 0), bold=True)
        self.points = pg.ScatterPlotItem(size=theme.px(30), symbol="o",
                                         pen=pg.mkPen(th.INK, width=2))
        self.plot.addItem(self.points)
        # Thin lines from a dot to its name where the name had to sit further out.
        self.leaders = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(th.INK_SOFT, width=1))
        self.plot.addItem(self.leaders, ignoreBounds=True)
        # A light backing keeps a name legible where it crosses a grid or quadrant line.
        self.names = _TextPool(self, self.plot, 13, (0, 0.5), fill="#FFFFFFB8")
        self.key = ColourKey(theme.font(12), width=theme.px(24))
        self.graphics.addItem(self.key, row=1, col=1)
        self.key_note = self.graphics.addLabel("", row=2, col=0, colspan=2, justify="left",
                                               color=th.INK, size=f"{theme.pt(12):.0f}pt")
        self.empty = self.text_item("", size_pt=16, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty, ignoreBounds=True)
        self.watch(self.plot, self._describe)
        self._data: CompareData | None = None
        view.sigResized.connect(self._place_labels)
        view.sigRangeChanged.connect(self._place_labels)

    def _colour(self, value: float | None, n: int) -> QColor:
        if value is None:
            return QColor(NO_COLOUR)
        step = int(round((value - 1) / max(n - 1, 1) * 255))
        r, g, b = (int(c) for c in self._lut[max(0, min(255, step))][:3])
        return QColor(r, g, b)

    def show_data(self, data: CompareData) -> None:
        self._data = data
        info = data.map
        n = max(info.cards, 2)
        self.title.setText(f"Benefit versus risk — {data.deck.title}: each card at its mean "
                           "positions, colour = mean acceptability")
        self.counts.setText(f"benefit: {counted(info.benefit_tables, 'table')} &nbsp;·&nbsp; "
                            f"risk: {counted(info.risk_tables, 'table')} &nbsp;·&nbsp; "
                            f"acceptability: {counted(info.acceptability_tables, 'table')}")
        lo, hi = 0.5, n + 0.5
        mid = (n + 1) / 2
        self.mid_x.setValue(mid)
        self.mid_y.setValue(mid)
        self.plot.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        ticks = [[(float(k), str(k)) for k in range(1, n + 1)]]
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.getAxis("left").setTicks(ticks)
        # Inverted axes: small positions sit top (benefit) and right (risk).
        pad = 0.08
        self.quadrants.show(
            [("HIGH BENEFIT · LOW RISK", hi - pad, lo + pad),
             ("HIGH BENEFIT · HIGH RISK", lo + pad, lo + pad),
             ("LOW BENEFIT · LOW RISK", hi - pad, hi - pad),
             ("LOW BENEFIT · HIGH RISK", lo + pad, hi - pad)],
            colour=th.INK_SOFT, anchors=[(0, 0), (1, 0), (0, 1), (1, 1)])
        points = info.points
        xs = np.array([p.risk for p in points], dtype=float)
        ys = np.array([p.benefit for p in points], dtype=float)
        brushes = [pg.mkBrush(self._colour(p.acceptability, n)) for p in points]
        self.points.setData(xs, ys, brush=brushes)
        self.names.show([(wrap(f"{p.card} · {data.title(p.card)}", 24), p.risk, p.benefit)
                         for p in points], anchors=[(0.0, 0.0)] * len(points))
        self._place_labels()
        self.key.set_range(1, n, [(1, f"1 {info.most_acceptable}"),
                                  (n, f"{n} {info.least_acceptable}")], self.cmap)
        missing = [p.card for p in points if p.acceptability is None]
        note = "Colour: mean acceptability position (dark = most acceptable)."
        if missing:
            note += (" White dots: no acceptability ranking yet"
                     f" ({', '.join(missing)}).")
        self.key_note.setText(note)
        if points:
            self.empty.setText("")
        else:
            self.empty.setText("The map needs benefit and risk rankings of this deck\n"
                               "in the chosen workshops.")
            self.empty.setPos(mid, mid)

    def _place_labels(self) -> None:
        """Put each card's name where it covers no dot, no other name and no quadrant word,
        and stays inside the plot: beside its dot if there is room (right, left, below,
        above, then the corners), else further out in rings with a thin line back to the
        dot. Greedy in screen pixels, the most crowded dots first."""
        if self._data is None or len(self.names.items) < len(self._data.map.points):
            return
        view = self.plot.getViewBox()
        bounds = view.sceneBoundingRect()
        if bounds.width() < 10 or bounds.height() < 10:
            return  # not laid out yet; sigResized calls again
        points = self._data.map.points
        radius = self.points.opts["size"] / 2 + 3
        centres = [view.mapViewToScene(QPointF(p.risk, p.benefit)) for p in points]
        obstacles = [QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius)
                     for c in centres]
        obstacles += [q.sceneBoundingRect() for q in self.quadrants.items if q.isVisible()]

        def crowding(i: int) -> float:
            c = centres[i]
            return -sum(1.0 / (1.0 + (c.x() - o.x()) ** 2 + (c.y() - o.y()) ** 2)
                        for k, o in enumerate(centres) if k != i)

        leaders: list[float] = []
        for i in sorted(range(len(points)), key=crowding):
            item = self.names.items[i]
            size = item.textItem.mapRectToParent(item.textItem.boundingRect())
            best = _free_spot(centres[i], radius, size.width(), size.height(), obstacles,
                              bounds)
            obstacles.append(best)
            item.setAnchor((0.0, 0.0))
            item.setPos(view.mapSceneToView(best.topLeft() - size.topLeft()))
            near = best.adjusted(-radius, -radius, radius, radius)
            if not near.contains(centres[i]):  # moved out: a line back to its dot
                start = view.mapSceneToView(centres[i])
                end = view.mapSceneToView(_nearest_on(best, centres[i]))
                leaders += [start.x(), start.y(), end.x(), end.y()]
        self.leaders.setData(leaders[0::2], leaders[1::2])

    def _describe(self, x: float, y: float):
        if self._data is None or not self._data.map.points:
            return None
        points = self._data.map.points
        distances = [(p.risk - x) ** 2 + (p.benefit - y) ** 2 for p in points]
        best = int(np.argmin(distances))
        if distances[best] > 0.35 ** 2:
            return None
        p = points[best]
        text = (f"{p.card} · {self._data.title(p.card)}\nbenefit mean {p.benefit:.2f} · risk "
                f"mean {p.risk:.2f} · acceptability mean {number_text(p.acceptability)}")
        return text, p.risk, p.benefit


def _free_spot(c: QPointF, radius: float, w: float, h: float, obstacles: list[QRectF],
               bounds: QRectF) -> QRectF:
    """The first place for a w × h name around the dot at `c` that overlaps nothing, trying
    nearer places first; the least overlapping one when none is free."""
    def cost(rect: QRectF) -> float:
        total = 0.0
        for other in obstacles:
            overlap = rect.intersected(other)
            total += overlap.width() * overlap.height()
        inside = rect.intersected(bounds)
        return total + 4 * (rect.width() * rect.height() - inside.width() * inside.height())

    candidates: list[QRectF] = []
    for ring in range(8):
        gap = radius + ring * h * 0.9
        candidates += [
            QRectF(c.x() + gap, c.y() - h / 2, w, h),
            QRectF(c.x() - gap - w, c.y() - h / 2, w, h),
            QRectF(c.x() - w / 2, c.y() + gap, w, h),
            QRectF(c.x() - w / 2, c.y() - gap - h, w, h),
            QRectF(c.x() + gap * 0.7, c.y() + gap * 0.7, w, h),
            QRectF(c.x() - gap * 0.7 - w, c.y() + gap * 0.7, w, h),
            QRectF(c.x() + gap * 0.7, c.y() - gap * 0.7 - h, w, h),
            QRectF(c.x() - gap * 0.7 - w, c.y() - gap * 0.7 - h, w, h),
        ]
    best, best_cost = candidates[0], float("inf")
    for rect in candidates:
        value = cost(rect)
        if value <= 0.0:
            return rect
        if value < best_cost:
            best, best_cost = rect, value
    return best


def _nearest_on(rect: QRectF, point: QPointF) -> QPointF:
    return QPointF(min(max(point.x(), rect.left()), rect.right()),
                   min(max(point.y(), rect.top()), rect.bottom()))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class OrdersChart(ChartPanel):
    """Borda and Kemeny orders side by side; a line joins a card's two places and is drawn
    bold in orange where the two methods disagree."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Consensus order: Borda and Kemeny side by side", theme, parent)
        self.slug = "consensus-orders"
        self.plot = self.new_plot(0, 0)
        for side in ("left", "bottom"):
            self.plot.hideAxis(side)
        self.plot.getViewBox().invertY(True)
        self.same = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(th.LINE, width=2))
        self.moved = pg.PlotDataItem(connect="pairs",
                                     pen=pg.mkPen(OKABE_ITO["vermillion"], width=4))
        self.plot.addItem(self.same)
        self.plot.addItem(self.moved)
        self.headers = _TextPool(self, self.plot, 17, (0.0, 1.0), bold=True)
        self.left = _TextPool(self, self.plot, 15, (1.0, 0.5))
        self.right = _TextPool(self, self.plot, 15, (0.0, 0.5))
        self.watch(self.plot, self._describe)
        self._data: CompareData | None = None

    def show_data(self, data: CompareData) -> None:
        self._data = data
        c = data.comparison
        borda, kemeny = list(c.borda), list(c.kemeny)
        n = max(len(borda), 1)
        self.title.setText(f"Consensus order, 1 = {data.most_word()}: Borda count and Kemeny "
                           f"— {counted(len(c.tables), 'table')}")

        def label(rank: int, card: str) -> str:
            # "1st:" rather than "1." so a place never reads as a card id (cards 1–6).
            return wrap(f"{ordinal(rank)}: {card} · {data.title(card)}", 40)

        self.headers.show([("Borda count", -0.55, 0.35),
                           ("Kemeny consensus" if kemeny else "Kemeny (deck too large)",
                            0.55, 0.35)], anchors=[(1.0, 1.0), (0.0, 1.0)])
        self.left.show([(label(k, card), -0.55, float(k)) for k, card in enumerate(borda, 1)])
        self.right.show([(label(k, card), 0.55, float(k)) for k, card in enumerate(kemeny, 1)])
        same_x: list[float] = []
        same_y: list[float] = []
        moved_x: list[float] = []
        moved_y: list[float] = []
        where = {card: k for k, card in enumerate(kemeny, 1)}
        for k, card in enumerate(borda, 1):
            if card not in where:
                continue
            xs, ys = (same_x, same_y) if where[card] == k else (moved_x, moved_y)
            xs += [-0.45, 0.45]
            ys += [float(k), float(where[card])]
        self.same.setData(same_x, same_y)
        self.moved.setData(moved_x, moved_y)
        self.plot.setRange(xRange=(-6, 6), yRange=(0.3 - 0.5, n + 0.5), padding=0)

    def _describe(self, x: float, y: float):
        if self._data is None:
            return None
        c = self._data.comparison
        row = int(round(y)) - 1
        if not 0 <= row < len(c.borda):
            return None
        side = c.borda if x < 0 or not c.kemeny else c.kemeny
        card = side[row]
        borda_at = c.borda.index(card) + 1
        kemeny_at = c.kemeny.index(card) + 1 if card in c.kemeny else None
        text = (f"{card} · {self._data.title(card)}\nBorda place {borda_at}"
                + (f" · Kemeny place {kemeny_at}" if kemeny_at else "")
                + f" · mean position {c.mean_position.get(card, float('nan')):.2f}")
        return text, x, row + 1.0
