"""A case-study poll's bars, drawn with a plain QPainter (no pyqtgraph, so the Polls page
opens at once): for a stage, one bar for everyone and one per table or workshop under it.

A scale stage's bars diverge from a centre line: the neutral answer straddles it, the two
low answers run left, the two high ones right (kiosk.analysis.poll_figures); colours go
from vermillion through grey to blue (Okabe–Ito, readable in every kind of colour vision,
and every share is also written as a number). A choice stage's bars are each option's
share, one Okabe–Ito colour each. The same `paint_stage` draws on the screen and into the
printed report's pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.analysis.poll_figures import BarRow, Segment, StageFigure, percent
from kiosk.ui import theme as th
from kiosk.ui.charts.palette import OKABE_ITO, ink_for
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.theme import Theme

SCALE_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["orange"], "#BDB6AA", OKABE_ITO["sky"],
                 OKABE_ITO["blue"])
CHOICE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"],
                  OKABE_ITO["purple"], OKABE_ITO["sky"], OKABE_ITO["vermillion"])


def segment_colour(kind: str, index: int) -> str:
    colours = SCALE_COLOURS if kind == "scale" else CHOICE_COLOURS
    return colours[index % len(colours)]


@dataclass(frozen=True, slots=True)
class BarStyle:
    """Sizes for one drawing: the screen's (from the theme) or the report's."""

    label_font: QFont
    bold_font: QFont
    value_font: QFont
    axis_font: QFont
    bar_height: int
    gap: int
    pad: int

    @classmethod
    def for_theme(cls, theme: Theme) -> BarStyle:
        return cls(theme.font(15), theme.font(15, bold=True), theme.font(14, bold=True),
                   theme.font(13), max(theme.touch(44), 34), theme.px(10), theme.px(10))

    @classmethod
    def for_print(cls) -> BarStyle:
        """The report's: smaller bars, the same words (a picture 1000 px wide on A4)."""
        theme = Theme(scale=1.0)
        return cls(theme.font(13), theme.font(13, bold=True), theme.font(12, bold=True),
                   theme.font(12), 28, 6, 8)

    def row_height(self, lines: int = 1) -> int:
        """A row: the bar, or `lines` lines of its label, whichever is taller."""
        return max(self.bar_height, lines * QFontMetrics(self.label_font).height()) + self.gap


def _columns(figure: StageFigure, style: BarStyle, width: int) -> tuple[int, int, int]:
    """Widths of the label column, the bars and the text beside them."""
    labels = QFontMetrics(style.bold_font)
    sides = QFontMetrics(style.label_font)
    longest = max((labels.horizontalAdvance(row.label) for row in figure.rows), default=0)
    # A long label wraps onto two lines rather than squeezing the bars.
    label_w = min(longest + style.pad, max(int(width * 0.24), labels.horizontalAdvance("M" * 8)))
    # At least as wide as a typical scale row's text, so every stage's bars line up.
    widest = max(sides.horizontalAdvance(row.side) for row in figure.rows)
    side_w = max(widest, sides.horizontalAdvance("n = 88 · 8 passed · mean 8.88")) + 2 * style.pad
    side_w = min(side_w, int(width * 0.3))
    return label_w, max(width - label_w - side_w, 40), side_w


def _label_lines(figure: StageFigure, style: BarStyle, width: int) -> int:
    """1, or 2 when a row's label is too long for its column and wraps."""
    label_w = _columns(figure, style, width)[0] - style.pad
    metrics = QFontMetrics(style.bold_font)
    return 2 if any(metrics.horizontalAdvance(r.label) > label_w for r in figure.rows) else 1


def stage_height(figure: StageFigure, style: BarStyle, width: int) -> int:
    """The height `paint_stage` needs for this stage's rows and axis at this width."""
    lines = 2 if figure.kind == "scale" else 1  # a scale names its two ends under the axis
    axis = QFontMetrics(style.axis_font).height() * lines + style.pad
    groups_gap = style.gap * 2 if len(figure.rows) > 1 else 0
    row_h = style.row_height(_label_lines(figure, style, width))
    return row_h * len(figure.rows) + groups_gap + axis


def _to_x(figure: StageFigure, value: float, left: int, width: int) -> float:
    if figure.kind == "scale":
        return left + (value + 1) / 2 * width
    return left + value * width


def paint_stage(painter: QPainter, rect: QRect, figure: StageFigure, style: BarStyle) -> None:
    """Draw the stage's rows into `rect` (as wide as given, `stage_height` high)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    label_w, bar_w, side_w = _columns(figure, style, rect.width())
    bar_left = rect.left() + label_w
    row_h = style.row_height(_label_lines(figure, style, rect.width()))
    if figure.kind == "scale":
        # The centre line, behind the bars: where the neutral answer is split, the low end
        # to its left, the high end to its right.
        x = int(_to_x(figure, 0.0, bar_left, bar_w))
        painter.setPen(QPen(QColor(th.INK), 2, Qt.PenStyle.DashLine))
        rows_h = row_h * len(figure.rows) + (2 * style.gap if len(figure.rows) > 1 else 0)
        painter.drawLine(x, rect.top(), x, rect.top() + rows_h)
    y = rect.top()
    tops: list[int] = []
    for i, row in enumerate(figure.rows):
        if i == 1:
            y += style.gap
            painter.setPen(QPen(QColor(th.LINE), 1))
            painter.drawLine(rect.left(), y, rect.right(), y)
            y += style.gap
        tops.append(y)
        _paint_row(painter, figure, row, QRect(rect.left(), y, rect.width(), row_h),
                   label_w, bar_w, side_w, style)
        y += row_h
    bottom = y
    axis_pen = QPen(QColor(th.INK), 2)
    painter.setPen(axis_pen)
    painter.drawLine(bar_left, bottom, bar_left + bar_w, bottom)
    painter.setFont(style.axis_font)
    metrics = QFontMetrics(style.axis_font)
    ticks = ((-1.0, "100%"), (-0.5, "50%"), (0.0, "0"), (0.5, "50%"), (1.0, "100%")) \
        if figure.kind == "scale" else ((0.0, "0%"), (0.5, "50%"), (1.0, "100%"))
    painter.setPen(QColor(th.INK_SOFT))
    for value, text in ticks:
        x = int(_to_x(figure, value, bar_left, bar_w))
        painter.drawLine(x, bottom, x, bottom + style.pad // 2)
        w = metrics.horizontalAdvance(text)
        left = min(max(x - w // 2, bar_left), bar_left + bar_w - w)
        painter.drawText(left, bottom + style.pad // 2 + metrics.ascent(), text)
    if figure.kind == "scale":
        labels = figure.stage.labels
        gap = metrics.horizontalAdvance("  ")
        low, high = f"← {labels[0]}, {labels[1]}", f"{labels[3]}, {labels[4]} →"
        if metrics.horizontalAdvance(low + high) + gap > bar_w:  # only the two ends then
            low, high = f"← {labels[0]}", f"{labels[4]} →"
        half = (bar_w - gap) // 2
        low = metrics.elidedText(low, Qt.TextElideMode.ElideRight, half)
        high = metrics.elidedText(high, Qt.TextElideMode.ElideLeft, half)
        line = bottom + style.pad // 2 + metrics.height() + metrics.ascent()
        painter.setPen(QColor(th.INK))
        painter.drawText(bar_left, line, low)
        painter.drawText(bar_left + bar_w - metrics.horizontalAdvance(high), line, high)
    painter.restore()


def _paint_row(painter: QPainter, figure: StageFigure, row: BarRow, box: QRect, label_w: int,
               bar_w: int, side_w: int, style: BarStyle) -> None:
    painter.setPen(QColor(th.INK))
    painter.setFont(style.bold_font if row.overall else style.label_font)
    label_box = QRect(box.left(), box.top(), label_w - style.pad, box.height() - style.gap)
    painter.drawText(label_box, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                                    | Qt.TextFlag.TextWordWrap), row.label)
    bar_left = box.left() + label_w
    top = box.top() + (box.height() - style.gap - style.bar_height) // 2
    # The track: where 100% of the answers would reach.
    painter.fillRect(QRect(bar_left, top, bar_w, style.bar_height), QColor("#F3F0EA"))
    base = sum(s.count for s in row.segments)
    if base:
        for segment in row.segments:
            if segment.count:
                _paint_segment(painter, figure, segment, bar_left, bar_w, top, style)
    else:
        painter.setFont(style.label_font)
        painter.setPen(QColor(th.INK_SOFT))
        painter.drawText(QRect(bar_left, top, bar_w, style.bar_height),
                         int(Qt.AlignmentFlag.AlignCenter),
                         "everyone passed" if row.passes else "no answers")
    painter.setFont(style.label_font)
    painter.setPen(QColor(th.INK))
    side = QRect(bar_left + bar_w + style.pad, box.top(), side_w - style.pad,
                 box.height() - style.gap)
    painter.drawText(side, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                               | Qt.TextFlag.TextWordWrap), row.side)


def _paint_segment(painter: QPainter, figure: StageFigure, segment: Segment, bar_left: int,
                   bar_w: int, top: int, style: BarStyle) -> None:
    x0 = _to_x(figure, segment.start, bar_left, bar_w)
    x1 = _to_x(figure, segment.start + segment.share, bar_left, bar_w)
    colour = QColor(segment_colour(figure.kind, segment.index))
    shape = QRectF(x0, top, max(x1 - x0, 1.0), style.bar_height)
    painter.fillRect(shape, colour)
    painter.setPen(QPen(QColor("#FFFFFF"), 1))
    painter.drawRect(shape)
    text = percent(segment.share)
    painter.setFont(style.value_font)
    if QFontMetrics(style.value_font).horizontalAdvance(text) + 6 <= shape.width():
        painter.setPen(ink_for(colour))
        painter.drawText(shape, int(Qt.AlignmentFlag.AlignCenter), text)


def stage_image(figure: StageFigure, style: BarStyle, width: int, scale: float = 2.0) -> QImage:
    """The stage's bars as a picture `width` (logical) pixels wide, drawn at `scale`."""
    height = stage_height(figure, style, width)
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        paint_stage(painter, QRect(0, 0, width, height), figure, style)
    finally:
        painter.end()
    return image


class PollStageBars(QWidget):
    """One stage's bars on the Polls page; as tall as its rows need."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style_ = BarStyle.for_theme(theme)
        self.figure: StageFigure | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def show_figure(self, figure: StageFigure) -> None:
        self.figure = figure
        self._fit()
        self.setToolTip(plain_tooltip(self.describe()))  # tables' names: as typed
        self.update()

    def _fit(self) -> None:
        if self.figure is not None:
            self.setFixedHeight(stage_height(self.figure, self.style_, max(self.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()  # a narrower page may wrap a table's name onto two lines

    def describe(self) -> str:
        """Every row's counts in words (the tooltip; what a screen reader reads)."""
        if self.figure is None:
            return ""
        lines = []
        for row in self.figure.rows:
            parts = ", ".join(f"{s.label} {s.count}" for s in row.segments)
            lines.append(f"{row.label}: {parts} ({row.side})")
        return "\n".join(lines)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.figure is None:
            return
        painter = QPainter(self)
        try:
            paint_stage(painter, self.rect().adjusted(0, 0, -1, 0), self.figure, self.style_)
        finally:
            painter.end()
