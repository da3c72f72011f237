"""A criterion chip: a big tappable card of words, outlined with "+" when free and filled
in the lens's colour with "✓" when chosen — the mark, not only the colour, tells which.
Long criteria wrap onto more lines instead of running off a narrow screen.

`MoreBelow`: when the chips run below the screen's edge, a fade over the bottom of their
scrolling page says "more below" (taps go through it); it goes when the page is at its end."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QSizePolicy, QWidget

from kiosk.ui.shell.style import lens_colour, lens_ink
from kiosk.ui.theme import ACCENT, CARD, INK, PAPER, TRAY, Theme

READABLE_PT = 13.5  # 18 px at 96 dpi


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


class MoreBelow(QWidget):
    """The fade and "more below" over the bottom of `area`'s page while more of it lies
    below (the page scrolls by dragging: kiosk.ui.touch_scroll). Taps go through it."""

    text = "▼  more below — drag up to see"

    def __init__(self, area: QScrollArea, theme: Theme):
        super().__init__(area.viewport())
        self._area = area
        self.setObjectName("MoreBelow")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFont(theme.font(16, bold=True, minimum=READABLE_PT))
        self.setFixedHeight(max(theme.px(64), QFontMetrics(self.font()).height() * 2))
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self.follow)
        bar.rangeChanged.connect(self.follow)
        area.viewport().installEventFilter(self)
        self.hide()

    def follow(self) -> None:
        """Shown while the page can go further down; placed at the viewport's bottom."""
        viewport = self._area.viewport()
        bar = self._area.verticalScrollBar()
        self.setGeometry(0, viewport.height() - self.height(), viewport.width(), self.height())
        more = bar.value() < bar.maximum()
        if more == self.isHidden():  # (its own state: the screen may be hidden itself)
            self.setVisible(more)
        if more:
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.follow()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        rect = QRectF(self.rect())
        fade = QLinearGradient(rect.topLeft(), rect.bottomLeft())
        paper = QColor(PAPER)
        clear = QColor(paper)
        clear.setAlpha(0)
        fade.setColorAt(0.0, clear)
        fade.setColorAt(0.55, paper)
        fade.setColorAt(1.0, paper)
        painter.fillRect(rect, fade)
        painter.setPen(QColor(ACCENT))
        painter.setFont(self.font())
        painter.drawText(rect.adjusted(0, 0, 0, -4),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                         self.text)
