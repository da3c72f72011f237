"""A finger-sized progress panel over a screen, for work the facilitator waits for on the
GUI thread (the PDF report): a dimmed cover that takes every tap (nothing under it reacts
meanwhile), a heading, a step count in words and a thick bar, all inside the window — not
a desktop popup over a chart.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.ui import theme as th
from kiosk.ui.theme import Theme


class ProgressPanel(QWidget):
    def __init__(self, host: QWidget, title: str, theme: Theme) -> None:
        super().__init__(host)
        self.setObjectName("ProgressPanel")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame(self)
        card.setObjectName("ProgressCard")
        card.setMinimumWidth(max(theme.px(760), 480))
        card.setMaximumWidth(max(theme.px(1100), 760))
        text_pt = theme.pt(18, minimum=13.5)  # at least 18 px from a metre away
        bar = max(theme.touch(56), 48)
        card.setStyleSheet(
            f"#ProgressCard {{ background: {th.CARD}; border-radius: {theme.px(18)}px; }}"
            f" QLabel {{ color: {th.INK}; font-size: {text_pt:.1f}pt; }}"
            f" QLabel#ProgressTitle {{ font-size: {theme.pt(24, minimum=16):.1f}pt;"
            " font-weight: 700; }"
            f" QProgressBar {{ min-height: {bar}px; border: 2px solid {th.LINE};"
            f" border-radius: {bar // 4}px; background: {th.TRAY}; }}"
            f" QProgressBar::chunk {{ background: {th.ACCENT}; border-radius: {bar // 4}px; }}")
        layout = QVBoxLayout(card)
        pad = theme.px(36)
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(theme.px(18))
        self.title = QLabel(title, card)
        self.title.setObjectName("ProgressTitle")
        self.words = QLabel("Starting…", card)
        self.words.setWordWrap(True)
        self.bar = QProgressBar(card)
        self.bar.setTextVisible(False)  # the words say it
        self.bar.setMinimumHeight(bar)
        self.bar.setRange(0, 0)
        for widget in (self.title, self.words, self.bar):
            layout.addWidget(widget)
        outer.addWidget(card)
        host.installEventFilter(self)
        self.hide()

    def start(self) -> None:
        host = self.parentWidget()
        assert host is not None
        self.setGeometry(host.rect())
        self.show()
        self.raise_()
        self._paint_now()

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.words.setText(f"Step {done} of {total}" if total else "Working…")
        self._paint_now()

    def finish(self) -> None:
        self.hide()

    def _paint_now(self) -> None:
        # The work runs on this thread: let the panel paint, but take no taps meanwhile.
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    # ----- Qt
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), QColor(27, 36, 48, 150))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - nothing below takes a press
        event.accept()
