"""A case-study poll on the plenary screen: per stage how many seats answered and, once
revealed, how the answers spread — on a scale a row of cells, one per point ("1"…"5" and
"–" for a pass, named once in the head), each with how many seats gave it and tinted the more
the more gave it, then the mean; on a choice the options by how many chose them.

Colour never carries the meaning alone: every cell has its number and every point its name.
The stages are painted in whatever height the panel gets — the panel never grows the
screen; a stage that does not fit is counted in a last line ("+ 2 more stages")."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from kiosk.analysis.plenary import PollResult, PollStageResult
from kiosk.domain.polls import PASS
from kiosk.ui.charts.palette import OKABE_ITO
from kiosk.ui.plenary.parts import (
    CARD,
    CELL_EMPTY,
    INK,
    SMALL,
    TINT_MAX,
    TITLE,
    Line,
    font,
    tint,
)
from kiosk.ui.theme import Theme

POLL_COLOUR = QColor(OKABE_ITO["orange"])
PASS_MARK = "–"
MEAN_HEAD = "mean"
CHOICE_LINES = 3  # a choice stage: the two most chosen options, then the rest


def point_mark(answer: str) -> str:
    return PASS_MARK if answer == PASS else answer


@dataclass(frozen=True)
class _Item:
    """One thing the chart paints: a text (left, right or centred in `box`) or a cell."""

    kind: str  # "text" | "bold" | "cell" | "head"
    box: QRectF
    text: str
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    amount: float = 0.0  # a cell's tint


class PollChart(QWidget):
    """The poll's stages, painted; `texts()` is what it shows, for tests and tooltips."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self._result: PollResult | None = None
        self._font = font(theme, SMALL)
        self._bold = font(theme, SMALL, bold=True)
        metrics = QFontMetrics(self._font)
        self.line = metrics.height()
        self.cell_height = self.line + max(2, theme.px(6))
        self.gap = max(2, theme.px(6))
        self.stage_gap = max(4, theme.px(12))
        self.number_width = QFontMetrics(self._bold).horizontalAdvance("8.") + theme.px(8)
        self.drawn = 0  # stages that fitted at the last layout
        # Any height will do (what does not fit is counted): the panel never grows.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

    def set_result(self, result: PollResult) -> None:
        if result != self._result:
            self._result = result
            self.updateGeometry()
            self.update()

    def _stage_height(self, stage: PollStageResult) -> int:
        if not stage.counts:
            return self.line
        return self.line + self.gap + (self.cell_height if stage.kind == "scale"
                                       else self.line * CHOICE_LINES)

    def mean_width(self) -> int:
        """The column at the right of a scale's cells that holds its mean."""
        metrics = QFontMetrics(self._bold)
        return max(metrics.horizontalAdvance(MEAN_HEAD), metrics.horizontalAdvance("3.3"))

    def sizeHint(self) -> QSize:
        stages = self._result.stages if self._result else ()
        height = sum(self._stage_height(s) + self.stage_gap for s in stages)
        return QSize(self.theme.px(360), max(self.line, height))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def needed_width(self) -> int:
        """The width at which every stage's texts and counts are whole."""
        result = self._result
        if result is None:
            return 0
        metrics, bold = QFontMetrics(self._font), QFontMetrics(self._bold)
        need = 0
        for stage in result.stages:
            right = "" if stage.counts else f"{stage.answered} of {stage.seats}"
            title = metrics.horizontalAdvance(stage.title)
            if right:
                title += self.theme.px(10) + bold.horizontalAdvance(right) + self.theme.px(6)
            need = max(need, self.number_width + title + 2)
            if stage.kind == "scale" and stage.counts:
                widest = max(bold.horizontalAdvance(str(a.count)) for a in stage.counts)
                cells = len(stage.counts)
                need = max(need, self.number_width + self.mean_width()
                           + cells * (self.gap + widest + self.theme.px(8)))
            elif stage.counts:
                ranked = sorted(stage.counts, key=lambda a: -a.count)
                lines = [f"{a.count} {a.label}" for a in ranked[:CHOICE_LINES - 1]]
                lines.append(" · ".join(f"{a.count} {a.label}"
                                        for a in ranked[CHOICE_LINES - 1:]))
                need = max(need, self.number_width
                           + max(metrics.horizontalAdvance(t) for t in lines) + 2)
        return need

    def needed_height(self) -> int:
        """The height at which every stage is drawn."""
        stages = self._result.stages if self._result else ()
        return sum(self._stage_height(s) for s in stages) + self.stage_gap * max(
            0, len(stages) - 1)

    def items(self, width: int, height: int) -> list[_Item]:
        """Where everything goes in a `width` × `height` chart."""
        result = self._result
        self.drawn = 0
        if result is None:
            return []
        bold_metrics = QFontMetrics(self._bold)
        items: list[_Item] = []
        y = 0.0
        left = float(self.number_width)
        count = len(result.stages)
        for index, stage in enumerate(result.stages):
            need = self._stage_height(stage)
            rest = count - index
            room_for_note = 0 if rest == 1 else self.line
            if y + need + room_for_note > height:
                more = f"+ {rest} more stage{'s' if rest != 1 else ''}"
                items.append(_Item("text", QRectF(left, y, width - left, self.line), more))
                break
            # hidden: how many seats answered; shown: the spread below (and a scale's mean)
            right = "" if stage.counts else f"{stage.answered} of {stage.seats}"
            right_width = (bold_metrics.horizontalAdvance(right) + self.theme.px(6)
                           if right else 0)
            items.append(_Item("bold", QRectF(0, y, self.number_width, self.line),
                               f"{stage.stage}."))
            items.append(_Item("text", QRectF(left, y, max(0.0, width - left - right_width
                                                           - self.theme.px(10)), self.line),
                               stage.title))
            if right:
                items.append(_Item("bold", QRectF(width - right_width, y, right_width,
                                                  self.line), right,
                                   Qt.AlignmentFlag.AlignRight))
            y += self.line
            if stage.counts:
                y += self.gap
                if stage.kind == "scale":
                    mean = self.mean_width()
                    cells = len(stage.counts)
                    cell = self.cell_width(width, cells)
                    most = max(1, max(a.count for a in stage.counts))
                    for n, answer in enumerate(stage.counts):
                        box = QRectF(left + n * (cell + self.gap), y, cell, self.cell_height)
                        items.append(_Item("cell", box, str(answer.count),
                                           Qt.AlignmentFlag.AlignCenter,
                                           TINT_MAX * answer.count / most))
                    items.append(_Item("bold", QRectF(width - mean, y, mean, self.cell_height),
                                       "–" if stage.mean is None else f"{stage.mean:.1f}",
                                       Qt.AlignmentFlag.AlignRight))
                    y += self.cell_height
                else:
                    ranked = sorted(stage.counts, key=lambda a: -a.count)
                    lines = [f"{a.count} {a.label}" for a in ranked[:CHOICE_LINES - 1]]
                    lines.append(" · ".join(f"{a.count} {a.label}"
                                            for a in ranked[CHOICE_LINES - 1:]))
                    for text in lines:
                        items.append(_Item("text", QRectF(left, y, width - left, self.line),
                                           text))
                        y += self.line
            y += self.stage_gap
            self.drawn = index + 1
        return items

    def cell_width(self, width: int, cells: int) -> float:
        """A scale cell's width: the row between the stage numbers and the mean column."""
        room = width - self.number_width - self.mean_width() - self.gap * cells
        return room / max(1, cells)

    def texts(self) -> list[str]:
        return [item.text for item in self.items(self.width(), self.height())]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.cell_height * 0.2
        for item in self.items(self.width(), self.height()):
            if item.kind == "cell":
                empty = item.text == "0"
                painter.setBrush(QColor(CELL_EMPTY) if empty else tint(POLL_COLOUR,
                                                                       item.amount))
                pen = QPen(QColor(INK), 1.5)
                if empty:
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRoundedRect(item.box.adjusted(1, 1, -1, -1), radius, radius)
            painter.setFont(self._bold if item.kind in ("bold", "cell") else self._font)
            painter.setPen(QColor(INK))
            shown = painter.fontMetrics().elidedText(item.text, Qt.TextElideMode.ElideRight,
                                                     int(item.box.width()))
            painter.drawText(item.box, item.align | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()


class PollPanel(QFrame):
    """One poll: its title, how many tables ran it, what the scale's points mean (or that
    the answers are hidden), and the chart of its stages. Updated in place."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.key = ""
        self.setObjectName("pollPanel")
        stripe = max(6, theme.px(14))
        self.setStyleSheet(
            f"#pollPanel {{ background: {CARD}; border: 2px solid {INK};"
            f" border-top: {stripe}px solid {POLL_COLOUR.name()};"
            f" border-radius: {theme.px(12)}px; }}")
        box = QVBoxLayout(self)
        pad = theme.px(14)
        box.setContentsMargins(pad, theme.px(6), pad, theme.px(12))
        box.setSpacing(theme.px(6))
        self.title = Line(theme, TITLE - 10, bold=True, shrink_to=SMALL)
        box.addWidget(self.title)
        self.count = Line(theme, SMALL)
        box.addWidget(self.count)
        # What the scale's points mean (shown), or what the numbers are (hidden).
        self.legend = [Line(theme, SMALL) for _ in range(3)]
        for line in self.legend:
            box.addWidget(line)
        # The scale's points over the cells ("1 … 5, –"), lined up with them.
        self.points = PollPoints(theme)
        box.addWidget(self.points)
        self.chart = PollChart(theme)
        box.addWidget(self.chart, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def needed_width(self) -> int:
        """The width at which the title, the lines and the chart are all whole."""
        texts = [self.title, self.count, *self.legend]
        widest = max([line.sizeHint().width() for line in texts if not line.isHidden()]
                     + [self.chart.needed_width()])
        margins = self.contentsMargins()
        layout = self.layout()
        inner = layout.contentsMargins() if layout is not None else margins
        return widest + inner.left() + inner.right() + margins.left() + margins.right()

    def fits_all(self) -> bool:
        """Whether the chart got the height to draw every stage and the width for its texts."""
        return (self.chart.height() >= self.chart.needed_height()
                and self.width() >= self.needed_width())

    def show_result(self, result: PollResult) -> None:
        self.key = result.poll
        self.title.set_text(result.title)
        scale = next((s for s in result.stages if s.kind == "scale" and s.counts), None)
        if not result.shown:
            self.count.set_text(result.count_text)
            legend = ["answers hidden", "seats that answered:"]
        elif scale is not None:
            self.count.set_text(result.count_text)
            first, last = scale.counts[0], scale.counts[len(scale.counts) - 2]
            legend = [f"1 = {first.label}", f"5 = {last.label}", f"{PASS_MARK} = passed"]
        else:
            self.count.set_text(result.count_text)
            legend = ["how many chose each answer"]
        for index, line in enumerate(self.legend):
            line.set_text(legend[index] if index < len(legend) else "")
            line.setVisible(index < len(legend))
        self.points.set_marks(tuple(point_mark(a.answer) for a in scale.counts)
                              if scale is not None else (), self.chart)
        self.points.setVisible(scale is not None)
        self.chart.set_result(result)


class PollPoints(QWidget):
    """The marks of the scale's points, each over its column of cells."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: tuple[str, ...] = ()
        self._chart: PollChart | None = None
        self.setFont(font(theme, SMALL, bold=True))
        self.setFixedHeight(QFontMetrics(self.font()).height())
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def marks(self) -> tuple[str, ...]:
        return self._marks

    def set_marks(self, marks: tuple[str, ...], chart: PollChart) -> None:
        self._chart = chart
        if marks != self._marks:
            self._marks = marks
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._marks or self._chart is None:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(QColor(INK))
        chart = self._chart
        cell = chart.cell_width(self.width(), len(self._marks))
        for n, mark in enumerate(self._marks):
            box = QRectF(chart.number_width + n * (cell + chart.gap), 0, cell, self.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, mark)
        mean = chart.mean_width()
        painter.drawText(QRectF(self.width() - mean, 0, mean, self.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         MEAN_HEAD)
        painter.end()
