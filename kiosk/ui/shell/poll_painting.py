"""Painting a poll's parts with QPainter (the table's screens never load pyqtgraph): a
seat's answer strip in each of its states, and the table's spread once revealed.

Colours are Okabe–Ito (safe for colour-blind readers and in greyscale): a diverging run
for a scale, from vermillion through grey to blue, and distinct hues for a choice's options;
every bar also carries its answer's words and its count, so colour is never the only cue.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from kiosk.domain.polls import PASS, Stage
from kiosk.ui import theme as palette
from kiosk.ui.board.painting import draw_lines, fit_font
from kiosk.ui.shell.poll_layout import Region, answer_height
from kiosk.ui.theme import Theme

SCALE_COLOURS = ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")
CHOICE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                  "#F0E442", "#000000")
PASS_COLOUR = "#E6DFD2"
ASK, ANSWERED, REVEALED, DONE = "ask", "answered", "revealed", "done"
CHANGE = "change"  # the target of an answered strip: tap to change the answer


def answer_colour(stage: Stage, answer: str) -> QColor:
    if answer == PASS:
        return QColor(PASS_COLOUR)
    if stage.kind == "scale":
        return QColor(SCALE_COLOURS[int(answer) - 1])
    index = stage.answers().index(answer)
    return QColor(CHOICE_COLOURS[index % len(CHOICE_COLOURS)])


def ink_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (0.2126 * lin(colour.redF()) + 0.7152 * lin(colour.greenF())
           + 0.0722 * lin(colour.blueF()))
    return QColor("#000000") if lum > 0.22 else QColor("#FFFFFF")


def word_lines(text: str, font: QFont, width: float, hyphenate: bool = False) -> list[str]:
    """`text` broken at spaces into lines of `width`; a word wider than a line is broken
    with a hyphen when `hyphenate`, else left whole (and so too wide)."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while hyphenate and metrics.horizontalAdvance(word) > width and len(word) > 6:
            cut = len(word) - 3  # never leave fewer than three letters to the next line
            while cut > 3 and metrics.horizontalAdvance(word[:cut] + "-") > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and metrics.horizontalAdvance(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def fit_words(text: str, font: QFont, width: float, max_lines: int,
              minimum_pt: float = 10) -> tuple[QFont, list[str]]:
    """The largest type (from `font` down to `minimum_pt`) at which `text` fits `width` in
    `max_lines` lines without breaking a word; failing that, the smallest, words hyphenated."""
    font = QFont(font)
    while True:
        lines = word_lines(text, font, width)
        metrics = QFontMetricsF(font)
        if len(lines) <= max_lines and all(metrics.horizontalAdvance(line) <= width
                                           for line in lines):
            return font, lines
        if font.pointSizeF() <= minimum_pt:
            return font, word_lines(text, font, width, hyphenate=True)[:max_lines]
        font.setPointSizeF(max(minimum_pt, font.pointSizeF() - 0.5))


def strip_cells(region: Region, count: int, theme: Theme) -> list[QRectF]:
    """`count` equal cells along the bottom of a strip (the answers, or their counts)."""
    margin, gap = theme.px(14), theme.px(8)
    height = answer_height(theme)
    width = (region.size.width() - 2 * margin - gap * (count - 1)) / count
    top = region.size.height() - margin - height
    return [QRectF(margin + i * (width + gap), top, width, height) for i in range(count)]


def layout_strip(region: Region, stage: Stage, mode: str, theme: Theme) -> None:
    """The strip's buttons for `mode` (none once revealed or done)."""
    region.targets.clear()
    if mode == ASK:
        region.targets.update(zip(stage.answers(),
                                  strip_cells(region, len(stage.answers()), theme),
                                  strict=True))
    elif mode == ANSWERED:
        cell = strip_cells(region, 1, theme)[0]
        width = min(cell.width(), theme.px(620))
        region.targets[CHANGE] = QRectF(cell.center().x() - width / 2, cell.top(), width,
                                        cell.height())


def _button(painter: QPainter, rect: QRectF, text: str, theme: Theme, fill: QColor,
            ink: QColor, border: QColor | None, font: QFont, lines: int = 3) -> None:
    radius = theme.px(12)
    painter.setPen(QPen(border, max(1.5, theme.px(2))) if border else Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)
    pad = theme.px(5)
    width = rect.width() - 2 * pad
    font, wrapped = fit_words(text, font, width, lines)
    painter.setPen(ink)
    step = QFontMetricsF(font).lineSpacing()
    top = rect.center().y() - step * len(wrapped) / 2
    draw_lines(painter, wrapped, font, rect.left() + pad, top, width,
               Qt.AlignmentFlag.AlignHCenter)


def paint_strip(painter: QPainter, region: Region, stage: Stage, mode: str, heading: str,
                counts: dict[str, int] | None, pressed: set[str], theme: Theme) -> None:
    """One seat's strip, in its own upright coordinates (the painter already turned)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    r = region.rect
    painter.setPen(QPen(QColor(palette.LINE), max(1.0, theme.px(2))))
    painter.setBrush(QColor(palette.TRAY))
    painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), theme.px(18), theme.px(18))
    margin = theme.px(14)
    head = QRectF(margin, margin, r.width() - 2 * margin, theme.px(30))
    head_font = fit_font(theme.font(15, bold=True), heading, head.width(), 1, 11)
    painter.setPen(QColor(palette.INK))
    painter.setFont(head_font)
    painter.drawText(head, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                     QFontMetricsF(head_font).elidedText(heading, Qt.TextElideMode.ElideRight,
                                                         head.width()))
    label_font = theme.font(14, minimum=10)
    if mode == ASK:
        for answer, rect in region.targets.items():
            down = answer in pressed
            fill = QColor(palette.INK if down else palette.CARD)
            ink = QColor(palette.CARD if down else palette.INK)
            if answer != PASS:  # a stripe of the answer's colour, as in the spread
                stripe = QRectF(rect.left() + theme.px(6), rect.top() + theme.px(5),
                                rect.width() - theme.px(12), theme.px(7))
                _button(painter, rect, stage.answer_label(answer), theme, fill, ink,
                        QColor(palette.LINE), label_font)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(answer_colour(stage, answer))
                painter.drawRoundedRect(stripe, theme.px(3), theme.px(3))
            else:
                _button(painter, rect, stage.answer_label(answer), theme,
                        QColor(palette.INK if down else PASS_COLOUR), ink,
                        QColor(palette.LINE), label_font)
    elif mode == ANSWERED:
        rect = region.targets[CHANGE]
        down = CHANGE in pressed
        _button(painter, rect, "Answered ✓   (tap to change)", theme,
                QColor(palette.INK if down else palette.OK), QColor(palette.ACCENT_INK), None,
                theme.font(17, bold=True), lines=2)
    elif mode == REVEALED and counts is not None:
        cells = strip_cells(region, len(counts), theme)
        paint_counts(painter, cells, stage, counts, theme)
    else:
        cell = strip_cells(region, 1, theme)[0]
        painter.setPen(QColor(palette.INK_SOFT))
        painter.setFont(theme.font(16))
        painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter),
                         "Thank you — all stages answered.")


def paint_counts(painter: QPainter, cells: list[QRectF], stage: Stage, counts: dict[str, int],
                 theme: Theme) -> None:
    """A strip's view of the spread: each answer's count, a bar in proportion to it, and
    its words, in the cell where the answer's button was."""
    most = max(1, max(counts.values()))
    count_font = theme.font(17, bold=True)
    count_metrics = QFontMetricsF(count_font)
    count_h = count_metrics.lineSpacing()
    pad = theme.px(5)
    for (answer, n), cell in zip(counts.items(), cells, strict=True):
        painter.setPen(QPen(QColor(palette.LINE), 1.5))
        painter.setBrush(QColor(palette.CARD))
        painter.drawRoundedRect(cell.adjusted(1, 1, -1, -1), theme.px(10), theme.px(10))
        inner = cell.adjusted(pad, theme.px(3), -pad, -theme.px(3))
        # the count, and beside it a bar in proportion to it
        painter.setPen(QColor(palette.INK))
        painter.setFont(count_font)
        number_w = count_metrics.horizontalAdvance(str(n)) + pad
        painter.drawText(QRectF(inner.left(), inner.top(), number_w, count_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(n))
        bar_w = inner.width() - number_w
        bar = QRectF(inner.left() + number_w, inner.top() + (count_h - theme.px(10)) / 2,
                     bar_w, theme.px(10))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.TRAY))
        painter.drawRoundedRect(bar, theme.px(3), theme.px(3))
        if n:
            painter.setPen(QPen(QColor(palette.INK_SOFT), 1) if answer == PASS
                           else Qt.PenStyle.NoPen)
            painter.setBrush(answer_colour(stage, answer))
            painter.drawRoundedRect(QRectF(bar.topLeft(), QSizeF(bar_w * n / most,
                                                                  bar.height())),
                                    theme.px(3), theme.px(3))
        words_top = inner.top() + count_h
        room = inner.bottom() - words_top
        font, lines = fit_words(stage.answer_label(answer), theme.font(12, minimum=10),
                                inner.width(), 3)
        step = QFontMetricsF(font).lineSpacing()
        painter.setPen(QColor(palette.INK))
        draw_lines(painter, lines, font, inner.left(),
                   words_top + max(0.0, (room - step * len(lines)) / 2), inner.width(),
                   Qt.AlignmentFlag.AlignHCenter)


def paint_spread(painter: QPainter, area: QRectF, stage: Stage, counts: dict[str, int],
                 theme: Theme) -> None:
    """The table's spread in the middle: a column per answer, its count above it and its
    words below, on one baseline."""
    n = len(counts)
    gap = theme.px(14)
    width = min(theme.px(190), (area.width() - gap * (n - 1)) / n)
    left = area.left() + (area.width() - (width * n + gap * (n - 1))) / 2
    label_font = theme.font(14, minimum=10)
    count_font = theme.font(20, bold=True)
    label_h = QFontMetricsF(label_font).lineSpacing() * 3
    count_h = QFontMetricsF(count_font).lineSpacing()
    base = area.bottom() - label_h - theme.px(6)
    tallest = max(theme.px(20), base - area.top() - count_h - theme.px(4))
    most = max(1, max(counts.values()))
    painter.setPen(QPen(QColor(palette.INK_SOFT), max(1.0, theme.px(2))))
    painter.drawLine(int(left - gap / 2), int(base), int(left + n * (width + gap) - gap / 2),
                     int(base))
    for i, (answer, count) in enumerate(counts.items()):
        x = left + i * (width + gap)
        h = tallest * count / most
        bar = QRectF(x, base - h, width, h)
        colour = answer_colour(stage, answer)
        painter.setPen(QPen(QColor(palette.INK_SOFT), 1.2) if answer == PASS
                       else Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        if count:
            painter.drawRect(bar)
        painter.setPen(QColor(palette.INK))
        painter.setFont(count_font)
        painter.drawText(QRectF(x, base - h - count_h - theme.px(2), width, count_h),
                         int(Qt.AlignmentFlag.AlignCenter), str(count))
        fitted, lines = fit_words(stage.answer_label(answer), label_font, width, 3)
        draw_lines(painter, lines, fitted, x, base + theme.px(6), width,
                   Qt.AlignmentFlag.AlignHCenter)
