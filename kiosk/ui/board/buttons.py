"""The board's buttons live in the scene, so that turning the board round turns them too
and they always face the people using them. Each has a word as well as an icon."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from kiosk.ui import theme as palette
from kiosk.ui.board.furniture import Furniture
from kiosk.ui.board.painting import READABLE_PT, draw_icon
from kiosk.ui.theme import Theme

DISABLED_FILL = QColor("#D8D1C4")
DISABLED_INK = QColor("#6B6458")


class ButtonItem(Furniture):
    def __init__(self, name: str, text: str, icon: str, kind: str = "plain") -> None:
        super().__init__()
        self.name = name
        self.text = text
        self.icon = icon
        self.kind = kind  # "plain" | "primary"
        self.enabled = True
        self.pressed = False
        self.font = QFont()
        self.setZValue(30)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.update()

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self.enabled:
            self.enabled = enabled
            if not enabled:
                self.pressed = False
            self.update()

    def set_pressed(self, pressed: bool) -> None:
        if pressed != self.pressed:
            self.pressed = pressed
            self.update()

    def scene_rect(self) -> QRectF:
        return QRectF(self.pos(), self.rect().size())

    def preferred_width(self, font: QFont, height: float) -> float:
        fm = QFontMetricsF(font)
        icon = height * 0.42 if self.icon else 0
        return fm.horizontalAdvance(self.text) + icon + height * (0.75 if icon else 0.6) \
            + (height * 0.18 if icon else 0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        t = self.theme
        r = self.rect().adjusted(1, 1, -1, -1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = t.px(14)
        if not self.enabled:
            fill, ink, border = DISABLED_FILL, DISABLED_INK, None
        elif self.kind == "primary":
            fill = QColor(palette.INK if self.pressed else palette.ACCENT)
            ink, border = QColor(palette.ACCENT_INK), None
        else:
            fill = QColor("#E4DCCD" if self.pressed else palette.CARD)
            ink, border = QColor(palette.INK), QColor(palette.LINE)
        painter.setPen(QPen(border, max(1.5, t.px(2))) if border else Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(r, radius, radius)
        fm = QFontMetricsF(self.font)
        h = r.height()
        icon_w = h * 0.42 if self.icon else 0.0
        gap = h * 0.18 if self.icon else 0.0
        content = icon_w + gap + fm.horizontalAdvance(self.text)
        left = r.left() + max(h * 0.3, (r.width() - content) / 2)
        if self.icon:
            draw_icon(painter, self.icon, QRectF(left, r.top() + (h - icon_w) / 2, icon_w, icon_w),
                      ink)
        painter.setPen(ink)
        painter.setFont(self.font)
        text_rect = QRectF(left + icon_w + gap, r.top(), r.right() - left - icon_w - gap, h)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(self.text, Qt.TextElideMode.ElideRight, text_rect.width()))


class CounterItem(Furniture):
    """'4 of 6 placed', with a row of pips for the same count."""

    def __init__(self) -> None:
        super().__init__()
        self.placed = 0
        self.total = 0
        self.font = QFont()
        self.setZValue(30)

    @property
    def text(self) -> str:
        return f"{self.placed} of {self.total} placed"

    def set_count(self, placed: int, total: int) -> None:
        if (placed, total) != (self.placed, self.total):
            self.placed, self.total = placed, total
            self.update()

    def preferred_width(self, font: QFont) -> float:
        fm = QFontMetricsF(font)
        return fm.horizontalAdvance(f"{self.total} of {self.total} placed") + fm.height()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        r = self.rect()
        fm = QFontMetricsF(self.font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        done = self.total and self.placed == self.total
        painter.setPen(QColor(palette.OK if done else palette.INK))
        painter.setFont(self.font)
        text_h = fm.height()
        pips = self.total <= 20
        top = (r.height() - text_h - (text_h * 0.55 if pips else 0)) / 2
        painter.drawText(QRectF(0, top, r.width(), text_h), int(Qt.AlignmentFlag.AlignCenter),
                         self.text)
        if pips and self.total:
            d = min(text_h * 0.36, r.width() / (self.total * 1.6))
            step = d * 1.6
            left = (r.width() - step * self.total + (step - d)) / 2
            y = top + text_h + text_h * 0.12
            for i in range(self.total):
                on = i < self.placed
                painter.setPen(QPen(QColor(palette.INK_SOFT), 1.2))
                painter.setBrush(QColor(palette.OK if done else palette.INK) if on
                                 else Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QRectF(left + i * step, y, d, d))


def layout_toolbar(area: QRectF, theme: Theme, groups: list[list[Furniture]]) -> None:
    """Lay out button groups left, centre and right in the toolbar area, shrinking the
    type only when the window is too narrow for the words."""
    t = theme
    height = float(t.touch())
    spacing = t.px(14)
    margin = t.px(22)
    available = area.width() - 2 * margin
    # at least 18 px (READABLE_PT) where the words fit; smaller only on a narrower window
    point = max(t.pt(17), READABLE_PT)
    while True:
        font = t.font(0, bold=True, minimum=point)
        widths = [[_width(item, font, height) for item in group] for group in groups]
        total = sum(sum(ws) + spacing * (len(ws) - 1) for ws in widths)
        total += t.px(40) * (len(groups) - 1)
        if total <= available or point <= 7.5:
            break
        point -= 0.5
    y = area.top() + (area.height() - height) / 2
    positions = _group_lefts(area, margin, [sum(ws) + spacing * (len(ws) - 1) for ws in widths])
    for group, ws, left in zip(groups, widths, positions, strict=True):
        x = left
        for item, w in zip(group, ws, strict=True):
            item.font = font  # type: ignore[attr-defined]
            item.set_rect(QRectF(x, y, w, height), t)
            x += w + spacing


def _width(item: Furniture, font: QFont, height: float) -> float:
    if isinstance(item, ButtonItem):
        return max(height, item.preferred_width(font, height))
    if isinstance(item, CounterItem):
        return item.preferred_width(font)
    return height


def _group_lefts(area: QRectF, margin: float, widths: list[float]) -> list[float]:
    """First group flush left, last flush right, the others centred in the space between."""
    left_edge, right_edge = area.left() + margin, area.right() - margin
    if len(widths) == 1:
        return [left_edge]
    lefts = [left_edge] + [0.0] * (len(widths) - 2) + [right_edge - widths[-1]]
    if len(widths) > 2:
        inner_left = left_edge + widths[0]
        inner_right = right_edge - widths[-1]
        middle = sum(widths[1:-1]) + (len(widths) - 3) * margin
        x = inner_left + max(margin, (inner_right - inner_left - middle) / 2)
        for i in range(1, len(widths) - 1):
            lefts[i] = x
            x += widths[i] + margin
    return lefts
