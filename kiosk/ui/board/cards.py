"""A card on the board: white, rounded, lying on the table with a soft shadow; an id badge,
the title in large type and the two-line summary. It animates to wherever the board puts it
and lifts (bigger shadow, slightly larger) while a finger drags it."""

from __future__ import annotations

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
from kiosk.ui.board.face_layout import (
    SUMMARY_SPACING,
    TITLE_SPACING,
    FaceLayout,
    badge_text,
    lay_out_face,
)
from kiosk.ui.board.painting import draw_lines, draw_soft_shadow
from kiosk.ui.theme import Theme

Z_RESTING = 10.0
Z_SETTLING = 40.0
Z_LIFTED = 100.0
SUMMARY_INK = palette.INK


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
        self._face = FaceLayout(badge_text=badge_text(card.id))
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
        self._face = lay_out_face(self.card, size, theme, factor)
        self.setTransformOriginPoint(size.width() / 2, size.height() / 2)
        self.update()

    def summary_block(self) -> tuple[list[str], QFont, QRectF]:
        """The summary as drawn: its lines, its font and the rectangle they fill (in the
        card's coordinates)."""
        return self._face.summary_block()

    @property
    def summary_colour(self) -> QColor:
        return QColor(SUMMARY_INK)

    @property
    def title_font(self) -> QFont:
        return self._face.title_font

    @property
    def shown_lines(self) -> tuple[list[str], list[str]]:
        return list(self._face.title), list(self._face.summary)

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
        face = self._face
        badge = face.badge
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.INK))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(QColor(palette.ACCENT_INK))
        painter.setFont(face.fonts["badge"])
        metrics = QFontMetricsF(face.fonts["badge"])
        label = metrics.elidedText(face.badge_text, Qt.TextElideMode.ElideRight,
                                   badge.width() - metrics.height() * 0.5)
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
        # title and summary
        left = badge.right() + face.pad * 0.9
        text_w = w - left - face.pad
        painter.setPen(QColor(palette.INK))
        top = draw_lines(painter, face.title, face.fonts["title"], left, face.text_top, text_w,
                         spacing=TITLE_SPACING)
        painter.setPen(self.summary_colour)
        draw_lines(painter, face.summary, face.fonts["summary"], face.pad,
                   top + face.summary_gap, face.summary_w, spacing=SUMMARY_SPACING)
