"""The board without dragging: keys for the facilitator's laptop and for anyone who cannot
drag. Tab / Shift+Tab choose a card (the ladder from the top, then the tray); Up / Down move
it a place (a tray card goes to the first / last free place); Right puts a tray card on the
first free place; Left, Delete or Backspace take it back to the tray; Enter or Space turn it
over; Escape closes the card back or clears the choice; Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z
redo. With a card's back open, Up / Down / Page Up / Page Down scroll it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

if TYPE_CHECKING:
    from kiosk.ui.board.widget import BoardWidget


def handle_key(board: BoardWidget, event: QKeyEvent) -> bool:
    """Apply a key press; False when the key means nothing to the board."""
    key = event.key()
    K = Qt.Key
    r = board.ranking
    back = board.scene.back
    if event.matches(QKeySequence.StandardKey.Undo):
        board.apply(r.undo())
        return True
    if event.matches(QKeySequence.StandardKey.Redo) or (
            key == K.Key_Y and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
        board.apply(r.redo())
        return True
    if back.is_open:
        page = back.body.height() * 0.8
        line = board.scene.theme.px(60)
        steps: dict[int, float] = {K.Key_Up: -line, K.Key_Down: line,
                                   K.Key_PageUp: -page, K.Key_PageDown: page}
        if key in steps:
            back.scroll_by(steps[key])
        elif key in (K.Key_Escape, K.Key_Return, K.Key_Enter, K.Key_Space):
            board.back_closed()
        return True
    if key in (K.Key_Tab, K.Key_Backtab):
        backwards = key == K.Key_Backtab or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        select_next(board, -1 if backwards else 1)
        return True
    if key == K.Key_Escape:
        board.select_card(None)
        return True
    card = board.selected_card
    if key in (K.Key_Up, K.Key_Down):
        if card is None:
            select_next(board, 1)
        else:
            board.apply(r.nudge(card, -1 if key == K.Key_Up else 1))
        return True
    if card is None:
        return False
    if key == K.Key_Right and r.slot_of(card) is None:
        board.apply(r.nudge(card, 1))
    elif key in (K.Key_Left, K.Key_Delete, K.Key_Backspace):
        board.apply(r.drop(card, None))
    elif key in (K.Key_Return, K.Key_Enter, K.Key_Space):
        board.open_back(card)
    else:
        return False
    return True


def select_next(board: BoardWidget, step: int) -> None:
    """Cycle through the cards in reading order: the ladder from the top, then the tray."""
    r = board.ranking
    order = [c for c in r.ladder if c is not None] + r.tray
    if board.selected_card in order:
        index = (order.index(board.selected_card) + step) % len(order)
    else:
        index = 0 if step > 0 else len(order) - 1
    board.select_card(order[index])
