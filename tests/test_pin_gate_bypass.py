"""The facilitator's area cannot be reached from the participants' screens without the PIN:
not by keys, not by tapping every button a table can see, not by holding any other corner,
not by a wrong PIN, not by cancelling the pad."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from test_pin_pad import type_pin

from tests.board_support import button_centre, click
from tests.shell_support import hold_corner, open_kiosk, place, tap

K, M = Qt.Key, Qt.KeyboardModifier
KEYS = [(K.Key_Escape, M.NoModifier), (K.Key_Q, M.ControlModifier),
        (K.Key_W, M.ControlModifier), (K.Key_F4, M.AltModifier),
        (K.Key_Return, M.NoModifier), (K.Key_Tab, M.NoModifier),
        (K.Key_P, M.ControlModifier | M.AltModifier)] + [
    (getattr(K, f"Key_F{n}"), M.NoModifier) for n in range(1, 13)]


def not_behind_the_pin(window) -> bool:
    return window.screen_name != "facilitator" and window.facilitator is None


def reach(qtbot, window, screen: str) -> None:
    if screen != "start":
        tap(qtbot, window.start_screen.start_button)
    if screen == "criteria":
        for slot, card in enumerate("123456"):
            place(window.board, card, slot)
        window.board.done_requested.emit()
    assert window.screen_name == screen


@pytest.mark.parametrize("screen", ["start", "board", "criteria"])
def test_no_key_and_no_visible_button_opens_the_facilitators_area(qtbot, tmp_path, screen):
    kiosk = open_kiosk(qtbot, tmp_path / "data", kiosk_mode=True, facilitator=True)
    kiosk.session.set_pin("2468")
    window = kiosk.window
    reach(qtbot, window, screen)
    for key, modifiers in KEYS:
        QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)
        assert not_behind_the_pin(window), (screen, key)
    current = {"start": window.start_screen, "board": window.board,
               "criteria": window.criteria_screen}[screen]
    for button in [b for b in current.findChildren(QAbstractButton) if b.isVisible()]:
        if button.isVisible() and button.isEnabled():
            tap(qtbot, button)
        assert not_behind_the_pin(window), (screen, button.text())
    if screen == "board":  # the board's own buttons are drawn in its scene
        board = window.board
        for name in [n for n in board.buttons if n != "done"]:
            click(board, button_centre(board, name))
            assert not_behind_the_pin(window), name
    kiosk.close()


def test_holding_the_other_corners_opens_nothing(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True, hold_ms=60)
    kiosk.session.set_pin("2468")
    window = kiosk.window
    w, h = window.width(), window.height()
    for point in (QPoint(w - 6, 6), QPoint(6, h - 6), QPoint(w - 6, h - 6), QPoint(w // 2, 6)):
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        assert not window.corner.pressing
        QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           point)
        assert not window.pin_pad.isVisible() and not_behind_the_pin(window)
    kiosk.close()


def test_a_wrong_pin_or_cancel_leaves_the_table_where_it_was(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True)
    kiosk.session.set_pin("2468")
    window = kiosk.window
    reach(qtbot, window, "board")
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "8642")
    assert window.pin_pad.isVisible() and not_behind_the_pin(window)
    tap(qtbot, window.pin_pad.cancel_button)
    assert not window.pin_pad.isVisible() and not_behind_the_pin(window)
    assert window.screen_name == "board"
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    assert window.screen_name == "facilitator"
    kiosk.close()
