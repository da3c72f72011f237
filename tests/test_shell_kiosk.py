"""Kiosk mode: nothing a table can press closes the window; only the facilitator's
"Leave kiosk" (behind the PIN) does. `--windowed` is a normal window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_pin_pad import type_pin

from tests.shell_support import hold_corner, open_kiosk, place, tap

K, M = Qt.Key, Qt.KeyboardModifier


def test_close_requests_are_ignored_in_kiosk_mode(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", kiosk_mode=True)
    window = kiosk.window
    assert window.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(window, event)  # what a window manager's close button sends
    assert not event.isAccepted()
    assert window.isVisible()
    kiosk.close()


@pytest.mark.parametrize("screen", ["start", "board", "criteria"])
@pytest.mark.parametrize("key, modifiers", [(K.Key_Escape, M.NoModifier),
                                            (K.Key_Q, M.ControlModifier),
                                            (K.Key_W, M.ControlModifier),
                                            (K.Key_F4, M.AltModifier)])
def test_closing_keys_do_nothing(qtbot, tmp_path, screen, key, modifiers):
    kiosk = open_kiosk(qtbot, tmp_path / "data", kiosk_mode=True)
    window = kiosk.window
    if screen != "start":
        tap(qtbot, window.start_screen.start_button)
    if screen == "criteria":
        for slot, card in enumerate("123456"):
            place(window.board, card, slot)
        window.board.done_requested.emit()
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifiers)
    QTest.keyClick(window, key, modifiers)
    assert window.isVisible() and window.screen_name == screen
    kiosk.close()


def test_leave_kiosk_needs_the_pin_and_then_closes(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", kiosk_mode=True)
    window = kiosk.window
    kiosk.session.set_pin("2468")
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    area = window.facilitator.area
    with qtbot.waitSignal(window.left):
        tap(qtbot, area.leave_button)
    assert not window.isVisible()
    kiosk.store.close()


def test_windowed_mode_closes_normally_keeping_the_draft(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", kiosk_mode=False)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    place(window.board, "5", 0)
    with qtbot.waitSignal(window.left):
        assert window.close() is True
    assert kiosk.store.get_draft(kiosk.session.slot)["log"][0]["card"] == "5"
    kiosk.store.close()


def visible_buttons(window, screen):
    from PySide6.QtWidgets import QAbstractButton

    return [b for b in screen.findChildren(QAbstractButton) if b.isVisible()]


def test_every_shell_button_is_a_touch_target(qtbot, tmp_path):
    for size in ((1366, 768), (1920, 1080), (3840, 2160)):
        kiosk = open_kiosk(qtbot, tmp_path / f"data{size[0]}", size=size)
        window = kiosk.window
        minimum = max(48, round(9 / 25.4 * window.theme.dpi))
        buttons = visible_buttons(window, window.start_screen)
        tap(qtbot, window.start_screen.start_button)
        for slot, card in enumerate("123456"):
            place(window.board, card, slot)
        window.board.done_requested.emit()
        tap(qtbot, next(iter(window.criteria_screen.chips.values())))
        buttons += visible_buttons(window, window.criteria_screen)
        window.pin_pad.open()
        QApplication.processEvents()
        buttons += visible_buttons(window, window.pin_pad)
        assert len(buttons) > 30
        for button in buttons:
            assert button.height() >= minimum, (size, button.text(), button.height())
            assert button.width() >= minimum, (size, button.text(), button.width())
        window.pin_pad.close_pad()
        kiosk.close()
