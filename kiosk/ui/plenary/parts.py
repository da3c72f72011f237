"""The plenary screen's small pieces: type sizes that read from the back of a room, a line of
text that elides instead of growing, a progress bar, and the strip of where each table put a
card. All painted by hand (no pyqtgraph): they change a value, never their structure."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui import theme as th
from kiosk.ui.charts.palette import OKABE_ITO
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.theme import Theme

# The smallest text on the projector, in pixels: at 1280×720 (scale 2/3) still 22 px.
MIN_TEXT_PX = 22
SMALL, BODY, LARGE, TITLE = 33, 36, 42, 50  # at 1080p

# Dark ink on light paper/card, white on ink: every pair above 7:1 (tests/test_plenary.py).
INK = th.INK
PAPER = th.PAPER
CARD = th.CARD
BAR_BACK = th.TRAY
HEADER_INK = "#FFFFFF"
CELL_EMPTY = "#FFFFFF"
# The lens's colour marks its panel and tints the strips; text never sits on it at full
# strength. Unknown lenses get a colour of the same Okabe–Ito set.
LENS_COLOURS = {"benefit": OKABE_ITO["blue"], "risk": OKABE_ITO["vermillion"],
                "acceptability": OKABE_ITO["green"]}
TINT_MAX = 0.35  # the strongest tint behind a number: ink on it stays above 7:1


def lens_colour(lens: str) -> QColor:
    return QColor(LENS_COLOURS.get(lens, OKABE_ITO["purple"]))


def text_px(theme: Theme, at_1080p: float) -> int:
    return max(MIN_TEXT_PX, theme.px(at_1080p))


def font(theme: Theme, at_1080p: float, bold: bool = False) -> QFont:
    made = QFont()
    made.setFamilies(["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"])
    made.setPixelSize(text_px(theme, at_1080p))
    made.setBold(bold)
    return made


def tint(colour: QColor, amount: float) -> QColor:
    """`colour` at `amount` (0..1) over white."""
    a = max(0.0, min(1.0, amount))
    return QColor(round(255 + (colour.red() - 255) * a), round(255 + (colour.green() - 255) * a),
                  round(255 + (colour.blue() - 255) * a))


class Line(QWidget):
    """One line of text that elides (…) when it has no room, so a long card title or table
    label never pushes the layout about; with `fit` it asks for its text's width (a count
    beside a title). `text()` is the whole text."""

    def __init__(self, theme: Theme, size: float, bold: bool = False, ink: str = INK,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, fit: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._ink = QColor(ink)
        self._align = align
        self._fit = fit
        self.setFont(font(theme, size, bold))
        self.setSizePolicy(QSizePolicy.Policy.Minimum if fit else QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Fixed)
        self.setFixedHeight(QFontMetrics(self.font()).height())

    def set_width(self, width: int) -> None:
        """A fixed width (a column of numbers)."""
        self.setFixedWidth(width)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setToolTip(plain_tooltip(text))  # a table's label: as typed
            if self._fit:
                self.updateGeometry()
            self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self._text) + 6, metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, QFontMetrics(self.font()).height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self._ink)
        shown = QFontMetrics(self.font()).elidedText(self._text, Qt.TextElideMode.ElideRight,
                                                     self.width())
        painter.drawText(self.rect(), self._align | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()


class Bar(QWidget):
    """A table's way through its lens sequence: one segment per lens, those before the
    current one full, the current one filled as far as the table has got; the lens's colour
    over a light track, each segment outlined in ink."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: tuple[int, int, float] = (1, 1, 0.0)
        self._colour = QColor(INK)
        self.gap = max(3, theme.px(8))
        self.setFixedHeight(max(12, theme.px(20)))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def value(self) -> tuple[int, int, float]:
        """(segments, current segment 1-based, fraction of the current one)."""
        return self._value

    def set_value(self, segments: int, current: int, fraction: float, colour: QColor) -> None:
        segments = max(1, min(segments, 12))
        value = (segments, max(1, min(current, segments)), max(0.0, min(1.0, fraction)))
        if value != self._value or colour != self._colour:
            self._value, self._colour = value, QColor(colour)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        segments, current, fraction = self._value
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = (self.width() - 2 - self.gap * (segments - 1)) / segments
        height = self.height() - 2.0
        radius = height / 2
        for index in range(segments):
            box = QRectF(1 + index * (width + self.gap), 1, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BAR_BACK))
            painter.drawRoundedRect(box, radius, radius)
            filled = 1.0 if index + 1 < current else fraction if index + 1 == current else 0.0
            if filled > 0:
                painter.setBrush(self._colour)
                painter.drawRoundedRect(QRectF(box.left(), box.top(),
                                               max(height, width * filled), height),
                                        radius, radius)
            painter.setPen(QPen(QColor(INK), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, radius, radius)
        painter.end()


class PlacesStrip(QWidget):
    """Where each table put one card: a row of cells, one per table in the tiles' order,
    each with the table's position (1 = most), tinted more strongly the higher the card
    stood; an empty cell for a table that has not ranked it. As a header it shows each
    table's tag instead, untinted."""

    def __init__(self, theme: Theme, header: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header = header
        self._cells: tuple[str, ...] = ()
        self._amounts: tuple[float, ...] = ()
        self._colour = QColor(INK)
        self.setFont(font(theme, SMALL, bold=header))
        metrics = QFontMetrics(self.font())
        self.cell_height = metrics.height() + max(2, theme.px(6))
        self._wide = max(self.cell_height, metrics.horizontalAdvance("10") + theme.px(22))
        self._narrow = max(self.cell_height, metrics.horizontalAdvance("10") + theme.px(8))
        self.cell = self._wide
        self.gap = max(2, theme.px(6))
        self.setFixedHeight(self.cell_height)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_narrow(self, narrow: bool) -> None:
        """Square cells (a poll panel beside three lens panels needs the width)."""
        cell = self._narrow if narrow else self._wide
        if cell != self.cell:
            self.cell = cell
            self._fit_width()
            self.update()

    def _fit_width(self) -> None:
        count = len(self._cells)
        self.setFixedWidth(max(1, count * self.cell + max(0, count - 1) * self.gap))

    def cells(self) -> tuple[str, ...]:
        return self._cells

    def set_places(self, positions: Sequence[int | None], cards: int, colour: QColor) -> None:
        cells = tuple("" if p is None else str(p) for p in positions)
        span = max(1, cards - 1)
        amounts = tuple(0.0 if p is None else TINT_MAX * (1 - (min(p, cards) - 1) / span)
                        for p in positions)
        self._set(cells, amounts, colour)

    def set_tags(self, tags: Sequence[str]) -> None:
        self._set(tuple(tags), tuple(0.0 for _ in tags), QColor(INK))

    def _set(self, cells: tuple[str, ...], amounts: tuple[float, ...], colour: QColor) -> None:
        resized = len(cells) != len(self._cells)
        if cells == self._cells and amounts == self._amounts and colour == self._colour:
            return
        self._cells, self._amounts, self._colour = cells, amounts, QColor(colour)
        if resized:
            self._fit_width()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        radius = self.cell_height * 0.2
        for index, (text, amount) in enumerate(zip(self._cells, self._amounts, strict=True)):
            box = QRectF(index * (self.cell + self.gap) + 1, 1, self.cell - 2,
                         self.cell_height - 2)
            if not self._header:
                painter.setBrush(tint(self._colour, amount) if text else QColor(CELL_EMPTY))
                pen = QPen(QColor(INK), 1.5)
                if not text:
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRoundedRect(box, radius, radius)
            painter.setPen(QColor(INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
