"""The table's case-study poll: the case study and the stage's question in the middle, and
one answer strip per seat along the table's edges, each turned to face its seat.

A seat taps one of its strip's answers; its strip then shows only "Answered ✓" (tap to
change until the reveal), so nobody sees anyone's answer. When every seat has answered, or
the table taps Reveal, the table's spread appears in the middle and on every strip (facing
each seat), and Next stage reveals the next information. After the last stage the run is
stored (through the session) and `finished` is emitted.

The whole screen is one painted widget: every part is a `Region` with its own transform
(kiosk.ui.shell.poll_layout), painted through it and hit-tested through its inverse, so a
turned strip's buttons lie exactly where they are drawn. Each touch point (and the mouse)
is tracked on its own from press to release, so two seats can tap at the same moment; a tap
counts only when it is released on the button it was pressed on — a finger that slides off,
or a touch the system cancels, does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTouchEvent,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from kiosk.domain.decks import Card
from kiosk.services.poll_session import PollSession
from kiosk.ui import theme as palette
from kiosk.ui.board.painting import draw_lines, fit_font, wrap_lines
from kiosk.ui.shell.poll_layout import CENTRE, Region
from kiosk.ui.shell.poll_painting import (
    ANSWERED,
    ASK,
    DONE,
    REVEALED,
    layout_for,
    layout_strip,
    paint_spread,
    paint_strip,
    spread_note,
)
from kiosk.ui.theme import Theme

TOUCH_TYPES = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
               QEvent.Type.TouchCancel)
MOUSE = ("mouse", 0)
# the middle's buttons
REVEAL, NEXT, CARD, TURN, CLOSE = "reveal", "next", "card", "turn", "close"
Hit = tuple[str, str]  # (region name, target name)


class PollScreen(QWidget):
    finished = Signal()  # the last stage is done and the run is stored
    changed = Signal()  # an answer, a reveal or a new stage (for the idle guard and the like)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PollScreen")
        self.theme = theme
        self.session: PollSession | None = None
        self.card: Card | None = None
        self.turned = False  # the middle faces the top edge
        self.card_open = False
        self.problem = ""  # a store that could not be written, in words
        self.strips: list[Region] = []
        self.centre = Region(CENTRE, QRectF().size(), QTransform())
        self._presses: dict[tuple[str, int], Hit | None] = {}  # pointer -> what it pressed
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ----- the API
    def show_session(self, session: PollSession, card: Card | None = None) -> None:
        """Show `session` (fresh or resumed) with its case-study `card` (whose back can then
        be opened); the table's Turn is kept."""
        self.session = session
        self.card = card
        self.card_open = False
        self.problem = ""
        self._presses.clear()
        self._relayout()

    def strip(self, seat: int) -> Region:
        return self.strips[seat - 1]

    def strip_mode(self, seat: int) -> str:
        session = self.session
        assert session is not None
        if session.finished:
            return DONE
        if session.revealed:
            return REVEALED
        if session.answered(seat) and not session.changing(seat):
            return ANSWERED
        return ASK

    def target_position(self, region: str, target: str) -> QPointF:
        """Where on the widget a finger taps `target` of `region` ("seat1"… or "centre"):
        the button's centre, through its region's turn."""
        found = self._region(region)
        return found.to_screen(found.targets[target].center())

    def targets(self, region: str) -> list[str]:
        return list(self._region(region).targets)

    # ----- layout
    def _region(self, name: str) -> Region:
        if name == CENTRE:
            return self.centre
        return next(r for r in self.strips if r.name == name)

    def _relayout(self) -> None:
        session = self.session
        if session is None or self.width() <= 0:
            self.update()
            return
        headings = [*(stage.question for stage in session.poll.stages), session.poll.title]
        self.strips, self.centre = layout_for(self.width(), self.height(), session.seats,
                                              self.theme, headings, self.turned)
        for region in self.strips:
            assert region.seat is not None
            layout_strip(region, session.stage, self.strip_mode(region.seat), self.theme)
        self._layout_centre()
        self.update()

    def _centre_buttons(self) -> list[tuple[str, str, bool]]:
        """(target, words, primary) for the middle's buttons, left to right."""
        session = self.session
        assert session is not None
        if self.card_open:
            return [(CLOSE, "Close the card", True)]
        left: list[tuple[str, str, bool]] = []
        if self.card is not None:
            left.append((CARD, "Read the card", False))
        left.append((TURN, "Turn ⟲", False))
        if session.finished:
            return [*left, (NEXT, "Save and finish ✓", True)]
        if session.revealed:
            words = "Finish ✓" if session.is_last_stage else "Next stage ▶"
            return [*left, (NEXT, words, True)]
        if session.answered_count:
            return [*left, (REVEAL, "Reveal the answers", True)]
        return left

    def _layout_centre(self) -> None:
        t = self.theme
        region = self.centre
        region.targets.clear()
        height = t.touch()
        font = t.font(17, bold=True)
        metrics = QFontMetricsF(font)
        pad = t.px(22)
        bottom = region.size.height() - pad
        x = float(pad)
        buttons = self._centre_buttons()
        for i, (name, words, primary) in enumerate(buttons):
            width = max(height, metrics.horizontalAdvance(words) + t.px(48))
            if primary and i == len(buttons) - 1:
                rect = QRectF(region.size.width() - pad - width, bottom - height, width, height)
            else:
                rect = QRectF(x, bottom - height, width, height)
                x += width + t.px(14)
            region.targets[name] = rect

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._relayout()

    # ----- pointers: each touch point and the mouse on its own
    def _hit(self, pos: QPointF) -> Hit | None:
        for region in [*self.strips, self.centre]:
            target = region.target_at(pos)
            if target is not None:
                return region.name, target
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() in TOUCH_TYPES:
            self._touch_event(event)  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _touch_event(self, event: QTouchEvent) -> None:
        event.accept()  # accepted: Qt makes no mouse events from these touches
        if event.type() == QEvent.Type.TouchCancel:
            for key in [k for k in self._presses if k[0] == "touch"]:
                del self._presses[key]
            self.update()
            return
        taps: list[Hit] = []
        for point in event.points():
            key = ("touch", point.id())
            state = point.state()
            if state == QEventPoint.State.Pressed:
                self._presses[key] = self._hit(point.position())
            elif state == QEventPoint.State.Released:
                tap = self._release(key, point.position())
                if tap is not None:
                    taps.append(tap)
            elif state == QEventPoint.State.Updated:
                self._slide(key, point.position())
        # every release is judged against what was on the screen when the fingers lifted
        for tap in taps:
            self._activate(*tap)
        self.update()

    def _slide(self, key: tuple[str, int], pos: QPointF) -> None:
        if self._presses.get(key) is not None and self._hit(pos) != self._presses[key]:
            self._presses[key] = None  # slid off its button: this tap is lost

    def _release(self, key: tuple[str, int], pos: QPointF) -> Hit | None:
        pressed = self._presses.pop(key, None)
        return pressed if pressed is not None and self._hit(pos) == pressed else None

    def _mouse(self, event: QMouseEvent) -> bool:
        event.accept()
        return (event.source() == Qt.MouseEventSource.MouseEventNotSynthesized
                and event.button() == Qt.MouseButton.LeftButton)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._mouse(event):
            self._presses[MOUSE] = self._hit(event.position())
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()
        if event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self._slide(MOUSE, event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._mouse(event):
            tap = self._release(MOUSE, event.position())
            if tap is not None:
                self._activate(*tap)
            self.update()

    # ----- what a tap does
    def _activate(self, region: str, target: str) -> None:
        session = self.session
        if session is None:
            return
        if region == CENTRE:
            self._centre_tap(session, target)
            return
        seat = int(region.removeprefix("seat"))
        mode = self.strip_mode(seat)
        if mode == ANSWERED:
            session.change(seat)
            self._relayout()
        elif mode == ASK and target in session.stage.answers():
            self._store(lambda: session.answer(seat, target))

    def _centre_tap(self, session: PollSession, target: str) -> None:
        if target == TURN:
            self.turned = not self.turned
            self._relayout()
        elif target == CARD:
            self.card_open = True
            self._relayout()
        elif target == CLOSE:
            self.card_open = False
            self._relayout()
        elif target == REVEAL:
            self._store(session.reveal)
        elif target == NEXT:
            if not session.finished:
                self._store(session.next_stage)
            if session.finished:
                self._finish(session)

    def _store(self, change) -> None:
        """Make a change through the session (which writes its draft); a store that cannot
        be written is said in the middle, and the table carries on."""
        from kiosk.services.failures import save_failures

        try:
            change()
        except ValueError:
            pass  # a tap that came too late (the stage was revealed meanwhile)
        except save_failures() as exc:  # a full disk, a read-only folder, a lost lock
            self._said(exc, "The last answer is kept here but not yet saved")
        else:
            self.problem = ""
        self._relayout()
        self.changed.emit()

    def _finish(self, session: PollSession) -> None:
        from kiosk.services.failures import save_failures

        try:
            session.complete()
        except save_failures() as exc:
            self._said(exc, "Not saved yet — nothing is lost")
            self._relayout()
            return
        self.problem = ""
        self._relayout()
        self.finished.emit()

    def _said(self, exc: Exception, lead: str) -> None:
        """Told in the middle of the table, and in the service log (once per message)."""
        import sys

        from kiosk.services.failures import describe_store_failure

        told = f"{lead}: {describe_store_failure(exc)} Please tell the facilitator."
        if told != self.problem:
            print(f"kiosk: the poll could not be saved: {told}", file=sys.stderr)
        self.problem = told

    # ----- painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(palette.PAPER))
        session = self.session
        if session is not None and self.strips:
            pressed = {hit for hit in self._presses.values() if hit is not None}
            for region in self.strips:
                assert region.seat is not None
                mode = self.strip_mode(region.seat)
                painter.save()
                painter.setTransform(region.transform)
                heading = session.poll.title if mode == DONE else session.stage.question
                counts = session.spread() if mode == REVEALED else None
                paint_strip(painter, region, session.stage, mode, heading, counts,
                            {t for r, t in pressed if r == region.name}, self.theme)
                painter.restore()
            painter.save()
            painter.setTransform(self.centre.transform)
            self._paint_centre(painter, session, {t for r, t in pressed if r == CENTRE})
            painter.restore()
        painter.end()

    def _paint_centre(self, painter: QPainter, session: PollSession, pressed: set[str]) -> None:
        t = self.theme
        region = self.centre
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.CARD))
        painter.drawRoundedRect(region.rect, t.px(20), t.px(20))
        pad = t.px(28)
        width = region.size.width() - 2 * pad
        buttons_top = min((r.top() for r in region.targets.values()),
                          default=region.size.height() - pad)
        if self.problem:
            buttons_top = self._paint_problem(painter, pad, width, buttons_top)
        if self.card_open and self.card is not None:
            self._paint_card_back(painter, self.card, pad, width, buttons_top)
        else:
            self._paint_stage(painter, session, pad, width, buttons_top)
        self._paint_buttons(painter, region, pressed)

    def _paint_problem(self, painter: QPainter, pad: float, width: float, bottom: float) -> float:
        font = self.theme.font(14, bold=True)
        lines = wrap_lines(self.problem, font, width, 2)
        top = bottom - QFontMetricsF(font).lineSpacing() * len(lines) - self.theme.px(8)
        painter.setPen(QColor(palette.WARN))
        draw_lines(painter, lines, font, pad, top, width)
        return top

    def _paint_stage(self, painter: QPainter, session: PollSession, pad: float, width: float,
                     bottom: float) -> None:
        t = self.theme
        stage = session.stage
        y = float(pad)
        eyebrow = (f"Case study · stage {session.stage_number} of {len(session.poll.stages)}"
                   f" · {stage.title}")
        painter.setPen(QColor(palette.INK_SOFT))
        y = draw_lines(painter, wrap_lines(eyebrow, t.font(14), width, 1), t.font(14), pad, y,
                       width)
        title = self.card.title if self.card is not None else session.poll.title
        painter.setPen(QColor(palette.INK))
        title_font = fit_font(t.font(28, bold=True), title, width, 1, 14)
        y = draw_lines(painter, wrap_lines(title, title_font, width, 1), title_font, pad, y,
                       width) + t.px(6)
        question_font = t.font(21, bold=True)
        question = wrap_lines(stage.question, question_font, width, 2)
        question_h = QFontMetricsF(question_font).lineSpacing() * len(question)
        spread_h = max(t.px(170), (bottom - y) * 0.48) if session.revealed else t.px(44)
        info_room = bottom - y - question_h - spread_h - t.px(20)
        info_font = t.font(19, minimum=12)
        line_h = QFontMetricsF(info_font).lineSpacing()
        max_lines = max(1, int(info_room // line_h))
        info_font = fit_font(info_font, stage.info, width, max_lines, 12)
        info = wrap_lines(stage.info, info_font, width, max(1, int(info_room //
                          QFontMetricsF(info_font).lineSpacing())))
        y = draw_lines(painter, info, info_font, pad, y, width) + t.px(10)
        painter.setPen(QColor(palette.ACCENT))
        y = draw_lines(painter, question, question_font, pad, y, width) + t.px(10)
        if session.finished:
            painter.setPen(QColor(palette.OK))
            done = "Every stage is answered. Tap Save and finish."
            draw_lines(painter, [done], t.font(17, bold=True), pad, y, width)
        elif session.revealed:
            counts = session.spread()
            painter.setPen(QColor(palette.INK_SOFT))
            note_font = t.font(16)
            y = draw_lines(painter, [spread_note(counts, session.seats)], note_font, pad, y,
                           width)
            paint_spread(painter, QRectF(pad, y, width, bottom - y - t.px(12)), stage,
                         counts, t)
        else:
            status = (f"{session.answered_count} of {session.seats} have answered. Answers "
                      "stay hidden until everyone has answered, or you tap Reveal.")
            painter.setPen(QColor(palette.INK_SOFT))
            font = t.font(16)
            draw_lines(painter, wrap_lines(status, font, width, 2), font, pad, y, width)

    def _paint_card_back(self, painter: QPainter, card: Card, pad: float, width: float,
                         bottom: float) -> None:
        t = self.theme
        painter.setPen(QColor(palette.INK))
        title_font = fit_font(t.font(26, bold=True), card.title, width, 1, 14)
        y = draw_lines(painter, [card.title], title_font, pad, pad, width) + t.px(6)
        parts = card.back() or [("", card.summary)]
        room = bottom - y - t.px(12)
        size = 17.0
        while True:  # the largest type at which the whole back fits
            head, body = t.font(size * 0.8, bold=True, minimum=9), t.font(size, minimum=9)
            head_h, body_h = (QFontMetricsF(f).lineSpacing() for f in (head, body))
            wrapped = [wrap_lines(text, body, width, 40) for _h, text in parts]
            needed = sum(head_h + body_h * len(lines) + t.px(6) for lines in wrapped)
            if needed <= room or size <= 9:
                break
            size -= 0.5
        for (heading, _text), lines in zip(parts, wrapped, strict=True):
            painter.setPen(QColor(palette.INK_SOFT))
            y = draw_lines(painter, [heading], head, pad, y, width)
            painter.setPen(QColor(palette.INK))
            y = draw_lines(painter, lines, body, pad, y, width) + t.px(6)

    def _paint_buttons(self, painter: QPainter, region: Region, pressed: set[str]) -> None:
        t = self.theme
        primary = self._centre_buttons()[-1][0] if self._centre_buttons() else None
        font = t.font(17, bold=True)
        painter.setFont(font)
        for name, rect in region.targets.items():
            down = name in pressed
            if name == primary and self._centre_buttons()[-1][2]:
                fill, ink, border = (palette.INK if down else palette.ACCENT), \
                    palette.ACCENT_INK, None
            else:
                fill, ink, border = ("#E4DCCD" if down else palette.CARD), palette.INK, \
                    palette.LINE
            painter.setPen(QPen(QColor(border), max(1.5, t.px(2))) if border
                           else Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), t.px(14), t.px(14))
            painter.setPen(QColor(ink))
            words = next(w for n, w, _p in self._centre_buttons() if n == name)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), words)
