"""A card turned over: the board dims and a panel shows the card's back — WHO, WHY, WHAT,
HOW, IMPACTS, SOURCE — in large type. The text scrolls under a finger (with a fling), the
mouse wheel or the arrow keys; a big Close button or a tap outside the panel turns it back."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsRectItem,
    QGraphicsTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from kiosk.domain.decks import Card
from kiosk.domain.lenses import Lens
from kiosk.ui import theme as palette
from kiosk.ui.board.buttons import ButtonItem
from kiosk.ui.board.face_layout import badge_text
from kiosk.ui.board.painting import READABLE_PT, draw_lines, draw_soft_shadow, wrap_lines
from kiosk.ui.theme import Theme

DIM = QColor(27, 36, 48, 165)
TAG_NAMES = (("sectors", "Sectors"), ("data_kind", "Kind of data"),
             ("shared_with", "Shared with"))


def back_html(card: Card, lens_colour: QColor, theme: Theme) -> str:
    heading_pt = theme.pt(15, READABLE_PT)
    parts = []
    for heading, text in card.back():
        parts.append(
            f'<p style="margin-top:{theme.px(14)}px; margin-bottom:{theme.px(4)}px;'
            f' font-size:{heading_pt:.1f}pt; font-weight:700; color:{palette.INK_SOFT};'
            f' letter-spacing:1px;">'
            f'<span style="color:{lens_colour.name()};">&#9632;</span>&nbsp;{escape(heading)}</p>'
            f'<p style="margin-top:0; margin-bottom:{theme.px(6)}px; line-height:125%;">'
            f'{escape(text)}</p>')
    tags = [f"<b>{label}:</b> {escape(', '.join(getattr(card, name)))}"
            for name, label in TAG_NAMES if getattr(card, name)]
    if tags:
        parts.append(f'<p style="margin-top:{theme.px(18)}px; color:{palette.INK_SOFT};'
                     f' font-size:{theme.pt(14, READABLE_PT):.1f}pt;">'
                     + " &nbsp;·&nbsp; ".join(tags) + "</p>")
    if not parts:
        parts.append(f'<p style="color:{palette.INK_SOFT};">{escape(card.summary)}</p>')
    return "".join(parts)


class _Fade(QGraphicsObject):
    """Fades the bottom of the text when more lies below, with a word saying so."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.rect = QRectF()
        self.theme = Theme()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_rect(self, rect: QRectF, theme: Theme) -> None:
        self.prepareGeometryChange()
        self.rect = QRectF(rect)
        self.theme = theme

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        gradient = QLinearGradient(self.rect.topLeft(), self.rect.bottomLeft())
        gradient.setColorAt(0.0, QColor(255, 255, 255, 0))
        gradient.setColorAt(0.65, QColor(255, 255, 255, 235))
        gradient.setColorAt(1.0, QColor(255, 255, 255, 255))
        painter.fillRect(self.rect, gradient)
        font = self.theme.font(14, bold=True, minimum=READABLE_PT)
        painter.setFont(font)
        painter.setPen(QColor(palette.ACCENT))
        painter.drawText(self.rect.adjusted(0, 0, 0, -self.theme.px(4)),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                         "▼  more below — drag to scroll")


class CardBackItem(QGraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self.setZValue(1000)
        self.setVisible(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.card: Card | None = None
        self.lens_colour = QColor(palette.ACCENT)
        self.theme = Theme()
        self.area = QRectF(0, 0, 100, 100)
        self.panel_rect = QRectF()
        self.body = QRectF()
        self._title: list[str] = []
        self._title_font = self.theme.font(26, bold=True, minimum=READABLE_PT)
        self._offset = 0.0
        self.fling_ms = 600
        self.close_button = ButtonItem("close", "Close", "close", "primary")
        self.close_button.setParentItem(self)
        self._clip = QGraphicsRectItem(self)
        self._clip.setPen(Qt.PenStyle.NoPen)
        self._clip.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
        self._text = QGraphicsTextItem(self._clip)
        self._text.setDefaultTextColor(QColor(palette.INK))
        self._fade = _Fade(self)
        self._fling = QVariantAnimation(self)
        self._fling.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._fling.valueChanged.connect(lambda v: self.scroll_to(float(v)))

    # ----- showing a card
    @property
    def is_open(self) -> bool:
        return self.isVisible() and self.card is not None

    def open(self, card: Card, lens: Lens) -> None:
        self.card = card
        self.lens_colour = Theme.lens_colour(lens.id)
        self._offset = 0.0
        self._layout()
        self.setVisible(True)

    def close(self) -> None:
        self._fling.stop()
        self.setVisible(False)
        self.card = None

    def set_area(self, area: QRectF, theme: Theme) -> None:
        self.prepareGeometryChange()
        self.area = QRectF(area)
        self.theme = theme
        if self.card is not None:
            self._layout()

    def _layout(self) -> None:
        t = self.theme
        a = self.area
        width = min(a.width() - 2 * t.px(40), t.px(1280))
        height = a.height() - 2 * t.px(36)
        self.panel_rect = QRectF(a.center().x() - width / 2, a.center().y() - height / 2, width,
                            height)
        pad = t.px(36)
        button_h = float(t.touch(84))
        button_w = max(button_h * 2.3, t.px(210))
        self.close_button.font = t.font(20, bold=True, minimum=READABLE_PT)
        self.close_button.set_rect(QRectF(self.panel_rect.right() - pad - button_w,
                                          self.panel_rect.top() + pad * 0.7, button_w, button_h), t)
        title_w = self.close_button.pos().x() - t.px(24) - (self.panel_rect.left() + pad)
        self._title_font = t.font(26, bold=True, minimum=READABLE_PT)
        self._title = wrap_lines(self.card.title if self.card else "", self._title_font,
                                 title_w, 2)
        tm = QFontMetricsF(self._title_font)
        head_h = max(button_h, tm.lineSpacing() * len(self._title) + t.px(36))
        top = self.panel_rect.top() + pad * 0.7 + head_h + t.px(18)
        scrollbar = t.px(18)
        self.body = QRectF(self.panel_rect.left() + pad, top, width - 2 * pad - scrollbar,
                           self.panel_rect.bottom() - pad * 0.6 - top)
        self._clip.setRect(self.body)
        self._text.setTextWidth(self.body.width())
        self._text.document().setDefaultFont(t.font(19, minimum=READABLE_PT))
        self._text.document().setDocumentMargin(0)
        if self.card is not None:
            self._text.setHtml(back_html(self.card, self.lens_colour, t))
        self._fade.set_rect(QRectF(self.body.left(), self.body.bottom() - t.px(70),
                                   self.body.width(), t.px(70)), t)
        self.scroll_to(self._offset)
        self.update()

    # ----- scrolling
    @property
    def offset(self) -> float:
        return self._offset

    @property
    def max_offset(self) -> float:
        return max(0.0, self._text.boundingRect().height() - self.body.height())

    def scroll_to(self, offset: float) -> None:
        self._offset = max(0.0, min(self.max_offset, offset))
        self._text.setPos(self.body.left(), self.body.top() - self._offset)
        self._fade.setVisible(self._offset < self.max_offset - 1)
        self.update(self.panel_rect)

    def scroll_by(self, delta: float) -> None:
        self._fling.stop()
        self.scroll_to(self._offset + delta)

    def fling(self, velocity_px_per_ms: float, duration_ms: int = 600) -> None:
        """Carry on scrolling after the finger lifts, slowing down (kinetic scrolling)."""
        self._fling.stop()
        distance = velocity_px_per_ms * duration_ms * 0.45
        end = max(0.0, min(self.max_offset, self._offset + distance))
        if abs(end - self._offset) < 1 or duration_ms <= 0:
            self.scroll_to(end)
            return
        self._fling.setDuration(duration_ms)
        self._fling.setStartValue(self._offset)
        self._fling.setEndValue(end)
        self._fling.start()

    def stop_fling(self) -> None:
        self._fling.stop()

    # ----- hit testing, in scene coordinates
    def region_at(self, pos: QPointF) -> str:
        if self.close_button.scene_rect().contains(pos):
            return "close"
        if self.body.contains(pos):
            return "body"
        if self.panel_rect.contains(pos):
            return "panel"
        return "outside"

    # ----- painting
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self.area

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.area, DIM)
        radius = t.px(22)
        draw_soft_shadow(painter, self.panel_rect, radius, t.px(30), t.px(10), 2.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.CARD))
        painter.drawRoundedRect(self.panel_rect, radius, radius)
        pad = t.px(36)
        # a strip of the lens colour along the top, like the card's ladder band
        painter.save()
        painter.setClipRect(QRectF(self.panel_rect.left(), self.panel_rect.top(),
                                   self.panel_rect.width(), t.px(10)))
        painter.setBrush(self.lens_colour)
        painter.drawRoundedRect(self.panel_rect, radius, radius)
        painter.restore()
        if self.card is None:
            return
        badge_font = t.font(20, bold=True, minimum=READABLE_PT)
        bm = QFontMetricsF(badge_font)
        side = bm.height() * 1.6
        label = badge_text(self.card.id)
        badge = QRectF(self.panel_rect.left() + pad, self.panel_rect.top() + pad * 0.7 + t.px(8),
                       max(side, bm.horizontalAdvance(label) + bm.height()), side)
        painter.setBrush(QColor(palette.INK))
        painter.drawRoundedRect(badge, side / 2, side / 2)
        painter.setPen(QColor(palette.ACCENT_INK))
        painter.setFont(badge_font)
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
        left = badge.right() + t.px(18)
        width = self.close_button.pos().x() - t.px(24) - left
        painter.setPen(QColor(palette.INK))
        first_line = QFontMetricsF(self._title_font).lineSpacing()
        draw_lines(painter, self._title, self._title_font, left,
                   badge.center().y() - first_line / 2, width)
        # a rule under the heading
        painter.setPen(QPen(QColor(palette.LINE), max(1.0, t.px(2))))
        y = self.body.top() - t.px(10)
        painter.drawLine(QPointF(self.panel_rect.left() + pad, y),
                         QPointF(self.panel_rect.right() - pad, y))
        # scroll indicator
        if self.max_offset > 0:
            track = QRectF(self.body.right() + t.px(8), self.body.top(), t.px(8),
                           self.body.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#EAE4D8"))
            painter.drawRoundedRect(track, track.width() / 2, track.width() / 2)
            total = self.body.height() + self.max_offset
            thumb_h = max(t.px(40), track.height() * self.body.height() / total)
            thumb_y = track.top() + (track.height() - thumb_h) * self._offset / self.max_offset
            painter.setBrush(QColor(palette.INK_SOFT))
            painter.drawRoundedRect(QRectF(track.left(), thumb_y, track.width(), thumb_h),
                                    track.width() / 2, track.width() / 2)
