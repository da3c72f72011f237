"""The plenary screen's small pieces: type sizes that read from the back of a room, a line of
text that elides instead of growing, a progress bar, and the strip of where each table put a
card. All painted by hand (no pyqtgraph): they change a value, never their structure."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui import theme as th
from kiosk.ui.charts.palette import OKABE_ITO
from kiosk.ui.plain_text import plain_tooltip
from kiosk.ui.theme import Theme

# The smallest text on the projector, in pixels: at 1280×720 (scale 2/3) still 22 px.
MIN_TEXT_PX = 22
SMALL, BODY, LARGE, TITLE = 33, 36, 42, 50  # at 1080p
STRIP_LEAST = 27  # the smallest a strip's number shrinks to in a crowded room, at 1080p
LABEL_LEAST = 24  # a table's label too long for its tile: two lines at this size, at 1080p

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
                 parent: QWidget | None = None, shrink_to: float | None = None,
                 wrap_to: float | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._ink = QColor(ink)
        self._align = align
        self._fit = fit
        # With `shrink_to` (a size at 1080p) a text too long for the line is painted smaller,
        # down to that size; with `wrap_to` too, one still too long is then broken into two
        # lines at that size (the line grows to hold them); only then is it elided.
        self._least_px = text_px(theme, shrink_to) if shrink_to is not None else None
        self._wrap_px = text_px(theme, wrap_to) if wrap_to is not None else None
        self._lines: tuple[str, ...] = ("",)
        self.setFont(font(theme, size, bold))
        self.setSizePolicy(QSizePolicy.Policy.Minimum if fit else QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Fixed)
        self._one_line = QFontMetrics(self.font()).height()
        self.setFixedHeight(self._one_line)

    def set_width(self, width: int) -> None:
        """A fixed width (a column of numbers)."""
        self.setFixedWidth(width)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._lines = (text,)
            self.setToolTip(plain_tooltip(text))  # a table's label: as typed
            if self._fit:
                self.updateGeometry()
            self._rewrap()
            self.update()

    def lines(self) -> tuple[str, ...]:
        """The text as painted: one line, or two when it had to wrap."""
        return self._lines

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rewrap()

    def set_wrap(self, wrap_px: int | None) -> None:
        """Let the text take two lines at `wrap_px` when it does not fit on one (None: one
        line only): a panel that has the height to spare lets its long titles wrap."""
        if wrap_px == self._wrap_px:
            return
        self._wrap_px = wrap_px
        if wrap_px is None:
            self._lines = (self._text,)
            if self.height() != self._one_line or self.minimumHeight() != self._one_line:
                self.setFixedHeight(self._one_line)
        else:
            self._rewrap()
        self.update()

    def fits_one_line(self) -> bool:
        """Whether the text is whole on one line at the width it has (set smaller down to
        `shrink_to` if need be)."""
        return QFontMetrics(self._sized(self._shrunk_px())).horizontalAdvance(self._text) \
            <= self.width()

    def wrapped_height(self, wrap_px: int) -> int:
        """The height the text would take on two lines at `wrap_px`."""
        return max(self._one_line, 2 * QFontMetrics(self._sized(wrap_px)).height())

    def _sized(self, px: int) -> QFont:
        sized = QFont(self.font())
        sized.setPixelSize(px)
        return sized

    def _shrunk_px(self) -> int:
        """The largest size, down to `shrink_to`, at which the text fits on one line."""
        px = self.font().pixelSize()
        least = self._least_px if self._least_px is not None else px
        while px > least and QFontMetrics(self._sized(px)).horizontalAdvance(self._text) \
                > self.width():
            px -= 1
        return px

    def _two_lines(self) -> tuple[str, str] | None:
        """The text broken at a space into two lines that each fit at `wrap_to` (the break
        that leaves the longer line shortest), or None."""
        if self._wrap_px is None:
            return None
        metrics = QFontMetrics(self._sized(self._wrap_px))
        words = self._text.split(" ")
        best: tuple[int, tuple[str, str]] | None = None
        for cut in range(1, len(words)):
            pair = (" ".join(words[:cut]), " ".join(words[cut:]))
            widest = max(metrics.horizontalAdvance(part) for part in pair)
            if widest <= self.width() and (best is None or widest < best[0]):
                best = (widest, pair)
        return best[1] if best is not None else None

    def _rewrap(self) -> None:
        if self._wrap_px is None:
            return
        px = self._shrunk_px()
        fits = QFontMetrics(self._sized(px)).horizontalAdvance(self._text) <= self.width()
        pair = None if fits else self._two_lines()
        self._lines = pair if pair is not None else (self._text,)
        height = self._one_line if pair is None else max(
            self._one_line, 2 * QFontMetrics(self._sized(self._wrap_px)).height())
        if height != self.height() or height != self.minimumHeight():
            self.setFixedHeight(height)  # the tile grows by the second line, or shrinks back

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self._text) + 6, metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, QFontMetrics(self.font()).height())

    def painted_font(self) -> QFont:
        """The font the text is painted in: the line's own, or smaller (`shrink_to`) to fit,
        or `wrap_to`'s size on two lines."""
        if len(self._lines) == 2 and self._wrap_px is not None:
            return self._sized(self._wrap_px)
        return self._sized(self._shrunk_px())

    def shows_all(self) -> bool:
        """Whether the whole text is on screen (not elided, every line in the height)."""
        metrics = QFontMetrics(self.painted_font())
        return (all(metrics.horizontalAdvance(line) <= self.width() for line in self._lines)
                and "".join(self._lines).replace(" ", "") == self._text.replace(" ", "")
                and metrics.height() * len(self._lines) <= self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painted = self.painted_font()
        painter.setFont(painted)
        painter.setPen(self._ink)
        metrics = QFontMetrics(painted)
        lines = self._lines if len(self._lines) == 2 else (self._text,)
        step = self.height() / len(lines)
        for index, line in enumerate(lines):
            shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, self.width())
            box = QRectF(0, index * step, self.width(), step)
            painter.drawText(box, self._align | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()


class Badge(QWidget):
    """A table's tag, white on ink in a rounded box, as wide as two characters: on its tile,
    the legend of the results' columns, whose heads look the same."""

    def __init__(self, theme: Theme, size: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setFont(font(theme, size, bold=True))
        metrics = QFontMetrics(self.font())
        self.setFixedSize(metrics.horizontalAdvance("WW") + theme.px(16),
                          metrics.height() + max(2, theme.px(4)))

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = box.height() * 0.2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(INK))
        painter.drawRoundedRect(box, radius, radius)
        painter.setFont(self.font())
        painter.setPen(QColor(HEADER_INK))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._text)
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
    table's tag instead, white on ink like the tag on the table's tile (its legend).

    The cells share the strip's width (a room of twelve tables has narrower cells than one
    of four), never wider than `cell` and never narrower than the number or tag in them at
    the smallest readable size; the text shrinks to fit a narrow cell, down to that size."""

    def __init__(self, theme: Theme, header: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header = header
        self._cells: tuple[str, ...] = ()
        self._amounts: tuple[float, ...] = ()
        self._colour = QColor(INK)
        self.setFont(font(theme, SMALL))  # the tags too: white on ink reads at this weight
        metrics = QFontMetrics(self.font())
        self.cell_height = metrics.height() + max(2, theme.px(6))
        self._wide = max(self.cell_height, metrics.horizontalAdvance("10") + theme.px(22))
        self._narrow = max(self.cell_height, metrics.horizontalAdvance("10") + theme.px(8))
        self.cell = self._wide  # the widest a cell grows
        self.gap = max(2, theme.px(6))
        self.least_gap = 2
        # The smallest readable text in a cell; a cell is never narrower than "10" at it.
        self.least_px = max(MIN_TEXT_PX, theme.px(STRIP_LEAST))
        self.least_cell = self._advance(self.least_px, "10") + 2
        self.setFixedHeight(self.cell_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _advance(self, px: int, text: str) -> int:
        sized = QFont(self.font())
        sized.setPixelSize(px)
        return QFontMetrics(sized).horizontalAdvance(text)

    def set_narrow(self, narrow: bool) -> None:
        """Narrower cells at most (a poll panel beside three lens panels needs the width)."""
        cell = self._narrow if narrow else self._wide
        if cell != self.cell:
            self.cell = cell
            self.updateGeometry()
            self.update()

    def sizeHint(self) -> QSize:
        count = len(self._cells)
        return QSize(max(1, count * self.cell + max(0, count - 1) * self.gap), self.cell_height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.least_width(len(self._cells)), self.cell_height)

    def least_width(self, count: int) -> int:
        """The narrowest strip of `count` cells whose numbers stay readable."""
        return max(1, count * self.least_cell + max(0, count - 1) * self.least_gap)

    def geometry_of_cells(self) -> tuple[float, float]:
        """(cell width, gap) at the strip's width now: the same for every strip of one
        width and count (the tags' and the cards' strips line up)."""
        count = max(1, len(self._cells))
        gap = float(self.gap)
        cell = (self.width() - gap * (count - 1)) / count
        if cell < self._narrow:  # crowded: thin gaps give the numbers the room
            gap = float(self.least_gap)
            cell = (self.width() - gap * (count - 1)) / count
        return min(float(self.cell), cell), gap

    def text_px(self) -> int:
        """The size the cells' text is painted at: the strip's own, or smaller to fit the
        widest text into a narrow cell, never below `least_px`."""
        cell, _ = self.geometry_of_cells()
        widest = max(self._cells, key=lambda t: self._advance(self.font().pixelSize(), t),
                     default="")
        px = self.font().pixelSize()
        while px > self.least_px and self._advance(px, widest) > cell - 2:
            px -= 1
        return px

    def texts_fit(self) -> bool:
        """Whether every cell's text fits whole in its cell."""
        cell, _ = self.geometry_of_cells()
        px = self.text_px()
        return all(self._advance(px, text) <= cell for text in self._cells)

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
            self.updateGeometry()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painted = QFont(self.font())
        painted.setPixelSize(self.text_px())
        painter.setFont(painted)
        cell, gap = self.geometry_of_cells()
        radius = self.cell_height * 0.2
        for index, (text, amount) in enumerate(zip(self._cells, self._amounts, strict=True)):
            box = QRectF(index * (cell + gap) + 1, 1, cell - 2, self.cell_height - 2)
            if self._header:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(INK))
                painter.drawRoundedRect(box, radius, radius)
                painter.setPen(QColor(HEADER_INK))
            else:
                painter.setBrush(tint(self._colour, amount) if text else QColor(CELL_EMPTY))
                pen = QPen(QColor(INK), 1.5)
                if not text:
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRoundedRect(box, radius, radius)
                painter.setPen(QColor(INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
