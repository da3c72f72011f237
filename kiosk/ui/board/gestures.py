"""What one finger (or the mouse) is doing on the board, from press to release.

Each pointer gets its own gesture when it touches down, chosen by what lies under it: a
card (tap to read it, or drag it), the cut line, a button, or the open card back. Several
gestures run at once — two people can drag two cards — and each ends in at most one Ranking
operation, applied by the board when the finger lifts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QElapsedTimer, QPointF

if TYPE_CHECKING:
    from kiosk.ui.board.buttons import ButtonItem
    from kiosk.ui.board.card_back import CardBackItem
    from kiosk.ui.board.cards import CardItem

TRAY = "tray"  # a dragged card released here goes back to the tray
OUTSIDE = "outside"  # released here it snaps back to where it was
Target = int | str


class Board(Protocol):
    """What a gesture needs from the board widget."""

    slop: float

    def target_at(self, pos: QPointF) -> Target: ...
    def drag_started(self, gesture: CardDrag) -> None: ...
    def drag_retargeted(self, gesture: CardDrag) -> None: ...
    def drag_finished(self, gesture: CardDrag, cancelled: bool) -> None: ...
    def card_tapped(self, card_id: str) -> None: ...
    def cut_moved(self, gesture: CutDrag) -> None: ...
    def cut_finished(self, gesture: CutDrag, cancelled: bool) -> None: ...
    def gap_at(self, pos: QPointF) -> int: ...
    def button_clicked(self, name: str) -> None: ...
    def back_closed(self) -> None: ...
    def empty_tapped(self) -> None: ...


def _far(a: QPointF, b: QPointF, slop: float) -> bool:
    d = a - b
    return d.x() * d.x() + d.y() * d.y() > slop * slop


class Gesture:
    def __init__(self, board: Board, pos: QPointF) -> None:
        self.board = board
        self.start = QPointF(pos)
        self.moved = False

    def _check_moved(self, pos: QPointF) -> bool:
        if not self.moved and _far(pos, self.start, self.board.slop):
            self.moved = True
        return self.moved

    def move(self, pos: QPointF) -> None:
        self._check_moved(pos)

    def release(self, pos: QPointF) -> None:
        self._check_moved(pos)

    def cancel(self) -> None:
        pass


class CardDrag(Gesture):
    """A finger on a card: a tap turns it over; a move past the slop drags it."""

    def __init__(self, board: Board, pos: QPointF, item: CardItem, order: int) -> None:
        super().__init__(board, pos)
        self.item = item
        self.card = item.card_id
        self.grab = pos - item.pos()
        self.order = order  # start order, so overlapping previews compose predictably
        self.target: Target = OUTSIDE

    @property
    def dragging(self) -> bool:
        return self.moved

    def move(self, pos: QPointF) -> None:
        if not self.moved:
            if not self._check_moved(pos):
                return
            self.board.drag_started(self)
        self.item.setPos(pos - self.grab)
        target = self.board.target_at(pos)
        if target != self.target:
            self.target = target
            self.board.drag_retargeted(self)

    def release(self, pos: QPointF) -> None:
        if not self.moved and not _far(pos, self.start, self.board.slop):
            self.board.card_tapped(self.card)
            return
        self.move(pos)
        self.board.drag_finished(self, cancelled=False)

    def cancel(self) -> None:
        if self.moved:
            self.target = OUTSIDE
            self.board.drag_finished(self, cancelled=True)


class CutDrag(Gesture):
    """The acceptability line under a finger: it snaps from gap to gap as it moves and is
    set once, on release."""

    def __init__(self, board: Board, pos: QPointF, gap: int) -> None:
        super().__init__(board, pos)
        self.gap = gap

    def move(self, pos: QPointF) -> None:
        was_moving = self.moved
        if not self._check_moved(pos):
            return
        gap = self.board.gap_at(pos)
        if gap != self.gap or not was_moving:
            self.gap = gap
            self.board.cut_moved(self)

    def release(self, pos: QPointF) -> None:
        if self._check_moved(pos):
            self.gap = self.board.gap_at(pos)
            self.board.cut_finished(self, cancelled=False)
        else:
            self.board.cut_finished(self, cancelled=True)

    def cancel(self) -> None:
        self.board.cut_finished(self, cancelled=True)


class ButtonPress(Gesture):
    """A button works when the finger lifts still on it, like a real button."""

    def __init__(self, board: Board, pos: QPointF, button: ButtonItem) -> None:
        super().__init__(board, pos)
        self.button = button
        button.set_pressed(button.enabled)

    def _inside(self, pos: QPointF) -> bool:
        return self.button.scene_rect().contains(pos)

    def move(self, pos: QPointF) -> None:
        self.button.set_pressed(self.button.enabled and self._inside(pos))

    def release(self, pos: QPointF) -> None:
        self.button.set_pressed(False)
        if self.button.enabled and self._inside(pos):
            self.board.button_clicked(self.button.name)

    def cancel(self) -> None:
        self.button.set_pressed(False)


class BackTouch(Gesture):
    """A finger on the open card back: scroll its text, press Close, or tap outside it."""

    def __init__(self, board: Board, pos: QPointF, back: CardBackItem) -> None:
        super().__init__(board, pos)
        self.back = back
        self.region = back.region_at(pos)
        self.last = QPointF(pos)
        self.clock = QElapsedTimer()
        self.clock.start()
        self.samples: list[tuple[int, float]] = [(0, pos.y())]
        if self.region == "close":
            back.close_button.set_pressed(True)
        elif self.region == "body":
            back.stop_fling()

    def move(self, pos: QPointF) -> None:
        self._check_moved(pos)
        if self.region == "close":
            self.back.close_button.set_pressed(self.back.region_at(pos) == "close")
        elif self.region == "body" and self.moved:
            self.back.scroll_by(self.last.y() - pos.y())
            now = self.clock.elapsed()
            self.samples = [s for s in self.samples if now - s[0] <= 100] + [(now, pos.y())]
        self.last = QPointF(pos)

    def release(self, pos: QPointF) -> None:
        self.move(pos)
        if self.region == "close":
            self.back.close_button.set_pressed(False)
            if self.back.region_at(pos) == "close":
                self.board.back_closed()
        elif self.region == "outside" and not self.moved:
            self.board.back_closed()
        elif self.region == "body" and self.moved and len(self.samples) > 1:
            (t0, y0), (t1, y1) = self.samples[0], self.samples[-1]
            velocity = (y0 - y1) / max(16, t1 - t0)
            if abs(velocity) > 0.2:
                self.back.fling(velocity, self.back.fling_ms)

    def cancel(self) -> None:
        self.back.close_button.set_pressed(False)


class EmptyTap(Gesture):
    """A tap on the bare table clears the selection."""

    def release(self, pos: QPointF) -> None:
        super().release(pos)
        if not self.moved:
            self.board.empty_tapped()


class Ignored(Gesture):
    """A second finger on a card someone is already dragging."""
