"""A saved ranking's ladder, and the replay of its move log with a slider.

The ladder is painted, not built from widgets, so redrawing it at every step of the slider
is cheap. The replay shows the final order when it opens (the slider at its end), so the
same view serves as "the order" and as "how the order evolved".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QSlider, QVBoxLayout, QWidget

from kiosk.services.facilitator import ReplayFrame
from kiosk.ui.facilitator.common import button, label
from kiosk.ui.theme import ACCENT, CARD, INK, INK_SOFT, LINE, READABLE_PT, TRAY, WARN, Theme

CardName = Callable[[str], str]


def local_time(iso_time: str) -> str:
    """HH:MM:SS of a logged moment, in this machine's time zone (as the table lived it)."""
    try:
        moment = datetime.fromisoformat(iso_time)
        if moment.tzinfo is not None:
            moment = moment.astimezone()
        return moment.strftime("%H:%M:%S")
    except (TypeError, ValueError, OverflowError, OSError):  # a time no clock can show
        return ""


def elapsed(start: str, end: str) -> str:
    """Time since the table's first move, as "4 min 05 s"."""
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except (TypeError, ValueError, OverflowError):
        return "?"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


class LadderView(QWidget):
    """Numbered places from "most …" (top) to "least …", the cut line, and the tray."""

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._theme = theme
        self.ladder: tuple[str | None, ...] = ()
        self.cut: int | None = None
        self.tray: tuple[str, ...] = ()
        self.highlight: str | None = None
        self.tray_lines = 0  # lines kept free for the tray (0 = only what it needs)
        self._most = "most"
        self._least = "least"
        self._colour = QColor(ACCENT)
        self._name: CardName = str
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(theme.px(360))

    def set_lens(self, most: str, least: str, colour: QColor) -> None:
        self._most, self._least, self._colour = most, least, colour
        self.update()

    def set_card_name(self, name: CardName) -> None:
        self._name = name

    def show_state(self, ladder: Sequence[str | None], cut: int | None,
                   tray: Sequence[str] = (), highlight: str | None = None) -> None:
        self.ladder, self.cut, self.tray, self.highlight = tuple(ladder), cut, tuple(tray), \
            highlight
        self.update()

    # ----- painting
    def _font(self, size: float, bold: bool = False) -> QFont:
        return self._theme.font(size, bold, minimum=READABLE_PT)  # read from a metre away

    def _fit_font(self, size: float, max_height: float) -> QFont:
        """The largest font up to `size` (and never under 18 px while it fits) whose line
        fits the row: only a long deck's small rows get smaller words."""
        font = self._font(size)
        while QFontMetrics(font).height() > max_height and font.pointSizeF() > 11:
            font.setPointSizeF(max(11.0, font.pointSizeF() - 0.5))
        return font

    def _row_height(self, caption_h: int, tray_h: int) -> float:
        px = self._theme.px
        n = max(1, len(self.ladder))
        return max(px(26), min(px(76), (self.height() - 2 * caption_h - tray_h
                                        - px(6) * (n - 1)) / n))

    def fonts(self) -> dict[str, QFont]:
        """The words' fonts at this size: captions and tray, place numbers, card names
        (`body`) and the cut line's tag."""
        small = self._font(14)
        caption_h = QFontMetrics(small).height() + self._theme.px(6)
        row_h = self._row_height(caption_h, self._tray_height(small, self._tray_text()))
        return {"small": small, "badge": self._font(16, bold=True),
                "body": self._fit_font(17, row_h * 0.7), "cut": self._font(13, bold=True)}

    def _tray_text(self) -> str:
        return ("Still in the tray: " + ";  ".join(self._name(c) for c in self.tray)
                if self.tray else "")

    def _tray_height(self, small: QFont, tray_text: str) -> int:
        if self.tray_lines:
            # Replaying: a fixed space, so the ladder does not jump as the tray empties.
            return QFontMetrics(small).lineSpacing() * self.tray_lines + self._theme.px(8)
        if tray_text:
            needed = QFontMetrics(small).boundingRect(
                QRect(0, 0, self.width(), 10_000), int(Qt.TextFlag.TextWordWrap),
                tray_text).height()
            return min(needed + self._theme.px(8), self.height() // 3)
        return 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        px = self._theme.px
        width = self.width()
        fonts = self.fonts()
        small, body = fonts["small"], fonts["body"]
        caption_h = QFontMetrics(small).height() + px(6)
        tray_text = self._tray_text()
        tray_h = self._tray_height(small, tray_text)
        n = max(1, len(self.ladder))
        top = caption_h
        gap = px(6)
        row_h = self._row_height(caption_h, tray_h)
        painter.setFont(small)
        painter.setPen(QColor(INK_SOFT))
        painter.drawText(QRectF(0, 0, width, caption_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"▲ {self._most}")
        badge_w = row_h * 1.1
        for slot, card in enumerate(self.ladder):
            y = top + slot * (row_h + gap)
            badge = QRectF(0, y, badge_w, row_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._colour)
            painter.drawRoundedRect(badge, px(8), px(8))
            painter.setPen(QColor("white"))
            painter.setFont(fonts["badge"])
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(slot + 1))
            box = QRectF(badge_w + px(8), y, width - badge_w - px(8) - 1, row_h)
            marked = card is not None and card == self.highlight
            painter.setPen(QPen(QColor(ACCENT if marked else LINE), px(4) if marked else 1))
            painter.setBrush(QColor(CARD if card else TRAY))
            painter.drawRoundedRect(box, px(8), px(8))
            painter.setFont(body)
            painter.setPen(QColor(INK if card else INK_SOFT))
            text = self._name(card) if card else "empty place"
            inner = box.adjusted(px(14), 0, -px(10), 0)
            elided = QFontMetrics(body).elidedText(text, Qt.TextElideMode.ElideRight,
                                                   int(inner.width()))
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             elided)
        if self.cut is not None and self.ladder:
            self._paint_cut(painter, self.cut, top, row_h, gap, width)
        y_end = top + n * (row_h + gap) - gap
        painter.setFont(small)
        painter.setPen(QColor(INK_SOFT))
        painter.drawText(QRectF(0, y_end, width, caption_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"▼ {self._least}")
        if tray_text:
            painter.drawText(QRectF(0, y_end + caption_h, width, tray_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, tray_text)
        painter.end()

    def _paint_cut(self, painter: QPainter, cut: int, top: float, row_h: float, gap: float,
                   width: int) -> None:
        px = self._theme.px
        y = top + cut * (row_h + gap) - gap / 2
        painter.setPen(QPen(QColor(WARN), px(4), Qt.PenStyle.DashLine))
        painter.drawLine(0, int(y), width, int(y))
        painter.setFont(self._font(13, bold=True))
        metrics = QFontMetrics(painter.font())
        text = "▲ acceptable   ▼ not acceptable"
        w = metrics.horizontalAdvance(text) + px(20)
        h = metrics.height() + px(4)
        rect = QRectF(width - w - px(6), y - h / 2, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(WARN))
        painter.drawRoundedRect(rect, h / 2, h / 2)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class ReplayPanel(QWidget):
    """The ladder plus a slider over the move log: step k shows the board after k entries."""

    step_shown = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._theme = theme
        self._frames: list[ReplayFrame] = []
        self._cards_of: list[str | None] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(10))
        self.caption = label("", "heading", self)
        layout.addWidget(self.caption)
        self.ladder_view = LadderView(theme, self)
        layout.addWidget(self.ladder_view, 1)
        self.step_text = label("", "", self)
        self.step_text.setMinimumHeight(theme.px(64))
        self.step_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.step_text)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._show)
        layout.addWidget(self.slider)
        row = QHBoxLayout()
        row.setSpacing(theme.px(10))
        self.start_button = button("Start", "secondary", self)
        self.back_button = button("◀ Back", "secondary", self)
        self.play_button = button("Play", "primary", self)
        self.next_button = button("Next ▶", "secondary", self)
        self.end_button = button("End", "secondary", self)
        for widget in (self.start_button, self.back_button, self.play_button,
                       self.next_button, self.end_button):
            row.addWidget(widget, 1)
        layout.addLayout(row)
        self.start_button.clicked.connect(lambda: self.slider.setValue(0))
        self.back_button.clicked.connect(lambda: self.slider.setValue(self.slider.value() - 1))
        self.next_button.clicked.connect(lambda: self.slider.setValue(self.slider.value() + 1))
        self.end_button.clicked.connect(lambda: self.slider.setValue(self.slider.maximum()))
        self.play_button.clicked.connect(self.toggle_play)
        self._timer = QTimer(self)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self._advance)

    def set_frames(self, frames: Sequence[ReplayFrame], card_name: CardName,
                   most: str, least: str, colour: QColor, note: str = "") -> None:
        """Show a ranking; the slider starts at the end (the agreed order)."""
        self.stop()
        self._frames = list(frames)
        self.ladder_view.set_card_name(card_name)
        self.ladder_view.set_lens(most, least, colour)
        self._no_log_note = note
        last = max(0, len(self._frames) - 1)
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.setValue(last)
        self.slider.blockSignals(False)
        has_log = len(self._frames) > 1
        self.ladder_view.tray_lines = 3 if has_log else 0
        for widget in (self.slider, self.start_button, self.back_button, self.play_button,
                       self.next_button, self.end_button):
            widget.setEnabled(has_log)
        self._show(last)

    def show_final(self, ladder: Sequence[str | None], cut: int | None, card_name: CardName,
                   most: str, least: str, colour: QColor, why: str) -> None:
        """A ranking with no replayable log (typed in from paper, or a damaged import)."""
        self.set_frames([ReplayFrame(0, tuple(ladder), (), cut, 0, "", why)], card_name,
                        most, least, colour)

    @property
    def step(self) -> int:
        return self.slider.value()

    @property
    def frames(self) -> list[ReplayFrame]:
        return list(self._frames)

    def _show(self, step: int) -> None:
        if not self._frames:
            return
        frame = self._frames[step]
        last = len(self._frames) - 1
        self.ladder_view.show_state(frame.ladder, frame.cut, frame.tray, frame.card)
        if last == 0:
            self.caption.setText("Final order")
            self.step_text.setText(frame.what)
        else:
            self.caption.setText("Final order" if step == last else
                                 f"Replay: step {step} of {last}")
            when = local_time(frame.time)
            if when and step > 1 and self._frames[1].time:
                when += f" (+{elapsed(self._frames[1].time, frame.time)})"
            moves = f"{frame.moves} card move{'s' if frame.moves != 1 else ''} so far"
            prefix = f"{when} · " if when else ""
            if step == 0:
                text = "The empty board, before the first move"
            elif step == last:
                text = (f"{prefix}{frame.what} — the last of {last} steps.\n"
                        "Drag the slider or press Play to see how the order evolved.")
            else:
                text = f"{prefix}{frame.what}\n{moves}"
            self.step_text.setText(text)
        self.back_button.setEnabled(last > 0 and step > 0)
        self.start_button.setEnabled(last > 0 and step > 0)
        self.next_button.setEnabled(step < last)
        self.end_button.setEnabled(step < last)
        self.step_shown.emit(step)

    # ----- play
    def toggle_play(self) -> None:
        if self._timer.isActive():
            self.stop()
            return
        if self.slider.value() >= self.slider.maximum():
            self.slider.setValue(0)
        self.play_button.setText("Pause")
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.play_button.setText("Play")

    def _advance(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.stop()
            return
        self.slider.setValue(self.slider.value() + 1)
