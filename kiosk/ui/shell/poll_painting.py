"""Painting a poll's parts with QPainter (the table's screens never load pyqtgraph): a
seat's answer strip in each of its states, and the table's spread once revealed.

Colours are Okabe–Ito (safe for colour-blind readers and in greyscale): a diverging run
for a scale, from vermillion through grey to blue, and distinct hues for a choice's options;
every bar also carries its answer's words and its count, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from kiosk.domain.polls import PASS, Stage
from kiosk.ui import theme as palette
from kiosk.ui.board.painting import draw_lines, wrap_lines
from kiosk.ui.shell.poll_layout import (
    HEAD_LINES,
    Region,
    answer_height,
    head_font,
    head_height,
    layout_poll,
)
from kiosk.ui.theme import READABLE_PT, Theme

SCALE_COLOURS = ("#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2")
CHOICE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                  "#F0E442", "#000000")
PASS_COLOUR = "#E6DFD2"
ASK, ANSWERED, REVEALED, DONE = "ask", "answered", "revealed", "done"
CHANGE = "change"  # the target of an answered strip: tap to change the answer
HEAD_MIN_PT = 11


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


MIN_PART = 4  # a broken word leaves at least this many letters on each side
PREFIXES = ("inter", "under", "over", "non", "dis", "mis", "pre", "com", "con", "un", "in",
            "re")
SUFFIXES = ("ability", "ibility", "able", "ible", "tion", "sion", "ment", "ness", "less",
            "ship", "ful", "ing", "ity", "ous", "ive")
DIGRAPHS = {"ch", "ck", "gh", "ng", "ph", "qu", "sh", "th", "wh"}
VOWELS = set("aeiouy")


def break_points(word: str) -> list[tuple[int, int]]:
    """Where `word` may be broken, as (grade, letters before the break), leaving at least
    MIN_PART letters on each side: grade 3 after a hyphen it has, 2 after a prefix or before
    a suffix ("Un|com|fort|able"), 1 between two consonants or before a consonant that
    starts a syllable, 0 anywhere else."""
    low = word.lower()
    good: set[int] = set()
    at = 0
    while True:  # prefixes, one after another: un + com
        found = next((p for p in PREFIXES if low.startswith(p, at)
                      and len(low) - at - len(p) >= MIN_PART), None)
        if found is None:
            break
        at += len(found)
        good.add(at)
    good.update(len(low) - len(s) for s in SUFFIXES if low.endswith(s))
    points = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        before, after = low[cut - 1], low[cut]
        if before == "-":
            grade = 3
        elif cut in good:
            grade = 2
        elif before.isalpha() and after.isalpha() and (
                (before not in VOWELS and after not in VOWELS
                 and before + after not in DIGRAPHS)
                or (before in VOWELS and after not in VOWELS and cut + 1 < len(low)
                    and low[cut + 1] in VOWELS)):
            grade = 1
        else:
            grade = 0
        points.append((grade, cut))
    return points


def break_word(word: str, metrics: QFontMetricsF, width: float) -> tuple[str, str] | None:
    """`word` cut for a line of `width`: the head (with its hyphen) and the rest; the best
    graded break whose head fits, the longest of those; None when none fits."""
    fitting = []
    for grade, cut in break_points(word):
        head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
        if metrics.horizontalAdvance(head) <= width:
            fitting.append((grade, cut, head))
    if not fitting:
        return None
    _grade, cut, head = max(fitting)
    return head, word[cut:]


def word_lines(text: str, font: QFont, width: float, hyphenate: bool = False) -> list[str]:
    """`text` broken at spaces into lines of `width`; a word wider than a line is broken
    with a hyphen at a sensible point when `hyphenate` (never fewer than MIN_PART letters
    either side), else left whole (and so too wide)."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while hyphenate and metrics.horizontalAdvance(word) > width:
            cut = break_word(word, metrics, width)
            if cut is None:
                break
            if line:
                lines.append(line)
                line = ""
            lines.append(cut[0])
            word = cut[1]
        candidate = f"{line} {word}" if line else word
        if line and metrics.horizontalAdvance(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fits(lines: list[str], metrics: QFontMetricsF, width: float, max_lines: int,
          height: float | None) -> bool:
    return (len(lines) <= max_lines and all(metrics.horizontalAdvance(x) <= width
                                            for x in lines)
            and (height is None or metrics.lineSpacing() * len(lines) <= height))


def _sizes(font: QFont, minimum_pt: float) -> Iterator[QFont]:
    """`font` and then copies of it half a point smaller each, down to `minimum_pt`."""
    font = QFont(font)
    while True:
        yield font
        if font.pointSizeF() <= minimum_pt:
            return
        font = QFont(font)
        font.setPointSizeF(max(minimum_pt, font.pointSizeF() - 0.5))


def fit_all(texts: list[str], font: QFont, width: float, max_lines: int,
            minimum_pt: float = 10, height: float | None = None,
            whole_pt: float | None = None) -> tuple[QFont, list[list[str]]]:
    """One type size for all `texts` (a strip's answers, the spread's columns): the largest
    (from `font` down to `whole_pt`, or `minimum_pt` if not given) at which every text fits
    `width` in `max_lines` lines (and `height`, when given) without breaking a word; failing
    that, the largest down to `minimum_pt` at which they fit with words broken at sensible
    points; failing that too, the smallest, so broken."""
    whole_floor = minimum_pt if whole_pt is None else max(minimum_pt, whole_pt)
    for size in _sizes(font, whole_floor):
        metrics = QFontMetricsF(size)
        wrapped = [word_lines(text, size, width) for text in texts]
        if all(_fits(lines, metrics, width, max_lines, height) for lines in wrapped):
            return size, wrapped
    if whole_pt is not None:
        for size in _sizes(font, minimum_pt):  # a broken word is left only where whole
            metrics = QFontMetricsF(size)  # ones do not fit (word_lines keeps them whole)
            wrapped = [word_lines(text, size, width, hyphenate=True) for text in texts]
            if all(_fits(lines, metrics, width, max_lines, height) for lines in wrapped):
                return size, wrapped
    smallest = QFont(font)
    smallest.setPointSizeF(min(font.pointSizeF(), minimum_pt))
    return smallest, [word_lines(text, smallest, width, hyphenate=True)[:max_lines]
                      for text in texts]


def fit_words(text: str, font: QFont, width: float, max_lines: int,
              minimum_pt: float = 10) -> tuple[QFont, list[str]]:
    """The largest type (from `font` down to `minimum_pt`) at which `text` fits `width` in
    `max_lines` lines without breaking a word; failing that, the smallest, words broken at
    sensible points."""
    fitted, (lines,) = fit_all([text], font, width, max_lines, minimum_pt)
    return fitted, lines


def fit_heading(text: str, theme: Theme, width: float,
                lines: int = HEAD_LINES) -> tuple[QFont, list[str]]:
    """The question on a strip: whole words in at most `lines` lines, the type shrunk (to
    HEAD_MIN_PT) as needed; a question too long even then is elided at the end (it is
    whole in the middle of the table)."""
    font = head_font(theme)
    height = head_height(theme, lines)
    while True:
        wrapped = word_lines(text, font, width)
        if _fits(wrapped, QFontMetricsF(font), width, lines, height):
            return font, wrapped
        if font.pointSizeF() <= HEAD_MIN_PT:
            return font, wrap_lines(text, font, width, lines)
        font.setPointSizeF(max(HEAD_MIN_PT, font.pointSizeF() - 0.5))


def heading_width(region: Region, theme: Theme) -> float:
    return region.size.width() - 2 * theme.px(14)


def layout_for(width: float, height: float, seats: int, theme: Theme, headings: list[str],
               turned: bool = False) -> tuple[list[Region], Region]:
    """`layout_poll` with the strips' headings one line deep when every one of `headings`
    (a poll's questions and title) fits one line on every strip, else HEAD_LINES: a strip
    is no deeper than its words need, and no stage changes the layout."""
    for lines in range(1, HEAD_LINES + 1):
        strips, centre = layout_poll(width, height, seats, theme, turned, lines)
        if lines == HEAD_LINES or all(
                " ".join(fit_heading(text, theme, heading_width(r, theme), lines)[1]) == text
                for r in strips for text in headings):
            break
    return strips, centre


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


def _button(painter: QPainter, rect: QRectF, lines: list[str], theme: Theme, fill: QColor,
            ink: QColor, border: QColor | None, font: QFont,
            room: QRectF | None = None) -> None:
    """A button, its `lines` centred in `room` (the button less its padding, if None)."""
    radius = theme.px(12)
    painter.setPen(QPen(border, max(1.5, theme.px(2))) if border else Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)
    pad = theme.px(5)
    if room is None:
        room = rect.adjusted(pad, 0, -pad, 0)
    painter.setPen(ink)
    step = QFontMetricsF(font).lineSpacing()
    top = room.center().y() - step * len(lines) / 2
    draw_lines(painter, lines, font, room.left(), top, room.width(),
               Qt.AlignmentFlag.AlignHCenter)


def answer_room(cell: QRectF, theme: Theme) -> QRectF:
    """Where an answer button's words go: below its colour stripe (at its top) and inside
    its rounded edge, on every button of a strip alike (Pass, with no stripe, too)."""
    pad = theme.px(5)
    below_stripe = theme.px(5) + theme.px(7) + theme.px(2)
    return cell.adjusted(pad, below_stripe, -pad, -pad)


def answer_words(region: Region, stage: Stage, theme: Theme) -> tuple[QFont, list[list[str]]]:
    """The words on a strip's answer buttons, one type size for them all: 18 px (with whole
    words) where they fit, else the largest size at which they fit their buttons."""
    cells = strip_cells(region, len(stage.answers()), theme)
    room = answer_room(cells[0], theme)
    return fit_all([stage.answer_label(a) for a in stage.answers()],
                   theme.font(14, minimum=READABLE_PT), room.width(), 3,
                   height=room.height(), whole_pt=READABLE_PT)


def paint_heading(painter: QPainter, region: Region, heading: str, theme: Theme) -> None:
    margin = theme.px(14)
    width = heading_width(region, theme)
    room = region.head_lines or HEAD_LINES
    font, lines = fit_heading(heading, theme, width, room)
    step = QFontMetricsF(font).lineSpacing()
    top = margin + (head_height(theme, room) - step * len(lines)) / 2
    painter.setPen(QColor(palette.INK))
    draw_lines(painter, lines, font, margin, top, width, Qt.AlignmentFlag.AlignHCenter)


def paint_strip(painter: QPainter, region: Region, stage: Stage, mode: str, heading: str,
                counts: dict[str, int] | None, pressed: set[str], theme: Theme) -> None:
    """One seat's strip, in its own upright coordinates (the painter already turned)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    r = region.rect
    painter.setPen(QPen(QColor(palette.LINE), max(1.0, theme.px(2))))
    painter.setBrush(QColor(palette.TRAY))
    painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), theme.px(18), theme.px(18))
    paint_heading(painter, region, heading, theme)
    if mode == ASK:
        label_font, words = answer_words(region, stage, theme)
        for (answer, rect), lines in zip(region.targets.items(), words, strict=True):
            down = answer in pressed
            fill = QColor(palette.INK if down else palette.CARD)
            ink = QColor(palette.CARD if down else palette.INK)
            if answer != PASS:  # a stripe of the answer's colour, as in the spread
                stripe = QRectF(rect.left() + theme.px(6), rect.top() + theme.px(5),
                                rect.width() - theme.px(12), theme.px(7))
                _button(painter, rect, lines, theme, fill, ink, QColor(palette.LINE),
                        label_font, answer_room(rect, theme))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(answer_colour(stage, answer))
                painter.drawRoundedRect(stripe, theme.px(3), theme.px(3))
            else:
                _button(painter, rect, lines, theme,
                        QColor(palette.INK if down else PASS_COLOUR), ink,
                        QColor(palette.LINE), label_font, answer_room(rect, theme))
    elif mode == ANSWERED:
        rect = region.targets[CHANGE]
        down = CHANGE in pressed
        font, lines = fit_words("Answered ✓   (tap to change)",
                                theme.font(17, bold=True, minimum=READABLE_PT),
                                rect.width() - 2 * theme.px(5), 2)
        _button(painter, rect, lines, theme, QColor(palette.INK if down else palette.OK),
                QColor(palette.ACCENT_INK), None, font)
    elif mode == REVEALED and counts is not None:
        cells = strip_cells(region, len(counts), theme)
        paint_counts(painter, cells, stage, counts, theme)
    else:
        cell = strip_cells(region, 1, theme)[0]
        painter.setPen(QColor(palette.INK_SOFT))
        painter.setFont(theme.font(16, minimum=READABLE_PT))
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
    room = cells[0].height() - 2 * theme.px(3) - count_h if cells else 0.0
    font, words = fit_all([stage.answer_label(a) for a in counts],
                          theme.font(14, minimum=READABLE_PT),
                          cells[0].width() - 2 * pad if cells else 0.0, 3, height=room,
                          whole_pt=READABLE_PT)
    step = QFontMetricsF(font).lineSpacing()
    for (answer, n), cell, lines in zip(counts.items(), cells, words, strict=True):
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
    label_font = theme.font(14, minimum=READABLE_PT)
    count_font = theme.font(20, bold=True)
    label_h = QFontMetricsF(label_font).lineSpacing() * 3
    count_h = QFontMetricsF(count_font).lineSpacing()
    base = area.bottom() - label_h - theme.px(6)
    tallest = max(theme.px(20), base - area.top() - count_h - theme.px(4))
    most = max(1, max(counts.values()))
    fitted, words = fit_all([stage.answer_label(a) for a in counts], label_font, width, 3,
                            height=label_h, whole_pt=READABLE_PT)
    painter.setPen(QPen(QColor(palette.INK_SOFT), max(1.0, theme.px(2))))
    painter.drawLine(int(left - gap / 2), int(base), int(left + n * (width + gap) - gap / 2),
                     int(base))
    for i, ((answer, count), lines) in enumerate(zip(counts.items(), words, strict=True)):
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
        draw_lines(painter, lines, fitted, x, base + theme.px(6), width,
                   Qt.AlignmentFlag.AlignHCenter)


def spread_note(counts: dict[str, int], seats: int) -> str:
    """Who is in the spread, in words: "5 of 6 seats answered · 1 passed · 1 did not
    answer" (the parts that are none left out)."""
    answered = sum(counts.values())
    parts = [f"{answered} of {seats} seats answered" if answered < seats
             else f"All {seats} seats answered"]
    passed = counts.get(PASS, 0)
    if passed:
        parts.append(f"{passed} passed")
    if answered < seats:
        parts.append(f"{seats - answered} did not answer")
    return " · ".join(parts)
