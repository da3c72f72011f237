"""Small pieces the shell's screens share: styled labels and buttons, a flow layout for
chips, and the overlay that covers the whole window (PIN pad, countdown)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QWidget,
    QWidgetItem,
)


def label(text: str, kind: str, parent: QWidget | None = None, wrap: bool = True,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text, parent)
    widget.setProperty("shell", kind)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str, kind: str, parent: QWidget | None = None,
           name: str | None = None) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setProperty("shell", kind)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a tap never steals a text field's focus
    if name:
        widget.setObjectName(name)
    return widget


def panel(parent: QWidget | None = None, kind: str = "panel") -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("shell", kind)
    return frame


def page(parent: QWidget | None = None) -> QWidget:
    widget = QWidget(parent)
    widget.setProperty("shell", "page")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class FlowLayout(QLayout):
    """Lays chips out left to right, wrapping onto new rows (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x + width > area.right() + 1 and row_height > 0:
                x = area.x()
                y += row_height + self._gap
                row_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._gap
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


class Overlay(QWidget):
    """A layer over the whole window: dims what is underneath and takes every press, so
    nothing underneath moves while it shows."""

    def __init__(self, host: QWidget, dim: int = 150):
        super().__init__(host)
        self._dim = dim
        # No WA_AcceptTouchEvents: fingers reach the buttons on it as synthesized clicks.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(27, 36, 48, self._dim))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        event.accept()
