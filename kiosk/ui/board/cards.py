"""A card on the board: white, rounded, lying on the table with a soft shadow; an id badge,
the title in large type and the two-line summary. It animates to wherever the board puts it
and lifts (bigger shadow, slightly larger) while a finger drags it."""

from __future__ import annotations

import re
from math import floor

from PySide6.QtCore import (
    QEasingCurve,
    QPointF,
    QPropertyAnimation,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from kiosk.domain.decks import Card
from kiosk.ui import theme as palette
from kiosk.ui.board.painting import READABLE_PT, draw_lines, draw_soft_shadow, wrap_lines
from kiosk.ui.theme import Theme

Z_RESTING = 10.0
Z_SETTLING = 40.0
Z_LIFTED = 100.0
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
SUMMARY_INK = palette.INK


def badge_text(card_id: str) -> str:
    """What the id badge shows: a short id as it is ("3", "B", "camden"); a long slug by
    its initials ("troubled-families" → "TF"), which is easier to say across a table."""
    words = [w for w in re.split(r"[-_.\s]+", card_id) if w]
    if len(card_id) <= 8 or len(words) < 2:
        return card_id
    return "".join(w[0] for w in words[:4]).upper()


class Glide:
    """Animates a QGraphicsObject's position; retargeting keeps the motion continuous."""

    def __init__(self, item: QGraphicsObject) -> None:
        self.item = item
        self.anim = QPropertyAnimation(item, b"pos", item)
        self.anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.target: QPointF | None = None

    def to(self, target: QPointF, duration_ms: int) -> None:
        if self.target is not None and self.target == target and (
                self.anim.state() == QPropertyAnimation.State.Running
                or self.item.pos() == target):
            return
        self.target = QPointF(target)
        self.anim.stop()
        if duration_ms <= 0 or self.item.pos() == target:
            self.item.setPos(target)
            return
        self.anim.setDuration(duration_ms)
        self.anim.setStartValue(self.item.pos())
        self.anim.setEndValue(target)
        self.anim.start()

    def stop(self) -> None:
        self.anim.stop()
        self.target = None

    @property
    def running(self) -> bool:
        return self.anim.state() == QPropertyAnimation.State.Running


class CardItem(QGraphicsObject):
    def __init__(self, card: Card, lens_colour: QColor) -> None:
        super().__init__()
        self.card = card
        self.lens_colour = QColor(lens_colour)
        self.glide = Glide(self)
        self.glide.anim.finished.connect(self._settled)
        self._size = QSizeF(200, 80)
        self._theme = Theme()
        self._selected = False
        self._lifted = False
        self._placed = False
        self._fonts: dict[str, QFont] = {}
        self._title: list[str] = []
        self._summary: list[str] = []
        self._badge = QRectF()
        self._pad = 10.0
        self._text_top = 10.0
        self._text_w = 10.0
        self._summary_w = 10.0
        self._summary_gap = 0.0
        self._badge_text = badge_text(card.id)
        self.setZValue(Z_RESTING)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    # ----- state shown on the card
    @property
    def card_id(self) -> str:
        return self.card.id

    @property
    def size(self) -> QSizeF:
        return QSizeF(self._size)

    def card_rect(self) -> QRectF:
        """The card itself in scene coordinates (without shadow or ring)."""
        return QRectF(self.pos(), self._size)

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    @property
    def selected(self) -> bool:
        return self._selected

    def set_placed(self, placed: bool) -> None:
        if placed != self._placed:
            self._placed = placed
            self.update()

    def set_lifted(self, lifted: bool) -> None:
        if lifted == self._lifted:
            return
        self._lifted = lifted
        self.prepareGeometryChange()
        self.setTransformOriginPoint(self._size.width() / 2, self._size.height() / 2)
        self.setScale(1.03 if lifted else 1.0)
        if lifted:
            self.glide.stop()
            self.setZValue(Z_LIFTED)
        else:
            self.setZValue(Z_SETTLING)
        self.update()

    @property
    def lifted(self) -> bool:
        return self._lifted

    def _settled(self) -> None:
        if not self._lifted:
            self.setZValue(Z_RESTING)

    # ----- layout of the face
    def set_layout(self, size: QSizeF, theme: Theme, factor: float) -> None:
        self.prepareGeometryChange()
        self._size = QSizeF(size)
        self._theme = theme
        t = theme
        w, h = size.width(), size.height()
        pad = max(6.0, min(t.px(14), h * 0.08))  # snug: the room goes to 18 px type
        self._pad = pad
        title_font = t.font(18 * factor, bold=True, minimum=READABLE_PT)
        badge_font = t.font(15 * factor, bold=True, minimum=READABLE_PT)
        tm, bm = QFontMetricsF(title_font), QFontMetricsF(badge_font)
        side = max(tm.height(), bm.height()) * 1.25
        self._badge_text = badge_text(self.card.id)
        badge_w = max(side, min(bm.horizontalAdvance(self._badge_text) + bm.height(), w * 0.25))
        self._badge = QRectF(pad, pad, badge_w, side)
        text_w = w - badge_w - 2.9 * pad  # as drawn: pad, badge, 0.9 pad, text, pad
        self._text_w = text_w
        avail = h - 2 * pad
        title_font = self._fit_title(title_font, text_w)
        tm = QFontMetricsF(title_font)
        title_step = tm.lineSpacing() * TITLE_SPACING
        title_lines = max(1, min(2, floor(avail / title_step)))
        self._title = wrap_lines(self.card.title, title_font, text_w, title_lines)
        # The summary runs the card's whole width, below the title and clear of the badge
        # (which stands beside the title's first line, and out below a single line).
        below_badge = (side - title_step) / 2 + pad * 0.15 if len(self._title) == 1 else 0.0
        self._summary_gap = max(pad * 0.25, below_badge)
        self._summary_w = w - 2 * pad
        room = avail - len(self._title) * title_step - self._summary_gap
        summary_font, self._summary = self._fit_summary(self._summary_w, room, factor)
        sm = QFontMetricsF(summary_font)
        self._fonts = {"title": title_font, "summary": summary_font, "badge": badge_font}
        # the text block sits in the middle of the card, the badge beside its first line
        block = len(self._title) * title_step
        if self._summary:
            block += self._summary_gap + len(self._summary) * sm.lineSpacing() * SUMMARY_SPACING
        self._text_top = pad + max(0.0, (avail - block) / 2)
        badge_top = max(pad * 0.5, self._text_top + (title_step - side) / 2)
        self._badge = QRectF(pad, badge_top, badge_w, side)
        self.setTransformOriginPoint(w / 2, h / 2)
        self.update()

    def _fit_title(self, font: QFont, width: float) -> QFont:
        """A title a little too long for one line is set a little smaller (never under
        TITLE_FLOOR_PT, nor by more than TITLE_SHRINK) to keep to one line, which leaves the
        summary a line more; a longer one keeps its size and wraps."""
        title = self.card.title
        if len(wrap_lines(title, font, width, 2)) <= 1:
            return font
        smallest = max(TITLE_FLOOR_PT, font.pointSizeF() * TITLE_SHRINK)
        trial = QFont(font)
        while trial.pointSizeF() > smallest:
            trial.setPointSizeF(max(smallest, trial.pointSizeF() * 0.97))
            if len(wrap_lines(title, trial, width, 2)) <= 1:
                return trial
        return font

    def _fit_summary(self, width: float, room: float, factor: float) -> tuple[QFont, list[str]]:
        """The summary's font and lines: the largest size, from the full one down to the
        floor, at which all of it fits in `room` (its height) and `width`; at the floor it
        is cut short only when even that cannot hold it."""
        t = self._theme
        text = self.card.summary
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

    def summary_block(self) -> tuple[list[str], QFont, QRectF]:
        """The summary as drawn: its lines, its font and the rectangle they fill (in the
        card's coordinates)."""
        font = self._fonts.get("summary", QFont())
        step = QFontMetricsF(font).lineSpacing() * SUMMARY_SPACING
        title_step = QFontMetricsF(self.title_font).lineSpacing() * TITLE_SPACING
        top = self._text_top + len(self._title) * title_step + self._summary_gap
        return (list(self._summary), font,
                QRectF(self._pad, top, self._summary_w, len(self._summary) * step))

    @property
    def summary_colour(self) -> QColor:
        return QColor(SUMMARY_INK)

    @property
    def title_font(self) -> QFont:
        return self._fonts.get("title", QFont())

    @property
    def shown_lines(self) -> tuple[list[str], list[str]]:
        return list(self._title), list(self._summary)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        # room for the selection ring and the shadow, no more: every cached pixel costs
        t = self._theme
        side = t.px(34 if self._lifted else 13) + 3
        below = t.px(48 if self._lifted else 17) + 3
        return QRectF(-side, -side, self._size.width() + 2 * side,
                      self._size.height() + side + below)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self._theme
        w, h = self._size.width(), self._size.height()
        rect = QRectF(0, 0, w, h)
        radius = t.px(12)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._lifted:
            draw_soft_shadow(painter, rect, radius, t.px(26), t.px(12), 1.6)
        else:
            draw_soft_shadow(painter, rect, radius, t.px(10), t.px(3), 1.0)
        if self._selected:
            ring = t.px(5)
            painter.setPen(QPen(QColor(palette.ACCENT), ring))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-ring, -ring, ring, ring), radius + ring,
                                    radius + ring)
        body = QPainterPath()
        body.addRoundedRect(rect, radius, radius)
        painter.fillPath(body, QColor(palette.CARD))
        if self._placed:  # a band of the lens colour: the card is on the ladder
            painter.save()
            painter.setClipPath(body)
            painter.fillRect(QRectF(0, 0, t.px(7), h), self.lens_colour)
            painter.restore()
        painter.setPen(QPen(QColor(0, 0, 0, 28), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        # id badge
        badge = self._badge
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.INK))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(QColor(palette.ACCENT_INK))
        painter.setFont(self._fonts["badge"])
        metrics = QFontMetricsF(self._fonts["badge"])
        label = metrics.elidedText(self._badge_text, Qt.TextElideMode.ElideRight,
                                   badge.width() - metrics.height() * 0.5)
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
        # title and summary
        left = badge.right() + self._pad * 0.9
        text_w = w - left - self._pad
        top = self._text_top
        painter.setPen(QColor(palette.INK))
        top = draw_lines(painter, self._title, self._fonts["title"], left, top, text_w,
                         spacing=TITLE_SPACING)
        painter.setPen(self.summary_colour)
        draw_lines(painter, self._summary, self._fonts["summary"], self._pad,
                   top + self._summary_gap, self._summary_w, spacing=SUMMARY_SPACING)
