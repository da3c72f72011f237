"""A criterion chip: a big tappable card of words, outlined with "+" when free and filled
in the lens's colour with "✓" when chosen — the mark, not only the colour, tells which.
Long criteria wrap onto more lines instead of running off a narrow screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk.ui.shell.style import lens_colour, lens_ink
from kiosk.ui.theme import CARD, INK, TRAY, Theme


class Chip(QAbstractButton):
    def __init__(self, text: str, lens_id: str, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.theme = theme
        self.lens_id = lens_id
        font = theme.font(18, bold=True, minimum=14)
        self.setFont(font)
        self._pad_x = theme.px(18)
        self._pad_y = theme.px(12)
        self._mark = theme.px(34)
        self._min_h = theme.touch(72)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_rect(self, width: int) -> QRect:
        left = self._pad_x + self._mark + self._pad_x * 2 // 3
        return QRect(left, self._pad_y, max(10, width - left - self._pad_x), 10_000)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        metrics = QFontMetrics(self.font())
        box = metrics.boundingRect(self._text_rect(width), Qt.TextFlag.TextWordWrap,
                                   self.text())
        return max(self._min_h, box.height() + 2 * self._pad_y)

    def sizeHint(self) -> QSize:  # noqa: N802
        metrics = QFontMetrics(self.font())
        width = min(metrics.horizontalAdvance(self.text()) + self._mark + 3 * self._pad_x,
                    self.theme.px(640))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.theme.px(200), self._min_h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        on = self.isChecked()
        edge = QColor(lens_colour(self.lens_id))
        fill = QColor(lens_ink(self.lens_id)) if on else QColor(CARD)
        if self.isDown():
            fill = QColor(TRAY)
        ink = QColor("white") if on and not self.isDown() else QColor(INK)
        border = self.theme.px(3)
        radius = self.theme.px(18)
        rect = QRectF(self.rect()).adjusted(border / 2, border / 2, -border / 2, -border / 2)
        painter.setPen(QPen(fill if on else edge, border))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        if self.hasFocus():
            painter.setPen(QPen(QColor(INK), self.theme.px(2), Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = border + self.theme.px(3)
            painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
        # the mark: a tick in a filled disc when chosen, a plus in a ring when not
        mark = QRectF(self._pad_x, (self.height() - self._mark) / 2, self._mark, self._mark)
        painter.setPen(QPen(ink if on else edge, self.theme.px(3)))
        painter.setBrush(QColor("white") if on else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(mark)
        mark_font = QFont(self.font())
        mark_font.setPointSizeF(self.font().pointSizeF() * 0.95)
        painter.setFont(mark_font)
        painter.setPen(QColor(lens_ink(self.lens_id)) if on else edge)
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "✓" if on else "+")
        painter.setFont(self.font())
        painter.setPen(ink)
        text = self._text_rect(self.width())
        text.setHeight(self.height() - 2 * self._pad_y)
        painter.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         self.text())
