"""Where a card face's words go on a card of a given size: the id badge, the title in large
type and the summary below it, each at the largest size that shows it whole. Type and
geometry only (QtGui, no widget), so the board's cards and `kiosk check`'s notes on decks
measure faces the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from math import floor

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.domain.decks import Card
from kiosk.ui.board.painting import READABLE_PT, wrap_lines
from kiosk.ui.theme import Theme

TITLE_SPACING = 0.9  # wrapped titles sit a little tighter than the font's line spacing
SUMMARY_SPACING = 0.95
# The summary is read from a metre away: set in the ink of the title, at this size (points at
# 1080p, never under SUMMARY_MIN_PT: 18 px), and made smaller only as far as SUMMARY_FLOOR_PT
# where that lets the whole of it fit on the card instead of ending in "…".
SUMMARY_PT = 15.0
SUMMARY_MIN_PT = READABLE_PT
SUMMARY_FLOOR_PT = 12.0
SUMMARY_FLOOR_MIN_PT = 11.0
MAX_SUMMARY_LINES = 3
TITLE_FLOOR_PT = 12.0  # a long title shrinks this far to stay on one line (whole summary)
TITLE_SHRINK = 0.9


def badge_text(card_id: str) -> str:
    """What the id badge shows: a short id as it is ("3", "B", "camden"); a long slug by
    its initials ("troubled-families" → "TF"), which is easier to say across a table."""
    words = [w for w in re.split(r"[-_.\s]+", card_id) if w]
    if len(card_id) <= 8 or len(words) < 2:
        return card_id
    return "".join(w[0] for w in words[:4]).upper()


@dataclass
class FaceLayout:
    """A card face laid out (in the card's coordinates)."""

    size: QSizeF = field(default_factory=lambda: QSizeF(200, 80))
    pad: float = 10.0
    badge: QRectF = field(default_factory=QRectF)
    badge_text: str = ""
    title: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    summary_gap: float = 0.0
    summary_w: float = 10.0
    text_top: float = 10.0
    fonts: dict[str, QFont] = field(default_factory=dict)

    @property
    def title_font(self) -> QFont:
        return self.fonts.get("title", QFont())

    @property
    def summary_font(self) -> QFont:
        return self.fonts.get("summary", QFont())

    def summary_block(self) -> tuple[list[str], QFont, QRectF]:
        """The summary as drawn: its lines, its font and the rectangle they fill."""
        font = self.summary_font
        step = QFontMetricsF(font).lineSpacing() * SUMMARY_SPACING
        title_step = QFontMetricsF(self.title_font).lineSpacing() * TITLE_SPACING
        top = self.text_top + len(self.title) * title_step + self.summary_gap
        return (list(self.summary), font,
                QRectF(self.pad, top, self.summary_w, len(self.summary) * step))


def lay_out_face(card: Card, size: QSizeF, theme: Theme, factor: float) -> FaceLayout:
    t = theme
    w, h = size.width(), size.height()
    pad = max(6.0, min(t.px(14), h * 0.08))  # snug: the room goes to 18 px type
    title_font = t.font(18 * factor, bold=True, minimum=READABLE_PT)
    badge_font = t.font(15 * factor, bold=True, minimum=READABLE_PT)
    tm, bm = QFontMetricsF(title_font), QFontMetricsF(badge_font)
    side = max(tm.height(), bm.height()) * 1.25
    shown_id = badge_text(card.id)
    badge_w = max(side, min(bm.horizontalAdvance(shown_id) + bm.height(), w * 0.25))
    text_w = w - badge_w - 2.9 * pad  # as drawn: pad, badge, 0.9 pad, text, pad
    avail = h - 2 * pad
    title_font = _fit_title(card.title, title_font, text_w)
    tm = QFontMetricsF(title_font)
    title_step = tm.lineSpacing() * TITLE_SPACING
    title_lines = max(1, min(2, floor(avail / title_step)))
    title = wrap_lines(card.title, title_font, text_w, title_lines)
    # The summary runs the card's whole width, below the title and clear of the badge
    # (which stands beside the title's first line, and out below a single line).
    below_badge = (side - title_step) / 2 + pad * 0.15 if len(title) == 1 else 0.0
    summary_gap = max(pad * 0.25, below_badge)
    summary_w = w - 2 * pad
    room = avail - len(title) * title_step - summary_gap
    summary_font, summary = _fit_summary(card.summary, t, summary_w, room, factor)
    sm = QFontMetricsF(summary_font)
    # the text block sits in the middle of the card, the badge beside its first line
    block = len(title) * title_step
    if summary:
        block += summary_gap + len(summary) * sm.lineSpacing() * SUMMARY_SPACING
    text_top = pad + max(0.0, (avail - block) / 2)
    badge_top = max(pad * 0.5, text_top + (title_step - side) / 2)
    return FaceLayout(size=QSizeF(size), pad=pad, badge=QRectF(pad, badge_top, badge_w, side),
                      badge_text=shown_id, title=title, summary=summary,
                      summary_gap=summary_gap, summary_w=summary_w, text_top=text_top,
                      fonts={"title": title_font, "summary": summary_font,
                             "badge": badge_font})


def _fit_title(title: str, font: QFont, width: float) -> QFont:
    """A title a little too long for one line is set a little smaller (never under
    TITLE_FLOOR_PT, nor by more than TITLE_SHRINK) to keep to one line, which leaves the
    summary a line more; a longer one keeps its size and wraps."""
    if len(wrap_lines(title, font, width, 2)) <= 1:
        return font
    smallest = max(TITLE_FLOOR_PT, font.pointSizeF() * TITLE_SHRINK)
    trial = QFont(font)
    while trial.pointSizeF() > smallest:
        trial.setPointSizeF(max(smallest, trial.pointSizeF() * 0.97))
        if len(wrap_lines(title, trial, width, 2)) <= 1:
            return trial
    return font


def _fit_summary(text: str, t: Theme, width: float, room: float,
                 factor: float) -> tuple[QFont, list[str]]:
    """The summary's font and lines: the largest size, from the full one down to the
    floor, at which all of it fits in `room` (its height) and `width`; at the floor it
    is cut short only when even that cannot hold it."""
    font = t.font(SUMMARY_PT * factor, minimum=SUMMARY_MIN_PT)
    floor_pt = min(font.pointSizeF(), t.pt(SUMMARY_FLOOR_PT * factor, SUMMARY_FLOOR_MIN_PT))
    while True:
        step = QFontMetricsF(font).lineSpacing() * SUMMARY_SPACING
        lines = max(0, min(MAX_SUMMARY_LINES, floor(room / step)))
        shown = wrap_lines(text, font, width, lines)
        whole = len(wrap_lines(text, font, width, lines + 1)) <= lines
        if whole or font.pointSizeF() <= floor_pt:
            return font, shown
        font = QFont(font)
        font.setPointSizeF(max(floor_pt, font.pointSizeF() * 0.95))
