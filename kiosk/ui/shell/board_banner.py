"""What the board is told while its moves cannot be saved (a full or read-only data folder),
laid over the board's header rather than above it.

The banner shows with the first move the store refuses — often in the middle of a drag —
so it must never move the board: a board pushed down under the fingers takes the next drops
onto the wrong places. It lies over the header (the lens and its question), faces the way
the board does (turned, the header is at the far side's edge), and takes no touch: a press
on it reaches the board, and the corner hold to the PIN pad is watched application-wide.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.theme import READABLE_PT, WARN, Theme

FILL = "#FFF4E5"  # the facilitator's problems line's
TEXT_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                 | Qt.TextFlag.TextWordWrap)


Header = Callable[[], "tuple[QRect, bool] | None"]  # the header in the page, and turned?


class BoardBanner(QLabel):
    """A line of warning over the board's header, which `header` says where it is (in the
    page's coordinates, and whether the board is turned; None: no board)."""

    def __init__(self, theme: Theme, page: QWidget, header: Header):
        super().__init__(page)
        self.setObjectName("BoardProblem")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFont(theme.font(18, bold=True, minimum=READABLE_PT))
        self._theme = theme
        self._pad = theme.px(16)
        self._edge = max(2, theme.px(4))
        self.turned = False
        self._header = header
        # After the page is laid out anew (the board's header computed for its new size)
        self._fit_soon = QTimer(self)
        self._fit_soon.setSingleShot(True)
        self._fit_soon.setInterval(0)
        self._fit_soon.timeout.connect(self.fit)
        page.installEventFilter(self)
        self.hide()

    def watch(self, view: QWidget) -> None:
        """Fit again once `view` (a board's) has a new size: its header is computed then."""
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self._fit_soon.start()  # after the resize is handled: the header moved with it
        return False

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self.fit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.raise_()  # over the board, which is laid out after the banner is made

    def fit(self) -> None:
        """Lie over the board's header, facing the way the board does; a text longer than
        the header has room for reaches further in (over the board, never moving it)."""
        page = self.parentWidget()
        if page is None:
            return
        where = self._header()
        header, self.turned = where if where is not None else (QRect(), False)
        if header.isEmpty():  # no board yet: the page's top edge
            header = QRect(0, 0, page.width(), self._theme.px(96))
        width = header.width() - 2 * self._pad
        needed = QFontMetrics(self.font()).boundingRect(
            QRect(0, 0, max(1, width), 100_000), TEXT_FLAGS, self.text()).height()
        height = max(header.height(), needed + 2 * self._pad // 2 + self._edge)
        if self.turned:  # the header at the bottom: a longer text reaches up
            rect = QRect(header.left(), header.bottom() + 1 - height, header.width(), height)
        else:
            rect = QRect(header.left(), header.top(), header.width(), height)
        if self.geometry() != rect:
            self.setGeometry(rect)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        if self.turned:
            painter.translate(self.width(), self.height())
            painter.rotate(180)
        box = QRectF(0, 0, self.width(), self.height())
        painter.fillRect(box, QColor(FILL))
        painter.setPen(QPen(QColor(WARN), self._edge))
        edge_y = box.bottom() - self._edge / 2  # the edge toward the board's middle
        painter.drawLine(0, round(edge_y), self.width(), round(edge_y))
        painter.setFont(self.font())
        painter.drawText(box.adjusted(self._pad, 0, -self._pad, -self._edge), TEXT_FLAGS,
                         self.text())
