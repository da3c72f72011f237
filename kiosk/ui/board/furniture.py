"""The board's fixed furniture: the header with the lens question, the numbered places of
the ladder, the "most …" / "least …" labels, the tray, and the acceptability cut line."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from kiosk.domain.lenses import Lens
from kiosk.ui import theme as palette
from kiosk.ui.board.cards import Glide
from kiosk.ui.board.painting import READABLE_PT, draw_icon, draw_lines, fit_font, wrap_lines
from kiosk.ui.theme import Theme

PLACE_FILL = QColor("#ECE5D8")
OVER_FILL = QColor("#DCEFF5")


def _tint(colour: QColor, alpha: float) -> QColor:
    tinted = QColor(colour)
    tinted.setAlphaF(alpha)
    return tinted


class Furniture(QGraphicsObject):
    """An item drawn into a rectangle given by the layout; it never takes events itself."""

    def __init__(self) -> None:
        super().__init__()
        self._size = QSizeF(10, 10)
        self.theme = Theme()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # drawn once into a pixmap: cards sliding over the furniture then cost a blit
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_rect(self, rect: QRectF, theme: Theme) -> None:
        self.prepareGeometryChange()
        self.theme = theme
        self._size = rect.size()
        self.setPos(rect.topLeft())
        self.update()

    def rect(self) -> QRectF:
        return QRectF(QPointF(0, 0), self._size)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self.rect().adjusted(-4, -4, 4, 4)


class HeaderItem(Furniture):
    """The lens in colour and in words, and its question in large type."""

    def __init__(self, lens: Lens, deck_title: str) -> None:
        super().__init__()
        self.lens = lens
        self.deck_title = deck_title
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect()
        colour = Theme.lens_colour(self.lens.id)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(r, QColor(palette.CARD))
        painter.fillRect(QRectF(0, r.bottom() - t.px(6), r.width(), t.px(6)), colour)
        margin = t.px(22)
        # the lens word on a pill of the lens colour
        pill_font = t.font(17, bold=True, minimum=READABLE_PT)
        pm = QFontMetricsF(pill_font)
        word = self.lens.title.upper()
        pill = QRectF(margin, 0, pm.horizontalAdvance(word) + pm.height() * 1.6,
                      pm.height() * 1.9)
        pill.moveCenter(QPointF(pill.center().x(), r.center().y() - t.px(3)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor(palette.ACCENT_INK))
        painter.setFont(pill_font)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), word)
        # the deck, small, on the right
        deck_font = t.font(14, minimum=READABLE_PT)
        dm = QFontMetricsF(deck_font)
        deck_w = min(dm.horizontalAdvance(self.deck_title) + 2, r.width() * 0.2)
        painter.setPen(QColor(palette.INK_SOFT))
        painter.setFont(deck_font)
        deck_rect = QRectF(r.right() - margin - deck_w, 0, deck_w, r.height() - t.px(6))
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(deck_rect, right,
                         dm.elidedText(self.deck_title, Qt.TextElideMode.ElideRight, deck_w))
        # the question
        left = pill.right() + t.px(26)
        width = deck_rect.left() - t.px(24) - left
        font = fit_font(t.font(30, bold=True, minimum=READABLE_PT), self.lens.question, width,
                        1, t.pt(22))
        lines = wrap_lines(self.lens.question, font, width, 2)
        qm = QFontMetricsF(font)
        top = (r.height() - t.px(6) - len(lines) * qm.lineSpacing()) / 2
        painter.setPen(QColor(palette.INK))
        draw_lines(painter, lines, font, left, top, width)


class PlaceItem(Furniture):
    """A numbered place on the ladder: its number in the gutter and a dashed outline. With a
    cut line, the number takes the colour of its side (the line itself carries the words)."""

    def __init__(self, slot: int) -> None:
        super().__init__()
        self.slot = slot
        self.glide = Glide(self)
        self.gutter = 40.0
        self.target_of_drag = False
        self.hint = False  # "drop a card here", on the first free place
        self.tier: str | None = None  # "acceptable" | "not acceptable" | None
        self.setZValue(1)

    def set_gutter(self, gutter: float) -> None:
        self.gutter = gutter

    def set_target(self, on: bool) -> None:
        if on != self.target_of_drag:
            self.target_of_drag = on
            self.update()

    def set_state(self, hint: bool, tier: str | None) -> None:
        if (hint, tier) != (self.hint, self.tier):
            self.hint, self.tier = hint, tier
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        number = QRectF(0, 0, self.gutter, r.height())
        font = t.font(26, bold=True, minimum=READABLE_PT)
        painter.setFont(font)
        colour = {"acceptable": palette.OK, "not acceptable": palette.WARN}.get(
            self.tier or "", palette.INK)
        painter.setPen(QColor(colour))
        painter.drawText(number.adjusted(0, 0, -t.px(10), 0),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         str(self.slot + 1))
        box = QRectF(self.gutter, 0, r.width() - self.gutter, r.height()).adjusted(1, 1, -1, -1)
        radius = t.px(12)
        if self.target_of_drag:
            painter.setPen(QPen(QColor(palette.ACCENT), t.px(4)))
            painter.setBrush(OVER_FILL)
        else:
            pen = QPen(QColor(palette.LINE), max(1.5, t.px(2)), Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(PLACE_FILL)
        painter.drawRoundedRect(box, radius, radius)
        if self.hint and not self.target_of_drag:
            painter.setPen(QColor(palette.INK_SOFT))
            painter.setFont(t.font(15, minimum=READABLE_PT))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), "drop a card here")


class LabelItem(Furniture):
    """'▲ Most beneficial' above the ladder, '▼ Least beneficial' below it."""

    def __init__(self, text: str, icon: str, colour: QColor) -> None:
        super().__init__()
        self.text = text
        self.icon = icon
        self.colour = QColor(colour)
        self.indent = 0.0
        self.setZValue(2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = t.font(18, bold=True, minimum=READABLE_PT)
        fm = QFontMetricsF(font)
        icon = QRectF(self.indent, 0, fm.height() * 0.8, r.height())
        icon.moveRight(self.indent - t.px(12))
        draw_icon(painter, self.icon, icon, self.colour)
        painter.setPen(self.colour)
        painter.setFont(font)
        text_rect = QRectF(self.indent, 0, r.width() - self.indent, r.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(self.text, Qt.TextElideMode.ElideRight, text_rect.width()))


class TrayItem(Furniture):
    """Where the cards wait; it lights up when a card dragged over it would go back."""

    def __init__(self) -> None:
        super().__init__()
        self.label_h = 40.0
        self.pad = 12.0
        self.hovered = False
        self.empty = False
        self.setZValue(0)

    def set_state(self, hovered: bool, empty: bool) -> None:
        if (hovered, empty) != (self.hovered, self.empty):
            self.hovered, self.empty = hovered, empty
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = t.px(18)
        if self.hovered:
            painter.setPen(QPen(QColor(palette.ACCENT), t.px(4)))
            painter.setBrush(OVER_FILL)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.TRAY))
        painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), radius, radius)
        head = QRectF(self.pad, self.pad * 0.6, r.width() - 2 * self.pad, self.label_h)
        title_font = t.font(18, bold=True, minimum=READABLE_PT)
        hint_font = t.font(14, minimum=READABLE_PT)
        painter.setPen(QColor(palette.INK))
        painter.setFont(title_font)
        title = "Drop here to take it off the ladder" if self.hovered else "Cards to place"
        tm = QFontMetricsF(title_font)
        painter.drawText(head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         tm.elidedText(title, Qt.TextElideMode.ElideRight, head.width()))
        if not self.hovered:
            used = tm.horizontalAdvance(title) + t.px(18)
            hint = "drag onto the ladder · tap to read"
            hm = QFontMetricsF(hint_font)
            if used + hm.horizontalAdvance(hint) <= head.width():
                painter.setPen(QColor(palette.INK_SOFT))
                painter.setFont(hint_font)
                painter.drawText(head.adjusted(used, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 hint)
        if self.empty and not self.hovered:
            body = r.adjusted(self.pad, self.label_h + self.pad, -self.pad, -self.pad)
            font = t.font(16, minimum=READABLE_PT)
            lines = wrap_lines("Every card is on the ladder. Drag one back here to take it off.",
                               font, body.width() * 0.8, 4)
            fm = QFontMetricsF(font)
            top = body.top() + t.px(30)
            painter.setPen(QColor(palette.INK_SOFT))
            draw_lines(painter, lines, font, body.left() + body.width() * 0.1, top,
                       body.width() * 0.8, Qt.AlignmentFlag.AlignHCenter)
            del fm


class CutLineItem(Furniture):
    """The acceptability line: acceptable above, not acceptable below, with a grip to drag.
    Parked (no line yet) it waits under the last place, dashed, saying what it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.glide = Glide(self)
        self.parked = True
        self.dragging = False
        self.card_w = 80.0  # the band runs from the gutter's left to the cards' right edge
        self.setZValue(8)

    def set_state(self, parked: bool, dragging: bool) -> None:
        if (parked, dragging) != (self.parked, self.dragging):
            self.parked, self.dragging = parked, dragging
            self.update()

    def grip_rect(self) -> QRectF:
        """The grip to drag: a touch target at the band's right end, over the cards' column
        (the gap the band stands in has room for it, so the cards lose no width to it)."""
        r = self.rect()
        size = min(r.height(), r.width() / 4)
        return QRectF(r.width() - size, (r.height() - size) / 2, size, size)

    @property
    def line_end(self) -> float:
        """Where the line and its words stop: clear of the grip."""
        return self.grip_rect().left() - self.theme.px(8)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        mid = r.height() / 2
        grip = self.grip_rect()
        ink = QColor(palette.ACCENT if self.dragging else palette.INK)
        if self.parked:
            painter.setPen(QPen(QColor(palette.INK_SOFT), t.px(3), Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(t.px(8), mid), QPointF(grip.left() - t.px(6), mid))
            font = t.font(14, bold=True, minimum=READABLE_PT)
            text = "Drag this line up to split acceptable from not acceptable"
            fm = QFontMetricsF(font)
            width = self.line_end - t.px(16)
            label = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            box = QRectF(0, 0, fm.horizontalAdvance(label) + fm.height(), fm.height() * 1.3)
            box.moveCenter(QPointF(self.line_end / 2, mid))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.PAPER))
            painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
            painter.setPen(QColor(palette.INK_SOFT))
            painter.setFont(font)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
        else:
            painter.setPen(QPen(ink, t.px(5), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(t.px(4), mid), QPointF(grip.left(), mid))
            font = t.font(15, bold=True, minimum=READABLE_PT)
            fm = QFontMetricsF(font)
            half = (r.height() - t.px(5)) / 2
            left = r.width() - self.card_w + t.px(12)  # over the cards, not the numbers
            above = QRectF(left, mid - t.px(3) - half, self.line_end - left, half)
            below = QRectF(left, mid + t.px(3), self.line_end - left, half)
            painter.setFont(font)
            for rect, icon, text, colour in (
                    (above, "up", "Acceptable", palette.OK),
                    (below, "down", "Not acceptable", palette.WARN)):
                icon_rect = QRectF(rect.left(), rect.top(), fm.height() * 0.7, rect.height())
                draw_icon(painter, icon, icon_rect, QColor(colour))
                painter.setPen(QColor(colour))
                painter.drawText(rect.adjusted(fm.height() * 0.95, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 text)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink if not self.parked else QColor(palette.INK_SOFT))
        painter.drawRoundedRect(grip, t.px(10), t.px(10))
        draw_icon(painter, "grip", grip.adjusted(grip.width() * 0.22, grip.height() * 0.22,
                                                 -grip.width() * 0.22, -grip.height() * 0.22),
                  QColor(palette.ACCENT_INK))


def font_px(font: QFont) -> float:
    return QFontMetricsF(font).height()
